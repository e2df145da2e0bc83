//! Properties of the static startup-file evaluator:
//! - it never panics, whatever the bytes of `.zshrc` (random bytes, CRLF, non-UTF-8,
//!   unbalanced quotes, deep nesting);
//! - for generated files in the supported subset (exports, assignments with quotes,
//!   `path=(...)`, `if`/`fi` on directory tests, functions, comments), every value it
//!   claims to know (PATH when complete, the GO* variables not in `unknown_vars`) is what
//!   the real `zsh -d -l -i -c` gives.
//!
//! Cases: `PROPTEST_CASES` (default 64) for the no-panic property,
//! `NATIVEGO_ZSH_CASES` (default 32) for the comparison with zsh, which is skipped when
//! zsh is absent unless `NATIVEGO_REQUIRE_ZSH=1`.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use proptest::prelude::*;

use common::{static_zsh_login_env, zsh_login_env};

const VARS: &[&str] = &[
    "GOROOT", "GOPATH", "GOBIN", "GOARCH", "GOOS", "GOFLAGS", "GOPROXY",
];

fn env_cases(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A line of shell in the subset the evaluator supports. `d` names a directory that exists
/// under HOME (`dir0`..`dir2`) or not (`nodir`).
fn subset_line() -> impl Strategy<Value = String> {
    let var = "(GOROOT|GOPATH|GOBIN|GOARCH|GOOS|GOFLAGS|GOPROXY)";
    let val = "[a-z0-9_./,-]{0,10}";
    let dir = "(dir0|dir1|dir2|nodir)";
    prop_oneof![
        (var, val).prop_map(|(k, v)| format!("export {k}={v}")),
        (var, val).prop_map(|(k, v)| format!("export {k}=\"$HOME/{v}\"")),
        (var, val).prop_map(|(k, v)| format!("{k}='{v}'; export {k}")),
        (var, var).prop_map(|(k, o)| format!("export {k}=\"${{{o}:-dflt}}\"")),
        var.prop_map(|k| format!("unset {k}")),
        dir.prop_map(|d| format!("path=($HOME/{d} $path)")),
        dir.prop_map(|d| format!("path+=($HOME/{d})")),
        dir.prop_map(|d| format!("export PATH=\"$HOME/{d}:$PATH\"")),
        dir.prop_map(|d| format!("export PATH=$PATH:~/{d}")),
        (dir, var, val).prop_map(|(d, k, v)| format!(
            "if [ -d \"$HOME/{d}\" ]; then\n  export {k}={v}\nelse\n  path=(/opt/{v} $path)\nfi"
        )),
        (dir, var).prop_map(|(d, k)| format!("[[ -d ~/{d} ]] && export {k}=~/{d}")),
        (var, val).prop_map(|(k, v)| format!("setit() {{\n  export {k}=/fn/{v}\n}}")),
        Just("setit 2>/dev/null".to_string()),
        "[ -~]{0,30}".prop_map(|c| format!("# {c}")),
        Just(String::new()),
        Just("alias ll='ls -l'".to_string()),
    ]
}

fn subset_file() -> impl Strategy<Value = String> {
    proptest::collection::vec(subset_line(), 0..12).prop_map(|l| {
        let mut s = l.join("\n");
        s.push('\n');
        s
    })
}

fn arbitrary_file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        // Shell-ish bytes: many quotes, brackets, `$`, newlines, CRs.
        proptest::collection::vec(
            prop_oneof![
                Just(b'"'),
                Just(b'\''),
                Just(b'$'),
                Just(b'('),
                Just(b')'),
                Just(b'{'),
                Just(b'}'),
                Just(b'['),
                Just(b']'),
                Just(b'\n'),
                Just(b'\r'),
                Just(b'\\'),
                Just(b'`'),
                Just(b';'),
                Just(b'&'),
                Just(b'|'),
                Just(b'<'),
                Just(b'='),
                Just(b' '),
                Just(0xff),
                Just(0xe9),
                b'a'..=b'z'
            ],
            0..400
        ),
        (
            subset_file(),
            proptest::collection::vec(any::<u8>(), 0..8),
            any::<usize>()
        )
            .prop_map(|(f, junk, at)| {
                let mut b = f.into_bytes();
                let at = at % (b.len() + 1);
                b.splice(at..at, junk);
                b
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: env_cases("PROPTEST_CASES", 64), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_evaluator_never_panics(zshrc in arbitrary_file(), zshenv in arbitrary_file()) {
        let tmp = tempfile::tempdir().unwrap();
        let home = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::write(home.join(".zshrc"), &zshrc).unwrap();
        std::fs::write(home.join(".zshenv"), &zshenv).unwrap();
        let env = static_zsh_login_env(&home);
        // Whatever it says, it says it about the files it read.
        prop_assert!(!env.files.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: env_cases("NATIVEGO_ZSH_CASES", 32), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn what_the_evaluator_knows_agrees_with_zsh(zshrc in subset_file(), zprofile in subset_file()) {
        if !common::zsh_available() {
            return Ok(());
        }
        let tmp = tempfile::tempdir().unwrap();
        let home = std::fs::canonicalize(tmp.path()).unwrap();
        for d in ["dir0", "dir1", "dir2"] {
            std::fs::create_dir_all(home.join(d)).unwrap();
        }
        std::fs::write(home.join(".zshrc"), &zshrc).unwrap();
        std::fs::write(home.join(".zprofile"), &zprofile).unwrap();
        let real = zsh_login_env(&home).expect("zsh gave no output");
        let st = static_zsh_login_env(&home);
        for v in VARS {
            if st.unknown_vars.iter().any(|u| u == v) {
                continue;
            }
            prop_assert_eq!(real.get(*v), st.vars.get(*v), "{} differs\n.zprofile:\n{}\n.zshrc:\n{}", v, zprofile, zshrc);
        }
        if !st.path_incomplete {
            let joined = st.path.iter().map(|e| e.dir.as_str()).collect::<Vec<_>>().join(":");
            prop_assert_eq!(real.get("PATH"), Some(&joined), "PATH differs\n.zprofile:\n{}\n.zshrc:\n{}", zprofile, zshrc);
        }
    }
}
