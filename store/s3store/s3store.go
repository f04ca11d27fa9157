// Package s3store is the S3 [store.Backend]: `-data s3://bucket/prefix`
// keeps every object of the store under prefix/ in the bucket, through
// aws-sdk-go-v2's S3 client with the SDK's default credential chain and
// region (AWS_REGION, AWS_PROFILE, a task or instance role, …).
//
// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL aims it at an S3-compatible
// server instead of AWS; requests then use path-style addressing
// (endpoint/bucket/key), which such servers expect. docs/deploy.md says
// which permissions the bucket needs and which server the tests use.
//
// Conditional writes make Put a compare-and-swap: [store.Cond.IfAbsent] is
// `If-None-Match: *` and [store.Cond.IfVersion] is `If-Match: <ETag>`; the
// object's version is its ETag. Both are supported by AWS S3 since 2024.
package s3store

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// Backend is a [store.Backend] over one bucket and prefix. It is safe for
// concurrent use, and several processes may share the bucket.
type Backend struct {
	client   *s3.Client
	bucket   string
	prefix   string // "" or ending in "/"
	pageSize int32  // MaxKeys of a listing page; 0: the server's (1000 on AWS)
}

var _ store.Backend = (*Backend)(nil)

// opTimeout bounds one operation (with its retries) when the caller's
// context has no earlier deadline, so a stalled connection cannot hang a
// save or a listing forever.
const opTimeout = 2 * time.Minute

// Option configures [New].
type Option func(*settings)

type settings struct {
	s3opts   []func(*s3.Options)
	pageSize int32
}

// WithS3Options adds a function that adjusts the S3 client's options after
// the default configuration is loaded (tests set credentials this way).
func WithS3Options(fn func(*s3.Options)) Option {
	return func(s *settings) { s.s3opts = append(s.s3opts, fn) }
}

// WithPageSize sets how many keys one listing request asks for (S3's
// MaxKeys, at most 1000), so tests can exercise pagination cheaply.
func WithPageSize(n int32) Option {
	return func(s *settings) { s.pageSize = n }
}

// New returns the backend for an s3://bucket/prefix URL. It loads the
// SDK's default configuration and checks that the bucket can be listed,
// so a missing bucket, a wrong region or denied access is
// reported at start with a message that says what to fix.
func New(ctx context.Context, rawURL string, opts ...Option) (*Backend, error) {
	bucket, prefix, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var set settings
	for _, o := range opts {
		o(&set)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("s3 store %s: load AWS configuration: %w", rawURL, err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if o.BaseEndpoint != nil {
			// An S3-compatible server: bucket in the path, not the host.
			o.UsePathStyle = true
		}
		// An object without a checksum (put by another tool) is read as it
		// is; the SDK would say so on standard error, outside sgmap's log.
		o.DisableLogOutputChecksumValidationSkipped = true
		for _, fn := range set.s3opts {
			fn(o)
		}
	})
	if err := checkConfig(ctx, rawURL, client.Options()); err != nil {
		return nil, err
	}
	b := &Backend{client: client, bucket: bucket, prefix: prefix, pageSize: set.pageSize}
	if err := b.check(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// checkConfig says in one line what is missing when the default
// configuration has no region or no credentials, instead of the SDK's
// endpoint-rule error or its chain of every credential provider it tried.
func checkConfig(ctx context.Context, rawURL string, cfg s3.Options) error {
	if cfg.Region == "" {
		return sgmap.Errorf(sgmap.EINVALID, "s3 store %s: no AWS region: set AWS_REGION to the bucket's region (or a profile's region)", rawURL)
	}
	if cfg.Credentials == nil {
		return nil
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil && ctx.Err() == nil {
		return &s3Error{sgmap.Errorf(sgmap.EUNAVAILABLE, "s3 store %s: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance or task role", rawURL), ErrAccessDenied, err}
	}
	return nil
}

// ParseURL splits s3://bucket/prefix into the bucket and the key prefix
// ("" or ending in "/"). The bucket must be a valid S3 bucket name; the
// prefix is made of the characters store names use.
func ParseURL(raw string) (bucket, prefix string, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Opaque != "" {
		return "", "", sgmap.Errorf(sgmap.EINVALID, "%q is not an S3 URL: write s3://bucket/prefix", raw)
	}
	if u.User != nil || u.Port() != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", "", sgmap.Errorf(sgmap.EINVALID, "S3 URL %q: only s3://bucket/prefix is allowed (no user, port, query or fragment)", raw)
	}
	bucket = u.Host
	if bucket == "" {
		return "", "", sgmap.Errorf(sgmap.EINVALID, "S3 URL %q has no bucket: write s3://bucket/prefix", raw)
	}
	if !validBucket(bucket) {
		return "", "", sgmap.Errorf(sgmap.EINVALID, "S3 URL %q: %q is not a bucket name (3-63 lower-case letters, digits, '.' and '-')", raw, bucket)
	}
	prefix = strings.Trim(u.Path, "/")
	if prefix != "" {
		if !store.ValidName(prefix) {
			return "", "", sgmap.Errorf(sgmap.EINVALID, "S3 URL %q: the prefix may only hold letters, digits and ._-/ (no empty or .. segments)", raw)
		}
		prefix += "/"
	}
	return bucket, prefix, nil
}

// validBucket reports whether name follows S3's bucket naming rules (the
// subset that matters for a URL: length, characters, ends).
func validBucket(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	end := func(c byte) bool { return c == '.' || c == '-' }
	return !end(name[0]) && !end(name[len(name)-1]) && !strings.Contains(name, "..")
}

// String returns the backend's s3:// URL.
func (b *Backend) String() string {
	if b.prefix == "" {
		return "s3://" + b.bucket
	}
	return "s3://" + b.bucket + "/" + strings.TrimSuffix(b.prefix, "/")
}

// key is the S3 key of a store name.
func (b *Backend) key(name string) string { return b.prefix + name }

// check lists one key of the prefix: the cheapest request that proves the
// bucket exists, the region is right, the credentials are accepted and
// may list. (HeadBucket would do, but its answers have no body, so no
// error code to tell a wrong secret from a denied action.)
func (b *Backend) check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	_, err := b.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b.bucket),
		Prefix: aws.String(b.prefix), MaxKeys: aws.Int32(1)})
	return b.fail("open", "", err)
}
