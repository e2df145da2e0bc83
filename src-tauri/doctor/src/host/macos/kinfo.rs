//! `struct kinfo_proc` on 64-bit Darwin: what `sysctl({CTL_KERN, KERN_PROC, …})` returns.
//!
//! The `libc` crate does not define `kinfo_proc`, `extern_proc`, `eproc` or `P_TRANSLATED`
//! for Apple targets (docs/macos-facts.md, "Building for macOS from Linux"),
//! so they are declared here from xnu's headers:
//! - `extern_proc` and `P_TRANSLATED` (0x00020000, "kept in extern_proc.p_flag"):
//!   xnu `bsd/sys/proc.h`;
//! - `eproc`, `_pcred`, `_ucred`, `vmspace` and `kinfo_proc`: xnu `bsd/sys/sysctl.h`.
//!
//! The structs exist for the compile-time size checks and as documentation of the layout;
//! the code that reads a buffer works on raw bytes ([`is_translated`], [`parse_record`])
//! so it is the same on every OS and is unit-tested on Linux with sample buffers. Every
//! offset used there is checked against the structs with `offset_of!` below, on every
//! 64-bit target (the layout only depends on LP64 and natural alignment, so a Linux
//! x86_64 build computes the same offsets as an arm64 Mac).
//!
//! Not verified on a Mac: `sizeof(kinfo_proc)` = 648 comes from a secondary source
//! (docs/macos-facts.md, "Rosetta for other processes"); the hand-declared structs reproduce it, and at run
//! time the size the kernel reports is checked before any record is read.

use std::mem::{offset_of, size_of};

/// `P_TRANSLATED`: the process runs under Rosetta (xnu `bsd/sys/proc.h`).
pub const P_TRANSLATED: i32 = 0x0002_0000;

/// `MAXCOMLEN` (xnu `bsd/sys/param.h`): `p_comm` holds `MAXCOMLEN + 1` bytes.
pub const MAXCOMLEN: usize = 16;

/// Byte offset of `kp_proc.p_flag` in a `kinfo_proc` (after the 16-byte `p_un`
/// union and the `p_vmspace` and `p_sigacts` pointers).
pub const P_FLAG_OFFSET: usize = 32;
/// Byte offset of `kp_proc.p_pid`.
pub const P_PID_OFFSET: usize = offset_of!(ExternProc, p_pid);
/// Byte offset of `kp_proc.p_comm` (the first `MAXCOMLEN` bytes of the executable name).
pub const P_COMM_OFFSET: usize = offset_of!(ExternProc, p_comm);
/// Byte offset of `kp_eproc.e_ppid`.
pub const E_PPID_OFFSET: usize = size_of::<ExternProc>() + offset_of!(Eproc, e_ppid);
/// `sizeof(struct kinfo_proc)` on 64-bit Darwin.
pub const KINFO_PROC_SIZE: usize = 648;

/// `struct timeval` on Darwin: `long tv_sec; __darwin_suseconds_t tv_usec` (an `int`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Timeval {
    pub tv_sec: i64,
    pub tv_usec: i32,
}

/// `struct itimerval`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Itimerval {
    pub it_interval: Timeval,
    pub it_value: Timeval,
}

/// The `p_un` union at the start of `extern_proc`: two pointers or a start time.
#[repr(C)]
#[derive(Clone, Copy)]
pub union PUn {
    pub p_st1: [usize; 2],
    pub p_starttime: Timeval,
}

/// `struct extern_proc` (xnu `bsd/sys/proc.h`). Pointers to kernel structures are
/// opaque addresses here.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ExternProc {
    pub p_un: PUn,
    pub p_vmspace: usize,
    pub p_sigacts: usize,
    pub p_flag: i32,
    pub p_stat: i8,
    pub p_pid: i32,
    pub p_oppid: i32,
    pub p_dupfd: i32,
    pub user_stack: usize,
    pub exit_thread: usize,
    pub p_debugger: i32,
    /// `boolean_t`: `int` on arm64, `unsigned int` on x86_64; 4 bytes either way.
    pub sigwait: i32,
    pub p_estcpu: u32,
    pub p_cpticks: i32,
    pub p_pctcpu: u32,
    pub p_wchan: usize,
    pub p_wmesg: usize,
    pub p_swtime: u32,
    pub p_slptime: u32,
    pub p_realtimer: Itimerval,
    pub p_rtime: Timeval,
    pub p_uticks: u64,
    pub p_sticks: u64,
    pub p_iticks: u64,
    pub p_traceflag: i32,
    pub p_tracep: usize,
    pub p_siglist: i32,
    pub p_textvp: usize,
    pub p_holdcnt: i32,
    pub p_sigmask: u32,
    pub p_sigignore: u32,
    pub p_sigcatch: u32,
    pub p_priority: u8,
    pub p_usrpri: u8,
    pub p_nice: i8,
    pub p_comm: [u8; MAXCOMLEN + 1],
    pub p_pgrp: usize,
    pub p_addr: usize,
    pub p_xstat: u16,
    pub p_acflag: u16,
    pub p_ru: usize,
}

/// `struct _pcred` (xnu `bsd/sys/sysctl.h`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pcred {
    pub pc_lock: [u8; 72],
    pub pc_ucred: usize,
    pub p_ruid: u32,
    pub p_svuid: u32,
    pub p_rgid: u32,
    pub p_svgid: u32,
    pub p_refcnt: i32,
}

/// `struct _ucred` (`NGROUPS` = 16).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Ucred {
    pub cr_ref: i32,
    pub cr_uid: u32,
    pub cr_ngroups: i16,
    pub cr_groups: [u32; 16],
}

/// The placeholder `struct vmspace` of `sysctl.h`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Vmspace {
    pub dummy: i32,
    pub dummy2: usize,
    pub dummy3: [i32; 5],
    pub dummy4: [usize; 3],
}

/// `struct eproc` (xnu `bsd/sys/sysctl.h`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Eproc {
    pub e_paddr: usize,
    pub e_sess: usize,
    pub e_pcred: Pcred,
    pub e_ucred: Ucred,
    pub e_vm: Vmspace,
    pub e_ppid: i32,
    pub e_pgid: i32,
    pub e_jobc: i16,
    /// `dev_t` is an `int32_t` on Darwin.
    pub e_tdev: i32,
    pub e_tpgid: i32,
    pub e_tsess: usize,
    pub e_wmesg: [u8; 8],
    pub e_xsize: i32,
    pub e_xrssize: i16,
    pub e_xccount: i16,
    pub e_xswrss: i16,
    pub e_flag: i32,
    pub e_login: [u8; 12],
    pub e_spare: [i32; 4],
}

/// `struct kinfo_proc` (xnu `bsd/sys/sysctl.h`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct KinfoProc {
    pub kp_proc: ExternProc,
    pub kp_eproc: Eproc,
}

// The sizes the Mac headers give (docs/macos-facts.md, "Building for macOS from Linux"). They must hold
// on the Mac; they also hold on any LP64 target with natural alignment, which lets the
// Linux build catch a mistake before a Mac ever runs it.
#[cfg(all(target_os = "macos", target_pointer_width = "64"))]
const _: () = {
    assert!(size_of::<ExternProc>() == 296);
    assert!(size_of::<Eproc>() == 352);
    assert!(size_of::<KinfoProc>() == KINFO_PROC_SIZE);
};

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(size_of::<KinfoProc>() == KINFO_PROC_SIZE);
    assert!(offset_of!(ExternProc, p_flag) == P_FLAG_OFFSET);
    assert!(offset_of!(KinfoProc, kp_eproc) == size_of::<ExternProc>());
    assert!(P_PID_OFFSET == 40);
    assert!(P_COMM_OFFSET == 243);
    assert!(E_PPID_OFFSET == 560);
};

/// Reads a native-endian (little-endian on every 64-bit Mac) `i32` at `offset`.
fn i32_at(buf: &[u8], offset: usize) -> Option<i32> {
    let bytes = buf.get(offset..offset.checked_add(4)?)?;
    Some(i32::from_le_bytes(bytes.try_into().ok()?))
}

/// Whether the `kinfo_proc` in `buf` has `P_TRANSLATED` set in `kp_proc.p_flag`.
/// `None` when the buffer is too short to hold `p_flag`.
pub fn is_translated(buf: &[u8]) -> Option<bool> {
    i32_at(buf, P_FLAG_OFFSET).map(|flag| flag & P_TRANSLATED != 0)
}

/// The fields NativeGo reads from one `kinfo_proc` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KinfoRecord {
    pub pid: u32,
    pub ppid: u32,
    /// `p_comm`: the executable's name, cut at `MAXCOMLEN` (16) bytes.
    pub comm: String,
    pub translated: bool,
}

/// Reads one whole `kinfo_proc` record; `None` when `buf` is shorter than
/// [`KINFO_PROC_SIZE`] or the pid is negative.
pub fn parse_record(buf: &[u8]) -> Option<KinfoRecord> {
    if buf.len() < KINFO_PROC_SIZE {
        return None;
    }
    let pid = u32::try_from(i32_at(buf, P_PID_OFFSET)?).ok()?;
    let ppid = u32::try_from(i32_at(buf, E_PPID_OFFSET)?).unwrap_or(0);
    let comm = &buf[P_COMM_OFFSET..P_COMM_OFFSET + MAXCOMLEN + 1];
    let end = comm.iter().position(|&b| b == 0).unwrap_or(MAXCOMLEN);
    Some(KinfoRecord {
        pid,
        ppid,
        comm: String::from_utf8_lossy(&comm[..end]).into_owned(),
        translated: is_translated(buf)?,
    })
}

/// Splits the array `sysctl({CTL_KERN, KERN_PROC, KERN_PROC_ALL, 0})` returns into
/// records. A trailing partial record is ignored.
pub fn parse_records(buf: &[u8]) -> Vec<KinfoRecord> {
    buf.chunks_exact(KINFO_PROC_SIZE)
        .filter_map(parse_record)
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 648-byte `kinfo_proc` as the kernel would fill it.
    pub(crate) fn sample(pid: i32, ppid: i32, comm: &str, p_flag: i32) -> Vec<u8> {
        let mut buf = vec![0u8; KINFO_PROC_SIZE];
        buf[P_FLAG_OFFSET..P_FLAG_OFFSET + 4].copy_from_slice(&p_flag.to_le_bytes());
        buf[P_PID_OFFSET..P_PID_OFFSET + 4].copy_from_slice(&pid.to_le_bytes());
        buf[E_PPID_OFFSET..E_PPID_OFFSET + 4].copy_from_slice(&ppid.to_le_bytes());
        let name = &comm.as_bytes()[..comm.len().min(MAXCOMLEN)];
        buf[P_COMM_OFFSET..P_COMM_OFFSET + name.len()].copy_from_slice(name);
        // p_stat (SRUN = 2) right after p_flag, as in a live process.
        buf[36] = 2;
        buf
    }

    #[test]
    fn reads_the_translated_flag() {
        // P_EXEC | P_TRANSLATED, as a translated shell has them.
        let on = sample(812, 800, "zsh", 0x4000 | P_TRANSLATED);
        assert_eq!(is_translated(&on), Some(true));
        let off = sample(812, 800, "zsh", 0x4000 | 0x0004);
        assert_eq!(is_translated(&off), Some(false));
        // All other bits set, only P_TRANSLATED clear.
        let others = sample(1, 0, "launchd", !P_TRANSLATED);
        assert_eq!(is_translated(&others), Some(false));
    }

    #[test]
    fn short_buffers_are_unknown() {
        assert_eq!(is_translated(&[]), None);
        assert_eq!(is_translated(&[0u8; 35]), None);
        // Exactly enough for p_flag is enough.
        let mut just = vec![0u8; 36];
        just[32..36].copy_from_slice(&P_TRANSLATED.to_le_bytes());
        assert_eq!(is_translated(&just), Some(true));
        assert_eq!(parse_record(&sample(5, 1, "zsh", 0)[..647]), None);
    }

    #[test]
    fn reads_whole_records() {
        let mut all = sample(500, 1, "Terminal", 0);
        all.extend(sample(501, 500, "login", 0));
        all.extend(sample(502, 501, "zsh", P_TRANSLATED));
        // p_comm is cut at 16 bytes.
        all.extend(sample(503, 1, "com.apple.WebKit.WebContent", 0));
        all.extend([0u8; 100]); // a partial record (the table grew between calls)
        let recs = parse_records(&all);
        assert_eq!(recs.len(), 4);
        assert_eq!(
            recs[2],
            KinfoRecord {
                pid: 502,
                ppid: 501,
                comm: "zsh".into(),
                translated: true
            }
        );
        assert_eq!(recs[0].comm, "Terminal");
        assert!(!recs[0].translated);
        assert_eq!(recs[3].comm, "com.apple.WebKit");
    }

    #[test]
    fn negative_pids_are_skipped() {
        assert_eq!(parse_record(&sample(-1, 0, "x", 0)), None);
    }
}
