//! Exact golden tokens for a fixed clock, computed independently of this crate with Python's
//! standard library and pasted here as literals:
//!
//! ```text
//! import base64, hashlib, hmac, json
//! SECRET = b"isometrik-golden-test-secret-0123456789"
//! def b64u(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
//! def token(claims):
//!     header = json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode()
//!     payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
//!     si = b64u(header) + "." + b64u(payload)
//!     return si + "." + b64u(hmac.new(SECRET, si.encode(), hashlib.sha256).digest())
//! # claims: {"iss": "APIkey123", "sub": ..., "room": ..., ["name": ...,] ["metadata": ...,]
//! #          "permissions": {...}, "iat": NOW, "nbf": NOW, "exp": NOW + ttl}, NOW = 1700000000
//! ```
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use isometrik_token::{
    dangerous::decode, Claims, Expiry, Permissions, Signer, TokenOptions, VerifyOptions,
};
use support::{b64u, segments, OrderedObject};

const API_KEY: &str = "APIkey123";
const SECRET: &[u8] = b"isometrik-golden-test-secret-0123456789";
const NOW: i64 = 1_700_000_000;

const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
const HEADER_JSON: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;

const MINIMAL: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ.koFtlXgf1KZ2y7HfFZdUcHaKxHgZXXzG63C15xOUTSg";
const FULL_PERMISSIONS: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnsiY2FuUHVibGlzaCI6dHJ1ZSwiY2FuU3Vic2NyaWJlIjp0cnVlLCJjYW5VcGRhdGVNZXRhZGF0YSI6dHJ1ZSwiY2FuVXBkYXRlUm9vbSI6dHJ1ZSwiY2FuUmVtb3ZlUGFydGljaXBhbnRzIjp0cnVlfSwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDA4NjQwMH0.3Ay8q1qLU6C9VyMs9419L9meTfp-38AwtERCj7jLByA";
const MIXED_PERMISSIONS: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJ2aWV3ZXItNyIsInJvb20iOiJ3ZWJpbmFyLTQyIiwicGVybWlzc2lvbnMiOnsiY2FuUHVibGlzaCI6ZmFsc2UsImNhblN1YnNjcmliZSI6dHJ1ZSwiY2FuUmVtb3ZlUGFydGljaXBhbnRzIjpmYWxzZX0sImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDA2MDB9.nLI47f2AgJUN7JKnaI3_C_iM5TVx4jRH3z0CXJXKekE";
const UNICODE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJab8OrIMOFbmdzdHLDtm0t5p2OIiwicm9vbSI6IlNhbGxlIGRlIHLDqXVuaW9uIPCfjqUiLCJuYW1lIjoiWm_DqyDwn5Gp4oCN8J-SuyDCq1rCuyIsIm1ldGFkYXRhIjoie1wicm9sZVwiOlwiaMO0dGVcIixcInRhZ3NcIjpbXCLml6XmnKzoqp5cIixcIs6VzrvOu863zr3Ouc66zqxcIl19XG5cdFwicXVvdGVkXCIgXFwgYmFja1x1MDAwMXNsYXNoIDwvc2NyaXB0PiIsInBlcm1pc3Npb25zIjp7ImNhblB1Ymxpc2giOnRydWUsImNhblN1YnNjcmliZSI6dHJ1ZSwiY2FuVXBkYXRlTWV0YWRhdGEiOnRydWV9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAxODAwfQ.M1JJiuMtZrgphKEhVvvjQ6bfLuyzOfiRAtpYY6a6KNA";
const DURATION_1H: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ.koFtlXgf1KZ2y7HfFZdUcHaKxHgZXXzG63C15xOUTSg";
const DURATION_1_5H: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA1NDAwfQ.queQ2UeVL-1RRZdAVSVgJFzfMZfeO287CxgZdnq9ZOE";
const DURATION_90_MINUTES: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA1NDAwfQ.queQ2UeVL-1RRZdAVSVgJFzfMZfeO287CxgZdnq9ZOE";
const DURATION_45S: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMDQ1fQ.cLinl4hQjEnnMRFjJz65q_SGNg_CtBUnjirk_jSjhPM";
const DURATION_2_HOURS: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA3MjAwfQ.F2TSloJWd0p7YHKU2y_OZnrPm3hfYaSPK37ylRkyOTw";
const DURATION_0_5_DAYS: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDQzMjAwfQ.5-FB4iEb0UiVNbqNorkqgdEznqg5FXG_vTmVBQjngDY";
const DURATION_1D: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwicGVybWlzc2lvbnMiOnt9LCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDg2NDAwfQ.APbCv27BRHEBI2cL6it9Ta0Z5HbEjkZOuQQZ6zx7VVQ";

const UNICODE_ROOM: &str = "Salle de réunion 🎥";
const UNICODE_IDENTITY: &str = "Zoë Ångström-李";
/// Contains U+200D ZERO WIDTH JOINER (a format character, not a control character).
const UNICODE_NAME: &str = "Zoë 👩\u{200d}💻 «Z»";
/// JSON-looking text, a newline, a tab, quotes, a backslash, U+0001 and `</script>`.
const UNICODE_METADATA: &str = "{\"role\":\"hôte\",\"tags\":[\"日本語\",\"Ελληνικά\"]}\n\t\"quoted\" \\ back\u{1}slash </script>";

fn signer() -> Signer {
    Signer::new(API_KEY, SECRET).unwrap()
}

/// What every golden token must be: the exact string, the exact header, the exact payload
/// bytes with exactly these members in this order, and it verifies back to `claims`.
fn check_golden(token: &str, expected: &str, payload_json: &str, keys: &[&str], claims: &Claims) {
    assert_eq!(token, expected, "golden token differs");
    let [header, payload, _] = segments(token);
    assert_eq!(header, HEADER_B64);
    assert_eq!(b64u(header), HEADER_JSON);
    let payload = b64u(payload);
    assert_eq!(String::from_utf8(payload.clone()).unwrap(), payload_json);
    assert_eq!(OrderedObject::parse(&payload).keys(), keys);
    assert_eq!(
        OrderedObject::parse(HEADER_JSON).keys(),
        ["alg", "typ"],
        "header members"
    );

    let signer = signer();
    assert_eq!(
        &signer.verify(token, &VerifyOptions::at(NOW)).unwrap(),
        claims
    );
    let decoded = decode(token).unwrap();
    assert_eq!(&decoded.claims().unwrap(), claims);
    assert_eq!(decoded.header.len(), 2);
    assert_eq!(decoded.header["alg"], "HS256");
    assert_eq!(decoded.header["typ"], "JWT");
    // Signing the same claims again gives the same string (HS256 is deterministic).
    assert_eq!(signer.sign_claims(claims).unwrap(), expected);
}

fn base_claims(room: &str, identity: &str, permissions: Permissions, ttl: i64) -> Claims {
    Claims {
        api_key: API_KEY.to_owned(),
        identity: identity.to_owned(),
        room: room.to_owned(),
        name: None,
        metadata: None,
        permissions,
        issued_at: Some(NOW),
        not_before: Some(NOW),
        exp: NOW + ttl,
    }
}

const KEYS: [&str; 7] = ["iss", "sub", "room", "permissions", "iat", "nbf", "exp"];

#[test]
fn golden_minimal() {
    let token = signer()
        .create(&TokenOptions::new("daily-standup", "alice", NOW))
        .unwrap();
    check_golden(
        &token,
        MINIMAL,
        r#"{"iss":"APIkey123","sub":"alice","room":"daily-standup","permissions":{},"iat":1700000000,"nbf":1700000000,"exp":1700003600}"#,
        &KEYS,
        &base_claims("daily-standup", "alice", Permissions::default(), 3600),
    );
}

#[test]
fn golden_full_permissions() {
    let mut all = Permissions::default();
    for name in isometrik_token::contract::PERMISSION_NAMES {
        all.set(name, true).unwrap();
    }
    let token = signer()
        .create(
            &TokenOptions::new("daily-standup", "alice", NOW)
                .with_permissions(all)
                .with_expires_in(Expiry::Seconds(86_400)),
        )
        .unwrap();
    check_golden(
        &token,
        FULL_PERMISSIONS,
        r#"{"iss":"APIkey123","sub":"alice","room":"daily-standup","permissions":{"canPublish":true,"canSubscribe":true,"canUpdateMetadata":true,"canUpdateRoom":true,"canRemoveParticipants":true},"iat":1700000000,"nbf":1700000000,"exp":1700086400}"#,
        &KEYS,
        &base_claims("daily-standup", "alice", all, 86_400),
    );
    // The nested order (canPublish ... canRemoveParticipants, as in PERMISSION_NAMES) is
    // pinned by the exact payload bytes above.
}

/// Permissions explicitly set to `false` are written; unset ones are not.
#[test]
fn golden_mixed_permissions() {
    let perms = Permissions {
        can_publish: Some(false),
        can_subscribe: Some(true),
        can_remove_participants: Some(false),
        ..Permissions::default()
    };
    let token = signer()
        .create(
            &TokenOptions::new("webinar-42", "viewer-7", NOW)
                .with_permissions(perms)
                .with_expires_in(Expiry::Text("10m")),
        )
        .unwrap();
    check_golden(
        &token,
        MIXED_PERMISSIONS,
        r#"{"iss":"APIkey123","sub":"viewer-7","room":"webinar-42","permissions":{"canPublish":false,"canSubscribe":true,"canRemoveParticipants":false},"iat":1700000000,"nbf":1700000000,"exp":1700000600}"#,
        &KEYS,
        &base_claims("webinar-42", "viewer-7", perms, 600),
    );
}

#[test]
fn golden_unicode_name_and_metadata() {
    let token = signer()
        .create(
            &TokenOptions::new(UNICODE_ROOM, UNICODE_IDENTITY, NOW)
                .with_permissions(Permissions::publisher())
                .with_name(UNICODE_NAME)
                .with_metadata(UNICODE_METADATA)
                .with_expires_in(Expiry::Text("30 minutes")),
        )
        .unwrap();
    let payload_json = concat!(
        r#"{"iss":"APIkey123","sub":"Zoë Ångström-李","room":"Salle de réunion 🎥","name":"Zoë 👩"#,
        "\u{200d}",
        r#"💻 «Z»","metadata":"{\"role\":\"hôte\",\"tags\":[\"日本語\",\"Ελληνικά\"]}\n\t\"quoted\" \\ back\u0001slash </script>","permissions":{"canPublish":true,"canSubscribe":true,"canUpdateMetadata":true},"iat":1700000000,"nbf":1700000000,"exp":1700001800}"#
    );
    let mut claims = base_claims(
        UNICODE_ROOM,
        UNICODE_IDENTITY,
        Permissions::publisher(),
        1800,
    );
    claims.name = Some(UNICODE_NAME.to_owned());
    claims.metadata = Some(UNICODE_METADATA.to_owned());
    check_golden(
        &token,
        UNICODE,
        payload_json,
        &[
            "iss",
            "sub",
            "room",
            "name",
            "metadata",
            "permissions",
            "iat",
            "nbf",
            "exp",
        ],
        &claims,
    );
}

/// Duration strings resolve to the same token as the equivalent number of seconds.
#[test]
fn golden_duration_strings() {
    let table: [(&str, i64, &str); 7] = [
        ("1h", 3600, DURATION_1H),
        ("1.5h", 5400, DURATION_1_5H),
        ("90 minutes", 5400, DURATION_90_MINUTES),
        ("45s", 45, DURATION_45S),
        ("2 HOURS", 7200, DURATION_2_HOURS),
        ("0.5 days", 43_200, DURATION_0_5_DAYS),
        ("1d", 86_400, DURATION_1D),
    ];
    let signer = signer();
    for (text, ttl, expected) in table {
        let options = TokenOptions::new("daily-standup", "alice", NOW);
        let by_text = signer
            .create(&options.clone().with_expires_in(Expiry::Text(text)))
            .unwrap();
        let by_secs = signer
            .create(&options.with_expires_in(Expiry::Seconds(ttl)))
            .unwrap();
        assert_eq!(by_text, by_secs, "{text}");
        let payload_json = format!(
            r#"{{"iss":"APIkey123","sub":"alice","room":"daily-standup","permissions":{{}},"iat":1700000000,"nbf":1700000000,"exp":{}}}"#,
            NOW + ttl
        );
        check_golden(
            &by_text,
            expected,
            &payload_json,
            &KEYS,
            &base_claims("daily-standup", "alice", Permissions::default(), ttl),
        );
    }
    // The default lifetime is one hour.
    assert_eq!(
        signer
            .create(&TokenOptions::new("daily-standup", "alice", NOW))
            .unwrap(),
        DURATION_1H
    );
}

/// The same claims under a different secret or API key give a different token.
#[test]
fn golden_depends_on_secret_and_api_key() {
    let options = TokenOptions::new("daily-standup", "alice", NOW);
    let other_secret = Signer::new(API_KEY, b"isometrik-golden-test-secret-012345678X").unwrap();
    let t = other_secret.create(&options).unwrap();
    assert_ne!(t, MINIMAL);
    assert_eq!(
        t.rsplit_once('.').unwrap().0,
        MINIMAL.rsplit_once('.').unwrap().0
    );
    let other_key = Signer::new("APIkey124", SECRET).unwrap();
    assert_ne!(other_key.create(&options).unwrap(), MINIMAL);
}
