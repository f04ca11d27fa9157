package cloudformation

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// defaultVPC stands for an account's default VPC: groups that name no VpcId
// are created there.
const defaultVPC = "cfn:default-vpc"

// defaultGroupSuffix names a VPC's default group after the VPC's id.
const defaultGroupSuffix = ".DefaultSecurityGroup"

// symbol returns what n names: its text when known; when known only at
// deploy time, its symbolic name, with a warning saying so. ok is false
// when there is nothing to draw.
func (s *stack) symbol(n *node, where, what string) (string, bool) {
	switch {
	case n == nil || n.kind == noValue:
		return "", false
	case n.kind == scalar && n.s != "":
		return n.s, true
	case n.kind == unknown && n.s != "":
		// One warning per unknown value, at its first use.
		if !s.r.seenWarn["sym "+n.s] {
			s.r.seenWarn["sym "+n.s] = true
			s.warn("%s: %s: %s; drawn as %s", where, what, n.why, clip(n.s))
		}
		return n.s, true
	case n.kind == unknown:
		s.warn("%s: %s: %s; not drawn", where, what, n.why)
	default:
		s.warn("%s: %s is not a single value; not drawn", where, what)
	}
	return "", false
}

// vpcOf returns the VPC of group resource rs.
func (s *stack) vpcOf(rs *resource) string {
	v := s.prop(rs, "VpcId")
	if v == nil {
		return defaultVPC
	}
	if id, ok := s.symbol(v, s.where(rs.id, rs.line), "VpcId"); ok {
		return id
	}
	return s.id("unknown-vpc")
}

// tags evaluates a Tags property ([{Key, Value}]) into a map; unknown
// values are kept by their symbolic names.
func (s *stack) tags(rs *resource, keys ...string) map[string]string {
	var out map[string]string
	for _, t := range s.prop(rs, keys...).list() {
		k, v := t.get("Key"), t.get("Value")
		if k == nil || k.kind != scalar || v == nil {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k.s] = v.s
	}
	return out
}

func (r *reader) securityGroups(s *stack) {
	for _, rs := range s.resourcesOf(typeGroup) {
		g := &sgmap.SecurityGroup{
			ID:        s.id(rs.id),
			VPCID:     s.vpcOf(rs),
			AccountID: r.opt.AccountID,
			Region:    r.opt.Region,
			Tags:      s.tags(rs, "Tags"),
		}
		g.Name = firstOf(s.prop(rs, "GroupName").str(), g.Tags["Name"], rs.id)
		if d := s.prop(rs, "GroupDescription"); d != nil {
			g.Description = d.s
		}
		setGroupLocation(g, s.tpl.loc, rs.line)
		for _, it := range s.prop(rs, "SecurityGroupIngress").list() {
			r.addRule(s, g, sgmap.Ingress, it, it.line)
		}
		egress := s.prop(rs, "SecurityGroupEgress").list()
		for _, it := range egress {
			r.addRule(s, g, sgmap.Egress, it, it.line)
		}
		if len(egress) == 0 {
			// AWS adds allow-all egress to a group created without egress
			// rules (AWS::EC2::SecurityGroup reference, SecurityGroupEgress).
			rule := sgmap.Rule{Direction: sgmap.Egress, Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}}
			setRuleLocation(&rule, s.tpl.loc, rs.line)
			g.Rules = append(g.Rules, rule)
		}
		r.groups[g.ID] = g
	}
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// standaloneRules adds AWS::EC2::SecurityGroupIngress and Egress resources
// to their groups; a group not defined in the templates read (a parameter,
// an import) gets a placeholder so that its rules are still drawn.
func (r *reader) standaloneRules(s *stack) {
	for _, rs := range s.resourcesOf(typeIngress, typeEgress) {
		where := "rule at " + s.tpl.file + ":" + strconv.Itoa(rs.line) + " (" + rs.id + ")"
		target := s.prop(rs, "GroupId")
		if target == nil {
			target = s.prop(rs, "GroupName")
		}
		id, ok := s.symbol(target, where, "GroupId")
		if !ok {
			continue
		}
		g := r.groupByRef(id)
		if g == nil {
			g = r.placeholder(s, id)
		}
		dir := sgmap.Ingress
		if rs.typ == typeEgress {
			dir = sgmap.Egress
		}
		r.addRule(s, g, dir, s.eval(rs.props, 0), rs.line)
	}
}

// groupByRef finds a group by id, or by name (SourceSecurityGroupName,
// GroupName in a default VPC).
func (r *reader) groupByRef(ref string) *sgmap.SecurityGroup {
	if g := r.groups[ref]; g != nil {
		return g
	}
	var found *sgmap.SecurityGroup
	for _, g := range r.groups {
		if g.Name == ref && (found == nil || g.ID < found.ID) {
			found = g
		}
	}
	return found
}

// placeholder returns the group id stands for, creating it: a group the
// templates use but do not define.
func (r *reader) placeholder(s *stack, id string) *sgmap.SecurityGroup {
	if g := r.groups[id]; g != nil {
		return g
	}
	name := id
	if i := strings.LastIndexByte(id, '/'); i >= 0 && strings.HasPrefix(id, "cfn:") {
		name = id[i+1:]
	}
	g := &sgmap.SecurityGroup{ID: id, Name: name, VPCID: s.fallbackVPC(r),
		Description: "not defined in the templates read", AccountID: r.opt.AccountID, Region: r.opt.Region}
	if strings.HasPrefix(id, "sg-") {
		g.Description = "an existing group, not defined in the templates read"
	}
	r.groups[id] = g
	return g
}

// addRule converts one ingress or egress item (inline, or a standalone
// resource's properties, written at line) and adds it to g, or warns why it
// cannot be drawn.
func (r *reader) addRule(s *stack, g *sgmap.SecurityGroup, dir sgmap.Direction, it *node, line int) {
	// Rule warnings start "rule at": a rule not drawn is counted by them.
	where := "rule at " + s.tpl.file + ":" + strconv.Itoa(line) + " (" + clip(g.Name) + ")"
	if it == nil || it.kind != mapping {
		s.warn("%s: a %s rule is not a mapping; not drawn", where, dir)
		return
	}
	proto, ok := s.symbol(it.get("IpProtocol"), where, "IpProtocol")
	if !ok || proto == "" {
		return
	}
	rule := sgmap.Rule{Direction: dir, Protocol: strings.ToLower(proto), FromPort: -1, ToPort: -1}
	if d := it.get("Description"); d != nil {
		rule.Description = d.s
	}
	var okFrom, okTo bool
	if rule.FromPort, okFrom = s.port(it.get("FromPort"), where, "FromPort"); !okFrom {
		return
	}
	if rule.ToPort, okTo = s.port(it.get("ToPort"), where, "ToPort"); !okTo {
		return
	}
	peer, ok := r.peer(s, it, dir, g.VPCID, where)
	if !ok {
		return
	}
	rule.Peer = peer
	setRuleLocation(&rule, s.tpl.loc, line)
	if msg := checkRule(rule); msg != "" {
		s.warn("%s: %s; not drawn", where, msg)
		return
	}
	g.Rules = append(g.Rules, rule)
}

// port reads a port that may be a number or a quoted number; absent is -1.
func (s *stack) port(n *node, where, what string) (int32, bool) {
	if n == nil {
		return -1, true
	}
	v, ok := s.symbol(n, where, what)
	if !ok {
		return 0, false
	}
	p, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
	if err != nil {
		s.warn("%s: %s %q is not a number; not drawn", where, what, clip(v))
		return 0, false
	}
	return int32(p), true
}

// peerKeys are the properties that name a rule's peer, by direction.
var peerKeys = map[sgmap.Direction][]string{
	sgmap.Ingress: {"CidrIp", "CidrIpv6", "SourcePrefixListId", "SourceSecurityGroupId", "SourceSecurityGroupName"},
	sgmap.Egress:  {"CidrIp", "CidrIpv6", "DestinationPrefixListId", "DestinationSecurityGroupId"},
}

func (r *reader) peer(s *stack, it *node, dir sgmap.Direction, vpc, where string) (sgmap.Peer, bool) {
	var key string
	for _, k := range peerKeys[dir] {
		if it.get(k) != nil {
			if key != "" {
				s.warn("%s: both %s and %s are set (AWS allows one); not drawn", where, key, k)
				return sgmap.Peer{}, false
			}
			key = k
		}
	}
	if key == "" {
		s.warn("%s: the rule names no peer (%s); not drawn", where, strings.Join(peerKeys[dir], ", "))
		return sgmap.Peer{}, false
	}
	v := it.get(key)
	if v.kind == unknown && (key == "CidrIp" || key == "CidrIpv6") {
		s.warn("%s: %s: %s; not drawn", where, key, v.why)
		return sgmap.Peer{}, false
	}
	val, ok := s.symbol(v, where, key)
	if !ok {
		return sgmap.Peer{}, false
	}
	p := sgmap.Peer{Value: strings.TrimSpace(val)}
	switch key {
	case "CidrIp":
		p.Kind = sgmap.PeerIPv4
	case "CidrIpv6":
		p.Kind = sgmap.PeerIPv6
	case "SourcePrefixListId", "DestinationPrefixListId":
		p.Kind = sgmap.PeerPrefixList
	default:
		p.Kind = sgmap.PeerGroup
		if g := r.groupByRef(p.Value); g != nil {
			p.Value = g.ID
		} else if key == "SourceSecurityGroupName" && p.Value == "default" {
			p.Value = r.defaultGroup(vpc)
		}
		if o := it.get("SourceSecurityGroupOwnerId"); o != nil && o.kind == scalar && o.s != r.opt.AccountID {
			p.AccountID = o.s
		}
	}
	return p, true
}

// checkRule validates one rule with the snapshot's own validation, so that
// a hostile value is a warning and not a snapshot that fails to load. It
// returns the first problem, or "".
func checkRule(rule sgmap.Rule) string {
	probe := sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, TakenAt: time.Unix(1, 0),
		Groups: []sgmap.SecurityGroup{{ID: "probe", VPCID: "probe", Rules: []sgmap.Rule{rule}}}}
	probe.Normalize()
	var ve *sgmap.ValidationError
	if err := probe.Validate(); errors.As(err, &ve) && len(ve.Problems) > 0 {
		msg := ve.Problems[0].Error()
		if _, after, ok := strings.Cut(msg, "rules[0]: "); ok {
			return after
		}
		return msg
	}
	return ""
}
