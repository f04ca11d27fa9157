#!/bin/sh
# Draws `render -format mermaid` of the demos, the overlap and hostile
# snapshots and two large-demo maps with npm's @mermaid-js/mermaid-cli in
# headless Chromium (docs/exports.md). The same test runs in scripts/test.sh;
# this runs it alone. It installs mermaid-cli once into the user cache
# folder (SGMAP_TEST_CACHE overrides it) and needs node, npm and chromium.
set -eu
cd "$(dirname "$0")/.."
exec go test -count=1 -run 'TestMermaid_RendersWithMermaidCLI' -v ./cmd/sgmap
