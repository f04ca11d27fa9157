package awslive

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/redshift"

	"github.com/sgmap/sgmap/input/awsconv"
)

// regionRun collects one account and region into raw. Fetchers run
// concurrently; those that write shared maps or lists hold mu.
type regionRun struct {
	*run
	account, region string

	ec2    *ec2.Client
	elbv2  *elbv2.Client
	elb    *elb.Client
	ecs    *ecs.Client
	lambda *lambda.Client
	rds    *rds.Client
	cache  *elasticache.Client

	redshift   *redshift.Client
	kafka      *kafka.Client
	efs        *efs.Client
	opensearch *opensearch.Client
	eks        *eks.Client

	mu  sync.Mutex
	raw *awsconv.Raw
}

func (r *run) collectRegion(ctx context.Context, t target, region string) *awsconv.Raw {
	rr := &regionRun{run: r, account: t.account, region: region, raw: &awsconv.Raw{AccountID: t.account, Region: region}}
	cfg := t.cfg.Copy()
	cfg.Region = region
	// One bound per API: AWS throttles each service separately.
	hc := func() *limitedClient {
		return r.httpClient(cfg.HTTPClient, make(chan struct{}, r.c.opt.RegionConcurrency))
	}
	rr.ec2 = ec2.NewFromConfig(cfg, func(o *ec2.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("ec2", t.account, region))
	})
	rr.elbv2 = elbv2.NewFromConfig(cfg, func(o *elbv2.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("elbv2", t.account, region))
	})
	rr.elb = elb.NewFromConfig(cfg, func(o *elb.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("elb", t.account, region))
	})
	rr.ecs = ecs.NewFromConfig(cfg, func(o *ecs.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("ecs", t.account, region))
	})
	rr.lambda = lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("lambda", t.account, region))
	})
	rr.rds = rds.NewFromConfig(cfg, func(o *rds.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("rds", t.account, region))
	})
	rr.cache = elasticache.NewFromConfig(cfg, func(o *elasticache.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("elasticache", t.account, region))
	})
	rr.redshift = redshift.NewFromConfig(cfg, func(o *redshift.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("redshift", t.account, region))
	})
	rr.kafka = kafka.NewFromConfig(cfg, func(o *kafka.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("kafka", t.account, region))
	})
	rr.efs = efs.NewFromConfig(cfg, func(o *efs.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("efs", t.account, region))
	})
	rr.opensearch = opensearch.NewFromConfig(cfg, func(o *opensearch.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("opensearch", t.account, region))
	})
	rr.eks = eks.NewFromConfig(cfg, func(o *eks.Options) {
		o.HTTPClient, o.APIOptions = hc(), append(o.APIOptions, r.instrument("eks", t.account, region))
	})

	services := []struct {
		name  string
		fetch func(context.Context) int
	}{
		{"ec2", rr.fetchEC2}, {"elbv2", rr.fetchELBv2}, {"elb", rr.fetchELB},
		{"ecs", rr.fetchECS}, {"lambda", rr.fetchLambda}, {"rds", rr.fetchRDS},
		{"elasticache", rr.fetchElastiCache}, {"redshift", rr.fetchRedshift}, {"kafka", rr.fetchMSK},
		{"efs", rr.fetchEFS}, {"opensearch", rr.fetchOpenSearch}, {"eks", rr.fetchEKS},
	}
	r.progress.start(t.account, region, len(services))
	var wg sync.WaitGroup
	for _, s := range services {
		wg.Go(func() { r.progress.done(t.account, region, s.name, s.fetch(ctx)) })
	}
	wg.Wait()
	if len(r.c.opt.VPCIDs) > 0 {
		filterVPCs(rr.raw, r.c.opt.VPCIDs)
	}
	rr.raw.Warnings = collapseRegion(rr.raw.Warnings)
	return rr.raw
}

// check records err (if any) of one API call as a warning. It reports
// whether the call succeeded. A cancelled collection records nothing:
// Collect returns the context's error instead.
func (rr *regionRun) check(ctx context.Context, api, op string, err error) bool {
	if err == nil {
		return true
	}
	if ctx.Err() != nil {
		return false
	}
	w := classify(err, api, op, rr.account, rr.region)
	rr.c.log.Warn("aws call failed", "code", w.Code, "service", api, "operation", op,
		"account", rr.account, "region", rr.region, "sgmap_code", errorCode(w), "error", err)
	rr.mu.Lock()
	rr.raw.Warnings = append(rr.raw.Warnings, w)
	rr.mu.Unlock()
	return false
}

// add appends to one of raw's lists under mu.
func add[T any](rr *regionRun, dst *[]T, items ...T) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	*dst = append(*dst, items...)
}

// pager is what every aws-sdk-go-v2 paginator provides.
type pager[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(Opt)) (O, error)
}

// pages follows every page of p, handing each to each. Pages fetched
// before an error are kept.
func pages[O, Opt any](ctx context.Context, p pager[O, Opt], each func(O)) error {
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		each(out)
	}
	return nil
}
