//! Turning secrets given from JavaScript into keys, with a small cache of keyed secrets.

use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::{Buffer, Either};
use onlyoffice_jwt::{Key, KeySet, Result, Secret};
use zeroize::Zeroizing;

use crate::text::SecretText;

/// A secret passed to one call: a string (used as UTF-8) or a Buffer (raw bytes, borrowed).
pub type JsSecret<'a> = Either<SecretText, &'a [u8]>;

/// A secret kept by a `DocumentServer`: a string (used as UTF-8) or a Buffer (raw bytes).
pub type OwnedSecret = Either<String, Buffer>;

/// Distinct secrets kept keyed. Applications use one or a few secrets, so a short list
/// searched linearly is enough, and it bounds memory when secrets change on every call.
const CACHE_CAPACITY: usize = 16;

struct Entry {
    secret: Zeroizing<Vec<u8>>,
    keys: Arc<KeySet>,
}

/// Keyed secrets, most recently used first. Shared by every worker thread of the process.
static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// Returns the bytes of a secret given from JavaScript.
pub(crate) fn secret_bytes<'a>(secret: &'a JsSecret<'_>) -> &'a [u8] {
    match secret {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    }
}

/// Returns the key set for `secret`, keying it on first use and reusing it afterwards.
///
/// The comparison with cached secrets is not constant-time. Only the application supplies
/// secrets, so the timing can tell an attacker nothing that the attacker chose.
///
/// # Errors
/// The core's key error when the secret is empty.
pub(crate) fn keys_for(secret: &[u8]) -> Result<Arc<KeySet>> {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(index) = cache
        .iter()
        .position(|entry| entry.secret.as_slice() == secret)
    {
        cache[..=index].rotate_right(1);
        return Ok(Arc::clone(&cache[0].keys));
    }

    let keys = Arc::new(KeySet::from(Key::new(Secret::from_bytes(secret)?)));
    if cache.len() == CACHE_CAPACITY {
        cache.pop();
    }
    cache.insert(
        0,
        Entry {
            secret: Zeroizing::new(secret.to_vec()),
            keys: Arc::clone(&keys),
        },
    );
    Ok(keys)
}

/// Converts secrets given from JavaScript into core secrets.
///
/// # Errors
/// The core's key error when a secret is empty.
pub(crate) fn to_secrets(secrets: &[OwnedSecret]) -> Result<Vec<Secret>> {
    secrets
        .iter()
        .map(|secret| match secret {
            Either::A(text) => Secret::from_bytes(text.as_bytes()),
            Either::B(bytes) => Secret::from_bytes(bytes),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_secret_keyed_once() {
        let first = keys_for(b"cache-test-secret").unwrap();
        let second = keys_for(b"cache-test-secret").unwrap();
        assert!(Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn cache_stays_bounded() {
        for index in 0..CACHE_CAPACITY * 3 {
            keys_for(format!("bounded-{index}").as_bytes()).unwrap();
        }
        assert!(CACHE.lock().unwrap().len() <= CACHE_CAPACITY);
    }

    #[test]
    fn empty_secret_rejected() {
        assert_eq!(keys_for(b"").unwrap_err().code(), "ERR_KEY_INVALID");
    }
}
