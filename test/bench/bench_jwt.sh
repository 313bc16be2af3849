#!/bin/sh
# Benchmark of `attest-init jwt verify`: one RS256 token against a pinned JWKS, one process per
# token (a gate verifies one token per start, so the per-process cost is the figure that
# matters), median of repeated runs with hyperfine. Builds nothing.
#   usage: test/bench/bench_jwt.sh [BIN]   (BIN defaults to build/attest-init)
#   ATTEST_SHARED: ../shared (a real Azure Attestation token and its JWKS in testdata/maa);
#   BENCH_RUNS: runs per case are 10x this (5); BENCH_OUT: file the result rows are appended to
#   (tab-separated, see render_bench.py)
# Input: the real AzureGuest token of 2024 (sharedeus2) with the published moduli, checked at
# nbf + 1 h with its issuer; without ../shared, a token signed here by openssl (RSA-2048) with
# the same claim set shape.
# Peers, each one process per token:
# - python3 + cryptography: reads the token and the JWKS, picks the key by kid, verifies the
#   RS256 signature (RSASSA-PKCS1-v1_5 SHA-256), checks iss, nbf and exp (what `jwt verify`
#   checks, less its strict JSON grammar and header rules);
# - openssl dgst -sha256 -verify: the signature alone over the pre-split signing input with the
#   key as a PEM file (no base64url, no JSON, no claims): a lower bound for any verifier.
# Target: none set by the issues (reported for the record).
set -u
BIN=${1:-build/attest-init}
SHARED=${ATTEST_SHARED:-../shared}
RUNS=$((${BENCH_RUNS:-5} * 10))
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

[ -x "$BIN" ] || { echo "bench_jwt: $BIN not built (run make first)" >&2; exit 2; }
for t in hyperfine openssl "$PY"; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench_jwt: $t not installed" >&2; exit 2; }
done
"$PY" -c 'import cryptography' 2>/dev/null || { echo "bench_jwt: python3-cryptography not installed" >&2; exit 2; }

MAA=$SHARED/testdata/maa
if [ -f "$MAA/token-azureguest-sharedeus2-2024-linux-cvm.jwt" ] && [ -f "$MAA/jwks-shared-instances-moduli.json" ]; then
	cp "$MAA/token-azureguest-sharedeus2-2024-linux-cvm.jwt" "$TMP/token.jwt"
	cp "$MAA/jwks-shared-instances-moduli.json" "$TMP/jwks.json"
	ISS=https://sharedeus2.eus2.attest.azure.net
	NOW=$((1734719094 + 3600))
	SRC="real Azure Attestation token (sharedeus2, 2024), published JWKS"
else
	# A local RSA-2048 key, its JWKS and a token signed by openssl (python3 stdlib for JSON).
	openssl genrsa -out "$TMP/key.pem" 2048 2>/dev/null || { echo "bench_jwt: openssl genrsa" >&2; exit 1; }
	ISS=https://issuer.example
	NOW=1700000000
	"$PY" - "$TMP" "$ISS" "$NOW" <<'GEN' || { echo "bench_jwt: making the token failed" >&2; exit 1; }
import base64, json, subprocess, sys
tmp, iss, now = sys.argv[1], sys.argv[2], int(sys.argv[3])
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
mod = subprocess.run(["openssl", "rsa", "-in", tmp + "/key.pem", "-noout", "-modulus"],
                     capture_output=True, check=True, text=True).stdout.split("=")[1].strip()
json.dump({"keys": [{"kty": "RSA", "kid": "bench", "n": b64u(bytes.fromhex(mod)), "e": "AQAB"}]},
          open(tmp + "/jwks.json", "w"))
head = b64u(json.dumps({"alg": "RS256", "kid": "bench", "typ": "JWT"}).encode())
body = b64u(json.dumps({"iss": iss, "iat": now - 60, "nbf": now - 60, "exp": now + 28800,
                        "x-ms-attestation-type": "azurevm"}).encode())
signing = (head + "." + body).encode()
sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", tmp + "/key.pem"], input=signing,
                     capture_output=True, check=True).stdout
open(tmp + "/token.jwt", "w").write(head + "." + body + "." + b64u(sig) + "\n")
GEN
	SRC="token signed here (openssl, RSA-2048): no ../shared"
fi

# The peers' inputs: the python verifier, the openssl key PEM, signing input and signature.
cat >"$TMP/verify.py" <<'PEER'
import base64, json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
token, jwks, iss, now = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
h, p, s = open(token).read().strip().split(".")
head, claims = json.loads(d(h)), json.loads(d(p))
if head.get("alg") != "RS256":
    sys.exit("alg")
key = [k for k in json.load(open(jwks))["keys"] if k.get("kid") == head.get("kid")][0]
n, e = (int.from_bytes(d(key[x]), "big") for x in ("n", "e"))
rsa.RSAPublicNumbers(e, n).public_key().verify(d(s), (h + "." + p).encode(), padding.PKCS1v15(), hashes.SHA256())
if claims.get("iss") != iss or not claims["nbf"] <= now < claims["exp"]:
    sys.exit("claims")
PEER
"$PY" - "$TMP" <<'PREP' || { echo "bench_jwt: preparing the openssl peer failed" >&2; exit 1; }
import base64, json, sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
tmp = sys.argv[1]
d = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
h, p, s = open(tmp + "/token.jwt").read().strip().split(".")
kid = json.loads(d(h))["kid"]
key = [k for k in json.load(open(tmp + "/jwks.json"))["keys"] if k.get("kid") == kid][0]
n, e = (int.from_bytes(d(key[x]), "big") for x in ("n", "e"))
pem = rsa.RSAPublicNumbers(e, n).public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
open(tmp + "/key.pub.pem", "wb").write(pem)
open(tmp + "/signing.txt", "w").write(h + "." + p)
open(tmp + "/sig.bin", "wb").write(d(s))
PREP

# Every command must succeed on this input before it is timed (a failing verifier is fast).
OURS="$BIN jwt verify --jwks $TMP/jwks.json --issuer $ISS --now $NOW $TMP/token.jwt"
PYV="$PY $TMP/verify.py $TMP/token.jwt $TMP/jwks.json $ISS $NOW"
OSSL="openssl dgst -sha256 -verify $TMP/key.pub.pem -signature $TMP/sig.bin $TMP/signing.txt"
for c in "$OURS" "$PYV" "$OSSL"; do
	$c >/dev/null 2>"$TMP/err" || { echo "bench_jwt: refused by $(echo "$c" | cut -d' ' -f1): $(head -n 1 "$TMP/err")" >&2; exit 1; }
done

# measure NAME CMD: "median_ms cpu_ms" (cpu: mean user+system)
measure() {
	hyperfine --style none --warmup 3 --runs "$RUNS" --shell=none --export-json "$TMP/$1.json" -- "$2" >/dev/null 2>&1 ||
		{ echo "nan nan"; return; }
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.2f %.2f' % (r['median']*1000, (r['user']+r['system'])*1000))" "$TMP/$1.json"
}
# shellcheck disable=SC2046 # two numbers, split on purpose
set -- $(measure ours "$OURS") && ours=$1 ours_cpu=$2
# shellcheck disable=SC2046
set -- $(measure py "$PYV") && py=$1 py_cpu=$2
# shellcheck disable=SC2046
set -- $(measure ossl "$OSSL") && ossl=$1 ossl_cpu=$2

echo "bench_jwt: $SRC; hyperfine, median of $RUNS runs, one process per token"
"$PY" - "$ours" "$ours_cpu" "$py" "$py_cpu" "$ossl" "$ossl_cpu" <<'REPORT'
import math, os, sys
o, oc, p, pc, s, sc = (float(x) for x in sys.argv[1:])
rate = lambda ms: "n/a" if math.isnan(ms) or ms == 0 else "%.0f tokens/s" % (1000 / ms)
ratio = lambda a, b: "n/a" if math.isnan(a) or math.isnan(b) or b == 0 else "%.1fx" % (a / b)
fig = lambda ms, cpu: "%.2f ms wall, %.2f ms CPU (%s)" % (ms, cpu, rate(ms))
print("%-40s %10s %10s %16s" % ("case", "median ms", "cpu ms", "rate"))
for name, ms, cpu in (("attest-init jwt verify", o, oc), ("python3 + cryptography", p, pc),
                      ("openssl dgst -verify (signature only)", s, sc)):
    print("%-40s %10.2f %10.2f %16s" % (name, ms, cpu, rate(ms)))
rows = [("JWT verify, one process per token (RS256 + JWKS)", fig(o, oc),
         "python3 + cryptography: parse token and JWKS, key by kid, RS256, iss/nbf/exp", fig(p, pc), ratio(p, o)),
        ("JWT verify, one process per token (RS256 + JWKS)", fig(o, oc),
         "openssl dgst -sha256 -verify: the signature only, key as PEM, input pre-split", fig(s, sc), ratio(s, o))]
out = os.environ.get("BENCH_OUT")
if out:
    with open(out, "a") as f:
        for what, ours, peer, peer_fig, r in rows:
            f.write("row\t%s\t%s\t%s\t%s\t%s faster\tnone set (for the record)\t-\n" % (what, ours, peer, peer_fig, r))
REPORT
if [ -n "${BENCH_OUT:-}" ]; then
	printf 'note\tJWT input: %s. The ratio is the peer'"'"'s median wall time over attest-init'"'"'s.\n' "$SRC" >>"$BENCH_OUT"
fi
