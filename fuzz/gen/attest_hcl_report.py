#!/usr/bin/python3
"""Seeds for fuzz/hcl_report.c (hcl_report_parse, hcl_report_check_binding,
hcl_report_check_ak): synthetic HCL reports (docs/maa-azureguest.md 7.2: "HCLA" header, the
1184-byte hardware report whose REPORT_DATA binds the runtime claims, the runtime data header,
the JSON claims), one variant per check. The hardware report is zero apart from REPORT_DATA.
The fuzz harness's AK is a fixed key (modulus 256 x 0xc3, exponent 65537); "ak-match" seeds
carry it as HCLAkPub. Nothing here comes from ../shared.

Usage: fuzz/gen/attest_hcl_report.py [OUTDIR]   (default fuzz/corpus/hcl_report)"""
import base64
import hashlib
import json
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/hcl_report"
HASHES = {1: hashlib.sha256, 2: hashlib.sha384, 3: hashlib.sha512}
HARNESS_N = b"\xc3" * 256
OTHER_N = b"\xc5" * 255 + b"\x01"


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def ak_key(n=HARNESS_N, e=b"\x01\x00\x01", kty="RSA", kid="HCLAkPub"):
    k = {"kid": kid, "key_ops": ["sign"], "kty": kty, "e": b64u(e), "n": b64u(n)}
    return k


def claims(keys=None, extra=None):
    doc = {"keys": [ak_key()] if keys is None else keys,
           "vm-configuration": {"secure-boot": True, "tpm-enabled": True}}
    if extra:
        doc.update(extra)
    return json.dumps(doc, separators=(",", ":")).encode()


def report(cl=None, version=1, report_type=2, hash_type=1, data_size=None, claims_size=None,
           binding=None, pad=0, sig=b"HCLA"):
    cl = claims() if cl is None else cl
    hw = bytearray(1184)
    at = 0x50 if report_type == 2 else 0x80
    if binding is None:
        h = HASHES.get(hash_type, hashlib.sha256)
        binding = h(cl).digest()
    hw[at:at + len(binding)] = binding
    total = 32 + 1184 + 20 + len(cl)
    rep = struct.pack("<4sIIII12x", sig, version, total, 2, 0) + bytes(hw)
    rep += struct.pack("<IIIII", 20 + len(cl) if data_size is None else data_size, 1, report_type,
                       hash_type, len(cl) if claims_size is None else claims_size) + cl
    return rep + bytes(pad)


def write(name, data):
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Accepted, binding good, AK equal to the harness's key.
    write("snp-sha256-ak-match", report())
    write("snp-sha256-ak-match-padded", report(pad=600))
    write("tdx-sha384-ak-match", report(report_type=4, hash_type=2, version=2))
    write("snp-sha512-ak-match", report(hash_type=3))
    # Binding.
    write("hash-type-0", report(hash_type=0))
    write("hash-type-4", report(hash_type=4))
    write("binding-wrong-digest", report(binding=b"\x01" * 32))
    write("binding-trailing-nonzero", report(binding=hashlib.sha256(claims()).digest() + b"\x01"))
    # HCLAkPub.
    write("ak-other-key", report(claims([ak_key(n=OTHER_N)])))
    write("ak-among-other-keys", report(claims([{"kid": "HCLEkPub", "kty": "RSA"}, ak_key(),
                                                {"kty": "RSA"}, {"kid": 5}])))
    write("ak-twice", report(claims([ak_key(), ak_key()])))
    write("ak-missing", report(claims([ak_key(kid="HCLEkPub")])))
    write("keys-empty", report(claims([])))
    write("keys-not-array", report(claims(extra={"keys": {"kid": "HCLAkPub"}})))
    write("keys-member-missing", report(json.dumps({"vm-configuration": {}}).encode()))
    write("ak-kty-ec", report(claims([ak_key(kty="EC")])))
    k = ak_key()
    del k["kty"]
    write("ak-no-kty", report(claims([k])))
    k = ak_key()
    del k["n"]
    write("ak-no-n", report(claims([k])))
    k = ak_key()
    k["e"] = 65537
    write("ak-e-number", report(claims([k])))
    k = ak_key()
    k["n"] = "not*base64url"
    write("ak-n-bad-base64", report(claims([k])))
    write("ak-n-over-512-bytes", report(claims([ak_key(n=b"\xc3" * 513)])))
    write("ak-e-over-8-bytes", report(claims([ak_key(e=b"\x01" * 9)])))
    write("ak-n-even", report(claims([ak_key(n=b"\xc3" * 255 + b"\x02")])))
    # rsa_pub_set() on the JWK: leading zeros stripped, exponent and size rules.
    write("ak-n-leading-zero-e-leading-zero",
          report(claims([ak_key(n=b"\x00" + HARNESS_N, e=b"\x00\x01\x00\x01")])))
    write("ak-e-1", report(claims([ak_key(e=b"\x01")])))
    write("ak-e-even", report(claims([ak_key(e=b"\x01\x00\x00")])))
    write("ak-e-empty", report(claims([ak_key(e=b"")])))
    write("ak-n-empty", report(claims([ak_key(n=b"")])))
    write("ak-n-1024-bit", report(claims([ak_key(n=b"\xc3" * 128)])))
    write("claims-not-json", report(b"{\"keys\":[" + b"x" * 10))
    write("claims-empty", report(b""))
    # Parse.
    good = report()
    write("too-large", good + bytes(8193 - len(good)))
    write("bad-signature", report(sig=b"HCLB"))
    write("empty", b"")
    write("truncated-header", good[:100])
    write("truncated-hw-report", good[:32 + 1000])
    write("version-0", report(version=0))
    write("version-3", report(version=3))
    write("truncated-runtime-header", good[:0x4C0 + 12])
    write("report-type-3", report(report_type=3))
    write("data-size-mismatch", report(data_size=19))
    write("claims-size-over-rest", report(claims_size=len(claims()) + 100, data_size=len(claims()) + 120))
    write("claims-size-4g", report(claims_size=0xFFFFFFFF, data_size=0x13))
    write("trailing-nonzero", good + b"\x00" * 10 + b"\x01")


if __name__ == "__main__":
    main()
