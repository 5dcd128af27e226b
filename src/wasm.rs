//! The Rust half of the JavaScript boundary: the only Rust module that knows JavaScript.
//!
//! The JS half (`pkg-template/src/boundary.js`, called by `token.js`) checks JavaScript
//! types, reads the clock, runs the browser guard, and then writes every string and byte
//! argument of a call straight into [`INPUT`], a buffer this module owns, with one native
//! `TextEncoder.encodeInto` (or `Uint8Array.prototype.set`) per field, each bounded by the
//! field's limit from [`crate::contract`] before a byte is copied. The call itself carries
//! only numbers: the byte length of each field in order (`-1` when absent), flags, durations
//! and times. So:
//! - no argument is ever copied by generated glue: nothing allocates, reallocates or frees a
//!   copy of the secret, and wasm memory cannot be grown by an option (it is sized once);
//! - every input byte this call received, secret included, is overwritten before it returns.
//!
//! Results come back as strings (a token, or a header/payload JSON text). Errors do not throw
//! across the boundary: a function returns `None`/`NaN`, keeps the error, and the JS half reads
//! it with [`raw_error`] and throws `IsometrikTokenError` with the core's code and message.
//! The mapping between the core's names and the JS option names lives here and only here.
//!
//! Conventions: a duration arrives as `(seconds, text)`: `text` when the caller gave a string,
//! else `seconds` (NaN when the option was absent). Times are milliseconds since the epoch.
//! Permissions arrive as a bit set: for permission `i` (in `PERMISSION_NAMES` order), bit `2i`
//! says it is set and bit `2i+1` gives its value.
//!
//! With the cargo feature `sign` off, only decoding is exported (the browser build).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::contract::{max_bytes, INPUT_CAPACITY, MAX_INPUT_LEN};
use crate::duration;
use crate::error::Error;
use crate::token;

#[cfg(feature = "sign")]
mod keys;
#[cfg(feature = "sign")]
mod sign;

/// Past the [`INPUT_CAPACITY`] bytes the JS half writes, the buffer keeps this many zero bytes
/// that nothing writes: what stands in for an input the JS half found too long to copy (length
/// [`OVERSIZE`]) is its limit + 1 of them, so that the core refuses it with its own error and in
/// its own order (a bad room is still reported before a too-long metadata).
const OVERSIZE_TAIL: usize = MAX_INPUT_LEN + 1;

/// The length the JS half passes for an input over its limit (`-1` means absent).
const OVERSIZE: i32 = -2;

thread_local! {
    /// Where the JS half writes a call's arguments. Allocated once at its full size, so its
    /// address never changes and the JS half can keep a view of it.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The error of the last call that failed, until the JS half reads it.
    static LAST_ERROR: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// The address of the input buffer ([`INPUT_CAPACITY`] bytes), allocating it on first use.
#[wasm_bindgen]
pub fn raw_input_buffer() -> *const u8 {
    INPUT.with_borrow_mut(|buf| {
        if buf.len() != INPUT_CAPACITY + OVERSIZE_TAIL {
            *buf = vec![0; INPUT_CAPACITY + OVERSIZE_TAIL];
        }
        buf.as_ptr()
    })
}

/// The last error, part by part: 0 code, 1 message, 2 field, 3 claim, 4 payload JSON (of a
/// token that failed only its time check), 5 reason. Any other part drops the error (the JS half asks
/// for the parts it needs, then drops it).
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

/// Keeps `err` for [`raw_error`].
fn fail<T>(err: Error) -> Option<T> {
    LAST_ERROR.with_borrow_mut(|slot| *slot = Some(err));
    None
}

/// Runs `f` over the fields the JS half wrote, then overwrites every byte of them.
fn with_input<T>(f: impl FnOnce(&mut Fields<'_>) -> Result<T, Error>) -> Option<T> {
    let result = INPUT.with_borrow_mut(|buf| {
        let mut fields = Fields { buf, used: 0 };
        let result = f(&mut fields);
        let used = fields.used;
        if let Some(bytes) = buf.get_mut(..used) {
            bytes.fill(0);
        } else {
            buf.fill(0);
        }
        core::hint::black_box(&buf);
        result
    });
    result.map_or_else(fail, Some)
}

/// Reads consecutive fields out of the input buffer.
struct Fields<'a> {
    buf: &'a [u8],
    used: usize,
}

impl<'a> Fields<'a> {
    /// The next field's bytes; `None` when `len` is negative (the option was absent), a
    /// stand-in over the limit when it is [`OVERSIZE`].
    fn bytes(&mut self, len: i32, field: &'static str) -> Result<Option<&'a [u8]>, Error> {
        if len == OVERSIZE {
            let over = max_bytes(field).unwrap_or(MAX_INPUT_LEN).saturating_add(1);
            return Ok(self
                .buf
                .get(INPUT_CAPACITY..INPUT_CAPACITY.saturating_add(over)));
        }
        let Ok(len) = usize::try_from(len) else {
            return Ok(None);
        };
        let end = self.used.saturating_add(len);
        let bytes = self
            .buf
            .get(..INPUT_CAPACITY)
            .and_then(|written| written.get(self.used..end))
            .ok_or(Error::options(field, "is too long"))?;
        self.used = end;
        Ok(Some(bytes))
    }

    /// The next field as text (the JS half wrote well-formed UTF-8).
    fn text(&mut self, len: i32, field: &'static str) -> Result<Option<&'a str>, Error> {
        self.bytes(len, field)?
            .map(|b| {
                core::str::from_utf8(b).map_err(|_| Error::options(field, "is not valid text"))
            })
            .transpose()
    }

    fn required(&mut self, len: i32, field: &'static str) -> Result<&'a str, Error> {
        self.text(len, field)?
            .ok_or(Error::options(field, "is required"))
    }
}

/// A duration option as the JS half passes it; `None` when absent.
fn seconds_of(field: &'static str, secs: f64, text: Option<&str>) -> Result<Option<i64>, Error> {
    match text {
        Some(text) => duration::parse_duration(text).map(Some),
        None if secs.is_nan() => Ok(None),
        None => duration::seconds_from_number(secs).map(Some),
    }
    .map_err(|e| e.for_field(field))
}

/// Decodes WITHOUT verifying: the header's JSON text (`part` 0) or the payload's (`part` 1).
/// Input: the token.
#[wasm_bindgen]
pub fn raw_decode(token_len: i32, part: u32) -> Option<String> {
    with_input(|input| {
        let token = input.required(token_len, "token")?;
        token::decode_json(token).map(|(header, payload)| {
            if part == 0 {
                header.into_owned()
            } else {
                payload
            }
        })
    })
}

/// `parseDuration`: a duration in whole seconds; NaN on error. Input: the duration text, if
/// the caller gave a string.
#[wasm_bindgen]
pub fn raw_parse_duration(text_len: i32, secs: f64) -> f64 {
    let field = "duration";
    let result = with_input(|input| {
        let text = input.text(text_len, field)?;
        seconds_of(field, secs, text)?.ok_or(Error::options(field, "is required"))
    });
    // At most 12 digits times a year: exact in f64.
    #[allow(clippy::cast_precision_loss)]
    result.map_or(f64::NAN, |s| s as f64)
}
