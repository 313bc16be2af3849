#!/usr/bin/python3
"""Seeds for fuzz/tpm2b_public.c (tpm2b_public_parse, tpmt_public_parse) and fuzz/tpms_attest.c
(tpms_attest_parse): synthetic TPM 2.0 structures (TPM 2.0 Part 2 12.2.4 TPMT_PUBLIC, 10.12.12
TPMS_ATTEST) built field by field, one variant per check, and each well-formed seed cut at every
field boundary. Nothing here comes from ../shared.

Usage: fuzz/gen/attest_tpm.py [CORPUS_ROOT]   (default fuzz/corpus)"""
import os
import struct
import sys

from tpm_bytes import u8, u16, u32, u64, sized  # fuzz/gen/: the script directory is on sys.path

ROOT = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"

SHA1, SHA256, SHA384, SHA512, SM3 = 0x0004, 0x000B, 0x000C, 0x000D, 0x0012
RSA, ECC, KEYEDHASH, NULL = 0x0001, 0x0023, 0x0008, 0x0010
AES, SM4, CAMELLIA, CFB = 0x0006, 0x0013, 0x0026, 0x0043
RSASSA, RSAES, RSAPSS, OAEP = 0x0014, 0x0015, 0x0016, 0x0017
ECDSA, ECDH, ECDAA, SM2, ECSCHNORR, ECMQV = 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D
KDF1_56A, KDF2, KDF1_108, MGF1 = 0x0020, 0x0021, 0x0022, 0x0007
AK_ATTRS = 0x00050072  # fixedTPM fixedParent sensitiveDataOrigin userWithAuth restricted sign
DECRYPT_ATTRS = 0x00020072


class Parts:
    """A structure as a list of fields, so it can be cut at each field boundary."""

    def __init__(self, *fields):
        self.fields = [f for f in fields if f is not None]

    def bytes(self):
        return b"".join(self.fields)

    def cuts(self):
        out, n = [], 0
        for f in self.fields[:-1]:
            n += len(f)
            out.append(n)
        return out


def modulus(nbytes):
    return b"\xc5" + bytes((i * 7 + 3) & 0xff for i in range(nbytes - 2)) + b"\x01"


def rsa_tpmt(name_alg=SHA256, attrs=AK_ATTRS, policy=b"", sym=(NULL,), scheme=(RSASSA, SHA256),
             bits=2048, exponent=0, n=None):
    n = modulus(bits // 8) if n is None else n
    return Parts(u16(RSA), u16(name_alg), u32(attrs), sized(policy),
                 b"".join(u16(x) for x in sym), b"".join(u16(x) for x in scheme), u16(bits),
                 u32(exponent), sized(n))


def ecc_tpmt(name_alg=SHA256, attrs=AK_ATTRS, sym=(NULL,), scheme=(ECDSA, SHA256), curve=0x0003,
             kdf=(NULL,), x=b"\x11" * 32, y=b"\x22" * 32):
    return Parts(u16(ECC), u16(name_alg), u32(attrs), sized(b""),
                 b"".join(u16(v) for v in sym), b"".join(u16(v) for v in scheme), u16(curve),
                 b"".join(u16(v) for v in kdf), sized(x), sized(y))


def tpm2b(p):
    return u16(len(p.bytes())) + p.bytes()


def write(sub, name, data):
    d = os.path.join(ROOT, sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def public_seeds():
    w = lambda name, p: write("tpm2b_public", name, tpm2b(p) if isinstance(p, Parts) else p)
    ak = rsa_tpmt()
    w("rsa-ak-rsassa-sha256", ak)
    w("rsa-ak-exponent-3", rsa_tpmt(exponent=3))
    w("rsa-ak-sha1-namealg", rsa_tpmt(name_alg=SHA1))
    w("rsa-ak-sha384-namealg", rsa_tpmt(name_alg=SHA384, scheme=(RSASSA, SHA384)))
    w("rsa-ak-sm3-namealg", rsa_tpmt(name_alg=SM3))
    w("rsa-ak-policy-sha256", rsa_tpmt(policy=b"\x5a" * 32, attrs=AK_ATTRS | 0x80))
    w("rsa-ak-policy-wrong-size", rsa_tpmt(policy=b"\x5a" * 20))
    w("rsa-ak-policy-over-64", rsa_tpmt(policy=b"\x5a" * 65))
    w("rsa-ak-3072", rsa_tpmt(bits=3072))
    w("rsa-ak-1024", rsa_tpmt(bits=1024))
    w("rsa-ak-not-restricted", rsa_tpmt(attrs=0x00040072))
    w("rsa-ak-even-modulus", rsa_tpmt(n=modulus(256)[:-1] + b"\x02"))
    w("rsa-rsapss", rsa_tpmt(scheme=(RSAPSS, SHA256)))
    w("rsa-null-scheme", rsa_tpmt(scheme=(NULL,)))
    w("rsa-storage-aes128-cfb", rsa_tpmt(attrs=0x00030072, sym=(AES, 128, CFB), scheme=(NULL,)))
    w("rsa-decrypt-rsaes", rsa_tpmt(attrs=DECRYPT_ATTRS, scheme=(RSAES,)))
    w("rsa-decrypt-oaep", rsa_tpmt(attrs=DECRYPT_ATTRS, scheme=(OAEP, SHA256)))
    w("rsa-sym-sm4", rsa_tpmt(sym=(SM4, 128, CFB), scheme=(NULL,)))
    w("rsa-sym-camellia", rsa_tpmt(sym=(CAMELLIA, 128, CFB), scheme=(NULL,)))
    w("rsa-sym-unknown", rsa_tpmt(sym=(0x0099, 128, CFB)))
    w("rsa-scheme-ecdsa", rsa_tpmt(scheme=(ECDSA, SHA256)))
    w("rsa-scheme-unknown", rsa_tpmt(scheme=(0x0099, SHA256)))
    w("rsa-scheme-hash-not-hash", rsa_tpmt(scheme=(RSASSA, 0x0099)))
    w("rsa-keybits-mismatch", rsa_tpmt(bits=2048, n=modulus(128)))
    w("rsa-modulus-over-512", rsa_tpmt(bits=4104, n=modulus(513)))
    w("rsa-reserved-attribute", rsa_tpmt(attrs=AK_ATTRS | 0x1))
    w("bad-namealg", rsa_tpmt(name_alg=0x0099))
    w("keyedhash-type", Parts(u16(KEYEDHASH), u16(SHA256), u32(0x00040072), sized(b""),
                              u16(NULL)))
    w("rsa-trailing-byte", Parts(*(ak.fields + [b"\x00"])))
    w("ecc-ecdsa-p256", ecc_tpmt())
    w("ecc-ecdh-kdf1", ecc_tpmt(attrs=DECRYPT_ATTRS, scheme=(ECDH, SHA256), kdf=(KDF1_56A, SHA256)))
    w("ecc-ecschnorr-kdf2", ecc_tpmt(scheme=(ECSCHNORR, SHA384), kdf=(KDF2, SHA384)))
    w("ecc-ecdaa-kdf108", ecc_tpmt(scheme=(ECDAA, SHA256, 1), kdf=(KDF1_108, SHA256)))
    w("ecc-sm2-mgf1", ecc_tpmt(scheme=(SM2, SM3), kdf=(MGF1, SHA256)))
    w("ecc-ecmqv", ecc_tpmt(scheme=(ECMQV, SHA256)))
    w("ecc-null-scheme-aes", ecc_tpmt(sym=(AES, 128, CFB), scheme=(NULL,)))
    w("ecc-scheme-rsaes", ecc_tpmt(scheme=(RSAES,)))
    w("ecc-scheme-rsassa", ecc_tpmt(scheme=(RSASSA, SHA256)))
    w("ecc-kdf-unknown", ecc_tpmt(kdf=(0x0099, SHA256)))
    w("ecc-kdf-hash-not-hash", ecc_tpmt(kdf=(KDF2, 0x0099)))
    w("ecc-point-x-over-66", ecc_tpmt(x=b"\x11" * 67))
    w("ecc-ecdaa-no-count", Parts(*ecc_tpmt(scheme=(ECDAA, SHA256)).fields[:6]))
    # The ephemeral key template (src/attest/ephemeral_key.h): the harness's policy is all zero.
    w("ephemeral-template-zero-policy", rsa_tpmt(attrs=0x00020432, policy=b"\x00" * 32,
                                                 scheme=(NULL,)))
    w("ephemeral-template-other-policy", rsa_tpmt(attrs=0x00020432, policy=b"\x01" * 32,
                                                  scheme=(NULL,), exponent=65537))
    w("ephemeral-template-exponent-3", rsa_tpmt(attrs=0x00020432, policy=b"\x00" * 32,
                                                scheme=(NULL,), exponent=3))
    w("rsa-ak-rsassa-sha384", rsa_tpmt(scheme=(RSASSA, SHA384)))
    w("rsa-ak-with-decrypt", rsa_tpmt(attrs=AK_ATTRS | 0x00020000))
    # TPM2B framing.
    w("tpm2b-one-byte", b"\x01")
    w("tpm2b-size-over", u16(len(ak.bytes()) + 1) + ak.bytes())
    w("tpm2b-size-under", u16(len(ak.bytes()) - 1) + ak.bytes())
    big = rsa_tpmt(bits=4096 + 8 * 512, n=modulus(1000))
    w("tpmt-over-1024", big)
    # Bare TPMT_PUBLIC (the harness tries tpmt_public_parse on the whole input too).
    w("tpmt-rsa-ak-bare", ak.bytes())
    w("tpmt-ecc-bare", ecc_tpmt().bytes())
    # Every byte of the parameters of a storage key (symmetric, scheme), then every well-formed
    # seed cut at each field boundary (and one byte into the next field).
    st = rsa_tpmt(sym=(AES, 128, CFB), scheme=(RSASSA, SHA256)).bytes()
    for k in range(10, 20):
        w("cut-rsa-sym-scheme-at-%d" % k, u16(k) + st[:k])
    for base, p in (("rsa-ak", ak), ("rsa-storage", rsa_tpmt(sym=(AES, 128, CFB), scheme=(NULL,))),
                    ("ecc-ecdaa-kdf", ecc_tpmt(scheme=(ECDAA, SHA256, 1), kdf=(KDF2, SHA256)))):
        body = p.bytes()
        for cut in p.cuts():
            for k in (cut, cut + 1):
                w("cut-%s-at-%d" % (base, k), u16(k) + body[:k])


def attest(type_=0x8018, magic=0xFF544347, signer=b"\x00\x0b" + b"\x33" * 32, extra=b"\x6e" * 32,
           safe=1, sel=((SHA256, 3, 0xFF),), digest=b"\x44" * 32, names=None, count=None):
    if type_ == 0x8018:
        selb = u32(len(sel) if count is None else count)
        for h, size, mask in sel:
            selb += u16(h) + u8(size) + mask.to_bytes(max(size, 0), "little")[:size]
        tail = [selb, sized(digest)]
    else:
        names = names or (b"\x00\x0b" + b"\x55" * 32, b"\x00\x0b" + b"\x66" * 32)
        tail = [sized(names[0]), sized(names[1])]
    return Parts(u32(magic), u16(type_), sized(signer), sized(extra), u64(123456789), u32(7),
                 u32(3), u8(safe), u64(0x2000000000001), *tail)


def attest_seeds():
    w = lambda name, p: write("tpms_attest", name, p.bytes() if isinstance(p, Parts) else p)
    q = attest()
    c = attest(type_=0x8017)
    w("quote-sha256-pcr0-7", q)
    w("quote-two-banks", attest(sel=((SHA1, 3, 0x03), (SHA256, 3, 0x800081))))
    w("quote-all-banks-sha512", attest(sel=((SHA384, 3, 0xFFFFFF), (SHA512, 4, 0x1)),
                                       digest=b"\x44" * 64))
    w("quote-empty-selection", attest(sel=()))
    w("quote-16-banks", attest(sel=((SHA256, 3, 1),) * 1, count=16))
    w("quote-17-banks", attest(sel=(), count=17))
    w("quote-bank-twice", attest(sel=((SHA256, 3, 1), (SHA256, 3, 2))))
    w("quote-bank-not-hash", attest(sel=((0x0099, 3, 1),)))
    w("quote-sizeofselect-0", attest(sel=((SHA256, 0, 0),)))
    w("quote-sizeofselect-5", attest(sel=((SHA256, 5, 1),)))
    w("quote-digest-over-64", attest(digest=b"\x44" * 65))
    w("quote-unsafe-clock", attest(safe=0))
    w("quote-safe-2", attest(safe=2))
    w("quote-signer-over-66", attest(signer=b"\x00" * 67))
    w("quote-extra-over-66", attest(extra=b"\x00" * 67))
    w("quote-no-extra", attest(extra=b""))
    w("quote-bad-magic", attest(magic=0xFF544348))
    w("quote-type-time", attest(type_=0x8019))
    w("quote-trailing-byte", q.bytes() + b"\x00")
    w("quote-over-1024", q.bytes() + b"\x00" * 1024)
    w("certify", c)
    w("certify-name-over-66", attest(type_=0x8017, names=(b"\x00" * 67, b"")))
    w("certify-second-name-over-66", attest(type_=0x8017, names=(b"\x00\x0b" + b"\x55" * 32,
                                                                 b"\x00" * 67)))
    for base, p in (("quote", q), ("certify", c)):
        body = p.bytes()
        for cut in p.cuts():
            for k in (cut, cut + 1):
                w("cut-%s-at-%d" % (base, k), body[:k])
    # Inside the selection list: after the count, after hash, after sizeofSelect.
    qb = q.bytes()
    sel_at = sum(len(f) for f in q.fields[:9])
    for k in (4, 6, 7, 8):
        w("cut-quote-selection-at-%d" % k, qb[:sel_at + k])


if __name__ == "__main__":
    public_seeds()
    attest_seeds()
