//! The lower layer: compact JWS with HS256 only (RFC 7515 / RFC 7518 §3.2). The payload is
//! opaque bytes here; claims live in [`crate::token`].
//!
//! Parsing is strict: exactly three `.`-separated segments, each base64url without padding
//! and with canonical trailing bits (RFC 7515 §2, §5.2 step 2), header a JSON object without
//! duplicate member names. The MAC is compared in constant time over the literal signing
//! input, before any JSON (header or payload) is parsed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::base64url;
use crate::error::{Error, Result};
use crate::json::{
    parse_object, read_object, read_object_str, JsonError, Member, Scalar, Sink, SkipAll,
};
use crate::limits::{MAX_SECRET_LEN, MAX_TOKEN_LEN, MIN_SECRET_LEN};
use crate::word;

/// The header of every token we create.
pub const STANDARD_HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// base64url([`STANDARD_HEADER_JSON`]).
pub const STANDARD_HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

type HmacSha256 = Hmac<Sha256>;

/// An HMAC-SHA256 key, with its inner/outer hash states computed once.
///
/// Holds no copy of the secret itself, only the keyed hash states; they are overwritten
/// when the key is dropped. `Debug` prints no key material.
#[derive(Clone)]
pub struct Hs256Key {
    /// Keyed state.
    mac: HmacSha256,
    /// Keyed state that has already absorbed `STANDARD_HEADER_B64 + "."`.
    mac_after_header: HmacSha256,
    /// The start that every payload signed with this key will have, if known (a signer's
    /// `{"iss":…,"sub":"`), and the state after the header, the dot and it.
    prefix: Option<Prefix>,
}

/// A payload's known start as base64url (whole 3-byte groups only, so that it is the exact
/// start of every such payload's base64url), and the keyed state that has absorbed
/// `STANDARD_HEADER_B64 + "." +` it. With a 37-byte header and dot, a start of 20 bytes or more
/// (a signer's, for an API key of 3 bytes or more) fills SHA-256's first 64-byte block, which is
/// then hashed once per key instead of once per token.
#[derive(Clone)]
struct Prefix {
    b64: String,
    mac: HmacSha256,
}

impl core::fmt::Debug for Hs256Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Hs256Key { .. }")
    }
}

thread_local! {
    /// The state of an empty key, computed once: dropping a key copies it over the key's
    /// states instead of hashing two blocks again (which cost a one-shot `createToken` ~10%).
    static BLANK: Option<HmacSha256> = HmacSha256::new_from_slice(&[]).ok();
}

impl Drop for Hs256Key {
    fn drop(&mut self) {
        // Overwrite the key-derived states in place with public ones (a key of zero bytes),
        // so that freed memory holds nothing derived from the secret.
        let blank = BLANK
            .try_with(Clone::clone)
            .unwrap_or_else(|_| HmacSha256::new_from_slice(&[]).ok());
        if let Some(blank) = blank {
            self.mac = blank.clone();
            if let Some(prefix) = &mut self.prefix {
                prefix.mac = blank.clone();
            }
            self.mac_after_header = blank;
        }
        core::hint::black_box(&self.mac);
        core::hint::black_box(&self.mac_after_header);
        core::hint::black_box(&self.prefix);
        // Per-call copies of the states lived in the frames of sign/verify calls: clear them.
        // 2 KiB is measured to suffice (tests/js/wipe.test.mjs fails at 1 KiB); 4 KiB for margin.
        scrub_stack::<4096>();
    }
}

/// The key states, in a frame of their own (never inlined) so that [`scrub_stack`] can clear
/// what `hmac` leaves on the stack once this returns.
#[inline(never)]
fn derive(secret: &[u8], payload_prefix: &[u8]) -> Option<Hs256Key> {
    let mac = HmacSha256::new_from_slice(secret).ok()?;
    let mut mac_after_header = mac.clone();
    mac_after_header.update(STANDARD_HEADER_B64.as_bytes());
    mac_after_header.update(b".");
    let whole = payload_prefix.get(..payload_prefix.len() / 3 * 3)?;
    let prefix = (!whole.is_empty()).then(|| {
        let b64 = URL_SAFE_NO_PAD.encode(whole);
        let mut mac = mac_after_header.clone();
        mac.update(b64.as_bytes());
        Prefix { b64, mac }
    });
    Some(Hs256Key {
        mac,
        mac_after_header,
        prefix,
    })
}

/// Overwrites the stack just below the caller with zeros. `hmac` builds its key block (the raw
/// secret, padded) in a stack frame it does not clear, and sign/verify work on stack copies of
/// the key states; those frames are gone when this runs, but their bytes are not. On wasm the
/// stack lives in linear memory, which a later memory dump (or a bug elsewhere) could read.
#[inline(never)]
fn scrub_stack<const BYTES: usize>() {
    let zeros = [0u8; BYTES];
    core::hint::black_box(&zeros);
}

impl Hs256Key {
    /// Builds a key from secret bytes. An empty secret is always refused; one shorter than
    /// [`MIN_SECRET_LEN`], or one byte or a short pattern repeated, is refused unless
    /// `allow_weak` (for local development only); a key of another kind (PEM, JWK, base64 DER,
    /// OpenSSH) always (`src/secret.rs`). All with `ERR_WEAK_SECRET`, naming the class.
    pub fn new(secret: &[u8], allow_weak: bool) -> Result<Self> {
        Hs256Key::for_payloads(secret, allow_weak, &[])
    }

    /// [`Hs256Key::new`] for payloads that (mostly) start with `payload_prefix`: signing and
    /// verifying those hashes from a state computed here, once ([`Prefix`]). Any other payload
    /// is signed and verified as with `new`; the tags are the same either way.
    pub(crate) fn for_payloads(
        secret: &[u8],
        allow_weak: bool,
        payload_prefix: &[u8],
    ) -> Result<Self> {
        if secret.len() > MAX_SECRET_LEN {
            return Err(Error::options("secret", "must be at most 4096 bytes"));
        }
        if secret.is_empty() {
            return Err(Error::WeakSecret {
                reason: "the secret is empty",
            });
        }
        if secret.len() < MIN_SECRET_LEN && !allow_weak {
            return Err(Error::WeakSecret {
                reason: "HS256 needs a secret of at least 32 bytes (RFC 7518 3.2)",
            });
        }
        if let Some(reason) = crate::secret::refusal(secret, allow_weak) {
            return Err(Error::WeakSecret { reason });
        }
        let key = derive(secret, payload_prefix).ok_or(Error::WeakSecret {
            reason: "the secret cannot be used as an HMAC key",
        });
        // derive's frame, where hmac padded the raw secret into a block, is gone: clear it.
        scrub_stack::<2048>();
        key
    }

    /// The raw HMAC-SHA256 of `data` under this key (for conformance tests of the MAC itself).
    /// A test hook (feature `test-hooks`), not part of the API.
    #[cfg(any(test, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// Signs `payload` under the standard header `{"alg":"HS256","typ":"JWT"}`.
    pub fn sign(&self, payload: &[u8]) -> String {
        let payload_len = base64_len(payload.len());
        let mut out = String::with_capacity(STANDARD_HEADER_B64.len() + payload_len + 45);
        out.push_str(STANDARD_HEADER_B64);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut out);
        let payload_b64 = out.as_bytes().get(STANDARD_HEADER_B64.len() + 1..);
        let tag = self
            .payload_mac(payload_b64.unwrap_or_default())
            .finalize()
            .into_bytes();
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(tag, &mut out);
        out
    }

    /// Signs `payload` under an arbitrary protected header (given as its exact JSON bytes).
    /// The header is not checked: this exists to reproduce published vectors. A test hook
    /// (feature `test-hooks`), not part of the API.
    #[cfg(any(test, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn sign_with_header(&self, header_json: &[u8], payload: &[u8]) -> String {
        let mut out = String::new();
        URL_SAFE_NO_PAD.encode_string(header_json, &mut out);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut out);
        let mut mac = self.mac.clone();
        mac.update(out.as_bytes());
        let tag = mac.finalize().into_bytes();
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(tag, &mut out);
        out
    }

    /// The keyed state after `STANDARD_HEADER_B64 + "." + payload_b64`: from the state after the
    /// known payload start when `payload_b64` begins with it (a comparison of public bytes:
    /// both are in the token), else from the state after the header.
    fn payload_mac(&self, payload_b64: &[u8]) -> HmacSha256 {
        if let Some(prefix) = &self.prefix {
            if let Some(rest) = payload_b64.strip_prefix(prefix.b64.as_bytes()) {
                let mut mac = prefix.mac.clone();
                mac.update(rest);
                return mac;
            }
        }
        let mut mac = self.mac_after_header.clone();
        mac.update(payload_b64);
        mac
    }

    /// The tag of `STANDARD_HEADER_B64 + "." + payload_b64`, as [`Hs256Key::sign`] computes
    /// it (bench/profile.mjs times it alone).
    #[cfg(feature = "profile-hooks")]
    pub(crate) fn payload_tag(&self, payload_b64: &[u8]) -> [u8; 32] {
        self.payload_mac(payload_b64).finalize().into_bytes().into()
    }

    /// Whether payloads starting with `payload_b64` are hashed from the precomputed prefix state.
    #[cfg(feature = "profile-hooks")]
    pub(crate) fn has_prefix_for(&self, payload_b64: &[u8]) -> bool {
        self.prefix
            .as_ref()
            .is_some_and(|p| payload_b64.starts_with(p.b64.as_bytes()))
    }

    /// Verifies a compact HS256 JWS and returns its payload bytes.
    ///
    /// Order: size; three segments, each canonical base64url (RFC 7515 §5.2 steps 1–2, 6–7:
    /// the form of a compact JWS, so that `Bearer …` or a padded token is still called
    /// malformed); then the MAC, in constant time over the literal signing input (step 8).
    /// Only for an authentic token is the header parsed as JSON and held to its rules (`alg`
    /// exactly `HS256`, no `crit`, `typ` if present `JWT`). So nothing of an unauthenticated
    /// token is parsed: all the work done for a forgery is linear in its size, whatever it
    /// contains. The header rules still decide for authentic tokens (one signed by a holder of
    /// the secret with `alg: none` or `crit` is refused).
    pub fn verify(&self, token: &str) -> Result<Vec<u8>> {
        let parts = split(token)?;
        let standard = parts.header == STANDARD_HEADER_B64;
        let header = if standard {
            None
        } else {
            Some(decode_segment(parts.header, "header")?)
        };
        let payload = decode_segment(parts.payload, "payload")?;
        let mut buf = [0u8; 66];
        let signature = decode_signature(parts.signature, &mut buf)?;
        let mac = match header {
            // Our own header: its MAC prefix is precomputed.
            None => self.payload_mac(parts.payload.as_bytes()),
            Some(_) => {
                let mut mac = self.mac.clone();
                mac.update(parts.signing_input.as_bytes());
                mac
            }
        };
        mac.verify_slice(signature.unwrap_or_default())
            .map_err(|_| Error::BadSignature)?;
        if let Some(header) = header {
            check_header(&header)?;
        }
        Ok(payload)
    }
}

/// The three segments of a compact JWS.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parts<'a> {
    pub header: &'a str,
    pub payload: &'a str,
    pub signature: &'a str,
    /// `header.payload`, exactly as it appears in the token.
    pub signing_input: &'a str,
}

/// Splits a compact JWS into exactly three segments, refusing oversize tokens first.
pub(crate) fn split(token: &str) -> Result<Parts<'_>> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenTooLarge);
    }
    // Byte positions of the dots (ASCII, so the slices below fall on character boundaries);
    // a hand-written split rather than `splitn`, whose generic searcher is a KB of wasm.
    let [Some(first), Some(second), None] = dots(token.as_bytes()) else {
        return Err(Error::malformed(
            "a token has exactly three segments separated by dots",
        ));
    };
    let (Some(header), Some(payload), Some(signature)) = (
        token.get(..first),
        token.get(first + 1..second),
        token.get(second + 1..),
    ) else {
        return Err(Error::malformed("bad segment boundaries"));
    };
    if header.is_empty() || payload.is_empty() {
        return Err(Error::malformed("empty header or payload segment"));
    }
    let signing_input = token
        .get(..header.len() + 1 + payload.len())
        .ok_or(Error::malformed("bad segment boundaries"))?;
    Ok(Parts {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// The positions of the first three `.` bytes of `bytes`. The full build passes over 8 bytes
/// at a time while they hold no dot (an exact test: [`crate::word`]); the decode-only build,
/// built for bytes, looks at each byte.
fn dots(bytes: &[u8]) -> [Option<usize>; 3] {
    let mut found = [None; 3];
    let mut count = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if cfg!(feature = "sign") {
            let word = bytes
                .get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok());
            if let Some(word) = word {
                if !word::has_byte(u64::from_le_bytes(word), b'.') {
                    at += 8;
                    continue;
                }
            }
        }
        if b == b'.' {
            match found.get_mut(count) {
                Some(slot) => *slot = Some(at),
                None => break,
            }
            count += 1;
        }
        at += 1;
    }
    found
}

/// Strict base64url decoding of one segment (no padding, canonical trailing bits).
pub(crate) fn decode_segment(segment: &str, what: &'static str) -> Result<Vec<u8>> {
    base64url::decode(segment).ok_or_else(|| {
        Error::malformed(match what {
            "header" => "the header is not canonical base64url",
            "payload" => "the payload is not canonical base64url",
            _ => "the signature is not canonical base64url",
        })
    })
}

/// Decodes a signature segment on the stack when it is short enough to be a signature at all
/// (HS256/384/512 give up to 64 bytes); a longer one is only checked for canonical base64url
/// and gives `None` (no signature of ours).
fn decode_signature<'b>(segment: &str, buf: &'b mut [u8; 66]) -> Result<Option<&'b [u8]>> {
    if segment.len() <= 86 {
        let n = base64url::decode_into(segment, buf)
            .ok_or(Error::malformed("the signature is not canonical base64url"))?;
        Ok(buf.get(..n))
    } else {
        decode_segment(segment, "signature").map(|_| None)
    }
}

/// Checks that a signature segment is canonical base64url without keeping the bytes.
pub(crate) fn check_signature_segment(segment: &str) -> Result<()> {
    decode_signature(segment, &mut [0u8; 66]).map(drop)
}

/// Parses a header's bytes into a JSON object.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<Map<String, Value>> {
    parse_object(bytes).map_err(|e| Error::malformed(header_reason(e)))
}

/// Reads a payload's bytes into `sink` in one pass (one object, no duplicates at any depth).
pub(crate) fn read_payload<'a, S: Sink<'a>>(bytes: &'a [u8], sink: S) -> Result<S> {
    read_object(bytes, sink).map_err(|e| Error::malformed(payload_reason(e)))
}

/// [`read_payload`] over a payload already made a `String` by [`payload_string`].
pub(crate) fn read_payload_str<'a, S: Sink<'a>>(text: &'a str, sink: S) -> Result<S> {
    read_object_str(text, sink).map_err(|e| Error::malformed(payload_reason(e)))
}

/// A decoded payload as text, checked for UTF-8 once here (the reader then reads the `str`);
/// bytes that are not UTF-8 are refused as [`read_payload`] refuses them.
pub(crate) fn payload_string(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| Error::malformed(payload_reason(JsonError::Invalid)))
}

pub(crate) fn payload_reason(e: JsonError) -> &'static str {
    match e {
        JsonError::Invalid => "the payload is not valid UTF-8 JSON",
        JsonError::NotObject => "the payload is not a JSON object",
        JsonError::Duplicate => "the payload has a duplicate member name",
    }
}

fn header_reason(e: JsonError) -> &'static str {
    match e {
        JsonError::Invalid => "the header is not valid UTF-8 JSON",
        JsonError::NotObject => "the header is not a JSON object",
        JsonError::Duplicate => "the header has a duplicate member name",
    }
}

/// The header rules for verification: `alg` exactly `"HS256"`, no `crit` in any form,
/// `typ` (if present) `"JWT"` in any case, `b64` (if present) `true`. Other parameters
/// (`kid`, `jwk`, `jku`, `x5u`, ...) are ignored and never used to pick a key. The header must
/// also be a valid object, read as strictly as the payload.
pub(crate) fn check_header(bytes: &[u8]) -> Result<()> {
    let header = read_object(bytes, HeaderSink::default())
        .map_err(|e| Error::malformed(header_reason(e)))?;
    if !header.alg_is_hs256 {
        return Err(Error::UnsupportedAlg);
    }
    if header.crit {
        return Err(Error::UnsupportedHeader { param: "crit" });
    }
    if header.typ_is_jwt == Some(false) {
        return Err(Error::UnsupportedHeader { param: "typ" });
    }
    if header.b64_is_true == Some(false) {
        return Err(Error::UnsupportedHeader { param: "b64" });
    }
    Ok(())
}

/// What the header rules need, read in one pass.
#[derive(Default)]
struct HeaderSink {
    alg_is_hs256: bool,
    crit: bool,
    typ_is_jwt: Option<bool>,
    b64_is_true: Option<bool>,
}

impl<'a> Sink<'a> for HeaderSink {
    fn member(
        &mut self,
        key: &str,
        value: &mut Member<'_, 'a>,
    ) -> core::result::Result<(), JsonError> {
        match key {
            "alg" => {
                self.alg_is_hs256 = matches!(value.scalar()?, Scalar::Str(a) if a == "HS256");
            }
            "typ" => {
                let typ = value.scalar()?;
                self.typ_is_jwt =
                    Some(matches!(typ, Scalar::Str(t) if t.eq_ignore_ascii_case("JWT")));
            }
            "b64" => self.b64_is_true = Some(value.scalar()? == Scalar::Bool(true)),
            "crit" => self.crit = true,
            _ => {}
        }
        Ok(())
    }
}

/// Validates a payload's bytes as one JSON object without building it.
pub(crate) fn validate_payload(text: &str) -> Result<()> {
    read_payload_str(text, SkipAll).map(|_| ())
}

/// Validates a header's bytes as one JSON object without building it.
pub(crate) fn validate_header(bytes: &[u8]) -> Result<()> {
    read_object(bytes, SkipAll)
        .map(|_| ())
        .map_err(|e| Error::malformed(header_reason(e)))
}

/// Decodes and parses a payload's bytes into a JSON object.
pub(crate) fn parse_payload(bytes: &[u8]) -> Result<Map<String, Value>> {
    parse_object(bytes).map_err(|e| Error::malformed(payload_reason(e)))
}

fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time dot search finds exactly the dots a byte loop finds, wherever they
    /// fall, among any other bytes.
    #[test]
    fn dots_are_found_exactly() {
        let naive = |b: &[u8]| {
            let mut all = b.iter().enumerate().filter(|&(_, &c)| c == b'.');
            [(); 3].map(|()| all.next().map(|(i, _)| i))
        };
        for filler in [b'a', b'-', b'/', b'-' + 1, b'.' - 1, 0x80, 0xAE, 0xFF, 0x00] {
            for len in 0..40 {
                let mut bytes = vec![filler; len];
                assert_eq!(dots(&bytes), naive(&bytes));
                for i in 0..len {
                    bytes[i] = b'.';
                    assert_eq!(dots(&bytes), naive(&bytes));
                    for j in i + 1..len {
                        bytes[j] = b'.';
                        assert_eq!(dots(&bytes), naive(&bytes));
                        for k in j + 1..len {
                            bytes[k] = b'.';
                            assert_eq!(dots(&bytes), naive(&bytes));
                            bytes[k] = filler;
                        }
                        bytes[j] = filler;
                    }
                    bytes[i] = filler;
                }
            }
        }
    }

    #[test]
    fn standard_header_constant() {
        assert_eq!(
            URL_SAFE_NO_PAD.decode(STANDARD_HEADER_B64).unwrap(),
            STANDARD_HEADER_JSON.as_bytes()
        );
    }

    #[test]
    fn both_sign_paths_agree() {
        let key = Hs256Key::new(b"both-sign-paths-agree-0123456789", false).unwrap();
        let payload = br#"{"sub":"x"}"#;
        assert_eq!(
            key.sign(payload),
            key.sign_with_header(br#"{"alg":"HS256","typ":"JWT"}"#, payload)
        );
        assert_eq!(key.verify(&key.sign(payload)).unwrap(), payload);
    }

    /// A key that knows its payloads' start signs and verifies exactly as one that does not,
    /// for payloads with that start (hashed from the prefix state) and without it.
    #[test]
    fn payload_prefix_changes_no_tag() {
        let secret = b"payload-prefix-changes-no-tag-01";
        let plain = Hs256Key::new(secret, false).unwrap();
        for start in [
            &br#"{"iss":"APIkey","sub":""#[..],
            b"{",
            b"",
            b"{\"iss\":\"k\"",
        ] {
            let key = Hs256Key::for_payloads(secret, false, start).unwrap();
            let whole = start.len() / 3 * 3;
            assert_eq!(key.prefix.is_some(), whole > 0);
            for payload in [
                &br#"{"iss":"APIkey","sub":"alice","exp":1}"#[..],
                br#"{"iss":"other","sub":"alice"}"#,
                b"{}",
                b"{",
            ] {
                let token = key.sign(payload);
                assert_eq!(token, plain.sign(payload), "{start:?} {payload:?}");
                assert_eq!(key.verify(&token).unwrap(), payload);
                assert_eq!(plain.verify(&key.sign(payload)).unwrap(), payload);
            }
        }
        // The signer's case is the one that takes the shortcut.
        let key = Hs256Key::for_payloads(secret, false, br#"{"iss":"APIkey","sub":""#).unwrap();
        let token = key.sign(br#"{"iss":"APIkey","sub":"alice","exp":1}"#);
        let payload = token.split('.').nth(1).unwrap();
        assert!(payload.starts_with(&key.prefix.as_ref().unwrap().b64));
        // A wrong tag is still refused on the prefix path.
        let last = if token.ends_with('A') { 'Q' } else { 'A' };
        let forged = format!("{}{last}", &token[..token.len() - 1]);
        assert!(key.verify(&forged).is_err());
    }

    #[test]
    fn public_keys_are_not_secrets() {
        for key in [
            &b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"[..],
            b"\n  -----BEGIN RSA PUBLIC KEY-----xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            br#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4","e":"AQAB"}"#,
            br#" { "e": "AQAB", "kty" : "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU" }"#,
        ] {
            let err = Hs256Key::new(key, true).unwrap_err();
            assert_eq!(err.code(), "ERR_WEAK_SECRET");
        }
        assert!(Hs256Key::new(b"{not json but 32+ bytes of secret material}", false).is_ok());
        assert!(Hs256Key::new(b"BEGIN-----but-this-is-a-random-secret-string", false).is_ok());
    }

    #[test]
    fn debug_hides_key() {
        let key = Hs256Key::new(b"debug-hides-key-0123456789abcdef", false).unwrap();
        assert_eq!(format!("{key:?}"), "Hs256Key { .. }");
    }
}
