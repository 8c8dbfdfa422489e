"""HMAC JSON Web Tokens and the ONLYOFFICE Docs token protocol, implemented in Rust.

Two layers:

- a drop-in for PyJWT's HMAC API: ``encode``, ``decode``, ``decode_complete``,
  ``get_unverified_header``, the ``PyJWT``, ``PyJWS``, ``PyJWK`` and ``PyJWKSet`` classes,
  algorithm registration, the modules ``api_jwt``, ``api_jws``, ``api_jwk``, ``algorithms``
  and ``utils``, and PyJWT's exception classes;
- :class:`DocumentServer`, the token protocol between ONLYOFFICE Docs and the host
  application: signed editor configs, editor methods and requests, verified save callbacks
  and file downloads.
"""

from . import algorithms, api_jwk, api_jws, api_jwt, exceptions, utils
from ._jwt import decode, decode_complete, encode, get_unverified_header
from ._native import Callback, Download, DocumentServer, SignedRequest
from .api_jwk import PyJWK, PyJWKSet
from .api_jws import PyJWS, get_algorithm_by_name, register_algorithm, unregister_algorithm
from .api_jwt import PyJWT
from .exceptions import (
    ConfigInvalidError,
    DecodeError,
    ExpiredSignatureError,
    HeaderInvalidError,
    ImmatureSignatureError,
    InsecureKeyLengthWarning,
    InternalError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidJTIError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidSubjectError,
    InvalidTokenError,
    MissingCryptographyError,
    MissingRequiredClaimError,
    OptionInvalidError,
    PayloadShapeError,
    PyJWKClientConnectionError,
    PyJWKClientError,
    PyJWKError,
    PyJWKSetError,
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
    "register_algorithm",
    "unregister_algorithm",
    "get_algorithm_by_name",
    "PyJWT",
    "PyJWS",
    "PyJWK",
    "PyJWKSet",
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
