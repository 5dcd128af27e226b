//! The facts that every binding must agree with, stated once. The JavaScript package does not
//! copy them: `examples/contract.rs` writes them out at build time (`scripts/assemble-pkg.mjs`
//! turns that into the package's `contract.js` and the `ErrorCode` / `PermissionName` types).
//!
//! It also says how long each input of the JS API may be, so that the JS half of the wasm
//! boundary can refuse an oversize option *before* copying it into wasm memory (which never
//! shrinks), with exactly the error the core itself gives for that input.

pub use crate::claims::{
    MAX_API_KEY_LEN, MAX_METADATA_LEN, MAX_NAME_LEN, MAX_NUMERIC_DATE, PERMISSION_NAMES,
};
pub use crate::duration::{DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN, MAX_DURATION_TEXT_LEN};
pub use crate::error::ERROR_CODES;
pub use crate::jws::{MAX_SECRET_LEN, MAX_TOKEN_LEN, MIN_SECRET_LEN};
pub use crate::token::{DEFAULT_LEEWAY, MAX_LEEWAY};
use crate::Error;

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

/// The most bytes the core accepts for the JS API's input `field` (`None`: no such input).
pub fn max_bytes(field: &str) -> Option<usize> {
    Some(match field {
        "token" => MAX_TOKEN_LEN,
        "apiSecret" => MAX_SECRET_LEN,
        "apiKey" => MAX_API_KEY_LEN,
        "roomId" | "participantName" | "name" => MAX_NAME_LEN,
        "metadata" => MAX_METADATA_LEN,
        "expiresIn" | "maxExpiresIn" | "clockTolerance" | "duration" | "margin" => {
            MAX_DURATION_TEXT_LEN
        }
        _ => return None,
    })
}

/// The inputs the JS half copies into wasm memory, by their JS names.
pub const INPUT_FIELDS: [&str; 12] = [
    "token",
    "apiSecret",
    "apiKey",
    "roomId",
    "participantName",
    "name",
    "metadata",
    "expiresIn",
    "maxExpiresIn",
    "clockTolerance",
    "duration",
    "margin",
];

/// The largest [`max_bytes`]: the boundary stands in for an oversize input with that many + 1
/// zero bytes, so that the core refuses it with its own error, in its own order.
pub const MAX_INPUT_LEN: usize = MAX_TOKEN_LEN;

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
    fn every_input_has_a_limit_the_core_enforces() {
        for field in INPUT_FIELDS {
            let max = max_bytes(field).unwrap();
            assert!(max > 0 && max <= MAX_INPUT_LEN, "{field}");
        }
        assert_eq!(max_bytes("nothing"), None);
        // One more byte is refused by the core's own rules.
        assert!(crate::claims::check_name(&"n".repeat(MAX_NAME_LEN)).is_ok());
        assert!(crate::claims::check_name(&"\0".repeat(MAX_NAME_LEN + 1)).is_err());
        assert!(crate::claims::check_metadata(&"\0".repeat(MAX_METADATA_LEN + 1)).is_err());
        assert!(crate::claims::check_api_key(&"\0".repeat(MAX_API_KEY_LEN + 1)).is_err());
        assert!(crate::Hs256Key::new(&[0; MAX_SECRET_LEN + 1], true).is_err());
        let long = format!("1{}h", " ".repeat(MAX_DURATION_TEXT_LEN - 1));
        assert_eq!(
            crate::duration::parse_duration(&long),
            Err(Error::duration(crate::duration::TOO_LONG))
        );
    }
}
