//! The wasm32 suite (`tests/wasm_suite/mod.rs`) in Node: `wasm-pack test --node -- --test node`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod wasm_suite;
