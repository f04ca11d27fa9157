// Package awsfake is a fake AWS endpoint for tests: an httptest server that
// speaks the real wire protocols of the APIs sgmap's collector calls (EC2
// query/XML, ELB, ELBv2, RDS, ElastiCache, Redshift and STS awsquery XML,
// ECS and Organizations JSON 1.1, Lambda, MSK, EFS, OpenSearch and EKS
// REST-JSON), serves a [Scenario] with real pagination, injects faults
// (throttling, denied services, disabled regions, malformed bodies, slow
// answers) and records every call. Point aws-sdk-go-v2 at it with
// [Server.Config] or the environment from [Server.Env]; nothing is mocked
// on the client side.
package awsfake

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// CallerAccessKey is the access key of [Server.Config]'s static
// credentials; it signs in to the scenario's first account.
const CallerAccessKey = "AKIDSGMAPFAKECALLER"

// assumedKeyPrefix starts the access keys AssumeRole hands out; the rest
// is the account ID, so later calls land in that account.
const assumedKeyPrefix = "ASIAFAKE"

// Call is one request the fake answered.
type Call struct {
	Account   string
	Region    string
	API       string // ec2, elbv2, elb, ecs, lambda, rds, elasticache, redshift, kafka, efs, opensearch, eks, sts
	Operation string // DescribeSecurityGroups
	// Params are the request parameters (form fields, JSON members, query).
	Params url.Values
}

// Action is the IAM action of c: "ec2:DescribeVpcs",
// "elasticloadbalancing:DescribeTargetHealth".
func (c Call) Action() string { return iamPrefix[c.API] + ":" + c.Operation }

var iamPrefix = map[string]string{"ec2": "ec2", "elbv2": "elasticloadbalancing",
	"elb": "elasticloadbalancing", "ecs": "ecs", "lambda": "lambda", "rds": "rds", "sts": "sts", "elasticache": "elasticache",
	"redshift": "redshift", "kafka": "kafka", "efs": "elasticfilesystem", "opensearch": "es", "eks": "eks",
	"organizations": "organizations"}

// Fault makes matching calls fail or slow down. Empty match fields match
// anything.
type Fault struct {
	API       string // as in [Call]
	Operation string
	Region    string
	Account   string
	// Times is how many matching calls the fault hits; 0 means all.
	Times int
	// Status and Code make an AWS error answer (Message is optional):
	// 503 RequestLimitExceeded, 403 UnauthorizedOperation,
	// 400 AccessDeniedException, ….
	Status  int
	Code    string
	Message string
	// Delay holds the answer back (a slow endpoint).
	Delay time.Duration
	// Malformed answers 200 with a truncated body.
	Malformed bool
}

// Server is a running fake AWS endpoint. Create it with [New].
type Server struct {
	*httptest.Server
	scn *Scenario

	mu       sync.Mutex
	calls    []Call
	faults   []*Fault
	inFlight map[string]int // by API, and "" for all
	maxIn    map[string]int
	// answers caches successful bodies by request: scenarios do not change
	// while served, and re-encoding large pages would make benchmarks
	// measure the fake rather than the collector.
	answers map[string]cachedAnswer
}

type cachedAnswer struct {
	status int
	ctype  string
	body   []byte
}

// MaxInFlight returns the most calls that were being answered at once,
// for one API ("ec2", …) or, with "", for all.
func (s *Server) MaxInFlight(api string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxIn[api]
}

func (s *Server) enter(api string, d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range []string{api, ""} {
		s.inFlight[k] += d
		s.maxIn[k] = max(s.maxIn[k], s.inFlight[k])
	}
}

// New starts a fake AWS endpoint serving scn and stops it when tb's test
// ends. scn must not be changed while the server runs.
func New(tb testing.TB, scn *Scenario) *Server {
	tb.Helper()
	s := &Server{scn: scn, inFlight: map[string]int{}, maxIn: map[string]int{}, answers: map[string]cachedAnswer{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// AddFault injects f into later calls.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Calls returns every call answered so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Actions returns how many calls each IAM action received
// ("ec2:DescribeVpcs": 1).
func (s *Server) Actions() map[string]int {
	m := map[string]int{}
	for _, c := range s.Calls() {
		m[c.Action()]++
	}
	return m
}

// Reset forgets the recorded calls and in-flight maxima.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.maxIn = map[string]int{}
}

// request is one parsed call.
type request struct {
	Call
	w       http.ResponseWriter
	account *Account
	region  *Region
	body    []byte
}

var scopeRE = regexp.MustCompile(`Credential=([^/]+)/\d+/([^/]+)/([^/]+)/aws4_request`)

var queryVersions = map[string]string{"2016-11-15": "ec2", "2015-12-01": "elbv2",
	"2012-06-01": "elb", "2014-10-31": "rds", "2011-06-15": "sts", "2015-02-02": "elasticache",
	"2012-12-01": "redshift"}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	req := &request{w: w, body: body}
	m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, "request is not signed with SigV4", http.StatusForbidden)
		return
	}
	key := m[1]
	req.Region = m[2]
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		req.API, req.Operation = "ecs", t[strings.LastIndex(t, ".")+1:]
		if strings.HasPrefix(t, orgTargetPrefix) {
			req.API = "organizations"
		}
		req.Params = jsonParams(body)
	case strings.HasPrefix(r.URL.Path, "/2015-03-31/functions"):
		req.API, req.Operation, req.Params = "lambda", "ListFunctions", r.URL.Query()
	case parseREST(req, r, m[3]):
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, "parse form: "+err.Error(), http.StatusBadRequest)
			return
		}
		req.API, req.Operation, req.Params = queryVersions[form.Get("Version")], form.Get("Action"), form
	}
	if req.API == "" || req.Operation == "" {
		http.Error(w, "unknown API", http.StatusBadRequest)
		return
	}
	switch {
	case key == CallerAccessKey && len(s.scn.Accounts) > 0:
		req.account = s.scn.Accounts[0]
	case strings.HasPrefix(key, assumedKeyPrefix):
		req.account = s.scn.account(strings.TrimPrefix(key, assumedKeyPrefix))
	}
	if req.account != nil {
		req.Account = req.account.ID
		req.region = req.account.region(req.Region)
	}
	s.mu.Lock()
	s.calls = append(s.calls, req.Call)
	fault := s.matchFault(req.Call)
	s.mu.Unlock()
	s.enter(req.API, 1)
	defer s.enter(req.API, -1)

	if !sleep(r.Context(), s.scn.Latency) {
		return
	}
	if fault != nil && fault.Delay > 0 && !sleep(r.Context(), fault.Delay) {
		return
	}
	switch {
	case req.account == nil:
		req.fail(http.StatusForbidden, map[bool]string{true: "AuthFailure", false: "InvalidClientTokenId"}[req.API == "ec2"],
			"The security token included in the request is invalid.")
	case fault != nil && fault.Code != "":
		req.fail(fault.Status, fault.Code, cmpOr(fault.Message, "injected fault"))
	case req.API != "sts" && req.API != "organizations" && (req.region == nil || req.region.OptInRequired):
		if req.API == "ec2" {
			req.fail(http.StatusUnauthorized, "AuthFailure", "AWS was not able to validate the provided access credentials")
		} else {
			req.fail(http.StatusForbidden, "OptInRequired", "The region "+req.Region+" is not enabled for this account")
		}
	default:
		status, ctype, out := s.cachedAnswer(req)
		if fault != nil && fault.Malformed && status == http.StatusOK {
			out = truncate(out)
		}
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(out)
	}
}

// matchFault returns the first live fault matching c and uses up one of
// its Times. The caller holds s.mu.
func (s *Server) matchFault(c Call) *Fault {
	for _, f := range s.faults {
		if (f.API != "" && f.API != c.API) || (f.Operation != "" && f.Operation != c.Operation) ||
			(f.Region != "" && f.Region != c.Region) || (f.Account != "" && f.Account != c.Account) {
			continue
		}
		if f.Times < 0 {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				f.Times = -1
			}
		}
		return f
	}
	return nil
}

// cachedAnswer is answer, remembered per account, region and request.
func (s *Server) cachedAnswer(req *request) (int, string, []byte) {
	key := req.Account + " " + req.Region + " " + req.API + " " + req.Operation + " " + req.Params.Encode()
	s.mu.Lock()
	a, ok := s.answers[key]
	s.mu.Unlock()
	if ok {
		return a.status, a.ctype, a.body
	}
	status, ctype, body := s.answer(req)
	if status == http.StatusOK && req.Operation != "AssumeRole" {
		s.mu.Lock()
		s.answers[key] = cachedAnswer{status, ctype, body}
		s.mu.Unlock()
	}
	return status, ctype, body
}

// answer serves a successful call: status, content type and body.
func (s *Server) answer(req *request) (int, string, []byte) {
	var out any
	var err *apiError
	switch req.API {
	case "ec2":
		out, err = s.ec2(req)
	case "elbv2":
		out, err = s.elbv2(req)
	case "elb":
		out, err = s.elb(req)
	case "rds":
		out, err = s.rds(req)
	case "elasticache":
		out, err = s.elasticache(req)
	case "sts":
		out, err = s.sts(req)
	case "ecs":
		out, err = s.ecs(req)
	case "lambda":
		out, err = s.lambda(req)
	case "redshift":
		out, err = s.redshift(req)
	case "kafka":
		out, err = s.kafka(req)
	case "efs":
		out, err = s.efs(req)
	case "opensearch":
		out, err = s.opensearch(req)
	case "eks":
		out, err = s.eks(req)
	case "organizations":
		out, err = s.organizations(req)
	}
	if err != nil {
		return err.status, req.contentType(), req.errorBody(err.code, err.msg)
	}
	switch {
	case req.API == "ec2":
		return http.StatusOK, "text/xml;charset=UTF-8", encodeEC2(req.Operation, out)
	case req.API == "ecs":
		return http.StatusOK, "application/x-amz-json-1.1", encodeJSON(req.API, out, true)
	case req.API == "organizations":
		return http.StatusOK, "application/x-amz-json-1.1", encodeJSON(req.API, out, false)
	case restJSON[req.API]:
		return http.StatusOK, "application/json", encodeJSON(req.API, out, false)
	}
	return http.StatusOK, "text/xml", encodeQuery(req.API, xmlns[req.API], req.Operation, out)
}

var xmlns = map[string]string{
	"elbv2":       "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
	"elb":         "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/",
	"rds":         "http://rds.amazonaws.com/doc/2014-10-31/",
	"elasticache": "http://elasticache.amazonaws.com/doc/2015-02-02/",
	"redshift":    "http://redshift.amazonaws.com/doc/2012-12-01/",
	"sts":         "https://sts.amazonaws.com/doc/2011-06-15/",
}

// apiError is an AWS error answer.
type apiError struct {
	status    int
	code, msg string
}

func invalid(code, msg string) *apiError { return &apiError{http.StatusBadRequest, code, msg} }

func (r *request) contentType() string {
	switch {
	case r.API == "ecs" || r.API == "organizations":
		return "application/x-amz-json-1.1"
	case restJSON[r.API]:
		return "application/json"
	}
	return "text/xml"
}

func (r *request) errorBody(code, msg string) []byte {
	switch {
	case r.API == "ec2":
		return errorEC2(code, msg)
	case r.API == "ecs" || r.API == "organizations" || restJSON[r.API]:
		r.w.Header().Set("X-Amzn-ErrorType", code)
		return errorJSON(code, msg)
	}
	return errorQuery(code, msg)
}

func (r *request) fail(status int, code, msg string) {
	r.w.Header().Set("Content-Type", r.contentType())
	body := r.errorBody(code, msg)
	r.w.WriteHeader(status)
	_, _ = r.w.Write(body)
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
