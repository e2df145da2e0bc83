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

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nativego_doctor::facts::{Applicable, Arch, LoginEnv, MachineFacts, Os, ShellKind};
use nativego_doctor::host::{FileKind, Host, Meta, RunError, RunOutput};
use nativego_doctor::shell::{evaluate, EvalOptions};
use proptest::prelude::*;

const ZSH: &str = "/usr/bin/zsh";
const START: &str = "__NATIVEGO_START__";
const END: &str = "__NATIVEGO_END__";
const VARS: &[&str] = &[
    "GOROOT", "GOPATH", "GOBIN", "GOARCH", "GOOS", "GOFLAGS", "GOPROXY",
];

fn env_cases(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The real file system, for the static side.
struct FsHost;

fn meta(m: std::fs::Metadata) -> Meta {
    use std::os::unix::fs::PermissionsExt;
    let ft = m.file_type();
    Meta {
        kind: if ft.is_symlink() {
            FileKind::Symlink
        } else if ft.is_dir() {
            FileKind::Dir
        } else if ft.is_file() {
            FileKind::File
        } else {
            FileKind::Other
        },
        len: m.len(),
        mode: m.permissions().mode() & 0o7777,
    }
}

impl Host for FsHost {
    fn os(&self) -> Os {
        Os::Linux
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        std::fs::symlink_metadata(path).map(meta)
    }
    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        std::fs::metadata(path).map(meta)
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::read_link(path)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut v: Vec<String> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        Ok(v)
    }
    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let f = std::fs::File::open(path)?;
        let mut out = Vec::new();
        f.take(limit).read_to_end(&mut out)?;
        Ok(out)
    }
    fn read_at(&self, path: &Path, _offset: u64, len: u64) -> io::Result<Vec<u8>> {
        self.read_prefix(path, len)
    }
    fn env_var(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
    fn home(&self) -> Option<PathBuf> {
        None
    }
    fn login_shell(&self) -> Option<PathBuf> {
        None
    }
    fn machine(&self) -> MachineFacts {
        MachineFacts {
            os: Os::Linux,
            os_version: None,
            hw_arch: Arch::Unknown,
            translated: Applicable::Unknown,
            rosetta_installed: Applicable::Unknown,
            developer_tools: Applicable::Unknown,
            homebrew: Vec::new(),
            processes: Vec::new(),
            arch_preferences: Applicable::Unknown,
        }
    }
    fn can_run(&self) -> bool {
        false
    }
    fn run(
        &self,
        _: &Path,
        _: &[&str],
        _: &[(&str, &str)],
        _: Duration,
        _: usize,
    ) -> Result<RunOutput, RunError> {
        Err(RunError::Unsupported)
    }
}

fn run_zsh(home: &Path) -> Option<BTreeMap<String, String>> {
    let script = format!("print -rn -- {START}; /usr/bin/env -0; print -rn -- {END}");
    let mut child = Command::new("/usr/bin/env")
        .args(["-i"])
        .arg(format!("HOME={}", home.display()))
        .arg(format!("ZDOTDIR={}", home.display()))
        .arg("PATH=/usr/bin:/bin")
        .args([ZSH, "-d", "-l", "-i", "-c", &script])
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(10) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("zsh timed out");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => return None,
        }
    }
    let mut out = Vec::new();
    child.stdout.take()?.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out);
    let s = text.find(START)? + START.len();
    let e = text[s..].find(END)? + s;
    let mut vars = BTreeMap::new();
    for entry in text[s..e].split('\0') {
        if let Some((k, v)) = entry.split_once('=') {
            vars.insert(k.to_string(), v.to_string());
        }
    }
    Some(vars)
}

fn static_env(home: &Path) -> LoginEnv {
    let h = home.to_string_lossy().into_owned();
    let opts = EvalOptions {
        shell: ShellKind::Zsh,
        os: Os::Linux,
        home: home.to_path_buf(),
        initial_env: vec![
            ("HOME".into(), h.clone()),
            ("ZDOTDIR".into(), h),
            ("PATH".into(), "/usr/bin:/bin".into()),
        ],
        login: true,
        interactive: true,
        go_env_file: BTreeMap::new(),
        global_rcs: false,
    };
    evaluate(&FsHost, &opts)
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
        let env = static_env(&home);
        // Whatever it says, it says it about the files it read.
        prop_assert!(!env.files.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: env_cases("NATIVEGO_ZSH_CASES", 32), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn what_the_evaluator_knows_agrees_with_zsh(zshrc in subset_file(), zprofile in subset_file()) {
        if !Path::new(ZSH).exists() {
            assert!(
                std::env::var("NATIVEGO_REQUIRE_ZSH").as_deref() != Ok("1"),
                "zsh is required (NATIVEGO_REQUIRE_ZSH=1) but {ZSH} is missing"
            );
            return Ok(());
        }
        let tmp = tempfile::tempdir().unwrap();
        let home = std::fs::canonicalize(tmp.path()).unwrap();
        for d in ["dir0", "dir1", "dir2"] {
            std::fs::create_dir_all(home.join(d)).unwrap();
        }
        std::fs::write(home.join(".zshrc"), &zshrc).unwrap();
        std::fs::write(home.join(".zprofile"), &zprofile).unwrap();
        let real = run_zsh(&home).expect("zsh gave no output");
        let st = static_env(&home);
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
