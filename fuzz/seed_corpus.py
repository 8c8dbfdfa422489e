"""Write a seed corpus for each fuzz target from the shared vectors."""

import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent / "tests" / "vectors"


def expand(value):
    """Return the text of a vector input, joining a pieces spec of a large input."""
    if isinstance(value, dict) and "pieces" in value:
        parts = []
        for piece in value["pieces"]:
            parts.append(piece if isinstance(piece, str) else piece["repeat"] * piece["count"])
        return "".join(parts)
    return value


# libFuzzer mutates short inputs best; the multi-megabyte hostile inputs are left to the
# vector tests.
MAX_SEED_BYTES = 64 * 1024


def save(target: str, data: bytes) -> None:
    if len(data) > MAX_SEED_BYTES:
        return
    folder = ROOT / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> int:
    count = 0
    for path in sorted(VECTORS.glob("*.json")):
        for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
            token = expand(vector.get("token"))
            if isinstance(token, str):
                save("verify_token", token.encode())
                count += 1
            for name in ("header_json", "payload_json"):
                if isinstance(vector.get(name), str):
                    save("parse_json", vector[name].encode())
            headers = [(name, expand(value)) for name, value in vector.get("headers") or []]
            body = expand(vector.get("body_raw"))
            if body is None and "body" in vector:
                body = json.dumps(vector["body"], ensure_ascii=False)
            if body is not None:
                header = headers[0][1] if headers else ""
                save("verify_callback", body.encode() + b"\0" + header.encode())
                save("parse_json", body.encode())
            for _, value in headers:
                save("find_header", b"Bearer \0Authorization:" + value.encode())
    print(f"seeded the fuzz corpora from {count} vector tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
