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
//! Layers, each using only those before it: `error`; `json` (one strict reader); [`jws`]
//! (compact JWS, HS256 only, the MAC first); [`claims`] (the claims and their rules);
//! [`token`] (create, verify, time); [`verifier`] (several API keys); [`contract`] (the facts
//! the bindings share). [`dangerous::decode`] verifies **nothing**. The wasm boundary sits on
//! top and is the only code that knows JavaScript.

#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod claims;
pub mod contract;
pub mod duration;
mod error;
mod json;
pub mod jws;
mod secret;
mod text;
pub mod token;
pub mod verifier;
#[cfg(target_arch = "wasm32")]
mod wasm;

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

pub use claims::{Claims, Permissions, PERMISSION_NAMES};
pub use duration::{parse_duration, Expiry};
pub use error::{Error, Result, ERROR_CODES};
pub use jws::{Hs256Key, MAX_TOKEN_LEN, MIN_SECRET_LEN};
pub use token::{verify, Signer, SignerOptions, TokenOptions, Verified, VerifyOptions};

/// Reading a token **without verifying it**: no signature, no expiry, no algorithm check.
/// Anyone can write a token that decodes, so nothing read here may decide anything; it is for
/// showing a token to a person or timing its refresh. The name says so, as in jsonwebtoken's
/// `dangerous` module. To decide, use [`verify`], [`Signer::verify`] or [`Verifier`].
pub mod dangerous {
    pub use crate::token::{decode, decode_json, Decoded};
}
pub use verifier::Verifier;
