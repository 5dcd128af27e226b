//! The facts that every binding must agree with, stated once. The JavaScript package does not
//! copy them: `examples/contract.rs` writes them out at build time (`scripts/assemble-pkg.mjs`
//! turns that into the package's `contract.js` and the `ErrorCode` / `PermissionName` types).
//!
//! It also names every input that crosses the wasm boundary ([`Field`]) with its limit, so
//! that the JS half can refuse an oversize input *before* copying it into wasm memory (which
//! never shrinks), with exactly the error the core itself gives for that input. Where each
//! field is written in wasm memory is [`layout`]'s business.

pub mod layout;

pub use crate::claims::{
    permission_field, MAX_API_KEY_LEN, MAX_METADATA_LEN, MAX_NAME_LEN, MAX_NUMERIC_DATE,
    PERMISSION_NAMES, PERMISSION_NAME_CUT, UNKNOWN_PERMISSION,
};
pub use crate::duration::{DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN, MAX_DURATION_TEXT_LEN};
pub use crate::error::{option_message, ERROR_CODES};
pub use crate::limits::{MAX_SECRET_LEN, MAX_TOKEN_LEN, MIN_SECRET_LEN};
pub use crate::token::{DEFAULT_LEEWAY, MAX_LEEWAY};
use crate::Error;

/// An input that crosses the wasm boundary. Each has one slot in the input buffer
/// ([`layout`]), written by the JS half by this name and read by the Rust half by this
/// variant: a field that does not exist does not compile in Rust and is `undefined` (a type
/// error for `tsc`, a test failure) in JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The compact JWS.
    Token,
    /// The API secret (text or bytes).
    Secret,
    /// The API key (`iss`): the signer's, or the one a verify call expects.
    ApiKey,
    /// The room (`room`).
    Room,
    /// The participant identity (`sub`).
    Identity,
    /// The display name (`name`).
    Name,
    /// The metadata text (`metadata`).
    Metadata,
    /// A token's lifetime: a duration text, or a number of seconds.
    ExpiresIn,
    /// The longest lifetime a signer accepts: a duration text, or seconds.
    MaxExpiresIn,
    /// The clock leeway of a verify call: a duration text, or seconds.
    Leeway,
    /// The argument of `parseDuration`: a duration text, or seconds.
    Duration,
}

impl Field {
    /// Every field, in slot order (`field as usize` is its index here).
    pub const ALL: [Field; 11] = [
        Field::Token,
        Field::Secret,
        Field::ApiKey,
        Field::Room,
        Field::Identity,
        Field::Name,
        Field::Metadata,
        Field::ExpiresIn,
        Field::MaxExpiresIn,
        Field::Leeway,
        Field::Duration,
    ];

    /// The name the contract exports this field by (JavaScript writes `INPUT_SLOTS.<name>`).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Token => "token",
            Field::Secret => "secret",
            Field::ApiKey => "api_key",
            Field::Room => "room",
            Field::Identity => "identity",
            Field::Name => "name",
            Field::Metadata => "metadata",
            Field::ExpiresIn => "expires_in",
            Field::MaxExpiresIn => "max_expires_in",
            Field::Leeway => "leeway",
            Field::Duration => "duration",
        }
    }

    /// The most bytes the core accepts for this field.
    pub const fn max_bytes(self) -> usize {
        match self {
            Field::Token => MAX_TOKEN_LEN,
            Field::Secret => MAX_SECRET_LEN,
            Field::ApiKey => MAX_API_KEY_LEN,
            Field::Room | Field::Identity | Field::Name => MAX_NAME_LEN,
            Field::Metadata => MAX_METADATA_LEN,
            Field::ExpiresIn | Field::MaxExpiresIn | Field::Leeway | Field::Duration => {
                MAX_DURATION_TEXT_LEN
            }
        }
    }
}

/// Why a verify call with several keys (`keys`) refuses an expected API key too: the key is
/// the one the token's `iss` names. Both bindings refuse it with these words.
pub const API_KEY_WITH_KEYS: &str = "is chosen by the token's iss with `keys`; leave it out";

/// Why the JavaScript half could not load the wasm module (`ERR_WASM_UNAVAILABLE`), by kind,
/// with the words it appends to that error's message. Only a refusal by policy names a remedy
/// (the CSP directive); only the kinds whose words say "the next call tries again" are retried.
pub const WASM_UNAVAILABLE_REASONS: [(&str, &str); 6] = [
    (
        "policy",
        "the runtime's policy refused to compile it; under a Content-Security-Policy, allow it with 'wasm-unsafe-eval' in script-src",
    ),
    (
        "unsupported",
        "this runtime has no WebAssembly (Node.js with --jitless, a browser with JIT turned off)",
    ),
    (
        "missing",
        "its .wasm module was not found; the next call tries again",
    ),
    ("memory", "out of memory; the next call tries again"),
    (
        "io",
        "a system error while loading it; the next call tries again",
    ),
    ("other", "it failed to compile or instantiate"),
];

/// The errors that only the JavaScript half raises (it has no core call to get them from).
pub fn boundary_errors() -> [Error; 2] {
    [Error::BrowserSecret, Error::WasmUnavailable]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_listed_in_slot_order() {
        for (i, field) in Field::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i, "{field:?}");
        }
    }

    #[test]
    fn every_limit_is_the_core_s_own() {
        // One more byte is refused by the core's own rules.
        assert!(crate::claims::check_name(&"n".repeat(Field::Room.max_bytes())).is_ok());
        assert!(crate::claims::check_name(&"\0".repeat(Field::Identity.max_bytes() + 1)).is_err());
        let metadata = "\0".repeat(Field::Metadata.max_bytes() + 1);
        assert!(crate::claims::check_metadata(&metadata).is_err());
        let api_key = "\0".repeat(Field::ApiKey.max_bytes() + 1);
        assert!(crate::claims::check_api_key(&api_key).is_err());
        assert!(crate::Hs256Key::new(&vec![0; Field::Secret.max_bytes() + 1], true).is_err());
        let long = format!("1{}h", " ".repeat(Field::Leeway.max_bytes() - 1));
        assert_eq!(
            crate::duration::parse_duration(&long),
            Err(Error::duration(crate::duration::TOO_LONG))
        );
        let token = "a".repeat(Field::Token.max_bytes() + 1);
        assert_eq!(
            crate::token::decode(&token).map(drop),
            Err(Error::TokenTooLarge)
        );
    }
}
