//! Signing editor-method parameters and command, conversion and docbuilder requests.

use super::DocumentServer;
use crate::error::{quoted, Error, Result};
use crate::json::{Object, Value};

/// Editor methods whose parameters Document Server expects a token for.
pub const EDITOR_METHODS: [&str; 8] = [
    "insertImage",
    "setHistoryData",
    "setRequestedDocument",
    "setRevisedFile",
    "setMailMergeRecipients",
    "setReferenceData",
    "setRequestedSpreadsheet",
    "refreshFile",
];

/// Document Server endpoints a host sends signed requests to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// The command service, `POST /command`.
    Command,
    /// The conversion service, `POST /converter`.
    Converter,
    /// The document builder, `POST /docbuilder`.
    DocBuilder,
}

impl Operation {
    /// Returns the claim value: `command`, `converter` or `docbuilder`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Command => "command",
            Self::Converter => "converter",
            Self::DocBuilder => "docbuilder",
        }
    }

    /// Parses `command`, `converter` or `docbuilder`.
    ///
    /// # Errors
    /// [`Error::OptionInvalid`] for any other name: the operation is an argument of a call,
    /// not a setting.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "command" => Ok(Self::Command),
            "converter" => Ok(Self::Converter),
            "docbuilder" => Ok(Self::DocBuilder),
            other => Err(Error::OptionInvalid {
                reason: format!(
                    "unknown operation {}: expected command, converter or docbuilder",
                    quoted(other)
                ),
            }),
        }
    }
}

/// A request signed both ways Document Server accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedRequest {
    /// The request with a `token` member over its flat fields: send it as the JSON body.
    pub body: Object,
    /// The header name to send, such as `Authorization`.
    pub header_name: String,
    /// The header value: the prefix, then a token whose claims wrap the request in `payload`.
    pub header_value: String,
}

impl DocumentServer {
    /// Signs the parameters of an editor method such as `insertImage`; returns them with `token`.
    ///
    /// # Errors
    /// [`Error::PayloadShape`] when `params` is not a JSON object.
    pub fn sign_method(&self, params: &Value) -> Result<Object> {
        let mut params = request_object(params, "editor method parameters")?;
        params.remove("token");
        let token = self.sign_claims(&params);
        params.insert("token", Value::String(token));
        Ok(params)
    }

    /// Signs a command, conversion or docbuilder request for the body and for the header.
    ///
    /// With `operation`, both tokens also carry a top-level `operation` claim, which
    /// Document Server 10 checks per endpoint.
    ///
    /// # Errors
    /// [`Error::PayloadShape`] when `request` is not a JSON object.
    pub fn sign_request(
        &self,
        request: &Value,
        operation: Option<Operation>,
    ) -> Result<SignedRequest> {
        let mut body = request_object(request, "request")?;
        body.remove("token");
        let mut wrapped = Object::new();
        wrapped.insert("payload", Value::Object(body.clone()));
        let mut flat = body.clone();
        if let Some(operation) = operation {
            flat.insert("operation", Value::from(operation.name()));
            wrapped.insert("operation", Value::from(operation.name()));
        }
        body.insert("token", Value::String(self.sign_claims(&flat)));
        let header_value = format!("{}{}", self.request_prefix, self.sign_claims(&wrapped));
        Ok(SignedRequest {
            body,
            header_name: self.request_header.clone(),
            header_value,
        })
    }
}

fn request_object(value: &Value, what: &str) -> Result<Object> {
    match value {
        Value::Object(object) => Ok(object.clone()),
        other => Err(Error::shape(format!(
            "the {what} is {}, expected a JSON object",
            other.type_name()
        ))),
    }
}
