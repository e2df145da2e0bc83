//! What the app keeps between commands: the machine, the latest report, the previews the
//! user has seen, and the handle that asks the watcher to check now.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use nativego_doctor::drift::Seen;
use nativego_doctor::host::watcher::Control;
use nativego_doctor::host::HostMut;
use nativego_doctor::plan::Plan;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;

/// The machine NativeGo looks at: the real one, or a scenario.
pub type SharedHost = Arc<dyn HostMut + Send + Sync>;

pub struct AppState {
    pub host: SharedHost,
    pub probe: ProbeOptions,
    pub report: Mutex<Option<Report>>,
    /// Previews the UI has shown, by fix ID: the token it got and the plan it saw. A fix
    /// is only applied against the plan that was previewed.
    pub previews: Mutex<HashMap<String, (String, Plan)>>,
    pub control: Mutex<Option<Sender<Control>>>,
    /// Held while a fix is applied or undone: the engine checks the files, then writes
    /// them, so two changes at once (a double click on "Apply") could both pass the check.
    changing: Mutex<()>,
    counter: AtomicU64,
}

impl AppState {
    pub fn new(host: SharedHost, probe: ProbeOptions) -> AppState {
        AppState {
            host,
            probe,
            report: Mutex::new(None),
            previews: Mutex::new(HashMap::new()),
            control: Mutex::new(None),
            changing: Mutex::new(()),
            counter: AtomicU64::new(1),
        }
    }

    /// A token no earlier preview had.
    pub fn next_token(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{n:x}-{nanos:x}")
    }

    /// One change to the machine at a time (a panic while changing leaves nothing to guard).
    pub fn changing(&self) -> MutexGuard<'_, ()> {
        self.changing.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn latest(&self) -> Option<Report> {
        self.report.lock().ok().and_then(|r| r.clone())
    }

    pub fn set_latest(&self, report: Report) {
        // Previews stay: a plan carries the bytes it was made against, and applying it
        // is refused if the files changed since (a new report alone changes nothing).
        if let Ok(mut r) = self.report.lock() {
            *r = Some(report);
        }
    }

    /// Where the last seen state is kept, so drift while the app was not running is
    /// reported at the next start.
    pub fn seen_path(&self) -> Option<PathBuf> {
        self.host.data_dir().map(|d| d.join("seen.json"))
    }

    pub fn load_seen(&self) -> Option<Seen> {
        let bytes = self.host.read(&self.seen_path()?).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn save_seen(&self, seen: &Seen) {
        let (Some(path), Ok(json)) = (self.seen_path(), serde_json::to_vec_pretty(seen)) else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = self.host.create_dir_all(dir, 0o700);
        }
        let _ = self.host.write_atomic(&path, &json, 0o600);
    }
}
