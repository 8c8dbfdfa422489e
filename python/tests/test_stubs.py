"""The hand-written type stubs match the installed package."""

from __future__ import annotations

import subprocess
import sys


def test_stubtest_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "onlyoffice_jwt"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
