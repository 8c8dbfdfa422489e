"""A WSGI connector host using DocumentServer, driven over loopback HTTP by a Document Server stand-in.

The host serves a signed editor config, verifies save callbacks and file downloads, and
replies as a connector must (HTTP 200 with ``{"error":0}`` for an accepted callback). Two
stand-ins sign what Document Server sends:

- ``node``: the project's stand-in, ``examples/ds_standin.js``, which signs with
  jsonwebtoken 9.0.2 as Document Server does. It needs ``node`` and the packages that
  ``make examples`` installs, so it is skipped without them (``make test`` runs this suite
  before it builds the examples).
- ``pyjwt``: the same messages signed in Python with PyJWT, laid out as jsonwebtoken lays
  them out (header ``{"alg":"HS256","typ":"JWT"}``, compact JSON in raw UTF-8, the fields,
  then ``iat`` and ``exp``), so the test always runs.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import request_uri

import jwt as pyjwt
import pytest

import onlyoffice_jwt

SECRET = "wsgi-connector-secret-0123456789abcdef"
WRONG_SECRET = "not-the-document-server-secret-0123456789"
LIFETIME = 300
EXAMPLES_DIR = pathlib.Path(__file__).resolve().parents[2] / "examples"
DRIVER = pathlib.Path(__file__).with_name("ds_standin_driver.js")
DOC_NAME = "Отчёт за квартал – Q3.docx"

Environ = dict[str, Any]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class ConnectorHost:
    """A minimal connector on WSGI: config page data, save callbacks and file downloads."""

    def __init__(self, secret: str) -> None:
        self.ds = onlyoffice_jwt.DocumentServer(secret)
        self.base_url = ""
        self.saved: list[onlyoffice_jwt.Callback] = []

    def file_url(self, key: str) -> str:
        return f"{self.base_url}/files/{key}?version=3"

    def __call__(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        if method == "GET" and path == "/editor-config":
            status, body = self.editor_config(environ)
        elif method == "POST" and path == "/callback":
            status, body = self.callback(environ)
        elif method == "GET" and path.startswith("/files/"):
            status, body = self.download(environ)
        else:
            status, body = "404 Not Found", {"error": "not found"}
        payload = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        data = payload.encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def editor_config(self, environ: Environ) -> tuple[str, Any]:
        name = parse_qs(environ.get("QUERY_STRING", "")).get("doc", ["untitled.docx"])[0]
        key = f"key-{abs(hash(name)) % 10**8}"
        config = {
            "document": {
                "fileType": "docx",
                "key": key,
                "title": name,
                "url": self.file_url(key),
                "permissions": {"edit": True, "download": True, "comment": True},
            },
            "documentType": "word",
            "editorConfig": {
                "callbackUrl": f"{self.base_url}/callback?doc={quote(name)}",
                "mode": "edit",
                "lang": "de",
                "user": {"id": "1842", "name": "Jürgen Groß"},
            },
        }
        return "200 OK", self.ds.sign_config(config)

    def callback(self, environ: Environ) -> tuple[str, Any]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length)
        try:
            callback = self.ds.verify_callback(raw, environ)
        except onlyoffice_jwt.PyJWTError as error:
            return "403 Forbidden", {"error": 1, "code": error.code, "message": str(error)}
        self.saved.append(callback)
        return "200 OK", onlyoffice_jwt.DocumentServer.CALLBACK_OK

    def download(self, environ: Environ) -> tuple[str, Any]:
        try:
            download = self.ds.verify_download(request_uri(environ), environ)
        except onlyoffice_jwt.PyJWTError as error:
            return "403 Forbidden", {"error": 1, "code": error.code}
        return "200 OK", {"file": download.url}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def host() -> Iterator[ConnectorHost]:
    app = ConnectorHost(SECRET)
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    # A short poll interval, because shutdown() waits for the serving loop's next poll.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="wsgi-connector", daemon=True)
    thread.start()
    try:
        yield app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class PyJWTStandin:
    """Signs and sends what Document Server sends, with PyJWT and the standard library."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def sign(self, claims: dict[str, Any], iat: int, secret: Optional[str] = None) -> str:
        return pyjwt.encode(
            {**claims, "iat": iat, "exp": iat + LIFETIME},
            secret or self.secret,
            algorithm="HS256",
            json_encoder=RawUtf8Encoder,
        )

    def run(self, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.run_step(step) for step in steps]

    def run_step(self, step: dict[str, Any]) -> dict[str, Any]:
        if step["action"] == "config":
            status, config = http("GET", step["url"])
            claims = pyjwt.decode(config["token"], self.secret, algorithms=["HS256", "HS384", "HS512"], leeway=60)
            return {"status": status, "claims": claims, "problems": config_problems(config, claims)}
        iat = int(time.time()) + step.get("iatOffset", 0)
        secret = step.get("secret")
        if step["action"] == "download":
            token = self.sign({"payload": {"url": step.get("signedUrl", step["url"])}}, iat, secret)
            status, body = http("GET", step["url"], headers={"Authorization": f"Bearer {token}"})
            return {"status": status, "json": body}
        fields = step["fields"]
        plain = fields
        if step.get("trimPlain"):
            plain = {name: value for name, value in fields.items() if name != "changesurl"}
            plain["history"] = {}
        body = dict(plain)
        headers = {"Content-Type": "application/json"}
        if step.get("bodyToken", True):
            body["token"] = self.sign(fields, iat, secret)
        if step.get("headerToken", True):
            headers["Authorization"] = f"Bearer {self.sign({'payload': plain}, iat, secret)}"
        data = escape_lone_surrogates(json.dumps(body, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
        status, response = http("POST", step["url"], data=data, headers=headers)
        return {"status": status, "json": response}


class RawUtf8Encoder(json.JSONEncoder):
    """Writes JSON as JSON.stringify does: raw UTF-8 in place of \\u escapes, except for lone
    surrogates, which it escapes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(**kwargs)

    def encode(self, o: Any) -> str:
        return escape_lone_surrogates(super().encode(o))


def escape_lone_surrogates(text: str) -> str:
    """Writes each lone surrogate of JSON text as JSON.stringify writes it, such as \\ud83d."""
    return re.sub("[\ud800-\udfff]", lambda match: f"\\u{ord(match.group()):04x}", text)


def http(method: str, url: str, data: Optional[bytes] = None, headers: Optional[dict[str, str]] = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def config_problems(config: dict[str, Any], claims: dict[str, Any]) -> list[str]:
    """Apply the config-token checks of Document Server 7.1 and later, as the Node stand-in does."""
    problems = [f'token has a top-level "{name}" claim' for name in ("url", "key", "payload") if name in claims]
    for section, name, required in [
        ("document", "key", True),
        ("document", "url", True),
        ("document", "permissions", True),
        ("editorConfig", "callbackUrl", False),
        ("editorConfig", "mode", False),
    ]:
        page_value = config.get(section, {}).get(name)
        if page_value is None and not required:
            continue
        if claims.get(section, {}).get(name) != page_value:
            problems.append(f"token {section}.{name} differs from the page's value")
    return problems


def node_available() -> bool:
    return shutil.which("node") is not None and (EXAMPLES_DIR / "node_modules" / "jsonwebtoken").is_dir()


class NodeStandin:
    """Runs the steps through examples/ds_standin.js in one Node process."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def run(self, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = subprocess.run(
            ["node", str(DRIVER)],
            input=json.dumps({"secret": self.secret, "steps": steps}),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env={**os.environ, "EXAMPLES_DIR": str(EXAMPLES_DIR)},
        )
        assert result.returncode == 0, result.stderr
        results: list[dict[str, Any]] = json.loads(result.stdout)
        return results


@pytest.fixture(params=["pyjwt", "node"])
def standin(request: pytest.FixtureRequest) -> Any:
    if request.param == "pyjwt":
        return PyJWTStandin(SECRET)
    if not node_available():
        pytest.skip("node and examples/node_modules (make examples) are needed for the Node stand-in")
    return NodeStandin(SECRET)


def callback_fields(key: str, status: int = 2) -> dict[str, Any]:
    """The fields of a save callback as Document Server sends them."""
    cache = f"https://ds.example/cache/files/data/{key}_7431"
    fields: dict[str, Any] = {
        "key": key,
        "status": status,
        "url": f"{cache}/output.docx/output.docx?md5=pM5zZ7dK&expires=1778756182&filename=output.docx",
        "changesurl": f"{cache}/changes.zip/changes.zip?md5=Qd1xk2&expires=1778756182&filename=changes.zip",
        "history": {
            "serverVersion": "8.2.0",
            "changes": [{"created": "2026-05-14 09:52:10", "user": {"id": "1842", "name": "Jürgen Groß"}}],
        },
        "users": ["1842"],
        "actions": [{"type": 2 if status == 6 else 0, "userid": "1842"}],
        "lastsave": "2026-05-14T09:53:10.000Z",
        "filetype": "docx",
    }
    if status == 6:
        fields["forcesavetype"] = 1
    return fields


def test_editor_config_accepted_by_document_server(host: ConnectorHost, standin: Any) -> None:
    [result] = standin.run([{"action": "config", "url": f"{host.base_url}/editor-config?doc={quote(DOC_NAME)}"}])
    assert result["status"] == 200
    assert result["problems"] == []
    assert result["claims"]["document"]["title"] == DOC_NAME
    assert result["claims"]["exp"] - result["claims"]["iat"] == LIFETIME


def test_save_callback_lifecycle(host: ConnectorHost, standin: Any) -> None:
    callback_url = f"{host.base_url}/callback?doc=report"
    saved = callback_fields("key-report")
    force_saved = callback_fields("key-report", status=6)
    steps = [
        {"action": "callback", "url": callback_url, "fields": saved},
        {"action": "callback", "url": callback_url, "fields": saved, "secret": WRONG_SECRET},
        {"action": "callback", "url": callback_url, "fields": saved, "iatOffset": -600},
        {"action": "callback", "url": callback_url, "fields": force_saved, "bodyToken": False},
        {"action": "callback", "url": callback_url, "fields": saved, "bodyToken": False, "headerToken": False},
        {"action": "callback", "url": callback_url, "fields": saved, "trimPlain": True},
    ]
    accepted, wrong_secret, expired, header_only, unsigned, trimmed = standin.run(steps)

    assert (accepted["status"], accepted["json"]) == (200, {"error": 0})
    assert (wrong_secret["status"], wrong_secret["json"]["code"]) == (403, "ERR_JWS_SIGNATURE_INVALID")
    assert (expired["status"], expired["json"]["code"]) == (403, "ERR_JWT_EXPIRED")
    assert (header_only["status"], header_only["json"]) == (200, {"error": 0})
    assert (unsigned["status"], unsigned["json"]["code"]) == (403, "ERR_DS_TOKEN_MISSING")
    assert (trimmed["status"], trimmed["json"]) == (200, {"error": 0})

    first, second, third = host.saved
    assert (first.source, first.key, first.status, first.url) == ("body", saved["key"], 2, saved["url"])
    assert first.data == saved
    assert (second.source, second.status) == ("header", 6)
    assert second.data == force_saved
    # The plain body lost changesurl and history; the body token still carries them.
    assert third.source == "body"
    assert third.data == saved


def test_callback_cut_surrogate_user_name(host: ConnectorHost, standin: Any) -> None:
    # Document Server cut a user name inside a surrogate pair, as
    # 'Anna 😀 Schmidt'.slice(0, 6) does, and JSON.stringify wrote the lone half as \ud83d.
    callback_url = f"{host.base_url}/callback?doc=report"
    saved = callback_fields("key-cut-name")
    saved["history"]["changes"][0]["user"]["name"] = "Anna \ud83d"
    steps = [
        {"action": "callback", "url": callback_url, "fields": saved},
        {"action": "callback", "url": callback_url, "fields": saved, "bodyToken": False},
    ]
    both, header_only = standin.run(steps)

    assert (both["status"], both["json"]) == (200, {"error": 0})
    assert (header_only["status"], header_only["json"]) == (200, {"error": 0})
    from_body, from_header = host.saved
    assert (from_body.source, from_header.source) == ("body", "header")
    for callback in (from_body, from_header):
        assert (callback.key, callback.status, callback.url) == (saved["key"], 2, saved["url"])
        assert callback.data == saved
        assert callback["history"]["changes"][0]["user"]["name"] == "Anna \ud83d"
        assert callback.get("history") == saved["history"]


def test_file_download_bound_to_url(host: ConnectorHost, standin: Any) -> None:
    url = host.file_url("key-report")
    other = host.file_url("key-other")
    bound, replayed = standin.run(
        [
            {"action": "download", "url": url},
            {"action": "download", "url": url, "signedUrl": other},
        ]
    )
    assert (bound["status"], bound["json"]) == (200, {"file": url})
    assert (replayed["status"], replayed["json"]["code"]) == (403, "ERR_DS_URL_MISMATCH")
