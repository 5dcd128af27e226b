//! The wasm32 suite, shared by `tests/node.rs` (Node) and `tests/browser.rs` (headless
//! Chromium): the core's public API compiled to WebAssembly must behave exactly as it does
//! natively — the same golden tokens (computed independently with Python, see
//! `tests/golden.rs` and `tests/js/conformance/conformance.mjs`), the same errors and codes,
//! the same durations — with the clock always passed in and no panics on hostile input.
//! A few checks cross the boundary to JavaScript (`JSON.parse`, `atob`) to show the bytes the
//! core produces are what a JavaScript host reads.

use isometrik_token::contract::{ERROR_CODES, MAX_TOKEN_LEN, PERMISSION_NAMES};
use isometrik_token::seconds_from_number;
use isometrik_token::{
    dangerous::decode, parse_duration, verify, Claims, Error, Expiry, Hs256Key, Permissions,
    Signer, SignerOptions, TokenOptions, VerifyOptions,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen]
extern "C" {
    /// The host's `atob` (Node 16+ and every browser have it).
    fn atob(data: &str) -> String;
}

const API_KEY: &str = "APIkey123";
const SECRET: &[u8] = b"isometrik-golden-test-secret-0123456789";
const NOW: i64 = 1_700_000_000;

/// `{"iss":"APIkey123","sub":"alice","room":"daily-standup","name":"Alice",
/// "permissions":{"canPublish":true,"canSubscribe":true},"iat":NOW,"nbf":NOW,"exp":NOW+3600}`,
/// HMAC-SHA256 computed with Python's hmac module (the same token as the JS conformance).
const GOLDEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwibmFtZSI6IkFsaWNlIiwicGVybWlzc2lvbnMiOnsiY2FuUHVibGlzaCI6dHJ1ZSwiY2FuU3Vic2NyaWJlIjp0cnVlfSwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.XJ1myhZ6YWZbJsVX2wStxg9QF7QBvtT6MUPILnvv0ZM";
const GOLDEN_PAYLOAD: &str = r#"{"iss":"APIkey123","sub":"alice","room":"daily-standup","name":"Alice","permissions":{"canPublish":true,"canSubscribe":true},"iat":1700000000,"nbf":1700000000,"exp":1700003600}"#;
/// The minimal golden token of `tests/golden.rs` (no name, no permissions, default 1 h).
const MINIMAL: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ.koFtlXgf1KZ2y7HfFZdUcHaKxHgZXXzG63C15xOUTSg";

fn signer() -> Signer {
    Signer::new(API_KEY, SECRET).unwrap()
}

fn publisher() -> Permissions {
    let mut permissions = Permissions::default();
    permissions.set("canPublish", true).unwrap();
    permissions.set("canSubscribe", true).unwrap();
    permissions
}

fn golden_options() -> TokenOptions<'static> {
    TokenOptions::new("daily-standup", "alice", NOW)
        .with_name("Alice")
        .with_permissions(publisher())
        .with_expires_in(Expiry::Text("1h"))
}

/// Base64url (no padding) to bytes, by the host's `atob`.
fn host_b64u(segment: &str) -> Vec<u8> {
    let mut b64: String = segment
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while b64.len() % 4 != 0 {
        b64.push('=');
    }
    atob(&b64)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

fn segments(token: &str) -> Vec<&str> {
    token.split('.').collect()
}

// --- Golden tokens -------------------------------------------------------------------------

#[wasm_bindgen_test]
fn golden_token_is_exact() {
    assert_eq!(signer().create(&golden_options()).unwrap(), GOLDEN);
    let seconds = golden_options().with_expires_in(Expiry::Seconds(3600));
    assert_eq!(signer().create(&seconds).unwrap(), GOLDEN);
    let minimal = TokenOptions::new("daily-standup", "alice", NOW);
    assert_eq!(signer().create(&minimal).unwrap(), MINIMAL);
}

#[wasm_bindgen_test]
fn golden_token_reads_back_in_javascript() {
    let parts = segments(GOLDEN);
    assert_eq!(parts.len(), 3);
    assert_eq!(host_b64u(parts[0]), br#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(host_b64u(parts[1]), GOLDEN_PAYLOAD.as_bytes());
    assert_eq!(host_b64u(parts[2]).len(), 32);
    // The payload text the core returns is what JSON.parse + JSON.stringify give back.
    let (_, payload) = isometrik_token::dangerous::decode_json(GOLDEN).unwrap();
    let parsed = js_sys::JSON::parse(&payload).unwrap();
    let again: String = js_sys::JSON::stringify(&parsed).unwrap().into();
    assert_eq!(again, GOLDEN_PAYLOAD);
    let sub = js_sys::Reflect::get(&parsed, &JsValue::from_str("sub")).unwrap();
    assert_eq!(sub.as_string().as_deref(), Some("alice"));
}

#[wasm_bindgen_test]
fn verify_and_decode_round_trip() {
    let signer = signer();
    let claims = signer.verify(GOLDEN, &VerifyOptions::at(NOW + 60)).unwrap();
    assert_eq!(claims.api_key, API_KEY);
    assert_eq!(claims.identity, "alice");
    assert_eq!(claims.room, "daily-standup");
    assert_eq!(claims.name.as_deref(), Some("Alice"));
    assert_eq!(claims.metadata, None);
    assert!(claims.permissions.allows("canPublish"));
    assert!(claims.permissions.allows("canSubscribe"));
    assert!(!claims.permissions.allows("canUpdateRoom"));
    assert_eq!(claims.permissions.get("canUpdateRoom"), None);
    assert_eq!(
        (claims.issued_at, claims.not_before, claims.exp),
        (Some(NOW), Some(NOW), NOW + 3600)
    );

    let verified = verify(signer.key(), GOLDEN, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(verified.payload_json, GOLDEN_PAYLOAD);
    assert_eq!(verified.claims, claims);

    let decoded = decode(GOLDEN).unwrap();
    assert_eq!(decoded.header_json, r#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(decoded.payload_json, GOLDEN_PAYLOAD);
    assert_eq!(decoded.header.len(), 2);
    assert_eq!(decoded.header["alg"], "HS256");
    assert_eq!(decoded.claims().unwrap(), claims);
    assert_eq!(signer.sign_claims(&claims).unwrap(), GOLDEN);
}

#[wasm_bindgen_test]
fn unicode_and_limits_round_trip() {
    let metadata = "é".repeat(4096); // exactly 8192 UTF-8 bytes
    let options = TokenOptions::new("Salle de réunion 🎥", "Zoë Ångström-李", NOW)
        .with_name("Zoë 👩\u{200d}💻")
        .with_metadata(&metadata);
    let token = signer().create(&options).unwrap();
    let claims = signer().verify(&token, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(claims.room, "Salle de réunion 🎥");
    assert_eq!(claims.identity, "Zoë Ångström-李");
    assert_eq!(claims.metadata.as_deref(), Some(metadata.as_str()));
    // What JavaScript reads from the payload is the same text.
    let payload = host_b64u(segments(&token)[1]);
    let parsed = js_sys::JSON::parse(core::str::from_utf8(&payload).unwrap()).unwrap();
    let room = js_sys::Reflect::get(&parsed, &JsValue::from_str("room")).unwrap();
    assert_eq!(room.as_string().as_deref(), Some("Salle de réunion 🎥"));
}

#[wasm_bindgen_test]
fn hmac_sha256_rfc4231_case_2() {
    let key = Hs256Key::new(b"Jefe", true).unwrap();
    let mac = key.mac(b"what do ya want for nothing?");
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[wasm_bindgen_test]
fn many_tokens() {
    let signer = signer();
    for i in 0..500 {
        let identity = format!("user-{i}");
        let token = signer
            .create(&TokenOptions::new("room", &identity, NOW + i))
            .unwrap();
        let claims = signer.verify(&token, &VerifyOptions::at(NOW + i)).unwrap();
        assert_eq!(claims.identity, identity);
    }
}

// --- Errors --------------------------------------------------------------------------------

fn code(result: Result<impl core::fmt::Debug, Error>) -> (&'static str, Error) {
    let err = result.unwrap_err();
    assert!(
        ERROR_CODES.contains(&err.code()),
        "unknown code {}",
        err.code()
    );
    assert!(!err.to_string().is_empty());
    (err.code(), err)
}

#[wasm_bindgen_test]
fn error_codes_are_stable_and_distinct() {
    assert_eq!(ERROR_CODES.len(), 15);
    for (i, a) in ERROR_CODES.iter().enumerate() {
        assert!(a.starts_with("ERR_"));
        assert!(!ERROR_CODES[i + 1..].contains(a), "duplicate {a}");
    }
    assert_eq!(ERROR_CODES[13], "ERR_BROWSER_SECRET");
    assert_eq!(Error::BrowserSecret.code(), "ERR_BROWSER_SECRET");
}

#[wasm_bindgen_test]
fn weak_secrets() {
    assert_eq!(code(Signer::new(API_KEY, b"short")).0, "ERR_WEAK_SECRET");
    assert_eq!(code(Signer::new(API_KEY, &[7; 31])).0, "ERR_WEAK_SECRET");
    // 32 bytes, but one byte repeated: degenerate, refused unless weak secrets are allowed.
    assert_eq!(code(Signer::new(API_KEY, &[7; 32])).0, "ERR_WEAK_SECRET");
    let varied: Vec<u8> = (0..32u8)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    assert!(Signer::new(API_KEY, &varied).is_ok());
    let weak = SignerOptions {
        allow_weak_secret: true,
        ..SignerOptions::default()
    };
    assert!(Signer::with_options(API_KEY, b"short", weak).is_ok());
    assert_eq!(
        code(Signer::with_options(API_KEY, b"", weak)).0,
        "ERR_WEAK_SECRET"
    );
}

#[wasm_bindgen_test]
fn invalid_options() {
    let s = signer();
    let (c, err) = code(s.create(&TokenOptions::new("", "alice", NOW)));
    assert_eq!((c, err.field()), ("ERR_INVALID_OPTIONS", Some("room")));
    let (c, err) = code(s.create(&TokenOptions::new("room", "a\u{202E}b", NOW)));
    assert_eq!((c, err.field()), ("ERR_INVALID_OPTIONS", Some("identity")));
    let long = "x".repeat(257);
    let (_, err) = code(s.create(&TokenOptions::new(&long, "alice", NOW)));
    assert_eq!(err.field(), Some("room"));
    let (_, err) = code(Signer::new("bad key", SECRET));
    assert_eq!(err.field(), Some("api_key"));
    let mut permissions = Permissions::default();
    let (c, err) = code(permissions.set("canFly", true));
    assert_eq!(
        (c, err.field()),
        ("ERR_INVALID_OPTIONS", Some("permissions.canFly"))
    );
    for name in PERMISSION_NAMES {
        permissions.set(name, true).unwrap();
    }
}

#[wasm_bindgen_test]
fn signature_and_structure() {
    let other = Signer::new(API_KEY, b"a-completely-different-secret-0123456789").unwrap();
    assert_eq!(
        code(other.verify(GOLDEN, &VerifyOptions::at(NOW))).0,
        "ERR_BAD_SIGNATURE"
    );
    // Flip one signature character (keeping it canonical base64url).
    let mut forged = GOLDEN.to_owned();
    let at = GOLDEN.rfind('.').unwrap() + 1;
    let flipped = if &GOLDEN[at..=at] == "A" { "B" } else { "A" };
    forged.replace_range(at..=at, flipped);
    assert_eq!(
        code(signer().verify(&forged, &VerifyOptions::at(NOW))).0,
        "ERR_BAD_SIGNATURE"
    );
    assert_eq!(code(decode("not.a.token")).0, "ERR_MALFORMED_TOKEN");
    assert_eq!(code(decode("abc")).0, "ERR_MALFORMED_TOKEN");
    let big = "a".repeat(MAX_TOKEN_LEN + 1);
    assert_eq!(code(decode(&big)).0, "ERR_TOKEN_TOO_LARGE");
    let payload = segments(GOLDEN)[1];
    // alg none: its (empty) signature fails the MAC, which is checked before the header.
    let none = format!("eyJhbGciOiJub25lIn0.{payload}.");
    assert_eq!(
        code(signer().verify(&none, &VerifyOptions::at(NOW))).0,
        "ERR_BAD_SIGNATURE"
    );
}

#[wasm_bindgen_test]
fn time_is_only_what_the_caller_passes() {
    let s = signer();
    let at = |now: i64| VerifyOptions::at(now);
    assert!(s.verify(GOLDEN, &at(NOW)).is_ok());
    assert!(s.verify(GOLDEN, &at(NOW + 3600 + 9)).is_ok()); // within the 10 s leeway
    let (c, err) = code(s.verify(GOLDEN, &at(NOW + 3600 + 10)));
    assert_eq!((c, err.claim()), ("ERR_EXPIRED", Some("exp")));
    let claims = Claims::from_json(err.payload_json().unwrap().as_bytes()).unwrap();
    assert_eq!(claims.identity, "alice");
    let (c, err) = code(s.verify(GOLDEN, &at(NOW - 11)));
    assert_eq!((c, err.claim()), ("ERR_NOT_YET_VALID", Some("nbf")));
    assert!(err.payload_json().is_some());
    let strict = VerifyOptions {
        leeway: 0,
        ..at(NOW + 3600)
    };
    assert_eq!(code(s.verify(GOLDEN, &strict)).0, "ERR_EXPIRED");
    let room = VerifyOptions {
        room: Some("other"),
        ..at(NOW)
    };
    assert_eq!(code(s.verify(GOLDEN, &room)).0, "ERR_ROOM_MISMATCH");
    let issuer = VerifyOptions {
        api_key: Some("otherKey"),
        ..at(NOW)
    };
    assert_eq!(code(s.verify(GOLDEN, &issuer)).0, "ERR_ISSUER_MISMATCH");
    // Years later, the same call gives the same answer: nothing reads a clock.
    assert_eq!(
        s.create(&golden_options()).unwrap(),
        s.create(&golden_options()).unwrap()
    );
}

// --- Durations -----------------------------------------------------------------------------

#[wasm_bindgen_test]
fn durations() {
    for (text, seconds) in [
        ("1h", 3600),
        ("90 seconds", 90),
        ("1.5h", 5400),
        ("2 days", 172_800),
        ("30m", 1800),
        ("1w", 604_800),
        ("1y", 31_557_600),
        ("45s", 45),
    ] {
        assert_eq!(parse_duration(text).unwrap(), seconds, "{text}");
    }
    for bad in [
        "",
        "10",
        "-1h",
        "+1h",
        "1 fortnight",
        "1e3s",
        " 1h",
        "1h ago",
    ] {
        assert_eq!(
            parse_duration(bad).unwrap_err().code(),
            "ERR_INVALID_DURATION",
            "{bad:?}"
        );
    }
    assert_eq!(Expiry::Text("1h").to_seconds(86_400).unwrap(), 3600);
    assert_eq!(
        Expiry::Seconds(86_401)
            .to_seconds(86_400)
            .unwrap_err()
            .code(),
        "ERR_INVALID_DURATION"
    );
    assert_eq!(
        Expiry::Seconds(0).to_seconds(86_400).unwrap_err().code(),
        "ERR_INVALID_DURATION"
    );
    assert_eq!(seconds_from_number(60.0).unwrap(), 60);
    for bad in [0.5, -1.0, f64::NAN, f64::INFINITY, 0.0] {
        assert_eq!(
            seconds_from_number(bad).unwrap_err().code(),
            "ERR_INVALID_DURATION"
        );
    }
}

// --- No panics -----------------------------------------------------------------------------

#[wasm_bindgen_test]
fn hostile_input_never_panics() {
    let s = signer();
    let at = VerifyOptions::at(NOW);
    // Every prefix of the golden token, and every single-character substitution of its
    // first 80 characters: errors, never panics, never a false success.
    for end in 0..GOLDEN.len() {
        let prefix = &GOLDEN[..end];
        assert!(s.verify(prefix, &at).is_err());
        let _ = decode(prefix);
    }
    for i in 0..80 {
        for replacement in ['A', '-', '_', '.', '=', 'é'] {
            let mut t = GOLDEN.to_owned();
            t.replace_range(i..=i, &replacement.to_string());
            if t != GOLDEN {
                assert!(s.verify(&t, &at).is_err(), "accepted {t}");
            }
        }
    }
    // Pseudo-random garbage (xorshift; deterministic).
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut text = String::new();
        let len = usize::try_from(state % 200).unwrap();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let c = char::from_u32(u32::try_from(state % 0x80).unwrap()).unwrap_or('a');
            text.push(if state % 5 == 0 { '.' } else { c });
        }
        assert!(s.verify(&text, &at).is_err());
        let _ = decode(&text);
        let _ = parse_duration(&text);
    }
}
