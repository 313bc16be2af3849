#!/bin/sh
# Runs every test suite and prints one closing line "tests: N passed, N failed, N skipped".
#   unit: each build/host/test_* binary (cmocka, ASan+UBSan), TAP output
#   cli:  each test/cli/test_*.sh against the static binary and the ASan host binary
#   fuzz: each build/host/replay_<harness> over fuzz/corpus/<harness>, fuzz/regressions/<harness>
#         and the ../shared seeds named in fuzz/<harness>.seeds
#   release: each test/release/test_*.sh once (the image's CA bundle, the SBOM; no buildah)
# ATTEST_VALGRIND=1 runs everything under valgrind (binaries built without sanitizers).
# Usage: run-tests.sh [--unit-only|--host-only] BUILD_DIR TEST_BIN...
set -u
unit_only=0 host_only=0
[ "${1:-}" = --unit-only ] && { unit_only=1; shift; }
[ "${1:-}" = --host-only ] && { host_only=1; shift; }
build=$1
shift
pass=0 fail=0 skip=0
failed_suites=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

count() { # suite-name tap-file rc
	# cmocka's TAP marks a skipped test "not ok N # SKIP"; ours say "ok - ... # SKIP".
	s=$(grep -Ec '^(not )?ok .*# [Ss][Kk][Ii][Pp]' "$2")
	p=$(grep -E '^ok ' "$2" | grep -vEc '# [Ss][Kk][Ii][Pp]')
	f=$(grep -E '^not ok ' "$2" | grep -vEc '# [Ss][Kk][Ii][Pp]')
	if [ "$3" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed or sanitizer report outside any test case
		echo "not ok - $1 exited with status $3"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	[ "$f" = 0 ] || failed_suites="$failed_suites $1"
	printf '%-34s %4d passed, %d failed, %d skipped\n' "$1" "$p" "$f" "$s"
}

shared=${ATTEST_SHARED:-../shared}
# Debian's python3 (with python3-cryptography from ensure-packages.sh), not a user's pyenv,
# so the tests see the same interpreter on every machine.
PATH=/usr/bin:/bin:$PATH
export PATH
wrap=""
if [ "${ATTEST_VALGRIND:-0}" = 1 ]; then
	wrap="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
	wrap="$wrap --track-origins=yes"
fi

for t in "$@"; do
	name=$(basename "$t")
	CMOCKA_MESSAGE_OUTPUT=TAP $wrap "$t" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	grep -E '^not ok|^# [^o]' "$tmp/out" | grep -v '# SKIP' || true
	[ "$rc" = 0 ] || cat "$tmp/err"
	count "unit/$name" "$tmp/out" "$rc"
done

for r in "$build"/host/replay_*; do
	[ -x "$r" ] || continue
	[ "$unit_only" = 0 ] || break
	n=${r##*/replay_}
	set -- "fuzz/corpus/$n" "fuzz/regressions/$n"
	if [ -f "fuzz/$n.seeds" ] && [ -d "$shared" ]; then
		for g in $(grep -v '^#' "fuzz/$n.seeds"); do
			for f in "$shared"/$g; do [ -f "$f" ] && set -- "$@" "$f"; done
		done
	fi
	$wrap "$r" "$n" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 0 ] || tail -n 30 "$tmp/err"
	count "fuzz-replay/$n" "$tmp/out" "$rc"
done

absbuild=$(cd "$build" && pwd) # CLI tests may change directory
if [ "$unit_only" = 0 ] && [ "$host_only" = 0 ]; then
	for t in test/release/test_*.sh; do
		[ -f "$t" ] || continue
		label="release/$(basename "$t" .sh)"
		ATTEST_BUILD=$absbuild sh "$t" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		grep -E '^not ok' "$tmp/out" || true
		[ "$rc" = 0 ] || tail -n 20 "$tmp/err"
		count "$label" "$tmp/out" "$rc"
	done
fi

bins="$absbuild/attest-init $absbuild/host/attest-init"
[ "$host_only" = 1 ] && bins="$absbuild/host/attest-init"
if [ -n "$wrap" ]; then
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$wrap" "$(cd "$build/host" && pwd)/attest-init" >"$tmp/vg-attest-init"
	chmod +x "$tmp/vg-attest-init"
	bins="$tmp/vg-attest-init"
fi
if [ "$unit_only" = 0 ]; then
	for bin in $bins; do
		for t in test/cli/test_*.sh; do
			[ -f "$t" ] || continue
			case "$bin" in
			*/host/*) kind=host-asan ;;
			*/vg-*) kind=valgrind ;;
			*) kind=static ;;
			esac
			label="cli/$(basename "$t" .sh)[$kind]"
			ATTEST_BIN=$bin sh "$t" >"$tmp/out" 2>"$tmp/err"
			rc=$?
			grep -E '^not ok' "$tmp/out" || true
			[ "$rc" = 0 ] || tail -n 20 "$tmp/err"
			count "$label" "$tmp/out" "$rc"
		done
	done
fi

[ -z "$failed_suites" ] || echo "failing suites:$failed_suites"
echo "tests: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
