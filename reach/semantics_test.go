package reach_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// world is a small VPC to state one semantics rule in: vpc-1
// (10.0.0.0/16, 2001:db8::/56); eni-a (10.0.1.10, 2001:db8::a) in sg-a;
// eni-b (10.0.2.20) in sg-b. No group has rules until a case adds them.
type world struct{ s *sgmap.Snapshot }

func newWorld() *world {
	w := &world{s: &sgmap.Snapshot{Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"},
		VPCs: []sgmap.VPC{{ID: "vpc-1", CIDRs: []string{"10.0.0.0/16", "2001:db8::/56"}}}}}
	w.group("sg-a", "vpc-1")
	w.group("sg-b", "vpc-1")
	w.eni("eni-a", "vpc-1", []string{"10.0.1.10", "2001:db8::a"}, "sg-a")
	w.eni("eni-b", "vpc-1", []string{"10.0.2.20"}, "sg-b")
	return w
}

func (w *world) group(id, vpc string) {
	w.s.Groups = append(w.s.Groups, sgmap.SecurityGroup{ID: id, Name: id, VPCID: vpc, AccountID: "111111111111"})
}

func (w *world) eni(id, vpc string, ips []string, groups ...string) {
	e := sgmap.NetworkInterface{ID: id, VPCID: vpc, GroupIDs: groups}
	for _, ip := range ips {
		if strings.Contains(ip, ":") {
			e.IPv6Addresses = append(e.IPv6Addresses, ip)
		} else {
			e.PrivateIPs = append(e.PrivateIPs, ip)
		}
	}
	w.s.Interfaces = append(w.s.Interfaces, e)
}

// rule adds a rule to group g: "in"/"out", a service, a peer.
func (w *world) rule(g, dir string, svc sgmap.Service, p sgmap.Peer) {
	d := sgmap.Ingress
	if dir == "out" {
		d = sgmap.Egress
	}
	for i := range w.s.Groups {
		if w.s.Groups[i].ID == g {
			w.s.Groups[i].Rules = append(w.s.Groups[i].Rules, sgmap.Rule{Direction: d, Protocol: svc.Protocol,
				FromPort: svc.FromPort, ToPort: svc.ToPort, Peer: p, Description: "test"})
			return
		}
	}
	panic("no group " + g)
}

// flow lets a reach b on svc on both sides: a's egress and b's ingress.
func (w *world) flow(a, b string, svc sgmap.Service) {
	w.rule(a, "out", svc, grp(b))
	w.rule(b, "in", svc, grp(a))
}

func tcp(p int32) sgmap.Service        { return sgmap.Service{Protocol: "tcp", FromPort: p, ToPort: p} }
func udp(p int32) sgmap.Service        { return sgmap.Service{Protocol: "udp", FromPort: p, ToPort: p} }
func icmp(t, c int32) sgmap.Service    { return sgmap.Service{Protocol: "icmp", FromPort: t, ToPort: c} }
func grp(id string) sgmap.Peer         { return sgmap.Peer{Kind: sgmap.PeerGroup, Value: id} }
func cidr(v string) sgmap.Peer         { return sgmap.Peer{Kind: sgmap.PeerIPv4, Value: v} }
func cidr6(v string) sgmap.Peer        { return sgmap.Peer{Kind: sgmap.PeerIPv6, Value: v} }
func pl(id string) sgmap.Peer          { return sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: id} }
func allTraffic() sgmap.Service        { return sgmap.Service{Protocol: "-1", FromPort: -1, ToPort: -1} }
func allTCP() sgmap.Service            { return sgmap.Service{Protocol: "tcp", FromPort: 0, ToPort: 65535} }
func defaultEgress(w *world, g string) { w.rule(g, "out", allTraffic(), cidr("0.0.0.0/0")) }

// eng indexes the world.
func (w *world) eng() *reach.Engine { return reach.New(sgmap.NewIndex(w.s)) }

// passes reports whether some of svc passes from the ENI src to the ENI
// dst (each its own end), both sides.
func passes(e *reach.Engine, src, dst string, svc sgmap.Service) bool {
	x := e.Index()
	s := e.Interfaces(src, []*sgmap.NetworkInterface{x.Interfaces[src]})
	d := e.Interfaces(dst, []*sgmap.NetworkInterface{x.Interfaces[dst]})
	both, _, _ := e.Passes(s, d, svc)
	return len(both) > 0
}

// semanticsCase is one rule of docs/reach.md's semantics list: build
// states the situation, ask the question, want the answer.
type semanticsCase struct {
	rule  int
	name  string
	build func(w *world)
	ask   func(e *reach.Engine) bool
	want  bool
}

func ab(svc sgmap.Service) func(e *reach.Engine) bool {
	return func(e *reach.Engine) bool { return passes(e, "eni-a", "eni-b", svc) }
}

func TestSemantics(t *testing.T) {
	cases := append(modelCases(), peerCases()...)
	cases = append(cases, crossCases()...)
	cases = append(cases, quotaCases()...)
	cases = append(cases, lbCases()...)
	cases = append(cases, miscCases()...)
	fired, held := map[int]bool{}, map[int]bool{}
	for _, c := range cases {
		t.Run(fmt.Sprintf("§%d %s", c.rule, c.name), func(t *testing.T) {
			w := newWorld()
			c.build(w)
			if got := c.ask(w.eng()); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
		if c.want {
			fired[c.rule] = true
		} else {
			held[c.rule] = true
		}
	}
	for r := 1; r <= 27; r++ {
		if !fired[r] || !held[r] {
			t.Errorf("semantics rule %d needs a case that fires and one that does not (fires %v, does not %v)", r, fired[r], held[r])
		}
	}
}
