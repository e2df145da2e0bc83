//! Which running processes matter for Rosetta: terminal apps and the shells they started.
//!
//! A terminal app opened under Rosetta
//! starts x86_64 shells, and every universal tool those shells run picks its x86_64
//! slice. So the host reports each running terminal app and each shell whose chain of
//! parents leads to one, with whether the kernel marks it `P_TRANSLATED` (docs/macos-facts.md,
//! "A terminal under Rosetta" and "Rosetta for other processes").
//!
//! The selection is pure (a process table in, [`ProcessInfo`]s out) and tested on Linux;
//! only reading the table is macOS code (see `super::sys`).
//!
//! A terminal app is recognised by the app bundle its executable lives in (the outermost
//! `….app` of the path, so `Code Helper.app` inside `Visual Studio Code.app` counts as
//! VS Code) or, when the path is unknown, by its process name. Shells are recognised by
//! name. Shells whose parents were re-parented to `launchd` (a detached tmux server) are
//! not linked to a terminal and are left out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::facts::{ArchPreference, ProcessInfo};

/// One row of the process table, as the OS gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawProcess {
    pub pid: u32,
    pub ppid: u32,
    /// `p_comm`: the executable's file name, at most 16 bytes.
    pub name: String,
    pub exe: Option<PathBuf>,
    pub translated: Option<bool>,
}

/// App bundles of terminal emulators and of editors with a built-in terminal, by
/// bundle directory name (compared without case).
const TERMINAL_BUNDLES: &[&str] = &[
    "Terminal.app",
    "iTerm.app",
    "iTerm2.app",
    "Warp.app",
    "WarpPreview.app",
    "Alacritty.app",
    "kitty.app",
    "WezTerm.app",
    "Ghostty.app",
    "Hyper.app",
    "Tabby.app",
    "Visual Studio Code.app",
    "Visual Studio Code - Insiders.app",
    "Cursor.app",
    "Zed.app",
    "Zed Preview.app",
];

/// JetBrains IDEs carry versions or editions in their bundle names (`GoLand 2025.2.app`,
/// `IntelliJ IDEA CE.app`): matched by prefix.
const TERMINAL_BUNDLE_PREFIXES: &[&str] = &["GoLand", "IntelliJ IDEA"];

/// Process names of terminal apps, for when the executable's path is unknown. Names
/// that are not specific (VS Code's `Electron`, Warp's `stable`) are left out.
const TERMINAL_NAMES: &[&str] = &[
    "Terminal",
    "iTerm2",
    "alacritty",
    "kitty",
    "wezterm-gui",
    "ghostty",
    "Hyper",
    "Tabby",
];

/// Bundle ids of the same apps, for the "Open using Rosetta" preferences.
const TERMINAL_BUNDLE_IDS: &[&str] = &[
    "com.apple.Terminal",
    "com.googlecode.iterm2",
    "org.alacritty",
    "net.kovidgoyal.kitty",
    "com.github.wez.wezterm",
    "com.mitchellh.ghostty",
    "co.zeit.hyper",
    "org.tabby",
    "com.microsoft.VSCode",
    "com.microsoft.VSCodeInsiders",
    // Cursor's bundle id is the one its ToDesktop build gives it.
    "com.todesktop.230313mzl4w4u92",
];

/// Bundle-id prefixes of app families: Warp channels, Zed channels, JetBrains IDEs.
const TERMINAL_BUNDLE_ID_PREFIXES: &[&str] = &["dev.warp.", "dev.zed.", "com.jetbrains."];

/// Shells, by executable name.
const SHELLS: &[&str] = &[
    "zsh", "bash", "fish", "sh", "nu", "tcsh", "csh", "ksh", "dash",
];

/// How far up the parent chain a shell is followed.
const MAX_DEPTH: usize = 64;

/// The outermost `….app` directory in `exe`, and whether `exe` is that bundle's main
/// executable (`X.app/Contents/MacOS/x`) rather than a helper nested inside it.
fn outer_bundle(exe: &Path) -> Option<(String, bool)> {
    let parts: Vec<_> = exe.iter().map(|p| p.to_string_lossy()).collect();
    let i = parts
        .iter()
        .position(|p| p.len() > 4 && p.to_ascii_lowercase().ends_with(".app"))?;
    let main = parts.len() == i + 4 && parts[i + 1] == "Contents" && parts[i + 2] == "MacOS";
    Some((parts[i].to_string(), main))
}

fn is_terminal_bundle(bundle: &str) -> bool {
    let lower = bundle.to_ascii_lowercase();
    TERMINAL_BUNDLES
        .iter()
        .any(|b| b.to_ascii_lowercase() == lower)
        || TERMINAL_BUNDLE_PREFIXES
            .iter()
            .any(|p| lower.starts_with(&p.to_ascii_lowercase()))
}

/// Whether the process belongs to a terminal app (its main process or a helper).
fn in_terminal_app(p: &RawProcess) -> bool {
    match p.exe.as_deref().and_then(outer_bundle) {
        Some((bundle, _)) => is_terminal_bundle(&bundle),
        None => TERMINAL_NAMES.contains(&p.name.as_str()),
    }
}

/// Whether the process is a terminal app's main process (the one "Open using Rosetta"
/// decides the architecture of).
fn is_terminal_main(p: &RawProcess) -> bool {
    match p.exe.as_deref().and_then(outer_bundle) {
        Some((bundle, main)) => main && is_terminal_bundle(&bundle),
        None => p.exe.is_none() && TERMINAL_NAMES.contains(&p.name.as_str()),
    }
}

/// Whether a process name is a shell (`-zsh`, as login shells show in `ps`, included).
pub fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name.strip_prefix('-').unwrap_or(name))
}

/// Whether `bundle_id` is one of the terminal apps (compared without case: the
/// preferences file does not promise the case of its keys).
pub fn is_terminal_bundle_id(bundle_id: &str) -> bool {
    let lower = bundle_id.to_ascii_lowercase();
    TERMINAL_BUNDLE_IDS
        .iter()
        .any(|b| b.to_ascii_lowercase() == lower)
        || TERMINAL_BUNDLE_ID_PREFIXES
            .iter()
            .any(|p| lower.starts_with(&p.to_ascii_lowercase()))
}

/// The preferences that concern terminal apps. Other apps set to "Open using Rosetta"
/// (a game, an old plug-in host) do not change what a shell runs, and are left out.
pub fn terminal_preferences(prefs: Vec<ArchPreference>) -> Vec<ArchPreference> {
    prefs
        .into_iter()
        .filter(|p| {
            is_terminal_bundle_id(&p.bundle_id)
                || p.app_path
                    .as_deref()
                    .and_then(|a| a.file_name())
                    .is_some_and(|n| is_terminal_bundle(&n.to_string_lossy()))
        })
        .collect()
}

/// The terminal apps' main processes and the shells below them, sorted by pid.
pub fn select(table: &[RawProcess]) -> Vec<ProcessInfo> {
    let by_pid: HashMap<u32, &RawProcess> = table.iter().map(|p| (p.pid, p)).collect();
    let under_terminal = |p: &RawProcess| {
        let mut pid = p.ppid;
        for _ in 0..MAX_DEPTH {
            // pid 0 is the kernel, pid 1 launchd: no app above them.
            if pid <= 1 {
                return false;
            }
            let Some(parent) = by_pid.get(&pid) else {
                return false;
            };
            if in_terminal_app(parent) {
                return true;
            }
            pid = parent.ppid;
        }
        false
    };
    let mut out: Vec<ProcessInfo> = table
        .iter()
        .filter(|p| is_terminal_main(p) || (is_shell(&p.name) && under_terminal(p)))
        .map(|p| ProcessInfo {
            pid: p.pid,
            ppid: p.ppid,
            name: p.name.clone(),
            exe: p.exe.clone(),
            translated: p.translated,
        })
        .collect();
    out.sort_by_key(|p| p.pid);
    out.dedup_by_key(|p| p.pid);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pid: u32, ppid: u32, name: &str, exe: Option<&str>, tr: Option<bool>) -> RawProcess {
        RawProcess {
            pid,
            ppid,
            name: name.into(),
            exe: exe.map(PathBuf::from),
            translated: tr,
        }
    }

    /// A process table as a Mac with Terminal, VS Code and a detached tmux has it.
    fn table() -> Vec<RawProcess> {
        vec![
            p(1, 0, "launchd", Some("/sbin/launchd"), Some(false)),
            p(
                400,
                1,
                "Terminal",
                Some("/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal"),
                Some(true),
            ),
            p(401, 400, "login", Some("/usr/bin/login"), Some(true)),
            p(402, 401, "zsh", Some("/bin/zsh"), Some(true)),
            p(403, 402, "bash", Some("/bin/bash"), Some(true)),
            p(404, 403, "go", Some("/usr/local/go/bin/go"), Some(true)),
            p(
                500,
                1,
                "Electron",
                Some("/Applications/Visual Studio Code.app/Contents/MacOS/Electron"),
                Some(false),
            ),
            p(
                501,
                500,
                "Code Helper",
                Some("/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper.app/Contents/MacOS/Code Helper"),
                Some(false),
            ),
            p(502, 501, "zsh", Some("/bin/zsh"), Some(false)),
            // A tmux server re-parented to launchd, and its shell.
            p(600, 1, "tmux", Some("/opt/homebrew/bin/tmux"), Some(false)),
            p(601, 600, "zsh", Some("/bin/zsh"), Some(false)),
            // A shell started by launchd (a LaunchAgent script).
            p(700, 1, "sh", Some("/bin/sh"), None),
            // Warp's main process is called `stable`.
            p(
                800,
                1,
                "stable",
                Some("/Applications/Warp.app/Contents/MacOS/stable"),
                Some(false),
            ),
            p(801, 800, "fish", Some("/opt/homebrew/bin/fish"), None),
            // No path (the process exited, or proc_pidpath was refused): by name.
            p(900, 1, "kitty", None, None),
            p(901, 900, "zsh", None, None),
            // A cycle in a corrupt table must not hang.
            p(950, 951, "zsh", None, None),
            p(951, 950, "zsh", None, None),
        ]
    }

    #[test]
    fn keeps_terminal_apps_and_their_shells() {
        let got = select(&table());
        let pids: Vec<u32> = got.iter().map(|p| p.pid).collect();
        assert_eq!(pids, vec![400, 402, 403, 500, 502, 800, 801, 900, 901]);
        let zsh = got.iter().find(|p| p.pid == 402).unwrap();
        assert_eq!(zsh.translated, Some(true));
        assert_eq!(zsh.ppid, 401);
        assert_eq!(zsh.exe.as_deref(), Some(Path::new("/bin/zsh")));
        // Unknown stays unknown.
        assert_eq!(got.iter().find(|p| p.pid == 801).unwrap().translated, None);
    }

    #[test]
    fn an_empty_table_gives_nothing() {
        assert!(select(&[]).is_empty());
    }

    #[test]
    fn recognises_bundles_and_shells() {
        assert_eq!(
            outer_bundle(Path::new("/Applications/iTerm.app/Contents/MacOS/iTerm2")),
            Some(("iTerm.app".into(), true))
        );
        assert_eq!(
            outer_bundle(Path::new(
                "/Applications/GoLand.app/Contents/jbr/Contents/Home/lib/jspawnhelper"
            )),
            Some(("GoLand.app".into(), false))
        );
        assert_eq!(outer_bundle(Path::new("/bin/zsh")), None);
        assert!(is_terminal_bundle("GoLand 2025.2.app"));
        assert!(is_terminal_bundle("intellij idea ce.app"));
        assert!(!is_terminal_bundle("Safari.app"));
        assert!(is_shell("-zsh") && is_shell("nu") && is_shell("tcsh"));
        assert!(!is_shell("zshd") && !is_shell("login"));
    }

    #[test]
    fn keeps_only_terminal_preferences() {
        let pref = |id: &str, path: Option<&str>, arch: &str| ArchPreference {
            bundle_id: id.into(),
            app_path: path.map(PathBuf::from),
            arch: arch.into(),
        };
        let all = vec![
            pref(
                "com.apple.Terminal",
                Some("/System/Applications/Utilities/Terminal.app"),
                "x86_64",
            ),
            pref("com.googlecode.iTerm2", None, "arm64"),
            pref("dev.warp.Warp-Stable", None, "x86_64"),
            pref("com.jetbrains.goland", None, "x86_64"),
            pref(
                "com.valvesoftware.steam",
                Some("/Applications/Steam.app"),
                "x86_64",
            ),
            // An unknown bundle id, but a terminal's bundle.
            pref(
                "org.example.fork",
                Some("/Applications/Ghostty.app"),
                "x86_64",
            ),
        ];
        let ids: Vec<String> = terminal_preferences(all)
            .into_iter()
            .map(|p| p.bundle_id)
            .collect();
        assert_eq!(
            ids,
            vec![
                "com.apple.Terminal",
                "com.googlecode.iTerm2",
                "dev.warp.Warp-Stable",
                "com.jetbrains.goland",
                "org.example.fork"
            ]
        );
    }
}
