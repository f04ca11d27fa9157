package audit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// suppressFixture: two groups named for rules, with undescribed rules, and
// the same members.
func suppressFixture(tags ...string) *fixture {
	f := newFixture().group("sg-a", "allow-ssh", tags...).group("sg-b", "allow-https-443").
		eni("eni-1", "i-1", "10.0.1.1", "sg-a", "sg-b").
		ruleDesc("sg-a", in, "tcp/22", "10.0.0.0/16", "").
		ruleDesc("sg-b", in, "tcp/443", "10.0.0.0/16", "")
	return f
}

func idsPerGroup(fs []Finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		out[f.GroupID] = append(out[f.GroupID], f.ID)
	}
	return out
}

func TestRun_Suppression(t *testing.T) {
	all := map[string][]string{
		"sg-a": {IDMissingDescription, IDNameDescribesRules, IDSameMembers, IDWideSource},
		"sg-b": {IDMissingDescription, IDNameDescribesRules},
	}
	tests := []struct {
		name string
		tags []string
		opt  Options
		want map[string][]string
	}{
		{"none", nil, Options{}, all},
		{"tag one id", []string{IgnoreTag, "missing-description"}, Options{}, map[string][]string{
			"sg-a": {IDNameDescribesRules, IDSameMembers, IDWideSource},
			"sg-b": {IDMissingDescription, IDNameDescribesRules},
		}},
		{"tag list with spaces", []string{IgnoreTag, " wide-source , name-describes-rules,same-members "}, Options{}, map[string][]string{
			"sg-a": {IDMissingDescription},
			"sg-b": {IDMissingDescription, IDNameDescribesRules},
		}},
		{"tag star", []string{IgnoreTag, "*"}, Options{}, map[string][]string{
			"sg-b": {IDMissingDescription, IDNameDescribesRules},
		}},
		{"tag other key", []string{"sgmap:ignored", "*"}, Options{}, all},
		{"ignore option", nil, Options{Ignore: []string{IDNameDescribesRules, IDWideSource}}, map[string][]string{
			"sg-a": {IDMissingDescription, IDSameMembers},
			"sg-b": {IDMissingDescription},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Run(suppressFixture(tt.tags...).mustValid(t), tt.opt)
			got := idsPerGroup(only(fs, IDMissingDescription))
			for _, id := range []string{IDNameDescribesRules, IDSameMembers, IDWideSource} {
				for g, ids := range idsPerGroup(only(fs, id)) {
					got[g] = append(got[g], ids...)
				}
			}
			if diff := cmp.Diff(tt.want, got, sortStrings); diff != "" {
				t.Errorf("findings per group (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRun_SuppressionSameMembersEitherGroup: a finding about several groups
// is suppressed by the tag on any of them.
func TestRun_SuppressionSameMembersEitherGroup(t *testing.T) {
	f := suppressFixture()
	f.findGroup("sg-b").Tags = map[string]string{IgnoreTag: IDSameMembers}
	if fs := only(Run(f.mustValid(t), Options{}), IDSameMembers); len(fs) != 0 {
		t.Errorf("same-members should be suppressed by sg-b's tag, got %+v", fs)
	}
}
