//! The API secret: borrowed, or encoded once and wiped.

use pyo3::exceptions::PyUnicodeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::errors::invalid;

/// The API secret's bytes for as long as the key derivation needs them.
///
/// `bytes` are borrowed from the Python object (no copy). A `str` is encoded to UTF-8 once,
/// into a new `bytes` object that only this value references; it is overwritten with zeros
/// when this is dropped, so the one copy we make does not outlive the call.
pub(crate) struct Secret<'py> {
    bytes: Bound<'py, PyBytes>,
    ours: bool,
}

impl<'py> Secret<'py> {
    /// Reads `api_secret`: a `str` (used as UTF-8) or `bytes`.
    pub(crate) fn new(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Secret {
                bytes: bytes.clone(),
                ours: false,
            });
        }
        let text = value
            .cast::<PyString>()
            .map_err(|_| invalid(py, "api_secret", "must be a str or bytes"))?;
        let bytes = text.encode_utf8().map_err(|err| {
            if err.is_instance_of::<PyUnicodeError>(py) {
                invalid(
                    py,
                    "api_secret",
                    "contains a lone surrogate (not valid Unicode)",
                )
            } else {
                err
            }
        })?;
        Ok(Secret { bytes, ours: true })
    }

    /// The secret's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.as_bytes()
    }
}

impl Drop for Secret<'_> {
    fn drop(&mut self) {
        let len = self.bytes.as_bytes().len();
        // Only a `bytes` object we created and nobody else holds may be written to. CPython
        // shares the objects of length 0 and 1 (their reference count is then above 1).
        if !self.ours || len < 2 {
            return;
        }
        let object = self.bytes.as_ptr();
        // SAFETY: `object` is a live `bytes` (we hold a reference, and the GIL). It is written
        // to only when this value holds the sole reference (count 1: created by `encode_utf8`
        // above and never handed out), so no one can observe the change; its buffer is valid
        // for `len` bytes.
        #[allow(unsafe_code)]
        unsafe {
            if pyo3::ffi::Py_REFCNT(object) == 1 {
                let buffer = pyo3::ffi::PyBytes_AsString(object);
                if !buffer.is_null() {
                    std::ptr::write_bytes(buffer.cast::<u8>(), 0, len);
                }
            }
        }
        std::hint::black_box(self.bytes.as_bytes());
    }
}
