package graph

import (
	"errors"
	"testing"
)

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteDOT_WriterError(t *testing.T) {
	g := mustBuild(t, mustLoad(t, "article"), "", Options{})
	err := WriteDOT(failWriter{}, g)
	if err == nil || err.Error() != "write dot: disk full" {
		t.Errorf("WriteDOT to a failing writer = %v, want the wrapped write error", err)
	}
}
