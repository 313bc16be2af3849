"""The emulator's own replay of a crypto-agile TCG event log (SHA-256 bank) and the boot facts
its policy reads. Pure: bytes in, results out, Malformed on anything that does not parse.
From TCG PC Client Platform Firmware Profile (PFP) 1.05 section 10; shares nothing with the C
product's parser.
"""
import hashlib
import struct
from collections import namedtuple

EV_NO_ACTION = 0x00000003
EV_SEPARATOR = 0x00000004
EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001
EV_EFI_ACTION = 0x80000007
EV_EFI_HCRTM_EVENT = 0x80000010
SHA256 = 0x000B
MAX_EVENTS = 20000
MAX_EVENT_DATA = 1 << 20
MAX_ALGS = 8
EFI_GLOBAL_VARIABLE = bytes.fromhex("61dfe48bca93d211aa0d00e098032b8c")  # 8be4df61-93ca-11d2-...

Replay = namedtuple("Replay", "pcrs events")  # pcrs: {index: 32 bytes}; events: list of Event
Event = namedtuple("Event", "pcr type sha256 data")
BootFacts = namedtuple("BootFacts", "secure_boot debug_mode")


class Malformed(ValueError):
    """A log that does not parse; the message says where."""


def _u32(data, off, what):
    if len(data) - off < 4:
        raise Malformed("event log: %s truncated at offset %d" % (what, off))
    return struct.unpack_from("<I", data, off)[0]


def replay(data):
    """Replays every bank-SHA-256 extend into PCRs 0-23 (PFP 10.2: TCG_PCR_EVENT header with
    the Spec ID Event03, then TCG_PCR_EVENT2 records). An empty log replays to the reset values."""
    pcrs = {i: bytes(32) for i in range(24)}
    if not data:
        return Replay(pcrs, [])
    # PFP 10.2.1: the first event is in the SHA-1 format: pcr, type, digest[20], size, data.
    if _u32(data, 4, "first event type") != EV_NO_ACTION:
        raise Malformed("event log: first event is not EV_NO_ACTION")
    size = _u32(data, 28, "Spec ID event size")
    spec = data[32:32 + size]
    if len(spec) != size or size < 29 or spec[:16] != b"Spec ID Event03\0":
        raise Malformed("event log: no Spec ID Event03 (not a crypto-agile log)")
    # PFP 10.2.1.1 TCG_EfiSpecIDEvent: numberOfAlgorithms, then (algorithmId, digestSize) pairs.
    nalg = struct.unpack_from("<I", spec, 24)[0]
    if nalg == 0 or nalg > MAX_ALGS or 28 + 4 * nalg > size:
        raise Malformed("event log: Spec ID event lists %d algorithms" % nalg)
    sizes = dict(struct.unpack_from("<HH", spec, 28 + 4 * i) for i in range(nalg))
    if SHA256 not in sizes or sizes[SHA256] != 32:
        raise Malformed("event log: no SHA-256 bank")
    off = 32 + size
    events = []
    while off < len(data):
        rest = data[off:]
        if rest.count(0) == len(rest) or rest.count(0xFF) == len(rest):
            break  # firmware pads the log area with 0x00 or 0xFF
        if len(events) >= MAX_EVENTS:
            raise Malformed("event log: over %d events" % MAX_EVENTS)
        pcr, etype = _u32(data, off, "pcrIndex"), _u32(data, off + 4, "eventType")
        count = _u32(data, off + 8, "digests.count")
        off += 12
        if count != nalg:
            raise Malformed("event log: event at %d has %d digests, want %d" % (off, count, nalg))
        digest = None
        for _ in range(count):
            if len(data) - off < 2:
                raise Malformed("event log: digest truncated at offset %d" % off)
            alg = struct.unpack_from("<H", data, off)[0]
            if alg not in sizes:
                raise Malformed("event log: digest alg 0x%04x not in Spec ID" % alg)
            if len(data) - off - 2 < sizes[alg]:
                raise Malformed("event log: digest truncated at offset %d" % off)
            if alg == SHA256:
                digest = data[off + 2:off + 34]
            off += 2 + sizes[alg]
        esize = _u32(data, off, "eventSize")
        off += 4
        if esize > MAX_EVENT_DATA or len(data) - off < esize:
            raise Malformed("event log: event data truncated at offset %d" % off)
        edata = data[off:off + esize]
        off += esize
        if pcr > 23 and etype != EV_NO_ACTION:
            raise Malformed("event log: PCR %d" % pcr)
        if etype == EV_EFI_HCRTM_EVENT:
            raise Malformed("event log: H-CRTM events are not supported by the emulator")
        if etype == EV_NO_ACTION:
            # PFP 10.4.5.3: StartupLocality sets PCR 0's initial value to the locality.
            if edata[:16] == b"StartupLocality\0" and len(edata) == 17 and pcr == 0:
                pcrs[0] = bytes(31) + edata[16:17]
            continue
        pcrs[pcr] = hashlib.sha256(pcrs[pcr] + digest).digest()
        events.append(Event(pcr, etype, digest, edata))
    return Replay(pcrs, events)


def _variable(edata):
    """UEFI_VARIABLE_DATA (PFP 10.3.3.7): GUID, name length, data length, UTF-16 name, data."""
    if len(edata) < 32:
        return None
    nlen, dlen = struct.unpack_from("<QQ", edata, 16)
    if nlen > 512 or dlen > MAX_EVENT_DATA or len(edata) != 32 + 2 * nlen + dlen:
        return None
    name = edata[32:32 + 2 * nlen].decode("utf-16-le", "replace")
    return edata[:16], name, edata[32 + 2 * nlen:]


def boot_facts(events):
    """Secure Boot state and firmware debug mode from PCR 7 events (PFP 3.3.4.8, 10.4.4).
    Event content counts only when its SHA-256 equals the extended digest (which the replay
    tied to the quoted PCRs), so an edited event cannot change a fact."""
    secure_boot, debug = False, False
    for ev in events:
        if ev.pcr != 7 or hashlib.sha256(ev.data).digest() != ev.sha256:
            continue
        if ev.type == EV_EFI_VARIABLE_DRIVER_CONFIG:
            var = _variable(ev.data)
            if var and var[0] == EFI_GLOBAL_VARIABLE and var[1] == "SecureBoot":
                secure_boot = var[2] == b"\x01"
        elif ev.type == EV_EFI_ACTION and ev.data == b"UEFI Debug Mode":
            debug = True
    return BootFacts(secure_boot, debug)
