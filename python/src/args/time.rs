//! The time of a call: `current_date` or the system clock.

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::errors::{invalid, unreadable};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `current_date` (an aware `datetime`) or the system clock, in whole seconds since the epoch
/// (rounded down). The core never reads a clock: this is where the time comes from.
pub(crate) fn now(py: Python<'_>, current_date: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    let Some(date) = current_date.filter(|v| !v.is_none()) else {
        return match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(elapsed) => i64::try_from(elapsed.as_secs())
                .map_err(|_| invalid(py, "current_date", "the system clock is out of range")),
            Err(_) => Err(invalid(
                py,
                "current_date",
                "the system clock is before 1970",
            )),
        };
    };
    if !date
        .is_instance(DATETIME.import(py, "datetime", "datetime")?)
        .unwrap_or(false)
    {
        return Err(invalid(py, "current_date", "must be a datetime.datetime"));
    }
    // A datetime subclass (or its tzinfo) runs its own code in utcoffset() and in subtraction:
    // whatever it raises, or returns in place of a timedelta, is refused as unreadable.
    let unreadable = |cause| {
        unreadable(
            py,
            "current_date",
            "could not be read as an instant (its utcoffset() or subtraction failed)",
            cause,
        )
    };
    if date
        .call_method0("utcoffset")
        .map_err(unreadable)?
        .is_none()
    {
        return Err(invalid(
            py,
            "current_date",
            "must be timezone-aware (a naive datetime has no defined instant); use e.g. datetime.now(timezone.utc)",
        ));
    }
    let epoch = EPOCH.get_or_try_init(py, || {
        let timezone = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
        DATETIME
            .import(py, "datetime", "datetime")?
            .call1((1970, 1, 1, 0, 0, 0, 0, timezone))
            .map(Bound::unbind)
    })?;
    // Exact integer arithmetic: a timedelta's days and seconds (its microseconds are >= 0).
    let since = date.sub(epoch.bind(py)).map_err(unreadable)?;
    let part = |name| since.getattr(name).and_then(|v| v.extract::<i64>());
    let days = part("days").map_err(unreadable)?;
    let seconds = part("seconds").map_err(unreadable)?;
    days.checked_mul(86_400)
        .and_then(|s| s.checked_add(seconds))
        .ok_or_else(|| invalid(py, "current_date", "is out of range"))
}
