//! The wasm32 suite (`tests/wasm_suite/mod.rs`) in headless Chromium:
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test browser`
//! (the browser binary and its flags come from `webdriver.json`).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_suite;
