# quote verify against the real Azure vTPM quote in ../shared/testdata/maa (extraData
# "challenge"): accepted as is, refused after any change.
. "$(dirname "$0")/lib.sh"
M=$SHARED/testdata/maa
Q=$M/vtpm-quote-tpms_attest.bin
S=$M/vtpm-quote-rsassa-sig.bin
K=$M/vtpm-quote-akpub.pem
NONCE=6368616c6c656e6765 # "challenge"

expect "quote --help exits 0" 0 "$BIN" quote --help
expect_err "quote without verify is a usage error" 2 "expected 'quote verify'" "$BIN" quote
expect_err "quote verify needs its files" 2 "needs --ak-pub, --quote and --sig" "$BIN" quote verify --quote x
expect_err "bad --nonce hex is a usage error" 2 "--nonce wants" "$BIN" quote verify --ak-pub x --quote y --sig z --nonce 6g
expect_err "unreadable file exits 2" 2 "^attest-init: io: open_failed" "$BIN" quote verify --ak-pub "$TMP/none" --quote "$TMP/none" --sig "$TMP/none"

if [ ! -f "$Q" ] || [ ! -f "$S" ] || [ ! -f "$K" ]; then
	skip "real Azure quote tests: $M absent (../shared not present)"
	exit 0
fi
expect "real Azure vTPM quote verifies with nonce 'challenge'" 0 "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$S" --nonce "$NONCE"
check "the summary names the 24 quoted SHA-256 PCRs" "grep -q '\"pcrs\":\[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23\]' '$TMP/out' && grep -q '\"nonce_checked\":true' '$TMP/out'"
expect "without --nonce it verifies but says the nonce was not checked" 0 "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$S"
check "nonce_checked is false" "grep -q '\"nonce_checked\":false' '$TMP/out'"
expect_err "another nonce is refused" 1 "^attest-init: attest: quote_nonce_mismatch" "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$S" --nonce 6368616c6c656e6766
expect_err "an empty expected nonce is refused" 1 "quote_nonce_mismatch" "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$S" --nonce ""

# Every single-byte change of the quote, and a sample of signature bytes, is refused.
python3 - "$Q" "$S" "$TMP" <<'PY'
import sys
q, s, t = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), sys.argv[3]
for i in range(len(q)):
    b = bytearray(q); b[i] ^= 0x01; open("%s/q%03d" % (t, i), "wb").write(b)
for i in (0, 1, 128, 254, 255):
    b = bytearray(s); b[i] ^= 0x80; open("%s/s%03d" % (t, i), "wb").write(b)
open(t + "/q-trailing", "wb").write(q + b"\0")
open(t + "/q-short", "wb").write(q[:-1])
open(t + "/s-short", "wb").write(s[:-1])
PY
bad=0 n=0
for f in "$TMP"/q[0-9]*; do
	n=$((n + 1))
	"$BIN" quote verify --ak-pub "$K" --quote "$f" --sig "$S" --nonce "$NONCE" >/dev/null 2>&1
	[ $? = 1 ] || { bad=$((bad + 1)); echo "# accepted or wrong exit: $f"; }
done
check "all $n one-byte changes of the quote are refused (exit 1)" "[ $bad = 0 ] && [ $n -gt 100 ]"
bad=0
for f in "$TMP"/s[0-9]*; do
	"$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$f" --nonce "$NONCE" 2>"$TMP/err" >/dev/null
	[ $? = 1 ] && grep -q quote_bad_signature "$TMP/err" || bad=$((bad + 1))
done
check "flipped signature bytes are quote_bad_signature" "[ $bad = 0 ]"
expect_err "a trailing byte after TPMS_ATTEST is refused" 1 "trailing_bytes" "$BIN" quote verify --ak-pub "$K" --quote "$TMP/q-trailing" --sig "$S" --nonce "$NONCE"
expect_err "a truncated quote is refused" 1 "truncated_attest|bad_attest" "$BIN" quote verify --ak-pub "$K" --quote "$TMP/q-short" --sig "$S" --nonce "$NONCE"
expect_err "a short signature is refused" 1 "bad_signature_format" "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$TMP/s-short" --nonce "$NONCE"
head -c 768 /dev/zero >"$TMP/zero-pcrs"
expect_err "PCR values that do not hash to pcrDigest are refused" 1 "quote_pcr_digest_mismatch" "$BIN" quote verify --ak-pub "$K" --quote "$Q" --sig "$S" --nonce "$NONCE" --pcrs "$TMP/zero-pcrs"
expect_err "another AK is refused" 1 "quote_bad_signature" "$BIN" quote verify --ak-pub "$SHARED/testdata/maa/vtpm-quote-akpub.pem" --quote "$Q" --sig "$TMP/s000" --nonce "$NONCE"
printf 'not a key' >"$TMP/notkey"
expect_err "a key file that is neither PEM nor TPM2B_PUBLIC is refused" 1 "attest: (truncated_public|trailing_bytes|bad_public)" "$BIN" quote verify --ak-pub "$TMP/notkey" --quote "$Q" --sig "$S"
