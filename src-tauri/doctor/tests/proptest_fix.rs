//! Property: for random startup files and random edits, plan + apply to a temporary
//! macOS scenario and then undo gives back the original bytes exactly (CRLF, non-UTF-8,
//! missing final newline, symlinks none of it matters), and the journal says so.
//!
//! Cases: `PROPTEST_CASES` (default 64 here; `scripts/soak.sh` runs thousands).
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;

use common::Machine;
use nativego_doctor::fix::apply::{self, NoSyntaxCheck};
use nativego_doctor::fix::plan;
use nativego_doctor::fix::{Applicability, Edit, Fix};
use proptest::prelude::*;

const ZSHRC: &str = "/Users/dev/.zshrc";
const GOENV: &str = "/Users/dev/Library/Application Support/go/env";

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// One realistic startup-file line (or a few), or random bytes.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let word = "[A-Za-z0-9_./:-]{0,12}";
    prop_oneof![
        (
            "(GOPATH|GOROOT|GOBIN|GOARCH|GOOS|GOPROXY|GOFLAGS|EDITOR|X)",
            word
        )
            .prop_map(|(k, v)| format!("export {k}={v}").into_bytes()),
        ("[A-Z_]{1,6}", word).prop_map(|(k, v)| format!("{k}=\"{v} $HOME\"").into_bytes()),
        ("[A-Z_]{1,6}", word).prop_map(|(k, v)| format!("{k}='{v}'").into_bytes()),
        word.prop_map(|d| format!("path=(/opt/{d} $path)").into_bytes()),
        word.prop_map(|d| format!("export PATH=\"$PATH:/{d}\"").into_bytes()),
        word.prop_map(|d| format!("if [ -d /{d} ]; then\n  export GOBIN=/{d}\nfi").into_bytes()),
        word.prop_map(|d| format!("f_{}() {{\n  echo {d}\n}}", d.len()).into_bytes()),
        "[ -~]{0,40}".prop_map(|c| format!("# {c}").into_bytes()),
        Just(b"export GOARCH=amd64".to_vec()),
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..24),
    ]
}

fn file() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec((line(), any::<bool>()), 0..20),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            let mut out = Vec::new();
            let n = lines.len();
            for (i, (l, crlf)) in lines.into_iter().enumerate() {
                out.extend_from_slice(&l);
                if i + 1 < n || final_newline {
                    out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                }
            }
            out
        })
}

#[derive(Debug, Clone)]
enum EditKind {
    /// Comment out the n-th (modulo) UTF-8, non-empty line.
    Comment(usize),
    Block(String, Vec<String>),
    Unset(String),
    Set(String, String),
}

fn edit_kind() -> impl Strategy<Value = EditKind> {
    prop_oneof![
        any::<usize>().prop_map(EditKind::Comment),
        (
            "(gobin|goroot|path)",
            proptest::collection::vec("export [A-Z]{1,6}=\"[a-z/$]{0,10}\"", 1..4)
        )
            .prop_map(|(b, l)| EditKind::Block(b, l)),
        "(GOARCH|GOOS|GOPATH|GOFLAGS)".prop_map(EditKind::Unset),
        ("(GOARCH|GOOS|GOPATH|GOFLAGS)", "[a-z0-9/,.-]{0,12}")
            .prop_map(|(k, v)| EditKind::Set(k, v)),
    ]
}

fn body(line: &[u8]) -> &[u8] {
    let l = line.strip_suffix(b"\n").unwrap_or(line);
    l.strip_suffix(b"\r").unwrap_or(l)
}

fn to_edit(kind: &EditKind, zshrc: &[u8]) -> Option<Edit> {
    Some(match kind {
        EditKind::Comment(n) => {
            let candidates: Vec<(usize, String)> = zshrc
                .split_inclusive(|b| *b == b'\n')
                .enumerate()
                .filter_map(|(i, l)| {
                    let b = std::str::from_utf8(body(l)).ok()?;
                    (!b.trim().is_empty()).then(|| (i, b.to_string()))
                })
                .collect();
            if candidates.is_empty() {
                return None;
            }
            let (i, text) = candidates[n % candidates.len()].clone();
            Edit::CommentOutLine {
                path: ZSHRC.into(),
                line: i as u32 + 1,
                expected: text,
            }
        }
        EditKind::Block(name, lines) => Edit::EnsureBlock {
            path: ZSHRC.into(),
            block: name.clone(),
            lines: lines.clone(),
        },
        EditKind::Unset(key) => Edit::GoEnvUnset {
            path: GOENV.into(),
            key: key.clone(),
        },
        EditKind::Set(key, value) => Edit::GoEnvSet {
            path: GOENV.into(),
            key: key.clone(),
            value: value.clone(),
        },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn apply_then_undo_restores_every_byte(
        zshrc in file(),
        goenv in proptest::option::of(file()),
        kinds in proptest::collection::vec(edit_kind(), 1..4),
    ) {
        let m = Machine::mac();
        fs::write(m.path(ZSHRC), &zshrc).unwrap();
        if let Some(g) = &goenv {
            let p = m.path(GOENV);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, g).unwrap();
        }
        let host = m.host();
        let mut fix = Fix::new("prop:fix", "property fix", Applicability::Safe);
        fix.edits = kinds.iter().filter_map(|k| to_edit(k, &zshrc)).collect();
        let p = match plan::plan(&host, &fix) {
            Ok(p) => p,
            // A line that appears twice and was not at its place: refused, nothing to check.
            Err(plan::PlanError::LineChanged { .. }) => return Ok(()),
            Err(e) => panic!("plan: {e}"),
        };
        if p.is_empty() {
            return Ok(());
        }
        let applied = apply::apply(&host, &p, &NoSyntaxCheck, false).expect("apply");
        for change in &p.changes {
            if let Some(after) = &change.after {
                prop_assert_eq!(&fs::read(m.path(&change.target.to_string_lossy())).unwrap(), after);
            }
        }
        apply::undo(&host, Some(&applied.entry.id)).expect("undo");
        prop_assert_eq!(fs::read(m.path(ZSHRC)).unwrap(), zshrc);
        let g = m.path(GOENV);
        match &goenv {
            Some(bytes) => prop_assert_eq!(&fs::read(&g).unwrap(), bytes),
            None => prop_assert!(!g.exists(), "a go env file the fix created is removed by undo"),
        }
    }
}
