#!/usr/bin/env python3
"""Generates the hand-built seeds of fuzz/corpus/eventlog/ named gen-* (the older seeds are
kept as they are). Every log is spelled out field by field (TCG EFI Protocol 5.1 / 5.2
layouts, PFP 1.05 section 10), like test/unit/test_eventlog_builder.h; nothing comes from
../shared. Each seed aims at one group of checks of eventlog_parse.c, eventlog_specid.c,
eventlog_decode.c, eventlog_content.c or efi_structs.c; its name says which.

Usage: fuzz/gen/eventlog.py [OUTDIR]   (default fuzz/corpus/eventlog)
Deterministic: running it twice writes the same bytes.
"""
import hashlib
import os
import struct
import sys

# TPM_ALG_ID (TPM 2.0 Part 2, 6.3) and digest sizes.
SHA1, SHA256, SHA384, SHA512, SM3 = 0x0004, 0x000B, 0x000C, 0x000D, 0x0012
HASH = {SHA1: "sha1", SHA256: "sha256", SHA384: "sha384", SHA512: "sha512"}
SIZE = {SHA1: 20, SHA256: 32, SHA384: 48, SHA512: 64, SM3: 32}

# Event types (PFP 1.05 10.4.1, Table 9).
EV_POST_CODE = 0x1
EV_NO_ACTION = 0x3
EV_SEPARATOR = 0x4
EV_ACTION = 0x5
EV_EVENT_TAG = 0x6
EV_S_CRTM_CONTENTS = 0x7
EV_S_CRTM_VERSION = 0x8
EV_IPL = 0xD
EV_OMIT_BOOT_DEVICE_EVENTS = 0x12
EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001
EV_EFI_VARIABLE_BOOT = 0x80000002
EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003
EV_EFI_BOOT_SERVICES_DRIVER = 0x80000004
EV_EFI_RUNTIME_SERVICES_DRIVER = 0x80000005
EV_EFI_GPT_EVENT = 0x80000006
EV_EFI_ACTION = 0x80000007
EV_EFI_PLATFORM_FIRMWARE_BLOB = 0x80000008
EV_EFI_HANDOFF_TABLES = 0x80000009
EV_EFI_PLATFORM_FIRMWARE_BLOB2 = 0x8000000A
EV_EFI_HANDOFF_TABLES2 = 0x8000000B
EV_EFI_VARIABLE_BOOT2 = 0x8000000C
EV_EFI_HCRTM_EVENT = 0x80000010
EV_EFI_VARIABLE_AUTHORITY = 0x800000E0


def u8(v):
    return struct.pack("<B", v)


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


def guid(s):
    """The on-disk layout of a textual GUID (UEFI 2.10 App. A: Data1-3 little-endian)."""
    h = s.replace("-", "")
    return (bytes.fromhex(h[0:8])[::-1] + bytes.fromhex(h[8:12])[::-1] +
            bytes.fromhex(h[12:16])[::-1] + bytes.fromhex(h[16:]))


GLOBAL = guid("8be4df61-93ca-11d2-aa0d-00e098032b8c")
IMAGE_SECURITY = guid("d719b2cb-3d3a-4596-a3bc-dad00e67656f")
SHIM_LOCK = guid("605dab50-e046-4300-abb6-3dd810dd8b23")
CERT_X509 = guid("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")
CERT_SHA256 = guid("c1c41626-504c-4092-aca9-41f936934328")
CERT_SHA1 = guid("826ca512-cf10-4ac9-b187-be01496631bd")
CERT_RSA2048 = guid("3c5766e8-269c-4e34-aa14-ed776e85b3b6")


def utf16(s):
    return s.encode("utf-16-le")


def digest(alg, data):
    if alg in HASH:
        return hashlib.new(HASH[alg], data).digest()
    return b"\x5a" * 64  # no implementation (SM3, unknown ids): any bytes, cut by ev2


# ---- records ----

def ev1(pcr, etype, data, dig=None):
    """TCG_PCR_EVENT (EFIPROT 5.1); the digest is SHA-1 of the data unless given."""
    if dig is None:
        dig = digest(SHA1, data)
    return u32(pcr) + u32(etype) + dig + u32(len(data)) + data


def specid_data(algs, vendor=b"", major=2, minor=0, uintn=2, nalgs=None, sig=b"Spec ID Event03\0"):
    """TCG_EfiSpecIdEvent (PFP 10.4.5.1); algs is a list of (alg_id, digest size)."""
    d = sig + u32(0) + u8(minor) + u8(major) + u8(0) + u8(uintn)
    d += u32(len(algs) if nalgs is None else nalgs)
    for a, s in algs:
        d += u16(a) + u16(s)
    return d + u8(len(vendor)) + vendor


def specid(algs, pcr=0, zero_digest=True, **kw):
    """The first record of a crypto-agile log: SHA-1 layout, EV_NO_ACTION, zero digest."""
    dig = bytes(20) if zero_digest else b"\x01" + bytes(19)
    return ev1(pcr, EV_NO_ACTION, specid_data(algs, **kw), dig)


def ev2(pcr, etype, algs, data, digests=None):
    """TCG_PCR_EVENT2 (EFIPROT 5.2); digests default to the real hashes of the data."""
    r = u32(pcr) + u32(etype) + u32(len(algs))
    for k, (a, s) in enumerate(algs):
        r += u16(a) + (digests[k] if digests is not None else digest(a, data)[:s])
    return r + u32(len(data)) + data


A2 = [(SHA1, 20), (SHA256, 32)]


def agile(*events, algs=A2, **kw):
    return specid(algs, **kw) + b"".join(ev2(p, t, algs, d) for p, t, d in events)


def wrong(algs):
    return [b"\xee" * s for _, s in algs]


# ---- event data builders ----

def variable(gid, name, data, name_chars=None, data_len=None):
    """UEFI_VARIABLE_DATA (PFP 10.2.6)."""
    n = utf16(name) if isinstance(name, str) else name
    nc = len(n) // 2 if name_chars is None else name_chars
    dl = len(data) if data_len is None else data_len
    return gid + u64(nc) + u64(dl) + n + data


def siglist(gtype, sigs, sig_size=None, hdr=b"", list_size=None):
    """EFI_SIGNATURE_LIST (UEFI 2.10, 32.4.1) of EFI_SIGNATURE_DATA {owner, data}."""
    body = b"".join(bytes(16) + s for s in sigs)
    ss = (16 + len(sigs[0]) if sigs else 16) if sig_size is None else sig_size
    ls = 28 + len(hdr) + len(body) if list_size is None else list_size
    return gtype + u32(ls) + u32(len(hdr)) + u32(ss) + hdr + body


def dp_node(t, sub, body, length=None):
    """EFI_DEVICE_PATH_PROTOCOL node (UEFI 2.10, 10.3.1)."""
    return u8(t) + u8(sub) + u16(4 + len(body) if length is None else length) + body


DP_END = dp_node(0x7F, 0xFF, b"")


def image(dp, uintn=8, dp_len=None, trailing=b""):
    """UEFI_IMAGE_LOAD_EVENT (PFP 10.2.3)."""
    un = u64 if uintn == 8 else u32
    return (u64(0x1000) + un(0x2000) + un(0) + un(len(dp) if dp_len is None else dp_len) + dp +
            trailing)


def gpt(count, entry_size=128, sig=b"EFI PART", extra=b""):
    """UEFI_GPT_DATA (PFP 10.2.5): header (92 bytes), NumberOfPartitions, entries."""
    hdr = bytearray(92)
    hdr[0:8] = sig
    hdr[56:72] = guid("00112233-4455-6677-8899-aabbccddeeff")
    hdr[84:88] = u32(entry_size)
    entries = b""
    for k in range(count):
        e = bytearray(entry_size)
        e[0:16] = guid("0fc63daf-8483-4772-8e79-3d69d8477de4")
        e[56:56 + 12] = utf16("root%d" % k)
        entries += bytes(e)
    return bytes(hdr) + u64(count) + entries + extra


def seeds():
    s = {}
    loc = b"StartupLocality\0"

    # ---- eventlog_parse.c: record framing, StartupLocality, padding ----
    s["parse-agile-eventsize-truncated"] = agile() + ev2(1, EV_IPL, A2, b"x")[:-5] + b"\x01\x02"
    s["parse-agile-header-truncated"] = agile() + b"\x01\x02\x03\x04\x05\x06"
    s["parse-agile-algid-truncated"] = agile() + u32(1) + u32(EV_IPL) + u32(2) + b"\x04"
    s["parse-agile-digest-truncated"] = (agile() + u32(1) + u32(EV_IPL) + u32(2) + u16(SHA1) +
                                         b"\x11" * 20 + u16(SHA256) + b"\x22" * 5)
    s["parse-agile-undeclared-alg"] = (agile() + u32(1) + u32(EV_IPL) + u32(2) + u16(SHA1) +
                                       b"\x11" * 20 + u16(SHA384) + b"\x22" * 48 + u32(0))
    s["parse-agile-duplicate-digest"] = (agile() + u32(1) + u32(EV_IPL) + u32(2) + u16(SHA1) +
                                         b"\x11" * 20 + u16(SHA1) + b"\x22" * 20 + u32(0))
    s["parse-agile-digest-count"] = agile() + ev2(1, EV_IPL, A2[:1], b"abc")
    s["parse-sha1-header-truncated"] = ev1(1, EV_IPL, b"grub") + b"\x07" * 10
    s["parse-only-zero-padding"] = bytes(40)
    s["parse-only-ff-padding"] = b"\xff" * 40
    s["parse-specid-bad-pcr"] = specid(A2, pcr=2)
    s["parse-specid-nonzero-digest"] = specid(A2, zero_digest=False)
    s["parse-specid-cc-mr1"] = agile((2, EV_SEPARATOR, bytes(4)), pcr=1)
    s["parse-locality-bad-value"] = agile((0, EV_NO_ACTION, loc + b"\x05"))
    s["parse-locality-bad-size"] = agile((0, EV_NO_ACTION, loc + b"\x03\x00"))
    s["parse-locality-duplicate"] = agile((0, EV_NO_ACTION, loc + b"\x03"),
                                          (0, EV_NO_ACTION, loc + b"\x03"))
    s["parse-locality-late"] = agile((0, EV_S_CRTM_VERSION, utf16("1.0\0")),
                                     (0, EV_NO_ACTION, loc + b"\x03"))
    s["parse-locality-3"] = agile((0, EV_NO_ACTION, loc + b"\x03"),
                                  (0, EV_S_CRTM_VERSION, utf16("1.0\0")))
    s["parse-pcr-out-of-range"] = agile((0xFFFFFFFF, EV_EFI_ACTION, b"windows"),
                                        (24, EV_EFI_ACTION, b"pcr24"))

    # ---- eventlog_specid.c ----
    def sid(data):
        return ev1(0, EV_NO_ACTION, data, bytes(20))

    s["specid-short-fixed-fields"] = sid(b"Spec ID Event03\0" + u32(0) + b"\x00\x02")
    s["specid-bad-version"] = sid(specid_data(A2, major=1, minor=2))
    s["specid-bad-uintn"] = sid(specid_data(A2, uintn=3))
    s["specid-no-algorithms"] = sid(specid_data([]))
    s["specid-too-many-algorithms"] = sid(specid_data(A2, nalgs=9))
    s["specid-algorithms-do-not-fit"] = sid(specid_data(A2, nalgs=3)[:-1])
    s["specid-duplicate-algorithm"] = sid(specid_data([(SHA1, 20), (SHA1, 20)]))
    s["specid-size-mismatch-sha256"] = sid(specid_data([(SHA256, 20)]))
    s["specid-size-zero-unknown"] = sid(specid_data([(0x7777, 0)]))
    s["specid-size-too-big-unknown"] = sid(specid_data([(0x7777, 65)]))
    s["specid-no-vendor-size"] = sid(specid_data(A2)[:-1])
    s["specid-vendor-size-mismatch"] = sid(specid_data(A2, vendor=b"abc")[:-1])
    s["specid-unknown-alg-1-byte"] = agile((1, EV_IPL, b"x"), algs=[(0x7777, 1)])

    # ---- eventlog_decode.c + eventlog_content.c ----
    spec00 = b"Spec ID Event00\0" + u32(0) + b"\x02\x01\x00\x02" + bytes(4)
    s["decode-no-action"] = agile(
        (0, EV_NO_ACTION, b"short"),
        (0, EV_NO_ACTION, spec00),
        (0, EV_NO_ACTION, b"Spec ID Event02\0\x00"),
        (0, EV_NO_ACTION, b"SP800-155 Event\0" + bytes(8)),
        (0, EV_NO_ACTION, loc + b"\x00"))
    s["decode-sha1-specid00"] = (ev1(0, EV_NO_ACTION, spec00, bytes(20)) +
                                 ev1(0, EV_SEPARATOR, bytes(4)))
    s["decode-separator-kinds"] = agile(
        (0, EV_SEPARATOR, bytes(4)), (1, EV_SEPARATOR, u32(1)), (2, EV_SEPARATOR, b"\xff" * 4),
        (12, EV_SEPARATOR, b"WBCL"), (3, EV_SEPARATOR, u32(2)), (4, EV_SEPARATOR, bytes(3)))
    s["decode-digest-mismatch"] = (
        agile() + ev2(7, EV_SEPARATOR, A2, bytes(4), wrong(A2)) +
        ev2(5, EV_ACTION, A2, b"Calling EFI Application", wrong(A2)) +
        ev2(4, EV_EFI_ACTION, A2, b"Exit Boot Services", wrong(A2)) +
        ev2(4, EV_EFI_BOOT_SERVICES_APPLICATION, A2, image(DP_END), wrong(A2)) +
        ev2(6, EV_EVENT_TAG, A2, u32(1) + u32(2) + b"ab", wrong(A2)) +
        ev2(0, EV_S_CRTM_VERSION, A2, utf16("v\0"), wrong(A2)) +
        ev2(5, EV_OMIT_BOOT_DEVICE_EVENTS, A2, b"omit", wrong(A2)) +
        ev2(5, EV_EFI_GPT_EVENT, A2, gpt(0), wrong(A2)))
    s["decode-strings"] = agile(
        (4, EV_EFI_ACTION, b"\x01\x02binary"),
        (5, EV_ACTION, b"text\0junk"),
        (5, EV_ACTION, b"text\0\0"),
        (8, EV_IPL, utf16("grub\0") + b"\x01\x00"),
        (8, EV_IPL, utf16("grub\0\0")),
        (8, EV_IPL, b"\x00\x00\x00\x00"),
        (8, EV_IPL, b"odd"),
        (8, EV_IPL, b"linux /vmlinuz\0"),
        (0, EV_EFI_HCRTM_EVENT, b"HCRTM"),
        (0, EV_S_CRTM_VERSION, utf16("1.2.3\0")),
        (0, EV_S_CRTM_VERSION, guid("11111111-2222-3333-4444-555555555555")),
        (0, EV_S_CRTM_VERSION, b"\x01\x02\x03"),
        (0, EV_POST_CODE, b"\x01" * 10),
        (0, EV_POST_CODE, u64(0xFFC00000) + u64(0x400000)),
        (0, EV_POST_CODE, b"POST CODE"),
        (0, EV_S_CRTM_CONTENTS, b"\x80" * 16))
    s["decode-blobs"] = agile(
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB, u64(0x800000) + u64(0x1000)),
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB, u64(0x800000)),
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, u8(8) + b"PEIFV\0\0\0" + u64(1) + u64(2)),
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, u8(40) + b"DXEFV"),
        (0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, b""),
        (1, EV_EFI_HANDOFF_TABLES, u64(1) + guid("eb9d2d31-2d88-11d3-9a16-0090273fc14d") +
         u64(0x7f000000)),
        (1, EV_EFI_HANDOFF_TABLES, b"\x01\x00"),
        (1, EV_EFI_HANDOFF_TABLES, u64(2) + bytes(24)),
        (1, EV_EFI_HANDOFF_TABLES2, u8(9) + b"SMBIOS3\0\0" + u64(0)),
        (1, EV_EFI_HANDOFF_TABLES2, u8(200) + b"x"),
        (1, EV_EFI_HANDOFF_TABLES2, b""),
        (5, EV_EFI_GPT_EVENT, gpt(2)),
        (5, EV_EFI_GPT_EVENT, gpt(1, sig=b"EFI PARX")),
        (5, EV_EFI_GPT_EVENT, gpt(0)[:50]),
        (5, EV_EFI_GPT_EVENT, gpt(1, entry_size=64)),
        (5, EV_EFI_GPT_EVENT, gpt(1, extra=b"\x00")),
        (5, 0x8000000D, gpt(3)),
        (6, EV_EVENT_TAG, u32(0x12) + u32(3) + b"abc"),
        (6, EV_EVENT_TAG, u32(0x12) + u32(9) + b"abc"),
        (6, EV_EVENT_TAG, b"\x01\x02"),
        (6, 0x0000000A, b"raw type"))

    x509 = b"\x30\x82\x00\x04abcd"
    pk = siglist(CERT_X509, [x509])
    db = (siglist(CERT_X509, [x509, x509[:4] + b"efgh"]) + siglist(CERT_SHA256, [b"\x01" * 32]) +
          siglist(CERT_SHA1, [b"\x02" * 20]) + siglist(CERT_RSA2048, [b"\x03" * 256]))
    s["decode-variables"] = agile(
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"\x00")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"\x01")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"\x02")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "SecureBoot", b"\x01\x01")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "PK", pk)),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "KEK", pk)),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(IMAGE_SECURITY, "db", db)),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(IMAGE_SECURITY, "dbx",
                                                    siglist(CERT_SHA256, [b"\x04" * 32] * 3))),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(IMAGE_SECURITY, "dbt", b"")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(IMAGE_SECURITY, "dbr", pk)),
        (1, EV_EFI_VARIABLE_BOOT, variable(GLOBAL, "BootOrder", u16(1) + u16(0))),
        (1, EV_EFI_VARIABLE_BOOT2, variable(GLOBAL, "Boot0001", b"\x01\x00\x00\x00")),
        (1, EV_EFI_VARIABLE_BOOT, variable(GLOBAL, "Boot00G1", b"")),
        (1, EV_EFI_VARIABLE_BOOT, variable(GLOBAL, "Boot000a", b"")),
        (1, EV_EFI_VARIABLE_BOOT, variable(GLOBAL, "BootXXXX", b"")),
        (1, EV_EFI_VARIABLE_BOOT, variable(IMAGE_SECURITY, "Boot0001", b"")),
        (14, EV_EFI_VARIABLE_AUTHORITY, variable(SHIM_LOCK, "MokList", pk)),
        (14, EV_EFI_VARIABLE_AUTHORITY, variable(SHIM_LOCK, "MokListX", b"")),
        (14, EV_EFI_VARIABLE_AUTHORITY, variable(SHIM_LOCK, "MokListTrusted", b"\x01")),
        (14, EV_EFI_VARIABLE_AUTHORITY, variable(SHIM_LOCK, "SbatLevel", b"sbat,1\n")),
        (7, EV_EFI_VARIABLE_AUTHORITY, variable(IMAGE_SECURITY, "db", x509) + bytes(6)),
        # UTF-16 names beyond ASCII: 2-, 3- and 4-byte UTF-8, unpaired surrogates.
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG,
         variable(GLOBAL, utf16("caf\u00e9\u4e2d\U0001f600") + u16(0xD800) + u16(0x41) +
                  u16(0xDC00) + u16(0xDBFF), b"")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, utf16("x") + u16(0xD801), b"")),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, GLOBAL + u64(1)),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "PK", b"", name_chars=1000)),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "PK", b"ab", data_len=1 << 40)))

    # Boot variables whose digest covers VariableData only (docs/eventlog.md 8).
    bo = variable(GLOBAL, "BootOrder", u16(3))
    s["decode-variable-data-digest"] = (
        agile() + ev2(1, EV_EFI_VARIABLE_BOOT, A2, bo, [digest(a, u16(3)) for a, _ in A2]) +
        ev2(7, EV_EFI_VARIABLE_AUTHORITY, A2, bo, [digest(a, u16(3)) for a, _ in A2]) +
        ev2(7, EV_EFI_VARIABLE_DRIVER_CONFIG, A2, bo, wrong(A2)))

    # Signature lists: every walker check (GHSA-9r4w-jg96-92mv: headers are skipped).
    def dbvar(data):
        return (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(IMAGE_SECURITY, "db", data))

    s["decode-siglists"] = agile(
        dbvar(siglist(CERT_X509, [x509], hdr=b"HDR!")),
        dbvar(pk + b"\x01\x02"),
        dbvar(siglist(CERT_X509, [x509], list_size=27)),
        dbvar(siglist(CERT_X509, [x509], list_size=500)),
        dbvar(siglist(CERT_SHA256, [b"\x01" * 32], sig_size=15)),
        dbvar(siglist(CERT_SHA256, [b"\x01" * 32], sig_size=47)),
        dbvar(CERT_SHA256 + u32(28) + u32(4) + u32(48)),
        dbvar(siglist(CERT_SHA1, [])),
        (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable(GLOBAL, "KEK", db)))

    # Device paths in image load events (UEFI 2.10, 10.3.1 and 10.3.5.4).
    hd = dp_node(0x04, 0x01, bytes(38))
    fp = dp_node(0x04, 0x04, utf16("\\EFI\\BOOT\\BOOTX64.EFI\0"))
    fp_odd = dp_node(0x04, 0x04, utf16("\\a\u00e9") + b"\x00")
    pci = dp_node(0x01, 0x01, b"\x00\x02")
    s["decode-images"] = agile(
        (4, EV_EFI_BOOT_SERVICES_APPLICATION, image(pci + hd + fp + DP_END)),
        (4, EV_EFI_BOOT_SERVICES_APPLICATION, image(fp + fp_odd + DP_END, trailing=b"\x00" * 3)),
        (4, EV_EFI_BOOT_SERVICES_APPLICATION, image(fp_odd + DP_END)),
        (2, EV_EFI_BOOT_SERVICES_DRIVER, image(b"")),
        (2, EV_EFI_BOOT_SERVICES_DRIVER, image(pci + b"\x7f\xff")),
        (2, EV_EFI_BOOT_SERVICES_DRIVER, image(dp_node(0x01, 0x01, b"", length=3) + DP_END)),
        (2, EV_EFI_RUNTIME_SERVICES_DRIVER, image(dp_node(0x01, 0x01, b"ab", length=40))),
        (2, EV_EFI_RUNTIME_SERVICES_DRIVER, image(pci + DP_END + pci)),
        (2, EV_EFI_RUNTIME_SERVICES_DRIVER, image(pci)),
        (2, EV_EFI_RUNTIME_SERVICES_DRIVER, image(DP_END, dp_len=100)),
        (2, EV_EFI_RUNTIME_SERVICES_DRIVER, u64(0x1000) + u64(5)))

    # uintnSize 1 (UINT32): image load and handoff tables use 4-byte UINTN fields.
    s["decode-uintn32"] = agile(
        (4, EV_EFI_BOOT_SERVICES_APPLICATION, image(fp + DP_END, uintn=4)),
        (4, EV_EFI_BOOT_SERVICES_APPLICATION, u64(0x1000) + u32(1) + u32(2)),
        (1, EV_EFI_HANDOFF_TABLES, u64(1) + bytes(16) + u32(0x7f000000)),
        (1, EV_EFI_HANDOFF_TABLES, u64(1) + bytes(24)),
        uintn=1)

    # Banks: SM3 only (nothing replayable), three banks, SHA-512, an unknown algorithm.
    s["banks-sm3-only"] = agile((0, EV_SEPARATOR, bytes(4)), (7, EV_EFI_ACTION, b"x"),
                                algs=[(SM3, 32)])
    a3 = [(SHA384, 48), (SHA1, 20), (SM3, 32)]
    s["banks-sha384-sha1-sm3"] = agile((0, EV_SEPARATOR, bytes(4)), (7, EV_EFI_ACTION, b"y"),
                                       algs=a3)
    s["banks-sha512-unknown"] = agile((0, EV_S_CRTM_VERSION, utf16("1\0")),
                                      (17, EV_EFI_ACTION, b"drtm"),
                                      algs=[(0x7777, 8), (SHA512, 64)])
    # A SHA-1 log with an H-CRTM event and a wrong separator digest.
    s["sha1-hcrtm-mismatch"] = (ev1(0, EV_EFI_HCRTM_EVENT, b"HCRTM") +
                                ev1(0, EV_SEPARATOR, bytes(4), b"\x99" * 20) +
                                ev1(0, EV_NO_ACTION, b"\x00" * 20) + b"\xff" * 7)
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "eventlog")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(seeds().items()):
        with open(os.path.join(out, "gen-" + name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
