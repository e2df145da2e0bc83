//! The macOS-only calls behind [`crate::host::real::RealHost::machine`].
//!
//! Each function answers one question and turns every failure into "unknown"
//! (`None` / `Err`), never a panic: the probe then reports the fact as unknown.
//! Only compiled for macOS; on Linux it is type-checked and linted with
//! `cargo clippy --target aarch64-apple-darwin` (scripts/test.sh).
// The real machine: this file asks the OS directly.
#![allow(clippy::disallowed_methods)]

use std::io::Read;
use std::path::{Path, PathBuf};

use super::kinfo;
use super::launch_services;
use super::processes::{self, RawProcess};
use crate::facts::{ArchPreference, ProcessInfo};

/// Whether process `pid` runs under Rosetta: `P_TRANSLATED` in the `kinfo_proc` that
/// `sysctl({CTL_KERN, KERN_PROC, KERN_PROC_PID, pid})` returns (docs/macos-facts.md,
/// "Rosetta for other processes"). `None` when the process is gone or the kernel refuses.
pub fn translated(pid: u32) -> Option<bool> {
    let pid = libc::c_int::try_from(pid).ok()?;
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PID, pid];
    // First call with no buffer: the kernel says how many bytes it has (the table can
    // change between calls).
    let mut size: libc::size_t = 0;
    // SAFETY: `mib` holds 4 ints; a null old pointer asks only for the size, written to
    // `size`, which we own.
    let rc = unsafe {
        libc::sysctl(
            mib.as_mut_ptr(),
            4,
            std::ptr::null_mut(),
            &mut size,
            std::ptr::null_mut(),
            0,
        )
    };
    // A vanished pid gives size 0; anything huge is not a kinfo_proc.
    if rc != 0 || !(kinfo::KINFO_PROC_SIZE..=64 * 1024).contains(&size) {
        return None;
    }
    let mut buf = vec![0u8; size];
    // SAFETY: `buf` is valid for `size` bytes of writes; the kernel writes at most
    // `size` bytes and stores the count it wrote back into `size`.
    let rc = unsafe {
        libc::sysctl(
            mib.as_mut_ptr(),
            4,
            buf.as_mut_ptr().cast(),
            &mut size,
            std::ptr::null_mut(),
            0,
        )
    };
    if rc != 0 {
        return None;
    }
    buf.truncate(size);
    // The record must be the one asked for: a reused or vanished pid gives nothing.
    let record = kinfo::parse_record(&buf)?;
    (i64::from(record.pid) == i64::from(pid)).then_some(record.translated)
}

/// Every process, from `sysctl({CTL_KERN, KERN_PROC, KERN_PROC_ALL})`: one
/// `kinfo_proc` per process (pid, parent, `p_comm`, `P_TRANSLATED`), parsed by
/// [`kinfo::parse_records`]. The pattern is Apple's (Technical Q&A QA1123): ask for the
/// size, allocate with headroom, and retry while the table grows (`ENOMEM`).
fn process_table() -> Option<Vec<kinfo::KinfoRecord>> {
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_ALL, 0];
    for _ in 0..4 {
        let mut size: libc::size_t = 0;
        // SAFETY: the first 3 ints of `mib` name the table; a null old pointer asks only
        // for its size, written to `size`.
        let rc = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                3,
                std::ptr::null_mut(),
                &mut size,
                std::ptr::null_mut(),
                0,
            )
        };
        if rc != 0 || size == 0 || size > 64 * 1024 * 1024 {
            return None;
        }
        size += size / 4;
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` is valid for `size` bytes of writes; the kernel stores the count
        // it wrote back into `size`.
        let rc = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                3,
                buf.as_mut_ptr().cast(),
                &mut size,
                std::ptr::null_mut(),
                0,
            )
        };
        if rc == 0 {
            buf.truncate(size);
            return Some(kinfo::parse_records(&buf));
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOMEM) {
            return None;
        }
    }
    None
}

/// The executable of `pid` (`proc_pidpath`, libproc), `None` when the process is gone
/// or belongs to someone the kernel does not let us inspect.
fn executable(pid: u32) -> Option<PathBuf> {
    let pid = libc::c_int::try_from(pid).ok()?;
    let mut buf = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    // SAFETY: `buf` is valid for the number of bytes passed; proc_pidpath writes at most
    // that many and returns how many it wrote (0 or less on failure).
    let n = unsafe { libc::proc_pidpath(pid, buf.as_mut_ptr().cast(), buf.len() as u32) };
    let n = usize::try_from(n)
        .ok()
        .filter(|&n| n > 0 && n <= buf.len())?;
    buf.truncate(n);
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(buf)))
}

/// The running terminal apps and the shells below them, each with `translated`.
///
/// Read with `sysctl` and `proc_pidpath` from libSystem rather than a process-list
/// crate: `sysinfo` links the IOKit and CoreFoundation frameworks, which the Linux
/// build machines cannot link (cargo-zigbuild has no macOS SDK), and the `kinfo_proc`
/// records already carry everything needed.
pub fn terminal_processes() -> Vec<ProcessInfo> {
    let Some(records) = process_table() else {
        return Vec::new();
    };
    let table: Vec<RawProcess> = records
        .into_iter()
        .map(|r| RawProcess {
            exe: executable(r.pid),
            pid: r.pid,
            ppid: r.ppid,
            name: r.comm,
            translated: Some(r.translated),
        })
        .collect();
    let mut selected = processes::select(&table);
    // Ask the kernel again about the few processes kept, in case one was
    // re-launched since the table was read; keep the table's answer if it is gone.
    for p in &mut selected {
        p.translated = translated(p.pid).or(p.translated);
    }
    selected
}

/// The largest preferences file read (it holds a few dozen entries; anything far larger
/// is not the preferences file docs/macos-facts.md describes).
const MAX_PREFERENCES: u64 = 8 * 1024 * 1024;

/// The terminal apps set to "Open using Rosetta" (or explicitly to arm64), from
/// `~/Library/Preferences/com.apple.LaunchServices/com.apple.LaunchServices.plist`.
/// A missing file means no preference was ever set: `Ok(empty)`.
pub fn terminal_arch_preferences(home: &Path) -> Result<Vec<ArchPreference>, String> {
    let path: PathBuf = home.join(launch_services::PREFERENCES_FILE);
    // Check the kind first: opening a FIFO for reading would block.
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(format!("{} is not a regular file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    }
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_PREFERENCES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    launch_services::arch_preferences(&bytes).map(processes::terminal_preferences)
}

/// On a real Mac only (`.github/workflows/macos.yml` runs them): the kernel's answers
/// for a native and a translated process, and the readers on the machine's own files.
#[cfg(test)]
mod on_a_mac {
    use super::*;

    /// A process started by `command`, killed when dropped.
    struct Running(std::process::Child);

    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn start(program: &str, args: &[&str]) -> Running {
        let child = std::process::Command::new(program)
            .args(args)
            .spawn()
            .expect("starts");
        // `arch` execs the program in the same process: give it a moment to do so.
        std::thread::sleep(std::time::Duration::from_millis(300));
        Running(child)
    }

    #[test]
    fn a_native_process_is_not_translated() {
        let p = start("/bin/sleep", &["20"]);
        assert_eq!(translated(p.0.id()), Some(false));
    }

    /// Needs Rosetta (`softwareupdate --install-rosetta --agree-to-license`).
    #[test]
    fn a_process_started_under_rosetta_is_translated() {
        let p = start("/usr/bin/arch", &["-x86_64", "/bin/sleep", "20"]);
        assert_eq!(translated(p.0.id()), Some(true));
        // The process table says the same as the per-process query.
        let table = process_table().expect("the kernel lists processes");
        let row = table.iter().find(|r| r.pid == p.0.id()).expect("listed");
        assert!(row.translated);
    }

    #[test]
    fn a_gone_process_is_unknown() {
        let mut child = std::process::Command::new("/usr/bin/true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert_eq!(translated(pid), None);
    }

    #[test]
    fn this_macs_system_version_and_launch_services_preferences_read() {
        let plist = std::fs::read("/System/Library/CoreServices/SystemVersion.plist").unwrap();
        let version = super::super::system_version::product_version(&plist).expect("a version");
        assert!(
            version.split('.').next().unwrap().parse::<u32>().unwrap() >= 11,
            "{version}"
        );
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap();
        // Whatever the runner's preferences hold, they read (a missing file is empty).
        terminal_arch_preferences(&home).expect("readable preferences");
    }
}
