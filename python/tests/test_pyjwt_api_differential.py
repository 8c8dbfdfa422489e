"""Differential tests of the class API against PyJWT on generated inputs.

``PyJWT`` and ``PyJWS`` instances, unencoded (detached) payloads, ``strict_aud``, ``PyJWK``
keys and the ``utils`` helpers must give the tokens, outcomes, exception classes and claims
PyJWT 2.15 gives. Inputs on which this package is deliberately stricter are not generated;
python/README.md lists them.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt as pyjwt
import jwt.utils as pyjwt_utils
from hypothesis import assume, event, given
from hypothesis import strategies as st

import onlyoffice_jwt
from onlyoffice_jwt import utils
from test_pyjwt_differential import (
    ALGORITHMS,
    DIFFERENTIAL,
    PAYLOADS,
    SECRETS,
    claims_strategy,
    outcome,
    pyjwt_accepts_key,
    quietly,
    same_json,
    tamper,
)

OPTION_FLAGS = (
    "verify_signature",
    "verify_exp",
    "verify_nbf",
    "verify_iat",
    "verify_aud",
    "verify_iss",
    "verify_sub",
    "verify_jti",
)
OPTIONS = st.fixed_dictionaries({}, optional={name: st.booleans() for name in OPTION_FLAGS})
AUDIENCES = st.one_of(st.none(), st.sampled_from(["ds", "host"]), st.lists(st.sampled_from(["ds", "y"]), min_size=1))


def with_times(claims: dict[str, Any]) -> dict[str, Any]:
    now = int(time.time())
    return {name: now + value if name in ("exp", "nbf", "iat") else value for name, value in claims.items()}


def assume_key(secret: Any) -> None:
    assume(pyjwt_accepts_key(secret))


def same_complete(ours: tuple[str, Any], theirs: tuple[str, Any]) -> None:
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "ok":
        assert same_json(ours[1]["payload"], theirs[1]["payload"])
        assert ours[1]["header"] == theirs[1]["header"]
        assert ours[1]["signature"] == theirs[1]["signature"]


@DIFFERENTIAL
@given(
    claims=claims_strategy(),
    secret=SECRETS,
    algorithm=st.sampled_from(ALGORITHMS),
    allowed=st.lists(st.sampled_from(ALGORITHMS), min_size=1, max_size=3, unique=True),
    instance_options=OPTIONS,
    call_options=st.one_of(st.none(), OPTIONS),
    tampering=st.sampled_from(["none", "none", "signature", "truncated"]),
    audience=AUDIENCES,
    leeway=st.sampled_from([0, 500]),
)
def test_pyjwt_instance_same_outcome(
    claims: dict[str, Any],
    secret: Any,
    algorithm: str,
    allowed: list[str],
    instance_options: dict[str, Any],
    call_options: Any,
    tampering: str,
    audience: Any,
    leeway: int,
) -> None:
    assume_key(secret)
    claims = with_times(claims)
    ours_token = quietly(lambda: onlyoffice_jwt.PyJWT(instance_options).encode(claims, secret, algorithm=algorithm))
    theirs_token = quietly(lambda: pyjwt.PyJWT(instance_options).encode(claims, secret, algorithm=algorithm))
    assert ours_token == theirs_token
    token = tamper(theirs_token, tampering)
    kwargs = dict(algorithms=allowed, options=call_options, audience=audience, leeway=leeway)
    ours = outcome(lambda: onlyoffice_jwt.PyJWT(instance_options).decode_complete(token, secret, **kwargs))
    theirs = outcome(lambda: pyjwt.PyJWT(instance_options).decode_complete(token, secret, **kwargs))
    event(f"outcome {ours[0]}")
    same_complete(ours, theirs)


@DIFFERENTIAL
@given(
    payload=st.binary(max_size=64),
    secret=SECRETS,
    algorithm=st.sampled_from(ALGORITHMS),
    detached=st.booleans(),
    kid=st.one_of(st.none(), st.text(max_size=6)),
    sort_headers=st.booleans(),
    verify_with=st.sampled_from(["same", "other payload", "no payload", "wrong algorithm"]),
)
def test_pyjws_same_tokens_and_outcome(
    payload: bytes,
    secret: Any,
    algorithm: str,
    detached: bool,
    kid: Any,
    sort_headers: bool,
    verify_with: str,
) -> None:
    assume_key(secret)
    headers = None if kid is None else {"kid": kid}

    def sign(module: Any) -> str:
        jws = module.PyJWS()
        return str(
            quietly(
                lambda: jws.encode(
                    payload, secret, algorithm, headers, is_payload_detached=detached, sort_headers=sort_headers
                )
            )
        )

    token = sign(pyjwt)
    assert sign(onlyoffice_jwt) == token
    allowed = [algorithm] if verify_with != "wrong algorithm" else [name for name in ALGORITHMS if name != algorithm]
    detached_payload = {"same": payload, "other payload": payload + b"!", "no payload": None}.get(verify_with, payload)
    if not detached and verify_with != "same":
        detached_payload = None

    def verify(module: Any) -> tuple[str, Any]:
        return outcome(
            lambda: module.PyJWS().decode_complete(token, secret, allowed, detached_payload=detached_payload)
        )

    ours, theirs = verify(onlyoffice_jwt), verify(pyjwt)
    event(f"outcome {ours[0]}")
    assert ours == theirs


@DIFFERENTIAL
@given(claims=claims_strategy(), secret=SECRETS, algorithm=st.sampled_from(ALGORITHMS), change=st.booleans())
def test_module_detached_payload_same_outcome(
    claims: dict[str, Any], secret: Any, algorithm: str, change: bool
) -> None:
    assume_key(secret)
    claims = with_times(claims)
    headers = {"b64": False}
    ours_token = quietly(lambda: onlyoffice_jwt.encode(claims, secret, algorithm=algorithm, headers=headers))
    token = quietly(lambda: pyjwt.encode(claims, secret, algorithm=algorithm, headers=headers))
    assert ours_token == token
    payload_json = pyjwt.PyJWT()._encode_payload(claims)
    if change:
        payload_json = b'{"changed":1,' + payload_json[1:] if payload_json != b"{}" else b'{"changed":1}'
    kwargs = dict(algorithms=[algorithm], detached_payload=payload_json, options={"require": []})
    ours = outcome(lambda: onlyoffice_jwt.decode_complete(token, secret, **kwargs))
    theirs = outcome(lambda: pyjwt.decode_complete(token, secret, **kwargs))
    event(f"outcome {ours[0]}")
    same_complete(ours, theirs)


@DIFFERENTIAL
@given(
    aud=st.one_of(
        st.sampled_from(["ds", "host"]),
        st.lists(st.sampled_from(["ds", "host"]), min_size=1, max_size=2),
        st.integers(1, 3),
    ),
    has_aud=st.booleans(),
    audience=st.one_of(st.none(), st.sampled_from(["ds", "host"]), st.lists(st.sampled_from(["ds", "host"]), max_size=2)),
    verify_aud=st.booleans(),
    via_class=st.booleans(),
)
def test_strict_aud_same_outcome(aud: Any, has_aud: bool, audience: Any, verify_aud: bool, via_class: bool) -> None:
    claims = {"aud": aud} if has_aud else {}
    secret = "s" * 32
    token = pyjwt.encode(claims, secret)
    options = {"strict_aud": True, "verify_aud": verify_aud}

    def decode(module: Any) -> tuple[str, Any]:
        target = module.PyJWT() if via_class else module
        return outcome(lambda: target.decode(token, secret, algorithms=["HS256"], audience=audience, options=options))

    ours, theirs = decode(onlyoffice_jwt), decode(pyjwt)
    event(f"outcome {ours[0]}")
    assert ours == theirs


@DIFFERENTIAL
@given(
    secret=st.binary(min_size=1, max_size=80),
    key_alg=st.one_of(st.none(), st.sampled_from(ALGORITHMS)),
    token_alg=st.sampled_from(ALGORITHMS),
    kid=st.one_of(st.none(), st.text(max_size=6)),
    claims=PAYLOADS,
    allowed=st.one_of(st.none(), st.lists(st.sampled_from(ALGORITHMS), min_size=1, max_size=3, unique=True)),
)
def test_pyjwk_key_same_outcome(
    secret: bytes, key_alg: Any, token_alg: str, kid: Any, claims: dict[str, Any], allowed: Any
) -> None:
    assume_key(secret)
    jwk: dict[str, Any] = {"kty": "oct", "k": base64.urlsafe_b64encode(secret).rstrip(b"=").decode()}
    if key_alg is not None:
        jwk["alg"] = key_alg
    if kid is not None:
        jwk["kid"] = kid
    token = quietly(lambda: pyjwt.encode(claims, secret, algorithm=token_alg))
    ours_key, theirs_key = onlyoffice_jwt.PyJWK(jwk), pyjwt.PyJWK(jwk)
    assert ours_key.key == theirs_key.key
    assert ours_key.algorithm_name == theirs_key.algorithm_name
    assert ours_key.key_id == theirs_key.key_id
    assert quietly(lambda: onlyoffice_jwt.encode(claims, ours_key)) == quietly(lambda: pyjwt.encode(claims, theirs_key))
    ours = outcome(lambda: onlyoffice_jwt.decode_complete(token, ours_key, algorithms=allowed))
    theirs = outcome(lambda: pyjwt.decode_complete(token, theirs_key, algorithms=allowed))
    event(f"outcome {ours[0]}")
    same_complete(ours, theirs)


@DIFFERENTIAL
@given(data=st.binary(max_size=64), number=st.integers(min_value=0, max_value=2**300), width=st.integers(0, 40))
def test_utils_same_results(data: bytes, number: int, width: int) -> None:
    encoded = utils.base64url_encode(data)
    assert encoded == pyjwt_utils.base64url_encode(data)
    assert utils.base64url_decode(encoded) == pyjwt_utils.base64url_decode(encoded) == data
    assert utils.base64url_decode(encoded.decode()) == data
    assert utils.to_base64url_uint(number) == pyjwt_utils.to_base64url_uint(number)
    assert utils.from_base64url_uint(utils.to_base64url_uint(number)) == number
    bits = max(width * 8, number.bit_length())
    assert utils.to_base64url_uint(number, bit_length=bits) == pyjwt_utils.to_base64url_uint(number, bit_length=bits)
    assert outcome(lambda: utils.number_to_bytes(number, width)) == outcome(lambda: pyjwt_utils.number_to_bytes(number, width))
    assert outcome(lambda: utils.bytes_to_number(data)) == outcome(lambda: pyjwt_utils.bytes_to_number(data))
    assert utils.bytes_from_int(number) == pyjwt_utils.bytes_from_int(number)
    assert utils.force_bytes(data) == pyjwt_utils.force_bytes(data)


@DIFFERENTIAL
@given(text=st.text(max_size=40))
def test_utils_lenient_decode_same_as_pyjwt(text: str) -> None:
    ours = outcome(lambda: utils.base64url_decode(text))
    theirs = outcome(lambda: pyjwt_utils.base64url_decode(text))
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
