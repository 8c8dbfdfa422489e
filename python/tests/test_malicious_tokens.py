"""Hostile input: every failure is a library exception, never a crash or a panic."""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import onlyoffice_jwt
from conftest import NOW, S32

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
TOKENS = st.one_of(
    st.text(max_size=80),
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
    except (onlyoffice_jwt.PyJWTError, UnicodeEncodeError):
        pass


@FUZZ
@given(jwt=TOKENS)
def test_get_unverified_header_raises_only_library_errors(jwt: Any) -> None:
    try:
        onlyoffice_jwt.get_unverified_header(jwt)
    except (onlyoffice_jwt.PyJWTError, UnicodeEncodeError):
        pass


BODIES = st.one_of(
    st.none(),
    st.binary(max_size=80),
    st.text(max_size=80),
    st.dictionaries(st.sampled_from(["token", "key", "status", "url"]), st.one_of(TOKENS, st.integers(), st.none())),
)
HEADER_VALUES = st.one_of(TOKENS.map(lambda token: f"Bearer {token}" if isinstance(token, str) else token), st.integers())


@FUZZ
@given(body=BODIES, headers=st.lists(st.tuples(st.sampled_from(["Authorization", "authorization", "X"]), HEADER_VALUES)))
def test_verify_callback_raises_only_library_errors(body: Any, headers: list[tuple[str, Any]]) -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    try:
        server.verify_callback(body, headers)
    except (onlyoffice_jwt.PyJWTError, UnicodeEncodeError):
        pass
    except TypeError:
        # A parsed body containing values that JSON cannot represent, such as bytes.
        assert isinstance(body, dict)


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
