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
pub fn secret_bytes<'a>(key: &'a Bound<'_, PyAny>) -> PyResult<SecretBytes<'a>> {
    if let Ok(text) = key.cast::<PyString>() {
        return Ok(match text.to_cow()? {
            Cow::Borrowed(text) => SecretBytes::Borrowed(text.as_bytes()),
            Cow::Owned(text) => SecretBytes::Owned(Zeroizing::new(text.into_bytes())),
        });
    }
    if let Ok(bytes) = key.cast::<PyBytes>() {
        return Ok(SecretBytes::Borrowed(bytes.as_bytes()));
    }
    Err(PyTypeError::new_err("Expected a string or bytes value"))
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
