package sgmap

import (
	"cmp"
	"fmt"
	"path"
	"strings"
	"unicode"
)

// The sources of a snapshot ([Snapshot.Source]) that sgmap's readers set;
// "demo" and "upload" (an upload that named none) are the other values.
const (
	SourceAWSAPI         = "aws-api"         // sgmap collect, the AWS APIs
	SourceAWSCLI         = "aws-cli"         // sgmap import of AWS CLI JSON
	SourceTerraformState = "terraform-state" // a tfstate or `terraform show -json` of state
	SourceTerraformPlan  = "terraform-plan"  // `terraform show -json` of a plan
	SourceCloudFormation = "cloudformation"  // a CloudFormation template or cdk.out
)

// SourceLabel names a source for people, as the provenance line does:
// "Terraform plan", "CloudFormation"; "" for sources that are not files
// written by hand (the AWS APIs, demos).
func SourceLabel(source string) string {
	switch source {
	case SourceAWSCLI:
		return "AWS CLI"
	case SourceTerraformState:
		return "Terraform state"
	case SourceTerraformPlan:
		return "Terraform plan"
	case SourceCloudFormation:
		return "CloudFormation"
	}
	return ""
}

// Location is where a group or rule was written in the input it came from:
// a Terraform .tf file or a CloudFormation template, and a 1-based line (0
// when only the file is known). File is slash-separated and relative, as
// the input named it, so findings can point there (SARIF
// physicalLocation).
type Location struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// IsZero reports whether l says nothing.
func (l Location) IsZero() bool { return l.File == "" && l.Line == 0 }

// String is "file:line", "file", or "".
func (l Location) String() string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// maxLocationFile bounds a location's file name.
const maxLocationFile = 1024

// normalizeLocation puts l's file in canonical form: slashes, cleaned, no
// leading "./".
func normalizeLocation(l Location) Location {
	if l.File == "" {
		return l
	}
	l.File = path.Clean(strings.ReplaceAll(l.File, `\`, "/"))
	return l
}

// compareLocations orders locations by file, then line; unknown last.
func compareLocations(a, b Location) int {
	if a.IsZero() != b.IsZero() {
		if a.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
}

// location checks a location: a line needs a file, lines count from 1, and
// the file name is bounded and free of control characters.
func (v *validator) location(where string, l Location) {
	switch {
	case l.IsZero():
	case l.File == "":
		v.add(where, "location has a line but no file")
	case l.Line < 0:
		v.add(where, fmt.Sprintf("location line %d is negative", l.Line))
	case len(l.File) > maxLocationFile:
		v.add(where, fmt.Sprintf("location file is longer than %d bytes", maxLocationFile))
	case strings.IndexFunc(l.File, unicode.IsControl) >= 0:
		v.add(where, fmt.Sprintf("location file %q holds control characters", clip(l.File)))
	}
}
