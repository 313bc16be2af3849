#!/usr/bin/env python3
"""Checks a PEM CA bundle whose every certificate is named by its fingerprint.

Each certificate must be preceded, since the previous one, by exactly one
"# SHA-256: AA:BB:..." comment equal to the SHA-256 of its DER bytes, and by a
"# source: mozilla/NAME.crt" comment; outside certificates only comments and
blank lines are allowed (so no certificate can hide unnamed), and no
certificate may appear twice. With --debian DIR (Debian's
/usr/share/ca-certificates) each certificate must also be byte for byte
(DER) the named file there. Exit 0 and one line per certificate, else exit 1
with the first problem. Python standard library only.

Usage: ca_bundle_check.py [--debian DIR] BUNDLE
"""

import base64
import binascii
import hashlib
import os
import re
import sys

BEGIN = "-----BEGIN CERTIFICATE-----"
END = "-----END CERTIFICATE-----"


def fingerprint(der):
    return ":".join("%02X" % b for b in hashlib.sha256(der).digest())


def pem_der(text):
    """DER of the first certificate in a PEM file's text."""
    m = re.search(re.escape(BEGIN) + r"(.*?)" + re.escape(END), text, re.S)
    if not m:
        raise ValueError("no certificate")
    return base64.b64decode("".join(m.group(1).split()), validate=True)


def check(path, debian):
    with open(path, encoding="ascii") as f:
        lines = f.read().splitlines()
    certs, comments, body, seen = [], [], None, set()
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (path, n)
        if body is not None:
            if line == END:
                try:
                    der = base64.b64decode("".join(body), validate=True)
                except binascii.Error:
                    return "%s: certificate is not base64" % where
                fps = [c.split(":", 1)[1].strip() for c in comments if c.startswith("# SHA-256:")]
                srcs = [c.split(":", 1)[1].strip() for c in comments if c.startswith("# source:")]
                if len(fps) != 1 or len(srcs) != 1:
                    return "%s: want one '# SHA-256:' and one '# source:' comment before it" % where
                if fps[0] != fingerprint(der):
                    return "%s: comment says SHA-256 %s, certificate is %s" % (where, fps[0], fingerprint(der))
                if der in seen:
                    return "%s: certificate %s appears twice" % (where, fps[0])
                seen.add(der)
                if debian is not None:
                    ref = os.path.join(debian, srcs[0])
                    try:
                        with open(ref, encoding="ascii") as f:
                            ref_der = pem_der(f.read())
                    except (OSError, ValueError) as e:
                        return "%s: %s: %s" % (where, ref, e)
                    if ref_der != der:
                        return "%s: certificate differs from %s" % (where, ref)
                certs.append("%s %s" % (fps[0], srcs[0]))
                body, comments = None, []
            else:
                body.append(line)
        elif line == BEGIN:
            body = []
        elif line.startswith("#"):
            comments.append(line)
        elif line.strip():
            return "%s: text outside a certificate that is not a comment" % where
    if body is not None:
        return "%s: certificate without END line" % path
    if not certs:
        return "%s: no certificate" % path
    for c in certs:
        print(c)
    return None


def main():
    args = sys.argv[1:]
    debian = None
    if len(args) == 3 and args[0] == "--debian":
        debian, args = args[1], args[2:]
    if len(args) != 1:
        sys.exit("usage: ca_bundle_check.py [--debian DIR] BUNDLE")
    problem = check(args[0], debian)
    if problem:
        sys.stderr.write("ca-bundle: %s\n" % problem)
        sys.exit(1)


if __name__ == "__main__":
    main()
