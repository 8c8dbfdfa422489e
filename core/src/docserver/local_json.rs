//! Reading Document Server's own configuration file (`local.json`).

use super::Settings;
use crate::algorithm::Algorithm;
use crate::error::{quoted, Error, Result};
use crate::json::{self, Object, Value};
use crate::key::Secret;

/// Largest `local.json` read, in bytes. Document Server's own file is a few KiB.
pub const MAX_LOCAL_JSON_LEN: usize = 16 * 1024 * 1024;

/// Largest secret file read for `secret.inbox.file` or `secret.outbox.file`, in bytes.
pub const MAX_SECRET_FILE_LEN: usize = 64 * 1024;

/// Reads at most `limit + 1` bytes of the file at `path`, so that a caller can detect a file
/// over `limit` without reading all of it. `/dev/zero` or a huge file then costs `limit + 1`
/// bytes of memory.
///
/// # Errors
/// The error of opening or reading the file.
pub fn read_file_limited(path: &str, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    // Sized up front for files up to 64 KiB, such as a secret file, so that `read_to_end`
    // does not move the bytes to a larger buffer and leave a copy behind.
    let mut bytes = Vec::with_capacity((limit + 1).min(MAX_SECRET_FILE_LEN + 1));
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a secret file named in `local.json`, at most [`MAX_SECRET_FILE_LEN`] + 1 bytes;
/// [`Settings::from_local_json`] rejects a longer one. The function to pass as its `read_file`.
///
/// # Errors
/// The error of opening or reading the file.
pub fn read_secret_file(path: &str) -> std::io::Result<Vec<u8>> {
    read_file_limited(path, MAX_SECRET_FILE_LEN)
}

impl Settings {
    /// Reads the token settings from the `services.CoAuthoring` section of Document Server's
    /// `local.json`.
    ///
    /// The host signs with `secret.inbox` and the `token.inbox` header and prefix, and
    /// verifies with `secret.outbox` and the `token.outbox` header and prefix. A secret given
    /// as `{"file": path}` is read through `read_file` and used as raw bytes, a trailing
    /// newline included, as Document Server does. `token.outbox.expires` (`"5m"`, or seconds)
    /// sets the lifetime and `token.verifyOptions.clockTolerance` the leeway; absent members
    /// keep their defaults.
    ///
    /// `text` longer than [`MAX_LOCAL_JSON_LEN`] and a secret file longer than
    /// [`MAX_SECRET_FILE_LEN`] are rejected. `read_file` should read no more than that limit
    /// plus one byte, as [`read_secret_file`] does.
    ///
    /// # Errors
    /// [`Error::JsonInvalid`] for invalid JSON, [`Error::SettingsInvalid`] for a member of the
    /// wrong type, a file that cannot be read or either size limit, [`Error::KeyInvalid`] for
    /// an empty secret.
    pub fn from_local_json<F>(text: &[u8], read_file: F) -> Result<Self>
    where
        F: Fn(&str) -> std::io::Result<Vec<u8>>,
    {
        if text.len() > MAX_LOCAL_JSON_LEN {
            return Err(Error::settings(format!(
                "local.json is larger than the limit of {MAX_LOCAL_JSON_LEN} bytes"
            )));
        }
        let root = json::parse(text)?;
        let section = path(&root, &["services", "CoAuthoring"])
            .ok_or_else(|| Error::settings("local.json has no services.CoAuthoring section"))?;
        let inbox = read_secret(section, "inbox", &read_file)?
            .ok_or_else(|| Error::settings("local.json has no secret.inbox"))?;
        let mut settings = Settings::new(inbox);
        if let Some(outbox) = read_secret(section, "outbox", &read_file)? {
            settings.outbox_secrets = vec![outbox];
        }
        if let Some(header) = string_at(section, &["token", "outbox", "header"])? {
            settings.header = header;
        }
        if let Some(prefix) = string_at(section, &["token", "outbox", "prefix"])? {
            settings.prefix = prefix;
        }
        settings.request_header = string_at(section, &["token", "inbox", "header"])?;
        settings.request_prefix = string_at(section, &["token", "inbox", "prefix"])?;
        if let Some(algorithm) = string_at(section, &["token", "outbox", "algorithm"])? {
            settings.algorithm = Algorithm::from_name(&algorithm).map_err(|_| {
                Error::settings(format!(
                    "token.outbox.algorithm {} is not HMAC",
                    quoted(&algorithm)
                ))
            })?;
        }
        if let Some(expires) = path(section, &["token", "outbox", "expires"]) {
            settings.expires_in = Some(lifetime_seconds(expires)?);
        }
        if let Some(tolerance) = path(section, &["token", "verifyOptions", "clockTolerance"]) {
            settings.leeway = match tolerance {
                Value::Number(number) if number.as_f64() >= 0.0 => number.as_f64(),
                other => {
                    return Err(Error::settings(format!(
                        "token.verifyOptions.clockTolerance is {}",
                        describe(other)
                    )))
                }
            };
        }
        Ok(settings)
    }
}

fn path<'a>(value: &'a Value, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .try_fold(value, |current, name| current.as_object()?.get(name))
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text),
        Value::Number(number) => number.as_str().to_owned(),
        other => other.type_name().to_owned(),
    }
}

fn string_at(section: &Value, names: &[&str]) -> Result<Option<String>> {
    match path(section, names) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(Error::settings(format!(
            "{} is {}, expected a string",
            names.join("."),
            describe(other)
        ))),
    }
}

fn read_secret<F>(section: &Value, role: &str, read_file: &F) -> Result<Option<Secret>>
where
    F: Fn(&str) -> std::io::Result<Vec<u8>>,
{
    let Some(spec) = path(section, &["secret", role]) else {
        return Ok(None);
    };
    let spec: &Object = spec.as_object().ok_or_else(|| {
        Error::settings(format!(
            "secret.{role} is {}, expected an object",
            describe(spec)
        ))
    })?;
    if let Some(Value::String(text)) = spec.get("string") {
        return Secret::from_text(text).map(Some);
    }
    if let Some(Value::String(file)) = spec.get("file") {
        if !file.is_empty() {
            // The buffer is zeroized when dropped, as the secret made from it will be.
            let bytes = zeroize::Zeroizing::new(read_file(file).map_err(|err| {
                Error::settings(format!(
                    "cannot read secret.{role}.file {}: {err}",
                    quoted(file)
                ))
            })?);
            if bytes.len() > MAX_SECRET_FILE_LEN {
                return Err(Error::settings(format!(
                    "secret.{role}.file {} is larger than the limit of {MAX_SECRET_FILE_LEN} bytes",
                    quoted(file)
                )));
            }
            return Secret::from_bytes(&bytes).map(Some);
        }
    }
    Err(Error::settings(format!(
        "secret.{role} has neither a \"string\" nor a \"file\""
    )))
}

/// Reads a token lifetime: a JSON number of seconds, or text in the format of the npm
/// package `ms` that Document Server uses, such as `"5m"`, `"300s"` or `"1.5h"`. A bare
/// number in text is milliseconds, as `ms` reads it.
fn lifetime_seconds(value: &Value) -> Result<u64> {
    let invalid = || {
        Error::settings(format!(
            "token.outbox.expires {} is not a lifetime such as \"5m\"",
            describe(value)
        ))
    };
    let seconds = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => parse_ms(text).ok_or_else(invalid)? / 1000.0,
        _ => return Err(invalid()),
    };
    if !(0.0..=1e12).contains(&seconds) {
        return Err(invalid());
    }
    // The range check above makes the cast exact.
    #[allow(clippy::cast_sign_loss)]
    let seconds = seconds.floor() as u64;
    Ok(seconds)
}

/// Parses the `ms` text format into milliseconds.
pub(crate) fn parse_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1000.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000.0,
        "d" | "day" | "days" => 86_400_000.0,
        "w" | "week" | "weeks" => 604_800_000.0,
        "y" | "yr" | "yrs" | "year" | "years" => 31_557_600_000.0,
        _ => return None,
    };
    Some(number * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL_JSON: &str = r#"{"services":{"CoAuthoring":{
        "token":{"inbox":{"header":"AuthorizationJwt","prefix":"Bearer "},
                 "outbox":{"header":"AuthorizationJwt","prefix":"Bearer ","algorithm":"HS512","expires":"10m"},
                 "verifyOptions":{"clockTolerance":30}},
        "secret":{"inbox":{"string":"in-secret"},"outbox":{"file":"/run/secrets/outbox"}}}}}"#;

    #[test]
    fn local_json_read() {
        let settings = Settings::from_local_json(LOCAL_JSON.as_bytes(), |path| {
            assert_eq!(path, "/run/secrets/outbox");
            Ok(b"file-secret\n".to_vec())
        })
        .unwrap();
        assert_eq!(settings.header, "AuthorizationJwt");
        assert_eq!(settings.request_header.as_deref(), Some("AuthorizationJwt"));
        assert_eq!(settings.algorithm, Algorithm::HS512);
        assert_eq!(settings.expires_in, Some(600));
        assert!((settings.leeway - 30.0).abs() < f64::EPSILON);
        assert_eq!(settings.outbox_secrets[0].len(), "file-secret\n".len());
    }

    #[test]
    fn local_json_unreadable_file_reported() {
        let err = Settings::from_local_json(LOCAL_JSON.as_bytes(), |_| {
            Err(std::io::Error::other("denied"))
        })
        .unwrap_err();
        assert_eq!(err.code(), "ERR_DS_SETTINGS_INVALID");
    }

    #[test]
    fn local_json_over_limit_rejected() {
        let mut text = LOCAL_JSON.as_bytes().to_vec();
        text.resize(MAX_LOCAL_JSON_LEN, b' ');
        assert!(Settings::from_local_json(&text, |_| Ok(b"s".to_vec())).is_ok());
        text.push(b' ');
        let err = Settings::from_local_json(&text, |_| Ok(b"s".to_vec())).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_SETTINGS_INVALID");
        assert!(err.to_string().contains("16777216 bytes"), "{err}");
    }

    #[test]
    fn secret_file_over_limit_rejected() {
        let at_limit = |_: &str| Ok(vec![b'a'; MAX_SECRET_FILE_LEN]);
        assert!(Settings::from_local_json(LOCAL_JSON.as_bytes(), at_limit).is_ok());
        let over = |_: &str| Ok(vec![b'a'; MAX_SECRET_FILE_LEN + 1]);
        let err = Settings::from_local_json(LOCAL_JSON.as_bytes(), over).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_SETTINGS_INVALID");
        let message = err.to_string();
        assert!(message.contains("\"/run/secrets/outbox\""), "{message}");
        assert!(message.contains("65536 bytes"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_read_bounded() {
        let bytes = read_secret_file("/dev/zero").unwrap();
        assert_eq!(bytes.len(), MAX_SECRET_FILE_LEN + 1);
        let local = r#"{"services":{"CoAuthoring":{"secret":{"inbox":{"file":"/dev/zero"}}}}}"#;
        let err = Settings::from_local_json(local.as_bytes(), read_secret_file).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_SETTINGS_INVALID");
        assert!(err.to_string().contains("\"/dev/zero\""), "{err}");
    }

    #[test]
    fn ms_format_parsed() {
        assert_eq!(parse_ms("5m"), Some(300_000.0));
        assert_eq!(parse_ms("1.5h"), Some(5_400_000.0));
        assert_eq!(parse_ms("300"), Some(300.0));
        assert_eq!(parse_ms("10 seconds"), Some(10_000.0));
        assert_eq!(parse_ms("5 parsecs"), None);
    }
}
