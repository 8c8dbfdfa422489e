//! The HMAC algorithms of RFC 7518 section 3.2.

use std::fmt;
use std::str::FromStr;

use crate::error::{quoted, Error};

/// An HMAC signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256; the algorithm Document Server signs with by default.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

impl Algorithm {
    /// All supported algorithms, the order used when none is configured.
    pub const ALL: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// Returns the `alg` header value, such as `"HS256"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
        }
    }

    /// Returns the length of the signature in bytes.
    #[must_use]
    pub fn tag_len(self) -> usize {
        match self {
            Self::HS256 => 32,
            Self::HS384 => 48,
            Self::HS512 => 64,
        }
    }

    /// Returns the minimum secret length RFC 7518 section 3.2 requires: the hash output size.
    #[must_use]
    pub fn min_key_len(self) -> usize {
        self.tag_len()
    }

    /// Parses an `alg` name. The match is exact: `hs256` and `none` are rejected.
    ///
    /// # Errors
    /// [`Error::AlgorithmNotAllowed`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match name {
            "HS256" => Ok(Self::HS256),
            "HS384" => Ok(Self::HS384),
            "HS512" => Ok(Self::HS512),
            _ => Err(Error::AlgorithmNotAllowed { alg: quoted(name) }),
        }
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Self::from_name(name)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
