//! Tools installed by `go install`: every binary in GOBIN, or in each GOPATH's `bin`.
//!
//! Only headers and the build-info blob are read, never whole binaries.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::binary::{read_binary, target_os};
use crate::facts::{GoInstall, GoSetting, ProbeProblem, Tool};
use crate::host::{FileKind, Host};

use super::HostFile;

/// More entries than this in one directory are not scanned (and reported).
pub const MAX_TOOLS_PER_DIR: usize = 20_000;

/// The directories `go install` writes to: GOBIN if set, else each GOPATH element's `bin`.
pub fn tool_dirs(settings: &BTreeMap<String, GoSetting>) -> Vec<PathBuf> {
    if let Some(gobin) = settings.get("GOBIN").filter(|s| !s.value.is_empty()) {
        return vec![PathBuf::from(&gobin.value)];
    }
    settings
        .get("GOPATH")
        .map(|s| {
            s.value
                .split(':')
                .filter(|e| e.starts_with('/'))
                .map(|e| PathBuf::from(e).join("bin"))
                .collect()
        })
        .unwrap_or_default()
}

/// The `pkg/tool` programs read of the active toolchain: the ones `go build`, `go test`
/// and `go vet` run on every build.
pub const TOOLCHAIN_PROGRAMS: [&str; 5] = ["compile", "link", "asm", "cgo", "vet"];

/// At most this many `pkg/tool/GOOS_GOARCH` directories are looked in (a toolchain has
/// one, or two when it was built to cross-compile its tools).
pub const MAX_TOOLCHAIN_DIRS: usize = 2;

/// Read the headers of the active toolchain's [`TOOLCHAIN_PROGRAMS`]: at most
/// `MAX_TOOLCHAIN_DIRS × 5` files, each costing its headers and build info.
pub fn toolchain_programs(host: &dyn Host, install: &GoInstall) -> Vec<Tool> {
    let Some(goroot) = &install.goroot else {
        return Vec::new();
    };
    let tool_root = goroot.join("pkg/tool");
    let Ok(mut dirs) = host.read_dir(&tool_root) else {
        return Vec::new();
    };
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs
        .iter()
        .filter(|d| d.contains('_') && !d.starts_with('.'))
        .take(MAX_TOOLCHAIN_DIRS)
    {
        for name in TOOLCHAIN_PROGRAMS {
            let path = tool_root.join(dir).join(name);
            match host.metadata(&path) {
                Ok(m) if m.kind == FileKind::File => {}
                _ => continue,
            }
            let (binary, os) = match HostFile::open(host, &path) {
                Ok(f) => match read_binary(&f) {
                    Ok(info) => {
                        let os = target_os(&f, &info);
                        (Ok(info), os)
                    }
                    Err(e) => (Err(e.to_string()), None),
                },
                Err(e) => (Err(e.to_string()), None),
            };
            out.push(Tool {
                path,
                name: format!("{dir}/{name}"),
                binary,
                os,
            });
        }
    }
    out
}

/// Scan the tool directories.
pub fn scan(
    host: &dyn Host,
    settings: &BTreeMap<String, GoSetting>,
    problems: &mut Vec<ProbeProblem>,
) -> (Vec<PathBuf>, Vec<Tool>) {
    let dirs = tool_dirs(settings);
    let mut tools = Vec::new();
    for dir in &dirs {
        let names = match host.read_dir(dir) {
            Ok(names) => names,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(ProbeProblem {
                    what: "tool-dir-unreadable".into(),
                    path: Some(dir.clone()),
                    detail: e.to_string(),
                });
                continue;
            }
        };
        if names.len() > MAX_TOOLS_PER_DIR {
            problems.push(ProbeProblem {
                what: "tool-dir-too-large".into(),
                path: Some(dir.clone()),
                detail: format!(
                    "{} entries; only the first {MAX_TOOLS_PER_DIR} were looked at",
                    names.len()
                ),
            });
        }
        for name in names.into_iter().take(MAX_TOOLS_PER_DIR) {
            if name.starts_with('.') {
                continue;
            }
            let path = dir.join(&name);
            let (binary, os) = match host.metadata(&path) {
                Ok(m) if m.kind == FileKind::Dir => continue,
                // FIFOs and devices are not tools, and reading them could block.
                Ok(m) if m.kind == FileKind::Other => continue,
                Ok(_) => match HostFile::open(host, &path) {
                    Ok(f) => match read_binary(&f) {
                        Ok(info) => {
                            let os = target_os(&f, &info);
                            (Ok(info), os)
                        }
                        Err(e) => (Err(e.to_string()), None),
                    },
                    Err(e) => (Err(e.to_string()), None),
                },
                Err(e) => (Err(e.to_string()), None),
            };
            tools.push(Tool {
                path,
                name,
                binary,
                os,
            });
        }
    }
    (dirs, tools)
}
