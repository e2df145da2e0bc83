//! `version-manager-interactive`: the version manager that provides `go` is activated only
//! in a file interactive shells read (`~/.zshrc`, `~/.bashrc`).

use std::path::Path;

use crate::facts::{Facts, GoSource, Origin, ShellKind};
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Edit, Fix};

use super::{path_entry_evidence, path_text, shell_dir, tilde, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether the PATH entry that makes a version manager's Go the `go` of a new terminal (asdf's or goenv's shims, mise's shims or `mise activate`, gvm, g, gobrew) is set only in a startup file that interactive shells read: `~/.zshrc` for zsh, `~/.bashrc` for bash.

## Why it hurts
Only interactive shells read those files. Shells that programs start are not interactive: `zsh -c` and `zsh -lc` (how coding agents, `make`, build scripts and many editor integrations run commands), `launchd` jobs, and apps opened from the Dock (they get launchd's environment, not a shell's). They run another Go, or none: `go: command not found`, or a Go of another version or architecture than the terminal's.
`mise activate` is worse: it updates PATH from a prompt hook, so even `zsh -i -c` does not see it. The Go extension for VS Code reports it as "vscode-go doesn't work with mise" (golang/vscode-go#3752); "Moving mise eval thingy to ~/.zprofile fixed it" (openai/codex#17567).

## How to fix
Put the manager's shims on PATH in a file login shells read, `~/.zprofile` (zsh) or `~/.bash_profile` (bash), and keep the interactive activation in `~/.zshrc` if you want its prompt hooks:
- asdf: `export PATH="${ASDF_DATA_DIR:-$HOME/.asdf}/shims:$PATH"`;
- goenv: `export PATH="$HOME/.goenv/shims:$PATH"`;
- mise: `eval "$(mise activate zsh --shims)"` (or `export PATH="$HOME/.local/share/mise/shims:$PATH"`), as mise's own installer writes it.
Apps opened from the Dock still see launchd's PATH; editors that resolve a login shell's environment (VS Code, GoLand) see `~/.zprofile`.

## References
- golang/vscode-go#3752, openai/codex#17567, jdx/mise#2270, jdx/mise#3011
- https://mise.jdx.dev/dev-tools/shims.html, https://asdf-vm.com/guide/getting-started.html
- zsh manual, "Startup/Shutdown Files"; bash manual, "Bash Startup Files"
"#;

pub static CHECK: Check = Check {
    id: "version-manager-interactive",
    area: Area::Path,
    severity: Severity::Info,
    applies_to: ALL_OS,
    summary: "The version manager's Go is on PATH only in interactive shells",
    doc: DOC,
    run,
};

/// Whether `name` is one of the shell's own startup files (not one they source).
fn startup_name(name: &str) -> bool {
    [
        ".zshenv",
        ".zprofile",
        ".zshrc",
        ".zlogin",
        "zshenv",
        "zprofile",
        "zshrc",
        "zlogin",
        ".bash_profile",
        ".bash_login",
        ".profile",
        ".bashrc",
        "profile",
        "bashrc",
    ]
    .contains(&name)
}

/// Whether only interactive shells of this kind read `path`: it is `~/.zshrc` (bash:
/// `~/.bashrc`), or a file read while that file was being read (the startup files are
/// listed in the order they were read, so a sourced file belongs to the shell's own
/// startup file read last before it).
fn interactive_only(facts: &Facts, kind: Option<ShellKind>, path: &Path) -> bool {
    let name_of = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    let files = &facts.login.files;
    let owner = match files.iter().position(|f| f.path == path) {
        Some(i) => files[..=i]
            .iter()
            .rev()
            .map(|f| name_of(&f.path))
            .find(|n| startup_name(n))
            .unwrap_or_else(|| name_of(path)),
        None => name_of(path),
    };
    match kind {
        Some(ShellKind::Bash) => owner == ".bashrc",
        _ => owner == ".zshrc",
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(go) = facts.active() else {
        return;
    };
    let GoSource::VersionManager { name } = &go.source else {
        return;
    };
    let Some(index) = go.path_index else {
        return;
    };
    let Some(entry) = facts.login.path.get(index) else {
        return;
    };
    let Origin::StartupFile { path, line } = &entry.origin else {
        return;
    };
    let kind = facts.login.shell_kind;
    let from_login_file = |e: &crate::facts::PathEntry| match &e.origin {
        Origin::StartupFile { path, .. } => !interactive_only(facts, kind, path),
        _ => true,
    };
    // The same folder also put on PATH by a file every login shell reads is enough.
    if !interactive_only(facts, kind, path)
        || facts
            .login
            .path
            .iter()
            .any(|e| super::same_path(&e.dir, &entry.dir) && from_login_file(e))
    {
        return;
    }
    // What a shell that does not read it would run: the first `go` on PATH put there by
    // another file.
    let other = facts
        .installs
        .iter()
        .filter(|i| i.is_runnable())
        .filter_map(|i| Some((i.path_index?, i)))
        .filter(|(n, _)| facts.login.path.get(*n).is_some_and(from_login_file))
        .min_by_key(|(n, _)| *n)
        .map(|(_, i)| i);
    let instead = match other {
        Some(i) => format!(
            "they run {} ({}) instead",
            super::version_label(i),
            path_text(&i.path)
        ),
        None => "they find no `go` at all (`go: command not found`)".into(),
    };
    let file = tilde(facts, path);
    let mut finding = CHECK.finding(
        Severity::Info,
        format!("{name}'s Go is on PATH only in interactive shells ({file}:{line})"),
        format!(
            "Shells that programs start — `zsh -c`/`zsh -lc` from coding agents, build tools and editor integrations, and launchd jobs — do not read {file}: {instead}."
        ),
    );
    finding.evidence.push(path_entry_evidence(
        facts,
        index,
        format!(
            "PATH entry {} `{}` provides the active `go`",
            index + 1,
            entry.dir
        ),
    ));
    finding.hint = Some(format!(
        "Put {name}'s shims on PATH in {} too (mise: `eval \"$(mise activate zsh --shims)\"`)",
        login_file_name(kind)
    ));
    if let Some(fix) = fix(facts, name, &entry.dir) {
        finding.fixes.push(fix);
    }
    out.push(finding);
}

fn login_file_name(kind: Option<ShellKind>) -> &'static str {
    match kind {
        Some(ShellKind::Bash) => "~/.bash_profile",
        _ => "~/.zprofile",
    }
}

/// Add the manager's shims (or the directory on PATH, for managers without shims) to
/// PATH in the login file.
fn fix(facts: &Facts, manager: &str, dir: &str) -> Option<Fix> {
    let home = facts.home.as_deref()?;
    let shims = match manager {
        "asdf" => home.join(".asdf/shims"),
        "goenv" => home.join(".goenv/shims"),
        "mise" => home.join(".local/share/mise/shims"),
        _ => Path::new(dir).to_path_buf(),
    };
    let file = match facts.login.shell_kind {
        Some(ShellKind::Bash) => home.join(".bash_profile"),
        _ => facts.login.zdotdir(home).join(".zprofile"),
    };
    let shown = path_text(&shims);
    Some(
        Fix::new(
            format!("version-manager-interactive:{manager}-login"),
            format!("Put `{shown}` on PATH in {} too", tilde(facts, &file)),
            Applicability::Unsafe,
        )
        .edit(Edit::EnsureBlock {
            path: file,
            block: "version-manager-login".into(),
            lines: vec![format!(
                "export PATH=\"{}:$PATH\"",
                shell_dir(facts, &shown)
            )],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    fn asdf_from(file: &str) -> Facts {
        FactsBuilder::mac_arm64()
            .install_on_path(InstallBuilder::asdf_shim(), rc(file, 4))
            .build()
    }

    #[test]
    fn activation_in_zshrc_only_is_said_with_a_login_file_fix() {
        let f = findings(&CHECK, &asdf_from("/Users/dev/.zshrc"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].title.contains("~/.zshrc:4"), "{}", f[0].title);
        assert!(
            f[0].message.contains("`go: command not found`"),
            "{}",
            f[0].message
        );
        let Edit::EnsureBlock { path, lines, .. } = &f[0].fixes[0].edits[0] else {
            panic!("{:#?}", f[0].fixes)
        };
        assert_eq!(path, Path::new("/Users/dev/.zprofile"));
        assert_eq!(lines, &["export PATH=\"$HOME/.asdf/shims:$PATH\""]);
    }

    #[test]
    fn activation_in_zprofile_is_fine() {
        assert!(findings(&CHECK, &asdf_from("/Users/dev/.zprofile")).is_empty());
    }
}
