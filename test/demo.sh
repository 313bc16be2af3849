#!/bin/sh
# The README's demo: what attest-init can do so far, on real data from
# ../shared/testdata when present (the gate itself arrives in a later issue).
# Usage: demo.sh BINARY SHARED_DIR
set -u
bin=$1 shared=$2
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; rc=$?; printf '(exit %d)\n' "$rc"; }

say "the static binary"
file "$bin" | sed 's/, BuildID[^,]*//'
ls -l "$bin" | awk '{print $5 " bytes"}'
show "$bin" version

if [ ! -d "$shared/testdata" ]; then
	echo
	echo "demo: $shared/testdata is not present; the event-log, token and quote demos need it."
	exit 0
fi

log="$shared/testdata/eventlogs/gce-ubuntu2404-amdsevsnp.bin"
if [ -f "$log" ]; then
	say "replay a real boot event log (GCE AMD SEV-SNP VM) and compare with the PCRs its machine reported"
	"$bin" eventlog "$log" | head -n 12
	echo "..."
	"$bin" eventlog --json "$log" >/tmp/attest-demo-log.json 2>/dev/null &&
		python3 - "$log" /tmp/attest-demo-log.json <<'PY' || true
import json, sys
want = json.load(open(sys.argv[1].replace(".bin", ".pcrs.json")))
got = json.load(open(sys.argv[2]))["pcrs"]
n = bad = 0
for bank, pcrs in want["banks"].items():
    for idx, val in pcrs.items():
        n += 1
        if got.get(bank, {}).get(str(idx), "").lower() != val.lower():
            bad += 1
print(f"replayed PCRs vs the machine's reported values: {n - bad} of {n} equal")
PY
	rm -f /tmp/attest-demo-log.json
	say "a log that ends inside an event is refused (fail closed)"
	head -c 3000 "$log" >/tmp/attest-demo-cut.bin
	show "$bin" eventlog /tmp/attest-demo-cut.bin
	rm -f /tmp/attest-demo-cut.bin
fi

tok="$shared/testdata/maa/token-azureguest-sharedeus2-2024-linux-cvm.jwt"
jwks="$shared/testdata/maa/jwks-shared-instances-moduli.json"
if [ -f "$tok" ]; then
	say "verify a real Azure Attestation token (RS256) against the instance's signing key"
	echo "\$ $bin jwt verify --jwks $jwks --issuer https://sharedeus2.eus2.attest.azure.net --now 1734720000 $tok"
	"$bin" jwt verify --jwks "$jwks" --issuer https://sharedeus2.eus2.attest.azure.net \
		--now 1734720000 "$tok" >/tmp/attest-demo-claims.json
	echo "(exit $?)"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print("verified claims:", ", ".join(sorted(c)), "")' \
		/tmp/attest-demo-claims.json 2>/dev/null | cut -c1-300 || true
	say "the same token a year later is refused"
	show "$bin" jwt verify --jwks "$jwks" --now 1766236000 "$tok"
	rm -f /tmp/attest-demo-claims.json
fi

q="$shared/testdata/maa"
if [ -f "$q/vtpm-quote-tpms_attest.bin" ]; then
	say "verify a real Azure vTPM quote (qualifying data 'challenge')"
	show "$bin" quote verify --ak-pub "$q/vtpm-quote-akpub.pem" --quote "$q/vtpm-quote-tpms_attest.bin" \
		--sig "$q/vtpm-quote-rsassa-sig.bin" --nonce "$(printf challenge | od -An -tx1 | tr -d ' \n')"
	say "the same quote with a different nonce is refused"
	show "$bin" quote verify --ak-pub "$q/vtpm-quote-akpub.pem" --quote "$q/vtpm-quote-tpms_attest.bin" \
		--sig "$q/vtpm-quote-rsassa-sig.bin" --nonce 00
fi

log="$shared/testdata/eventlogs/archlinux-workstation.bin"
here=$(cd "$(dirname "$0")" && pwd)
if command -v swtpm >/dev/null 2>&1 && command -v tpm2_createak >/dev/null 2>&1 && [ -f "$log" ]; then
	fx=$(mktemp -d)
	trap 'sh "$here/tpm/swtpm-fixture.sh" stop "$fx/tpm" >/dev/null 2>&1; rm -rf "$fx"' EXIT INT TERM
	say "an Azure-like vTPM on swtpm (AK at 0x81000003, AK certificate in NV, PCRs from a real boot log)"
	if PATH=/usr/bin:$PATH sh "$here/tpm/swtpm-fixture.sh" start "$fx/tpm" "$log" >"$fx/fixture.log" 2>&1; then
		tcti=$(cat "$fx/tpm/tcti")
		say "collect fresh evidence: AK public + certificate, quote over PCRs 0-7 with a random nonce, certify"
		show "$bin" evidence collect --tcti "$tcti" --eventlog "$log" --out "$fx/evidence.json"
		say "verify it offline: AK chain to the roots, quote signature and nonce, PCR digest, log replay, SNP HCL report bound to the AK"
		show "$bin" evidence verify "$fx/evidence.json" --ak-roots "$fx/tpm/pki/roots.pem" --isolation sevsnp
		say "something extends PCR 7 after boot: the same checks now block"
		TPM2TOOLS_TCTI=$tcti tpm2_pcrextend "7:sha256=$(printf '%064d' 7)" >/dev/null 2>&1
		"$bin" evidence collect --tcti "$tcti" --eventlog "$log" --out "$fx/evidence2.json"
		show "$bin" evidence verify "$fx/evidence2.json" --ak-roots "$fx/tpm/pki/roots.pem" --isolation sevsnp
	else
		echo "demo: could not start the swtpm fixture:"
		tail -n 5 "$fx/fixture.log"
	fi
fi
echo
