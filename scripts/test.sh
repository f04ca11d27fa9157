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

echo "== go test, without -race: the tests -race makes meaningless or too slow"
# The server's memory test counts heap growth over ~100 render-worker
# processes, and the large demo's SVG structure check lays out 2,773 edges:
# both skip under -race, so they run here; so do the render flood (whose
# first audit outlasts its clients under -race) and the readability checks
# of the large demo, of its application overviews and of the maps of a
# ten-times account; the hostile-parse allocation bar (-race inflates
# allocations) and mermaid-cli drawing the Mermaid outputs.
out=$(SGMAP_TEST_LARGE=1 go test -count=1 -timeout 10m -run 'TestRender_LargeOverview|TestReadable_LargeScale10|TestReadable_MeasuresFailures|TestReadable_AppOverviews|TestMemoryBounded|TestRenderFlood_Bounded|TestParseSnapshot_HostileUnder10x|TestMermaid_RendersWithMermaidCLI' -v . ./graph/render ./server ./cmd/sgmap 2>&1) || {
  echo "$out"
  exit 1
}
echo "$out" | grep -E '^(--- |ok|FAIL)'
for t in TestRender_LargeOverview TestReadable_LargeScale10 TestReadable_MeasuresFailures TestReadable_AppOverviews TestMemoryBounded TestRenderFlood_Bounded TestParseSnapshot_HostileUnder10x TestMermaid_RendersWithMermaidCLI; do
  echo "$out" | grep -q -- "--- PASS: $t " || { echo "$t did not run and pass" >&2; exit 1; }
done
