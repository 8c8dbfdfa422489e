//! `DocumentServer`, `Callback`, `Download` and `SignedRequest`: the ONLYOFFICE Docs protocol.

use std::ffi::CString;

use onlyoffice_jwt::docserver::{read_secret_file, MAX_LOCAL_JSON_LEN};
use onlyoffice_jwt::json::{Object, Value};
use onlyoffice_jwt::{
    Algorithm, Body, Callback, Download, Error, MinLength, Operation, Secret, Settings,
    SignedRequest, CALLBACK_OK,
};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString, PyTuple, PyType};

use crate::arguments::{leeway_seconds, optional_seconds, Arg};
use crate::errors::{self, Context};
use crate::from_json::{json_to_python, object_to_python, value_to_python};
use crate::keys::named_secret_bytes;
use crate::text::{self, python_repr, type_name};
use crate::to_json::{JsonWriter, ToJsonError};

fn to_err(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |err| errors::to_py_err(py, &err, Context::DocumentServer)
}

/// Reads the secret given as the argument `argument`.
fn named_secret(py: Python<'_>, value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Secret> {
    let bytes = named_secret_bytes(value, argument)?;
    Secret::from_bytes(&bytes).map_err(to_err(py))
}

/// Converts the dict given to a `sign_*` method. Values JSON cannot carry raise what
/// `json.dumps` raises for them. Lone surrogates, NaN and the infinities, which `json.dumps`
/// writes but strict JSON in UTF-8 cannot carry, raise `DecodeError`, and so do two keys
/// written as the same member name.
fn signing_input(py: Python<'_>, value: &Bound<'_, PyAny>, value_name: &str) -> PyResult<Value> {
    JsonWriter::new(None, false)
        .value_of(value)
        .map_err(|err| match err {
            ToJsonError::NotUnicode { .. } | ToJsonError::NotFinite { .. } => {
                json_invalid(py, &err.describe(value_name))
            }
            ToJsonError::DuplicateMember { ref name } => {
                duplicate_member(py, name, &err.describe(value_name))
            }
            ToJsonError::NotJson { json_error, .. } => json_error,
            ToJsonError::Python(err) => err,
        })
}

/// Converts a callback body that the host already parsed, such as a dict. A body that no
/// JSON text could have produced raises a coded error: `DecodeError` for lone surrogates in
/// keys, NaN, the infinities and repeated member names, `PayloadShapeError` for other values.
///
/// A lone surrogate in a `str` value becomes U+FFFD, as the core reads a lone surrogate
/// escape in a raw body. `json.loads` returns such a `str` for the escape that
/// `JSON.stringify` writes for a JavaScript string cut inside a surrogate pair, such as a user
/// name in `history`.
fn callback_body(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Value> {
    const BODY: &str = "the callback body";
    // The token itself is ASCII, so a lone surrogate in it keeps its own error, not a
    // U+FFFD that would make it a malformed token.
    let mut writer = JsonWriter::new(None, false);
    if let Ok(dict) = body.cast::<PyDict>() {
        if let Some(token) = dict.get_item("token")? {
            if token.is_instance_of::<PyString>() {
                writer.value_of(&token).map_err(|err| match err {
                    ToJsonError::Python(err) => err,
                    err => json_invalid(py, &err.within(".token").describe(BODY)),
                })?;
            }
        }
    }
    writer
        .replacing_lone_surrogates()
        .value_of(body)
        .map_err(|err| match err {
            ToJsonError::NotUnicode { .. } | ToJsonError::NotFinite { .. } => {
                json_invalid(py, &err.describe(BODY))
            }
            ToJsonError::DuplicateMember { ref name } => {
                duplicate_member(py, name, &err.describe(BODY))
            }
            ToJsonError::NotJson { .. } => {
                let err = Error::PayloadShape {
                    reason: err.describe(BODY),
                };
                errors::to_py_err(py, &err, Context::DocumentServer)
            }
            ToJsonError::Python(err) => err,
        })
}

fn json_invalid(py: Python<'_>, reason: &str) -> PyErr {
    let err = Error::JsonInvalid {
        reason: reason.to_owned(),
    };
    errors::to_py_err(py, &err, Context::DocumentServer)
}

fn duplicate_member(py: Python<'_>, name: &str, detail: &str) -> PyErr {
    let err = Error::DuplicateMember {
        name: name.to_owned(),
    };
    errors::to_py_err_with_detail(py, &err, Context::DocumentServer, detail)
}

/// Returns seconds as an `int` when whole, else as a `float`.
fn seconds(py: Python<'_>, value: Option<f64>) -> PyResult<Py<PyAny>> {
    Ok(match value {
        None => py.None(),
        Some(value) if value.fract() == 0.0 && value.abs() < 1e15 => {
            (value as i64).into_pyobject(py)?.into_any().unbind()
        }
        Some(value) => value.into_pyobject(py)?.into_any().unbind(),
    })
}

/// Raises `SettingsInvalidError` with `reason`.
fn settings_invalid(py: Python<'_>, reason: String) -> PyErr {
    errors::to_py_err(
        py,
        &Error::SettingsInvalid { reason },
        Context::DocumentServer,
    )
}

/// Reads a setting given as a `str`, such as `header`.
fn setting_text(py: Python<'_>, value: &Bound<'_, PyAny>, argument: &str) -> PyResult<String> {
    let Ok(text) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "{argument} must be a str, not {}",
            type_name(value)
        )));
    };
    text::utf8(text, |not_unicode| {
        settings_invalid(py, format!("{argument} {not_unicode}"))
    })
    .map(std::borrow::Cow::into_owned)
}

/// Reads `expires_in`: `None` for tokens without `exp`, or a whole number of seconds, 0 or more.
fn lifetime(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    if value.is_none() {
        return Ok(None);
    }
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "expires_in must be an int number of seconds or None, not {}",
            type_name(value)
        )));
    }
    if value.lt(0)? {
        return Err(settings_invalid(
            py,
            format!("expires_in must be 0 or more seconds, or None, not {value}"),
        ));
    }
    // An int beyond u64 is far beyond the core's limit of ten years, which then rejects it.
    Ok(Some(value.extract::<u64>().unwrap_or(u64::MAX)))
}

/// Reads `extra_secrets`: a list, tuple or other iterable of `str` or `bytes` secrets.
///
/// A single `str` or `bytes` raises `TypeError`: iterating it would make each character a
/// secret of its own.
fn extra_secrets(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Vec<Secret>> {
    const EXPECTED: &str = "extra_secrets must be a list or tuple of secrets (str or bytes)";
    if value.is_instance_of::<PyString>()
        || value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(format!(
            "{EXPECTED}, not a single {}: write extra_secrets=[secret]",
            type_name(value)
        )));
    }
    let Ok(items) = value.try_iter() else {
        return Err(PyTypeError::new_err(format!(
            "{EXPECTED}, not {}",
            type_name(value)
        )));
    };
    let mut secrets = Vec::new();
    for (index, item) in items.enumerate() {
        secrets.push(named_secret(
            py,
            &item?,
            &format!("extra_secrets[{index}]"),
        )?);
    }
    Ok(secrets)
}

/// Keyword arguments that change [`Settings`]; those not given keep the value they have.
struct Overrides<'py> {
    header: Arg<'py>,
    prefix: Arg<'py>,
    algorithm: Arg<'py>,
    expires_in: Arg<'py>,
    leeway: Arg<'py>,
    min_length: Arg<'py>,
    extra_secrets: Arg<'py>,
    now: Arg<'py>,
}

impl Overrides<'_> {
    fn apply(&self, py: Python<'_>, settings: &mut Settings) -> PyResult<()> {
        if let Arg::Given(header) = &self.header {
            settings.header = setting_text(py, header, "header")?;
        }
        if let Arg::Given(prefix) = &self.prefix {
            settings.prefix = setting_text(py, prefix, "prefix")?;
        }
        if let Arg::Given(algorithm) = &self.algorithm {
            let name = setting_text(py, algorithm, "algorithm")?;
            settings.algorithm = Algorithm::from_name(&name).map_err(to_err(py))?;
        }
        if let Arg::Given(expires_in) = &self.expires_in {
            settings.expires_in = lifetime(py, expires_in)?;
        }
        if let Arg::Given(_) = &self.leeway {
            settings.leeway = leeway_seconds(py, &self.leeway, "leeway")?;
        }
        if let Arg::Given(min_length) = &self.min_length {
            let name = setting_text(py, min_length, "min_length")?;
            settings.min_length = MinLength::from_name(&name).map_err(to_err(py))?;
        }
        if let Arg::Given(values) = &self.extra_secrets {
            if !values.is_none() {
                let extra = extra_secrets(py, values)?;
                // Extra secrets verify in both directions, as the main secrets do.
                if !settings.outbox_secrets.is_empty() {
                    settings.outbox_secrets.extend(extra.iter().cloned());
                }
                settings.inbox_secrets.extend(extra);
            }
        }
        if let Arg::Given(now) = &self.now {
            settings.now = optional_seconds(now, "now")?;
        }
        Ok(())
    }
}

/// Reads the text of a `local.json` given as a path (`str` or `os.PathLike`) or as its
/// content (`bytes`, or a `str` that starts with `{`).
fn local_json_text(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(bytes) = source.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    if let Ok(text) = source.cast::<PyString>() {
        let content = text::utf8(text, |not_unicode| {
            settings_invalid(py, format!("the local.json path or text {not_unicode}"))
        })?;
        if content.trim_start().starts_with('{') {
            return Ok(content.into_owned().into_bytes());
        }
    } else if !source.hasattr(intern!(py, "__fspath__"))? {
        return Err(PyTypeError::new_err(format!(
            "source must be the path of local.json (str or os.PathLike) or its text (str or bytes), not {}",
            type_name(source)
        )));
    }
    // `open` raises the usual OSError, such as FileNotFoundError with the file name. At most
    // one byte over the limit is read, so that `/dev/zero` or a huge file cannot fill memory.
    let file = py
        .import(intern!(py, "builtins"))?
        .getattr(intern!(py, "open"))?
        .call1((source, intern!(py, "rb")))?;
    let content = file.call_method1(intern!(py, "read"), (MAX_LOCAL_JSON_LEN + 1,));
    file.call_method0(intern!(py, "close"))?;
    let content = content?;
    let bytes = content.cast::<PyBytes>()?.as_bytes();
    if bytes.len() > MAX_LOCAL_JSON_LEN {
        let path = py
            .import(intern!(py, "os"))?
            .getattr(intern!(py, "fsdecode"))?
            .call1((source,))?;
        return Err(settings_invalid(
            py,
            format!(
                "local.json {} is larger than the limit of {MAX_LOCAL_JSON_LEN} bytes",
                path.repr()?
            ),
        ));
    }
    Ok(bytes.to_vec())
}

/// The ONLYOFFICE Docs token protocol for a host: signs what the host sends to Document
/// Server and verifies what Document Server sends back. Immutable and safe to share
/// between threads.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "DocumentServer")]
pub struct PyDocumentServer {
    inner: onlyoffice_jwt::DocumentServer,
}

impl PyDocumentServer {
    /// Creates the instance from final settings, warning about short secrets when asked.
    fn build(py: Python<'_>, settings: Settings) -> PyResult<Self> {
        let algorithm = settings.algorithm;
        let inner = onlyoffice_jwt::DocumentServer::new(settings).map_err(to_err(py))?;
        if inner.has_short_secret() {
            let message = format!(
                "a Document Server secret is shorter than {} bytes, the minimum RFC 7518 asks for {}",
                algorithm.min_key_len(),
                algorithm.name()
            );
            let category = errors::class(py, "InsecureKeyLengthWarning")?;
            PyErr::warn(py, &category, &CString::new(message).unwrap_or_default(), 1)?;
        }
        Ok(Self { inner })
    }
}

#[pymethods]
impl PyDocumentServer {
    /// Response body for an accepted callback: `{"error":0}`.
    #[classattr]
    const CALLBACK_OK: &'static str = CALLBACK_OK;

    #[new]
    #[pyo3(
        text_signature = "(secret, *, outbox_secret=None, header='Authorization', prefix='Bearer ', algorithm='HS256', expires_in=300, leeway=60.0, min_length='off', extra_secrets=(), now=None)"
    )]
    #[pyo3(signature = (
        secret,
        *,
        outbox_secret = None,
        header = Arg::Default,
        prefix = Arg::Default,
        algorithm = Arg::Default,
        expires_in = Arg::Default,
        leeway = Arg::Default,
        min_length = Arg::Default,
        extra_secrets = Arg::Default,
        now = Arg::Default,
    ))]
    #[allow(
        clippy::too_many_arguments,
        reason = "the keyword arguments mirror Document Server's settings"
    )]
    fn new<'py>(
        py: Python<'py>,
        secret: &Bound<'py, PyAny>,
        outbox_secret: Option<&Bound<'py, PyAny>>,
        header: Arg<'py>,
        prefix: Arg<'py>,
        algorithm: Arg<'py>,
        expires_in: Arg<'py>,
        leeway: Arg<'py>,
        min_length: Arg<'py>,
        extra_secrets: Arg<'py>,
        now: Arg<'py>,
    ) -> PyResult<Self> {
        errors::guard(|| {
            let mut settings = Settings::new(named_secret(py, secret, "secret")?);
            if let Some(outbox) = outbox_secret {
                settings
                    .outbox_secrets
                    .push(named_secret(py, outbox, "outbox_secret")?);
            }
            let overrides = Overrides {
                header,
                prefix,
                algorithm,
                expires_in,
                leeway,
                min_length,
                extra_secrets,
                now,
            };
            overrides.apply(py, &mut settings)?;
            Self::build(py, settings)
        })
    }

    /// Creates a `DocumentServer` from Document Server's own `local.json`.
    ///
    /// `source` is the path of the file (`str` or `os.PathLike`), or its text (`bytes`, or a
    /// `str` that starts with `{`). The settings come from `services.CoAuthoring`: the inbox
    /// and outbox secrets, the header and prefix of `token.inbox` for what the host signs and
    /// of `token.outbox` for what it verifies, `token.outbox.algorithm`,
    /// `token.outbox.expires` and `token.verifyOptions.clockTolerance`. A secret given as a
    /// `file` is read as raw bytes, any trailing newline included, and a relative path is
    /// taken from the current directory. The keyword arguments replace those values.
    #[classmethod]
    #[pyo3(
        signature = (source, *, expires_in = Arg::Default, leeway = Arg::Default, min_length = Arg::Default, extra_secrets = Arg::Default, now = Arg::Default),
        text_signature = "(source, *, expires_in=..., leeway=..., min_length='off', extra_secrets=(), now=None)"
    )]
    #[allow(
        clippy::too_many_arguments,
        reason = "the keyword arguments mirror Document Server's settings"
    )]
    fn from_local_json<'py>(
        _cls: &Bound<'py, PyType>,
        py: Python<'py>,
        source: &Bound<'py, PyAny>,
        expires_in: Arg<'py>,
        leeway: Arg<'py>,
        min_length: Arg<'py>,
        extra_secrets: Arg<'py>,
        now: Arg<'py>,
    ) -> PyResult<Self> {
        errors::guard(|| {
            let text = local_json_text(py, source)?;
            let mut settings =
                Settings::from_local_json(&text, read_secret_file).map_err(to_err(py))?;
            let overrides = Overrides {
                header: Arg::Default,
                prefix: Arg::Default,
                algorithm: Arg::Default,
                expires_in,
                leeway,
                min_length,
                extra_secrets,
                now,
            };
            overrides.apply(py, &mut settings)?;
            Self::build(py, settings)
        })
    }

    /// Returns `{"error":0}`, the response body for an accepted callback.
    #[staticmethod]
    fn callback_reply() -> &'static str {
        CALLBACK_OK
    }

    /// Signs an editor config: returns a new dict, the config with a fresh `token`.
    fn sign_config<'py>(
        &self,
        py: Python<'py>,
        config: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        errors::guard(|| {
            let value = signing_input(py, config, "the editor config")?;
            let token = self.inner.sign_config_token(&value).map_err(to_err(py))?;
            with_token(config, &token)
        })
    }

    /// Signs the parameters of an editor method such as `insertImage`: returns a new dict
    /// with a fresh `token`.
    fn sign_method<'py>(
        &self,
        py: Python<'py>,
        params: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        errors::guard(|| {
            let value = signing_input(py, params, "the method parameters")?;
            let signed = self.inner.sign_method(&value).map_err(to_err(py))?;
            let token = signed
                .get("token")
                .and_then(Value::as_str)
                .unwrap_or_default();
            with_token(params, token)
        })
    }

    /// Signs a command, conversion or docbuilder request for the body and for the header.
    #[pyo3(signature = (request, operation = None))]
    fn sign_request(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        operation: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySignedRequest> {
        errors::guard(|| {
            let operation = match operation.filter(|operation| !operation.is_none()) {
                None => None,
                Some(name) => {
                    let name = setting_text(py, name, "operation")?;
                    Some(Operation::from_name(&name).map_err(to_err(py))?)
                }
            };
            let value = signing_input(py, request, "the request")?;
            let signed = self
                .inner
                .sign_request(&value, operation)
                .map_err(to_err(py))?;
            Ok(PySignedRequest::new(signed))
        })
    }

    /// Verifies a save callback: the body token first, else the token in the configured header.
    #[pyo3(signature = (body, headers = None))]
    fn verify_callback(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCallback> {
        errors::guard(|| {
            let pairs = header_pairs(py, headers, self.inner.header_name())?;
            let callback = if let Some(raw) = body_bytes(py, body)? {
                self.inner.verify_callback(Body::Raw(&raw), &pairs)
            } else {
                let value = callback_body(py, body)?;
                self.inner.verify_callback(Body::Json(&value), &pairs)
            };
            PyCallback::new(py, callback.map_err(to_err(py))?)
        })
    }

    /// Verifies a file download: the header token must sign the requested URL.
    fn verify_download(
        &self,
        py: Python<'_>,
        url: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<PyDownload> {
        errors::guard(|| {
            let Ok(url) = url.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "url must be a str, not {}",
                    type_name(url)
                )));
            };
            let url = text::utf8(url, |not_unicode| {
                let detail =
                    format!("the requested URL {not_unicode}, so no download token can sign it");
                let err = Error::UrlMismatch {
                    signed: String::new(),
                    requested: url.to_string_lossy().into_owned(),
                };
                errors::to_py_err_with_detail(py, &err, Context::DocumentServer, &detail)
            })?;
            let pairs = header_pairs(py, Some(headers), self.inner.header_name())?;
            let download: Download = self
                .inner
                .verify_download(&url, &pairs)
                .map_err(to_err(py))?;
            Ok(PyDownload {
                url: download.url,
                iat: seconds(py, download.iat)?,
                exp: seconds(py, download.exp)?,
            })
        })
    }

    /// The header name that carries tokens.
    #[getter]
    fn header(&self) -> &str {
        self.inner.header_name()
    }

    /// The text before the token in that header.
    #[getter]
    fn prefix(&self) -> &str {
        self.inner.header_prefix()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "DocumentServer(header={}, prefix={})",
            python_repr(py, self.inner.header_name()),
            python_repr(py, self.inner.header_prefix())
        )
    }
}

/// Copies `original` without its `token` member and appends `token`.
fn with_token<'py>(original: &Bound<'py, PyAny>, token: &str) -> PyResult<Bound<'py, PyDict>> {
    let copy = original.cast::<PyDict>()?.copy()?;
    if copy.contains("token")? {
        copy.del_item("token")?;
    }
    copy.set_item("token", token)?;
    Ok(copy)
}

/// Reads a raw request body given as `bytes`, `bytearray`, `str` or `None`. Returns `None`
/// for a body the framework already parsed as JSON, such as a dict.
///
/// A `str` with a lone surrogate raises `DecodeError`, because Document Server sends UTF-8
/// JSON and such a body cannot have come from it.
fn body_bytes(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if body.is_none() {
        return Ok(Some(Vec::new()));
    }
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(Some(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = body.cast::<PyByteArray>() {
        return Ok(Some(bytes.to_vec()));
    }
    if let Ok(text) = body.cast::<PyString>() {
        let utf8 = text::utf8(text, |not_unicode| {
            json_invalid(py, &format!("the callback body {not_unicode}"))
        })?;
        return Ok(Some(utf8.as_bytes().to_vec()));
    }
    Ok(None)
}

const HEADERS_EXPECTED: &str =
    "headers must be a mapping, an object with .items(), or an iterable of (name, value) pairs";

/// Collects the request headers named `wanted` (case-insensitively) from a mapping, an
/// object with `.items()`, a WSGI environ (a dict with `REQUEST_METHOD` or `wsgi.version`,
/// where `HTTP_AUTHORIZATION` is read as `Authorization`) or an iterable of pairs. Other headers are skipped without looking at their values, and
/// so are names that are not text or not valid Unicode, which cannot be `wanted`.
fn header_pairs(
    py: Python<'_>,
    headers: Option<&Bound<'_, PyAny>>,
    wanted: &str,
) -> PyResult<Vec<(String, String)>> {
    let Some(headers) = headers.filter(|headers| !headers.is_none()) else {
        return Ok(Vec::new());
    };
    // Only a WSGI environ (or Django's `request.META`) names headers `HTTP_*`. Elsewhere a
    // header sent as `HTTP_AUTHORIZATION` is another header and must not count.
    let environ = match headers.cast::<PyDict>() {
        Ok(dict) => {
            dict.contains(intern!(py, "REQUEST_METHOD"))? || dict.contains("wsgi.version")?
        }
        Err(_) => false,
    };
    let items = if headers.hasattr(intern!(py, "items"))? {
        headers.call_method0(intern!(py, "items"))?
    } else {
        headers.clone()
    };
    let Ok(items) = items.try_iter() else {
        return Err(PyTypeError::new_err(format!(
            "{HEADERS_EXPECTED}, not {}",
            type_name(headers)
        )));
    };
    let mut pairs = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item?;
        let pair = item.cast::<PyTuple>().ok().filter(|pair| pair.len() == 2);
        let Some(pair) = pair else {
            return Err(PyTypeError::new_err(format!(
                "{HEADERS_EXPECTED}: item {index} is {}, not a (name, value) tuple",
                type_name(&item)
            )));
        };
        let (key, value) = (pair.get_item(0)?, pair.get_item(1)?);
        let Some(name) = header_name(&key) else {
            continue;
        };
        let name = match name.strip_prefix("HTTP_") {
            Some(rest) if environ => rest.replace('_', "-"),
            _ if environ => continue,
            _ => name,
        };
        if !name.eq_ignore_ascii_case(wanted) {
            continue;
        }
        pairs.push((name.clone(), header_value(py, &name, &value)?));
    }
    Ok(pairs)
}

/// Reads a header name: `str` as is, `bytes` as Latin-1; `None` for other types and for a
/// `str` that is not valid Unicode.
fn header_name(name: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(text) = name.cast::<PyString>() {
        return text.to_cow().ok().map(std::borrow::Cow::into_owned);
    }
    name.cast::<PyBytes>()
        .ok()
        .map(|bytes| latin1(bytes.as_bytes()))
}

/// Reads the value of the header `name`: `str` as is, `bytes` as Latin-1. Other types and a
/// `str` that is not valid Unicode raise `HeaderInvalidError`.
fn header_value(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let header_invalid = |reason: String| {
        errors::to_py_err(
            py,
            &Error::HeaderInvalid { reason },
            Context::DocumentServer,
        )
    };
    if let Ok(text) = value.cast::<PyString>() {
        return text::utf8(text, |not_unicode| {
            header_invalid(format!("the {name} value {not_unicode}"))
        })
        .map(std::borrow::Cow::into_owned);
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(latin1(bytes.as_bytes()));
    }
    Err(header_invalid(format!(
        "the {name} value is {}, expected str or bytes",
        type_name(value)
    )))
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

/// A verified save callback: only what Document Server signed.
///
/// The signed fields are kept as Rust values, and every access builds new Python objects
/// from them, so that changing what `data` or `get()` returned cannot change the verified
/// values that other readers (in other threads too) see.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "Callback")]
pub struct PyCallback {
    data: Object,
    /// The JSON text of the signed fields when a string in them may contain a lone surrogate
    /// escape, which `data` stores as U+FFFD. The fields are then built from this text.
    data_json: Option<String>,
    /// The document key, U+FFFD in place of a lone surrogate: the `key` getter reads
    /// `data_json` when there is one.
    key: String,
    #[pyo3(get)]
    status: u8,
    /// The URL of the saved document, U+FFFD in place of a lone surrogate, as `key`.
    url: Option<String>,
    #[pyo3(get)]
    iat: Py<PyAny>,
    #[pyo3(get)]
    exp: Py<PyAny>,
    #[pyo3(get)]
    source: &'static str,
}

impl PyCallback {
    fn new(py: Python<'_>, callback: Callback) -> PyResult<Self> {
        Ok(Self {
            data: callback.data,
            data_json: callback.data_json,
            iat: seconds(py, callback.iat)?,
            exp: seconds(py, callback.exp)?,
            key: callback.key,
            status: callback.status,
            url: callback.url,
            source: callback.source.name(),
        })
    }

    /// Returns the signed field `name`. A key that is not a `str`, or a `str` that is not
    /// valid Unicode, is no signed field name, so it is absent, as in a dict.
    fn field(&self, name: &Bound<'_, PyAny>) -> Option<&Value> {
        let name = name.cast::<PyString>().ok()?.to_cow().ok()?;
        self.data.get(&name)
    }

    /// Builds the Python value of the signed field `name`, whose core value is `value`.
    fn field_value<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
        value: &Value,
    ) -> PyResult<Bound<'py, PyAny>> {
        match &self.data_json {
            Some(text) => json_to_python(py, text.as_bytes())?.get_item(name),
            None => value_to_python(py, value),
        }
    }
}

#[pymethods]
impl PyCallback {
    /// The document key.
    #[getter]
    fn key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.data_json {
            Some(text) => json_to_python(py, text.as_bytes())?.get_item("key"),
            None => Ok(PyString::new(py, &self.key).into_any()),
        }
    }

    /// The URL of the saved document, `None` for statuses without one.
    #[getter]
    fn url<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match (&self.data_json, &self.url) {
            (Some(text), Some(_)) => json_to_python(py, text.as_bytes())?.get_item("url"),
            (None, Some(url)) => Ok(PyString::new(py, url).into_any()),
            (_, None) => Ok(py.None().into_bound(py)),
        }
    }

    /// The signed callback fields without `iat` and `exp`, as a new dict on every access.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        errors::guard(|| match &self.data_json {
            Some(text) => Ok(json_to_python(py, text.as_bytes())?.cast_into::<PyDict>()?),
            None => object_to_python(py, &self.data),
        })
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        errors::guard(|| match self.field(name) {
            Some(value) => self.field_value(py, name, value),
            None => Err(PyKeyError::new_err(name.clone().unbind())),
        })
    }

    fn __contains__(&self, name: &Bound<'_, PyAny>) -> bool {
        self.field(name).is_some()
    }

    /// Returns the signed field `name`, or `default` when the token does not have it.
    #[pyo3(signature = (name, default = None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        errors::guard(|| match self.field(name) {
            Some(value) => self.field_value(py, name, value),
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        })
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let url = self
            .url
            .as_deref()
            .map_or_else(|| "None".to_owned(), |url| python_repr(py, url));
        format!(
            "Callback(key={}, status={}, url={url}, source={})",
            python_repr(py, &self.key),
            self.status,
            python_repr(py, self.source)
        )
    }
}

/// A verified file download request.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "Download")]
pub struct PyDownload {
    /// The URL signed in the token.
    #[pyo3(get)]
    url: String,
    #[pyo3(get)]
    iat: Py<PyAny>,
    #[pyo3(get)]
    exp: Py<PyAny>,
}

#[pymethods]
impl PyDownload {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Download(url={})", python_repr(py, &self.url))
    }
}

/// A request signed both ways Document Server accepts: send `body` as JSON, or send the
/// original request with the `headers`.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "SignedRequest")]
pub struct PySignedRequest {
    /// Kept as Rust values: every access to `body` builds a new dict.
    body: Object,
    #[pyo3(get)]
    header_name: String,
    #[pyo3(get)]
    header_value: String,
}

impl PySignedRequest {
    fn new(signed: SignedRequest) -> Self {
        Self {
            body: signed.body,
            header_name: signed.header_name,
            header_value: signed.header_value,
        }
    }
}

#[pymethods]
impl PySignedRequest {
    /// The request with a `token` member, as a new dict on every access.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        errors::guard(|| object_to_python(py, &self.body))
    }

    /// `{header_name: header_value}`, ready to merge into the request headers.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        errors::guard(|| {
            let headers = PyDict::new(py);
            headers.set_item(&self.header_name, &self.header_value)?;
            Ok(headers)
        })
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "SignedRequest(header_name={})",
            python_repr(py, &self.header_name)
        )
    }
}
