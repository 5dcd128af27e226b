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
//! And, unless weak secrets are allowed: a secret whose bytes repeat with a period of at most
//! [`MAX_WEAK_PERIOD`] bytes (all zeros, `abab…`, a word repeated), which has at most that many
//! bytes of entropy whatever its length.
//!
//! Copies of the secret made here (the base64 check) are overwritten before they are freed.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// Secrets whose bytes repeat with a period up to this are refused as degenerate.
pub(crate) const MAX_WEAK_PERIOD: usize = 8;

/// Why `secret` must not be used as an HMAC secret, if it must not.
pub(crate) fn refusal(secret: &[u8], allow_weak: bool) -> Option<&'static str> {
    let text = utf8_prefix(secret);
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    // The JSON and base64 forms are text throughout; PEM and OpenSSH are judged by how they
    // start (or by their armour lines) even if binary junk follows.
    let whole = text.len() == secret.len();
    if trimmed.starts_with("-----BEGIN")
        || (contains(text, "-----BEGIN ") && contains(text, "-----END "))
    {
        return Some(reason(Class::Pem));
    }
    if whole && is_jwk(trimmed) {
        return Some(reason(Class::Jwk));
    }
    if is_openssh_public_key(trimmed) {
        return Some(reason(Class::OpenSsh));
    }
    if whole && is_base64_der(trimmed) {
        return Some(reason(Class::Der));
    }
    if !allow_weak && secret.len() > MAX_WEAK_PERIOD && has_short_period(secret) {
        return Some(
            "the secret is one byte repeated or a short repeating pattern; use 32 random bytes",
        );
    }
    None
}

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
    algorithm && (rest.starts_with(" AAAA") || rest.starts_with("\tAAAA"))
}

/// Base64 text (standard or URL-safe alphabet, padding optional, ASCII whitespace anywhere)
/// that decodes to a DER key structure (module docs).
fn is_base64_der(text: &str) -> bool {
    let base64ish =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'=');
    if !text
        .bytes()
        .all(|b| base64ish(b) || b.is_ascii_whitespace())
    {
        return false;
    }
    let mut compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
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
