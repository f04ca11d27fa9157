package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// articleSeries stores three snapshots of the article VPC an hour apart:
// the article; SSH opened to the world and the 9999 rule removed (2 rule
// changes); one rule's description edited (1 change). It returns their ids.
func articleSeries(t *testing.T, s *Server) [3]string {
	t.Helper()
	var ids [3]string
	for i := range ids {
		snap, err := demo.Get("article")
		if err != nil {
			t.Fatal(err)
		}
		snap.ID, snap.Source = "", ""
		snap.TakenAt = snap.TakenAt.Add(time.Duration(i) * time.Hour)
		if i > 0 {
			g := &snap.Groups[0]
			for k := range snap.Groups {
				if snap.Groups[k].ID == "sg-0a1b2c3d4e5f60001" {
					g = &snap.Groups[k]
				}
			}
			var kept []sgmap.Rule
			for _, r := range g.Rules {
				if r.Direction != sgmap.Ingress || r.FromPort != 9999 {
					kept = append(kept, r)
				}
			}
			g.Rules = append(kept, sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "debug"})
			if i == 2 {
				g.Rules[len(g.Rules)-1].Description = "debug, until Friday"
			}
		}
		snap.Normalize()
		ids[i] = mustSave(t, s, snap)
	}
	return ids
}

func TestDiffRoutes(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	ids := articleSeries(t, s)
	base := "/snapshots/" + ids[0] + "/diff/" + ids[1]

	w := do(t, s, "GET", base, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("diff page: %d %s", w.Code, w.Body)
	}
	checkHeaders(t, "diff page", w)
	page := w.Body.String()
	for _, want := range []string{"2 rule changes", `data-change="added"`, `data-change="removed"`, `data-finding="admin-port-open"`,
		`src="` + base + `/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg"`, `href="` + base + `.json"`, "0.0.0.0/0"} {
		if !strings.Contains(page, want) {
			t.Errorf("diff page lacks %q", want)
		}
	}

	w = do(t, s, "GET", base+".json", nil)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" || w.Header().Get("ETag") == "" {
		t.Fatalf("diff.json: %d %q etag %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("ETag"))
	}
	var js struct {
		From, To string
		Summary  struct{ Rules int }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &js); err != nil || js.Summary.Rules != 2 || js.From != ids[0] || js.To != ids[1] {
		t.Errorf("diff.json: %+v %v", js, err)
	}
	if w2 := do(t, s, "GET", base+".json", nil, "If-None-Match", w.Header().Get("ETag")); w2.Code != http.StatusNotModified {
		t.Errorf("diff.json with its ETag: %d, want 304", w2.Code)
	}

	w = do(t, s, "GET", base+"/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg", nil)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/svg+xml" || w.Header().Get("Content-Security-Policy") != svgCSP {
		t.Fatalf("diff svg: %d %q csp %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Security-Policy"))
	}
	doc, err := svgcheck.Parse(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range doc.Edges {
		for _, c := range []string{"added", "removed", "changed", "unchanged"} {
			if e.HasClass(c) {
				counts[c]++
			}
		}
	}
	if counts["added"] != 2 || counts["removed"] != 1 || counts["unchanged"] == 0 {
		t.Errorf("diff svg edges by change: %v, want 2 added (SSH, the now one-sided 9999), 1 removed", counts)
	}
	if w2 := do(t, s, "GET", base+"/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg", nil, "If-None-Match", w.Header().Get("ETag")); w2.Code != http.StatusNotModified {
		t.Errorf("diff svg with its ETag: %d, want 304", w2.Code)
	}

	for path, code := range map[string]int{
		"/snapshots/" + ids[0] + "/diff/nope":      http.StatusNotFound,
		"/snapshots/nope/diff/" + ids[1] + ".json": http.StatusNotFound,
		base + "/vpcs/vpc-nope/diagram.svg":        http.StatusNotFound,
		"/snapshots/" + ids[1] + "/diff/" + ids[1]: http.StatusOK,
	} {
		if w := do(t, s, "GET", path, nil); w.Code != code {
			t.Errorf("%s: %d, want %d", path, w.Code, code)
		}
	}
	if w := do(t, s, "GET", "/snapshots/"+ids[1]+"/diff/"+ids[1], nil); !strings.Contains(w.Body.String(), `id="diff-none"`) {
		t.Error("a snapshot against itself does not say nothing changed")
	}
}

func TestHistoryPage(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	ids := articleSeries(t, s)
	hist := "/snapshots/" + ids[2] + "/vpcs/vpc-0a1b2c3d4e5f60718/history"
	w := do(t, s, "GET", hist, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("history: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	// The stored series is the timeline, oldest first; the demos of the
	// same account and VPC are not.
	var entries []string
	for _, m := range regexp.MustCompile(`class="entry[^"]*" data-snapshot="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		entries = append(entries, m[1])
	}
	if strings.Join(entries, " ") != strings.Join(ids[:], " ") {
		t.Fatalf("timeline %v, want %v", entries, ids)
	}
	var steps []string
	for _, m := range regexp.MustCompile(`data-changes="(-?\d+)"`).FindAllStringSubmatch(body, -1) {
		steps = append(steps, m[1])
	}
	if got := strings.Join(steps, " "); got != "2 1" {
		t.Errorf("changes between neighbours %q, want \"2 1\"", got)
	}
	if !strings.Contains(body, `href="/snapshots/`+ids[1]+`/diff/`+ids[2]+`"`) {
		t.Error("no link to the last step's diff")
	}
	w = do(t, s, "GET", hist+"?from="+ids[0]+"&to="+ids[2], nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/snapshots/"+ids[0]+"/diff/"+ids[2] {
		t.Errorf("compare two: %d → %q", w.Code, w.Header().Get("Location"))
	}
	// The snapshot page links to the diff with the previous one and to
	// the VPC's history.
	page := do(t, s, "GET", "/snapshots/"+ids[2], nil).Body.String()
	for _, want := range []string{`href="/snapshots/` + ids[1] + `/diff/` + ids[2] + `"`, `href="` + hist + `"`} {
		if !strings.Contains(page, want) {
			t.Errorf("snapshot page lacks %s", want)
		}
	}
}

// TestDiffRoutes_HostileNames: a group renamed to markup shows as text on
// the diff page, and its visual diff (with the "was …" line) is served,
// which it only is after svgcheck.CheckSafe.
func TestDiffRoutes_HostileNames(t *testing.T) {
	s := mustServer(t, Config{})
	ids := articleSeries(t, s)
	stored, _, err := s.store.Load(ids[1])
	if err != nil {
		t.Fatal(err)
	}
	var snap *sgmap.Snapshot // a copy: the store may hand out the one it caches
	if b, err := json.Marshal(stored); err != nil || json.Unmarshal(b, &snap) != nil {
		t.Fatal(err)
	}
	const evil = `<img src=x onerror=alert(1)>"&`
	snap.ID = ""
	snap.TakenAt = snap.TakenAt.Add(time.Minute)
	for i := range snap.Groups {
		if snap.Groups[i].ID == "sg-0a1b2c3d4e5f60001" {
			snap.Groups[i].Name = evil
		}
	}
	id := mustSave(t, s, snap)
	base := "/snapshots/" + ids[1] + "/diff/" + id
	w := do(t, s, "GET", base, nil)
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "<img src=x") || !strings.Contains(w.Body.String(), "&lt;img src=x") {
		t.Errorf("diff page: %d, the renamed group's markup not shown as text", w.Code)
	}
	w = do(t, s, "GET", base+"/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg", nil)
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "<img") {
		t.Errorf("diff svg: %d", w.Code)
	}
	if err := svgcheck.CheckSafe(w.Body.Bytes()); err != nil {
		t.Error(err)
	}
}
