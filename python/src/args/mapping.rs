//! Mappings (`permissions`, `keys`): their (key, value) pairs, read so that the caller's own
//! code (an `items()` method) can raise nothing but `IsometrikTokenError`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyMapping};

use crate::errors::{invalid, unreadable};

/// The items of `value` as a list. A `dict`, subclasses included, is read from its own storage
/// (`PyDict_Items`), never through an `items()` a subclass overrides; another mapping's
/// `items()` is called, and whatever it raises is `ERR_INVALID_OPTIONS` for `field`. Not a
/// mapping at all: `ERR_INVALID_OPTIONS` with `reason`.
pub(crate) fn mapping_items<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    field: &str,
    reason: &str,
) -> PyResult<Bound<'py, PyList>> {
    if let Ok(dict) = value.cast::<PyDict>() {
        return Ok(dict.items());
    }
    let mapping = value
        .cast::<PyMapping>()
        .map_err(|_| invalid(py, field, reason))?;
    mapping
        .items()
        .map_err(|cause| unreadable(py, field, "could not be read (its items() raised)", cause))
}

/// One item of a mapping as (key, value); anything but a 2-tuple is `ERR_INVALID_OPTIONS`.
pub(crate) fn pair<'py>(
    py: Python<'py>,
    item: &Bound<'py, PyAny>,
    field: &str,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    item.extract().map_err(|_| {
        invalid(
            py,
            field,
            "could not be read (its items() gave something other than (key, value) pairs)",
        )
    })
}
