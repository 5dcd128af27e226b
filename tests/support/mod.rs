//! Helpers shared by the integration tests (not every test file uses every helper).
#![allow(dead_code)]

use std::fmt;
use std::path::PathBuf;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The conformance data vendored in `tests/vectors/` (sources and licences in its README).
pub const VECTORS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

/// `tests/vectors/<rel>`.
pub fn vector_path(rel: &str) -> PathBuf {
    PathBuf::from(VECTORS_DIR).join(rel)
}

/// Reads and parses one JSON file of `tests/vectors/`.
pub fn load_json(rel: &str) -> Value {
    let path = vector_path(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read test vectors {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("cannot parse test vectors {}: {e}", path.display()))
}

/// Lower- or upper-case hex to bytes.
pub fn hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "odd-length hex {text:?}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Bytes to lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Strict base64url (no padding) decoding.
pub fn b64u(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(text)
        .unwrap_or_else(|e| panic!("bad base64url {text:?}: {e}"))
}

/// base64url (no padding) encoding.
pub fn b64u_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `v[key]` as a string, panicking with the key name if absent.
pub fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string member {key:?}"))
}

/// The top-level members of a JSON object, in the order they appear in the text (the crate's
/// `serde_json` is built without `preserve_order`, so `Map` would sort them).
#[derive(Debug, PartialEq)]
pub struct OrderedObject(pub Vec<(String, Value)>);

impl OrderedObject {
    pub fn parse(bytes: &[u8]) -> Self {
        serde_json::from_slice(bytes).unwrap_or_else(|e| {
            panic!(
                "not a JSON object: {e}: {:?}",
                String::from_utf8_lossy(bytes)
            )
        })
    }

    pub fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }
}

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<OrderedObject, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedObject(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Splits a compact token into its three segments.
pub fn segments(token: &str) -> [&str; 3] {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a compact JWS: {token:?}");
    [parts[0], parts[1], parts[2]]
}

/// Asserts that neither the `Display` nor the `Debug` form of `err` contains any of `secrets`
/// (as text) or `token` (whole) or its signature segment.
pub fn assert_no_leak(err: &isometrik_token::Error, secrets: &[&[u8]], token: Option<&str>) {
    let shown = [format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
    for text in &shown {
        for secret in secrets {
            let secret = String::from_utf8_lossy(secret);
            assert!(
                secret.is_empty() || !text.contains(secret.as_ref()),
                "{} leaks the secret: {text}",
                err.code()
            );
        }
        if let Some(token) = token {
            if !token.is_empty() {
                assert!(
                    !text.contains(token),
                    "{} leaks the token: {text}",
                    err.code()
                );
            }
            if let Some(sig) = token.rsplit('.').next() {
                if sig.len() >= 16 {
                    assert!(
                        !text.contains(sig),
                        "{} leaks the signature: {text}",
                        err.code()
                    );
                }
            }
        }
    }
}
