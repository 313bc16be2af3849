#!/usr/bin/python3
"""Seeds for fuzz/jws.c (compact JWS tokens, one per check of src/jose/jws.c
and jwt.c) and fuzz/jwt_claims.c (claim sets, one per check of
src/jose/jwt_claims.c). Writes fuzz/corpus/jws/gen-* and
fuzz/corpus/jwt_claims/gen-*. Tokens are signed with the test keys of
jose_common.keys(), which fuzz/jws.c carries as its second key set (print it
with --jwks). Deterministic. Run: /usr/bin/python3 fuzz/gen/jose_jws.py
"""
import sys

import jose_common as jc
from jose_common import b64u, compact

# Matches the harnesses' expectation: iss "joe", now 1300000000, skew 60.
CLAIMS = {"iss": "joe", "exp": 1300819380, "nbf": 1299999000, "iat": 1299999000}


def key_set(k):
    """The second key set of fuzz/jws.c: kid-selected keys of every kind."""
    return {"keys": [
        k["r1"].jwk(kid="r1"),
        k["r1"].jwk(kid="r1-rs384", alg="RS384"),
        k["r1"].jwk(kid="dup"),
        k["r2"].jwk(kid="dup"),
        k["small"].jwk(kid="small"),
        k["e1"].jwk(kid="e1"),
        k["e384"].jwk(kid="e384"),
    ]}


def tokens(k):
    r1, r2, e1, e2, e384, small = k["r1"], k["r2"], k["e1"], k["e2"], k["e384"], k["small"]
    t = {}

    def tok(name, hdr, payload=CLAIMS, signer=None, alg=None):
        if signer is None and isinstance(hdr, dict):
            a = hdr.get("alg")
            kid = hdr.get("kid")
            if a in ("RS256", "RS384", "RS512"):
                signer, alg = {"small": small}.get(kid, r1), a
            elif a == "ES256":
                signer = e1
            elif a == "ES384":
                signer = e384
        t[name] = jc.jws_token(hdr, payload, signer, alg)

    # -- verifying tokens --
    for a in ("RS256", "RS384", "RS512"):
        tok("ok-%s" % a.lower(), {"alg": a, "kid": "r1"})
    tok("ok-es256", {"alg": "ES256", "kid": "e1"})
    tok("ok-es384", {"alg": "ES384", "kid": "e384"})
    tok("ok-es384-no-kid", {"alg": "ES384"})
    tok("ok-es256-no-kid", {"alg": "ES256", "typ": "JWT"})
    tok("ok-rs384-key-alg", {"alg": "RS384", "kid": "r1-rs384"})
    tok("ok-cty-plain", {"alg": "RS256", "kid": "r1", "cty": "example"})
    tok("ok-ignored-hints", {"alg": "RS256", "kid": "r1", "jku": "https://x", "x5c": ["MIIB"],
                             "jwk": {"kty": "RSA"}})
    tok("ok-kid-escaped", b'{"alg":"RS256","kid":"\\u0072\\u0031"}', signer=r1, alg="RS256")
    tok("ok-claims-minimal", {"alg": "RS256", "kid": "r1"}, {"exp": 1300819380, "iss": "joe"})
    # -- segments --
    good = t["ok-rs256"]
    h, p, s = good.split(".")
    t["seg-two"] = h + "." + p
    t["seg-four"] = good + ".x"
    t["seg-jwe"] = "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"
    t["seg-one"] = h
    t["seg-empty"] = ""
    t["seg-dots"] = ".."
    # -- header --
    t["hdr-padded"] = h + "=." + p + "." + s
    t["hdr-std-alphabet"] = b64u(b'{"alg":"RS256","kid":"r1?"}').replace("_", "/") + "." + p + "." + s
    t["hdr-whitespace"] = h[:4] + " " + h[4:] + "." + p + "." + s
    tok("hdr-not-json", b'{"alg":"RS256"')
    tok("hdr-array", b'["alg","RS256"]')
    tok("hdr-string", b'"RS256"')
    tok("hdr-no-alg", {"kid": "r1"})
    tok("hdr-alg-number", {"alg": 256, "kid": "r1"})
    tok("hdr-alg-none", {"alg": "none"})
    tok("hdr-alg-hs256", {"alg": "HS256", "kid": "r1"}, signer=None)
    tok("hdr-alg-ps256", {"alg": "PS256", "kid": "r1"}, signer=None)
    tok("hdr-alg-long", {"alg": "RS256RS256RS256RS256", "kid": "r1"})
    tok("hdr-alg-nul", b'{"alg":"RS256\\u0000","kid":"r1"}')
    tok("hdr-alg-lower", {"alg": "rs256", "kid": "r1"})
    tok("hdr-crit", {"alg": "RS256", "kid": "r1", "crit": ["b64"], "b64": False})
    tok("hdr-crit-empty", {"alg": "RS256", "kid": "r1", "crit": []})
    tok("hdr-cty-jwt", {"alg": "RS256", "kid": "r1", "cty": "JWT"})
    tok("hdr-cty-jwt-lower", {"alg": "RS256", "kid": "r1", "cty": "jwt"})
    tok("hdr-cty-number", {"alg": "RS256", "kid": "r1", "cty": 1})
    tok("hdr-kid-number", {"alg": "RS256", "kid": 1})
    tok("hdr-kid-nul", b'{"alg":"RS256","kid":"r\\u00001"}')
    tok("hdr-kid-too-long", {"alg": "RS256", "kid": "k" * 300})
    tok("hdr-dup-alg", b'{"alg":"RS256","alg":"none","kid":"r1"}')
    tok("hdr-too-deep", {"alg": "RS256", "kid": "r1", "x": [[[[1]]]]})
    # -- key selection --
    tok("key-kid-unknown", {"alg": "RS256", "kid": "nobody"})
    tok("key-kid-ambiguous", {"alg": "RS256", "kid": "dup"})
    tok("key-kid-required", {"alg": "RS256"})
    tok("key-type-mismatch", {"alg": "RS256", "kid": "e1"}, signer=r1, alg="RS256")
    tok("key-ec-for-rsa-kid", {"alg": "ES256", "kid": "r1"}, signer=e1)
    tok("key-wrong-curve", {"alg": "ES256", "kid": "e384"}, signer=e1)
    tok("key-alg-mismatch", {"alg": "RS256", "kid": "r1-rs384"}, signer=r1, alg="RS256")
    tok("key-too-small", {"alg": "RS256", "kid": "small"})
    tok("key-ec-no-kid-none-fits", {"alg": "ES384", "kid": "e1"}, signer=e384)
    # -- signature --
    hs = jc.jws_token({"alg": "RS256", "kid": "r1"}, CLAIMS, None).rstrip(".")
    t["sig-empty"] = hs + "."
    t["sig-bad-b64"] = hs + ".!!!!"
    t["sig-padded"] = good + "=="
    t["sig-too-long"] = hs + "." + b64u(b"\x01" * 600)
    t["sig-rsa-short"] = good[:-4]
    t["sig-rsa-flipped"] = good[:-6] + ("A" if good[-6] != "A" else "B") + good[-5:]
    tok("sig-rsa-other-key", {"alg": "RS256", "kid": "r1"}, signer=r2, alg="RS256")
    tok("sig-rsa-wrong-hash", {"alg": "RS384", "kid": "r1"}, signer=r1, alg="RS256")
    ges = t["ok-es256"]
    t["sig-ec-short"] = ges[:-3]
    t["sig-ec-flipped"] = ges[:-6] + ("A" if ges[-6] != "A" else "B") + ges[-5:]
    tok("sig-ec-other-key", {"alg": "ES256", "kid": "e1"}, signer=e2)
    eh = jc.jws_token({"alg": "ES256", "kid": "e1"}, CLAIMS, None).rstrip(".")
    t["sig-ec-der"] = eh + "." + b64u(b"\x30\x44\x02\x20" + b"\x11" * 32 + b"\x02\x20" + b"\x22" * 32)
    t["sig-ec-zero"] = eh + "." + b64u(b"\x00" * 64)
    # -- payload and claims (signed, so they reach jwt.c) --
    hdr = {"alg": "RS256", "kid": "r1"}
    tok("pay-bad-b64", hdr, "e30=")
    tok("pay-bad-b64-char", hdr, "e3*9")
    tok("pay-not-json", hdr, b"{not json")
    tok("pay-empty", hdr, b"")
    tok("pay-array", hdr, b"[]")
    tok("pay-too-deep", hdr, b'{"exp":1300819380,"a":' + b"[" * 17 + b"]" * 17 + b"}")
    tok("claims-no-exp", hdr, {"iss": "joe"})
    tok("claims-exp-string", hdr, {"iss": "joe", "exp": "1300819380"})
    tok("claims-exp-float", hdr, {"iss": "joe", "exp": 1300819380.5})
    tok("claims-expired", hdr, {"iss": "joe", "exp": 1299999000})
    tok("claims-nbf-future", hdr, dict(CLAIMS, nbf=1300000061))
    tok("claims-iat-future", hdr, dict(CLAIMS, iat=1300000061))
    tok("claims-no-iss", hdr, {"exp": 1300819380})
    tok("claims-iss-other", hdr, dict(CLAIMS, iss="jane"))
    tok("claims-iss-nul", hdr, b'{"iss":"joe\\u0000","exp":1300819380}')
    tok("claims-iss-escaped", hdr, b'{"iss":"j\\u006fe","exp":1300819380}')
    return t


def claim_sets():
    c = {
        "ok-full": CLAIMS,
        "ok-min": {"exp": 1300819380, "iss": "joe"},
        "ok-escaped-iss": b'{"iss":"\\u006aoe","exp":1300819380}',
        "ok-extra": dict(CLAIMS, aud="x", sub="y", nested={"a": [1, 2]}),
        "no-exp": {"iss": "joe"},
        "exp-string": {"exp": "1300819380"},
        "exp-float": {"exp": 1.3e9},
        "exp-huge": b'{"exp":99999999999999999999}',
        "exp-negative": {"exp": -1},
        "exp-max": {"exp": 9223372036854775807, "iss": "joe"},
        "exp-min": {"exp": -9223372036854775808},
        "exp-now": {"exp": 1300000000, "iss": "joe"},
        "exp-within-skew": {"exp": 1299999941, "iss": "joe"},
        "exp-at-skew": {"exp": 1299999940, "iss": "joe"},
        "nbf-string": dict(CLAIMS, nbf="x"),
        "nbf-future": dict(CLAIMS, nbf=1300000061),
        "nbf-within-skew": dict(CLAIMS, nbf=1300000060),
        "iat-null": dict(CLAIMS, iat=None),
        "iat-future": dict(CLAIMS, iat=1300000061),
        "iat-within-skew": dict(CLAIMS, iat=1300000060),
        "iss-missing": {"exp": 1300819380},
        "iss-number": {"exp": 1300819380, "iss": 7},
        "iss-other": {"exp": 1300819380, "iss": "jane"},
        "iss-prefix": {"exp": 1300819380, "iss": "jo"},
        "iss-nul": b'{"exp":1300819380,"iss":"joe\\u0000"}',
        "not-object": b"[1300819380]",
        "not-object-string": b'"joe"',
        "not-json": b'{"exp":',
    }
    return {k: (v if isinstance(v, bytes) else compact(v)) for k, v in c.items()}


def main():
    k = jc.keys()
    if "--jwks" in sys.argv:
        print(compact(key_set(k)).decode())
        return
    jc.write_corpus("jws", tokens(k))
    jc.write_corpus("jwt_claims", claim_sets())


if __name__ == "__main__":
    main()
