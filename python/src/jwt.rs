//! The PyJWT-compatible functions: `encode`, `decode`, `decode_complete` and
//! `get_unverified_header`.
//!
//! They take PyJWT 2's arguments and resolve them as PyJWT does (option merging, header
//! merging, `leeway` as a `timedelta`), so that a call is one step into Rust. Two helpers in
//! `onlyoffice_jwt/_jwt.py` handle what needs Python: `datetime` time claims and custom
//! `json_encoder` classes. Two more hand a call to the Python implementation of
//! `onlyoffice_jwt.api_jwt` for what the core does not do: unencoded payloads (`b64: false`),
//! `PyJWK` keys, `crit` headers and algorithms registered with `register_algorithm`.

use std::borrow::Cow;
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};

use onlyoffice_jwt::json::{Object, Value};
use onlyoffice_jwt::{json, jws, Algorithm, Error};
use pyo3::exceptions::{PyNotImplementedError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString};

use crate::arguments::{self, Arg, DecodeArguments, Resolved, Truthy};
use crate::errors::{self, Context};
use crate::from_json::{json_to_python, object_to_python, BuildError, PyBuilder};
use crate::keys::{cached_key, secret_bytes};
use crate::text;
use crate::to_json::JsonWriter;

static TIMESTAMP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static CUSTOM_ENCODING: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// Set once the algorithms of the module-level functions differ from the built-in HMAC ones,
/// after `register_algorithm` or `unregister_algorithm`: every call then goes to Python.
static PYTHON_ALGORITHMS: AtomicBool = AtomicBool::new(false);

static ENCODE_FALLBACK: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DECODE_FALLBACK: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Returns the helper function `name` of `onlyoffice_jwt._jwt`, looked up once.
fn helper<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyAny>>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    cell.get_or_try_init(py, || {
        py.import("onlyoffice_jwt._jwt")?
            .getattr(name)
            .map(Bound::unbind)
    })
    .map(|function| function.bind(py).clone())
}

/// Encode ``payload`` as a JSON Web Token signed with HMAC.
///
/// The token is byte for byte the one PyJWT 2 produces for the same arguments. ``key`` is a
/// ``str`` (signed with its UTF-8 bytes) or ``bytes``. ``algorithm`` is HS256 (the default),
/// HS384 or HS512; an ``alg`` in ``headers`` takes precedence, as in PyJWT. ``datetime``
/// values of ``exp``, ``iat`` and ``nbf`` become integer timestamps (naive ones are taken as
/// UTC). Objects that JSON cannot represent go through ``json_encoder().default``; without an
/// encoder they raise ``TypeError``. A ``PyJWK`` key, or ``b64: False`` in ``headers`` (an
/// unencoded, detached payload), is handled in Python as PyJWT handles it.
#[pyfunction]
#[pyo3(
    signature = (payload, key, algorithm = Arg::Default, headers = None, json_encoder = None, sort_headers = Truthy(true)),
    text_signature = "(payload, key, algorithm='HS256', headers=None, json_encoder=None, sort_headers=True)"
)]
pub fn encode<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    algorithm: Arg<'py>,
    headers: Option<&Bound<'py, PyAny>>,
    json_encoder: Option<&Bound<'py, PyAny>>,
    sort_headers: Truthy,
) -> PyResult<String> {
    errors::guard(|| {
        if needs_python_encode(py, key, headers)? {
            let mut arguments = vec![
                payload.clone(),
                key.clone(),
                headers.map_or_else(|| py.None().into_bound(py), Clone::clone),
                json_encoder.map_or_else(|| py.None().into_bound(py), Clone::clone),
                PyBool::new(py, sort_headers.0).to_owned().into_any(),
            ];
            if let Arg::Given(algorithm) = algorithm {
                arguments.push(algorithm);
            }
            let fallback = helper(py, &ENCODE_FALLBACK, "_encode_fallback")?;
            return fallback
                .call1(pyo3::types::PyTuple::new(py, arguments)?)?
                .extract();
        }
        let Ok(claims) = payload.cast::<PyDict>() else {
            return Err(PyTypeError::new_err(
                "Expecting a dict object, as JWT only supports JSON objects as payloads.",
            ));
        };
        check_issuer(claims)?;
        let (alg, header) = resolve_header(py, algorithm, headers)?;
        let (payload_json, header_json) = match json_encoder {
            Some(encoder) => {
                encoder_json(py, encoder, claims, header.as_ref(), &alg, sort_headers.0)?
            }
            None => write_json(py, claims, header.as_ref(), &alg, None, sort_headers.0)?,
        };

        let alg = signing_algorithm(py, &alg)?;
        let secret = secret_bytes(key)?;
        let keys =
            cached_key(&secret).map_err(|err| errors::to_py_err(py, &err, Context::Encode))?;
        warn_short_key(py, secret.len(), alg, false)?;
        Ok(jws::sign_raw(
            keys.signing_key(),
            alg,
            header_json.as_bytes(),
            payload_json.as_bytes(),
        ))
    })
}

/// Returns `true` when `encode` needs the Python implementation: for a key that is not
/// `str` or `bytes` (a `PyJWK`, or a type that raises PyJWT's `TypeError`), and for
/// `headers` with `b64: False` (an unencoded, detached payload).
fn needs_python_encode(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    if !is_secret_type(key) || PYTHON_ALGORITHMS.load(Ordering::Relaxed) {
        return Ok(true);
    }
    let Some(headers) = headers.filter(|headers| headers.is_instance_of::<PyDict>()) else {
        return Ok(false);
    };
    let b64 = headers.call_method1(intern!(py, "get"), (intern!(py, "b64"),))?;
    Ok(b64.is(&*PyBool::new(py, false)))
}

/// Returns `true` for the key types the native functions read: `str` and `bytes`.
fn is_secret_type(key: &Bound<'_, PyAny>) -> bool {
    key.is_instance_of::<PyString>() || key.is_instance_of::<PyBytes>()
}

/// Resolves the algorithm and, when `headers` is given, the merged header, as PyJWT does:
/// an `alg` in `headers` takes precedence, and `algorithm=None` means `none`.
fn resolve_header<'py>(
    py: Python<'py>,
    algorithm: Arg<'py>,
    headers: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Option<Bound<'py, PyDict>>)> {
    let mut alg = match algorithm {
        Arg::Default => intern!(py, "HS256").clone().into_any(),
        Arg::Given(value) if value.is_none() => intern!(py, "none").clone().into_any(),
        Arg::Given(value) => value,
    };
    let Some(headers) = headers else {
        return Ok((alg, None));
    };
    if !headers.is_truthy()? {
        return Ok((alg, None));
    }
    let header_alg = headers.call_method1(intern!(py, "get"), (intern!(py, "alg"),))?;
    if header_alg.is_truthy()? {
        alg = headers.get_item(intern!(py, "alg"))?;
    }
    let header = merged_header(py, &alg, headers)?;
    Ok((alg, Some(header)))
}

/// Writes the payload and header JSON with the built-in writer; `default` converts objects
/// of other types. `datetime` time claims become timestamps.
fn write_json<'py>(
    py: Python<'py>,
    claims: &Bound<'py, PyDict>,
    header: Option<&Bound<'py, PyDict>>,
    alg: &Bound<'py, PyAny>,
    default: Option<Bound<'py, PyAny>>,
    sort_headers: bool,
) -> PyResult<(String, Cow<'static, str>)> {
    let mut writer = JsonWriter::new(default.clone(), false).with_time_claims(helper(
        py,
        &TIMESTAMP,
        "_timestamp",
    )?);
    writer.write(claims.as_any())?;
    let header_json = match header {
        Some(header) => {
            let mut writer = JsonWriter::new(default, sort_headers);
            writer.write(header.as_any())?;
            Cow::Owned(writer.finish())
        }
        None => standard_header(alg, sort_headers)?,
    };
    Ok((writer.finish(), header_json))
}

/// Writes the payload and header JSON through a `json_encoder` class, as PyJWT uses it: the
/// class's own text when it overrides the encoding, else the built-in writer with its `default`.
fn encoder_json<'py>(
    py: Python<'py>,
    encoder: &Bound<'py, PyAny>,
    claims: &Bound<'py, PyDict>,
    header: Option<&Bound<'py, PyDict>>,
    alg: &Bound<'py, PyAny>,
    sort_headers: bool,
) -> PyResult<(String, Cow<'static, str>)> {
    let parts = helper(py, &CUSTOM_ENCODING, "_custom_encoding")?.call1((
        encoder,
        claims,
        header,
        alg,
        sort_headers,
    ))?;
    let (default, payload_text, header_text) =
        parts.extract::<(Option<Bound<'py, PyAny>>, Option<String>, Option<String>)>()?;
    if let (Some(payload_text), Some(header_text)) = (payload_text, header_text) {
        return Ok((payload_text, Cow::Owned(header_text)));
    }
    write_json(py, claims, header, alg, default, sort_headers)
}

/// Raises PyJWT's `TypeError` for an `iss` claim that is not a string.
fn check_issuer(claims: &Bound<'_, PyDict>) -> PyResult<()> {
    let py = claims.py();
    match claims.get_item(intern!(py, "iss"))? {
        Some(issuer) if !issuer.is_instance_of::<PyString>() => {
            Err(PyTypeError::new_err("Issuer (iss) must be a string."))
        }
        _ => Ok(()),
    }
}

/// Merges `headers` over `{"typ": "JWT", "alg": alg}` as PyJWT does.
fn merged_header<'py>(
    py: Python<'py>,
    alg: &Bound<'py, PyAny>,
    headers: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let kid = intern!(py, "kid");
    if headers.contains(kid)? && !headers.get_item(kid)?.is_instance_of::<PyString>() {
        return Err(errors::raise(
            py,
            "InvalidTokenError",
            "Key ID header parameter must be a string",
            None,
        ));
    }
    let header = PyDict::new(py);
    header.set_item(intern!(py, "typ"), intern!(py, "JWT"))?;
    header.set_item(intern!(py, "alg"), alg)?;
    header.call_method1(intern!(py, "update"), (headers,))?;
    let typ = intern!(py, "typ");
    if let Some(value) = header.get_item(typ)? {
        if !value.is_truthy()? {
            header.del_item(typ)?;
        }
    }
    if header.contains(intern!(py, "b64"))? {
        header.del_item(intern!(py, "b64"))?;
    }
    Ok(header)
}

/// Writes PyJWT's header `{"typ": "JWT", "alg": ...}`, keys sorted when asked.
fn standard_header(algorithm: &Bound<'_, PyAny>, sorted: bool) -> PyResult<Cow<'static, str>> {
    // A name that is not valid Unicode is no HMAC name: `signing_algorithm` rejects it.
    if let Some(Ok(name)) = algorithm
        .cast::<PyString>()
        .ok()
        .map(PyStringMethods::to_cow)
    {
        if let Ok(alg) = Algorithm::from_name(&name) {
            return Ok(Cow::Borrowed(match (alg, sorted) {
                (Algorithm::HS256, true) => r#"{"alg":"HS256","typ":"JWT"}"#,
                (Algorithm::HS384, true) => r#"{"alg":"HS384","typ":"JWT"}"#,
                (Algorithm::HS512, true) => r#"{"alg":"HS512","typ":"JWT"}"#,
                (Algorithm::HS256, false) => r#"{"typ":"JWT","alg":"HS256"}"#,
                (Algorithm::HS384, false) => r#"{"typ":"JWT","alg":"HS384"}"#,
                (Algorithm::HS512, false) => r#"{"typ":"JWT","alg":"HS512"}"#,
            }));
        }
    }
    let py = algorithm.py();
    let header = PyDict::new(py);
    header.set_item(intern!(py, "typ"), intern!(py, "JWT"))?;
    header.set_item(intern!(py, "alg"), algorithm)?;
    let mut writer = JsonWriter::new(None, sorted);
    writer.write(header.as_any())?;
    Ok(Cow::Owned(writer.finish()))
}

/// Resolves the algorithm to sign with, raising as PyJWT does for names it does not know.
fn signing_algorithm(py: Python<'_>, algorithm: &Bound<'_, PyAny>) -> PyResult<Algorithm> {
    // PyJWT raises `NotImplementedError` for any name it does not know, which includes names
    // that are not strings or not valid Unicode.
    let name = algorithm
        .cast::<PyString>()
        .ok()
        .and_then(|text| text.to_cow().ok());
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
fn token_text<'a>(py: Python<'_>, jwt: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    if let Ok(text) = jwt.cast::<PyString>() {
        return text::utf8(text, |not_unicode| {
            let message = format!("Invalid token: the token {not_unicode}");
            errors::raise(py, "DecodeError", &message, Some("ERR_JWT_MALFORMED"))
        });
    }
    if let Ok(bytes) = jwt.cast::<PyBytes>() {
        return std::str::from_utf8(bytes.as_bytes())
            .map(Cow::Borrowed)
            .map_err(|_| {
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

/// Verify ``jwt`` and return its claims, as PyJWT's ``jwt.decode`` does.
///
/// ``algorithms`` is required unless ``options={"verify_signature": False}``. ``options``
/// takes PyJWT's ``verify_signature``, ``verify_exp``, ``verify_nbf``, ``verify_iat``,
/// ``verify_aud``, ``verify_iss``, ``verify_sub``, ``verify_jti``, ``require``,
/// ``strict_aud`` and ``enforce_minimum_key_length``. ``leeway`` is seconds or a
/// ``timedelta``. ``detached_payload`` is the payload of a token with ``b64: false``, and
/// ``key`` may be a ``PyJWK``, whose algorithm is then the only one allowed by default.
///
/// The extra keyword ``now`` (seconds since the Unix epoch) replaces the system clock, for
/// tests.
#[pyfunction]
#[pyo3(
    signature = (jwt, key = Arg::Default, algorithms = None, options = None, verify = None, detached_payload = None, audience = None, subject = None, issuer = None, leeway = Arg::Default, **kwargs),
    text_signature = "(jwt, key='', algorithms=None, options=None, verify=None, detached_payload=None, audience=None, subject=None, issuer=None, leeway=0, **kwargs)"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "the parameters are PyJWT's, in PyJWT's order"
)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "pyo3 passes extracted arguments by value"
)]
pub fn decode<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    key: Arg<'py>,
    algorithms: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
    verify: Option<&Bound<'py, PyAny>>,
    detached_payload: Option<&Bound<'py, PyAny>>,
    audience: Option<&Bound<'py, PyAny>>,
    subject: Option<&Bound<'py, PyAny>>,
    issuer: Option<&Bound<'py, PyAny>>,
    leeway: Arg<'py>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(|| {
        let arguments = DecodeArguments {
            algorithms,
            options,
            verify,
            detached_payload,
            audience,
            subject,
            issuer,
            leeway,
            kwargs,
        };
        decode_token(py, jwt, &key, &arguments, "decode", false, true)
    })
}

/// Verify ``jwt`` and return ``{"header": ..., "payload": ..., "signature": ...}``.
///
/// Takes the arguments of :func:`decode`.
#[pyfunction]
#[pyo3(
    signature = (jwt, key = Arg::Default, algorithms = None, options = None, verify = None, detached_payload = None, audience = None, issuer = None, subject = None, leeway = Arg::Default, **kwargs),
    text_signature = "(jwt, key='', algorithms=None, options=None, verify=None, detached_payload=None, audience=None, issuer=None, subject=None, leeway=0, **kwargs)"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "the parameters are PyJWT's, in PyJWT's order"
)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "pyo3 passes extracted arguments by value"
)]
pub fn decode_complete<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    key: Arg<'py>,
    algorithms: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
    verify: Option<&Bound<'py, PyAny>>,
    detached_payload: Option<&Bound<'py, PyAny>>,
    audience: Option<&Bound<'py, PyAny>>,
    issuer: Option<&Bound<'py, PyAny>>,
    subject: Option<&Bound<'py, PyAny>>,
    leeway: Arg<'py>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(|| {
        let arguments = DecodeArguments {
            algorithms,
            options,
            verify,
            detached_payload,
            audience,
            subject,
            issuer,
            leeway,
            kwargs,
        };
        decode_token(py, jwt, &key, &arguments, "decode_complete", true, true)
    })
}

/// Decodes ``jwt`` without checking its signature, and checks its claims as :func:`decode`
/// does with the given ``options``. Never calls the Python implementation, which uses it to
/// check the claims of a payload whose signature it verified. Not part of the API.
#[pyfunction]
#[pyo3(
    name = "_decode_claims",
    signature = (jwt, options, audience = None, subject = None, issuer = None, leeway = Arg::Default, **kwargs),
    text_signature = "(jwt, options, audience=None, subject=None, issuer=None, leeway=0, **kwargs)"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "the claim arguments are decode's, in decode's order"
)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "pyo3 passes extracted arguments by value"
)]
pub fn decode_claims<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    options: &Bound<'py, PyAny>,
    audience: Option<&Bound<'py, PyAny>>,
    subject: Option<&Bound<'py, PyAny>>,
    issuer: Option<&Bound<'py, PyAny>>,
    leeway: Arg<'py>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(|| {
        let arguments = DecodeArguments {
            algorithms: None,
            options: Some(options),
            verify: None,
            detached_payload: None,
            audience,
            subject,
            issuer,
            leeway,
            kwargs,
        };
        decode_token(py, jwt, &Arg::Default, &arguments, "decode", false, false)
    })
}

/// Decodes as `decode` or `decode_complete`. With `python_fallback`, hands what the native
/// path does not handle to the Python implementation.
fn decode_token<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    key: &Arg<'py>,
    arguments: &DecodeArguments<'_, 'py>,
    function: &str,
    complete: bool,
    python_fallback: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let key_is_secret = match key {
        Arg::Default => true,
        Arg::Given(key) => is_secret_type(key),
    };
    let python_needed = arguments.detached_payload.is_some()
        || !key_is_secret
        || PYTHON_ALGORITHMS.load(Ordering::Relaxed);
    if python_fallback && python_needed {
        return python_decode(py, jwt, key, arguments, complete);
    }
    let resolved = arguments::resolve(py, arguments, function)?;
    let token = token_text(py, jwt)?;
    let to_err = |err: Error| {
        let names = resolved.algorithm_names();
        errors::to_py_err(
            py,
            &err,
            Context::Jwt {
                token: &token,
                algorithms: &names,
            },
        )
    };

    if !resolved.verify_signature {
        let parts = jws::decode_unverified_parts(&token).map_err(to_err)?;
        check_kid(py, &parts.header)?;
        resolved
            .validation
            .check_claims(&parts.claims)
            .map_err(to_err)?;
        let payload = exact_object(py, &parts.claims, &parts.payload_json)?;
        if !complete {
            return Ok(payload);
        }
        let header = exact_object(py, &parts.header, &parts.header_json)?;
        return complete_result(py, header, payload, &parts.signature);
    }

    let keys = match key {
        Arg::Default => cached_key(b""),
        Arg::Given(key) => {
            let secret = secret_bytes(key)?;
            let keys = cached_key(&secret).map_err(to_err)?;
            check_key_length(py, &token, secret.len(), &resolved)?;
            Ok(keys)
        }
    }
    .map_err(to_err)?;
    let mut builder = PyBuilder::new(py);
    let verified = match jws::verify_into(&token, &keys, &resolved.validation, &mut builder) {
        Ok(verified) => verified,
        // The core rejects every `crit` header. PyJWT 2.15 understands `b64` (RFC 7797), so
        // such tokens go to the Python implementation, which checks `crit` as PyJWT does.
        // NOTE: a short-key warning already emitted above is emitted once more there.
        Err(BuildError::Json(Error::CritUnsupported { .. })) if python_fallback => {
            return python_decode(py, jwt, key, arguments, complete);
        }
        Err(err) => {
            // PyJWT checks `kid` right after decoding the segments, before the algorithm,
            // the signature and the claims; the core checks those first. Form errors come
            // first in both.
            if !matches!(err, BuildError::Json(Error::Malformed { .. })) {
                if let Ok(header) = jws::decode_header(&token) {
                    check_kid(py, &header)?;
                }
            }
            return Err(err.into_py_err(to_err));
        }
    };
    check_kid_json(py, &verified.header_json, resolved.validation.max_depth)?;
    let verified = builder.finish(verified)?;
    if !complete {
        return Ok(verified.claims);
    }
    let header = json::parse_into(
        &verified.header_json,
        resolved.validation.max_depth,
        &mut builder,
    )
    .map_err(|err| err.into_py_err(to_err))?;
    complete_result(py, header, verified.claims, &verified.signature)
}

/// Builds the dict of a decoded object: from `object`, or from its JSON `text` when the text
/// has a surrogate escape, so that a lone surrogate stays one, as in PyJWT.
fn exact_object<'py>(
    py: Python<'py>,
    object: &json::Object,
    text: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    if json::has_surrogate_escape(text) {
        json_to_python(py, text)
    } else {
        Ok(object_to_python(py, object)?.into_any())
    }
}

/// Decodes with the Python implementation in `onlyoffice_jwt.api_jwt`, for what the native
/// path does not handle: detached payloads, `PyJWK` keys and `crit` headers.
fn python_decode<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
    key: &Arg<'py>,
    arguments: &DecodeArguments<'_, 'py>,
    complete: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let none = || py.None().into_bound(py);
    let or_none = |value: Option<&Bound<'py, PyAny>>| value.map_or_else(none, Clone::clone);
    let key = match key {
        Arg::Default => PyString::new(py, "").into_any(),
        Arg::Given(key) => key.clone(),
    };
    let leeway = match &arguments.leeway {
        Arg::Default => 0_i32.into_pyobject(py)?.into_any(),
        Arg::Given(leeway) => leeway.clone(),
    };
    let kwargs = arguments
        .kwargs
        .map_or_else(|| PyDict::new(py), Clone::clone);
    let call = (
        PyBool::new(py, complete).to_owned(),
        jwt,
        key,
        or_none(arguments.algorithms),
        or_none(arguments.options),
        or_none(arguments.verify),
        or_none(arguments.detached_payload),
        or_none(arguments.audience),
        or_none(arguments.issuer),
        or_none(arguments.subject),
        leeway,
        kwargs,
    );
    helper(py, &DECODE_FALLBACK, "_decode_fallback")?.call1(call)
}

/// Builds `decode_complete`'s result: `{"header": ..., "payload": ..., "signature": ...}`.
fn complete_result<'py>(
    py: Python<'py>,
    header: Bound<'py, PyAny>,
    payload: Bound<'py, PyAny>,
    signature: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    let result = PyDict::new(py);
    result.set_item(intern!(py, "header"), header)?;
    result.set_item(intern!(py, "payload"), payload)?;
    result.set_item(intern!(py, "signature"), PyBytes::new(py, signature))?;
    Ok(result.into_any())
}

/// Applies PyJWT's key-length rule for the token's algorithm, once the algorithm is allowed.
fn check_key_length(
    py: Python<'_>,
    token: &str,
    len: usize,
    resolved: &Resolved<'_>,
) -> PyResult<()> {
    // A secret long enough for every allowed algorithm needs no look at the token.
    let longest = resolved
        .validation
        .algorithms
        .iter()
        .map(|alg| alg.min_key_len())
        .max()
        .unwrap_or(0);
    if len >= longest {
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
        Some(alg) if resolved.validation.algorithms.contains(&alg) => {
            warn_short_key(py, len, alg, resolved.enforce_minimum_key_length)
        }
        _ => Ok(()),
    }
}

/// Return the header of ``jwt`` without verifying anything. Never trust its values.
///
/// Only the header segment is decoded, so the cost does not grow with the payload.
#[pyfunction]
pub fn get_unverified_header<'py>(
    py: Python<'py>,
    jwt: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guard(|| {
        let token = token_text(py, jwt)?;
        let algorithms: [String; 0] = [];
        let context = Context::Jwt {
            token: &token,
            algorithms: &algorithms,
        };
        let (header, header_json) = jws::decode_header_with_json(&token)
            .map_err(|err| errors::to_py_err(py, &err, context))?;
        check_kid(py, &header)?;
        Ok(exact_object(py, &header, &header_json)?.cast_into::<PyDict>()?)
    })
}

/// PyJWT's message for a `kid` header that is not a string.
const KID_NOT_STRING: &str = "Key ID header parameter must be a string";

/// Raises PyJWT's `InvalidTokenError` when the header has a `kid` that is not a string, with
/// the code `ERR_JWT_MALFORMED`.
fn check_kid(py: Python<'_>, header: &Object) -> PyResult<()> {
    match header.get("kid") {
        None | Some(Value::String(_)) => Ok(()),
        Some(other) => {
            let detail = format!(
                "the header member \"kid\" is {}, expected a string",
                other.type_name()
            );
            Err(errors::raise_with_detail(
                py,
                "InvalidTokenError",
                KID_NOT_STRING,
                Some("ERR_JWT_MALFORMED"),
                &detail,
            ))
        }
    }
}

/// Applies [`check_kid`] to header JSON that the core already accepted.
fn check_kid_json(py: Python<'_>, header_json: &[u8], max_depth: usize) -> PyResult<()> {
    // Most headers have no `kid`: only those that contain the letters, or an escape that
    // could spell them, are parsed again.
    let may_have_kid =
        header_json.windows(3).any(|window| window == b"kid") || header_json.contains(&b'\\');
    if !may_have_kid {
        return Ok(());
    }
    match json::parse_with_depth(header_json, max_depth) {
        Ok(Value::Object(header)) => check_kid(py, &header),
        _ => Ok(()),
    }
}

/// Sends every later call of the module-level functions to the Python implementation, which
/// uses the algorithms registered with ``register_algorithm``. Not part of the API.
#[pyfunction]
#[pyo3(name = "_use_python_algorithms")]
pub fn use_python_algorithms() {
    PYTHON_ALGORITHMS.store(true, Ordering::Relaxed);
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
    errors::guard(|| {
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
    })
}
