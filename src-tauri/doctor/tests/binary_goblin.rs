//! Differential test of the binary reader: NativeGo's `binary::read_binary` and goblin (an
//! independent Mach-O/ELF parser) read the same bytes and must agree on the format, the
//! architecture of every slice, and, per Mach-O slice, whether `LC_UUID` is there and the
//! minimum OS of `LC_BUILD_VERSION` / `LC_VERSION_MIN_MACOSX`. The files: every executable
//! of every scenario (written by NativeGo's own binary writer), and the real executables
//! from npm, PyPI and Debian when `binary_registry.rs` has cached them.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use goblin::mach::load_command::CommandVariant;
use goblin::mach::{Mach, MachO, SingleArch};
use nativego_doctor::binary::{read_binary, BinaryFormat, BinaryInfo};

/// What goblin says of one file.
#[derive(Debug, PartialEq)]
struct Seen {
    format: &'static str,
    /// Per slice: arch name, LC_UUID present (Mach-O), minimum OS (Mach-O).
    slices: Vec<(String, Option<bool>, Option<String>)>,
}

fn version(v: u32) -> String {
    let (major, minor, patch) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

fn macho_arch(cputype: u32, cpusubtype: u32) -> String {
    match (cputype, cpusubtype & 0x00ff_ffff) {
        (0x0100_000c, 2) => "arm64e",
        (0x0100_000c, _) => "arm64",
        (0x0100_0007, _) => "x86_64",
        (7, _) => "i386",
        (12, _) => "arm",
        (0x0200_000c, _) => "arm64_32",
        (18, _) => "ppc",
        (0x0100_0012, _) => "ppc64",
        _ => "unknown",
    }
    .into()
}

fn macho_slice(m: &MachO) -> (String, Option<bool>, Option<String>) {
    let uuid = m
        .load_commands
        .iter()
        .any(|c| matches!(c.command, CommandVariant::Uuid(_)));
    let min_os = m
        .load_commands
        .iter()
        .find_map(|c| match &c.command {
            CommandVariant::BuildVersion(b) => Some(version(b.minos)),
            _ => None,
        })
        .or_else(|| {
            m.load_commands.iter().find_map(|c| match &c.command {
                CommandVariant::VersionMinMacosx(v) => Some(version(v.version)),
                _ => None,
            })
        });
    (
        macho_arch(m.header.cputype, m.header.cpusubtype),
        Some(uuid),
        min_os,
    )
}

fn goblin_reads(bytes: &[u8]) -> Option<Seen> {
    if bytes.starts_with(b"\x7fELF") {
        let elf = goblin::elf::Elf::parse(bytes).ok()?;
        let arch = match elf.header.e_machine {
            62 => "x86_64",
            183 => "arm64",
            3 => "i386",
            40 => "arm",
            243 => "riscv64",
            21 => "ppc64",
            _ => "unknown",
        };
        return Some(Seen {
            format: "elf",
            slices: vec![(arch.into(), None, None)],
        });
    }
    match Mach::parse(bytes).ok()? {
        Mach::Binary(m) => Some(Seen {
            format: "macho",
            slices: vec![macho_slice(&m)],
        }),
        Mach::Fat(fat) => {
            let mut slices = Vec::new();
            for (i, arch) in fat.iter_arches().enumerate() {
                let arch = arch.ok()?;
                match fat.get(i).ok()? {
                    SingleArch::MachO(m) => slices.push(macho_slice(&m)),
                    // An archive or something else inside: the arch alone.
                    SingleArch::Archive(_) => {
                        slices.push((macho_arch(arch.cputype, arch.cpusubtype), None, None))
                    }
                }
            }
            Some(Seen {
                format: "fat",
                slices,
            })
        }
    }
}

fn nativego_reads(info: &BinaryInfo) -> Seen {
    Seen {
        format: match info.format {
            BinaryFormat::MachO => "macho",
            BinaryFormat::Fat | BinaryFormat::Fat64 => "fat",
            BinaryFormat::Elf => "elf",
        },
        slices: info
            .slices
            .iter()
            .map(|s| {
                let macho = info.format != BinaryFormat::Elf;
                (
                    s.arch.name().to_string(),
                    if macho { s.uuid } else { None },
                    if macho {
                        s.build_version.as_ref().map(|b| b.min_os.clone())
                    } else {
                        None
                    },
                )
            })
            .collect(),
    }
}

/// Regular files under `dir` that start like an executable NativeGo or goblin reads.
fn executables(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            executables(&p, out);
        } else if meta.is_file() && meta.len() >= 4 {
            let mut head = [0u8; 4];
            if let Ok(mut f) = fs::File::open(&p) {
                use std::io::Read;
                if f.read_exact(&mut head).is_ok() {
                    let magic = u32::from_be_bytes(head);
                    let known = head == *b"\x7fELF"
                        || [0xcafe_babe, 0xcafe_babf, 0xfeed_face, 0xfeed_facf].contains(&magic)
                        || [0xcefa_edfe, 0xcffa_edfe].contains(&magic);
                    if known {
                        out.push(p);
                    }
                }
            }
        }
    }
}

#[test]
fn nativego_and_goblin_agree_on_every_executable() {
    let mut files = Vec::new();
    executables(&common::repo().join("tests/scenarios"), &mut files);
    let scenario_files = files.len();
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("nativego/real-binaries"));
    if let Some(c) = &cache {
        executables(c, &mut files);
    }
    let real_files = files.len() - scenario_files;
    assert!(
        scenario_files >= 100,
        "only {scenario_files} scenario executables"
    );
    let (mut agree, mut only_goblin_fails, mut corrupt) = (0, 0, 0);
    let mut problems = Vec::new();
    for f in &files {
        let bytes = fs::read(f).unwrap();
        let ours = read_binary(&bytes.as_slice());
        let theirs = goblin_reads(&bytes);
        match (ours, theirs) {
            (Ok(info), Some(seen)) => {
                let mine = nativego_reads(&info);
                if mine == seen {
                    agree += 1;
                } else {
                    problems.push(format!(
                        "{}: NativeGo {mine:?}, goblin {seen:?}",
                        f.display()
                    ));
                }
            }
            // A scenario's deliberately damaged file: both must refuse it.
            (Err(_), None) => corrupt += 1,
            (Err(e), Some(seen)) => problems.push(format!(
                "{}: NativeGo refuses it ({e}), goblin reads {seen:?}",
                f.display()
            )),
            // goblin is stricter about some section tables NativeGo never reads.
            (Ok(_), None) => {
                only_goblin_fails += 1;
                eprintln!("goblin cannot read {} (NativeGo can)", f.display());
            }
        }
    }
    eprintln!(
        "{} executables ({scenario_files} from scenarios, {real_files} real): {agree} agree, \
         {corrupt} refused by both, {only_goblin_fails} read only by NativeGo, {} disagree",
        files.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        agree * 10 >= files.len() * 9,
        "goblin must read nearly all of them: {agree} of {}",
        files.len()
    );
}
