//! Which byte strings are refused as HMAC secrets although they are long enough: keys of
//! another kind configured by mistake, and degenerate secrets.
//!
//! A public key used as an HS256 secret lets whoever holds the public key (everyone) mint
//! tokens: the RS256-to-HS256 key-confusion setup. So anything that is recognisably a key of
//! another kind is refused, however it is dressed:
//!
//! - a PEM block (RFC 7468), also after a byte order mark, NBSP or any other Unicode
//!   whitespace, and anywhere in the text when both its `-----BEGIN ` and `-----END ` lines are;
//! - a JWK or JWK Set (RFC 7517): JSON in which any object, at any depth, has a `kty` member,
//!   read with the crate's strict JSON reader so that `{"k\u0074y":…}` and `[{…}]` are seen;
//! - a bare base64 DER key (SPKI, PKCS#8, PKCS#1, SEC1: the PEM body without its lines): base64
//!   text, whitespace allowed, decoding to one DER SEQUENCE whose length covers it exactly and
//!   whose contents are two or more well-formed elements, the first an INTEGER or a SEQUENCE
//!   (X.690 §8.1; every key structure starts so, and random text almost never parses so);
//! - an OpenSSH public key line (`ssh-ed25519 AAAA…`, `ssh-rsa`, `ecdsa-sha2-…`,
//!   `sk-ssh-ed25519@openssh.com`, certificates): an algorithm name, a space, and the base64
//!   blob, which starts `AAAA` (its first field is a 4-byte length; RFC 4253 §6.6).
//!
//! Each test runs twice: on the text as given, and on a normalised copy that undoes the common
//! dressings a key picks up on its way into an environment variable or a config file (see
//! [`stripped`] and [`undressed`]): invisible characters and Unicode whitespace at either end, one layer of
//! matching quotes (Docker's `--env-file` keeps them), and backslash escapes (a literal `\n`
//! between PEM-body lines, a JWK stored as a JSON string, `"\u006bty"`). Ends and quotes are
//! cut by slicing; a copy is made only when there is an escape or a non-ASCII character to
//! rewrite. It is linear in the secret's length (at most [`crate::contract::MAX_SECRET_LEN`], 4 KiB;
//! `tests/linear.rs`), never grows, and is overwritten before it is freed.
//!
//! And, unless weak secrets are allowed: a secret whose bytes repeat with a period of at most
//! [`MAX_WEAK_PERIOD`] bytes (all zeros, `abab…`, a word repeated), which has at most that many
//! bytes of entropy whatever its length.
//!
//! Copies of the secret made here (the normalised copy, the base64 check) are overwritten
//! before they are freed.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// Secrets whose bytes repeat with a period up to this are refused as degenerate.
pub(crate) const MAX_WEAK_PERIOD: usize = 8;

/// Why `secret` must not be used as an HMAC secret, if it must not.
pub(crate) fn refusal(secret: &[u8], allow_weak: bool) -> Option<&'static str> {
    let text = utf8_prefix(secret);
    // The JSON and base64 forms are text throughout; PEM and OpenSSH are judged by how they
    // start (or by their armour lines) even if binary junk follows.
    let whole = text.len() == secret.len();
    let key = key_class(text, whole).or_else(|| {
        let inner = stripped(text);
        if !inner.bytes().any(|b| b == b'\\' || !b.is_ascii()) {
            // Nothing to rewrite: the stripped text itself, without a copy.
            return (inner.len() != text.len())
                .then(|| key_class(inner, whole))
                .flatten();
        }
        let mut copy = undressed(inner);
        let class = core::str::from_utf8(&copy)
            .ok()
            .filter(|view| *view != text)
            .and_then(|view| key_class(view, whole));
        copy.fill(0);
        core::hint::black_box(&copy);
        class
    });
    if let Some(class) = key {
        return Some(reason(class));
    }
    if !allow_weak && secret.len() > MAX_WEAK_PERIOD && has_short_period(secret) {
        return Some(
            "the secret is one byte repeated or a short repeating pattern; use 32 random bytes",
        );
    }
    None
}

/// Which kind of key `text` is, if it is one (`whole`: the secret is all text).
fn key_class(text: &str, whole: bool) -> Option<Class> {
    let trimmed = text.trim_start_matches(is_blank);
    if trimmed.starts_with("-----BEGIN")
        || (contains(text, "-----BEGIN ") && contains(text, "-----END "))
    {
        return Some(Class::Pem);
    }
    if whole && is_jwk(trimmed) {
        return Some(Class::Jwk);
    }
    if is_openssh_public_key(trimmed) {
        return Some(Class::OpenSsh);
    }
    if whole && is_base64_der(trimmed.trim_end_matches(is_blank)) {
        return Some(Class::Der);
    }
    None
}

/// Unicode whitespace and the invisible characters that pad copied text: byte order mark,
/// zero-width space, joiners, word joiner, Mongolian vowel separator.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{180E}'
        )
}

/// `text` without blanks (above) at either end and without one layer of matching `"` or `'`
/// quotes (blanks inside them trimmed too): a slice, no copy.
fn stripped(text: &str) -> &str {
    let trimmed = text.trim_matches(is_blank);
    ['"', '\'']
        .iter()
        .find_map(|&q| {
            trimmed
                .strip_prefix(q)
                .and_then(|rest| rest.strip_suffix(q))
        })
        .map_or(trimmed, |inner| inner.trim_matches(is_blank))
}

/// A copy of `text` for the key tests only, with backslash escapes undone once (JSON's: `\"`,
/// `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX`, a surrogate pair, a lone surrogate as
/// U+FFFD; any other backslash stays) and every blank an ASCII space. One pass, and never
/// longer than `text` (every replacement is shorter than what it replaces), so it is allocated
/// once and never moved: the caller overwrites all of it.
fn undressed(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut buf = [0u8; 4];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escape = (b == b'\\')
            .then(|| text.get(i + 1..).and_then(unescape))
            .flatten();
        if let Some((c, used)) = escape {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            i += 1 + used;
        } else if b.is_ascii() {
            out.push(if b.is_ascii_whitespace() { b' ' } else { b });
            i += 1;
        } else {
            let c = text.get(i..).and_then(|rest| rest.chars().next());
            let len = c.map_or(1, char::len_utf8);
            if c.is_some_and(is_blank) {
                out.push(b' ');
            } else {
                out.extend_from_slice(bytes.get(i..i + len).unwrap_or_default());
            }
            i += len;
        }
    }
    buf.fill(0);
    core::hint::black_box(&buf);
    out
}

/// The character a backslash escape at the start of `rest` (the text after the backslash)
/// stands for, and how many bytes of `rest` it used; `None` if it is not a JSON escape.
fn unescape(rest: &str) -> Option<(char, usize)> {
    let simple = match rest.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = hex4(rest.get(1..5)?)?;
            if (0xD800..0xDC00).contains(&high) {
                let low = rest
                    .get(5..7)
                    .filter(|s| *s == "\\u")
                    .and_then(|_| hex4(rest.get(7..11)?))
                    .filter(|low| (0xDC00..0xE000).contains(low));
                if let Some(low) = low {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return Some((char::from_u32(c).unwrap_or('\u{FFFD}'), 11));
                }
            }
            return Some((char::from_u32(high).unwrap_or('\u{FFFD}'), 5));
        }
        _ => return None,
    };
    Some((simple, 1))
}

/// Four hex digits.
fn hex4(digits: &str) -> Option<u32> {
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(digits, 16).ok()
    } else {
        None
    }
}

#[derive(Clone, Copy)]
enum Class {
    Pem,
    Jwk,
    Der,
    OpenSsh,
}

fn reason(class: Class) -> &'static str {
    match class {
        Class::Pem => "this is a PEM key or certificate, not a shared secret; HS256 needs the API secret (a public key is no secret)",
        Class::Jwk => "this is a JWK or JWK Set, not a shared secret; HS256 needs the API secret (a public key is no secret)",
        Class::Der => "this is a base64 DER key (SPKI, PKCS#8 or PKCS#1), not a shared secret; HS256 needs the API secret (a public key is no secret)",
        Class::OpenSsh => "this is an OpenSSH public key, not a shared secret; HS256 needs the API secret (a public key is no secret)",
    }
}

/// The longest prefix of `bytes` that is UTF-8 (all of it for a text secret), without copying.
fn utf8_prefix(bytes: &[u8]) -> &str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => bytes
            .get(..e.valid_up_to())
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or_default(),
    }
}

/// JSON in which some object has a `kty` member; also a JSON-like text that is not strictly
/// valid but starts like JSON and names `"kty"` (a JWK with a trailing comma is still a key).
fn is_jwk(text: &str) -> bool {
    crate::json::has_member_anywhere(text.as_bytes(), "kty")
        || ((text.starts_with('{') || text.starts_with('[')) && contains(text, "\"kty\""))
}

/// Substring search by windows: `str::contains` links the two-way searcher (over a KB of
/// wasm) for texts that are a secret's length.
fn contains(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn is_openssh_public_key(text: &str) -> bool {
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '@' | '.')))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at_checked(name_end).unwrap_or((text, ""));
    let algorithm = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-sha2-"]
        .iter()
        .any(|prefix| name.starts_with(prefix) && name.len() > prefix.len());
    // One or more blanks between the name and the blob (a line pasted by hand may have two).
    let blob = rest.trim_start_matches([' ', '\t']);
    algorithm && blob.len() < rest.len() && blob.starts_with("AAAA")
}

/// Base64 text (standard or URL-safe alphabet, padding optional, ASCII whitespace anywhere)
/// that decodes to a DER key structure (module docs).
fn is_base64_der(text: &str) -> bool {
    // A DER key is a SEQUENCE: its first byte is 0x30, whose top six bits (001100) are `M` in
    // both alphabets. Any other first character cannot decode to one: decided without copying
    // or decoding (most secrets end here).
    if text.bytes().find(|b| !b.is_ascii_whitespace()) != Some(b'M') {
        return false;
    }
    let base64ish =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'=');
    if !text
        .bytes()
        .all(|b| base64ish(b) || b.is_ascii_whitespace())
    {
        return false;
    }
    // Allocated once at its final size, so no moved-from copy is left unwiped.
    let mut compact = Vec::with_capacity(text.len());
    compact.extend(text.bytes().filter(|b| !b.is_ascii_whitespace()));
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let mut found = false;
    for alphabet in [&alphabet::STANDARD, &alphabet::URL_SAFE] {
        if let Ok(mut der) = GeneralPurpose::new(alphabet, config).decode(&compact) {
            found |= is_der_key(&der);
            der.fill(0);
            core::hint::black_box(&der);
        }
    }
    compact.fill(0);
    core::hint::black_box(&compact);
    found
}

/// One DER element at the start of `bytes`: (tag, contents, rest).
fn der_element(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    if tag & 0x1F == 0x1F {
        return None; // high tag numbers: in no key structure
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 {
            return None; // indefinite (not DER) or absurd
        }
        let (len_bytes, after) = (rest.get(..n)?, rest.get(n..)?);
        rest = after;
        len_bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// A SEQUENCE exactly covering `bytes`, holding two or more elements that exactly tile it, the
/// first an INTEGER or a SEQUENCE.
fn is_der_key(bytes: &[u8]) -> bool {
    let Some((0x30, mut contents, [])) = der_element(bytes) else {
        return false;
    };
    let mut count = 0;
    while !contents.is_empty() {
        let Some((tag, _, rest)) = der_element(contents) else {
            return false;
        };
        if count == 0 && !matches!(tag, 0x02 | 0x30) {
            return false;
        }
        count += 1;
        contents = rest;
    }
    count >= 2
}

/// Whether `secret` repeats with a period of at most [`MAX_WEAK_PERIOD`] bytes.
fn has_short_period(secret: &[u8]) -> bool {
    (1..=MAX_WEAK_PERIOD.min(secret.len() / 2)).any(|p| {
        secret
            .iter()
            .zip(secret.iter().skip(p))
            .all(|(a, b)| a == b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    const SPKI_EC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAszXh7tfBtI9g6cWPk2PQpfS8Zmh\nva2PBvdUW05vdO0sZEpl/gvSF6Fe6R8m6OvpD4U4vv6kwWpIJCpuyK0X/w==";
    const SPKI_ED25519: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
    const PKCS8_ED25519: &str = "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC";

    fn class(secret: &[u8]) -> Option<&'static str> {
        refusal(secret, true)
    }

    #[test]
    fn keys_of_other_kinds() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
        let pem_keys = [
            pem.to_owned(),
            format!("\u{FEFF}{pem}"),
            format!("\u{A0}{pem}"),
            format!("\u{3000}\u{2003}\n{pem}"),
            format!("Subject: CN=x\n{pem}"),
        ];
        for key in &pem_keys {
            assert_eq!(class(key.as_bytes()), Some(reason(Class::Pem)), "{key:?}");
        }
        let jwks = [
            r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}"#,
            r#"{"k\u0074y":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4","e":"AQAB"}"#,
            r#"[{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4","e":"AQAB"}]"#,
            r#"{"keys":[{"e":"AQAB","kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiA"}]}"#,
            "\u{FEFF} {\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}\n",
            r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78","e":"AQAB",}"#,
        ];
        for key in jwks {
            assert_eq!(class(key.as_bytes()), Some(reason(Class::Jwk)), "{key:?}");
        }
        let ders = [
            SPKI_EC.to_owned(),
            SPKI_EC.replace('\n', ""),
            SPKI_EC.replace('\n', "\r\n"),
            SPKI_ED25519.to_owned(),
            SPKI_ED25519.trim_end_matches('=').to_owned(),
            SPKI_ED25519.replace('+', "-").replace('/', "_"),
            PKCS8_ED25519.to_owned(),
            format!("  {SPKI_ED25519}\n"),
        ];
        for key in &ders {
            assert_eq!(class(key.as_bytes()), Some(reason(Class::Der)), "{key:?}");
        }
        let ssh = [
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE user@host",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7",
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY",
            "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t",
            "\u{FEFF}ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbL",
            "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t",
        ];
        for key in ssh {
            assert_eq!(
                class(key.as_bytes()),
                Some(reason(Class::OpenSsh)),
                "{key:?}"
            );
        }
    }

    /// Keys in the dressings they pick up in env files, JSON configs and copy-paste.
    #[test]
    fn dressed_keys() {
        let jwk = r#"{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4"}"#;
        let ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE user@host";
        let cases = [
            (format!("\"{SPKI_ED25519}\""), Class::Der),
            (format!("'{SPKI_ED25519}'"), Class::Der),
            (format!("{SPKI_ED25519}\u{A0}"), Class::Der),
            (format!(" \"{SPKI_EC}\"\u{A0}\n"), Class::Der),
            (SPKI_EC.replace('\n', "\\n"), Class::Der),
            (format!("\"{}\\n\"", SPKI_EC.replace('\n', "\\r\\n")), Class::Der),
            (
                format!("\"{}\"", SPKI_EC.replace('/', "\\/").replace('\n', "\\n")),
                Class::Der,
            ),
            (format!("\u{200B}{jwk}"), Class::Jwk),
            (format!("\u{2060}{jwk}\u{2060}"), Class::Jwk),
            (serde_json::to_string(jwk).unwrap_or_default(), Class::Jwk),
            (format!("'{jwk}'"), Class::Jwk),
            (
                r#"{"\u006bty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbW",}"#
                    .to_owned(),
                Class::Jwk,
            ),
            (format!("\"{ssh}\""), Class::OpenSsh),
            (format!("'{ssh}'"), Class::OpenSsh),
            (ssh.replacen(' ', "  ", 1), Class::OpenSsh),
            (ssh.replacen(' ', " \t ", 1), Class::OpenSsh),
            (format!("\u{FEFF}\"{}\"", ssh.replacen(' ', "  ", 1)), Class::OpenSsh),
        ];
        for (key, expected) in &cases {
            assert_eq!(class(key.as_bytes()), Some(reason(*expected)), "{key:?}");
        }
    }

    /// The normalised copy is never longer than the text (so it is allocated once and wiped
    /// whole), whatever the escapes and blanks.
    #[test]
    fn undressed_copy_never_grows() {
        let texts = [
            "\\u00e9".repeat(100),
            "\\ud83d\\ude00".repeat(50),
            "\\ud83d".repeat(50),
            "\u{A0}\u{200B}\u{3000}x".repeat(80),
            "\\".repeat(101),
            "\"'\"'".to_owned(),
            "\"".to_owned(),
            String::new(),
        ];
        for text in &texts {
            let copy = undressed(stripped(text));
            assert!(copy.len() <= text.len(), "{text:?}");
            assert!(core::str::from_utf8(&copy).is_ok(), "{text:?}");
        }
        // Escapes undone once (a decoded newline stays one), blanks become spaces.
        assert_eq!(
            undressed(stripped("\"a\\u00e9\\ud83d\\ude00\\n\\x\u{A0}\u{2060}b\"")),
            "aé😀\n\\x  b".as_bytes()
        );
        assert_eq!(stripped("\u{A0}'\"quoted\"' \n"), "\"quoted\"");
    }

    /// Random secrets, in the forms people generate them (raw bytes, hex, base64, printable
    /// ASCII with quotes and backslashes), bare and quoted, are never taken for keys.
    #[test]
    fn random_secrets_are_accepted() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            // xorshift64*: deterministic, so a failure names a reproducible secret.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let printable: Vec<u8> = (0x20..0x7F).collect();
        for round in 0..1500 {
            let len = 32 + usize::try_from(next() % 33).unwrap_or(0);
            let bytes: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            let text: String = (0..len)
                .map(|_| {
                    let i = usize::try_from(next() % 95).unwrap_or(0);
                    char::from(printable.get(i).copied().unwrap_or(b'x'))
                })
                .collect();
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let forms = [
                STANDARD.encode(&bytes),
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes),
                hex,
                text,
            ];
            assert_eq!(refusal(&bytes, false), None, "round {round}: {bytes:?}");
            for form in &forms {
                for secret in [form.clone(), format!("\"{form}\""), format!("'{form}'")] {
                    assert_eq!(
                        refusal(secret.as_bytes(), false),
                        None,
                        "round {round}: {secret:?}"
                    );
                }
            }
        }
    }

    /// The shortcut in `is_base64_der`: whatever follows the SEQUENCE tag, the base64 text of
    /// a DER SEQUENCE starts with `M` in both alphabets.
    #[test]
    fn der_sequences_start_with_m() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        for second in 0..=255u8 {
            for third in [0u8, 0x7F, 0xFF] {
                let der = [0x30, second, third];
                assert!(STANDARD.encode(der).starts_with('M'), "{der:?}");
                assert!(URL_SAFE_NO_PAD.encode(der).starts_with('M'), "{der:?}");
            }
        }
        assert!(!is_base64_der("NFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"));
        assert!(is_base64_der(&format!("\n  {SPKI_ED25519}")));
    }

    #[test]
    fn degenerate_secrets() {
        let weak: Vec<Vec<u8>> = vec![
            vec![0u8; 32],
            vec![0xAAu8; 131],
            b"k".repeat(32),
            b"ab".repeat(20),
            b"abc".repeat(11),
            b"password".repeat(4),
            b"12345678".repeat(8),
        ];
        for secret in &weak {
            assert_eq!(
                refusal(secret, false),
                Some("the secret is one byte repeated or a short repeating pattern; use 32 random bytes"),
                "{secret:?}"
            );
            // allow_weak is the explicit escape hatch for development secrets.
            assert_eq!(refusal(secret, true), None);
        }
        for secret in [
            &b"password!".repeat(4)[..], // period 9
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
            b"isometrik-test-secret-0123456789",
        ] {
            assert_eq!(refusal(secret, false), None, "{secret:?}");
        }
    }

    #[test]
    fn ordinary_secrets_are_not_keys() {
        for secret in [
            "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
            "ssh-is-not-a-key-but-a-32-byte-secret!!",
            "ssh-ed25519-without-a-blob-32-bytes-long",
            "{not json but 32+ bytes of secret material}",
            "BEGIN-----but-this-is-a-random-secret-string",
            // Base64 of random bytes, and of a SEQUENCE that does not tile.
            "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
            "MB4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ] {
            assert_eq!(refusal(secret.as_bytes(), false), None, "{secret}");
        }
        // A base64 text decoding to a bare SEQUENCE of one element is not a key either.
        let one = STANDARD.encode(
            [0x30, 0x22, 0x04, 0x20]
                .iter()
                .chain(&[7u8; 32])
                .copied()
                .collect::<Vec<_>>(),
        );
        assert_eq!(refusal(one.as_bytes(), false), None, "{one}");
    }
}
