//! The fuzz targets' bodies, shared by the libFuzzer targets (`fuzz_targets/`) and the
//! libFuzzer-free bounded runner (`src/bin/random_inputs.rs`). Each takes arbitrary bytes
//! and must return without panicking, hanging or exhausting memory.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nativego_doctor::facts::{Os, ShellKind};
use nativego_doctor::host::macos::{kinfo, launch_services, system_version};
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::shell::{evaluate, EvalOptions};

/// A fuzz target: arbitrary bytes in, no panic.
pub type Target = fn(&[u8]);

/// The targets by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("shell_eval", shell_eval),
    ("binary", binary),
    ("goenv", goenv),
    ("plist", plist),
    ("scenario", scenario),
];

/// A scenario machine kept for the process: `root/Users/dev` with the fuzzed startup files.
fn machine() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("nativego-fuzz")
            .tempdir()
            .expect("tempdir")
            .keep();
        fs::create_dir_all(dir.join("root/Users/dev/go/bin")).expect("mkdir");
        fs::write(
            dir.join("host.toml"),
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\nshell = \"/bin/zsh\"\n",
        )
        .expect("host.toml");
        dir
    })
}

/// The static evaluator on a fuzzed `.zshrc` (the first half of the input) and `.zprofile`
/// (the second), through the scenario host, as a terminal's login shell on macOS.
pub fn shell_eval(data: &[u8]) {
    let dir = machine();
    let split = data.len() / 2;
    let home = dir.join("root/Users/dev");
    fs::write(home.join(".zshrc"), &data[..split]).expect("write");
    fs::write(home.join(".zprofile"), &data[split..]).expect("write");
    let host = ScenarioHost::load(dir).expect("load");
    for shell in [ShellKind::Zsh, ShellKind::Bash] {
        let mut opts = EvalOptions::terminal(
            shell,
            Os::Macos,
            PathBuf::from("/Users/dev"),
            vec![
                ("HOME".into(), "/Users/dev".into()),
                ("PATH".into(), "/usr/bin:/bin".into()),
            ],
        );
        opts.go_env_file = BTreeMap::new();
        let env = evaluate(&host, &opts);
        if shell == ShellKind::Bash {
            // bash reads .profile/.bash_profile, not .zshrc: nothing to assert but no panic.
            let _ = env;
        }
    }
}

/// The Mach-O / fat / ELF reader and the Go build-info decoder.
pub fn binary(data: &[u8]) {
    if let Ok(info) = nativego_doctor::binary::read_binary(&data.to_vec()) {
        let _ = info.arches();
        let _ = info.go_version();
    }
}

/// The go env file parser.
pub fn goenv(data: &[u8]) {
    let _ = nativego_doctor::probe::goenv::parse_env_file(data);
}

/// The plist readers (LaunchServices preferences, SystemVersion.plist) and the kinfo
/// record parsers.
pub fn plist(data: &[u8]) {
    let _ = launch_services::arch_preferences(data);
    let _ = launch_services::bookmark_path(data);
    let _ = system_version::product_version(data);
    let _ = kinfo::parse_records(data);
    let _ = kinfo::parse_record(data);
    let _ = kinfo::is_translated(data);
}

/// The scenario loader on a fuzzed `host.toml`.
pub fn scenario(data: &[u8]) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("nativego-fuzz-scenario")
            .tempdir()
            .expect("tempdir")
            .keep();
        fs::create_dir_all(dir.join("root")).expect("mkdir");
        dir
    });
    fs::write(dir.join("host.toml"), data).expect("write");
    if let Ok(host) = ScenarioHost::load(dir) {
        use nativego_doctor::host::Host;
        let _ = host.machine();
        let _ = host.home();
        let _ = host.env_vars();
    }
}
