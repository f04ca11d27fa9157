package audit

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/sgmap/sgmap"
)

// adminPorts are ports that must never face the Internet: remote
// administration and data stores.
var adminPorts = []struct {
	proto string
	port  int32
	name  string
}{
	{sgmap.ProtoTCP, 22, "SSH"}, {sgmap.ProtoTCP, 23, "Telnet"}, {sgmap.ProtoTCP, 3389, "RDP"},
	{sgmap.ProtoUDP, 3389, "RDP"}, {sgmap.ProtoTCP, 5900, "VNC"}, {sgmap.ProtoTCP, 5985, "WinRM"},
	{sgmap.ProtoTCP, 5986, "WinRM"}, {sgmap.ProtoTCP, 1433, "SQL Server"}, {sgmap.ProtoTCP, 1521, "Oracle"},
	{sgmap.ProtoTCP, 3306, "MySQL"}, {sgmap.ProtoTCP, 5432, "PostgreSQL"}, {sgmap.ProtoTCP, 5439, "Redshift"},
	{sgmap.ProtoTCP, 6379, "Redis"}, {sgmap.ProtoTCP, 9042, "Cassandra"}, {sgmap.ProtoTCP, 9200, "Elasticsearch"},
	{sgmap.ProtoTCP, 9300, "Elasticsearch"}, {sgmap.ProtoTCP, 11211, "Memcached"}, {sgmap.ProtoUDP, 11211, "Memcached"},
	{sgmap.ProtoTCP, 27017, "MongoDB"}, {sgmap.ProtoTCP, 2379, "etcd"}, {sgmap.ProtoTCP, 5984, "CouchDB"},
}

// adminExposure names what of r's service is an admin port, or "".
func adminExposure(svc sgmap.Service) string {
	if svc.Protocol == sgmap.AllProtocols {
		return "All traffic, including SSH, RDP and database ports"
	}
	if svc.Protocol == sgmap.ProtoTCP && svc.AllPorts() {
		return "All TCP, including SSH, RDP and database ports"
	}
	var hits []string
	for _, p := range adminPorts {
		if svc.Covers(sgmap.Service{Protocol: p.proto, FromPort: p.port, ToPort: p.port}) {
			hits = append(hits, fmt.Sprintf("%s %d", p.name, p.port))
		}
	}
	if len(hits) == 0 {
		return ""
	}
	return svc.Label() + " (" + list(hits, 4) + ")"
}

// checkAdminPortOpen: administrative and database ports open to 0.0.0.0/0
// or ::/0 (semantics §9: those CIDRs are anywhere).
func checkAdminPortOpen(a *auditor) {
	for _, g := range a.groups() {
		for _, r := range g.Ingress() {
			if !r.Peer.IsInternet() {
				continue
			}
			if what := adminExposure(r.Service()); what != "" {
				a.add(a.ruleFinding(g, r, IDAdminPortOpen, fmt.Sprintf(
					"%s is open to the Internet (%s) on %s: admit it only from a bastion's or VPN's group, or use SSM Session Manager and remove the rule",
					what, r.Peer.Value, groupLabel(g))))
			}
		}
	}
}

// checkWideSource: least privilege (the article's "a security review turns
// up that the webservers allow port 9999 from anywhere, or maybe from the
// whole VPC").
func checkWideSource(a *auditor) {
	for _, g := range a.groups() {
		for _, r := range g.Ingress() {
			if !r.Peer.IsCIDR() || webOnly(r.Service()) || isICMP(r.Protocol) {
				continue
			}
			pfx, err := netip.ParsePrefix(r.Peer.Value)
			if err != nil {
				continue
			}
			scope := ""
			switch {
			case r.Peer.IsInternet():
				if adminExposure(r.Service()) != "" || a.listenerPort(g, r.Service()) {
					continue // admin-port-open says it louder; a public listener must be open
				}
				scope = "the Internet (" + r.Peer.Value + ")"
			default:
				for _, v := range a.vpcCIDRs(g.VPCID) {
					if covers(pfx, v) {
						scope = fmt.Sprintf("the whole VPC (%s covers %s, the CIDR of %s)", r.Peer.Value, v, a.vpcLabel(g.VPCID))
						if pfx == v {
							scope = fmt.Sprintf("the whole VPC (%s is the CIDR of %s)", v, a.vpcLabel(g.VPCID))
						}
						break
					}
				}
			}
			if scope == "" {
				continue
			}
			msg := fmt.Sprintf("%s is open to %s: admit only the enclosures that need it by referencing their group", r.Service().Label(), scope)
			if alt := a.sameServiceFromGroup(g, r); alt != nil {
				msg += fmt.Sprintf("; the rule from %s already admits %s, so this one looks like a leftover: remove it", groupLabel(alt), r.Service().Label())
			}
			a.add(a.ruleFinding(g, r, IDWideSource, msg))
		}
	}
}

// webOnly reports whether svc is only HTTP or HTTPS (TCP 80, TCP 443, UDP
// 443 for HTTP/3), which public services are expected to open.
func webOnly(svc sgmap.Service) bool {
	if svc.FromPort != svc.ToPort {
		return false
	}
	return (svc.Protocol == sgmap.ProtoTCP && (svc.FromPort == 80 || svc.FromPort == 443)) ||
		(svc.Protocol == sgmap.ProtoUDP && svc.FromPort == 443)
}

// isICMP: ICMP has no ports, and path MTU discovery needs it from anywhere.
func isICMP(proto string) bool { return proto == sgmap.ProtoICMP || proto == sgmap.ProtoICMPv6 }

// listenerPort reports whether g encloses an internet-facing load balancer
// with a listener on svc's ports: that port is meant to be public.
func (a *auditor) listenerPort(g *sgmap.SecurityGroup, svc sgmap.Service) bool {
	for _, e := range a.members(g.ID) {
		o := a.x.Owners[e.OwnerID]
		if o == nil || o.LoadBalancer == nil || o.LoadBalancer.Scheme != "internet-facing" {
			continue
		}
		for _, l := range o.LoadBalancer.Listeners {
			if svc.FromPort == l.Port && svc.ToPort == l.Port && svc.Protocol != sgmap.AllProtocols {
				return true
			}
		}
	}
	return false
}

// sameServiceFromGroup returns a group that another ingress rule of g
// admits on r's service, if any.
func (a *auditor) sameServiceFromGroup(g *sgmap.SecurityGroup, r sgmap.Rule) *sgmap.SecurityGroup {
	for _, o := range g.Ingress() {
		if o.Peer.Kind == sgmap.PeerGroup && o.Service().Covers(r.Service()) {
			if pg := a.x.Groups[o.Peer.Value]; pg != nil {
				return pg
			}
		}
	}
	return nil
}

// checkMissingDescription: "all firewall rules must have a justification".
// The rules of an unused default group are left out: every VPC has one, its
// rules are AWS's, and nothing uses them.
func checkMissingDescription(a *auditor) {
	for _, g := range a.groups() {
		if g.IsDefault() && !a.hasMembers(g.ID) {
			continue
		}
		for _, r := range g.Rules {
			// AWS creates the allow-all egress rule without a description
			// in every group; asking to justify it is noise (a third of
			// the findings on real accounts). docs/findings.md says so.
			if strings.TrimSpace(r.Description) != "" || r.IsDefaultEgress() {
				continue
			}
			a.add(a.ruleFinding(g, r, IDMissingDescription, fmt.Sprintf(
				"the %s rule %s %s %s on %s has no description: say why it exists (who connects to what, and for what)",
				r.Direction, r.Service().Label(), fromTo(r.Direction), clip(a.peerName(g, r.Peer), 100), groupLabel(g))))
		}
	}
}

func fromTo(d sgmap.Direction) string {
	if d == sgmap.Egress {
		return "to"
	}
	return "from"
}

var deadPeering = map[string]bool{"deleted": true, "deleting": true, "expired": true, "failed": true, "rejected": true}

// checkDangling: semantics §14-15. A reference to a deleted group, or
// through a peering connection that is gone, admits nothing. Owners and
// ENIs in missing groups are [checkDanglingOwners].
func checkDangling(a *auditor) {
	defer checkDanglingOwners(a)
	peerings := map[string]string{}
	for _, p := range a.s.Peerings {
		peerings[p.ID] = p.Status
	}
	for _, g := range a.groups() {
		for _, r := range g.Rules {
			p := r.Peer
			if p.Kind != sgmap.PeerGroup {
				continue
			}
			status := strings.ToLower(p.PeeringStatus)
			if s, ok := peerings[p.PeeringID]; ok && p.PeeringID != "" && s != "" {
				status = strings.ToLower(s)
			}
			why := ""
			switch {
			case p.Stale:
				why = "AWS reports it as stale: the group or the peering connection behind it is gone"
			case p.PeeringID != "" && deadPeering[status]:
				why = fmt.Sprintf("its peering connection %s is %s", p.PeeringID, status)
			case a.x.Groups[p.Value] != nil:
			case p.AccountID != "" && p.AccountID != a.account(g):
				// Another account's group: not visible here, not dangling.
			case p.VPCID != "" && p.VPCID != g.VPCID && a.x.VPCs[p.VPCID] == nil:
				// A group in a VPC this snapshot did not collect.
			default:
				why = "it is not in this snapshot: the group was deleted, or never existed in this account"
			}
			if why == "" {
				continue
			}
			a.add(a.ruleFinding(g, r, IDDanglingReference, fmt.Sprintf(
				"the %s rule %s %s %s on %s references a group that does not exist: %s; remove the rule, or point it at the group that encloses those peers now",
				r.Direction, r.Service().Label(), fromTo(r.Direction), clip(p.String(), 100), groupLabel(g), why)))
		}
	}
}
