//! Mach-O: thin files (32/64-bit, either byte order) and universal binaries
//! (`FAT_MAGIC`, `FAT_MAGIC_64`).
//!
//! Layouts follow Apple's `<mach-o/loader.h>` (`mach_header[_64]`, `segment_command[_64]`,
//! `section[_64]`, `build_version_command`) and `<mach-o/fat.h>` (`fat_header`,
//! `fat_arch`, `fat_arch_64`). Only the header and the load commands are read, then the
//! build-info section.

use super::buildinfo::{self, Mapping, Region};
use super::{
    corrupt, read_exact, BinaryError, BinaryFormat, BinaryInfo, BuildVersion, ByteSource, Endian,
    Slice, Window, MAX_BUILDINFO_BYTES, MAX_HEADER_BYTES,
};
use crate::binary::Arch;

const FORMAT: &str = "Mach-O";
const FAT_FORMAT: &str = "universal Mach-O";

pub(crate) const MH_MAGIC: u32 = 0xfeed_face;
pub(crate) const MH_MAGIC_64: u32 = 0xfeed_facf;
pub(crate) const FAT_MAGIC: u32 = 0xcafe_babe;
pub(crate) const FAT_MAGIC_64: u32 = 0xcafe_babf;

pub(crate) const LC_SEGMENT: u32 = 0x1;
pub(crate) const LC_SEGMENT_64: u32 = 0x19;
pub(crate) const LC_UUID: u32 = 0x1b;
pub(crate) const LC_VERSION_MIN_MACOSX: u32 = 0x24;
pub(crate) const LC_BUILD_VERSION: u32 = 0x32;

pub(crate) const CPU_ARCH_ABI64: u32 = 0x0100_0000;
pub(crate) const CPU_ARCH_ABI64_32: u32 = 0x0200_0000;
pub(crate) const CPU_TYPE_X86: u32 = 7;
pub(crate) const CPU_TYPE_ARM: u32 = 12;
pub(crate) const CPU_TYPE_POWERPC: u32 = 18;
/// The high byte of `cpusubtype` holds capability bits (arm64e's pointer-auth ABI
/// version, x86_64's `CPU_SUBTYPE_LIB64`), not the subtype.
pub(crate) const CPU_SUBTYPE_MASK: u32 = 0xff00_0000;
pub(crate) const CPU_SUBTYPE_ARM64E: u32 = 2;

/// `struct mach_header_64` is 32 bytes, `struct mach_header` 28.
const HEADER_64: u64 = 32;
const HEADER_32: u64 = 28;
/// A universal header claiming more slices than this is not one (0xcafebabe is also
/// the Java class-file magic, whose version field lands in `nfat_arch`).
const MAX_FAT_ARCHES: u32 = 32;

/// Whether a big-endian read of the first four bytes is a thin Mach-O magic in
/// either byte order (`FEEDFACx` or `CxFAEDFE`).
pub(crate) fn is_thin_magic(word: u32) -> bool {
    matches!(word, MH_MAGIC | MH_MAGIC_64) || matches!(word.swap_bytes(), MH_MAGIC | MH_MAGIC_64)
}

/// Map a Mach-O `cputype`/`cpusubtype` pair to an [`Arch`].
pub(crate) fn arch_from_cputype(cputype: u32, cpusubtype: u32) -> Arch {
    const ARM64: u32 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
    const X86_64: u32 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
    const ARM64_32: u32 = CPU_TYPE_ARM | CPU_ARCH_ABI64_32;
    const PPC64: u32 = CPU_TYPE_POWERPC | CPU_ARCH_ABI64;
    match cputype {
        ARM64 if cpusubtype & !CPU_SUBTYPE_MASK == CPU_SUBTYPE_ARM64E => Arch::Arm64e,
        ARM64 => Arch::Arm64,
        X86_64 => Arch::X86_64,
        CPU_TYPE_X86 => Arch::I386,
        CPU_TYPE_ARM => Arch::Arm,
        ARM64_32 => Arch::Arm64_32,
        CPU_TYPE_POWERPC => Arch::Ppc,
        PPC64 => Arch::Ppc64,
        _ => Arch::Unknown,
    }
}

/// The `cputype`/`cpusubtype` Apple's toolchain writes for an [`Arch`]; `None` for
/// architectures Mach-O has no CPU type for.
pub(crate) fn cputype_for_arch(arch: Arch) -> Option<(u32, u32)> {
    Some(match arch {
        Arch::Arm64 => (CPU_TYPE_ARM | CPU_ARCH_ABI64, 0),
        // CPU_SUBTYPE_ARM64E with CPU_SUBTYPE_PTRAUTH_ABI, as in Apple's system binaries.
        Arch::Arm64e => (
            CPU_TYPE_ARM | CPU_ARCH_ABI64,
            0x8000_0000 | CPU_SUBTYPE_ARM64E,
        ),
        Arch::X86_64 => (CPU_TYPE_X86 | CPU_ARCH_ABI64, 3),
        Arch::I386 => (CPU_TYPE_X86, 3),
        Arch::Arm => (CPU_TYPE_ARM, 9),
        Arch::Arm64_32 => (CPU_TYPE_ARM | CPU_ARCH_ABI64_32, 1),
        Arch::Ppc => (CPU_TYPE_POWERPC, 0),
        Arch::Ppc64 => (CPU_TYPE_POWERPC | CPU_ARCH_ABI64, 0),
        Arch::Riscv64 | Arch::Unknown => return None,
    })
}

/// loader.h's `PLATFORM_MACOS`.
pub(crate) const PLATFORM_MACOS: u32 = 1;

/// `LC_BUILD_VERSION`'s `minos` is nibble-encoded `xxxx.yy.zz`.
pub(crate) fn decode_version(v: u32) -> String {
    let (major, minor, patch) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

/// An SDK version field: 0 means none (otool prints `n/a`).
fn decode_sdk(v: u32) -> String {
    if v == 0 {
        "n/a".into()
    } else {
        decode_version(v)
    }
}

/// A NUL-padded 16-byte name (`segname`, `sectname`).
fn name16(data: &[u8], at: usize) -> String {
    let raw = data.get(at..at.saturating_add(16)).unwrap_or_default();
    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    String::from_utf8_lossy(&raw[..end]).into_owned()
}

#[derive(Debug)]
struct Segment {
    name: String,
    vmaddr: u64,
    vmsize: u64,
    fileoff: u64,
    filesize: u64,
    maxprot: u32,
    initprot: u32,
}

#[derive(Debug)]
struct Section {
    name: String,
    addr: u64,
    size: u64,
    offset: u64,
}

/// Read a universal binary: the big-endian fat header, then each slice as a thin
/// Mach-O (Go's debug/buildinfo reads only the first; NativeGo reads them all).
pub(crate) fn read_fat(src: &dyn ByteSource, sixty_four: bool) -> Result<BinaryInfo, BinaryError> {
    let file_len = src.len();
    let header = read_exact(src, 0, 8, FAT_FORMAT, "the universal header")?;
    let nfat = Endian::Big.u32(&header, 4).unwrap_or(0);
    if nfat == 0 || nfat > MAX_FAT_ARCHES {
        return Err(corrupt(
            FAT_FORMAT,
            format!(
                "the universal header claims {nfat} architectures (a universal binary has 1 to \
                 {MAX_FAT_ARCHES}); 0xcafebabe is also the magic of Java class files, so this \
                 is probably not an executable"
            ),
        ));
    }
    let entry = if sixty_four { 32u64 } else { 20 };
    let table = read_exact(
        src,
        8,
        entry * u64::from(nfat),
        FAT_FORMAT,
        &format!("the table of {nfat} architectures"),
    )?;
    let mut slices = Vec::with_capacity(nfat as usize);
    for i in 0..nfat as usize {
        let at = i * entry as usize;
        let be = Endian::Big;
        let fields = if sixty_four {
            // fat_arch_64 {cputype, cpusubtype, offset u64, size u64, align, reserved}
            (
                be.u32(&table, at),
                be.u32(&table, at + 4),
                be.u64(&table, at + 8),
                be.u64(&table, at + 16),
            )
        } else {
            // fat_arch {cputype, cpusubtype, offset u32, size u32, align}
            (
                be.u32(&table, at),
                be.u32(&table, at + 4),
                be.u32(&table, at + 8).map(u64::from),
                be.u32(&table, at + 12).map(u64::from),
            )
        };
        let (Some(cputype), Some(cpusubtype), Some(offset), Some(size)) = fields else {
            return Err(corrupt(
                FAT_FORMAT,
                format!("architecture entry {i} is cut short"),
            ));
        };
        let arch = arch_from_cputype(cputype, cpusubtype);
        let end = offset.checked_add(size).filter(|&end| end <= file_len);
        if end.is_none() || size == 0 {
            return Err(corrupt(
                FAT_FORMAT,
                format!(
                    "slice {i} ({arch}) claims bytes {offset}..{} but the file has {file_len} bytes",
                    offset.saturating_add(size)
                ),
            ));
        }
        let window = Window {
            inner: src,
            base: offset,
            len: size,
        };
        let magic = window.read_at(0, 4)?;
        let word = magic
            .get(..4)
            .map(|m| u32::from_be_bytes([m[0], m[1], m[2], m[3]]))
            .unwrap_or(0);
        if !is_thin_magic(word) {
            return Err(corrupt(
                FAT_FORMAT,
                format!(
                    "slice {i} ({arch}) at byte {offset} is not a Mach-O file (magic {magic:02x?})"
                ),
            ));
        }
        // Go's debug/buildinfo reads only the first slice; the bounded search of a data
        // segment without a build-info section is done there only (below), so a
        // universal non-Go file costs one search, not one per slice.
        let mut slice = read_thin_with(&window, offset, false).map_err(|e| match e {
            super::BinaryError::Corrupt { detail, .. } => corrupt(
                FAT_FORMAT,
                format!("slice {i} ({arch}) at byte {offset}: {detail}"),
            ),
            other => other,
        })?;
        slice.offset = offset;
        slice.size = size;
        slices.push(slice);
    }
    // The search is done last, once every slice's headers are read, so that the
    // window it gets keeps the whole file within MAX_FILE_BYTES.
    if let Some(first) = slices.first_mut().filter(|s| s.build.is_none()) {
        let window = Window {
            inner: src,
            base: first.offset,
            len: first.size,
        };
        if let Ok(mut again) = read_thin_with(&window, first.offset, true) {
            again.offset = first.offset;
            again.size = first.size;
            *first = again;
        }
    }
    let format = if sixty_four {
        BinaryFormat::Fat64
    } else {
        BinaryFormat::Fat
    };
    Ok(BinaryInfo { format, slices })
}

/// Read a thin Mach-O occupying all of `src` (`base` is its offset in the real file,
/// for messages only; all offsets inside are relative to the slice, per fat.h).
pub(crate) fn read_thin(src: &dyn ByteSource, base: u64) -> Result<Slice, BinaryError> {
    read_thin_with(src, base, true)
}

/// [`read_thin`]; `scan_segment` says whether to search the data segment for the
/// build-info magic when there is no `__go_buildinfo` section.
fn read_thin_with(
    src: &dyn ByteSource,
    base: u64,
    scan_segment: bool,
) -> Result<Slice, BinaryError> {
    let unit = if base == 0 { "file" } else { "slice" };
    let file_len = src.len();
    let head = read_exact(src, 0, HEADER_32, FORMAT, "the Mach-O header")?;
    let (endian, is64) = match Endian::Little.u32(&head, 0) {
        Some(MH_MAGIC_64) => (Endian::Little, true),
        Some(MH_MAGIC) => (Endian::Little, false),
        _ => match Endian::Big.u32(&head, 0) {
            Some(MH_MAGIC_64) => (Endian::Big, true),
            Some(MH_MAGIC) => (Endian::Big, false),
            _ => return Err(corrupt(FORMAT, format!("bad magic {:02x?}", &head[..4]))),
        },
    };
    let field = |at: usize| endian.u32(&head, at).unwrap_or(0);
    let (cputype, cpusubtype, ncmds, sizeofcmds) = (field(4), field(8), field(16), field(20));
    let arch = arch_from_cputype(cputype, cpusubtype);

    let header_size = if is64 { HEADER_64 } else { HEADER_32 };
    let sizeofcmds = u64::from(sizeofcmds);
    if sizeofcmds > MAX_HEADER_BYTES {
        return Err(corrupt(
            FORMAT,
            format!(
                "the header claims {sizeofcmds} bytes of load commands (more than the \
                 {MAX_HEADER_BYTES} NativeGo accepts)"
            ),
        ));
    }
    let cmds_end = header_size + sizeofcmds;
    if cmds_end > file_len {
        return Err(corrupt(
            FORMAT,
            format!("load commands end at byte {cmds_end} but the {unit} has {file_len} bytes"),
        ));
    }
    let cmds = read_exact(src, header_size, sizeofcmds, FORMAT, "the load commands")?;

    let mut segments = Vec::new();
    let mut sections = Vec::new();
    let mut build_version: Option<BuildVersion> = None;
    let mut version_min: Option<BuildVersion> = None;
    let mut uuid = false;
    let mut at = 0usize;
    for i in 0..ncmds {
        let (Some(cmd), Some(cmdsize)) = (endian.u32(&cmds, at), endian.u32(&cmds, at + 4)) else {
            return Err(corrupt(
                FORMAT,
                format!(
                    "load command {i} of {ncmds} starts at byte {} past the {sizeofcmds} bytes \
                     of load commands",
                    header_size + at as u64
                ),
            ));
        };
        let cmdsize = cmdsize as usize;
        // A zero or tiny cmdsize would make the walk loop forever (loader.h: every load
        // command is at least 8 bytes, its size including the cmd and cmdsize fields).
        let end = at
            .checked_add(cmdsize)
            .filter(|&e| cmdsize >= 8 && e <= cmds.len());
        let Some(end) = end else {
            return Err(corrupt(
                FORMAT,
                format!(
                    "load command {i} (0x{cmd:x}) at byte {} has size {cmdsize}, which does not \
                     fit the {sizeofcmds} bytes of load commands",
                    header_size + at as u64
                ),
            ));
        };
        let lc = &cmds[at..end];
        match cmd {
            LC_SEGMENT_64 | LC_SEGMENT => {
                let seg64 = cmd == LC_SEGMENT_64;
                parse_segment(lc, endian, seg64, &mut segments, &mut sections).ok_or_else(
                    || {
                        corrupt(
                            FORMAT,
                            format!(
                            "segment command at byte {} is cut short or its sections do not fit",
                            header_size + at as u64
                        ),
                        )
                    },
                )?;
            }
            // uuid_command {cmd, cmdsize, uuid[16]}: its presence is what dyld checks.
            LC_UUID => uuid = true,
            // build_version_command {cmd, cmdsize, platform, minos, sdk, ntools}
            LC_BUILD_VERSION if build_version.is_none() => {
                if let (Some(platform), Some(minos), Some(sdk)) =
                    (endian.u32(lc, 8), endian.u32(lc, 12), endian.u32(lc, 16))
                {
                    build_version = Some(BuildVersion {
                        command: "LC_BUILD_VERSION".into(),
                        platform,
                        min_os: decode_version(minos),
                        sdk: decode_sdk(sdk),
                    });
                }
            }
            // version_min_command {cmd, cmdsize, version, sdk}: older linkers.
            LC_VERSION_MIN_MACOSX if version_min.is_none() => {
                if let (Some(version), Some(sdk)) = (endian.u32(lc, 8), endian.u32(lc, 12)) {
                    version_min = Some(BuildVersion {
                        command: "LC_VERSION_MIN_MACOSX".into(),
                        platform: PLATFORM_MACOS,
                        min_os: decode_version(version),
                        sdk: decode_sdk(sdk),
                    });
                }
            }
            _ => {}
        }
        at = end;
    }

    let maps: Vec<Mapping> = segments
        .iter()
        .filter(|s| s.name != "__PAGEZERO")
        .map(|s| Mapping {
            vaddr: s.vmaddr,
            file_off: s.fileoff,
            filesz: s.filesize,
        })
        .collect();

    // debug/buildinfo's machoExe.DataStart: the __go_buildinfo section, else the first
    // non-empty read-write segment (initprot == maxprot == VM_PROT_READ|VM_PROT_WRITE).
    let section = sections
        .iter()
        .find(|s| s.name == "__go_buildinfo" && s.offset != 0);
    let build = if let Some(sec) = section {
        let region = Region {
            file_off: sec.offset,
            vaddr: sec.addr,
            size: sec.size,
        };
        buildinfo::find(src, region, MAX_BUILDINFO_BYTES, &maps, FORMAT)?
    } else if let Some(seg) = segments.iter().filter(|_| scan_segment).find(|s| {
        s.name != "__PAGEZERO"
            && s.vmaddr != 0
            && s.filesize != 0
            && s.initprot == 3
            && s.maxprot == 3
    }) {
        let region = Region {
            file_off: seg.fileoff,
            vaddr: seg.vmaddr,
            size: seg.filesize.min(seg.vmsize),
        };
        buildinfo::find(src, region, super::scan_window(src), &maps, FORMAT)?
    } else {
        None
    };

    let build_version = build_version.or(version_min);
    Ok(Slice {
        arch,
        offset: 0,
        size: file_len,
        min_os: build_version.as_ref().map(|v| v.min_os.clone()),
        build,
        uuid: Some(uuid),
        build_version,
    })
}

/// `segment_command_64` (72 bytes) + `section_64` (80 bytes each), or the 32-bit
/// `segment_command` (56) + `section` (68). `None` if the command is cut short.
fn parse_segment(
    lc: &[u8],
    e: Endian,
    seg64: bool,
    segments: &mut Vec<Segment>,
    sections: &mut Vec<Section>,
) -> Option<()> {
    let (head, sect_size) = if seg64 { (72usize, 80usize) } else { (56, 68) };
    let word = |at: usize| -> Option<u64> {
        if seg64 {
            e.u64(lc, at)
        } else {
            e.u32(lc, at).map(u64::from)
        }
    };
    let w = if seg64 { 8 } else { 4 };
    let vmaddr = word(24)?;
    let vmsize = word(24 + w)?;
    let fileoff = word(24 + 2 * w)?;
    let filesize = word(24 + 3 * w)?;
    let prot_at = 24 + 4 * w;
    let maxprot = e.u32(lc, prot_at)?;
    let initprot = e.u32(lc, prot_at + 4)?;
    let nsects = e.u32(lc, prot_at + 8)? as usize;
    if lc.len() < head || nsects > (lc.len() - head) / sect_size {
        return None;
    }
    segments.push(Segment {
        name: name16(lc, 8),
        vmaddr,
        vmsize,
        fileoff,
        filesize,
        maxprot,
        initprot,
    });
    for k in 0..nsects {
        let s = head + k * sect_size;
        // section[_64] {sectname[16], segname[16], addr, size, offset u32, ...}
        let addr = word(s + 32)?;
        let size = word(s + 32 + w)?;
        let offset = e.u32(lc, s + 32 + 2 * w)?;
        sections.push(Section {
            name: name16(lc, s),
            addr,
            size,
            offset: u64::from(offset),
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cputypes_map_to_arches() {
        assert_eq!(arch_from_cputype(0x0100_000c, 0), Arch::Arm64);
        assert_eq!(arch_from_cputype(0x0100_000c, 2), Arch::Arm64e);
        assert_eq!(arch_from_cputype(0x0100_000c, 0x8000_0002), Arch::Arm64e);
        assert_eq!(arch_from_cputype(0x0100_0007, 3), Arch::X86_64);
        assert_eq!(arch_from_cputype(0x0100_0007, 0x8000_0003), Arch::X86_64);
        assert_eq!(arch_from_cputype(7, 3), Arch::I386);
        assert_eq!(arch_from_cputype(12, 9), Arch::Arm);
        assert_eq!(arch_from_cputype(0x0200_000c, 1), Arch::Arm64_32);
        assert_eq!(arch_from_cputype(18, 0), Arch::Ppc);
        assert_eq!(arch_from_cputype(0x0100_0012, 0), Arch::Ppc64);
        assert_eq!(arch_from_cputype(99, 0), Arch::Unknown);
        for arch in [
            Arch::Arm64,
            Arch::Arm64e,
            Arch::X86_64,
            Arch::I386,
            Arch::Arm,
        ] {
            let (t, s) = cputype_for_arch(arch).unwrap();
            assert_eq!(arch_from_cputype(t, s), arch);
        }
    }

    #[test]
    fn versions_decode_like_otool() {
        assert_eq!(decode_version(0x000d_0000), "13.0");
        assert_eq!(decode_version(0x000b_0001), "11.0.1");
        assert_eq!(decode_version(0x000a_0d00), "10.13");
    }

    #[test]
    fn thin_magic_in_both_byte_orders() {
        assert!(is_thin_magic(0xcffa_edfe));
        assert!(is_thin_magic(0xcefa_edfe));
        assert!(is_thin_magic(0xfeed_facf));
        assert!(is_thin_magic(0xfeed_face));
        assert!(!is_thin_magic(FAT_MAGIC));
    }
}
