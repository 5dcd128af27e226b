//! Reading base64url (RFC 4648 §5) as strictly as a JWS segment must be read (RFC 7515 §2:
//! "with all trailing '=' characters omitted"): the URL-safe alphabet only, no padding, no
//! whitespace, a length that is not 1 mod 4, and canonical trailing bits (the bits below the
//! last whole byte must be zero, RFC 4648 §3.5), so that one byte string has exactly one text.
//!
//! The rules are the `base64` crate's `URL_SAFE_NO_PAD` decoding, and the tests below check
//! that the two agree on every verdict and byte. The decode-only browser build (cargo feature
//! `sign` off) reads with this reader, a few hundred bytes of wasm where the crate's engine is
//! 3 KB; every other build reads with the crate, which it links anyway (it writes the segments
//! and reads base64 keys), so there this reader would only add code.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The 6-bit value of a base64url character.
fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// The bytes of `text`; `None` if it is not canonical base64url without padding.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    if cfg!(feature = "sign") {
        URL_SAFE_NO_PAD.decode(text).ok()
    } else {
        own_decode(text)
    }
}

/// Decodes `text` into `buf` (at least 66 bytes: the crate asks for room for its estimate); how
/// many bytes it wrote. `None` if it is not canonical base64url without padding, or does not fit.
pub(crate) fn decode_into(text: &str, buf: &mut [u8]) -> Option<usize> {
    if cfg!(feature = "sign") {
        URL_SAFE_NO_PAD.decode_slice(text, buf).ok()
    } else {
        own_decode_into(text, buf)
    }
}

fn own_decode(text: &str) -> Option<Vec<u8>> {
    // Room for any text's bytes; one reader (`own_decode_into`) serves both entry points.
    let mut out = vec![0; text.len() / 4 * 3 + 2];
    let n = own_decode_into(text, &mut out)?;
    out.truncate(n);
    Some(out)
}

fn own_decode_into(text: &str, buf: &mut [u8]) -> Option<usize> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut n = 0;
    for chunk in text.chunks(4) {
        let mut acc = 0u32;
        for &c in chunk {
            acc = acc << 6 | value(c)?;
        }
        // 4 characters carry 3 bytes; 3 carry 2 (2 bits left over); 2 carry 1 (4 bits left).
        let (bytes, spare) = match chunk.len() {
            4 => (3, 0),
            3 => (2, 2),
            _ => (1, 4),
        };
        if acc & ((1 << spare) - 1) != 0 {
            return None;
        }
        for i in (0..bytes).rev() {
            let [byte, ..] = (acc >> (spare + 8 * i)).to_le_bytes();
            *buf.get_mut(n)? = byte;
            n += 1;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::{own_decode as decode, own_decode_into as decode_into, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    // proptest is a native-only dev-dependency (Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    /// The crate's verdict and ours, on the same text.
    fn agree(text: &str) {
        let theirs = URL_SAFE_NO_PAD.decode(text).ok();
        assert_eq!(decode(text), theirs, "{text:?}");
        let mut buf = [0u8; 66];
        let ours = decode_into(text, &mut buf).map(|n| buf[..n].to_vec());
        if text.len() <= 86 {
            assert_eq!(ours, theirs, "{text:?} into a buffer");
        }
    }

    #[test]
    fn edge_cases() {
        for text in [
            "",
            "A",
            "AA",
            "AQ",
            "AR",
            "AB",
            "AAA",
            "AAE",
            "AAF",
            "AAAA",
            "AA==",
            "AA=",
            "A===",
            "+/8",
            "-_8",
            "-_9",
            " AAA",
            "AA AA",
            "AA\nA",
            "=",
            "YQ",
            "YR",
            "YWI",
            "YWJ",
            "YWJj",
            "\u{e9}AA",
            "AAAAA",
            "AAAAAA",
            "_____w",
            "_____x",
            "eyJhbGciOiJIUzI1NiJ9",
        ] {
            agree(text);
        }
        assert_eq!(decode("YWJj"), Some(b"abc".to_vec()));
        assert_eq!(decode("_-8"), Some(vec![0xFF, 0xEF]));
        assert_eq!(decode_into("YWJj", &mut [0u8; 2]), None, "does not fit");
        assert_eq!(decode_into("YWJj", &mut [0u8; 3]), Some(3));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn same_verdict_on_any_text(text in "[A-Za-z0-9_+/=. -]{0,40}") {
            agree(&text);
        }

        #[test]
        fn same_bytes_and_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let text = URL_SAFE_NO_PAD.encode(&bytes);
            prop_assert_eq!(decode(&text), Some(bytes));
            agree(&text);
            // Any one character changed: the same verdict as the crate.
            for i in 0..text.len() {
                for c in ['A', 'B', 'Q', 'g', 'w', '-', '_', '=', '+'] {
                    let mut t = text.clone().into_bytes();
                    t[i] = c as u8;
                    agree(core::str::from_utf8(&t).unwrap());
                }
            }
        }
    }
}
