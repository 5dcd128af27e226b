//! The API secret: borrowed, or encoded once and wiped.

use pyo3::exceptions::PyUnicodeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::errors::invalid;

/// The API secret's bytes for as long as the key derivation needs them.
///
/// `bytes` are borrowed from the Python object (no copy). A `str` is encoded to UTF-8 into a
/// buffer that only this value holds and that is overwritten with zeros when it is dropped.
/// (Under the stable ABI for CPython 3.9, PyO3 encodes through a temporary `bytes` object that
/// CPython frees without clearing; clearing it would take `unsafe` code, which this project
/// does not allow. The key state derived from the secret is wiped by the core as always.)
pub(crate) enum Secret<'py> {
    Borrowed(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl<'py> Secret<'py> {
    /// Reads `api_secret`: a `str` (used as UTF-8) or `bytes`.
    pub(crate) fn new(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Self> {
        Secret::named(py, value, "api_secret")
    }

    /// Reads a secret given as the parameter `field` (named in errors; the value never is).
    pub(crate) fn named(py: Python<'py>, value: &Bound<'py, PyAny>, field: &str) -> PyResult<Self> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Secret::Borrowed(bytes.clone()));
        }
        let text = value
            .cast::<PyString>()
            .map_err(|_| invalid(py, field, "must be a str or bytes"))?;
        let utf8 = text.to_cow().map_err(|err| {
            if err.is_instance_of::<PyUnicodeError>(py) {
                invalid(py, field, "contains a lone surrogate (not valid Unicode)")
            } else {
                err
            }
        })?;
        Ok(Secret::Owned(utf8.into_owned().into_bytes()))
    }

    /// The secret's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Secret::Borrowed(bytes) => bytes.as_bytes(),
            Secret::Owned(bytes) => bytes,
        }
    }
}

impl Drop for Secret<'_> {
    fn drop(&mut self) {
        if let Secret::Owned(bytes) = self {
            bytes.fill(0);
            std::hint::black_box(&bytes);
        }
    }
}
