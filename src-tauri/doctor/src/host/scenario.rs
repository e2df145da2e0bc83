//! A scenario: a fake machine stored in a directory.
//!
//! ```text
//! my-scenario/
//! ├── host.toml        # what is not a file: os, arch, home, shell, [env], [[processes]]
//! └── root/            # the machine's file system: root/Users/dev/.zshrc, root/etc/paths.d/go, …
//! ```
//!
//! Paths are machine paths (`/Users/dev/.zshrc`). Symlinks inside `root/`, absolute or
//! relative, resolve within `root/` as they would on that machine; nothing ever escapes
//! the scenario folder. A scenario cannot run programs: its login environment is the
//! static evaluation of its startup files. The format is documented in
//! `tests/scenarios/README.md`.
// Reads the scenario folder on the real disk.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::fs::{meta_from_std, not_a_file, read_at_file, read_limited};
use super::{FileKind, Host, Meta, RunError, RunOutput};
use crate::binary::Arch;
use crate::facts::{Applicable, ArchPreference, DirSize, MachineFacts, Os, ProcessInfo};

/// How many symlinks one lookup may follow before it is called a loop (as `MAXSYMLINKS`).
pub(crate) const MAX_SYMLINKS: usize = 40;

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("`{0}` is not a scenario directory: it has no `host.toml`")]
    NoHostToml(PathBuf),
    #[error("could not read `{path}`: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("`{path}` is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// `host.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostToml {
    os: String,
    arch: String,
    #[serde(default)]
    os_version: Option<String>,
    #[serde(default)]
    home: Option<String>,
    #[serde(default)]
    shell: Option<String>,
    /// NativeGo itself runs under Rosetta.
    #[serde(default)]
    translated: Option<bool>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    processes: Vec<ProcessInfo>,
    /// Apps set to "Open using Rosetta" (LaunchServices "Architectures for arm64").
    #[serde(default)]
    arch_preferences: Option<Vec<ArchPreference>>,
    /// The user's uid (default 501, the first user of a Mac).
    #[serde(default)]
    uid: Option<u32>,
    /// Owners other than the user: machine path → uid (`"/Users/dev/go" = 0`). Every
    /// other path is the user's.
    #[serde(default)]
    owners: BTreeMap<String, u32>,
    /// What a bounded walk of a directory measured on the machine (a cache too large to
    /// store): machine path → size. Other directories are walked.
    #[serde(default)]
    dir_sizes: BTreeMap<String, DirSize>,
    /// A free-text description of the machine, for people reading the scenario.
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

/// A fake machine backed by a scenario directory.
#[derive(Debug)]
pub struct ScenarioHost {
    dir: PathBuf,
    root: PathBuf,
    os: Os,
    arch: Arch,
    os_version: Option<String>,
    home: Option<PathBuf>,
    shell: Option<PathBuf>,
    translated: Option<bool>,
    env: BTreeMap<String, String>,
    processes: Vec<ProcessInfo>,
    arch_preferences: Option<Vec<ArchPreference>>,
    uid: u32,
    owners: BTreeMap<PathBuf, u32>,
    dir_sizes: BTreeMap<PathBuf, DirSize>,
}

/// The uid a scenario's user has unless `host.toml` says otherwise.
pub const SCENARIO_UID: u32 = 501;

impl ScenarioHost {
    /// Load the scenario in `dir`.
    pub fn load(dir: &Path) -> Result<ScenarioHost, ScenarioError> {
        let toml_path = dir.join("host.toml");
        let text = match fs::read_to_string(&toml_path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ScenarioError::NoHostToml(dir.to_path_buf()))
            }
            Err(source) => {
                return Err(ScenarioError::Io {
                    path: toml_path,
                    source,
                })
            }
        };
        let invalid = |message: String| ScenarioError::Invalid {
            path: toml_path.clone(),
            message,
        };
        let parsed: HostToml = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let os = match parsed.os.as_str() {
            "macos" => Os::Macos,
            "linux" => Os::Linux,
            other => {
                return Err(invalid(format!(
                    "`os` must be \"macos\" or \"linux\", not {other:?}"
                )))
            }
        };
        let arch = Arch::parse(&parsed.arch).ok_or_else(|| {
            invalid(format!(
                "`arch` must be \"arm64\" or \"x86_64\", not {:?}",
                parsed.arch
            ))
        })?;
        let absolute =
            |field: &str, value: Option<String>| -> Result<Option<PathBuf>, ScenarioError> {
                match value {
                    Some(v) if !v.starts_with('/') => Err(invalid(format!(
                        "`{field}` must be an absolute machine path, not {v:?}"
                    ))),
                    other => Ok(other.map(PathBuf::from)),
                }
            };
        let home = absolute(
            "home",
            parsed.home.or_else(|| parsed.env.get("HOME").cloned()),
        )?;
        let shell = absolute(
            "shell",
            parsed.shell.or_else(|| parsed.env.get("SHELL").cloned()),
        )?;
        let root = dir.join("root");
        if !root.is_dir() {
            return Err(invalid(format!(
                "the scenario has no `root/` directory next to it ({})",
                root.display()
            )));
        }
        let mut env = parsed.env;
        if let Some(home) = &home {
            env.entry("HOME".into())
                .or_insert_with(|| home.display().to_string());
        }
        Ok(ScenarioHost {
            dir: dir.to_path_buf(),
            root,
            os,
            arch,
            os_version: parsed.os_version,
            home,
            shell,
            translated: parsed.translated,
            env,
            processes: parsed.processes,
            arch_preferences: parsed.arch_preferences,
            uid: parsed.uid.unwrap_or(SCENARIO_UID),
            owners: parsed
                .owners
                .into_iter()
                .map(|(k, v)| (PathBuf::from(k), v))
                .collect(),
            dir_sizes: parsed
                .dir_sizes
                .into_iter()
                .map(|(k, v)| (PathBuf::from(k), v))
                .collect(),
        })
    }

    /// The scenario directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The real path of a machine path that has no symlinks left in it.
    fn real(&self, machine: &Path) -> PathBuf {
        let mut real = self.root.clone();
        for c in machine.components() {
            if let Component::Normal(name) = c {
                real.push(name);
            }
        }
        real
    }

    /// Resolve `path` inside the scenario: every symlink in a directory component is
    /// followed, and the last one too when `follow_last`. Returns a machine path.
    fn resolve(&self, path: &Path, follow_last: bool) -> io::Result<PathBuf> {
        if !path.is_absolute() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not an absolute path", path.display()),
            ));
        }
        // Components still to walk, in reverse so `pop` yields the next one.
        let mut todo: Vec<std::ffi::OsString> = path
            .components()
            .rev()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_os_string()),
                Component::ParentDir => Some("..".into()),
                _ => None,
            })
            .collect();
        let mut done = PathBuf::from("/");
        let mut links = 0usize;
        while let Some(name) = todo.pop() {
            if name == ".." {
                done.pop();
                continue;
            }
            let candidate = done.join(&name);
            let is_last = todo.is_empty();
            let real = self.real(&candidate);
            let meta = match fs::symlink_metadata(&real) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound && is_last => {
                    // A missing last component is the caller's to report.
                    done = candidate;
                    continue;
                }
                Err(e) => return Err(e),
            };
            if meta.file_type().is_symlink() && (!is_last || follow_last) {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(io::Error::other(format!(
                        "too many levels of symbolic links at `{}` (a symlink loop?)",
                        candidate.display()
                    )));
                }
                let target = fs::read_link(&real)?;
                if target.is_absolute() {
                    done = PathBuf::from("/");
                }
                for c in target.components().rev() {
                    match c {
                        Component::Normal(n) => todo.push(n.to_os_string()),
                        Component::ParentDir => todo.push("..".into()),
                        _ => {}
                    }
                }
            } else {
                done = candidate;
            }
        }
        Ok(done)
    }

    /// Like [`Self::resolve`], for a path that may not exist yet: its deepest existing
    /// ancestor is resolved and the rest appended.
    fn resolve_for_create(&self, path: &Path) -> io::Result<PathBuf> {
        match self.resolve(path, true) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                    return Err(e);
                };
                Ok(self.resolve_for_create(parent)?.join(name))
            }
            other => other,
        }
    }

    fn meta_of(&self, machine: &Path) -> io::Result<Meta> {
        let m = fs::symlink_metadata(self.real(machine))?;
        let mut meta = meta_from_std(&m);
        // The files belong to whoever runs the tests: the scenario says who owns them.
        meta.owner = Some(self.owners.get(machine).copied().unwrap_or(self.uid));
        Ok(meta)
    }

    fn open_regular(&self, path: &Path) -> io::Result<fs::File> {
        let resolved = self.resolve(path, true)?;
        let meta = self.meta_of(&resolved)?;
        if meta.kind != FileKind::File {
            return Err(not_a_file(path, meta.kind));
        }
        fs::File::open(self.real(&resolved))
    }
}

impl Host for ScenarioHost {
    fn os(&self) -> Os {
        self.os
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        let resolved = self.resolve(path, false)?;
        self.meta_of(&resolved)
    }

    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        let resolved = self.resolve(path, true)?;
        self.meta_of(&resolved)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        let resolved = self.resolve(path, false)?;
        fs::read_link(self.real(&resolved))
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let resolved = self.resolve(path, true)?;
        // Like realpath(3), fail when the result does not exist.
        self.meta_of(&resolved)?;
        Ok(resolved)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let resolved = self.resolve(path, true)?;
        let mut names: Vec<String> = fs::read_dir(self.real(&resolved))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn dir_size(&self, dir: &Path, max_entries: u64, max_time: Duration) -> io::Result<DirSize> {
        let resolved = self.resolve(dir, true)?;
        match self.dir_sizes.get(&resolved) {
            Some(size) => {
                self.meta_of(&resolved)?;
                Ok(*size)
            }
            None => super::walk_size(self, dir, max_entries, max_time),
        }
    }

    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        read_limited(self.open_regular(path)?, limit)
    }

    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        read_at_file(self.open_regular(path)?, offset, len)
    }

    fn open_file(&self, path: &Path) -> io::Result<Option<super::OpenFile>> {
        super::OpenFile::new(self.open_regular(path)?).map(Some)
    }

    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        self.env.get(name).map(|v| v.clone().into_bytes())
    }

    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        self.env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
            .collect()
    }

    fn home(&self) -> Option<PathBuf> {
        self.home.clone()
    }

    fn login_shell(&self) -> Option<PathBuf> {
        self.shell.clone()
    }

    fn machine(&self) -> MachineFacts {
        let on_mac = |v: Applicable<bool>| {
            if self.os == Os::Macos {
                v
            } else {
                Applicable::NotApplicable
            }
        };
        MachineFacts {
            os: self.os,
            os_version: self.os_version.clone(),
            hw_arch: self.arch,
            translated: on_mac(match self.translated {
                Some(t) => Applicable::Known(t),
                None => Applicable::Known(false),
            }),
            rosetta_installed: on_mac(Applicable::Unknown),
            developer_tools: Applicable::Unknown,
            homebrew: Vec::new(),
            processes: self.processes.clone(),
            arch_preferences: if self.os == Os::Macos {
                Applicable::Known(self.arch_preferences.clone().unwrap_or_default())
            } else {
                Applicable::NotApplicable
            },
            uid: Some(self.uid),
        }
    }

    fn can_run(&self) -> bool {
        false
    }

    fn real_path(&self, machine: &Path) -> Option<PathBuf> {
        self.resolve_for_create(machine)
            .ok()
            .map(|resolved| self.real(&resolved))
    }

    fn machine_path(&self, real: &Path) -> Option<PathBuf> {
        // The root itself may be reached through a symlink (a temp dir on macOS).
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let rel = real
            .strip_prefix(&self.root)
            .or_else(|_| real.strip_prefix(&root))
            .ok()?;
        Some(Path::new("/").join(rel))
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

impl super::HostMut for ScenarioHost {
    fn lock_changes(&self, wait: Duration) -> io::Result<super::ChangeLock> {
        let data = self
            .data_dir()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no home folder"))?;
        self.create_dir_all(&data, 0o700)?;
        let data = self.resolve_for_create(&data)?;
        super::fs::lock_real(&self.real(&data.join("lock")), wait)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
        // The parent directories resolve inside the scenario; the file itself is replaced.
        let parent = path.parent().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a file needs a parent directory",
            )
        })?;
        let parent = self.resolve_for_create(parent)?;
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a file needs a name"))?;
        super::fs::write_atomic_real(&self.real(&parent.join(name)), bytes, mode)
    }

    fn create_dir_all(&self, path: &Path, mode: u32) -> io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        let resolved = self.resolve_for_create(path)?;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(mode)
            .create(self.real(&resolved))
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let resolved = self.resolve(path, false)?;
        fs::remove_file(self.real(&resolved))
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        let resolved = self.resolve(path, true)?;
        fs::remove_dir(self.real(&resolved))
    }

    fn now_unix(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> (tempfile::TempDir, ScenarioHost) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        fs::create_dir_all(root.join("opt/homebrew/Cellar/go/1.27.3/libexec/bin")).unwrap();
        fs::create_dir_all(root.join("opt/homebrew/bin")).unwrap();
        fs::create_dir_all(root.join("Users/dev")).unwrap();
        fs::write(
            root.join("opt/homebrew/Cellar/go/1.27.3/libexec/bin/go"),
            b"binary",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            "../Cellar/go/1.27.3/libexec/bin/go",
            root.join("opt/homebrew/bin/go"),
        )
        .unwrap();
        std::os::unix::fs::symlink("/opt/homebrew/bin/go", root.join("Users/dev/go-abs")).unwrap();
        std::os::unix::fs::symlink("loop-b", root.join("Users/dev/loop-a")).unwrap();
        std::os::unix::fs::symlink("loop-a", root.join("Users/dev/loop-b")).unwrap();
        std::os::unix::fs::symlink("/../../../etc/passwd", root.join("Users/dev/escape")).unwrap();
        fs::write(
            dir.path().join("host.toml"),
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\n",
        )
        .unwrap();
        let host = ScenarioHost::load(dir.path()).unwrap();
        (dir, host)
    }

    #[test]
    fn relative_and_absolute_symlinks_resolve_inside_root() {
        let (_dir, host) = scenario();
        assert_eq!(
            host.canonicalize(Path::new("/opt/homebrew/bin/go"))
                .unwrap(),
            PathBuf::from("/opt/homebrew/Cellar/go/1.27.3/libexec/bin/go")
        );
        assert_eq!(
            host.canonicalize(Path::new("/Users/dev/go-abs")).unwrap(),
            PathBuf::from("/opt/homebrew/Cellar/go/1.27.3/libexec/bin/go")
        );
        assert_eq!(
            host.read(Path::new("/Users/dev/go-abs")).unwrap(),
            b"binary"
        );
        assert_eq!(
            host.symlink_metadata(Path::new("/opt/homebrew/bin/go"))
                .unwrap()
                .kind,
            FileKind::Symlink
        );
    }

    #[test]
    fn symlink_loops_are_errors_not_hangs() {
        let (_dir, host) = scenario();
        let err = host.metadata(Path::new("/Users/dev/loop-a")).unwrap_err();
        assert!(err.to_string().contains("too many levels"), "{err}");
    }

    #[test]
    fn dotdot_never_escapes_the_root() {
        let (_dir, host) = scenario();
        // `/../../../etc/passwd` inside the scenario is `/etc/passwd` of the scenario, which
        // does not exist: the real machine's file must never be read.
        assert!(host.read(Path::new("/Users/dev/escape")).is_err());
        assert!(host.read(Path::new("/../../../../etc/hostname")).is_err());
    }

    #[test]
    fn bad_host_toml_gives_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("root")).unwrap();
        fs::write(
            dir.path().join("host.toml"),
            "os = \"windows\"\narch = \"arm64\"\n",
        )
        .unwrap();
        let err = ScenarioHost::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("`os` must be"), "{err}");
        let err = ScenarioHost::load(&dir.path().join("nope"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no `host.toml`"), "{err}");
    }

    #[test]
    fn owners_and_dir_sizes_come_from_host_toml_and_the_walk_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("root/Users/dev/Library/Caches/go-build");
        fs::create_dir_all(cache.join("00")).unwrap();
        fs::write(cache.join("00/a-d"), b"abc").unwrap();
        fs::write(cache.join("00/b-d"), b"abcd").unwrap();
        fs::write(cache.join("README"), b"x").unwrap();
        fs::write(
            dir.path().join("host.toml"),
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\n\
             [owners]\n\"/Users/dev/Library/Caches/go-build\" = 0\n\
             [dir_sizes]\n\"/Users/dev/Library/Caches/go-build/00\" = \
             { bytes = 12000000000, entries = 9, complete = false }\n",
        )
        .unwrap();
        let host = ScenarioHost::load(dir.path()).unwrap();
        let path = Path::new("/Users/dev/Library/Caches/go-build");
        assert_eq!(host.metadata(path).unwrap().owner, Some(0));
        assert_eq!(
            host.metadata(&path.join("00")).unwrap().owner,
            Some(SCENARIO_UID)
        );
        assert_eq!(host.machine().uid, Some(SCENARIO_UID));
        let size = host.dir_size(path, 100, Duration::from_secs(5)).unwrap();
        assert_eq!(
            size,
            DirSize {
                bytes: 3 + 4 + 1,
                entries: 4,
                complete: true
            }
        );
        assert_eq!(
            host.dir_size(&path.join("00"), 100, Duration::from_secs(5))
                .unwrap(),
            DirSize {
                bytes: 12_000_000_000,
                entries: 9,
                complete: false
            }
        );
        let cut = host.dir_size(path, 2, Duration::from_secs(5)).unwrap();
        assert_eq!((cut.entries, cut.complete), (2, false));
        assert!(host
            .dir_size(Path::new("/Users/dev/none"), 100, Duration::from_secs(5))
            .is_err());
    }
}
