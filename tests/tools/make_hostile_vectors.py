#!/usr/bin/env python3
"""Generate tests/vectors/hostile.json: inputs an attacker can send, each with its error.

Tokens and callback requests arrive from the network, so the library must reject any of
them with its own typed error, quickly and in bounded memory. Each vector here is one such
input: oversized tokens and header values, deep nesting, absurd numbers, broken UTF-8,
lone surrogates, NUL bytes, hostile header parameters, non-canonical base64url, duplicate
members and malformed callback requests.

Inputs longer than MAX_LITERAL_CHARS are stored as a pieces spec instead of literal text:
{"pieces": [piece, ...]}, where a piece is a string or {"repeat": text, "count": n}, and the
input is the pieces joined in order. tests/vectors/README.md documents the spec for the
runners. Signatures come from Python's hmac module over the expanded text, as in
make_vectors.py, so no expected signature comes from the code under test.

The output is deterministic. After writing, the script checks every vector against
check_vectors.py, the Python model of the rules, and prints the number of vectors per
category (the first word of each name).

Usage:
    python3 tests/tools/make_hostile_vectors.py          # rewrite tests/vectors/hostile.json
    python3 tests/tools/make_hostile_vectors.py --check  # exit 1 if the file is out of date
"""

import json
import math
import sys

import check_vectors
import make_vectors as base
from check_vectors import expand_text
from make_vectors import (ACCEPT, CB_FIELDS, CB_WRAPPED, CB_WRAPPED_CLAIMS, HS256_HEADER, NOW,
                          S32, b64url, callback, callback_result, error, hexkey, make_token,
                          mac, utf8, verify)

FILE_NAME = "hostile.json"

# Maximum length of a string stored literally in the vector file. Longer inputs become
# pieces specs.
MAX_LITERAL_CHARS = 65536

MiB = 1 << 20
MAX_TOKEN_BYTES = check_vectors.MAX_TOKEN_BYTES
MAX_DEPTH = check_vectors.MAX_DEPTH

S32_SECRET = utf8(S32)
S32_SETTINGS = {"secret": S32_SECRET}
HEADER_SEGMENT = b64url(base.as_bytes(HS256_HEADER))
PAST = NOW - 1  # an exp that makes a token expired, so that its large claims need no expect
WRAPPED_RESULT = callback_result(CB_WRAPPED_CLAIMS, "header")

# Categories, keyed by the first word of each vector name, in the order of the file.
CATEGORIES = {
    "size": "empty, oversized and wide tokens",
    "depth": "deep nesting of arrays and objects",
    "number": "huge numbers, exponents, NaN and Infinity",
    "utf8": "invalid and overlong UTF-8 in signed JSON",
    "surrogate": "lone surrogate escapes",
    "nul": "raw and escaped NUL",
    "shape": "a header or payload that is not a JSON object",
    "alg": "hostile alg values",
    "crit": "crit lists",
    "base64": "non-canonical base64url",
    "char": "whitespace, control and non-ASCII characters inside a token",
    "time": "time claims of the wrong JSON type",
    "duplicate": "duplicate members",
    "wrapper": "payload wrappers of the wrong type in header tokens",
    "body": "callback bodies that are not objects or carry a token that is not a string",
    "header": "hostile Authorization header values",
    "key": "unusual secrets",
}


# ---------------------------------------------------------------------------
# Pieces specs
# ---------------------------------------------------------------------------


def repeat(text, count):
    return {"repeat": text, "count": count}


def pieces(*parts):
    """Return a pieces spec of parts, or the plain string when it is short enough.

    A part is a string, a repeat piece, or another pieces spec, whose pieces are inlined.
    Adjacent strings are merged and empty pieces dropped.
    """
    flat = []
    for part in parts:
        items = part["pieces"] if isinstance(part, dict) and "pieces" in part else [part]
        for item in items:
            if item == "" or (isinstance(item, dict) and item["count"] == 0):
                continue
            if isinstance(item, str) and flat and isinstance(flat[-1], str):
                flat[-1] += item
            else:
                flat.append(item)
    spec = {"pieces": flat}
    text = expand_text(spec)
    return text if len(text) <= MAX_LITERAL_CHARS else spec


def encode_runs(*parts):
    """Return pieces whose text is the base64url encoding of the given bytes.

    A part is literal bytes or a run (unit, count) meaning unit repeated count times. A run
    becomes one repeat piece, which needs it to start on a 3-byte boundary of the encoded
    bytes: the first bytes of the run join the literal text before it until it does.
    """
    out = []
    pending = b""
    plain = b""
    for part in parts:
        if isinstance(part, bytes):
            pending += part
            plain += part
            continue
        unit, count = part
        run = unit * count
        plain += run
        aligning = (-len(pending)) % 3
        pending += run[:aligning]
        rest = run[aligning:]
        # rest repeats with the period len(unit), so any lcm(len(unit), 3) bytes of it form a
        # block that both repeats and encodes to whole base64 quanta.
        block_len = len(unit) * 3 // math.gcd(len(unit), 3)
        blocks = len(rest) // block_len
        if len(pending) % 3 or blocks == 0:
            pending += rest
            continue
        out.append(b64url(pending))
        out.append(repeat(b64url(rest[:block_len]), blocks))
        pending = rest[blocks * block_len:]
    out.append(b64url(pending))
    spec = {"pieces": [item for item in out if item != ""]}
    if expand_text(spec) != b64url(plain):
        raise AssertionError("the encoded runs differ from the base64url of the bytes")
    return spec


def signed_token(header_spec, payload_spec, key=S32, alg="HS256"):
    """Return a token over two segment texts (strings or pieces specs), signed with key."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    signing_input = f"{expand_text(header_spec)}.{expand_text(payload_spec)}"
    signature = b64url(mac(alg, key, signing_input.encode("ascii")))
    return pieces(header_spec, ".", payload_spec, ".", signature)


def token_over_runs(*payload_parts, header=None):
    """Return a token signed with S32 whose payload is the given bytes and runs."""
    header_spec = HEADER_SEGMENT if header is None else header
    return signed_token(header_spec, encode_runs(*payload_parts))


def header_over_runs(*header_parts):
    """Return a token signed with S32 whose header is the given bytes and runs."""
    return signed_token(encode_runs(*header_parts), b64url(b'{"key":"doc-1"}'))


def token_with_payload(raw):
    return make_token(HS256_HEADER, raw, S32)


def token_with_header(raw):
    return make_token(raw, b'{"key":"doc-1"}', S32, "HS256")


def bearer(token):
    return [("Authorization", pieces("Bearer ", token))]


def verify_spec(name, description, token, expect, **options):
    """Build a verify vector with the S32 secret, where token may be a pieces spec."""
    if isinstance(token, str):
        return verify(name, description, token, S32_SECRET, expect, **options)
    if expect is ACCEPT:
        raise AssertionError(f"{name}: give the expected result of a pieces token explicitly")
    vector = verify(name, description, "", S32_SECRET, expect, **options)
    vector["token"] = token
    return vector


def callback_s32(name, description, expect, **request):
    return callback(name, description, S32_SETTINGS, expect, **request)


# ---------------------------------------------------------------------------
# Size
# ---------------------------------------------------------------------------


def padded_token(total_length):
    """Return a token of exactly total_length characters with claims {"key":"doc-1"}.

    The payload is padded with spaces, which JSON allows between tokens, so the claims stay
    small while the token reaches the length.
    """
    prefix, suffix = b'{"key":"doc-1"', b"}"
    fixed = len(HEADER_SEGMENT) + 2 + 43
    for spaces in range((total_length - fixed) * 3 // 4 - 16, (total_length - fixed) * 3 // 4 + 4):
        length = fixed + math.ceil((len(prefix) + spaces + len(suffix)) * 4 / 3)
        if length == total_length:
            return token_over_runs(prefix, (b" ", spaces), suffix)
    raise AssertionError(f"no padded token has exactly {total_length} characters")


def size_vectors():
    vectors = []
    malformed = error("ERR_JWT_MALFORMED")
    base_token = make_token(HS256_HEADER, {"key": "doc-1", "status": 2}, S32)
    signing_input, signature = base_token.rsplit(".", 1)

    vectors.append(verify_spec(
        "size_empty_token",
        "The empty string is malformed, because a token has three segments and the first "
        "must not be empty.",
        "", malformed))
    at_limit = padded_token(MAX_TOKEN_BYTES)
    vectors.append(verify_spec(
        "size_exactly_1_mib_accepted",
        "A correctly signed token of exactly 1048576 characters, its payload padded with "
        "spaces, is accepted, because the default limit of 1 MiB is inclusive.",
        at_limit, {"header": HS256_HEADER, "claims": {"key": "doc-1"}}))
    vectors.append(verify_spec(
        "size_1_mib_plus_one_rejected",
        "A correctly signed token of 1048577 characters, one over the default limit of "
        "1 MiB, is malformed before its signature is computed.",
        padded_token(MAX_TOKEN_BYTES + 1), malformed))
    vectors.append(verify_spec(
        "size_4_mib_token",
        "A correctly signed token of about 4 MiB whose payload is padded with spaces is "
        "malformed, because it exceeds the 1 MiB limit.",
        token_over_runs(b'{"key":"doc-1"', (b" ", 3 * MiB), b"}"), malformed))
    vectors.append(verify_spec(
        "size_megabyte_signature",
        "A token whose signature segment is 1000000 characters of A, so that the whole token "
        "stays under 1 MiB, fails the signature check because the signature is not 32 bytes.",
        pieces(signing_input, ".", repeat("A", 1_000_000)),
        error("ERR_JWS_SIGNATURE_INVALID")))
    vectors.append(verify_spec(
        "size_signature_over_limit",
        "A token whose signature segment is 1200000 characters of A is malformed, because the "
        "token exceeds the 1 MiB limit.",
        pieces(signing_input, ".", repeat("A", 1_200_000)), malformed))
    tag = base.b64url_decode(signature)
    vectors.append(verify_spec(
        "size_signature_tag_twice",
        "A token whose signature is the correct 32-byte HS256 tag written twice (64 bytes) "
        "fails the signature check, because the tag must match exactly, not as a prefix.",
        f"{signing_input}.{b64url(tag + tag)}", error("ERR_JWS_SIGNATURE_INVALID")))
    vectors.append(verify_spec(
        "size_ten_thousand_dots",
        "A token of 10000 dots and nothing else is malformed, because it has 10001 segments.",
        "." * 10000, malformed))
    expired = error("ERR_JWT_EXPIRED")
    vectors.append(verify_spec(
        "size_wide_array",
        "A correctly signed payload holding an array of 390000 zeros is parsed in full and "
        "then rejected because its exp is 1 s in the past.",
        token_over_runs(b'{"exp":%d,"a":[' % PAST, (b"0,", 389_999), b"0]}"), expired))
    vectors.append(verify_spec(
        "size_escape_heavy_string",
        "A correctly signed payload whose string is 100000 escapes \\u00e9 is decoded in full "
        "and then rejected because its exp is 1 s in the past.",
        token_over_runs(b'{"exp":%d,"s":"' % PAST, (b"\\u00e9", 100_000), b'"}'), expired))
    return vectors


# ---------------------------------------------------------------------------
# Depth
# ---------------------------------------------------------------------------


def depth_vectors():
    vectors = []
    invalid = error("ERR_JSON_INVALID")
    vectors.append(verify_spec(
        "depth_payload_100000_arrays",
        "A correctly signed payload {\"a\": ...} with 100000 nested arrays inside is invalid "
        "JSON, because nesting is limited to 128 levels.",
        token_over_runs(b'{"a":', (b"[", 100_000), (b"]", 100_000), b"}"), invalid))
    vectors.append(verify_spec(
        "depth_payload_30000_objects",
        "A correctly signed payload of 30000 objects nested as {\"a\":{\"a\":...}} is invalid "
        "JSON, because nesting is limited to 128 levels.",
        token_over_runs((b'{"a":', 30_000), b"1", (b"}", 30_000)), invalid))
    vectors.append(verify_spec(
        "depth_payload_unclosed_arrays",
        "A correctly signed payload of {\"a\": followed by 100000 [ and no closing bracket is "
        "invalid JSON, rejected at the depth limit before the end of the input is reached.",
        token_over_runs(b'{"a":', (b"[", 100_000)), invalid))
    vectors.append(verify_spec(
        "depth_payload_alternating",
        "A correctly signed payload with 20000 levels of arrays and objects alternating "
        "([{\"a\":[{\"a\":...) is invalid JSON, because nesting is limited to 128 levels.",
        token_over_runs(b'{"a":', (b'[{"a":', 20_000), b"0", (b"}]", 20_000), b"}"), invalid))
    vectors.append(verify_spec(
        "depth_header_100000_arrays",
        "A correctly signed header with 100000 nested arrays inside is malformed, because its "
        "segment is longer than the 16 KiB header limit and is rejected before it is parsed.",
        header_over_runs(b'{"alg":"HS256","x":', (b"[", 100_000), (b"]", 100_000), b"}"),
        error("ERR_JWT_MALFORMED")))
    vectors.append(verify_spec(
        "depth_header_5000_arrays",
        "A correctly signed header {\"alg\":\"HS256\",\"x\": ...} with 5000 nested arrays "
        "inside is invalid JSON, because the header has the same depth limit as the payload.",
        header_over_runs(b'{"alg":"HS256","x":', (b"[", 5_000), (b"]", 5_000), b"}"),
        invalid))
    depth_128 = b'{"a":' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}"
    vectors.append(verify_spec(
        "depth_payload_128_accepted",
        "A payload object holding 127 nested arrays is 128 levels deep, exactly the limit, "
        "so it is accepted.",
        token_with_payload(depth_128), ACCEPT))
    depth_129 = b'{"a":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"
    vectors.append(verify_spec(
        "depth_payload_129_rejected",
        "A payload object holding 128 nested arrays is 129 levels deep, one over the limit, "
        "so it is invalid JSON.",
        token_with_payload(depth_129), invalid))
    vectors.append(verify_spec(
        "depth_header_129_rejected",
        "A header object holding 128 nested arrays is 129 levels deep, one over the limit, "
        "so it is invalid JSON.",
        token_with_header(b'{"alg":"HS256","x":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"),
        invalid))

    deep_callback = token_over_runs(
        b'{"key":"doc-1","status":2,"url":"https://ds.example/out.docx","x":',
        (b"[", 50_000), (b"]", 50_000), b"}")
    vectors.append(callback_s32(
        "depth_callback_body_token",
        "A callback body token whose signed payload nests 50000 arrays is invalid JSON, "
        "although its signature is correct.",
        invalid, body_raw=pieces('{"token":"', deep_callback, '"}')))
    deep_wrapped = token_over_runs(
        b'{"payload":{"key":"doc-1","status":4,"x":', (b"[", 50_000), (b"]", 50_000), b"}}")
    vectors.append(callback_s32(
        "depth_callback_header_token",
        "A callback header token whose signed payload nests 50000 arrays is invalid JSON, "
        "although its signature is correct.",
        invalid, body={}, headers=bearer(deep_wrapped)))
    vectors.append(callback_s32(
        "depth_callback_raw_body_with_header",
        "A raw callback body of 1000000 [ starts as JSON but is nested deeper than 128 levels, "
        "so it is rejected as invalid JSON, although the header token is valid.",
        error("ERR_JSON_INVALID"), body_raw=pieces(repeat("[", 1_000_000)),
        headers=bearer(CB_WRAPPED)))
    return vectors


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def time_token(claims_json):
    return token_with_payload(b'{"key":"doc-1",' + claims_json + b"}")


def number_vectors():
    vectors = []
    claim_invalid = error("ERR_JWT_CLAIM_INVALID")
    absurd = [
        ("number_exp_1e309", b'"exp":1e309',
         "exp 1e309, which overflows a 64-bit float to infinity,"),
        ("number_exp_minus_1e309", b'"exp":-1e309',
         "exp -1e309, which overflows a 64-bit float to minus infinity,"),
        ("number_exp_1e20", b'"exp":1e20', "exp 1e20, a finite time after the year 9999,"),
        ("number_exp_2_pow_64", b'"exp":18446744073709551616', "exp 2^64 written in full"),
        ("number_exp_before_year_1", b'"exp":-62135596801',
         "exp -62135596801, one second before 0001-01-01T00:00:00Z,"),
        ("number_exp_huge_exponent", b'"exp":1e99999999999999999999',
         "exp 1e99999999999999999999, whose exponent itself overflows 64 bits,"),
        ("number_iat_minus_1e309", b'"iat":-1e309', "iat -1e309, with verify_iat off,"),
    ]
    for name, claims_json, text in absurd:
        vectors.append(verify_spec(
            name,
            f"A correctly signed token with {text} has an invalid time claim, because time "
            "claims must lie within the years 0001 to 9999.",
            time_token(claims_json), claim_invalid))
    vectors.append(verify_spec(
        "number_exp_100000_digits",
        "A correctly signed token whose exp is an integer of 100000 digits has an invalid "
        "time claim, because it lies far after the year 9999.",
        token_over_runs(b'{"key":"doc-1","exp":', (b"9", 100_000), b"}"), claim_invalid))
    vectors.append(verify_spec(
        "number_exp_underflow",
        "A token with exp 1e-400, which underflows to 0 (1970-01-01), is expired rather than "
        "invalid, because 0 is a valid time.",
        time_token(b'"exp":1e-400'), error("ERR_JWT_EXPIRED")))
    big = (b'{"key":"doc-1","id":9007199254740993,"big":340282366920938463463374607431768211457,'
           b'"neg":-18446744073709551617}')
    vectors.append(verify_spec(
        "number_big_integers_kept",
        "A token with the integers 2^53+1, 2^128+1 and -(2^64+1) outside the time claims is "
        "accepted, and a runner whose JSON keeps integers exact gets the same digits back.",
        token_with_payload(big), ACCEPT))
    vectors.append(verify_spec(
        "number_huge_integer_elsewhere",
        "A token whose member n is an integer of 100000 digits is valid JSON, so it is parsed "
        "and then rejected only because its exp is 1 s in the past.",
        token_over_runs(b'{"exp":%d,"n":' % PAST, (b"7", 100_000), b"}"),
        error("ERR_JWT_EXPIRED")))
    vectors.append(verify_spec(
        "number_huge_exponent_elsewhere",
        "A token with x 1e999999999 and y -1e-999999999 outside the time claims is valid JSON, "
        "because numbers are kept as text, so only its past exp rejects it.",
        token_with_payload(b'{"exp":%d,"x":1e999999999,"y":-1e-999999999}' % PAST),
        error("ERR_JWT_EXPIRED")))
    huge_status = token_over_runs(b'{"key":"doc-1","status":', (b"2", 100_000),
                                  b',"url":"https://ds.example/o"}')
    vectors.append(callback_s32(
        "number_callback_status_100000_digits",
        "A callback body token whose status is an integer of 100000 digits is a shape error, "
        "because status must be an integer from 0 to 7, and the error message must stay short.",
        error("ERR_DS_PAYLOAD_SHAPE"), body_raw=pieces('{"token":"', huge_status, '"}')))
    vectors.append(callback_s32(
        "number_callback_iat_1e309",
        "A callback header token with iat 1e309 has an invalid time claim, because iat must be "
        "a valid time even though verify_callback never compares it with the clock.",
        claim_invalid, body={},
        headers=bearer(token_with_payload(
            b'{"payload":{"key":"doc-1","status":4},"iat":1e309}'))))

    invalid = error("ERR_JSON_INVALID")
    literals = [
        ("number_payload_infinity", b'{"key":"doc-1","x":Infinity}',
         "A payload with the literal Infinity is not JSON, although JavaScript and Python "
         "write it for an infinite float."),
    ]
    for name, payload, description in literals:
        vectors.append(verify_spec(name, description, token_with_payload(payload), invalid))
    vectors.append(verify_spec(
        "number_header_nan",
        "A header {\"alg\":\"HS256\",\"x\":NaN} is not JSON, so the token is rejected before "
        "alg is read.",
        token_with_header(b'{"alg":"HS256","x":NaN}'), invalid))
    return vectors


# ---------------------------------------------------------------------------
# UTF-8, surrogates and NUL
# ---------------------------------------------------------------------------


def utf8_vectors():
    invalid = error("ERR_JSON_INVALID")
    cases = [
        ("utf8_overlong_two_bytes", b'{"key":"doc\xc0\xaf"}',
         "the overlong two-byte form C0 AF of /"),
        ("utf8_overlong_three_bytes", b'{"key":"doc\xe0\x80\xaf"}',
         "the overlong three-byte form E0 80 AF of /"),
        ("utf8_overlong_four_bytes", b'{"key":"doc\xf0\x80\x80\xaf"}',
         "the overlong four-byte form F0 80 80 AF of /"),
        ("utf8_above_max_code_point", b'{"key":"doc\xf4\x90\x80\x80"}',
         "F4 90 80 80, which would encode U+110000, above the last code point U+10FFFF,"),
        ("utf8_truncated_sequence", b'{"key":"doc\xe2\x82"}',
         "E2 82, the first two bytes of the three-byte euro sign, before the closing quote,"),
        ("utf8_latin1_byte", b'{"key":"caf\xe9"}',
         "the Latin-1 byte E9 for e acute, as a host that does not encode UTF-8 writes it,"),
        ("utf8_cesu8_pair", b'{"key":"\xed\xa0\xbd\xed\xb8\x80"}',
         "ED A0 BD ED B8 80, U+1F600 encoded as two UTF-8 surrogates (CESU-8),"),
        ("utf8_in_member_name", b'{"k\xfey":"doc-1"}',
         "the byte FE, which never occurs in UTF-8, inside a member name,"),
    ]
    vectors = []
    for name, payload, text in cases:
        vectors.append(verify_spec(
            name,
            f"A correctly signed payload containing {text} is invalid JSON, because the text "
            "is not valid UTF-8.",
            token_with_payload(payload), invalid))
    return vectors


def surrogate_vectors():
    lone_in_values = [
        ("surrogate_lone_low", token_with_payload(b'{"key":"\\udc00"}'),
         "the payload string escape \\udc00, a low surrogate with no high surrogate before it,"),
        ("surrogate_high_then_letter_escape", token_with_payload(b'{"key":"\\ud800\\u0041"}'),
         "the payload string escapes \\ud800\\u0041, a high surrogate followed by an escaped "
         "letter,"),
        ("surrogate_pair_reversed", token_with_payload(b'{"key":"\\ude00\\ud83d"}'),
         "the payload string escapes \\ude00\\ud83d, a surrogate pair in reverse order,"),
        ("surrogate_in_header", token_with_header(b'{"alg":"HS256","kid":"\\udfff"}'),
         "the header kid \\udfff, a lone low surrogate,"),
    ]
    vectors = [verify_spec(name, f"A correctly signed token with {text} is accepted, as "
                           "JSON.parse and json.loads accept it: each lone surrogate stays a "
                           "lone surrogate where strings can hold one and is U+FFFD in Rust.",
                           token, ACCEPT)
               for name, token, text in lone_in_values]
    vectors.append(verify_spec(
        "surrogate_in_member_name",
        "A correctly signed token with a payload member name ending in the escape \\ud800 is "
        "invalid JSON, because member names must be exact Unicode text.",
        token_with_payload(b'{"key\\ud800":"doc-1"}'), error("ERR_JSON_INVALID")))
    return vectors


def nul_vectors():
    invalid = error("ERR_JSON_INVALID")
    vectors = [
        verify_spec(
            "nul_raw_in_string",
            "A payload string containing a raw NUL byte is invalid JSON, because control "
            "characters inside strings must be escaped.",
            token_with_payload(b'{"key":"doc\x00-1"}'), invalid),
        verify_spec(
            "nul_escaped_in_string",
            "A payload string containing the escape \\u0000 is valid JSON and decodes to a "
            "string with a NUL character.",
            token_with_payload(b'{"key":"doc\\u0000-1"}'), ACCEPT),
        verify_spec(
            "nul_raw_between_members",
            "A payload with a raw NUL byte between two members is invalid JSON, because NUL "
            "is not JSON whitespace.",
            token_with_payload(b'{"key":"doc-1",\x00"status":2}'), invalid),
        verify_spec(
            "nul_names_differ",
            "A payload with the members a and a\\u0000 is accepted, because the two names "
            "differ by the NUL character and are not duplicates.",
            token_with_payload(b'{"a":1,"a\\u0000":2}'), ACCEPT),
    ]
    base_token = make_token(HS256_HEADER, {"key": "doc-1", "status": 2}, S32)
    middle = base_token.index(".") + 5
    vectors.append(verify_spec(
        "nul_inside_token",
        "A token with a NUL character inside its payload segment is malformed, because NUL is "
        "not in the base64url alphabet.",
        base_token[:middle] + "\x00" + base_token[middle:], error("ERR_JWT_MALFORMED")))
    return vectors


# ---------------------------------------------------------------------------
# Header and payload shapes, alg and crit
# ---------------------------------------------------------------------------


def shape_vectors():
    invalid = error("ERR_JSON_INVALID")
    payloads = [
        ("shape_payload_string", b'"doc-1"', "the JSON string \"doc-1\""),
        ("shape_payload_number", b"1700000300", "the JSON number 1700000300"),
        ("shape_payload_null", b"null", "null"),
        ("shape_payload_true", b"true", "true"),
    ]
    vectors = [verify_spec(
        name, f"A correctly signed payload that is {text} is invalid, because the claims set "
        "must be a JSON object.", token_with_payload(payload), invalid)
        for name, payload, text in payloads]
    vectors.append(verify_spec(
        "shape_header_string",
        "A correctly signed header that is the JSON string \"HS256\" is invalid, because the "
        "JOSE header must be a JSON object.",
        token_with_header(b'"HS256"'), invalid))
    vectors.append(verify_spec(
        "shape_header_null",
        "A correctly signed header that is null is invalid, because the JOSE header must be a "
        "JSON object.",
        token_with_header(b"null"), invalid))
    return vectors


def alg_vectors():
    not_allowed = error("ERR_JWT_ALG_NOT_ALLOWED")
    headers = [
        ("alg_missing", b'{"typ":"JWT"}', "no alg member"),
        ("alg_null", b'{"alg":null}', "alg null"),
        ("alg_number", b'{"alg":256}', "alg 256, a number"),
        ("alg_object", b'{"alg":{"name":"HS256"}}', "alg {\"name\":\"HS256\"}, an object"),
        ("alg_mixed_case", b'{"alg":"Hs256"}', "alg Hs256 in mixed case"),
        ("alg_none", b'{"alg":"none"}', "alg none"),
        ("alg_none_capitalized", b'{"alg":"None"}', "alg None"),
        ("alg_trailing_space", b'{"alg":"HS256 "}', "alg \"HS256 \" with a trailing space"),
        ("alg_trailing_nul", b'{"alg":"HS256\\u0000"}', "alg HS256 followed by an escaped NUL"),
    ]
    vectors = [verify_spec(
        name, f"A header with {text}, signed with HS256, is rejected as an algorithm that is not "
        "allowed, because alg must be exactly HS256, HS384 or HS512.",
        token_with_header(header), not_allowed)
        for name, header, text in headers]
    vectors.append(verify_spec(
        "alg_none_empty_signature",
        "A token with alg none and an empty signature is rejected as not allowed, although "
        "its header and payload are well formed.",
        b64url(b'{"alg":"none","typ":"JWT"}') + "." + b64url(b'{"key":"doc-1"}') + ".",
        not_allowed))
    vectors.append(verify_spec(
        "alg_700_kb_string",
        "A correctly signed header whose alg is 700000 letters A is malformed, because its "
        "segment is longer than the 16 KiB header limit.",
        header_over_runs(b'{"alg":"', (b"A", 700_000), b'"}'), error("ERR_JWT_MALFORMED")))
    vectors.append(verify_spec(
        "alg_8000_letters",
        "A correctly signed header whose alg is 8000 letters A is rejected as not allowed, "
        "and the error message quotes only the start of it.",
        header_over_runs(b'{"alg":"', (b"A", 8_000), b'"}'), not_allowed))
    vectors.append(verify_spec(
        "alg_empty_allow_list",
        "A correctly signed HS256 token is rejected as not allowed when the caller's "
        "allow-list is empty.",
        make_token(HS256_HEADER, {"key": "doc-1"}, S32), not_allowed, algorithms=[]))
    return vectors


def crit_vectors():
    unsupported = error("ERR_JWS_CRIT_UNSUPPORTED")
    headers = [
        ("crit_b64", b'{"alg":"HS256","b64":false,"crit":["b64"]}',
         "crit [\"b64\"] and b64 false (RFC 7797 unencoded payload)"),
        ("crit_string", b'{"alg":"HS256","crit":"exp"}', "crit \"exp\" as a string, not a list,"),
        ("crit_null", b'{"alg":"HS256","crit":null}', "crit null"),
    ]
    vectors = [verify_spec(
        name, f"A correctly signed header with {text} is rejected, because the library "
        "implements no critical header parameter.", token_with_header(header), unsupported)
        for name, header, text in headers]
    vectors.append(verify_spec(
        "crit_missing_for_b64_false",
        "A correctly signed header with b64 false but no crit is malformed: RFC 7797 requires "
        "crit to list b64, and a verifier that ignored b64 would read the raw payload the "
        "signer meant as base64url.",
        token_with_header(b'{"alg":"HS256","b64":false}'),
        error("ERR_JWT_MALFORMED")))
    vectors.append(verify_spec(
        "crit_20000_names",
        "A correctly signed header whose crit lists 20000 names is malformed, because its "
        "segment is longer than the 16 KiB header limit.",
        header_over_runs(b'{"alg":"HS256","crit":[', (b'"exp",', 19_999), b'"exp"]}'),
        error("ERR_JWT_MALFORMED")))
    vectors.append(verify_spec(
        "crit_1500_names",
        "A correctly signed header whose crit lists 1500 names is rejected, and the error "
        "message must stay short.",
        header_over_runs(b'{"alg":"HS256","crit":[', (b'"exp",', 1_499), b'"exp"]}'),
        unsupported))
    vectors.append(verify_spec(
        "crit_huge_nested_item",
        "A correctly signed header whose crit lists one array of 300000 zeros is malformed, "
        "because its segment is longer than the 16 KiB header limit.",
        header_over_runs(b'{"alg":"HS256","crit":[[', (b"0,", 299_999), b"0]]}"),
        error("ERR_JWT_MALFORMED")))
    vectors.append(verify_spec(
        "crit_nested_item_5000_zeros",
        "A correctly signed header whose crit lists one array of 5000 zeros is rejected, "
        "and the error message must stay short.",
        header_over_runs(b'{"alg":"HS256","crit":[[', (b"0,", 4_999), b"0]]}"),
        unsupported))
    return vectors


# ---------------------------------------------------------------------------
# Base64url form and characters inside the token
# ---------------------------------------------------------------------------


def first_json_with_char(prefix, char):
    """Return prefix + a string of > characters + "}, the first whose base64url contains char."""
    for count in range(1, 64):
        text = prefix + b">" * count + b'"}'
        if char in b64url(text):
            return text
    raise AssertionError(f"no JSON text after {prefix!r} encodes with {char!r}")


def base64_vectors():
    key = S32.encode("ascii")
    malformed = error("ERR_JWT_MALFORMED")
    payload_segment = b64url(b'{"key":"doc-1"}')

    loose_header = b64url(b'{"alg":"HS256","kid":"k1"}')
    vectors = [verify_spec(
        "base64_header_non_canonical",
        "A header segment whose last character has a nonzero unused bit is malformed even "
        "though the signature was computed over that text.",
        base.sign_segments(base.set_unused_low_bit(loose_header), payload_segment, key),
        malformed)]

    dash_header = b64url(first_json_with_char(b'{"alg":"HS256","kid":"', "-")).replace("-", "+")
    vectors.append(verify_spec(
        "base64_header_plus",
        "A header segment with + from the standard base64 alphabet in place of - is malformed "
        "even though the signature was computed over that text.",
        base.sign_segments(dash_header, payload_segment, key), malformed))

    plus_payload = b64url(first_json_with_char(b'{"key":"', "-")).replace("-", "+")
    vectors.append(verify_spec(
        "base64_payload_plus",
        "A payload segment with + from the standard base64 alphabet in place of - is malformed "
        "even though the signature was computed over that text.",
        base.sign_segments(HEADER_SEGMENT, plus_payload, key), malformed))

    vectors.append(verify_spec(
        "base64_header_padded",
        "A header segment with = padding is malformed even though the signature was computed "
        "over the padded text.",
        base.sign_segments(HEADER_SEGMENT + "=", payload_segment, key), malformed))

    token = make_token(HS256_HEADER, {"key": "doc-1"}, S32)
    vectors.append(verify_spec(
        "base64_percent_encoded_dots",
        "A token whose dots arrive percent-encoded as %2E is malformed, because it has one "
        "segment and % is not in the base64url alphabet.",
        token.replace(".", "%2E"), malformed))
    return vectors


def char_vectors():
    malformed = error("ERR_JWT_MALFORMED")
    token = make_token(HS256_HEADER, {"key": "doc-1", "status": 2}, S32)
    header_end = token.index(".")
    payload_middle = header_end + 12
    signature_middle = token.rindex(".") + 10
    cases = [
        ("char_tab_in_signature", token[:signature_middle] + "\t" + token[signature_middle:],
         "a tab inside the signature segment"),
        ("char_crlf_in_payload", token[:payload_middle] + "\r\n" + token[payload_middle:],
         "CR LF inside the payload segment, as a folded header line carries it,"),
        ("char_non_ascii_letter", token[:payload_middle] + "é" + token[payload_middle:],
         "the letter é inside the payload segment"),
        ("char_zero_width_space", token + "\u200b", "a trailing zero-width space U+200B"),
        ("char_fullwidth_dots", token.replace(".", "\uff0e"),
         "fullwidth full stops U+FF0E in place of both dots"),
        ("char_byte_order_mark", "\ufeff" + token, "a leading byte order mark U+FEFF"),
    ]
    return [verify_spec(name, f"A valid token with {text} is malformed, because only "
                        "base64url characters and two dots may occur in a token.", value,
                        malformed)
            for name, value, text in cases]


# ---------------------------------------------------------------------------
# Time claim types
# ---------------------------------------------------------------------------


def time_vectors():
    claim_invalid = error("ERR_JWT_CLAIM_INVALID")
    wrong_values = [
        ("string", b'"1700000300"', "the string \"1700000300\""),
        ("boolean", b"true", "true"),
        ("null", b"null", "null"),
        ("array", b"[1700000300]", "the array [1700000300]"),
        ("object", b'{"$date":1700000300}', "the object {\"$date\":1700000300}"),
    ]
    vectors = []
    for claim in ("exp", "nbf", "iat"):
        for type_name, value, text in wrong_values:
            vectors.append(verify_spec(
                f"time_{claim}_{type_name}",
                f"A correctly signed token whose {claim} is {text} has an invalid {claim} claim, "
                "because time claims must be JSON numbers even when their check is off.",
                time_token(b'"' + claim.encode() + b'":' + value), claim_invalid))
    return vectors


# ---------------------------------------------------------------------------
# Duplicate members
# ---------------------------------------------------------------------------


def duplicate_vectors():
    duplicate = error("ERR_JSON_DUPLICATE_MEMBER")
    deep = b'{"a":' + b'{"b":' * 99 + b'{"c":1,"c":2}' + b"}" * 99 + b"}"
    seventeen = b"{" + b",".join(b'"m%d":%d' % (index, index) for index in range(16)) \
        + b',"m0":16}'
    payloads = [
        ("duplicate_nested_in_array",
         b'{"key":"doc-1","list":[{"b":1},{"b":2,"b":3}]}',
         "a payload whose second object inside the array list has b twice"),
        ("duplicate_at_depth_101", deep, "a payload whose object 101 levels deep has c twice"),
        ("duplicate_escaped_solidus", b'{"a/b":1,"a\\/b":2}',
         "a payload with the names a/b and a\\/b, which are equal once the escaped solidus is "
         "decoded,"),
        ("duplicate_seventeenth_member", seventeen,
         "a payload whose seventeenth member repeats the name of the first"),
    ]
    vectors = [verify_spec(name, f"A correctly signed token with {text} is rejected as a "
                           "duplicate member.", token_with_payload(payload), duplicate)
               for name, payload, text in payloads]

    vectors.append(verify_spec(
        "duplicate_header_typ",
        "A correctly signed header with typ twice is rejected as a duplicate member.",
        token_with_header(b'{"alg":"HS256","typ":"JWT","typ":"JOSE"}'), duplicate))
    vectors.append(verify_spec(
        "duplicate_header_escaped_alg",
        "A header with alg HS256 and then \\u0061lg HS512, signed with HS256, is rejected as a "
        "duplicate member, because names are compared after escapes are decoded.",
        token_with_header(b'{"alg":"HS256","\\u0061lg":"HS512"}'), duplicate))
    vectors.append(verify_spec(
        "duplicate_unicode_forms_accepted",
        "A payload with the name caf\\u00e9 (precomposed) and cafe\\u0301 (combining accent) is "
        "accepted, because names are compared by code points without normalization.",
        token_with_payload(b'{"caf\\u00e9":1,"cafe\\u0301":2}'), ACCEPT))

    vectors.append(callback_s32(
        "duplicate_callback_status",
        "A callback header token whose payload object has status 2 and then status 0 is "
        "rejected as a duplicate member, so no reader can pick either value.",
        duplicate, body={},
        headers=bearer(token_with_payload(
            b'{"payload":{"key":"doc-1","status":2,"url":"https://ds.example/o","status":0}}'))))
    vectors.append(callback_s32(
        "duplicate_callback_payload_member",
        "A callback header token with two payload members is rejected as a duplicate member.",
        duplicate, body={},
        headers=bearer(token_with_payload(
            b'{"payload":{"key":"doc-1","status":4},"payload":{"key":"doc-2","status":4}}'))))
    other = make_token(HS256_HEADER, {"key": "doc-2", "status": 4}, S32)
    vectors.append(callback_s32(
        "duplicate_callback_body_token",
        "A raw callback body with two token members starts as JSON but is not strict JSON, so "
        "it is rejected for the repeated member.",
        error("ERR_JSON_DUPLICATE_MEMBER"),
        body_raw='{"token":"' + base.CB_FLAT + '","token":"' + other + '"}'))
    return vectors


# ---------------------------------------------------------------------------
# Callback requests: payload wrappers, bodies and headers
# ---------------------------------------------------------------------------


def wrapper_vectors():
    shape = error("ERR_DS_PAYLOAD_SHAPE")
    wrappers = [
        ("null", None, "null"),
        ("string", json.dumps(CB_FIELDS), "a string of JSON text"),
        ("number", 2, "the number 2"),
        ("array", [CB_FIELDS], "an array holding the callback fields"),
        ("boolean", True, "true"),
    ]
    vectors = []
    for type_name, value, text in wrappers:
        token = make_token(HS256_HEADER, {"payload": value, "iat": NOW, "exp": NOW + 300}, S32)
        vectors.append(callback_s32(
            f"wrapper_payload_{type_name}",
            f"A correctly signed callback header token whose payload member is {text} is a "
            "shape error, because a header token must wrap the fields in an object.",
            shape, body={}, headers=bearer(token)))
    return vectors


def body_vectors():
    shape = error("ERR_DS_PAYLOAD_SHAPE")
    missing = error("ERR_DS_TOKEN_MISSING")
    vectors = [callback_s32(
        "body_not_json",
        "A raw callback body of XML is not JSON, so it has no body token and, with no header, "
        "the token is missing.",
        missing, body_raw='<?xml version="1.0"?><callback status="2"/>')]
    raw_bodies = [
        ("body_raw_array", json.dumps([{**CB_FIELDS, "token": base.CB_FLAT}]),
         "a JSON array holding a callback object with a valid token"),
        ("body_raw_string", json.dumps(base.CB_FLAT), "a JSON string holding a valid token"),
        ("body_raw_number", "2", "the JSON number 2"),
        ("body_raw_null", "null", "the JSON literal null"),
    ]
    for name, body_raw, text in raw_bodies:
        vectors.append(callback_s32(
            name,
            f"A raw callback body that is {text} is a shape error, although a valid header "
            "token is present, because a JSON callback body must be an object.",
            shape, body_raw=body_raw, headers=bearer(CB_WRAPPED)))
    vectors.append(callback_s32(
        "body_parsed_array",
        "A parsed callback body that is a JSON array is a shape error, although a valid header "
        "token is present, because a JSON callback body must be an object.",
        shape, body=[{**CB_FIELDS, "token": base.CB_FLAT}], headers=bearer(CB_WRAPPED)))
    tokens = [
        ("object", {"token": base.CB_FLAT}, "an object"),
        ("array", [base.CB_FLAT], "an array holding a valid token"),
        ("boolean", True, "true"),
        ("number", 0, "the number 0"),
        ("null", None, "null"),
    ]
    for type_name, value, text in tokens:
        vectors.append(callback_s32(
            f"body_token_{type_name}",
            f"A callback body whose token member is {text} is a shape error, although a valid "
            "header token is present, because a present token member must be a string.",
            shape, body={**CB_FIELDS, "token": value}, headers=bearer(CB_WRAPPED)))
    vectors.append(callback_s32(
        "body_4_mib_array",
        "A raw callback body that is a JSON array of 2 million zeros is parsed and then "
        "rejected as a shape error, because a JSON callback body must be an object.",
        shape, body_raw=pieces("[", repeat("0,", 2 * MiB - 1), "0]")))
    vectors.append(callback_s32(
        "body_token_2_mib",
        "A raw callback body whose token member is 2 MiB of base64url text is malformed, "
        "because the token exceeds the 1 MiB limit.",
        error("ERR_JWT_MALFORMED"),
        body_raw=pieces('{"token":"', HEADER_SEGMENT, ".", repeat("AAAA", MiB // 2), ".A"
                        + "A" * 42 + '"}')))
    return vectors


def header_vectors():
    invalid = error("ERR_DS_HEADER_INVALID")
    missing = error("ERR_DS_TOKEN_MISSING")
    malformed = error("ERR_JWT_MALFORMED")
    other = make_token(HS256_HEADER, {"payload": {"key": "doc-2", "status": 4}}, S32)
    value_cases = [
        ("header_crlf_injection", "Bearer " + CB_WRAPPED + "\r\nX-Injected: 1",
         "a valid token followed by CR LF and a second header line", invalid),
        ("header_two_credentials", f"Bearer {CB_WRAPPED}, Bearer {other}",
         "two credentials, Bearer a, Bearer b, both correctly signed,", invalid),
        ("header_prefix_upper_case", "BEARER " + CB_WRAPPED,
         "the prefix BEARER in upper case", invalid),
        ("header_prefix_only", "Bearer ", "only the prefix Bearer and a space", missing),
        ("header_prefix_without_space", "Bearer",
         "the word Bearer without the space, as HTTP parsers pass on a trimmed prefix-only value,", missing),
        ("header_double_space", "Bearer  " + CB_WRAPPED,
         "two spaces after Bearer, so the token starts with a space,", malformed),
        ("header_nul_after_token", "Bearer " + CB_WRAPPED + "\x00",
         "a NUL character after a valid token", malformed),
    ]
    outcomes = {
        "ERR_DS_HEADER_INVALID": "is invalid, so no token in it is verified",
        "ERR_DS_TOKEN_MISSING": "has no token after the prefix, so the token is missing",
        "ERR_JWT_MALFORMED": "passes the prefix check but leaves a token that is malformed",
    }
    vectors = []
    for name, value, text, expect in value_cases:
        vectors.append(callback_s32(
            name,
            f"An Authorization header holding {text} {outcomes[expect['error']]}.",
            expect, body={}, headers=[("Authorization", value)]))

    vectors.append(callback_s32(
        "header_given_twice_same_case",
        "Two Authorization headers, both holding the same valid token, are invalid, because "
        "two values for one header are ambiguous.",
        invalid, body={},
        headers=[("Authorization", "Bearer " + CB_WRAPPED),
                 ("Authorization", "Bearer " + CB_WRAPPED)]))
    vectors.append(callback_s32(
        "header_given_twice_one_empty",
        "An empty Authorization header followed by one with a valid token is invalid, because "
        "the header is given twice.",
        invalid, body={},
        headers=[("Authorization", ""), ("Authorization", "Bearer " + CB_WRAPPED)]))

    vectors.append(callback_s32(
        "header_3_mib_token",
        "An Authorization header of Bearer and 3 MiB of base64url text is malformed, because "
        "the token exceeds the 1 MiB limit.",
        malformed, body={},
        headers=[("Authorization", pieces("Bearer ", repeat("AAAA", 3 * MiB // 4)))]))
    vectors.append(callback_s32(
        "header_2_mib_without_prefix",
        "An Authorization header of 2 MiB of letters without the Bearer prefix is invalid, and "
        "the error message quotes only its start.",
        invalid, body={}, headers=[("Authorization", pieces(repeat("A", 2 * MiB)))]))
    vectors.append(callback_s32(
        "header_3_mib_of_commas",
        "An Authorization header of Bearer and 3 MiB of a, pairs is invalid, because it "
        "carries more than one credential.",
        invalid, body={},
        headers=[("Authorization", pieces("Bearer ", repeat("a,", 3 * MiB // 2)))]))
    vectors.append(callback_s32(
        "header_4_mib_unrelated",
        "A 4 MiB header X-Padding beside a valid Authorization token is ignored, so the "
        "callback is verified from the Authorization header.",
        WRAPPED_RESULT, body={},
        headers=[("X-Padding", pieces(repeat("x", 4 * MiB))),
                 ("Authorization", "Bearer " + CB_WRAPPED)]))

    vectors.append(callback_s32(
        "header_name_cyrillic_letter",
        "A header name that starts with the Cyrillic letter А (U+0410) instead of the Latin A "
        "does not match Authorization, so the token is missing.",
        missing, body={}, headers=[("\u0410uthorization", "Bearer " + CB_WRAPPED)]))
    return vectors


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


def key_vectors():
    long_secret = bytes(index % 251 for index in range(1000))
    return [
        base.key_policy(
            "key_single_nul_byte",
            "A secret of the single byte 00 is not empty, so the default policy off accepts it.",
            hexkey(b"\x00"), "HS256", "off", True),
        base.key_policy(
            "key_1000_bytes_strict",
            "A 1000-byte secret passes the strict policy for HS512, because only a minimum "
            "length applies.",
            hexkey(long_secret), "HS512", "strict", True),
        verify(
            "key_1000_bytes_verify",
            "An HS512 token signed with a 1000-byte secret verifies, because HMAC hashes a key "
            "longer than its block size first.",
            make_token({"alg": "HS512", "typ": "JWT"}, {"key": "doc-1"}, long_secret),
            hexkey(long_secret), ACCEPT, algorithms=["HS512"]),
    ]


# ---------------------------------------------------------------------------
# Validation and output
# ---------------------------------------------------------------------------

BUILDERS = (size_vectors, depth_vectors, number_vectors, utf8_vectors, surrogate_vectors,
            nul_vectors, shape_vectors, alg_vectors, crit_vectors, base64_vectors, char_vectors,
            time_vectors, duplicate_vectors, wrapper_vectors, body_vectors, header_vectors,
            key_vectors)


def longest_literal(value):
    """Return the length of the longest string anywhere in a JSON value."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max([longest_literal(item) for item in value.values()]
                   + [len(name) for name in value], default=0)
    if isinstance(value, list):
        return max((longest_literal(item) for item in value), default=0)
    return 0


def check_hostile(vectors):
    """Raise if a vector stores a long literal or its name has no known category."""
    for vector in vectors:
        category = vector["name"].split("_", 1)[0]
        if category not in CATEGORIES:
            raise AssertionError(f"{vector['name']}: unknown category {category!r}")
        if longest_literal(vector) > MAX_LITERAL_CHARS:
            raise AssertionError(f"{vector['name']}: a string over {MAX_LITERAL_CHARS} "
                                 "characters must be a pieces spec")


def other_documents():
    """Load the other vector files, so that names are checked for uniqueness across all."""
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(base.VECTOR_DIR.glob("*.json")) if path.name != FILE_NAME}


def generate():
    vectors = [vector for build in BUILDERS for vector in build()]
    check_hostile(vectors)
    document = {
        "description": "Hostile inputs: oversized, deeply nested or malformed tokens, JSON and "
                       "callback requests, each answered with one typed error.",
        "vectors": vectors,
    }
    base.validate_format({**other_documents(), FILE_NAME: document})
    return document


def main(argv):
    check_only = "--check" in argv[1:]
    document = generate()
    text = base.render(document)
    path = base.VECTOR_DIR / FILE_NAME
    stale = not path.exists() or path.read_text(encoding="utf-8") != text
    if stale and not check_only:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {FILE_NAME} ({len(text.encode('utf-8'))} bytes)")

    failures = check_vectors.check_documents({FILE_NAME: json.loads(text)})
    for failure in failures:
        print(failure, file=sys.stderr)

    counts = {}
    for vector in document["vectors"]:
        category = vector["name"].split("_", 1)[0]
        counts[category] = counts.get(category, 0) + 1
    print(f"{len(document['vectors'])} hostile vectors:")
    for category, description in CATEGORIES.items():
        print(f"  {category:<10} {counts.get(category, 0):>3}  {description}")

    if check_only and stale:
        print(f"out of date: {FILE_NAME} (rerun without --check)", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
