package server

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/static"
)

func TestPages(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v9"})
	tests := []struct {
		name, path string
		status     int
		ctype      string
		want       []string
	}{
		{"home", "/", 200, "text/html; charset=utf-8", []string{
			`<main id="home">`, `<section class="snapshot" data-snapshot="demo-article">`,
			`<span class="badge-demo">`, `<table class="vpcs">`, `<tr data-vpc="vpc-`, `class="vpc-link" href="/snapshots/demo-article/vpcs/vpc-`,
			`<header class="topbar">`, `href="/static/css/app.css?v=` + static.Hash() + `"`, `<script type="module" src="/static/js/home.js?v=` + static.Hash() + `"></script>`,
			`<form id="upload"`, `enctype="multipart/form-data"`}},
		{"snapshot", "/snapshots/demo-antipattern", 200, "text/html; charset=utf-8", []string{
			`<main id="snapshot"`, `<ul id="warnings">`, `href="/snapshots/demo-antipattern/vpcs/vpc-`}},
		{"latest without stored snapshots is the article demo", "/snapshots/latest", 200, "text/html; charset=utf-8", []string{
			`<main id="snapshot" data-snapshot="latest">`, `<dd class="snapshot-id">demo-article</dd>`, `href="/snapshots/latest/vpcs/vpc-`}},
		{"unknown snapshot", "/snapshots/nope", 404, "text/html; charset=utf-8", []string{"no snapshot"}},
		{"traversal snapshot id", "/snapshots/..%2f..%2fetc%2fpasswd", 404, "text/html; charset=utf-8", nil},
		{"unknown page", "/nope", 404, "text/html; charset=utf-8", nil},
		{"healthz", "/healthz", 200, "text/plain; charset=utf-8", []string{"ok"}},
		{"api list", "/api/snapshots", 200, "application/json", []string{`"id": "demo-article"`, `"is_demo": true`, `"vpcs": [`}},
		{"static css", "/static/css/app.css?v=" + static.Hash(), 200, "text/css; charset=utf-8", nil},
		{"static dir listing", "/static/css/", 404, "", nil},
		{"static missing", "/static/js/nope.js", 404, "", nil},
		{"login without token", "/login", 303, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, "GET", tt.path, nil)
			if w.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d; body:\n%.500s", tt.path, w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); tt.ctype != "" && ct != tt.ctype {
				t.Errorf("GET %s Content-Type = %q, want %q", tt.path, ct, tt.ctype)
			}
			for _, sub := range tt.want {
				if !strings.Contains(w.Body.String(), sub) {
					t.Errorf("GET %s: body lacks %q", tt.path, sub)
				}
			}
			checkHeaders(t, tt.path, w)
		})
	}
}

func TestHome_NoDemosEmptyState(t *testing.T) {
	s := mustServer(t, Config{Demos: false})
	w := do(t, s, "GET", "/", nil)
	if !strings.Contains(w.Body.String(), `id="empty"`) || strings.Contains(w.Body.String(), "demo-article") {
		t.Errorf("home without demos or snapshots: want #empty and no demo; got\n%s", w.Body)
	}
	if w := do(t, s, "GET", "/snapshots/demo-article", nil); w.Code != 404 {
		t.Errorf("demo with Demos=false: status %d, want 404", w.Code)
	}
	if w := do(t, s, "GET", "/snapshots/latest", nil); w.Code != 200 {
		t.Errorf("latest with nothing stored: status %d, want 200 (the article demo)", w.Code)
	}
}

func TestUpload(t *testing.T) {
	valid := mustDemoJSON(t, "article")
	future := bytes.Replace(valid, []byte(`"schema_version": "1.0"`), []byte(`"schema_version": "2.0"`), 1)
	invalid := bytes.Replace(valid, []byte(`"from_port": 8443`), []byte(`"from_port": 70000`), 1)
	tests := []struct {
		name   string
		body   []byte
		status int
		want   string
	}{
		{"not JSON", []byte("<html>hello</html>"), 400, "syntax error"},
		{"empty", nil, 400, "empty"},
		{"truncated", valid[:len(valid)/2], 400, "truncated"},
		{"wrong schema version", future, 400, "schema"},
		{"invalid", invalid, 400, `"problems"`},
		{"too large", append(valid, bytes.Repeat([]byte(" "), 2<<20)...), 413, "larger than"},
		{"valid", valid, 201, `"id": "`},
	}
	s := mustServer(t, Config{MaxUploadBytes: 1 << 20})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(tt.body), "Content-Type", "application/json")
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("POST %s = %d %s; want %d containing %q", tt.name, w.Code, w.Body, tt.status, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
		})
	}
	list, _ := s.store.List()
	if len(list) != 1 {
		t.Fatalf("store holds %d snapshots after one valid upload, want 1", len(list))
	}
	id := list[0].ID
	var got []apiSnapshot
	if err := json.Unmarshal(do(t, s, "GET", "/api/snapshots", nil).Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0].ID != id || got[0].IsDemo || got[0].Source != "upload" || len(got[0].VPCs) != 1 {
		t.Errorf("GET /api/snapshots first entry = %+v, want the upload %s", got[0], id)
	}
	if w := do(t, s, "GET", "/snapshots/"+id, nil); w.Code != 200 {
		t.Errorf("GET uploaded snapshot page = %d", w.Code)
	}
	if w := do(t, s, "GET", "/snapshots/latest", nil); !strings.Contains(w.Body.String(), `<dd class="snapshot-id">`+id) {
		t.Errorf("latest does not show the upload %s", id)
	}
}

func TestUpload_Multipart(t *testing.T) {
	s := mustServer(t, Config{})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("snapshot", "a.json")
	fw.Write(mustDemoJSON(t, "antipattern"))
	mw.Close()
	w := do(t, s, "POST", "/api/snapshots", &body, "Content-Type", mw.FormDataContentType())
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/snapshots/") {
		t.Errorf("multipart upload = %d Location %q, want 303 to the snapshot", w.Code, w.Header().Get("Location"))
	}
}

func TestUpload_NoDataFolder(t *testing.T) {
	s, err := New(Config{Renderer: testRenderer, Demos: true})
	if err != nil {
		t.Fatal(err)
	}
	w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(mustDemoJSON(t, "article")))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "-data") {
		t.Errorf("upload without data folder = %d %s, want 503 naming -data", w.Code, w.Body)
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "prod.json")
	writeFile(t, p, mustDemoJSON(t, "antipattern"))
	s := mustServer(t, Config{Files: []string{p}})
	if w := do(t, s, "GET", "/snapshots/prod", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `data-vpc="vpc-`) {
		t.Errorf("GET /snapshots/prod = %d", w.Code)
	}
	// The diagram names the snapshot as `sgmap render -snapshot prod.json` does.
	snap, _ := demo.Get("antipattern")
	js := do(t, s, "GET", "/snapshots/prod/vpcs/"+snap.VPCIDs()[0]+"/graph.json", nil).Body.String()
	if !strings.Contains(js, `"snapshot": "prod"`) {
		t.Errorf("graph.json of a -snapshot file does not name it prod:\n%.200s", js)
	}
	broken := filepath.Join(dir, "broken.json")
	writeFile(t, broken, []byte(`{"schema_version": "1.0",`))
	if _, err := New(Config{Renderer: testRenderer, Files: []string{broken}}); err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("New with a broken file: err = %v, want one naming it", err)
	}
}

func TestErrors_NoInternalText(t *testing.T) {
	s := mustServer(t, Config{})
	w := httptestRecorder()
	req := newRequest("GET", "/api/snapshots")
	s.writeError(w, req, &json.SyntaxError{})
	if w.Code != 500 || strings.Contains(w.Body.String(), "syntax") || !strings.Contains(w.Body.String(), "Internal error") {
		t.Errorf("internal error answered %d %s", w.Code, w.Body)
	}
	w = httptestRecorder()
	s.writeError(w, newRequest("GET", "/x/diagram.svg"), &renderError{sgmap.Errorf(sgmap.ETOOLARGE, "too big: use the overview")})
	if w.Code != 422 || !strings.Contains(w.Body.String(), "too big") || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("too-large render answered %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
}

func TestListOrder(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	a, _ := demo.Get("article")
	a.ID = ""
	id := mustSave(t, s, a)
	var got []apiSnapshot
	json.Unmarshal(do(t, s, "GET", "/api/snapshots", nil).Body.Bytes(), &got)
	var ids []string
	for _, g := range got {
		ids = append(ids, g.ID)
	}
	want := []string{id, "demo-article", "demo-antipattern", "demo-large"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("listing order (-want +got):\n%s", diff)
	}
}

func TestHead(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	for _, p := range []string{"/", "/healthz", articleBase + "/diagram.svg"} {
		if w := do(t, s, "HEAD", p, nil); w.Code != 200 {
			t.Errorf("HEAD %s = %d, want 200", p, w.Code)
		}
	}
	if w := do(t, s, "DELETE", "/api/snapshots", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /api/snapshots = %d, want 405", w.Code)
	}
}
