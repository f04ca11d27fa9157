#!/bin/sh
# Parses `render -format mermaid` of the test snapshots with the npm mermaid
# parser (docs/exports.md). Needs node and npm; installs into a temp folder.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/scripts/mermaid/check.mjs" "$tmp/"
(cd "$tmp" && npm install --silent mermaid@11 jsdom >/dev/null)
for n in article overlap hostile; do
	f="$root/graph/testdata/$n.snapshot.json"
	vpc=$(cd "$root" && go run ./cmd/sgmap render -snapshot "$f" -format json -view detail 2>/dev/null | sed -n 's/^  "vpc": "\(.*\)",$/\1/p' || true)
	(cd "$root" && go run ./cmd/sgmap render -snapshot "$f" -view detail -format mermaid ${vpc:+-vpc "$vpc"}) >"$tmp/$n.mmd"
done
cd "$tmp" && node check.mjs article.mmd overlap.mmd hostile.mmd
