package audit

// Finding ids (docs/findings.md); they are a contract.
const (
	IDNameDescribesRules = "name-describes-rules"
	IDSameMembers        = "same-members"
	IDCIDRMatchesGroup   = "cidr-matches-group"
	IDWideSource         = "wide-source"
	IDAdminPortOpen      = "admin-port-open"
	IDMissingDescription = "missing-description"
	IDGroupDescription   = "group-description"
	IDDanglingReference  = "dangling-reference"
	IDOneSided           = "one-sided"
	IDDefaultGroupInUse  = "default-group-in-use"
	IDUnusedGroup        = "unused-group"
	IDGroupsPerENI       = "groups-per-eni"
	IDIncompleteSnapshot = "incomplete-snapshot"
	IDInternetExposed    = "internet-exposed"
)

// DocsURL is where docs/findings.md is published. Every report format links
// a finding to DocsURL#<id>: an absolute URI, because a relative one means
// nothing once a report leaves the checkout (a CI log, a SARIF upload).
const DocsURL = "https://github.com/sgmap/sgmap/blob/main/docs/findings.md"

// Check describes one kind of finding: the rows of docs/findings.md's table, as
// SARIF rules and documentation.
type Check struct {
	ID       string
	Name     string // PascalCase, for SARIF's reportingDescriptor.name
	Severity Severity
	Short    string // one line: what it finds
	Full     string // why it matters and what to do
	Tags     []string
}

// Checks returns every check in a fixed order (the order of SARIF's
// rules[]).
func Checks() []Check { return append([]Check(nil), catalog...) }

// CheckByID returns the check with the given id.
func CheckByID(id string) (Check, bool) {
	for _, c := range catalog {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// HelpURI is the absolute address of the documentation of finding id.
// The catalog's are made once: every finding carries one, and a scoped
// run at -scale 10 has 40,000 findings (docs/performance.md, "Memory of
// render at -scale 10").
func HelpURI(id string) string {
	if u, ok := helpURIs[id]; ok {
		return u
	}
	return DocsURL + "#" + id
}

// helpURIs are the catalog's [HelpURI]s.
var helpURIs = func() map[string]string {
	m := make(map[string]string, len(catalog))
	for _, c := range catalog {
		m[c.ID] = DocsURL + "#" + c.ID
	}
	return m
}()

var catalog = []Check{
	{IDNameDescribesRules, "NameDescribesRules", Warning,
		"A group's name says what it allows instead of what it encloses.",
		"A security group is an enclosure around network interfaces, not a rule set. Name it after what it contains (game-servers-production), so the name stays true when the rules change and every rule can be justified by the things on both ends. Groups cannot be renamed: create a new group, move the members, delete the old one.",
		[]string{"naming", "maintainability"}},
	{IDSameMembers, "SameMembers", Warning,
		"Two or more groups enclose exactly the same members.",
		"Groups with identical members are one enclosure split into rule sets. Merge their rules into one group named for what it encloses; this also keeps you away from the per-ENI group quota.",
		[]string{"naming", "maintainability", "quota"}},
	{IDCIDRMatchesGroup, "CidrMatchesGroup", Warning,
		"A CIDR peer is exactly the private addresses of one resource or group.",
		"Rules that list private IPs break when the addresses change and hide what they admit. Reference the group that encloses those interfaces; a Network Load Balancer created since August 2023 can have security groups.",
		[]string{"maintainability", "least-privilege"}},
	{IDWideSource, "WideSource", Warning,
		"A port other than 80/443 is open to the Internet or the whole VPC.",
		"Least privilege: admit only the enclosures that need the port, by referencing their group, instead of 0.0.0.0/0, ::/0 or the VPC's whole CIDR.",
		[]string{"security", "least-privilege"}},
	{IDAdminPortOpen, "AdminPortOpen", Error,
		"SSH, RDP, a database port or all traffic is open to the Internet.",
		"Administrative and database ports open to 0.0.0.0/0 or ::/0 are scanned and attacked continuously. Admit them only from a bastion's or VPN's group, or use SSM Session Manager.",
		[]string{"security", "external/cwe/cwe-284"}},
	{IDMissingDescription, "MissingDescription", Warning,
		"A rule has no description.",
		"The rule description is the justification auditors ask for (\"all firewall rules must have a justification\"). Say why the flow exists.",
		[]string{"documentation", "audit"}},
	{IDGroupDescription, "GroupDescription", Info,
		"A group's description is empty or a tool's default.",
		"The group description should say what the group encloses. It cannot be edited after creation, so fix it when the group is next replaced; tag the group meanwhile.",
		[]string{"documentation"}},
	{IDDanglingReference, "DanglingReference", Error,
		"A rule, an owner or a network interface references a group that does not exist or is stale.",
		"A reference to a deleted group, or through a deleted peering connection, admits nothing and misleads readers. Remove the rule or point it at the group that encloses those clients now.",
		[]string{"correctness"}},
	{IDOneSided, "OneSided", Info,
		"Ingress allows a flow the source's egress does not (or the reverse).",
		"A flow needs both the source's egress and the destination's ingress. A one-sided rule admits nothing on its own: add the matching rule on the other group, or remove it.",
		[]string{"correctness"}},
	{IDDefaultGroupInUse, "DefaultGroupInUse", Warning,
		"Network interfaces are in their VPC's default group.",
		"Resources launched without a group land in the default group, whose members may all talk to each other. Put them in a group named for what they are.",
		[]string{"security", "naming"}},
	{IDUnusedGroup, "UnusedGroup", Info,
		"A group has no members.",
		"An empty enclosure admits nothing; delete it or add the members it was made for.",
		[]string{"maintainability"}},
	{IDGroupsPerENI, "GroupsPerEni", Warning,
		"A network interface is in 5 or more groups.",
		"5 groups per interface is the default quota and 16 the hard limit. Many groups on one interface usually means rule sets instead of enclosures: merge them.",
		[]string{"quota", "maintainability"}},
	{IDIncompleteSnapshot, "IncompleteSnapshot", Warning,
		"The snapshot left data out: its collection or import recorded a warning.",
		"Findings can only be as complete as the snapshot. Access denied, a region not enabled or records an import could not place leave things unchecked, so a clean lint on such a snapshot proves nothing. Fix what the warning names (a missing IAM action, a missing export) and collect or import again.",
		[]string{"correctness", "audit"}},
	{IDInternetExposed, "InternetExposed", Info,
		"The Internet reaches an owner, directly or through a load balancer (error for admin and database ports).",
		"Exposure is the flows from 0.0.0.0/0 and ::/0 that pass both sides, load balancers followed to their targets (sgmap exposure lists them). Check each is meant; an admin or database port reachable from the Internet should be reachable only from a bastion's or an application's group.",
		[]string{"security"}},
}
