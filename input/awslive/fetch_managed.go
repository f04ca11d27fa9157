package awslive

import (
	"context"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
)

// The managed services with an owner kind of their own. Each is fetched
// for its groups (and, for EFS, its ENIs); their ENIs come from
// DescribeNetworkInterfaces and meet them in awsconv.

// openSearchBatch is the most domains one DescribeDomains call takes.
const openSearchBatch = 5

// fetchRedshift fetches the Redshift clusters. Their ENIs say only
// "RedshiftNetworkInterface"; awsconv matches them by VPC and groups.
func (rr *regionRun) fetchRedshift(ctx context.Context) int {
	err := pages(ctx, redshift.NewDescribeClustersPaginator(rr.redshift, &redshift.DescribeClustersInput{MaxRecords: rdsPage}),
		func(o *redshift.DescribeClustersOutput) { add(rr, &rr.raw.RedshiftClusters, o.Clusters...) })
	rr.check(ctx, "redshift", "DescribeClusters", err)
	return len(rr.raw.RedshiftClusters)
}

// fetchMSK fetches the MSK clusters, provisioned and serverless.
func (rr *regionRun) fetchMSK(ctx context.Context) int {
	err := pages(ctx, kafka.NewListClustersV2Paginator(rr.kafka, &kafka.ListClustersV2Input{MaxResults: aws.Int32(100)}),
		func(o *kafka.ListClustersV2Output) { add(rr, &rr.raw.MSKClusters, o.ClusterInfoList...) })
	rr.check(ctx, "kafka", "ListClustersV2", err)
	return len(rr.raw.MSKClusters)
}

// fetchEFS fetches the file systems, the mount targets of each that has
// any, and each mount target's security groups (the one call per mount
// target that EFS offers for them).
func (rr *regionRun) fetchEFS(ctx context.Context) int {
	var wg sync.WaitGroup
	err := pages(ctx, efs.NewDescribeFileSystemsPaginator(rr.efs, &efs.DescribeFileSystemsInput{MaxItems: aws.Int32(100)}),
		func(o *efs.DescribeFileSystemsOutput) {
			add(rr, &rr.raw.EFSFileSystems, o.FileSystems...)
			for _, fs := range o.FileSystems {
				if fs.NumberOfMountTargets > 0 {
					wg.Go(func() { rr.fetchMountTargets(ctx, aws.ToString(fs.FileSystemId)) })
				}
			}
		})
	rr.check(ctx, "efs", "DescribeFileSystems", err)
	wg.Wait()
	return len(rr.raw.EFSMountTargets)
}

func (rr *regionRun) fetchMountTargets(ctx context.Context, fs string) {
	var wg sync.WaitGroup
	err := pages(ctx, efs.NewDescribeMountTargetsPaginator(rr.efs, &efs.DescribeMountTargetsInput{FileSystemId: aws.String(fs), MaxItems: aws.Int32(100)}),
		func(o *efs.DescribeMountTargetsOutput) {
			add(rr, &rr.raw.EFSMountTargets, o.MountTargets...)
			for _, mt := range o.MountTargets {
				wg.Go(func() {
					out, err := rr.efs.DescribeMountTargetSecurityGroups(ctx, &efs.DescribeMountTargetSecurityGroupsInput{MountTargetId: mt.MountTargetId})
					if !rr.check(ctx, "efs", "DescribeMountTargetSecurityGroups", err) {
						return
					}
					rr.mu.Lock()
					defer rr.mu.Unlock()
					if rr.raw.EFSMountTargetGroups == nil {
						rr.raw.EFSMountTargetGroups = map[string][]string{}
					}
					rr.raw.EFSMountTargetGroups[aws.ToString(mt.MountTargetId)] = out.SecurityGroups
				})
			}
		})
	rr.check(ctx, "efs", "DescribeMountTargets", err)
	wg.Wait()
}

// fetchOpenSearch lists the domains (OpenSearch and Elasticsearch, in one
// unpaginated call) and describes them in batches of five.
func (rr *regionRun) fetchOpenSearch(ctx context.Context) int {
	list, err := rr.opensearch.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if !rr.check(ctx, "opensearch", "ListDomainNames", err) {
		return 0
	}
	var names []string
	for _, d := range list.DomainNames {
		names = append(names, aws.ToString(d.DomainName))
	}
	var wg sync.WaitGroup
	for batch := range slices.Chunk(names, openSearchBatch) {
		wg.Go(func() {
			out, err := rr.opensearch.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
			if rr.check(ctx, "opensearch", "DescribeDomains", err) {
				add(rr, &rr.raw.OpenSearchDomains, out.DomainStatusList...)
			}
		})
	}
	wg.Wait()
	return len(rr.raw.OpenSearchDomains)
}

// fetchEKS lists the clusters and describes each (EKS has no batch call).
func (rr *regionRun) fetchEKS(ctx context.Context) int {
	var wg sync.WaitGroup
	err := pages(ctx, eks.NewListClustersPaginator(rr.eks, &eks.ListClustersInput{MaxResults: aws.Int32(100)}),
		func(o *eks.ListClustersOutput) {
			for _, name := range o.Clusters {
				wg.Go(func() {
					out, err := rr.eks.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
					if rr.check(ctx, "eks", "DescribeCluster", err) && out.Cluster != nil {
						add(rr, &rr.raw.EKSClusters, *out.Cluster)
					}
				})
			}
		})
	rr.check(ctx, "eks", "ListClusters", err)
	wg.Wait()
	return len(rr.raw.EKSClusters)
}
