"""Many threads sharing one DocumentServer and the module-level key cache."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import onlyoffice_jwt
from conftest import CB_FIELDS, CB_FLAT, NOW, S32

THREADS = 16
ROUNDS = 200


def test_shared_document_server_across_threads() -> None:
    server = onlyoffice_jwt.DocumentServer(S32, now=NOW)

    def work(worker: int) -> int:
        for index in range(ROUNDS):
            callback = server.verify_callback({"token": CB_FLAT})
            assert callback.data == CB_FIELDS
            key = f"doc-{worker}-{index}"
            config = {"document": {"key": key, "url": "https://x/", "permissions": {}}}
            token = server.sign_config(config)["token"]
            claims = onlyoffice_jwt.decode(token, S32, algorithms=["HS256"], now=NOW)
            assert claims["document"]["key"] == key
        return worker

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert sorted(pool.map(work, range(THREADS))) == list(range(THREADS))


def test_module_functions_with_many_keys_across_threads() -> None:
    # More distinct keys than the cache holds, so that entries are evicted while in use.
    def work(worker: int) -> int:
        for index in range(ROUNDS):
            secret = f"{S32}-{(worker * 7 + index) % 50}"
            payload = {"worker": worker, "index": index, "big": 2**80 + index}
            token = onlyoffice_jwt.encode(payload, secret)
            assert onlyoffice_jwt.decode(token, secret, algorithms=["HS256"]) == payload
        return worker

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert sorted(pool.map(work, range(THREADS))) == list(range(THREADS))
