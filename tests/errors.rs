//! Every error code, triggered through the public API, with its field/claim; time and leeway
//! boundaries; exact issuer/room matching; wrong-typed claims; duplicate member names; weak
//! secrets; and no error message that shows a secret or a token.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::collections::BTreeSet;

use isometrik_token::contract::MAX_NUMERIC_DATE;
use isometrik_token::contract::{ERROR_CODES, MAX_TOKEN_LEN};
use isometrik_token::Hs256Key;
use isometrik_token::{
    dangerous::decode, verify, Claims, Error, Expiry, Permissions, Signer, SignerOptions,
    TokenOptions, VerifyOptions,
};
use support::{assert_no_leak, b64u, b64u_encode};

const API_KEY: &str = "APIkey123";
const SECRET: &[u8] = b"errors-test-secret-0123456789abcdef!";
const OTHER_SECRET: &[u8] = b"a-completely-different-secret-0123456789";
const WEAK_SECRET: &[u8] = b"thirty-one-bytes-secret-0123456"; // 31 bytes
const NOW: i64 = 1_700_000_000;
const EXP: i64 = NOW + 3600;
const ROOM: &str = "daily-standup";

fn signer() -> Signer {
    Signer::new(API_KEY, SECRET).unwrap()
}

fn options() -> TokenOptions<'static> {
    TokenOptions::new(ROOM, "alice", NOW).with_permissions(Permissions::publisher())
}

fn token() -> String {
    signer().create(&options()).unwrap()
}

fn at(now: i64, leeway: i64) -> VerifyOptions<'static> {
    VerifyOptions {
        leeway,
        ..VerifyOptions::at(now)
    }
}

/// The payload of a good token as raw JSON members, with some replaced (`Some`), removed
/// (`None`) or appended (names not in the base list), in this order.
fn payload_with(overrides: &[(&str, Option<&str>)]) -> String {
    let iat = NOW.to_string();
    let exp = EXP.to_string();
    let mut members: Vec<(String, String)> = [
        ("iss", "\"APIkey123\""),
        ("sub", "\"alice\""),
        ("room", "\"daily-standup\""),
        ("permissions", "{\"canPublish\":true}"),
        ("iat", iat.as_str()),
        ("nbf", iat.as_str()),
        ("exp", exp.as_str()),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (name, value) in overrides {
        let pos = members.iter().position(|(k, _)| k == name);
        match (pos, value) {
            (Some(i), Some(v)) => members[i].1 = (*v).to_owned(),
            (Some(i), None) => {
                members.remove(i);
            }
            (None, Some(v)) => members.push(((*name).to_owned(), (*v).to_owned())),
            (None, None) => {}
        }
    }
    let body: Vec<String> = members
        .iter()
        .map(|(k, v)| format!("\"{k}\":{v}"))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// A token with this exact payload text, correctly signed with SECRET.
fn signed(payload: &str) -> String {
    signer().key().sign(payload.as_bytes())
}

fn verify_at_now(token: &str) -> Result<Claims, Error> {
    signer().verify(token, &VerifyOptions::at(NOW))
}

#[track_caller]
fn expect_code<T: std::fmt::Debug>(result: Result<T, Error>, code: &str) -> Error {
    match result {
        Ok(v) => panic!("expected {code}, got Ok({v:?})"),
        Err(e) => {
            assert_eq!(e.code(), code, "{e}");
            e
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The list of codes
// ---------------------------------------------------------------------------------------------

#[test]
fn error_codes_list() {
    assert_eq!(ERROR_CODES.len(), 15);
    let unique: BTreeSet<_> = ERROR_CODES.iter().collect();
    assert_eq!(unique.len(), ERROR_CODES.len(), "duplicate codes");
    assert!(ERROR_CODES.iter().all(|c| c.starts_with("ERR_")));
    // ERR_BROWSER_SECRET is raised only by the JavaScript boundary; natively it exists in the
    // list and on the variant, and that is all there is to test.
    assert!(ERROR_CODES.contains(&"ERR_BROWSER_SECRET"));
    let browser = Error::BrowserSecret;
    assert_eq!(browser.code(), "ERR_BROWSER_SECRET");
    assert_eq!(browser.field(), None);
    assert_eq!(browser.claim(), None);
    assert!(browser.to_string().contains("dangerouslyAllowBrowser"));
    // Likewise ERR_WASM_UNAVAILABLE: the boundary appends one reason; only a refusal by policy
    // names the CSP fix, and only the passing kinds promise a retry.
    assert_eq!(Error::WasmUnavailable.code(), "ERR_WASM_UNAVAILABLE");
    for (kind, words) in isometrik_token::contract::WASM_UNAVAILABLE_REASONS {
        assert_eq!(
            words.contains("'wasm-unsafe-eval'"),
            kind == "policy",
            "{kind}"
        );
        let retried = matches!(kind, "missing" | "memory" | "io");
        assert_eq!(
            words.contains("the next call tries again"),
            retried,
            "{kind}"
        );
    }
}

/// One trigger per code (except ERR_BROWSER_SECRET), all through the public API, plus the
/// token and secrets involved, for the leak scan.
fn triggers() -> Vec<(Error, Option<String>)> {
    let s = signer();
    let tok = token();
    let mut out: Vec<(Error, Option<String>)> = Vec::new();
    let mut push = |r: Result<_, Error>, t: Option<&str>| {
        let e = match r {
            Ok::<(), Error>(()) => panic!("expected an error"),
            Err(e) => e,
        };
        out.push((e, t.map(str::to_owned)));
    };
    let unit = |r: Result<String, Error>| r.map(|_| ());
    let unit_c = |r: Result<Claims, Error>| r.map(|_| ());
    let unit_s = |r: Result<Signer, Error>| r.map(|_| ());

    push(unit_s(Signer::new("", SECRET)), None);
    push(unit_s(Signer::new("API key", SECRET)), None);
    push(unit(s.create(&TokenOptions::new("", "alice", NOW))), None);
    push(
        unit(s.create(&TokenOptions::new(ROOM, "a\u{7}", NOW))),
        None,
    );
    push(Permissions::default().set("canFly", true), None);
    push(unit_c(s.verify(&tok, &at(NOW, -1))), Some(&tok));
    push(unit_s(Signer::new(API_KEY, b"")), None);
    push(unit_s(Signer::new(API_KEY, WEAK_SECRET)), None);
    push(
        unit(s.create(&options().with_expires_in(Expiry::Text("25h")))),
        None,
    );
    push(
        unit(s.create(&options().with_expires_in(Expiry::Seconds(0)))),
        None,
    );
    let huge = "x".repeat(MAX_TOKEN_LEN + 1);
    push(
        unit_c(s.verify(&huge, &VerifyOptions::at(NOW))),
        Some(&huge),
    );
    let big_meta = "\u{1}".repeat(8192);
    push(unit(s.create(&options().with_metadata(&big_meta))), None);
    let malformed = format!("{tok}.");
    push(
        unit_c(s.verify(&malformed, &VerifyOptions::at(NOW))),
        Some(&malformed),
    );
    let dup = signed(&payload_with(&[("sub", Some("\"alice\",\"sub\":\"bob\""))]));
    push(unit_c(verify_at_now(&dup)), Some(&dup));
    let none = s.key().sign_with_header(br#"{"alg":"none"}"#, b"{}");
    push(unit_c(verify_at_now(&none)), Some(&none));
    let crit = s
        .key()
        .sign_with_header(br#"{"alg":"HS256","crit":["exp"]}"#, b"{}");
    push(unit_c(verify_at_now(&crit)), Some(&crit));
    let forged = Signer::new(API_KEY, OTHER_SECRET)
        .unwrap()
        .create(&options())
        .unwrap();
    push(unit_c(verify_at_now(&forged)), Some(&forged));
    push(unit_c(s.verify(&tok, &at(EXP + 10, 10))), Some(&tok));
    push(unit_c(s.verify(&tok, &at(NOW - 11, 10))), Some(&tok));
    let bad_exp = signed(&payload_with(&[("exp", Some("\"1700003600\""))]));
    push(unit_c(verify_at_now(&bad_exp)), Some(&bad_exp));
    push(
        unit_c(
            Signer::new("APIkey12", SECRET)
                .unwrap()
                .verify(&tok, &VerifyOptions::at(NOW)),
        ),
        Some(&tok),
    );
    push(
        unit_c(s.verify(
            &tok,
            &VerifyOptions {
                room: Some("daily"),
                ..VerifyOptions::at(NOW)
            },
        )),
        Some(&tok),
    );
    out
}

#[test]
fn every_code_is_reachable_and_nothing_leaks() {
    let all = triggers();
    let reached: BTreeSet<&str> = all.iter().map(|(e, _)| e.code()).collect();
    let expected: BTreeSet<&str> = ERROR_CODES
        .iter()
        .copied()
        .filter(|c| !matches!(*c, "ERR_BROWSER_SECRET" | "ERR_WASM_UNAVAILABLE"))
        .collect();
    assert_eq!(reached, expected);
    for (err, tok) in &all {
        assert!(ERROR_CODES.contains(&err.code()));
        assert!(!err.to_string().is_empty());
        assert_no_leak(err, &[SECRET, OTHER_SECRET, WEAK_SECRET], tok.as_deref());
    }
    // Nor do the signer or the key show the secret.
    for shown in [format!("{:?}", signer()), format!("{:?}", signer().key())] {
        assert!(!shown.contains(std::str::from_utf8(SECRET).unwrap()));
    }
}

// ---------------------------------------------------------------------------------------------
// ERR_INVALID_OPTIONS
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_options_name_the_field() {
    let s = signer();
    let long = "é".repeat(129); // 258 bytes
    let meta = "m".repeat(8193);
    let cases: Vec<(TokenOptions<'_>, &str)> = vec![
        (TokenOptions::new("", "alice", NOW), "room"),
        (TokenOptions::new("   ", "alice", NOW), "room"),
        (TokenOptions::new("a\nb", "alice", NOW), "room"),
        (TokenOptions::new(&long, "alice", NOW), "room"),
        (TokenOptions::new(ROOM, "", NOW), "identity"),
        (TokenOptions::new(ROOM, "\u{3000}", NOW), "identity"),
        (TokenOptions::new(ROOM, "al\u{0}ice", NOW), "identity"),
        (TokenOptions::new(ROOM, "al\u{85}ice", NOW), "identity"),
        (TokenOptions::new(ROOM, &long, NOW), "identity"),
        (options().with_name(" "), "name"),
        (options().with_name("a\u{1b}[31m"), "name"),
        (options().with_metadata(&meta), "metadata"),
        (TokenOptions::new(ROOM, "alice", -1), "now"),
        (
            TokenOptions::new(ROOM, "alice", MAX_NUMERIC_DATE + 1),
            "now",
        ),
    ];
    for (opts, field) in cases {
        let err = expect_code(s.create(&opts), "ERR_INVALID_OPTIONS");
        assert_eq!(err.field(), Some(field), "{opts:?}");
        assert_eq!(err.claim(), None);
        assert!(err.payload_json().is_none());
    }
    // Exactly at the limits is fine.
    let max_name = "é".repeat(128);
    let max_meta = "m".repeat(8192);
    s.create(
        &TokenOptions::new(&max_name, &max_name, NOW)
            .with_name(&max_name)
            .with_metadata(&max_meta),
    )
    .unwrap();
    s.create(&options().with_metadata("")).unwrap();

    for key in ["", "API key", "ключ", "a\tb", &"k".repeat(257)] {
        let err = expect_code(Signer::new(key, SECRET), "ERR_INVALID_OPTIONS");
        assert_eq!(err.field(), Some("api_key"), "{key:?}");
    }
    Signer::new(&"k".repeat(256), SECRET).unwrap();
    for max in [0, -1] {
        let err = expect_code(
            Signer::with_options(
                API_KEY,
                SECRET,
                SignerOptions {
                    max_expires_in: max,
                    ..SignerOptions::default()
                },
            ),
            "ERR_INVALID_OPTIONS",
        );
        assert_eq!(err.field(), Some("max_expires_in"));
    }
    let err = expect_code(
        Permissions::default().set("canFly", true),
        "ERR_INVALID_OPTIONS",
    );
    assert_eq!(err.field(), Some("permissions.canFly"));

    let tok = token();
    for leeway in [-1, 3601, i64::MIN, i64::MAX] {
        let err = expect_code(s.verify(&tok, &at(NOW, leeway)), "ERR_INVALID_OPTIONS");
        assert_eq!(err.field(), Some("leeway"), "leeway {leeway}");
    }
    for now in [-1, MAX_NUMERIC_DATE + 1, i64::MIN, i64::MAX] {
        let err = expect_code(
            s.verify(&tok, &VerifyOptions::at(now)),
            "ERR_INVALID_OPTIONS",
        );
        assert_eq!(err.field(), Some("now"), "now {now}");
    }
}

/// Identities, rooms and names that display as nothing or as another name
/// are refused when creating (and, through the same rule, when verifying: hostile cases
/// `invisible`); emoji and scripts that need joiners or variation selectors stay accepted.
#[test]
fn invisible_names_are_refused() {
    let s = signer();
    let blank = "must not be empty or blank";
    let bidi = "must not contain control, line-separator or bidirectional-control characters";
    let invisible = "must not contain invisible characters (Unicode Default_Ignorable_Code_Point other than ZWJ, ZWNJ and variation selectors)";
    let cases = [
        ("\u{200B}", blank),
        ("\u{3164}", blank),
        ("\u{2800}", blank),
        ("\u{FEFF}", blank),
        ("\u{00AD}", blank),
        ("\u{2060}", blank),
        ("\u{200D}\u{FE0F}", blank),
        ("admin\u{200E}", bidi),
        ("\u{200F}admin", bidi),
        ("admin\u{061C}", bidi),
        ("ad\u{200B}min", invisible),
        ("admin\u{3164}", invisible),
        ("admin\u{E0041}", invisible),
    ];
    for (text, reason) in cases {
        for (opts, field) in [
            (TokenOptions::new(ROOM, text, NOW), "identity"),
            (TokenOptions::new(text, "alice", NOW), "room"),
            (options().with_name(text), "name"),
        ] {
            let err = expect_code(s.create(&opts), "ERR_INVALID_OPTIONS");
            assert_eq!(err.field(), Some(field), "{text:?}");
            assert_eq!(
                err.to_string(),
                format!("invalid option `{field}`: {reason}"),
                "{text:?}"
            );
        }
        // The same value in a signed token is refused by verify.
        let payload = payload_with(&[("sub", Some(&serde_json::to_string(text).unwrap()))]);
        let err = expect_code(verify_at_now(&signed(&payload)), "ERR_CLAIM_INVALID");
        assert_eq!(err.claim(), Some("sub"), "{text:?}");
    }
    for text in [
        "👨\u{200D}👩\u{200D}👧",
        "❤\u{FE0F}",
        "می\u{200C}خواهم",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        "Zoë 🎥",
    ] {
        let tok = s
            .create(&TokenOptions::new(text, text, NOW).with_name(text))
            .unwrap();
        let claims = s.verify(&tok, &VerifyOptions::at(NOW)).unwrap();
        assert_eq!(claims.identity, text);
    }
}

// ---------------------------------------------------------------------------------------------
// ERR_WEAK_SECRET
// ---------------------------------------------------------------------------------------------

#[test]
fn weak_and_empty_secrets() {
    assert_eq!(WEAK_SECRET.len(), 31);
    let weak = SignerOptions {
        allow_weak_secret: true,
        ..SignerOptions::default()
    };
    // Empty: always refused, even with allow_weak_secret.
    expect_code(Signer::new(API_KEY, b""), "ERR_WEAK_SECRET");
    expect_code(Signer::with_options(API_KEY, b"", weak), "ERR_WEAK_SECRET");
    expect_code(Hs256Key::new(b"", true), "ERR_WEAK_SECRET");
    // 31 bytes: refused by default, accepted with allow_weak_secret.
    let err = expect_code(Signer::new(API_KEY, WEAK_SECRET), "ERR_WEAK_SECRET");
    assert_eq!(err.field(), None);
    expect_code(Hs256Key::new(WEAK_SECRET, false), "ERR_WEAK_SECRET");
    expect_code(Hs256Key::new(b"x", false), "ERR_WEAK_SECRET");
    let weak_signer = Signer::with_options(API_KEY, WEAK_SECRET, weak).unwrap();
    let tok = weak_signer.create(&options()).unwrap();
    assert_eq!(
        weak_signer
            .verify(&tok, &VerifyOptions::at(NOW))
            .unwrap()
            .identity,
        "alice"
    );
    Hs256Key::new(b"x", true).unwrap();
    // 32 bytes of one value, or a short pattern repeated: degenerate, refused unless weak
    // secrets are allowed.
    for degenerate in [
        &[0u8; 32][..],
        b"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
        &b"secret!".repeat(5),
    ] {
        let err = expect_code(Signer::new(API_KEY, degenerate), "ERR_WEAK_SECRET");
        assert!(err.to_string().contains("repeating pattern"), "{err}");
        expect_code(Hs256Key::new(degenerate, false), "ERR_WEAK_SECRET");
        Hs256Key::new(degenerate, true).unwrap();
    }
    Signer::new(API_KEY, b"0123456789abcdef0123456789abcdeX").unwrap();
}

/// Keys of another kind, however dressed, are refused as secrets even with weak secrets
/// allowed, with a message naming the class and never the secret.
#[test]
fn keys_of_another_kind_are_not_secrets() {
    let pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAszXh7tfBtI9g6cWPk2PQpfS8Zmh\nva2PBvdUW05vdO0sZEpl/gvSF6Fe6R8m6OvpD4U4vv6kwWpIJCpuyK0X/w==\n-----END PUBLIC KEY-----\n";
    let body = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAszXh7tfBtI9g6cWPk2PQpfS8Zmh\nva2PBvdUW05vdO0sZEpl/gvSF6Fe6R8m6OvpD4U4vv6kwWpIJCpuyK0X/w==";
    let cases = [
        (format!("\u{FEFF}{pem}"), "PEM"),
        (format!("\u{A0}{pem}"), "PEM"),
        (format!("\u{2028}\u{3000}{pem}"), "PEM"),
        (
            r#"{"k\u0074y":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}"#.to_owned(),
            "JWK",
        ),
        (
            r#"[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}]"#.to_owned(),
            "JWK",
        ),
        (
            r#"{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}]}"#.to_owned(),
            "JWK",
        ),
        (body.to_owned(), "DER"),
        (body.replace('\n', ""), "DER"),
        (
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE me@host".to_owned(),
            "OpenSSH",
        ),
        (
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAszXh7".to_owned(),
            "OpenSSH",
        ),
    ];
    for (key, class) in &cases {
        for allow_weak in [false, true] {
            let err = expect_code(Hs256Key::new(key.as_bytes(), allow_weak), "ERR_WEAK_SECRET");
            let message = err.to_string();
            assert!(message.contains(class), "{class}: {message}");
            assert!(
                !message.contains("MFkw") && !message.contains("AAAA"),
                "{message}"
            );
        }
        expect_code(Signer::new(API_KEY, key.as_bytes()), "ERR_WEAK_SECRET");
    }
}

// ---------------------------------------------------------------------------------------------
// ERR_INVALID_DURATION
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_durations() {
    let s = signer();
    for e in [
        Expiry::Seconds(0),
        Expiry::Seconds(-1),
        Expiry::Seconds(86_401),
        Expiry::Seconds(i64::MAX),
        Expiry::Seconds(i64::MIN),
        Expiry::Text(""),
        Expiry::Text("1"),
        Expiry::Text("3600"),
        Expiry::Text("-1h"),
        Expiry::Text("+1h"),
        Expiry::Text("0s"),
        Expiry::Text("0.4s"),
        Expiry::Text("25h"),
        Expiry::Text("2 days"),
        Expiry::Text("1y"),
        Expiry::Text("1h ago"),
        Expiry::Text(" 1h"),
        Expiry::Text("1e3s"),
        Expiry::Text("NaN"),
        Expiry::Text("99999999999999999999999s"),
    ] {
        let err = expect_code(
            s.create(&options().with_expires_in(e)),
            "ERR_INVALID_DURATION",
        );
        assert_eq!(err.field(), Some("expires_in"));
    }
    // Exactly the maximum is fine; a larger configured maximum allows more.
    s.create(&options().with_expires_in(Expiry::Seconds(86_400)))
        .unwrap();
    let week = Signer::with_options(
        API_KEY,
        SECRET,
        SignerOptions {
            max_expires_in: 7 * 86_400,
            ..SignerOptions::default()
        },
    )
    .unwrap();
    week.create(&options().with_expires_in(Expiry::Text("1w")))
        .unwrap();
    expect_code(
        week.create(&options().with_expires_in(Expiry::Text("8d"))),
        "ERR_INVALID_DURATION",
    );
    // An expiry after 9999-12-31T23:59:59Z.
    expect_code(
        s.create(&TokenOptions::new(ROOM, "alice", MAX_NUMERIC_DATE - 10)),
        "ERR_INVALID_DURATION",
    );
    let last = s
        .create(
            &TokenOptions::new(ROOM, "alice", MAX_NUMERIC_DATE - 3600)
                .with_expires_in(Expiry::Seconds(3600)),
        )
        .unwrap();
    // exp == MAX_NUMERIC_DATE, verified at the last representable instant with the largest
    // leeway: no overflow, still valid (now < exp + leeway).
    let claims = s.verify(&last, &at(MAX_NUMERIC_DATE, 3600)).unwrap();
    assert_eq!(claims.exp, MAX_NUMERIC_DATE);
}

// ---------------------------------------------------------------------------------------------
// ERR_TOKEN_TOO_LARGE
// ---------------------------------------------------------------------------------------------

#[test]
fn token_too_large() {
    let s = signer();
    let huge = "a".repeat(MAX_TOKEN_LEN + 1);
    expect_code(
        s.verify(&huge, &VerifyOptions::at(NOW)),
        "ERR_TOKEN_TOO_LARGE",
    );
    expect_code(decode(&huge), "ERR_TOKEN_TOO_LARGE");
    expect_code(s.key().verify(&huge), "ERR_TOKEN_TOO_LARGE");
    // Exactly MAX_TOKEN_LEN is not "too large" (it fails for another reason).
    let edge = "a".repeat(MAX_TOKEN_LEN);
    assert_eq!(
        s.verify(&edge, &VerifyOptions::at(NOW)).unwrap_err().code(),
        "ERR_MALFORMED_TOKEN"
    );
    // A size check before anything else: a huge token with a valid prefix is still too large.
    let padded = format!("{}{}", token(), "A".repeat(MAX_TOKEN_LEN));
    expect_code(
        s.verify(&padded, &VerifyOptions::at(NOW)),
        "ERR_TOKEN_TOO_LARGE",
    );
    // Creating: 8192 bytes of metadata is allowed, but U+0001 is written as \u0001 (6 bytes
    // each), so the token would be far over 16 KiB.
    let meta = "\u{1}".repeat(8192);
    expect_code(
        s.create(&options().with_metadata(&meta)),
        "ERR_TOKEN_TOO_LARGE",
    );
    // While 8192 plain bytes fit.
    let meta = "m".repeat(8192);
    let tok = s.create(&options().with_metadata(&meta)).unwrap();
    assert!(tok.len() <= MAX_TOKEN_LEN);
    assert_eq!(
        s.verify(&tok, &VerifyOptions::at(NOW)).unwrap().metadata,
        Some(meta)
    );
}

// ---------------------------------------------------------------------------------------------
// ERR_MALFORMED_TOKEN
// ---------------------------------------------------------------------------------------------

#[test]
fn malformed_tokens() {
    let s = signer();
    let tok = token();
    let (h, rest) = tok.split_once('.').unwrap();
    let (p, sig) = rest.split_once('.').unwrap();
    let mut sig_last_bits = sig.to_owned();
    // The last of 43 characters carries 4 bits + 2 unused bits; make the unused bits non-zero.
    let last = sig_last_bits.pop().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.find(last).unwrap();
    sig_last_bits.push(alphabet.as_bytes()[idx ^ 1] as char);

    let cases: Vec<String> = vec![
        String::new(),
        ".".into(),
        "..".into(),
        "...".into(),
        "a.b".into(),
        format!("{h}.{p}"),
        format!("{tok}."),
        format!("{tok}.{sig}"),
        format!(".{p}.{sig}"),
        format!("{h}..{sig}"),
        format!("{h}=.{p}.{sig}"),
        format!("{h}.{p}=.{sig}"),
        format!("{h}.{p}.{sig}="),
        format!("{h}.{p}.{sig_last_bits}"),
        format!("{}.{p}.{sig}", h.replace('J', "+")),
        format!("{h}.{p}.{}", sig.replace('_', "/")),
        format!(" {tok}"),
        format!("{tok} "),
        format!("{tok}\n"),
        tok.replace('.', ".\u{200b}"),
        format!("{}.{p}.{sig}", b64u_encode(b"not json")),
        format!("{}.{p}.{sig}", b64u_encode(b"[\"alg\",\"HS256\"]")),
        format!(
            "{}.{p}.{sig}",
            b64u_encode(br#"{"alg":"HS256","alg":"HS256"}"#)
        ),
        format!(
            "{}.{p}.{sig}",
            b64u_encode(b"\xEF\xBB\xBF{\"alg\":\"HS256\"}")
        ),
    ];
    for case in &cases {
        let err = s.verify(case, &VerifyOptions::at(NOW)).unwrap_err();
        // Non-canonical signature bits or a different signature may surface as a signature
        // failure in a few cases, never as success.
        assert!(
            matches!(err.code(), "ERR_MALFORMED_TOKEN" | "ERR_BAD_SIGNATURE"),
            "{case:?}: {}",
            err.code()
        );
        assert!(decode(case).is_err() || err.code() == "ERR_BAD_SIGNATURE");
    }
    // The ones whose structure is broken are refused as malformed, precisely.
    for case in [
        String::new(),
        "a.b".into(),
        format!("{tok}."),
        format!("{h}..{sig}"),
        format!(".{p}.{sig}"),
        format!("{h}.{p}.{sig_last_bits}"),
        format!("{h}.{p}.{sig}="),
    ] {
        let err = expect_code(
            s.verify(&case, &VerifyOptions::at(NOW)),
            "ERR_MALFORMED_TOKEN",
        );
        assert_no_leak(&err, &[SECRET], Some(&case));
    }

    // Authentic (correct MAC) payloads that are not claims sets.
    for payload in [
        "",
        "null",
        "[]",
        "\"alice\"",
        "{",
        "{}{}",
        "{\"a\":NaN}",
        "{'sub':'x'}",
    ] {
        let t = s.key().sign(payload.as_bytes());
        let err = s.verify(&t, &VerifyOptions::at(NOW)).unwrap_err();
        assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "payload {payload:?}");
    }
    // Invalid UTF-8 in the payload.
    let t = s.key().sign(b"{\"sub\":\"\xff\"}");
    expect_code(s.verify(&t, &VerifyOptions::at(NOW)), "ERR_MALFORMED_TOKEN");
    // A number out of range for JSON parsing.
    let t = signed(&payload_with(&[("exp", Some("1e400"))]));
    expect_code(verify_at_now(&t), "ERR_MALFORMED_TOKEN");
}

/// Duplicate member names are refused, after the MAC (which is valid here), at any depth and
/// however they are spelled; decode refuses them too.
#[test]
fn duplicate_member_names() {
    let s = signer();
    for payload in [
        payload_with(&[("sub", Some("\"alice\",\"sub\":\"mallory\""))]),
        payload_with(&[("exp", Some("1700003600,\"exp\":1800000000"))]),
        payload_with(&[("iss", Some("\"APIkey123\",\"iss\":\"APIkey123\""))]),
        payload_with(&[("room", Some("\"daily-standup\",\"\\u0072oom\":\"other\""))]),
        payload_with(&[(
            "permissions",
            Some("{\"canPublish\":false,\"canPublish\":true}"),
        )]),
        payload_with(&[("extra", Some("[{\"a\":1,\"a\":2}]"))]),
    ] {
        let t = signed(&payload);
        let err = expect_code(s.verify(&t, &VerifyOptions::at(NOW)), "ERR_MALFORMED_TOKEN");
        assert!(err.to_string().contains("duplicate"), "{err}");
        expect_code(decode(&t), "ERR_MALFORMED_TOKEN");
    }
    // In the header too.
    let t = s.key().sign_with_header(
        br#"{"alg":"HS256","typ":"JWT","typ":"JWT"}"#,
        payload_with(&[]).as_bytes(),
    );
    expect_code(s.verify(&t, &VerifyOptions::at(NOW)), "ERR_MALFORMED_TOKEN");
    expect_code(decode(&t), "ERR_MALFORMED_TOKEN");
    // A forged duplicate is refused as a bad signature first: the MAC comes before parsing.
    let forged = Signer::new(API_KEY, OTHER_SECRET)
        .unwrap()
        .key()
        .sign(payload_with(&[("sub", Some("\"a\",\"sub\":\"b\""))]).as_bytes());
    expect_code(verify_at_now(&forged), "ERR_BAD_SIGNATURE");
}

// ---------------------------------------------------------------------------------------------
// ERR_UNSUPPORTED_ALG / ERR_UNSUPPORTED_HEADER / ERR_BAD_SIGNATURE
// ---------------------------------------------------------------------------------------------

#[test]
fn unsupported_algorithms() {
    let s = signer();
    let payload = payload_with(&[]);
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"None"}"#,
        r#"{"alg":"HS512","typ":"JWT"}"#,
        r#"{"alg":"HS384"}"#,
        r#"{"alg":"RS256"}"#,
        r#"{"alg":"ES256"}"#,
        r#"{"alg":"hs256"}"#,
        r#"{"alg":"HS256 "}"#,
        r#"{"alg":"HS2560"}"#,
        r#"{"alg":""}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{"alg":{"name":"HS256"}}"#,
        r#"{"typ":"JWT"}"#,
        r#"{}"#,
    ] {
        let t = s
            .key()
            .sign_with_header(header.as_bytes(), payload.as_bytes());
        let err = s.verify(&t, &VerifyOptions::at(NOW)).unwrap_err();
        assert_eq!(err.code(), "ERR_UNSUPPORTED_ALG", "{header}");
        assert_no_leak(&err, &[SECRET], Some(&t));
    }
}

#[test]
fn unsupported_header_parameters() {
    let s = signer();
    let payload = payload_with(&[]);
    for (header, param) in [
        (r#"{"alg":"HS256","crit":["exp"]}"#, "crit"),
        (r#"{"alg":"HS256","crit":[]}"#, "crit"),
        (r#"{"alg":"HS256","crit":null}"#, "crit"),
        (r#"{"alg":"HS256","typ":"JWS"}"#, "typ"),
        (r#"{"alg":"HS256","typ":"at+jwt"}"#, "typ"),
        (r#"{"alg":"HS256","typ":1}"#, "typ"),
        (r#"{"alg":"HS256","typ":null}"#, "typ"),
        (r#"{"alg":"HS256","b64":false}"#, "b64"),
        (r#"{"alg":"HS256","b64":"true"}"#, "b64"),
    ] {
        let t = s
            .key()
            .sign_with_header(header.as_bytes(), payload.as_bytes());
        let err = s.verify(&t, &VerifyOptions::at(NOW)).unwrap_err();
        assert_eq!(err.code(), "ERR_UNSUPPORTED_HEADER", "{header}");
        assert!(
            matches!(err, Error::UnsupportedHeader { param: p } if p == param),
            "{header}: {err:?}"
        );
    }
    // Accepted variants: no typ, typ in another case, b64 true, and ignored parameters (a kid
    // or a jwk never selects a key).
    for header in [
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"HS256","typ":"jwt"}"#,
        r#"{"typ":"JWT","alg":"HS256"}"#,
        r#"{"alg":"HS256","b64":true}"#,
        r#"{"alg":"HS256","kid":"other-key","jku":"https://evil.example/jwks"}"#,
        r#"{"alg":"HS256","jwk":{"kty":"oct","k":"AAAA"}}"#,
    ] {
        let t = s
            .key()
            .sign_with_header(header.as_bytes(), payload.as_bytes());
        s.verify(&t, &VerifyOptions::at(NOW))
            .unwrap_or_else(|e| panic!("{header}: {e}"));
    }
}

#[test]
fn bad_signatures() {
    let s = signer();
    let tok = token();
    let other = Signer::new(API_KEY, OTHER_SECRET).unwrap();
    expect_code(
        other.verify(&tok, &VerifyOptions::at(NOW)),
        "ERR_BAD_SIGNATURE",
    );
    let (input, sig) = tok.rsplit_once('.').unwrap();
    // Empty signature.
    expect_code(
        s.verify(&format!("{input}."), &VerifyOptions::at(NOW)),
        "ERR_BAD_SIGNATURE",
    );
    // Every single-bit change of the MAC.
    let mac = b64u(sig);
    for bit in 0..256 {
        let mut m = mac.clone();
        m[bit / 8] ^= 1 << (bit % 8);
        let t = format!("{input}.{}", b64u_encode(&m));
        let err = expect_code(s.verify(&t, &VerifyOptions::at(NOW)), "ERR_BAD_SIGNATURE");
        assert_no_leak(&err, &[SECRET], Some(&t));
    }
    // The MAC is checked before time: an expired forged token is a signature failure.
    expect_code(
        other.verify(&tok, &VerifyOptions::at(EXP + 1_000_000)),
        "ERR_BAD_SIGNATURE",
    );
    // The MAC is checked before claims: a forged token with nonsense claims too.
    let forged = other.key().sign(br#"{"exp":"soon"}"#);
    expect_code(verify_at_now(&forged), "ERR_BAD_SIGNATURE");
}

// ---------------------------------------------------------------------------------------------
// ERR_EXPIRED / ERR_NOT_YET_VALID and leeway
// ---------------------------------------------------------------------------------------------

#[test]
fn expired_and_not_yet_valid_carry_the_claims() {
    let s = signer();
    let tok = token();
    let claims = s.claims(&options()).unwrap();
    assert_eq!(claims.exp, EXP);

    let err = expect_code(s.verify(&tok, &at(EXP + 10, 10)), "ERR_EXPIRED");
    assert_eq!(err.claim(), Some("exp"));
    let read_back = |e: &Error| Claims::from_json(e.payload_json().unwrap().as_bytes()).unwrap();
    assert_eq!(read_back(&err), claims);
    assert!(matches!(&err, Error::Expired { exp, .. } if *exp == claims.exp));
    assert!(err.to_string().contains(&EXP.to_string()));
    assert_no_leak(&err, &[SECRET], Some(&tok));

    let err = expect_code(s.verify(&tok, &at(NOW - 11, 10)), "ERR_NOT_YET_VALID");
    assert_eq!(err.claim(), Some("nbf"));
    assert_eq!(read_back(&err), claims);
    assert!(matches!(&err, Error::NotYetValid { nbf, .. } if Some(*nbf) == claims.not_before));
    assert_no_leak(&err, &[SECRET], Some(&tok));

    // No other error carries claims.
    for (e, _) in triggers() {
        if !matches!(e.code(), "ERR_EXPIRED" | "ERR_NOT_YET_VALID") {
            assert!(e.payload_json().is_none(), "{}", e.code());
        }
    }
}

#[test]
fn leeway_boundaries() {
    let s = signer();
    let tok = token();
    for leeway in [0, 1, 10, 59, 3600] {
        // exp: valid while now < exp + leeway.
        s.verify(&tok, &at(EXP + leeway - 1, leeway))
            .unwrap_or_else(|e| panic!("leeway {leeway}, now = exp + leeway - 1: {e}"));
        expect_code(s.verify(&tok, &at(EXP + leeway, leeway)), "ERR_EXPIRED");
        // nbf: valid once now >= nbf - leeway.
        s.verify(&tok, &at(NOW - leeway, leeway))
            .unwrap_or_else(|e| panic!("leeway {leeway}, now = nbf - leeway: {e}"));
        expect_code(
            s.verify(&tok, &at(NOW - leeway - 1, leeway)),
            "ERR_NOT_YET_VALID",
        );
    }
    // The default leeway is 10 s.
    assert_eq!(VerifyOptions::at(0).leeway, 10);
    s.verify(&tok, &VerifyOptions::at(EXP + 9)).unwrap();
    expect_code(s.verify(&tok, &VerifyOptions::at(EXP + 10)), "ERR_EXPIRED");
    s.verify(&tok, &VerifyOptions::at(NOW - 10)).unwrap();
    expect_code(
        s.verify(&tok, &VerifyOptions::at(NOW - 11)),
        "ERR_NOT_YET_VALID",
    );

    // A token without nbf (and without iat) has no lower bound; exp still applies.
    let t = signed(&payload_with(&[("nbf", None), ("iat", None)]));
    let c = s.verify(&t, &at(0, 0)).unwrap();
    assert_eq!((c.not_before, c.issued_at), (None, None));
    expect_code(s.verify(&t, &at(EXP, 0)), "ERR_EXPIRED");
    // nbf == exp: valid in no instant without leeway.
    let t = signed(&payload_with(&[("nbf", Some(&EXP.to_string()))]));
    expect_code(s.verify(&t, &at(EXP - 1, 0)), "ERR_NOT_YET_VALID");
    expect_code(s.verify(&t, &at(EXP, 0)), "ERR_EXPIRED");
    // iat in the future is not checked (only nbf and exp are).
    let t = signed(&payload_with(&[("iat", Some(&EXP.to_string()))]));
    s.verify(&t, &at(NOW, 0)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// ERR_ISSUER_MISMATCH / ERR_ROOM_MISMATCH: exact matches only
// ---------------------------------------------------------------------------------------------

#[test]
fn issuer_must_match_exactly() {
    let tok = token();
    // A signer checks its own API key by default.
    for other in [
        "APIkey12",
        "APIkey1234",
        "apikey123",
        "APIKEY123",
        "XAPIkey123",
        "A",
    ] {
        let s = Signer::new(other, SECRET).unwrap();
        let err = expect_code(
            s.verify(&tok, &VerifyOptions::at(NOW)),
            "ERR_ISSUER_MISMATCH",
        );
        assert_eq!(err.claim(), Some("iss"));
        assert!(err.payload_json().is_none());
        assert_no_leak(&err, &[SECRET], Some(&tok));
    }
    // An explicit expected key, through the Signer or the free function.
    let s = signer();
    let key = Hs256Key::new(SECRET, false).unwrap();
    for expected in [
        "APIkey12",
        "APIkey1234",
        "APIkey123 ",
        " APIkey123",
        "",
        "*",
    ] {
        let opts = VerifyOptions {
            api_key: Some(expected),
            ..VerifyOptions::at(NOW)
        };
        expect_code(s.verify(&tok, &opts), "ERR_ISSUER_MISMATCH");
        expect_code(verify(&key, &tok, &opts), "ERR_ISSUER_MISMATCH");
    }
    let opts = VerifyOptions {
        api_key: Some(API_KEY),
        ..VerifyOptions::at(NOW)
    };
    s.verify(&tok, &opts).unwrap();
    // The free function without an expected key does not check iss.
    let v = verify(&key, &tok, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(v.claims.api_key, API_KEY);
}

#[test]
fn room_must_match_exactly() {
    let s = signer();
    let tok = token();
    for expected in [
        "daily",
        "daily-standup-2",
        "Daily-standup",
        "daily-standup ",
        "",
        "daily-standup\u{0}",
    ] {
        let err = expect_code(
            s.verify(
                &tok,
                &VerifyOptions {
                    room: Some(expected),
                    ..VerifyOptions::at(NOW)
                },
            ),
            "ERR_ROOM_MISMATCH",
        );
        assert_eq!(err.claim(), Some("room"));
        assert_no_leak(&err, &[SECRET], Some(&tok));
    }
    s.verify(
        &tok,
        &VerifyOptions {
            room: Some(ROOM),
            ..VerifyOptions::at(NOW)
        },
    )
    .unwrap();
    // No Unicode normalization: "é" precomposed is not "e" + combining acute.
    let composed = "caf\u{e9}";
    let decomposed = "cafe\u{301}";
    let t = s
        .create(&TokenOptions::new(composed, "alice", NOW))
        .unwrap();
    expect_code(
        s.verify(
            &t,
            &VerifyOptions {
                room: Some(decomposed),
                ..VerifyOptions::at(NOW)
            },
        ),
        "ERR_ROOM_MISMATCH",
    );
}

// ---------------------------------------------------------------------------------------------
// ERR_CLAIM_INVALID
// ---------------------------------------------------------------------------------------------

/// Registered NumericDate claims must be JSON integers in 0..=253402300799.
#[test]
fn wrong_typed_numeric_dates() {
    let bad_values = [
        "\"1700003600\"",
        "\"\"",
        "1700003600.0",
        "1700003600.5",
        "1.7000036e9",
        "17000036E2",
        "-1",
        "-1700003600",
        "253402300800",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "100000000000000000000000000000",
        "true",
        "null",
        "[]",
        "[1700003600]",
        "{}",
    ];
    for claim in ["exp", "nbf", "iat"] {
        for value in bad_values {
            let t = signed(&payload_with(&[(claim, Some(value))]));
            let err = expect_code(verify_at_now(&t), "ERR_CLAIM_INVALID");
            assert_eq!(err.claim(), Some(claim), "{claim}: {value}");
            assert!(err.payload_json().is_none());
            // decode parses it, but its claims() applies the same rules.
            let decoded = decode(&t).unwrap();
            assert_eq!(
                decoded.claims().unwrap_err().claim(),
                Some(claim),
                "{claim}: {value}"
            );
        }
    }
    // exp is required; nbf and iat are not.
    let t = signed(&payload_with(&[("exp", None)]));
    let err = expect_code(verify_at_now(&t), "ERR_CLAIM_INVALID");
    assert_eq!(err.claim(), Some("exp"));
    // The extremes of the range are accepted as values.
    let t = signed(&payload_with(&[("nbf", Some("0")), ("iat", Some("0"))]));
    verify_at_now(&t).unwrap();
    let t = signed(&payload_with(&[("exp", Some("253402300799"))]));
    assert_eq!(verify_at_now(&t).unwrap().exp, MAX_NUMERIC_DATE);
}

#[test]
fn other_invalid_claims() {
    let long = format!("\"{}\"", "x".repeat(257));
    let meta = format!("\"{}\"", "m".repeat(8193));
    let cases: Vec<(&str, Option<&str>, &str)> = vec![
        ("iss", None, "iss"),
        ("iss", Some("123"), "iss"),
        ("iss", Some("\"\""), "iss"),
        ("iss", Some("\"API key\""), "iss"),
        ("sub", None, "sub"),
        ("sub", Some("null"), "sub"),
        ("sub", Some("\"\""), "sub"),
        ("sub", Some("\"  \""), "sub"),
        ("sub", Some("\"a\\nb\""), "sub"),
        ("sub", Some(&long), "sub"),
        ("room", None, "room"),
        ("room", Some("[\"r\"]"), "room"),
        ("room", Some("\"a\\u0000b\""), "room"),
        ("name", Some("1"), "name"),
        ("name", Some("\"\""), "name"),
        ("metadata", Some("{}"), "metadata"),
        ("metadata", Some(&meta), "metadata"),
        ("permissions", Some("\"all\""), "permissions"),
        ("permissions", Some("[]"), "permissions"),
        ("permissions", Some("null"), "permissions"),
        (
            "permissions",
            Some("{\"canPublish\":\"yes\"}"),
            "permissions.canPublish",
        ),
        (
            "permissions",
            Some("{\"canPublish\":1}"),
            "permissions.canPublish",
        ),
        (
            "permissions",
            Some("{\"canSubscribe\":null}"),
            "permissions.canSubscribe",
        ),
        (
            "permissions",
            Some("{\"canFly\":true}"),
            "permissions.canFly",
        ),
        ("aud", Some("1"), "aud"),
        ("aud", Some("[\"a\",1]"), "aud"),
        ("aud", Some("{}"), "aud"),
        ("jti", Some("5"), "jti"),
        ("jti", Some("[\"x\"]"), "jti"),
    ];
    for (member, value, claim) in cases {
        let t = signed(&payload_with(&[(member, value)]));
        let err = expect_code(verify_at_now(&t), "ERR_CLAIM_INVALID");
        assert_eq!(err.claim(), Some(claim), "{member}: {value:?}");
        assert_eq!(err.field(), None);
        assert_no_leak(&err, &[SECRET], Some(&t));
    }
    // A caller-controlled permission name is cut short in the claim path.
    let name = "p".repeat(5000);
    let t = signed(&payload_with(&[(
        "permissions",
        Some(&format!("{{\"{name}\":true}}")),
    )]));
    let err = expect_code(verify_at_now(&t), "ERR_CLAIM_INVALID");
    assert!(err.claim().unwrap().len() < 100);
    assert!(err.to_string().len() < 300);
    // Registered and unknown claims with the right types are accepted.
    let t = signed(&payload_with(&[
        ("aud", Some("\"x\"")),
        ("jti", Some("\"id-1\"")),
        ("custom", Some("{\"any\":[1,2,{\"thing\":null}]}")),
    ]));
    verify_at_now(&t).unwrap();
    let t = signed(&payload_with(&[
        ("aud", Some("[\"x\",\"y\"]")),
        ("permissions", None),
    ]));
    assert_eq!(
        verify_at_now(&t).unwrap().permissions,
        Permissions::default()
    );
}
