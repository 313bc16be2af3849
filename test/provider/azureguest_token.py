"""What the emulated provider answers for checked evidence: its policy, the token's claim set
(docs/maa-azureguest.md section 4), the RS256 signature (section 5, RFC 7515) and the encrypted
envelope (section 3.2). Pure apart from the random key, IV and jti.

Fault hooks (`fault` argument) bend one property of a correct answer so that a client's checks
can be seen to fire: expired, wrong_issuer, wrong_nonce, wrong_ephemeral_key, unknown_key,
bad_tag, bad_iv, bad_key_size.
"""
import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from azureguest_request import Reject, snp_fields

TOKEN_LIFETIME = 8 * 3600  # section 4.2: exp - iat = 28800 in every real token
AAD = b"Transport Key"  # section 3.3 step 3
# The emulator's provider policy, written in the MAA policy language (section 6) so that the
# x-ms-policy-hash claim is computed as MAA documents it; evaluated by policy() below.
POLICY_TEXT = ("version=1.0;authorizationrules{"
               "[type==\"secureboot\", value==false] => deny();"
               "[type==\"x-ms-azurevm-debuggersdisabled\", value==false] => deny();"
               "[type==\"x-ms-sevsnpvm-is-debuggable\", value==true] => deny();"
               "[type==\"x-ms-sevsnpvm-vmpl\", value!=0] => deny();"
               "=> permit();};issuancerules{};")


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64(raw):
    return base64.b64encode(raw).decode()


def policy_hash():
    """[D-CLAIMS]: BASE64URL(SHA256(UTF8(BASE64URL(UTF8(policy text)))))."""
    return b64url(hashlib.sha256(b64url(POLICY_TEXT.encode()).encode()).digest())


def policy(ev):
    """The authorization rules of POLICY_TEXT: Secure Boot on in the log, no firmware debug
    mode; on SEV-SNP a non-debuggable guest at VMPL 0."""
    if not ev.facts.secure_boot:
        raise Reject("PolicyDenied", "policy: Secure Boot is not enabled in the TCG log")
    if ev.facts.debug_mode:
        raise Reject("PolicyDenied", "policy: firmware debug mode is measured in PCR 7")
    if ev.isolation:
        snp = snp_fields(ev.isolation["report"])
        if snp["debuggable"] or snp["vmpl"] != 0:
            raise Reject("PolicyDenied", "policy: SNP guest is debuggable or not at VMPL 0")


def _int_b64url(i):
    return b64url(i.to_bytes((i.bit_length() + 7) // 8, "big"))


def claims(ev, issuer, now, fault=None):
    """Section 4.2 claim set for checked evidence."""
    sb, debug = ev.facts.secure_boot, ev.facts.debug_mode
    n, payload = ev.enc_n, dict(ev.client_payload)
    if fault == "wrong_ephemeral_key":
        n = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key() \
            .public_numbers().n
    if fault == "wrong_nonce":
        payload["nonce"] = b64(b"not-the-nonce-you-sent")
    iat = now - 2 * TOKEN_LIFETIME if fault == "expired" else now
    c = {
        "exp": iat + TOKEN_LIFETIME, "iat": iat, "nbf": iat,
        "iss": "https://evil.attest.invalid" if fault == "wrong_issuer" else issuer,
        "jti": os.urandom(32).hex(),
        "secureboot": sb,
        "x-ms-attestation-type": "azurevm",
        "x-ms-azurevm-attestation-protocol-ver": ev.protocol,
        "x-ms-azurevm-attested-pcrs": list(ev.pcr_set),
        "x-ms-azurevm-bootdebug-enabled": debug,
        "x-ms-azurevm-dbvalidated": sb,
        "x-ms-azurevm-dbxvalidated": sb,
        "x-ms-azurevm-debuggersdisabled": not debug,
        "x-ms-azurevm-default-securebootkeysvalidated": sb,
        "x-ms-azurevm-elam-enabled": False,
        "x-ms-azurevm-flightsigning-enabled": False,
        "x-ms-azurevm-hvci-policy": 0,
        "x-ms-azurevm-hypervisordebug-enabled": False,
        "x-ms-azurevm-is-windows": ev.os_type == "Windows",
        "x-ms-azurevm-kerneldebug-enabled": False,
        "x-ms-azurevm-osbuild": ev.os_build,
        "x-ms-azurevm-osdistro": ev.os_distro,
        "x-ms-azurevm-ostype": ev.os_type,
        "x-ms-azurevm-osversion-major": ev.os_major,
        "x-ms-azurevm-osversion-minor": ev.os_minor,
        "x-ms-azurevm-signingdisabled": True,
        "x-ms-azurevm-testsigning-enabled": False,
        "x-ms-policy-hash": policy_hash(),
        "x-ms-runtime": {
            "client-payload": payload,
            "keys": [{"e": _int_b64url(ev.enc_e), "key_ops": ["encrypt"],
                      "kid": "TpmEphemeralEncryptionKey", "kty": "RSA", "n": _int_b64url(n)}],
        },
        "x-ms-ver": "1.0",
    }
    if ev.isolation:
        snp, runtime = snp_fields(ev.isolation["report"]), ev.isolation["runtime"]
        vm = runtime.get("vm-configuration", {})
        if isinstance(vm, dict) and isinstance(vm.get("vmUniqueId"), str):
            c["x-ms-azurevm-vmid"] = vm["vmUniqueId"]
        c["x-ms-isolation-tee"] = {
            "x-ms-attestation-type": "sevsnpvm",
            "x-ms-compliance-status": "azure-compliant-cvm",
            "x-ms-runtime": runtime,
            "x-ms-sevsnpvm-authorkeydigest": snp["author_key_digest"],
            "x-ms-sevsnpvm-familyId": snp["family_id"],
            "x-ms-sevsnpvm-guestsvn": snp["guest_svn"],
            "x-ms-sevsnpvm-hostdata": snp["host_data"],
            "x-ms-sevsnpvm-idkeydigest": snp["id_key_digest"],
            "x-ms-sevsnpvm-imageId": snp["image_id"],
            "x-ms-sevsnpvm-is-debuggable": snp["debuggable"],
            "x-ms-sevsnpvm-launchmeasurement": snp["measurement"],
            "x-ms-sevsnpvm-migration-allowed": snp["migration"],
            "x-ms-sevsnpvm-reportdata": snp["report_data"],
            "x-ms-sevsnpvm-reportid": snp["report_id"],
            "x-ms-sevsnpvm-smt-allowed": snp["smt"],
            "x-ms-sevsnpvm-vmpl": snp["vmpl"],
        }
    return c


def sign(claim_set, key, kid, jku):
    """RS256 compact JWS (RFC 7515 section 7.1; RFC 7518 section 3.3), header as in 4.1."""
    header = {"alg": "RS256", "jku": jku, "kid": kid, "typ": "JWT"}
    signing_input = "%s.%s" % (b64url(json.dumps(header, separators=(",", ":")).encode()),
                               b64url(json.dumps(claim_set, separators=(",", ":")).encode()))
    sig = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(sig)


def envelope(jwt, n, e, fault=None):
    """Section 3.2/3.3 mirror image: AES-256-GCM over the JWT with AAD "Transport Key", the
    tag in AuthenticationData, the AES key RSAES-PKCS1-v1_5-encrypted to EncKeyPub."""
    key = os.urandom(32)
    iv = os.urandom(16 if fault == "bad_iv" else 12)
    sealed = AESGCM(key).encrypt(iv, jwt.encode(), AAD)
    ct, tag = sealed[:-16], bytearray(sealed[-16:])
    if fault == "bad_tag":
        tag[0] ^= 0x01
    inner = rsa.RSAPublicNumbers(e, n).public_key().encrypt(key, padding.PKCS1v15())
    env = {"AuthenticationData": b64(bytes(tag)), "EncryptedInnerKey": b64(inner),
           "EncryptionParams": {"BlockMode": "ChainingModeGCM", "BlockPadding": "PKCS7",
                                "Cipher": "AES", "Iv": b64(iv),
                                "KeySizeInBits": 128 if fault == "bad_key_size" else 256},
           "Jwt": b64(ct)}
    return b64url(json.dumps(env, separators=(",", ":")).encode())
