//! Integers that a JavaScript number cannot hold exactly, and what to do with them.
//!
//! `JSON.parse` rounds an integer beyond 2^53 - 1 to the nearest double without a word. The
//! caller chooses: round as jsonwebtoken does, fail, or get the exact digits back, which the
//! JavaScript layer turns into a `BigInt` or a string.

use napi::Status;
use onlyoffice_jwt::json::{Build, Object, Value};
use onlyoffice_jwt::Error;

/// Largest integer a JavaScript number represents exactly, 2^53 - 1, as JSON text.
const MAX_SAFE_INTEGER: &str = "9007199254740991";

/// The handling of integers beyond 2^53 - 1 that the caller chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Integers {
    /// Let `JSON.parse` round them, as jsonwebtoken does.
    Number,
    /// Fail with `ERR_JSON_INVALID`, naming the first such member.
    Error,
    /// Return their exact digits and places, for a `BigInt` or a string.
    Exact,
}

impl Integers {
    /// Reads the code the JavaScript layer passes: 0 number, 1 error, 2 exact.
    pub(crate) fn from_code(code: u32) -> napi::Result<Self> {
        match code {
            0 => Ok(Self::Number),
            1 => Ok(Self::Error),
            2 => Ok(Self::Exact),
            _ => Err(napi::Error::new(
                Status::InvalidArg,
                format!("unknown integer handling code {code}"),
            )),
        }
    }
}

/// Returns `true` when the JSON integer `text` (no fraction, no exponent) is within
/// -(2^53 - 1) to 2^53 - 1.
pub(crate) fn is_safe_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // JSON integers have no leading zeros, so more digits means a larger magnitude.
    digits.len() < MAX_SAFE_INTEGER.len()
        || (digits.len() == MAX_SAFE_INTEGER.len() && digits <= MAX_SAFE_INTEGER)
}

/// A JSON scan that builds nothing and notes whether an unsafe integer occurs.
///
/// The core's reader still applies every rule (syntax, UTF-8, duplicates, depth) while it
/// calls this builder.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// An integer beyond 2^53 - 1 was seen.
    pub(crate) found_unsafe: bool,
}

impl Build for Scan {
    type Value = ();
    type Array = ();
    type Object = ();
    type Error = Error;

    fn null(&mut self) -> Result<(), Error> {
        Ok(())
    }

    fn boolean(&mut self, _value: bool) -> Result<(), Error> {
        Ok(())
    }

    fn number(&mut self, text: &str, integer: bool) -> Result<(), Error> {
        if integer && !is_safe_integer(text) {
            self.found_unsafe = true;
        }
        Ok(())
    }

    fn string(&mut self, _text: &str) -> Result<(), Error> {
        Ok(())
    }

    fn start_array(&mut self) -> Result<(), Error> {
        Ok(())
    }

    fn push(&mut self, (): &mut (), (): ()) -> Result<(), Error> {
        Ok(())
    }

    fn end_array(&mut self, (): ()) -> Result<(), Error> {
        Ok(())
    }

    fn start_object(&mut self) -> Result<(), Error> {
        Ok(())
    }

    fn insert(&mut self, (): &mut (), _name: &str, (): ()) -> Result<(), Error> {
        Ok(())
    }

    fn end_object(&mut self, (): ()) -> Result<(), Error> {
        Ok(())
    }
}

/// One step of the way from the root of a JSON value to a member or an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Member(String),
    Index(usize),
}

/// An integer beyond 2^53 - 1 and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) path: Vec<Step>,
    pub(crate) digits: String,
}

/// Lists every unsafe integer in `object`, in document order, with paths that start with
/// `root`.
pub(crate) fn unsafe_integers(object: &Object, root: &[Step]) -> Vec<Place> {
    let mut places = Vec::new();
    let mut path = root.to_vec();
    collect_object(object, &mut path, &mut places);
    places
}

fn collect_object(object: &Object, path: &mut Vec<Step>, places: &mut Vec<Place>) {
    for (name, value) in object.iter() {
        path.push(Step::Member(name.to_owned()));
        collect(value, path, places);
        path.pop();
    }
}

fn collect(value: &Value, path: &mut Vec<Step>, places: &mut Vec<Place>) {
    match value {
        Value::Number(number) if number.is_integer() && !is_safe_integer(number.as_str()) => {
            places.push(Place {
                path: path.clone(),
                digits: number.as_str().to_owned(),
            });
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                collect(item, path, places);
                path.pop();
            }
        }
        Value::Object(object) => collect_object(object, path, places),
        _ => {}
    }
}

/// Writes places as the JSON the JavaScript layer reads: `[[path, digits], ...]`, where a
/// path is a list of member names and item indexes.
pub(crate) fn places_json(places: &[Place]) -> String {
    let entries = places
        .iter()
        .map(|place| {
            let path = place
                .path
                .iter()
                .map(|step| match step {
                    Step::Member(name) => Value::String(name.clone()),
                    Step::Index(index) => Value::from(i64::try_from(*index).unwrap_or(i64::MAX)),
                })
                .collect();
            Value::Array(vec![
                Value::Array(path),
                Value::String(place.digits.clone()),
            ])
        })
        .collect();
    Value::Array(entries).to_json()
}

/// Returns the error for the first unsafe integer in `object`, if there is one.
///
/// `what` names the object in the message, such as "payload" or "data".
pub(crate) fn reject_unsafe(object: &Object, what: &str) -> Result<(), Error> {
    let Some(place) = unsafe_integers(object, &[]).into_iter().next() else {
        return Ok(());
    };
    Err(Error::JsonInvalid {
        reason: format!(
            "{} is the integer {}, which a JavaScript number cannot hold exactly (beyond 2^53 - 1); \
             set the integers option to \"bigint\" or \"string\" to read it",
            describe_path(what, &place.path),
            place.digits
        ),
    })
}

/// Writes a path the way JavaScript code would reach it: `payload.ids[2].value`.
fn describe_path(root: &str, path: &[Step]) -> String {
    let mut out = root.to_owned();
    for step in path {
        match step {
            Step::Member(name) => {
                out.push('.');
                out.push_str(name);
            }
            Step::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use onlyoffice_jwt::json;

    use super::*;

    fn object(text: &str) -> Object {
        match json::parse(text.as_bytes()).unwrap() {
            Value::Object(object) => object,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn safe_range_bounds() {
        for text in [
            "0",
            "-0",
            "9007199254740991",
            "-9007199254740991",
            "123456789012345",
        ] {
            assert!(is_safe_integer(text), "{text}");
        }
        for text in [
            "9007199254740992",
            "-9007199254740992",
            "10000000000000000",
            "99999999999999999999",
        ] {
            assert!(!is_safe_integer(text), "{text}");
        }
    }

    #[test]
    fn scan_notes_unsafe_integer() {
        let mut scan = Scan::default();
        json::parse_into(br#"{"a":[1,{"b":12345678901234567890}]}"#, 128, &mut scan).unwrap();
        assert!(scan.found_unsafe);
    }

    #[test]
    fn scan_ignores_fractions_and_exponents() {
        let mut scan = Scan::default();
        json::parse_into(br#"{"a":12345678901234567890.5,"b":1e300}"#, 128, &mut scan).unwrap();
        assert!(!scan.found_unsafe);
    }

    #[test]
    fn places_listed_in_order() {
        let places = unsafe_integers(
            &object(r#"{"id":9007199254740993,"list":[1,{"n":-9007199254740993}]}"#),
            &[Step::Member("data".into())],
        );
        assert_eq!(
            places_json(&places),
            r#"[[["data","id"],"9007199254740993"],[["data","list",1,"n"],"-9007199254740993"]]"#
        );
    }

    #[test]
    fn rejection_names_member() {
        let err =
            reject_unsafe(&object(r#"{"list":[0,9007199254740993]}"#), "payload").unwrap_err();
        assert_eq!(err.code(), "ERR_JSON_INVALID");
        assert!(
            err.to_string()
                .contains("payload.list[1] is the integer 9007199254740993"),
            "{err}"
        );
    }
}
