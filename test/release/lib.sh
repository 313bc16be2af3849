# Helpers for the release tests (image contents, SBOM): TAP lines, one per check.
# shellcheck disable=SC2034 # BUILD and CACHE are for the test scripts that source this
# ATTEST_BUILD is the build directory (its attest-init is the static binary).
BUILD=${ATTEST_BUILD:-build}
CACHE=${ATTEST_CACHE:-$HOME/.cache/attest-init}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
skip() { echo "ok - $* # SKIP"; }

# expect DESC CODE CMD...: the command exits with CODE (output kept in $TMP/out, $TMP/err).
expect() {
	desc=$1 code=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" = "$code" ]; then
		ok "$desc"
	else
		notok "$desc (exit $rc, wanted $code)"
		sed 's/^/#   stderr: /' "$TMP/err" | head -n 5
	fi
}
