//! The text of the startup-file lines that matter, and NativeGo's own blocks in them.
//!
//! Fixes edit exactly the line a value came from, and refuse when it no longer reads the
//! same; the checks are pure, so the probe hands them the line texts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::facts::{FileState, LoginEnv, ManagedBlock, Origin};
use crate::host::Host;

/// Lines of the startup files, by path and 1-based number, for every origin in `login`.
pub fn origin_lines(host: &dyn Host, login: &LoginEnv) -> BTreeMap<PathBuf, BTreeMap<u32, String>> {
    let mut wanted: BTreeMap<PathBuf, BTreeSet<u32>> = BTreeMap::new();
    let origins = login
        .origins
        .values()
        .chain(login.path.iter().map(|e| &e.origin));
    for origin in origins {
        if let Origin::StartupFile { path, line } | Origin::BrewShellenv { path, line, .. } = origin
        {
            wanted.entry(path.clone()).or_default().insert(*line);
        }
    }
    let mut out = BTreeMap::new();
    for (path, lines) in wanted {
        let Ok(bytes) = host.read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut found = BTreeMap::new();
        for (i, l) in text.split('\n').enumerate() {
            let n = i as u32 + 1;
            if lines.contains(&n) {
                found.insert(n, l.strip_suffix('\r').unwrap_or(l).to_string());
            }
        }
        out.insert(path, found);
    }
    out
}

/// NativeGo-managed blocks in the startup files that were read.
pub fn managed_blocks(host: &dyn Host, login: &LoginEnv) -> Vec<ManagedBlock> {
    let mut out = Vec::new();
    for file in login.files.iter().filter(|f| f.state == FileState::Read) {
        let Ok(bytes) = host.read(&file.path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut open: Option<(String, u32)> = None;
        for (i, l) in text.split('\n').enumerate() {
            let l = l.trim_end_matches('\r').trim();
            let n = i as u32 + 1;
            if let Some(name) = l
                .strip_prefix("# >>> nativego: ")
                .and_then(|r| r.strip_suffix(" >>>"))
            {
                open = Some((name.to_string(), n));
            } else if let Some(name) = l
                .strip_prefix("# <<< nativego: ")
                .and_then(|r| r.strip_suffix(" <<<"))
            {
                if let Some((open_name, first)) = open.take() {
                    if open_name == name {
                        out.push(ManagedBlock {
                            path: file.path.clone(),
                            name: open_name,
                            first_line: first,
                            last_line: n,
                        });
                    }
                }
            }
        }
    }
    out
}
