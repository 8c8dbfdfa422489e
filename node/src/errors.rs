//! Converting core errors into JavaScript errors that carry the core's stable code.

use napi::bindgen_prelude::{Env, JsObjectValue, Object, Status};
use napi::JsValue;
use onlyoffice_jwt::{Error, Service};

/// Set of extra properties a thrown error carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The generic JWT functions: `code`, and the claim details of claim errors.
    Jwt,
    /// `DocumentServer` methods: the same, plus `dsAnswer`.
    DocumentServer,
}

/// Builds the JavaScript error for a core error.
///
/// The error has `message` and `code`, the core's message and stable code. Claim errors add
/// `claim`, an expired token adds `exp`, and a token not yet valid adds `nbf` or `iat`.
/// In the `DocumentServer` context, `dsAnswer` contains the response code Document Server
/// sends for the failure, per service.
pub(crate) fn to_js(env: Env, err: &Error, context: Context) -> napi::Error {
    build(env, err, context).unwrap_or_else(|failure| failure)
}

fn build(env: Env, err: &Error, context: Context) -> napi::Result<napi::Error> {
    let mut object = env.create_error(napi::Error::new(Status::GenericFailure, err.to_string()))?;
    object.set_named_property("code", err.code())?;
    if let Some(claim) = err.claim() {
        object.set_named_property("claim", claim)?;
    }
    match err {
        Error::Expired { exp, .. } => object.set_named_property("exp", *exp)?,
        Error::NotYetValid { claim, value, .. } => object.set_named_property(claim, *value)?,
        _ => {}
    }
    if context == Context::DocumentServer {
        object.set_named_property("dsAnswer", ds_answers(&env, err)?)?;
    }
    Ok(napi::Error::from(object.to_unknown()))
}

/// Returns `{ command, conversion, docbuilder, editor }`: the codes Document Server sends.
fn ds_answers<'env>(env: &'env Env, err: &Error) -> napi::Result<Object<'env>> {
    let mut answers = Object::new(env)?;
    answers.set_named_property("command", err.ds_answer(Service::Command))?;
    answers.set_named_property("conversion", err.ds_answer(Service::Conversion))?;
    answers.set_named_property("docbuilder", err.ds_answer(Service::DocBuilder))?;
    answers.set_named_property("editor", err.ds_answer(Service::Editor))?;
    Ok(answers)
}
