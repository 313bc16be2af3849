"""TPM 2.0 structures the AzureGuest request carries, parsed from bounded byte strings.

Pure functions: bytes in, named tuples out, Malformed raised on anything that does not parse
exactly (every length is checked before it is read; trailing bytes are an error). Written for
the provider emulator from TPM 2.0 Part 2 (Structures); shares nothing with the C product.
"""
import hashlib
import struct
from collections import namedtuple

TPM_ALG_RSA = 0x0001
TPM_ALG_SHA256 = 0x000B
TPM_ALG_NULL = 0x0010
TPM_ALG_RSASSA = 0x0014
TPM_ALG_RSAES = 0x0015
TPM_ALG_RSAPSS = 0x0016
TPM_ALG_OAEP = 0x0017
TPM_GENERATED_VALUE = 0xFF544347  # Part 2 6.2
TPM_ST_ATTEST_CERTIFY = 0x8017  # Part 2 6.9
TPM_ST_ATTEST_QUOTE = 0x8018
TPM_CC_POLICY_PCR = 0x0000017F  # Part 2 6.5.2

# TPMA_OBJECT bits (Part 2 8.3.2)
ATTR_FIXED_TPM = 1 << 1
ATTR_FIXED_PARENT = 1 << 4
ATTR_SENSITIVE_DATA_ORIGIN = 1 << 5
ATTR_RESTRICTED = 1 << 16
ATTR_DECRYPT = 1 << 17
ATTR_SIGN = 1 << 18


class Malformed(ValueError):
    """A structure that does not parse; the message names the structure and the field."""


RsaPublic = namedtuple("RsaPublic", "name_alg attributes auth_policy scheme key_bits n e tpmt name")
Attest = namedtuple("Attest", "type signer extra_data clock reset_count restart_count safe "
                    "firmware selection pcr_digest certified_name certified_qname")


class Reader:
    """A cursor over one byte string: every read checks what remains first."""

    def __init__(self, data, what):
        self.data, self.off, self.what = bytes(data), 0, what

    def take(self, n, field):
        if n < 0 or len(self.data) - self.off < n:
            raise Malformed("%s: %s truncated at offset %d" % (self.what, field, self.off))
        b = self.data[self.off:self.off + n]
        self.off += n
        return b

    def u8(self, field):
        return self.take(1, field)[0]

    def u16(self, field):
        return struct.unpack(">H", self.take(2, field))[0]

    def u32(self, field):
        return struct.unpack(">I", self.take(4, field))[0]

    def u64(self, field):
        return struct.unpack(">Q", self.take(8, field))[0]

    def tpm2b(self, field, cap):
        n = self.u16(field + ".size")
        if n > cap:
            raise Malformed("%s: %s size %d over %d" % (self.what, field, n, cap))
        return self.take(n, field)

    def end(self):
        if self.off != len(self.data):
            raise Malformed("%s: %d trailing bytes" % (self.what, len(self.data) - self.off))


def parse_rsa_public(tpm2b):
    """TPM2B_PUBLIC (Part 2 12.2.5) holding an RSA TPMT_PUBLIC (12.2.4) with a SHA-256 name."""
    outer = Reader(tpm2b, "TPM2B_PUBLIC")
    body = outer.tpm2b("publicArea", 1024)
    outer.end()
    r = Reader(body, "TPMT_PUBLIC")
    if r.u16("type") != TPM_ALG_RSA:
        raise Malformed("TPMT_PUBLIC: type is not TPM_ALG_RSA")
    name_alg = r.u16("nameAlg")
    if name_alg != TPM_ALG_SHA256:
        raise Malformed("TPMT_PUBLIC: nameAlg is not SHA-256")
    attrs = r.u32("objectAttributes")
    policy = r.tpm2b("authPolicy", 64)
    # TPMS_RSA_PARMS (12.2.3.5): symmetric, scheme, keyBits, exponent.
    sym = r.u16("symmetric.algorithm")
    if sym != TPM_ALG_NULL:
        r.u16("symmetric.keyBits")
        r.u16("symmetric.mode")
    scheme = r.u16("scheme.scheme")
    if scheme in (TPM_ALG_RSASSA, TPM_ALG_RSAPSS, TPM_ALG_OAEP):
        if r.u16("scheme.hashAlg") != TPM_ALG_SHA256:
            raise Malformed("TPMT_PUBLIC: scheme hash is not SHA-256")
    elif scheme not in (TPM_ALG_NULL, TPM_ALG_RSAES):
        raise Malformed("TPMT_PUBLIC: unsupported RSA scheme 0x%04x" % scheme)
    key_bits = r.u16("keyBits")
    exponent = r.u32("exponent")
    n = r.tpm2b("unique.rsa", 512)
    r.end()
    if key_bits not in (2048, 3072, 4096) or len(n) * 8 != key_bits or n[0] < 0x80:
        raise Malformed("TPMT_PUBLIC: modulus is not a %d-bit value" % key_bits)
    e = exponent or 65537  # Part 2 12.2.3.5: 0 means 2^16 + 1
    if e < 3 or e % 2 == 0:
        raise Malformed("TPMT_PUBLIC: bad exponent")
    # Part 1 16: Name = nameAlg || H_nameAlg(TPMT_PUBLIC)
    name = struct.pack(">H", name_alg) + hashlib.sha256(body).digest()
    return RsaPublic(name_alg, attrs, policy, scheme, key_bits, int.from_bytes(n, "big"), e,
                     body, name)


def marshal_sha256_selection(pcrs):
    """TPML_PCR_SELECTION (Part 2 10.9.7) of one SHA-256 bank with a 3-byte bitmap."""
    bitmap = bytearray(3)
    for p in pcrs:
        bitmap[p // 8] |= 1 << (p % 8)
    return struct.pack(">IHB", 1, TPM_ALG_SHA256, 3) + bytes(bitmap)


def parse_attest(data):
    """TPMS_ATTEST (Part 2 10.12.12) of a quote or a certify, TPM2B_ATTEST size prefix removed."""
    r = Reader(data, "TPMS_ATTEST")
    if r.u32("magic") != TPM_GENERATED_VALUE:
        raise Malformed("TPMS_ATTEST: magic is not TPM_GENERATED_VALUE")
    typ = r.u16("type")
    signer = r.tpm2b("qualifiedSigner", 68)
    extra = r.tpm2b("extraData", 64)
    clock, reset, restart, safe = r.u64("clock"), r.u32("resetCount"), r.u32("restartCount"), \
        r.u8("safe")
    firmware = r.u64("firmwareVersion")
    selection, digest, cname, cqname = None, None, None, None
    if typ == TPM_ST_ATTEST_QUOTE:
        # TPMS_QUOTE_INFO (10.12.4): TPML_PCR_SELECTION + TPM2B_DIGEST
        count = r.u32("pcrSelect.count")
        if count > 16:
            raise Malformed("TPMS_ATTEST: %d PCR banks" % count)
        selection = []
        for i in range(count):
            alg = r.u16("pcrSelections[%d].hash" % i)
            size = r.u8("pcrSelections[%d].sizeofSelect" % i)
            if size > 32:
                raise Malformed("TPMS_ATTEST: sizeofSelect %d" % size)
            bits = r.take(size, "pcrSelections[%d].pcrSelect" % i)
            pcrs = [8 * j + b for j in range(size) for b in range(8) if bits[j] >> b & 1]
            selection.append((alg, size, pcrs))
        digest = r.tpm2b("pcrDigest", 64)
    elif typ == TPM_ST_ATTEST_CERTIFY:
        # TPMS_CERTIFY_INFO (10.12.3): name + qualifiedName
        cname = r.tpm2b("name", 68)
        cqname = r.tpm2b("qualifiedName", 68)
    else:
        raise Malformed("TPMS_ATTEST: type 0x%04x is neither quote nor certify" % typ)
    r.end()
    return Attest(typ, signer, extra, clock, reset, restart, safe, firmware, selection, digest,
                  cname, cqname)


def policy_pcr_digest(pcrs, values):
    """TPM2_PolicyPCR from an empty policy (Part 3 23.7): H(0^32 || CC || pcrs || H(values))."""
    digest_tpm = hashlib.sha256(b"".join(values)).digest()
    return hashlib.sha256(bytes(32) + struct.pack(">I", TPM_CC_POLICY_PCR) +
                          marshal_sha256_selection(pcrs) + digest_tpm).digest()
