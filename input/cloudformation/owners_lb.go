package cloudformation

import (
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
)

// registration is a target a resource registers with a target group: the
// instances of an Auto Scaling group, the tasks of an ECS service.
type registration struct {
	group, owner string
	port         int32
}

// listeners adds the ELBv2 listeners (of every stack) of load balancer id,
// and the target groups their actions and rules forward to.
func (r *reader) listeners(id string, lb *sgmap.LoadBalancer) {
	seen := map[string]bool{}
	for _, s := range r.stacks {
		listenerIDs := map[string]bool{}
		for _, rs := range s.resourcesOf("AWS::ElasticLoadBalancingV2::Listener") {
			if s.prop(rs, "LoadBalancerArn").str() != id {
				continue
			}
			listenerIDs[s.id(rs.id)] = true
			port, _ := strconv.Atoi(s.prop(rs, "Port").str())
			lb.Listeners = append(lb.Listeners, sgmap.Listener{Protocol: s.prop(rs, "Protocol").str(), Port: int32(port)})
			r.forwards(s.prop(rs, "DefaultActions"), lb, seen)
		}
		for _, rs := range s.resourcesOf("AWS::ElasticLoadBalancingV2::ListenerRule") {
			if listenerIDs[s.prop(rs, "ListenerArn").str()] {
				r.forwards(s.prop(rs, "Actions"), lb, seen)
			}
		}
	}
}

// forwards adds the target groups that actions forward to.
func (r *reader) forwards(actions *node, lb *sgmap.LoadBalancer, seen map[string]bool) {
	var arns []string
	for _, a := range actions.list() {
		arns = append(arns, a.get("TargetGroupArn").str())
		for _, tg := range a.path("ForwardConfig", "TargetGroups").list() {
			arns = append(arns, tg.get("TargetGroupArn").str())
		}
	}
	for _, arn := range arns {
		if arn == "" || seen[arn] {
			continue
		}
		seen[arn] = true
		tg := sgmap.TargetGroup{ID: arn}
		if s, rs := r.findResource(arn, "AWS::ElasticLoadBalancingV2::TargetGroup"); rs != nil {
			tg.Name = firstOf(s.prop(rs, "Name").str(), rs.id)
			tg.Protocol = s.prop(rs, "Protocol").str()
			tg.TargetType = firstOf(s.prop(rs, "TargetType").str(), "instance")
			tg.HealthCheckPort = s.prop(rs, "HealthCheckPort").str()
			if p, err := strconv.Atoi(s.prop(rs, "Port").str()); err == nil {
				tg.Port = int32(p)
			}
			for _, t := range s.prop(rs, "Targets").list() {
				port, _ := strconv.Atoi(t.get("Port").str())
				if id := t.get("Id").str(); id != "" {
					tg.Targets = append(tg.Targets, sgmap.Target{ID: id, Port: int32(port)})
				}
			}
		}
		lb.TargetGroups = append(lb.TargetGroups, tg)
	}
}

// findResource returns the stack and resource an id names, if of type typ.
func (r *reader) findResource(id, typ string) (*stack, *resource) {
	for _, s := range r.stacks {
		if rest, ok := strings.CutPrefix(id, s.id("")); ok {
			if rs := s.resources[rest]; rs != nil && rs.typ == typ && s.enabled(rs) {
				return s, rs
			}
		}
	}
	return nil, nil
}

// classicListeners adds a classic load balancer's listeners; the group AWS
// creates for one without groups admits its listener ports from anywhere.
func (r *reader) classicListeners(s *stack, rs *resource, lb *sgmap.LoadBalancer) {
	own := r.groups[s.id(rs.id)+".SourceSecurityGroup"]
	for _, l := range s.prop(rs, "Listeners").list() {
		port, err := strconv.Atoi(l.get("LoadBalancerPort").str())
		if err != nil {
			continue
		}
		lb.Listeners = append(lb.Listeners, sgmap.Listener{Protocol: strings.ToUpper(l.get("Protocol").str()), Port: int32(port)})
		if own != nil && port >= 0 && port <= 65535 {
			own.Rules = append(own.Rules, sgmap.Rule{Direction: sgmap.Ingress, Protocol: sgmap.ProtoTCP,
				FromPort: int32(port), ToPort: int32(port), Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}})
		}
	}
	for _, inst := range s.prop(rs, "Instances").list() {
		if inst.s != "" {
			lb.TargetGroups = appendClassicTarget(lb.TargetGroups, s.id(rs.id), inst.s)
		}
	}
}

func appendClassicTarget(tgs []sgmap.TargetGroup, lb, target string) []sgmap.TargetGroup {
	if len(tgs) == 0 {
		tgs = append(tgs, sgmap.TargetGroup{ID: lb, TargetType: "instance"})
	}
	tgs[0].Targets = append(tgs[0].Targets, sgmap.Target{ID: target})
	return tgs
}

// registerTargets records the ECS services' load balancer targets of s;
// classic load balancer names an Auto Scaling group registers with are
// added as targets at once.
func (r *reader) registerTargets(s *stack) {
	for _, rs := range s.resourcesOf("AWS::ECS::Service") {
		if absent(s.prop(rs, "NetworkConfiguration")) {
			continue
		}
		for _, lb := range s.prop(rs, "LoadBalancers").list() {
			port, _ := strconv.Atoi(lb.get("ContainerPort").str())
			if tg := lb.get("TargetGroupArn").str(); tg != "" {
				r.targets = append(r.targets, registration{group: tg, owner: s.id(rs.id), port: int32(port)})
			}
		}
	}
	for _, rs := range s.resourcesOf("AWS::AutoScaling::AutoScalingGroup") {
		for _, name := range s.prop(rs, "LoadBalancerNames").list() {
			for i := range r.snap.Owners {
				if o := &r.snap.Owners[i]; o.ID == name.s && o.LoadBalancer != nil {
					o.LoadBalancer.TargetGroups = appendClassicTarget(o.LoadBalancer.TargetGroups, o.ID, s.id(rs.id))
				}
			}
		}
	}
}

// attachTargets adds the recorded registrations to the target groups of
// the load balancers that forward to them.
func (r *reader) attachTargets() {
	for _, reg := range r.targets {
		for i := range r.snap.Owners {
			lb := r.snap.Owners[i].LoadBalancer
			if lb == nil {
				continue
			}
			for j := range lb.TargetGroups {
				if lb.TargetGroups[j].ID == reg.group {
					lb.TargetGroups[j].Targets = append(lb.TargetGroups[j].Targets, sgmap.Target{ID: reg.owner, Port: reg.port})
				}
			}
		}
	}
}
