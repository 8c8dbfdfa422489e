"""Signing algorithms with the interface of PyJWT 2's ``jwt.algorithms``, for HMAC only.

``HMACAlgorithm`` and ``NoneAlgorithm`` behave as PyJWT's. The asymmetric algorithms of
PyJWT (RS*, PS*, ES*, EdDSA) are not implemented: ``has_crypto`` is ``False`` and
``requires_cryptography`` lists their names, as PyJWT reports them without its
``cryptography`` backend. A subclass of :class:`Algorithm` can be registered with
``register_algorithm`` and is then used by :class:`~onlyoffice_jwt.PyJWS` and
:class:`~onlyoffice_jwt.PyJWT` instances, in Python.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from abc import ABC, abstractmethod
from typing import Any, Callable, ClassVar, Literal, NoReturn, Union, overload

from ._errors import coded
from .exceptions import InvalidKeyError
from .utils import base64url_decode, base64url_encode, force_bytes

__all__ = [
    "Algorithm",
    "HMACAlgorithm",
    "NoneAlgorithm",
    "get_default_algorithms",
    "has_crypto",
    "requires_cryptography",
]

JWKDict = dict[str, Any]
HashlibHash = Callable[..., Any]

#: Always ``False``: this package has no asymmetric algorithms.
has_crypto = False

#: The algorithm names PyJWT implements with ``cryptography``; none of them is available here.
requires_cryptography = frozenset(
    {"RS256", "RS384", "RS512", "ES256", "ES256K", "ES384", "ES521", "ES512", "PS256", "PS384", "PS512", "EdDSA"}
)

_EMPTY_KEY = "HMAC key must not be empty."


def get_default_algorithms() -> dict[str, Algorithm]:
    """Return a new dict of the algorithms this package implements, by ``alg`` name."""
    return {
        "none": NoneAlgorithm(),
        "HS256": HMACAlgorithm(HMACAlgorithm.SHA256),
        "HS384": HMACAlgorithm(HMACAlgorithm.SHA384),
        "HS512": HMACAlgorithm(HMACAlgorithm.SHA512),
    }


class Algorithm(ABC):
    """Interface of a signing algorithm: key preparation, signing, verification and JWK conversion."""

    def compute_hash_digest(self, bytestr: bytes) -> bytes:
        """Hash ``bytestr`` with the algorithm's hash function; ``NotImplementedError`` without one."""
        hash_alg = getattr(self, "hash_alg", None)
        if hash_alg is None:
            raise NotImplementedError
        return bytes(hash_alg(bytestr).digest())

    @abstractmethod
    def prepare_key(self, key: Any) -> Any:
        """Check ``key`` and convert it into the form :meth:`sign` and :meth:`verify` take."""

    @abstractmethod
    def sign(self, msg: bytes, key: Any) -> bytes:
        """Return the signature of ``msg`` under ``key``."""

    @abstractmethod
    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        """Return True when ``sig`` is the signature of ``msg`` under ``key``."""

    @overload
    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: Literal[True]) -> JWKDict: ...

    @overload
    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: Literal[False] = False) -> str: ...

    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Union[JWKDict, str]:
        """Serialize a key as a JSON Web Key, a dict when ``as_dict`` is set, else JSON text."""

    @staticmethod
    @abstractmethod
    def from_jwk(jwk: Union[str, JWKDict]) -> Any:
        """Read a key from a JSON Web Key given as JSON text or a dict."""

    def check_key_length(self, key: Any) -> Union[str, None]:
        """Return a warning message for a key shorter than the algorithm needs, else None."""
        return None


class NoneAlgorithm(Algorithm):
    """The ``none`` algorithm: empty signatures, which never verify."""

    def prepare_key(self, key: Union[str, None]) -> None:
        if key == "":
            key = None
        if key is not None:
            raise coded(InvalidKeyError, 'When alg = "none", key value must be None.', "ERR_KEY_INVALID")
        return key

    def sign(self, msg: bytes, key: None) -> bytes:
        return b""

    def verify(self, msg: bytes, key: None, sig: bytes) -> bool:
        # An unsigned token is never verified: decode it with verify_signature off instead.
        return False

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError()

    @staticmethod
    def from_jwk(jwk: Union[str, JWKDict]) -> NoReturn:
        raise NotImplementedError()


class HMACAlgorithm(Algorithm):
    """HMAC with one of SHA-256, SHA-384 or SHA-512 (HS256, HS384, HS512).

    Unlike PyJWT 2.15, :meth:`prepare_key` does not inspect the secret: bytes that look like
    a PEM, SSH, DER or JWK key are used as the HMAC secret, as everywhere in this package.
    """

    SHA256: ClassVar[HashlibHash] = hashlib.sha256
    SHA384: ClassVar[HashlibHash] = hashlib.sha384
    SHA512: ClassVar[HashlibHash] = hashlib.sha512

    def __init__(self, hash_alg: HashlibHash) -> None:
        self.hash_alg = hash_alg

    def prepare_key(self, key: Union[str, bytes]) -> bytes:
        secret = force_bytes(key)
        if not secret:
            raise coded(InvalidKeyError, _EMPTY_KEY, "ERR_KEY_INVALID")
        return secret

    @overload
    @staticmethod
    def to_jwk(key_obj: Union[str, bytes], as_dict: Literal[True]) -> JWKDict: ...

    @overload
    @staticmethod
    def to_jwk(key_obj: Union[str, bytes], as_dict: Literal[False] = False) -> str: ...

    @staticmethod
    def to_jwk(key_obj: Union[str, bytes], as_dict: bool = False) -> Union[JWKDict, str]:
        jwk = {"k": base64url_encode(force_bytes(key_obj)).decode(), "kty": "oct"}
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: Union[str, JWKDict]) -> bytes:
        if isinstance(jwk, str):
            try:
                jwk = json.loads(jwk)
            except ValueError:
                raise coded(InvalidKeyError, "Key is not valid JSON", "ERR_KEY_INVALID") from None
        if not isinstance(jwk, dict):
            raise coded(InvalidKeyError, "Key is not valid JSON", "ERR_KEY_INVALID")
        if jwk.get("kty") != "oct":
            raise coded(InvalidKeyError, "Not an HMAC key", "ERR_KEY_INVALID")
        encoded = jwk.get("k")
        if not isinstance(encoded, (str, bytes)):
            # PyJWT 2.15 raises KeyError for a missing "k".
            raise coded(InvalidKeyError, 'The HMAC JWK has no "k" string member', "ERR_KEY_INVALID")
        secret = base64url_decode(encoded)
        if not secret:
            raise coded(InvalidKeyError, _EMPTY_KEY, "ERR_KEY_INVALID")
        return secret

    def check_key_length(self, key: bytes) -> Union[str, None]:
        digest = self.hash_alg()
        if len(key) >= digest.digest_size:
            return None
        return (
            f"The HMAC key is {len(key)} bytes long, which is below the minimum recommended length "
            f"of {digest.digest_size} bytes for {digest.name.upper()}. See RFC 7518 Section 3.2."
        )

    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.digest(key, msg, self.hash_alg)

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        # compare_digest takes time independent of where the two tags differ.
        return hmac.compare_digest(sig, self.sign(msg, key))
