package sgmap

// SecurityGroup is an enclosure around the ENIs associated with it, with the
// rules that admit traffic into it (ingress) and out of it (egress).
type SecurityGroup struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	VPCID       string            `json:"vpc_id"`
	AccountID   string            `json:"account_id,omitempty"`
	Region      string            `json:"region,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	// Rules are normalised: one peer per rule, ingress and egress together.
	Rules []Rule `json:"rules"`
	// Location is where the group was written, for design-time inputs.
	Location Location `json:"location,omitzero"`
}

// IsDefault reports whether g is its VPC's default group.
func (g *SecurityGroup) IsDefault() bool { return g.Name == "default" }

// Ingress returns g's inbound rules, in order.
func (g *SecurityGroup) Ingress() []Rule { return g.rules(Ingress) }

// Egress returns g's outbound rules, in order.
func (g *SecurityGroup) Egress() []Rule { return g.rules(Egress) }

func (g *SecurityGroup) rules(d Direction) []Rule {
	var out []Rule
	for _, r := range g.Rules {
		if r.Direction == d {
			out = append(out, r)
		}
	}
	return out
}

// DisplayName is the group's name, or its ID when it has none.
func (g *SecurityGroup) DisplayName() string {
	if g.Name != "" {
		return g.Name
	}
	return g.ID
}
