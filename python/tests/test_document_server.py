"""DocumentServer: signing configs and requests, verifying callbacks and downloads."""

from __future__ import annotations

import json
from typing import Any

import pytest

import onlyoffice_jwt
from conftest import CB_FIELDS, CB_FLAT, CB_WRAPPED, NOW, S32, STR_PAYLOAD

CONFIG: dict[str, Any] = {
    "document": {
        "fileType": "docx",
        "key": "doc-1",
        "title": "Договор.docx",
        "url": "https://files.example/doc-1.docx",
        "permissions": {"edit": True, "download": True},
    },
    "documentType": "word",
    "editorConfig": {"callbackUrl": "https://host.example/callback", "mode": "edit", "user": {"id": "u1"}},
}


@pytest.fixture
def server() -> onlyoffice_jwt.DocumentServer:
    return onlyoffice_jwt.DocumentServer(S32, now=NOW)


def unverified(token: str) -> dict[str, Any]:
    return onlyoffice_jwt.decode(token, options={"verify_signature": False})


def test_sign_config_whole_config(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_config(CONFIG)
    assert signed is not CONFIG
    assert "token" not in CONFIG
    assert list(signed) == [*CONFIG, "token"]
    claims = unverified(signed["token"])
    assert claims == {**CONFIG, "iat": NOW, "exp": NOW + 300}


def test_sign_config_replaces_old_token(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_config({**CONFIG, "token": "old"})
    assert signed["token"] != "old"
    assert "token" not in unverified(signed["token"])


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"document": {"key": "k", "url": "u"}},
        {**CONFIG, "url": "https://x"},
        {**CONFIG, "payload": {}},
        {**CONFIG, "editorConfig": {"mode": 1}},
    ],
)
def test_sign_config_invalid(server: onlyoffice_jwt.DocumentServer, config: dict[str, Any]) -> None:
    with pytest.raises(onlyoffice_jwt.ConfigInvalidError) as caught:
        server.sign_config(config)
    assert caught.value.code == "ERR_DS_CONFIG_INVALID"
    assert caught.value.ds_answer == {"command": 6, "conversion": -8, "docbuilder": -8, "editor": 4004}


def test_sign_config_non_json_value(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        server.sign_config({**CONFIG, "extra": object()})


def test_sign_method(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_method({"c": "add", "images": [{"url": "https://x/1.png"}]})
    assert unverified(signed["token"])["c"] == "add"


def test_sign_request_both_ways(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_request({"c": "info", "key": "doc-1"})
    assert unverified(signed.body["token"]) == {"c": "info", "key": "doc-1", "iat": NOW, "exp": NOW + 300}
    assert signed.header_name == "Authorization"
    assert signed.headers == {"Authorization": signed.header_value}
    header_token = signed.header_value.removeprefix("Bearer ")
    assert unverified(header_token)["payload"] == {"c": "info", "key": "doc-1"}


def test_callback_body_token(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({**CB_FIELDS, "token": CB_FLAT}, {})
    assert callback.data == CB_FIELDS
    assert (callback.key, callback.status, callback.url) == ("doc-1", 2, CB_FIELDS["url"])
    assert (callback.iat, callback.exp, callback.source) == (NOW, NOW + 300, "body")
    assert callback["users"] == ["u1"]
    assert "users" in callback
    assert callback.get("missing", 7) == 7
    assert "doc-1" in repr(callback)


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({**CB_FIELDS, "token": CB_FLAT}).encode(),
        bytearray(json.dumps({**CB_FIELDS, "token": CB_FLAT}).encode()),
        json.dumps({**CB_FIELDS, "token": CB_FLAT}),
    ],
)
def test_callback_raw_bodies(server: onlyoffice_jwt.DocumentServer, body: Any) -> None:
    assert server.verify_callback(body).data == CB_FIELDS


def test_callback_header_token_same_fields(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback(b"", {"Authorization": f"Bearer {CB_WRAPPED}"})
    assert callback.data == CB_FIELDS
    assert callback.source == "header"


def test_callback_wsgi_environ(server: onlyoffice_jwt.DocumentServer) -> None:
    environ = {"REQUEST_METHOD": "POST", "wsgi.input": object(), "HTTP_AUTHORIZATION": f"Bearer {CB_WRAPPED}"}
    assert server.verify_callback(None, environ).source == "header"


def test_callback_header_pairs_and_bytes(server: onlyoffice_jwt.DocumentServer) -> None:
    pairs = [(b"content-type", b"application/json"), (b"authorization", f"Bearer {CB_WRAPPED}".encode("latin-1"))]
    assert server.verify_callback(b"{}", pairs).source == "header"


def test_callback_items_object(server: onlyoffice_jwt.DocumentServer) -> None:
    class Headers:
        def items(self) -> list[tuple[str, str]]:
            return [("Authorization", f"Bearer {CB_WRAPPED}")]

    assert server.verify_callback(b"{}", Headers()).source == "header"


def test_callback_header_value_not_text(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.HeaderInvalidError) as caught:
        server.verify_callback(b"{}", {"Authorization": 5})
    assert caught.value.code == "ERR_DS_HEADER_INVALID"


def test_callback_custom_header_case_insensitive() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, header="AuthorizationJwt", now=NOW)
    assert server.verify_callback(b"", {"authorizationjwt": f"Bearer {CB_WRAPPED}"}).data == CB_FIELDS
    with pytest.raises(onlyoffice_jwt.TokenMissingError, match="AuthorizationJwt") as caught:
        server.verify_callback(b"", {"Authorization": f"Bearer {CB_WRAPPED}"})
    assert caught.value.code == "ERR_DS_TOKEN_MISSING"


def test_callback_body_wins(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({**CB_FIELDS, "token": CB_FLAT}, {"Authorization": "Bearer junk"})
    assert callback.source == "body"


def test_callback_unsigned_missing_token(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.TokenMissingError) as caught:
        server.verify_callback(CB_FIELDS, None)
    assert caught.value.ds_answer is not None


def test_callback_string_payload_shape_error(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.PayloadShapeError) as caught:
        server.verify_callback(b"", [("Authorization", f"Bearer {STR_PAYLOAD}")])
    assert caught.value.code == "ERR_DS_PAYLOAD_SHAPE"


def test_callback_config_token_purpose_error(server: onlyoffice_jwt.DocumentServer) -> None:
    config_token = server.sign_config(CONFIG)["token"]
    with pytest.raises(onlyoffice_jwt.TokenPurposeError) as caught:
        server.verify_callback({"token": config_token})
    assert caught.value.code == "ERR_DS_TOKEN_PURPOSE"


def test_callback_expired_ds_answer() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW + 1000)
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError) as caught:
        server.verify_callback({"token": CB_FLAT})
    assert caught.value.code == "ERR_JWT_EXPIRED"
    assert caught.value.ds_answer == {"command": 7, "conversion": -8, "docbuilder": -8, "editor": 4005}


def test_callback_wrong_secret(server: onlyoffice_jwt.DocumentServer) -> None:
    other = onlyoffice_jwt.DocumentServer("another secret", now=NOW)
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError) as caught:
        other.verify_callback({"token": CB_FLAT})
    assert caught.value.code == "ERR_JWS_SIGNATURE_INVALID"


def test_key_rotation_extra_secrets() -> None:
    server = onlyoffice_jwt.DocumentServer("new secret", extra_secrets=[S32], now=NOW)
    assert server.verify_callback({"token": CB_FLAT}).key == "doc-1"


def test_outbox_secret() -> None:
    server = onlyoffice_jwt.DocumentServer("inbox secret", outbox_secret=S32.encode(), now=NOW)
    assert server.verify_callback({"token": CB_FLAT}).key == "doc-1"


def test_callback_reply() -> None:
    assert onlyoffice_jwt.DocumentServer.CALLBACK_OK == '{"error":0}'
    assert onlyoffice_jwt.DocumentServer.callback_reply() == '{"error":0}'


def test_verify_download(server: onlyoffice_jwt.DocumentServer) -> None:
    headers = {"Authorization": f"Bearer {server.sign_request({'url': 'https://example.com/doc.docx'}).header_value[7:]}"}
    download = server.verify_download("https://example.com/doc.docx", headers)
    assert download.url == "https://example.com/doc.docx"
    with pytest.raises(onlyoffice_jwt.UrlMismatchError) as caught:
        server.verify_download("https://example.com/other.docx", headers)
    assert caught.value.code == "ERR_DS_URL_MISMATCH"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"algorithm": "RS256"}, "ERR_JWT_ALG_NOT_ALLOWED"),
        ({"min_length": "sometimes"}, "ERR_DS_SETTINGS_INVALID"),
        ({"min_length": "strict"}, "ERR_KEY_INVALID"),
    ],
)
def test_settings_invalid(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(onlyoffice_jwt.PyJWTError) as caught:
        onlyoffice_jwt.DocumentServer("secret", **kwargs)
    assert caught.value.code == code


@pytest.mark.parametrize("secret", ["", b""])
def test_empty_secret_invalid(secret: Any) -> None:
    with pytest.raises(onlyoffice_jwt.InvalidKeyError):
        onlyoffice_jwt.DocumentServer(secret)


def test_short_secret_warn_policy() -> None:
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning):
        onlyoffice_jwt.DocumentServer("secret", min_length="warn")


def test_document_server_immutable(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(AttributeError):
        server.header = "X"  # type: ignore[misc]
    assert server.header == "Authorization"
    assert server.prefix == "Bearer "
