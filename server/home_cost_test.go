package server

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/sgmap/sgmap/store"
)

// TestHome_DoesNotReparse checks that listing many stored snapshots does not
// parse them again on every page load: finding counts are cached by content
// hash, and the store keeps only a few parsed snapshots.
func TestHome_DoesNotReparse(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := mustServer(t, Config{Store: st})
	for i := range 12 {
		// Distinct content: identical uploads are stored once.
		body := bytes.Replace(mustDemoJSON(t, "article"), []byte(`"description": "`), []byte(fmt.Sprintf(`"description": "edit %d `, i)), 1)
		if w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(body)); w.Code != http.StatusCreated {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
	}
	if w := do(t, s, "GET", "/", nil); w.Code != http.StatusOK {
		t.Fatalf("GET /: %d", w.Code)
	}
	before := st.Parses()
	for range 3 {
		do(t, s, "GET", "/", nil)
	}
	if after := st.Parses(); after != before {
		t.Errorf("three home pages parsed %d snapshot files again", after-before)
	}
}
