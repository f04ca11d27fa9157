package awsfake

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

func (s *Server) ecsPage(req *request, items []string) ([]string, *string, *apiError) {
	size, err := s.pageSize(req, "maxResults", 1, 100, 100)
	if err != nil {
		return nil, nil, err
	}
	page, next, err := paginate(items, req.Params.Get("nextToken"), size)
	if err != nil || next == "" {
		return page, nil, err
	}
	return page, aws.String(next), nil
}

func (s *Server) ecs(req *request) (any, *apiError) {
	r := req.region
	cluster := req.Params.Get("cluster")
	if cluster == "" {
		cluster = "default"
	}
	inCluster := func(arn *string) bool {
		a := aws.ToString(arn)
		return a == cluster || len(a) > len(cluster) && a[len(a)-len(cluster)-1:] == "/"+cluster
	}
	switch req.Operation {
	case "ListClusters":
		page, next, err := s.ecsPage(req, r.ECSClusters)
		return &ecs.ListClustersOutput{ClusterArns: page, NextToken: next}, err
	case "ListServices":
		var arns []string
		for _, sv := range r.ECSServices {
			if inCluster(sv.ClusterArn) {
				arns = append(arns, aws.ToString(sv.ServiceArn))
			}
		}
		page, next, err := s.ecsPage(req, arns)
		return &ecs.ListServicesOutput{ServiceArns: page, NextToken: next}, err
	case "ListTasks":
		var arns []string
		for _, t := range r.ECSTasks {
			if inCluster(t.ClusterArn) {
				arns = append(arns, aws.ToString(t.TaskArn))
			}
		}
		page, next, err := s.ecsPage(req, arns)
		return &ecs.ListTasksOutput{TaskArns: page, NextToken: next}, err
	case "DescribeServices":
		want := req.Params["services"]
		if len(want) == 0 || len(want) > 10 {
			return nil, invalid("InvalidParameterException", "services can have at most 10 items and at least 1")
		}
		out := &ecs.DescribeServicesOutput{}
		for _, sv := range r.ECSServices {
			if inCluster(sv.ClusterArn) && (slices.Contains(want, aws.ToString(sv.ServiceArn)) || slices.Contains(want, aws.ToString(sv.ServiceName))) {
				out.Services = append(out.Services, sv)
			}
		}
		return out, nil
	case "DescribeTasks":
		want := req.Params["tasks"]
		if len(want) == 0 || len(want) > 100 {
			return nil, invalid("InvalidParameterException", "tasks can have at most 100 items and at least 1")
		}
		out := &ecs.DescribeTasksOutput{}
		for _, t := range r.ECSTasks {
			if inCluster(t.ClusterArn) && slices.Contains(want, aws.ToString(t.TaskArn)) {
				out.Tasks = append(out.Tasks, t)
			}
		}
		for _, w := range want {
			if !slices.ContainsFunc(out.Tasks, func(t ecstypes.Task) bool { return aws.ToString(t.TaskArn) == w }) {
				out.Failures = append(out.Failures, ecstypes.Failure{Arn: aws.String(w), Reason: aws.String("MISSING")})
			}
		}
		return out, nil
	}
	return nil, invalid("InvalidAction", "Unknown operation "+req.Operation)
}

func (s *Server) lambda(req *request) (any, *apiError) {
	r := req.region
	size, err := s.pageSize(req, "MaxItems", 1, 50, 50)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(r.LambdaFunctions, req.Params.Get("Marker"), size)
	out := &lambda.ListFunctionsOutput{Functions: page}
	if next != "" {
		out.NextMarker = aws.String(next)
	}
	return out, err
}
