package reach_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/input/awscli"
	"github.com/sgmap/sgmap/reach"
)

// sharedAWS holds third-party AWS samples beside the checkout.
const sharedAWS = "../../shared/data/aws"

// crossSnapshots are every demo, every edge-case snapshot of graph/testdata
// and every importable sample under sharedAWS.
func crossSnapshots(t *testing.T) map[string]*sgmap.Snapshot {
	t.Helper()
	out := map[string]*sgmap.Snapshot{}
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		out["demo "+name] = s
	}
	files, _ := filepath.Glob("../graph/testdata/*.snapshot.json")
	if len(files) == 0 {
		t.Fatal("no edge-case snapshots in graph/testdata")
	}
	for _, f := range files {
		s, err := sgmap.LoadSnapshotFile(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = s
	}
	samples, _ := filepath.Glob(filepath.Join(sharedAWS, "*", "*.json"))
	if len(samples) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no samples in %s: the cross-check must see the real data under CI", sharedAWS)
		}
		t.Logf("no samples in %s: checking demos and edge cases only", sharedAWS)
	}
	imported := 0
	for _, f := range samples {
		s, err := awscli.Import([]string{f})
		if err != nil {
			continue // launch templates, --query outputs: nothing to draw (collector tests say which)
		}
		out[f], imported = s, imported+1
	}
	if len(samples) > 0 && imported == 0 {
		t.Fatalf("none of the %d samples under %s imported", len(samples), sharedAWS)
	}
	return out
}

// TestCrossCheck: the diagram's edges, the audit's one-sided findings and
// reach agree on every pair and service. For every rule behind a rule edge
// of every VPC's detail diagram: the rule is on the pair's "both" edge
// exactly when reach finds some of its service passing between the same
// ends, and exactly when the audit has no one-sided finding on it (for
// rules between ends whose rules sgmap knows); and every one-sided finding
// is a rule the diagram draws one-sided only.
func TestCrossCheck(t *testing.T) {
	snaps := crossSnapshots(t)
	names := make([]string, 0, len(snaps))
	for n := range snaps {
		names = append(names, n)
	}
	slices.Sort(names)
	checked := 0
	for _, name := range names {
		checked += crossCheck(t, name, snaps[name])
	}
	if checked < 100 {
		t.Errorf("only %d rules cross-checked", checked)
	}
	t.Logf("%d snapshots, %d rules cross-checked", len(snaps), checked)
}

// ruleAt is a rule and the group it belongs to.
type ruleAt struct {
	group *sgmap.SecurityGroup
	rule  sgmap.Rule
}

func crossCheck(t *testing.T, name string, s *sgmap.Snapshot) int {
	x := sgmap.NewIndex(s)
	eng := reach.New(x)
	rules := map[string]ruleAt{}
	for i := range s.Groups {
		for _, r := range s.Groups[i].Rules {
			rules[reach.RuleID(s.Groups[i].ID, r)] = ruleAt{&s.Groups[i], r}
		}
	}
	oneSided := map[string]bool{}
	for _, f := range audit.Run(s, audit.Options{}) {
		if f.ID == audit.IDOneSided {
			oneSided[f.RuleID] = true
		}
	}
	drawnOneSided := map[string]bool{}
	checked := 0
	for _, vpc := range s.VPCIDs() {
		g, err := graph.Build(s, vpc, graph.Options{View: graph.Detail})
		if err != nil {
			continue // a VPC too big to draw has no diagram to disagree with
		}
		inBoth := map[string]bool{}
		for _, e := range g.Edges {
			if e.Kind == graph.EdgeRule && e.Effective == graph.EffectiveBoth {
				for _, id := range e.Rules {
					inBoth[e.From+"→"+e.To+" "+id] = true
				}
			}
		}
		for _, e := range g.Edges {
			if e.Kind != graph.EdgeRule {
				continue
			}
			for _, id := range e.Rules {
				ra, ok := rules[id]
				if !ok {
					t.Fatalf("%s %s: edge %s names rule %q the snapshot lacks", name, vpc, e.ID, id)
				}
				both := inBoth[e.From+"→"+e.To+" "+id]
				if !both {
					drawnOneSided[id] = true
				}
				where := name + " " + vpc + " " + e.ID + " rule " + id + " (" + ra.rule.Service().Label() + ")"
				if passes, ok := reachPasses(t, eng, g, vpc, e, ra.rule.Service()); ok && passes != both {
					t.Fatalf("%s: diagram says both=%v, reach says passes=%v", where, both, passes)
				}
				if checkable(eng, g, e) && oneSided[id] == both {
					t.Fatalf("%s: diagram says both=%v, audit one-sided=%v", where, both, oneSided[id])
				}
				checked++
			}
		}
	}
	for id := range oneSided {
		if !drawnOneSided[id] {
			t.Fatalf("%s: audit reports rule %s one-sided, the diagram draws no one-sided edge for it", name, id)
		}
	}
	return checked
}

// queryArg is what a user would give reach for a diagram end, and false
// for ends reach is not asked about (prefix lists, groups outside the
// snapshot).
func queryArg(x *sgmap.Index, g *graph.Graph, id string) (string, bool) {
	for _, gr := range g.Groups {
		if gr.ID == id {
			return id, !gr.Missing
		}
	}
	for _, n := range g.Nodes {
		if n.ID != id {
			continue
		}
		switch n.Kind {
		case graph.KindInternet:
			return reach.IDInternet, true
		case graph.KindCIDR:
			return strings.TrimPrefix(id, "cidr:"), true
		case graph.KindExternalGroup:
			sg := id[strings.LastIndex(id, "/")+1:]
			sg = strings.TrimPrefix(sg, "ext:")
			return sg, x.Groups[sg] != nil
		case graph.KindPrefixList, graph.KindUnknownGroup:
			return "", false
		}
		return id, n.Count == 1
	}
	return "", false
}

// reachPasses asks reach whether some of svc passes between e's ends.
func reachPasses(t *testing.T, eng *reach.Engine, g *graph.Graph, vpc string, e graph.Edge, svc sgmap.Service) (bool, bool) {
	from, ok1 := queryArg(eng.Index(), g, e.From)
	to, ok2 := queryArg(eng.Index(), g, e.To)
	if !ok1 || !ok2 {
		return false, false
	}
	res, err := eng.Run(reach.Query{VPC: vpc, From: from, To: to, Service: &svc, NoLB: true})
	if err != nil {
		t.Fatalf("reach %s → %s in %s: %v", from, to, vpc, err)
	}
	return slices.ContainsFunc(res.Flows, func(f reach.Flow) bool { return f.Effective == reach.Both }), true
}

// checkable reports whether both ends of e have rules sgmap knows: the
// audit judges one-sidedness only there (elsewhere an end allows all).
func checkable(eng *reach.Engine, g *graph.Graph, e graph.Edge) bool {
	for _, id := range []string{e.From, e.To} {
		arg, ok := queryArg(eng.Index(), g, id)
		if !ok || arg == reach.IDInternet || strings.Contains(arg, "/") {
			return false
		}
		var end *reach.End
		if eng.Index().Groups[arg] != nil {
			end = eng.Group(arg)
		} else if eng.Index().Owners[arg] != nil {
			end = eng.Owner(arg)
		} else if m := eng.Index().Interfaces[arg]; m != nil {
			end = eng.Interfaces(arg, []*sgmap.NetworkInterface{m})
		}
		if end == nil || !end.Known {
			return false
		}
	}
	return true
}
