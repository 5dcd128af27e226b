//! The one strict JSON reader for token segments (RFC 8259), over bytes, with no serde on the
//! way: the header and claim readers get each member as it is read, and nothing else is built.
//!
//! Strictness: UTF-8 (checked first, over the whole segment), no byte order mark, only the four
//! JSON whitespace bytes (RFC 8259 §2), one value and nothing after it, escapes exactly as in
//! §7 with surrogate pairs only in pairs (a lone `\ud800` is refused, as serde_json refuses it),
//! numbers exactly as in §6 and finite as IEEE 754 doubles (`1e400` is refused: §6 lets
//! implementations limit range, and a number one reader takes for infinity is one two readers
//! can disagree about), nesting at most [`MAX_DEPTH`] arrays/objects, and no member name twice
//! in one object at any depth, compared after unescaping (`"a"` and `"\u0061"` are the same).
//!
//! When a text breaks several rules, the kind reported does not depend on where the faults are:
//! not JSON at all ([`JsonError::Invalid`]) beats a duplicate name ([`JsonError::Duplicate`]),
//! which beats valid JSON that is not an object ([`JsonError::NotObject`]).
//!
//! Cost is linear in the input, duplicate detection included: each object's member names are
//! radix-sorted once when the object ends and neighbours compared ([`has_duplicate`]). No
//! hashing, so no seed to guess, and no comparison of every name with every earlier one.
//!
//! Files: this one (the types and entry points), `json/reader.rs` (the reader's state
//! machine), `json/number.rs` (numbers, finite as doubles), `json/unique.rs` (duplicate
//! detection), `json/write.rs` (the writer), `json/tests.rs`.

mod number;
mod reader;
mod unique;
mod write;

use reader::Reader;
use std::borrow::Cow;
use unique::has_duplicate;
pub(crate) use write::{write_int, write_string};

use serde_json::{Map, Value};

/// The deepest nesting of arrays and objects accepted, the outer object counting as 1; the
/// same limit serde_json's recursion guard gives (128 levels refused), so that the Rust
/// `decode`, which builds its `Map` with serde_json after this reader has accepted the text,
/// can never refuse what this reader accepts.
pub(crate) const MAX_DEPTH: u32 = 127;

/// Why a segment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not valid JSON (or not UTF-8, or nested too deep).
    Invalid,
    /// Valid JSON, but not an object.
    NotObject,
    /// The same member name twice in one object.
    Duplicate,
}

/// One member value as the claim and header readers need it: scalars kept, containers
/// consumed (and validated like everything else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    /// An integer beyond `i64` (either sign).
    BigInt,
    /// A number with a fraction or exponent, or `-0`.
    Float,
    Bool(bool),
    Null,
    Array {
        /// Whether every item is a string (for `aud`).
        all_strings: bool,
    },
    Object,
}

impl<'a> Scalar<'a> {
    pub(crate) fn into_string(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Receives the members of an object, in document order. A member whose value the sink does
/// not read through its [`Member`] is skipped (and still validated).
///
/// If the text turns out to be refused (a syntax error or a duplicate name later on), the
/// sink is dropped: what it saw must not be used.
pub(crate) trait Sink<'a> {
    fn member(&mut self, key: &str, value: &mut Member<'_, 'a>) -> Result<(), JsonError>;
}

/// A sink that only validates.
pub(crate) struct SkipAll;

impl<'a> Sink<'a> for SkipAll {
    fn member(&mut self, _: &str, _: &mut Member<'_, 'a>) -> Result<(), JsonError> {
        Ok(())
    }
}

/// The value of one member, not yet read.
pub(crate) struct Member<'r, 'a> {
    reader: &'r mut Reader<'a>,
    /// Nesting of the object holding this member.
    depth: u32,
    read: bool,
}

impl<'a> Member<'_, 'a> {
    /// Reads the value as a [`Scalar`].
    pub(crate) fn scalar(&mut self) -> Result<Scalar<'a>, JsonError> {
        self.read = true;
        self.reader.scalar(self.depth)
    }

    /// Reads the value member by member into `sink` if it is an object; `None` if it is not
    /// (it is still consumed and validated).
    pub(crate) fn object<S: Sink<'a>>(&mut self, sink: S) -> Result<Option<S>, JsonError> {
        self.read = true;
        self.reader.ws();
        if self.reader.peek() == Some(b'{') {
            self.reader.object(self.depth + 1, sink).map(Some)
        } else {
            self.reader.skip(self.depth).map(|()| None)
        }
    }
}

/// Reads `bytes` as one JSON object, handing each member to `sink`.
pub(crate) fn read_object<'a, S: Sink<'a>>(bytes: &'a [u8], sink: S) -> Result<S, JsonError> {
    read_object_str(utf8(bytes)?, sink)
}

/// [`read_object`] over a text already known to be UTF-8: a caller that needs the text as a
/// `String` anyway checks the bytes once, when it makes the `String`.
pub(crate) fn read_object_str<'a, S: Sink<'a>>(text: &'a str, sink: S) -> Result<S, JsonError> {
    let mut reader = Reader::new(text);
    reader.ws();
    let sink = if reader.peek() == Some(b'{') {
        Some(reader.object(1, sink)?)
    } else {
        reader.skip(0)?;
        None
    };
    reader.finish()?;
    sink.ok_or(JsonError::NotObject)
}

/// The text of `bytes`; a text that is not UTF-8 is not JSON (RFC 8259 §8.1).
fn utf8(bytes: &[u8]) -> Result<&str, JsonError> {
    core::str::from_utf8(bytes).map_err(|_| JsonError::Invalid)
}

/// Whether `bytes` is JSON (any value, not only an object; duplicates allowed) in which some
/// object, at any depth, has a member named `name` (compared after unescaping). For telling
/// JWKs and JWK Sets from secrets, however their names are spelled.
pub(crate) fn has_member_anywhere(bytes: &[u8], name: &str) -> bool {
    let Ok(text) = utf8(bytes) else {
        return false;
    };
    let mut reader = Reader::new(text);
    reader.watch = Some(name);
    reader.skip(0).is_ok() && reader.ws_then_end() && reader.watched
}

/// Parses `bytes` as one JSON object (rules above) into a `serde_json` map, for the Rust
/// `decode` API. The text is checked by this reader first, so serde_json only ever sees texts
/// it accepts too (same depth limit, no duplicate names for it to resolve).
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    read_object(bytes, SkipAll)?;
    serde_json::from_slice(bytes).map_err(|_| JsonError::Invalid)
}

#[cfg(test)]
mod tests;
