"""Unencoded, detached payloads (RFC 7797 ``b64: false``) through the module-level functions."""

from __future__ import annotations

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import PyJWS, _native
from conftest import NOW, S32

KEY64 = S32 * 2
PAYLOAD = b'{"key":"doc-1","exp":1700000300}'


def detached_token(payload: bytes = PAYLOAD, key: str = KEY64) -> str:
    return PyJWS().encode(payload, key, is_payload_detached=True)


def test_encode_b64_false_same_as_pyjws() -> None:
    token = onlyoffice_jwt.encode({"key": "doc-1", "exp": 1700000300}, KEY64, headers={"b64": False})
    assert token == detached_token()


def test_decode_detached_payload() -> None:
    claims = onlyoffice_jwt.decode(detached_token(), KEY64, algorithms=["HS256"], detached_payload=PAYLOAD, now=NOW)
    assert claims == {"key": "doc-1", "exp": 1700000300}


def test_decode_complete_detached_payload() -> None:
    complete = onlyoffice_jwt.decode_complete(
        detached_token(), KEY64, algorithms=["HS256"], detached_payload=PAYLOAD, now=NOW
    )
    assert complete["header"] == {"alg": "HS256", "b64": False, "crit": ["b64"], "typ": "JWT"}
    assert complete["payload"] == {"key": "doc-1", "exp": 1700000300}
    assert len(complete["signature"]) == 32


def test_detached_claims_checked() -> None:
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError) as caught:
        onlyoffice_jwt.decode(detached_token(), KEY64, algorithms=["HS256"], detached_payload=PAYLOAD, now=NOW + 300)
    assert caught.value.code == "ERR_JWT_EXPIRED"
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError):
        onlyoffice_jwt.decode(
            detached_token(),
            KEY64,
            algorithms=["HS256"],
            detached_payload=PAYLOAD,
            options={"require": ["iss"]},
            now=NOW,
        )


def test_detached_payload_changed_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError) as caught:
        onlyoffice_jwt.decode(
            detached_token(), KEY64, algorithms=["HS256"], detached_payload=PAYLOAD.replace(b"1", b"2"), now=NOW
        )
    assert caught.value.code == "ERR_JWS_SIGNATURE_INVALID"


def test_detached_token_without_payload_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match='"detached_payload"') as caught:
        onlyoffice_jwt.decode(detached_token(), KEY64, algorithms=["HS256"], now=NOW)
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_detached_payload_not_json() -> None:
    token = detached_token(b"not json")
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        onlyoffice_jwt.decode(token, KEY64, algorithms=["HS256"], detached_payload=b"not json")
    assert caught.value.code == "ERR_JSON_INVALID"


def test_detached_payload_strict_json() -> None:
    payload = b'{"a":1,"a":2}'
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        onlyoffice_jwt.decode(detached_token(payload), KEY64, algorithms=["HS256"], detached_payload=payload)
    assert caught.value.code == "ERR_JSON_DUPLICATE_MEMBER"


def test_detached_signature_off() -> None:
    claims = onlyoffice_jwt.decode(
        detached_token(), "any key", detached_payload=b'{"a":1}', options={"verify_signature": False}
    )
    assert claims == {"a": 1}


def test_detached_short_key_warns_once() -> None:
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning):
        token = detached_token(key="short")
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning) as record:
        onlyoffice_jwt.decode(token, "short", algorithms=["HS256"], detached_payload=PAYLOAD, now=NOW)
    assert len(record) == 1


def test_unencoded_payload_segment_rejected() -> None:
    token = _native.sign_raw(b'{"alg":"HS256","b64":false,"crit":["b64"]}', b"e30", KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.DecodeError, match="must be empty"):
        onlyoffice_jwt.decode(token, KEY64, algorithms=["HS256"], detached_payload=b"e30")


def test_document_server_still_rejects_crit() -> None:
    server = onlyoffice_jwt.DocumentServer(KEY64, now=NOW)
    with pytest.raises(onlyoffice_jwt.InvalidTokenError) as caught:
        server.verify_callback({"token": detached_token()}, {})
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


def test_b64_false_without_crit_rejected_on_every_path() -> None:
    import jwt as pyjwt

    header = b'{"alg":"HS256","b64":false}'
    token = _native.sign_raw(header, b'{"admin":true}', KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.DecodeError) as error:
        onlyoffice_jwt.decode(token, KEY64, algorithms=["HS256"], now=NOW)
    assert error.value.code == "ERR_JWT_MALFORMED"
    with pytest.raises(onlyoffice_jwt.DecodeError):
        onlyoffice_jwt.PyJWT().decode(token, KEY64, algorithms=["HS256"])
    with pytest.raises(onlyoffice_jwt.DecodeError):
        PyJWS().decode(token, KEY64, algorithms=["HS256"])
    with pytest.raises(pyjwt.DecodeError):
        pyjwt.decode(token, KEY64, algorithms=["HS256"])


def test_detached_payload_bytearray_accepted() -> None:
    token = detached_token()
    from_bytes = PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=PAYLOAD)
    from_bytearray = PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=bytearray(PAYLOAD))
    assert from_bytearray == from_bytes
