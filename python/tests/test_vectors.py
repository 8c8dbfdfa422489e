"""Runs every shared vector in tests/vectors/*.json against the Python package."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import _native
from conftest import VECTORS_DIR

KINDS = ("verify", "sign", "key", "callback", "config", "download", "request", "method")


# The PyJWT layer implements the RFC 7797 "b64" header as PyJWT 2.15 does, where the core
# rejects every "crit" header. This token sets "b64": false but carries a payload segment,
# which an unencoded token leaves empty, so Python rejects it as malformed.
PYTHON_ERRORS = {"hostile/crit_b64": "ERR_JWT_MALFORMED"}


def _load() -> list[Any]:
    params = []
    for path in sorted(VECTORS_DIR.glob("*.json")):
        for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
            marks = []
            if vector["kind"] not in KINDS:
                reason = f"vector kind {vector['kind']!r} has no Python runner yet"
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            vector_id = f"{path.stem}/{vector['name']}"
            if vector_id in PYTHON_ERRORS:
                vector = {**vector, "expect": {**vector["expect"], "error": PYTHON_ERRORS[vector_id]}}
            params.append(pytest.param(vector, id=vector_id, marks=marks))
    return params


def _expand(value: Any) -> Any:
    """Build the text of ``{"pieces": [...]}``, where a piece is a string or a repeated string."""
    if isinstance(value, dict) and set(value) == {"pieces"}:
        return "".join(piece if isinstance(piece, str) else piece["repeat"] * piece["count"] for piece in value["pieces"])
    return value


def _secret(spec: dict[str, str]) -> bytes:
    if "utf8" in spec:
        return spec["utf8"].encode("utf-8")
    return bytes.fromhex(spec["hex"])


def _run(vector: dict[str, Any]) -> Any:
    kind = vector["kind"]
    if kind == "verify":
        return _verify(vector)
    if kind == "sign":
        return _native.sign_raw(
            vector["header_json"].encode("utf-8"),
            vector["payload_json"].encode("utf-8"),
            _secret(vector["secret"]),
            vector["alg"],
        )
    if kind == "key":
        return onlyoffice_jwt.DocumentServer(
            _secret(vector["secret"]), algorithm=vector["alg"], min_length=vector["policy"]
        )
    if kind == "callback":
        return _callback(vector)
    if kind == "config":
        return _config(vector)
    if kind == "download":
        headers = [(name, _expand(value)) for name, value in vector["headers"]]
        return _document_server(vector).verify_download(vector["url"], headers)
    if kind == "request":
        return _document_server(vector).sign_request(vector["request"], vector["operation"])
    if kind == "method":
        return _document_server(vector).sign_method(vector["params"])
    raise AssertionError(f"no runner for vector kind {kind!r}")


def _verify(vector: dict[str, Any]) -> dict[str, Any]:
    # The vectors state the core's defaults: iat, aud, sub and jti unchecked.
    options = {
        "verify_iat": vector.get("verify_iat", False),
        "verify_aud": False,
        "verify_sub": False,
        "verify_jti": False,
        "require": vector.get("require", []),
    }
    return onlyoffice_jwt.decode_complete(
        _expand(vector["token"]),
        _secret(vector["secret"]),
        algorithms=vector["algorithms"],
        options=options,
        leeway=vector.get("leeway", 0),
        now=vector["now"],
    )


def _document_server(vector: dict[str, Any]) -> onlyoffice_jwt.DocumentServer:
    settings = dict(vector["settings"])
    secret = _secret(settings.pop("secret"))
    return onlyoffice_jwt.DocumentServer(secret, now=vector["now"], **settings)


def _callback(vector: dict[str, Any]) -> onlyoffice_jwt.Callback:
    server = _document_server(vector)
    body = _expand(vector["body_raw"]).encode("utf-8") if "body_raw" in vector else _expand(vector["body"])
    headers = [(name, _expand(value)) for name, value in vector["headers"]]
    return server.verify_callback(body, headers)


def _config(vector: dict[str, Any]) -> dict[str, Any]:
    return _document_server(vector).sign_config(vector["config"])


def _signed_claims(vector: dict[str, Any], token: str) -> dict[str, Any]:
    """Verify a token signed by the DocumentServer of a request or method vector, at its now."""
    # decode warns, as PyJWT does, that the Document Server default secret is short.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", onlyoffice_jwt.InsecureKeyLengthWarning)
        return onlyoffice_jwt.decode(
            token, _secret(vector["settings"]["secret"]), algorithms=["HS256"], now=vector["now"]
        )


def _without_token(members: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in members.items() if name != "token"}


def _check_signed_members(signed: dict[str, Any], original: dict[str, Any]) -> str:
    """Assert that ``signed`` is ``original`` with a new token in place of any old one.

    Return the new token.
    """
    assert _without_token(signed) == _without_token(original)
    assert list(signed)[-1] == "token"
    assert signed["token"] != original.get("token")
    return signed["token"]


@pytest.mark.parametrize("vector", _load())
def test_vector(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", onlyoffice_jwt.InsecureKeyLengthWarning)
        if "error" in expect:
            with pytest.raises(onlyoffice_jwt.PyJWTError) as caught:
                _run(vector)
            assert caught.value.code == expect["error"], caught.value.detail
            return
        result = _run(vector)
    _check(vector, result)


def _check(vector: dict[str, Any], result: Any) -> None:
    expect = vector["expect"]
    kind = vector["kind"]
    if kind == "verify":
        assert result["header"] == expect["header"]
        assert result["payload"] == expect["claims"]
    elif kind == "sign":
        assert result == expect["token"]
    elif kind == "key":
        assert expect["ok"] is True
    elif kind == "callback":
        assert result.data == expect["data"]
        assert result.iat == expect["iat"]
        assert result.exp == expect["exp"]
        assert result.source == expect["source"]
    elif kind == "download":
        assert result.url == expect["url"]
        assert result.iat == expect["iat"]
        assert result.exp == expect["exp"]
    elif kind == "request":
        body_token = _check_signed_members(result.body, vector["request"])
        body_claims = _signed_claims(vector, body_token)
        assert body_claims == expect["body_claims"]
        assert list(body_claims) == list(expect["body_claims"])
        assert result.header_name == expect["header_name"]
        assert result.header_value.startswith(expect["header_prefix"])
        header_token = result.header_value[len(expect["header_prefix"]) :]
        assert result.headers == {result.header_name: result.header_value}
        header_claims = _signed_claims(vector, header_token)
        assert header_claims == expect["header_claims"]
        assert list(header_claims) == list(expect["header_claims"])
    elif kind == "method":
        token = _check_signed_members(result, vector["params"])
        claims = _signed_claims(vector, token)
        assert claims == expect["claims"]
        assert list(claims) == list(expect["claims"])
    elif kind == "config":
        claims = onlyoffice_jwt.decode(result["token"], options={"verify_signature": False})
        assert claims == expect["claims"]
        assert "token" not in claims
        unsigned = {name: value for name, value in vector["config"].items() if name != "token"}
        assert {name: value for name, value in result.items() if name != "token"} == unsigned
