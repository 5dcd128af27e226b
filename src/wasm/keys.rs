//! Verifying against several API keys (feature `sign`): the wasm side of the JS `TokenVerifier`.

use wasm_bindgen::prelude::*;

use super::sign::{checks, secret};
use super::with_input;
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
    pub fn add(&mut self, key_len: i32, secret_len: i32, allow_weak_secret: bool) -> Option<bool> {
        let verifier = &mut self.inner;
        with_input(|input| {
            let api_key = input.required(key_len, "apiKey")?;
            let secret = secret(input, secret_len)?;
            verifier.add(api_key, secret, allow_weak_secret)
        })
    }

    /// Removes a key; whether it was there. Input: API key.
    pub fn remove(&mut self, key_len: i32) -> bool {
        let verifier = &mut self.inner;
        with_input(|input| Ok(verifier.remove(input.required(key_len, "apiKey")?))).unwrap_or(false)
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
    /// Input: token, room, `clockTolerance` text.
    pub fn verify(
        &self,
        token_len: i32,
        room_len: i32,
        leeway_len: i32,
        leeway_secs: f64,
        now_ms: f64,
    ) -> Option<String> {
        with_input(|input| {
            let token = input.required(token_len, "token")?;
            let options = checks(input, None, [room_len, leeway_len], leeway_secs, now_ms)?;
            self.inner.verify(token, &options).map(|v| v.payload_json)
        })
    }
}
