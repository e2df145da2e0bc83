//! `binaries.toml`: the executables of a scenario, described as data.
//!
//! A scenario's Go binaries are small but real Mach-O or ELF files with real headers and
//! real Go build info, written by [`crate::binary::write`]. `binaries.toml` says which
//! ones exist; [`generate`] turns it into bytes, and the committed files under `root/`
//! must equal them (a test keeps the two in step).
//!
//! ```toml
//! [[binary]]
//! path = "/usr/local/go/bin/go"   # machine path
//! format = "macho"                # macho | fat | fat64 | elf
//! arch = ["arm64"]                # one for macho/elf, two or more for fat/fat64
//! go = "go1.27.3"                 # omit for a program that is not Go
//! package = "cmd/go"              # build info `path`
//! module = "cmd"                  # build info `mod` (optional)
//! version = "v0.20.0"             # the main module's version (optional)
//! min_os = "13.0"                 # LC_BUILD_VERSION (Mach-O only, optional)
//! uuid = false                    # LC_UUID (Mach-O only; default: as Go's linker does,
//!                                 # from go1.24, and always for a program that is not Go)
//! corrupt = "truncate"            # write a damaged file (optional)
//! settings = { "vcs.revision" = "0123abcd" }  # build settings added or replaced (optional)
//! ```

// Reads and writes the scenario folder on the real disk.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::scenario::ScenarioError;
use crate::binary::write::{
    go_writes_uuid, render_modinfo, wrap_fat, write_elf, write_macho, SliceSpec,
};
use crate::binary::Arch;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BinariesToml {
    #[serde(default)]
    binary: Vec<BinarySpec>,
}

/// One executable in `binaries.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BinarySpec {
    pub path: String,
    pub format: String,
    pub arch: Vec<String>,
    #[serde(default)]
    pub go: Option<String>,
    #[serde(default)]
    pub package: Option<String>,
    #[serde(default)]
    pub module: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub min_os: Option<String>,
    #[serde(default)]
    pub uuid: Option<bool>,
    #[serde(default)]
    pub corrupt: Option<String>,
    /// Build settings added to or replacing the usual ones (`"vcs.revision" = "…"`,
    /// `GOOS = "windows"`).
    #[serde(default)]
    pub settings: std::collections::BTreeMap<String, String>,
}

/// A generated file: where it goes in the scenario (machine path) and its bytes.
#[derive(Clone, Debug)]
pub struct Generated {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Read a scenario's `binaries.toml` (a missing one means no binaries) and produce the
/// bytes of every binary it lists.
pub fn generate(dir: &Path) -> Result<Vec<Generated>, ScenarioError> {
    let path = dir.join("binaries.toml");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(ScenarioError::Io { path, source }),
    };
    let invalid = |message: String| ScenarioError::Invalid {
        path: path.clone(),
        message,
    };
    let parsed: BinariesToml = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    parsed
        .binary
        .iter()
        .map(|spec| build(spec).map_err(|m| invalid(format!("binary `{}`: {m}", spec.path))))
        .collect()
}

/// Write every binary of `binaries.toml` into the scenario's `root/` (mode 0755).
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, ScenarioError> {
    let mut written = Vec::new();
    for g in generate(dir)? {
        let real = real_path(dir, &g.path);
        let io = |source| ScenarioError::Io {
            path: real.clone(),
            source,
        };
        if let Some(parent) = real.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&real, &g.bytes).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&real, fs::Permissions::from_mode(0o755)).map_err(io)?;
        }
        written.push(g.path);
    }
    Ok(written)
}

/// Where a machine path lives in the scenario folder.
pub fn real_path(dir: &Path, machine: &Path) -> PathBuf {
    let mut real = dir.join("root");
    for c in machine.components() {
        if let Component::Normal(n) = c {
            real.push(n);
        }
    }
    real
}

fn build(spec: &BinarySpec) -> Result<Generated, String> {
    if !spec.path.starts_with('/') {
        return Err("`path` must be an absolute machine path".into());
    }
    let arches = spec
        .arch
        .iter()
        .map(|a| Arch::parse(a).ok_or_else(|| format!("unknown arch {a:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    let goos = match spec.format.as_str() {
        "elf" => "linux",
        _ => "darwin",
    };
    let slice = |arch: Arch| -> SliceSpec {
        let mut s = SliceSpec::new(arch);
        s.min_os = spec.min_os.clone();
        if let Some(go) = &spec.go {
            s.go_version = Some(go.clone());
            s.uuid = go_writes_uuid(go).unwrap_or(false);
            let mut settings: Vec<(&str, &str)> = vec![
                ("-buildmode", "exe"),
                ("-compiler", "gc"),
                ("CGO_ENABLED", if goos == "darwin" { "1" } else { "0" }),
                ("GOARCH", arch.goarch()),
                ("GOOS", goos),
            ];
            for (k, v) in &spec.settings {
                match settings.iter_mut().find(|(key, _)| key == k) {
                    Some(entry) => entry.1 = v,
                    None => settings.push((k, v)),
                }
            }
            s.modinfo = Some(render_modinfo(
                spec.package.as_deref().unwrap_or(""),
                spec.module.as_deref().unwrap_or(""),
                spec.version.as_deref().unwrap_or("(devel)"),
                None,
                &settings,
            ));
        }
        if let Some(uuid) = spec.uuid {
            s.uuid = uuid;
        }
        s
    };
    let mut bytes = match (spec.format.as_str(), arches.as_slice()) {
        ("macho", [arch]) => write_macho(&slice(*arch)),
        ("elf", [arch]) => write_elf(&slice(*arch)),
        ("fat" | "fat64", arches) if arches.len() >= 2 => {
            let slices: Vec<(Arch, Vec<u8>)> = arches
                .iter()
                .map(|a| (*a, write_macho(&slice(*a))))
                .collect();
            wrap_fat(&slices, spec.format == "fat64")
        }
        ("macho" | "elf", _) => return Err("a thin binary has exactly one `arch`".into()),
        ("fat" | "fat64", _) => return Err("a universal binary has two or more `arch`".into()),
        (other, _) => {
            return Err(format!(
                "`format` must be macho, fat, fat64 or elf, not {other:?}"
            ))
        }
    };
    match spec.corrupt.as_deref() {
        None => {}
        // Cut inside the load commands: the header promises more than the file has.
        Some("truncate") => bytes.truncate(bytes.len().min(48)),
        Some(other) => return Err(format!("`corrupt` must be \"truncate\", not {other:?}")),
    }
    Ok(Generated {
        path: PathBuf::from(&spec.path),
        bytes,
    })
}
