"""Shared constants of the Python suite: the field-case secrets, clock and tokens."""

from __future__ import annotations

import pathlib

S32 = "0123456789abcdef0123456789abcdef"
NOW = 1700000000

VECTORS_DIR = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"

CB_FLAT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6MiwidXJsIjoiaHR0cHM6Ly9kcy5leGFtcGxl"
    "L2NhY2hlL2RvYy0xL291dHB1dC5kb2N4IiwidXNlcnMiOlsidTEiXSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9."
    "m1KCBT9rqWrU_oz0utxid-GZ1l1AAFZ9N_9VArpM0IA"
)
CB_WRAPPED = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6ImRvYy0xIiwic3RhdHVzIjoyLCJ1cmwiOiJodHRwczov"
    "L2RzLmV4YW1wbGUvY2FjaGUvZG9jLTEvb3V0cHV0LmRvY3giLCJ1c2VycyI6WyJ1MSJdfSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3"
    "MDAwMDAzMDB9.B0-dXfb3h8h_mCTReZpQSVDxh9BLHictP1La8QgGeNw"
)
DUP_KEYS = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsImtleSI6ImRvYy0yIiwic3RhdHVzIjoyfQ."
    "48V0mQrCApMEVvXVmtMwsF_xcvqu_JWrxUdjUWIKeEA"
)
STR_PAYLOAD = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJwYXlsb2FkIjoie1wiY1wiOlwidmVyc2lvblwifSJ9."
    "8xymszVTbMcVJGlakpCz3C40tUV0q9qi5riuqACVdW4"
)
NONE_ALG = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6Mn0."

CB_FIELDS = {
    "key": "doc-1",
    "status": 2,
    "url": "https://ds.example/cache/doc-1/output.docx",
    "users": ["u1"],
}
