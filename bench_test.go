package sgmap_test

import (
	"bytes"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// The large demo as JSON is what a stored snapshot of a big account looks
// like: these measure loading one (server start, uploads) and indexing it.

func BenchmarkParseSnapshot_Large(b *testing.B) {
	data := mustEncode(b, demo.Large())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := sgmap.ParseSnapshot(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode_Large(b *testing.B) {
	s := demo.Large()
	s.Normalize()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := s.Encode(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkNormalize_Large(b *testing.B) {
	s := demo.Large()
	for b.Loop() {
		s.Normalize()
	}
}

func BenchmarkNewIndex_Large(b *testing.B) {
	s := demo.Large()
	for b.Loop() {
		sgmap.NewIndex(s)
	}
}
