//! `str` arguments (and `bytes` tokens), and boolean flags.

use isometrik_token::Error;
use pyo3::exceptions::PyUnicodeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyBytes, PyString};

use crate::errors::{invalid, CoreResult};

/// A `str` argument, as UTF-8. A lone surrogate (which has no UTF-8 form) is refused, as the
/// npm package refuses one in a JavaScript string.
pub(crate) fn text(py: Python<'_>, value: &Bound<'_, PyAny>, field: &str) -> PyResult<PyBackedStr> {
    let s = value
        .cast::<PyString>()
        .map_err(|_| invalid(py, field, "must be a str"))?;
    PyBackedStr::try_from(s.clone()).map_err(|err| {
        if err.is_instance_of::<PyUnicodeError>(py) {
            invalid(py, field, "contains a lone surrogate (not valid Unicode)")
        } else {
            err
        }
    })
}

/// An optional `str` argument (`None` is absent).
pub(crate) fn optional_text(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> PyResult<Option<PyBackedStr>> {
    match value {
        Some(v) if !v.is_none() => text(py, v, field).map(Some),
        _ => Ok(None),
    }
}

/// A boolean flag: `True`/`False` only (no truthiness).
pub(crate) fn flag(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> PyResult<bool> {
    match value {
        None => Ok(false),
        Some(v) => v
            .cast::<PyBool>()
            .map(|b| b.is_true())
            .map_err(|_| invalid(py, field, "must be True or False")),
    }
}

/// A token argument: `str` or `bytes`. An oversize token is refused before it is copied.
pub(crate) enum TokenText {
    /// From a `str`.
    Str(PyBackedStr),
    /// From `bytes` (borrowed); must be UTF-8 to be a token at all.
    Bytes(pyo3::pybacked::PyBackedBytes),
}

impl TokenText {
    /// Reads `token`.
    pub(crate) fn new(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(s) = value.cast::<PyString>() {
            // More code points than MAX_TOKEN_LEN always means more UTF-8 bytes.
            if s.len()? > isometrik_token::contract::MAX_TOKEN_LEN {
                return Err(Error::TokenTooLarge).py(py);
            }
            return match PyBackedStr::try_from(s.clone()) {
                Ok(s) => Ok(TokenText::Str(s)),
                // A lone surrogate: not a token (tokens are ASCII).
                Err(_) => Err(Error::MalformedToken {
                    reason: "the token is not valid Unicode",
                })
                .py(py),
            };
        }
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(TokenText::Bytes(b.clone().into()));
        }
        Err(invalid(py, "token", "must be a str or bytes"))
    }

    /// The token text.
    pub(crate) fn as_str(&self, py: Python<'_>) -> PyResult<&str> {
        match self {
            TokenText::Str(s) => Ok(s),
            TokenText::Bytes(b) => {
                if b.len() > isometrik_token::contract::MAX_TOKEN_LEN {
                    return Err(Error::TokenTooLarge).py(py);
                }
                std::str::from_utf8(b).map_err(|_| {
                    crate::errors::to_py(
                        py,
                        Error::MalformedToken {
                            reason: "the token is not UTF-8",
                        },
                    )
                })
            }
        }
    }
}
