# Helpers for the command-line tests: TAP lines, one per check.
# ATTEST_BIN is the binary under test; ATTEST_SHARED the ../shared directory.
BIN=${ATTEST_BIN:?ATTEST_BIN}
SHARED=${ATTEST_SHARED:-../shared}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
skip() { echo "ok - $* # SKIP"; }

# run CMD...: runs it, keeps stdout in $TMP/out, stderr in $TMP/err, status in $RC.
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# expect DESC CODE CMD...: the command exits with CODE.
expect() {
	desc=$1 code=$2
	shift 2
	run "$@"
	if [ "$RC" = "$code" ]; then
		ok "$desc"
	else
		notok "$desc (exit $RC, wanted $code)"
		sed 's/^/#   stderr: /' "$TMP/err" | head -n 5
	fi
}

# expect_err DESC CODE PATTERN CMD...: exit CODE and stderr is one line matching PATTERN.
expect_err() {
	desc=$1 code=$2 pat=$3
	shift 3
	run "$@"
	if [ "$RC" = "$code" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -Eq -e "$pat" "$TMP/err"; then
		ok "$desc"
	else
		notok "$desc (exit $RC, wanted $code; stderr: $(head -c 300 "$TMP/err"))"
	fi
}

# check DESC COMMAND-STRING: passes when the shell command succeeds.
check() {
	if sh -c "$2" >/dev/null 2>&1; then ok "$1"; else notok "$1"; fi
}
