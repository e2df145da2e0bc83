//! Writing the snapshot directory.
//!
//! Everything the snapshot learns about the machine comes through the `Host`; this module
//! only creates the snapshot's own output directory, so it uses `std::fs` directly. It
//! never follows a symlink it created: a link in the snapshot (possibly absolute, like
//! `/Users/dev/dotfiles/zshrc`) must never lead a write out of the output directory.
// Writes (and inspects) the snapshot's own output directory, never the machine.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::SnapshotError;

/// Create `dir` for a snapshot: it must not exist, or be an empty directory.
pub fn prepare(dir: &Path) -> Result<(), SnapshotError> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {
            let mut entries = fs::read_dir(dir).map_err(|source| SnapshotError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(SnapshotError::NotEmpty(dir.to_path_buf()));
            }
            Ok(())
        }
        Ok(_) => Err(SnapshotError::NotADirectory(dir.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|source| SnapshotError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
        Err(source) => Err(SnapshotError::Io {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// Write a file at the top of the snapshot (`host.toml`, `README.md`, …).
pub fn write_top(dir: &Path, name: &str, text: &str) -> Result<(), SnapshotError> {
    let path = dir.join(name);
    fs::write(&path, text).map_err(|source| SnapshotError::Io { path, source })
}

/// The snapshot's `root/`, addressed by machine paths.
pub struct Out {
    root: PathBuf,
}

/// What is at a path of the snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutKind {
    Missing,
    File,
    Dir,
    Symlink,
}

impl Out {
    pub fn new(dir: &Path) -> io::Result<Out> {
        let root = dir.join("root");
        fs::create_dir_all(&root)?;
        Ok(Out { root })
    }

    /// Where a machine path lives in the snapshot (no symlink followed).
    pub fn real(&self, machine: &Path) -> PathBuf {
        let mut real = self.root.clone();
        for c in machine.components() {
            if let Component::Normal(n) = c {
                real.push(n);
            }
        }
        real
    }

    pub fn kind(&self, machine: &Path) -> OutKind {
        match fs::symlink_metadata(self.real(machine)) {
            Err(_) => OutKind::Missing,
            Ok(m) if m.file_type().is_symlink() => OutKind::Symlink,
            Ok(m) if m.is_dir() => OutKind::Dir,
            Ok(_) => OutKind::File,
        }
    }

    /// Create a directory and its parents, one component at a time; refuses to go
    /// through anything that is not a real directory of the snapshot.
    pub fn mkdir(&self, machine: &Path) -> io::Result<()> {
        let mut at = PathBuf::from("/");
        for c in machine.components() {
            let Component::Normal(n) = c else { continue };
            at.push(n);
            match self.kind(&at) {
                OutKind::Dir => {}
                OutKind::Missing => fs::create_dir(self.real(&at))?,
                other => {
                    return Err(io::Error::other(format!(
                        "`{}` is already a {} in the snapshot",
                        at.display(),
                        if other == OutKind::Symlink {
                            "symlink"
                        } else {
                            "file"
                        }
                    )))
                }
            }
        }
        Ok(())
    }

    /// Create a symlink (unless something is already there). Returns whether it was made.
    pub fn symlink(&self, machine: &Path, target: &Path) -> io::Result<bool> {
        if let Some(parent) = machine.parent() {
            self.mkdir(parent)?;
        }
        if self.kind(machine) != OutKind::Missing {
            return Ok(false);
        }
        std::os::unix::fs::symlink(target, self.real(machine))?;
        Ok(true)
    }

    /// Write a regular file with `mode`, never through a symlink.
    pub fn write_file(&self, machine: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        if let Some(parent) = machine.parent() {
            self.mkdir(parent)?;
        }
        match self.kind(machine) {
            OutKind::Missing | OutKind::File => {}
            _ => {
                return Err(io::Error::other(format!(
                    "`{}` is already a directory or symlink in the snapshot",
                    machine.display()
                )))
            }
        }
        let real = self.real(machine);
        fs::write(&real, bytes)?;
        fs::set_permissions(&real, fs::Permissions::from_mode(mode))
    }

    /// Every real directory of the snapshot that has nothing in it, as machine paths.
    pub fn empty_dirs(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut todo = vec![PathBuf::from("/")];
        while let Some(dir) = todo.pop() {
            let Ok(entries) = fs::read_dir(self.real(&dir)) else {
                continue;
            };
            let mut empty = true;
            for e in entries.flatten() {
                empty = false;
                if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                    todo.push(dir.join(e.file_name()));
                }
            }
            if empty && dir != Path::new("/") {
                out.push(dir);
            }
        }
        out.sort();
        out
    }
}
