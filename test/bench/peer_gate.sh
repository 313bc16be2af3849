#!/bin/sh
# The peer of bench_gate.sh: the TPM and HTTP steps of `attest-init run` done by a shell pipeline
# of tpm2-tools, curl and coreutils (TPM2TOOLS_TCTI names the TPM; DIR holds eventlog.bin).
#   peer_gate.sh DIR URL RESOLVE CA
# What it does: read the AK certificate and the HCL report from NV and the AK public; a quote
# over PCRs 0-7 with a fresh nonce; an RSA-2048 decrypt key under a fresh primary, bound to the
# PCRs by PolicyPCR, certified by the AK; a JSON request of the base64 fields (printf); HTTPS GET
# of the signing keys and POST of the request (curl, CA-verified); a TPM decrypt of an inner key
# under a PolicyPCR session. What it does NOT do (and attest-init does): parse or check anything
# (AK chain, quote signature and nonce, PCR digest, event-log replay, HCL binding), the exact
# AzureGuest encoding (so the emulator answers it with a 400), the answer's envelope and AES-GCM,
# JWT verification, claim checks, the local policy, the audit trail and the token file. It is
# therefore a lower bound of what a shell implementation of the gate would cost.
set -eu
d=$1 url=$2 resolve=$3 ca=$4
cd "$d"
t() { "$@" >/dev/null 2>&1; }
# AK certificate and HCL report from NV, AK public.
t tpm2_nvread 0x01C101D0 -C o -o akcert.bin
t tpm2_nvread 0x01400001 -C o -o hcl.bin
t tpm2_readpublic -c 0x81000003 -o ak.pub
# Fresh nonce, quote over PCRs 0-7 (SHA-256), PCR values.
nonce=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
t tpm2_quote -c 0x81000003 -l sha256:0,1,2,3,4,5,6,7 -q "$nonce" -g sha256 -m quote.msg -s quote.sig -o pcrs.bin
# Ephemeral RSA-2048 decrypt key bound to the PCRs (PolicyPCR), certified by the AK.
t tpm2_createpolicy --policy-pcr -l sha256:0,1,2,3,4,5,6,7 -L pcr.policy
t tpm2_createprimary -C o -G rsa2048 -c prim.ctx
t tpm2_flushcontext -t # swtpm holds 3 transient objects; tpm2-tools leaves them loaded
t tpm2_create -C prim.ctx -G rsa2048 -L pcr.policy -a "decrypt|fixedtpm|fixedparent|sensitivedataorigin" \
	-u enc.pub -r enc.priv
t tpm2_flushcontext -t
t tpm2_load -C prim.ctx -u enc.pub -r enc.priv -c enc.ctx
t tpm2_flushcontext -t
t tpm2_certify -c enc.ctx -C 0x81000003 -g sha256 -o certify.attest -s certify.sig -f plain
t tpm2_readpublic -c enc.ctx -o enc.tpm2b
t tpm2_flushcontext -t
# The request: every field base64 in one JSON object (the shape, not the exact AzureGuest encoding).
b() { base64 -w0 "$1"; }
printf '{"AttestationInfo":{"TpmInfo":{"AikCert":"%s","AikPub":"%s","PcrQuote":"%s","PcrSignature":"%s","PcrValues":"%s","EncKeyPub":"%s","EncKeyCertifyInfo":"%s","EncKeyCertifyInfoSignature":"%s"},"TcgLogs":"%s","IsolationInfo":"%s","ClientPayload":{"nonce":"%s"}}}' \
	"$(b akcert.bin)" "$(b ak.pub)" "$(b quote.msg)" "$(b quote.sig)" "$(b pcrs.bin)" "$(b enc.tpm2b)" \
	"$(b certify.attest)" "$(b certify.sig)" "$(b eventlog.bin)" "$(b hcl.bin)" "$nonce" >request.json
# HTTPS: the signing keys and the attestation POST (the emulator refuses this request's encoding
# with a 400; the round trip is what is measured).
curl -s -o certs.json --cacert "$ca" --resolve "$resolve" "$url/certs"
curl -s -o answer.json --cacert "$ca" --resolve "$resolve" -H 'Content-Type: application/json' \
	--data-binary @request.json "$url/attest/AzureGuest?api-version=2020-10-01" || true
# Decrypt a 256-byte inner key with the ephemeral key under a PolicyPCR session.
head -c 32 /dev/urandom >inner.key
t tpm2_flushcontext -t
t tpm2_load -C prim.ctx -u enc.pub -r enc.priv -c enc.ctx
t tpm2_flushcontext -t
t tpm2_rsaencrypt -c enc.ctx -s rsaes -o inner.enc inner.key
t tpm2_startauthsession --policy-session -S session.ctx
t tpm2_policypcr -S session.ctx -l sha256:0,1,2,3,4,5,6,7
t tpm2_rsadecrypt -c enc.ctx -p session:session.ctx -s rsaes -o inner.dec inner.enc
t tpm2_flushcontext -l # the policy session and the one tpm2-tools leaves loaded
t tpm2_flushcontext -t
cmp -s inner.key inner.dec
