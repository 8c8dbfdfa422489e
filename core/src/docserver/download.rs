//! Verifying file downloads (`GET url` from Document Server).

use super::url::{normalize, same_resource};
use super::{headers, DocumentServer};
use crate::error::{Error, Result};
use crate::json::Value;
use crate::jws;
use crate::validation::numeric_date;

/// A verified download request.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// The URL signed in the token.
    pub url: String,
    /// The token's `iat`, seconds since the Unix epoch.
    pub iat: Option<f64>,
    /// The token's `exp`, seconds since the Unix epoch.
    pub exp: Option<f64>,
}

impl DocumentServer {
    /// Verifies a file download: the token in the configured header must sign
    /// `{"payload":{"url":...}}` for the requested URL.
    ///
    /// `requested_url` is the absolute URL of the request, or its path and query alone. The
    /// comparison normalises both URLs (scheme and host case, default ports, percent-encoding)
    /// and keeps the query order. A path-only `requested_url` is compared with the path and
    /// query of the signed URL alone, so it does not bind the host: pass the absolute URL
    /// where the host serves several origins.
    ///
    /// # Errors
    /// [`Error::TokenMissing`] without the header; [`Error::HeaderInvalid`]; every token error
    /// of [`jws::verify`]; [`Error::PayloadShape`] when `payload.url` is not a string;
    /// [`Error::TokenPurpose`] for a callback or editor-config token;
    /// [`Error::UrlInvalid`] when the requested or the signed URL is neither an absolute URL
    /// nor a path; [`Error::UrlMismatch`] when the token was signed for another URL.
    pub fn verify_download<'h, H, K, V>(&self, requested_url: &str, headers: H) -> Result<Download>
    where
        H: IntoIterator<Item = &'h (K, V)>,
        K: AsRef<str> + 'h,
        V: AsRef<str> + 'h,
    {
        let Some(token) = headers::find_token(headers, &self.header, &self.prefix)? else {
            return Err(Error::TokenMissing {
                searched: format!(
                    "a download request carries its token in the {} header",
                    self.header
                ),
            });
        };
        let mut claims = jws::verify(token, &self.outbox, &self.verify_options)?.claims;
        if claims.contains("operation") {
            return Err(Error::TokenPurpose {
                reason: "the token has \"operation\", so it is a request to Document Server, not a download token"
                    .to_owned(),
            });
        }
        let iat = numeric_date(&claims, "iat")?;
        let exp = numeric_date(&claims, "exp")?;
        let payload = match claims.remove("payload") {
            Some(Value::Object(payload)) => payload,
            Some(other) => {
                return Err(Error::shape(format!(
                    "the download token's \"payload\" is {}, it must be an object",
                    other.type_name()
                )))
            }
            None if claims.iter().any(|(name, _)| !matches!(name, "iat" | "exp" | "nbf")) => {
                return Err(Error::TokenPurpose {
                    reason: "the token has flat claims, so it is a config, method, callback or request token; \
                             a download token wraps the URL in \"payload\""
                        .to_owned(),
                })
            }
            None => return Err(Error::shape("the download token has no \"payload\" member")),
        };
        if payload.contains("status")
            || payload.contains("document")
            || payload.contains("editorConfig")
        {
            return Err(Error::TokenPurpose {
                reason: "the token is a callback or editor-config token, not a download token"
                    .to_owned(),
            });
        }
        let url = match payload.get("url") {
            Some(Value::String(url)) => url.clone(),
            Some(other) => {
                return Err(Error::shape(format!(
                    "the download \"url\" is {}, expected a string",
                    other.type_name()
                )))
            }
            None => return Err(Error::shape("the download token has no \"payload.url\"")),
        };
        if normalize(requested_url).is_none() {
            return Err(Error::UrlInvalid {
                role: "requested",
                url: requested_url.to_owned(),
            });
        }
        if normalize(&url).is_none() {
            return Err(Error::UrlInvalid {
                role: "signed",
                url,
            });
        }
        if !same_resource(&url, requested_url) {
            return Err(Error::UrlMismatch {
                signed: url,
                requested: requested_url.to_owned(),
            });
        }
        Ok(Download { url, iat, exp })
    }
}
