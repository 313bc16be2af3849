#!/usr/bin/env python3
"""Test PKI for the Azure-like swtpm fixture (python3-cryptography, independent of the product).

usage: make_pki.py OUTDIR AK_PUB_PEM

Writes, all DER unless .pem:
  roots.pem            root CA (the --ak-roots bundle) + intermediate (bundles may carry them)
  ak.der               AK leaf: root -> intermediate -> leaf over the AK public key; RSA-4096
                       intermediate so the leaf is larger than 1024 bytes (NV chunking)
  ak-other-ca.der      same AK key, issued by another root's intermediate (not in roots.pem)
  other-roots.pem      that other root + intermediate
  ak-lookalike-ca.der  issuer DN of the real intermediate, signed by the other CA's key
  ak-other-key.der     issued by the real intermediate, but for a different RSA key
  ak-expired.der       the AK key, validity ended two days ago
  ak-placeholder.der   issuer CN "Microsoft Azure Trusted VM RSA CA" (Azure's "not yet
                       provisioned" placeholder, docs/maa-azureguest.md 7.4), signed by the
                       real intermediate so only the placeholder rule can reject it
"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

out, ak_pem = sys.argv[1], sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
day = datetime.timedelta(days=1)
ak_pub = serialization.load_pem_public_key(open(ak_pem, "rb").read())


def key(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "attest-init test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, pub, issuer, issuer_key, ca, serial, nb=None, na=None, eku=False):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
         .serial_number(serial).not_valid_before(nb or now - day)
         .not_valid_after(na or now + 365 * day)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                          False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                          False), critical=True)
    if eku:  # tcg-kp-AIKCertificate (TCG EK Credential Profile)
        b = b.add_extension(x509.ExtendedKeyUsage([ObjectIdentifier("2.23.133.8.3")]),
                            critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def write(fn, data):
    with open(os.path.join(out, fn), "wb") as f:
        f.write(data)


root_k, int_k = key(2048), key(4096)
root_n, int_n = name("attest-init Test vTPM Root CA"), name("attest-init Test vTPM CA - 01")
root = cert(root_n, root_k.public_key(), root_n, root_k, True, 1, now - 2 * day, now + 3650 * day)
inter = cert(int_n, int_k.public_key(), root_n, root_k, True, 2, now - 2 * day, now + 3650 * day)
leaf_n = name("0b5d3c9e-test.TrustedVM.Azure.example")
write("roots.pem", root.public_bytes(serialization.Encoding.PEM) +
      inter.public_bytes(serialization.Encoding.PEM))
write("ak.der", der(cert(leaf_n, ak_pub, int_n, int_k, False, 0x1001, eku=True)))

o_root_k, o_int_k = key(2048), key(2048)
o_root_n, o_int_n = name("attest-init Other Root CA"), name("attest-init Other vTPM CA - 01")
o_root = cert(o_root_n, o_root_k.public_key(), o_root_n, o_root_k, True, 3, now - 2 * day,
              now + 3650 * day)
o_int = cert(o_int_n, o_int_k.public_key(), o_root_n, o_root_k, True, 4, now - 2 * day,
             now + 3650 * day)
write("other-roots.pem", o_root.public_bytes(serialization.Encoding.PEM) +
      o_int.public_bytes(serialization.Encoding.PEM))
write("ak-other-ca.der", der(cert(leaf_n, ak_pub, o_int_n, o_int_k, False, 0x1002, eku=True)))
# A look-alike: issuer DN of the real intermediate, signed by another key.
write("ak-lookalike-ca.der", der(cert(leaf_n, ak_pub, int_n, o_int_k, False, 0x1006, eku=True)))
write("ak-other-key.der", der(cert(leaf_n, key(2048).public_key(), int_n, int_k, False, 0x1003,
                                   eku=True)))
write("ak-expired.der", der(cert(leaf_n, ak_pub, int_n, int_k, False, 0x1004, now - 30 * day,
                                 now - 2 * day, eku=True)))
ph_n = name("Microsoft Azure Trusted VM RSA CA")
write("ak-placeholder.der", der(cert(leaf_n, ak_pub, ph_n, int_k, False, 0x1005, eku=True)))
