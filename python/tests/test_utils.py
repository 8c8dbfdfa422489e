"""onlyoffice_jwt.utils: the byte and base64url helpers PyJWT's ``jwt.utils`` exports."""

from __future__ import annotations

import binascii

import jwt.utils as pyjwt_utils
import pytest

from onlyoffice_jwt import utils


def test_force_bytes() -> None:
    assert utils.force_bytes("é") == b"\xc3\xa9"
    assert utils.force_bytes(b"\xff") == b"\xff"
    with pytest.raises(TypeError, match="string or bytes"):
        utils.force_bytes(1)  # type: ignore[arg-type]


def test_base64url_encode_strips_padding() -> None:
    assert utils.base64url_encode(b"\xfb\xff") == b"-_8"
    assert utils.base64url_encode(b"") == b""


@pytest.mark.parametrize("text", ["-_8", "-_8=", b"-_8"])
def test_base64url_decode_with_or_without_padding(text: str | bytes) -> None:
    assert utils.base64url_decode(text) == b"\xfb\xff"


def test_base64url_decode_invalid_length() -> None:
    with pytest.raises(binascii.Error):
        utils.base64url_decode("A")


def test_base64url_uint_round_trip() -> None:
    assert utils.to_base64url_uint(0) == b"AA"
    assert utils.to_base64url_uint(65537) == b"AQAB"
    assert utils.from_base64url_uint("AQAB") == 65537
    assert utils.from_base64url_uint(b"AQAB") == 65537
    assert utils.to_base64url_uint(1, bit_length=16) == b"AAE"


def test_to_base64url_uint_negative() -> None:
    with pytest.raises(ValueError, match="positive"):
        utils.to_base64url_uint(-1)


def test_number_bytes_conversions() -> None:
    assert utils.number_to_bytes(1, 4) == b"\x00\x00\x00\x01"
    assert utils.bytes_to_number(b"\x00\x00\x01\x00") == 256
    assert utils.bytes_from_int(256) == b"\x01\x00"
    assert utils.bytes_from_int(0) == b""
    with pytest.raises(ValueError):
        utils.bytes_to_number(b"")


def test_number_to_bytes_odd_overflow_like_pyjwt() -> None:
    with pytest.raises(binascii.Error):
        utils.number_to_bytes(2**40, 2)
    with pytest.raises(binascii.Error):
        pyjwt_utils.number_to_bytes(2**40, 2)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (b"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", True),
        (b"-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----", True),
        (b"-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----", False),
        (b"-----BEGIN PUBLIC KEY-----\n-----END PRIVATE KEY-----", False),
        (b"secret", False),
    ],
)
def test_is_pem_format(key: bytes, expected: bool) -> None:
    assert utils.is_pem_format(key) is expected
    assert pyjwt_utils.is_pem_format(key) is expected


@pytest.mark.parametrize(("key", "expected"), [(b"ssh-rsa AAAA", True), (b"ssh-ed25519 AAAA", True), (b"rsa", False)])
def test_is_ssh_key(key: bytes, expected: bool) -> None:
    assert utils.is_ssh_key(key) is expected
    assert pyjwt_utils.is_ssh_key(key) is expected


def test_module_reachable_as_attribute() -> None:
    import onlyoffice_jwt as jwt

    assert jwt.utils.base64url_decode("c2VjcmV0") == b"secret"
