//! File-system operations both hosts perform on real files: the real machine on its own
//! paths, a scenario on the files under its `root/` and data folder.

#![allow(clippy::disallowed_methods)]

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{FileKind, Meta};

/// The error for opening `path` as a regular file when it is something else.
pub(crate) fn not_a_file(path: &Path, kind: FileKind) -> io::Error {
    let what = match kind {
        FileKind::Dir => "a directory",
        FileKind::Symlink => "a symlink",
        FileKind::Other => "a FIFO, socket or device",
        FileKind::File => "a file",
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("`{}` is {what}, not a regular file", path.display()),
    )
}

/// The engine's metadata for a `std::fs` answer.
pub(crate) fn meta_from_std(m: &fs::Metadata) -> Meta {
    let ft = m.file_type();
    let kind = if ft.is_symlink() {
        FileKind::Symlink
    } else if ft.is_dir() {
        FileKind::Dir
    } else if ft.is_file() {
        FileKind::File
    } else {
        FileKind::Other
    };
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        m.permissions().mode() & 0o7777
    };
    #[cfg(not(unix))]
    let mode = 0;
    #[cfg(unix)]
    let owner = {
        use std::os::unix::fs::MetadataExt;
        Some(m.uid())
    };
    #[cfg(not(unix))]
    let owner = None;
    Meta {
        kind,
        len: m.len(),
        mode,
        owner,
    }
}

/// Read at most `limit` bytes from `file`.
pub(crate) fn read_limited(file: fs::File, limit: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    file.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Read up to `len` bytes at `offset` of `file`.
pub(crate) fn read_at_file(mut file: fs::File, offset: u64, len: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(offset))?;
    read_limited(file, len)
}

/// Take an exclusive `flock` on the real file `lock_file` (created `0600`), retrying for up
/// to `wait`; `WouldBlock` if another process (or another open of it) keeps it.
pub(crate) fn lock_real(lock_file: &Path, wait: Duration) -> io::Result<super::ChangeLock> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(lock_file)?;
    let start = Instant::now();
    loop {
        // SAFETY: flock on a descriptor this function owns; LOCK_NB never blocks.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(super::ChangeLock::new(file));
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EWOULDBLOCK) && e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
        if start.elapsed() >= wait {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "another NativeGo is changing files",
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Remove the temporary files of earlier writes of `name` in `dir` whose process is gone
/// (a run killed between creating its temporary file and renaming it over). Only names
/// NativeGo makes (`.NAME.nativego-PID-N.tmp`) are touched, only regular files, and only
/// when no process has that PID: a live writer's file is left alone.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.nativego-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(rest) = file
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (
            pid.parse::<i32>(),
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
        ) else {
            continue;
        };
        if pid <= 0 || pid == std::process::id() as i32 || process_exists(pid) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this PID exists (signal 0 checks without sending anything;
/// `EPERM` means it exists but belongs to someone else).
fn process_exists(pid: i32) -> bool {
    // SAFETY: kill with signal 0 performs only the existence and permission checks.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Write `bytes` to the real path `path` atomically (see [`super::HostMut::write_atomic`]).
pub(crate) fn write_atomic_real(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);

    let dir = path.parent().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "a file needs a parent directory",
        )
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let owner = fs::metadata(path).ok().map(|m| (m.uid(), m.gid()));
    remove_stale_temps(dir, &name);
    // A temporary file left by a killed run may carry the name a recycled PID would
    // choose: try the next name instead of failing.
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.nativego-{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 64 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        if let Some((uid, gid)) = owner {
            // Keeping the owner only works as root or for one's own files; a failure
            // leaves the file owned by whoever runs NativeGo, which is that user.
            let _ = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
        }
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        // The rename is durable once the directory entry is on disk.
        fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
