//! The facts that every binding must agree with, stated once. The JavaScript package does not
//! copy them: `examples/contract.rs` writes them out at build time (`scripts/assemble-pkg.mjs`
//! turns that into the package's `contract.js` and the `ErrorCode` / `PermissionName` types).
//!
//! It also says how long each input of the JS API may be, so that the JS half of the wasm
//! boundary can refuse an oversize option *before* copying it into wasm memory (which never
//! shrinks), with exactly the error the core itself gives for that input.

use std::borrow::Cow;

pub use crate::claims::{
    MAX_API_KEY_LEN, MAX_METADATA_LEN, MAX_NAME_LEN, MAX_NUMERIC_DATE, PERMISSION_NAMES,
};
pub use crate::duration::{DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN};
pub use crate::error::ERROR_CODES;
pub use crate::jws::{MAX_TOKEN_LEN, MIN_SECRET_LEN};
pub use crate::token::{DEFAULT_LEEWAY, MAX_LEEWAY};
use crate::Error;

/// The longest secret accepted, in bytes. An HMAC key longer than SHA-256's 64-byte block is
/// hashed first, so a longer secret adds nothing; the bound keeps a runaway value (a whole
/// file passed by mistake) out of memory.
pub const MAX_SECRET_LEN: usize = 4096;

/// The longest duration text (`"90 minutes"`), in bytes: far above any valid one (the number
/// has at most 12 + 9 digits), so a text this long is refused without being read.
pub const MAX_DURATION_TEXT_LEN: usize = 64;

/// The size of the wasm boundary's input buffer: room for the largest call, a one-shot
/// verify (token, secret, expected API key and room, `clockTolerance` text).
pub const INPUT_CAPACITY: usize = 24 * 1024;

const _: () = assert!(
    INPUT_CAPACITY
        >= MAX_TOKEN_LEN + MAX_SECRET_LEN + MAX_API_KEY_LEN + MAX_NAME_LEN + MAX_DURATION_TEXT_LEN
);
const _: () = assert!(
    INPUT_CAPACITY
        >= MAX_API_KEY_LEN
            + MAX_SECRET_LEN
            + 3 * MAX_NAME_LEN
            + MAX_METADATA_LEN
            + 2 * MAX_DURATION_TEXT_LEN
);

/// One input of the JS API with its size limit (in UTF-8 bytes, or bytes for a binary secret)
/// and the error the core gives for a longer value.
#[derive(Debug, Clone)]
pub struct InputLimit {
    /// The JS option name (`token` for the token argument).
    pub field: &'static str,
    /// The most bytes accepted.
    pub max_bytes: usize,
    /// What a longer value gets.
    pub error: Error,
}

/// The limit of every input the JS half copies into wasm memory.
pub fn input_limits() -> Vec<InputLimit> {
    let options = |field, reason| Error::InvalidOptions {
        field: Cow::Borrowed(field),
        reason,
    };
    let name_rule = |field: &'static str| {
        let reason = crate::claims::check_name(&"n".repeat(MAX_NAME_LEN + 1)).err();
        options(field, reason.unwrap_or("is too long"))
    };
    let duration =
        |field: &'static str| Error::duration(crate::duration::TOO_LONG).for_field(field);
    let limit = |field, max_bytes, error| InputLimit {
        field,
        max_bytes,
        error,
    };
    let api_key_reason = crate::claims::check_api_key(&"k".repeat(MAX_API_KEY_LEN + 1)).err();
    let metadata_reason = crate::claims::check_metadata(&"m".repeat(MAX_METADATA_LEN + 1)).err();
    vec![
        limit("token", MAX_TOKEN_LEN, Error::TokenTooLarge),
        limit(
            "apiSecret",
            MAX_SECRET_LEN,
            options("apiSecret", "must be at most 4096 bytes"),
        ),
        limit(
            "apiKey",
            MAX_API_KEY_LEN,
            options("apiKey", api_key_reason.unwrap_or("is too long")),
        ),
        limit("roomId", MAX_NAME_LEN, name_rule("roomId")),
        limit(
            "participantName",
            MAX_NAME_LEN,
            name_rule("participantName"),
        ),
        limit("name", MAX_NAME_LEN, name_rule("name")),
        limit(
            "metadata",
            MAX_METADATA_LEN,
            options("metadata", metadata_reason.unwrap_or("is too long")),
        ),
        limit("expiresIn", MAX_DURATION_TEXT_LEN, duration("expiresIn")),
        limit(
            "maxExpiresIn",
            MAX_DURATION_TEXT_LEN,
            duration("maxExpiresIn"),
        ),
        limit(
            "clockTolerance",
            MAX_DURATION_TEXT_LEN,
            duration("clockTolerance"),
        ),
        limit("duration", MAX_DURATION_TEXT_LEN, duration("duration")),
        limit("margin", MAX_DURATION_TEXT_LEN, duration("margin")),
    ]
}

/// The errors that only the JavaScript half raises (it has no core call to get them from).
pub fn boundary_errors() -> [Error; 2] {
    [Error::BrowserSecret, Error::WasmUnavailable]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_is_what_the_core_refuses() {
        for limit in input_limits() {
            assert!(limit.max_bytes > 0);
            let code = limit.error.code();
            assert!(ERROR_CODES.contains(&code), "{code}");
            if let Some(field) = limit.error.field() {
                assert_eq!(field, limit.field);
            }
        }
        // The limits are the core's: one more byte is refused by the core's own rule.
        assert!(crate::claims::check_name(&"n".repeat(MAX_NAME_LEN)).is_ok());
        assert!(crate::claims::check_name(&"n".repeat(MAX_NAME_LEN + 1)).is_err());
        let long = format!("1{}h", " ".repeat(MAX_DURATION_TEXT_LEN - 1));
        assert_eq!(
            crate::duration::parse_duration(&long),
            Err(Error::duration(crate::duration::TOO_LONG))
        );
    }
}
