//! Integers and dates in decimal, without `core::fmt` (whose machinery would weigh on the
//! browser build): for the error messages and the JSON writer. The bottom layer: no imports.

/// Appends `n` in decimal, zero-padded to at least `width` digits (at most 19).
pub(crate) fn push_int(out: &mut String, n: i64, width: usize) {
    out.push_str(Decimal::new(n, width).as_str());
}

/// `n` in decimal, written into a fixed buffer.
pub(crate) struct Decimal {
    bytes: [u8; 20],
    start: usize,
}

impl Decimal {
    /// `n`, zero-padded to at least `width` digits (at most 19).
    pub(crate) fn new(n: i64, width: usize) -> Self {
        let mut bytes = [b'0'; 20];
        let mut at = bytes.len();
        let mut rest = n.unsigned_abs();
        let min_start = bytes.len() - width.min(19);
        // At most 19 digits for |i64::MIN|, so the sign always fits in front of them.
        while at > 1 && (rest > 0 || at > min_start || at == bytes.len()) {
            at -= 1;
            if let Some(d) = bytes.get_mut(at) {
                *d = b'0' + u8::try_from(rest % 10).unwrap_or(0);
            }
            rest /= 10;
        }
        if n < 0 {
            at -= 1;
            if let Some(d) = bytes.get_mut(at) {
                *d = b'-';
            }
        }
        Decimal { bytes, start: at }
    }

    /// The digits (and sign): ASCII.
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.get(self.start..).unwrap_or_default()).unwrap_or_default()
    }
}

/// Appends a NumericDate as an RFC 3339 UTC time (`2026-11-29T01:58:02Z`), for messages.
/// Integer arithmetic only (days to civil date, after Howard Hinnant's algorithm); dates are
/// already checked to lie in 1970..=9999.
pub(crate) fn push_utc(out: &mut String, secs_since_epoch: i64) {
    let (days, secs) = (
        secs_since_epoch.div_euclid(86_400),
        secs_since_epoch.rem_euclid(86_400),
    );
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    for (value, width, after) in [
        (year, 4, '-'),
        (month, 2, '-'),
        (day, 2, 'T'),
        (secs / 3600, 2, ':'),
        (secs / 60 % 60, 2, ':'),
        (secs % 60, 2, 'Z'),
    ] {
        push_int(out, value, width);
        out.push(after);
    }
}

#[cfg(test)]
mod tests {
    use super::{push_int, push_utc};

    #[test]
    fn integers() {
        for (n, width, text) in [
            (0, 1, "0"),
            (0, 0, "0"),
            (7, 2, "07"),
            (1_700_000_000, 1, "1700000000"),
            (-42, 1, "-42"),
            (-42, 4, "-0042"),
            (i64::MIN, 1, "-9223372036854775808"),
            (i64::MAX, 1, "9223372036854775807"),
        ] {
            let mut out = String::new();
            push_int(&mut out, n, width);
            assert_eq!(out, text);
        }
    }

    #[test]
    fn utc() {
        for (secs, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_795_917_482, "2026-11-29T01:58:02Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
        ] {
            let mut out = String::new();
            push_utc(&mut out, secs);
            assert_eq!(out, text, "{secs}");
        }
    }
}
