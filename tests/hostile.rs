//! The hostile-token suite: every case in `tests/hostile/cases.json` (format in
//! `tests/hostile/README.md`) is built here, independently of the crate (HMAC through the
//! `hmac` crate directly, segments through `base64`), verified with both
//! [`isometrik_token::verify`] and [`isometrik_token::Signer::verify`] (and
//! [`isometrik_token::decode`] where a case asks), and its error code compared.
//! Oversize tokens (1 MiB, 10 MiB) are generated here rather than stored.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use isometrik_token::contract::{ERROR_CODES, MAX_TOKEN_LEN};
use isometrik_token::{dangerous::decode, verify, Hs256Key, Signer, VerifyOptions};
use serde_json::{Map, Value};
use sha2::Sha256;

const CASES: &str = include_str!("hostile/cases.json");

/// The suite's fixed parameters (top level of cases.json).
struct Suite {
    api_key: String,
    now: i64,
    leeway: i64,
    keys: BTreeMap<String, Vec<u8>>,
    default_header: String,
    default_claims: BTreeMap<String, String>,
}

const CASE_FIELDS: &[&str] = &[
    "name",
    "property",
    "note",
    "token",
    "header",
    "header_bytes",
    "header_segment",
    "header_edit",
    "payload",
    "payload_bytes",
    "payload_segment",
    "payload_edit",
    "claims",
    "remove",
    "signature",
    "signature_from",
    "sign_key",
    "signature_edit",
    "layout",
    "verify_key",
    "verify",
    "now",
    "leeway",
    "expect",
    "decode",
    "control",
];

/// What `control` removes: the edits, the layout and any given signature.
const DAMAGE: &[&str] = &[
    "header_edit",
    "payload_edit",
    "signature_edit",
    "layout",
    "signature",
    "signature_from",
];

/// A text field: a string, or an array of strings and `{"repeat": s, "times": n}` pieces.
fn text(v: &Value, what: &str) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(pieces) => pieces
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                Value::Object(o) => {
                    let s = o["repeat"].as_str().expect("repeat: string");
                    let n = o["times"].as_u64().expect("times: integer");
                    s.repeat(usize::try_from(n).unwrap())
                }
                _ => panic!("{what}: bad text piece {p}"),
            })
            .collect(),
        _ => panic!("{what}: expected a string or an array of pieces"),
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Applies segment edits in order. Each edit must change the segment.
fn edit(segment: String, ops: Option<&Value>) -> Result<String, String> {
    let Some(ops) = ops else {
        return Ok(segment);
    };
    let mut s = segment;
    for op in ops.as_array().expect("edits: array") {
        let op = op.as_object().expect("edit: object");
        assert_eq!(op.len(), 1, "one operation per edit object");
        let (kind, arg) = op.iter().next().unwrap();
        let before = s.clone();
        match kind.as_str() {
            "append" => s.push_str(&text(arg, kind)),
            "prepend" => s.insert_str(0, &text(arg, kind)),
            "insert" => {
                let at = usize::try_from(arg[0].as_u64().unwrap()).unwrap();
                if at > s.len() {
                    return Err(format!("insert at {at} beyond {}", s.len()));
                }
                s.insert_str(at, &text(&arg[1], kind));
            }
            "truncate" => {
                let n = usize::try_from(arg.as_u64().unwrap()).unwrap();
                s.truncate(s.len().saturating_sub(n));
            }
            "pad" => {
                while s.len() % 4 != 0 {
                    s.push('=');
                }
            }
            "standard_alphabet" => s = s.replace('-', "+").replace('_', "/"),
            "noncanonical" => {
                // Set the lowest of the unused low bits of the last character.
                let rem = s.len() % 4;
                if rem == 0 || rem == 1 {
                    return Err("noncanonical needs a length of 2 or 3 mod 4".into());
                }
                let last = s.pop().unwrap();
                let v = ALPHABET.iter().position(|&c| c == last as u8).unwrap();
                s.push(char::from(ALPHABET[v | 1]));
            }
            "flip" => {
                let at = usize::try_from(arg.as_u64().unwrap()).unwrap();
                let c = s.as_bytes()[at];
                let to = if c == b'A' { "B" } else { "A" };
                s.replace_range(at..=at, to);
            }
            "keep_bytes" | "append_bytes_hex" => {
                let mut bytes = URL_SAFE_NO_PAD
                    .decode(&s)
                    .map_err(|e| format!("{kind} on non-canonical segment: {e}"))?;
                if kind == "keep_bytes" {
                    bytes.truncate(usize::try_from(arg.as_u64().unwrap()).unwrap());
                } else {
                    let hex = arg.as_str().unwrap();
                    for i in (0..hex.len()).step_by(2) {
                        bytes.push(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
                    }
                }
                s = URL_SAFE_NO_PAD.encode(bytes);
            }
            other => panic!("unknown edit {other:?}"),
        }
        if s == before {
            return Err(format!("edit {kind} left the segment unchanged"));
        }
    }
    Ok(s)
}

/// Builds one segment from `<part>`, `<part>_bytes` or `<part>_segment`, then its edits.
fn segment(
    case: &Map<String, Value>,
    part: &str,
    default: impl FnOnce() -> String,
) -> Result<String, String> {
    let field = |suffix: &str| case.get(&format!("{part}{suffix}"));
    let forms = [field(""), field("_bytes"), field("_segment")];
    assert!(
        forms.iter().flatten().count() <= 1,
        "give at most one form of {part}"
    );
    let raw = match forms {
        [Some(t), _, _] => URL_SAFE_NO_PAD.encode(text(t, part)),
        [_, Some(b64), _] => {
            let b64 = b64.as_str().expect("_bytes: a string");
            URL_SAFE_NO_PAD.encode(STANDARD.decode(b64).expect("_bytes: standard base64"))
        }
        [_, _, Some(t)] => text(t, part),
        [None, None, None] => URL_SAFE_NO_PAD.encode(default()),
    };
    edit(raw, field("_edit"))
}

/// The payload from the default claims, `claims` (raw JSON texts) and `remove`.
fn claims_payload(suite: &Suite, case: &Map<String, Value>) -> String {
    let mut claims = suite.default_claims.clone();
    if let Some(over) = case.get("claims") {
        for (k, v) in over.as_object().expect("claims: object") {
            claims.insert(k.clone(), text(v, k));
        }
    }
    if let Some(remove) = case.get("remove") {
        for k in remove.as_array().expect("remove: array") {
            let k = k.as_str().unwrap();
            assert!(claims.remove(k).is_some(), "remove: no claim {k}");
        }
    }
    let members: Vec<String> = claims
        .iter()
        .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
        .collect();
    format!("{{{}}}", members.join(","))
}

fn key_bytes<'a>(suite: &'a Suite, case: &Map<String, Value>, field: &str) -> &'a [u8] {
    let name = case.get(field).map_or("suite", |v| v.as_str().unwrap());
    suite
        .keys
        .get(name)
        .unwrap_or_else(|| panic!("no key {name:?}"))
}

/// Builds the token of a case.
fn build(suite: &Suite, case: &Map<String, Value>) -> Result<String, String> {
    if let Some(t) = case.get("token") {
        return Ok(text(t, "token"));
    }
    let h = segment(case, "header", || suite.default_header.clone())?;
    let p = segment(case, "payload", || claims_payload(suite, case))?;
    let s = match (case.get("signature"), case.get("signature_from")) {
        (Some(_), Some(_)) => panic!("give signature or signature_from, not both"),
        (Some(sig), None) => text(sig, "signature"),
        // The signature segment of another token built from this spec.
        (None, Some(other)) => {
            let other = other.as_object().expect("signature_from: object");
            let token = build(suite, other)?;
            token.rsplit('.').next().unwrap_or_default().to_owned()
        }
        (None, None) => {
            let key = key_bytes(suite, case, "sign_key");
            URL_SAFE_NO_PAD.encode(hmac(key, format!("{h}.{p}").as_bytes()))
        }
    };
    let s = edit(s, case.get("signature_edit"))?;
    let layout = case
        .get("layout")
        .map_or("{h}.{p}.{s}", |l| l.as_str().unwrap());
    // One pass over the template, so that a segment containing "{p}" is not re-expanded.
    let mut out = String::new();
    let mut rest = layout;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let (value, len) = match rest.get(i..i + 3) {
            Some("{h}") => (h.as_str(), 3),
            Some("{p}") => (p.as_str(), 3),
            Some("{s}") => (s.as_str(), 3),
            _ => ("{", 1),
        };
        out.push_str(value);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    Ok(out)
}

fn code<T>(r: Result<T, isometrik_token::Error>) -> String {
    match r {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

/// The outcome of `mode` ("signer" or "function") for a token.
fn run_verify(suite: &Suite, key: &[u8], token: &str, now: i64, leeway: i64, mode: &str) -> String {
    let options = VerifyOptions {
        now,
        leeway,
        api_key: None,
        room: None,
    };
    match mode {
        // Signer::verify checks `iss` against its API key.
        "signer" => match Signer::new(&suite.api_key, key) {
            Ok(signer) => code(signer.verify(token, &options)),
            Err(e) => e.code().to_owned(),
        },
        // The free function with no expected issuer.
        "function" => match Hs256Key::new(key, false) {
            Ok(key) => code(verify(&key, token, &options)),
            Err(e) => e.code().to_owned(),
        },
        other => panic!("unknown verify mode {other:?}"),
    }
}

fn load() -> (Suite, Vec<Map<String, Value>>) {
    let doc: Value = serde_json::from_str(CASES).expect("cases.json is JSON");
    let keys = doc["keys"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), text(v, k).into_bytes()))
        .collect();
    let default_claims = doc["default_claims"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), text(v, k)))
        .collect();
    let suite = Suite {
        api_key: doc["api_key"].as_str().unwrap().to_owned(),
        now: doc["now"].as_i64().unwrap(),
        leeway: doc["leeway"].as_i64().unwrap(),
        keys,
        default_header: text(&doc["default_header"], "default_header"),
        default_claims,
    };
    let cases = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_object().unwrap().clone())
        .collect();
    (suite, cases)
}

/// Tallies per property group.
#[derive(Default)]
struct Tally {
    groups: BTreeMap<String, (usize, usize)>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, property: &str, failure: Option<String>) {
        let entry = self.groups.entry(property.to_owned()).or_default();
        match failure {
            None => entry.0 += 1,
            Some(f) => {
                entry.1 += 1;
                self.failures.push(f);
            }
        }
    }
}

fn run_case(suite: &Suite, case: &Map<String, Value>) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let token = match build(suite, case) {
        Ok(t) => t,
        Err(e) => return Some(format!("{name}: cannot build: {e}")),
    };
    if std::env::var_os("HOSTILE_DUMP").is_some() {
        // One line per case: name, then the exact token (for cross-checking other runners).
        println!("{name}\t{}", token.escape_debug());
    }
    let expect = case["expect"].as_str().unwrap();
    let key = key_bytes(suite, case, "verify_key");
    let now = case.get("now").map_or(suite.now, |v| v.as_i64().unwrap());
    let leeway = case
        .get("leeway")
        .map_or(suite.leeway, |v| v.as_i64().unwrap());
    let modes: &[&str] = match case.get("verify").map_or("both", |v| v.as_str().unwrap()) {
        "both" => &["signer", "function"],
        "signer" => &["signer"],
        "function" => &["function"],
        other => panic!("{name}: unknown verify mode {other:?}"),
    };
    let mut problems = Vec::new();
    for mode in modes {
        let got = run_verify(suite, key, &token, now, leeway, mode);
        if got != expect {
            problems.push(format!("{mode}: expected {expect}, got {got}"));
        }
    }
    if let Some(want) = case.get("decode") {
        let want = want.as_str().unwrap();
        let got = code(decode(&token));
        if got != want {
            problems.push(format!("decode: expected {want}, got {got}"));
        }
    }
    if let Some(control) = case.get("control") {
        // The same case without its damage must give `control` (true: "ok"), which shows that
        // the damage alone decided the outcome.
        let want = match control {
            Value::Bool(true) => "ok",
            other => other.as_str().expect("control: true or a code"),
        };
        let mut clean = case.clone();
        for k in DAMAGE {
            clean.remove(*k);
        }
        match build(suite, &clean) {
            Ok(token) => {
                for mode in modes {
                    let got = run_verify(suite, key, &token, now, leeway, mode);
                    if got != want {
                        problems.push(format!("control ({mode}): expected {want}, got {got}"));
                    }
                }
            }
            Err(e) => problems.push(format!("control: cannot build: {e}")),
        }
    }
    if problems.is_empty() {
        None
    } else {
        let shown: String = token.chars().take(200).collect();
        Some(format!("{name}: {} (token {shown:?})", problems.join("; ")))
    }
}

/// Checks the file itself: known fields, unique names, known codes.
fn lint_cases(cases: &[Map<String, Value>]) {
    let mut names = BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().expect("every case has a name");
        assert!(names.insert(name.to_owned()), "duplicate case name {name}");
        assert!(case["property"].is_string(), "{name}: property");
        let nested = case.get("signature_from").and_then(Value::as_object);
        for k in case.keys().chain(nested.into_iter().flat_map(Map::keys)) {
            assert!(
                CASE_FIELDS.contains(&k.as_str()),
                "{name}: unknown field {k}"
            );
        }
        for field in ["expect", "decode", "control"] {
            if let Some(v) = case.get(field).filter(|v| !v.is_boolean()) {
                let v = v.as_str().unwrap();
                assert!(
                    v == "ok" || ERROR_CODES.contains(&v),
                    "{name}: {field} {v:?} is not \"ok\" or an error code"
                );
            }
        }
    }
}

/// Oversize tokens, built here: 1 MiB and 10 MiB, shaped so that any decoding before the
/// size check would give a different code (invalid base64, `alg: none`, no dots at all).
fn oversize(suite: &Suite, tally: &mut Tally) {
    let key = Hs256Key::new(&suite.keys["suite"], false).unwrap();
    let signer = Signer::new(&suite.api_key, &suite.keys["suite"]).unwrap();
    let options = VerifyOptions::at(suite.now);
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
    for mib in [1usize, 10] {
        let n = mib << 20;
        let shapes: [(&str, String); 4] = [
            ("no dots", "a".repeat(n)),
            ("invalid base64", format!("!!!!.{}.!!!!", "!".repeat(n))),
            (
                "alg none",
                format!("{none_header}.{}.", "A".repeat(n - none_header.len() - 2)),
            ),
            ("all dots", ".".repeat(n)),
        ];
        for (shape, token) in shapes {
            let name = format!("oversize {mib} MiB, {shape}");
            assert!(token.len() >= n);
            // No timing assertion (speed is for benchmarks): ERR_TOKEN_TOO_LARGE from all three
            // entry points shows the length is refused before any segment is decoded, since
            // every one of these shapes would otherwise fail with another code.
            let results = [
                code(verify(&key, &token, &options)),
                code(signer.verify(&token, &options)),
                code(decode(&token)),
            ];
            let failure = results
                .iter()
                .any(|r| r != "ERR_TOKEN_TOO_LARGE")
                .then(|| format!("{name}: expected ERR_TOKEN_TOO_LARGE, got {results:?}"));
            tally.record("size", failure);
        }
    }
    // The boundary: MAX_TOKEN_LEN bytes are parsed (here a well-formed token with a bad MAC),
    // one more byte is refused unread.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let signature = URL_SAFE_NO_PAD.encode([0u8; 32]);
    let fill = MAX_TOKEN_LEN - header.len() - signature.len() - 2;
    let at_max = format!("{header}.{}.{signature}", "A".repeat(fill));
    assert_eq!(at_max.len(), MAX_TOKEN_LEN);
    let got = code(verify(&key, &at_max, &options));
    tally.record(
        "size",
        (got != "ERR_BAD_SIGNATURE").then(|| format!("exactly MAX_TOKEN_LEN: got {got}")),
    );
    let over = format!("{header}.{}A.{signature}", "A".repeat(fill));
    let got = code(verify(&key, &over, &options));
    tally.record(
        "size",
        (got != "ERR_TOKEN_TOO_LARGE").then(|| format!("MAX_TOKEN_LEN + 1: got {got}")),
    );
}

#[test]
fn hostile_tokens() {
    let (suite, cases) = load();
    lint_cases(&cases);
    let mut tally = Tally::default();
    for case in &cases {
        let failure = run_case(&suite, case);
        tally.record(case["property"].as_str().unwrap(), failure);
    }
    oversize(&suite, &mut tally);

    let (mut passed, mut failed) = (0, 0);
    for (group, (p, f)) in &tally.groups {
        println!("  {group:<18} {p:>4} passed, {f} failed");
        passed += p;
        failed += f;
    }
    for f in &tally.failures {
        println!("FAIL {f}");
    }
    println!("hostile: {passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{} hostile case(s) failed", failed);
}
