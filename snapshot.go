package sgmap

import "time"

// Snapshot is everything sgmap knows about one or more accounts and regions
// at one moment: the unit that is collected, stored, drawn and audited.
// Snapshots are plain data; [Snapshot.Validate] checks them and
// [Snapshot.Normalize] puts them in canonical order.
type Snapshot struct {
	// SchemaVersion is "major.minor"; see [SchemaVersion].
	SchemaVersion string `json:"schema_version"`
	// ID names the snapshot in a store or as a demo (demo-article); it may be
	// empty in a file and is then assigned by whoever stores it.
	ID string `json:"id,omitempty"`
	// Source says how it was made: one of the Source constants
	// ([SourceAWSAPI], [SourceTerraformPlan], …), "demo" or "upload";
	// snapshots written before Wave 2 say "collect" and "import".
	Source string `json:"source,omitempty"`
	// SourceFile is the base name of the file or folder it was read from
	// ("plan.json"), for the provenance line; empty for live collection.
	SourceFile string    `json:"source_file,omitempty"`
	TakenAt    time.Time `json:"taken_at"`

	Accounts []string `json:"accounts"`
	Regions  []string `json:"regions"`

	VPCs        []VPC               `json:"vpcs"`
	Subnets     []Subnet            `json:"subnets,omitempty"`
	Groups      []SecurityGroup     `json:"security_groups"`
	Interfaces  []NetworkInterface  `json:"network_interfaces"`
	Owners      []Owner             `json:"owners"`
	PrefixLists []PrefixList        `json:"prefix_lists,omitempty"`
	Peerings    []PeeringConnection `json:"peering_connections,omitempty"`

	// Warnings record what could not be collected and why; a snapshot with
	// warnings is partial, and says so.
	Warnings []Warning `json:"warnings,omitempty"`
}

// VPC is an Amazon VPC.
type VPC struct {
	ID        string            `json:"id"`
	AccountID string            `json:"account_id,omitempty"`
	Region    string            `json:"region,omitempty"`
	Name      string            `json:"name,omitempty"`
	CIDRs     []string          `json:"cidrs,omitempty"` // IPv4 and IPv6 blocks
	IsDefault bool              `json:"is_default,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// ClassicVPC is the ID of the pseudo-VPC that holds security groups without
// a VPC (EC2-Classic, retired in 2022, whose exports still circulate): they
// are only groups and rules, with no interfaces, drawn and audited like a
// VPC's instead of being dropped.
const ClassicVPC = "ec2-classic"

// Subnet is a VPC subnet.
type Subnet struct {
	ID               string            `json:"id"`
	VPCID            string            `json:"vpc_id"`
	Name             string            `json:"name,omitempty"`
	AvailabilityZone string            `json:"availability_zone,omitempty"`
	CIDRs            []string          `json:"cidrs,omitempty"` // IPv4 and IPv6 blocks
	Tags             map[string]string `json:"tags,omitempty"`
}

// PeeringConnection is a VPC peering connection; rules may reference groups
// in the VPC at its other end.
type PeeringConnection struct {
	ID        string      `json:"id"`
	Status    string      `json:"status,omitempty"` // active, deleted, …
	Requester PeeringSide `json:"requester"`
	Accepter  PeeringSide `json:"accepter"`
}

// PeeringSide is one end of a [PeeringConnection].
type PeeringSide struct {
	VPCID     string   `json:"vpc_id"`
	AccountID string   `json:"account_id,omitempty"`
	Region    string   `json:"region,omitempty"`
	CIDRs     []string `json:"cidrs,omitempty"`
}

// PrefixList is a managed prefix list: a named set of CIDRs that rules can
// reference as one peer.
type PrefixList struct {
	ID            string            `json:"id"`
	Name          string            `json:"name,omitempty"`       // com.amazonaws.eu-west-1.s3
	AccountID     string            `json:"account_id,omitempty"` // "AWS" for AWS-managed lists
	Region        string            `json:"region,omitempty"`
	AddressFamily string            `json:"address_family,omitempty"` // IPv4 or IPv6
	MaxEntries    int32             `json:"max_entries,omitempty"`
	Entries       []PrefixListEntry `json:"entries,omitempty"`
}

// PrefixListEntry is one CIDR of a [PrefixList].
type PrefixListEntry struct {
	CIDR        string `json:"cidr"`
	Description string `json:"description,omitempty"`
}

// Warning records something that could not be collected (or was collected
// only in part) and why.
type Warning struct {
	AccountID string `json:"account_id,omitempty"`
	Region    string `json:"region,omitempty"`
	Service   string `json:"service,omitempty"`   // ec2, ecs, elasticloadbalancing, lambda, rds, sts
	Operation string `json:"operation,omitempty"` // DescribeTasks
	Code      string `json:"code,omitempty"`      // UnauthorizedOperation, OptInRequired, timeout, …
	Action    string `json:"action,omitempty"`    // the IAM action that is missing, when denied
	Message   string `json:"message"`
}
