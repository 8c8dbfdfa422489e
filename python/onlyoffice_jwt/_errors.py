"""Construction of coded exceptions raised from Python code, as the native code builds them."""

from __future__ import annotations

from typing import Optional, TypeVar

from .exceptions import PyJWTError

_E = TypeVar("_E", bound=PyJWTError)


def coded(cls: type[_E], message: str, code: Optional[str], detail: Optional[str] = None) -> _E:
    """Return ``cls(message)`` with ``code`` and ``detail`` (``message`` when not given) set."""
    error = cls(message)
    error.code = code
    error.detail = message if detail is None else detail
    return error
