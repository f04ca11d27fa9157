package awsconv

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/sgmap/sgmap"
)

// unshareInstanceENIs handles one ENI id claimed by several instances, which
// AWS never reports (an ENI is attached to one instance at a time) but
// hand-edited or anonymised exports do. The ENI keeps the owner resolution
// gave it (the attachment in DescribeNetworkInterfaces, else the first
// instance listing it); every other instance claiming it drops it and keeps
// its own groups — the SecurityGroups DescribeInstances lists for it, else
// the groups of its own copy of the interface — so that no owner is ever
// drawn or audited inside another owner's groups. Each such id becomes a
// warning naming it and the owners.
func unshareInstanceENIs(raw *Raw, owners []sgmap.Owner, enis []sgmap.NetworkInterface) []sgmap.Warning {
	ownerOf := map[string]string{}
	for _, e := range enis {
		ownerOf[e.ID] = e.OwnerID
	}
	ownGroups := map[[2]string][]string{} // (instance, ENI) → that copy's groups
	for _, inst := range raw.Instances {
		for _, e := range inst.NetworkInterfaces {
			var ids []string
			for _, g := range e.Groups {
				ids = appendUnique(ids, aws.ToString(g.GroupId))
			}
			ownGroups[[2]string{aws.ToString(inst.InstanceId), aws.ToString(e.NetworkInterfaceId)}] = ids
		}
	}
	others := map[string][]string{} // ENI → instances that lost it
	for i := range owners {
		o := &owners[i]
		if o.Kind != sgmap.OwnerInstance {
			continue
		}
		o.InterfaceIDs = slices.DeleteFunc(o.InterfaceIDs, func(id string) bool {
			real, known := ownerOf[id]
			if !known || real == o.ID || real == "" {
				return false
			}
			others[id] = append(others[id], o.ID)
			if len(o.GroupIDs) == 0 {
				o.GroupIDs = slices.Clone(ownGroups[[2]string{o.ID, id}])
			}
			return true
		})
	}
	ids := make([]string, 0, len(others))
	for id := range others {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []sgmap.Warning
	for _, id := range ids {
		lost := others[id]
		slices.Sort(lost)
		out = append(out, sgmap.Warning{AccountID: raw.AccountID, Region: raw.Region, Service: "ec2", Operation: "DescribeInstances",
			Code: "shared-interface",
			Message: fmt.Sprintf("network interface %s is claimed by %d instances (%s, %s); AWS attaches an interface to one instance, so the export is inconsistent: %s keeps the interface, and %s each keep their own security groups",
				id, len(lost)+1, ownerOf[id], strings.Join(clipList(lost, 5), ", "), ownerOf[id], strings.Join(clipList(lost, 5), ", "))})
	}
	return out
}

// missingTargets warns about the instance targets of load balancers that
// are not among the owners: the diagram cannot draw a forwarding edge to
// an instance it does not have (terminated, or left out of the export),
// and dropping the target silently would hide a flow the load balancer
// still makes.
func missingTargets(raw *Raw, owners []sgmap.Owner) []sgmap.Warning {
	have := map[string]bool{}
	for _, o := range owners {
		have[o.ID] = true
	}
	var out []sgmap.Warning
	for _, o := range owners {
		if o.LoadBalancer == nil {
			continue
		}
		var missing []string
		for _, tg := range o.LoadBalancer.TargetGroups {
			if tg.TargetType != "" && tg.TargetType != "instance" {
				continue
			}
			for _, t := range tg.Targets {
				if strings.HasPrefix(t.ID, "i-") && !have[t.ID] && !slices.Contains(missing, t.ID) {
					missing = append(missing, t.ID)
				}
			}
		}
		if len(missing) == 0 {
			continue
		}
		slices.Sort(missing)
		op := "DescribeTargetHealth"
		if o.LoadBalancer.Type == "classic" {
			op = "DescribeLoadBalancers"
		}
		out = append(out, sgmap.Warning{AccountID: raw.AccountID, Region: raw.Region, Service: "elasticloadbalancing", Operation: op,
			Code: "missing-target",
			Message: fmt.Sprintf("load balancer %s forwards to %d instance(s) not in the snapshot (terminated, or left out of the export): %s; their target edges are not drawn, add describe-instances output to see them",
				o.DisplayName(), len(missing), strings.Join(clipList(missing, 5), ", "))})
	}
	return out
}
