"""JSON Web Tokens with the interface of PyJWT 2's ``jwt.api_jwt``.

The module-level ``encode``, ``decode`` and ``decode_complete`` are the native functions.
:class:`PyJWT` merges its instance options as PyJWT does and calls the same native functions
when it can: for ``str`` or ``bytes`` keys, HMAC algorithm names and the default algorithm
registry. Otherwise, for :class:`PyJWK` keys, detached payloads, registered algorithms and
``none``, it verifies the signature with :class:`PyJWS` in Python and has the native module
parse the payload and check the claims, with the same rules as ``decode``.
"""

from __future__ import annotations

import json
import warnings
from calendar import timegm
from collections.abc import Container, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Optional, Union

from . import _native
from .api_jwk import PyJWK
from .api_jws import _ALGORITHM_UNSET, PyJWS, _jws_global_obj, _warn_kwargs
from .utils import base64url_encode

__all__ = ["PyJWT", "encode", "decode", "decode_complete"]

_HMAC_NAMES = frozenset({"HS256", "HS384", "HS512"})
_TIME_CLAIMS = ("exp", "iat", "nbf")
_VERIFY_FLAGS = ("verify_exp", "verify_nbf", "verify_iat", "verify_aud", "verify_iss", "verify_sub", "verify_jti")
_VERIFY_MISMATCH = (
    "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. "
    "The equivalent is setting `verify_signature` to False in the `options` dictionary. "
    "This invocation has a mismatch between the kwarg and the option entry."
)

# Every claim check off, for parsing a payload without checking it.
_NO_CLAIM_CHECKS = {"verify_signature": False, **{flag: False for flag in _VERIFY_FLAGS}}

encode = _native.encode
decode = _native.decode
decode_complete = _native.decode_complete

Key = Union[PyJWK, str, bytes, Any]


class PyJWT:
    """Encodes and decodes JSON Web Tokens with default ``options`` for every call.

    The options are PyJWT's (``verify_signature``, ``verify_exp``, ``verify_nbf``,
    ``verify_iat``, ``verify_aud``, ``verify_iss``, ``verify_sub``, ``verify_jti``,
    ``require``, ``strict_aud``, ``enforce_minimum_key_length``). A call's ``options`` are
    merged over them; switching ``verify_signature`` off switches off every claim check the
    same ``options`` do not name.
    """

    def __init__(self, options: Optional[dict[str, Any]] = None) -> None:
        self.options: dict[str, Any] = self._get_default_options()
        if options is not None:
            self.options = self._merge_options(options)
        self._jws = PyJWS(options=self._get_sig_options())

    @staticmethod
    def _get_default_options() -> dict[str, Any]:
        return {
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

    def _get_sig_options(self) -> dict[str, Any]:
        return {
            "verify_signature": self.options["verify_signature"],
            "enforce_minimum_key_length": self.options.get("enforce_minimum_key_length", False),
        }

    def _merge_options(self, options: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        if options is None:
            return self.options
        merged = dict(options)
        if not merged.get("verify_signature", True):
            for flag in _VERIFY_FLAGS:
                merged.setdefault(flag, False)
        return {**self.options, **merged}

    def _uses_native(self) -> bool:
        """Return True when the native functions behave exactly as this instance would."""
        return (
            type(self) is PyJWT
            and type(self._jws) is PyJWS
            and self._jws._default_registry
            and _jws_global_obj._default_registry
        )

    def encode(
        self,
        payload: dict[str, Any],
        key: Key,
        algorithm: Optional[str] = _ALGORITHM_UNSET,
        headers: Optional[dict[str, Any]] = None,
        json_encoder: Optional[type[json.JSONEncoder]] = None,
        sort_headers: bool = True,
    ) -> str:
        """Encode ``payload`` (a dict of claims) as a signed token; see :func:`onlyoffice_jwt.encode`."""
        if isinstance(key, (str, bytes)) and self._uses_native() and _native_can_encode(algorithm, headers, self._jws.options):
            if algorithm is _ALGORITHM_UNSET:
                return _native.encode(payload, key, headers=headers, json_encoder=json_encoder, sort_headers=sort_headers)
            return _native.encode(payload, key, algorithm, headers, json_encoder, sort_headers)
        return self._encode_python(payload, key, algorithm, headers, json_encoder, sort_headers)

    def _encode_python(
        self,
        payload: Any,
        key: Key,
        algorithm: Optional[str],
        headers: Optional[dict[str, Any]],
        json_encoder: Optional[type[json.JSONEncoder]],
        sort_headers: bool,
    ) -> str:
        if not isinstance(payload, dict):
            raise TypeError("Expecting a dict object, as JWT only supports JSON objects as payloads.")
        claims = payload.copy()
        for name in _TIME_CLAIMS:
            value = claims.get(name)
            if isinstance(value, datetime):
                claims[name] = timegm(value.utctimetuple())
        if "iss" in claims and not isinstance(claims["iss"], str):
            raise TypeError("Issuer (iss) must be a string.")
        payload_json = self._encode_payload(claims, headers=headers, json_encoder=json_encoder)
        return self._jws.encode(payload_json, key, algorithm, headers, json_encoder, sort_headers=sort_headers)

    def _encode_payload(
        self,
        payload: dict[str, Any],
        headers: Optional[dict[str, Any]] = None,
        json_encoder: Optional[type[json.JSONEncoder]] = None,
    ) -> bytes:
        """Return the bytes to sign for ``payload``; a subclass may override it, as in PyJWT."""
        return json.dumps(payload, separators=(",", ":"), cls=json_encoder).encode("utf-8")

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        """Parse the verified payload bytes of ``decoded``; a subclass may override it, as in PyJWT.

        The claims are then checked by :meth:`_validate_claims`.
        """
        claims: dict[str, Any] = _native._decode_claims(
            b"e30." + base64url_encode(decoded["payload"]) + b".", _NO_CLAIM_CHECKS
        )
        return claims

    def _validate_claims(
        self,
        payload: dict[str, Any],
        options: dict[str, Any],
        audience: Any = None,
        issuer: Any = None,
        subject: Any = None,
        leeway: Any = 0,
        **kwargs: Any,
    ) -> None:
        """Check the claims of a payload that :meth:`_decode_payload` returned.

        The check is the native one: the claims are written as JSON again for it.
        """
        claim_options = {**options, "verify_signature": False}
        payload_json = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        _checked_claims(payload_json, claim_options, audience, issuer, subject, leeway, kwargs)

    def decode_complete(
        self,
        jwt: Union[str, bytes],
        key: Key = "",
        algorithms: Optional[Sequence[str]] = None,
        options: Optional[dict[str, Any]] = None,
        verify: Optional[bool] = None,
        detached_payload: Optional[bytes] = None,
        audience: Optional[Union[str, Iterable[str]]] = None,
        issuer: Optional[Union[str, Container[str]]] = None,
        subject: Optional[str] = None,
        leeway: Union[float, timedelta] = 0,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Verify ``jwt`` and return ``{"header": ..., "payload": ..., "signature": ...}``."""
        result: dict[str, Any] = self._decode(
            True, jwt, key, algorithms, options, verify, detached_payload, audience, issuer, subject, leeway, kwargs
        )
        return result

    def decode(
        self,
        jwt: Union[str, bytes],
        key: Key = "",
        algorithms: Optional[Sequence[str]] = None,
        options: Optional[dict[str, Any]] = None,
        verify: Optional[bool] = None,
        detached_payload: Optional[bytes] = None,
        audience: Optional[Union[str, Iterable[str]]] = None,
        subject: Optional[str] = None,
        issuer: Optional[Union[str, Container[str]]] = None,
        leeway: Union[float, timedelta] = 0,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Verify ``jwt`` and return its claims; see :func:`onlyoffice_jwt.decode`."""
        result: dict[str, Any] = self._decode(
            False, jwt, key, algorithms, options, verify, detached_payload, audience, issuer, subject, leeway, kwargs
        )
        return result

    def _decode(
        self,
        complete: bool,
        jwt: Any,
        key: Key,
        algorithms: Any,
        options: Optional[dict[str, Any]],
        verify: Optional[bool],
        detached_payload: Optional[bytes],
        audience: Any,
        issuer: Any,
        subject: Any,
        leeway: Any,
        kwargs: dict[str, Any],
        python_only: bool = False,
    ) -> Any:
        # As in PyJWT, only the call's options decide whether the signature is checked; the
        # instance's options decide the claim checks.
        verify_signature = True if options is None else options.get("verify_signature", True)
        merged = self._merge_options(options)
        resolved = {
            **merged,
            "verify_signature": verify_signature,
            "enforce_minimum_key_length": merged.get("enforce_minimum_key_length", False),
        }

        native_ready = (
            not python_only and self._uses_native() and detached_payload is None and _hmac_names_only(algorithms)
        )
        if native_ready and isinstance(key, (str, bytes)):
            function = _native.decode_complete if complete else _native.decode
            return function(
                jwt,
                key,
                algorithms,
                resolved,
                verify,
                None,
                audience=audience,
                issuer=issuer,
                subject=subject,
                leeway=leeway,
                **kwargs,
            )

        # The Python path: the signature through PyJWS, then the claims.
        if verify is not None and verify != verify_signature:
            warnings.warn(_VERIFY_MISMATCH, DeprecationWarning, stacklevel=3)
        decoded = self._jws.decode_complete(
            jwt,
            key=key,
            algorithms=algorithms,
            options={
                "verify_signature": verify_signature,
                "enforce_minimum_key_length": resolved["enforce_minimum_key_length"],
            },
            detached_payload=detached_payload,
        )

        claim_options = {**resolved, "verify_signature": False}
        for flag in _VERIFY_FLAGS:
            claim_options[flag] = merged[flag]
        if _overrides_claim_hooks(self):
            payload = self._decode_payload(decoded)
            self._validate_claims(
                payload, claim_options, audience=audience, issuer=issuer, subject=subject, leeway=leeway, **kwargs
            )
        else:
            # One native pass parses the payload and checks its claims.
            payload = _checked_claims(decoded["payload"], claim_options, audience, issuer, subject, leeway, kwargs)

        if not complete:
            return payload
        decoded["payload"] = payload
        return decoded


def _overrides_claim_hooks(instance: PyJWT) -> bool:
    cls = type(instance)
    return cls._decode_payload is not PyJWT._decode_payload or cls._validate_claims is not PyJWT._validate_claims


def _native_can_encode(algorithm: Any, headers: Any, sig_options: dict[str, Any]) -> bool:
    """Return True when the native ``encode`` signs with a ``str`` or ``bytes`` key as
    :meth:`PyJWT.encode` would."""
    if sig_options.get("enforce_minimum_key_length", False):
        return False
    name = algorithm
    if headers:
        if not isinstance(headers, dict) or headers.get("b64") is False:
            return False
        if headers.get("alg"):
            name = headers["alg"]
    return name is _ALGORITHM_UNSET or name in _HMAC_NAMES


def _hmac_names_only(algorithms: Any) -> bool:
    if isinstance(algorithms, (list, tuple, set, frozenset)):
        return all(isinstance(name, str) and name in _HMAC_NAMES for name in algorithms)
    return algorithms is None or (isinstance(algorithms, str) and algorithms in _HMAC_NAMES)


def _checked_claims(
    payload: bytes,
    options: dict[str, Any],
    audience: Any,
    issuer: Any,
    subject: Any,
    leeway: Any,
    kwargs: dict[str, Any],
) -> Any:
    """Parse ``payload`` and check its claims with the native rules of ``decode``.

    The payload is put in an unsigned token with an empty header, which the native code
    reads as ``decode`` does with ``verify_signature`` off and the claim checks of ``options``.
    """
    # NOTE: the unsigned token is subject to the 1 MiB token limit, so a detached payload
    # of more than about 786 KiB raises DecodeError.
    token = b"e30." + base64url_encode(payload) + b"."
    return _native._decode_claims(
        token, options, audience=audience, issuer=issuer, subject=subject, leeway=leeway, **kwargs
    )


_jwt_global_obj = PyJWT()
_jwt_global_obj._jws = _jws_global_obj
