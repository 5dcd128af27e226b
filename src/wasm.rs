//! The Rust half of the JavaScript boundary: the only Rust module that knows JavaScript.
//!
//! The JS half (`pkg-template/src/boundary.js`) checks JavaScript types, reads the clock, runs
//! the browser guard, and then writes every string and byte argument of a call straight into
//! [`INPUT`], a buffer this module owns, each into its field's own slot
//! ([`crate::contract::layout`]) with one native `TextEncoder.encodeInto` (or
//! `Uint8Array.prototype.set`), bounded by the field's limit before a byte is copied. The
//! call itself carries only flags and numbers. So:
//! - no argument is ever copied by generated glue: nothing allocates, reallocates or frees a
//!   copy of the secret, and wasm memory cannot be grown by an option (it is sized once);
//! - every input byte the JS half wrote, secret included, is overwritten before the call
//!   returns, whether or not the core got as far as reading it.
//!
//! Results come back as strings (a token, or a header/payload JSON text). Errors do not throw
//! across the boundary: a function returns `None`/`NaN`, keeps the error, and the JS half reads
//! it with [`raw_error`] and throws `IsometrikTokenError` with the core's code and message.
//! The mapping between the core's field names and the JS option names lives here
//! ([`js_option`]) and only here.
//!
//! Conventions: a duration field has a text (when the caller gave a string) or a number of
//! seconds (its number cell; NaN when the option was absent). Times are milliseconds since the
//! epoch. Permissions arrive as a bit set: for permission `i` (in `PERMISSION_NAMES` order),
//! bit `2i` says it is set and bit `2i+1` gives its value.
//!
//! The cargo features select the exports: `sign` everything (the full build); `decode` and
//! `durations` the browser build's two small modules, one that decodes and one that parses
//! durations.

use std::borrow::Cow;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::contract::layout::{ABSENT, HEADER_BYTES, INPUT_BYTES, OVERSIZE, SLOTS};
use crate::contract::Field;
#[cfg(feature = "durations")]
use crate::duration;
use crate::error::Error;
#[cfg(feature = "decode")]
use crate::token;

#[cfg(feature = "sign")]
mod keys;
#[cfg(feature = "profile-hooks")]
mod profile;
#[cfg(feature = "sign")]
mod sign;

/// The header is read and written as `f64` cells: the buffer starts this many bytes early, so
/// that its aligned start can be found inside it.
const ALIGN: usize = 8;

thread_local! {
    /// Where the JS half writes a call's arguments ([`INPUT_BYTES`] from an 8-aligned start).
    /// Allocated once at its full size, so its address never changes and the JS half can keep
    /// a view of it.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The error of the last call that failed, until the JS half reads it.
    static LAST_ERROR: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// The JavaScript option for a field the core names `core` (`None`: the same name).
fn js_option(core: &str) -> Option<&'static str> {
    Some(match core {
        "secret" => "apiSecret",
        "api_key" => "apiKey",
        "room" => "roomId",
        "identity" => "participantName",
        "expires_in" => "expiresIn",
        "max_expires_in" => "maxExpiresIn",
        "leeway" => "clockTolerance",
        "now" => "currentDate",
        _ => return None,
    })
}

/// The input buffer proper (header and slots), inside the allocation.
fn input_of(buf: &mut [u8]) -> Option<&mut [u8]> {
    let start = buf.as_ptr().align_offset(ALIGN);
    buf.get_mut(start..start.checked_add(INPUT_BYTES)?)
}

/// The 8-aligned address of the input buffer ([`INPUT_BYTES`] bytes), allocating it on first
/// use.
#[wasm_bindgen]
pub fn raw_input_buffer() -> *const u8 {
    INPUT.with_borrow_mut(|buf| {
        if buf.len() != INPUT_BYTES + ALIGN {
            *buf = vec![0; INPUT_BYTES + ALIGN];
            if let Some(input) = input_of(buf) {
                wipe(input);
            }
        }
        input_of(buf).map_or(core::ptr::null(), |input| input.as_ptr())
    })
}

/// The last error, part by part: 0 code, 1 message, 2 field, 3 claim, 4 payload JSON (of a
/// token that failed only its time check), 5 reason. Any other part drops the error (the JS
/// half asks for the parts it needs, then drops it).
#[wasm_bindgen]
pub fn raw_error(part: u32) -> Option<String> {
    LAST_ERROR.with_borrow_mut(|slot| {
        let err = slot.as_ref()?;
        let text = match part {
            0 => Some(err.code().to_owned()),
            1 => Some(err.message()),
            2 => err.field().map(str::to_owned),
            3 => err.claim().map(str::to_owned),
            4 => err.payload_json().map(str::to_owned),
            5 => err.reason().map(str::to_owned),
            _ => {
                *slot = None;
                None
            }
        };
        text
    })
}

/// Keeps `err` for [`raw_error`], naming its option as JavaScript does.
fn fail<T>(err: Error) -> Option<T> {
    LAST_ERROR.with_borrow_mut(|slot| {
        *slot = Some(err.renamed(|core| js_option(core).map(Cow::Borrowed)))
    });
    None
}

/// Header cell `i` (see [`crate::contract::layout`]).
fn cell(input: &[u8], i: usize) -> f64 {
    let at = i * 8;
    input
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(f64::NAN, f64::from_le_bytes)
}

fn set_cell(input: &mut [u8], i: usize, value: f64) {
    let at = i * 8;
    if let Some(b) = input.get_mut(at..at + 8) {
        b.copy_from_slice(&value.to_le_bytes());
    }
}

/// Overwrites every byte the header says was written (whether or not the core read it), and
/// marks every field absent again. Not inlined: one copy serves every export (inlined, each
/// export carried its own unrolled loop, 10 KB of wasm).
#[inline(never)]
fn wipe(input: &mut [u8]) {
    for (i, &(offset, capacity)) in SLOTS.iter().enumerate() {
        let len = cell(input, 2 * i);
        let written = if len == OVERSIZE {
            capacity
        } else if len > 0.0 {
            // Any positive length: at most the slot (a NaN or huge one is clamped).
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let len = len as usize;
            len.min(capacity)
        } else {
            0
        };
        if let Some(bytes) = input.get_mut(offset..offset + written) {
            bytes.fill(0);
        }
        set_cell(input, 2 * i, ABSENT);
        set_cell(input, 2 * i + 1, f64::NAN);
    }
    core::hint::black_box(&input);
}

/// Runs `f` over the fields the JS half wrote, then overwrites every byte of them.
fn with_input<T>(f: impl FnOnce(&Fields<'_>) -> Result<T, Error>) -> Option<T> {
    let result = INPUT.with_borrow_mut(|buf| {
        let Some(input) = input_of(buf) else {
            return Err(Error::options("input", "was not allocated"));
        };
        let result = f(&Fields { input });
        wipe(input);
        result
    });
    result.map_or_else(fail, Some)
}

/// Reads the fields out of the input buffer.
struct Fields<'a> {
    input: &'a [u8],
}

impl<'a> Fields<'a> {
    /// The field's bytes; `None` when the caller gave none, the zeroed slot (one byte over the
    /// limit) when it was over the limit.
    #[inline(never)]
    fn bytes(&self, field: Field) -> Result<Option<&'a [u8]>, Error> {
        let (offset, capacity) = SLOTS.get(field as usize).copied().unwrap_or_default();
        let len = cell(self.input, 2 * field as usize);
        let len = if len == OVERSIZE {
            capacity
        } else if len >= 0.0 && len < capacity as f64 {
            // Whole (written by the JS half from `encodeInto`'s count) and below the capacity.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let len = len as usize;
            len
        } else {
            return Ok(None);
        };
        self.input
            .get(offset..offset + len)
            .map(Some)
            .ok_or(Error::options(field.name(), "is too long"))
    }

    /// The field as text (the JS half wrote well-formed UTF-8).
    fn text(&self, field: Field) -> Result<Option<&'a str>, Error> {
        self.bytes(field)?
            .map(|b| {
                core::str::from_utf8(b)
                    .map_err(|_| Error::options(field.name(), "is not valid text"))
            })
            .transpose()
    }

    #[cfg(feature = "decode")]
    fn required(&self, field: Field) -> Result<&'a str, Error> {
        self.text(field)?
            .ok_or(Error::options(field.name(), "is required"))
    }

    /// The field's number cell (NaN when absent).
    #[cfg(feature = "durations")]
    fn number(&self, field: Field) -> f64 {
        cell(self.input, 2 * field as usize + 1)
    }

    /// A duration field in whole seconds; `None` when absent.
    #[cfg(feature = "durations")]
    fn duration(&self, field: Field) -> Result<Option<i64>, Error> {
        let secs = self.number(field);
        match self.text(field)? {
            Some(text) => duration::parse_duration(text).map(Some),
            None if secs.is_nan() => Ok(None),
            None => duration::seconds_from_number(secs).map(Some),
        }
        .map_err(|e| e.for_field(field.name()))
    }
}

/// Decodes WITHOUT verifying: the header's JSON text (`part` 0) or the payload's (`part` 1).
/// Input: the token.
#[cfg(feature = "decode")]
#[wasm_bindgen]
pub fn raw_decode(part: u32) -> Option<String> {
    with_input(|input| {
        let token = input.required(Field::Token)?;
        token::decode_json(token).map(|(header, payload)| {
            if part == 0 {
                header.into_owned()
            } else {
                payload
            }
        })
    })
}

/// `parseDuration`: a duration in whole seconds; NaN on error. Input: the duration.
#[cfg(feature = "durations")]
#[wasm_bindgen]
pub fn raw_parse_duration() -> f64 {
    let result = with_input(|input| {
        input
            .duration(Field::Duration)?
            .ok_or(Error::options(Field::Duration.name(), "is required"))
    });
    // At most 12 digits times a year: exact in f64.
    #[allow(clippy::cast_precision_loss)]
    result.map_or(f64::NAN, |s| s as f64)
}

const _: () = assert!(HEADER_BYTES % ALIGN == 0);

/// The browser build's allocator: a free list (sorted, coalescing) of a few hundred bytes
/// of wasm, instead of std's dlmalloc (~5 KB, most of which a page never needs: the build
/// allocates the input buffer once and a few short strings per call). The spin lock costs
/// nothing on one thread and keeps the declaration free of `unsafe`.
#[cfg(not(feature = "sign"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
