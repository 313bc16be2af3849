"""X.509 helpers that Debian 12's python3-cryptography (38.0) lacks: a PEM bundle reader, a
"directly issued by" signature check and a validity check (RFC 5280 sections 4.1.1.3, 4.1.2.5).
"""
import re

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?"
                      rb"-----END CERTIFICATE-----")
MAX_CERTS = 16


def _parsed(load, data):
    """load(data), then every field the checks use touched (cryptography decodes some
    lazily), so that a malformed certificate fails here, as ValueError, and not later."""
    try:
        cert = load(data)
        cert.issuer.rfc4514_string()
        cert.subject.rfc4514_string()
        cert.public_key()
        cert.extensions
        cert.tbs_certificate_bytes
        cert.not_valid_after
        cert.signature_hash_algorithm
    except (ValueError, KeyError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion) as ex:
        raise ValueError("certificate does not parse: %s" % str(ex)[:80]) from None
    return cert


def load_der(der):
    """One DER certificate, fully parsed; ValueError otherwise."""
    return _parsed(x509.load_der_x509_certificate, der)


def load_pem_chain(data):
    """Every certificate of a PEM bundle, in order, fully parsed; ValueError when there is
    none or a block does not parse."""
    blocks = PEM_CERT.findall(data)
    if not blocks or len(blocks) > MAX_CERTS:
        raise ValueError("no PEM certificates (or over %d)" % MAX_CERTS)
    return [_parsed(x509.load_pem_x509_certificate, b) for b in blocks]


def issued_by(child, parent):
    """True when parent's subject is child's issuer and parent's key verifies child's
    signature (PKCS#1 v1.5 for RSA, ECDSA for EC; nothing else is accepted)."""
    if child.issuer != parent.subject or child.signature_hash_algorithm is None:
        return False
    key = parent.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes, padding.PKCS1v15(),
                       child.signature_hash_algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes,
                       ec.ECDSA(child.signature_hash_algorithm))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True


def is_ca(cert):
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def valid_at(cert, now):
    """now: an aware UTC datetime. cryptography >= 42 has the aware *_utc properties (the
    naive ones are deprecated there); 38 only the naive ones, in UTC."""
    if hasattr(cert, "not_valid_before_utc"):
        return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
    naive = now.replace(tzinfo=None)
    return cert.not_valid_before <= naive <= cert.not_valid_after
