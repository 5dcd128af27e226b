//! Property tests: create → decode / verify round-trips for arbitrary valid inputs, every
//! single-byte change of a token is refused, and nothing panics on arbitrary input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use icu_properties::props::{BidiControl, DefaultIgnorableCodePoint};
use icu_properties::CodePointSetData;
use isometrik_token::contract::{MAX_METADATA_LEN, MAX_NAME_LEN, MAX_NUMERIC_DATE, MAX_TOKEN_LEN};
use isometrik_token::Hs256Key;
use isometrik_token::{
    dangerous::decode, verify, Claims, Expiry, Permissions, Signer, TokenOptions, VerifyOptions,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::Index;
use support::b64u_encode;

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Identity / room / display name: any Unicode without control, line-separator, Bidi_Control
/// or default-ignorable characters (ZWJ, ZWNJ and variation selectors allowed), with a visible
/// character, at most 256 UTF-8 bytes (long inputs are cut at a character boundary, not thrown
/// away). The properties come from `icu_properties`, not from the crate's own table.
fn name() -> impl Strategy<Value = String> {
    vec(
        any::<char>().prop_filter("control or invisible", |&c| {
            let di = CodePointSetData::new::<DefaultIgnorableCodePoint>();
            !c.is_control()
                && !matches!(c, '\u{2028}' | '\u{2029}')
                && !CodePointSetData::new::<BidiControl>().contains(c)
                && (!di.contains(c)
                    || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'))
        }),
        1..100,
    )
    .prop_map(|chars| {
        let mut s = String::new();
        for c in chars {
            if s.len() + c.len_utf8() > MAX_NAME_LEN {
                break;
            }
            s.push(c);
        }
        s
    })
    .prop_filter("blank", |s| {
        let di = CodePointSetData::new::<DefaultIgnorableCodePoint>();
        s.chars()
            .any(|c| !c.is_whitespace() && !di.contains(c) && c != '\u{2800}')
    })
}

fn api_key() -> impl Strategy<Value = String> {
    "[!-~]{1,64}"
}

fn permissions() -> impl Strategy<Value = Permissions> {
    (
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        option::of(any::<bool>()),
    )
        .prop_map(|(a, b, c, d, e)| Permissions {
            can_publish: a,
            can_subscribe: b,
            can_update_metadata: c,
            can_update_room: d,
            can_remove_participants: e,
        })
}

/// Metadata has no character rule: anything up to 8192 bytes, control characters included.
fn metadata() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(any::<char>(), 0..64).prop_map(|c| c.into_iter().collect::<String>()),
        "[\\x00-\\x1f\"\\\\]{0,64}",
        Just("{\"role\":\"host\"}".to_owned()),
    ]
}

#[derive(Debug, Clone)]
struct Input {
    api_key: String,
    secret: Vec<u8>,
    room: String,
    identity: String,
    name: Option<String>,
    metadata: Option<String>,
    permissions: Permissions,
    ttl: i64,
    now: i64,
}

fn input() -> impl Strategy<Value = Input> {
    (
        api_key(),
        vec(any::<u8>(), 32..80),
        name(),
        name(),
        option::of(name()),
        option::of(metadata()),
        permissions(),
        1i64..=86_400,
        prop_oneof![
            0..=MAX_NUMERIC_DATE - 86_400,
            1_600_000_000i64..2_000_000_000,
            Just(0),
            Just(MAX_NUMERIC_DATE - 86_400),
        ],
    )
        .prop_map(
            |(api_key, secret, room, identity, name, metadata, permissions, ttl, now)| Input {
                api_key,
                secret,
                room,
                identity,
                name,
                metadata,
                permissions,
                ttl,
                now,
            },
        )
}

impl Input {
    fn signer(&self) -> Signer {
        Signer::new(&self.api_key, &self.secret).unwrap()
    }

    fn options(&self) -> TokenOptions<'_> {
        let mut o = TokenOptions::new(&self.room, &self.identity, self.now)
            .with_permissions(self.permissions)
            .with_expires_in(Expiry::Seconds(self.ttl));
        if let Some(n) = &self.name {
            o = o.with_name(n);
        }
        if let Some(m) = &self.metadata {
            o = o.with_metadata(m);
        }
        o
    }

    /// The claims, built by hand from the inputs (not by the crate).
    fn expected(&self) -> Claims {
        Claims {
            api_key: self.api_key.clone(),
            identity: self.identity.clone(),
            room: self.room.clone(),
            name: self.name.clone(),
            metadata: self.metadata.clone(),
            permissions: self.permissions,
            issued_at: Some(self.now),
            not_before: Some(self.now),
            exp: self.now + self.ttl,
        }
    }

    fn token(&self) -> String {
        self.signer().create(&self.options()).unwrap()
    }
}

fn at(now: i64, leeway: i64) -> VerifyOptions<'static> {
    VerifyOptions {
        leeway,
        ..VerifyOptions::at(now)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn create_decode_verify_round_trip(inp in input()) {
        let signer = inp.signer();
        let expected = inp.expected();
        prop_assert_eq!(&signer.claims(&inp.options()).unwrap(), &expected);
        let token = signer.create(&inp.options()).unwrap();
        prop_assert!(token.len() <= MAX_TOKEN_LEN);
        prop_assert_eq!(token.split('.').count(), 3);

        let decoded = decode(&token).unwrap();
        prop_assert_eq!(&decoded.claims().unwrap(), &expected);

        // At issue time, at the last valid second without leeway, with the expected issuer and
        // room, through the Signer and the free function.
        prop_assert_eq!(&signer.verify(&token, &VerifyOptions::at(inp.now)).unwrap(), &expected);
        let last = inp.now + inp.ttl - 1;
        prop_assert_eq!(&signer.verify(&token, &at(last, 0)).unwrap(), &expected);
        let key = Hs256Key::new(&inp.secret, false).unwrap();
        let opts = VerifyOptions {
            api_key: Some(&inp.api_key),
            room: Some(&inp.room),
            ..at(inp.now, 0)
        };
        let verified = verify(&key, &token, &opts).unwrap();
        prop_assert_eq!(&verified.claims, &expected);
        prop_assert_eq!(&verified.payload_json, &decoded.payload_json);

        // And the window closes exactly at exp.
        let err = signer.verify(&token, &at(inp.now + inp.ttl, 0)).unwrap_err();
        prop_assert_eq!(err.code(), "ERR_EXPIRED");
        let read_back = Claims::from_json(err.payload_json().unwrap().as_bytes()).unwrap();
        prop_assert_eq!(&read_back, &expected);

        // HS256 is deterministic.
        prop_assert_eq!(signer.create(&inp.options()).unwrap(), token);
    }

    #[test]
    fn another_secret_never_verifies(inp in input(), other in vec(any::<u8>(), 32..80)) {
        prop_assume!(other != inp.secret);
        let token = inp.token();
        let other = Signer::new(&inp.api_key, &other).unwrap();
        let err = other.verify(&token, &VerifyOptions::at(inp.now)).unwrap_err();
        prop_assert_eq!(err.code(), "ERR_BAD_SIGNATURE");
    }

    /// Replace one byte with a different base64url character: always refused.
    #[test]
    fn any_base64url_substitution_fails(inp in input(), i in any::<Index>(), c in any::<Index>()) {
        let token = inp.token();
        let i = i.index(token.len());
        let old = token.as_bytes()[i];
        let mut new = B64URL[c.index(B64URL.len())];
        if new == old {
            new = B64URL[(c.index(B64URL.len()) + 1) % B64URL.len()];
        }
        let mut bytes = token.clone().into_bytes();
        bytes[i] = new;
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert_ne!(&tampered, &token);
        let signer = inp.signer();
        let r = signer.verify(&tampered, &VerifyOptions::at(inp.now));
        prop_assert!(r.is_err(), "byte {} {:?} -> {:?} accepted", i, old as char, new as char);
        prop_assert!(signer.key().verify(&tampered).is_err());
    }

    /// Replace one byte with any other byte (a result that is not UTF-8 is read lossily, which
    /// still differs from the token): always refused.
    #[test]
    fn any_byte_substitution_fails(inp in input(), i in any::<Index>(), b in any::<u8>()) {
        let token = inp.token();
        let i = i.index(token.len());
        prop_assume!(token.as_bytes()[i] != b);
        let mut bytes = token.clone().into_bytes();
        bytes[i] = b;
        let tampered = String::from_utf8_lossy(&bytes).into_owned();
        prop_assert_ne!(&tampered, &token);
        let signer = inp.signer();
        prop_assert!(signer.verify(&tampered, &VerifyOptions::at(inp.now)).is_err());
        prop_assert!(signer.key().verify(&tampered).is_err());
    }

    /// Dropping or inserting one byte is refused too.
    #[test]
    fn insertion_or_deletion_fails(inp in input(), i in any::<Index>(), c in any::<Index>(), insert in any::<bool>()) {
        let token = inp.token();
        let mut bytes = token.clone().into_bytes();
        if insert {
            bytes.insert(i.index(bytes.len() + 1), B64URL[c.index(B64URL.len())]);
        } else {
            bytes.remove(i.index(bytes.len()));
        }
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert!(inp.signer().verify(&tampered, &VerifyOptions::at(inp.now)).is_err());
    }

    /// Invalid names are refused with the option that is at fault.
    #[test]
    fn control_and_invisible_characters_are_refused(inp in input(), at_char in any::<Index>(), ctl in prop_oneof![0u32..0x20, 0x7fu32..0xa0, 0x2028u32..0x202f, 0x2066u32..0x206a, 0x200bu32..0x200c, 0x200eu32..0x2010, 0x2060u32..0x2070, 0xe0000u32..0xe0100, 0xe01f0u32..0xe1000, Just(0xad), Just(0x61c), Just(0x3164), Just(0xfeff), Just(0xffa0), Just(0x115f), Just(0x180e)]) {
        let ctl = char::from_u32(ctl).unwrap();
        let mut chars: Vec<char> = inp.identity.chars().collect();
        chars.insert(at_char.index(chars.len() + 1), ctl);
        let identity: String = chars.into_iter().collect();
        let opts = TokenOptions { identity: &identity, ..inp.options() };
        let err = inp.signer().create(&opts).unwrap_err();
        prop_assert_eq!(err.code(), "ERR_INVALID_OPTIONS");
        prop_assert_eq!(err.field(), Some("identity"));
    }
}

/// One JSON value, from a list of awkward ones.
fn json_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("1e400".to_owned()),
        Just("-0".to_owned()),
        Just("1.5".to_owned()),
        Just("\"\"".to_owned()),
        Just("{\"canPublish\":true,\"canPublish\":false}".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n:?}")),
        (0..=MAX_NUMERIC_DATE).prop_map(|n| n.to_string()),
        "[a-zA-Z!-~ ]{0,20}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        vec(any::<bool>(), 0..3).prop_map(|v| serde_json::to_string(&v).unwrap()),
        permissions().prop_map(|p| serde_json::to_string(&p).unwrap()),
    ]
}

fn claim_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("iss"),
        Just("sub"),
        Just("room"),
        Just("name"),
        Just("metadata"),
        Just("permissions"),
        Just("iat"),
        Just("nbf"),
        Just("exp"),
        Just("aud"),
        Just("jti"),
        Just("x"),
    ]
}

/// A payload built from claim names (registered, ours, and a few others) with awkward values:
/// either from nothing (duplicates allowed), or a valid claims set with some members replaced
/// or added (so that many of them pass and reach the time and rule checks).
fn payload() -> impl Strategy<Value = String> {
    let join = |members: Vec<(String, String)>| {
        let body: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", body.join(","))
    };
    let from_nothing = vec((claim_name(), json_value()), 0..12)
        .prop_map(move |m| join(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    let from_valid = (
        0..=MAX_NUMERIC_DATE,
        0..=MAX_NUMERIC_DATE,
        vec((claim_name(), json_value()), 0..3),
    )
        .prop_map(move |(nbf, exp, changes)| {
            let mut members: Vec<(String, String)> = [
                ("iss", "\"APIkey123\"".to_owned()),
                ("sub", "\"alice\"".to_owned()),
                ("room", "\"r\"".to_owned()),
                ("nbf", nbf.to_string()),
                ("exp", exp.to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            for (k, v) in changes {
                match members.iter_mut().find(|(name, _)| name == k) {
                    Some(m) => m.1 = v,
                    None => members.push((k.to_owned(), v)),
                }
            }
            join(members)
        });
    prop_oneof![from_nothing, from_valid]
}

/// Strings made of token-ish pieces: base64url of arbitrary bytes, dots, the standard header.
fn tokenish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        vec(any::<u8>(), 0..64).prop_map(|b| b64u_encode(&b)),
        Just("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9".to_owned()),
        Just(".".to_owned()),
        "[A-Za-z0-9_=+/.-]{0,40}",
        any::<String>(),
    ];
    vec(piece, 0..6).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// verify, decode and the JWS layer never panic, and refuse whatever was not signed.
    #[test]
    fn arbitrary_strings_never_panic(s in prop_oneof![any::<String>(), tokenish()]) {
        let signer = Signer::new("APIkey123", b"properties-test-secret-7-0123456").unwrap();
        let r = signer.verify(&s, &VerifyOptions::at(1_700_000_000));
        prop_assert!(r.is_err());
        prop_assert!(signer.key().verify(&s).is_err());
        let _ = decode(&s).map(|d| d.claims());
    }

    /// Authentic tokens with arbitrary payloads: never a panic, and whatever is accepted obeys
    /// the claim rules.
    #[test]
    fn authentic_arbitrary_payloads_never_panic(p in payload(), now in 0..=MAX_NUMERIC_DATE, leeway in 0i64..=3600) {
        let signer = Signer::new("APIkey123", b"properties-test-secret-9-0123456").unwrap();
        let token = signer.key().sign(p.as_bytes());
        let key = Hs256Key::new(b"properties-test-secret-9-0123456", false).unwrap();
        let opts = at(now, leeway);
        let _ = decode(&token).map(|d| d.claims());
        match verify(&key, &token, &opts) {
            Ok(v) => {
                let c = v.claims;
                prop_assert!((0..=MAX_NUMERIC_DATE).contains(&c.exp));
                prop_assert!(now < c.exp + leeway);
                if let Some(nbf) = c.not_before {
                    prop_assert!(now >= nbf - leeway);
                }
                prop_assert!(!c.identity.trim().is_empty() && c.identity.len() <= MAX_NAME_LEN);
                prop_assert!(!c.room.trim().is_empty() && c.room.len() <= MAX_NAME_LEN);
                prop_assert!(c.metadata.as_ref().map_or(true, |m| m.len() <= MAX_METADATA_LEN));
            }
            Err(e) => {
                prop_assert!(e.code() != "ERR_BAD_SIGNATURE", "{}", e);
            }
        }
    }

    /// Arbitrary payload bytes (not even UTF-8) under a valid MAC: never a panic.
    #[test]
    fn authentic_arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 1..256)) {
        let signer = Signer::new("APIkey123", b"properties-test-secret-3-0123456").unwrap();
        let token = signer.key().sign(&bytes);
        prop_assert_eq!(signer.key().verify(&token).unwrap(), bytes);
        let _ = signer.verify(&token, &VerifyOptions::at(1_700_000_000));
        let _ = decode(&token).map(|d| d.claims());
    }
}

/// Strings that exercise every escape: control characters, quotes, backslashes, `/`, DEL,
/// and any Unicode.
fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        vec(
            prop_oneof![
                (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
                Just('"'),
                Just('\\'),
                Just('/'),
                Just('\u{7f}'),
                Just('\u{2028}'),
                any::<char>(),
            ],
            0..40
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn any_claims() -> impl Strategy<Value = Claims> {
    (
        (json_text(), json_text(), json_text()),
        (option::of(json_text()), option::of(json_text())),
        permissions(),
        (
            option::of(any::<i64>()),
            option::of(any::<i64>()),
            any::<i64>(),
        ),
    )
        .prop_map(
            |((api_key, identity, room), (name, metadata), permissions, (iat, nbf, exp))| Claims {
                api_key,
                identity,
                room,
                name,
                metadata,
                permissions,
                issued_at: iat,
                not_before: nbf,
                exp,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The hand-written payload writer (no serde in the wasm) writes exactly what serde_json
    /// writes for the `Serialize` implementation, byte for byte, so tokens are unchanged.
    #[test]
    fn claims_writer_matches_serde_json(claims in any_claims()) {
        prop_assert_eq!(
            String::from_utf8(claims.to_json()).unwrap(),
            serde_json::to_string(&claims).unwrap()
        );
    }
}

proptest! {
    /// Random secrets stay accepted, as bytes, as hex and as base64 text (what
    /// `openssl rand -hex 32` / `-base64 32` print), whatever the key-of-another-kind and
    /// degenerate-secret checks look for.
    #[test]
    fn random_secrets_are_accepted(bytes in proptest::array::uniform32(any::<u8>()), newline in any::<bool>()) {
        use base64::Engine as _;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        let mut b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        if newline {
            b64.push('\n');
            b64url.push('\n');
        }
        for secret in [&bytes[..], hex.as_bytes(), b64.as_bytes(), b64url.as_bytes()] {
            prop_assert!(Hs256Key::new(secret, false).is_ok(), "{:?}", secret);
        }
    }
}
