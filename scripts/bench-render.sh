#!/usr/bin/env bash
# bench-render.sh times go-graphviz against a native `dot -Tsvg` on the same
# DOT: the article demo and the overview of the large demo's largest VPC.
#
# Both sides are timed as whole processes with hyperfine (median of RUNS):
#   native       dot -Tsvg FILE
#   go-graphviz  the render package's test binary as a Pool worker
#                (SGMAP_RENDER_TEST_WORKER=render): go-graphviz init from its
#                warm compilation cache, parse, size guard, layout, SVG,
#                edge-count check; i.e. exactly what one Pool render costs.
# Then the in-process benchmark (BenchmarkRender, mean per render) for the
# CLI's path. Results go in docs/performance.md, "Rendering".
#
# Usage: scripts/bench-render.sh            (RUNS=5 by default; the large in-process benchmark runs RUNS times too)
#        RUNS=10 scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

command -v dot >/dev/null || { echo "bench-render: native dot not found (apt-get install -y graphviz)" >&2; exit 1; }
if ! command -v hyperfine >/dev/null; then
	echo "bench-render: installing hyperfine" >&2
	apt-get install -y hyperfine >/dev/null
fi

go test ./graph/render -run '^TestWriteBenchDOT$' -write-dot "$dir" >/dev/null
go test -c -o "$dir/render.test" ./graph/render
echo "native: $(dot -V 2>&1); go-graphviz: $(go list -m -f '{{.Version}}' github.com/goccy/go-graphviz) (Graphviz 12.1.2)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for name in article medium large; do
	dotfile="$dir/$name.dot"
	[ -s "$dotfile" ] || { echo "bench-render: no $name DOT (large demo not built out?)" >&2; continue; }
	echo
	echo "== $name: $(wc -c <"$dotfile") bytes of DOT"
	# Debian's dot 2.43 exits 1 when it loses edges ("trouble in init_rank");
	# time it anyway, but say so.
	if ! dot -Tsvg "$dotfile" -o /dev/null 2>"$dir/$name.native.err"; then
		echo "note: native dot FAILED on $name: $(grep -m1 -E 'Error|lost' "$dir/$name.native.err" || true)"
	fi
	hyperfine --ignore-failure --warmup 0 --runs "$runs" --export-json "$dir/$name.json" --style basic \
		-n native "dot -Tsvg $dotfile -o $dir/$name.native.svg" \
		-n go-graphviz "sh -c 'SGMAP_RENDER_TEST_WORKER=render $dir/render.test <$dotfile >$dir/$name.wasm.svg'"
	# Wall-clock medians, plus mean CPU time (user+system), which is the
	# fairer ratio when other jobs share the cores.
	jq -r '
		(.results | map({(.command): .}) | add) as $r
		| ($r.native.median) as $nw | ($r["go-graphviz"].median) as $gw
		| ($r.native.user + $r.native.system) as $nc | ($r["go-graphviz"].user + $r["go-graphviz"].system) as $gc
		| "median wall: native \($nw * 1000 | floor) ms, go-graphviz \($gw * 1000 | floor) ms, ratio \($gw / $nw * 100 | round / 100)x\n"
		+ "mean CPU:    native \($nc * 1000 | floor) ms, go-graphviz \($gc * 1000 | floor) ms, ratio \($gc / $nc * 100 | round / 100)x"
	' "$dir/$name.json"
done

echo
echo "== in-process go-graphviz (BenchmarkRender, mean of ${runs} renders)"
go test ./graph/render -run '^$' -bench '^BenchmarkRender$' -benchtime "${runs}x" | grep '^Benchmark'
