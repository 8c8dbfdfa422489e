//! The generic JWT functions behind the jsonwebtoken-compatible API.

use napi::bindgen_prelude::{Either, Env};
use napi_derive::napi;
use onlyoffice_jwt::{json, jws, Algorithm, Error, Validation};

use crate::errors::{to_js, Context};
use crate::integers::{places_json, reject_unsafe, unsafe_integers, Integers, Scan};
use crate::secrets::{keys_for, secret_bytes, JsSecret};
use crate::text::{AsciiText, JsonText, Text};

/// Bit of each algorithm in the `algorithms` mask of [`verify`], and the `algorithm` of [`sign`].
const ALGORITHM_BITS: [(u32, Algorithm); 3] = [
    (1, Algorithm::HS256),
    (2, Algorithm::HS384),
    (4, Algorithm::HS512),
];

/// Returns the header jsonwebtoken writes for the default options. It is the text of the
/// core's `standard_header`, without formatting it on every call.
fn standard_header(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::HS256 => r#"{"alg":"HS256","typ":"JWT"}"#,
        Algorithm::HS384 => r#"{"alg":"HS384","typ":"JWT"}"#,
        Algorithm::HS512 => r#"{"alg":"HS512","typ":"JWT"}"#,
    }
}

fn algorithms_in(mask: u32) -> Vec<Algorithm> {
    ALGORITHM_BITS
        .iter()
        .filter(|(bit, _)| mask & bit != 0)
        .map(|(_, algorithm)| *algorithm)
        .collect()
}

/// Signs exact header and payload JSON and returns the compact token.
///
/// `algorithm` is one bit of the `algorithms` mask of [`verify`]. Without `header_json`, the
/// header is `{"alg":...,"typ":"JWT"}`, which jsonwebtoken writes for the default options;
/// otherwise the caller is responsible for its `alg` matching `algorithm`. The payload is a
/// string (signed as UTF-8) or bytes (signed as they are). `members`, such as
/// `"iat":1700000000`, are added at the end of a payload that is a JSON object, as the caller
/// would by joining the strings, without making V8 join and flatten them.
#[napi(catch_unwind)]
pub fn sign(
    env: Env,
    header_json: Option<Text>,
    payload: Either<Text, &[u8]>,
    secret: JsSecret,
    algorithm: u32,
    members: Option<Text>,
) -> napi::Result<AsciiText> {
    let fail = |err| to_js(env, &err, Context::Jwt);
    let Some(&(_, algorithm)) = ALGORITHM_BITS.iter().find(|(bit, _)| *bit == algorithm) else {
        return Err(napi::Error::from_reason(format!(
            "unknown algorithm bit {algorithm}"
        )));
    };
    let keys = keys_for(secret_bytes(&secret)).map_err(fail)?;
    let mut payload: &[u8] = match &payload {
        Either::A(text) => text.as_str().as_bytes(),
        Either::B(bytes) => bytes,
    };
    let joined;
    if let Some(members) = members {
        joined = add_members(payload, members.as_str().as_bytes())?;
        payload = &joined;
    }
    let header = match &header_json {
        Some(header) => header.as_str(),
        None => standard_header(algorithm),
    };
    let token = jws::sign_raw(keys.signing_key(), algorithm, header.as_bytes(), payload);
    Ok(AsciiText(token))
}

/// Adds members to the JSON object text `object`: `{"a":1}` and `"b":2` give `{"a":1,"b":2}`.
fn add_members(object: &[u8], members: &[u8]) -> napi::Result<Vec<u8>> {
    let Some(body) = object
        .strip_suffix(b"}")
        .filter(|body| body.starts_with(b"{"))
    else {
        return Err(napi::Error::from_reason(
            "members can only be added to a JSON object",
        ));
    };
    let mut joined = Vec::with_capacity(object.len() + members.len() + 1);
    joined.extend_from_slice(body);
    if body[1..].iter().any(|byte| !byte.is_ascii_whitespace()) {
        joined.push(b',');
    }
    joined.extend_from_slice(members);
    joined.push(b'}');
    Ok(joined)
}

/// Verifies a token and returns its payload JSON text.
///
/// `algorithms` is a mask of the accepted algorithms (1 HS256, 2 HS384, 4 HS512). `now` and
/// `leeway` are in seconds. `required` lists claims that must be present. Claim checks other
/// than these and `exp` and `nbf` are left to the caller. `integers` is the code of
/// [`Integers`]: with 2 (exact), a payload that has integers beyond 2^53 - 1 is returned as
/// `[payloadJson, placesJson]` instead (see [`places_json`]).
#[napi(catch_unwind)]
#[allow(
    clippy::too_many_arguments,
    clippy::fn_params_excessive_bools,
    reason = "a flat argument list keeps napi conversions cheap"
)]
pub fn verify(
    env: Env,
    token: Text,
    secret: JsSecret,
    algorithms: u32,
    now: f64,
    leeway: f64,
    check_exp: bool,
    check_nbf: bool,
    required: Option<Vec<String>>,
    integers: u32,
) -> napi::Result<Either<JsonText, Vec<String>>> {
    let fail = |err| to_js(env, &err, Context::Jwt);
    let integers = Integers::from_code(integers)?;
    let keys = keys_for(secret_bytes(&secret)).map_err(fail)?;
    let options = Validation {
        algorithms: algorithms_in(algorithms),
        leeway,
        validate_exp: check_exp,
        validate_nbf: check_nbf,
        now: Some(now),
        required: required.unwrap_or_default(),
        ..Validation::default()
    };
    let verified = jws::verify_to_bytes(token.as_str(), &keys, &options).map_err(fail)?;
    let payload = verified.payload;
    if integers == Integers::Number {
        return Ok(Either::A(JsonText(payload)));
    }

    // A second reading of the payload, only for callers that asked about large integers.
    let mut scan = Scan::default();
    json::parse_into(&payload, options.max_depth, &mut scan).map_err(fail)?;
    if !scan.found_unsafe {
        return Ok(Either::A(JsonText(payload)));
    }
    exact_payload(payload, integers).map_err(fail)
}

/// Applies [`Integers::Error`] or [`Integers::Exact`] to a payload with unsafe integers.
fn exact_payload(
    payload: Vec<u8>,
    integers: Integers,
) -> Result<Either<JsonText, Vec<String>>, Error> {
    let json::Value::Object(claims) = json::parse(&payload)? else {
        unreachable!("the core parsed the payload as a JSON object");
    };
    if integers == Integers::Error {
        reject_unsafe(&claims, "payload")?;
    }
    let places = places_json(&unsafe_integers(&claims, &[]));
    let payload = String::from_utf8(payload)
        .unwrap_or_else(|_| unreachable!("the core read the payload as UTF-8"));
    Ok(Either::B(vec![payload, places]))
}

/// Decodes a token without verifying it and returns `[headerJson, payloadJson]`, or `null`
/// when the token is not three base64url segments of JSON objects.
///
/// `integers` is the code of [`Integers`] and applies to the payload. With 1 (error), integers
/// beyond 2^53 - 1 fail. With 2 (exact), a third item lists them (see [`places_json`]).
#[napi(js_name = "decodeUnverified", catch_unwind)]
pub fn decode_unverified(
    env: Env,
    token: Text,
    integers: u32,
) -> napi::Result<Option<Vec<JsonText>>> {
    let integers = Integers::from_code(integers)?;
    let Ok((header, claims)) = jws::decode_unverified(token.as_str()) else {
        return Ok(None);
    };
    let mut texts = vec![
        JsonText::from(header.to_json()),
        JsonText::from(claims.to_json()),
    ];
    match integers {
        Integers::Number => {}
        Integers::Error => {
            reject_unsafe(&claims, "payload").map_err(|err| to_js(env, &err, Context::Jwt))?;
        }
        Integers::Exact => {
            let places = unsafe_integers(&claims, &[]);
            if !places.is_empty() {
                texts.push(JsonText::from(places_json(&places)));
            }
        }
    }
    Ok(Some(texts))
}

/// Panics with `message`. Only the test suite calls this, to check that a panic in Rust
/// reaches JavaScript as an error and the process goes on.
#[napi(js_name = "_panicForTests", catch_unwind)]
pub fn panic_for_tests(message: String) {
    panic!("{message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_headers_match_core() {
        for algorithm in Algorithm::ALL {
            assert_eq!(standard_header(algorithm), jws::standard_header(algorithm));
        }
    }

    #[test]
    fn members_added_to_object() {
        assert_eq!(
            add_members(br#"{"a":1}"#, br#""b":2"#).unwrap(),
            br#"{"a":1,"b":2}"#
        );
        assert_eq!(add_members(b"{}", br#""b":2"#).unwrap(), br#"{"b":2}"#);
        assert_eq!(add_members(b"{ }", br#""b":2"#).unwrap(), br#"{ "b":2}"#);
    }

    #[test]
    fn members_rejected_outside_object() {
        for text in [&b"[1]"[..], b"", b"}", b"\"x\""] {
            assert!(add_members(text, br#""b":2"#).is_err());
        }
    }
}
