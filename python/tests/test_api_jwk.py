"""onlyoffice_jwt.PyJWK and PyJWKSet: HMAC (oct) keys, as keys of decode and encode."""

from __future__ import annotations

import json
from typing import Any

import jwt as pyjwt
import pytest

import onlyoffice_jwt
from onlyoffice_jwt import PyJWK, PyJWKSet, utils
from onlyoffice_jwt.algorithms import HMACAlgorithm
from conftest import S32

KEY64 = (S32 * 2).encode()
K = utils.base64url_encode(KEY64).decode()


def oct_key(**members: Any) -> dict[str, Any]:
    return {"kty": "oct", "k": K, **members}


def test_pyjwk_defaults_to_hs256() -> None:
    key = PyJWK(oct_key(kid="k1", use="sig"))
    assert key.key == KEY64
    assert key.algorithm_name == "HS256"
    assert isinstance(key.Algorithm, HMACAlgorithm)
    assert key.key_type == "oct"
    assert key.key_id == "k1"
    assert key.public_key_use == "sig"
    assert K not in repr(key)


def test_pyjwk_alg_member_and_argument() -> None:
    assert PyJWK(oct_key(alg="HS384")).algorithm_name == "HS384"
    assert PyJWK(oct_key(alg="HS384"), algorithm="HS512").algorithm_name == "HS512"
    assert PyJWK.from_dict(oct_key(), "HS384").algorithm_name == "HS384"
    assert PyJWK.from_json(json.dumps(oct_key(alg="HS512"))).algorithm_name == "HS512"


@pytest.mark.parametrize(
    ("jwk", "error", "message"),
    [
        ({"k": K}, onlyoffice_jwt.InvalidKeyError, "kty is not found"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, onlyoffice_jwt.MissingCryptographyError, "only HMAC keys"),
        ({"kty": "EC", "crv": "P-256"}, onlyoffice_jwt.MissingCryptographyError, "only HMAC keys"),
        ({"kty": "OKP", "crv": "Ed25519"}, onlyoffice_jwt.MissingCryptographyError, "only HMAC keys"),
        ({"kty": "oct", "k": K, "alg": "RS256"}, onlyoffice_jwt.MissingCryptographyError, "only HMAC keys"),
        ({"kty": "weird"}, onlyoffice_jwt.InvalidKeyError, "Unsupported kty"),
        ({"kty": "oct", "k": K, "alg": "XX"}, onlyoffice_jwt.PyJWKError, "Unable to find an algorithm"),
        ({"kty": "oct", "k": K, "alg": "none"}, onlyoffice_jwt.PyJWKError, "Unable to find an algorithm"),
        ({"kty": "oct"}, onlyoffice_jwt.InvalidKeyError, '"k"'),
        ({"kty": "oct", "k": ""}, onlyoffice_jwt.InvalidKeyError, "must not be empty"),
        ({"kty": "oct", "k": "A"}, onlyoffice_jwt.InvalidKeyError, "Unable to construct key"),
    ],
)
def test_pyjwk_rejects(jwk: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        PyJWK(jwk)
    assert caught.value.code == "ERR_KEY_INVALID"  # type: ignore[attr-defined]
    if jwk.get("k") == K:
        assert K not in str(caught.value)


def test_pyjwk_rsa_same_class_as_pyjwt_without_cryptography() -> None:
    with pytest.raises(pyjwt.exceptions.MissingCryptographyError):
        pyjwt.PyJWK({"kty": "RSA", "n": "AQAB", "e": "AQAB"})


def test_decode_with_pyjwk_takes_its_algorithm() -> None:
    key = PyJWK(oct_key(alg="HS384"))
    token = onlyoffice_jwt.encode({"a": 1}, KEY64, algorithm="HS384")
    assert onlyoffice_jwt.decode(token, key) == {"a": 1}
    assert onlyoffice_jwt.PyJWT().decode(token, key) == {"a": 1}
    assert onlyoffice_jwt.decode_complete(token, key, algorithms=["HS384"])["payload"] == {"a": 1}


def test_decode_with_pyjwk_rejects_other_algorithm() -> None:
    key = PyJWK(oct_key(alg="HS384"))
    token = onlyoffice_jwt.encode({"a": 1}, KEY64, algorithm="HS256")
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="not allowed") as caught:
        onlyoffice_jwt.decode(token, key)
    assert caught.value.code == "ERR_JWT_ALG_NOT_ALLOWED"
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="does not match the key"):
        onlyoffice_jwt.decode(token, key, algorithms=["HS256", "HS384"])


def test_decode_with_pyjwk_wrong_secret() -> None:
    other = PyJWK({"kty": "oct", "k": utils.base64url_encode(b"x" * 32).decode()})
    token = onlyoffice_jwt.encode({"a": 1}, KEY64)
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError) as caught:
        onlyoffice_jwt.decode(token, other)
    assert caught.value.code == "ERR_JWS_SIGNATURE_INVALID"


def test_encode_with_pyjwk_uses_its_algorithm() -> None:
    key = PyJWK(oct_key(alg="HS512"))
    token = onlyoffice_jwt.encode({"a": 1}, key)
    assert token == onlyoffice_jwt.encode({"a": 1}, KEY64, algorithm="HS512")
    assert onlyoffice_jwt.encode({"a": 1}, key, algorithm="HS256") == onlyoffice_jwt.encode({"a": 1}, KEY64)


def test_pyjwkset_selects_by_kid() -> None:
    keys = PyJWKSet([oct_key(kid="a"), oct_key(kid="b", alg="HS384"), "not a key", {"kty": "weird"}])
    assert [key.key_id for key in keys] == ["a", "b"]
    assert keys["b"].algorithm_name == "HS384"
    with pytest.raises(KeyError, match="no key for kid: c"):
        keys["c"]
    token = onlyoffice_jwt.encode({"a": 1}, KEY64, headers={"kid": "b"}, algorithm="HS384")
    kid = onlyoffice_jwt.get_unverified_header(token)["kid"]
    assert onlyoffice_jwt.decode(token, keys[kid]) == {"a": 1}


def test_pyjwkset_from_json_and_dict() -> None:
    text = json.dumps({"keys": [oct_key(kid="a")]})
    assert PyJWKSet.from_json(text)["a"].key == KEY64
    assert PyJWKSet.from_dict(json.loads(text))["a"].key == KEY64


@pytest.mark.parametrize(
    ("keys", "message"),
    [([], "did not contain any keys"), ({"a": 1}, "Invalid JWK Set"), ([{"kty": "weird"}], "any usable keys")],
)
def test_pyjwkset_rejects(keys: Any, message: str) -> None:
    with pytest.raises(onlyoffice_jwt.PyJWKSetError, match=message):
        PyJWKSet(keys)


def test_pyjwkset_with_rsa_key_fails_like_pyjwt() -> None:
    keys = [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}, oct_key()]
    with pytest.raises(onlyoffice_jwt.MissingCryptographyError):
        PyJWKSet(keys)
    with pytest.raises(pyjwt.exceptions.MissingCryptographyError):
        pyjwt.PyJWKSet(keys)


def test_no_jwk_client() -> None:
    assert not hasattr(onlyoffice_jwt, "PyJWKClient")


def test_pyjwk_kty_of_another_type_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        PyJWK({"kty": ["oct"], "k": K})
    with pytest.raises(pyjwt.InvalidKeyError):
        pyjwt.PyJWK({"kty": ["oct"], "k": K})


def test_pyjwkset_skips_key_with_bad_kty() -> None:
    keys = [oct_key(), {"kty": ["oct"], "k": "x"}]
    ours = [key.key for key in PyJWKSet(keys).keys]
    theirs = [key.key for key in pyjwt.PyJWKSet(keys).keys]
    assert ours == theirs == [KEY64]
