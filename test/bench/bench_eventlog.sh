#!/bin/sh
# Benchmark of `attest-init eventlog` against Debian's tpm2_eventlog (tpm2-tools) and against
# sha256sum of the same bytes: whole process, median of repeated runs (hyperfine when
# installed, else a date +%s%N loop). Builds nothing.
#   usage: test/bench/bench_eventlog.sh [BIN]   (BIN defaults to build/attest-init)
#   ATTEST_SHARED: ../shared (real logs in testdata/eventlogs)
# Inputs: (1) every real log that both tools accept, run back to back in one process loop;
# (2) a generated ~64 MiB crypto-agile log (sha1+sha256+sha384): the events of a real GCE log
# repeated up to the 64 MiB cap (EVENTLOG_MAX_LOG_SIZE).
# Targets (issue 3): >= 10x faster than tpm2_eventlog; >= 50% of sha256sum throughput.
set -u
BIN=${1:-build/attest-init}
SHARED=${ATTEST_SHARED:-../shared}
LOGS=$SHARED/testdata/eventlogs
RUNS=${BENCH_RUNS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

[ -x "$BIN" ] || { echo "bench_eventlog: $BIN not built (run make first)" >&2; exit 2; }
T2=$(command -v tpm2_eventlog || true)
HF=$(command -v hyperfine || true)

# median_ms NAME RUNS CMD: prints the median wall time in milliseconds.
median_ms() {
	name=$1 runs=$2
	shift 2
	if [ -n "$HF" ]; then
		"$HF" --style none --warmup 1 --runs "$runs" --export-json "$TMP/$name.json" \
			--shell=none -- "$*" >/dev/null 2>&1 || { echo "nan"; return; }
		python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$TMP/$name.json"
	else
		i=0
		: >"$TMP/$name.t"
		while [ $i -lt "$runs" ]; do
			s=$(date +%s%N)
			sh -c "$*" >/dev/null 2>&1
			e=$(date +%s%N)
			echo $(((e - s) / 1000)) >>"$TMP/$name.t"
			i=$((i + 1))
		done
		sort -n "$TMP/$name.t" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
	fi
}

# ---- inputs ----
if [ -d "$LOGS" ]; then
	for f in "$LOGS"/*.bin; do
		"$BIN" eventlog "$f" >/dev/null 2>&1 || continue
		if [ -n "$T2" ]; then "$T2" "$f" >/dev/null 2>&1 || continue; fi
		echo "$f"
	done >"$TMP/real.list"
	SEED=$LOGS/gce-ubuntu2404-amdsevsnp.bin
else
	: >"$TMP/real.list"
	SEED=
fi
python3 - "$SEED" "$TMP/big.bin" <<'PY'
import hashlib, struct, sys
seed, dst = sys.argv[1], sys.argv[2]
cap = 64 * 1024 * 1024
if seed:
    b = open(seed, "rb").read()
    hdr, body = b[: 32 + struct.unpack_from("<I", b, 28)[0]], None
    body = b[len(hdr):]
else:  # no real logs: a synthetic sha1+sha256 log of separators and EFI actions
    algs = [(4, hashlib.sha1, 20), (11, hashlib.sha256, 32)]
    spec = b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, 2) + b"".join(struct.pack("<HH", a, s) for a, _, s in algs) + b"\0"
    hdr = struct.pack("<II", 0, 3) + b"\0" * 20 + struct.pack("<I", len(spec)) + spec
    body = b""
    for pcr, typ, data in [(4, 0x80000007, b"Calling EFI Application from Boot Option"), (7, 4, b"\0" * 4), (8, 13, b"grub_cmd: linux /vmlinuz ro quiet\0" * 8)]:
        body += struct.pack("<III", pcr, typ, 2) + b"".join(struct.pack("<H", a) + h(data).digest() for a, h, _ in algs) + struct.pack("<I", len(data)) + data
with open(dst, "wb") as f:
    f.write(hdr)
    f.write(body * ((cap - len(hdr)) // len(body)))
PY
BIG=$TMP/big.bin
BIGSZ=$(stat -c %s "$BIG")
NREAL=$(wc -l <"$TMP/real.list" | tr -d ' ')
REALSZ=$(cat $(cat "$TMP/real.list") /dev/null | wc -c | tr -d ' ')
# loop.sh TOOL [ARGS...]: runs the tool on every real log, one process each.
printf 'for f in $(cat %s); do "$@" "$f" >/dev/null || exit 1; done\n' "$TMP/real.list" >"$TMP/loop.sh"

timer="date +%s%N loop"
[ -n "$HF" ] && timer="hyperfine $("$HF" --version | cut -d' ' -f2)"
echo "bench_eventlog: $BIN; tpm2_eventlog: ${T2:-absent}; timer: $timer; median of $RUNS runs"
echo "inputs: $NREAL real logs ($REALSZ bytes) run back to back; generated log $BIGSZ bytes"
echo

ours_real=$(median_ms ours_real "$RUNS" sh "$TMP/loop.sh" "$BIN" eventlog)
ours_real_json=$(median_ms ours_real_json "$RUNS" sh "$TMP/loop.sh" "$BIN" eventlog --json)
ours_big=$(median_ms ours_big "$RUNS" "$BIN" eventlog "$BIG")
ours_big_json=$(median_ms ours_big_json "$RUNS" "$BIN" eventlog --json "$BIG")
sha_big=$(median_ms sha_big "$RUNS" sha256sum "$BIG")
if [ -n "$T2" ]; then
	t2_real=$(median_ms t2_real "$RUNS" sh "$TMP/loop.sh" "$T2")
	t2_big=$(median_ms t2_big 3 "$T2" "$BIG")
else
	t2_real=nan t2_big=nan
fi

python3 - "$ours_real" "$ours_real_json" "$t2_real" "$ours_big" "$ours_big_json" "$t2_big" "$sha_big" "$BIGSZ" <<'PY'
import math, sys
o_r, o_rj, t_r, o_b, o_bj, t_b, s_b = (float(x) for x in sys.argv[1:8])
size = int(sys.argv[8])
mib = size / 1048576
def ratio(a, b):
    return "n/a" if math.isnan(a) or math.isnan(b) or b == 0 else "%.1fx" % (a / b)
def thr(ms):
    return "n/a" if math.isnan(ms) or ms == 0 else "%.0f MiB/s" % (mib / (ms / 1000))
print("%-44s %12s %14s" % ("case", "median ms", "throughput"))
print("%-44s %12.1f %14s" % ("real logs: attest-init eventlog (table)", o_r, ""))
print("%-44s %12.1f %14s" % ("real logs: attest-init eventlog --json", o_rj, ""))
print("%-44s %12.1f %14s" % ("real logs: tpm2_eventlog", t_r, ""))
print("%-44s %12.1f %14s" % ("64 MiB: attest-init eventlog (table)", o_b, thr(o_b)))
print("%-44s %12.1f %14s" % ("64 MiB: attest-init eventlog --json", o_bj, thr(o_bj)))
print("%-44s %12.1f %14s" % ("64 MiB: tpm2_eventlog", t_b, thr(t_b)))
print("%-44s %12.1f %14s" % ("64 MiB: sha256sum", s_b, thr(s_b)))
print()
print("speed-up over tpm2_eventlog, real logs (table / json): %s / %s   (target >= 10x)" % (ratio(t_r, o_r), ratio(t_r, o_rj)))
print("speed-up over tpm2_eventlog, 64 MiB    (table / json): %s / %s   (target >= 10x)" % (ratio(t_b, o_b), ratio(t_b, o_bj)))
def pct(a):
    return "n/a" if math.isnan(a) or a == 0 else "%.0f%%" % (100 * s_b / a)
print("throughput vs sha256sum, 64 MiB    (table / json): %s / %s   (target >= 50%%)" % (pct(o_b), pct(o_bj)))
PY
