"""PyJWT-compatible ``encode``, ``decode``, ``decode_complete`` and ``get_unverified_header``.

The functions are implemented in ``_native``, arguments included, so that a call is one step
into Rust. The helpers below handle what needs Python: ``datetime`` time claims, custom
``json_encoder`` classes, and calls that go to the Python implementation of
:mod:`onlyoffice_jwt.api_jwt` (unencoded payloads, ``PyJWK`` keys, ``crit`` headers and
registered algorithms). ``_native`` calls them only when a call uses those features.
"""

from __future__ import annotations

import json
from calendar import timegm
from datetime import datetime
from typing import Any, Callable, Optional

from ._native import decode, decode_complete, encode, get_unverified_header
from .api_jws import _ALGORITHM_UNSET

__all__ = ["encode", "decode", "decode_complete", "get_unverified_header"]

_TIME_CLAIMS = ("exp", "iat", "nbf")


def _timestamp(value: Any) -> Any:
    """Return a ``datetime`` as an integer timestamp (naive ones taken as UTC), other values unchanged."""
    if isinstance(value, datetime):
        return timegm(value.utctimetuple())
    return value


def _with_timestamps(payload: dict[str, Any]) -> dict[str, Any]:
    """Return ``payload``, copied with ``datetime`` time claims as integer timestamps."""
    if not any(isinstance(payload.get(name), datetime) for name in _TIME_CLAIMS):
        return payload
    converted = payload.copy()
    for name in _TIME_CLAIMS:
        if name in converted:
            converted[name] = _timestamp(converted[name])
    return converted


def _custom_encoding(
    json_encoder: type[json.JSONEncoder],
    payload: dict[str, Any],
    header: Optional[dict[str, Any]],
    alg: Any,
    sort_headers: bool,
) -> tuple[Optional[Callable[[Any], Any]], Optional[str], Optional[str]]:
    """Resolve a ``json_encoder`` class as PyJWT uses it.

    Return ``(default, None, None)`` when the class changes only ``default``, which the native
    writer then calls for objects it cannot write. Return ``(None, payload_text,
    header_text)`` when the class writes the JSON itself, so that its output is signed
    unchanged.
    """
    encoder = _make_encoder(json_encoder, sort_keys=False)
    if not _overrides_encoding(json_encoder):
        return encoder.default, None, None
    payload_text = encoder.encode(_with_timestamps(payload))
    header_encoder = _make_encoder(json_encoder, sort_keys=sort_headers)
    header_text = header_encoder.encode(header if header is not None else {"typ": "JWT", "alg": alg})
    return None, payload_text, header_text


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
    """Return True when the encoder class changes more than ``default``."""
    base = json.JSONEncoder
    return any(getattr(json_encoder, name) is not getattr(base, name) for name in ("__init__", "encode", "iterencode"))


def _encode_fallback(
    payload: Any,
    key: Any,
    headers: Optional[dict[str, Any]],
    json_encoder: Optional[type[json.JSONEncoder]],
    sort_headers: bool,
    *algorithm: Any,
) -> str:
    """Encode in Python, for the native ``encode``: ``PyJWK`` keys, ``b64: False`` headers and
    registered algorithms. ``algorithm`` is empty when the caller did not pass one."""
    from .api_jwt import _jwt_global_obj

    alg = algorithm[0] if algorithm else _ALGORITHM_UNSET
    return _jwt_global_obj._encode_python(payload, key, alg, headers, json_encoder, sort_headers)


def _decode_fallback(
    complete: bool,
    jwt: Any,
    key: Any,
    algorithms: Any,
    options: Any,
    verify: Any,
    detached_payload: Any,
    audience: Any,
    issuer: Any,
    subject: Any,
    leeway: Any,
    kwargs: dict[str, Any],
) -> Any:
    """Decode in Python, for the native ``decode`` and ``decode_complete``: detached payloads,
    ``PyJWK`` keys, ``crit`` headers and registered algorithms."""
    from .api_jwt import _jwt_global_obj

    return _jwt_global_obj._decode(
        complete,
        jwt,
        key,
        algorithms,
        options,
        verify,
        detached_payload,
        audience,
        issuer,
        subject,
        leeway,
        kwargs,
        python_only=True,
    )
