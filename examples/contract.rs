//! Prints the facts of `isometrik_token::contract` as JSON, for the JavaScript package's
//! build (`scripts/assemble-pkg.mjs` writes `contract.js` and the type unions from it).
//! `cargo run --quiet --example contract`.

use isometrik_token::contract::{self, layout, Field};
use serde_json::{json, Map, Value};

fn main() {
    // Each field by name: its header index, its slot's offset and its limit.
    let slots: Map<String, Value> = Field::ALL
        .iter()
        .map(|&field| {
            let slot = json!({
                "index": field as usize,
                "offset": layout::offset(field),
                "max": field.max_bytes(),
            });
            (field.name().to_owned(), slot)
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
        "PERMISSION_NAME_CUT": contract::PERMISSION_NAME_CUT,
        "UNKNOWN_PERMISSION": contract::UNKNOWN_PERMISSION,
        "API_KEY_WITH_KEYS": contract::API_KEY_WITH_KEYS,
        // The wording of an option error, with `{field}` and `{reason}` for the JS half to fill.
        "OPTION_MESSAGE": contract::option_message("{field}", "{reason}"),
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
        "INPUT_BYTES": layout::INPUT_BYTES,
        "INPUT_HEADER_CELLS": layout::HEADER_CELLS,
        "INPUT_ABSENT": layout::ABSENT,
        "INPUT_OVERSIZE": layout::OVERSIZE,
        "INPUT_SLOTS": slots,
        "BOUNDARY_MESSAGES": messages,
        "WASM_UNAVAILABLE_REASONS": reasons,
    });
    println!("{facts:#}");
}
