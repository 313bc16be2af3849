# attest-init policy check: the shipped strict AKS CVM policy against the claims of a real
# Linux CVM token (accepted, then refused for each single weakening), event-log rules against
# real logs (Secure Boot on and off), and one load error per kind (exit 2 naming the path).
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
POL=$ROOT/policies
MAA=$SHARED/testdata/maa/token-azureguest-sharedeus2-2024-linux-cvm.decoded.json
LOGS=$SHARED/testdata/eventlogs
if [ ! -f "$MAA" ] || [ ! -f "$LOGS/gce-rhel8-sb.bin" ]; then
	skip "policy check on real data: $SHARED/testdata absent"
	exit 0
fi
MAA=$(cd "$(dirname "$MAA")" && pwd)/$(basename "$MAA")
LOGS=$(cd "$LOGS" && pwd)
IAT=1734719094
NOW=$((IAT + 60))
cd "$TMP" || exit 1

# ---- inputs: claims variants and policies, made by one python3 run ----
cat >gen.py <<'PY'
# gen.py TOKEN LOGS: writes claims variants (w-NAME.json), event-log policies and broken policies.
import json, sys

tok = json.load(open(sys.argv[1]))
logs = sys.argv[2]
claims = tok["payload"]


def put(name, obj):
    with open(name, "w") as f:
        json.dump(obj, f, indent=1)


def variant(name, edit):
    c = json.loads(json.dumps(claims))
    edit(c)
    put("w-" + name + ".json", c)


def tee(c):
    return c["x-ms-isolation-tee"]


put("bare.json", claims)
variant("debuggers-enabled", lambda c: c.update({"x-ms-azurevm-debuggersdisabled": False}))
variant("kerneldebug", lambda c: c.update({"x-ms-azurevm-kerneldebug-enabled": True}))
variant("bootdebug", lambda c: c.update({"x-ms-azurevm-bootdebug-enabled": True}))
variant("hypervisordebug", lambda c: c.update({"x-ms-azurevm-hypervisordebug-enabled": True}))
variant("testsigning", lambda c: c.update({"x-ms-azurevm-testsigning-enabled": True}))
variant("flightsigning", lambda c: c.update({"x-ms-azurevm-flightsigning-enabled": True}))
variant("signing-enabled", lambda c: c.update({"x-ms-azurevm-signingdisabled": False}))
variant("secureboot-off", lambda c: c.update({"secureboot": False}))
variant("secureboot-string", lambda c: c.update({"secureboot": "true"}))
variant("dbx-not-validated", lambda c: c.update({"x-ms-azurevm-dbxvalidated": False}))
variant("debuggers-claim-absent", lambda c: c.pop("x-ms-azurevm-debuggersdisabled"))
variant("compliance", lambda c: tee(c).update({"x-ms-compliance-status": "azure-noncompliant-cvm"}))
variant("snp-debuggable", lambda c: tee(c).update({"x-ms-sevsnpvm-is-debuggable": True}))
variant("snp-migratable", lambda c: tee(c).update({"x-ms-sevsnpvm-migration-allowed": True}))
variant("vmpl", lambda c: tee(c).update({"x-ms-sevsnpvm-vmpl": 1}))
variant("tdx", lambda c: tee(c).update({"x-ms-attestation-type": "tdxvm"}))
variant("trustedlaunch", lambda c: c.pop("x-ms-isolation-tee"))
variant("vm-config-sb-off", lambda c: tee(c)["x-ms-runtime"]["vm-configuration"].update({"secure-boot": False}))
variant("issuer", lambda c: c.update({"iss": "https://evil.attest.azure.net"}))
variant("pcrs", lambda c: c.update({"x-ms-azurevm-attested-pcrs": [0, 1, 2, 3, 4, 5, 6]}))
variant("protocol", lambda c: c.update({"x-ms-azurevm-attestation-protocol-ver": "1.0"}))

pcrs = json.load(open(logs + "/gce-rhel8-sb.pcrs.json"))["banks"]["sha256"]
apps_on = ["40d6cae02973789080cf4c3a9ad11b5a0a4d8bba4438ab96e276cc784454dee7",
           "e8a268c431da72caaae407f729f602b9dbf5d1d43492d4a51cc2b688a08586e3",
           "e4c0382f98feaebfd43923a85fd6da9a20e1a48524a4d5928c31850ca1a96a6e"]
base = {"version": 1, "isolation": "sevsnp"}


def pol(name, **kw):
    p = dict(base)
    p.update(kw)
    put(name, p)


pol("p-sb-on.json", eventlog={"secure_boot": True})
pol("p-sb-off.json", eventlog={"secure_boot": False})
pol("p-apps-allowed.json", eventlog={"boot_applications": {"allowed": apps_on}})
pol("p-apps-allowed-short.json", eventlog={"boot_applications": {"allowed": apps_on[:2]}})
pol("p-apps-forbidden.json", eventlog={"boot_applications": {"forbidden": [apps_on[2]]}})
pol("p-types.json", eventlog={"forbidden_event_types": ["EV_EFI_HCRTM_EVENT", 0x12]})
pol("p-types-hit.json", eventlog={"forbidden_event_types": ["EV_EFI_BOOT_SERVICES_APPLICATION"]})
pol("p-pcrs.json", eventlog={"pcrs": {"0": pcrs["0"], "7": pcrs["7"]}})
pol("p-pcrs-bad.json", eventlog={"pcrs": {"7": pcrs["7"][:-1] + ("0" if pcrs["7"][-1] != "0" else "1")}})
pol("p-pcrs-unextended.json", eventlog={"pcrs": {"16": "00" * 32}})
pol("p-all.json", eventlog={"secure_boot": True, "boot_applications": {"allowed": apps_on},
                             "forbidden_event_types": ["EV_EFI_HCRTM_EVENT"],
                             "pcrs": {"7": pcrs["7"]}},
    claims=[{"claim": "x-ms-isolation-tee.x-ms-attestation-type", "equals": "sevsnpvm"}])

# Load errors: NAME, policy text, the JSON path and reason the error must name.
def bad(name, text):
    with open("bad-" + name + ".json", "w") as f:
        f.write(text)


bad("typo-key", '{"version":1,"isolation":"sevsnp","claim":[]}')
bad("typo-nested", '{"version":1,"isolation":"sevsnp","eventlog":{"secureboot":true}}')
bad("typo-operator", '{"version":1,"isolation":"sevsnp","claims":[{"claim":"a","equal":1}]}')
bad("two-operators", '{"version":1,"isolation":"sevsnp","claims":[{"claim":"a","min":1,"max":2}]}')
bad("no-operator", '{"version":1,"isolation":"sevsnp","claims":[{"claim":"a"}]}')
bad("wrong-type", '{"version":1,"isolation":"sevsnp","eventlog":{"secure_boot":"yes"}}')
bad("wrong-type-min", '{"version":1,"isolation":"sevsnp","claims":[{"claim":"a","min":"4"}]}')
bad("empty-claims", '{"version":1,"isolation":"sevsnp","claims":[]}')
bad("empty-one-of", '{"version":1,"isolation":"sevsnp","claims":[{"claim":"a","one_of":[]}]}')
bad("empty-eventlog", '{"version":1,"isolation":"sevsnp","eventlog":{}}')
bad("version-2", '{"version":2,"isolation":"sevsnp"}')
bad("version-absent", '{"isolation":"sevsnp"}')
bad("isolation-absent", '{"version":1}')
bad("isolation-bad", '{"version":1,"isolation":"sev"}')
bad("duplicate", '{"version":1,"isolation":"sevsnp","isolation":"tdx"}')
bad("bad-digest", '{"version":1,"isolation":"sevsnp","eventlog":{"pcrs":{"7":"abcd"}}}')
bad("bad-pcr", '{"version":1,"isolation":"sevsnp","tpm":{"pcrs":[24]}}')
bad("bad-event-type", '{"version":1,"isolation":"sevsnp","eventlog":{"forbidden_event_types":["EV_NOPE"]}}')
bad("not-json", '{"version":1,')
PY
if ! python3 gen.py "$MAA" "$LOGS"; then
	notok "making inputs"
	exit 0
fi

check_policy() { # DESC CODE POLICY CLAIMS [ARGS...]
	desc=$1 code=$2 p=$3 c=$4
	shift 4
	expect "$desc" "$code" "$BIN" policy check --policy "$p" --claims "$c" "$@"
}

# failed_rule DESC RULE: the last output names RULE as failed (and only failed rules fail).
failed_rule() {
	if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
bad = [x["rule"] for x in r["results"] if not x["pass"]]
sys.exit(0 if r["verdict"] == "fail" and any(b.startswith(sys.argv[2]) for b in bad) else 1)
' "$TMP/out" "$2"; then ok "$1"; else notok "$1 (output: $(head -c 300 "$TMP/out"))"; fi
}

# ---- the strict AKS CVM policy accepts the real token's claims ----
check_policy "strict policy accepts the real Linux CVM token (decoded-token shape)" 0 \
	"$POL/aks-cvm-strict.json" "$MAA" --now "$NOW"
check "every rule passed and is listed" \
	"python3 -c 'import json,sys; r=json.load(open(\"$TMP/out\")); sys.exit(not (r[\"verdict\"]==\"pass\" and r[\"failed\"]==0 and r[\"rules\"]==len(r[\"results\"])>20))'"
check_policy "strict policy accepts the bare claims object" 0 \
	"$POL/aks-cvm-strict.json" bare.json --now "$NOW"

# ---- each single weakening is refused, naming the rule ----
weak() { # VARIANT RULE
	check_policy "refused: $1" 1 "$POL/aks-cvm-strict.json" "w-$1.json" --now "$NOW"
	grep -q 'policy: denied' "$TMP/err" || notok "refused: $1: stderr names policy denied"
	failed_rule "refused: $1 names rule $2" "$2"
}
weak debuggers-enabled "claims[12] x-ms-azurevm-debuggersdisabled"
weak kerneldebug "claims[14]"
weak bootdebug "claims[13]"
weak hypervisordebug "claims[15]"
weak testsigning "claims[17]"
weak flightsigning "claims[18]"
weak signing-enabled "claims[16]"
weak secureboot-off "claims[8] secureboot"
weak secureboot-string "claims[8] secureboot"
weak dbx-not-validated "claims[10]"
weak debuggers-claim-absent "claims[12]"
weak compliance "claims[2] x-ms-isolation-tee.x-ms-compliance-status"
weak snp-debuggable "claims[3]"
weak snp-migratable "claims[4]"
weak vmpl "claims[5]"
weak tdx "isolation"
weak trustedlaunch "isolation"
weak vm-config-sb-off "claims[6]"
weak issuer "provider.issuer"
weak pcrs "tpm.pcrs"
weak protocol "claims[19]"

# ---- token age (provider.max_token_age 300 s) ----
check_policy "token older than max_token_age refused" 1 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT + 301))
failed_rule "old token names provider.max_token_age" "provider.max_token_age"
check_policy "token at exactly max_token_age accepted" 0 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT + 300))
# iat may be up to the clock skew in the future (--max-skew, default 60 as ATTEST_MAX_SKEW).
check_policy "token issued 1 s in the future, inside the default skew, accepted" 0 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT - 1))
check_policy "token issued 60 s in the future, at the default skew, accepted" 0 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT - 60))
check_policy "token issued 61 s in the future refused" 1 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT - 61))
failed_rule "future token names provider.max_token_age" "provider.max_token_age"
check_policy "token issued 1 s in the future refused with --max-skew 0" 1 "$POL/aks-cvm-strict.json" "$MAA" \
	--now $((IAT - 1)) --max-skew 0
failed_rule "future token (--max-skew 0) names provider.max_token_age" "provider.max_token_age"

# ---- all failures are reported, not only the first ----
check_policy "trustedlaunch policy refuses a CVM token" 1 "$POL/trustedlaunch.json" "$MAA" \
	--now "$NOW"
check "every failed rule is listed (isolation, absent tee, event log x2)" \
	"python3 -c 'import json,sys; r=json.load(open(\"$TMP/out\")); sys.exit(r[\"failed\"]!=4)'"

# ---- event-log rules over our own replay ----
# The real claims (sevsnp) pass the isolation rule, so only the event-log rules decide.
lg() { # DESC CODE POLICY LOG
	check_policy "$1" "$2" "$3" "$MAA" --now "$NOW" --eventlog "$LOGS/$4.bin"
}
lg "secure_boot true accepts a log with Secure Boot on" 0 p-sb-on.json gce-rhel8-sb
lg "secure_boot true refuses a log with Secure Boot off" 1 p-sb-on.json gce-ubuntu2104-nosb
failed_rule "Secure Boot off names eventlog.secure_boot" "eventlog.secure_boot"
grep -q '"actual":"off"' "$TMP/out" && ok "Secure Boot off reports actual off" ||
	notok "Secure Boot off reports actual off"
lg "secure_boot false accepts a log with Secure Boot off" 0 p-sb-off.json gce-ubuntu2104-nosb
lg "secure_boot false refuses a log with Secure Boot on" 1 p-sb-off.json gce-rhel8-sb
check_policy "secure_boot rule without an event log fails" 1 p-sb-on.json "$MAA"
failed_rule "no event log names eventlog.secure_boot" "eventlog.secure_boot"
lg "allowed boot applications: all listed accepted" 0 p-apps-allowed.json gce-rhel8-sb
lg "allowed boot applications: one missing refused" 1 p-apps-allowed-short.json gce-rhel8-sb
failed_rule "unlisted application names the rule" "eventlog.boot_applications.allowed"
lg "allowed boot applications: another machine's log refused" 1 p-apps-allowed.json \
	gce-ubuntu2104-nosb
lg "forbidden boot application present refused" 1 p-apps-forbidden.json gce-rhel8-sb
failed_rule "forbidden application names the rule" "eventlog.boot_applications.forbidden"
lg "forbidden boot application absent accepted" 0 p-apps-forbidden.json gce-ubuntu2104-nosb
lg "forbidden event types absent accepted" 0 p-types.json gce-rhel8-sb
lg "forbidden event type present refused" 1 p-types-hit.json gce-rhel8-sb
failed_rule "forbidden event type names the rule" "eventlog.forbidden_event_types"
lg "expected PCR values (source's sha256 PCR 0, 7) accepted" 0 p-pcrs.json gce-rhel8-sb
lg "expected PCR value off by one digit refused" 1 p-pcrs-bad.json gce-rhel8-sb
failed_rule "wrong PCR names eventlog.pcrs[7]" "eventlog.pcrs[7]"
lg "expected PCR the log never extends refused" 1 p-pcrs-unextended.json gce-rhel8-sb
lg "every event-log rule together accepted" 0 p-all.json gce-rhel8-sb
lg "every event-log rule together refused on a Secure-Boot-off node" 1 p-all.json \
	gce-ubuntu2104-nosb
expect_err "malformed event log exits 1 (eventlog layer)" 1 'eventlog: ' \
	"$BIN" policy check --policy p-sb-on.json --claims "$MAA" --eventlog gen.py

# ---- load errors: exit 2, one line naming the reason and the JSON path ----
le() { # NAME REASON PATH
	expect_err "load error $1: exit 2, $2" 2 "policy: $2: " \
		"$BIN" policy check --policy "bad-$1.json" --claims "$MAA" --now "$NOW"
	if grep -qF ": $3: " "$TMP/err" || grep -qF ": $3:" "$TMP/err"; then
		ok "load error $1 names $3"
	else
		notok "load error $1 names $3 (stderr: $(cat "$TMP/err"))"
	fi
}
le typo-key unknown_key '$.claim'
le typo-nested unknown_key '$.eventlog.secureboot'
le typo-operator unknown_operator '$.claims[0].equal'
le two-operators unknown_operator '$.claims[0].max'
le no-operator missing_key '$.claims[0]'
le wrong-type wrong_type '$.eventlog.secure_boot'
le wrong-type-min wrong_type '$.claims[0].min'
le empty-claims empty_list '$.claims'
le empty-one-of empty_list '$.claims[0].one_of'
le empty-eventlog empty_list '$.eventlog'
le version-2 bad_version '$.version'
le version-absent bad_version '$.version'
le isolation-absent missing_key '$.isolation'
le isolation-bad bad_value '$.isolation'
le duplicate duplicate_key '$'
le bad-digest bad_value '$.eventlog.pcrs.7'
le bad-pcr bad_value '$.tpm.pcrs[0]'
le bad-event-type bad_value '$.eventlog.forbidden_event_types[0]'
le not-json not_json '$'
expect_err "missing policy file exits 2" 2 'io: ' \
	"$BIN" policy check --policy nope.json --claims "$MAA"
expect_err "claims not JSON exits 1" 1 'policy: claims_invalid' \
	"$BIN" policy check --policy "$POL/aks-cvm-strict.json" --claims gen.py
expect_err "--claims is required" 2 'usage: missing_option' \
	"$BIN" policy check --policy "$POL/aks-cvm-strict.json"
expect_err "bad --now exits 2" 2 'usage: bad_option_value' \
	"$BIN" policy check --policy "$POL/aks-cvm-strict.json" --claims "$MAA" --now -1
expect_err "--max-skew over 300 exits 2" 2 'usage: bad_option_value: --max-skew needs 0-300 seconds' \
	"$BIN" policy check --policy "$POL/aks-cvm-strict.json" --claims "$MAA" --max-skew 301
for f in "$POL"/*.json; do
	case $f in *.schema.json) continue ;; esac
	run "$BIN" policy check --policy "$f" --claims "$MAA" --now "$NOW"
	if [ "$RC" = 0 ] || [ "$RC" = 1 ]; then ok "shipped $(basename "$f") loads"; else
		notok "shipped $(basename "$f") loads (exit $RC: $(cat "$TMP/err"))"; fi
done

# ---- the JSON Schema agrees with the loader (where a schema can say it) ----
if python3 -c 'import jsonschema' 2>/dev/null; then
	if python3 - "$ROOT/policies" >schema.out 2>&1 <<'PY'; then ok "policy.schema.json: shipped policies valid, load-error files invalid"; else notok "policy.schema.json agrees with the loader: $(head -c 300 schema.out)"; fi
import glob, json, sys
import jsonschema
d = sys.argv[1]
v = jsonschema.Draft202012Validator(json.load(open(d + "/policy.schema.json")))
bad = []
for f in glob.glob(d + "/*.json"):
    if not f.endswith("schema.json") and list(v.iter_errors(json.load(open(f)))):
        bad.append(f)
# Beyond a schema: duplicate keys (python keeps the last), event type names, non-JSON.
beyond = {"bad-duplicate.json", "bad-bad-event-type.json", "bad-not-json.json"}
for f in glob.glob("bad-*.json"):
    if f not in beyond and not list(v.iter_errors(json.load(open(f)))):
        bad.append(f)
print(bad)
sys.exit(1 if bad else 0)
PY
else
	# Not a test case when absent (Debian's python3-jsonschema is not among the test packages).
	echo "# policy.schema.json check not run: python3-jsonschema absent"
fi
