#!/usr/bin/python3
"""Seeds for fuzz/evidence_bundle.c (evidence_read): a small well-formed bundle with synthetic
byte strings, and one variant per check of src/attest/evidence_bundle.c (wrong type, oversize,
bad base64, bad PCR block, unknown / missing member, ...). Nothing here comes from ../shared.

Usage: fuzz/gen/attest_evidence_bundle.py [OUTDIR]   (default fuzz/corpus/evidence_bundle)"""
import base64
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/evidence_bundle"


def b64(data):
    return base64.b64encode(data).decode()


def pcr(i):
    return {"index": i, "digest": b64(bytes([i]) * 32)}


def base(sel=(0, 1, 2, 7)):
    """A bundle evidence_read() accepts (member order as evidence_write() emits it)."""
    return {
        "format": "attest-init-evidence", "version": 1, "created": 1767225600,
        "tcti": "swtpm:host=127.0.0.1,port=2321", "ak_handle": 0x81000003,
        "ak_cert_index": 0x01C101D0, "ak_pub": b64(b"\x00\x01\x02"), "ak_cert": b64(b"\x30\x00"),
        "nonce": b64(b"n" * 32), "quote": b64(b"\xff\x54\x43\x47"),
        "quote_signature": b64(b"s" * 16), "pcr_bank": "sha256", "pcr_selection": list(sel),
        "pcrs": [pcr(i) for i in sel], "eventlog": None, "enc_key_pub": b64(b"k"),
        "enc_key_certify_info": b64(b"c"), "enc_key_certify_signature": b64(b"s"),
        "hcl_report": None,
    }


def write(name, doc):
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc, separators=(",", ":"))
    if isinstance(text, str):
        text = text.encode()
    with open(os.path.join(OUT, name + ".json"), "wb") as f:
        f.write(text)


def variant(name, **changes):
    d = base()
    for k, v in changes.items():
        if v is DROP:
            del d[k]
        else:
            d[k] = v
    write(name, d)


DROP = object()


def main():
    os.makedirs(OUT, exist_ok=True)
    # Accepted bundles: PCR runs and singles, all 24, one; event log and HCL report present.
    write("ok-minimal", base())
    write("ok-one-pcr", base((23,)))
    write("ok-all-pcrs", base(tuple(range(24))))
    write("ok-runs", base((0, 1, 2, 3, 5, 6, 9, 10, 11, 20)))
    variant("ok-eventlog-hcl", eventlog=b64(b"\x00" * 40), hcl_report=b64(b"HCLA" + b"\x00" * 28))
    variant("ok-empty-fields", ak_pub="", eventlog="", hcl_report="")
    d = base()
    d["pcrs"] = list(reversed(d["pcrs"]))  # pcrs in any order
    write("ok-pcrs-reversed", d)
    # Document level.
    write("not-json", "{\"format\":")
    write("not-object", "[1,2,3]")
    write("empty-object", "{}")
    variant("unknown-member", extra=1)
    d = base()
    d["a_member_name_longer_than_31_bytes_x"] = 1
    write("member-name-too-long", d)
    write("member-name-with-nul", json.dumps(base())[:-1] + ",\"ak\\u0000\":1}")
    # Fixed members.
    variant("format-wrong", format="attest-init-evidence-v2")
    variant("format-not-string", format=1)
    variant("version-2", version=2)
    variant("version-string", version="1")
    variant("version-over-u32", version=2**33)
    variant("created-negative", created=-1)
    variant("created-string", created="now")
    variant("tcti-number", tcti=5)
    variant("tcti-too-long", tcti="x" * 300)
    variant("ak-handle-over-u32", ak_handle=2**32)
    variant("ak-handle-fraction", ak_handle=1.5)
    variant("ak-cert-index-string", ak_cert_index="0x01C101D0")
    variant("pcr-bank-sha1", pcr_bank="sha1")
    variant("pcr-bank-number", pcr_bank=256)
    # PCR selection and values.
    variant("pcr-selection-object", pcr_selection={"0": 1})
    variant("pcr-selection-descending", pcr_selection=[2, 1, 0, 7])
    variant("pcr-selection-duplicate", pcr_selection=[0, 0, 1, 2, 7])
    variant("pcr-selection-24", pcr_selection=[0, 1, 2, 24])
    variant("pcr-selection-string", pcr_selection=["0"])
    variant("pcr-selection-empty", pcr_selection=[], pcrs=[])
    variant("pcrs-object", pcrs={"index": 0})
    variant("pcrs-element-number", pcrs=[0, pcr(1), pcr(2), pcr(7)])
    variant("pcrs-element-three-members",
            pcrs=[dict(pcr(0), extra=1), pcr(1), pcr(2), pcr(7)])
    variant("pcrs-element-no-index", pcrs=[{"idx": 0, "digest": pcr(0)["digest"]}] +
            [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-element-index-string",
            pcrs=[{"index": "0", "digest": pcr(0)["digest"]}] + [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-element-no-digest", pcrs=[{"index": 0, "value": pcr(0)["digest"]}] +
            [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-element-index-24", pcrs=[pcr(0), pcr(1), pcr(2), pcr(7), pcr(24)])
    variant("pcrs-element-index-over-u32",
            pcrs=[{"index": 2**32, "digest": pcr(0)["digest"]}] + [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-element-duplicate", pcrs=[pcr(0), pcr(1), pcr(2), pcr(7), pcr(7)])
    variant("pcrs-digest-short", pcrs=[{"index": 0, "digest": b64(b"\x00" * 20)}] +
            [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-digest-bad-base64", pcrs=[{"index": 0, "digest": "!" * 44}] +
            [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-digest-too-long", pcrs=[{"index": 0, "digest": b64(b"\x00" * 48)}] +
            [pcr(i) for i in (1, 2, 7)])
    variant("pcrs-fewer-than-selection", pcrs=[pcr(0), pcr(1), pcr(2)])
    variant("pcrs-more-than-selection", pcrs=[pcr(0), pcr(1), pcr(2), pcr(7), pcr(8)])
    variant("pcrs-missing", pcrs=DROP)
    # Byte-string fields: wrong type, null where not nullable, oversize, bad base64.
    variant("ak-pub-number", ak_pub=1)
    variant("ak-cert-null", ak_cert=None)
    variant("nonce-string-over-cap", nonce=b64(b"n" * 100))
    variant("nonce-decoded-over-cap", nonce=b64(b"n" * 66))
    variant("nonce-bad-base64", nonce="bm9uY2U*")
    variant("nonce-unpadded", nonce="bm9uY2U")
    variant("nonce-url-alphabet", nonce="-_-_")
    write("quote-escaped-nul", json.dumps(base()).replace('"/1RDRw=="', '"AA\\u0000A"'))
    variant("eventlog-number", eventlog=0)
    variant("eventlog-bad-base64", eventlog="====")
    variant("hcl-report-array", hcl_report=[])
    variant("enc-key-certify-signature-object", enc_key_certify_signature={})
    # Each member missing in turn.
    for k in base():
        variant("missing-" + k.replace("_", "-"), **{k: DROP})


if __name__ == "__main__":
    main()
