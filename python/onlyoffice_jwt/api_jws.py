"""JSON Web Signatures with the interface of PyJWT 2's ``jwt.api_jws``.

:class:`PyJWS` signs and verifies any payload bytes with the algorithm objects of
:mod:`onlyoffice_jwt.algorithms`, and supports what the native functions leave out: custom
algorithms registered with :meth:`PyJWS.register_algorithm`, :class:`PyJWK` keys and
unencoded, detached payloads (RFC 7797, ``b64: false``). The header is decoded by the native
module with the same strict rules as ``decode`` (no duplicate members, no ``NaN``, UTF-8
only, no padding), and the payload and signature segments with equally strict base64url.
"""

from __future__ import annotations

import binascii
import json
import warnings
from collections.abc import Sequence
from typing import Any, Optional, Union

from . import _native
from ._errors import coded
from .algorithms import Algorithm, get_default_algorithms, has_crypto, requires_cryptography
from .api_jwk import PyJWK
from .exceptions import (
    DecodeError,
    InsecureKeyLengthWarning,
    InvalidAlgorithmError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidTokenError,
)
from .utils import base64url_encode

__all__ = [
    "PyJWS",
    "encode",
    "decode",
    "decode_complete",
    "get_unverified_header",
    "register_algorithm",
    "unregister_algorithm",
    "get_algorithm_by_name",
]

_ALGORITHM_UNSET: Any = object()
_BASE64URL_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_ALGORITHMS_REQUIRED = (
    'It is required that you pass in a value for the "algorithms" argument when calling decode().'
)
_MALFORMED = "ERR_JWT_MALFORMED"
_CRIT = "ERR_JWS_CRIT_UNSUPPORTED"
_ALG_NOT_ALLOWED = "ERR_JWT_ALG_NOT_ALLOWED"


def decode_segment(segment: bytes, name: str) -> bytes:
    """Decode one base64url token segment strictly: no padding, canonical trailing bits."""
    if len(segment) % 4 == 1 or not _BASE64URL_ALPHABET.issuperset(segment):
        raise coded(DecodeError, f"Invalid {name} padding", _MALFORMED, f"the {name} segment is not base64url")
    try:
        decoded = binascii.a2b_base64(segment.replace(b"-", b"+").replace(b"_", b"/") + b"=" * (-len(segment) % 4))
    except binascii.Error as error:
        raise coded(DecodeError, f"Invalid {name} padding", _MALFORMED) from error
    if base64url_encode(decoded) != segment:
        raise coded(DecodeError, f"Invalid {name} padding", _MALFORMED, f"the {name} segment has non-zero trailing bits")
    return decoded


class PyJWS:
    """Signs and verifies JSON Web Signatures with a registry of algorithm objects.

    ``algorithms`` limits the registry to those names (default: ``none``, HS256, HS384,
    HS512). ``options`` sets ``verify_signature`` and ``enforce_minimum_key_length`` for
    every call of this instance; a call's own ``options`` are merged over them.
    """

    header_typ = "JWT"

    def __init__(self, algorithms: Optional[Sequence[str]] = None, options: Optional[dict[str, Any]] = None) -> None:
        self._algorithms = get_default_algorithms()
        self._valid_algs = set(algorithms) if algorithms is not None else set(self._algorithms)
        for name in list(self._algorithms):
            if name not in self._valid_algs:
                del self._algorithms[name]
        # The native functions implement exactly the default HMAC registry.
        self._default_registry = algorithms is None
        self.options: dict[str, Any] = {"verify_signature": True, "enforce_minimum_key_length": False}
        if options is not None:
            self.options = {**self.options, **options}

    def register_algorithm(self, alg_id: str, alg_obj: Algorithm) -> None:
        """Add ``alg_obj`` under the name ``alg_id``; ``ValueError`` when the name is taken."""
        if alg_id in self._algorithms:
            raise ValueError("Algorithm already has a handler.")
        if not isinstance(alg_obj, Algorithm):
            raise TypeError("Object is not of type `Algorithm`")
        self._algorithms[alg_id] = alg_obj
        self._valid_algs.add(alg_id)
        self._leave_default_registry()

    def unregister_algorithm(self, alg_id: str) -> None:
        """Remove the algorithm named ``alg_id``; ``KeyError`` when it is not registered."""
        if alg_id not in self._algorithms:
            raise KeyError("The specified algorithm could not be removed because it is not registered.")
        del self._algorithms[alg_id]
        self._valid_algs.remove(alg_id)
        self._leave_default_registry()

    def _leave_default_registry(self) -> None:
        self._default_registry = False
        if self is _jws_global_obj:
            # The module-level functions use this registry: they now run in Python.
            _native._use_python_algorithms()

    def get_algorithms(self) -> list[str]:
        """Return the names accepted as ``alg``."""
        return list(self._valid_algs)

    def get_algorithm_by_name(self, alg_name: str) -> Algorithm:
        """Return the registered algorithm object named ``alg_name``.

        Raises ``NotImplementedError`` for a name without one, such as RS256.
        """
        try:
            return self._algorithms[alg_name]
        except KeyError as error:
            if not has_crypto and alg_name in requires_cryptography:
                raise NotImplementedError(
                    f"Algorithm '{alg_name}' could not be found: onlyoffice_jwt implements only HMAC "
                    "(HS256, HS384, HS512) and none"
                ) from error
            raise NotImplementedError("Algorithm not supported") from error

    def encode(
        self,
        payload: bytes,
        key: Union[PyJWK, str, bytes, Any],
        algorithm: Optional[str] = _ALGORITHM_UNSET,
        headers: Optional[dict[str, Any]] = None,
        json_encoder: Optional[type[json.JSONEncoder]] = None,
        is_payload_detached: bool = False,
        sort_headers: bool = True,
    ) -> str:
        """Sign ``payload`` bytes and return the compact serialization.

        ``algorithm`` defaults to HS256, or to the algorithm of a :class:`PyJWK` key; an
        ``alg`` in ``headers`` takes precedence. ``is_payload_detached`` or ``b64: False``
        in ``headers`` signs the payload unencoded (RFC 7797), lists ``b64`` in ``crit``,
        and leaves the payload segment empty.
        """
        if algorithm is _ALGORITHM_UNSET:
            alg_name = key.algorithm_name if isinstance(key, PyJWK) else "HS256"
        elif algorithm is None:
            alg_name = key.algorithm_name if isinstance(key, PyJWK) else "none"
        else:
            alg_name = algorithm
        if headers:
            if headers.get("alg"):
                alg_name = headers["alg"]
            if headers.get("b64") is False:
                is_payload_detached = True

        header: dict[str, Any] = {"typ": self.header_typ, "alg": alg_name}
        if headers:
            self._validate_headers(headers, encoding=True)
            header.update(headers)
        if not header["typ"]:
            del header["typ"]
        if is_payload_detached:
            header["b64"] = False
            crit = header.get("crit", [])
            if not isinstance(crit, list):
                raise coded(InvalidTokenError, "Invalid 'crit' header: must be a list", _CRIT)
            if "b64" not in crit:
                # RFC 7797 section 3: a producer that sets b64 must also list it in crit.
                header["crit"] = [*crit, "b64"]
        else:
            header.pop("b64", None)

        header_json = json.dumps(header, separators=(",", ":"), cls=json_encoder, sort_keys=sort_headers)
        header_segment = base64url_encode(header_json.encode())
        payload_segment = payload if is_payload_detached else base64url_encode(payload)
        signing_input = header_segment + b"." + payload_segment

        alg_obj = self.get_algorithm_by_name(alg_name)
        prepared = alg_obj.prepare_key(key.key if isinstance(key, PyJWK) else key)
        self._check_key_length(alg_obj, prepared, self.options, stacklevel=3)
        signature = base64url_encode(alg_obj.sign(signing_input, prepared))

        shown_payload = b"" if is_payload_detached else payload_segment
        return b".".join((header_segment, shown_payload, signature)).decode("utf-8")

    def decode_complete(
        self,
        jwt: Union[str, bytes],
        key: Union[PyJWK, str, bytes, Any] = "",
        algorithms: Optional[Sequence[str]] = None,
        options: Optional[dict[str, Any]] = None,
        detached_payload: Optional[bytes] = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Verify ``jwt`` and return ``{"payload": bytes, "header": dict, "signature": bytes}``.

        ``detached_payload`` is the payload of a token whose header has ``b64: false``.
        """
        _warn_kwargs("decode_complete", kwargs)
        merged = self.options if options is None else {**self.options, **options}
        verify_signature = merged["verify_signature"]
        if verify_signature and not algorithms and not isinstance(key, PyJWK):
            raise coded(DecodeError, _ALGORITHMS_REQUIRED, _ALG_NOT_ALLOWED)

        payload, signing_input, header, signature = self._load(jwt)
        self._validate_headers(header)
        unencoded = header.get("b64", True) is False
        if detached_payload is not None and not unencoded:
            raise coded(
                DecodeError,
                'It is only valid to pass "detached_payload" when the protected header has "b64" set to false.',
                _MALFORMED,
            )
        if unencoded:
            crit = header.get("crit") or []
            if not isinstance(crit, list) or "b64" not in crit:
                raise coded(
                    InvalidTokenError,
                    "The 'b64' header parameter requires 'b64' to be listed in 'crit'.",
                    _CRIT,
                )
            if detached_payload is None:
                raise coded(
                    DecodeError,
                    'It is required that you pass in a value for the "detached_payload" argument to decode '
                    "a message having the b64 header set to false.",
                    _MALFORMED,
                )
            if isinstance(detached_payload, (bytearray, memoryview)):
                # PyJWT concatenates it with the header bytes, which works for any bytes-like.
                detached_payload = bytes(detached_payload)
            if not isinstance(detached_payload, bytes):
                raise TypeError(f"detached_payload must be bytes, not {type(detached_payload).__name__}")
            payload = detached_payload
            signing_input = signing_input.rsplit(b".", 1)[0] + b"." + payload

        if verify_signature:
            self._verify_signature(signing_input, header, signature, key, algorithms, merged)
        return {"payload": payload, "header": header, "signature": signature}

    def decode(
        self,
        jwt: Union[str, bytes],
        key: Union[PyJWK, str, bytes, Any] = "",
        algorithms: Optional[Sequence[str]] = None,
        options: Optional[dict[str, Any]] = None,
        detached_payload: Optional[bytes] = None,
        **kwargs: Any,
    ) -> Any:
        """Verify ``jwt`` and return its payload bytes."""
        _warn_kwargs("decode", kwargs)
        return self.decode_complete(jwt, key, algorithms, options, detached_payload=detached_payload)["payload"]

    def get_unverified_header(self, jwt: Union[str, bytes]) -> dict[str, Any]:
        """Return the header of ``jwt`` without verifying anything. Never trust its values."""
        header = self._load(jwt)[2]
        self._validate_headers(header)
        return header

    def _load(self, jwt: Union[str, bytes]) -> tuple[bytes, bytes, dict[str, Any], bytes]:
        """Split ``jwt`` and decode its segments: ``(payload, signing_input, header, signature)``."""
        # The native decoder reads the header with the strict rules of ``decode``, checks the
        # token type, size and segment count, and rejects a non-string ``kid``.
        header = _native.get_unverified_header(jwt)
        token = jwt.encode("utf-8") if isinstance(jwt, str) else bytes(jwt)
        signing_input, signature_segment = token.rsplit(b".", 1)
        payload_segment = signing_input.split(b".", 1)[1]
        if header.get("b64", True) is False:
            # The payload of an unencoded token comes from ``detached_payload``; a payload in
            # the token would be unsigned work done before the signature check.
            if payload_segment:
                raise coded(DecodeError, "Payload segment must be empty when 'b64' is false.", _MALFORMED)
            payload = b""
        else:
            payload = decode_segment(payload_segment, "payload")
        signature = decode_segment(signature_segment, "crypto")
        return payload, signing_input, header, signature

    def _verify_signature(
        self,
        signing_input: bytes,
        header: dict[str, Any],
        signature: bytes,
        key: Any,
        algorithms: Optional[Sequence[str]],
        options: dict[str, Any],
    ) -> None:
        if algorithms is None and isinstance(key, PyJWK):
            algorithms = [key.algorithm_name]
        if "alg" not in header:
            raise coded(InvalidAlgorithmError, "Algorithm not specified", _ALG_NOT_ALLOWED)
        alg = header["alg"]
        if not alg or (algorithms is not None and alg not in algorithms):
            raise coded(InvalidAlgorithmError, "The specified alg value is not allowed", _ALG_NOT_ALLOWED)

        if isinstance(key, PyJWK):
            # The key's own algorithm verifies, whatever the header names.
            if alg != key.algorithm_name:
                raise coded(
                    InvalidAlgorithmError,
                    f"Token algorithm {alg!r} does not match the key's algorithm {key.algorithm_name!r}",
                    _ALG_NOT_ALLOWED,
                )
            alg_obj = key.Algorithm
            prepared = alg_obj.prepare_key(key.key)
        else:
            try:
                alg_obj = self.get_algorithm_by_name(alg)
            except NotImplementedError as error:
                raise coded(InvalidAlgorithmError, "Algorithm not supported", _ALG_NOT_ALLOWED) from error
            prepared = alg_obj.prepare_key(key)

        self._check_key_length(alg_obj, prepared, options, stacklevel=4)
        if not alg_obj.verify(signing_input, prepared, signature):
            raise coded(InvalidSignatureError, "Signature verification failed", "ERR_JWS_SIGNATURE_INVALID")

    @staticmethod
    def _check_key_length(alg_obj: Algorithm, key: Any, options: dict[str, Any], stacklevel: int) -> None:
        message = alg_obj.check_key_length(key)
        if not message:
            return
        if options.get("enforce_minimum_key_length", False):
            raise coded(InvalidKeyError, message, "ERR_KEY_INVALID")
        warnings.warn(message, InsecureKeyLengthWarning, stacklevel=stacklevel)

    # The critical header extensions this implementation understands.
    _supported_crit = frozenset({"b64"})

    def _validate_headers(self, headers: dict[str, Any], *, encoding: bool = False) -> None:
        if "kid" in headers and not isinstance(headers["kid"], str):
            raise coded(InvalidTokenError, "Key ID header parameter must be a string", _MALFORMED)
        if not encoding and "crit" in headers:
            self._validate_crit(headers)

    def _validate_crit(self, headers: dict[str, Any]) -> None:
        crit = headers["crit"]
        if not isinstance(crit, list) or not crit:
            raise coded(InvalidTokenError, "Invalid 'crit' header: must be a non-empty list", _CRIT)
        for name in crit:
            if not isinstance(name, str):
                raise coded(InvalidTokenError, "Invalid 'crit' header: values must be strings", _CRIT)
            if name not in self._supported_crit:
                raise coded(InvalidTokenError, f"Unsupported critical extension: {name}", _CRIT)
            if name not in headers:
                raise coded(InvalidTokenError, f"Critical extension '{name}' is missing from headers", _CRIT)


def _warn_kwargs(function: str, kwargs: dict[str, Any]) -> None:
    if kwargs:
        warnings.warn(
            f"passing additional kwargs to {function}() is deprecated and is ignored. "
            f"Unsupported kwargs: {tuple(kwargs)}",
            DeprecationWarning,
            stacklevel=3,
        )


_jws_global_obj = PyJWS()
encode = _jws_global_obj.encode
decode_complete = _jws_global_obj.decode_complete
decode = _jws_global_obj.decode
register_algorithm = _jws_global_obj.register_algorithm
unregister_algorithm = _jws_global_obj.unregister_algorithm
get_algorithm_by_name = _jws_global_obj.get_algorithm_by_name
get_unverified_header = _jws_global_obj.get_unverified_header
