"""JSON Web Keys with the interface of PyJWT 2's ``PyJWK`` and ``PyJWKSet``, for HMAC keys.

Only symmetric keys (``"kty": "oct"``) with HS256, HS384 or HS512 are supported. RSA, EC
and OKP keys, and the algorithms PyJWT implements with ``cryptography``, raise
:class:`MissingCryptographyError`, as PyJWT does without that package. Other key types raise
:class:`InvalidKeyError`. Error messages never quote the key material.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Optional

from ._errors import coded
from .algorithms import Algorithm, HMACAlgorithm, get_default_algorithms, requires_cryptography
from .exceptions import InvalidKeyError, MissingCryptographyError, PyJWKError, PyJWKSetError, PyJWTError

__all__ = ["PyJWK", "PyJWKSet"]

JWKDict = dict[str, Any]

# The algorithm PyJWT picks for a key without "alg", by "kty" (EC and OKP keys depend on
# "crv" in PyJWT, but every choice needs cryptography).
_DEFAULT_ALGORITHMS = {"oct": "HS256", "RSA": "RS256", "EC": "ES256", "OKP": "EdDSA"}

_HMAC_ONLY = 'only HMAC keys ("kty": "oct") with HS256, HS384 or HS512 are supported by onlyoffice_jwt'


class PyJWK:
    """A JSON Web Key (RFC 7517) holding an HMAC secret.

    ``algorithm`` overrides the key's ``alg``; without either, an ``oct`` key is HS256.
    The secret is ``key`` (bytes), and ``Algorithm`` is the algorithm object that uses it.
    """

    key: bytes
    algorithm_name: str
    Algorithm: Algorithm

    def __init__(self, jwk_data: JWKDict, algorithm: Optional[str] = None) -> None:
        self._jwk_data = jwk_data
        kty = jwk_data.get("kty")
        if not kty:
            raise coded(InvalidKeyError, 'kty is not found in the JWK: give "kty": "oct"', "ERR_KEY_INVALID")
        # A `kty` or `alg` of another type (a list, say) is unsupported, not a TypeError.
        default = _DEFAULT_ALGORITHMS.get(kty) if isinstance(kty, str) else None
        name = algorithm or jwk_data.get("alg") or default
        if name is None:
            raise coded(InvalidKeyError, f"Unsupported kty: {kty!r}; {_HMAC_ONLY}", "ERR_KEY_INVALID")
        if isinstance(name, str) and name in requires_cryptography:
            # PyJWT without its cryptography backend raises this class for these keys.
            raise coded(MissingCryptographyError, f"{name} is not supported: {_HMAC_ONLY}", "ERR_KEY_INVALID")
        algorithm_object = get_default_algorithms().get(name) if isinstance(name, str) else None
        if not isinstance(algorithm_object, HMACAlgorithm):
            # PyJWT 2.15 raises PyJWKError for an unknown alg, and NotImplementedError for "none".
            raise coded(PyJWKError, f"Unable to find an algorithm for the JWK: alg {name!r}", "ERR_KEY_INVALID")
        self.algorithm_name = name
        self.Algorithm = algorithm_object
        try:
            self.key = algorithm_object.from_jwk(jwk_data)
        except (TypeError, ValueError) as error:
            raise coded(InvalidKeyError, f"Unable to construct key from JWK: {error}", "ERR_KEY_INVALID") from error

    @staticmethod
    def from_dict(obj: JWKDict, algorithm: Optional[str] = None) -> PyJWK:
        """Create a key from a JWK dict."""
        return PyJWK(obj, algorithm)

    @staticmethod
    def from_json(data: str, algorithm: Optional[str] = None) -> PyJWK:
        """Create a key from JWK JSON text."""
        return PyJWK.from_dict(json.loads(data), algorithm)

    @property
    def key_type(self) -> Optional[str]:
        """The ``kty`` member."""
        return self._jwk_data.get("kty", None)

    @property
    def key_id(self) -> Optional[str]:
        """The ``kid`` member, or None."""
        return self._jwk_data.get("kid", None)

    @property
    def public_key_use(self) -> Optional[str]:
        """The ``use`` member, or None."""
        return self._jwk_data.get("use", None)

    def __repr__(self) -> str:
        return f"<PyJWK kty='oct' alg={self.algorithm_name!r} kid={self.key_id!r}>"


class PyJWKSet:
    """A JSON Web Key Set: the usable keys of ``keys``, in order.

    Members that are not objects and keys that raise :class:`InvalidKeyError` or
    :class:`PyJWKError` are skipped, but an RSA, EC or OKP key raises
    :class:`MissingCryptographyError`, as in PyJWT without ``cryptography``. A set left
    without a key raises :class:`PyJWKSetError`.
    """

    def __init__(self, keys: list[JWKDict]) -> None:
        self.keys: list[PyJWK] = []
        if not keys:
            raise coded(PyJWKSetError, "The JWK Set did not contain any keys", "ERR_KEY_INVALID")
        if not isinstance(keys, list):
            raise coded(PyJWKSetError, "Invalid JWK Set value", "ERR_KEY_INVALID")
        for key in keys:
            if not isinstance(key, dict):
                continue
            try:
                self.keys.append(PyJWK(key))
            except MissingCryptographyError:
                # As in PyJWT without cryptography: an RSA, EC or OKP key fails the whole set.
                raise
            except PyJWTError:
                continue
        if not self.keys:
            raise coded(PyJWKSetError, f"The JWK Set did not contain any usable keys: {_HMAC_ONLY}", "ERR_KEY_INVALID")

    @staticmethod
    def from_dict(obj: dict[str, Any]) -> PyJWKSet:
        """Create a set from ``{"keys": [...]}``."""
        return PyJWKSet(obj.get("keys", []))

    @staticmethod
    def from_json(data: str) -> PyJWKSet:
        """Create a set from JWKS JSON text."""
        return PyJWKSet.from_dict(json.loads(data))

    def __getitem__(self, kid: str) -> PyJWK:
        for key in self.keys:
            if key.key_id == kid:
                return key
        raise KeyError(f"keyset has no key for kid: {kid}")

    def __iter__(self) -> Iterator[PyJWK]:
        return iter(self.keys)
