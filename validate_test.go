package sgmap_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

// validSnapshot is a small snapshot with one of everything that Validate
// looks at; test rows break one thing each.
func validSnapshot() *sgmap.Snapshot {
	web := sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-1"}
	return &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion,
		TakenAt:       testTime,
		Accounts:      []string{"123456789012"},
		Regions:       []string{"eu-west-1"},
		VPCs:          []sgmap.VPC{{ID: "vpc-1", CIDRs: []string{"10.0.0.0/16", "2001:db8::/56"}}},
		Subnets:       []sgmap.Subnet{{ID: "subnet-1", VPCID: "vpc-1", CIDRs: []string{"10.0.1.0/24"}}},
		Groups: []sgmap.SecurityGroup{{ID: "sg-1", Name: "web", VPCID: "vpc-1", Rules: []sgmap.Rule{
			{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}},
			{Direction: sgmap.Ingress, Protocol: "icmpv6", FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerIPv6, Value: "::/0"}},
			{Direction: sgmap.Ingress, Protocol: "-1", FromPort: -1, ToPort: -1, Peer: web},
			{Direction: sgmap.Egress, Protocol: "50", FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-1"}},
			{Direction: sgmap.Egress, Protocol: "icmp", FromPort: 8, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-gone"}},
		}}},
		Interfaces: []sgmap.NetworkInterface{{ID: "eni-1", VPCID: "vpc-1", SubnetID: "subnet-1",
			PrivateIPs: []string{"10.0.1.5"}, IPv6Addresses: []string{"2001:db8::5"}, GroupIDs: []string{"sg-1"}, OwnerID: "i-1"}},
		Owners:      []sgmap.Owner{{ID: "i-1", Kind: sgmap.OwnerInstance, VPCID: "vpc-1", InterfaceIDs: []string{"eni-1"}}},
		PrefixLists: []sgmap.PrefixList{{ID: "pl-1", Entries: []sgmap.PrefixListEntry{{CIDR: "192.0.2.0/24"}}}},
		Peerings:    []sgmap.PeeringConnection{{ID: "pcx-1"}},
	}
}

func TestValidate_Valid(t *testing.T) {
	if err := validSnapshot().Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
}

// TestValidate_Problems has one row per kind of problem; each message must
// name the object (list, index, ID) and the field.
func TestValidate_Problems(t *testing.T) {
	long := strings.Repeat("x", 10000)
	tests := []struct {
		name   string
		change func(s *sgmap.Snapshot)
		want   []string
	}{
		{"schema_version missing", func(s *sgmap.Snapshot) { s.SchemaVersion = "" },
			[]string{"schema_version: is missing (this sgmap writes 1.0)"}},
		{"schema_version other major", func(s *sgmap.Snapshot) { s.SchemaVersion = "2.0" },
			[]string{`schema_version: "2.0" is not supported: this sgmap reads 1.x`}},
		{"schema_version without minor", func(s *sgmap.Snapshot) { s.SchemaVersion = "1" },
			[]string{`schema_version: "1" is not supported: this sgmap reads 1.x`}},
		{"taken_at missing", func(s *sgmap.Snapshot) { s.TakenAt = time.Time{} },
			[]string{"taken_at: is missing"}},
		{"vpc id empty", func(s *sgmap.Snapshot) { s.VPCs[0].ID = "" },
			[]string{"vpcs[0]: id is empty"}},
		{"vpc cidr", func(s *sgmap.Snapshot) { s.VPCs[0].CIDRs[1] = "10.0.0.0/33" },
			[]string{`vpcs[0] "vpc-1": cidrs: "10.0.0.0/33" is not a CIDR`}},
		{"duplicate vpc", func(s *sgmap.Snapshot) { s.VPCs = append(s.VPCs, s.VPCs[0]) },
			[]string{`vpcs[1] "vpc-1": duplicate id "vpc-1" (also vpcs[0] "vpc-1")`}},
		{"subnet vpc_id", func(s *sgmap.Snapshot) { s.Subnets[0].VPCID = "" },
			[]string{`subnets[0] "subnet-1": vpc_id is empty`}},
		{"subnet cidr", func(s *sgmap.Snapshot) { s.Subnets[0].CIDRs = []string{"10.0.1.0"} },
			[]string{`subnets[0] "subnet-1": cidrs: "10.0.1.0" is not a CIDR`}},
		{"group id empty", func(s *sgmap.Snapshot) { s.Groups[0].ID = "" },
			[]string{"security_groups[0]: id is empty"}},
		{"group vpc_id", func(s *sgmap.Snapshot) { s.Groups[0].VPCID = "" },
			[]string{`security_groups[0] "sg-1": vpc_id is empty`}},
		{"duplicate group", func(s *sgmap.Snapshot) { s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: "sg-1", VPCID: "vpc-1"}) },
			[]string{`security_groups[1] "sg-1": duplicate id "sg-1" (also security_groups[0] "sg-1")`}},
		{"same id in different lists is fine", func(s *sgmap.Snapshot) { s.Subnets[0].ID = "vpc-1" }, nil},
		{"rule direction", func(s *sgmap.Snapshot) { s.Groups[0].Rules[2].Direction = "sideways" },
			[]string{`security_groups[0] "sg-1": rules[2]: direction "sideways" is not ingress or egress`}},
		{"rule tcp port above 65535", func(s *sgmap.Snapshot) { s.Groups[0].Rules[0].ToPort = 70000 },
			[]string{`security_groups[0] "sg-1": rules[0]: port range 443-70000 is not within 0-65535`}},
		{"rule tcp ports reversed", func(s *sgmap.Snapshot) { s.Groups[0].Rules[0].FromPort = 8080 },
			[]string{`security_groups[0] "sg-1": rules[0]: port range 8080-443 is not within 0-65535`}},
		{"rule tcp negative port", func(s *sgmap.Snapshot) { s.Groups[0].Rules[0].FromPort = -1 },
			[]string{`security_groups[0] "sg-1": rules[0]: port range -1-443 is not within 0-65535`}},
		{"rule icmp type", func(s *sgmap.Snapshot) { s.Groups[0].Rules[4].FromPort = 300 },
			[]string{`security_groups[0] "sg-1": rules[4]: ICMP type/code 300/-1 is not within -1..255`}},
		{"rule icmp code without type", func(s *sgmap.Snapshot) { s.Groups[0].Rules[1].ToPort = 3 },
			[]string{`security_groups[0] "sg-1": rules[1]: ICMP code must be -1 when the type is -1`}},
		{"rule protocol name", func(s *sgmap.Snapshot) { s.Groups[0].Rules[3].Protocol = "gre" },
			[]string{`security_groups[0] "sg-1": rules[3]: protocol "gre" is not tcp, udp, icmp, icmpv6, -1 or a number 0-255`}},
		{"rule protocol number", func(s *sgmap.Snapshot) { s.Groups[0].Rules[3].Protocol = "256" },
			[]string{`security_groups[0] "sg-1": rules[3]: protocol "256" is not tcp, udp, icmp, icmpv6, -1 or a number 0-255`}},
		{"rule peer CIDR", func(s *sgmap.Snapshot) { s.Groups[0].Rules[0].Peer.Value = "anywhere" },
			[]string{`security_groups[0] "sg-1": rules[0]: peer "anywhere" is not a CIDR`}},
		{"rule peer ipv6 CIDR as ipv4", func(s *sgmap.Snapshot) { s.Groups[0].Rules[0].Peer.Value = "::/0" },
			[]string{`security_groups[0] "sg-1": rules[0]: peer "::/0" is not an ipv4 CIDR`}},
		{"rule peer ipv4 CIDR as ipv6", func(s *sgmap.Snapshot) { s.Groups[0].Rules[1].Peer.Value = "0.0.0.0/0" },
			[]string{`security_groups[0] "sg-1": rules[1]: peer "0.0.0.0/0" is not an ipv6 CIDR`}},
		{"rule peer group empty", func(s *sgmap.Snapshot) { s.Groups[0].Rules[2].Peer.Value = "" },
			[]string{`security_groups[0] "sg-1": rules[2]: peer value is empty`}},
		{"rule peer prefix list empty", func(s *sgmap.Snapshot) { s.Groups[0].Rules[3].Peer.Value = "" },
			[]string{`security_groups[0] "sg-1": rules[3]: peer value is empty`}},
		{"rule peer kind", func(s *sgmap.Snapshot) { s.Groups[0].Rules[2].Peer.Kind = "" },
			[]string{`security_groups[0] "sg-1": rules[2]: peer kind "" is not ipv4, ipv6, prefix-list or group`}},
		{"dangling group reference is not an error", func(s *sgmap.Snapshot) { s.Groups[0].Rules[2].Peer.Value = "sg-nope" }, nil},
		{"owner kind", func(s *sgmap.Snapshot) { s.Owners[0].Kind = "vm" },
			[]string{`owners[0] "i-1": kind "vm" is not one of instance, load-balancer, ecs-task, lambda, rds, vpc-endpoint, nat-gateway, redshift, msk, elasticache, efs, opensearch, eks, other`}},
		{"owner id empty", func(s *sgmap.Snapshot) { s.Owners[0].ID = ""; s.Interfaces[0].OwnerID = "" },
			[]string{"owners[0]: id is empty"}},
		{"duplicate owner", func(s *sgmap.Snapshot) { s.Owners = append(s.Owners, s.Owners[0]) },
			[]string{`owners[1] "i-1": duplicate id "i-1" (also owners[0] "i-1")`}},
		{"eni vpc_id", func(s *sgmap.Snapshot) { s.Interfaces[0].VPCID = "" },
			[]string{`network_interfaces[0] "eni-1": vpc_id is empty`}},
		{"eni private ip", func(s *sgmap.Snapshot) { s.Interfaces[0].PrivateIPs = []string{"10.0.1.300"} },
			[]string{`network_interfaces[0] "eni-1": private_ips: "10.0.1.300" is not an IP address`}},
		{"eni ipv6 address", func(s *sgmap.Snapshot) { s.Interfaces[0].IPv6Addresses = []string{"2001:db8::/64"} },
			[]string{`network_interfaces[0] "eni-1": ipv6_addresses: "2001:db8::/64" is not an IP address`}},
		{"eni owner_id", func(s *sgmap.Snapshot) { s.Interfaces[0].OwnerID = "i-2" },
			[]string{`network_interfaces[0] "eni-1": owner_id "i-2" is not in owners`}},
		{"eni in a group the snapshot lacks is not an error", func(s *sgmap.Snapshot) { s.Interfaces[0].GroupIDs = []string{"sg-nope"} }, nil},
		{"prefix list entry", func(s *sgmap.Snapshot) { s.PrefixLists[0].Entries[0].CIDR = "192.0.2.0/24 " },
			[]string{`prefix_lists[0] "pl-1": entries[0]: "192.0.2.0/24 " is not a CIDR`}},
		{"prefix list id", func(s *sgmap.Snapshot) { s.PrefixLists[0].ID = "" },
			[]string{"prefix_lists[0]: id is empty"}},
		{"peering id", func(s *sgmap.Snapshot) { s.Peerings = append(s.Peerings, sgmap.PeeringConnection{ID: "pcx-1"}) },
			[]string{`peering_connections[1] "pcx-1": duplicate id "pcx-1" (also peering_connections[0] "pcx-1")`}},
		{"long hostile id is clipped", func(s *sgmap.Snapshot) { s.Groups[0].ID = long; s.Groups[0].VPCID = "" },
			[]string{fmt.Sprintf(`security_groups[0] "%s…": vpc_id is empty`, long[:80])}},
		{"several problems, all listed", func(s *sgmap.Snapshot) {
			s.TakenAt = time.Time{}
			s.Groups[0].Rules[0].Protocol = "gre"
			s.Interfaces[0].VPCID = ""
		}, []string{
			"taken_at: is missing",
			`security_groups[0] "sg-1": rules[0]: protocol "gre" is not tcp, udp, icmp, icmpv6, -1 or a number 0-255`,
			`network_interfaces[0] "eni-1": vpc_id is empty`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSnapshot()
			tt.change(s)
			err := s.Validate()
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// problems returns the messages of err's problems, checking that err is a
// *ValidationError of *Errors with code EINVALID.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *sgmap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	if got := sgmap.ErrorCode(err); got != sgmap.EINVALID {
		t.Errorf("ErrorCode(%v) = %q, want %q", err, got, sgmap.EINVALID)
	}
	var out []string
	for _, p := range ve.Problems {
		if got := sgmap.ErrorCode(p); got != sgmap.EINVALID {
			t.Errorf("problem %q has code %q, want %q", p, got, sgmap.EINVALID)
		}
		out = append(out, p.Error())
	}
	return out
}

// TestValidate_ProblemsBounded checks a hostile file cannot make the problem
// list, or the message, grow without bound.
func TestValidate_ProblemsBounded(t *testing.T) {
	s := validSnapshot()
	for range 500 {
		s.Groups[0].Rules = append(s.Groups[0].Rules, sgmap.Rule{Direction: "up", Protocol: "tcp", FromPort: 1, ToPort: 1,
			Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: strings.Repeat("9", 500)}})
	}
	err := s.Validate()
	var ve *sgmap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate() = %v, want a *ValidationError", err)
	}
	if len(ve.Problems) != 100 {
		t.Errorf("%d problems listed, want the first 100", len(ve.Problems))
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "invalid snapshot: 100 problem(s); ") || !strings.HasSuffix(msg, "; and 90 more") {
		t.Errorf("message %.200q… does not summarise the first problems", msg)
	}
	if len(msg) > 4000 {
		t.Errorf("message is %d bytes long", len(msg))
	}
}
