#!/usr/bin/python3
"""Writes a small, realistic crypto-agile TCG PC Client event log (banks SHA-1 and SHA-256) of a
UEFI machine booting shim and GRUB, so that the demo, the end-to-end tests and the benchmark
need nothing from ../shared. Deterministic: the same options give the same bytes.

    make_eventlog.py [--secure-boot on|off] [--extra-app NAME] [--debug-mode] [--describe] OUT

--secure-boot off  the SecureBoot variable measured in PCR 7 is 0 (default on: 1)
--extra-app NAME   one more EV_EFI_BOOT_SERVICES_APPLICATION in PCR 4 after GRUB (an image a
                   policy can forbid); its digest is SHA-256("attest-init test image: NAME")
--debug-mode       the firmware measures EV_EFI_ACTION "UEFI Debug Mode" into PCR 7
--describe         print JSON facts of the written log on stdout: each boot application's
                   SHA-256 digest, the SHA-256 PCRs 0-7 a replay gives, the event count

Layout (TCG PC Client Platform Firmware Profile 1.05, "PFP"): the Spec ID event in the SHA-1
record format (10.2.1, 10.4.5.1), then TCG_PCR_EVENT2 records (10.2.2) in the order OVMF logs them:
EV_S_CRTM_VERSION and two EV_EFI_PLATFORM_FIRMWARE_BLOB2 in PCR 0 (10.4.2, 10.4.3); SecureBoot,
PK, KEK, db, dbx as EV_EFI_VARIABLE_DRIVER_CONFIG in PCR 7 (3.3.4.8, 10.4.4); BootOrder and
Boot0001 as EV_EFI_VARIABLE_BOOT in PCR 1; EV_EFI_ACTION "Calling EFI Application from Boot
Option" in PCR 4; EV_SEPARATOR in PCRs 0-7 (3.3.2.2); the db certificate that verified shim as
EV_EFI_VARIABLE_AUTHORITY in PCR 7; shim and GRUB as EV_EFI_BOOT_SERVICES_APPLICATION in PCR 4
(UEFI_IMAGE_LOAD_EVENT, 10.4.4; the digest is the image's Authenticode hash, here a stand-in);
the two ExitBootServices EV_EFI_ACTIONs in PCR 5. Variable events carry UEFI_VARIABLE_DATA and
their digest is over the whole event data (10.4.4). Only PCRs 0-7 are extended, as the swtpm
fixture extends only those. Written independently of src/eventlog (shares no code with it).
"""
import argparse
import datetime
import hashlib
import json
import struct
import sys
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

EV_NO_ACTION = 0x00000003
EV_SEPARATOR = 0x00000004
EV_S_CRTM_VERSION = 0x00000008
EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001
EV_EFI_VARIABLE_BOOT = 0x80000002
EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003
EV_EFI_ACTION = 0x80000007
EV_EFI_PLATFORM_FIRMWARE_BLOB2 = 0x8000000A
EV_EFI_VARIABLE_AUTHORITY = 0x800000E0

TPM_ALG_SHA1, TPM_ALG_SHA256 = 0x0004, 0x000B
BANKS = [(TPM_ALG_SHA1, hashlib.sha1), (TPM_ALG_SHA256, hashlib.sha256)]

EFI_GLOBAL_VARIABLE = uuid.UUID("8be4df61-93ca-11d2-aa0d-00e098032b8c")
EFI_IMAGE_SECURITY_DATABASE = uuid.UUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f")
EFI_CERT_X509 = uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")
EFI_CERT_SHA256 = uuid.UUID("c1c41626-504c-4092-aca9-41f936934328")
OWNER = uuid.UUID("77fa9abd-0359-4d32-bd60-28f4e78f784b")  # a signature owner GUID


def guid(u):
    return u.bytes_le  # EFI GUIDs: first three fields little-endian


def utf16(s):
    return s.encode("utf-16-le")


def image_digest(name):
    """Stand-in for a PE image's Authenticode hash (the log holds the hash, not the image)."""
    return hashlib.sha256(b"attest-init test image: " + name.encode()).digest()


def cert(cn, seed):
    """A deterministic self-signed Ed25519 certificate (Ed25519 signatures have no nonce)."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    when = datetime.datetime(2024, 1, 1)
    c = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
         .public_key(key.public_key()).serial_number(int.from_bytes(seed[:8].ljust(8, b"\0"), "big"))
         .not_valid_before(when).not_valid_after(when + datetime.timedelta(days=3650))
         .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
         .sign(key, None))
    return c.public_bytes(serialization.Encoding.DER)


def sig_list(sig_type, entries):
    """EFI_SIGNATURE_LIST (UEFI 2.9 32.4.1): type, list size, header size 0, signature size,
    then EFI_SIGNATURE_DATA entries (owner GUID + data), all of one size."""
    size = 16 + len(entries[0])
    body = b"".join(guid(OWNER) + e for e in entries)
    return guid(sig_type) + struct.pack("<III", 28 + len(body), 0, size) + body


def variable(vendor, name, data):
    """UEFI_VARIABLE_DATA (PFP 10.3.3.7): GUID, UnicodeNameLength (characters),
    VariableDataLength, the name in UTF-16 without NUL, the data."""
    return guid(vendor) + struct.pack("<QQ", len(name), len(data)) + utf16(name) + data


def device_path(path):
    """A media file-path node (UEFI 2.9 10.3.5.4) then the end-of-path node."""
    p = utf16(path + "\0")
    return struct.pack("<BBH", 4, 4, 4 + len(p)) + p + struct.pack("<BBH", 0x7F, 0xFF, 4)


def image_load(name, path, base, size):
    """UEFI_IMAGE_LOAD_EVENT (PFP 10.2.3 / 10.4.4): location, length, link-time address,
    device path length, device path (UINTN fields are 64-bit: uintnSize 2)."""
    dp = device_path(path)
    return struct.pack("<QQQQ", base, size, 0, len(dp)) + dp


def spec_id():
    """TCG_EfiSpecIDEvent (PFP 10.4.5.1): signature, platformClass 0 (client), version 2.0
    errata 0, uintnSize 2 (UINT64), the algorithms and their digest sizes, no vendor info."""
    algs = b"".join(struct.pack("<HH", a, h().digest_size) for a, h in BANKS)
    return (b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, len(BANKS)) + algs
            + b"\0")


class Log:
    def __init__(self):
        data = spec_id()
        # PFP 10.2.1: the first record uses the SHA-1 layout with a zero digest.
        self.raw = struct.pack("<II", 0, EV_NO_ACTION) + bytes(20) + struct.pack("<I", len(data)) + data
        self.pcrs = {i: bytes(32) for i in range(24)}
        self.count = 1
        self.apps = {}

    def event(self, pcr, etype, data, measured=None):
        """One TCG_PCR_EVENT2: the digests are over `measured` (default: the event data)."""
        m = data if measured is None else measured
        digests = b"".join(struct.pack("<H", a) + h(m).digest() for a, h in BANKS)
        self.raw += struct.pack("<III", pcr, etype, len(BANKS)) + digests
        self.raw += struct.pack("<I", len(data)) + data
        self.pcrs[pcr] = hashlib.sha256(self.pcrs[pcr] + hashlib.sha256(m).digest()).digest()
        self.count += 1

    def app(self, name, path, base, size):
        # The image's digest is given, not computed from event data: feed it as the
        # "measured" bytes of a stand-in whose SHA-256 is the digest (SHA-1 likewise stand-in).
        d = image_digest(name)
        data = image_load(name, path, base, size)
        digests = struct.pack("<H", TPM_ALG_SHA1) + hashlib.sha1(d).digest()
        digests += struct.pack("<H", TPM_ALG_SHA256) + d
        self.raw += struct.pack("<III", 4, EV_EFI_BOOT_SERVICES_APPLICATION, len(BANKS)) + digests
        self.raw += struct.pack("<I", len(data)) + data
        self.pcrs[4] = hashlib.sha256(self.pcrs[4] + d).digest()
        self.count += 1
        self.apps[name] = d.hex()


def build(secure_boot, extra_app, debug_mode):
    log = Log()
    log.event(0, EV_S_CRTM_VERSION, utf16("1.00\0"))
    for desc, base, size in ((b"PEIFV", 0xFFC84000, 0x00148000), (b"DXEFV", 0x00900000, 0x00D00000)):
        blob = struct.pack("<B", len(desc)) + desc + struct.pack("<QQ", base, size)
        # PFP 10.4.3: the digest is of the firmware volume itself (a stand-in here).
        log.event(0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, blob, b"firmware volume " + desc)
    if debug_mode:
        log.event(7, EV_EFI_ACTION, b"UEFI Debug Mode")
    pk, kek, db = cert("Test Platform Key", b"pk"), cert("Test KEK", b"kek"), cert("Test UEFI CA", b"db")
    dbx = [hashlib.sha256(b"revoked image %d" % i).digest() for i in range(3)]
    log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG,
              variable(EFI_GLOBAL_VARIABLE, "SecureBoot", b"\x01" if secure_boot else b"\x00"))
    log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(EFI_GLOBAL_VARIABLE, "PK", sig_list(EFI_CERT_X509, [pk])))
    log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(EFI_GLOBAL_VARIABLE, "KEK", sig_list(EFI_CERT_X509, [kek])))
    log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(EFI_IMAGE_SECURITY_DATABASE, "db", sig_list(EFI_CERT_X509, [db])))
    log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(EFI_IMAGE_SECURITY_DATABASE, "dbx", sig_list(EFI_CERT_SHA256, dbx)))
    boot1 = struct.pack("<IH", 1, len(device_path(r"\EFI\debian\shimx64.efi"))) + utf16("debian\0")
    boot1 += device_path(r"\EFI\debian\shimx64.efi")
    log.event(1, EV_EFI_VARIABLE_BOOT, variable(EFI_GLOBAL_VARIABLE, "BootOrder", struct.pack("<HH", 1, 0)))
    log.event(1, EV_EFI_VARIABLE_BOOT, variable(EFI_GLOBAL_VARIABLE, "Boot0001", boot1))
    log.event(4, EV_EFI_ACTION, b"Calling EFI Application from Boot Option")
    for pcr in range(8):
        log.event(pcr, EV_SEPARATOR, bytes(4))  # PFP 3.3.2.2: the separator's data is 0
    if secure_boot:
        # PFP 10.4.4: the db entry that authorised the first image, as EFI_SIGNATURE_DATA.
        log.event(7, EV_EFI_VARIABLE_AUTHORITY, variable(EFI_IMAGE_SECURITY_DATABASE, "db", guid(OWNER) + db))
    log.app("shimx64.efi", r"\EFI\debian\shimx64.efi", 0x7E5F2018, 0xE4A08)
    log.app("grubx64.efi", r"\EFI\debian\grubx64.efi", 0x7E4A1018, 0x1C0C08)
    if extra_app:
        log.app(extra_app, "\\EFI\\debian\\" + extra_app, 0x7E301018, 0x2A000)
    log.event(5, EV_EFI_ACTION, b"Exit Boot Services Invocation")
    log.event(5, EV_EFI_ACTION, b"Exit Boot Services Returned with Success")
    return log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--secure-boot", choices=("on", "off"), default="on")
    ap.add_argument("--extra-app", metavar="NAME")
    ap.add_argument("--debug-mode", action="store_true")
    ap.add_argument("--describe", action="store_true")
    ap.add_argument("out")
    a = ap.parse_args()
    if a.extra_app is not None and not (0 < len(a.extra_app) <= 64 and a.extra_app.isprintable()
                                        and "\\" not in a.extra_app):
        ap.error("--extra-app: 1-64 printable characters without a backslash")
    log = build(a.secure_boot == "on", a.extra_app, a.debug_mode)
    with open(a.out, "wb") as f:
        f.write(log.raw)
    if a.describe:
        json.dump({"events": log.count, "boot_applications": log.apps,
                   "pcrs": {str(i): log.pcrs[i].hex() for i in range(8)}}, sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main()
