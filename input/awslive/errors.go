package awslive

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/sgmap/sgmap"
)

// Warning codes for failures that are not AWS error codes.
const (
	codeTimeout     = "timeout"
	codeUnreachable = "unreachable"
	codeMalformed   = "malformed"
	codeError       = "error"
)

// iamPrefix is the IAM action prefix (and Warning.Service) of each API
// client; classic ELB and ELBv2 share elasticloadbalancing, EFS is
// elasticfilesystem and OpenSearch es.
var iamPrefix = map[string]string{"ec2": "ec2", "elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing",
	"ecs": "ecs", "lambda": "lambda", "rds": "rds", "sts": "sts", "elasticache": "elasticache",
	"redshift": "redshift", "kafka": "kafka", "efs": "elasticfilesystem", "opensearch": "es", "eks": "eks",
	"organizations": "organizations"}

// Error codes AWS answers when a call is denied (ForbiddenException is
// MSK's and EKS's modelled 403), and when a region is
// not enabled for the account (opt-in regions answer AuthFailure on EC2
// and OptInRequired, InvalidClientTokenId or UnrecognizedClientException
// elsewhere).
var (
	deniedCodes   = []string{"UnauthorizedOperation", "Client.UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "AuthorizationError", "UnauthorizedException", "ForbiddenException"}
	regionCodes   = []string{"AuthFailure", "OptInRequired", "InvalidClientTokenId", "UnrecognizedClientException"}
	throttleCodes = []string{"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled"}
)

// classify turns the error of one AWS call into a snapshot warning. It is
// the one place AWS errors are interpreted: denied calls name the IAM
// action to grant, regions that are not enabled say so, and timeouts,
// unreachable endpoints and malformed answers name the operation.
func classify(err error, api, op, account, region string) sgmap.Warning {
	action := iamPrefix[api] + ":" + op
	w := sgmap.Warning{AccountID: account, Region: region, Service: iamPrefix[api], Operation: op}
	where := region
	if account != "" {
		where = account + "/" + region
	}
	var apiErr smithy.APIError
	var de *smithy.DeserializationError
	var ne net.Error
	var quota *retry.MaxAttemptsError
	switch {
	case errors.As(err, &apiErr) && slices.Contains(deniedCodes, apiErr.ErrorCode()):
		w.Code, w.Action = apiErr.ErrorCode(), action
		w.Message = fmt.Sprintf("%s denied in %s: grant %s (see docs/iam-policy.json); what it describes is missing", action, where, action)
	case errors.As(err, &apiErr) && slices.Contains(regionCodes, apiErr.ErrorCode()) && api == "sts":
		// STS answers these for credentials it does not accept.
		w.Code = apiErr.ErrorCode()
		w.Message = fmt.Sprintf("AWS rejected the credentials (%s on %s in %s)", apiErr.ErrorCode(), action, region)
	case errors.As(err, &apiErr) && slices.Contains(regionCodes, apiErr.ErrorCode()):
		w.Code = apiErr.ErrorCode()
		w.Message = fmt.Sprintf("region %s not enabled for account %s (%s on %s); skipped", region, account, apiErr.ErrorCode(), action)
	case errors.As(err, &apiErr) && slices.Contains(throttleCodes, apiErr.ErrorCode()):
		w.Code = apiErr.ErrorCode()
		w.Message = fmt.Sprintf("%s in %s still throttled after retries; its results are incomplete", action, where)
	case errors.As(err, &de):
		w.Code = codeMalformed
		w.Message = fmt.Sprintf("%s in %s returned a response that could not be parsed; its results are missing", action, where)
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		w.Code = codeTimeout
		w.Message = fmt.Sprintf("%s in %s timed out; its results are missing", action, where)
	case errors.As(err, &apiErr):
		w.Code = apiErr.ErrorCode()
		w.Message = fmt.Sprintf("%s in %s failed: %s", action, where, apiErr.ErrorCode())
	case errors.As(err, &ne) || errors.As(err, &quota):
		w.Code = codeUnreachable
		w.Message = fmt.Sprintf("%s in %s: AWS unreachable; its results are missing", action, where)
	default:
		w.Code = codeError
		w.Message = fmt.Sprintf("%s in %s failed", action, where)
	}
	return w
}

// errorCode is the sgmap error code of a warning: EFORBIDDEN for denied
// calls and rejected credentials, EUNAVAILABLE for everything else.
func errorCode(w sgmap.Warning) string {
	if slices.Contains(deniedCodes, w.Code) || (w.Service == "sts" && slices.Contains(regionCodes, w.Code)) {
		return sgmap.EFORBIDDEN
	}
	return sgmap.EUNAVAILABLE
}

// isRegionWarning reports whether w says a region is not enabled.
func isRegionWarning(w sgmap.Warning) bool { return slices.Contains(regionCodes, w.Code) }

// collapseRegion keeps one "region not enabled" warning per account and
// region instead of one per API, and one of identical warnings (a call
// made once per resource, such as EFS's per mount target, denied each
// time).
func collapseRegion(ws []sgmap.Warning) []sgmap.Warning {
	seen := map[string]bool{}
	same := map[sgmap.Warning]bool{}
	return slices.DeleteFunc(ws, func(w sgmap.Warning) bool {
		if same[w] {
			return true
		}
		same[w] = true
		if !isRegionWarning(w) {
			return false
		}
		k := w.AccountID + "/" + w.Region
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}
