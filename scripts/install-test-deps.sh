#!/usr/bin/env bash
# Installs what sgmap's tests need beyond Go: Chromium (browser tests in
# server/browser_*_test.go) and Graphviz's native `dot` (render benchmarks
# compare against it; the tests that need it skip without it), and poppler's
# pdftotext (graph/paint's PDF tests read the PDFs sgmap writes with it),
# and node and npm (cmd/sgmap's Mermaid test draws `render -format mermaid`
# with npm's @mermaid-js/mermaid-cli in that Chromium, docs/exports.md).
#
# It also builds versitygw, the S3-compatible server the S3 store's tests
# run (internal/s3test; docs/deploy.md says why this one), with
# `go install` into $(go env GOPATH)/bin, where the tests look for it.
#
# Idempotent: does nothing when both are present. As root on a Debian or
# Ubuntu system it installs what is missing with apt-get; otherwise it
# prints exactly which packages are missing and how to install them.
# Exits 0 unless CI=true and something is still missing (CI must run the
# browser tests, never skip them).
set -uo pipefail

missing_pkgs=()
missing_what=()

# versitygw: the release internal/s3test names. Rebuilt only when the
# binary is missing or another version (go version -m reads its module).
versitygw_mod=github.com/versity/versitygw/cmd/versitygw
versitygw_version=v1.8.0
install_versitygw() {
  local bin
  bin="$(go env GOPATH | cut -d: -f1)/bin/versitygw"
  if [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -q "mod[[:space:]]*github.com/versity/versitygw[[:space:]]*$versitygw_version"; then
    echo "test dependencies: versitygw $versitygw_version is installed ($bin)"
    return 0
  fi
  echo "test dependencies: building versitygw $versitygw_version into $(dirname "$bin") (a few minutes)"
  if GOBIN="$(dirname "$bin")" go install "$versitygw_mod@$versitygw_version"; then
    return 0
  fi
  echo "test dependencies: go install $versitygw_mod@$versitygw_version failed; without it the S3 store tests are skipped" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: failing, because CI must run the S3 store tests" >&2
    exit 1
  fi
}
install_versitygw

have_chromium() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
    command -v google-chrome >/dev/null 2>&1 || command -v google-chrome-stable >/dev/null 2>&1
}

check() {
  missing_pkgs=()
  missing_what=()
  if ! have_chromium; then
    missing_pkgs+=(chromium)
    missing_what+=("chromium (browser tests)")
  fi
  if ! command -v dot >/dev/null 2>&1; then
    missing_pkgs+=(graphviz)
    missing_what+=("dot from graphviz (native render comparison)")
  fi
  if ! command -v pdftotext >/dev/null 2>&1; then
    missing_pkgs+=(poppler-utils)
    missing_what+=("pdftotext from poppler-utils (PDF export tests)")
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing_pkgs+=(nodejs npm)
    missing_what+=("node and npm (Mermaid render test)")
  fi
}

check
if [ ${#missing_pkgs[@]} -eq 0 ]; then
  echo "test dependencies: chromium, dot, pdftotext, node and npm are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test dependencies: installing ${missing_pkgs[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # fonts-dejavu-core gives headless Chromium and Graphviz real glyph metrics.
  if apt-get update -q && apt-get install -y -q "${missing_pkgs[@]}" fonts-dejavu-core; then
    check
  else
    echo "test dependencies: apt-get failed" >&2
  fi
fi

if [ ${#missing_pkgs[@]} -eq 0 ]; then
  echo "test dependencies: chromium, dot, pdftotext, node and npm are installed"
  exit 0
fi

echo "test dependencies missing:" >&2
for w in "${missing_what[@]}"; do
  echo "  - $w" >&2
done
echo "install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing_pkgs[*]} fonts-dejavu-core" >&2
echo "(other systems: install Chromium or Chrome, Graphviz and poppler, Node.js and npm, so that 'chromium', 'dot', 'pdftotext', 'node' and 'npm' are on PATH)" >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: failing, because CI must run the browser tests" >&2
  exit 1
fi
echo "without them the browser tests are skipped" >&2
exit 0
