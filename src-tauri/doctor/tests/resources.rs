//! Hostile sizes and file kinds: bounded time and memory, a clear finding, no hang.
//!
//! A huge startup file (5 MB; 50 MB with `NATIVEGO_SOAK=1`), one larger than the engine
//! reads (soak only), a PATH of 5,000 entries, a `~/go/bin` of 10,000 files, deep symlink
//! chains and loops, FIFOs and a symlink that climbs out of the scenario to `/dev/null`
//! where binaries are expected, and a startup file that vanishes while the diagnosis
//! runs. Each diagnosis runs in a thread with a deadline; missing it fails the test
//! instead of hanging the suite. Each test also says what the user is told: the check
//! that fires, the path it names and why.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nativego_doctor::facts::Origin;
use nativego_doctor::finding::Finding;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::MAX_TEXT_FILE;
use nativego_doctor::report::Report;
use nativego_doctor::shell::eval::MAX_LINES;
use nativego_doctor::shell::state::MAX_PATH_ENTRIES;

fn soak() -> bool {
    std::env::var("NATIVEGO_SOAK").as_deref() == Ok("1")
}

/// A copy of `clean-official` (a Mac with an official Go install).
fn machine() -> tempfile::TempDir {
    common::scenario_copy("clean-official")
}

fn home(m: &tempfile::TempDir) -> PathBuf {
    m.path().join("root/Users/dev")
}

fn diagnose(dir: &Path) -> Report {
    common::diagnose_static(&ScenarioHost::load(dir).unwrap())
}

/// Diagnose in a thread; fail if it takes longer than `limit`.
fn diagnose_within(dir: &Path, limit: Duration) -> (Report, Duration) {
    let dir = dir.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let report = diagnose(&dir);
        let _ = tx.send((report, start.elapsed()));
    });
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(_) => panic!("the diagnosis did not finish within {limit:?}"),
    }
}

/// The findings of check `id`.
fn findings<'a>(report: &'a Report, id: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.check == id).collect()
}

/// The one finding of check `id`; fails with the whole list when there is not exactly one.
fn finding<'a>(report: &'a Report, id: &str) -> &'a Finding {
    match findings(report, id).as_slice() {
        [f] => f,
        other => panic!(
            "expected one `{id}` finding, got {}: {:#?}",
            other.len(),
            report.findings
        ),
    }
}

/// Title, message and evidence of a finding, as one text to search.
fn text(f: &Finding) -> String {
    let mut s = format!("{}\n{}\n", f.title, f.message);
    for e in &f.evidence {
        if let Some(p) = &e.path {
            s += &format!("{}:{} ", p.display(), e.line.unwrap_or(0));
        }
        s += &e.note;
        s.push('\n');
    }
    s
}

/// The evidence of `f` at `path`, line `line`.
fn evidence_at(f: &Finding, path: &str, line: Option<u32>) -> bool {
    f.evidence
        .iter()
        .any(|e| e.path.as_deref() == Some(Path::new(path)) && e.line == line)
}

const ZSHRC: &str = "/Users/dev/.zshrc";

/// A `.zshrc` of `bytes` bytes: `export GOARCH=amd64` on line 1, then padding lines.
fn huge_zshrc(bytes: usize) -> Vec<u8> {
    let line = b"export EDITOR=vim # padding padding padding padding padding padding\n";
    let mut big = Vec::with_capacity(bytes + line.len());
    big.extend_from_slice(b"export GOARCH=amd64\n");
    while big.len() < bytes {
        big.extend_from_slice(line);
    }
    big
}

/// A child process diagnoses the scenario in `$CHILD_DIR` and writes its peak resident
/// memory before and after (Linux `VmHWM`, in KiB) to `$CHILD_DIR/hwm`. A process of its
/// own, so the other tests' threads do not count.
const CHILD_DIR: &str = "NATIVEGO_RESOURCES_CHILD_DIR";

#[cfg(target_os = "linux")]
fn vm_hwm_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Run this test binary again, only `test`, with `CHILD_DIR=dir`; its (before, after) peak.
#[cfg(target_os = "linux")]
fn peak_memory_in_child(test: &str, dir: &Path) -> (u64, u64) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_DIR, dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the child diagnosis failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hwm = fs::read_to_string(dir.join("hwm")).expect("the child wrote its peak memory");
    let mut n = hwm.split_whitespace().map(|v| v.parse::<u64>().unwrap());
    (n.next().unwrap(), n.next().unwrap())
}

/// In the child: diagnose and write the peaks; `true` when this process is the child.
fn run_as_child() -> bool {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return false;
    };
    #[cfg(target_os = "linux")]
    {
        let dir = PathBuf::from(dir);
        let before = vm_hwm_kib();
        let report = diagnose(&dir);
        let after = vm_hwm_kib();
        assert!(!report.findings.is_empty());
        fs::write(dir.join("hwm"), format!("{before} {after}")).unwrap();
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    true
}

#[test]
fn a_huge_startup_file_is_bounded() {
    if run_as_child() {
        return;
    }
    let m = machine();
    let mb = if soak() { 50 } else { 5 };
    let big = huge_zshrc(mb << 20);
    let lines = big.iter().filter(|&&b| b == b'\n').count();
    fs::write(home(&m).join(".zshrc"), &big).unwrap();
    drop(big);
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(120));
    eprintln!("{mb} MB .zshrc ({lines} lines): diagnosed in {took:?}");
    assert!(
        took < Duration::from_secs(if soak() { 120 } else { 60 }),
        "{took:?}"
    );

    // Both sizes are under the byte bound, so the file is read whole: no "unreadable".
    assert!((mb as u64) << 20 < MAX_TEXT_FILE);
    assert!(
        findings(&report, "startup-file-unreadable").is_empty(),
        "{:#?}",
        report.findings
    );
    // The export on line 1 is evaluated, whatever the size.
    let goarch = finding(&report, "goarch-forced");
    assert!(evidence_at(goarch, ZSHRC, Some(1)), "{}", text(goarch));
    assert!(goarch.title.contains("amd64"), "{}", goarch.title);

    let understood = findings(&report, "startup-file-not-understood");
    if lines < MAX_LINES {
        // 5 MB (about 76,000 lines): evaluated to the end, nothing left unsaid.
        assert!(understood.is_empty(), "{:#?}", report.findings);
    } else {
        // 50 MB (about 760,000 lines): the line budget cuts the file, and the user is
        // told which file, where, and why.
        let [f] = understood.as_slice() else {
            panic!("{:#?}", report.findings)
        };
        let cut = f
            .evidence
            .iter()
            .find(|e| e.path.as_deref() == Some(Path::new(ZSHRC)))
            .unwrap_or_else(|| panic!("{}", text(f)));
        assert!(cut.note.contains("too many lines"), "{}", cut.note);
        assert!(
            cut.note.contains(&MAX_LINES.to_string()),
            "the bound is named: {}",
            cut.note
        );
        assert!(
            cut.note.contains("the rest of this file was not evaluated"),
            "{}",
            cut.note
        );
        assert!(cut.line.is_some_and(|l| (l as usize) < MAX_LINES));
    }

    // Memory, in a process of its own (the other tests run in parallel threads of this
    // one). Reading keeps a few copies of the file (bytes, text, lines), and the lexer,
    // parser and evaluator work on at most MAX_LINES lines: observed, +51 MB for 5 MB
    // (77,000 lines, all evaluated) and +158 MB for 50 MB (cut at 200,000 lines). The
    // bound is four copies of the file and 64 MiB for the evaluation; a copy of the text
    // per line, or a bound that stopped bounding, would exceed it.
    #[cfg(target_os = "linux")]
    {
        let (before, after) = peak_memory_in_child("a_huge_startup_file_is_bounded", m.path());
        let grew = after.saturating_sub(before);
        let file_kib = (mb as u64) << 10;
        let bound = 4 * file_kib + (64 << 10);
        eprintln!("{mb} MB .zshrc: peak memory {before} KiB -> {after} KiB (+{grew} KiB, bound {bound} KiB)");
        assert!(
            grew < bound,
            "diagnosing a {mb} MB .zshrc raised peak memory by {grew} KiB (bound {bound} KiB)"
        );
    }
}

/// A `.zshrc` larger than the engine reads is evaluated up to the bound, and the user
/// is told the file is too large. Soak only: it writes and reads 65 MB.
#[test]
fn a_startup_file_larger_than_the_read_bound_is_reported() {
    if !soak() || run_as_child() {
        return;
    }
    let m = machine();
    let big = huge_zshrc(MAX_TEXT_FILE as usize + (1 << 20));
    fs::write(home(&m).join(".zshrc"), &big).unwrap();
    drop(big);
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(120));
    eprintln!("65 MB .zshrc: diagnosed in {took:?}");
    let f = finding(&report, "startup-file-unreadable");
    assert!(f.title.contains(ZSHRC), "{}", f.title);
    assert!(
        f.title.contains("larger than NativeGo reads"),
        "{}",
        f.title
    );
    assert!(evidence_at(f, ZSHRC, None), "{}", text(f));
    // What was read is still evaluated.
    assert!(evidence_at(
        finding(&report, "goarch-forced"),
        ZSHRC,
        Some(1)
    ));
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
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(60));
    eprintln!("PATH of 5,000 entries: diagnosed in {took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");

    // The report keeps the first MAX_PATH_ENTRIES entries, in order, each attributed to
    // the line that set it.
    assert_eq!(report.path.len(), MAX_PATH_ENTRIES);
    for (entry, want) in report.path.iter().zip(&entries) {
        assert_eq!(&entry.dir, want);
        assert_eq!(
            entry.origin,
            Origin::StartupFile {
                path: ZSHRC.into(),
                line: 1
            }
        );
    }
    // The cut is said, at the line that made PATH that long.
    let f = finding(&report, "startup-file-not-understood");
    assert!(evidence_at(f, ZSHRC, Some(1)), "{}", text(f));
    assert!(
        text(f).contains(&format!(
            "PATH has more than {MAX_PATH_ENTRIES} entries: only the first {MAX_PATH_ENTRIES} were kept"
        )),
        "{}",
        text(f)
    );
    // /usr/local/go/bin is beyond the cut: `go-not-found` fires, and says that part of
    // PATH could not be worked out, so it may be a false alarm.
    let f = finding(&report, "go-not-found");
    assert!(
        f.message.contains("Part of PATH could not be worked out"),
        "{}",
        f.message
    );
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
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(120));
    eprintln!("10,000 files in ~/go/bin: diagnosed in {took:?}");
    assert!(took < Duration::from_secs(60), "{took:?}");

    // Up to 20,000 entries per directory are scanned (`tool-dir-too-large` beyond), so
    // the list is complete: clean-official's dlv and gopls, and every stand-in, each
    // with why it could not be read.
    assert_eq!(report.tools.len(), n + 2);
    for i in 0..n {
        let name = format!("tool{i}");
        let t = report
            .tools
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name} is missing from the report"));
        assert_eq!(t.path, format!("/Users/dev/go/bin/{name}"));
        let err = t.error.as_deref().unwrap_or_else(|| panic!("{name}"));
        assert!(err.contains("truncated or corrupt Mach-O"), "{name}: {err}");
    }
    for name in ["dlv", "gopls"] {
        let t = report.tools.iter().find(|t| t.name == name).unwrap();
        assert!(t.error.is_none() && t.go_version.is_some(), "{t:?}");
    }
    // Unreadable tools are listed, not diagnosed: nothing claims they are Intel, and
    // ~/go/bin is on PATH.
    assert!(findings(&report, "tools-wrong-arch").is_empty());
    assert!(findings(&report, "gobin-not-on-path").is_empty());
}

/// Make a FIFO; false when `mkfifo` is not there.
fn mkfifo(path: &Path) -> bool {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok || !Path::new("/usr/bin/mkfifo").exists(),
        "mkfifo failed"
    );
    ok
}

/// A chain of `n` links `prefix0 -> end`, `prefix1 -> prefix0`, … in `dir`.
fn chain(dir: &Path, prefix: &str, end: &str, n: usize) {
    let mut prev = end.to_string();
    for i in 0..n {
        let name = format!("{prefix}{i}");
        symlink(&prev, dir.join(&name)).unwrap();
        prev = name;
    }
}

#[test]
fn symlink_chains_loops_fifos_and_devices_where_binaries_are_expected() {
    let m = machine();
    let bin = home(&m).join("go/bin");
    fs::create_dir_all(&bin).unwrap();
    // A chain of 200 links (longer than MAXSYMLINKS) ending at a file.
    fs::write(bin.join("end"), b"\xcf\xfa\xed\xfe").unwrap();
    chain(&bin, "chain", "end", 200);
    // Loops.
    symlink("loop-b", bin.join("loop-a")).unwrap();
    symlink("loop-a", bin.join("loop-b")).unwrap();
    symlink("self", bin.join("self")).unwrap();
    symlink(".", bin.join("dot")).unwrap();
    // A symlink that climbs out of the scenario to the real /dev/null, and one to
    // /dev/zero: both must stay inside the scenario, where there is no /dev.
    symlink(
        "../../../../../../../../../../dev/null",
        bin.join("devnull"),
    )
    .unwrap();
    symlink("/dev/zero", bin.join("zero")).unwrap();
    // A FIFO named like a tool: opening it for reading would block forever.
    let fifo_tool = mkfifo(&bin.join("fifo-tool"));

    // The same where `go` is expected: directories put first on PATH, each with a `go`
    // that is a loop, a self-link, a 200-link chain, a link to /dev/null, or a FIFO.
    let bad = home(&m).join("bad");
    for d in ["loop", "self", "chain", "devnull", "fifo"] {
        fs::create_dir_all(bad.join(d)).unwrap();
    }
    symlink("go2", bad.join("loop/go")).unwrap();
    symlink("go", bad.join("loop/go2")).unwrap();
    symlink("go", bad.join("self/go")).unwrap();
    fs::write(bad.join("chain/real-go"), b"\xcf\xfa\xed\xfe").unwrap();
    chain(&bad.join("chain"), "link", "real-go", 199);
    symlink("link198", bad.join("chain/go")).unwrap();
    symlink(
        "../../../../../../../../../../dev/null",
        bad.join("devnull/go"),
    )
    .unwrap();
    let fifo_go = mkfifo(&bad.join("fifo/go"));
    if fifo_go {
        fs::set_permissions(bad.join("fifo/go"), fs::Permissions::from_mode(0o755)).unwrap();
    }

    // A directory that loops back through a symlinked parent.
    fs::create_dir_all(home(&m).join("sdk")).unwrap();
    symlink("..", home(&m).join("sdk/up")).unwrap();
    fs::write(
        home(&m).join(".zshrc"),
        "export PATH=\"$HOME/bad/loop:$HOME/bad/self:$HOME/bad/chain:$HOME/bad/devnull:$HOME/bad/fifo:$PATH\"\n\
         export PATH=\"$HOME/go/bin:$HOME/go/bin/dot:$HOME/sdk/up/sdk/up/go/bin:$PATH\"\n\
         export GOROOT=$HOME/go/bin/loop-a\n",
    )
    .unwrap();
    let (report, took) = diagnose_within(m.path(), Duration::from_secs(30));
    eprintln!("symlink chains, loops and FIFOs: diagnosed in {took:?}");

    // Every broken `go` on PATH is named, with why.
    let unreadable = findings(&report, "go-binary-unreadable");
    let about = |go: &str| -> &Finding {
        unreadable
            .iter()
            .find(|f| f.title.starts_with(&format!("{go} cannot be read")))
            .unwrap_or_else(|| panic!("no go-binary-unreadable for {go}: {:#?}", unreadable))
    };
    for d in ["loop", "self", "chain"] {
        let go = format!("/Users/dev/bad/{d}/go");
        let f = about(&go);
        assert!(
            f.title.contains("too many levels of symbolic links"),
            "{}",
            f.title
        );
        assert!(evidence_at(f, &go, None), "{}", text(f));
    }
    // The link to /dev/null does not leave the scenario, whose /dev is empty: dangling.
    let f = about("/Users/dev/bad/devnull/go");
    assert!(
        f.title.contains("cannot be resolved") && f.title.contains("No such file or directory"),
        "{}",
        f.title
    );
    // A FIFO is not a program: like the shell, the engine passes over it (never opening
    // it) and finds no `go` there.
    assert!(
        unreadable.iter().all(|f| !text(f).contains("/bad/fifo")),
        "{unreadable:#?}"
    );
    assert!(report
        .installs
        .iter()
        .all(|i| !i.path.contains("/bad/fifo")));
    assert_eq!(unreadable.len(), 4, "{unreadable:#?}");

    // GOROOT through a loop: named, with the loop.
    let f = finding(&report, "goroot-invalid");
    assert!(f.title.contains("/Users/dev/go/bin/loop-a"), "{}", f.title);
    assert!(
        text(f).contains("too many levels of symbolic links"),
        "{}",
        text(f)
    );

    // Tools: each link that cannot be followed is listed with why; FIFOs and
    // directories are not tools.
    let tool = |name: &str| {
        report
            .tools
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name} is missing from the tools"))
    };
    let error = |name: &str| tool(name).error.clone().unwrap_or_default();
    for name in ["loop-a", "loop-b", "self", "chain40", "chain199"] {
        assert!(
            error(name).contains("too many levels of symbolic links"),
            "{name}: {}",
            error(name)
        );
        assert_eq!(tool(name).path, format!("/Users/dev/go/bin/{name}"));
    }
    // 40 links are followed (MAXSYMLINKS), so chain39 reaches `end`, a truncated binary.
    assert!(
        error("chain39").contains("truncated or corrupt Mach-O"),
        "{}",
        error("chain39")
    );
    for name in ["devnull", "zero"] {
        assert!(
            error(name).contains("No such file or directory"),
            "{name}: {}",
            error(name)
        );
    }
    assert!(fifo_tool || !Path::new("/usr/bin/mkfifo").exists());
    assert!(report
        .tools
        .iter()
        .all(|t| t.name != "fifo-tool" && t.name != "dot"));
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
    let mut seen = 0;
    for _ in 0..20 {
        let (report, _) = diagnose_within(m.path(), Duration::from_secs(30));
        // A file that is gone when read is a file that is not there: no "could not be
        // read" with an I/O error.
        assert!(
            findings(&report, "startup-file-unreadable").is_empty(),
            "{:#?}",
            report.findings
        );
        // Whatever was read is attributed to it: GOARCH from a line of the .zshrc that
        // existed (20,000 lines at most).
        for f in findings(&report, "goarch-forced") {
            seen += 1;
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.path.as_deref() == Some(Path::new(ZSHRC))
                        && e.line.is_some_and(|l| (1..=20_000).contains(&l))),
                "{}",
                text(f)
            );
        }
        // The rest of the machine is diagnosed as usual: the official Go is found.
        assert_eq!(
            report.go.as_ref().map(|g| g.path.as_str()),
            Some("/usr/local/go/bin/go")
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flipper.join().unwrap();
    eprintln!("vanishing .zshrc: GOARCH seen in {seen} of 20 diagnoses");
}
