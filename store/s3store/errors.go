package s3store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// ErrAccessDenied is in the chain of an operation that S3 refused for the
// credentials: denied by a policy, an unknown access key or a wrong secret.
var ErrAccessDenied = errors.New("s3 access denied")

// ErrNoBucket is in the chain of an operation on a bucket that does not
// exist.
var ErrNoBucket = errors.New("s3 bucket not found")

// ErrWrongRegion is in the chain of an operation sent to another region
// than the bucket's.
var ErrWrongRegion = errors.New("s3 bucket in another region")

// Actions are the IAM actions the S3 store calls: ListObjectsV2 on the
// bucket, the others on its objects under the prefix. The deployment files
// grant exactly these (cmd/sgmap's TestDeploy_StorePolicy checks).
var Actions = []string{"s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"}

// ErrUnavailable is in the chain of an operation S3 did not answer (the
// network, a timeout) or failed on its side (a 5xx).
var ErrUnavailable = errors.New("s3 unavailable")

// s3Error is a failed operation with a message for users, a sentinel for
// callers to test and the SDK's error.
type s3Error struct {
	msg      *sgmap.Error
	sentinel error
	cause    error
}

// Error is the message and S3's own words, without the SDK's chain of
// operation, status and request ids.
func (e *s3Error) Error() string {
	var api smithy.APIError
	if errors.As(e.cause, &api) && api.ErrorMessage() != "" {
		return e.msg.Message + ": " + api.ErrorMessage()
	}
	return e.msg.Message + ": " + e.cause.Error()
}
func (e *s3Error) Unwrap() []error { return []error{e.msg, e.sentinel, e.cause} }

// where names an object for messages: its s3:// URL.
func (b *Backend) where(name string) string {
	if name == "" {
		return b.String()
	}
	return "s3://" + b.bucket + "/" + b.key(name)
}

// fail classifies an SDK error of op on name once, for every operation:
// a missing object or a failed condition wraps the [store] sentinels, and
// denied access, a missing bucket, a wrong region and an S3 that does not
// answer say what to fix. Those are [sgmap.EUNAVAILABLE], as for a folder
// that cannot be written (the dashboard answers 503): the store failed,
// not the client. Other errors are wrapped as they are.
func (b *Backend) fail(op, name string, err error) error {
	if err == nil {
		return nil
	}
	where := b.where(name)
	code, status := apiCode(err), httpStatus(err)
	mk := func(sentinel error, ecode, format string, args ...any) error {
		return &s3Error{sgmap.Errorf(ecode, format, args...), sentinel, err}
	}
	switch {
	case op == "put" && (code == "PreconditionFailed" || code == "ConditionalRequestConflict" ||
		status == http.StatusPreconditionFailed):
		return fmt.Errorf("s3 %s %s: another writer changed it: %w", op, where, store.ErrPrecondition)
	case rejectedCodes[code]:
		return mk(ErrAccessDenied, sgmap.EUNAVAILABLE, "s3 %s %s: the credentials were rejected (%s: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the profile or the role)", op, where, code)
	case code == "NoSuchBucket" || (op == "open" || op == "list") && isNotFound(err):
		return mk(ErrNoBucket, sgmap.EUNAVAILABLE, "s3 %s %s: the bucket %s does not exist (create it, or fix -data)", op, where, b.bucket)
	case isNotFound(err):
		return fmt.Errorf("s3 %s %s: %w", op, where, store.ErrNotFound)
	case code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || code == "IllegalLocationConstraintException" ||
		status == http.StatusMovedPermanently:
		return mk(ErrWrongRegion, sgmap.EUNAVAILABLE, "s3 %s %s: the bucket is not in region %s%s", op, where, b.client.Options().Region, regionHint(err))
	case code == "AccessDenied" || code == "Forbidden" || status == http.StatusForbidden:
		return mk(ErrAccessDenied, sgmap.EUNAVAILABLE, "s3 %s %s: access denied (check the credentials, and that they may use %s on the bucket; see docs/deploy.md)", op, where, strings.Join(Actions, ", "))
	case status == 0 && ctxErr(err) == nil || status >= 500:
		return mk(ErrUnavailable, sgmap.EUNAVAILABLE, "s3 %s %s: S3 did not answer or failed (try again)", op, where)
	}
	return fmt.Errorf("s3 %s %s: %w", op, where, err)
}

// ctxErr is the context error in err's chain, if any: the caller gave up,
// which is not S3's failure.
func ctxErr(err error) error {
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, target) {
			return target
		}
	}
	return nil
}

// rejectedCodes are the error codes of credentials S3 does not accept.
// XAdminUserNotFound is versitygw's answer (a 404) for an unknown access
// key, where AWS answers InvalidAccessKeyId (a 403).
var rejectedCodes = map[string]bool{
	"InvalidAccessKeyId": true, "SignatureDoesNotMatch": true, "XAdminUserNotFound": true,
	"ExpiredToken": true, "InvalidToken": true, "TokenRefreshRequired": true,
}

// isNotFound reports whether err is S3's answer for a missing key (or,
// from a HEAD, which has no body, a missing bucket).
func isNotFound(err error) bool {
	switch c := apiCode(err); c {
	case "NoSuchKey", "NotFound":
		return true
	case "":
		return httpStatus(err) == http.StatusNotFound
	}
	return false
}

// apiCode is the S3 error code of err ("" when it is no API error).
func apiCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// httpStatus is the HTTP status of S3's answer (0 when there was none).
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// expecting finds the right region in an AuthorizationHeaderMalformed
// message: `the region 'us-east-1' is wrong; expecting 'eu-west-1'`.
var expecting = regexp.MustCompile(`expecting ['"]([a-z0-9-]+)['"]`)

// regionHint names the bucket's region from S3's x-amz-bucket-region
// header, which redirects carry, or from the error message.
func regionHint(err error) string {
	var r string
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		r = re.Response.Header.Get("X-Amz-Bucket-Region")
	}
	var api smithy.APIError
	if r == "" && errors.As(err, &api) {
		if m := expecting.FindStringSubmatch(api.ErrorMessage()); m != nil {
			r = m[1]
		}
	}
	if r == "" {
		return " (set AWS_REGION to the bucket's region)"
	}
	return fmt.Sprintf(": it is in %s (set AWS_REGION=%s)", r, r)
}
