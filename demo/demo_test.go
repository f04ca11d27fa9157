package demo

import (
	"bytes"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestDemos_RoundTrip checks every demo validates and survives JSON
// encoding and decoding unchanged.
func TestDemos_RoundTrip(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			s, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			var a bytes.Buffer
			if err := s.Encode(&a); err != nil {
				t.Fatal(err)
			}
			back, err := sgmap.ParseSnapshot(a.Bytes())
			if err != nil {
				t.Fatalf("ParseSnapshot: %v", err)
			}
			var b bytes.Buffer
			if err := back.Encode(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("demo JSON changes on a round trip")
			}
		})
	}
}

func TestGet_Unknown(t *testing.T) {
	_, err := Get("nope")
	if sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Fatalf("Get(nope) error code = %q, want %q (err %v)", sgmap.ErrorCode(err), sgmap.ENOTFOUND, err)
	}
}
