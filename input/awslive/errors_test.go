package awslive

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
)

type fakeTimeoutErr struct{}

func (fakeTimeoutErr) Error() string   { return "i/o timeout" }
func (fakeTimeoutErr) Timeout() bool   { return true }
func (fakeTimeoutErr) Temporary() bool { return true }

func fakeAPIErr(code string) error {
	// Wrapped as the SDK does: operation error → response error → API error.
	return &smithy.OperationError{ServiceID: "X", OperationName: "Op",
		Err: fmt.Errorf("https response error: %w", &smithy.GenericAPIError{Code: code, Message: "m"})}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		api, op    string
		wantCode   string
		wantAction string
		wantSgmap  string // sgmap error code of the warning
		wantInMsg  string
	}{
		{"ec2 unauthorized", fakeAPIErr("UnauthorizedOperation"), "ec2", "DescribeInstances", "UnauthorizedOperation", "ec2:DescribeInstances", sgmap.EFORBIDDEN, "grant ec2:DescribeInstances"},
		{"ecs access denied", fakeAPIErr("AccessDeniedException"), "ecs", "DescribeTasks", "AccessDeniedException", "ecs:DescribeTasks", sgmap.EFORBIDDEN, "ecs:DescribeTasks denied"},
		{"elbv2 access denied", fakeAPIErr("AccessDenied"), "elbv2", "DescribeTargetHealth", "AccessDenied", "elasticloadbalancing:DescribeTargetHealth", sgmap.EFORBIDDEN, "elasticloadbalancing:DescribeTargetHealth"},
		{"classic elb", fakeAPIErr("AccessDenied"), "elb", "DescribeLoadBalancers", "AccessDenied", "elasticloadbalancing:DescribeLoadBalancers", sgmap.EFORBIDDEN, "denied"},
		{"region auth failure", fakeAPIErr("AuthFailure"), "ec2", "DescribeVpcs", "AuthFailure", "", sgmap.EUNAVAILABLE, "region eu-south-2 not enabled"},
		{"region opt-in", fakeAPIErr("OptInRequired"), "rds", "DescribeDBInstances", "OptInRequired", "", sgmap.EUNAVAILABLE, "not enabled"},
		{"sts rejects credentials", fakeAPIErr("InvalidClientTokenId"), "sts", "GetCallerIdentity", "InvalidClientTokenId", "", sgmap.EFORBIDDEN, "AWS rejected the credentials"},
		{"throttled", fakeAPIErr("RequestLimitExceeded"), "ec2", "DescribeNetworkInterfaces", "RequestLimitExceeded", "", sgmap.EUNAVAILABLE, "throttled"},
		{"malformed", &smithy.DeserializationError{Err: errors.New("unexpected EOF")}, "ec2", "DescribeSubnets", "malformed", "", sgmap.EUNAVAILABLE, "ec2:DescribeSubnets"},
		{"deadline", fmt.Errorf("send: %w", context.DeadlineExceeded), "lambda", "ListFunctions", "timeout", "", sgmap.EUNAVAILABLE, "timed out"},
		{"net timeout", &net.OpError{Op: "read", Err: fakeTimeoutErr{}}, "ecs", "ListTasks", "timeout", "", sgmap.EUNAVAILABLE, "ecs:ListTasks"},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, "ec2", "DescribeVpcs", "unreachable", "", sgmap.EUNAVAILABLE, "unreachable"},
		{"other API error", fakeAPIErr("InvalidParameterValue"), "ec2", "DescribeVpcs", "InvalidParameterValue", "", sgmap.EUNAVAILABLE, "failed: InvalidParameterValue"},
		{"anything else", errors.New("boom"), "rds", "DescribeDBClusters", "error", "", sgmap.EUNAVAILABLE, "rds:DescribeDBClusters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := classify(tt.err, tt.api, tt.op, "123456789012", "eu-south-2")
			if w.Code != tt.wantCode || w.Action != tt.wantAction || w.Operation != tt.op ||
				w.Service != iamPrefix[tt.api] || w.AccountID != "123456789012" || w.Region != "eu-south-2" {
				t.Errorf("classify(%v) = %+v, want code %q action %q", tt.err, w, tt.wantCode, tt.wantAction)
			}
			if got := errorCode(w); got != tt.wantSgmap {
				t.Errorf("errorCode = %s, want %s", got, tt.wantSgmap)
			}
			if !hasSub(w.Message, tt.wantInMsg) {
				t.Errorf("message %q lacks %q", w.Message, tt.wantInMsg)
			}
		})
	}
}

func hasSub(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s[:len(sub)] == sub || hasSub(s[1:], sub)))
}

func TestCollapseRegion(t *testing.T) {
	in := []sgmap.Warning{
		{AccountID: "a", Region: "r1", Service: "ec2", Operation: "DescribeVpcs", Code: "AuthFailure"},
		{AccountID: "a", Region: "r1", Service: "ecs", Operation: "ListClusters", Code: "OptInRequired"},
		{AccountID: "a", Region: "r1", Service: "ecs", Operation: "ListTasks", Code: "AccessDeniedException"},
		{AccountID: "b", Region: "r1", Service: "ec2", Operation: "DescribeVpcs", Code: "AuthFailure"},
		{AccountID: "a", Region: "r1", Service: "ecs", Operation: "ListTasks", Code: "AccessDeniedException"},
	}
	want := []sgmap.Warning{in[0], in[2], in[3]}
	if diff := cmp.Diff(want, collapseRegion(in)); diff != "" {
		t.Errorf("collapseRegion (-want +got):\n%s", diff)
	}
}

func TestRoleAccount(t *testing.T) {
	tests := []struct {
		arn, want string
		ok        bool
	}{
		{"arn:aws:iam::210987654321:role/sgmap", "210987654321", true},
		{"arn:aws-cn:iam::210987654321:role/path/sgmap", "210987654321", true},
		{"arn:aws:iam::210987654321:user/alice", "", false},
		{"arn:aws:iam::2109:role/x", "", false},
		{"210987654321", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := roleAccount(tt.arn)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("roleAccount(%q) = %q, %v; want %q, ok=%v", tt.arn, got, err, tt.want, tt.ok)
		}
		if err != nil && sgmap.ErrorCode(err) != sgmap.EINVALID {
			t.Errorf("roleAccount(%q) error code = %s, want EINVALID", tt.arn, sgmap.ErrorCode(err))
		}
	}
}
