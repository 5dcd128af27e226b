//! The claims of an Isometrik access token, the permissions object, and the rules that
//! every value must follow (the same rules when creating and when verifying).
//!
//! | claim | type | rule |
//! |---|---|---|
//! | `iss` | string | the API key: 1–256 bytes of printable ASCII (`!`..=`~`, no spaces) |
//! | `sub` | string | participant identity: at most 256 UTF-8 bytes; at least one visible character; no control characters (Cc), U+2028/U+2029, Bidi_Control (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069) or other Default_Ignorable_Code_Point except ZWJ, ZWNJ, variation selectors and emoji tag sequences (the rule and its references: `src/text.rs`) |
//! | `room` | string | room name or id: same rule as `sub` |
//! | `iat`, `nbf` | integer | NumericDate (seconds since 1970), 0 ..= 253402300799 (year 9999); optional when verifying |
//! | `exp` | integer | NumericDate, required |
//! | `permissions` | object | only `canPublish`, `canSubscribe`, `canUpdateMetadata`, `canUpdateRoom`, `canRemoveParticipants`, each a boolean; only the ones set are written into it, and the object itself is always written (`{}` when none is set) |
//! | `name` | string | optional display name: same rule as `sub` |
//! | `metadata` | string | optional, at most 8192 UTF-8 bytes, anything else allowed |
//!
//! NumericDates must be JSON integers: strings, fractions and exponents are refused.
//! Other claims are ignored when verifying, except that `aud` (string or array of strings)
//! and `jti` (string) must have their registered types if present.
//!
//! Length: over 400 lines because the claims, their rules and their one-pass reader belong
//! together (each rule is applied when creating and when reading); a tenth is tests.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::json::{JsonError, Member, Scalar, Sink};

/// The largest NumericDate accepted: 9999-12-31T23:59:59Z.
pub const MAX_NUMERIC_DATE: i64 = 253_402_300_799;
/// The longest identity, room or display name, in UTF-8 bytes.
pub const MAX_NAME_LEN: usize = 256;
/// The longest API key, in bytes.
pub const MAX_API_KEY_LEN: usize = 256;
/// The longest `metadata` string, in UTF-8 bytes.
pub const MAX_METADATA_LEN: usize = 8192;

/// The permission names, exactly as they appear on the wire.
pub const PERMISSION_NAMES: [&str; 5] = [
    "canPublish",
    "canSubscribe",
    "canUpdateMetadata",
    "canUpdateRoom",
    "canRemoveParticipants",
];

/// What a participant may do. `None` means "not granted and not written".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// Publish audio/video tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_publish: Option<bool>,
    /// Subscribe to other participants' tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_subscribe: Option<bool>,
    /// Update participant metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_update_metadata: Option<bool>,
    /// Update room settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_update_room: Option<bool>,
    /// Remove other participants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_remove_participants: Option<bool>,
}

impl Permissions {
    /// The usual grant of the original `@isometrik/client` examples: publish, subscribe and
    /// update metadata.
    pub fn publisher() -> Self {
        Permissions {
            can_publish: Some(true),
            can_subscribe: Some(true),
            can_update_metadata: Some(true),
            ..Permissions::default()
        }
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Option<bool>> {
        Some(match name {
            "canPublish" => &mut self.can_publish,
            "canSubscribe" => &mut self.can_subscribe,
            "canUpdateMetadata" => &mut self.can_update_metadata,
            "canUpdateRoom" => &mut self.can_update_room,
            "canRemoveParticipants" => &mut self.can_remove_participants,
            _ => return None,
        })
    }

    /// Sets a permission by its wire name. Unknown names are an `ERR_INVALID_OPTIONS`
    /// naming `permissions.<name>`.
    pub fn set(&mut self, name: &str, value: bool) -> Result<()> {
        match self.slot_mut(name) {
            Some(slot) => {
                *slot = Some(value);
                Ok(())
            }
            None => Err(Error::InvalidOptions {
                field: Cow::Owned(permission_field(name)),
                reason: UNKNOWN_PERMISSION,
            }),
        }
    }

    /// Reads a permission by its wire name (`None` if unset or unknown).
    pub fn get(&self, name: &str) -> Option<bool> {
        let mut copy = *self;
        copy.slot_mut(name).and_then(|slot| *slot)
    }

    /// Whether the permission is granted (set and `true`).
    pub fn allows(&self, name: &str) -> bool {
        self.get(name) == Some(true)
    }
}

/// How much of a caller's permission name an error repeats: the first 64 UTF-8 bytes (cut
/// back to a character boundary), then `…`.
pub const PERMISSION_NAME_CUT: usize = 64;

/// Why an unknown permission name is refused; the list is [`PERMISSION_NAMES`] (a test says so).
pub const UNKNOWN_PERMISSION: &str = "unknown permission (allowed: canPublish, canSubscribe, canUpdateMetadata, canUpdateRoom, canRemoveParticipants)";

/// The option an error about permission `name` names: `permissions.<name>`, the name cut to
/// [`PERMISSION_NAME_CUT`] bytes (it is caller-controlled).
pub fn permission_field(name: &str) -> String {
    let mut end = name.len().min(PERMISSION_NAME_CUT);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let cut = name.get(..end).unwrap_or_default();
    // Built by hand, not with `format!`: this runs on the verify path, and formatting
    // machinery is a large part of a wasm binary.
    let mut path = String::with_capacity(12 + end + 3);
    path.push_str("permissions.");
    path.push_str(cut);
    if end < name.len() {
        path.push('…');
    }
    path
}

/// The claims of an Isometrik access token. Field names are readable; the wire names are
/// the registered ones (`iss`, `sub`, `iat`, `nbf`, `exp`) and those of the original
/// `@isometrik/client` tokens (`room`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claims {
    /// `iss`: the API key that issued the token.
    #[serde(rename = "iss")]
    pub api_key: String,
    /// `sub`: the participant identity.
    #[serde(rename = "sub")]
    pub identity: String,
    /// `room`: the room name or id.
    pub room: String,
    /// `name`: optional display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `metadata`: optional application metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// `permissions`: what the participant may do.
    pub permissions: Permissions,
    /// `iat`: issued at (seconds since the epoch).
    #[serde(rename = "iat", skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
    /// `nbf`: not valid before (seconds since the epoch).
    #[serde(rename = "nbf", skip_serializing_if = "Option::is_none")]
    pub not_before: Option<i64>,
    /// `exp`: expires at (seconds since the epoch).
    #[serde(rename = "exp")]
    pub exp: i64,
}

impl Claims {
    /// Reads and checks claims from a payload object (see the module docs for the rules).
    ///
    /// The map is read as it is (no round trip through JSON text). A `serde_json::Map` keeps
    /// its members sorted by name, so when several claims are wrong the one reported may differ
    /// from [`Claims::from_json`]'s, which reports the first in document order; and serde_json
    /// holds an integer beyond `u64` as a float. [`crate::dangerous::Decoded::claims`] reads the payload's
    /// text, to agree with `verify` exactly.
    pub fn from_payload(payload: &Map<String, Value>) -> Result<Self> {
        let mut sink = ClaimsSink::default();
        for (key, value) in payload {
            if key == "permissions" {
                let permissions = value.as_object().map(|members| {
                    let mut sink = PermissionsSink::default();
                    for (name, granted) in members {
                        sink.permission(name, granted.as_bool());
                    }
                    sink
                });
                sink.permissions(permissions);
            } else {
                sink.claim(key, scalar_of(value));
            }
        }
        sink.finish()
    }

    /// The payload's JSON text: members in the order of this struct's fields, unset options
    /// left out, no whitespace. Byte for byte what `serde_json::to_vec` writes for this
    /// `Serialize` implementation (tested), without serde's machinery in the wasm.
    pub fn to_json(&self) -> Vec<u8> {
        ClaimsRef {
            api_key: &self.api_key,
            identity: &self.identity,
            room: &self.room,
            name: self.name.as_deref(),
            metadata: self.metadata.as_deref(),
            permissions: self.permissions,
            issued_at: self.issued_at,
            not_before: self.not_before,
            exp: self.exp,
        }
        .to_json()
    }

    /// Reads and checks claims from a payload's JSON text (one object, duplicate member names
    /// refused at every depth), in one pass. This is what `verify` uses. A malformed payload
    /// is `ERR_MALFORMED_TOKEN` even when a claim before the fault was also wrong.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        crate::jws::read_payload(json, ClaimsSink::default())?.finish()
    }
}

/// [`Claims`] with borrowed strings: what a [`crate::Signer`] checks and writes, without copying
/// the strings into a `Claims` first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClaimsRef<'a> {
    pub api_key: &'a str,
    pub identity: &'a str,
    pub room: &'a str,
    pub name: Option<&'a str>,
    pub metadata: Option<&'a str>,
    pub permissions: Permissions,
    pub issued_at: Option<i64>,
    pub not_before: Option<i64>,
    pub exp: i64,
}

impl ClaimsRef<'_> {
    /// [`Claims::to_json`].
    pub fn to_json(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            160 + self.api_key.len()
                + self.identity.len()
                + self.room.len()
                + self.name.map_or(0, str::len)
                + self.metadata.map_or(0, str::len),
        );
        let strings = [
            ("{\"iss\":", Some(self.api_key)),
            (",\"sub\":", Some(self.identity)),
            (",\"room\":", Some(self.room)),
            (",\"name\":", self.name),
            (",\"metadata\":", self.metadata),
        ];
        for (prefix, value) in strings {
            if let Some(value) = value {
                out.extend_from_slice(prefix.as_bytes());
                crate::json::write_string(&mut out, value);
            }
        }
        out.extend_from_slice(b",\"permissions\":{");
        let mut first = true;
        let p = &self.permissions;
        let set = [
            p.can_publish,
            p.can_subscribe,
            p.can_update_metadata,
            p.can_update_room,
            p.can_remove_participants,
        ];
        for (name, granted) in PERMISSION_NAMES.iter().zip(set) {
            if let Some(granted) = granted {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.push(b'"');
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(if granted { b"\":true" } else { b"\":false" });
            }
        }
        out.push(b'}');
        let dates = [
            (",\"iat\":", self.issued_at),
            (",\"nbf\":", self.not_before),
            (",\"exp\":", Some(self.exp)),
        ];
        for (prefix, value) in dates {
            if let Some(value) = value {
                out.extend_from_slice(prefix.as_bytes());
                crate::json::write_int(&mut out, value);
            }
        }
        out.push(b'}');
        out
    }

    /// The owned claims.
    pub(crate) fn to_claims(self) -> Claims {
        Claims {
            api_key: self.api_key.to_owned(),
            identity: self.identity.to_owned(),
            room: self.room.to_owned(),
            name: self.name.map(str::to_owned),
            metadata: self.metadata.map(str::to_owned),
            permissions: self.permissions,
            issued_at: self.issued_at,
            not_before: self.not_before,
            exp: self.exp,
        }
    }
}

/// How the payload of every token a signer for `api_key` makes begins ([`Claims::to_json`]):
/// `{"iss":` the key `,"sub":"`. A signer's key state hashes it once ([`crate::Hs256Key`]).
pub(crate) fn payload_start(api_key: &str) -> Vec<u8> {
    let mut out = b"{\"iss\":".to_vec();
    crate::json::write_string(&mut out, api_key);
    out.extend_from_slice(b",\"sub\":\"");
    out
}

/// A `serde_json` value as the claim rules see it.
fn scalar_of(value: &Value) -> Scalar<'_> {
    match value {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None if n.is_u64() => Scalar::BigInt,
            None => Scalar::Float,
        },
        Value::String(s) => Scalar::Str(Cow::Borrowed(s)),
        Value::Array(items) => Scalar::Array {
            all_strings: items.iter().all(Value::is_string),
        },
        Value::Object(_) => Scalar::Object,
    }
}

/// Collects claims during the single pass; the first claim error is kept and the rest of the
/// payload is still read, so that a syntax error later on wins.
#[derive(Default)]
struct ClaimsSink {
    api_key: Option<String>,
    identity: Option<String>,
    room: Option<String>,
    name: Option<String>,
    metadata: Option<String>,
    permissions: Permissions,
    exp: Option<i64>,
    not_before: Option<i64>,
    issued_at: Option<i64>,
    error: Option<Error>,
}

type Rule = fn(&str) -> core::result::Result<(), &'static str>;

/// Whether a member name is a claim with rules (anything else is skipped unread).
fn is_checked_claim(name: &str) -> bool {
    matches!(
        name,
        "iss" | "sub" | "room" | "name" | "metadata" | "jti" | "exp" | "nbf" | "iat" | "aud"
    )
}

impl ClaimsSink {
    fn fail(&mut self, err: Error) {
        self.error.get_or_insert(err);
    }

    fn string(&mut self, claim: &'static str, value: Scalar<'_>, rule: Rule) -> Option<String> {
        let checked = value
            .into_string()
            .ok_or("must be a string")
            .and_then(|text| rule(&text).map(|()| text.into_owned()));
        checked
            .map_err(|reason| self.fail(Error::claim_invalid(claim, reason)))
            .ok()
    }

    fn numeric_date(&mut self, claim: &'static str, value: Scalar<'_>) -> Option<i64> {
        let reason = match value {
            Scalar::Int(secs) => match check_numeric_date(secs) {
                Ok(()) => return Some(secs),
                Err(reason) => reason,
            },
            Scalar::Float => "must be a whole number of seconds (NumericDate)",
            Scalar::BigInt => "must be between 0 and 253402300799 (year 9999)",
            _ => "must be a number (NumericDate)",
        };
        self.fail(Error::claim_invalid(claim, reason));
        None
    }

    /// One claim other than `permissions`.
    fn claim(&mut self, key: &str, value: Scalar<'_>) {
        match key {
            "iss" => self.api_key = self.string("iss", value, check_api_key),
            "sub" => self.identity = self.string("sub", value, check_name),
            "room" => self.room = self.string("room", value, check_name),
            "name" => self.name = self.string("name", value, check_name),
            "metadata" => self.metadata = self.string("metadata", value, check_metadata),
            "jti" => {
                self.string("jti", value, |_| Ok(()));
            }
            "exp" => self.exp = self.numeric_date("exp", value),
            "nbf" => self.not_before = self.numeric_date("nbf", value),
            "iat" => self.issued_at = self.numeric_date("iat", value),
            "aud" if !matches!(value, Scalar::Str(_) | Scalar::Array { all_strings: true }) => {
                self.fail(Error::claim_invalid(
                    "aud",
                    "must be a string or an array of strings",
                ));
            }
            _ => {}
        }
    }

    /// The `permissions` claim: its members, or `None` if it is not an object.
    fn permissions(&mut self, read: Option<PermissionsSink>) {
        match read {
            Some(sink) => match sink.error {
                Some(err) => self.fail(err),
                None => self.permissions = sink.permissions,
            },
            None => self.fail(Error::claim_invalid("permissions", "must be an object")),
        }
    }

    fn finish(self) -> Result<Claims> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let required = |claim: &'static str| Error::claim_invalid(claim, "is required");
        Ok(Claims {
            api_key: self.api_key.ok_or_else(|| required("iss"))?,
            identity: self.identity.ok_or_else(|| required("sub"))?,
            room: self.room.ok_or_else(|| required("room"))?,
            name: self.name,
            metadata: self.metadata,
            permissions: self.permissions,
            issued_at: self.issued_at,
            not_before: self.not_before,
            exp: self.exp.ok_or_else(|| required("exp"))?,
        })
    }
}

impl<'a> Sink<'a> for ClaimsSink {
    fn member(
        &mut self,
        key: &str,
        value: &mut Member<'_, 'a>,
    ) -> core::result::Result<(), JsonError> {
        if key == "permissions" {
            let read = value.object(PermissionsSink::default())?;
            self.permissions(read);
        } else if is_checked_claim(key) {
            self.claim(key, value.scalar()?);
        }
        Ok(())
    }
}

#[derive(Default)]
struct PermissionsSink {
    permissions: Permissions,
    error: Option<Error>,
}

impl PermissionsSink {
    fn permission(&mut self, key: &str, granted: Option<bool>) {
        let reason = match (self.permissions.slot_mut(key), granted) {
            (Some(slot), Some(granted)) => {
                *slot = Some(granted);
                return;
            }
            (None, _) => "unknown permission",
            (Some(_), _) => "must be a boolean",
        };
        if self.error.is_none() {
            self.error = Some(Error::ClaimInvalid {
                claim: Cow::Owned(permission_field(key)),
                reason,
            });
        }
    }
}

impl<'a> Sink<'a> for PermissionsSink {
    fn member(
        &mut self,
        key: &str,
        value: &mut Member<'_, 'a>,
    ) -> core::result::Result<(), JsonError> {
        let granted = value.scalar()?.as_bool();
        self.permission(key, granted);
        Ok(())
    }
}

/// A NumericDate must lie in 0 ..= [`MAX_NUMERIC_DATE`].
pub(crate) fn check_numeric_date(secs: i64) -> core::result::Result<(), &'static str> {
    if (0..=MAX_NUMERIC_DATE).contains(&secs) {
        Ok(())
    } else {
        Err("must be between 0 and 253402300799 (year 9999)")
    }
}

/// API key rule: 1..=256 bytes of printable ASCII without spaces.
pub(crate) fn check_api_key(key: &str) -> core::result::Result<(), &'static str> {
    if key.is_empty() {
        return Err("must not be empty");
    }
    if key.len() > MAX_API_KEY_LEN {
        return Err("must be at most 256 bytes");
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("must be printable ASCII without spaces");
    }
    Ok(())
}

/// Identity / room / name rule: at most 256 UTF-8 bytes, something visible, no control,
/// bidirectional-control or invisible characters ([`crate::text`] has the rule and its
/// references).
pub(crate) fn check_name(value: &str) -> core::result::Result<(), &'static str> {
    use crate::text::Fault;
    if value.len() > MAX_NAME_LEN {
        return Err("must be at most 256 UTF-8 bytes");
    }
    crate::text::check_chars(value).map_err(|fault| match fault {
        Fault::Blank => "must not be empty or blank",
        Fault::Control => {
            "must not contain control, line-separator or bidirectional-control characters"
        }
        Fault::Invisible => {
            "must not contain invisible characters (Unicode Default_Ignorable_Code_Point other than ZWJ, ZWNJ and variation selectors)"
        }
    })
}

/// Metadata rule: at most 8192 UTF-8 bytes.
pub(crate) fn check_metadata(value: &str) -> core::result::Result<(), &'static str> {
    if value.len() > MAX_METADATA_LEN {
        return Err("must be at most 8192 UTF-8 bytes");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_words() {
        let list = PERMISSION_NAMES.join(", ");
        assert_eq!(
            UNKNOWN_PERMISSION,
            format!("unknown permission (allowed: {list})")
        );
        // The cut counts bytes, not characters, and never splits one.
        let long = "é".repeat(40); // 80 bytes
        assert_eq!(
            permission_field(&long),
            format!("permissions.{}…", "é".repeat(32))
        );
        assert_eq!(permission_field("canFly"), "permissions.canFly");
    }

    #[test]
    fn rules() {
        assert!(check_api_key("APIabc123").is_ok());
        for bad in ["", " ", "a b", "ключ", "a\tb", &"k".repeat(257)] {
            assert!(check_api_key(bad).is_err(), "{bad:?}");
        }
        assert!(check_name("Zoë 🎥 room").is_ok());
        assert!(check_name(&"é".repeat(128)).is_ok());
        assert!(check_name("👨\u{200D}👩\u{200D}👧").is_ok());
        for bad in [
            "",
            "   ",
            "\u{3000}",
            "a\nb",
            "a\u{0}",
            "a\u{7f}",
            "a\u{85}",
            "a\u{2028}b",
            "admin\u{202E}nimda",
            "a\u{2066}b",
            &"é".repeat(129),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_numeric_date(0).is_ok());
        assert!(check_numeric_date(MAX_NUMERIC_DATE).is_ok());
        assert!(check_numeric_date(-1).is_err());
        assert!(check_numeric_date(MAX_NUMERIC_DATE + 1).is_err());
    }

    #[test]
    fn permissions_by_name() {
        let mut p = Permissions::default();
        for name in PERMISSION_NAMES {
            assert_eq!(p.get(name), None);
            p.set(name, true).unwrap();
            assert!(p.allows(name));
        }
        let err = p.set("canFly", true).unwrap_err();
        assert_eq!(err.field(), Some("permissions.canFly"));
        let long = "x".repeat(1000);
        let err = p.set(&long, true).unwrap_err();
        assert!(err.field().unwrap().len() < 80);
        assert_eq!(
            serde_json::to_string(&Permissions::publisher()).unwrap(),
            r#"{"canPublish":true,"canSubscribe":true,"canUpdateMetadata":true}"#
        );
    }

    /// The start a signer's key state hashes once is the start of every payload it writes.
    #[test]
    fn payload_start_begins_every_payload() {
        for api_key in ["APIkey123", "k", r#"a"b\c"#] {
            let signer = crate::Signer::new(api_key, b"payload-start-begins-every-payl0").unwrap();
            let options = crate::TokenOptions::new("room", "\u{1F600}\"id", 1_700_000_000);
            let json = signer.claims(&options).unwrap().to_json();
            assert!(json.starts_with(&payload_start(api_key)), "{api_key}");
        }
    }
}
