//! `nativego snapshot`: a machine written as a scenario gives the same diagnosis.
//!
//! - every shipped scenario, snapshotted through its `ScenarioHost`, reproduces its own
//!   report exactly;
//! - a fake "this machine" on the real disk (the real host with a temp home: startup files,
//!   a Go install, a go env file, tools) snapshotted and diagnosed again gives the same
//!   findings, active Go and installs, and nothing in the snapshot names the temp home or
//!   the user;
//! - a snapshot never writes into a non-empty directory.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use nativego_doctor::binary::write::{render_modinfo, write_elf, SliceSpec};
use nativego_doctor::binary::Arch;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::scenario_binaries;
use nativego_doctor::render::{self, Style};
use nativego_doctor::report::Report;
use nativego_doctor::snapshot::{self, static_probe, SnapshotError, SnapshotOptions};

use common::RealHostWithHome;

fn scenarios() -> Vec<(String, PathBuf)> {
    let out = common::scenarios();
    assert!(out.len() >= 13);
    out
}

fn opts() -> SnapshotOptions {
    SnapshotOptions {
        nativego_version: "0.0.0-test".into(),
        now_unix: 1_767_225_600,
    }
}

fn text_of(report: &Report) -> String {
    render::render(
        report,
        Style {
            color: false,
            verbose: true,
        },
    )
}

/// Every regular file and symlink under `dir`.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

#[test]
fn every_scenario_snapshot_reproduces_its_report_exactly() {
    let mut problems = Vec::new();
    for (name, dir) in scenarios() {
        let host = ScenarioHost::load(&dir).unwrap();
        let out = tempfile::tempdir().unwrap();
        let snap_dir = out.path().join("snap");
        let summary =
            snapshot::snapshot(&host, &snap_dir, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        if !summary.differences.is_empty() {
            problems.push(format!("{name}: {:#?}", summary.differences));
        }
        // Beyond the findings: the whole report, human and JSON, is the same.
        let (_, original) = nativego_doctor::diagnose(&host, &static_probe());
        let again = ScenarioHost::load(&snap_dir).unwrap();
        let (_, copy) = nativego_doctor::diagnose(&again, &static_probe());
        let (a, b) = (text_of(&original), text_of(&copy));
        if a != b {
            problems.push(format!(
                "{name}: the report differs\n--- scenario\n{a}\n--- snapshot\n{b}"
            ));
        }
        let (a, b) = (
            serde_json::to_string_pretty(&original).unwrap(),
            serde_json::to_string_pretty(&copy).unwrap(),
        );
        if a != b {
            problems.push(format!("{name}: the JSON report differs"));
        }
        // The committed-binaries invariant holds for the snapshot too.
        for g in scenario_binaries::generate(&snap_dir).unwrap() {
            let real = scenario_binaries::real_path(&snap_dir, &g.path);
            assert_eq!(
                fs::read(&real).unwrap(),
                g.bytes,
                "{name}: {}",
                g.path.display()
            );
        }
        // The checks that fired are written down for a test to use.
        let expect = fs::read_to_string(snap_dir.join("expect.toml")).unwrap();
        for f in &original.findings {
            assert!(
                expect.contains(&format!("\"{}\"", f.check)),
                "{name}: {expect}"
            );
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn a_snapshot_refuses_a_non_empty_directory() {
    let host = ScenarioHost::load(&scenarios()[0].1).unwrap();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let err = snapshot::snapshot(&host, out.path(), &opts()).unwrap_err();
    assert!(matches!(err, SnapshotError::NotEmpty(_)), "{err}");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(
        fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 1);
    // A file in the way is refused too; an empty directory is fine.
    let err = snapshot::snapshot(&host, &out.path().join("notes.txt"), &opts()).unwrap_err();
    assert!(matches!(err, SnapshotError::NotADirectory(_)), "{err}");
    let empty = out.path().join("empty");
    fs::create_dir(&empty).unwrap();
    snapshot::snapshot(&host, &empty, &opts()).unwrap();
    assert!(empty.join("host.toml").is_file());
}

// ----- the real machine -------------------------------------------------------------

const USER: &str = "alicequux";

fn write_exe(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn go_elf(arch: Arch, go: &str, package: &str, module: &str, version: &str) -> Vec<u8> {
    let mut s = SliceSpec::new(arch);
    s.go_version = Some(go.into());
    s.modinfo = Some(render_modinfo(
        package,
        module,
        version,
        None,
        &[("GOARCH", arch.goarch()), ("GOOS", "linux")],
    ));
    write_elf(&s)
}

/// A machine on the real disk: `tmp/home/alicequux` with bash startup files, a Go install
/// in `tmp/opt/go` (reached through a symlink `tmp/opt/current`), a second one in `~/sdk`,
/// a go env file and tools. Returns the host.
fn fake_machine(tmp: &Path) -> RealHostWithHome {
    let home = tmp.join("home").join(USER);
    let goroot = tmp.join("opt/go1.27.3");
    let sdk = home.join("sdk/go1.26.4");
    fs::create_dir_all(&home).unwrap();
    // The Go install: VERSION, go.env, pkg/tool, bin/go (ELF stand-in, x86_64), or Debian's
    // real go binary when it is there.
    fs::create_dir_all(goroot.join("pkg/tool/linux_amd64")).unwrap();
    fs::write(
        goroot.join("VERSION"),
        "go1.27.3\ntime 2026-01-01T00:00:00Z\n",
    )
    .unwrap();
    fs::write(
        goroot.join("go.env"),
        "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n",
    )
    .unwrap();
    write_exe(
        &goroot.join("bin/go"),
        &go_elf(Arch::X86_64, "go1.27.3", "cmd/go", "cmd", "(devel)"),
    );
    symlink("go1.27.3", tmp.join("opt/current")).unwrap();
    // An older Go in ~/sdk, arm64 (wrong arch on this x86_64 machine), not on PATH first.
    fs::create_dir_all(sdk.join("pkg/tool/linux_arm64")).unwrap();
    fs::write(sdk.join("VERSION"), "go1.26.4\n").unwrap();
    let debian_go = Path::new("/usr/lib/go-1.19/bin/go");
    let sdk_go = if debian_go.is_file() {
        fs::read(debian_go).unwrap()
    } else {
        go_elf(Arch::Arm64, "go1.26.4", "cmd/go", "cmd", "(devel)")
    };
    write_exe(&sdk.join("bin/go"), &sdk_go);
    // Tools: one fine, one arm64, one unreadable (a script), one naming the user.
    let bin = home.join("go/bin");
    write_exe(
        &bin.join("gopls"),
        &go_elf(
            Arch::X86_64,
            "go1.27.3",
            "golang.org/x/tools/gopls",
            "golang.org/x/tools/gopls",
            "v0.20.0",
        ),
    );
    write_exe(
        &bin.join("dlv"),
        &go_elf(
            Arch::Arm64,
            "go1.26.4",
            "github.com/go-delve/delve/cmd/dlv",
            "github.com/go-delve/delve",
            "v1.25.2",
        ),
    );
    write_exe(
        &bin.join(format!("{USER}-tool")),
        &go_elf(
            Arch::X86_64,
            "go1.27.3",
            &format!("github.com/{USER}/tool"),
            &format!("github.com/{USER}/tool"),
            "v0.1.0",
        ),
    );
    write_exe(
        &bin.join("wrapper"),
        format!("#!/bin/sh\nexec {}/go/bin/gopls \"$@\"\n", home.display()).as_bytes(),
    );
    // Startup files: ~/.bash_profile sources ~/.bashrc, a dotfiles symlink.
    fs::create_dir_all(home.join("dotfiles")).unwrap();
    fs::write(
        home.join(".bash_profile"),
        format!(
            "# {USER}'s profile\n[ -f ~/.bashrc ] && . ~/.bashrc\nexport GITHUB_TOKEN=ghp_notarealtoken123\n"
        ),
    )
    .unwrap();
    fs::write(
        home.join("dotfiles/bashrc"),
        format!(
            "export GOPATH={home}/go\nexport PATH=\"{tmp}/opt/current/bin:$PATH:$GOPATH/bin:$HOME/sdk/go1.26.4/bin\"\nexport GOARCH=arm64\nif [ -d \"$HOME/.cargo\" ]; then export PATH=\"$HOME/.cargo/bin:$PATH\"; fi\nexport NPM_TOKEN=\"npm_secret\"\n",
            home = home.display(),
            tmp = tmp.display()
        ),
    )
    .unwrap();
    symlink("dotfiles/bashrc", home.join(".bashrc")).unwrap();
    fs::create_dir_all(home.join(".cargo/bin")).unwrap();
    // The go env file.
    fs::create_dir_all(home.join(".config/go")).unwrap();
    fs::write(
        home.join(".config/go/env"),
        format!("GOPROXY=off\nGOFLAGS=-modcacherw\nGOPRIVATE=github.com/{USER}\n"),
    )
    .unwrap();
    // The real machine with this home, user and login shell.
    let shell = "/bin/bash";
    RealHostWithHome::with_env(
        &home,
        Path::new(shell),
        &[
            ("HOME", &home.display().to_string()),
            ("USER", USER),
            ("LOGNAME", USER),
            ("SHELL", shell),
            ("LANG", "C.UTF-8"),
        ],
    )
}

#[cfg(target_os = "linux")]
#[test]
fn this_machine_snapshot_gives_the_same_findings() {
    let tmp = tempfile::tempdir().unwrap();
    // Resolve the temp dir so symlinks in its path (none on Linux) do not get in the way.
    let tmp_path = tmp.path().canonicalize().unwrap();
    let host = fake_machine(&tmp_path);
    let home = host.home.display().to_string();

    let (machine_facts, machine) = nativego_doctor::diagnose(&host, &static_probe());
    // The fake machine is what the test thinks it is.
    let fired: Vec<&str> = machine.findings.iter().map(|f| f.check.as_str()).collect();
    for wanted in ["goarch-forced", "goproxy-invalid", "tools-wrong-arch"] {
        assert!(fired.contains(&wanted), "{wanted} in {fired:?}");
    }
    assert!(
        machine_facts.installs.len() >= 2,
        "{:#?}",
        machine_facts.installs
    );

    let out = tmp_path.join("snapshot");
    let summary = snapshot::snapshot(&host, &out, &opts()).unwrap();
    assert!(summary.differences.is_empty(), "{:#?}", summary.differences);

    // Diagnose the snapshot and compare, independently of the summary.
    let scenario = ScenarioHost::load(&out).unwrap();
    let (snap_facts, snap) = nativego_doctor::diagnose(&scenario, &static_probe());
    let norm = |s: &str| s.replace(&home, "/home/dev").replace(USER, "dev");
    let keys = |r: &Report, n: &dyn Fn(&str) -> String| -> Vec<(String, String, String)> {
        let mut k: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.check.clone(), f.severity.to_string(), n(&f.title)))
            .collect();
        k.sort();
        k
    };
    assert_eq!(keys(&machine, &norm), keys(&snap, &|s| s.to_string()));
    let active = |f: &nativego_doctor::facts::Facts| {
        f.active().map(|i| {
            (
                i.version().map(str::to_string),
                i.arches(),
                i.source.clone(),
            )
        })
    };
    assert_eq!(active(&machine_facts), active(&snap_facts));
    assert!(active(&snap_facts).is_some());
    assert_eq!(machine_facts.installs.len(), snap_facts.installs.len());
    assert_eq!(machine_facts.tools.len(), snap_facts.tools.len());
    assert_eq!(
        machine_facts.login.path.len(),
        snap_facts.login.path.len(),
        "{:#?}",
        snap_facts.login.path
    );
    assert_eq!(snap_facts.home.as_deref(), Some(Path::new("/home/dev")));

    // The user name and the temp home appear nowhere: not in file contents, not in
    // symlink targets, not in file names.
    let snapshot_root = out.canonicalize().unwrap();
    for file in all_files(&snapshot_root) {
        let rel = file
            .strip_prefix(&snapshot_root)
            .unwrap()
            .display()
            .to_string();
        assert!(!rel.contains(USER), "a path names the user: {rel}");
        let meta = fs::symlink_metadata(&file).unwrap();
        let bytes = if meta.file_type().is_symlink() {
            fs::read_link(&file)
                .unwrap()
                .display()
                .to_string()
                .into_bytes()
        } else {
            fs::read(&file).unwrap()
        };
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&home), "{rel} names the home");
        assert!(!text.contains(USER), "{rel} names the user");
        assert!(!text.contains("ghp_notarealtoken123"), "{rel} has a token");
        assert!(!text.contains("npm_secret"), "{rel} has a token");
    }
    // The snapshot says what it redacted, without the values.
    let redacted = fs::read_to_string(out.join("REDACTED.md")).unwrap();
    assert!(
        redacted.contains("home directory → `/home/dev`"),
        "{redacted}"
    );
    assert!(redacted.contains("user name → `dev`"), "{redacted}");
    assert!(
        redacted.contains("`GITHUB_TOKEN`") && redacted.contains("`NPM_TOKEN`"),
        "{redacted}"
    );
    assert!(
        summary.redactions.iter().all(|r| r.files > 0),
        "{:?}",
        summary.redactions
    );
    // Symlinks stay symlinks; binaries are stand-ins, not copies.
    let bashrc = out.join("root/home/dev/.bashrc");
    assert_eq!(
        fs::read_link(&bashrc).unwrap(),
        Path::new("dotfiles/bashrc")
    );
    let current = scenario_binaries::real_path(&out, &tmp_path.join("opt/current"));
    assert_eq!(fs::read_link(current).unwrap(), Path::new("go1.27.3"));
    let sdk_go = out.join("root/home/dev/sdk/go1.26.4/bin/go");
    assert!(fs::metadata(&sdk_go).unwrap().len() < 64 * 1024);
    let binaries = fs::read_to_string(out.join("binaries.toml")).unwrap();
    assert!(binaries.contains("github.com/dev/tool"), "{binaries}");
    assert!(
        summary.stand_ins >= 5 && summary.rebuilt == 1,
        "{} {}",
        summary.stand_ins,
        summary.rebuilt
    );
    // host.toml: neutral home, shell, the terminal's environment.
    let host_toml = fs::read_to_string(out.join("host.toml")).unwrap();
    assert!(host_toml.contains("home = \"/home/dev\""), "{host_toml}");
    assert!(host_toml.contains("USER = \"dev\""), "{host_toml}");
    assert!(
        host_toml.contains("made on 2026-01-01 by nativego 0.0.0-test"),
        "{host_toml}"
    );
}
