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


# Passed as expect: derive the success result from the token or the config itself.
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
    if source == "header":
        data = claims["payload"]
    else:
        data = {name: value for name, value in claims.items() if name not in ("iat", "exp")}
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
        claims = {member: value for member, value in config_value.items() if member != "token"}
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
            raise AssertionError(f"literal token {label} differs from the token rebuilt from its "
                                 "claims and secret, so its signature or layout is wrong")
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
        ("case2", b"Jefe", "the 4-byte key \"Jefe\" (RFC 4231 test case 2)"),
        ("case6", b"\xaa" * 131,
         "the 131-byte key 0xaa repeated (RFC 4231 test case 6), which HMAC hashes first "
         "because it is longer than the 128-byte block"),
    ]
    for label, key, key_text in rfc4231_keys:
        for alg in ("HS384", "HS512"):
            vectors.append(sign(
                f"rfc4231_{label}_key_{alg.lower()}_sign",
                f"{alg} signing with {key_text} gives this token.",
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


# ---------------------------------------------------------------------------
# field_cases.json
# ---------------------------------------------------------------------------

PEM_LIKE_SECRET = (
    "-----BEGIN PUBLIC KEY-----\n"
    + base64.b64encode(hashlib.sha512(b"onlyoffice-jwt test key").digest()).decode("ascii")
    + "\n-----END PUBLIC KEY-----\n"
)

EDITOR_CONFIG = {
    "document": {
        "fileType": "docx",
        "key": "doc-1",
        "title": "Quarterly report.docx",
        "url": "https://files.example/doc-1.docx",
        "permissions": {"edit": True, "download": True},
    },
    "documentType": "word",
    "editorConfig": {
        "callbackUrl": "https://host.example/onlyoffice/callback?doc=doc-1",
        "mode": "edit",
        "user": {"id": "u1", "name": "Ann Lee"},
    },
}


def field_case_vectors():
    s32 = utf8(S32)
    s32_settings = {"secret": s32}
    vectors = []

    # A secret pasted where the token belongs.
    vectors.append(verify(
        "secret_given_as_token",
        "The 32-character secret itself given as the token has no dots, so it is malformed "
        "(one segment instead of three) and never reaches the signature check.",
        S32, s32, error("ERR_JWT_MALFORMED")))

    # The editor config is signed whole.
    vectors.append(config(
        "config_signed_whole",
        "sign_config over a full editor config (document, documentType, editorConfig) signs "
        "every member of the config, without a token member, plus iat and exp.",
        {"secret": utf8(DS_SECRET), "expires_in": 300}, copy.deepcopy(EDITOR_CONFIG), ACCEPT))

    # Callback placement: flat body token and wrapped header token.
    vectors.append(callback(
        "callback_flat_body_token",
        "A flat body token (key, status, url, users, iat, exp) is a DS body token, so its "
        "claims without iat and exp are the callback data.",
        s32_settings, callback_result(CB_FLAT_CLAIMS, "body"),
        body={**CB_FIELDS, "token": CB_FLAT}))
    vectors.append(callback(
        "callback_wrapped_header_token",
        "A header token that wraps the same fields in payload returns the same data as the "
        "flat body token, with iat and exp kept apart.",
        s32_settings, callback_result(CB_WRAPPED_CLAIMS, "header"),
        body=dict(CB_FIELDS), headers=bearer(CB_WRAPPED)))

    # Header tokens whose payload is not an object.
    vectors.append(callback(
        "header_payload_null",
        "A correctly signed header token whose payload member is null is a shape error, "
        "because a header token must wrap the fields in an object.",
        s32_settings, error("ERR_DS_PAYLOAD_SHAPE"), body={},
        headers=bearer(make_token(HS256_HEADER, {"payload": None, **CB_TIMES}, S32))))
    vectors.append(callback(
        "header_payload_string",
        "A correctly signed header token whose payload member is a string of JSON text is a "
        "shape error, not a signature error.",
        s32_settings, error("ERR_DS_PAYLOAD_SHAPE"), body={}, headers=bearer(STR_PAYLOAD)))

    # Configured header name.
    custom_header = {"secret": s32, "header": "AuthorizationJwt"}
    vectors.append(callback(
        "custom_header_lowercase",
        "With the header name set to AuthorizationJwt, a request header authorizationjwt "
        "matches because HTTP header names are case-insensitive.",
        custom_header, callback_result(CB_WRAPPED_CLAIMS, "header"), body=dict(CB_FIELDS),
        headers=[("authorizationjwt", "Bearer " + CB_WRAPPED)]))
    vectors.append(callback(
        "custom_header_absent",
        "With the header name set to AuthorizationJwt, a token sent only in Authorization "
        "is not looked at, so the token is missing.",
        custom_header, error("ERR_DS_TOKEN_MISSING"), body=dict(CB_FIELDS),
        headers=bearer(CB_WRAPPED)))

    # Body token wins.
    vectors.append(callback(
        "body_token_wins_over_header",
        "A request with a flat token in the body and a wrapped token in the header is "
        "verified from the body token, because DS reads the body token first.",
        s32_settings, callback_result(CB_FLAT_CLAIMS, "body"),
        body={**CB_FIELDS, "token": CB_FLAT}, headers=bearer(CB_WRAPPED)))

    # Unsigned callback.
    vectors.append(callback(
        "unsigned_callback",
        "A callback body without token and a request without an Authorization header "
        "has no token to verify while a secret is configured.",
        s32_settings, error("ERR_DS_TOKEN_MISSING"), body=dict(CB_FIELDS)))

    # Empty and placeholder tokens.
    vectors.append(callback(
        "callback_empty_body_token",
        "A body token that is the empty string counts as a missing token.",
        s32_settings, error("ERR_DS_TOKEN_MISSING"), body={**CB_FIELDS, "token": ""}))
    vectors.append(callback(
        "callback_body_token_undefined",
        "The body token \"undefined\", as a JavaScript host writes an unset variable, is "
        "malformed (one segment) and not a signature failure.",
        s32_settings, error("ERR_JWT_MALFORMED"), body={**CB_FIELDS, "token": "undefined"}))
    vectors.append(verify(
        "verify_empty_token",
        "Generic verification of the empty string is malformed because it has one empty "
        "segment, and the generic layer has no notion of a missing token.",
        "", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "verify_token_undefined",
        "Generic verification of the string \"undefined\" is malformed (one segment), "
        "never a signature failure.",
        "undefined", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "verify_token_null",
        "Generic verification of the string \"null\" is malformed (one segment), never a "
        "signature failure.",
        "null", s32, error("ERR_JWT_MALFORMED")))

    # Clock skew.
    skewed_claims = {"payload": CB_FIELDS, "iat": NOW + 2, "exp": NOW + 302}
    skewed = make_token(HS256_HEADER, skewed_claims, S32)
    vectors.append(callback(
        "callback_iat_in_future",
        "A header token issued 2 s in the future is accepted by verify_callback with its "
        "default 60 s leeway, because DS never checks iat.",
        s32_settings, callback_result(skewed_claims, "header"), body=dict(CB_FIELDS),
        headers=bearer(skewed)))
    vectors.append(callback(
        "callback_iat_in_future_no_leeway",
        "A header token issued 2 s in the future is accepted even with leeway 0, because "
        "verify_callback never checks iat.",
        {"secret": s32, "leeway": 0}, callback_result(skewed_claims, "header"),
        body=dict(CB_FIELDS), headers=bearer(skewed)))
    vectors.append(verify(
        "verify_iat_in_future",
        "Generic verification with verify_iat and leeway 0 rejects the same token issued "
        "2 s in the future as not yet valid, as PyJWT 2.x does with verify_iat on.",
        skewed, s32, error("ERR_JWT_NOT_YET_VALID"), verify_iat=True))
    nbf_claims = {"payload": CB_FIELDS, "nbf": NOW + 2, **CB_TIMES}
    vectors.append(callback(
        "callback_nbf_no_leeway",
        "A header token with nbf 2 s in the future is not yet valid for verify_callback "
        "with leeway 0, because nbf > now + leeway.",
        {"secret": s32, "leeway": 0}, error("ERR_JWT_NOT_YET_VALID"), body=dict(CB_FIELDS),
        headers=bearer(make_token(HS256_HEADER, nbf_claims, S32))))
    vectors.append(verify(
        "verify_nbf_no_leeway",
        "Generic verification with leeway 0 of a token with nbf 2 s in the future is not "
        "yet valid, because nbf > now + leeway.",
        make_token(HS256_HEADER, {"key": "doc-1", "nbf": NOW + 2}, S32), s32,
        error("ERR_JWT_NOT_YET_VALID")))

    # Expiry.
    expired = make_token(HS256_HEADER, {"key": "doc-1", "iat": NOW - 400, "exp": NOW - 100}, S32)
    vectors.append(verify(
        "expired_leeway_0",
        "A token with exp 100 s ago is expired with leeway 0.",
        expired, s32, error("ERR_JWT_EXPIRED"), leeway=0))
    vectors.append(verify(
        "expired_leeway_60",
        "A token with exp 100 s ago is still expired with leeway 60, because now >= exp + 60.",
        expired, s32, error("ERR_JWT_EXPIRED"), leeway=60))
    vectors.append(verify(
        "expired_leeway_120",
        "A token with exp 100 s ago is accepted with leeway 120, because now < exp + 120.",
        expired, s32, ACCEPT, leeway=120))
    vectors.append(verify(
        "exp_equals_now",
        "A token whose exp equals now is expired with leeway 0, because a token expires when "
        "now >= exp.",
        make_token(HS256_HEADER, {"key": "doc-1", "iat": NOW - 300, "exp": NOW}, S32), s32,
        error("ERR_JWT_EXPIRED")))

    # Short secrets: accepted by default, rejected by the strict policy.
    vectors.append(verify(
        "short_secret_accepted",
        "The DS callback body token signed with DS's default 6-byte secret \"secret\" "
        "verifies, because DS enforces no minimum key length.",
        DS_CALLBACK_BODY, utf8(DS_SECRET), ACCEPT))
    for policy, accepted in (("off", True), ("warn", True), ("strict", False)):
        vectors.append(key_policy(
            f"short_secret_policy_{policy}",
            "The 6-byte secret \"secret\" for HS256 is "
            + ("accepted" if accepted else "rejected")
            + f" under policy {policy}"
            + {"off": ", which rejects only an empty key.",
               "warn": ", which does not reject a short key.",
               "strict": ", which requires at least 32 bytes."}[policy],
            utf8(DS_SECRET), "HS256", policy, accepted))
    for alg, minimum in (("HS256", 32), ("HS384", 48), ("HS512", 64)):
        for length in (minimum - 1, minimum):
            accepted = length >= minimum
            vectors.append(key_policy(
                f"strict_{alg.lower()}_{length}_bytes",
                f"A {length}-byte ASCII key for {alg} is "
                + ("accepted" if accepted else "rejected")
                + f" under the strict policy, whose minimum for {alg} is {minimum} bytes.",
                utf8((S32 * 2)[:length]), alg, "strict", accepted))
    vectors.append(key_policy(
        "strict_counts_utf8_bytes_31",
        "A 16-character key of 15 Cyrillic letters and one ASCII letter is 31 UTF-8 bytes, "
        "so the strict policy rejects it for HS256 although it has 16 characters.",
        utf8("ж" * 15 + "a"), "HS256", "strict", False))
    vectors.append(key_policy(
        "strict_counts_utf8_bytes_32",
        "A 16-character key of Cyrillic letters is 32 UTF-8 bytes, so the strict policy "
        "accepts it for HS256.",
        utf8("ж" * 16), "HS256", "strict", True))

    # Empty secret.
    for policy in ("off", "warn", "strict"):
        vectors.append(key_policy(
            f"empty_secret_policy_{policy}",
            f"An empty secret is invalid under policy {policy}, because an empty HMAC key "
            "would let anyone sign.",
            utf8(""), "HS256", policy, False))
    vectors.append(verify(
        "verify_empty_secret",
        "Verifying a well-formed token with an empty secret is a key error, never an "
        "accept and never a signature failure.",
        CB_FLAT, utf8(""), error("ERR_KEY_INVALID")))
    vectors.append(callback(
        "callback_empty_secret",
        "verify_callback configured with an empty secret is a key error, even when the "
        "request carries a token.",
        {"secret": utf8("")}, error("ERR_KEY_INVALID"), body={**CB_FIELDS, "token": CB_FLAT}))

    # Claim types.
    vectors.append(verify(
        "exp_as_string",
        "A token with exp given as the JSON string \"1700000300\" has an invalid exp claim, "
        "because time claims must be JSON numbers.",
        make_token(HS256_HEADER, {"key": "doc-1", "exp": "1700000300"}, S32), s32,
        error("ERR_JWT_CLAIM_INVALID")))

    # Optional exp.
    no_times = make_token(HS256_HEADER, {"c": "info", "key": "doc-1"}, S32)
    vectors.append(verify(
        "no_time_claims_accepted",
        "A command-service token without any time claim is accepted, because exp is "
        "optional unless required.",
        no_times, s32, ACCEPT))
    vectors.append(verify(
        "no_time_claims_exp_required",
        "The same token without exp is rejected as missing exp when the caller requires exp.",
        no_times, s32, error("ERR_JWT_CLAIM_MISSING"), require=["exp"]))

    # Algorithm policy.
    vectors.append(verify(
        "alg_none_rejected",
        "An unsigned token with alg none and an empty signature is rejected as an algorithm "
        "that is not allowed.",
        NONE_ALG, s32, error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "hs512_not_in_allow_list",
        "A correctly signed HS512 token is rejected when the allow-list contains only HS256.",
        make_token({"alg": "HS512", "typ": "JWT"}, {"key": "doc-1", "status": 2}, S32), s32,
        error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "alg_rs256_rejected",
        "A token whose header says RS256 but which is signed with HMAC-SHA-256 and the "
        "secret is rejected as an algorithm that is not allowed.",
        make_token({"alg": "RS256", "typ": "JWT"}, {"key": "doc-1"}, S32, "HS256"), s32,
        error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "alg_lowercase_rejected",
        "A token whose header says hs256 in lower case is rejected, because algorithm "
        "names are case-sensitive.",
        make_token({"alg": "hs256", "typ": "JWT"}, {"key": "doc-1"}, S32, "HS256"), s32,
        error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "pem_like_secret_hs256",
        "An HS256 token signed with a secret that looks like a PEM public key verifies, "
        "because the library treats every secret as HMAC key bytes.",
        make_token(HS256_HEADER, {"key": "doc-1"}, PEM_LIKE_SECRET), utf8(PEM_LIKE_SECRET),
        ACCEPT))

    # Padding.
    vectors.append(verify(
        "signature_padded",
        "A valid token with = appended to its signature is malformed, because base64url in "
        "JWS has no padding.",
        CB_FLAT + "=", s32, error("ERR_JWT_MALFORMED")))
    url_safe = first_token_with_signature_chars(
        "-_", lambda n: {"key": f"doc-{n}", "status": 2})
    vectors.append(sign(
        "signer_url_safe_alphabet",
        "Signing a payload whose signature contains the bytes that standard base64 writes as "
        "+ and / gives - and _ and no = padding.",
        "HS256", S32, compact_json(HS256_HEADER), b64url_decode(url_safe.split(".")[1]).decode()))

    # Duplicate members.
    vectors.append(verify(
        "duplicate_member",
        "A correctly signed token whose payload has the member key twice (doc-1, then doc-2) "
        "is rejected as a duplicate member.",
        DUP_KEYS, s32, error("ERR_JSON_DUPLICATE_MEMBER")))
    vectors.append(callback(
        "callback_duplicate_member",
        "A callback body token whose payload has key twice is rejected as a duplicate "
        "member, so no two parsers can read different keys from it.",
        s32_settings, error("ERR_JSON_DUPLICATE_MEMBER"),
        body={"key": "doc-1", "status": 2, "token": DUP_KEYS}))

    # Return type.
    vectors.append(sign(
        "encode_returns_str",
        "Signing a small command token gives this token, and the Python runner also checks "
        "that encode returns str and not bytes.",
        "HS256", S32, compact_json(HS256_HEADER), '{"c":"info","key":"doc-1"}'))

    return ("Failures that people integrating ONLYOFFICE Docs or using common JWT libraries "
            "have reported in public, one vector per reported input.", vectors)


# ---------------------------------------------------------------------------
# callbacks.json
# ---------------------------------------------------------------------------

TRIMMED_FIELDS = {
    "key": "Khirz6zTPdfd7",
    "status": 2,
    "url": "https://documentserver/cache/files/data/output.docx",
    "changesurl": "https://documentserver/cache/files/data/changes.zip",
    "history": {
        "serverVersion": "8.2.0",
        "changes": [{"created": "2023-11-14 22:13:20",
                     "user": {"id": "6d5a81d0", "name": "Анна Петрова"}}],
    },
    "users": ["6d5a81d0"],
    "actions": [{"type": 0, "userid": "6d5a81d0"}],
    "lastsave": "2023-11-14T22:13:20.000Z",
    "notmodified": False,
    "filetype": "docx",
}


def ds_token(fields, times=CB_TIMES, header=HS256_HEADER):
    return make_token(header, {**fields, **times}, DS_SECRET)


def shape_vector(name, description, fields, expect=None):
    """Build a callback vector whose body token carries fields, signed with DS's default secret."""
    claims = {**fields, **CB_TIMES}
    token = make_token(HS256_HEADER, claims, DS_SECRET)
    if expect is None:
        expect = callback_result(claims, "body")
    return callback(name, description, {"secret": utf8(DS_SECRET)}, expect, body={"token": token})


def callback_vectors():
    ds = {"secret": utf8(DS_SECRET)}
    body_result = callback_result(DS_BODY_CLAIMS, "body")
    header_result = callback_result(DS_HEADER_CLAIMS, "header")
    vectors = []

    # Placement.
    vectors.append(callback(
        "ds_body_token_only",
        "DS's body token for a saved document, with the default secret and settings, returns "
        "its claims without iat and exp as the data.",
        ds, body_result, body={**DS_FIELDS, "token": DS_CALLBACK_BODY}))
    vectors.append(callback(
        "ds_header_token_only",
        "DS's header token in Authorization: Bearer, with a plain body and no body token, "
        "returns the members of its payload as the data.",
        ds, header_result, body=dict(DS_FIELDS), headers=bearer(DS_CALLBACK_HEADER)))
    trimmed_body = {name: value for name, value in TRIMMED_FIELDS.items() if name != "changesurl"}
    trimmed_body.update(history={}, url="https://attacker.example/output.docx",
                        token=ds_token(TRIMMED_FIELDS))
    vectors.append(callback(
        "ds_trimmed_plain_body",
        "A body whose plain fields were trimmed (no changesurl, empty history, another url) "
        "returns the fields of the complete body token, because the plain body is never "
        "trusted.",
        ds, callback_result({**TRIMMED_FIELDS, **CB_TIMES}, "body"), body=trimmed_body))
    vectors.append(callback(
        "ds_plain_body_ignored",
        "A plain body with a different key and url beside a valid header token returns the "
        "header token's fields, because only signed claims are returned.",
        ds, header_result,
        body={"key": "other-doc", "status": 2, "url": "https://attacker.example/output.docx"},
        headers=bearer(DS_CALLBACK_HEADER)))
    bad_body_token = DS_CALLBACK_BODY[:-1] + ("A" if DS_CALLBACK_BODY[-1] != "A" else "B")
    vectors.append(callback(
        "ds_bad_body_token_no_fallback",
        "A body token with a wrong signature is rejected even though a valid header token is "
        "present, because the header is read only when the body has no token.",
        ds, error("ERR_JWS_SIGNATURE_INVALID"),
        body={**DS_FIELDS, "token": bad_body_token}, headers=bearer(DS_CALLBACK_HEADER)))
    vectors.append(callback(
        "ds_header_unused_with_body_token",
        "A valid body token is accepted beside a header that contains no valid token, because "
        "the header is read only when the body has no token.",
        ds, body_result, body={**DS_FIELDS, "token": DS_CALLBACK_BODY},
        headers=[("Authorization", "Bearer not-a-token")]))

    # Header name and prefix.
    vectors.append(callback(
        "ds_header_name_uppercase",
        "The header token under the name AUTHORIZATION is found, because header names match "
        "case-insensitively.",
        ds, header_result, body=dict(DS_FIELDS),
        headers=[("AUTHORIZATION", "Bearer " + DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_custom_header_name_chosen",
        "With the header name set to AuthorizationJwt, a junk Authorization header is ignored "
        "and the token in AuthorizationJwt is verified.",
        {"secret": utf8(DS_SECRET), "header": "AuthorizationJwt"}, header_result,
        body=dict(DS_FIELDS),
        headers=[("Authorization", "Bearer not-a-token"),
                 ("AuthorizationJwt", "Bearer " + DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_prefix_lowercase",
        "The header value \"bearer <token>\" is invalid, because the prefix \"Bearer \" "
        "matches case-sensitively.",
        ds, error("ERR_DS_HEADER_INVALID"), body=dict(DS_FIELDS),
        headers=[("Authorization", "bearer " + DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_prefix_missing",
        "A header value that is the bare token without the \"Bearer \" prefix is invalid.",
        ds, error("ERR_DS_HEADER_INVALID"), body=dict(DS_FIELDS),
        headers=[("Authorization", DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_custom_prefix_accepted",
        "With the prefix set to \"JWT \", the header value \"JWT <token>\" is accepted.",
        {"secret": utf8(DS_SECRET), "prefix": "JWT "}, header_result, body=dict(DS_FIELDS),
        headers=[("Authorization", "JWT " + DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_header_given_twice",
        "Two headers named Authorization and authorization are invalid even with the same "
        "token, because two values for one header are ambiguous.",
        ds, error("ERR_DS_HEADER_INVALID"), body=dict(DS_FIELDS),
        headers=[("Authorization", "Bearer " + DS_CALLBACK_HEADER),
                 ("authorization", "Bearer " + DS_CALLBACK_HEADER)]))
    vectors.append(callback(
        "ds_header_prefix_only",
        "The header value \"Bearer \" with nothing after the prefix is an empty token, so "
        "the token is missing.",
        ds, error("ERR_DS_TOKEN_MISSING"), body=dict(DS_FIELDS),
        headers=[("Authorization", "Bearer ")]))

    # Algorithms, keys and time.
    hs512_claims = {**DS_FIELDS, **CB_TIMES}
    vectors.append(callback(
        "ds_hs512_body_token",
        "A body token signed with HS512 is accepted, because DS verifies HS256, HS384 and "
        "HS512.",
        ds, callback_result(hs512_claims, "body"),
        body={"token": make_token({"alg": "HS512", "typ": "JWT"}, hs512_claims, DS_SECRET)}))
    vectors.append(callback(
        "ds_alg_none_body_token",
        "An unsigned body token with alg none and the callback fields is rejected as an "
        "algorithm that is not allowed.",
        ds, error("ERR_JWT_ALG_NOT_ALLOWED"),
        body={"token": b64url(b'{"alg":"none","typ":"JWT"}') + "."
              + b64url(as_bytes(DS_BODY_CLAIMS)) + "."}))
    vectors.append(callback(
        "ds_wrong_secret",
        "DS's body token checked with a different secret fails the signature check.",
        {"secret": utf8(S32)}, error("ERR_JWS_SIGNATURE_INVALID"),
        body={"token": DS_CALLBACK_BODY}))
    vectors.append(callback(
        "ds_within_default_leeway",
        "DS's body token 59 s after its exp is accepted, because the default leeway is 60 s.",
        ds, body_result, body={"token": DS_CALLBACK_BODY}, now=NOW + 359))
    vectors.append(callback(
        "ds_expired_default_leeway",
        "DS's body token 60 s after its exp is expired, because now >= exp + 60.",
        ds, error("ERR_JWT_EXPIRED"), body={"token": DS_CALLBACK_BODY}, now=NOW + 360))
    vectors.append(callback(
        "ds_leeway_zero_expired",
        "With leeway set to 0, DS's body token at now equal to its exp is expired.",
        {"secret": utf8(DS_SECRET), "leeway": 0}, error("ERR_JWT_EXPIRED"),
        body={"token": DS_CALLBACK_BODY}, now=NOW + 300))
    vectors.append(callback(
        "ds_no_time_claims",
        "A body token without iat and exp is accepted with iat and exp null, because a token "
        "without exp never expires.",
        ds, callback_result(dict(DS_FIELDS), "body"), body={"token": ds_token(DS_FIELDS, {})}))
    vectors.append(callback(
        "ds_nbf_beyond_default_leeway",
        "A body token with nbf 61 s in the future is not yet valid, because nbf > now + 60.",
        ds, error("ERR_JWT_NOT_YET_VALID"),
        body={"token": ds_token(DS_FIELDS, {"nbf": NOW + 61, **CB_TIMES})}))

    # Other DS tokens.
    vectors.append(verify(
        "ds_download_token_verify",
        "DS's download token (payload.url, iat, exp) verifies with the default secret.",
        DS_DOWNLOAD_HEADER, utf8(DS_SECRET), ACCEPT))
    vectors.append(verify(
        "ds_non_ascii_token_verify",
        "A body token with the title \"Договор.docx\" in raw UTF-8 verifies, and its claims "
        "keep the Cyrillic text.",
        DS_NON_ASCII_BODY, utf8(DS_SECRET), ACCEPT))
    vectors.append(callback(
        "ds_download_token_as_callback",
        "DS's download token replayed as a callback header token has no key or status in "
        "its payload, so it is a shape error.",
        ds, error("ERR_DS_PAYLOAD_SHAPE"), body={}, headers=bearer(DS_DOWNLOAD_HEADER)))
    vectors.append(callback(
        "ds_flat_token_in_header",
        "DS's flat body token sent in the header has no payload object, so it is a shape "
        "error.",
        ds, error("ERR_DS_PAYLOAD_SHAPE"), body={}, headers=bearer(DS_CALLBACK_BODY)))

    # Callback field shapes.
    without_status = {name: value for name, value in DS_FIELDS.items() if name != "status"}
    without_key = {name: value for name, value in DS_FIELDS.items() if name != "key"}
    without_url = {name: value for name, value in DS_FIELDS.items() if name != "url"}
    shape_error = error("ERR_DS_PAYLOAD_SHAPE")
    vectors += [
        shape_vector("ds_status_missing",
                     "A callback token without status is a shape error.",
                     without_status, shape_error),
        shape_vector("ds_status_string",
                     "A callback token with status \"2\" as a string is a shape error, "
                     "because status must be an integer.",
                     {**DS_FIELDS, "status": "2"}, shape_error),
        shape_vector("ds_status_out_of_range",
                     "A callback token with status 8 is a shape error, because DS sends "
                     "status 0 to 7 only.",
                     {**DS_FIELDS, "status": 8}, shape_error),
        shape_vector("ds_status_fraction",
                     "A callback token with status 2.5 is a shape error, because status "
                     "must be an integer.",
                     {**DS_FIELDS, "status": 2.5}, shape_error),
        shape_vector("ds_status_boolean",
                     "A callback token with status true is a shape error, although Python "
                     "treats bool as a subclass of int.",
                     {**DS_FIELDS, "status": True}, shape_error),
        shape_vector("ds_status_2_without_url",
                     "A callback token with status 2 (ready for saving) and no url is a "
                     "shape error, because there is no file to download.",
                     {**without_url, "status": 2}, shape_error),
        shape_vector("ds_status_6_without_url",
                     "A callback token with status 6 (force save) and no url is a shape "
                     "error.",
                     {**without_url, "status": 6}, shape_error),
        shape_vector("ds_status_4_without_url",
                     "A callback token with status 4 (closed without changes) and no url is "
                     "accepted, because only status 2 and 6 carry a url.",
                     {**without_url, "status": 4}),
        shape_vector("ds_key_missing",
                     "A callback token without key is a shape error.",
                     without_key, shape_error),
        shape_vector("ds_key_number",
                     "A callback token with key 42 is a shape error, because key must be a "
                     "string.",
                     {**DS_FIELDS, "key": 42}, shape_error),
    ]

    # Purpose.
    config_claims = {**copy.deepcopy(EDITOR_CONFIG), **CB_TIMES}
    config_token = make_token(HS256_HEADER, config_claims, DS_SECRET)
    vectors.append(callback(
        "ds_config_token_as_body",
        "An editor-config token, which a browser can read from the page, presented as a "
        "callback body token is rejected for its purpose although its signature is valid.",
        ds, error("ERR_DS_TOKEN_PURPOSE"), body={"token": config_token}))
    vectors.append(callback(
        "ds_config_token_as_header",
        "An editor-config token presented in the Authorization header is rejected for its "
        "purpose, which is checked before the header token's payload member.",
        ds, error("ERR_DS_TOKEN_PURPOSE"), body={}, headers=bearer(config_token)))
    vectors.append(callback(
        "ds_config_wrapped_in_header",
        "A header token whose payload object is an editor config is rejected for its "
        "purpose.",
        ds, error("ERR_DS_TOKEN_PURPOSE"), body={},
        headers=bearer(ds_token({"payload": copy.deepcopy(EDITOR_CONFIG)}))))
    vectors.append(shape_vector(
        "ds_callback_with_editor_config",
        "A token with valid callback fields plus an editorConfig member is rejected for its "
        "purpose, because editor-config members never occur in a callback.",
        {**DS_FIELDS, "editorConfig": {"mode": "edit"}}, error("ERR_DS_TOKEN_PURPOSE")))

    # Body forms.
    vectors.append(callback(
        "ds_body_raw_not_json",
        "A request with a raw body that is not JSON and no header has no token to verify.",
        ds, error("ERR_DS_TOKEN_MISSING"), body_raw="key=Khirz6zTPdfd7&status=2"))
    vectors.append(callback(
        "ds_body_raw_not_json_header",
        "A raw body that is not JSON beside a valid header token is verified from the "
        "header, because a body that cannot be parsed has no body token.",
        ds, header_result, body_raw="key=Khirz6zTPdfd7&status=2",
        headers=bearer(DS_CALLBACK_HEADER)))
    vectors.append(callback(
        "ds_body_raw_json_text",
        "A raw JSON body text with a token member is parsed and verified from the body "
        "token.",
        ds, body_result,
        body_raw=json.dumps({**DS_FIELDS, "token": DS_CALLBACK_BODY}, ensure_ascii=False)))
    vectors.append(callback(
        "ds_body_token_number",
        "A body token member that is a number is a shape error.",
        ds, error("ERR_DS_PAYLOAD_SHAPE"), body={**DS_FIELDS, "token": 42}))
    vectors.append(callback(
        "ds_body_token_null",
        "A body token member that is null is a shape error, because a present token member "
        "must be a string.",
        ds, error("ERR_DS_PAYLOAD_SHAPE"), body={**DS_FIELDS, "token": None},
        headers=bearer(DS_CALLBACK_HEADER)))

    return ("DocumentServer.verify_callback: DS's body and header tokens, header names and "
            "prefixes, callback field shapes and token purpose.", vectors)


# ---------------------------------------------------------------------------
# config.json
# ---------------------------------------------------------------------------


def edited_config(edit):
    """Return a deep copy of EDITOR_CONFIG changed in place by edit."""
    value = copy.deepcopy(EDITOR_CONFIG)
    edit(value)
    return value


def config_vectors():
    settings = {"secret": utf8(DS_SECRET), "expires_in": 300}
    invalid = error("ERR_DS_CONFIG_INVALID")
    vectors = []

    def non_ascii(value):
        value["document"]["title"] = "Отчёт за квартал 📄.docx"
        value["editorConfig"]["user"]["name"] = "Анна Петрова"

    vectors.append(config(
        "config_non_ascii_title",
        "A config whose title and user name contain Cyrillic text and an emoji outside the "
        "BMP is signed with the text unchanged.",
        settings, edited_config(non_ascii), ACCEPT))
    vectors.append(config(
        "config_document_only",
        "A config with only document.key, document.url and document.permissions is valid, "
        "because editorConfig and its members are checked only when present.",
        settings,
        {"document": {"key": "doc-2", "url": "https://files.example/doc-2.xlsx",
                      "permissions": {}}},
        ACCEPT))
    vectors.append(config(
        "config_old_token_replaced",
        "A config that still carries a token from an earlier signing gets a new token, and "
        "the old one is not signed into the claims.",
        settings,
        edited_config(lambda value: value.update(token=CB_FLAT)), ACCEPT))
    vectors.append(config(
        "config_expires_in_600",
        "With expires_in 600 the config token gets exp = now + 600.",
        {"secret": utf8(DS_SECRET), "expires_in": 600}, copy.deepcopy(EDITOR_CONFIG), ACCEPT))
    vectors.append(config(
        "config_mode_view",
        "A config for the viewer (mode view, no callbackUrl) is valid.",
        settings,
        edited_config(lambda value: value.update(editorConfig={"mode": "view"})), ACCEPT))

    def without(path):
        def edit(value):
            target = value
            for part in path[:-1]:
                target = target[part]
            del target[path[-1]]
        return edited_config(edit)

    def replaced(path, new_value):
        def edit(value):
            target = value
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = new_value
        return edited_config(edit)

    invalid_cases = [
        ("config_document_missing", "A config without document is invalid.",
         without(["document"])),
        ("config_document_not_object",
         "A config whose document is a string is invalid.",
         replaced(["document"], "https://files.example/doc-1.docx")),
        ("config_document_key_missing", "A config without document.key is invalid.",
         without(["document", "key"])),
        ("config_document_key_number",
         "A config whose document.key is the number 1 is invalid, because the key must be a "
         "string.",
         replaced(["document", "key"], 1)),
        ("config_document_url_missing", "A config without document.url is invalid.",
         without(["document", "url"])),
        ("config_permissions_missing",
         "A config without document.permissions is invalid, because DS 7.1 and later "
         "require signed permissions.",
         without(["document", "permissions"])),
        ("config_permissions_array",
         "A config whose document.permissions is an array is invalid, because it must be "
         "an object.",
         replaced(["document", "permissions"], ["edit"])),
        ("config_callback_url_number",
         "A config whose editorConfig.callbackUrl is a number is invalid.",
         replaced(["editorConfig", "callbackUrl"], 42)),
        ("config_callback_url_null",
         "A config whose editorConfig.callbackUrl is null is invalid, because a present "
         "callbackUrl must be a string.",
         replaced(["editorConfig", "callbackUrl"], None)),
        ("config_mode_boolean",
         "A config whose editorConfig.mode is true is invalid, because mode must be a string.",
         replaced(["editorConfig", "mode"], True)),
        ("config_editor_config_string",
         "A config whose editorConfig is a string is invalid, because it must be an object.",
         replaced(["editorConfig"], "edit")),
        ("config_top_level_url",
         "A config with a top-level url is invalid, because DS refuses it so that a download "
         "token cannot pass as a config token.",
         replaced(["url"], "https://files.example/doc-1.docx")),
        ("config_top_level_key",
         "A config with a top-level key is invalid, because DS refuses it so that a command "
         "token cannot pass as a config token.",
         replaced(["key"], "doc-1")),
        ("config_top_level_payload",
         "A config with a top-level payload is invalid, because DS refuses it so that a "
         "header token cannot pass as a config token.",
         replaced(["payload"], {"url": "https://files.example/doc-1.docx"})),
        ("config_array", "A config that is a JSON array is invalid.", [EDITOR_CONFIG]),
        ("config_null", "A config that is null is invalid.", None),
    ]
    for name, description, value in invalid_cases:
        vectors.append(config(name, description, settings, value, invalid))

    vectors.append(config(
        "config_empty_secret",
        "sign_config with an empty secret is a key error even for a valid config.",
        {"secret": utf8(""), "expires_in": 300}, copy.deepcopy(EDITOR_CONFIG),
        error("ERR_KEY_INVALID")))
    return ("DocumentServer.sign_config: valid editor configs, a replaced old token, and each "
            "missing or mistyped member that DS checks.", vectors)


# ---------------------------------------------------------------------------
# strict.json
# ---------------------------------------------------------------------------

MIN_TIME = -62135596800  # 0001-01-01T00:00:00Z
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z


def strict_vectors():
    s32 = utf8(S32)
    key = S32.encode("ascii")
    header_segment = b64url(as_bytes(HS256_HEADER))
    base = make_token(HS256_HEADER, {"key": "doc-1", "status": 2}, S32)
    base_header, base_payload, base_signature = base.split(".")
    vectors = []

    def token_with_payload(payload):
        return make_token(HS256_HEADER, payload, S32)

    def token_with_header(header):
        return make_token(header, {"key": "doc-1"}, S32, "HS256")

    # Base64url and segment structure.
    padded_payload = base64.urlsafe_b64encode(b'{"key":"doc-12"}').decode("ascii")
    assert padded_payload.endswith("==")
    vectors.append(verify(
        "strict_payload_padded",
        "A payload segment with == padding is malformed even though the signature was "
        "computed over the padded text.",
        sign_segments(header_segment, padded_payload, key), s32, error("ERR_JWT_MALFORMED")))
    url_safe = first_token_with_signature_chars("-_", lambda n: {"key": "doc-1", "n": n})
    vectors.append(verify(
        "strict_signature_standard_base64",
        "A signature written with the standard base64 characters + and / in place of - and _ "
        "is malformed, although it decodes to the right bytes in a lenient decoder.",
        url_safe.translate(str.maketrans("-_", "+/")), s32, error("ERR_JWT_MALFORMED")))
    slash_payload = payload_segment_with_char("_").replace("_", "/")
    vectors.append(verify(
        "strict_payload_standard_base64",
        "A payload segment containing / from the standard base64 alphabet is malformed even "
        "though the signature was computed over that text.",
        sign_segments(header_segment, slash_payload, key), s32, error("ERR_JWT_MALFORMED")))
    middle = len(base_header) + 1 + len(base_payload) // 2
    vectors.append(verify(
        "strict_space_inside",
        "A token with a space inside its payload segment is malformed, because whitespace "
        "is never skipped.",
        base[:middle] + " " + base[middle:], s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_trailing_newline",
        "A valid token followed by a newline, as read from a file, is malformed, so the "
        "caller must strip it.",
        base + "\n", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_four_segments",
        "A valid token with a fourth segment appended is malformed, because a JWS in compact "
        "form has exactly three segments.",
        f"{base}.{base_signature}", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_two_segments",
        "A token without its signature segment (header.payload) is malformed.",
        f"{base_header}.{base_payload}", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_empty_header_segment",
        "A token whose header segment is empty is malformed, even with a signature computed "
        "over the empty header.",
        sign_segments("", base_payload, key), s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_empty_payload_segment",
        "A token whose payload segment is empty is malformed, even with a signature computed "
        "over the empty payload.",
        sign_segments(base_header, "", key), s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_empty_signature_hs256",
        "An HS256 token with an empty signature segment fails the signature check, because "
        "an empty segment is well-formed base64url, as in an alg none token.",
        f"{base_header}.{base_payload}.", s32, error("ERR_JWS_SIGNATURE_INVALID")))
    vectors.append(verify(
        "strict_signature_non_canonical",
        "A signature whose last character has a nonzero unused bit is malformed, although a "
        "lenient decoder returns the right 32 bytes.",
        f"{base_header}.{base_payload}.{set_unused_low_bit(base_signature)}", s32,
        error("ERR_JWT_MALFORMED")))
    loose_payload = b64url(b'{"key":"doc-12"}')
    vectors.append(verify(
        "strict_payload_non_canonical",
        "A payload segment whose last character has a nonzero unused bit is malformed even "
        "though the signature was computed over that text.",
        sign_segments(header_segment, set_unused_low_bit(loose_payload), key), s32,
        error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_signature_41_characters",
        "A signature segment of 41 characters is malformed, because no byte string encodes "
        "to a base64url length of 1 modulo 4.",
        f"{base_header}.{base_payload}.{base_signature[:41]}", s32, error("ERR_JWT_MALFORMED")))
    vectors.append(verify(
        "strict_signature_truncated",
        "A signature cut to 40 characters is valid base64url for 30 bytes, so it fails the "
        "signature check rather than the format check.",
        f"{base_header}.{base_payload}.{base_signature[:40]}", s32,
        error("ERR_JWS_SIGNATURE_INVALID")))
    vectors.append(verify(
        "strict_invalid_character",
        "A payload segment containing * is malformed, because * is not in the base64url "
        "alphabet.",
        f"{base_header}.{base_payload[:-1]}*.{base_signature}", s32, error("ERR_JWT_MALFORMED")))

    # Strict JSON.
    json_cases = [
        ("strict_header_array",
         "A header that decodes to a JSON array is invalid, because the JOSE header must be "
         "a JSON object.",
         make_token(b'["HS256"]', {"key": "doc-1"}, S32, "HS256"), "ERR_JSON_INVALID"),
        ("strict_payload_array",
         "A payload that decodes to a JSON array is invalid, because the claims set must be "
         "a JSON object.",
         token_with_payload(b'[{"key":"doc-1"}]'), "ERR_JSON_INVALID"),
        ("strict_payload_invalid_utf8",
         "A payload containing the byte 0xFF inside a string is not valid UTF-8.",
         token_with_payload(b'{"key":"doc-\xff"}'), "ERR_JSON_INVALID"),
        ("strict_payload_utf8_surrogate",
         "A payload containing ED A0 80, the UTF-8 style encoding of the surrogate U+D800, "
         "is not valid UTF-8.",
         token_with_payload(b'{"key":"\xed\xa0\x80"}'), "ERR_JSON_INVALID"),
        ("strict_nan_literal",
         "A payload with the literal NaN is not JSON, although Python's json module accepts "
         "it by default.",
         token_with_payload(b'{"key":"doc-1","exp":NaN}'), "ERR_JSON_INVALID"),
        ("strict_trailing_data", "A payload with a second JSON value after the object is not "
         "one JSON text.",
         token_with_payload(b'{"key":"doc-1"}{}'), "ERR_JSON_INVALID"),
        ("strict_utf8_bom",
         "A payload that starts with a UTF-8 byte order mark is rejected, because RFC 8259 "
         "forbids a BOM in JSON sent over a network.",
         token_with_payload(b'\xef\xbb\xbf{"key":"doc-1"}'), "ERR_JSON_INVALID"),
        ("strict_raw_control_character",
         "A payload string containing the raw control byte 0x01 is not JSON, because control "
         "characters must be escaped.",
         token_with_payload(b'{"key":"doc\x01"}'), "ERR_JSON_INVALID"),
        ("strict_duplicate_escaped_name",
         "A payload with the names key and k\\u0065y has the same member twice once the "
         "escape is decoded.",
         token_with_payload(b'{"key":"doc-1","k\\u0065y":"doc-2"}'), "ERR_JSON_DUPLICATE_MEMBER"),
        ("strict_duplicate_nested",
         "A payload whose nested payload object has key twice is rejected, because duplicates "
         "are checked at every depth.",
         token_with_payload(b'{"payload":{"key":"doc-1","key":"doc-2"}}'),
         "ERR_JSON_DUPLICATE_MEMBER"),
        ("strict_duplicate_header_alg",
         "A header with alg HS512 and then alg HS256, signed with HS256, is rejected as a "
         "duplicate member, so a last-wins parser cannot accept it.",
         make_token(b'{"alg":"HS512","alg":"HS256"}', {"key": "doc-1"}, S32, "HS256"),
         "ERR_JSON_DUPLICATE_MEMBER"),
    ]
    for name, description, token, code in json_cases:
        vectors.append(verify(name, description, token, s32, error(code)))
    vectors.append(verify(
        "strict_lone_surrogate_escape",
        "A payload string with the escape \\ud800 and no low surrogate after it is accepted, "
        "as JSON.parse and json.loads accept it, and decodes to the lone surrogate U+D800 "
        "where strings can hold it and to U+FFFD in Rust.",
        token_with_payload(b'{"key":"\\ud800"}'), s32, ACCEPT))
    vectors.append(verify(
        "strict_surrogate_pair_escape",
        "A payload string with the escaped surrogate pair \\ud83d\\ude00 is valid JSON and "
        "decodes to U+1F600.",
        token_with_payload(b'{"key":"\\ud83d\\ude00"}'), s32, ACCEPT))
    vectors.append(verify(
        "strict_json_whitespace",
        "A payload with spaces and newlines around and inside the object is valid JSON, "
        "because JSON allows whitespace between tokens.",
        token_with_payload(b' \n{ "key" : "doc-1" }\n '), s32, ACCEPT))
    vectors.append(verify(
        "strict_duplicate_bad_signature",
        "A token whose payload has key twice and whose signature is wrong fails the "
        "signature check, because the signature is checked before the payload is parsed.",
        make_token(HS256_HEADER, b'{"key":"doc-1","key":"doc-2"}', "another secret"), s32,
        error("ERR_JWS_SIGNATURE_INVALID")))

    # Header parameters.
    crit_header = {"alg": "HS256", "typ": "JWT", "crit": ["exp"], "exp": NOW + 300}
    vectors.append(verify(
        "strict_crit_exp",
        "A correctly signed token whose header lists exp in crit is rejected, because the "
        "library understands no critical header parameter.",
        token_with_header(crit_header), s32, error("ERR_JWS_CRIT_UNSUPPORTED")))
    vectors.append(verify(
        "strict_crit_empty",
        "A header with an empty crit list is rejected, because RFC 7515 forbids an empty "
        "crit list.",
        token_with_header({"alg": "HS256", "crit": []}), s32, error("ERR_JWS_CRIT_UNSUPPORTED")))
    vectors.append(verify(
        "strict_crit_bad_signature",
        "A crit header with a wrong signature is rejected for crit, because crit is checked "
        "before the signature.",
        make_token(crit_header, {"key": "doc-1"}, "another secret", "HS256"), s32,
        error("ERR_JWS_CRIT_UNSUPPORTED")))
    vectors.append(verify(
        "strict_crit_alg_none",
        "An unsigned token with alg none and a crit list is rejected for its algorithm, "
        "because alg is checked before crit.",
        b64url(b'{"alg":"none","crit":["exp"],"exp":1700000300}') + "."
        + b64url(b'{"key":"doc-1"}') + ".", s32, error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "strict_alg_number",
        "A header whose alg is the number 256 is not an allowed algorithm.",
        token_with_header({"alg": 256, "typ": "JWT"}), s32, error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "strict_alg_missing",
        "A header without alg is not an allowed algorithm, even when the HS256 signature "
        "is correct.",
        token_with_header({"typ": "JWT"}), s32, error("ERR_JWT_ALG_NOT_ALLOWED")))
    vectors.append(verify(
        "strict_typ_missing",
        "A header {\"alg\":\"HS256\"} without typ is accepted, because typ is optional.",
        token_with_header({"alg": "HS256"}), s32, ACCEPT))

    # Time claim types and ranges.
    def time_token(claims_json):
        return token_with_payload(b'{"key":"doc-1",' + claims_json + b"}")

    invalid_claims = [
        ("strict_exp_boolean", "exp true", b'"exp":true'),
        ("strict_exp_null", "exp null", b'"exp":null'),
        ("strict_nbf_string", "nbf \"1699999999\" as a string", b'"nbf":"1699999999"'),
        ("strict_iat_string", "iat \"1700000000\" as a string, with verify_iat off,",
         b'"iat":"1700000000"'),
        ("strict_exp_1e400", "exp 1e400, which overflows a 64-bit float,", b'"exp":1e400'),
        ("strict_exp_2_pow_64", "exp 18446744073709551616, one above the largest u64,",
         b'"exp":18446744073709551616'),
        ("strict_exp_after_year_9999", "exp 253402300800, one second after 9999-12-31T23:59:59Z,",
         b'"exp":%d' % (MAX_TIME + 1)),
        ("strict_exp_before_year_1", "exp -62135596801, one second before 0001-01-01T00:00:00Z,",
         b'"exp":%d' % (MIN_TIME - 1)),
    ]
    for name, claim_text, claims_json in invalid_claims:
        vectors.append(verify(
            name,
            f"A token with {claim_text} has an invalid time claim, because time claims must "
            "be JSON numbers within years 0001 to 9999.",
            time_token(claims_json), s32, error("ERR_JWT_CLAIM_INVALID")))
    vectors.append(verify(
        "strict_exp_year_9999",
        "A token with exp 253402300799 (9999-12-31T23:59:59Z), the largest valid time, is "
        "accepted.",
        time_token(b'"exp":%d' % MAX_TIME), s32, ACCEPT))
    vectors.append(verify(
        "strict_exp_fraction",
        "A token with the fractional exp 1700000000.5 is accepted at now 1700000000, because "
        "NumericDate may be fractional and now < exp.",
        time_token(b'"exp":1700000000.5'), s32, ACCEPT))
    vectors.append(verify(
        "strict_exp_fraction_expired",
        "A token with the fractional exp 1699999999.5 is expired at now 1700000000, because "
        "now >= exp.",
        time_token(b'"exp":1699999999.5'), s32, error("ERR_JWT_EXPIRED")))

    # Time checks at the leeway boundaries.
    vectors.append(verify(
        "strict_exp_at_leeway_boundary",
        "A token with exp 60 s ago is expired with leeway 60, because now >= exp + leeway.",
        time_token(b'"exp":%d' % (NOW - 60)), s32, error("ERR_JWT_EXPIRED"), leeway=60))
    vectors.append(verify(
        "strict_nbf_within_leeway",
        "A token with nbf 60 s in the future is accepted with leeway 60, because nbf is not "
        "greater than now + leeway.",
        time_token(b'"nbf":%d' % (NOW + 60)), s32, ACCEPT, leeway=60))
    vectors.append(verify(
        "strict_nbf_beyond_leeway",
        "A token with nbf 61 s in the future is not yet valid with leeway 60, because "
        "nbf > now + leeway.",
        time_token(b'"nbf":%d' % (NOW + 61)), s32, error("ERR_JWT_NOT_YET_VALID"), leeway=60))
    vectors.append(verify(
        "strict_iat_within_leeway",
        "With verify_iat and leeway 5, a token issued 5 s in the future is accepted.",
        time_token(b'"iat":%d' % (NOW + 5)), s32, ACCEPT, leeway=5, verify_iat=True))
    vectors.append(verify(
        "strict_iat_future_unchecked",
        "A token issued an hour in the future is accepted when verify_iat is left at its "
        "default, off.",
        time_token(b'"iat":%d' % (NOW + 3600)), s32, ACCEPT))
    vectors.append(verify(
        "strict_expired_bad_signature",
        "An expired token with a wrong signature fails the signature check, because the "
        "signature is checked before any time claim.",
        make_token(HS256_HEADER, {"key": "doc-1", "exp": NOW - 100}, "another secret"), s32,
        error("ERR_JWS_SIGNATURE_INVALID")))

    # Required claims.
    all_times = time_token(b'"iat":%d,"nbf":%d,"exp":%d' % (NOW - 10, NOW - 10, NOW + 300))
    vectors.append(verify(
        "strict_require_all_present",
        "A token with iat, nbf and exp passes a require list of all three.",
        all_times, s32, ACCEPT, require=["exp", "iat", "nbf"]))
    vectors.append(verify(
        "strict_require_iat_missing",
        "A token with exp but no iat is rejected as missing iat when iat is required.",
        time_token(b'"exp":%d' % (NOW + 300)), s32, error("ERR_JWT_CLAIM_MISSING"),
        require=["exp", "iat"]))
    vectors.append(verify(
        "strict_require_sub_missing",
        "A token without sub is rejected as missing sub when sub is required, because require "
        "accepts any claim name.",
        time_token(b'"exp":%d' % (NOW + 300)), s32, error("ERR_JWT_CLAIM_MISSING"),
        require=["sub"]))
    vectors.append(verify(
        "strict_require_exp_null",
        "A token with exp null is rejected as an invalid claim, not a missing one, when exp "
        "is required, because the member is present.",
        time_token(b'"exp":null'), s32, error("ERR_JWT_CLAIM_INVALID"), require=["exp"]))

    # Secrets.
    binary_key = bytes(range(255, 223, -1))
    vectors.append(verify(
        "strict_binary_secret",
        "A token signed with a 32-byte key that is not valid UTF-8 verifies when the key is "
        "given as hex.",
        make_token(HS256_HEADER, {"key": "doc-1"}, binary_key), hexkey(binary_key), ACCEPT))
    return ("Strict parsing and checking rules: base64url form, segment structure, strict "
            "JSON, header parameters, time claims and required claims.", vectors)


# ---------------------------------------------------------------------------
# messages.json: file downloads, signed requests and editor-method tokens
# ---------------------------------------------------------------------------

DOWNLOAD_URL = "https://files.example/docs/report.docx?sig=abc&v=2"
DS_SETTINGS = {"secret": utf8(DS_SECRET)}


def download_token(url, times=CB_TIMES, key=DS_SECRET, alg="HS256", claims=None):
    """Sign a download token as DS does: {"payload": {"url": url}}, then iat and exp."""
    if claims is None:
        claims = {"payload": {"url": url}, **times}
    return make_token({"alg": alg, "typ": "JWT"}, claims, key, alg)


def download(name, description, url, headers, expect, settings=DS_SETTINGS, now=NOW):
    return {"name": name, "description": description, "kind": "download", "settings": settings,
            "now": now, "url": url, "headers": [list(pair) for pair in headers],
            "expect": expect}


def download_accepted(signed_url, times=CB_TIMES):
    return {"url": signed_url, "iat": times.get("iat"), "exp": times.get("exp")}


def signed_claims(fields, now, expires_in, operation=None):
    """Return the claims DocumentServer signs: the fields, operation, then iat and exp."""
    claims = {name: value for name, value in fields.items()
              if name not in ("token", "iat", "exp")}
    if operation is not None:
        claims["operation"] = operation
    claims["iat"] = now
    claims["exp"] = now + expires_in
    return claims


def request(name, description, request_value, expect, operation=None, settings=DS_SETTINGS,
            now=NOW):
    if expect is ACCEPT:
        expires_in = settings.get("expires_in", 300)
        fields = {member: value for member, value in request_value.items() if member != "token"}
        header_claims = {"payload": fields}
        if operation is not None:
            header_claims["operation"] = operation
        header_claims["iat"] = now
        header_claims["exp"] = now + expires_in
        expect = {"body_claims": signed_claims(fields, now, expires_in, operation),
                  "header_name": settings.get("header", "Authorization"),
                  "header_prefix": settings.get("prefix", "Bearer "),
                  "header_claims": header_claims}
    return {"name": name, "description": description, "kind": "request", "settings": settings,
            "now": now, "request": request_value, "operation": operation, "expect": expect}


def method(name, description, params, expect, settings=DS_SETTINGS, now=NOW):
    if expect is ACCEPT:
        expect = {"claims": signed_claims(params, now, settings.get("expires_in", 300))}
    return {"name": name, "description": description, "kind": "method", "settings": settings,
            "now": now, "params": params, "expect": expect}


def download_vectors():
    vectors = []
    exact = download_token(DOWNLOAD_URL)
    mismatch = error("ERR_DS_URL_MISMATCH")
    purpose = error("ERR_DS_TOKEN_PURPOSE")
    shape = error("ERR_DS_PAYLOAD_SHAPE")

    vectors.append(download(
        "download_exact_url",
        "A header token that signs exactly the requested URL is accepted and returns the "
        "signed URL with iat and exp.",
        DOWNLOAD_URL, bearer(exact), download_accepted(DOWNLOAD_URL)))
    vectors.append(download(
        "download_ds_published_token",
        "The publicly reported download token for https://example.com/doc.docx, signed with "
        "the default secret, is accepted for that URL.",
        "https://example.com/doc.docx", bearer(DS_DOWNLOAD_HEADER),
        download_accepted("https://example.com/doc.docx")))

    normalised = [
        ("download_scheme_host_case",
         "A token signed for HTTPS://Files.EXAMPLE/docs/a.docx is accepted for the lower-case "
         "https://files.example/docs/a.docx, because scheme and host are case-insensitive.",
         "HTTPS://Files.EXAMPLE/docs/a.docx", "https://files.example/docs/a.docx"),
        ("download_default_port_https",
         "A token signed for https://files.example:443/docs/a.docx is accepted without the "
         "port, because 443 is the default port of https.",
         "https://files.example:443/docs/a.docx", "https://files.example/docs/a.docx"),
        ("download_default_port_http",
         "A request for http://files.example:80/docs/a.docx is accepted for a token signed "
         "without the port, because 80 is the default port of http.",
         "http://files.example/docs/a.docx", "http://files.example:80/docs/a.docx"),
        ("download_empty_path",
         "A token signed for https://files.example with no path is accepted for "
         "https://files.example/, because an empty path is the same as /.",
         "https://files.example", "https://files.example/"),
        ("download_percent_encoded_unreserved",
         "A token signed for /%7Euser/a%2Db.docx is accepted for /~user/a-b.docx, because "
         "percent-encoded unreserved characters equal the characters themselves.",
         "https://files.example/%7Euser/a%2Db.docx", "https://files.example/~user/a-b.docx"),
        ("download_percent_hex_case",
         "A token signed for /a%2fb.docx is accepted for /a%2Fb.docx, because the hex digits "
         "of a percent-encoding are case-insensitive.",
         "https://files.example/a%2fb.docx", "https://files.example/a%2Fb.docx"),
        ("download_non_ascii_path",
         "A token signed for the Cyrillic path /docs/Отчёт.docx is accepted for its UTF-8 "
         "percent-encoding, which is what DS sends on the wire.",
         "https://files.example/docs/Отчёт.docx",
         "https://files.example/docs/%D0%9E%D1%82%D1%87%D1%91%D1%82.docx"),
        ("download_non_ascii_lower_hex",
         "A token signed for the percent-encoded Cyrillic path in lower-case hex is accepted "
         "for the raw Cyrillic path.",
         "https://files.example/docs/%d0%9e%d1%82%d1%87%d1%91%d1%82.docx",
         "https://files.example/docs/Отчёт.docx"),
        ("download_fragment_ignored",
         "A token signed for a URL with the fragment #page=2 is accepted for the URL without "
         "it, because a fragment never reaches the server.",
         "https://files.example/docs/a.docx#page=2", "https://files.example/docs/a.docx"),
        ("download_path_only_request",
         "A path-only requested URL with the same path and query as the signed URL is "
         "accepted, because the host compares only what the request line carries.",
         DOWNLOAD_URL, "/docs/report.docx?sig=abc&v=2"),
    ]
    for name, description, signed_url, requested_url in normalised:
        vectors.append(download(name, description, requested_url,
                                bearer(download_token(signed_url)),
                                download_accepted(signed_url)))

    mismatches = [
        ("download_other_path",
         "A token signed for /docs/report.docx is rejected for /docs/other.docx.",
         "https://files.example/docs/other.docx?sig=abc&v=2"),
        ("download_other_query_order",
         "A token signed for ?sig=abc&v=2 is rejected for ?v=2&sig=abc, because the query "
         "order is kept.",
         "https://files.example/docs/report.docx?v=2&sig=abc"),
        ("download_other_query_value",
         "A token signed for ?sig=abc&v=2 is rejected for ?sig=abc&v=3.",
         "https://files.example/docs/report.docx?sig=abc&v=3"),
        ("download_other_port",
         "A token signed without a port is rejected for port 8443, which is not the default "
         "port of https.",
         "https://files.example:8443/docs/report.docx?sig=abc&v=2"),
        ("download_other_host",
         "A token signed for files.example is rejected for evil.example with the same path.",
         "https://evil.example/docs/report.docx?sig=abc&v=2"),
        ("download_other_scheme",
         "A token signed for https is rejected for http with the same host and path.",
         "http://files.example/docs/report.docx?sig=abc&v=2"),
        ("download_userinfo_added",
         "A token signed without userinfo is rejected for the same URL with user@ added.",
         "https://user@files.example/docs/report.docx?sig=abc&v=2"),
        ("download_encoded_slash",
         "A token signed for /docs/report.docx is rejected for /docs%2Freport.docx, because "
         "an encoded slash is a reserved character and stays distinct.",
         "https://files.example/docs%2Freport.docx?sig=abc&v=2"),
        ("download_path_only_other_query",
         "A path-only requested URL whose query differs from the signed URL is rejected.",
         "/docs/report.docx?sig=abd&v=2"),
    ]
    for name, description, requested_url in mismatches:
        vectors.append(download(name, description, requested_url, bearer(exact), mismatch))

    vectors.append(download(
        "download_no_header",
        "A download request without the Authorization header has no token.",
        DOWNLOAD_URL, [("Content-Type", "application/json")], error("ERR_DS_TOKEN_MISSING")))
    vectors.append(download(
        "download_flat_url_token",
        "A body-style token with url at the top level and no payload is rejected for its "
        "purpose, because DS wraps the URL of a download token in payload.",
        DOWNLOAD_URL, bearer(download_token(None, claims={"url": DOWNLOAD_URL, **CB_TIMES})),
        purpose))
    vectors.append(download(
        "download_flat_method_token",
        "A token of insertImage parameters, with c and images flat and no payload, is "
        "rejected for its purpose.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={
            "c": "add", "images": [{"fileType": "png", "url": DOWNLOAD_URL}], **CB_TIMES})),
        purpose))
    vectors.append(download(
        "download_times_only_token",
        "A token with iat and exp alone has no payload and no flat fields, so it is a shape "
        "error.",
        DOWNLOAD_URL, bearer(download_token(None, claims=CB_TIMES)), shape))
    vectors.append(download(
        "download_callback_token",
        "A header token of a callback, whose payload has key, status and url, is rejected "
        "for its purpose even when url is the requested URL.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={
            "payload": {"key": "doc-1", "status": 2, "url": DOWNLOAD_URL}, **CB_TIMES})),
        purpose))
    vectors.append(download(
        "download_config_token",
        "A token whose payload has document and url is an editor-config token and is "
        "rejected for its purpose.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={
            "payload": {"url": DOWNLOAD_URL, "document": {"key": "doc-1"}}, **CB_TIMES})),
        purpose))
    vectors.append(download(
        "download_operation_claim",
        "A header token of a command request, with a top-level operation claim, is rejected "
        "for its purpose even when its payload has the requested url.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={
            "payload": {"url": DOWNLOAD_URL}, "operation": "command", **CB_TIMES})),
        purpose))
    vectors.append(download(
        "download_payload_string",
        "A token whose payload is the string form of {\"url\": ...} is a shape error, "
        "because payload must be an object.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={
            "payload": json.dumps({"url": DOWNLOAD_URL}), **CB_TIMES})),
        shape))
    vectors.append(download(
        "download_url_number",
        "A token whose payload.url is the number 42 is a shape error.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={"payload": {"url": 42}, **CB_TIMES})), shape))
    vectors.append(download(
        "download_url_missing",
        "A token whose payload has no url is a shape error.",
        DOWNLOAD_URL,
        bearer(download_token(None, claims={"payload": {"file": "a.docx"}, **CB_TIMES})),
        shape))
    vectors.append(download(
        "download_expired",
        "A token whose exp is 60 s before now is expired with the default leeway of 60 s, "
        "because now >= exp + leeway.",
        DOWNLOAD_URL,
        bearer(download_token(DOWNLOAD_URL, {"iat": NOW - 360, "exp": NOW - 60})),
        error("ERR_JWT_EXPIRED")))
    late = {"iat": NOW - 359, "exp": NOW - 59}
    vectors.append(download(
        "download_expired_within_leeway",
        "A token whose exp is 59 s before now is accepted with the default leeway of 60 s.",
        DOWNLOAD_URL, bearer(download_token(DOWNLOAD_URL, late)),
        download_accepted(DOWNLOAD_URL, late)))
    vectors.append(download(
        "download_wrong_secret",
        "A token signed with another secret fails the signature check.",
        DOWNLOAD_URL, bearer(download_token(DOWNLOAD_URL, key="another secret")),
        error("ERR_JWS_SIGNATURE_INVALID")))
    vectors.append(download(
        "download_hs512",
        "A download token signed with HS512 is accepted, because DS verifies HS256, HS384 "
        "and HS512.",
        DOWNLOAD_URL, bearer(download_token(DOWNLOAD_URL, alg="HS512")),
        download_accepted(DOWNLOAD_URL)))
    vectors.append(download(
        "download_prefix_wrong",
        "An Authorization value that starts with Token instead of the configured Bearer "
        "prefix is an invalid header.",
        DOWNLOAD_URL, [("Authorization", "Token " + exact)], error("ERR_DS_HEADER_INVALID")))
    vectors.append(download(
        "download_custom_header_case",
        "With the header name AuthorizationJwt, a token in the header authorizationjwt is "
        "found, because header names are case-insensitive.",
        DOWNLOAD_URL, [("authorizationjwt", "Bearer " + exact)],
        download_accepted(DOWNLOAD_URL),
        settings={"secret": utf8(DS_SECRET), "header": "AuthorizationJwt"}))
    vectors.append(download(
        "download_custom_header_ignores_default",
        "With the header name AuthorizationJwt, a token in Authorization is not looked at, so "
        "the request has no token.",
        DOWNLOAD_URL, bearer(exact), error("ERR_DS_TOKEN_MISSING"),
        settings={"secret": utf8(DS_SECRET), "header": "AuthorizationJwt"}))
    return vectors


def request_vectors():
    vectors = []
    command = {"c": "forcesave", "key": "doc-1", "userdata": "sample"}
    conversion = {"async": False, "filetype": "docx", "key": "conv-1", "outputtype": "pdf",
                  "title": "Отчёт.docx", "url": "https://files.example/docs/report.docx",
                  "thumbnail": {"aspect": 0, "first": True, "height": 150, "width": 100}}
    builder = {"async": True, "url": "https://files.example/scripts/build.docbuilder"}

    vectors.append(request(
        "request_command_plain",
        "A forcesave command without an operation is signed flat in the body and wrapped in "
        "payload in the Authorization header.",
        command, ACCEPT))
    vectors.append(request(
        "request_command_operation",
        "With operation command, both the body token and the header token carry a top-level "
        "operation claim after the request fields.",
        command, ACCEPT, operation="command"))
    vectors.append(request(
        "request_converter_operation",
        "A conversion request with a nested thumbnail object and a Cyrillic title is signed "
        "with operation converter and its members unchanged.",
        conversion, ACCEPT, operation="converter"))
    vectors.append(request(
        "request_docbuilder_operation",
        "A docbuilder request is signed with operation docbuilder.",
        builder, ACCEPT, operation="docbuilder"))
    vectors.append(request(
        "request_old_token_replaced",
        "A request that still carries a token from an earlier signing gets a new token, and "
        "the old one is signed into neither claims set.",
        {**command, "token": CB_FLAT}, ACCEPT, operation="command"))
    vectors.append(request(
        "request_custom_header",
        "With the header AuthorizationJwt and the prefix JWT, the request header uses that "
        "name and prefix.",
        command, ACCEPT,
        settings={"secret": utf8(DS_SECRET), "header": "AuthorizationJwt", "prefix": "JWT "}))
    vectors.append(request(
        "request_expires_in_600",
        "With expires_in 600 both request tokens get exp = now + 600.",
        command, ACCEPT, settings={"secret": utf8(DS_SECRET), "expires_in": 600}))
    for name, value, type_name in (("request_array", [command], "an array"),
                                   ("request_string", "forcesave", "a string"),
                                   ("request_null", None, "null")):
        vectors.append(request(
            name, f"A request that is {type_name}, not a JSON object, is a shape error.",
            value, error("ERR_DS_PAYLOAD_SHAPE"), operation="command"))
    return vectors


def method_vectors():
    vectors = []
    insert_image = {"c": "add", "images": [
        {"fileType": "png", "url": "https://files.example/images/logo.png"}]}
    history = {"changesUrl": "https://files.example/history/doc-1/diff.zip",
               "fileType": "docx", "key": "doc-1-v2",
               "previous": {"fileType": "docx", "key": "doc-1-v1",
                            "url": "https://files.example/history/doc-1/v1.docx"},
               "url": "https://files.example/history/doc-1/v2.docx", "version": 2}
    revised = {"fileType": "docx", "url": "https://files.example/docs/revised.docx"}

    vectors.append(method(
        "method_insert_image",
        "The insertImage parameters with one image are signed flat, with iat and exp at "
        "the end.",
        insert_image, ACCEPT))
    vectors.append(method(
        "method_set_history_data",
        "The setHistoryData parameters with a nested previous version are signed flat.",
        history, ACCEPT))
    vectors.append(method(
        "method_set_revised_file",
        "The setRevisedFile parameters are signed flat.",
        revised, ACCEPT))
    vectors.append(method(
        "method_old_token_replaced",
        "Parameters that still carry a token from an earlier signing get a new token, and "
        "the old one is not signed into the claims.",
        {**insert_image, "token": CB_FLAT}, ACCEPT))
    vectors.append(method(
        "method_non_ascii",
        "Parameters with a Cyrillic file name and an emoji are signed with the text "
        "unchanged.",
        {"fileType": "docx", "url": "https://files.example/docs/Отчёт 📄.docx"}, ACCEPT))
    vectors.append(method(
        "method_expires_in_3600",
        "With expires_in 3600 the method token gets exp = now + 3600.",
        revised, ACCEPT, settings={"secret": utf8(DS_SECRET), "expires_in": 3600}))
    vectors.append(method(
        "method_params_array",
        "Parameters that are an array, not a JSON object, are a shape error.",
        [insert_image], error("ERR_DS_PAYLOAD_SHAPE")))
    return vectors


def message_vectors():
    vectors = download_vectors() + request_vectors() + method_vectors()
    return ("DocumentServer.verify_download, sign_request and sign_method: URL binding and "
            "normalisation, token purpose, and the claims of signed requests and editor-method "
            "parameters.", vectors)


# ---------------------------------------------------------------------------
# Validation and output
# ---------------------------------------------------------------------------

FILES = {
    "rfc7515.json": rfc7515_vectors,
    "field_cases.json": field_case_vectors,
    "callbacks.json": callback_vectors,
    "config.json": config_vectors,
    "strict.json": strict_vectors,
    "messages.json": message_vectors,
}

NAME_PATTERN = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def validate_format(documents):
    """Raise if any vector breaks the file format that the test runners rely on."""
    seen = set()
    for file_name, document in documents.items():
        for vector in document["vectors"]:
            name = vector["name"]
            if not NAME_PATTERN.match(name):
                raise AssertionError(f"{file_name}: name {name!r} is not snake_case")
            if name in seen:
                raise AssertionError(f"{file_name}: name {name!r} is used twice")
            seen.add(name)
            if vector["kind"] not in check_vectors.KINDS:
                raise AssertionError(f"{name}: unknown kind {vector['kind']!r}")
            description = vector["description"]
            if not description.endswith(".") or ". " in description.rstrip("."):
                raise AssertionError(f"{name}: description must be one sentence ending in a period")
            code = vector["expect"].get("error")
            if code is not None and code not in check_vectors.ERROR_CODES:
                raise AssertionError(f"{name}: unknown error code {code!r}")


def render(document):
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # Expected claims may hold lone surrogates, which UTF-8 cannot carry: write them as the
    # escapes the tokens have. Outside strings JSON has no character that is a surrogate.
    return re.sub("[\ud800-\udfff]", lambda match: f"\\u{ord(match.group()):04x}", text)


def generate():
    self_test_hmac()
    check_literal_tokens()
    documents = {}
    for file_name, build in FILES.items():
        description, vectors = build()
        documents[file_name] = {"description": description, "vectors": vectors}
    validate_format(documents)
    return documents


def main(argv):
    check_only = "--check" in argv[1:]
    documents = generate()
    stale = []
    for file_name, document in documents.items():
        path = VECTOR_DIR / file_name
        text = render(document)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(file_name)
        if not check_only:
            VECTOR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    failures = check_vectors.check_documents(
        {name: json.loads(render(document)) for name, document in documents.items()})
    for failure in failures:
        print(failure, file=sys.stderr)

    counts = {}
    for document in documents.values():
        for vector in document["vectors"]:
            counts[vector["kind"]] = counts.get(vector["kind"], 0) + 1
    total = sum(counts.values())
    print(f"{total} vectors: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())))

    if check_only and stale:
        print("out of date: " + ", ".join(stale) + " (rerun without --check)", file=sys.stderr)
        return 1
    if not check_only and stale:
        print("wrote: " + ", ".join(stale))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
