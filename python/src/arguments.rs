//! PyJWT's arguments of `decode` resolved into the core's [`Validation`], as PyJWT 2 merges
//! them: `options` over the defaults, claim checks off by default without a signature check,
//! `leeway` as seconds or a `timedelta`, names given as one string or an iterable.
//!
//! An argument of the wrong type raises a `TypeError` that names the argument and the
//! expected type. A value of the right type without meaning, such as a NaN `leeway` or a
//! name that is not valid Unicode, raises `OptionInvalidError` (`ERR_OPTION_INVALID`).

use std::ffi::CString;

use onlyoffice_jwt::{Algorithm, Error, Validation};
use pyo3::exceptions::{PyDeprecationWarning, PyOverflowError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};

use crate::errors::{self, Context};
use crate::text::{self, NotUnicode};

/// A keyword argument whose default differs from an explicit `None`.
pub enum Arg<'py> {
    Default,
    Given(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Arg<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Self::Given(obj.to_owned()))
    }
}

/// A flag read with Python's truth rules, as PyJWT reads `sort_headers`.
#[derive(Clone, Copy)]
pub struct Truthy(pub bool);

impl<'a, 'py> FromPyObject<'a, 'py> for Truthy {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.is_truthy().map(Self)
    }
}

/// The arguments of `decode` and `decode_complete` after `jwt` and `key`, as given.
pub struct DecodeArguments<'a, 'py> {
    pub algorithms: Option<&'a Bound<'py, PyAny>>,
    pub options: Option<&'a Bound<'py, PyAny>>,
    pub verify: Option<&'a Bound<'py, PyAny>>,
    pub detached_payload: Option<&'a Bound<'py, PyAny>>,
    pub audience: Option<&'a Bound<'py, PyAny>>,
    pub subject: Option<&'a Bound<'py, PyAny>>,
    pub issuer: Option<&'a Bound<'py, PyAny>>,
    pub leeway: Arg<'py>,
    pub kwargs: Option<&'a Bound<'py, PyDict>>,
}

/// The checks of one decode, resolved from its arguments.
pub struct Resolved<'py> {
    pub validation: Validation,
    pub verify_signature: bool,
    pub enforce_minimum_key_length: bool,
    /// The `algorithms` argument as a `str`, list or tuple, for error messages.
    algorithms: Option<Bound<'py, PyAny>>,
}

impl Resolved<'_> {
    /// Returns the algorithm names the caller allowed, HMAC or not.
    pub fn algorithm_names(&self) -> Vec<String> {
        let Some(algorithms) = &self.algorithms else {
            return Vec::new();
        };
        if let Ok(name) = algorithms.cast::<PyString>() {
            return vec![name.to_string()];
        }
        let Ok(items) = algorithms.try_iter() else {
            return Vec::new();
        };
        items
            .filter_map(|item| item.ok()?.cast::<PyString>().ok().map(ToString::to_string))
            .collect()
    }
}

/// The merged `options` of a decode.
#[allow(clippy::struct_excessive_bools, reason = "one flag per PyJWT option")]
struct Options {
    verify_signature: bool,
    verify_exp: bool,
    verify_nbf: bool,
    verify_iat: bool,
    verify_aud: bool,
    verify_iss: bool,
    verify_sub: bool,
    verify_jti: bool,
    require: Vec<String>,
    strict_aud: bool,
    enforce_minimum_key_length: bool,
}

impl Options {
    /// PyJWT's defaults: every check on, nothing required.
    fn defaults() -> Self {
        Self {
            verify_signature: true,
            verify_exp: true,
            verify_nbf: true,
            verify_iat: true,
            verify_aud: true,
            verify_iss: true,
            verify_sub: true,
            verify_jti: true,
            require: Vec::new(),
            strict_aud: false,
            enforce_minimum_key_length: false,
        }
    }

    /// Merges `options` over the defaults; the claim checks default to off when the
    /// signature check is switched off. The flags are read with Python's truth rules, as
    /// PyJWT reads them.
    fn merge(py: Python<'_>, options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(options) = options else {
            return Ok(Self::defaults());
        };
        let options = options_dict(py, options)?;
        let read = |name: &str, default: bool| -> PyResult<bool> {
            match options.get_item(name)? {
                Some(value) => value.is_truthy(),
                None => Ok(default),
            }
        };
        let verify_signature = read("verify_signature", true)?;
        let require = match options.get_item("require")? {
            Some(names) => {
                string_list(py, &names, "options[\"require\"]", "a list of claim names")?
            }
            None => Vec::new(),
        };
        Ok(Self {
            verify_signature,
            verify_exp: read("verify_exp", verify_signature)?,
            verify_nbf: read("verify_nbf", verify_signature)?,
            verify_iat: read("verify_iat", verify_signature)?,
            verify_aud: read("verify_aud", verify_signature)?,
            verify_iss: read("verify_iss", verify_signature)?,
            verify_sub: read("verify_sub", verify_signature)?,
            verify_jti: read("verify_jti", verify_signature)?,
            require,
            strict_aud: read("strict_aud", false)?,
            enforce_minimum_key_length: read("enforce_minimum_key_length", false)?,
        })
    }
}

/// Returns `options` as a dict: a dict as it is, another mapping copied, as PyJWT's
/// `{**options}` accepts any mapping.
fn options_dict<'py>(py: Python<'py>, options: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    if let Ok(dict) = options.cast::<PyDict>() {
        return Ok(dict.clone());
    }
    if options.hasattr(intern!(py, "keys"))? {
        let copy = py.get_type::<PyDict>().call1((options,))?;
        return Ok(copy.cast_into::<PyDict>()?);
    }
    Err(PyTypeError::new_err(format!(
        "options must be a dict such as {{\"verify_exp\": False}}, not {}",
        text::type_name(options)
    )))
}

const ALGORITHMS_REQUIRED: &str =
    "It is required that you pass in a value for the \"algorithms\" argument when calling decode().";

const VERIFY_MISMATCH: &str =
    "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. \
The equivalent is setting `verify_signature` to False in the `options` dictionary. \
This invocation has a mismatch between the kwarg and the option entry.";

/// Resolves the arguments of `function` (`decode` or `decode_complete`) as PyJWT does,
/// raising and warning as PyJWT does for invalid or deprecated ones.
pub fn resolve<'py>(
    py: Python<'py>,
    arguments: &DecodeArguments<'_, 'py>,
    function: &str,
) -> PyResult<Resolved<'py>> {
    let now = take_now(py, arguments.kwargs, function)?;
    let options = Options::merge(py, arguments.options)?;
    if let Some(verify) = arguments.verify {
        if verify.ne(options.verify_signature)? {
            warn_deprecated(py, VERIFY_MISMATCH)?;
        }
    }
    let algorithms = match arguments.algorithms {
        Some(algorithms) if algorithms.is_truthy()? => Some(name_sequence(algorithms)?),
        _ => None,
    };
    if options.verify_signature && algorithms.is_none() {
        return Err(errors::raise(
            py,
            "DecodeError",
            ALGORITHMS_REQUIRED,
            Some("ERR_JWT_ALG_NOT_ALLOWED"),
        ));
    }
    if let Some(audience) = arguments.audience {
        if !audience.is_instance_of::<PyString>() && audience.try_iter().is_err() {
            return Err(PyTypeError::new_err(
                "audience must be a string, iterable or None",
            ));
        }
    }

    // `Validation::new(&[])` allocates nothing; every field that PyJWT's options set is set here.
    let validation = Validation {
        algorithms: allowed_algorithms(py, algorithms.as_ref())?,
        leeway: leeway_seconds(py, &arguments.leeway, "leeway")?,
        validate_exp: options.verify_exp,
        validate_nbf: options.verify_nbf,
        validate_iat: options.verify_iat,
        required: options.require,
        audience: audience(py, arguments.audience, options.strict_aud)?
            .filter(|_| options.verify_aud),
        reject_unexpected_audience: options.verify_aud,
        strict_audience: options.strict_aud,
        issuer: names(py, arguments.issuer, "issuer")?.filter(|_| options.verify_iss),
        subject: subject(py, arguments.subject)?.filter(|_| options.verify_sub),
        string_claims: string_claims(options.verify_sub, options.verify_jti),
        now,
        ..Validation::new(&[])
    };
    validation
        .check_options()
        .map_err(|err| errors::to_py_err(py, &err, Context::Encode))?;
    Ok(Resolved {
        validation,
        verify_signature: options.verify_signature,
        enforce_minimum_key_length: options.enforce_minimum_key_length,
        algorithms,
    })
}

/// Takes the extra keyword `now` and warns, as PyJWT does, about any other extra keyword.
fn take_now(
    py: Python<'_>,
    kwargs: Option<&Bound<'_, PyDict>>,
    function: &str,
) -> PyResult<Option<f64>> {
    let Some(kwargs) = kwargs.filter(|kwargs| !kwargs.is_empty()) else {
        return Ok(None);
    };
    let name = intern!(py, "now");
    let now = match kwargs.get_item(name)? {
        Some(now) => optional_seconds(&now, "now")?,
        None => None,
    };
    let unknown: Vec<Bound<'_, PyAny>> = kwargs
        .keys()
        .iter()
        .filter(|key| !key.eq(name).unwrap_or(false))
        .collect();
    if !unknown.is_empty() {
        let listed = PyTuple::new(py, unknown)?.repr()?;
        let message = format!(
            "passing additional kwargs to {function}() is deprecated and is ignored. Unsupported kwargs: {listed}"
        );
        warn_deprecated(py, &message)?;
    }
    Ok(now)
}

fn warn_deprecated(py: Python<'_>, message: &str) -> PyResult<()> {
    let category = py.get_type::<PyDeprecationWarning>();
    let text = CString::new(message).unwrap_or_default();
    PyErr::warn(py, category.as_any(), &text, 1)
}

const ALGORITHMS_EXPECTED: &str = "a list of algorithm names such as [\"HS256\"]";

/// Returns `algorithms` as a `str`, list or tuple that can be read more than once, and
/// checks that it is a `str` or an iterable of `str`.
fn name_sequence<'py>(algorithms: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if algorithms.is_instance_of::<PyString>() {
        return Ok(algorithms.clone());
    }
    let sequence = if algorithms.is_exact_instance_of::<PyList>()
        || algorithms.is_exact_instance_of::<PyTuple>()
    {
        algorithms.clone()
    } else {
        let items = iterate(algorithms, "algorithms", ALGORITHMS_EXPECTED)?
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(algorithms.py(), items)?.into_any()
    };
    for (index, item) in sequence.try_iter()?.enumerate() {
        let item = item?;
        if !item.is_instance_of::<PyString>() {
            return Err(item_type_error("algorithms", index, &item));
        }
    }
    Ok(sequence)
}

/// Returns the HMAC algorithms among the allowed names; other names allow nothing.
fn allowed_algorithms(
    py: Python<'_>,
    algorithms: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Algorithm>> {
    let Some(algorithms) = algorithms else {
        return Ok(Vec::new());
    };
    if let Ok(name) = algorithms.cast::<PyString>() {
        let name = option_text(py, name, "algorithms")?;
        return Ok(Algorithm::from_name(&name).into_iter().collect());
    }
    let mut allowed = Vec::new();
    for (index, item) in algorithms.try_iter()?.enumerate() {
        let item = item?;
        let name = item.cast::<PyString>()?;
        let name = option_text(py, name, &format!("algorithms[{index}]"))?;
        if let Ok(alg) = Algorithm::from_name(&name) {
            allowed.push(alg);
        }
    }
    Ok(allowed)
}

/// Reads `audience`. With `strict_aud`, only a single `str` can match, so an iterable is
/// read as no accepted name, which the core's strict check rejects at the `aud` step, as
/// PyJWT does.
fn audience(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<Option<Vec<String>>> {
    match value {
        Some(value) if strict && !value.is_instance_of::<PyString>() => {
            names(py, Some(value), "audience")?;
            Ok(Some(Vec::new()))
        }
        _ => names(py, value, "audience"),
    }
}

/// Reads `audience` or `issuer`: one name as a `str`, or several as an iterable of `str`.
fn names(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    argument: &str,
) -> PyResult<Option<Vec<String>>> {
    let Some(value) = value else {
        return Ok(None);
    };
    if let Ok(name) = value.cast::<PyString>() {
        return Ok(Some(vec![option_text(py, name, argument)?.into_owned()]));
    }
    string_list(py, value, argument, "a str or a list of str").map(Some)
}

/// Reads a list of names given as an iterable of `str`. A single `str` or `bytes`, which
/// Python would iterate character by character, raises `TypeError`.
fn string_list(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    argument: &str,
    expected: &str,
) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{argument} must be {expected}, not a single str: wrap the name in a list"
        )));
    }
    let mut names = Vec::new();
    for (index, item) in iterate(value, argument, expected)?.enumerate() {
        let item = item?;
        let Ok(name) = item.cast::<PyString>() else {
            return Err(item_type_error(argument, index, &item));
        };
        names.push(option_text(py, name, &format!("{argument}[{index}]"))?.into_owned());
    }
    Ok(names)
}

/// Iterates `value`, which must be an iterable other than `bytes` or `bytearray`.
fn iterate<'py>(
    value: &Bound<'py, PyAny>,
    argument: &str,
    expected: &str,
) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    let not_expected = || {
        PyTypeError::new_err(format!(
            "{argument} must be {expected}, not {}",
            text::type_name(value)
        ))
    };
    if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        return Err(not_expected());
    }
    value.try_iter().map_err(|_| not_expected())
}

fn item_type_error(argument: &str, index: usize, item: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "{argument}[{index}] must be a str, not {}",
        text::type_name(item)
    ))
}

/// Reads the `subject` argument: a `str` or `None`.
fn subject(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let Ok(name) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "subject must be a str or None, not {}",
            text::type_name(value)
        )));
    };
    Ok(Some(option_text(py, name, "subject")?.into_owned()))
}

/// Reads an option's `str` as UTF-8; one with a lone surrogate raises `OptionInvalidError`.
fn option_text<'a>(
    py: Python<'_>,
    text: &'a Bound<'_, PyString>,
    argument: &str,
) -> PyResult<std::borrow::Cow<'a, str>> {
    text::utf8(text, |not_unicode: NotUnicode| {
        let err = Error::OptionInvalid {
            reason: format!("{argument} {not_unicode}"),
        };
        errors::to_py_err(py, &err, Context::Encode)
    })
}

static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Reads `leeway` as seconds: a number, or a `timedelta`. The value is not checked here:
/// the core rejects a NaN, infinite or negative leeway.
pub fn leeway_seconds(py: Python<'_>, leeway: &Arg<'_>, argument: &str) -> PyResult<f64> {
    let Arg::Given(leeway) = leeway else {
        return Ok(0.0);
    };
    let is_number =
        leeway.is_exact_instance_of::<PyInt>() || leeway.is_exact_instance_of::<PyFloat>();
    if !is_number && leeway.is_instance(TIMEDELTA.import(py, "datetime", "timedelta")?)? {
        return leeway.call_method0(intern!(py, "total_seconds"))?.extract();
    }
    float_seconds(leeway, || {
        PyTypeError::new_err(format!(
            "{argument} must be a number of seconds or a timedelta, not {}",
            text::type_name(leeway)
        ))
    })
}

/// Reads an optional time in seconds since the Unix epoch, such as `now`. The value is not
/// checked here: the core rejects a NaN or infinite time.
pub fn optional_seconds(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Option<f64>> {
    if value.is_none() {
        return Ok(None);
    }
    float_seconds(value, || {
        PyTypeError::new_err(format!(
            "{argument} must be a number of seconds since the Unix epoch, or None, not {}",
            text::type_name(value)
        ))
    })
    .map(Some)
}

/// Reads a number as a float, and raises `type_error` for other types. An int too large for
/// a float becomes the infinity of its sign, which the core then rejects with its own message.
fn float_seconds(value: &Bound<'_, PyAny>, type_error: impl FnOnce() -> PyErr) -> PyResult<f64> {
    match value.extract::<f64>() {
        Ok(seconds) => Ok(seconds),
        Err(err) if err.is_instance_of::<PyOverflowError>(value.py()) => Ok(if value.lt(0)? {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        Err(_) => Err(type_error()),
    }
}

/// Returns the claims PyJWT type-checks as strings when present.
fn string_claims(verify_sub: bool, verify_jti: bool) -> Vec<String> {
    let mut claims = Vec::new();
    if verify_sub {
        claims.push("sub".to_owned());
    }
    if verify_jti {
        claims.push("jti".to_owned());
    }
    claims
}
