//! The Rust half of the JavaScript boundary: the only Rust module that knows JavaScript.
//!
//! The JS half (`pkg-template/src/token.js`) checks JavaScript types (no coercion, lone
//! surrogates refused, throwing getters caught, the browser guard), reads the clock, and
//! calls these functions with plain typed arguments: strings, numbers, bytes. Crossing the
//! boundary once per call with flat arguments is several times cheaper than reading an
//! options object property by property from Rust (measured: see bench/). Everything about
//! tokens themselves (every rule, every check) is decided here by the core; errors are thrown
//! as `IsometrikTokenError` (from `pkg-template/src/errors.js`) with the core's stable code.
//!
//! Conventions: a duration arrives as `(seconds, text)`: `text` when the caller gave a string,
//! else `seconds` (NaN when the option was absent). Times are milliseconds since the epoch.
//! Permissions arrive as a bit set: for permission `i` (in `PERMISSION_NAMES` order), bit `2i`
//! says it is set and bit `2i+1` gives its value. These functions are internal: the package
//! exports the JS wrappers only.

use wasm_bindgen::prelude::*;

use crate::claims::PERMISSION_NAMES;
use crate::duration::{self, Expiry, DEFAULT_EXPIRES_IN, DEFAULT_MAX_EXPIRES_IN};
use crate::error::Error;
use crate::token::{self, Signer, SignerOptions, TokenOptions, VerifyOptions, DEFAULT_LEEWAY};
use crate::{Hs256Key, Permissions};

#[wasm_bindgen(module = "/pkg-template/src/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = tokenError)]
    fn token_error(
        code: &str,
        message: &str,
        field: Option<String>,
        claim: Option<String>,
        payload_json: Option<String>,
    ) -> JsValue;
}

/// Turns a core error into a thrown `IsometrikTokenError`.
fn to_js(err: Error) -> JsValue {
    token_error(
        err.code(),
        &err.to_string(),
        err.field().map(str::to_owned),
        err.claim().map(str::to_owned),
        err.payload_json().map(str::to_owned),
    )
}

fn wipe(mut bytes: Vec<u8>) {
    bytes.fill(0);
    core::hint::black_box(&bytes);
}

/// The secret arrives as text (a JS string, UTF-8 encoded on its way in) or as bytes (a
/// Uint8Array, copied in); either way this is the only copy in wasm memory, wiped after use.
fn secret_of(text: Option<String>, bytes: Option<Vec<u8>>) -> Vec<u8> {
    text.map(String::into_bytes).or(bytes).unwrap_or_default()
}

/// A duration option as the JS half passes it; `None` when absent.
fn seconds_of(field: &'static str, secs: f64, text: Option<String>) -> Result<Option<i64>, Error> {
    match text {
        Some(text) => duration::parse_duration(&text).map(Some),
        None if secs.is_nan() => Ok(None),
        None => duration::seconds_from_number(secs).map(Some),
    }
    .map_err(|e| e.for_field(field))
}

/// Milliseconds since the epoch (from `Date.now()` or `currentDate`) to whole seconds.
fn seconds_since_epoch(millis: f64) -> Result<i64, Error> {
    if !millis.is_finite() {
        return Err(Error::options("currentDate", "is an invalid Date"));
    }
    let secs = (millis / 1000.0).floor();
    if !(0.0..=253_402_300_799.0).contains(&secs) {
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

fn new_signer(
    api_key: &str,
    secret: Vec<u8>,
    allow_weak_secret: bool,
    max_secs: f64,
    max_text: Option<String>,
) -> Result<Signer, Error> {
    let options = seconds_of("maxExpiresIn", max_secs, max_text).map(|max| SignerOptions {
        allow_weak_secret,
        max_expires_in: max.unwrap_or(DEFAULT_MAX_EXPIRES_IN),
    });
    let signer = options.and_then(|o| Signer::with_options(api_key, &secret, o));
    wipe(secret);
    signer
}

#[allow(clippy::too_many_arguments)]
fn create_with(
    signer: &Signer,
    room: &str,
    identity: &str,
    permissions: u32,
    expires_secs: f64,
    expires_text: Option<String>,
    name: Option<String>,
    metadata: Option<String>,
    now_ms: f64,
) -> Result<String, Error> {
    let ttl = seconds_of("expiresIn", expires_secs, expires_text)?;
    signer.create(&TokenOptions {
        room,
        identity,
        permissions: permissions_of(permissions)?,
        // Already resolved to seconds: the bounds are checked by `create`.
        expires_in: Expiry::Seconds(ttl.unwrap_or(DEFAULT_EXPIRES_IN)),
        name: name.as_deref(),
        metadata: metadata.as_deref(),
        now: seconds_since_epoch(now_ms)?,
    })
}

fn verify_with(
    key: &Hs256Key,
    token: &str,
    api_key: Option<&str>,
    room: Option<&str>,
    leeway_secs: f64,
    leeway_text: Option<String>,
    now_ms: f64,
) -> Result<String, Error> {
    // A whole number of seconds goes to the core as it is (zero included, a negative or too
    // large one refused there, as for Rust callers); fractions, NaN and text follow the
    // duration rules.
    let leeway = match leeway_text {
        None if leeway_secs.is_nan() => DEFAULT_LEEWAY,
        #[allow(clippy::cast_possible_truncation)] // whole and far inside i64
        None if leeway_secs.fract() == 0.0 && leeway_secs.abs() < 1e15 => leeway_secs as i64,
        text => seconds_of("clockTolerance", leeway_secs, text)?.unwrap_or(DEFAULT_LEEWAY),
    };
    let options = VerifyOptions {
        now: seconds_since_epoch(now_ms)?,
        leeway,
        api_key,
        room,
    };
    token::verify(key, token, &options).map(|v| v.payload_json)
}

/// A reusable signer: the HMAC key state is derived once. Wrapped by the JS `TokenSigner`.
#[wasm_bindgen(skip_typescript)]
pub struct RawSigner {
    inner: Signer,
}

#[wasm_bindgen]
impl RawSigner {
    /// Builds the signer; the secret bytes are wiped once the key state is derived.
    #[wasm_bindgen(constructor)]
    pub fn new(
        api_key: &str,
        secret_text: Option<String>,
        secret_bytes: Option<Vec<u8>>,
        allow_weak_secret: bool,
        max_secs: f64,
        max_text: Option<String>,
    ) -> Result<RawSigner, JsValue> {
        let secret = secret_of(secret_text, secret_bytes);
        new_signer(api_key, secret, allow_weak_secret, max_secs, max_text)
            .map(|inner| RawSigner { inner })
            .map_err(to_js)
    }

    /// Creates a token.
    #[allow(clippy::too_many_arguments)]
    pub fn create(
        &self,
        room: &str,
        identity: &str,
        permissions: u32,
        expires_secs: f64,
        expires_text: Option<String>,
        name: Option<String>,
        metadata: Option<String>,
        now_ms: f64,
    ) -> Result<String, JsValue> {
        create_with(
            &self.inner,
            room,
            identity,
            permissions,
            expires_secs,
            expires_text,
            name,
            metadata,
            now_ms,
        )
        .map_err(to_js)
    }

    /// Verifies a token (`iss` must be this signer's API key unless `api_key` is given);
    /// returns the payload's JSON text.
    pub fn verify(
        &self,
        token: &str,
        api_key: Option<String>,
        room: Option<String>,
        leeway_secs: f64,
        leeway_text: Option<String>,
        now_ms: f64,
    ) -> Result<String, JsValue> {
        verify_with(
            self.inner.key(),
            token,
            Some(api_key.as_deref().unwrap_or(self.inner.api_key())),
            room.as_deref(),
            leeway_secs,
            leeway_text,
            now_ms,
        )
        .map_err(to_js)
    }

    /// The API key this signer writes as `iss`.
    #[wasm_bindgen(getter, js_name = apiKey)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }
}

/// One-shot create: key derivation and signing in one crossing.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(skip_typescript)]
pub fn raw_create_token(
    api_key: &str,
    secret_text: Option<String>,
    secret_bytes: Option<Vec<u8>>,
    allow_weak_secret: bool,
    max_secs: f64,
    max_text: Option<String>,
    room: &str,
    identity: &str,
    permissions: u32,
    expires_secs: f64,
    expires_text: Option<String>,
    name: Option<String>,
    metadata: Option<String>,
    now_ms: f64,
) -> Result<String, JsValue> {
    RawSigner::new(
        api_key,
        secret_text,
        secret_bytes,
        allow_weak_secret,
        max_secs,
        max_text,
    )?
    .create(
        room,
        identity,
        permissions,
        expires_secs,
        expires_text,
        name,
        metadata,
        now_ms,
    )
}

/// One-shot verify; returns the payload's JSON text.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(skip_typescript)]
pub fn raw_verify_token(
    token: &str,
    secret_text: Option<String>,
    secret_bytes: Option<Vec<u8>>,
    allow_weak_secret: bool,
    api_key: Option<String>,
    room: Option<String>,
    leeway_secs: f64,
    leeway_text: Option<String>,
    now_ms: f64,
) -> Result<String, JsValue> {
    let secret = secret_of(secret_text, secret_bytes);
    let key = Hs256Key::new(&secret, allow_weak_secret);
    wipe(secret);
    key.and_then(|key| {
        verify_with(
            &key,
            token,
            api_key.as_deref(),
            room.as_deref(),
            leeway_secs,
            leeway_text,
            now_ms,
        )
    })
    .map_err(to_js)
}

/// Decodes WITHOUT verifying: the header's JSON text (`part` 0) or the payload's (`part` 1).
#[wasm_bindgen(skip_typescript)]
pub fn raw_decode(token: &str, part: u32) -> Result<String, JsValue> {
    token::decode_json(token)
        .map(|(header, payload)| {
            if part == 0 {
                header.into_owned()
            } else {
                payload
            }
        })
        .map_err(to_js)
}

/// A duration in whole seconds (`field` names the option in errors).
#[wasm_bindgen(skip_typescript)]
pub fn raw_parse_duration(secs: f64, text: Option<String>, field: &str) -> Result<f64, JsValue> {
    let field = match field {
        "clockTolerance" => "clockTolerance",
        "maxExpiresIn" => "maxExpiresIn",
        "margin" => "margin",
        "expiresIn" => "expiresIn",
        _ => "duration",
    };
    match seconds_of(field, secs, text) {
        // At most 12 digits times a year: exact in f64.
        #[allow(clippy::cast_precision_loss)]
        Ok(Some(s)) => Ok(s as f64),
        Ok(None) => Err(to_js(Error::options(field, "is required"))),
        Err(e) => Err(to_js(e)),
    }
}
