package awsconv

import (
	"fmt"
	"strings"
	"testing"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestConvert_Limits (issue 8 item 2): a collection holds to the same
// limits as uploads and imports, with an error naming the limit, so an
// account with absurd numbers of groups cannot grow the server without
// bound.
func TestConvert_Limits(t *testing.T) {
	groups := make([]ec2types.SecurityGroup, 100_001)
	for i := range groups {
		groups[i] = group(fmt.Sprintf("sg-%08x", i))
	}
	_, err := Convert([]*Raw{{AccountID: testAccount, Region: testRegion, SecurityGroups: groups}}, testTime)
	if err == nil || !strings.Contains(err.Error(), "Limits.Groups") {
		t.Fatalf("Convert of 100,001 groups: %v, want an error naming Limits.Groups", err)
	}
}
