# End-to-end tests of `attest-init run` (the gate) on the swtpm fixture and the local provider
# emulator (test/provider), from an event log the project generates (test/tpm/make_eventlog.py):
# nothing from ../shared. One fixture and one emulator for the whole script; faults are set on
# the emulator's control port. Every blocked case asserts: the exit status, the one stderr line
# (layer: reason), the audit trail (test/cli/gate_audit_check.py: the failing step's record
# fail + reason, earlier steps pass, later steps not_run, the verdict block with the same reason
# and exit), the termination-log file holding the same line, and that no token or claims file
# exists afterwards (a stale pair is planted before every run). Every wait is bounded.
. "$(dirname "$0")/lib.sh"
tdir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$tdir/.." && pwd)
py=/usr/bin/python3

if ! command -v swtpm >/dev/null 2>&1 || ! command -v tpm2_createak >/dev/null 2>&1; then
	skip "gate end-to-end: swtpm or tpm2-tools not installed"
	exit 0
fi
if ! "$py" -c 'import cryptography' 2>/dev/null || ! command -v curl >/dev/null 2>&1; then
	skip "gate end-to-end: python3-cryptography or curl not installed"
	exit 0
fi

# The generated logs (test/tpm/make_eventlog.py) parse, and replay to the generator's own PCRs.
"$py" "$tdir/tpm/make_eventlog.py" --describe "$TMP/on.bin" >"$TMP/on.json"
"$py" "$tdir/tpm/make_eventlog.py" --secure-boot off "$TMP/off.bin"
"$py" "$tdir/tpm/make_eventlog.py" --extra-app rootkit.efi --describe "$TMP/extra.bin" >"$TMP/extra.json"
"$py" "$tdir/tpm/make_eventlog.py" --debug-mode "$TMP/debug.bin"
for f in on off extra debug; do
	expect "attest-init eventlog parses the generated log ($f)" 0 "$BIN" eventlog "$TMP/$f.bin"
done
"$BIN" eventlog --json "$TMP/on.bin" >"$TMP/on.replay.json" 2>/dev/null
check "the generated log replays (attest-init) to the generator's own SHA-256 PCRs 0-7" \
	"'$py' -c 'import json,sys; a=json.load(open(sys.argv[1]))[\"pcrs\"][\"sha256\"]; b=json.load(open(sys.argv[2]))[\"pcrs\"]; sys.exit(any(a[k].lower()!=v for k,v in b.items()))' '$TMP/on.replay.json' '$TMP/on.json'"
"$BIN" eventlog --json "$TMP/off.bin" >"$TMP/off.replay.json" 2>/dev/null
check "Secure Boot off changes PCR 7 and no other of 0-6" \
	"'$py' -c 'import json,sys; a,b=(json.load(open(f))[\"pcrs\"][\"sha256\"] for f in sys.argv[1:]); sys.exit(a[\"7\"]==b[\"7\"] or any(a[str(i)]!=b[str(i)] for i in range(7)))' '$TMP/on.replay.json' '$TMP/off.replay.json'"

if ! "$BIN" run --help >/dev/null 2>&1; then
	skip "gate end-to-end: this binary has no run command"
	exit 0
fi

FX=$TMP/fx OUT=$TMP/gate EMU=""
# Start-up and clean-up allowance past a deadline; valgrind alone takes seconds to start.
SLACK=3000
[ "${ATTEST_VALGRIND:-0}" = 1 ] && SLACK=15000
mkdir -p "$OUT"
cleanup() {
	[ -n "$EMU" ] && kill "$EMU" 2>/dev/null
	sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
# A reader that goes away (| head) must not leave swtpm and the emulator running.
trap 'exit 1' INT TERM HUP PIPE

# ---- fixture, emulator ----
fixture() { # LOG: (re)start the fixture with PCRs 0-7 from LOG (a restart resets the PCRs)
	sh "$tdir/tpm/swtpm-fixture.sh" start "$FX" "$1" >"$TMP/fx.out" 2>&1 || {
		notok "swtpm fixture start: $(tail -n 3 "$TMP/fx.out")"
		exit 1
	}
	TCTI=$(cat "$FX/tcti")
}
fixture "$TMP/on.bin"
TPM2TOOLS_TCTI=$TCTI tpm2_pcrread sha256:0,1,2,3,4,5,6,7 >"$TMP/pcrread.txt" 2>&1
check "the fixture's PCRs 0-7 are the generated log's" \
	"'$py' -c 'import json,re,sys; t=open(sys.argv[1]).read(); got={m[0]:m[1].lower() for m in re.findall(r\"(\\d+) : 0x([0-9A-Fa-f]{64})\", t)}; sys.exit(got!=json.load(open(sys.argv[2]))[\"pcrs\"])' '$TMP/pcrread.txt' '$TMP/on.json'"
"$py" "$tdir/provider/maa_emulator.py" --state-dir "$TMP/emu" --ak-roots "$FX/pki/roots.pem" \
	--ports-file "$TMP/ports.json" --idle-timeout 600 >"$TMP/emu.out" 2>"$TMP/emu.log" &
EMU=$!
i=0
until [ -s "$TMP/ports.json" ] || [ $i -ge 150 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/ports.json" ] || { notok "emulator did not start: $(tail -n 3 "$TMP/emu.log")"; exit 1; }
PORT=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["https"])' "$TMP/ports.json")
CTL=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["control"])' "$TMP/ports.json")
URL=https://maa.attest.test:$PORT

fault() { # JSON: the emulator's fault for the next requests
	code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST -d "$1" "http://127.0.0.1:$CTL/fault")
	[ "$code" = 200 ] || notok "emulator refused fault $1 (HTTP $code)"
}

# policy FILE PYTHON: policies/demo.json changed by the statements (on the dict p), into FILE.
policy() {
	"$py" -c 'import json,sys; p=json.load(open(sys.argv[1])); exec(sys.argv[3]); json.dump(p, open(sys.argv[2], "w"))' \
		"$root/policies/demo.json" "$1" "$2"
}
policy "$TMP/policy.json" 'pass'
# The host's os-release goes into the request (OSDistro, OSVersion): a fixed one, not the host's.
printf 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n' >"$TMP/os-release"
APP_GRUB=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["boot_applications"]["grubx64.efi"])' "$TMP/on.json")
APP_SHIM=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["boot_applications"]["shimx64.efi"])' "$TMP/on.json")

# gate [VAR=value...]: `attest-init run` with the test's settings (the assignments override
# them; $UNSET names one setting to remove, $RUNARGS are options to run), stdout and stderr to
# $OUT, status in RC, wall milliseconds in ELAPSED.
UNSET="" RUNARGS=""
gate() {
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	env ATTEST_TCTI="$TCTI" ATTEST_EVENTLOG="$TMP/on.bin" ATTEST_AK_ROOTS="$FX/pki/roots.pem" \
		ATTEST_PROVIDER_URL="$URL" ATTEST_RESOLVE="maa.attest.test:$PORT:127.0.0.1" \
		ATTEST_CA_BUNDLE="$TMP/emu/tls-ca.pem" ATTEST_VCEK_CHAIN="$TMP/emu/vcek-chain.pem" \
		ATTEST_POLICY="$TMP/policy.json" ATTEST_TOKEN_OUT="$OUT/token.jwt" \
		ATTEST_AUDIT_LOG="$OUT/audit.jsonl" ATTEST_TERMINATION_LOG="$OUT/termination-log" \
		ATTEST_OS_RELEASE="$TMP/os-release" ATTEST_DEADLINE=20 "$@" env ${UNSET:+-u "$UNSET"} "$BIN" run $RUNARGS >"$OUT/stdout" 2>"$OUT/stderr"
	RC=$?
	ELAPSED=$((($(date +%s%N) - t0) / 1000000))
}

plant() { # a stale token and claims file from an "earlier run" (unless NOPLANT=1)
	rm -f "$OUT/termination-log" "$OUT/audit.jsonl" "$OUT/token.jwt" "$OUT/token.jwt.claims.json"
	[ "$NOPLANT" = 1 ] && return
	echo "stale.token.jwt" >"$OUT/token.jwt"
	echo '{"stale":true}' >"$OUT/token.jwt.claims.json"
}
NOPLANT=0

# blocked DESC EXIT REASON STEP [VAR=value...]: a run that must block with EXIT, a
# stderr line "attest-init: REASON..." (REASON an extended regex of "layer: code"), STEP's
# record failing with that reason (STEP "?": whichever step fails first), the termination log
# holding the line, and no token or claims file afterwards.
blocked() {
	desc=$1 code=$2 reason=$3 step=$4
	shift 4
	plant
	gate "$@"
	why=""
	[ "$RC" = "$code" ] || why="$why exit $RC, wanted $code;"
	if [ "$(wc -l <"$OUT/stderr")" -ne 1 ] || ! grep -Eq "^attest-init: ($reason)" "$OUT/stderr"; then
		why="$why stderr '$(head -c 300 "$OUT/stderr" | tr '\n' '|')' is not one line 'attest-init: $reason';"
	fi
	if [ ! -f "$OUT/termination-log" ]; then
		why="$why no termination log;"
	elif [ "$(cat "$OUT/termination-log")" != "$(sed 's/^attest-init: //' "$OUT/stderr")" ]; then
		why="$why termination log '$(head -c 200 "$OUT/termination-log")' is not the stderr line;"
	fi
	if [ -e "$OUT/token.jwt" ] || [ -e "$OUT/token.jwt.claims.json" ]; then
		why="$why a token or claims file exists after the block;"
	fi
	a=$("$py" "$tdir/cli/gate_audit_check.py" "$OUT/stdout" block "$step" "$reason" "$code") ||
		why="$why audit trail: $a;"
	if [ -f "$OUT/audit.jsonl" ] && ! cmp -s "$OUT/audit.jsonl" "$OUT/stdout"; then
		why="$why ATTEST_AUDIT_LOG differs from stdout;"
	fi
	if [ -z "$why" ]; then ok "$desc"; else notok "$desc:$why"; fi
}

# allowed DESC [VAR=value...]: a run that must allow: exit 0, nothing on stderr, an allow trail
# (also in ATTEST_AUDIT_LOG), no termination log, the stale token replaced by the verified one
# (mode 0600, a JWS whose iss is the emulator and whose nonce is the one in the trail) and its
# claims summary.
allowed() {
	desc=$1
	shift
	plant
	gate "$@"
	why=""
	[ "$RC" = 0 ] || why="$why exit $RC ($(head -c 300 "$OUT/stderr"));"
	[ -s "$OUT/stderr" ] && [ "$RC" = 0 ] && why="$why stderr not empty;"
	[ -e "$OUT/termination-log" ] && why="$why termination log written on allow;"
	a=$("$py" "$tdir/cli/gate_audit_check.py" "$OUT/stdout" allow) || why="$why audit trail: $a;"
	cmp -s "$OUT/audit.jsonl" "$OUT/stdout" || why="$why ATTEST_AUDIT_LOG differs from stdout;"
	if [ "$(stat -c %a "$OUT/token.jwt" 2>/dev/null)" != 600 ]; then
		why="$why token file missing or not 0600;"
	elif ! a=$("$py" - "$OUT/token.jwt" "$OUT/token.jwt.claims.json" "$URL" <<'PY'
import base64, json, sys
tok = open(sys.argv[1]).read().strip()
parts = tok.split(".")
assert len(parts) == 3, "not a JWS"
claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
assert claims["iss"] == sys.argv[3], "iss %s" % claims["iss"]
assert claims["x-ms-runtime"]["client-payload"]["nonce"], "no nonce"
assert isinstance(json.load(open(sys.argv[2])), dict), "claims summary not an object"
PY
	); then
		why="$why token: $a;"
	fi
	if [ -z "$why" ]; then ok "$desc"; else notok "$desc:$why"; fi
}

# ---- allowed starts ----
fault '{"mode":"none"}'
allowed "a genuine node with Secure Boot on and the demo policy is allowed; the stale token is replaced"
if ! "$BIN" audit --help >/dev/null 2>&1; then
	skip "audit verify accepts the allowed run's trail: this binary has no audit command"
elif "$BIN" audit verify "$OUT/audit.jsonl" >/dev/null 2>&1; then
	ok "audit verify accepts the allowed run's trail"
else
	notok "audit verify accepts the allowed run's trail ($("$BIN" audit verify "$OUT/audit.jsonl" 2>&1 | head -c 200))"
fi
cp "$OUT/stdout" "$TMP/allow-trail.jsonl"
fault '{"mode":"error","status":503,"count":2}'
allowed "two 503 answers then success: retried, allowed"
fault '{"mode":"error","status":500,"count":1}'
allowed "one 500 answer then success: retried, allowed"
fault '{"mode":"ratelimit","retry_after":1,"count":1}'
allowed "one 429 with Retry-After: 1 then success: allowed"
check "the 429's Retry-After was honoured (run took >= 1 s)" "[ $ELAPSED -ge 1000 ]"
fault '{"mode":"slow","delay":2,"count":1}'
allowed "a provider answer 2 s late, within the deadline: allowed"
# The token checks and the policy's max_token_age rule both allow iat up to ATTEST_MAX_SKEW
# in the future (the demo policy has max_token_age 300).
fault '{"mode":"clock","offset":30,"count":1}'
allowed "a provider clock 30 s ahead (inside ATTEST_MAX_SKEW 60), with the max_token_age rule: allowed"
check "the clock-ahead run evaluated the max_token_age rule" \
	"grep -q '\"rule\":\"provider.max_token_age\",\"pass\":true' '$OUT/stdout'"
fault '{"mode":"none"}'
allowed "ATTEST_TERMINATION_LOG unwritable does not change an allow" \
	ATTEST_TERMINATION_LOG="$TMP/on.bin/termination-log"
RUNARGS="--tcti $TCTI"
allowed "--flags override the environment (a wrong ATTEST_TCTI overridden by --tcti)" \
	ATTEST_TCTI="swtpm:host=127.0.0.1,port=1"
RUNARGS=""

# ---- configuration and policy (exit 2) ----
blocked "a missing policy file is a configuration error" 2 "(io: open_failed|policy: )" policy_load \
	ATTEST_POLICY="$TMP/no-such-policy.json"
policy "$TMP/typo.json" 'p["eventlog"]["secureboot"] = p["eventlog"].pop("secure_boot")'
blocked "a policy key typo (eventlog.secureboot) is a load error, never a weaker policy" 2 "policy: unknown_key" policy_load \
	ATTEST_POLICY="$TMP/typo.json"
policy "$TMP/v2.json" 'p["version"] = 2'
blocked "a policy of another version is a load error" 2 "policy: bad_version" policy_load ATTEST_POLICY="$TMP/v2.json"
printf '{"version": 1, "isolation": "sevsnp",}' >"$TMP/notjson.json"
blocked "a policy that is not strict JSON is a load error" 2 "policy: not_json" policy_load ATTEST_POLICY="$TMP/notjson.json"
policy "$TMP/emptyclaims.json" 'p["claims"] = []'
blocked "an empty claim rule list is a load error (it would check nothing)" 2 "policy: empty_list" policy_load \
	ATTEST_POLICY="$TMP/emptyclaims.json"
UNSET=ATTEST_PROVIDER_URL
blocked "no provider URL in settings or policy: missing setting" 2 "gate: missing_setting" "?"
UNSET=""
grep -q "ATTEST_PROVIDER_URL\|provider" "$OUT/stderr" && ok "the missing setting is named" || notok "the missing setting is named ($(cat "$OUT/stderr"))"
policy "$TMP/otherurl.json" 'p["provider"]["url"] = "https://other.attest.test"'
blocked "policy provider.url differs from ATTEST_PROVIDER_URL: config_conflict" 2 "gate: config_conflict" "?" \
	ATTEST_POLICY="$TMP/otherurl.json"
blocked "ATTEST_ISOLATION=trustedlaunch against the policy's sevsnp: config_conflict" 2 "gate: config_conflict" "?" \
	ATTEST_ISOLATION=trustedlaunch
blocked "ATTEST_DEADLINE=0 is a configuration error" 2 "config: bad_value" config ATTEST_DEADLINE=0
# names TEXT: the block's stderr line names the setting and the path (the audit check reads
# only "layer: code").
names() { grep -qF -- "$1" "$OUT/stderr" && ok "  ... naming $1" || notok "  ... naming $1 ($(cat "$OUT/stderr"))"; }
blocked "a missing CA bundle is a configuration error" 2 "io: http_ca_bundle_unreadable" policy_load \
	ATTEST_CA_BUNDLE="$TMP/no-such-ca.pem"
names "ATTEST_CA_BUNDLE (--ca-bundle) $TMP/no-such-ca.pem: cannot open"
blocked "a missing AK roots file is a configuration error" 2 "config: bad_ak_roots" policy_load \
	ATTEST_AK_ROOTS="$TMP/no-such-roots.pem"
names "ATTEST_AK_ROOTS (--ak-roots) $TMP/no-such-roots.pem: cannot read"
# The image's defaults (/etc/attest-init/...), absent on a test machine: exit 2 naming them.
if [ ! -e /etc/attest-init/ca-bundle.pem ]; then
	UNSET=ATTEST_CA_BUNDLE
	blocked "no ATTEST_CA_BUNDLE: the image's default file, absent here: exit 2" 2 \
		"io: http_ca_bundle_unreadable" policy_load
	names "ATTEST_CA_BUNDLE (--ca-bundle) /etc/attest-init/ca-bundle.pem: cannot open"
	UNSET=""
else
	skip "the default CA bundle absent: /etc/attest-init/ca-bundle.pem exists on this machine"
fi
if [ ! -e /etc/attest-init/azure-vtpm-roots.pem ]; then
	UNSET=ATTEST_AK_ROOTS
	blocked "no ATTEST_AK_ROOTS nor tpm.ak_roots: the image's default file, absent here: exit 2" 2 \
		"config: bad_ak_roots" policy_load
	names "ATTEST_AK_ROOTS (--ak-roots) /etc/attest-init/azure-vtpm-roots.pem: cannot read"
	UNSET=""
else
	skip "the default AK roots absent: /etc/attest-init/azure-vtpm-roots.pem exists on this machine"
fi
policy "$TMP/roots.json" "p['tpm'] = dict(p.get('tpm', {}), ak_roots='$FX/pki/roots.pem')"
UNSET=ATTEST_AK_ROOTS
allowed "the policy's tpm.ak_roots is used when ATTEST_AK_ROOTS is unset (the default does not conflict)" \
	ATTEST_POLICY="$TMP/roots.json"
UNSET=""

# ---- ATTEST_AK_AIA: intermediates by AIA only when the configured pool lacks the issuer ----
# (the fetch itself, its allow-list and refusals: test/unit/test_ak_aia.c on aia_server.py)
allowed "ATTEST_AK_AIA=on with the AK's issuer already configured: no fetch, allowed" ATTEST_AK_AIA=on \
	ATTEST_AK_AIA_HOSTS=www.microsoft.com
check "AK AIA: the precheck record counts 0 fetches" \
	"grep -q '\"step\":\"evidence_precheck\".*\"ak_aia_fetched\":0' '$OUT/stdout'"
blocked "ATTEST_AK_AIA_HOSTS with an empty entry is a configuration error" 2 "config: bad_value" config \
	ATTEST_AK_AIA=on ATTEST_AK_AIA_HOSTS="www.microsoft.com,,evil.test"
names "ATTEST_AK_AIA_HOSTS (--ak-aia-hosts) wants 1-8 comma-separated host names"

# ---- the VCEK chain from THIM (the emulator's IMDS-like listener; loopback only) ----
THIM=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["thim"])' "$TMP/ports.json")
THIM_URL=http://127.0.0.1:$THIM/metadata/THIM/amd/certification
UNSET=ATTEST_VCEK_CHAIN
allowed "sevsnp without ATTEST_VCEK_CHAIN: the chain from THIM, allowed" ATTEST_THIM_URL="$THIM_URL"
check "THIM: the policy_load record names the THIM URL and the chain's SHA-256" \
	"grep -q '\"step\":\"policy_load\".*\"vcek_chain\":\"$THIM_URL\",\"vcek_chain_sha256\":\"[0-9a-f]\\{64\\}\"' '$OUT/stdout'"
dead=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
blocked "THIM down (nothing listening): transient, exit 3" 3 "io: http_(unavailable|connect_failed|timeout)" policy_load \
	ATTEST_THIM_URL="http://127.0.0.1:$dead/metadata/THIM/amd/certification" ATTEST_DEADLINE=3
check "THIM down: given up within the deadline (3 s + $SLACK ms)" "[ $ELAPSED -le $((3000 + SLACK)) ]"
mkdir -p "$TMP/thimroot/metadata/THIM/amd"
printf 'not json at all' >"$TMP/thimroot/metadata/THIM/amd/certification"
gport=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$py" -m http.server --bind 127.0.0.1 --directory "$TMP/thimroot" "$gport" >/dev/null 2>&1 &
GSRV=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$gport/" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
blocked "THIM answering garbage: refused (exit 1)" 1 "provider: thim_" policy_load \
	ATTEST_THIM_URL="http://127.0.0.1:$gport/metadata/THIM/amd/certification"
kill "$GSRV" 2>/dev/null
blocked "a THIM URL that is not loopback or IMDS is refused before any connection" 2 "io: http_url_refused" policy_load \
	ATTEST_THIM_URL="http://thim.attest.test:$THIM/metadata/THIM/amd/certification"
UNSET=""

# ---- local pre-checks on the node's own evidence (exit 1) ----
blocked "AK certificate not chaining to the configured roots" 1 "attest: ak_cert_untrusted" evidence_precheck \
	ATTEST_AK_ROOTS="$tdir/tpm/certs/other-roots.pem"
head -c 2000 "$TMP/on.bin" >"$TMP/cut.bin"
blocked "an event log cut inside an event" 1 "eventlog: truncated_event" "?" ATTEST_EVENTLOG="$TMP/cut.bin"
blocked "no event log at the configured path" 1 "(attest|provider): eventlog_missing" evidence_precheck \
	ATTEST_EVENTLOG="$TMP/no-such-log.bin"
blocked "the log of another boot (Secure Boot off) against this TPM's PCRs" 1 "attest: pcr_replay_mismatch" evidence_precheck \
	ATTEST_EVENTLOG="$TMP/off.bin"
policy "$TMP/tl.json" 'p["isolation"] = "trustedlaunch"; p["claims"] = [{"claim": "secureboot", "equals": True}]'
blocked "isolation trustedlaunch on an SEV-SNP node (HCL report present)" 1 "(provider|attest|policy): (isolation_mismatch|denied)" "?" \
	ATTEST_POLICY="$TMP/tl.json"
TPM2TOOLS_TCTI=$TCTI tpm2_nvundefine 0x01400001 -C o >/dev/null 2>&1
blocked "isolation sevsnp on a Trusted Launch node (no HCL report)" 1 "(attest|provider): (hcl_report_missing|isolation_mismatch)" "?"
TPM2TOOLS_TCTI=$TCTI tpm2_nvdefine 0x01400001 -C o -s "$(stat -c %s "$FX/hcl.bin")" \
	-a "ownerwrite|ownerread|authread|no_da" >/dev/null 2>&1 &&
	TPM2TOOLS_TCTI=$TCTI tpm2_nvwrite 0x01400001 -C o -i "$FX/hcl.bin" >/dev/null 2>&1 ||
	notok "restoring the HCL report"
TPM2TOOLS_TCTI=$TCTI tpm2_pcrextend "7:sha256=$(printf '%064d' 7)" >/dev/null 2>&1
blocked "PCR 7 extended behind the log's back" 1 "attest: pcr_replay_mismatch" evidence_precheck
TPM2TOOLS_TCTI=$TCTI tpm2_pcrextend "4:sha256=$(printf '%064d' 4)" >/dev/null 2>&1
blocked "PCR 4 (boot applications) also extended behind the log's back" 1 "attest: pcr_replay_mismatch" evidence_precheck

# ---- Secure Boot off in the log (the provider's own policy denies it) ----
fixture "$TMP/off.bin"
blocked "Secure Boot off in a consistent log: the provider denies it" 1 "io: http_status" provider_exchange \
	ATTEST_EVENTLOG="$TMP/off.bin"
grep -q PolicyDenied "$OUT/stderr" && ok "the provider's PolicyDenied code is in the reason line" ||
	notok "the provider's PolicyDenied code is in the reason line ($(cat "$OUT/stderr"))"
fixture "$TMP/debug.bin"
blocked "firmware in UEFI debug mode (measured in PCR 7): the provider denies it" 1 "io: http_status" provider_exchange \
	ATTEST_EVENTLOG="$TMP/debug.bin"
# An extra boot application the provider does not mind, forbidden by the customer's policy.
fixture "$TMP/extra.bin"
APP_ROOTKIT=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["boot_applications"]["rootkit.efi"])' "$TMP/extra.json")
policy "$TMP/norootkit.json" "p['eventlog']['boot_applications'] = {'forbidden': ['$APP_ROOTKIT']}"
allowed "a node booting an extra application passes the demo policy (the provider does not mind it)" \
	ATTEST_EVENTLOG="$TMP/extra.bin" ATTEST_POLICY="$TMP/policy.json"
blocked "an extra boot application (rootkit.efi) forbidden by the policy" 1 "policy: denied" policy_eval \
	ATTEST_EVENTLOG="$TMP/extra.bin" ATTEST_POLICY="$TMP/norootkit.json"
grep -q "$APP_ROOTKIT" "$OUT/stdout" && ok "the forbidden digest is named in the trail" ||
	notok "the forbidden digest is named in the trail"
fixture "$TMP/on.bin"
allowed "the node booted without rootkit.efi passes the same policy" ATTEST_POLICY="$TMP/norootkit.json"

# ---- provider faults ----
fault '{"mode":"error","status":503}'
blocked "503 on every attempt: unavailable after retries (transient)" 3 "io: http_(unavailable|timeout)" provider_exchange \
	ATTEST_DEADLINE=8
fault '{"mode":"ratelimit","retry_after":2}'
blocked "429 on every attempt: unavailable after retries (transient)" 3 "io: http_(unavailable|timeout)" provider_exchange \
	ATTEST_DEADLINE=8
fault '{"mode":"hang","seconds":30}'
blocked "a provider that never answers: deadline, exit 3" 3 "io: http_(timeout|unavailable)" provider_exchange \
	ATTEST_DEADLINE=5
check "the hanging provider was given up within the deadline (5 s + $SLACK ms)" "[ $ELAPSED -le $((5000 + SLACK)) ]"
fault '{"mode":"slow","delay":10}'
blocked "a provider slower than the deadline: exit 3 at the deadline" 3 "io: http_(timeout|unavailable)" provider_exchange \
	ATTEST_DEADLINE=4
check "the slow provider was given up within the deadline (4 s + $SLACK ms)" "[ $ELAPSED -le $((4000 + SLACK)) ]"
fault '{"mode":"truncate"}'
blocked "answers cut in half: transient after retries" 3 "io: http_(truncated|unavailable|timeout)" provider_exchange \
	ATTEST_DEADLINE=8
fault '{"mode":"garbage"}'
blocked "an answer that is not JSON" 1 "provider: response_not_json" provider_exchange
fault '{"mode":"oversized","bytes":2097152}'
blocked "an answer over the 1 MiB cap" 1 "io: http_body_too_large" provider_exchange
fault '{"mode":"bad_tag"}'
blocked "an envelope whose AES-GCM tag does not verify" 1 "provider: tag_mismatch" provider_exchange
fault '{"mode":"bad_iv"}'
blocked "an envelope with a 16-byte IV" 1 "provider: iv_size" provider_exchange
fault '{"mode":"bad_key_size"}'
blocked "an envelope whose KeySizeInBits disagrees with the key" 1 "provider: key_size_mismatch" provider_exchange
fault '{"mode":"deny"}'
blocked "the provider's policy denies the evidence" 1 "io: http_status" provider_exchange
fault '{"mode":"untrusted_tls"}'
blocked "a provider TLS certificate from another CA" 1 "io: http_tls_untrusted" provider_exchange
fault '{"mode":"unknown_key"}'
blocked "a token signed by a key /certs does not hold" 1 "jose: (signature_invalid|kid_not_found)" token_verify
fault '{"mode":"wrong_issuer"}'
blocked "a token from another issuer" 1 "jose: issuer_mismatch" token_verify
fault '{"mode":"wrong_nonce"}'
blocked "a replayed token (for another nonce)" 1 "provider: token_nonce_mismatch" token_verify
fault '{"mode":"wrong_ephemeral_key"}'
blocked "a token naming another ephemeral key" 1 "provider: token_enc_key_mismatch" token_verify
fault '{"mode":"expired"}'
blocked "an expired (old, replayed) token: our clock is past its exp" 1 "jose: expired" token_verify
fault '{"mode":"clock","offset":3600}'
blocked "a provider clock 1 h ahead (token issued in our future)" 1 "jose: (issued_in_future|not_yet_valid)" token_verify
fault '{"mode":"clock","offset":-3600}'
blocked "a provider clock 1 h behind: token older than max_token_age 300" 1 "policy: denied" policy_eval
grep -q "max_token_age" "$OUT/stdout" && ok "the age rule is named in the trail" || notok "the age rule is named in the trail"
fault '{"mode":"none"}'

# ---- the customer's claim and event-log rules, each violated ----
rule() { # DESC PYTHON: a policy changed by PYTHON must be denied at policy_eval
	policy "$TMP/rule.json" "$2"
	blocked "policy rule violated: $1" 1 "policy: denied" policy_eval ATTEST_POLICY="$TMP/rule.json"
}
rule "equals (compliance status)" 'p["claims"][1]["equals"] = "not-compliant"'
rule "equals of another type (\"true\" is not true)" 'p["claims"][2]["equals"] = "true"'
rule "one_of" 'p["claims"].append({"claim": "x-ms-isolation-tee.x-ms-attestation-type", "one_of": ["tdxvm", "sgxvm"]})'
rule "min" 'p["claims"].append({"claim": "x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn", "min": 1000000})'
rule "max" 'p["claims"].append({"claim": "x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn", "max": -1})'
rule "present" 'p["claims"].append({"claim": "x-ms-no-such-claim", "present": True})'
rule "absent" 'p["claims"].append({"claim": "secureboot", "absent": True})'
rule "provider.issuer" 'p["provider"]["issuer"] = "https://other.attest.test"'
rule "eventlog.secure_boot false on a Secure Boot node" 'p["eventlog"]["secure_boot"] = False'
rule "a forbidden boot application (GRUB's digest)" "p['eventlog']['boot_applications'] = {'forbidden': ['$APP_GRUB']}"
rule "allowed boot applications without GRUB" "p['eventlog']['boot_applications'] = {'allowed': ['$APP_SHIM']}"
rule "a forbidden event type present" 'p["eventlog"]["forbidden_event_types"] = ["EV_EFI_VARIABLE_AUTHORITY"]'
rule "an expected PCR 7 value" 'p["eventlog"]["pcrs"] = {"7": "00" * 32}'
policy "$TMP/all.json" "p['eventlog']['boot_applications'] = {'allowed': ['$APP_SHIM', '$APP_GRUB']}; p['eventlog']['forbidden_event_types'] = ['EV_EFI_HCRTM_EVENT']"
allowed "the same rules satisfied (allowed list with both applications, another forbidden type)" ATTEST_POLICY="$TMP/all.json"

# ---- outputs ----
NOPLANT=1 # the stale pair would be at another path
blocked "a token path in a missing directory: blocked at token_write, no token" 1 "gate: token_write_failed" token_write \
	ATTEST_TOKEN_OUT="$OUT/no-such-dir/token.jwt"
blocked "a token path under a regular file (stale one not removable): blocked" 1 "gate: token_write_failed" "?" \
	ATTEST_TOKEN_OUT="$TMP/on.bin/token.jwt"
NOPLANT=0
blocked "an unwritable audit log blocks rather than go unrecorded" 2 "gate: audit_log_failed" "?" \
	ATTEST_AUDIT_LOG="$TMP/on.bin/audit.jsonl"
fault '{"mode":"garbage","count":1}'
plant
gate ATTEST_TERMINATION_LOG="$TMP/on.bin/termination-log"
check "an unwritable termination log does not change a block (exit 1)" "[ $RC = 1 ] && [ ! -e '$OUT/token.jwt' ]"
fault '{"mode":"garbage","count":1}'
plant
gate ATTEST_TERMINATION_LOG=off
check "ATTEST_TERMINATION_LOG=off: blocked, no termination file" "[ $RC = 1 ] && [ ! -e '$OUT/termination-log' ]"

# ---- the TPM goes away ----
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
blocked "no TPM at the configured TCTI: transient" 3 "tpm: tpm_unreachable" evidence_collect \
	ATTEST_TCTI="swtpm:host=127.0.0.1,port=$port" ATTEST_DEADLINE=3
fault '{"mode":"slow","delay":3,"count":1}'
(sleep 1.5 && sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX" >/dev/null 2>&1) &
stopper=$!
blocked "the TPM stops while the provider answers (decrypt needs it): transient" 3 "tpm: tpm_unreachable" provider_exchange
wait "$stopper"
fixture "$TMP/on.bin"
fault '{"mode":"none"}'
allowed "after the TPM is back, the node is allowed again"
