"""onlyoffice_jwt.decode, decode_complete and get_unverified_header: behaviour and field cases."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import _native
from conftest import CB_FIELDS, CB_FLAT, CB_WRAPPED, DUP_KEYS, NONE_ALG, NOW, S32, STR_PAYLOAD

KEY64 = S32 * 2


def token(claims: dict[str, Any], key: str = S32, algorithm: str = "HS256", header: Any = None) -> str:
    header_json = json.dumps(header or {"alg": algorithm, "typ": "JWT"}, separators=(",", ":"))
    payload_json = json.dumps(claims, separators=(",", ":"))
    return _native.sign_raw(header_json.encode(), payload_json.encode(), key, algorithm)


def decode(jwt: Any, key: Any = S32, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("algorithms", ["HS256"])
    kwargs.setdefault("now", NOW)
    return onlyoffice_jwt.decode(jwt, key, **kwargs)


def test_decode_flat_callback_token() -> None:
    claims = decode(CB_FLAT)
    assert claims == {**CB_FIELDS, "iat": NOW, "exp": NOW + 300}


def test_decode_accepts_bytes_token_and_key() -> None:
    assert decode(CB_FLAT.encode(), S32.encode()) == decode(CB_FLAT)


def test_decode_complete_returns_parts() -> None:
    complete = onlyoffice_jwt.decode_complete(CB_WRAPPED, S32, algorithms=["HS256"], now=NOW)
    assert complete["header"] == {"alg": "HS256", "typ": "JWT"}
    assert complete["payload"]["payload"] == CB_FIELDS
    signature = CB_WRAPPED.rsplit(".", 1)[1]
    assert complete["signature"] == base64.urlsafe_b64decode(signature + "=")


def test_get_unverified_header() -> None:
    assert onlyoffice_jwt.get_unverified_header(STR_PAYLOAD) == {"typ": "JWT", "alg": "HS256"}


def test_decode_big_integers_exact() -> None:
    claims = decode(token({"id": 2**100, "neg": -(2**64), "f": 0.5}))
    assert claims == {"id": 2**100, "neg": -(2**64), "f": 0.5}
    assert type(claims["f"]) is float


def test_decode_keeps_member_order() -> None:
    assert list(decode(token({"z": 1, "a": 2, "m": 3}))) == ["z", "a", "m"]


def test_secret_as_token_malformed() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        decode(S32)
    assert not isinstance(caught.value, onlyoffice_jwt.InvalidSignatureError)
    assert caught.value.code == "ERR_JWT_MALFORMED"
    assert str(caught.value) == "Not enough segments"


@pytest.mark.parametrize("jwt", ["undefined", "null", "a.b", ""])
def test_non_tokens_malformed(jwt: str) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        decode(jwt)
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_wrong_secret_signature_invalid() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError, match="Signature verification failed") as caught:
        decode(CB_FLAT, "another-secret-of-32-bytes-length")
    assert caught.value.code == "ERR_JWS_SIGNATURE_INVALID"


def test_padding_appended_malformed() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        decode(CB_FLAT + "=")
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_duplicate_members_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        decode(DUP_KEYS)
    assert caught.value.code == "ERR_JSON_DUPLICATE_MEMBER"


@pytest.mark.parametrize(
    ("jwt", "algorithms"),
    [(NONE_ALG, ["HS256"]), (token({}, KEY64, "HS512"), ["HS256"])],
)
def test_algorithm_not_allowed(jwt: str, algorithms: list[str]) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="The specified alg value is not allowed") as caught:
        decode(jwt, KEY64, algorithms=algorithms)
    assert caught.value.code == "ERR_JWT_ALG_NOT_ALLOWED"


def test_asymmetric_algorithm_explained() -> None:
    jwt = token({}, header={"alg": "RS256", "typ": "JWT"})
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="only the HMAC algorithms"):
        decode(jwt, algorithms=["RS256", "HS256"])


def test_lowercase_alg_rejected() -> None:
    jwt = token({}, header={"alg": "hs256", "typ": "JWT"})
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError):
        decode(jwt, algorithms=["HS256"])


def test_pem_looking_secret_works() -> None:
    pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
    assert decode(onlyoffice_jwt.encode({"a": 1}, pem), pem) == {"a": 1}


def test_algorithms_required() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match='"algorithms" argument'):
        onlyoffice_jwt.decode(CB_FLAT, S32)


@pytest.mark.parametrize("key", ["", b""])
def test_empty_key_invalid(key: Any) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError) as caught:
        decode(CB_FLAT, key)
    assert caught.value.code == "ERR_KEY_INVALID"


def test_expired_token() -> None:
    jwt = token({"exp": NOW - 100})
    for leeway in (0, 60, timedelta(seconds=60)):
        with pytest.raises(onlyoffice_jwt.ExpiredSignatureError, match="Signature has expired") as caught:
            decode(jwt, leeway=leeway)
        assert caught.value.code == "ERR_JWT_EXPIRED"
    assert decode(jwt, leeway=120) == {"exp": NOW - 100}
    assert decode(jwt, leeway=timedelta(minutes=2)) == {"exp": NOW - 100}


def test_exp_equal_to_now_expired() -> None:
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        decode(token({"exp": NOW}))


def test_nbf_in_future_immature() -> None:
    with pytest.raises(onlyoffice_jwt.ImmatureSignatureError, match=r"\(nbf\)") as caught:
        decode(token({"nbf": NOW + 2}))
    assert caught.value.code == "ERR_JWT_NOT_YET_VALID"


def test_iat_in_future_checked_like_pyjwt() -> None:
    jwt = token({"iat": NOW + 2})
    with pytest.raises(onlyoffice_jwt.ImmatureSignatureError, match=r"\(iat\)"):
        decode(jwt)
    assert decode(jwt, options={"verify_iat": False}) == {"iat": NOW + 2}
    assert decode(jwt, leeway=5) == {"iat": NOW + 2}


def test_string_exp_decode_error() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match=r"\(exp\)") as caught:
        decode(token({"exp": "1700000300"}))
    assert caught.value.code == "ERR_JWT_CLAIM_INVALID"
    assert caught.value.claim == "exp"


def test_string_iat_invalid_issued_at() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidIssuedAtError):
        decode(token({"iat": "x"}))


def test_optional_exp_and_require() -> None:
    jwt = token({"c": "info", "key": "doc-1"})
    assert decode(jwt) == {"c": "info", "key": "doc-1"}
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError, match='missing the "exp" claim') as caught:
        decode(jwt, options={"require": ["exp"]})
    assert caught.value.claim == "exp"
    assert caught.value.code == "ERR_JWT_CLAIM_MISSING"


def test_audience_rules() -> None:
    jwt = token({"aud": ["ds", "x"]})
    assert decode(jwt, audience="ds")["aud"] == ["ds", "x"]
    assert decode(jwt, audience=["y", "x"])["aud"] == ["ds", "x"]
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError):
        decode(jwt, audience="other")
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError):
        decode(jwt)
    assert decode(jwt, options={"verify_aud": False})["aud"] == ["ds", "x"]
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError):
        decode(token({}), audience="ds")


def test_issuer_rules() -> None:
    jwt = token({"iss": "host"})
    assert decode(jwt, issuer="host") == {"iss": "host"}
    assert decode(jwt, issuer=["a", "host"]) == {"iss": "host"}
    with pytest.raises(onlyoffice_jwt.InvalidIssuerError):
        decode(jwt, issuer="other")
    with pytest.raises(onlyoffice_jwt.MissingRequiredClaimError):
        decode(token({}), issuer="host")


def test_subject_and_jti_types() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidSubjectError):
        decode(token({"sub": 1}))
    with pytest.raises(onlyoffice_jwt.InvalidSubjectError):
        decode(token({"sub": "a"}), subject="b")
    with pytest.raises(onlyoffice_jwt.InvalidJTIError):
        decode(token({"jti": 1}))
    assert decode(token({"sub": 1, "jti": 2}), options={"verify_sub": False, "verify_jti": False}) == {
        "sub": 1,
        "jti": 2,
    }


def test_without_signature_check() -> None:
    claims = onlyoffice_jwt.decode(NONE_ALG, options={"verify_signature": False})
    assert claims == {"key": "doc-1", "status": 2}
    expired = token({"exp": NOW - 100})
    assert onlyoffice_jwt.decode(expired, "wrong", options={"verify_signature": False}) == {"exp": NOW - 100}
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        onlyoffice_jwt.decode(expired, options={"verify_signature": False, "verify_exp": True}, now=NOW)


def test_str_payload_decodes() -> None:
    assert decode(STR_PAYLOAD) == {"payload": '{"c":"version"}'}


def test_short_key_warns_and_enforced() -> None:
    jwt = token({}, "secret")
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning):
        assert decode(jwt, "secret") == {}
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        decode(jwt, "secret", options={"enforce_minimum_key_length": True})


def test_token_of_other_type_decode_error() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match="Invalid token type"):
        decode(12345)


def test_non_ascii_bytes_token_decode_error() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError):
        decode(b"\xff\xfe.\xff.\xff")


def test_extra_kwargs_warn() -> None:
    with pytest.warns(DeprecationWarning, match="Unsupported kwargs"):
        decode(CB_FLAT, unknown=1)


def test_detached_payload_needs_b64_false() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match="detached_payload") as caught:
        decode(CB_FLAT, detached_payload=b"{}")
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_crit_header_rejected() -> None:
    jwt = token({}, header={"alg": "HS256", "crit": ["exp"], "exp": 1})
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Unsupported critical extension") as caught:
        decode(jwt)
    assert caught.value.code == "ERR_JWS_CRIT_UNSUPPORTED"


@pytest.mark.parametrize(
    "jwt",
    ["...", "a.b.c", "e30.e30.!!!", "e30.e30.e30", "W10.e30.", "eyJhbGciOiJIUzI1NiJ9.W10." + "A" * 43, "\udc80.a.b"],
)
def test_hostile_tokens_raise_library_errors(jwt: str) -> None:
    with pytest.raises(onlyoffice_jwt.PyJWTError):
        decode(jwt)


def test_integer_beyond_python_digit_limit_decode_error() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(b'{"n":' + b"9" * 5000 + b"}").rstrip(b"=").decode()
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        onlyoffice_jwt.decode(f"{header}.{payload}.", options={"verify_signature": False})
    assert caught.value.code == "ERR_JSON_INVALID"


def test_algorithms_from_generator_explained() -> None:
    jwt = token({}, header={"alg": "RS256", "typ": "JWT"})
    names = (name for name in ["RS256", "HS256"])
    with pytest.raises(onlyoffice_jwt.InvalidAlgorithmError, match="only the HMAC algorithms"):
        decode(jwt, algorithms=names)


def test_options_any_mapping() -> None:
    from types import MappingProxyType

    expired = token({"exp": NOW - 100})
    assert decode(expired, options=MappingProxyType({"verify_exp": False})) == {"exp": NOW - 100}


def test_verify_argument_mismatch_warns() -> None:
    with pytest.warns(DeprecationWarning, match="`verify` argument"):
        decode(CB_FLAT, verify=False)


def test_claims_with_many_names_match_json() -> None:
    # More distinct names than the name cache holds, names longer than it caches, escaped
    # names, and the same names again: every result equals json.loads of the payload.
    members = {f"m{index}-{'x' * (index % 40)}": index for index in range(3000)}
    members["esc\u00e9\"\\"] = "escaped"
    members["\U0001f4c4"] = [{"nested": {"m1-x": 1}}]
    jwt = token(members)
    for _ in range(3):
        claims = decode(jwt)
        assert claims == members
        assert list(claims) == list(members)


def test_decode_inside_decode_from_gc_callback() -> None:
    # A garbage collection can run Python code while claims are being built; a decode started
    # there must not wait for the outer one.
    import gc

    inner_results: list[dict[str, Any]] = []

    def collect(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and len(inner_results) < 5:
            inner_results.append(decode(CB_FLAT))

    threshold = gc.get_threshold()
    gc.callbacks.append(collect)
    gc.set_threshold(1)
    try:
        outer = decode(token({f"k{index}": [index, {"v": index}] for index in range(200)}))
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(collect)
    assert len(outer) == 200
    assert inner_results
    assert all(result == {**CB_FIELDS, "iat": NOW, "exp": NOW + 300} for result in inner_results)


def test_decode_complete_header_equals_unverified_header() -> None:
    jwt = token({"a": 1}, header={"alg": "HS256", "typ": "JWT", "kid": "k1", "x": [1, {"y": None}]})
    complete = onlyoffice_jwt.decode_complete(jwt, S32, algorithms=["HS256"], now=NOW)
    assert complete["header"] == onlyoffice_jwt.get_unverified_header(jwt)


def test_huge_integer_with_valid_claims_decode_error() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(b'{"n":' + b"9" * 5000 + b"}").rstrip(b"=").decode()
    signing_input = f"{header}.{payload}"
    jwt = _native.sign_raw(b'{"alg":"HS256"}', b'{"n":' + b"9" * 5000 + b"}", S32, "HS256")
    assert jwt.startswith(signing_input)
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        decode(jwt)
    assert caught.value.code == "ERR_JSON_INVALID"


# --- leeway and now without meaning


@pytest.mark.parametrize(
    "leeway", [float("nan"), float("inf"), float("-inf"), -1, -0.5, timedelta(seconds=-1), 10**400, -(10**400)]
)
@pytest.mark.parametrize("verify_signature", [True, False])
def test_leeway_without_meaning_rejected(leeway: Any, verify_signature: bool) -> None:
    # A NaN or infinite leeway would switch the exp check off: this token expired 11 days ago.
    expired = token({"exp": NOW - 11 * 86400})
    with pytest.raises(onlyoffice_jwt.OptionInvalidError, match="leeway .* must be a finite number of seconds, 0 or more") as caught:
        decode(expired, leeway=leeway, options={"verify_signature": verify_signature, "verify_exp": True})
    assert caught.value.code == "ERR_OPTION_INVALID"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("now", [float("nan"), float("inf"), float("-inf"), 10**400])
def test_now_without_meaning_rejected(now: float) -> None:
    with pytest.raises(onlyoffice_jwt.OptionInvalidError, match="now must be a finite number") as caught:
        decode(token({"exp": NOW - 11 * 86400}), now=now)
    assert caught.value.code == "ERR_OPTION_INVALID"


def test_leeway_rejected_before_token_read() -> None:
    with pytest.raises(onlyoffice_jwt.OptionInvalidError):
        decode("not a token", leeway=float("nan"))
    with pytest.raises(onlyoffice_jwt.OptionInvalidError):
        onlyoffice_jwt.decode_complete(CB_FLAT, S32, algorithms=["HS256"], leeway=float("nan"))


# --- arguments of the wrong type


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"algorithms": [1]}, "algorithms[0] must be a str, not int"),
        ({"algorithms": b"HS256"}, 'algorithms must be a list of algorithm names such as ["HS256"], not bytes'),
        ({"algorithms": 5}, 'algorithms must be a list of algorithm names such as ["HS256"], not int'),
        ({"options": "verify_exp"}, 'options must be a dict such as {"verify_exp": False}, not str'),
        ({"options": [("verify_exp", False)]}, 'options must be a dict such as {"verify_exp": False}, not list'),
        ({"options": {"require": "exp"}}, 'options["require"] must be a list of claim names, not a single str: wrap the name in a list'),
        ({"options": {"require": b"exp"}}, 'options["require"] must be a list of claim names, not bytes'),
        ({"options": {"require": None}}, 'options["require"] must be a list of claim names, not NoneType'),
        ({"options": {"require": ["exp", 1]}}, 'options["require"][1] must be a str, not int'),
        ({"audience": b"ds"}, "audience must be a str or a list of str, not bytes"),
        ({"audience": ["ds", 1]}, "audience[1] must be a str, not int"),
        ({"audience": 5}, "audience must be a string, iterable or None"),
        ({"issuer": 5}, "issuer must be a str or a list of str, not int"),
        ({"issuer": b"host"}, "issuer must be a str or a list of str, not bytes"),
        ({"subject": 5}, "subject must be a str or None, not int"),
        ({"leeway": "60"}, "leeway must be a number of seconds or a timedelta, not str"),
        ({"now": "1700000000"}, "now must be a number of seconds since the Unix epoch, or None, not str"),
    ],
)
def test_argument_wrong_type_named(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError) as caught:
        decode(CB_FLAT, **kwargs)
    assert str(caught.value) == message


def test_audience_and_issuer_any_iterable() -> None:
    jwt = token({"aud": "ds", "iss": "host"})
    assert decode(jwt, audience=("x", "ds"), issuer={"host"}) == {"aud": "ds", "iss": "host"}
    assert decode(jwt, audience=(name for name in ["ds"]), issuer="host")["aud"] == "ds"


# --- text that is not valid Unicode


@pytest.mark.parametrize(
    "function",
    [
        lambda jwt: decode(jwt),
        lambda jwt: onlyoffice_jwt.decode_complete(jwt, S32, algorithms=["HS256"]),
        lambda jwt: onlyoffice_jwt.decode(jwt, options={"verify_signature": False}),
        onlyoffice_jwt.get_unverified_header,
    ],
)
def test_token_lone_surrogate_decode_error(function: Any) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match="not valid Unicode: it contains the lone surrogate U\\+D800 at index 36") as caught:
        function(CB_FLAT[:36] + "\ud800" + CB_FLAT[36:])
    assert caught.value.code == "ERR_JWT_MALFORMED"


def test_key_lone_surrogate_invalid_key() -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError, match="key is not valid Unicode") as caught:
        decode(CB_FLAT, "secret\udc80")
    assert caught.value.code == "ERR_KEY_INVALID"
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        onlyoffice_jwt.encode({"a": 1}, "secret\udc80")


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"audience": "ds\udc80"}, "audience"),
        ({"audience": ["ds", "\udc80"]}, r"audience\[1\]"),
        ({"issuer": "\udc80"}, "issuer"),
        ({"subject": "\udc80"}, "subject"),
        ({"options": {"require": ["\udc80"]}}, r'options\["require"\]\[0\]'),
        ({"algorithms": ["HS256\udc80"]}, r"algorithms\[0\]"),
        ({"algorithms": "HS256\udc80"}, "algorithms"),
    ],
)
def test_option_lone_surrogate_option_invalid(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(onlyoffice_jwt.OptionInvalidError, match=f"{argument} is not valid Unicode") as caught:
        decode(CB_FLAT, **kwargs)
    assert caught.value.code == "ERR_OPTION_INVALID"


def test_encode_algorithm_lone_surrogate_not_supported() -> None:
    with pytest.raises(NotImplementedError, match="Algorithm not supported"):
        onlyoffice_jwt.encode({"a": 1}, S32, algorithm="HS256\udc80")


# --- get_unverified_header reads the header only


def test_get_unverified_header_payload_not_parsed() -> None:
    # PyJWT parses only the header too: a payload that is not JSON does not matter here.
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","kid":"k1"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(b"not JSON {{{").rstrip(b"=").decode()
    assert onlyoffice_jwt.get_unverified_header(f"{header}.{payload}.AAAA") == {"alg": "HS256", "kid": "k1"}


def test_get_unverified_header_needs_three_segments() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match="Not enough segments") as caught:
        onlyoffice_jwt.get_unverified_header("eyJhbGciOiJIUzI1NiJ9.e30")
    assert caught.value.code == "ERR_JWT_MALFORMED"


# --- a kid header that is not a string, as PyJWT rejects it


@pytest.mark.parametrize("kid", [5, None, ["k1"], {"k": 1}, True])
def test_kid_not_string_invalid_token(kid: Any) -> None:
    jwt = token({"a": 1}, header={"alg": "HS256", "kid": kid})
    calls = [
        lambda: decode(jwt),
        lambda: onlyoffice_jwt.decode_complete(jwt, S32, algorithms=["HS256"], now=NOW),
        lambda: onlyoffice_jwt.decode(jwt, options={"verify_signature": False}),
        lambda: onlyoffice_jwt.get_unverified_header(jwt),
    ]
    for call in calls:
        with pytest.raises(onlyoffice_jwt.InvalidTokenError) as caught:
            call()
        assert type(caught.value) is onlyoffice_jwt.InvalidTokenError
        assert str(caught.value) == "Key ID header parameter must be a string"
        assert caught.value.code == "ERR_JWT_MALFORMED"
        assert caught.value.detail is not None and '"kid"' in caught.value.detail


def test_kid_checked_before_signature_and_claims() -> None:
    # PyJWT checks kid right after reading the segments, so it wins over later failures.
    expired = token({"exp": NOW - 100}, header={"alg": "HS256", "kid": 5})
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID"):
        decode(expired)
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID"):
        decode(expired, "another-secret-of-32-bytes-length")
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID"):
        decode(expired, algorithms=["HS512"])


def test_kid_escaped_name_checked() -> None:
    header_json = b'{"alg":"HS256","\\u006bid":5}'
    jwt = _native.sign_raw(header_json, b"{}", S32, "HS256")
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match="Key ID"):
        decode(jwt)


def test_kid_string_accepted() -> None:
    jwt = token({"a": 1}, header={"alg": "HS256", "kid": "k1"})
    assert decode(jwt) == {"a": 1}


TIME_CLAIM_NAMES = {
    "exp": ("DecodeError", "Expiration Time"),
    "nbf": ("DecodeError", "Not Before"),
    "iat": ("InvalidIssuedAtError", "Issued At"),
}


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
@pytest.mark.parametrize("value", [253402300800, 10**29, -62135596801])
def test_time_claim_outside_years_named(claim: str, value: int) -> None:
    class_name, label = TIME_CLAIM_NAMES[claim]
    with pytest.raises(getattr(onlyoffice_jwt, class_name)) as caught:
        decode(token({claim: value}))
    assert str(caught.value) == f"{label} claim ({claim}) must be a time within the years 1 to 9999."
    assert caught.value.code == "ERR_JWT_CLAIM_INVALID"
    assert caught.value.claim == claim
    assert "outside the years 1 to 9999" in caught.value.detail


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
def test_time_claim_not_number_message_kept(claim: str) -> None:
    _, label = TIME_CLAIM_NAMES[claim]
    with pytest.raises(onlyoffice_jwt.InvalidTokenError, match=rf"^{label} claim \({claim}\) must be an integer\.$"):
        decode(token({claim: "1700000300"}))


@pytest.mark.parametrize("exp", [253402300800, 10**29])
def test_far_future_exp_pyjwt_accepts(exp: int) -> None:
    import jwt as pyjwt

    signed = token({"exp": exp})
    assert pyjwt.decode(signed, S32, algorithms=["HS256"]) == {"exp": exp}
    with pytest.raises(onlyoffice_jwt.DecodeError, match="within the years 1 to 9999"):
        decode(signed)


@pytest.mark.parametrize("aud", ["", [""], []])
@pytest.mark.parametrize("audience", ["", [""]])
def test_empty_aud_never_matches(aud: Any, audience: Any) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError):
        decode(token({"aud": aud}), audience=audience)
    with pytest.raises(onlyoffice_jwt.InvalidAudienceError):
        decode(token({"aud": aud}), audience="", options={"strict_aud": True})
