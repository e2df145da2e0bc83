//! The editor-settings edit keeps every byte outside the value it sets: for generated
//! `settings.json` files with line and block comments, trailing commas, CRLF or LF, nested
//! objects, arrays and non-ASCII text around the setting, `jsonc::set_string` changes
//! exactly the value's literal, the result reads back with the new value, and every other
//! string keeps its value.

use nativego_doctor::jsonc;
use proptest::prelude::*;

/// A piece of JSONC between members: whitespace and comments.
fn gap() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(" ".to_string()),
            Just("\n    ".to_string()),
            Just("\r\n  ".to_string()),
            "[a-z é/*]{0,12}".prop_map(|t| format!("// {}\n", t.replace("*/", ""))),
            "[a-z é]{0,12}".prop_map(|t| format!("/* {t} */")),
        ],
        0..3,
    )
    .prop_map(|v| v.concat())
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z/._ü-]{0,16}".prop_map(|s| format!("\"{s}\"")),
        Just("true".to_string()),
        Just("-1.5e3".to_string()),
        Just("[1, \"x\",]".to_string()),
        "[a-z]{1,6}".prop_map(|k| format!("{{ \"{k}\": \"v\", }}")),
    ]
}

prop_compose! {
    fn document()(
        before in prop::collection::vec(("[a-z.]{1,10}", value(), gap()), 0..5),
        after in prop::collection::vec(("[a-z.]{1,10}", value(), gap()), 0..5),
        old in "/[a-zA-Z0-9/._-]{1,30}",
        g1 in gap(), g2 in gap(), g3 in gap(),
        trailing in any::<bool>(),
    ) -> (String, String) {
        let member = |(k, v, g): &(String, String, String)| format!("{g}\"x-{k}\": {v},");
        let mut text = String::from("{");
        text.extend(before.iter().map(member));
        text.push_str(&format!("{g1}\"go.goroot\"{g2}:{g3}\"{old}\""));
        if !after.is_empty() || trailing {
            text.push(',');
        }
        let tail: Vec<String> = after.iter().map(member).collect();
        let mut tail = tail.concat();
        if !trailing {
            tail = tail.trim_end_matches(',').to_string();
        }
        text.push_str(&tail);
        text.push_str("\n}\n");
        (text, old)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn only_the_value_changes((text, old) in document(), new in "/[a-zA-Z0-9 \"\\\\/._-]{1,30}") {
        let before = jsonc::strings(&text).unwrap();
        let target = before.iter().find(|s| s.key == "go.goroot").unwrap().clone();
        let out = jsonc::set_string(&text, "go.goroot", &old, &new).unwrap();
        // Bytes before and after the literal are the same.
        prop_assert_eq!(&out[..target.span.start], &text[..target.span.start]);
        let tail = &text[target.span.end..];
        prop_assert!(out.ends_with(tail));
        // It reads back: the new value, every other string as it was.
        let after = jsonc::strings(&out).unwrap();
        prop_assert_eq!(after.len(), before.len());
        for (a, b) in after.iter().zip(&before) {
            prop_assert_eq!(&a.key, &b.key);
            if a.key == "go.goroot" {
                prop_assert_eq!(&a.value, &new);
            } else {
                prop_assert_eq!(&a.value, &b.value);
            }
        }
        // Setting it back gives the original bytes only when the literal was plain.
        let back = jsonc::set_string(&out, "go.goroot", &new, &old).unwrap();
        prop_assert_eq!(back, text);
    }

    #[test]
    fn a_changed_value_or_a_broken_file_is_refused((text, old) in document(), cut in 1usize..40) {
        let other = format!("{old}-changed");
        prop_assert!(jsonc::set_string(&text, "go.goroot", &other, "/x").is_err());
        let end = text.len().saturating_sub(cut);
        if let Some(broken) = text.get(..end) {
            if jsonc::strings(broken).is_err() {
                prop_assert!(jsonc::set_string(broken, "go.goroot", &old, "/x").is_err());
            }
        }
    }
}
