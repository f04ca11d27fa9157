package audit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

const (
	in  = sgmap.Ingress
	out = sgmap.Egress
)

func wantSubjects(t *testing.T, fs []Finding, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, subjects(fs)); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nall: %+v", diff, fs)
	}
}

func TestNameDescribesRules_Groups(t *testing.T) {
	f := newFixture().group("sg-a", "allow-https-8443").group("sg-b", "game-servers-production").
		eni("eni-1", "game-1", "10.0.1.11", "sg-a").eni("eni-2", "game-2", "10.0.1.12", "sg-a").
		eni("eni-3", "game-3", "10.0.1.13", "sg-b")
	fs := f.run(t, IDNameDescribesRules)
	wantSubjects(t, fs, []string{"sg-a"})
	if len(fs) == 1 && !strings.Contains(fs[0].Message, "`game-servers-production`") {
		t.Errorf("message should suggest a name from the members and the VPC's environment: %q", fs[0].Message)
	}
}

func TestSameMembers(t *testing.T) {
	f := newFixture().group("sg-a", "web").group("sg-b", "web-2").group("sg-c", "web-3").
		group("sg-d", "web-1-only").group("sg-e", "jobs").group("sg-f", "jobs-and-more").
		group("sg-g", "empty-1").group("sg-h", "empty-2").
		eni("eni-1", "web-1", "10.0.1.1", "sg-a", "sg-b", "sg-c", "sg-d").
		eni("eni-2", "web-2", "10.0.1.2", "sg-a", "sg-b", "sg-c").
		eni("eni-3", "job-1", "10.0.1.3", "sg-e", "sg-f").
		eni("eni-4", "job-2", "10.0.1.4", "sg-f")
	fs := f.run(t, IDSameMembers)
	wantSubjects(t, fs, []string{"sg-a"})
	if len(fs) == 1 {
		if diff := cmp.Diff([]string{"sg-b", "sg-c"}, fs[0].Related); diff != "" {
			t.Errorf("Related (-want +got):\n%s", diff)
		}
	}
}

func TestCIDRMatchesGroup(t *testing.T) {
	f := newFixture().
		group("sg-web", "web").group("sg-lb", "lb-web").group("sg-workers", "workers").group("sg-other", "other").
		group("sg-api", "api").group("sg-v6", "v6").
		eni("eni-w", "web-1", "10.0.1.10", "sg-web").
		// An NLB without groups, with two addresses.
		eni("eni-n1", "nlb", "10.0.1.30").eni("eni-n2", "nlb", "10.0.1.31").
		// An ALB alone in its group.
		eni("eni-a1", "alb", "10.0.1.40", "sg-lb").
		// Two workers, each also in another group.
		eni("eni-k1", "worker-1", "10.0.1.50", "sg-workers", "sg-other").
		eni("eni-k2", "worker-2", "10.0.1.51", "sg-workers").
		eni("eni-v6", "v6-host", "10.0.1.60", "sg-v6")
	for i := range f.s.Owners {
		if f.s.Owners[i].ID == "nlb" {
			f.s.Owners[i].Kind = sgmap.OwnerLoadBalancer
			f.s.Owners[i].LoadBalancer = &sgmap.LoadBalancer{Type: "network", Scheme: "internet-facing"}
		}
	}
	f.s.Interfaces[len(f.s.Interfaces)-1].IPv6Addresses = []string{"2600:1f18::60"}
	f.rule("sg-web", in, "tcp/443", "10.0.1.30/32").rule("sg-web", in, "tcp/443", "10.0.1.31/32"). // NLB: fires
													rule("sg-web", in, "tcp/8443", "10.0.1.40/32").                                                // ALB: fires, reference sg-lb
													rule("sg-web", in, "tcp/9999", "10.0.1.50/32").rule("sg-web", in, "tcp/9999", "10.0.1.51/32"). // workers: fires
													rule("sg-web", in, "tcp/22", "10.0.1.30/32").                                                  // half the NLB: no
													rule("sg-web", in, "tcp/80", "10.0.1.0/24").                                                   // a subnet: no
													rule("sg-web", in, "tcp/7000", "10.0.1.99/32").                                                // unknown address: no
													rule("sg-api", in, "tcp/443", "2600:1f18::60/128")                                             // IPv6 address of v6-host: fires
	fs := f.run(t, IDCIDRMatchesGroup)
	wantSubjects(t, fs, []string{"sg-web sgr-ab", "sg-web sgr-ad", "sg-web sgr-ae", "sg-api sgr-aj"})
	msgs := map[string]string{}
	for _, x := range fs {
		msgs[x.RuleID] = x.Message
	}
	for rule, want := range map[string]string{
		"sgr-ab": "August 2023", "sgr-ad": "reference group sg-lb (lb-web)", "sgr-ae": "reference group sg-workers (workers)",
		"sgr-aj": "reference group sg-v6 (v6) instead of 2600:1f18::60/128: these are the private addresses of instance v6-host",
	} {
		if !strings.Contains(msgs[rule], want) {
			t.Errorf("message for %s = %q, want it to contain %q", rule, msgs[rule], want)
		}
	}
}

func TestWideSource(t *testing.T) {
	f := newFixture().group("sg-a", "app").group("sg-lb", "public-nlb").group("sg-m", "metrics").
		eni("eni-m", "prom", "10.0.2.5", "sg-m").
		rule("sg-a", in, "tcp/9999", "10.0.0.0/16").   // the VPC: fires
		rule("sg-a", in, "tcp/9998", "10.0.0.0/8").    // covers the VPC: fires
		rule("sg-a", in, "tcp/8080", "0.0.0.0/0").     // fires
		rule("sg-a", in, "tcp/8081", "::/0").          // fires
		rule("sg-a", in, "udp/53", "0.0.0.0/0").       // fires
		rule("sg-a", in, "tcp/80-443", "0.0.0.0/0").   // a range beyond 80 and 443: fires
		rule("sg-a", in, "tcp/443", "0.0.0.0/0").      // no
		rule("sg-a", in, "tcp/80", "::/0").            // no
		rule("sg-a", in, "udp/443", "::/0").           // HTTP/3: no
		rule("sg-a", in, "tcp/9997", "10.0.1.0/24").   // a subnet: no
		rule("sg-a", in, "icmp/-1/-1", "0.0.0.0/0").   // ICMP: no
		rule("sg-a", in, "tcp/22", "0.0.0.0/0").       // admin-port-open instead: no
		rule("sg-a", in, "tcp/9999", "sg-m").          // a group: no
		rule("sg-a", out, "tcp/9999", "0.0.0.0/0").    // egress: no
		rule("sg-a", in, "tcp/9996", "2600:1f18::/56") // the VPC's IPv6 block: fires
	f.eni("eni-lb", "nlb", "10.0.1.9", "sg-lb").rule("sg-lb", in, "tcp/8443", "0.0.0.0/0") // a public listener: no
	for i := range f.s.Owners {
		if f.s.Owners[i].ID == "nlb" {
			f.s.Owners[i].Kind = sgmap.OwnerLoadBalancer
			f.s.Owners[i].LoadBalancer = &sgmap.LoadBalancer{Type: "network", Scheme: "internet-facing",
				Listeners: []sgmap.Listener{{Protocol: "TLS", Port: 8443}}}
		}
	}
	fs := f.run(t, IDWideSource)
	var got []string
	for _, x := range fs {
		for _, r := range f.findGroup(x.GroupID).Rules {
			if r.ID == x.RuleID {
				got = append(got, string(r.Direction)+" "+r.Service().Label()+" "+r.Peer.Value)
			}
		}
	}
	want := []string{"ingress TCP 9999 10.0.0.0/16", "ingress TCP 9998 10.0.0.0/8", "ingress TCP 8080 0.0.0.0/0",
		"ingress TCP 8081 ::/0", "ingress UDP 53 0.0.0.0/0", "ingress TCP 80-443 0.0.0.0/0", "ingress TCP 9996 2600:1f18::/56"}
	if diff := cmp.Diff(want, got, sortStrings); diff != "" {
		t.Errorf("wide-source rules (-want +got):\n%s", diff)
	}
	for _, x := range fs {
		if strings.Contains(x.Message, "TCP 9999") && !strings.Contains(x.Message, "leftover") {
			t.Errorf("the VPC-wide 9999 rule has a group rule beside it; the message should call it a leftover: %q", x.Message)
		}
	}
}

var sortStrings = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

func TestAdminPortOpen(t *testing.T) {
	f := newFixture().group("sg-a", "bastion").group("sg-b", "db").
		rule("sg-a", in, "tcp/22", "0.0.0.0/0").      // ab fires
		rule("sg-a", in, "tcp/3389", "::/0").         // ac fires
		rule("sg-b", in, "tcp/5432", "0.0.0.0/0").    // ad fires
		rule("sg-b", in, "-1", "::/0").               // ae fires
		rule("sg-b", in, "tcp/0-65535", "0.0.0.0/0"). // af fires
		rule("sg-b", in, "tcp/20-30", "0.0.0.0/0").   // ag covers 22: fires
		rule("sg-a", in, "tcp/22", "10.0.0.0/16").    // no
		rule("sg-a", in, "tcp/22", "sg-b").           // no
		rule("sg-a", in, "tcp/22", "pl-123").         // no
		rule("sg-a", in, "tcp/443", "0.0.0.0/0").     // no
		rule("sg-a", in, "udp/22", "0.0.0.0/0").      // no
		rule("sg-a", out, "tcp/22", "0.0.0.0/0")      // egress: no
	fs := f.run(t, IDAdminPortOpen)
	wantSubjects(t, fs, []string{"sg-a sgr-ab", "sg-a sgr-ac", "sg-b sgr-ad", "sg-b sgr-ae", "sg-b sgr-af", "sg-b sgr-ag"})
	for _, x := range fs {
		if x.Severity != Error {
			t.Errorf("%s severity = %s, want error", x.RuleID, x.Severity)
		}
	}
	if len(fs) > 0 && !strings.Contains(fs[0].Message, "SSH 22") {
		t.Errorf("message should name the port: %q", fs[0].Message)
	}
}

func TestMissingDescription(t *testing.T) {
	f := newFixture().group("sg-a", "app").group("sg-d", "default").group("sg-d2", "default").
		ruleDesc("sg-a", in, "tcp/443", "0.0.0.0/0", "").    // ab fires
		ruleDesc("sg-a", in, "tcp/80", "0.0.0.0/0", "  \t"). // ac fires
		ruleDesc("sg-a", out, "-1", "0.0.0.0/0", "all out"). // no
		ruleDesc("sg-d", in, "-1", "sg-d", "").              // unused default group: no
		ruleDesc("sg-d2", in, "-1", "sg-d2", "").            // ag: default group in use: fires
		eni("eni-1", "i-1", "10.0.1.1", "sg-d2")
	f.findGroup("sg-d2").VPCID = "vpc-2"
	f.s.VPCs = append(f.s.VPCs, sgmap.VPC{ID: "vpc-2"})
	wantSubjects(t, f.run(t, IDMissingDescription), []string{"sg-a sgr-ab", "sg-a sgr-ac", "sg-d2 sgr-af"})
}

func TestGroupDescription(t *testing.T) {
	f := newFixture()
	for id, desc := range map[string]string{
		"sg-1": "", "sg-2": "launch-wizard-3 created 2024-05-01T10:11:12.000Z", "sg-3": "Managed by Terraform",
		"sg-4": "allow https 8443", "sg-5": "MyStack/Api/Service/SecurityGroup", "sg-6": "Allow TLS inbound traffic",
		"sg-7": "Production game servers behind the game ALB", "sg-8": "Terraform-managed group for the payments database",
	} {
		f.group(id, "allow-https-8443")
		f.findGroup(id).Description = desc
	}
	f.group("sg-9", "default")
	f.findGroup("sg-9").Description = "default VPC security group"
	wantSubjects(t, f.run(t, IDGroupDescription), []string{"sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"})
}

func TestDanglingReference(t *testing.T) {
	f := newFixture().group("sg-a", "app").group("sg-b", "db")
	f.rule("sg-a", in, "tcp/443", "sg-gone"). // ab: not in the snapshot: fires
							rule("sg-a", in, "tcp/443", "sg-b").             // ac: exists: no
							rule("sg-a", in, "tcp/443", "222222222222/sg-x") // ad: another account: no
	add := func(p sgmap.Peer) {
		f.rules++
		g := f.findGroup("sg-a")
		g.Rules = append(g.Rules, sgmap.Rule{ID: "sgr-z" + string(rune('a'+f.rules)), Direction: in, Protocol: "tcp",
			FromPort: 5432, ToPort: 5432, Description: "x", Peer: p})
	}
	add(sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-b", Stale: true})                                                  // stale: fires
	add(sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-p", VPCID: "vpc-9", PeeringID: "pcx-1", PeeringStatus: "deleted"}) // fires
	add(sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-q", VPCID: "vpc-9", PeeringID: "pcx-2", PeeringStatus: "active"})  // no
	add(sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-r", VPCID: "vpc-9", PeeringID: "pcx-3", PeeringStatus: "active"})  // pcx-3 is deleted in the snapshot: fires
	add(sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-s", AccountID: fxAccount})                                         // same account, missing: fires
	f.s.Peerings = []sgmap.PeeringConnection{{ID: "pcx-3", Status: "deleted"}}
	fs := f.run(t, IDDanglingReference)
	wantSubjects(t, fs, []string{"sg-a sgr-ab", "sg-a sgr-ze", "sg-a sgr-zf", "sg-a sgr-zh", "sg-a sgr-zi"})
	for _, x := range fs {
		if x.Severity != Error {
			t.Errorf("%s severity = %s, want error", x.RuleID, x.Severity)
		}
	}
}

func TestOneSided(t *testing.T) {
	f := newFixture().
		group("sg-app", "app").group("sg-db", "db").
		group("sg-app2", "app2").group("sg-db2", "db2").
		group("sg-app3", "app3").group("sg-cache", "cache").group("sg-other", "other").
		group("sg-app4", "app4").group("sg-db4", "db4").
		group("sg-app5", "app5").group("sg-common", "common").
		eni("eni-app", "app-1", "10.0.1.1", "sg-app").eni("eni-db", "db-1", "10.0.1.2", "sg-db").
		eni("eni-app2", "app-2", "10.0.1.3", "sg-app2").eni("eni-db2", "db-2", "10.0.1.4", "sg-db2").
		eni("eni-app3", "app-3", "10.0.1.5", "sg-app3").eni("eni-cache", "cache-1", "10.0.1.6", "sg-cache").
		eni("eni-app4", "app-4", "10.0.1.7", "sg-app4").eni("eni-db4", "db-4", "10.0.3.8", "sg-db4").
		eni("eni-app5", "app-5", "10.0.1.9", "sg-app5", "sg-common")
	f.rule("sg-db", in, "tcp/5432", "sg-app").rule("sg-app", out, "tcp/443", "0.0.0.0/0"). // ab fires: app may only reach 443
												rule("sg-db2", in, "tcp/5432", "sg-app2").rule("sg-app2", out, "-1", "0.0.0.0/0").          // no
												rule("sg-app3", out, "tcp/6379", "sg-cache").rule("sg-cache", in, "tcp/6379", "sg-other").  // af fires: the cache admits others
												rule("sg-db4", in, "tcp/5432", "sg-app4").rule("sg-app4", out, "tcp/5432", "10.0.3.0/24").  // no: the CIDR holds db4
												rule("sg-db4", in, "tcp/5432", "sg-app5").rule("sg-common", out, "tcp/5400-5500", "sg-db4") // no: app5's other group allows it
	fs := f.run(t, IDOneSided)
	// sg-other has no members and no egress rules: its ingress on sg-cache is one-sided too.
	wantSubjects(t, fs, []string{"sg-db sgr-ab", "sg-app3 sgr-af", "sg-cache sgr-ag"})
	for _, x := range fs {
		if x.Severity != Info {
			t.Errorf("%s severity = %s, want info", x.RuleID, x.Severity)
		}
	}
}

func TestOneSided_PrefixLists(t *testing.T) {
	f := newFixture().group("sg-app", "app").group("sg-db", "db").group("sg-db2", "db2").
		eni("eni-app", "app-1", "10.0.1.1", "sg-app").eni("eni-db", "db-1", "10.0.5.5", "sg-db").
		eni("eni-db2", "db-2", "10.0.6.6", "sg-db2").
		rule("sg-db", in, "tcp/5432", "sg-app").rule("sg-db2", in, "tcp/5432", "sg-app").
		rule("sg-app", out, "tcp/5432", "pl-dbs")
	f.s.PrefixLists = []sgmap.PrefixList{{ID: "pl-dbs", Name: "databases", Entries: []sgmap.PrefixListEntry{{CIDR: "10.0.5.0/24"}}}}
	// pl-dbs holds db-1 but not db-2: the ingress on sg-db2 is one-sided.
	wantSubjects(t, f.run(t, IDOneSided), []string{"sg-db2 sgr-ac"})
}

func TestDefaultGroupInUse(t *testing.T) {
	f := newFixture().group("sg-d", "default").group("sg-x", "default-web").
		eni("eni-1", "i-1", "10.0.1.1", "sg-d", "sg-x")
	f.s.VPCs = append(f.s.VPCs, sgmap.VPC{ID: "vpc-2"})
	f.group("sg-d2", "default")
	f.findGroup("sg-d2").VPCID = "vpc-2" // unused default group: no
	wantSubjects(t, f.run(t, IDDefaultGroupInUse), []string{"sg-d"})
}

func TestUnusedGroup(t *testing.T) {
	f := newFixture().group("sg-a", "app").group("sg-empty", "old-thing").group("sg-d", "default").group("sg-rds", "orders-db").
		eni("eni-1", "i-1", "10.0.1.1", "sg-a").rule("sg-a", in, "tcp/443", "sg-empty")
	f.s.Owners = append(f.s.Owners, sgmap.Owner{ID: "orders", Kind: sgmap.OwnerRDS, VPCID: fxVPC, GroupIDs: []string{"sg-rds"}})
	fs := f.run(t, IDUnusedGroup)
	wantSubjects(t, fs, []string{"sg-empty"})
	if len(fs) == 1 && !strings.Contains(fs[0].Message, "1 rule(s)") {
		t.Errorf("message should count the rules that reference the empty group: %q", fs[0].Message)
	}
}

func TestGroupsPerENI(t *testing.T) {
	f := newFixture()
	var five []string
	for _, id := range []string{"sg-1", "sg-2", "sg-3", "sg-4", "sg-5"} {
		f.group(id, "g"+id)
		five = append(five, id)
	}
	f.eni("eni-5", "i-5", "10.0.1.5", five...).eni("eni-4", "i-4", "10.0.1.4", five[:4]...)
	fs := f.run(t, IDGroupsPerENI)
	wantSubjects(t, fs, []string{"eni-5"})
	if len(fs) == 1 && (fs[0].Subject != SubjectENI || len(fs[0].Related) != 1 || fs[0].Related[0] != "i-5") {
		t.Errorf("finding = %+v, want subject eni with related owner i-5", fs[0])
	}
}
