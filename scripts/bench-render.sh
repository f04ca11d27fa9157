#!/usr/bin/env bash
# bench-render.sh times go-graphviz against a native `dot -Tsvg` on the same
# DOT: the article demo's overview, the overview of the large demo's
# smallest VPC (shared-services, ~1.3k ENIs: "medium") and of its largest
# (production, 4k ENIs: "large").
#
# Both sides run as whole processes, INTERLEAVED (native, go-graphviz,
# native, …) so that load from other jobs hits both alike; the script prints
# the median wall time and median CPU time (user+system) of each, and their
# ratios. CPU is the fairer ratio on a shared box.
#   native       dot -Tsvg FILE
#   go-graphviz  the render package's test binary as a Pool worker
#                (SGMAP_RENDER_TEST_WORKER=render): go-graphviz init from its
#                warm compilation cache, parse, size guard, layout, SVG,
#                edge-count check, font stack; exactly what one Pool render
#                costs, and what `sgmap render` costs after its own start.
# Then the in-process benchmark (BenchmarkRender, mean per render) for the
# CLI's path. Results go in docs/performance.md, "Rendering".
#
# Usage: scripts/bench-render.sh            (RUNS=5 by default)
#        RUNS=9 scripts/bench-render.sh
#        NAMES="medium large" scripts/bench-render.sh
#        INPROC=0 scripts/bench-render.sh   (skip the in-process benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
names=${NAMES:-article medium large}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

command -v dot >/dev/null || { echo "bench-render: native dot not found (apt-get install -y graphviz)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-render: /usr/bin/time not found (apt-get install -y time)" >&2; exit 1; }

go test ./graph/render -run '^TestWriteBenchDOT$' -write-dot "$dir" >/dev/null
go test -c -o "$dir/render.test" ./graph/render
echo "native: $(dot -V 2>&1); go-graphviz: $(go list -m -f '{{.Version}}' github.com/goccy/go-graphviz) (Graphviz 12.1.2)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# One untimed worker run warms go-graphviz's compilation cache.
SGMAP_RENDER_TEST_WORKER=render "$dir/render.test" <"$dir/article.dot" >/dev/null

# timeit LABEL CMD...: appends "wall cpu" (seconds) to $dir/LABEL.times.
timeit() {
	local label=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$dir/t" "$@" || true
	awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$dir/t" >>"$dir/$label.times"
}

# median COLUMN FILE
median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for name in $names; do
	dotfile="$dir/$name.dot"
	[ -s "$dotfile" ] || { echo "bench-render: no $name DOT" >&2; continue; }
	echo
	echo "== $name: $(wc -c <"$dotfile") bytes of DOT, $runs runs each, interleaved"
	# Debian's dot 2.43 exits 1 when it loses edges ("trouble in init_rank");
	# time it anyway, but say so.
	if ! dot -Tsvg "$dotfile" -o /dev/null 2>"$dir/$name.native.err"; then
		echo "note: native dot FAILED on $name: $(grep -m1 -E 'Error|lost' "$dir/$name.native.err" || true)"
	fi
	for _ in $(seq "$runs"); do
		timeit "$name.native" dot -Tsvg "$dotfile" -o "$dir/$name.native.svg"
		timeit "$name.wasm" sh -c "SGMAP_RENDER_TEST_WORKER=render $dir/render.test <$dotfile >$dir/$name.wasm.svg"
	done
	nw=$(median 1 "$dir/$name.native.times") nc=$(median 2 "$dir/$name.native.times")
	gw=$(median 1 "$dir/$name.wasm.times") gc=$(median 2 "$dir/$name.wasm.times")
	awk -v nw="$nw" -v nc="$nc" -v gw="$gw" -v gc="$gc" 'BEGIN {
		printf "median wall: native %d ms, go-graphviz %d ms, ratio %.2fx\n", nw * 1000, gw * 1000, gw / nw
		printf "median CPU:  native %d ms, go-graphviz %d ms, ratio %.2fx\n", nc * 1000, gc * 1000, gc / nc
	}'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "${INPROC:-1}" = 0 ] && exit 0
echo
echo "== in-process go-graphviz (BenchmarkRender, mean of ${runs} renders)"
go test ./graph/render -run '^$' -bench '^BenchmarkRender$' -benchtime "${runs}x" | grep '^Benchmark'
