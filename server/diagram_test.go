package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/static"
)

const articleVPC = "vpc-0a1b2c3d4e5f60718"

const articleBase = "/snapshots/demo-article/vpcs/" + articleVPC

func TestDiagramRoutes(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v1"})
	tests := []struct {
		name, path string
		status     int
		ctype      string
		want       []string
	}{
		{"page", articleBase, 200, "text/html; charset=utf-8", []string{
			`<main id="diagram-page" data-snapshot="demo-article" data-vpc="` + articleVPC + `"`,
			`data-svg-url="` + articleBase + `/diagram.svg?view=overview"`,
			`<form id="view-controls" method="get">`, `<select name="view">`, `name="egress" value="1"`,
			`<select name="focus">`, `<option value="" selected>`, `>game-servers-production</option>`,
			`name="findings" value="1"`, `<noscript><button type="submit">`,
			`<input id="search" type="search"`, `<ul id="search-results">`,
			`id="zoom-in"`, `id="zoom-out"`, `id="zoom-fit"`, `<a id="download-svg" href="` + articleBase + `/diagram.svg?view=overview" download`,
			`<a id="download-dot"`, `<button id="copy-embed" type="button" data-url="http://example.com` + articleBase + `/diagram.svg?view=overview"`,
			`<div id="viewport"><div id="canvas"><svg`, `<aside id="panel" hidden>`, `id="panel-close"`, `<div id="panel-body">`,
			`<div id="tooltip" role="tooltip" hidden>`, `data-page-data-url="/snapshots/demo-article/vpcs/`,
			`<script type="module" src="/static/js/diagram.js?v=` + static.Hash() + `"></script>`}},
		{"page detail with focus", articleBase + "?view=detail&focus=game-servers-production&egress=1&findings=1", 200, "text/html; charset=utf-8", []string{
			`data-svg-url="` + articleBase + `/diagram.svg?egress=1&amp;findings=1&amp;focus=game-servers-production&amp;view=detail"`,
			`<option value="detail" selected>`, `selected>game-servers-production</option>`}},
		{"svg", articleBase + "/diagram.svg", 200, "image/svg+xml", []string{"<svg", "game&#45;servers&#45;production"}},
		{"dot", articleBase + "/diagram.dot?view=detail", 200, "text/vnd.graphviz; charset=utf-8", []string{"digraph", "compound=true"}},
		{"graph json", articleBase + "/graph.json", 200, "application/json", []string{`"snapshot": "demo-article"`, `"vpc": "` + articleVPC + `"`}},
		{"unknown vpc", "/snapshots/demo-article/vpcs/vpc-nope", 404, "text/html; charset=utf-8", []string{"no VPC"}},
		{"unknown vpc svg", "/snapshots/demo-article/vpcs/vpc-nope/diagram.svg", 404, "text/plain; charset=utf-8", []string{"no VPC"}},
		{"unknown snapshot json", "/snapshots/nope/vpcs/" + articleVPC + "/graph.json", 404, "application/json", []string{`"not_found"`}},
		{"bad view", articleBase + "?view=foo", 400, "text/html; charset=utf-8", []string{"view must be map, overview or detail"}},
		{"bad view svg", articleBase + "/diagram.svg?view=%3Cscript%3E", 400, "text/plain; charset=utf-8", []string{"view must be"}},
		{"bad egress", articleBase + "/diagram.dot?egress=maybe", 400, "text/plain; charset=utf-8", []string{"egress must be"}},
		{"unknown focus", articleBase + "/diagram.svg?focus=sg-nope", 404, "text/plain; charset=utf-8", []string{"no group"}},
		{"latest", "/snapshots/latest/vpcs/" + articleVPC + "/diagram.svg", 200, "image/svg+xml", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, "GET", tt.path, nil)
			if w.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d; body:\n%.800s", tt.path, w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", ct, tt.ctype)
			}
			for _, sub := range tt.want {
				if !strings.Contains(w.Body.String(), sub) {
					t.Errorf("body lacks %q", sub)
				}
			}
			if strings.Contains(tt.path, "diagram.svg") && w.Code == 200 {
				if got := w.Header().Get("Content-Security-Policy"); got != svgCSP {
					t.Errorf("SVG CSP = %q, want %q", got, svgCSP)
				}
				if w.Header().Get("X-Frame-Options") != "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("SVG framing/nosniff headers wrong: %v", w.Header())
				}
			} else {
				checkHeaders(t, tt.name, w)
			}
		})
	}
}

// cliBytes builds what `sgmap render` writes for the demo: graph.Build,
// graph.WriteDOT, the renderer.
func cliBytes(t *testing.T, name, vpc string, opt graph.Options) (dot, svg, js []byte) {
	t.Helper()
	snap, err := demo.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	opt.SnapshotID = snap.ID
	g, err := graph.Build(snap, vpc, opt)
	if err != nil {
		t.Fatal(err)
	}
	var d, j bytes.Buffer
	if err := graph.WriteDOT(&d, g); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&j)
	enc.SetIndent("", "  ")
	enc.Encode(g)
	out, err := testRenderer.SVG(context.Background(), d.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return d.Bytes(), out, j.Bytes()
}

func TestDiagramSVG_SameBytesAsCLI(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	for _, tt := range []struct {
		query string
		opt   graph.Options
	}{
		{"", graph.Options{View: graph.Overview}},
		{"?view=detail&egress=1", graph.Options{View: graph.Detail, Egress: true}},
		{"?focus=game-servers-production", graph.Options{View: graph.Overview, Focus: "game-servers-production"}},
	} {
		dot, svg, js := cliBytes(t, "article", articleVPC, tt.opt)
		for file, want := range map[string][]byte{"diagram.svg": svg, "diagram.dot": dot, "graph.json": js} {
			w := do(t, s, "GET", articleBase+"/"+file+tt.query, nil)
			if !bytes.Equal(w.Body.Bytes(), want) {
				t.Errorf("%s%s differs from the CLI's bytes (%d vs %d bytes)", file, tt.query, w.Body.Len(), len(want))
			}
		}
		page := do(t, s, "GET", articleBase+tt.query, nil).Body.String()
		if !strings.Contains(page, `<div id="canvas">`+string(InlineSVG(svg))+`</div>`) {
			t.Errorf("page%s does not inline the exact SVG", tt.query)
		}
	}
}

func TestDiagramSVG_ETag(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	w := do(t, s, "GET", articleBase+"/diagram.svg", nil)
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("ETag %q Cache-Control %q", etag, w.Header().Get("Cache-Control"))
	}
	w2 := do(t, s, "GET", articleBase+"/diagram.svg", nil, "If-None-Match", etag)
	if w2.Code != http.StatusNotModified || w2.Body.Len() != 0 {
		t.Errorf("If-None-Match %s = %d with %d bytes, want 304 empty", etag, w2.Code, w2.Body.Len())
	}
	w3 := do(t, s, "GET", articleBase+"/diagram.svg", nil, "If-None-Match", `"other"`)
	if w3.Code != 200 {
		t.Errorf("stale If-None-Match = %d, want 200", w3.Code)
	}
	w4 := do(t, s, "GET", articleBase+"/diagram.svg?view=detail", nil)
	if w4.Header().Get("ETag") == etag {
		t.Errorf("detail view has the overview's ETag")
	}
	if got := do(t, s, "GET", "/snapshots/latest/vpcs/"+articleVPC+"/diagram.svg", nil).Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("latest Cache-Control = %q, want no-cache", got)
	}
}

var pageDataRE = regexp.MustCompile(`<main id="diagram-page"[^>]* data-page-data-url="([^"]+)"`)

// mustPageData fetches and decodes the page data the diagram page names
// in its data-page-data-url.
func mustPageData(t *testing.T, s http.Handler, page string) map[string]any {
	t.Helper()
	u := pageDataURL(t, page)
	w := do(t, s, "GET", u, nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s = %d %s", u, w.Code, w.Header().Get("Content-Type"))
	}
	var d map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
		t.Fatalf("page data is not JSON: %v\n%.300s", err, w.Body)
	}
	return d
}

// statusURLRE finds the render status URL of a diagram page.
var statusURLRE = regexp.MustCompile(`<main id="diagram-page"[^>]* data-status-url="([^"]+)"`)

// pageDataURL is the page data URL a diagram page names.
func pageDataURL(t *testing.T, page string) string {
	t.Helper()
	m := pageDataRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the diagram page names no data-page-data-url")
	}
	return html.UnescapeString(m[1])
}

func TestDiagramPage_PageData(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	page := do(t, s, "GET", articleBase+"?view=detail", nil).Body.String()
	d := mustPageData(t, s, page)
	var graphJSON any
	json.Unmarshal(do(t, s, "GET", articleBase+"/graph.json?view=detail", nil).Body.Bytes(), &graphJSON)
	if diff := cmp.Diff(graphJSON, d["graph"]); diff != "" {
		t.Errorf("page-data graph differs from graph.json (-json +page):\n%s", diff)
	}
	if d["snapshot"] != "demo-article" || d["vpc"] != articleVPC || d["view"] != "detail" || d["egress"] != false {
		t.Errorf("page-data view fields: %v %v %v %v", d["snapshot"], d["vpc"], d["view"], d["egress"])
	}
	snap, _ := demo.Get("article")
	var game *sgmap.SecurityGroup
	for i := range snap.Groups {
		if snap.Groups[i].Name == "game-servers-production" {
			game = &snap.Groups[i]
		}
	}
	g := d["groups"].(map[string]any)[game.ID].(map[string]any)
	if g["name"] != "game-servers-production" || g["description"] != game.Description {
		t.Errorf("group page data = %v", g)
	}
	var names []string
	for _, m := range g["members"].([]any) {
		mm := m.(map[string]any)
		names = append(names, mm["name"].(string))
		enis := mm["enis"].([]any)
		if len(enis) != 1 || len(enis[0].(map[string]any)["private_ips"].([]any)) == 0 {
			t.Errorf("member %v: want one ENI with IPs", mm["name"])
		}
	}
	if diff := cmp.Diff([]string{"game-1", "game-2", "game-3", "game-4"}, names); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	ingress := g["ingress"].([]any)
	if len(ingress) != 2 {
		t.Fatalf("game-servers ingress = %v, want 2 rules", ingress)
	}
	for _, r := range ingress {
		r := r.(map[string]any)
		if r["description"] == "" || r["peer_name"] == "" || !strings.HasPrefix(r["rule_id"].(string), "sgr-") {
			t.Errorf("ingress rule %v lacks description, peer name or id", r)
		}
	}
	edges := d["edges"].(map[string]any)
	found := false
	for _, e := range edges {
		e := e.(map[string]any)
		if e["label"] == "TCP 8443" && e["kind"] == "rule" {
			found = true
			if rules := e["rules"].([]any); len(rules) == 0 || rules[0].(map[string]any)["description"] == "" {
				t.Errorf("TCP 8443 edge rules = %v", rules)
			}
		}
	}
	if !found {
		t.Errorf("no TCP 8443 rule edge in page data: %v", edges)
	}
	nodes := d["nodes"].(map[string]any)
	if len(nodes) < 7 {
		t.Errorf("page data has %d nodes, want at least 7 (4 instances, ALB, 2 tasks or service, Internet)", len(nodes))
	}
}

// countingRenderer counts renders of the real renderer it wraps.
type countingRenderer struct {
	Renderer
	n atomic.Int32
}

func (c *countingRenderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	c.n.Add(1)
	return c.Renderer.SVG(ctx, dot)
}

func TestDiagramSVG_RendersOnce(t *testing.T) {
	cr := &countingRenderer{Renderer: testRenderer}
	s := mustServer(t, Config{Demos: true, Renderer: cr})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if w := do(t, s, "GET", articleBase+"/diagram.svg?view=detail", nil); w.Code != 200 {
				t.Errorf("status %d", w.Code)
			}
		})
	}
	wg.Wait()
	do(t, s, "GET", articleBase+"?view=detail", nil)
	if n := cr.n.Load(); n != 1 {
		t.Errorf("20 concurrent requests and a page rendered %d times, want 1", n)
	}
}

// failingRenderer stands for a render that hit its limits or time limit;
// it still renders through the real renderer first so its cost is real.
type failingRenderer struct {
	Renderer
	code string
}

func (f *failingRenderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	if _, err := f.Renderer.SVG(ctx, dot); err != nil {
		return nil, err
	}
	return nil, sgmap.Errorf(f.code, "the diagram took too long to lay out: use the overview view or a focus on one group")
}

func TestDiagram_RenderFailure(t *testing.T) {
	for _, tt := range []struct {
		code   string
		status int
	}{
		{sgmap.ETOOLARGE, http.StatusUnprocessableEntity},
		{sgmap.EUNAVAILABLE, http.StatusServiceUnavailable},
	} {
		s := mustServer(t, Config{Demos: true, Renderer: &failingRenderer{Renderer: testRenderer, code: tt.code}})
		w := do(t, s, "GET", articleBase+"/diagram.svg?view=detail", nil)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), "use the overview") || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("%s: diagram.svg = %d %q %q", tt.code, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		page := do(t, s, "GET", articleBase+"?view=detail", nil)
		body := page.Body.String()
		if page.Code != 200 || !strings.Contains(body, `<div id="render-error" class="error"`) || strings.Contains(body, `id="canvas"`) ||
			!strings.Contains(body, `href="`+articleBase+`?view=overview"`) || !strings.Contains(body, "focus=sg-") {
			t.Errorf("%s: page = %d, want #render-error with overview and focus links and no canvas:\n%s", tt.code, page.Code, body)
		}
	}
}

func TestHostileSnapshot(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap := hostileSnapshot(t)
	id := mustSave(t, s, snap)
	vpc := snap.VPCs[0].ID
	base := "/snapshots/" + id + "/vpcs/" + url.PathEscape(vpc)
	for _, path := range []string{"/", "/snapshots/" + id, base, base + "?view=detail", base + "?view=detail&egress=1&findings=1"} {
		w := do(t, s, "GET", path, nil)
		if w.Code != 200 {
			t.Fatalf("GET %s = %d\n%.500s", path, w.Code, w.Body)
		}
		body := w.Body.String()
		for _, bad := range []string{"<script>alert", "<img src=x", `"><b>`, "<iframe", "<svg onload"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s: raw %q in HTML", path, bad)
			}
		}
		if strings.Count(body, "<script") != strings.Count(body, "</script>") || strings.Count(body, "<script") > 2 {
			t.Errorf("GET %s: unexpected script elements", path)
		}
		if m := regexp.MustCompile(`(?s)<div id="canvas">(.*?)</div></div>`).FindStringSubmatch(body); m != nil {
			if err := svgcheck.CheckSafe([]byte(m[1])); err != nil {
				t.Errorf("GET %s: inline SVG not safe: %v", path, err)
			}
		}
		if strings.HasPrefix(path, base) {
			// The page data must carry the hostile strings intact (escaped
			// in the HTML, decoded by JSON.parse).
			d := mustPageData(t, s, body)
			var names []string
			for _, g := range d["groups"].(map[string]any) {
				names = append(names, g.(map[string]any)["name"].(string))
			}
			if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "<script>alert(1)</script> ") }) {
				t.Errorf("GET %s: page data group names %q lack the hostile name intact", path, names)
			}
			if d["vpc"] != vpc {
				t.Errorf("GET %s: page data vpc = %q, want %q", path, d["vpc"], vpc)
			}
		}
	}
	svg := do(t, s, "GET", base+"/diagram.svg?view=detail", nil)
	if svg.Code != 200 {
		t.Fatalf("hostile diagram.svg = %d %s", svg.Code, svg.Body)
	}
	if err := svgcheck.CheckSafe(svg.Body.Bytes()); err != nil {
		t.Errorf("hostile diagram.svg not safe: %v", err)
	}
}

// hostileSnapshot is the article demo with markup, quotes, DOT syntax, a
// 10,000-character string, right-to-left text and emoji in every name,
// description and tag.
func hostileSnapshot(t *testing.T) *sgmap.Snapshot {
	t.Helper()
	snap, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	snap.ID = ""
	evil := []string{
		`<script>alert(1)</script>`, `"><b>x</b><img src=x onerror=alert(1)>`, `"]; x -> y [label="pwned`,
		strings.Repeat("long ", 2000), "\u202eevil\u202c שלום עולם", "🔥💥 <iframe src=javascript:alert(1)>",
		`</script><script>alert(2)</script>`, `{{.Token}} ${x} \" \\ '`,
	}
	for i := range snap.Groups {
		g := &snap.Groups[i]
		g.Name = evil[i%len(evil)] + " " + g.Name
		g.Description = evil[(i+1)%len(evil)]
		g.Tags = map[string]string{evil[(i+2)%len(evil)]: evil[(i+3)%len(evil)]}
		for j := range g.Rules {
			g.Rules[j].Description = evil[(i+j)%len(evil)]
		}
	}
	for i := range snap.Owners {
		snap.Owners[i].Name = evil[(i+4)%len(evil)]
		snap.Owners[i].Tags = map[string]string{"Name": evil[i%len(evil)]}
	}
	snap.VPCs[0].Name = evil[0]
	// The VPC ID ends up in URLs, attributes, DOT and page data.
	const vpc = `vpc-"><svg onload=alert(4)> 'q' ש`
	for i := range snap.Groups {
		snap.Groups[i].VPCID = vpc
	}
	for i := range snap.Interfaces {
		snap.Interfaces[i].VPCID = vpc
	}
	for i := range snap.Owners {
		snap.Owners[i].VPCID = vpc
	}
	for i := range snap.Subnets {
		snap.Subnets[i].VPCID = vpc
	}
	snap.VPCs[0].ID = vpc
	snap.Warnings = append(snap.Warnings, sgmap.Warning{Message: evil[1], Action: evil[0]})
	return snap
}

func TestDiagramSVG_Gzip(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	plain := do(t, s, "GET", articleBase+"/diagram.svg", nil).Body.Bytes()
	for _, tt := range []struct {
		accept string
		gz     bool
	}{{"gzip", true}, {"br, gzip;q=0.8", true}, {"br", false}, {"", false}} {
		w := do(t, s, "GET", articleBase+"/diagram.svg", nil, "Accept-Encoding", tt.accept)
		body := w.Body.Bytes()
		if got := w.Header().Get("Content-Encoding") == "gzip"; got != tt.gz {
			t.Errorf("Accept-Encoding %q: gzip = %v, want %v", tt.accept, got, tt.gz)
			continue
		}
		if tt.gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, plain) {
			t.Errorf("Accept-Encoding %q: decoded body differs from the plain SVG", tt.accept)
		}
	}
}

// slowRenderer delays the real renderer until released.
type slowRenderer struct {
	Renderer
	release chan struct{}
}

func (r *slowRenderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	<-r.release
	return r.Renderer.SVG(ctx, dot)
}

func TestDiagramPage_StillRendering(t *testing.T) {
	old := pageRenderWait
	pageRenderWait = 50 * time.Millisecond
	t.Cleanup(func() { pageRenderWait = old })
	sr := &slowRenderer{Renderer: testRenderer, release: make(chan struct{})}
	s := mustServer(t, Config{Demos: true, Renderer: sr})
	oldStatus := statusWait
	statusWait = 50 * time.Millisecond
	t.Cleanup(func() { statusWait = oldStatus })
	w := do(t, s, "GET", articleBase, nil)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, `id="render-progress"`) || strings.Contains(strings.ToLower(body), "reload") {
		t.Fatalf("page during a slow render = %d, want progress and no reload instruction:\n%s", w.Code, body)
	}
	status := articleBase + "/render.json?view=overview"
	if !strings.Contains(body, `data-status-url="`+status+`"`) {
		t.Errorf("the page does not name its status URL %s", status)
	}
	if w := do(t, s, "GET", status, nil); w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{
  "ready": false
}` {
		t.Errorf("render.json during the render = %d %s, want ready false", w.Code, w.Body)
	}
	close(sr.release)
	statusWait = 10 * time.Second
	if w := do(t, s, "GET", status, nil); w.Code != 200 || !strings.Contains(w.Body.String(), `"ready": true`) {
		t.Errorf("render.json after the render = %d %s, want ready true", w.Code, w.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		body := do(t, s, "GET", articleBase, nil).Body.String()
		if strings.Contains(body, `<div id="canvas"><svg`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the render never completed in the background")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
