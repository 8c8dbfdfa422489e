//! The `DocumentServer` class: the ONLYOFFICE Docs token protocol.

use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use onlyoffice_jwt::json::{self, Number, Object, Value};
use onlyoffice_jwt::{
    Algorithm, Body, Callback, DocumentServer, Download, Error, MinLength, Operation, Settings,
    SignedRequest,
};

use crate::errors::{to_js, Context};
use crate::secrets::{to_secrets, JsSecret};

/// The native half of the JavaScript `DocumentServer` class, which checks option types and
/// converts objects to and from JSON text.
#[derive(Debug)]
#[napi(js_name = "NativeDocumentServer")]
pub struct NativeDocumentServer {
    inner: DocumentServer,
}

#[napi]
impl NativeDocumentServer {
    /// Creates the protocol object from Document Server's settings.
    ///
    /// All `secrets` verify what the host signs, and the first also signs. `outbox_secrets`
    /// verify what Document Server sends (empty: the same as `secrets`). `expires_in` is the
    /// lifetime of signed tokens in whole seconds, `null` for tokens without `exp`.
    #[napi(constructor)]
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the flat list the JavaScript class passes"
    )]
    #[allow(
        clippy::cast_sign_loss,
        reason = "the JavaScript class passes a non-negative safe integer"
    )]
    pub fn new(
        env: Env,
        secrets: Vec<JsSecret>,
        outbox_secrets: Vec<JsSecret>,
        header: String,
        prefix: String,
        algorithm: String,
        expires_in: Option<f64>,
        leeway: f64,
        min_length: String,
        now: Option<f64>,
    ) -> napi::Result<Self> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let inbox = to_secrets(&secrets).map_err(fail)?;
        let Some(first) = inbox.first().cloned() else {
            return Err(napi::Error::from_reason(
                "a DocumentServer needs at least one secret",
            ));
        };
        let mut settings = Settings::new(first);
        settings.inbox_secrets = inbox;
        settings.outbox_secrets = to_secrets(&outbox_secrets).map_err(fail)?;
        settings.header = header;
        settings.prefix = prefix;
        settings.algorithm = Algorithm::from_name(&algorithm).map_err(fail)?;
        settings.expires_in = expires_in.map(|seconds| seconds as u64);
        settings.leeway = leeway;
        settings.min_length = MinLength::from_name(&min_length).map_err(fail)?;
        settings.now = now;
        let inner = DocumentServer::new(settings).map_err(fail)?;
        Ok(Self { inner })
    }

    /// `true` when a secret is shorter than the algorithm's hash output under the `warn` policy.
    #[napi(getter)]
    #[must_use]
    pub fn short_secret(&self) -> bool {
        self.inner.has_short_secret()
    }

    /// Signs an editor config given as JSON text and returns the signed config as JSON text.
    #[napi]
    pub fn sign_config(&self, env: Env, config_json: String) -> napi::Result<String> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let config = json::parse(config_json.as_bytes()).map_err(fail)?;
        let signed = self.inner.sign_config(&config).map_err(fail)?;
        Ok(signed.to_json())
    }

    /// Returns the name of the header that carries tokens.
    #[napi(getter)]
    #[must_use]
    pub fn header(&self) -> String {
        self.inner.header_name().to_owned()
    }

    /// Returns the text written before a token in that header.
    #[napi(getter)]
    #[must_use]
    pub fn prefix(&self) -> String {
        self.inner.header_prefix().to_owned()
    }

    /// Signs the parameters of an editor method given as JSON text and returns them, with a
    /// `token`, as JSON text.
    #[napi]
    pub fn sign_method(&self, env: Env, params_json: String) -> napi::Result<String> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let params = json::parse(params_json.as_bytes()).map_err(fail)?;
        let signed = self.inner.sign_method(&params).map_err(fail)?;
        Ok(signed.to_json())
    }

    /// Signs a command, conversion or docbuilder request given as JSON text and returns
    /// `{"body":...,"headerName":...,"headerValue":...}` as JSON text.
    #[napi]
    pub fn sign_request(
        &self,
        env: Env,
        request_json: String,
        operation: Option<String>,
    ) -> napi::Result<String> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let request = json::parse(request_json.as_bytes()).map_err(fail)?;
        let operation = operation
            .map(|name| Operation::from_name(&name))
            .transpose()
            .map_err(fail)?;
        let signed = self.inner.sign_request(&request, operation).map_err(fail)?;
        Ok(signed_request_json(signed))
    }

    /// Verifies a file download request for `url` and returns `{"url":...,"iat":...,"exp":...}`
    /// as JSON text, `iat` and `exp` left out when absent.
    ///
    /// `headers` is a flat list of names and values: `[name, value, name, value, ...]`.
    #[napi]
    pub fn verify_download(
        &self,
        env: Env,
        url: String,
        headers: Vec<String>,
    ) -> napi::Result<String> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let pairs = header_pairs(&headers);
        let download = self.inner.verify_download(&url, &pairs).map_err(fail)?;
        Ok(download_json(download))
    }

    /// Verifies a save callback and returns it as JSON text:
    /// `{"data":...,"key":...,"status":...,"url":...,"iat":...,"exp":...,"source":...}`,
    /// where `url`, `iat` and `exp` are left out when absent.
    ///
    /// `headers` is a flat list of names and values: `[name, value, name, value, ...]`.
    #[napi]
    pub fn verify_callback(
        &self,
        env: Env,
        body: Either<String, Buffer>,
        headers: Vec<String>,
    ) -> napi::Result<String> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let body: &[u8] = match &body {
            Either::A(text) => text.as_bytes(),
            Either::B(bytes) => bytes,
        };
        let pairs = header_pairs(&headers);
        let callback = self
            .inner
            .verify_callback(Body::Raw(body), &pairs)
            .map_err(fail)?;
        check_exact_integers(&callback.data, "data").map_err(fail)?;
        Ok(callback_json(callback))
    }
}

/// Pairs up a flat `[name, value, name, value, ...]` list.
fn header_pairs(flat: &[String]) -> Vec<(&str, &str)> {
    flat.chunks_exact(2)
        .map(|pair| (pair[0].as_str(), pair[1].as_str()))
        .collect()
}

/// Inserts `iat` and `exp` into `out` when present.
fn insert_times(out: &mut Object, iat: Option<f64>, exp: Option<f64>) {
    for (name, seconds) in [("iat", iat), ("exp", exp)] {
        if let Some(number) = seconds.and_then(|seconds| Number::from_f64(seconds).ok()) {
            out.insert(name, Value::Number(number));
        }
    }
}

fn signed_request_json(signed: SignedRequest) -> String {
    let mut out = Object::new();
    out.insert("body", Value::Object(signed.body));
    out.insert("headerName", Value::String(signed.header_name));
    out.insert("headerValue", Value::String(signed.header_value));
    out.to_json()
}

fn download_json(download: Download) -> String {
    let mut out = Object::new();
    out.insert("url", Value::String(download.url));
    insert_times(&mut out, download.iat, download.exp);
    out.to_json()
}

/// Largest integer a JavaScript number represents exactly: 2^53 - 1.
const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

/// Rejects integers that `JSON.parse` would round, so that no signed value changes silently.
///
/// # Errors
/// [`Error::JsonInvalid`] naming the member with the first such integer.
fn check_exact_integers(object: &Object, path: &str) -> Result<(), Error> {
    for (name, value) in object.iter() {
        check_value(value, &format!("{path}.{name}"))?;
    }
    Ok(())
}

fn check_value(value: &Value, path: &str) -> Result<(), Error> {
    match value {
        Value::Number(number) if number.is_integer() => {
            let exact = number
                .as_str()
                .parse::<i128>()
                .is_ok_and(|integer| integer.abs() <= MAX_SAFE_INTEGER);
            if exact {
                Ok(())
            } else {
                Err(Error::JsonInvalid {
                    reason: format!(
                        "{path} is the integer {}, which a JavaScript number cannot hold exactly (above 2^53 - 1)",
                        number.as_str()
                    ),
                })
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_value(item, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        Value::Object(object) => check_exact_integers(object, path),
        _ => Ok(()),
    }
}

/// Writes a verified callback as the JSON text the JavaScript class parses.
fn callback_json(callback: Callback) -> String {
    let mut out = Object::new();
    out.insert("data", Value::Object(callback.data));
    out.insert("key", Value::String(callback.key));
    out.insert("status", Value::from(i64::from(callback.status)));
    if let Some(url) = callback.url {
        out.insert("url", Value::String(url));
    }
    insert_times(&mut out, callback.iat, callback.exp);
    out.insert("source", Value::from(callback.source.name()));
    out.to_json()
}
