//! Data-driven conformance against published vectors, vendored in `tests/vectors/` (each file's
//! source, version and licence are in its README).
//!
//! - RFC 7515 A.1 / RFC 7519 §3.1 / RFC 7515 A.5 / RFC 7520 §4.4–4.7 / RFC 7797 §4.1–4.2
//!   (`rfc_hs256_examples.json` and `ietf-jose-cookbook/`), at the JWS layer
//!   ([`Hs256Key::verify`], [`Hs256Key::sign_with_header`]) and, where it says something, at the
//!   token layer.
//! - Wycheproof `json_web_signature_test.json`: every HS256 case, with the four strict overrides
//!   of `wycheproof_strict_overrides.json`.
//! - RFC 4231 cases 1–7 and Wycheproof `hmac_sha256_test.json` through [`Hs256Key::mac`].
//!
//! Each table test collects every failing vector (source, id, comment, what happened) and
//! fails once at the end with the whole list.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use isometrik_token::contract::MIN_SECRET_LEN;
use isometrik_token::Hs256Key;
use isometrik_token::{dangerous::decode, verify, Error, VerifyOptions};
use serde_json::{json, Value};
use support::{b64u, b64u_encode, hex, load_json, str_at, to_hex};

const EXAMPLES: &str = "rfc_hs256_examples.json";

fn example(id: &str) -> Value {
    let file = load_json(EXAMPLES);
    file["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("{EXAMPLES}: no example {id:?}"))
        .clone()
}

fn jwk_key(jwk: &Value) -> Vec<u8> {
    assert_eq!(jwk["kty"], "oct", "not a symmetric JWK: {jwk}");
    b64u(str_at(jwk, "k"))
}

fn octets(v: &Value) -> Vec<u8> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect()
}

fn cookbook(rel: &str) -> Value {
    load_json(&format!("ietf-jose-cookbook/{rel}"))
}

fn fail_if_any(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} failing vector(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 A.1, RFC 7519 §3.1, RFC 7515 A.5
// ---------------------------------------------------------------------------------------------

/// RFC 7515 A.1 at the JWS layer: the token verifies and its payload is the exact octets
/// (with the CR LF of the RFC). The JWS layer has no clock; the payload's `exp` (2011) is
/// checked against a clock set one second before it, as the README asks.
#[test]
fn rfc7515_a1_verifies_at_the_jws_layer() {
    let ex = example("rfc7515-A.1");
    let key_bytes = jwk_key(&ex["key_jwk"]);
    assert_eq!(to_hex(&key_bytes), str_at(&ex, "key_hex"));
    assert_eq!(key_bytes.len(), 64);
    let key = Hs256Key::new(&key_bytes, false).unwrap();

    let compact = str_at(&ex, "compact");
    let payload = key
        .verify(compact)
        .unwrap_or_else(|e| panic!("{EXAMPLES} rfc7515-A.1: {e} ({})", e.code()));
    assert_eq!(payload, octets(&ex["payload_octets"]));
    assert_eq!(payload, str_at(&ex, "payload_utf8").as_bytes());

    let claims: Value = serde_json::from_slice(&payload).unwrap();
    let exp = claims["exp"].as_i64().unwrap();
    assert_eq!(exp, 1_300_819_380);
    let clock = exp - 1;
    assert!(clock < exp, "verified with the clock before exp");

    // The signature is the HMAC of the literal signing input.
    assert_eq!(
        to_hex(&key.mac(str_at(&ex, "signing_input").as_bytes())),
        str_at(&ex, "signature_hex")
    );
    // And the exact compact string is reproduced from the exact header and payload octets.
    assert_eq!(
        key.sign_with_header(
            &octets(&ex["protected_header_octets"]),
            &octets(&ex["payload_octets"])
        ),
        compact
    );
    // One flipped signature bit is refused.
    let mut sig = b64u(str_at(&ex, "signature_b64u"));
    sig[0] ^= 1;
    let forged = format!("{}.{}", str_at(&ex, "signing_input"), b64u_encode(&sig));
    assert_eq!(key.verify(&forged).unwrap_err().code(), "ERR_BAD_SIGNATURE");
}

/// At the token layer RFC 7515 A.1 is authentic but is not an Isometrik access token (no
/// `sub`, no `room`): rejected as a claim error, never as a signature error, whatever the clock.
#[test]
fn rfc7515_a1_is_not_an_isometrik_token() {
    let ex = example("rfc7515-A.1");
    let key = Hs256Key::new(&jwk_key(&ex["key_jwk"]), false).unwrap();
    let compact = str_at(&ex, "compact");
    for now in [1_300_819_379, 1_300_819_380, 1_700_000_000] {
        let err = verify(&key, compact, &VerifyOptions::at(now)).unwrap_err();
        assert_eq!(err.code(), "ERR_CLAIM_INVALID", "now={now}: {err}");
        assert_eq!(err.claim(), Some("sub"));
    }
    // decode reads it (verifying nothing).
    let decoded = decode(compact).unwrap();
    assert_eq!(decoded.header.get("typ"), Some(&json!("JWT")));
    assert_eq!(decoded.payload.get("iss"), Some(&json!("joe")));
}

#[test]
fn rfc7519_3_1_example_jwt() {
    let ex = example("rfc7519-3.1");
    let key = Hs256Key::new(&jwk_key(&ex["key_jwk"]), false).unwrap();
    let jwt = str_at(&ex, "jwt");
    let payload = key
        .verify(jwt)
        .unwrap_or_else(|e| panic!("{EXAMPLES} rfc7519-3.1: {e}"));
    assert_eq!(payload, str_at(&ex, "claims_set_utf8").as_bytes());
    let claims: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(claims, ex["decoded_claims"]);
    let header = decode(jwt).unwrap().header;
    let expected: Value = serde_json::from_str(str_at(&ex, "jose_header_utf8")).unwrap();
    assert_eq!(Value::Object(header), expected);
}

/// alg "none" is refused by both layers: its empty signature fails the MAC, which is checked
/// before the header is read; with the right MAC appended, the header's `alg` decides. Decode
/// still parses it.
#[test]
fn rfc7515_a5_alg_none_is_rejected() {
    let ex = example("rfc7515-A.5");
    let compact = str_at(&ex, "compact");
    let a1_key = jwk_key(&example("rfc7515-A.1")["key_jwk"]);
    for key in [
        Hs256Key::new(&a1_key, false).unwrap(),
        Hs256Key::new(b"rfc7515-a5-test-secret-0123456789ab", false).unwrap(),
    ] {
        let err = key.verify(compact).unwrap_err();
        assert_eq!(err.code(), "ERR_BAD_SIGNATURE", "{err}");
        let err = verify(&key, compact, &VerifyOptions::at(1_300_819_379)).unwrap_err();
        assert_eq!(err.code(), "ERR_BAD_SIGNATURE", "{err}");
        // With the MAC of the signing input appended (someone holding the secret): the alg
        // decides.
        let input = compact.trim_end_matches('.');
        let with_sig = format!("{input}.{}", b64u_encode(&key.mac(input.as_bytes())));
        assert_eq!(
            key.verify(&with_sig).unwrap_err().code(),
            "ERR_UNSUPPORTED_ALG"
        );
    }
    let decoded = decode(compact).unwrap();
    assert_eq!(decoded.header.get("alg"), Some(&json!("none")));
}

// ---------------------------------------------------------------------------------------------
// RFC 7520 §4.4–4.7 (the JOSE cookbook). Only §4.4 has a compact serialization of its own.
// §4.5 (detached content) has a compact form with an empty payload segment: we do not support
// detached payloads, so it is refused. §4.6 exists only as JSON serialization (its `kid` is in
// the unprotected header, which compact serialization cannot carry); §4.7 likewise (empty
// protected header, `alg` only unprotected). For those we check the MAC of the published
// signing input, refuse their JSON serializations, and test the compact strings one can derive
// from them (§4.6: protected header only, which is a valid HS256 JWS; §4.7: empty header,
// refused).
// ---------------------------------------------------------------------------------------------

fn rfc7520_key() -> (Vec<u8>, Hs256Key) {
    let jwk = cookbook("jwk/3_5.symmetric_key_mac_computation.json");
    let bytes = jwk_key(&jwk);
    assert_eq!(bytes.len(), 32);
    let key = Hs256Key::new(&bytes, false).unwrap();
    (bytes, key)
}

#[test]
fn rfc7520_4_4_verifies_and_is_reproduced_exactly() {
    let (key_bytes, key) = rfc7520_key();
    let cb = cookbook("jws/4_4.hmac-sha2_integrity_protection.json");
    assert_eq!(jwk_key(&cb["input"]["key"]), key_bytes);
    let compact = str_at(&cb["output"], "compact");
    let payload = str_at(&cb["input"], "payload");

    assert_eq!(
        key.verify(compact)
            .unwrap_or_else(|e| panic!("cookbook 4.4: {e}")),
        payload.as_bytes()
    );
    // The exact header bytes of the vector (`{"alg":"HS256","kid":"018c0ae5-..."}`).
    let header = b64u(str_at(&cb["signing"], "protected_b64u"));
    assert_eq!(
        header,
        br#"{"alg":"HS256","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037"}"#
    );
    assert_eq!(key.sign_with_header(&header, payload.as_bytes()), compact);
    assert_eq!(
        b64u_encode(&key.mac(str_at(&cb["signing"], "sig-input").as_bytes())),
        str_at(&cb["signing"], "sig")
    );

    // The same vector as carried by rfc_hs256_examples.json.
    let ex = example("rfc7520-4.4");
    assert_eq!(str_at(&ex, "compact"), compact);
    assert_eq!(jwk_key(&ex["key_jwk"]), key_bytes);

    // The payload is plain text, not a claims set: the token layer refuses it after the MAC.
    let err = verify(&key, compact, &VerifyOptions::at(1_700_000_000)).unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "{err}");

    // JSON serializations are not compact JWS.
    for form in ["json", "json_flat"] {
        let text = serde_json::to_string(&cb["output"][form]).unwrap();
        assert!(key.verify(&text).is_err(), "cookbook 4.4 {form} accepted");
    }
}

#[test]
fn rfc7520_4_5_detached_content_is_refused() {
    let (_, key) = rfc7520_key();
    let cb = cookbook("jws/4_5.signature_with_detached_content.json");
    let detached = str_at(&cb["output"], "compact");
    assert!(
        detached.contains(".."),
        "detached form has an empty payload"
    );
    let err = key.verify(detached).unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "{err}");
    assert_eq!(
        str_at(&example("rfc7520-4.5"), "compact_detached"),
        detached
    );
    // The MAC is right: the signing input signed by the key gives the published signature, and
    // re-attaching the payload gives the (valid) §4.4 token.
    let sig_input = str_at(&cb["signing"], "sig-input");
    assert_eq!(
        b64u_encode(&key.mac(sig_input.as_bytes())),
        str_at(&cb["signing"], "sig")
    );
    let attached = format!("{sig_input}.{}", str_at(&cb["signing"], "sig"));
    assert_eq!(
        key.verify(&attached).unwrap(),
        str_at(&cb["input"], "payload").as_bytes()
    );
    for form in ["json", "json_flat"] {
        let text = serde_json::to_string(&cb["output"][form]).unwrap();
        assert!(key.verify(&text).is_err(), "cookbook 4.5 {form} accepted");
    }
}

#[test]
fn rfc7520_4_6_protected_header_fields_json_only() {
    let (_, key) = rfc7520_key();
    let cb = cookbook("jws/4_6.protecting_specific_header_fields.json");
    let sig_input = str_at(&cb["signing"], "sig-input");
    let sig = str_at(&cb["signing"], "sig");
    assert_eq!(b64u_encode(&key.mac(sig_input.as_bytes())), sig);
    // The compact string derived from it (the unprotected `kid` has nowhere to go) is a valid
    // HS256 JWS with header {"alg":"HS256"}, and sign_with_header reproduces it.
    let derived = format!("{sig_input}.{sig}");
    let payload = str_at(&cb["input"], "payload");
    assert_eq!(key.verify(&derived).unwrap(), payload.as_bytes());
    assert_eq!(
        key.sign_with_header(br#"{"alg":"HS256"}"#, payload.as_bytes()),
        derived
    );
    for form in ["json", "json_flat"] {
        let text = serde_json::to_string(&cb["output"][form]).unwrap();
        assert!(key.verify(&text).is_err(), "cookbook 4.6 {form} accepted");
    }
}

#[test]
fn rfc7520_4_7_empty_protected_header_is_refused() {
    let (_, key) = rfc7520_key();
    let cb = cookbook("jws/4_7.protecting_content_only.json");
    let sig_input = str_at(&cb["signing"], "sig-input");
    let sig = str_at(&cb["signing"], "sig");
    assert!(sig_input.starts_with('.'));
    assert_eq!(b64u_encode(&key.mac(sig_input.as_bytes())), sig);
    let derived = format!("{sig_input}.{sig}");
    assert_eq!(
        str_at(&example("rfc7520-4.7"), "derived_compact_for_negative_test"),
        derived
    );
    let err = key.verify(&derived).unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "{err}");
    for form in ["json", "json_flat"] {
        let text = serde_json::to_string(&cb["output"][form]).unwrap();
        assert!(key.verify(&text).is_err(), "cookbook 4.7 {form} accepted");
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 7797 (b64 = false, crit ["b64"])
// ---------------------------------------------------------------------------------------------

#[test]
fn rfc7797_control_is_a_valid_jws_but_not_a_claims_set() {
    let ex = example("rfc7797-4.1-control");
    let key = Hs256Key::new(&jwk_key(&ex["key_jwk"]), false).unwrap();
    let compact = str_at(&ex, "compact");
    assert_eq!(key.verify(compact).unwrap(), b"$.02");
    let err = verify(&key, compact, &VerifyOptions::at(1_700_000_000)).unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "{err}");
}

/// The published b64=false forms cannot even be split as compact JWS (an empty payload
/// segment, or a payload containing a `.`), so they are refused as malformed. A well-formed
/// compact JWS carrying the same protected header and a *correct* MAC is refused because of its
/// `crit`, showing that the refusal comes from the header rule and not from the MAC.
#[test]
fn rfc7797_b64_false_with_crit_is_rejected() {
    let ex = example("rfc7797-4.2-b64-false");
    let key = Hs256Key::new(&jwk_key(&ex["key_jwk"]), false).unwrap();
    let header = b64u(str_at(&ex, "protected_b64u"));
    assert_eq!(header, br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
    // The published MAC is the HMAC of the unencoded signing input.
    assert_eq!(
        b64u_encode(&key.mac(str_at(&ex, "signing_input_octets_ascii").as_bytes())),
        str_at(&ex, "signature_b64u")
    );
    for form in ["compact_detached", "compact_with_unencoded_payload"] {
        let err = key.verify(str_at(&ex, form)).unwrap_err();
        assert_eq!(err.code(), "ERR_MALFORMED_TOKEN", "{form}: {err}");
    }
    // Well-formed, correctly MACed, b64=false + crit: refused for the header.
    let token = key.sign_with_header(&header, b"$.02");
    let err = key.verify(&token).unwrap_err();
    assert_eq!(err.code(), "ERR_UNSUPPORTED_HEADER", "{err}");
    assert!(matches!(err, Error::UnsupportedHeader { param: "crit" }));
    let err = verify(&key, &token, &VerifyOptions::at(1_700_000_000)).unwrap_err();
    assert_eq!(err.code(), "ERR_UNSUPPORTED_HEADER");
    // b64=false alone (no crit) is refused too, naming b64.
    let token = key.sign_with_header(br#"{"alg":"HS256","b64":false}"#, b"$.02");
    let err = key.verify(&token).unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedHeader { param: "b64" }),
        "{err:?}"
    );
    // b64=true without crit is the default and accepted.
    let token = key.sign_with_header(br#"{"alg":"HS256","b64":true}"#, b"$.02");
    assert_eq!(key.verify(&token).unwrap(), b"$.02");
}

// ---------------------------------------------------------------------------------------------
// Wycheproof json_web_signature_test.json, HS256 groups
// ---------------------------------------------------------------------------------------------

const WYCHEPROOF_JWS: &str = "wycheproof/json_web_signature_test.json";

/// tcId -> (strict result, reason).
fn strict_overrides() -> BTreeMap<u64, (bool, String)> {
    let file = load_json("wycheproof_strict_overrides.json");
    file["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let strict = match str_at(o, "strict_result") {
                "valid" => true,
                "invalid" => false,
                other => panic!("unknown strict_result {other:?}"),
            };
            (o["tcId"].as_u64().unwrap(), (strict, o.to_string()))
        })
        .collect()
}

#[test]
fn wycheproof_jws_hs256() {
    let file = load_json(WYCHEPROOF_JWS);
    let overrides = strict_overrides();
    assert_eq!(
        overrides.keys().copied().collect::<Vec<_>>(),
        [367, 370, 372, 373]
    );

    let mut run = Vec::new();
    let mut skipped_not_string = 0usize;
    let mut weak_keys = 0usize;
    let mut overridden = Vec::new();
    let mut failures = Vec::new();
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();

    for group in file["testGroups"].as_array().unwrap() {
        let jwk = if group["private"].is_object() {
            &group["private"]
        } else {
            &group["public"]
        };
        if jwk["kty"] != "oct" {
            continue; // EC / RSA groups: not HS256.
        }
        assert_eq!(jwk["alg"], "HS256", "oct key that is not HS256: {jwk}");
        let group_name = group["comment"].as_str().unwrap_or("?");
        let key_bytes = jwk_key(jwk);
        let degenerate = key_bytes.windows(2).all(|w| w[0] == w[1]);
        let key = if key_bytes.len() < MIN_SECRET_LEN || degenerate {
            // A short key, or one byte repeated (one group's key is all zeros): the JWS layer
            // refuses it unless weak keys are explicitly allowed, and we run it with allow_weak.
            weak_keys += 1;
            let err = Hs256Key::new(&key_bytes, false).unwrap_err();
            assert_eq!(err.code(), "ERR_WEAK_SECRET");
            Hs256Key::new(&key_bytes, true).unwrap()
        } else {
            Hs256Key::new(&key_bytes, false).unwrap()
        };

        for case in group["tests"].as_array().unwrap() {
            let tc_id = case["tcId"].as_u64().unwrap();
            let comment = case["comment"].as_str().unwrap_or("");
            let label = str_at(case, "result");
            let Some(jws) = case["jws"].as_str() else {
                skipped_not_string += 1;
                continue;
            };
            let mut expect_valid = match label {
                "valid" => true,
                "invalid" => false,
                other => panic!("{WYCHEPROOF_JWS} tcId {tc_id}: unexpected result {other:?}"),
            };
            if let Some((strict, _)) = overrides.get(&tc_id) {
                assert_ne!(
                    *strict, expect_valid,
                    "override for tcId {tc_id} does not change anything"
                );
                expect_valid = *strict;
                overridden.push(format!(
                    "tcId {tc_id} ({comment}): Wycheproof says {label}, strict says {}",
                    if *strict { "valid" } else { "invalid" }
                ));
            }
            run.push(tc_id);
            let got = key.verify(jws);
            if let Err(e) = &got {
                *codes.entry(e.code()).or_default() += 1;
            }
            let ok = match (&got, expect_valid) {
                (Ok(payload), true) => {
                    // The payload is exactly the decoded second segment.
                    let seg = jws.split('.').nth(1).unwrap_or("");
                    *payload == b64u(seg)
                }
                (Err(_), false) => true,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{WYCHEPROOF_JWS} group {group_name} tcId {tc_id} ({comment}): expected {}, got {}",
                    if expect_valid { "valid" } else { "invalid" },
                    match &got {
                        Ok(_) => "Ok".to_owned(),
                        Err(e) => format!("{} ({e})", e.code()),
                    }
                ));
            }
        }
    }

    println!(
        "Wycheproof JWS HS256: {} run, {} overridden, {} skipped (jws not a string), {} weak keys",
        run.len(),
        overridden.len(),
        skipped_not_string,
        weak_keys
    );
    for line in &overridden {
        println!("  override: {line}");
    }
    println!("  rejection codes: {codes:?}");
    fail_if_any(WYCHEPROOF_JWS, &failures);

    // Nothing silently disappeared: groups hs256 (1-17), rfc7520 (348, 352), base64 (357-377).
    let expected: BTreeSet<u64> = (1..=17).chain([348, 352]).chain(357..=377).collect();
    assert_eq!(run.iter().copied().collect::<BTreeSet<_>>(), expected);
    assert_eq!(run.len(), 40);
    assert_eq!(skipped_not_string, 0);
    assert_eq!(weak_keys, 1, "the one all-zero key");
    assert_eq!(overridden.len(), 4);
}

/// A few Wycheproof cases with the precise reason they are refused.
#[test]
fn wycheproof_jws_hs256_reasons() {
    let file = load_json(WYCHEPROOF_JWS);
    let mut by_id = BTreeMap::new();
    for group in file["testGroups"].as_array().unwrap() {
        if group["private"]["kty"] != "oct" {
            continue;
        }
        // allow_weak: one group's key is all zeros (refused as degenerate otherwise).
        let key = Hs256Key::new(&jwk_key(&group["private"]), true).unwrap();
        for case in group["tests"].as_array().unwrap() {
            let id = case["tcId"].as_u64().unwrap();
            let got = key.verify(str_at(case, "jws")).map_err(|e| e.code());
            by_id.insert(id, got);
        }
    }
    let code = |id: u64| by_id[&id].clone().unwrap_err();
    assert_eq!(code(2), "ERR_BAD_SIGNATURE"); // modified signature
    assert_eq!(code(5), "ERR_BAD_SIGNATURE"); // modified payload
    assert_eq!(code(8), "ERR_BAD_SIGNATURE"); // modified header (kid)
    assert_eq!(code(16), "ERR_BAD_SIGNATURE"); // alg none: its MAC is checked first
    for id in [3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 15, 17] {
        assert!(
            matches!(code(id), "ERR_MALFORMED_TOKEN" | "ERR_BAD_SIGNATURE"),
            "tcId {id}: {}",
            code(id)
        );
    }
    // 372/373: a '?' inside the header / payload segment; 374/375: payload "AB" (non-canonical
    // trailing bits). Every segment's base64url is checked strictly before the MAC (RFC 7515
    // 5.2 order), so all four are malformed whatever their MAC.
    for id in [372, 373, 374, 375] {
        assert_eq!(code(id), "ERR_MALFORMED_TOKEN", "tcId {id}");
    }
    // 367/370 are byte-identical to 357 (valid).
    assert!(by_id[&357].is_ok() && by_id[&367].is_ok() && by_id[&370].is_ok());
}

// ---------------------------------------------------------------------------------------------
// RFC 4231 and Wycheproof HMAC-SHA256, through Hs256Key::mac
// ---------------------------------------------------------------------------------------------

const RFC4231: &str = "rfc4231_hmac_sha256.json";

#[test]
fn rfc4231_hmac_sha256_cases_1_to_7() {
    let file = load_json(RFC4231);
    let mut failures = Vec::new();
    let mut ids = Vec::new();
    for case in file["tests"].as_array().unwrap() {
        let id = case["tcId"].as_u64().unwrap();
        ids.push(id);
        let comment = case["comment"]
            .as_str()
            .or(case["msg_ascii"].as_str())
            .unwrap_or("");
        let key_bytes = hex(str_at(case, "key"));
        let tag = hex(str_at(case, "tag"));
        assert_eq!(str_at(case, "result"), "valid");
        let mac = Hs256Key::new(&key_bytes, true)
            .unwrap()
            .mac(&hex(str_at(case, "msg")));
        // Case 5 is specified as truncated to 128 bits: compare that prefix (the file also
        // stores the full tag, which must then match too).
        let ok = if id == 5 {
            mac[..16] == hex("a3b6167473100ee06e0c796c2955552b")[..] && mac[..] == tag[..]
        } else {
            mac[..] == tag[..]
        };
        if !ok {
            failures.push(format!(
                "{RFC4231} tcId {id} ({comment}): got {}, expected {}",
                to_hex(&mac),
                to_hex(&tag)
            ));
        }
        // The JWT layer refuses the short keys (RFC 7518 3.2) unless allow_weak.
        // Cases 6 and 7 use 0xaa repeated 131 times: long enough, but a one-byte period is
        // refused as degenerate (src/secret.rs) unless allow_weak, like a short key.
        let degenerate = key_bytes.windows(2).all(|w| w[0] == w[1]);
        if key_bytes.len() < MIN_SECRET_LEN || degenerate {
            let err = Hs256Key::new(&key_bytes, false).unwrap_err();
            assert_eq!(err.code(), "ERR_WEAK_SECRET", "{RFC4231} tcId {id}");
            assert!(Hs256Key::new(&key_bytes, true).is_ok());
        } else {
            assert!(Hs256Key::new(&key_bytes, false).is_ok());
        }
    }
    println!("RFC 4231: {} run", ids.len());
    fail_if_any(RFC4231, &failures);
    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7]);
}

const WYCHEPROOF_HMAC: &str = "wycheproof/hmac_sha256_test.json";

#[test]
fn wycheproof_hmac_sha256() {
    let file = load_json(WYCHEPROOF_HMAC);
    assert_eq!(file["algorithm"], "HMACSHA256");
    let mut failures = Vec::new();
    let (mut run, mut valid, mut invalid, mut truncated, mut weak) = (0, 0, 0, 0, 0);
    for group in file["testGroups"].as_array().unwrap() {
        let tag_bits = group["tagSize"].as_u64().unwrap();
        assert!(tag_bits % 8 == 0 && tag_bits <= 256);
        let tag_len = usize::try_from(tag_bits / 8).unwrap();
        for case in group["tests"].as_array().unwrap() {
            let id = case["tcId"].as_u64().unwrap();
            let comment = case["comment"].as_str().unwrap_or("");
            let key_bytes = hex(str_at(case, "key"));
            let tag = hex(str_at(case, "tag"));
            let mac = Hs256Key::new(&key_bytes, true)
                .unwrap()
                .mac(&hex(str_at(case, "msg")));
            let matches = tag.len() == tag_len && mac[..tag_len] == tag[..];
            let expect = match str_at(case, "result") {
                "valid" => {
                    valid += 1;
                    true
                }
                "invalid" => {
                    invalid += 1;
                    false
                }
                other => panic!("{WYCHEPROOF_HMAC} tcId {id}: unexpected result {other:?}"),
            };
            run += 1;
            truncated += usize::from(tag_len < 32);
            if key_bytes.len() < MIN_SECRET_LEN {
                weak += 1;
                assert_eq!(
                    Hs256Key::new(&key_bytes, false).unwrap_err().code(),
                    "ERR_WEAK_SECRET",
                    "{WYCHEPROOF_HMAC} tcId {id}"
                );
            }
            if matches != expect {
                failures.push(format!(
                    "{WYCHEPROOF_HMAC} tcId {id} ({comment}, tagSize {tag_bits}): expected {}, computed {}",
                    str_at(case, "result"),
                    to_hex(&mac)
                ));
            }
        }
    }
    println!(
        "Wycheproof HMAC-SHA256: {run} run ({valid} valid, {invalid} invalid, {truncated} with truncated tags, {weak} with keys < 32 bytes)"
    );
    fail_if_any(WYCHEPROOF_HMAC, &failures);
    assert_eq!(run, file["numberOfTests"].as_u64().unwrap());
    assert_eq!((run, valid, invalid), (174, 66, 108));
}

/// HMAC allows truncated tags; an HS256 JWS does not: a token whose signature is the correct
/// 128-bit prefix of the MAC is refused.
#[test]
fn jws_refuses_truncated_signatures() {
    let key = Hs256Key::new(b"truncation-test-secret-0123456789ab", false).unwrap();
    let token = key.sign(br#"{"sub":"x"}"#);
    let (input, sig) = token.rsplit_once('.').unwrap();
    let sig = b64u(sig);
    for len in [0, 16, 31] {
        let short = format!("{input}.{}", b64u_encode(&sig[..len]));
        let err = key.verify(&short).unwrap_err();
        assert_eq!(err.code(), "ERR_BAD_SIGNATURE", "len {len}");
    }
    let mut long = sig.clone();
    long.push(0);
    let err = key
        .verify(&format!("{input}.{}", b64u_encode(&long)))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_BAD_SIGNATURE");
}
