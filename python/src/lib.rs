//! Python bindings of onlyoffice-jwt, imported as `onlyoffice_jwt._native`.
//!
//! This crate only converts: Python objects to JSON text and core values, core values to
//! Python objects, and core errors to the exceptions of `onlyoffice_jwt.exceptions`. Every
//! rule lives in the core crate.

mod docserver;
mod errors;
mod from_json;
mod jwt;
mod keys;
mod to_json;

use pyo3::prelude::*;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(jwt::encode, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::decode, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::get_unverified_header, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::sign_raw, module)?)?;
    module.add_class::<docserver::PyDocumentServer>()?;
    module.add_class::<docserver::PyCallback>()?;
    module.add_class::<docserver::PyDownload>()?;
    module.add_class::<docserver::PySignedRequest>()?;
    Ok(())
}
