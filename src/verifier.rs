//! Verifying against several API keys at once, for secret rotation: a [`Verifier`]
//! holds a key state per API key and picks the one named by the token's `iss`.
//!
//! Order: the options; the token's size, segments and the payload's base64url; then `iss` is
//! read from the payload, which is not yet authenticated, with the strict JSON reader (linear
//! in the payload's size; a duplicate `iss` or any other JSON fault is `ERR_MALFORMED_TOKEN`,
//! so no two readings of the payload can pick different keys). A missing, non-string or unknown
//! `iss` (and one that differs from `options.api_key` when that is given) is
//! `ERR_ISSUER_MISMATCH`, decided without computing any MAC. Otherwise exactly one MAC is
//! computed, with that key, and the rest is [`crate::verify`] with `iss` as the expected issuer.
//! There is no trying of keys one after another, so neither timing nor error codes tell which
//! secrets were tried.

use crate::claims::check_api_key;
use crate::error::{Error, Result};
use crate::json::{read_object, JsonError, Member, Scalar, Sink};
use crate::jws::{self, Hs256Key};
use crate::token::{self, Verified, VerifyOptions};

/// Verifies tokens against a set of API keys, each with its own secret.
///
/// `Debug` shows the API keys, never a secret or anything derived from one. Dropping the
/// verifier (or removing a key) overwrites the key states, as for [`Hs256Key`].
#[derive(Clone, Default)]
pub struct Verifier {
    /// Sorted by API key (byte order), no two alike. A few keys at a time (rotation), so a
    /// sorted list with binary search; it was a `BTreeMap`, whose node code was ~8 KB of the
    /// wasm. Each key state is boxed so that it never moves when the list grows or shifts
    /// (a moved-from copy would be left unwiped in memory); it is wiped where it lies on drop.
    keys: Vec<(String, Box<Hs256Key>)>,
}

impl core::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field("api_keys", &self.api_keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Verifier {
    /// A verifier with no keys (every token is `ERR_ISSUER_MISMATCH` until one is added).
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Adds (or replaces) the secret for `api_key`. The API key follows the `iss` rule, the
    /// secret the same rules as everywhere ([`Hs256Key::new`]); `allow_weak` is per key.
    /// Returns whether a key of that name was replaced.
    pub fn add(&mut self, api_key: &str, secret: &[u8], allow_weak: bool) -> Result<bool> {
        check_api_key(api_key).map_err(|reason| Error::options("api_key", reason))?;
        let start = crate::claims::payload_start(api_key);
        let key = Box::new(Hs256Key::for_payloads(secret, allow_weak, &start)?);
        match self.find(api_key) {
            Ok(i) => {
                if let Some(entry) = self.keys.get_mut(i) {
                    entry.1 = key;
                }
                Ok(true)
            }
            Err(i) => {
                self.keys.insert(i, (api_key.to_owned(), key));
                Ok(false)
            }
        }
    }

    /// Where `api_key` is (`Ok`) or would go (`Err`).
    fn find(&self, api_key: &str) -> core::result::Result<usize, usize> {
        self.keys
            .binary_search_by(|(name, _)| name.as_str().cmp(api_key))
    }

    /// Removes the key for `api_key`; its tokens are `ERR_ISSUER_MISMATCH` from now on.
    /// Returns whether it was there.
    pub fn remove(&mut self, api_key: &str) -> bool {
        match self.find(api_key) {
            Ok(i) => {
                self.keys.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether a key for `api_key` (exactly) is present.
    pub fn contains(&self, api_key: &str) -> bool {
        self.find(api_key).is_ok()
    }

    /// The API keys present, in order.
    pub fn api_keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(name, _)| name.as_str())
    }

    /// Verifies `token` with the key named by its `iss` (module docs for the order). The
    /// `options.api_key`, if given, must also equal `iss`; `options.room`, the clock and the
    /// leeway work as in [`crate::verify`].
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Verified> {
        token::check_verify_options(options)?;
        let parts = jws::split(token)?;
        let payload = jws::decode_segment(parts.payload, "payload")?;
        let issuer = read_object(&payload, IssuerSink::default())
            .map_err(|e| Error::malformed(jws::payload_reason(e)))?
            .issuer
            .ok_or(Error::IssuerMismatch)?;
        if options.api_key.is_some_and(|expected| expected != issuer) {
            return Err(Error::IssuerMismatch);
        }
        let key = self
            .find(&issuer)
            .ok()
            .and_then(|i| self.keys.get(i))
            .map(|(_, key)| &**key)
            .ok_or(Error::IssuerMismatch)?;
        token::verify(
            key,
            token,
            &VerifyOptions {
                api_key: Some(&issuer),
                ..*options
            },
        )
    }
}

/// Reads only `iss` (a string), skipping everything else.
#[derive(Default)]
struct IssuerSink {
    issuer: Option<String>,
}

impl<'a> Sink<'a> for IssuerSink {
    fn member(
        &mut self,
        key: &str,
        value: &mut Member<'_, 'a>,
    ) -> core::result::Result<(), JsonError> {
        if key == "iss" {
            self.issuer = match value.scalar()? {
                Scalar::Str(s) => Some(s.into_owned()),
                _ => None,
            };
        }
        Ok(())
    }
}
