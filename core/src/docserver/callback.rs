//! Verifying save callbacks (`POST callbackUrl` from Document Server).

use super::{headers, DocumentServer};
use crate::error::{quoted, shorten_number, Error, Result};
use crate::json::{self, Object, Value};
use crate::jws;
use crate::validation::numeric_date;

/// Members whose presence marks an editor-config or session token, never a callback.
const CONFIG_MEMBERS: [&str; 3] = ["document", "editorConfig", "documentType"];

/// Members of editor-method and request parameters (`insertImage`, `setHistoryData`, the
/// command, conversion and docbuilder requests) that a callback never carries.
const METHOD_MEMBERS: [&str; 8] = [
    "c",
    "images",
    "changesUrl",
    "previous",
    "fileType",
    "version",
    "outputtype",
    "async",
];

/// The claim that marks a command, conversion or docbuilder request signed for Document Server.
const OPERATION_CLAIM: &str = "operation";

/// Highest callback status Document Server sends.
const MAX_STATUS: i64 = 7;

/// The body of a callback request as the host received it.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// The raw request body; empty means no body.
    Raw(&'a [u8]),
    /// A body the host already parsed as JSON.
    Json(&'a Value),
}

/// The placement of a verified token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// The `token` member of the JSON body: flat claims.
    Body,
    /// The configured header: claims wrapped in `payload`.
    Header,
}

impl TokenSource {
    /// Returns `"body"` or `"header"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Header => "header",
        }
    }
}

/// A verified callback: only what the token signed, never the plain body.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    /// The signed callback fields, without `iat` and `exp`.
    pub data: Object,
    /// The document key.
    pub key: String,
    /// The callback status, 0 to 7.
    pub status: u8,
    /// The URL of the saved document, present for statuses 2 and 6.
    pub url: Option<String>,
    /// The token's `iat`, seconds since the Unix epoch.
    pub iat: Option<f64>,
    /// The token's `exp`, seconds since the Unix epoch.
    pub exp: Option<f64>,
    /// The placement the token was read from.
    pub source: TokenSource,
    /// The JSON text of `data`, when the token's payload has a surrogate escape
    /// ([`json::has_surrogate_escape`]); `None` otherwise. Member values keep their escapes as
    /// signed; member names are written again from their decoded text.
    ///
    /// A lone surrogate escape, which `JSON.stringify` writes for a JavaScript string cut
    /// inside a surrogate pair, is U+FFFD in `data`. A binding whose strings can hold lone
    /// surrogates reads the fields from this text, to return what `JSON.parse` returns.
    pub data_json: Option<String>,
}

impl DocumentServer {
    /// Verifies a save callback the way Document Server's own verifier reads requests.
    ///
    /// The body token is used when the body has one; otherwise the token in the configured
    /// header, whose claims wrap the fields in `payload`. Only signed claims are returned:
    /// Document Server may trim `changesurl` and `history` from the plain body, so it is never
    /// trusted.
    ///
    /// # Errors
    /// - [`Error::TokenMissing`] when neither place has a token.
    /// - [`Error::JsonInvalid`] or [`Error::DuplicateMember`] for a raw body that starts with
    ///   `{` or `[` but is not strict JSON, and [`Error::JsonInvalid`] for a parsed body nested
    ///   deeper than the depth limit.
    /// - [`Error::HeaderInvalid`] for a header given twice, with line breaks or the wrong prefix.
    /// - Every token error of [`jws::verify`].
    /// - [`Error::PayloadShape`] when the body or the claims do not have a callback's shape.
    /// - [`Error::TokenPurpose`] for an editor-config, session, method or request token.
    pub fn verify_callback<'h, H, K, V>(&self, body: Body<'_>, headers: H) -> Result<Callback>
    where
        H: IntoIterator<Item = &'h (K, V)>,
        K: AsRef<str> + 'h,
        V: AsRef<str> + 'h,
    {
        // A body that is not JSON cannot carry a token, so the header is tried next; the
        // plain body is never used either way.
        let parsed;
        let mut body_note = "no token in the body".to_owned();
        let body = match body {
            // A parsed body gets the depth limit a raw body gets from the reader.
            Body::Json(value) if deeper_than(value, self.verify_options.max_depth) => {
                return Err(Error::json(format!(
                    "the callback body is nested deeper than {} levels",
                    self.verify_options.max_depth
                )));
            }
            Body::Json(value) => Some(value),
            Body::Raw(bytes) if bytes.len() > self.max_body_len() => {
                return Err(Error::shape(format!(
                    "the callback body is {} bytes, more than the limit of {}",
                    bytes.len(),
                    self.max_body_len()
                )));
            }
            Body::Raw(bytes) if bytes.iter().all(|&byte| json::is_whitespace(byte)) => None,
            Body::Raw(bytes) => match parse_body(bytes, self.verify_options.max_depth) {
                Ok(value) => {
                    parsed = value;
                    Some(&parsed)
                }
                // A body that starts as a JSON object or array is meant as JSON, so a fault in
                // it is reported as that fault: a repeated member, a lone surrogate escape in a
                // member name, nesting too deep or a syntax error. A body the host parsed fails alike.
                Err(err) if starts_as_json(bytes) => return Err(err),
                Err(err) => {
                    body_note = format!("the body is not valid JSON ({err})");
                    None
                }
            },
        };
        if let Some(token) = body_token(body)? {
            let verified = jws::verify(token, &self.outbox, &self.verify_options)?;
            return self.callback_from(verified, TokenSource::Body);
        }
        let Some(token) = headers::find_token(headers, &self.header, &self.prefix)? else {
            return Err(Error::TokenMissing {
                searched: format!("{body_note} and no {} header", self.header),
            });
        };
        let verified = jws::verify(token, &self.outbox, &self.verify_options)?;
        self.callback_from(verified, TokenSource::Header)
    }

    /// Builds a callback from a verified token, with [`Callback::data_json`] when needed.
    fn callback_from(&self, verified: jws::Verified, source: TokenSource) -> Result<Callback> {
        let mut callback = callback_from_claims(verified.claims, source)?;
        if json::has_surrogate_escape(&verified.payload) {
            callback.data_json = Some(data_json(
                &verified.payload,
                source,
                self.verify_options.max_depth,
            )?);
        }
        Ok(callback)
    }
}

/// Writes the JSON text of the callback fields from the payload JSON, keeping the escapes of
/// its strings: the members but `iat` and `exp` of a body token, the `payload` member of a
/// header token. [`callback_from_claims`] has already checked that shape.
fn data_json(payload: &[u8], source: TokenSource, max_depth: usize) -> Result<String> {
    let members = json::member_texts(payload, max_depth)?;
    if source == TokenSource::Header {
        return members
            .into_iter()
            .find(|(name, _)| name == "payload")
            .map(|(_, text)| text)
            .ok_or_else(|| Error::shape("the header token has no \"payload\" member"));
    }
    let mut out = String::with_capacity(payload.len());
    out.push('{');
    for (name, text) in members {
        if name == "iat" || name == "exp" {
            continue;
        }
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&Value::String(name).to_json());
        out.push(':');
        out.push_str(&text);
    }
    out.push('}');
    Ok(out)
}

impl DocumentServer {
    /// Returns the largest raw callback body parsed: room for the body token, the same
    /// fields again in plain JSON, and 64 KiB to spare.
    fn max_body_len(&self) -> usize {
        const SPARE: usize = 64 * 1024;
        self.verify_options
            .max_token_len
            .saturating_mul(2)
            .saturating_add(SPARE)
    }
}

/// Returns `true` when `value` has more than `limit` nested arrays and objects, counted as
/// the JSON reader counts them. Recursion stops one level past `limit`.
fn deeper_than(value: &Value, limit: usize) -> bool {
    match value {
        Value::Array(items) => limit == 0 || items.iter().any(|item| deeper_than(item, limit - 1)),
        Value::Object(object) => {
            limit == 0
                || object
                    .iter()
                    .any(|(_, member)| deeper_than(member, limit - 1))
        }
        _ => false,
    }
}

/// Names the raw body in the reader's messages, as in "the callback body: ...".
const BODY_LABEL: &str = "callback body";

/// Returns the first byte that is not JSON whitespace.
fn first_byte(bytes: &[u8]) -> Option<u8> {
    bytes
        .iter()
        .copied()
        .find(|&byte| !json::is_whitespace(byte))
}

/// Returns `true` when the first byte after any whitespace is `{` or `[`.
fn starts_as_json(bytes: &[u8]) -> bool {
    matches!(first_byte(bytes), Some(b'{' | b'['))
}

/// Parses a raw callback body with every rule of the strict reader. Of an object, only the
/// `token` member is kept, because nothing else of the plain body is used.
fn parse_body(bytes: &[u8], max_depth: usize) -> Result<Value> {
    if first_byte(bytes) != Some(b'{') {
        // Parsed whole, so that `body_token` can name the type of a body that is not an object.
        return json::parse_labelled_into(bytes, max_depth, BODY_LABEL, &mut json::ValueBuilder);
    }
    let keep_token = |name: &str| name == "token";
    let ((), members) = json::parse_object_into(
        bytes,
        BODY_LABEL,
        max_depth,
        &mut json::NullBuilder,
        &keep_token,
    )?;
    Ok(Value::Object(members))
}

/// Returns the body's `token`, `None` when the body has none.
fn body_token(body: Option<&Value>) -> Result<Option<&str>> {
    let Some(body) = body else {
        return Ok(None);
    };
    let Value::Object(object) = body else {
        return Err(Error::shape(format!(
            "the callback body is {}, expected a JSON object",
            body.type_name()
        )));
    };
    match object.get("token") {
        None => Ok(None),
        Some(Value::String(token)) if token.is_empty() => Err(Error::TokenMissing {
            searched: "the body token is an empty string".to_owned(),
        }),
        Some(Value::String(token)) => Ok(Some(token)),
        Some(other) => Err(Error::shape(format!(
            "the body member \"token\" is {}, expected a string",
            other.type_name()
        ))),
    }
}

/// Builds a callback from verified claims, unwrapping `payload` for header tokens.
fn callback_from_claims(mut claims: Object, source: TokenSource) -> Result<Callback> {
    let iat = numeric_date(&claims, "iat")?;
    let exp = numeric_date(&claims, "exp")?;
    check_purpose(&claims)?;
    let data =
        match source {
            TokenSource::Body => {
                claims.remove("iat");
                claims.remove("exp");
                claims
            }
            TokenSource::Header => match claims.remove("payload") {
                Some(Value::Object(payload)) => payload,
                Some(other) => {
                    return Err(Error::shape(format!(
                        "the header token's \"payload\" is {}, it must be an object",
                        other.type_name()
                    )))
                }
                None => return Err(Error::shape(
                    "the header token has no \"payload\" member, it must wrap the callback fields",
                )),
            },
        };
    check_purpose(&data)?;
    let (key, status, url) = check_shape(&data)?;
    Ok(Callback {
        data,
        key,
        status,
        url,
        iat,
        exp,
        source,
        data_json: None,
    })
}

fn check_purpose(data: &Object) -> Result<()> {
    if data.contains(OPERATION_CLAIM) {
        return Err(Error::TokenPurpose {
            reason:
                "the token has \"operation\", so it is a request to Document Server, not a callback"
                    .to_owned(),
        });
    }
    // Every callback has a status, so a member of method parameters decides only without one.
    let method_member = METHOD_MEMBERS.iter().find(|name| data.contains(name));
    if let (false, Some(name)) = (data.contains("status"), method_member) {
        return Err(Error::TokenPurpose {
            reason: format!(
                "the token has {} and no \"status\", so it is an editor-method or request token, not a callback",
                quoted(name)
            ),
        });
    }
    if let Some(name) = CONFIG_MEMBERS.iter().find(|name| data.contains(name)) {
        return Err(Error::TokenPurpose {
            reason: format!(
                "the token has {}, so it is an editor-config or session token, not a callback",
                quoted(name)
            ),
        });
    }
    Ok(())
}

fn check_shape(data: &Object) -> Result<(String, u8, Option<String>)> {
    let key = match data.get("key") {
        Some(Value::String(key)) if !key.is_empty() => key.clone(),
        Some(Value::String(_)) => return Err(Error::shape("the callback \"key\" is empty")),
        Some(other) => {
            return Err(Error::shape(format!(
                "the callback \"key\" is {}, expected a string",
                other.type_name()
            )))
        }
        None => return Err(Error::shape("the callback has no \"key\"")),
    };
    let status = match data.get("status") {
        Some(Value::Number(number)) => number
            .as_i64()
            .filter(|status| (0..=MAX_STATUS).contains(status))
            .ok_or_else(|| {
                Error::shape(format!(
                    "the callback \"status\" is {}, expected an integer from 0 to 7",
                    shorten_number(number.as_str())
                ))
            })?,
        Some(other) => {
            return Err(Error::shape(format!(
                "the callback \"status\" is {}, expected an integer from 0 to 7",
                other.type_name()
            )))
        }
        None => return Err(Error::shape("the callback has no \"status\"")),
    };
    let url = match data.get("url") {
        Some(Value::String(url)) => Some(url.clone()),
        Some(other) => {
            return Err(Error::shape(format!(
                "the callback \"url\" is {}, expected a string",
                other.type_name()
            )))
        }
        None if status == 2 || status == 6 => {
            return Err(Error::shape(format!(
                "the callback has status {status} but no \"url\""
            )))
        }
        None => None,
    };
    let status = u8::try_from(status).unwrap_or_else(|_| unreachable!("status is within 0..=7"));
    Ok((key, status, url))
}
