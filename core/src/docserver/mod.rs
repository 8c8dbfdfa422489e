//! The ONLYOFFICE Docs (Document Server) token protocol.
//!
//! Document Server and its host exchange HMAC-signed tokens: the host signs editor configs
//! and requests with the *inbox* secret, and Document Server signs callbacks and file
//! downloads with the *outbox* secret. Usually both are one secret.

mod answer;
mod callback;
mod config;
mod download;
pub mod headers;
mod local_json;
mod requests;
mod url;

pub use answer::Service;
pub use callback::{Body, Callback, TokenSource};
pub use download::Download;
pub use local_json::{
    read_file_limited, read_secret_file, MAX_LOCAL_JSON_LEN, MAX_SECRET_FILE_LEN,
};
pub use requests::{Operation, SignedRequest, EDITOR_METHODS};

use crate::algorithm::Algorithm;
use crate::error::{quoted, Error, Result};
use crate::json::DEFAULT_MAX_DEPTH;
use crate::key::{Key, KeySet, MinLength, Secret};
use crate::validation::{Validation, DEFAULT_MAX_TOKEN_LEN, MAX_NUMERIC_DATE, MIN_NUMERIC_DATE};

/// Maximum token lifetime accepted: ten years, in seconds.
const MAX_LIFETIME: u64 = 10 * 365 * 24 * 3600;

/// Returns `true` when `name` is an HTTP field name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// The reply body a host sends to accept a callback.
pub const CALLBACK_OK: &str = "{\"error\":0}";

/// Settings of a [`DocumentServer`], mirroring Document Server's own configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Secrets for what the host signs (Document Server's inbox). The first signs; all verify.
    pub inbox_secrets: Vec<Secret>,
    /// Secrets for what Document Server sends (its outbox). Defaults to empty: the inbox secrets.
    pub outbox_secrets: Vec<Secret>,
    /// Name of the header carrying a token, matched case-insensitively. Defaults to `Authorization`.
    pub header: String,
    /// Text before the token in that header, compared exactly. Defaults to `Bearer `.
    pub prefix: String,
    /// Header name for requests the host sends. Defaults to `None`: the same as [`Settings::header`].
    pub request_header: Option<String>,
    /// Prefix for requests the host sends. Defaults to `None`: the same as [`Settings::prefix`].
    pub request_prefix: Option<String>,
    /// Algorithm the host signs with. Defaults to HS256.
    pub algorithm: Algorithm,
    /// Algorithms accepted from Document Server. Defaults to HS256, HS384 and HS512, as Document Server.
    pub accepted_algorithms: Vec<Algorithm>,
    /// Lifetime of signed tokens in seconds, `None` for no `exp`. Defaults to 300, as Document Server.
    pub expires_in: Option<u64>,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds. Defaults to 60, as Document Server.
    pub leeway: f64,
    /// Minimum secret length policy. Defaults to [`MinLength::Off`], as Document Server.
    pub min_length: MinLength,
    /// Current time in seconds since the Unix epoch, for tests. Defaults to `None`: the system clock.
    pub now: Option<f64>,
    /// Maximum token length in bytes. Defaults to 1 MiB.
    pub max_token_len: usize,
    /// Deepest JSON nesting accepted. Defaults to 128.
    pub max_depth: usize,
}

impl Settings {
    /// Checks the values that no type can rule out.
    fn check(&self) -> Result<()> {
        for (role, name) in [
            ("header", Some(&self.header)),
            ("request_header", self.request_header.as_ref()),
        ] {
            if let Some(name) = name {
                if !is_header_name(name) {
                    return Err(Error::settings(format!(
                        "{role} {} is not a valid HTTP header name",
                        quoted(name)
                    )));
                }
            }
        }
        for (role, prefix) in [
            ("prefix", Some(&self.prefix)),
            ("request_prefix", self.request_prefix.as_ref()),
        ] {
            if prefix.is_some_and(|prefix| prefix.contains(['\r', '\n'])) {
                return Err(Error::settings(format!("{role} contains a line break")));
            }
        }
        if !(self.leeway.is_finite() && self.leeway >= 0.0) {
            return Err(Error::settings(format!(
                "leeway {} must be a finite number of seconds, 0 or more",
                self.leeway
            )));
        }
        if self.now.is_some_and(|now| !now.is_finite()) {
            return Err(Error::settings("now must be a finite number of seconds"));
        }
        if self
            .expires_in
            .is_some_and(|lifetime| lifetime > MAX_LIFETIME)
        {
            return Err(Error::settings(format!(
                "the token lifetime (expires_in, expiresIn in Node) must be at most {MAX_LIFETIME} seconds (10 years)"
            )));
        }
        // The signed `iat` and `exp` must be times that the verifier accepts back.
        let lifetime = self.expires_in.unwrap_or(0) as f64;
        if let Some(now) = self.now {
            if !(MIN_NUMERIC_DATE..=MAX_NUMERIC_DATE - lifetime).contains(&now) {
                return Err(Error::settings(format!(
                    "now {now} must be a time within the years 1 to 9999, expiry included"
                )));
            }
        }
        if self.accepted_algorithms.is_empty() {
            return Err(Error::settings(
                "accepted_algorithms is empty, so no token would verify",
            ));
        }
        if self.max_token_len == 0 || self.max_depth == 0 {
            return Err(Error::settings(
                "max_token_len and max_depth must be above 0",
            ));
        }
        Ok(())
    }

    /// Creates the default settings with one secret for every role.
    #[must_use]
    pub fn new(secret: Secret) -> Self {
        Self {
            inbox_secrets: vec![secret],
            outbox_secrets: Vec::new(),
            header: "Authorization".to_owned(),
            prefix: "Bearer ".to_owned(),
            request_header: None,
            request_prefix: None,
            algorithm: Algorithm::HS256,
            accepted_algorithms: Algorithm::ALL.to_vec(),
            expires_in: Some(300),
            leeway: 60.0,
            min_length: MinLength::Off,
            now: None,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// The Document Server protocol: signs what the host sends and verifies what Document Server sends.
///
/// A `DocumentServer` is immutable and `Sync`: share one between threads.
#[derive(Debug)]
pub struct DocumentServer {
    inbox: KeySet,
    outbox: KeySet,
    header: String,
    prefix: String,
    request_header: String,
    request_prefix: String,
    algorithm: Algorithm,
    expires_in: Option<u64>,
    verify_options: Validation,
    short_secret: bool,
}

impl DocumentServer {
    /// Creates a `DocumentServer` from its settings.
    ///
    /// # Errors
    /// [`crate::Error::KeyInvalid`] when no inbox secret is given, or a secret fails the
    /// minimum-length policy.
    pub fn new(settings: Settings) -> Result<Self> {
        settings.check()?;
        let mut short_secret = false;
        let outbox_secrets = if settings.outbox_secrets.is_empty() {
            &settings.inbox_secrets
        } else {
            &settings.outbox_secrets
        };
        for secret in settings.inbox_secrets.iter().chain(outbox_secrets) {
            short_secret |= settings
                .min_length
                .check(secret.len(), settings.algorithm)?;
        }
        let key_set =
            |secrets: &[Secret]| KeySet::new(secrets.iter().cloned().map(Key::new).collect());
        let verify_options = Validation {
            algorithms: settings.accepted_algorithms,
            leeway: settings.leeway,
            now: settings.now,
            max_token_len: settings.max_token_len,
            max_depth: settings.max_depth,
            ..Validation::default()
        };
        Ok(Self {
            inbox: key_set(&settings.inbox_secrets)?,
            outbox: key_set(outbox_secrets)?,
            request_header: settings
                .request_header
                .unwrap_or_else(|| settings.header.clone()),
            request_prefix: settings
                .request_prefix
                .unwrap_or_else(|| settings.prefix.clone()),
            header: settings.header,
            prefix: settings.prefix,
            algorithm: settings.algorithm,
            expires_in: settings.expires_in,
            verify_options,
            short_secret,
        })
    }

    /// Creates a `DocumentServer` with default settings and one secret, the UTF-8 bytes of `secret`.
    ///
    /// # Errors
    /// [`crate::Error::KeyInvalid`] when `secret` is empty.
    pub fn with_secret(secret: &str) -> Result<Self> {
        Self::new(Settings::new(Secret::from_text(secret)?))
    }

    /// Returns `true` when a secret is shorter than the algorithm's hash output and the
    /// policy is [`MinLength::Warn`].
    #[must_use]
    pub fn has_short_secret(&self) -> bool {
        self.short_secret
    }

    /// Returns the header name that carries tokens.
    #[must_use]
    pub fn header_name(&self) -> &str {
        &self.header
    }

    /// Returns the prefix written before a token in that header.
    #[must_use]
    pub fn header_prefix(&self) -> &str {
        &self.prefix
    }

    fn now(&self) -> f64 {
        self.verify_options.current_time()
    }
}
