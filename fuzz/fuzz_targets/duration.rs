//! `parse_duration` on arbitrary text: never panics; when it succeeds, the input follows the
//! documented grammar and the result is the value computed independently in f64 (rounded half
//! up) within rounding tolerance, and `"{n}s"` / `"{n} SECONDS"` parse back to n. When the
//! reference grammar accepts an input within the digit limits (12 + 9) whose value is at most
//! 1e10 seconds (317 years), `parse_duration` must accept it too. Above that, "not absurdly
//! long" is the parser's call: its fixed-point u64 arithmetic refuses values from about
//! 1.8e19 / 10^(fraction digits) seconds up.
#![no_main]

use isometrik_token::{parse_duration, seconds_from_number};
use isometrik_token::Expiry;
use libfuzzer_sys::fuzz_target;

const UNITS: &[(&str, f64)] = &[
    ("s", 1.0),
    ("sec", 1.0),
    ("secs", 1.0),
    ("second", 1.0),
    ("seconds", 1.0),
    ("m", 60.0),
    ("min", 60.0),
    ("mins", 60.0),
    ("minute", 60.0),
    ("minutes", 60.0),
    ("h", 3600.0),
    ("hr", 3600.0),
    ("hrs", 3600.0),
    ("hour", 3600.0),
    ("hours", 3600.0),
    ("d", 86400.0),
    ("day", 86400.0),
    ("days", 86400.0),
    ("w", 604800.0),
    ("week", 604800.0),
    ("weeks", 604800.0),
    ("y", 31557600.0),
    ("yr", 31557600.0),
    ("yrs", 31557600.0),
    ("year", 31557600.0),
    ("years", 31557600.0),
];

struct Reference {
    int_digits: usize,
    frac_digits: usize,
    /// The value in seconds, in f64.
    value: f64,
}

/// `digits ["." digits] [" "] unit`, unit case-insensitive, nothing else.
fn reference(text: &str) -> Option<Reference> {
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(number_end);
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    if int.is_empty() || frac.is_some_and(|f| f.is_empty() || f.contains('.')) {
        return None;
    }
    let unit = rest.strip_prefix(' ').unwrap_or(rest);
    let scale = UNITS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(unit))?
        .1;
    let value = number.parse::<f64>().ok()? * scale;
    Some(Reference {
        int_digits: int.len(),
        frac_digits: frac.map_or(0, str::len),
        value,
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let bytes: [u8; 8] = data[..8].try_into().unwrap_or_default();
        let _ = seconds_from_number(f64::from_le_bytes(bytes));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = parse_duration(text);
    let _ = Expiry::Text(text).to_seconds(86_400);
    let reference = reference(text);
    match (&ours, &reference) {
        (Ok(n), Some(r)) => {
            let n = *n;
            assert!(n >= 0, "{text:?} -> {n}");
            #[allow(clippy::cast_precision_loss)]
            let diff = (n as f64 - r.value).abs();
            assert!(
                diff <= 0.5 + r.value * 1e-12 + 1e-6,
                "{text:?}: ours {n}, reference {}",
                r.value
            );
            if n < 1_000_000_000_000 {
                assert_eq!(parse_duration(&format!("{n}s")), Ok(n), "{text:?}");
                assert_eq!(parse_duration(&format!("{n} SECONDS")), Ok(n), "{text:?}");
            }
        }
        (Ok(n), None) => panic!("{text:?} parsed as {n} but is outside the grammar"),
        (Err(e), Some(r)) => {
            let within = r.int_digits <= 12 && r.frac_digits <= 9 && r.value <= 1e10;
            assert!(
                !within,
                "{text:?} refused ({e}) but the reference reads {}",
                r.value
            );
        }
        (Err(_), None) => {}
    }
});
