"""The hand-written type stubs match the installed package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any


def test_stubtest_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "onlyoffice_jwt"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# PyJWT-style code using the class API, the submodules and the JWK types; mypy --strict must
# accept it as typed.
TYPED_USAGE = '''
from typing import Any

import onlyoffice_jwt as jwt
from onlyoffice_jwt.algorithms import Algorithm, HMACAlgorithm, get_default_algorithms
from onlyoffice_jwt.api_jwk import PyJWK, PyJWKSet
from onlyoffice_jwt.utils import base64url_decode, base64url_encode, from_base64url_uint

instance: jwt.PyJWT = jwt.PyJWT(options={"verify_exp": False})
token: str = instance.encode({"a": 1}, "k" * 32, algorithm="HS256", headers={"kid": "1"})
claims: dict[str, Any] = instance.decode(token, "k" * 32, algorithms=["HS256"], audience="ds", leeway=5)
complete: dict[str, Any] = jwt.decode_complete(token, b"k" * 32, algorithms=["HS256"], detached_payload=None)
jws: jwt.PyJWS = jwt.PyJWS(algorithms=["HS256"])
raw: str = jws.encode(b"payload", "k" * 32, is_payload_detached=True)
header: dict[str, Any] = jws.get_unverified_header(raw)
algorithm: Algorithm = jws.get_algorithm_by_name("HS256")
names: list[str] = jws.get_algorithms()
jwt.register_algorithm("HS256-alt", HMACAlgorithm(HMACAlgorithm.SHA256))
key: PyJWK = PyJWK({"kty": "oct", "k": base64url_encode(b"k" * 32).decode()})
secret: bytes = key.key
keys: PyJWKSet = PyJWKSet.from_dict({"keys": [{"kty": "oct", "k": "aw"}]})
first: PyJWK = keys["kid"]
decoded: dict[str, Any] = jwt.decode(token, key)
defaults: dict[str, Algorithm] = get_default_algorithms()
number: int = from_base64url_uint("AQAB")
data: bytes = base64url_decode("aw")
jwk: str = HMACAlgorithm.to_jwk(b"k")
jwk_dict: dict[str, Any] = HMACAlgorithm.to_jwk(b"k", as_dict=True)
error: type[jwt.PyJWTError] = jwt.PyJWKSetError
'''


def test_typed_usage_passes_mypy_strict(tmp_path: Any) -> None:
    usage = tmp_path / "usage.py"
    usage.write_text(TYPED_USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(usage)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_passes_mypy_strict() -> None:
    # The source tree, because mypy does not report errors in files under site-packages.
    package = Path(__file__).resolve().parents[1] / "onlyoffice_jwt"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
