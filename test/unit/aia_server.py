"""A plain-HTTP server on 127.0.0.1 serving a small test PKI by AIA caIssuers URLs.

For test_ak_aia.c. Usage: aia_server.py DIR
Binds port 0, then makes an RSA-2048 PKI whose caIssuers URLs name http://127.0.0.1:PORT,
writes the files the test reads into DIR, serves DIR/www, and writes DIR/port (atomically)
when ready. Stops after 120 s or on SIGTERM. Needs python3-cryptography.

  root.pem          "AIA Test Root" (self-issued; the test pins it)
  www/ca2.crt       "AIA Test CA 2025" <- root, DER, AIA -> /root.crt
  www/ca1.pem       "AIA Test CA - 11" <- CA 2025, PEM, AIA -> /ca2.crt
  leaf.der, ak.pem  the AK certificate <- CA - 11 (AIA: OCSP, an ldap caIssuers, /ca1.pem)
  leaf-<case>.der   one per refusal: noaia, foreign, selfroot, wrong, garbage, big, missing, loop
"""
import datetime
import http.server
import os
import sys
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import AuthorityInformationAccessOID as AD, NameOID

T0 = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
T1 = datetime.datetime(2034, 1, 1, tzinfo=datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def cert(sub, pub, iss, ik, ca, aia=(), serial=None):
    b = (x509.CertificateBuilder().subject_name(name(sub)).issuer_name(name(iss))
         .public_key(pub).serial_number(serial or x509.random_serial_number())
         .not_valid_before(T0).not_valid_after(T1)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if aia:
        b = b.add_extension(x509.AuthorityInformationAccess(
            [x509.AccessDescription(m, x509.UniformResourceIdentifier(u)) for m, u in aia]),
            critical=False)
    return b.sign(ik, hashes.SHA256())


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def make(d, base):
    w = lambda fn, data: open(os.path.join(d, fn), "wb").write(data)
    rk, k2, k1, ak, xk = key(), key(), key(), key(), key()
    root = cert("AIA Test Root", rk.public_key(), "AIA Test Root", rk, True)
    ca2 = cert("AIA Test CA 2025", k2.public_key(), "AIA Test Root", rk, True,
               [(AD.CA_ISSUERS, base + "/root.crt")])
    ca1 = cert("AIA Test CA - 11", k1.public_key(), "AIA Test CA 2025", k2, True,
               [(AD.CA_ISSUERS, base + "/ca2.crt")])
    w("root.pem", pem(root))
    w("www/root.crt", der(root))
    w("www/ca2.crt", der(ca2))
    w("www/ca1.pem", pem(ca1))
    w("www/garbage.bin", b"<html>not a certificate</html>")
    w("www/big.bin", der(ca2) + b"\0" * 20000)
    w("ak.pem", ak.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo))
    leaf = lambda iss, ik, aia: der(cert("vm.TrustedVM.test", ak.public_key(), iss, ik, False,
                                         aia))
    w("leaf.der", leaf("AIA Test CA - 11", k1, [(AD.OCSP, base + "/ocsp"),
                                                 (AD.CA_ISSUERS, "ldap://pki.test/ca1"),
                                                 (AD.CA_ISSUERS, base + "/ca1.pem")]))
    w("leaf-noaia.der", leaf("AIA Test CA - 11", k1, []))
    w("leaf-foreign.der", leaf("AIA Test CA - 11", k1,
                               [(AD.CA_ISSUERS, "http://example.com/ca1.crt")]))
    w("leaf-selfroot.der", leaf("AIA Test Root", rk, [(AD.CA_ISSUERS, base + "/root.crt")]))
    w("leaf-wrong.der", leaf("AIA Test CA - 11", k1, [(AD.CA_ISSUERS, base + "/ca2.crt")]))
    w("leaf-garbage.der", leaf("AIA Test CA - 11", k1,
                               [(AD.CA_ISSUERS, base + "/garbage.bin")]))
    w("leaf-big.der", leaf("AIA Test CA - 11", k1, [(AD.CA_ISSUERS, base + "/big.bin")]))
    w("leaf-missing.der", leaf("AIA Test CA - 11", k1, [(AD.CA_ISSUERS, base + "/none.crt")]))
    # Two CAs naming each other: following caIssuers never reaches a known issuer.
    w("www/x1.crt", der(cert("Loop X1", xk.public_key(), "Loop X2", xk, True,
                             [(AD.CA_ISSUERS, base + "/x2.crt")])))
    w("www/x2.crt", der(cert("Loop X2", xk.public_key(), "Loop X1", xk, True,
                             [(AD.CA_ISSUERS, base + "/x1.crt")])))
    w("leaf-loop.der", leaf("Loop X1", xk, [(AD.CA_ISSUERS, base + "/x1.crt")]))


class Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass


def main():
    d = os.path.abspath(sys.argv[1])
    os.makedirs(os.path.join(d, "www"), exist_ok=True)
    handler = lambda *a, **kw: Files(*a, directory=os.path.join(d, "www"), **kw)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    make(d, "http://127.0.0.1:%d" % srv.server_address[1])
    tmp = os.path.join(d, "port.tmp")
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, os.path.join(d, "port"))
    threading.Timer(120, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
