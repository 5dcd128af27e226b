//! The crate's strict JSON reader (src/json.rs) against the independent reference parser
//! (src/lib.rs) on arbitrary bytes: the same verdict, and on refusal the same kind (not JSON,
//! duplicate name, not an object). When both accept, serde_json (which builds the Rust
//! `decode`'s maps after our reader) accepts too and reads the same object as the reference.
#![no_main]

use isometrik_token_fuzz::{json_kind, parse_object, J};
use libfuzzer_sys::fuzz_target;

fn members(j: &J) -> usize {
    match j {
        J::Obj(m) => m.len(),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = isometrik_token::fuzzing::json_kind(data);
    let reference = json_kind(data);
    assert_eq!(ours, reference, "{:?}", String::from_utf8_lossy(data));
    if ours.is_ok() {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(data).expect("serde_json accepts what we accept");
        let reference = parse_object(data).expect("the reference accepts");
        assert_eq!(map.len(), members(&reference));
    }
});
