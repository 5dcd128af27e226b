//! Python arguments to the core's plain types, one kind per file. Type errors are
//! `ERR_INVALID_OPTIONS` naming the parameter, as in the npm package (a wrong type is a wrong
//! option); every rule about values is left to the core.

mod duration;
mod mapping;
mod permissions;
mod secret;
mod text;
mod time;

pub(crate) use duration::{clock_tolerance, duration, expires_in, DurationKind};
pub(crate) use mapping::{mapping_items, pair};
pub(crate) use permissions::permissions;
pub(crate) use secret::Secret;
pub(crate) use text::{flag, optional_text, text, TokenText};
pub(crate) use time::now;
