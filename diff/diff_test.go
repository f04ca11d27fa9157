package diff

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
)

const vpc = "vpc-0000000000000aaaa"

// base is a small VPC: web (443 from the world, ssh from admin), admin, and
// an instance in web.
func base() *sgmap.Snapshot {
	s := &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, ID: "base", VPCs: []sgmap.VPC{{ID: vpc, CIDRs: []string{"10.0.0.0/16"}}}}
	s.Groups = []sgmap.SecurityGroup{
		{ID: "sg-web", Name: "web", VPCID: vpc, Rules: []sgmap.Rule{
			{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "HTTPS from users"},
			{ID: "sgr-2", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-admin"}, Description: "SSH from bastion"},
		}},
		{ID: "sg-admin", Name: "bastion", VPCID: vpc, Rules: []sgmap.Rule{
			{ID: "sgr-3", Direction: sgmap.Egress, Protocol: "tcp", FromPort: 22, ToPort: 22, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-web"}, Description: "SSH to web"},
		}},
	}
	s.Interfaces = []sgmap.NetworkInterface{
		{ID: "eni-1", VPCID: vpc, GroupIDs: []string{"sg-web"}, OwnerID: "i-1", PrivateIPs: []string{"10.0.0.5"}},
		{ID: "eni-2", VPCID: vpc, GroupIDs: []string{"sg-admin"}, OwnerID: "i-2", PrivateIPs: []string{"10.0.0.6"}},
	}
	s.Owners = []sgmap.Owner{
		{ID: "i-1", Kind: sgmap.OwnerInstance, Name: "web-1", VPCID: vpc, InterfaceIDs: []string{"eni-1"}},
		{ID: "i-2", Kind: sgmap.OwnerInstance, Name: "bastion-1", VPCID: vpc, InterfaceIDs: []string{"eni-2"}},
	}
	return s
}

func group(s *sgmap.Snapshot, id string) *sgmap.SecurityGroup {
	for i := range s.Groups {
		if s.Groups[i].ID == id {
			return &s.Groups[i]
		}
	}
	panic(id)
}

// kinds lists a VPC diff's changes as "what change subject" strings.
func kinds(d *Diff) []string {
	var out []string
	for _, v := range d.VPCs {
		for _, g := range v.Groups {
			out = append(out, "group "+g.Change+" "+g.ID)
		}
		for _, r := range v.Rules {
			out = append(out, "rule "+r.Change+" "+r.GroupID)
		}
		for _, m := range v.Members {
			out = append(out, "member "+m.Change+" "+m.OwnerID+" "+m.GroupID)
		}
		for _, o := range v.Owners {
			out = append(out, "owner "+o.Change+" "+o.ID)
		}
		for _, f := range v.Introduced {
			out = append(out, "introduced "+f.ID+" "+f.SubjectID)
		}
		for _, f := range v.Resolved {
			out = append(out, "resolved "+f.ID+" "+f.SubjectID)
		}
	}
	return out
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *sgmap.Snapshot)
		want   []string // changes other than findings
		intro  []string // finding ids that must be introduced
	}{
		{"nothing", func(s *sgmap.Snapshot) {}, nil, nil},
		{"group added", func(s *sgmap.Snapshot) {
			s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: "sg-new", Name: "cache", VPCID: vpc})
		}, []string{"group added sg-new"}, []string{"unused-group"}},
		{"group renamed", func(s *sgmap.Snapshot) { group(s, "sg-admin").Name = "admin-hosts" },
			[]string{"group renamed sg-admin"}, nil},
		{"rule added", func(s *sgmap.Snapshot) {
			g := group(s, "sg-web")
			g.Rules = append(g.Rules, sgmap.Rule{ID: "sgr-9", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "HTTP"})
		}, []string{"rule added sg-web"}, nil},
		{"rule removed", func(s *sgmap.Snapshot) { g := group(s, "sg-web"); g.Rules = g.Rules[:1] },
			[]string{"rule removed sg-web"}, nil},
		{"rule id changed, content not", func(s *sgmap.Snapshot) { group(s, "sg-web").Rules[1].ID = "sgr-22" }, nil, nil},
		{"two rule ids changed, one peer, content not", func(s *sgmap.Snapshot) {
			g := group(s, "sg-web")
			g.Rules = append(g.Rules, sgmap.Rule{ID: "sgr-8", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "HTTP"})
			g.Rules[0].ID, g.Rules[2].ID = "sgr-80", "sgr-81"
		}, []string{"rule added sg-web"}, nil},
		{"rule id removed, content not", func(s *sgmap.Snapshot) { group(s, "sg-web").Rules[0].ID = "" }, nil, nil},
		{"port changed", func(s *sgmap.Snapshot) {
			r := &group(s, "sg-web").Rules[0]
			r.FromPort, r.ToPort = 8443, 8443
		}, []string{"rule changed sg-web"}, nil},
		{"port changed, no ids", func(s *sgmap.Snapshot) {
			r := &group(s, "sg-web").Rules[0]
			r.ID, r.FromPort, r.ToPort = "", 8443, 8443
		}, []string{"rule changed sg-web"}, nil},
		{"description changed", func(s *sgmap.Snapshot) { group(s, "sg-web").Rules[0].Description = "HTTPS" },
			[]string{"rule changed sg-web"}, nil},
		{"owner renamed: finding messages change, findings do not", func(s *sgmap.Snapshot) { s.Owners[0].Name = "web-one" }, nil, nil},
		{"owner added", func(s *sgmap.Snapshot) {
			s.Owners = append(s.Owners, sgmap.Owner{ID: "i-3", Kind: sgmap.OwnerInstance, VPCID: vpc, GroupIDs: []string{"sg-web"}})
		}, []string{"owner added i-3"}, nil},
		{"owner removed", func(s *sgmap.Snapshot) { s.Owners = s.Owners[:1]; s.Interfaces = s.Interfaces[:1] },
			[]string{"owner removed i-2"}, []string{"unused-group"}},
		{"membership moves", func(s *sgmap.Snapshot) { s.Interfaces[0].GroupIDs = []string{"sg-admin"} },
			[]string{"member joined i-1 sg-admin", "member left i-1 sg-web"}, []string{"unused-group"}},
		{"group deleted, still referenced", func(s *sgmap.Snapshot) {
			s.Groups = s.Groups[:1]
			s.Interfaces[1].GroupIDs = []string{"sg-web"}
		}, []string{"group removed sg-admin", "rule removed sg-admin", "member left i-2 sg-admin", "member joined i-2 sg-web"},
			[]string{audit.IDDanglingReference}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := base(), base()
			b.ID = "changed"
			tc.change(b)
			d := Compare(a, b, Options{})
			var got []string
			for _, k := range kinds(d) {
				if !hasPrefix(k, "introduced ", "resolved ") {
					got = append(got, k)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes = %q, want %q", got, tc.want)
			}
			ids := findingIDs(d.Introduced())
			for _, id := range tc.intro {
				if !slices.Contains(ids, id) {
					t.Errorf("introduced %q, want %s among them", ids, id)
				}
			}
			if tc.want == nil && tc.intro == nil && !d.Empty() {
				t.Errorf("want no change, got %q", kinds(d))
			}
		})
	}
}

func hasPrefix(s string, ps ...string) bool {
	for _, p := range ps {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

func findingIDs(fs []audit.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// TestCompare_FindingsResolved checks the reverse direction: what a change
// introduces, undoing it resolves.
func TestCompare_FindingsResolved(t *testing.T) {
	a, b := base(), base()
	b.Groups = b.Groups[:1]
	b.Interfaces[1].GroupIDs = []string{"sg-web"}
	fwd, back := Compare(a, b, Options{}), Compare(b, a, Options{})
	if got, want := findingIDs(back.Resolved()), findingIDs(fwd.Introduced()); !slices.Equal(got, want) || len(got) == 0 {
		t.Errorf("resolved backwards %q, introduced forwards %q", got, want)
	}
}

// articleChanged is the article demo with SSH opened to the world on the
// game servers and the 9999 scrape rule into them removed.
func articleChanged(t testing.TB) (a, b *sgmap.Snapshot) {
	t.Helper()
	a, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	b = clone(t, a)
	b.ID = "article-changed"
	g := group(b, "sg-0a1b2c3d4e5f60001")
	var kept []sgmap.Rule
	for _, r := range g.Rules {
		if !(r.Direction == sgmap.Ingress && r.FromPort == 9999) {
			kept = append(kept, r)
		}
	}
	if len(kept) != len(g.Rules)-1 {
		t.Fatalf("article: no single 9999 ingress rule on the game servers")
	}
	g.Rules = append(kept, sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
		Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "debug"})
	return a, b
}

func clone(t testing.TB, s *sgmap.Snapshot) *sgmap.Snapshot {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var c sgmap.Snapshot
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func TestCompare_Article(t *testing.T) {
	a, b := articleChanged(t)
	d := Compare(a, b, Options{})
	var rules []string
	for _, v := range d.VPCs {
		for _, r := range v.Rules {
			rr := r.New
			if rr == nil {
				rr = r.Old
			}
			rules = append(rules, r.Change+" "+RuleText(rr, rr.Peer.String()))
		}
	}
	want := []string{"added ingress TCP 22 from 0.0.0.0/0", "removed ingress TCP 9999 from sg-0a1b2c3d4e5f60003"}
	if !slices.Equal(rules, want) {
		t.Errorf("rule changes = %q, want %q", rules, want)
	}
	if ids := findingIDs(d.Introduced()); !slices.Contains(ids, audit.IDAdminPortOpen) {
		t.Errorf("introduced %q, want admin-port-open", ids)
	}
	if self := Compare(a, a, Options{}); !self.Empty() {
		t.Errorf("article vs itself: %q", kinds(self))
	}
}

// TestWrite_HostileNames checks names from a snapshot cannot inject
// terminal escapes or Markdown into the outputs.
func TestWrite_HostileNames(t *testing.T) {
	a, b := base(), base()
	group(b, "sg-web").Name = "web\x1b[2J\n| **x** <script>"
	d := Compare(a, b, Options{})
	var txt, md strings.Builder
	if err := WriteText(&txt, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(txt.String(), "\x1b") {
		t.Errorf("text output carries an escape: %q", txt.String())
	}
	if m := md.String(); strings.Contains(m, "<script>") || strings.Contains(m, "| **x**") || strings.Contains(m, "\x1b") {
		t.Errorf("markdown not escaped: %q", m)
	}
	if !strings.Contains(txt.String(), "renamed") {
		t.Errorf("text output lacks the rename: %q", txt.String())
	}
}

// TestCompare_VPCFilter checks Options.VPC keeps one VPC's changes and
// leaves out another's.
func TestCompare_VPCFilter(t *testing.T) {
	const other = "vpc-0000000000000bbbb"
	a := base()
	a.VPCs = append(a.VPCs, sgmap.VPC{ID: other})
	a.Groups = append(a.Groups, sgmap.SecurityGroup{ID: "sg-other", Name: "other", VPCID: other})
	b := clone(t, a)
	group(b, "sg-other").Name = "renamed"
	r := &group(b, "sg-web").Rules[0]
	r.FromPort, r.ToPort = 444, 444
	if d := Compare(a, b, Options{VPC: other}); !slices.Equal(kinds(d), []string{"group renamed sg-other"}) {
		t.Errorf("-vpc %s: %q", other, kinds(d))
	}
	d := Compare(a, b, Options{VPC: vpc})
	if len(d.VPCs) != 1 || d.VPCs[0].VPCID != vpc || len(d.VPCs[0].Rules) != 1 || len(d.VPCs[0].Groups) != 0 {
		t.Errorf("-vpc %s: %q", vpc, kinds(d))
	}
}
