#!/usr/bin/env python3
"""Check the shared test vectors against a small Python model of the rules.

The model reads each vector the way the Rust, Python and Node runners do and
computes the outcome from the rules in tests/vectors/README.md. It is not the
library: it exists so that a wrong expectation in a vector file shows up before
the three test suites disagree about it. Standard library only.

Usage:
    python3 tests/tools/check_vectors.py   # checks tests/vectors/*.json, exit 1 on a mismatch
"""

import base64
import hashlib
import hmac
import json
import math
import pathlib
import re
import sys

VECTOR_DIR = pathlib.Path(__file__).resolve().parent.parent / "vectors"

KINDS = ("verify", "sign", "key", "callback", "config", "download", "request", "method")

ERROR_CODES = (
    "ERR_JWT_MALFORMED",
    "ERR_JSON_INVALID",
    "ERR_JSON_DUPLICATE_MEMBER",
    "ERR_JWS_SIGNATURE_INVALID",
    "ERR_JWT_ALG_NOT_ALLOWED",
    "ERR_JWS_CRIT_UNSUPPORTED",
    "ERR_JWT_EXPIRED",
    "ERR_JWT_NOT_YET_VALID",
    "ERR_JWT_CLAIM_INVALID",
    "ERR_JWT_CLAIM_MISSING",
    "ERR_KEY_INVALID",
    "ERR_DS_TOKEN_MISSING",
    "ERR_DS_HEADER_INVALID",
    "ERR_DS_PAYLOAD_SHAPE",
    "ERR_DS_TOKEN_PURPOSE",
    "ERR_DS_CONFIG_INVALID",
    "ERR_DS_URL_MISMATCH",
)

HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
STRICT_MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
MIN_TIME = -62135596800  # 0001-01-01T00:00:00Z
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z
BASE64URL_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

DS_DEFAULTS = {"header": "Authorization", "prefix": "Bearer ", "leeway": 60}
MAX_TOKEN_BYTES = 1 << 20  # the default token length limit, 1 MiB
MAX_HEADER_SEGMENT = 16 * 1024  # the header segment length limit, in base64url characters
MAX_DEPTH = 128  # the default JSON nesting limit, where the outermost array or object is depth 1

# A JSON string or one bracket; the depth count skips brackets inside strings.
JSON_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

# Python refuses to convert integers of more than 4300 digits by default, but the library
# accepts JSON numbers of any length, so the model must too.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)


class Rejected(Exception):
    """An outcome of the model that carries one of ERROR_CODES."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class DuplicateMember(ValueError):
    pass


def expand_text(value):
    """Return the text of a string member, expanding a {"pieces": [...]} generator spec.

    Each piece is a string or {"repeat": text, "count": n}, and the text is the pieces joined
    in order. Vector files use the spec for inputs too large to store literally.
    """
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or list(value) != ["pieces"]:
        raise ValueError(f"expected a string or a pieces spec, found {value!r:.80}")
    parts = []
    for piece in value["pieces"]:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and sorted(piece) == ["count", "repeat"] \
                and isinstance(piece["repeat"], str) and piece["repeat"] \
                and isinstance(piece["count"], int) and piece["count"] >= 0:
            parts.append(piece["repeat"] * piece["count"])
        else:
            raise ValueError(f"invalid piece {piece!r:.80}")
    return "".join(parts)


def nesting_depth(text):
    """Return the deepest nesting of arrays and objects in JSON text."""
    depth = deepest = 0
    for match in JSON_STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def secret_bytes(secret):
    if "hex" in secret:
        return bytes.fromhex(secret["hex"])
    return secret["utf8"].encode("utf-8")


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_segment(segment):
    """Decode base64url without padding, rejecting every non-canonical spelling."""
    if any(char not in BASE64URL_ALPHABET for char in segment) or len(segment) % 4 == 1:
        raise Rejected("ERR_JWT_MALFORMED")
    raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    if b64url(raw) != segment:
        raise Rejected("ERR_JWT_MALFORMED")
    return raw


def reject_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise DuplicateMember()
    return dict(pairs)


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def has_lone_surrogate(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def has_lone_surrogate_in_name(value):
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate_in_name(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate_in_name(item) for item in value)
    return False


def parse_strict_json(raw):
    """Parse UTF-8 JSON text, rejecting duplicates, NaN/Infinity and lone surrogate escapes
    in member names. A lone surrogate escape in a string value is accepted, as json.loads
    and JSON.parse accept it."""
    try:
        text = raw.decode("utf-8")
        if nesting_depth(text) > MAX_DEPTH:
            raise Rejected("ERR_JSON_INVALID")
        value = json.loads(text, object_pairs_hook=reject_duplicates,
                           parse_constant=reject_constant)
    except DuplicateMember:
        raise Rejected("ERR_JSON_DUPLICATE_MEMBER") from None
    except ValueError:
        raise Rejected("ERR_JSON_INVALID") from None
    if has_lone_surrogate_in_name(value):
        raise Rejected("ERR_JSON_INVALID")
    return value


def parse_object(raw):
    value = parse_strict_json(raw)
    if not isinstance(value, dict):
        raise Rejected("ERR_JSON_INVALID")
    return value


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def verify_token(token, key, algorithms, now, leeway=0, require=(), verify_iat=False):
    """Return (header, claims) or raise Rejected, checking in the documented order."""
    if not key:
        raise Rejected("ERR_KEY_INVALID")

    if not token or len(token.encode("utf-8")) > MAX_TOKEN_BYTES:
        raise Rejected("ERR_JWT_MALFORMED")
    segments = token.split(".")
    if len(segments) != 3 or not segments[0] or not segments[1]:
        raise Rejected("ERR_JWT_MALFORMED")
    if len(segments[0]) > MAX_HEADER_SEGMENT:
        raise Rejected("ERR_JWT_MALFORMED")
    header_raw, payload_raw, signature = (decode_segment(s) for s in segments)

    header = parse_object(header_raw)
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in HASHES or alg not in algorithms:
        raise Rejected("ERR_JWT_ALG_NOT_ALLOWED")
    if "crit" in header:
        raise Rejected("ERR_JWS_CRIT_UNSUPPORTED")
    if header.get("b64") is False:
        raise Rejected("ERR_JWT_MALFORMED")

    signing_input = f"{segments[0]}.{segments[1]}".encode("ascii")
    expected = hmac.new(key, signing_input, HASHES[alg]).digest()
    if not hmac.compare_digest(expected, signature):
        raise Rejected("ERR_JWS_SIGNATURE_INVALID")

    claims = parse_object(payload_raw)
    for name in ("exp", "nbf", "iat"):
        if name in claims:
            value = claims[name]
            # A huge int is compared as it is, because converting it to float overflows.
            if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)) \
                    or not MIN_TIME <= value <= MAX_TIME:
                raise Rejected("ERR_JWT_CLAIM_INVALID")
    for name in require:
        if name not in claims:
            raise Rejected("ERR_JWT_CLAIM_MISSING")
    if "exp" in claims and now >= claims["exp"] + leeway:
        raise Rejected("ERR_JWT_EXPIRED")
    if "nbf" in claims and claims["nbf"] > now + leeway:
        raise Rejected("ERR_JWT_NOT_YET_VALID")
    if verify_iat and "iat" in claims and claims["iat"] > now + leeway:
        raise Rejected("ERR_JWT_NOT_YET_VALID")
    return header, claims


def check_key(secret, alg, policy):
    if not secret:
        raise Rejected("ERR_KEY_INVALID")
    if policy == "strict" and len(secret) < STRICT_MIN_KEY_BYTES[alg]:
        raise Rejected("ERR_KEY_INVALID")


def is_editor_config(value):
    return isinstance(value, dict) and ("document" in value or "editorConfig" in value)


# The body of a callback request that has no body or whose body is not JSON.
NO_BODY = object()


def find_token(body, headers, settings):
    """Return (token, source) following DS: the body token first, then the header.

    A JSON body that is not an object (null included) is a shape error.
    """
    if body is not NO_BODY and not isinstance(body, dict):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    if isinstance(body, dict) and "token" in body:
        token = body["token"]
        if not isinstance(token, str):
            raise Rejected("ERR_DS_PAYLOAD_SHAPE")
        if token == "":
            raise Rejected("ERR_DS_TOKEN_MISSING")
        return token, "body"

    header_name = settings["header"].lower()
    values = [value for name, value in headers if name.lower() == header_name]
    if not values:
        raise Rejected("ERR_DS_TOKEN_MISSING")
    if len(values) > 1:
        raise Rejected("ERR_DS_HEADER_INVALID")
    if "\r" in values[0] or "\n" in values[0]:
        raise Rejected("ERR_DS_HEADER_INVALID")
    # HTTP parsers trim trailing spaces, so a prefix-only value can arrive as "Bearer".
    prefix_word = settings["prefix"].rstrip()
    if prefix_word and values[0].rstrip() == prefix_word:
        raise Rejected("ERR_DS_TOKEN_MISSING")
    if not values[0].startswith(settings["prefix"]):
        raise Rejected("ERR_DS_HEADER_INVALID")
    token = values[0][len(settings["prefix"]):]
    if token == "":
        raise Rejected("ERR_DS_TOKEN_MISSING")
    if "," in values[0]:
        raise Rejected("ERR_DS_HEADER_INVALID")
    return token, "header"


def verify_callback(vector):
    settings = {**DS_DEFAULTS, **vector["settings"]}
    key = secret_bytes(settings["secret"])
    if not key:
        raise Rejected("ERR_KEY_INVALID")

    if "body_raw" in vector:
        body_raw = expand_text(vector["body_raw"])
        try:
            body = parse_strict_json(body_raw.encode("utf-8"))
        except Rejected:
            # A body that starts as a JSON object or array is meant as JSON, so its fault
            # is the error. Any other body carries no token, and the header is tried.
            if body_raw.lstrip(" \t\r\n")[:1] in ("{", "["):
                raise
            body = NO_BODY
    else:
        body = vector["body"]

    headers = [(name, expand_text(value)) for name, value in vector["headers"]]
    token, source = find_token(body, headers, settings)
    _, claims = verify_token(token, key, tuple(HASHES), vector["now"], settings["leeway"])

    if is_editor_config(claims):
        raise Rejected("ERR_DS_TOKEN_PURPOSE")
    if source == "header":
        data = claims.get("payload")
        if not isinstance(data, dict):
            raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    else:
        data = {name: value for name, value in claims.items() if name not in ("iat", "exp")}
    if is_editor_config(data):
        raise Rejected("ERR_DS_TOKEN_PURPOSE")

    status = data.get("status")
    if not isinstance(data.get("key"), str) or not data["key"]:
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    if not isinstance(status, int) or isinstance(status, bool) or not 0 <= status <= 7:
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    if status in (2, 6) and not isinstance(data.get("url"), str):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    return {"data": data, "iat": claims.get("iat"), "exp": claims.get("exp"), "source": source}


def sign_config(vector):
    settings = vector["settings"]
    if not secret_bytes(settings["secret"]):
        raise Rejected("ERR_KEY_INVALID")
    config = vector["config"]
    if not isinstance(config, dict):
        raise Rejected("ERR_DS_CONFIG_INVALID")
    if any(name in config for name in ("url", "key", "payload")):
        raise Rejected("ERR_DS_CONFIG_INVALID")
    document = config.get("document")
    if not isinstance(document, dict) \
            or not isinstance(document.get("key"), str) \
            or not isinstance(document.get("url"), str) \
            or not isinstance(document.get("permissions"), dict):
        raise Rejected("ERR_DS_CONFIG_INVALID")
    if "editorConfig" in config:
        editor = config["editorConfig"]
        if not isinstance(editor, dict):
            raise Rejected("ERR_DS_CONFIG_INVALID")
        for name in ("callbackUrl", "mode"):
            if name in editor and not isinstance(editor[name], str):
                raise Rejected("ERR_DS_CONFIG_INVALID")
    claims = {name: value for name, value in config.items() if name != "token"}
    claims["iat"] = vector["now"]
    claims["exp"] = vector["now"] + settings["expires_in"]
    return {"claims": claims}


DEFAULT_PORTS = {"http": "80", "ws": "80", "https": "443", "wss": "443"}
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def normalize_target(target):
    """Decode escapes of unreserved characters, upper-case other escapes, encode the rest."""
    out = []
    index = 0
    while index < len(target):
        char = target[index]
        escape = target[index + 1:index + 3]
        if char == "%" and len(escape) == 2 and all(c in HEX_DIGITS for c in escape):
            decoded = chr(int(escape, 16))
            out.append(decoded if decoded in UNRESERVED else "%" + escape.upper())
            index += 3
            continue
        if char.isascii() and char.isprintable() and char != " ":
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
        index += 1
    return "".join(out)


def normalize_url(url):
    """Return (origin, target) after RFC 3986 normalisation, origin "" for a path-only URL.

    Returns None when the text is neither an absolute URL nor a path.
    """
    url = url.split("#", 1)[0]
    if url.startswith("/") and not url.startswith("//"):
        return "", normalize_target(url)
    if "://" not in url:
        return None
    scheme, rest = url.split("://", 1)
    if not scheme or not all(c.isascii() and (c.isalnum() or c in "+-.") for c in scheme):
        return None
    scheme = scheme.lower()
    split_at = min([rest.index(c) for c in "/?" if c in rest], default=len(rest))
    authority, target = rest[:split_at], rest[split_at:]
    userinfo, _, host_port = authority.rpartition("@")
    if not host_port:
        return None
    if host_port.startswith("["):
        bracket = host_port.find("]:")
        host, port = (host_port[:bracket + 1], host_port[bracket + 2:]) if bracket >= 0 \
            else (host_port, None)
    elif ":" in host_port:
        host, port = host_port.rsplit(":", 1)
    else:
        host, port = host_port, None
    origin = scheme + "://"
    if userinfo:
        origin += normalize_target(userinfo) + "@"
    origin += host.lower()
    if port and port != DEFAULT_PORTS.get(scheme):
        origin += ":" + port.lstrip("0")
    if not target or target.startswith("?"):
        target = "/" + target
    return origin, normalize_target(target)


def same_resource(signed, requested):
    signed, requested = normalize_url(signed), normalize_url(requested)
    if signed is None or requested is None:
        return False
    if requested[0] == "":
        return signed[1] == requested[1]
    return signed == requested




def verify_download(vector):
    settings = {**DS_DEFAULTS, **vector["settings"]}
    key = secret_bytes(settings["secret"])
    if not key:
        raise Rejected("ERR_KEY_INVALID")
    headers = [(name, expand_text(value)) for name, value in vector["headers"]]
    token, _ = find_token(NO_BODY, headers, settings)
    _, claims = verify_token(token, key, tuple(HASHES), vector["now"], settings["leeway"])

    if "operation" in claims:
        raise Rejected("ERR_DS_TOKEN_PURPOSE")
    # A token without payload but with other flat claims is a config, method, callback or
    # request token. One with time claims alone is only malformed.
    if "payload" not in claims and any(name not in ("iat", "exp", "nbf") for name in claims):
        raise Rejected("ERR_DS_TOKEN_PURPOSE")
    payload = claims.get("payload")
    if not isinstance(payload, dict):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    if any(name in payload for name in ("status", "document", "editorConfig")):
        raise Rejected("ERR_DS_TOKEN_PURPOSE")
    url = payload.get("url")
    if not isinstance(url, str):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    if not same_resource(url, vector["url"]):
        raise Rejected("ERR_DS_URL_MISMATCH")
    return {"url": url, "iat": claims.get("iat"), "exp": claims.get("exp")}


def signed_claims(fields, now, expires_in, extra=()):
    """Return what DocumentServer signs: the fields without token, iat and exp, the extra
    members, then iat = now and exp = now + expires_in."""
    claims = {name: value for name, value in fields.items() if name not in ("token", "iat", "exp")}
    claims.update(extra)
    claims["iat"] = now
    claims["exp"] = now + expires_in
    return claims


def sign_request(vector):
    settings = {**DS_DEFAULTS, "expires_in": 300, **vector["settings"]}
    if not secret_bytes(settings["secret"]):
        raise Rejected("ERR_KEY_INVALID")
    request = vector["request"]
    if not isinstance(request, dict):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    fields = {name: value for name, value in request.items() if name != "token"}
    operation = vector["operation"]
    extra = {} if operation is None else {"operation": operation}
    header_claims = {"payload": fields, **extra, "iat": vector["now"],
                     "exp": vector["now"] + settings["expires_in"]}
    return {"body_claims": signed_claims(fields, vector["now"], settings["expires_in"], extra),
            "header_name": settings["header"], "header_prefix": settings["prefix"],
            "header_claims": header_claims}


def sign_method(vector):
    settings = {"expires_in": 300, **vector["settings"]}
    if not secret_bytes(settings["secret"]):
        raise Rejected("ERR_KEY_INVALID")
    params = vector["params"]
    if not isinstance(params, dict):
        raise Rejected("ERR_DS_PAYLOAD_SHAPE")
    return {"claims": signed_claims(params, vector["now"], settings["expires_in"])}


def sign_raw(vector):
    key = secret_bytes(vector["secret"])
    header = b64url(vector["header_json"].encode("utf-8"))
    payload = b64url(vector["payload_json"].encode("utf-8"))
    signing_input = f"{header}.{payload}"
    signature = hmac.new(key, signing_input.encode("ascii"), HASHES[vector["alg"]]).digest()
    return {"token": f"{signing_input}.{b64url(signature)}"}


def run_vector(vector):
    """Return the model's outcome for one vector in the shape of its expect member."""
    kind = vector["kind"]
    try:
        if kind == "verify":
            header, claims = verify_token(
                expand_text(vector["token"]), secret_bytes(vector["secret"]), vector["algorithms"],
                vector["now"], vector.get("leeway", 0), vector.get("require", ()),
                vector.get("verify_iat", False))
            return {"header": header, "claims": claims}
        if kind == "sign":
            return sign_raw(vector)
        if kind == "key":
            check_key(secret_bytes(vector["secret"]), vector["alg"], vector["policy"])
            return {"ok": True}
        if kind == "callback":
            return verify_callback(vector)
        if kind == "config":
            return sign_config(vector)
        if kind == "download":
            return verify_download(vector)
        if kind == "request":
            return sign_request(vector)
        if kind == "method":
            return sign_method(vector)
    except Rejected as rejection:
        return {"error": rejection.code}
    raise ValueError(f"unknown kind {kind!r}")


def same_json(left, right):
    """Compare decoded JSON values, including member order, which the config claims fix."""
    if isinstance(left, dict) and isinstance(right, dict):
        return list(left) == list(right) and all(same_json(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same_json, left, right))
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return left == right


def check_documents(documents):
    """Return one message per vector whose expect member differs from the model's outcome."""
    failures = []
    for file_name, document in documents.items():
        for vector in document["vectors"]:
            outcome = run_vector(vector)
            if not same_json(outcome, vector["expect"]):
                failures.append(f"{file_name}: {vector['name']}: expected {vector['expect']!r}, "
                                f"model gives {outcome!r}")
    return failures


def main():
    documents = {path.name: json.loads(path.read_text(encoding="utf-8"))
                 for path in sorted(VECTOR_DIR.glob("*.json"))}
    if not documents:
        print(f"no vector files in {VECTOR_DIR}", file=sys.stderr)
        return 1
    failures = check_documents(documents)
    for failure in failures:
        print(failure, file=sys.stderr)
    total = sum(len(document["vectors"]) for document in documents.values())
    print(f"{total - len(failures)} of {total} vectors agree with the model")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
