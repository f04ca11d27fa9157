package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// conv converts one loaded file into a partial snapshot.
type conv struct {
	d       *doc
	s       *sgmap.Snapshot
	byAddr  map[string]*res
	byKey   map[string][]*res // module + "\x00" + key → instances, in file order
	modules []string          // every module instance address, sorted
	ids     map[string]string // address → the id the snapshot uses
	used    map[string]bool   // addresses drawn or understood
	skipped []string          // addresses understood but with nothing to draw
	// followed and unresolved record values unknown until apply:
	// "address.attribute → what the configuration references", and those
	// whose references lead nowhere sgmap can see.
	followed, unresolved []string
	loc                  *locator
	eniGroups            map[string][]string // ENI id → groups attached by aws_network_interface_sg_attachment
	budget               int                 // references one value may still follow; see maxRefSteps
}

func newConv(d *doc, loc *locator) *conv {
	c := &conv{d: d, s: &sgmap.Snapshot{}, byAddr: map[string]*res{}, byKey: map[string][]*res{},
		ids: map[string]string{}, used: map[string]bool{}, loc: loc, eniGroups: map[string][]string{}}
	mods := map[string]bool{}
	for _, r := range d.resources {
		if r.values == nil {
			r.values = map[string]any{}
		}
		if c.byAddr[r.addr] != nil {
			continue // the same instance twice: the first wins
		}
		c.byAddr[r.addr] = r
		k := r.module + "\x00" + r.key()
		c.byKey[k] = append(c.byKey[k], r)
		steps := parseModule(r.module)
		for i := 1; i <= len(steps); i++ {
			mods[joinModule(steps[:i])] = true
		}
	}
	c.modules = sortedKeys(mods)
	return c
}

// idOf is the id a resource has in the snapshot: its AWS id when known,
// else tf:<address>.
func (c *conv) idOf(r *res) string {
	if id, ok := c.ids[r.addr]; ok {
		return id
	}
	id := str(r.values["id"])
	if id == "" {
		id = "tf:" + r.addr
	}
	c.ids[r.addr] = id
	return id
}

// of returns the resources of the given types, in file order.
func (c *conv) of(types ...string) []*res {
	var out []*res
	for _, r := range c.d.resources {
		if c.byAddr[r.addr] == r && slices.Contains(types, r.typ) {
			out = append(out, r)
		}
	}
	return out
}

// convert runs every step; the order matters (groups before owners).
func (c *conv) convert() *sgmap.Snapshot {
	c.networks()
	c.groups()
	c.rules()
	c.owners()
	c.warnings()
	return c.s
}

// networks converts VPCs and subnets.
func (c *conv) networks() {
	for _, r := range c.of("aws_vpc", "aws_default_vpc") {
		c.used[r.addr] = true
		v := sgmap.VPC{ID: c.idOf(r), Name: str(get(r.values, "tags", "Name")), Tags: tags(r.values["tags"]),
			AccountID: str(r.values["owner_id"]), IsDefault: r.typ == "aws_default_vpc" || truthy(r.values["default"])}
		v.CIDRs = append(strs(r.values["cidr_block"]), strs(r.values["ipv6_cidr_block"])...)
		c.s.VPCs = append(c.s.VPCs, v)
	}
	for _, r := range c.of("aws_subnet", "aws_default_subnet") {
		c.used[r.addr] = true
		sn := sgmap.Subnet{ID: c.idOf(r), VPCID: c.one(r, "vpc_id"), Name: str(get(r.values, "tags", "Name")),
			AvailabilityZone: str(r.values["availability_zone"]), Tags: tags(r.values["tags"])}
		sn.CIDRs = append(strs(r.values["cidr_block"]), strs(r.values["ipv6_cidr_block"])...)
		c.s.Subnets = append(c.s.Subnets, sn)
	}
}

// refIDs returns the ids held at path in r: the known values, or, when they
// are unknown until apply, the ids of the resources (or the literals) that
// the configuration references there.
func (c *conv) refIDs(r *res, path ...string) []string {
	known := strs(get(r.values, path...))
	if len(known) > 0 && !unknownAt(r.unknown, path...) {
		return known
	}
	t := c.follow(r, path...)
	if len(t.addrs) == 0 && len(t.lits) == 0 {
		if unknownAt(r.unknown, path...) && c.hasExpr(r, path...) {
			c.unresolved = append(c.unresolved, r.addr+"."+strings.Join(path, "."))
		}
		return known
	}
	out := slices.Clone(known)
	var names []string
	for _, a := range t.addrs {
		if tr := c.byAddr[a]; tr != nil {
			out = append(out, c.idOf(tr))
			names = append(names, a)
		}
	}
	out = append(out, t.lits...)
	names = append(names, t.lits...)
	if unknownAt(r.unknown, path...) || len(known) == 0 {
		c.followed = append(c.followed, r.addr+"."+strings.Join(path, ".")+" → "+strings.Join(names, ", "))
	}
	return out
}

// one is [conv.refIDs] for an attribute that holds one id.
func (c *conv) one(r *res, path ...string) string {
	if ids := c.refIDs(r, path...); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// warnings records what could not be drawn, by type, and the values
// unknown until apply.
func (c *conv) warnings() {
	warn := func(msg string, args ...any) {
		c.s.Warnings = append(c.s.Warnings, sgmap.Warning{Service: "terraform", Code: "terraform", Message: clean(fmt.Sprintf(msg, args...))})
	}
	for _, w := range c.d.warnings {
		warn("%s", w)
	}
	types := map[string]int{}
	for _, r := range c.d.resources {
		if c.byAddr[r.addr] == r && !c.used[r.addr] {
			types[r.typ]++
		}
	}
	if len(types) > 0 {
		var parts []string
		for _, t := range sortedKeys(types) {
			parts = append(parts, fmt.Sprintf("%s (%d)", clip(t), types[t]))
		}
		warn("resources of types sgmap does not draw were left out: %s", strings.Join(clipList(parts, 12), ", "))
	}
	if len(c.skipped) > 0 {
		warn("resources without security groups or outside any VPC have nothing to draw: %s", strings.Join(clipList(c.skipped, 8), ", "))
	}
	if len(c.followed) > 0 {
		slices.Sort(c.followed)
		warn("%d value(s) unknown until apply were drawn from the references in the configuration: %s",
			len(c.followed), strings.Join(clipList(c.followed, 6), "; "))
	}
	if len(c.unresolved) > 0 {
		slices.Sort(c.unresolved)
		warn("%d value(s) unknown until apply could not be followed to a resource in the plan and are left out: %s",
			len(c.unresolved), strings.Join(clipList(c.unresolved, 6), "; "))
	}
}

// clipList keeps the first n items (clipped) and counts the rest.
func clipList(items []string, n int) []string {
	out := make([]string, 0, min(len(items), n+1))
	for i, it := range items {
		if i == n {
			out = append(out, fmt.Sprintf("and %d more", len(items)-n))
			break
		}
		out = append(out, clip(it))
	}
	return out
}
