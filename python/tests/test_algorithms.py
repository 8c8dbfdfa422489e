"""onlyoffice_jwt.algorithms: HMACAlgorithm, NoneAlgorithm, the Algorithm base and the flags."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import jwt.algorithms as pyjwt_algorithms
import pytest

from onlyoffice_jwt import InvalidKeyError
from onlyoffice_jwt.algorithms import (
    Algorithm,
    HMACAlgorithm,
    NoneAlgorithm,
    get_default_algorithms,
    has_crypto,
    requires_cryptography,
)

HASHES = [(HMACAlgorithm.SHA256, 32), (HMACAlgorithm.SHA384, 48), (HMACAlgorithm.SHA512, 64)]


def test_hash_constants_are_hashlib() -> None:
    assert HMACAlgorithm.SHA256 is hashlib.sha256
    assert HMACAlgorithm.SHA384 is hashlib.sha384
    assert HMACAlgorithm.SHA512 is hashlib.sha512


def test_flags_say_no_asymmetric_algorithms() -> None:
    assert has_crypto is False
    assert set(requires_cryptography) == set(pyjwt_algorithms.requires_cryptography)
    assert "HS256" not in requires_cryptography


def test_default_algorithms_are_hmac_and_none() -> None:
    algorithms = get_default_algorithms()
    assert set(algorithms) == {"none", "HS256", "HS384", "HS512"}
    assert isinstance(algorithms["none"], NoneAlgorithm)
    assert [algorithms[name].hash_alg for name in ("HS256", "HS384", "HS512")] == [h for h, _ in HASHES]  # type: ignore[attr-defined]
    assert get_default_algorithms() is not get_default_algorithms()


@pytest.mark.parametrize(("hash_alg", "size"), HASHES)
def test_hmac_sign_verify(hash_alg: Any, size: int) -> None:
    algorithm = HMACAlgorithm(hash_alg)
    key = algorithm.prepare_key("secret")
    assert key == b"secret"
    signature = algorithm.sign(b"message", key)
    assert signature == hmac.new(b"secret", b"message", hash_alg).digest()
    assert len(signature) == size
    assert algorithm.verify(b"message", key, signature)
    assert not algorithm.verify(b"message!", key, signature)
    assert not algorithm.verify(b"message", b"other", signature)
    assert not algorithm.verify(b"message", key, signature[:-1])


@pytest.mark.parametrize(("hash_alg", "size"), HASHES)
def test_hmac_same_as_pyjwt(hash_alg: Any, size: int) -> None:
    ours = HMACAlgorithm(hash_alg)
    theirs = pyjwt_algorithms.HMACAlgorithm(hash_alg)
    assert ours.sign(b"m", b"k") == theirs.sign(b"m", b"k")
    assert ours.compute_hash_digest(b"data") == theirs.compute_hash_digest(b"data")
    assert ours.check_key_length(b"k" * (size - 1)) == theirs.check_key_length(b"k" * (size - 1))
    assert ours.check_key_length(b"k" * size) is None


def test_hmac_prepare_key_empty_rejected() -> None:
    with pytest.raises(InvalidKeyError, match="must not be empty") as caught:
        HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(b"")
    assert caught.value.code == "ERR_KEY_INVALID"


def test_hmac_prepare_key_wrong_type() -> None:
    with pytest.raises(TypeError, match="string or bytes"):
        HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(123)  # type: ignore[arg-type]


def test_hmac_prepare_key_does_not_inspect_secret() -> None:
    pem = b"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"
    assert HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(pem) == pem
    with pytest.raises(pyjwt_algorithms.InvalidKeyError):
        pyjwt_algorithms.HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(pem)


def test_hmac_jwk_round_trip() -> None:
    jwk_text = HMACAlgorithm.to_jwk(b"secret")
    assert json.loads(jwk_text) == {"k": "c2VjcmV0", "kty": "oct"}
    assert jwk_text == pyjwt_algorithms.HMACAlgorithm.to_jwk(b"secret")
    assert HMACAlgorithm.to_jwk("secret", as_dict=True) == {"k": "c2VjcmV0", "kty": "oct"}
    assert HMACAlgorithm.from_jwk(jwk_text) == b"secret"
    assert HMACAlgorithm.from_jwk({"kty": "oct", "k": "c2VjcmV0"}) == b"secret"


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1]", "not valid JSON"),
        ({"kty": "RSA", "k": "c2VjcmV0"}, "Not an HMAC key"),
        ({"kty": "oct"}, '"k"'),
        ({"kty": "oct", "k": ""}, "must not be empty"),
    ],
)
def test_hmac_from_jwk_rejects(jwk: Any, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message) as caught:
        HMACAlgorithm.from_jwk(jwk)
    assert caught.value.code == "ERR_KEY_INVALID"


def test_none_algorithm() -> None:
    algorithm = NoneAlgorithm()
    assert algorithm.prepare_key(None) is None
    assert algorithm.prepare_key("") is None
    assert algorithm.sign(b"m", None) == b""
    assert algorithm.verify(b"m", None, b"") is False
    with pytest.raises(InvalidKeyError, match="must be None") as caught:
        algorithm.prepare_key("secret")
    assert caught.value.code == "ERR_KEY_INVALID"
    with pytest.raises(NotImplementedError):
        NoneAlgorithm.to_jwk(None)
    with pytest.raises(NotImplementedError):
        NoneAlgorithm.from_jwk("{}")
    with pytest.raises(NotImplementedError):
        algorithm.compute_hash_digest(b"m")


def test_algorithm_is_abstract() -> None:
    with pytest.raises(TypeError):
        Algorithm()  # type: ignore[abstract]


def test_algorithm_subclass_defaults() -> None:
    class Plain(Algorithm):
        def prepare_key(self, key: Any) -> Any:
            return key

        def sign(self, msg: bytes, key: Any) -> bytes:
            return msg

        def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
            return msg == sig

        @staticmethod
        def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
            return {}

        @staticmethod
        def from_jwk(jwk: Any) -> Any:
            return jwk

    plain = Plain()
    assert plain.check_key_length(b"") is None
    with pytest.raises(NotImplementedError):
        plain.compute_hash_digest(b"m")
    plain.hash_alg = hashlib.sha256  # type: ignore[attr-defined]
    assert plain.compute_hash_digest(b"m") == hashlib.sha256(b"m").digest()
