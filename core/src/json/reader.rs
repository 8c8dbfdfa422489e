//! The strict JSON reader, generic over the representation it builds.
//!
//! The reader enforces every rule of the crate's JSON (RFC 8259 syntax, UTF-8, no duplicate
//! member names, no lone surrogate escapes in member names, bounded depth) and hands each
//! accepted value to a [`Build`] implementation. [`super::parse`] builds [`Value`]s; a language
//! binding builds its own objects directly, without a [`Value`] tree in between, and still gets
//! the same rules.
//!
//! A string value may contain lone surrogate escapes, such as `"\ud800"` or a low surrogate
//! escape with no high surrogate before it, as `JSON.parse` and Python's `json.loads` accept
//! them: `JSON.stringify` writes them for a JavaScript string cut inside a surrogate pair.
//! A Rust string cannot hold a surrogate, so [`Build::string`] receives each one as U+FFFD;
//! a builder that can hold them overrides [`Build::string_with_lone_surrogates`]. Surrogates
//! encoded directly in the UTF-8 bytes (ED A0 80) are invalid UTF-8 and stay rejected.

use std::collections::HashSet;

use super::{Number, Object, Value};
use crate::error::{Error, Result};

/// Builds values from what the strict reader accepts.
///
/// The reader calls these methods in document order. It has already checked the syntax, the
/// depth and duplicate member names, so an implementation only converts.
pub trait Build {
    /// Any JSON value.
    type Value;
    /// An array being filled.
    type Array;
    /// An object being filled.
    type Object;
    /// The error type of the reader and the builder; the reader's own errors convert into it.
    type Error: From<Error>;

    /// Builds `null`.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn null(&mut self) -> Result<Self::Value, Self::Error>;

    /// Builds `true` or `false`.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn boolean(&mut self, value: bool) -> Result<Self::Value, Self::Error>;

    /// Builds a number from its JSON text; `integer` is `true` when the text has no fraction
    /// and no exponent.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn number(&mut self, text: &str, integer: bool) -> Result<Self::Value, Self::Error>;

    /// Builds a string from its decoded text.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn string(&mut self, text: &str) -> Result<Self::Value, Self::Error>;

    /// Builds a string value that has at least one lone surrogate escape.
    ///
    /// `escaped` is the JSON text of the string between its quotes, with escapes not decoded.
    /// `replaced` is its decoded text, each lone surrogate replaced by U+FFFD. The default
    /// builds `replaced` with [`Build::string`]. A builder whose strings can hold
    /// lone surrogates, as JavaScript and Python strings can, decodes `escaped` itself.
    /// Member names never come here: the reader rejects lone surrogate escapes in them.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn string_with_lone_surrogates(
        &mut self,
        escaped: &str,
        replaced: &str,
    ) -> Result<Self::Value, Self::Error> {
        let _ = escaped;
        self.string(replaced)
    }

    /// Starts an array.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn start_array(&mut self) -> Result<Self::Array, Self::Error>;

    /// Appends an item to an array.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn push(&mut self, array: &mut Self::Array, item: Self::Value) -> Result<(), Self::Error>;

    /// Finishes an array.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn end_array(&mut self, array: Self::Array) -> Result<Self::Value, Self::Error>;

    /// Starts an object.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn start_object(&mut self) -> Result<Self::Object, Self::Error>;

    /// Adds a member to an object. The reader has already rejected a repeated `name`.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn insert(
        &mut self,
        object: &mut Self::Object,
        name: &str,
        value: Self::Value,
    ) -> Result<(), Self::Error>;

    /// Finishes an object.
    ///
    /// # Errors
    /// Whatever the builder fails with.
    fn end_object(&mut self, object: Self::Object) -> Result<Self::Value, Self::Error>;
}

/// Builds [`Value`]s, for [`super::parse`].
pub(crate) struct ValueBuilder;

impl Build for ValueBuilder {
    type Value = Value;
    type Array = Vec<Value>;
    type Object = Object;
    type Error = Error;

    fn null(&mut self) -> Result<Value> {
        Ok(Value::Null)
    }

    fn boolean(&mut self, value: bool) -> Result<Value> {
        Ok(Value::Bool(value))
    }

    fn number(&mut self, text: &str, _integer: bool) -> Result<Value> {
        Ok(Value::Number(Number(text.to_owned())))
    }

    fn string(&mut self, text: &str) -> Result<Value> {
        Ok(Value::String(text.to_owned()))
    }

    fn start_array(&mut self) -> Result<Vec<Value>> {
        Ok(Vec::new())
    }

    fn push(&mut self, array: &mut Vec<Value>, item: Value) -> Result<()> {
        array.push(item);
        Ok(())
    }

    fn end_array(&mut self, array: Vec<Value>) -> Result<Value> {
        Ok(Value::Array(array))
    }

    fn start_object(&mut self) -> Result<Object> {
        Ok(Object::new())
    }

    fn insert(&mut self, object: &mut Object, name: &str, value: Value) -> Result<()> {
        object.push_unchecked(name.to_owned(), value);
        Ok(())
    }

    fn end_object(&mut self, object: Object) -> Result<Value> {
        Ok(Value::Object(object))
    }
}

/// Builds nothing, for reading JSON only to check it or to capture some members.
pub(crate) struct NullBuilder;

impl Build for NullBuilder {
    type Value = ();
    type Array = ();
    type Object = ();
    type Error = Error;

    fn null(&mut self) -> Result<()> {
        Ok(())
    }

    fn boolean(&mut self, _value: bool) -> Result<()> {
        Ok(())
    }

    fn number(&mut self, _text: &str, _integer: bool) -> Result<()> {
        Ok(())
    }

    fn string(&mut self, _text: &str) -> Result<()> {
        Ok(())
    }

    fn start_array(&mut self) -> Result<()> {
        Ok(())
    }

    fn push(&mut self, (): &mut (), (): ()) -> Result<()> {
        Ok(())
    }

    fn end_array(&mut self, (): ()) -> Result<()> {
        Ok(())
    }

    fn start_object(&mut self) -> Result<()> {
        Ok(())
    }

    fn insert(&mut self, (): &mut (), _name: &str, (): ()) -> Result<()> {
        Ok(())
    }

    fn end_object(&mut self, (): ()) -> Result<()> {
        Ok(())
    }
}

/// Parses strict JSON text into the representation `builder` makes, rejecting nesting deeper
/// than `max_depth`.
///
/// # Errors
/// The reader's errors as for [`super::parse_with_depth`], converted into `B::Error`, and
/// the builder's own errors.
pub fn parse_into<B: Build>(
    input: &[u8],
    max_depth: usize,
    builder: &mut B,
) -> Result<B::Value, B::Error> {
    parse_labelled_into(input, max_depth, "", builder)
}

/// Parses JSON text as [`parse_into`] does, and names the input `label` in messages, as in
/// "the callback body: unexpected data after the JSON value at byte 190".
///
/// # Errors
/// As [`parse_into`].
pub(crate) fn parse_labelled_into<B: Build>(
    input: &[u8],
    max_depth: usize,
    label: &str,
    builder: &mut B,
) -> Result<B::Value, B::Error> {
    let mut reader = Reader::new(input, max_depth, label)?;
    reader.skip_whitespace();
    let value = reader.value(builder, 0, None)?;
    reader.finish()?;
    Ok(value)
}

/// Parses a JSON object into `builder`'s representation and also returns, as an [`Object`],
/// the top-level members whose names `keep` accepts.
///
/// `label` names the input in messages ("payload", "header"), as in "the payload: invalid
/// literal at byte 3" and "the payload is an array, expected a JSON object".
///
/// # Errors
/// As [`parse_into`], and [`Error::JsonInvalid`] when the value is not an object.
pub(crate) fn parse_object_into<B: Build>(
    input: &[u8],
    label: &str,
    max_depth: usize,
    builder: &mut B,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(B::Value, Object), B::Error> {
    let mut reader = Reader::new(input, max_depth, label)?;
    reader.skip_whitespace();
    if reader.peek() != Some(b'{') {
        // Read the value anyway, so that invalid JSON reports its own error first.
        let value = reader.value(&mut ValueBuilder, 0, None)?;
        reader.finish()?;
        let found = value.type_name();
        return Err(Error::json(format!("the {label} is {found}, expected a JSON object")).into());
    }
    let mut captured = Object::new();
    let mut capture = |name: &str, text: &str| -> Result<()> {
        if keep(name) {
            let value = match scalar_value(text) {
                Some(value) => value,
                None => parse_into(text.as_bytes(), max_depth, &mut ValueBuilder)?,
            };
            captured.push_unchecked(name.to_owned(), value);
        }
        Ok(())
    };
    let value = reader.object(builder, 1, Some(&mut capture))?;
    reader.finish()?;
    Ok((value, captured))
}

/// Returns `true` for the whitespace of JSON (RFC 8259): space, tab, line feed, carriage return.
pub(crate) fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Reads a JSON object and returns the name and the exact JSON text of each top-level member,
/// in document order, escapes as written.
///
/// # Errors
/// As [`parse_object_into`].
pub(crate) fn member_texts(input: &[u8], max_depth: usize) -> Result<Vec<(String, String)>> {
    let mut members = Vec::new();
    let mut collect = |name: &str, text: &str| -> Result<()> {
        members.push((name.to_owned(), text.to_owned()));
        Ok(())
    };
    let mut reader = Reader::new(input, max_depth, "")?;
    reader.skip_whitespace();
    if reader.peek() != Some(b'{') {
        return Err(Error::json("expected a JSON object"));
    }
    reader.object(&mut NullBuilder, 1, Some(&mut collect))?;
    reader.finish()?;
    Ok(members)
}

/// Builds the [`Value`] of JSON text that the reader has already accepted without a second
/// parse. Returns `None` unless the text is a number, a literal or a string without escapes.
fn scalar_value(text: &str) -> Option<Value> {
    match text.as_bytes().first()? {
        b'-' | b'0'..=b'9' => Some(Value::Number(Number(text.to_owned()))),
        b't' => Some(Value::Bool(true)),
        b'f' => Some(Value::Bool(false)),
        b'n' => Some(Value::Null),
        b'"' if !text.contains('\\') => {
            let inner = text.get(1..text.len() - 1)?;
            Some(Value::String(inner.to_owned()))
        }
        _ => None,
    }
}

/// Returns the start of an error message about the input named `label`: "the payload: ".
fn message_prefix(label: &str) -> String {
    if label.is_empty() {
        String::new()
    } else {
        format!("the {label}: ")
    }
}

/// Receives the name and the exact text of each top-level member value.
type Capture<'c> = dyn FnMut(&str, &str) -> Result<()> + 'c;

/// A decoded string: a span of the input when it has no escapes, otherwise the reader's
/// scratch buffer.
#[derive(Clone, Copy)]
enum Text {
    Span(usize, usize),
    Scratch,
}

/// A member name kept for the duplicate check of its object.
enum Name {
    Span(usize, usize),
    Owned(String),
}

/// The member names seen so far in one object, for the duplicate check.
#[derive(Default)]
struct Seen {
    /// One bit per name of the object's first members.
    bits: u64,
    /// Every name, once the object has `LINEAR_SCAN_MAX` members.
    names: Option<HashSet<String>>,
}

/// Objects up to this many members are checked for duplicates by a linear scan.
const LINEAR_SCAN_MAX: usize = 16;

pub(super) struct Reader<'a> {
    text: &'a str,
    input: &'a [u8],
    pub(super) pos: usize,
    max_depth: usize,
    /// The name of the input in error messages ("payload", "header"), or empty.
    label: &'a str,
    /// Decoded text of the last string that had escapes.
    scratch: String,
    /// The end position of the first lone surrogate escape in the last string that had
    /// escapes, if that string has one.
    lone_surrogate: Option<usize>,
    /// Member names of the objects being read, outermost first.
    names: Vec<Name>,
}

impl<'a> Reader<'a> {
    /// Creates a reader over `input`, which must be UTF-8. `label` names the input in error
    /// messages, or is empty.
    pub(super) fn new(input: &'a [u8], max_depth: usize, label: &'a str) -> Result<Self> {
        let text = std::str::from_utf8(input).map_err(|err| {
            Error::json(format!(
                "{}invalid UTF-8 at byte {}",
                message_prefix(label),
                err.valid_up_to()
            ))
        })?;
        Ok(Self {
            text,
            input,
            pos: 0,
            max_depth,
            label,
            scratch: String::new(),
            lone_surrogate: None,
            names: Vec::new(),
        })
    }

    fn error(&self, problem: &str) -> Error {
        Error::json(format!(
            "{}{problem} at byte {}",
            message_prefix(self.label),
            self.pos
        ))
    }

    /// Checks that only whitespace follows the value.
    fn finish(&mut self) -> Result<()> {
        self.skip_whitespace();
        if self.pos != self.input.len() {
            return Err(self.error("unexpected data after the JSON value"));
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(is_whitespace) {
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

    fn value<B: Build>(
        &mut self,
        builder: &mut B,
        depth: usize,
        capture: Option<&mut Capture<'_>>,
    ) -> Result<B::Value, B::Error> {
        match self.peek() {
            None => Err(self.error("unexpected end of input").into()),
            Some(b'{') => self.object(builder, depth + 1, capture),
            Some(b'[') => self.array(builder, depth + 1),
            Some(b'"') => {
                let start = self.pos + 1;
                let text = self.string()?;
                if matches!(text, Text::Scratch) && self.lone_surrogate.is_some() {
                    return self.string_with_lone_surrogates(builder, start);
                }
                builder.string(self.text_of(text))
            }
            Some(b'-' | b'0'..=b'9') => {
                let (start, integer) = self.number()?;
                builder.number(&self.text[start..self.pos], integer)
            }
            Some(b't') => {
                self.expect_literal(b"true")?;
                builder.boolean(true)
            }
            Some(b'f') => {
                self.expect_literal(b"false")?;
                builder.boolean(false)
            }
            Some(b'n') => {
                self.expect_literal(b"null")?;
                builder.null()
            }
            Some(_) => Err(self.error("unexpected character").into()),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<()> {
        if depth > self.max_depth {
            return Err(Error::json(format!(
                "{}nesting deeper than {} levels at byte {}",
                message_prefix(self.label),
                self.max_depth,
                self.pos
            )));
        }
        Ok(())
    }

    /// Reads an object. With `capture`, each member's name and value text are also passed to it.
    fn object<B: Build>(
        &mut self,
        builder: &mut B,
        depth: usize,
        mut capture: Option<&mut Capture<'_>>,
    ) -> Result<B::Value, B::Error> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut object = builder.start_object()?;
        if self.names.capacity() == 0 {
            // One allocation for the names of most documents, and none for a scalar.
            self.names.reserve(16);
        }
        let first = self.names.len();
        let mut seen = Seen::default();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return builder.end_object(object);
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name").into());
            }
            let name = match self.string()? {
                Text::Span(start, end) => Name::Span(start, end),
                Text::Scratch => {
                    if let Some(at) = self.lone_surrogate {
                        return Err(self.lone_surrogate_in_name(at).into());
                    }
                    Name::Owned(self.scratch.clone())
                }
            };
            self.check_duplicate(first, &mut seen, &name)?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'").into());
            }
            self.pos += 1;
            self.skip_whitespace();
            let value_start = self.pos;
            let value = self.value(builder, depth, None)?;
            if let Some(capture) = capture.as_deref_mut() {
                capture(self.name_of(&name), &self.text[value_start..self.pos])?;
            }
            builder.insert(&mut object, self.name_of(&name), value)?;
            self.names.push(name);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.names.truncate(first);
                    return builder.end_object(object);
                }
                _ => return Err(self.error("expected ',' or '}'").into()),
            }
        }
    }

    /// Builds the string value that starts at `start` and ends just before `self.pos`, which
    /// has a lone surrogate escape. Kept out of line, off the path of other strings.
    #[cold]
    #[inline(never)]
    fn string_with_lone_surrogates<B: Build>(
        &self,
        builder: &mut B,
        start: usize,
    ) -> Result<B::Value, B::Error> {
        builder.string_with_lone_surrogates(&self.text[start..self.pos - 1], &self.scratch)
    }

    /// Returns the error for a member name with a lone surrogate escape that ends at byte `at`.
    #[cold]
    fn lone_surrogate_in_name(&self, at: usize) -> Error {
        Error::json(format!(
            "{}lone surrogate escape in a member name at byte {at}",
            message_prefix(self.label),
        ))
    }

    fn name_of<'n>(&'n self, name: &'n Name) -> &'n str {
        match name {
            Name::Span(start, end) => &self.text[*start..*end],
            Name::Owned(text) => text,
        }
    }

    /// Returns the bytes of `name`, without the character boundary checks of [`Reader::name_of`].
    fn name_bytes<'n>(&'n self, name: &'n Name) -> &'n [u8] {
        match name {
            Name::Span(start, end) => self.input.get(*start..*end).unwrap_or_default(),
            Name::Owned(text) => text.as_bytes(),
        }
    }

    /// Rejects `name` when the object that starts at `names[first]` already has it.
    #[inline]
    fn check_duplicate(&self, first: usize, seen: &mut Seen, name: &Name) -> Result<()> {
        let earlier = &self.names[first..];
        if earlier.len() >= LINEAR_SCAN_MAX {
            return self.check_duplicate_in_set(earlier, seen, name);
        }
        // One bit per name, chosen by its length and its first and last bytes: a name
        // whose bit is not set yet cannot be a repeat, so most names skip the scan.
        let text = self.name_bytes(name);
        let summary = text.len() * 7
            + usize::from(text.first().copied().unwrap_or(0)) * 3
            + usize::from(text.last().copied().unwrap_or(0));
        let bit = 1u64 << (summary % 64);
        let maybe_seen = seen.bits & bit != 0;
        seen.bits |= bit;
        if maybe_seen && earlier.iter().any(|other| self.name_bytes(other) == text) {
            return Err(self.duplicate_error(name));
        }
        Ok(())
    }

    /// Rejects `name` when a large object already has it, using a set of its names. Kept out of
    /// line so that the small-object check above stays small enough to inline.
    #[inline(never)]
    fn check_duplicate_in_set(&self, earlier: &[Name], seen: &mut Seen, name: &Name) -> Result<()> {
        let text = self.name_of(name);
        let set = seen.names.get_or_insert_with(|| {
            earlier
                .iter()
                .map(|other| self.name_of(other).to_owned())
                .collect()
        });
        if set.insert(text.to_owned()) {
            Ok(())
        } else {
            Err(self.duplicate_error(name))
        }
    }

    #[cold]
    fn duplicate_error(&self, name: &Name) -> Error {
        Error::DuplicateMember {
            name: self.name_of(name).to_owned(),
        }
    }

    fn array<B: Build>(&mut self, builder: &mut B, depth: usize) -> Result<B::Value, B::Error> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut array = builder.start_array()?;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return builder.end_array(array);
        }
        loop {
            self.skip_whitespace();
            let item = self.value(builder, depth, None)?;
            builder.push(&mut array, item)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return builder.end_array(array);
                }
                _ => return Err(self.error("expected ',' or ']'").into()),
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

    /// Reads a number; returns where its text starts and whether it is an integer.
    pub(super) fn number(&mut self) -> Result<(usize, bool)> {
        let start = self.pos;
        let mut integer = true;
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
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("invalid number: digits expected after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number: digits expected in the exponent"));
            }
        }
        Ok((start, integer))
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

    /// Decodes a `\\u` escape whose `u` is just behind `self.pos`. A high surrogate followed
    /// by an escaped low surrogate is one character. Any other surrogate is lone: it becomes
    /// U+FFFD and is noted in `self.lone_surrogate`, and an escape after it is read on its own,
    /// as `JSON.parse` and `json.loads` read it.
    fn unicode_escape(&mut self, out: &mut String) -> Result<()> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                let after_first = self.pos;
                let second = if self.input[self.pos..].starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4()?
                } else {
                    0
                };
                if (0xDC00..=0xDFFF).contains(&second) {
                    0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
                } else {
                    self.pos = after_first;
                    self.lone_surrogate.get_or_insert(after_first);
                    0xFFFD
                }
            }
            0xDC00..=0xDFFF => {
                self.lone_surrogate.get_or_insert(self.pos);
                0xFFFD
            }
            other => u32::from(other),
        };
        out.push(char::from_u32(code).unwrap_or_else(|| unreachable!("valid scalar value")));
        Ok(())
    }

    /// Moves past characters that need no decoding: up to a quote, a backslash, a control
    /// character or the end of the input.
    fn skip_plain(&mut self) {
        const ONES: u64 = u64::from_le_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
        // Eight bytes at a time. `(x - ONES) & !x & HIGHS` flags each zero byte of `x`, and
        // subtracting 0x20 from each byte flags each byte below 0x20. A borrow can flag a byte
        // wrongly only above a byte that is truly flagged, so the lowest flag, found with
        // `trailing_zeros` on the little-endian word, is the first byte that stops the run.
        while let Some(chunk) = self.input.get(self.pos..self.pos + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let quote = word ^ (ONES * u64::from(b'"'));
            let backslash = word ^ (ONES * u64::from(b'\\'));
            let stops = ((quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash)
                | (word.wrapping_sub(ONES * 0x20) & !word))
                & HIGHS;
            if stops != 0 {
                self.pos += (stops.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        while let Some(byte) = self.peek() {
            if byte == b'"' || byte == b'\\' || byte < 0x20 {
                break;
            }
            self.pos += 1;
        }
    }

    /// Reads a string; its text is [`Reader::text_of`] the result.
    fn string(&mut self) -> Result<Text> {
        self.pos += 1;
        let start = self.pos;
        self.skip_plain();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(Text::Span(start, self.pos - 1));
        }
        self.string_into_scratch(start)
    }

    /// Reads the rest of a string that has an escape or an error from `self.pos` into the
    /// scratch buffer. Kept out of line so that the common string without escapes needs a
    /// small stack frame.
    #[inline(never)]
    fn string_into_scratch(&mut self, start: usize) -> Result<Text> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        self.lone_surrogate = None;
        out.push_str(&self.text[start..self.pos]);
        let result = self.string_with_escapes(&mut out);
        self.scratch = out;
        result.map(|()| Text::Scratch)
    }

    fn string_with_escapes(&mut self, out: &mut String) -> Result<()> {
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(out)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
            let start = self.pos;
            self.skip_plain();
            // The run stops only at ASCII bytes, so both ends are character boundaries.
            out.push_str(&self.text[start..self.pos]);
        }
    }

    fn text_of(&self, text: Text) -> &str {
        match text {
            Text::Span(start, end) => &self.text[start..end],
            Text::Scratch => &self.scratch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_value_matches_parse() {
        let texts = [
            "0",
            "-12.5e3",
            "1778752582",
            "true",
            "false",
            "null",
            r#""""#,
            r#""plain""#,
            r#""Jürgen""#,
        ];
        for text in texts {
            let parsed = parse_into(text.as_bytes(), 1, &mut ValueBuilder).unwrap();
            assert_eq!(scalar_value(text), Some(parsed), "{text}");
        }
    }

    #[test]
    fn plain_run_stops_at_first_stop_byte() {
        // Each stop byte at each offset of two words, after plain bytes that include the
        // smallest plain byte (0x20), DEL (0x7F) and a two-byte character.
        let plain = " \u{7f}\u{e9}abcdefghijklmnop";
        for offset in 0..16 {
            let prefix: String = plain.chars().take(offset).collect();
            for stop in (0u8..0x20).chain([b'"', b'\\']) {
                let mut text = format!("\"{prefix}").into_bytes();
                text.push(stop);
                text.extend_from_slice(b"x \"\x01");
                let mut reader = Reader::new(&text, 1, "").unwrap();
                let outcome = reader.string();
                let at = 1 + prefix.len();
                match stop {
                    b'"' => {
                        assert!(
                            matches!(outcome, Ok(Text::Span(1, end)) if end == at),
                            "{offset} {stop}"
                        );
                    }
                    b'\\' => {
                        // The backslash starts the invalid escape `\x`, reported after the `x`.
                        let err = outcome.err().unwrap().to_string();
                        let expected = format!("invalid escape at byte {}", at + 2);
                        assert!(err.contains(&expected), "{err}");
                    }
                    _ => {
                        let err = outcome.err().unwrap().to_string();
                        assert!(
                            err.contains(&format!("control character in a string at byte {at}")),
                            "{err}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn scalar_value_leaves_others_to_parser() {
        for text in [r#""a\nb""#, r#""\u00e9""#, "[1]", "{}"] {
            assert_eq!(scalar_value(text), None, "{text}");
        }
    }
}
