//! How to rebuild an installed tool, proposed only when Go will accept the command.
//!
//! From a tool's build info: a module version `go install pkg@version` accepts
//! ([`crate::gomodule`]), a copy of one of Go's own commands (remove it: the toolchain has
//! its own), or no command at all, with where the tool probably came from. Commands are
//! grouped one per module@version; a tool whose file name is not the one `go install`
//! would give it is installed into a private directory and renamed, so it keeps its name.
//! Pure: used by `tools-wrong-arch` and `tools-wrong-os`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::binary::BuildInfo;
use crate::facts::Tool;
use crate::fix::Action;
use crate::gomodule::{
    check_import_path, check_module_version, exec_name, is_standard_import_path, package_in_module,
};

/// The directory, inside the tool directory, where a renamed tool is built before it is
/// moved to its name. Its leading dot keeps it out of the tool scan.
pub const STAGING_DIR: &str = ".nativego-rebuild";

/// What can be done to rebuild one tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// `go install package@version` rebuilds it.
    Install(Install),
    /// A copy of one of Go's own commands (`cmd/gofmt`): no `go install` can make it;
    /// every Go toolchain ships its own.
    GoCommand {
        /// `gofmt`.
        command: String,
    },
    /// No command Go would accept.
    Unknown {
        /// Why, in words: "built from a checkout of … (version `(devel)`)".
        reason: String,
    },
}

/// A tool `go install` can rebuild.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Install {
    pub package: String,
    pub module: String,
    pub version: String,
    /// The tool's file name.
    pub name: String,
    /// The directory it is in (where the rebuilt one goes).
    pub dir: PathBuf,
}

impl Install {
    /// `package@version`, as `go install` takes it.
    pub fn target(&self) -> String {
        format!("{}@{}", self.package, self.version)
    }

    /// Whether `go install` would give the binary another name than the tool has.
    pub fn renamed(&self) -> bool {
        exec_name(&self.package) != self.name
    }
}

/// What can be done for `tool`: `None` when it is not a Go program (nothing to rebuild).
pub fn rebuild_for(tool: &Tool) -> Option<Rebuild> {
    let build = tool.binary.as_ref().ok()?.build()?;
    Some(classify(tool, build))
}

fn classify(tool: &Tool, b: &BuildInfo) -> Rebuild {
    let unknown = |reason: String| Rebuild::Unknown { reason };
    let origin = provenance(b);
    let Some(pkg) = b.path.as_deref().filter(|p| !p.is_empty()) else {
        return unknown(format!(
            "its build info names no package (built without module information, in GOPATH mode){origin}"
        ));
    };
    if pkg == "command-line-arguments" {
        return unknown(format!(
            "it was built from source files named on the command line (`go build main.go`), which `go install` cannot name{origin}"
        ));
    }
    let module = b.main.as_ref();
    let module_path = module.map(|m| m.path.as_str());
    if pkg == "cmd" || pkg.starts_with("cmd/") || matches!(module_path, Some("cmd" | "std")) {
        return Rebuild::GoCommand {
            command: exec_name(pkg).to_string(),
        };
    }
    if is_standard_import_path(pkg) {
        return unknown(format!(
            "its package `{pkg}` has no domain name: a local module, built from a checkout{origin}"
        ));
    }
    let Some(m) = module else {
        return unknown(format!(
            "its build info has no `mod` line (built in GOPATH mode or from a checkout of `{pkg}`){origin}"
        ));
    };
    if m.version.is_empty() || m.version == "(devel)" {
        return unknown(format!(
            "it was built from a checkout of `{}` (version `(devel)`), not installed from a release{origin}",
            m.path
        ));
    }
    if m.version.contains("+dirty") {
        return unknown(format!(
            "it was built from a checkout of `{}` with uncommitted changes (version `{}`){origin}",
            m.path, m.version
        ));
    }
    if !package_in_module(pkg, &m.path) {
        return unknown(format!(
            "its package `{pkg}` is not inside its module `{}` (a replaced module){origin}",
            m.path
        ));
    }
    if let Err(e) = check_import_path(pkg).and_then(|()| check_module_version(&m.path, &m.version))
    {
        return unknown(format!("Go would refuse its module version: {e}{origin}"));
    }
    Rebuild::Install(Install {
        package: pkg.to_string(),
        module: m.path.clone(),
        version: m.version.clone(),
        name: tool.name.clone(),
        dir: tool
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    })
}

/// "; it probably came from `github.com/x/y`, revision abc123 (2024-05-01, modified)", from
/// the module path and the `vcs.*` build settings; empty when neither is known.
fn provenance(b: &BuildInfo) -> String {
    let module = b
        .main
        .as_ref()
        .map(|m| m.path.as_str())
        .filter(|p| !p.is_empty() && *p != "command-line-arguments");
    let rev = b.settings.get("vcs.revision").filter(|r| !r.is_empty());
    let mut out = String::new();
    match (module, rev) {
        (None, None) => return out,
        (Some(m), _) => out.push_str(&format!("; it probably came from `{m}`")),
        (None, Some(_)) => out.push_str("; it came from a checkout"),
    }
    if let Some(rev) = rev {
        let vcs = b.settings.get("vcs").map(String::as_str).unwrap_or("vcs");
        out.push_str(&format!(", {vcs} revision {rev}"));
        let mut extra = Vec::new();
        if let Some(t) = b.settings.get("vcs.time") {
            extra.push(t.clone());
        }
        if b.settings.get("vcs.modified").map(String::as_str) == Some("true") {
            extra.push("with uncommitted changes".into());
        }
        if !extra.is_empty() {
            out.push_str(&format!(" ({})", extra.join(", ")));
        }
    }
    out
}

/// A short note for a tool's evidence: what the rebuild does, or why there is none.
pub fn note(rebuild: &Rebuild) -> String {
    match rebuild {
        Rebuild::Install(i) if i.renamed() => format!(
            "`go install {}` would name it `{}`: rebuilt in `{STAGING_DIR}` and renamed to `{}`",
            i.target(),
            exec_name(&i.package),
            i.name
        ),
        Rebuild::Install(i) => format!("rebuild with `go install {}`", i.target()),
        Rebuild::GoCommand { command } => format!(
            "this is a copy of Go's own `{command}`; remove it (every Go has its own in `$(go env GOROOT)/bin`)"
        ),
        Rebuild::Unknown { reason } => format!("no rebuild command: {reason}"),
    }
}

/// The `go install` runs for these tools, with `go` at `go`: one per module@version for
/// tools that keep the name `go install` gives them (packages deduplicated), and for each
/// renamed tool an install into the staging directory, a move to its name and the removal
/// of the staging directory. Every run sets `GOBIN` to the tool's own directory and
/// `GOOS`/`GOARCH` to the target, so the new binary lands where the old one is, for this
/// machine, whatever the user's go env says.
pub fn actions(go: &Path, installs: &[&Install], goos: &str, goarch: &str) -> Vec<Action> {
    let target_env = |gobin: &Path| {
        vec![
            ("GOBIN".to_string(), gobin.display().to_string()),
            ("GOOS".to_string(), goos.to_string()),
            ("GOARCH".to_string(), goarch.to_string()),
        ]
    };
    let install = |gobin: &Path, targets: Vec<String>| Action {
        program: go.to_path_buf(),
        args: std::iter::once("install".to_string())
            .chain(targets)
            .collect(),
        env: target_env(gobin),
        timeout_secs: 600,
    };
    // (dir, module, version) → packages, in first-seen order.
    let mut groups: BTreeMap<(PathBuf, String, String), Vec<String>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut out = Vec::new();
    for i in installs.iter().filter(|i| !i.renamed()) {
        let key = (i.dir.clone(), i.module.clone(), i.version.clone());
        let pkgs = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Vec::new()
        });
        let target = i.target();
        if !pkgs.contains(&target) {
            pkgs.push(target);
        }
    }
    for key in &order {
        out.push(install(&key.0, groups[key].clone()));
    }
    let mut done = Vec::new();
    for i in installs.iter().filter(|i| i.renamed()) {
        let key = (i.dir.clone(), i.name.clone());
        if done.contains(&key) {
            continue;
        }
        done.push(key);
        let staging = i.dir.join(STAGING_DIR);
        out.push(install(&staging, vec![i.target()]));
        out.push(Action {
            program: "/bin/mv".into(),
            args: vec![
                "-f".into(),
                staging.join(exec_name(&i.package)).display().to_string(),
                i.dir.join(&i.name).display().to_string(),
            ],
            env: Vec::new(),
            timeout_secs: 60,
        });
        out.push(Action {
            program: "/bin/rmdir".into(),
            args: vec![staging.display().to_string()],
            env: Vec::new(),
            timeout_secs: 60,
        });
    }
    out
}

/// The actions as one line to copy into a terminal.
pub fn command_text(actions: &[Action]) -> String {
    actions
        .iter()
        .map(Action::command_line)
        .collect::<Vec<_>>()
        .join(" && ")
}

/// The rebuilds of a set of tools, and the hint and fixes they make.
pub struct Plan<'a> {
    pub tools: Vec<&'a Tool>,
    /// For each tool, in order: its rebuild (`None` for a file that is not a Go program).
    pub each: Vec<Option<Rebuild>>,
}

impl<'a> Plan<'a> {
    pub fn new(tools: &[&'a Tool]) -> Plan<'a> {
        Plan {
            tools: tools.to_vec(),
            each: tools.iter().map(|t| rebuild_for(t)).collect(),
        }
    }

    /// The tools `go install` can rebuild.
    pub fn installs(&self) -> Vec<&Install> {
        self.each
            .iter()
            .filter_map(|r| match r {
                Some(Rebuild::Install(i)) => Some(i),
                _ => None,
            })
            .collect()
    }

    /// The copies of Go's own commands.
    pub fn copies(&self) -> Vec<&'a Tool> {
        self.select(|r| matches!(r, Some(Rebuild::GoCommand { .. })))
    }

    /// The tools no command can rebuild: not Go programs, or no module version Go accepts.
    pub fn unrebuildable(&self) -> Vec<&'a Tool> {
        self.select(|r| matches!(r, None | Some(Rebuild::Unknown { .. })))
    }

    fn select(&self, keep: impl Fn(&Option<Rebuild>) -> bool) -> Vec<&'a Tool> {
        self.tools
            .iter()
            .zip(&self.each)
            .filter(|(_, r)| keep(r))
            .map(|(t, _)| *t)
            .collect()
    }

    /// The hint: the commands to run with a native `go` first on PATH, the copies to
    /// remove, and what has no command. `target` is (GOOS, GOARCH); `label` names it.
    ///
    /// With `target_env`, each `go install` shows `GOOS=… GOARCH=…` (for a rebuild for
    /// another OS, which a plain `go install` would not do if the go env file sets `GOOS`).
    pub fn hint(&self, target: (&str, &str), label: &str, target_env: bool) -> String {
        let mut parts = Vec::new();
        let installs = self.installs();
        if !installs.is_empty() {
            let commands: Vec<String> = self
                .steps(Path::new("go"), &installs, target, target_env)
                .into_iter()
                .map(|c| format!("`{c}`"))
                .collect();
            parts.push(format!(
                "With a `go` built for {label} first on PATH, run {}",
                super::join_and(&commands)
            ));
        }
        let copies = self.copies();
        if !copies.is_empty() {
            parts.push(format!(
                "Remove {} (copies of Go's own commands; every Go has its own)",
                super::join_and(
                    &copies
                        .iter()
                        .map(|t| format!("`{}`", t.path.display()))
                        .collect::<Vec<_>>()
                )
            ));
        }
        let none = self.unrebuildable();
        if !none.is_empty() {
            parts.push(format!(
                "No `go install` command can rebuild {}: reinstall {} from the project's own instructions, or remove {}",
                super::join_and(&none.iter().map(|t| t.name.clone()).collect::<Vec<_>>()),
                if none.len() == 1 { "it" } else { "them" },
                if none.len() == 1 { "it" } else { "them" },
            ));
        }
        parts.join(". ")
    }

    /// One line per step for the hint: plain `go install` for tools that keep their
    /// name, the staged install and rename for the others.
    fn steps(
        &self,
        go: &Path,
        installs: &[&Install],
        target: (&str, &str),
        target_env: bool,
    ) -> Vec<String> {
        let plain: Vec<&Install> = installs.iter().copied().filter(|i| !i.renamed()).collect();
        let env = if target_env {
            format!("GOOS={} GOARCH={} ", target.0, target.1)
        } else {
            String::new()
        };
        let mut out: Vec<String> = actions(go, &plain, target.0, target.1)
            .iter()
            .map(|a| format!("{env}go {}", a.args.join(" ")))
            .collect();
        let renamed: Vec<&Install> = installs.iter().copied().filter(|i| i.renamed()).collect();
        if !renamed.is_empty() {
            out.push(command_text(&actions(go, &renamed, target.0, target.1)));
        }
        out
    }

    /// Rebuild every tool `go install` can rebuild, for `target`, with a native `go`
    /// (unsafe: it runs `go install`); without one, the commands by hand.
    pub fn fix(
        &self,
        facts: &crate::facts::Facts,
        id: &str,
        target: (&str, &str),
        label: &str,
    ) -> Option<crate::fix::Fix> {
        use crate::fix::{Applicability, Fix};
        let installs = self.installs();
        if installs.is_empty() {
            return None;
        }
        let mut names: Vec<String> = installs.iter().map(|i| i.name.clone()).collect();
        names.dedup();
        let names = super::join_and(&names);
        Some(match native_go(facts) {
            Some(go) => {
                let mut fix = Fix::new(
                    id,
                    format!(
                        "Rebuild {names} for {label} with `{}` ({})",
                        super::path_text(&go.path),
                        super::version_label(go)
                    ),
                    Applicability::Unsafe,
                );
                fix.actions = actions(&go.path, &installs, target.0, target.1);
                fix
            }
            None => Fix::manual(
                id,
                format!("Rebuild {names} for {label}"),
                format!(
                    "Install a Go built for {} first (no Go on this machine is), open a new terminal, then run these commands.",
                    super::hw_name(facts)
                ),
                Some(command_text(&actions(Path::new("go"), &installs, target.0, target.1))),
            ),
        })
    }

    /// Remove the copies of Go's own commands (by hand).
    pub fn remove_copies_fix(&self, id: &str) -> Option<crate::fix::Fix> {
        let copies = self.copies();
        remove_fix(
            id,
            "Remove the copies of Go's own commands",
            "Go's commands (`gofmt`, `go`) come with every Go, in `$(go env GOROOT)/bin`; a copy in a tool directory is never updated with Go. Remove it.",
            &copies,
        )
    }
}

/// A manual fix removing `tools` (`rm` with each path quoted).
pub fn remove_fix(id: &str, title: &str, why: &str, tools: &[&Tool]) -> Option<crate::fix::Fix> {
    if tools.is_empty() {
        return None;
    }
    let paths: Vec<String> = tools
        .iter()
        .map(|t| crate::fix::shell_quote(&t.path.display().to_string()))
        .collect();
    Some(crate::fix::Fix::manual(
        id,
        title,
        why,
        Some(format!("rm {}", paths.join(" "))),
    ))
}

/// A `go` with a slice native to the hardware: the active one if it is, else another.
pub(super) fn native_go(facts: &crate::facts::Facts) -> Option<&crate::facts::GoInstall> {
    let hw = facts.machine.hw_arch;
    let native =
        |g: &&crate::facts::GoInstall| g.binary.as_ref().is_ok_and(|b| b.runs_natively_on(hw));
    facts
        .active()
        .filter(native)
        .or_else(|| facts.installs.iter().find(native))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::binary::{BinaryFormat, BinaryInfo, Module, Slice};

    fn tool(
        name: &str,
        pkg: Option<&str>,
        module: Option<(&str, &str)>,
        settings: &[(&str, &str)],
    ) -> Tool {
        let build = BuildInfo {
            go_version: "go1.22.5".into(),
            path: pkg.map(str::to_string),
            main: module.map(|(p, v)| Module {
                path: p.into(),
                version: v.into(),
                sum: None,
            }),
            settings: settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        Tool {
            path: PathBuf::from("/Users/dev/go/bin").join(name),
            name: name.into(),
            binary: Ok(BinaryInfo {
                format: BinaryFormat::MachO,
                slices: vec![Slice {
                    arch: Arch::X86_64,
                    offset: 0,
                    size: 0,
                    min_os: None,
                    build: Some(build),
                    uuid: Some(true),
                    build_version: None,
                }],
            }),
            os: None,
        }
    }

    fn reason(t: &Tool) -> String {
        match rebuild_for(t) {
            Some(Rebuild::Unknown { reason }) => reason,
            other => panic!("{}: expected no command, got {other:?}", t.name),
        }
    }

    #[test]
    fn go_s_own_commands_are_copies_to_remove() {
        for (pkg, module) in [("cmd/gofmt", Some(("cmd", ""))), ("cmd/go", None)] {
            let name = exec_name(pkg).to_string();
            let t = tool(&name, Some(pkg), module, &[]);
            let r = rebuild_for(&t).unwrap();
            assert_eq!(
                r,
                Rebuild::GoCommand {
                    command: name.clone()
                }
            );
            assert!(
                note(&r).starts_with(&format!("this is a copy of Go's own `{name}`; remove it"))
            );
        }
    }

    #[test]
    fn builds_go_install_cannot_name_get_no_command() {
        let rev = [
            ("vcs", "git"),
            ("vcs.revision", "0123456789abcdef0123456789abcdef01234567"),
            ("vcs.time", "2024-05-01T10:00:00Z"),
            ("vcs.modified", "true"),
        ];
        let t = tool("main", Some("command-line-arguments"), None, &rev);
        let r = reason(&t);
        assert!(r.contains("source files named on the command line"), "{r}");
        assert!(
            r.contains("git revision 0123456789abcdef0123456789abcdef01234567 (2024-05-01T10:00:00Z, with uncommitted changes)"),
            "{r}"
        );

        let t = tool(
            "esbuild",
            Some("github.com/evanw/esbuild/cmd/esbuild"),
            Some(("github.com/evanw/esbuild", "(devel)")),
            &rev[..2],
        );
        let r = reason(&t);
        assert!(
            r.contains("built from a checkout of `github.com/evanw/esbuild` (version `(devel)`)"),
            "{r}"
        );
        assert!(
            r.contains("it probably came from `github.com/evanw/esbuild`, git revision 0123"),
            "{r}"
        );

        let t = tool("x", Some("example.com/x"), None, &[]);
        assert!(reason(&t).contains("no `mod` line"));
        let t = tool("x", None, None, &[]);
        assert!(reason(&t).contains("names no package"));
        let t = tool(
            "main",
            Some("esbuild/main"),
            Some(("esbuild", "(devel)")),
            &[],
        );
        assert!(reason(&t).contains("has no domain name"));

        let t = tool(
            "d",
            Some("example.com/d"),
            Some((
                "example.com/d",
                "v1.2.4-0.20240101000000-abcdefabcdef+dirty",
            )),
            &[],
        );
        assert!(reason(&t).contains(
            "uncommitted changes (version `v1.2.4-0.20240101000000-abcdefabcdef+dirty`)"
        ));

        let t = tool(
            "x",
            Some("example.com/m/v3/cmd/x"),
            Some(("example.com/m/v3", "v0.0.0-20240101000000-abcdefabcdef")),
            &[],
        );
        assert!(
            reason(&t).contains("should be v3, not v0"),
            "{}",
            reason(&t)
        );

        let t = tool(
            "x",
            Some("example.org/fork/cmd/x"),
            Some(("example.com/m", "v1.0.0")),
            &[],
        );
        assert!(reason(&t).contains("not inside its module"));
    }

    #[test]
    fn valid_versions_are_installed_grouped_and_renamed_tools_keep_their_name() {
        let go = Path::new("/opt/homebrew/bin/go");
        let tools = [
            tool(
                "goimports",
                Some("golang.org/x/tools/cmd/goimports"),
                Some(("golang.org/x/tools", "v0.20.0")),
                &[],
            ),
            tool(
                "stringer",
                Some("golang.org/x/tools/cmd/stringer"),
                Some(("golang.org/x/tools", "v0.20.0")),
                &[],
            ),
            tool(
                "x",
                Some("example.com/m/v3/cmd/x"),
                Some(("example.com/m/v3", "v3.0.0-20240101000000-abcdefabcdef")),
                &[],
            ),
            tool(
                "dlv-old",
                Some("github.com/go-delve/delve/cmd/dlv"),
                Some(("github.com/go-delve/delve", "v1.22.0")),
                &[],
            ),
        ];
        let mut installs: Vec<Install> = tools
            .iter()
            .map(|t| match rebuild_for(t) {
                Some(Rebuild::Install(i)) => i,
                other => panic!("{}: {other:?}", t.name),
            })
            .collect();
        // The same tool twice (three identical commands in the issue) is one command.
        installs.push(installs[0].clone());
        let refs: Vec<&Install> = installs.iter().collect();
        let a = actions(go, &refs, "darwin", "arm64");
        let lines: Vec<String> = a.iter().map(Action::command_line).collect();
        assert_eq!(
            lines,
            [
                "GOBIN=/Users/dev/go/bin GOOS=darwin GOARCH=arm64 /opt/homebrew/bin/go install golang.org/x/tools/cmd/goimports@v0.20.0 golang.org/x/tools/cmd/stringer@v0.20.0",
                "GOBIN=/Users/dev/go/bin GOOS=darwin GOARCH=arm64 /opt/homebrew/bin/go install example.com/m/v3/cmd/x@v3.0.0-20240101000000-abcdefabcdef",
                "GOBIN=/Users/dev/go/bin/.nativego-rebuild GOOS=darwin GOARCH=arm64 /opt/homebrew/bin/go install github.com/go-delve/delve/cmd/dlv@v1.22.0",
                "/bin/mv -f /Users/dev/go/bin/.nativego-rebuild/dlv /Users/dev/go/bin/dlv-old",
                "/bin/rmdir /Users/dev/go/bin/.nativego-rebuild",
            ]
        );
        assert!(note(&Rebuild::Install(installs[3].clone())).contains("would name it `dlv`"));
        // A `/vN` package installs under the element before the version.
        let t = tool(
            "mycmd",
            Some("example.com/mycmd/v2"),
            Some(("example.com/mycmd/v2", "v2.1.0")),
            &[],
        );
        let Some(Rebuild::Install(i)) = rebuild_for(&t) else {
            panic!()
        };
        assert!(!i.renamed());
    }

    #[test]
    fn non_go_files_have_nothing_to_rebuild() {
        let mut t = tool("ls", None, None, &[]);
        if let Ok(b) = &mut t.binary {
            b.slices[0].build = None;
        }
        assert_eq!(rebuild_for(&t), None);
    }
}
