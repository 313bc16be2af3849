# attest-init jwt verify: RFC 7515 examples, real MAA tokens, and one negative case per rule
# with keys and tokens made here by openssl (signing) and python3's standard library (JSON,
# base64url). python3-cryptography is not used.
. "$(dirname "$0")/lib.sh"

DATA=$(dirname "$0")/../data/jose
NOW=1700000000
ISS=https://issuer.example

# ---- command line ----
expect "jwt --help exits 0" 0 "$BIN" jwt --help
check "jwt --help shows the verify usage" "grep -q 'usage: attest-init jwt verify --jwks FILE' '$TMP/out'"
expect "jwt verify --help exits 0" 0 "$BIN" jwt verify --help
expect_err "jwt without subcommand is a usage error" 2 "^attest-init: usage: missing subcommand" "$BIN" jwt
expect_err "unknown jwt subcommand is a usage error" 2 "unknown subcommand 'sign'" "$BIN" jwt sign
expect_err "--jwks is required" 2 "usage: --jwks FILE is required" "$BIN" jwt verify "$DATA/rfc7515-a2.jwt"
expect_err "token file is required" 2 "missing argument" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json"
expect_err "--now must be decimal seconds" 2 "usage: --now needs Unix seconds" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --now 12x "$DATA/rfc7515-a2.jwt"
expect_err "--now must leave room for the skew" 2 "usage: --now needs Unix seconds" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --now 9223372036854775800 "$DATA/rfc7515-a2.jwt"
expect_err "--max-skew above 300 is a usage error" 2 "usage: --max-skew needs 0..300" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --max-skew 301 "$DATA/rfc7515-a2.jwt"
expect_err "unreadable token file exits 2" 2 "^attest-init: io: open_failed" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" "$TMP/nonexistent"
expect_err "unreadable JWKS exits 2" 2 "^attest-init: io: open_failed" "$BIN" jwt verify --jwks "$TMP/nonexistent" "$DATA/rfc7515-a2.jwt"
printf '{"keys":[{"kty":"oct","k":"AAAA"}]}' >"$TMP/oct.jwks"
expect_err "JWKS without a usable key exits 2" 2 "^attest-init: jwks: no_usable_key" "$BIN" jwt verify --jwks "$TMP/oct.jwks" "$DATA/rfc7515-a2.jwt"
printf '{"keys":[' >"$TMP/bad.jwks"
expect_err "malformed JWKS exits 2" 2 "^attest-init: jwks: bad_json" "$BIN" jwt verify --jwks "$TMP/bad.jwks" "$DATA/rfc7515-a2.jwt"

# ---- RFC 7515 appendix A.2 (RS256) and A.3 (ES256) ----
for a in a2 a3; do
	J=$DATA/rfc7515-$a.jwks.json T=$DATA/rfc7515-$a.jwt
	expect "RFC 7515 $a verifies before exp" 0 "$BIN" jwt verify --jwks "$J" --issuer joe --now 1300000000 "$T"
	check "RFC 7515 $a prints its claims as JSON" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d==dict(iss=\"joe\",exp=1300819380,**{\"http://example.com/is_root\":True}), d' '$TMP/out'"
	expect_err "RFC 7515 $a is expired today" 1 "^attest-init: jwt: expired" "$BIN" jwt verify --jwks "$J" --now "$NOW" "$T"
	expect "RFC 7515 $a reads the token from stdin" 0 sh -c "'$BIN' jwt verify --jwks '$J' --now 1300000000 - <'$T'"
	# Any changed character fails (every 7th position, each replaced by another).
	if python3 - "$T" "$TMP/mut-$a" <<'PY'
import sys
t = open(sys.argv[1]).read().rstrip("\n")
for i in range(0, len(t), 7):
    m = t[:i] + ("B" if t[i] == "A" else "A") + t[i + 1:]
    open("%s.%d" % (sys.argv[2], i), "w").write(m)
PY
	then
		bad=0 n=0
		for m in "$TMP/mut-$a".*; do
			n=$((n + 1))
			"$BIN" jwt verify --jwks "$J" --now 1300000000 "$m" >/dev/null 2>&1
			[ $? = 1 ] || { bad=1; echo "# accepted or wrong exit: $m"; }
		done
		if [ $bad = 0 ]; then ok "RFC 7515 $a: all $n changed tokens exit 1"; else notok "RFC 7515 $a: a changed token did not exit 1"; fi
	else notok "RFC 7515 $a mutations"; fi
	rm -f "$TMP/mut-$a".*
done

# One trailing newline is ignored; anything else around the token is an error.
tok=$(cat "$DATA/rfc7515-a3.jwt")
printf '%s' "$tok" >"$TMP/nonl.jwt"
expect "token without trailing newline verifies" 0 "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 "$TMP/nonl.jwt"
printf '%s\n\n' "$tok" >"$TMP/twonl.jwt"
expect_err "two trailing newlines are refused" 1 "^attest-init: jwt: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 "$TMP/twonl.jwt"
printf '%s\r\n' "$tok" >"$TMP/crlf.jwt"
expect_err "CRLF line end is refused" 1 "^attest-init: jwt: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 "$TMP/crlf.jwt"
printf ' %s\n' "$tok" >"$TMP/lead.jwt"
expect_err "leading space is refused" 1 "^attest-init: jwt: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 "$TMP/lead.jwt"

# ---- real MAA tokens (../shared) ----
MAA=$SHARED/testdata/maa
if [ -f "$MAA/jwks-shared-instances-moduli.json" ]; then
	for spec in "token-azureguest-sharedeus2-2024-linux-cvm.jwt https://sharedeus2.eus2.attest.azure.net 1734719094 1734747894" \
		"token-azureguest-sharedweu-2023-windows-cvm.jwt https://sharedweu.weu.attest.azure.net 1680173374 1680202174"; do
		set -- $spec
		T=$MAA/$1 iss=$2 nbf=$3 exp=$4 J=$MAA/jwks-shared-instances-moduli.json
		expect "MAA $1 verifies inside its validity" 0 "$BIN" jwt verify --jwks "$J" --issuer "$iss" --now $((nbf + 3600)) "$T"
		check "MAA $1 claims carry iss and exp" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"iss\"]==sys.argv[2] and d[\"exp\"]==int(sys.argv[3])' '$TMP/out' '$iss' '$exp'"
		expect_err "MAA $1 is refused after exp" 1 "^attest-init: jwt: expired" "$BIN" jwt verify --jwks "$J" --now $((exp + 60)) "$T"
		expect_err "MAA $1 is refused before nbf" 1 "^attest-init: jwt: not_yet_valid" "$BIN" jwt verify --jwks "$J" --now $((nbf - 61)) "$T"
		expect_err "MAA $1 is refused for another issuer" 1 "^attest-init: jwt: issuer_mismatch" "$BIN" jwt verify --jwks "$J" --issuer https://sharedeus.eus.attest.azure.net --now $((nbf + 3600)) "$T"
		python3 - "$T" "$TMP/maa-mod" <<'PY'
import sys
t = open(sys.argv[1]).read().rstrip("\n")
h, p, s = t.split(".")
# one character in header, payload and signature
open(sys.argv[2] + ".h", "w").write(h[:5] + ("B" if h[5] == "A" else "A") + h[6:] + "." + p + "." + s)
open(sys.argv[2] + ".p", "w").write(h + "." + p[:100] + ("B" if p[100] == "A" else "A") + p[101:] + "." + s)
open(sys.argv[2] + ".s", "w").write(h + "." + p + "." + s[:50] + ("B" if s[50] == "A" else "A") + s[51:])
PY
		for part in h p s; do
			expect "MAA $1 with a modified $part segment exits 1" 1 "$BIN" jwt verify --jwks "$J" --now $((nbf + 3600)) "$TMP/maa-mod.$part"
		done
	done
else
	skip "real MAA tokens ($MAA absent)"
fi

# ---- generated keys and tokens ----
cd "$TMP" || exit 1
openssl genrsa -out r1.pem 2048 2>/dev/null &&
	openssl genrsa -out att.pem 2048 2>/dev/null &&
	openssl genrsa -out small.pem 1024 2>/dev/null &&
	openssl ecparam -name prime256v1 -genkey -noout -out e1.pem 2>/dev/null &&
	openssl ecparam -name secp384r1 -genkey -noout -out e384.pem 2>/dev/null || {
	notok "openssl key generation"
	exit 0
}

cat >mk.py <<'PY'
# mk.py jwks | mk.py token KEY HEADER PAYLOAD [der|raw|hs256|none] -> stdout
import base64, hmac, hashlib, json, subprocess, sys

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def pub(name):
    der = subprocess.run(["openssl", "pkey", "-in", name + ".pem", "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    if name in ("e1", "e384"):
        size = 32 if name == "e1" else 48
        q = der[-(2 * size + 1):]
        return {"kty": "EC", "crv": "P-256" if size == 32 else "P-384",
                "x": b64u(q[1:1 + size]), "y": b64u(q[1 + size:])}
    mod = subprocess.run(["openssl", "rsa", "-in", name + ".pem", "-noout", "-modulus"],
                         capture_output=True, check=True, text=True).stdout.split("=")[1].strip()
    return {"kty": "RSA", "n": b64u(bytes.fromhex(mod)), "e": "AQAB"}

def der_to_raw(sig, size):
    # ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (short-form lengths suffice here)
    assert sig[0] == 0x30
    i = 2 if sig[1] < 0x80 else 3
    out = b""
    for _ in range(2):
        assert sig[i] == 0x02
        n = sig[i + 1]
        v = sig[i + 2:i + 2 + n].lstrip(b"\0")
        out += v.rjust(size, b"\0")
        i += 2 + n
    return out

if sys.argv[1] == "jwks":
    keys = []
    for kid in ("r1", "small", "e1", "e384"):
        k = pub(kid)
        k["kid"] = kid
        keys.append(k)
    print(json.dumps({"keys": keys}))
    sys.exit(0)
if sys.argv[1] == "jwk":
    print(json.dumps(pub(sys.argv[2])))
    sys.exit(0)
key, header, payload = sys.argv[2], sys.argv[3], sys.argv[4]
mode = sys.argv[5] if len(sys.argv) > 5 else "raw"
alg = json.loads(header).get("alg", "RS256") if header.startswith("{") else "RS256"
h = {"256": "sha256", "384": "sha384", "512": "sha512"}.get(str(alg)[-3:], "sha256")
inp = b64u(header.encode()) + "." + b64u(payload.encode())
if mode == "none":
    sig = b""
elif mode == "hs256":
    sig = hmac.new(bytes.fromhex(subprocess.run(["openssl", "rsa", "-in", key + ".pem", "-noout", "-modulus"],
                   capture_output=True, check=True, text=True).stdout.split("=")[1].strip()),
                   inp.encode(), hashlib.sha256).digest()
else:
    sig = subprocess.run(["openssl", "dgst", "-" + h, "-sign", key + ".pem"], input=inp.encode(),
                         capture_output=True, check=True).stdout
    if key in ("e1", "e384") and mode == "raw":
        sig = der_to_raw(sig, 32 if key == "e1" else 48)
print(inp + "." + b64u(sig))
PY

python3 mk.py jwks >keys.jwks || notok "building the JWKS"
claims=$(printf '{"iss":"%s","exp":%d,"nbf":%d,"iat":%d}' "$ISS" $((NOW + 3600)) $((NOW - 10)) $((NOW - 10)))

# tok NAME KEY HEADER [PAYLOAD] [MODE]: writes NAME.jwt
tok() {
	python3 mk.py token "$2" "$3" "${4:-$claims}" "${5:-raw}" >"$1.jwt" || notok "making token $1"
}
# verify_ok DESC NAME / verify_fails DESC NAME REASON
verify_ok() {
	expect "$1" 0 "$BIN" jwt verify --jwks keys.jwks --issuer "$ISS" --now "$NOW" "$2.jwt"
}
verify_fails() {
	expect_err "$1" 1 "^attest-init: jwt: $3(:| |$)" "$BIN" jwt verify --jwks keys.jwks --issuer "$ISS" --now "$NOW" "$2.jwt"
}

tok rs256 r1 '{"alg":"RS256","kid":"r1"}'
verify_ok "openssl-signed RS256 token verifies" rs256
tok rs384 r1 '{"alg":"RS384","kid":"r1"}'
verify_ok "openssl-signed RS384 token verifies" rs384
tok rs512 r1 '{"alg":"RS512","kid":"r1"}'
verify_ok "openssl-signed RS512 token verifies" rs512
tok es256 e1 '{"alg":"ES256","kid":"e1"}'
verify_ok "openssl-signed ES256 token (raw R||S) verifies" es256
tok es384 e384 '{"alg":"ES384","kid":"e384"}'
verify_ok "openssl-signed ES384 token verifies" es384
tok nokid e384 '{"alg":"ES384"}'
verify_ok "token without kid verifies when one key fits" nokid
tok nokid2 r1 '{"alg":"RS256"}'
verify_fails "token without kid is refused when several keys fit" nokid2 kid_required

tok none r1 '{"alg":"none"}' "$claims" none
verify_fails "alg none is refused" none alg_not_allowed
tok hs r1 '{"alg":"HS256","kid":"r1"}' "$claims" hs256
verify_fails "HS256 keyed with the RSA public key is refused" hs alg_not_allowed
jwk=$(python3 mk.py jwk att)
tok jwk att "{\"alg\":\"RS256\",\"kid\":\"r1\",\"jwk\":$jwk}"
verify_fails "embedded jwk is not used (attacker signature fails)" jwk signature_invalid
tok jwk2 att "{\"alg\":\"RS256\",\"jwk\":$jwk,\"kid\":\"att\"}"
verify_fails "embedded jwk with its own kid finds no key" jwk2 kid_not_found
tok jku att '{"alg":"RS256","kid":"r1","jku":"https://evil.example/certs"}'
verify_fails "foreign jku is not followed" jku signature_invalid
tok crit r1 '{"alg":"RS256","kid":"r1","crit":["exp"],"exp":1}'
verify_fails "unknown crit is refused" crit crit_unsupported
tok dupexp r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"$ISS\",\"exp\":$((NOW + 3600)),\"exp\":1}"
verify_fails "duplicate exp is refused" dupexp duplicate_member
printf '%s x\n' "$(cat rs256.jwt)" >trail.jwt
verify_fails "trailing bytes after the token are refused" trail bad_base64url
python3 - <<'PY'
t = open("rs256.jwt").read().strip()
h, p, s = t.split(".")
open("pad.jwt", "w").write(h + "==." + p + "." + s + "\n")
open("pads.jwt", "w").write(t + "==\n")
open("two.jwt", "w").write(h + "." + p + "\n")
open("four.jwt", "w").write(t + ".AAAA\n")
PY
verify_fails "padded header segment is refused" pad bad_base64url
verify_fails "padded signature segment is refused" pads bad_base64url
verify_fails "two segments are refused" two segment_count
verify_fails "four segments are refused" four segment_count
tok der e1 '{"alg":"ES256","kid":"e1"}' "$claims" der
verify_fails "DER-encoded ECDSA signature is refused" der signature_length
tok curve e384 '{"alg":"ES256","kid":"e384"}'
verify_fails "ES256 with a P-384 key is refused" curve wrong_curve
python3 - <<'PY'
import base64
t = open("rs256.jwt").read().strip()
h, p, s = t.split(".")
sig = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
short = base64.urlsafe_b64encode(sig[1:]).rstrip(b"=").decode()
open("short.jwt", "w").write(h + "." + p + "." + short + "\n")
PY
verify_fails "short RSA signature is refused" short signature_length
tok expired r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"$ISS\",\"exp\":$((NOW - 60))}"
verify_fails "expired token is refused" expired expired
expect "expired token passes with a larger skew" 0 "$BIN" jwt verify --jwks keys.jwks --now "$NOW" --max-skew 61 expired.jwt
tok future r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"$ISS\",\"exp\":$((NOW + 7200)),\"nbf\":$((NOW + 61))}"
verify_fails "not-yet-valid token is refused" future not_yet_valid
tok noexp r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"$ISS\"}"
verify_fails "token without exp is refused" noexp exp_missing
tok iss r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"https://other.example\",\"exp\":$((NOW + 60))}"
verify_fails "wrong issuer is refused" iss issuer_mismatch
tok issnul r1 '{"alg":"RS256","kid":"r1"}' "{\"iss\":\"$ISS\\u0000evil\",\"exp\":$((NOW + 60))}"
verify_fails "issuer with an escaped NUL is refused" issnul issuer_mismatch
tok kty r1 '{"alg":"RS256","kid":"e1"}'
verify_fails "RSA alg with an EC key is refused" kty key_type_mismatch
tok kty2 e1 '{"alg":"ES256","kid":"r1"}'
verify_fails "EC alg with an RSA key is refused" kty2 key_type_mismatch
tok small small '{"alg":"RS256","kid":"small"}'
verify_fails "1024-bit RSA key is refused" small rsa_key_too_small
tok kid r1 '{"alg":"RS256","kid":"nope"}'
verify_fails "unknown kid is refused" kid kid_not_found
deep=$(python3 -c 'print("{\"exp\":9999999999,\"d\":" + "[" * 40 + "]" * 40 + "}")')
tok deep r1 '{"alg":"RS256","kid":"r1"}' "$deep"
verify_fails "deeply nested claims are refused" deep too_deep
python3 -c 'import sys; sys.stdout.write("A" * 300000)' >big.jwt
verify_fails "oversized token is refused" big token_too_large
