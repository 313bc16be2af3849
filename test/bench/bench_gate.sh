#!/bin/sh
# Benchmark of the gate, `attest-init run`, on the swtpm fixture and the local provider emulator
# (a generated event log; nothing from ../shared): CPU time (user + system) and peak RSS of the
# process, median of BENCH_RUNS (20) runs: CPU from wait4(2) rusage in a Python driver, peak RSS
# from GNU time's %M (a child forked by Python would report Python's own RSS as its peak: Linux
# keeps the pre-exec high-water mark; forked from GNU time the floor is time's own ~1-2 MiB);
# the median of each step's duration from the audit trail; and the peer: the same TPM and HTTP
# steps done by a shell pipeline of tpm2-tools, curl and coreutils (peer_gate.sh next to this
# file says what it does and does not do), its CPU summed over every child process.
# Neither figure includes swtpm's or the emulator's own CPU (separate processes, not children).
#   usage: test/bench/bench_gate.sh [BIN]   (BIN defaults to build/attest-init)
#   BENCH_OUT: file the result rows are appended to (tab-separated, see render_bench.py)
# Targets (issue 19): <= 50 ms CPU of our own, <= 4 MiB peak RSS, >= 5x less CPU than the peer.
set -u
BIN=${1:-build/attest-init}
RUNS=${BENCH_RUNS:-20}
here=$(cd "$(dirname "$0")" && pwd)
tdir=$(cd "$here/.." && pwd)
root=$(cd "$tdir/.." && pwd)
py=/usr/bin/python3
TMP=$(mktemp -d)
FX=$TMP/fx EMU=""
cleanup() {
	[ -n "$EMU" ] && kill "$EMU" 2>/dev/null
	sh "$tdir/tpm/swtpm-fixture.sh" stop "$FX" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

[ -x "$BIN" ] || { echo "bench_gate: $BIN not built (run make first)" >&2; exit 2; }
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if ! "$BIN" run --help >/dev/null 2>&1; then
	echo "bench_gate: skipped: $BIN has no run command"
	exit 0
fi
for t in swtpm tpm2_quote curl /usr/bin/time; do
	command -v $t >/dev/null 2>&1 || { echo "bench_gate: skipped: $t not installed"; exit 0; }
done

"$py" "$tdir/tpm/make_eventlog.py" "$TMP/eventlog.bin"
sh "$tdir/tpm/swtpm-fixture.sh" start "$FX" "$TMP/eventlog.bin" >"$TMP/fx.out" 2>&1 ||
	{ echo "bench_gate: fixture: $(tail -n 3 "$TMP/fx.out")" >&2; exit 1; }
TCTI=$(cat "$FX/tcti")
"$py" "$tdir/provider/maa_emulator.py" --state-dir "$TMP/emu" --ak-roots "$FX/pki/roots.pem" \
	--ports-file "$TMP/ports.json" --idle-timeout 600 >"$TMP/emu.out" 2>"$TMP/emu.log" &
EMU=$!
i=0
until [ -s "$TMP/ports.json" ] || [ $i -ge 150 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/ports.json" ] || { echo "bench_gate: the emulator did not start" >&2; exit 1; }
PORT=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["https"])' "$TMP/ports.json")
URL=https://maa.attest.test:$PORT
RESOLVE=maa.attest.test:$PORT:127.0.0.1
mkdir -p "$TMP/peer" "$TMP/run"
cp "$TMP/eventlog.bin" "$TMP/peer/eventlog.bin"

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1);" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)"
echo "bench_gate: $BIN on swtpm ($TCTI) + the provider emulator ($URL); median of $RUNS runs each"

ATTEST_TCTI=$TCTI ATTEST_EVENTLOG=$TMP/eventlog.bin ATTEST_POLICY=$root/policies/demo.json \
	ATTEST_AK_ROOTS=$FX/pki/roots.pem ATTEST_PROVIDER_URL=$URL ATTEST_RESOLVE=$RESOLVE \
	ATTEST_CA_BUNDLE=$TMP/emu/tls-ca.pem ATTEST_VCEK_CHAIN=$TMP/emu/vcek-chain.pem \
	ATTEST_TOKEN_OUT=$TMP/run/token.jwt ATTEST_TERMINATION_LOG=off TPM2TOOLS_TCTI=$TCTI \
	ATTEST_OS_RELEASE=/etc/os-release \
	"$py" - "$RUNS" "$TMP" "$BIN" "$here/peer_gate.sh" "$URL" "$RESOLVE" "$TMP/emu/tls-ca.pem" <<'PY'
import json, os, statistics, subprocess, sys

runs, tmp, binary, peer, url, resolve, ca = sys.argv[1:]
runs = int(runs)


def measure(argv, stdout):
    """(cpu ms, peak RSS KiB) of one process and every child it waited for: CPU from wait4 on
    GNU time (its own share is about a millisecond), the peak RSS as GNU time saw it."""
    rss_file = os.path.join(tmp, "rss")
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, stdout=stdout,
                         stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench_gate: %s exited %d: %s" % (argv[0], p.returncode, err.decode(errors="replace")[-300:]))
    return (ru.ru_utime + ru.ru_stime) * 1000, int(open(rss_file).read().split()[-1])


ours, steps = [], {}
for i in range(runs + 1):  # one warm-up run first
    with open(os.path.join(tmp, "audit.jsonl"), "wb") as out:
        cpu, rss = measure([binary, "run"], out)
    if i == 0:
        continue
    ours.append((cpu, rss))
    for line in open(os.path.join(tmp, "audit.jsonl")):
        r = json.loads(line)
        steps.setdefault(r["step"], []).append(r["duration_ms"])
peer_runs = []
for i in range(runs + 1):
    cpu, rss = measure(["sh", peer, os.path.join(tmp, "peer"), url, resolve, ca], subprocess.DEVNULL)
    if i:
        peer_runs.append((cpu, rss))

o_cpu = statistics.median(c for c, _ in ours)
o_rss = statistics.median(r for _, r in ours)
p_cpu = statistics.median(c for c, _ in peer_runs)
p_rss = statistics.median(r for _, r in peer_runs)
ratio = p_cpu / o_cpu if o_cpu else float("nan")
ok = lambda b: "yes" if b else "**no**"
print()
print("| | attest-init run | tpm2-tools + curl pipeline | target | met |")
print("|---|---:|---:|---|---|")
print("| CPU user+sys, median ms | %.1f | %.1f | <= 50 ms | %s |" % (o_cpu, p_cpu, ok(o_cpu <= 50)))
print("| peak RSS, median KiB (pipeline: largest process) | %d | %d | <= 4096 KiB | %s |" % (o_rss, p_rss, ok(o_rss <= 4096)))
print("| CPU ratio pipeline / attest-init | | %.1fx | >= 5x | %s |" % (ratio, ok(ratio >= 5)))
print()
print("| step (audit trail) | median ms | max ms |")
print("|---|---:|---:|")
for name, d in steps.items():
    print("| %s | %d | %d |" % (name, statistics.median(d), max(d)))
out = os.environ.get("BENCH_OUT")
if out:
    peer = "tpm2-tools + curl shell pipeline (peer_gate.sh)"
    with open(out, "a") as f:
        w = lambda *cols: f.write("row\t" + "\t".join(cols) + "\n")
        w("gate `attest-init run`: CPU user+sys, swtpm + provider emulator", "%.1f ms" % o_cpu, peer + ", CPU of every child",
          "%.1f ms" % p_cpu, "%.1fx less CPU" % ratio, "<= 50 ms and >= 5x less than the peer (issue 19)",
          ok(o_cpu <= 50 and ratio >= 5))
        w("gate `attest-init run`: peak RSS", "%d KiB" % o_rss, peer + ", its largest process",
          "%d KiB" % p_rss, "%.1fx smaller" % (p_rss / o_rss if o_rss else float("nan")),
          "<= 4096 KiB (issue 19)", ok(o_rss <= 4096))
        f.write("note\tGate steps (audit trail, median ms over %d runs): %s. The peer does the TPM and "
                "HTTP steps only and checks nothing (peer_gate.sh): a lower bound of a shell gate.\n"
                % (runs, ", ".join("%s %d" % (n, statistics.median(d)) for n, d in steps.items())))
PY
