package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
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
	home := do(t, s, "GET", "/", nil).Body.String()
	if strings.Count(home, `data-snapshot="`+ids[0]+`"`) != 1 || !strings.Contains(home, `class="seen-again">unchanged 1 more time(s)`) {
		t.Errorf("home page does not show %s once, seen again once", ids[0])
	}
}

// TestAPIDelete: DELETE /api/snapshots/{id} needs the token like other
// writes, removes the snapshot (404 afterwards, and for unknown ids or
// demos) and drops its cached diagrams.
func TestAPIDelete(t *testing.T) {
	const token = "del-token"
	s := mustServer(t, Config{Demos: true, Token: token})
	auth := []string{"Authorization", "Bearer " + token}
	w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(mustDemoJSON(t, "article")), auth...)
	var out struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	svg := "/snapshots/" + out.ID + "/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg"
	if w := do(t, s, "GET", svg, nil, auth...); w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", svg, w.Code)
	}
	cached, _ := s.cache.stats()
	if w := do(t, s, "DELETE", "/api/snapshots/"+out.ID, nil); w.Code != http.StatusUnauthorized {
		t.Errorf("DELETE without the token = %d, want 401", w.Code)
	}
	if w := do(t, s, "DELETE", "/api/snapshots/"+out.ID, nil, "Authorization", "Bearer "+token, "Origin", "http://evil.example"); w.Code != http.StatusForbidden {
		t.Errorf("DELETE from another site = %d, want 403", w.Code)
	}
	if w := do(t, s, "DELETE", "/api/snapshots/"+out.ID, nil, auth...); w.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s, want 204", w.Code, w.Body)
	}
	if after, _ := s.cache.stats(); after >= cached {
		t.Errorf("cache holds %d items after the delete, had %d: the snapshot's were not dropped", after, cached)
	}
	for _, path := range []string{"/snapshots/" + out.ID, svg} {
		if w := do(t, s, "GET", path, nil, auth...); w.Code != http.StatusNotFound {
			t.Errorf("GET %s after delete = %d, want 404", path, w.Code)
		}
	}
	for _, id := range []string{out.ID, "nope", "demo-article", "latest"} {
		if w := do(t, s, "DELETE", "/api/snapshots/"+id, nil, auth...); w.Code != http.StatusNotFound {
			t.Errorf("DELETE %s = %d %s, want 404", id, w.Code, w.Body)
		}
	}
	if w := do(t, s, "GET", "/snapshots/demo-article", nil, auth...); w.Code != http.StatusOK {
		t.Errorf("demo after DELETE demo-article = %d, want 200", w.Code)
	}
}
