//! Finding a token in HTTP request headers.

use crate::error::{quoted, Error, Result};

/// Finds the token in the header `name` (matched case-insensitively) after the exact `prefix`.
///
/// Returns `Ok(None)` when no such header is present.
///
/// # Errors
/// [`Error::HeaderInvalid`] when the header appears twice, contains a line break, or does not
/// start with `prefix`; [`Error::TokenMissing`] when nothing follows the prefix.
pub fn find_token<'h, I, K, V>(headers: I, name: &str, prefix: &str) -> Result<Option<&'h str>>
where
    I: IntoIterator<Item = &'h (K, V)>,
    K: AsRef<str> + 'h,
    V: AsRef<str> + 'h,
{
    let mut found: Option<&'h str> = None;
    for (key, value) in headers {
        if !key.as_ref().eq_ignore_ascii_case(name) {
            continue;
        }
        if found.is_some() {
            return Err(Error::HeaderInvalid {
                reason: format!("{name} appears more than once: send one token"),
            });
        }
        found = Some(value.as_ref());
    }
    let Some(value) = found else {
        return Ok(None);
    };
    if value.contains(['\r', '\n']) {
        return Err(Error::HeaderInvalid {
            reason: format!("{name} contains a line break"),
        });
    }
    // HTTP parsers and Fetch `Headers` trim trailing spaces, so `Bearer ` arrives as `Bearer`.
    if !prefix.trim_end().is_empty() && value.trim_end() == prefix.trim_end() {
        return Err(Error::TokenMissing {
            searched: format!("the {name} header has no token after its prefix"),
        });
    }
    let Some(token) = value.strip_prefix(prefix) else {
        // The value is not echoed: a misconfigured client may send the secret itself here.
        return Err(Error::HeaderInvalid {
            reason: format!("{name} does not start with the prefix {}", quoted(prefix)),
        });
    };
    if token.is_empty() {
        return Err(Error::TokenMissing {
            searched: format!("the {name} header has no token after its prefix"),
        });
    }
    if value.contains(',') {
        return Err(Error::HeaderInvalid {
            reason: format!("{name} carries more than one credential: send one token"),
        });
    }
    Ok(Some(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn header_name_case_insensitive() {
        let headers = pairs(&[("authorizationjwt", "Bearer abc")]);
        assert_eq!(
            find_token(&headers, "AuthorizationJwt", "Bearer ").unwrap(),
            Some("abc")
        );
    }

    #[test]
    fn prefix_compared_exactly() {
        let headers = pairs(&[("Authorization", "bearer abc")]);
        let err = find_token(&headers, "Authorization", "Bearer ").unwrap_err();
        assert_eq!(err.code(), "ERR_DS_HEADER_INVALID");
    }

    #[test]
    fn trimmed_prefix_only_is_missing_token() {
        let headers = pairs(&[("Authorization", "Bearer")]);
        let err = find_token(&headers, "Authorization", "Bearer ").unwrap_err();
        assert_eq!(err.code(), "ERR_DS_TOKEN_MISSING");
    }

    #[test]
    fn header_given_twice_rejected() {
        let headers = pairs(&[("Authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(
            find_token(&headers, "Authorization", "Bearer ")
                .unwrap_err()
                .code(),
            "ERR_DS_HEADER_INVALID"
        );
    }

    #[test]
    fn absent_header_is_none() {
        let headers = pairs(&[("Content-Type", "application/json")]);
        assert_eq!(
            find_token(&headers, "Authorization", "Bearer ").unwrap(),
            None
        );
    }
}
