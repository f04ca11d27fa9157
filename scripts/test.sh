#!/usr/bin/env bash
# Runs every sgmap test, browser tests included: the README's test command and
# what CI runs (.ci/run). It installs what the tests need (Chromium, Graphviz)
# through scripts/install-test-deps.sh, or says exactly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go') 2>&1 || true)
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
# -count=1: never report a cached pass for tests that depend on installed tools.
go test -race -count=1 -timeout 30m ./...
