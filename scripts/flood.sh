#!/usr/bin/env bash
# Flood: issue 8's render flood against a real `sgmap serve`, the load
# coming from a separate process (scripts/soak with -flood): 800 distinct
# diagram.svg?focus=<group> requests for the large demo's production VPC at
# once, each client giving up after 1 s, while /healthz is probed every
# 20 ms. Reports the server's peak RSS (/proc), its CPU time, /healthz
# p50/p99/max and the load average. Bars: peak RSS < 400 MB, /healthz p99
# < 50 ms (docs/performance.md "Under hostile load").
#
#   scripts/flood.sh                       # 3 rounds of 800
#   FLOOD_N=200 FLOOD_ROUNDS=1 scripts/flood.sh
#   FLOOD_SERVE_ARGS="-render-workers 2" scripts/flood.sh   # compare settings
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT

go build -o "$work/sgmap" ./cmd/sgmap
go build -o "$work/soak" ./scripts/soak
"$work/sgmap" demo large > "$work/large.json"
token=$(openssl rand -hex 16)
port=$((20000 + RANDOM % 20000))
# shellcheck disable=SC2086 # FLOOD_SERVE_ARGS is a list of flags
SGMAP_TOKEN=$token "$work/sgmap" serve -addr "127.0.0.1:$port" -data "$work/data" \
  -log-level warn ${FLOOD_SERVE_ARGS:-} 2> "$work/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
SOAK_LARGE_JSON=$work/large.json "$work/soak" -url "http://127.0.0.1:$port" -token "$token" -pid "$pid" \
  -flood "${FLOOD_N:-800}" -rounds "${FLOOD_ROUNDS:-3}"
echo "server log (warnings and errors), by message:"
sed -n 's/.*msg="\{0,1\}\([^"=]*\)"\{0,1\} [a-z_]*=.*/\1/p' "$work/serve.log" | sort | uniq -c | sort -rn
