//! A header's or payload's JSON text (already checked by the core: one object, no duplicate
//! member names) as a Python `dict`, equal to what `json.loads` returns for it.
//!
//! Built in one pass with serde_json straight into Python objects: several times cheaper than
//! handing the text to `json.loads` (measured in bench/python). Where serde_json and Python's
//! `json` could disagree, the text goes to `json.loads` instead: any number that is not an
//! integer in the i64/u64 range (Python keeps big integers exact and `1e400` as `inf`), lone
//! surrogate escapes, and nesting deeper than serde_json's limit of 128.

use std::cell::Cell;
use std::fmt;

use isometrik_token::contract::PERMISSION_NAMES;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The JSON text as Python objects (`json.loads` semantics).
pub(crate) fn json_to_py<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    let inexact = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(json);
    let fast = ToPy {
        py,
        inexact: &inexact,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    match fast {
        Ok(value) if !inexact.get() => Ok(value),
        _ => JSON_LOADS
            .import(py, "json", "loads")?
            .call1((PyString::new(py, json),)),
    }
}

/// Builds the Python object of one JSON value. A number that Python would read differently
/// (anything serde_json hands over as `f64`) sets `inexact`, and the caller starts over with
/// `json.loads`.
#[derive(Clone, Copy)]
struct ToPy<'a, 'py> {
    py: Python<'py>,
    inexact: &'a Cell<bool>,
}

fn fail<E: serde::de::Error>(err: PyErr) -> E {
    E::custom(err)
}

impl<'de, 'py> DeserializeSeed<'de> for ToPy<'_, 'py> {
    type Value = Bound<'py, PyAny>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for ToPy<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.inexact.set(true);
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(fail)?;
        }
        Ok(list.into_any())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key_seed(Key(self.py))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(fail)?;
        }
        Ok(dict.into_any())
    }
}

/// The member names of our own headers and payloads (with the core's permission names), created
/// once: a token's dict reuses them (no new string, and their hashes are already computed).
const CLAIM_KEYS: [&str; 11] = [
    "iss",
    "sub",
    "room",
    "name",
    "metadata",
    "permissions",
    "iat",
    "nbf",
    "exp",
    "alg",
    "typ",
];

fn known_keys() -> impl Iterator<Item = &'static str> {
    CLAIM_KEYS.iter().chain(PERMISSION_NAMES.iter()).copied()
}

static KNOWN: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

/// A member name as a Python `str`.
struct Key<'py>(Python<'py>);

impl<'de, 'py> DeserializeSeed<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let py = self.0;
        if let Some(i) = known_keys().position(|k| k == v) {
            let known = KNOWN.get_or_init(py, || {
                known_keys()
                    .map(|k| PyString::intern(py, k).unbind())
                    .collect()
            });
            if let Some(key) = known.get(i) {
                return Ok(key.bind(py).clone());
            }
        }
        Ok(PyString::new(py, v))
    }
}
