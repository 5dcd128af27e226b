//! The permissions mapping, in the seed's spelling or the wire's.

use isometrik_token::{Permissions, PERMISSION_NAMES};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyBool;

use super::text::text;
use crate::errors::{invalid, snake_case, CoreResult};

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
    let items = super::mapping_items(py, value, "permissions", "must be a dict of booleans")?;
    let snake = SNAKE_NAMES.get_or_init(snake_names);
    // The spelling each permission was given in (kept to name both in the error).
    let mut given: [Option<PyBackedStr>; PERMISSION_NAMES.len()] = Default::default();
    for item in items.iter() {
        let (key, granted) = super::pair(py, &item, "permissions")?;
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
