//! Verifying against several API keys (feature `sign`): the wasm side of the JS `TokenVerifier`.

use wasm_bindgen::prelude::*;

use super::sign::{checks, secret};
use super::with_input;
use crate::contract::Field;
use crate::json::write_string;
use crate::verifier::Verifier;

/// A set of API keys and their key states. Wrapped by the JS `TokenVerifier`.
#[wasm_bindgen(skip_typescript)]
pub struct RawVerifier {
    inner: Verifier,
}

/// An empty verifier.
#[wasm_bindgen(skip_typescript)]
pub fn raw_verifier() -> RawVerifier {
    RawVerifier {
        inner: Verifier::new(),
    }
}

#[wasm_bindgen]
impl RawVerifier {
    /// Adds (or replaces) a key; whether it replaced one, `None` on error. Input: API key, secret.
    pub fn add(&mut self, allow_weak_secret: bool) -> Option<bool> {
        let verifier = &mut self.inner;
        with_input(|input| {
            let api_key = input.required(Field::ApiKey)?;
            let secret = secret(input)?;
            verifier.add(api_key, secret, allow_weak_secret)
        })
    }

    /// Removes a key; whether it was there. Input: API key.
    pub fn remove(&mut self) -> bool {
        let verifier = &mut self.inner;
        with_input(|input| Ok(verifier.remove(input.required(Field::ApiKey)?))).unwrap_or(false)
    }

    /// The API keys as a JSON array, written by the core's JSON writer.
    #[wasm_bindgen(js_name = apiKeys)]
    pub fn api_keys(&self) -> String {
        let mut out = vec![b'['];
        for (i, key) in self.inner.api_keys().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_string(&mut out, key);
        }
        out.push(b']');
        // The writer writes UTF-8 (the keys are &str).
        String::from_utf8(out).unwrap_or_default()
    }

    /// Verifies with the key the token's `iss` names; returns the payload's JSON text.
    /// Input: token, room, `clockTolerance`.
    pub fn verify(&self, now_ms: f64) -> Option<String> {
        with_input(|input| {
            let token = input.required(Field::Token)?;
            let options = checks(input, None, now_ms)?;
            self.inner
                .verify_then(token, &options, crate::token::text_only)
                .map(|((), payload)| payload)
        })
    }
}
