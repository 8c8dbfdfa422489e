"""Measure onlyoffice_jwt against the Python JWT libraries that connectors use.

Every library runs in this one process. Each round times one batch of every cell
(operation x workload x library) in turn, starting at a different cell each round, so
that a slow moment of the machine touches every library alike. The output is a JSON
record of the time per operation in every round, which bench/report.py turns into
bench/RESULTS.md.

Run it with the bench virtual environment: bench/run.sh does.
"""

import argparse
import base64
import gc
import hashlib
import hmac
import importlib
import importlib.metadata
import json
import platform
import time
import timeit
import warnings
from pathlib import Path

# 32 bytes, so that no library warns about a short HMAC key.
SECRET = "Xq7vR2mK9pL4wT8nB3cF6hJ1dS5gA0zE"
WORKLOADS = ("editor_config", "save_callback", "tiny")
ANCHOR = "onlyoffice_jwt"

# Statements timed for each library. `payload`, `token` and `key` are bound per cell;
# the other names come from the library's namespace built in `load_libraries`.
PYJWT_STYLE = {
    "encode": 'encode(payload, key, algorithm="HS256")',
    "decode": 'decode(token, key, algorithms=["HS256"])',
}


def compact(payload):
    """Serialize as jsonwebtoken and Document Server do: compact, raw UTF-8, insertion order."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def reference_token(payload):
    """Sign `payload` with the standard library, in the form Document Server sends."""
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    body = b64url(compact(payload))
    signing_input = header + b"." + body
    tag = hmac.new(SECRET.encode(), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + b64url(tag)).decode()


def load_workloads(folder, now):
    """Read the workloads, with `iat` set to now and `exp` an hour later where present."""
    workloads = {}
    for name in WORKLOADS:
        payload = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        if "iat" in payload:
            payload["iat"] = now
        if "exp" in payload:
            payload["exp"] = now + 3600
        workloads[name] = payload
    return workloads


def version_of(distribution):
    return importlib.metadata.version(distribution)


def load_libraries():
    """Import every library; return the usable ones and the reasons for the others."""
    libraries = {}
    unavailable = {}

    def add(name, distribution, build):
        try:
            # authlib.jose warns about its own deprecation on import, whatever the filters.
            with warnings.catch_warnings(record=True):
                namespace, statements, note = build()
            libraries[name] = {
                "version": version_of(distribution),
                "namespace": namespace,
                "statements": statements,
                "note": note,
            }
        except Exception as error:  # noqa: BLE001 - any import or setup failure is reported
            unavailable[name] = f"{type(error).__name__}: {error}"

    def onlyoffice():
        module = importlib.import_module("onlyoffice_jwt")
        return {"encode": module.encode, "decode": module.decode}, PYJWT_STYLE, ""

    def pyjwt():
        module = importlib.import_module("jwt")
        return {"encode": module.encode, "decode": module.decode}, PYJWT_STYLE, ""

    def oxyjwt():
        module = importlib.import_module("oxyjwt")
        note = "sorts claim names when encoding"
        return {"encode": module.encode, "decode": module.decode}, PYJWT_STYLE, note

    def pyjwt_rs():
        module = importlib.import_module("jwt_rs")
        return {"encode": module.encode, "decode": module.decode}, PYJWT_STYLE, ""

    def python_jose():
        module = importlib.import_module("jose.jwt")
        return {"encode": module.encode, "decode": module.decode}, PYJWT_STYLE, ""

    def joserfc():
        jwt = importlib.import_module("joserfc.jwt")
        jwk = importlib.import_module("joserfc.jwk")
        namespace = {
            "jwt_encode": jwt.encode,
            "jwt_decode": jwt.decode,
            "validate": jwt.JWTClaimsRegistry().validate,
            "header": {"alg": "HS256", "typ": "JWT"},
            "algorithms": ["HS256"],
            "octkey": jwk.OctKey.import_key(SECRET),
        }
        statements = {
            "encode": "jwt_encode(header, payload, octkey)",
            "decode": "validate(jwt_decode(token, octkey, algorithms=algorithms).claims)",
        }
        return namespace, statements, "key imported once as an OctKey"

    def authlib():
        jose = importlib.import_module("authlib.jose")
        signer = jose.JsonWebToken(["HS256"])
        namespace = {
            "jwt_encode": signer.encode,
            "jwt_decode": signer.decode,
            "header": {"alg": "HS256", "typ": "JWT"},
        }
        statements = {
            "encode": "jwt_encode(header, payload, key)",
            "decode": "jwt_decode(token, key).validate()",
        }
        return namespace, statements, "authlib.jose, HS256 only"

    add(ANCHOR, "onlyoffice-jwt", onlyoffice)
    add("PyJWT", "PyJWT", pyjwt)
    add("oxyjwt", "oxyjwt", oxyjwt)
    add("pyjwt-rs", "pyjwt-rs", pyjwt_rs)
    add("python-jose", "python-jose", python_jose)
    add("joserfc", "joserfc", joserfc)
    add("authlib", "authlib", authlib)
    return libraries, unavailable


def as_text(token):
    return token.decode() if isinstance(token, bytes) else token


def check_library(name, library, workloads, tokens):
    """Run each statement once and compare its result with PyJWT's reading of it."""
    import jwt as pyjwt

    for workload, payload in workloads.items():
        namespace = dict(library["namespace"], key=SECRET, payload=payload, token=tokens[workload])
        token = as_text(eval(library["statements"]["encode"], namespace))  # noqa: S307
        claims = pyjwt.decode(token, SECRET, algorithms=["HS256"])
        claims.pop("iat", None)
        expected = {key: value for key, value in payload.items() if key != "iat"}
        if claims != expected:
            raise SystemExit(f"{name} encoded {workload} wrongly: {claims!r}")
        # The decode statements of joserfc and authlib validate and return nothing useful,
        # so their claims are read back from the token object instead.
        decoded = eval(library["statements"]["decode"], namespace)  # noqa: S307
        if isinstance(decoded, dict) and decoded != payload:
            raise SystemExit(f"{name} decoded {workload} wrongly: {decoded!r}")


def callback_body(payload, token):
    return json.dumps(dict(payload, token=token), ensure_ascii=False).encode()


def document_server_cells(workloads, tokens, libraries):
    """Build the cells of `sign_config` and `verify_callback` and their by-hand equivalents."""
    import jwt as pyjwt
    import onlyoffice_jwt

    config = {key: value for key, value in workloads["editor_config"].items() if key not in ("iat", "exp")}
    callback = workloads["save_callback"]
    body = callback_body(callback, tokens["save_callback"])
    headers = {
        "Host": "host.example.com",
        "Content-Type": "application/json",
        "User-Agent": "Node.js/6.13",
        "Authorization": "Bearer " + reference_token({"payload": callback}),
    }
    server = onlyoffice_jwt.DocumentServer(SECRET)
    algorithms = ["HS256", "HS384", "HS512"]

    def sign_config_by_hand(encode):
        # What connectors write: drop an old token, add iat and exp, sign the rest.
        def sign(config):
            claims = {key: value for key, value in config.items() if key != "token"}
            now = int(time.time())
            claims["iat"] = now
            claims["exp"] = now + 300
            signed = dict(claims)
            signed["token"] = encode(claims, SECRET, algorithm="HS256")
            return signed

        return sign

    def verify_callback_by_hand(decode):
        # What connectors write: parse the body, verify its token with a 60 s leeway.
        def verify(body, headers):
            claims = decode(json.loads(body)["token"], SECRET, algorithms=algorithms, leeway=60)
            if not isinstance(claims.get("key"), str) or claims.get("status") not in range(8):
                raise ValueError("not a callback")
            return claims

        return verify

    by_hand_sign = {
        ANCHOR: server.sign_config,
        f"by hand with {ANCHOR}.encode": sign_config_by_hand(onlyoffice_jwt.encode),
        "by hand with PyJWT": sign_config_by_hand(pyjwt.encode),
    }
    by_hand_verify = {
        ANCHOR: server.verify_callback,
        f"by hand with {ANCHOR}.decode": verify_callback_by_hand(onlyoffice_jwt.decode),
        "by hand with PyJWT": verify_callback_by_hand(pyjwt.decode),
    }
    cells = []
    for name, function in by_hand_sign.items():
        function(config)
        cells.append(("sign_config", "editor_config", name, "f(config)", {"f": function, "config": config}))
    for name, function in by_hand_verify.items():
        result = function(body, headers)
        if result["key"] != callback["key"]:
            raise SystemExit(f"{name} verified the callback wrongly: {result!r}")
        cells.append(
            ("verify_callback", "save_callback", name, "f(body, headers)", {"f": function, "body": body, "headers": headers})
        )
    return cells


def make_timer(statement, namespace):
    # timeit switches the garbage collector off while timing. Libraries differ in how much
    # garbage they make, so it stays on here, as in a real host.
    return timeit.Timer(statement, setup="gc.enable()", globals=dict(namespace, gc=gc))


def calibrate(timer, batch_seconds):
    """Return the number of calls that fills about `batch_seconds`."""
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= batch_seconds / 10:
            return max(1, int(number * batch_seconds / elapsed))
        number *= 4


def measure(cells, rounds, batch_seconds):
    """Time every cell once per round, round-robin, after one discarded warm-up round."""
    timers = [make_timer(statement, namespace) for (*_, statement, namespace) in cells]
    numbers = [calibrate(timer, batch_seconds) for timer in timers]
    samples = [[] for _ in cells]
    for round_index in range(rounds + 1):
        start = round_index % len(cells)
        for index in list(range(start, len(cells))) + list(range(start)):
            elapsed = timers[index].timeit(numbers[index])
            if round_index > 0:
                samples[index].append(elapsed * 1e9 / numbers[index])
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=Path, required=True, help="folder of the workload JSON files")
    parser.add_argument("--output", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--rounds", type=int, default=11, help="measured rounds (default 11)")
    parser.add_argument("--batch-ms", type=float, default=40.0, help="length of one batch in milliseconds (default 40)")
    args = parser.parse_args()

    warnings.simplefilter("ignore")
    workloads = load_workloads(args.workloads, int(time.time()))
    tokens = {name: reference_token(payload) for name, payload in workloads.items()}
    libraries, unavailable = load_libraries()
    if ANCHOR not in libraries:
        raise SystemExit(f"{ANCHOR} cannot be imported: {unavailable[ANCHOR]}")

    cells = []
    for name, library in libraries.items():
        check_library(name, library, workloads, tokens)
    for operation in ("encode", "decode"):
        for workload, payload in workloads.items():
            for name, library in libraries.items():
                namespace = dict(library["namespace"], key=SECRET, payload=payload, token=tokens[workload])
                cells.append((operation, workload, name, library["statements"][operation], namespace))
    cells += document_server_cells(workloads, tokens, libraries)

    samples = measure(cells, args.rounds, args.batch_ms / 1000)
    record = {
        "language": "Python",
        "runtime": f"{platform.python_implementation()} {platform.python_version()}",
        "anchor": ANCHOR,
        "rounds": args.rounds,
        "batch_ms": args.batch_ms,
        "libraries": {
            name: {"version": library["version"], "note": library["note"]} for name, library in libraries.items()
        },
        "unavailable": unavailable,
        "results": [
            {"operation": operation, "workload": workload, "library": name, "ns_per_op": times}
            for (operation, workload, name, _, _), times in zip(cells, samples)
        ],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
