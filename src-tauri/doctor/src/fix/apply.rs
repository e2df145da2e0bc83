//! Applying a plan, the journal, undo and history: nothing lost, ever.
//!
//! - Before anything is touched, a journal entry with the original bytes (and the new
//!   ones) is written to NativeGo's data directory, readable by the user only.
//! - Each file is replaced atomically ([`HostMut::write_atomic`]): a process killed at any
//!   instant leaves it fully old or fully new, and the journal can always undo.
//! - A plan that no longer matches the files is refused, so are writes outside the user's
//!   home, and startup files the real shell finds a syntax error in.
//! - Undo restores the original bytes, and refuses if the file changed since the fix.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::facts::ShellKind;
use crate::fix::plan::Plan;
use crate::fix::Action;
use crate::host::{FileKind, HostMut, RunError};

pub use crate::host::{NoSyntaxCheck, SyntaxCheck};

/// The shell whose syntax a startup file is written in, by its name.
pub fn startup_file_shell(path: &Path) -> Option<ShellKind> {
    let name = path.file_name()?.to_str()?;
    match name {
        ".zshrc" | ".zprofile" | ".zshenv" | ".zlogin" | ".zlogout" => Some(ShellKind::Zsh),
        ".bashrc" | ".bash_profile" | ".bash_login" | ".profile" => Some(ShellKind::Bash),
        _ => None,
    }
}

/// A journal entry's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryState {
    /// Written before the files; the fix may have been interrupted.
    Pending,
    Applied,
    Undone,
}

/// One file in a journal entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalFile {
    /// The path as the fix named it.
    pub path: PathBuf,
    /// Where the bytes were written (a symlink's target).
    pub target: PathBuf,
    /// The file (or directory) existed before the fix.
    pub existed: bool,
    pub directory: bool,
    /// Permission bits of the file before (and after) the fix.
    pub mode: u32,
    /// Backup file names inside the entry's directory.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What an action did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub command: String,
    /// Exit status; `None` when it could not run or was stopped.
    pub status: Option<i32>,
    /// The end of its output.
    pub output: String,
}

/// A journal entry: one applied fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `<unix time>-<fix id>`.
    pub id: String,
    pub fix_id: String,
    pub title: String,
    pub applied_at: u64,
    pub state: EntryState,
    pub files: Vec<JournalFile>,
    #[serde(default)]
    pub actions: Vec<ActionRecord>,
    #[serde(default)]
    pub undone_at: Option<u64>,
}

/// Why applying or undoing failed. Nothing was changed unless the message says so.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("`{}` changed since the plan was made; nothing was written. Run the fix again to see a fresh preview", path.display())]
    Changed { path: PathBuf },
    #[error("NativeGo only writes inside your home folder; `{}` is outside it. Apply this change by hand", path.display())]
    OutsideHome { path: PathBuf },
    #[error("the change would leave `{}` with a syntax error, so nothing was written:\n{detail}", path.display())]
    Syntax { path: PathBuf, detail: String },
    #[error("NativeGo has no data directory for its journal (no home folder)")]
    NoDataDir,
    #[error("could not {what} `{}`: {source}{}", path.display(), advice(source))]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("there is no applied fix `{0}` in the journal; `nativego history` lists them")]
    NoSuchEntry(String),
    #[error("nothing to undo: no fix applied by NativeGo is still in place")]
    NothingToUndo,
    #[error("`{}` changed after the fix was applied; undoing would lose those changes, so nothing was restored. Its original is kept in `{}`", path.display(), backup.display())]
    UndoConflict { path: PathBuf, backup: PathBuf },
    #[error("{error}. Some files were already changed and could not be put back: `nativego undo {id}` restores them once the problem is solved")]
    PartlyApplied { error: Box<ApplyError>, id: String },
    #[error("the journal entry `{id}` is damaged: {detail}")]
    BadEntry { id: String, detail: String },
    #[error("another NativeGo (the app, or `nativego fix` or `undo` in a terminal) is changing files right now; nothing was written. Try again in a moment")]
    Busy,
}

/// How long `apply` and `undo` wait for another NativeGo that is changing files.
pub const CHANGE_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

fn lock(host: &dyn HostMut) -> Result<crate::host::ChangeLock, ApplyError> {
    host.lock_changes(CHANGE_LOCK_WAIT).map_err(|e| {
        if e.kind() == io::ErrorKind::WouldBlock {
            ApplyError::Busy
        } else {
            let path = host.data_dir().map(|d| d.join("lock")).unwrap_or_default();
            ApplyError::Io {
                what: "lock",
                path,
                source: e,
            }
        }
    })
}

fn advice(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::PermissionDenied => {
            " (permission denied: check the file's owner and permissions, or that it is not locked)"
        }
        io::ErrorKind::ReadOnlyFilesystem => " (the file system is read-only)",
        io::ErrorKind::StorageFull => " (the disk is full: free some space and try again)",
        _ => "",
    }
}

fn io_err(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ApplyError {
    let path = path.to_path_buf();
    move |source| ApplyError::Io { what, path, source }
}

/// Where the journal lives.
pub fn journal_dir(host: &dyn HostMut) -> Result<PathBuf, ApplyError> {
    Ok(host
        .data_dir()
        .ok_or(ApplyError::NoDataDir)?
        .join("journal"))
}

/// The result of applying a plan.
#[derive(Clone, Debug)]
pub struct Applied {
    pub entry: Entry,
    /// An action that failed, if any (the file edits stay applied and can be undone).
    pub action_failure: Option<String>,
}

/// Apply a plan the user has seen.
pub fn apply(
    host: &dyn HostMut,
    plan: &Plan,
    syntax: &dyn SyntaxCheck,
    run_actions: bool,
) -> Result<Applied, ApplyError> {
    let home = host.home().ok_or(ApplyError::NoDataDir)?;
    let data = host.data_dir().ok_or(ApplyError::NoDataDir)?;
    // Held until the end: the check below and the writes after it are one step.
    let _lock = lock(host)?;

    // 1. Everything is checked before anything is written.
    let mut modes = Vec::new();
    for change in &plan.changes {
        if let Some(path) = outside_home(host, &home, change) {
            return Err(ApplyError::OutsideHome { path });
        }
        if change.create_dir {
            modes.push(0o755);
            continue;
        }
        let now = match host.metadata(&change.target) {
            Ok(m) if m.kind == FileKind::File => {
                modes.push(m.mode);
                Some(
                    host.read(&change.target)
                        .map_err(io_err("read", &change.target))?,
                )
            }
            Ok(_) => {
                return Err(ApplyError::Changed {
                    path: change.path.clone(),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                modes.push(0o644);
                None
            }
            Err(e) => return Err(io_err("read", &change.target)(e)),
        };
        if now != change.before {
            return Err(ApplyError::Changed {
                path: change.path.clone(),
            });
        }
        if let (Some(shell), Some(after)) = (startup_file_shell(&change.path), &change.after) {
            syntax
                .check(shell, after)
                .map_err(|detail| ApplyError::Syntax {
                    path: change.path.clone(),
                    detail,
                })?;
        }
    }

    // 2. The journal entry, with both versions of every file, before any file changes.
    let journal = data.join("journal");
    host.create_dir_all(&journal, 0o700)
        .map_err(io_err("create", &journal))?;
    let now = host.now_unix();
    let id = unique_id(host, &journal, now, &plan.fix_id);
    let dir = journal.join(&id);
    host.create_dir_all(&dir, 0o700)
        .map_err(io_err("create", &dir))?;
    let mut files = Vec::new();
    for (n, (change, mode)) in plan.changes.iter().zip(&modes).enumerate() {
        let save = |kind: &str, bytes: &Option<Vec<u8>>| -> Result<Option<String>, ApplyError> {
            match bytes {
                Some(b) => {
                    let name = format!("{n}.{kind}");
                    let p = dir.join(&name);
                    host.write_atomic(&p, b, 0o600)
                        .map_err(io_err("write", &p))?;
                    Ok(Some(name))
                }
                None => Ok(None),
            }
        };
        files.push(JournalFile {
            path: change.path.clone(),
            target: change.target.clone(),
            existed: change.before.is_some(),
            directory: change.create_dir,
            mode: *mode,
            before: save("before", &change.before)?,
            after: save("after", &change.after)?,
        });
    }
    let mut entry = Entry {
        id: id.clone(),
        fix_id: plan.fix_id.clone(),
        title: plan.title.clone(),
        applied_at: now,
        state: EntryState::Pending,
        files,
        actions: Vec::new(),
        undone_at: None,
    };
    write_entry(host, &dir, &entry)?;

    // 3. The files, each replaced atomically. If one cannot be, those already replaced
    //    are put back, so a failed fix changes nothing.
    let mut done = 0;
    let mut written = Ok(());
    for (change, mode) in plan.changes.iter().zip(&modes) {
        written = if change.create_dir {
            host.create_dir_all(&change.target, 0o755)
                .map_err(io_err("create", &change.target))
        } else if let Some(after) = &change.after {
            // A new file (a go env file never written by `go env -w`) gets its folder, as
            // `go env -w` does; undo removes the file and leaves the folder.
            let parent = change.target.parent().filter(|_| change.before.is_none());
            parent
                .map_or(Ok(()), |p| host.create_dir_all(p, 0o755))
                .map_err(io_err("create", parent.unwrap_or(&change.target)))
                .and_then(|()| {
                    host.write_atomic(&change.target, after, *mode)
                        .map_err(io_err("write", &change.target))
                })
        } else {
            Ok(())
        };
        if written.is_err() {
            break;
        }
        done += 1;
    }
    if written.is_ok() {
        entry.state = EntryState::Applied;
        written = write_entry(host, &dir, &entry);
    }
    if let Err(error) = written {
        return Err(put_back(
            host,
            &plan.changes[..done],
            &modes,
            &dir,
            entry,
            error,
        ));
    }

    // 4. The actions, if this host can run them.
    let mut action_failure = None;
    if run_actions {
        for action in &plan.actions {
            let record = run_action(host, action);
            if record.status != Some(0) && action_failure.is_none() {
                action_failure = Some(format!(
                    "`{}` failed ({}): {}",
                    record.command,
                    record
                        .status
                        .map(|s| format!("exit status {s}"))
                        .unwrap_or_else(|| "it did not run to the end".into()),
                    record.output.lines().last().unwrap_or("")
                ));
            }
            entry.actions.push(record);
        }
        if !entry.actions.is_empty() {
            write_entry(host, &dir, &entry)?;
        }
    }
    Ok(Applied {
        entry,
        action_failure,
    })
}

/// `path` with every symlink resolved; for a path that does not exist yet, its deepest
/// existing ancestor resolved and the rest appended.
/// The path of `change` that lies outside `home`, if one does: the path the fix names, its
/// target, or where the bytes would really land (`..` and symlinked folders resolved).
pub fn outside_home(
    host: &dyn crate::host::Host,
    home: &Path,
    change: &crate::fix::plan::FileChange,
) -> Option<PathBuf> {
    for p in [&change.path, &change.target] {
        let dotdot = p.components().any(|c| c == std::path::Component::ParentDir);
        if dotdot || !p.starts_with(home) {
            return Some(p.clone());
        }
    }
    let real_home = host
        .canonicalize(home)
        .unwrap_or_else(|_| home.to_path_buf());
    let real = real_location(host, &change.target);
    (!real.starts_with(&real_home)).then_some(real)
}

fn real_location(host: &dyn crate::host::Host, path: &Path) -> PathBuf {
    match host.canonicalize(path) {
        Ok(p) => p,
        Err(_) => match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => real_location(host, parent).join(name),
            _ => path.to_path_buf(),
        },
    }
}

/// After a failed apply: restore the files already replaced, newest first, and mark the
/// entry undone. When that fails too, the pending entry stays for `nativego undo`.
fn put_back(
    host: &dyn HostMut,
    done: &[crate::fix::plan::FileChange],
    modes: &[u32],
    dir: &Path,
    mut entry: Entry,
    error: ApplyError,
) -> ApplyError {
    let mut restored = Ok(());
    for (change, mode) in done.iter().zip(modes).rev() {
        restored = if change.create_dir {
            host.remove_dir(&change.target)
        } else if let Some(before) = &change.before {
            host.write_atomic(&change.target, before, *mode)
        } else {
            host.remove_file(&change.target)
        };
        if restored.is_err() {
            break;
        }
    }
    if restored.is_ok() {
        entry.state = EntryState::Undone;
        entry.undone_at = Some(host.now_unix());
        // If this fails too, the entry stays pending: undoing it finds the files as they
        // were and only marks it undone.
        let _ = write_entry(host, dir, &entry);
        return error;
    }
    ApplyError::PartlyApplied {
        error: Box::new(error),
        id: entry.id,
    }
}

fn run_action(host: &dyn HostMut, action: &Action) -> ActionRecord {
    let args: Vec<&str> = action.args.iter().map(String::as_str).collect();
    let mut env: Vec<(String, String)> = Vec::new();
    for k in ["HOME", "PATH", "USER", "LANG", "TMPDIR"] {
        if let Some(v) = host.env_var(k) {
            env.push((k.to_string(), String::from_utf8_lossy(&v).into_owned()));
        }
    }
    env.extend(action.env.iter().cloned());
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let timeout = std::time::Duration::from_secs(action.timeout_secs.max(1));
    let command = action.command_line();
    match host.run(&action.program, &args, &env_refs, timeout, 256 * 1024) {
        Ok(out) => {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            ActionRecord {
                command,
                status: out.status,
                output: tail(&text, 4000),
            }
        }
        Err(e) => ActionRecord {
            command,
            status: None,
            output: match e {
                RunError::Timeout { partial, .. } => format!(
                    "stopped after {} s: {}",
                    action.timeout_secs,
                    tail(&String::from_utf8_lossy(&partial), 2000)
                ),
                other => other.to_string(),
            },
        },
    }
}

fn tail(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    s[start..].to_string()
}

fn unique_id(host: &dyn HostMut, journal: &Path, now: u64, fix_id: &str) -> String {
    let safe: String = fix_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut n = 0;
    loop {
        let id = if n == 0 {
            format!("{now}-{safe}")
        } else {
            format!("{now}-{safe}-{n}")
        };
        if host.symlink_metadata(&journal.join(&id)).is_err() {
            return id;
        }
        n += 1;
    }
}

fn write_entry(host: &dyn HostMut, dir: &Path, entry: &Entry) -> Result<(), ApplyError> {
    let json = serde_json::to_vec_pretty(entry).map_err(|e| ApplyError::BadEntry {
        id: entry.id.clone(),
        detail: e.to_string(),
    })?;
    let p = dir.join("entry.json");
    host.write_atomic(&p, &json, 0o600)
        .map_err(io_err("write", &p))
}

/// Every journal entry, newest first. Damaged entries are skipped.
pub fn history(host: &dyn HostMut) -> Result<Vec<Entry>, ApplyError> {
    let journal = journal_dir(host)?;
    let names = match host.read_dir(&journal) {
        Ok(n) => n,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err("read", &journal)(e)),
    };
    let mut entries: Vec<Entry> = names
        .iter()
        .filter_map(|n| load_entry(host, &journal, n).ok())
        .collect();
    entries.sort_by(|a, b| b.applied_at.cmp(&a.applied_at).then(b.id.cmp(&a.id)));
    Ok(entries)
}

fn load_entry(host: &dyn HostMut, journal: &Path, id: &str) -> Result<Entry, ApplyError> {
    let p = journal.join(id).join("entry.json");
    let bytes = host.read(&p).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ApplyError::NoSuchEntry(id.to_string()),
        _ => io_err("read", &p)(e),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ApplyError::BadEntry {
        id: id.to_string(),
        detail: e.to_string(),
    })
}

/// Whether an entry's files still hold what the fix wrote (so undo would restore them).
pub fn can_undo(host: &dyn HostMut, entry: &Entry) -> Result<bool, ApplyError> {
    if entry.state == EntryState::Undone {
        return Ok(false);
    }
    let dir = journal_dir(host)?.join(&entry.id);
    for f in &entry.files {
        match file_state(host, &dir, f)? {
            FileNow::After | FileNow::Before => {}
            FileNow::Other => return Ok(false),
        }
    }
    Ok(true)
}

enum FileNow {
    Before,
    After,
    Other,
}

fn file_state(host: &dyn HostMut, dir: &Path, f: &JournalFile) -> Result<FileNow, ApplyError> {
    let backup = |name: &Option<String>| -> Result<Option<Vec<u8>>, ApplyError> {
        match name {
            Some(n) => {
                let p = dir.join(n);
                host.read(&p).map(Some).map_err(io_err("read", &p))
            }
            None => Ok(None),
        }
    };
    if f.directory {
        return Ok(if crate::host::is_dir(host, &f.target) {
            FileNow::After
        } else {
            FileNow::Before
        });
    }
    let now = match host.read(&f.target) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err("read", &f.target)(e)),
    };
    if now == backup(&f.after)? {
        Ok(FileNow::After)
    } else if now == backup(&f.before)? {
        Ok(FileNow::Before)
    } else {
        Ok(FileNow::Other)
    }
}

/// Undo the entry `id`, or the newest one still in place. Restores the original bytes of
/// every file; refuses, changing nothing, if any file changed since the fix.
pub fn undo(host: &dyn HostMut, id: Option<&str>) -> Result<Entry, ApplyError> {
    let journal = journal_dir(host)?;
    let _lock = lock(host)?;
    let mut entry = match id {
        Some(id) => load_entry(host, &journal, id)?,
        None => history(host)?
            .into_iter()
            .find(|e| e.state != EntryState::Undone)
            .ok_or(ApplyError::NothingToUndo)?,
    };
    if entry.state == EntryState::Undone {
        return Err(ApplyError::NoSuchEntry(entry.id));
    }
    let dir = journal.join(&entry.id);
    // Check every file first: an undo is all or nothing.
    let mut todo = Vec::new();
    for f in &entry.files {
        match file_state(host, &dir, f)? {
            FileNow::Before => {}
            FileNow::After => todo.push(f.clone()),
            FileNow::Other => {
                return Err(ApplyError::UndoConflict {
                    path: f.path.clone(),
                    backup: dir.join(f.before.as_deref().unwrap_or("")),
                })
            }
        }
    }
    // Directories last, after the files that may live in them.
    todo.sort_by_key(|f| f.directory);
    for (k, f) in todo.iter().enumerate() {
        let restored = if f.directory {
            if !f.existed {
                // Only an empty directory is removed; anything put there since stays.
                let _ = host.remove_dir(&f.target);
            }
            Ok(())
        } else if let Some(name) = &f.before {
            let p = dir.join(name);
            host.read(&p).map_err(io_err("read", &p)).and_then(|bytes| {
                host.write_atomic(&f.target, &bytes, f.mode)
                    .map_err(io_err("restore", &f.target))
            })
        } else {
            host.remove_file(&f.target)
                .map_err(io_err("remove", &f.target))
        };
        if let Err(e) = restored {
            // All or nothing: the files already restored get the fix's version back.
            for g in todo[..k].iter().rev().filter(|g| !g.directory) {
                if let Some(name) = &g.after {
                    if let Ok(bytes) = host.read(&dir.join(name)) {
                        let _ = host.write_atomic(&g.target, &bytes, g.mode);
                    }
                }
            }
            return Err(e);
        }
    }
    entry.state = EntryState::Undone;
    entry.undone_at = Some(host.now_unix());
    write_entry(host, &dir, &entry)?;
    Ok(entry)
}
