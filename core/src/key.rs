//! Secrets, HMAC keys with a cached key schedule, and key sets for rotation.

use std::fmt;
use std::sync::OnceLock;

use base64::Engine as _;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::algorithm::Algorithm;
use crate::error::{quoted, Error, Result};
use crate::mac::{wipe, KeyState, Sha256, Sha384, Sha512, MAX_OUTPUT};

/// Secret bytes for HMAC, zeroized on drop and hidden from `Debug`.
///
/// Text secrets are used as their UTF-8 bytes, never trimmed and never base64-decoded;
/// use [`Secret::from_base64`] when the configured value is base64.
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
}

impl Secret {
    /// Creates a secret from the UTF-8 bytes of `text`.
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when `text` is empty.
    pub fn from_text(text: &str) -> Result<Self> {
        Self::from_bytes(text.as_bytes())
    }

    /// Creates a secret from raw bytes, such as the contents of a secret file.
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when `bytes` is empty.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::key(
                "the secret is empty: configure the Document Server secret",
            ));
        }
        Ok(Self {
            bytes: Zeroizing::new(bytes.to_vec()),
        })
    }

    /// Creates a secret by decoding base64 text, standard or URL-safe, padded or not.
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when the text is not base64 or decodes to nothing.
    pub fn from_base64(text: &str) -> Result<Self> {
        let trimmed = text.trim_end_matches('=');
        let engine = if trimmed.contains(['-', '_']) {
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
        } else {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        };
        let bytes = Zeroizing::new(
            engine
                .decode(trimmed)
                .map_err(|err| Error::key(format!("the secret is not valid base64: {err}")))?,
        );
        Self::from_bytes(&bytes)
    }

    /// Returns the number of secret bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Returns `false`: an empty secret cannot be created.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Policy for secrets shorter than the hash output size (RFC 7518 section 3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MinLength {
    /// Accept any non-empty secret, as Document Server does. The default.
    #[default]
    Off,
    /// Accept short secrets but report them, so that a binding can warn.
    Warn,
    /// Reject secrets shorter than 32, 48 or 64 bytes for HS256, HS384 or HS512.
    Strict,
}

impl MinLength {
    /// Parses `off`, `warn` or `strict`.
    ///
    /// # Errors
    /// [`Error::SettingsInvalid`] for any other name.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "off" => Ok(Self::Off),
            "warn" => Ok(Self::Warn),
            "strict" => Ok(Self::Strict),
            other => Err(Error::settings(format!(
                "unknown minimum-length policy {}: expected off, warn or strict",
                quoted(other)
            ))),
        }
    }

    /// Applies the policy to a secret of `len` bytes used with `alg`.
    ///
    /// Returns `true` when the secret is short and the policy is [`MinLength::Warn`].
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when the secret is short and the policy is [`MinLength::Strict`].
    pub fn check(self, len: usize, alg: Algorithm) -> Result<bool> {
        let min = alg.min_key_len();
        if len >= min || self == Self::Off {
            return Ok(false);
        }
        if self == Self::Warn {
            return Ok(true);
        }
        Err(Error::key(format!(
            "the secret has {len} byte(s), {alg} requires at least {min} bytes under the strict policy"
        )))
    }
}

/// A tag buffer large enough for every supported algorithm. It is overwritten with zeros on
/// drop, because the tag computed for a forged token is the signature that would make it valid.
pub(crate) struct Tag {
    bytes: [u8; MAX_OUTPUT],
    len: usize,
}

impl Drop for Tag {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

impl Tag {
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// An HMAC key: a secret with its key schedule computed once per algorithm and reused. The
/// secret and the cached key schedules are zeroized on drop.
pub struct Key {
    secret: Secret,
    kid: Option<String>,
    hs256: OnceLock<KeyState<Sha256>>,
    hs384: OnceLock<KeyState<Sha384>>,
    hs512: OnceLock<KeyState<Sha512>>,
}

impl Key {
    /// Creates a key from a secret.
    #[must_use]
    pub fn new(secret: Secret) -> Self {
        Self {
            secret,
            kid: None,
            hs256: OnceLock::new(),
            hs384: OnceLock::new(),
            hs512: OnceLock::new(),
        }
    }

    /// Sets the key id matched against a token header's `kid`.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Returns the key id, if one was set.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Returns the length of the secret in bytes.
    #[must_use]
    pub fn secret_len(&self) -> usize {
        self.secret.len()
    }

    /// Computes the HMAC tag of `data`.
    pub(crate) fn tag(&self, alg: Algorithm, data: &[u8]) -> Tag {
        let mut bytes = [0u8; MAX_OUTPUT];
        match alg {
            Algorithm::HS256 => self
                .hs256
                .get_or_init(|| KeyState::new(&self.secret.bytes))
                .tag(data, &mut bytes),
            Algorithm::HS384 => self
                .hs384
                .get_or_init(|| KeyState::new(&self.secret.bytes))
                .tag(data, &mut bytes),
            Algorithm::HS512 => self
                .hs512
                .get_or_init(|| KeyState::new(&self.secret.bytes))
                .tag(data, &mut bytes),
        }
        let tag = Tag {
            bytes,
            len: alg.tag_len(),
        };
        wipe(&mut bytes);
        tag
    }

    /// Checks `signature` against the tag of `data` in constant time.
    pub(crate) fn verify(&self, alg: Algorithm, data: &[u8], signature: &[u8]) -> bool {
        let tag = self.tag(alg, data);
        signature.len() == tag.len && bool::from(tag.as_slice().ct_eq(signature))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("kid", &self.kid)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

impl From<Secret> for Key {
    fn from(secret: Secret) -> Self {
        Self::new(secret)
    }
}

/// Keys for rotation: the first signs, all verify, and a token's `kid` selects when it matches.
#[derive(Debug)]
pub struct KeySet {
    keys: Vec<Key>,
}

impl KeySet {
    /// Creates a key set whose first key signs.
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when `keys` is empty.
    pub fn new(keys: Vec<Key>) -> Result<Self> {
        if keys.is_empty() {
            return Err(Error::key("no secret configured"));
        }
        Ok(Self { keys })
    }

    /// Returns the key that signs.
    #[must_use]
    pub fn signing_key(&self) -> &Key {
        &self.keys[0]
    }

    /// Returns every key.
    #[must_use]
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Returns the keys to try for a token with the given `kid`: the keys with that id when
    /// any has it, otherwise all keys.
    pub(crate) fn candidates<'a>(
        &'a self,
        kid: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Key> + 'a {
        let selected = kid.filter(|kid| self.keys.iter().any(|key| key.kid() == Some(kid)));
        self.keys
            .iter()
            .filter(move |key| selected.is_none() || key.kid() == selected)
    }
}

impl From<Key> for KeySet {
    fn from(key: Key) -> Self {
        Self { keys: vec![key] }
    }
}
