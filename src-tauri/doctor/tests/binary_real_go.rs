//! Reading real Go binaries: builds a tiny program with the installed `go` for
//! darwin/arm64, darwin/amd64 and linux/amd64, then checks what `read_binary` says
//! about each (and about universal binaries wrapped around the darwin ones), and that
//! it read only a few KiB of each slice. Mach-O load commands (`LC_UUID`,
//! `LC_BUILD_VERSION`) are compared with a separate walker (`support/lc_walk.rs`) and,
//! when installed, `llvm-objdump`; what this Go writes is recorded below.
//!
//! Without `go` on PATH the test is skipped, unless `NATIVEGO_REQUIRE_GO=1` (set by the
//! project's `npm test`), in which case it fails. Built binaries are cached in
//! `$CARGO_TARGET_TMPDIR`, keyed by Go version, so reruns take milliseconds.
// Tests build real files and run real programs.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use nativego_doctor::binary::write::{go_writes_uuid, wrap_fat};
use nativego_doctor::binary::Arch;
use nativego_doctor::binary::{read_binary, BinaryFormat, BinaryInfo, CountingSource, Slice};

#[path = "support/lc_walk.rs"]
mod lc_walk;
#[path = "support/objdump.rs"]
mod objdump;

/// The most a read of one slice may cost (header, load commands, build-info blob).
const BUDGET: u64 = 64 << 10;

const GO_MOD: &str = "module example.com/hello\n\ngo 1.18\n";
const MAIN_GO: &str = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n";

fn go_version() -> Option<String> {
    let out = Command::new("go")
        .args(["env", "GOVERSION"])
        .output()
        .ok()?;
    let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && v.starts_with("go")).then_some(v)
}

/// Build (or reuse) the hello program for `goos`/`goarch`.
fn build(dir: &Path, goos: &str, goarch: &str) -> PathBuf {
    build_with(dir, goos, goarch, "-s -w", "")
}

/// Build (or reuse) it with these `-ldflags`; `tag` names the variant in the cache.
fn build_with(dir: &Path, goos: &str, goarch: &str, ldflags: &str, tag: &str) -> PathBuf {
    let out = dir.join(format!("hello-{goos}-{goarch}{tag}"));
    if out.exists() {
        return out;
    }
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(src.join("main.go"), MAIN_GO).unwrap();
    // Build to a per-target temporary name, then rename: concurrent or interrupted runs
    // never leave a half-written binary in the cache.
    let partial = dir.join(format!("hello-{goos}-{goarch}{tag}.partial"));
    let status = Command::new("go")
        .args(["build", "-trimpath", &format!("-ldflags={ldflags}"), "-o"])
        .arg(&partial)
        .arg(".")
        .current_dir(&src)
        .env("GOOS", goos)
        .env("GOARCH", goarch)
        .env("CGO_ENABLED", "0")
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOTOOLCHAIN", "local")
        .env("GOWORK", "off")
        .env("GOCACHE", dir.join("gocache"))
        .env("GOPATH", dir.join("gopath"))
        .env("HOME", dir)
        .status()
        .expect("run go build");
    assert!(status.success(), "go build for {goos}/{goarch} failed");
    std::fs::rename(&partial, &out).unwrap();
    out
}

/// Read `bytes` through a counting source; return the info and the bytes read.
fn read_counted(bytes: &[u8]) -> (BinaryInfo, u64) {
    let counting = CountingSource::new(&bytes);
    let info = read_binary(&counting).expect("readable binary");
    (info, counting.bytes_read())
}

fn check_slice(slice: &Slice, arch: Arch, goos: &str, version: &str) {
    assert_eq!(slice.arch, arch);
    let build = slice.build.as_ref().expect("Go build info");
    assert_eq!(build.go_version, version);
    assert_eq!(build.path.as_deref(), Some("example.com/hello"));
    let main = build.main.as_ref().expect("main module");
    assert_eq!(main.path, "example.com/hello");
    assert_eq!(
        build.settings.get("GOARCH").map(String::as_str),
        Some(arch.goarch())
    );
    assert_eq!(build.settings.get("GOOS").map(String::as_str), Some(goos));
    assert_eq!(
        build.settings.get("CGO_ENABLED").map(String::as_str),
        Some("0")
    );
    if goos == "darwin" {
        let min_os = slice
            .min_os
            .as_deref()
            .expect("darwin binaries carry a minimum macOS");
        assert!(min_os.starts_with("1"), "{min_os}");
    } else {
        assert_eq!(slice.min_os, None);
        assert_eq!((slice.uuid, slice.build_version.is_none()), (None, true));
    }
}

/// NativeGo's LC_UUID and build version of every slice of `path` equal the separate
/// walker's and llvm-objdump's (when installed).
fn check_load_commands(path: &Path, info: &BinaryInfo) {
    let bytes = std::fs::read(path).unwrap();
    let walked = lc_walk::walk(&bytes).expect("the walker reads it");
    assert_eq!(walked.len(), info.slices.len(), "{}", path.display());
    for (slice, w) in info.slices.iter().zip(&walked) {
        assert_eq!(slice.uuid, Some(w.uuid), "{}", path.display());
        let bv = slice
            .build_version
            .as_ref()
            .map(|v| (v.platform, v.min_os.clone(), v.sdk.clone()));
        let theirs = w.version.map(|(_, platform, minos, sdk)| {
            let sdk = if sdk == 0 {
                "n/a".to_string()
            } else {
                lc_walk::version_text(sdk)
            };
            (platform, lc_walk::version_text(minos), sdk)
        });
        assert_eq!(bv, theirs, "{}", path.display());
    }
    if objdump::available() {
        let dumped = objdump::slices(path).expect("llvm-objdump reads it");
        assert_eq!(dumped.len(), info.slices.len(), "{}", path.display());
        for (slice, d) in info.slices.iter().zip(&dumped) {
            assert_eq!(slice.uuid, Some(d.uuid), "{}", path.display());
            let bv = slice.build_version.as_ref();
            assert_eq!(bv.map(|v| v.min_os.clone()), d.min_os, "{}", path.display());
            assert_eq!(bv.map(|v| v.sdk.clone()), d.sdk, "{}", path.display());
        }
    }
}

#[test]
fn reads_real_go_binaries() {
    let Some(version) = go_version() else {
        if std::env::var("NATIVEGO_REQUIRE_GO").as_deref() == Ok("1") {
            panic!("NATIVEGO_REQUIRE_GO=1 but `go env GOVERSION` failed: is Go on PATH?");
        }
        eprintln!("note: `go` is not on PATH; skipping the real-Go-binary test");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("go-bins")
        .join(&version);
    std::fs::create_dir_all(&dir).unwrap();

    let targets = [
        ("darwin", "arm64", Arch::Arm64, BinaryFormat::MachO),
        ("darwin", "amd64", Arch::X86_64, BinaryFormat::MachO),
        ("linux", "amd64", Arch::X86_64, BinaryFormat::Elf),
    ];
    let mut darwin = Vec::new();
    for (goos, goarch, arch, format) in targets {
        let path = build(&dir, goos, goarch);
        let bytes = std::fs::read(&path).unwrap();
        let (info, read) = read_counted(&bytes);
        assert_eq!(info.format, format, "{goos}/{goarch}");
        assert_eq!(info.slices.len(), 1);
        check_slice(&info.slices[0], arch, goos, &version);
        eprintln!(
            "{goos}/{goarch}: {} byte binary, read {read} bytes, min_os {:?}, LC_UUID {:?}, {:?}",
            bytes.len(),
            info.slices[0].min_os,
            info.slices[0].uuid,
            info.slices[0].build_version,
        );
        if goos == "darwin" {
            check_load_commands(&path, &info);
            let slice = &info.slices[0];
            // Go's linker writes LC_UUID by default from Go 1.24.
            assert_eq!(slice.uuid, go_writes_uuid(&version), "{goos}/{goarch}");
            let bv = slice.build_version.as_ref().expect("LC_BUILD_VERSION");
            assert_eq!(
                (bv.command.as_str(), bv.platform_name()),
                ("LC_BUILD_VERSION", "macos")
            );
            // What Debian 12's Go 1.19 writes (measured; llvm-objdump agrees):
            // arm64 minos 11.0 sdk 11.0, amd64 minos 10.9 sdk 10.9, no LC_UUID.
            if version.starts_with("go1.19") {
                let want = if arch == Arch::Arm64 { "11.0" } else { "10.9" };
                assert_eq!((bv.min_os.as_str(), bv.sdk.as_str()), (want, want));
            }
            // `-B` with a hex note: before the 1.22.9/1.23.3 backport (which needs
            // `-B gobuildid`) it gives a darwin binary no LC_UUID either.
            let with_b = build_with(&dir, goos, goarch, "-s -w -B=0x0123456789abcdef", "-B");
            let b_info = read_binary(&std::fs::read(&with_b).unwrap().as_slice()).unwrap();
            check_load_commands(&with_b, &b_info);
            if version.starts_with("go1.19") {
                assert_eq!(b_info.slices[0].uuid, Some(false));
            }
        }
        assert!(read < BUDGET, "{goos}/{goarch}: read {read} bytes");
        if goos == "darwin" {
            darwin.push((arch, bytes));
        }
    }

    for (sixty_four, format) in [(false, BinaryFormat::Fat), (true, BinaryFormat::Fat64)] {
        let fat = wrap_fat(&darwin, sixty_four);
        let (info, read) = read_counted(&fat);
        assert_eq!(info.format, format);
        assert_eq!(info.arches(), vec![Arch::Arm64, Arch::X86_64]);
        for slice in &info.slices {
            check_slice(slice, slice.arch, "darwin", &version);
        }
        assert!(info.runs_natively_on(Arch::Arm64));
        let fat_path = dir.join(format!("hello-fat-{sixty_four}"));
        std::fs::write(&fat_path, &fat).unwrap();
        check_load_commands(&fat_path, &info);
        eprintln!("{format:?}: {} byte binary, read {read} bytes", fat.len());
        assert!(
            read < BUDGET * info.slices.len() as u64,
            "{format:?}: read {read} bytes"
        );
    }
}
