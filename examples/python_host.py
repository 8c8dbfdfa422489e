#!/usr/bin/env python3
"""Run an ONLYOFFICE connector host on 127.0.0.1 with the standard library and onlyoffice_jwt.

Routes:
    GET  /editor-config?doc=<title>  the signed editor config for a document, as JSON
    POST /callback                   the Document Server's callback, verified before use
    GET  /callbacks                  the callbacks this host verified, oldest first

The JWT secret is read from the environment variable DS_SECRET. Once the server accepts
connections it prints "LISTENING <port>" on stdout. One log line per request goes to stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

import onlyoffice_jwt

logger = logging.getLogger("python_host")

# Bounds the memory one callback request can take. A DS callback body is JSON with a few
# URLs, the user list and the change history.
MAX_CALLBACK_BYTES = 1024 * 1024

# documentType for each file extension this host offers, as the ONLYOFFICE API defines it.
DOCUMENT_TYPES = {
    "docx": "word",
    "odt": "word",
    "xlsx": "cell",
    "ods": "cell",
    "pptx": "slide",
    "odp": "slide",
}

# NOTE: a real connector derives the key from the stored file's version, so that the key
# changes after every save. This host never stores files, so every document stays at one revision.
DOCUMENT_REVISION = "1"


class CallbackLog:
    """Thread-safe list of the callbacks this host verified."""

    def __init__(self) -> None:
        self._entries: list[dict] = []
        self._lock = threading.Lock()

    def append(self, entry: dict) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict]:
        with self._lock:
            return list(self._entries)


class ConnectorServer(ThreadingHTTPServer):
    """HTTP server that carries the state shared by all requests."""

    daemon_threads = True

    def __init__(self, port: int, public_url: str | None, document_server) -> None:
        super().__init__(("127.0.0.1", port), ConnectorHandler)
        self.document_server = document_server
        self.callback_log = CallbackLog()
        self.public_url = (public_url or f"http://127.0.0.1:{self.server_port}").rstrip("/")


def document_key(title: str) -> str:
    """Return the document key: at most 128 characters from [0-9A-Za-z._=-], as DS requires."""
    digest = hashlib.sha256(f"{title}\n{DOCUMENT_REVISION}".encode()).hexdigest()
    return digest[:20]


def build_editor_config(public_url: str, title: str) -> dict:
    """Build the unsigned ONLYOFFICE editor config for one document.

    Raises ValueError when the title has no extension this host offers.
    """
    extension = title.rpartition(".")[2].lower()
    document_type = DOCUMENT_TYPES.get(extension)
    if "." not in title or document_type is None:
        offered = ", ".join(sorted(DOCUMENT_TYPES))
        raise ValueError(
            f"document {title!r} has no supported extension (expected one of {offered})"
        )

    return {
        "document": {
            "fileType": extension,
            "key": document_key(title),
            "title": title,
            # NOTE: DS downloads this URL with a header token. This host does not serve files,
            # and the stand-in never downloads them. A real host checks each download with
            # ds.verify_download(absolute_request_url, headers).
            "url": f"{public_url}/files/{quote(title)}",
            "info": {"owner": "Мария Иванова", "uploaded": "2024-10-01 09:30"},
            "permissions": {
                "comment": True,
                "copy": True,
                "download": True,
                "edit": True,
                "fillForms": True,
                "modifyContentControl": True,
                "modifyFilter": True,
                "print": True,
                "review": True,
            },
        },
        "documentType": document_type,
        "editorConfig": {
            "callbackUrl": f"{public_url}/callback",
            "lang": "ru",
            "mode": "edit",
            "user": {"id": "u-1042", "name": "Анна Смирнова"},
            "customization": {
                "autosave": True,
                "comments": True,
                "compactHeader": False,
                "forcesave": True,
                "help": True,
                "uiTheme": "theme-light",
            },
        },
        "height": "100%",
        "width": "100%",
    }


class ConnectorHandler(BaseHTTPRequestHandler):
    """Request handler for the connector routes."""

    server: ConnectorServer

    def do_GET(self) -> None:
        self.dispatch()

    def do_POST(self) -> None:
        self.dispatch()

    def dispatch(self) -> None:
        """Route the request, and send HTTP 500 when a route fails unexpectedly."""
        self.response_started = False
        try:
            self.route()
        except Exception:
            logger.exception("%s %s failed", self.command, readable_path(self.path))
            if not self.response_started:
                response_body = {"error": 1, "message": "internal error"}
                self.send_json(HTTPStatus.INTERNAL_SERVER_ERROR, response_body, "internal error")

    def route(self) -> None:
        url = urlsplit(self.path)
        if self.command == "GET" and url.path == "/editor-config":
            self.send_editor_config(url.query)
        elif self.command == "GET" and url.path == "/callbacks":
            entries = self.server.callback_log.entries()
            self.send_json(HTTPStatus.OK, entries, f"callback log ({len(entries)})")
        elif self.command == "POST" and url.path == "/callback":
            self.receive_callback()
        else:
            self.send_json(HTTPStatus.NOT_FOUND, {"error": "not found"}, "no such route")

    def send_editor_config(self, query: str) -> None:
        titles = parse_qs(query).get("doc")
        if not titles:
            message = "missing query parameter doc; request /editor-config?doc=<title>"
            self.send_json(HTTPStatus.BAD_REQUEST, {"error": message}, message)
            return
        try:
            config = build_editor_config(self.server.public_url, titles[0])
        except ValueError as err:
            self.send_json(HTTPStatus.BAD_REQUEST, {"error": str(err)}, str(err))
            return

        signed = self.server.document_server.sign_config(config)
        self.send_json(HTTPStatus.OK, signed, f"signed config for key={config['document']['key']}")

    def receive_callback(self) -> None:
        body = self.read_body()
        if body is None:
            return

        try:
            callback = self.server.document_server.verify_callback(body, self.headers)
        except onlyoffice_jwt.PyJWTError as err:
            response_body = {"error": 1, "code": err.code, "message": str(err)}
            self.send_json(HTTPStatus.FORBIDDEN, response_body, f"rejected {err.code}: {err}")
            return

        # NOTE: a real connector downloads callback.url here (status 2 and 6) and stores it as
        # the document's new version before it responds {"error":0}. This host only records it.
        self.server.callback_log.append(
            {
                "key": callback.key,
                "status": callback.status,
                "url": callback.url,
                "source": callback.source,
                "users": callback.data.get("users"),
            }
        )
        summary = (
            f"verified key={callback.key} status={callback.status}"
            f" source={callback.source} url={callback.url}"
        )
        self.send_json(HTTPStatus.OK, {"error": 0}, summary)

    def read_body(self) -> bytes | None:
        """Read the request body, or send an error response and return None when it is unusable."""
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            message = "Content-Length is required"
            self.send_json(HTTPStatus.LENGTH_REQUIRED, {"error": 1, "message": message}, message)
            return None
        try:
            length = int(length_header)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_CALLBACK_BYTES:
            message = f"Content-Length {length_header!r} is invalid or above {MAX_CALLBACK_BYTES}"
            response_body = {"error": 1, "message": message}
            self.send_json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, response_body, message)
            return None
        return self.rfile.read(length)

    def send_json(self, status: HTTPStatus, value, summary: str) -> None:
        """Send value as a JSON response and log one line for the request."""
        payload = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.response_started = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        logger.info("%s %s -> %d %s", self.command, readable_path(self.path), status, summary)

    def log_request(self, code="-", size="-") -> None:
        # send_json writes the single log line for each request.
        pass

    def log_message(self, fmt: str, *args) -> None:
        # http.server reports malformed requests through this method.
        logger.warning("%s %s", self.address_string(), fmt % args)


def readable_path(path: str) -> str:
    """Decode percent-escapes for the log, escaping control characters to keep one line."""
    characters = []
    for character in unquote(path):
        if not character.isprintable():
            character = character.encode("unicode_escape").decode("ascii")
        characters.append(character)
    return "".join(characters)


def stop_on_stdin_eof(server: ConnectorServer) -> None:
    """Shut the server down once standard input closes, for example when the parent exits."""
    sys.stdin.buffer.read()
    logger.info("standard input closed, stopping")
    server.shutdown()


def tcp_port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port number (0 to 65535)")
    return port


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--port", type=tcp_port, default=0, help="TCP port on 127.0.0.1 (default: 0, any free port)"
    )
    parser.add_argument(
        "--public-url",
        help="base URL that the Document Server uses to reach this host"
        " (default: http://127.0.0.1:<port>)",
    )
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="stop when standard input closes, so that the host never outlives its parent process",
    )
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )

    secret = os.environ.get("DS_SECRET")
    if not secret:
        message = "DS_SECRET is not set; set it to the Document Server's JWT secret"
        print(f"python_host: {message}", file=sys.stderr)
        return 2

    document_server = onlyoffice_jwt.DocumentServer(secret=secret)
    try:
        server = ConnectorServer(arguments.port, arguments.public_url, document_server)
    except OSError as err:
        print(f"python_host: cannot listen on 127.0.0.1:{arguments.port}: {err}", file=sys.stderr)
        return 1
    if arguments.exit_on_stdin_eof:
        threading.Thread(target=stop_on_stdin_eof, args=(server,), daemon=True).start()

    logger.info("serving on 127.0.0.1:%d, public URL %s", server.server_port, server.public_url)
    print(f"LISTENING {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("interrupted, stopping")
    finally:
        server.server_close()
    logger.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
