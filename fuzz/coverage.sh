#!/bin/sh
# Line coverage of the project's sources reached by each harness's corpus
# (committed seeds + ../shared seeds), with clang source-based coverage.
# Usage: coverage.sh BUILD_DIR "CFLAGS" "LIB_SRCS" "LDLIBS" NAME...
set -eu
build=$1 cflags=$2 srcs=$3 ldlibs=$4
shift 4
shared=${ATTEST_SHARED:-../shared}
local_corpus=${ATTEST_FUZZ_CORPUS:-$HOME/.cache/attest-init/fuzz-corpus}
out="$build/coverage"
mkdir -p "$out"
prof="-fprofile-instr-generate -fcoverage-mapping"
for n in "$@"; do
	bin="$out/cov_$n"
	# shellcheck disable=SC2086
	clang $cflags -I"$build/gen" -O0 -g $prof -o "$bin" "fuzz/$n.c" test/unit/fuzz_replay_main.c $srcs $ldlibs
	set -- "fuzz/corpus/$n" "fuzz/regressions/$n"
	[ -d "$local_corpus/$n" ] && set -- "$@" "$local_corpus/$n"
	if [ -f "fuzz/$n.seeds" ] && [ -d "$shared" ]; then
		for g in $(grep -v '^#' "fuzz/$n.seeds"); do
			for f in "$shared"/$g; do [ -f "$f" ] && set -- "$@" "$f"; done
		done
	fi
	LLVM_PROFILE_FILE="$out/$n.profraw" "$bin" "$n" "$@" >/dev/null
	llvm-profdata merge -o "$out/$n.profdata" "$out/$n.profraw"
	echo "== $n: line coverage of the files it reaches (corpus, regressions, local corpus, ../shared seeds)"
	# Columns of llvm-cov report: 1 file, 8 lines, 9 missed lines, 10 line cover.
	# shellcheck disable=SC2086
	llvm-cov report "$bin" -instr-profile="$out/$n.profdata" $srcs 2>/dev/null |
		awk '$1 ~ /\.c$/ && $8 + 0 > 0 && $8 != $9 {printf "  %-28s %5d of %5d lines  %s\n", $1, $8 - $9, $8, $10}'
done
