package awsfake

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	opensearchtypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
)

// The managed services with an owner kind of their own: Redshift (awsquery
// XML) and MSK, EFS, OpenSearch and EKS (REST-JSON, told apart by the
// service their requests are signed for, then by method and path).

// restServices maps the SigV4 signing name of a REST-JSON service to the
// fake's API name.
var restServices = map[string]string{"kafka": "kafka", "elasticfilesystem": "efs", "es": "opensearch", "eks": "eks"}

// restJSON are the APIs that speak REST-JSON: Lambda and those of
// restServices.
var restJSON = map[string]bool{"lambda": true, "kafka": true, "efs": true, "opensearch": true, "eks": true}

// restRoute is one REST-JSON operation: its method, its path (with at most
// one path parameter, captured) and the name of that parameter.
type restRoute struct {
	api, method string
	path        *regexp.Regexp
	op, param   string
}

var restRoutes = []restRoute{
	{"kafka", http.MethodGet, regexp.MustCompile(`^/api/v2/clusters$`), "ListClustersV2", ""},
	{"efs", http.MethodGet, regexp.MustCompile(`^/2015-02-01/file-systems$`), "DescribeFileSystems", ""},
	{"efs", http.MethodGet, regexp.MustCompile(`^/2015-02-01/mount-targets$`), "DescribeMountTargets", ""},
	{"efs", http.MethodGet, regexp.MustCompile(`^/2015-02-01/mount-targets/([^/]+)/security-groups$`), "DescribeMountTargetSecurityGroups", "MountTargetId"},
	{"opensearch", http.MethodGet, regexp.MustCompile(`^/2021-01-01/domain$`), "ListDomainNames", ""},
	{"opensearch", http.MethodPost, regexp.MustCompile(`^/2021-01-01/opensearch/domain-info$`), "DescribeDomains", ""},
	{"eks", http.MethodGet, regexp.MustCompile(`^/clusters$`), "ListClusters", ""},
	{"eks", http.MethodGet, regexp.MustCompile(`^/clusters/([^/]+)$`), "DescribeCluster", "name"},
}

// parseREST fills req's API, operation and parameters (query, JSON body
// members and the path parameter) for a REST-JSON call signed for
// service. It reports false for a service that is not served here; an
// unknown path leaves the operation empty.
func parseREST(req *request, r *http.Request, service string) bool {
	api, ok := restServices[service]
	if !ok {
		return false
	}
	req.API = api
	req.Params = r.URL.Query()
	for k, v := range jsonParams(req.body) {
		req.Params[k] = v
	}
	for _, rt := range restRoutes {
		if rt.api != api || rt.method != r.Method {
			continue
		}
		m := rt.path.FindStringSubmatch(r.URL.EscapedPath())
		if m == nil {
			continue
		}
		req.Operation = rt.op
		if rt.param != "" {
			req.Params.Set(rt.param, m[1])
		}
		break
	}
	return true
}

func notFound(code, msg string) *apiError { return &apiError{http.StatusNotFound, code, msg} }

func (s *Server) redshift(req *request) (any, *apiError) {
	r := req.region
	if req.Operation != "DescribeClusters" {
		return nil, invalid("InvalidAction", "Could not find operation "+req.Operation)
	}
	idx, next, err := s.markerPage(req, len(r.RedshiftClusters), "MaxRecords", 20, 100, 100)
	return &redshift.DescribeClustersOutput{Clusters: pick(r.RedshiftClusters, idx), Marker: next}, err
}

// tokenPage pages items with a nextToken/maxResults query (MSK, EKS).
func (s *Server) tokenPage(req *request, n, hi, def int) ([]int, *string, *apiError) {
	size, err := s.pageSize(req, "maxResults", 1, hi, def)
	if err != nil {
		return nil, nil, err
	}
	page, next, err := paginate(indexes(n), req.Params.Get("nextToken"), size)
	if err != nil || next == "" {
		return page, nil, err
	}
	return page, aws.String(next), nil
}

func indexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func (s *Server) kafka(req *request) (any, *apiError) {
	r := req.region
	if req.Operation != "ListClustersV2" {
		return nil, invalid("BadRequestException", "unknown operation")
	}
	idx, next, err := s.tokenPage(req, len(r.MSKClusters), 100, 10)
	return &kafka.ListClustersV2Output{ClusterInfoList: pick(r.MSKClusters, idx), NextToken: next}, err
}

func (s *Server) eks(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "ListClusters":
		idx, next, err := s.tokenPage(req, len(r.EKSClusters), 100, 100)
		out := &eks.ListClustersOutput{NextToken: next}
		for _, c := range pick(r.EKSClusters, idx) {
			out.Clusters = append(out.Clusters, aws.ToString(c.Name))
		}
		return out, err
	case "DescribeCluster":
		name := req.Params.Get("name")
		for _, c := range r.EKSClusters {
			if aws.ToString(c.Name) == name {
				return &eks.DescribeClusterOutput{Cluster: &c}, nil
			}
		}
		return nil, notFound("ResourceNotFoundException", "No cluster found for name: "+name+".")
	}
	return nil, invalid("InvalidRequestException", "unknown operation")
}

func (s *Server) efs(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "DescribeFileSystems":
		size, err := s.pageSize(req, "MaxItems", 1, 100, 100)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(r.EFSFileSystems, req.Params.Get("Marker"), size)
		return &efs.DescribeFileSystemsOutput{FileSystems: page, Marker: optional(req.Params.Get("Marker")), NextMarker: optional(next)}, err
	case "DescribeMountTargets":
		fs := req.Params.Get("FileSystemId")
		if fs == "" {
			return nil, invalid("BadRequest", "FileSystemId, MountTargetId or AccessPointId is required")
		}
		size, err := s.pageSize(req, "MaxItems", 1, 100, 10)
		if err != nil {
			return nil, err
		}
		var mts []efstypes.MountTargetDescription
		for _, mt := range r.EFSMountTargets {
			if aws.ToString(mt.FileSystemId) == fs {
				mts = append(mts, mt)
			}
		}
		page, next, err := paginate(mts, req.Params.Get("Marker"), size)
		return &efs.DescribeMountTargetsOutput{MountTargets: page, Marker: optional(req.Params.Get("Marker")), NextMarker: optional(next)}, err
	case "DescribeMountTargetSecurityGroups":
		id := req.Params.Get("MountTargetId")
		if !slices.ContainsFunc(r.EFSMountTargets, func(mt efstypes.MountTargetDescription) bool { return aws.ToString(mt.MountTargetId) == id }) {
			return nil, notFound("MountTargetNotFound", "Mount target '"+id+"' does not exist.")
		}
		return &efs.DescribeMountTargetSecurityGroupsOutput{SecurityGroups: r.EFSMountTargetGroups[id]}, nil
	}
	return nil, invalid("BadRequest", "unknown operation")
}

// openSearchBatch is the most domains DescribeDomains takes per call.
const openSearchBatch = 5

func (s *Server) opensearch(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "ListDomainNames":
		out := &opensearch.ListDomainNamesOutput{}
		for _, d := range r.OpenSearchDomains {
			out.DomainNames = append(out.DomainNames, opensearchtypes.DomainInfo{DomainName: d.DomainName,
				EngineType: opensearchtypes.EngineTypeOpenSearch})
		}
		return out, nil
	case "DescribeDomains":
		want := req.Params["DomainNames"]
		if len(want) == 0 || len(want) > openSearchBatch {
			return nil, invalid("ValidationException", "DomainNames must have between 1 and "+strconv.Itoa(openSearchBatch)+" items")
		}
		out := &opensearch.DescribeDomainsOutput{}
		for _, d := range r.OpenSearchDomains {
			if slices.Contains(want, aws.ToString(d.DomainName)) {
				out.DomainStatusList = append(out.DomainStatusList, d)
			}
		}
		return out, nil
	}
	return nil, invalid("ValidationException", "unknown operation")
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
