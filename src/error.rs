//! The crate's one error type. Every variant has a stable string code (`ERR_*`) that callers
//! (and the JavaScript package) switch on; messages are for humans and may change.
//!
//! No message ever contains a secret or a whole token: variants carry only static reasons,
//! field/claim names, and (for authentic but expired tokens) the time and the payload text.
//! It imports no domain type: it is the bottom layer (`Claims::from_json` reads the claims
//! of an expired token back).

use core::fmt;
use std::borrow::Cow;

use crate::decimal::{push_int, push_utc};

/// Everything that can go wrong when creating, decoding or verifying a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input option is missing, has the wrong type or breaks a documented rule.
    /// Code `ERR_INVALID_OPTIONS`.
    InvalidOptions {
        /// The option at fault, by the core's name (e.g. `room` or `permissions.canFly`).
        field: Cow<'static, str>,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The secret is empty, or shorter than 32 bytes without `allow_weak_secret`.
    /// Code `ERR_WEAK_SECRET`.
    WeakSecret {
        /// Why it was refused.
        reason: &'static str,
    },
    /// An expiry is zero, negative, not finite, without a unit, malformed or above the
    /// configured maximum. Code `ERR_INVALID_DURATION`.
    InvalidDuration {
        /// The option at fault: `expires_in` unless the caller says otherwise
        /// (`leeway`, `max_expires_in`, ...).
        field: Cow<'static, str>,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The token is longer than [`crate::contract::MAX_TOKEN_LEN`] (or creating it would make one).
    /// Code `ERR_TOKEN_TOO_LARGE`.
    TokenTooLarge,
    /// The token is not a strict compact JWS: wrong number of segments, non-canonical
    /// base64url, header or payload not a JSON object, duplicate member names...
    /// Code `ERR_MALFORMED_TOKEN`.
    MalformedToken {
        /// Why it was refused.
        reason: &'static str,
    },
    /// The header's `alg` is missing, not a string, or anything but exactly `HS256`.
    /// Code `ERR_UNSUPPORTED_ALG`.
    UnsupportedAlg,
    /// The header has a parameter we refuse: any `crit`, a `typ` other than `JWT`,
    /// `b64` other than `true`. Code `ERR_UNSUPPORTED_HEADER`.
    UnsupportedHeader {
        /// The header parameter at fault.
        param: &'static str,
    },
    /// The signature is not the HMAC-SHA256 of the signing input under this key.
    /// Code `ERR_BAD_SIGNATURE`.
    BadSignature,
    /// The token is authentic but `now >= exp + leeway`. Code `ERR_EXPIRED`.
    Expired {
        /// The token's `exp`.
        exp: i64,
        /// The payload's exact JSON text (authenticated).
        payload_json: String,
    },
    /// The token is authentic but `now < nbf - leeway`. Code `ERR_NOT_YET_VALID`.
    NotYetValid {
        /// The token's `nbf`.
        nbf: i64,
        /// The payload's exact JSON text (authenticated).
        payload_json: String,
    },
    /// A claim is missing or has the wrong type or value. Code `ERR_CLAIM_INVALID`.
    ClaimInvalid {
        /// The claim at fault, e.g. `exp` or `permissions.canPublish`.
        claim: Cow<'static, str>,
        /// Why it was refused.
        reason: &'static str,
    },
    /// `iss` differs from the expected API key. Code `ERR_ISSUER_MISMATCH`.
    IssuerMismatch,
    /// `room` differs from the expected room. Code `ERR_ROOM_MISMATCH`.
    RoomMismatch,
    /// A secret was used in a web page without `dangerouslyAllowBrowser: true` (raised by the
    /// JavaScript boundary only). Code `ERR_BROWSER_SECRET`.
    BrowserSecret,
    /// WebAssembly could not be compiled or instantiated where the package runs (refused by a
    /// policy, no WebAssembly at all, out of memory, ...). Raised by the JavaScript boundary
    /// only, which appends one of [`crate::contract::WASM_UNAVAILABLE_REASONS`] to the message.
    /// Code `ERR_WASM_UNAVAILABLE`.
    WasmUnavailable,
}

/// Every stable error code, in declaration order.
pub const ERROR_CODES: [&str; 15] = [
    "ERR_INVALID_OPTIONS",
    "ERR_WEAK_SECRET",
    "ERR_INVALID_DURATION",
    "ERR_TOKEN_TOO_LARGE",
    "ERR_MALFORMED_TOKEN",
    "ERR_UNSUPPORTED_ALG",
    "ERR_UNSUPPORTED_HEADER",
    "ERR_BAD_SIGNATURE",
    "ERR_EXPIRED",
    "ERR_NOT_YET_VALID",
    "ERR_CLAIM_INVALID",
    "ERR_ISSUER_MISMATCH",
    "ERR_ROOM_MISMATCH",
    "ERR_BROWSER_SECRET",
    "ERR_WASM_UNAVAILABLE",
];

impl Error {
    /// The stable code, e.g. `"ERR_EXPIRED"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidOptions { .. } => "ERR_INVALID_OPTIONS",
            Error::WeakSecret { .. } => "ERR_WEAK_SECRET",
            Error::InvalidDuration { .. } => "ERR_INVALID_DURATION",
            Error::TokenTooLarge => "ERR_TOKEN_TOO_LARGE",
            Error::MalformedToken { .. } => "ERR_MALFORMED_TOKEN",
            Error::UnsupportedAlg => "ERR_UNSUPPORTED_ALG",
            Error::UnsupportedHeader { .. } => "ERR_UNSUPPORTED_HEADER",
            Error::BadSignature => "ERR_BAD_SIGNATURE",
            Error::Expired { .. } => "ERR_EXPIRED",
            Error::NotYetValid { .. } => "ERR_NOT_YET_VALID",
            Error::ClaimInvalid { .. } => "ERR_CLAIM_INVALID",
            Error::IssuerMismatch => "ERR_ISSUER_MISMATCH",
            Error::RoomMismatch => "ERR_ROOM_MISMATCH",
            Error::BrowserSecret => "ERR_BROWSER_SECRET",
            Error::WasmUnavailable => "ERR_WASM_UNAVAILABLE",
        }
    }

    /// The option at fault, for `ERR_INVALID_OPTIONS` and `ERR_INVALID_DURATION`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidOptions { field, .. } | Error::InvalidDuration { field, .. } => {
                Some(field)
            }
            _ => None,
        }
    }

    /// The same error with its option renamed by `rename` (`None`: kept): how a binding reports
    /// the core's field names (`room`, `identity`, `leeway`...) by its own option names (the
    /// glossary in the crate docs).
    pub fn renamed(self, rename: impl FnOnce(&str) -> Option<Cow<'static, str>>) -> Self {
        match self {
            Error::InvalidOptions { field, reason } => Error::InvalidOptions {
                field: rename(&field).unwrap_or(field),
                reason,
            },
            Error::InvalidDuration { field, reason } => Error::InvalidDuration {
                field: rename(&field).unwrap_or(field),
                reason,
            },
            other => other,
        }
    }

    /// For a duration error, names the option it came from (other errors are unchanged).
    pub fn for_field(self, name: &'static str) -> Self {
        match self {
            Error::InvalidDuration { reason, .. } => Error::InvalidDuration {
                field: Cow::Borrowed(name),
                reason,
            },
            other => other,
        }
    }

    /// The payload's JSON text of a token that failed only its time check (authenticated);
    /// `Claims::from_json` reads its claims.
    pub fn payload_json(&self) -> Option<&str> {
        match self {
            Error::Expired { payload_json, .. } | Error::NotYetValid { payload_json, .. } => {
                Some(payload_json)
            }
            _ => None,
        }
    }

    /// Why, as data: the rule that was broken (`"must be at most 256 UTF-8 bytes"`), for the
    /// errors that carry one; the message is built from it. Callers that show their own text
    /// (the CLI, a form) use this with [`Error::field`] / [`Error::claim`] instead of parsing
    /// the message.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::InvalidOptions { reason, .. }
            | Error::WeakSecret { reason }
            | Error::InvalidDuration { reason, .. }
            | Error::MalformedToken { reason }
            | Error::ClaimInvalid { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The claim at fault, for `ERR_CLAIM_INVALID` (and `exp`/`nbf`/`iss`/`room` for the
    /// time and mismatch errors).
    pub fn claim(&self) -> Option<&str> {
        match self {
            Error::ClaimInvalid { claim, .. } => Some(claim),
            Error::Expired { .. } => Some("exp"),
            Error::NotYetValid { .. } => Some("nbf"),
            Error::IssuerMismatch => Some("iss"),
            Error::RoomMismatch => Some("room"),
            _ => None,
        }
    }

    pub(crate) fn options(field: &'static str, reason: &'static str) -> Self {
        Error::InvalidOptions {
            field: Cow::Borrowed(field),
            reason,
        }
    }

    pub(crate) fn claim_invalid(claim: &'static str, reason: &'static str) -> Self {
        Error::ClaimInvalid {
            claim: Cow::Borrowed(claim),
            reason,
        }
    }

    pub(crate) fn duration(reason: &'static str) -> Self {
        Error::InvalidDuration {
            field: Cow::Borrowed("expires_in"),
            reason,
        }
    }

    pub(crate) fn malformed(reason: &'static str) -> Self {
        Error::MalformedToken { reason }
    }
}

impl Error {
    /// The human-readable message (what `Display` shows), built without `core::fmt`: the wasm
    /// boundary sends it to JavaScript, and formatting machinery would weigh on the browser
    /// build for a few sentences.
    pub fn message(&self) -> String {
        let mut m = String::with_capacity(96);
        match self {
            Error::InvalidOptions { field, reason } | Error::InvalidDuration { field, reason } => {
                push_option_message(&mut m, field, reason);
            }
            Error::WeakSecret { reason } => {
                m.push_str("weak secret: ");
                m.push_str(reason);
            }
            Error::TokenTooLarge => {
                m.push_str("token is larger than the maximum of ");
                push_int(&mut m, crate::limits::MAX_TOKEN_LEN as i64, 1);
                m.push_str(" bytes");
            }
            Error::MalformedToken { reason } => {
                m.push_str("malformed token: ");
                m.push_str(reason);
            }
            Error::UnsupportedAlg => {
                m.push_str("unsupported algorithm: the header's `alg` must be exactly \"HS256\"");
            }
            Error::UnsupportedHeader { param } => {
                m.push_str("unsupported header parameter `");
                m.push_str(param);
                m.push('`');
            }
            Error::BadSignature => m.push_str("signature verification failed"),
            Error::Expired { exp, .. } => {
                m.push_str("token expired at ");
                push_utc(&mut m, *exp);
                m.push_str(" (exp ");
                push_int(&mut m, *exp, 1);
                m.push(')');
            }
            Error::NotYetValid { nbf, .. } => {
                m.push_str("token is not valid before ");
                push_utc(&mut m, *nbf);
                m.push_str(" (nbf ");
                push_int(&mut m, *nbf, 1);
                m.push(')');
            }
            Error::ClaimInvalid { claim, reason } => {
                m.push_str("invalid claim `");
                m.push_str(claim);
                m.push_str("`: ");
                m.push_str(reason);
            }
            Error::IssuerMismatch => {
                m.push_str("unexpected issuer: `iss` is not the expected API key");
            }
            Error::RoomMismatch => m.push_str("unexpected room: `room` is not the expected room"),
            Error::BrowserSecret => m.push_str(
                "refusing to use an API secret in a web page; pass `dangerouslyAllowBrowser: true` to override",
            ),
            Error::WasmUnavailable => m.push_str("WebAssembly could not be loaded here"),
        }
        m
    }
}

/// The one wording of an option error: ``invalid option `field`: reason``. The bindings use
/// it for the errors they raise themselves (Python through [`option_message`], JavaScript
/// through the contract's `OPTION_MESSAGE`).
fn push_option_message(m: &mut String, field: &str, reason: &str) {
    m.push_str("invalid option `");
    m.push_str(field);
    m.push_str("`: ");
    m.push_str(reason);
}

/// The message of an option error about `field` (a binding's own option name), as the core
/// words its own.
pub fn option_message(field: &str, reason: &str) -> String {
    let mut m = String::with_capacity(20 + field.len() + reason.len());
    push_option_message(&mut m, field, reason);
    m
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

/// Shorthand for `core::result::Result<T, Error>`.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages() {
        let expired = Error::Expired {
            exp: 1_700_003_600,
            payload_json: String::new(),
        };
        assert_eq!(
            expired.to_string(),
            "token expired at 2023-11-14T23:13:20Z (exp 1700003600)"
        );
        assert_eq!(
            Error::TokenTooLarge.to_string(),
            "token is larger than the maximum of 16384 bytes"
        );
        assert_eq!(
            Error::options("room", "is required").message(),
            "invalid option `room`: is required"
        );
    }
}
