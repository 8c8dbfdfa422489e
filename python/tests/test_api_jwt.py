"""onlyoffice_jwt.PyJWT and the module onlyoffice_jwt.api_jwt."""

from __future__ import annotations

import inspect
import json
from datetime import datetime, timezone
from typing import Any

import jwt as pyjwt
import pytest

import onlyoffice_jwt
from onlyoffice_jwt import PyJWK, PyJWS, PyJWT, _native, api_jwt
from onlyoffice_jwt.algorithms import HMACAlgorithm
from conftest import NOW, S32

KEY64 = S32 * 2


def test_module_functions_are_native() -> None:
    assert api_jwt.encode is _native.encode
    assert api_jwt.decode is _native.decode
    assert api_jwt.decode_complete is _native.decode_complete
    assert onlyoffice_jwt.decode is _native.decode


@pytest.mark.parametrize("name", ["encode", "decode", "decode_complete"])
def test_method_signatures_match_pyjwt(name: str) -> None:
    ours = list(inspect.signature(getattr(PyJWT, name)).parameters)
    theirs = list(inspect.signature(getattr(pyjwt.PyJWT, name)).parameters)
    assert ours == theirs


@pytest.mark.parametrize("name", ["encode", "decode", "decode_complete", "get_unverified_header"])
def test_pyjws_method_signatures_match_pyjwt(name: str) -> None:
    ours = list(inspect.signature(getattr(PyJWS, name)).parameters)
    theirs = list(inspect.signature(getattr(pyjwt.PyJWS, name)).parameters)
    assert ours == theirs


def test_default_options() -> None:
    assert PyJWT().options == pyjwt.PyJWT().options


def test_instance_options_merged_like_pyjwt() -> None:
    for options in ({"verify_exp": False}, {"verify_signature": False}, {"verify_signature": False, "verify_aud": True}):
        assert PyJWT(options).options == pyjwt.PyJWT(options).options


def test_encode_decode_round_trip() -> None:
    token = PyJWT().encode({"a": 1}, KEY64, "HS512")
    assert token == onlyoffice_jwt.encode({"a": 1}, KEY64, "HS512")
    assert PyJWT().decode(token, KEY64, algorithms=["HS512"]) == {"a": 1}
    complete = PyJWT().decode_complete(token, KEY64, algorithms=["HS512"])
    assert complete["header"] == {"alg": "HS512", "typ": "JWT"}
    assert complete["payload"] == {"a": 1}


def test_encode_datetime_and_types() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    token = PyJWT().encode({"exp": moment}, KEY64, headers={"b64": False})
    assert json.loads(PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=b'{"exp":1700000000}')) == {
        "exp": NOW
    }
    with pytest.raises(TypeError, match="Expecting a dict"):
        PyJWT().encode([1], None, algorithm=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Issuer"):
        PyJWT().encode({"iss": 1}, None, algorithm=None)


def test_instance_option_switches_claim_check() -> None:
    expired = onlyoffice_jwt.encode({"exp": 1}, KEY64)
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError) as caught:
        PyJWT().decode(expired, KEY64, algorithms=["HS256"])
    assert caught.value.code == "ERR_JWT_EXPIRED"
    assert PyJWT({"verify_exp": False}).decode(expired, KEY64, algorithms=["HS256"]) == {"exp": 1}
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        PyJWT({"verify_exp": False}).decode(expired, KEY64, algorithms=["HS256"], options={"verify_exp": True})


def test_instance_verify_signature_off_keeps_signature_check() -> None:
    # As in PyJWT: only the call's options decide the signature check.
    token = onlyoffice_jwt.encode({"exp": 1}, KEY64)
    instance = PyJWT({"verify_signature": False})
    assert instance.decode(token, KEY64, algorithms=["HS256"]) == {"exp": 1}
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        instance.decode(token, KEY64 + "!", algorithms=["HS256"])


def test_require_option_from_instance() -> None:
    token = onlyoffice_jwt.encode({"a": 1}, KEY64)
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError, match='"sub"') as caught:
        PyJWT({"require": ["sub"]}).decode(token, KEY64, algorithms=["HS256"])
    assert caught.value.code == "ERR_JWT_CLAIM_MISSING"


def test_enforce_minimum_key_length_from_instance() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError, match="below the minimum"):
        PyJWT({"enforce_minimum_key_length": True}).encode({}, "short")
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning):
        token = PyJWT().encode({}, "short")
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        PyJWT({"enforce_minimum_key_length": True}).decode(token, "short", algorithms=["HS256"])


def test_verify_argument_mismatch_warns() -> None:
    token = onlyoffice_jwt.encode({}, KEY64)
    with pytest.warns(DeprecationWarning, match="`verify` argument"):
        PyJWT().decode(token, KEY64, algorithms=["HS256"], verify=False)
    jwk = PyJWK({"kty": "oct", "k": onlyoffice_jwt.utils.base64url_encode(KEY64.encode()).decode()})
    with pytest.warns(DeprecationWarning, match="`verify` argument"):
        PyJWT().decode(token, jwk, verify=False)


def test_none_algorithm_through_class() -> None:
    token = PyJWT().encode({"a": 1}, None, algorithm=None)
    assert token == pyjwt.PyJWT().encode({"a": 1}, None, algorithm=None)
    assert PyJWT().decode(token, options={"verify_signature": False}) == {"a": 1}
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        PyJWT().decode(token, algorithms=["none"])
    with pytest.raises(onlyoffice_jwt.InvalidKeyError, match="must be None"):
        PyJWT().decode(token, KEY64, algorithms=["none"])


def test_none_algorithm_rejected_by_module_encode() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError):
        onlyoffice_jwt.encode({"a": 1}, KEY64, algorithm="none")


def test_custom_algorithm_on_instance() -> None:
    class Prefixed(HMACAlgorithm):
        def sign(self, msg: bytes, key: bytes) -> bytes:
            return b"p" + super().sign(msg, key)

    instance = PyJWT()
    instance._jws.register_algorithm("PS1", Prefixed(HMACAlgorithm.SHA256))
    token = instance.encode({"a": 1}, KEY64, algorithm="PS1")
    assert instance.decode(token, KEY64, algorithms=["PS1"]) == {"a": 1}
    # Other instances and the module-level functions keep the built-in algorithms.
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError):
        onlyoffice_jwt.decode(token, KEY64, algorithms=["PS1"])
    with pytest.raises(NotImplementedError):
        PyJWT().encode({"a": 1}, KEY64, algorithm="PS1")


def test_python_path_checks_claims_natively() -> None:
    # A PyJWK key takes the Python path; the claims are still checked with the strict rules.
    jwk = PyJWK({"kty": "oct", "k": onlyoffice_jwt.utils.base64url_encode(KEY64.encode()).decode()})
    expired = onlyoffice_jwt.encode({"exp": 1}, KEY64)
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        PyJWT().decode(expired, jwk)
    assert PyJWT().decode(expired, jwk, leeway=NOW, now=NOW) == {"exp": 1}
    string_exp = _native.sign_raw(b'{"alg":"HS256"}', b'{"exp":"1"}', KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.DecodeError, match="Expiration Time") as caught:
        PyJWT().decode(string_exp, jwk)
    assert caught.value.code == "ERR_JWT_CLAIM_INVALID"
    duplicate = _native.sign_raw(b'{"alg":"HS256"}', b'{"a":1,"a":2}', KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught_duplicate:
        PyJWT().decode(duplicate, jwk)
    assert caught_duplicate.value.code == "ERR_JSON_DUPLICATE_MEMBER"


def test_python_path_payload_must_be_object() -> None:
    token = PyJWS().encode(b"[1]", KEY64, is_payload_detached=True)
    with pytest.raises(onlyoffice_jwt.DecodeError):
        PyJWT().decode(token, KEY64, algorithms=["HS256"], detached_payload=b"[1]")


def test_python_path_extra_kwargs_warn() -> None:
    jwk = PyJWK({"kty": "oct", "k": onlyoffice_jwt.utils.base64url_encode(KEY64.encode()).decode()})
    token = onlyoffice_jwt.encode({}, KEY64)
    with pytest.warns(DeprecationWarning, match="Unsupported kwargs"):
        PyJWT().decode(token, jwk, unknown=1)


def test_subclass_uses_python_path() -> None:
    class Custom(PyJWT):
        pass

    token = onlyoffice_jwt.encode({"a": 1}, KEY64)
    assert Custom().decode(token, KEY64, algorithms=["HS256"]) == {"a": 1}
    assert Custom().encode({"a": 1}, KEY64) == token


def test_decode_options_mapping_types() -> None:
    token = onlyoffice_jwt.encode({"exp": 1}, KEY64)
    options: dict[str, Any] = {"verify_exp": False}
    assert PyJWT().decode(token, KEY64, algorithms=["HS256"], options=options) == {"exp": 1}
    assert options == {"verify_exp": False}


def test_subclass_payload_hooks_like_pyjwt() -> None:
    import zlib

    def make(base: Any) -> Any:
        class Compressed(base):  # type: ignore[misc, valid-type]
            def _encode_payload(self, payload: Any, headers: Any = None, json_encoder: Any = None) -> bytes:
                return zlib.compress(json.dumps(payload, separators=(",", ":")).encode())

            def _decode_payload(self, decoded: dict[str, Any]) -> Any:
                return json.loads(zlib.decompress(decoded["payload"]))

        return Compressed()

    ours, theirs = make(PyJWT), make(pyjwt.PyJWT)
    token = ours.encode({"a": 1, "exp": 1}, KEY64)
    assert token == theirs.encode({"a": 1, "exp": 1}, KEY64)
    assert ours.decode(token, KEY64, algorithms=["HS256"], options={"verify_exp": False}) == {"a": 1, "exp": 1}
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        ours.decode(token, KEY64, algorithms=["HS256"])
    with pytest.raises(pyjwt.ExpiredSignatureError):
        theirs.decode(token, KEY64, algorithms=["HS256"])


def test_subclass_validate_claims_hook() -> None:
    class Extra(PyJWT):
        def _validate_claims(self, payload: dict[str, Any], options: dict[str, Any], **kwargs: Any) -> None:
            super()._validate_claims(payload, options, **kwargs)
            if payload.get("role") != "admin":
                raise onlyoffice_jwt.InvalidTokenError("not an admin")

    token = onlyoffice_jwt.encode({"role": "user", "aud": "ds"}, KEY64)
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="not an admin"):
        Extra().decode(token, KEY64, algorithms=["HS256"], audience="ds")
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError):
        Extra().decode(token, KEY64, algorithms=["HS256"], audience="other")
