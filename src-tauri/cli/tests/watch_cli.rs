//! `nativego watch` as a user runs it: one JSON report per line, a new one after a save,
//! and, when the system's limit on file watches is reached, a warning on stderr and a
//! report that says which folders are polled.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

#[path = "../../doctor/tests/common/mod.rs"]
mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::scenario_copy;

/// A running `nativego watch`: its reports, line by line, and its stderr when it ends.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<serde_json::Value>,
}

impl Watch {
    fn spawn(mut cmd: Command) -> Watch {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nativego watch starts");
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON report");
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    fn next(&self, what: &str) -> serde_json::Value {
        self.lines
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no report {what}"))
    }

    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        err
    }
}

fn watch_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nativego"));
    cmd.args(["watch", "--no-shell", "--debounce-ms", "50", "--scenario"])
        .arg(dir);
    cmd
}

fn save_with_goarch(dir: &Path) {
    let zshrc = dir.join("root/Users/dev/.zshrc");
    let mut text = fs::read(&zshrc).unwrap();
    text.extend_from_slice(b"export GOARCH=amd64\n");
    fs::write(&zshrc, text).unwrap();
}

#[test]
fn watch_prints_a_report_per_change_with_how_it_watches() {
    let dir = scenario_copy("clean-official");
    let w = Watch::spawn(watch_cmd(dir.path()));
    let first = w.next("at start");
    assert!(common::json_checks(&first).is_empty(), "{first}");
    assert!(first["watch"]["native"].as_u64().unwrap() > 0, "{first}");
    assert_eq!(first["watch"]["polled"], serde_json::json!([]), "{first}");
    assert_eq!(
        first["watch"]["message"],
        serde_json::Value::Null,
        "{first}"
    );
    save_with_goarch(dir.path());
    let next = w.next("after a save");
    assert!(
        common::json_checks(&next).contains(&"goarch-forced".to_string()),
        "{next}"
    );
    let err = w.stop();
    assert!(!err.contains("warning"), "{err}");
}

/// The per-user-namespace limit on inotify watches set to 0 in a namespace of the test's
/// own (nothing else on the machine is affected).
#[cfg(target_os = "linux")]
#[test]
fn watch_says_so_when_the_limit_on_file_watches_is_reached() {
    let dir = scenario_copy("clean-official");
    let mut cmd = Command::new("unshare");
    cmd.args([
        "--user",
        "--map-root-user",
        "sh",
        "-c",
        "echo 0 > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_nativego"),
        "watch",
        "--no-shell",
        "--debounce-ms",
        "50",
        "--scenario",
    ])
    .arg(dir.path());
    let w = Watch::spawn(cmd);
    let first = match w.lines.recv_timeout(Duration::from_secs(10)) {
        Ok(v) => v,
        Err(_) => {
            let err = w.stop();
            if std::env::var("NATIVEGO_REQUIRE_USERNS").as_deref() == Ok("1") {
                panic!("NATIVEGO_REQUIRE_USERNS=1 but no user namespace here: {err}");
            }
            eprintln!("skipped: no user namespace here: {err}");
            return;
        }
    };
    assert_eq!(first["watch"]["native"], 0, "{first}");
    let polled = first["watch"]["polled"].as_array().unwrap();
    assert!(
        polled.iter().any(|p| p["path"] == "/Users/dev"
            && p["reason"]
                .as_str()
                .unwrap()
                .contains("limit on file watches is reached")),
        "{first}"
    );
    let message = first["watch"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("The system's limit on file watches is reached")
            && message.contains("every 2 s"),
        "{message}"
    );
    // Still live, by looking every 2 s.
    save_with_goarch(dir.path());
    let next = w.next("after a save, seen by polling");
    assert!(
        common::json_checks(&next).contains(&"goarch-forced".to_string()),
        "{next}"
    );
    let err = w.stop();
    assert_eq!(
        err.matches("nativego: warning: The system's limit on file watches is reached")
            .count(),
        1,
        "said once: {err}"
    );
    assert!(err.contains("every 2 s"), "{err}");
}
