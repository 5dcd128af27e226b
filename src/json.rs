//! Strict JSON for token segments: one JSON object, UTF-8, no duplicate member names at any
//! depth (we reject rather than let the last one win, so that no two parsers can disagree
//! about what a token says), nesting bounded by serde_json's recursion limit (at most 127 objects/arrays deep).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

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

/// Reads one JSON object in a single pass, handing each member to `sink`, which must
/// consume the value (with a typed seed below, or [`Skip`]). Duplicate member names are
/// refused at every depth; nesting is bounded by serde_json's recursion limit, exactly as in
/// [`parse_object`], so both accept and refuse the same texts.
///
/// Only `deserialize_any` with our own visitors is used: serde's typed paths build
/// "invalid type: floating point `1.5`" messages, which would link float formatting into
/// the wasm for nothing.
pub(crate) fn read_object<'de, S: Sink<'de>>(bytes: &'de [u8], sink: S) -> Result<S, JsonError> {
    let ctx = Ctx::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = de
        .deserialize_any(ObjectVisitor { sink, ctx: &ctx })
        .and_then(|sink| de.end().map(|()| sink));
    match result {
        Ok(sink) => Ok(sink),
        Err(_) if ctx.duplicate.get() => Err(JsonError::Duplicate),
        Err(_) if ctx.not_object.get() => {
            // Tell "valid JSON but not an object" from "not JSON at all".
            match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                Ok(_) => Err(JsonError::NotObject),
                Err(_) => Err(JsonError::Invalid),
            }
        }
        Err(_) => Err(JsonError::Invalid),
    }
}

/// Shared state of one [`read_object`] pass.
#[derive(Default)]
pub(crate) struct Ctx {
    duplicate: Cell<bool>,
    not_object: Cell<bool>,
}

/// Receives the members of an object, in document order.
pub(crate) trait Sink<'de> {
    /// Reads the value of member `key`; it must be consumed exactly once.
    fn member<A: MapAccess<'de>>(
        &mut self,
        key: &str,
        access: &mut A,
        ctx: &Ctx,
    ) -> Result<(), A::Error>;
}

struct ObjectVisitor<'c, S> {
    sink: S,
    ctx: &'c Ctx,
}

fn not_object<E: serde::de::Error>(ctx: &Ctx) -> E {
    ctx.not_object.set(true);
    E::custom("not an object")
}

impl<'de, S: Sink<'de>> Visitor<'de> for ObjectVisitor<'_, S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut access: A) -> Result<S, A::Error> {
        // Sized for a token's objects: one allocation, not a growing series.
        let mut keys: Vec<Cow<'de, str>> = Vec::with_capacity(16);
        while let Some(key) = access.next_key_seed(KeySeed)? {
            unique(&keys, &key, self.ctx)?;
            self.sink.member(&key, &mut access, self.ctx)?;
            keys.push(key);
        }
        Ok(self.sink)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<S, A::Error> {
        Err(not_object(self.ctx))
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<S, E> {
        Err(not_object(self.ctx))
    }
}

/// Refuses a member name already seen in the same object.
fn unique<E: serde::de::Error>(keys: &[Cow<'_, str>], key: &str, ctx: &Ctx) -> Result<(), E> {
    if keys.iter().any(|k| k == key) {
        ctx.duplicate.set(true);
        return Err(E::custom("duplicate member name"));
    }
    Ok(())
}

/// A sink that only validates (every value skipped with [`Skip`]).
pub(crate) struct SkipAll;

impl<'de> Sink<'de> for SkipAll {
    fn member<A: MapAccess<'de>>(
        &mut self,
        _: &str,
        access: &mut A,
        ctx: &Ctx,
    ) -> Result<(), A::Error> {
        access.next_value_seed(Skip(ctx))
    }
}

/// Consumes any value, checking nested objects for duplicate member names.
#[derive(Clone, Copy)]
pub(crate) struct Skip<'c>(pub(crate) &'c Ctx);

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        // Sized for a token's objects: one allocation, not a growing series.
        let mut keys: Vec<Cow<'de, str>> = Vec::with_capacity(16);
        while let Some(key) = access.next_key_seed(KeySeed)? {
            unique(&keys, &key, self.0)?;
            access.next_value_seed(self)?;
            keys.push(key);
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
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
}

/// One member value as the claim and header readers need it: scalars kept, containers
/// consumed (and validated like everything else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Str(String),
    Int(i64),
    /// An integer beyond `i64`.
    BigInt,
    /// A number with a fraction or exponent, or `-0` (serde_json hands these over as f64).
    Float,
    Bool(bool),
    Null,
    Array {
        /// Whether every item is a string (for `aud`).
        all_strings: bool,
    },
    Object,
}

impl Scalar {
    pub(crate) fn into_string(self) -> Option<String> {
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

/// Reads any value into a [`Scalar`].
#[derive(Clone, Copy)]
pub(crate) struct ValueSeed<'c>(pub(crate) &'c Ctx);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Scalar;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(i64::try_from(v).map_or(Scalar::BigInt, Scalar::Int))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        let mut all_strings = true;
        while let Some(item) = seq.next_element_seed(self)? {
            all_strings &= matches!(item, Scalar::Str(_));
        }
        Ok(Scalar::Array { all_strings })
    }
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Scalar, A::Error> {
        Skip(self.0).visit_map(access).map(|()| Scalar::Object)
    }
}

/// Reads an object member by member into a nested sink (`permissions`); `None` if the value
/// is not an object (it is still consumed and validated).
pub(crate) struct ObjectSeed<'c, S>(pub(crate) &'c Ctx, pub(crate) S);

impl<'de, S: Sink<'de>> DeserializeSeed<'de> for ObjectSeed<'_, S> {
    type Value = Option<S>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: Sink<'de>> Visitor<'de> for ObjectSeed<'_, S> {
    type Value = Option<S>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Self::Value, A::Error> {
        ObjectVisitor {
            sink: self.1,
            ctx: self.0,
        }
        .visit_map(access)
        .map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip(self.0).visit_seq(seq).map(|()| None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
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
    fn single_pass_agrees_with_parse_object() {
        let cases: &[&[u8]] = &[
            br#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#,
            b" {} ",
            br#"{"a":1,"a":2}"#,
            br#"{"x":{"a":1,"a":1}}"#,
            br#"{"x":[{"a":1,"a":1}]}"#,
            br#"{"\u0061":1,"a":2}"#,
            b"[]",
            b"[1,",
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
                read_object(case, SkipAll).map(|_| ()),
                parse_object(case).map(|_| ()),
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
        for depth in [125, 126, 127, 128, 10_000] {
            let text = format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(
                read_object(text.as_bytes(), SkipAll).map(|_| ()),
                parse_object(text.as_bytes()).map(|_| ()),
                "depth {depth}"
            );
        }
        let ok = format!("{{\"a\":{}1{}}}", "[".repeat(126), "]".repeat(126));
        assert!(read_object(ok.as_bytes(), SkipAll).is_ok());
    }

    #[test]
    fn scalars() {
        let read = |t: &str| {
            let ctx = Ctx::default();
            let mut de = serde_json::Deserializer::from_str(t);
            ValueSeed(&ctx).deserialize(&mut de).unwrap()
        };
        assert_eq!(read("1700000000"), Scalar::Int(1_700_000_000));
        assert_eq!(read("-5"), Scalar::Int(-5));
        assert_eq!(read("9223372036854775807"), Scalar::Int(i64::MAX));
        assert_eq!(read("9223372036854775808"), Scalar::BigInt);
        assert_eq!(read("1.0"), Scalar::Float);
        assert_eq!(read("-0"), Scalar::Float);
        assert_eq!(read("1e9"), Scalar::Float);
        assert_eq!(read("\"1\""), Scalar::Str("1".into()));
        assert_eq!(read("\"\\u0061\""), Scalar::Str("a".into()));
        assert_eq!(read("null"), Scalar::Null);
        assert_eq!(read("true"), Scalar::Bool(true));
        assert_eq!(read("[\"a\",\"b\"]"), Scalar::Array { all_strings: true });
        assert_eq!(read("[\"a\",1]"), Scalar::Array { all_strings: false });
        assert_eq!(read("[]"), Scalar::Array { all_strings: true });
        assert_eq!(read("{\"a\":1}"), Scalar::Object);
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
