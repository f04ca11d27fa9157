package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/sgmap/sgmap/static"
	"github.com/sgmap/sgmap/web"
)

// pages are the page templates, each parsed with layout.html and
// partials.html (blocks shared by several pages).
var pages = []string{"home", "snapshot", "findings", "diagram", "login", "error", "diff", "history"}

// parseTemplates parses every page once, at start.
func parseTemplates() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.New(p).Funcs(templateFuncs).ParseFS(web.FS, "layout.html", "partials.html", p+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}

// templateFuncs are the helpers templates may call.
var templateFuncs = template.FuncMap{"lower": strings.ToLower}

// Page is the part of every page's data that layout.html uses.
type Page struct {
	Title   string
	Version string
	// Assets is the hash of the embedded static files that asset URLs
	// carry (?v=): it changes whenever a stylesheet or script does.
	Assets string
	// Script names the page's module in static/js ("" for none).
	Script string
	Crumbs []crumb
	// Logout shows a "Log out" button (a form posting to /logout, no
	// script) in the header: set on every page of a server with a token,
	// which only a signed-in browser sees (login and error pages decide
	// for themselves).
	Logout bool
}

// crumb is one breadcrumb entry after "Snapshots"; the last has no URL.
type crumb struct{ Text, URL string }

// page returns the common data for a page titled title using script.
func (s *Server) page(title, script string, crumbs ...crumb) Page {
	return Page{Title: title, Version: s.cfg.Version, Assets: static.Hash(), Script: script, Crumbs: crumbs,
		Logout: s.cfg.Token != ""}
}

// signedOutPage is a page for someone who may not be signed in (the login
// form): no logout button.
func (s *Server) signedOutPage(title string) Page {
	p := s.page(title, "")
	p.Logout = false
	return p
}

// renderPage executes the named page into a buffer first, so that a
// template error becomes a clean 500 instead of half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.templates[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		if name == "error" {
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		s.writeError(w, r, fmt.Errorf("execute template %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
