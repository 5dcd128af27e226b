//! JSON numbers (RFC 8259 §6), accepted only when finite as IEEE 754 doubles.

use super::reader::Reader;
use super::{JsonError, Scalar};

impl<'a> Reader<'a> {
    /// §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite as a double.
    pub(super) fn number(&mut self) -> Result<Scalar<'a>, JsonError> {
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
        // Fewer than 309 integer digits and nothing else is finite (is_finite would say so too).
        let short_int = frac.is_empty() && !has_exponent && int.len() < 309;
        if !short_int && !is_finite(int, frac, exponent) {
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
pub(super) const OVERFLOW_DIGITS: &[u8; 309] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

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
