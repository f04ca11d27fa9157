package sgmap_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

// indexSnapshot is deliberately not normalised: the index must not rely on
// sorted input.
func indexSnapshot() *sgmap.Snapshot {
	eni := func(id, owner string, ips []string, groups ...string) sgmap.NetworkInterface {
		return sgmap.NetworkInterface{ID: id, VPCID: "vpc-1", OwnerID: owner, PrivateIPs: ips, GroupIDs: groups}
	}
	e1 := eni("eni-3", "i-multi", []string{"10.0.0.3", "10.0.0.33"}, "sg-app", "sg-base")
	e1.IPv6Addresses = []string{"2001:db8::3"}
	return &sgmap.Snapshot{
		VPCs: []sgmap.VPC{{ID: "vpc-1"}},
		Groups: []sgmap.SecurityGroup{{ID: "sg-app", VPCID: "vpc-1"}, {ID: "sg-base", VPCID: "vpc-1"},
			{ID: "sg-other", VPCID: "vpc-2"}, {ID: "sg-db", VPCID: "vpc-1"}, {ID: "sg-fn", VPCID: "vpc-1"}},
		Interfaces: []sgmap.NetworkInterface{
			e1,
			eni("eni-1", "i-multi", []string{"10.0.0.1"}, "sg-mon", "sg-base"), // a second ENI with other groups
			eni("eni-5", "", []string{"10.0.0.5"}, "sg-fn"),                    // shared Lambda ENI, listed by owners only
			eni("eni-2", "i-listed", []string{"not-an-ip"}, "sg-app"),
			eni("eni-4", "", nil), // no owner, no groups
			eni("eni-6", "i-byowner", []string{"10.0.0.6"}, "sg-app"),
		},
		Owners: []sgmap.Owner{
			{ID: "i-multi", Kind: sgmap.OwnerInstance, InterfaceIDs: []string{"eni-1", "eni-3"}, GroupIDs: []string{"sg-declared"}},
			{ID: "i-listed", Kind: sgmap.OwnerInstance, InterfaceIDs: []string{"eni-2"}},
			{ID: "i-byowner", Kind: sgmap.OwnerInstance}, // its ENI names it, it does not list the ENI
			{ID: "db-1", Kind: sgmap.OwnerRDS, GroupIDs: []string{"sg-db"}},
			{ID: "db-2", Kind: sgmap.OwnerRDS, InterfaceIDs: []string{"eni-gone"}, GroupIDs: []string{"sg-db"}},
			{ID: "fn-a", Kind: sgmap.OwnerLambda, InterfaceIDs: []string{"eni-5"}, GroupIDs: []string{"sg-fn"}},
			{ID: "fn-b", Kind: sgmap.OwnerLambda, InterfaceIDs: []string{"eni-5"}, GroupIDs: []string{"sg-fn"}},
		},
	}
}

func TestIndex_OwnerGroups(t *testing.T) {
	x := sgmap.NewIndex(indexSnapshot())
	tests := []struct {
		owner string
		want  []string
	}{
		{"i-multi", []string{"sg-app", "sg-base", "sg-mon"}}, // union over ENIs; declared groups ignored
		{"i-listed", []string{"sg-app"}},
		{"i-byowner", []string{"sg-app"}},
		{"db-1", []string{"sg-db"}}, // no ENIs: declared groups
		{"db-2", []string{"sg-db"}}, // its ENI is not in the snapshot: declared groups
		{"fn-a", []string{"sg-fn"}},
		{"fn-b", []string{"sg-fn"}},
		{"nobody", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, x.OwnerGroups(tt.owner)); diff != "" {
			t.Errorf("OwnerGroups(%q) mismatch (-want +got):\n%s", tt.owner, diff)
		}
	}
	got := x.OwnerGroups("db-1")
	got[0] = "sg-changed"
	if x.Owners["db-1"].GroupIDs[0] != "sg-db" {
		t.Error("changing OwnerGroups' result changed the owner's declared groups")
	}
}

func ids(enis []*sgmap.NetworkInterface) []string {
	var out []string
	for _, e := range enis {
		out = append(out, e.ID)
	}
	return out
}

func TestIndex_OwnerInterfaces(t *testing.T) {
	x := sgmap.NewIndex(indexSnapshot())
	want := map[string][]string{
		"i-multi":   {"eni-1", "eni-3"},
		"i-listed":  {"eni-2"},
		"i-byowner": {"eni-6"},
		"fn-a":      {"eni-5"},
		"fn-b":      {"eni-5"},
	}
	got := map[string][]string{}
	for owner, enis := range x.OwnerInterfaces {
		if len(enis) > 0 {
			got[owner] = ids(enis)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OwnerInterfaces mismatch (-want +got):\n%s", diff)
	}
}

func TestIndex_Members(t *testing.T) {
	x := sgmap.NewIndex(indexSnapshot())
	want := map[string][]string{
		"sg-app":  {"eni-2", "eni-3", "eni-6"},
		"sg-base": {"eni-1", "eni-3"},
		"sg-mon":  {"eni-1"},
		"sg-fn":   {"eni-5"},
	}
	got := map[string][]string{}
	for g, enis := range x.Members {
		got[g] = ids(enis)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Members mismatch (-want +got):\n%s", diff)
	}
}

func TestIndex_ByIP(t *testing.T) {
	x := sgmap.NewIndex(indexSnapshot())
	for ip, want := range map[string]string{
		"10.0.0.3": "eni-3", "10.0.0.33": "eni-3", "2001:db8::3": "eni-3", "10.0.0.1": "eni-1", "10.0.0.5": "eni-5",
	} {
		e := x.ByIP("vpc-1", netip.MustParseAddr(ip))
		if e == nil || e.ID != want {
			t.Errorf("ByIP(vpc-1, %s) = %v, want %s", ip, e, want)
		}
		if e := x.ByIP("vpc-2", netip.MustParseAddr(ip)); e != nil {
			t.Errorf("ByIP(vpc-2, %s) = %s: an address of vpc-1 found in another VPC", ip, e.ID)
		}
	}
	if e := x.ByIP("vpc-1", netip.MustParseAddr("10.0.0.99")); e != nil {
		t.Errorf("ByIP(vpc-1, 10.0.0.99) = %s, want nil", e.ID)
	}
}

func TestIndex_Lookups(t *testing.T) {
	s := indexSnapshot()
	s.Subnets = []sgmap.Subnet{{ID: "subnet-1", VPCID: "vpc-1"}}
	s.PrefixLists = []sgmap.PrefixList{{ID: "pl-1"}}
	x := sgmap.NewIndex(s)
	if x.Groups["sg-app"] != &s.Groups[0] || x.Interfaces["eni-1"] != &s.Interfaces[1] || x.Owners["db-1"] != &s.Owners[3] ||
		x.VPCs["vpc-1"] != &s.VPCs[0] || x.Subnets["subnet-1"] != &s.Subnets[0] || x.PrefixLists["pl-1"] != &s.PrefixLists[0] {
		t.Error("index maps do not point into the snapshot")
	}
	var inVPC []string
	for _, g := range x.GroupsInVPC("vpc-1") {
		inVPC = append(inVPC, g.ID)
	}
	if diff := cmp.Diff([]string{"sg-app", "sg-base", "sg-db", "sg-fn"}, inVPC); diff != "" {
		t.Errorf("GroupsInVPC(vpc-1) mismatch (-want +got):\n%s", diff)
	}
	s.Owners = append(s.Owners, sgmap.Owner{ID: "db-3", Kind: sgmap.OwnerRDS, VPCID: "vpc-3"}) // known from its owner only
	if diff := cmp.Diff([]string{"vpc-1", "vpc-2", "vpc-3"}, s.VPCIDs()); diff != "" {
		t.Errorf("VPCIDs mismatch (-want +got):\n%s", diff)
	}
}
