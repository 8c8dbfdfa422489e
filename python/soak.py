"""Soak test: sign and verify many times and check that the process memory stays bounded.

Runs CYCLES cycles. Each cycle signs and verifies once, rotating through:

- ``encode`` then ``decode`` of a small claim set, with one of 40 secrets (more than the
  module-level key cache keeps, so keys are evicted and rebuilt);
- ``DocumentServer.sign_config`` then ``decode`` of the config token;
- a callback signed as Document Server signs it, then ``DocumentServer.verify_callback`` with
  the body token and the ``Authorization`` header;
- a failing verification (wrong secret, expired token, garbage token), so that the error
  path and its exception objects are exercised too.

Claim values change every cycle, and one cycle in ten uses fresh member names, so the cache
of member names is also churned. The resident set size (``VmRSS`` in ``/proc/self/status``)
is read after the warm-up cycles and at the end. The run fails when it grew by more than the
bound. Exit status: 0 when within the bound, 1 when not, 2 on a wrong result.

Run it with ``make soak`` or ``python python/soak.py [--cycles N] [--bound-mib M]``. Linux
only, because it reads ``/proc``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from typing import Any, Callable

# Python puts this script's folder first on sys.path. That folder contains the package's
# source without the compiled extension, so drop it and import the installed wheel.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import onlyoffice_jwt  # noqa: E402 - imported after the sys.path fix above

SECRET = "soak-secret-0123456789abcdef0123456789"
SECRETS = [f"{SECRET}-{index}" for index in range(40)]
CONFIG = {
    "document": {
        "fileType": "docx",
        "key": "soak-0",
        "title": "Отчёт о нагрузке.docx",
        "url": "https://files.example/soak-0.docx",
        "permissions": {"edit": True, "download": True, "review": False},
    },
    "documentType": "word",
    "editorConfig": {
        "callbackUrl": "https://host.example/callback?doc=soak-0",
        "mode": "edit",
        "user": {"id": "u-1", "name": "Łukasz Wiśniewski"},
    },
}


def rss_kib() -> int:
    """Return the resident set size of this process in KiB, from /proc/self/status."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("VmRSS not found in /proc/self/status")


class Soak:
    """The four kinds of cycle, each one signing and verifying once."""

    def __init__(self) -> None:
        self.server = onlyoffice_jwt.DocumentServer(SECRET)
        self.errors = 0

    def jwt_cycle(self, index: int) -> None:
        secret = SECRETS[index % len(SECRETS)]
        claims: dict[str, Any] = {"key": f"doc-{index}", "status": index % 8, "users": [f"u{index % 7}"]}
        if index % 10 == 0:
            claims[f"field-{index}"] = index
        token = onlyoffice_jwt.encode(claims, secret)
        check(onlyoffice_jwt.decode(token, secret, algorithms=["HS256"]) == claims, "decode", index)

    def config_cycle(self, index: int) -> None:
        config = dict(CONFIG, document=dict(CONFIG["document"], key=f"soak-{index}"))
        signed = self.server.sign_config(config)
        claims = onlyoffice_jwt.decode(signed["token"], SECRET, algorithms=["HS256"])
        check(claims["document"]["key"] == f"soak-{index}", "sign_config", index)

    def callback_cycle(self, index: int) -> None:
        fields = {
            "key": f"soak-{index}",
            "status": 2,
            "url": f"https://ds.example/cache/soak-{index}/output.docx?md5={index:x}",
            "history": {"serverVersion": "8.2.0", "changes": [{"created": "2026-05-14 09:52:10", "user": {"id": "u-1"}}]},
            "users": ["u-1"],
            "actions": [{"type": 0, "userid": "u-1"}],
        }
        now = int(time.time())
        body_token = onlyoffice_jwt.encode({**fields, "iat": now, "exp": now + 300}, SECRET)
        header_token = onlyoffice_jwt.encode({"payload": fields, "iat": now, "exp": now + 300}, SECRET)
        body = json.dumps({**fields, "token": body_token}).encode()
        callback = self.server.verify_callback(body, {"Authorization": f"Bearer {header_token}"})
        check(callback.key == fields["key"] and callback.url == fields["url"], "verify_callback", index)

    def failing_cycle(self, index: int) -> None:
        kind = index % 3
        if kind == 0:
            token = onlyoffice_jwt.encode({"key": f"doc-{index}"}, "another secret of 32 bytes, at least")
        elif kind == 1:
            token = onlyoffice_jwt.encode({"key": f"doc-{index}", "exp": 1_000_000_000}, SECRET)
        else:
            token = f"not.a.token-{index}"
        try:
            onlyoffice_jwt.decode(token, SECRET, algorithms=["HS256"])
        except onlyoffice_jwt.PyJWTError:
            self.errors += 1
        else:
            check(False, "failing verification", index)

    def cycles(self) -> list[Callable[[int], None]]:
        return [self.jwt_cycle, self.config_cycle, self.callback_cycle, self.failing_cycle]


def check(condition: bool, what: str, index: int) -> None:
    if not condition:
        print(f"soak: wrong result from {what} in cycle {index}", file=sys.stderr)
        sys.exit(2)


def run(soak: Soak, start: int, stop: int) -> None:
    kinds = soak.cycles()
    for index in range(start, stop):
        kinds[index % len(kinds)](index)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=1_000_000, help="sign-and-verify cycles after warm-up (default 1000000)")
    parser.add_argument("--warmup", type=int, default=50_000, help="cycles run before the first reading (default 50000)")
    parser.add_argument("--bound-mib", type=float, default=10.0, help="allowed growth of VmRSS in MiB (default 10)")
    parser.add_argument("--reports", type=int, default=10, help="number of progress lines (default 10)")
    args = parser.parse_args()

    soak = Soak()
    started = time.monotonic()
    print(f"soak: onlyoffice_jwt {onlyoffice_jwt.__version__}, Python {sys.version.split()[0]}")
    print(f"soak: VmRSS at start: {rss_kib() / 1024:.1f} MiB")
    run(soak, 0, args.warmup)
    gc.collect()
    baseline = rss_kib()
    print(f"soak: VmRSS after {args.warmup} warm-up cycles: {baseline / 1024:.1f} MiB")

    step = max(1, args.cycles // max(1, args.reports))
    done = 0
    while done < args.cycles:
        count = min(step, args.cycles - done)
        run(soak, args.warmup + done, args.warmup + done + count)
        done += count
        gc.collect()
        elapsed = time.monotonic() - started
        print(f"soak: {done:>9} cycles, VmRSS {rss_kib() / 1024:.1f} MiB, {elapsed:.0f} s")

    final = rss_kib()
    growth_mib = (final - baseline) / 1024
    print(f"soak: VmRSS after {args.cycles} cycles: {final / 1024:.1f} MiB")
    print(f"soak: growth {growth_mib:+.2f} MiB, bound {args.bound_mib:.1f} MiB; {soak.errors} expected errors raised")
    if growth_mib > args.bound_mib:
        print("soak: FAILED, memory grew beyond the bound", file=sys.stderr)
        return 1
    print("soak: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
