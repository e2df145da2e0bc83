//! Simulations of the two programs whose output startup files `eval`:
//! `/usr/libexec/path_helper -s` and `brew shellenv`.
//!
//! path_helper (apple-oss-distributions/shell_cmds `path_helper.c`): the new PATH is the
//! lines of `/etc/paths`, then of each regular file directly inside `/etc/paths.d`
//! (symlinks and subdirectories skipped; names with numeric prefixes sorted numerically
//! first, then bytewise), one entry per line with no comment syntax and no trimming, empty
//! lines skipped; then the existing PATH entries; exact duplicates dropped.

use std::path::{Path, PathBuf};

use crate::facts::{Origin, Os, PathEntry};
use crate::host::FileKind;

use super::Evaluator;
use crate::shell::state::Var;

/// The files path_helper reads, in its order.
pub fn path_helper_files(ev: &Evaluator<'_>) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("/etc/paths")];
    let dir = Path::new("/etc/paths.d");
    let mut names: Vec<String> = ev
        .host
        .read_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| {
            ev.host
                .symlink_metadata(&dir.join(n))
                .map(|m| m.kind == FileKind::File)
                .unwrap_or(false)
        })
        .collect();
    names.sort_by_key(|a| sort_key(a));
    files.extend(names.into_iter().map(|n| dir.join(n)));
    files
}

/// Numeric-prefixed names first, in numeric order; then bytewise.
fn sort_key(name: &str) -> (u8, u128, Vec<u8>) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        (1, 0, name.as_bytes().to_vec())
    } else {
        let n = digits.parse::<u128>().unwrap_or(u128::MAX);
        (0, n, name.as_bytes().to_vec())
    }
}

/// Apply `eval "$(/usr/libexec/path_helper -s)"` to the evaluator's PATH.
pub fn apply(ev: &mut Evaluator<'_>) {
    let mut entries: Vec<PathEntry> = Vec::new();
    for file in path_helper_files(ev) {
        let bytes = match ev.host.read(&file) {
            Ok(b) => b,
            Err(_) => continue,
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for (k, line) in text.split('\n').enumerate() {
            if line.is_empty() || entries.iter().any(|e| e.dir == line) {
                continue;
            }
            entries.push(PathEntry {
                dir: line.to_string(),
                origin: Origin::PathHelper {
                    path: file.clone(),
                    line: k as u32 + 1,
                },
            });
        }
    }
    let old = ev.env.path.clone().unwrap_or_default();
    for e in old {
        if !entries.iter().any(|x| x.dir == e.dir) {
            entries.push(e);
        }
    }
    let incomplete = ev.env.path_incomplete;
    let origin = ev.origin_here();
    ev.set_path(entries, incomplete, origin, false);
    if ev
        .env
        .vars
        .get("MANPATH")
        .map(|v| v.exported)
        .unwrap_or(false)
    {
        ev.unknown(
            "path_helper also rewrites MANPATH (not modelled)",
            &["MANPATH"],
        );
        if let Some(v) = ev.env.vars.get_mut("MANPATH") {
            v.val = None;
        }
    }
}

/// Apply `eval "$(PREFIX/bin/brew shellenv)"` (Homebrew/brew `cmd/shellenv.sh`).
pub fn brew_shellenv(ev: &mut Evaluator<'_>, prefix: &str) {
    let bin = format!("{prefix}/bin");
    let sbin = format!("{prefix}/sbin");
    let path = ev.env.path.clone().unwrap_or_default();
    if path.len() >= 2 && path[0].dir == bin && path[1].dir == sbin {
        // shellenv prints nothing when PATH already starts with them.
        return;
    }
    let (file, line) = match ev.origin_here() {
        Origin::StartupFile { path, line } => (path, line),
        _ => (PathBuf::new(), 0),
    };
    let origin = Origin::BrewShellenv {
        path: file,
        line,
        prefix: PathBuf::from(prefix),
    };
    let repository = if prefix == "/opt/homebrew" {
        prefix.to_string()
    } else if prefix == "/usr/local"
        || prefix.ends_with("/.linuxbrew")
        || crate::host::is_dir(ev.host, &Path::new(prefix).join("Homebrew").join("Library"))
    {
        format!("{prefix}/Homebrew")
    } else {
        prefix.to_string()
    };
    for (name, val) in [
        ("HOMEBREW_PREFIX", prefix.to_string()),
        ("HOMEBREW_CELLAR", format!("{prefix}/Cellar")),
        ("HOMEBREW_REPOSITORY", repository),
    ] {
        ev.env.vars.insert(
            name.to_string(),
            Var {
                val: Some(val),
                exported: true,
                origin: origin.clone(),
            },
        );
    }
    let mut entries = vec![
        PathEntry {
            dir: bin.clone(),
            origin: origin.clone(),
        },
        PathEntry {
            dir: sbin.clone(),
            origin: origin.clone(),
        },
    ];
    if ev.opts.os == Os::Macos {
        // macOS: `PATH_HELPER_ROOT=$PREFIX path_helper -s`: the rest deduplicated.
        for e in path {
            if !entries.iter().any(|x| x.dir == e.dir) {
                entries.push(e);
            }
        }
    } else {
        // Elsewhere: `export PATH="$PREFIX/bin:$PREFIX/sbin${PATH+:$PATH}"`.
        entries.extend(path);
    }
    let incomplete = ev.env.path_incomplete;
    ev.set_path(entries, incomplete, origin.clone(), false);
    // INFOPATH="$PREFIX/share/info:${INFOPATH:-}".
    let info_old = ev.env.vars.get("INFOPATH").map(|v| v.val.clone());
    let info = match info_old {
        None => Some(format!("{prefix}/share/info:")),
        Some(Some(v)) => Some(format!("{prefix}/share/info:{v}")),
        Some(None) => None,
    };
    ev.env.vars.insert(
        "INFOPATH".into(),
        Var {
            val: info,
            exported: true,
            origin: origin.clone(),
        },
    );
    if ev.opts.os != Os::Macos {
        // MANPATH="$PREFIX/share/man${MANPATH+:$MANPATH}:".
        let old = ev.env.vars.get("MANPATH").map(|v| v.val.clone());
        let man = match old {
            None => Some(format!("{prefix}/share/man:")),
            Some(Some(v)) => Some(format!("{prefix}/share/man:{v}:")),
            Some(None) => None,
        };
        ev.env.vars.insert(
            "MANPATH".into(),
            Var {
                val: man,
                exported: true,
                origin,
            },
        );
    } else if ev.env.vars.contains_key("MANPATH") {
        ev.unknown(
            "brew shellenv also rewrites MANPATH (not modelled)",
            &["MANPATH"],
        );
        if let Some(v) = ev.env.vars.get_mut("MANPATH") {
            v.val = None;
        }
    }
}
