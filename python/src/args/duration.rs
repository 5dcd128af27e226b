//! Durations: whole seconds, a duration string, or a `datetime.timedelta`.

use isometrik_token::contract::{DEFAULT_EXPIRES_IN, DEFAULT_LEEWAY};
use isometrik_token::{leeway_from_number, parse_duration, seconds_from_number};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString, PyType};

use super::text::text;
use crate::errors::{invalid, python_name, CoreResult};

/// Which option a duration is, and so which rules apply to a number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DurationKind {
    /// `expires_in`, `max_expires_in`: a positive whole number of seconds.
    Lifetime,
    /// `clock_tolerance`: the core's leeway rule (`leeway_from_number`): whole seconds as they
    /// are (0 allowed, a negative or too large one refused by verify).
    Tolerance,
}

static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A Python int as i64, saturating (a number beyond i64 is refused by the core's range rules
/// all the same, with the right reason).
fn saturating_i64(value: &Bound<'_, PyInt>) -> PyResult<i64> {
    match value.extract::<i64>() {
        Ok(n) => Ok(n),
        Err(err) if err.is_instance_of::<PyOverflowError>(value.py()) => {
            Ok(if value.lt(0)? { i64::MIN } else { i64::MAX })
        }
        Err(err) => Err(err),
    }
}

/// A number of seconds as the npm package sees it: `f64` (a JavaScript number).
fn as_f64(n: i64) -> f64 {
    // Beyond 2^53 the value is refused ("longer than the allowed maximum") either way.
    #[allow(clippy::cast_precision_loss)]
    let f = n as f64;
    f
}

/// A duration option: int or float seconds, a duration string (`"1h"`, `"90 seconds"`), or a
/// `datetime.timedelta`. `None` (or absent) gives `None`. `field` is the core's name for it.
pub(crate) fn duration(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    field: &'static str,
    kind: DurationKind,
) -> PyResult<Option<i64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let whole = |n: i64| match kind {
        DurationKind::Tolerance => Ok(n),
        DurationKind::Lifetime => seconds_from_number(as_f64(n)),
    };
    let resolved = if let Ok(s) = value.cast::<PyString>() {
        let s = text(py, s.as_any(), &python_name(field))?;
        parse_duration(&s)
    } else if value.is_instance_of::<PyBool>() {
        return Err(bad_duration(py, field));
    } else if let Ok(n) = value.cast::<PyInt>() {
        whole(saturating_i64(n)?)
    } else if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        match kind {
            DurationKind::Tolerance => leeway_from_number(f),
            DurationKind::Lifetime => seconds_from_number(f),
        }
    } else if value
        .is_instance(TIMEDELTA.import(py, "datetime", "timedelta")?)
        .unwrap_or(false)
    {
        // A subclass may override the parts: whatever they raise, or give that is not an int
        // in range, is not a duration.
        let part = |name| value.getattr(name).and_then(|v| v.extract::<i64>());
        let (Ok(days), Ok(seconds), Ok(micros)) =
            (part("days"), part("seconds"), part("microseconds"))
        else {
            return Err(bad_duration(py, field));
        };
        // |days| <= 999999999 for a real timedelta; checked for a subclass's.
        let Some(total) = days
            .checked_mul(86_400)
            .and_then(|d| d.checked_add(seconds))
        else {
            return Err(bad_duration(py, field));
        };
        if micros == 0 {
            whole(total)
        } else {
            // Not whole: refused with the core's reason for fractional seconds.
            seconds_from_number(as_f64(total) + as_f64(micros) / 1e6)
        }
    } else {
        return Err(bad_duration(py, field));
    };
    resolved.map(Some).map_err(|e| e.for_field(field)).py(py)
}

fn bad_duration(py: Python<'_>, field: &str) -> PyErr {
    invalid(
        py,
        &python_name(field),
        "must be a number of seconds, a duration string like \"1h\", or a datetime.timedelta",
    )
}

/// The lifetime of a new token (default one hour).
pub(crate) fn expires_in(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(duration(py, value, "expires_in", DurationKind::Lifetime)?.unwrap_or(DEFAULT_EXPIRES_IN))
}

/// The clock tolerance of a verification (default 10 s).
pub(crate) fn clock_tolerance(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(duration(py, value, "leeway", DurationKind::Tolerance)?.unwrap_or(DEFAULT_LEEWAY))
}
