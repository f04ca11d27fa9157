package awslive_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awscli"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
	"github.com/sgmap/sgmap/internal/shareddata"
)

// sharedAWS is the folder of third-party AWS CLI samples next to the repo.
const sharedAWS = "../../../shared/data/aws"

// TestCollect_RoundTripSharedData takes each real third-party AWS sample
// (AWS CLI docs, botocore examples, cartography test data), imports it,
// serves the result from the fake AWS endpoint, collects it live and
// checks that the live path gives the same groups, rules, ENIs and owners
// as the import path. Samples whose account IDs are placeholders
// ("OWNER_ACCOUNT_ID") cannot be assumed into and are skipped.
func TestCollect_RoundTripSharedData(t *testing.T) {
	var paths []string
	for _, dir := range []string{"aws-cli-examples", "botocore-examples", "cartography"} {
		files, _ := filepath.Glob(filepath.Join(sharedAWS, dir, "*.json"))
		paths = append(paths, files...)
	}
	if len(paths) == 0 {
		shareddata.Missing(t, sharedAWS, os.ErrNotExist)
	}
	tested := 0
	for _, p := range paths {
		opt := awscli.ImportOptions{AccountID: "123456789012", Region: "us-east-1", TakenAt: collectedAt}
		want, err := opt.Import([]string{p})
		if err != nil || len(want.Regions) == 0 {
			continue
		}
		scn := awsfake.FromSnapshot(want)
		if len(scn.Accounts) == 0 || slices.ContainsFunc(scn.Accounts, func(a *awsfake.Account) bool { return !isAccountID(a.ID) }) {
			continue // nothing an API would list, or placeholder accounts
		}
		tested++
		t.Run(filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p), func(t *testing.T) {
			var roles []string
			for _, a := range scn.Accounts {
				a.RoleARN = "arn:aws:iam::" + a.ID + ":role/sgmap"
				roles = append(roles, a.RoleARN)
			}
			srv := awsfake.New(t, scn)
			got, _ := mustCollect(t, srv, want.Regions[0], awslive.Options{RoleARNs: roles, Regions: want.Regions})
			compareCollected(t, want, got)
		})
	}
	if tested < 10 {
		t.Errorf("only %d samples round-tripped; expected most of the shared data", tested)
	}
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// compareCollected compares the parts of two snapshots that the live and
// import paths must agree on.
func compareCollected(t *testing.T, want, got *sgmap.Snapshot) {
	t.Helper()
	if diff := cmp.Diff(want.Groups, got.Groups, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("groups (-import +collect):\n%s", diff)
	}
	type eni struct {
		ID, VPC, Subnet, Owner string
		Groups, IPs            []string
	}
	enis := func(s *sgmap.Snapshot) []eni {
		var out []eni
		for _, e := range s.Interfaces {
			out = append(out, eni{e.ID, e.VPCID, e.SubnetID, e.OwnerID, e.GroupIDs, e.PrivateIPs})
		}
		return out
	}
	if diff := cmp.Diff(enis(want), enis(got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ENIs (-import +collect):\n%s", diff)
	}
	type owner struct {
		ID   string
		Kind sgmap.OwnerKind
		ENIs []string
	}
	owners := func(s *sgmap.Snapshot) []owner {
		var out []owner
		for _, o := range s.Owners {
			out = append(out, owner{o.ID, o.Kind, slices.Sorted(slices.Values(o.InterfaceIDs))})
		}
		return out
	}
	if diff := cmp.Diff(owners(want), owners(got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("owners (-import +collect):\n%s", diff)
	}
}
