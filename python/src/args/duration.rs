//! Durations: whole seconds, a duration string, or a `datetime.timedelta`.

use isometrik_token::duration::{seconds_from_number, DEFAULT_EXPIRES_IN};
use isometrik_token::parse_duration;
use isometrik_token::token::DEFAULT_LEEWAY;
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString, PyType};

use super::text::text;
use crate::errors::{invalid, snake_case, CoreResult};

/// Which option a duration is, and so which rules apply to a number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DurationKind {
    /// `expires_in`, `max_expires_in`: a positive whole number of seconds.
    Lifetime,
    /// `clock_tolerance`: whole seconds go to the core as they are (0 allowed, a negative or
    /// too large one refused there), as in the npm package.
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
/// `datetime.timedelta`. `None` (or absent) gives `None`. `field` is the core's option name.
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
        let s = text(py, s.as_any(), &snake_case(field))?;
        parse_duration(&s)
    } else if value.is_instance_of::<PyBool>() {
        return Err(bad_duration(py, field));
    } else if let Ok(n) = value.cast::<PyInt>() {
        whole(saturating_i64(n)?)
    } else if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        match kind {
            // Whole and far inside i64: exact.
            #[allow(clippy::cast_possible_truncation)]
            DurationKind::Tolerance if f.fract() == 0.0 && f.abs() < 1e15 => Ok(f as i64),
            _ => seconds_from_number(f),
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
        &snake_case(field),
        "must be a number of seconds, a duration string like \"1h\", or a datetime.timedelta",
    )
}

/// The lifetime of a new token (default one hour).
pub(crate) fn expires_in(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(duration(py, value, "expiresIn", DurationKind::Lifetime)?.unwrap_or(DEFAULT_EXPIRES_IN))
}

/// The clock tolerance of a verification (default 10 s).
pub(crate) fn clock_tolerance(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(duration(py, value, "clockTolerance", DurationKind::Tolerance)?.unwrap_or(DEFAULT_LEEWAY))
}
