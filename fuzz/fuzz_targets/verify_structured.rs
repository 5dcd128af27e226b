//! A structured variant of `verify`: the fuzzer builds a header and a claims payload from
//! parts (mostly valid values, some hostile), may edit the encoded segments, and the token is
//! then signed with the fixed key, so that inputs get past the MAC and exercise the header,
//! JSON and claim rules. The crate's verdict must equal the strict reference's both ways,
//! with the same claims when both accept.
#![no_main]

use arbitrary::Arbitrary;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use isometrik_token_fuzz::{check_verify, hs256, MAX_DATE, NOW, SECRET};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Leaf {
    Str(String),
    Int(i64),
    Big(u64),
    Float(f64),
    Bool(bool),
    Null,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Perm {
    CanPublish,
    CanSubscribe,
    CanUpdateMetadata,
    CanUpdateRoom,
    CanRemoveParticipants,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Val {
    /// A valid value for the member it is given to.
    Good,
    Leaf(Leaf),
    Arr(Vec<Leaf>),
    Obj(Vec<(String, Leaf)>),
    Perms(Vec<(Perm, Leaf)>),
    /// `n` nested arrays around a leaf (the depth limit is 127).
    Deep(u8, Leaf),
    /// NOW + offset.
    Date(i32),
}

#[derive(Arbitrary, Debug, PartialEq)]
enum Claim {
    Iss,
    Sub,
    Room,
    Exp,
    Nbf,
    Iat,
    Permissions,
    Name,
    Metadata,
    Aud,
    Jti,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum HName {
    Alg,
    Typ,
    Crit,
    B64,
    Kid,
    Jwk,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Header {
    Standard,
    Fields(Vec<(HName, Val)>),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Target {
    Header,
    Payload,
    Signature,
    Token,
}

#[derive(Arbitrary, Debug)]
enum EditKind {
    Insert(char),
    Delete,
    Replace(char),
}

#[derive(Arbitrary, Debug)]
struct Edit {
    target: Target,
    at: u16,
    kind: EditKind,
}

#[derive(Arbitrary, Debug)]
struct Input {
    header: Header,
    /// Start from a valid claim set (iss, sub, room, exp).
    defaults: bool,
    claims: Vec<(Claim, Val)>,
    /// Append claims even when the name is already there (duplicates).
    allow_duplicates: bool,
    /// Whitespace between members.
    pretty: bool,
    edits: Vec<Edit>,
    now_offset: i32,
    leeway: u16,
}

fn leaf(l: &Leaf) -> String {
    match l {
        Leaf::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        Leaf::Int(i) => i.to_string(),
        Leaf::Big(u) => u.to_string(),
        Leaf::Float(f) => format!("{f:?}"),
        Leaf::Bool(b) => b.to_string(),
        Leaf::Null => "null".into(),
        Leaf::Raw(r) => r.clone(),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn value(v: &Val, good: &str) -> String {
    match v {
        Val::Good => good.to_owned(),
        Val::Leaf(l) => leaf(l),
        Val::Arr(items) => format!("[{}]", items.iter().map(leaf).collect::<Vec<_>>().join(",")),
        Val::Obj(members) => object(members.iter().map(|(k, l)| (quoted(k), leaf(l))), false),
        Val::Perms(members) => object(
            members.iter().map(|(p, l)| {
                let name = match p {
                    Perm::CanPublish => "canPublish",
                    Perm::CanSubscribe => "canSubscribe",
                    Perm::CanUpdateMetadata => "canUpdateMetadata",
                    Perm::CanUpdateRoom => "canUpdateRoom",
                    Perm::CanRemoveParticipants => "canRemoveParticipants",
                    Perm::Other(s) => s,
                };
                (quoted(name), leaf(l))
            }),
            false,
        ),
        Val::Deep(n, l) => {
            let n = usize::from(*n);
            format!("{}{}{}", "[".repeat(n), leaf(l), "]".repeat(n))
        }
        Val::Date(offset) => (NOW + i64::from(*offset)).to_string(),
    }
}

fn object(members: impl Iterator<Item = (String, String)>, pretty: bool) -> String {
    let sep = if pretty { ",\n  " } else { "," };
    let body: Vec<String> = members
        .map(|(k, v)| {
            if pretty {
                format!("{k} : {v}")
            } else {
                format!("{k}:{v}")
            }
        })
        .collect();
    format!("{{{}}}", body.join(sep))
}

fn claim_name(c: &Claim) -> (&str, String) {
    let good = |s: &str| s.to_owned();
    match c {
        Claim::Iss => ("iss", good("\"APIfuzz\"")),
        Claim::Sub => ("sub", good("\"alice\"")),
        Claim::Room => ("room", good("\"room-1\"")),
        Claim::Exp => ("exp", (NOW + 3600).to_string()),
        Claim::Nbf => ("nbf", NOW.to_string()),
        Claim::Iat => ("iat", NOW.to_string()),
        Claim::Permissions => ("permissions", good(r#"{"canPublish":true}"#)),
        Claim::Name => ("name", good("\"Alice\"")),
        Claim::Metadata => ("metadata", good("\"{}\"")),
        Claim::Aud => ("aud", good("[\"x\"]")),
        Claim::Jti => ("jti", good("\"id-1\"")),
        Claim::Other(s) => (s.as_str(), good("1")),
    }
}

fn edit(s: &mut String, at: u16, kind: &EditKind) {
    let mut chars: Vec<char> = s.chars().collect();
    let i = usize::from(at) % (chars.len() + 1);
    match kind {
        EditKind::Insert(c) => chars.insert(i, *c),
        EditKind::Delete if i < chars.len() => {
            chars.remove(i);
        }
        EditKind::Replace(c) if i < chars.len() => chars[i] = *c,
        _ => {}
    }
    *s = chars.into_iter().collect();
}

fuzz_target!(|input: Input| {
    let header = match &input.header {
        Header::Standard => r#"{"alg":"HS256","typ":"JWT"}"#.to_owned(),
        Header::Raw(r) => r.clone(),
        Header::Fields(fields) => object(
            fields.iter().map(|(n, v)| {
                let (name, good) = match n {
                    HName::Alg => ("alg", "\"HS256\""),
                    HName::Typ => ("typ", "\"JWT\""),
                    HName::Crit => ("crit", "[\"exp\"]"),
                    HName::B64 => ("b64", "true"),
                    HName::Kid => ("kid", "\"k1\""),
                    HName::Jwk => ("jwk", r#"{"kty":"oct","k":"AAAA"}"#),
                    HName::Other(s) => (s.as_str(), "1"),
                };
                (quoted(name), value(v, good))
            }),
            false,
        ),
    };
    let mut members: Vec<(String, String)> = Vec::new();
    if input.defaults {
        for c in [Claim::Iss, Claim::Sub, Claim::Room, Claim::Exp] {
            let (name, good) = claim_name(&c);
            members.push((name.to_owned(), good));
        }
    }
    for (c, v) in &input.claims {
        let (name, good) = claim_name(c);
        let rendered = value(v, &good);
        match members.iter_mut().find(|(k, _)| k == name) {
            Some(slot) if !input.allow_duplicates => slot.1 = rendered,
            _ => members.push((name.to_owned(), rendered)),
        }
    }
    let payload = object(
        members.into_iter().map(|(k, v)| (quoted(&k), v)),
        input.pretty,
    );

    let mut h = URL_SAFE_NO_PAD.encode(header);
    let mut p = URL_SAFE_NO_PAD.encode(payload);
    let edits = &input.edits[..input.edits.len().min(4)];
    for e in edits {
        match e.target {
            Target::Header => edit(&mut h, e.at, &e.kind),
            Target::Payload => edit(&mut p, e.at, &e.kind),
            _ => {}
        }
    }
    let mut s = URL_SAFE_NO_PAD.encode(hs256(SECRET, format!("{h}.{p}").as_bytes()));
    for e in edits {
        if let Target::Signature = e.target {
            edit(&mut s, e.at, &e.kind);
        }
    }
    let mut token = format!("{h}.{p}.{s}");
    for e in edits {
        if let Target::Token = e.target {
            edit(&mut token, e.at, &e.kind);
        }
    }
    let now = (NOW + i64::from(input.now_offset)).clamp(0, MAX_DATE);
    let leeway = i64::from(input.leeway % 3601);
    check_verify(&token, now, leeway);
    let _ = isometrik_token::dangerous::decode(&token);
});
