//! `DocumentServer`, `Callback`, `Download` and `SignedRequest`: the ONLYOFFICE Docs protocol.

use std::ffi::CString;

use onlyoffice_jwt::json::{Object, Value};
use onlyoffice_jwt::{
    Algorithm, Body, Callback, Download, Error, MinLength, Operation, Secret, Settings,
    SignedRequest, CALLBACK_OK,
};
use pyo3::exceptions::PyKeyError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};

use crate::errors::{self, Context};
use crate::from_json::object_to_python;
use crate::keys::secret_bytes;
use crate::to_json::JsonWriter;

fn to_err(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |err| errors::to_py_err(py, &err, Context::DocumentServer)
}

fn secret(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Secret> {
    let bytes = secret_bytes(value)?;
    Secret::from_bytes(&bytes).map_err(to_err(py))
}

fn to_value(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    JsonWriter::new(None, false).value_of(value)
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

/// The ONLYOFFICE Docs token protocol for a host: signs what the host sends to Document
/// Server and verifies what Document Server sends back. Immutable and safe to share
/// between threads.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "DocumentServer")]
pub struct PyDocumentServer {
    inner: onlyoffice_jwt::DocumentServer,
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
        header = "Authorization",
        prefix = "Bearer ",
        algorithm = "HS256",
        expires_in = Some(300),
        leeway = 60.0,
        min_length = "off",
        extra_secrets = None,
        now = None,
    ))]
    #[allow(
        clippy::too_many_arguments,
        reason = "the keyword arguments mirror Document Server's settings"
    )]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        outbox_secret: Option<&Bound<'_, PyAny>>,
        header: &str,
        prefix: &str,
        algorithm: &str,
        expires_in: Option<u64>,
        leeway: f64,
        min_length: &str,
        extra_secrets: Option<&Bound<'_, PyAny>>,
        now: Option<f64>,
    ) -> PyResult<Self> {
        let mut extra = Vec::new();
        if let Some(values) = extra_secrets {
            for value in values.try_iter()? {
                extra.push(self::secret(py, &value?)?);
            }
        }
        let mut settings = Settings::new(self::secret(py, secret)?);
        settings.inbox_secrets.extend(extra.iter().cloned());
        if let Some(outbox) = outbox_secret {
            settings.outbox_secrets.push(self::secret(py, outbox)?);
            settings.outbox_secrets.extend(extra);
        }
        header.clone_into(&mut settings.header);
        prefix.clone_into(&mut settings.prefix);
        settings.algorithm = Algorithm::from_name(algorithm).map_err(to_err(py))?;
        settings.expires_in = expires_in;
        settings.leeway = leeway;
        settings.min_length = MinLength::from_name(min_length).map_err(to_err(py))?;
        settings.now = now;
        let inner = onlyoffice_jwt::DocumentServer::new(settings).map_err(to_err(py))?;
        if inner.has_short_secret() {
            let message = format!(
                "a Document Server secret is shorter than {} bytes, the minimum RFC 7518 asks for {algorithm}",
                settings_min(algorithm)
            );
            let category = errors::class(py, "InsecureKeyLengthWarning")?;
            PyErr::warn(py, &category, &CString::new(message).unwrap_or_default(), 1)?;
        }
        Ok(Self { inner })
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
        let signed = self
            .inner
            .sign_config(&to_value(config)?)
            .map_err(to_err(py))?;
        with_token(config, &signed)
    }

    /// Signs the parameters of an editor method such as `insertImage`: returns a new dict
    /// with a fresh `token`.
    fn sign_method<'py>(
        &self,
        py: Python<'py>,
        params: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let signed = self
            .inner
            .sign_method(&to_value(params)?)
            .map_err(to_err(py))?;
        with_token(params, &signed)
    }

    /// Signs a command, conversion or docbuilder request for the body and for the header.
    #[pyo3(signature = (request, operation = None))]
    fn sign_request(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        operation: Option<&str>,
    ) -> PyResult<PySignedRequest> {
        let operation = operation
            .map(Operation::from_name)
            .transpose()
            .map_err(to_err(py))?;
        let signed = self
            .inner
            .sign_request(&to_value(request)?, operation)
            .map_err(to_err(py))?;
        PySignedRequest::new(py, signed)
    }

    /// Verifies a save callback: the body token first, else the token in the configured header.
    #[pyo3(signature = (body, headers = None))]
    fn verify_callback(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCallback> {
        let pairs = header_pairs(py, headers, self.inner.header_name())?;
        let callback = if let Some(raw) = body_bytes(body)? {
            self.inner.verify_callback(Body::Raw(&raw), &pairs)
        } else {
            let value = to_value(body)?;
            self.inner.verify_callback(Body::Json(&value), &pairs)
        };
        PyCallback::new(py, callback.map_err(to_err(py))?)
    }

    /// Verifies a file download: the header token must sign the requested URL.
    fn verify_download(
        &self,
        py: Python<'_>,
        url: &str,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<PyDownload> {
        let pairs = header_pairs(py, Some(headers), self.inner.header_name())?;
        let download: Download = self
            .inner
            .verify_download(url, &pairs)
            .map_err(to_err(py))?;
        Ok(PyDownload {
            url: download.url,
            iat: seconds(py, download.iat)?,
            exp: seconds(py, download.exp)?,
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

    fn __repr__(&self) -> String {
        format!(
            "DocumentServer(header={:?}, prefix={:?})",
            self.inner.header_name(),
            self.inner.header_prefix()
        )
    }
}

fn settings_min(algorithm: &str) -> usize {
    Algorithm::from_name(algorithm).map_or(32, Algorithm::min_key_len)
}

/// Copies `original` without `token` and appends the token of `signed`.
fn with_token<'py>(original: &Bound<'py, PyAny>, signed: &Object) -> PyResult<Bound<'py, PyDict>> {
    let copy = original.cast::<PyDict>()?.copy()?;
    if copy.contains("token")? {
        copy.del_item("token")?;
    }
    copy.set_item(
        "token",
        signed
            .get("token")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )?;
    Ok(copy)
}

/// Reads a raw request body given as `bytes`, `bytearray`, `str` or `None`; returns `None`
/// for a body the framework already parsed as JSON, such as a dict.
fn body_bytes(body: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
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
        return Ok(Some(text.to_cow()?.as_bytes().to_vec()));
    }
    Ok(None)
}

/// Collects the request headers named `wanted` (case-insensitively) from a mapping, an
/// object with `.items()`, a WSGI environ (`HTTP_AUTHORIZATION` for `Authorization`) or
/// an iterable of pairs. Other headers are skipped without looking at their values.
fn header_pairs(
    py: Python<'_>,
    headers: Option<&Bound<'_, PyAny>>,
    wanted: &str,
) -> PyResult<Vec<(String, String)>> {
    let Some(headers) = headers.filter(|headers| !headers.is_none()) else {
        return Ok(Vec::new());
    };
    let items = if headers.hasattr(intern!(py, "items"))? {
        headers.call_method0(intern!(py, "items"))?
    } else {
        headers.clone()
    };
    let mut pairs = Vec::new();
    for item in items.try_iter()? {
        let (key, value) = item?.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
        let Some(name) = header_text(&key)? else {
            continue;
        };
        let name = match name.strip_prefix("HTTP_") {
            Some(rest) => rest.replace('_', "-"),
            None => name,
        };
        if !name.eq_ignore_ascii_case(wanted) {
            continue;
        }
        let Some(value) = header_text(&value)? else {
            let type_name = value.get_type().name()?;
            let message = format!(
                "invalid token header: the {name} value is {type_name}, expected str or bytes"
            );
            return Err(errors::raise(
                py,
                "HeaderInvalidError",
                &message,
                Some("ERR_DS_HEADER_INVALID"),
            ));
        };
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Reads a header name or value: `str` as is, `bytes` as Latin-1; `None` for other types.
fn header_text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(text.to_cow()?.into_owned()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Some(
            bytes
                .as_bytes()
                .iter()
                .map(|&byte| char::from(byte))
                .collect(),
        ));
    }
    Ok(None)
}

/// A verified save callback: only what Document Server signed.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "Callback")]
pub struct PyCallback {
    data: Py<PyDict>,
    #[pyo3(get)]
    key: String,
    #[pyo3(get)]
    status: u8,
    #[pyo3(get)]
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
            data: object_to_python(py, &callback.data)?.unbind(),
            iat: seconds(py, callback.iat)?,
            exp: seconds(py, callback.exp)?,
            key: callback.key,
            status: callback.status,
            url: callback.url,
            source: callback.source.name(),
        })
    }
}

#[pymethods]
impl PyCallback {
    /// The signed callback fields without `iat` and `exp`, as a dict.
    #[getter]
    fn data(&self, py: Python<'_>) -> Py<PyDict> {
        self.data.clone_ref(py)
    }

    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.data
            .bind(py)
            .get_item(name)?
            .ok_or_else(|| PyKeyError::new_err(name.to_owned()))
    }

    fn __contains__(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        self.data.bind(py).contains(name)
    }

    /// Returns the signed field `name`, or `default` when the token does not have it.
    #[pyo3(signature = (name, default = None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self.data.bind(py).get_item(name)? {
            Some(value) => value,
            None => default.unwrap_or_else(|| py.None().into_bound(py)),
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Callback(key={:?}, status={}, url={:?}, source={:?})",
            self.key, self.status, self.url, self.source
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
    fn __repr__(&self) -> String {
        format!("Download(url={:?})", self.url)
    }
}

/// A request signed both ways Document Server accepts: send `body` as JSON, or send the
/// original request with the `headers`.
#[derive(Debug)]
#[pyclass(frozen, module = "onlyoffice_jwt", name = "SignedRequest")]
pub struct PySignedRequest {
    body: Py<PyDict>,
    #[pyo3(get)]
    header_name: String,
    #[pyo3(get)]
    header_value: String,
}

impl PySignedRequest {
    fn new(py: Python<'_>, signed: SignedRequest) -> PyResult<Self> {
        Ok(Self {
            body: object_to_python(py, &signed.body)?.unbind(),
            header_name: signed.header_name,
            header_value: signed.header_value,
        })
    }
}

#[pymethods]
impl PySignedRequest {
    /// The request with a `token` member, as a dict.
    #[getter]
    fn body(&self, py: Python<'_>) -> Py<PyDict> {
        self.body.clone_ref(py)
    }

    /// `{header_name: header_value}`, ready to merge into the request headers.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        headers.set_item(&self.header_name, &self.header_value)?;
        Ok(headers)
    }

    fn __repr__(&self) -> String {
        format!("SignedRequest(header_name={:?})", self.header_name)
    }
}
