"""Shared helpers for the jose seed generators (fuzz/gen/jose_*.py).

Every key here is a TEST key derived deterministically from a fixed seed
string, so re-running a generator rewrites byte-identical seed files:
  - RSA: primes found by a seeded search (random.Random + Miller-Rabin);
  - EC: the private scalar is SHA-512(seed) mod the group order;
  - signatures: RSASSA-PKCS1-v1_5 (deterministic by construction) and ECDSA
    with a nonce derived from (key, message hash) by HMAC (RFC 6979 in
    spirit; these keys protect nothing).
Pure Python except x5c certificates, which use the `cryptography` module
(signed by an RSA key with PKCS#1 v1.5, so they are deterministic too).
"""
import base64
import hashlib
import hmac
import json
import os
import random

# ---- encoding ----


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def b64s(b):
    return base64.b64encode(b).decode()


def i2b(x, n=None):
    if n is None:
        n = max(1, (x.bit_length() + 7) // 8)
    return x.to_bytes(n, "big")


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def write_corpus(name, files):
    """files: dict name -> bytes; writes fuzz/corpus/<name>/gen-<file>."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", name)
    os.makedirs(root, exist_ok=True)
    for old in os.listdir(root):
        if old.startswith("gen-"):
            os.remove(os.path.join(root, old))
    total = 0
    for fname, data in sorted(files.items()):
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(root, "gen-" + fname), "wb") as f:
            f.write(data)
        total += len(data)
    print("%s: %d files, %d bytes" % (name, len(files), total))


# ---- RSA ----

_MR_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71)


def _is_probable_prime(n):
    if n < 2:
        return False
    for p in _MR_BASES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in _MR_BASES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(rng, bits, e):
    while True:
        c = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (c - 1) % e and _is_probable_prime(c):
            return c


class RsaKey:
    def __init__(self, seed, bits, e=65537):
        rng = random.Random(seed)
        while True:
            p, q = _prime(rng, bits // 2, e), _prime(rng, bits // 2, e)
            n = p * q
            if p != q and n.bit_length() == bits:
                break
        self.p, self.q, self.n, self.e = p, q, n, e
        self.d = pow(e, -1, (p - 1) * (q - 1))
        self.size = (bits + 7) // 8

    # DER DigestInfo prefixes, RFC 8017 section 9.2 note 1.
    _PREFIX = {
        "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
        "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
        "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
    }

    def sign(self, hname, msg):
        t = self._PREFIX[hname] + hashlib.new(hname, msg).digest()
        em = b"\x00\x01" + b"\xff" * (self.size - len(t) - 3) + b"\x00" + t
        return i2b(pow(int.from_bytes(em, "big"), self.d, self.n), self.size)

    def jwk(self, **extra):
        k = {"kty": "RSA", "n": b64u(i2b(self.n)), "e": b64u(i2b(self.e))}
        k.update(extra)
        return k

    def crypto_private(self):
        from cryptography.hazmat.primitives.asymmetric import rsa

        pub = rsa.RSAPublicNumbers(self.e, self.n)
        return rsa.RSAPrivateNumbers(
            self.p, self.q, self.d, self.d % (self.p - 1), self.d % (self.q - 1),
            pow(self.q, -1, self.p), pub).private_key()


# ---- EC (short Weierstrass, a = -3) ----

CURVES = {
    "P-256": dict(
        p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
        gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        size=32, hash="sha256"),
    "P-384": dict(
        p=int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE"
              "FFFFFFFF0000000000000000FFFFFFFF", 16),
        b=int("B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875A"
              "C656398D8A2ED19D2A85C8EDD3EC2AEF", 16),
        n=int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
              "581A0DB248B0A77AECEC196ACCC52973", 16),
        gx=int("AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A38"
               "5502F25DBF55296C3A545E3872760AB7", 16),
        gy=int("3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C0"
               "0A60B1CE1D7E819D7A431D7C90EA0E5F", 16),
        size=48, hash="sha384"),
}


def _ec_add(c, P, Q):
    p = c["p"]
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0]:
        if (P[1] + Q[1]) % p == 0:
            return None
        lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)


def _ec_mul(c, k, P):
    R = None
    while k:
        if k & 1:
            R = _ec_add(c, R, P)
        P = _ec_add(c, P, P)
        k >>= 1
    return R


class EcKey:
    def __init__(self, seed, crv):
        c = self.c = CURVES[crv]
        self.crv = crv
        self.d = int.from_bytes(hashlib.sha512(seed.encode()).digest(), "big") % (c["n"] - 1) + 1
        self.x, self.y = _ec_mul(c, self.d, (c["gx"], c["gy"]))

    def sign(self, msg):
        c, n, sz = self.c, self.c["n"], self.c["size"]
        h = hashlib.new(c["hash"], msg).digest()
        z = int.from_bytes(h, "big") % n
        k = int.from_bytes(hmac.new(i2b(self.d, sz), h, hashlib.sha512).digest(), "big") % (n - 1) + 1
        r = _ec_mul(c, k, (c["gx"], c["gy"]))[0] % n
        s = pow(k, -1, n) * (z + r * self.d) % n
        return i2b(r, sz) + i2b(s, sz)

    def jwk(self, **extra):
        sz = self.c["size"]
        k = {"kty": "EC", "crv": self.crv, "x": b64u(i2b(self.x, sz)), "y": b64u(i2b(self.y, sz))}
        k.update(extra)
        return k

    def crypto_public(self):
        from cryptography.hazmat.primitives.asymmetric import ec

        curve = ec.SECP256R1() if self.crv == "P-256" else ec.SECP384R1()
        return ec.EllipticCurvePublicNumbers(self.x, self.y, curve).public_key()


# ---- certificates (x5c) ----


def cert_der(subject_pub, signer, cn):
    """A fixed-date certificate for subject_pub signed by RsaKey signer (deterministic)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "attest-init fuzz test CA")])
    c = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer)
         .public_key(subject_pub).serial_number(7)
         .not_valid_before(datetime.datetime(2024, 1, 1))
         .not_valid_after(datetime.datetime(2044, 1, 1))
         .sign(signer.crypto_private(), hashes.SHA256()))
    return c.public_bytes(serialization.Encoding.DER)


# ---- the fixed test keys (also embedded in fuzz/jws.c's second key set) ----

def keys():
    return {
        "r1": RsaKey("attest-init fuzz r1", 2048),
        "r2": RsaKey("attest-init fuzz r2", 2048),
        "small": RsaKey("attest-init fuzz small", 1024),
        "e1": EcKey("attest-init fuzz e1", "P-256"),
        "e2": EcKey("attest-init fuzz e2", "P-256"),
        "e384": EcKey("attest-init fuzz e384", "P-384"),
    }


def jws_token(header, payload, signer, alg=None):
    """Compact JWS; header/payload are bytes (or JSON-able), signer RsaKey/EcKey/None."""
    if not isinstance(header, (bytes, str)):
        header = compact(header)
    if not isinstance(payload, (bytes, str)):
        payload = compact(payload)
    if isinstance(header, bytes):
        header = b64u(header)
    if isinstance(payload, bytes):
        payload = b64u(payload)
    si = (header + "." + payload).encode()
    if signer is None:
        sig = b""
    elif isinstance(signer, RsaKey):
        sig = signer.sign({"RS256": "sha256", "RS384": "sha384", "RS512": "sha512"}[alg], si)
    else:
        sig = signer.sign(si)
    return header + "." + payload + "." + b64u(sig)
