//! `ide-goroot-pinned`: an editor's settings pin Go to a versioned install that an
//! upgrade deletes, a path that is gone, or an Intel Go.

use std::path::Path;

use crate::facts::{EditorSetting, EditorSettings, Facts, GoInstall, GoSource};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Edit, Fix};

use super::{arch_list, clean_path, path_text, path_within, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On macOS, the user `settings.json` of VS Code, VS Code Insiders, VSCodium, Cursor and Windsurf (`~/Library/Application Support/<Code|Cursor|…>/User/settings.json`, JSON with comments and trailing commas): the settings that choose a Go for the Go extension — `go.goroot`, `go.alternateTools` `go`, `go.toolsEnvVars` `GOROOT` and `go.gopath`.
A setting is reported (a leading `~/` read as the home, as the Go extension does; `${env:…}` and relative values are not resolved) when its path:
- does not exist (warning; not for `go.gopath`, which `go` creates when it needs it);
- names an x86_64-only Go that NativeGo found, on an Apple-silicon Mac (warning);
- is inside a versioned install that an upgrade deletes, even if it exists today (information): Homebrew's `/opt/homebrew/Cellar/go/<version>`, asdf's `installs/golang/<version>`, mise's `installs/go/<version>`, goenv's `versions/<version>`, gvm's `gos/<version>`.
A settings file that is not JSON with comments is not guessed at: it is reported as not checked (information); workspace settings (`.vscode/settings.json`) and JetBrains IDEs are not read yet.

## Why it hurts
The editor then runs another Go than the terminal, or none: "go binary not found" after `brew upgrade go` removed `/opt/homebrew/Cellar/go/1.24.4` that `"go.goroot"` named (golang/vscode-go#3688: "obviously not ideal as the version is in the path so as I upgrade Go this will need to change"; golang/vscode-go#971).
An x86_64 Go there builds and debugs x86_64 programs under Rosetta while the terminal builds arm64 ones.
"Most users shouldn't set `go.goroot` setting at all" (golang/vscode-go#1501): the Go extension finds `go` on the PATH of the login shell.

## How to fix
Remove the setting, or point it at the stable path that survives upgrades: `/opt/homebrew/opt/go/libexec` for Homebrew's Go (`/opt/homebrew/bin/go` for `go.alternateTools`), `/usr/local/go` for the go.dev installer's.
When such a stable Go is installed, `nativego fix ide-goroot-pinned:use-stable-<editor>` (or the popover) sets the value to it: a previewed edit of that one string that keeps the file's comments, trailing commas and layout byte for byte, journalled and undoable like every fix. Removing the setting is left to you (the manual fix says where).

## References
- golang/vscode-go#3688, golang/vscode-go#971, golang/vscode-go#1501
- https://github.com/golang/vscode-go/wiki/settings
"#;

pub static CHECK: Check = Check {
    id: "ide-goroot-pinned",
    area: Area::Toolchain,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "an editor's Go settings name a versioned, missing or Intel Go",
    doc: DOC,
    run,
};

/// Version-manager and Homebrew install folders whose next component is a version.
const VERSIONED: &[(&str, &str)] = &[
    (
        "/Cellar/go/",
        "Homebrew's versioned keg, which `brew upgrade go` removes",
    ),
    (
        "/.asdf/installs/golang/",
        "an asdf install, which `asdf uninstall` removes",
    ),
    (
        "/mise/installs/go/",
        "a mise install, which `mise upgrade` and `mise prune` remove",
    ),
    (
        "/.goenv/versions/",
        "a goenv install, which `goenv uninstall` removes",
    ),
    ("/.gvm/gos/", "a gvm install, which `gvm uninstall` removes"),
];

/// What is wrong with a setting: its severity, the title's words and the consequence.
fn problem(facts: &Facts, s: &EditorSetting) -> Option<(Severity, String, String)> {
    let value = clean_path(&path_text(s.path.as_deref()?));
    // A GOPATH that does not exist yet is created by `go` when it needs it.
    if !s.exists && s.key != "go.gopath" {
        return Some((
            Severity::Warning,
            "does not exist".into(),
            "it is not there, so the Go extension cannot find `go`, and gopls and the debugger do not start".into(),
        ));
    }
    if s.key != "go.gopath" && facts.is_arm64_hardware() {
        if let Some(install) = install_at(facts, &value) {
            let arches = install.arches();
            if !arches.is_empty() && !arches.iter().any(|a| a.goarch() == "arm64") {
                return Some((
                    Severity::Warning,
                    format!("is an {} Go on an Apple-silicon Mac", arch_list(&arches)),
                    "the editor builds, tests and debugs x86_64 programs under Rosetta while the terminal's Go builds arm64 ones".into(),
                ));
            }
        }
    }
    VERSIONED.iter().find_map(|(marker, what)| {
        let at = value.find(marker)?;
        let rest = &value[at + marker.len()..];
        let version = rest.split('/').next().unwrap_or("");
        version.starts_with(|c: char| c.is_ascii_digit()).then(|| {
            (
                Severity::Info,
                format!("is inside {what} ({version})"),
                "it works until that version is removed; then the Go extension cannot find `go`"
                    .into(),
            )
        })
    })
}

/// The install NativeGo found whose GOROOT or `go` binary the value names.
fn install_at<'a>(facts: &'a Facts, value: &str) -> Option<&'a GoInstall> {
    facts.installs.iter().find(|i| {
        let goroot = i
            .goroot
            .as_deref()
            .map(|g| clean_path(&g.to_string_lossy()));
        let binary = [Some(&i.path), i.resolved.as_ref()]
            .into_iter()
            .flatten()
            .map(|p| clean_path(&p.to_string_lossy()))
            .collect::<Vec<_>>();
        goroot.as_deref() == Some(value)
            || binary.iter().any(|b| b == value)
            || goroot.is_some_and(|g| path_within(value, &g))
    })
}

/// The stable value to use instead: Homebrew's `opt` link or the go.dev installer's
/// `/usr/local/go`, when that Go is installed here and native.
fn stable(facts: &Facts, s: &EditorSetting) -> Option<String> {
    if s.key == "go.gopath" {
        return None;
    }
    let binary = s.key == "go.alternateTools.go";
    let native = |i: &GoInstall| {
        !facts.is_arm64_hardware() || i.arches().iter().any(|a| a.goarch() == "arm64")
    };
    let pick = |root: &str, go: &str| Some(if binary { go } else { root }.to_string());
    if facts
        .installs
        .iter()
        .any(|i| matches!(i.source, GoSource::Homebrew { .. }) && native(i))
    {
        return pick("/opt/homebrew/opt/go/libexec", "/opt/homebrew/bin/go");
    }
    if facts
        .installs
        .iter()
        .any(|i| i.goroot.as_deref() == Some(Path::new("/usr/local/go")) && native(i))
    {
        return pick("/usr/local/go", "/usr/local/go/bin/go");
    }
    None
}

fn finding(facts: &Facts, file: &EditorSettings, s: &EditorSetting) -> Option<Finding> {
    let (severity, what, consequence) = problem(facts, s)?;
    let place = format!("{}:{}", file.path.display(), s.line);
    let mut finding = CHECK.finding(
        severity,
        format!("{}'s `{}` {what}", file.editor, s.key),
        format!(
            "{} uses `{}` for builds, tests, gopls and the debugger instead of the Go on the login PATH: {consequence}.",
            file.editor, s.value
        ),
    );
    finding.key = format!("ide-goroot-pinned:{}:{}", file.editor, s.key);
    finding.evidence.push(Evidence::at(
        &file.path,
        Some(s.line),
        format!("\"{}\": \"{}\"", s.key, s.value),
    ));
    let stable_path = stable(facts, s);
    if let Some(new) = &stable_path {
        // The setting rewritten in place: a previewed, journalled edit that keeps the
        // file's comments, commas and layout (`jsonc::set_string`). Not "safe": it
        // changes which Go the editor runs.
        let mut fix = Fix::new(
            format!("ide-goroot-pinned:use-stable-{}", super::slug(&file.editor)),
            format!("Set {}'s `{}` to `{new}`", file.editor, s.key),
            Applicability::Unsafe,
        );
        fix.edits.push(Edit::JsonSetString {
            path: file.path.clone(),
            key: s.key.clone(),
            expected: s.value.clone(),
            new: new.clone(),
        });
        finding.fixes.push(fix);
    }
    let instructions = match stable_path {
        Some(new) => {
            finding.hint = Some(format!(
                "In {place}, remove `{}` (the Go extension finds `go` on the login PATH) or set it to `{new}`",
                s.key
            ));
            format!(
                "Open {} and, at line {}, remove the `{}` setting (the Go extension then uses the `go` on the login shell's PATH) or change its value to `{new}`, which upgrades keep; then reload the editor window.",
                file.path.display(),
                s.line,
                s.key
            )
        }
        None => {
            finding.hint = Some(format!(
                "In {place}, remove `{}`: the Go extension finds `go` on the login PATH",
                s.key
            ));
            format!(
                "Open {} and, at line {}, remove the `{}` setting (the Go extension then uses the `go` on the login shell's PATH); then reload the editor window.",
                file.path.display(),
                s.line,
                s.key
            )
        }
    };
    finding.fixes.push(Fix::manual(
        format!("ide-goroot-pinned:{}", super::slug(&file.editor)),
        format!("Unpin Go in {}'s settings", file.editor),
        instructions,
        None,
    ));
    Some(finding)
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    for file in &facts.editor_settings {
        if let Some(error) = &file.error {
            let mut finding = CHECK.finding(
                Severity::Info,
                format!("{}'s settings.json could not be checked", file.editor),
                format!("NativeGo reads it as JSON with comments and stopped: {error}. Its Go settings were not checked."),
            );
            finding.key = format!("ide-goroot-pinned:{}:unreadable", file.editor);
            finding
                .evidence
                .push(Evidence::at(&file.path, None, error.clone()));
            out.push(finding);
        }
        for s in &file.settings {
            out.extend(finding(facts, file, s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    fn settings(key: &str, value: &str, exists: bool) -> EditorSettings {
        EditorSettings {
            editor: "VS Code".into(),
            path: "/Users/dev/Library/Application Support/Code/User/settings.json".into(),
            settings: vec![EditorSetting {
                key: key.into(),
                value: value.into(),
                line: 3,
                path: Some(value.into()).filter(|p: &std::path::PathBuf| p.is_absolute()),
                exists,
            }],
            error: None,
        }
    }

    fn with(b: FactsBuilder, s: EditorSettings) -> Facts {
        let mut f = b.build();
        f.editor_settings.push(s);
        f
    }

    #[test]
    fn a_versioned_cellar_goroot_is_information_with_the_stable_path() {
        let b = FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::homebrew("go1.27.3"),
            rc("/Users/dev/.zprofile", 2),
        );
        let facts = with(
            b,
            settings("go.goroot", "/opt/homebrew/Cellar/go/1.27.3/libexec", true),
        );
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        assert!(
            f[0].title.contains("Homebrew's versioned keg"),
            "{}",
            f[0].title
        );
        assert_eq!(f[0].evidence[0].line, Some(3));
        // First the edit to the stable path, then the manual way.
        let edit = &f[0].fixes[0];
        assert_eq!(edit.applicability, Applicability::Unsafe);
        assert_eq!(
            edit.edits,
            [Edit::JsonSetString {
                path: f[0].evidence[0].path.clone().unwrap(),
                key: "go.goroot".into(),
                expected: "/opt/homebrew/Cellar/go/1.27.3/libexec".into(),
                new: "/opt/homebrew/opt/go/libexec".into(),
            }]
        );
        let fix = &f[0].fixes[1];
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("`/opt/homebrew/opt/go/libexec`"));
    }

    #[test]
    fn a_missing_path_is_a_warning() {
        let facts = with(
            clean_mac(),
            settings(
                "go.alternateTools.go",
                "/Users/dev/.asdf/installs/golang/1.21.0/go/bin/go",
                false,
            ),
        );
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            f[0].title,
            "VS Code's `go.alternateTools.go` does not exist"
        );
    }

    #[test]
    fn an_intel_go_on_apple_silicon_is_a_warning() {
        let b = clean_mac().install(InstallBuilder::at(
            "/usr/local/go/bin/go",
            "/usr/local/go",
            "go1.25.7",
            &[Arch::X86_64],
            GoSource::Official,
        ));
        let mut facts = with(b, settings("go.goroot", "/usr/local/go", true));
        // clean_mac's official Go is arm64 at /usr/local/go; keep only the Intel one.
        facts.installs.retain(|i| i.arches() == [Arch::X86_64]);
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].title,
            "VS Code's `go.goroot` is an x86_64 Go on an Apple-silicon Mac"
        );
    }

    #[test]
    fn a_file_that_is_not_jsonc_is_said_to_be_unchecked() {
        let mut file = settings("go.goroot", "/x", false);
        file.settings.clear();
        file.error = Some("line 2: `,` or `}` was expected".into());
        let f = findings(&CHECK, &with(clean_mac(), file));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].title, "VS Code's settings.json could not be checked");
        assert!(f[0].message.contains("line 2"));
    }

    #[test]
    fn silent_for_stable_paths_relative_values_and_unparsed_files() {
        let facts = with(clean_mac(), settings("go.goroot", "/usr/local/go", true));
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = with(clean_mac(), settings("go.gopath", "/Users/dev/go", true));
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = with(
            clean_mac(),
            settings("go.gopath", "/Users/dev/gopath", false),
        );
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = with(clean_mac(), settings("go.goroot", "${env:HOME}/go", false));
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
