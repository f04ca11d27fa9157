package awslive

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// ECS batch limits: DescribeServices takes at most 10 services,
// DescribeTasks at most 100 tasks, per call.
const (
	ecsServiceBatch = 10
	ecsTaskBatch    = 100
)

// fetchECS lists clusters, then per cluster its services and tasks, and
// describes them (with their tags, at no extra call) in the largest
// batches the API allows. Batches are sent
// as soon as they fill, while later pages are still being listed.
func (rr *regionRun) fetchECS(ctx context.Context) int {
	var wg sync.WaitGroup
	err := pages(ctx, ecs.NewListClustersPaginator(rr.ecs, &ecs.ListClustersInput{MaxResults: aws.Int32(100)}),
		func(o *ecs.ListClustersOutput) {
			for _, cluster := range o.ClusterArns {
				wg.Go(func() { rr.fetchECSServices(ctx, cluster) })
				wg.Go(func() { rr.fetchECSTasks(ctx, cluster) })
			}
		})
	rr.check(ctx, "ecs", "ListClusters", err)
	wg.Wait()
	return len(rr.raw.ECSServices) + len(rr.raw.ECSTasks)
}

func (rr *regionRun) fetchECSServices(ctx context.Context, cluster string) {
	var wg sync.WaitGroup
	describe := func(arns []string) {
		wg.Go(func() {
			out, err := rr.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: arns,
				Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags}})
			if rr.check(ctx, "ecs", "DescribeServices", err) {
				add(rr, &rr.raw.ECSServices, out.Services...)
			}
		})
	}
	var pending []string
	err := pages(ctx, ecs.NewListServicesPaginator(rr.ecs, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)}),
		func(o *ecs.ListServicesOutput) {
			pending = append(pending, o.ServiceArns...)
			for len(pending) >= ecsServiceBatch {
				describe(pending[:ecsServiceBatch:ecsServiceBatch])
				pending = pending[ecsServiceBatch:]
			}
		})
	rr.check(ctx, "ecs", "ListServices", err)
	if len(pending) > 0 {
		describe(pending)
	}
	wg.Wait()
}

func (rr *regionRun) fetchECSTasks(ctx context.Context, cluster string) {
	var wg sync.WaitGroup
	describe := func(arns []string) {
		wg.Go(func() {
			out, err := rr.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: arns,
				Include: []ecstypes.TaskField{ecstypes.TaskFieldTags}})
			if rr.check(ctx, "ecs", "DescribeTasks", err) {
				add(rr, &rr.raw.ECSTasks, out.Tasks...)
			}
		})
	}
	var pending []string
	err := pages(ctx, ecs.NewListTasksPaginator(rr.ecs, &ecs.ListTasksInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)}),
		func(o *ecs.ListTasksOutput) {
			pending = append(pending, o.TaskArns...)
			for len(pending) >= ecsTaskBatch {
				describe(pending[:ecsTaskBatch:ecsTaskBatch])
				pending = pending[ecsTaskBatch:]
			}
		})
	rr.check(ctx, "ecs", "ListTasks", err)
	if len(pending) > 0 {
		describe(pending)
	}
	wg.Wait()
}
