// Package sgmap is the domain model of sgmap: a snapshot of AWS security
// groups, the network interfaces (ENIs) they enclose, the owners of those
// ENIs and the normalised rules between them.
//
// A security group is an enclosure around the things it contains, not a
// rule set: the ENI is the join point (groups attach to ENIs, owners own
// ENIs), and every rule has exactly one peer. The package is stdlib-only and
// AWS-SDK-free; adapters (collector, graph, audit, server) live in
// subpackages and meet in cmd/sgmap.
package sgmap

// SchemaVersion is the snapshot schema this build writes. Snapshots with the
// same major version load; a different major version is an [EINVALID] error.
const SchemaVersion = "1.0"
