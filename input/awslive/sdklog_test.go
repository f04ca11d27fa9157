package awslive

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/smithy-go/logging"
)

// TestLoadConfig_SDKLogsThroughSlog: the SDK's own warnings ("falling back
// to IMDSv1") come out in sgmap's log format, at debug level.
func TestLoadConfig_SDKLogsThroughSlog(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg, err := LoadConfig(t.Context(), "", "eu-west-1", log)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Logf(logging.Warn, "falling back to IMDSv1: %s", "403")
	out := buf.String()
	if !strings.Contains(out, `"msg":"aws sdk"`) || !strings.Contains(out, `"detail":"falling back to IMDSv1: 403"`) ||
		!strings.Contains(out, `"sdk_level":"WARN"`) || !strings.Contains(out, `"level":"DEBUG"`) {
		t.Errorf("SDK log line did not go through slog as debug: %q", out)
	}
}
