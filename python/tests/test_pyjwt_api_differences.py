"""The intended differences of the class API from PyJWT 2.15 that python/README.md lists.

Each test asserts this package's behaviour and PyJWT's, so that a change on either side shows.
"""

from __future__ import annotations

import json
from typing import Any

import jwt as pyjwt
import pytest

import onlyoffice_jwt
from onlyoffice_jwt import PyJWK, PyJWS, _native, utils
from conftest import S32

KEY64 = S32 * 2
K = utils.base64url_encode(KEY64.encode()).decode()


def test_module_encode_rejects_none_classes_accept() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="only the HMAC"):
        onlyoffice_jwt.encode({}, KEY64, algorithm="none")
    assert pyjwt.encode({}, None, algorithm="none").endswith(".")
    assert onlyoffice_jwt.PyJWT().encode({}, None, algorithm="none") == pyjwt.encode({}, None, algorithm="none")


def test_asymmetric_names_message() -> None:
    with pytest.raises(NotImplementedError, match="implements only HMAC"):
        onlyoffice_jwt.get_algorithm_by_name("ES256")
    with pytest.raises(NotImplementedError, match="cryptography installed"):
        pyjwt.get_algorithm_by_name("ES256")


def test_jwk_unknown_curve() -> None:
    jwk = {"kty": "EC", "crv": "P-999"}
    with pytest.raises(onlyoffice_jwt.MissingCryptographyError, match="only HMAC"):
        PyJWK(jwk)
    with pytest.raises(pyjwt.InvalidKeyError, match="Unsupported crv"):
        pyjwt.PyJWK(jwk)


def test_jwk_without_k() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        PyJWK({"kty": "oct"})
    with pytest.raises(KeyError):
        pyjwt.PyJWK({"kty": "oct"})


def test_jwk_alg_none() -> None:
    with pytest.raises(onlyoffice_jwt.PyJWKError):
        PyJWK({"kty": "oct", "k": K, "alg": "none"})
    with pytest.raises(NotImplementedError):
        pyjwt.PyJWK({"kty": "oct", "k": K, "alg": "none"})


def test_jwk_messages_never_quote_the_key() -> None:
    jwk = {"k": K}
    with pytest.raises(onlyoffice_jwt.InvalidKeyError) as ours:
        PyJWK(jwk)
    with pytest.raises(pyjwt.InvalidKeyError) as theirs:
        pyjwt.PyJWK(jwk)
    assert K not in str(ours.value)
    assert K in str(theirs.value)


def test_document_server_rejects_b64_crit() -> None:
    token = PyJWS().encode(b'{"key":"doc-1","status":1}', KEY64, is_payload_detached=True)
    with pytest.raises(onlyoffice_jwt.InvalidTokenError) as caught:
        onlyoffice_jwt.DocumentServer(KEY64).verify_callback({"token": token}, {})
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


def test_large_detached_payload_rejected() -> None:
    payload = json.dumps({"data": "x" * 800_000}).encode()
    token = PyJWS().encode(payload, KEY64, is_payload_detached=True)
    assert pyjwt.decode(token, KEY64, algorithms=["HS256"], detached_payload=payload)["data"] == "x" * 800_000
    with pytest.raises(onlyoffice_jwt.DecodeError, match="more than the limit") as caught:
        onlyoffice_jwt.decode(token, KEY64, algorithms=["HS256"], detached_payload=payload)
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_crit_token_short_key_warns_twice() -> None:
    header = b'{"alg":"HS256","crit":["b64"],"b64":true}'
    token = _native.sign_raw(header, b"{}", "short", "HS256")
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning) as record:
        assert onlyoffice_jwt.decode(token, "short", algorithms=["HS256"]) == {}
    assert len(record) == 2


def test_crit_not_checked_without_signature_check() -> None:
    header = b'{"alg":"HS256","crit":["exp"]}'
    token = _native.sign_raw(header, b"{}", KEY64, "HS256")
    options: dict[str, Any] = {"verify_signature": False}
    assert onlyoffice_jwt.decode(token, options=options) == {}
    with pytest.raises(pyjwt.InvalidTokenError, match="Unsupported critical extension"):
        pyjwt.decode(token, options=options)
