//! `nativego snapshot DIR`: this machine as a scenario directory, a reproducible bug report.
//!
//! The machine is probed once more, statically (the way a scenario is diagnosed), through a
//! [`record::Recorder`] that notes every path the engine looked at. The snapshot then holds
//! exactly those, and nothing else:
//!
//! - every file the engine **read as text** (startup files and the files they source,
//!   `/etc/paths`, `/etc/paths.d/*`, the go env files, `VERSION`, `go.env`, os-release or
//!   SystemVersion.plist), copied after redaction;
//! - every **executable whose header it parsed** (each `go`, the tools in GOBIN or
//!   GOPATH/bin, Homebrew's Ruby) as a small stand-in described in `binaries.toml` and
//!   generated with [`crate::host::scenario_binaries::write`]: same format, architectures,
//!   Go version, main package and module, minimum OS, and the build settings the
//!   diagnosis reads (`GOOS`, `vcs.revision`, …) when they differ from the writer's
//!   defaults; nothing else of the original;
//!   an executable that could not be read is rebuilt from the bytes the engine read
//!   (zeros elsewhere), so it fails the same way;
//! - every **symlink** met on the way to those, recreated (relative links stay relative);
//! - every **directory** whose existence was tested (`pkg/tool`, the Rosetta runtime,
//!   a tool directory), with a `.keep` file when empty so git keeps it;
//! - every other **file whose existence was tested** (`brew`, `xcrun`, a `[ -f … ]`), as a
//!   placeholder with the same executable bit.
//!
//! Then `host.toml` (os, hardware arch, home, shell, the terminal's initial environment,
//! processes, Rosetta preferences), `expect.toml` (the checks that fired),
//! `README.md` and `REDACTED.md`. The snapshot is finally loaded back as a
//! [`ScenarioHost`] and diagnosed, and any difference from the machine's own (static)
//! report is listed in [`SnapshotSummary::differences`].
//!
//! **Redaction.** The home directory becomes `/Users/dev` (macOS) or `/home/dev` (Linux)
//! and the user name `dev`, everywhere: paths, symlink targets, file contents, `host.toml`,
//! the build info of stand-ins. Values assigned to variables whose names look like secrets
//! (`…TOKEN`, `…SECRET…`, `…PASSWORD`, `…KEY…`) in copied startup files become `REDACTED`.
//! `REDACTED.md` says what was replaced and how often, never the replaced values.

mod files;
mod record;
pub(crate) mod redact;
mod tree;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::binary::{read_binary, BinaryFormat, BinaryInfo, ByteSource};
use crate::facts::{Applicable, ArchPreference, Facts, FileState, Os, ProcessInfo};
use crate::host::scenario::ScenarioHost;
use crate::host::{scenario_binaries, FileKind, Host, Meta};
use crate::probe::{clean, HostFile, ProbeOptions};
use crate::report::Report;

use files::{binaries_toml, expect_toml, host_toml, readme, redacted_md};
pub use record::{Log, Recorder};
use redact::Redactor;
use tree::{Out, OutKind};

/// The neutral user name a snapshot uses.
pub const NEUTRAL_USER: &str = "dev";

// How many symlinks one walk may follow, and what a terminal passes to the shell: the
// same as the scenario host's and the probe's, so a snapshot reproduces what they see.
use crate::host::scenario::MAX_SYMLINKS;
use crate::probe::login::PASSED_THROUGH;

/// An unreadable executable is rebuilt from what was read of it, up to this size; past
/// it, only up to the last byte read.
const MAX_RAW_LEN: u64 = 1 << 20;

/// How to write a snapshot.
#[derive(Clone, Debug)]
pub struct SnapshotOptions {
    /// The NativeGo version named in the description.
    pub nativego_version: String,
    /// When the snapshot is made, in seconds since the Unix epoch.
    pub now_unix: u64,
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            nativego_version: env!("CARGO_PKG_VERSION").to_string(),
            now_unix: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        }
    }
}

/// Why no snapshot could be written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(
        "`{0}` already exists and is not empty; a snapshot goes into a new or empty directory"
    )]
    NotEmpty(PathBuf),
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    #[error("could not write `{path}`: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("could not write the stand-in binaries: {0}")]
    Binaries(String),
}

/// One kind of replacement the snapshot made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// What was replaced, without its value: "home directory", "user name".
    pub what: String,
    /// What it became: `/home/dev`, `dev`.
    pub replacement: String,
    /// How many snapshot files (and symlinks) had it.
    pub files: usize,
}

/// What a snapshot wrote.
#[derive(Clone, Debug)]
pub struct SnapshotSummary {
    pub dir: PathBuf,
    pub os: Os,
    /// Text files copied (after redaction).
    pub copied: usize,
    /// Executables written as stand-ins from `binaries.toml`.
    pub stand_ins: usize,
    /// Unreadable executables rebuilt from the bytes read of them.
    pub rebuilt: usize,
    /// Files only tested for existence, written as placeholders.
    pub placeholders: usize,
    pub symlinks: usize,
    pub redactions: Vec<Redaction>,
    /// Secret-looking variables whose values were blanked: (machine path in the snapshot, name).
    pub secrets: Vec<(PathBuf, String)>,
    /// Limits met: things the snapshot could not reproduce exactly.
    pub notes: Vec<String>,
    /// The machine's findings (static evaluation), check IDs in report order.
    pub findings: Vec<String>,
    /// Differences between the machine's report and the snapshot's; empty when the
    /// snapshot reproduces the diagnosis.
    pub differences: Vec<String>,
    /// The machine's facts (static evaluation), before redaction.
    pub facts: Facts,
    /// The machine's report (static evaluation), before redaction.
    pub report: Report,
}

/// The probe options a snapshot (and any comparison with it) uses: a scenario cannot run
/// the login shell, so the machine is diagnosed by static evaluation too.
pub fn static_probe() -> ProbeOptions {
    ProbeOptions {
        run_login_shell: false,
        ..ProbeOptions::default()
    }
}

/// Write `host` as a scenario into `out_dir` (created; it must not exist or be empty).
pub fn snapshot(
    host: &dyn Host,
    out_dir: &Path,
    opts: &SnapshotOptions,
) -> Result<SnapshotSummary, SnapshotError> {
    tree::prepare(out_dir)?;
    let rec = Recorder::new(host);
    let (facts, report) = crate::diagnose(&rec, &static_probe());
    let log = rec.into_log();
    let redactor = redactor_for(host, &facts);
    let out = Out::new(out_dir).map_err(|source| SnapshotError::Io {
        path: out_dir.join("root"),
        source,
    })?;
    let startup: BTreeSet<PathBuf> = facts
        .login
        .files
        .iter()
        .filter(|f| matches!(f.state, FileState::Read | FileState::Truncated))
        .map(|f| f.path.clone())
        .collect();

    let mut b = Builder {
        src: host,
        out: &out,
        red: &redactor,
        files: BTreeMap::new(),
        keep_empty: BTreeSet::new(),
        home_files: BTreeSet::new(),
        user_files: BTreeSet::new(),
        notes: Vec::new(),
        symlinks: 0,
    };
    for path in &log.touched {
        b.place(path);
    }
    for dir in &log.listed {
        b.place_listing(dir);
    }
    if facts.machine.os == Os::Macos {
        // Every Mac has it; the evaluator assumes so, and scenarios ship a stand-in.
        b.place_placeholder_at(Path::new("/usr/libexec/path_helper"), 0o755);
    }

    // Decide what each file reached becomes.
    let mut copied = 0;
    let mut placeholders = 0;
    let mut rebuilt = 0;
    let mut secrets = Vec::new();
    let mut specs: Vec<BinaryEntry> = Vec::new();
    let files = std::mem::take(&mut b.files);
    for (real, reached) in &files {
        let text_limit = reached
            .aliases
            .iter()
            .filter_map(|a| log.text.get(a))
            .max()
            .copied();
        let is_binary = reached.aliases.iter().any(|a| log.binary.contains(a));
        let is_startup = reached.aliases.iter().any(|a| startup.contains(a));
        let mode = if reached.meta.mode & 0o111 != 0 {
            0o755
        } else {
            0o644
        };
        let dest = redactor.path(real);
        if let Some(limit) = text_limit {
            copied += 1;
            match host.read_prefix(real, limit) {
                Ok(bytes) => {
                    let (mut bytes, hits) = redactor.bytes(&bytes);
                    b.tally(&dest, hits);
                    if is_startup {
                        match String::from_utf8(bytes.clone()) {
                            Ok(text) => {
                                let (text, blanked, kept) = redact::secrets(&text);
                                bytes = text.into_bytes();
                                secrets.extend(blanked.into_iter().map(|n| (dest.clone(), n)));
                                for name in kept {
                                    b.notes.push(format!(
                                        "`{}`: the value of `{name}` looks like a secret but spans lines; it was NOT redacted, check it by hand",
                                        dest.display()
                                    ));
                                }
                            }
                            Err(_) => b.notes.push(format!(
                                "`{}` is not UTF-8 text: it was copied byte for byte and not scanned for secrets; check it by hand",
                                dest.display()
                            )),
                        }
                    }
                    b.write(&dest, &bytes, mode);
                }
                Err(e) => {
                    // Reproduce "cannot be read" as well as a scenario can: a file nobody
                    // may read (root reads it anyway, as an empty file).
                    b.notes.push(format!(
                        "`{}` could not be read on this machine ({e}); the snapshot has an empty file with mode 000 in its place",
                        dest.display()
                    ));
                    b.write(&dest, b"", 0);
                }
            }
        } else if is_binary {
            match binary_entry(host, real, &redactor) {
                Ok(entry) => specs.push(entry),
                Err(raw) => {
                    rebuilt += 1;
                    if raw.scrubbed > 0 {
                        b.notes.push(format!(
                            "`{}`: the user name or home appeared in the bytes read of this unreadable executable and was overwritten with `x`",
                            dest.display()
                        ));
                    }
                    if let Some(n) = raw.note {
                        b.notes.push(format!("`{}`: {n}", dest.display()));
                    }
                    b.write(&dest, &raw.bytes, mode);
                }
            }
        } else {
            placeholders += 1;
            let bytes: &[u8] = if reached.meta.len == 0 {
                b""
            } else {
                b"placeholder written by `nativego snapshot`: only this file's existence matters\n"
            };
            b.write(&dest, bytes, mode);
        }
    }

    // The stand-ins, through binaries.toml so the scenario's binaries stay data.
    let stand_ins = specs.len();
    tree::write_top(out_dir, "binaries.toml", &binaries_toml(&specs))?;
    let generated =
        scenario_binaries::generate(out_dir).map_err(|e| SnapshotError::Binaries(e.to_string()))?;
    for (g, entry) in generated.iter().zip(&specs) {
        match read_binary(&g.bytes) {
            Ok(info) if same_binary(&info, &entry.info) => {}
            _ => b.notes.push(format!(
                "`{}`: the stand-in does not say everything the original did (per-slice differences or build settings are not reproduced)",
                g.path.display()
            )),
        }
    }
    scenario_binaries::write(out_dir).map_err(|e| SnapshotError::Binaries(e.to_string()))?;

    // Directories git would drop.
    for dir in out.empty_dirs() {
        if !b.keep_empty.contains(&dir) {
            b.write(&dir.join(".keep"), b"", 0o644);
        }
    }

    let host_toml = host_toml(host, &facts, &redactor, opts, &mut b);
    tree::write_top(out_dir, "host.toml", &host_toml)?;
    let findings: Vec<String> = report.findings.iter().map(|f| f.check.clone()).collect();
    tree::write_top(out_dir, "expect.toml", &expect_toml(&findings))?;

    let mut redactions = Vec::new();
    if !redactor.homes().is_empty() {
        redactions.push(Redaction {
            what: "home directory".into(),
            replacement: redactor.neutral_home.clone(),
            files: b.home_files.len(),
        });
    }
    for _ in redactor.users() {
        redactions.push(Redaction {
            what: "user name".into(),
            replacement: redactor.neutral_user.clone(),
            files: b.user_files.len(),
        });
    }
    let mut summary = SnapshotSummary {
        dir: out_dir.to_path_buf(),
        os: facts.machine.os,
        copied,
        stand_ins,
        rebuilt,
        placeholders,
        symlinks: b.symlinks,
        redactions,
        secrets,
        notes: std::mem::take(&mut b.notes),
        findings,
        differences: Vec::new(),
        facts,
        report,
    };
    tree::write_top(out_dir, "README.md", &readme(&summary, opts))?;
    tree::write_top(out_dir, "REDACTED.md", &redacted_md(&summary))?;

    summary.differences = match ScenarioHost::load(out_dir) {
        Ok(scenario) => {
            let (_, again) = crate::diagnose(&scenario, &static_probe());
            differences(&summary.report, &again, &redactor)
        }
        Err(e) => vec![format!("the snapshot cannot be loaded as a scenario: {e}")],
    };
    Ok(summary)
}

/// Compare two reports' findings (check, severity, title, message) and the active Go,
/// after applying the snapshot's redaction to the machine's. Empty when equal.
pub fn differences(machine: &Report, snapshot: &Report, red: &Redactor) -> Vec<String> {
    let key = |f: &crate::finding::Finding, redact: bool| {
        let fix = |s: &str| {
            if redact {
                red.text(s).0
            } else {
                s.to_string()
            }
        };
        format!(
            "{} [{}] {} — {}",
            f.check,
            f.severity,
            fix(&f.title),
            fix(&f.message)
        )
    };
    let a: BTreeSet<String> = machine.findings.iter().map(|f| key(f, true)).collect();
    let b: BTreeSet<String> = snapshot.findings.iter().map(|f| key(f, false)).collect();
    let mut out: Vec<String> = a
        .difference(&b)
        .map(|k| format!("only on the machine: {k}"))
        .chain(
            b.difference(&a)
                .map(|k| format!("only in the snapshot: {k}")),
        )
        .collect();
    let go = |r: &Report, redact: bool| {
        r.go.as_ref().map(|g| {
            let path = if redact {
                red.text(&g.path).0
            } else {
                g.path.clone()
            };
            format!("{path} {:?} {:?} {:?}", g.version, g.arch, g.source)
        })
    };
    if go(machine, true) != go(snapshot, false) {
        out.push(format!(
            "active go: {:?} on the machine, {:?} in the snapshot",
            go(machine, true),
            go(snapshot, false)
        ));
    }
    if machine.installs.len() != snapshot.installs.len() {
        out.push(format!(
            "{} Go installs on the machine, {} in the snapshot",
            machine.installs.len(),
            snapshot.installs.len()
        ));
    }
    out
}

/// The redactor for this machine: its home (as named and resolved) and user names.
pub fn redactor_for(host: &dyn Host, facts: &Facts) -> Redactor {
    let neutral_home = match facts.machine.os {
        Os::Macos => format!("/Users/{NEUTRAL_USER}"),
        _ => format!("/home/{NEUTRAL_USER}"),
    };
    let mut homes = Vec::new();
    let mut users = Vec::new();
    if let Some(home) = &facts.home {
        homes.push(home.display().to_string());
        if let Ok(real) = host.canonicalize(home) {
            homes.push(real.display().to_string());
        }
        if let Some(name) = home.file_name().and_then(|n| n.to_str()) {
            users.push(name.to_string());
        }
    }
    for var in ["USER", "LOGNAME"] {
        if let Some(v) = host.env_var(var) {
            users.push(String::from_utf8_lossy(&v).into_owned());
        }
    }
    Redactor::new(homes, &neutral_home, users, NEUTRAL_USER)
}

/// A file reached by the walk, and the paths the engine used to reach it.
struct Reached {
    meta: Meta,
    aliases: BTreeSet<PathBuf>,
}

struct Builder<'a> {
    src: &'a dyn Host,
    out: &'a Out,
    red: &'a Redactor,
    /// Regular files reached, by real (resolved) machine path.
    files: BTreeMap<PathBuf, Reached>,
    /// Snapshot directories that must stay empty (listed, and empty on the machine).
    keep_empty: BTreeSet<PathBuf>,
    home_files: BTreeSet<PathBuf>,
    user_files: BTreeSet<PathBuf>,
    notes: Vec<String>,
    symlinks: usize,
}

impl Builder<'_> {
    fn tally(&mut self, dest: &Path, hits: redact::Hits) {
        if hits.home > 0 {
            self.home_files.insert(dest.to_path_buf());
        }
        if hits.user > 0 {
            self.user_files.insert(dest.to_path_buf());
        }
    }

    fn write(&mut self, dest: &Path, bytes: &[u8], mode: u32) {
        if let Err(e) = self.out.write_file(dest, bytes, mode) {
            self.notes
                .push(format!("`{}` could not be written: {e}", dest.display()));
        }
    }

    fn mkdir(&mut self, machine: &Path) {
        let dest = self.red.path(machine);
        if let Err(e) = self.out.mkdir(&dest) {
            self.notes.push(format!(
                "the directory `{}` could not be created: {e}",
                dest.display()
            ));
        }
    }

    /// Walk `path` on the machine the way a lookup does, recreating every directory and
    /// symlink met; remember the regular file it ends at. Returns the resolved path and
    /// its kind, or `None` when it does not lead anywhere (missing, a loop, a FIFO).
    fn place(&mut self, path: &Path) -> Option<(PathBuf, FileKind)> {
        let mut todo: Vec<OsString> = components(path);
        let mut done = PathBuf::from("/");
        let mut links = 0;
        while let Some(name) = todo.pop() {
            if name == ".." {
                done.pop();
                continue;
            }
            let cand = done.join(&name);
            let meta = self.src.symlink_metadata(&cand).ok()?;
            match meta.kind {
                FileKind::Symlink => {
                    let target = self.src.read_link(&cand).ok()?;
                    self.link(&done, &cand, &target);
                    links += 1;
                    if links > MAX_SYMLINKS {
                        return None;
                    }
                    if target.is_absolute() {
                        done = PathBuf::from("/");
                    }
                    todo.extend(components(&target));
                }
                FileKind::Dir => {
                    self.mkdir(&cand);
                    done = cand;
                }
                FileKind::File if todo.is_empty() => {
                    self.files
                        .entry(cand.clone())
                        .or_insert_with(|| Reached {
                            meta,
                            aliases: BTreeSet::new(),
                        })
                        .aliases
                        .insert(path.to_path_buf());
                    return Some((cand, FileKind::File));
                }
                FileKind::File => return None,
                FileKind::Other => {
                    self.notes.push(format!(
                        "`{}` is a FIFO, socket or device; it is not in the snapshot",
                        self.red.path(&cand).display()
                    ));
                    return None;
                }
            }
        }
        Some((done, FileKind::Dir))
    }

    /// Recreate the symlink `cand` (in the resolved directory `dir`) with `target`.
    fn link(&mut self, dir: &Path, cand: &Path, target: &Path) {
        let dest = self.red.path(cand);
        let mut new_target = self.red.path(target);
        if !target.is_absolute() && target.components().any(|c| c == Component::ParentDir) {
            // A relative link that climbs out of the home may not fit a home of another
            // depth (`/tmp/x/home/alice` → `/home/dev`): then point at the same place
            // absolutely (absolute links resolve inside the scenario).
            let abs = self.red.path(&clean(&dir.join(target)));
            if clean(&self.red.path(dir).join(&new_target)) != abs {
                new_target = abs;
            }
        }
        let hits = self.red.text(&target.to_string_lossy()).1;
        self.tally(&dest, hits);
        match self.out.symlink(&dest, &new_target) {
            Ok(true) => self.symlinks += 1,
            Ok(false) => {}
            Err(e) => self.notes.push(format!(
                "the symlink `{}` could not be created: {e}",
                dest.display()
            )),
        }
    }

    /// A directory the engine listed: keep it empty if it was, and make sure it is not
    /// empty if it was not (Rosetta is "installed" when its runtime directory has files).
    fn place_listing(&mut self, dir: &Path) {
        let Some((real, FileKind::Dir)) = self.place(dir) else {
            return;
        };
        let Ok(names) = self.src.read_dir(&real) else {
            return;
        };
        let dest = self.red.path(&real);
        if names.is_empty() {
            self.keep_empty.insert(dest);
            return;
        }
        let already = names
            .iter()
            .any(|n| self.out.kind(&self.red.path(&real.join(n))) != OutKind::Missing);
        if !already {
            let first = names
                .iter()
                .find(|n| !n.starts_with('.'))
                .unwrap_or(&names[0]);
            self.place(&real.join(first));
        }
    }

    /// A placeholder at a path the machine may not have (the macOS `path_helper`).
    fn place_placeholder_at(&mut self, path: &Path, mode: u32) {
        if self.place(path).is_none() {
            if let Some(parent) = path.parent() {
                self.mkdir(parent);
            }
            self.files.insert(
                path.to_path_buf(),
                Reached {
                    meta: Meta {
                        kind: FileKind::File,
                        len: 1,
                        mode,
                        owner: None,
                    },
                    aliases: BTreeSet::new(),
                },
            );
        }
    }
}

/// The components of a path for a walk, in reverse (so `pop` yields the next one).
fn components(path: &Path) -> Vec<OsString> {
    path.components()
        .rev()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect()
}

/// An executable, as a `binaries.toml` entry.
struct BinaryEntry {
    path: PathBuf,
    format: &'static str,
    arch: Vec<String>,
    go: Option<String>,
    package: Option<String>,
    module: Option<String>,
    version: Option<String>,
    min_os: Option<String>,
    /// The build settings the diagnosis reads (`report::TOOL_SETTINGS`) where they differ
    /// from what the stand-in writer records by default.
    settings: BTreeMap<String, String>,
    /// `LC_UUID` present, written only when the writer's default (as Go's linker does)
    /// would say otherwise.
    uuid: Option<bool>,
    /// What the original said, to check the stand-in against.
    info: BinaryInfo,
}

/// An executable rebuilt from the bytes read of it.
struct Raw {
    bytes: Vec<u8>,
    scrubbed: usize,
    note: Option<String>,
}

/// A [`ByteSource`] that keeps what was read.
struct Capture<'a> {
    inner: &'a dyn ByteSource,
    reads: RefCell<Vec<(u64, Vec<u8>)>>,
}

impl ByteSource for Capture<'_> {
    fn len(&self) -> u64 {
        self.inner.len()
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let data = self.inner.read_at(offset, len)?;
        self.reads.borrow_mut().push((offset, data.clone()));
        Ok(data)
    }
}

/// Describe an executable as a stand-in, or rebuild it from what was read when it cannot
/// be read (or not described in `binaries.toml`).
fn binary_entry(host: &dyn Host, real: &Path, red: &Redactor) -> Result<BinaryEntry, Raw> {
    let file = HostFile::open(host, real).map_err(|e| Raw {
        bytes: Vec::new(),
        scrubbed: 0,
        note: Some(format!("it could not be opened ({e}); written empty")),
    })?;
    let capture = Capture {
        inner: &file,
        reads: RefCell::new(Vec::new()),
    };
    let result = read_binary(&capture);
    if let Ok(info) = &result {
        if let Some(entry) = describe(info, red) {
            return Ok(BinaryEntry {
                path: red.path(real),
                ..entry
            });
        }
    }
    // Rebuild: the bytes the reader saw at their offsets, zeros elsewhere.
    let reads = capture.reads.into_inner();
    let end = reads
        .iter()
        .map(|(o, d)| o.saturating_add(d.len() as u64))
        .max()
        .unwrap_or(0);
    let len = if file.len() <= MAX_RAW_LEN {
        file.len()
    } else {
        end.min(MAX_RAW_LEN)
    };
    let mut bytes = vec![0u8; len as usize];
    for (offset, data) in reads {
        let start = (offset as usize).min(bytes.len());
        let stop = start.saturating_add(data.len()).min(bytes.len());
        bytes[start..stop].copy_from_slice(&data[..stop - start]);
    }
    let scrubbed = red.scrub_bytes(&mut bytes);
    let before = result.as_ref().map_err(|e| e.to_string()).map(|_| ());
    let after = read_binary(&bytes).map_err(|e| e.to_string()).map(|_| ());
    let note = (before != after).then(|| {
        format!(
            "the rebuilt file does not read the same way as the original ({} on the machine, {} in the snapshot)",
            before.err().unwrap_or_else(|| "readable".into()),
            after.err().unwrap_or_else(|| "readable".into())
        )
    });
    Err(Raw {
        bytes,
        scrubbed,
        note,
    })
}

/// The `binaries.toml` description of a readable executable, if the format can say it.
fn describe(info: &BinaryInfo, red: &Redactor) -> Option<BinaryEntry> {
    let arches = info.arches();
    let format = match (info.format, arches.len()) {
        (BinaryFormat::MachO, 1) => "macho",
        (BinaryFormat::Elf, 1) => "elf",
        (BinaryFormat::Fat, n) if n >= 2 => "fat",
        (BinaryFormat::Fat64, n) if n >= 2 => "fat64",
        _ => return None,
    };
    if arches
        .iter()
        .any(|a| crate::binary::Arch::parse(a.name()).is_none())
    {
        return None;
    }
    let build = info.build();
    let redact = |s: &str| red.text(s).0;
    let main = build.and_then(|b| b.main.as_ref());
    Some(BinaryEntry {
        path: PathBuf::new(),
        format,
        arch: arches.iter().map(|a| a.name().to_string()).collect(),
        go: build.map(|b| b.go_version.clone()),
        package: build.and_then(|b| b.path.as_deref()).map(redact),
        module: main.map(|m| redact(&m.path)),
        version: main
            .map(|m| m.version.clone())
            .filter(|v| v != "(devel)" && !v.is_empty()),
        min_os: info.slices.first().and_then(|s| s.min_os.clone()),
        settings: build
            .map(|b| {
                let goos = if format == "elf" { "linux" } else { "darwin" };
                let cgo = if goos == "darwin" { "1" } else { "0" };
                let goarch = arches.first().map(|a| a.goarch()).unwrap_or_default();
                b.settings
                    .iter()
                    .filter(|(k, v)| {
                        let default = match k.as_str() {
                            "-buildmode" => Some("exe"),
                            "CGO_ENABLED" => Some(cgo),
                            "GOOS" => Some(goos),
                            // Each slice of a universal file records its own GOARCH.
                            "GOARCH" if arches.len() > 1 => return false,
                            "GOARCH" => Some(goarch),
                            _ => None,
                        };
                        crate::report::TOOL_SETTINGS.contains(&k.as_str())
                            && default != Some(v.as_str())
                    })
                    .map(|(k, v)| (k.clone(), redact(v)))
                    .collect()
            })
            .unwrap_or_default(),
        uuid: info.slices.first().and_then(|s| s.uuid).filter(|&has| {
            let default = match build {
                Some(b) => crate::binary::write::go_writes_uuid(&b.go_version).unwrap_or(false),
                None => true,
            };
            has != default
        }),
        info: info.clone(),
    })
}

/// Whether a stand-in says what the engine reads of the original.
fn same_binary(standin: &BinaryInfo, original: &BinaryInfo) -> bool {
    standin.format == original.format
        && standin.arches() == original.arches()
        && standin.slices.len() == original.slices.len()
        && standin.slices.iter().zip(&original.slices).all(|(a, b)| {
            a.min_os == b.min_os
                && a.uuid == b.uuid
                && a.build.as_ref().map(|x| &x.go_version)
                    == b.build.as_ref().map(|x| &x.go_version)
        })
}
