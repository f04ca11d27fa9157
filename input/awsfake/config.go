package awsfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config returns an aws.Config aimed at the fake: the caller account's
// static credentials, the fake as BaseEndpoint for every service, and
// standard retries (3 attempts) with a 1 ms backoff so that throttling
// tests stay fast. Production code uses adaptive retries instead.
func (s *Server) Config(region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(CallerAccessKey, "SECRET", ""),
		BaseEndpoint: aws.String(s.URL),
		HTTPClient:   s.Client(),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) {
					return time.Millisecond, nil
				})
			})
		},
	}
}

// Env returns the environment (KEY=value) that makes a process using
// config.LoadDefaultConfig talk to the fake as the caller account, without
// reading ~/.aws: for end-to-end tests of cmd/sgmap. Set it with
// t.Setenv or pass it to the run function's getenv.
func (s *Server) Env(region string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + s.URL,
		"AWS_ACCESS_KEY_ID=" + CallerAccessKey,
		"AWS_SECRET_ACCESS_KEY=SECRET",
		"AWS_SESSION_TOKEN=",
		"AWS_REGION=" + region,
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_RETRY_MODE=standard",
		"AWS_MAX_ATTEMPTS=3",
	}
}
