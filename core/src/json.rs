//! A strict JSON reader and a compact writer.
//!
//! The reader follows RFC 8259 and adds the rules a token verifier needs. Duplicate member
//! names are rejected at any depth, and nesting depth is bounded. Invalid UTF-8 is rejected,
//! surrogates encoded in the UTF-8 bytes included. Numbers keep their exact text, so that
//! integers of any size survive, and objects keep their member order.
//!
//! Lone surrogate escapes, such as `"\ud800"`, are accepted in string values, as `JSON.parse`
//! and Python's `json.loads` accept them: `JSON.stringify` writes them for a JavaScript string
//! cut inside a surrogate pair, and Document Server signs such text. A Rust string cannot hold
//! a surrogate, so each lone surrogate becomes U+FFFD in a [`Value::String`]. In member names
//! they are rejected, so that names compare exactly and duplicates are found.

use crate::error::{quoted, Error, Result};

mod reader;

use reader::Reader;
pub(crate) use reader::{
    is_whitespace, member_texts, parse_labelled_into, parse_object_into, NullBuilder, ValueBuilder,
};
pub use reader::{parse_into, Build};

/// Returns `true` when JSON text has a `\u` escape of a surrogate (`\uD800` to `\uDFFF`),
/// paired or lone. Only then can a [`Value::String`] read from it hold U+FFFD in place of a
/// lone surrogate, so a binding whose strings can hold lone surrogates reads such text itself
/// and takes the faster [`Value`] route for any other.
///
/// An escaped backslash followed by the text `ud800` also counts, so the result may be `true`
/// for text without a surrogate escape, never `false` for text with one.
#[must_use]
pub fn has_surrogate_escape(text: &[u8]) -> bool {
    text.windows(4).any(|window| {
        window[0] == b'\\'
            && window[1] == b'u'
            && matches!(window[2], b'd' | b'D')
            && matches!(window[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
    })
}

/// Nesting depth accepted when no other limit is given.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its JSON text.
    Number(Number),
    /// A string. Each lone surrogate escape of the JSON text, such as `"\ud800"`, is U+FFFD
    /// here, as a Rust string cannot hold a surrogate.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, with its members in document order.
    Object(Object),
}

impl Value {
    /// Returns the object, if this value is one.
    #[must_use]
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Self::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Returns the string, if this value is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the number, if this value is one.
    #[must_use]
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Self::Number(number) => Some(number),
            _ => None,
        }
    }

    /// Returns the JSON type name used in error messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }

    /// Serializes the value as compact JSON, non-ASCII characters written as UTF-8.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out, Escape::Utf8);
        out
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Self {
        Self::Number(Number::from(number))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<Object> for Value {
    fn from(object: Object) -> Self {
        Self::Object(object)
    }
}

/// A JSON number kept as its validated text, so that no digit is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// Creates a number from JSON number text.
    ///
    /// # Errors
    /// [`Error::JsonInvalid`] when `text` is not a JSON number.
    pub fn from_text(text: &str) -> Result<Self> {
        let mut reader = Reader::new(text.as_bytes(), 1, "")?;
        reader.number()?;
        if reader.pos != text.len() {
            return Err(Error::json(format!(
                "{} is not a JSON number",
                quoted(text)
            )));
        }
        Ok(Self(text.to_owned()))
    }

    /// Creates a number from a finite float, written as its shortest round-trip text.
    ///
    /// # Errors
    /// [`Error::JsonInvalid`] for NaN and infinities, which JSON cannot represent.
    pub fn from_f64(value: f64) -> Result<Self> {
        if !value.is_finite() {
            return Err(Error::json(format!("{value} cannot be written as JSON")));
        }
        Ok(Self(format!("{value}")))
    }

    /// Returns the JSON text of the number.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns `true` when the text has no fraction and no exponent.
    #[must_use]
    pub fn is_integer(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }

    /// Returns the value as `i64` when it is an integer in range.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// Returns the nearest `f64`; huge exponents give an infinity.
    #[must_use]
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

/// A JSON object with its members in insertion order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    members: Vec<(String, Value)>,
}

impl Object {
    /// Creates an empty object.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the value of member `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Returns `true` when the object has member `name`.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets member `name`, replacing its value in place or appending it at the end.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        let name = name.into();
        match self.members.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => self.members.push((name, value)),
        }
    }

    /// Appends a member without checking for an existing one of the same name.
    pub(crate) fn push_unchecked(&mut self, name: String, value: Value) {
        self.members.push((name, value));
    }

    /// Removes member `name` and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let index = self.members.iter().position(|(key, _)| key == name)?;
        Some(self.members.remove(index).1)
    }

    /// Returns the number of members.
    #[must_use]
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Returns `true` when the object has no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Iterates over the members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members
            .iter()
            .map(|(key, value)| (key.as_str(), value))
    }

    /// Serializes the object as compact JSON, non-ASCII characters written as UTF-8.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_object(self, &mut out, Escape::Utf8);
        out
    }
}

impl FromIterator<(String, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut object = Object::new();
        for (name, value) in iter {
            object.insert(name, value);
        }
        object
    }
}

/// Parses strict JSON text with the default depth limit.
///
/// # Errors
/// [`Error::JsonInvalid`] for invalid JSON or UTF-8, [`Error::DuplicateMember`] for a repeated
/// member name.
pub fn parse(input: &[u8]) -> Result<Value> {
    parse_with_depth(input, DEFAULT_MAX_DEPTH)
}

/// Parses strict JSON text, rejecting nesting deeper than `max_depth`.
///
/// # Errors
/// As [`parse`], and [`Error::JsonInvalid`] when the nesting is too deep.
pub fn parse_with_depth(input: &[u8], max_depth: usize) -> Result<Value> {
    parse_into(input, max_depth, &mut ValueBuilder)
}

/// The escaping the writer applies to characters outside ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Non-ASCII written as UTF-8, as JavaScript's `JSON.stringify` does.
    Utf8,
    /// Everything outside printable ASCII written as `\uXXXX`, as Python's `json.dumps` does by default.
    Ascii,
}

/// Appends `value` as compact JSON to `out`.
pub fn write_value(value: &Value, out: &mut String, escape: Escape) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(number.as_str()),
        Value::String(text) => write_string(text, out, escape),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out, escape);
            }
            out.push(']');
        }
        Value::Object(object) => write_object(object, out, escape),
    }
}

fn write_object(object: &Object, out: &mut String, escape: Escape) {
    out.push('{');
    for (index, (name, value)) in object.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(name, out, escape);
        out.push(':');
        write_value(value, out, escape);
    }
    out.push('}');
}

/// Appends `text` as a JSON string literal to `out`.
pub fn write_string(text: &str, out: &mut String, escape: Escape) {
    out.reserve(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut index = 0;
    loop {
        index = skip_plain_words(bytes, index, escape);
        let Some(&byte) = bytes.get(index) else {
            break;
        };
        let plain = byte != b'"'
            && byte != b'\\'
            && byte >= 0x20
            && (escape == Escape::Utf8 || byte < 0x7f);
        if plain {
            index += 1;
            continue;
        }
        // `index` starts a character: plain bytes are ASCII or, for `Escape::Utf8`, whole
        // characters, and an escaped character is skipped whole.
        out.push_str(&text[start..index]);
        let c = text[index..].chars().next().unwrap_or_default();
        index += c.len_utf8();
        start = index;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            _ => {
                let mut units = [0u16; 2];
                for &unit in c.encode_utf16(&mut units).iter() {
                    push_unicode_escape(unit, out);
                }
            }
        }
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Returns the first index from `index` on, in steps of eight bytes, where the next eight
/// bytes are not all plain: printable ASCII other than `"` and `\\`, or for `Escape::Utf8` also
/// any byte from 0x7f up.
fn skip_plain_words(bytes: &[u8], mut index: usize, escape: Escape) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Each test shows exactly whether some byte of the word matches. `(x - ONES) & !x & HIGHS`
    // flags a zero byte, and `word - 0x20` per byte flags a byte below 0x20. `(word + 1) | word`
    // per byte flags a byte from 0x7f up, because a carry only leaves a byte flagged already.
    while let Some(chunk) = bytes.get(index..index + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let mut stops = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        if escape == Escape::Ascii {
            stops |= word.wrapping_add(ONES) | word;
        }
        if stops & HIGHS != 0 {
            break;
        }
        index += 8;
    }
    index
}

/// Appends `\uXXXX` with lowercase hex digits, as `JSON.stringify` and `json.dumps` write it.
fn push_unicode_escape(unit: u16, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn parse_keeps_big_integers_exact() {
        let value = parse(br#"{"id":123456789012345678901234567890}"#).unwrap();
        let id = value
            .as_object()
            .unwrap()
            .get("id")
            .unwrap()
            .as_number()
            .unwrap();
        assert_eq!(id.as_str(), "123456789012345678901234567890");
    }

    #[test]
    fn parse_rejects_nested_duplicate() {
        let err = parse(br#"{"a":{"b":1,"b":2}}"#).unwrap_err();
        assert_eq!(err, Error::DuplicateMember { name: "b".into() });
    }

    #[test]
    fn parse_rejects_duplicate_in_large_object() {
        let mut text = String::from("{");
        for index in 0..40 {
            let _ = write!(text, "\"m{index}\":{index},");
        }
        text.push_str("\"m7\":0}");
        let err = parse(text.as_bytes()).unwrap_err();
        assert_eq!(err.code(), "ERR_JSON_DUPLICATE_MEMBER");
    }

    #[test]
    fn parse_replaces_lone_surrogates_in_values() {
        let cases = [
            (r#""\ud800""#, "\u{FFFD}"),
            (r#""\udc00""#, "\u{FFFD}"),
            (r#""\ud800\u0041""#, "\u{FFFD}A"),
            (r#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
            (r#""\ud800\ud83d\ude00x""#, "\u{FFFD}\u{1F600}x"),
            (r#""Anna \ud83d""#, "Anna \u{FFFD}"),
            (r#""\ud83d\ude00""#, "\u{1F600}"),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse(text.as_bytes()).unwrap(),
                Value::from(expected),
                "{text}"
            );
        }
        let object = parse(br#"{"a":["\udfff"],"b":"\ud800"}"#).unwrap();
        assert_eq!(
            object.to_json(),
            "{\"a\":[\"\u{FFFD}\"],\"b\":\"\u{FFFD}\"}"
        );
    }

    #[test]
    fn parse_rejects_lone_surrogates_in_names() {
        for text in [r#"{"\ud800":1}"#, r#"{"a":{"x\udc00":1}}"#] {
            let err = parse(text.as_bytes()).unwrap_err();
            assert_eq!(err.code(), "ERR_JSON_INVALID", "{text}");
            assert!(
                err.to_string()
                    .contains("lone surrogate escape in a member name"),
                "{err}"
            );
        }
        // A pair in a name is one character.
        let object = parse(br#"{"\ud83d\ude00":1}"#).unwrap();
        assert!(object.as_object().unwrap().get("\u{1F600}").is_some());
    }

    #[test]
    fn parse_rejects_surrogates_in_utf8() {
        for text in [&b"\"\xed\xa0\x80\""[..], b"\"\xed\xa0\xbd\xed\xb8\x80\""] {
            assert_eq!(parse(text).unwrap_err().code(), "ERR_JSON_INVALID");
        }
    }

    #[test]
    fn parse_rejects_non_json_numbers() {
        for text in ["NaN", "Infinity", "-", "01", "1.", ".5", "1e", "+1", "0x10"] {
            assert!(parse(text.as_bytes()).is_err(), "{text}");
        }
    }

    #[test]
    fn parse_bounds_depth() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().code(),
            "ERR_JSON_INVALID"
        );
        let ok = format!(
            "{}{}",
            "[".repeat(DEFAULT_MAX_DEPTH),
            "]".repeat(DEFAULT_MAX_DEPTH)
        );
        assert!(parse(ok.as_bytes()).is_ok());
        let over = format!(
            "{}{}",
            "[".repeat(DEFAULT_MAX_DEPTH + 1),
            "]".repeat(DEFAULT_MAX_DEPTH + 1)
        );
        assert!(parse(over.as_bytes()).is_err());
    }

    #[test]
    fn parse_rejects_invalid_utf8() {
        assert_eq!(
            parse(b"\"\xc3\x28\"").unwrap_err().code(),
            "ERR_JSON_INVALID"
        );
        assert_eq!(
            parse(b"\"\xc0\xaf\"").unwrap_err().code(),
            "ERR_JSON_INVALID"
        );
    }

    #[test]
    fn write_escapes_like_json_stringify() {
        let value = Value::from("a\"\\\n\u{1}\u{7f}Д\u{2028}");
        assert_eq!(value.to_json(), "\"a\\\"\\\\\\n\\u0001\u{7f}Д\u{2028}\"");
    }

    #[test]
    fn write_ascii_escapes_like_python() {
        let mut out = String::new();
        write_string("Д\u{7f}\u{1F600}/", &mut out, Escape::Ascii);
        assert_eq!(out, "\"\\u0414\\u007f\\ud83d\\ude00/\"");
    }

    /// Writes `text` one character at a time: the definition that `write_string` must match.
    fn reference_string(text: &str, escape: Escape) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            let plain = match escape {
                Escape::Utf8 => c != '"' && c != '\\' && c >= ' ',
                Escape::Ascii => c != '"' && c != '\\' && (' '..='~').contains(&c),
            };
            match c {
                _ if plain => out.push(c),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn write_string_matches_reference() {
        let samples = [
            "",
            "plain ascii",
            "quote\" backslash\\ slash/",
            "\u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f} \u{7e}\u{7f}\u{80}",
            "Квартальный отчёт — продажи",
            "Łukasz Wiśniewski, Île-de-France, Groß",
            "\u{2028}\u{2029}\u{feff}\u{fffd}\u{10000}\u{1F600}\u{10FFFF}",
            "mixed: a\"é\\\u{1F600}\n\u{7f}z",
        ];
        for text in samples {
            for escape in [Escape::Utf8, Escape::Ascii] {
                let mut out = String::new();
                write_string(text, &mut out, escape);
                assert_eq!(out, reference_string(text, escape), "{text:?} {escape:?}");
            }
        }
        // Every seventh code point up to U+10000, and two above, in one string.
        let all: String = (0..=0x1_0000_u32)
            .step_by(7)
            .chain([0x0001_F600, 0x0010_FFFF])
            .filter_map(char::from_u32)
            .collect();
        for escape in [Escape::Utf8, Escape::Ascii] {
            let mut out = String::new();
            write_string(&all, &mut out, escape);
            assert_eq!(out, reference_string(&all, escape));
        }
    }

    #[test]
    fn write_string_finds_escapes_at_every_offset() {
        // Plain runs are skipped eight bytes at a time; a character to escape, or a non-ASCII
        // one, at any offset must still be seen.
        for special in [
            '"',
            '\\',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            'é',
            '\u{1F600}',
        ] {
            for offset in 0..24 {
                let text = format!("{}{special}{}", "a".repeat(offset), "~".repeat(offset));
                for escape in [Escape::Utf8, Escape::Ascii] {
                    let mut out = String::new();
                    write_string(&text, &mut out, escape);
                    assert_eq!(out, reference_string(&text, escape), "{text:?} {escape:?}");
                }
            }
        }
    }

    #[test]
    fn round_trip_keeps_order() {
        let text = r#"{"z":1,"a":[true,false,null,"x",-0.5e-3],"m":{}}"#;
        assert_eq!(parse(text.as_bytes()).unwrap().to_json(), text);
    }
}
