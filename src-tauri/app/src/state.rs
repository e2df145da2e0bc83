//! What the app keeps between commands: the machine, the latest report, the previews the
//! user has seen, and the handle that asks the watcher to check now.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nativego_doctor::fix::plan::Plan;
use nativego_doctor::host::HostMut;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;
use nativego_doctor::watch::drift::Seen;
use nativego_doctor::watch::Control;

use crate::error::AppError;

/// The machine NativeGo looks at: the real one, or a scenario.
pub type SharedHost = Arc<dyn HostMut + Send + Sync>;

/// How long a command waits for the diagnosis it asked for (the login shell alone may
/// take 5 s; a machine that takes longer is answered with an error, never a hang).
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(30);

/// A report as the owner of diagnosis published it.
#[derive(Clone, Debug)]
pub struct Published {
    pub report: Report,
    /// The watch's generation of this report (see [`Report::watch`]).
    pub generation: u64,
    /// When its diagnosis started.
    pub started: Instant,
}

pub struct AppState {
    pub host: SharedHost,
    pub probe: ProbeOptions,
    /// The latest report of the owner of diagnosis (the watcher thread). Commands never
    /// diagnose: they ask the owner (`request_check`) and wait here for a report whose
    /// diagnosis started after their change (`report_after`).
    latest: tokio::sync::watch::Sender<Option<Arc<Published>>>,
    /// Previews the UI has shown, by fix ID: the token it got and the plan it saw. A fix
    /// is only applied against the plan that was previewed.
    pub previews: Mutex<HashMap<String, (String, Plan)>>,
    pub control: Mutex<Option<Sender<Control>>>,
    /// Held while a fix is applied or undone and until the report after it is in: the
    /// engine checks the files, then writes them, so two changes at once (a double click
    /// on "Apply") could both pass the check, and the second must see the report the
    /// first leaves.
    pub changing: tokio::sync::Mutex<()>,
    counter: AtomicU64,
    /// Used by the owner of diagnosis alone: what was last announced.
    pub publisher: Mutex<Publisher>,
}

/// What the owner of diagnosis announces. Reports come from one thread in generation
/// order; one that is not newer than the last published (a restarted loop) is dropped,
/// and a report with the same content as the last one is not news (no event, no
/// "changed" announcement, no notification).
#[derive(Debug, Default)]
pub struct Publisher {
    last_generation: Option<u64>,
    last: Option<serde_json::Value>,
}

/// What to do with a report offered for publishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Not newer than the last published report: drop it.
    Stale,
    /// The same content as the last published report: keep it as the latest (commands
    /// waiting for a fresh check are answered), say nothing.
    Same,
    /// Show it, tell the UI, and decide on a notification.
    New,
}

impl Publisher {
    pub fn offer(&mut self, generation: u64, report: &Report) -> Offer {
        if self.last_generation.is_some_and(|last| generation <= last) {
            return Offer::Stale;
        }
        self.last_generation = Some(generation);
        let json = report.content();
        if self.last.as_ref() == Some(&json) {
            return Offer::Same;
        }
        self.last = Some(json);
        Offer::New
    }
}

impl AppState {
    pub fn new(host: SharedHost, probe: ProbeOptions) -> AppState {
        AppState {
            host,
            probe,
            latest: tokio::sync::watch::Sender::new(None),
            previews: Mutex::new(HashMap::new()),
            control: Mutex::new(None),
            changing: tokio::sync::Mutex::new(()),
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

    pub fn latest(&self) -> Option<Report> {
        self.latest.borrow().as_ref().map(|p| p.report.clone())
    }

    /// The owner of diagnosis's latest report (wakes every command waiting for one).
    pub fn set_latest(&self, published: Published) {
        // Previews stay: a plan carries the bytes it was made against, and applying it
        // is refused if the files changed since (a new report alone changes nothing).
        self.latest.send_replace(Some(Arc::new(published)));
    }

    /// Ask the owner of diagnosis to check now. False when there is no owner.
    pub fn request_check(&self) -> bool {
        let tx = self.control.lock().ok().and_then(|c| c.clone());
        tx.is_some_and(|tx| tx.send(Control::Recheck).is_ok())
    }

    /// The first report whose diagnosis started at or after `after` (any report, with
    /// `None`), waiting up to `limit` for the owner to publish it.
    pub async fn report_after(
        &self,
        after: Option<Instant>,
        limit: Duration,
    ) -> Result<Report, AppError> {
        let mut rx = self.latest.subscribe();
        let fresh = |p: &Option<Arc<Published>>| {
            p.as_ref()
                .is_some_and(|p| after.is_none_or(|a| p.started >= a))
        };
        let waited = tokio::time::timeout(limit, async {
            rx.wait_for(fresh)
                .await
                .map(|p| p.as_ref().map(|p| p.report.clone()))
        })
        .await;
        match waited {
            Ok(Ok(Some(report))) => Ok(report),
            Ok(Ok(None) | Err(_)) => Err(AppError::new("check", "NativeGo stopped checking")),
            Err(_) => Err(AppError::new(
                "check-timeout",
                format!(
                    "the check did not finish within {} s (a startup file may hang)",
                    limit.as_secs()
                ),
            )),
        }
    }

    /// Check now and wait for the report of a diagnosis that started after this call.
    pub async fn check_now(&self) -> Result<Report, AppError> {
        let asked = Instant::now();
        if !self.request_check() {
            return Err(AppError::new("check", "NativeGo is not checking yet"));
        }
        self.report_after(Some(asked), CHECK_TIMEOUT).await
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
    fn a_report_not_newer_than_the_last_published_is_dropped() {
        let (before_fix, after_fix) = (report(true), report(false));
        let mut p = Publisher::default();
        assert_eq!(p.offer(2, &after_fix), Offer::New);
        // An older generation (or the same one again) would bring back an old state.
        assert_eq!(p.offer(1, &before_fix), Offer::Stale);
        assert_eq!(p.offer(2, &before_fix), Offer::Stale);
        assert_eq!(p.offer(3, &before_fix), Offer::New);
    }

    #[test]
    fn the_same_report_again_is_not_news() {
        let r = report(true);
        let mut p = Publisher::default();
        assert_eq!(p.offer(1, &r), Offer::New);
        assert_eq!(p.offer(2, &r), Offer::Same);
        assert_eq!(p.offer(3, &report(false)), Offer::New);
    }

    #[test]
    fn a_new_generation_and_time_alone_is_not_news() {
        use nativego_doctor::watch::WatchStatus;
        let mut r = report(true);
        let mut p = Publisher::default();
        r.watch = Some(WatchStatus {
            generation: 1,
            checked_at: 1_000,
            ..Default::default()
        });
        assert_eq!(p.offer(1, &r), Offer::New);
        r.watch = Some(WatchStatus {
            generation: 2,
            checked_at: 2_000,
            ..Default::default()
        });
        assert_eq!(p.offer(2, &r), Offer::Same);
    }

    #[test]
    fn two_concurrent_publishers_announce_a_change_once() {
        let r = report(true);
        let p = std::sync::Arc::new(Mutex::new(Publisher::default()));
        let news = std::sync::Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (1..=2)
            .map(|generation| {
                let (p, news, r) = (p.clone(), news.clone(), r.clone());
                std::thread::spawn(move || {
                    if p.lock().unwrap().offer(generation, &r) == Offer::New {
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

    #[tokio::test]
    async fn a_command_waits_for_a_report_that_started_after_it_asked() {
        let state = std::sync::Arc::new(AppState::new(
            std::sync::Arc::new(
                nativego_doctor::host::scenario::ScenarioHost::load(
                    &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../../tests/scenarios/goarch-exported"),
                )
                .unwrap(),
            ),
            ProbeOptions::default(),
        ));
        let old = Instant::now();
        std::thread::sleep(Duration::from_millis(2));
        let asked = Instant::now();
        state.set_latest(Published {
            report: report(true),
            generation: 1,
            started: old,
        });
        let waiting = {
            let state = state.clone();
            tokio::spawn(async move { state.report_after(Some(asked), CHECK_TIMEOUT).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !waiting.is_finished(),
            "a report from before the request is not fresh"
        );
        state.set_latest(Published {
            report: report(false),
            generation: 2,
            started: Instant::now(),
        });
        let got = waiting.await.unwrap().unwrap();
        assert!(got.findings.iter().all(|f| f.check != "goarch-forced"));
        // Nobody publishes: a clear error after the limit, not a hang.
        let e = state
            .report_after(Some(Instant::now()), Duration::from_millis(50))
            .await
            .unwrap_err();
        assert_eq!(e.code, "check-timeout");
    }
}
