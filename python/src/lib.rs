//! Python bindings of onlyoffice-jwt, imported as `onlyoffice_jwt._native`.
//!
//! This crate only converts: Python objects to JSON text and core values, core values to
//! Python objects, and core errors to the exceptions of `onlyoffice_jwt.exceptions`. Every
//! rule lives in the core crate.

mod arguments;
mod docserver;
mod errors;
mod from_json;
mod jwt;
mod keys;
mod text;
mod to_json;

use pyo3::prelude::*;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(jwt::encode, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::decode, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::decode_complete, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::get_unverified_header, module)?)?;
    module.add_function(wrap_pyfunction!(jwt::sign_raw, module)?)?;
    module.add_class::<docserver::PyDocumentServer>()?;
    module.add_class::<docserver::PyCallback>()?;
    module.add_class::<docserver::PyDownload>()?;
    module.add_class::<docserver::PySignedRequest>()?;
    // Set as an attribute, not added, so that it stays out of the module's `__all__`.
    module.setattr(
        "_panic_for_tests",
        wrap_pyfunction!(panic_for_tests, module)?,
    )?;
    module.setattr(
        "_decode_claims",
        wrap_pyfunction!(jwt::decode_claims, module)?,
    )?;
    module.setattr(
        "_use_python_algorithms",
        wrap_pyfunction!(jwt::use_python_algorithms, module)?,
    )?;
    Ok(())
}

/// Panics, so that tests can check that a panic in Rust reaches Python as an exception:
/// `InternalError` when `guarded`, as from every exported function, else pyo3's own
/// `PanicException`.
///
/// Not part of the API: no other code path calls it.
#[pyfunction]
#[pyo3(name = "_panic_for_tests", signature = (guarded = true))]
fn panic_for_tests(guarded: bool) -> PyResult<()> {
    let panic = || -> PyResult<()> {
        panic!("deliberate panic from onlyoffice_jwt._native._panic_for_tests");
    };
    if guarded {
        errors::guard(panic)
    } else {
        panic()
    }
}
