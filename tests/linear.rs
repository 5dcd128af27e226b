//! Work before authentication is linear in the token's size: a token whose
//! header (or payload) is ~1,600 short members costs at most a few times a normal token of the
//! same size, in `verify` (forged or authentic) and in `decode`. Measured as a ratio within one
//! run, never as an absolute time. Many short names is the worst case of the old duplicate
//! check, which compared each name with every earlier one (~100x here); the normal token is our
//! header and a payload of claims and application metadata (JSON carried as a string), padded
//! to the same length.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use isometrik_token::contract::MAX_TOKEN_LEN;
use isometrik_token::Hs256Key;
use isometrik_token::{dangerous::decode, dangerous::decode_json, verify, VerifyOptions};

const SECRET: &[u8] = b"isometrik-linear-test-secret-0123456789";
const NOW: i64 = 1_700_000_000;
const MEMBERS: usize = 1600;
/// Generous: debug builds on a loaded 2-core CI machine measured up to ~7x for the radix sort
/// of 1,600 names; the old quadratic check was ~100x.
const MAX_RATIO: f64 = 20.0;
/// The Rust `decode` also builds `serde_json` maps, whose B-tree inserts are n log n string
/// comparisons (serde_json's cost, not the reader's): a looser bound, which the old quadratic
/// check (~100x) still fails.
const MAP_MAX_RATIO: f64 = 30.0;

const CLAIMS: &str = r#""iss":"APIkey","sub":"alice","room":"r","exp":1700003600"#;

/// `"xy":0` for MEMBERS distinct two-character names, comma-separated.
fn many_members() -> String {
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = String::new();
    for i in 0..MEMBERS {
        let (a, b) = (alphabet[i / alphabet.len()], alphabet[i % alphabet.len()]);
        out.push_str(&format!(",\"{}{}\":0", a as char, b as char));
    }
    out
}

/// Many objects of 32 short names each (the largest checked pairwise), as members of one.
fn many_small_objects() -> String {
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = String::new();
    for o in 0..45 {
        out.push_str(&format!(",\"o{o}\":{{"));
        for i in 0..32 {
            let sep = if i == 0 { "" } else { "," };
            out.push_str(&format!(
                "{sep}\"{}{}\":0",
                alphabet[i / 8] as char,
                alphabet[i % 8] as char
            ));
        }
        out.push('}');
    }
    out
}

/// `prefix + members + "}"`.
fn worst(prefix: &str) -> String {
    format!("{prefix}{}}}", many_members())
}

/// A normal payload of exactly `len` bytes: the claims and application metadata, which is
/// JSON carried as a string (so full of escaped quotes), as apps put it there.
fn normal_payload(len: usize) -> String {
    let mut app = String::from("{");
    while app.len() < 6000 {
        app.push_str(&format!("\"key{}\":\"value\",", app.len()));
    }
    app.push_str("\"end\":true}");
    let metadata = serde_json::to_string(&app).unwrap();
    let start = format!("{{{CLAIMS},\"metadata\":{metadata},\"note\":\"");
    assert!(start.len() + 2 <= len, "{} > {len}", start.len());
    let filler = len - start.len() - 2;
    format!("{start}{}\"}}", "x".repeat(filler))
}

fn token(header: &str, payload: &str, authentic: bool) -> String {
    let key = Hs256Key::new(SECRET, false).unwrap();
    let mut t = key.sign_with_header(header.as_bytes(), payload.as_bytes());
    if !authentic {
        let sig = URL_SAFE_NO_PAD.encode([7u8; 32]);
        t.truncate(t.rfind('.').unwrap() + 1);
        t.push_str(&sig);
    }
    assert!(t.len() <= MAX_TOKEN_LEN, "{} bytes", t.len());
    assert!(t.len() > 14_000, "{} bytes: not a worst case", t.len());
    t
}

/// The fastest of several interleaved rounds of `op` on each input; their ratio.
fn ratio(what: &str, worst: &str, normal: &str, op: impl Fn(&str)) -> f64 {
    // One measurement at a time, even when the tests of this file run in parallel.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut best = [Duration::MAX; 2];
    for _ in 0..25 {
        for (i, input) in [worst, normal].into_iter().enumerate() {
            let start = Instant::now();
            for _ in 0..4 {
                op(black_box(input));
            }
            best[i] = best[i].min(start.elapsed());
        }
    }
    let r = best[0].as_secs_f64() / best[1].as_secs_f64();
    println!("{what}: {:?} vs {:?}, ratio {r:.2}", best[0], best[1]);
    r
}

/// Tokens of the same length: the worst header, the worst payload, and a normal one (our
/// header, a payload of claims and metadata).
fn tokens(authentic: bool) -> [(&'static str, String); 4] {
    let standard = r#"{"alg":"HS256","typ":"JWT"}"#;
    let small = format!("{{{CLAIMS}}}");
    let worst_header = token(&worst(r#"{"alg":"HS256""#), &small, authentic);
    let worst_payload = token(standard, &worst(&format!("{{{CLAIMS}")), authentic);
    let small_objects = token(
        standard,
        &format!("{{{CLAIMS}{}}}", many_small_objects()),
        authentic,
    );
    // The normal token as long as the longest worst case: pad its payload to match.
    let target = worst_header
        .len()
        .max(worst_payload.len())
        .max(small_objects.len());
    let mut len = target * 3 / 4 - 100;
    let normal = loop {
        let t = token(standard, &normal_payload(len), authentic);
        if t.len() >= target {
            break t;
        }
        len += 1;
    };
    [
        ("worst header", worst_header),
        ("worst payload", worst_payload),
        ("objects of 32 names", small_objects),
        ("normal", normal),
    ]
}

#[test]
fn verify_is_linear() {
    let key = Hs256Key::new(SECRET, false).unwrap();
    for authentic in [false, true] {
        let [h, p, o, n] = tokens(authentic);
        let expected = if authentic { "ok" } else { "ERR_BAD_SIGNATURE" };
        for (what, t) in [&h, &p, &o, &n] {
            let got = verify(&key, t, &VerifyOptions::at(NOW)).map(|_| "ok");
            assert_eq!(got.unwrap_or_else(|e| e.code()), expected, "{what}");
        }
        for (what, t) in [&h, &p] {
            let r = ratio(
                &format!("verify, {what}, authentic {authentic}"),
                t,
                &n.1,
                |t| {
                    let _ = verify(&key, t, &VerifyOptions::at(NOW));
                },
            );
            assert!(
                r < MAX_RATIO,
                "verify ({what}, authentic {authentic}): ratio {r:.1}"
            );
        }
    }
}

#[test]
fn decode_is_linear() {
    let [h, p, o, n] = tokens(false);
    for (what, t) in [&h, &p, &o] {
        assert!(decode(t).is_ok() && decode(&n.1).is_ok());
        let r = ratio(&format!("decode_json, {what}"), t, &n.1, |t| {
            let _ = decode_json(t);
        });
        assert!(r < MAX_RATIO, "decode_json ({what}): ratio {r:.1}");
        let r = ratio(&format!("decode, {what}"), t, &n.1, |t| {
            let _ = decode(t);
        });
        assert!(r < MAP_MAX_RATIO, "decode ({what}): ratio {r:.1}");
    }
}

/// The same shapes with one name repeated are refused, wherever the repeat is.
#[test]
fn the_worst_case_with_a_duplicate_is_refused() {
    let key = Hs256Key::new(SECRET, false).unwrap();
    let payload = format!("{{{CLAIMS}}}");
    let worst = worst(r#"{"alg":"HS256""#);
    let dup = worst.replacen("\"0Z\":0", "\"00\":0", 1);
    assert_ne!(dup, worst);
    let t = token(&dup, &payload, true);
    let err = verify(&key, &t, &VerifyOptions::at(NOW)).unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED_TOKEN");
    assert_eq!(decode(&t).unwrap_err().code(), "ERR_MALFORMED_TOKEN");
    // Forged: the MAC decides first.
    let t = token(&dup, &payload, false);
    let err = verify(&key, &t, &VerifyOptions::at(NOW)).unwrap_err();
    assert_eq!(err.code(), "ERR_BAD_SIGNATURE");
}

/// A secret is checked for being a key of another kind (src/secret.rs) before it becomes an
/// HMAC key: a text, and a normalised copy of it (quotes, escapes and blanks undone), each
/// through the strict JSON reader, the base64 DER test and the OpenSSH test. For the longest
/// secret, the costliest shapes for each stay within a bounded ratio of a random base64
/// secret of the same length (which the base64 test decodes in full, twice).
#[test]
fn secret_check_is_linear() {
    let len = isometrik_token::contract::MAX_SECRET_LEN;
    let fit = |mut s: String| {
        let mut end = len.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s
    };
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let random: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let normal = fit(base64::engine::general_purpose::STANDARD.encode(&random));
    let members: String = (0..500).map(|i| format!(",\"{i:x}\":0")).collect();
    let worst = [
        (
            "escapes in quotes",
            fit(format!("\"{}", "\\u006b".repeat(len))),
        ),
        (
            "many members",
            fit(format!("{{\"kty\":0{members}{}", " ".repeat(len))),
        ),
        (
            "members as a JSON string",
            fit(serde_json::to_string(&format!("{{\"a\":0{members}}}")).unwrap()),
        ),
        ("blanks", fit(format!("\u{200B}{}", "\u{A0}".repeat(len)))),
        (
            "OpenSSH blanks",
            fit(format!("ssh-ed25519{}", " ".repeat(len))),
        ),
    ];
    for (what, secret) in &worst {
        let r = ratio(&format!("secret: {what}"), secret, &normal, |s| {
            let _ = black_box(Hs256Key::new(s.as_bytes(), false));
        });
        assert!(r < MAX_RATIO, "secret check ({what}): ratio {r:.1}");
    }
}
