"""onlyoffice_jwt.PyJWS and the module onlyoffice_jwt.api_jws."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from typing import Any

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import PyJWS, api_jws
from onlyoffice_jwt.algorithms import Algorithm, HMACAlgorithm
from conftest import S32

KEY64 = S32 * 2


def parts(token: str) -> tuple[dict[str, Any], str, str]:
    header, payload, signature = token.split(".")
    return onlyoffice_jwt.get_unverified_header(token), payload, signature


class Reversing(Algorithm):
    """A custom algorithm: the signature is the reversed message."""

    def prepare_key(self, key: Any) -> Any:
        return key

    def sign(self, msg: bytes, key: Any) -> bytes:
        return msg[::-1]

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        return sig == msg[::-1]

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        raise NotImplementedError

    @staticmethod
    def from_jwk(jwk: Any) -> Any:
        raise NotImplementedError


def test_encode_decode_round_trip() -> None:
    jws = PyJWS()
    token = jws.encode(b"any bytes \x00\xff", KEY64)
    assert jws.decode(token, KEY64, algorithms=["HS256"]) == b"any bytes \x00\xff"
    complete = jws.decode_complete(token, KEY64, algorithms=["HS256"])
    assert complete["header"] == {"alg": "HS256", "typ": "JWT"}
    assert complete["payload"] == b"any bytes \x00\xff"
    assert len(complete["signature"]) == 32


def test_encode_matches_module_encode_for_json() -> None:
    payload = json.dumps({"a": 1}, separators=(",", ":")).encode()
    assert PyJWS().encode(payload, KEY64, "HS384") == onlyoffice_jwt.encode({"a": 1}, KEY64, "HS384")


def test_encode_headers_alg_and_typ() -> None:
    header, _, _ = parts(PyJWS().encode(b"x", KEY64, "HS256", headers={"alg": "HS512", "typ": None, "kid": "k"}))
    assert header == {"alg": "HS512", "kid": "k"}


def test_encode_unsorted_headers() -> None:
    token = PyJWS().encode(b"x", KEY64, sort_headers=False)
    assert token.split(".")[0] == "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"


def test_encode_kid_must_be_string() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID") as caught:
        PyJWS().encode(b"x", KEY64, headers={"kid": 1})
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_encode_detached_payload() -> None:
    token = PyJWS().encode(b"$.02", KEY64, is_payload_detached=True)
    header, payload, _ = parts(token)
    assert header == {"alg": "HS256", "b64": False, "crit": ["b64"], "typ": "JWT"}
    assert payload == ""
    assert PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=b"$.02") == b"$.02"


def test_encode_b64_false_header_detaches() -> None:
    token = PyJWS().encode(b"p", KEY64, headers={"b64": False, "crit": ["x"]})
    header, payload, _ = parts(token)
    assert header["crit"] == ["x", "b64"]
    assert payload == ""


def test_encode_b64_true_header_dropped() -> None:
    header, _, _ = parts(PyJWS().encode(b"p", KEY64, headers={"b64": True}))
    assert "b64" not in header


def test_encode_detached_crit_not_list() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="must be a list") as caught:
        PyJWS().encode(b"p", KEY64, headers={"crit": "b64"}, is_payload_detached=True)
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


def test_encode_none_algorithm() -> None:
    token = PyJWS().encode(b"p", None, algorithm=None)
    assert token.endswith(".")
    assert parts(token)[0]["alg"] == "none"
    assert PyJWS().decode(token, options={"verify_signature": False}) == b"p"
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        PyJWS().decode(token, None, algorithms=["none"])


def test_encode_unsupported_algorithm() -> None:
    with pytest.raises(NotImplementedError, match="only HMAC"):
        PyJWS().encode(b"p", KEY64, "RS256")
    with pytest.raises(NotImplementedError, match="Algorithm not supported"):
        PyJWS().encode(b"p", KEY64, "XX1")


def test_encode_short_key_warns_or_raises() -> None:
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning, match="32 bytes for SHA256"):
        PyJWS().encode(b"p", "short")
    with pytest.raises(onlyoffice_jwt.InvalidKeyError, match="below the minimum") as caught:
        PyJWS(options={"enforce_minimum_key_length": True}).encode(b"p", "short")
    assert caught.value.code == "ERR_KEY_INVALID"


def test_decode_requires_algorithms() -> None:
    token = PyJWS().encode(b"p", KEY64)
    with pytest.raises(onlyoffice_jwt.DecodeError, match='"algorithms"') as caught:
        PyJWS().decode(token, KEY64)
    assert caught.value.code == "ERR_JWT_ALG_NOT_ALLOWED"


def test_decode_instance_option_skips_signature() -> None:
    token = PyJWS().encode(b"p", KEY64)
    assert PyJWS(options={"verify_signature": False}).decode(token, "wrong") == b"p"
    with pytest.raises(onlyoffice_jwt.DecodeError):
        PyJWS(options={"verify_signature": False}).decode(token, "wrong", options={"verify_signature": True})


@pytest.mark.parametrize(
    ("change", "error", "code"),
    [
        ("wrong key", onlyoffice_jwt.InvalidSignatureError, "ERR_JWS_SIGNATURE_INVALID"),
        ("not allowed", onlyoffice_jwt.InvalidAlgorithmError, "ERR_JWT_ALG_NOT_ALLOWED"),
        ("padded payload", onlyoffice_jwt.DecodeError, "ERR_JWT_MALFORMED"),
        ("two segments", onlyoffice_jwt.DecodeError, "ERR_JWT_MALFORMED"),
        ("bad signature segment", onlyoffice_jwt.DecodeError, "ERR_JWT_MALFORMED"),
    ],
)
def test_decode_rejects(change: str, error: type[Exception], code: str) -> None:
    token = PyJWS().encode(b"pa", KEY64)
    header, payload, signature = token.split(".")
    key, allowed = KEY64, ["HS256"]
    if change == "wrong key":
        key = KEY64 + "!"
    elif change == "not allowed":
        allowed = ["HS384"]
    elif change == "padded payload":
        token = f"{header}.{payload}==.{signature}"
    elif change == "two segments":
        token = f"{header}.{payload}"
    elif change == "bad signature segment":
        token = f"{header}.{payload}.{signature[:-1]}!"
    with pytest.raises(error) as caught:
        PyJWS().decode(token, key, algorithms=allowed)
    assert caught.value.code == code  # type: ignore[attr-defined]


def test_decode_header_strict_json() -> None:
    duplicate = onlyoffice_jwt.utils.base64url_encode(b'{"alg":"HS256","alg":"none"}').decode()
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        PyJWS().decode(duplicate + ".cA.AAAA", KEY64, algorithms=["HS256"])
    assert caught.value.code == "ERR_JSON_DUPLICATE_MEMBER"


def test_decode_missing_alg() -> None:
    header = onlyoffice_jwt.utils.base64url_encode(b'{"typ":"JWT"}').decode()
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="not specified"):
        PyJWS().decode(header + ".cA.AAAA", KEY64, algorithms=["HS256"])


@pytest.mark.parametrize(
    ("crit", "message"),
    [
        ([], "non-empty list"),
        ("b64", "non-empty list"),
        ([1], "must be strings"),
        (["exp"], "Unsupported critical extension: exp"),
        (["b64"], "missing from headers"),
    ],
)
def test_decode_crit_checked(crit: Any, message: str) -> None:
    header = json.dumps({"alg": "HS256", "crit": crit}).encode()
    token = onlyoffice_jwt._native.sign_raw(header, b"p", KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match=message) as caught:
        PyJWS().decode(token, KEY64, algorithms=["HS256"])
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


def test_decode_b64_true_in_crit_accepted() -> None:
    token = PyJWS().encode(b"p", KEY64, headers={"crit": ["b64"], "b64": True})
    # b64: True is dropped by encode, so the header lists a missing extension.
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="missing from headers"):
        PyJWS().decode(token, KEY64, algorithms=["HS256"])
    header = b'{"alg":"HS256","b64":true,"crit":["b64"]}'
    signed = onlyoffice_jwt._native.sign_raw(header, b"p", KEY64, "HS256")
    assert PyJWS().decode(signed, KEY64, algorithms=["HS256"]) == b"p"


def test_decode_detached_errors() -> None:
    token = PyJWS().encode(b"p", KEY64, is_payload_detached=True)
    with pytest.raises(onlyoffice_jwt.DecodeError, match="detached_payload"):
        PyJWS().decode(token, KEY64, algorithms=["HS256"])
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=b"q")
    with pytest.raises(TypeError, match="detached_payload must be bytes"):
        PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload="p")  # type: ignore[arg-type]
    attached = PyJWS().encode(b"p", KEY64)
    with pytest.raises(onlyoffice_jwt.DecodeError, match="only valid"):
        PyJWS().decode(attached, KEY64, algorithms=["HS256"], detached_payload=b"p")


def test_decode_unencoded_payload_segment_must_be_empty() -> None:
    header = b'{"alg":"HS256","b64":false,"crit":["b64"]}'
    token = onlyoffice_jwt._native.sign_raw(header, b"p", KEY64, "HS256")
    with pytest.raises(onlyoffice_jwt.DecodeError, match="must be empty") as caught:
        PyJWS().decode(token, KEY64, algorithms=["HS256"], detached_payload=b"p")
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_decode_b64_false_needs_crit() -> None:
    token = PyJWS().encode(b"p", KEY64, headers={"b64": False, "crit": []})
    # An empty crit list was extended with "b64", so build the header by hand instead.
    assert parts(token)[0]["crit"] == ["b64"]
    header = onlyoffice_jwt.utils.base64url_encode(b'{"alg":"HS256","b64":false}').decode()
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="listed in 'crit'") as caught:
        PyJWS().decode(header + "..AAAA", KEY64, algorithms=["HS256"], detached_payload=b"p")
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


def test_decode_extra_kwargs_warn() -> None:
    token = PyJWS().encode(b"p", KEY64)
    with pytest.warns(DeprecationWarning, match="Unsupported kwargs"):
        PyJWS().decode(token, KEY64, algorithms=["HS256"], unknown=1)


def test_get_unverified_header() -> None:
    token = PyJWS().encode(b"p", KEY64, headers={"kid": "k1"})
    assert PyJWS().get_unverified_header(token) == {"alg": "HS256", "kid": "k1", "typ": "JWT"}
    with pytest.raises(onlyoffice_jwt.DecodeError):
        PyJWS().get_unverified_header("only.two")


def test_registry_lists_and_limits() -> None:
    assert sorted(PyJWS().get_algorithms()) == ["HS256", "HS384", "HS512", "none"]
    limited = PyJWS(algorithms=["HS256", "RS256"])
    assert sorted(limited.get_algorithms()) == ["HS256", "RS256"]
    assert isinstance(limited.get_algorithm_by_name("HS256"), HMACAlgorithm)
    with pytest.raises(NotImplementedError, match="only HMAC"):
        limited.get_algorithm_by_name("RS256")
    token = PyJWS().encode(b"p", KEY64, "HS384")
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="not supported"):
        limited.decode(token, KEY64, algorithms=["HS384"])


def test_register_custom_algorithm() -> None:
    jws = PyJWS()
    jws.register_algorithm("REV", Reversing())
    assert "REV" in jws.get_algorithms()
    token = jws.encode(b"abc", None, "REV")
    assert jws.decode(token, None, algorithms=["REV"]) == b"abc"
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        jws.decode(token[:-2] + "AA", None, algorithms=["REV"])
    with pytest.raises(NotImplementedError):
        PyJWS().encode(b"abc", None, "REV")


def test_register_errors() -> None:
    jws = PyJWS()
    with pytest.raises(ValueError, match="already has a handler"):
        jws.register_algorithm("HS256", Reversing())
    with pytest.raises(TypeError, match="not of type"):
        jws.register_algorithm("X", object())  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="not registered"):
        jws.unregister_algorithm("X")


def test_unregister_algorithm() -> None:
    jws = PyJWS()
    jws.unregister_algorithm("HS256")
    assert "HS256" not in jws.get_algorithms()
    with pytest.raises(NotImplementedError):
        jws.get_algorithm_by_name("HS256")
    token = PyJWS().encode(b"p", KEY64)
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="not supported"):
        jws.decode(token, KEY64, algorithms=["HS256"])


def test_module_level_functions_bound_to_one_instance() -> None:
    assert api_jws.encode.__self__ is api_jws._jws_global_obj  # type: ignore[attr-defined]
    assert onlyoffice_jwt.register_algorithm.__self__ is api_jws._jws_global_obj  # type: ignore[attr-defined]
    assert onlyoffice_jwt.get_algorithm_by_name("HS512").hash_alg is HMACAlgorithm.SHA512  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", onlyoffice_jwt.InsecureKeyLengthWarning)
        assert api_jws.decode(api_jws.encode(b"p", "k"), "k", algorithms=["HS256"]) == b"p"


# Registering on the module-level instance changes the module-level functions for the rest
# of the process, so it runs in a child interpreter.
MODULE_REGISTRATION = r'''
import warnings
import onlyoffice_jwt as jwt
from onlyoffice_jwt.algorithms import HMACAlgorithm

class Tagged(HMACAlgorithm):
    def sign(self, msg, key):
        return b"tag" + super().sign(msg, key)

    def verify(self, msg, key, sig):
        return sig == self.sign(msg, key)

key = "k" * 32
plain = jwt.encode({"a": 1}, key)
jwt.register_algorithm("XS256", Tagged(HMACAlgorithm.SHA256))
token = jwt.encode({"a": 1}, key, algorithm="XS256")
assert jwt.get_unverified_header(token)["alg"] == "XS256"
assert jwt.decode(token, key, algorithms=["XS256"]) == {"a": 1}
assert jwt.decode(plain, key, algorithms=["HS256"]) == {"a": 1}
jwt.unregister_algorithm("HS256")
try:
    jwt.decode(plain, key, algorithms=["HS256"])
except jwt.InvalidAlgorithmError as error:
    print("rejected:", error)
else:
    raise SystemExit("HS256 still accepted after unregister_algorithm")
'''


def test_module_register_algorithm_reaches_module_functions() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", MODULE_REGISTRATION], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "rejected: Algorithm not supported"
