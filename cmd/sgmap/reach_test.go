package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReach_ArticleText(t *testing.T) {
	r := mustRun(t, nil, "reach", "-demo", "article", "-from", "internet", "-to", "game-1")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Internet → game-1", "TCP 443  [both]", "1. Internet → game-production  TCP 443  (rule)",
		"2. game-production → game-1  TCP 8443  (target group", "sgr-0c3d4e5f607180004", "HTTPS from players",
		"ingress game-servers-production (sg-0a1b2c3d4e5f60001) sgr-0c3d4e5f607180001", "2 flows from Internet to game-1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestReach_JSONAndErrors(t *testing.T) {
	r := mustRun(t, nil, "reach", "-demo", "article", "-from", "monitoring", "-to", "game-1", "-port", "9999/tcp", "-format", "json")
	var res struct {
		Flows []struct {
			Service, Effective string
			Hops               []struct{ Rules []string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s %s", r.code, err, r.stdout, r.stderr)
	}
	if len(res.Flows) != 1 || res.Flows[0].Service != "TCP 9999" || res.Flows[0].Effective != "both" || len(res.Flows[0].Hops[0].Rules) != 2 {
		t.Errorf("flows = %+v", res.Flows)
	}
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"reach", "-demo", "article"}, 2, "give -to X, -from X, or both"},
		{[]string{"reach", "-demo", "article", "-to", "game-1", "-port", "443/sctp"}, 2, "-port: "},
		{[]string{"reach", "-demo", "article", "-to", "nothing"}, 1, `"nothing" names nothing`},
		{[]string{"reach", "-demo", "article", "-to", "game-1", "-format", "xml"}, 2, "-format must be text or json"},
		{[]string{"reach", "-demo", "large", "-to", "internet"}, 2, "pick one with -vpc"},
	} {
		r := mustRun(t, nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tt.args, r.code, r.stderr, tt.code, tt.err)
		}
	}
}

func TestExposure_Demos(t *testing.T) {
	r := mustRun(t, nil, "exposure", "-demo", "article")
	if r.code != 0 || !strings.Contains(r.stdout, "via game-production (TCP 80, 443)") || !strings.Contains(r.stdout, "6 exposed owner-service pairs.") {
		t.Errorf("article exposure: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "exposure", "-demo", "large", "-format", "json")
	var out struct {
		Exposed []struct {
			Owner   struct{ Kind string }
			Service string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 || len(out.Exposed) < 10 {
		t.Fatalf("large exposure: exit %d, %v, %d rows", r.code, err, len(out.Exposed))
	}
}
