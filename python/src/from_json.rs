//! JSON to Python objects, as `json.loads` builds them.
//!
//! [`PyBuilder`] receives values straight from the core's strict reader, so verified claims
//! become Python objects without an intermediate tree. [`object_to_python`] converts a core
//! [`Object`] that the core already built, such as a verified callback.

use std::sync::{Mutex, MutexGuard};

use onlyoffice_jwt::json::{self, Build, Number, Object, Value};
use onlyoffice_jwt::Error;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};

use crate::errors;

/// Builds Python objects from what the core's JSON reader accepts.
pub struct PyBuilder<'py> {
    py: Python<'py>,
    names: Option<MutexGuard<'static, NameCache>>,
    /// The first number Python could not convert. It is raised by [`PyBuilder::finish`], after
    /// the claim rules, so that a token is reported expired or invalid before its
    /// numbers are found too long for `int()`.
    deferred: Option<PyErr>,
}

/// A failure while reading or building: a core error, or a Python exception raised while
/// building, such as `int()` refusing a number with too many digits.
pub enum BuildError {
    Json(Error),
    Python(PyErr),
}

impl BuildError {
    /// Converts to the Python exception, core errors through `to_err`.
    pub fn into_py_err(self, to_err: impl FnOnce(Error) -> PyErr) -> PyErr {
        match self {
            Self::Json(err) => to_err(err),
            Self::Python(err) => err,
        }
    }
}

impl From<Error> for BuildError {
    fn from(err: Error) -> Self {
        Self::Json(err)
    }
}

impl From<PyErr> for BuildError {
    fn from(err: PyErr) -> Self {
        Self::Python(err)
    }
}

impl<'py> PyBuilder<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Self {
            py,
            names: NameCache::lock(),
            deferred: None,
        }
    }

    /// Returns `value`, or raises the deferred conversion error.
    pub fn finish<T>(&mut self, value: T) -> PyResult<T> {
        match self.deferred.take() {
            Some(err) => Err(err),
            None => Ok(value),
        }
    }

    fn name(&mut self, text: &str) -> Bound<'py, PyString> {
        match &mut self.names {
            Some(cache) => cache.get(self.py, text),
            None => PyString::new(self.py, text),
        }
    }
}

impl<'py> Build for PyBuilder<'py> {
    type Value = Bound<'py, PyAny>;
    type Array = Bound<'py, PyList>;
    type Object = Bound<'py, PyDict>;
    type Error = BuildError;

    fn null(&mut self) -> Result<Self::Value, BuildError> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn boolean(&mut self, value: bool) -> Result<Self::Value, BuildError> {
        Ok(PyBool::new(self.py, value).to_owned().into_any())
    }

    fn number(&mut self, text: &str, integer: bool) -> Result<Self::Value, BuildError> {
        match number_to_python(self.py, text, integer) {
            Ok(number) => Ok(number),
            Err(err) => {
                self.deferred.get_or_insert(err);
                Ok(self.py.None().into_bound(self.py))
            }
        }
    }

    fn string(&mut self, text: &str) -> Result<Self::Value, BuildError> {
        Ok(PyString::new(self.py, text).into_any())
    }

    /// Decodes the string with `json.loads`, which keeps each lone surrogate as a code point
    /// of the `str`, exactly as PyJWT returns it.
    fn string_with_lone_surrogates(
        &mut self,
        escaped: &str,
        _replaced: &str,
    ) -> Result<Self::Value, BuildError> {
        let py = self.py;
        let loads = py
            .import(intern!(py, "json"))?
            .getattr(intern!(py, "loads"))?;
        Ok(loads.call1((format!("\"{escaped}\""),))?)
    }

    fn start_array(&mut self) -> Result<Self::Array, BuildError> {
        Ok(PyList::empty(self.py))
    }

    fn push(&mut self, array: &mut Self::Array, item: Self::Value) -> Result<(), BuildError> {
        array.append(item)?;
        Ok(())
    }

    fn end_array(&mut self, array: Self::Array) -> Result<Self::Value, BuildError> {
        Ok(array.into_any())
    }

    fn start_object(&mut self) -> Result<Self::Object, BuildError> {
        Ok(PyDict::new(self.py))
    }

    fn insert(
        &mut self,
        object: &mut Self::Object,
        name: &str,
        value: Self::Value,
    ) -> Result<(), BuildError> {
        object.set_item(self.name(name), value)?;
        Ok(())
    }

    fn end_object(&mut self, object: Self::Object) -> Result<Self::Value, BuildError> {
        Ok(object.into_any())
    }
}

/// Builds a dict from a JSON object, members in order: integers of any size become exact
/// `int`s, other numbers `float`s.
pub fn object_to_python<'py>(py: Python<'py>, object: &Object) -> PyResult<Bound<'py, PyDict>> {
    object_with(&mut PyBuilder::new(py), object)
}

/// Builds the Python value of JSON text that the core has already accepted, as
/// `json.loads` builds it: lone surrogate escapes stay lone surrogates.
pub fn json_to_python<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let mut builder = PyBuilder::new(py);
    let value = json::parse_into(text, usize::MAX, &mut builder).map_err(|err| {
        err.into_py_err(|err| errors::raise(py, "DecodeError", &err.to_string(), Some(err.code())))
    })?;
    builder.finish(value)
}

/// Builds the Python value of one JSON value, as [`object_to_python`] builds its members.
pub fn value_to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    to_python_with(&mut PyBuilder::new(py), value)
}

fn to_python_with<'py>(builder: &mut PyBuilder<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    let py = builder.py;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_value(py, number)?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| to_python_with(builder, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(object) => object_with(builder, object)?.into_any(),
    })
}

fn object_with<'py>(builder: &mut PyBuilder<'py>, object: &Object) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(builder.py);
    for (name, value) in object.iter() {
        let value = to_python_with(builder, value)?;
        dict.set_item(builder.name(name), value)?;
    }
    Ok(dict)
}

fn number_value<'py>(py: Python<'py>, number: &Number) -> PyResult<Bound<'py, PyAny>> {
    number_to_python(py, number.as_str(), number.is_integer())
}

/// Converts JSON number text: integers to `int`, other numbers to `float`, as `json.loads`.
fn number_to_python<'py>(
    py: Python<'py>,
    text: &str,
    integer: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if !integer {
        // Rust parses valid JSON number text correctly rounded, as float() does. Exponents
        // beyond the range of f64 give infinities, as in json.loads.
        let value = text.parse::<f64>().unwrap_or(f64::NAN);
        return Ok(PyFloat::new(py, value).into_any());
    }
    if let Ok(small) = text.parse::<i64>() {
        return Ok(small.into_pyobject(py)?.into_any());
    }
    // Larger integers go through int(), which is exact. Python limits int() to 4300 digits by
    // default (sys.set_int_max_str_digits); beyond it this raises DecodeError, as PyJWT does.
    py.get_type::<PyInt>().call1((text,)).map_err(|err| {
        let message = format!("Invalid payload string: {}", err.value(py));
        errors::raise(py, "DecodeError", &message, Some("ERR_JSON_INVALID"))
    })
}

/// Number of buckets of the member-name cache; a power of two.
const NAME_BUCKETS: usize = 512;

/// Maximum length of a cached member name, in bytes. Claim and callback field names are short.
const MAX_CACHED_NAME: usize = 32;

/// A cached name: its text and the Python string for it.
type CachedName = (Box<str>, Py<PyString>);

/// Python strings for recently seen member names, so that decoding the same claim names
/// again reuses one `str` (and its cached hash) in place of allocating a new one.
///
/// Each bucket has two entries, the most recently used first; a new name evicts the second.
/// Holds at most `2 * NAME_BUCKETS` strings of at most `MAX_CACHED_NAME` bytes.
struct NameCache {
    buckets: Vec<[Option<CachedName>; 2]>,
}

static NAMES: Mutex<NameCache> = Mutex::new(NameCache {
    buckets: Vec::new(),
});

impl NameCache {
    /// Takes the cache for one conversion, or `None` while another conversion has it. One
    /// conversion can run inside another when the garbage collector runs Python code.
    fn lock() -> Option<MutexGuard<'static, NameCache>> {
        NAMES.try_lock().ok()
    }

    fn get<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        if text.len() > MAX_CACHED_NAME {
            return PyString::new(py, text);
        }
        if self.buckets.is_empty() {
            self.buckets.resize_with(NAME_BUCKETS, || [None, None]);
        }
        let bucket = &mut self.buckets[bucket_of(text)];
        let found = bucket
            .iter()
            .position(|entry| matches!(entry, Some((cached, _)) if **cached == *text));
        match found {
            Some(0) => {}
            Some(_) => bucket.swap(0, 1),
            None => {
                let object = PyString::new(py, text);
                bucket[1] = Some((text.into(), object.clone().unbind()));
                bucket.swap(0, 1);
                return object;
            }
        }
        match &bucket[0] {
            Some((_, object)) => object.bind(py).clone(),
            None => PyString::new(py, text),
        }
    }
}

/// Maps a name to a bucket from its length and its first and last eight bytes, in constant time.
fn bucket_of(text: &str) -> usize {
    let bytes = text.as_bytes();
    let len = bytes.len() as u64;
    let (head, tail) =
        if let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (u64::from_le_bytes(*head), u64::from_le_bytes(*tail))
        } else {
            let short = bytes
                .iter()
                .fold(0u64, |key, &byte| (key << 8) | u64::from(byte));
            (short, 0)
        };
    let mixed = (head ^ tail.rotate_left(23) ^ len).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // The top bits of a multiplicative hash are the well-mixed ones.
    (mixed >> (64 - NAME_BUCKETS.trailing_zeros())) as usize
}
