"""PyJWT-compatible ``encode``, ``decode``, ``decode_complete`` and ``get_unverified_header``.

This module resolves arguments the way PyJWT 2 does: option merging, ``datetime`` time
claims, header merging and custom JSON encoders. Serialization, signing, verification and
the claim rules run in the Rust core through ``_native``.
"""

from __future__ import annotations

import json
import warnings
from calendar import timegm
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Optional, Union

from . import _native
from .exceptions import DecodeError, InvalidTokenError

__all__ = ["encode", "decode", "decode_complete", "get_unverified_header"]

_TIME_CLAIMS = ("exp", "iat", "nbf")

_DEFAULT_OPTIONS: dict[str, Any] = {
    "verify_signature": True,
    "verify_exp": True,
    "verify_nbf": True,
    "verify_iat": True,
    "verify_aud": True,
    "verify_iss": True,
    "verify_sub": True,
    "verify_jti": True,
    "require": [],
    "strict_aud": False,
    "enforce_minimum_key_length": False,
}

_CLAIM_OPTIONS = ("verify_exp", "verify_nbf", "verify_iat", "verify_aud", "verify_iss", "verify_sub", "verify_jti")

_ALGORITHMS_REQUIRED = (
    'It is required that you pass in a value for the "algorithms" argument when calling decode().'
)


def encode(
    payload: dict[str, Any],
    key: Union[str, bytes],
    algorithm: Optional[str] = "HS256",
    headers: Optional[dict[str, Any]] = None,
    json_encoder: Optional[type[json.JSONEncoder]] = None,
    sort_headers: bool = True,
) -> str:
    """Encode ``payload`` as a JSON Web Token signed with HMAC.

    The token is byte for byte the one PyJWT 2 produces for the same arguments. ``key`` is a
    ``str`` (signed with its UTF-8 bytes) or ``bytes``. ``algorithm`` is HS256 (the
    default), HS384 or HS512; an ``alg`` in ``headers`` takes precedence, as in PyJWT.
    ``datetime`` values of ``exp``, ``iat`` and ``nbf`` become integer timestamps (naive
    ones are taken as UTC). Objects that JSON cannot represent go through
    ``json_encoder().default``; without an encoder they raise ``TypeError``.
    """
    if not isinstance(payload, dict):
        raise TypeError("Expecting a dict object, as JWT only supports JSON objects as payloads.")
    payload = _with_timestamps(payload)
    if "iss" in payload and not isinstance(payload["iss"], str):
        raise TypeError("Issuer (iss) must be a string.")

    alg: Any = "none" if algorithm is None else algorithm
    header: Optional[dict[str, Any]] = None
    if headers:
        if headers.get("alg"):
            alg = headers["alg"]
        header = _merged_header(alg, headers)

    default = None
    if json_encoder is not None:
        encoder = _make_encoder(json_encoder, sort_keys=False)
        if _overrides_encoding(json_encoder):
            payload_text: Any = encoder.encode(payload)
            header_encoder = _make_encoder(json_encoder, sort_keys=sort_headers)
            header_text = header_encoder.encode(header if header is not None else {"typ": "JWT", "alg": alg})
            return _native.encode(payload_text, key, alg, header_text, None, sort_headers)
        default = encoder.default
    return _native.encode(payload, key, alg, header, default, sort_headers)


def _with_timestamps(payload: dict[str, Any]) -> dict[str, Any]:
    """Return ``payload``, copied with ``datetime`` time claims as integer timestamps."""
    if not any(isinstance(payload.get(name), datetime) for name in _TIME_CLAIMS):
        return payload
    converted = payload.copy()
    for name in _TIME_CLAIMS:
        value = converted.get(name)
        if isinstance(value, datetime):
            converted[name] = timegm(value.utctimetuple())
    return converted


def _merged_header(alg: Any, headers: dict[str, Any]) -> dict[str, Any]:
    """Merge ``headers`` over ``{"typ": "JWT", "alg": alg}`` as PyJWT does."""
    if "kid" in headers and not isinstance(headers["kid"], str):
        raise InvalidTokenError("Key ID header parameter must be a string")
    if headers.get("b64") is False:
        raise NotImplementedError("unencoded payloads (b64: false) are not supported by onlyoffice_jwt")
    header: dict[str, Any] = {"typ": "JWT", "alg": alg}
    header.update(headers)
    if not header["typ"]:
        del header["typ"]
    header.pop("b64", None)
    return header


def _make_encoder(json_encoder: type[json.JSONEncoder], *, sort_keys: bool) -> json.JSONEncoder:
    """Instantiate ``json_encoder`` with the arguments ``json.dumps`` would pass it."""
    return json_encoder(
        skipkeys=False,
        ensure_ascii=True,
        check_circular=True,
        allow_nan=True,
        indent=None,
        separators=(",", ":"),
        default=None,
        sort_keys=sort_keys,
    )


def _overrides_encoding(json_encoder: type[json.JSONEncoder]) -> bool:
    """Return True when the encoder class changes more than ``default``.

    Such an encoder writes the JSON itself, so that its output is signed unchanged.
    """
    base = json.JSONEncoder
    return any(getattr(json_encoder, name) is not getattr(base, name) for name in ("__init__", "encode", "iterencode"))


def decode_complete(
    jwt: Union[str, bytes],
    key: Union[str, bytes] = "",
    algorithms: Optional[Sequence[str]] = None,
    options: Optional[Mapping[str, Any]] = None,
    verify: Optional[bool] = None,
    detached_payload: Optional[bytes] = None,
    audience: Optional[Union[str, Iterable[str]]] = None,
    issuer: Optional[Union[str, Iterable[str]]] = None,
    subject: Optional[str] = None,
    leeway: Union[float, timedelta] = 0,
    **kwargs: Any,
) -> dict[str, Any]:
    """Verify ``jwt`` and return ``{"header": ..., "payload": ..., "signature": ...}``.

    Takes the arguments of :func:`decode`.
    """
    now = kwargs.pop("now", None)
    if kwargs:
        _warn_extra_kwargs("decode_complete", kwargs)
    resolved = _resolve(algorithms, options, verify, detached_payload, audience, issuer, subject, leeway, now)
    return _native.decode(jwt, key, resolved, True)


def decode(
    jwt: Union[str, bytes],
    key: Union[str, bytes] = "",
    algorithms: Optional[Sequence[str]] = None,
    options: Optional[Mapping[str, Any]] = None,
    verify: Optional[bool] = None,
    detached_payload: Optional[bytes] = None,
    audience: Optional[Union[str, Iterable[str]]] = None,
    subject: Optional[str] = None,
    issuer: Optional[Union[str, Iterable[str]]] = None,
    leeway: Union[float, timedelta] = 0,
    **kwargs: Any,
) -> dict[str, Any]:
    """Verify ``jwt`` and return its claims, as PyJWT's ``jwt.decode`` does.

    ``algorithms`` is required unless ``options={"verify_signature": False}``. ``options``
    takes PyJWT's ``verify_signature``, ``verify_exp``, ``verify_nbf``, ``verify_iat``,
    ``verify_aud``, ``verify_iss``, ``verify_sub``, ``verify_jti``, ``require`` and
    ``enforce_minimum_key_length``. ``leeway`` is seconds or a ``timedelta``.

    The extra keyword ``now`` (seconds since the Unix epoch) replaces the system clock, for
    tests.
    """
    now = kwargs.pop("now", None)
    if kwargs:
        _warn_extra_kwargs("decode", kwargs)
    resolved = _resolve(algorithms, options, verify, detached_payload, audience, issuer, subject, leeway, now)
    return _native.decode(jwt, key, resolved, False)


def get_unverified_header(jwt: Union[str, bytes]) -> dict[str, Any]:
    """Return the header of ``jwt`` without verifying anything. Never trust its values."""
    return _native.get_unverified_header(jwt)


def _warn_extra_kwargs(function: str, kwargs: dict[str, Any]) -> None:
    warnings.warn(
        f"passing additional kwargs to {function}() is deprecated and is ignored. "
        f"Unsupported kwargs: {tuple(kwargs.keys())}",
        DeprecationWarning,
        stacklevel=3,
    )


def _resolve(
    algorithms: Optional[Sequence[str]],
    options: Optional[Mapping[str, Any]],
    verify: Optional[bool],
    detached_payload: Optional[bytes],
    audience: Optional[Union[str, Iterable[str]]],
    issuer: Optional[Union[str, Iterable[str]]],
    subject: Optional[str],
    leeway: Union[float, timedelta],
    now: Optional[float],
) -> dict[str, Any]:
    """Merge the arguments into the options the native decoder takes, as PyJWT merges them."""
    merged = _merge_options(options)
    verify_signature = bool(merged["verify_signature"])
    if verify is not None and verify != verify_signature:
        warnings.warn(
            "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. "
            "The equivalent is setting `verify_signature` to False in the `options` dictionary. "
            "This invocation has a mismatch between the kwarg and the option entry.",
            category=DeprecationWarning,
            stacklevel=3,
        )
    if verify_signature and not algorithms:
        error = DecodeError(_ALGORITHMS_REQUIRED)
        error.code = "ERR_JWT_ALG_NOT_ALLOWED"
        raise error
    if detached_payload is not None:
        raise DecodeError(
            'It is only valid to pass "detached_payload" when the protected header has "b64" set to false, '
            "and onlyoffice_jwt does not support unencoded payloads."
        )
    if merged.get("strict_aud"):
        raise NotImplementedError("the strict_aud option is not supported by onlyoffice_jwt")
    if audience is not None and not isinstance(audience, (str, Iterable)):
        raise TypeError("audience must be a string, iterable or None")
    if isinstance(leeway, timedelta):
        leeway = leeway.total_seconds()
    return {
        "algorithms": _names(algorithms or ()),
        "verify_signature": verify_signature,
        **{name: bool(merged[name]) for name in _CLAIM_OPTIONS},
        "require": list(merged["require"]),
        "audience": None if audience is None else _names(audience),
        "issuer": None if issuer is None else _names(issuer),
        "subject": subject,
        "leeway": float(leeway),
        "now": None if now is None else float(now),
        "enforce_minimum_key_length": bool(merged.get("enforce_minimum_key_length", False)),
    }


def _merge_options(options: Optional[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge ``options`` over the defaults; claim checks default to off without a signature check."""
    if options is None:
        return _DEFAULT_OPTIONS
    given = dict(options)
    if not given.get("verify_signature", True):
        for name in _CLAIM_OPTIONS:
            given.setdefault(name, False)
    return {**_DEFAULT_OPTIONS, **given}


def _names(value: Union[str, Iterable[str]]) -> list[str]:
    """Return a single name or an iterable of names as a list."""
    if isinstance(value, str):
        return [value]
    return list(value)
