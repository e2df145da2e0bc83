//! Watching the machine: re-diagnose within a fraction of a second of a change that
//! matters, and sleep otherwise.
//!
//! The loop diagnoses, reports, derives the [`WatchPlan`] from the facts, points the OS
//! file watcher (FSEvents on macOS, inotify on Linux, through `notify`) at the plan's
//! directories, and then blocks until an event arrives: there is no polling. Relevant
//! events are debounced (editors write several times per save) before the next check.

// The file watcher is part of the machine boundary.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::facts::Facts;
use crate::host::{self, Host};
use crate::probe::ProbeOptions;
use crate::report::Report;
use crate::watch::{watch_plan, WatchPlan};

/// What drives the watch loop.
#[derive(Debug)]
pub enum Control {
    /// A file system event from the OS watcher.
    Fs(notify::Result<notify::Event>),
    /// Check now, whatever changed (the app's "Check now").
    Recheck,
    /// Stop watching.
    Stop,
}

/// How to watch.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// Quiet time after the last relevant event before checking again.
    pub debounce: Duration,
    /// Check at the latest this long after the first event of a burst.
    pub max_delay: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(150),
            max_delay: Duration::from_secs(1),
        }
    }
}

/// One result of the loop.
pub struct Update<'a> {
    pub facts: &'a Facts,
    pub report: &'a Report,
    /// The report differs from the previous one (always true for the first).
    pub changed: bool,
    /// Why this check ran: `start`, `change`, `recheck`.
    pub cause: &'static str,
    /// The paths whose change triggered it.
    pub paths: Vec<PathBuf>,
    /// Problems setting up the watches (a directory that could not be watched, the
    /// watch limit reached).
    pub warnings: Vec<String>,
}

/// Run the watch loop until [`Control::Stop`] arrives or `emit` returns `false`.
///
/// `control` must be the receiving end of a channel whose sender the caller keeps (to
/// send `Recheck` and `Stop`); the OS watcher sends its events into a clone of `tx`.
pub fn run(
    host: &dyn Host,
    probe: &ProbeOptions,
    opts: &WatchOptions,
    tx: Sender<Control>,
    control: Receiver<Control>,
    emit: &mut dyn FnMut(Update) -> bool,
) -> Result<(), String> {
    let fs_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |res| {
        let _ = fs_tx.send(Control::Fs(res));
    })
    .map_err(|e| format!("the file watcher could not start: {e}"))?;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut last_json: Option<serde_json::Value> = None;
    let mut cause = "start";
    let mut paths: Vec<PathBuf> = Vec::new();
    loop {
        let (facts, report) = crate::diagnose(host, probe);
        let json = serde_json::to_value(&report).ok();
        let changed = last_json.is_none() || json != last_json;
        last_json = json;
        let plan = watch_plan(&facts, &|p| host::is_dir(host, p));
        let warnings = rewatch(host, &mut watcher, &mut watched, &plan);
        let keep_going = emit(Update {
            facts: &facts,
            report: &report,
            changed,
            cause,
            paths: std::mem::take(&mut paths),
            warnings,
        });
        if !keep_going {
            return Ok(());
        }
        // Sleep until something relevant happens.
        match wait(host, &plan, &control, opts) {
            Wake::Change(p) => {
                cause = "change";
                paths = p;
            }
            Wake::Recheck => cause = "recheck",
            Wake::Stop => return Ok(()),
        }
    }
}

enum Wake {
    Change(Vec<PathBuf>),
    Recheck,
    Stop,
}

/// The machine paths of an event that the plan cares about.
fn relevant(host: &dyn Host, plan: &WatchPlan, event: &notify::Event) -> Vec<PathBuf> {
    event
        .paths
        .iter()
        .filter_map(|p| host.machine_path(p))
        .filter(|p| plan.is_relevant(p))
        .collect()
}

fn wait(
    host: &dyn Host,
    plan: &WatchPlan,
    control: &Receiver<Control>,
    opts: &WatchOptions,
) -> Wake {
    // Block (no timeout: nothing to do until the OS says something changed).
    let mut hits: Vec<PathBuf> = loop {
        match control.recv() {
            Ok(Control::Fs(Ok(event))) => {
                let hits = relevant(host, plan, &event);
                if !hits.is_empty() {
                    break hits;
                }
            }
            // An overflowed or failed watch: check again rather than miss a change.
            Ok(Control::Fs(Err(_))) => break Vec::new(),
            Ok(Control::Recheck) => return Wake::Recheck,
            Ok(Control::Stop) | Err(_) => return Wake::Stop,
        }
    };
    // Debounce: wait for a quiet period, bounded by `max_delay`.
    let first = Instant::now();
    loop {
        let left = opts.max_delay.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match control.recv_timeout(opts.debounce.min(left)) {
            Ok(Control::Fs(Ok(event))) => hits.extend(relevant(host, plan, &event)),
            Ok(Control::Fs(Err(_))) | Ok(Control::Recheck) => {}
            Ok(Control::Stop) => return Wake::Stop,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
        }
    }
    hits.sort();
    hits.dedup();
    Wake::Change(hits)
}

/// Point the OS watcher at the plan's directories: add new ones, drop old ones.
fn rewatch(
    host: &dyn Host,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut BTreeSet<PathBuf>,
    plan: &WatchPlan,
) -> Vec<String> {
    let wanted: BTreeSet<PathBuf> = plan.dirs.iter().filter_map(|d| host.real_path(d)).collect();
    let mut warnings = Vec::new();
    for gone in watched.difference(&wanted).cloned().collect::<Vec<_>>() {
        let _ = watcher.unwatch(&gone);
        watched.remove(&gone);
    }
    for new in wanted.difference(&watched.clone()) {
        match watcher.watch(new, RecursiveMode::NonRecursive) {
            Ok(()) => {
                watched.insert(new.clone());
            }
            Err(e) => warnings.push(format!(
                "`{}` cannot be watched ({e}); changes there are seen at the next check",
                host.machine_path(new)
                    .unwrap_or_else(|| new.clone())
                    .display()
            )),
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::mpsc;

    fn event(path: &str) -> Control {
        Control::Fs(Ok(notify::Event {
            kind: notify::EventKind::Modify(notify::event::ModifyKind::Any),
            paths: vec![PathBuf::from(path)],
            attrs: Default::default(),
        }))
    }

    fn plan() -> WatchPlan {
        let mut p = WatchPlan::default();
        p.paths.insert("/Users/dev/.zshrc".into());
        p
    }

    /// The real host maps paths to themselves, which is all `wait` asks of it.
    fn host() -> crate::host::real::RealHost {
        crate::host::real::RealHost::new()
    }

    #[test]
    fn a_burst_of_events_is_one_wake_after_a_quiet_period() {
        let (tx, rx) = mpsc::channel();
        for _ in 0..20 {
            tx.send(event("/Users/dev/.zshrc")).unwrap();
        }
        let opts = WatchOptions {
            debounce: Duration::from_millis(80),
            max_delay: Duration::from_secs(2),
        };
        let start = Instant::now();
        match wait(&host(), &plan(), &rx, &opts) {
            Wake::Change(paths) => assert_eq!(paths, vec![PathBuf::from("/Users/dev/.zshrc")]),
            _ => panic!("expected a change"),
        }
        // It waited for the quiet period after the burst, not for `max_delay`.
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(80), "{took:?}");
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn events_that_never_stop_are_cut_off_at_max_delay() {
        let (tx, rx) = mpsc::channel();
        let opts = WatchOptions {
            debounce: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
        };
        tx.send(event("/Users/dev/.zshrc")).unwrap();
        let feeder = std::thread::spawn(move || {
            for _ in 0..40 {
                if tx.send(event("/Users/dev/.zshrc")).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(30));
            }
        });
        let start = Instant::now();
        assert!(matches!(
            wait(&host(), &plan(), &rx, &opts),
            Wake::Change(_)
        ));
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(400) && took < Duration::from_millis(1000),
            "{took:?}"
        );
        drop(rx);
        feeder.join().unwrap();
    }

    #[test]
    fn irrelevant_events_do_not_wake_and_recheck_or_stop_do() {
        let (tx, rx) = mpsc::channel();
        tx.send(event("/Users/dev/notes.txt")).unwrap();
        tx.send(Control::Recheck).unwrap();
        let opts = WatchOptions::default();
        assert!(matches!(wait(&host(), &plan(), &rx, &opts), Wake::Recheck));
        tx.send(event(Path::new("/tmp/x").to_str().unwrap()))
            .unwrap();
        tx.send(Control::Stop).unwrap();
        assert!(matches!(wait(&host(), &plan(), &rx, &opts), Wake::Stop));
    }
}
