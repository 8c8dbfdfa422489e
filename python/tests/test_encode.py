"""onlyoffice_jwt.encode: PyJWT's output, types and errors."""

from __future__ import annotations

import enum
import json
import warnings
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import jwt as pyjwt
import pytest

import onlyoffice_jwt
from conftest import NOW, S32


def both(payload: dict[str, Any], key: Any = S32 * 2, **kwargs: Any) -> tuple[str, str]:
    ours = onlyoffice_jwt.encode(payload, key, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        theirs = pyjwt.encode(payload, key, **kwargs)
    return ours, theirs


def test_encode_returns_str() -> None:
    token = onlyoffice_jwt.encode({"key": "doc-1"}, S32)
    assert type(token) is str
    assert token.count(".") == 2


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"key": "doc-1", "status": 2},
        {"title": "Договор.docx", "emoji": "\U0001f4c4", "ctl": "\x00\x1f\x7f"},
        {"quote": '"\\/\b\f\n\r\t'},
        {"big": 2**200, "neg": -(2**70), "zero": 0},
        {"floats": [0.1, 1e16, 1e-05, 1.0, -0.0, 123456789012345.6, 5e-324, 1.7976931348623157e308]},
        {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf")},
        {"nested": {"list": [1, [2, [3, {"x": None}]]], "tuple": (True, False)}},
        {1: "int key", 2.5: "float key", True: "bool key", None: "none key"},
        {"z": 1, "a": 2, "m": 3},
    ],
)
def test_encode_matches_pyjwt(payload: dict[str, Any]) -> None:
    ours, theirs = both(payload)
    assert ours == theirs


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_encode_algorithms_match_pyjwt(algorithm: str) -> None:
    ours, theirs = both({"key": "doc-1"}, algorithm=algorithm)
    assert ours == theirs


@pytest.mark.parametrize(
    "headers",
    [
        {"kid": "key-2"},
        {"typ": None},
        {"typ": ""},
        {"cty": "x", "alg": "HS512"},
        {"zz": [1, {"b": 2, "a": 1}], "aa": "Ж"},
        {"b64": True},
    ],
)
@pytest.mark.parametrize("sort_headers", [True, False])
def test_encode_headers_match_pyjwt(headers: dict[str, Any], sort_headers: bool) -> None:
    ours, theirs = both({"a": 1}, headers=headers, sort_headers=sort_headers)
    assert ours == theirs


def test_encode_bytes_key_matches_pyjwt() -> None:
    ours, theirs = both({"a": 1}, key=bytes(range(64)))
    assert ours == theirs


def test_encode_datetime_claims_as_timestamps() -> None:
    aware = datetime.fromtimestamp(NOW, tz=timezone.utc)
    naive = datetime(2023, 11, 14, 22, 13, 20, 999999)
    offset = datetime(2023, 11, 15, 1, 13, 20, tzinfo=timezone(timedelta(hours=3)))
    payload = {"exp": aware, "iat": naive, "nbf": offset}
    ours, theirs = both(payload)
    assert ours == theirs
    claims = onlyoffice_jwt.decode(ours, options={"verify_signature": False})
    assert claims == {"exp": NOW, "iat": NOW, "nbf": NOW}
    assert isinstance(payload["exp"], datetime)


def test_encode_lone_surrogate_matches_pyjwt() -> None:
    ours, theirs = both({"text": "a\ud800b\udfff"})
    assert ours == theirs


def test_encode_int_and_str_subclasses_match_pyjwt() -> None:
    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str, enum.Enum):
        DOC = "doc"

    ours, theirs = both({"level": Level.HIGH, "name": Name.DOC, "flag": True})
    assert ours == theirs


def test_encode_unknown_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        onlyoffice_jwt.encode({"ids": {1, 2}}, S32)


def test_encode_bad_key_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        onlyoffice_jwt.encode({(1, 2): "x"}, S32)


def test_encode_json_encoder_default_used() -> None:
    class SetEncoder(json.JSONEncoder):
        def default(self, o: Any) -> Any:
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    ours, theirs = both({"ids": {3, 1}}, json_encoder=SetEncoder)
    assert ours == theirs


def test_encode_json_encoder_overriding_encode_used() -> None:
    class UpperEncoder(json.JSONEncoder):
        def encode(self, o: Any) -> str:
            return super().encode(o).upper()

    ours, theirs = both({"a": "b"}, json_encoder=UpperEncoder)
    assert ours == theirs


def test_encode_circular_reference_raises_value_error() -> None:
    payload: dict[str, Any] = {}
    payload["self"] = payload
    with pytest.raises(ValueError, match="Circular reference detected"):
        onlyoffice_jwt.encode(payload, S32)


def test_encode_deep_nesting_raises_recursion_error() -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(RecursionError):
        onlyoffice_jwt.encode({"deep": deep}, S32)


def test_encode_non_dict_payload_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Expecting a dict object"):
        onlyoffice_jwt.encode(["a"], S32)  # type: ignore[arg-type]


def test_encode_non_string_iss_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Issuer"):
        onlyoffice_jwt.encode({"iss": 1}, S32)


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "PS512", "EdDSA", "none"])
def test_encode_non_hmac_algorithm_rejected(algorithm: str) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="only the HMAC algorithms") as caught:
        onlyoffice_jwt.encode({"a": 1}, S32, algorithm=algorithm)
    assert caught.value.code == "ERR_JWT_ALG_NOT_ALLOWED"


def test_encode_algorithm_none_argument_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError):
        onlyoffice_jwt.encode({"a": 1}, S32, algorithm=None)


def test_encode_unknown_algorithm_not_implemented() -> None:
    with pytest.raises(NotImplementedError, match="Algorithm not supported"):
        onlyoffice_jwt.encode({"a": 1}, S32, algorithm="hs256")


def test_encode_empty_key_invalid() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError) as caught:
        onlyoffice_jwt.encode({"a": 1}, "")
    assert caught.value.code == "ERR_KEY_INVALID"


def test_encode_key_of_other_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Expected a string or bytes value"):
        onlyoffice_jwt.encode({"a": 1}, 12345)  # type: ignore[arg-type]


def test_encode_short_key_warns() -> None:
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning, match="6 bytes long"):
        onlyoffice_jwt.encode({"a": 1}, "secret")


def test_encode_kid_not_string_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID"):
        onlyoffice_jwt.encode({"a": 1}, S32, headers={"kid": 7})


def test_encode_unencoded_payload_is_detached() -> None:
    token = onlyoffice_jwt.encode({"a": 1}, S32, headers={"b64": False})
    header, payload, signature = token.split(".")
    assert payload == ""
    assert onlyoffice_jwt.get_unverified_header(token) == {"alg": "HS256", "b64": False, "crit": ["b64"], "typ": "JWT"}
    assert len(signature) == 43


def test_encode_signer_never_emits_padding() -> None:
    for index in range(64):
        token = onlyoffice_jwt.encode({"n": index}, S32)
        assert not set("=+/") & set(token)


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, 1.0, -1.0, 1e15, -1e15, 9999999999999998.0, 1e16, 1700000000.0, 1700000000.5, 562949953421312.2],
)
def test_encode_float_repr_matches_pyjwt(value: float) -> None:
    # Whole numbers below 1e16 are written in Rust, the others by float.__repr__; the last
    # value is a tie between two shortest forms, where Rust's formatting differs.
    ours, theirs = both({"v": value, value: "key"})
    assert ours == theirs


def test_encode_container_subclasses_match_pyjwt() -> None:
    class Items(list):  # type: ignore[type-arg]
        pass

    class Pair(tuple):  # type: ignore[type-arg]
        pass

    class Members(dict):  # type: ignore[type-arg]
        pass

    class Ratio(float):
        pass

    payload = {"items": Items([1, 2]), "pair": Pair(("a", "b")), "members": Members(x=1), "ratio": Ratio(0.5)}
    ours, theirs = both(payload)
    assert ours == theirs


def test_encode_list_changed_by_default_matches_pyjwt() -> None:
    items: list[Any] = [1, object(), 3]

    class Shrinking(json.JSONEncoder):
        def default(self, o: Any) -> Any:
            items.pop()
            return "converted"

    ours = onlyoffice_jwt.encode({"items": items}, S32 * 2, json_encoder=Shrinking)
    items[:] = [1, object(), 3]
    theirs = pyjwt.encode({"items": items}, S32 * 2, json_encoder=Shrinking)
    assert ours == theirs


@pytest.mark.parametrize("sort_headers", [0, 1, "", "yes", None])
def test_encode_sort_headers_truthiness_matches_pyjwt(sort_headers: Any) -> None:
    ours, theirs = both({"key": "doc-1"}, headers={"kid": "k1"}, sort_headers=sort_headers)
    assert ours == theirs
    ours, theirs = both({"key": "doc-1"}, sort_headers=sort_headers)
    assert ours == theirs


@pytest.mark.parametrize("headers", [{}, {"alg": ""}, {"alg": None, "kid": "k"}, {"alg": "HS512"}, {"typ": ""}])
def test_encode_header_alg_precedence_matches_pyjwt(headers: dict[str, Any]) -> None:
    ours, theirs = both({"key": "doc-1"}, algorithm="HS384", headers=headers)
    assert ours == theirs


def test_encode_datetime_claims_unchanged_in_caller_dict() -> None:
    issued = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    payload = {"iat": issued, "nested": {"exp": issued.isoformat()}}
    token = onlyoffice_jwt.encode(payload, S32)
    assert payload["iat"] is issued
    claims = onlyoffice_jwt.decode(token, S32, algorithms=["HS256"], options={"verify_iat": False})
    assert claims == {"iat": NOW, "nested": {"exp": issued.isoformat()}}


def test_encode_datetime_with_overriding_encoder_matches_pyjwt() -> None:
    class UpperEncoder(json.JSONEncoder):
        def encode(self, o: Any) -> str:
            return super().encode(o).upper()

    issued = datetime(2023, 11, 14, 22, 13, 20)
    ours, theirs = both({"iat": issued, "a": "b"}, json_encoder=UpperEncoder)
    assert ours == theirs


def mutating_encoder(target: dict[str, Any]) -> type[json.JSONEncoder]:
    class Mutating(json.JSONEncoder):
        def default(self, o: Any) -> Any:
            target.update({f"k{i}": i for i in range(100)})
            target["b"] = 2
            return "x"

    return Mutating


def test_encode_payload_changed_by_default_hook() -> None:
    # json.dumps writes the items the dict had when it reached it, so PyJWT signs those.
    ours_payload = {"a": object(), "b": 1}
    theirs_payload = {"a": object(), "b": 1}
    ours = onlyoffice_jwt.encode(ours_payload, S32 * 2, json_encoder=mutating_encoder(ours_payload))
    theirs = pyjwt.encode(theirs_payload, S32 * 2, json_encoder=mutating_encoder(theirs_payload))
    assert ours == theirs
    assert onlyoffice_jwt.decode(ours, S32 * 2, algorithms=["HS256"]) == {"a": "x", "b": 1}
    assert len(ours_payload) == 102


def test_encode_nested_dict_changed_by_default_hook() -> None:
    inner: dict[str, Any] = {"a": object(), "b": 1}
    payload = {"inner": inner}
    token = onlyoffice_jwt.encode(payload, S32 * 2, json_encoder=mutating_encoder(inner))
    assert onlyoffice_jwt.decode(token, S32 * 2, algorithms=["HS256"]) == {"inner": {"a": "x", "b": 1}}


def test_encode_payload_cleared_by_default_hook() -> None:
    payload: dict[str, Any] = {"a": object(), "b": 1}

    class Clearing(json.JSONEncoder):
        def default(self, o: Any) -> Any:
            payload.clear()
            return "x"

    token = onlyoffice_jwt.encode(payload, S32 * 2, json_encoder=Clearing)
    assert onlyoffice_jwt.decode(token, S32 * 2, algorithms=["HS256"]) == {"a": "x", "b": 1}


def test_encode_payload_changed_by_tzinfo() -> None:
    payload: dict[str, Any] = {}

    class Mutating(tzinfo):
        def utcoffset(self, dt: Any) -> timedelta:
            payload.update({f"k{i}": i for i in range(100)})
            return timedelta(0)

        def dst(self, dt: Any) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: Any) -> str:
            return "UTC"

    payload.update({"exp": datetime(2030, 1, 1, tzinfo=Mutating()), "b": 1})
    token = onlyoffice_jwt.encode(payload, S32 * 2)
    claims = onlyoffice_jwt.decode(token, S32 * 2, algorithms=["HS256"])
    assert claims == {"exp": 1893456000, "b": 1}
