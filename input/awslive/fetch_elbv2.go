package awslive

import (
	"context"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbPage is the largest page ELB and ELBv2 Describe calls allow.
var elbPage = aws.Int32(400)

// fetchELBv2 fetches load balancers (then their listeners, one paginated
// call per load balancer: the API has no batch form) and target groups
// (then their targets, one DescribeTargetHealth per group, likewise).
// Dependent calls start as soon as the page naming them arrives.
func (rr *regionRun) fetchELBv2(ctx context.Context) int {
	c := rr.elbv2
	var wg, deps sync.WaitGroup
	wg.Go(func() {
		err := pages(ctx, elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{PageSize: elbPage}),
			func(o *elbv2.DescribeLoadBalancersOutput) {
				for _, lb := range o.LoadBalancers {
					if !rr.keepVPC(aws.ToString(lb.VpcId)) {
						continue
					}
					add(rr, &rr.raw.LoadBalancers, lb)
					arn := lb.LoadBalancerArn
					deps.Go(func() {
						err := pages(ctx, elbv2.NewDescribeListenersPaginator(c, &elbv2.DescribeListenersInput{LoadBalancerArn: arn, PageSize: elbPage}),
							func(o *elbv2.DescribeListenersOutput) { add(rr, &rr.raw.Listeners, o.Listeners...) })
						rr.check(ctx, "elbv2", "DescribeListeners", err)
					})
				}
			})
		rr.check(ctx, "elbv2", "DescribeLoadBalancers", err)
	})
	wg.Go(func() {
		err := pages(ctx, elbv2.NewDescribeTargetGroupsPaginator(c, &elbv2.DescribeTargetGroupsInput{PageSize: elbPage}),
			func(o *elbv2.DescribeTargetGroupsOutput) {
				for _, tg := range o.TargetGroups {
					// Lambda target groups have no VPC; keep them.
					if tg.VpcId != nil && !rr.keepVPC(*tg.VpcId) {
						continue
					}
					add(rr, &rr.raw.TargetGroups, tg)
					arn := tg.TargetGroupArn
					deps.Go(func() {
						out, err := c.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: arn})
						if !rr.check(ctx, "elbv2", "DescribeTargetHealth", err) {
							return
						}
						rr.mu.Lock()
						defer rr.mu.Unlock()
						if rr.raw.TargetHealth == nil {
							rr.raw.TargetHealth = map[string][]elbv2types.TargetHealthDescription{}
						}
						rr.raw.TargetHealth[aws.ToString(arn)] = out.TargetHealthDescriptions
					})
				}
			})
		rr.check(ctx, "elbv2", "DescribeTargetGroups", err)
	})
	wg.Wait()
	deps.Wait()
	return len(rr.raw.LoadBalancers) + len(rr.raw.TargetGroups)
}

// keepVPC reports whether resources of vpc are kept under Options.VPCIDs.
func (rr *regionRun) keepVPC(vpc string) bool {
	return len(rr.c.opt.VPCIDs) == 0 || slices.Contains(rr.c.opt.VPCIDs, vpc)
}
