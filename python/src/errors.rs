//! Core errors (and this binding's own argument errors) as `IsometrikTokenError`, the Python
//! class defined in `isometrik_token/_errors.py`: same `code` strings as the core and the npm
//! package; `field` names the Python parameter (`room_id`, not the JS option `roomId`).
//!
//! No message contains a secret or a token: the core's messages never do, and ours only name
//! parameters.

use std::borrow::Cow;

use isometrik_token::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::json::json_to_py;

static ERROR_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The core names options as the JavaScript package does (`roomId`, `clockTolerance`); the
/// Python parameter is the same name in snake case. This is the one place that maps them.
pub(crate) fn snake_case(name: &str) -> Cow<'_, str> {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Builds an `IsometrikTokenError`.
fn raise(
    py: Python<'_>,
    code: &str,
    message: &str,
    field: Option<&str>,
    claim: Option<&str>,
    claims: Option<Bound<'_, PyAny>>,
) -> PyErr {
    let class = match ERROR_CLASS.import(py, "isometrik_token._errors", "IsometrikTokenError") {
        Ok(class) => class,
        Err(err) => return err,
    };
    match class.call1((message, code, field, claim, claims)) {
        Ok(instance) => PyErr::from_value(instance),
        Err(err) => err,
    }
}

/// A core error as a Python exception. Option names become parameter names, in the field and
/// in the message; an expired or not-yet-valid token's (authenticated) claims become `.claims`.
pub(crate) fn to_py(py: Python<'_>, err: Error) -> PyErr {
    let field = err.field().map(snake_case);
    let message = match (&err, &field) {
        (Error::InvalidOptions { reason, .. } | Error::InvalidDuration { reason, .. }, Some(f)) => {
            format!("invalid option `{f}`: {reason}")
        }
        _ => err.to_string(),
    };
    let claims = err
        .payload_json()
        .map(|json| json_to_py(py, json))
        .transpose();
    match claims {
        Ok(claims) => raise(
            py,
            err.code(),
            &message,
            field.as_deref(),
            err.claim(),
            claims,
        ),
        Err(e) => e,
    }
}

/// `ERR_INVALID_OPTIONS` for a Python argument (named as the Python parameter).
pub(crate) fn invalid(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    raise(
        py,
        "ERR_INVALID_OPTIONS",
        &format!("invalid option `{field}`: {reason}"),
        Some(field),
        None,
        None,
    )
}

/// `invalid`, with the exception that made the argument unreadable (raised by the caller's own
/// code: a subclass's method, a `tzinfo`) as its `__cause__`, so that nothing but
/// `IsometrikTokenError` escapes and the original is still there to debug.
pub(crate) fn unreadable(py: Python<'_>, field: &str, reason: &str, cause: PyErr) -> PyErr {
    let err = invalid(py, field, reason);
    err.set_cause(py, Some(cause));
    err
}

/// Shorthand: a core result as a Python result.
pub(crate) trait CoreResult<T> {
    /// Maps the core error to `IsometrikTokenError`.
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResult<T> for Result<T, Error> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
