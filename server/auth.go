package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
)

// cookieName is the login cookie. It holds a session signed with a key
// derived from the token (session.go), never the token itself, so a leaked
// cookie does not reveal the token, expires, and changing the token logs
// everybody out.
const cookieName = "sgmap_session"

// cookieKey derives the session signing key from the token (nil when there
// is no token).
func cookieKey(token string) []byte {
	if token == "" {
		return nil
	}
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("sgmap login cookie v1"))
	return []byte(hex.EncodeToString(m.Sum(nil)))
}

// tokenOK compares in constant time; hashing first hides the length.
func (s *Server) tokenOK(given string) bool {
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(s.cfg.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// authenticated reports whether r carries the bearer token or a live
// login cookie (rotate: one old enough to be replaced), and whether it
// carries credentials at all (a wrong one counts as a failure).
func (s *Server) authenticated(r *http.Request) (ok, rotate, credentials bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, found := strings.Cut(h, " ")
		return found && strings.EqualFold(scheme, "Bearer") && s.tokenOK(strings.TrimSpace(tok)), false, true
	}
	c, err := r.Cookie(cookieName)
	if err != nil {
		return false, false, false
	}
	ok, rotate = s.sessions.check(c.Value)
	return ok, rotate, true
}

// requireToken guards every route it wraps when a token is configured:
// browsers asking for a page are sent to /login, everything else gets 401.
func (s *Server) requireToken(next http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isSigned(r) { // an embed link that signedLinks checked (embed_auth.go)
			next.ServeHTTP(w, r)
			return
		}
		client := clientIP(r)
		ok, rotate, creds := s.authenticated(r)
		if creds {
			if wait := s.authLimit.wait(client); wait > 0 {
				refuseAuth(w, wait)
				return
			}
		}
		if ok {
			s.authLimit.succeed(client)
			if rotate {
				s.sessions.setCookie(w, r)
			}
			next.ServeHTTP(w, r)
			return
		}
		if creds {
			s.authLimit.fail(client)
		}
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodGet && wantsHTML(r) {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="sgmap"`)
		http.Error(w, "Authentication required: send Authorization: Bearer <token> or sign in at /login.", http.StatusUnauthorized)
	})
}

// wantsHTML reports whether r is a browser navigation to a page (not the
// API or a file export).
func wantsHTML(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.Contains(p[strings.LastIndexByte(p, '/')+1:], ".") {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html") || r.Header.Get("Accept") == ""
}

// safeNext returns next if it is a local path, else "/": the login form
// must not become an open redirect.
func safeNext(next string) string {
	// Browsers drop tabs and newlines from URLs ("/\t/evil" becomes
	// "//evil"), so any control character disqualifies the path.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	return next
}

// loginPage is the data of login.html.
type loginPage struct {
	Page
	Next   string
	Failed bool
}

// handleLogin shows the login form.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.renderPage(w, r, http.StatusOK, "login", loginPage{Page: s.signedOutPage("Sign in"),
		Next: safeNext(r.URL.Query().Get("next"))})
}

// handleLoginPost checks the submitted token and sets the session cookie.
func (s *Server) handleLoginPost(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	client := clientIP(r)
	if wait := s.authLimit.wait(client); wait > 0 {
		refuseAuth(w, wait)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil || !s.tokenOK(r.PostForm.Get("token")) {
		s.authLimit.fail(client)
		s.renderPage(w, r, http.StatusUnauthorized, "login", loginPage{Page: s.signedOutPage("Sign in"),
			Next: safeNext(r.PostForm.Get("next")), Failed: true})
		return
	}
	s.authLimit.succeed(client)
	s.sessions.setCookie(w, r)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}
