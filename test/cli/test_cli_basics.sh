# Command-line contract: help, version, unknown commands and flags.
. "$(dirname "$0")/lib.sh"

expect "--help exits 0" 0 "$BIN" --help
check "--help lists the version command" "grep -q '^  version' '$TMP/out'"
# No command runs the gate (attest-init run, test_run.sh); here its policy file is missing.
expect_err "no command runs the gate" 2 "^attest-init: io: open_failed: .*none.json" \
	env ATTEST_POLICY="$TMP/none.json" ATTEST_TERMINATION_LOG=off ATTEST_TOKEN_OUT="$TMP/t.jwt" "$BIN"
check "no command: stdout is the gate's audit trail" "grep -q '\"step\":\"verdict\",\"outcome\":\"block\"' '$TMP/out'"
expect_err "unknown command exits 2 with a usage hint" 2 "^attest-init: usage: unknown_command: unknown command 'frobnicate' \(see 'attest-init --help'\)$" "$BIN" frobnicate
expect_err "unknown flag exits 2" 2 "^attest-init: usage: unknown_option: unknown option '--nope'" "$BIN" version --nope
expect_err "version takes no argument" 2 "unexpected argument" "$BIN" version extra
expect "version --help exits 0" 0 "$BIN" version --help
check "version --help describes the command" "grep -q 'usage: attest-init version' '$TMP/out'"

expect "version exits 0" 0 "$BIN" version
check "version names the project" "grep -q '^attest-init [0-9]' '$TMP/out'"

expect "version --json exits 0" 0 "$BIN" version --json
cp "$TMP/out" "$TMP/version.json"
if python3 - "$TMP/version.json" <<'PY'
import json, sys, re
v = json.load(open(sys.argv[1]))
names = {d["name"]: d for d in v["dependencies"]}
assert set(names) == {"bearssl", "curl", "tpm2-tss", "jsmn"}, names
for d in names.values():
    assert re.fullmatch(r"[0-9a-f]{64}", d["sha256"]), d
assert names["curl"]["version"] == "8.14.1"
assert v["linked"]["curl"] == "8.14.1" and v["linked"]["curl_ssl"].startswith("BearSSL")
assert re.fullmatch(r"[0-9a-f]{40}|unknown", v["source"]["revision"])
assert isinstance(v["source"]["dirty"], bool)
assert v["toolchain"]["compiler"] and v["toolchain"]["binutils"]
PY
then ok "version --json lists the four pinned dependencies with sha256 and the linked curl"
else notok "version --json content"; fi

# The manifest is the single source of the pinned hashes.
manifest=$(dirname "$0")/../../third_party/manifest.txt
if python3 - "$TMP/version.json" "$manifest" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
want = {l.split()[0]: l.split()[3] for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
got = {d["name"]: d["sha256"] for d in v["dependencies"]}
assert want == got, (want, got)
PY
then ok "version --json hashes equal third_party/manifest.txt"
else notok "version --json hashes equal third_party/manifest.txt"; fi
