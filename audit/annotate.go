package audit

import "github.com/sgmap/sgmap/graph"

// Annotations turns the findings about VPC vpc ("" for every VPC) into
// diagram annotations, for [graph.Graph].Annotations. Subjects use the
// diagram's IDs: a group finding annotates the group (sg-…), a rule finding
// the rule ID or key that [graph.Edge].Rules lists, an ENI finding the
// owner's node ID (or the ENI's, when it has no owner). A finding about
// several groups (same-members) or rules (cidr-matches-group) annotates each
// of them.
func Annotations(fs []Finding, vpc string) []graph.Annotation {
	var out []graph.Annotation
	for _, f := range fs {
		if vpc != "" && f.VPCID != vpc {
			continue
		}
		subjects := []string{f.SubjectID}
		switch f.Subject {
		case SubjectENI:
			if len(f.Related) > 0 {
				subjects = f.Related[:1] // the owner: the node drawn
			}
		default:
			subjects = append(subjects, f.Related...)
		}
		for _, s := range subjects {
			out = append(out, graph.Annotation{Subject: s, Finding: f.ID, Severity: string(f.Severity), Message: f.Message})
		}
	}
	return out
}
