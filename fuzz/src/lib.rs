//! Reference checks for the fuzz targets, written independently of `isometrik_token`:
//! a strict base64url decoder, a strict JSON parser (duplicate names refused at every depth),
//! the claim rules re-implemented from the documented table in `src/claims.rs`, and the MAC
//! through the `hmac` crate directly. Simple and slow on purpose.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The verification clock of the fuzz targets.
pub const NOW: i64 = 1_700_000_000;
/// The secret of the fuzz targets (32 bytes).
pub const SECRET: &[u8] = b"fuzz-secret-fuzz-secret-fuzz-32b";
/// The API key of the fuzz targets.
pub const API_KEY: &str = "APIfuzz";
/// The largest token accepted (16 KiB, as documented).
pub const MAX_LEN: usize = 16 * 1024;
/// The largest NumericDate (9999-12-31T23:59:59Z).
pub const MAX_DATE: i64 = 253_402_300_799;
/// Deepest accepted nesting of arrays and objects (the top-level object counts as 1).
pub const MAX_DEPTH: usize = 127;

// ------------------------------------------------------------------ base64url

fn b64_value(c: u8) -> Option<u32> {
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

/// Strict base64url (RFC 4648 section 5): no padding, no other characters, and the unused
/// trailing bits must be zero (so there is exactly one encoding of any byte string).
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for &c in chunk {
            acc = (acc << 6) | b64_value(c)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]),
            3 => {
                if acc & 0b11 != 0 {
                    return None;
                }
                out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
            }
            2 => {
                if acc & 0b1111 != 0 {
                    return None;
                }
                out.push((acc >> 4) as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

// ------------------------------------------------------------------ JSON

/// A JSON value; numbers keep their text, objects their member order.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    /// A member of an object.
    pub fn get(&self, name: &str) -> Option<&J> {
        match self {
            J::Obj(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    /// Record duplicate names in `saw_duplicate` instead of failing (for [`json_kind`]).
    allow_duplicates: bool,
    saw_duplicate: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, lit: &[u8]) -> Option<()> {
        if self.s.get(self.i..self.i + lit.len())? == lit {
            self.i += lit.len();
            Some(())
        } else {
            None
        }
    }
    fn value(&mut self, depth: usize) -> Option<J> {
        self.ws();
        match self.peek()? {
            b'{' => {
                if depth + 1 > MAX_DEPTH {
                    return None;
                }
                self.i += 1;
                let mut members: Vec<(String, J)> = Vec::new();
                self.ws();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(J::Obj(members));
                }
                loop {
                    self.ws();
                    let name = self.string()?;
                    if members.iter().any(|(k, _)| *k == name) {
                        if !self.allow_duplicates {
                            return None; // duplicate member name
                        }
                        self.saw_duplicate = true;
                    }
                    self.ws();
                    self.eat(b":")?;
                    let v = self.value(depth + 1)?;
                    members.push((name, v));
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(J::Obj(members));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                if depth + 1 > MAX_DEPTH {
                    return None;
                }
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(J::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(J::Arr(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(J::Str),
            b't' => self.eat(b"true").map(|()| J::Bool(true)),
            b'f' => self.eat(b"false").map(|()| J::Bool(false)),
            b'n' => self.eat(b"null").map(|()| J::Null),
            _ => self.number(),
        }
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }
    fn number(&mut self) -> Option<J> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        // Numbers must be finite as IEEE doubles (1e400 is refused).
        if !text.parse::<f64>().ok()?.is_finite() {
            return None;
        }
        Some(J::Num(text.to_owned()))
    }
    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }
    fn string(&mut self) -> Option<String> {
        self.eat(b"\"")?;
        let mut out = String::new();
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b"\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(cp)?); // lone surrogates refused here
                        }
                        _ => return None,
                    }
                }
                0..=0x1F => return None,
                _ => {
                    // One UTF-8 character, validated by std.
                    let len = match c {
                        0x00..=0x7F => 1,
                        0xC0..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        0xF0..=0xF7 => 4,
                        _ => return None,
                    };
                    let ch = std::str::from_utf8(self.s.get(self.i..self.i + len)?).ok()?;
                    out.push_str(ch);
                    self.i += len;
                }
            }
        }
    }
}

/// Parses exactly one JSON object (whitespace around it allowed), strictly: RFC 8259 grammar,
/// UTF-8, no duplicate member names at any depth, finite numbers, depth at most 127.
pub fn parse_object(bytes: &[u8]) -> Option<J> {
    let mut p = Parser {
        s: bytes,
        i: 0,
        allow_duplicates: false,
        saw_duplicate: false,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != bytes.len() {
        return None;
    }
    matches!(v, J::Obj(_)).then_some(v)
}

/// The kind of refusal the crate must report for `bytes`, by the documented precedence (not
/// JSON at all, then a duplicate name anywhere, then valid but not an object), whatever the
/// order of the faults in the text: `"invalid"`, `"duplicate"`, `"not-object"`.
pub fn json_kind(bytes: &[u8]) -> Result<(), &'static str> {
    // The grammar is checked over the whole text as UTF-8 first, as the crate documents.
    if std::str::from_utf8(bytes).is_err() {
        return Err("invalid");
    }
    let mut p = Parser {
        s: bytes,
        i: 0,
        allow_duplicates: true,
        saw_duplicate: false,
    };
    let Some(v) = p.value(0) else {
        return Err("invalid");
    };
    p.ws();
    if p.i != bytes.len() {
        return Err("invalid");
    }
    if p.saw_duplicate {
        return Err("duplicate");
    }
    match v {
        J::Obj(_) => Ok(()),
        _ => Err("not-object"),
    }
}

// ------------------------------------------------------------------ claims

/// The claims the reference extracted from an accepted token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefClaims {
    pub iss: String,
    pub sub: String,
    pub room: String,
    pub name: Option<String>,
    pub metadata: Option<String>,
    /// (name, value) for every permission present.
    pub permissions: Vec<(String, bool)>,
    pub exp: i64,
    pub nbf: Option<i64>,
    pub iat: Option<i64>,
}

const PERMISSIONS: [&str; 5] = [
    "canPublish",
    "canSubscribe",
    "canUpdateMetadata",
    "canUpdateRoom",
    "canRemoveParticipants",
];

/// Default_Ignorable_Code_Point, copied in the UCD's own format (DerivedCoreProperties.txt,
/// Unicode 16.0) and parsed at run time, independently of the crate's table.
const DERIVED_DI: &str = "
00AD          ; Default_Ignorable_Code_Point
034F          ; Default_Ignorable_Code_Point
061C          ; Default_Ignorable_Code_Point
115F..1160    ; Default_Ignorable_Code_Point
17B4..17B5    ; Default_Ignorable_Code_Point
180B..180D    ; Default_Ignorable_Code_Point
180E          ; Default_Ignorable_Code_Point
180F          ; Default_Ignorable_Code_Point
200B..200F    ; Default_Ignorable_Code_Point
202A..202E    ; Default_Ignorable_Code_Point
2060..2064    ; Default_Ignorable_Code_Point
2065          ; Default_Ignorable_Code_Point
2066..206F    ; Default_Ignorable_Code_Point
3164          ; Default_Ignorable_Code_Point
FE00..FE0F    ; Default_Ignorable_Code_Point
FEFF          ; Default_Ignorable_Code_Point
FFA0          ; Default_Ignorable_Code_Point
FFF0..FFF8    ; Default_Ignorable_Code_Point
1BCA0..1BCA3  ; Default_Ignorable_Code_Point
1D173..1D17A  ; Default_Ignorable_Code_Point
E0000         ; Default_Ignorable_Code_Point
E0001         ; Default_Ignorable_Code_Point
E0002..E001F  ; Default_Ignorable_Code_Point
E0020..E007F  ; Default_Ignorable_Code_Point
E0080..E00FF  ; Default_Ignorable_Code_Point
E0100..E01EF  ; Default_Ignorable_Code_Point
E01F0..E0FFF  ; Default_Ignorable_Code_Point
";

fn ucd_contains(table: &str, c: char) -> bool {
    let c = c as u32;
    table.lines().filter(|l| !l.trim().is_empty()).any(|line| {
        let range = line.split(';').next().unwrap_or("").trim();
        let (lo, hi) = range.split_once("..").unwrap_or((range, range));
        let lo = u32::from_str_radix(lo, 16).expect("hex");
        let hi = u32::from_str_radix(hi, 16).expect("hex");
        lo <= c && c <= hi
    })
}

/// Identity, room and display name (src/text.rs): at most 256 bytes; no Cc, U+2028/U+2029,
/// Bidi_Control (U+061C U+200E U+200F U+202A-U+202E U+2066-U+2069) or other default-ignorable
/// except ZWNJ/ZWJ, variation selectors, and tags in an emoji tag sequence (U+1F3F4, one or
/// more of U+E0020-U+E007E, U+E007F); something visible (not White_Space, not default-ignorable,
/// not U+2800).
fn name_ok(s: &str) -> bool {
    const BIDI: [u32; 11] = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
    ];
    let forbidden = |c: char| {
        (c as u32) < 0x20
            || (0x7F..=0x9F).contains(&(c as u32))
            || c == '\u{2028}'
            || c == '\u{2029}'
            || c == '\u{2069}'
            || BIDI.contains(&(c as u32))
    };
    let allowed_ignorable = |c: char| {
        matches!(c as u32, 0x200C | 0x200D | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
    };
    let chars: Vec<char> = s.chars().collect();
    // Mark the tag characters that form emoji tag sequences.
    let mut in_sequence = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\u{1F3F4}' {
            let mut j = i + 1;
            while j < chars.len() && (0xE0020..=0xE007E).contains(&(chars[j] as u32)) {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && chars[j] == '\u{E007F}' {
                for flag in &mut in_sequence[i + 1..=j] {
                    *flag = true;
                }
                i = j;
            }
        }
        i += 1;
    }
    let invisible_ok = chars.iter().zip(&in_sequence).all(|(&c, &tagged)| {
        !ucd_contains(DERIVED_DI, c) || allowed_ignorable(c) || tagged
    });
    let visible = chars
        .iter()
        .any(|&c| !c.is_whitespace() && !ucd_contains(DERIVED_DI, c) && c != '\u{2800}');
    visible && s.len() <= 256 && !s.chars().any(forbidden) && invisible_ok
}

fn date(v: Option<&J>) -> Result<Option<i64>, ()> {
    match v {
        None => Ok(None),
        Some(J::Num(t)) => {
            // An integer: -?(0|[1-9][0-9]*), no fraction or exponent; "-0" is not a date.
            let digits = t.strip_prefix('-').unwrap_or(t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || t == "-0" {
                return Err(());
            }
            let n: i64 = t.parse().map_err(|_| ())?;
            if (0..=MAX_DATE).contains(&n) {
                Ok(Some(n))
            } else {
                Err(())
            }
        }
        Some(_) => Err(()),
    }
}

fn opt_string(v: Option<&J>) -> Result<Option<&str>, ()> {
    match v {
        None => Ok(None),
        Some(J::Str(s)) => Ok(Some(s)),
        Some(_) => Err(()),
    }
}

/// The claim rules (module docs of `src/claims.rs`), without time.
pub fn claims(payload: &J) -> Option<RefClaims> {
    let iss = opt_string(payload.get("iss")).ok()??;
    if iss.is_empty() || iss.len() > 256 || !iss.bytes().all(|b| (0x21..=0x7E).contains(&b)) {
        return None;
    }
    let sub = opt_string(payload.get("sub")).ok()??;
    let room = opt_string(payload.get("room")).ok()??;
    if !name_ok(sub) || !name_ok(room) {
        return None;
    }
    let name = opt_string(payload.get("name")).ok()?;
    if name.is_some_and(|n| !name_ok(n)) {
        return None;
    }
    let metadata = opt_string(payload.get("metadata")).ok()?;
    if metadata.is_some_and(|m| m.len() > 8192) {
        return None;
    }
    let mut permissions = Vec::new();
    match payload.get("permissions") {
        None => {}
        Some(J::Obj(members)) => {
            for (k, v) in members {
                let J::Bool(b) = v else { return None };
                if !PERMISSIONS.contains(&k.as_str()) {
                    return None;
                }
                permissions.push((k.clone(), *b));
            }
        }
        Some(_) => return None,
    }
    let exp = date(payload.get("exp")).ok()??;
    let nbf = date(payload.get("nbf")).ok()?;
    let iat = date(payload.get("iat")).ok()?;
    match payload.get("aud") {
        None | Some(J::Str(_)) => {}
        Some(J::Arr(items)) if items.iter().all(|i| matches!(i, J::Str(_))) => {}
        Some(_) => return None,
    }
    if !matches!(payload.get("jti"), None | Some(J::Str(_))) {
        return None;
    }
    Some(RefClaims {
        iss: iss.to_owned(),
        sub: sub.to_owned(),
        room: room.to_owned(),
        name: name.map(str::to_owned),
        metadata: metadata.map(str::to_owned),
        permissions,
        exp,
        nbf,
        iat,
    })
}

/// The header rules: `alg` exactly "HS256", no `crit`, `typ` absent or "JWT" in any case,
/// `b64` absent or true.
pub fn header_ok(header: &J) -> bool {
    header.get("alg") == Some(&J::Str("HS256".into()))
        && header.get("crit").is_none()
        && match header.get("typ") {
            None => true,
            Some(J::Str(t)) => t.eq_ignore_ascii_case("JWT"),
            Some(_) => false,
        }
        && matches!(header.get("b64"), None | Some(J::Bool(true)))
}

/// The three segments, if the token is at most 16 KiB with exactly two dots.
pub fn split(token: &str) -> Option<[&str; 3]> {
    if token.len() > MAX_LEN {
        return None;
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts[..] {
        [h, p, s] => Some([h, p, s]),
        _ => None,
    }
}

/// HMAC-SHA256 through the `hmac` crate.
pub fn hs256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The whole reference verification with `SECRET` at `now` with `leeway`, expecting
/// `API_KEY` as issuer if `check_issuer`.
pub fn verify(token: &str, now: i64, leeway: i64, check_issuer: bool) -> Option<RefClaims> {
    let [h, p, s] = split(token)?;
    let header = parse_object(&b64url_decode(h)?)?;
    if !header_ok(&header) {
        return None;
    }
    let sig = b64url_decode(s)?;
    if sig != hs256(SECRET, format!("{h}.{p}").as_bytes()) {
        return None;
    }
    let payload = parse_object(&b64url_decode(p)?)?;
    let c = claims(&payload)?;
    if check_issuer && c.iss != API_KEY {
        return None;
    }
    if let Some(nbf) = c.nbf {
        if now < nbf - leeway {
            return None;
        }
    }
    if now >= c.exp + leeway {
        return None;
    }
    Some(c)
}

/// The reference's view of the crate's claims, to compare an accepted token's contents.
pub fn from_crate(c: &isometrik_token::Claims) -> RefClaims {
    let mut permissions = Vec::new();
    for name in PERMISSIONS {
        if let Some(b) = c.permissions.get(name) {
            permissions.push((name.to_owned(), b));
        }
    }
    RefClaims {
        iss: c.api_key.clone(),
        sub: c.identity.clone(),
        room: c.room.clone(),
        name: c.name.clone(),
        metadata: c.metadata.clone(),
        permissions,
        exp: c.exp,
        nbf: c.not_before,
        iat: c.issued_at,
    }
}

/// Compares the crate's verdict with the reference's, both ways, and on success the claims.
/// Panics (a fuzzer finding) on any disagreement.
pub fn check_verify(token: &str, now: i64, leeway: i64) {
    use isometrik_token::{Signer, VerifyOptions};
    let signer = Signer::new(API_KEY, SECRET).expect("valid signer");
    let options = VerifyOptions {
        now,
        leeway,
        api_key: None,
        room: None,
    };
    let ours = signer.verify(token, &options);
    let reference = verify(token, now, leeway, true);
    match (&ours, &reference) {
        (Ok(c), Some(r)) => {
            let mut ours = from_crate(c);
            let mut r = r.clone();
            ours.permissions.sort();
            r.permissions.sort();
            assert_eq!(ours, r, "accepted, but claims differ for {token:?}");
        }
        (Ok(_), None) => panic!("ours accepts what the reference rejects: {token:?}"),
        (Err(e), Some(_)) => panic!(
            "ours rejects ({}) what the reference accepts: {token:?}",
            e.code()
        ),
        (Err(_), None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    /// xorshift64*, for reproducible pseudo-random inputs.
    fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed >> 12;
        *seed ^= *seed << 25;
        *seed ^= *seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    #[test]
    fn base64_decoder_agrees_with_the_base64_crate() {
        let alphabet = b"AQgwBCDE-_+/=.xyz0189 ";
        let mut seed = 0x1234_5678_9abc_def0;
        for _ in 0..200_000 {
            let len = (rng(&mut seed) % 9) as usize;
            let s: String = (0..len)
                .map(|_| char::from(alphabet[(rng(&mut seed) % alphabet.len() as u64) as usize]))
                .collect();
            assert_eq!(b64url_decode(&s), URL_SAFE_NO_PAD.decode(&s).ok(), "{s:?}");
        }
    }

    #[test]
    fn json_parser() {
        let ok = [
            r#"{}"#,
            r#" {"a" : [1, -0, 2.5e-3, true, false, null, "\u00e9\ud83c\udfa5\n"]} "#,
            r#"{"a":{"a":{"a":1}}}"#,
        ];
        for s in ok {
            assert!(parse_object(s.as_bytes()).is_some(), "{s}");
            assert!(serde_json::from_str::<serde_json::Value>(s).is_ok(), "{s}");
        }
        let deep_ok = format!("{{\"a\":{}{}}}", "[".repeat(126), "]".repeat(126));
        assert!(parse_object(deep_ok.as_bytes()).is_some());
        let too_deep = format!("{{\"a\":{}{}}}", "[".repeat(127), "]".repeat(127));
        assert!(parse_object(too_deep.as_bytes()).is_none());
        let bad = [
            "",
            "[]",
            "1",
            "{",
            "{}x",
            "{}{}",
            r#"{"a":1,"a":2}"#,
            r#"{"a":[{"b":1,"b":1}]}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":+1}"#,
            r#"{"a":NaN}"#,
            r#"{"a":1e400}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00"}"#,
            "{\"a\":\"\t\"}",
            r#"{"a":"\x"}"#,
            r#"{'a':1}"#,
            r#"{"a":1,}"#,
            "\u{feff}{}",
        ];
        for s in bad {
            assert!(parse_object(s.as_bytes()).is_none(), "{s}");
        }
        assert!(parse_object(b"{\"a\":\"\xff\"}").is_none());
        assert!(parse_object(br#"{"\u0061":1,"a":2}"#).is_none());
    }

    #[test]
    fn seeds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/verify");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let token = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let accepted = verify(&token, NOW, 10, true).is_some();
            assert_eq!(accepted, name.starts_with("valid"), "{name}");
            check_verify(&token, NOW, 10);
        }
    }
}
