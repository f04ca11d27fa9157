package audit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

// TestRun_RealData audits snapshots converted from the AWS CLI's own
// examples (testdata/realdata): real IDs and shapes, including stale
// references across a peering connection.
func TestRun_RealData(t *testing.T) {
	tests := []struct {
		file string
		want []string // "id subject"
	}{
		{"aws-cli-stale-security-groups-ex1", []string{
			"dangling-reference sg-5fa68d3a sg-5fa68d3a ingress TCP 22 sg-279ab042",
			"dangling-reference sg-fe6fba9a sg-fe6fba9a egress TCP 22 sg-ef6fba8b",
			"missing-description sg-fe6fba9a sg-fe6fba9a egress TCP 22 sg-ef6fba8b",
			"group-description sg-5fa68d3a", // "MySG2" only repeats the name
			"group-description sg-fe6fba9a",
		}},
		{"aws-cli-security-groups-ex1", []string{
			"missing-description sg-903004f8 sg-903004f8 ingress All traffic 123456789012/sg-903004f8",
			"group-description sg-903004f8",
		}},
		// ENIs whose groups were not described: nothing to say about them
		// (no group of their VPC was collected, so none is dangling).
		{"aws-cli-network-interfaces", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "realdata", tt.file+".snapshot.json"))
			if err != nil {
				t.Fatal(err)
			}
			s, err := sgmap.ParseSnapshot(b)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range Run(s, Options{}) {
				got = append(got, f.ID+" "+subjects([]Finding{f})[0])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
