#!/usr/bin/env python3
"""Generate the shared JWT test vectors in tests/vectors/.

The Rust, Python and Node test suites all read these files, so the expected
signatures must not come from the code under test. Every signature here comes
from Python's hmac module and is cross-checked against a second HMAC written
directly on hashlib (RFC 2104) and against published RFC 4231 results.

The output is deterministic: fixed clock values, no randomness and a fixed
member order, so rerunning the script rewrites identical files. After writing,
the script runs check_vectors.py, a small model of the verification rules, over
every vector.

Usage:
    python3 tests/tools/make_vectors.py          # rewrite tests/vectors/*.json
    python3 tests/tools/make_vectors.py --check  # exit 1 if a file is out of date
"""

import base64
import copy
import hashlib
import hmac
import json
import pathlib
import re
import sys

import check_vectors

VECTOR_DIR = pathlib.Path(__file__).resolve().parent.parent / "vectors"

NOW = 1700000000
S32 = "0123456789abcdef0123456789abcdef"
DS_SECRET = "secret"

HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}

# RFC 4231 test cases 1, 2 and 6: (key, data, {algorithm: HMAC output in hex}).
RFC4231_CASES = [
    (
        b"\x0b" * 20,
        b"Hi There",
        {
            "HS256": "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            "HS384": "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
            "faea9ea9076ede7f4af152e8b2fa9cb6",
            "HS512": "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        },
    ),
    (
        b"Jefe",
        b"what do ya want for nothing?",
        {
            "HS256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "HS384": "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
            "8e2240ca5e69e2c78b3239ecfab21649",
            "HS512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        },
    ),
    (
        b"\xaa" * 131,
        b"Test Using Larger Than Block-Size Key - Hash Key First",
        {
            "HS256": "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            "HS384": "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
            "0c2ef6ab4030fe8296248df163f44952",
            "HS512": "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
            "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        },
    ),
]


# ---------------------------------------------------------------------------
# Encoding and signing
# ---------------------------------------------------------------------------


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact_json(value):
    """Serialize like JSON.stringify: no spaces, raw UTF-8, insertion order."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def as_bytes(part):
    if isinstance(part, bytes):
        return part
    if isinstance(part, str):
        return part.encode("utf-8")
    return compact_json(part).encode("utf-8")


def hmac_by_hand(alg, key, message):
    """Compute HMAC from RFC 2104 on hashlib alone, to cross-check the hmac module."""
    hash_factory = HASHES[alg]
    block_size = hash_factory().block_size
    if len(key) > block_size:
        key = hash_factory(key).digest()
    key = key.ljust(block_size, b"\x00")
    inner = hash_factory(bytes(b ^ 0x36 for b in key) + message).digest()
    return hash_factory(bytes(b ^ 0x5C for b in key) + inner).digest()


def mac(alg, key, message):
    digest = hmac.new(key, message, HASHES[alg]).digest()
    if digest != hmac_by_hand(alg, key, message):
        raise AssertionError(f"hmac module and RFC 2104 HMAC disagree for {alg}")
    return digest


def sign_segments(header_segment, payload_segment, key, alg="HS256"):
    """Sign the two segments exactly as given, even when they are not canonical."""
    signing_input = f"{header_segment}.{payload_segment}"
    return f"{signing_input}.{b64url(mac(alg, key, signing_input.encode('ascii')))}"


def make_token(header, payload, key=S32, alg=None):
    """Build a token from dicts, text or raw bytes for the header and the payload."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if alg is None:
        alg = header["alg"] if isinstance(header, dict) else "HS256"
    return sign_segments(b64url(as_bytes(header)), b64url(as_bytes(payload)), key, alg)


def self_test_hmac():
    for key, data, outputs in RFC4231_CASES:
        for alg, expected in outputs.items():
            if mac(alg, key, data).hex() != expected:
                raise AssertionError(f"HMAC self-test failed: RFC 4231 {alg}, key {key[:4]!r}")


# ---------------------------------------------------------------------------
# Vector builders
# ---------------------------------------------------------------------------


def utf8(text):
    return {"utf8": text}


def hexkey(raw):
    return {"hex": raw.hex()}


def error(code):
    return {"error": code}


def decoded(token):
    """Return the expected success result of a verify vector: the decoded header and claims."""
    header_segment, payload_segment, _ = token.split(".")
    return {
        "header": json.loads(b64url_decode(header_segment)),
        "claims": json.loads(b64url_decode(payload_segment)),
    }


ACCEPT = object()


def verify(name, description, token, secret, expect, algorithms=("HS256",), now=NOW,
           leeway=None, require=None, verify_iat=None):
    vector = {"name": name, "description": description, "kind": "verify", "token": token,
              "secret": secret, "algorithms": list(algorithms), "now": now}
    if leeway is not None:
        vector["leeway"] = leeway
    if require is not None:
        vector["require"] = list(require)
    if verify_iat is not None:
        vector["verify_iat"] = verify_iat
    vector["expect"] = decoded(token) if expect is ACCEPT else expect
    return vector


def sign(name, description, alg, key, header_json, payload_json):
    raw_key = key.encode("utf-8") if isinstance(key, str) else key
    secret = utf8(key) if isinstance(key, str) else hexkey(key)
    token = make_token(header_json, payload_json, raw_key, alg)
    return {"name": name, "description": description, "kind": "sign", "alg": alg,
            "secret": secret, "header_json": header_json, "payload_json": payload_json,
            "expect": {"token": token}}


def key_policy(name, description, secret, alg, policy, accepted):
    return {"name": name, "description": description, "kind": "key", "secret": secret,
            "alg": alg, "policy": policy,
            "expect": {"ok": True} if accepted else error("ERR_KEY_INVALID")}


def callback_result(claims, source):
    """Return the expected success result of verify_callback for the given signed claims."""
    data = claims["payload"] if source == "header" else {
        name: value for name, value in claims.items() if name not in ("iat", "exp")}
    return {"data": data, "iat": claims.get("iat"), "exp": claims.get("exp"), "source": source}


def callback(name, description, settings, expect, body=None, body_raw=None, headers=(), now=NOW):
    vector = {"name": name, "description": description, "kind": "callback",
              "settings": settings, "now": now}
    if body_raw is not None:
        vector["body_raw"] = body_raw
    else:
        vector["body"] = body
    vector["headers"] = [list(pair) for pair in headers]
    vector["expect"] = expect
    return vector


def config(name, description, settings, config_value, expect, now=NOW):
    if expect is ACCEPT:
        claims = {name_: value for name_, value in config_value.items() if name_ != "token"}
        claims["iat"] = now
        claims["exp"] = now + settings["expires_in"]
        expect = {"claims": claims}
    return {"name": name, "description": description, "kind": "config", "settings": settings,
            "now": now, "config": config_value, "expect": expect}


def bearer(token):
    return [("Authorization", "Bearer " + token)]


# ---------------------------------------------------------------------------
# Shared claims and the literal tokens of the reported field cases
# ---------------------------------------------------------------------------

HS256_HEADER = {"alg": "HS256", "typ": "JWT"}

CB_FIELDS = {"key": "doc-1", "status": 2, "url": "https://ds.example/cache/doc-1/output.docx",
             "users": ["u1"]}
CB_TIMES = {"iat": NOW, "exp": NOW + 300}
CB_FLAT_CLAIMS = {**CB_FIELDS, **CB_TIMES}
CB_WRAPPED_CLAIMS = {"payload": CB_FIELDS, **CB_TIMES}

DS_FIELDS = {"key": "Khirz6zTPdfd7", "status": 2,
             "url": "https://documentserver/cache/files/data/output.docx", "users": ["6d5a81d0"]}
DS_BODY_CLAIMS = {**DS_FIELDS, **CB_TIMES}
DS_HEADER_CLAIMS = {"payload": DS_FIELDS, **CB_TIMES}
DS_DOWNLOAD_CLAIMS = {"payload": {"url": "https://example.com/doc.docx"}, **CB_TIMES}
DS_NON_ASCII_CLAIMS = {"key": "k1", "title": "Договор.docx", **CB_TIMES}

# Tokens reported in public, used verbatim. generate() checks that each one is
# reproduced from its claims by make_token, which also checks its signature.
CB_FLAT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6MiwidXJsIjoiaHR0cHM6"
    "Ly9kcy5leGFtcGxlL2NhY2hlL2RvYy0xL291dHB1dC5kb2N4IiwidXNlcnMiOlsidTEiXSwiaWF0IjoxNzAwMDAw"
    "MDAwLCJleHAiOjE3MDAwMDAzMDB9.m1KCBT9rqWrU_oz0utxid-GZ1l1AAFZ9N_9VArpM0IA"
)
CB_WRAPPED = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6ImRvYy0xIiwic3RhdHVzIjoyLCJ1"
    "cmwiOiJodHRwczovL2RzLmV4YW1wbGUvY2FjaGUvZG9jLTEvb3V0cHV0LmRvY3giLCJ1c2VycyI6WyJ1MSJdfSwi"
    "aWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.B0-dXfb3h8h_mCTReZpQSVDxh9BLHictP1La8QgGeNw"
)
DUP_KEYS = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsImtleSI6ImRvYy0yIiwic3RhdHVzIjoy"
    "fQ.48V0mQrCApMEVvXVmtMwsF_xcvqu_JWrxUdjUWIKeEA"
)
STR_PAYLOAD = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJwYXlsb2FkIjoie1wiY1wiOlwidmVyc2lvblwifSJ9.8xymszV"
    "TbMcVJGlakpCz3C40tUV0q9qi5riuqACVdW4"
)
NONE_ALG = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6Mn0."
DS_CALLBACK_BODY = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJLaGlyejZ6VFBkZmQ3Iiwic3RhdHVzIjoyLCJ1cmwi"
    "OiJodHRwczovL2RvY3VtZW50c2VydmVyL2NhY2hlL2ZpbGVzL2RhdGEvb3V0cHV0LmRvY3giLCJ1c2VycyI6WyI2"
    "ZDVhODFkMCJdLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDMwMH0.1G4NbZpT02GGTYhdl21SoNE4_1AZ"
    "oA9vadTIPdL1jj0"
)
DS_CALLBACK_HEADER = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0"
    "dXMiOjIsInVybCI6Imh0dHBzOi8vZG9jdW1lbnRzZXJ2ZXIvY2FjaGUvZmlsZXMvZGF0YS9vdXRwdXQuZG9jeCIs"
    "InVzZXJzIjpbIjZkNWE4MWQwIl19LCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDMwMH0.-azX3Wdtc6Fi"
    "IKFm1CjFhYaS0cC14zZvU4qlsFmb7Zg"
)
DS_DOWNLOAD_HEADER = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7InVybCI6Imh0dHBzOi8vZXhhbXBsZS5jb20v"
    "ZG9jLmRvY3gifSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.N7SJ9Pu-KkbP_RD0yIAbx7KlhV2p"
    "gr66y-o1g33l1M8"
)
DS_NON_ASCII_BODY = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJrMSIsInRpdGxlIjoi0JTQvtCz0L7QstC-0YAuZG9j"
    "eCIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMzAwfQ.Rbmee6rUNAToDJzoau2nyJizBe4hQLSxv4rMi"
    "MGbMWQ"
)


def check_literal_tokens():
    """Raise unless each literal token is exactly what make_token builds from its claims."""
    php_header = {"typ": "JWT", "alg": "HS256"}
    literals = [
        ("CB_FLAT", CB_FLAT, make_token(HS256_HEADER, CB_FLAT_CLAIMS, S32)),
        ("CB_WRAPPED", CB_WRAPPED, make_token(HS256_HEADER, CB_WRAPPED_CLAIMS, S32)),
        ("DUP_KEYS", DUP_KEYS,
         make_token(HS256_HEADER, '{"key":"doc-1","key":"doc-2","status":2}', S32)),
        ("STR_PAYLOAD", STR_PAYLOAD,
         make_token(php_header, {"payload": '{"c":"version"}'}, S32)),
        ("DS callback body", DS_CALLBACK_BODY, make_token(HS256_HEADER, DS_BODY_CLAIMS, DS_SECRET)),
        ("DS callback header", DS_CALLBACK_HEADER,
         make_token(HS256_HEADER, DS_HEADER_CLAIMS, DS_SECRET)),
        ("DS download header", DS_DOWNLOAD_HEADER,
         make_token(HS256_HEADER, DS_DOWNLOAD_CLAIMS, DS_SECRET)),
        ("DS non-ASCII body", DS_NON_ASCII_BODY,
         make_token(HS256_HEADER, DS_NON_ASCII_CLAIMS, DS_SECRET)),
    ]
    for label, literal, rebuilt in literals:
        if literal != rebuilt:
            raise AssertionError(f"literal token {label} does not verify with its secret")
    none_header = b64url(b'{"alg":"none","typ":"JWT"}')
    none_payload = b64url(b'{"key":"doc-1","status":2}')
    if NONE_ALG != f"{none_header}.{none_payload}.":
        raise AssertionError("literal token NONE_ALG is not the expected unsigned token")


# ---------------------------------------------------------------------------
# Helpers that search for tokens with a given base64url property
# ---------------------------------------------------------------------------


def first_token_with_signature_chars(required_chars, claims_for):
    """Return the first token, over claims_for(0), claims_for(1), ..., whose signature has all chars."""
    for counter in range(10000):
        token = make_token(HS256_HEADER, claims_for(counter), S32)
        signature = token.rsplit(".", 1)[1]
        if all(char in signature for char in required_chars):
            return token
    raise AssertionError(f"no signature with {required_chars} in 10000 tries")


def payload_segment_with_char(char):
    """Return a payload segment that contains char, searching payloads of question marks."""
    for count in range(1, 64):
        segment = b64url(as_bytes({"q": "?" * count, "status": 2}))
        if char in segment:
            return segment
    raise AssertionError(f"no payload segment contains {char!r}")


def set_unused_low_bit(segment):
    """Set the lowest unused bit of the last base64url character: same bytes, non-canonical text."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    if len(segment) % 4 not in (2, 3):
        raise AssertionError("segment has no unused bits")
    last_index = alphabet.index(segment[-1])
    if last_index & 1:
        raise AssertionError("segment is already non-canonical")
    return segment[:-1] + alphabet[last_index | 1]


# ---------------------------------------------------------------------------
# rfc7515.json
# ---------------------------------------------------------------------------

RFC7515_KEY = b64url_decode(
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
RFC7515_HEADER = '{"typ":"JWT",\r\n "alg":"HS256"}'
RFC7515_PAYLOAD = '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}'
RFC7515_TOKEN = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)


def rfc7515_vectors():
    if make_token(RFC7515_HEADER, RFC7515_PAYLOAD, RFC7515_KEY, "HS256") != RFC7515_TOKEN:
        raise AssertionError("RFC 7515 A.1 token does not verify")
    _, payload_segment, signature = RFC7515_TOKEN.split(".")
    compact_header = b64url(b'{"typ":"JWT","alg":"HS256"}')

    vectors = [
        verify("rfc7515_a1_verify",
               "The RFC 7515 A.1 token, whose header and payload contain CRLF line breaks, "
               "verifies with the RFC's 64-byte JWK key one second before its exp.",
               RFC7515_TOKEN, hexkey(RFC7515_KEY), ACCEPT, now=1300819379),
        verify("rfc7515_a1_expired",
               "The RFC 7515 A.1 token at now equal to its exp 1300819380 is expired "
               "because a token expires when now >= exp.",
               RFC7515_TOKEN, hexkey(RFC7515_KEY), error("ERR_JWT_EXPIRED"), now=1300819380),
        verify("rfc7515_a1_header_reencoded",
               "The RFC 7515 A.1 token with its header re-encoded without the CRLF keeps the "
               "original signature, which no longer matches because signatures cover the "
               "received segment text.",
               f"{compact_header}.{payload_segment}.{signature}", hexkey(RFC7515_KEY),
               error("ERR_JWS_SIGNATURE_INVALID"), now=1300819379),
        sign("rfc7515_a1_sign",
             "Signing the exact RFC 7515 A.1 header and payload text, CRLF included, with the "
             "RFC's key gives the token printed in the RFC.",
             "HS256", RFC7515_KEY, RFC7515_HEADER, RFC7515_PAYLOAD),
    ]

    rfc4231_keys = [
        ("case1", b"\x0b" * 20, "the 20-byte key 0x0b repeated (RFC 4231 test case 1)"),
        ("case2", b"Jefe", "the 4-byte key \"Jefe\" (RFC 4231 test case 2)"),
        ("case6", b"\xaa" * 131,
         "the 131-byte key 0xaa repeated (RFC 4231 test case 6), longer than the 128-byte "
         "SHA-384 and SHA-512 block so HMAC hashes it first"),
    ]
    for label, key, key_text in rfc4231_keys:
        for alg in ("HS384", "HS512"):
            vectors.append(sign(
                f"rfc4231_{label}_key_{alg.lower()}_sign",
                f"{alg} signing with {key_text} matches Python's hmac module.",
                alg, key, f'{{"alg":"{alg}","typ":"JWT"}}',
                f'{{"sub":"rfc4231-{label}","iat":1700000000}}'))

    vectors += [
        sign("hs256_key_65_bytes_sign",
             "HS256 signing with a 65-byte key, one byte over the 64-byte SHA-256 block, "
             "requires hashing the key first.",
             "HS256", bytes(range(65)), '{"alg":"HS256","typ":"JWT"}', '{"sub":"block+1"}'),
        sign("hs512_key_128_bytes_sign",
             "HS512 signing with a key of exactly the 128-byte SHA-512 block uses the key "
             "as it is, neither hashed nor padded with zeros.",
             "HS512", bytes(range(128)), '{"alg":"HS512","typ":"JWT"}', '{"sub":"block"}'),
        verify("rfc4231_case6_key_hs384_verify",
               "An HS384 token signed with the 131-byte RFC 4231 test case 6 key verifies "
               "when HS384 is allowed.",
               make_token({"alg": "HS384", "typ": "JWT"}, {"sub": "rfc4231-case6"}, b"\xaa" * 131),
               hexkey(b"\xaa" * 131), ACCEPT, algorithms=["HS384"]),
        verify("rfc4231_case6_key_hs512_verify",
               "An HS512 token signed with the 131-byte RFC 4231 test case 6 key verifies "
               "when all three HMAC algorithms are allowed.",
               make_token({"alg": "HS512", "typ": "JWT"}, {"sub": "rfc4231-case6"}, b"\xaa" * 131),
               hexkey(b"\xaa" * 131), ACCEPT, algorithms=["HS256", "HS384", "HS512"]),
    ]
    return ("Published HMAC test data: the RFC 7515 appendix A.1 JWS and the RFC 4231 HMAC keys "
            "applied to JWS signing.", vectors)
