package awslive

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"

	"github.com/sgmap/sgmap"
)

// sdkLogger sends the SDK's own log lines ("falling back to IMDSv1", clock
// skew, …) through sgmap's slog logger, in its format, instead of the SDK's
// "SDK <date> WARN …" lines on stderr. They are about the SDK's internals,
// not about what sgmap collects, so they are logged at debug level with the
// SDK's classification as an attribute (-log-level debug shows them).
type sdkLogger struct{ log *slog.Logger }

// Logf implements logging.Logger.
func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	l.log.Debug("aws sdk", "sdk_level", string(c), "detail", fmt.Sprintf(format, v...))
}

// WithContext implements logging.ContextLogger.
func (l sdkLogger) WithContext(context.Context) logging.Logger { return l }

// checkCredentials resolves cfg's credentials before the first call, so
// that having none is one message saying what to set — like the AWS CLI's
// "Unable to locate credentials" — instead of the SDK's error chain through
// every provider it tried. The chain is logged at debug level.
func checkCredentials(ctx context.Context, cfg aws.Config, log *slog.Logger) error {
	if cfg.Credentials == nil {
		return nil // anonymous: the calls will say what they think of it
	}
	_, err := cfg.Credentials.Retrieve(ctx)
	if err == nil || ctx.Err() != nil {
		return nil
	}
	log.Debug("aws credentials not found", "error", err)
	msg := "Unable to locate AWS credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
		"or name a profile with -profile or AWS_PROFILE (create one with 'aws configure'; for SSO run 'aws sso login --profile NAME' first), " +
		"or run where an instance or container role is available"
	if e := err.Error(); !strings.Contains(e, "IMDS") {
		// Not the chain running dry: a profile that is there but broken
		// (an expired SSO token, a bad credential_process) says why.
		msg += fmt.Sprintf(" (the configured credentials failed: %s)", clipErr(e))
	}
	return sgmap.Errorf(sgmap.EFORBIDDEN, "%s", msg)
}

// clipErr keeps the last, most specific part of an SDK error chain.
func clipErr(e string) string {
	if i := strings.LastIndex(e, ", "); i >= 0 && len(e)-i > 20 {
		e = e[i+2:]
	}
	if len(e) > 200 {
		e = e[:200] + "…"
	}
	return e
}
