//! Token lifetimes: a number of seconds, or a duration string in jose's grammar.
//!
//! Grammar (case-insensitive, no surrounding whitespace): `<number> [one space] <unit>` where
//! `<number>` is `digits` or `digits.digits` and `<unit>` is one of
//! `s sec secs second seconds`, `m min mins minute minutes`, `h hr hrs hour hours`,
//! `d day days`, `w week weeks`, `y yr yrs year years` (a year is 365.25 days, as in jose).
//! A fractional result is rounded half up to whole seconds (`"1.5h"` is 5400).
//! Signs, `ago`/`from now`, exponents and unit-less numbers are refused. The parser uses
//! exact integer arithmetic (no floating point).

use crate::error::{Error, Result};

/// The default lifetime of a token: one hour.
pub const DEFAULT_EXPIRES_IN: i64 = 3600;
/// The default upper bound on a token's lifetime: 24 hours.
pub const DEFAULT_MAX_EXPIRES_IN: i64 = 24 * 3600;

/// How long a token stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry<'a> {
    /// A number of seconds (must be positive).
    Seconds(i64),
    /// A duration string such as `"1h"`, `"30 minutes"` or `"1.5h"`.
    Text(&'a str),
}

impl Default for Expiry<'_> {
    fn default() -> Self {
        Expiry::Seconds(DEFAULT_EXPIRES_IN)
    }
}

impl Expiry<'_> {
    /// Resolves to whole seconds, refusing zero, negative and anything above `max`.
    pub fn to_seconds(&self, max: i64) -> Result<i64> {
        let secs = match *self {
            Expiry::Seconds(s) => s,
            Expiry::Text(t) => parse_duration(t)?,
        };
        if secs <= 0 {
            return Err(Error::duration("must be a positive number of seconds"));
        }
        if secs > max {
            return Err(Error::duration(
                "longer than the allowed maximum lifetime (default 24 h)",
            ));
        }
        Ok(secs)
    }
}

/// A leeway given as a number of seconds (the bindings' `clockTolerance` / `clock_tolerance`):
/// a whole number is taken as it is, zero included (a negative or too large one is then
/// refused by verify, with the leeway's own range); a fraction, NaN or an infinity follows the
/// duration rules of [`seconds_from_number`].
pub fn leeway_from_number(n: f64) -> Result<i64> {
    if n.fract() != 0.0 || n.is_nan() {
        return seconds_from_number(n);
    }
    // Whole; beyond ±1e15 it is out of range anyway, and i64::MAX says so.
    #[allow(clippy::cast_possible_truncation)]
    Ok(if n.abs() < 1e15 { n as i64 } else { i64::MAX })
}

/// Converts a JavaScript-style number of seconds: finite, positive and whole.
pub fn seconds_from_number(n: f64) -> Result<i64> {
    if !n.is_finite() {
        return Err(Error::duration("must be a finite number"));
    }
    if n <= 0.0 {
        return Err(Error::duration("must be a positive number of seconds"));
    }
    if n.fract() != 0.0 {
        return Err(Error::duration(
            "a number of seconds must be a whole number",
        ));
    }
    if n > 1e15 {
        return Err(Error::duration(
            "longer than the allowed maximum lifetime (default 24 h)",
        ));
    }
    // In range and whole: the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(n as i64)
}

/// The unit names (as in jose; a year is 365.25 days) and their seconds.
const UNITS: [(&[u8], u64); 26] = [
    (b"s", 1),
    (b"sec", 1),
    (b"secs", 1),
    (b"second", 1),
    (b"seconds", 1),
    (b"m", 60),
    (b"min", 60),
    (b"mins", 60),
    (b"minute", 60),
    (b"minutes", 60),
    (b"h", 3600),
    (b"hr", 3600),
    (b"hrs", 3600),
    (b"hour", 3600),
    (b"hours", 3600),
    (b"d", 86_400),
    (b"day", 86_400),
    (b"days", 86_400),
    (b"w", 604_800),
    (b"week", 604_800),
    (b"weeks", 604_800),
    (b"y", 31_557_600),
    (b"yr", 31_557_600),
    (b"yrs", 31_557_600),
    (b"year", 31_557_600),
    (b"years", 31_557_600),
];

/// Seconds per unit, for a unit name in any case: the name lowercased once, then looked up in
/// [`UNITS`] with plain equality (a `match` on the names, or a search with
/// `eq_ignore_ascii_case`, unrolled into KBs of wasm).
fn unit_seconds(unit: &str) -> Option<u64> {
    let mut buf = [0u8; 7];
    let name = buf.get_mut(..unit.len())?;
    for (to, from) in name.iter_mut().zip(unit.bytes()) {
        *to = from.to_ascii_lowercase();
    }
    let name = &*name;
    UNITS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, secs)| secs)
}

const MAX_INT_DIGITS: usize = 12;
const MAX_FRAC_DIGITS: usize = 9;

/// The longest duration text (`"90 minutes"`), in bytes: far above any valid one (the number
/// has at most 12 + 9 digits), so a text this long is refused without being read.
pub const MAX_DURATION_TEXT_LEN: usize = 64;

/// The reason for a duration text longer than [`MAX_DURATION_TEXT_LEN`].
pub(crate) const TOO_LONG: &str = "is too long to be a duration";

/// Parses a duration string (see the module docs) into whole seconds, without bounds checks
/// other than "not absurdly long". Zero is returned as zero; [`Expiry::to_seconds`] refuses it.
pub fn parse_duration(text: &str) -> Result<i64> {
    let bad = |reason| Err(Error::duration(reason));
    if text.len() > MAX_DURATION_TEXT_LEN {
        return bad(TOO_LONG);
    }
    let bytes = text.as_bytes();
    let int_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len == 0 {
        return match bytes.first() {
            Some(b'-') => bad("must not be negative"),
            Some(b'+') => bad("a sign is not allowed"),
            None => bad("must not be empty"),
            _ => bad("must start with a number, e.g. \"1h\" or \"30 minutes\""),
        };
    }
    // Digits are ASCII: these splits fall on character boundaries (checked anyway, so that
    // no panic path is linked).
    let (int_part, rest) = text.split_at_checked(int_len).unwrap_or((text, ""));
    let (frac_part, rest) = match rest.strip_prefix('.') {
        Some(after) => {
            let n = after.bytes().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return bad("a decimal point must be followed by digits");
            }
            after.split_at_checked(n).unwrap_or((after, ""))
        }
        None => ("", rest),
    };
    if int_part.len() > MAX_INT_DIGITS || frac_part.len() > MAX_FRAC_DIGITS {
        return bad("too many digits");
    }
    let unit_text = rest.strip_prefix(' ').unwrap_or(rest);
    if unit_text.is_empty() {
        return bad("a unit is required, e.g. \"3600s\" or \"1h\"");
    }
    let Some(unit) = unit_seconds(unit_text) else {
        return bad("unknown unit (use s, m, h, d, w or y, or their long forms)");
    };
    let scale = frac_part.bytes().fold(1u64, |s, _| s * 10);
    let secs = digits_value(int_part)
        .checked_mul(scale)
        .and_then(|v| v.checked_add(digits_value(frac_part)))
        .and_then(|v| v.checked_mul(unit))
        .and_then(|v| v.checked_add(scale / 2))
        .map(|v| v / scale)
        .and_then(|v| i64::try_from(v).ok());
    secs.map_or_else(|| bad("too long"), Ok)
}

fn digits_value(digits: &str) -> u64 {
    digits
        .bytes()
        .fold(0u64, |acc, d| acc * 10 + u64::from(d.wrapping_sub(b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok: &[(&str, i64)] = &[
            ("1h", 3600),
            ("1H", 3600),
            ("30m", 1800),
            ("90 seconds", 90),
            ("90 SECONDS", 90),
            ("2 days", 172_800),
            ("1.5h", 5400),
            ("1.5 hours", 5400),
            ("0.5s", 1),
            ("0.4s", 0),
            ("1w", 604_800),
            ("1y", 31_557_600),
            ("10 mins", 600),
            ("3 hrs", 10_800),
            ("1 sec", 1),
            ("45s", 45),
            ("1.25 d", 108_000),
        ];
        for (text, secs) in ok {
            assert_eq!(parse_duration(text), Ok(*secs), "{text}");
        }
        let bad = [
            "",
            "1",
            "60",
            "h",
            "-1h",
            "+1h",
            "1 h ",
            " 1h",
            "1  h",
            "1.h",
            ".5h",
            "1e3s",
            "1hour2",
            "1 fortnight",
            "1h ago",
            "1 from now",
            "NaN",
            "Infinity",
            "1,5h",
            "1_000s",
            "1234567890123s",
            "1.1234567890h",
            "١h",
        ];
        for text in bad {
            let err = parse_duration(text).unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_DURATION", "{text}");
        }
    }

    #[test]
    fn bounds() {
        let max = DEFAULT_MAX_EXPIRES_IN;
        assert_eq!(Expiry::default().to_seconds(max), Ok(3600));
        assert_eq!(Expiry::Text("24h").to_seconds(max), Ok(86_400));
        assert!(Expiry::Text("25h").to_seconds(max).is_err());
        assert!(Expiry::Text("1y").to_seconds(max).is_err());
        assert!(Expiry::Text("0s").to_seconds(max).is_err());
        assert!(Expiry::Text("0.4s").to_seconds(max).is_err());
        assert!(Expiry::Seconds(0).to_seconds(max).is_err());
        assert!(Expiry::Seconds(-5).to_seconds(max).is_err());
        assert_eq!(
            Expiry::Text("365d").to_seconds(366 * 86_400),
            Ok(365 * 86_400)
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(seconds_from_number(60.0), Ok(60));
        for n in [
            0.0,
            -1.0,
            1.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
        ] {
            assert_eq!(
                seconds_from_number(n).unwrap_err().code(),
                "ERR_INVALID_DURATION",
                "{n}"
            );
        }
    }
}
