# attest-init jwt verify: RFC 7515 examples, real MAA tokens, and one negative case per rule
# with keys and tokens made here by openssl (signing) and python3's standard library (JSON,
# base64url). python3-cryptography is not used.
# Speed: python3 starts once to make every input (gen.py below) and once at the end to check
# the printed claims (claims.todo); each openssl signature is one process, made from gen.py.
. "$(dirname "$0")/lib.sh"

DATA=$(cd "$(dirname "$0")/../data/jose" && pwd)
MAA=""
if [ -f "$SHARED/testdata/maa/jwks-shared-instances-moduli.json" ]; then
	MAA=$(cd "$SHARED/testdata/maa" && pwd)
fi
NOW=1700000000
ISS=https://issuer.example
cd "$TMP" || exit 1

# ---- inputs ----
openssl genrsa -out r1.pem 2048 2>/dev/null &&
	openssl genrsa -out att.pem 2048 2>/dev/null &&
	openssl genrsa -out small.pem 1024 2>/dev/null &&
	openssl ecparam -name prime256v1 -genkey -noout -out e1.pem 2>/dev/null &&
	openssl ecparam -name secp384r1 -genkey -noout -out e384.pem 2>/dev/null || {
	notok "openssl key generation"
	exit 0
}

cat >gen.py <<'PY'
# gen.py DATA MAA NOW ISS: writes every input file into the current directory.
# A token that cannot be made prints "not ok - making token NAME" (TAP) and is left out.
import base64, hmac, hashlib, json, os, subprocess, sys

DATA, MAA, NOW, ISS = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def put(name, text):
    with open(name, "w") as f:
        f.write(text)


def modulus(name):
    out = subprocess.run(["openssl", "rsa", "-in", name + ".pem", "-noout", "-modulus"],
                         capture_output=True, check=True, text=True).stdout
    return bytes.fromhex(out.split("=")[1].strip())


def pub(name):
    if name in ("e1", "e384"):
        der = subprocess.run(["openssl", "pkey", "-in", name + ".pem", "-pubout", "-outform", "DER"],
                             capture_output=True, check=True).stdout
        size = 32 if name == "e1" else 48
        q = der[-(2 * size + 1):]
        return {"kty": "EC", "crv": "P-256" if size == 32 else "P-384",
                "x": b64u(q[1:1 + size]), "y": b64u(q[1 + size:])}
    return {"kty": "RSA", "n": b64u(modulus(name)), "e": "AQAB"}


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


def token(key, header, payload, mode="raw"):
    alg = json.loads(header).get("alg", "RS256") if header.startswith("{") else "RS256"
    h = {"256": "sha256", "384": "sha384", "512": "sha512"}.get(str(alg)[-3:], "sha256")
    inp = b64u(header.encode()) + "." + b64u(payload.encode())
    if mode == "none":
        sig = b""
    elif mode == "hs256":
        # the classic key confusion: HMAC keyed with the RSA public modulus
        sig = hmac.new(modulus(key), inp.encode(), hashlib.sha256).digest()
    else:
        sig = subprocess.run(["openssl", "dgst", "-" + h, "-sign", key + ".pem"],
                             input=inp.encode(), capture_output=True, check=True).stdout
        if key in ("e1", "e384") and mode == "raw":
            sig = der_to_raw(sig, 32 if key == "e1" else 48)
    return inp + "." + b64u(sig)


def flip(t, i):
    """t with the character at i replaced by another base64url character."""
    return t[:i] + ("B" if t[i] == "A" else "A") + t[i + 1:]


# RFC 7515 A.2/A.3: every 7th character changed, one file each.
for a in ("a2", "a3"):
    t = open(os.path.join(DATA, "rfc7515-%s.jwt" % a)).read().rstrip("\n")
    for i in range(0, len(t), 7):
        put("mut-%s.%d" % (a, i), flip(t, i))

# Real MAA tokens: one character changed in header, payload and signature.
if MAA:
    for name in ("token-azureguest-sharedeus2-2024-linux-cvm.jwt",
                 "token-azureguest-sharedweu-2023-windows-cvm.jwt"):
        h, p, s = open(os.path.join(MAA, name)).read().rstrip("\n").split(".")
        put(name + ".mod.h", flip(h, 5) + "." + p + "." + s)
        put(name + ".mod.p", h + "." + flip(p, 100) + "." + s)
        put(name + ".mod.s", h + "." + p + "." + flip(s, 50))

# Key sets: the main one, two RSA keys sharing a kid, and r1 restricted to RS384.
keys = {kid: pub(kid) for kid in ("r1", "att", "small", "e1", "e384")}
put("keys.jwks", json.dumps({"keys": [dict(keys[k], kid=k) for k in ("r1", "small", "e1", "e384")]}))
put("dup.jwks", json.dumps({"keys": [dict(keys["r1"], kid="dup"), dict(keys["att"], kid="dup")]}))
put("alg.jwks", json.dumps({"keys": [dict(keys["r1"], kid="r1", alg="RS384")]}))

claims = '{"iss":"%s","exp":%d,"nbf":%d,"iat":%d}' % (ISS, NOW + 3600, NOW - 10, NOW - 10)
jwk = json.dumps(keys["att"])
R1 = '{"alg":"RS256","kid":"r1"}'
tokens = [  # name, key, header, payload, mode
    ("rs256", "r1", R1, claims, "raw"),
    ("rs384", "r1", '{"alg":"RS384","kid":"r1"}', claims, "raw"),
    ("rs512", "r1", '{"alg":"RS512","kid":"r1"}', claims, "raw"),
    ("es256", "e1", '{"alg":"ES256","kid":"e1"}', claims, "raw"),
    ("es384", "e384", '{"alg":"ES384","kid":"e384"}', claims, "raw"),
    ("nokid", "e384", '{"alg":"ES384"}', claims, "raw"),
    ("nokid2", "r1", '{"alg":"RS256"}', claims, "raw"),
    ("none", "r1", '{"alg":"none"}', claims, "none"),
    ("hs", "r1", '{"alg":"HS256","kid":"r1"}', claims, "hs256"),
    ("jwk", "att", '{"alg":"RS256","kid":"r1","jwk":%s}' % jwk, claims, "raw"),
    ("jwk2", "att", '{"alg":"RS256","jwk":%s,"kid":"att"}' % jwk, claims, "raw"),
    ("jku", "att", '{"alg":"RS256","kid":"r1","jku":"https://evil.example/certs"}', claims, "raw"),
    ("crit", "r1", '{"alg":"RS256","kid":"r1","crit":["exp"],"exp":1}', claims, "raw"),
    ("dupexp", "r1", R1, '{"iss":"%s","exp":%d,"exp":1}' % (ISS, NOW + 3600), "raw"),
    ("der", "e1", '{"alg":"ES256","kid":"e1"}', claims, "der"),
    ("curve", "e384", '{"alg":"ES256","kid":"e384"}', claims, "raw"),
    ("expired", "r1", R1, '{"iss":"%s","exp":%d}' % (ISS, NOW - 60), "raw"),
    ("future", "r1", R1, '{"iss":"%s","exp":%d,"nbf":%d}' % (ISS, NOW + 7200, NOW + 61), "raw"),
    ("noexp", "r1", R1, '{"iss":"%s"}' % ISS, "raw"),
    ("iss", "r1", R1, '{"iss":"https://other.example","exp":%d}' % (NOW + 60), "raw"),
    ("issnul", "r1", R1, '{"iss":"%s\\u0000evil","exp":%d}' % (ISS, NOW + 60), "raw"),
    ("kty", "r1", '{"alg":"RS256","kid":"e1"}', claims, "raw"),
    ("kty2", "e1", '{"alg":"ES256","kid":"r1"}', claims, "raw"),
    ("small", "small", '{"alg":"RS256","kid":"small"}', claims, "raw"),
    ("kid", "r1", '{"alg":"RS256","kid":"nope"}', claims, "raw"),
    ("deep", "r1", R1, '{"exp":9999999999,"d":' + "[" * 40 + "]" * 40 + "}", "raw"),
    ("dup", "r1", '{"alg":"RS256","kid":"dup"}', claims, "raw"),
]
for name, key, header, payload, mode in tokens:
    try:
        put(name + ".jwt", token(key, header, payload, mode) + "\n")
    except Exception as exc:  # a missing file makes its check fail too
        print("not ok - making token %s: %s" % (name, exc))

# Framing variants of the RS256 token.
t = open("rs256.jwt").read().strip()
h, p, s = t.split(".")
sig = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
put("trail.jwt", t + " x\n")
put("pad.jwt", h + "==." + p + "." + s + "\n")
put("pads.jwt", t + "==\n")
put("two.jwt", h + "." + p + "\n")
put("four.jwt", t + ".AAAA\n")
put("short.jwt", h + "." + p + "." + b64u(sig[1:]) + "\n")
put("big.jwt", "A" * 300000)
t = open(os.path.join(DATA, "rfc7515-a3.jwt")).read().rstrip("\n")
put("nonl.jwt", t)
put("twonl.jwt", t + "\n\n")
put("crlf.jwt", t + "\r\n")
put("lead.jwt", " " + t + "\n")
PY
python3 gen.py "$DATA" "$MAA" "$NOW" "$ISS" || {
	notok "generating test inputs"
	exit 0
}
: >claims.todo # DESC<TAB>FILE<TAB>rfc | DESC<TAB>FILE<TAB>maa<TAB>ISS<TAB>EXP, checked at the end

# ---- command line ----
expect "jwt --help exits 0" 0 "$BIN" jwt --help
check "jwt --help shows the verify usage" "grep -q 'usage: attest-init jwt verify --jwks FILE' '$TMP/out'"
expect "jwt verify --help exits 0" 0 "$BIN" jwt verify --help
expect_err "jwt without subcommand is a usage error" 2 "^attest-init: usage: missing_subcommand: missing subcommand" "$BIN" jwt
expect_err "unknown jwt subcommand is a usage error" 2 "unknown subcommand 'sign'" "$BIN" jwt sign
expect_err "--jwks is required" 2 "^attest-init: usage: missing_option: --jwks FILE is required" "$BIN" jwt verify "$DATA/rfc7515-a2.jwt"
expect_err "token file is required" 2 "missing argument" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json"
expect_err "--now must be decimal seconds" 2 "^attest-init: usage: bad_option_value: --now needs Unix seconds" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --now 12x "$DATA/rfc7515-a2.jwt"
expect_err "--now must leave room for the skew" 2 "^attest-init: usage: bad_option_value: --now needs Unix seconds" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --now 9223372036854775800 "$DATA/rfc7515-a2.jwt"
expect_err "--max-skew above 300 is a usage error" 2 "^attest-init: usage: bad_option_value: --max-skew needs 0..300" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" --max-skew 301 "$DATA/rfc7515-a2.jwt"
expect_err "unreadable token file exits 2" 2 "^attest-init: io: open_failed" "$BIN" jwt verify --jwks "$DATA/rfc7515-a2.jwks.json" "$TMP/nonexistent"
expect_err "unreadable JWKS exits 2" 2 "^attest-init: config: jwks_unreadable: --jwks: io open_failed" "$BIN" jwt verify --jwks "$TMP/nonexistent" "$DATA/rfc7515-a2.jwt"
printf '{"keys":[{"kty":"oct","k":"AAAA"}]}' >"$TMP/oct.jwks"
expect_err "JWKS without a usable key exits 2" 2 "^attest-init: config: bad_jwks: --jwks: jose no_usable_key" "$BIN" jwt verify --jwks "$TMP/oct.jwks" "$DATA/rfc7515-a2.jwt"
printf '{"keys":[' >"$TMP/bad.jwks"
expect_err "malformed JWKS exits 2" 2 "^attest-init: config: bad_jwks: --jwks: jose bad_json: jwks: json " "$BIN" jwt verify --jwks "$TMP/bad.jwks" "$DATA/rfc7515-a2.jwt"

# ---- RFC 7515 appendix A.2 (RS256) and A.3 (ES256) ----
for a in a2 a3; do
	J=$DATA/rfc7515-$a.jwks.json T=$DATA/rfc7515-$a.jwt
	expect "RFC 7515 $a verifies before exp" 0 "$BIN" jwt verify --jwks "$J" --issuer joe --now 1300000000 "$T"
	cp "$TMP/out" "claims-$a.json"
	printf 'RFC 7515 %s prints its claims as JSON\tclaims-%s.json\trfc\n' "$a" "$a" >>claims.todo
	expect_err "RFC 7515 $a is expired today" 1 "^attest-init: jose: expired" "$BIN" jwt verify --jwks "$J" --now "$NOW" "$T"
	expect "RFC 7515 $a reads the token from stdin" 0 sh -c "'$BIN' jwt verify --jwks '$J' --now 1300000000 - <'$T'"
	# Any changed character fails (every 7th position, each replaced by another; gen.py).
	if [ -f "mut-$a.0" ]; then
		bad=0 n=0
		for m in "mut-$a".*; do
			n=$((n + 1))
			"$BIN" jwt verify --jwks "$J" --now 1300000000 "$m" >/dev/null 2>&1
			[ $? = 1 ] || { bad=1; echo "# accepted or wrong exit: $m"; }
		done
		if [ $bad = 0 ]; then ok "RFC 7515 $a: all $n changed tokens exit 1"; else notok "RFC 7515 $a: a changed token did not exit 1"; fi
	else notok "RFC 7515 $a mutations"; fi
done

# One trailing newline is ignored; anything else around the token is an error.
expect "token without trailing newline verifies" 0 "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 nonl.jwt
expect_err "two trailing newlines are refused" 1 "^attest-init: jose: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 twonl.jwt
expect_err "CRLF line end is refused" 1 "^attest-init: jose: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 crlf.jwt
expect_err "leading space is refused" 1 "^attest-init: jose: bad_base64url" "$BIN" jwt verify --jwks "$DATA/rfc7515-a3.jwks.json" --now 1300000000 lead.jwt

# ---- real MAA tokens (../shared) ----
if [ -n "$MAA" ]; then
	for spec in "token-azureguest-sharedeus2-2024-linux-cvm.jwt https://sharedeus2.eus2.attest.azure.net 1734719094 1734747894" \
		"token-azureguest-sharedweu-2023-windows-cvm.jwt https://sharedweu.weu.attest.azure.net 1680173374 1680202174"; do
		set -- $spec
		T=$MAA/$1 iss=$2 nbf=$3 exp=$4 J=$MAA/jwks-shared-instances-moduli.json
		expect "MAA $1 verifies inside its validity" 0 "$BIN" jwt verify --jwks "$J" --issuer "$iss" --now $((nbf + 3600)) "$T"
		cp "$TMP/out" "$1.claims.json"
		printf 'MAA %s claims carry iss and exp\t%s.claims.json\tmaa\t%s\t%s\n' "$1" "$1" "$iss" "$exp" >>claims.todo
		expect_err "MAA $1 is refused after exp" 1 "^attest-init: jose: expired" "$BIN" jwt verify --jwks "$J" --now $((exp + 60)) "$T"
		expect_err "MAA $1 is refused before nbf" 1 "^attest-init: jose: not_yet_valid" "$BIN" jwt verify --jwks "$J" --now $((nbf - 61)) "$T"
		expect_err "MAA $1 is refused for another issuer" 1 "^attest-init: jose: issuer_mismatch" "$BIN" jwt verify --jwks "$J" --issuer https://sharedeus.eus.attest.azure.net --now $((nbf + 3600)) "$T"
		for part in h p s; do
			expect "MAA $1 with a modified $part segment exits 1" 1 "$BIN" jwt verify --jwks "$J" --now $((nbf + 3600)) "$1.mod.$part"
		done
	done
else
	skip "real MAA tokens ($SHARED/testdata/maa absent)"
fi

# ---- generated keys and tokens (gen.py) ----
# verify_ok DESC NAME / verify_fails DESC NAME REASON [JWKS]
verify_ok() {
	expect "$1" 0 "$BIN" jwt verify --jwks keys.jwks --issuer "$ISS" --now "$NOW" "$2.jwt"
}
verify_fails() {
	expect_err "$1" 1 "^attest-init: jose: $3(:| |$)" "$BIN" jwt verify --jwks "${4:-keys.jwks}" --issuer "$ISS" --now "$NOW" "$2.jwt"
}

verify_ok "openssl-signed RS256 token verifies" rs256
verify_ok "openssl-signed RS384 token verifies" rs384
verify_ok "openssl-signed RS512 token verifies" rs512
verify_ok "openssl-signed ES256 token (raw R||S) verifies" es256
verify_ok "openssl-signed ES384 token verifies" es384
verify_ok "token without kid verifies when one key fits" nokid
verify_fails "token without kid is refused when several keys fit" nokid2 kid_required
verify_fails "two fitting keys with the token's kid are refused" dup kid_ambiguous dup.jwks
verify_fails "a key published for RS384 is not used for RS256" rs256 alg_mismatch alg.jwks
expect "a key published for RS384 verifies RS384" 0 "$BIN" jwt verify --jwks alg.jwks --issuer "$ISS" --now "$NOW" rs384.jwt

verify_fails "alg none is refused" none alg_not_allowed
verify_fails "HS256 keyed with the RSA public key is refused" hs alg_not_allowed
verify_fails "embedded jwk is not used (attacker signature fails)" jwk signature_invalid
verify_fails "embedded jwk with its own kid finds no key" jwk2 kid_not_found
verify_fails "foreign jku is not followed" jku signature_invalid
verify_fails "unknown crit is refused" crit crit_unsupported
verify_fails "duplicate exp is refused" dupexp "bad_payload: payload: json duplicate_member"
verify_fails "trailing bytes after the token are refused" trail bad_base64url
verify_fails "padded header segment is refused" pad bad_base64url
verify_fails "padded signature segment is refused" pads bad_base64url
verify_fails "two segments are refused" two segment_count
verify_fails "four segments are refused" four segment_count
verify_fails "DER-encoded ECDSA signature is refused" der signature_length
verify_fails "ES256 with a P-384 key is refused" curve wrong_curve
verify_fails "short RSA signature is refused" short signature_length
verify_fails "expired token is refused" expired expired
expect "expired token passes with a larger skew" 0 "$BIN" jwt verify --jwks keys.jwks --now "$NOW" --max-skew 61 expired.jwt
verify_fails "not-yet-valid token is refused" future not_yet_valid
verify_fails "token without exp is refused" noexp exp_missing
verify_fails "wrong issuer is refused" iss issuer_mismatch
verify_fails "issuer with an escaped NUL is refused" issnul issuer_mismatch
verify_fails "RSA alg with an EC key is refused" kty key_type_mismatch
verify_fails "EC alg with an RSA key is refused" kty2 key_type_mismatch
verify_fails "1024-bit RSA key is refused" small rsa_key_too_small
verify_fails "unknown kid is refused" kid kid_not_found
verify_fails "deeply nested claims are refused" deep "bad_payload: payload: json too_deep"
verify_fails "oversized token is refused" big token_too_large

# ---- the printed claims (one python3 run for all) ----
python3 - claims.todo <<'PY' || notok "checking the printed claims"
import json, sys

for line in open(sys.argv[1]):
    desc, name, kind, *args = line.rstrip("\n").split("\t")
    try:
        d = json.load(open(name))
        if kind == "rfc":
            want = dict(iss="joe", exp=1300819380, **{"http://example.com/is_root": True})
            assert d == want, d
        else:
            assert d["iss"] == args[0] and d["exp"] == int(args[1]), d
        print("ok - " + desc)
    except Exception:
        print("not ok - " + desc)
PY
