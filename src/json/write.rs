//! Writing JSON as serde_json writes it, for the claims payload (`Claims::to_json`): the
//! reader's counterpart, byte-identical to serde_json's output (tested by proptest).

use crate::decimal::Decimal;

/// Appends `s` as a JSON string exactly as serde_json writes it (so that tokens do not change
/// with the writer): `"` and `\` escaped, the control characters U+0000–U+001F as `\b \t \n
/// \f \r` or `\u00xx` (lowercase hex), everything else, `/` and U+007F included, as is.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0A => b"\\n",
            0x0C => b"\\f",
            0x0D => b"\\r",
            0x00..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xF)]);
        } else {
            out.extend_from_slice(escape);
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
    out.push(b'"');
}

/// Appends an integer in decimal, as serde_json (itoa) writes it.
pub(crate) fn write_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(Decimal::new(n, 1).as_str().as_bytes());
}
