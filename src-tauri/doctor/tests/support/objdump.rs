//! `llvm-objdump --macho --private-headers --arch all` (Debian's `llvm` package) as a
//! third opinion on Mach-O load commands: per slice, whether `LC_UUID` is there and the
//! first `minos`/`sdk` it prints. `None` when llvm-objdump is not installed.

use std::path::Path;
use std::process::Command;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjdumpSlice {
    pub uuid: bool,
    /// `minos` of LC_BUILD_VERSION, or `version` of LC_VERSION_MIN_MACOSX.
    pub min_os: Option<String>,
    pub sdk: Option<String>,
}

pub fn available() -> bool {
    Command::new("llvm-objdump")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn slices(path: &Path) -> Option<Vec<ObjdumpSlice>> {
    let out = Command::new("llvm-objdump")
        .args(["--macho", "--private-headers", "--arch", "all"])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut slices = Vec::new();
    // Every slice starts with its own "Mach header" block.
    for part in text.split("Mach header").skip(1) {
        let mut slice = ObjdumpSlice {
            uuid: false,
            min_os: None,
            sdk: None,
        };
        // The command being printed: LC_BUILD_VERSION prints `minos` (and, for its
        // tools, `version` lines that are not the OS), LC_VERSION_MIN_MACOSX `version`.
        let mut current = "";
        let mut legacy = (None, None);
        for line in part.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["cmd", "LC_UUID"] => slice.uuid = true,
                ["cmd", name] => current = name,
                ["minos", v] if current == "LC_BUILD_VERSION" && slice.min_os.is_none() => {
                    slice.min_os = Some(v.to_string())
                }
                ["sdk", v] if current == "LC_BUILD_VERSION" && slice.sdk.is_none() => {
                    slice.sdk = Some(v.to_string())
                }
                ["version", v] if current == "LC_VERSION_MIN_MACOSX" && legacy.0.is_none() => {
                    legacy.0 = Some(v.to_string())
                }
                ["sdk", v] if current == "LC_VERSION_MIN_MACOSX" && legacy.1.is_none() => {
                    legacy.1 = Some(v.to_string())
                }
                _ => {}
            }
        }
        if slice.min_os.is_none() {
            (slice.min_os, slice.sdk) = legacy;
        }
        slices.push(slice);
    }
    Some(slices)
}
