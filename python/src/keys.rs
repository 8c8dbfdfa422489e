//! Secrets from Python values, and a bounded cache of keys for the module-level functions.
//!
//! Computing an HMAC key schedule costs about as much as signing a small token, and
//! PyJWT-style callers pass the same secret on every call, so the last few keys are kept.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};

use onlyoffice_jwt::{Error, Key, KeySet, Secret};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use zeroize::Zeroizing;

use crate::errors;
use crate::text;

/// Number of distinct secrets kept.
const CACHE_SIZE: usize = 32;

type Entry = (Zeroizing<Vec<u8>>, Arc<KeySet>);

/// Most recently used first.
static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// The bytes of a secret: borrowed from the Python object where possible, otherwise a copy
/// that is zeroized on drop.
pub enum SecretBytes<'a> {
    Borrowed(&'a [u8]),
    Owned(Zeroizing<Vec<u8>>),
}

impl Deref for SecretBytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Borrowed(bytes) => bytes,
            Self::Owned(bytes) => bytes,
        }
    }
}

/// Reads a secret as PyJWT does: a `str` as its UTF-8 bytes, `bytes` as they are.
///
/// A `str` with a lone surrogate raises `InvalidKeyError` (PyJWT: `UnicodeEncodeError`),
/// and other types PyJWT's `TypeError`.
pub fn secret_bytes<'a>(key: &'a Bound<'_, PyAny>) -> PyResult<SecretBytes<'a>> {
    read_secret(key, "the key")
        .ok_or_else(|| PyTypeError::new_err("Expected a string or bytes value"))?
}

/// Reads a secret given as the argument `argument`, such as `outbox_secret`, as
/// [`secret_bytes`] does, with a `TypeError` that names the argument.
pub fn named_secret_bytes<'a>(
    value: &'a Bound<'_, PyAny>,
    argument: &str,
) -> PyResult<SecretBytes<'a>> {
    read_secret(value, argument).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{argument} must be str or bytes, not {}",
            text::type_name(value)
        ))
    })?
}

/// Reads a `str` or `bytes` secret; `None` for other types.
fn read_secret<'a>(
    value: &'a Bound<'_, PyAny>,
    argument: &str,
) -> Option<PyResult<SecretBytes<'a>>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Some(Ok(SecretBytes::Borrowed(bytes.as_bytes())));
    }
    let text = value.cast::<PyString>().ok()?;
    let utf8 = text::utf8(text, |not_unicode| {
        let message = format!(
            "{argument} {not_unicode}. Pass the secret as bytes, or as a str without lone surrogates."
        );
        errors::raise(
            value.py(),
            "InvalidKeyError",
            &message,
            Some("ERR_KEY_INVALID"),
        )
    });
    Some(utf8.map(|utf8| match utf8 {
        Cow::Borrowed(text) => SecretBytes::Borrowed(text.as_bytes()),
        Cow::Owned(text) => SecretBytes::Owned(Zeroizing::new(text.into_bytes())),
    }))
}

/// Returns a key set holding the key for `secret`, from the cache when it was used recently.
///
/// # Errors
/// [`Error::KeyInvalid`] when `secret` is empty.
pub fn cached_key(secret: &[u8]) -> Result<Arc<KeySet>, Error> {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    match cache
        .iter()
        .position(|(bytes, _)| bytes.as_slice() == secret)
    {
        Some(0) => return Ok(Arc::clone(&cache[0].1)),
        Some(index) => {
            let entry = cache.remove(index);
            let key = Arc::clone(&entry.1);
            cache.insert(0, entry);
            return Ok(key);
        }
        None => {}
    }
    let key = Arc::new(KeySet::from(Key::new(Secret::from_bytes(secret)?)));
    cache.truncate(CACHE_SIZE - 1);
    cache.insert(0, (Zeroizing::new(secret.to_vec()), Arc::clone(&key)));
    Ok(key)
}
