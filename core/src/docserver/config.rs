//! Signing editor configs (`config.token` of the Document Server API).

use super::DocumentServer;
use crate::error::{quoted, Error, Result};
use crate::json::{Number, Object, Value};
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
        let Value::Object(config) = config else {
            return Err(Error::config(format!(
                "expected a JSON object, found {}",
                config.type_name()
            )));
        };
        let mut config = config.clone();
        config.remove("token");
        check_config(&config)?;
        let token = self.sign_claims(config.clone());
        config.insert("token", Value::String(token));
        Ok(config)
    }

    /// Signs claims with the inbox key, adding `iat` and `exp` per the settings.
    pub(crate) fn sign_claims(&self, mut claims: Object) -> String {
        let now = self.now().floor();
        claims.remove("iat");
        claims.remove("exp");
        claims.insert("iat", Value::Number(Number::from(now as i64)));
        if let Some(lifetime) = self.expires_in {
            let exp = now as i64 + i64::try_from(lifetime).unwrap_or(i64::MAX / 2);
            claims.insert("exp", Value::Number(Number::from(exp)));
        }
        jws::sign(self.inbox.signing_key(), self.algorithm, &claims)
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
