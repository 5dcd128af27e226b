//! Which characters an identity, room or display name may hold: the one table of code point
//! ranges behind the rule in [`crate::claims`], with its references.
//!
//! The problem: text that displays as nothing, or as another text. `"admin\u{200B}"` looks like
//! `"admin"`, a name of only U+3164 HANGUL FILLER looks empty, and bidirectional controls
//! reorder what is shown. The rule, decided from these references:
//!
//! - **Unicode Default_Ignorable_Code_Point** (UCD `DerivedCoreProperties.txt`, UAX #44): code
//!   points that are not displayed when they are not supported. Refused, except where real text
//!   needs them: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER (emoji ZWJ sequences,
//!   Persian and Indic scripts; UTS #39 §3.3 and RFC 8264 / RFC 5892 CONTEXTJ allow exactly these
//!   two), the variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF (emoji and text
//!   presentation, ideographic variants; UTS #51 §1.4.3), and the tag characters U+E0020–U+E007F
//!   only inside an emoji tag sequence (UTS #51 ED-14a: U+1F3F4 followed by tag specs
//!   U+E0020–U+E007E and ended by U+E007F, the subdivision flags such as Scotland's). Everything
//!   else in the property is refused: U+00AD SOFT HYPHEN, U+034F, U+115F/U+1160/U+3164/U+FFA0
//!   Hangul fillers, U+180B–U+180F, U+200B ZERO WIDTH SPACE, U+2060–U+206F (WORD JOINER,
//!   invisible operators), U+FEFF, the reserved U+FFF0–U+FFF8 and U+E0000–U+E0FFF, ...
//! - **Bidi_Control** (`PropList.txt`): U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069,
//!   which reorder displayed text (UTS #39 §3.3 restricts them; all are also default-ignorable),
//!   refused with their own message.
//! - **A visible character is required**: a value made only of White_Space, the allowed
//!   default-ignorables and U+2800 BRAILLE PATTERN BLANK (a symbol that draws nothing, not
//!   default-ignorable) is blank, and refused as such.
//!
//! Background: RFC 8264 (PRECIS) IdentifierClass disallows all of these and much more (any
//! non-ASCII-letter symbol, spaces); we keep names free-form (spaces, emoji, any script) and
//! refuse only what cannot be seen. Normalization is not applied: visually identical names in
//! different normal forms stay different names.
//!
//! The table is Unicode 16.0; the tests compare it with `icu_properties`, a maintained
//! implementation of the UCD.

/// Default_Ignorable_Code_Point, as inclusive ranges (DerivedCoreProperties.txt, Unicode 16.0).
pub(crate) const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Bidi_Control (PropList.txt, Unicode 16.0).
pub(crate) const BIDI_CONTROL: &[(u32, u32)] = &[
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
];

/// The default-ignorables that real text needs (the tags only inside a tag sequence).
const ALLOWED_IGNORABLE: &[(u32, u32)] = &[(0x200C, 0x200D), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF)];

const TAG_BASE: char = '\u{1F3F4}';
const TAG_SPEC: (u32, u32) = (0xE0020, 0xE007E);
const CANCEL_TAG: char = '\u{E007F}';

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

pub(crate) fn is_default_ignorable(c: char) -> bool {
    in_table(DEFAULT_IGNORABLE, c)
}

pub(crate) fn is_bidi_control(c: char) -> bool {
    in_table(BIDI_CONTROL, c)
}

/// What is wrong with a name's characters, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Cc, U+2028/U+2029 or Bidi_Control.
    Control,
    /// A default-ignorable code point that is not allowed (or a tag outside a tag sequence).
    Invisible,
    /// Nothing visible at all.
    Blank,
}

/// Checks a name's characters (rules in the module docs).
pub(crate) fn check_chars(value: &str) -> Result<(), Fault> {
    if value.is_ascii() {
        // The common case, decided on the bytes: in ASCII the controls are the Cc characters
        // (below 0x20, and 0x7F); no ASCII character is default-ignorable or Bidi_Control; the
        // only white space that is not a control is the space. Same verdicts as the loop below
        // (tested on every ASCII string of up to three characters).
        if value.bytes().any(|b| b < 0x20 || b == 0x7F) {
            return Err(Fault::Control);
        }
        return if value.bytes().any(|b| b != b' ') {
            Ok(())
        } else {
            Err(Fault::Blank)
        };
    }
    check_chars_general(value)
}

/// [`check_chars`] character by character, for any text.
fn check_chars_general(value: &str) -> Result<(), Fault> {
    let mut visible = false;
    let mut invisible = false;
    // Inside an emoji tag sequence: after U+1F3F4 (`Some(0)`), after n tag specs (`Some(n)`).
    let mut tags: Option<usize> = None;
    for c in value.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c) {
            return Err(Fault::Control);
        }
        let code = u32::from(c);
        if (TAG_SPEC.0..=TAG_SPEC.1).contains(&code) {
            match tags {
                Some(n) => tags = Some(n + 1),
                None => invisible = true,
            }
            continue;
        }
        if c == CANCEL_TAG {
            if !matches!(tags, Some(n) if n > 0) {
                invisible = true;
            }
            tags = None;
            continue;
        }
        if matches!(tags, Some(n) if n > 0) {
            invisible = true; // a tag sequence must end with U+E007F
        }
        tags = (c == TAG_BASE).then_some(0);
        if is_default_ignorable(c) {
            invisible |= !in_table(ALLOWED_IGNORABLE, c);
        } else if !c.is_whitespace() && c != '\u{2800}' {
            visible = true;
        }
    }
    if matches!(tags, Some(n) if n > 0) {
        invisible = true;
    }
    if !visible {
        return Err(Fault::Blank);
    }
    if invisible {
        return Err(Fault::Invisible);
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use icu_properties::props::{BidiControl, DefaultIgnorableCodePoint};
    use icu_properties::CodePointSetData;

    /// The ASCII shortcut of `check_chars` gives the general loop's verdict on every ASCII
    /// string of up to three characters (each rule turns on one character or on all of them).
    #[test]
    fn ascii_shortcut_agrees() {
        let mut checked = 0;
        for len in 0..=3u32 {
            for n in 0..128u32.pow(len) {
                let text: String = (0..len)
                    .map(|i| char::from(u8::try_from(n / 128u32.pow(i) % 128).unwrap_or(0)))
                    .collect();
                assert_eq!(check_chars(&text), check_chars_general(&text), "{text:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 1 + 128 + 128 * 128 + 128 * 128 * 128);
    }

    /// The tables equal the maintained UCD implementation's sets, code point by code point
    /// (apart from code points a newer Unicode version may add: they are reported).
    #[test]
    fn tables_match_icu_properties() {
        let di = CodePointSetData::new::<DefaultIgnorableCodePoint>();
        let bidi = CodePointSetData::new::<BidiControl>();
        let mut differences = Vec::new();
        for code in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if is_default_ignorable(c) != di.contains(c) {
                differences.push(format!("DI U+{code:04X}"));
            }
            if is_bidi_control(c) != bidi.contains(c) {
                differences.push(format!("Bidi_Control U+{code:04X}"));
            }
        }
        assert!(differences.is_empty(), "{differences:?}");
        // Every Bidi_Control is default-ignorable, so the one table covers both.
        for &(lo, hi) in BIDI_CONTROL {
            for code in lo..=hi {
                assert!(is_default_ignorable(char::from_u32(code).unwrap()));
            }
        }
    }

    #[test]
    fn names() {
        let ok = [
            "alice",
            "Zoë 🎥 room",
            "👨\u{200D}👩\u{200D}👧",
            "👩🏽\u{200D}💻",
            "❤\u{FE0F}",
            "葛\u{E0100}",
            "می\u{200C}خواهم",
            "क्\u{200D}ष",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "a b",
            " a ",
            "\u{2800}a",
        ];
        for name in ok {
            assert_eq!(check_chars(name), Ok(()), "{name:?}");
        }
        let bad = [
            ("\u{200B}", Fault::Blank),
            ("\u{3164}", Fault::Blank),
            ("\u{2800}", Fault::Blank),
            ("\u{FEFF}", Fault::Blank),
            ("\u{00AD}", Fault::Blank),
            ("\u{2060}", Fault::Blank),
            ("\u{200D}", Fault::Blank),
            ("\u{FE0F}\u{200C}", Fault::Blank),
            (" \u{3000}\u{2800}\u{115F}", Fault::Blank),
            ("", Fault::Blank),
            ("admin\u{200E}", Fault::Control),
            ("\u{200F}admin", Fault::Control),
            ("admin\u{061C}", Fault::Control),
            ("admin\u{202E}nimda", Fault::Control),
            ("a\u{2066}b", Fault::Control),
            ("a\nb", Fault::Control),
            ("a\u{85}", Fault::Control),
            ("a\u{2028}b", Fault::Control),
            ("ad\u{200B}min", Fault::Invisible),
            ("ad\u{00AD}min", Fault::Invisible),
            ("admin\u{3164}", Fault::Invisible),
            ("admin\u{FEFF}", Fault::Invisible),
            ("admin\u{2064}", Fault::Invisible),
            ("admin\u{E0001}", Fault::Invisible),
            ("admin\u{E0061}\u{E0064}", Fault::Invisible),
            ("admin\u{E0061}\u{E007F}", Fault::Invisible),
            ("🏴\u{E0067}\u{E0062}", Fault::Invisible),
            ("🏴\u{E007F}", Fault::Invisible),
            ("🏴\u{E0067}x\u{E007F}", Fault::Invisible),
            ("a\u{180E}", Fault::Invisible),
            ("a\u{1D173}", Fault::Invisible),
        ];
        for (name, fault) in bad {
            assert_eq!(check_chars(name), Err(fault), "{name:?}");
        }
    }
}
