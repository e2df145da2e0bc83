//! What the app keeps between commands: the machine, the latest report, the previews the
//! user has seen, and the handle that asks the watcher to check now.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use nativego_doctor::fix::plan::Plan;
use nativego_doctor::host::HostMut;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;
use nativego_doctor::watch::drift::Seen;
use nativego_doctor::watch::Control;

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
    /// Held while a report is published: one publish at a time decides what to show and
    /// notify (and reads and writes `seen.json`).
    pub publisher: Mutex<Publisher>,
}

/// The order reports are published in. The watcher thread and the commands (Check now,
/// after a fix or an undo) both diagnose; a diagnosis that started before another that
/// was already published is stale (a check racing `apply_fix` must not bring back the
/// report from before the fix), and a report identical to the last one published is not
/// news (no event, no "changed" announcement, no notification).
#[derive(Debug, Default)]
pub struct Publisher {
    last_started: Option<std::time::Instant>,
    last: Option<serde_json::Value>,
}

/// What to do with a report offered for publishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// A later-started diagnosis was already published: drop it.
    Stale,
    /// The same as the last published report: keep it as the latest, say nothing.
    Same,
    /// Show it, tell the UI, and decide on a notification.
    New,
}

impl Publisher {
    pub fn offer(&mut self, started: std::time::Instant, report: &Report) -> Offer {
        if self.last_started.is_some_and(|last| started < last) {
            return Offer::Stale;
        }
        self.last_started = Some(started);
        let json = serde_json::to_value(report).ok();
        if json.is_some() && json == self.last {
            return Offer::Same;
        }
        self.last = json;
        Offer::New
    }
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
            publisher: Mutex::new(Publisher::default()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn report(goarch: bool) -> Report {
        let dir = if goarch {
            "goarch-exported"
        } else {
            "clean-official"
        };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/scenarios")
            .join(dir);
        let host = nativego_doctor::host::scenario::ScenarioHost::load(&path).unwrap();
        let opts = ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        };
        nativego_doctor::diagnose(&host, &opts).1
    }

    #[test]
    fn a_check_that_started_before_a_published_one_is_dropped() {
        let (before_fix, after_fix) = (report(true), report(false));
        let mut p = Publisher::default();
        let t0 = Instant::now();
        let watcher_started = t0;
        let apply_started = t0 + Duration::from_millis(5);
        // apply_fix's check finishes first and is published...
        assert_eq!(p.offer(apply_started, &after_fix), Offer::New);
        // ...then the watcher's check, started before the fix, would bring back the old state.
        assert_eq!(p.offer(watcher_started, &before_fix), Offer::Stale);
        // A later check is published again.
        assert_eq!(
            p.offer(t0 + Duration::from_millis(9), &before_fix),
            Offer::New
        );
    }

    #[test]
    fn the_same_report_again_is_not_news() {
        let r = report(true);
        let mut p = Publisher::default();
        let t0 = Instant::now();
        assert_eq!(p.offer(t0, &r), Offer::New);
        assert_eq!(p.offer(t0 + Duration::from_millis(1), &r), Offer::Same);
        assert_eq!(
            p.offer(t0 + Duration::from_millis(2), &report(false)),
            Offer::New
        );
    }

    #[test]
    fn two_concurrent_publishers_announce_a_change_once() {
        let r = report(true);
        let p = std::sync::Arc::new(Mutex::new(Publisher::default()));
        let news = std::sync::Arc::new(AtomicU64::new(0));
        let t0 = Instant::now();
        let threads: Vec<_> = (0..2)
            .map(|i| {
                let (p, news, r) = (p.clone(), news.clone(), r.clone());
                std::thread::spawn(move || {
                    let started = t0 + Duration::from_millis(i);
                    if p.lock().unwrap().offer(started, &r) == Offer::New {
                        news.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(news.load(Ordering::SeqCst), 1);
    }
}
