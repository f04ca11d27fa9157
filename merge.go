package sgmap

import "slices"

// Merge combines partial snapshots, such as one per account and region or
// one per imported file, into one. Objects that appear in several parts
// (the same VPC imported twice) are kept once: the first part that has an
// ID wins. Accounts and regions are united, warnings concatenated. The
// result carries no schema version, time or source; the caller sets them
// and then normalises, sanitises and validates as usual.
func Merge(parts ...*Snapshot) *Snapshot {
	s := &Snapshot{}
	seen := map[string]bool{}
	for _, c := range parts {
		if c == nil {
			continue
		}
		s.Accounts = appendNew(s.Accounts, c.Accounts...)
		s.Regions = appendNew(s.Regions, c.Regions...)
		s.Warnings = append(s.Warnings, c.Warnings...)
		s.VPCs = addFirst(seen, "vpc", s.VPCs, c.VPCs, func(x VPC) string { return x.ID })
		s.Subnets = addFirst(seen, "subnet", s.Subnets, c.Subnets, func(x Subnet) string { return x.ID })
		s.Groups = addFirst(seen, "sg", s.Groups, c.Groups, func(x SecurityGroup) string { return x.ID })
		s.Interfaces = addFirst(seen, "eni", s.Interfaces, c.Interfaces, func(x NetworkInterface) string { return x.ID })
		s.Owners = addFirst(seen, "owner", s.Owners, c.Owners, func(x Owner) string { return x.ID })
		s.PrefixLists = addFirst(seen, "pl", s.PrefixLists, c.PrefixLists, func(x PrefixList) string { return x.ID })
		s.Peerings = addFirst(seen, "pcx", s.Peerings, c.Peerings, func(x PeeringConnection) string { return x.ID })
	}
	return s
}

// addFirst appends the items of src whose kind and id are not in seen yet.
func addFirst[T any](seen map[string]bool, kind string, dst, src []T, id func(T) string) []T {
	for _, x := range src {
		k := kind + "\x00" + id(x)
		if !seen[k] {
			seen[k] = true
			dst = append(dst, x)
		}
	}
	return dst
}

// appendNew appends the non-empty values of vs that s does not hold yet.
func appendNew(s []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}
