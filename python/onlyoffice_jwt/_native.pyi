"""Type stubs of the Rust extension module ``onlyoffice_jwt._native``."""

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar, Optional, Union, final

__all__ = [
    "Callback",
    "DocumentServer",
    "Download",
    "SignedRequest",
    "decode",
    "decode_complete",
    "encode",
    "get_unverified_header",
    "sign_raw",
]

from onlyoffice_jwt.api_jwk import PyJWK

_Secret = Union[str, bytes]
# The PyJWT-style functions also take a PyJWK, which they hand to the Python implementation.
_Key = Union[str, bytes, PyJWK]
_Headers = Union[Mapping[str, Any], Iterable[tuple[Union[str, bytes], Union[str, bytes]]], Any]

def encode(
    payload: dict[str, Any],
    key: _Key,
    algorithm: Optional[str] = "HS256",
    headers: Optional[dict[str, Any]] = None,
    json_encoder: Optional[type[json.JSONEncoder]] = None,
    sort_headers: bool = True,
) -> str: ...
def decode(
    jwt: Union[str, bytes],
    key: _Key = "",
    algorithms: Optional[Sequence[str]] = None,
    options: Optional[Mapping[str, Any]] = None,
    verify: Optional[bool] = None,
    detached_payload: Optional[bytes] = None,
    audience: Optional[Union[str, Iterable[str]]] = None,
    subject: Optional[str] = None,
    issuer: Optional[Union[str, Iterable[str]]] = None,
    leeway: Union[float, timedelta] = 0,
    **kwargs: Any,
) -> dict[str, Any]: ...
def decode_complete(
    jwt: Union[str, bytes],
    key: _Key = "",
    algorithms: Optional[Sequence[str]] = None,
    options: Optional[Mapping[str, Any]] = None,
    verify: Optional[bool] = None,
    detached_payload: Optional[bytes] = None,
    audience: Optional[Union[str, Iterable[str]]] = None,
    issuer: Optional[Union[str, Iterable[str]]] = None,
    subject: Optional[str] = None,
    leeway: Union[float, timedelta] = 0,
    **kwargs: Any,
) -> dict[str, Any]: ...
def get_unverified_header(jwt: Union[str, bytes]) -> dict[str, Any]: ...
def _panic_for_tests(guarded: bool = True) -> None: ...
def _use_python_algorithms() -> None: ...
def _decode_claims(
    jwt: Union[str, bytes],
    options: Mapping[str, Any],
    audience: Optional[Union[str, Iterable[str]]] = None,
    subject: Optional[str] = None,
    issuer: Optional[Union[str, Iterable[str]]] = None,
    leeway: Union[float, timedelta] = 0,
    **kwargs: Any,
) -> dict[str, Any]: ...
def sign_raw(header_json: bytes, payload_json: bytes, key: _Secret, algorithm: str) -> str: ...

@final
class Callback:
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def key(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def iat(self) -> Union[int, float, None]: ...
    @property
    def exp(self) -> Union[int, float, None]: ...
    @property
    def source(self) -> str: ...
    def __getitem__(self, key: str, /) -> Any: ...
    def __contains__(self, key: str, /) -> bool: ...
    def get(self, name: str, default: Any = None) -> Any: ...

@final
class Download:
    @property
    def url(self) -> str: ...
    @property
    def iat(self) -> Union[int, float, None]: ...
    @property
    def exp(self) -> Union[int, float, None]: ...

@final
class SignedRequest:
    @property
    def body(self) -> dict[str, Any]: ...
    @property
    def header_name(self) -> str: ...
    @property
    def header_value(self) -> str: ...
    @property
    def headers(self) -> dict[str, str]: ...

@final
class DocumentServer:
    CALLBACK_OK: ClassVar[str]
    def __new__(
        cls,
        secret: _Secret,
        *,
        outbox_secret: Optional[_Secret] = None,
        header: str = "Authorization",
        prefix: str = "Bearer ",
        algorithm: str = "HS256",
        expires_in: Optional[int] = 300,
        leeway: Union[float, timedelta] = 60.0,
        min_length: str = "off",
        extra_secrets: Iterable[_Secret] = (),
        now: Optional[float] = None,
    ) -> DocumentServer: ...
    @classmethod
    def from_local_json(
        cls,
        source: Union[str, bytes, os.PathLike[str]],
        *,
        expires_in: Optional[int] = ...,
        leeway: Union[float, timedelta] = ...,
        min_length: str = "off",
        extra_secrets: Iterable[_Secret] = (),
        now: Optional[float] = None,
    ) -> DocumentServer: ...
    @staticmethod
    def callback_reply() -> str: ...
    def sign_config(self, config: dict[str, Any]) -> dict[str, Any]: ...
    def sign_method(self, params: dict[str, Any]) -> dict[str, Any]: ...
    def sign_request(self, request: dict[str, Any], operation: Optional[str] = None) -> SignedRequest: ...
    def verify_callback(
        self, body: Union[bytes, bytearray, str, dict[str, Any], list[Any], None], headers: Optional[_Headers] = None
    ) -> Callback: ...
    def verify_download(self, url: str, headers: _Headers) -> Download: ...
    @property
    def header(self) -> str: ...
    @property
    def prefix(self) -> str: ...
