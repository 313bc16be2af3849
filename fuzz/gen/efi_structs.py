#!/usr/bin/env python3
"""Generates fuzz/corpus/efi_structs/: the bare UEFI structures that fuzz/efi_structs.c feeds
to every reader of src/eventlog/efi_structs.c (device paths, UEFI 2.10 10.3; signature
lists, 32.4.1; UTF-16LE text; GUIDs in text and binary form). Hand-built, field by field,
with the helpers of fuzz/gen/eventlog.py; nothing comes from ../shared.

Usage: fuzz/gen/efi_structs.py [OUTDIR]   (default fuzz/corpus/efi_structs)
Deterministic: running it twice writes the same bytes.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eventlog as el  # noqa: E402


def seeds():
    s = {}
    fp = el.dp_node(0x04, 0x04, el.utf16("\\EFI\\BOOT\\BOOTX64.EFI\0"))
    pci = el.dp_node(0x01, 0x01, b"\x00\x02")
    hd = el.dp_node(0x04, 0x01, bytes(38))
    s["dp-pci-hd-file"] = pci + hd + fp + el.DP_END
    s["dp-two-files-odd-length"] = el.dp_node(0x04, 0x04, b"a\x00b") + fp + el.DP_END
    s["dp-end-only"] = el.DP_END
    s["dp-end-instance-then-end"] = pci + el.dp_node(0x7F, 0x01, b"") + pci + el.DP_END
    s["dp-truncated-header"] = pci + b"\x7f\xff"
    s["dp-length-below-header"] = el.dp_node(0x01, 0x01, b"", length=3) + el.DP_END
    s["dp-length-past-end"] = el.dp_node(0x01, 0x01, b"ab", length=40)
    s["dp-bytes-after-end"] = pci + el.DP_END + b"\x00"
    s["dp-no-end-node"] = pci + hd

    x509 = b"\x30\x82\x00\x04abcd"
    s["sig-x509"] = el.siglist(el.CERT_X509, [x509, x509])
    s["sig-chain-all-types"] = (el.siglist(el.CERT_X509, [x509], hdr=b"HDR!") +
                                el.siglist(el.CERT_SHA256, [b"\x01" * 32] * 2) +
                                el.siglist(el.CERT_SHA1, [b"\x02" * 20]) +
                                el.siglist(el.CERT_RSA2048, [b"\x03" * 32]))
    s["sig-empty-list"] = el.siglist(el.CERT_SHA1, [])
    s["sig-truncated-header"] = el.siglist(el.CERT_X509, [x509]) + el.CERT_SHA256 + b"\x01"
    s["sig-list-size-below-header"] = el.siglist(el.CERT_X509, [x509], list_size=27)
    s["sig-list-size-past-end"] = el.siglist(el.CERT_X509, [x509], list_size=500)
    s["sig-size-below-guid"] = el.siglist(el.CERT_SHA256, [b"\x01" * 32], sig_size=15)
    s["sig-size-not-a-divisor"] = el.siglist(el.CERT_SHA256, [b"\x01" * 32], sig_size=47)
    s["sig-header-past-list"] = el.CERT_SHA256 + el.u32(28) + el.u32(4) + el.u32(48)

    s["utf16-ascii-nul-padded"] = el.utf16("SecureBoot\0\0")
    s["utf16-secureboot"] = el.utf16("SecureBoot")
    s["utf16-nul-then-text"] = el.utf16("db\0x")
    s["utf16-non-ascii"] = el.utf16("caf\u00e9 \u4e2d \U0001f600")
    s["utf16-unpaired-surrogates"] = (el.utf16("a") + el.u16(0xD800) + el.u16(0x41) +
                                      el.u16(0xDC00) + el.u16(0xDBFF))
    s["utf16-leading-nul"] = el.utf16("\0a")
    s["utf16-odd-length"] = el.utf16("abc") + b"d"
    s["ascii-text"] = b"Exit Boot Services Invocation\0\0"
    s["ascii-text-then-junk"] = b"text\0junk"
    s["ascii-control"] = b"\x01\x02\x03"
    s["guid-text-lower"] = b"8be4df61-93ca-11d2-aa0d-00e098032b8c"
    s["guid-text-upper"] = b"D719B2CB-3D3A-4596-A3BC-DAD00E67656F"
    s["guid-text-bad-dash"] = b"8be4df61x93ca-11d2-aa0d-00e098032b8c"
    s["guid-text-bad-hex"] = b"8be4df61-93ca-11d2-aa0d-00e098032bxc"
    s["guid-text-too-long"] = b"8be4df61-93ca-11d2-aa0d-00e098032b8c0"
    s["guid-binary"] = el.SHIM_LOCK
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "efi_structs")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(seeds().items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
