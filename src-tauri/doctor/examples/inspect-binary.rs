//! `inspect-binary [--expect-macos-arch ARCH] PATH`: what NativeGo's own binary reader
//! (`nativego_doctor::binary`) says about an executable, as one line of JSON.
//!
//! scripts/test.sh links the CLI for macOS with cargo-zigbuild on Linux and runs this on
//! the result with `--expect-macos-arch arm64`: the exit status is non-zero unless the
//! file is a thin Mach-O **executable** (`MH_EXECUTE`) for exactly that architecture.
//! The format and the CPU type come from the binary reader (docs/macos-facts.md,
//! "Mach-O headers"); the file type is the 32-bit word at offset 12 of `mach_header_64`, which the
//! reader does not report.
// A command-line tool: it reads the file it is given and prints its answer.
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use nativego_doctor::binary::Arch;
use nativego_doctor::binary::{read_binary, BinaryFormat};

/// `MH_MAGIC_64` as a little-endian file stores it (`CF FA ED FE`).
const MH_MAGIC_64_LE: [u8; 4] = [0xcf, 0xfa, 0xed, 0xfe];
/// `MH_EXECUTE` (`<mach-o/loader.h>`).
const MH_EXECUTE: u32 = 2;

fn filetype(bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(..4)? != MH_MAGIC_64_LE {
        return None;
    }
    let word = u32::from_le_bytes(bytes.get(12..16)?.try_into().ok()?);
    Some(match word {
        MH_EXECUTE => "execute",
        1 => "object",
        6 => "dylib",
        8 => "bundle",
        _ => "other",
    })
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut expect: Option<Arch> = None;
    let mut path = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--expect-macos-arch" => match args.next().as_deref().and_then(Arch::parse) {
                Some(arch) => expect = Some(arch),
                None => {
                    eprintln!("inspect-binary: --expect-macos-arch needs an architecture");
                    return ExitCode::from(2);
                }
            },
            _ if path.is_none() => path = Some(a),
            _ => {
                eprintln!("usage: inspect-binary [--expect-macos-arch ARCH] PATH");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: inspect-binary [--expect-macos-arch ARCH] PATH");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("inspect-binary: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let info = match read_binary(&bytes) {
        Ok(info) => info,
        Err(e) => {
            eprintln!("inspect-binary: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let arches: Vec<&str> = info.arches().iter().map(|a| a.name()).collect();
    let kind = filetype(&bytes);
    let json = serde_json::json!({
        "path": path,
        "format": info.format,
        "arches": arches,
        "filetype": kind,
        "min_os": info.slices.first().and_then(|s| s.min_os.clone()),
    });
    println!("{json}");
    if let Some(want) = expect {
        let ok = info.format == BinaryFormat::MachO
            && info.arches() == [want]
            && kind == Some("execute");
        if !ok {
            eprintln!(
                "inspect-binary: {path} is not a thin Mach-O {} executable",
                want.name()
            );
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
