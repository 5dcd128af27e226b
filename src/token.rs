//! The access-token layer: claims, validation and time, over the compact-JWS layer.
//! The clock is always passed in (`now`, seconds since the epoch); nothing here reads one.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::claims::{check_api_key, check_metadata, check_name, check_numeric_date};
use crate::claims::{Claims, ClaimsRef, Permissions};
use crate::duration::{Expiry, DEFAULT_MAX_EXPIRES_IN};
use crate::error::{Error, Result};
use crate::jws::{self, Hs256Key};
use crate::limits::MAX_TOKEN_LEN;

/// The default clock tolerance when verifying: 10 seconds.
pub const DEFAULT_LEEWAY: i64 = 10;
/// The largest clock tolerance accepted: 1 hour.
pub const MAX_LEEWAY: i64 = 3600;

/// How a [`Signer`] treats its secret and the lifetimes it will sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignerOptions {
    /// Accept secrets of 1–31 bytes (local development only). Empty secrets are always refused.
    pub allow_weak_secret: bool,
    /// The longest lifetime `create` accepts, in seconds (default 24 h).
    pub max_expires_in: i64,
}

impl Default for SignerOptions {
    fn default() -> Self {
        SignerOptions {
            allow_weak_secret: false,
            max_expires_in: DEFAULT_MAX_EXPIRES_IN,
        }
    }
}

/// What goes into one token. Build with [`TokenOptions::new`] and the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOptions<'a> {
    /// `room`: the room name or id (option `roomId`).
    pub room: &'a str,
    /// `sub`: the participant identity (option `participantName`).
    pub identity: &'a str,
    /// `permissions`: only the ones set are written.
    pub permissions: Permissions,
    /// Lifetime; default one hour.
    pub expires_in: Expiry<'a>,
    /// `name`: optional display name.
    pub name: Option<&'a str>,
    /// `metadata`: optional application metadata.
    pub metadata: Option<&'a str>,
    /// The current time, seconds since the epoch; becomes `iat` and `nbf`.
    pub now: i64,
}

impl<'a> TokenOptions<'a> {
    /// A token for `identity` in `room`, issued at `now`, with no permissions and a 1 h lifetime.
    pub fn new(room: &'a str, identity: &'a str, now: i64) -> Self {
        TokenOptions {
            room,
            identity,
            permissions: Permissions::default(),
            expires_in: Expiry::default(),
            name: None,
            metadata: None,
            now,
        }
    }
    /// Sets the permissions.
    pub fn with_permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = permissions;
        self
    }
    /// Sets the lifetime.
    pub fn with_expires_in(mut self, expires_in: Expiry<'a>) -> Self {
        self.expires_in = expires_in;
        self
    }
    /// Sets the display name.
    pub fn with_name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }
    /// Sets the metadata.
    pub fn with_metadata(mut self, metadata: &'a str) -> Self {
        self.metadata = Some(metadata);
        self
    }
}

/// What `verify` checks beyond the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOptions<'a> {
    /// The current time, seconds since the epoch.
    pub now: i64,
    /// Clock tolerance in seconds, 0..=3600 (default 10).
    pub leeway: i64,
    /// Expected `iss` (exact match). A [`Signer`] defaults this to its own API key.
    pub api_key: Option<&'a str>,
    /// Expected `room` (exact match).
    pub room: Option<&'a str>,
}

impl VerifyOptions<'_> {
    /// Verify at `now` with the default leeway and no expected issuer or room.
    pub fn at(now: i64) -> Self {
        VerifyOptions {
            now,
            leeway: DEFAULT_LEEWAY,
            api_key: None,
            room: None,
        }
    }
}

/// Signs and verifies many tokens for one API key; the HMAC key state is derived once.
///
/// `Debug` prints the API key but never the secret or anything derived from it.
#[derive(Debug, Clone)]
pub struct Signer {
    api_key: String,
    key: Hs256Key,
    max_expires_in: i64,
}

impl Signer {
    /// A signer with the default options (secret of at least 32 bytes, lifetimes up to 24 h).
    pub fn new(api_key: &str, secret: &[u8]) -> Result<Self> {
        Signer::with_options(api_key, secret, SignerOptions::default())
    }

    /// A signer with explicit options.
    pub fn with_options(api_key: &str, secret: &[u8], options: SignerOptions) -> Result<Self> {
        Signer::build(api_key, secret, options, true)
    }

    /// A signer for one token (the one-shot `createToken`): its key state does not hash the
    /// start of its payloads ahead ([`Hs256Key`]'s prefix), which would cost that one token as
    /// much as it saves.
    #[cfg(all(target_arch = "wasm32", feature = "sign"))]
    pub(crate) fn for_one_token(
        api_key: &str,
        secret: &[u8],
        options: SignerOptions,
    ) -> Result<Self> {
        Signer::build(api_key, secret, options, false)
    }

    fn build(api_key: &str, secret: &[u8], options: SignerOptions, many: bool) -> Result<Self> {
        check_api_key(api_key).map_err(|r| Error::options("api_key", r))?;
        if options.max_expires_in <= 0 {
            return Err(Error::options(
                "max_expires_in",
                "must be a positive number of seconds",
            ));
        }
        let start = if many {
            crate::claims::payload_start(api_key)
        } else {
            Vec::new()
        };
        let key = Hs256Key::for_payloads(secret, options.allow_weak_secret, &start)?;
        Ok(Signer {
            api_key: api_key.to_owned(),
            key,
            max_expires_in: options.max_expires_in,
        })
    }

    /// The API key this signer writes as `iss`.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The underlying HS256 key.
    pub fn key(&self) -> &Hs256Key {
        &self.key
    }

    /// Checks the options and returns the claims a token made from them would carry.
    pub fn claims(&self, options: &TokenOptions<'_>) -> Result<Claims> {
        self.checked(options).map(ClaimsRef::to_claims)
    }

    /// [`Signer::claims`] without copying the strings.
    fn checked<'a>(&'a self, options: &TokenOptions<'a>) -> Result<ClaimsRef<'a>> {
        check_name(options.room).map_err(|r| Error::options("room", r))?;
        check_name(options.identity).map_err(|r| Error::options("identity", r))?;
        if let Some(name) = options.name {
            check_name(name).map_err(|r| Error::options("name", r))?;
        }
        if let Some(metadata) = options.metadata {
            check_metadata(metadata).map_err(|r| Error::options("metadata", r))?;
        }
        check_numeric_date(options.now).map_err(|r| Error::options("now", r))?;
        let ttl = options.expires_in.to_seconds(self.max_expires_in)?;
        let exp = options
            .now
            .checked_add(ttl)
            .filter(|exp| check_numeric_date(*exp).is_ok())
            .ok_or(Error::duration("the expiry would be after the year 9999"))?;
        Ok(ClaimsRef {
            api_key: &self.api_key,
            identity: options.identity,
            room: options.room,
            name: options.name,
            metadata: options.metadata,
            permissions: options.permissions,
            issued_at: Some(options.now),
            not_before: Some(options.now),
            exp,
        })
    }

    /// Creates a signed token.
    pub fn create(&self, options: &TokenOptions<'_>) -> Result<String> {
        self.sign_json(&self.checked(options)?.to_json())
    }

    /// Signs already-built claims (they are not re-validated: use [`Signer::claims`]). A test
    /// hook (feature `test-hooks`), not part of the API.
    #[cfg(any(test, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn sign_claims(&self, claims: &Claims) -> Result<String> {
        self.sign_json(&claims.to_json())
    }

    fn sign_json(&self, payload: &[u8]) -> Result<String> {
        let token = self.key.sign(payload);
        if token.len() > MAX_TOKEN_LEN {
            return Err(Error::TokenTooLarge);
        }
        Ok(token)
    }

    /// Verifies a token. Unless `options.api_key` is set, `iss` must equal this signer's key.
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Claims> {
        let options = VerifyOptions {
            api_key: Some(options.api_key.unwrap_or(&self.api_key)),
            ..*options
        };
        verify(&self.key, token, &options).map(|v| v.claims)
    }
}

/// An authenticated token: its typed claims and the whole payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The typed claims.
    pub claims: Claims,
    /// The payload's exact JSON text (a valid, duplicate-free object), with any claims this
    /// crate does not know, such as `jti` or `aud`.
    pub payload_json: String,
}

/// Verifies a token against a key, in this order: size and structure (three segments of
/// canonical base64url), the MAC (constant time, before any JSON is parsed), the header (`alg`
/// exactly `HS256`, no `crit`), claim types and rules, the expected issuer and room if given (exact match), then time: `nbf` if present
/// (`now >= nbf - leeway`) and `exp` (required, `now < exp + leeway`). So a token for another
/// room is `ERR_ROOM_MISMATCH` even when it has also expired.
pub fn verify(key: &Hs256Key, token: &str, options: &VerifyOptions<'_>) -> Result<Verified> {
    check_verify_options(options)?;
    let payload_bytes = key.verify(token)?;
    let claims = Claims::from_json(&payload_bytes)?;
    if let Some(api_key) = options.api_key {
        if claims.api_key != api_key {
            return Err(Error::IssuerMismatch);
        }
    }
    if let Some(room) = options.room {
        if claims.room != room {
            return Err(Error::RoomMismatch);
        }
    }
    let payload_json = utf8(payload_bytes)?;
    // Both sides are at most MAX_NUMERIC_DATE + MAX_LEEWAY: no overflow.
    if let Some(nbf) = claims.not_before {
        if options.now < nbf - options.leeway {
            return Err(Error::NotYetValid { nbf, payload_json });
        }
    }
    if options.now >= claims.exp + options.leeway {
        return Err(Error::Expired {
            exp: claims.exp,
            payload_json,
        });
    }
    Ok(Verified {
        claims,
        payload_json,
    })
}

/// The clock and leeway of `options` are in range.
pub(crate) fn check_verify_options(options: &VerifyOptions<'_>) -> Result<()> {
    check_numeric_date(options.now).map_err(|r| Error::options("now", r))?;
    if !(0..=MAX_LEEWAY).contains(&options.leeway) {
        return Err(Error::options(
            "leeway",
            "must be between 0 and 3600 seconds",
        ));
    }
    Ok(())
}

/// A token's header and payload, **not verified**.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload.
    pub payload: Map<String, Value>,
    /// The header's exact JSON text (a valid, duplicate-free object).
    pub header_json: String,
    /// The payload's exact JSON text (a valid, duplicate-free object).
    pub payload_json: String,
}

impl Decoded {
    /// The typed claims, checked for types and rules but still **not verified**.
    pub fn claims(&self) -> Result<Claims> {
        // From the text, not the map: the same reading as `verify` (document order, integers
        // beyond u64 kept as such).
        Claims::from_json(self.payload_json.as_bytes())
    }
}

/// Decodes a token **without verifying anything**: no signature, no expiry, no algorithm
/// check. Anyone can write a token that decodes. Use it to read a token you already trust or
/// to show one to a person; use [`verify`] or [`Signer::verify`] to decide anything.
///
/// Parsing is still strict: at most [`MAX_TOKEN_LEN`] bytes, three segments of canonical
/// base64url, header and payload UTF-8 JSON objects without duplicate member names.
pub fn decode(token: &str) -> Result<Decoded> {
    let parts = jws::split(token)?;
    let header_bytes = jws::decode_segment(parts.header, "header")?;
    let header = jws::parse_header(&header_bytes)?;
    let payload_bytes = jws::decode_segment(parts.payload, "payload")?;
    let payload = jws::parse_payload(&payload_bytes)?;
    jws::decode_segment(parts.signature, "signature")?;
    Ok(Decoded {
        header,
        payload,
        header_json: utf8(header_bytes)?,
        payload_json: utf8(payload_bytes)?,
    })
}

/// [`decode`] without building the JSON objects: the exact header and payload texts, checked
/// by the same rules.
pub fn decode_json(token: &str) -> Result<(Cow<'static, str>, String)> {
    let parts = jws::split(token)?;
    let header = if parts.header == jws::STANDARD_HEADER_B64 {
        // Our own header: known to be a valid object.
        Cow::Borrowed(jws::STANDARD_HEADER_JSON)
    } else {
        let header = jws::decode_segment(parts.header, "header")?;
        jws::validate_header(&header)?;
        Cow::Owned(utf8(header)?)
    };
    let payload = jws::decode_segment(parts.payload, "payload")?;
    jws::validate_payload(&payload)?;
    jws::check_signature_segment(parts.signature)?;
    Ok((header, utf8(payload)?))
}

/// Valid JSON is valid UTF-8, so this only fails if that invariant were broken.
fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| Error::malformed("a segment is not UTF-8"))
}
