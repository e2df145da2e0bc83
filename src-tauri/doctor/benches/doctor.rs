//! Micro-benchmarks (divan): `cargo bench -p nativego-doctor` from src-tauri/.
//!
//! - the startup-file evaluator on the messy-migrated-mac scenario (files read through
//!   `ScenarioHost`, warm page cache) and on a generated 2,000-line ~/.zshrc;
//! - the Mach-O / ELF / build-info reader on in-memory files (thin Mach-O, universal);
//! - the whole check set on in-memory facts (`report::build`).
//!
//! The whole-process comparisons with `go env -json` and `go version -m` are in bench/.
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use nativego_doctor::binary::{read_binary, CountingSource};
use nativego_doctor::facts::{Os, ShellKind};
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::shell::{self, EvalOptions};

fn main() {
    divan::main();
}

fn scenario_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios")
        .join(name)
}

fn terminal_opts() -> EvalOptions {
    EvalOptions::terminal(
        ShellKind::Zsh,
        Os::Macos,
        PathBuf::from("/Users/dev"),
        vec![
            ("HOME".into(), "/Users/dev".into()),
            ("USER".into(), "dev".into()),
            ("SHELL".into(), "/bin/zsh".into()),
        ],
    )
}

mod evaluator {
    use super::*;

    #[divan::bench]
    fn messy_migrated_mac(bencher: divan::Bencher) {
        let host = ScenarioHost::load(&scenario_dir("messy-migrated-mac")).expect("scenario");
        let opts = terminal_opts();
        bencher.bench_local(|| shell::evaluate(divan::black_box(&host), &opts));
    }

    /// A copy of clean-official whose ~/.zshrc has `lines` generated lines.
    #[divan::bench(args = [200, 2000])]
    fn generated_zshrc(bencher: divan::Bencher, lines: usize) {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&scenario_dir("clean-official"), dir.path());
        let mut text =
            String::from("export GOPATH=\"$HOME/go\"\nexport PATH=\"$PATH:$GOPATH/bin\"\n");
        let mut i = 0;
        while text.lines().count() < lines {
            text.push_str(&format!(
                "# project {i}\nalias p{i}='cd ~/src/p{i}'\nexport P{i}_HOME=\"$HOME/src/p{i}\"\n\
                 if [ -d \"$P{i}_HOME\" ]; then\n  export P{i}_OK=1\nfi\np{i}_build() {{\n  go build ./...\n}}\n"
            ));
            i += 1;
        }
        let zshrc = dir.path().join("root/Users/dev/.zshrc");
        let _ = std::fs::remove_file(&zshrc);
        std::fs::write(&zshrc, text).expect("write .zshrc");
        let host = ScenarioHost::load(dir.path()).expect("scenario");
        let opts = terminal_opts();
        bencher.bench_local(|| shell::evaluate(divan::black_box(&host), &opts));
    }

    fn copy_tree(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let dst = to.join(entry.file_name());
            let ty = entry.file_type().expect("file type");
            if ty.is_symlink() {
                let target = std::fs::read_link(entry.path()).expect("read_link");
                std::os::unix::fs::symlink(target, &dst).expect("symlink");
            } else if ty.is_dir() {
                std::fs::create_dir_all(&dst).expect("mkdir");
                copy_tree(&entry.path(), &dst);
            } else {
                std::fs::copy(entry.path(), &dst).expect("copy");
            }
        }
    }
}

mod binary_reader {
    use super::*;

    fn file(scenario: &str, path: &str) -> Vec<u8> {
        std::fs::read(scenario_dir(scenario).join("root").join(path)).expect("scenario binary")
    }

    #[divan::bench]
    fn thin_macho_go(bencher: divan::Bencher) {
        let bytes = file("messy-migrated-mac", "usr/local/go/bin/go");
        bencher.bench_local(|| read_binary(divan::black_box(&bytes)).expect("readable"));
    }

    #[divan::bench]
    fn universal_not_go(bencher: divan::Bencher) {
        let bytes = file("messy-migrated-mac", "bin/zsh");
        bencher.bench_local(|| read_binary(divan::black_box(&bytes)).expect("readable"));
    }

    #[divan::bench]
    fn thin_macho_go_counting(bencher: divan::Bencher) {
        let bytes = file("messy-migrated-mac", "Users/dev/go/bin/gopls");
        bencher.bench_local(|| {
            let src = CountingSource::new(&bytes);
            let _ = read_binary(divan::black_box(&src));
            src.bytes_read()
        });
    }

    /// A real Go program (built by bench/run.sh with the installed go) when it is cached.
    #[divan::bench]
    fn real_go_darwin_arm64(bencher: divan::Bencher) {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/.cache/go/hello-darwin-arm64");
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("real_go_darwin_arm64: run bench/run.sh once to build the Go program");
            return;
        };
        bencher.bench_local(|| read_binary(divan::black_box(&bytes)).expect("readable"));
    }
}

mod checks {
    use super::*;

    #[divan::bench(args = ["messy-migrated-mac", "clean-official"])]
    fn report_from_facts(bencher: divan::Bencher, scenario: &str) {
        let host = ScenarioHost::load(&scenario_dir(scenario)).expect("scenario");
        let (facts, _) = nativego_doctor::diagnose(&host, &ProbeOptions::default());
        bencher.bench_local(|| nativego_doctor::report::build(divan::black_box(&facts)));
    }

    #[divan::bench(args = ["messy-migrated-mac", "clean-official"])]
    fn whole_diagnosis(bencher: divan::Bencher, scenario: &str) {
        let host = ScenarioHost::load(&scenario_dir(scenario)).expect("scenario");
        let opts = ProbeOptions::default();
        bencher.bench_local(|| nativego_doctor::diagnose(divan::black_box(&host), &opts));
    }
}
