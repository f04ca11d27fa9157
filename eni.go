package sgmap

// NetworkInterface is an elastic network interface: the thing security
// groups are actually enforced on. Its GroupIDs are its own group set; an
// instance with several ENIs can have a different set on each.
type NetworkInterface struct {
	ID               string            `json:"id"`
	AccountID        string            `json:"account_id,omitempty"`
	Region           string            `json:"region,omitempty"`
	VPCID            string            `json:"vpc_id"`
	SubnetID         string            `json:"subnet_id,omitempty"`
	Description      string            `json:"description,omitempty"`
	InterfaceType    string            `json:"interface_type,omitempty"` // as the API returns it
	RequesterID      string            `json:"requester_id,omitempty"`
	RequesterManaged bool              `json:"requester_managed,omitempty"`
	Status           string            `json:"status,omitempty"`
	PrivateIPs       []string          `json:"private_ips,omitempty"` // primary first
	IPv6Addresses    []string          `json:"ipv6_addresses,omitempty"`
	PublicIPs        []string          `json:"public_ips,omitempty"`
	GroupIDs         []string          `json:"group_ids"`
	Tags             map[string]string `json:"tags,omitempty"`
	// OwnerID is the ID of the [Owner] in the snapshot that owns this ENI;
	// empty when the owner could not be resolved.
	OwnerID string `json:"owner_id,omitempty"`
}
