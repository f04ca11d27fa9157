package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/sgmap/sgmap"
)

// Signed embed links (docs/http.md, "Signed embed links"): a diagram
// export URL plus exp (Unix seconds) and sig, an HMAC-SHA256 over the
// path and every other query parameter, keyed by [embedKey]. A link opens
// exactly the path and query it was made for, for GET, until exp.

// embedPath is what a signature may open: the diagram exports of a VPC
// (diagram.svg, .dot, and any other diagram.<format> the routes serve),
// also of a diff. Pages, JSON and the API are never opened by a link.
var embedPath = regexp.MustCompile(`^/snapshots/[^/]+(/diff/[^/]+)?/vpcs/[^/]+/diagram\.[a-z0-9]+$`)

// MaxEmbedTTL is the longest lifetime a signed link may be given: a
// little over a year, so "1 year" fits.
const MaxEmbedTTL = 366 * 24 * time.Hour

// embedKey derives the link-signing key from the token, so changing the
// token revokes every link. The label keeps it distinct from the cookie
// key (auth.go).
func embedKey(token string) []byte {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("sgmap-embed-v1"))
	return m.Sum(nil)
}

// embedMAC is the signature of path and q (without sig). q is canonical
// once encoded: url.Values.Encode sorts keys and keeps each key's values
// in order, and path is the decoded path, so two spellings of one URL
// sign alike. The method is not signed: only GET is ever accepted.
func embedMAC(key []byte, path string, q url.Values) []byte {
	q = cloneWithout(q, "sig")
	m := hmac.New(sha256.New, key)
	m.Write([]byte("sgmap-embed-v1\n" + path + "\n" + q.Encode()))
	return m.Sum(nil)
}

func cloneWithout(q url.Values, drop string) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != drop {
			c[k] = v
		}
	}
	return c
}

// SignEmbed returns u with exp and sig set so that it opens without the
// token until expires: u must be a diagram export (path …/vpcs/{vpc}/
// diagram.svg, .dot, …), token the server's. Any exp and sig already in u
// are replaced. Errors are [sgmap.EINVALID].
func SignEmbed(token string, u *url.URL, expires time.Time) (*url.URL, error) {
	if token == "" {
		return nil, sgmap.Errorf(sgmap.EINVALID, "a signed link needs the server's token (-token or SGMAP_TOKEN)")
	}
	if !embedPath.MatchString(u.Path) {
		return nil, sgmap.Errorf(sgmap.EINVALID, "only diagram exports can be signed (…/snapshots/SNAP/vpcs/VPC/diagram.svg), not %q", u.Path)
	}
	q := cloneWithout(u.Query(), "sig")
	q.Set("exp", strconv.FormatInt(expires.Unix(), 10))
	q.Set("sig", base64.RawURLEncoding.EncodeToString(embedMAC(embedKey(token), u.Path, q)))
	out := *u
	out.RawQuery = q.Encode()
	out.Fragment, out.RawFragment = "", ""
	return &out, nil
}

// checkEmbed says why a request carrying sig may not pass ("" when it
// may), and whether the failure looks like guessing (a wrong signature),
// which counts against the client like a wrong token.
func checkEmbed(token, method, path string, q url.Values, now time.Time) (reason string, guess bool) {
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("sig"))
	if err != nil || len(q["sig"]) != 1 || !hmac.Equal(sig, embedMAC(embedKey(token), path, q)) {
		return "This link's signature does not match its address: it was changed, made for another diagram or view, or signed with another token. Ask for a new embed link.", true
	}
	if method != "GET" && method != "HEAD" {
		return "A signed embed link only opens the diagram for reading (GET).", false
	}
	if !embedPath.MatchString(path) {
		return "A signed embed link only opens diagram exports.", false
	}
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil || len(q["exp"]) != 1 {
		return "This link has no valid expiry (exp).", false
	}
	if !now.Before(time.Unix(exp, 0)) {
		return "This embed link expired on " + time.Unix(exp, 0).UTC().Format(time.RFC3339) + ". Ask for a new one.", false
	}
	return "", false
}
