//! Secrets from Python values, and a bounded cache of keys for the module-level functions.
//!
//! Computing an HMAC key schedule costs about as much as signing a small token, and
//! PyJWT-style callers pass the same secret on every call, so the last few keys are kept.

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

/// Reads a secret as PyJWT does: a `str` as its UTF-8 bytes, `bytes` as they are.
pub fn secret_bytes(key: &Bound<'_, PyAny>) -> PyResult<Zeroizing<Vec<u8>>> {
    if let Ok(text) = key.cast::<PyString>() {
        return Ok(Zeroizing::new(text.to_cow()?.as_bytes().to_vec()));
    }
    if let Ok(bytes) = key.cast::<PyBytes>() {
        return Ok(Zeroizing::new(bytes.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err("Expected a string or bytes value"))
}

/// Returns a key set holding the key for `secret`, from the cache when it was used recently.
///
/// # Errors
/// [`Error::KeyInvalid`] when `secret` is empty.
pub fn cached_key(secret: &[u8]) -> Result<Arc<KeySet>, Error> {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(index) = cache
        .iter()
        .position(|(bytes, _)| bytes.as_slice() == secret)
    {
        let entry = cache.remove(index);
        let key = Arc::clone(&entry.1);
        cache.insert(0, entry);
        return Ok(key);
    }
    let key = Arc::new(KeySet::from(Key::new(Secret::from_bytes(secret)?)));
    cache.truncate(CACHE_SIZE - 1);
    cache.insert(0, (Zeroizing::new(secret.to_vec()), Arc::clone(&key)));
    Ok(key)
}
