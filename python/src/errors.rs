//! Conversion of core errors into the Python exceptions of `onlyoffice_jwt.exceptions`.
//!
//! The exception classes live in Python so that users can subclass and pickle them like
//! PyJWT's. Each instance carries the core's stable `code`, the core's message as `detail`,
//! the claim name for claim errors, and `ds_answer` for errors of `DocumentServer` methods.

use onlyoffice_jwt::{Error, Service};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

static EXCEPTIONS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// HMAC algorithm names, listed in the message for a non-HMAC algorithm.
const HMAC_NAMES: &str = "HS256, HS384 and HS512";

/// Algorithms PyJWT supports that this package deliberately does not.
const ASYMMETRIC: [&str; 12] = [
    "RS256", "RS384", "RS512", "ES256", "ES256K", "ES384", "ES512", "PS256", "PS384", "PS512",
    "EdDSA", "Ed25519",
];

/// Kind of call that failed, which selects the message style and the extra attributes.
#[derive(Debug, Clone, Copy)]
pub enum Context<'a> {
    /// A PyJWT-style call: PyJWT's messages, so that code matching on them keeps working.
    Jwt {
        /// The token, to tell "Not enough segments" apart from other form errors.
        token: &'a str,
        /// The algorithm names the caller allowed, to explain a rejected asymmetric one.
        algorithms: &'a [String],
    },
    /// A PyJWT-style call without a token, such as `encode`.
    Encode,
    /// A `DocumentServer` method: the core's messages and `ds_answer`.
    DocumentServer,
}

fn exceptions(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    EXCEPTIONS
        .get_or_try_init(py, || {
            py.import("onlyoffice_jwt.exceptions").map(Bound::unbind)
        })
        .map(|module| module.bind(py))
}

/// Returns the exception class `name` of `onlyoffice_jwt.exceptions`.
pub fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    exceptions(py)?.getattr(name)
}

/// Returns `true` when `name` is an asymmetric algorithm that PyJWT supports.
pub fn is_asymmetric(name: &str) -> bool {
    ASYMMETRIC.contains(&name)
}

/// Builds the message for an algorithm that this package cannot sign or verify with.
pub fn not_hmac_message(name: &str) -> String {
    format!("The specified alg value is not allowed: {name} is not supported, only the HMAC algorithms {HMAC_NAMES} are")
}

/// Converts a core error into the matching Python exception.
pub fn to_py_err(py: Python<'_>, err: &Error, context: Context<'_>) -> PyErr {
    match build(py, err, context, None) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

/// Converts a core error as [`to_py_err`] does, with `detail` in place of the core's text.
///
/// For failures that the binding finds itself, such as a requested URL that is not valid
/// Unicode: the exception gets the class, code and `ds_answer` of `err`.
pub fn to_py_err_with_detail(
    py: Python<'_>,
    err: &Error,
    context: Context<'_>,
    detail: &str,
) -> PyErr {
    match build(py, err, context, Some(detail)) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

fn build<'py>(
    py: Python<'py>,
    err: &Error,
    context: Context<'_>,
    detail: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let detail = detail.map_or_else(|| err.to_string(), ToOwned::to_owned);
    let (name, jwt_message) = classify(err, context);
    let message = match context {
        Context::Jwt { .. } | Context::Encode => jwt_message.unwrap_or_else(|| detail.clone()),
        Context::DocumentServer => detail.clone(),
    };
    let instance = match err {
        Error::ClaimMissing { claim } => class(py, name)?.call1((claim.as_str(),))?,
        _ => class(py, name)?.call1((message,))?,
    };
    instance.setattr("code", err.code())?;
    instance.setattr("detail", detail)?;
    if let Some(claim) = err.claim() {
        instance.setattr("claim", claim)?;
    }
    if matches!(context, Context::DocumentServer) {
        instance.setattr("ds_answer", ds_answers(py, err)?)?;
    }
    Ok(instance)
}

/// Returns the class name and, for PyJWT-style calls, PyJWT's message for `err`.
fn classify(err: &Error, context: Context<'_>) -> (&'static str, Option<String>) {
    match err {
        Error::Malformed { .. } => ("DecodeError", segments_message(context)),
        Error::JsonInvalid { .. } | Error::DuplicateMember { .. } => ("DecodeError", None),
        Error::SignatureInvalid => (
            "InvalidSignatureError",
            Some("Signature verification failed".into()),
        ),
        Error::AlgorithmNotAllowed { alg } => (
            "InvalidAlgorithmError",
            Some(algorithm_message(alg, context)),
        ),
        Error::CritUnsupported { names } => (
            "InvalidTokenError",
            Some(format!("Unsupported critical extension: {names}")),
        ),
        Error::Expired { .. } => (
            "ExpiredSignatureError",
            Some("Signature has expired".into()),
        ),
        Error::NotYetValid { claim, .. } => (
            "ImmatureSignatureError",
            Some(format!("The token is not yet valid ({claim})")),
        ),
        Error::ClaimInvalid { claim, reason } if claim == "aud" && reason.contains("strict") => (
            "InvalidAudienceError",
            Some(strict_audience_message(reason).into()),
        ),
        Error::ClaimInvalid { claim, reason } => claim_invalid(claim, reason),
        Error::ClaimMissing { .. } => ("MissingRequiredClaimError", None),
        Error::KeyInvalid { .. } => ("InvalidKeyError", None),
        Error::TokenMissing { .. } => ("TokenMissingError", None),
        Error::HeaderInvalid { .. } => ("HeaderInvalidError", None),
        Error::PayloadShape { .. } => ("PayloadShapeError", None),
        Error::TokenPurpose { .. } => ("TokenPurposeError", None),
        Error::ConfigInvalid { .. } => ("ConfigInvalidError", None),
        Error::UrlMismatch { .. } | Error::UrlInvalid { .. } => ("UrlMismatchError", None),
        Error::OptionInvalid { .. } => ("OptionInvalidError", None),
        Error::SettingsInvalid { .. } => ("SettingsInvalidError", None),
        _ => ("PyJWTError", None),
    }
}

fn segments_message(context: Context<'_>) -> Option<String> {
    let Context::Jwt { token, .. } = context else {
        return None;
    };
    (token.bytes().filter(|&byte| byte == b'.').count() < 2)
        .then(|| "Not enough segments".to_owned())
}

fn algorithm_message(alg: &str, context: Context<'_>) -> String {
    if alg == "(missing)" {
        return "Algorithm not specified".to_owned();
    }
    if let Context::Jwt { algorithms, .. } = context {
        let requested = algorithms
            .iter()
            .find(|name| is_asymmetric(name) && alg == format!("\"{name}\""));
        if let Some(name) = requested {
            return not_hmac_message(name);
        }
    }
    "The specified alg value is not allowed".to_owned()
}

/// Returns PyJWT's message for each way the core's strict audience check fails, recognised
/// by the start of the reasons that `check_audience_strict` in `core/src/validation.rs` writes.
fn strict_audience_message(reason: &str) -> &'static str {
    if reason.starts_with("strict audience checking needs") {
        "Invalid audience (strict)"
    } else if reason.starts_with("expected a single string") {
        "Invalid claim format in token (strict)"
    } else {
        "Audience doesn't match (strict)"
    }
}

fn claim_invalid(claim: &str, reason: &str) -> (&'static str, Option<String>) {
    // PyJWT's "must be an integer" is wrong for a number outside the years 1 to 9999, which
    // PyJWT itself accepts, so such a number gets a message that names the range.
    let out_of_range = reason.ends_with(OUT_OF_RANGE);
    let time_message = |name: &str| {
        if out_of_range {
            format!("{name} claim ({claim}) must be a time within the years 1 to 9999.")
        } else {
            format!("{name} claim ({claim}) must be an integer.")
        }
    };
    match claim {
        "exp" => ("DecodeError", Some(time_message("Expiration Time"))),
        "nbf" => ("DecodeError", Some(time_message("Not Before"))),
        "iat" => ("InvalidIssuedAtError", Some(time_message("Issued At"))),
        "aud" => ("InvalidAudienceError", Some("Invalid audience".into())),
        "iss" => ("InvalidIssuerError", Some("Invalid issuer".into())),
        "sub" => ("InvalidSubjectError", Some("Invalid subject".into())),
        "jti" => ("InvalidJTIError", Some("Invalid jti".into())),
        _ => ("InvalidTokenError", None),
    }
}

/// The end of the reason `numeric_date` in `core/src/validation.rs` gives for a time claim
/// that is a number but lies outside the years 1 to 9999.
const OUT_OF_RANGE: &str = "is outside the years 1 to 9999";

/// Builds `{"command": ..., "conversion": ..., "docbuilder": ..., "editor": ...}` for `err`.
fn ds_answers<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyDict>> {
    let answers = PyDict::new(py);
    answers.set_item("command", err.ds_answer(Service::Command))?;
    answers.set_item("conversion", err.ds_answer(Service::Conversion))?;
    answers.set_item("docbuilder", err.ds_answer(Service::DocBuilder))?;
    answers.set_item("editor", err.ds_answer(Service::Editor))?;
    Ok(answers)
}

/// Runs `body`, the work of an exported function, and turns a panic in it into
/// `InternalError` (code `ERR_INTERNAL`), an `Exception` with the panic message.
///
/// pyo3 would raise its `PanicException`, a `BaseException` that `except Exception` does
/// not catch. Rust's panic hook still prints the message to stderr, as a bug report needs.
pub fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            let message =
                format!("internal error in onlyoffice_jwt (a defect, please report it): {reason}");
            Err(Python::attach(|py| {
                raise(py, "InternalError", &message, Some("ERR_INTERNAL"))
            }))
        }
    }
}

/// Raises `name` from `onlyoffice_jwt.exceptions` with `message` and `code`; `message` is
/// also the `detail`.
pub fn raise(py: Python<'_>, name: &str, message: &str, code: Option<&str>) -> PyErr {
    raise_with_detail(py, name, message, code, message)
}

/// Raises `name` from `onlyoffice_jwt.exceptions` with `message`, `code` and `detail`, for
/// PyJWT's fixed messages that do not name the value at fault.
pub fn raise_with_detail(
    py: Python<'_>,
    name: &str,
    message: &str,
    code: Option<&str>,
    detail: &str,
) -> PyErr {
    let built = class(py, name).and_then(|cls| {
        let instance = cls.call1((message,))?;
        if let Some(code) = code {
            instance.setattr("code", code)?;
        }
        instance.setattr("detail", detail)?;
        Ok(instance)
    });
    match built {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}
