//! The error type shared by every operation of the crate.

use std::fmt;

/// Result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every failure the crate reports, each with a stable [`code`](Error::code).
///
/// Messages name the value at fault and never contain key material.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The token is not three base64url segments without padding, or exceeds the size limit.
    Malformed {
        /// The defect in the token's form.
        reason: String,
    },
    /// A segment decodes but is not strict JSON, not a JSON object, or too deeply nested.
    JsonInvalid {
        /// The part of the input that failed, and the reason.
        reason: String,
    },
    /// A JSON object in the header or the payload names the same member twice.
    DuplicateMember {
        /// The repeated member name.
        name: String,
    },
    /// The signature does not match the header and payload under any configured key.
    SignatureInvalid,
    /// The header's `alg` is missing, not HMAC, or not in the caller's allow-list.
    AlgorithmNotAllowed {
        /// The `alg` value as found in the header, or a description when it is not a string.
        alg: String,
    },
    /// The header lists `crit` extensions that this library does not implement.
    CritUnsupported {
        /// The extension names listed in `crit`.
        names: String,
    },
    /// The token's `exp` is at or before the current time minus the leeway.
    Expired {
        /// The `exp` claim, seconds since the Unix epoch.
        exp: f64,
        /// The time used for the check, seconds since the Unix epoch.
        now: f64,
    },
    /// The token's `nbf` (or `iat`, when checked) is after the current time plus the leeway.
    NotYetValid {
        /// `nbf` or `iat`.
        claim: &'static str,
        /// The claim's value, seconds since the Unix epoch.
        value: f64,
        /// The time used for the check, seconds since the Unix epoch.
        now: f64,
    },
    /// A claim has the wrong JSON type or a value the caller did not accept.
    ClaimInvalid {
        /// The claim name.
        claim: String,
        /// The reason the value was rejected.
        reason: String,
    },
    /// A claim the caller requires is absent.
    ClaimMissing {
        /// The claim name.
        claim: String,
    },
    /// A secret is empty, fails the minimum-length policy, or cannot be decoded.
    KeyInvalid {
        /// The reason the key was rejected.
        reason: String,
    },
    /// A Document Server message carries no token in the body or in the configured header.
    TokenMissing {
        /// The places searched for a token.
        searched: String,
    },
    /// The token header of a Document Server request is repeated, has the wrong prefix or contains line breaks.
    HeaderInvalid {
        /// The header name and what is wrong with its value.
        reason: String,
    },
    /// A verified Document Server token or body does not have the shape of its message.
    PayloadShape {
        /// The member at fault and the expected shape.
        reason: String,
    },
    /// A token made for another Document Server message (an editor config, say) was presented.
    TokenPurpose {
        /// The kind of token found and the kind expected.
        reason: String,
    },
    /// An editor config given to `sign_config` lacks a member Document Server requires.
    ConfigInvalid {
        /// The member path at fault and the expected type.
        reason: String,
    },
    /// A download token was issued for another URL than the one requested.
    UrlMismatch {
        /// The URL signed in the token.
        signed: String,
        /// The URL of the request.
        requested: String,
    },
    /// A download URL, signed or requested, that is neither an absolute URL nor a path, so
    /// that no comparison can bind the token to the request. Its code is the one of
    /// [`Error::UrlMismatch`].
    UrlInvalid {
        /// `"signed"` for the URL in the token, `"requested"` for the URL of the request.
        role: &'static str,
        /// The URL as given.
        url: String,
    },
    /// A verification option has a value without meaning, such as a NaN or negative leeway.
    OptionInvalid {
        /// The option at fault and the expected value.
        reason: String,
    },
    /// A Document Server setting has an invalid value.
    SettingsInvalid {
        /// The setting at fault and the expected value.
        reason: String,
    },
}

impl Error {
    /// Returns the stable, machine-readable code of this error kind.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "ERR_JWT_MALFORMED",
            Self::JsonInvalid { .. } => "ERR_JSON_INVALID",
            Self::DuplicateMember { .. } => "ERR_JSON_DUPLICATE_MEMBER",
            Self::SignatureInvalid => "ERR_JWS_SIGNATURE_INVALID",
            Self::AlgorithmNotAllowed { .. } => "ERR_JWT_ALG_NOT_ALLOWED",
            Self::CritUnsupported { .. } => "ERR_JWS_CRIT_UNSUPPORTED",
            Self::Expired { .. } => "ERR_JWT_EXPIRED",
            Self::NotYetValid { .. } => "ERR_JWT_NOT_YET_VALID",
            Self::ClaimInvalid { .. } => "ERR_JWT_CLAIM_INVALID",
            Self::ClaimMissing { .. } => "ERR_JWT_CLAIM_MISSING",
            Self::KeyInvalid { .. } => "ERR_KEY_INVALID",
            Self::TokenMissing { .. } => "ERR_DS_TOKEN_MISSING",
            Self::HeaderInvalid { .. } => "ERR_DS_HEADER_INVALID",
            Self::PayloadShape { .. } => "ERR_DS_PAYLOAD_SHAPE",
            Self::TokenPurpose { .. } => "ERR_DS_TOKEN_PURPOSE",
            Self::ConfigInvalid { .. } => "ERR_DS_CONFIG_INVALID",
            Self::UrlMismatch { .. } | Self::UrlInvalid { .. } => "ERR_DS_URL_MISMATCH",
            Self::OptionInvalid { .. } => "ERR_OPTION_INVALID",
            Self::SettingsInvalid { .. } => "ERR_DS_SETTINGS_INVALID",
        }
    }

    /// Returns the claim name for claim errors, `None` for the other kinds.
    #[must_use]
    pub fn claim(&self) -> Option<&str> {
        match self {
            Self::Expired { .. } => Some("exp"),
            Self::NotYetValid { claim, .. } => Some(claim),
            Self::ClaimInvalid { claim, .. } | Self::ClaimMissing { claim } => Some(claim),
            _ => None,
        }
    }

    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        Self::Malformed {
            reason: reason.into(),
        }
    }

    pub(crate) fn json(reason: impl Into<String>) -> Self {
        Self::JsonInvalid {
            reason: reason.into(),
        }
    }

    pub(crate) fn claim_invalid(claim: &str, reason: impl Into<String>) -> Self {
        Self::ClaimInvalid {
            claim: claim.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn key(reason: impl Into<String>) -> Self {
        Self::KeyInvalid {
            reason: reason.into(),
        }
    }

    pub(crate) fn shape(reason: impl Into<String>) -> Self {
        Self::PayloadShape {
            reason: reason.into(),
        }
    }

    pub(crate) fn settings(reason: impl Into<String>) -> Self {
        Self::SettingsInvalid {
            reason: reason.into(),
        }
    }

    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Self::ConfigInvalid {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { reason } => write!(f, "malformed token: {reason}"),
            Self::JsonInvalid { reason } => write!(f, "invalid JSON: {reason}"),
            Self::DuplicateMember { name } => {
                write!(
                    f,
                    "invalid JSON: member {} appears more than once",
                    quoted(name)
                )
            }
            Self::SignatureInvalid => f.write_str(
                "invalid signature: the token was not signed with the configured secret",
            ),
            Self::AlgorithmNotAllowed { alg } => {
                write!(f, "algorithm {alg} is not allowed: expected one of the configured HMAC algorithms")
            }
            Self::CritUnsupported { names } => {
                write!(f, "unsupported critical header extensions: {names}")
            }
            Self::Expired { exp, now } => write!(
                f,
                "token expired: exp {} is {} s before the current time {}",
                seconds(*exp),
                seconds(now - exp),
                seconds(*now)
            ),
            Self::NotYetValid { claim, value, now } => write!(
                f,
                "token not yet valid: {claim} {} is {} s after the current time {}",
                seconds(*value),
                seconds(value - now),
                seconds(*now)
            ),
            Self::ClaimInvalid { claim, reason } => write!(f, "invalid claim {claim}: {reason}"),
            Self::ClaimMissing { claim } => write!(f, "missing required claim {claim}"),
            Self::KeyInvalid { reason } => write!(f, "invalid key: {reason}"),
            Self::TokenMissing { searched } => write!(f, "missing token: {searched}"),
            Self::HeaderInvalid { reason } => write!(f, "invalid token header: {reason}"),
            Self::PayloadShape { reason } => write!(f, "unexpected payload shape: {reason}"),
            Self::TokenPurpose { reason } => {
                write!(f, "token used for the wrong purpose: {reason}")
            }
            Self::ConfigInvalid { reason } => write!(f, "invalid editor config: {reason}"),
            Self::UrlMismatch { signed, requested } => write!(
                f,
                "download token was signed for {} but the request is for {}",
                quoted(signed),
                quoted(requested)
            ),
            Self::UrlInvalid { role, url } if url.is_empty() => write!(
                f,
                "the {role} download URL is empty: expected an absolute http(s) URL or a path that starts with \"/\""
            ),
            Self::UrlInvalid { role, url } => write!(
                f,
                "the {role} download URL {} is neither an absolute URL (scheme://host/path) nor a path that starts with \"/\"",
                quoted(url)
            ),
            Self::OptionInvalid { reason } => write!(f, "invalid option: {reason}"),
            Self::SettingsInvalid { reason } => {
                write!(f, "invalid Document Server settings: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {}

/// Formats seconds without a fraction when the value is whole, else with at most three decimals.
fn seconds(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Shortens JSON number text for a message, keeping its first digits and its length.
pub(crate) fn shorten_number(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.len() <= MAX_CHARS {
        text.to_owned()
    } else {
        // Number text is ASCII, so any byte index is a character boundary.
        format!("{}... ({} characters)", &text[..MAX_CHARS], text.len())
    }
}

/// Quotes a value for a message, shortened so that hostile input cannot flood logs.
pub(crate) fn quoted(value: &str) -> String {
    const MAX_CHARS: usize = 160;
    let mut out = String::from("\"");
    for (index, c) in value.chars().enumerate() {
        if index == MAX_CHARS {
            out.push_str("...");
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}
