package awslive

import (
	"context"

	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
)

// fetchELB fetches classic load balancers (listeners and instances come
// with them).
func (rr *regionRun) fetchELB(ctx context.Context) int {
	err := pages(ctx, elb.NewDescribeLoadBalancersPaginator(rr.elb, &elb.DescribeLoadBalancersInput{PageSize: elbPage}),
		func(o *elb.DescribeLoadBalancersOutput) { add(rr, &rr.raw.ClassicLBs, o.LoadBalancerDescriptions...) })
	rr.check(ctx, "elb", "DescribeLoadBalancers", err)
	return len(rr.raw.ClassicLBs)
}
