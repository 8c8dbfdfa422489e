//! Strict HMAC JSON Web Tokens and the ONLYOFFICE Docs token protocol.
//!
//! The crate has two layers:
//! - a generic JWT engine for HS256, HS384 and HS512 ([`jws`], [`Validation`], [`Key`]):
//!   compact form only, an algorithm allow-list fixed by the caller, constant-time tag
//!   comparison, duplicate JSON members rejected, time claims checked with a leeway;
//! - [`DocumentServer`], the token protocol between ONLYOFFICE Docs and the host that embeds
//!   it: editor configs, save callbacks, and the codes Document Server returns on failure.
//!
//! ```
//! use onlyoffice_jwt::{Body, DocumentServer, json};
//!
//! let ds = DocumentServer::with_secret("secret")?;
//! let config = json::parse(br#"{"document":{"fileType":"docx","key":"k1","title":"Report.docx",
//!     "url":"https://host.example/files/k1","permissions":{"edit":true}},"documentType":"word",
//!     "editorConfig":{"callbackUrl":"https://host.example/callback","mode":"edit"}}"#)?;
//! let signed = ds.sign_config(&config)?;
//! assert!(signed.get("token").is_some());
//!
//! let no_headers: [(&str, &str); 0] = [];
//! let err = ds.verify_callback(Body::Raw(br#"{"key":"k1","status":2}"#), &no_headers).unwrap_err();
//! assert_eq!(err.code(), "ERR_DS_TOKEN_MISSING");
//! # Ok::<(), onlyoffice_jwt::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod algorithm;
pub mod docserver;
pub mod error;
pub mod json;
pub mod jws;
pub mod key;
mod mac;
pub mod validation;

pub use algorithm::Algorithm;
pub use docserver::{
    Body, Callback, DocumentServer, Download, Operation, Service, Settings, SignedRequest,
    TokenSource, CALLBACK_OK,
};
pub use error::{Error, Result};
pub use json::{Number, Object, Value};
pub use jws::Verified;
pub use key::{Key, KeySet, MinLength, Secret};
pub use validation::Validation;
