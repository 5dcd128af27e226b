//! Verifying tokens signed with any of several API keys: secret rotation without downtime.
//!
//! As LiveKit's key file and jose's key sets do, the key is chosen by what the token says: here
//! its `iss` (the API key), matched exactly. Only that key's MAC is computed; a token whose
//! `iss` is missing, not a string, or not a known key is `ERR_ISSUER_MISMATCH`, decided before
//! any MAC runs, so neither timing nor error codes tell which secrets were tried.
//!
//! Reading `iss` happens before authentication: it is the same strict, linear-time reading
//! as every other unauthenticated step (see [`crate::jws`]), and nothing else in the payload
//! is trusted or acted on until the MAC of the chosen key has passed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::claims::check_api_key;
use crate::error::{Error, Result};
use crate::json::{JsonError, Member, Sink};
use crate::jws::{self, Hs256Key};
use crate::token::{self, Verified, VerifyOptions};

/// A set of API keys and their HMAC key states (each derived once, when added, and overwritten
/// when removed or dropped). `Debug` shows the API keys only.
#[derive(Default, Clone)]
pub struct Verifier {
    keys: BTreeMap<String, Hs256Key>,
}

impl core::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field("api_keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Verifier {
    /// An empty verifier (every token is `ERR_ISSUER_MISMATCH` until a key is added).
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Adds `api_key` with its secret, or replaces its secret. The same rules as a
    /// [`crate::Signer`]'s: the API key's, and the secret's (at least 32 bytes unless
    /// `allow_weak`, not a public key).
    pub fn add(&mut self, api_key: &str, secret: &[u8], allow_weak: bool) -> Result<()> {
        check_api_key(api_key).map_err(|r| Error::options("apiKey", r))?;
        let key = Hs256Key::new(secret, allow_weak)?;
        self.keys.insert(api_key.to_owned(), key);
        Ok(())
    }

    /// Removes `api_key` (its key state is overwritten); whether it was there.
    pub fn remove(&mut self, api_key: &str) -> bool {
        self.keys.remove(api_key).is_some()
    }

    /// The API keys, in order.
    pub fn api_keys(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Verifies `token` with the key its `iss` names (see the module docs); then exactly as
    /// [`token::verify`] with that API key expected. `options.api_key`, if set, must be that
    /// same key.
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Verified> {
        let issuer = unverified_issuer(token)?;
        let (api_key, key) = self
            .keys
            .get_key_value(issuer.as_ref())
            .ok_or(Error::IssuerMismatch)?;
        if options.api_key.is_some_and(|expected| expected != api_key) {
            return Err(Error::IssuerMismatch);
        }
        token::verify(
            key,
            token,
            &VerifyOptions {
                api_key: Some(api_key),
                ..*options
            },
        )
    }
}

/// The token's `iss`, read from its payload without authenticating anything.
fn unverified_issuer(token: &str) -> Result<Cow<'static, str>> {
    let parts = jws::split(token)?;
    let payload = jws::decode_segment(parts.payload, "payload")?;
    let sink = jws::read_payload(&payload, IssuerSink(None))?;
    sink.0
        .map(|iss| Cow::Owned(iss.into_owned()))
        .ok_or(Error::IssuerMismatch)
}

/// Keeps `iss` when it is a string.
struct IssuerSink<'a>(Option<Cow<'a, str>>);

impl<'a> Sink<'a> for IssuerSink<'a> {
    fn member(
        &mut self,
        key: &str,
        value: &mut Member<'_, 'a>,
    ) -> core::result::Result<(), JsonError> {
        if key == "iss" {
            self.0 = value.scalar()?.into_string();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Signer, TokenOptions};

    const NOW: i64 = 1_700_000_000;

    fn token(api_key: &str, secret: &[u8]) -> String {
        Signer::new(api_key, secret)
            .unwrap()
            .create(&TokenOptions::new("r", "p", NOW))
            .unwrap()
    }

    #[test]
    fn picks_the_key_by_iss() {
        let (old, new) = (
            b"old-secret-0123456789abcdef012345",
            b"new-secret-0123456789abcdef012345",
        );
        let mut v = Verifier::new();
        v.add("APIold", old, false).unwrap();
        v.add("APInew", new, false).unwrap();
        let at = VerifyOptions::at(NOW + 1);
        assert_eq!(
            v.verify(&token("APIold", old), &at).unwrap().claims.api_key,
            "APIold"
        );
        assert_eq!(
            v.verify(&token("APInew", new), &at).unwrap().claims.api_key,
            "APInew"
        );
        // A token that names one key but is signed with the other's secret.
        assert_eq!(
            v.verify(&token("APIold", new), &at).unwrap_err().code(),
            "ERR_BAD_SIGNATURE"
        );
        // Unknown, prefix, missing.
        for iss in ["APIother", "APIol", "APIold-", "API"] {
            assert_eq!(
                v.verify(&token(iss, old), &at).unwrap_err(),
                Error::IssuerMismatch,
                "{iss}"
            );
        }
        let no_iss = Hs256Key::new(old, false)
            .unwrap()
            .sign(br#"{"sub":"p","room":"r","exp":1700003600}"#);
        assert_eq!(v.verify(&no_iss, &at).unwrap_err(), Error::IssuerMismatch);
        let number_iss = Hs256Key::new(old, false)
            .unwrap()
            .sign(br#"{"iss":1,"sub":"p","room":"r","exp":1700003600}"#);
        assert_eq!(
            v.verify(&number_iss, &at).unwrap_err(),
            Error::IssuerMismatch
        );
        assert!(v.remove("APIold"));
        assert!(!v.remove("APIold"));
        assert_eq!(
            v.verify(&token("APIold", old), &at).unwrap_err(),
            Error::IssuerMismatch
        );
        assert_eq!(v.api_keys().collect::<Vec<_>>(), ["APInew"]);
        // Per-key rules.
        assert_eq!(
            v.add("APIweak", b"short", false).unwrap_err().code(),
            "ERR_WEAK_SECRET"
        );
        assert_eq!(
            v.add("bad key", old, false).unwrap_err().code(),
            "ERR_INVALID_OPTIONS"
        );
        assert!(!format!("{v:?}").contains("secret"));
    }
}
