#!/usr/bin/env python3
"""Fixed-date test PKI for test/unit/test_ak_cert.c (committed output in test/tpm/certs/;
re-run only to change it). Validity 2024-01-01 .. 2034-01-01 so that the unit tests, which
pass an explicit time, never expire. usage: make_unit_certs.py OUTDIR"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

out = sys.argv[1]
t0 = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
t1 = datetime.datetime(2034, 1, 1, tzinfo=datetime.timezone.utc)
key = lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = lambda cn: x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(sub, pub, iss, ik, ca, serial, nb=t0, na=t1, h=hashes.SHA256()):
    b = (x509.CertificateBuilder().subject_name(sub).issuer_name(iss).public_key(pub)
         .serial_number(serial).not_valid_before(nb).not_valid_after(na)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    return b.sign(ik, h).public_bytes(serialization.Encoding.DER)


def w(fn, data):
    open(os.path.join(out, fn), "wb").write(data)


def pem(der):
    return x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)


rk, ik, ak, ok_, oik = key(), key(), key(), key(), key()
rn, inn, ln = name("Unit Root"), name("Unit CA 01"), name("unit-ak")
root = cert(rn, rk.public_key(), rn, rk, True, 1)
inter = cert(inn, ik.public_key(), rn, rk, True, 2)
w("roots.pem", pem(root) + pem(inter))
w("root-only.pem", pem(root))
w("ak.pem", ak.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo))
w("leaf.der", cert(ln, ak.public_key(), inn, ik, False, 10))
w("leaf-under-root.der", cert(ln, ak.public_key(), rn, rk, False, 11))
on = name("Other Root")
w("other-roots.pem", pem(cert(on, ok_.public_key(), on, ok_, True, 3)))
w("leaf-other-ca.der", cert(ln, ak.public_key(), on, ok_, False, 12))
w("leaf-lookalike.der", cert(ln, ak.public_key(), inn, oik, False, 13))
w("leaf-other-key.der", cert(ln, key().public_key(), inn, ik, False, 14))
w("leaf-expired.der", cert(ln, ak.public_key(), inn, ik, False, 15,
                           datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
                           datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)))
w("leaf-placeholder.der", cert(ln, ak.public_key(), name("Microsoft Azure Trusted VM RSA CA"),
                               ik, False, 16))
