package graph

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

// TestBuild_Article checks the article's config #5: three enclosures and
// the flows the article draws between them.
func TestBuild_Article(t *testing.T) {
	s := mustLoad(t, "article")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	if g.View != Overview || g.Snapshot != "demo-article" || g.VPC != "vpc-0a1b2c3d4e5f60718" {
		t.Errorf("header = %q %q %q", g.View, g.Snapshot, g.VPC)
	}
	want := map[string]string{
		"Internet -> lb-game-production (rule)":                "TCP 80, 443 / both",
		"lb-game-production -> game-servers-production (rule)": "TCP 8443 / both",
		"monitoring -> game-servers-production (rule)":         "TCP 9999 / both",
		"monitoring -> Internet (rule)":                        "TCP 443 / both",
		"game-production -> game-1 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-2 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-3 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-4 (target)":                   "HTTPS 8443 / both",
	}
	if diff := cmp.Diff(want, edgeSummary(g)); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	members := map[string]int{"game-servers-production": 4, "lb-game-production": 1, "monitoring": 1}
	for name, n := range members {
		gr := findGroup(g, name)
		if gr == nil || len(gr.Members) != n || gr.Parent != "" {
			t.Errorf("group %s = %+v, want %d members at top level", name, gr, n)
		}
	}
	prom := findNode(g, "ecs-service:arn:aws:ecs:eu-west-1:123456789012:service/monitoring/prometheus")
	if prom == nil || prom.Kind != KindECSService || prom.Count != 2 || prom.Name != "prometheus (2 tasks)" {
		t.Errorf("prometheus node = %+v", prom)
	}
	wantProv := Provenance{Accounts: []string{"123456789012"}, Regions: []string{"eu-west-1"},
		VPCName: "game-production", TakenAt: "2026-11-02T09:30:00Z"}
	if diff := cmp.Diff(wantProv, g.Provenance); diff != "" {
		t.Errorf("provenance (-want +got):\n%s", diff)
	}
	// The ALB's ingress edge carries both rules, with their descriptions.
	for _, e := range g.Edges {
		if e.From == KindInternet {
			if len(e.Rules) != 2 || len(e.Details) != 2 || !strings.Contains(strings.Join(e.Details, "\n"), "HTTPS from players") {
				t.Errorf("Internet edge rules %v details %q", e.Rules, e.Details)
			}
		}
	}
}

// TestBuild_ArticleDetail keeps every owner: the two Prometheus tasks.
func TestBuild_ArticleDetail(t *testing.T) {
	s := mustLoad(t, "article")
	g := mustBuild(t, s, "", Options{View: Detail})
	checkInvariants(t, s, g)
	var tasks int
	for _, n := range g.Nodes {
		if n.Kind == string(sgmap.OwnerECSTask) {
			tasks++
		}
	}
	if tasks != 2 || len(g.Nodes) != 8 {
		t.Errorf("detail: %d tasks, %d nodes; want 2 tasks, 8 nodes (4 instances, ALB, 2 tasks, Internet)", tasks, len(g.Nodes))
	}
}

// TestBuild_Antipattern checks configs #1-#3: equal groups nest, the NLB's
// private IPs resolve to the NLB, the VPC CIDR is named, and default egress
// is hidden unless asked for.
func TestBuild_Antipattern(t *testing.T) {
	s := mustLoad(t, "antipattern")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	https, http := findGroup(g, "allow-https-8443"), findGroup(g, "allow-http-9999")
	if https.Parent != "" || http.Parent != https.ID {
		t.Errorf("equal groups should nest, smaller ID outside: https parent %q, http parent %q", https.Parent, http.Parent)
	}
	want := map[string]string{
		"game-nlb -> allow-https-8443 (rule)":           "TCP 8443 / both",
		"allow-egress-9999 -> allow-http-9999 (rule)":   "TCP 9999 / both",
		"VPC game-production -> allow-http-9999 (rule)": "TCP 9999 / both",
		"game-nlb -> game-1 (target)":                   "TCP 8443 / both",
		"game-nlb -> game-2 (target)":                   "TCP 8443 / both",
		"game-nlb -> game-3 (target)":                   "TCP 8443 / both",
		"game-nlb -> game-4 (target)":                   "TCP 8443 / both",
	}
	if diff := cmp.Diff(want, edgeSummary(g)); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	nlb := findNode(g, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/game-nlb/7f3c2a1b9d8e6f50")
	if nlb == nil || nlb.Cluster != "" || len(nlb.Groups) != 0 {
		t.Errorf("NLB without groups should be drawn at top level: %+v", nlb)
	}

	ge := mustBuild(t, s, "", Options{Egress: true})
	checkInvariants(t, s, ge)
	sum := edgeSummary(ge)
	for _, grp := range []string{"allow-https-8443", "allow-http-9999", "allow-egress-9999"} {
		if got := sum[grp+" -> Internet (rule)"]; got != "All traffic / both" {
			t.Errorf("egress=1: %s -> Internet = %q, want All traffic / both", grp, got)
		}
	}
}

func TestBuild_PartialOverlap(t *testing.T) {
	s := mustLoad(t, "overlap")
	g := mustBuild(t, s, "", Options{View: Detail})
	checkInvariants(t, s, g)
	const web, metrics, everything = "sg-000000000000000a1", "sg-000000000000000b2", "sg-000000000000000d4"
	var labels []string
	for _, r := range g.Regions {
		labels = append(labels, r.Label+" in "+r.Parent)
	}
	want := []string{"web in " + everything, "web ∩ metrics in " + everything, "metrics in " + everything}
	slices.Sort(want)
	slices.Sort(labels)
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	if n := findNode(g, "i-00000000000000002"); n.Cluster != "region:"+web+"+"+metrics {
		t.Errorf("web-2 drawn in %q, want the web ∩ metrics region", n.Cluster)
	}
	if gr := findGroup(g, "monitoring"); gr.Parent != everything || len(gr.Regions) != 0 {
		t.Errorf("monitoring is laminar and nests in everything: %+v", gr)
	}
	unused := findGroup(g, "unused")
	if unused == nil || len(unused.Members) != 0 || unused.Parent != "" {
		t.Errorf("empty group must still be drawn, at top level: %+v", unused)
	}
	sum := edgeSummary(g)
	// web's default egress (0.0.0.0/0) admits traffic to the empty group.
	if got := sum["web -> unused (rule)"]; got != "TCP 5432 / both" {
		t.Errorf("web -> unused = %q", got)
	}
	if got := sum["monitoring -> metrics (rule)"]; got != "TCP 9100 / both" {
		t.Errorf("monitoring -> metrics = %q", got)
	}
}

func TestBuild_SelfReference(t *testing.T) {
	s := mustLoad(t, "selfref")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	const id = "sg-000000000000000a1"
	if len(g.Edges) != 2 {
		t.Fatalf("edges = %+v, want two loops", g.Edges)
	}
	// Ingress admits all traffic from members, egress only TCP 7000-7001:
	// members can talk on TCP 7000-7001 (the solid loop); the rest of the
	// ingress rule is a dashed ingress-only loop of its own.
	e, rest := g.Edges[0], g.Edges[1]
	if e.From != id || e.To != id || e.Label != "TCP 7000-7001" || e.Effective != EffectiveBoth || len(e.Rules) != 2 {
		t.Errorf("loop edge = %+v", e)
	}
	if rest.From != id || rest.To != id || rest.Label != "All traffic" || rest.Effective != IngressOnly ||
		!slices.Equal(rest.Rules, []string{"sgr-00000000000000001"}) {
		t.Errorf("one-sided loop = %+v", rest)
	}
	if !strings.Contains(strings.Join(rest.Details, "\n"), "[not allowed by cluster egress]") {
		t.Errorf("the one-sided loop should say which side does not allow it: %q", rest.Details)
	}
}

func TestBuild_References(t *testing.T) {
	s := mustLoad(t, "references")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	kinds := map[string]string{}
	for _, n := range g.Nodes {
		kinds[n.ID] = n.Kind + " " + n.Name
	}
	want := map[string]string{
		"cidr:10.0.1.0/24":                      "cidr subnet private-a",
		"cidr:10.1.0.0/16":                      "cidr peered VPC vpc-0000000000000bbbb",
		"cidr:192.0.2.0/24":                     "cidr 192.0.2.0/24",
		"ext:222222222222/sg-0000000000000bb01": "external-group 222222222222/sg-0000000000000bb01",
		"ext:999999999999/sg-0000000000000cc01": "external-group 999999999999/sg-0000000000000cc01",
		"i-00000000000000001":                   "instance app-1",
		"i-00000000000000002":                   "instance db-1",
		"pl:pl-6da54004":                        "prefix-list com.amazonaws.eu-west-1.s3",
		"unknown:sg-0000000000000stale":         "unknown-group sg-0000000000000stale",
		"unknown:sg-0deadbeefdeadbeef":          "unknown-group sg-0deadbeefdeadbeef",
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
	if n := findNode(g, "cidr:192.0.2.0/24"); n.Detail != "on-premises monitoring" {
		t.Errorf("unresolved CIDR should carry the rule description, got %q", n.Detail)
	}
	sum := edgeSummary(g)
	// app's egress 5432 is not admitted by db; db's ingress 3306 is not
	// allowed by app's egress: two dashed edges, each with its own service.
	if got := sum["app -> db (rule)"]; got != "TCP 3306 / ingress-only | TCP 5432 / egress-only" {
		t.Errorf("app -> db = %q", got)
	}
	if got := sum["app -> com.amazonaws.eu-west-1.s3 (rule)"]; got != "TCP 443 / both" {
		t.Errorf("app -> s3 = %q", got)
	}
}

func TestBuild_ManyGroupsAndIPv6(t *testing.T) {
	s := mustLoad(t, "groups")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	busy := findNode(g, "i-00000000000000001")
	if len(busy.Groups) != 6 || busy.Cluster != "sg-00000000000000006" {
		t.Errorf("ENI in 6 equal groups: %+v", busy)
	}
	for i := 2; i <= 6; i++ {
		gr := findGroup(g, "layer-"+string(rune('0'+i)))
		if gr.Parent != findGroup(g, "layer-"+string(rune('0'+i-1))).ID {
			t.Errorf("layer-%d parent %q", i, gr.Parent)
		}
	}
	dual := findNode(g, "i-00000000000000002")
	if !slices.Equal(dual.Groups, []string{"sg-000000000000000f1", "sg-000000000000000f2"}) || len(dual.Interfaces) != 2 {
		t.Errorf("owner with two ENIs in different groups: %+v", dual)
	}
	inet := findNode(g, KindInternet)
	if inet == nil || !slices.Equal(inet.Addresses, []string{"0.0.0.0/0", "::/0"}) {
		t.Errorf("Internet node should stand for 0.0.0.0/0 and ::/0: %+v", inet)
	}
	if got := edgeSummary(g)["2001:db8:1234:1::/64 -> backend (rule)"]; got != "TCP 5000 / both" {
		t.Errorf("IPv6 CIDR edge = %q", got)
	}
	if gr := findGroup(g, "empty"); gr == nil || len(gr.Members) != 0 {
		t.Errorf("empty group missing: %+v", gr)
	}
}

func TestBuild_Protocols(t *testing.T) {
	s := mustLoad(t, "protocols")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	want := map[string]string{
		"198.51.100.0/24 -> vpn (rule)": "UDP 500, 4500; ICMP 3/4, 8/any; Protocol 50 / both",
		"Internet -> vpn (rule)":        "All ICMPv6 / both",
		"bastion -> vpn (rule)":         "All TCP / both",
	}
	// ops is drawn by name; its only member is bastion, but edges go
	// between enclosures: rename for the comparison.
	got := map[string]string{}
	for k, v := range edgeSummary(g) {
		got[strings.Replace(k, "ops ->", "bastion ->", 1)] = v
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

func TestBuild_Collapse(t *testing.T) {
	s := mustLoad(t, "collapse")
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	web := findNode(g, "autoscaling-group:web-asg")
	if web == nil || web.Count != 4 || web.Name != "web (4 instances)" || web.Kind != "instance" {
		t.Fatalf("ASG node = %+v", web)
	}
	if n := findNode(g, "i-00000000000000105"); n == nil || n.Cluster != "sg-000000000000000a2" {
		t.Errorf("the canary instance has another group set and stays apart: %+v", n)
	}
	if n := findNode(g, "ecs-service:arn:aws:ecs:eu-west-1:111111111111:service/c/worker"); n == nil || n.Count != 3 || n.Kind != KindECSService {
		t.Errorf("ECS service node = %+v", n)
	}
	if n := findNode(g, "eni-0000000000000lost"); n == nil || n.Kind != KindENI {
		t.Errorf("ownerless ENI node = %+v", n)
	}
	if gr := findGroup(g, "sg-0000000000000gone"); gr == nil || !gr.Missing || gr.Name != gr.ID {
		t.Errorf("missing group = %+v", gr)
	}
	want := map[string]string{
		"front -> web (rule)":                 "TCP 80 / both",
		"workers -> Internet (rule)":          "TCP 443 / both",
		"fn -> web (rule)":                    "TCP 5432 / egress-only",
		"front -> web (4 instances) (target)": "TCP 80 / both",
		"front -> web-5 (target)":             "TCP 80 / both",
	}
	if diff := cmp.Diff(want, edgeSummary(g)); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	d := mustBuild(t, s, "", Options{View: Detail})
	checkInvariants(t, s, d)
	if len(d.Nodes) != len(g.Nodes)+3+2 {
		t.Errorf("detail has %d nodes, overview %d: want 5 more (4 instances and 3 tasks for 2 collapsed nodes)", len(d.Nodes), len(g.Nodes))
	}
}

func TestBuild_Focus(t *testing.T) {
	s := mustLoad(t, "article")
	g := mustBuild(t, s, "", Options{Focus: "game-servers-production"})
	checkInvariants(t, s, g)
	if g.Focus != "sg-0a1b2c3d4e5f60001" {
		t.Errorf("focus = %q, want the group ID", g.Focus)
	}
	want := map[string]string{
		"lb-game-production -> game-servers-production (rule)": "TCP 8443 / both",
		"monitoring -> game-servers-production (rule)":         "TCP 9999 / both",
		"game-production -> game-1 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-2 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-3 (target)":                   "HTTPS 8443 / both",
		"game-production -> game-4 (target)":                   "HTTPS 8443 / both",
	}
	if diff := cmp.Diff(want, edgeSummary(g)); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	if mon := findGroup(g, "monitoring"); mon == nil || mon.Hidden != 1 || len(mon.Members) != 0 {
		t.Errorf("neighbour group shows no members but counts them: %+v", mon)
	}
	if findNode(g, KindInternet) != nil {
		t.Errorf("Internet is not a neighbour of game-servers-production")
	}
	byID := mustBuild(t, s, "", Options{Focus: "sg-0a1b2c3d4e5f60001"})
	if diff := cmp.Diff(g, byID); diff != "" {
		t.Errorf("focus by ID and by name differ:\n%s", diff)
	}
}

func TestBuild_Errors(t *testing.T) {
	art := mustLoad(t, "article")
	two := mustLoad(t, "article")
	two.VPCs = append(two.VPCs, sgmap.VPC{ID: "vpc-0other"})
	tests := []struct {
		name     string
		s        *sgmap.Snapshot
		vpc      string
		opt      Options
		code     string
		contains []string
	}{
		{"unknown VPC", art, "vpc-nope", Options{}, sgmap.ENOTFOUND, []string{"vpc-nope", "vpc-0a1b2c3d4e5f60718"}},
		{"several VPCs", two, "", Options{}, sgmap.EINVALID, []string{"vpc-0a1b2c3d4e5f60718", "vpc-0other"}},
		{"unknown focus", art, "", Options{Focus: "nope"}, sgmap.ENOTFOUND, []string{"nope", "game-servers-production", "monitoring"}},
		{"unknown view", art, "", Options{View: "sideways"}, sgmap.EINVALID, []string{"sideways"}},
		{"nil snapshot", nil, "", Options{}, sgmap.EINVALID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(tt.s, tt.vpc, tt.opt)
			if sgmap.ErrorCode(err) != tt.code {
				t.Fatalf("Build error = %v (code %q), want code %q", err, sgmap.ErrorCode(err), tt.code)
			}
			for _, c := range tt.contains {
				if !strings.Contains(sgmap.ErrorMessage(err), c) {
					t.Errorf("error %q does not mention %q", sgmap.ErrorMessage(err), c)
				}
			}
		})
	}
	// By VPC name, and the only VPC of a multi-VPC snapshot by ID.
	if g, err := Build(art, "game-production", Options{}); err != nil || g.VPC != "vpc-0a1b2c3d4e5f60718" {
		t.Errorf("Build by VPC name: %v", err)
	}
	if _, err := Build(two, "vpc-0a1b2c3d4e5f60718", Options{}); err != nil {
		t.Errorf("Build with explicit VPC: %v", err)
	}
}

// TestBuild_OrderIndependent shuffles the snapshot's lists: the graph must
// not depend on input order.
func TestBuild_OrderIndependent(t *testing.T) {
	for _, name := range []string{"article", "antipattern", "overlap", "collapse", "references"} {
		t.Run(name, func(t *testing.T) {
			s := mustLoad(t, name)
			want := mustDOT(t, mustBuild(t, s, "", Options{View: Detail}))
			wantJSON := mustJSON(t, mustBuild(t, s, "", Options{}))
			r := rand.New(rand.NewPCG(1, 2))
			for range 3 {
				sh := mustLoad(t, name)
				r.Shuffle(len(sh.Groups), func(i, j int) { sh.Groups[i], sh.Groups[j] = sh.Groups[j], sh.Groups[i] })
				r.Shuffle(len(sh.Owners), func(i, j int) { sh.Owners[i], sh.Owners[j] = sh.Owners[j], sh.Owners[i] })
				r.Shuffle(len(sh.Interfaces), func(i, j int) { sh.Interfaces[i], sh.Interfaces[j] = sh.Interfaces[j], sh.Interfaces[i] })
				for k := range sh.Groups {
					rs := sh.Groups[k].Rules
					r.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
				}
				if got := mustDOT(t, mustBuild(t, sh, "", Options{View: Detail})); string(got) != string(want) {
					t.Fatalf("DOT depends on input order:\n%s", cmp.Diff(string(want), string(got)))
				}
				if got := mustJSON(t, mustBuild(t, sh, "", Options{})); string(got) != string(wantJSON) {
					t.Fatalf("JSON depends on input order:\n%s", cmp.Diff(string(wantJSON), string(got)))
				}
			}
		})
	}
}

// TestBuild_EveryRuleDrawn: every rule of the VPC's groups is behind some
// edge, except default egress when it is hidden.
func TestBuild_EveryRuleDrawn(t *testing.T) {
	for _, name := range []string{"article", "antipattern", "overlap", "selfref", "references", "groups", "protocols", "collapse", "hostile"} {
		for _, egress := range []bool{false, true} {
			s := mustLoad(t, name)
			g := mustBuild(t, s, "", Options{Egress: egress})
			drawn := map[string]bool{}
			for _, e := range g.Edges {
				for _, r := range e.Rules {
					drawn[r] = true
				}
			}
			for _, sg := range s.Groups {
				for _, r := range sg.Rules {
					if !egress && isDefaultEgress(r) {
						if drawn[ruleID(sg.ID, r)] {
							t.Errorf("%s: default egress %s drawn without egress=1", name, r.ID)
						}
						continue
					}
					if !drawn[ruleID(sg.ID, r)] {
						t.Errorf("%s egress=%v: rule %s of %s is on no edge", name, egress, ruleID(sg.ID, r), sg.ID)
					}
				}
			}
		}
	}
}

// TestBuild_AWSCLI draws records hand-converted from the AWS CLI's own
// examples (testdata/README.md).
func TestBuild_AWSCLI(t *testing.T) {
	s := mustLoad(t, "awscli")
	tests := []struct {
		vpc   string
		edges map[string]string
		check func(t *testing.T, g *Graph)
	}{
		{"vpc-1a2b3c4d", map[string]string{
			"MySecurityGroup -> MySecurityGroup (rule)": "All traffic / both",
			"203.0.113.0/24 -> MySecurityGroup (rule)":  "TCP 22 / both",
		}, func(t *testing.T, g *Graph) {
			if n := findNode(g, "cidr:203.0.113.0/24"); n == nil || n.Detail != "Access from NY office" {
				t.Errorf("office CIDR = %+v", n)
			}
			if gr := findGroup(g, "MySecurityGroup"); len(gr.Members) != 0 {
				t.Errorf("MySecurityGroup has no ENIs in the examples: %+v", gr)
			}
		}},
		{"vpc-a01106c2", map[string]string{}, func(t *testing.T, g *Graph) {
			gr := findGroup(g, "sg-8637d3e3")
			if gr == nil || !gr.Missing || len(gr.Members) != 2 {
				t.Errorf("default group named by both ENIs but not described: %+v", gr)
			}
		}},
		{"vpc-8941ebec", map[string]string{}, func(t *testing.T, g *Graph) {
			n := findNode(g, "eni-b9a5ac93")
			if n == nil || n.Kind != KindENI || n.Detail != "ProdENI" || len(n.Addresses) != 2 {
				t.Errorf("unattached ENI = %+v", n)
			}
		}},
		{"vpc-11223344", map[string]string{
			"MySG1 -> sg-ef6fba8b (rule)": "TCP 22 / egress-only",
			"sg-279ab042 -> MySG2 (rule)": "TCP 22 / ingress-only",
		}, func(t *testing.T, g *Graph) {
			for _, id := range []string{"unknown:sg-ef6fba8b", "unknown:sg-279ab042"} {
				if n := findNode(g, id); n == nil || n.Kind != KindUnknownGroup || n.Detail != "stale reference" {
					t.Errorf("stale peered reference %s = %+v", id, n)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.vpc, func(t *testing.T) {
			g := mustBuild(t, s, tt.vpc, Options{})
			checkInvariants(t, s, g)
			if diff := cmp.Diff(tt.edges, edgeSummary(g)); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			tt.check(t, g)
		})
	}
}

// TestBuild_FocusKeepsNesting: in a focused diagram a big group may show
// as few members as the focused one; it must still be drawn around it.
func TestBuild_FocusKeepsNesting(t *testing.T) {
	s := mustLoad(t, "overlap")
	g := mustBuild(t, s, "", Options{Focus: "monitoring"})
	checkInvariants(t, s, g)
	mon, all := findGroup(g, "monitoring"), findGroup(g, "everything")
	if mon.Parent != all.ID || all.Parent != "" || all.Hidden != 3 {
		t.Errorf("monitoring parent %q, everything parent %q hidden %d; want everything (3 hidden) around monitoring",
			mon.Parent, all.Parent, all.Hidden)
	}
	if m := findGroup(g, "metrics"); m == nil || m.Hidden != 2 || len(m.Members) != 0 {
		t.Errorf("neighbour metrics = %+v", m)
	}
}
