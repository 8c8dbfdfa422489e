//! The generic JWT functions behind the jsonwebtoken-compatible API.

use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use onlyoffice_jwt::{jws, Algorithm, Validation};

use crate::errors::{to_js, Context};
use crate::secrets::{keys_for, secret_bytes, JsSecret};

/// Bit of each algorithm in the `algorithms` mask of [`verify`].
const ALGORITHM_BITS: [(u32, Algorithm); 3] = [
    (1, Algorithm::HS256),
    (2, Algorithm::HS384),
    (4, Algorithm::HS512),
];

/// Signs exact header and payload JSON and returns the compact token.
///
/// `algorithm` must be `HS256`, `HS384` or `HS512` and should match the header's `alg`.
/// The payload is a string (signed as UTF-8) or a Buffer (signed as is).
#[napi(js_name = "signRaw")]
pub fn sign_raw(
    env: Env,
    header_json: String,
    payload: Either<String, Buffer>,
    secret: JsSecret,
    algorithm: String,
) -> napi::Result<String> {
    let fail = |err| to_js(env, &err, Context::Jwt);
    let algorithm = Algorithm::from_name(&algorithm).map_err(fail)?;
    let keys = keys_for(secret_bytes(&secret)).map_err(fail)?;
    let payload: &[u8] = match &payload {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    };
    Ok(jws::sign_raw(
        keys.signing_key(),
        algorithm,
        header_json.as_bytes(),
        payload,
    ))
}

/// Verifies a token and returns its payload JSON text.
///
/// `algorithms` is a mask of the accepted algorithms (1 HS256, 2 HS384, 4 HS512). `now` and
/// `leeway` are in seconds. `required` lists claims that must be present. Claim checks other
/// than these and `exp` and `nbf` are left to the caller.
#[napi]
#[allow(
    clippy::too_many_arguments,
    clippy::fn_params_excessive_bools,
    reason = "a flat argument list keeps napi conversions cheap"
)]
pub fn verify(
    env: Env,
    token: String,
    secret: JsSecret,
    algorithms: u32,
    now: f64,
    leeway: f64,
    check_exp: bool,
    check_nbf: bool,
    required: Option<Vec<String>>,
) -> napi::Result<String> {
    let fail = |err| to_js(env, &err, Context::Jwt);
    let keys = keys_for(secret_bytes(&secret)).map_err(fail)?;
    let options = Validation {
        algorithms: ALGORITHM_BITS
            .iter()
            .filter(|(bit, _)| algorithms & bit != 0)
            .map(|(_, algorithm)| *algorithm)
            .collect(),
        leeway,
        validate_exp: check_exp,
        validate_nbf: check_nbf,
        now: Some(now),
        required: required.unwrap_or_default(),
        ..Validation::default()
    };
    let verified = jws::verify(&token, &keys, &options).map_err(fail)?;
    Ok(String::from_utf8(verified.payload)
        .unwrap_or_else(|_| unreachable!("the core parsed the payload as UTF-8 JSON")))
}

/// Decodes a token without verifying it and returns `[headerJson, payloadJson]`, or `null`
/// when the token is not three base64url segments of JSON objects.
#[napi(js_name = "decodeUnverified")]
#[must_use]
pub fn decode_unverified(token: String) -> Option<Vec<String>> {
    let (header, claims) = jws::decode_unverified(&token).ok()?;
    Some(vec![header.to_json(), claims.to_json()])
}
