//! Create, decode and verify **Isometrik access tokens**: HS256 JSON Web Tokens signed with
//! an API secret, carrying `iss` (API key), `sub` (participant identity), `room`, `iat`, `nbf`,
//! `exp` and a `permissions` object.
//!
//! Pure Rust (`hmac`, `sha2`, `base64`, `serde`, `serde_json`), no clock reads, no panics,
//! no `unsafe`. The same core runs natively and, through `src/wasm.rs`, as the npm package
//! `isometrik-token`.
//!
//! ```
//! use isometrik_token::{Expiry, Permissions, Signer, TokenOptions, VerifyOptions};
//!
//! let signer = Signer::new("APIkey123", b"a-secret-of-at-least-32-bytes!!!")?;
//! let now = 1_700_000_000; // the caller's clock, seconds since the epoch
//! let token = signer.create(
//!     &TokenOptions::new("daily-standup", "alice", now)
//!         .with_permissions(Permissions::publisher())
//!         .with_expires_in(Expiry::Text("1h")),
//! )?;
//! let claims = signer.verify(&token, &VerifyOptions::at(now + 60))?;
//! assert_eq!(claims.identity, "alice");
//! assert!(claims.permissions.allows("canPublish"));
//! # Ok::<(), isometrik_token::Error>(())
//! ```
//!
//! # Glossary
//!
//! One word per idea in the core; the bindings keep the names that make them compatible with
//! the original `@isometrik/client` and map at their edge (the wasm half in `src/wasm.rs`,
//! Python in `python/src/errors.rs`). An error's [`Error::field`] is the core's name here, and
//! each binding's errors carry its own.
//!
//! | Idea | Core (Rust) | JavaScript | Python | CLI | In the token |
//! |---|---|---|---|---|---|
//! | API key (the issuer) | `api_key` | `apiKey` | `api_key` | `--api-key`, `ISOMETRIK_API_KEY` | `iss` |
//! | API secret | `secret` | `apiSecret` | `api_secret` | `--secret-file`, `ISOMETRIK_API_SECRET` | (the HMAC key) |
//! | identity | `identity` | `participantName` | `participant_name` | `--identity` | `sub` |
//! | room | `room` | `roomId` | `room_id` | `--room` | `room` |
//! | display name | `name` | `name` | `name` | `--name` | `name` |
//! | lifetime | `expires_in` | `expiresIn` | `expires_in` | `--ttl` | `exp` − `iat` |
//! | longest lifetime | `max_expires_in` | `maxExpiresIn` | `max_expires_in` | | |
//! | leeway | `leeway` | `clockTolerance` | `clock_tolerance` | `--clock-tolerance` | (applied to `exp`, `nbf`) |
//! | the clock | `now` | `currentDate` | `current_date` | | `iat`, `nbf` |
//!
//! # Layers
//!
//! This is the one description of the core's layers; each uses only those before it, and all
//! modules are private (the API is re-exported here, each item at one path):
//! - `limits` (sizes of tokens and secrets), `decimal` (integers and dates as text) and `error` (the one [`Error`] enum and its
//!   stable codes): the bottom, importing no domain type;
//! - `json`: one strict JSON reader and writer (no duplicate members, exact numbers);
//! - `jws`: compact JWS, HS256 only ([`Hs256Key`]), the MAC checked before any JSON is read;
//! - `text`, `secret`, `claims`, `duration`: the rules of identities and names, secrets,
//!   claims ([`Claims`], [`Permissions`]) and lifetimes ([`Expiry`], [`parse_duration`]);
//! - `token`: create and verify with the caller's clock ([`Signer`], [`verify`]);
//!   `verifier`: several API keys, picked by `iss` ([`Verifier`]);
//! - [`contract`]: the facts every binding shares (limits, defaults, names, error codes, and
//!   the fields that cross the wasm boundary);
//! - [`dangerous`]: reading a token without verifying it.
//!
//! The wasm boundary (`src/wasm.rs`, wasm32 only) sits on top and is the only code that knows
//! JavaScript; the Python binding (`python/`) is a separate crate over this API.

#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod base64url;
mod claims;
pub mod contract;
mod decimal;
mod duration;
mod error;
mod json;
mod jws;
mod limits;
mod secret;
mod text;
mod token;
mod verifier;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod word;

/// Internal readers for the differential fuzz targets (feature `fuzzing`); not part of the API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    /// The strict JSON reader's verdict on `bytes`: `Ok` for one valid object, else the kind
    /// of refusal: `"invalid"`, `"duplicate"` or `"not-object"`.
    pub fn json_kind(bytes: &[u8]) -> Result<(), &'static str> {
        use crate::json::{read_object, JsonError, SkipAll};
        read_object(bytes, SkipAll).map(drop).map_err(|e| match e {
            JsonError::Invalid => "invalid",
            JsonError::Duplicate => "duplicate",
            JsonError::NotObject => "not-object",
        })
    }
}

// The public API, each item at one path: the modules are private. The limits, defaults, names
// and codes the bindings share are in [`contract`].
pub use claims::{Claims, Permissions};
pub use duration::{leeway_from_number, parse_duration, seconds_from_number, Expiry};
pub use error::{Error, Result};
pub use jws::Hs256Key;
pub use token::{verify, Signer, SignerOptions, TokenOptions, Verified, VerifyOptions};

/// Reading a token **without verifying it**: no signature, no expiry, no algorithm check.
/// Anyone can write a token that decodes, so nothing read here may decide anything; it is for
/// showing a token to a person or timing its refresh. The name says so, as in jsonwebtoken's
/// `dangerous` module. To decide, use [`verify`], [`Signer::verify`] or [`Verifier`].
pub mod dangerous {
    pub use crate::token::{decode, decode_json, Decoded};
}
pub use verifier::Verifier;
