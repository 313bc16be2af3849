#!/usr/bin/python3
"""Seeds for fuzz/rsa_pub.c (rsa_pub_from_pem, rsa_pub_from_spki, der_tlv_size): public keys
made here with throwaway keys, as PEM and as DER, and hand-built SubjectPublicKeyInfo variants
for each check (RFC 5280 4.1, RFC 8017 A.1, X.690 8.1.3 / 8.3). Nothing here comes from
../shared.

Usage: fuzz/gen/attest_rsa_pub.py [OUTDIR]   (default fuzz/corpus/rsa_pub)"""
import base64
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/rsa_pub"
OID_RSA = bytes.fromhex("2a864886f70d010101")


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        hdr = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        hdr = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + hdr + body


def integer(v, raw=None):
    if raw is None:
        raw = v.to_bytes((v.bit_length() + 8) // 8, "big")  # room for a sign bit
    return tlv(0x02, raw)


def spki(n_tlv, e_tlv, alg=None, unused=0, extra_key=b"", extra=b""):
    alg = tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"")) if alg is None else alg
    key = tlv(0x30, n_tlv + e_tlv + extra_key)
    return tlv(0x30, alg + tlv(0x03, bytes([unused]) + key)) + extra


def pem(label, der):
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, lines, label)).encode()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    n, e = k.public_numbers().n, k.public_numbers().e
    der = k.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    write("rsa2048.pem", k.public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo))
    write("rsa2048.der", der)
    k3 = rsa.generate_private_key(public_exponent=3, key_size=3072).public_key()
    write("rsa3072-e3.pem", k3.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo))
    write("rsa-pkcs1-label.pem", k.public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.PKCS1))
    write("two-objects.pem", pem("PUBLIC KEY", der) * 2)
    write("three-objects.pem", pem("PUBLIC KEY", der) * 3)
    write("empty-object.pem", b"-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n")
    write("mismatched-end.pem", pem("PUBLIC KEY", der).replace(b"END PUBLIC", b"END PRIVATE"))
    write("no-object.pem", b"just text\n")
    write("ec-p256.pem", ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    write("rsa1024-too-small.der", small.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    # Hand-built SPKI variants (each also as a PEM object).
    nt, et = integer(n), integer(e)
    variants = {
        "params-absent": spki(nt, et, alg=tlv(0x30, tlv(0x06, OID_RSA))),
        "params-not-null": spki(nt, et, alg=tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"\x00"))),
        "params-trailing": spki(nt, et, alg=tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"") +
                                                tlv(0x05, b""))),
        "oid-other": spki(nt, et, alg=tlv(0x30, tlv(0x06, OID_RSA[:-1] + b"\x0a") +
                                          tlv(0x05, b""))),
        "no-oid": spki(nt, et, alg=tlv(0x30, tlv(0x05, b""))),
        "bitstring-unused-bits": spki(nt, et, unused=1),
        "trailing-after-spki": spki(nt, et, extra=b"\x00"),
        "trailing-in-rsakey": spki(nt, et, extra_key=tlv(0x02, b"\x01")),
        "modulus-negative": spki(integer(0, raw=n.to_bytes(256, "big")), et),
        "modulus-non-minimal": spki(integer(0, raw=b"\x00\x00" + n.to_bytes(256, "big")), et),
        "modulus-empty": spki(tlv(0x02, b""), et),
        "modulus-even": spki(integer(n - 1), et),
        "exponent-missing": spki(nt, b""),
        "exponent-1": spki(nt, integer(1)),
        "exponent-even": spki(nt, integer(65536)),
        "exponent-9-bytes": spki(nt, integer(2**71 + 1)),
        "exponent-octet-string": spki(nt, tlv(0x04, b"\x01\x00\x01")),
        "key-not-sequence": tlv(0x30, tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"")) +
                                tlv(0x03, b"\x00" + tlv(0x31, nt + et))),
        "key-octet-string": tlv(0x30, tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"")) +
                                tlv(0x04, b"\x00" + tlv(0x30, nt + et))),
        "bitstring-empty": tlv(0x30, tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"")) +
                               tlv(0x03, b"")),
        "rsakey-trailing-in-bitstring": tlv(0x30, tlv(0x30, tlv(0x06, OID_RSA) + tlv(0x05, b"")) +
                                            tlv(0x03, b"\x00" + tlv(0x30, nt + et) + b"\x00")),
    }
    for name, d in variants.items():
        write(name + ".der", d)
        write(name + ".pem", pem("PUBLIC KEY", d))
    # DER headers: long forms, indefinite length, high tag numbers, truncation.
    write("der-long-form-1.der", b"\x30\x81\x80" + b"\x00" * 0x80)
    write("der-long-form-short-len.der", b"\x30\x81\x05" + b"\x00" * 5)
    write("der-long-form-leading-zero.der", b"\x30\x82\x00\x80" + b"\x00" * 0x80)
    write("der-indefinite.der", b"\x30\x80\x00\x00")
    write("der-length-5-bytes.der", b"\x30\x85\x01\x00\x00\x00\x00")
    write("der-length-over-rest.der", b"\x30\x82\x01\x00\x00")
    write("der-length-4-bytes.der", b"\x30\x84\x01\x00\x00\x00")
    write("der-high-tag.der", b"\x1f\x81\x00\x00")
    write("der-tag-only.der", b"\x30")
    write("der-length-bytes-truncated.der", b"\x30\x82\x01")
    write("empty", b"")
    write("truncated.der", der[:100])
    write("pem-truncated.pem", pem("PUBLIC KEY", der)[:120])


if __name__ == "__main__":
    main()
