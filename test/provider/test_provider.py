#!/usr/bin/python3
"""Self-test of the AzureGuest provider emulator (TAP on stdout).

Evidence is collected from the Azure-like swtpm fixture with the built attest-init, turned into
an AzureGuest request by the small request builder below (written from
docs/maa-azureguest.md section 2, not from the C code), POSTed over real HTTPS to the emulator;
the envelope's inner key is decrypted in the TPM with `attest-init evidence decrypt`, the JWT
AES-GCM-decrypted here and verified with `attest-init jwt verify` against the emulator's
/certs. Then every check the emulator makes is shown to refuse, and every fault mode is shown
to be visible from the client side.

Environment: ATTEST_BIN (default build/attest-init), ATTEST_SHARED (default ../shared).
Skips (exit 0) when python3-cryptography, swtpm/tpm2-tools, the binary or ../shared is absent.
"""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("ATTEST_SHARED", os.path.join(REPO, "..", "shared"))
BIN = os.path.abspath(os.environ.get("ATTEST_BIN", os.path.join(REPO, "build", "attest-init")))
LOG_SB = os.path.join(SHARED, "testdata", "eventlogs", "gce-rhel8-sb.bin")  # Secure Boot on
LOG_NOSB = os.path.join(SHARED, "testdata", "eventlogs", "archlinux-workstation.bin")  # off
LOG_DEBUG = os.path.join(SHARED, "testdata", "eventlogs", "fwupd-v2.bin")  # UEFI Debug Mode
LOGS = (LOG_SB, LOG_NOSB, LOG_DEBUG)
FIXTURE = os.path.join(REPO, "test", "tpm", "swtpm-fixture.sh")
CLIENT_MAX_BODY = 1 << 20  # what a sane client accepts from the provider
N = 0
FAILED = 0


def tap(ok, name, detail=""):
    global N, FAILED
    N += 1
    FAILED += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", N, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:6]:
            print("#   " + line)
    sys.stdout.flush()
    return ok


def skip_all(reason):
    print("ok - provider emulator self-test # SKIP %s" % reason)
    sys.exit(0)


try:
    from cryptography import x509
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.x509.oid import NameOID
except ImportError:
    skip_all("python3-cryptography not installed")
for tool in ("swtpm", "tpm2_createak"):
    if not shutil.which(tool):
        skip_all("%s not installed" % tool)
if not os.access(BIN, os.X_OK):
    skip_all("%s not built (make static)" % BIN)
for log in LOGS:
    if not os.path.isfile(log):
        skip_all("%s absent (../shared not present)" % log)

sys.path.insert(0, HERE)

TMP = tempfile.mkdtemp(prefix="provider-test.")
FIXTURES = []
EMULATORS = []


def cleanup(*_):
    for p in EMULATORS:
        if p.poll() is None:
            p.kill()
            p.wait(5)
    for d in FIXTURES:
        subprocess.run(["sh", FIXTURE, "stop", d], capture_output=True, timeout=30)
    shutil.rmtree(TMP, ignore_errors=True)


def on_signal(*_):
    cleanup()
    sys.exit(1)


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


def run(args, timeout=60, **kw):
    return subprocess.run(args, capture_output=True, timeout=timeout, **kw)


def b64(raw):
    return base64.b64encode(raw).decode()


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# -- evidence ---------------------------------------------------------------------------------
def collect(name, log, fx_name=None):
    """Starts the fixture fx-FX_NAME (a new one, or the same one restarted: then only its
    PCRs are reset and extended from LOG) and collects a bundle from it."""
    fx = os.path.join(TMP, "fx-" + (fx_name or name))
    if fx not in FIXTURES:
        FIXTURES.append(fx)
    r = run(["sh", FIXTURE, "start", fx, log], timeout=120)
    if r.returncode != 0:
        return None, None, r.stderr.decode()
    tcti = open(os.path.join(fx, "tcti")).read().strip()
    out = os.path.join(TMP, name + ".json")
    r = run([BIN, "evidence", "collect", "--tcti", tcti, "--eventlog", log, "--out", out])
    if r.returncode != 0:
        return None, None, r.stderr.decode()
    return fx, tcti, json.load(open(out))


def hcl_parts(hcl):
    """HCL report (section 7.2): the 1184-byte SNP report at 0x20, runtime claims at 0x4D4."""
    size = struct.unpack_from("<I", hcl, 0x4D0)[0]
    return hcl[0x20:0x20 + 1184], hcl[0x4D4:0x4D4 + size]


def build_info(bundle, nonce, vcek_pem=None):
    """The AttestationInfo object (section 2.3, 2.4, 2.5) from an evidence bundle, encoded as
    Microsoft's C++ client does: byte fields standard base64 with padding."""
    d = lambda k: base64.b64decode(bundle[k])
    pcr_set = bundle["pcr_selection"]
    info = {
        "AttestationProtocolVersion": "2.0",
        "OSType": b64(b"Linux"), "OSDistro": b64(b"Debian"), "OSBuild": b64(b"NotApplication"),
        "OSVersionMajor": 12, "OSVersionMinor": 0,
        "TcgLogs": b64(d("eventlog")),
        "ClientPayload": {"nonce": b64(nonce.encode())},
        "TpmInfo": {
            "AikCert": b64(d("ak_cert")), "AikPub": b64(d("ak_pub")),
            "PcrQuote": b64(d("quote")), "PcrSignature": b64(d("quote_signature")),
            "EncKeyPub": b64(d("enc_key_pub")),
            "EncKeyCertifyInfo": b64(d("enc_key_certify_info")),
            "EncKeyCertifyInfoSignature": b64(d("enc_key_certify_signature")),
            "PcrSet": pcr_set,
            "PCRs": [{"Index": p["index"], "Digest": p["digest"]} for p in bundle["pcrs"]],
        },
        "IsolationInfo": {"Type": "TrustedLaunch"},
    }
    if vcek_pem is not None:
        report, runtime = hcl_parts(d("hcl_report"))
        proof = {"SnpReport": b64url(report), "VcekCertChain": b64(vcek_pem)}
        info["IsolationInfo"] = {"Type": "SevSnp", "Evidence": {
            "Proof": b64(json.dumps(proof).encode()), "RunTimeData": b64(runtime)}}
    return info


def body_of(info):
    """Section 2.2: {"AttestationInfo": base64url-without-padding(JSON text)}."""
    text = json.dumps(info, indent="\t", sort_keys=True).encode()
    return json.dumps({"AttestationInfo": b64url(text)}).encode()


# -- HTTP client --------------------------------------------------------------------------------
class Emu:
    def __init__(self, ports):
        self.p = ports
        self.dns = "maa.attest.test"
        self.base = ports["base_url"]

    def https(self, method, path, body=None, headers=None, timeout=10, ca=None):
        """One request over TLS to 127.0.0.1 checked against the test CA and the DNS name
        (what ATTEST_RESOLVE does for the C client). Returns (status, headers, body)."""
        ctx = ssl.create_default_context(cafile=ca or self.p["ca"])
        raw = socket.create_connection(("127.0.0.1", self.p["https"]), timeout=timeout)
        conn = http.client.HTTPSConnection(self.dns, self.p["https"], timeout=timeout)
        try:
            conn.sock = ctx.wrap_socket(raw, server_hostname=self.dns)
            h = {"Content-Type": "application/json", "Accept": "application/json"}
            h.update(headers or {})
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            n = int(resp.getheader("Content-Length", "0"))
            if n > CLIENT_MAX_BODY:
                raise ValueError("response body of %d bytes over the client's cap" % n)
            return resp.status, resp, resp.read()
        finally:
            conn.close()
            raw.close()

    def attest(self, body, **kw):
        return self.https("POST", "/attest/AzureGuest?api-version=2020-10-01", body, **kw)

    def plain(self, port, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.p[port], timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def fault(self, **f):
        st, out = self.plain("control", "POST", "/fault", json.dumps(f).encode())
        assert st == 200, out


def start_emulator(ak_roots, *extra):
    st = os.path.join(TMP, "emu-%d" % len(EMULATORS))
    pf = st + ".ports"
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "maa_emulator.py"),
                          "--state-dir", st, "--ak-roots", ak_roots, "--ports-file", pf] +
                         list(extra), stdout=subprocess.DEVNULL,
                         stderr=open(st + ".log", "wb"))
    EMULATORS.append(p)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and p.poll() is None and not os.path.exists(pf):
        time.sleep(0.05)
    if not os.path.exists(pf):
        return p, None
    return p, json.load(open(pf))


def error_of(status, body):
    """(code, message) of a {"error":{"code":..,"message":..}} body, or None."""
    try:
        e = json.loads(body)["error"]
        if isinstance(e["code"], str) and isinstance(e["message"], str):
            return e["code"]
    except (ValueError, KeyError, TypeError):
        pass
    return None


# -- client side of the envelope (section 3.3) ---------------------------------------------------
class ClientError(Exception):
    pass


def open_envelope(token, tcti, bundle_path):
    """token -> JWT text: inner key decrypted by the TPM, checks of a strict client, AES-GCM."""
    env = json.loads(unb64url(token))
    p = env["EncryptionParams"]
    if (p["BlockMode"], p["BlockPadding"], p["Cipher"]) != ("ChainingModeGCM", "PKCS7", "AES"):
        raise ClientError("unexpected EncryptionParams")
    ct_path, pt_path = os.path.join(TMP, "inner.ct"), os.path.join(TMP, "inner.pt")
    open(ct_path, "wb").write(base64.b64decode(env["EncryptedInnerKey"], validate=True))
    if os.path.exists(pt_path):
        os.unlink(pt_path)
    r = run([BIN, "evidence", "decrypt", "--tcti", tcti, "--evidence", bundle_path,
             "--in", ct_path, "--out", pt_path])
    if r.returncode != 0:
        raise ClientError("evidence decrypt: " + r.stderr.decode().strip())
    key = open(pt_path, "rb").read()
    iv = base64.b64decode(p["Iv"], validate=True)
    tag = base64.b64decode(env["AuthenticationData"], validate=True)
    if len(key) not in (16, 32) or p["KeySizeInBits"] != 8 * len(key):
        raise ClientError("KeySizeInBits %r for a %d-byte key" % (p["KeySizeInBits"], len(key)))
    if len(iv) != 12 or len(tag) != 16:
        raise ClientError("IV of %d bytes, tag of %d bytes" % (len(iv), len(tag)))
    try:
        jwt = AESGCM(key).decrypt(iv, base64.b64decode(env["Jwt"], validate=True) + tag,
                                  b"Transport Key")
    except InvalidTag:
        raise ClientError("AES-GCM tag does not verify") from None
    return jwt.decode()


def jwt_verify(jwt, jwks_path, issuer):
    tf = os.path.join(TMP, "token.jwt")
    open(tf, "w").write(jwt)
    r = run([BIN, "jwt", "verify", "--jwks", jwks_path, "--issuer", issuer, tf])
    claims = json.loads(r.stdout) if r.returncode == 0 else None
    return r.returncode, r.stderr.decode().strip(), claims


SIGNED = ("AikPub", "PcrQuote", "PcrSignature", "EncKeyPub", "EncKeyCertifyInfo",
          "EncKeyCertifyInfoSignature")


def robustness(info, roots_path, rounds=400):
    """Every edit ends in a Reject or an acceptance, never another exception, and an edit of
    a signed TPM field is always refused (edits of event data that no digest covers, or of
    the AK certificate's zero padding, may legitimately pass)."""
    import datetime
    import random
    import azureguest_request as req
    import x509_chain
    roots = x509_chain.load_pem_chain(open(roots_path, "rb").read())
    now = datetime.datetime.now(datetime.timezone.utc)
    rnd = random.Random(18)
    crashes, allowed = [], []
    for i in range(rounds):
        edit = json.loads(json.dumps(info))
        field = rnd.choice(SIGNED + ("AikCert", "TcgLogs", "body"))
        if field == "body":
            body = bytearray(body_of(edit))
            body[rnd.randrange(len(body))] ^= 1 << rnd.randrange(8)
            body = bytes(body)
        else:
            tgt = edit if field == "TcgLogs" else edit["TpmInfo"]
            raw = bytearray(base64.b64decode(tgt[field]))
            at = rnd.randrange(len(raw))
            if rnd.random() < 0.7:
                raw[at] ^= 1 << rnd.randrange(8)
            elif rnd.random() < 0.5:
                del raw[at:at + rnd.randint(1, 16)]
            else:
                raw[at:at] = os.urandom(rnd.randint(1, 16))
            tgt[field] = b64(bytes(raw))
            body = body_of(edit)
        try:
            req.check(body, roots, roots[0], now)
            if field in SIGNED:
                allowed.append((i, field))
        except req.Reject:
            pass
        except Exception as ex:  # noqa: BLE001
            crashes.append((i, field, repr(ex)[:100]))
    tap(not crashes, "robustness: %d random edits end in a 400 reason or acceptance, never "
        "an exception" % rounds, crashes[:3])
    tap(not allowed, "robustness: no edit of a signed TPM field is accepted", allowed[:3])


def main():
    # 1. evidence from the Azure-like fixture (Secure Boot on in its log)
    fx, tcti, bundle = collect("sb", LOG_SB)
    if not tap(fx is not None, "evidence collected from the swtpm fixture", bundle):
        return
    bundle_path = os.path.join(TMP, "sb.json")
    roots = os.path.join(fx, "pki", "roots.pem")
    emu_p, ports = start_emulator(roots, "--idle-timeout", "120")
    if not tap(ports is not None, "emulator starts on port 0 and writes its ports file",
               open(os.path.join(TMP, "emu-0.log")).read()):
        return
    emu = Emu(ports)
    jwks_path = os.path.join(TMP, "certs.json")

    # 2. discovery endpoints
    st, _, body = emu.https("GET", "/.well-known/openid-configuration")
    oc = json.loads(body) if st == 200 else {}
    tap(oc.get("issuer") == emu.base and oc.get("jwks_uri") == emu.base + "/certs" and
        oc.get("id_token_signing_alg_values_supported") == ["RS256"],
        "openid-configuration names the issuer, jwks_uri and RS256")
    st, _, body = emu.https("GET", "/certs")
    open(jwks_path, "wb").write(body)
    keys = json.loads(body)["keys"] if st == 200 else []
    cert = x509.load_der_x509_certificate(base64.b64decode(keys[0]["x5c"][0])) if keys else None
    tap(len(keys) == 1 and keys[0]["kty"] == "RSA" and len(keys[0]["kid"]) == 44 and
        [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)] ==
        [emu.base] and cert.subject == cert.issuer,
        "/certs is a JWKS with kid and a self-signed x5c for the base URL")
    st, body = emu.plain("thim", "GET", "/metadata/THIM/amd/certification")
    tap(st == 400, "THIM refuses a request without Metadata: true")
    st, body = emu.plain("thim", "GET", "/metadata/THIM/amd/certification",
                         headers={"Metadata": "true"})
    thim = json.loads(body) if st == 200 else {}
    vcek_pem = (thim.get("vcekCert", "") + thim.get("certificateChain", "")).encode()
    tap(st == 200 and vcek_pem.count(b"-----BEGIN CERTIFICATE-----") == 3,
        "THIM serves vcekCert + certificateChain (VCEK, ASK, ARK)")

    # 3. the good path, SEV-SNP isolation
    nonce = b64url(os.urandom(16))
    good = build_info(bundle, nonce, vcek_pem)
    st, _, body = emu.attest(body_of(good))
    token = json.loads(body).get("token") if st == 200 else None
    if not tap(st == 200 and isinstance(token, str), "AzureGuest request accepted (SevSnp)",
               body[:300]):
        return
    env = json.loads(unb64url(token))
    tap(set(env) == {"AuthenticationData", "EncryptedInnerKey", "EncryptionParams", "Jwt"} and
        len(base64.b64decode(env["EncryptionParams"]["Iv"])) == 12 and
        len(base64.b64decode(env["AuthenticationData"])) == 16 and
        env["EncryptionParams"]["KeySizeInBits"] == 256 and "=" not in token,
        "envelope has the section 3.2 members, 12-byte IV, 16-byte tag, unpadded base64url")
    try:
        jwt = open_envelope(token, tcti, bundle_path)
        tap(jwt.count(".") == 2, "inner key decrypted in the TPM (evidence decrypt), "
            "JWT AES-GCM-decrypted with AAD Transport Key")
    except (ClientError, ValueError, KeyError) as ex:
        tap(False, "inner key decrypted in the TPM and JWT AES-GCM-decrypted", ex)
        return
    rc, err, claims = jwt_verify(jwt, jwks_path, emu.base)
    tap(rc == 0, "attest-init jwt verify accepts the token against /certs and the issuer", err)
    claims = claims or {}
    n = int.from_bytes(base64.b64decode(bundle["enc_key_pub"])[-256:], "big")
    rt = claims.get("x-ms-runtime", {})
    k = (rt.get("keys") or [{}])[0]
    tap(rt.get("client-payload") == {"nonce": b64(nonce.encode())},
        "x-ms-runtime.client-payload echoes the nonce")
    tap(k.get("kid") == "TpmEphemeralEncryptionKey" and
        int.from_bytes(unb64url(k.get("n", "")), "big") == n and k.get("e") == "AQAB",
        "x-ms-runtime.keys[0] is EncKeyPub with kid TpmEphemeralEncryptionKey")
    tap(claims.get("x-ms-azurevm-attested-pcrs") == bundle["pcr_selection"] and
        claims.get("secureboot") is True and claims.get("iss") == emu.base and
        claims.get("exp", 0) - claims.get("iat", 0) == 28800 and
        claims.get("nbf") == claims.get("iat") and len(claims.get("jti", "")) == 64,
        "attested PCRs, secureboot, iss, 8 h lifetime, jti")
    tee = claims.get("x-ms-isolation-tee", {})
    tap(tee.get("x-ms-attestation-type") == "sevsnpvm" and
        tee.get("x-ms-runtime", {}).get("keys", [{}])[0].get("kid") == "HCLAkPub" and
        claims.get("x-ms-azurevm-vmid") == "0b5d3c9e-0000-4000-8000-000000000000",
        "SevSnp: x-ms-isolation-tee carries the HCL runtime claims, vmid from them")

    tl = build_info(bundle, nonce)
    st, _, body = emu.attest(body_of(tl))
    ok = st == 200
    if ok:
        try:
            rc, err, c = jwt_verify(open_envelope(json.loads(body)["token"], tcti, bundle_path),
                                    jwks_path, emu.base)
            ok = rc == 0 and "x-ms-isolation-tee" not in c
        except ClientError as ex:
            ok, body = False, str(ex)
    tap(ok, "TrustedLaunch request accepted, token without x-ms-isolation-tee", body[:200])

    # the C++ client sends the whole NV index: DER followed by zero padding (doc 2.4)
    der = base64.b64decode(tl["TpmInfo"]["AikCert"])
    padded = json.loads(json.dumps(tl))
    padded["TpmInfo"]["AikCert"] = b64(der + bytes(300))
    st, _, out = emu.attest(body_of(padded))
    tap(st == 200, "AikCert with NV zero padding after the DER is accepted", out[:200])
    padded["TpmInfo"]["AikCert"] = b64(der + bytes(299) + b"\x01")
    st, _, out = emu.attest(body_of(padded))
    tap(st == 400 and error_of(st, out) == "AkCertInvalid",
        "refused: AikCert padding that is not all zero (400 AkCertInvalid)", out[:200])

    # 4. every check refuses: 400 with {"error":{"code","message"}}
    fxpki = lambda f: b64(open(os.path.join(fx, "pki", f), "rb").read())

    def flip(field, i):
        def f(info):
            t = info["TpmInfo"]
            b = bytearray(base64.b64decode(t[field]))
            b[i] ^= 1
            t[field] = b64(bytes(b))
        return f

    def tpm(**kv):
        return lambda info: info["TpmInfo"].update(kv)

    def log_edit(info):
        # one bit of the last extended SHA-256 digest (the fixture's extends.txt lists them)
        last = open(os.path.join(fx, "extends.txt")).read().split()[-1]
        b = bytearray(base64.b64decode(info["TcgLogs"]))
        i = b.rfind(bytes.fromhex(last))
        assert i > 0
        b[i] ^= 1
        info["TcgLogs"] = b64(bytes(b))

    def hcl_edit(info):
        ev = info["IsolationInfo"]["Evidence"]
        rt = json.loads(base64.b64decode(ev["RunTimeData"]))
        rt["vm-configuration"]["secure-boot"] = False
        ev["RunTimeData"] = b64(json.dumps(rt).encode())

    def other_vcek(info):
        ev = info["IsolationInfo"]["Evidence"]
        proof = json.loads(base64.b64decode(ev["Proof"]))
        proof["VcekCertChain"] = b64(open(os.path.join(TMP, "emu-0", "untrusted-ca.pem"),
                                          "rb").read())
        ev["Proof"] = b64(json.dumps(proof).encode())

    pcr7 = dict(good["TpmInfo"]["PCRs"][7], Digest=b64(bytes(32)))
    checks = [
        ("tampered quote body", "QuoteSignatureInvalid", flip("PcrQuote", 40)),
        ("quote signature byte flipped", "QuoteSignatureInvalid", flip("PcrSignature", 9)),
        ("PCR value the quote does not cover", "PcrDigestMismatch",
         tpm(PCRs=good["TpmInfo"]["PCRs"][:7] + [pcr7])),
        ("PcrSet other than the quoted selection", "PcrSelectionMismatch",
         tpm(PcrSet=list(range(7)), PCRs=good["TpmInfo"]["PCRs"][:7])),
        ("log that does not replay (a digest edited)", "TcgLogReplayMismatch", log_edit),
        ("log of another machine", "TcgLogReplayMismatch",
         lambda i: i.update(TcgLogs=b64(open(LOG_NOSB, "rb").read()))),
        ("wrong AK: certificate from another CA", "AkCertUntrusted",
         tpm(AikCert=fxpki("ak-other-ca.der"))),
        ("wrong AK: look-alike issuer signed by another key", "AkCertUntrusted",
         tpm(AikCert=fxpki("ak-lookalike-ca.der"))),
        ("wrong AK: certificate for another key", "AkCertKeyMismatch",
         tpm(AikCert=fxpki("ak-other-key.der"))),
        ("wrong AK: expired certificate", "AkCertUntrusted", tpm(AikCert=fxpki("ak-expired.der"))),
        ("wrong AK: placeholder issuer", "AkCertNotProvisioned",
         tpm(AikCert=fxpki("ak-placeholder.der"))),
        ("wrong AK: AikPub is not a restricted signing key", "AkPubInvalid",
         tpm(AikPub=good["TpmInfo"]["EncKeyPub"])),
        ("certify signature byte flipped", "CertifySignatureInvalid",
         flip("EncKeyCertifyInfoSignature", 9)),
        ("EncKeyPub not the certified key", "CertifiedKeyMismatch", flip("EncKeyPub", 60)),
        ("HCL runtime claims edited", "IsolationEvidenceInvalid", hcl_edit),
        ("VCEK chain not from the ARK", "IsolationEvidenceInvalid", other_vcek),
    ]
    for name, code, mutate in checks:
        info = json.loads(json.dumps(good))
        mutate(info)
        st, _, body = emu.attest(body_of(info))
        got = error_of(st, body)
        tap(st == 400 and got is not None and re.fullmatch(code, got) is not None,
            "refused: %s (400 %s)" % (name, code), "%d %s" % (st, body[:200]))

    # 5. malformed encodings: 400 InvalidParameter with an error body
    # a ClientPayload key of "~" and "?" makes the two alphabets differ (0x7E, 0x3F -> + and /)
    for k in range(1, 9):
        alt = json.loads(json.dumps(good))
        alt["ClientPayload"]["~?" * k] = b64(b"x")
        text = json.dumps(alt).encode()
        std, url_nopad = base64.b64encode(text).decode(), b64url(text)
        if std.rstrip("=") != url_nopad:
            break

    def raw_body(v):
        return json.dumps({"AttestationInfo": v}).encode()

    def inner(mutate):
        info = json.loads(json.dumps(good))
        mutate(info)
        return body_of(info)

    aik = good["TpmInfo"]["AikPub"]
    malformed = [
        ("outer AttestationInfo with padding", raw_body(url_nopad + "=" * (-len(url_nopad) % 4))
         if len(url_nopad) % 4 else raw_body(url_nopad + "==")),
        ("outer AttestationInfo in the standard alphabet", raw_body(std.rstrip("="))),
        ("outer body not JSON", b"AttestationInfo=" + url_nopad.encode()),
        ("outer body with an extra member",
         json.dumps({"AttestationInfo": url_nopad, "x": 1}).encode()),
        ("outer body with a duplicate member",
         b'{"AttestationInfo":"%s","AttestationInfo":"%s"}' % ((url_nopad.encode(),) * 2)),
        ("AttestationInfo not JSON", raw_body(b64url(b"{not json"))),
        ("inner field base64url without padding",
         inner(tpm(AikPub=aik.replace("+", "-").replace("/", "_").rstrip("=")))),
        ("inner field without its padding", inner(tpm(AikPub=aik.rstrip("=")))
         if aik.endswith("=") else inner(tpm(AikPub=aik[:-1]))),
        ("inner field with stray bits (non-canonical)",
         inner(tpm(PcrSignature=good["TpmInfo"]["PcrSignature"][:-3] + "B=="))
         if good["TpmInfo"]["PcrSignature"].endswith("==") else
         inner(tpm(PcrSignature="QR=="))),
        ("unknown top-level member", inner(lambda i: i.update(Extra="x"))),
        ("missing TcgLogs", inner(lambda i: i.pop("TcgLogs"))),
        ("OSVersionMajor as a string", inner(lambda i: i.update(OSVersionMajor="12"))),
        ("ClientPayload value not base64",
         inner(lambda i: i.update(ClientPayload={"nonce": "not base64!"}))),
        ("PCRs entry with a 31-byte digest", inner(tpm(PCRs=[dict(p, Digest=b64(bytes(31)))
                                                             for p in good["TpmInfo"]["PCRs"]]))),
        ("IsolationInfo of an unknown type", inner(lambda i: i.update(
            IsolationInfo={"Type": "Tdx"}))),
    ]
    st, _, out = emu.attest(raw_body(url_nopad))
    tap(st == 200 and std.rstrip("=") != url_nopad,
        "control: that text in base64url is accepted, in the standard alphabet it differs")
    for name, body in malformed:
        st, _, out = emu.attest(body)
        tap(st == 400 and error_of(st, out) == "InvalidParameter",
            "refused: %s (400 InvalidParameter)" % name, "%d %s" % (st, out[:200]))
    st, _, out = emu.https("POST", "/attest/AzureGuest?api-version=2018-09-01-preview",
                           body_of(good))
    tap(st == 400 and error_of(st, out) == "InvalidParameter", "refused: another api-version")
    st, _, out = emu.attest(body_of(good), headers={"Content-Type": "text/plain"})
    tap(st == 415 and error_of(st, out), "refused: Content-Type not application/json")
    st, _, out = emu.attest(b"{" + b" " * (1 << 20) + b"}")
    tap(st == 413 and error_of(st, out), "refused: body over 1 MiB (413)")

    # 6. fault modes, each observed from the client side
    def one(mode, **kw):
        emu.fault(mode=mode, count=1, **kw)
        return emu.attest(body_of(good))

    emu.fault(mode="error", status=503, count=2)
    seq = [emu.attest(body_of(good))[0] for _ in range(3)]
    tap(seq == [503, 503, 200], "fault error: 2x 503 then success", seq)
    emu.fault(mode="error", status=500, count=1)
    st, _, out = emu.attest(body_of(good))
    tap(st == 500 and error_of(st, out), "fault error: 500 with an error body")
    st, resp, out = one("ratelimit", retry_after=7)
    tap(st == 429 and resp.getheader("Retry-After") == "7", "fault ratelimit: 429 Retry-After 7")
    t0 = time.monotonic()
    st, _, _ = one("slow", delay=1.5)
    tap(st == 200 and time.monotonic() - t0 >= 1.5, "fault slow: answer after the delay")
    emu.fault(mode="hang", seconds=20, count=1)
    t0 = time.monotonic()
    try:
        emu.attest(body_of(good), timeout=1.5)
        ok = False
    except (socket.timeout, TimeoutError):
        ok = time.monotonic() - t0 < 5
    tap(ok, "fault hang: no answer, the client's 1.5 s timeout fires")
    try:
        one("truncate")
        ok = False
    except http.client.IncompleteRead:
        ok = True
    tap(ok, "fault truncate: connection closed mid-body (IncompleteRead)")
    st, _, out = one("garbage")
    try:
        json.loads(out)
        ok = False
    except ValueError:
        ok = st == 200
    tap(ok, "fault garbage: 200 with a body that is not JSON")
    try:
        one("oversized", bytes=4 << 20)
        ok = False
    except ValueError as ex:
        ok = "over the client's cap" in str(ex)
    tap(ok, "fault oversized: Content-Length over the client's cap")

    def token_fault(mode):
        st, _, out = one(mode)
        if st != 200:
            raise ClientError("status %d" % st)
        return open_envelope(json.loads(out)["token"], tcti, bundle_path)

    for mode, want in (("unknown_key", "signature"), ("expired", "exp"),
                       ("wrong_issuer", "iss")):
        try:
            rc, err, _ = jwt_verify(token_fault(mode), jwks_path, emu.base)
        except ClientError as ex:
            rc, err = 0, str(ex)
        tap(rc == 1 and want in err, "fault %s: attest-init jwt verify refuses (%s)" % (mode, err))
    for mode, check in (("wrong_nonce", lambda c: c["x-ms-runtime"]["client-payload"] !=
                         {"nonce": b64(nonce.encode())}),
                        ("wrong_ephemeral_key", lambda c: int.from_bytes(
                            unb64url(c["x-ms-runtime"]["keys"][0]["n"]), "big") != n)):
        try:
            rc, err, c = jwt_verify(token_fault(mode), jwks_path, emu.base)
            ok = rc == 0 and check(c)
        except ClientError as ex:
            ok, err = False, str(ex)
        tap(ok, "fault %s: token verifies but the claim differs from the request" % mode, err)
    for mode, want in (("bad_tag", "tag does not verify"), ("bad_iv", "IV of 16 bytes"),
                       ("bad_key_size", "KeySizeInBits 128")):
        try:
            token_fault(mode)
            ok, err = False, "accepted"
        except ClientError as ex:
            ok, err = want in str(ex), str(ex)
        tap(ok, "fault %s: the client's envelope check refuses" % mode, err)
    st, _, out = one("deny")
    tap(st == 400 and error_of(st, out) == "PolicyDenied", "fault deny: 400 PolicyDenied body")
    emu.fault(mode="untrusted_tls", count=1)
    try:
        emu.https("GET", "/certs")
        ok = False
    except ssl.SSLCertVerificationError:
        ok = True
    tap(ok, "fault untrusted_tls: server certificate from another CA is refused")
    st, _, _ = emu.https("GET", "/certs")
    tap(st == 200, "counted faults end: the next connection is trusted again")
    st, out = emu.plain("control", "POST", "/fault", b'{"mode":"meltdown"}')
    tap(st == 400, "control refuses an unknown fault mode")

    # 7. the emulated policy on real logs, the same fixture restarted (PCRs reset) with
    # each: its earlier bundles cannot be decrypted any more, so this comes last
    for name, log, why in (("nosb", LOG_NOSB, b"Secure Boot"), ("debug", LOG_DEBUG, b"debug")):
        _, _, other = collect(name, log, "sb")
        if not isinstance(other, dict):
            tap(False, "fixture restarted with %s" % os.path.basename(log), other)
            continue
        st, _, out = emu.attest(body_of(build_info(other, nonce)))
        tap(st == 400 and error_of(st, out) == "PolicyDenied" and why in out,
            "policy: %s is denied (400 PolicyDenied: %s)" % (os.path.basename(log),
                                                            why.decode()), out[:200])

    # 8. robustness, in process: seeded random edits of a good request
    robustness(tl, roots)

    # 9. lifecycle: command-line fault, idle stop, SIGTERM
    r = run([sys.executable, os.path.join(HERE, "maa_emulator.py"), "--state-dir",
             os.path.join(TMP, "x"), "--ak-roots", roots, "--fault", "meltdown"], timeout=30)
    tap(r.returncode == 2, "a bad --fault is a usage error (exit 2)")
    r = run([sys.executable, os.path.join(HERE, "maa_emulator.py"), "--state-dir",
             os.path.join(TMP, "x"), "--ak-roots", os.path.join(fx, "tcti")], timeout=30)
    tap(r.returncode == 2 and r.stderr.decode().count("\n") == 1 and
        b"no PEM certificates" in r.stderr, "--ak-roots without certificates: exit 2, one line")
    p3, ports3 = start_emulator(roots, "--idle-timeout", "2", "--fault", "deny")
    st, _, out = Emu(ports3).attest(body_of(tl)) if ports3 else (0, None, b"")
    tap(st == 400 and error_of(st, out) == "PolicyDenied", "--fault deny applies from the start",
        "%s %s" % (st, out[:200]))
    try:
        rc = p3.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    tap(rc == 0, "emulator stops by itself after --idle-timeout")
    emu_p.send_signal(signal.SIGTERM)
    try:
        rc = emu_p.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    tap(rc == 0, "emulator stops on SIGTERM")


if __name__ == "__main__":
    t0 = time.monotonic()
    try:
        main()
    except Exception as ex:  # noqa: BLE001  (a crash is a failed test, not a silent pass)
        tap(False, "self-test crashed: %r" % ex)
    finally:
        cleanup()
    print("1..%d" % N)
    print("# %.1f s" % (time.monotonic() - t0))
    sys.exit(1 if FAILED else 0)
