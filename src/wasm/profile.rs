//! Bench-only exports (cargo feature `profile-hooks`, off in every shipped build): each part of
//! a sign, verify or decode, run `n` times inside the wasm on the README's example token, so that
//! `bench/profile.mjs` can time the parts in this wasm without the crossing. Not part of the API.

use std::cell::OnceCell;
use std::hint::black_box;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use wasm_bindgen::prelude::*;

use crate::duration::Expiry;
use crate::token::{self, Signer, TokenOptions, VerifyOptions};
use crate::{Claims, Hs256Key, Permissions};

/// The bench fixture's API key and secret (bench/fixtures.mjs).
const API_KEY: &str = "APIbench7c1f3a9e";
const SECRET: &[u8] = b"sk_bench_9f8e7d6c5b4a39281706f5e4";
/// A fixed clock, so that every run signs the same bytes.
const NOW: i64 = 1_767_225_600;

/// What the parts work on, prepared once.
struct Fixture {
    signer: Signer,
    claims: Claims,
    payload_json: Vec<u8>,
    signing_input: String,
    token: String,
}

thread_local! {
    static FIXTURE: OnceCell<Option<Fixture>> = const { OnceCell::new() };
}

fn options() -> TokenOptions<'static> {
    TokenOptions::new("daily-standup", "alice", NOW)
        .with_permissions(Permissions::publisher())
        .with_expires_in(Expiry::Seconds(3600))
}

fn fixture() -> Option<Fixture> {
    let signer = Signer::new(API_KEY, SECRET).ok()?;
    let claims = signer.claims(&options()).ok()?;
    let payload_json = claims.to_json();
    let token = signer.create(&options()).ok()?;
    let signing_input = token.get(..token.rfind('.')?)?.to_owned();
    Some(Fixture {
        signer,
        claims,
        payload_json,
        signing_input,
        token,
    })
}

impl Fixture {
    /// The example token's payload segment.
    fn payload_b64(&self) -> &[u8] {
        let header = crate::jws::STANDARD_HEADER_B64.len() + 1;
        self.signing_input
            .as_bytes()
            .get(header..)
            .unwrap_or_default()
    }
}

/// One part, once. Returns something derived from the result so that it is not optimised away.
fn part(f: &Fixture, which: u32) -> usize {
    let verify_options = VerifyOptions {
        api_key: Some(API_KEY),
        ..VerifyOptions::at(NOW + 60)
    };
    match which {
        // One SHA-256 compression of one 64-byte block.
        1 => {
            let mut state = [0x6a09_e667u32; 8];
            let block = black_box([0x5au8; 64]);
            sha2::compress256(&mut state, &[block.into()]);
            state[0] as usize
        }
        2 => f
            .signer
            .claims(black_box(&options()))
            .map_or(0, |c| usize::from(c.exp > 0)),
        3 => black_box(&f.claims).to_json().len(),
        4 => {
            let mut out = String::with_capacity(400);
            URL_SAFE_NO_PAD.encode_string(black_box(&f.payload_json), &mut out);
            out.len()
        }
        5 => f.signer.key().payload_tag(black_box(f.payload_b64()))[0].into(),
        6 => {
            let mut out = String::with_capacity(43);
            URL_SAFE_NO_PAD.encode_string(black_box([7u8; 32]), &mut out);
            out.len()
        }
        7 => f.signer.key().sign(black_box(&f.payload_json)).len(),
        8 => f
            .signer
            .create(black_box(&options()))
            .map_or(0, |t| t.len()),
        9 => Hs256Key::new(black_box(SECRET), false).map_or(0, |_| 1),
        10 => crate::secret::refusal(black_box(SECRET), false).map_or(0, str::len),
        11 => crate::jws::split(black_box(&f.token)).map_or(0, |p| {
            crate::jws::decode_segment(p.payload, "payload").map_or(0, |b| b.len())
        }),
        12 => f
            .signer
            .key()
            .verify(black_box(&f.token))
            .map_or(0, |b| b.len()),
        13 => Claims::from_json(black_box(&f.payload_json)).map_or(0, |c| usize::from(c.exp > 0)),
        14 => token::verify(f.signer.key(), black_box(&f.token), &verify_options)
            .map_or(0, |v| v.payload_json.len()),
        15 => token::decode_json(black_box(&f.token)).map_or(0, |(_, p)| p.len()),
        _ => 0,
    }
}

/// Runs part `which` `n` times (part 0: nothing; the others: `part` above). Returns a checksum.
#[wasm_bindgen]
pub fn raw_profile(which: u32, n: u32) -> u32 {
    FIXTURE.with(|cell| {
        let Some(f) = cell.get_or_init(fixture) else {
            return u32::MAX;
        };
        let mut sum = 0usize;
        for _ in 0..n {
            sum = sum.wrapping_add(part(f, black_box(which)));
        }
        sum.to_le_bytes()
            .iter()
            .fold(0u32, |acc, &b| acc.rotate_left(8) ^ u32::from(b))
    })
}

/// Whether the signer hashes the example token from its precomputed payload-start state (one
/// SHA-256 block fewer per token).
#[wasm_bindgen]
pub fn raw_profile_prefixed() -> bool {
    FIXTURE.with(|cell| {
        cell.get_or_init(fixture)
            .as_ref()
            .is_some_and(|f| f.signer.key().has_prefix_for(f.payload_b64()))
    })
}

/// The example token itself (to check it, and to time returning a token-sized string).
#[wasm_bindgen]
pub fn raw_profile_token() -> String {
    FIXTURE.with(|cell| {
        cell.get_or_init(fixture)
            .as_ref()
            .map_or_else(String::new, |f| f.token.clone())
    })
}

/// The example payload's JSON (to time returning a payload-sized string, as verify does).
#[wasm_bindgen]
pub fn raw_profile_payload() -> String {
    FIXTURE.with(|cell| {
        cell.get_or_init(fixture)
            .as_ref()
            .map_or_else(String::new, |f| {
                String::from_utf8_lossy(&f.payload_json).into_owned()
            })
    })
}
