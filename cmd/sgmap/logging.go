package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"
)

type logFlags struct {
	format string
	level  string
}

func registerLogFlags(fs *flag.FlagSet, e env) *logFlags {
	lf := &logFlags{}
	fs.StringVar(&lf.format, "log-format", envOr(e, "SGMAP_LOG_FORMAT", "text"), "log `format`: text or json (env SGMAP_LOG_FORMAT)")
	fs.StringVar(&lf.level, "log-level", envOr(e, "SGMAP_LOG_LEVEL", "info"), "log `level`: debug, info, warn or error (env SGMAP_LOG_LEVEL)")
	return lf
}

// logger builds the one logger a command passes down explicitly.
func (lf *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(lf.level)); err != nil {
		return nil, usagef("-log-level (or SGMAP_LOG_LEVEL) must be debug, info, warn or error, not %q", lf.level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(lf.format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("-log-format (or SGMAP_LOG_FORMAT) must be text or json, not %q", lf.format)
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}
