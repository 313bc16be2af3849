#!/bin/sh
# An Azure-like vTPM on swtpm, for the TPM evidence tests.
#
#   swtpm-fixture.sh start DIR EVENTLOG   start swtpm on loopback (free ports) with its state in
#                                         DIR and provision it; prints the TCTI spec. Idempotent:
#                                         a provisioned DIR is only restarted and its PCRs re-extended.
#   swtpm-fixture.sh stop DIR             stop the swtpm started for DIR (by its pid file).
#
# Provisioning (like an Azure vTPM, docs/maa-azureguest.md 7.1): RSA EK; RSA AK (RSASSA/SHA-256,
# restricted signing) persistent at 0x81000003; a test PKI root -> intermediate -> AK leaf
# (make_pki.py; leaf > 1024 bytes so NV reads need chunks) with the leaf, zero padded, in NV
# 0x01C101D0; PCRs 0-7 (SHA-256) extended with the digests of EVENTLOG so that replay, quote
# and log agree; an HCL-shaped report at 0x01400001 whose runtime claims carry the AK
# (make_hcl.py). Files left in DIR: tcti, ak.pem, ak.tpm2b, pki/*, hcl.bin, swtpm.pid, swtpm.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|stop}
dir=${2:?state directory}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop() {
	if [ -f "$dir/swtpm.pid" ]; then
		pid=$(cat "$dir/swtpm.pid")
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		rm -f "$dir/swtpm.pid"
	fi
}

# Two consecutive free loopback ports (server P, control P+1).
free_ports() {
	python3 - <<'PY'
import random, socket
for _ in range(200):
    p = random.randint(20000, 60000)
    try:
        socks = []
        for q in (p, p + 1):
            s = socket.socket(); s.bind(("127.0.0.1", q)); socks.append(s)
        for s in socks: s.close()
        print(p); break
    except OSError:
        for s in socks: s.close()
PY
}

t() { # run a tpm2-tools command quietly, flushing transient objects afterwards (3 slots)
	"$@" >>"$dir/tools.log" 2>&1 || { echo "fixture: $* failed; see $dir/tools.log" >&2; tail -n 5 "$dir/tools.log" >&2; exit 1; }
	tpm2_flushcontext -t >>"$dir/tools.log" 2>&1 || true
}

case "$cmd" in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop DIR [EVENTLOG]" >&2; exit 2 ;;
esac
log=${3:?event log}
stop
port=$(free_ports)
[ -n "$port" ] || { echo "fixture: no free ports" >&2; exit 1; }
mkdir -p "$dir/state"
swtpm socket --tpm2 --daemon --pid file="$dir/swtpm.pid" --log file="$dir/swtpm.log" \
	--server type=tcp,port="$port",bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 \
	--tpmstate dir="$dir/state" --flags not-need-init,startup-clear
tcti="swtpm:host=127.0.0.1,port=$port"
echo "$tcti" >"$dir/tcti"
export TPM2TOOLS_TCTI="$tcti"
i=0
until tpm2_getcap properties-fixed >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "fixture: swtpm did not come up" >&2; exit 1; }; sleep 0.1
done

cd "$dir"
# A restart after a kill is an unorderly shutdown (no TPM2_Shutdown), which counts against the
# DA-protected AK (TPM 2.0 Part 1 19.8.6); a few restarts would lock it out. Clear the counter
# (empty lockout authorization) so every start begins like a fresh boot.
tpm2_dictionarylockout -c >>"$dir/tools.log" 2>&1 || true
if [ ! -f provisioned ]; then
	t tpm2_createek -c ek.ctx -G rsa -u ek.pub
	t tpm2_createak -C ek.ctx -c ak.ctx -G rsa -g sha256 -s rsassa -u ak.pub -n ak.name -r ak.priv
	t tpm2_evictcontrol -C o -c ak.ctx 0x81000003
	t tpm2_readpublic -c 0x81000003 -o ak.tpm2b
	t tpm2_readpublic -c 0x81000003 -f pem -o ak.pem
	rm -f ek.ctx ak.ctx
	mkdir -p pki
	python3 "$here/make_pki.py" pki ak.pem
	# Azure pads the NV area with zeros past the DER (the reader trims to the DER length).
	size=$(($(stat -c %s pki/ak.der) + 200))
	head -c 200 /dev/zero | cat pki/ak.der - >ak-nv.bin
	t tpm2_nvdefine 0x01C101D0 -C o -s "$size" -a "ownerwrite|ownerread|authread|no_da"
	t tpm2_nvwrite 0x01C101D0 -C o -i ak-nv.bin
	python3 "$here/make_hcl.py" ak.pem hcl.bin
	t tpm2_nvdefine 0x01400001 -C o -s "$(stat -c %s hcl.bin)" -a "ownerwrite|ownerread|authread|no_da"
	t tpm2_nvwrite 0x01400001 -C o -i hcl.bin
	touch provisioned
fi
# PCRs reset on every start (startup-clear): extend 0-7 from the log.
python3 "$here/eventlog_digests.py" "$log" >extends.txt
# One tpm2_pcrextend call extends in argument order (checked against a local replay).
# shellcheck disable=SC2046
tpm2_pcrextend $(awk '{ print $1 ":sha256=" $2 }' extends.txt) >>tools.log 2>&1
echo "$tcti"
