#!/usr/bin/python3
"""Seeds for fuzz/base64.c: one input per acceptance or rejection branch of
src/jose/base64.c (RFC 4648 sections 3.5, 4, 5; RFC 7515 section 2), for
both variants (the harness decodes every input as each). Writes
fuzz/corpus/base64/gen-*. Deterministic. Run: /usr/bin/python3 fuzz/gen/jose_base64.py
"""
import jose_common as jc

SEEDS = {
    "len-1": b"A",
    "len-5": b"QUJDR",
    "len-2-canonical": b"QQ",
    "len-2-noncanonical": b"QR",
    "len-3-canonical": b"QUI",
    "len-3-noncanonical": b"QUJ",
    "pad-2": b"QQ==",
    "pad-1": b"QUI=",
    "pad-2-noncanonical": b"QR==",
    "pad-1-noncanonical": b"QUJ=",
    "pad-3": b"Q===",
    "pad-4": b"====",
    "pad-middle": b"QQ=A",
    "pad-then-quantum": b"QQ==QUJD",
    "pad-url-2": b"QUI=",
    "ws-space": b"QU JD",
    "ws-newline": b"QUJD\nQUJD",
    "alpha-std": b"+/+/",
    "alpha-url": b"-_-_",
    "alpha-mixed": b"+_-/",
    "non-ascii": b"QU\xc3\xa9",
    "nul": b"QU\x00D",
    "all-sextets": b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_AA",
    "binary": bytes(range(256)),
}


def main():
    jc.write_corpus("base64", SEEDS)


if __name__ == "__main__":
    main()
