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
        let mut in_version_cmd = false;
        for line in part.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["cmd", "LC_UUID"] => slice.uuid = true,
                ["cmd", "LC_BUILD_VERSION"] | ["cmd", "LC_VERSION_MIN_MACOSX"] => {
                    in_version_cmd = slice.min_os.is_none()
                }
                ["cmd", _] => in_version_cmd = false,
                ["minos", v] | ["version", v] if in_version_cmd => {
                    slice.min_os = Some(v.to_string())
                }
                ["sdk", v] if in_version_cmd => slice.sdk = Some(v.to_string()),
                _ => {}
            }
        }
        slices.push(slice);
    }
    Some(slices)
}
