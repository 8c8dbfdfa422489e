"""Hostile input: every failure is a library exception, never a crash or a panic."""

from __future__ import annotations

import base64
import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import onlyoffice_jwt
from onlyoffice_jwt import _native
from conftest import CB_FLAT, NOW, S32

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


SEGMENTS = st.one_of(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.", max_size=40),
    st.binary(max_size=60).map(b64),
    st.sampled_from(['{"alg":"HS256"}', '{"alg":"none"}', "[]", "{}", '{"a":1,"a":2}', "1e999", '"\\ud800"']).map(
        lambda text: b64(text.encode())
    ),
)
# Strings with lone surrogates, such as json.loads('"\\ud800"') returns: not valid Unicode.
SURROGATE_TEXT = st.text(
    alphabet=st.one_of(st.characters(categories=["Cs"]), st.sampled_from("eyJ.A-_")), min_size=1, max_size=20
).filter(lambda text: any("\ud800" <= char <= "\udfff" for char in text))
TOKENS = st.one_of(
    st.text(max_size=80),
    SURROGATE_TEXT,
    st.tuples(SURROGATE_TEXT, st.just(CB_FLAT)).map("".join),
    st.binary(max_size=80),
    st.tuples(SEGMENTS, SEGMENTS, SEGMENTS).map(".".join),
    st.lists(SEGMENTS, max_size=5).map(".".join),
)


@FUZZ
@given(jwt=TOKENS, verify_signature=st.booleans())
def test_decode_raises_only_library_errors(jwt: Any, verify_signature: bool) -> None:
    try:
        onlyoffice_jwt.decode(
            jwt, S32, algorithms=["HS256", "HS512"], options={"verify_signature": verify_signature}, now=NOW
        )
    except onlyoffice_jwt.PyJWTError:
        pass


@FUZZ
@given(jwt=TOKENS)
def test_get_unverified_header_raises_only_library_errors(jwt: Any) -> None:
    try:
        onlyoffice_jwt.get_unverified_header(jwt)
    except onlyoffice_jwt.PyJWTError:
        pass


# Values a parsed body may hold, including what no JSON text could produce.
BODY_VALUES = st.recursive(
    st.one_of(
        TOKENS,
        st.integers(),
        st.none(),
        st.floats(),
        st.just(float("nan")),
        st.just(float("inf")),
        st.frozensets(st.integers(), max_size=2).map(set),
        st.just(object()),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=3), SURROGATE_TEXT, st.integers()), children, max_size=3),
    ),
    max_leaves=8,
)
BODIES = st.one_of(
    st.none(),
    st.binary(max_size=80),
    st.text(max_size=80),
    SURROGATE_TEXT,
    st.dictionaries(st.sampled_from(["token", "key", "status", "url"]), st.one_of(TOKENS, st.integers(), st.none())),
    st.dictionaries(st.one_of(st.sampled_from(["token", "key", "status"]), SURROGATE_TEXT), BODY_VALUES, max_size=4),
)
HEADER_NAMES = st.one_of(st.sampled_from(["Authorization", "authorization", "X"]), SURROGATE_TEXT)
HEADER_VALUES = st.one_of(TOKENS.map(lambda token: f"Bearer {token}" if isinstance(token, str) else token), st.integers())


@FUZZ
@given(body=BODIES, headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES)))
def test_verify_callback_raises_only_library_errors(body: Any, headers: list[tuple[str, Any]]) -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    try:
        server.verify_callback(body, headers)
    except onlyoffice_jwt.PyJWTError:
        pass


@FUZZ
@given(url=st.one_of(st.text(max_size=40), SURROGATE_TEXT), headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES)))
def test_verify_download_raises_only_library_errors(url: str, headers: list[tuple[str, Any]]) -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    try:
        server.verify_download(url, headers)
    except onlyoffice_jwt.PyJWTError:
        pass


def test_parsed_body_token_lone_surrogate_library_error() -> None:
    # A connector's `except PyJWTError` must catch it, so that the host replies 403, not 500.
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        server.verify_callback(json.loads('{"token":"x\\ud800"}'))
    assert caught.value.code == "ERR_JSON_INVALID"
    assert "not valid Unicode" in str(caught.value)


def test_oversized_token_malformed() -> None:
    token = "e30." + "A" * (1 << 21) + ".AAAA"
    try:
        onlyoffice_jwt.decode(token, S32, algorithms=["HS256"])
    except onlyoffice_jwt.DecodeError as error:
        assert error.code == "ERR_JWT_MALFORMED"
    else:
        raise AssertionError("an oversized token was accepted")


def test_deeply_nested_payload_rejected() -> None:
    payload = b64(b"[" * 100000)
    token = b64(b'{"alg":"HS256"}') + "." + payload + ".AAAA"
    try:
        onlyoffice_jwt.decode(token, options={"verify_signature": False})
    except onlyoffice_jwt.DecodeError as error:
        assert error.code == "ERR_JSON_INVALID"
    else:
        raise AssertionError("a payload nested 100000 levels deep was accepted")


# Payload bytes for correctly signed tokens, so that hostile JSON reaches the reader and the
# object builder of the verified path, not only the signature check.
PAYLOAD_BYTES = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=120).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from(
            [b"{", b"}", b"[", b"]", b'"', b"\\", b":", b",", b" ", b"1", b"-", b"e", b".", b"0", b"true", b"null",
             b'"exp"', b'"a"', b'"\\u', b"d800", b"\xc3", b"\xff", b"9" * 30]
        ),
        max_size=40,
    ).map(b"".join),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5)),
        lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=3), children, max_size=3)),
        max_leaves=10,
    ).map(lambda value: json.dumps({"v": value, "exp": NOW + 10}).encode()),
)


@FUZZ
@given(payload=PAYLOAD_BYTES, complete=st.booleans())
def test_signed_hostile_payload_raises_only_library_errors(payload: bytes, complete: bool) -> None:
    jwt = _native.sign_raw(b'{"alg":"HS256","typ":"JWT"}', payload, S32, "HS256")
    decoder = onlyoffice_jwt.decode_complete if complete else onlyoffice_jwt.decode
    try:
        result = decoder(jwt, S32, algorithms=["HS256"], now=NOW)
    except onlyoffice_jwt.PyJWTError:
        return
    claims = result["payload"] if complete else result
    assert claims == json.loads(payload)


# Values of every kind for arguments: what a caller might pass by mistake.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.binary(max_size=6),
    st.lists(st.one_of(st.text(max_size=6), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.text(max_size=6), st.integers(), st.none()), max_size=3),
    st.just(object()),
    st.just(float("nan")),
    st.builds(lambda: (x for x in ["HS256", 1])),
)


@FUZZ
@given(
    algorithms=JUNK,
    options=JUNK,
    audience=JUNK,
    issuer=JUNK,
    subject=JUNK,
    leeway=JUNK,
    key=JUNK,
    jwt=st.one_of(JUNK, st.just(CB_FLAT)),
)
def test_decode_junk_arguments_raise_exceptions(
    algorithms: Any, options: Any, audience: Any, issuer: Any, subject: Any, leeway: Any, key: Any, jwt: Any
) -> None:
    # Any failure must be an ordinary exception: a Rust panic would be a BaseException.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            onlyoffice_jwt.decode(
                jwt,
                key,
                algorithms=algorithms,
                options=options,
                audience=audience,
                issuer=issuer,
                subject=subject,
                leeway=leeway,
                now=NOW,
            )
    except Exception:  # noqa: BLE001 - the class is not the point, only that it is an Exception
        pass


@FUZZ
@given(payload=JUNK, key=JUNK, algorithm=JUNK, headers=JUNK, sort_headers=JUNK)
def test_encode_junk_arguments_raise_exceptions(
    payload: Any, key: Any, algorithm: Any, headers: Any, sort_headers: Any
) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            onlyoffice_jwt.encode(payload, key, algorithm=algorithm, headers=headers, sort_headers=sort_headers)
    except Exception:  # noqa: BLE001 - the class is not the point, only that it is an Exception
        pass


@FUZZ
@given(value=JUNK, url=st.one_of(st.text(max_size=30), JUNK), headers=JUNK, operation=JUNK)
def test_document_server_junk_arguments_raise_exceptions(value: Any, url: Any, headers: Any, operation: Any) -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    calls = [
        lambda: server.sign_config(value),
        lambda: server.sign_method(value),
        lambda: server.sign_request(value, operation),
        lambda: server.verify_callback(value, headers),
        lambda: server.verify_download(url, headers),
        lambda: onlyoffice_jwt.DocumentServer(value, header=url, extra_secrets=headers),
    ]
    for call in calls:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                call()
        except Exception:  # noqa: BLE001 - the class is not the point, only that it is an Exception
            pass
