//! `decode` on arbitrary text: never panics; when it succeeds, every segment is the strict
//! base64url encoding of what was decoded (decode then encode gives back the input exactly),
//! and the header and payload are what an independent strict JSON parser reads. And the other
//! way: what the reference can split, decode and parse, `decode` accepts.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use isometrik_token_fuzz::{b64url_decode, parse_object, split, J};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn to_value(j: &J) -> Value {
    match j {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Num(t) => serde_json::from_str(t).expect("a finite JSON number"),
        J::Str(s) => Value::String(s.clone()),
        J::Arr(items) => Value::Array(items.iter().map(to_value).collect()),
        J::Obj(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
        ),
    }
}

/// The reference's reading of a token: header and payload objects, signature bytes.
fn reference(token: &str) -> Option<(J, J, Vec<u8>)> {
    let [h, p, s] = split(token)?;
    if h.is_empty() || p.is_empty() {
        return None;
    }
    let header = parse_object(&b64url_decode(h)?)?;
    let payload = parse_object(&b64url_decode(p)?)?;
    Some((header, payload, b64url_decode(s)?))
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let ours = isometrik_token::dangerous::decode(token);
    let reference = reference(token);
    match (ours, reference) {
        (Ok(d), Some((header, payload, signature))) => {
            let [h, p, s] = split(token).expect("split above");
            assert_eq!(
                URL_SAFE_NO_PAD.encode(&d.header_json),
                h,
                "header round trip"
            );
            assert_eq!(
                URL_SAFE_NO_PAD.encode(&d.payload_json),
                p,
                "payload round trip"
            );
            assert_eq!(
                URL_SAFE_NO_PAD.encode(&signature),
                s,
                "signature round trip"
            );
            assert_eq!(
                Value::Object(d.header),
                to_value(&header),
                "header contents"
            );
            assert_eq!(
                Value::Object(d.payload),
                to_value(&payload),
                "payload contents"
            );
        }
        (Ok(_), None) => panic!("decode accepts what the strict reference rejects: {token:?}"),
        (Err(e), Some(_)) => panic!(
            "decode rejects ({}) what the strict reference accepts: {token:?}",
            e.code()
        ),
        (Err(_), None) => {}
    }
});
