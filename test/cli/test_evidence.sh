# evidence collect / verify against the Azure-like swtpm fixture (test/tpm/swtpm-fixture.sh):
# collect -> verify succeeds, and every listed tampering fails with its own reason.
. "$(dirname "$0")/lib.sh"
tdir=$(cd "$(dirname "$0")/.." && pwd)
LOG=$SHARED/testdata/eventlogs/archlinux-workstation.bin
FX=$TMP/fx

expect_err "evidence without a subcommand is a usage error" 2 "^attest-init: usage: missing_subcommand: expected" "$BIN" evidence
expect_err "collect without --out is a usage error" 2 "^attest-init: usage: missing_option: collect needs --out" "$BIN" evidence collect
expect_err "bad --pcrs list is a usage error" 2 "bad_pcr_list" "$BIN" evidence collect --pcrs 0-24 --out "$TMP/x"
expect_err "bad --tcti is a usage error" 2 "tpm: bad_tcti" "$BIN" evidence collect --tcti swtpm:host=10.0.0.1,port=1 --out "$TMP/x"
# Settings: flag > environment > config file (src/config); misconfiguration is exit 2.
expect_err "bad ATTEST_DEADLINE is a configuration error" 2 "^attest-init: config: bad_value: ATTEST_DEADLINE .--deadline. from the environment" \
	env ATTEST_DEADLINE=0 "$BIN" evidence collect --out "$TMP/x"
expect_err "bad --deadline is a configuration error" 2 "config: bad_value: ATTEST_DEADLINE .--deadline. from the flag wants 1-3600" \
	"$BIN" evidence collect --deadline 3601 --out "$TMP/x"
printf 'ATTEST_TCTI=device:/dev/tpmrm0\nATTEST_TCTY=x\n' >"$TMP/bad.conf"
expect_err "unknown config file key is a configuration error" 2 "config: unknown_key at offset 31: ATTEST_TCTY" \
	"$BIN" evidence collect --config "$TMP/bad.conf" --out "$TMP/x"
printf 'ATTEST_EVENTLOG=/a\nATTEST_EVENTLOG=/b\n' >"$TMP/dup.conf"
expect_err "duplicate config file key (via ATTEST_CONFIG)" 2 "config: duplicate_key at offset 19: ATTEST_EVENTLOG" \
	env ATTEST_CONFIG="$TMP/dup.conf" "$BIN" evidence collect --out "$TMP/x"
expect_err "missing config file is a configuration error" 2 "io: open_failed" \
	"$BIN" evidence collect --config "$TMP/none.conf" --out "$TMP/x"
head -c 16385 /dev/zero | tr '\0' '#' >"$TMP/big.conf"
expect_err "a config file over 16 KiB is a configuration error (io too_large relabelled)" 2 \
	"^attest-init: config: file_unreadable: config file: io too_large" \
	"$BIN" evidence collect --config "$TMP/big.conf" --out "$TMP/x"
expect_err "verify needs --ak-roots" 2 "^attest-init: usage: missing_option: verify needs --ak-roots" env -u ATTEST_AK_ROOTS "$BIN" evidence verify "$TMP/x" --isolation sevsnp
expect_err "verify needs --isolation (no default isolation)" 2 "^attest-init: usage: missing_option: verify needs --isolation" "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x"
expect_err "an unknown --isolation is a usage error" 2 "usage: bad_option_value: --isolation wants trustedlaunch, sevsnp or tdx" "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x" --isolation snp
expect_err "ATTEST_ISOLATION=bogus is a configuration error naming the setting" 2 \
	"^attest-init: config: bad_value: ATTEST_ISOLATION .--isolation. from the environment wants trustedlaunch, sevsnp or tdx" \
	env ATTEST_ISOLATION=bogus "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x"
expect_err "ATTEST_ISOLATION=bogus is refused even when --isolation is given" 2 "config: bad_value: ATTEST_ISOLATION" \
	env ATTEST_ISOLATION=bogus "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x" --isolation sevsnp
expect_err "verify reads the config file named by ATTEST_CONFIG" 2 "^attest-init: io: open_failed: .*none.conf" \
	env ATTEST_CONFIG="$TMP/none.conf" "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x" --isolation sevsnp
# 371086923110400 s would wrap BearSSL's uint32 day count to a day in 2025 (issue 16.4).
expect_err "--now past 9999-12-31 is a usage error, not a wrapped date" 2 "usage: bad_option_value: --now wants unix seconds 0-253402300799" "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x" --isolation sevsnp --now 371086923110400
expect_err "--now one second past 9999-12-31 is a usage error" 2 "--now wants unix seconds" "$BIN" evidence verify "$TMP/x" --ak-roots "$TMP/x" --isolation sevsnp --now 253402300800

# TPM not reachable: a closed loopback port; bounded retries, then exit 3.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
t0=$(date +%s)
expect_err "unreachable TPM exits 3 with tpm_unreachable" 3 "^attest-init: tpm: tpm_unreachable: swtpm host=127.0.0.1,port=$port: .*check that the TPM simulator" \
	"$BIN" evidence collect --tcti "swtpm:host=127.0.0.1,port=$port" --deadline 2 --out "$TMP/x"
t1=$(date +%s)
# 2 s of deadline plus start-up; valgrind alone takes seconds to start the binary.
limit=4
[ "${ATTEST_VALGRIND:-0}" = 1 ] && limit=15
check "unreachable TPM gives up within the deadline" "[ $((t1 - t0)) -le $limit ]"

if ! command -v swtpm >/dev/null 2>&1 || ! command -v tpm2_createak >/dev/null 2>&1; then
	skip "swtpm fixture tests: swtpm or tpm2-tools not installed"
	exit 0
fi
if [ ! -f "$LOG" ]; then
	skip "swtpm fixture tests: $LOG absent (../shared not present)"
	exit 0
fi
trap 'sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX"; rm -rf "$TMP"' EXIT INT TERM
if ! sh "$tdir/tpm/swtpm-fixture.sh" start "$FX" "$LOG" >"$TMP/fx.out" 2>&1; then
	notok "swtpm fixture starts"
	sed 's/^/#   /' "$TMP/fx.out"
	exit 1
fi
TCTI=$(cat "$FX/tcti")
ROOTS=$FX/pki/roots.pem

expect "collect from the fixture" 0 "$BIN" evidence collect --tcti "$TCTI" --eventlog "$LOG" --out "$TMP/ev.json"
expect "verify the collected bundle" 0 "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation sevsnp
check "verify reports every check, the isolation and the quote's boot counters" "grep -q '\"verified\":true' '$TMP/out' && grep -q 'HCLAkPub == AK' '$TMP/out' && grep -q '\"isolation\":\"sevsnp\"' '$TMP/out' && grep -q '\"pcrs\":\[0,1,2,3,4,5,6,7\]' '$TMP/out' && grep -q '\"quote_reset_count\":' '$TMP/out'"
expect "a CVM's bundle also verifies as trustedlaunch" 0 "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation trustedlaunch
expect "--pcrs naming exactly the quoted PCRs" 0 "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation sevsnp --pcrs 0-7
# verify's settings: flag > environment > config file (src/config), like collect's.
OTHER_ROOTS=$FX/pki/other-roots.pem
expect "ATTEST_AK_ROOTS from the environment gives the roots" 0 env ATTEST_AK_ROOTS="$ROOTS" "$BIN" evidence verify "$TMP/ev.json" --isolation sevsnp
expect_err "ATTEST_AK_ROOTS from the environment is the roots checked against" 1 "ak_cert_untrusted" \
	env ATTEST_AK_ROOTS="$OTHER_ROOTS" "$BIN" evidence verify "$TMP/ev.json" --isolation sevsnp
expect "--ak-roots wins over ATTEST_AK_ROOTS" 0 env ATTEST_AK_ROOTS="$OTHER_ROOTS" "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation sevsnp
expect_err "ATTEST_ISOLATION from the environment is the isolation required" 1 "^attest-init: attest: isolation_mismatch" \
	env ATTEST_ISOLATION=tdx "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS"
expect "--isolation wins over ATTEST_ISOLATION" 0 env ATTEST_ISOLATION=tdx "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation sevsnp
printf 'ATTEST_AK_ROOTS=%s\nATTEST_ISOLATION=trustedlaunch\n' "$ROOTS" >"$TMP/verify.conf"
expect "ATTEST_AK_ROOTS and ATTEST_ISOLATION from a config file" 0 env -u ATTEST_AK_ROOTS -u ATTEST_ISOLATION "$BIN" evidence verify "$TMP/ev.json" --config "$TMP/verify.conf"
check "the config file's isolation is the one verified" "grep -q '\"isolation\":\"trustedlaunch\"' '$TMP/out'"
expect "ATTEST_TCTI selects the TPM" 0 env ATTEST_TCTI="$TCTI" ATTEST_EVENTLOG="$LOG" "$BIN" evidence collect --out "$TMP/ev2.json"

printf '# fixture\nATTEST_TCTI=%s\nATTEST_EVENTLOG=%s\n' "$TCTI" "$LOG" >"$TMP/fx.conf"
expect "a config file selects the TPM" 0 env -u ATTEST_TCTI -u ATTEST_EVENTLOG "$BIN" evidence collect --config "$TMP/fx.conf" --out "$TMP/ev3.json"
expect "--tcti wins over ATTEST_TCTI" 0 env ATTEST_TCTI=swtpm:host=127.0.0.1,port=1 "$BIN" evidence collect --tcti "$TCTI" --eventlog "$LOG" --deadline 5 --out "$TMP/ev4.json"
check "the bundles have the same members in the same order" "python3 - '$TMP/ev.json' '$TMP/ev3.json' '$TMP/ev4.json' <<'PY'
import json, sys
keys = [list(json.load(open(p))) for p in sys.argv[1:]]
assert keys[0] == keys[1] == keys[2], keys
PY"

# The AK certificate read in NV chunks equals the provisioned DER (> 1024 bytes, padding trimmed).
check "AK certificate (>1024 bytes) read whole and trimmed" "python3 - '$TMP/ev.json' '$FX/pki/ak.der' <<'PY'
import base64, json, sys
c = base64.b64decode(json.load(open(sys.argv[1]))['ak_cert'])
assert len(c) > 1024 and c == open(sys.argv[2], 'rb').read()
PY"

# Every tampered copy of the bundle, made in one python run (python starts slowly).
first=$(head -n 1 "$FX/extends.txt" | cut -d' ' -f2)
python3 - "$TMP/ev.json" "$TMP" "$FX" "$first" "$SHARED" <<'PY'
import base64, json, os, sys
src, out, fx, first, shared = sys.argv[1:6]
b64 = lambda b: base64.b64encode(b).decode()
unb64 = lambda s: base64.b64decode(s)
rd = lambda p: open(p, "rb").read()
def flip(d, field, i):
    b = bytearray(unb64(d[field])); b[i] ^= 1; d[field] = b64(bytes(b))
def logedit(d):
    b = bytearray(unb64(d["eventlog"])); i = b.find(bytes.fromhex(first)); assert i > 0
    b[i] ^= 1; d["eventlog"] = b64(bytes(b))
muts = {
    "otherca": lambda d: d.update(ak_cert=b64(rd(fx + "/pki/ak-other-ca.der"))),
    "lookalike": lambda d: d.update(ak_cert=b64(rd(fx + "/pki/ak-lookalike-ca.der"))),
    "otherkey": lambda d: d.update(ak_cert=b64(rd(fx + "/pki/ak-other-key.der"))),
    "expired": lambda d: d.update(ak_cert=b64(rd(fx + "/pki/ak-expired.der"))),
    "placeholder": lambda d: d.update(ak_cert=b64(rd(fx + "/pki/ak-placeholder.der"))),
    "nonce": lambda d: flip(d, "nonce", 0),
    "pcrvalue": lambda d: d["pcrs"][3].update(digest=b64(bytes(32))),
    "logedit": logedit,
    "nolog": lambda d: d.update(eventlog=None),
    "sig": lambda d: flip(d, "quote_signature", 100),
    "quote": lambda d: flip(d, "quote", 20),
    "certsig": lambda d: flip(d, "enc_key_certify_signature", 7),
    "enckey": lambda d: flip(d, "enc_key_pub", 60),
    "hclbind": lambda d: flip(d, "hcl_report", 0x4d4 + 10),
    "unknown": lambda d: d.update(extra=1),
    "nohcl": lambda d: d.update(hcl_report=None),
    "shortnonce": lambda d: d.update(nonce=b64(unb64(d["nonce"])[:16])),
    "relabel": lambda d: d.update(pcr_selection=list(range(8, 16)),
                                  pcrs=[dict(p, index=p["index"] + 8) for p in d["pcrs"]]),
    "version": lambda d: d.update(version=2),
}
hcl = shared + "/testdata/maa/hcl-report-snp-kinvolk-2023.bin"
if os.path.exists(hcl):
    muts["hcl"] = lambda d: d.update(hcl_report=b64(rd(hcl)))
for name, f in muts.items():
    d = json.load(open(src)); f(d); json.dump(d, open(out + "/" + name + ".json", "w"))
# The bare quote, AK and PCR values for quote verify.
d = json.load(open(src))
for k in ("ak_pub", "quote", "quote_signature"):
    open(out + "/" + k + ".bin", "wb").write(unb64(d[k]))
open(out + "/pcrs.bin", "wb").write(b"".join(unb64(p["digest"]) for p in d["pcrs"]))
open(out + "/nonce.hex", "w").write(unb64(d["nonce"]).hex())
PY
reject() { # DESC REASON NAME [verify options]
	desc=$1 reason=$2 name=$3
	shift 3
	expect_err "$desc" 1 "^attest-init: [a-z]+: $reason" "$BIN" evidence verify "$TMP/$name.json" --ak-roots "$ROOTS" --isolation sevsnp "$@"
}
reject "AK cert from another CA is untrusted" ak_cert_untrusted otherca
reject "AK cert naming our CA but signed by another key" ak_cert_bad_signature lookalike
reject "AK cert for a different key" ak_cert_key_mismatch otherkey
reject "expired AK cert" ak_cert_expired expired
reject "AK cert checked at a time after its expiry" ak_cert_expired ev --now 4102444800
reject "placeholder issuer (not yet provisioned)" ak_cert_placeholder placeholder
reject "wrong nonce" quote_nonce_mismatch nonce
reject "quote over other PCRs than asked" quote_pcr_selection_mismatch ev --pcrs 0-6
reject "quote without a required PCR" quote_pcrs_missing ev --pcrs 0-8
reject "bundle relabels the quoted PCRs 0-7 as 8-15" bundle_pcr_selection_mismatch relabel
reject "bundle relabelled, checked with --pcrs 0-7" bundle_pcr_selection_mismatch relabel --pcrs 0-7
reject "nonce shorter than 32 bytes" bad_nonce_size shortnonce
reject "sevsnp without an HCL report" hcl_report_missing nohcl
expect_err "an SNP HCL report is not TDX isolation" 1 "^attest-init: attest: isolation_mismatch" "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$ROOTS" --isolation tdx
expect "trustedlaunch needs no HCL report" 0 "$BIN" evidence verify "$TMP/nohcl.json" --ak-roots "$ROOTS" --isolation trustedlaunch
check "the trustedlaunch output says so" "grep -q '\"isolation\":\"trustedlaunch\"' '$TMP/out' && grep -q 'none (trustedlaunch)' '$TMP/out'"
reject "PCR values that the quote does not cover" quote_pcr_digest_mismatch pcrvalue
reject "edited event log" pcr_replay_mismatch logedit
reject "bundle without an event log" eventlog_missing nolog
reject "quote signature byte flipped" quote_bad_signature sig
reject "quote body byte flipped" "(quote_bad_signature|bad_attest)" quote
reject "certify signature byte flipped" certify_bad_signature certsig
reject "certified key swapped" "(certify_name_mismatch|bad_public)" enckey
[ -f "$TMP/hcl.json" ] && reject "HCL report of another VM (HCLAkPub is not this AK)" hcl_ak_mismatch hcl
reject "HCL runtime claims edited" hcl_binding_mismatch hclbind
reject "unknown bundle member" bad_bundle unknown
reject "unsupported bundle version" unsupported_bundle_version version
expect_err "verify against another CA's roots" 1 "ak_cert_untrusted" "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$FX/pki/other-roots.pem" --isolation sevsnp
expect_err "--ak-roots without any certificate is a configuration error" 2 "ak_roots_empty" "$BIN" evidence verify "$TMP/ev.json" --ak-roots "$FX/ak.pem" --isolation sevsnp

# The bare quote from the TPM verifies with the TPM2B_PUBLIC AK and the PCR values.
expect "quote verify with a TPM2B_PUBLIC AK, nonce and PCR values" 0 "$BIN" quote verify --ak-pub "$TMP/ak_pub.bin" \
	--quote "$TMP/quote.bin" --sig "$TMP/quote_signature.bin" --nonce "$(cat "$TMP/nonce.hex")" --pcrs "$TMP/pcrs.bin"
expect "quote verify with the PEM AK" 0 "$BIN" quote verify --ak-pub "$FX/ak.pem" \
	--quote "$TMP/quote.bin" --sig "$TMP/quote_signature.bin" --nonce "$(cat "$TMP/nonce.hex")"

# The PCR-bound ephemeral key decrypts (RSAES and OAEP) while the PCRs hold the attested values.
python3 - "$TMP/ev.json" "$TMP" <<'PY'
import base64, json, os, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
d = json.load(open(sys.argv[1])); t = sys.argv[2]
n = int.from_bytes(base64.b64decode(d["enc_key_pub"])[-256:], "big")
k = rsa.RSAPublicNumbers(65537, n).public_key()
secret = os.urandom(32)
open(t + "/secret", "wb").write(secret)
open(t + "/ct-rsaes", "wb").write(k.encrypt(secret, padding.PKCS1v15()))
open(t + "/ct-oaep", "wb").write(k.encrypt(secret, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None)))
PY
expect "decrypt with the ephemeral key (RSAES)" 0 "$BIN" evidence decrypt --tcti "$TCTI" --evidence "$TMP/ev.json" --in "$TMP/ct-rsaes" --out "$TMP/pt-rsaes"
check "RSAES plaintext is the secret" "cmp -s '$TMP/pt-rsaes' '$TMP/secret'"
expect "decrypt with the ephemeral key (OAEP)" 0 "$BIN" evidence decrypt --tcti "$TCTI" --evidence "$TMP/ev.json" --in "$TMP/ct-oaep" --out "$TMP/pt-oaep" --oaep
check "OAEP plaintext is the secret" "cmp -s '$TMP/pt-oaep' '$TMP/secret'"

# PCRs changed after the log: one more extend, then collect -> replay mismatch on PCR 7.
TPM2TOOLS_TCTI=$TCTI tpm2_pcrextend "7:sha256=$(printf '%064d' 7)" >/dev/null 2>&1
expect "collect after an extra extend" 0 "$BIN" evidence collect --tcti "$TCTI" --eventlog "$LOG" --out "$TMP/extended.json"
expect_err "PCRs changed after the log" 1 "pcr_replay_mismatch: sha256: 7 value_mismatch$" "$BIN" evidence verify "$TMP/extended.json" --ak-roots "$ROOTS" --isolation sevsnp
expect_err "decrypt refused once the PCRs changed (PolicyPCR)" 1 "tpm: tpm_error: TPM2_RSA_Decrypt.*(policy|POLICY)" \
	"$BIN" evidence decrypt --tcti "$TCTI" --evidence "$TMP/ev.json" --in "$TMP/ct-rsaes" --out "$TMP/pt-late"
check "no plaintext written after the refusal" "[ ! -e '$TMP/pt-late' ]"
check "no transient objects or sessions left in the TPM" "[ -z \"\$(TPM2TOOLS_TCTI='$TCTI' tpm2_getcap handles-transient)\$(TPM2TOOLS_TCTI='$TCTI' tpm2_getcap handles-loaded-session)\" ]"
