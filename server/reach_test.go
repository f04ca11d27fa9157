package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/reach"
)

func TestReachJSON(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v1"})
	var res struct {
		reach.Result
		Truncated int `json:"truncated"`
	}
	rec := do(t, s, "GET", articleBase+"/reach.json?from=internet&to=game-1&port=443/tcp", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Flows) != 1 || len(res.Flows[0].Hops) != 2 || res.Flows[0].Hops[1].Via != "target" || res.Flows[0].Effective != "both" {
		t.Fatalf("flows = %+v", res.Flows)
	}
	// A diagram's node IDs work too: the overview's collapsed ECS service.
	rec = do(t, s, "GET", articleBase+"/reach.json?to=i-0a1b2c3d4e5f60001&from="+
		"ecs-service:arn:aws:ecs:eu-west-1:123456789012:service/monitoring/prometheus&port=9999/tcp", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"service": "TCP 9999"`) {
		t.Errorf("collapsed node → game-1: %d %s", rec.Code, rec.Body)
	}
	for _, bad := range []struct {
		query  string
		status int
		want   string
	}{
		{"", 400, "give -from, -to or both"},
		{"?to=game-1&port=99999/tcp", 400, "PORT[-PORT]/PROTOCOL"},
		{"?to=nothing-here", 404, "names nothing"},
		{"?to=game-1&via_lb=maybe", 400, "via_lb"},
	} {
		rec := do(t, s, "GET", articleBase+"/reach.json"+bad.query, nil)
		if rec.Code != bad.status || !strings.Contains(rec.Body.String(), bad.want) {
			t.Errorf("reach.json%s = %d %s, want %d with %q", bad.query, rec.Code, rec.Body, bad.status, bad.want)
		}
	}
	if rec := do(t, s, "GET", "/snapshots/demo-article/vpcs/vpc-nope/reach.json?to=game-1", nil); rec.Code != 404 {
		t.Errorf("unknown VPC = %d", rec.Code)
	}
}

func TestSnapshotPage_Exposure(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v1"})
	body := do(t, s, "GET", "/snapshots/demo-article", nil).Body.String()
	for _, want := range []string{`<table id="exposure">`, `<td><a href="/snapshots/demo-article/vpcs/` + articleVPC + `?view=detail#i-0a1b2c3d4e5f60001">game-1</a></td>`,
		`<td class="service">TCP 8443</td><td>game-production (TCP 80, 443)</td>`, `<td class="service">TCP 443</td><td>direct</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("snapshot page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<tr class="exposed"`); n != 6 {
		t.Errorf("%d exposed rows, want 6 (4 game servers through the ALB, the ALB on 80 and 443)", n)
	}
}
