#!/bin/sh
# Runs the libFuzzer harnesses.
#   smoke SECONDS: each harness for SECONDS on a scratch copy of its corpus; any crash,
#                  leak, timeout or sanitizer report fails. Prints executions per harness.
#   long SECONDS:  each harness for SECONDS; new coverage is merged into the local corpus
#                  $ATTEST_FUZZ_CORPUS/<name> (default ~/.cache/attest-init/fuzz-corpus), which
#                  later runs start from too. It stays out of the repository because part of it
#                  descends from ../shared data, which must not be committed; promote a
#                  hand-checked input to fuzz/corpus/<name>/ when it is the project's own.
# Crashes are kept in BUILD/fuzz/artifacts/<name>/; minimize one into fuzz/regressions/<name>/
# (./BUILD/fuzz/<name> -minimize_crash=1 -runs=10000 FILE) so `make test` replays it forever.
# Usage: run.sh smoke|long SECONDS BUILD_DIR NAME...
set -u
mode=$1 secs=$2 build=$3
shift 3
shared=${ATTEST_SHARED:-../shared}
local_corpus=${ATTEST_FUZZ_CORPUS:-$HOME/.cache/attest-init/fuzz-corpus}
failed="" total=0
printf '%-16s %12s %10s %8s %s\n' harness executions exec/s corpus result
for n in "$@"; do
	bin="$build/fuzz/$n"
	work="$build/fuzz/work/$n"
	art="$build/fuzz/artifacts/$n"
	rm -rf "$work"
	mkdir -p "$work" "$art"
	if [ ! -d "fuzz/corpus/$n" ] || [ -z "$(ls -A "fuzz/corpus/$n" 2>/dev/null)" ]; then
		echo "fuzz: $n has no seed corpus in fuzz/corpus/$n" >&2
		failed="$failed $n"
		continue
	fi
	cp fuzz/corpus/"$n"/* "$work"/
	if [ -d "$local_corpus/$n" ]; then
		find "$local_corpus/$n" -type f -exec cp {} "$work"/ \;
	fi
	if [ -f "fuzz/$n.seeds" ] && [ -d "$shared" ]; then
		for g in $(grep -v '^#' "fuzz/$n.seeds"); do
			for f in "$shared"/$g; do [ -f "$f" ] && cp "$f" "$work/shared-$(basename "$f")"; done
		done
	fi
	dict=""
	[ -f "fuzz/$n.dict" ] && dict="-dict=fuzz/$n.dict"
	log="$build/fuzz/$n.log"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$art/" $dict "$work" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	size=$(ls "$work" | wc -l)
	result=ok
	if [ "$rc" != 0 ]; then
		result="FAILED (exit $rc, see $log; artifacts in $art)"
		failed="$failed $n"
		grep -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | head -n 10 >&2
	fi
	total=$((total + ${execs:-0}))
	printf '%-16s %12s %10s %8s %s\n' "$n" "${execs:-?}" "${rate:-?}" "$size" "$result"
	if [ "$mode" = long ] && [ "$rc" = 0 ]; then
		mkdir -p "$local_corpus/$n"
		"$bin" -merge=1 "$local_corpus/$n" "$work" >"$log.merge" 2>&1 ||
			echo "fuzz: merge for $n failed (see $log.merge)" >&2
	fi
done
echo "fuzz: $total executions in total across $# harnesses"
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed"
	exit 1
fi
