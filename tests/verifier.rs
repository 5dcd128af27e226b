//! `Verifier`: one verifier over several API keys. Tokens of two keys
//! verify; a removed, unknown, missing or prefix `iss` is `ERR_ISSUER_MISMATCH`, decided before
//! any MAC; per-key secret rules; nothing secret in `Debug` or errors.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use isometrik_token::Hs256Key;
use isometrik_token::{Signer, TokenOptions, Verifier, VerifyOptions};

const NOW: i64 = 1_700_000_000;
const OLD_SECRET: &[u8] = b"the-old-secret-being-rotated-out-0123";
const NEW_SECRET: &[u8] = b"the-new-secret-being-rotated-in-45678";

fn token(api_key: &str, secret: &[u8]) -> String {
    Signer::new(api_key, secret)
        .unwrap()
        .create(&TokenOptions::new("room", "alice", NOW))
        .unwrap()
}

/// A token whose payload is `payload` (JSON text), signed with `secret`.
fn raw_token(payload: &str, secret: &[u8]) -> String {
    Hs256Key::new(secret, false)
        .unwrap()
        .sign(payload.as_bytes())
}

fn code(verifier: &Verifier, token: &str) -> &'static str {
    match verifier.verify(token, &VerifyOptions::at(NOW)) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn rotating() -> Verifier {
    let mut v = Verifier::new();
    assert!(!v.add("APIold", OLD_SECRET, false).unwrap());
    assert!(!v.add("APInew", NEW_SECRET, false).unwrap());
    v
}

#[test]
fn tokens_of_both_keys_verify_until_one_is_removed() {
    let mut v = rotating();
    let (old, new) = (token("APIold", OLD_SECRET), token("APInew", NEW_SECRET));
    let claims = v.verify(&old, &VerifyOptions::at(NOW)).unwrap().claims;
    assert_eq!(claims.api_key, "APIold");
    assert_eq!(code(&v, &new), "ok");
    assert!(v.remove("APIold"));
    assert!(!v.remove("APIold"));
    assert_eq!(code(&v, &old), "ERR_ISSUER_MISMATCH");
    assert_eq!(code(&v, &new), "ok");
    // Adding it back (rotation undone) works without a restart.
    v.add("APIold", OLD_SECRET, false).unwrap();
    assert_eq!(code(&v, &old), "ok");
    assert_eq!(v.api_keys().collect::<Vec<_>>(), ["APInew", "APIold"]);
}

#[test]
fn the_key_is_chosen_by_exact_iss() {
    let v = rotating();
    let cases = [
        // A known iss signed with the other key's secret: that key's MAC fails.
        (token("APIold", NEW_SECRET), "ERR_BAD_SIGNATURE"),
        (token("APIunknown", OLD_SECRET), "ERR_ISSUER_MISMATCH"),
        (token("APIol", OLD_SECRET), "ERR_ISSUER_MISMATCH"),
        (token("APIoldX", OLD_SECRET), "ERR_ISSUER_MISMATCH"),
        (token("apiold", OLD_SECRET), "ERR_ISSUER_MISMATCH"),
        (
            raw_token(
                r#"{"sub":"alice","room":"room","exp":1700003600}"#,
                OLD_SECRET,
            ),
            "ERR_ISSUER_MISMATCH",
        ),
        (
            raw_token(
                r#"{"iss":1,"sub":"alice","room":"room","exp":1700003600}"#,
                OLD_SECRET,
            ),
            "ERR_ISSUER_MISMATCH",
        ),
        (
            raw_token(
                r#"{"iss":null,"sub":"a","room":"r","exp":1700003600}"#,
                OLD_SECRET,
            ),
            "ERR_ISSUER_MISMATCH",
        ),
        // Two iss members: refused as malformed, never resolved to one of them.
        (
            raw_token(
                r#"{"iss":"APIold","iss":"APInew","sub":"a","room":"r","exp":1700003600}"#,
                NEW_SECRET,
            ),
            "ERR_MALFORMED_TOKEN",
        ),
        (
            raw_token(
                r#"{"iss":"APIold","sub":"a","room":"r","exp":1700003600,}"#,
                OLD_SECRET,
            ),
            "ERR_MALFORMED_TOKEN",
        ),
        (
            raw_token(
                r#"{"iss":"APInew","sub":"a","room":"r","exp":1700003600}"#,
                NEW_SECRET,
            ),
            "ok",
        ),
        (
            raw_token(
                r#"{"iss":"APIne\u0077","sub":"a","room":"r","exp":1700003600}"#,
                NEW_SECRET,
            ),
            "ok",
        ),
        ("not a token".to_owned(), "ERR_MALFORMED_TOKEN"),
        ("a".repeat(20_000), "ERR_TOKEN_TOO_LARGE"),
    ];
    for (t, expected) in &cases {
        assert_eq!(code(&v, t), *expected, "{t}");
    }
}

/// An unknown or missing `iss` is decided before any MAC: a token whose signature is garbage
/// (which would be ERR_BAD_SIGNATURE after a MAC) gives ERR_ISSUER_MISMATCH.
#[test]
fn no_mac_for_an_unknown_issuer() {
    let v = rotating();
    let garbage_sig = URL_SAFE_NO_PAD.encode([0u8; 32]);
    for payload in [
        r#"{"iss":"APIunknown","sub":"a","room":"r","exp":1700003600}"#,
        r#"{"iss":"APIol","sub":"a","room":"r","exp":1700003600}"#,
        r#"{"sub":"a","room":"r","exp":1700003600}"#,
    ] {
        let t = format!(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{garbage_sig}",
            URL_SAFE_NO_PAD.encode(payload)
        );
        assert_eq!(code(&v, &t), "ERR_ISSUER_MISMATCH", "{payload}");
    }
    // With a known iss the same garbage signature reaches the MAC.
    let t = format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{garbage_sig}",
        URL_SAFE_NO_PAD.encode(r#"{"iss":"APIold","sub":"a","room":"r","exp":1700003600}"#)
    );
    assert_eq!(code(&v, &t), "ERR_BAD_SIGNATURE");
}

#[test]
fn options_still_apply() {
    let v = rotating();
    let old = token("APIold", OLD_SECRET);
    let with = |api_key, room| VerifyOptions {
        api_key,
        room,
        ..VerifyOptions::at(NOW)
    };
    assert!(v.verify(&old, &with(Some("APIold"), Some("room"))).is_ok());
    let err = v.verify(&old, &with(Some("APInew"), None)).unwrap_err();
    assert_eq!(err.code(), "ERR_ISSUER_MISMATCH");
    let err = v.verify(&old, &with(None, Some("other"))).unwrap_err();
    assert_eq!(err.code(), "ERR_ROOM_MISMATCH");
    let err = v.verify(&old, &VerifyOptions::at(NOW + 7200)).unwrap_err();
    assert_eq!(err.code(), "ERR_EXPIRED");
    let err = v
        .verify(
            &old,
            &VerifyOptions {
                leeway: 4000,
                ..VerifyOptions::at(NOW)
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "ERR_INVALID_OPTIONS");
}

#[test]
fn each_key_follows_the_secret_rules() {
    let mut v = Verifier::new();
    let pem = b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
    for (secret, allow_weak) in [
        (&b""[..], true),
        (b"short", false),
        (&[0u8; 32][..], false),
        (&pem[..], true),
    ] {
        let err = v.add("APIk", secret, allow_weak).unwrap_err();
        assert_eq!(err.code(), "ERR_WEAK_SECRET", "{secret:?}");
        assert!(!v.contains("APIk"));
    }
    v.add("APIdev", b"short", true).unwrap();
    for api_key in ["", "API key", "ключ"] {
        let err = v.add(api_key, OLD_SECRET, false).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_OPTIONS");
        assert_eq!(err.field(), Some("api_key"));
    }
    // Replacing a key's secret: old tokens of that key stop verifying.
    let mut v = rotating();
    let old = token("APIold", OLD_SECRET);
    assert!(v.add("APIold", NEW_SECRET, false).unwrap());
    assert_eq!(code(&v, &old), "ERR_BAD_SIGNATURE");
}

#[test]
fn nothing_secret_is_shown() {
    let v = rotating();
    let shown = format!("{v:?}");
    assert_eq!(shown, r#"Verifier { api_keys: ["APInew", "APIold"] }"#);
    let tokens = [token("APIold", NEW_SECRET), token("APIx", OLD_SECRET)];
    for t in &tokens {
        let message = v
            .verify(t, &VerifyOptions::at(NOW))
            .unwrap_err()
            .to_string();
        for secret in [OLD_SECRET, NEW_SECRET] {
            assert!(!message.contains(std::str::from_utf8(secret).unwrap()));
        }
        assert!(!message.contains(t.as_str()));
    }
}

#[test]
fn many_add_remove_cycles() {
    let mut v = rotating();
    for i in 0..20_000 {
        let name = format!("APIk{}", i % 7);
        v.add(&name, NEW_SECRET, false).unwrap();
        assert!(v.remove(&name));
    }
    assert_eq!(v.api_keys().count(), 2);
}
