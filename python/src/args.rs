//! Python arguments to the core's plain types: strings, secrets, durations, times and
//! permissions. Type errors are `ERR_INVALID_OPTIONS` naming the parameter, as in the npm
//! package (a wrong type is a wrong option); every rule about values is left to the core.

use std::time::{SystemTime, UNIX_EPOCH};

use isometrik_token::duration::{seconds_from_number, DEFAULT_EXPIRES_IN};
use isometrik_token::token::DEFAULT_LEEWAY;
use isometrik_token::{parse_duration, Error, Permissions, PERMISSION_NAMES};
use pyo3::exceptions::{PyOverflowError, PyUnicodeError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyMapping, PyString, PyType};

use crate::errors::{invalid, snake_case, CoreResult};

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
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

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
    } else if value.is_instance(TIMEDELTA.import(py, "datetime", "timedelta")?)? {
        let days: i64 = value.getattr("days")?.extract()?;
        let seconds: i64 = value.getattr("seconds")?.extract()?;
        let micros: i64 = value.getattr("microseconds")?.extract()?;
        // |days| <= 999999999: no overflow.
        let total = days * 86_400 + seconds;
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
    if !date.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return Err(invalid(py, "current_date", "must be a datetime.datetime"));
    }
    if date.call_method0("utcoffset")?.is_none() {
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
    let since = date.sub(epoch.bind(py))?;
    let days: i64 = since.getattr("days")?.extract()?;
    let seconds: i64 = since.getattr("seconds")?.extract()?;
    Ok(days * 86_400 + seconds)
}

/// The snake-case spelling of each permission (`can_publish`), in `PERMISSION_NAMES` order.
fn snake_names() -> [String; PERMISSION_NAMES.len()] {
    PERMISSION_NAMES.map(|name| snake_case(name).into_owned())
}

static SNAKE_NAMES: std::sync::OnceLock<[String; PERMISSION_NAMES.len()]> =
    std::sync::OnceLock::new();

/// `permissions.<name>`, cut to 64 characters (the name is caller-controlled).
fn permission_field(name: &str) -> String {
    let mut chars = name.chars();
    let cut: String = chars.by_ref().take(64).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    format!("permissions.{cut}{more}")
}

/// A permissions mapping: names as the seed writes them (`can_publish`) or as on the wire
/// (`canPublish`), values `True`/`False`. Anything else is refused, naming the entry.
pub(crate) fn permissions(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Permissions> {
    let mut out = Permissions::default();
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(out);
    };
    let items = if let Ok(dict) = value.cast::<PyDict>() {
        dict.items()
    } else if let Ok(mapping) = value.cast::<PyMapping>() {
        mapping.items()?
    } else {
        return Err(invalid(py, "permissions", "must be a dict of booleans"));
    };
    let snake = SNAKE_NAMES.get_or_init(snake_names);
    // The spelling each permission was given in (kept to name both in the error).
    let mut given: [Option<PyBackedStr>; PERMISSION_NAMES.len()] = Default::default();
    for item in items.iter() {
        let (key, granted): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let name = text(py, &key, "permissions")?;
        let index = PERMISSION_NAMES
            .iter()
            .zip(snake.iter())
            .position(|(wire, snake)| *wire == &*name || snake == &*name);
        let Some(index) = index else {
            return Err(invalid(
                py,
                &permission_field(&name),
                "unknown permission (allowed: can_publish, can_subscribe, can_update_metadata, can_update_room, can_remove_participants, or their wire names canPublish, canSubscribe, ...)",
            ));
        };
        let granted = granted
            .cast::<PyBool>()
            .map_err(|_| invalid(py, &permission_field(&name), "must be True or False"))?
            .is_true();
        let wire = PERMISSION_NAMES.get(index).copied().unwrap_or_default();
        match given.get_mut(index) {
            Some(Some(first)) => {
                return Err(invalid(
                    py,
                    &permission_field(&name),
                    &format!("is given twice (also as {})", &**first),
                ))
            }
            Some(slot) => *slot = Some(name),
            None => {}
        }
        out.set(wire, granted).py(py)?;
    }
    Ok(out)
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
            if s.len()? > isometrik_token::MAX_TOKEN_LEN {
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
                if b.len() > isometrik_token::MAX_TOKEN_LEN {
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
