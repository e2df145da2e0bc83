//! Hostile sizes and file kinds: bounded time, a report, no hang.
//!
//! A huge startup file (5 MB; 50 MB with `NATIVEGO_SOAK=1`), a PATH of 5,000 entries, a
//! `~/go/bin` of 10,000 files, deep symlink chains and loops, a FIFO and a symlink that
//! climbs out of the scenario to `/dev/null` where binaries are expected, and a startup
//! file that vanishes while the diagnosis runs. Each diagnosis runs in a thread with a
//! deadline; missing it fails the test instead of hanging the suite.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;

fn soak() -> bool {
    std::env::var("NATIVEGO_SOAK").as_deref() == Ok("1")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ft = fs::symlink_metadata(&src).unwrap().file_type();
        if ft.is_symlink() {
            symlink(fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if ft.is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A copy of `clean-official` (a Mac with an official Go install).
fn machine() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/scenarios/clean-official"), tmp.path());
    tmp
}

fn home(m: &tempfile::TempDir) -> PathBuf {
    m.path().join("root/Users/dev")
}

/// Diagnose in a thread; fail if it takes longer than `limit`.
fn diagnose_within(dir: &Path, limit: Duration) -> (Report, Duration) {
    let dir = dir.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let host = ScenarioHost::load(&dir).unwrap();
        let report = nativego_doctor::diagnose(
            &host,
            &ProbeOptions {
                run_login_shell: false,
                ..ProbeOptions::default()
            },
        )
        .1;
        let _ = tx.send((report, start.elapsed()));
    });
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(_) => panic!("the diagnosis did not finish within {limit:?}"),
    }
}

#[test]
fn a_huge_startup_file_is_bounded() {
    let m = machine();
    let mb = if soak() { 50 } else { 5 };
    let line = b"export EDITOR=vim # padding padding padding padding padding padding\n";
    let mut big = Vec::with_capacity(mb << 20);
    big.extend_from_slice(b"export GOARCH=amd64\n");
    while big.len() < mb << 20 {
        big.extend_from_slice(line);
    }
    fs::write(home(&m).join(".zshrc"), &big).unwrap();
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(120));
    assert!(
        took < Duration::from_secs(if soak() { 120 } else { 60 }),
        "{took:?}"
    );
    assert!(
        !report.findings.is_empty(),
        "a {mb} MB .zshrc still gets a report"
    );
}

#[test]
fn a_path_of_5000_entries() {
    let m = machine();
    let entries: Vec<String> = (0..5000).map(|i| format!("/opt/p{i}/bin")).collect();
    fs::write(
        home(&m).join(".zshrc"),
        format!("export PATH=\"{}:$PATH\"\n", entries.join(":")),
    )
    .unwrap();
    let (_report, took) = diagnose_within(m.path(), Duration::from_secs(60));
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn ten_thousand_files_in_go_bin() {
    let m = machine();
    let bin = home(&m).join("go/bin");
    fs::create_dir_all(&bin).unwrap();
    let n = 10_000;
    for i in 0..n {
        let p = bin.join(format!("tool{i}"));
        // Tiny stand-ins: a Mach-O magic and nothing else (truncated binaries).
        fs::write(&p, b"\xcf\xfa\xed\xfe\x0c\x00\x00\x01").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::write(
        home(&m).join(".zshrc"),
        "export PATH=\"$HOME/go/bin:$PATH\"\n",
    )
    .unwrap();
    let (_report, took) = diagnose_within(m.path(), Duration::from_secs(120));
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn symlink_chains_loops_fifos_and_devices_where_binaries_are_expected() {
    let m = machine();
    let bin = home(&m).join("go/bin");
    fs::create_dir_all(&bin).unwrap();
    // A chain of 200 links (longer than MAXSYMLINKS) ending at a file.
    fs::write(bin.join("end"), b"\xcf\xfa\xed\xfe").unwrap();
    let mut prev = "end".to_string();
    for i in 0..200 {
        let name = format!("chain{i}");
        symlink(&prev, bin.join(&name)).unwrap();
        prev = name;
    }
    // Loops.
    symlink("loop-b", bin.join("loop-a")).unwrap();
    symlink("loop-a", bin.join("loop-b")).unwrap();
    symlink("self", bin.join("self")).unwrap();
    symlink(".", bin.join("dot")).unwrap();
    // A symlink that climbs out of the scenario to the real /dev/null, and one to the
    // scenario's root.
    symlink(
        "../../../../../../../../../../dev/null",
        bin.join("devnull"),
    )
    .unwrap();
    symlink("/dev/zero", bin.join("zero")).unwrap();
    // A FIFO named like a tool: opening it for reading would block forever.
    let fifo = bin.join("fifo-tool");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    // A directory that loops back through a symlinked parent.
    fs::create_dir_all(home(&m).join("sdk")).unwrap();
    symlink("..", home(&m).join("sdk/up")).unwrap();
    fs::write(
        home(&m).join(".zshrc"),
        "export PATH=\"$HOME/go/bin:$HOME/go/bin/dot:$HOME/sdk/up/sdk/up/go/bin:$PATH\"\nexport GOROOT=$HOME/go/bin/loop-a\n",
    )
    .unwrap();
    let (report, _took) = diagnose_within(m.path(), Duration::from_secs(30));
    assert!(!report.findings.is_empty());
    assert!(
        ok || !Path::new("/usr/bin/mkfifo").exists(),
        "mkfifo failed"
    );
}

#[test]
fn a_startup_file_that_vanishes_and_reappears_during_diagnosis() {
    let m = machine();
    let rc = home(&m).join(".zshrc");
    let content = "export GOARCH=amd64\n".repeat(20_000);
    fs::write(&rc, &content).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s2 = stop.clone();
    let rc2 = rc.clone();
    let flipper = std::thread::spawn(move || {
        let mut i = 0u64;
        while !s2.load(std::sync::atomic::Ordering::Relaxed) {
            if i.is_multiple_of(2) {
                let _ = fs::remove_file(&rc2);
            } else {
                let _ = fs::write(&rc2, &content[..(i as usize * 97) % content.len()]);
            }
            i += 1;
        }
    });
    for _ in 0..20 {
        let _ = diagnose_within(m.path(), Duration::from_secs(30));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flipper.join().unwrap();
}
