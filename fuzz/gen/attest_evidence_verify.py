#!/usr/bin/python3
"""Seeds for fuzz/evidence_verify.c: complete synthetic evidence (a root CA and an AK made
here, the AK certificate, TPM2B_PUBLIC / TPMS_ATTEST structures signed with the AK
(RSASSA-PKCS1-v1_5 / SHA-256), a SHA-256 crypto-agile event log whose replay gives the quoted
PCRs, the certified ephemeral key with its PolicyPCR authPolicy, an HCL report binding the
claims), then one variant per check of src/attest/evidence_verify.c. Input layout: PEM roots,
NUL, evidence bundle JSON. Nothing here comes from ../shared.

Usage: fuzz/gen/attest_evidence_verify.py [OUTDIR]   (default fuzz/corpus/evidence_verify)"""
import base64
import datetime
import hashlib
import json
import os
import struct
import sys

from tpm_bytes import u16, u32, u64, sized  # fuzz/gen/: the script directory is on sys.path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/evidence_verify"
SHA256, RSA, NULL, RSASSA = 0x000B, 0x0001, 0x0010, 0x0014
AK_ATTRS, EPH_ATTRS = 0x00050072, 0x00020432
EV_POST_CODE, EV_SEPARATOR, EV_NO_ACTION = 1, 4, 3


def le32(x):
    return struct.pack("<I", x)


def sha256(b):
    return hashlib.sha256(b).digest()


def b64(b):
    return base64.b64encode(b).decode()


def nbytes(key):
    return key.public_key().public_numbers().n.to_bytes(256, "big")


def rsa_tpmt(n, attrs, policy=b"", scheme=(RSASSA, SHA256), name_alg=SHA256):
    return (u16(RSA) + u16(name_alg) + u32(attrs) + sized(policy) + u16(NULL) +
            b"".join(u16(x) for x in scheme) + u16(2048) + u32(0) + sized(n))


def attest_hdr(type_, extra, reset=1, restart=0, fw=0x20000, signer=b"\x00\x0b" + b"\x33" * 32):
    """TPMS_ATTEST header (Part 2 10.12.12) with TPMS_CLOCK_INFO (10.11.1)."""
    return (u32(0xFF544347) + u16(type_) + sized(signer) + sized(extra) +
            u64(1000) + u32(reset) + u32(restart) + b"\x01" + u64(fw))


def sel_bytes(mask):
    return u32(1) + u16(SHA256) + b"\x03" + bytes([mask & 0xff, mask >> 8 & 0xff, mask >> 16])


def eventlog(extends):
    """SHA-256-only crypto-agile log (PFP 10.4.5.1 Spec ID event, then TCG_PCR_EVENT2)."""
    spec = b"Spec ID Event03\0" + le32(0) + bytes([0, 2, 0, 2]) + le32(1) + struct.pack(
        "<HH", SHA256, 32) + b"\x00"
    log = le32(0) + le32(EV_NO_ACTION) + bytes(20) + le32(len(spec)) + spec
    for pcr, data in extends:
        log += le32(pcr) + le32(EV_POST_CODE if pcr else EV_SEPARATOR) + le32(1)
        log += struct.pack("<H", SHA256) + sha256(data) + le32(len(data)) + data
    return log


def replay(extends):
    pcrs = [bytes(32)] * 24
    for pcr, data in extends:
        pcrs[pcr] = sha256(pcrs[pcr] + sha256(data))
    return pcrs


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, issuer, pub, signer, ca, serial):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
            .serial_number(serial).not_valid_before(datetime.datetime(2025, 1, 1))
            .not_valid_after(datetime.datetime(2030, 1, 1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(signer, hashes.SHA256()))


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def hcl(ak_n, binding_ok=True, report_type=2):
    """HCL report (docs/maa-azureguest.md 7.2): SNP (type 2, REPORT_DATA at 0x50) or TDX
    (type 4, at 0x80)."""
    cl = json.dumps({"keys": [{"kid": "HCLAkPub", "kty": "RSA", "e": b64u(b"\x01\x00\x01"),
                               "n": b64u(ak_n)}]}, separators=(",", ":")).encode()
    hw = bytearray(1184)
    at = 0x50 if report_type == 2 else 0x80
    hw[at:at + 32] = sha256(cl) if binding_ok else b"\x01" * 32
    rep = struct.pack("<4sIIII12x", b"HCLA", 1, 32 + 1184 + 20 + len(cl), 2, 0) + bytes(hw)
    return rep + struct.pack("<IIIII", 20 + len(cl), 1, report_type, 1, len(cl)) + cl


ALL8 = tuple(range(8))


class World:
    """One test PKI (root, optional intermediate) and AK; bundles signed by that AK."""

    def __init__(self, inter_bits=0):
        self.root_k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ak = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        rn = name("Fuzz Evidence Root")
        self.root = cert(rn, rn, self.root_k.public_key(), self.root_k, True, 1)
        self.roots = self.root.public_bytes(serialization.Encoding.PEM)
        issuer_n, issuer_k = rn, self.root_k
        if inter_bits:  # root -> intermediate of inter_bits -> AK
            ik = rsa.generate_private_key(public_exponent=65537, key_size=inter_bits)
            issuer_n, issuer_k = name("Fuzz Evidence CA %d" % inter_bits), ik
            inter = cert(issuer_n, rn, ik.public_key(), self.root_k, True, 3)
            self.roots += inter.public_bytes(serialization.Encoding.PEM)
        self.ak_cert = cert(name("fuzz-ak"), issuer_n, self.ak.public_key(), issuer_k, False, 2)

    def sign(self, msg, key=None):
        return (key or self.ak).sign(msg, padding.PKCS1v15(), hashes.SHA256())

    def bundle(self, sel=ALL8, mut=None):
        """sel: the PCRs quoted, claimed and replayed; mutations (mut) change one part each:
        bundle_sel/bundle_pcrs (the unsigned pcr_selection and values), extends (the log),
        quote_mask, nonce/quote_nonce, certify_* (TPMS_ATTEST header of the certify), hcl."""
        m = dict(mut or {})
        mask = sum(1 << i for i in sel)
        extends = m.pop("extends", [(p, b"event %d" % p) for p in sel if p != 2] +
                        [(0, b"\x00" * 4)])
        log = m.pop("eventlog_bytes", eventlog(extends))
        pcrs = m.pop("pcr_values", replay(extends))
        if "pcr_override" in m:
            pcrs[sel[0]] = m.pop("pcr_override")
        vals = m.pop("quoted_values", b"".join(pcrs[i] for i in sel))
        nonce = m.pop("nonce", b"\x6e" * 32)
        quote = (attest_hdr(0x8018, m.pop("quote_nonce", nonce)) +
                 sel_bytes(m.pop("quote_mask", mask)) + sized(sha256(vals)))
        if m.pop("quote_is_certify", False):
            quote = attest_hdr(0x8017, nonce) + sized(b"\x00\x0b" + bytes(32)) + sized(b"")
        qsig = self.sign(quote, m.pop("quote_key", None))
        akpub = rsa_tpmt(nbytes(self.ak), m.pop("ak_attrs", AK_ATTRS))
        pmask = m.pop("policy_mask", mask)
        policy = sha256(bytes(32) + u32(0x17F) + sel_bytes(pmask) + sha256(vals)) \
            if sel else bytes(32)
        eph_n = b"\xc5" * 255 + b"\x01"
        ephpub = rsa_tpmt(eph_n, m.pop("eph_attrs", EPH_ATTRS), m.pop("eph_policy", policy),
                          scheme=(NULL,), name_alg=m.pop("eph_name_alg", SHA256))
        cname = m.pop("certified_name", b"\x00\x0b" + sha256(ephpub))
        hdr = {k[len("certify_"):]: m.pop(k) for k in list(m)
               if k in ("certify_reset", "certify_restart", "certify_fw", "certify_signer")}
        cinfo = attest_hdr(0x8017, b"", **hdr) + sized(cname) + sized(b"")
        if m.pop("certify_as_quote", False):
            cinfo = quote
        csig = self.sign(cinfo, m.pop("certify_key", None))
        bsel = m.pop("bundle_sel", sel)
        bpcrs = m.pop("bundle_pcrs", {i: pcrs[i] for i in bsel})
        doc = {
            "format": "attest-init-evidence", "version": 1, "created": 1767225600,
            "tcti": "swtpm:host=127.0.0.1,port=2321", "ak_handle": 0x81000003,
            "ak_cert_index": 0x01C101D0, "ak_pub": b64(sized(akpub)),
            "ak_cert": b64(self.ak_cert.public_bytes(serialization.Encoding.DER)),
            "nonce": b64(nonce), "quote": b64(quote),
            "quote_signature": b64(m.pop("quote_sig_bytes", qsig)), "pcr_bank": "sha256",
            "pcr_selection": list(bsel),
            "pcrs": [{"index": i, "digest": b64(bpcrs[i])} for i in bsel],
            "eventlog": None if log is None else b64(log), "enc_key_pub": b64(sized(ephpub)),
            "enc_key_certify_info": b64(cinfo),
            "enc_key_certify_signature": b64(m.pop("certify_sig_bytes", csig)),
            "hcl_report": None,
        }
        h = m.pop("hcl", None)
        if h is not None:
            doc["hcl_report"] = b64(h)
        for k, v in m.pop("doc", {}).items():
            doc[k] = v
        assert not m, m
        return json.dumps(doc, separators=(",", ":")).encode()

    def write(self, fname, mut=None, roots=None, sel=ALL8, out=None):
        data = (self.roots if roots is None else roots) + b"\0" + self.bundle(sel, mut)
        with open(os.path.join(out or OUT, fname), "wb") as f:
            f.write(data)


def pcr_relabel_attack(w, out=None, fname="attack-pcrs-relabelled"):
    """A genuine quote over PCRs 0-7; the bundle claims PCRs 8-15 with the real 0-7 values;
    the log puts the real events under 8-15 and forged "good" events under 0-7 (issue 16.1)."""
    real = [(p, b"real event %d" % p) for p in range(8)]
    forged = [(p, b"forged good event %d" % p) for p in range(8)]
    values = replay(real)
    relabelled = [(p + 8, d) for p, d in real]
    w.write(fname, {"extends": forged + relabelled, "pcr_values": values,
                    "bundle_sel": tuple(range(8, 16)),
                    "bundle_pcrs": {p + 8: values[p] for p in range(8)},
                    "policy_mask": 0xff00}, out=out)


def main():
    os.makedirs(OUT, exist_ok=True)
    w = World()
    ak_n = nbytes(w.ak)
    w.write("ok-hcl", {"hcl": hcl(ak_n)})
    w.write("ok-no-hcl", {})
    w.write("ok-hcl-tdx", {"hcl": hcl(ak_n, report_type=4)})
    w.write("ok-quote-pcrs-0-9", sel=tuple(range(10)))
    w.write("quote-pcrs-missing-pcr0-only", sel=(0,))
    w.write("hcl-other-ak", {"hcl": hcl(nbytes(w.other))})
    w.write("hcl-binding-mismatch", {"hcl": hcl(ak_n, binding_ok=False)})
    w.write("hcl-truncated", {"hcl": b"HCLA"})
    w.write("no-roots", roots=b"")
    w.write("ak-not-restricted", {"ak_attrs": 0x00040072})
    w.write("quote-signed-by-other-key", {"quote_key": w.other})
    w.write("quote-signature-tpmt", {"quote_sig_bytes": u16(RSASSA) + u16(SHA256) + sized(
        w.sign(b"x"))})
    w.write("quote-signature-short", {"quote_sig_bytes": b"\x00" * 100})
    w.write("quote-nonce-mismatch", {"quote_nonce": b"\x00" * 32})
    w.write("quote-selection-mismatch", {"quote_mask": 0x83})
    w.write("quote-is-certify", {"quote_is_certify": True})
    w.write("pcr-value-not-quoted", {"pcr_override": b"\x01" * 32})
    w.write("nonce-empty", {"nonce": b""})
    w.write("nonce-16-bytes", {"nonce": b"\x6e" * 16})
    w.write("bundle-selection-not-quoted", {"bundle_sel": tuple(range(9))})
    pcr_relabel_attack(w)
    w.write("eventlog-missing", {"eventlog_bytes": None})
    w.write("eventlog-garbage", {"eventlog_bytes": b"\x00" * 16})
    w.write("eventlog-header-only", {"eventlog_bytes": eventlog([])})
    w.write("ephemeral-name-alg-sm3", {"eph_name_alg": 0x0012})
    w.write("eventlog-replay-mismatch", {"eventlog_bytes": eventlog([(0, b"other")])})
    w.write("certify-signed-by-other-key", {"certify_key": w.other})
    w.write("certify-signature-short", {"certify_sig_bytes": b"\x00" * 10})
    w.write("certify-is-quote", {"certify_as_quote": True})
    w.write("certify-other-reset-count", {"certify_reset": 2})
    w.write("certify-other-restart-count", {"certify_restart": 1})
    w.write("certify-other-firmware", {"certify_fw": 0x20001})
    w.write("certify-other-signer", {"certify_signer": b"\x00\x0b" + b"\x44" * 32})
    w.write("certify-name-mismatch", {"certified_name": b"\x00\x0b" + b"\x00" * 32})
    w.write("ephemeral-policy-mismatch", {"eph_policy": b"\x00" * 32})
    w.write("ephemeral-not-template", {"eph_attrs": 0x00020472})
    w.write("enc-key-pub-garbage", {"doc": {"enc_key_pub": b64(b"\x00\x01\x00")}})
    World(inter_bits=1024).write("ak-chain-1024-bit-intermediate", {})
    World(inter_bits=2048).write("ok-chain-2048-bit-intermediate", {})


if __name__ == "__main__":
    main()
