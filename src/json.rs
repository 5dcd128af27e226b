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
//! Duplicate detection (`json/unique.rs`) and the writer (`json/write.rs`) live apart.

mod unique;
mod write;

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
    let mut reader = Reader::new(bytes)?;
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

/// Whether `bytes` is JSON (any value, not only an object; duplicates allowed) in which some
/// object, at any depth, has a member named `name` (compared after unescaping). For telling
/// JWKs and JWK Sets from secrets, however their names are spelled.
pub(crate) fn has_member_anywhere(bytes: &[u8], name: &str) -> bool {
    let Ok(mut reader) = Reader::new(bytes) else {
        return false;
    };
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

/// The reader's state: the text (valid UTF-8), a position, and the member names of the objects
/// being read (a stack: each object's names sit above its parent's until it ends).
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    keys: Vec<Cow<'a, str>>,
    duplicate: bool,
    /// For [`has_member_anywhere`].
    watch: Option<&'a str>,
    watched: bool,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Result<Self, JsonError> {
        Ok(Reader {
            text: core::str::from_utf8(bytes).map_err(|_| JsonError::Invalid)?,
            pos: 0,
            keys: Vec::new(),
            duplicate: false,
            watch: None,
            watched: false,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte, consumed.
    fn next(&mut self) -> Result<u8, JsonError> {
        let b = self.peek().ok_or(JsonError::Invalid)?;
        self.pos += 1;
        Ok(b)
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    /// RFC 8259 §2: space, tab, line feed, carriage return; nothing else.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn ws_then_end(&mut self) -> bool {
        self.ws();
        self.pos == self.text.len()
    }

    /// After the one value: only whitespace may follow; then a duplicate, if any, is reported.
    fn finish(&mut self) -> Result<(), JsonError> {
        if !self.ws_then_end() {
            return Err(JsonError::Invalid);
        }
        if self.duplicate {
            return Err(JsonError::Duplicate);
        }
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        if rest.starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    /// Opens a container at nesting `depth` (the outer object is 1).
    fn enter(depth: u32) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            Err(JsonError::Invalid)
        } else {
            Ok(())
        }
    }

    /// Reads an object whose `{` is next, at nesting `depth`.
    fn object<S: Sink<'a>>(&mut self, depth: u32, mut sink: S) -> Result<S, JsonError> {
        Self::enter(depth)?;
        self.expect(b'{')?;
        let base = self.keys.len();
        self.ws();
        if self.eat(b'}') {
            return Ok(sink);
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(JsonError::Invalid);
            }
            let key = self.string()?;
            if self.watch.is_some_and(|w| w == key) {
                self.watched = true;
            }
            self.ws();
            self.expect(b':')?;
            let mut member = Member {
                reader: self,
                depth,
                read: false,
            };
            sink.member(&key, &mut member)?;
            if !member.read {
                self.skip(depth)?;
            }
            self.keys.push(key);
            self.ws();
            match self.next()? {
                b',' => {}
                b'}' => break,
                _ => return Err(JsonError::Invalid),
            }
        }
        self.check_unique(base);
        Ok(sink)
    }

    /// Whether the object that just ended repeated a name; then forgets its names.
    fn check_unique(&mut self, base: usize) {
        if let Some(names) = self.keys.get_mut(base..) {
            if has_duplicate(names) {
                self.duplicate = true;
            }
        }
        self.keys.truncate(base);
    }

    /// Reads an array whose `[` is next, inside a container at nesting `depth`; whether every
    /// item is a string.
    fn array(&mut self, depth: u32) -> Result<bool, JsonError> {
        Self::enter(depth + 1)?;
        self.expect(b'[')?;
        self.ws();
        if self.eat(b']') {
            return Ok(true);
        }
        let mut all_strings = true;
        loop {
            self.ws();
            all_strings &= self.peek() == Some(b'"');
            self.skip(depth + 1)?;
            self.ws();
            match self.next()? {
                b',' => {}
                b']' => return Ok(all_strings),
                _ => return Err(JsonError::Invalid),
            }
        }
    }

    /// Reads any value inside a container at nesting `depth` (0 for the top level).
    fn scalar(&mut self, depth: u32) -> Result<Scalar<'a>, JsonError> {
        self.ws();
        Ok(match self.peek().ok_or(JsonError::Invalid)? {
            b'"' => Scalar::Str(self.string()?),
            b'{' => {
                self.object(depth + 1, SkipAll)?;
                Scalar::Object
            }
            b'[' => Scalar::Array {
                all_strings: self.array(depth)?,
            },
            b't' => self.literal("true").map(|()| Scalar::Bool(true))?,
            b'f' => self.literal("false").map(|()| Scalar::Bool(false))?,
            b'n' => self.literal("null").map(|()| Scalar::Null)?,
            _ => self.number()?,
        })
    }

    /// Consumes any value, validating it.
    fn skip(&mut self, depth: u32) -> Result<(), JsonError> {
        self.scalar(depth).map(drop)
    }

    /// A string whose `"` is next; borrowed from the text unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.expect(b'"')?;
        let start = self.pos;
        // The text is valid UTF-8 and we only stop at ASCII bytes, so every slice taken here
        // falls on character boundaries.
        loop {
            match self.next()? {
                b'"' => {
                    let s = self.text.get(start..self.pos - 1);
                    return s.map(Cow::Borrowed).ok_or(JsonError::Invalid);
                }
                b'\\' => break,
                // §7: control characters must be escaped.
                0..=0x1F => return Err(JsonError::Invalid),
                _ => {}
            }
        }
        let mut out = String::from(self.text.get(start..self.pos - 1).unwrap_or_default());
        loop {
            // Just after a backslash.
            match self.next()? {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => out.push(self.unicode_escape()?),
                _ => return Err(JsonError::Invalid),
            }
            let run = self.pos;
            loop {
                match self.next()? {
                    b'"' => {
                        out.push_str(self.text.get(run..self.pos - 1).unwrap_or_default());
                        return Ok(Cow::Owned(out));
                    }
                    b'\\' => break,
                    0..=0x1F => return Err(JsonError::Invalid),
                    _ => {}
                }
            }
            out.push_str(self.text.get(run..self.pos - 1).unwrap_or_default());
        }
    }

    /// The character of a `\uXXXX` escape (after the `u`), with its low surrogate if it is a
    /// high one (§7: a character outside the BMP is a pair of escapes). Lone surrogates are
    /// refused: they are no Unicode scalar value, and no UTF-8 string can hold one.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                self.expect(b'\\')?;
                self.expect(b'u')?;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(JsonError::Invalid);
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            _ => first,
        };
        char::from_u32(code).ok_or(JsonError::Invalid)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = char::from(self.next()?)
                .to_digit(16)
                .ok_or(JsonError::Invalid)?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// Consumes a run of ASCII digits; how many.
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite as a double.
    fn number(&mut self) -> Result<Scalar<'a>, JsonError> {
        let negative = self.eat(b'-');
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JsonError::Invalid),
        }
        let int_end = self.pos;
        let mut frac = int_end..int_end;
        if self.eat(b'.') {
            let start = self.pos;
            if self.digits() == 0 {
                return Err(JsonError::Invalid);
            }
            frac = start..self.pos;
        }
        let mut exponent: i64 = 0;
        let mut has_exponent = false;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            has_exponent = true;
            let exp_negative = match self.peek() {
                Some(b'-') => {
                    self.pos += 1;
                    true
                }
                Some(b'+') => {
                    self.pos += 1;
                    false
                }
                _ => false,
            };
            let start = self.pos;
            if self.digits() == 0 {
                return Err(JsonError::Invalid);
            }
            for d in self
                .text
                .as_bytes()
                .get(start..self.pos)
                .unwrap_or_default()
            {
                // Saturates far beyond any exponent that matters (the text is at most 16 KiB).
                exponent = (exponent * 10 + i64::from(d - b'0')).min(1 << 40);
            }
            if exp_negative {
                exponent = -exponent;
            }
        }
        let bytes = self.text.as_bytes();
        let int = bytes.get(int_start..int_end).unwrap_or_default();
        let frac = bytes.get(frac).unwrap_or_default();
        if !is_finite(int, frac, exponent) {
            return Err(JsonError::Invalid);
        }
        if !frac.is_empty() || has_exponent || (negative && int == b"0") {
            return Ok(Scalar::Float);
        }
        // Accumulated towards the sign so that i64::MIN fits.
        let mut value: i64 = 0;
        for d in int {
            let d = i64::from(d - b'0');
            let next = value.checked_mul(10).and_then(|v| {
                if negative {
                    v.checked_sub(d)
                } else {
                    v.checked_add(d)
                }
            });
            match next {
                Some(v) => value = v,
                None => return Ok(Scalar::BigInt),
            }
        }
        Ok(Scalar::Int(value))
    }
}

/// The decimal digits of the smallest magnitude that rounds to infinity as an IEEE 754
/// double: 2^1024 − 2^970, halfway between `f64::MAX` (2^1024 − 2^971) and 2^1024; a tie rounds
/// to the even significand, which is 2^1024 (IEEE 754 §4.3.1 roundTiesToEven). 309 digits, so
/// the threshold is 0.D × 10^309. Checked against the standard library's parser in the tests.
const OVERFLOW_DIGITS: &[u8; 309] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the number with integer digits `int`, fraction digits `frac` and decimal exponent
/// `exponent` is finite as a double (round to nearest, ties to even), decided exactly on the
/// digits: no float parsing (which would be correct only if it were correctly rounded, and
/// links a large parser into the wasm).
fn is_finite(int: &[u8], frac: &[u8], exponent: i64) -> bool {
    let digits = || int.iter().chain(frac.iter()).copied();
    let Some(leading_zeros) = digits().position(|d| d != b'0') else {
        return true; // zero
    };
    // value = 0.(significant digits) × 10^magnitude
    let int_len = i64::try_from(int.len()).unwrap_or(i64::MAX);
    let leading = i64::try_from(leading_zeros).unwrap_or(i64::MAX);
    let magnitude = int_len - leading + exponent;
    match magnitude.cmp(&309) {
        core::cmp::Ordering::Less => true,
        core::cmp::Ordering::Greater => false,
        core::cmp::Ordering::Equal => {
            // Compare the significant digits with the threshold's, padding ours with zeros.
            let mut ours = digits().skip(leading_zeros);
            for &t in OVERFLOW_DIGITS {
                let d = ours.next().unwrap_or(b'0');
                if d != t {
                    return d < t;
                }
            }
            false // equal to the threshold in its 309 digits: at or above it
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &[u8]) -> Result<(), JsonError> {
        read_object(text, SkipAll).map(drop)
    }

    fn scalar(text: &str) -> Scalar<'_> {
        struct One<'a>(Option<Scalar<'a>>);
        impl<'a> Sink<'a> for One<'a> {
            fn member(&mut self, _: &str, v: &mut Member<'_, 'a>) -> Result<(), JsonError> {
                self.0 = Some(v.scalar()?);
                Ok(())
            }
        }
        let wrapped = format!("{{\"v\":{text}}}");
        let leaked: &'static str = Box::leak(wrapped.into_boxed_str());
        read_object(leaked.as_bytes(), One(None))
            .unwrap()
            .0
            .unwrap()
    }

    #[test]
    fn accepts_and_refuses() {
        use JsonError::*;
        let cases: &[(&[u8], Result<(), JsonError>)] = &[
            (br#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#, Ok(())),
            (b" {} ", Ok(())),
            (b"\t\r\n{}\n", Ok(())),
            (br#"{"a":1,"a":2}"#, Err(Duplicate)),
            (br#"{"x":{"a":1,"a":1}}"#, Err(Duplicate)),
            (br#"{"x":[{"a":1,"a":1}]}"#, Err(Duplicate)),
            (br#"{"\u0061":1,"a":2}"#, Err(Duplicate)),
            (br#"{"a":{"b":1},"b":{"a":1}}"#, Ok(())),
            (br#"{"a":{"a":{"a":1}}}"#, Ok(())),
            (br#"{"b":1,"a":2,"c":3,"a":4}"#, Err(Duplicate)),
            // Invalid beats Duplicate, wherever each is.
            (br#"{"a":1,"a":2,}"#, Err(Invalid)),
            (br#"{"a":1,"a":2} x"#, Err(Invalid)),
            // Duplicate beats NotObject.
            (br#"[{"a":1,"a":2}]"#, Err(Duplicate)),
            (b"[]", Err(NotObject)),
            (b"\"x\"", Err(NotObject)),
            (b"1", Err(NotObject)),
            (b"null", Err(NotObject)),
            (b"true", Err(NotObject)),
            (b"[1,", Err(Invalid)),
            (b"", Err(Invalid)),
            (b"   ", Err(Invalid)),
            (b"{", Err(Invalid)),
            (b"{}{}", Err(Invalid)),
            (b"{} x", Err(Invalid)),
            (b"\xEF\xBB\xBF{}", Err(Invalid)),
            (b"{\"a\":\"\xff\"}", Err(Invalid)),
            (b"[\"\xff\"]", Err(Invalid)),
            (b"{\"a\":\"\xc3\"}", Err(Invalid)),
            (b"{'a':1}", Err(Invalid)),
            (b"{a:1}", Err(Invalid)),
            (b"{\"a\":NaN}", Err(Invalid)),
            (b"{\"a\":Infinity}", Err(Invalid)),
            (b"{\"a\":01}", Err(Invalid)),
            (b"{\"a\":1.}", Err(Invalid)),
            (b"{\"a\":.5}", Err(Invalid)),
            (b"{\"a\":1e}", Err(Invalid)),
            (b"{\"a\":1e+}", Err(Invalid)),
            (b"{\"a\":+1}", Err(Invalid)),
            (b"{\"a\":-}", Err(Invalid)),
            (b"{\"a\":0x10}", Err(Invalid)),
            (b"{\"a\":tru}", Err(Invalid)),
            (b"{\"a\":True}", Err(Invalid)),
            (b"{\"a\":nul}", Err(Invalid)),
            (b"{\"a\":1,}", Err(Invalid)),
            (b"{,}", Err(Invalid)),
            (b"{\"a\"}", Err(Invalid)),
            (b"{\"a\" 1}", Err(Invalid)),
            (b"{\"a\":[1,]}", Err(Invalid)),
            (b"{\"a\":[,1]}", Err(Invalid)),
            (b"{\"a\":[1 2]}", Err(Invalid)),
            (b"{\"a\":\"\t\"}", Err(Invalid)),
            (b"{\"a\":\"\x00\"}", Err(Invalid)),
            (b"{\"a\":\"\x7f\"}", Ok(())),
            (b"{\"a\":\"\\x\"}", Err(Invalid)),
            (b"{\"a\":\"\\u12\"}", Err(Invalid)),
            (b"{\"a\":\"\\u12G4\"}", Err(Invalid)),
            (b"{\"a\":\"\\\"}", Err(Invalid)),
            (b"{\"a\":\"unterminated}", Err(Invalid)),
            (b"{\"a\":\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"}", Ok(())),
            (b"\x0c{}", Err(Invalid)),
            (b"\xc2\xa0{}", Err(Invalid)),
            (b"{\"a\":1}\x00", Err(Invalid)),
            (br#"{"a":1.5e300,"b":-0,"c":"\ud800"}"#, Err(Invalid)),
            (br#"{"a":"\udc00"}"#, Err(Invalid)),
            (br#"{"a":"\ud800\u0041"}"#, Err(Invalid)),
            (br#"{"a":"\ud800\ud800"}"#, Err(Invalid)),
            (br#"{"a":"\ud800x"}"#, Err(Invalid)),
            (br#"{"a":"\ud83c\udfa5","b":["\udfa5"]}"#, Err(Invalid)),
            (br#"{"a":"\ud83c\udfa5","b":"\u00e9"}"#, Ok(())),
            (
                br#"{"a":1.5e300,"b":[1e-400,-2.5E+3],"c":{"d":1e400}}"#,
                Err(Invalid),
            ),
            (br#"{"a":1.5e300,"b":[1e-400,-2.5E+3]}"#, Ok(())),
            (br#"{"a":-1e400}"#, Err(Invalid)),
            (br#"{"a":0e999999999999999999999}"#, Ok(())),
            (br#"{"a":1e-999999999999999999999}"#, Ok(())),
            (br#"{"a":1e999999999999999999999}"#, Err(Invalid)),
        ];
        for (text, expected) in cases {
            assert_eq!(kind(text), *expected, "{:?}", String::from_utf8_lossy(text));
            // parse_object agrees and builds a map exactly when the reader accepts.
            assert_eq!(parse_object(text).map(drop), *expected);
        }
    }

    #[test]
    fn depth() {
        // The outer object is level 1: 126 arrays inside it make 127 levels, accepted.
        for (depth, ok) in [
            (125, true),
            (126, true),
            (127, false),
            (128, false),
            (10_000, false),
        ] {
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let text = format!("{{\"a\":{}1{}}}", open.repeat(depth), close.repeat(depth));
                let expected = if ok { Ok(()) } else { Err(JsonError::Invalid) };
                assert_eq!(kind(text.as_bytes()), expected, "{depth} {open}");
                // serde_json's limit is the same, so `decode` can build what we accept.
                assert_eq!(
                    serde_json::from_str::<Value>(&text).is_ok(),
                    ok,
                    "serde_json at {depth}"
                );
            }
        }
        let top_array = format!("{}1{}", "[".repeat(127), "]".repeat(127));
        assert_eq!(kind(top_array.as_bytes()), Err(JsonError::NotObject));
        let top_array = format!("{}1{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(kind(top_array.as_bytes()), Err(JsonError::Invalid));
    }

    #[test]
    fn scalars() {
        assert_eq!(scalar("1700000000"), Scalar::Int(1_700_000_000));
        assert_eq!(scalar("-5"), Scalar::Int(-5));
        assert_eq!(scalar("0"), Scalar::Int(0));
        assert_eq!(scalar("9223372036854775807"), Scalar::Int(i64::MAX));
        assert_eq!(scalar("-9223372036854775808"), Scalar::Int(i64::MIN));
        assert_eq!(scalar("9223372036854775808"), Scalar::BigInt);
        assert_eq!(scalar("-9223372036854775809"), Scalar::BigInt);
        assert_eq!(scalar("99999999999999999999999"), Scalar::BigInt);
        assert_eq!(scalar("1.0"), Scalar::Float);
        assert_eq!(scalar("-0"), Scalar::Float);
        assert_eq!(scalar("-0.0"), Scalar::Float);
        assert_eq!(scalar("1e9"), Scalar::Float);
        assert_eq!(scalar("1E+9"), Scalar::Float);
        assert_eq!(scalar("\"1\""), Scalar::Str("1".into()));
        assert_eq!(scalar("\"\\u0061\""), Scalar::Str("a".into()));
        assert_eq!(scalar("\"a\\nb\\u00e9c\""), Scalar::Str("a\nbéc".into()));
        assert_eq!(scalar("\"\\ud83c\\udfa5\""), Scalar::Str("🎥".into()));
        assert_eq!(scalar("null"), Scalar::Null);
        assert_eq!(scalar("true"), Scalar::Bool(true));
        assert_eq!(scalar("false"), Scalar::Bool(false));
        assert_eq!(scalar("[\"a\",\"b\"]"), Scalar::Array { all_strings: true });
        assert_eq!(scalar("[\"a\",1]"), Scalar::Array { all_strings: false });
        assert_eq!(scalar("[]"), Scalar::Array { all_strings: true });
        assert_eq!(scalar("{\"a\":1}"), Scalar::Object);
        assert!(matches!(
            scalar("\"plain\""),
            Scalar::Str(Cow::Borrowed("plain"))
        ));
    }

    /// The overflow threshold's digits are 2^1024 - 2^970, and the exact check agrees with
    /// the standard library's (correctly rounded) parser around it and elsewhere.
    #[test]
    fn finiteness_is_exact() {
        // 2^1024 - 2^970 in decimal, by long multiplication on digit vectors.
        fn pow2(n: u32) -> Vec<u8> {
            let mut digits = vec![1u8]; // little-endian
            for _ in 0..n {
                let mut carry = 0;
                for d in &mut digits {
                    let v = *d * 2 + carry;
                    *d = v % 10;
                    carry = v / 10;
                }
                if carry > 0 {
                    digits.push(carry);
                }
            }
            digits
        }
        let (a, b) = (pow2(1024), pow2(970));
        let mut diff = Vec::new();
        let mut borrow = 0i8;
        for (i, &x) in a.iter().enumerate() {
            let mut v = x as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
            borrow = i8::from(v < 0);
            if v < 0 {
                v += 10;
            }
            diff.push(b'0' + v as u8);
        }
        while diff.last() == Some(&b'0') {
            diff.pop();
        }
        diff.reverse();
        assert_eq!(&diff[..], &OVERFLOW_DIGITS[..]);

        let t = std::str::from_utf8(OVERFLOW_DIGITS).unwrap();
        let below = {
            let mut d = OVERFLOW_DIGITS.to_vec();
            *d.last_mut().unwrap() -= 1;
            String::from_utf8(d).unwrap()
        };
        let probes = [
            t.to_owned(),
            below.clone(),
            format!("{t}0"),
            format!("{below}9999"),
            format!("{}.{}", &t[..1], &t[1..]) + "e308",
            format!("{}.{}", &below[..1], &below[1..]) + "e308",
            format!("0.{below}e309"),
            format!("0.000{t}e312"),
            "1.7976931348623157e308".into(),
            "1.7976931348623158e308".into(),
            "1.7976931348623159e308".into(),
            "1.797693134862315807e308".into(),
            "1.797693134862315808e308".into(),
            "17976931348623158e292".into(),
            "1e308".into(),
            "1e309".into(),
            "-1e309".into(),
            "10e307".into(),
            "100e307".into(),
            "0.1e309".into(),
            "0.2e309".into(),
            "4.9e-324".into(),
            "1e-400".into(),
        ];
        for probe in probes {
            let expected = probe.parse::<f64>().unwrap().is_finite();
            let text = format!("{{\"v\":{probe}}}");
            assert_eq!(kind(text.as_bytes()).is_ok(), expected, "{probe}");
            // serde_json (float_roundtrip) draws the line at the same place, so `decode`
            // builds every map the reader accepts.
            assert_eq!(
                serde_json::from_str::<Value>(&text).is_ok(),
                expected,
                "serde_json {probe}"
            );
        }
    }

    #[test]
    fn member_anywhere() {
        assert!(has_member_anywhere(br#"{"kty":"RSA"}"#, "kty"));
        assert!(has_member_anywhere(br#"{"k\u0074y":"RSA"}"#, "kty"));
        assert!(has_member_anywhere(br#"[{"kty":"RSA"}]"#, "kty"));
        assert!(has_member_anywhere(br#"{"keys":[{"kty":"RSA"}]}"#, "kty"));
        assert!(has_member_anywhere(br#"{"kty":1,"kty":2}"#, "kty"));
        assert!(!has_member_anywhere(br#"{"a":"kty"}"#, "kty"));
        assert!(!has_member_anywhere(br#"{"kty":1"#, "kty"));
        assert!(!has_member_anywhere(b"kty", "kty"));
    }

    #[test]
    fn radix_duplicate_detection_agrees_with_sorting() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut rng = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Names over a tiny alphabet with lengths around the 8-byte digits, NUL included, so
        // that prefixes, padding and long shared runs all occur.
        for n in 0..200usize {
            for _ in 0..10 {
                let names: Vec<Cow<'_, str>> = (0..n)
                    .map(|_| {
                        let len = (rng() % 20) as usize;
                        let prefix = "p".repeat((rng() % 3) as usize * 8);
                        let tail: String = (0..len)
                            .map(|_| ['a', 'b', '\0'][(rng() % 3) as usize])
                            .collect();
                        Cow::Owned(prefix + &tail)
                    })
                    .collect();
                let mut sorted = names.clone();
                sorted.sort();
                let expected = sorted.windows(2).any(|w| w[0] == w[1]);
                assert_eq!(has_duplicate(&names), expected, "{names:?}");
            }
        }
    }

    #[test]
    fn duplicate_detection_is_not_quadratic_in_names() {
        // Many members, all distinct, and nested objects reusing the names: no false positives.
        let mut text = String::from("{");
        for i in 0..2000 {
            text.push_str(&format!("\"k{i}\":{{\"k{i}\":{i}}},"));
        }
        text.push_str("\"last\":0}");
        assert_eq!(kind(text.as_bytes()), Ok(()));
        let dup = text.replace("\"last\"", "\"k1999\"");
        assert_eq!(kind(dup.as_bytes()), Err(JsonError::Duplicate));
    }
}
