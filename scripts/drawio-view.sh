#!/bin/sh
# Draws a .drawio file to a PNG with mxGraph, the library draw.io is built on
# (npm mxgraph 4.2.2), in headless Chromium, to look at what
# `render -format drawio` wrote (docs/exports.md). mxGraph lacks some of
# draw.io's own shapes and perimeters and draws those as boxes. Prints what
# mxGraph's codec read (cells, edges, edges without both ends, nested cells).
# Usage: scripts/drawio-view.sh IN.drawio OUT.png [WIDTH HEIGHT]
# Needs python3, node/npm and chromium; installs into a temp folder.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 IN.drawio OUT.png [WIDTH HEIGHT]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
in=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case $2 in /*) out=$2 ;; *) out=$(pwd)/$2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --silent --no-audit --no-fund mxgraph@4.2.2 >/dev/null)
python3 "$root/scripts/drawio/page.py" "$in" "$tmp/node_modules/mxgraph/javascript/mxClient.js" >"$tmp/page.html"
chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	--window-size="${3:-1600},${4:-900}" --screenshot="$out" "file://$tmp/page.html" 2>/dev/null
# What mxGraph's codec read: every cell, edges with both ends, cells inside containers.
chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --dump-dom "file://$tmp/page.html" 2>/dev/null |
	sed -n 's/.*data-read="\([^"]*\)".*/\1/p'
