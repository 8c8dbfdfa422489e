//! Core JSON values to Python objects, as `json.loads` builds them.

use onlyoffice_jwt::json::{Number, Object, Value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString};

use crate::errors;

/// Builds the Python object for `value`: dicts keep member order, integers of any size are
/// exact `int`s, other numbers are `float`s.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => flag.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(number) => number_to_python(py, number)?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(object) => object_to_python(py, object)?.into_any(),
    })
}

/// Builds a dict from a JSON object, members in order.
pub fn object_to_python<'py>(py: Python<'py>, object: &Object) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in object.iter() {
        dict.set_item(PyString::new(py, name), to_python(py, value)?)?;
    }
    Ok(dict)
}

fn number_to_python<'py>(py: Python<'py>, number: &Number) -> PyResult<Bound<'py, PyAny>> {
    if !number.is_integer() {
        return Ok(PyFloat::new(py, number.as_f64()).into_any());
    }
    if let Some(small) = number.as_i64() {
        return Ok(small.into_pyobject(py)?.into_any());
    }
    // Larger integers go through int(), which is exact. Python limits int() to 4300 digits by
    // default (sys.set_int_max_str_digits); beyond it this raises DecodeError, as PyJWT does.
    py.get_type::<PyInt>()
        .call1((number.as_str(),))
        .map_err(|err| {
            let message = format!("Invalid payload string: {}", err.value(py));
            errors::raise(py, "DecodeError", &message, Some("ERR_JSON_INVALID"))
        })
}
