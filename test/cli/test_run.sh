# attest-init run (the gate): configuration errors without a TPM, then one swtpm fixture and one
# provider emulator (test/provider/maa_emulator.py) for the success path and a few failures.
# Every case checks the exit status, the one-line reason, the audit trail's shape (docs/audit.md)
# and that no token file exists after a failure.
. "$(dirname "$0")/lib.sh"
tdir=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$tdir/.." && pwd)
py=/usr/bin/python3
LOG=$TMP/boot.bin # generated below (test/tpm/make_eventlog.py): Secure Boot on, as the emulator wants
FX=$TMP/fx
OUT=$TMP/run
mkdir -p "$OUT"
printf 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\n' >"$TMP/os-release"

# trail.py FILE OUTCOMES: the trail has the 9 steps in order with these outcomes (space
# separated, the verdict's last), an intact hash chain, and nothing else on stdout.
cat >"$TMP/trail.py" <<'PY'
import hashlib, json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b"", "trail must end with a newline"
lines = lines[:-1]
want = sys.argv[2].split()
steps = ["config", "policy_load", "evidence_collect", "evidence_precheck", "provider_exchange",
         "token_verify", "policy_eval", "token_write", "verdict"]
assert len(lines) == 9 == len(want), (len(lines), want)
prev = "0" * 64
for i, raw in enumerate(lines):
    r = json.loads(raw)
    assert list(r) == ["v", "seq", "time", "step", "outcome", "reason", "duration_ms", "facts", "prev"], list(r)
    assert r["v"] == 1 and r["seq"] == i and r["step"] == steps[i], r
    assert r["outcome"] == want[i], (steps[i], r["outcome"], want[i])
    assert r["prev"] == prev, "chain broken at %d" % i
    assert (r["reason"] is None) == (r["outcome"] in ("pass", "not_run", "allow")), r
    prev = hashlib.sha256(raw).hexdigest()
v = json.loads(lines[-1])
assert v["facts"]["chain_head"] == v["prev"] and v["facts"]["records"] == 8, v
PY
trail_ok() { "$py" "$TMP/trail.py" "$@"; }

# The outcomes when the run stops at step N (1-based), blocking.
stops_at() {
	n=$1 i=1 s=""
	while [ $i -le 8 ]; do
		if [ $i -lt "$n" ]; then s="$s pass"; elif [ $i -eq "$n" ]; then s="$s fail"; else s="$s not_run"; fi
		i=$((i + 1))
	done
	echo "$s block"
}

# blocked DESC CODE PATTERN STEP CMD...: exit CODE, one stderr line matching PATTERN, the trail
# stops at STEP, the termination log holds the same line, no token file.
blocked() {
	desc=$1 code=$2 pat=$3 step=$4 tok=${TOK:-$OUT/token.jwt}
	shift 4
	rm -f "$OUT/termination-log"
	touch "$tok" "$tok.claims.json" 2>/dev/null
	expect_err "$desc" "$code" "$pat" "$@"
	check "$desc: trail stops at step $step" "'$py' '$TMP/trail.py' '$TMP/out' '$(stops_at "$step")'"
	check "$desc: termination log = the error line" \
		"[ \"attest-init: \$(cat '$OUT/termination-log')\" = \"\$(cat '$TMP/err')\" ]"
	check "$desc: no token or claims file (a stale one is removed)" \
		"[ ! -e '$tok' ] && [ ! -e '$tok.claims.json' ]"
}

export ATTEST_TOKEN_OUT="$OUT/token.jwt" ATTEST_TERMINATION_LOG="$OUT/termination-log"
export ATTEST_OS_RELEASE="$TMP/os-release" ATTEST_DEADLINE=20
unset ATTEST_PROVIDER_URL ATTEST_ISOLATION ATTEST_AK_ROOTS ATTEST_JWKS ATTEST_CONFIG ATTEST_AUDIT_LOG \
	ATTEST_EVIDENCE_OUT ATTEST_VCEK_CHAIN ATTEST_RESOLVE ATTEST_PROXY ATTEST_THIM_URL 2>/dev/null
# The image's CA bundle (its default path /etc/attest-init/ca-bundle.pem is not on a test machine).
export ATTEST_CA_BUNDLE="$repo/policies/ca-bundle.pem"
POLICY=$repo/policies/demo.json
printf '{"version":1,"isolation":"trustedlaunch","provider":{"url":"https://maa.attest.test:1"},"claims":[{"claim":"secureboot","equals":true}]}\n' >"$TMP/tl.json"

expect "run --help" 0 "$BIN" run --help
check "run --help lists every setting" "grep -q -- '--termination-log' '$TMP/out' && grep -q ATTEST_OS_RELEASE '$TMP/out'"
expect_err "an unknown run option is a usage error" 2 "^attest-init: usage: unknown_option" "$BIN" run --providr x
blocked "no provider URL anywhere is exit 2 naming the setting" 2 \
	"^attest-init: gate: missing_setting: ATTEST_PROVIDER_URL" 2 "$BIN" run --policy "$POLICY"
blocked "no command at all runs the gate" 2 "gate: missing_setting: ATTEST_PROVIDER_URL" 2 \
	env ATTEST_POLICY="$POLICY" "$BIN"
blocked "an option first runs the gate" 2 "io: http_ca_bundle_unreadable: ATTEST_CA_BUNDLE .--ca-bundle. $TMP/none.pem" 2 \
	"$BIN" --policy "$POLICY" --provider https://maa.attest.test:1 --ca-bundle "$TMP/none.pem"
# The image's defaults: absent here, each is exit 2 naming the setting and the path.
if [ ! -e /etc/attest-init/ca-bundle.pem ] && [ ! -e /etc/attest-init/azure-vtpm-roots.pem ]; then
	blocked "no ATTEST_CA_BUNDLE: the default /etc/attest-init/ca-bundle.pem, absent: exit 2 naming it" 2 \
		"^attest-init: io: http_ca_bundle_unreadable: ATTEST_CA_BUNDLE .--ca-bundle. /etc/attest-init/ca-bundle.pem: cannot open" 2 \
		env -u ATTEST_CA_BUNDLE "$BIN" run --policy "$POLICY" --provider https://maa.attest.test:1
	blocked "no ATTEST_AK_ROOTS nor tpm.ak_roots: the default /etc/attest-init/azure-vtpm-roots.pem, absent: exit 2 naming it" 2 \
		"^attest-init: config: bad_ak_roots: ATTEST_AK_ROOTS .--ak-roots. /etc/attest-init/azure-vtpm-roots.pem: cannot read" 2 \
		"$BIN" run --policy "$POLICY" --provider https://maa.attest.test:1
else
	skip "the image's default CA bundle / AK roots absent: /etc/attest-init exists on this machine"
fi
blocked "the provider URL differs from the policy's: config_conflict" 2 \
	"^attest-init: gate: config_conflict: ATTEST_PROVIDER_URL .--provider. differs from the policy's provider.url" 2 \
	"$BIN" run --policy "$TMP/tl.json" --provider https://maa.attest.test:2
blocked "the isolation differs from the policy's: config_conflict" 2 \
	"^attest-init: gate: config_conflict: ATTEST_ISOLATION" 2 \
	env ATTEST_ISOLATION=sevsnp "$BIN" run --policy "$TMP/tl.json"
blocked "no os-release is exit 2 naming ATTEST_OS_RELEASE (never invented)" 2 \
	"gate: missing_setting: ATTEST_OS_RELEASE" 2 \
	env -u ATTEST_OS_RELEASE "$BIN" run --policy "$TMP/tl.json" --ak-roots /dev/null
blocked "SEV-SNP without ATTEST_VCEK_CHAIN fetches from THIM: a URL not IMDS or loopback is refused (exit 2)" 2 \
	"^attest-init: io: http_url_refused" 2 \
	"$BIN" run --policy "$POLICY" --provider https://maa.attest.test:1 --ak-roots "$repo/policies/azure-vtpm-roots.pem" \
	--thim-url http://thim.attest.test/metadata/THIM/amd/certification
blocked "a missing policy file is exit 2" 2 "^attest-init: io: open_failed" 2 \
	"$BIN" run --policy "$TMP/none.json" --provider https://maa.attest.test:1
printf '{"version":1,"isolation":"trustedlaunch","claimz":[]}' >"$TMP/typo.json"
blocked "a policy typo is a load error (exit 2)" 2 "^attest-init: policy: unknown_key" 2 \
	"$BIN" run --policy "$TMP/typo.json"
blocked "a bad ATTEST_DEADLINE fails the config step" 2 "^attest-init: config: bad_value: ATTEST_DEADLINE" 1 \
	env ATTEST_DEADLINE=0 "$BIN" run
if [ -w /dev/full ]; then
	expect_err "an audit log that cannot take the records blocks (exit 2)" 2 \
		"^attest-init: gate: audit_log_failed: ATTEST_AUDIT_LOG: write failed" \
		"$BIN" run --policy "$POLICY" --audit-log /dev/full
	check "an audit log that cannot take the records: stdout still has the whole trail" \
		"'$py' '$TMP/trail.py' '$TMP/out' 'pass not_run not_run not_run not_run not_run not_run not_run block'"
fi
expect_err "ATTEST_TERMINATION_LOG=off writes no termination log" 2 "gate: missing_setting" \
	env ATTEST_TERMINATION_LOG=off "$BIN" run --policy "$POLICY"
rm -f "$OUT/termination-log"
expect_err "an unwritable termination log does not change the exit status" 2 "gate: missing_setting" \
	"$BIN" run --policy "$POLICY" --termination-log "$TMP/no/such/dir/log"

# TPM not reachable: a closed loopback port; bounded retries within the deadline, then exit 3.
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
t0=$(date +%s)
blocked "an unreachable TPM is transient (exit 3)" 3 "^attest-init: tpm: tpm_unreachable" 3 \
	"$BIN" run --policy "$TMP/tl.json" --ak-roots "$repo/policies/demo.json" \
	--tcti "swtpm:host=127.0.0.1,port=$port" --deadline 2
t1=$(date +%s)
limit=5
[ "${ATTEST_VALGRIND:-0}" = 1 ] && limit=20
check "an unreachable TPM gives up within the deadline" "[ $((t1 - t0)) -le $limit ]"

if ! command -v swtpm >/dev/null 2>&1 || ! command -v tpm2_createak >/dev/null 2>&1; then
	skip "gate end to end: swtpm or tpm2-tools not installed"
	exit 0
fi
if ! [ -x "$py" ] || ! "$py" -c 'import cryptography' 2>/dev/null; then
	skip "gate end to end: python3-cryptography not installed (the provider emulator)"
	exit 0
fi
"$py" "$tdir/tpm/make_eventlog.py" "$LOG"
emu=""
trap 'sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX" >/dev/null 2>&1; [ -n "$emu" ] && kill $emu 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
if ! sh "$tdir/tpm/swtpm-fixture.sh" start "$FX" "$LOG" >"$TMP/fx.out" 2>&1; then
	notok "swtpm fixture starts"
	sed 's/^/#   /' "$TMP/fx.out"
	exit 1
fi
"$py" "$tdir/provider/maa_emulator.py" --state-dir "$TMP/emu" --ak-roots "$FX/pki/roots.pem" \
	--ports-file "$TMP/ports.json" --idle-timeout 300 >"$TMP/emu.out" 2>"$TMP/emu.log" &
emu=$!
i=0
until [ -s "$TMP/ports.json" ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -s "$TMP/ports.json" ]; then
	notok "provider emulator starts"
	sed 's/^/#   /' "$TMP/emu.log"
	exit 1
fi
port=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["https"])' "$TMP/ports.json")
ctl=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["control"])' "$TMP/ports.json")
fault() { # MODE [JSON-PARAMS]: the next attestation request(s) get this fault
	params=${2:-}
	[ -n "$params" ] || params='{}'
	"$py" -c 'import json, sys, urllib.request as u
d = dict({"mode": sys.argv[2], "count": 1}, **json.loads(sys.argv[3]))
u.urlopen(u.Request("http://127.0.0.1:%s/fault" % sys.argv[1], data=json.dumps(d).encode(), method="POST"), timeout=5).read()' "$ctl" "$1" "$params"
}
TCTI=$(cat "$FX/tcti")
export ATTEST_PROVIDER_URL="https://maa.attest.test:$port" ATTEST_RESOLVE="maa.attest.test:$port:127.0.0.1"
export ATTEST_CA_BUNDLE="$TMP/emu/tls-ca.pem" ATTEST_TCTI="$TCTI" ATTEST_EVENTLOG="$LOG"
export ATTEST_AK_ROOTS="$FX/pki/roots.pem" ATTEST_POLICY="$POLICY" ATTEST_VCEK_CHAIN="$TMP/emu/vcek-chain.pem"

# Success: every step passes, the token and its claims summary are written 0600.
t0=$(date +%s)
expect "the gate allows a genuine node (exit 0)" 0 "$BIN" run --audit-log "$OUT/audit.jsonl" \
	--evidence-out "$OUT/evidence.json"
t1=$(date +%s)
check "success: every step passes and the verdict is allow" \
	"'$py' '$TMP/trail.py' '$TMP/out' 'pass pass pass pass pass pass pass pass allow'"
check "success: nothing on stderr" "[ ! -s '$TMP/err' ]"
check "success: ATTEST_AUDIT_LOG holds the same bytes as stdout" "cmp -s '$TMP/out' '$OUT/audit.jsonl'"
check "success: the token file is 0600 and a compact JWS" \
	"[ \"\$(stat -c %a '$OUT/token.jwt')\" = 600 ] && grep -Eq '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\$' '$OUT/token.jwt'"
check "success: the claims summary names the issuer and the isolation" \
	"grep -q '\"iss\":\"https://maa.attest.test:$port\"' '$OUT/token.jwt.claims.json' && grep -q '\"x-ms-isolation-tee.x-ms-compliance-status\":\"azure-compliant-cvm\"' '$OUT/token.jwt.claims.json'"
check "success: facts hold the nonce, request digest, token jti and every rule's result" \
	"grep -q '\"step\":\"evidence_collect\".*\"nonce\":\"[0-9a-f]\\{64\\}\"' '$TMP/out' && grep -q '\"request_sha256\":\"[0-9a-f]\\{64\\}\"' '$TMP/out' && grep -q '\"jti\":\"' '$TMP/out' && grep -q '\"report\":{\"verdict\":\"pass\"' '$TMP/out'"
check "success: the AK certificate's serial, subject and issuer are in the trail as text" \
	"grep -q '\"ak_cert_serial\":\"[0-9a-f]*\",\"ak_cert_subject\":\"C=US, O=attest-init test, CN=' '$TMP/out'"
check "success: no token text in the trail" "! grep -qF \"\$(cut -d. -f2 '$OUT/token.jwt')\" '$TMP/out'"
check "success: the round trip is well inside the deadline" "[ $((t1 - t0)) -le 10 ]"
check "success: ATTEST_EVIDENCE_OUT holds the bundle, the provider answer, the token, the JWKS and the policy (0600)" \
	"[ \"\$(stat -c %a '$OUT/evidence.json')\" = 600 ] && '$py' -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"format\"]==\"attest-init-gate-evidence\" and d[\"evidence\"][\"format\"]==\"attest-init-evidence\" and all(d[k] for k in (\"provider_response\",\"token\",\"jwks\",\"policy\")); json.dump(d[\"evidence\"], open(sys.argv[2],\"w\"))' '$OUT/evidence.json' '$TMP/bundle.json'"
expect "success: the bundle inside re-verifies offline (evidence verify)" 0 \
	"$BIN" evidence verify "$TMP/bundle.json" --isolation sevsnp
expect "no command at all: the default (run) allows too" 0 "$BIN"

# A pinned JWKS file instead of GET /certs.
expect "a pinned ATTEST_JWKS holding the signing key: allowed" 0 "$BIN" run --jwks "$TMP/emu/jwks.json"
check "pinned JWKS: the token_verify record names the file" "grep -q '\"jwks\":\"$TMP/emu/jwks.json\"' '$TMP/out'"
"$py" -c 'import json, sys
from cryptography.hazmat.primitives.asymmetric import rsa
k = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers()
b = lambda i: __import__("base64").urlsafe_b64encode(i.to_bytes((i.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()
d = json.load(open(sys.argv[1]))
d["keys"] = [{"kty": "RSA", "kid": d["keys"][0]["kid"], "n": b(k.n), "e": b(k.e)}]
json.dump(d, open(sys.argv[2], "w"))' "$TMP/emu/jwks.json" "$TMP/other-jwks.json"
blocked "a pinned JWKS with another key under the same kid refuses the token" 1 \
	"^attest-init: jose: signature_invalid" 6 "$BIN" run --jwks "$TMP/other-jwks.json"
blocked "an unreadable pinned JWKS is a configuration error" 2 "^attest-init: config: jwks_unreadable" 6 \
	"$BIN" run --jwks "$TMP/none.json"

# Retries: two 503s, then the answer (three attempts, allowed).
fault error '{"status":503,"count":2}'
expect "two 503s then success: retried and allowed" 0 "$BIN" run
check "retries: the provider record counts 3 attempts" "grep -q '\"attempts\":3' '$TMP/out'"
# A provider that never answers: the deadline ends the run, transient.
fault hang '{"seconds":30}'
t0=$(date +%s)
blocked "a provider that hangs past the deadline is transient (exit 3)" 3 "^attest-init: io: http_timeout" 5 \
	"$BIN" run --deadline 3
t1=$(date +%s)
check "a hanging provider: the run ends within the deadline" "[ $((t1 - t0)) -le $((limit + 1)) ]"

# Failures at the provider and at token verification.
fault deny
blocked "the provider's policy denies: exit 1 with its error body" 1 \
	"^attest-init: io: http_status: HTTP 400: PolicyDenied" 5 "$BIN" run
fault wrong_nonce
blocked "a token for another nonce is refused" 1 "^attest-init: provider: token_nonce_mismatch" 6 "$BIN" run
fault wrong_ephemeral_key
blocked "a token naming another ephemeral key is refused" 1 "^attest-init: provider: token_enc_key_mismatch" 6 "$BIN" run
fault untrusted_tls
blocked "a provider certificate from an untrusted CA is refused (no retry)" 1 \
	"^attest-init: io: http_tls_untrusted" 5 "$BIN" run
fault wrong_issuer
blocked "a token from another issuer is refused" 1 "^attest-init: jose: issuer_mismatch" 6 "$BIN" run
: >"$TMP/notdir"
TOK="$TMP/notdir/token.jwt" blocked "an unwritable token path blocks (exit 1)" 1 \
	"^attest-init: gate: token_write_failed" 8 "$BIN" run --token-out "$TMP/notdir/token.jwt"
blocked "an unwritable audit log blocks (exit 2)" 2 "^attest-init: gate: audit_log_failed" 1 \
	"$BIN" run --audit-log "$TMP/no/such/dir/audit.jsonl"
sed 's/"x-ms-azurevm-debuggersdisabled", "equals": true/"x-ms-azurevm-debuggersdisabled", "equals": false/' \
	"$POLICY" >"$TMP/strict.json"
blocked "a claim rule of the local policy fails: policy denied" 1 \
	"^attest-init: policy: denied: 1 of [0-9]+ rules failed, first claims\\[3\\]" 7 \
	"$BIN" run --policy "$TMP/strict.json"
check "policy denied: the trail reports the failed rule" "grep -q '\"pass\":false' '$TMP/out'"

# A placeholder AK certificate in NV (docs/maa-azureguest.md 7.4): transient, exit 3.
t() { TPM2TOOLS_TCTI=$TCTI "$@" >/dev/null 2>&1; }
head -c 200 /dev/zero | cat "$FX/pki/ak-placeholder.der" - >"$TMP/ph-nv.bin"
if t tpm2_nvundefine 0x01C101D0 -C o &&
	t tpm2_nvdefine 0x01C101D0 -C o -s "$(stat -c %s "$TMP/ph-nv.bin")" -a "ownerwrite|ownerread|authread|no_da" &&
	t tpm2_nvwrite 0x01C101D0 -C o -i "$TMP/ph-nv.bin"; then
	blocked "a placeholder AK certificate is transient (exit 3)" 3 "^attest-init: gate: ak_cert_placeholder" 4 "$BIN" run
	t tpm2_nvundefine 0x01C101D0 -C o
	t tpm2_nvdefine 0x01C101D0 -C o -s "$(stat -c %s "$FX/ak-nv.bin")" -a "ownerwrite|ownerread|authread|no_da"
	t tpm2_nvwrite 0x01C101D0 -C o -i "$FX/ak-nv.bin"
	expect "the provisioned AK certificate back: allowed again" 0 "$BIN" run
else
	notok "rewrite the AK certificate NV index"
fi

# A PCR extended behind the log's back: the local pre-check refuses before anything is sent.
t tpm2_pcrextend "7:sha256=$(printf '%064d' 7)"
blocked "a PCR extended behind the log's back is refused locally" 1 "^attest-init: attest: pcr_replay_mismatch" 4 "$BIN" run
# The TPM gone: transient.
sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX" >/dev/null 2>&1
blocked "the TPM gone is transient (exit 3)" 3 "^attest-init: tpm: tpm_unreachable" 3 "$BIN" run --deadline 2
