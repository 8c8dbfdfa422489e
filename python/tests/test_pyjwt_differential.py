"""Differential tests against PyJWT on generated inputs.

``encode`` must return exactly PyJWT's token, and ``decode`` must accept and reject the same
tokens with the same exception class and return the same claims. Inputs on which this
package is deliberately stricter than PyJWT are not generated; python/README.md lists them.
"""

from __future__ import annotations

import math
import time
import warnings
from typing import Any, Callable

import jwt as pyjwt
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import onlyoffice_jwt

REGISTERED = {"exp", "nbf", "iat", "aud", "iss", "sub", "jti"}
ALGORITHMS = ["HS256", "HS384", "HS512"]

# Text without lone surrogates, which this package does not accept in tokens it decodes.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
MEMBER_NAMES = TEXT.filter(lambda name: name not in REGISTERED)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)


def json_values(scalars: st.SearchStrategy[Any], keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(keys, children, max_size=4),
        ),
        max_leaves=12,
    )


VALUES = json_values(SCALARS, TEXT)
PAYLOADS = st.dictionaries(MEMBER_NAMES, VALUES, max_size=6)

# Inputs PyJWT and this package both encode, beyond what decoding accepts back.
ENCODE_SCALARS = st.one_of(
    SCALARS,
    st.floats(),
    st.text(max_size=8),
    st.integers(min_value=-(10**200), max_value=10**200),
)
ENCODE_KEYS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats())
ENCODE_VALUES = st.recursive(
    ENCODE_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(ENCODE_KEYS, children, max_size=4),
    ),
    max_leaves=12,
)
ENCODE_PAYLOADS = st.dictionaries(ENCODE_KEYS, ENCODE_VALUES, max_size=6)

SECRETS = st.one_of(st.binary(min_size=1, max_size=80), TEXT.filter(bool))
HEADERS = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "kid": TEXT,
            "typ": st.sampled_from(["JWT", "at+jwt", "", None]),
            "cty": TEXT,
            "x-extra": VALUES,
            "alg": st.sampled_from(ALGORITHMS),
        },
    ),
)

DIFFERENTIAL = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def quietly(call: Callable[[], Any]) -> Any:
    """Run ``call`` with both libraries' short-key warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        warnings.simplefilter("ignore", onlyoffice_jwt.InsecureKeyLengthWarning)
        return call()


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return ("ok", quietly(call))
    except Exception as error:  # noqa: BLE001 - the class is the result being compared
        return (type(error).__name__, None)


def pyjwt_accepts_key(secret: Any) -> bool:
    try:
        quietly(lambda: pyjwt.encode({}, secret, algorithm="HS256"))
    except pyjwt.InvalidKeyError:
        return False
    return True


def same_json(left: Any, right: Any) -> bool:
    """Compare decoded JSON, treating NaN as equal to itself and keeping int/float apart."""
    if isinstance(left, float) and isinstance(right, float):
        return (math.isnan(left) and math.isnan(right)) or math.copysign(1, left) == math.copysign(1, right) and left == right
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same_json(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same_json(a, b) for a, b in zip(left, right))
    return bool(left == right)


@DIFFERENTIAL
@given(
    payload=ENCODE_PAYLOADS,
    secret=SECRETS,
    algorithm=st.sampled_from(ALGORITHMS),
    headers=HEADERS,
    sort_headers=st.booleans(),
)
def test_encode_identical_to_pyjwt(
    payload: dict[Any, Any], secret: Any, algorithm: str, headers: Any, sort_headers: bool
) -> None:
    assume(pyjwt_accepts_key(secret))
    theirs = outcome(lambda: pyjwt.encode(payload, secret, algorithm=algorithm, headers=headers, sort_headers=sort_headers))
    ours = outcome(
        lambda: onlyoffice_jwt.encode(payload, secret, algorithm=algorithm, headers=headers, sort_headers=sort_headers)
    )
    event(f"outcome {ours[0]}")
    assert ours == theirs


def claims_strategy() -> st.SearchStrategy[dict[str, Any]]:
    offsets = st.sampled_from([-100000, -1000, -100, 100, 1000, 100000])
    registered = st.fixed_dictionaries(
        {},
        optional={
            "exp": offsets,
            "nbf": offsets,
            "iat": offsets,
            "aud": st.one_of(st.sampled_from(["ds", "host"]), st.lists(st.sampled_from(["ds", "host", "x"]), min_size=1)),
            "iss": st.sampled_from(["ds", "host"]),
            "sub": st.one_of(st.sampled_from(["u1", "u2"]), st.integers(0, 3)),
            "jti": st.one_of(TEXT, st.integers(0, 3)),
        },
    )
    return st.tuples(PAYLOADS, registered).map(lambda parts: {**parts[0], **parts[1]})


def tamper(token: str, tampering: str) -> str:
    header, payload, signature = token.split(".")
    if tampering == "signature":
        last = "A" if signature[0] != "A" else "B"
        return f"{header}.{payload}.{last}{signature[1:]}"
    if tampering == "truncated":
        return f"{header}.{payload}"
    return token


@DIFFERENTIAL
@given(
    claims=claims_strategy(),
    secret=SECRETS,
    algorithm=st.sampled_from(ALGORITHMS),
    allowed=st.lists(st.sampled_from(ALGORITHMS), min_size=1, max_size=3, unique=True),
    wrong_key=st.booleans(),
    tampering=st.sampled_from(["none", "none", "signature", "truncated"]),
    options=st.fixed_dictionaries(
        {},
        optional={
            name: st.booleans()
            for name in (
                "verify_signature",
                "verify_exp",
                "verify_nbf",
                "verify_iat",
                "verify_aud",
                "verify_iss",
                "verify_sub",
                "verify_jti",
            )
        },
    ),
    require=st.lists(st.sampled_from(["exp", "iat", "nbf", "aud", "iss", "sub", "jti"]), max_size=2),
    audience=st.one_of(st.none(), st.sampled_from(["ds", "host"]), st.lists(st.sampled_from(["ds", "y"]), min_size=1)),
    issuer=st.one_of(st.none(), st.sampled_from(["ds", "host"])),
    subject=st.one_of(st.none(), st.sampled_from(["u1", "u2"])),
    leeway=st.sampled_from([0, 50, 500]),
)
def test_decode_same_outcome_as_pyjwt(
    claims: dict[str, Any],
    secret: Any,
    algorithm: str,
    allowed: list[str],
    wrong_key: bool,
    tampering: str,
    options: dict[str, Any],
    require: list[str],
    audience: Any,
    issuer: Any,
    subject: Any,
    leeway: int,
) -> None:
    assume(pyjwt_accepts_key(secret))
    # PyJWT accepts a token without the expected subject; this package requires it.
    assume(subject is None or "sub" in claims or options.get("verify_sub") is False)
    now = int(time.time())
    claims = {name: now + value if name in ("exp", "nbf", "iat") else value for name, value in claims.items()}
    token = tamper(quietly(lambda: pyjwt.encode(claims, secret, algorithm=algorithm)), tampering)
    key = secret
    if wrong_key:
        key = secret + (b"!" if isinstance(secret, bytes) else "!")
    kwargs = dict(
        algorithms=allowed,
        options={**options, "require": require},
        audience=audience,
        issuer=issuer,
        subject=subject,
        leeway=leeway,
    )
    theirs = outcome(lambda: pyjwt.decode_complete(token, key, **kwargs))
    ours = outcome(lambda: onlyoffice_jwt.decode_complete(token, key, **kwargs))
    event(f"outcome {ours[0]}")
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "ok":
        assert same_json(ours[1]["payload"], theirs[1]["payload"])
        assert ours[1]["header"] == theirs[1]["header"]
        assert ours[1]["signature"] == theirs[1]["signature"]


@pytest.mark.parametrize("name", ["decode", "decode_complete", "encode", "get_unverified_header"])
def test_signatures_accept_pyjwt_positional_order(name: str) -> None:
    import inspect

    ours = list(inspect.signature(getattr(onlyoffice_jwt, name)).parameters)
    theirs = list(inspect.signature(getattr(pyjwt, name)).parameters)
    assert ours == theirs
