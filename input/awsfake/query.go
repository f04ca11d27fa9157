package awsfake

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// markerPage pages items with the awsquery Marker/NextMarker convention.
func (s *Server) markerPage(req *request, n int, sizeParam string, lo, hi, def int) ([]int, *string, *apiError) {
	size, err := s.pageSize(req, sizeParam, lo, hi, def)
	if err != nil {
		return nil, nil, err
	}
	page, next, err := paginate(indexes(n), req.Params.Get("Marker"), size)
	if err != nil || next == "" {
		return page, nil, err
	}
	return page, aws.String(next), nil
}

func (s *Server) elbv2(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "DescribeLoadBalancers":
		idx, next, err := s.markerPage(req, len(r.LoadBalancers), "PageSize", 1, 400, 400)
		return &elbv2.DescribeLoadBalancersOutput{LoadBalancers: pick(r.LoadBalancers, idx), NextMarker: next}, err
	case "DescribeListeners":
		arn := req.Params.Get("LoadBalancerArn")
		if arn == "" {
			return nil, invalid("ValidationError", "A load balancer ARN or listener ARNs must be specified")
		}
		var ls []elbv2types.Listener
		for _, l := range r.Listeners {
			if aws.ToString(l.LoadBalancerArn) == arn {
				ls = append(ls, l)
			}
		}
		idx, next, err := s.markerPage(req, len(ls), "PageSize", 1, 400, 400)
		return &elbv2.DescribeListenersOutput{Listeners: pick(ls, idx), NextMarker: next}, err
	case "DescribeTargetGroups":
		idx, next, err := s.markerPage(req, len(r.TargetGroups), "PageSize", 1, 400, 400)
		return &elbv2.DescribeTargetGroupsOutput{TargetGroups: pick(r.TargetGroups, idx), NextMarker: next}, err
	case "DescribeTargetHealth":
		arn := req.Params.Get("TargetGroupArn")
		th, ok := r.TargetHealth[arn]
		if !ok {
			return nil, invalid("TargetGroupNotFound", "Target groups '"+arn+"' not found")
		}
		return &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: th}, nil
	}
	return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
}

func (s *Server) elb(req *request) (any, *apiError) {
	r := req.region
	if req.Operation != "DescribeLoadBalancers" {
		return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
	}
	idx, next, err := s.markerPage(req, len(r.ClassicLBs), "PageSize", 1, 400, 400)
	return &elb.DescribeLoadBalancersOutput{LoadBalancerDescriptions: pick(r.ClassicLBs, idx), NextMarker: next}, err
}

func (s *Server) rds(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "DescribeDBInstances":
		idx, next, err := s.markerPage(req, len(r.DBInstances), "MaxRecords", 20, 100, 100)
		return &rds.DescribeDBInstancesOutput{DBInstances: pick(r.DBInstances, idx), Marker: next}, err
	case "DescribeDBClusters":
		idx, next, err := s.markerPage(req, len(r.DBClusters), "MaxRecords", 20, 100, 100)
		return &rds.DescribeDBClustersOutput{DBClusters: pick(r.DBClusters, idx), Marker: next}, err
	}
	return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
}

func (s *Server) elasticache(req *request) (any, *apiError) {
	r := req.region
	if req.Operation != "DescribeCacheClusters" {
		return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
	}
	idx, next, err := s.markerPage(req, len(r.CacheClusters), "MaxRecords", 20, 100, 100)
	return &elasticache.DescribeCacheClustersOutput{CacheClusters: pick(r.CacheClusters, idx), Marker: next}, err
}

func (s *Server) sts(req *request) (any, *apiError) {
	switch req.Operation {
	case "GetCallerIdentity":
		return &sts.GetCallerIdentityOutput{Account: aws.String(req.Account),
			Arn:    aws.String("arn:aws:iam::" + req.Account + ":user/sgmap"),
			UserId: aws.String("AIDAFAKE" + req.Account)}, nil
	case "AssumeRole":
		arn := req.Params.Get("RoleArn")
		for _, a := range s.scn.Accounts {
			if a.RoleARN == "" || a.RoleARN != arn {
				continue
			}
			if a.ExternalID != req.Params.Get("ExternalId") {
				break
			}
			return &sts.AssumeRoleOutput{
				Credentials: &ststypes.Credentials{AccessKeyId: aws.String(assumedKeyPrefix + a.ID),
					SecretAccessKey: aws.String("SECRET"), SessionToken: aws.String("TOKEN"),
					Expiration: aws.Time(time.Now().Add(time.Hour).UTC().Truncate(time.Second))},
				AssumedRoleUser: &ststypes.AssumedRoleUser{Arn: aws.String(arn + "/" + req.Params.Get("RoleSessionName")),
					AssumedRoleId: aws.String("AROAFAKE:" + req.Params.Get("RoleSessionName"))},
			}, nil
		}
		return nil, &apiError{http.StatusForbidden, "AccessDenied",
			"User is not authorized to perform: sts:AssumeRole on resource: " + arn}
	}
	return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
}
