//! Verification options and the registered-claim rules of RFC 7519 section 4.1.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::algorithm::Algorithm;
use crate::error::{quoted, shorten_number, Error, Result};
use crate::json::{Object, Value, DEFAULT_MAX_DEPTH};

/// Token length accepted when no other limit is given: 1 MiB.
///
/// A Document Server callback body token carries the whole `history` of a save; 1 MiB leaves
/// room for thousands of changes while bounding the work spent on hostile input.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 1 << 20;

/// Earliest `NumericDate` accepted: 0001-01-01T00:00:00Z.
pub const MIN_NUMERIC_DATE: f64 = -62_135_596_800.0;

/// Latest `NumericDate` accepted: 9999-12-31T23:59:59Z.
pub const MAX_NUMERIC_DATE: f64 = 253_402_300_799.0;

/// Options for verifying a token.
#[derive(Debug, Clone)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag switches one independent claim check, as in PyJWT's and jsonwebtoken's options"
)]
pub struct Validation {
    /// Algorithms a token may use. Defaults to `[HS256]`; an empty list rejects every token.
    pub algorithms: Vec<Algorithm>,
    /// Seconds of clock skew tolerated by the `exp`, `nbf` and `iat` checks. Defaults to 0.
    pub leeway: f64,
    /// Reject a token whose `exp` has passed. Defaults to `true`.
    pub validate_exp: bool,
    /// Reject a token whose `nbf` has not come yet. Defaults to `true`.
    pub validate_nbf: bool,
    /// Reject a token whose `iat` is in the future. Defaults to `false`, as Document Server.
    ///
    /// Whatever the three time-check flags, `exp`, `nbf` and `iat` must be numbers when present.
    pub validate_iat: bool,
    /// Claims that must be present. Defaults to none.
    pub required: Vec<String>,
    /// Accepted audiences; the token's `aud` must name one. Defaults to `None`: `aud` is not checked.
    pub audience: Option<Vec<String>>,
    /// Reject a token whose `aud` is set (not `null`, `""` or `[]`) when [`Validation::audience`]
    /// is `None`, as `PyJWT` 2 does. Defaults to `false`: such an `aud` is ignored, as `jsonwebtoken` 9 does.
    pub reject_unexpected_audience: bool,
    /// Check the audience as `PyJWT`'s `strict_aud` option does: [`Validation::audience`] must
    /// hold exactly one name, and `aud` must be a string equal to it (an array never matches).
    /// Defaults to `false`.
    pub strict_audience: bool,
    /// Accepted issuers. Defaults to `None`: `iss` is not checked.
    pub issuer: Option<Vec<String>>,
    /// Expected subject. Defaults to `None`: `sub` is not checked.
    pub subject: Option<String>,
    /// Expected token id. Defaults to `None`: `jti` is not checked.
    pub jwt_id: Option<String>,
    /// Claims that must be JSON strings when present, such as `sub` and `jti`. Defaults to none.
    pub string_claims: Vec<String>,
    /// Current time in seconds since the Unix epoch, for tests. Defaults to `None`: the system clock.
    pub now: Option<f64>,
    /// Maximum token length in bytes. Defaults to [`DEFAULT_MAX_TOKEN_LEN`].
    pub max_token_len: usize,
    /// Deepest JSON nesting accepted in the header and payload. Defaults to 128.
    pub max_depth: usize,
}

impl Default for Validation {
    fn default() -> Self {
        Self {
            algorithms: vec![Algorithm::HS256],
            leeway: 0.0,
            validate_exp: true,
            validate_nbf: true,
            validate_iat: false,
            required: Vec::new(),
            audience: None,
            reject_unexpected_audience: false,
            strict_audience: false,
            issuer: None,
            subject: None,
            jwt_id: None,
            string_claims: Vec::new(),
            now: None,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

impl Validation {
    /// Creates the default options allowing only `algorithms`.
    #[must_use]
    pub fn new(algorithms: &[Algorithm]) -> Self {
        Self {
            algorithms: algorithms.to_vec(),
            ..Self::default()
        }
    }

    /// Checks the options that no type can rule out: a NaN or infinite leeway or clock would
    /// switch the time checks off.
    ///
    /// # Errors
    /// [`Error::OptionInvalid`] for a leeway that is not a finite number of seconds, 0 or more,
    /// or a clock that is not finite.
    pub fn check_options(&self) -> Result<()> {
        if !(self.leeway.is_finite() && self.leeway >= 0.0) {
            return Err(Error::OptionInvalid {
                reason: format!(
                    "leeway {} must be a finite number of seconds, 0 or more",
                    self.leeway
                ),
            });
        }
        if self.now.is_some_and(|now| !now.is_finite()) {
            return Err(Error::OptionInvalid {
                reason: "now must be a finite number of seconds".to_owned(),
            });
        }
        Ok(())
    }

    /// Returns the time used for checks: [`Validation::now`] or the system clock.
    #[must_use]
    pub fn current_time(&self) -> f64 {
        self.now.unwrap_or_else(system_time)
    }

    /// Returns `true` when [`Validation::check_claims`] reads the claim `name`: a registered
    /// claim (`exp`, `nbf`, `iat`, `aud`, `iss`, `sub`, `jti`), a required claim, or one of
    /// [`Validation::string_claims`]. The other claims never change the outcome.
    #[must_use]
    pub fn reads_claim(&self, name: &str) -> bool {
        matches!(name, "exp" | "nbf" | "iat" | "aud" | "iss" | "sub" | "jti")
            || self.required.iter().any(|claim| claim == name)
            || self.string_claims.iter().any(|claim| claim == name)
    }

    /// Checks the registered claims of `claims` against these options.
    ///
    /// # Errors
    /// [`Error::ClaimMissing`], [`Error::ClaimInvalid`], [`Error::Expired`] or
    /// [`Error::NotYetValid`] for the first rule the claims break.
    pub fn check_claims(&self, claims: &Object) -> Result<()> {
        self.check_options()?;
        for name in &self.required {
            if !claims.contains(name) {
                return Err(Error::ClaimMissing {
                    claim: name.clone(),
                });
            }
        }
        self.check_time_claims(claims)?;
        self.check_identity_claims(claims)
    }

    /// Checks `exp`, `nbf` and `iat`: their types always, their times when enabled.
    fn check_time_claims(&self, claims: &Object) -> Result<()> {
        // The time claims must be numbers even when their check is off.
        let iat = numeric_date(claims, "iat")?;
        let nbf = numeric_date(claims, "nbf")?;
        let exp = numeric_date(claims, "exp")?;
        if iat.is_none() && nbf.is_none() && exp.is_none() {
            // Without a time claim there is nothing to compare, so the clock is not read.
            return Ok(());
        }
        let now = self.current_time();
        if let Some(iat) = iat.filter(|_| self.validate_iat) {
            if iat > now + self.leeway {
                return Err(Error::NotYetValid {
                    claim: "iat",
                    value: iat,
                    now,
                });
            }
        }
        if let Some(nbf) = nbf.filter(|_| self.validate_nbf) {
            if nbf > now + self.leeway {
                return Err(Error::NotYetValid {
                    claim: "nbf",
                    value: nbf,
                    now,
                });
            }
        }
        if let Some(exp) = exp.filter(|_| self.validate_exp) {
            if now >= exp + self.leeway {
                return Err(Error::Expired { exp, now });
            }
        }
        Ok(())
    }

    /// Checks `iss`, `aud`, `sub`, `jti` and the claims that must be strings.
    fn check_identity_claims(&self, claims: &Object) -> Result<()> {
        if let Some(issuers) = &self.issuer {
            check_string_claim(claims, "iss", issuers)?;
        }
        if let Some(audience) = &self.audience {
            if self.strict_audience {
                check_audience_strict(claims, audience)?;
            } else {
                check_audience(claims, audience)?;
            }
        } else if self.reject_unexpected_audience {
            check_no_audience(claims)?;
        }
        if let Some(subject) = &self.subject {
            check_string_claim(claims, "sub", std::slice::from_ref(subject))?;
        }
        if let Some(jwt_id) = &self.jwt_id {
            check_string_claim(claims, "jti", std::slice::from_ref(jwt_id))?;
        }
        for name in &self.string_claims {
            match claims.get(name) {
                None | Some(Value::String(_)) => {}
                Some(other) => {
                    return Err(Error::claim_invalid(
                        name,
                        format!("expected a string, found {}", other.type_name()),
                    ))
                }
            }
        }
        Ok(())
    }
}

/// Reads the system clock in seconds since the Unix epoch.
#[must_use]
pub fn system_time() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}

/// Reads a `NumericDate` claim: a JSON number, fractions allowed, within years 1 to 9999.
///
/// # Errors
/// [`Error::ClaimInvalid`] when the claim is present but not such a number.
pub fn numeric_date(claims: &Object, name: &str) -> Result<Option<f64>> {
    let Some(value) = claims.get(name) else {
        return Ok(None);
    };
    let Value::Number(number) = value else {
        return Err(Error::claim_invalid(
            name,
            format!(
                "expected a JSON number of seconds, found {}",
                value.type_name()
            ),
        ));
    };
    let seconds = number.as_f64();
    if !(MIN_NUMERIC_DATE..=MAX_NUMERIC_DATE).contains(&seconds) {
        return Err(Error::claim_invalid(
            name,
            format!(
                "{} is outside the years 1 to 9999",
                shorten_number(number.as_str())
            ),
        ));
    }
    Ok(Some(seconds))
}

fn check_string_claim(claims: &Object, name: &str, accepted: &[String]) -> Result<()> {
    match claims.get(name) {
        None => Err(Error::ClaimMissing {
            claim: name.to_owned(),
        }),
        Some(Value::String(value)) if accepted.iter().any(|expected| expected == value) => Ok(()),
        Some(Value::String(value)) => Err(Error::claim_invalid(
            name,
            format!("{} is not the expected value", quoted(value)),
        )),
        Some(other) => Err(Error::claim_invalid(
            name,
            format!("expected a string, found {}", other.type_name()),
        )),
    }
}

fn check_no_audience(claims: &Object) -> Result<()> {
    match claims.get("aud") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(value)) if value.is_empty() => Ok(()),
        Some(Value::Array(items)) if items.is_empty() => Ok(()),
        Some(_) => Err(Error::claim_invalid(
            "aud",
            "the token names an audience but none is expected: pass the accepted audience",
        )),
    }
}

fn check_audience_strict(claims: &Object, accepted: &[String]) -> Result<()> {
    let Some(value) = claims.get("aud") else {
        return Err(Error::ClaimMissing {
            claim: "aud".to_owned(),
        });
    };
    let [expected] = accepted else {
        return Err(Error::claim_invalid(
            "aud",
            "strict audience checking needs exactly one expected audience, given as a string",
        ));
    };
    match value {
        Value::String(value) if value.is_empty() => Err(Error::claim_invalid(
            "aud",
            "the token's audience is an empty string",
        )),
        Value::String(value) if value == expected => Ok(()),
        Value::String(value) => Err(Error::claim_invalid(
            "aud",
            format!(
                "{} is not the expected audience (strict mode)",
                quoted(value)
            ),
        )),
        other => Err(Error::claim_invalid(
            "aud",
            format!(
                "expected a single string in strict mode, found {}",
                other.type_name()
            ),
        )),
    }
}

fn check_audience(claims: &Object, accepted: &[String]) -> Result<()> {
    // An empty name never matches, not even an expected "" that an unset setting gives: a
    // token with `aud: ""` names no audience.
    let matches =
        |value: &str| !value.is_empty() && accepted.iter().any(|expected| expected == value);
    match claims.get("aud") {
        None => Err(Error::ClaimMissing {
            claim: "aud".to_owned(),
        }),
        Some(Value::String(value)) if value.is_empty() => Err(Error::claim_invalid(
            "aud",
            "the token's audience is an empty string",
        )),
        Some(Value::String(value)) if matches(value) => Ok(()),
        Some(Value::Array(items)) => {
            let mut found = false;
            for item in items {
                let Value::String(value) = item else {
                    return Err(Error::claim_invalid(
                        "aud",
                        format!("expected an array of strings, found {}", item.type_name()),
                    ));
                };
                found |= matches(value);
            }
            if found {
                Ok(())
            } else {
                Err(Error::claim_invalid(
                    "aud",
                    "no audience in the token is accepted",
                ))
            }
        }
        Some(Value::String(value)) => Err(Error::claim_invalid(
            "aud",
            format!("{} is not an accepted audience", quoted(value)),
        )),
        Some(other) => Err(Error::claim_invalid(
            "aud",
            format!(
                "expected a string or an array of strings, found {}",
                other.type_name()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    const NOW: f64 = 1_700_000_000.0;

    fn claims(text: &str) -> Object {
        parse(text.as_bytes()).unwrap().as_object().unwrap().clone()
    }

    fn at(leeway: f64) -> Validation {
        Validation {
            leeway,
            now: Some(NOW),
            ..Validation::default()
        }
    }

    #[test]
    fn exp_in_past_but_in_leeway_ok() {
        assert!(at(120.0)
            .check_claims(&claims(r#"{"exp":1699999900}"#))
            .is_ok());
    }

    #[test]
    fn exp_in_past_beyond_leeway_expired() {
        for leeway in [0.0, 60.0] {
            let err = at(leeway)
                .check_claims(&claims(r#"{"exp":1699999900}"#))
                .unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_EXPIRED");
        }
    }

    #[test]
    fn exp_equal_to_now_expired() {
        let err = at(0.0)
            .check_claims(&claims(r#"{"exp":1700000000}"#))
            .unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_EXPIRED");
    }

    #[test]
    fn exp_fraction_accepted() {
        assert!(at(0.0)
            .check_claims(&claims(r#"{"exp":1700000000.5}"#))
            .is_ok());
    }

    #[test]
    fn leeway_nan_rejected() {
        for leeway in [f64::NAN, f64::INFINITY, -1.0] {
            let err = at(leeway)
                .check_claims(&claims(r#"{"exp":1}"#))
                .unwrap_err();
            assert_eq!(err.code(), "ERR_OPTION_INVALID", "{leeway}");
        }
    }

    #[test]
    fn exp_string_invalid() {
        let err = at(0.0)
            .check_claims(&claims(r#"{"exp":"1700000300"}"#))
            .unwrap_err();
        assert_eq!(err.claim(), Some("exp"));
        assert_eq!(err.code(), "ERR_JWT_CLAIM_INVALID");
    }

    #[test]
    fn exp_absurd_invalid() {
        for text in [r#"{"exp":1e300}"#, r#"{"exp":-1e20}"#, r#"{"exp":1e999}"#] {
            assert_eq!(
                at(0.0).check_claims(&claims(text)).unwrap_err().code(),
                "ERR_JWT_CLAIM_INVALID"
            );
        }
    }

    #[test]
    fn nbf_in_future_not_yet_valid() {
        let err = at(0.0)
            .check_claims(&claims(r#"{"nbf":1700000002}"#))
            .unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_NOT_YET_VALID");
        assert!(at(60.0)
            .check_claims(&claims(r#"{"nbf":1700000002}"#))
            .is_ok());
    }

    #[test]
    fn iat_in_future_checked_only_when_asked() {
        let future = claims(r#"{"iat":1700000002}"#);
        assert!(at(0.0).check_claims(&future).is_ok());
        let strict = Validation {
            validate_iat: true,
            ..at(0.0)
        };
        assert_eq!(
            strict.check_claims(&future).unwrap_err().code(),
            "ERR_JWT_NOT_YET_VALID"
        );
    }

    #[test]
    fn required_claim_missing() {
        let options = Validation {
            required: vec!["exp".into()],
            ..at(0.0)
        };
        let err = options
            .check_claims(&claims(r#"{"c":"info"}"#))
            .unwrap_err();
        assert_eq!(
            err,
            Error::ClaimMissing {
                claim: "exp".into()
            }
        );
    }

    #[test]
    fn unexpected_audience_rejected_when_asked() {
        let options = Validation {
            reject_unexpected_audience: true,
            ..at(0.0)
        };
        assert!(at(0.0).check_claims(&claims(r#"{"aud":"ds"}"#)).is_ok());
        let err = options
            .check_claims(&claims(r#"{"aud":"ds"}"#))
            .unwrap_err();
        assert_eq!(err.claim(), Some("aud"));
        for text in ["{}", r#"{"aud":null}"#, r#"{"aud":""}"#, r#"{"aud":[]}"#] {
            assert!(options.check_claims(&claims(text)).is_ok(), "{text}");
        }
    }

    #[test]
    fn string_claims_type_checked() {
        let options = Validation {
            string_claims: vec!["sub".into(), "jti".into()],
            ..at(0.0)
        };
        assert!(options
            .check_claims(&claims(r#"{"sub":"u1","jti":"j1"}"#))
            .is_ok());
        assert!(options.check_claims(&claims("{}")).is_ok());
        let err = options.check_claims(&claims(r#"{"jti":7}"#)).unwrap_err();
        assert_eq!(err.claim(), Some("jti"));
        assert_eq!(err.code(), "ERR_JWT_CLAIM_INVALID");
    }

    #[test]
    fn audience_string_or_array() {
        let options = Validation {
            audience: Some(vec!["ds".into()]),
            ..at(0.0)
        };
        assert!(options.check_claims(&claims(r#"{"aud":"ds"}"#)).is_ok());
        assert!(options
            .check_claims(&claims(r#"{"aud":["x","ds"]}"#))
            .is_ok());
        assert_eq!(
            options
                .check_claims(&claims(r#"{"aud":"x"}"#))
                .unwrap_err()
                .code(),
            "ERR_JWT_CLAIM_INVALID"
        );
        assert_eq!(
            options.check_claims(&claims("{}")).unwrap_err().code(),
            "ERR_JWT_CLAIM_MISSING"
        );
    }

    #[test]
    fn empty_audience_never_matches() {
        for strict_audience in [false, true] {
            let options = Validation {
                audience: Some(vec![String::new()]),
                strict_audience,
                ..at(0.0)
            };
            for token_claims in [r#"{"aud":""}"#, r#"{"aud":[""]}"#, r#"{"aud":[]}"#] {
                let err = options.check_claims(&claims(token_claims)).unwrap_err();
                assert_eq!(err.code(), "ERR_JWT_CLAIM_INVALID", "{token_claims}");
            }
        }
    }

    #[test]
    fn strict_audience_needs_one_equal_string() {
        let options = Validation {
            audience: Some(vec!["ds".into()]),
            strict_audience: true,
            ..at(0.0)
        };
        assert!(options.check_claims(&claims(r#"{"aud":"ds"}"#)).is_ok());
        for rejected in [r#"{"aud":["ds"]}"#, r#"{"aud":"x"}"#, r#"{"aud":1}"#] {
            let err = options.check_claims(&claims(rejected)).unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_CLAIM_INVALID", "{rejected}");
        }
        assert_eq!(
            options.check_claims(&claims("{}")).unwrap_err().code(),
            "ERR_JWT_CLAIM_MISSING"
        );
        let two_expected = Validation {
            audience: Some(vec!["ds".into(), "x".into()]),
            ..options
        };
        assert_eq!(
            two_expected
                .check_claims(&claims(r#"{"aud":"ds"}"#))
                .unwrap_err()
                .code(),
            "ERR_JWT_CLAIM_INVALID"
        );
    }
}
