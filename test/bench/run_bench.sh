#!/bin/sh
# `make bench`: runs every benchmark of test/bench/ in one run, one after the other (never in
# parallel: they would time each other), each appending its result rows to its own file in a
# results directory, then renders one Markdown table from them (render_bench.py).
#   usage: test/bench/run_bench.sh BIN OUT.md   (BIN: the static build/attest-init)
#   BENCH_RUNS: runs per case (each script says how it uses it); ATTEST_SHARED: ../shared
# A benchmark that fails leaves a "failed" row naming its last error line; the table is still
# written and the run exits 1. Nothing here asserts a time: benchmarks only report.
set -u
BIN=${1:?usage: run_bench.sh BIN OUT.md}
OUT=${2:?usage: run_bench.sh BIN OUT.md}
here=$(cd "$(dirname "$0")" && pwd)
RES=$(mktemp -d)
trap 'rm -rf "$RES"' EXIT INT TERM

# The machine, before anything runs (load average is the other engineers' work as well).
{
	echo "cpu	$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "cores	$(nproc)"
	echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit	$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(test -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" || echo ' (dirty)')"
	echo "kernel	$(uname -sr)"
	echo "runs	${BENCH_RUNS:-5}"
	echo "shared	$(test -d "${ATTEST_SHARED:-../shared}/testdata" && echo present || echo absent)"
} >"$RES/machine.tsv"

failed=0
n=0
for b in eventlog jwt gate size build; do
	n=$((n + 1))
	f=$RES/$n-$b.tsv
	: >"$f"
	echo "== bench_$b.sh"
	s=$(date +%s)
	if ! BENCH_OUT=$f sh "$here/bench_$b.sh" "$BIN" 2>"$RES/$b.err"; then
		cat "$RES/$b.err" >&2
		printf 'row\tbench_%s.sh\tfailed: %s\t-\t-\t-\t-\t**no**\n' "$b" "$(tail -n 1 "$RES/$b.err")" >>"$f"
		failed=1
	else
		cat "$RES/$b.err" >&2
		# A script that skipped (a tool missing) wrote no row: say so in the table.
		grep -q '^row' "$f" || printf 'row\tbench_%s.sh\tnot measured (skipped: see make bench output)\t-\t-\t-\t-\tn/a\n' "$b" >>"$f"
	fi
	echo "== bench_$b.sh: $(($(date +%s) - s)) s"
done
echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES/machine.tsv"
if ! python3 "$here/render_bench.py" "$RES" >"$OUT.tmp"; then
	rm -f "$OUT.tmp"
	exit 1
fi
mv "$OUT.tmp" "$OUT"
echo "bench: wrote $OUT"
exit $failed
