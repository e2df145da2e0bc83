//! Reading executables cheaply: Mach-O (thin, universal `FAT_MAGIC` and `FAT_MAGIC_64`)
//! and ELF headers, and Go's embedded build info.
//!
//! Pure: the bytes come through a [`ByteSource`], which the probe backs with the
//! `Host`. Only the header, the load commands or section table, and the build-info
//! blob are read: a few dozen KiB at most, never the whole binary.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;

use serde::{Deserialize, Serialize};

mod arch;
mod buildinfo;
mod elf;
mod macho;
pub mod write;

pub use arch::Arch;

pub use buildinfo::parse_modinfo;

/// Most bytes of Mach-O load commands (`sizeofcmds`) or of an ELF section or program
/// header table NativeGo will read. Real executables use a few KiB; a larger claim
/// means a corrupt header, and honouring it would defeat the point of reading cheaply.
pub const MAX_HEADER_BYTES: u64 = 1 << 20;

/// Most bytes read of a build-info section. Go's inline blob is a few hundred bytes
/// plus the module list (a few KiB even for large programs).
pub const MAX_BUILDINFO_BYTES: u64 = 64 << 10;

/// How far into a data segment the fallback search for the build-info magic goes
/// when there is no `__go_buildinfo` / `.go.buildinfo` section: 64 KiB from the start
/// of the first writable data segment, the window Go's `debug/buildinfo` reads
/// (`ReadData(DataStart(), 64*1024)` up to Go 1.22, which `go version -m` of those
/// releases uses). Go's linker puts the blob at the very start of the data segment.
/// Of a universal binary only the first slice gets this search (Go reads only the first
/// slice at all), so a non-Go file costs its headers plus at most this much.
pub const MAX_SCAN_BYTES: u64 = 64 << 10;

/// The most bytes reading one file costs, headers included: the search window above is
/// cut by what the headers already cost, so a file without a build-info section costs at
/// most this (Go's linker puts the blob at the very start of the window, well inside it).
pub const MAX_FILE_BYTES: u64 = 64 << 10;

/// The search window left for `src` once its headers were read.
pub(crate) fn scan_window(src: &dyn ByteSource) -> u64 {
    MAX_SCAN_BYTES.min(MAX_FILE_BYTES.saturating_sub(src.spent().unwrap_or(0)))
}

/// Random access to a file's bytes.
pub trait ByteSource {
    /// The file's size in bytes.
    fn len(&self) -> u64;
    /// Whether the file has no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Up to `len` bytes at `offset` (fewer only at the end of the file).
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>>;
    /// Bytes read through this source so far, when it counts them.
    fn spent(&self) -> Option<u64> {
        None
    }
}

impl ByteSource for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let start = (offset as usize).min(<[u8]>::len(self));
        let end = start.saturating_add(len as usize).min(<[u8]>::len(self));
        Ok(self[start..end].to_vec())
    }
}

impl ByteSource for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        self.as_slice().read_at(offset, len)
    }
}

/// Lets `&[u8]` (a sized type) be used as `&dyn ByteSource`.
impl<T: ByteSource + ?Sized> ByteSource for &T {
    fn len(&self) -> u64 {
        (**self).len()
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        (**self).read_at(offset, len)
    }
    fn spent(&self) -> Option<u64> {
        (**self).spent()
    }
}

/// A [`ByteSource`] that counts what is read through it, so tests and benchmarks can
/// check that reading a binary stays cheap.
pub struct CountingSource<'a> {
    inner: &'a dyn ByteSource,
    bytes: Cell<u64>,
    reads: Cell<u64>,
}

impl<'a> CountingSource<'a> {
    pub fn new(inner: &'a dyn ByteSource) -> Self {
        CountingSource {
            inner,
            bytes: Cell::new(0),
            reads: Cell::new(0),
        }
    }

    /// Total bytes returned by `read_at` so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.get()
    }

    /// Number of `read_at` calls so far.
    pub fn reads(&self) -> u64 {
        self.reads.get()
    }
}

impl ByteSource for CountingSource<'_> {
    fn len(&self) -> u64 {
        self.inner.len()
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let data = self.inner.read_at(offset, len)?;
        self.reads.set(self.reads.get().saturating_add(1));
        self.bytes
            .set(self.bytes.get().saturating_add(data.len() as u64));
        Ok(data)
    }
    fn spent(&self) -> Option<u64> {
        Some(self.bytes.get())
    }
}

/// A window `[base, base + len)` of another source: one slice of a universal binary,
/// whose file offsets are relative to the slice start (Apple's fat.h).
pub(crate) struct Window<'a> {
    pub inner: &'a dyn ByteSource,
    pub base: u64,
    pub len: u64,
}

impl ByteSource for Window<'_> {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        if offset >= self.len {
            return Ok(Vec::new());
        }
        let len = len.min(self.len - offset);
        match self.base.checked_add(offset) {
            Some(at) => self.inner.read_at(at, len),
            None => Ok(Vec::new()),
        }
    }
    fn spent(&self) -> Option<u64> {
        self.inner.spent()
    }
}

/// Read exactly `len` bytes at `offset`, or explain which part of the file is missing.
pub(crate) fn read_exact(
    src: &dyn ByteSource,
    offset: u64,
    len: u64,
    format: &'static str,
    what: &str,
) -> Result<Vec<u8>, BinaryError> {
    let mut data = src.read_at(offset, len)?;
    if (data.len() as u64) < len {
        let end = offset.saturating_add(len);
        return Err(corrupt(
            format,
            format!(
                "{what} ends at byte {end} but the file has {} bytes",
                src.len()
            ),
        ));
    }
    // A misbehaving source may return more than asked for; never trust it.
    data.truncate(len as usize);
    Ok(data)
}

pub(crate) fn corrupt(format: &'static str, detail: impl Into<String>) -> BinaryError {
    BinaryError::Corrupt {
        format,
        detail: detail.into(),
    }
}

/// Byte order of a header, with bounds-checked field readers (`None` past the end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endian {
    Little,
    Big,
}

impl Endian {
    fn bytes<const N: usize>(data: &[u8], at: usize) -> Option<[u8; N]> {
        data.get(at..at.checked_add(N)?)?.try_into().ok()
    }
    pub fn u16(self, data: &[u8], at: usize) -> Option<u16> {
        let b = Self::bytes::<2>(data, at)?;
        Some(match self {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        })
    }
    pub fn u32(self, data: &[u8], at: usize) -> Option<u32> {
        let b = Self::bytes::<4>(data, at)?;
        Some(match self {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        })
    }
    pub fn u64(self, data: &[u8], at: usize) -> Option<u64> {
        let b = Self::bytes::<8>(data, at)?;
        Some(match self {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        })
    }
    /// A 4- or 8-byte word, as in Go's old build-info pointers and ELF32/64 fields.
    pub fn word(self, data: &[u8], at: usize, size: usize) -> Option<u64> {
        match size {
            4 => self.u32(data, at).map(u64::from),
            8 => self.u64(data, at),
            _ => None,
        }
    }
}

/// The container format of an executable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum BinaryFormat {
    /// A thin Mach-O file.
    MachO,
    /// A universal binary with a `FAT_MAGIC` header.
    Fat,
    /// A universal binary with a `FAT_MAGIC_64` header.
    Fat64,
    Elf,
}

/// One architecture slice of an executable (a thin file has exactly one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slice {
    pub arch: Arch,
    /// Offset and size of the slice in the file.
    pub offset: u64,
    pub size: u64,
    /// Minimum OS version from `LC_BUILD_VERSION` (`13.0`), if present.
    pub min_os: Option<String>,
    /// Go build info, if this slice is a Go program.
    pub build: Option<BuildInfo>,
    /// Mach-O only: whether the slice has an `LC_UUID` load command. `None` for ELF.
    /// Go's linker writes one by default only from Go 1.24; dyld on macOS 26 refuses
    /// to start some executables without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<bool>,
    /// Mach-O only: the platform, minimum OS and SDK of the first `LC_BUILD_VERSION`,
    /// else of `LC_VERSION_MIN_MACOSX` (older linkers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_version: Option<BuildVersion>,
}

/// What a Mach-O slice says about the OS it was built for (`otool -l`'s `platform`,
/// `minos`, `sdk`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildVersion {
    /// `LC_BUILD_VERSION` or `LC_VERSION_MIN_MACOSX`.
    pub command: String,
    /// loader.h's `PLATFORM_*` number (1 = macOS); `LC_VERSION_MIN_MACOSX` implies 1.
    pub platform: u32,
    /// Minimum OS version (`11.0`).
    pub min_os: String,
    /// SDK version (`n/a` when the field is 0, as otool prints it).
    pub sdk: String,
}

impl BuildVersion {
    /// loader.h's name for the platform (`macos`, `ios`, …).
    pub fn platform_name(&self) -> &'static str {
        match self.platform {
            1 => "macos",
            2 => "ios",
            3 => "tvos",
            4 => "watchos",
            5 => "bridgeos",
            6 => "maccatalyst",
            7 => "iossimulator",
            8 => "tvossimulator",
            9 => "watchossimulator",
            10 => "driverkit",
            11 => "visionos",
            12 => "visionossimulator",
            _ => "unknown",
        }
    }
}

/// What a Go binary says about how it was built (`go version -m`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// `go1.27.3`.
    pub go_version: String,
    /// The main package path (`golang.org/x/tools/gopls`), if module info is present.
    pub path: Option<String>,
    /// The main module.
    pub main: Option<Module>,
    /// `build` settings: `GOARCH`, `GOOS`, `CGO_ENABLED`, `-trimpath`, …
    pub settings: BTreeMap<String, String>,
}

/// A module path and version from build info.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub path: String,
    pub version: String,
    pub sum: Option<String>,
}

/// What could be read of an executable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinaryInfo {
    pub format: BinaryFormat,
    pub slices: Vec<Slice>,
}

impl BinaryInfo {
    /// The architectures of all slices, in file order.
    pub fn arches(&self) -> Vec<Arch> {
        self.slices.iter().map(|s| s.arch).collect()
    }

    /// The build info of the first slice that has one.
    pub fn build(&self) -> Option<&BuildInfo> {
        self.slices.iter().find_map(|s| s.build.as_ref())
    }

    /// The Go version of the first slice that has build info.
    pub fn go_version(&self) -> Option<&str> {
        self.build().map(|b| b.go_version.as_str())
    }

    /// Mach-O only: `Some(true)` when every slice has an `LC_UUID` load command,
    /// `Some(false)` when some slice lacks one, `None` for ELF.
    pub fn has_uuid(&self) -> Option<bool> {
        let mut uuids = self.slices.iter().map(|s| s.uuid).peekable();
        uuids.peek()?;
        uuids.try_fold(true, |all, u| u.map(|u| all && u))
    }

    /// The slice that runs natively on `hardware`, else the first.
    pub fn slice_for(&self, hardware: Arch) -> Option<&Slice> {
        self.slices
            .iter()
            .find(|s| s.arch.is_native_on(hardware))
            .or_else(|| self.slices.first())
    }

    /// Whether some slice runs natively on `hardware`.
    pub fn runs_natively_on(&self, hardware: Arch) -> bool {
        self.slices.iter().any(|s| s.arch.is_native_on(hardware))
    }
}

/// Where NativeGo learnt the operating system an executable is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum OsSource {
    /// The `GOOS` build setting of a Go program.
    GoBuildInfo,
    /// The container: Mach-O files are only loaded by Apple's systems.
    MachO,
    /// ELF's `EI_OSABI` byte. `ELFOSABI_NONE` (0), which Linux programs (Go's and
    /// others) carry, is also used by a few other System V systems: taken as Linux.
    ElfOsAbi,
}

/// The operating system an executable is built for, spelt as `GOOS` (`darwin`, `linux`,
/// `freebsd`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetOs {
    pub goos: String,
    pub from: OsSource,
}

/// `EI_OSABI` is byte 7 of an ELF file.
const EI_OSABI: u64 = 7;

/// The operating system `info` is built for: Go's `GOOS` build setting when the file is a
/// Go program with one, else `darwin` for Mach-O and, for ELF, its `EI_OSABI` byte (read
/// from `src`: one byte). `None` when the ELF OSABI names no system Go knows.
///
/// Derived here rather than in the ELF reader so that the reader's bounded reads stay as
/// they are: this costs one extra read of one byte, for ELF files without build info.
pub fn target_os(src: &dyn ByteSource, info: &BinaryInfo) -> Option<TargetOs> {
    if let Some(goos) = info
        .build()
        .and_then(|b| b.settings.get("GOOS"))
        .filter(|g| !g.is_empty())
    {
        return Some(TargetOs {
            goos: goos.clone(),
            from: OsSource::GoBuildInfo,
        });
    }
    match info.format {
        BinaryFormat::MachO | BinaryFormat::Fat | BinaryFormat::Fat64 => Some(TargetOs {
            goos: "darwin".into(),
            from: OsSource::MachO,
        }),
        BinaryFormat::Elf => {
            let byte = src.read_at(EI_OSABI, 1).ok()?.first().copied()?;
            elf_osabi_goos(byte).map(|goos| TargetOs {
                goos: goos.into(),
                from: OsSource::ElfOsAbi,
            })
        }
    }
}

/// The `GOOS` an ELF `EI_OSABI` value stands for (System V gABI, and Go's linker, which
/// writes FreeBSD's, NetBSD's and OpenBSD's values and 0 elsewhere).
pub fn elf_osabi_goos(osabi: u8) -> Option<&'static str> {
    match osabi {
        // ELFOSABI_NONE and ELFOSABI_GNU (ELFOSABI_LINUX).
        0 | 3 => Some("linux"),
        2 => Some("netbsd"),
        6 => Some("solaris"),
        9 => Some("freebsd"),
        12 => Some("openbsd"),
        _ => None,
    }
}

/// Why an executable could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BinaryError {
    #[error("not an executable NativeGo can read (unknown magic {0:02x?})")]
    UnknownFormat(Vec<u8>),
    /// A `#!` script (a version manager's shim, a wrapper): its first line.
    #[error("a script (`{0}`), not a Go binary: which Go it runs is decided when it runs")]
    Script(String),
    #[error("truncated or corrupt {format} file: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Read the header(s) and Go build info of an executable.
///
/// Reads only the file header, the load commands (Mach-O) or section and program
/// header tables (ELF), and the build-info blob. Never panics: a short or corrupt file
/// gives [`BinaryError::Corrupt`]; a valid executable that is not a Go program gives
/// slices with `build: None`.
pub fn read_binary(src: &dyn ByteSource) -> Result<BinaryInfo, BinaryError> {
    // Counted, so the build-info search knows what the headers already cost.
    let counted = CountingSource::new(src);
    read_counted(&counted)
}

fn read_counted(src: &dyn ByteSource) -> Result<BinaryInfo, BinaryError> {
    let size = src.len();
    if size == 0 {
        return Err(corrupt("executable", "the file is empty (0 bytes)"));
    }
    let magic = src.read_at(0, 4)?;
    if magic.len() < 4 {
        return Err(corrupt(
            "executable",
            format!(
                "the file has only {} bytes, too few for any executable header",
                magic.len()
            ),
        ));
    }
    let word = u32::from_be_bytes([magic[0], magic[1], magic[2], magic[3]]);
    match word {
        // fat.h: the universal header is always big-endian on disk.
        macho::FAT_MAGIC => macho::read_fat(src, false),
        macho::FAT_MAGIC_64 => macho::read_fat(src, true),
        elf::ELF_MAGIC => elf::read_elf(src),
        _ if macho::is_thin_magic(word) => Ok(BinaryInfo {
            format: BinaryFormat::MachO,
            slices: vec![macho::read_thin(src, 0)?],
        }),
        _ if magic.starts_with(b"#!") => {
            let head = src.read_at(0, 256)?;
            let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
            Err(BinaryError::Script(
                String::from_utf8_lossy(line).trim_end().to_string(),
            ))
        }
        _ => Err(BinaryError::UnknownFormat(magic)),
    }
}

#[cfg(test)]
mod tests;
