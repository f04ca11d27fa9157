package awslive

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// rdsPage is the largest page RDS (and ElastiCache) Describe calls allow.
var rdsPage = aws.Int32(100)

// fetchRDS fetches DB instances and clusters.
func (rr *regionRun) fetchRDS(ctx context.Context) int {
	var wg sync.WaitGroup
	wg.Go(func() {
		err := pages(ctx, rds.NewDescribeDBInstancesPaginator(rr.rds, &rds.DescribeDBInstancesInput{MaxRecords: rdsPage}),
			func(o *rds.DescribeDBInstancesOutput) { add(rr, &rr.raw.DBInstances, o.DBInstances...) })
		rr.check(ctx, "rds", "DescribeDBInstances", err)
	})
	wg.Go(func() {
		err := pages(ctx, rds.NewDescribeDBClustersPaginator(rr.rds, &rds.DescribeDBClustersInput{MaxRecords: rdsPage}),
			func(o *rds.DescribeDBClustersOutput) { add(rr, &rr.raw.DBClusters, o.DBClusters...) })
		rr.check(ctx, "rds", "DescribeDBClusters", err)
	})
	wg.Wait()
	return len(rr.raw.DBInstances) + len(rr.raw.DBClusters)
}

// fetchElastiCache fetches the cache clusters (their groups; their ENIs
// come from DescribeNetworkInterfaces and name the cluster).
func (rr *regionRun) fetchElastiCache(ctx context.Context) int {
	err := pages(ctx, elasticache.NewDescribeCacheClustersPaginator(rr.cache, &elasticache.DescribeCacheClustersInput{MaxRecords: rdsPage}),
		func(o *elasticache.DescribeCacheClustersOutput) { add(rr, &rr.raw.CacheClusters, o.CacheClusters...) })
	rr.check(ctx, "elasticache", "DescribeCacheClusters", err)
	return len(rr.raw.CacheClusters)
}
