//! The strict JSON reader's tests (the module is `src/json.rs`).
use super::number::OVERFLOW_DIGITS;
use super::*;

fn kind(text: &[u8]) -> Result<(), JsonError> {
    read_object(text, SkipAll).map(drop)
}

fn scalar(text: &str) -> Scalar<'_> {
    struct One<'a>(Option<Scalar<'a>>);
    impl<'a> Sink<'a> for One<'a> {
        fn member(&mut self, _: &str, v: &mut Member<'_, 'a>) -> Result<(), JsonError> {
            self.0 = Some(v.scalar()?);
            Ok(())
        }
    }
    let wrapped = format!("{{\"v\":{text}}}");
    let leaked: &'static str = Box::leak(wrapped.into_boxed_str());
    read_object(leaked.as_bytes(), One(None))
        .unwrap()
        .0
        .unwrap()
}

#[test]
fn accepts_and_refuses() {
    use JsonError::*;
    let cases: &[(&[u8], Result<(), JsonError>)] = &[
        (br#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#, Ok(())),
        (b" {} ", Ok(())),
        (b"\t\r\n{}\n", Ok(())),
        (br#"{"a":1,"a":2}"#, Err(Duplicate)),
        (br#"{"x":{"a":1,"a":1}}"#, Err(Duplicate)),
        (br#"{"x":[{"a":1,"a":1}]}"#, Err(Duplicate)),
        (br#"{"\u0061":1,"a":2}"#, Err(Duplicate)),
        (br#"{"a":{"b":1},"b":{"a":1}}"#, Ok(())),
        (br#"{"a":{"a":{"a":1}}}"#, Ok(())),
        (br#"{"b":1,"a":2,"c":3,"a":4}"#, Err(Duplicate)),
        // Invalid beats Duplicate, wherever each is.
        (br#"{"a":1,"a":2,}"#, Err(Invalid)),
        (br#"{"a":1,"a":2} x"#, Err(Invalid)),
        // Duplicate beats NotObject.
        (br#"[{"a":1,"a":2}]"#, Err(Duplicate)),
        (b"[]", Err(NotObject)),
        (b"\"x\"", Err(NotObject)),
        (b"1", Err(NotObject)),
        (b"null", Err(NotObject)),
        (b"true", Err(NotObject)),
        (b"[1,", Err(Invalid)),
        (b"", Err(Invalid)),
        (b"   ", Err(Invalid)),
        (b"{", Err(Invalid)),
        (b"{}{}", Err(Invalid)),
        (b"{} x", Err(Invalid)),
        (b"\xEF\xBB\xBF{}", Err(Invalid)),
        (b"{\"a\":\"\xff\"}", Err(Invalid)),
        (b"[\"\xff\"]", Err(Invalid)),
        (b"{\"a\":\"\xc3\"}", Err(Invalid)),
        (b"{'a':1}", Err(Invalid)),
        (b"{a:1}", Err(Invalid)),
        (b"{\"a\":NaN}", Err(Invalid)),
        (b"{\"a\":Infinity}", Err(Invalid)),
        (b"{\"a\":01}", Err(Invalid)),
        (b"{\"a\":1.}", Err(Invalid)),
        (b"{\"a\":.5}", Err(Invalid)),
        (b"{\"a\":1e}", Err(Invalid)),
        (b"{\"a\":1e+}", Err(Invalid)),
        (b"{\"a\":+1}", Err(Invalid)),
        (b"{\"a\":-}", Err(Invalid)),
        (b"{\"a\":0x10}", Err(Invalid)),
        (b"{\"a\":tru}", Err(Invalid)),
        (b"{\"a\":True}", Err(Invalid)),
        (b"{\"a\":nul}", Err(Invalid)),
        (b"{\"a\":1,}", Err(Invalid)),
        (b"{,}", Err(Invalid)),
        (b"{\"a\"}", Err(Invalid)),
        (b"{\"a\" 1}", Err(Invalid)),
        (b"{\"a\":[1,]}", Err(Invalid)),
        (b"{\"a\":[,1]}", Err(Invalid)),
        (b"{\"a\":[1 2]}", Err(Invalid)),
        (b"{\"a\":\"\t\"}", Err(Invalid)),
        (b"{\"a\":\"\x00\"}", Err(Invalid)),
        (b"{\"a\":\"\x7f\"}", Ok(())),
        (b"{\"a\":\"\\x\"}", Err(Invalid)),
        (b"{\"a\":\"\\u12\"}", Err(Invalid)),
        (b"{\"a\":\"\\u12G4\"}", Err(Invalid)),
        (b"{\"a\":\"\\\"}", Err(Invalid)),
        (b"{\"a\":\"unterminated}", Err(Invalid)),
        (b"{\"a\":\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"}", Ok(())),
        (b"\x0c{}", Err(Invalid)),
        (b"\xc2\xa0{}", Err(Invalid)),
        (b"{\"a\":1}\x00", Err(Invalid)),
        (br#"{"a":1.5e300,"b":-0,"c":"\ud800"}"#, Err(Invalid)),
        (br#"{"a":"\udc00"}"#, Err(Invalid)),
        (br#"{"a":"\ud800\u0041"}"#, Err(Invalid)),
        (br#"{"a":"\ud800\ud800"}"#, Err(Invalid)),
        (br#"{"a":"\ud800x"}"#, Err(Invalid)),
        (br#"{"a":"\ud83c\udfa5","b":["\udfa5"]}"#, Err(Invalid)),
        (br#"{"a":"\ud83c\udfa5","b":"\u00e9"}"#, Ok(())),
        (
            br#"{"a":1.5e300,"b":[1e-400,-2.5E+3],"c":{"d":1e400}}"#,
            Err(Invalid),
        ),
        (br#"{"a":1.5e300,"b":[1e-400,-2.5E+3]}"#, Ok(())),
        (br#"{"a":-1e400}"#, Err(Invalid)),
        (br#"{"a":0e999999999999999999999}"#, Ok(())),
        (br#"{"a":1e-999999999999999999999}"#, Ok(())),
        (br#"{"a":1e999999999999999999999}"#, Err(Invalid)),
    ];
    for (text, expected) in cases {
        assert_eq!(kind(text), *expected, "{:?}", String::from_utf8_lossy(text));
        // parse_object agrees and builds a map exactly when the reader accepts.
        assert_eq!(parse_object(text).map(drop), *expected);
    }
}

#[test]
fn depth() {
    // The outer object is level 1: 126 arrays inside it make 127 levels, accepted.
    for (depth, ok) in [
        (125, true),
        (126, true),
        (127, false),
        (128, false),
        (10_000, false),
    ] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let text = format!("{{\"a\":{}1{}}}", open.repeat(depth), close.repeat(depth));
            let expected = if ok { Ok(()) } else { Err(JsonError::Invalid) };
            assert_eq!(kind(text.as_bytes()), expected, "{depth} {open}");
            // serde_json's limit is the same, so `decode` can build what we accept.
            assert_eq!(
                serde_json::from_str::<Value>(&text).is_ok(),
                ok,
                "serde_json at {depth}"
            );
        }
    }
    let top_array = format!("{}1{}", "[".repeat(127), "]".repeat(127));
    assert_eq!(kind(top_array.as_bytes()), Err(JsonError::NotObject));
    let top_array = format!("{}1{}", "[".repeat(128), "]".repeat(128));
    assert_eq!(kind(top_array.as_bytes()), Err(JsonError::Invalid));
}

#[test]
fn scalars() {
    assert_eq!(scalar("1700000000"), Scalar::Int(1_700_000_000));
    assert_eq!(scalar("-5"), Scalar::Int(-5));
    assert_eq!(scalar("0"), Scalar::Int(0));
    assert_eq!(scalar("9223372036854775807"), Scalar::Int(i64::MAX));
    assert_eq!(scalar("-9223372036854775808"), Scalar::Int(i64::MIN));
    assert_eq!(scalar("9223372036854775808"), Scalar::BigInt);
    assert_eq!(scalar("-9223372036854775809"), Scalar::BigInt);
    assert_eq!(scalar("99999999999999999999999"), Scalar::BigInt);
    assert_eq!(scalar("1.0"), Scalar::Float);
    assert_eq!(scalar("-0"), Scalar::Float);
    assert_eq!(scalar("-0.0"), Scalar::Float);
    assert_eq!(scalar("1e9"), Scalar::Float);
    assert_eq!(scalar("1E+9"), Scalar::Float);
    assert_eq!(scalar("\"1\""), Scalar::Str("1".into()));
    assert_eq!(scalar("\"\\u0061\""), Scalar::Str("a".into()));
    assert_eq!(scalar("\"a\\nb\\u00e9c\""), Scalar::Str("a\nbéc".into()));
    assert_eq!(scalar("\"\\ud83c\\udfa5\""), Scalar::Str("🎥".into()));
    assert_eq!(scalar("null"), Scalar::Null);
    assert_eq!(scalar("true"), Scalar::Bool(true));
    assert_eq!(scalar("false"), Scalar::Bool(false));
    assert_eq!(scalar("[\"a\",\"b\"]"), Scalar::Array { all_strings: true });
    assert_eq!(scalar("[\"a\",1]"), Scalar::Array { all_strings: false });
    assert_eq!(scalar("[]"), Scalar::Array { all_strings: true });
    assert_eq!(scalar("{\"a\":1}"), Scalar::Object);
    assert!(matches!(
        scalar("\"plain\""),
        Scalar::Str(Cow::Borrowed("plain"))
    ));
}

/// The overflow threshold's digits are 2^1024 - 2^970, and the exact check agrees with
/// the standard library's (correctly rounded) parser around it and elsewhere.
#[test]
fn finiteness_is_exact() {
    // 2^1024 - 2^970 in decimal, by long multiplication on digit vectors.
    fn pow2(n: u32) -> Vec<u8> {
        let mut digits = vec![1u8]; // little-endian
        for _ in 0..n {
            let mut carry = 0;
            for d in &mut digits {
                let v = *d * 2 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                digits.push(carry);
            }
        }
        digits
    }
    let (a, b) = (pow2(1024), pow2(970));
    let mut diff = Vec::new();
    let mut borrow = 0i8;
    for (i, &x) in a.iter().enumerate() {
        let mut v = x as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = i8::from(v < 0);
        if v < 0 {
            v += 10;
        }
        diff.push(b'0' + v as u8);
    }
    while diff.last() == Some(&b'0') {
        diff.pop();
    }
    diff.reverse();
    assert_eq!(&diff[..], &OVERFLOW_DIGITS[..]);

    let t = std::str::from_utf8(OVERFLOW_DIGITS).unwrap();
    let below = {
        let mut d = OVERFLOW_DIGITS.to_vec();
        *d.last_mut().unwrap() -= 1;
        String::from_utf8(d).unwrap()
    };
    let probes = [
        t.to_owned(),
        below.clone(),
        format!("{t}0"),
        format!("{below}9999"),
        format!("{}.{}", &t[..1], &t[1..]) + "e308",
        format!("{}.{}", &below[..1], &below[1..]) + "e308",
        format!("0.{below}e309"),
        format!("0.000{t}e312"),
        "1.7976931348623157e308".into(),
        "1.7976931348623158e308".into(),
        "1.7976931348623159e308".into(),
        "1.797693134862315807e308".into(),
        "1.797693134862315808e308".into(),
        "17976931348623158e292".into(),
        "1e308".into(),
        "1e309".into(),
        "-1e309".into(),
        "10e307".into(),
        "100e307".into(),
        "0.1e309".into(),
        "0.2e309".into(),
        "4.9e-324".into(),
        "1e-400".into(),
    ];
    for probe in probes {
        let expected = probe.parse::<f64>().unwrap().is_finite();
        let text = format!("{{\"v\":{probe}}}");
        assert_eq!(kind(text.as_bytes()).is_ok(), expected, "{probe}");
        // serde_json (float_roundtrip) draws the line at the same place, so `decode`
        // builds every map the reader accepts.
        assert_eq!(
            serde_json::from_str::<Value>(&text).is_ok(),
            expected,
            "serde_json {probe}"
        );
    }
}

#[test]
fn member_anywhere() {
    assert!(has_member_anywhere(br#"{"kty":"RSA"}"#, "kty"));
    assert!(has_member_anywhere(br#"{"k\u0074y":"RSA"}"#, "kty"));
    assert!(has_member_anywhere(br#"[{"kty":"RSA"}]"#, "kty"));
    assert!(has_member_anywhere(br#"{"keys":[{"kty":"RSA"}]}"#, "kty"));
    assert!(has_member_anywhere(br#"{"kty":1,"kty":2}"#, "kty"));
    assert!(!has_member_anywhere(br#"{"a":"kty"}"#, "kty"));
    assert!(!has_member_anywhere(br#"{"kty":1"#, "kty"));
    assert!(!has_member_anywhere(b"kty", "kty"));
}

#[test]
fn radix_duplicate_detection_agrees_with_sorting() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut rng = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Names over a tiny alphabet with lengths around the 8-byte digits, NUL included, so
    // that prefixes, padding and long shared runs all occur.
    for n in 0..200usize {
        for _ in 0..10 {
            let names: Vec<Cow<'_, str>> = (0..n)
                .map(|_| {
                    let len = (rng() % 20) as usize;
                    let prefix = "p".repeat((rng() % 3) as usize * 8);
                    let tail: String = (0..len)
                        .map(|_| ['a', 'b', '\0'][(rng() % 3) as usize])
                        .collect();
                    Cow::Owned(prefix + &tail)
                })
                .collect();
            let mut sorted = names.clone();
            sorted.sort();
            let expected = sorted.windows(2).any(|w| w[0] == w[1]);
            assert_eq!(has_duplicate(&names), expected, "{names:?}");
        }
    }
}

#[test]
fn duplicate_detection_is_not_quadratic_in_names() {
    // Many members, all distinct, and nested objects reusing the names: no false positives.
    let mut text = String::from("{");
    for i in 0..2000 {
        text.push_str(&format!("\"k{i}\":{{\"k{i}\":{i}}},"));
    }
    text.push_str("\"last\":0}");
    assert_eq!(kind(text.as_bytes()), Ok(()));
    let dup = text.replace("\"last\"", "\"k1999\"");
    assert_eq!(kind(dup.as_bytes()), Err(JsonError::Duplicate));
}

/// The 8-byte test of the string scan is exact: every byte value at every position, among
/// filler that does not stop a run (ASCII, and bytes of multi-byte characters), and two
/// stopping bytes together.
#[test]
fn word_scan_is_exact() {
    let stops = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut checked = 0;
    for filler in [b'a', b' ', b'#', b'[', b']', 0x7F, 0x80, 0xBF, 0xE2, 0xFF] {
        for v in 0..=255u8 {
            for i in 0..8 {
                let mut word = [filler; 8];
                word[i] = v;
                assert_eq!(
                    reader::stops_run(u64::from_le_bytes(word)),
                    stops(v),
                    "{word:?}"
                );
                for j in 0..8 {
                    word[j] = b'"';
                    assert!(reader::stops_run(u64::from_le_bytes(word)));
                    word[j] = filler;
                    word[i] = v;
                }
                checked += 1;
            }
        }
        assert!(!reader::stops_run(u64::from_le_bytes([filler; 8])));
    }
    assert_eq!(checked, 10 * 256 * 8);
    // Strings that end, escape or break at every offset from the 8-byte scan's view.
    for len in 0..40 {
        let body = "é".repeat(len / 2) + &"x".repeat(len % 2);
        assert_eq!(kind(format!("{{\"{body}\":1}}").as_bytes()), Ok(()));
        assert_eq!(kind(format!("{{\"{body}\\n\":1}}").as_bytes()), Ok(()));
        assert_eq!(
            kind(format!("{{\"{body}\n\":1}}").as_bytes()),
            Err(JsonError::Invalid)
        );
        assert_eq!(
            kind(format!("{{\"{body}").as_bytes()),
            Err(JsonError::Invalid)
        );
    }
}
