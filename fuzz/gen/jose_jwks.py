#!/usr/bin/python3
"""Seeds for fuzz/jwks.c: one JWKS per acceptance or rejection branch of
src/jose/jwks.c (RFC 7517 / RFC 7518 section 6). Writes fuzz/corpus/jwks/gen-*.
Test keys only (jose_common.keys()); deterministic output.
Run: /usr/bin/python3 fuzz/gen/jose_jwks.py
"""
import jose_common as jc
from jose_common import b64s, b64u, i2b


def main():
    k = jc.keys()
    r1, e1, e2, e384 = k["r1"], k["e1"], k["e2"], k["e384"]
    rsa_cert = jc.cert_der(r1.crypto_private().public_key(), r1, "r1")
    ec_cert = jc.cert_der(e1.crypto_public(), r1, "e1")
    ec384_cert = jc.cert_der(e384.crypto_public(), r1, "e384")
    # A 4104-bit modulus (not a real key: only its size matters) in a certificate:
    # BearSSL's decoder holds it (520-byte key buffer), jwks.c skips it (> 4096 bits).
    big_n = ((r1.n * k["r2"].n) << 8 | 0xFF | 1 << 4103) & ((1 << 4104) - 1)
    from cryptography.hazmat.primitives.asymmetric import rsa
    big_cert = jc.cert_der(rsa.RSAPublicNumbers(65537, big_n).public_key(), r1, "big")
    r1n, r1e = b64u(i2b(r1.n)), b64u(i2b(r1.e))
    good_ec = e1.jwk()
    out = {}

    def jwks(*keys, raw=None):
        return jc.compact({"keys": list(keys)}) if raw is None else raw.encode()

    def add(name, *keys):
        out[name] = jwks(*keys)

    # -- set level --
    out["set-not-json"] = b'{"keys":[}'
    out["set-too-deep"] = b'{"keys":[{"a":[[[[[[[[1]]]]]]]]}]}'
    out["set-root-array"] = b"[]"
    out["set-keys-object"] = b'{"keys":{}}'
    out["set-no-keys"] = b'{"other":[]}'
    out["set-empty"] = b'{"keys":[]}'
    add("set-33-keys", *[e1.jwk(kid="k%d" % i) for i in range(33)])
    add("set-32-keys", *[e1.jwk(kid="k%d" % i) for i in range(32)])

    # -- common members --
    add("key-not-object", 1)
    add("key-no-kty", {"n": r1n, "e": r1e})
    add("key-kty-number", {"kty": 1})
    add("key-kty-oct", {"kty": "oct", "k": "AA"}, good_ec)
    add("key-use-number", r1.jwk(use=1))
    add("key-use-enc", r1.jwk(use="enc"), good_ec)
    add("key-use-sig", r1.jwk(use="sig"))
    add("key-ops-string", r1.jwk(key_ops="verify"))
    add("key-ops-number-elem", r1.jwk(key_ops=["verify", 3]))
    add("key-ops-sign-only", r1.jwk(key_ops=["sign"]), good_ec)
    add("key-ops-verify", r1.jwk(key_ops=["sign", "verify"]))
    add("key-alg-number", r1.jwk(alg=256))
    add("key-alg-hs256", r1.jwk(alg="HS256"), good_ec)
    add("key-alg-long", r1.jwk(alg="RS256-but-much-longer-than-sixteen"), good_ec)
    add("key-alg-es256-on-rsa", r1.jwk(alg="ES256"))
    add("key-alg-rs384", r1.jwk(alg="RS384"), e1.jwk(alg="ES256"), e384.jwk(alg="ES384"))
    add("key-kid-number", r1.jwk(kid=7))
    add("key-kid-nul", r1.jwk(kid="a\u0000b"))
    add("key-kid-too-long", r1.jwk(kid="k" * 257))
    add("key-kid-256", r1.jwk(kid="k" * 256))
    out["key-kid-escaped"] = ('{"keys":[{"kty":"RSA","kid":"\\u00e9\\ud83d\\ude00","n":"%s","e":"%s"}]}'
                              % (r1n, r1e)).encode()

    # -- RSA --
    add("rsa-n-no-e", {"kty": "RSA", "n": r1n})
    add("rsa-e-no-n", {"kty": "RSA", "e": r1e})
    add("rsa-nothing", {"kty": "RSA"})
    add("rsa-n-number", {"kty": "RSA", "n": 5, "e": r1e})
    add("rsa-n-nul", {"kty": "RSA", "n": "AQ\u0000AB", "e": r1e})
    add("rsa-n-too-long-text", {"kty": "RSA", "n": "A" * 1100, "e": r1e}, good_ec)
    add("rsa-n-too-many-bytes", {"kty": "RSA", "n": b64u(b"\x01" * 600), "e": r1e}, good_ec)
    add("rsa-n-bad-b64", {"kty": "RSA", "n": r1n[:-1] + "+", "e": r1e})
    add("rsa-n-padded", {"kty": "RSA", "n": r1n + "=", "e": r1e})
    add("rsa-e-bad-b64", {"kty": "RSA", "n": r1n, "e": "AQ!B"})
    add("rsa-e-too-long", {"kty": "RSA", "n": r1n, "e": b64u(b"\x01\x00\x00\x00\x01")}, good_ec)
    add("rsa-n-leading-zero", {"kty": "RSA", "n": b64u(b"\x00" + i2b(r1.n)), "e": r1e})
    add("rsa-e-leading-zero", {"kty": "RSA", "n": r1n, "e": b64u(b"\x00\x01\x00\x01")})
    add("rsa-n-empty", {"kty": "RSA", "n": "", "e": r1e})
    add("rsa-e-even", {"kty": "RSA", "n": r1n, "e": b64u(b"\x01\x00\x00")})
    add("rsa-e-one", {"kty": "RSA", "n": r1n, "e": "AQ"})
    add("rsa-e-three", {"kty": "RSA", "n": r1n, "e": "Aw"})
    add("rsa-small-modulus", k["small"].jwk(kid="small"))
    add("rsa-odd-bits", {"kty": "RSA", "n": b64u(b"\x5f" + b"\xab" * 255), "e": r1e})

    # -- x5c (RSA) --
    add("x5c-rsa-only", {"kty": "RSA", "x5c": [b64s(rsa_cert)]})
    add("x5c-rsa-chain", r1.jwk(x5c=[b64s(rsa_cert), b64s(ec_cert)]))
    add("x5c-rsa-4104-bits", {"kty": "RSA", "x5c": [b64s(big_cert)]}, good_ec)
    add("x5c-rsa-n-differs", k["r2"].jwk(x5c=[b64s(rsa_cert)]))
    add("x5c-rsa-e-differs", {"kty": "RSA", "n": r1n, "e": "Aw", "x5c": [b64s(rsa_cert)]})
    add("x5c-rsa-ec-cert", r1.jwk(x5c=[b64s(ec_cert)]))
    add("x5c-string", r1.jwk(x5c=b64s(rsa_cert)))
    add("x5c-empty", r1.jwk(x5c=[]))
    add("x5c-elem-number", r1.jwk(x5c=[b64s(rsa_cert), 1]))
    add("x5c-nul", r1.jwk(x5c=["MII\u0000B"]))
    add("x5c-bad-b64", r1.jwk(x5c=["MII-_B"]))
    add("x5c-url-alphabet", r1.jwk(x5c=[b64u(rsa_cert)]))
    add("x5c-not-der", r1.jwk(x5c=[b64s(b"\x30\x03\x02\x01\x00")]))
    add("x5c-truncated-der", r1.jwk(x5c=[b64s(rsa_cert[:200])]))
    add("x5c-empty-string", r1.jwk(x5c=[""]))

    # -- EC --
    add("ec-no-crv", {"kty": "EC", "x": good_ec["x"], "y": good_ec["y"]})
    add("ec-crv-number", {"kty": "EC", "crv": 256, "x": good_ec["x"], "y": good_ec["y"]})
    add("ec-p521", {"kty": "EC", "crv": "P-521", "x": "AA", "y": "AA"}, good_ec)
    add("ec-p384", e384.jwk(kid="e384"))
    add("ec-x-no-y", {"kty": "EC", "crv": "P-256", "x": good_ec["x"]})
    add("ec-nothing", {"kty": "EC", "crv": "P-256"})
    add("ec-x-bad-b64", dict(good_ec, x="!!"))
    add("ec-x-short", dict(good_ec, x=good_ec["x"][:-4]))
    add("ec-x-long", dict(good_ec, x=b64u(b"\x01" * 40)))
    add("ec-x-number", dict(good_ec, x=1))
    add("ec-y-bad-b64", dict(good_ec, y="!!"))
    add("ec-y-short", dict(good_ec, y=good_ec["y"][:-4]))
    add("ec-y-long", dict(good_ec, y=b64u(b"\x01" * 40)))
    add("ec-x-p384-size-on-p256", dict(good_ec, x=e384.jwk()["x"], y=e384.jwk()["y"]))
    add("ec-not-on-curve", dict(good_ec, y=e2.jwk()["y"]))
    add("ec-zero-point", dict(good_ec, x=b64u(b"\x00" * 32), y=b64u(b"\x00" * 32)))
    add("x5c-ec-only", {"kty": "EC", "crv": "P-256", "x5c": [b64s(ec_cert)]})
    add("x5c-ec-p384-only", {"kty": "EC", "crv": "P-384", "x5c": [b64s(ec384_cert)]})
    add("x5c-ec-match", e1.jwk(x5c=[b64s(ec_cert)]))
    add("x5c-ec-differs", e2.jwk(x5c=[b64s(ec_cert)]))
    add("x5c-ec-rsa-cert", e1.jwk(x5c=[b64s(rsa_cert)]))
    add("x5c-ec-wrong-curve", e384.jwk(x5c=[b64s(ec_cert)]))
    add("x5c-ec-bad-b64", e1.jwk(x5c=["%%%"]))

    # -- a realistic mixed set --
    add("mixed-all-types", r1.jwk(kid="r1", use="sig", alg="RS256", x5c=[b64s(rsa_cert)]),
        e1.jwk(kid="e1", key_ops=["verify"]), e384.jwk(kid="e384"),
        {"kty": "OKP", "crv": "Ed25519", "x": "AA"}, {"kty": "oct", "k": "AA"})
    jc.write_corpus("jwks", out)


if __name__ == "__main__":
    main()
