//! The watch plan: which paths can change the diagnosis, derived from the facts (pure).
//!
//! Files are watched through their parent directories, so editors' atomic saves (write a
//! temporary file, rename it over) and files deleted and created again are seen. The plan
//! is computed again after every check: GOROOT moves when Homebrew upgrades Go.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::facts::{Facts, Os, ShellKind};

/// What to watch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WatchPlan {
    /// Directories to watch (not recursively). Each exists, or is the nearest existing
    /// ancestor of a path of interest that does not exist yet.
    pub dirs: BTreeSet<PathBuf>,
    /// Files and directories whose own changes matter.
    pub paths: BTreeSet<PathBuf>,
    /// Directories any entry of which matters (`/etc/paths.d`, tool directories, PATH
    /// directories for `go`, GOROOT/bin).
    pub contents: BTreeSet<PathBuf>,
}

impl WatchPlan {
    /// Whether a change at `path` can change the diagnosis.
    pub fn is_relevant(&self, path: &Path) -> bool {
        if self.paths.contains(path) || self.contents.contains(path) {
            return true;
        }
        if path.parent().is_some_and(|p| self.contents.contains(p)) {
            return true;
        }
        // A directory on the way to something of interest appeared, vanished or moved
        // (GOROOT removed and recreated during `brew upgrade`).
        self.paths
            .iter()
            .chain(self.contents.iter())
            .any(|p| p.starts_with(path))
    }
}

/// How the watcher is watching: through the OS (FSEvents, inotify), or, where the OS
/// would not take another watch (its limit on watches reached), by looking again every
/// `poll_interval_ms`. Part of the reports `nativego watch` and the app publish, so the
/// user is told when live updates are slower than usual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WatchStatus {
    /// Directories the OS reports changes in.
    pub native: usize,
    /// Directories looked at every `poll_interval_ms` instead, and why.
    pub polled: Vec<PolledDir>,
    // A JSON number (JavaScript's, exact below 2^53), not a `bigint`.
    #[cfg_attr(test, ts(type = "number"))]
    pub poll_interval_ms: u64,
    /// [`WatchStatus::message`], for the UI.
    pub message: Option<String>,
    /// Which diagnosis of this watch this is: 1 for the first, one more for each after.
    /// A shell that receives reports out of order keeps the highest.
    // A JSON number (JavaScript's, exact below 2^53), not a `bigint`.
    #[cfg_attr(test, ts(type = "number"))]
    pub generation: u64,
    /// When this diagnosis started, in milliseconds since the Unix epoch.
    // A JSON number (JavaScript's, exact below 2^53), not a `bigint`.
    #[cfg_attr(test, ts(type = "number"))]
    pub checked_at: u64,
}

/// A directory the OS would not watch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolledDir {
    pub path: String,
    /// Why the OS refused (`the system's limit on file watches is reached …`).
    pub reason: String,
}

impl WatchStatus {
    /// Every directory is watched by the OS.
    pub fn is_live(&self) -> bool {
        self.polled.is_empty()
    }

    /// One sentence for the user when some directories are polled.
    pub fn message(&self) -> Option<String> {
        let first = self.polled.first()?;
        let n = self.polled.len();
        let secs = self.poll_interval_ms as f64 / 1000.0;
        let what = if n == 1 {
            format!("`{}`", first.path)
        } else {
            format!("{n} folders (`{}` and others)", first.path)
        };
        Some(format!(
            "{reason}: NativeGo looks at {what} every {secs} s instead of being told of \
             changes at once",
            reason = capitalise(&first.reason),
        ))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The startup files a shell of `kind` reads, existing or not: creating one matters too.
fn startup_candidates(facts: &Facts, home: &Path) -> Vec<PathBuf> {
    let zdotdir = facts.login.zdotdir(home);
    let mut out: Vec<PathBuf> = Vec::new();
    match facts.login.shell_kind {
        Some(ShellKind::Bash) => {
            for n in [".bash_profile", ".bash_login", ".profile", ".bashrc"] {
                out.push(home.join(n));
            }
            out.push("/etc/profile".into());
        }
        _ => {
            for n in [".zshenv", ".zprofile", ".zshrc", ".zlogin"] {
                out.push(zdotdir.join(n));
                out.push(home.join(n));
            }
            match facts.machine.os {
                Os::Macos => {
                    for n in ["zshenv", "zprofile", "zshrc", "zlogin"] {
                        out.push(Path::new("/etc").join(n));
                    }
                }
                _ => {
                    for n in ["zshenv", "zprofile", "zshrc", "zlogin"] {
                        out.push(Path::new("/etc/zsh").join(n));
                    }
                }
            }
        }
    }
    out
}

/// Derive the watch plan. `exists` says whether a directory exists (the caller asks the
/// host), so the plan can fall back to the nearest existing ancestor.
pub fn watch_plan(facts: &Facts, exists: &dyn Fn(&Path) -> bool) -> WatchPlan {
    let mut plan = WatchPlan::default();
    if let Some(home) = &facts.home {
        for p in startup_candidates(facts, home) {
            plan.paths.insert(p);
        }
    }
    // Every file the evaluation read, sourced ones included, and every file the login
    // shell's trace shows it executed (a plugin sourced by a glob loop the static
    // evaluation could not follow).
    for f in &facts.login.files {
        plan.paths.insert(f.path.clone());
    }
    for f in &facts.login.traced_files {
        plan.paths.insert(f.clone());
    }
    plan.paths.insert("/etc/paths".into());
    plan.contents.insert("/etc/paths.d".into());
    if let Some(f) = &facts.go_env_file {
        plan.paths.insert(f.clone());
    }
    // NativeGo's own settings (suppressions).
    if let Some(f) = &facts.config_path {
        plan.paths.insert(f.clone());
    }
    // A `go` can appear in any PATH directory.
    for e in &facts.login.path {
        if e.dir.starts_with('/') {
            plan.contents.insert(PathBuf::from(&e.dir));
        }
    }
    for i in &facts.installs {
        plan.paths.insert(i.path.clone());
        if let Some(r) = &i.resolved {
            plan.paths.insert(r.clone());
        }
        // A version manager's shim: the file that chooses its version, the version
        // files it would read instead, and its installs (a `… install` adds one).
        if let Some(shim) = &i.shim {
            if let Some(p) = &shim.set_by_path {
                plan.paths.insert(p.clone());
            }
            if let Some(home) = &facts.home {
                for f in [
                    ".tool-versions",
                    ".go-version",
                    "mise.toml",
                    ".mise.toml",
                    ".config/mise/config.toml",
                    ".goenv/version",
                ] {
                    plan.paths.insert(home.join(f));
                }
            }
            if let Some(t) = &shim.target {
                plan.paths.insert(t.clone());
            }
            if let Some(dir) = i.path.parent().and_then(Path::parent) {
                for sub in ["installs/golang", "installs/go", "versions"] {
                    let d = dir.join(sub);
                    if exists(&d) {
                        plan.contents.insert(d);
                    }
                }
            }
        }
        if let Some(root) = &i.goroot {
            plan.paths.insert(root.join("VERSION"));
            plan.paths.insert(root.join("go.env"));
            plan.contents.insert(root.join("bin"));
            plan.paths.insert(root.clone());
        }
    }
    if let Some(goroot) = facts.setting("GOROOT") {
        let g = PathBuf::from(&goroot.value);
        if g.is_absolute() {
            plan.paths.insert(g.join("VERSION"));
            plan.paths.insert(g);
        }
    }
    for prefix in ["/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew"] {
        let p = Path::new(prefix);
        if facts.machine.homebrew.iter().any(|h| h.prefix == p) {
            plan.contents.insert(p.join("bin"));
            plan.contents.insert(p.join("Cellar/go"));
        }
    }
    plan.contents.insert("/usr/local/go/bin".into());
    // A full Xcode selected: its version and the licence accepted (`xcode-license-not-accepted`).
    if let crate::facts::Applicable::Known(tools) = &facts.machine.developer_tools {
        if let Some(xcode) = &tools.xcode {
            plan.paths.insert("/var/db/xcode_select_link".into());
            plan.paths
                .insert("/Library/Preferences/com.apple.dt.Xcode.plist".into());
            plan.paths.insert(xcode.app.join("Contents/version.plist"));
        }
    }
    // Editors' settings that choose a Go (only files that exist: the other editors'
    // folders are not watched), and Homebrew's `opt` links, where the libraries cgo
    // links appear and go.
    for f in &facts.editor_settings {
        plan.paths.insert(f.path.clone());
    }
    if let Some(prefix) = &facts.cgo.prefix {
        plan.contents.insert(prefix.join("opt"));
    }
    for d in &facts.tool_dirs {
        plan.contents.insert(d.clone());
    }

    // Watch the directory holding each path of interest (so renames over it are seen),
    // and each content directory itself; fall back to the nearest existing ancestor.
    let nearest = |p: &Path| -> Option<PathBuf> {
        let mut cur = Some(p);
        while let Some(c) = cur {
            if exists(c) {
                return Some(c.to_path_buf());
            }
            cur = c.parent();
        }
        None
    };
    let mut dirs = BTreeSet::new();
    for p in &plan.paths {
        if let Some(parent) = p.parent() {
            if let Some(d) = nearest(parent) {
                dirs.insert(d);
            }
        }
    }
    for c in &plan.contents {
        if let Some(d) = nearest(c) {
            dirs.insert(d);
        }
    }
    plan.dirs = dirs;
    plan
}

/// The plan's paths that are files now, to be watched one by one where the OS watcher
/// needs it (kqueue: see `watch::WatchOptions::per_file`).
pub fn file_watches(plan: &WatchPlan, is_file: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    plan.paths.iter().filter(|p| is_file(p)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{clean_mac, InstallBuilder};

    fn plan_for(facts: &Facts, existing: &[&str]) -> WatchPlan {
        let existing: Vec<PathBuf> = existing.iter().map(PathBuf::from).collect();
        watch_plan(facts, &|p| existing.iter().any(|e| e == p))
    }

    #[test]
    fn startup_files_are_watched_through_their_directories_even_before_they_exist() {
        let facts = clean_mac().build();
        let plan = plan_for(
            &facts,
            &["/", "/Users", "/Users/dev", "/etc", "/etc/paths.d"],
        );
        assert!(plan.paths.contains(Path::new("/Users/dev/.zshrc")));
        assert!(plan.paths.contains(Path::new("/Users/dev/.zprofile")));
        assert!(plan.dirs.contains(Path::new("/Users/dev")));
        assert!(plan.dirs.contains(Path::new("/etc/paths.d")));
        assert!(plan.is_relevant(Path::new("/Users/dev/.zshrc")));
        assert!(plan.is_relevant(Path::new("/etc/paths.d/go")));
        assert!(!plan.is_relevant(Path::new("/Users/dev/notes.txt")));
        // Editors' temporary files next to the rc file are not relevant by themselves;
        // the rename over `.zshrc` is.
        assert!(!plan.is_relevant(Path::new("/Users/dev/.zshrc.swp")));
    }

    #[test]
    fn goroot_and_tool_dirs_are_watched_and_a_missing_one_falls_back_to_its_parent() {
        let facts = clean_mac()
            .install(InstallBuilder::homebrew("go1.27.3"))
            .build();
        let plan = plan_for(
            &facts,
            &["/", "/Users", "/Users/dev", "/opt", "/opt/homebrew"],
        );
        assert!(plan.paths.iter().any(|p| p.ends_with("libexec/VERSION")));
        // ~/go/bin does not exist: its nearest existing ancestor is watched instead.
        assert!(plan.dirs.contains(Path::new("/Users/dev")));
        assert!(plan.is_relevant(Path::new("/Users/dev/go")));
        assert!(plan.is_relevant(Path::new("/Users/dev/go/bin/gopls")));
    }

    #[test]
    fn editor_settings_and_homebrew_opt_are_watched() {
        let mut facts = clean_mac()
            .cgo(|c| c.prefix = Some("/opt/homebrew".into()))
            .build();
        let settings = "/Users/dev/Library/Application Support/Code/User/settings.json";
        facts.editor_settings.push(crate::facts::EditorSettings {
            editor: "VS Code".into(),
            path: settings.into(),
            settings: Vec::new(),
            error: None,
        });
        let user = "/Users/dev/Library/Application Support/Code/User";
        let plan = plan_for(
            &facts,
            &["/", "/Users", "/Users/dev", user, "/opt/homebrew/opt"],
        );
        assert!(plan.dirs.contains(Path::new(user)));
        assert!(plan.is_relevant(Path::new(settings)));
        assert!(plan.dirs.contains(Path::new("/opt/homebrew/opt")));
        assert!(plan.is_relevant(Path::new("/opt/homebrew/opt/sqlite")));
    }

    #[test]
    fn kqueue_watches_each_existing_file_of_the_plan() {
        let facts = clean_mac().build();
        let plan = plan_for(&facts, &["/", "/Users", "/Users/dev", "/etc"]);
        let files = ["/Users/dev/.zshrc", "/etc/paths", "/etc/zprofile"];
        let watched = file_watches(&plan, &|p| files.iter().any(|f| Path::new(f) == p));
        assert_eq!(
            watched,
            [
                PathBuf::from("/Users/dev/.zshrc"),
                "/etc/paths".into(),
                "/etc/zprofile".into()
            ]
            .into_iter()
            .filter(|p| plan.paths.contains(p))
            .collect::<Vec<_>>()
        );
        assert!(watched.contains(&PathBuf::from("/Users/dev/.zshrc")));
        // A file that does not exist yet is seen through its directory's watch.
        assert!(!watched.contains(&PathBuf::from("/Users/dev/.zprofile")));
    }

    #[test]
    fn a_shims_version_files_and_installs_are_watched() {
        let mut shim = InstallBuilder::asdf_shim();
        shim.0.shim = Some(crate::facts::Shim {
            manager: "asdf".into(),
            requested: Some("1.22.0".into()),
            set_by: None,
            set_by_path: Some("/Users/dev/projects/.tool-versions".into()),
            set_by_line: Some(1),
            target: Some("/Users/dev/.asdf/installs/golang/1.22.0/go/bin/go".into()),
            problem: None,
            installed: vec!["1.22.0".into()],
        });
        let facts = clean_mac().install(shim).build();
        let plan = plan_for(
            &facts,
            &[
                "/",
                "/Users",
                "/Users/dev",
                "/Users/dev/.asdf",
                "/Users/dev/.asdf/installs/golang",
            ],
        );
        // `asdf set -u golang …` rewrites ~/.tool-versions; `asdf install` adds a folder.
        assert!(plan.is_relevant(Path::new("/Users/dev/.tool-versions")));
        assert!(plan.is_relevant(Path::new("/Users/dev/projects/.tool-versions")));
        assert!(plan.is_relevant(Path::new("/Users/dev/.config/mise/config.toml")));
        assert!(plan
            .dirs
            .contains(Path::new("/Users/dev/.asdf/installs/golang")));
    }

    #[test]
    fn files_the_login_shell_really_read_are_watched() {
        // `for f in $DOTFILES/*/path.zsh; do source $f; done`: the static evaluation did
        // not reach topic/path.zsh, the trace shows the shell executed it.
        let mut facts = clean_mac().build();
        let sourced = PathBuf::from("/Users/dev/.dotfiles/go/path.zsh");
        facts.login.traced_files = vec!["/Users/dev/.zshrc".into(), sourced.clone()];
        assert!(!facts.login.files.iter().any(|f| f.path == sourced));
        let plan = plan_for(
            &facts,
            &[
                "/",
                "/Users",
                "/Users/dev",
                "/Users/dev/.dotfiles",
                "/Users/dev/.dotfiles/go",
            ],
        );
        assert!(plan.paths.contains(&sourced));
        assert!(plan.dirs.contains(Path::new("/Users/dev/.dotfiles/go")));
        assert!(plan.is_relevant(&sourced));
        assert!(!plan.is_relevant(Path::new("/Users/dev/.dotfiles/go/README.md")));
    }

    #[test]
    fn a_watch_status_says_when_folders_are_polled() {
        let mut st = WatchStatus {
            native: 12,
            polled: Vec::new(),
            poll_interval_ms: 2000,
            message: None,
            ..Default::default()
        };
        assert!(st.is_live());
        assert_eq!(st.message(), None);
        st.polled.push(PolledDir {
            path: "/Users/dev".into(),
            reason: "the system's limit on file watches is reached".into(),
        });
        assert_eq!(
            st.message().unwrap(),
            "The system's limit on file watches is reached: NativeGo looks at `/Users/dev` \
             every 2 s instead of being told of changes at once"
        );
        st.polled.push(PolledDir {
            path: "/etc/paths.d".into(),
            reason: "x".into(),
        });
        assert!(st
            .message()
            .unwrap()
            .contains("2 folders (`/Users/dev` and others)"));
    }
}
