package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// TestUpload_Deduplicated: the same snapshot uploaded twice is stored once;
// the second upload answers 200 with the first one's id and is recorded as
// seen again (docs/http.md, "Snapshot series").
func TestUpload_Deduplicated(t *testing.T) {
	s := mustServer(t, Config{})
	body := mustDemoJSON(t, "article")
	var ids []string
	for i, want := range []int{http.StatusCreated, http.StatusOK} {
		w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(body))
		var out struct {
			ID           string `json:"id"`
			Deduplicated bool   `json:"deduplicated"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || w.Code != want || out.Deduplicated != (i == 1) {
			t.Fatalf("upload %d = %d %s, want %d", i+1, w.Code, w.Body, want)
		}
		if loc := w.Header().Get("Location"); loc != "/snapshots/"+out.ID {
			t.Errorf("upload %d Location = %q", i+1, loc)
		}
		ids = append(ids, out.ID)
	}
	if ids[0] != ids[1] {
		t.Errorf("second upload got id %q, want the first's %q", ids[1], ids[0])
	}
	var list []apiSnapshot
	if err := json.Unmarshal(do(t, s, "GET", "/api/snapshots", nil).Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, l := range list {
		if !l.IsDemo {
			stored++
			if l.SeenAgain != 1 || l.Series != "123456789012/eu-west-1/upload" || l.LastSeen.IsZero() {
				t.Errorf("listed %+v, want seen_again 1, series 123456789012/eu-west-1/upload, last_seen", l)
			}
		}
	}
	if stored != 1 {
		t.Errorf("%d stored snapshots listed after two identical uploads, want 1", stored)
	}
}
