package awsconv

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/sgmap/sgmap"
)

// owners collects the owners of one raw and which owner claims each ENI.
type owners struct {
	list   []sgmap.Owner
	byID   map[string]int
	claims map[string]string // ENI ID → owner ID, from the service APIs
}

func (r *owners) add(o sgmap.Owner) int {
	if i, ok := r.byID[o.ID]; ok {
		return i
	}
	r.byID[o.ID] = len(r.list)
	r.list = append(r.list, o)
	return len(r.list) - 1
}

// claim records that the owner's service API names eni; the first claim wins.
func (r *owners) claim(eni, owner string) {
	if _, ok := r.claims[eni]; !ok && eni != "" {
		r.claims[eni] = owner
	}
}

// ownersFromRaw converts every owner the service APIs returned and resolves
// the owner of each ENI in enis (setting its OwnerID), in the order of
// dependencies.md §3.4: the instance it is attached to; the service API
// that names it (ECS task attachments, NAT gateway addresses, VPC endpoint
// ENIs, Lambda and RDS by subnet and group set, ELBv2 by the ARN in its
// description, classic ELB by name); then what the ENI itself says
// ([ownerFromText]). ENIs nothing claims keep an empty OwnerID.
func ownersFromRaw(raw *Raw, enis []sgmap.NetworkInterface) []sgmap.Owner {
	acct, region := raw.AccountID, raw.Region
	r := &owners{byID: map[string]int{}, claims: map[string]string{}}
	attached := map[string]string{}
	for _, e := range raw.NetworkInterfaces {
		if a := e.Attachment; a != nil && aws.ToString(a.InstanceId) != "" {
			attached[aws.ToString(e.NetworkInterfaceId)] = aws.ToString(a.InstanceId)
		}
	}
	for _, inst := range raw.Instances {
		if inst.State != nil && inst.State.Name == ec2types.InstanceStateNameTerminated {
			continue
		}
		o := instanceFromEC2(inst, acct, region)
		r.add(o)
		for _, id := range o.InterfaceIDs {
			if _, ok := attached[id]; !ok {
				attached[id] = o.ID
			}
		}
	}
	lbByKey := map[string]string{}
	for _, lb := range raw.LoadBalancers {
		o := loadBalancerFromELBv2(lb, raw.Listeners, raw.TargetGroups, raw.TargetHealth, acct, region)
		r.add(o)
		lbByKey[elbKeyOfARN(o.ID)] = o.ID
	}
	classicByName := map[string]string{}
	for _, lb := range raw.ClassicLBs {
		o := loadBalancerFromELB(lb, acct, region)
		r.add(o)
		classicByName[o.Name] = o.ID
	}
	for _, t := range raw.ECSTasks {
		if aws.ToString(t.LastStatus) == "STOPPED" || aws.ToString(t.TaskArn) == "" {
			continue
		}
		o := taskFromECS(t, raw.ECSServices, acct, region)
		r.add(o)
		for _, id := range o.InterfaceIDs {
			r.claim(id, o.ID)
		}
	}
	for _, ep := range raw.VPCEndpoints {
		o := endpointFromEC2(ep, acct, region)
		r.add(o)
		for _, id := range o.InterfaceIDs {
			r.claim(id, o.ID)
		}
	}
	for _, n := range raw.NATGateways {
		if n.State == ec2types.NatGatewayStateDeleted {
			continue
		}
		o := natGatewayFromEC2(n, acct, region)
		r.add(o)
		for _, id := range o.InterfaceIDs {
			r.claim(id, o.ID)
		}
	}
	matchLambda(raw, r, enis)
	matchRDS(raw, r, enis)
	addManaged(raw, r, enis)

	for i := range enis {
		e := &enis[i]
		e.OwnerID = r.resolve(e, attached[e.ID], lbByKey, classicByName)
	}
	for i := range enis {
		if e := &enis[i]; e.OwnerID != "" {
			o := &r.list[r.byID[e.OwnerID]]
			o.InterfaceIDs = appendUnique(o.InterfaceIDs, e.ID)
		}
	}
	fillOwnerVPCs(r.list, enis, raw)
	markEKSNodes(raw, r.list)
	return r.list
}

// resolve returns the ID of e's owner, adding a synthesised owner to r when
// only the ENI's own fields say what it is.
func (r *owners) resolve(e *sgmap.NetworkInterface, instance string, lbByKey, classicByName map[string]string) string {
	if instance != "" {
		if _, ok := r.byID[instance]; !ok {
			r.add(sgmap.Owner{ID: instance, Kind: sgmap.OwnerInstance, AccountID: e.AccountID, Region: e.Region,
				VPCID: e.VPCID, Detail: resolvedFrom("attachment")})
		}
		return instance
	}
	if id, ok := r.claims[e.ID]; ok {
		return id
	}
	if id, ok := lbByKey[elbKey(e.Description)]; ok && elbKey(e.Description) != "" {
		return id
	}
	if name, ok := strings.CutPrefix(e.Description, "ELB "); ok {
		if id, ok := classicByName[name]; ok {
			return id
		}
	}
	o := ownerFromText(e)
	if o == nil {
		return ""
	}
	r.add(*o)
	return o.ID
}

// matchLambda gives each Lambda Hyperplane ENI to every function whose
// subnets include the ENI's subnet and whose group set equals the ENI's:
// such ENIs are shared, and the function in the description is only the
// one that created it (dependencies.md §3.4). The ENI's OwnerID is that
// function when it matches, else the first match by name.
func matchLambda(raw *Raw, r *owners, enis []sgmap.NetworkInterface) {
	bySubnetGroups := map[string][]int{} // subnetGroupsKey → owner indexes
	for _, f := range raw.LambdaFunctions {
		o, ok := functionFromLambda(f, raw.AccountID, raw.Region)
		if !ok {
			continue
		}
		i := r.add(o)
		for _, sub := range appendUnique(nil, f.VpcConfig.SubnetIds...) {
			k := subnetGroupsKey(sub, o.GroupIDs)
			bySubnetGroups[k] = append(bySubnetGroups[k], i)
		}
	}
	for i := range enis {
		e := &enis[i]
		if !isLambdaENI(e) {
			continue
		}
		var names []string
		for _, idx := range bySubnetGroups[subnetGroupsKey(e.SubnetID, e.GroupIDs)] {
			o := &r.list[idx]
			if o.VPCID == "" || o.VPCID == e.VPCID {
				o.InterfaceIDs = appendUnique(o.InterfaceIDs, e.ID)
				names = append(names, o.ID)
			}
		}
		claimShared(r, e, names, lambdaFunctionFromText(e.Description, e.RequesterID))
	}
}

// subnetGroupsKey identifies a subnet and a group set, in any order.
func subnetGroupsKey(subnet string, groups []string) string {
	g := slices.Clone(groups)
	slices.Sort(g)
	return subnet + "\x00" + strings.Join(slices.Compact(g), ",")
}

// matchRDS gives each RDS ENI to the DB instances whose subnet group holds
// its subnet and whose group set equals its own; the RDS API names no ENI.
// Instances of one cluster usually match the same ENIs, and then share them
// like Lambda functions do: their group set is the ENI's either way.
func matchRDS(raw *Raw, r *owners, enis []sgmap.NetworkInterface) {
	type db struct {
		idx     int
		subnets []string
	}
	var dbs []db
	inCluster := map[string]bool{}
	for _, d := range raw.DBInstances {
		o, subnets := dbInstanceFromRDS(d, raw.AccountID, raw.Region)
		dbs = append(dbs, db{idx: r.add(o), subnets: subnets})
		inCluster[aws.ToString(d.DBClusterIdentifier)] = true
	}
	for _, c := range raw.DBClusters {
		if id := aws.ToString(c.DBClusterIdentifier); id != "" && !inCluster[id] {
			r.add(dbClusterFromRDS(c, raw.AccountID, raw.Region))
		}
	}
	for i := range enis {
		e := &enis[i]
		if !isRDSENI(e) {
			continue
		}
		var names []string
		for _, d := range dbs {
			o := &r.list[d.idx]
			if (len(d.subnets) == 0 || slices.Contains(d.subnets, e.SubnetID)) && sameSet(o.GroupIDs, e.GroupIDs) &&
				(o.VPCID == "" || o.VPCID == e.VPCID) {
				o.InterfaceIDs = appendUnique(o.InterfaceIDs, e.ID)
				names = append(names, o.ID)
			}
		}
		claimShared(r, e, names, "")
	}
}

// claimShared claims e for preferred when it is among names, else for the
// first of names in order.
func claimShared(r *owners, e *sgmap.NetworkInterface, names []string, preferred string) {
	if len(names) == 0 {
		return
	}
	if slices.Contains(names, preferred) {
		r.claim(e.ID, preferred)
		return
	}
	slices.Sort(names)
	r.claim(e.ID, names[0])
}

// fillOwnerVPCs sets the VPC of owners whose API does not name one (ECS
// tasks, Aurora clusters): the VPC of their first ENI, else of their first
// group.
func fillOwnerVPCs(list []sgmap.Owner, enis []sgmap.NetworkInterface, raw *Raw) {
	eniVPC := map[string]string{}
	for _, e := range enis {
		eniVPC[e.ID] = e.VPCID
	}
	groupVPC := map[string]string{}
	for _, g := range raw.SecurityGroups {
		groupVPC[aws.ToString(g.GroupId)] = aws.ToString(g.VpcId)
	}
	for i := range list {
		o := &list[i]
		for _, id := range o.InterfaceIDs {
			o.VPCID = or(o.VPCID, eniVPC[id])
		}
		for _, id := range o.GroupIDs {
			o.VPCID = or(o.VPCID, groupVPC[id])
		}
	}
}
