package audit

// OverlayByDefault reports whether a diagram of vpc shows the findings
// overlay when nobody asked either way: when the VPC has a warning or an
// error (an info-only VPC, like the article demo's, stays clean). render
// without -findings, diagram.svg without findings= and the dashboard all
// decide with this one function, so they draw the same picture.
func OverlayByDefault(fs []Finding, vpc string) bool {
	for _, f := range fs {
		if f.VPCID == vpc && f.Severity.rank() >= Warning.rank() {
			return true
		}
	}
	return false
}
