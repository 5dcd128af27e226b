//! The reader's state machine: objects, arrays, strings and literals (numbers are in
//! `number.rs`), over a text already known to be UTF-8 (a `&str`).

use std::borrow::Cow;

use super::{has_duplicate, JsonError, Member, Scalar, Sink, SkipAll, MAX_DEPTH};
use crate::word::{has_byte, has_byte_below};

/// The reader's state: the text (valid UTF-8), a position, and the member names of the objects
/// being read (a stack: each object's names sit above its parent's until it ends).
pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
    pub(super) keys: Vec<Cow<'a, str>>,
    pub(super) duplicate: bool,
    /// For [`has_member_anywhere`].
    pub(super) watch: Option<&'a str>,
    pub(super) watched: bool,
}

impl<'a> Reader<'a> {
    /// A reader of `text`, already known to be UTF-8 (a `&str`).
    pub(super) fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            // A token's objects have a handful of members: room for them from the start.
            keys: Vec::with_capacity(16),
            duplicate: false,
            watch: None,
            watched: false,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte, consumed.
    pub(super) fn next(&mut self) -> Result<u8, JsonError> {
        let b = self.peek().ok_or(JsonError::Invalid)?;
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    pub(super) fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    /// RFC 8259 §2: space, tab, line feed, carriage return; nothing else.
    pub(super) fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    pub(super) fn ws_then_end(&mut self) -> bool {
        self.ws();
        self.pos == self.text.len()
    }

    /// After the one value: only whitespace may follow; then a duplicate, if any, is reported.
    pub(super) fn finish(&mut self) -> Result<(), JsonError> {
        if !self.ws_then_end() {
            return Err(JsonError::Invalid);
        }
        if self.duplicate {
            return Err(JsonError::Duplicate);
        }
        Ok(())
    }

    pub(super) fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        if rest.starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    /// Opens a container at nesting `depth` (the outer object is 1).
    pub(super) fn enter(depth: u32) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            Err(JsonError::Invalid)
        } else {
            Ok(())
        }
    }

    /// Reads an object whose `{` is next, at nesting `depth`.
    pub(super) fn object<S: Sink<'a>>(&mut self, depth: u32, mut sink: S) -> Result<S, JsonError> {
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
    pub(super) fn check_unique(&mut self, base: usize) {
        if let Some(names) = self.keys.get_mut(base..) {
            if has_duplicate(names) {
                self.duplicate = true;
            }
        }
        self.keys.truncate(base);
    }

    /// Reads an array whose `[` is next, inside a container at nesting `depth`; whether every
    /// item is a string.
    pub(super) fn array(&mut self, depth: u32) -> Result<bool, JsonError> {
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
    pub(super) fn scalar(&mut self, depth: u32) -> Result<Scalar<'a>, JsonError> {
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
    pub(super) fn skip(&mut self, depth: u32) -> Result<(), JsonError> {
        self.scalar(depth).map(drop)
    }

    /// A string whose `"` is next; borrowed from the text unless it has escapes.
    pub(super) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.expect(b'"')?;
        let (first, stop) = self.run()?;
        if stop == b'"' {
            return Ok(Cow::Borrowed(first));
        }
        let mut out = String::from(first);
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
            let (run, stop) = self.run()?;
            out.push_str(run);
            if stop == b'"' {
                return Ok(Cow::Owned(out));
            }
        }
    }

    /// The characters of a string up to its next `"` or `\\` (consumed, and returned as the
    /// second value). §7: control characters must be escaped, so one is an error, as is the end
    /// of the text. The full build scans the bytes 8 at a time while none of them can stop
    /// the run ([`stops_run`]), then one at a time (the decode-only build, which is built for
    /// bytes, scans one at a time: ~300 bytes of wasm less); the text is valid UTF-8 and the scan stops only at
    /// ASCII bytes, so the run falls on character boundaries.
    fn run(&mut self) -> Result<(&'a str, u8), JsonError> {
        let text = self.text;
        let rest = text.as_bytes().get(self.pos..).unwrap_or_default();
        let mut plain = 0;
        let words = if cfg!(feature = "sign") { rest } else { &[] };
        for chunk in words.chunks_exact(8) {
            match <[u8; 8]>::try_from(chunk) {
                Ok(word) if !stops_run(u64::from_le_bytes(word)) => plain += 8,
                _ => break,
            }
        }
        let len = plain
            + rest
                .get(plain..)
                .unwrap_or_default()
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .ok_or(JsonError::Invalid)?;
        let stop = rest.get(len).copied().ok_or(JsonError::Invalid)?;
        if stop < 0x20 {
            return Err(JsonError::Invalid);
        }
        let run = text
            .get(self.pos..self.pos + len)
            .ok_or(JsonError::Invalid)?;
        self.pos += len + 1;
        Ok((run, stop))
    }

    /// The character of a `\uXXXX` escape (after the `u`), with its low surrogate if it is a
    /// high one (§7: a character outside the BMP is a pair of escapes). Lone surrogates are
    /// refused: they are no Unicode scalar value, and no UTF-8 string can hold one.
    pub(super) fn unicode_escape(&mut self) -> Result<char, JsonError> {
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

    pub(super) fn hex4(&mut self) -> Result<u32, JsonError> {
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
    pub(super) fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }
}

/// Whether one of the 8 bytes of `word` ends a string run: `"`, `\\` or a control character
/// (below 0x20). Exact ([`crate::word`]).
pub(super) fn stops_run(word: u64) -> bool {
    has_byte_below(word, 0x20) || has_byte(word, b'"') || has_byte(word, b'\\')
}
