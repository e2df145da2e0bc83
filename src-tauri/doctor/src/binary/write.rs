//! Writing small stand-in executables: thin and universal Mach-O files and ELF files
//! that carry real Go build info but no code worth running.
//!
//! Used by tests and to turn a user's machine into a reproducible bug-report snapshot
//! without shipping their (large, possibly private) binaries: the stand-in has the same
//! architecture, Go version, module info and minimum OS, in a few hundred bytes.
//!
//! The layouts are structurally valid (Apple's loader.h / fat.h; the System V gABI) and
//! the build-info blob is byte-for-byte what Go's linker writes (`(*Link).buildinfo` in
//! cmd/link/internal/ld/data.go), with modinfo framed by cmd/go's sentinels.

use super::buildinfo::{FLAG_BIG_ENDIAN, FLAG_INLINE, INFO_END, INFO_START, MAGIC};
use super::elf::machine_for_arch;
use super::macho::{
    cputype_for_arch, FAT_MAGIC, FAT_MAGIC_64, LC_BUILD_VERSION, LC_SEGMENT, LC_SEGMENT_64,
    LC_UUID, MH_MAGIC, MH_MAGIC_64,
};
use crate::binary::Arch;

/// One architecture slice to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceSpec {
    pub arch: Arch,
    /// `go1.27.3`. `None` writes a binary that is not a Go program.
    pub go_version: Option<String>,
    /// Module-info text as Go renders it (see [`render_modinfo`]), without sentinels.
    /// `None` writes an empty modinfo, as a GOPATH-mode build has.
    pub modinfo: Option<String>,
    /// Minimum OS (`13.0`, `11.0.1`) for `LC_BUILD_VERSION` (Mach-O only).
    pub min_os: Option<String>,
    /// Write an `LC_UUID` load command (Mach-O only). Apple's linker always writes one;
    /// Go's internal linker from Go 1.24 on ([`go_writes_uuid`]).
    pub uuid: bool,
}

/// Whether Go's linker writes `LC_UUID` by default for a `go_version` (`go1.24` and
/// later; Go 1.22.9+/1.23.3+ only with `-ldflags=-B=gobuildid`). `None` when the
/// version cannot be read.
pub fn go_writes_uuid(go_version: &str) -> Option<bool> {
    let rest = go_version.trim().strip_prefix("go")?;
    let mut parts = rest.split(|c: char| !c.is_ascii_digit());
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    Some((major, minor) >= (1, 24))
}

impl SliceSpec {
    /// A binary for `arch` that is not a Go program and has no minimum OS.
    pub fn new(arch: Arch) -> SliceSpec {
        SliceSpec {
            arch,
            go_version: None,
            modinfo: None,
            min_os: None,
            uuid: true,
        }
    }

    /// A Go program for `arch`, built as main module `main_path` by `go_version`, with
    /// the usual `GOOS`/`GOARCH` build settings.
    pub fn go_program(arch: Arch, go_version: &str, goos: &str, main_path: &str) -> SliceSpec {
        let settings = [
            ("-buildmode", "exe"),
            ("-compiler", "gc"),
            ("CGO_ENABLED", "0"),
            ("GOARCH", arch.goarch()),
            ("GOOS", goos),
        ];
        SliceSpec {
            arch,
            go_version: Some(go_version.to_string()),
            modinfo: Some(render_modinfo(
                main_path, main_path, "(devel)", None, &settings,
            )),
            min_os: None,
            uuid: go_writes_uuid(go_version).unwrap_or(false),
        }
    }
}

/// Render module-info text the way `runtime/debug.BuildInfo.String` does (without the
/// `go` line, which binaries store separately): `path`, `mod`, then `build` lines with
/// keys and values Go-quoted when they need it.
pub fn render_modinfo(
    path: &str,
    main_path: &str,
    version: &str,
    sum: Option<&str>,
    settings: &[(&str, &str)],
) -> String {
    let mut out = String::new();
    if !path.is_empty() {
        out.push_str(&format!("path\t{path}\n"));
    }
    if !main_path.is_empty() {
        out.push_str(&format!(
            "mod\t{main_path}\t{version}\t{}\n",
            sum.unwrap_or("")
        ));
    }
    for (key, value) in settings {
        // runtime/debug quoteKey / quoteValue.
        let key = if key.is_empty() || key.contains(['=', ' ', '\t', '\r', '\n', '"', '`']) {
            go_quote(key)
        } else {
            key.to_string()
        };
        let value = if value.contains([' ', '\t', '\r', '\n', '"', '`']) {
            go_quote(value)
        } else {
            value.to_string()
        };
        out.push_str(&format!("build\t{key}={value}\n"));
    }
    out
}

/// `strconv.Quote` for the characters build settings contain in practice.
fn go_quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The build-info blob exactly as Go 1.18+'s linker writes it: the 32-byte header
/// (magic, pointer size, flags with the inline bit), the uvarint-prefixed version, the
/// uvarint-prefixed modinfo framed by cmd/go's sentinels, zero-padded to 16 bytes.
pub fn build_info_blob(
    go_version: &str,
    modinfo: Option<&str>,
    ptr_size: u8,
    big_endian: bool,
) -> Vec<u8> {
    let mut data = Vec::with_capacity(64);
    data.extend_from_slice(MAGIC);
    data.push(ptr_size);
    data.push(FLAG_INLINE | if big_endian { FLAG_BIG_ENDIAN } else { 0 });
    data.resize(32, 0);
    append_string(&mut data, go_version.as_bytes());
    match modinfo {
        Some(text) => {
            let mut framed = Vec::with_capacity(text.len() + 32);
            framed.extend_from_slice(&INFO_START);
            framed.extend_from_slice(text.as_bytes());
            framed.extend_from_slice(&INFO_END);
            append_string(&mut data, &framed);
        }
        None => append_string(&mut data, b""),
    }
    // "MacOS linker gets very upset if the size is not a multiple of alignment."
    while !data.len().is_multiple_of(16) {
        data.push(0);
    }
    data
}

fn append_string(out: &mut Vec<u8>, s: &[u8]) {
    let mut n = s.len() as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out.extend_from_slice(s);
}

/// A byte buffer writing fields in one byte order.
struct Buf {
    data: Vec<u8>,
    big: bool,
}

impl Buf {
    fn u16(&mut self, v: u16) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.data.extend_from_slice(&b);
    }
    fn u32(&mut self, v: u32) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.data.extend_from_slice(&b);
    }
    fn u64(&mut self, v: u64) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.data.extend_from_slice(&b);
    }
    /// A pointer-sized field: 8 bytes in a 64-bit file, 4 (truncated) in a 32-bit one.
    fn word(&mut self, is64: bool, v: u64) {
        if is64 {
            self.u64(v);
        } else {
            self.u32(v as u32);
        }
    }
    fn name16(&mut self, name: &str) {
        let mut b = [0u8; 16];
        let n = name.len().min(16);
        b[..n].copy_from_slice(&name.as_bytes()[..n]);
        self.data.extend_from_slice(&b);
    }
    fn pad_to(&mut self, align: usize) {
        while !self.data.len().is_multiple_of(align) {
            self.data.push(0);
        }
    }
}

/// Parse `13.0` / `11.0.1` into loader.h's nibble encoding (`xxxx.yy.zz`); components
/// that are missing or not numbers count as 0.
fn encode_version(v: &str) -> u32 {
    let mut parts = v.trim().split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0).min(0xffff);
    let minor = parts.next().unwrap_or(0).min(0xff);
    let patch = parts.next().unwrap_or(0).min(0xff);
    major << 16 | minor << 8 | patch
}

/// A small thin Mach-O `MH_EXECUTE`: `__PAGEZERO`, `__TEXT` (one `__text` section with a
/// return instruction), `__DATA` (a `__go_buildinfo` section when `go_version` is set,
/// else an empty `__data`), `LC_BUILD_VERSION` when `min_os` is set and `LC_UUID` when
/// `uuid` is.
///
/// 64-bit architectures get `MH_MAGIC_64` files, 32-bit ones (`i386`, `arm`,
/// `arm64_32`, `ppc`) `MH_MAGIC`; PowerPC files are big-endian. File contents are packed
/// (16-byte aligned, not page aligned) to keep the output small; virtual addresses are
/// page aligned. Architectures Mach-O has no CPU type for get `cputype` 0.
pub fn write_macho(spec: &SliceSpec) -> Vec<u8> {
    let (cputype, cpusubtype) = cputype_for_arch(spec.arch).unwrap_or((0, 0));
    let is64 = matches!(
        spec.arch,
        Arch::Arm64 | Arch::Arm64e | Arch::X86_64 | Arch::Ppc64
    ) || cputype == 0;
    let big = matches!(spec.arch, Arch::Ppc | Arch::Ppc64);
    let ptr_size: u8 = if matches!(spec.arch, Arch::Arm64_32) || !is64 {
        4
    } else {
        8
    };

    let text: &[u8] = match spec.arch {
        Arch::X86_64 | Arch::I386 => &[0xc3, 0x90, 0x90, 0x90], // ret; nop; nop; nop
        _ => &[0xc0, 0x03, 0x5f, 0xd6],                         // arm64 ret
    };
    let (data_sect, data): (&str, Vec<u8>) = match &spec.go_version {
        Some(v) => (
            "__go_buildinfo",
            build_info_blob(v, spec.modinfo.as_deref(), ptr_size, big),
        ),
        None => ("__data", vec![0; 16]),
    };

    let (header_size, seg_size, sect_size) = if is64 { (32, 72, 80) } else { (28, 56, 68) };
    let seg_cmd = if is64 { LC_SEGMENT_64 } else { LC_SEGMENT };
    let build_version = spec.min_os.as_deref().map(encode_version);
    let ncmds = 3 + u32::from(build_version.is_some()) + u32::from(spec.uuid);
    let sizeofcmds = 3 * seg_size
        + 2 * sect_size
        + if build_version.is_some() { 24 } else { 0 }
        + if spec.uuid { 24 } else { 0 };

    let base: u64 = if is64 { 0x1_0000_0000 } else { 0x1000 };
    let text_off = align((header_size + sizeofcmds) as u64, 16);
    let data_off = align(text_off + text.len() as u64, 16);
    let end = data_off + data.len() as u64;
    let data_vmaddr = base + align(data_off, 0x4000) + 0x4000;

    let mut b = Buf {
        data: Vec::with_capacity(end as usize),
        big,
    };
    // mach_header[_64]
    b.u32(if is64 { MH_MAGIC_64 } else { MH_MAGIC });
    b.u32(cputype);
    b.u32(cpusubtype);
    b.u32(2); // MH_EXECUTE
    b.u32(ncmds);
    b.u32(sizeofcmds as u32);
    b.u32(0x1 | 0x4 | 0x20_0000); // MH_NOUNDEFS | MH_DYLDLINK | MH_PIE
    if is64 {
        b.u32(0);
    }
    let segment =
        |b: &mut Buf, name: &str, vm: (u64, u64), file: (u64, u64), prot: u32, nsects: u32| {
            b.u32(seg_cmd);
            b.u32((seg_size + nsects as usize * sect_size) as u32);
            b.name16(name);
            b.word(is64, vm.0);
            b.word(is64, vm.1);
            b.word(is64, file.0);
            b.word(is64, file.1);
            b.u32(prot); // maxprot
            b.u32(prot); // initprot
            b.u32(nsects);
            b.u32(0); // flags
        };
    let section =
        |b: &mut Buf, sect: &str, seg: &str, addr: u64, size: u64, offset: u64, flags: u32| {
            b.name16(sect);
            b.name16(seg);
            b.word(is64, addr);
            b.word(is64, size);
            b.u32(offset as u32);
            b.u32(4); // align: 2^4
            b.u32(0); // reloff
            b.u32(0); // nreloc
            b.u32(flags);
            b.u32(0); // reserved1
            b.u32(0); // reserved2
            if is64 {
                b.u32(0); // reserved3
            }
        };
    segment(&mut b, "__PAGEZERO", (0, base), (0, 0), 0, 0);
    // __TEXT maps the file from offset 0 (header included), as ld64 does.
    segment(&mut b, "__TEXT", (base, 0x4000), (0, data_off), 5, 1);
    // S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS
    section(
        &mut b,
        "__text",
        "__TEXT",
        base + text_off,
        text.len() as u64,
        text_off,
        0x8000_0400,
    );
    let data_vmsize = align(data.len() as u64, 0x4000);
    segment(
        &mut b,
        "__DATA",
        (data_vmaddr, data_vmsize),
        (data_off, data.len() as u64),
        3,
        1,
    );
    section(
        &mut b,
        data_sect,
        "__DATA",
        data_vmaddr,
        data.len() as u64,
        data_off,
        0,
    );
    if let Some(minos) = build_version {
        b.u32(LC_BUILD_VERSION);
        b.u32(24);
        b.u32(1); // PLATFORM_MACOS
        b.u32(minos);
        b.u32(minos); // sdk
        b.u32(0); // ntools
    }
    if spec.uuid {
        b.u32(LC_UUID);
        b.u32(24);
        b.data.extend_from_slice(&uuid_for(spec));
    }
    b.pad_to(16);
    b.data.extend_from_slice(text);
    b.pad_to(16);
    b.data.extend_from_slice(&data);
    b.data
}

/// A stable UUID for a stand-in (FNV-1a over what the spec says, twice), shaped as an
/// RFC 4122 version 3 name-based UUID like the ones Go's linker derives from the build ID.
fn uuid_for(spec: &SliceSpec) -> [u8; 16] {
    let text = format!(
        "{}|{}|{}|{}",
        spec.arch,
        spec.go_version.as_deref().unwrap_or(""),
        spec.modinfo.as_deref().unwrap_or(""),
        spec.min_os.as_deref().unwrap_or("")
    );
    let fnv = |seed: u64| {
        text.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    out[8..].copy_from_slice(&fnv(0x8422_2325_cbf2_9ce4).to_be_bytes());
    out[6] = (out[6] & 0x0f) | 0x30;
    out[8] = (out[8] & 0x3f) | 0x80;
    out
}

fn align(v: u64, to: u64) -> u64 {
    v.div_ceil(to) * to
}

/// A universal binary of thin Mach-O files written from `specs`.
pub fn write_fat(specs: &[SliceSpec], sixty_four: bool) -> Vec<u8> {
    let slices: Vec<(Arch, Vec<u8>)> = specs.iter().map(|s| (s.arch, write_macho(s))).collect();
    wrap_fat(&slices, sixty_four)
}

/// Slices of a universal binary are aligned to 2^14 (the arm64 page size), as lipo does.
const FAT_ALIGN_LOG2: u32 = 14;

/// Assemble a universal binary from existing thin binaries, as `lipo -create` does:
/// a big-endian `fat_header`, one `fat_arch` (or `fat_arch_64` when `sixty_four`) per
/// slice, and each slice at a 2^14-aligned offset. The CPU type comes from `arch`.
pub fn wrap_fat(slices: &[(Arch, Vec<u8>)], sixty_four: bool) -> Vec<u8> {
    let mut b = Buf {
        data: Vec::new(),
        big: true,
    };
    b.u32(if sixty_four { FAT_MAGIC_64 } else { FAT_MAGIC });
    b.u32(slices.len() as u32);
    let header = 8 + slices.len() as u64 * if sixty_four { 32 } else { 20 };
    let mut offset = align(header, 1 << FAT_ALIGN_LOG2);
    let mut offsets = Vec::with_capacity(slices.len());
    for (arch, bytes) in slices {
        let (cputype, cpusubtype) = cputype_for_arch(*arch).unwrap_or((0, 0));
        b.u32(cputype);
        b.u32(cpusubtype);
        if sixty_four {
            b.u64(offset);
            b.u64(bytes.len() as u64);
            b.u32(FAT_ALIGN_LOG2);
            b.u32(0); // reserved
        } else {
            b.u32(offset as u32);
            b.u32(bytes.len() as u32);
            b.u32(FAT_ALIGN_LOG2);
        }
        offsets.push(offset);
        offset = align(offset + bytes.len() as u64, 1 << FAT_ALIGN_LOG2);
    }
    for ((_, bytes), at) in slices.iter().zip(offsets) {
        b.data.resize(at as usize, 0);
        b.data.extend_from_slice(bytes);
    }
    b.data
}

/// A small ELF64 little-endian `ET_EXEC`: two `PT_LOAD` segments (read-execute for the
/// headers, read-write for the data), and sections `.go.buildinfo` (or `.data` when
/// `go_version` is `None`) and `.shstrtab`. `min_os` is ignored.
pub fn write_elf(spec: &SliceSpec) -> Vec<u8> {
    const BASE: u64 = 0x40_0000;
    let (name, data): (&str, Vec<u8>) = match &spec.go_version {
        Some(v) => (
            ".go.buildinfo",
            build_info_blob(v, spec.modinfo.as_deref(), 8, false),
        ),
        None => (".data", vec![0; 16]),
    };
    let ehsize = 64u64;
    let phnum = 2u64;
    let data_off = align(ehsize + phnum * 56, 16);
    // p_vaddr must be congruent to p_offset modulo p_align (0x1000).
    let data_vaddr = BASE + 0x1000 + data_off;
    let mut shstrtab = vec![0u8];
    let name_at = shstrtab.len() as u32;
    shstrtab.extend_from_slice(name.as_bytes());
    shstrtab.push(0);
    let shstrtab_at = shstrtab.len() as u32;
    shstrtab.extend_from_slice(b".shstrtab\0");
    let strtab_off = data_off + data.len() as u64;
    let shoff = align(strtab_off + shstrtab.len() as u64, 8);
    let shnum = 3u16;

    let mut b = Buf {
        data: Vec::new(),
        big: false,
    };
    // e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE, padding.
    b.data.extend_from_slice(b"\x7fELF\x02\x01\x01\x00");
    b.data.extend_from_slice(&[0; 8]);
    b.u16(2); // ET_EXEC
    b.u16(machine_for_arch(spec.arch));
    b.u32(1); // e_version
    b.u64(BASE + data_off); // e_entry (nothing runnable; points into the image)
    b.u64(ehsize); // e_phoff
    b.u64(shoff);
    b.u32(0); // e_flags
    b.u16(ehsize as u16);
    b.u16(56); // e_phentsize
    b.u16(phnum as u16);
    b.u16(64); // e_shentsize
    b.u16(shnum);
    b.u16(2); // e_shstrndx
              // Elf64_Phdr {type, flags, offset, vaddr, paddr, filesz, memsz, align}
    let phdr = |b: &mut Buf, flags: u32, offset: u64, vaddr: u64, size: u64| {
        b.u32(1); // PT_LOAD
        b.u32(flags);
        b.u64(offset);
        b.u64(vaddr);
        b.u64(vaddr);
        b.u64(size);
        b.u64(size);
        b.u64(0x1000);
    };
    phdr(&mut b, 4 | 1, 0, BASE, data_off); // PF_R | PF_X
    phdr(&mut b, 4 | 2, data_off, data_vaddr, data.len() as u64); // PF_R | PF_W
    b.pad_to(16);
    b.data.extend_from_slice(&data);
    b.data.extend_from_slice(&shstrtab);
    b.pad_to(8);
    // Elf64_Shdr {name, type, flags, addr, offset, size, link, info, addralign, entsize}
    let shdr = |b: &mut Buf, name: u32, kind: u32, flags: u64, addr: u64, off: u64, size: u64| {
        b.u32(name);
        b.u32(kind);
        b.u64(flags);
        b.u64(addr);
        b.u64(off);
        b.u64(size);
        b.u32(0);
        b.u32(0);
        b.u64(if kind == 0 { 0 } else { 16 });
        b.u64(0);
    };
    shdr(&mut b, 0, 0, 0, 0, 0, 0);
    // SHT_PROGBITS, SHF_WRITE | SHF_ALLOC
    shdr(
        &mut b,
        name_at,
        1,
        3,
        data_vaddr,
        data_off,
        data.len() as u64,
    );
    // SHT_STRTAB
    shdr(
        &mut b,
        shstrtab_at,
        3,
        0,
        0,
        strtab_off,
        shstrtab.len() as u64,
    );
    b.data
}
