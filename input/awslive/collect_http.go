package awslive

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
)

// limitedClient bounds the HTTP requests in flight (per account and
// region, and overall), gives each attempt a timeout and counts attempts.
// Doing it at the HTTP layer means retries queue like any other request.
type limitedClient struct {
	next    aws.HTTPClient
	region  chan struct{} // nil = no per-region bound
	global  chan struct{}
	timeout time.Duration
	stats   *counter
}

func (r *run) httpClient(next aws.HTTPClient, region chan struct{}) *limitedClient {
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	return &limitedClient{next: next, region: region, global: r.global, timeout: r.c.opt.CallTimeout, stats: r.stats}
}

// Do implements aws.HTTPClient.
func (h *limitedClient) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if h.region != nil {
		select {
		case h.region <- struct{}{}:
			defer func() { <-h.region }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	select {
	case h.global <- struct{}{}:
		defer func() { <-h.global }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.stats.attempt()
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	resp, err := h.next.Do(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody releases the attempt's timeout once the body is read.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and ends the attempt's timeout.
func (b *cancelBody) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}

// instrument counts each API call (once, however many retries it takes)
// and logs it at Debug.
func (r *run) instrument(api, account, region string) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Initialize.Add(middleware.InitializeMiddlewareFunc("sgmapCallLog",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				op := middleware.GetOperationName(ctx)
				start := time.Now()
				out, md, err := next.HandleInitialize(ctx, in)
				// STS calls only open accounts: they do not count as
				// something collected.
				r.stats.call(iamPrefix[api]+":"+op, err == nil && api != "sts")
				r.c.log.Debug("aws call", "service", api, "operation", op, "account", account, "region", region,
					"duration", time.Since(start), "error", err)
				return out, md, err
			}), middleware.After)
	}
}
