"""Exceptions and warnings of onlyoffice_jwt.

The names and the hierarchy are PyJWT's, so ``except jwt.ExpiredSignatureError`` keeps
working after switching the import. Every exception raised by the library also carries:

- ``code``: a stable machine-readable code shared with the Rust and Node packages, such as
  ``ERR_JWT_EXPIRED``;
- ``detail``: the library's own explanation, which names the value at fault;
- ``claim``: the claim name, for errors about a claim;
- ``ds_answer``: for errors raised by :class:`DocumentServer` methods, the response code
  Document Server itself sends for this failure, per service: ``{"command": 6, "conversion": -8,
  "docbuilder": -8, "editor": 4006}``.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "PyJWTError",
    "InvalidTokenError",
    "DecodeError",
    "InvalidSignatureError",
    "ExpiredSignatureError",
    "InvalidAudienceError",
    "InvalidIssuerError",
    "InvalidIssuedAtError",
    "ImmatureSignatureError",
    "InvalidKeyError",
    "InvalidAlgorithmError",
    "MissingRequiredClaimError",
    "InvalidSubjectError",
    "InvalidJTIError",
    "PyJWKError",
    "MissingCryptographyError",
    "PyJWKSetError",
    "PyJWKClientError",
    "PyJWKClientConnectionError",
    "TokenMissingError",
    "HeaderInvalidError",
    "PayloadShapeError",
    "TokenPurposeError",
    "ConfigInvalidError",
    "UrlMismatchError",
    "SettingsInvalidError",
    "OptionInvalidError",
    "InternalError",
    "InsecureKeyLengthWarning",
]


class PyJWTError(Exception):
    """Base class of every exception of this library."""

    code: Optional[str] = None
    detail: Optional[str] = None
    claim: Optional[str] = None
    ds_answer: Optional[dict[str, int]] = None


class InvalidTokenError(PyJWTError):
    """A token failed verification or decoding."""


class DecodeError(InvalidTokenError):
    """A token is malformed: not three base64url segments, not strict JSON, or a time
    claim that is not a number."""


class InvalidSignatureError(DecodeError):
    """The signature does not match the header and payload under the key."""


class ExpiredSignatureError(InvalidTokenError):
    """The token's ``exp`` has passed, leeway included."""


class InvalidAudienceError(InvalidTokenError):
    """The token's ``aud`` does not name an accepted audience, or names one when none is expected."""


class InvalidIssuerError(InvalidTokenError):
    """The token's ``iss`` is not an accepted issuer."""


class InvalidIssuedAtError(InvalidTokenError):
    """The token's ``iat`` is not a number."""


class ImmatureSignatureError(InvalidTokenError):
    """The token's ``nbf`` (or ``iat``, when checked) is in the future, leeway included."""


class InvalidKeyError(PyJWTError):
    """The key is empty, of the wrong type, or shorter than the enforced minimum."""


class InvalidAlgorithmError(InvalidTokenError):
    """The token's ``alg`` is missing, not allowed, or not an HMAC algorithm."""


class MissingRequiredClaimError(InvalidTokenError):
    """A required claim is absent from the token."""

    def __init__(self, claim: str) -> None:
        super().__init__(claim)
        self.claim = claim

    def __str__(self) -> str:
        return f'Token is missing the "{self.claim}" claim'


class InvalidSubjectError(InvalidTokenError):
    """The token's ``sub`` is not a string or not the expected subject."""


class InvalidJTIError(InvalidTokenError):
    """The token's ``jti`` is not a string."""


class PyJWKError(PyJWTError):
    """A JSON Web Key cannot be used: no algorithm fits it."""


class MissingCryptographyError(PyJWKError):
    """An algorithm needs PyJWT's ``cryptography`` backend.

    Raised by ``PyJWK`` for RSA, EC and OKP keys, which PyJWT without ``cryptography`` also
    rejects with this class, because this package supports only HMAC keys.
    """


class PyJWKSetError(PyJWTError):
    """A JSON Web Key Set is empty, malformed, or has no usable key."""


class PyJWKClientError(PyJWTError):
    """Base class of the errors of PyJWT's ``PyJWKClient``.

    This package provides no ``PyJWKClient``; the class is kept for ``except`` clauses.
    """


class PyJWKClientConnectionError(PyJWKClientError):
    """A JWKS endpoint could not be reached (PyJWT's ``PyJWKClient``; not raised here)."""


class TokenMissingError(InvalidTokenError):
    """A Document Server message carries no token in the body or in the configured header."""


class HeaderInvalidError(InvalidTokenError):
    """The token header of a request is repeated, has the wrong prefix, or is not text."""


class PayloadShapeError(InvalidTokenError):
    """A verified Document Server token or body does not have the shape of its message."""


class TokenPurposeError(InvalidTokenError):
    """A token made for another Document Server message, such as an editor config, was presented."""


class ConfigInvalidError(InvalidTokenError):
    """An editor config lacks a member that Document Server requires, or has a forbidden one."""


class UrlMismatchError(InvalidTokenError):
    """A download token was signed for another URL than the one requested."""


class SettingsInvalidError(PyJWTError):
    """A Document Server setting has an invalid value."""


class OptionInvalidError(PyJWTError, ValueError):
    """A verification option has a value without meaning, such as a NaN or negative ``leeway``.

    Also a ``ValueError``, because the caller passed the value.
    """


class InternalError(Exception):
    """A defect of this package, such as a panic in its Rust code (code ``ERR_INTERNAL``).

    Deliberately not a :class:`PyJWTError`, so that an ``except PyJWTError`` handler that
    responds with 403 to a bad token does not hide it, while ``except Exception`` catches it.
    """

    code: str = "ERR_INTERNAL"
    detail: Optional[str] = None


class InsecureKeyLengthWarning(UserWarning):
    """A secret is shorter than the hash output of its algorithm (RFC 7518 section 3.2)."""
