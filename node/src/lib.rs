//! Node bindings of onlyoffice-jwt, built with napi-rs.
//!
//! The binding converts values and errors and nothing more: every check lives in the core
//! crate. Strings cross the boundary in both directions, so `JSON.stringify` and
//! `JSON.parse` run in V8 and no JavaScript object is walked from Rust on a hot path.
//! Every exported function and method is marked `catch_unwind`, so that a panic becomes a
//! JavaScript error instead of aborting the process.
//! The JavaScript layer (`index.js`) shapes these functions into the jsonwebtoken API and
//! the `DocumentServer` class.
#![deny(missing_docs)]
#![allow(
    clippy::needless_pass_by_value,
    reason = "napi-rs converts JavaScript arguments into owned Rust values"
)]
#![cfg_attr(
    test,
    allow(
        dead_code,
        reason = "napi-rs registers exported functions only outside test builds"
    )
)]

mod docserver;
mod errors;
mod integers;
mod jwt;
mod secrets;
mod text;
