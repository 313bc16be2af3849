#!/bin/sh
# Build time of the static product (issue 20), wall clock and the CPU of every process make
# waited for (GNU time):
# - cold: `make static` (as the README runs it: no -j) into a fresh, empty build directory,
#   the pinned-dependency cache (~/.cache/attest-init: third-party libraries built once)
#   already warm: i.e. every attest-init source compiled and linked, nothing third-party
#   rebuilt;
# - warm: `make static` again in that directory with nothing changed (a no-op).
# Medians over BENCH_BUILD_RUNS cold builds (1: a cold build takes both CPUs) and BENCH_RUNS
# warm ones (5). The build directory is removed afterwards. No peer and no target are set.
#   usage: test/bench/bench_build.sh [BIN]   (BIN only names the build directory whose
#   siblings are used: DIR/bench-cold is made and removed)
#   BENCH_OUT: file the result rows are appended to (tab-separated, see render_bench.py)
set -u
BIN=${1:-build/attest-init}
MAKE=${MAKE:-make}
COLD=${BENCH_BUILD_RUNS:-1}
WARM=${BENCH_RUNS:-5}
D=$(dirname "$BIN")/bench-cold
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$D"' EXIT INT TERM
command -v /usr/bin/time >/dev/null 2>&1 || { echo "bench_build: /usr/bin/time not installed" >&2; exit 2; }

# timed FILE CMD...: appends "wall_s cpu_s" of one run to FILE; fails with the command.
timed() {
	f=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$TMP/t" "$@" >"$TMP/log" 2>&1 ||
		{ echo "bench_build: $* failed: $(tail -n 1 "$TMP/log")" >&2; exit 1; }
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$TMP/t" >>"$f"
}
i=0
while [ "$i" -lt "$COLD" ]; do
	rm -rf "$D"
	timed "$TMP/cold" nice "$MAKE" --no-print-directory B="$D" static
	i=$((i + 1))
done
i=0
while [ "$i" -lt "$WARM" ]; do
	timed "$TMP/warm" nice "$MAKE" --no-print-directory B="$D" static
	i=$((i + 1))
done
med() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
cw=$(cut -d' ' -f1 "$TMP/cold" | med) cc=$(cut -d' ' -f2 "$TMP/cold" | med)
ww=$(cut -d' ' -f1 "$TMP/warm" | med) wc=$(cut -d' ' -f2 "$TMP/warm" | med)
n=$(find src -name '*.c' | wc -l | tr -d ' ')
echo "bench_build: cold $cw s wall, $cc s CPU (median of $COLD); warm $ww s wall, $wc s CPU (median of $WARM)"
if [ -n "${BENCH_OUT:-}" ]; then
	printf 'row\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"cold build: make static (no -j) in a fresh build dir, deps cache warm ($n C sources)" \
		"$cw s wall, $cc s CPU" "none" "-" "-" "none set" "-" \
		"warm build: make static again, nothing changed (no-op)" "$ww s wall, $wc s CPU" "none" "-" "-" \
		"none set" "-" >>"$BENCH_OUT"
fi
