//! Prints the facts of `isometrik_token::contract` as JSON, for the JavaScript package's
//! build (`scripts/assemble-pkg.mjs` writes `contract.js` and the type unions from it).
//! `cargo run --quiet --example contract`.

use isometrik_token::contract;
use serde_json::{json, Map, Value};

fn main() {
    let limits: Map<String, Value> = contract::INPUT_FIELDS
        .iter()
        .filter_map(|field| {
            Some((
                (*field).to_owned(),
                Value::from(contract::max_bytes(field)?),
            ))
        })
        .collect();
    let messages: Map<String, Value> = contract::boundary_errors()
        .iter()
        .map(|e| (e.code().to_owned(), Value::from(e.to_string())))
        .collect();
    let reasons: Map<String, Value> = contract::WASM_UNAVAILABLE_REASONS
        .iter()
        .map(|(kind, words)| ((*kind).to_owned(), Value::from(*words)))
        .collect();
    let facts = json!({
        "PERMISSION_NAMES": contract::PERMISSION_NAMES,
        "ERROR_CODES": contract::ERROR_CODES,
        "MAX_TOKEN_LEN": contract::MAX_TOKEN_LEN,
        "MIN_SECRET_LEN": contract::MIN_SECRET_LEN,
        "MAX_SECRET_LEN": contract::MAX_SECRET_LEN,
        "MAX_NUMERIC_DATE": contract::MAX_NUMERIC_DATE,
        "MAX_NAME_LEN": contract::MAX_NAME_LEN,
        "MAX_API_KEY_LEN": contract::MAX_API_KEY_LEN,
        "MAX_METADATA_LEN": contract::MAX_METADATA_LEN,
        "MAX_DURATION_TEXT_LEN": contract::MAX_DURATION_TEXT_LEN,
        "DEFAULT_EXPIRES_IN": contract::DEFAULT_EXPIRES_IN,
        "DEFAULT_MAX_EXPIRES_IN": contract::DEFAULT_MAX_EXPIRES_IN,
        "DEFAULT_LEEWAY": contract::DEFAULT_LEEWAY,
        "MAX_LEEWAY": contract::MAX_LEEWAY,
        "INPUT_CAPACITY": contract::INPUT_CAPACITY,
        "INPUT_LIMITS": limits,
        "BOUNDARY_MESSAGES": messages,
        "WASM_UNAVAILABLE_REASONS": reasons,
    });
    println!("{facts:#}");
}
