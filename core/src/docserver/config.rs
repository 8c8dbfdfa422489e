//! Signing editor configs (`config.token` of the Document Server API).

use std::fmt::Write as _;

use super::DocumentServer;
use crate::error::{quoted, Error, Result};
use crate::json::{self, Escape, Object, Value};
use crate::jws;

/// Top-level members Document Server rejects in a config token, because they would let a
/// command or download token pass as a config.
const FORBIDDEN_MEMBERS: [&str; 3] = ["url", "key", "payload"];

impl DocumentServer {
    /// Signs an editor config: drops an old `token`, checks the members Document Server
    /// requires, and returns the config with a fresh `token` appended.
    ///
    /// The token's claims are the config members, then `iat` and, unless the lifetime is
    /// `None`, `exp`.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] naming the member at fault when `document.key`,
    /// `document.url` or `document.permissions` is missing or of the wrong type, when
    /// `editorConfig.callbackUrl` or `editorConfig.mode` is not a string, or when the config has a
    /// top-level `url`, `key` or `payload`.
    pub fn sign_config(&self, config: &Value) -> Result<Object> {
        let token = self.sign_config_token(config)?;
        let config = config_object(config)?;
        let mut signed = Object::new();
        for (name, value) in config.iter().filter(|(name, _)| *name != "token") {
            signed.push_unchecked(name.to_owned(), value.clone());
        }
        signed.push_unchecked("token".to_owned(), Value::String(token));
        Ok(signed)
    }

    /// Signs an editor config as [`DocumentServer::sign_config`] does and returns only the new
    /// token, for callers that add it to their own copy of the config.
    ///
    /// # Errors
    /// As [`DocumentServer::sign_config`].
    pub fn sign_config_token(&self, config: &Value) -> Result<String> {
        let config = config_object(config)?;
        check_config(config)?;
        Ok(self.sign_members(config, Some("token")))
    }

    /// Signs claims with the inbox key, adding `iat` and `exp` per the settings.
    pub(crate) fn sign_claims(&self, claims: &Object) -> String {
        self.sign_members(claims, None)
    }

    /// Signs the members of `claims` except `skip`, `iat` and `exp`, followed by a fresh `iat`
    /// and, unless the lifetime is `None`, `exp`. The JSON is written straight from the
    /// borrowed members, in their order, so nothing is cloned.
    fn sign_members(&self, claims: &Object, skip: Option<&str>) -> String {
        let now = self.now().floor() as i64;
        let mut payload = String::with_capacity(256);
        payload.push('{');
        for (name, value) in claims.iter() {
            if matches!(name, "iat" | "exp") || Some(name) == skip {
                continue;
            }
            if payload.len() > 1 {
                payload.push(',');
            }
            json::write_string(name, &mut payload, Escape::Utf8);
            payload.push(':');
            json::write_value(value, &mut payload, Escape::Utf8);
        }
        if payload.len() > 1 {
            payload.push(',');
        }
        let _ = write!(payload, "\"iat\":{now}");
        if let Some(lifetime) = self.expires_in {
            let exp = now.saturating_add(i64::try_from(lifetime).unwrap_or(i64::MAX));
            let _ = write!(payload, ",\"exp\":{exp}");
        }
        payload.push('}');
        jws::sign_raw(
            self.inbox.signing_key(),
            self.algorithm,
            jws::standard_header_json(self.algorithm).as_bytes(),
            payload.as_bytes(),
        )
    }
}

/// Returns the config as an object, or the error for a config of another type.
fn config_object(config: &Value) -> Result<&Object> {
    match config {
        Value::Object(config) => Ok(config),
        other => Err(Error::config(format!(
            "expected a JSON object, found {}",
            other.type_name()
        ))),
    }
}

/// Checks the members Document Server 7.1 and later require in a config token.
fn check_config(config: &Object) -> Result<()> {
    for name in FORBIDDEN_MEMBERS {
        if config.contains(name) {
            return Err(Error::config(format!(
                "top-level {} is not allowed: Document Server rejects such a config token",
                quoted(name)
            )));
        }
    }
    let document = required(config, "document", "", JsonType::Object)?;
    let document = document
        .as_object()
        .unwrap_or_else(|| unreachable!("checked as an object"));
    required(document, "key", "document.", JsonType::String)?;
    required(document, "url", "document.", JsonType::String)?;
    required(document, "permissions", "document.", JsonType::Object)?;
    if let Some(editor) = config.get("editorConfig") {
        let Value::Object(editor) = editor else {
            return Err(Error::config(format!(
                "editorConfig must be an object, found {}",
                editor.type_name()
            )));
        };
        optional(editor, "callbackUrl", "editorConfig.", JsonType::String)?;
        optional(editor, "mode", "editorConfig.", JsonType::String)?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum JsonType {
    Object,
    String,
}

impl JsonType {
    fn matches(self, value: &Value) -> bool {
        match self {
            Self::Object => matches!(value, Value::Object(_)),
            Self::String => matches!(value, Value::String(_)),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Object => "an object",
            Self::String => "a string",
        }
    }
}

fn required<'a>(object: &'a Object, name: &str, path: &str, kind: JsonType) -> Result<&'a Value> {
    match object.get(name) {
        None => Err(Error::config(format!(
            "missing {path}{name}: Document Server requires it"
        ))),
        Some(value) => {
            check_type(value, name, path, kind)?;
            Ok(value)
        }
    }
}

fn optional(object: &Object, name: &str, path: &str, kind: JsonType) -> Result<()> {
    object
        .get(name)
        .map_or(Ok(()), |value| check_type(value, name, path, kind))
}

fn check_type(value: &Value, name: &str, path: &str, kind: JsonType) -> Result<()> {
    if kind.matches(value) {
        Ok(())
    } else {
        Err(Error::config(format!(
            "{path}{name} must be {}, found {}",
            kind.name(),
            value.type_name()
        )))
    }
}
