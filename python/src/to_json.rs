//! Python objects to JSON, written as `json.dumps(obj, separators=(",", ":"))` writes them.
//!
//! The output matches CPython's C encoder byte for byte:
//! - `ensure_ascii` escapes with lowercase hex digits;
//! - numbers as `int.__repr__` and `float.__repr__` write them, `NaN` and `Infinity` included;
//! - dict keys of type int, float, bool and None converted to strings;
//! - insertion order unless keys are sorted;
//! - "Circular reference detected" for cycles.
//!
//! Objects of any other type go through the `default` callable when one is given.

use std::fmt::Write as _;

use onlyoffice_jwt::json::{self, Escape, Number, Object, Value};
use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::text::{self, NotUnicode};

/// Deepest nesting written, as CPython's default recursion limit.
const MAX_DEPTH: usize = 1000;

/// The claims PyJWT's `encode` converts from `datetime` to integer timestamps.
const TIME_CLAIMS: [&str; 3] = ["exp", "iat", "nbf"];

/// Writes Python values as compact JSON text.
pub struct JsonWriter<'py> {
    out: String,
    default: Option<Bound<'py, PyAny>>,
    sort_keys: bool,
    /// Converts the values of top-level `exp`, `iat` and `nbf` that are not numbers, as
    /// PyJWT's `encode` converts `datetime` values.
    time_claims: Option<Bound<'py, PyAny>>,
    /// Ids of the containers on the path being written, to detect cycles.
    markers: Vec<usize>,
    /// [`JsonWriter::value_of`] replaces each lone surrogate of a `str` value by U+FFFD.
    replace_lone_surrogates: bool,
}

impl<'py> JsonWriter<'py> {
    /// Creates a writer; `default` converts objects of other types, as `json.dumps(default=...)`.
    pub fn new(default: Option<Bound<'py, PyAny>>, sort_keys: bool) -> Self {
        Self {
            out: String::with_capacity(512),
            default,
            sort_keys,
            time_claims: None,
            markers: Vec::new(),
            replace_lone_surrogates: false,
        }
    }

    /// Makes [`JsonWriter::value_of`] replace each lone surrogate of a `str` value (not of a
    /// key) by U+FFFD, as the core's reader reads a lone surrogate escape of a string value.
    pub fn replacing_lone_surrogates(mut self) -> Self {
        self.replace_lone_surrogates = true;
        self
    }

    /// Passes the values of top-level `exp`, `iat` and `nbf` that are not `int` or `float`
    /// through `convert` before writing them.
    pub fn with_time_claims(mut self, convert: Bound<'py, PyAny>) -> Self {
        self.time_claims = Some(convert);
        self
    }

    /// Returns the text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Appends `obj` as JSON.
    pub fn write(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        if self.markers.len() > MAX_DEPTH {
            return Err(PyRecursionError::new_err(
                "maximum recursion depth exceeded while encoding a JSON object",
            ));
        }
        // The exact built-in types first: they are nearly all values, and checking them
        // compares one type pointer each.
        if let Ok(text) = obj.cast_exact::<PyString>() {
            return write_py_string(text, &mut self.out);
        }
        if let Ok(number) = obj.cast_exact::<PyInt>() {
            return write_int(number, &mut self.out);
        }
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            return self.write_container(obj, |writer| writer.write_object(dict));
        }
        if let Ok(list) = obj.cast_exact::<PyList>() {
            return self.write_container(obj, |writer| writer.write_list(list));
        }
        self.write_any(obj)
    }

    /// Writes values of other types, subclasses of the built-in types included, in the order
    /// of checks of CPython's encoder.
    fn write_any(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        if obj.is_none() {
            self.out.push_str("null");
        } else if let Ok(flag) = obj.cast_exact::<PyBool>() {
            self.out
                .push_str(if flag.is_true() { "true" } else { "false" });
        } else if let Ok(text) = obj.cast::<PyString>() {
            write_py_string(text, &mut self.out)?;
        } else if let Ok(number) = obj.cast::<PyInt>() {
            write_int(number, &mut self.out)?;
        } else if let Ok(number) = obj.cast::<PyFloat>() {
            write_float(number, &mut self.out)?;
        } else if let Ok(list) = obj.cast::<PyList>() {
            self.write_container(obj, |writer| writer.write_list(list))?;
        } else if let Ok(tuple) = obj.cast::<PyTuple>() {
            self.write_container(obj, |writer| writer.write_tuple(tuple))?;
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            self.write_container(obj, |writer| writer.write_object(dict))?;
        } else {
            self.write_other(obj)?;
        }
        Ok(())
    }

    fn write_container(
        &mut self,
        obj: &Bound<'py, PyAny>,
        write: impl FnOnce(&mut Self) -> PyResult<()>,
    ) -> PyResult<()> {
        self.enter(obj)?;
        write(self)?;
        self.markers.pop();
        Ok(())
    }

    fn enter(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let id = obj.as_ptr() as usize;
        if self.markers.contains(&id) {
            return Err(PyValueError::new_err("Circular reference detected"));
        }
        self.markers.push(id);
        Ok(())
    }

    fn write_list(&mut self, list: &Bound<'py, PyList>) -> PyResult<()> {
        self.out.push('[');
        // By index, re-reading the length, because `default` may change the list.
        let mut index = 0;
        while index < list.len() {
            if index > 0 {
                self.out.push(',');
            }
            self.write(&list.get_item(index)?)?;
            index += 1;
        }
        self.out.push(']');
        Ok(())
    }

    fn write_tuple(&mut self, tuple: &Bound<'py, PyTuple>) -> PyResult<()> {
        self.out.push('[');
        for (index, item) in tuple.iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            self.write(&item)?;
        }
        self.out.push(']');
        Ok(())
    }

    fn write_object(&mut self, dict: &Bound<'py, PyDict>) -> PyResult<()> {
        self.out.push('{');
        let top_level = self.markers.len() == 1;
        if self.sort_keys {
            let items = dict.items();
            items.sort()?;
            for (index, item) in items.iter().enumerate() {
                let (key, value) = item.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()?;
                self.write_member(index, &key, &value, top_level)?;
            }
        } else {
            for (index, (key, value)) in snapshot(dict).iter().enumerate() {
                self.write_member(index, key, value, top_level)?;
            }
        }
        self.out.push('}');
        Ok(())
    }

    fn write_member(
        &mut self,
        index: usize,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        top_level: bool,
    ) -> PyResult<()> {
        if index > 0 {
            self.out.push(',');
        }
        write_key(key, &mut self.out)?;
        self.out.push(':');
        if top_level {
            if let Some(converted) = self.converted_time_claim(key, value)? {
                return self.write(&converted);
            }
        }
        self.write(value)
    }

    /// Returns the converted value of a top-level time claim that is not a number.
    fn converted_time_claim(
        &self,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(convert) = &self.time_claims else {
            return Ok(None);
        };
        if value.is_exact_instance_of::<PyInt>() || value.is_exact_instance_of::<PyFloat>() {
            return Ok(None);
        }
        let Ok(name) = key.cast::<PyString>() else {
            return Ok(None);
        };
        if !TIME_CLAIMS.contains(&&*name.to_cow()?) {
            return Ok(None);
        }
        convert.call1((value,)).map(Some)
    }

    fn write_other(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let Some(default) = self.default.clone() else {
            return Err(not_serializable(obj));
        };
        self.enter(obj)?;
        let converted = default.call1((obj,))?;
        self.write(&converted)?;
        self.markers.pop();
        Ok(())
    }

    /// Converts `obj` to a core JSON value, for the inputs of `DocumentServer`.
    ///
    /// The rules are those of [`JsonWriter::write`], except that a `str` with a lone
    /// surrogate, NaN and the infinities fail, because JSON text in UTF-8 cannot carry them,
    /// and so do two keys written as the same member name.
    pub fn value_of(&mut self, obj: &Bound<'py, PyAny>) -> Result<Value, ToJsonError> {
        if self.markers.len() > MAX_DEPTH {
            return Err(ToJsonError::not_json(
                PyRecursionError::new_err(
                    "maximum recursion depth exceeded while encoding a JSON object",
                ),
                format!("is nested more than {MAX_DEPTH} levels deep"),
            ));
        }

        if let Ok(text) = obj.cast::<PyString>() {
            if self.replace_lone_surrogates {
                return Ok(Value::String(string_value_replaced(text)?));
            }
            return Ok(Value::String(string_value(text)?));
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(flag) = obj.cast_exact::<PyBool>() {
            return Ok(Value::Bool(flag.is_true()));
        }
        if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
            let mut text = String::new();
            if let Ok(number) = obj.cast::<PyInt>() {
                write_int(number, &mut text)?;
            } else {
                write_float(obj.cast::<PyFloat>().map_err(PyErr::from)?, &mut text)?;
            }
            return match Number::from_text(&text) {
                Ok(number) => Ok(Value::Number(number)),
                Err(_) => Err(ToJsonError::NotFinite {
                    at: String::new(),
                    text,
                }),
            };
        }

        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            self.enter_value(obj)?;
            let items = self.array_value(obj);
            self.markers.pop();
            return Ok(Value::Array(items?));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            self.enter_value(obj)?;
            let object = self.object_value(dict);
            self.markers.pop();
            return Ok(Value::Object(object?));
        }

        let Some(default) = self.default.clone() else {
            let type_name = obj.get_type().name()?;
            return Err(ToJsonError::not_json(
                not_serializable(obj),
                format!("is of type {type_name}, which JSON cannot represent"),
            ));
        };
        self.enter_value(obj)?;
        let converted = default
            .call1((obj,))
            .map_err(ToJsonError::Python)
            .and_then(|converted| self.value_of(&converted));
        self.markers.pop();
        converted
    }

    fn enter_value(&mut self, obj: &Bound<'py, PyAny>) -> Result<(), ToJsonError> {
        self.enter(obj).map_err(|err| {
            ToJsonError::not_json(err, "contains itself (a circular reference)".to_owned())
        })
    }

    fn array_value(&mut self, obj: &Bound<'py, PyAny>) -> Result<Vec<Value>, ToJsonError> {
        let mut items = Vec::new();
        for (index, item) in obj.try_iter()?.enumerate() {
            let value = self
                .value_of(&item?)
                .map_err(|err| err.within(&format!("[{index}]")))?;
            items.push(value);
        }
        Ok(items)
    }

    fn object_value(&mut self, dict: &Bound<'py, PyDict>) -> Result<Object, ToJsonError> {
        let mut object = Object::new();
        for (key, value) in snapshot(dict) {
            let name = match key.cast::<PyString>() {
                Ok(text) => string_value(text).map_err(ToJsonError::in_key)?,
                Err(_) => key_text(&key).map_err(|err| {
                    let type_name = key.get_type().name().map(|name| name.to_string());
                    ToJsonError::not_json(
                        err,
                        format!(
                            "has a key of type {}, which JSON cannot represent",
                            type_name.as_deref().unwrap_or("object")
                        ),
                    )
                })?,
            };
            if object.contains(&name) {
                return Err(ToJsonError::DuplicateMember { name });
            }
            let value = self
                .value_of(&value)
                .map_err(|err| err.within(&member_path(&name)))?;
            object.insert(name, value);
        }
        Ok(object)
    }
}

/// Copies the items of `dict` before any of them is written.
///
/// Writing a value can run Python code (a `default` hook, a `tzinfo.utcoffset`, the
/// `__iter__` of a list subclass) that adds or removes keys, and pyo3's dict iterator panics
/// when the size changes under it. CPython's C encoder, which `json.dumps` and so PyJWT use,
/// also writes the items as they were when it reached the dict. Collecting runs no Python
/// code, so the dict cannot change while it is copied.
fn snapshot<'py>(dict: &Bound<'py, PyDict>) -> Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    dict.iter().collect()
}

/// Failure to convert a Python value into a JSON value for `DocumentServer`.
pub enum ToJsonError {
    /// A `str` with a lone surrogate, which JSON text in UTF-8 cannot carry.
    NotUnicode {
        /// Location of the string, such as `.users[0]`, or empty for the value itself.
        at: String,
        /// `true` when the string is a dict key at that place, not its value.
        key: bool,
        not_unicode: NotUnicode,
    },
    /// NaN, `Infinity` or `-Infinity`.
    NotFinite {
        /// Location of the number.
        at: String,
        /// The number as `json.dumps` writes it.
        text: String,
    },
    /// Two dict keys, such as `1` and `"1"`, written as the same member name.
    DuplicateMember { name: String },
    /// A value that has no JSON form: another type, a key of another type, a circular
    /// reference, or nesting deeper than `json.dumps` goes.
    NotJson {
        /// Location of the value.
        at: String,
        /// The defect, such as "is of type set, which JSON cannot represent".
        reason: String,
        /// The exception `json.dumps` raises for the same value.
        json_error: PyErr,
    },
    /// An exception raised by Python code while reading a value, such as the `__iter__` of
    /// a list subclass.
    Python(PyErr),
}

impl ToJsonError {
    fn not_json(json_error: PyErr, reason: String) -> Self {
        Self::NotJson {
            at: String::new(),
            reason,
            json_error,
        }
    }

    fn in_key(mut self) -> Self {
        if let Self::NotUnicode { key, .. } = &mut self {
            *key = true;
        }
        self
    }

    /// Prefixes the location of the failure with `step`, as the error leaves a container.
    pub fn within(mut self, step: &str) -> Self {
        match &mut self {
            Self::NotUnicode { at, .. } | Self::NotFinite { at, .. } | Self::NotJson { at, .. } => {
                at.insert_str(0, step);
            }
            Self::DuplicateMember { .. } | Self::Python(_) => {}
        }
        self
    }

    /// Describes the failure for a message, naming the value `value_name` (such as "the
    /// callback body") followed by its location.
    pub fn describe(&self, value_name: &str) -> String {
        match self {
            Self::NotUnicode {
                at,
                key: false,
                not_unicode,
            } => format!("{value_name}{} {not_unicode}", location(at)),
            Self::NotUnicode {
                at,
                key: true,
                not_unicode,
            } => format!("{value_name}{} has a key that {not_unicode}", location(at)),
            Self::NotFinite { at, text } => format!(
                "{value_name}{} is {text}, which JSON does not allow",
                location(at)
            ),
            Self::DuplicateMember { name } => {
                format!(
                    "{value_name} has two keys that are both written as the JSON member {name:?}"
                )
            }
            Self::NotJson { at, reason, .. } => format!("{value_name}{} {reason}", location(at)),
            Self::Python(err) => err.to_string(),
        }
    }
}

impl From<PyErr> for ToJsonError {
    fn from(err: PyErr) -> Self {
        Self::Python(err)
    }
}

fn location(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!(" at {at}")
    }
}

/// Writes a member step of a location: `.name` for simple names, else `["name"]`.
fn member_path(name: &str) -> String {
    let simple = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if simple {
        format!(".{name}")
    } else {
        format!("[{name:?}]")
    }
}

/// Reads a `str` value or key as UTF-8, failing for a lone surrogate.
fn string_value(text: &Bound<'_, PyString>) -> Result<String, ToJsonError> {
    let mut not_unicode = None;
    let utf8 = text::utf8(text, |found| {
        not_unicode = Some(found);
        PyValueError::new_err("not valid Unicode")
    });
    match (utf8, not_unicode) {
        (Ok(utf8), _) => Ok(utf8.into_owned()),
        (Err(_), Some(not_unicode)) => Err(ToJsonError::NotUnicode {
            at: String::new(),
            key: false,
            not_unicode,
        }),
        (Err(err), None) => Err(ToJsonError::Python(err)),
    }
}

/// Reads a `str` value as UTF-8, each lone surrogate replaced by U+FFFD.
fn string_value_replaced(text: &Bound<'_, PyString>) -> Result<String, ToJsonError> {
    if let Ok(utf8) = text::utf8(text, |_| PyValueError::new_err("not valid Unicode")) {
        return Ok(utf8.into_owned());
    }
    let py = text.py();
    let encoded = text.call_method1(
        intern!(py, "encode"),
        (intern!(py, "utf-16-le"), intern!(py, "surrogatepass")),
    )?;
    let bytes = encoded.cast::<PyBytes>().map_err(PyErr::from)?.as_bytes();
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    Ok(String::from_utf16_lossy(&units))
}

fn not_serializable(obj: &Bound<'_, PyAny>) -> PyErr {
    match obj.get_type().name() {
        Ok(type_name) => PyTypeError::new_err(format!(
            "Object of type {type_name} is not JSON serializable"
        )),
        Err(err) => err,
    }
}

/// Writes a dict key, converting the key types `json.dumps` accepts.
fn write_key(key: &Bound<'_, PyAny>, out: &mut String) -> PyResult<()> {
    if let Ok(text) = key.cast::<PyString>() {
        return write_py_string(text, out);
    }
    json::write_string(&key_text(key)?, out, Escape::Ascii);
    Ok(())
}

/// Converts a dict key of type float, bool, None or int to its JSON member name.
fn key_text(key: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut text = String::new();
    if let Ok(number) = key.cast::<PyFloat>() {
        write_float(number, &mut text)?;
    } else if let Ok(flag) = key.cast_exact::<PyBool>() {
        text.push_str(if flag.is_true() { "true" } else { "false" });
    } else if key.is_none() {
        text.push_str("null");
    } else if let Ok(number) = key.cast::<PyInt>() {
        write_int(number, &mut text)?;
    } else {
        let type_name = key.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "keys must be str, int, float, bool or None, not {type_name}"
        )));
    }
    Ok(text)
}

/// Writes a Python string with `ensure_ascii` escaping, lone surrogates included.
fn write_py_string(text: &Bound<'_, PyString>, out: &mut String) -> PyResult<()> {
    if let Ok(utf8) = text.to_cow() {
        json::write_string(&utf8, out, Escape::Ascii);
        return Ok(());
    }
    // The string contains lone surrogates, which UTF-8 cannot carry. `ensure_ascii` writes every
    // non-ASCII UTF-16 code unit as a \u escape, so writing code units gives the same text.
    let py = text.py();
    let encoded = text.call_method1(intern!(py, "encode"), ("utf-16-le", "surrogatepass"))?;
    let bytes: &[u8] = encoded.extract()?;
    out.push('"');
    for pair in bytes.chunks_exact(2) {
        let unit = u16::from_le_bytes([pair[0], pair[1]]);
        match unit {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x20..=0x7E => out.push(char::from(unit as u8)),
            _ => {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out.push('"');
    Ok(())
}

/// Writes an int as `int.__repr__` does, also for subclasses such as `IntEnum`.
fn write_int(number: &Bound<'_, PyInt>, out: &mut String) -> PyResult<()> {
    if let Ok(small) = number.extract::<i64>() {
        out.push_str(itoa::Buffer::new().format(small));
        return Ok(());
    }
    let py = number.py();
    let text = py
        .get_type::<PyInt>()
        .call_method1(intern!(py, "__repr__"), (number,))?;
    out.push_str(&text.cast::<PyString>()?.to_cow()?);
    Ok(())
}

/// Writes a float as `float.__repr__` does, with `NaN`, `Infinity` and `-Infinity` as `json` writes them.
fn write_float(number: &Bound<'_, PyFloat>, out: &mut String) -> PyResult<()> {
    let value = number.value();
    if value.is_nan() {
        out.push_str("NaN");
    } else if value.is_infinite() {
        out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
    } else if value.fract() == 0.0 && value.abs() < 1e16 {
        // Whole numbers below 1e16 are exact in an i64, and `repr` writes them as digits
        // and ".0". Other floats go through `repr`, because where two shortest forms are
        // equally close, Python and Rust pick different ones.
        if value == 0.0 && value.is_sign_negative() {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(value as i64));
        out.push_str(".0");
    } else {
        let py = number.py();
        let text = py
            .get_type::<PyFloat>()
            .call_method1(intern!(py, "__repr__"), (number,))?;
        out.push_str(&text.cast::<PyString>()?.to_cow()?);
    }
    Ok(())
}
