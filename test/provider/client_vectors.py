#!/usr/bin/python3
"""Vectors and verdicts of the emulator for the C client's unit tests (test/unit/test_maa_*.c),
so that the client's pure core is checked against this second implementation in process-free
unit tests. Python 3 + python3-cryptography; shares no code with the C product.

  client_vectors.py envelope DIR [FAULT]  the emulator's encrypted envelope (azureguest_token)
      for a fixed JWT text: DIR/body ({"token": ...}), DIR/key (the AES inner key, as the TPM
      would decrypt it from EncryptedInnerKey), DIR/jwt. FAULT: bad_tag, bad_iv, bad_key_size.
  client_vectors.py pki DIR               a test VCEK chain (VCEK, ASK, ARK): DIR/vcek-chain.pem
  client_vectors.py check BODY ROOTS VCEK_CHAIN
      runs the emulator's request checker (azureguest_request.check) on the body file with the
      AK roots and the ARK (the last certificate of VCEK_CHAIN); prints "accepted" (exit 0) or
      "CODE: message" (exit 1).
"""
import base64
import datetime
import json
import os
import sys

from cryptography.hazmat.primitives.asymmetric import padding, rsa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import azureguest_request as req  # noqa: E402
import azureguest_token as tok  # noqa: E402
import emulator_pki  # noqa: E402
import x509_chain  # noqa: E402

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21hYS5hdHRlc3QudGVzdCJ9.c2lnbmF0dXJl"


def envelope(out, fault=None):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pub = key.public_key().public_numbers()
    token = tok.envelope(JWT, pub.n, pub.e, fault)
    env = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    inner = key.decrypt(base64.b64decode(env["EncryptedInnerKey"]), padding.PKCS1v15())
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "body"), "w") as f:
        json.dump({"token": token}, f)
    with open(os.path.join(out, "key"), "wb") as f:
        f.write(inner)
    with open(os.path.join(out, "jwt"), "w") as f:
        f.write(JWT)


def check(body_path, roots_path, chain_path):
    roots = x509_chain.load_pem_chain(open(roots_path, "rb").read())
    ark = x509_chain.load_pem_chain(open(chain_path, "rb").read())[-1]
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        req.check(open(body_path, "rb").read(), roots, ark, now)
    except req.Reject as ex:
        print("%s: %s" % (ex.code, ex.message))
        return 1
    print("accepted")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "envelope":
        envelope(argv[1], argv[2] if len(argv) > 2 else None)
        return 0
    if len(argv) == 2 and argv[0] == "pki":
        os.makedirs(argv[1], exist_ok=True)
        emulator_pki.make(argv[1], "maa.attest.test", "https://maa.attest.test")
        return 0
    if len(argv) == 4 and argv[0] == "check":
        return check(*argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
