package graph

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sgmap/sgmap/demo"
)

// TestShared_ChipsPlusEnclosures checks, for every node of every VPC of
// every demo in every view (and each VPC's first application), that the
// groups enclosing it (its cluster, that cluster's parents, a region's
// groups) plus its chips are its groups; in the map, that every group is
// in exactly one app box or is one shared-group node.
func TestShared_ChipsPlusEnclosures(t *testing.T) {
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			apps, err := Applications(s, vpc, "")
			if err != nil {
				t.Fatal(err)
			}
			opts := []Options{{View: Overview}, {View: Detail}, {View: Map}, {View: Overview, App: apps[0].Name}}
			for _, opt := range opts {
				g := mustBuild(t, s, vpc, opt)
				if opt.View == Map {
					checkMapGroups(t, name+" "+vpc, g)
					continue
				}
				checkChips(t, name+" "+vpc+" "+string(opt.View)+" app="+opt.App, g)
			}
		}
	}
}

func checkChips(t *testing.T, where string, g *Graph) {
	t.Helper()
	groups := map[string]*Group{}
	for i := range g.Groups {
		groups[g.Groups[i].ID] = &g.Groups[i]
	}
	regions := map[string]*Region{}
	for i := range g.Regions {
		regions[g.Regions[i].ID] = &g.Regions[i]
	}
	for _, n := range g.Nodes {
		if n.Chips == nil {
			t.Errorf("%s: node %s has no chips list", where, n.ID)
		}
		if n.Kind == KindApp || n.Kind == KindSharedGroup || peerKinds[n.Kind] {
			continue
		}
		var got []string
		for at := n.Cluster; at != ""; {
			if r := regions[at]; r != nil {
				got = append(got, r.Groups...)
				at = r.Parent
				continue
			}
			gr := groups[at]
			if gr == nil {
				t.Fatalf("%s: node %s drawn in unknown cluster %s", where, n.ID, at)
			}
			if gr.Shared {
				t.Errorf("%s: node %s drawn inside shared group %s", where, n.ID, at)
			}
			got = append(got, at)
			at = gr.Parent
		}
		got = append(got, n.Chips...)
		slices.Sort(got)
		if diff := cmp.Diff(n.Groups, slices.Compact(got), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: node %s: groups vs enclosures+chips (-groups +drawn):\n%s", where, n.ID, diff)
		}
	}
}

func checkMapGroups(t *testing.T, where string, g *Graph) {
	t.Helper()
	in := map[string]int{}
	for _, n := range g.Nodes {
		switch n.Kind {
		case KindApp:
			for _, gid := range n.Groups {
				if !slices.Contains(n.Chips, gid) {
					in[gid]++
				}
			}
		case KindSharedGroup:
			in[n.ID]++
		}
	}
	for _, gr := range g.Groups {
		if in[gr.ID] != 1 {
			t.Errorf("%s: map: group %s (%s) drawn in %d boxes, want 1", where, gr.ID, gr.Name, in[gr.ID])
		}
	}
	if len(g.Apps) == 0 {
		t.Errorf("%s: map without apps", where)
	}
}

func TestMergeLabels(t *testing.T) {
	tests := []struct {
		in          []string
		short, full string
	}{
		{[]string{"TCP 443", "TCP 8443"}, "TCP 443, 8443", "TCP 443, 8443"},
		{[]string{"TCP 80, 443", "TCP 8443; UDP 53", "TCP 9000-9100", "ICMP 8/any"},
			"TCP 80, 443, 8443 +3 more", "TCP 80, 443, 8443, 9000-9100; UDP 53; ICMP 8/any"},
		{[]string{"TCP 443", "All TCP"}, "All TCP", "All TCP"},
		{[]string{"TCP 443", "All traffic"}, "All traffic", "All traffic"},
		{[]string{"Protocol 50", "TCP 22"}, "TCP 22; Protocol 50", "TCP 22; Protocol 50"},
		{[]string{"HTTP 8080", "HTTP 8080"}, "HTTP 8080", "HTTP 8080"},
	}
	for _, tt := range tests {
		short, full := mergeLabels(tt.in)
		if short != tt.short || full != tt.full {
			t.Errorf("mergeLabels(%q) = %q, %q; want %q, %q", tt.in, short, full, tt.short, tt.full)
		}
	}
}

// TestDefaultView checks the article and antipattern stay overviews and
// every VPC of the large demo opens as its map.
func TestDefaultView(t *testing.T) {
	for name, want := range map[string]View{"article": Overview, "antipattern": Overview, "large": Map} {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			got, err := DefaultView(s, vpc, Options{})
			if err != nil || got != want {
				t.Errorf("DefaultView(%s, %s) = %q, %v; want %q", name, vpc, got, err, want)
			}
			if got, _ := DefaultView(s, vpc, Options{Focus: "x"}); got != Overview {
				t.Errorf("DefaultView(%s, %s, focus) = %q, want overview", name, vpc, got)
			}
		}
	}
}
