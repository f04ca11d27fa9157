package awslive_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// ignoreMessage compares warnings on their structured fields; messages are
// checked for the essentials separately.
var ignoreMessage = cmpopts.IgnoreFields(sgmap.Warning{}, "Message")

func TestCollect_ThrottledThenSucceeds(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	srv.AddFault(awsfake.Fault{API: "ec2", Operation: "DescribeNetworkInterfaces", Status: 503, Code: "RequestLimitExceeded", Times: 2})
	srv.AddFault(awsfake.Fault{API: "ecs", Operation: "ListTasks", Status: 400, Code: "ThrottlingException", Times: 1})
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(s.Warnings) != 0 {
		t.Errorf("warnings = %v, want none after retries", s.Warnings)
	}
	if len(s.Interfaces) != 8 {
		t.Errorf("ENIs = %d, want 8", len(s.Interfaces))
	}
	if st.Attempts != st.TotalCalls()+3 {
		t.Errorf("HTTP attempts = %d, calls = %d; want 3 retries", st.Attempts, st.TotalCalls())
	}
}

func TestCollect_PartialFailures(t *testing.T) {
	tests := []struct {
		name   string
		faults []awsfake.Fault
		opt    awslive.Options
		want   []sgmap.Warning
		// what must still be collected
		wantGroups, wantENIs int
	}{
		{
			name:   "ecs denied",
			faults: []awsfake.Fault{{API: "ecs", Status: 400, Code: "AccessDeniedException"}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "ecs", Operation: "ListClusters",
				Code: "AccessDeniedException", Action: "ecs:ListClusters"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "target health denied",
			faults: []awsfake.Fault{{API: "elbv2", Operation: "DescribeTargetHealth", Status: 403, Code: "AccessDenied"}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "elasticloadbalancing",
				Operation: "DescribeTargetHealth", Code: "AccessDenied", Action: "elasticloadbalancing:DescribeTargetHealth"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "ec2 instances unauthorized",
			faults: []awsfake.Fault{{API: "ec2", Operation: "DescribeInstances", Status: 403, Code: "UnauthorizedOperation"}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "ec2", Operation: "DescribeInstances",
				Code: "UnauthorizedOperation", Action: "ec2:DescribeInstances"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "malformed XML",
			faults: []awsfake.Fault{{API: "ec2", Operation: "DescribeSubnets", Malformed: true}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "ec2", Operation: "DescribeSubnets",
				Code: "malformed"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "malformed JSON",
			faults: []awsfake.Fault{{API: "ecs", Operation: "DescribeTasks", Malformed: true}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "ecs", Operation: "DescribeTasks",
				Code: "malformed"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "slow endpoint",
			faults: []awsfake.Fault{{API: "ec2", Operation: "DescribeVpcs", Delay: 10 * time.Second}},
			// Long enough that the other calls never hit it on a loaded
			// machine (-race, parallel packages), far below the delay.
			opt: awslive.Options{CallTimeout: 1500 * time.Millisecond},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "ec2", Operation: "DescribeVpcs",
				Code: "timeout"}},
			wantGroups: 3, wantENIs: 8,
		},
		{
			name:   "throttled for good",
			faults: []awsfake.Fault{{API: "rds", Operation: "DescribeDBInstances", Status: 400, Code: "Throttling"}},
			want: []sgmap.Warning{{AccountID: "123456789012", Region: "eu-west-1", Service: "rds", Operation: "DescribeDBInstances",
				Code: "Throttling"}},
			wantGroups: 3, wantENIs: 8,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awsfake.New(t, awsfake.Article())
			for _, f := range tt.faults {
				srv.AddFault(f)
			}
			start := time.Now()
			s, _ := mustCollect(t, srv, "eu-west-1", tt.opt)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("collection took %s; a fault must not stall it", d)
			}
			if diff := cmp.Diff(tt.want, s.Warnings, ignoreMessage); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			for _, w := range s.Warnings {
				if w.Action != "" && !contains(w.Message, w.Action) || !contains(w.Message, w.Operation) {
					t.Errorf("warning message %q does not name %s / %s", w.Message, w.Action, w.Operation)
				}
			}
			if len(s.Groups) != tt.wantGroups || len(s.Interfaces) != tt.wantENIs {
				t.Errorf("collected %d groups, %d ENIs; want %d, %d", len(s.Groups), len(s.Interfaces), tt.wantGroups, tt.wantENIs)
			}
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestCollect_RegionNotEnabled(t *testing.T) {
	scn := awsfake.Article()
	scn.Accounts[0].Regions = append(scn.Accounts[0].Regions, &awsfake.Region{Name: "ap-east-1", OptInRequired: true})
	srv := awsfake.New(t, scn)
	s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{Regions: []string{"eu-west-1", "ap-east-1"}})
	if len(s.Warnings) != 1 {
		t.Fatalf("warnings = %v, want one for ap-east-1", s.Warnings)
	}
	w := s.Warnings[0]
	if w.Region != "ap-east-1" || (w.Code != "AuthFailure" && w.Code != "OptInRequired") || !contains(w.Message, "not enabled") {
		t.Errorf("warning = %+v, want region ap-east-1 not enabled", w)
	}
	if len(s.Groups) != 3 || len(s.Interfaces) != 8 {
		t.Errorf("eu-west-1 not fully collected: %d groups, %d ENIs", len(s.Groups), len(s.Interfaces))
	}

	// "all" lists only the enabled regions, so nothing is attempted in
	// ap-east-1.
	srv.Reset()
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{Regions: []string{"all"}})
	if len(s.Warnings) != 0 || st.Regions != 1 || st.Calls["ec2:DescribeRegions"] != 1 {
		t.Errorf("-region all: warnings %v, %d regions, %d DescribeRegions calls; want none, 1, 1",
			s.Warnings, st.Regions, st.Calls["ec2:DescribeRegions"])
	}
}

func TestCollect_Errors(t *testing.T) {
	denyAll := func(srv *awsfake.Server) {
		for _, api := range []string{"ec2", "elbv2", "elb", "rds", "elasticache", "redshift"} {
			srv.AddFault(awsfake.Fault{API: api, Status: 403, Code: "UnauthorizedOperation"})
		}
		for _, api := range []string{"ecs", "lambda", "kafka", "efs", "opensearch", "eks"} {
			srv.AddFault(awsfake.Fault{API: api, Status: 400, Code: "AccessDeniedException"})
		}
	}
	tests := []struct {
		name     string
		setup    func(*awsfake.Server)
		cfg      func(aws.Config) aws.Config
		opt      awslive.Options
		wantCode string
		wantMsg  string
	}{
		{name: "everything denied", setup: denyAll, wantCode: sgmap.EFORBIDDEN, wantMsg: "nothing could be collected"},
		{name: "everything times out", setup: func(srv *awsfake.Server) {
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "ec2"})
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "elbv2"})
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "elb"})
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "ecs"})
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "lambda"})
			srv.AddFault(awsfake.Fault{Delay: time.Minute, API: "rds"})
			for _, api := range []string{"elasticache", "redshift", "kafka", "efs", "opensearch", "eks"} {
				srv.AddFault(awsfake.Fault{Delay: time.Minute, API: api})
			}
		}, opt: awslive.Options{CallTimeout: 50 * time.Millisecond}, wantCode: sgmap.EUNAVAILABLE, wantMsg: "timed out"},
		{name: "strict with one denial", setup: func(srv *awsfake.Server) {
			srv.AddFault(awsfake.Fault{API: "lambda", Status: 403, Code: "AccessDeniedException"})
		}, opt: awslive.Options{Strict: true}, wantCode: sgmap.EFORBIDDEN, wantMsg: "lambda:ListFunctions"},
		{name: "unreachable", cfg: func(c aws.Config) aws.Config {
			c.BaseEndpoint = aws.String("http://127.0.0.1:1")
			return c
		}, wantCode: sgmap.EUNAVAILABLE, wantMsg: "cannot identify the AWS account"},
		{name: "credentials rejected", cfg: func(c aws.Config) aws.Config {
			c.Credentials = credentials.NewStaticCredentialsProvider("AKIDUNKNOWN", "x", "")
			return c
		}, wantCode: sgmap.EFORBIDDEN, wantMsg: "AWS rejected the credentials"},
		{name: "bad role ARN", opt: awslive.Options{RoleARNs: []string{"arn:aws:iam::12:user/x"}}, wantCode: sgmap.EINVALID, wantMsg: "-role-arn"},
		{name: "role cannot be assumed", opt: awslive.Options{RoleARNs: []string{"arn:aws:iam::999999999999:role/none"}},
			wantCode: sgmap.EFORBIDDEN, wantMsg: "cannot assume"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awsfake.New(t, awsfake.Article())
			if tt.setup != nil {
				tt.setup(srv)
			}
			cfg := srv.Config("eu-west-1")
			if tt.cfg != nil {
				cfg = tt.cfg(cfg)
			}
			start := time.Now()
			s, err := awslive.New(cfg, nil, quiet(tt.opt)).Collect(t.Context())
			if err == nil {
				t.Fatalf("Collect = %d groups, nil error; want %s", len(s.Groups), tt.wantCode)
			}
			if got := sgmap.ErrorCode(err); got != tt.wantCode || !contains(err.Error(), tt.wantMsg) {
				t.Errorf("Collect error = %q (code %s), want code %s mentioning %q", err, got, tt.wantCode, tt.wantMsg)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("failing took %s", d)
			}
		})
	}
}
