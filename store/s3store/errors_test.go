package s3store_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/internal/s3test"
	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/s3store"
)

// withCredentials replaces the environment's credentials.
func withCredentials(access, secret string) s3store.Option {
	return s3store.WithS3Options(func(o *s3.Options) {
		o.Credentials = credentials.NewStaticCredentialsProvider(access, secret, "")
	})
}

func TestNew_WrongSecret(t *testing.T) {
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	_, err := s3store.New(s3test.Context(t), "s3://"+bucket+"/p", withCredentials(s3test.Access, "not-the-secret"))
	if !errors.Is(err, s3store.ErrAccessDenied) {
		t.Fatalf("New with a wrong secret: %v, want ErrAccessDenied", err)
	}
	msg := sgmap.ErrorMessage(err)
	for _, want := range []string{"s3://" + bucket + "/p", "credentials were rejected", "AWS_SECRET_ACCESS_KEY"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if sgmap.ErrorCode(err) != sgmap.EUNAVAILABLE {
		t.Errorf("code %q, want %q (the store failed, not the client)", sgmap.ErrorCode(err), sgmap.EUNAVAILABLE)
	}
}

func TestNew_UnknownAccessKey(t *testing.T) {
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	_, err := s3store.New(s3test.Context(t), "s3://"+bucket, withCredentials("nobody", "whatever"))
	if !errors.Is(err, s3store.ErrAccessDenied) || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Fatalf("New with an unknown access key: %v, want ErrAccessDenied naming AWS_ACCESS_KEY_ID", err)
	}
}

// TestOps_RejectedCredentials: every operation, not only New, says the
// credentials were rejected.
func TestOps_RejectedCredentials(t *testing.T) {
	good, bucket := newBackend(t, "p")
	ctx := s3test.Context(t)
	if _, err := good.Put(ctx, "a", []byte("a"), store.Cond{}); err != nil {
		t.Fatal(err)
	}
	// New checks the bucket with the good credentials; the bad ones come
	// after, as when a key is deleted under a running process.
	creds := &flipping{}
	bad := openBackend(t, "s3://"+bucket+"/p", s3store.WithS3Options(func(o *s3.Options) {
		o.Credentials = creds
	}))
	creds.deleted.Store(true)
	checks := map[string]error{}
	_, _, checks["get"] = bad.Get(ctx, "a", 10)
	_, checks["put"] = bad.Put(ctx, "b", []byte("b"), store.Cond{IfAbsent: true})
	_, checks["list"] = bad.List(ctx, "")
	checks["delete"] = bad.Delete(ctx, "a")
	for op, err := range checks {
		if !errors.Is(err, s3store.ErrAccessDenied) || errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "s3 "+op) {
			t.Errorf("%s with a deleted access key: %v", op, err)
		}
	}
}

func TestNew_MissingBucket(t *testing.T) {
	s3test.Need(t, srv)
	_, err := s3store.New(s3test.Context(t), "s3://no-such-bucket-sgmap/p")
	if !errors.Is(err, s3store.ErrNoBucket) || !strings.Contains(err.Error(), "the bucket no-such-bucket-sgmap does not exist") {
		t.Fatalf("New on a missing bucket: %v", err)
	}
}

func TestNew_BadURL(t *testing.T) {
	_, err := s3store.New(t.Context(), "s3:///p")
	if sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Fatalf("New(s3:///p) = %v, want an invalid-input error", err)
	}
}

// flipping gives the good credentials until deleted is set, then an
// unknown access key. (Not the same key with another secret: the SigV4
// signer caches the signing key it derived for an access key.)
type flipping struct{ deleted atomic.Bool }

func (f *flipping) Retrieve(context.Context) (aws.Credentials, error) {
	if f.deleted.Load() {
		return aws.Credentials{AccessKeyID: "deleted-key", SecretAccessKey: "x"}, nil
	}
	return aws.Credentials{AccessKeyID: s3test.Access, SecretAccessKey: s3test.Secret}, nil
}

func TestNew_WrongRegion(t *testing.T) {
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	_, err := s3store.New(s3test.Context(t), "s3://"+bucket, s3store.WithS3Options(func(o *s3.Options) {
		o.Region = "eu-west-3"
	}))
	if !errors.Is(err, s3store.ErrWrongRegion) || !strings.Contains(sgmap.ErrorMessage(err), "not in region eu-west-3: it is in us-east-1 (set AWS_REGION=us-east-1)") {
		t.Fatalf("New in the wrong region: %v, want ErrWrongRegion", err)
	}
}

// TestNew_NoRegionNoCredentials: what is missing from the configuration is
// said in one line, before any request.
func TestNew_NoRegionNoCredentials(t *testing.T) {
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	_, err := s3store.New(s3test.Context(t), "s3://"+bucket)
	if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(sgmap.ErrorMessage(err), "no AWS region: set AWS_REGION") {
		t.Errorf("New without a region: %v", err)
	}
	t.Setenv("AWS_REGION", s3test.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	_, err = s3store.New(s3test.Context(t), "s3://"+bucket)
	if !errors.Is(err, s3store.ErrAccessDenied) || !strings.Contains(sgmap.ErrorMessage(err), "no AWS credentials: set AWS_ACCESS_KEY_ID") {
		t.Errorf("New without credentials: %v", err)
	}
}

// TestNew_AccessDenied: valid credentials of a user who may not use the
// bucket get the message naming the actions the store needs.
func TestNew_AccessDenied(t *testing.T) {
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	srv.User(t, "outsider", "outsider-secret-1234")
	_, err := s3store.New(s3test.Context(t), "s3://"+bucket+"/p", withCredentials("outsider", "outsider-secret-1234"))
	if !errors.Is(err, s3store.ErrAccessDenied) || sgmap.ErrorCode(err) != sgmap.EUNAVAILABLE {
		t.Fatalf("New as a user without access: %v, want ErrAccessDenied", err)
	}
	msg := sgmap.ErrorMessage(err)
	for _, want := range []string{"access denied", "s3:DeleteObject, s3:GetObject, s3:ListBucket, s3:PutObject", "docs/deploy.md"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

// TestNew_Unreachable: an endpoint where nothing listens is one message
// saying S3 did not answer, an unavailable store.
func TestNew_Unreachable(t *testing.T) {
	s3test.Need(t, srv)
	_, err := s3store.New(s3test.Context(t), "s3://some-bucket/p", s3store.WithS3Options(func(o *s3.Options) {
		o.BaseEndpoint = aws.String("http://127.0.0.1:1")
		o.RetryMaxAttempts = 1
	}))
	if !errors.Is(err, s3store.ErrUnavailable) || sgmap.ErrorCode(err) != sgmap.EUNAVAILABLE ||
		!strings.Contains(sgmap.ErrorMessage(err), "S3 did not answer") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("New on a closed port: %v", err)
	}
}
