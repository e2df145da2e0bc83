//! A [`Host`] that shows the machine as a plan would leave it, without writing anything:
//! the plan's new file contents (and new directories) laid over another host. Used to
//! evaluate a fix before it is offered ([`crate::vet`]).
//!
//! Reads of a changed file — by the path the plan names, by its target, or by any path
//! that resolves to it — return the new bytes; a file or directory the plan creates
//! exists, with its name in its directory's listing. Everything else is the inner host's.
//! It runs nothing: the static evaluation then reads the startup files themselves, as for
//! a scenario.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::facts::{DirSize, MachineFacts, Os};
use crate::fix::plan::FileChange;

use crate::host::{FileKind, Host, Meta, RunError, RunOutput};

/// What the plan puts at a path.
enum Laid<'a> {
    File(&'a [u8]),
    Dir,
}

pub struct OverlayHost<'a> {
    inner: &'a dyn Host,
    /// By target path (symlinks resolved), and the path the plan names when it differs.
    laid: BTreeMap<PathBuf, usize>,
    items: Vec<Laid<'a>>,
}

impl<'a> OverlayHost<'a> {
    /// `inner` as it will be once `changes` are written.
    pub fn new(inner: &'a dyn Host, changes: &'a [FileChange]) -> OverlayHost<'a> {
        let mut laid = BTreeMap::new();
        let mut items = Vec::new();
        for c in changes {
            let item = match (&c.after, c.create_dir) {
                (_, true) => Laid::Dir,
                (Some(bytes), false) => Laid::File(bytes),
                (None, false) => continue,
            };
            items.push(item);
            laid.insert(c.target.clone(), items.len() - 1);
            laid.insert(c.path.clone(), items.len() - 1);
        }
        OverlayHost { inner, laid, items }
    }

    /// What the plan puts at `path`, found by its name or by what it resolves to.
    fn laid(&self, path: &Path) -> Option<&Laid<'a>> {
        if self.laid.is_empty() {
            return None;
        }
        if let Some(i) = self.laid.get(path) {
            return Some(&self.items[*i]);
        }
        let resolved = self.inner.canonicalize(path).ok().or_else(|| {
            // A new file: its directory exists.
            let parent = self.inner.canonicalize(path.parent()?).ok()?;
            Some(parent.join(path.file_name()?))
        })?;
        self.laid.get(&resolved).map(|i| &self.items[*i])
    }

    fn bytes(&self, path: &Path) -> Option<io::Result<&[u8]>> {
        match self.laid(path)? {
            Laid::File(b) => Some(Ok(b)),
            Laid::Dir => Some(Err(io::Error::other("is a directory"))),
        }
    }
}

fn meta_of(laid: &Laid<'_>, old: Option<Meta>) -> Meta {
    match laid {
        Laid::File(b) => Meta {
            kind: FileKind::File,
            len: b.len() as u64,
            mode: old
                .as_ref()
                .map(|m| m.mode)
                .filter(|m| *m != 0)
                .unwrap_or(0o644),
            owner: old.and_then(|m| m.owner),
        },
        Laid::Dir => Meta {
            kind: FileKind::Dir,
            len: 0,
            mode: 0o755,
            owner: None,
        },
    }
}

impl Host for OverlayHost<'_> {
    fn os(&self) -> Os {
        self.inner.os()
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        let old = self.inner.symlink_metadata(path);
        match (self.laid.get(path).map(|i| &self.items[*i]), old) {
            // A symlink the plan writes through stays a symlink.
            (_, Ok(m)) if m.kind == FileKind::Symlink => Ok(m),
            (Some(l), old) => Ok(meta_of(l, old.ok())),
            (None, old) => old,
        }
    }

    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        match self.laid(path) {
            Some(l) => Ok(meta_of(l, self.inner.metadata(path).ok())),
            None => self.inner.metadata(path),
        }
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.canonicalize(path).or_else(|e| {
            let parent = self.inner.canonicalize(path.parent().ok_or(e)?)?;
            let new = parent.join(path.file_name().unwrap_or_default());
            if self.laid.contains_key(&new) {
                Ok(new)
            } else {
                Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
            }
        })
    }

    fn dir_size(&self, dir: &Path, max_entries: u64, max_time: Duration) -> io::Result<DirSize> {
        // Plans edit startup files, never a cache's tree.
        self.inner.dir_size(dir, max_entries, max_time)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let dir = self
            .canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf());
        let mut names = match self.inner.read_dir(path) {
            Ok(n) => n,
            Err(_) if matches!(self.laid(path), Some(Laid::Dir)) => Vec::new(),
            Err(e) => return Err(e),
        };
        for p in self.laid.keys() {
            if p.parent() == Some(dir.as_path()) || p.parent() == Some(path) {
                if let Some(name) = p.file_name().map(|n| n.to_string_lossy().into_owned()) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
        names.sort();
        Ok(names)
    }

    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self.bytes(path) {
            Some(b) => b.map(|b| b[..b.len().min(limit as usize)].to_vec()),
            None => self.inner.read_prefix(path, limit),
        }
    }

    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        match self.bytes(path) {
            Some(b) => b.map(|b| {
                let start = (offset as usize).min(b.len());
                let end = start.saturating_add(len as usize).min(b.len());
                b[start..end].to_vec()
            }),
            None => self.inner.read_at(path, offset, len),
        }
    }

    fn open_file(&self, path: &Path) -> io::Result<Option<crate::host::OpenFile>> {
        match self.laid(path) {
            Some(_) => Ok(None),
            None => self.inner.open_file(path),
        }
    }

    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        self.inner.env_var(name)
    }

    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        self.inner.env_vars()
    }

    fn home(&self) -> Option<PathBuf> {
        self.inner.home()
    }

    fn login_shell(&self) -> Option<PathBuf> {
        self.inner.login_shell()
    }

    fn machine(&self) -> MachineFacts {
        self.inner.machine()
    }

    fn can_run(&self) -> bool {
        false
    }

    fn real_path(&self, machine: &Path) -> Option<PathBuf> {
        self.inner.real_path(machine)
    }

    fn machine_path(&self, real: &Path) -> Option<PathBuf> {
        self.inner.machine_path(real)
    }

    fn run(
        &self,
        _program: &Path,
        _args: &[&str],
        _env: &[(&str, &str)],
        _timeout: Duration,
        _max_output: usize,
    ) -> Result<RunOutput, RunError> {
        Err(RunError::Unsupported)
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::host::scenario::ScenarioHost;

    #[test]
    fn a_changed_file_reads_new_and_a_new_one_exists() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("root/Users/dev");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join("real-zshrc"), "old\n").unwrap();
        std::os::unix::fs::symlink("real-zshrc", home.join(".zshrc")).unwrap();
        std::fs::write(
            dir.path().join("host.toml"),
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\n",
        )
        .unwrap();
        let inner = ScenarioHost::load(dir.path()).unwrap();
        let changes = vec![
            FileChange {
                path: "/Users/dev/.zshrc".into(),
                target: "/Users/dev/real-zshrc".into(),
                before: Some(b"old\n".to_vec()),
                after: Some(b"new!\n".to_vec()),
                create_dir: false,
            },
            FileChange {
                path: "/Users/dev/.zprofile".into(),
                target: "/Users/dev/.zprofile".into(),
                before: None,
                after: Some(b"p\n".to_vec()),
                create_dir: false,
            },
            FileChange {
                path: "/Users/dev/go/bin".into(),
                target: "/Users/dev/go/bin".into(),
                before: None,
                after: None,
                create_dir: true,
            },
        ];
        let o = OverlayHost::new(&inner, &changes);
        assert_eq!(o.read(Path::new("/Users/dev/.zshrc")).unwrap(), b"new!\n");
        assert_eq!(
            o.read(Path::new("/Users/dev/real-zshrc")).unwrap(),
            b"new!\n"
        );
        assert_eq!(
            o.read_at(Path::new("/Users/dev/.zshrc"), 1, 2).unwrap(),
            b"ew"
        );
        assert_eq!(o.metadata(Path::new("/Users/dev/.zshrc")).unwrap().len, 5);
        assert_eq!(
            o.symlink_metadata(Path::new("/Users/dev/.zshrc"))
                .unwrap()
                .kind,
            FileKind::Symlink
        );
        assert_eq!(o.read(Path::new("/Users/dev/.zprofile")).unwrap(), b"p\n");
        assert!(o.metadata(Path::new("/Users/dev/go/bin")).unwrap().is_dir());
        let names = o.read_dir(Path::new("/Users/dev")).unwrap();
        assert_eq!(names, [".zprofile", ".zshrc", "real-zshrc"]);
        // Nothing was written.
        assert!(!home.join(".zprofile").exists());
        assert_eq!(std::fs::read(home.join("real-zshrc")).unwrap(), b"old\n");
    }
}
