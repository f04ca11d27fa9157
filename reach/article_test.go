package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/reach"
)

func articleEngine(t *testing.T) (*reach.Engine, string) {
	t.Helper()
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	return reach.New(sgmap.NewIndex(s)), s.VPCIDs()[0]
}

func run(t *testing.T, e *reach.Engine, q reach.Query) *reach.Result {
	t.Helper()
	res, err := e.Run(q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestReach_ArticleThroughALB: the Internet reaches game-1 only through the
// ALB: TCP 443 to its listener (lb-game-production's ingress rule), then
// TCP 8443 from lb-game-production to game-servers-production (the ALB's
// egress rule and the servers' ingress rule).
func TestReach_ArticleThroughALB(t *testing.T) {
	e, vpc := articleEngine(t)
	svc, _ := reach.ParseService("443/tcp")
	res := run(t, e, reach.Query{VPC: vpc, From: "internet", To: "game-1", Service: svc})
	if len(res.Flows) != 1 {
		t.Fatalf("flows = %+v, want one through the ALB", res.Flows)
	}
	f := res.Flows[0]
	if f.Service != "TCP 443" || f.Effective != reach.Both || len(f.Hops) != 2 || f.To.Name != "game-1" {
		t.Fatalf("flow = %+v", f)
	}
	lst, tgt := f.Hops[0], f.Hops[1]
	if lst.Via != "rule" || lst.Service != "TCP 443" || lst.To.Name != "game-production" ||
		!slices.Equal(lst.Rules, []string{"sgr-0c3d4e5f607180004"}) {
		t.Errorf("listener hop = %+v", lst)
	}
	if tgt.Via != "target" || tgt.Service != "TCP 8443" || tgt.TargetGroup == "" ||
		!slices.Equal(tgt.Rules, []string{"sgr-0c3d4e5f607180001", "sgr-0c3d4e5f607180006"}) {
		t.Errorf("target hop = %+v", tgt)
	}
	var sides []string
	for _, a := range tgt.Allowed {
		sides = append(sides, a.Direction+" "+a.GroupName+" "+a.Peer)
	}
	want := []string{"egress lb-game-production sg-0a1b2c3d4e5f60001", "ingress game-servers-production sg-0a1b2c3d4e5f60002"}
	if !slices.Equal(sides, want) {
		t.Errorf("target hop allowed by %q, want %q", sides, want)
	}
	for _, a := range append(lst.Allowed, tgt.Allowed...) {
		if a.Description == "" {
			t.Errorf("rule %s without its description", a.ID)
		}
	}
	direct := run(t, e, reach.Query{VPC: vpc, From: "internet", To: "game-1", Service: svc, NoLB: true})
	if len(direct.Flows) != 0 {
		t.Errorf("without the load balancer hop the Internet reaches game-1: %+v", direct.Flows)
	}
}

// TestReach_ArticleMonitoring: monitoring scrapes game-1 on TCP 9999, and
// nothing allows it SSH.
func TestReach_ArticleMonitoring(t *testing.T) {
	e, vpc := articleEngine(t)
	for _, tt := range []struct {
		port string
		want int
	}{{"9999/tcp", 1}, {"22/tcp", 0}} {
		svc, err := reach.ParseService(tt.port)
		if err != nil {
			t.Fatal(err)
		}
		res := run(t, e, reach.Query{VPC: vpc, From: "monitoring", To: "game-1", Service: svc})
		if len(res.Flows) != tt.want {
			t.Errorf("monitoring → game-1 %s: %d flows (%+v), want %d", tt.port, len(res.Flows), res.Flows, tt.want)
			continue
		}
		if tt.want == 1 {
			h := res.Flows[0].Hops[0]
			if res.Flows[0].Service != "TCP 9999" || !slices.Equal(h.Rules, []string{"sgr-0c3d4e5f607180002", "sgr-0c3d4e5f607180007"}) {
				t.Errorf("flow = %+v", res.Flows[0])
			}
		}
	}
}

// TestReach_WhoCanReach lists every source of game-1 and checks the list
// against the article: the Internet (through the ALB), the ALB itself,
// the game servers (through the ALB) and the Prometheus tasks.
func TestReach_WhoCanReach(t *testing.T) {
	e, vpc := articleEngine(t)
	res := run(t, e, reach.Query{VPC: vpc, To: "game-1"})
	var got []string
	for _, f := range res.Flows {
		got = append(got, f.From.Name+" "+f.Service+" "+strings.Repeat(">", len(f.Hops)))
	}
	got = slices.Compact(got)
	for _, w := range []string{"Internet TCP 443 >>", "Internet TCP 80 >>", "game-production TCP 8443 >",
		"prometheus-1 TCP 9999 >", "game-2 TCP 443 >>"} {
		if !slices.Contains(got, w) {
			t.Errorf("sources of game-1 lack %q: %q", w, got)
		}
	}
	for _, f := range res.Flows {
		if f.Effective != reach.Both {
			t.Errorf("a listing shows a one-sided flow: %+v", f)
		}
	}
}

func TestParseService(t *testing.T) {
	for in, want := range map[string]string{"443/tcp": "TCP 443", "53/udp": "UDP 53", "icmp": "All ICMP",
		"8000-8999/tcp": "TCP 8000-8999", "443": "TCP 443"} {
		s, err := reach.ParseService(in)
		if err != nil || s.Label() != want {
			t.Errorf("ParseService(%q) = %v, %v; want %s", in, s, err, want)
		}
	}
	for _, bad := range []string{"443/sctp", "99999/tcp", "x/tcp", "20-10/tcp"} {
		if _, err := reach.ParseService(bad); err == nil {
			t.Errorf("ParseService(%q) accepted", bad)
		}
	}
	if s, err := reach.ParseService("all"); s != nil || err != nil {
		t.Errorf("all = %v, %v", s, err)
	}
}
