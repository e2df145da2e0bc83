//! The fix builders: the [`Fix`] values the checks offer, built from the facts (pure).
//!
//! Several checks offer the same kind of fix (unset a variable everywhere it is set, put
//! one Go first on PATH, remove an install), so the builders live here, below the checks.

use std::path::Path;

use crate::facts::{Facts, GoInstall, GoSetting, Origin, Os};
use crate::fix::{editable_source, profile_file, Action, Applicability, Edit, Fix, SettingSource};
use crate::text::{
    capitalize, clean_path, explicit_goroot, host_goos, install_dir, join_and, path_text,
    same_goroot, shown, unset_hint, version_label,
};

/// The managed block that decides which Go comes first on PATH. Every fix that puts one Go
/// ahead of the others writes this block (so applying another such fix replaces it), and
/// `go-shadowed` does not report a Go the user chose through it.
pub const CHOSEN_GO_BLOCK: &str = "go-shadowed";

/// A path for people: `~/.zshrc` under HOME, the path itself elsewhere.
pub fn tilde(facts: &Facts, path: &Path) -> String {
    if let Some(home) = facts.home.as_deref() {
        if home != Path::new("/") {
            if let Ok(rest) = path.strip_prefix(home) {
                return if rest.as_os_str().is_empty() {
                    "~".into()
                } else {
                    format!("~/{}", path_text(rest))
                };
            }
        }
    }
    path_text(path)
}

/// A directory as a word inside double quotes in a startup file, with `$HOME` for the
/// home directory: `$HOME/go/bin`.
pub fn shell_dir(facts: &Facts, dir: &str) -> String {
    let dir = clean_path(dir);
    let escaped = |s: &str| {
        s.chars()
            .flat_map(|c| {
                let esc = matches!(c, '"' | '\\' | '$' | '`').then_some('\\');
                esc.into_iter().chain(std::iter::once(c))
            })
            .collect::<String>()
    };
    if let Some(home) = facts.home.as_deref().map(path_text) {
        let home = clean_path(&home);
        if home != "/" {
            if dir == home {
                return "$HOME".into();
            }
            if let Some(rest) = dir.strip_prefix(&format!("{home}/")) {
                return format!("$HOME/{}", escaped(rest));
            }
        }
    }
    escaped(&dir)
}

/// Whether a line's text assigns or declares `name` (`NAME=`, `NAME+=`, `export NAME`,
/// `typeset -x NAME`, …). A fix edits a line only when it does: a line number that points
/// elsewhere (a blank line, an `eval`, a comment) gets no edit rather than a wrong one.
pub fn line_sets(text: &str, name: &str) -> bool {
    let code = text.trim_start();
    if code.starts_with('#') {
        return false;
    }
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let declares = [
        "export", "typeset", "declare", "readonly", "local", "setenv",
    ]
    .iter()
    .any(|d| code.split([' ', '\t', ';']).any(|w| w == *d));
    code.match_indices(name).any(|(k, _)| {
        let before = code[..k].chars().next_back();
        let rest = &code[k + name.len()..];
        !is_name(before)
            && before != Some('$')
            && before != Some('{')
            && (rest.starts_with('=')
                || rest.starts_with("+=")
                || (declares && !is_name(rest.chars().next())))
    })
}

/// Whether a line's text sets `name` (see [`line_sets`]) to `value`: when the line assigns
/// a literal (`GOARCH=amd64`, `GOARCH="amd64"`, `GOARCH='amd64'`), it must be `value`; a
/// value built from expansions (`$HOME/go`, `$(brew --prefix)`) is taken as it was
/// evaluated. A line that now assigns another literal is not the line the finding names.
pub fn line_sets_value(text: &str, name: &str, value: &str) -> bool {
    // A CRLF line's `\r` is part of the value to a shell; the line's text may or may
    // not carry it.
    let value = value.trim_end_matches('\r');
    line_sets(text, name) && literal_assigned(text, name).is_none_or(|lit| lit == value)
}

/// The literal a line assigns to `name` with `name=`, quotes removed; `None` when there
/// is no such assignment or its value holds anything a shell would expand.
fn literal_assigned(text: &str, name: &str) -> Option<String> {
    let code = text.trim_end_matches('\r');
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let (k, _) = code.match_indices(&format!("{name}=")).find(|(k, _)| {
        let before = code[..*k].chars().next_back();
        !is_name(before) && before != Some('$') && before != Some('{') && before != Some('+')
    })?;
    let mut rest = code[k + name.len() + 1..].chars();
    let mut out = String::new();
    loop {
        match rest.next() {
            None | Some(' ' | '\t' | ';' | '&' | '|' | ')') => return Some(out),
            Some('\'') => loop {
                match rest.next()? {
                    '\'' => break,
                    c => out.push(c),
                }
            },
            Some('"') => loop {
                match rest.next()? {
                    '"' => break,
                    '$' | '`' | '\\' => return None,
                    c => out.push(c),
                }
            },
            Some('$' | '`' | '\\' | '~' | '*' | '?' | '[' | '(' | '{') => return None,
            Some(c) => out.push(c),
        }
    }
}

/// One place that sets a variable, as the edit that removes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub edit: Edit,
    /// What it does, lower case: "comment out `export GOARCH=amd64` in ~/.zshrc:12".
    pub what: String,
}

/// The edit that removes the setting of `name` at `origin`, if a fix may edit that place
/// and the line's text is known.
pub fn removal_at(facts: &Facts, name: &str, value: &str, origin: &Origin) -> Option<Removal> {
    match editable_source(facts, origin)? {
        SettingSource::StartupLine { path, line } => {
            let text = facts.line_text(&path, line)?.to_string();
            if !line_sets_value(&text, name, value) {
                return None;
            }
            Some(Removal {
                what: format!(
                    "comment out `{}` in {}:{line}",
                    shown(text.trim()),
                    tilde(facts, &path)
                ),
                edit: Edit::CommentOutLine {
                    path,
                    line,
                    expected: text,
                },
            })
        }
        SettingSource::GoEnvFile { path } => Some(Removal {
            what: format!("remove `{name}={}` from the go env file", shown(value)),
            edit: Edit::GoEnvUnset {
                path,
                key: name.to_string(),
            },
        }),
    }
}

/// The edits that remove `name` from every place the user set it, so that Go's default
/// (or `$GOROOT/go.env`) applies: `None` when one of those places cannot be edited, since
/// removing only some would let another of the user's values take over.
pub fn unset_everywhere(facts: &Facts, name: &str, setting: &GoSetting) -> Option<Vec<Removal>> {
    if matches!(setting.origin, Origin::Default | Origin::GorootGoEnv { .. }) {
        return None;
    }
    let places = std::iter::once((setting.value.as_str(), &setting.origin)).chain(
        setting
            .overridden
            .iter()
            .map(|(v, o)| (v.as_str(), o))
            .filter(|(_, o)| !matches!(o, Origin::Default | Origin::GorootGoEnv { .. })),
    );
    let mut out: Vec<Removal> = Vec::new();
    for (value, origin) in places {
        let removal = removal_at(facts, name, value, origin)?;
        if !out.iter().any(|r| r.edit == removal.edit) {
            out.push(removal);
        }
    }
    Some(out)
}

/// A fix made of removals, titled after them.
pub fn removal_fix(id: &str, applicability: Applicability, removals: Vec<Removal>) -> Fix {
    let whats: Vec<String> = removals.iter().map(|r| r.what.clone()).collect();
    let mut fix = Fix::new(id, capitalize(&join_and(&whats)), applicability);
    fix.edits = removals.into_iter().map(|r| r.edit).collect();
    fix
}

/// A fix that removes the setting everywhere the user set it, or, when that cannot be done
/// by editing files in the home directory, the same as a manual fix with the steps.
pub fn unset_fix(
    facts: &Facts,
    id: &str,
    name: &str,
    setting: &GoSetting,
    applicability: Applicability,
) -> Fix {
    match unset_everywhere(facts, name, setting) {
        Some(removals) if !removals.is_empty() => removal_fix(id, applicability, removals),
        _ => Fix::manual(
            id,
            format!("Remove `{name}` where it is set"),
            format!("{}, then open a new terminal.", unset_hint(name, setting)),
            None,
        ),
    }
}

/// A fix that sets `name` to `value` where its effective value comes from: the line of the
/// startup file is replaced by an export, the go env file gets `KEY=value`. `None` when that
/// place cannot be edited.
pub fn set_fix(
    facts: &Facts,
    id: &str,
    name: &str,
    value: &str,
    setting: &GoSetting,
    applicability: Applicability,
) -> Option<Fix> {
    let (edit, title) = match editable_source(facts, &setting.origin)? {
        SettingSource::StartupLine { path, line } => {
            let text = facts.line_text(&path, line)?.to_string();
            if !line_sets_value(&text, name, &setting.value) {
                return None;
            }
            let new = format!("export {name}={}", crate::fix::shell_quote(value));
            let title = format!(
                "Replace `{}` with `{new}` in {}:{line}",
                shown(text.trim()),
                tilde(facts, &path)
            );
            (
                Edit::ReplaceLine {
                    path,
                    line,
                    expected: text,
                    new,
                },
                title,
            )
        }
        SettingSource::GoEnvFile { path } => (
            Edit::GoEnvSet {
                path,
                key: name.into(),
                value: value.into(),
            },
            format!("Set `{name}={value}` in the go env file"),
        ),
    };
    Some(Fix::new(id, title, applicability).edit(edit))
}

/// The GOROOT to write down for an install: Homebrew's stable `opt` link rather than the
/// versioned Cellar directory, which disappears on the next upgrade.
pub fn stable_goroot(install: &GoInstall) -> Option<String> {
    let root = clean_path(&path_text(install.goroot.as_deref()?));
    let stable = root
        .strip_suffix("/libexec")
        .and_then(|r| r.rsplit_once('/'))
        .and_then(|(formula_dir, _version)| formula_dir.rsplit_once("/Cellar/"))
        .map(|(prefix, formula)| format!("{prefix}/opt/{formula}/libexec"));
    Some(stable.unwrap_or(root))
}

/// A fix that puts `dir` first on PATH in the startup file for PATH changes, in the
/// managed block `block`.
pub fn path_first_fix(
    facts: &Facts,
    id: &str,
    block: &str,
    dir: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let file = profile_file(facts)?;
    Some(
        Fix::new(
            id,
            format!(
                "Put `{}` first on PATH in {}",
                clean_path(dir),
                tilde(facts, &file)
            ),
            applicability,
        )
        .edit(Edit::EnsureBlock {
            path: file,
            block: block.into(),
            lines: vec![format!("export PATH=\"{}:$PATH\"", shell_dir(facts, dir))],
        }),
    )
}

/// A fix that makes `install` the `go` a new terminal runs: its directory first on PATH in
/// the [`CHOSEN_GO_BLOCK`], and an explicit GOROOT naming another Go removed (it would make
/// the chosen `go` use another's compiler). `None` when the startup file is unknown or such
/// a GOROOT cannot be removed.
pub fn prefer_install_fix(
    facts: &Facts,
    id: &str,
    install: &GoInstall,
    applicability: Applicability,
) -> Option<Fix> {
    let own = install.goroot.as_deref().map(path_text);
    prefer_dir_fix(
        facts,
        id,
        &install_dir(install),
        own.as_deref(),
        applicability,
    )
}

/// [`prefer_install_fix`] for the `go` in `dir` whose root is `own_root`.
pub fn prefer_dir_fix(
    facts: &Facts,
    id: &str,
    dir: &str,
    own_root: Option<&str>,
    applicability: Applicability,
) -> Option<Fix> {
    let mut fix = path_first_fix(facts, id, CHOSEN_GO_BLOCK, dir, applicability)?;
    if let Some(goroot) = explicit_goroot(facts) {
        if !own_root.is_some_and(|own| same_goroot(goroot.value.trim(), own)) {
            let removals = unset_everywhere(facts, "GOROOT", goroot)?;
            for r in removals {
                fix.title.push_str(&format!(", and {}", r.what));
                fix.edits.push(r.edit);
            }
        }
    }
    Some(fix)
}

/// An action: `program args…` with a timeout.
pub fn action(program: &str, args: &[&str], timeout_secs: u64) -> Action {
    Action {
        program: program.into(),
        args: args.iter().map(|a| a.to_string()).collect(),
        env: Vec::new(),
        timeout_secs,
    }
}

#[cfg(test)]
mod fix_helper_tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn paths_for_people_and_for_startup_files() {
        let facts = clean_mac().build();
        assert_eq!(tilde(&facts, Path::new("/Users/dev/.zshrc")), "~/.zshrc");
        assert_eq!(tilde(&facts, Path::new("/etc/zshrc")), "/etc/zshrc");
        assert_eq!(shell_dir(&facts, "/Users/dev/go/bin/"), "$HOME/go/bin");
        assert_eq!(shell_dir(&facts, "/Users/dev"), "$HOME");
        assert_eq!(shell_dir(&facts, "/Users/devx/bin"), "/Users/devx/bin");
        assert_eq!(shell_dir(&facts, "/opt/a$b\"c"), "/opt/a\\$b\\\"c");
    }

    #[test]
    fn unsetting_needs_every_place_editable() {
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 4),
                vec![("amd64", go_env_file(1))],
            )
            .line("/Users/dev/.zshrc", 4, "export GOARCH=amd64")
            .build();
        let setting = facts.setting("GOARCH").unwrap();
        let removals = unset_everywhere(&facts, "GOARCH", setting).unwrap();
        assert_eq!(removals.len(), 2);
        let fix = removal_fix("x:y", Applicability::Safe, removals);
        assert_eq!(
            fix.title,
            "Comment out `export GOARCH=amd64` in ~/.zshrc:4 and remove `GOARCH=amd64` from the go env file"
        );
        // Inherited underneath: removing the export would let it through.
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 4),
                vec![("amd64", Origin::Inherited)],
            )
            .line("/Users/dev/.zshrc", 4, "export GOARCH=amd64")
            .build();
        let setting = facts.setting("GOARCH").unwrap();
        assert!(unset_everywhere(&facts, "GOARCH", setting).is_none());
        let fix = unset_fix(&facts, "x:y", "GOARCH", setting, Applicability::Safe);
        assert_eq!(fix.applicability, Applicability::Manual);
        // The line's text is unknown.
        let facts = clean_mac()
            .setting("GOARCH", "amd64", rc("/Users/dev/.zshrc", 4))
            .build();
        assert!(unset_everywhere(&facts, "GOARCH", facts.setting("GOARCH").unwrap()).is_none());
    }

    #[test]
    fn stable_goroot_avoids_the_cellar() {
        let brew = InstallBuilder::homebrew("go1.27.3").0;
        assert_eq!(
            stable_goroot(&brew).as_deref(),
            Some("/opt/homebrew/opt/go/libexec")
        );
        let official = InstallBuilder::official("go1.27.3", Arch::Arm64).0;
        assert_eq!(stable_goroot(&official).as_deref(), Some("/usr/local/go"));
    }
}

/// The fixes of the GOROOT checks: remove the setting (modern Go finds its own root), or
/// point it at the active `go`'s root.
pub fn goroot_fixes(facts: &Facts, check: &str, setting: &GoSetting) -> Vec<Fix> {
    let mut fixes = vec![unset_fix(
        facts,
        &format!("{check}:remove-goroot"),
        "GOROOT",
        setting,
        Applicability::Safe,
    )];
    if let Some(root) = facts.active().and_then(stable_goroot) {
        let fix = set_fix(
            facts,
            &format!("{check}:use-active"),
            "GOROOT",
            &root,
            setting,
            Applicability::Unsafe,
        );
        fixes.extend(fix);
    }
    fixes
}

/// A short kebab-case name for where an install came from, for fix IDs: `official`,
/// `homebrew`, `intel-homebrew`, `asdf`, …
pub fn source_slug(source: &crate::facts::GoSource) -> String {
    use crate::facts::GoSource;
    match source {
        GoSource::Official => "official".into(),
        GoSource::Homebrew { .. } => "homebrew".into(),
        GoSource::IntelHomebrew { .. } => "intel-homebrew".into(),
        GoSource::Toolchain => "toolchain".into(),
        GoSource::Sdk => "sdk".into(),
        GoSource::VersionManager { name } => slug(name),
        GoSource::Distribution => "distribution".into(),
        GoSource::Other => "other".into(),
    }
}

/// Lower-case letters and digits, other runs as one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "x".into()
    } else {
        out
    }
}

/// The native Homebrew (`/opt/homebrew` on Apple silicon), if it is installed.
pub fn native_homebrew(facts: &Facts) -> Option<&crate::facts::HomebrewPrefix> {
    let hw = facts.machine.hw_arch;
    facts.machine.homebrew.iter().find(|b| {
        clean_path(&path_text(&b.prefix)) != "/usr/local"
            && b.arch.is_none_or(|a| a.is_native_on(hw))
    })
}

/// The version manager and version behind an install: through its shim, or from where
/// the manager installed it (`~/.asdf/installs/golang/1.22.0/…` → asdf, 1.22.0).
pub fn manager_version(install: &GoInstall) -> Option<(&'static str, String)> {
    use crate::probe::managers::managed_version;
    let shim_target = install.shim.as_ref().and_then(|s| s.target.as_deref());
    [
        shim_target,
        install.resolved.as_deref(),
        Some(install.path.as_path()),
    ]
    .into_iter()
    .flatten()
    .find_map(managed_version)
}

/// How to remove an install by hand, as a command to copy, for the installs NativeGo
/// knows how to remove (a version manager's Go through the manager, never `rm -rf`).
pub fn removal_command(facts: &Facts, install: &GoInstall) -> Option<String> {
    use crate::facts::GoSource;
    match &install.source {
        GoSource::IntelHomebrew { prefix } => Some(format!(
            "arch -x86_64 {}/bin/brew uninstall go",
            path_text(prefix).trim_end_matches('/')
        )),
        GoSource::Homebrew { prefix } => Some(format!(
            "{}/bin/brew uninstall go",
            path_text(prefix).trim_end_matches('/')
        )),
        GoSource::Official if facts.machine.os == Os::Macos => {
            Some("sudo rm -rf /usr/local/go /etc/paths.d/go".into())
        }
        GoSource::Official => Some("sudo rm -rf /usr/local/go".into()),
        GoSource::VersionManager { .. } => {
            manager_version(install).map(|(m, v)| crate::probe::managers::uninstall_command(m, &v))
        }
        _ => None,
    }
}

/// The manual fix that removes an install.
pub fn remove_install_fix(facts: &Facts, id: &str, install: &GoInstall) -> Option<Fix> {
    let command = removal_command(facts, install)?;
    Some(Fix::manual(
        id,
        format!(
            "Uninstall {} ({}) at {}",
            version_label(install),
            install.source.label(),
            path_text(
                install
                    .shim
                    .as_ref()
                    .and_then(|s| s.target.as_deref())
                    .unwrap_or(&install.path)
            )
        ),
        "Run the command in a terminal (it may ask for your password), then open a new terminal.",
        Some(command),
    ))
}

/// The manual fix that installs a native Go from go.dev.
pub fn install_go_fix(facts: &Facts, id: &str) -> Fix {
    let goos = host_goos(facts);
    let goarch = facts.machine.hw_arch.goarch();
    let what = if facts.machine.os == Os::Macos {
        "package (.pkg)"
    } else {
        "archive"
    };
    Fix::manual(
        id,
        format!("Install the {goos}-{goarch} Go from go.dev"),
        format!(
            "Download the `{goos}-{goarch}` {what} from https://go.dev/dl/ and install it, then open a new terminal."
        ),
        None,
    )
}

#[cfg(test)]
mod line_sets_tests {
    use super::line_sets;

    #[test]
    fn only_lines_that_set_the_variable_are_edited() {
        assert!(line_sets("export GOARCH=amd64", "GOARCH"));
        assert!(line_sets("  GOARCH=amd64; export GOARCH", "GOARCH"));
        assert!(line_sets("typeset -x GOARCH", "GOARCH"));
        assert!(line_sets("export GOARCH=amd64\r", "GOARCH"));
        // A blank line, a comment (`#compctl \`), another variable, a use, an eval.
        assert!(!line_sets("", "GOARCH"));
        assert!(!line_sets("#compctl \\", "GOARCH"));
        assert!(!line_sets("# export GOARCH=amd64", "GOARCH"));
        assert!(!line_sets("export MYGOARCH=amd64", "GOARCH"));
        assert!(!line_sets("echo $GOARCH ${GOARCH}", "GOARCH"));
        assert!(!line_sets("eval \"$(tool env)\"", "GOARCH"));
    }

    #[test]
    fn a_literal_on_the_line_must_be_the_value_named() {
        use super::line_sets_value as sets;
        assert!(sets("export GOARCH=amd64", "GOARCH", "amd64"));
        assert!(sets("export GOARCH=\"amd64\" # Intel", "GOARCH", "amd64"));
        assert!(sets("GOARCH='amd64'; export GOARCH", "GOARCH", "amd64"));
        assert!(sets("export GOPROXY=a,b\r", "GOPROXY", "a,b"));
        // Built from expansions: taken as evaluated.
        assert!(sets("export GOPATH=$HOME/go", "GOPATH", "/Users/dev/go"));
        assert!(sets("export GOPATH=~/go", "GOPATH", "/Users/dev/go"));
        assert!(sets(
            "export GOROOT=\"$(brew --prefix go)/libexec\"",
            "GOROOT",
            "/x"
        ));
        assert!(sets("typeset -x GOARCH", "GOARCH", "amd64"));
        // The line now assigns something else.
        assert!(!sets("export GOARCH=arm64", "GOARCH", "amd64"));
        assert!(!sets("export GOARCH=\"386\"", "GOARCH", "amd64"));
    }
}
