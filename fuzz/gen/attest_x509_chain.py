#!/usr/bin/python3
"""Seeds for fuzz/x509_chain.c (ak_cert_verify, pem_decode_all): certificates made here with
throwaway keys (never ../shared data). Input layout: 2-byte big-endian word W (bit 15: expect
the leaf's own key as the AK; low 15 bits: leaf DER length), leaf DER, PEM bundle text.

Usage: fuzz/gen/attest_x509_chain.py [OUTDIR]   (default fuzz/corpus/x509_chain)
Keys are random, so each run writes different bytes reaching the same paths."""
import datetime
import os
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/x509_chain"
# The harness verifies at 2026-01-01.
VALID = (datetime.datetime(2025, 1, 1), datetime.datetime(2030, 1, 1))
EXPIRED = (datetime.datetime(2020, 1, 1), datetime.datetime(2021, 1, 1))


def rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "attest-init fuzz"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, issuer, pub, signer, ca, when=VALID, serial=1, extra=(), hashalg=None):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
         .serial_number(serial).not_valid_before(when[0]).not_valid_after(when[1])
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                          False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                          False), critical=True)
    for ext, crit in extra:
        b = b.add_extension(ext, critical=crit)
    if isinstance(signer, ed25519.Ed25519PrivateKey):
        return b.sign(signer, None)
    return b.sign(signer, hashalg or hashes.SHA256())


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def pem_block(label, data):
    import base64
    body = base64.encodebytes(data).replace(b"\n", b"")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return b"-----BEGIN " + label + b"-----\n" + b"\n".join(lines) + b"\n-----END " + label + b"-----\n"


def seed(fname, leaf, bundle, own_key=False):
    w = len(leaf) | (0x8000 if own_key else 0)
    assert len(leaf) < 0x8000
    with open(os.path.join(OUT, fname), "wb") as f:
        f.write(struct.pack(">H", w) + leaf + bundle)


def main():
    os.makedirs(OUT, exist_ok=True)
    root_k, int_k, leaf_k = rsa_key(), rsa_key(), rsa_key()
    root_n, int_n, leaf_n = name("Fuzz Root CA"), name("Fuzz Intermediate CA"), name("fuzz-ak")
    root = cert(root_n, root_n, root_k.public_key(), root_k, True)
    inter = cert(int_n, root_n, int_k.public_key(), root_k, True, serial=2)
    leaf = cert(leaf_n, int_n, leaf_k.public_key(), int_k, False, serial=3)
    bundle = pem(root) + pem(inter)

    # Trusted chain leaf -> intermediate -> root; key match passes (bit 15) or not.
    seed("chain-ok-own-key.bin", der(leaf), bundle, own_key=True)
    seed("chain-ok-key-mismatch.bin", der(leaf), bundle)
    # The same with the PEM objects in the other order, a non-certificate object and a
    # "X509 CERTIFICATE" label.
    pub = leaf_k.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    seed("chain-ok-mixed-labels.bin", der(leaf),
         pem_block(b"PUBLIC KEY", pub) + pem_block(b"X509 CERTIFICATE", der(inter)) + pem(root),
         own_key=True)
    # Leaf signed directly by the root.
    leaf2 = cert(leaf_n, root_n, leaf_k.public_key(), root_k, False, serial=4)
    seed("leaf-under-root-own-key.bin", der(leaf2), pem(root), own_key=True)
    # Intermediate missing: BearSSL cannot find the issuer -> ak_cert_untrusted.
    seed("untrusted-no-intermediate.bin", der(leaf), pem(root))
    # Expired leaf -> ak_cert_expired.
    old = cert(leaf_n, root_n, leaf_k.public_key(), root_k, False, when=EXPIRED, serial=5)
    seed("expired-leaf.bin", der(old), pem(root), own_key=True)
    # Look-alike intermediate: same DN, another key -> ak_cert_bad_signature.
    fake_int = cert(int_n, root_n, rsa_key().public_key(), root_k, True, serial=6)
    seed("lookalike-intermediate.bin", der(leaf), pem(root) + pem(fake_int))
    # Unknown critical extension on the leaf -> ak_cert_invalid (BearSSL's other codes).
    crit = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00")
    leaf3 = cert(leaf_n, root_n, leaf_k.public_key(), root_k, False, serial=7,
                 extra=[(crit, True)])
    seed("critical-extension.bin", der(leaf3), pem(root), own_key=True)
    # SHA-224 signature (refused: only SHA-256/384/512 are registered; SHA-1 cannot be made here).
    leaf4 = cert(leaf_n, root_n, leaf_k.public_key(), root_k, False, serial=8,
                 hashalg=hashes.SHA224())
    seed("sha224-leaf.bin", der(leaf4), pem(root), own_key=True)
    # EC root and intermediate with an RSA leaf; an EC leaf (key type is not RSA).
    ec_root_k, ec_leaf_k = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP384R1())
    ec_root_n = name("Fuzz EC Root")
    ec_root = cert(ec_root_n, ec_root_n, ec_root_k.public_key(), ec_root_k, True, serial=9)
    leaf5 = cert(leaf_n, ec_root_n, leaf_k.public_key(), ec_root_k, False, serial=10)
    seed("ec-root-rsa-leaf.bin", der(leaf5), pem(ec_root) + pem(root), own_key=True)
    leaf6 = cert(leaf_n, ec_root_n, ec_leaf_k.public_key(), ec_root_k, False, serial=11)
    seed("ec-leaf.bin", der(leaf6), pem(ec_root), own_key=True)
    # Ed25519 root: BearSSL has no key for it (not an anchor) -> ak_roots_empty.
    ed_k = ed25519.Ed25519PrivateKey.generate()
    ed_n = name("Fuzz Ed25519 Root")
    ed_root = cert(ed_n, ed_n, ed_k.public_key(), ed_k, True, serial=12)
    seed("ed25519-root-only.bin", der(leaf2), pem(ed_root))
    # Bundle without any self-issued certificate -> ak_roots_empty.
    seed("no-root-in-bundle.bin", der(leaf), pem(inter))
    # Empty bundle.
    seed("empty-bundle.bin", der(leaf), b"")
    # A CERTIFICATE object that is not X.509 -> ak_roots_malformed.
    seed("malformed-root.bin", der(leaf), pem(root) + pem_block(b"CERTIFICATE", b"\x30\x03\x02\x01\x01"))
    # Self-signed leaf: the chain stops at once.
    self_leaf = cert(leaf_n, leaf_n, leaf_k.public_key(), leaf_k, False, serial=13)
    seed("self-signed-leaf.bin", der(self_leaf), pem(root), own_key=True)
    # Issuer loop: A issued by B, B issued by A (neither self-issued); the leaf is under A.
    a_n, b_n = name("Loop CA A"), name("Loop CA B")
    a_k, b_k = rsa_key(), rsa_key()
    ca_a = cert(a_n, b_n, a_k.public_key(), b_k, True, serial=14)
    ca_b = cert(b_n, a_n, b_k.public_key(), a_k, True, serial=15)
    leaf7 = cert(leaf_n, a_n, leaf_k.public_key(), a_k, False, serial=16)
    seed("issuer-loop.bin", der(leaf7), pem(root) + pem(ca_a) + pem(ca_b))
    # Longer chain than AK_CHAIN_MAX: 9 intermediates.
    names = [name("Deep CA %d" % i) for i in range(9)]
    keys = [rsa_key() for _ in range(9)]
    deep = cert(names[0], root_n, keys[0].public_key(), root_k, True, serial=20)
    deep_bundle = pem(root) + pem(deep)
    for i in range(1, 9):
        deep_bundle += pem(cert(names[i], names[i - 1], keys[i].public_key(), keys[i - 1], True,
                                serial=20 + i))
    leaf8 = cert(leaf_n, names[8], leaf_k.public_key(), keys[8], False, serial=30)
    seed("chain-too-deep.bin", der(leaf8), deep_bundle)
    # Placeholder issuer ("Microsoft Azure Trusted VM RSA", mixed case).
    ph_n = name("microsoft Azure TRUSTED vm rsa fuzz placeholder")
    ph = cert(leaf_n, ph_n, leaf_k.public_key(), root_k, False, serial=31)
    seed("placeholder-issuer.bin", der(ph), pem(root))

    # Malformed leaves (each x509_dns failure) and PEM errors.
    good = der(leaf)
    seed("leaf-trailing-bytes.bin", good + b"\x00", pem(root))
    seed("leaf-not-sequence.bin", b"\x04\x02ab", pem(root))
    seed("leaf-tbs-not-sequence.bin", b"\x30\x04\x04\x02ab", pem(root))
    seed("leaf-bad-version.bin", b"\x30\x06\x30\x04\xa0\x05\x02\x01", pem(root))
    seed("leaf-no-serial.bin", b"\x30\x04\x30\x02\x04\x00", pem(root))
    seed("leaf-no-sigalg.bin", b"\x30\x05\x30\x03\x02\x01\x01", pem(root))
    seed("leaf-issuer-not-seq.bin", b"\x30\x09\x30\x07\x02\x01\x01\x30\x00\x31\x00", pem(root))
    seed("leaf-no-validity.bin", b"\x30\x09\x30\x07\x02\x01\x01\x30\x00\x30\x00", pem(root))
    seed("leaf-subject-not-seq.bin",
         b"\x30\x0d\x30\x0b\x02\x01\x01\x30\x00\x30\x00\x30\x00\x31\x00", pem(root))
    seed("leaf-dns-only.bin",
         b"\x30\x0d\x30\x0b\x02\x01\x01\x30\x00\x30\x00\x30\x00\x30\x00", pem(root))
    seed("leaf-long-length.bin", b"\x30\x81\x05\x30\x03\x02\x01\x01", pem(root))
    seed("leaf-indefinite.bin", b"\x30\x80\x30\x03\x02\x01\x01", pem(root))
    seed("leaf-high-tag.bin", b"\x1f\x01\x00", pem(root))
    seed("leaf-nonminimal-len.bin", b"\x30\x82\x00\x03\x02\x01\x01", pem(root))
    seed("leaf-len-5-bytes.bin", b"\x30\x85\x00\x00\x00\x00\x03", pem(root))
    seed("leaf-truncated.bin", good[:40], pem(root))
    seed("pem-empty-object.bin", good, b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    seed("pem-unterminated.bin", good, pem(root)[:158])
    seed("pem-bad-base64.bin", good, b"-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n")
    seed("pem-mismatched-end.bin", good,
         b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END FOO-----\n")
    seed("pem-too-many-objects.bin", good, b"-----BEGIN X-----\nAA==\n-----END X-----\n" * 65)
    seed("pem-no-final-newline.bin", der(leaf2), pem(root).rstrip(b"\n"), own_key=True)


if __name__ == "__main__":
    main()
