//! The signing and verifying exports (cargo feature `sign`; the browser build has none).
//! Each function's doc lists the fields it reads from the input buffer.

use wasm_bindgen::prelude::*;

use super::{with_input, Fields};
use crate::claims::PERMISSION_NAMES;
use crate::contract::Field;
use crate::duration::{leeway_from_number, Expiry, DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN};
use crate::error::Error;
use crate::token::{self, Signer, SignerOptions, TokenOptions, VerifyOptions, DEFAULT_LEEWAY};
use crate::{Hs256Key, Permissions};

/// The secret field: the only copy in wasm memory, overwritten when the call returns.
pub(super) fn secret<'a>(input: &Fields<'a>) -> Result<&'a [u8], Error> {
    input
        .bytes(Field::Secret)?
        .ok_or(Error::options(Field::Secret.name(), "is required"))
}

/// Milliseconds since the epoch (from `Date.now()` or `currentDate`) to whole seconds.
pub(super) fn seconds_since_epoch(millis: f64) -> Result<i64, Error> {
    if !millis.is_finite() {
        return Err(Error::options("now", "is an invalid Date"));
    }
    let secs = (millis / 1000.0).floor();
    if !(0.0..=crate::claims::MAX_NUMERIC_DATE as f64).contains(&secs) {
        return Err(Error::options(
            "now",
            "must be between 1970 and the year 9999",
        ));
    }
    // Whole and in range: exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(secs as i64)
}

fn permissions_of(bits: u32) -> Result<Permissions, Error> {
    let mut permissions = Permissions::default();
    for (i, name) in PERMISSION_NAMES.iter().enumerate() {
        let set = 1u32 << (2 * i);
        if bits & set != 0 {
            permissions.set(name, bits & (set << 1) != 0)?;
        }
    }
    Ok(permissions)
}

/// The signer fields: API key, secret, `maxExpiresIn`; `many`: for more than one token.
fn read_signer(input: &Fields<'_>, allow_weak_secret: bool, many: bool) -> Result<Signer, Error> {
    let api_key = input.required(Field::ApiKey)?;
    let secret = secret(input)?;
    let max = input.duration(Field::MaxExpiresIn)?;
    let options = SignerOptions {
        allow_weak_secret,
        max_expires_in: max.unwrap_or(DEFAULT_MAX_EXPIRES_IN),
    };
    if many {
        Signer::with_options(api_key, secret, options)
    } else {
        Signer::for_one_token(api_key, secret, options)
    }
}

/// The token fields: room, identity, name, metadata, `expiresIn`.
fn create_with(
    input: &Fields<'_>,
    signer: &Signer,
    permissions: u32,
    now_ms: f64,
) -> Result<String, Error> {
    let room = input.required(Field::Room)?;
    let identity = input.required(Field::Identity)?;
    let name = input.text(Field::Name)?;
    let metadata = input.text(Field::Metadata)?;
    let ttl = input.duration(Field::ExpiresIn)?;
    signer.create(&TokenOptions {
        room,
        identity,
        permissions: permissions_of(permissions)?,
        // Already resolved to seconds: the bounds are checked by `create`.
        expires_in: Expiry::Seconds(ttl.unwrap_or(DEFAULT_EXPIRES_IN)),
        name,
        metadata,
        now: seconds_since_epoch(now_ms)?,
    })
}

/// `clockTolerance`: text by the duration rules, a number by [`leeway_from_number`].
fn leeway_of(input: &Fields<'_>) -> Result<i64, Error> {
    let secs = input.number(Field::Leeway);
    if input.text(Field::Leeway)?.is_none() && !secs.is_nan() {
        return leeway_from_number(secs).map_err(|e| e.for_field(Field::Leeway.name()));
    }
    Ok(input.duration(Field::Leeway)?.unwrap_or(DEFAULT_LEEWAY))
}

/// A verify call's checks: `api_key` (already read), then the expected room and the
/// leeway from the input, and the clock.
pub(super) fn checks<'a: 'k, 'k>(
    input: &Fields<'a>,
    api_key: Option<&'k str>,
    now_ms: f64,
) -> Result<VerifyOptions<'k>, Error> {
    let room = input.text(Field::Room)?;
    let leeway = leeway_of(input)?;
    Ok(VerifyOptions {
        now: seconds_since_epoch(now_ms)?,
        leeway,
        api_key,
        room,
    })
}

/// The verify fields after the token and the key: expected API key, room, leeway.
fn verify_with(
    input: &Fields<'_>,
    key: &Hs256Key,
    token: &str,
    own_api_key: Option<&str>,
    now_ms: f64,
) -> Result<String, Error> {
    let api_key = input.text(Field::ApiKey)?.or(own_api_key);
    let options = checks(input, api_key, now_ms)?;
    token::verify(key, token, &options).map(|v| v.payload_json)
}

/// A reusable signer: the HMAC key state is derived once. Wrapped by the JS `TokenSigner`.
#[wasm_bindgen(skip_typescript)]
pub struct RawSigner {
    inner: Signer,
}

/// Builds a signer. Input: API key, secret, `maxExpiresIn`.
#[wasm_bindgen(skip_typescript)]
pub fn raw_signer(allow_weak_secret: bool) -> Option<RawSigner> {
    with_input(|input| read_signer(input, allow_weak_secret, true).map(|inner| RawSigner { inner }))
}

#[wasm_bindgen]
impl RawSigner {
    /// Creates a token. Input: room, identity, name, metadata, `expiresIn`.
    pub fn create(&self, permissions: u32, now_ms: f64) -> Option<String> {
        with_input(|input| create_with(input, &self.inner, permissions, now_ms))
    }

    /// Verifies a token (`iss` must be this signer's API key unless an API key is given) and
    /// returns the payload's JSON text. Input: token, API key, room, `clockTolerance`.
    pub fn verify(&self, now_ms: f64) -> Option<String> {
        with_input(|input| {
            let token = input.required(Field::Token)?;
            let own = Some(self.inner.api_key());
            verify_with(input, self.inner.key(), token, own, now_ms)
        })
    }

    /// The API key this signer writes as `iss`.
    #[wasm_bindgen(getter, js_name = apiKey)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }
}

/// One-shot create: key derivation and signing in one crossing. Input: the signer's fields
/// (API key, secret, `maxExpiresIn`), then the token's (room, identity, name, metadata,
/// `expiresIn`).
#[wasm_bindgen(skip_typescript)]
pub fn raw_create_token(allow_weak_secret: bool, permissions: u32, now_ms: f64) -> Option<String> {
    with_input(|input| {
        let signer = read_signer(input, allow_weak_secret, false)?;
        create_with(input, &signer, permissions, now_ms)
    })
}

/// One-shot verify; returns the payload's JSON text. Input: token, secret, API key, room,
/// `clockTolerance`.
#[wasm_bindgen(skip_typescript)]
pub fn raw_verify_token(allow_weak_secret: bool, now_ms: f64) -> Option<String> {
    with_input(|input| {
        let token = input.required(Field::Token)?;
        let key = Hs256Key::new(secret(input)?, allow_weak_secret)?;
        verify_with(input, &key, token, None, now_ms)
    })
}
