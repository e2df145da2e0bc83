//! Watching the machine: re-diagnose within a fraction of a second of a change that
//! matters, and sleep otherwise.
//!
//! The loop diagnoses, reports, derives the [`WatchPlan`] from the facts, points the OS
//! file watcher (inotify on Linux; on macOS FSEvents for the app and kqueue for the CLI, by
//! the engine's `watch-fsevents` / `watch-kqueue` features; through `notify`) at the plan's
//! directories, and then blocks until an event arrives: there is no polling. Relevant
//! events are debounced (editors write several times per save) before the next check.
//!
//! Faults it survives: a watched directory removed and created again (GOROOT during a
//! Homebrew upgrade) is watched again under its new identity; an overflowing event queue
//! (a rename storm) triggers a full check instead of losing changes; and where the OS
//! refuses a watch (the system's limit on watches reached) that directory is looked at
//! every [`WatchOptions::poll_interval`] instead, and the report's [`WatchStatus`] says so.

// The file watcher is part of the machine boundary.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use super::plan::{watch_plan, PolledDir, WatchPlan, WatchStatus};
use crate::facts::Facts;
use crate::host::{self, Host};
use crate::probe::ProbeOptions;
use crate::report::Report;

/// What drives the watch loop.
#[derive(Debug)]
pub enum Control {
    /// A file system event from the OS watcher (or the fallback poller).
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
    /// How often a directory the OS will not watch is looked at instead.
    pub poll_interval: Duration,
    /// Also watch each existing file of the plan by itself, re-added when the file is
    /// replaced, and take any change the OS reports as relevant. For kqueue (the CLI on
    /// macOS): a directory's kqueue watch does not report a file rewritten in place
    /// (`>>`, editors that save in place), and notify 8's kqueue backend names an
    /// arbitrary entry of the directory for a write (notify#644). Default: on where the
    /// kqueue backend is built in.
    pub per_file: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(150),
            max_delay: Duration::from_secs(1),
            poll_interval: Duration::from_secs(2),
            per_file: cfg!(all(target_os = "macos", feature = "watch-kqueue")),
        }
    }
}

/// One result of the loop.
pub struct Update<'a> {
    pub facts: &'a Facts,
    /// The report, with [`Report::watch`] saying how the loop is watching.
    pub report: &'a Report,
    /// The report differs from the previous one (always true for the first).
    pub changed: bool,
    /// Why this check ran: `start`, `change`, `recheck`.
    pub cause: &'static str,
    /// The paths whose change triggered it (empty after an overflow of the OS queue or
    /// a change seen by polling).
    pub paths: Vec<PathBuf>,
    /// When this diagnosis started: a shell that also diagnoses elsewhere (the app, after
    /// applying a fix) publishes a report only if no later-started one was published.
    pub started: Instant,
    /// [`WatchStatus::generation`](crate::watch::WatchStatus::generation) of this report.
    pub generation: u64,
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
    let mut watches = Watches::new(tx, opts.poll_interval)?;
    let mut last_json: Option<serde_json::Value> = None;
    let mut cause = "start";
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut generation = 0;
    loop {
        let started = Instant::now();
        let checked_at = unix_millis();
        generation += 1;
        let (facts, mut report) = crate::diagnose(host, probe);
        let plan = watch_plan(&facts, &|p| host::is_dir(host, p));
        let mut status = watches.follow(host, &plan, opts.per_file);
        status.generation = generation;
        status.checked_at = checked_at;
        report.watch = Some(status);
        // What the polled directories look like now, before anyone sees the report (a
        // change made in answer to it must not become the baseline).
        let mut poll = watches.poller(host, &plan);
        let json = Some(report.content());
        let changed = last_json.is_none() || json != last_json;
        last_json = json;
        let keep_going = emit(Update {
            facts: &facts,
            report: &report,
            changed,
            cause,
            paths: std::mem::take(&mut paths),
            started,
            generation,
        });
        if !keep_going {
            return Ok(());
        }
        // Sleep until something relevant happens (looking at polled directories, if any,
        // every `poll_interval`).
        let poll = poll
            .as_mut()
            .map(|p| (opts.poll_interval, p as &mut dyn FnMut() -> bool));
        match wait(host, &plan, &control, opts, poll) {
            Wake::Change(p) => {
                cause = "change";
                paths = p;
            }
            Wake::Recheck => cause = "recheck",
            Wake::Stop => return Ok(()),
        }
    }
}

/// Now, in milliseconds since the Unix epoch (0 if the clock is before it).
fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

enum Wake {
    Change(Vec<PathBuf>),
    Recheck,
    Stop,
}

/// Whether an event says something may have changed. inotify also reports files being
/// opened and closed unwritten, and the diagnosis itself opens every file it reads:
/// taking those for changes would check again and again, forever.
fn is_change(event: &notify::Event) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match event.kind {
        notify::EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        notify::EventKind::Access(_) => false,
        _ => true,
    }
}

/// The machine paths of an event that the plan cares about.
/// With `any`, every changed path counts (kqueue may name the wrong entry of a watched
/// directory, and watches only what the plan asks for).
fn relevant(host: &dyn Host, plan: &WatchPlan, event: &notify::Event, any: bool) -> Vec<PathBuf> {
    if !is_change(event) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter_map(|p| host.machine_path(p))
        .filter(|p| any || plan.is_relevant(p))
        .collect()
}

/// Block until a relevant change (or `Recheck`/`Stop`), then debounce. With `poll`, also
/// ask every interval whether the polled directories changed; without, block with no
/// timeout: there is nothing to do until the OS says something changed.
fn wait(
    host: &dyn Host,
    plan: &WatchPlan,
    control: &Receiver<Control>,
    opts: &WatchOptions,
    mut poll: Option<(Duration, &mut dyn FnMut() -> bool)>,
) -> Wake {
    let mut hits: Vec<PathBuf> = loop {
        let next = match &mut poll {
            None => control.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some((every, changed)) => match control.recv_timeout(*every) {
                Err(RecvTimeoutError::Timeout) if changed() => break Vec::new(),
                other => other,
            },
        };
        match next {
            Err(RecvTimeoutError::Timeout) => {}
            // The OS dropped events (its queue overflowed): anything may have changed.
            Ok(Control::Fs(Ok(event))) if event.need_rescan() => break Vec::new(),
            Ok(Control::Fs(Ok(event))) => {
                let hits = relevant(host, plan, &event, opts.per_file);
                if !hits.is_empty() {
                    break hits;
                }
            }
            // A failed watch (or the limit reached): check again rather than miss a change.
            Ok(Control::Fs(Err(_))) => break Vec::new(),
            Ok(Control::Recheck) => return Wake::Recheck,
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
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
            Ok(Control::Fs(Ok(event))) => hits.extend(relevant(host, plan, &event, opts.per_file)),
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

/// A directory's (or a watched file's) identity (device, inode): one removed and created
/// again at the same path (an editor's atomic save renames a new file over the old) is a
/// new one, and the OS watch on the old one is gone with it.
fn identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// Why the OS refused a watch, in the user's words.
fn refusal(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            if cfg!(target_os = "linux") {
                "the system's limit on file watches is reached (fs.inotify.max_user_watches)"
                    .to_string()
            } else {
                "the system's limit on file watches is reached".to_string()
            }
        }
        _ => format!("the system would not watch it ({e})"),
    }
}

/// What a polled directory looks like: for each entry the plan cares about, its identity,
/// size, modification and change times (nanoseconds: a save within the same second as the
/// last look is still seen), following symlinks.
type Snapshot = Vec<(PathBuf, Option<(u64, u64, u64, i64, i64, i64, i64)>)>;

fn look(host: &dyn Host, plan: &WatchPlan, dirs: &[PathBuf]) -> Snapshot {
    use std::os::unix::fs::MetadataExt;
    let stat = |p: &Path| {
        std::fs::metadata(p)
            .or_else(|_| std::fs::symlink_metadata(p))
            .ok()
            .map(|m| {
                (
                    m.dev(),
                    m.ino(),
                    m.size(),
                    m.mtime(),
                    m.mtime_nsec(),
                    m.ctime(),
                    m.ctime_nsec(),
                )
            })
    };
    let mut out = Snapshot::new();
    for dir in dirs {
        // The directory itself by identity only: its times change with any entry, and
        // only the entries the plan cares about matter.
        out.push((
            dir.clone(),
            stat(dir).map(|(dev, ino, ..)| (dev, ino, 0, 0, 0, 0, 0)),
        ));
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut seen: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| host.machine_path(p).is_some_and(|m| plan.is_relevant(&m)))
            .collect();
        seen.sort();
        for p in seen {
            let id = stat(&p);
            out.push((p, id));
        }
    }
    out
}

/// The directories being watched: by the OS where it agrees, by looking every
/// `poll_interval` where it does not.
struct Watches {
    os: notify::RecommendedWatcher,
    /// Real paths the OS watches, with the identity they had when the watch was added.
    by_os: BTreeMap<PathBuf, Option<(u64, u64)>>,
    /// Real paths polled instead, with why (`None`: the directory vanished while the
    /// watch was being added; it is looked at until the next check plans again, and is
    /// not a refusal worth telling the user about).
    polled: BTreeMap<PathBuf, Option<String>>,
    poll_interval: Duration,
}

impl Watches {
    fn new(tx: Sender<Control>, poll_interval: Duration) -> Result<Watches, String> {
        let os = notify::recommended_watcher(move |res| {
            let _ = tx.send(Control::Fs(res));
        })
        .map_err(|e| format!("the file watcher could not start: {e}"))?;
        Ok(Watches {
            os,
            by_os: BTreeMap::new(),
            polled: BTreeMap::new(),
            poll_interval,
        })
    }

    /// For polled directories: a function telling whether they changed since it was
    /// made (it remembers what it saw last).
    fn poller<'a>(
        &self,
        host: &'a dyn Host,
        plan: &'a WatchPlan,
    ) -> Option<impl FnMut() -> bool + 'a> {
        if self.polled.is_empty() {
            return None;
        }
        let dirs: Vec<PathBuf> = self.polled.keys().cloned().collect();
        let mut last = look(host, plan, &dirs);
        Some(move || {
            let now = look(host, plan, &dirs);
            let changed = now != last;
            last = now;
            changed
        })
    }

    /// Point the watches at the plan's directories: add new ones, drop old ones, watch
    /// again a directory that was replaced, poll where the OS refuses, and move polled
    /// ones back to the OS when it agrees again.
    fn follow(&mut self, host: &dyn Host, plan: &WatchPlan, per_file: bool) -> WatchStatus {
        let files = if per_file {
            super::plan::file_watches(plan, &|p| host::is_file(host, p))
        } else {
            Vec::new()
        };
        let wanted: BTreeMap<PathBuf, Option<(u64, u64)>> = plan
            .dirs
            .iter()
            .chain(files.iter())
            .filter_map(|d| host.real_path(d))
            .map(|r| {
                let id = identity(&r);
                (r, id)
            })
            .collect();
        let gone: Vec<PathBuf> = self
            .by_os
            .keys()
            .filter(|p| !wanted.contains_key(*p))
            .cloned()
            .collect();
        for p in gone {
            self.by_os.remove(&p);
            let _ = self.os.unwatch(&p);
        }
        self.polled.retain(|p, _| wanted.contains_key(p));
        for (dir, id) in &wanted {
            match self.by_os.get(dir) {
                Some(had) if had == id => continue,
                // Replaced since it was watched: the old watch went with the old directory.
                Some(_) => {
                    let _ = self.os.unwatch(dir);
                    self.by_os.remove(dir);
                }
                None => {}
            }
            match self.os.watch(dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.by_os.insert(dir.clone(), *id);
                    self.polled.remove(dir);
                }
                Err(e) => {
                    let vanished = matches!(&e.kind, notify::ErrorKind::PathNotFound)
                        || matches!(&e.kind, notify::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound)
                        || identity(dir).is_none();
                    let reason = (!vanished).then(|| refusal(&e));
                    self.polled.insert(dir.clone(), reason);
                }
            }
        }
        let mut status = WatchStatus {
            native: self.by_os.len(),
            polled: self
                .polled
                .iter()
                .filter_map(|(p, reason)| {
                    Some(PolledDir {
                        path: host
                            .machine_path(p)
                            .unwrap_or_else(|| p.clone())
                            .display()
                            .to_string(),
                        reason: reason.clone()?,
                    })
                })
                .collect(),
            poll_interval_ms: self.poll_interval.as_millis() as u64,
            message: None,
            generation: 0,
            checked_at: 0,
        };
        status.message = status.message();
        status
    }
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
            ..WatchOptions::default()
        };
        let start = Instant::now();
        match wait(&host(), &plan(), &rx, &opts, None) {
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
            ..WatchOptions::default()
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
            wait(&host(), &plan(), &rx, &opts, None),
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
        assert!(matches!(
            wait(&host(), &plan(), &rx, &opts, None),
            Wake::Recheck
        ));
        tx.send(event(Path::new("/tmp/x").to_str().unwrap()))
            .unwrap();
        tx.send(Control::Stop).unwrap();
        assert!(matches!(
            wait(&host(), &plan(), &rx, &opts, None),
            Wake::Stop
        ));
    }

    #[test]
    fn opening_or_reading_a_file_is_not_a_change_but_closing_it_written_is() {
        use notify::event::{AccessKind, AccessMode};
        let access = |kind| {
            Control::Fs(Ok(notify::Event {
                kind: notify::EventKind::Access(kind),
                paths: vec![PathBuf::from("/Users/dev/.zshrc")],
                attrs: Default::default(),
            }))
        };
        let (tx, rx) = mpsc::channel();
        tx.send(access(AccessKind::Open(AccessMode::Any))).unwrap();
        tx.send(access(AccessKind::Read)).unwrap();
        tx.send(access(AccessKind::Close(AccessMode::Read)))
            .unwrap();
        tx.send(Control::Recheck).unwrap();
        let opts = WatchOptions::default();
        assert!(matches!(
            wait(&host(), &plan(), &rx, &opts, None),
            Wake::Recheck
        ));
        tx.send(access(AccessKind::Close(AccessMode::Write)))
            .unwrap();
        let opts = WatchOptions {
            debounce: Duration::from_millis(20),
            ..WatchOptions::default()
        };
        assert!(
            matches!(wait(&host(), &plan(), &rx, &opts, None), Wake::Change(p) if p.len() == 1)
        );
    }

    #[test]
    fn a_directory_gone_before_its_watch_is_looked_at_quietly_and_its_return_is_seen() {
        let tmp = tempfile::tempdir().unwrap();
        let here = tmp.path().join("here");
        std::fs::create_dir(&here).unwrap();
        let gone = tmp.path().join("gone");
        let mut plan = WatchPlan::default();
        plan.dirs.insert(here.clone());
        plan.dirs.insert(gone.clone());
        plan.paths.insert(gone.join(".zshrc"));
        let (tx, _rx) = mpsc::channel();
        let mut watches = Watches::new(tx, Duration::from_millis(50)).unwrap();
        let host = host();
        let status = watches.follow(&host, &plan, false);
        // Not a refusal by the system: nothing to tell the user.
        assert_eq!(status.native, 1, "{status:?}");
        assert!(
            status.polled.is_empty() && status.message.is_none(),
            "{status:?}"
        );
        let mut changed = watches
            .poller(&host, &plan)
            .expect("the gone one is polled");
        assert!(!changed());
        std::fs::create_dir(&gone).unwrap();
        assert!(changed(), "its return is seen");
        std::fs::write(gone.join("notes.txt"), b"x").unwrap();
        assert!(!changed(), "an unrelated file in it is not a change");
        std::fs::write(gone.join(".zshrc"), b"export GOARCH=amd64\n").unwrap();
        assert!(changed(), "a file of interest in it is");
    }

    #[test]
    fn an_overflowed_os_queue_wakes_for_a_full_check() {
        let (tx, rx) = mpsc::channel();
        // What inotify sends when its queue overflowed: no paths, the rescan flag.
        let overflow =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        tx.send(Control::Fs(Ok(overflow))).unwrap();
        let opts = WatchOptions {
            debounce: Duration::from_millis(20),
            ..WatchOptions::default()
        };
        assert!(matches!(
            wait(&host(), &plan(), &rx, &opts, None),
            Wake::Change(p) if p.is_empty()
        ));
    }
}
