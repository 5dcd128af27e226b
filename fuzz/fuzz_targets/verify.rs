//! `verify` / `Signer::verify` on arbitrary bytes (as lossy UTF-8) with a fixed key and clock:
//! never panics, never accepts what the independent strict reference (src/lib.rs) rejects,
//! and never rejects what it accepts. Random bytes rarely carry a valid MAC: the
//! `verify_structured` target covers what lies past the MAC.
#![no_main]

use isometrik_token::{Hs256Key, VerifyOptions};
use isometrik_token_fuzz::{check_verify, NOW, SECRET};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let token = String::from_utf8_lossy(data);
    check_verify(&token, NOW, 10);
    // The free function, without an expected issuer.
    let key = Hs256Key::new(SECRET, false).expect("32-byte key");
    let ours = isometrik_token::verify(&key, &token, &VerifyOptions::at(NOW));
    let reference = isometrik_token_fuzz::verify(&token, NOW, 10, false);
    assert_eq!(ours.is_ok(), reference.is_some(), "{token:?}");
});
