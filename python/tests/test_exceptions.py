"""The exception classes: PyJWT 2.15's names and hierarchy, plus this package's own."""

from __future__ import annotations

import jwt as pyjwt
import jwt.exceptions as pyjwt_exceptions
import pytest

import onlyoffice_jwt
from onlyoffice_jwt import exceptions

PYJWT_CLASSES = [
    name
    for name, value in vars(pyjwt_exceptions).items()
    if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == "jwt.exceptions"
]


@pytest.mark.parametrize("name", PYJWT_CLASSES)
def test_every_pyjwt_exception_exists(name: str) -> None:
    ours = getattr(exceptions, name)
    theirs = getattr(pyjwt_exceptions, name)
    our_bases = [base.__name__ for base in ours.__mro__ if base.__module__ == "onlyoffice_jwt.exceptions"]
    their_bases = [base.__name__ for base in theirs.__mro__ if base.__module__ == "jwt.exceptions"]
    assert our_bases == their_bases


@pytest.mark.parametrize("name", [name for name in pyjwt.__all__ if name.endswith("Error")])
def test_top_level_exports_match(name: str) -> None:
    assert getattr(onlyoffice_jwt, name) is getattr(exceptions, name)
    assert name in onlyoffice_jwt.__all__


def test_jwk_errors_hierarchy() -> None:
    assert issubclass(exceptions.MissingCryptographyError, exceptions.PyJWKError)
    assert issubclass(exceptions.PyJWKClientConnectionError, exceptions.PyJWKClientError)
    assert issubclass(exceptions.PyJWKSetError, exceptions.PyJWTError)
    assert not issubclass(exceptions.PyJWKError, exceptions.InvalidTokenError)
