package awslive

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// rdsPage is the largest page RDS Describe calls allow.
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
