"""A panic in the Rust extension reaches Python as an exception and never aborts the interpreter.

Every exported function turns a panic into ``InternalError`` (code ``ERR_INTERNAL``), an
``Exception``. ``_panic_for_tests(guarded=False)`` panics outside that guard, to show that
pyo3's own ``PanicException`` still keeps the interpreter alive.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import _native
from conftest import CB_FIELDS, CB_FLAT, NOW, S32

# Run in a child interpreter first, so that a build with `panic = "abort"` fails this test
# instead of killing the whole test run.
CHILD = textwrap.dedent(
    """
    import onlyoffice_jwt
    from onlyoffice_jwt import _native

    for guarded in (True, False):
        try:
            _native._panic_for_tests(guarded)
        except BaseException as error:
            print("raised", type(error).__name__, isinstance(error, Exception))
        else:
            print("no exception")
    claims = onlyoffice_jwt.decode(onlyoffice_jwt.encode({"a": 1}, "k" * 32), "k" * 32, algorithms=["HS256"])
    print("alive", claims)
    """
)


def test_panic_in_child_interpreter_raises_and_continues() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"RUST_BACKTRACE": "0", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "raised InternalError True" in result.stdout
    assert "raised PanicException False" in result.stdout
    assert "alive {'a': 1}" in result.stdout


def test_panic_raises_internal_error() -> None:
    with pytest.raises(onlyoffice_jwt.InternalError) as caught:
        _native._panic_for_tests()
    assert isinstance(caught.value, Exception)
    assert not isinstance(caught.value, onlyoffice_jwt.PyJWTError)
    assert caught.value.code == "ERR_INTERNAL"
    assert "deliberate panic" in str(caught.value)
    assert caught.value.detail == str(caught.value)


def test_unguarded_panic_raises_panic_exception() -> None:
    with pytest.raises(BaseException) as caught:
        _native._panic_for_tests(False)
    # pyo3 raises PanicException, a BaseException: `except Exception` does not swallow it.
    assert type(caught.value).__name__ == "PanicException"
    assert not isinstance(caught.value, Exception)


def test_library_works_after_panic() -> None:
    with pytest.raises(onlyoffice_jwt.InternalError):
        _native._panic_for_tests()
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)
    assert server.verify_callback({"token": CB_FLAT}).data == CB_FIELDS
    assert onlyoffice_jwt.decode(CB_FLAT, S32, algorithms=["HS256"], now=NOW)["key"] == "doc-1"
