# attest-init audit verify: intact trails (the fuzz seeds of fuzz/gen/audit_trail.py, written
# independently of the gate's writer) pass and print the verdict line's SHA-256; each kind of
# tampering exits 1 naming the first bad line; usage and unreadable files exit 2.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEEDS=$ROOT/fuzz/corpus/audit_verify
ALLOW=$SEEDS/gen-allow.jsonl
BLOCK=$SEEDS/gen-block-tpm.jsonl
cd "$TMP" || exit 1

# ---- usage ----
expect "audit --help exits 0" 0 "$BIN" audit --help
expect "audit verify --help exits 0" 0 "$BIN" audit verify --help
grep -q '^usage: attest-init audit verify FILE' "$TMP/out" && ok "help names the command" ||
	notok "help names the command"
expect_err "audit without a subcommand is a usage error" 2 \
	'^attest-init: usage: missing_subcommand: ' "$BIN" audit
expect_err "an unknown subcommand is a usage error" 2 \
	'^attest-init: usage: unknown_subcommand: ' "$BIN" audit check "$ALLOW"
expect_err "verify needs a file" 2 '^attest-init: usage: missing_argument: ' "$BIN" audit verify
expect_err "verify takes one file" 2 '^attest-init: usage: unexpected_argument: ' \
	"$BIN" audit verify "$ALLOW" "$ALLOW"
expect_err "an unknown option is a usage error" 2 '^attest-init: usage: unknown_option: ' \
	"$BIN" audit verify --now 1 "$ALLOW"
expect_err "an absent file exits 2" 2 '^attest-init: io: open_failed: ' \
	"$BIN" audit verify "$TMP/none"
expect_err "a directory exits 2" 2 '^attest-init: io: read_failed: ' "$BIN" audit verify "$TMP"

# ---- intact trails ----
for f in "$SEEDS"/gen-*.jsonl; do
	name=$(basename "$f")
	want=$(tail -n 1 "$f" | tr -d '\n' | sha256sum | cut -c1-64)
	case "$name" in *allow*) verdict=allow ;; *) verdict=block ;; esac
	run "$BIN" audit verify "$f"
	if [ "$RC" = 0 ] && [ ! -s "$TMP/err" ] &&
		[ "$(cat "$TMP/out")" = "audit: 9 records intact, verdict $verdict, sha256 $want" ]; then
		ok "$name: intact, verdict $verdict and the verdict line's sha256"
	else
		notok "$name: exit $RC, out '$(cat "$TMP/out")', err '$(head -c 200 "$TMP/err")'"
	fi
done
run "$BIN" audit verify - <"$ALLOW"
[ "$RC" = 0 ] && grep -q '^audit: 9 records intact, verdict allow, ' "$TMP/out" &&
	ok "'-' reads the trail from standard input" || notok "'-' reads standard input (exit $RC)"

# ---- tampering: exit 1, one line naming the reason and the first bad line ----
# refused DESC REASON LINE FILE
refused() {
	expect_err "$1" 1 "^attest-init: audit: $2 at line $3(: |\$)" "$BIN" audit verify "$4"
	[ -s "$TMP/out" ] && notok "$1: printed on stdout although broken"
}

sed '1d' "$ALLOW" >first-removed
refused "removed first record" bad_seq 1 first-removed
sed '5d' "$ALLOW" >middle-removed
refused "removed middle record" bad_seq 5 middle-removed
sed '9d' "$ALLOW" >verdict-removed
refused "removed verdict" missing_verdict 9 verdict-removed
awk 'NR == 3 { held = $0; next } { print } NR == 4 { print held }' "$ALLOW" >reordered
refused "reordered records" bad_seq 3 reordered
sed '4p' "$ALLOW" >inserted
refused "inserted copy of a record" bad_seq 5 inserted
sed '3s/"eventlog_events":42/"eventlog_events":43/' "$ALLOW" >fact-edited
cmp -s "$ALLOW" fact-edited && notok "the fact edit changed nothing"
refused "edited fact (caught by the next line's prev)" bad_prev 4 fact-edited
sed '6s/"prev":"./"prev":"x/' "$ALLOW" >prev-edited
refused "edited prev" bad_prev 6 prev-edited
sed '9s/"outcome":"block"/"outcome":"allow"/' "$BLOCK" >verdict-flipped
refused "block flipped to allow" bad_outcome 9 verdict-flipped
sed '$p' "$ALLOW" >verdict-twice
refused "duplicated verdict" record_after_verdict 10 verdict-twice
{ cat "$ALLOW"; printf 'x'; } >garbage
refused "trailing garbage" record_after_verdict 10 garbage
head -c -1 "$ALLOW" >no-newline
refused "last line without its newline" missing_newline 9 no-newline
sed 's/$/\r/' "$ALLOW" >crlf
refused "CRLF line ends" carriage_return 1 crlf
sed '2s/"time":"2026-01-01T00:00:00.007Z"/"time":"2026-02-30T00:00:00.007Z"/' "$ALLOW" >bad-time
cmp -s "$ALLOW" bad-time && notok "the time edit changed nothing"
refused "an impossible date" bad_time 2 bad-time
: >empty
refused "empty file" empty 1 empty
{ head -n 1 "$ALLOW"; head -c 70000 /dev/zero | tr '\0' a; echo; } >long-line
refused "over-long line" line_too_long 2 long-line
head -c $((16 * 1024 * 1024 + 1)) /dev/zero >huge
expect_err "a trail over 16 MiB" 1 '^attest-init: audit: too_large' "$BIN" audit verify huge
