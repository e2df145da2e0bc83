//! ELF (32/64-bit, either byte order): the machine type and Go's `.go.buildinfo`.
//!
//! Field offsets follow the System V gABI (`Elf{32,64}_Ehdr`, `_Shdr`, `_Phdr`). Reads the
//! header, the program and section header tables, the section-name string table and the
//! build-info section; nothing else.

use super::buildinfo::{self, Mapping, Region};
use super::{
    corrupt, read_exact, BinaryError, BinaryFormat, BinaryInfo, ByteSource, Endian, Slice,
    MAX_BUILDINFO_BYTES, MAX_HEADER_BYTES,
};
use crate::binary::Arch;

const FORMAT: &str = "ELF";

/// `\x7fELF`, read big-endian.
pub(crate) const ELF_MAGIC: u32 = 0x7f45_4c46;

pub(crate) const EM_386: u16 = 3;
pub(crate) const EM_PPC: u16 = 20;
pub(crate) const EM_PPC64: u16 = 21;
pub(crate) const EM_ARM: u16 = 40;
pub(crate) const EM_X86_64: u16 = 62;
pub(crate) const EM_AARCH64: u16 = 183;
pub(crate) const EM_RISCV: u16 = 243;

pub(crate) const PT_LOAD: u32 = 1;
pub(crate) const PF_X: u32 = 1;
pub(crate) const PF_W: u32 = 2;
pub(crate) const SHT_NOBITS: u32 = 8;
/// `e_shstrndx` escape: the real index is in section 0's `sh_link`.
const SHN_XINDEX: u64 = 0xffff;

/// Map `e_machine` to an [`Arch`] (RISC-V only as 64-bit: Go has no riscv32 port).
pub(crate) fn arch_from_machine(machine: u16, is64: bool) -> Arch {
    match machine {
        EM_AARCH64 => Arch::Arm64,
        EM_X86_64 => Arch::X86_64,
        EM_386 => Arch::I386,
        EM_ARM => Arch::Arm,
        EM_RISCV if is64 => Arch::Riscv64,
        EM_PPC64 => Arch::Ppc64,
        EM_PPC => Arch::Ppc,
        _ => Arch::Unknown,
    }
}

/// The `e_machine` for an [`Arch`], for the writer (0 = `EM_NONE`).
pub(crate) fn machine_for_arch(arch: Arch) -> u16 {
    match arch {
        Arch::Arm64 | Arch::Arm64e => EM_AARCH64,
        Arch::X86_64 => EM_X86_64,
        Arch::I386 => EM_386,
        Arch::Arm => EM_ARM,
        Arch::Riscv64 => EM_RISCV,
        Arch::Ppc64 => EM_PPC64,
        Arch::Ppc => EM_PPC,
        Arch::Arm64_32 | Arch::Unknown => 0,
    }
}

struct Layout {
    endian: Endian,
    is64: bool,
}

impl Layout {
    /// An address-sized field (`Elf32_Addr`/`Elf64_Off`, …).
    fn word(&self, data: &[u8], at: usize) -> Option<u64> {
        self.endian.word(data, at, if self.is64 { 8 } else { 4 })
    }
}

#[derive(Debug)]
struct SectionHeader {
    name: u32,
    kind: u32,
    addr: u64,
    offset: u64,
    size: u64,
    link: u32,
}

pub(crate) fn read_elf(src: &dyn ByteSource) -> Result<BinaryInfo, BinaryError> {
    let file_len = src.len();
    let ident = read_exact(src, 0, 16, FORMAT, "the ELF identification")?;
    let is64 = match ident[4] {
        1 => false,
        2 => true,
        c => {
            return Err(corrupt(
                FORMAT,
                format!("unknown ELF class {c} (expected 1 or 2)"),
            ))
        }
    };
    let endian = match ident[5] {
        1 => Endian::Little,
        2 => Endian::Big,
        d => return Err(corrupt(FORMAT, format!("unknown ELF data encoding {d}"))),
    };
    let l = Layout { endian, is64 };
    let ehsize = if is64 { 64 } else { 52 };
    let eh = read_exact(src, 0, ehsize, FORMAT, "the ELF header")?;
    let cut = || corrupt(FORMAT, "the ELF header is cut short");
    let machine = endian.u16(&eh, 18).ok_or_else(cut)?;
    let arch = arch_from_machine(machine, is64);
    // Offsets of e_phoff.. differ between classes; the tail is six u16s.
    let (phoff, shoff, tail) = if is64 { (32, 40, 54) } else { (28, 32, 42) };
    let phoff = l.word(&eh, phoff).ok_or_else(cut)?;
    let shoff = l.word(&eh, shoff).ok_or_else(cut)?;
    let half = |i: usize| endian.u16(&eh, tail + 2 * i).map(u64::from).ok_or_else(cut);
    let (phentsize, phnum, shentsize, mut shnum, mut shstrndx) =
        (half(0)?, half(1)?, half(2)?, half(3)?, half(4)?);

    // Program headers: PT_LOAD segments map virtual addresses to file offsets.
    let (ph_min, sh_min) = if is64 { (56, 64) } else { (32, 40) };
    let mut loads = Vec::new();
    if phoff != 0 && phnum != 0 {
        let table = read_table(src, phoff, phentsize, phnum, ph_min, "program header table")?;
        for i in 0..phnum as usize {
            let p = &table[i * phentsize as usize..];
            let kind = endian.u32(p, 0).ok_or_else(cut)?;
            // Elf64_Phdr puts p_flags second; Elf32_Phdr puts it after p_memsz.
            let (flags, offset, vaddr, filesz, memsz) = if is64 {
                (
                    endian.u32(p, 4),
                    l.word(p, 8),
                    l.word(p, 16),
                    l.word(p, 32),
                    l.word(p, 40),
                )
            } else {
                (
                    endian.u32(p, 24),
                    l.word(p, 4),
                    l.word(p, 8),
                    l.word(p, 16),
                    l.word(p, 20),
                )
            };
            let (Some(flags), Some(offset), Some(vaddr), Some(filesz), Some(memsz)) =
                (flags, offset, vaddr, filesz, memsz)
            else {
                return Err(cut());
            };
            if kind == PT_LOAD {
                loads.push((flags, offset, vaddr, filesz, memsz));
            }
        }
    }
    let maps: Vec<Mapping> = loads
        .iter()
        .map(|&(_, file_off, vaddr, filesz, _)| Mapping {
            vaddr,
            file_off,
            filesz,
        })
        .collect();

    // Section headers, and their names from the section-name string table.
    let mut build_section = None;
    if shoff != 0 {
        if shnum == 0 || shstrndx == SHN_XINDEX {
            // Extended numbering: the real counts live in section header 0.
            let first = read_table(src, shoff, shentsize, 1, sh_min, "section header 0")?;
            let sh0 = section_header(&l, &first).ok_or_else(cut)?;
            if shnum == 0 {
                shnum = sh0.size;
            }
            if shstrndx == SHN_XINDEX {
                shstrndx = u64::from(sh0.link);
            }
        }
        if shnum != 0 {
            let table = read_table(src, shoff, shentsize, shnum, sh_min, "section header table")?;
            let headers: Vec<SectionHeader> = (0..shnum as usize)
                .map(|i| section_header(&l, &table[i * shentsize as usize..]))
                .collect::<Option<_>>()
                .ok_or_else(cut)?;
            let names = match headers.get(shstrndx as usize) {
                Some(strtab) if strtab.kind != SHT_NOBITS => {
                    check_range(src, strtab.offset, strtab.size, "section-name string table")?;
                    src.read_at(strtab.offset, strtab.size.min(MAX_BUILDINFO_BYTES))?
                }
                _ => Vec::new(),
            };
            build_section = headers.into_iter().find(|h| {
                h.kind != SHT_NOBITS && section_name(&names, h.name) == Some(b".go.buildinfo")
            });
        }
    }

    // debug/buildinfo's elfExe.DataStart: the .go.buildinfo section, else the first
    // PT_LOAD that is writable and not executable.
    let build = if let Some(sec) = build_section {
        let region = Region {
            file_off: sec.offset,
            vaddr: sec.addr,
            size: sec.size,
        };
        buildinfo::find(src, region, MAX_BUILDINFO_BYTES, &maps, FORMAT)?
    } else if let Some(&(_, offset, vaddr, filesz, memsz)) = loads
        .iter()
        .find(|(flags, ..)| flags & (PF_X | PF_W) == PF_W)
    {
        let region = Region {
            file_off: offset,
            vaddr,
            size: filesz.min(memsz),
        };
        buildinfo::find(src, region, super::scan_window(src), &maps, FORMAT)?
    } else {
        None
    };

    Ok(BinaryInfo {
        format: BinaryFormat::Elf,
        slices: vec![Slice {
            arch,
            offset: 0,
            size: file_len,
            min_os: None,
            build,
            uuid: None,
            build_version: None,
        }],
    })
}

fn check_range(
    src: &dyn ByteSource,
    offset: u64,
    size: u64,
    what: &str,
) -> Result<(), BinaryError> {
    match offset.checked_add(size) {
        Some(end) if end <= src.len() => Ok(()),
        _ => Err(corrupt(
            FORMAT,
            format!(
                "the {what} spans bytes {offset}..{} but the file has {} bytes",
                offset.saturating_add(size),
                src.len()
            ),
        )),
    }
}

/// Read `count` entries of `entsize` bytes (each at least `min` bytes) at `offset`,
/// refusing tables larger than [`MAX_HEADER_BYTES`].
fn read_table(
    src: &dyn ByteSource,
    offset: u64,
    entsize: u64,
    count: u64,
    min: u64,
    what: &str,
) -> Result<Vec<u8>, BinaryError> {
    if entsize < min {
        return Err(corrupt(
            FORMAT,
            format!("the {what} has {entsize}-byte entries (at least {min} expected)"),
        ));
    }
    let size = entsize.saturating_mul(count);
    if size > MAX_HEADER_BYTES {
        return Err(corrupt(
            FORMAT,
            format!("the {what} claims {size} bytes (more than the {MAX_HEADER_BYTES} NativeGo accepts)"),
        ));
    }
    check_range(src, offset, size, what)?;
    read_exact(src, offset, size, FORMAT, &format!("the {what}"))
}

/// `Elf64_Shdr` {name u32, type u32, flags u64, addr, offset, size, link u32, …} or
/// `Elf32_Shdr` with 4-byte flags/addr/offset/size.
fn section_header(l: &Layout, h: &[u8]) -> Option<SectionHeader> {
    let e = l.endian;
    let w = if l.is64 { 8 } else { 4 };
    Some(SectionHeader {
        name: e.u32(h, 0)?,
        kind: e.u32(h, 4)?,
        addr: l.word(h, 8 + w)?,
        offset: l.word(h, 8 + 2 * w)?,
        size: l.word(h, 8 + 3 * w)?,
        link: e.u32(h, 8 + 4 * w)?,
    })
}

/// The NUL-terminated name at `at` in the string table.
fn section_name(names: &[u8], at: u32) -> Option<&[u8]> {
    let rest = names.get(at as usize..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_map_to_arches() {
        assert_eq!(arch_from_machine(183, true), Arch::Arm64);
        assert_eq!(arch_from_machine(62, true), Arch::X86_64);
        assert_eq!(arch_from_machine(3, false), Arch::I386);
        assert_eq!(arch_from_machine(40, false), Arch::Arm);
        assert_eq!(arch_from_machine(243, true), Arch::Riscv64);
        assert_eq!(arch_from_machine(243, false), Arch::Unknown);
        assert_eq!(arch_from_machine(21, true), Arch::Ppc64);
        assert_eq!(arch_from_machine(9999, true), Arch::Unknown);
    }
}
