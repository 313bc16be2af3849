#!/usr/bin/env python3
"""Evidence bundles for test/unit/test_evidence_verify.c (committed output in test/data/evidence/;
re-run only to change them). Each file is a PEM root bundle, a NUL byte, then the bundle JSON,
built by the World of fuzz/gen/attest_evidence_verify.py: a test root (and intermediate), an AK
certified by it (valid 2025-01-01 .. 2030-01-01; the tests verify at 2026-01-01), quotes and
certifications signed by that AK. usage: make_evidence_fixtures.py [OUTDIR]"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "fuzz", "gen"))
import attest_evidence_verify as g  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "evidence")
os.makedirs(out, exist_ok=True)
w = g.World()
ak_n = g.nbytes(w.ak)


def put(fname, mut=None, sel=g.ALL8, world=w):
    world.write(fname, mut, sel=sel, out=out)


put("ok-no-hcl")
put("ok-hcl-snp", {"hcl": g.hcl(ak_n)})
put("ok-hcl-tdx", {"hcl": g.hcl(ak_n, report_type=4)})
g.pcr_relabel_attack(w, out=out)
put("quote-pcrs-0-9", sel=tuple(range(10)))
put("quote-pcrs-0-9-log-pcr9-differs", {"extends": [(p, b"event %d" % p) for p in range(9)],
                                       "pcr_values": g.replay([(p, b"event %d" % p)
                                                               for p in range(10)])},
    sel=tuple(range(10)))
put("quote-pcr0-only", sel=(0,))
put("bundle-selection-wider-than-quote", {"bundle_sel": tuple(range(9))})
put("nonce-empty", {"nonce": b""})
put("nonce-16-bytes", {"nonce": b"\x6e" * 16})
put("certify-other-reset-count", {"certify_reset": 2})
put("certify-other-restart-count", {"certify_restart": 1})
put("certify-other-firmware", {"certify_fw": 0x20001})
put("certify-other-signer", {"certify_signer": b"\x00\x0b" + b"\x44" * 32})
put("log-differs-on-all-8", {"eventlog_bytes": g.eventlog([(p, b"other %d" % p)
                                                           for p in range(8)])})
put("chain-1024-bit-intermediate", world=g.World(inter_bits=1024))
put("chain-2048-bit-intermediate", world=g.World(inter_bits=2048))
