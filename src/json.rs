//! Strict JSON for token segments: one JSON object, UTF-8, no duplicate member names at any
//! depth (we reject rather than let the last one win, so that no two parsers can disagree
//! about what a token says), nesting bounded by serde_json's recursion limit (128).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

/// How many objects and arrays may nest, the segment's own object included: 127, exactly
/// serde_json's recursion limit, so that the validating and the building parser agree.
pub(crate) const MAX_DEPTH: usize = 127;

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

/// Parses `bytes` as one JSON object, rejecting duplicate member names at every depth.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    let duplicate = Cell::new(false);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictSeed(&duplicate).deserialize(&mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    match value {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(JsonError::NotObject),
        Err(_) if duplicate.get() => Err(JsonError::Duplicate),
        Err(_) => Err(JsonError::Invalid),
    }
}

/// The members of one JSON object, values left as validated raw text. The whole value is
/// checked: valid UTF-8 JSON, an object, no duplicate member names at any depth, nesting at
/// most [`MAX_DEPTH`].
///
/// Only `deserialize_any` with our own visitors is used here: serde's typed paths build
/// "invalid type: floating point `1.5`" messages, which would link float formatting into
/// the wasm for nothing.
pub(crate) fn object_members(bytes: &[u8]) -> Result<Members<'_>, JsonError> {
    let text = std::str::from_utf8(bytes).map_err(|_| JsonError::Invalid)?;
    members(text, 0)
}

/// Member name and raw value text, in document order.
pub(crate) type Members<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

fn members(text: &str, depth: usize) -> Result<Members<'_>, JsonError> {
    if depth >= MAX_DEPTH {
        return Err(JsonError::Invalid);
    }
    let Shallow::Members(members) = shallow(text)? else {
        return Err(JsonError::NotObject);
    };
    for (_, value) in &members {
        validate_nested(value, depth + 1)?;
    }
    Ok(members)
}

/// Checks a raw value's nested objects for duplicate names. Scalars were validated when the
/// raw value was captured, except `\u` escapes and the magnitude of numbers, which the
/// capture does not decode: such strings and numbers with a fraction or exponent are decoded
/// here, so that a lone surrogate or `1e400` is refused exactly as by the full parser.
fn validate_nested(value: &RawValue, depth: usize) -> Result<(), JsonError> {
    let text = value.get();
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'{') => members(text, depth).map(|_| ()),
        Some(b'[') => {
            if depth >= MAX_DEPTH {
                return Err(JsonError::Invalid);
            }
            let Shallow::Items(items) = shallow(text)? else {
                return Err(JsonError::Invalid);
            };
            items
                .iter()
                .try_for_each(|item| validate_nested(item, depth + 1))
        }
        Some(b'"') if bytes.windows(2).any(|w| w == b"\\u") => shallow(text).map(|_| ()),
        Some(b'-' | b'0'..=b'9') if bytes.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) => {
            shallow(text).map(|_| ())
        }
        _ => Ok(()),
    }
}

/// One JSON value, one level deep.
enum Shallow<'de> {
    Members(Members<'de>),
    Items(Vec<&'de RawValue>),
    Str(Cow<'de, str>),
    Scalar,
}

/// Parses one whole JSON text one level deep.
fn shallow(text: &str) -> Result<Shallow<'_>, JsonError> {
    let duplicate = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    match de
        .deserialize_any(ShallowVisitor(&duplicate))
        .and_then(|v| de.end().map(|()| v))
    {
        Ok(value) => Ok(value),
        Err(_) if duplicate.get() => Err(JsonError::Duplicate),
        Err(_) => Err(JsonError::Invalid),
    }
}

struct ShallowVisitor<'a>(&'a Cell<bool>);

impl<'de> Visitor<'de> for ShallowVisitor<'_> {
    type Value = Shallow<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut members: Members<'de> = Vec::new();
        while let Some(key) = access.next_key_seed(KeySeed)? {
            if members.iter().any(|(k, _)| *k == key) {
                self.0.set(true);
                return Err(serde::de::Error::custom("duplicate member name"));
            }
            let value: &'de RawValue = access.next_value()?;
            members.push((key, value));
        }
        Ok(Shallow::Members(members))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(Shallow::Items(items))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Shallow::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Shallow::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Shallow::Str(Cow::Owned(v)))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Shallow::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Shallow::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Shallow::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Shallow::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Shallow::Scalar)
    }
}

/// A member name, borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The items of a raw value that is a JSON array.
pub(crate) fn array_items(value: &RawValue) -> Option<Vec<&RawValue>> {
    match shallow(value.get()) {
        Ok(Shallow::Items(items)) => Some(items),
        _ => None,
    }
}

/// The JSON type of a raw value, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Number,
    Bool,
    Null,
    Array,
    Object,
}

pub(crate) fn kind(value: &RawValue) -> Kind {
    match value.get().as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b't' | b'f') => Kind::Bool,
        Some(b'n') => Kind::Null,
        Some(b'[') => Kind::Array,
        Some(b'{') => Kind::Object,
        _ => Kind::Number,
    }
}

/// A raw value that is a JSON string, unescaped.
pub(crate) fn string(value: &RawValue) -> Option<String> {
    if kind(value) != Kind::String {
        return None;
    }
    match shallow(value.get()) {
        Ok(Shallow::Str(s)) => Some(s.into_owned()),
        _ => None,
    }
}

/// A raw value that is a JSON boolean.
pub(crate) fn boolean(value: &RawValue) -> Option<bool> {
    match value.get() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Why a raw number is not an acceptable integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntError {
    NotANumber,
    NotWhole,
    OutOfRange,
}

/// A raw value that is a JSON integer (no fraction, no exponent), parsed exactly.
pub(crate) fn integer(value: &RawValue) -> Result<i64, IntError> {
    if kind(value) != Kind::Number {
        return Err(IntError::NotANumber);
    }
    let text = value.get();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // `-0` is a float to serde_json (negative zero), and no one writes a date that way.
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || text == "-0" {
        return Err(IntError::NotWhole);
    }
    let mut n: i64 = 0;
    for d in digits.bytes() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(i64::from(d - b'0')))
            .ok_or(IntError::OutOfRange)?;
    }
    Ok(if negative { -n } else { n })
}

#[derive(Clone, Copy)]
struct StrictSeed<'a>(&'a Cell<bool>);

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                self.0.set(true);
                return Err(serde::de::Error::custom("duplicate member name"));
            }
            let value = access.next_value_seed(self)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_agree_with_parse_object() {
        let cases: &[&[u8]] = &[
            br#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#,
            b" {} ",
            br#"{"a":1,"a":2}"#,
            br#"{"x":{"a":1,"a":1}}"#,
            br#"{"x":[{"a":1,"a":1}]}"#,
            br#"{"\u0061":1,"a":2}"#,
            b"[]",
            b"\"x\"",
            b"1",
            b"null",
            b"",
            b"{",
            b"{}{}",
            b"\xEF\xBB\xBF{}",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":NaN}",
            br#"{"a":1.5e300,"b":-0,"c":"\ud800"}"#,
            br#"{"a":1.5e300,"b":[1e-400,-2.5E+3],"c":{"d":1e400}}"#,
            br#"{"a":-1e400}"#,
            br#"{"a":"\ud83c\udfa5","b":["\udfa5"]}"#,
        ];
        for case in cases {
            assert_eq!(
                object_members(case).map(|_| ()),
                parse_object(case).map(|_| ()),
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
        let ok = format!("{{\"a\":{}1{}}}", "[".repeat(126), "]".repeat(126));
        assert!(object_members(ok.as_bytes()).is_ok());
        assert!(parse_object(ok.as_bytes()).is_ok());
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(127), "]".repeat(127));
        assert_eq!(
            parse_object(deep.as_bytes()).map(|_| ()),
            Err(JsonError::Invalid)
        );
        assert_eq!(
            object_members(deep.as_bytes()).map(|_| ()),
            Err(JsonError::Invalid)
        );
        let bomb = format!("{{\"a\":{}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            object_members(bomb.as_bytes()).map(|_| ()),
            Err(JsonError::Invalid)
        );
    }

    #[test]
    fn integers() {
        let raw = |t: &str| serde_json::from_str::<Box<RawValue>>(t).unwrap();
        assert_eq!(integer(&raw("1700000000")), Ok(1_700_000_000));
        assert_eq!(integer(&raw("-5")), Ok(-5));
        assert_eq!(integer(&raw("9223372036854775807")), Ok(i64::MAX));
        assert_eq!(
            integer(&raw("9223372036854775808")),
            Err(IntError::OutOfRange)
        );
        assert_eq!(integer(&raw("1.0")), Err(IntError::NotWhole));
        assert_eq!(integer(&raw("-0")), Err(IntError::NotWhole));
        assert_eq!(integer(&raw("1e9")), Err(IntError::NotWhole));
        assert_eq!(integer(&raw("\"1\"")), Err(IntError::NotANumber));
        assert_eq!(integer(&raw("null")), Err(IntError::NotANumber));
    }

    #[test]
    fn strictness() {
        assert!(parse_object(br#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#).is_ok());
        assert!(parse_object(b" {} ").is_ok());
        assert_eq!(parse_object(br#"{"a":1,"a":2}"#), Err(JsonError::Duplicate));
        assert_eq!(
            parse_object(br#"{"x":{"a":1,"a":1}}"#),
            Err(JsonError::Duplicate)
        );
        assert_eq!(
            parse_object(br#"{"x":[{"a":1,"a":1}]}"#),
            Err(JsonError::Duplicate)
        );
        assert_eq!(
            parse_object(br#"{"\u0061":1,"a":2}"#),
            Err(JsonError::Duplicate)
        );
        for not_object in [&b"[]"[..], b"\"x\"", b"1", b"null", b"true"] {
            assert_eq!(parse_object(not_object), Err(JsonError::NotObject));
        }
        for invalid in [
            &b""[..],
            b"{",
            b"{}{}",
            b"{} x",
            b"\xEF\xBB\xBF{}",
            b"{\"a\":\"\xff\"}",
            b"{'a':1}",
            b"{\"a\":NaN}",
        ] {
            assert_eq!(
                parse_object(invalid),
                Err(JsonError::Invalid),
                "{invalid:?}"
            );
        }
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse_object(deep.as_bytes()), Err(JsonError::Invalid));
    }
}
