//! A strict JSON reader and a compact writer.
//!
//! The reader follows RFC 8259 and adds the rules a token verifier needs: duplicate member
//! names are rejected at any depth, nesting depth is bounded, lone surrogate escapes and
//! invalid UTF-8 are rejected, and numbers keep their exact text so that integers of any size
//! survive. Objects keep their member order.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::error::{quoted, Error, Result};

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
    /// A string.
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
        let mut reader = Reader::new(text.as_bytes(), 1);
        let number = reader.number()?;
        if reader.pos != text.len() {
            return Err(Error::json(format!(
                "{} is not a JSON number",
                quoted(text)
            )));
        }
        Ok(number)
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
    let text = std::str::from_utf8(input)
        .map_err(|err| Error::json(format!("invalid UTF-8 at byte {}", err.valid_up_to())))?;
    let mut reader = Reader::new(text.as_bytes(), max_depth);
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos != input.len() {
        return Err(reader.error("unexpected data after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl<'a> Reader<'a> {
    fn new(input: &'a [u8], max_depth: usize) -> Self {
        Self {
            input,
            pos: 0,
            max_depth,
        }
    }

    fn error(&self, what: &str) -> Error {
        Error::json(format!("{what} at byte {}", self.pos))
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &[u8]) -> Result<()> {
        if self.input[self.pos..].starts_with(literal) {
            self.pos += literal.len();
            Ok(())
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth + 1).map(Value::Object),
            Some(b'[') => self.array(depth + 1).map(Value::Array),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't') => self.expect_literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.expect_literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.expect_literal(b"null").map(|()| Value::Null),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<()> {
        if depth > self.max_depth {
            return Err(Error::json(format!(
                "nesting deeper than {} levels at byte {}",
                self.max_depth, self.pos
            )));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Object> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut object = Object::new();
        let mut seen: Option<HashSet<String>> = None;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(object);
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let name = self.string()?;
            check_duplicate(&object, &mut seen, &name)?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            object.push_unchecked(name, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(object);
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value>> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("invalid number: digits expected after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number: digits expected in the exponent"));
            }
        }
        let text = std::str::from_utf8(&self.input[start..self.pos])
            .unwrap_or_else(|_| unreachable!("number text is ASCII"));
        Ok(Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u16> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("truncated \\u escape"))?;
        let mut value = 0u16;
        for &digit in digits {
            let nibble = (digit as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + nibble as u16;
        }
        self.pos += 4;
        Ok(value)
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(kind) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        let c = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn unicode_escape(&mut self, out: &mut String) -> Result<()> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.input[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("lone surrogate escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate escape")),
            other => u32::from(other),
        };
        out.push(char::from_u32(code).unwrap_or_else(|| unreachable!("valid scalar value")));
        Ok(())
    }

    fn string(&mut self) -> Result<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input was checked as UTF-8 and the run stops only at ASCII bytes.
            out.push_str(
                std::str::from_utf8(&self.input[start..self.pos])
                    .unwrap_or_else(|_| unreachable!("input is UTF-8")),
            );
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }
}

/// Objects up to this many members are checked for duplicates by a linear scan.
const LINEAR_SCAN_MAX: usize = 16;

fn check_duplicate(object: &Object, seen: &mut Option<HashSet<String>>, name: &str) -> Result<()> {
    let duplicate = if object.len() < LINEAR_SCAN_MAX {
        object.contains(name)
    } else {
        let set =
            seen.get_or_insert_with(|| object.iter().map(|(key, _)| key.to_owned()).collect());
        !set.insert(name.to_owned())
    };
    if duplicate {
        return Err(Error::DuplicateMember {
            name: name.to_owned(),
        });
    }
    Ok(())
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
    out.push('"');
    let mut start = 0;
    for (index, c) in text.char_indices() {
        let plain = match escape {
            Escape::Utf8 => c != '"' && c != '\\' && c >= ' ',
            Escape::Ascii => c != '"' && c != '\\' && (' '..='~').contains(&c),
        };
        if plain {
            continue;
        }
        out.push_str(&text[start..index]);
        start = index + c.len_utf8();
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
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
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
    fn parse_rejects_lone_surrogates() {
        for text in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#] {
            assert_eq!(
                parse(text.as_bytes()).unwrap_err().code(),
                "ERR_JSON_INVALID",
                "{text}"
            );
        }
        assert_eq!(
            parse(br#""\ud83d\ude00""#).unwrap(),
            Value::from("\u{1F600}")
        );
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

    #[test]
    fn round_trip_keeps_order() {
        let text = r#"{"z":1,"a":[true,false,null,"x",-0.5e-3],"m":{}}"#;
        assert_eq!(parse(text.as_bytes()).unwrap().to_json(), text);
    }
}
