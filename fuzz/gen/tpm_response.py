#!/usr/bin/env python3
"""Regenerates fuzz/corpus/tpm_response/ (seeds of fuzz/tpm_response.c).

1. Starts the Azure-like swtpm fixture (test/tpm/swtpm-fixture.sh; PCRs extended from the
   project's own hand-built event log fuzz/corpus/eventlog/agile-basic), builds
   fuzz/gen/tpm_response_gen.c and records the TPM's responses for each scenario.
2. Derives error seeds from those recordings: the sequence cut at each command with a chosen
   answer (TPM failure, TPM_RC_HANDLE, TPM_RC_RETRY, TCTI I/O error), and edited responses
   for the checks tpm_collect.c makes on successful answers (NV buffer size property, NV size
   cap, short NV read, PCR_Read inconsistencies, signature algorithm).

Input format (see fuzz/tpm_response.c): steps byte, options byte, responses as big-endian u16
length + bytes. Usage: fuzz/gen/tpm_response.py [--build build-dir] [--out dir]
(run from the repository root; needs swtpm, tpm2-tools, clang and `make host-deps`).
"""
import argparse
import glob
import os
import shutil
import struct
import subprocess
import sys
import tempfile

STEP_READ_PUBLIC, STEP_NV_AK_CERT, STEP_NV_HCL, STEP_PCR_READ = 1, 2, 4, 8
STEP_QUOTE, STEP_CERTIFY, STEP_DECRYPT = 16, 32, 64
OPT_OAEP, OPT_TINY_BUFS, OPT_BAD_ARGS = 1, 2, 4
OPT_TCTI_INIT_FAIL, OPT_TCTI_BROKEN, OPT_BAD_SPEC = 32, 64, 128
TAIL = {"fail": 0, "handle": 1, "retry": 2, "io": 3}  # options bits 3-4
TPM_RC_INITIALIZE_OK = bytes.fromhex("80010000000a00000000")  # Startup answered RC_SUCCESS


def parse(path):
    d = open(path, "rb").read()
    recs, o = [], 2
    while o + 2 <= len(d):
        (n,) = struct.unpack_from(">H", d, o)
        recs.append(bytearray(d[o + 2:o + 2 + n]))
        o += 2 + n
    return d[0], d[1], recs


def fix_size(r):
    """Response header size field (TPM 2.0 Part 1 18.6) = actual length."""
    struct.pack_into(">I", r, 2, len(r))
    return r


def write(out, name, steps, opts, recs):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([steps, opts]))
        for r in recs:
            f.write(struct.pack(">H", len(r)) + bytes(r))


def record(build, deps, rec_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    fx = tempfile.mkdtemp(prefix="tpm_response_fx.")
    gen = os.path.join(fx, "tpm_response_gen")
    subprocess.run(["make", "-s", "B=" + build, build + "/gen/build_info.h"], check=True)
    srcs = sorted(s for s in glob.glob("src/*/*.c") if s != "src/cli/main.c")
    subprocess.run(["clang", "-std=c11", "-D_DEFAULT_SOURCE", "-D_POSIX_C_SOURCE=200809L",
                    "-O1", "-g", "-Isrc", "-I" + build + "/gen", "-I" + deps + "/include",
                    "-DATTEST_HOST_BUILD", "-o", gen, "fuzz/gen/tpm_response_gen.c", *srcs,
                    "-L" + deps + "/lib", "-ltss2-esys", "-ltss2-sys", "-ltss2-tcti-swtpm",
                    "-ltss2-tcti-device", "-ltss2-mu", "-ltss2-rc", "-lcurl", "-lbearssl",
                    "-lpthread"], check=True)
    fixture = os.path.join(root, "test/tpm/swtpm-fixture.sh")
    log = os.path.join(root, "fuzz/corpus/eventlog/agile-basic")
    try:
        tcti = subprocess.run(["sh", fixture, "start", fx + "/tpm", log], check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
        conf = tcti.split(":", 1)[1]
        subprocess.run([gen, conf, rec_dir], check=True)
    finally:
        subprocess.run(["sh", fixture, "stop", fx + "/tpm"], check=False)
        shutil.rmtree(fx, ignore_errors=True)


def derive(rec, out):
    s = {n: parse(os.path.join(rec, n)) for n in os.listdir(rec)}
    for n, (steps, opts, recs) in s.items():
        write(out, n, steps, opts, recs)

    def err(rc):
        return bytearray(bytes.fromhex("80010000000a") + struct.pack(">I", rc))

    # Cut each single-step sequence at every command (record 0 is TPM2_Startup).
    for n in ("read-public", "nv-ak-cert", "pcr-read", "quote", "certify", "decrypt-oaep"):
        steps, opts, recs = s[n]
        for i in range(1, len(recs)):
            write(out, "%s-fail-at-%d" % (n, i), steps, opts | TAIL["fail"] << 3, recs[:i])
        write(out, n + "-missing", steps, opts | TAIL["handle"] << 3, recs[:1])
    steps, opts, recs = s["quote"]
    write(out, "quote-busy", steps, opts | TAIL["retry"] << 3, recs[:2])
    write(out, "quote-unreachable", steps, opts | TAIL["io"] << 3, recs[:2])
    # TPM2_Startup: refused; answered with success instead of TPM_RC_INITIALIZE.
    write(out, "startup-fails", 0x7F, 0, [])
    write(out, "startup-success", STEP_QUOTE, 0, [TPM_RC_INITIALIZE_OK] + s["quote"][2][1:])
    write(out, "tcti-init-fails", 0x7F, OPT_TCTI_INIT_FAIL, [])
    write(out, "tcti-broken", 0x7F, OPT_TCTI_BROKEN, [])
    write(out, "tcti-bad-spec", 0x7F, OPT_BAD_SPEC, [])

    # NV: [Startup, NV_ReadPublic (TR), GetCapability, NV_ReadPublic, NV_Read, NV_Read].
    steps, opts, recs = s["nv-ak-cert"]
    # GetCapability: hdr 10, moreData 1, capability 4, count 4 @15, property 4 @19, value @23.
    for name, off, val in (("count-0", 15, 0), ("wrong-property", 19, 0x100),
                           ("value-0", 23, 0), ("value-huge", 23, 0xFFFF)):
        r = [bytearray(x) for x in recs]
        struct.pack_into(">I", r[2], off, val)
        write(out, "nv-getcap-" + name, steps, opts, r)
    # NV_ReadPublic: hdr 10, size 2, nvIndex 4, nameAlg 2, attributes 4, authPolicy 2+n, dataSize.
    for name, val in (("too-large", 8193), ("empty", 0)):
        r = [bytearray(x) for x in recs]
        (pol,) = struct.unpack_from(">H", r[3], 22)
        struct.pack_into(">H", r[3], 24 + pol, val)
        write(out, "nv-size-" + name, steps, opts, r)
    # NV_Read: hdr 10, parameterSize 4, TPM2B size 2 @14, data @16, auth area.
    r = [bytearray(x) for x in recs]
    (n,) = struct.unpack_from(">H", r[4], 14)
    del r[4][16 + n - 1]
    struct.pack_into(">H", r[4], 14, n - 1)
    struct.pack_into(">I", r[4], 10, n + 1)
    write(out, "nv-read-short", steps, opts, [fix_size(x) for x in r])
    r = [bytearray(x) for x in recs]
    r[4][16] = 0x04
    write(out, "nv-not-der", steps, opts, r)
    r = [bytearray(x) for x in recs]
    (n,) = struct.unpack_from(">H", r[5], 14)
    r[5][16 + n - 1] = 0x01
    write(out, "nv-trailing-garbage", steps, opts, r)

    # PCR_Read: hdr 10, counter 4, selection count 4 @14, hash 2 @18, sizeofSelect 1 @20,
    # select 3, digest count 4 @24, digests (2 + 32 each).
    steps, opts, recs = s["pcr-read"]
    r = [bytearray(x) for x in recs]
    struct.pack_into(">H", r[1], 18, 0x0004)
    write(out, "pcr-wrong-bank", steps, opts, r)
    r = [bytearray(x) for x in recs]
    struct.pack_into(">I", r[1], 24, 7)
    del r[1][len(r[1]) - 34:]
    write(out, "pcr-digest-missing", steps, opts, [fix_size(x) for x in r])
    r = [bytearray(x) for x in recs]
    struct.pack_into(">H", r[1], 28, 20)
    del r[1][30 + 20:30 + 32]
    write(out, "pcr-digest-sha1-size", steps, opts, [fix_size(x) for x in r])
    write(out, "pcr-repeated-answer", steps, opts, [recs[0], recs[1], recs[1], recs[3]])
    r = [bytearray(x) for x in recs]
    r[1][21:24] = b"\x00\x00\x00"
    write(out, "pcr-nothing-selected", steps, opts, r)

    # Quote / Certify: hdr 10, parameterSize 4, TPM2B_ATTEST 2+n @14, sigAlg, hash, ...
    for n, idx in (("quote", 2), ("certify", 3)):
        steps, opts, recs = s[n]
        for name, field, val in (("sig-rsapss", 0, 0x0016), ("sig-sha1", 2, 0x0004)):
            r = [bytearray(x) for x in recs]
            (a,) = struct.unpack_from(">H", r[idx], 14)
            struct.pack_into(">H", r[idx], 16 + a + field, val)
            write(out, "%s-%s" % (n, name), steps, opts, r)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default="fuzz/corpus/tpm_response")
    ap.add_argument("--recorded", help="use these recordings instead of running swtpm")
    a = ap.parse_args()
    deps = sorted(glob.glob(os.path.expanduser("~/.cache/attest-init/deps-*/host/.done")),
                  key=os.path.getmtime)
    if not deps:
        sys.exit("tpm_response.py: no host deps: run make host-deps")
    rec = a.recorded or tempfile.mkdtemp(prefix="tpm_response_rec.")
    try:
        if not a.recorded:
            record(a.build, os.path.dirname(deps[-1]), rec)
        os.makedirs(a.out, exist_ok=True)
        for f in os.listdir(a.out):
            os.remove(os.path.join(a.out, f))
        derive(rec, a.out)
    finally:
        if not a.recorded:
            shutil.rmtree(rec, ignore_errors=True)


if __name__ == "__main__":
    main()
