//! Python `str` values read as UTF-8, with a typed failure for strings that are not valid
//! Unicode.
//!
//! A Python `str` may contain lone surrogate code points (U+D800 to U+DFFF), for example from
//! `json.loads('"\\ud800"')` or from bytes decoded with `errors="surrogateescape"`. UTF-8
//! cannot encode them, so every public function turns them into the library's own coded
//! exception instead of letting `UnicodeEncodeError` escape.

use std::borrow::Cow;
use std::fmt;

use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The first lone surrogate of a `str` that is not valid Unicode.
#[derive(Debug, Clone, Copy)]
pub struct NotUnicode {
    /// The surrogate code point, or `None` when it could not be located.
    code_point: Option<u32>,
    /// Its index in the string, counted in code points as Python counts them.
    index: usize,
}

impl fmt::Display for NotUnicode {
    /// Writes "is not valid Unicode: it contains the lone surrogate U+D800 at index 3".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code_point {
            Some(code_point) => write!(
                f,
                "is not valid Unicode: it contains the lone surrogate U+{code_point:04X} at index {}",
                self.index
            ),
            None => f.write_str("is not valid Unicode: it contains a lone surrogate"),
        }
    }
}

/// Reads `text` as UTF-8. A string with a lone surrogate raises the exception that
/// `not_unicode` builds; other failures, such as `MemoryError`, propagate unchanged.
pub fn utf8<'a>(
    text: &'a Bound<'_, PyString>,
    not_unicode: impl FnOnce(NotUnicode) -> PyErr,
) -> PyResult<Cow<'a, str>> {
    match text.to_cow() {
        Ok(utf8) => Ok(utf8),
        Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(text.py()) => {
            Err(not_unicode(locate_surrogate(text)))
        }
        Err(err) => Err(err),
    }
}

/// Finds the first surrogate code point of `text`, which the caller knows has one.
fn locate_surrogate(text: &Bound<'_, PyString>) -> NotUnicode {
    let unknown = NotUnicode {
        code_point: None,
        index: 0,
    };
    let py = text.py();
    // UTF-32 gives every code point, surrogates included, as one 4-byte unit.
    let Ok(encoded) = text.call_method1(
        intern!(py, "encode"),
        (intern!(py, "utf-32-le"), intern!(py, "surrogatepass")),
    ) else {
        return unknown;
    };
    let Ok(bytes) = encoded.cast::<PyBytes>() else {
        return unknown;
    };
    bytes
        .as_bytes()
        .chunks_exact(4)
        .map(|unit| u32::from_le_bytes([unit[0], unit[1], unit[2], unit[3]]))
        .enumerate()
        .find(|(_, code_point)| (0xD800..=0xDFFF).contains(code_point))
        .map_or(unknown, |(index, code_point)| NotUnicode {
            code_point: Some(code_point),
            index,
        })
}

/// Returns the name of the type of `value`, such as `int`, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |name| name.to_string())
}

/// Returns Python's `repr` of `text`, such as `'Bearer '`, for the `repr` of classes.
pub fn python_repr(py: Python<'_>, text: &str) -> String {
    PyString::new(py, text)
        .repr()
        .map_or_else(|_| format!("{text:?}"), |repr| repr.to_string())
}
