"""The ``strict_aud`` option: one expected audience, given as a string, equal to a string ``aud``."""

from __future__ import annotations

from typing import Any

import pytest

import onlyoffice_jwt
from conftest import S32

KEY64 = S32 * 2
STRICT = {"strict_aud": True}


def decode(claims: dict[str, Any], audience: Any, options: dict[str, Any] = STRICT, via_class: bool = False) -> Any:
    token = onlyoffice_jwt.encode(claims, KEY64)
    target: Any = onlyoffice_jwt.PyJWT() if via_class else onlyoffice_jwt
    return target.decode(token, KEY64, algorithms=["HS256"], audience=audience, options=options)


@pytest.mark.parametrize("via_class", [False, True])
def test_strict_match(via_class: bool) -> None:
    assert decode({"aud": "ds"}, "ds", via_class=via_class) == {"aud": "ds"}


@pytest.mark.parametrize(
    ("claims", "audience", "message"),
    [
        ({"aud": ["ds"]}, "ds", "Invalid claim format in token (strict)"),
        ({"aud": 1}, "ds", "Invalid claim format in token (strict)"),
        ({"aud": "ds"}, ["ds"], "Invalid audience (strict)"),
        ({"aud": "ds"}, ("ds",), "Invalid audience (strict)"),
        ({"aud": "host"}, "ds", "Audience doesn't match (strict)"),
        ({"aud": "ds"}, None, "Invalid audience"),
    ],
)
def test_strict_rejects(claims: dict[str, Any], audience: Any, message: str) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError) as caught:
        decode(claims, audience)
    assert str(caught.value) == message
    assert caught.value.code == "ERR_JWT_CLAIM_INVALID"
    assert caught.value.claim == "aud"


def test_strict_missing_aud() -> None:
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError) as caught:
        decode({}, "ds")
    assert caught.value.code == "ERR_JWT_CLAIM_MISSING"


def test_strict_without_audience_or_claim() -> None:
    assert decode({}, None) == {}


def test_strict_ignored_without_verify_aud() -> None:
    assert decode({"aud": ["x"]}, ["ds"], {"strict_aud": True, "verify_aud": False}) == {"aud": ["x"]}


def test_strict_off_accepts_list() -> None:
    assert decode({"aud": ["ds", "x"]}, "ds", {"strict_aud": False}) == {"aud": ["ds", "x"]}


def test_strict_from_instance_options() -> None:
    token = onlyoffice_jwt.encode({"aud": ["ds"]}, KEY64)
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError, match="strict"):
        onlyoffice_jwt.PyJWT(STRICT).decode(token, KEY64, algorithms=["HS256"], audience="ds")


def test_strict_audience_type_still_checked() -> None:
    with pytest.raises(TypeError, match="audience"):
        decode({"aud": "ds"}, 5)


def test_strict_aud_checked_after_issuer() -> None:
    token = onlyoffice_jwt.encode({"aud": ["ds"], "iss": "x"}, KEY64)
    with pytest.raises(onlyoffice_jwt.InvalidIssuerError):
        onlyoffice_jwt.decode(token, KEY64, algorithms=["HS256"], audience="ds", issuer="ds", options=STRICT)
