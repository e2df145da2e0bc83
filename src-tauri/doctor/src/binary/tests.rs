//! Round trips through the writer and reader, and hostile inputs: every truncation,
//! random byte flips, lying headers. The reader must answer `Ok` or `Err`, never panic
//! or loop, and must read only a small part of any file.

use super::write::{
    build_info_blob, render_modinfo, wrap_fat, write_elf, write_fat, write_macho, SliceSpec,
};
use super::*;

fn read(bytes: &[u8]) -> Result<BinaryInfo, BinaryError> {
    read_binary(&bytes)
}

fn go_spec(arch: Arch, goos: &str) -> SliceSpec {
    let mut spec = SliceSpec::go_program(arch, "go1.27.3", goos, "example.com/hello");
    if goos == "darwin" {
        spec.min_os = Some("13.0".into());
    }
    spec
}

fn assert_go(slice: &Slice, arch: Arch, goos: &str) {
    assert_eq!(slice.arch, arch);
    let build = slice.build.as_ref().expect("build info");
    assert_eq!(build.go_version, "go1.27.3");
    assert_eq!(build.path.as_deref(), Some("example.com/hello"));
    let main = build.main.as_ref().expect("main module");
    assert_eq!(main.path, "example.com/hello");
    assert_eq!(main.version, "(devel)");
    assert_eq!(main.sum, None);
    assert_eq!(build.settings["GOARCH"], arch.goarch());
    assert_eq!(build.settings["GOOS"], goos);
    assert_eq!(build.settings["-buildmode"], "exe");
}

#[test]
fn thin_macho_round_trips() {
    for arch in [
        Arch::Arm64,
        Arch::Arm64e,
        Arch::X86_64,
        Arch::I386,
        Arch::Arm,
        Arch::Arm64_32,
        Arch::Ppc,
        Arch::Ppc64,
    ] {
        let bytes = write_macho(&go_spec(arch, "darwin"));
        assert!(bytes.len() < 1024, "{arch}: {} bytes", bytes.len());
        let info = read(&bytes).unwrap_or_else(|e| panic!("{arch}: {e}"));
        assert_eq!(info.format, BinaryFormat::MachO);
        assert_eq!(info.slices.len(), 1);
        let slice = &info.slices[0];
        assert_go(slice, arch, "darwin");
        assert_eq!(slice.min_os.as_deref(), Some("13.0"));
        assert_eq!((slice.offset, slice.size), (0, bytes.len() as u64));
    }
}

#[test]
fn little_endian_64_bit_macho_starts_with_cffaedfe() {
    let bytes = write_macho(&SliceSpec::new(Arch::Arm64));
    assert_eq!(&bytes[..4], &[0xcf, 0xfa, 0xed, 0xfe]);
    let bytes = write_macho(&SliceSpec::new(Arch::Ppc));
    assert_eq!(&bytes[..4], &[0xfe, 0xed, 0xfa, 0xce]);
}

#[test]
fn macho_without_build_info_or_min_os() {
    let info = read(&write_macho(&SliceSpec::new(Arch::X86_64))).unwrap();
    assert_eq!(info.arches(), vec![Arch::X86_64]);
    assert_eq!(info.slices[0].build, None);
    assert_eq!(info.slices[0].min_os, None);
    assert_eq!(info.go_version(), None);
}

#[test]
fn min_os_with_patch_version() {
    let mut spec = SliceSpec::new(Arch::Arm64);
    spec.min_os = Some("11.0.1".into());
    assert_eq!(
        read(&write_macho(&spec)).unwrap().slices[0]
            .min_os
            .as_deref(),
        Some("11.0.1")
    );
}

#[test]
fn go_without_module_info() {
    let mut spec = SliceSpec::new(Arch::Arm64);
    spec.go_version = Some("go1.16.15".into());
    let info = read(&write_macho(&spec)).unwrap();
    let build = info.build().unwrap();
    assert_eq!(build.go_version, "go1.16.15");
    assert_eq!(build.path, None);
    assert_eq!(build.main, None);
    assert!(build.settings.is_empty());
}

#[test]
fn quoted_settings_survive_a_round_trip() {
    let settings = [
        ("-ldflags", "-s -w -X \"main.v=1\""),
        ("we=ird key", "tab\there"),
        ("-tags", "netgo"),
        ("CGO_CFLAGS", ""),
    ];
    let text = render_modinfo("x/cmd", "x", "v1.0.0", Some("h1:abc="), &settings);
    assert!(
        text.contains("build\t-ldflags=\"-s -w -X \\\"main.v=1\\\"\"\n"),
        "{text}"
    );
    assert!(
        text.contains("build\t\"we=ird key\"=\"tab\\there\"\n"),
        "{text}"
    );
    let mut spec = SliceSpec::new(Arch::Arm64);
    spec.go_version = Some("go1.27.3".into());
    spec.modinfo = Some(text);
    let build = read(&write_macho(&spec))
        .unwrap()
        .slices
        .remove(0)
        .build
        .unwrap();
    for (k, v) in settings {
        assert_eq!(build.settings[k], v);
    }
    assert_eq!(build.main.unwrap().sum.as_deref(), Some("h1:abc="));
}

#[test]
fn blob_layout_matches_go_linker() {
    let text = "path\tx\nmod\tx\t(devel)\t\n";
    let blob = build_info_blob("go1.22.0", Some(text), 8, false);
    assert_eq!(&blob[..14], b"\xff Go buildinf:");
    assert_eq!(blob[14], 8);
    assert_eq!(blob[15], 2);
    assert_eq!(blob[32], 8);
    assert_eq!(&blob[33..41], b"go1.22.0");
    assert_eq!(blob[41] as usize, text.len() + 32);
    assert_eq!(&blob[42..58], &buildinfo::INFO_START);
    assert_eq!(blob.len() % 16, 0);
    assert_eq!(build_info_blob("go1.22.0", None, 4, true)[14..16], [4, 3]);
}

#[test]
fn long_modinfo_needs_a_two_byte_length() {
    let settings: Vec<(String, String)> = (0..40)
        .map(|i| (format!("KEY_{i}"), "v".repeat(20)))
        .collect();
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut spec = SliceSpec::new(Arch::Arm64);
    spec.go_version = Some("go1.27.3".into());
    spec.modinfo = Some(render_modinfo("x", "x", "(devel)", None, &pairs));
    let build = read(&write_macho(&spec))
        .unwrap()
        .slices
        .remove(0)
        .build
        .unwrap();
    assert_eq!(build.settings.len(), 40);
}

#[test]
fn universal_binaries_round_trip() {
    let specs = [
        go_spec(Arch::X86_64, "darwin"),
        go_spec(Arch::Arm64, "darwin"),
    ];
    for (sixty_four, format) in [(false, BinaryFormat::Fat), (true, BinaryFormat::Fat64)] {
        let bytes = write_fat(&specs, sixty_four);
        let info = read(&bytes).unwrap();
        assert_eq!(info.format, format);
        assert_eq!(info.arches(), vec![Arch::X86_64, Arch::Arm64]);
        for slice in &info.slices {
            assert_go(slice, slice.arch, "darwin");
            assert_eq!(slice.offset % (1 << 14), 0);
            assert_eq!(slice.min_os.as_deref(), Some("13.0"));
        }
        assert!(info.runs_natively_on(Arch::Arm64));
    }
}

#[test]
fn universal_with_arm64e_and_a_non_go_slice() {
    let specs = [
        go_spec(Arch::Arm64e, "darwin"),
        SliceSpec::new(Arch::X86_64),
    ];
    let info = read(&write_fat(&specs, false)).unwrap();
    assert_eq!(info.arches(), vec![Arch::Arm64e, Arch::X86_64]);
    assert!(info.slices[0].build.is_some());
    assert!(info.slices[1].build.is_none());
    assert_eq!(info.go_version(), Some("go1.27.3"));
}

#[test]
fn elf_round_trips() {
    for arch in [Arch::X86_64, Arch::Arm64, Arch::Riscv64, Arch::I386] {
        let bytes = write_elf(&go_spec(arch, "linux"));
        assert!(bytes.len() < 1024);
        let info = read(&bytes).unwrap();
        assert_eq!(info.format, BinaryFormat::Elf);
        assert_go(&info.slices[0], arch, "linux");
        assert_eq!(info.slices[0].min_os, None);
    }
    let info = read(&write_elf(&SliceSpec::new(Arch::Arm64))).unwrap();
    assert_eq!(info.arches(), vec![Arch::Arm64]);
    assert_eq!(info.slices[0].build, None);
}

/// Rename the build-info section so only Go's fallback (the first RW data segment /
/// writable PT_LOAD) can find the blob.
fn rename(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("name present");
    bytes[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn fallback_search_without_the_section() {
    let mut macho = write_macho(&go_spec(Arch::Arm64, "darwin"));
    rename(&mut macho, b"__go_buildinfo", b"__data\0\0\0\0\0\0\0\0");
    assert_go(&read(&macho).unwrap().slices[0], Arch::Arm64, "darwin");

    let mut elf = write_elf(&go_spec(Arch::X86_64, "linux"));
    rename(&mut elf, b".go.buildinfo", b".data\0\0\0\0\0\0\0\0");
    assert_go(&read(&elf).unwrap().slices[0], Arch::X86_64, "linux");
}

#[test]
fn misaligned_magic_is_ignored() {
    // Shift the blob by 8 bytes inside the data: Go only accepts 16-byte alignment.
    let mut spec = go_spec(Arch::Arm64, "darwin");
    spec.min_os = None;
    let bytes = write_macho(&spec);
    let at = bytes
        .windows(14)
        .position(|w| w == buildinfo::MAGIC)
        .unwrap();
    let mut shifted = bytes.clone();
    shifted.copy_within(at..bytes.len() - 8, at + 8);
    shifted[at..at + 8].fill(0);
    assert_eq!(read(&shifted).unwrap().slices[0].build, None);
}

#[test]
fn old_pointer_format_is_followed() {
    // Hand-build a Go <1.18 style blob: two pointers to string headers in __DATA.
    let mut bytes = write_macho(&SliceSpec::new(Arch::X86_64));
    // The __data section (16 zero bytes) is the last thing in the file; grow it.
    let data_off = bytes.len() - 16;
    let cmd = data_segment(&bytes);
    let seg_vmaddr = le64(&bytes, cmd + 24);
    assert_eq!(le64(&bytes, cmd + 40), data_off as u64);
    let vers = b"go1.16.15";
    let modinfo = {
        let mut m = buildinfo::INFO_START.to_vec();
        m.extend_from_slice(b"path\tx/cmd\nmod\tx\tv1.0.0\t\n");
        m.extend_from_slice(&buildinfo::INFO_END);
        m
    };
    let mut blob = vec![0u8; 32];
    blob[..14].copy_from_slice(buildinfo::MAGIC);
    blob[14] = 8;
    blob[15] = 0;
    let hdr1 = 32u64;
    let hdr2 = 48u64;
    let s1 = 64u64;
    let s2 = s1 + vers.len() as u64;
    blob[16..24].copy_from_slice(&(seg_vmaddr + hdr1).to_le_bytes());
    blob[24..32].copy_from_slice(&(seg_vmaddr + hdr2).to_le_bytes());
    blob.extend_from_slice(&(seg_vmaddr + s1).to_le_bytes());
    blob.extend_from_slice(&(vers.len() as u64).to_le_bytes());
    blob.extend_from_slice(&(seg_vmaddr + s2).to_le_bytes());
    blob.extend_from_slice(&(modinfo.len() as u64).to_le_bytes());
    blob.extend_from_slice(vers);
    blob.extend_from_slice(&modinfo);
    bytes.truncate(data_off);
    bytes.extend_from_slice(&blob);
    // Patch the __DATA segment's filesize and the section size (both were 16).
    let size = blob.len() as u64;
    // segment_command_64 filesize at +48; section_64 size at +40.
    bytes[cmd + 48..cmd + 56].copy_from_slice(&size.to_le_bytes());
    let sect = cmd + 72;
    bytes[sect + 40..sect + 48].copy_from_slice(&size.to_le_bytes());
    let build = read(&bytes)
        .unwrap()
        .slices
        .remove(0)
        .build
        .expect("old-format build info");
    assert_eq!(build.go_version, "go1.16.15");
    assert_eq!(build.path.as_deref(), Some("x/cmd"));
    assert_eq!(build.main.unwrap().version, "v1.0.0");
}

#[test]
fn reads_only_what_it_needs() {
    // A 64 MiB "binary" whose build info sits at the end: only headers and blob are read.
    let mut bytes = write_macho(&go_spec(Arch::Arm64, "darwin"));
    let small = bytes.len() as u64;
    bytes.resize(64 << 20, 0);
    let src = &bytes[..];
    let counting = CountingSource::new(&src);
    let info = read_binary(&counting).unwrap();
    assert!(info.build().is_some());
    assert!(
        counting.bytes_read() <= small,
        "{} bytes read",
        counting.bytes_read()
    );
    assert!(counting.reads() <= 4);
}

/// Offset of the `__DATA` `segment_command_64` in a file from `write_macho`.
fn data_segment(bytes: &[u8]) -> usize {
    let name = b"__DATA\0\0\0\0\0\0\0\0\0\0";
    bytes.windows(16).position(|w| w == name).unwrap() - 8
}

fn le64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

#[test]
fn fallback_scan_is_bounded() {
    // A huge RW segment without the magic: the scan stops within MAX_FILE_BYTES in all.
    let mut bytes = write_macho(&SliceSpec::new(Arch::Arm64));
    let size = 64u64 << 20;
    // segment_command_64: vmaddr +24, vmsize +32, fileoff +40, filesize +48.
    let cmd = data_segment(&bytes);
    bytes[cmd + 32..cmd + 40].copy_from_slice(&size.to_le_bytes());
    bytes[cmd + 48..cmd + 56].copy_from_slice(&size.to_le_bytes());
    let fileoff = le64(&bytes, cmd + 40);
    bytes.resize((fileoff + size) as usize, 0);
    let src = &bytes[..];
    let counting = CountingSource::new(&src);
    let info = read_binary(&counting).unwrap();
    assert_eq!(info.slices[0].build, None);
    let read = counting.bytes_read();
    // The header and load commands, then Go's window cut by what they cost: 64 KiB in
    // all, nothing more.
    let headers = 32 + u64::from(u32::from_le_bytes(bytes[20..24].try_into().unwrap()));
    assert_eq!(MAX_FILE_BYTES, 64 << 10);
    assert!(read <= MAX_FILE_BYTES, "{read}");
    assert!(
        read + headers + 4 >= MAX_FILE_BYTES,
        "the window is used: {read}"
    );
}

/// A Go program whose blob is not in a `__go_buildinfo` section but `at` bytes into the
/// data segment, which is `size` bytes long.
fn blob_in_segment(at: usize, size: usize) -> Vec<u8> {
    let mut bytes = write_macho(&go_spec(Arch::Arm64, "darwin"));
    let name = b"__go_buildinfo\0\0";
    let sect = bytes.windows(16).position(|w| w == name).unwrap();
    bytes[sect..sect + 16].copy_from_slice(b"__data\0\0\0\0\0\0\0\0\0\0");
    let cmd = data_segment(&bytes);
    let fileoff = le64(&bytes, cmd + 40) as usize;
    let blob = bytes[fileoff..].to_vec();
    bytes.truncate(fileoff);
    bytes.resize(fileoff + size, 0);
    bytes[fileoff + at..fileoff + at + blob.len()].copy_from_slice(&blob);
    let size = size as u64;
    bytes[cmd + 32..cmd + 40].copy_from_slice(&size.to_le_bytes());
    bytes[cmd + 48..cmd + 56].copy_from_slice(&size.to_le_bytes());
    bytes
}

#[test]
fn fallback_finds_the_blob_inside_gos_window_only() {
    // debug/buildinfo (Go <= 1.22) reads 64 KiB from the data segment's start and
    // decodes the blob from that read: a blob wholly inside it is found; one whose
    // header fits but whose strings are cut by the window is not a Go program to Go
    // (decodeString fails), nor to NativeGo; one past it is not found.
    let size = 1 << 20;
    let blob_len = build_info_blob(
        "go1.27.3",
        go_spec(Arch::Arm64, "darwin").modinfo.as_deref(),
        8,
        false,
    )
    .len();
    let last_whole = ((64 << 10) - blob_len) / 16 * 16;
    for (at, found) in [
        (0usize, true),
        (0x1000, true),
        // Go's window is cut by what the headers cost (64 KiB per file in all), so a blob
        // in its last few KiB — never where Go's linker puts it, at the very start — is
        // not searched; one 8 KiB before the edge still is.
        (last_whole - (8 << 10), true),
        ((64 << 10) - 32, false),
        ((64 << 10) - 16, false),
        (64 << 10, false),
        (512 << 10, false),
    ] {
        let bytes = blob_in_segment(at, size);
        let src = &bytes[..];
        let counting = CountingSource::new(&src);
        let info = read_binary(&counting).unwrap();
        assert_eq!(info.build().is_some(), found, "blob at {at}");
        if found {
            assert_go(&info.slices[0], Arch::Arm64, "darwin");
        }
        assert!(counting.bytes_read() <= MAX_FILE_BYTES, "blob at {at}");
    }
}

#[test]
fn universal_non_go_file_is_searched_once() {
    // Two slices with large data segments and no build info: only the first slice's
    // segment is searched (Go reads only the first slice), so the file costs one 64 KiB
    // window, not two.
    let mut thin = write_macho(&SliceSpec::new(Arch::Arm64));
    let size = 1u64 << 20;
    let cmd = data_segment(&thin);
    thin[cmd + 32..cmd + 40].copy_from_slice(&size.to_le_bytes());
    thin[cmd + 48..cmd + 56].copy_from_slice(&size.to_le_bytes());
    let fileoff = le64(&thin, cmd + 40);
    thin.resize((fileoff + size) as usize, 0);
    let mut x86 = thin.clone();
    // cputype of the second slice: x86_64.
    x86[4..8].copy_from_slice(&0x0100_0007u32.to_le_bytes());
    let fat = wrap_fat(&[(Arch::Arm64, thin), (Arch::X86_64, x86)], false);
    let src = &fat[..];
    let counting = CountingSource::new(&src);
    let info = read_binary(&counting).unwrap();
    assert_eq!(info.arches(), vec![Arch::Arm64, Arch::X86_64]);
    assert!(info.build().is_none());
    let read = counting.bytes_read();
    assert!((64 << 10..(64 << 10) + 4096).contains(&read), "{read}");
}

#[test]
fn lc_uuid_and_build_version_are_read() {
    // The writer emits LC_UUID as Go's linker does: from go1.24 on.
    for (go, uuid) in [("go1.23.12", false), ("go1.24.0", true), ("go1.27.3", true)] {
        let mut spec = SliceSpec::go_program(Arch::Arm64, go, "darwin", "example.com/t");
        spec.min_os = Some("11.0".into());
        let info = read(&write_macho(&spec)).unwrap();
        let slice = &info.slices[0];
        assert_eq!(slice.uuid, Some(uuid), "{go}");
        let bv = slice.build_version.as_ref().expect("build version");
        assert_eq!(bv.command, "LC_BUILD_VERSION");
        assert_eq!(bv.platform_name(), "macos");
        assert_eq!((bv.min_os.as_str(), bv.sdk.as_str()), ("11.0", "11.0"));
        assert_eq!(slice.min_os.as_deref(), Some("11.0"));
    }
    // Forced either way, and per slice in a universal binary.
    let mut with = SliceSpec::go_program(Arch::Arm64, "go1.20.1", "darwin", "example.com/t");
    with.uuid = true;
    let mut without = SliceSpec::go_program(Arch::X86_64, "go1.26.1", "darwin", "example.com/t");
    without.uuid = false;
    let info = read(&write_fat(&[with, without], false)).unwrap();
    let uuids: Vec<_> = info.slices.iter().map(|s| s.uuid).collect();
    assert_eq!(uuids, vec![Some(true), Some(false)]);
    assert!(info.slices.iter().all(|s| s.build_version.is_none()));
    // A program that is not Go: Apple's linker always writes LC_UUID.
    assert_eq!(
        read(&write_macho(&SliceSpec::new(Arch::Arm64)))
            .unwrap()
            .slices[0]
            .uuid,
        Some(true)
    );
    // ELF has no such thing.
    let elf = read(&write_elf(&go_spec(Arch::X86_64, "linux"))).unwrap();
    assert_eq!(
        (elf.slices[0].uuid, elf.slices[0].build_version.clone()),
        (None, None)
    );
}

#[test]
fn version_min_macosx_and_sdk_zero() {
    // A thin file whose LC_BUILD_VERSION is rewritten as LC_VERSION_MIN_MACOSX
    // {cmd, cmdsize=16, version, sdk} followed by an 8-byte no-op command; then one
    // with LC_BUILD_VERSION's sdk set to 0.
    let mut spec = SliceSpec::new(Arch::X86_64);
    spec.min_os = Some("10.13".into());
    let bytes = write_macho(&spec);
    let bv_at = (0..bytes.len() - 4)
        .find(|&i| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) == 0x32)
        .unwrap();
    let mut sdk0 = bytes.clone();
    sdk0[bv_at + 16..bv_at + 20].copy_from_slice(&0u32.to_le_bytes());
    let bv = read(&sdk0).unwrap().slices[0]
        .build_version
        .clone()
        .unwrap();
    assert_eq!((bv.min_os.as_str(), bv.sdk.as_str()), ("10.13", "n/a"));

    let mut legacy = bytes.clone();
    let version = u32::from_le_bytes(bytes[bv_at + 12..bv_at + 16].try_into().unwrap());
    let mut cmd = Vec::new();
    for v in [
        0x24u32,
        16,
        version,
        0x000a_0f00,
        0x2a, /* LC_SOURCE_VERSION */
        8,
    ] {
        cmd.extend_from_slice(&v.to_le_bytes());
    }
    legacy[bv_at..bv_at + 24].copy_from_slice(&cmd);
    // ncmds grows by one (the no-op); sizeofcmds is unchanged.
    let ncmds = u32::from_le_bytes(legacy[16..20].try_into().unwrap()) + 1;
    legacy[16..20].copy_from_slice(&ncmds.to_le_bytes());
    let slice = read(&legacy).unwrap().slices[0].clone();
    let bv = slice.build_version.unwrap();
    assert_eq!(bv.command, "LC_VERSION_MIN_MACOSX");
    assert_eq!(
        (bv.platform, bv.min_os.as_str(), bv.sdk.as_str()),
        (1, "10.13", "10.15")
    );
    assert_eq!(slice.min_os.as_deref(), Some("10.13"));
}

fn err_text(bytes: &[u8]) -> String {
    read(bytes).expect_err("should fail").to_string()
}

#[test]
fn empty_and_tiny_files() {
    assert!(err_text(&[]).contains("empty"));
    assert!(err_text(&[0xcf, 0xfa, 0xed]).contains("only 3 bytes"));
    match read(b"\x7fxyz\n") {
        Err(BinaryError::UnknownFormat(m)) => assert_eq!(m, b"\x7fxyz"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn scripts_are_told_apart_from_broken_files() {
    match read(b"#!/usr/bin/env bash\r\nexec asdf exec go \"$@\"\n") {
        Err(BinaryError::Script(line)) => assert_eq!(line, "#!/usr/bin/env bash"),
        other => panic!("{other:?}"),
    }
    assert!(err_text(b"#!/bin/sh").contains("a script (`#!/bin/sh`)"));
}

#[test]
fn java_class_files_are_not_universal_binaries() {
    // CA FE BA BE, minor 0, major 65 (Java 21): nfat_arch reads as 65.
    let class = [0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x41, 0x00, 0x1d];
    let text = err_text(&class);
    assert!(
        text.contains("65 architectures") && text.contains("Java"),
        "{text}"
    );
    let text = err_text(&[0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0]);
    assert!(text.contains("claims 0 architectures"), "{text}");
    let mut huge = vec![0xca, 0xfe, 0xba, 0xbf, 0xff, 0xff, 0xff, 0xff];
    huge.resize(64, 0);
    assert!(err_text(&huge).contains("4294967295 architectures"));
}

#[test]
fn slices_outside_the_file_are_rejected() {
    let mut bytes = write_fat(&[SliceSpec::new(Arch::Arm64)], false);
    bytes[8 + 8..8 + 12].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    let text = err_text(&bytes);
    assert!(
        text.contains("slice 0 (arm64)") && text.contains("but the file has"),
        "{text}"
    );
}

#[test]
fn truncated_load_commands_are_explained() {
    let bytes = write_macho(&go_spec(Arch::Arm64, "darwin"));
    let text = err_text(&bytes[..100]);
    assert!(
        text.contains("load commands end at byte") && text.contains("but the file has 100 bytes"),
        "{text}"
    );
}

#[test]
fn zero_cmdsize_does_not_loop() {
    let mut bytes = write_macho(&SliceSpec::new(Arch::Arm64));
    bytes[32 + 4..32 + 8].fill(0); // first load command's cmdsize
    assert!(err_text(&bytes).contains("has size 0"));
    // And a header claiming billions of commands in a small table.
    let mut bytes = write_macho(&SliceSpec::new(Arch::Arm64));
    bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(read(&bytes).is_err());
}

#[test]
fn oversized_tables_are_refused() {
    let mut bytes = write_macho(&SliceSpec::new(Arch::Arm64));
    bytes[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(err_text(&bytes).contains("bytes of load commands"));
    let mut elf = write_elf(&SliceSpec::new(Arch::Arm64));
    elf[60..62].copy_from_slice(&0xfff0u16.to_le_bytes()); // e_shnum
    let text = err_text(&elf);
    assert!(text.contains("section header table"), "{text}");
}

fn written_samples() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("macho", write_macho(&go_spec(Arch::Arm64, "darwin"))),
        ("macho32-be", write_macho(&go_spec(Arch::Ppc, "darwin"))),
        (
            "fat",
            write_fat(
                &[
                    go_spec(Arch::X86_64, "darwin"),
                    go_spec(Arch::Arm64, "darwin"),
                ],
                false,
            ),
        ),
        ("fat64", write_fat(&[go_spec(Arch::Arm64, "darwin")], true)),
        ("elf", write_elf(&go_spec(Arch::X86_64, "linux"))),
    ]
}

#[test]
fn every_truncation_is_ok_or_err() {
    for (name, bytes) in written_samples() {
        for len in 0..bytes.len() {
            let result = read(&bytes[..len]);
            // Whatever prefix is read, the answer never claims more than was there.
            if let Ok(info) = result {
                for s in &info.slices {
                    assert!(s.offset + s.size <= len as u64, "{name} at {len}");
                }
            }
        }
        assert!(read(&bytes).is_ok(), "{name}");
    }
}

/// xorshift64*: deterministic, dependency-free noise.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn random_byte_flips_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (_, original) in written_samples() {
        for _ in 0..2000 {
            let mut bytes = original.clone();
            let flips = 1 + rng.next() % 4;
            for _ in 0..flips {
                let at = (rng.next() % bytes.len() as u64) as usize;
                bytes[at] = match rng.next() % 3 {
                    0 => bytes[at] ^ (1 << (rng.next() % 8)),
                    1 => 0xff,
                    _ => rng.next() as u8,
                };
            }
            let src = &bytes[..];
            let counting = CountingSource::new(&src);
            let _ = read_binary(&counting);
            // Even a lying header cannot make the reader go far beyond the file.
            assert!(counting.bytes_read() <= 4 * bytes.len() as u64 + (1 << 20));
        }
    }
}

#[test]
fn wrap_fat_reuses_thin_binaries() {
    let arm = write_macho(&go_spec(Arch::Arm64, "darwin"));
    let intel = write_macho(&go_spec(Arch::X86_64, "darwin"));
    let fat = wrap_fat(&[(Arch::Arm64, arm.clone()), (Arch::X86_64, intel)], true);
    let info = read(&fat).unwrap();
    assert_eq!(info.format, BinaryFormat::Fat64);
    assert_eq!(info.slices[0].size, arm.len() as u64);
    assert_eq!(
        &fat[info.slices[0].offset as usize..][..arm.len()],
        &arm[..]
    );
}

#[test]
fn counting_source_counts() {
    let data = vec![1u8; 100];
    let counting = CountingSource::new(&data);
    assert_eq!(counting.read_at(90, 20).unwrap().len(), 10);
    assert_eq!(counting.read_at(200, 20).unwrap().len(), 0);
    assert_eq!((counting.bytes_read(), counting.reads()), (10, 2));
    assert_eq!(ByteSource::len(&counting), 100);
}

#[test]
fn target_os_from_build_info_container_or_elf_osabi() {
    // A Go program: its GOOS, whatever the container says.
    let linux_go = write_elf(&go_spec(Arch::X86_64, "linux"));
    let info = read(&linux_go).unwrap();
    let os = target_os(&linux_go.as_slice(), &info).unwrap();
    assert_eq!(
        (os.goos.as_str(), os.from),
        ("linux", OsSource::GoBuildInfo)
    );
    let mac_go = write_macho(&go_spec(Arch::Arm64, "darwin"));
    let info = read(&mac_go).unwrap();
    let os = target_os(&mac_go.as_slice(), &info).unwrap();
    assert_eq!(
        (os.goos.as_str(), os.from),
        ("darwin", OsSource::GoBuildInfo)
    );
    // Not Go: Mach-O is darwin; an ELF file's EI_OSABI byte names its OS.
    let mac = write_macho(&SliceSpec::new(Arch::X86_64));
    let info = read(&mac).unwrap();
    let os = target_os(&mac.as_slice(), &info).unwrap();
    assert_eq!((os.goos.as_str(), os.from), ("darwin", OsSource::MachO));
    let mut elf = write_elf(&SliceSpec::new(Arch::X86_64));
    let info = read(&elf).unwrap();
    for (osabi, goos) in [
        (0u8, Some("linux")),
        (3, Some("linux")),
        (9, Some("freebsd")),
        (12, Some("openbsd")),
        (97, None),
    ] {
        elf[7] = osabi;
        let os = target_os(&elf.as_slice(), &info);
        assert_eq!(
            os.as_ref().map(|o| o.goos.as_str()),
            goos,
            "EI_OSABI {osabi}"
        );
        if let Some(o) = os {
            assert_eq!(o.from, OsSource::ElfOsAbi);
        }
    }
    // The one byte it reads.
    let counting = CountingSource::new(&elf);
    let _ = target_os(&counting, &info);
    assert_eq!(counting.bytes_read(), 1);
}
