package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sessions: the login cookie is "v2.<issued unix time>.<nonce>.<HMAC>",
// keyed by
// the token ([cookieKey]), so it expires (sessionMaxAge), is rotated on use
// once older than sessionRotate, and can be revoked (POST /logout); a
// changed token still logs everybody out.
const (
	sessionMaxAge = 7 * 24 * time.Hour
	sessionRotate = 24 * time.Hour
)

// sessions remembers revoked cookies until they would have expired.
type sessions struct {
	key []byte
	now func() time.Time

	mu      sync.Mutex
	revoked map[string]time.Time // cookie value → its expiry
}

func newSessions(key []byte) *sessions {
	return &sessions{key: key, now: time.Now, revoked: map[string]time.Time{}}
}

func (s *sessions) mac(payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("sgmap session v2." + payload))
	return hex.EncodeToString(m.Sum(nil))
}

// issue returns a new cookie value.
func (s *sessions) issue() string {
	payload := strconv.FormatInt(s.now().Unix(), 10) + "." + rand.Text()
	return "v2." + payload + "." + s.mac(payload)
}

// check reports whether value is a live session, and whether it is old
// enough to be rotated.
func (s *sessions) check(value string) (ok, rotate bool) {
	rest, found := strings.CutPrefix(value, "v2.")
	i := strings.LastIndexByte(rest, '.')
	if !found || i < 0 || !hmac.Equal([]byte(rest[i+1:]), []byte(s.mac(rest[:i]))) {
		return false, false
	}
	issued, _, _ := strings.Cut(rest[:i], ".")
	sec, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return false, false
	}
	age := s.now().Sub(time.Unix(sec, 0))
	if age >= sessionMaxAge || age < -time.Minute {
		return false, false
	}
	s.mu.Lock()
	_, gone := s.revoked[value]
	s.mu.Unlock()
	return !gone, age >= sessionRotate
}

// revoke ends the session value (a valid one only: junk is not stored).
func (s *sessions) revoke(value string) {
	if ok, _ := s.check(value); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for v, exp := range s.revoked {
		if now.After(exp) {
			delete(s.revoked, v)
		}
	}
	s.revoked[value] = now.Add(sessionMaxAge)
}

// setCookie sends a fresh session cookie.
func (s *sessions) setCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.issue(), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(sessionMaxAge / time.Second)})
}

// handleLogout ends the session and clears the cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil && s.sessions != nil {
		s.sessions.revoke(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
