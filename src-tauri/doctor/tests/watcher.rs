//! The watcher on a real file system: saving `~/.zshrc` the way editors do (in place,
//! atomic rename, delete and recreate) gives a new report each time, and an unrelated file
//! gives none.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::watcher::{self, Control, WatchOptions};
use nativego_doctor::probe::ProbeOptions;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ft = fs::symlink_metadata(&src).unwrap().file_type();
        if ft.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if ft.is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// Each report: the checks that fired, and when it arrived.
type Seen = (Vec<String>, Instant);

#[test]
fn editor_saves_are_seen_and_unrelated_files_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios/clean-official");
    copy_tree(&scenario, dir.path());
    let zshrc = dir.path().join("root/Users/dev/.zshrc");
    let original = fs::read(&zshrc).unwrap();

    let (tx, rx) = mpsc::channel::<Control>();
    let (out_tx, out_rx) = mpsc::channel::<Seen>();
    let stopper = tx.clone();
    let root = dir.path().to_path_buf();
    let handle = thread::spawn(move || {
        let host = ScenarioHost::load(&root).unwrap();
        let probe = ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        };
        let opts = WatchOptions {
            debounce: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        let mut emit = |u: watcher::Update| {
            if u.changed {
                let checks = u.report.findings.iter().map(|f| f.check.clone()).collect();
                let _ = out_tx.send((checks, Instant::now()));
            }
            true
        };
        watcher::run(&host, &probe, &opts, tx, rx, &mut emit).unwrap();
    });
    let next = |what: &str| -> Seen {
        out_rx
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("no new report after {what}"))
    };
    let (first, _) = next("start");
    assert!(first.is_empty(), "{first:?}");

    let mut latencies = Vec::new();
    let save = |what: &str, f: &dyn Fn(), expect_goarch: bool, latencies: &mut Vec<Duration>| {
        let t = Instant::now();
        f();
        let (checks, at) = next(what);
        assert_eq!(
            checks.contains(&"goarch-forced".to_string()),
            expect_goarch,
            "{what}: {checks:?}"
        );
        latencies.push(at - t);
    };
    let with_goarch = [original.as_slice(), b"export GOARCH=amd64\n"].concat();
    // 1. In place (echo >> / most editors' plain save).
    save(
        "an in-place write",
        &|| fs::write(&zshrc, &with_goarch).unwrap(),
        true,
        &mut latencies,
    );
    // 2. Atomic save: write a temporary file, rename it over.
    save(
        "an atomic rename",
        &|| {
            let tmp = zshrc.with_file_name(".zshrc.swp");
            fs::write(&tmp, &original).unwrap();
            fs::rename(&tmp, &zshrc).unwrap();
        },
        false,
        &mut latencies,
    );
    // 3. Deleted (the report changes: ~/go/bin is no longer put on PATH), then created again.
    let t = Instant::now();
    fs::remove_file(&zshrc).unwrap();
    let (checks, at) = next("a deletion");
    assert!(
        checks.contains(&"gobin-not-on-path".to_string()),
        "{checks:?}"
    );
    latencies.push(at - t);
    save(
        "a re-creation",
        &|| fs::write(&zshrc, &with_goarch).unwrap(),
        true,
        &mut latencies,
    );
    // An unrelated file in the same directory changes nothing: no report arrives.
    fs::write(dir.path().join("root/Users/dev/notes.txt"), b"hello").unwrap();
    assert!(
        out_rx.recv_timeout(Duration::from_millis(600)).is_err(),
        "an unrelated file must not produce a report"
    );
    stopper.send(Control::Stop).unwrap();
    handle.join().unwrap();
    // The debounce is 100 ms. The bound here is loose on purpose (shared CI machines);
    // the benchmark measures the real figures.
    for (i, l) in latencies.iter().enumerate() {
        assert!(l.as_millis() < 1000, "change {i} took {l:?}");
    }
}
