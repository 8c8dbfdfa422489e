//! The PyJWT-compatible functions: encode, decode and header inspection.
//!
//! Argument handling that PyJWT does in Python (option merging, `datetime` claims, header
//! merging) stays in `onlyoffice_jwt/_jwt.py`; these functions receive resolved values.

use std::borrow::Cow;
use std::ffi::CString;

use onlyoffice_jwt::{jws, Algorithm, Error, KeySet, Validation};
use pyo3::exceptions::PyNotImplementedError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::errors::{self, Context};
use crate::from_json::object_to_python;
use crate::keys::{cached_key, secret_bytes};
use crate::to_json::JsonWriter;

/// Signs a payload as PyJWT's `encode` does once its arguments are resolved.
///
/// `payload` and `header` are dicts to serialize, or `str` JSON text already produced by a
/// custom encoder; `header=None` means PyJWT's standard header for `algorithm`.
#[pyfunction]
#[pyo3(signature = (payload, key, algorithm, header, default, sort_headers))]
pub fn encode(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    algorithm: &Bound<'_, PyAny>,
    header: Option<&Bound<'_, PyAny>>,
    default: Option<Bound<'_, PyAny>>,
    sort_headers: bool,
) -> PyResult<String> {
    let payload_json = to_json_text(payload, default.clone(), false)?;
    let header_json = match header {
        Some(header) => to_json_text(header, default, sort_headers)?.into_owned(),
        None => standard_header(algorithm, sort_headers)?,
    };
    let alg = signing_algorithm(py, algorithm)?;
    let secret = secret_bytes(key)?;
    let keys = cached_key(&secret).map_err(|err| errors::to_py_err(py, &err, Context::Encode))?;
    warn_short_key(py, secret.len(), alg, false)?;
    Ok(jws::sign_raw(
        keys.signing_key(),
        alg,
        header_json.as_bytes(),
        payload_json.as_bytes(),
    ))
}

fn to_json_text<'a>(
    value: &'a Bound<'_, PyAny>,
    default: Option<Bound<'_, PyAny>>,
    sort_keys: bool,
) -> PyResult<Cow<'a, str>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Cow::Owned(text.to_cow()?.into_owned()));
    }
    let mut writer = JsonWriter::new(default, sort_keys);
    writer.write(value)?;
    Ok(Cow::Owned(writer.finish()))
}

/// Writes PyJWT's header `{"typ": "JWT", "alg": ...}`, keys sorted when asked.
fn standard_header(algorithm: &Bound<'_, PyAny>, sorted: bool) -> PyResult<String> {
    let header = PyDict::new(algorithm.py());
    header.set_item("typ", "JWT")?;
    header.set_item("alg", algorithm)?;
    let mut writer = JsonWriter::new(None, sorted);
    writer.write(header.as_any())?;
    Ok(writer.finish())
}

/// Resolves the algorithm to sign with, raising as PyJWT does for names it does not know.
fn signing_algorithm(py: Python<'_>, algorithm: &Bound<'_, PyAny>) -> PyResult<Algorithm> {
    let name = algorithm
        .cast::<PyString>()
        .ok()
        .map(|text| text.to_cow().map(Cow::into_owned))
        .transpose()?;
    let Some(name) = name else {
        return Err(PyNotImplementedError::new_err("Algorithm not supported"));
    };
    if let Ok(alg) = Algorithm::from_name(&name) {
        return Ok(alg);
    }
    if errors::is_asymmetric(&name) || name == "none" {
        let message = errors::not_hmac_message(&name);
        return Err(errors::raise(
            py,
            "InvalidAlgorithmError",
            &message,
            Some("ERR_JWT_ALG_NOT_ALLOWED"),
        ));
    }
    Err(PyNotImplementedError::new_err("Algorithm not supported"))
}

/// Warns with `InsecureKeyLengthWarning`, or raises `InvalidKeyError` when `enforce` is set,
/// for a secret shorter than the hash output of `alg`, with PyJWT's message.
fn warn_short_key(py: Python<'_>, len: usize, alg: Algorithm, enforce: bool) -> PyResult<()> {
    let min = alg.min_key_len();
    if len >= min {
        return Ok(());
    }
    let hash = alg.name().replace("HS", "SHA");
    let message = format!(
        "The HMAC key is {len} bytes long, which is below the minimum recommended length of {min} bytes for {hash}. See RFC 7518 Section 3.2."
    );
    if enforce {
        return Err(errors::raise(
            py,
            "InvalidKeyError",
            &message,
            Some("ERR_KEY_INVALID"),
        ));
    }
    let category = errors::class(py, "InsecureKeyLengthWarning")?;
    let text = CString::new(message).unwrap_or_default();
    PyErr::warn(py, &category, &text, 1)
}

/// Reads a token given as `str` or `bytes`.
fn token_text(py: Python<'_>, jwt: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = jwt.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if let Ok(bytes) = jwt.cast::<PyBytes>() {
        return String::from_utf8(bytes.as_bytes().to_vec()).map_err(|_| {
            errors::raise(
                py,
                "DecodeError",
                "Invalid token: the token is not ASCII text",
                Some("ERR_JWT_MALFORMED"),
            )
        });
    }
    Err(errors::raise(
        py,
        "DecodeError",
        "Invalid token type. Token must be a <class 'bytes'>",
        Some("ERR_JWT_MALFORMED"),
    ))
}

/// Resolved decode options, in PyJWT's terms.
#[derive(Debug, FromPyObject)]
#[pyo3(from_item_all)]
#[allow(clippy::struct_excessive_bools, reason = "one flag per PyJWT option")]
pub struct DecodeOptions {
    algorithms: Vec<String>,
    verify_signature: bool,
    verify_exp: bool,
    verify_nbf: bool,
    verify_iat: bool,
    verify_aud: bool,
    verify_iss: bool,
    verify_sub: bool,
    verify_jti: bool,
    require: Vec<String>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: f64,
    now: Option<f64>,
    enforce_minimum_key_length: bool,
}

impl DecodeOptions {
    fn validation(&self) -> Validation {
        let mut string_claims = Vec::new();
        if self.verify_sub {
            string_claims.push("sub".to_owned());
        }
        if self.verify_jti {
            string_claims.push("jti".to_owned());
        }
        Validation {
            algorithms: self
                .algorithms
                .iter()
                .filter_map(|name| Algorithm::from_name(name).ok())
                .collect(),
            leeway: self.leeway,
            validate_exp: self.verify_exp,
            validate_nbf: self.verify_nbf,
            validate_iat: self.verify_iat,
            required: self.require.clone(),
            audience: self.audience.clone().filter(|_| self.verify_aud),
            reject_unexpected_audience: self.verify_aud,
            issuer: self.issuer.clone().filter(|_| self.verify_iss),
            subject: self.subject.clone().filter(|_| self.verify_sub),
            string_claims,
            now: self.now,
            ..Validation::default()
        }
    }
}

/// Verifies (or, with `verify_signature` off, only decodes) a token and checks its claims.
///
/// Returns the claims, or `{"header", "payload", "signature"}` when `complete` is set.
#[pyfunction]
#[pyo3(signature = (jwt, key, options, complete))]
pub fn decode<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    options: &Bound<'py, PyDict>,
    complete: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options: DecodeOptions = options.extract()?;
    let token = token_text(py, jwt)?;
    let context = Context::Jwt {
        token: &token,
        algorithms: &options.algorithms,
    };
    let validation = options.validation();
    let to_err = |err: Error| errors::to_py_err(py, &err, context);

    let (header, claims, signature) = if options.verify_signature {
        let secret = secret_bytes(key)?;
        let keys = cached_key(&secret).map_err(to_err)?;
        check_key_length(
            py,
            &token,
            secret.len(),
            &validation,
            options.enforce_minimum_key_length,
        )?;
        let verified = verify(&token, &keys, &validation).map_err(to_err)?;
        (verified.header, verified.claims, verified.signature)
    } else {
        let parts = jws::decode_unverified_parts(&token).map_err(to_err)?;
        validation.check_claims(&parts.claims).map_err(to_err)?;
        (parts.header, parts.claims, parts.signature)
    };

    let payload = object_to_python(py, &claims)?;
    if !complete {
        return Ok(payload.into_any());
    }
    let result = PyDict::new(py);
    result.set_item("header", object_to_python(py, &header)?)?;
    result.set_item("payload", payload)?;
    result.set_item("signature", PyBytes::new(py, &signature))?;
    Ok(result.into_any())
}

fn verify(token: &str, keys: &KeySet, validation: &Validation) -> Result<jws::Verified, Error> {
    jws::verify(token, keys, validation)
}

/// Applies PyJWT's key-length rule for the token's algorithm, once the algorithm is allowed.
fn check_key_length(
    py: Python<'_>,
    token: &str,
    len: usize,
    validation: &Validation,
    enforce: bool,
) -> PyResult<()> {
    if len >= Algorithm::HS512.min_key_len() {
        return Ok(());
    }
    let Ok(header) = jws::decode_header(token) else {
        return Ok(());
    };
    let alg = header
        .get("alg")
        .and_then(|value| value.as_str())
        .and_then(|name| Algorithm::from_name(name).ok());
    match alg {
        Some(alg) if validation.algorithms.contains(&alg) => warn_short_key(py, len, alg, enforce),
        _ => Ok(()),
    }
}

/// Returns the decoded header of a token without verifying it.
#[pyfunction]
pub fn get_unverified_header<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let token = token_text(py, jwt)?;
    let algorithms: [String; 0] = [];
    let context = Context::Jwt {
        token: &token,
        algorithms: &algorithms,
    };
    let parts =
        jws::decode_unverified_parts(&token).map_err(|err| errors::to_py_err(py, &err, context))?;
    object_to_python(py, &parts.header)
}

/// Signs exact header and payload JSON bytes, for test vectors that fix the bytes.
#[pyfunction]
pub fn sign_raw(
    py: Python<'_>,
    header_json: &[u8],
    payload_json: &[u8],
    key: &Bound<'_, PyAny>,
    algorithm: &str,
) -> PyResult<String> {
    let to_err = |err: Error| errors::to_py_err(py, &err, Context::Encode);
    let alg = Algorithm::from_name(algorithm).map_err(to_err)?;
    let secret = secret_bytes(key)?;
    let keys = cached_key(&secret).map_err(to_err)?;
    Ok(jws::sign_raw(
        keys.signing_key(),
        alg,
        header_json,
        payload_json,
    ))
}
