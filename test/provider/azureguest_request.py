"""Checks one AzureGuest request the way the emulator's provider does (docs/maa-azureguest.md
sections 2, 7) and returns the facts the token is made of. Pure: bytes and trust anchors in,
an Evidence tuple out, Reject(code, message) on the first failed check.

Encodings are held to what Microsoft's C++ client sends (section 2.2-2.5): the outer
AttestationInfo base64url without padding; inner byte fields standard base64 with padding;
SnpReport base64url without padding. Real MAA is more lenient (section 8.5); a strict emulator
catches a client that drifts from the documented format.
"""
import base64
import hashlib
import json
import re
import struct
from collections import namedtuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import tcg_log
import tpm_structs as ts
import x509_chain

MAX_BODY = 1 << 20
MAX_PAYLOAD_ENTRIES = 32
SNP_REPORT_SIZE = 1184
Evidence = namedtuple("Evidence", "protocol os_type os_distro os_build os_major os_minor "
                      "client_payload pcr_set enc_n enc_e facts isolation")

TOP_KEYS = {"AttestationProtocolVersion", "OSType", "OSDistro", "OSVersionMajor",
            "OSVersionMinor", "OSBuild", "TcgLogs", "ClientPayload", "TpmInfo", "IsolationInfo"}
TPM_KEYS = {"AikCert", "AikPub", "PcrQuote", "PcrSignature", "EncKeyPub", "EncKeyCertifyInfo",
            "EncKeyCertifyInfoSignature", "PcrSet", "PCRs"}
B64_STD = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
B64_URL = re.compile(r"[A-Za-z0-9_-]*")


class Reject(Exception):
    """A refused request: HTTP 400 with {"error":{"code":code,"message":message}}."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def bad(message):
    return Reject("InvalidParameter", message)


def b64std(value, field, cap=MAX_BODY):
    """RFC 4648 section 4 with padding, canonical (no stray bits)."""
    if not isinstance(value, str) or not B64_STD.fullmatch(value):
        raise bad("%s is not standard base64 with padding" % field)
    raw = base64.b64decode(value)
    if base64.b64encode(raw).decode() != value or len(raw) > cap:
        raise bad("%s is not canonical base64 or too large" % field)
    return raw


def b64url_nopad(value, field):
    """RFC 4648 section 5 without padding (RFC 7515 section 2 base64url), canonical."""
    if not isinstance(value, str) or not B64_URL.fullmatch(value) or len(value) % 4 == 1:
        raise bad("%s is not base64url without padding" % field)
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != value:
        raise bad("%s is not canonical base64url" % field)
    return raw


def _no_dupes(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate member")
    return dict(pairs)


def strict_json(raw, field):
    """RFC 8259 JSON, UTF-8, no duplicate members, no NaN/Infinity."""
    def no_constant(name):
        raise ValueError(name)
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_no_dupes,
                          parse_constant=no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as ex:
        raise bad("%s is not strict JSON: %s" % (field, str(ex)[:80])) from None


def exact_object(value, keys, field):
    if not isinstance(value, dict):
        raise bad("%s is not an object" % field)
    if set(value) != set(keys):
        extra, missing = sorted(set(value) - set(keys)), sorted(set(keys) - set(value))
        raise bad("%s: unknown %s, missing %s" % (field, extra, missing))
    return value


def uint(value, field, top=1 << 32):
    if type(value) is not int or not 0 <= value < top:
        raise bad("%s is not an unsigned integer" % field)
    return value


def text(value, field):
    try:
        return b64std(value, field, 256).decode("ascii")
    except UnicodeDecodeError:
        raise bad("%s is not ASCII" % field) from None


def _der_length(raw):
    """Length of the outer DER SEQUENCE (X.690 8.1.3), so NV zero padding can be dropped."""
    if len(raw) < 4 or raw[0] != 0x30:
        raise Reject("AkCertInvalid", "AikCert is not a DER certificate")
    if raw[1] < 0x80:
        return 2 + raw[1]
    n = raw[1] & 0x7F
    if n == 0 or n > 3 or len(raw) < 2 + n:
        raise Reject("AkCertInvalid", "AikCert has a bad DER length")
    return 2 + n + int.from_bytes(raw[2:2 + n], "big")


def check_ak_chain(der, ak, roots, now):
    """AK certificate: trailing NV zero padding allowed (section 2.4), chain to the configured
    vTPM roots by signature (RFC 5280 6.1), validity at now, key = AikPub (section 7.4)."""
    n = _der_length(der)
    if n > len(der) or der[n:].count(0) != len(der) - n:
        raise Reject("AkCertInvalid", "AikCert has bytes after the DER that are not zero")
    try:
        leaf = x509_chain.load_der(der[:n])
    except ValueError:
        raise Reject("AkCertInvalid", "AikCert does not parse") from None
    if "MICROSOFT AZURE TRUSTED VM RSA" in leaf.issuer.rfc4514_string().upper():
        raise Reject("AkCertNotProvisioned", "AK certificate is the placeholder (section 7.4)")
    cert = leaf
    for _ in range(6):
        if not x509_chain.valid_at(cert, now):
            raise Reject("AkCertUntrusted", "%s is outside its validity" % cert.subject)
        if cert.subject == cert.issuer and any(cert == r for r in roots):
            break
        for cand in roots:
            if x509_chain.issued_by(cert, cand) and x509_chain.is_ca(cand):
                cert = cand
                break
        else:
            raise Reject("AkCertUntrusted", "AK certificate does not chain to the vTPM roots")
    else:
        raise Reject("AkCertUntrusted", "AK certificate chain too long")
    pub = leaf.public_key()
    if not isinstance(pub, rsa.RSAPublicKey) or \
            (pub.public_numbers().n, pub.public_numbers().e) != (ak.n, ak.e):
        raise Reject("AkCertKeyMismatch", "AK certificate key is not AikPub")


def verify_rsassa(key, signature, message, code, what):
    """RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 8.2), the vTPM AK's scheme (section 7.1)."""
    if len(signature) != key.key_bits // 8:
        raise Reject(code, "%s signature is %d bytes" % (what, len(signature)))
    try:
        rsa.RSAPublicNumbers(key.e, key.n).public_key().verify(
            signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise Reject(code, "%s signature does not verify with AikPub" % what) from None


def parse_tpm(tpm):
    """TpmInfo (section 2.4) decoded and parsed; nothing verified yet."""
    exact_object(tpm, TPM_KEYS, "TpmInfo")
    raw = {k: b64std(tpm[k], "TpmInfo." + k) for k in TPM_KEYS - {"PcrSet", "PCRs"}}
    pcr_set = tpm["PcrSet"]
    if not isinstance(pcr_set, list) or not 0 < len(pcr_set) <= 24:
        raise bad("TpmInfo.PcrSet is not a list of 1-24 PCRs")
    for i, p in enumerate(pcr_set):
        uint(p, "TpmInfo.PcrSet[%d]" % i, 24)
        if i and p <= pcr_set[i - 1]:
            raise bad("TpmInfo.PcrSet is not strictly ascending")
    pcrs = tpm["PCRs"]
    if not isinstance(pcrs, list) or len(pcrs) != len(pcr_set):
        raise bad("TpmInfo.PCRs does not have one entry per PcrSet member")
    values = []
    for i, entry in enumerate(pcrs):
        exact_object(entry, {"Index", "Digest"}, "TpmInfo.PCRs[%d]" % i)
        if uint(entry["Index"], "TpmInfo.PCRs[%d].Index" % i, 24) != pcr_set[i]:
            raise bad("TpmInfo.PCRs[%d].Index is not PcrSet[%d]" % (i, i))
        v = b64std(entry["Digest"], "TpmInfo.PCRs[%d].Digest" % i)
        if len(v) != 32:
            raise bad("TpmInfo.PCRs[%d].Digest is not 32 bytes" % i)
        values.append(v)
    return raw, pcr_set, values


def check_tpm(raw, pcr_set, values, log, roots, now):
    """Quote, PCRs, log replay and the certified ephemeral key (sections 2.4, 7.3)."""
    try:
        ak = ts.parse_rsa_public(raw["AikPub"])
    except ts.Malformed as ex:
        raise Reject("AkPubInvalid", str(ex)) from None
    # Part 2 8.3.3.1: an attestation key is a restricted signing key.
    if ak.attributes & (ts.ATTR_SIGN | ts.ATTR_RESTRICTED | ts.ATTR_DECRYPT) != \
            ts.ATTR_SIGN | ts.ATTR_RESTRICTED:
        raise Reject("AkPubInvalid", "AikPub is not a restricted signing key")
    check_ak_chain(raw["AikCert"], ak, roots, now)
    try:
        quote = ts.parse_attest(raw["PcrQuote"])
    except ts.Malformed as ex:
        raise Reject("QuoteInvalid", str(ex)) from None
    if quote.type != ts.TPM_ST_ATTEST_QUOTE:
        raise Reject("QuoteInvalid", "PcrQuote is not a TPM_ST_ATTEST_QUOTE")
    verify_rsassa(ak, raw["PcrSignature"], raw["PcrQuote"], "QuoteSignatureInvalid", "quote")
    # Decide on the signed selection: the unsigned PcrSet must name exactly the quoted PCRs.
    if [(a, p) for a, _, p in quote.selection] != [(ts.TPM_ALG_SHA256, pcr_set)]:
        raise Reject("PcrSelectionMismatch", "quote selection is not SHA-256 PcrSet")
    # Part 3 18.4 (TPM2_Quote): pcrDigest = H(selected PCR values in ascending order).
    if hashlib.sha256(b"".join(values)).digest() != quote.pcr_digest:
        raise Reject("PcrDigestMismatch", "PCRs do not hash to the quote's pcrDigest")
    try:
        replayed = tcg_log.replay(log)
    except tcg_log.Malformed as ex:
        raise Reject("TcgLogInvalid", str(ex)) from None
    wrong = [p for p, v in zip(pcr_set, values) if replayed.pcrs[p] != v]
    if wrong:
        raise Reject("TcgLogReplayMismatch", "TcgLogs does not replay to PCR %s" % wrong)
    try:
        enc = ts.parse_rsa_public(raw["EncKeyPub"])
        certify = ts.parse_attest(raw["EncKeyCertifyInfo"])
    except ts.Malformed as ex:
        raise Reject("EncKeyInvalid", str(ex)) from None
    if certify.type != ts.TPM_ST_ATTEST_CERTIFY:
        raise Reject("CertifyInvalid", "EncKeyCertifyInfo is not a TPM_ST_ATTEST_CERTIFY")
    verify_rsassa(ak, raw["EncKeyCertifyInfoSignature"], raw["EncKeyCertifyInfo"],
                  "CertifySignatureInvalid", "certify")
    # Part 3 18.2 (TPM2_Certify): the signed name is nameAlg || H(TPMT_PUBLIC) of EncKeyPub.
    if certify.certified_name != enc.name:
        raise Reject("CertifiedKeyMismatch", "certified name is not EncKeyPub's name")
    if certify.signer != quote.signer or certify.reset_count != quote.reset_count:
        raise Reject("CertifyInvalid", "certify and quote are not by the same AK in one boot")
    need = ts.ATTR_DECRYPT | ts.ATTR_FIXED_TPM | ts.ATTR_FIXED_PARENT | \
        ts.ATTR_SENSITIVE_DATA_ORIGIN
    if enc.attributes & (need | ts.ATTR_SIGN | ts.ATTR_RESTRICTED) != need or \
            enc.key_bits != 2048:
        raise Reject("EncKeyInvalid", "EncKeyPub is not a TPM-bound RSA-2048 decryption key")
    # Section 7.3: the key is bound to the attested PCRs by a PolicyPCR authPolicy. MAA's
    # own check is unknown (section 8.2); the emulator requires it.
    if enc.auth_policy != ts.policy_pcr_digest(pcr_set, values):
        raise Reject("EncKeyPolicyMismatch", "EncKeyPub authPolicy is not PolicyPCR(PCRs)")
    return ak, enc, tcg_log.boot_facts(replayed.events)


def check_isolation(info, ak, ark, now):
    """IsolationInfo (section 2.5): TrustedLaunch, or SevSnp with the HCL runtime claims bound
    to the SNP report (section 7.2) and a VCEK chain to the emulator's ARK."""
    if not isinstance(info, dict) or info.get("Type") not in ("TrustedLaunch", "SevSnp"):
        raise bad("IsolationInfo.Type is not TrustedLaunch or SevSnp")
    if info["Type"] == "TrustedLaunch":
        exact_object(info, {"Type"}, "IsolationInfo")
        return None
    exact_object(info, {"Type", "Evidence"}, "IsolationInfo")
    ev = exact_object(info["Evidence"], {"Proof", "RunTimeData"}, "IsolationInfo.Evidence")
    proof = exact_object(strict_json(b64std(ev["Proof"], "Evidence.Proof"), "Evidence.Proof"),
                         {"SnpReport", "VcekCertChain"}, "Evidence.Proof")
    report = b64url_nopad(proof["SnpReport"], "Proof.SnpReport")
    if len(report) != SNP_REPORT_SIZE:
        raise bad("Proof.SnpReport is not %d bytes" % SNP_REPORT_SIZE)
    try:
        chain = x509_chain.load_pem_chain(b64std(proof["VcekCertChain"], "Proof.VcekCertChain"))
    except ValueError:
        raise Reject("IsolationEvidenceInvalid", "VcekCertChain is not PEM certificates") from None
    for child, parent in zip(chain, chain[1:] + [ark]):
        if child == ark:
            break
        if not x509_chain.issued_by(child, parent):
            raise Reject("IsolationEvidenceInvalid", "VCEK chain does not lead to the ARK")
        if not x509_chain.valid_at(child, now):
            raise Reject("IsolationEvidenceInvalid", "VCEK chain certificate expired")
    runtime = b64std(ev["RunTimeData"], "Evidence.RunTimeData")
    # Section 7.2: REPORT_DATA (report offset 0x50) = SHA-256(runtime claims) || 32 zero bytes.
    if report[0x50:0x70] != hashlib.sha256(runtime).digest() or any(report[0x70:0x90]):
        raise Reject("IsolationEvidenceInvalid", "SNP REPORT_DATA does not bind RunTimeData")
    claims = strict_json(runtime, "RunTimeData")
    keys = claims.get("keys") if isinstance(claims, dict) else None
    hcl_ak = [k for k in keys or [] if isinstance(k, dict) and k.get("kid") == "HCLAkPub"]
    try:
        n = int.from_bytes(b64url_nopad(hcl_ak[0]["n"], "HCLAkPub.n"), "big")
        e = int.from_bytes(b64url_nopad(hcl_ak[0]["e"], "HCLAkPub.e"), "big")
    except (IndexError, KeyError, Reject):
        raise Reject("IsolationEvidenceInvalid", "runtime claims carry no HCLAkPub") from None
    if (n, e) != (ak.n, ak.e):
        raise Reject("IsolationEvidenceInvalid", "HCLAkPub is not AikPub")
    return {"report": report, "runtime": claims}


def check(body, roots, ark, now):
    """The whole request: outer body -> AttestationInfo -> checks -> Evidence."""
    if len(body) > MAX_BODY:
        raise bad("body over %d bytes" % MAX_BODY)
    outer = exact_object(strict_json(body, "body"), {"AttestationInfo"}, "body")
    info = exact_object(strict_json(b64url_nopad(outer["AttestationInfo"], "AttestationInfo"),
                                    "AttestationInfo"), TOP_KEYS, "AttestationInfo")
    if info["AttestationProtocolVersion"] != "2.0":
        raise bad("AttestationProtocolVersion is not \"2.0\"")
    os_type = text(info["OSType"], "OSType")
    if os_type not in ("Linux", "Windows"):
        raise bad("OSType is not Linux or Windows")
    os_distro, os_build = text(info["OSDistro"], "OSDistro"), text(info["OSBuild"], "OSBuild")
    major, minor = uint(info["OSVersionMajor"], "OSVersionMajor"), \
        uint(info["OSVersionMinor"], "OSVersionMinor")
    log = b64std(info["TcgLogs"], "TcgLogs")
    payload = info["ClientPayload"]
    if not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_ENTRIES:
        raise bad("ClientPayload is not an object of at most %d members" % MAX_PAYLOAD_ENTRIES)
    for k, v in payload.items():
        if not 0 < len(k) <= 64:
            raise bad("ClientPayload key length")
        b64std(v, "ClientPayload." + k, 4096)
    raw, pcr_set, values = parse_tpm(info["TpmInfo"])
    ak, enc, facts = check_tpm(raw, pcr_set, values, log, roots, now)
    isolation = check_isolation(info["IsolationInfo"], ak, ark, now)
    return Evidence("2.0", os_type, os_distro, os_build, major, minor, payload, pcr_set, enc.n,
                    enc.e, facts, isolation)


def snp_fields(report):
    """SNP ATTESTATION_REPORT fields (AMD SEV-SNP ABI spec table 21) the claims echo."""
    policy, = struct.unpack_from("<Q", report, 0x08)
    return {"guest_svn": struct.unpack_from("<I", report, 0x04)[0],
            "debuggable": bool(policy >> 19 & 1), "migration": bool(policy >> 18 & 1),
            "smt": bool(policy >> 16 & 1), "vmpl": struct.unpack_from("<I", report, 0x30)[0],
            "family_id": report[0x10:0x20].hex(), "image_id": report[0x20:0x30].hex(),
            "report_data": report[0x50:0x90].hex(), "measurement": report[0x90:0xC0].hex(),
            "host_data": report[0xC0:0xE0].hex(), "id_key_digest": report[0xE0:0x110].hex(),
            "author_key_digest": report[0x110:0x140].hex(), "report_id": report[0x140:0x160].hex()}
