package sgmap

// snapshot redacts every field of s in place; a field not named here keeps
// its value, so a new string field must be added (redact_test.go checks).
func (r *redactor) snapshot(s *Snapshot) {
	s.ID = r.text("snapshot", s.ID)
	s.Source = r.enum(s.Source)
	s.SourceFile = r.file(s.SourceFile)
	r.accounts(s.Accounts)
	for i, v := range s.Regions {
		s.Regions[i] = r.region(v)
	}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		v.ID, v.AccountID, v.Region = r.id(v.ID), r.account(v.AccountID), r.region(v.Region)
		v.Name, v.Tags = r.name("vpc", v.Name), r.tags("vpc", v.Tags)
		r.ids(v.CIDRs)
	}
	for i := range s.Subnets {
		v := &s.Subnets[i]
		v.ID, v.VPCID, v.Name = r.id(v.ID), r.id(v.VPCID), r.name("subnet", v.Name)
		v.AvailabilityZone, v.Tags = r.region(v.AvailabilityZone), r.tags("subnet", v.Tags)
		r.ids(v.CIDRs)
	}
	for i := range s.Groups {
		r.group(&s.Groups[i])
	}
	for i := range s.Interfaces {
		r.eni(&s.Interfaces[i])
	}
	for i := range s.Owners {
		r.owner(&s.Owners[i])
	}
	for i := range s.PrefixLists {
		r.prefixList(&s.PrefixLists[i])
	}
	for i := range s.Peerings {
		p := &s.Peerings[i]
		p.ID, p.Status = r.id(p.ID), r.enum(p.Status)
		r.peeringSide(&p.Requester)
		r.peeringSide(&p.Accepter)
	}
	for i := range s.Warnings {
		w := &s.Warnings[i]
		w.AccountID, w.Region = r.account(w.AccountID), r.region(w.Region)
		w.Service, w.Operation, w.Code, w.Action = r.enum(w.Service), r.enum(w.Operation), r.enum(w.Code), r.enum(w.Action)
		w.Message = r.text("warning", w.Message)
	}
}

func (r *redactor) group(g *SecurityGroup) {
	g.ID, g.VPCID, g.AccountID, g.Region = r.id(g.ID), r.id(g.VPCID), r.account(g.AccountID), r.region(g.Region)
	if !g.IsDefault() {
		g.Name = r.name("group", g.Name)
	}
	g.Description, g.Tags = r.text("description", g.Description), r.tags("group", g.Tags)
	g.Location.File = r.file(g.Location.File)
	for i := range g.Rules {
		u := &g.Rules[i]
		u.ID, u.Protocol, u.Description = r.id(u.ID), r.enum(u.Protocol), r.text("note", u.Description)
		u.Location.File = r.file(u.Location.File)
		p := &u.Peer
		p.Value = r.id(p.Value)
		p.AccountID, p.VPCID, p.PeeringID = r.account(p.AccountID), r.id(p.VPCID), r.id(p.PeeringID)
		p.PeeringStatus = r.enum(p.PeeringStatus)
	}
}

func (r *redactor) eni(e *NetworkInterface) {
	e.ID, e.AccountID, e.Region = r.id(e.ID), r.account(e.AccountID), r.region(e.Region)
	e.VPCID, e.SubnetID, e.Description = r.id(e.VPCID), r.id(e.SubnetID), r.text("interface", e.Description)
	e.InterfaceType, e.RequesterID, e.Status = r.enum(e.InterfaceType), r.account(e.RequesterID), r.enum(e.Status)
	r.ids(e.PrivateIPs)
	r.ids(e.IPv6Addresses)
	r.ids(e.PublicIPs)
	r.ids(e.GroupIDs)
	e.Tags, e.OwnerID = r.tags("interface", e.Tags), r.id(e.OwnerID)
}

// detailKept are the Owner.Detail keys whose values are AWS vocabulary
// (t3.micro, postgres) and stay when they look like it.
var detailKept = map[string]bool{"instance_type": true, "engine": true, "engine_version": true, "service": true}

func (r *redactor) owner(o *Owner) {
	kind := string(o.Kind)
	if !enumValue.MatchString(kind) {
		kind = "owner"
	}
	o.ID, o.Kind, o.Name = r.id(o.ID), OwnerKind(r.enum(string(o.Kind))), r.name(kind, o.Name)
	o.AccountID, o.Region, o.VPCID = r.account(o.AccountID), r.region(o.Region), r.id(o.VPCID)
	o.Tags = r.tags(kind, o.Tags)
	if p := o.Parent; p != nil {
		pk := p.Kind
		if !enumValue.MatchString(pk) {
			pk = "parent"
		}
		p.Kind, p.ID, p.Name = r.enum(p.Kind), r.id(p.ID), r.name(pk, p.Name)
	}
	r.ids(o.InterfaceIDs)
	r.ids(o.GroupIDs)
	if lb := o.LoadBalancer; lb != nil {
		lb.Type, lb.Scheme, lb.DNSName = r.enum(lb.Type), r.enum(lb.Scheme), r.text("dns", lb.DNSName)
		for i := range lb.Listeners {
			lb.Listeners[i].Protocol = r.enum(lb.Listeners[i].Protocol)
		}
		for i := range lb.TargetGroups {
			t := &lb.TargetGroups[i]
			t.ID, t.Name, t.Protocol, t.TargetType = r.id(t.ID), r.name("target-group", t.Name), r.enum(t.Protocol), r.enum(t.TargetType)
			if t.HealthCheckPort != "traffic-port" && !isDigits(t.HealthCheckPort) {
				t.HealthCheckPort = r.text("port", t.HealthCheckPort)
			}
			for j := range t.Targets {
				t.Targets[j].ID = r.id(t.Targets[j].ID)
			}
		}
	}
	if o.Detail != nil {
		d := make(map[string]string, len(o.Detail))
		for k, v := range o.Detail {
			if detailKept[k] {
				d[k] = r.enum(v)
			} else {
				d[r.text("detail", k)] = r.text("detail", v)
			}
		}
		o.Detail = d
	}
}

func (r *redactor) prefixList(p *PrefixList) {
	if p.AccountID != "AWS" || !awsPLName.MatchString(p.Name) {
		p.Name = r.name("prefix-list", p.Name)
	}
	p.ID, p.AccountID, p.Region = r.id(p.ID), r.account(p.AccountID), r.region(p.Region)
	p.AddressFamily = r.enum(p.AddressFamily)
	for i := range p.Entries {
		e := &p.Entries[i]
		e.CIDR, e.Description = r.id(e.CIDR), r.text("note", e.Description)
	}
}

func (r *redactor) peeringSide(p *PeeringSide) {
	p.VPCID, p.AccountID, p.Region = r.id(p.VPCID), r.account(p.AccountID), r.region(p.Region)
	r.ids(p.CIDRs)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
