"""Lone surrogate escapes in string values, such as ``"\\ud83d"``.

``JSON.stringify`` writes one for a JavaScript string cut inside a surrogate pair, and
Document Server signs such text. ``decode`` returns what PyJWT returns (a ``str`` holding the
lone surrogate), ``DocumentServer`` accepts such callbacks, and member names with a lone
surrogate escape stay rejected.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import jwt as pyjwt
import pytest

import onlyoffice_jwt
from conftest import NOW, S32

# Save callback fields with a user name cut inside the surrogate pair of U+1F600, as
# 'Anna 😀 Schmidt'.slice(0, 6) cuts it in Document Server.
FIELDS: dict[str, Any] = {
    "key": "Khirz6zTPdfd7",
    "status": 2,
    "url": "https://documentserver/cache/files/data/output.docx",
    "users": ["u1"],
    "history": {
        "serverVersion": "8.2.0",
        "changes": [{"created": "2024-11-05 10:00:00", "user": {"id": "u1", "name": "Anna \ud83d"}}],
    },
    "filetype": "docx",
}

# Signed by jsonwebtoken 9.0.2 as Document Server signs a callback: jwt.sign(fields, secret,
# {algorithm: 'HS256', expiresIn: '5m'}) with iat = NOW, for the body, and the same with
# {payload: fields} for the header.
DS_BODY_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJLaGlyejZ6VFBkZmQ3Iiwic3RhdHVzIjoyLCJ1cmwiOiJodHRw"
    "czovL2RvY3VtZW50c2VydmVyL2NhY2hlL2ZpbGVzL2RhdGEvb3V0cHV0LmRvY3giLCJ1c2VycyI6WyJ1MSJdLCJoaXN0b3J5Ijp7"
    "InNlcnZlclZlcnNpb24iOiI4LjIuMCIsImNoYW5nZXMiOlt7ImNyZWF0ZWQiOiIyMDI0LTExLTA1IDEwOjAwOjAwIiwidXNlciI6"
    "eyJpZCI6InUxIiwibmFtZSI6IkFubmEgXHVkODNkIn19XX0sImZpbGV0eXBlIjoiZG9jeCIsImlhdCI6MTcwMDAwMDAwMCwiZXhw"
    "IjoxNzAwMDAwMzAwfQ.DTxWKDo8SyClFU86hMOMTq1Up5KKX0wEgS1Srq-U2Jg"
)
DS_HEADER_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0dXMiOjIsInVy"
    "bCI6Imh0dHBzOi8vZG9jdW1lbnRzZXJ2ZXIvY2FjaGUvZmlsZXMvZGF0YS9vdXRwdXQuZG9jeCIsInVzZXJzIjpbInUxIl0sImhp"
    "c3RvcnkiOnsic2VydmVyVmVyc2lvbiI6IjguMi4wIiwiY2hhbmdlcyI6W3siY3JlYXRlZCI6IjIwMjQtMTEtMDUgMTA6MDA6MDAi"
    "LCJ1c2VyIjp7ImlkIjoidTEiLCJuYW1lIjoiQW5uYSBcdWQ4M2QifX1dfSwiZmlsZXR5cGUiOiJkb2N4In0sImlhdCI6MTcwMDAw"
    "MDAwMCwiZXhwIjoxNzAwMDAwMzAwfQ.sJySHw9YDyZ0TPMk9D1A86g7knYFYJ-xD6M9FNkDTrg"
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def raw_token(payload: bytes, header: bytes = b'{"alg":"HS256","typ":"JWT"}') -> str:
    signing_input = f"{b64url(header)}.{b64url(payload)}"
    signature = hmac.new(S32.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def server() -> onlyoffice_jwt.DocumentServer:
    return onlyoffice_jwt.DocumentServer(S32, now=NOW)


def test_document_server_tokens_hold_the_escape() -> None:
    payload = base64.urlsafe_b64decode(DS_BODY_TOKEN.split(".")[1] + "==")
    assert b'"name":"Anna \\ud83d"' in payload
    assert pyjwt.decode(DS_BODY_TOKEN, S32, algorithms=["HS256"], options={"verify_exp": False})["history"] == FIELDS["history"]


@pytest.mark.parametrize("form", ["bytes", "str", "dict"])
def test_callback_from_document_server_verified_exactly(form: str) -> None:
    text = json.dumps({**FIELDS, "token": DS_BODY_TOKEN})
    body: Any = {"bytes": text.encode(), "str": text, "dict": json.loads(text)}[form]
    headers = {"Authorization": f"Bearer {DS_HEADER_TOKEN}"}
    callback = server().verify_callback(body, headers)
    assert callback.source == "body"
    assert (callback.key, callback.status, callback.url) == (FIELDS["key"], 2, FIELDS["url"])
    assert (callback.iat, callback.exp) == (NOW, NOW + 300)
    assert callback.data == FIELDS
    assert callback["history"]["changes"][0]["user"]["name"] == "Anna \ud83d"
    assert callback.get("history") == FIELDS["history"]
    assert callback.get("missing") is None
    assert "history" in callback


@pytest.mark.parametrize("body", [b"", b"{}", {"key": FIELDS["key"], "status": 2}])
def test_callback_header_token_from_document_server_verified_exactly(body: Any) -> None:
    callback = server().verify_callback(body, {"Authorization": f"Bearer {DS_HEADER_TOKEN}"})
    assert callback.source == "header"
    assert callback.data == FIELDS
    assert callback["history"] == FIELDS["history"]


def test_callback_key_and_url_lone_surrogates_kept() -> None:
    fields = {"key": "doc\ud800", "status": 2, "url": "https://ds.example/\udc00.docx"}
    token = onlyoffice_jwt.encode({"payload": fields, "iat": NOW, "exp": NOW + 300}, S32)
    callback = server().verify_callback(b"", {"Authorization": f"Bearer {token}"})
    assert callback.key == "doc\ud800"
    assert callback.url == "https://ds.example/\udc00.docx"
    assert callback.data == fields
    assert "Callback(key=" in repr(callback)


def test_callback_without_url_has_none() -> None:
    fields = {"key": "doc-1", "status": 1, "users": ["\udc00"]}
    token = onlyoffice_jwt.encode({"payload": fields, "iat": NOW, "exp": NOW + 300}, S32)
    callback = server().verify_callback(b"", {"Authorization": f"Bearer {token}"})
    assert callback.url is None
    assert callback.key == "doc-1"
    assert callback.data == fields


def test_callback_dict_body_with_lone_surrogates_outside_token() -> None:
    body = {**FIELDS, "token": DS_BODY_TOKEN, "extra": ["\udc80"]}
    assert server().verify_callback(body).data == FIELDS


@pytest.mark.parametrize(
    "claims",
    [
        {"a": "\ud800"},
        {"a": "\udc00", "b": ["x\ud83dy", {"c": "\ud800\U0001F600"}]},
        {"a": "\ude00\ud83d", "n": 12345678901234567890},
        {"name": "Anna \ud83d", "ok": "\ufffd"},
    ],
)
def test_decode_round_trip_matches_pyjwt(claims: dict[str, Any]) -> None:
    token = onlyoffice_jwt.encode(claims, S32)
    assert token == pyjwt.encode(claims, S32)
    assert onlyoffice_jwt.decode(token, S32, algorithms=["HS256"]) == claims
    assert pyjwt.decode(token, S32, algorithms=["HS256"]) == claims
    unverified = onlyoffice_jwt.decode(token, options={"verify_signature": False})
    assert unverified == claims
    complete = onlyoffice_jwt.decode_complete(token, S32, algorithms=["HS256"])
    assert complete["payload"] == claims


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"a":"\\ud800\\u0041"}', {"a": "\ud800A"}),
        (b'{"a":"\\uDC00x","b":"\\ud83d\\ude00"}', {"a": "\udc00x", "b": "\U0001F600"}),
        (b'{"a":"\\\\ud800"}', {"a": "\\ud800"}),
    ],
)
def test_decode_escapes_as_pyjwt(payload: bytes, expected: dict[str, Any]) -> None:
    token = raw_token(payload)
    assert onlyoffice_jwt.decode(token, S32, algorithms=["HS256"]) == expected
    assert pyjwt.decode(token, S32, algorithms=["HS256"]) == expected


def test_lone_surrogate_in_header_kept() -> None:
    token = raw_token(b'{"a":1}', header=b'{"alg":"HS256","kid":"\\udfff"}')
    assert onlyoffice_jwt.get_unverified_header(token)["kid"] == pyjwt.get_unverified_header(token)["kid"]
    complete = onlyoffice_jwt.decode_complete(token, S32, algorithms=["HS256"])
    assert complete["header"]["kid"] == "\udfff"
    unverified = onlyoffice_jwt.decode_complete(token, options={"verify_signature": False})
    assert unverified["header"]["kid"] == "\udfff"


@pytest.mark.parametrize("payload", [b'{"a\\ud800":1}', b'{"a":{"\\udc00":1}}'])
def test_lone_surrogate_in_member_name_rejected(payload: bytes) -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError, match="lone surrogate escape in a member name") as caught:
        onlyoffice_jwt.decode(raw_token(payload), S32, algorithms=["HS256"])
    assert caught.value.code == "ERR_JSON_INVALID"


def test_callback_lone_surrogate_in_member_name_rejected() -> None:
    token = raw_token(b'{"payload":{"key":"doc-1","status":1,"x\\udc00":1},"iat":1700000000,"exp":1700000300}')
    with pytest.raises(onlyoffice_jwt.DecodeError, match="lone surrogate escape in a member name") as caught:
        server().verify_callback(b"", {"Authorization": f"Bearer {token}"})
    assert caught.value.code == "ERR_JSON_INVALID"


def test_surrogate_in_utf8_bytes_rejected() -> None:
    with pytest.raises(onlyoffice_jwt.DecodeError) as caught:
        onlyoffice_jwt.decode(raw_token(b'{"a":"\xed\xa0\x80"}'), S32, algorithms=["HS256"])
    assert caught.value.code == "ERR_JSON_INVALID"
