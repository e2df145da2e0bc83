//! Tools installed by `go install`: every binary in GOBIN, or in each GOPATH's `bin`.
//!
//! Only headers and the build-info blob are read, never whole binaries.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::binary::{read_binary, target_os};
use crate::facts::{GoSetting, ProbeProblem, Tool};
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
