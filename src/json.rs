//! Strict JSON for token segments: one JSON object, UTF-8, no duplicate member names at any
//! depth (we reject rather than let the last one win, so that no two parsers can disagree
//! about what a token says), nesting bounded by serde_json's recursion limit (128).

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
