"""DocumentServer: signing configs and requests, verifying callbacks and downloads."""

from __future__ import annotations

import json
import pathlib
from datetime import timedelta
from typing import Any

import pytest

import onlyoffice_jwt
from onlyoffice_jwt import _native
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


def test_document_server_repr_pythonic(server: onlyoffice_jwt.DocumentServer) -> None:
    assert repr(server) == "DocumentServer(header='Authorization', prefix='Bearer ')"


def test_callback_repr_pythonic(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({"token": CB_FLAT})
    assert repr(callback) == f"Callback(key='doc-1', status=2, url={CB_FIELDS['url']!r}, source='body')"
    no_url = onlyoffice_jwt.encode({"key": "doc-1", "status": 1}, S32)
    assert repr(server.verify_callback({"token": no_url})) == "Callback(key='doc-1', status=1, url=None, source='body')"


def test_download_and_request_repr_pythonic(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_request({"url": "https://example.com/doc.docx"})
    assert repr(signed) == "SignedRequest(header_name='Authorization')"
    download = server.verify_download("https://example.com/doc.docx", signed.headers)
    assert repr(download) == "Download(url='https://example.com/doc.docx')"


def test_callback_lookup_takes_any_key(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({"token": CB_FLAT})
    with pytest.raises(KeyError):
        callback[1]  # type: ignore[index]
    assert "\ud800" not in callback
    assert callback.get("\ud800", "absent") == "absent"


# --- extra_secrets, outbox_secret and the other settings


@pytest.mark.parametrize("extra", ["old-secret", b"old-secret", bytearray(b"old-secret")])
def test_extra_secrets_single_secret_rejected(extra: Any) -> None:
    # Iterating "old-secret" would make every character, such as "o", a valid secret.
    with pytest.raises(TypeError, match=r"extra_secrets must be a list or tuple .*extra_secrets=\[secret\]"):
        onlyoffice_jwt.DocumentServer(S32, extra_secrets=extra)


def test_extra_secrets_character_never_a_secret() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, extra_secrets=["old-secret"], now=NOW)
    signed_with_o = _native.sign_raw(b'{"alg":"HS256"}', b'{"key":"doc-1","status":1}', "o", "HS256")
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        server.verify_callback({"token": signed_with_o})
    signed_with_old = _native.sign_raw(b'{"alg":"HS256"}', b'{"key":"doc-1","status":1}', "old-secret", "HS256")
    assert server.verify_callback({"token": signed_with_old}).key == "doc-1"


@pytest.mark.parametrize("extra", [(S32,), (secret for secret in [S32]), {S32: 1}])
def test_extra_secrets_any_iterable(extra: Any) -> None:
    server = onlyoffice_jwt.DocumentServer("new secret", extra_secrets=extra, now=NOW)
    assert server.verify_callback({"token": CB_FLAT}).key == "doc-1"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"extra_secrets": 5}, "extra_secrets must be a list or tuple of secrets (str or bytes), not int"),
        ({"extra_secrets": [S32, 5]}, "extra_secrets[1] must be str or bytes, not int"),
        ({"outbox_secret": [S32]}, "outbox_secret must be str or bytes, not list"),
        ({"outbox_secret": 5}, "outbox_secret must be str or bytes, not int"),
        ({"header": 5}, "header must be a str, not int"),
        ({"prefix": None}, "prefix must be a str, not NoneType"),
        ({"algorithm": ["HS256"]}, "algorithm must be a str, not list"),
        ({"min_length": 0}, "min_length must be a str, not int"),
        ({"expires_in": 1.5}, "expires_in must be an int number of seconds or None, not float"),
        ({"expires_in": True}, "expires_in must be an int number of seconds or None, not bool"),
        ({"leeway": "60"}, "leeway must be a number of seconds or a timedelta, not str"),
        ({"now": "1700000000"}, "now must be a number of seconds since the Unix epoch, or None, not str"),
    ],
)
def test_settings_wrong_type_named(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError) as caught:
        onlyoffice_jwt.DocumentServer(S32, **kwargs)
    assert str(caught.value) == message


def test_secret_wrong_type_named() -> None:
    with pytest.raises(TypeError, match="^secret must be str or bytes, not int$"):
        onlyoffice_jwt.DocumentServer(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"leeway": float("nan")},
        {"leeway": float("inf")},
        {"leeway": float("-inf")},
        {"leeway": -1},
        {"leeway": timedelta(seconds=-1)},
        {"leeway": 10**400},
        {"now": float("nan")},
        {"now": float("inf")},
        {"now": -(10**400)},
    ],
)
def test_settings_without_meaning_rejected(kwargs: dict[str, Any]) -> None:
    # A NaN or infinite leeway or clock would switch the exp and nbf checks off.
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError) as caught:
        onlyoffice_jwt.DocumentServer(S32, **kwargs)
    assert caught.value.code == "ERR_DS_SETTINGS_INVALID"


def test_leeway_timedelta_accepted() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, leeway=timedelta(minutes=2), now=NOW + 300 + 100)
    assert server.verify_callback({"token": CB_FLAT}).key == "doc-1"


def test_expires_in_negative_settings_error() -> None:
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="expires_in must be 0 or more seconds, or None") as caught:
        onlyoffice_jwt.DocumentServer(S32, expires_in=-1)
    assert caught.value.code == "ERR_DS_SETTINGS_INVALID"


def test_expires_in_none_and_huge() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, expires_in=None, now=NOW)
    assert "exp" not in unverified(server.sign_config(CONFIG)["token"])
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="at most"):
        onlyoffice_jwt.DocumentServer(S32, expires_in=10**30)


def test_settings_not_unicode() -> None:
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="header is not valid Unicode") as caught:
        onlyoffice_jwt.DocumentServer(S32, header="Authorization\udc80")
    assert caught.value.code == "ERR_DS_SETTINGS_INVALID"
    with pytest.raises(onlyoffice_jwt.InvalidKeyError, match="secret is not valid Unicode") as key_error:
        onlyoffice_jwt.DocumentServer("secret\udc80")
    assert key_error.value.code == "ERR_KEY_INVALID"


# --- text that is not valid Unicode, and values JSON cannot carry


def test_callback_token_lone_surrogate_decode_error(server: onlyoffice_jwt.DocumentServer) -> None:
    body = json.loads('{"token":"x\\ud800"}')
    with pytest.raises(onlyoffice_jwt.DecodeError, match=r"\.token is not valid Unicode") as caught:
        server.verify_callback(body)
    assert caught.value.code == "ERR_JSON_INVALID"
    assert caught.value.ds_answer is not None


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"token": CB_FLAT, "history": {"\udc80": 1}}, r"at \.history has a key that is not valid Unicode"),
        ({"\ud800": CB_FLAT}, "has a key that is not valid Unicode"),
    ],
)
def test_callback_body_lone_surrogate_decode_error(
    server: onlyoffice_jwt.DocumentServer, body: dict[str, Any], where: str
) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match=where) as caught:
        server.verify_callback(body)
    assert caught.value.code == "ERR_JSON_INVALID"


def test_callback_str_body_lone_surrogate_decode_error(server: onlyoffice_jwt.DocumentServer) -> None:
    text = json.dumps({**CB_FIELDS, "token": CB_FLAT})[:-1] + ',"x":"\udc80"}'
    with pytest.raises(onlyoffice_jwt.DecodeError, match="callback body is not valid Unicode") as caught:
        server.verify_callback(text)
    assert caught.value.code == "ERR_JSON_INVALID"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_callback_body_non_finite_decode_error(server: onlyoffice_jwt.DocumentServer, value: float) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match=r"at \.x\[0\] is -?(NaN|Infinity)") as caught:
        server.verify_callback({"token": CB_FLAT, "x": [value]})
    assert caught.value.code == "ERR_JSON_INVALID"


def _cycle() -> dict[str, Any]:
    body: dict[str, Any] = {"token": CB_FLAT}
    body["self"] = body
    return body


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"token": CB_FLAT, "x": {1, 2}}, r"at \.x is of type set"),
        ({"token": CB_FLAT, "x": object()}, r"at \.x is of type object"),
        ({"token": CB_FLAT, "x": b"bytes"}, r"at \.x is of type bytes"),
        ({"token": CB_FLAT, (1, 2): 1}, "has a key of type tuple"),
        (_cycle(), r"at \.self contains itself"),
    ],
)
def test_callback_body_non_json_payload_shape(
    server: onlyoffice_jwt.DocumentServer, body: dict[Any, Any], reason: str
) -> None:
    with pytest.raises(onlyoffice_jwt.PayloadShapeError, match=reason) as caught:
        server.verify_callback(body)
    assert caught.value.code == "ERR_DS_PAYLOAD_SHAPE"


def test_callback_body_keys_colliding_duplicate_member(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match='JSON member "1"') as caught:
        server.verify_callback({"token": CB_FLAT, 1: "a", "1": "b"})
    assert caught.value.code == "ERR_JSON_DUPLICATE_MEMBER"


def test_callback_header_value_lone_surrogate(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.HeaderInvalidError, match="Authorization value is not valid Unicode") as caught:
        server.verify_callback(b"", {"Authorization": "Bearer \udc80"})
    assert caught.value.code == "ERR_DS_HEADER_INVALID"


def test_callback_other_header_name_lone_surrogate_skipped(server: onlyoffice_jwt.DocumentServer) -> None:
    headers = [("X-\udc80", "anything"), ("Authorization", f"Bearer {CB_WRAPPED}")]
    assert server.verify_callback(b"", headers).source == "header"


def test_download_url_lone_surrogate(server: onlyoffice_jwt.DocumentServer) -> None:
    headers = server.sign_request({"url": "https://example.com/doc.docx"}).headers
    with pytest.raises(onlyoffice_jwt.UrlMismatchError, match="requested URL is not valid Unicode") as caught:
        server.verify_download("https://example.com/\udc80.docx", headers)
    assert caught.value.code == "ERR_DS_URL_MISMATCH"
    assert caught.value.ds_answer is not None


def test_download_url_wrong_type(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(TypeError, match="^url must be a str, not bytes$"):
        server.verify_download(b"https://example.com/doc.docx", {})  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["title \udc80", float("nan")])
def test_sign_config_value_json_cannot_carry(server: onlyoffice_jwt.DocumentServer, value: Any) -> None:
    config = {**CONFIG, "document": {**CONFIG["document"], "title": value}}
    with pytest.raises(onlyoffice_jwt.DecodeError, match=r"editor config at \.document\.title") as caught:
        server.sign_config(config)
    assert caught.value.code == "ERR_JSON_INVALID"


def test_sign_request_operation_checked(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(TypeError, match="^operation must be a str, not int$"):
        server.sign_request({"c": "info"}, 5)  # type: ignore[arg-type]
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="operation is not valid Unicode"):
        server.sign_request({"c": "info"}, "command\udc80")


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (5, "headers must be a mapping, an object with .items(), or an iterable of (name, value) pairs, not int"),
        ([("Authorization",)], "item 0 is tuple, not a (name, value) tuple"),
        (["Authorization"], "item 0 is str, not a (name, value) tuple"),
    ],
)
def test_headers_wrong_type(server: onlyoffice_jwt.DocumentServer, headers: Any, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        server.verify_callback(b"", headers)
    assert message in str(caught.value)


# --- DocumentServer.from_local_json

INBOX_SECRET = S32 * 2
OUTBOX_SECRET = b"outbox-secret-from-a-file-0123456789\n"

LOCAL_JSON: dict[str, Any] = {
    "services": {
        "CoAuthoring": {
            "token": {
                "inbox": {"header": "AuthorizationJwt", "prefix": "Bearer "},
                "outbox": {"header": "AuthorizationJwt", "prefix": "Bearer ", "algorithm": "HS512", "expires": "10m"},
                "verifyOptions": {"clockTolerance": 30},
            },
            "secret": {"inbox": {"string": INBOX_SECRET}, "outbox": {"file": "SECRET_FILE"}},
        }
    }
}


@pytest.fixture
def local_json(tmp_path: pathlib.Path) -> pathlib.Path:
    secret_file = tmp_path / "outbox.secret"
    secret_file.write_bytes(OUTBOX_SECRET)
    text = json.dumps(LOCAL_JSON).replace("SECRET_FILE", str(secret_file))
    path = tmp_path / "local.json"
    path.write_text(text, encoding="utf-8")
    return path


def outbox_callback(secret: bytes, exp: int = NOW + 300) -> str:
    payload = json.dumps({"key": "doc-1", "status": 1, "exp": exp}).encode()
    return _native.sign_raw(b'{"alg":"HS256","typ":"JWT"}', payload, secret, "HS256")


@pytest.mark.parametrize("form", ["str", "pathlike", "text", "bytes"])
def test_from_local_json_sources(local_json: pathlib.Path, form: str) -> None:
    source: Any = {
        "str": str(local_json),
        "pathlike": local_json,
        "text": local_json.read_text(encoding="utf-8"),
        "bytes": local_json.read_bytes(),
    }[form]
    server = onlyoffice_jwt.DocumentServer.from_local_json(source, now=NOW)
    assert server.header == "AuthorizationJwt"
    assert server.verify_callback({"token": outbox_callback(OUTBOX_SECRET)}).key == "doc-1"


def test_from_local_json_secret_file_raw_bytes(local_json: pathlib.Path) -> None:
    # Document Server uses the file's bytes as they are, the trailing newline included.
    server = onlyoffice_jwt.DocumentServer.from_local_json(local_json, now=NOW)
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        server.verify_callback({"token": outbox_callback(OUTBOX_SECRET.rstrip(b"\n"))})
    with pytest.raises(onlyoffice_jwt.InvalidSignatureError):
        server.verify_callback({"token": outbox_callback(S32.encode())})


def test_from_local_json_signs_with_inbox_settings(local_json: pathlib.Path) -> None:
    server = onlyoffice_jwt.DocumentServer.from_local_json(local_json, now=NOW)
    signed = server.sign_config(CONFIG)
    complete = onlyoffice_jwt.decode_complete(signed["token"], INBOX_SECRET, algorithms=["HS512"], now=NOW)
    assert complete["header"]["alg"] == "HS512"
    assert complete["payload"]["exp"] == NOW + 600
    request = server.sign_request({"c": "info", "key": "doc-1"})
    assert request.header_name == "AuthorizationJwt"


def test_from_local_json_clock_tolerance(local_json: pathlib.Path) -> None:
    token = outbox_callback(OUTBOX_SECRET, exp=NOW)
    assert onlyoffice_jwt.DocumentServer.from_local_json(local_json, now=NOW + 29).verify_callback({"token": token})
    with pytest.raises(onlyoffice_jwt.ExpiredSignatureError):
        onlyoffice_jwt.DocumentServer.from_local_json(local_json, now=NOW + 30).verify_callback({"token": token})


def test_from_local_json_overrides(local_json: pathlib.Path) -> None:
    token = outbox_callback(OUTBOX_SECRET, exp=NOW)
    server = onlyoffice_jwt.DocumentServer.from_local_json(
        local_json, leeway=120, expires_in=None, extra_secrets=["old secret"], now=NOW + 100
    )
    assert server.verify_callback({"token": token}).key == "doc-1"
    assert server.verify_callback({"token": outbox_callback(b"old secret", exp=NOW + 200)}).key == "doc-1"
    assert "exp" not in unverified(server.sign_config(CONFIG)["token"])
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError):
        onlyoffice_jwt.DocumentServer.from_local_json(local_json, leeway=float("nan"))
    # The outbox secret has 37 bytes, fewer than the 64 that RFC 7518 requires for HS512.
    with pytest.warns(onlyoffice_jwt.InsecureKeyLengthWarning):
        onlyoffice_jwt.DocumentServer.from_local_json(local_json, min_length="warn")


def test_from_local_json_missing_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        onlyoffice_jwt.DocumentServer.from_local_json(tmp_path / "absent.json")


def test_from_local_json_missing_secret_file(local_json: pathlib.Path, tmp_path: pathlib.Path) -> None:
    (tmp_path / "outbox.secret").unlink()
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="cannot read secret.outbox.file") as caught:
        onlyoffice_jwt.DocumentServer.from_local_json(local_json)
    assert caught.value.code == "ERR_DS_SETTINGS_INVALID"


def test_from_local_json_invalid_content() -> None:
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError, match="no services.CoAuthoring"):
        onlyoffice_jwt.DocumentServer.from_local_json("{}")
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        onlyoffice_jwt.DocumentServer.from_local_json(b"{not json")
    assert caught.value.code == "ERR_JSON_INVALID"
    with pytest.raises(TypeError, match="^source must be the path of local.json"):
        onlyoffice_jwt.DocumentServer.from_local_json(5)  # type: ignore[arg-type]


class MutatingList(list):  # type: ignore[type-arg]
    """A list whose iteration adds keys to another dict, as user code may do."""

    def __init__(self, items: list[Any], target: dict[str, Any]) -> None:
        super().__init__(items)
        self.target = target

    def __iter__(self) -> Any:
        self.target.update({f"k{i}": i for i in range(100)})
        return super().__iter__()


def test_sign_config_dict_changed_during_conversion(server: onlyoffice_jwt.DocumentServer) -> None:
    config: dict[str, Any] = json.loads(json.dumps(CONFIG))
    config["editorConfig"]["plugins"] = MutatingList(["p"], config)
    signed = server.sign_config(config)
    claims = unverified(signed["token"])
    assert claims["editorConfig"]["plugins"] == ["p"]
    assert "k0" not in claims


def test_callback_body_dict_changed_during_conversion(server: onlyoffice_jwt.DocumentServer) -> None:
    body: dict[str, Any] = {}
    body.update({"users": MutatingList(["u1"], body), "token": CB_FLAT})
    assert server.verify_callback(body).key == "doc-1"


def test_callback_data_copy_per_access(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({"token": CB_FLAT})
    callback.data["status"] = 7
    callback.data["users"].append("intruder")
    assert callback.data == CB_FIELDS
    assert callback.get("status") == 2
    assert callback["status"] == 2
    assert callback.status == 2
    callback.get("users").append("intruder")
    callback["users"].append("intruder")
    assert callback.get("users") == ["u1"]
    assert callback.data is not callback.data


def test_callback_lookups_after_data_change(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback({"token": CB_FLAT})
    data = callback.data
    data.clear()
    assert "key" in callback
    assert callback.get("missing", "default") == "default"
    with pytest.raises(KeyError):
        callback["missing"]


def test_signed_request_body_copy_per_access(server: onlyoffice_jwt.DocumentServer) -> None:
    signed = server.sign_request({"c": "info", "key": "doc-1"})
    signed.body["key"] = "other"
    assert signed.body["key"] == "doc-1"
    assert unverified(signed.body["token"])["key"] == "doc-1"


STRICT_FAULTS = [
    ('{"key":"doc-1","key":"doc-2","status":1}', "ERR_JSON_DUPLICATE_MEMBER"),
    # A lone surrogate escape in a member name; in a string value it is accepted.
    ('{"key\\ud800":"doc-1","status":1}', "ERR_JSON_INVALID"),
    ('{"x":' + "[" * 200 + "]" * 200 + "}", "ERR_JSON_INVALID"),
]


@pytest.mark.parametrize(("text", "code"), STRICT_FAULTS)
@pytest.mark.parametrize("form", ["bytes", "str", "parsed"])
def test_callback_strict_json_fault_every_body_form(
    server: onlyoffice_jwt.DocumentServer, text: str, code: str, form: str
) -> None:
    if form == "parsed" and code == "ERR_JSON_DUPLICATE_MEMBER":
        pytest.skip("json.loads keeps the last of two members, so a parsed body has no duplicate")
    body: Any = {"bytes": text.encode(), "str": text}.get(form) or json.loads(text)
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        server.verify_callback(body, {"Authorization": f"Bearer {CB_WRAPPED}"})
    assert caught.value.code == code


def test_callback_body_not_json_tries_header(server: onlyoffice_jwt.DocumentServer) -> None:
    callback = server.verify_callback(b"key=doc-1&status=2", {"Authorization": f"Bearer {CB_WRAPPED}"})
    assert callback.source == "header"


def download_token_for(url: str) -> str:
    return onlyoffice_jwt.encode({"payload": {"url": url}, "iat": NOW, "exp": NOW + 300}, S32)


@pytest.mark.parametrize(("url", "message"), [
    ("javascript:alert(1)", 'the requested download URL "javascript:alert(1)" is neither an absolute URL'),
    ("", "the requested download URL is empty"),
])
def test_download_url_not_a_url_named(server: onlyoffice_jwt.DocumentServer, url: str, message: str) -> None:
    with pytest.raises(onlyoffice_jwt.UrlMismatchError) as caught:
        server.verify_download(url, {"Authorization": f"Bearer {download_token_for(url)}"})
    assert caught.value.code == "ERR_DS_URL_MISMATCH"
    assert str(caught.value).startswith(message)
    assert "but the request is for" not in str(caught.value)


def test_from_local_json_dev_zero_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError) as caught:
        onlyoffice_jwt.DocumentServer.from_local_json("/dev/zero")
    assert caught.value.code == "ERR_DS_SETTINGS_INVALID"
    assert "'/dev/zero' is larger than the limit of 16777216 bytes" in str(caught.value)


def test_from_local_json_size_limit_exact(local_json: pathlib.Path) -> None:
    text = local_json.read_bytes()
    local_json.write_bytes(text + b" " * (16 * 1024 * 1024 - len(text)))
    assert onlyoffice_jwt.DocumentServer.from_local_json(local_json, now=NOW)
    local_json.write_bytes(text + b" " * (16 * 1024 * 1024 - len(text) + 1))
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError):
        onlyoffice_jwt.DocumentServer.from_local_json(local_json)


@pytest.mark.parametrize("secret_file", ["/dev/zero", "large"])
def test_from_local_json_secret_file_size_limit(tmp_path: pathlib.Path, secret_file: str) -> None:
    if secret_file == "large":
        large = tmp_path / "large.secret"
        large.write_bytes(b"a" * (64 * 1024 + 1))
        secret_file = str(large)
    text = json.dumps(LOCAL_JSON).replace("SECRET_FILE", secret_file)
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError) as caught:
        onlyoffice_jwt.DocumentServer.from_local_json(text)
    assert f'secret.outbox.file "{secret_file}" is larger than the limit of 65536 bytes' in str(caught.value)


@pytest.mark.parametrize("now", [1e300, -62135596801.0, 253402300700.0])
def test_clock_outside_years_rejected(now: float) -> None:
    with pytest.raises(onlyoffice_jwt.SettingsInvalidError) as error:
        onlyoffice_jwt.DocumentServer(S32, now=now)
    assert "now" in str(error.value)


def test_sign_request_unknown_operation(server: onlyoffice_jwt.DocumentServer) -> None:
    with pytest.raises(onlyoffice_jwt.OptionInvalidError) as error:
        server.sign_request({"c": "info"}, "upload")
    assert error.value.code == "ERR_OPTION_INVALID"
    assert "upload" in str(error.value)


def test_http_prefix_only_in_environ(server: onlyoffice_jwt.DocumentServer) -> None:
    pairs = [("HTTP_AUTHORIZATION", f"Bearer {CB_WRAPPED}")]
    with pytest.raises(onlyoffice_jwt.TokenMissingError):
        server.verify_callback(None, pairs)
    with pytest.raises(onlyoffice_jwt.TokenMissingError):
        server.verify_callback(None, dict(pairs))
    environ = {"REQUEST_METHOD": "POST", **dict(pairs)}
    assert server.verify_callback(None, environ).get("key") == CB_FIELDS["key"]
