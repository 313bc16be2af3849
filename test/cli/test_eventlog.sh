# attest-init eventlog: exit codes, error lines, JSON shape, determinism, and replay of every
# real log in ../shared/testdata/eventlogs against its recorded PCR values.
. "$(dirname "$0")/lib.sh"
LOGS=$SHARED/testdata/eventlogs

expect "eventlog --help exits 0" 0 "$BIN" eventlog --help
check "eventlog --help shows the usage" "grep -q 'usage: attest-init eventlog \[--json\] \[--bank NAME\] FILE' '$TMP/out'"
expect_err "eventlog without FILE is a usage error" 2 "^attest-init: usage: missing_argument: missing argument" "$BIN" eventlog
expect_err "eventlog with an unknown option is a usage error" 2 "unknown option '--nope'" "$BIN" eventlog --nope x
expect_err "eventlog --bank with an unknown name is a usage error" 2 "^attest-init: usage: unknown_bank: unknown bank 'md5'" "$BIN" eventlog --bank md5 x
expect_err "an absent log exits 1 with reason empty" 1 "^attest-init: eventlog: empty: .*absent" "$BIN" eventlog "$TMP/does-not-exist"
: >"$TMP/empty.bin"
expect_err "an empty log exits 1 with reason empty" 1 "^attest-init: eventlog: empty at offset 0" "$BIN" eventlog "$TMP/empty.bin"
expect_err "an empty log on stdin exits 1" 1 "eventlog: empty" sh -c "\"$BIN\" eventlog - </dev/null"

# The table's number columns at their extremes: 20-digit and 16-hex-digit u64, pcr 99999 /
# 100000 / 0xffffffff, an unnamed type, zero. Every line is exactly what
# printf("%5zu %8u %4s %-34s %7u %-16s ...") prints.
python3 - "$TMP/extreme.bin" <<'PY'
import struct, sys
def rec(pcr, typ, data):
    return struct.pack("<II", pcr, typ) + b"\x11" * 20 + struct.pack("<I", len(data)) + data
b = rec(0, 0x8, b"v")
b += rec(0xFFFFFFFF, 0x7FFFFFFF, b"") + rec(99999, 0x1, b"") + rec(100000, 0x1, b"")
b += rec(2, 0x80000008, struct.pack("<QQ", 2**64 - 1, 2**64 - 1)) + rec(2, 0x80000008, bytes(16))
b += rec(3, 0x6, struct.pack("<II", 2**32 - 1, 0)) + rec(3, 0x6, bytes(8))
b += rec(4, 0x4, struct.pack("<I", 2**32 - 1)) + rec(4, 0x4, bytes(4))
open(sys.argv[1], "wb").write(b)
PY
expect "a log of extreme field values exits 0" 0 "$BIN" eventlog "$TMP/extreme.bin"
cat >"$TMP/extreme.want" <<'EOF'
    1       33 0xffffffff 0x7fffffff                               0 not_extended     raw
    2       65 99999 EV_POST_CODE                             0 not_extended     string ""
    3       97 0x186a0 EV_POST_CODE                             0 not_extended     string ""
    4      129    2 EV_EFI_PLATFORM_FIRMWARE_BLOB           16 not_covered      firmware_blob base 0xffffffffffffffff length 18446744073709551615
    5      177    2 EV_EFI_PLATFORM_FIRMWARE_BLOB           16 not_covered      firmware_blob base 0x0 length 0
    6      225    3 EV_EVENT_TAG                             8 mismatch         event_tag id 0xffffffff, 0 bytes
    7      265    3 EV_EVENT_TAG                             8 mismatch         event_tag id 0x00000000, 0 bytes
    8      305    4 EV_SEPARATOR                             4 mismatch         separator ffffffff alternative_normal
    9      341    4 EV_SEPARATOR                             4 mismatch         separator 00000000 normal
EOF
check "the table prints extreme numbers exactly as printf did" "grep -E '^ {4}[1-9] ' '$TMP/out' | cmp -s - '$TMP/extreme.want'"

# The size cap (EVENTLOG_MAX_LOG_SIZE, 8 MiB): one record then zero padding up to the cap is a
# log; one byte more is refused before parsing, from a file and from stdin.
python3 - "$TMP/cap.bin" "$TMP/over.bin" <<'PY'
import struct, sys
rec = struct.pack("<II", 0, 0xD) + b"\x11" * 20 + struct.pack("<I", 0)
cap = 8 << 20
open(sys.argv[1], "wb").write(rec + bytes(cap - len(rec)))
open(sys.argv[2], "wb").write(rec + bytes(cap + 1 - len(rec)))
PY
expect "a log of exactly 8 MiB exits 0" 0 "$BIN" eventlog "$TMP/cap.bin"
check "the 8 MiB log is one event and padding" "grep -q '^padding: 8388576 bytes of 0x00 after offset 32' '$TMP/out'"
expect_err "a log of 8 MiB + 1 byte exits 1 (log_too_large)" 1 "^attest-init: eventlog: log_too_large: 8388609 bytes exceeds the cap of 8388608" "$BIN" eventlog "$TMP/over.bin"
expect_err "the same on stdin" 1 "^attest-init: eventlog: log_too_large" sh -c "\"$BIN\" eventlog - <'$TMP/over.bin'"

if [ ! -d "$LOGS" ]; then
	skip "real event logs ($LOGS absent)"
	exit 0
fi

expect "a real crypto-agile log exits 0" 0 "$BIN" eventlog "$LOGS/tss-hcrtm.bin"
check "the table names the banks and the SM3 bank as not replayed" "grep -q '^banks: sha1 sha256 sm3_256 (not replayed)' '$TMP/out'"
check "the table shows PCR0 starting at the H-CRTM locality 4" "grep -q '^pcr0 initial locality: 4 (H-CRTM)' '$TMP/out'"
expect "--bank sha256 exits 0" 0 "$BIN" eventlog --bank sha256 "$LOGS/tss-hcrtm.bin"
check "--bank sha256 shows only that bank" "! grep -q '^PCRs sha1' '$TMP/out' && grep -q '^PCRs sha256' '$TMP/out'"
expect_err "--bank for a bank the log lacks exits 1 (bank_not_in_log)" 1 "^attest-init: eventlog: bank_not_in_log" "$BIN" eventlog --bank sha384 "$LOGS/tss-hcrtm.bin"

# Malformed and regression logs behave as testdata/eventlogs/README.md describes.
expect_err "keylime-bogus (ASCII text) is rejected with an offset" 1 "^attest-init: eventlog: truncated_event at offset 28" "$BIN" eventlog "$LOGS/keylime-bogus.bin"
expect_err "keylime-empty is rejected as empty" 1 "^attest-init: eventlog: empty" "$BIN" eventlog --json "$LOGS/keylime-empty.bin"
expect_err "t2t-frag-specid-vendordata is rejected (strict Spec ID size)" 1 "^attest-init: eventlog: specid_size_mismatch at offset 69" "$BIN" eventlog "$LOGS/t2t-frag-specid-vendordata.bin"
expect_err "t2t-frag-event-uefivar is rejected (2 digests, 4 declared)" 1 "^attest-init: eventlog: digest_count_mismatch at offset 85" "$BIN" eventlog "$LOGS/t2t-frag-event-uefivar.bin"
expect_err "t2t-frag-event-uefiaction is rejected (2 digests, 4 declared)" 1 "^attest-init: eventlog: digest_count_mismatch" "$BIN" eventlog "$LOGS/t2t-frag-event-uefiaction.bin"
for f in t2t-frag-event t2t-frag-event-uefiservices ga-short-no-action ga-option-rom ga-sb-cert keylime-issue1153 intel-tpm12-legacy rust-keylime-uefi; do
	expect "$f parses" 0 "$BIN" eventlog --json "$LOGS/$f.bin"
done

# Output is byte-identical across runs.
"$BIN" eventlog --json "$LOGS/gdc-host.bin" >"$TMP/a.json" 2>/dev/null
"$BIN" eventlog --json "$LOGS/gdc-host.bin" >"$TMP/b.json" 2>/dev/null
check "--json output is byte-identical across runs" "cmp -s '$TMP/a.json' '$TMP/b.json' && test -s '$TMP/a.json'"
"$BIN" eventlog "$LOGS/gdc-host.bin" >"$TMP/a.txt" 2>/dev/null
"$BIN" eventlog "$LOGS/gdc-host.bin" >"$TMP/b.txt" 2>/dev/null
check "table output is byte-identical across runs" "cmp -s '$TMP/a.txt' '$TMP/b.txt' && test -s '$TMP/a.txt'"

# Every real log whose .pcrs.json says an independent replay matched must replay to its
# recorded values in every bank and PCR; ga-ebs-event-missing must mismatch exactly as
# documented, and match once the two ExitBootServices events are appended.
if python3 - "$BIN" "$LOGS" "$TMP" <<'PY'
import glob, hashlib, json, os, struct, subprocess, sys
binp, d, tmp = sys.argv[1:4]
def run(path, *args):
    p = subprocess.run([binp, "eventlog", "--json", *args, path], capture_output=True)
    assert p.returncode == 0, (path, p.stderr)
    return json.loads(p.stdout)
matched, failed = [], []
for pj in sorted(glob.glob(os.path.join(d, "*.pcrs.json"))):
    name = os.path.basename(pj)[: -len(".pcrs.json")]
    meta = json.load(open(pj))
    out = run(os.path.join(d, name + ".bin"))
    # shape: every replayed bank, PCRs 0-23, lowercase hex of the bank's size
    for bank in out["banks"]:
        if bank["replayed"]:
            pcrs = out["pcrs"][bank["name"]]
            assert sorted(pcrs, key=int) == [str(i) for i in range(24)], name
            assert all(len(v) == 2 * bank["digest_size"] and v == v.lower() for v in pcrs.values())
    assert len(out["events"]) == out["event_count"] and out["events"][0]["seq"] == 0
    got = {(b, i): out["pcrs"].get(b, {}).get(i) for b, p in meta["banks"].items() for i in p}
    bad = sorted(k for k, v in got.items() if v != meta["banks"][k[0]][k[1]].lower())
    status = meta["verification"]["reference_replay_vs_expected"]["status"]
    if status == "MATCH":
        (failed if bad else matched).append((name, bad))
    elif name == "ga-ebs-event-missing":
        assert bad == [("sha1", "5"), ("sha256", "5")], bad
        assert "sha256" not in out["pcrs"]
        # go-attestation's workaround: append the two PCR5 EV_EFI_ACTION events.
        raw = open(os.path.join(d, name + ".bin"), "rb").read()
        for s in (b"Exit Boot Services Invocation", b"Exit Boot Services Returned with Success"):
            raw += struct.pack("<II", 5, 0x80000007) + hashlib.sha1(s).digest() + struct.pack("<I", len(s)) + s
        p = os.path.join(tmp, "ebs.bin")
        open(p, "wb").write(raw)
        assert run(p)["pcrs"]["sha1"]["5"] == meta["banks"]["sha1"]["5"]
    else:
        failed.append((name, "unexpected reference status " + status))
# CCEL: RTMR[i] is the replay of MR index i+1 in SHA-384; 0xFF padding ends the log.
meta = json.load(open(os.path.join(d, "ccel-cos113-tdx-dupe-separator-padded.meta.json")))
out = run(os.path.join(d, "ccel-cos113-tdx-dupe-separator-padded.bin"))
assert out["padding"] == {"byte": "ff", "length": 244043} and out["end"] == 18101
for i, v in meta["expected_rtmrs_sha384"].items():
    assert out["pcrs"]["sha384"][str(int(i) + 1)] == v, i
# --bank restricts PCRs and digests to one bank.
out = run(os.path.join(d, "tss-hcrtm.bin"), "--bank", "sha1")
assert list(out["pcrs"]) == ["sha1"] and all(set(e["digests"]) <= {"sha1", "sha1_header"} for e in out["events"])
# Windows -1 event: parsed, never extended.
out = run(os.path.join(d, "ga-option-rom.bin"))
assert out["events"][-1]["pcr"] == 0xFFFFFFFF and out["events"][-1]["extended"] is False
print("# %d logs match their recorded PCRs" % len(matched))
for f in failed:
    print("# FAILED", f)
sys.exit(0 if len(matched) == 28 and not failed else 1)
PY
then ok "28 real logs replay to their recorded PCRs; ga-ebs-event-missing mismatches as documented; CCEL RTMRs match"
else notok "real-log replay"; fi
