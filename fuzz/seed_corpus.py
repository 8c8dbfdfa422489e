"""Write a seed corpus for each fuzz target from the shared vectors."""

import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent / "tests" / "vectors"


def save(target: str, data: bytes) -> None:
    folder = ROOT / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> int:
    count = 0
    for path in sorted(VECTORS.glob("*.json")):
        for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
            token = vector.get("token")
            if isinstance(token, str):
                save("verify_token", token.encode())
                count += 1
            for name in ("header_json", "payload_json"):
                if isinstance(vector.get(name), str):
                    save("parse_json", vector[name].encode())
            headers = vector.get("headers") or []
            body = vector.get("body_raw")
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
