#!/usr/bin/env python3
"""Prints the SHA-256 extends of a crypto-agile TCG event log, one "PCR HEX" line per event
that is extended (not EV_NO_ACTION) into PCRs 0-7, in log order. Written independently of
src/eventlog so that the swtpm fixture does not check the product against itself.
Exits 3 when the log needs a non-zero StartupLocality or an H-CRTM (swtpm cannot start so)."""
import struct
import sys

EV_NO_ACTION = 3
EV_EFI_HCRTM_EVENT = 0x80000010
data = open(sys.argv[1], "rb").read()
off = 0
pcr, etype = struct.unpack_from("<II", data, off)
off += 8 + 20
(size,) = struct.unpack_from("<I", data, off)
off += 4
spec = data[off:off + size]
off += size
assert spec[:16] == b"Spec ID Event03\0", "not a crypto-agile log"
(nalg,) = struct.unpack_from("<I", spec, 24)
sizes = {}
for i in range(nalg):
    alg, dsz = struct.unpack_from("<HH", spec, 28 + 4 * i)
    sizes[alg] = dsz
assert 0x000B in sizes, "no sha256 bank"
out = []
while off < len(data):
    if all(b == 0 for b in data[off:]) or all(b == 0xFF for b in data[off:]):
        break
    pcr, etype, count = struct.unpack_from("<III", data, off)
    off += 12
    digest = None
    for _ in range(count):
        (alg,) = struct.unpack_from("<H", data, off)
        off += 2
        if alg == 0x000B:
            digest = data[off:off + 32]
        off += sizes[alg]
    (esize,) = struct.unpack_from("<I", data, off)
    off += 4
    edata = data[off:off + esize]
    off += esize
    if etype == EV_NO_ACTION:
        if edata.startswith(b"StartupLocality\0") and edata[16] != 0:
            sys.exit(3)
        continue
    if etype == EV_EFI_HCRTM_EVENT:
        sys.exit(3)
    if pcr <= 7:
        out.append("%d %s" % (pcr, digest.hex()))
print("\n".join(out))
