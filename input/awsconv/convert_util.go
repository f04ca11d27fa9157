package awsconv

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// tagMap turns SDK tags (each service has its own Tag type with Key and
// Value pointers) into a map; no tags, or only empty keys, give nil.
func tagMap[T any](tags []T, kv func(T) (k, v *string)) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		k, v := kv(t)
		if key := aws.ToString(k); key != "" {
			m[key] = aws.ToString(v)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func tagsFromEC2(tags []ec2types.Tag) map[string]string {
	return tagMap(tags, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}

// or returns a unless it is empty, then b.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// appendUnique appends the non-empty values of vs that s does not hold yet.
func appendUnique(s []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// sameSet reports whether a and b hold the same strings, ignoring order and
// repetition.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func int32Or(p *int32, def int32) int32 {
	if p == nil {
		return def
	}
	return *p
}
