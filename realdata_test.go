package sgmap_test

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/internal/shareddata"
)

// sharedCLI is where the third-party AWS CLI examples live, relative to the
// repository root (the package directory).
const sharedCLI = "../shared/data/aws/aws-cli-examples"

func mustLoad(t *testing.T, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := sgmap.LoadSnapshotFile(filepath.Join("testdata", name+".snapshot.json"))
	if err != nil {
		t.Fatalf("LoadSnapshotFile: %v", err)
	}
	return s
}

// TestRealData_LoadValidateRoundTrip checks every snapshot in testdata
// loads, validates and is in canonical form: Encode gives back the file.
func TestRealData_LoadValidateRoundTrip(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.snapshot.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata snapshots: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			s, err := sgmap.LoadSnapshotFile(p)
			if err != nil {
				t.Fatalf("LoadSnapshotFile: %v", err)
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := mustEncode(t, s); !bytes.Equal(got, want) {
				t.Errorf("Encode differs from the file at byte %d: the file is not canonical", firstDiff(got, want))
			}
		})
	}
}

func TestRealData_SecurityGroup(t *testing.T) {
	s := mustLoad(t, "aws-cli-security-groups-ex1")
	g := s.Groups[0]
	if g.ID != "sg-903004f8" || g.Name != "MySecurityGroup" || g.Tags["Name"] != "SG1" {
		t.Fatalf("group = %+v", g)
	}
	var labels []string
	for _, r := range g.Rules {
		labels = append(labels, string(r.Direction)+" "+r.Service().Label()+" "+r.Peer.String()+" "+r.Description)
	}
	want := []string{
		"egress All traffic 0.0.0.0/0 ",
		"ingress All traffic 123456789012/sg-903004f8 ", // self-reference, with the owner account
		"ingress TCP 22 203.0.113.0/24 Access from NY office",
	}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if !g.Egress()[0].Peer.IsInternet() || g.Ingress()[0].Peer.IsInternet() {
		t.Error("IsInternet wrong for 0.0.0.0/0 or a group peer")
	}
}

func TestRealData_SecurityGroupRules(t *testing.T) {
	s := mustLoad(t, "aws-cli-security-group-rules-ex1")
	var got []string
	for _, r := range s.Groups[0].Rules {
		got = append(got, r.ID+" "+r.Key())
	}
	want := []string{
		"sgr-cdef01234567890ab sgr-cdef01234567890ab", // egress to 0.0.0.0/0 sorts before ::/0
		"sgr-bcdef01234567890a sgr-bcdef01234567890a",
		"sgr-abcdef01234567890 sgr-abcdef01234567890",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules in order (-want +got):\n%s", diff)
	}
	if p := s.Groups[0].Rules[1].Peer; p.Kind != sgmap.PeerIPv6 || !p.IsInternet() {
		t.Errorf("second egress peer %+v, want ::/0", p)
	}
}

func TestRealData_NetworkInterfaces(t *testing.T) {
	s := mustLoad(t, "aws-cli-network-interfaces")
	x := sgmap.NewIndex(s)
	if diff := cmp.Diff([]string{"sg-8637d3e3"}, x.OwnerGroups("i-1234567890abcdef0")); diff != "" {
		t.Errorf("OwnerGroups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"eni-e5aa89a3", "eni-f9ba99bf"}, ids(x.Members["sg-8637d3e3"])); diff != "" {
		t.Errorf("members of the default group (-want +got):\n%s", diff)
	}
	if e := x.ByIP(x.Interfaces["eni-b9a5ac93"].VPCID, netip.MustParseAddr("10.0.1.117")); e == nil || e.ID != "eni-b9a5ac93" {
		t.Errorf("secondary private IP 10.0.1.117 does not find its ENI: %v", e)
	}
	if e := x.ByIP(x.Interfaces["eni-b9a5ac93"].VPCID, netip.MustParseAddr("203.0.113.12")); e != nil {
		t.Errorf("a public IP is indexed as private: %s", e.ID)
	}
	if diff := cmp.Diff([]string{"vpc-8941ebec", "vpc-a01106c2"}, s.VPCIDs()); diff != "" {
		t.Errorf("VPCIDs (-want +got):\n%s", diff)
	}
	if x.Groups["sg-8637d3e3"] != nil {
		t.Error("groups known only by name from ENIs should not be in the snapshot")
	}
}

func TestRealData_Stale(t *testing.T) {
	s := mustLoad(t, "aws-cli-stale-security-groups-ex1")
	for _, g := range s.Groups {
		for _, r := range g.Rules {
			p := r.Peer
			if !p.Stale || p.VPCID == g.VPCID || p.PeeringID != "pcx-b04deed9" || p.AccountID != "" {
				t.Errorf("%s: peer %+v, want a stale reference into the peered VPC without an account", g.ID, p)
			}
		}
	}
}

func TestRealData_PrefixLists(t *testing.T) {
	s := mustLoad(t, "aws-cli-managed-prefix-lists-ex1")
	x := sgmap.NewIndex(s)
	v4, v6 := x.PrefixLists["pl-0123456abcabcabc1"], x.PrefixLists["pl-11223344556677aab"]
	if v4 == nil || v6 == nil {
		t.Fatalf("prefix lists missing: %+v", s.PrefixLists)
	}
	if v4.AddressFamily != "IPv4" || v4.MaxEntries != 10 || len(v4.Entries) != 2 || v6.AddressFamily != "IPv6" || v6.MaxEntries != 25 {
		t.Errorf("prefix lists %+v", s.PrefixLists)
	}
}

// The AWS CLI output shapes, as far as the cross-check needs them.
type (
	cliPermission struct {
		IPProtocol       string `json:"IpProtocol"`
		FromPort, ToPort *int32
		IPRanges         []struct{ CidrIp string }   `json:"IpRanges"`
		IPv6Ranges       []struct{ CidrIpv6 string } `json:"Ipv6Ranges"`
		UserIDGroupPairs []struct{ GroupId string }  `json:"UserIdGroupPairs"`
		PrefixListIDs    []struct{ PrefixListId string }
	}
	cliGroup struct {
		GroupID                 string          `json:"GroupId"`
		VPCID                   string          `json:"VpcId"`
		IPPermissions           []cliPermission `json:"IpPermissions"`
		IPPermissionsEgress     []cliPermission `json:"IpPermissionsEgress"`
		StaleIPPermissions      []cliPermission `json:"StaleIpPermissions"`
		StaleIPPermissionsEgres []cliPermission `json:"StaleIpPermissionsEgress"`
	}
	cliENI struct {
		NetworkInterfaceID string `json:"NetworkInterfaceId"`
		PrivateIPAddresses []struct {
			PrivateIPAddress string `json:"PrivateIpAddress"`
		} `json:"PrivateIpAddresses"`
		Groups []struct{ GroupId string }
	}
)

func mustReadCLI(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedCLI, name))
	if os.IsNotExist(err) {
		shareddata.Missing(t, sharedCLI, err)
	} else if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func peerCount(perms []cliPermission) int {
	n := 0
	for _, p := range perms {
		n += len(p.IPRanges) + len(p.IPv6Ranges) + len(p.UserIDGroupPairs) + len(p.PrefixListIDs)
	}
	return n
}

// TestRealData_MatchesSource cross-checks the hand conversions against the
// original CLI output: same groups, one rule per peer of each permission,
// same ENIs with the same addresses and groups.
func TestRealData_MatchesSource(t *testing.T) {
	t.Run("groups", func(t *testing.T) {
		for name, file := range map[string]string{
			"aws-cli-security-groups-ex1":       "ec2-describe-security-groups-ex1.json",
			"aws-cli-stale-security-groups-ex1": "ec2-describe-stale-security-groups-ex1.json",
		} {
			var src struct{ SecurityGroups, StaleSecurityGroupSet []cliGroup }
			mustReadCLI(t, file, &src)
			x := sgmap.NewIndex(mustLoad(t, name))
			for _, cg := range append(src.SecurityGroups, src.StaleSecurityGroupSet...) {
				g := x.Groups[cg.GroupID]
				if g == nil || g.VPCID != cg.VPCID {
					t.Errorf("%s: group %s in %s missing or in another VPC", name, cg.GroupID, cg.VPCID)
					continue
				}
				in := peerCount(cg.IPPermissions) + peerCount(cg.StaleIPPermissions)
				out := peerCount(cg.IPPermissionsEgress) + peerCount(cg.StaleIPPermissionsEgres)
				if len(g.Ingress()) != in || len(g.Egress()) != out {
					t.Errorf("%s: %s has %d/%d ingress/egress rules, source has %d/%d",
						name, g.ID, len(g.Ingress()), len(g.Egress()), in, out)
				}
			}
		}
	})
	t.Run("rules", func(t *testing.T) {
		var src struct {
			SecurityGroupRules []struct{ SecurityGroupRuleId, GroupId string }
		}
		mustReadCLI(t, "ec2-describe-security-group-rules-ex1.json", &src)
		var want, got []string
		for _, r := range src.SecurityGroupRules {
			want = append(want, r.GroupId+" "+r.SecurityGroupRuleId)
		}
		for _, g := range mustLoad(t, "aws-cli-security-group-rules-ex1").Groups {
			for _, r := range g.Rules {
				got = append(got, g.ID+" "+r.ID)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("rule IDs (-source +snapshot):\n%s", diff)
		}
	})
	t.Run("enis", func(t *testing.T) {
		x := sgmap.NewIndex(mustLoad(t, "aws-cli-network-interfaces"))
		n := 0
		for _, file := range []string{"ec2-describe-network-interfaces-ex1.json", "ec2-describe-network-interfaces-ex2.json"} {
			var src struct{ NetworkInterfaces []cliENI }
			mustReadCLI(t, file, &src)
			for _, ce := range src.NetworkInterfaces {
				n++
				e := x.Interfaces[ce.NetworkInterfaceID]
				if e == nil {
					t.Errorf("ENI %s missing", ce.NetworkInterfaceID)
					continue
				}
				var ips, groups []string
				for _, a := range ce.PrivateIPAddresses {
					ips = append(ips, a.PrivateIPAddress)
				}
				for _, g := range ce.Groups {
					groups = append(groups, g.GroupId)
				}
				if !slices.Equal(ips, e.PrivateIPs) || !slices.Equal(groups, e.GroupIDs) {
					t.Errorf("ENI %s: IPs %v groups %v, source %v %v", e.ID, e.PrivateIPs, e.GroupIDs, ips, groups)
				}
			}
		}
		if n != len(x.Interfaces) {
			t.Errorf("snapshot has %d ENIs, sources %d", len(x.Interfaces), n)
		}
	})
	t.Run("prefix lists", func(t *testing.T) {
		var src struct {
			PrefixLists []struct {
				PrefixListId, PrefixListName, AddressFamily string
				MaxEntries                                  int32
			}
		}
		mustReadCLI(t, "ec2-describe-managed-prefix-lists-ex1.json", &src)
		x := sgmap.NewIndex(mustLoad(t, "aws-cli-managed-prefix-lists-ex1"))
		for _, sp := range src.PrefixLists {
			p := x.PrefixLists[sp.PrefixListId]
			if p == nil || p.Name != sp.PrefixListName || p.AddressFamily != sp.AddressFamily || p.MaxEntries != sp.MaxEntries {
				t.Errorf("prefix list %s: %+v, source %+v", sp.PrefixListId, p, sp)
			}
		}
	})
}
