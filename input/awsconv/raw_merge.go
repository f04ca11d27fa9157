package awsconv

// Merge appends src's lists to dst's; account and region stay dst's.
// dst's maps must not be nil.
func (dst *Raw) Merge(src *Raw) {
	dst.VPCs = append(dst.VPCs, src.VPCs...)
	dst.Subnets = append(dst.Subnets, src.Subnets...)
	dst.SecurityGroups = append(dst.SecurityGroups, src.SecurityGroups...)
	dst.SecurityGroupRules = append(dst.SecurityGroupRules, src.SecurityGroupRules...)
	dst.NetworkInterfaces = append(dst.NetworkInterfaces, src.NetworkInterfaces...)
	dst.Instances = append(dst.Instances, src.Instances...)
	dst.PrefixLists = append(dst.PrefixLists, src.PrefixLists...)
	for id, e := range src.PrefixListEntries {
		dst.PrefixListEntries[id] = append(dst.PrefixListEntries[id], e...)
	}
	dst.VPCEndpoints = append(dst.VPCEndpoints, src.VPCEndpoints...)
	dst.NATGateways = append(dst.NATGateways, src.NATGateways...)
	dst.Peerings = append(dst.Peerings, src.Peerings...)
	dst.StaleGroups = append(dst.StaleGroups, src.StaleGroups...)
	dst.LoadBalancers = append(dst.LoadBalancers, src.LoadBalancers...)
	dst.Listeners = append(dst.Listeners, src.Listeners...)
	dst.TargetGroups = append(dst.TargetGroups, src.TargetGroups...)
	for id, h := range src.TargetHealth {
		dst.TargetHealth[id] = append(dst.TargetHealth[id], h...)
	}
	dst.ClassicLBs = append(dst.ClassicLBs, src.ClassicLBs...)
	dst.ECSServices = append(dst.ECSServices, src.ECSServices...)
	dst.ECSTasks = append(dst.ECSTasks, src.ECSTasks...)
	dst.LambdaFunctions = append(dst.LambdaFunctions, src.LambdaFunctions...)
	dst.DBInstances = append(dst.DBInstances, src.DBInstances...)
	dst.DBClusters = append(dst.DBClusters, src.DBClusters...)
	dst.CacheClusters = append(dst.CacheClusters, src.CacheClusters...)
	dst.RedshiftClusters = append(dst.RedshiftClusters, src.RedshiftClusters...)
	dst.MSKClusters = append(dst.MSKClusters, src.MSKClusters...)
	dst.EFSFileSystems = append(dst.EFSFileSystems, src.EFSFileSystems...)
	dst.EFSMountTargets = append(dst.EFSMountTargets, src.EFSMountTargets...)
	if len(src.EFSMountTargetGroups) > 0 && dst.EFSMountTargetGroups == nil {
		dst.EFSMountTargetGroups = map[string][]string{}
	}
	for id, g := range src.EFSMountTargetGroups {
		dst.EFSMountTargetGroups[id] = append(dst.EFSMountTargetGroups[id], g...)
	}
	dst.OpenSearchDomains = append(dst.OpenSearchDomains, src.OpenSearchDomains...)
	dst.EKSClusters = append(dst.EKSClusters, src.EKSClusters...)
	dst.EKSNodegroups = append(dst.EKSNodegroups, src.EKSNodegroups...)
	dst.Warnings = append(dst.Warnings, src.Warnings...)
}
