//! The signing and verifying exports (cargo feature `sign`; the browser build has none).
//! Each function's doc lists the fields it reads from the input buffer, in order.

use wasm_bindgen::prelude::*;

use super::{seconds_of, with_input, Fields};
use crate::claims::PERMISSION_NAMES;
use crate::duration::{Expiry, DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN};
use crate::error::Error;
use crate::token::{self, Signer, SignerOptions, TokenOptions, VerifyOptions, DEFAULT_LEEWAY};
use crate::{Hs256Key, Permissions};

/// The secret field: the only copy in wasm memory, overwritten when the call returns.
pub(super) fn secret<'a>(input: &mut Fields<'a>, len: i32) -> Result<&'a [u8], Error> {
    input
        .bytes(len, "apiSecret")?
        .ok_or(Error::options("apiSecret", "is required"))
}

/// Milliseconds since the epoch (from `Date.now()` or `currentDate`) to whole seconds.
pub(super) fn seconds_since_epoch(millis: f64) -> Result<i64, Error> {
    if !millis.is_finite() {
        return Err(Error::options("currentDate", "is an invalid Date"));
    }
    let secs = (millis / 1000.0).floor();
    if !(0.0..=crate::claims::MAX_NUMERIC_DATE as f64).contains(&secs) {
        return Err(Error::options(
            "currentDate",
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

/// The signer fields: API key, secret, `maxExpiresIn` text.
fn read_signer(
    input: &mut Fields<'_>,
    lens: [i32; 3],
    allow_weak_secret: bool,
    max_secs: f64,
) -> Result<Signer, Error> {
    let [key_len, secret_len, max_len] = lens;
    let api_key = input.required(key_len, "apiKey")?;
    let secret = secret(input, secret_len)?;
    let max = seconds_of(
        "maxExpiresIn",
        max_secs,
        input.text(max_len, "maxExpiresIn")?,
    )?;
    let options = SignerOptions {
        allow_weak_secret,
        max_expires_in: max.unwrap_or(DEFAULT_MAX_EXPIRES_IN),
    };
    Signer::with_options(api_key, secret, options)
}

/// The token fields: room, identity, name, metadata, `expiresIn` text.
fn create_with(
    input: &mut Fields<'_>,
    signer: &Signer,
    lens: [i32; 5],
    permissions: u32,
    expires_secs: f64,
    now_ms: f64,
) -> Result<String, Error> {
    let [room_len, identity_len, name_len, metadata_len, expires_len] = lens;
    let room = input.required(room_len, "roomId")?;
    let identity = input.required(identity_len, "participantName")?;
    let name = input.text(name_len, "name")?;
    let metadata = input.text(metadata_len, "metadata")?;
    let expires_text = input.text(expires_len, "expiresIn")?;
    let ttl = seconds_of("expiresIn", expires_secs, expires_text)?;
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

/// `clockTolerance`: a whole number of seconds goes to the core as it is (zero included; a
/// negative or too large one refused there with the leeway's own range, as for Rust callers);
/// fractions, NaN and text follow the duration rules.
pub(super) fn leeway_of(secs: f64, text: Option<&str>) -> Result<i64, Error> {
    match text {
        None if secs.is_nan() => Ok(DEFAULT_LEEWAY),
        // Whole; beyond ±1e15 it is out of range anyway, and i64::MAX says so.
        #[allow(clippy::cast_possible_truncation)]
        None if secs.fract() == 0.0 => Ok(if secs.abs() < 1e15 {
            secs as i64
        } else {
            i64::MAX
        }),
        text => Ok(seconds_of("clockTolerance", secs, text)?.unwrap_or(DEFAULT_LEEWAY)),
    }
}

/// The verify fields after the token: expected API key, expected room, `clockTolerance` text.
fn verify_with(
    input: &mut Fields<'_>,
    key: &Hs256Key,
    token: &str,
    own_api_key: Option<&str>,
    lens: [i32; 3],
    leeway_secs: f64,
    now_ms: f64,
) -> Result<String, Error> {
    let [key_len, room_len, leeway_len] = lens;
    let api_key = input.text(key_len, "apiKey")?.or(own_api_key);
    let options = checks(input, api_key, [room_len, leeway_len], leeway_secs, now_ms)?;
    token::verify(key, token, &options).map(|v| v.payload_json)
}

/// A verify call's checks: `api_key` (already read), then the expected room and the
/// `clockTolerance` text from the input, the leeway and the clock.
pub(super) fn checks<'a: 'k, 'k>(
    input: &mut Fields<'a>,
    api_key: Option<&'k str>,
    [room_len, leeway_len]: [i32; 2],
    leeway_secs: f64,
    now_ms: f64,
) -> Result<VerifyOptions<'k>, Error> {
    let room = input.text(room_len, "roomId")?;
    let leeway = leeway_of(leeway_secs, input.text(leeway_len, "clockTolerance")?)?;
    Ok(VerifyOptions {
        now: seconds_since_epoch(now_ms)?,
        leeway,
        api_key,
        room,
    })
}

/// A reusable signer: the HMAC key state is derived once. Wrapped by the JS `TokenSigner`.
#[wasm_bindgen(skip_typescript)]
pub struct RawSigner {
    inner: Signer,
}

/// Builds a signer. Input: API key, secret, `maxExpiresIn` text.
#[wasm_bindgen(skip_typescript)]
pub fn raw_signer(
    key_len: i32,
    secret_len: i32,
    max_len: i32,
    allow_weak_secret: bool,
    max_secs: f64,
) -> Option<RawSigner> {
    with_input(|input| {
        read_signer(
            input,
            [key_len, secret_len, max_len],
            allow_weak_secret,
            max_secs,
        )
        .map(|inner| RawSigner { inner })
    })
}

#[wasm_bindgen]
impl RawSigner {
    /// Creates a token. Input: room, identity, name, metadata, `expiresIn` text.
    #[allow(clippy::too_many_arguments)]
    pub fn create(
        &self,
        room_len: i32,
        identity_len: i32,
        name_len: i32,
        metadata_len: i32,
        expires_len: i32,
        permissions: u32,
        expires_secs: f64,
        now_ms: f64,
    ) -> Option<String> {
        with_input(|input| {
            let lens = [room_len, identity_len, name_len, metadata_len, expires_len];
            create_with(input, &self.inner, lens, permissions, expires_secs, now_ms)
        })
    }

    /// Verifies a token (`iss` must be this signer's API key unless an API key is given) and
    /// returns the payload's JSON text. Input: token, API key, room, `clockTolerance` text.
    pub fn verify(
        &self,
        token_len: i32,
        key_len: i32,
        room_len: i32,
        leeway_len: i32,
        leeway_secs: f64,
        now_ms: f64,
    ) -> Option<String> {
        with_input(|input| {
            let token = input.required(token_len, "token")?;
            let own = Some(self.inner.api_key());
            let lens = [key_len, room_len, leeway_len];
            verify_with(
                input,
                self.inner.key(),
                token,
                own,
                lens,
                leeway_secs,
                now_ms,
            )
        })
    }

    /// The API key this signer writes as `iss`.
    #[wasm_bindgen(getter, js_name = apiKey)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }
}

/// One-shot create: key derivation and signing in one crossing. Input: the signer's fields
/// (API key, secret, `maxExpiresIn` text), then the token's (room, identity, name, metadata,
/// `expiresIn` text).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(skip_typescript)]
pub fn raw_create_token(
    key_len: i32,
    secret_len: i32,
    max_len: i32,
    room_len: i32,
    identity_len: i32,
    name_len: i32,
    metadata_len: i32,
    expires_len: i32,
    allow_weak_secret: bool,
    max_secs: f64,
    permissions: u32,
    expires_secs: f64,
    now_ms: f64,
) -> Option<String> {
    with_input(|input| {
        let signer_lens = [key_len, secret_len, max_len];
        let signer = read_signer(input, signer_lens, allow_weak_secret, max_secs)?;
        let lens = [room_len, identity_len, name_len, metadata_len, expires_len];
        create_with(input, &signer, lens, permissions, expires_secs, now_ms)
    })
}

/// One-shot verify; returns the payload's JSON text. Input: token, secret, API key, room,
/// `clockTolerance` text.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(skip_typescript)]
pub fn raw_verify_token(
    token_len: i32,
    secret_len: i32,
    key_len: i32,
    room_len: i32,
    leeway_len: i32,
    allow_weak_secret: bool,
    leeway_secs: f64,
    now_ms: f64,
) -> Option<String> {
    with_input(|input| {
        let token = input.required(token_len, "token")?;
        let key = Hs256Key::new(secret(input, secret_len)?, allow_weak_secret)?;
        let lens = [key_len, room_len, leeway_len];
        verify_with(input, &key, token, None, lens, leeway_secs, now_ms)
    })
}
