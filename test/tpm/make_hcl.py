#!/usr/bin/env python3
"""An HCL-shaped attestation report (docs/maa-azureguest.md 7.2) whose runtime claims carry the
AK as HCLAkPub and whose REPORT_DATA[0:32] = SHA-256(runtime claims). The hardware report is
zero apart from REPORT_DATA: no AMD signature (the product does not check one).
usage: make_hcl.py AK_PUB_PEM OUT"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.hazmat.primitives import serialization

pub = serialization.load_pem_public_key(open(sys.argv[1], "rb").read()).public_numbers()


def b64u(i):
    b = i.to_bytes((i.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


claims = json.dumps({
    "keys": [{"kid": "HCLAkPub", "key_ops": ["sign"], "kty": "RSA", "e": b64u(pub.e),
              "n": b64u(pub.n)}],
    "vm-configuration": {"console-enabled": True, "secure-boot": True, "tpm-enabled": True,
                         "vmUniqueId": "0b5d3c9e-0000-4000-8000-000000000000"},
}, separators=(",", ":")).encode()
hw = bytearray(1184)
hw[0x50:0x70] = hashlib.sha256(claims).digest()
total = 32 + 1184 + 20 + len(claims)
rep = struct.pack("<4sIIII12x", b"HCLA", 1, total, 2, 0) + bytes(hw)
rep += struct.pack("<IIIII", 20 + len(claims), 1, 2, 1, len(claims)) + claims
rep += bytes(2048 - len(rep))
open(sys.argv[2], "wb").write(rep)
