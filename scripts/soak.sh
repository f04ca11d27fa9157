#!/usr/bin/env bash
# Soak: start `sgmap serve` (token, temporary data folder) and drive mixed
# hostile traffic at it for a bounded time (default 10 minutes): cached and
# uncached diagrams with clients giving up after 1 s, valid and 20 MiB
# pathological uploads, failed logins, slow half-open connections. Records
# RSS, open fds, goroutines and /healthz latency once a second and plots
# them into docs/soak.png. See docs/performance.md "Under hostile load".
#
#   scripts/soak.sh            # 10 minutes
#   SOAK_DURATION=2m scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${SOAK_DURATION:-10m}
out=${SOAK_OUT:-docs/soak}
plot() {
gnuplot <<GP
set terminal pngcairo size 1200,900 font ",10"
set output "$out.png"
set datafile separator ","
set key autotitle columnhead left top
set multiplot layout 3,1 title "sgmap serve under hostile load ($duration)"
set xlabel "seconds"
set ylabel "MB / count"
plot "$out.csv" using 1:2 with lines lw 2 title "RSS (MB)", "" using 1:5 with lines title "Go heap (MB)", "" using 1:9 with lines title "diagram cache (MB)"
set ylabel "count"
plot "$out.csv" using 1:3 with lines lw 2 title "open fds", "" using 1:4 with lines lw 2 title "goroutines"
set ylabel "ms"
set logscale y
plot "$out.csv" using 1:(\$6>0?\$6:0.01) with lines title "/healthz p50", "" using 1:(\$7>0?\$7:0.01) with lines lw 2 title "/healthz p99", "" using 1:(\$8>0?\$8:0.01) with lines title "/healthz max"
unset multiplot
GP
}
if [[ ${SOAK_PLOT_ONLY:-} == 1 ]]; then # re-plot an earlier run's CSV
  plot
  exit 0
fi
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/sgmap" ./cmd/sgmap
go build -o "$work/soak" ./scripts/soak
"$work/sgmap" demo large > "$work/large.json"
"$work/sgmap" demo antipattern | sed 's/"id": "demo-antipattern",//' > "$work/small.json"
token=$(openssl rand -hex 16)
port=$((20000 + RANDOM % 20000))
SGMAP_TOKEN=$token "$work/sgmap" serve -addr "127.0.0.1:$port" -data "$work/data" -max-data 64MiB \
  -log-level warn 2> "$work/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
SOAK_LARGE_JSON=$work/large.json SOAK_SMALL_JSON=$work/small.json \
  "$work/soak" -url "http://127.0.0.1:$port" -token "$token" -pid "$pid" -duration "$duration" -o "$out.csv" | tee "$out.txt"
{
  echo "server log (warnings and errors), by message:"
  sed -n 's/.*msg="\{0,1\}\([^"=]*\)"\{0,1\} [a-z_]*=.*/\1/p' "$work/serve.log" | sort | uniq -c | sort -rn
} | tee -a "$out.txt"

plot
echo "wrote $out.png, $out.csv, $out.txt"
