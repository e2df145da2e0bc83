//! A scenario machine in a temporary folder, the app built on it with Tauri's mock runtime
//! (the app's real `builder`, its real `tauri.conf.json` and capabilities), and IPC calls
//! sent from its `popover` window as the web view sends them.
//!
//! A scenario on macOS keeps NativeGo's data directory (journal, seen state) at
//! `~/Library/Application Support/NativeGo` on the machine, that is inside the scenario's
//! `root/`, so every byte these tests make the app write lands in the temporary folder.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use nativego_app::state::SharedHost;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::watch::WatchOptions;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::MockRuntime;
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The user's home inside the scenario folder.
pub const HOME: &str = "root/Users/dev";
/// NativeGo's data directory on a macOS scenario, inside the scenario folder.
pub const DATA_DIR: &str = "root/Users/dev/Library/Application Support/NativeGo";

/// A shipped scenario (`tests/scenarios/NAME`).
pub fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios")
        .join(name)
}

/// The support the engine's and the CLI's tests share (scenario copies, report JSON).
#[path = "../../../doctor/tests/common/mod.rs"]
mod shared;
pub use shared::copy_tree;

/// What a path holds, for before/after comparisons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir { mode: u32 },
    File { mode: u32, bytes: Vec<u8> },
    Link { target: PathBuf },
}

/// Every path under `dir` (relative) and what it holds.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Node> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Node>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_path_buf();
            // NativeGo's change lock: an empty file of its own, created the first time a
            // fix is applied or undone (refused or not); it holds no state.
            if rel == Path::new(DATA_DIR).join("lock") {
                assert_eq!(
                    fs::metadata(&p).unwrap().len(),
                    0,
                    "the lock file stays empty"
                );
                continue;
            }
            let meta = fs::symlink_metadata(&p).unwrap();
            let mode = meta.permissions().mode() & 0o7777;
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&p).unwrap();
                out.insert(rel, Node::Link { target });
            } else if meta.is_dir() {
                out.insert(rel, Node::Dir { mode });
                walk(base, &p, out);
            } else {
                let bytes = fs::read(&p).unwrap();
                out.insert(rel, Node::File { mode, bytes });
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths where two trees differ.
pub fn differences(a: &BTreeMap<PathBuf, Node>, b: &BTreeMap<PathBuf, Node>) -> Vec<PathBuf> {
    let mut keys: Vec<&PathBuf> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// A refused command's error as the UI receives it.
#[derive(Debug)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

/// The app on a copy of a scenario: `TMP/scenario` is the machine, `TMP/webview` the web
/// views' data directory (Tauri creates one for every web view, by default in the real
/// `~/.local/share/IDENTIFIER` on Linux).
pub struct Machine {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub app: App<MockRuntime>,
    pub popover: WebviewWindow<MockRuntime>,
}

impl Machine {
    /// The app on a fresh copy of the shipped scenario `name`, after its first check is
    /// published (as at the app's start: the first report and `seen.json` are written
    /// before a test looks at the machine).
    pub fn new(name: &str) -> Machine {
        let m = Machine::without_owner(name);
        m.start_owner();
        m.ok("get_report", json!({}));
        m
    }

    /// Start the owner of diagnosis, as the app's setup does (the mock runtime runs no
    /// event loop, so no setup).
    pub fn start_owner(&self) {
        nativego_app::start_owner(self.app.handle(), WatchOptions::default());
    }

    /// The app before anything diagnoses: no owner of diagnosis is started.
    pub fn without_owner(name: &str) -> Machine {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("scenario");
        copy_tree(&shipped(name), &dir);
        // As `host_from_env` does for `NATIVEGO_SCENARIO`.
        let host: SharedHost = Arc::new(ScenarioHost::load(&dir).unwrap());
        let probe = ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        };
        let app = nativego_app::builder::<MockRuntime>(host, probe)
            .build(tauri::generate_context!())
            .expect("the app builds on the mock runtime");
        // The window `tauri.conf.json` declares (which the capability grants the commands),
        // made from its configuration as the app's start does.
        let config = app
            .config()
            .app
            .windows
            .iter()
            .find(|w| w.label == nativego_app::POPOVER)
            .expect("tauri.conf.json declares the popover")
            .clone();
        let popover = WebviewWindowBuilder::from_config(app.handle(), &config)
            .and_then(|b| b.data_directory(webview_data(tmp.path())).build())
            .expect("the popover window");
        Machine {
            tmp,
            dir,
            app,
            popover,
        }
    }

    /// A path inside the scenario folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Another window of the app (not granted NativeGo's commands).
    pub fn window(&self, label: &str) -> WebviewWindow<MockRuntime> {
        WebviewWindowBuilder::new(&self.app, label, Default::default())
            .data_directory(webview_data(self.tmp.path()))
            .build()
            .unwrap()
    }

    /// The user's `~/.zshrc`.
    pub fn zshrc(&self) -> Vec<u8> {
        fs::read(self.path(&format!("{HOME}/.zshrc"))).unwrap()
    }

    /// Everything in the scenario folder, NativeGo's data directory included.
    pub fn files(&self) -> BTreeMap<PathBuf, Node> {
        tree(&self.dir)
    }

    /// Send `cmd` with `args` from `window` as the web view does.
    pub fn invoke_from(
        &self,
        window: &WebviewWindow<MockRuntime>,
        cmd: &str,
        args: Value,
    ) -> Result<Value, Value> {
        invoke(window, self.app.invoke_key(), cmd, args)
    }

    /// Send `cmd` with `args` from the popover.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke_from(&self.popover, cmd, args)
    }

    /// A command that must succeed.
    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        match self.invoke(cmd, args.clone()) {
            Ok(v) => v,
            Err(e) => panic!("{cmd} {args} failed: {e}"),
        }
    }

    /// A command that must be refused with the app's `{ code, message }`.
    pub fn refused(&self, cmd: &str, args: Value) -> IpcError {
        match self.invoke(cmd, args.clone()) {
            Ok(v) => panic!("{cmd} {args} was not refused: {v}"),
            Err(e) => IpcError {
                code: e["code"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{cmd}: not an AppError: {e}"))
                    .to_string(),
                message: e["message"].as_str().unwrap().to_string(),
            },
        }
    }

    pub fn get_report(&self) -> Value {
        self.ok("get_report", json!({}))
    }

    pub fn recheck(&self) -> Value {
        self.ok("recheck", json!({}))
    }

    pub fn preview(&self, fix_id: &str) -> Value {
        self.ok("preview_fix", json!({ "fixId": fix_id }))
    }
}

/// Send `cmd` with `args` from `window` as the web view does, with the app's invoke key
/// (what the app's initialization script gives its pages).
pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    invoke_key: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: invoke_key.to_string(),
    };
    tauri::test::get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

/// The web views' data directory, outside the scenario.
fn webview_data(tmp: &Path) -> PathBuf {
    tmp.join("webview")
}

/// The fix IDs a report offers.
pub fn fix_ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["fixes"].as_array().unwrap())
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

/// The check IDs of a report's findings.
#[allow(unused_imports)] // not every test file uses it
pub use shared::json_checks as checks;

/// Apply the one-file unified diff `diff` (as `plan::unified_diff` writes it) to `before`:
/// context and removed lines must match, so a diff that does not describe the file fails.
pub fn patch(before: &[u8], diff: &str) -> Vec<u8> {
    let old: Vec<&[u8]> = before.split_inclusive(|b| *b == b'\n').collect();
    let mut out: Vec<u8> = Vec::new();
    let mut next = 0; // the next line of `old` not yet copied
    let mut lines = diff.lines().peekable();
    assert!(lines.next().unwrap().starts_with("--- "), "{diff}");
    assert!(lines.next().unwrap().starts_with("+++ "), "{diff}");
    while let Some(header) = lines.next() {
        let range = header
            .strip_prefix("@@ -")
            .and_then(|h| h.split(' ').next())
            .unwrap_or_else(|| panic!("not a hunk header: {header:?}"));
        let start: usize = range.split(',').next().unwrap().parse().unwrap();
        // Lines before the hunk are kept as they are.
        let first = start.saturating_sub(1);
        for line in &old[next..first] {
            out.extend_from_slice(line);
        }
        next = first;
        while let Some(line) = lines.next_if(|l| !l.starts_with("@@ ")) {
            let (sign, text) = line.split_at(1);
            let no_newline = lines.next_if(|l| l.starts_with("\\ ")).is_some();
            let mut bytes = text.as_bytes().to_vec();
            if !no_newline {
                bytes.push(b'\n');
            }
            match sign {
                " " | "-" => {
                    assert_eq!(
                        old[next],
                        bytes.as_slice(),
                        "the diff does not match line {} of the file",
                        next + 1
                    );
                    next += 1;
                    if sign == " " {
                        out.extend_from_slice(&bytes);
                    }
                }
                "+" => out.extend_from_slice(&bytes),
                _ => panic!("not a diff line: {line:?}"),
            }
        }
    }
    for line in &old[next..] {
        out.extend_from_slice(line);
    }
    out
}
