"""Byte and base64url helpers with the names and behaviour of PyJWT 2's ``jwt.utils``.

These are general helpers, as lenient as PyJWT's: ``base64url_decode`` adds missing padding
and accepts what :func:`base64.urlsafe_b64decode` accepts. Token decoding does not use them:
it rejects padding and non-canonical segments.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Optional, Union

__all__ = [
    "force_bytes",
    "base64url_decode",
    "base64url_encode",
    "to_base64url_uint",
    "from_base64url_uint",
    "number_to_bytes",
    "bytes_to_number",
    "bytes_from_int",
    "is_pem_format",
    "is_ssh_key",
]


def force_bytes(value: Union[bytes, str]) -> bytes:
    """Return ``value`` as bytes: a ``str`` as its UTF-8 encoding, ``bytes`` unchanged."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise TypeError("Expected a string or bytes value")


def base64url_decode(input: Union[bytes, str]) -> bytes:  # noqa: A002 - PyJWT's parameter name
    """Decode base64url text, with or without ``=`` padding."""
    data = force_bytes(input)
    missing = -len(data) % 4
    return base64.urlsafe_b64decode(data + b"=" * missing)


def base64url_encode(input: bytes) -> bytes:  # noqa: A002 - PyJWT's parameter name
    """Encode bytes as base64url without padding."""
    return base64.urlsafe_b64encode(input).rstrip(b"=")


def bytes_from_int(val: int, *, bit_length: Optional[int] = None) -> bytes:
    """Return the big-endian bytes of a non-negative integer, in ``bit_length`` bits when given."""
    bits = val.bit_length() if bit_length is None else bit_length
    return val.to_bytes((bits + 7) // 8, "big", signed=False)


def to_base64url_uint(val: int, *, bit_length: Optional[int] = None) -> bytes:
    """Encode a non-negative integer as the base64url of its big-endian bytes (JWK ``Base64urlUInt``)."""
    if val < 0:
        raise ValueError("Must be a positive integer")
    return base64url_encode(bytes_from_int(val, bit_length=bit_length) or b"\x00")


def from_base64url_uint(val: Union[bytes, str]) -> int:
    """Decode a JWK ``Base64urlUInt`` into an integer."""
    return int.from_bytes(base64url_decode(val), "big")


def number_to_bytes(num: int, num_bytes: int) -> bytes:
    """Return ``num`` as big-endian bytes, left-padded with zeros to ``num_bytes`` bytes."""
    # A number wider than ``num_bytes`` with an odd count of hex digits raises
    # ``binascii.Error``, as in PyJWT.
    return binascii.unhexlify(format(num, "x").rjust(2 * num_bytes, "0"))


def bytes_to_number(string: bytes) -> int:
    """Read big-endian bytes as a non-negative integer."""
    # Empty input raises ``ValueError``, as in PyJWT.
    return int(binascii.hexlify(string), 16)


_PEM_LABELS = (
    b"CERTIFICATE",
    b"TRUSTED CERTIFICATE",
    b"PRIVATE KEY",
    b"PUBLIC KEY",
    b"ENCRYPTED PRIVATE KEY",
    b"OPENSSH PRIVATE KEY",
    b"DSA PRIVATE KEY",
    b"RSA PRIVATE KEY",
    b"RSA PUBLIC KEY",
    b"EC PRIVATE KEY",
    b"DH PARAMETERS",
    b"NEW CERTIFICATE REQUEST",
    b"CERTIFICATE REQUEST",
    b"SSH2 PUBLIC KEY",
    b"SSH2 ENCRYPTED PRIVATE KEY",
    b"X509 CRL",
)
_PEM_BOUNDARY = re.compile(b"----[- ](BEGIN|END) (" + b"|".join(map(re.escape, _PEM_LABELS)) + b")[- ]----")

_SSH_KEY_PREFIXES = (
    b"ssh-ed25519",
    b"ssh-rsa",
    b"ssh-dss",
    b"ecdsa-sha2-nistp256",
    b"ecdsa-sha2-nistp384",
    b"ecdsa-sha2-nistp521",
)


def is_pem_format(key: bytes) -> bool:
    """Return True when ``key`` contains a BEGIN and a later END boundary of one PEM label.

    Only informative: this package never inspects secrets, so a PEM-looking secret still
    works as HMAC bytes.
    """
    begun: dict[bytes, int] = {}
    for boundary in _PEM_BOUNDARY.finditer(key):
        kind, label = boundary.group(1), boundary.group(2)
        if kind == b"BEGIN":
            begun.setdefault(label, boundary.end())
        elif label in begun and begun[label] <= boundary.start():
            return True
    return False


def is_ssh_key(key: bytes) -> bool:
    """Return True when ``key`` starts like an OpenSSH public key."""
    return key.startswith(_SSH_KEY_PREFIXES)
