//! The `DocumentServer` class: the ONLYOFFICE Docs token protocol.

use napi::bindgen_prelude::{Buffer, Either, Env};
use napi_derive::napi;
use onlyoffice_jwt::docserver::read_secret_file;
use onlyoffice_jwt::json::{self, Number, Object, Value};
use onlyoffice_jwt::{
    Algorithm, Body, Callback, DocumentServer, Download, MinLength, Operation, Settings,
    SignedRequest,
};

use crate::errors::{to_js, Context};
use crate::integers::{places_json, reject_unsafe, unsafe_integers, Integers, Step};
use crate::secrets::{to_secrets, OwnedSecret};
use crate::text::{AsciiText, JsonText, Text};

/// The native half of the JavaScript `DocumentServer` class, which checks option types and
/// converts objects to and from JSON text.
#[derive(Debug)]
#[napi(js_name = "NativeDocumentServer")]
pub struct NativeDocumentServer {
    inner: DocumentServer,
    integers: Integers,
}

#[napi]
impl NativeDocumentServer {
    /// Creates the protocol object from Document Server's settings.
    ///
    /// All `secrets` verify what the host signs, and the first also signs. `outbox_secrets`
    /// verify what Document Server sends (empty: the same as `secrets`). `expires_in` is the
    /// lifetime of signed tokens in whole seconds, `null` for tokens without `exp`.
    /// `integers` is the code of [`Integers`] for the callback fields.
    #[napi(constructor, catch_unwind)]
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
        secrets: Vec<OwnedSecret>,
        outbox_secrets: Vec<OwnedSecret>,
        header: String,
        prefix: String,
        algorithm: String,
        expires_in: Option<f64>,
        leeway: f64,
        min_length: String,
        now: Option<f64>,
        integers: u32,
    ) -> napi::Result<Self> {
        let integers = Integers::from_code(integers)?;
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
        Ok(Self { inner, integers })
    }

    /// Creates the protocol object from the text of Document Server's `local.json`.
    ///
    /// A secret given as `{"file": path}` is read as raw bytes, a trailing newline included,
    /// and a relative path is taken from the current directory. Each override replaces the
    /// value from the file: `leeway`, `min_length` and `now` when not `null`, `expires_in`
    /// (`null` for tokens without `exp`) when `expires_in_given`. `extra_secrets` verify in
    /// both directions, as the secrets from the file do.
    #[napi(factory, catch_unwind)]
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the flat list the JavaScript class passes"
    )]
    #[allow(
        clippy::cast_sign_loss,
        reason = "the JavaScript class passes a non-negative safe integer"
    )]
    pub fn from_local_json(
        env: Env,
        local_json: Buffer,
        expires_in_given: bool,
        expires_in: Option<f64>,
        leeway: Option<f64>,
        min_length: Option<String>,
        extra_secrets: Vec<OwnedSecret>,
        now: Option<f64>,
        integers: u32,
    ) -> napi::Result<Self> {
        let integers = Integers::from_code(integers)?;
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let mut settings =
            Settings::from_local_json(&local_json, read_secret_file).map_err(fail)?;
        if expires_in_given {
            settings.expires_in = expires_in.map(|seconds| seconds as u64);
        }
        if let Some(leeway) = leeway {
            settings.leeway = leeway;
        }
        if let Some(min_length) = min_length {
            settings.min_length = MinLength::from_name(&min_length).map_err(fail)?;
        }
        let extra = to_secrets(&extra_secrets).map_err(fail)?;
        if !settings.outbox_secrets.is_empty() {
            settings.outbox_secrets.extend(extra.iter().cloned());
        }
        settings.inbox_secrets.extend(extra);
        if now.is_some() {
            settings.now = now;
        }
        let inner = DocumentServer::new(settings).map_err(fail)?;
        Ok(Self { inner, integers })
    }

    /// `true` when a secret is shorter than the algorithm's hash output under the `warn` policy.
    #[napi(getter, catch_unwind)]
    #[must_use]
    pub fn short_secret(&self) -> bool {
        self.inner.has_short_secret()
    }

    /// Signs an editor config given as JSON text and returns the new `token` only: the
    /// JavaScript class already has the config's members, so they need not come back.
    #[napi(catch_unwind)]
    pub fn sign_config(&self, env: Env, config_json: Text) -> napi::Result<AsciiText> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let config = json::parse(config_json.as_str().as_bytes()).map_err(fail)?;
        let token = self.inner.sign_config_token(&config).map_err(fail)?;
        Ok(AsciiText(token))
    }

    /// Returns the name of the header that carries tokens.
    #[napi(getter, catch_unwind)]
    #[must_use]
    pub fn header(&self) -> String {
        self.inner.header_name().to_owned()
    }

    /// Returns the text written before a token in that header.
    #[napi(getter, catch_unwind)]
    #[must_use]
    pub fn prefix(&self) -> String {
        self.inner.header_prefix().to_owned()
    }

    /// Signs the parameters of an editor method given as JSON text and returns them, with a
    /// `token`, as JSON text.
    #[napi(catch_unwind)]
    pub fn sign_method(&self, env: Env, params_json: Text) -> napi::Result<JsonText> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let params = json::parse(params_json.as_str().as_bytes()).map_err(fail)?;
        let signed = self.inner.sign_method(&params).map_err(fail)?;
        Ok(JsonText::from(signed.to_json()))
    }

    /// Signs a command, conversion or docbuilder request given as JSON text and returns
    /// `{"body":...,"headerName":...,"headerValue":...}` as JSON text.
    #[napi(catch_unwind)]
    pub fn sign_request(
        &self,
        env: Env,
        request_json: Text,
        operation: Option<String>,
    ) -> napi::Result<JsonText> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let request = json::parse(request_json.as_str().as_bytes()).map_err(fail)?;
        let operation = operation
            .map(|name| Operation::from_name(&name))
            .transpose()
            .map_err(fail)?;
        let signed = self.inner.sign_request(&request, operation).map_err(fail)?;
        Ok(JsonText::from(signed_request_json(signed)))
    }

    /// Verifies a file download request for `url` and returns `{"url":...,"iat":...,"exp":...}`
    /// as JSON text, `iat` and `exp` left out when absent.
    ///
    /// `headers` is a flat list of names and values: `[name, value, name, value, ...]`.
    #[napi(catch_unwind)]
    pub fn verify_download(
        &self,
        env: Env,
        url: String,
        headers: Vec<String>,
    ) -> napi::Result<JsonText> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let pairs = header_pairs(&headers);
        let download = self.inner.verify_download(&url, &pairs).map_err(fail)?;
        Ok(JsonText::from(download_json(download)))
    }

    /// Verifies a save callback and returns it as JSON text:
    /// `{"data":...,"key":...,"status":...,"url":...,"iat":...,"exp":...,"source":...}`,
    /// where `url`, `iat` and `exp` are left out when absent. Under [`Integers::Exact`], a
    /// callback whose fields have integers beyond 2^53 - 1 is returned as
    /// `[callbackJson, placesJson]` instead (see [`places_json`]).
    ///
    /// `headers` is a flat list of names and values: `[name, value, name, value, ...]`.
    #[napi(catch_unwind)]
    pub fn verify_callback(
        &self,
        env: Env,
        body: Either<Text, &[u8]>,
        headers: Vec<String>,
    ) -> napi::Result<Either<JsonText, Vec<String>>> {
        let fail = |err| to_js(env, &err, Context::DocumentServer);
        let body: &[u8] = match &body {
            Either::A(text) => text.as_str().as_bytes(),
            Either::B(bytes) => bytes,
        };
        let pairs = header_pairs(&headers);
        let callback = self
            .inner
            .verify_callback(Body::Raw(body), &pairs)
            .map_err(fail)?;
        match self.integers {
            Integers::Number => {}
            Integers::Error => reject_unsafe(&callback.data, "data").map_err(fail)?,
            Integers::Exact => {
                let places = unsafe_integers(&callback.data, &[Step::Member("data".to_owned())]);
                if !places.is_empty() {
                    return Ok(Either::B(vec![
                        callback_json(callback),
                        places_json(&places),
                    ]));
                }
            }
        }
        Ok(Either::A(JsonText::from(callback_json(callback))))
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

/// Writes a verified callback as the JSON text the JavaScript class parses.
///
/// `data` is written from [`Callback::data_json`] when the core kept it, so that a lone
/// surrogate escape reaches `JSON.parse` as signed, not as U+FFFD.
fn callback_json(callback: Callback) -> String {
    let mut out = Object::new();
    let data_json = callback.data_json;
    if data_json.is_none() {
        out.insert("data", Value::Object(callback.data));
    }
    out.insert("key", Value::String(callback.key));
    out.insert("status", Value::from(i64::from(callback.status)));
    if let Some(url) = callback.url {
        out.insert("url", Value::String(url));
    }
    insert_times(&mut out, callback.iat, callback.exp);
    out.insert("source", Value::from(callback.source.name()));
    let rest = out.to_json();
    match data_json {
        // `rest` is `{"key":...}`: it always has `key`, `status` and `source`.
        Some(data) => format!("{{\"data\":{data},{}", &rest[1..]),
        None => rest,
    }
}
