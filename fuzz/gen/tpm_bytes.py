"""Big-endian TPM 2.0 marshalling helpers (TPM 2.0 Part 1, 'Canonical format') shared by the
seed generators: fixed-width integers and TPM2B (u16 size, then the bytes)."""
import struct


def u8(x):
    return struct.pack(">B", x)


def u16(x):
    return struct.pack(">H", x)


def u32(x):
    return struct.pack(">I", x)


def u64(x):
    return struct.pack(">Q", x)


def sized(b):
    return u16(len(b)) + b
