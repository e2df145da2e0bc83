//! Real executables from the package registries — npm's per-platform packages (esbuild
//! 0.8 to 0.28, buf, Biome, fsevents), PyPI's macosx wheels (lefthook) and Debian
//! packages of Go programs (shfmt, fzf, age; jq is C) — read by NativeGo and compared,
//! file by file, with `go version -m` (format-independent Go facts: Go version, main
//! package, main module and version, every build setting) and with a separate
//! load-command walker and `llvm-objdump` (format, architectures, LC_UUID, minimum
//! macOS and SDK). A universal binary is also made from two real esbuild slices.
//! Then all of them go into `~/go/bin` of a copy of the macOS 26.1 scenario
//! `tools-without-uuid-macos26`: `binary-missing-uuid` must name exactly the Mach-O ones
//! whose arm64 (or only) slice has no LC_UUID, as the separate walker sees them.
//!
//! `scripts/real-binaries.sh` downloads them once into
//! `${XDG_CACHE_HOME:-$HOME/.cache}/nativego/real-binaries`; nothing is committed. When
//! the download fails the test is skipped, unless `NATIVEGO_REQUIRE_REAL_BINARIES=1`
//! (set by `scripts/test.sh`), in which case it fails.
//!
//! Known limit: `go version -m` here is Debian 12's Go 1.19, which reads only the first
//! slice of a universal file and calls some universal files it cannot parse
//! "unrecognized file format" (fsevents.node); NativeGo must then find no build info in
//! any slice.
// Tests download, unpack and run real programs.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use nativego_doctor::binary::write::wrap_fat;
use nativego_doctor::binary::Arch;
use nativego_doctor::binary::{
    read_binary, BinaryFormat, BinaryInfo, ByteSource, CountingSource, MAX_FILE_BYTES,
};

mod common;

#[path = "support/lc_walk.rs"]
mod lc_walk;
#[path = "support/objdump.rs"]
mod objdump;

/// A file read through positioned reads, as the real host reads it.
struct DiskFile {
    file: File,
    len: u64,
}

impl ByteSource for DiskFile {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let len = len.min(self.len.saturating_sub(offset));
        let mut buf = vec![0u8; len as usize];
        let mut done = 0;
        while done < buf.len() {
            let n = self.file.read_at(&mut buf[done..], offset + done as u64)?;
            if n == 0 {
                break;
            }
            done += n;
        }
        buf.truncate(done);
        Ok(buf)
    }
}

fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache"));
    base.join("nativego/real-binaries")
}

/// Run the download script; `false` (with a note) when it failed.
fn download(cache: &Path) -> bool {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/real-binaries.sh");
    let status = Command::new("bash").arg(&script).arg(cache).status();
    match status {
        Ok(s) if s.success() => true,
        other => {
            eprintln!("note: {} failed: {other:?}", script.display());
            false
        }
    }
}

/// Every file under `dir` that starts with a Mach-O or ELF magic, sorted.
fn executables(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            executables(&path, out);
        } else if kind.is_file() {
            let mut magic = [0u8; 4];
            let ok = File::open(&path)
                .and_then(|f| f.read_exact_at(&mut magic, 0))
                .is_ok();
            let known = [
                [0xcf, 0xfa, 0xed, 0xfe],
                [0xca, 0xfe, 0xba, 0xbe],
                [0xca, 0xfe, 0xba, 0xbf],
                [0x7f, b'E', b'L', b'F'],
            ];
            if ok && known.contains(&magic) {
                out.push(path);
            }
        }
    }
}

/// What `go version -m` says of a file.
#[derive(Debug, Default, PartialEq, Eq)]
struct GoSays {
    go_version: Option<String>,
    path: Option<String>,
    main: Option<(String, String)>,
    settings: BTreeMap<String, String>,
    /// The error text, when it found no build info.
    error: Option<String>,
}

/// strconv.Unquote for what runtime/debug's quoteKey/quoteValue produce.
fn unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return s.to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?') as char);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Split `key=value` where either may be Go-quoted.
fn split_setting(s: &str) -> (String, String) {
    if s.starts_with('"') {
        // The key is quoted: find its closing quote (not escaped).
        let bytes = s.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        let (key, rest) = s.split_at(i + 1);
        return (unquote(key), unquote(rest.trim_start_matches('=')));
    }
    let (key, value) = s.split_once('=').unwrap_or((s, ""));
    (key.to_string(), unquote(value))
}

fn go_version_m(path: &Path) -> GoSays {
    let out = Command::new("go")
        .args(["version", "-m"])
        .arg(path)
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go version -m");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut says = GoSays::default();
    let prefix = format!("{}: ", path.display());
    for line in stdout.lines() {
        if let Some(v) = line.strip_prefix(&prefix) {
            says.go_version = Some(v.to_string());
            continue;
        }
        let fields: Vec<&str> = line.trim_start_matches('\t').split('\t').collect();
        match fields.as_slice() {
            ["path", p] => says.path = Some(p.to_string()),
            ["mod", p, v, ..] => says.main = Some((p.to_string(), v.to_string())),
            ["build", kv] => {
                let (k, v) = split_setting(kv);
                says.settings.insert(k, v);
            }
            _ => {}
        }
    }
    if says.go_version.is_none() {
        says.error = Some(format!("{}{}", stdout.trim(), stderr.trim()));
    }
    says
}

/// Format and architectures as the separate walker (Mach-O) or the ELF header says.
fn independent_format(bytes: &[u8]) -> (BinaryFormat, Vec<Arch>) {
    let magic = u32::from_be_bytes(bytes[..4].try_into().unwrap());
    if magic == 0x7f45_4c46 {
        // e_machine at 18, little-endian (every ELF file here is).
        let machine = u16::from_le_bytes(bytes[18..20].try_into().unwrap());
        let arch = match machine {
            62 => Arch::X86_64,
            183 => Arch::Arm64,
            _ => Arch::Unknown,
        };
        return (BinaryFormat::Elf, vec![arch]);
    }
    let format = match magic {
        0xcafe_babe => BinaryFormat::Fat,
        0xcafe_babf => BinaryFormat::Fat64,
        _ => BinaryFormat::MachO,
    };
    let arches = lc_walk::walk(bytes)
        .expect("walker reads it")
        .iter()
        .map(|s| match s.cputype {
            0x0100_000c => Arch::Arm64,
            0x0100_0007 => Arch::X86_64,
            _ => Arch::Unknown,
        })
        .collect();
    (format, arches)
}

/// Compare NativeGo with the independent readers; return the mismatches.
fn compare(path: &Path, info: &BinaryInfo, bytes: &[u8]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut expect = |what: &str, ours: String, theirs: String| {
        if ours != theirs {
            bad.push(format!("{what}: NativeGo {ours}, independent {theirs}"));
        }
    };
    let (format, arches) = independent_format(bytes);
    expect(
        "format",
        format!("{:?}", info.format),
        format!("{format:?}"),
    );
    expect(
        "arches",
        format!("{:?}", info.arches()),
        format!("{arches:?}"),
    );

    let go = go_version_m(path);
    // Go reads the first slice only.
    let build = info.slices.first().and_then(|s| s.build.as_ref());
    match (&go.error, build) {
        (Some(_), None) => {
            // Neither finds build info; NativeGo must not find it in a later slice
            // either when Go calls the file unreadable or not Go.
            expect(
                "any slice Go",
                format!("{}", info.build().is_some()),
                "false".into(),
            );
        }
        (Some(e), Some(b)) => expect("Go build info", b.go_version.clone(), e.clone()),
        (None, None) => expect(
            "Go build info",
            "none".into(),
            format!("{:?}", go.go_version),
        ),
        (None, Some(b)) => {
            expect(
                "go version",
                b.go_version.clone(),
                go.go_version.clone().unwrap_or_default(),
            );
            expect("path", format!("{:?}", b.path), format!("{:?}", go.path));
            let main = b.main.as_ref().map(|m| (m.path.clone(), m.version.clone()));
            expect("module", format!("{main:?}"), format!("{:?}", go.main));
            expect(
                "settings",
                format!("{:?}", b.settings),
                format!("{:?}", go.settings),
            );
        }
    }

    if format != BinaryFormat::Elf {
        let walked = lc_walk::walk(bytes).expect("walker reads it");
        for (i, (slice, w)) in info.slices.iter().zip(&walked).enumerate() {
            expect(
                &format!("slice {i} LC_UUID"),
                format!("{:?}", slice.uuid),
                format!("{:?}", Some(w.uuid)),
            );
            let ours = slice
                .build_version
                .as_ref()
                .map(|v| (v.platform, v.min_os.clone()));
            let theirs = w
                .version
                .map(|(_, p, minos, _)| (p, lc_walk::version_text(minos)));
            expect(
                &format!("slice {i} build version"),
                format!("{ours:?}"),
                format!("{theirs:?}"),
            );
        }
        if objdump::available() {
            let dumped = objdump::slices(path).unwrap_or_default();
            expect(
                "objdump slices",
                info.slices.len().to_string(),
                dumped.len().to_string(),
            );
            for (i, (slice, d)) in info.slices.iter().zip(&dumped).enumerate() {
                let bv = slice.build_version.as_ref();
                let ours = (
                    slice.uuid,
                    bv.map(|v| v.min_os.clone()),
                    bv.map(|v| v.sdk.clone()),
                );
                let theirs = (Some(d.uuid), d.min_os.clone(), d.sdk.clone());
                expect(
                    &format!("slice {i} objdump"),
                    format!("{ours:?}"),
                    format!("{theirs:?}"),
                );
            }
        }
    } else {
        let ours = info
            .slices
            .iter()
            .map(|s| (s.uuid, s.build_version.is_some()));
        expect(
            "ELF load commands",
            format!("{:?}", ours.collect::<Vec<_>>()),
            "[(None, false)]".into(),
        );
    }
    bad
}

/// The bytes of the header and load commands (Mach-O: per slice; ELF: header and
/// tables), which every reader must read; the search budget comes on top.
fn header_bytes(bytes: &[u8]) -> u64 {
    let le32 =
        |b: &[u8], at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().unwrap()));
    let be32 = |at: usize| u64::from(u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()));
    match be32(0) {
        0x7f45_4c46 => {
            // ELF64: header, program headers, section headers, section names.
            let le16 =
                |at: usize| u64::from(u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap()));
            64 + le16(54) * le16(56) + le16(58) * le16(60) + 4096
        }
        0xcafe_babe => {
            let n = be32(4) as usize;
            (0..n)
                .map(|i| {
                    let off = be32(8 + i * 20 + 8) as usize;
                    32 + le32(&bytes[off..], 20) + 4
                })
                .sum::<u64>()
                + 8
                + 20 * n as u64
        }
        _ => 32 + le32(bytes, 20) + 4,
    }
}

#[test]
fn real_registry_binaries_match_go_and_an_independent_reader() {
    let require = std::env::var("NATIVEGO_REQUIRE_REAL_BINARIES").as_deref() == Ok("1");
    let cache = cache_dir();
    if !download(&cache) {
        assert!(
            !require,
            "NATIVEGO_REQUIRE_REAL_BINARIES=1 but the download failed"
        );
        eprintln!("note: skipping the registry-binary test (download failed)");
        return;
    }
    if Command::new("go").arg("version").output().is_err() {
        assert!(
            !require,
            "NATIVEGO_REQUIRE_REAL_BINARIES=1 but `go` is not on PATH"
        );
        eprintln!("note: skipping the registry-binary test (no go)");
        return;
    }
    let mut files = Vec::new();
    executables(&cache, &mut files);
    files.sort();
    assert!(
        files.len() >= 20,
        "only {} executables in {}",
        files.len(),
        cache.display()
    );

    // A universal binary from two real slices (no registry ships a fat Go program small
    // enough): esbuild 0.28.2 arm64 + x86_64, as lipo would write it.
    let slice = |name: &str| {
        let p = cache.join(format!(
            "npm-_esbuild_{name}-0.28.2-/unpacked/package/bin/esbuild"
        ));
        std::fs::read(p).expect("esbuild slice")
    };
    let fat_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("esbuild-0.28.2-universal");
    let fat = wrap_fat(
        &[
            (Arch::Arm64, slice("darwin-arm64")),
            (Arch::X86_64, slice("darwin-x64")),
        ],
        false,
    );
    std::fs::write(&fat_path, fat).unwrap();
    files.push(fat_path);

    let mut mismatches = Vec::new();
    let mut costs = Vec::new();
    let (mut go_files, mut uuid_less, mut darwin) = (0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let disk = DiskFile {
            file: File::open(path).unwrap(),
            len: bytes.len() as u64,
        };
        let counting = CountingSource::new(&disk);
        let info = match read_binary(&counting) {
            Ok(info) => info,
            Err(e) => {
                mismatches.push(format!("{}: NativeGo cannot read it: {e}", path.display()));
                continue;
            }
        };
        let read = counting.bytes_read();
        let name = path
            .strip_prefix(&cache)
            .unwrap_or(path)
            .display()
            .to_string();
        for m in compare(path, &info, &bytes) {
            mismatches.push(format!("{name}: {m}"));
        }
        let is_go = info.build().is_some();
        go_files += usize::from(is_go);
        if info.format != BinaryFormat::Elf {
            darwin += 1;
            if is_go && info.slices.iter().any(|s| s.uuid == Some(false)) {
                uuid_less += 1;
            }
        }
        let budget = MAX_FILE_BYTES.max(header_bytes(&bytes));
        if read > budget {
            mismatches.push(format!("{name}: read {read} bytes, more than {budget}"));
        }
        let s0 = &info.slices[0];
        eprintln!(
            "{name}: {:?} {:?} {} · {} · LC_UUID {:?} · minos {:?} · {} bytes of {} read in {} reads",
            info.format,
            info.arches(),
            info.go_version().unwrap_or("not Go"),
            info.build().and_then(|b| b.main.as_ref()).map(|m| format!("{}@{}", m.path, m.version)).unwrap_or_default(),
            s0.uuid,
            s0.min_os,
            read,
            bytes.len(),
            counting.reads(),
        );
        costs.push((read, is_go));
    }
    let mut all: Vec<u64> = costs.iter().map(|c| c.0).collect();
    all.sort_unstable();
    let pick = |v: &[u64]| {
        (
            v.first().copied(),
            v.get(v.len() / 2).copied(),
            v.last().copied(),
        )
    };
    let go_costs: Vec<u64> = {
        let mut v: Vec<u64> = costs.iter().filter(|c| c.1).map(|c| c.0).collect();
        v.sort_unstable();
        v
    };
    let non_go: Vec<u64> = {
        let mut v: Vec<u64> = costs.iter().filter(|c| !c.1).map(|c| c.0).collect();
        v.sort_unstable();
        v
    };
    eprintln!(
        "files {}, Go {go_files}, not Go {}, Mach-O {darwin} ({uuid_less} Go ones without LC_UUID), llvm-objdump {}, mismatches {}",
        files.len(),
        files.len() - go_files,
        if objdump::available() { "compared" } else { "not installed" },
        mismatches.len()
    );
    eprintln!(
        "bytes read per file (min, median, max): all {:?}, Go {:?}, not Go {:?}",
        pick(&all),
        pick(&go_costs),
        pick(&non_go)
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    named_on_macos26(&files);
    // Keep the set honest: both kinds, both architectures, old and new Go, with and
    // without LC_UUID.
    assert!(
        go_files >= 15 && files.len() - go_files >= 3,
        "{go_files} of {}",
        files.len()
    );
    assert!(
        uuid_less >= 3 && uuid_less < darwin,
        "{uuid_less} of {darwin}"
    );
}

/// Every real file in `~/go/bin` of a macOS 26.1 scenario: `binary-missing-uuid` names
/// exactly the Mach-O files whose slice that runs on arm64 (else the first) lacks LC_UUID
/// according to the separate walker — never an ELF file.
fn named_on_macos26(files: &[PathBuf]) {
    let scenario = common::scenario_copy("tools-without-uuid-macos26");
    let bin = scenario.path().join("root/Users/dev/go/bin");
    std::fs::remove_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    let mut expected = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let name = format!(
            "{i:02}-{}",
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .replace('.', "_")
        );
        let dest = bin.join(&name);
        if std::fs::hard_link(path, &dest).is_err() {
            std::fs::copy(path, &dest).unwrap();
        }
        let bytes = std::fs::read(path).unwrap();
        let lacks = lc_walk::walk(&bytes).is_some_and(|slices| {
            let runs = slices
                .iter()
                .find(|s| s.cputype == 0x0100_000c)
                .or_else(|| slices.first());
            runs.is_some_and(|s| !s.uuid)
        });
        if lacks {
            expected.push(format!("/Users/dev/go/bin/{name}"));
        }
    }
    let host = nativego_doctor::host::scenario::ScenarioHost::load(scenario.path())
        .expect("scenario loads");
    let report = common::diagnose_static(&host);
    assert_eq!(report.host.os_version.as_deref(), Some("26.1"));
    let named: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.check == "binary-missing-uuid")
        .inspect(|f| assert_eq!(f.severity, nativego_doctor::finding::Severity::Error))
        .flat_map(|f| f.evidence.iter().filter_map(|e| e.path.clone()))
        .map(|p| p.display().to_string())
        .collect();
    eprintln!(
        "macOS 26.1 scenario: {} of {} real files named by binary-missing-uuid",
        named.len(),
        files.len()
    );
    assert_eq!(named, expected);
}
