"""HMAC JSON Web Tokens and the ONLYOFFICE Docs token protocol, implemented in Rust.

Two layers:

- a drop-in for PyJWT's HMAC API: ``encode``, ``decode``, ``decode_complete``,
  ``get_unverified_header`` and PyJWT's exception classes;
- :class:`DocumentServer`, the token protocol between ONLYOFFICE Docs and the host
  application: signed editor configs, editor methods and requests, verified save callbacks
  and file downloads.
"""

from ._jwt import decode, decode_complete, encode, get_unverified_header
from ._native import Callback, Download, DocumentServer, SignedRequest
from .exceptions import (
    ConfigInvalidError,
    DecodeError,
    ExpiredSignatureError,
    HeaderInvalidError,
    ImmatureSignatureError,
    InsecureKeyLengthWarning,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidJTIError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidSubjectError,
    InvalidTokenError,
    MissingRequiredClaimError,
    OptionInvalidError,
    PayloadShapeError,
    PyJWTError,
    SettingsInvalidError,
    TokenMissingError,
    TokenPurposeError,
    UrlMismatchError,
)

__version__ = "0.1.0"

__all__ = [
    "encode",
    "decode",
    "decode_complete",
    "get_unverified_header",
    "DocumentServer",
    "Callback",
    "Download",
    "SignedRequest",
    "PyJWTError",
    "InvalidTokenError",
    "DecodeError",
    "InvalidSignatureError",
    "ExpiredSignatureError",
    "ImmatureSignatureError",
    "InvalidAudienceError",
    "InvalidIssuerError",
    "InvalidIssuedAtError",
    "InvalidSubjectError",
    "InvalidJTIError",
    "InvalidKeyError",
    "InvalidAlgorithmError",
    "MissingRequiredClaimError",
    "TokenMissingError",
    "HeaderInvalidError",
    "PayloadShapeError",
    "TokenPurposeError",
    "ConfigInvalidError",
    "UrlMismatchError",
    "SettingsInvalidError",
    "OptionInvalidError",
    "InsecureKeyLengthWarning",
]
