//! A minimal in-memory [`Host`] for the shell evaluator's tests: a map of machine paths
//! to files, directories and symlinks.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::binary::Arch;
use crate::facts::{Applicable, MachineFacts, Os};
use crate::host::{FileKind, Host, Meta, RunError, RunOutput};

#[derive(Clone, Debug)]
enum Obj {
    File(Vec<u8>, u32),
    Dir,
    Link(PathBuf),
}

/// An in-memory machine.
#[derive(Clone, Debug)]
pub struct MemHost {
    os: Os,
    objs: BTreeMap<PathBuf, Obj>,
}

fn not_found(p: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{}: not found", p.display()),
    )
}

impl MemHost {
    pub fn new(os: Os) -> MemHost {
        let mut objs = BTreeMap::new();
        objs.insert(PathBuf::from("/"), Obj::Dir);
        MemHost { os, objs }
    }

    fn add_parents(&mut self, p: &Path) {
        let mut cur = p.parent();
        while let Some(d) = cur {
            self.objs.entry(d.to_path_buf()).or_insert(Obj::Dir);
            cur = d.parent();
        }
    }

    /// A regular file (mode 0644).
    pub fn file(mut self, p: &str, content: &str) -> Self {
        self.add_parents(Path::new(p));
        self.objs.insert(
            PathBuf::from(p),
            Obj::File(content.as_bytes().to_vec(), 0o644),
        );
        self
    }

    pub fn bytes(mut self, p: &str, content: Vec<u8>) -> Self {
        self.add_parents(Path::new(p));
        self.objs
            .insert(PathBuf::from(p), Obj::File(content, 0o644));
        self
    }

    /// An executable file (mode 0755).
    pub fn exe(mut self, p: &str) -> Self {
        self.add_parents(Path::new(p));
        self.objs
            .insert(PathBuf::from(p), Obj::File(b"#!/bin/sh\n".to_vec(), 0o755));
        self
    }

    pub fn dir(mut self, p: &str) -> Self {
        self.add_parents(Path::new(p));
        self.objs.insert(PathBuf::from(p), Obj::Dir);
        self
    }

    pub fn link(mut self, p: &str, target: &str) -> Self {
        self.add_parents(Path::new(p));
        self.objs
            .insert(PathBuf::from(p), Obj::Link(PathBuf::from(target)));
        self
    }

    fn normalize(p: &Path) -> PathBuf {
        let mut out = PathBuf::from("/");
        for c in p.components() {
            match c {
                Component::Normal(x) => out.push(x),
                Component::ParentDir => {
                    out.pop();
                }
                _ => {}
            }
        }
        out
    }

    /// Follow symlinks (in every component).
    fn resolve(&self, p: &Path) -> io::Result<PathBuf> {
        let mut cur = Self::normalize(p);
        for _ in 0..40 {
            let mut changed = false;
            let mut acc = PathBuf::from("/");
            let comps: Vec<_> = cur.components().collect();
            for (k, c) in comps.iter().enumerate() {
                acc.push(c.as_os_str());
                if let Some(Obj::Link(t)) = self.objs.get(&acc) {
                    let base = acc.parent().unwrap_or(Path::new("/")).to_path_buf();
                    let mut next = if t.is_absolute() {
                        t.clone()
                    } else {
                        base.join(t)
                    };
                    for rest in &comps[k + 1..] {
                        next.push(rest.as_os_str());
                    }
                    cur = Self::normalize(&next);
                    changed = true;
                    break;
                }
            }
            if !changed {
                return Ok(cur);
            }
        }
        Err(io::Error::other("too many levels of symbolic links"))
    }

    fn meta_of(&self, p: &Path) -> io::Result<Meta> {
        match self.objs.get(p) {
            Some(Obj::File(b, m)) => Ok(Meta {
                kind: FileKind::File,
                len: b.len() as u64,
                mode: *m,
                owner: None,
            }),
            Some(Obj::Dir) => Ok(Meta {
                kind: FileKind::Dir,
                len: 0,
                mode: 0o755,
                owner: None,
            }),
            Some(Obj::Link(_)) => Ok(Meta {
                kind: FileKind::Symlink,
                len: 0,
                mode: 0o777,
                owner: None,
            }),
            None => Err(not_found(p)),
        }
    }
}

impl Host for MemHost {
    fn os(&self) -> Os {
        self.os
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        let p = Self::normalize(path);
        let parent = p.parent().map(|d| self.resolve(d)).transpose()?;
        let full = match (parent, p.file_name()) {
            (Some(d), Some(n)) => d.join(n),
            _ => p,
        };
        self.meta_of(&full)
    }

    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        self.meta_of(&self.resolve(path)?)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        match self.objs.get(&Self::normalize(path)) {
            Some(Obj::Link(t)) => Ok(t.clone()),
            Some(_) => Err(io::Error::new(io::ErrorKind::InvalidInput, "not a symlink")),
            None => Err(not_found(path)),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let r = self.resolve(path)?;
        self.meta_of(&r)?;
        Ok(r)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let d = self.resolve(path)?;
        if !matches!(self.objs.get(&d), Some(Obj::Dir)) {
            return Err(not_found(path));
        }
        let mut names: Vec<String> = self
            .objs
            .keys()
            .filter(|k| k.parent() == Some(d.as_path()) && **k != d)
            .filter_map(|k| k.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        Ok(names)
    }

    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self.objs.get(&self.resolve(path)?) {
            Some(Obj::File(b, _)) => Ok(b[..b.len().min(limit as usize)].to_vec()),
            Some(Obj::Dir) => Err(io::Error::other("is a directory")),
            _ => Err(not_found(path)),
        }
    }

    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let b = self.read_prefix(path, u64::MAX)?;
        let s = (offset as usize).min(b.len());
        let e = (s + len as usize).min(b.len());
        Ok(b[s..e].to_vec())
    }

    fn env_var(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }

    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }

    fn home(&self) -> Option<PathBuf> {
        Some(PathBuf::from("/Users/dev"))
    }

    fn login_shell(&self) -> Option<PathBuf> {
        Some(PathBuf::from("/bin/zsh"))
    }

    fn machine(&self) -> MachineFacts {
        MachineFacts {
            os: self.os,
            os_version: None,
            hw_arch: Arch::Arm64,
            translated: Applicable::Unknown,
            rosetta_installed: Applicable::Unknown,
            developer_tools: Applicable::Unknown,
            homebrew: Vec::new(),
            processes: Vec::new(),
            arch_preferences: Applicable::Unknown,
            uid: None,
        }
    }

    fn can_run(&self) -> bool {
        false
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
