"""The emulator's test PKI, generated fresh at every start into its state directory (nothing
secret is committed): a TLS CA and a server certificate for the provider's DNS name, a second
("untrusted") CA with a server certificate for the same name, the token-signing key with the
self-signed certificate the JWKS carries in x5c, a key the JWKS does not know, and a VCEK chain
(ARK -> ASK -> VCEK) for the THIM endpoint. The AK root is NOT made here: it is the swtpm
fixture's (test/tpm/make_pki.py), passed in with --ak-roots.
"""
import base64
import datetime
import hashlib
import os
from collections import namedtuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

Pki = namedtuple("Pki", "tls_ca server_cert server_key bad_ca bad_server_cert bad_server_key "
                 "signing_key signing_cert kid unknown_key vcek ask ark paths")
DAY = datetime.timedelta(days=1)


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "attest-init test provider"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject, pub, issuer, issuer_key, ca, now, dns=None, digest=hashes.SHA256()):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
         .serial_number(x509.random_serial_number()).not_valid_before(now - DAY)
         .not_valid_after(now + 30 * DAY)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                          False), critical=True)
    if dns:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(dns)]), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                            critical=False)
    return b.sign(issuer_key, digest)


def _pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def _key_pem(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                           serialization.NoEncryption())


def _write(path, data, secret=False):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def make(state_dir, dns_name, base_url):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    p256 = ec.SECP256R1()
    ca_k, srv_k = ec.generate_private_key(p256), ec.generate_private_key(p256)
    ca = _cert(_name("attest-init test provider TLS CA"), ca_k.public_key(),
               _name("attest-init test provider TLS CA"), ca_k, True, now)
    srv = _cert(_name(dns_name), srv_k.public_key(), ca.subject, ca_k, False, now, dns=dns_name)
    bad_k, bad_srv_k = ec.generate_private_key(p256), ec.generate_private_key(p256)
    bad = _cert(_name("attest-init UNTRUSTED TLS CA"), bad_k.public_key(),
                _name("attest-init UNTRUSTED TLS CA"), bad_k, True, now)
    bad_srv = _cert(_name(dns_name), bad_srv_k.public_key(), bad.subject, bad_k, False, now,
                    dns=dns_name)
    # [D-BASIC]: tokens are signed with a self-signed certificate whose subject is the URL.
    sig_k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sig = _cert(_name(base_url), sig_k.public_key(), _name(base_url), sig_k, False, now)
    # MAA's kid derivation is unknown (docs/maa-azureguest.md 8.6); ours: the 44-character
    # standard base64 of SHA-256 over the certificate DER (the shape of the real kids).
    kid = base64.b64encode(hashlib.sha256(sig.public_bytes(serialization.Encoding.DER))
                           .digest()).decode()
    unknown_k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p384 = ec.SECP384R1()
    ark_k, ask_k, vcek_k = (ec.generate_private_key(p384) for _ in range(3))
    ark = _cert(_name("ARK-Test"), ark_k.public_key(), _name("ARK-Test"), ark_k, True, now,
                digest=hashes.SHA384())
    ask = _cert(_name("SEV-Test"), ask_k.public_key(), ark.subject, ark_k, True, now,
                digest=hashes.SHA384())
    vcek = _cert(_name("SEV-VCEK"), vcek_k.public_key(), ask.subject, ask_k, False, now,
                 digest=hashes.SHA384())
    paths = {}
    for fn, data, secret in (("tls-ca.pem", _pem(ca), False),
                             ("server.pem", _pem(srv) + _pem(ca), False),
                             ("server.key", _key_pem(srv_k), True),
                             ("untrusted-ca.pem", _pem(bad), False),
                             ("untrusted-server.pem", _pem(bad_srv) + _pem(bad), False),
                             ("untrusted-server.key", _key_pem(bad_srv_k), True),
                             ("signing.pem", _pem(sig), False),
                             ("vcek-chain.pem", _pem(vcek) + _pem(ask) + _pem(ark), False)):
        paths[fn] = os.path.join(state_dir, fn)
        _write(paths[fn], data, secret)
    return Pki(ca, srv, srv_k, bad, bad_srv, bad_srv_k, sig_k, sig, kid, unknown_k, vcek, ask,
               ark, paths)
