"""Typical PyJWT code runs unchanged with ``import onlyoffice_jwt as jwt`` in place of ``import jwt``.

Each snippet is PyJWT code. It runs in a child interpreter twice, once per import, and both
runs must print the same lines.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SNIPPETS = {
    "class api": """
        import jwt
        key = "k" * 64
        instance = jwt.PyJWT(options={"verify_exp": False})
        token = instance.encode({"sub": "u1", "exp": 1}, key, algorithm="HS384")
        print(token)
        print(instance.decode(token, key, algorithms=["HS384"]))
        print(jwt.PyJWT().decode_complete(token, key, algorithms=["HS384"], options={"verify_exp": False})["header"])
        try:
            jwt.PyJWT().decode(token, key, algorithms=["HS384"])
        except jwt.ExpiredSignatureError as error:
            print(type(error).__name__, error)
    """,
    "submodules": """
        import jwt
        from jwt.algorithms import HMACAlgorithm, get_default_algorithms, has_crypto
        from jwt.api_jws import PyJWS
        from jwt.api_jwt import PyJWT
        from jwt.api_jwk import PyJWK, PyJWKSet
        from jwt.exceptions import InvalidSignatureError, PyJWKError
        from jwt.utils import base64url_decode, base64url_encode, to_base64url_uint
        key = HMACAlgorithm.from_jwk('{"kty": "oct", "k": "' + base64url_encode(b"s" * 32).decode() + '"}')
        print(key, has_crypto, sorted(get_default_algorithms()))
        print(jwt.utils.base64url_decode("c2VjcmV0"), to_base64url_uint(65537))
        signer = HMACAlgorithm(HMACAlgorithm.SHA256)
        print(base64url_encode(signer.sign(b"message", signer.prepare_key(key))))
        token = PyJWS().encode(b"raw bytes", key)
        print(token, PyJWS().decode(token, key, algorithms=["HS256"]))
        print(PyJWT().encode({"a": 1}, key))
        keys = PyJWKSet.from_dict({"keys": [{"kty": "oct", "kid": "one", "k": base64url_encode(key).decode()}]})
        print(jwt.decode(jwt.encode({"a": 2}, key, headers={"kid": "one"}), keys["one"]))
        try:
            PyJWS().decode(token, key + b"!", algorithms=["HS256"])
        except InvalidSignatureError as error:
            print(type(error).__name__, error)
        print(issubclass(PyJWKError, jwt.PyJWTError))
    """,
    "registry": """
        import jwt
        from jwt.algorithms import HMACAlgorithm
        jws = jwt.PyJWS()
        jws.register_algorithm("HS256-alt", HMACAlgorithm(HMACAlgorithm.SHA256))
        token = jws.encode(b"p", "k" * 32, algorithm="HS256-alt")
        print(token, jws.decode(token, "k" * 32, algorithms=["HS256-alt"]))
        print(sorted(jws.get_algorithms()))
        jws.unregister_algorithm("HS256-alt")
        try:
            jws.unregister_algorithm("HS256-alt")
        except KeyError as error:
            print("KeyError", error)
        print(type(jwt.get_algorithm_by_name("HS512")).__name__)
    """,
    "detached and strict_aud": """
        import jwt
        key = "k" * 32
        token = jwt.encode({"aud": "ds"}, key, headers={"b64": False})
        print(token)
        print(jwt.decode(token, key, algorithms=["HS256"], audience="ds", detached_payload=b'{"aud":"ds"}',
                         options={"strict_aud": True}))
        try:
            jwt.decode(jwt.encode({"aud": ["ds"]}, key), key, algorithms=["HS256"], audience="ds",
                       options={"strict_aud": True})
        except jwt.InvalidAudienceError as error:
            print(type(error).__name__, error)
    """,
}


def run(source: str, module: str) -> str:
    if module != "jwt":
        source = source.replace("import jwt\n", f"import {module} as jwt\n")
        source = source.replace("from jwt.", f"from {module}.")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", source], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_same_output(name: str) -> None:
    source = textwrap.dedent(SNIPPETS[name])
    theirs = run(source, "jwt")
    ours = run(source, "onlyoffice_jwt")
    assert "onlyoffice_jwt" in run("import jwt\nprint(jwt.__name__)\n", "onlyoffice_jwt")
    assert ours == theirs
    assert ours.strip()
