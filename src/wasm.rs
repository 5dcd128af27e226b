//! The JavaScript boundary: the only module that knows JavaScript. It reads and type-checks
//! options, reads the clock (the core never does), calls the core and turns its errors into
//! `IsometrikTokenError` instances (from `pkg-template/src/errors.js`) with a stable `.code`.
//!
//! Every argument arrives as a `JsValue` and is checked here: wasm-bindgen's own `&str`
//! conversion would coerce a number to a string and turn a lone surrogate into U+FFFD.
//! Property reads are `catch` imports, so a throwing getter or Proxy becomes an
//! `ERR_INVALID_OPTIONS` and never unwinds through Rust (which would leave a signer borrowed).

use std::cell::Cell;

use js_sys::{Array, Date, JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::duration::{self, Expiry, DEFAULT_MAX_EXPIRES_IN};
use crate::error::Error;
use crate::token::{self, Signer, SignerOptions, TokenOptions, VerifyOptions, DEFAULT_LEEWAY};
use crate::Permissions;

#[wasm_bindgen(module = "/pkg-template/src/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = tokenError)]
    fn token_error(
        code: &str,
        message: &str,
        field: Option<String>,
        claim: Option<String>,
        claims_json: Option<String>,
    ) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// Any options object; fields are read with checked getters.
    type Options;
    #[wasm_bindgen(catch, method, getter, js_name = apiKey)]
    fn api_key(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = apiSecret)]
    fn api_secret(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = roomId)]
    fn room_id(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = participantName)]
    fn participant_name(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn permissions(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = expiresIn)]
    fn expires_in(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn name(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn metadata(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = currentDate)]
    fn current_date(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = clockTolerance)]
    fn clock_tolerance(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = allowWeakSecret)]
    fn allow_weak_secret(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = maxExpiresIn)]
    fn max_expires_in(this: &Options) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = dangerouslyAllowBrowser)]
    fn dangerously_allow_browser(this: &Options) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;

    /// `globalThis.document`, to tell a web page from a server runtime.
    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = document)]
    static DOCUMENT: JsValue;
}

type JsResult<T> = Result<T, JsValue>;

/// Turns a core error into a thrown `IsometrikTokenError`.
fn to_js(err: Error) -> JsValue {
    let claims_json = err
        .claims()
        .and_then(|claims| serde_json::to_string(claims).ok());
    token_error(
        err.code(),
        &err.to_string(),
        err.field().map(str::to_owned),
        err.claim().map(str::to_owned),
        claims_json,
    )
}

fn invalid(field: &'static str, reason: &'static str) -> Error {
    Error::options(field, reason)
}

/// Reads one property, turning a throwing getter into ERR_INVALID_OPTIONS.
fn read(field: &'static str, got: Result<JsValue, JsValue>) -> Result<Option<JsValue>, Error> {
    let value = got.map_err(|_| invalid(field, "could not be read"))?;
    Ok(if value.is_undefined() {
        None
    } else {
        Some(value)
    })
}

fn options_object<'a>(value: &'a JsValue, what: &'static str) -> Result<&'a Options, Error> {
    if value.is_object() && !Array::is_array(value) {
        Ok(value.unchecked_ref::<Options>())
    } else {
        Err(invalid(what, "must be an options object"))
    }
}

/// A string, refusing other types and lone surrogates (which would become U+FFFD).
fn string(field: &'static str, value: &JsValue) -> Result<String, Error> {
    let Some(text) = value.as_string() else {
        return Err(invalid(field, "must be a string"));
    };
    if text.contains('\u{FFFD}') {
        let well_formed = value
            .dyn_ref::<JsString>()
            .is_some_and(JsString::is_valid_utf16);
        if !well_formed {
            return Err(invalid(
                field,
                "contains a lone surrogate (not valid Unicode)",
            ));
        }
    }
    Ok(text)
}

fn optional_string(
    field: &'static str,
    got: Result<JsValue, JsValue>,
) -> Result<Option<String>, Error> {
    read(field, got)?.map(|v| string(field, &v)).transpose()
}

fn required_string(field: &'static str, got: Result<JsValue, JsValue>) -> Result<String, Error> {
    optional_string(field, got)?.ok_or(invalid(field, "is required"))
}

fn boolean(field: &'static str, got: Result<JsValue, JsValue>) -> Result<bool, Error> {
    match read(field, got)? {
        None => Ok(false),
        Some(v) => v.as_bool().ok_or(invalid(field, "must be a boolean")),
    }
}

/// Secret bytes from a string (UTF-8) or a Uint8Array (including Node's Buffer).
/// The caller must `wipe` the returned bytes once the key is built.
fn secret(got: Result<JsValue, JsValue>) -> Result<Vec<u8>, Error> {
    let value = read("apiSecret", got)?.ok_or(invalid("apiSecret", "is required"))?;
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if value.is_string() {
        return Ok(string("apiSecret", &value)?.into_bytes());
    }
    Err(invalid("apiSecret", "must be a string or a Uint8Array"))
}

fn wipe(mut bytes: Vec<u8>) {
    bytes.fill(0);
    core::hint::black_box(&bytes);
}

/// Seconds from a number or a duration string.
fn seconds(field: &'static str, value: &JsValue) -> Result<i64, Error> {
    if let Some(n) = value.as_f64() {
        return duration::seconds_from_number(n);
    }
    if value.is_string() {
        return duration::parse_duration(&string(field, value)?);
    }
    Err(invalid(
        field,
        "must be a number of seconds or a duration string like \"1h\"",
    ))
}

/// `currentDate` (a Date) or the real clock, as whole seconds since the epoch.
fn now(got: Result<JsValue, JsValue>) -> Result<i64, Error> {
    let millis = match read("currentDate", got)? {
        None => Date::now(),
        Some(v) => v
            .dyn_ref::<Date>()
            .map(Date::get_time)
            .ok_or(invalid("currentDate", "must be a Date"))?,
    };
    if !millis.is_finite() {
        return Err(invalid("currentDate", "is an invalid Date"));
    }
    let secs = (millis / 1000.0).floor();
    if !(0.0..=253_402_300_799.0).contains(&secs) {
        return Err(invalid(
            "currentDate",
            "must be between 1970 and the year 9999",
        ));
    }
    // Whole and in range: exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(secs as i64)
}

fn permissions(got: Result<JsValue, JsValue>) -> Result<Permissions, Error> {
    let mut permissions = Permissions::default();
    let Some(value) = read("permissions", got)? else {
        return Ok(permissions);
    };
    if !value.is_object() || Array::is_array(&value) {
        return Err(invalid("permissions", "must be an object of booleans"));
    }
    let entries =
        object_entries(&value).map_err(|_| invalid("permissions", "could not be read"))?;
    for entry in entries.iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let granted = entry.get(1);
        let Some(granted) = granted.as_bool() else {
            // Validate the name first so an unknown name is reported as such.
            permissions.set(&name, false)?;
            return Err(Error::InvalidOptions {
                field: format!("permissions.{name}").into(),
                reason: "must be a boolean",
            });
        };
        permissions.set(&name, granted)?;
    }
    Ok(permissions)
}

thread_local! {
    static IN_PAGE: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Refuses to handle a secret in a web page unless explicitly allowed.
fn browser_guard(options: &Options) -> Result<(), Error> {
    let in_page = IN_PAGE.with(|cached| {
        cached.get().unwrap_or_else(|| {
            let found = DOCUMENT.with(|d| !d.is_undefined() && !d.is_null());
            cached.set(Some(found));
            found
        })
    });
    if in_page
        && !boolean(
            "dangerouslyAllowBrowser",
            options.dangerously_allow_browser(),
        )?
    {
        return Err(Error::BrowserSecret);
    }
    Ok(())
}

fn signer_options(options: &Options) -> Result<SignerOptions, Error> {
    let max_expires_in = match read("maxExpiresIn", options.max_expires_in())? {
        None => DEFAULT_MAX_EXPIRES_IN,
        Some(v) => seconds("maxExpiresIn", &v)?,
    };
    Ok(SignerOptions {
        allow_weak_secret: boolean("allowWeakSecret", options.allow_weak_secret())?,
        max_expires_in,
    })
}

fn new_signer(options: &JsValue) -> Result<Signer, Error> {
    let options = options_object(options, "options")?;
    browser_guard(options)?;
    let api_key = required_string("apiKey", options.api_key())?;
    let signer_options = signer_options(options)?;
    let secret = secret(options.api_secret())?;
    let signer = Signer::with_options(&api_key, &secret, signer_options);
    wipe(secret);
    signer
}

fn create_with(signer: &Signer, options: &JsValue) -> Result<String, Error> {
    let options = options_object(options, "options")?;
    let room = required_string("roomId", options.room_id())?;
    let identity = required_string("participantName", options.participant_name())?;
    let name = optional_string("name", options.name())?;
    let metadata = optional_string("metadata", options.metadata())?;
    let expires_text;
    let expires_in = match read("expiresIn", options.expires_in())? {
        None => Expiry::default(),
        Some(v) if v.is_string() => {
            expires_text = string("expiresIn", &v)?;
            Expiry::Text(&expires_text)
        }
        Some(v) => Expiry::Seconds(seconds("expiresIn", &v)?),
    };
    let token_options = TokenOptions {
        room: &room,
        identity: &identity,
        permissions: permissions(options.permissions())?,
        expires_in,
        name: name.as_deref(),
        metadata: metadata.as_deref(),
        now: now(options.current_date())?,
    };
    signer.create(&token_options)
}

fn token_arg(token: &JsValue) -> Result<String, Error> {
    token
        .as_string()
        .ok_or(invalid("token", "must be a string"))
}

/// Verifies with `key`, returning the whole payload as a plain object.
fn verify_with(
    key: &crate::Hs256Key,
    default_api_key: Option<&str>,
    token: &JsValue,
    options: Option<&Options>,
) -> Result<JsValue, Error> {
    let token = token_arg(token)?;
    let (api_key, room, leeway, now) = match options {
        None => (None, None, DEFAULT_LEEWAY, now(Ok(JsValue::UNDEFINED))?),
        Some(o) => (
            optional_string("apiKey", o.api_key())?,
            optional_string("roomId", o.room_id())?,
            match read("clockTolerance", o.clock_tolerance())? {
                None => DEFAULT_LEEWAY,
                Some(v) if v.as_f64() == Some(0.0) => 0,
                Some(v) => seconds("clockTolerance", &v)?,
            },
            now(o.current_date())?,
        ),
    };
    let verify_options = VerifyOptions {
        now,
        leeway,
        api_key: api_key.as_deref().or(default_api_key),
        room: room.as_deref(),
    };
    let verified = token::verify(key, &token, &verify_options)?;
    parse_json(&verified.payload_json)
}

fn parse_json(text: &str) -> Result<JsValue, Error> {
    json_parse(text).map_err(|_| Error::malformed("the payload could not be converted"))
}

/// Creates a signed access token. See `index.d.ts` for the options.
#[wasm_bindgen(js_name = createToken, skip_typescript)]
pub fn create_token(options: &JsValue) -> JsResult<String> {
    let signer = new_signer(options).map_err(to_js)?;
    create_with(&signer, options).map_err(to_js)
}

/// Verifies a token's signature, header and claims; returns its payload.
#[wasm_bindgen(js_name = verifyToken, skip_typescript)]
pub fn verify_token(token: &JsValue, options: &JsValue) -> JsResult<JsValue> {
    (|| {
        let options = options_object(options, "options")?;
        browser_guard(options)?;
        let SignerOptions {
            allow_weak_secret, ..
        } = signer_options(options)?;
        let secret = secret(options.api_secret())?;
        let key = crate::Hs256Key::new(&secret, allow_weak_secret);
        wipe(secret);
        verify_with(&key?, None, token, Some(options))
    })()
    .map_err(to_js)
}

/// Decodes a token's payload WITHOUT verifying anything.
#[wasm_bindgen(js_name = decodeToken, skip_typescript)]
pub fn decode_token(token: &JsValue) -> JsResult<JsValue> {
    (|| {
        let (_, payload) = token::decode_json(&token_arg(token)?)?;
        parse_json(&payload)
    })()
    .map_err(to_js)
}

/// Decodes a token's protected header WITHOUT verifying anything.
#[wasm_bindgen(js_name = decodeTokenHeader, skip_typescript)]
pub fn decode_token_header(token: &JsValue) -> JsResult<JsValue> {
    (|| {
        let (header, _) = token::decode_json(&token_arg(token)?)?;
        parse_json(&header)
    })()
    .map_err(to_js)
}

/// Parses a duration (`"1h"`, `"90 seconds"`, or a number of seconds) into whole seconds.
#[wasm_bindgen(js_name = parseDuration, skip_typescript)]
pub fn parse_duration_js(value: &JsValue) -> JsResult<f64> {
    #[allow(clippy::cast_precision_loss)] // at most 12 digits times a year: exact in f64
    seconds("duration", value).map(|s| s as f64).map_err(to_js)
}

/// A reusable signer for one API key: the HMAC key state is derived once.
#[wasm_bindgen(js_name = TokenSigner, skip_typescript)]
pub struct TokenSigner {
    inner: Signer,
}

#[wasm_bindgen(js_class = TokenSigner)]
impl TokenSigner {
    /// `new TokenSigner({ apiKey, apiSecret, allowWeakSecret?, maxExpiresIn? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> JsResult<TokenSigner> {
        new_signer(options)
            .map(|inner| TokenSigner { inner })
            .map_err(to_js)
    }

    /// Creates a token: `{ roomId, participantName, permissions?, expiresIn?, name?, metadata?, currentDate? }`.
    pub fn create(&self, options: &JsValue) -> JsResult<String> {
        create_with(&self.inner, options).map_err(to_js)
    }

    /// Verifies a token; `iss` must equal this signer's API key unless `apiKey` is given.
    pub fn verify(&self, token: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        (|| {
            let options = if options.is_undefined() {
                None
            } else {
                Some(options_object(options, "options")?)
            };
            verify_with(self.inner.key(), Some(self.inner.api_key()), token, options)
        })()
        .map_err(to_js)
    }

    /// The API key this signer writes as `iss`.
    #[wasm_bindgen(getter, js_name = apiKey)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }
}
