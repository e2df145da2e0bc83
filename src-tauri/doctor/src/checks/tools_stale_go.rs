//! `tools-stale-go`: analysis tools and the debugger built with a Go older than the active Go.

use crate::binary::BuildInfo;
use crate::facts::{Facts, Tool};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{join_and, plural, Area, Check, GoVersion, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether the tools that read Go source or Go programs — gopls, golangci-lint, staticcheck, revive, gofumpt, goimports, govulncheck and Delve (`dlv`) — were built with a Go older (major.minor) than the active Go.
Tools are recognised by the main package in their build info (`golang.org/x/tools/gopls`, `github.com/golangci/golangci-lint/v2/cmd/golangci-lint`, …), not by file name; the Go that built each one is in the same build info.
Development builds of Go, and tools whose Go version cannot be read, are left alone.

## Why it hurts
These tools parse and type-check code with the Go standard library they were built with, so code using a newer language version is beyond them:
- golangci-lint refuses to run (by design since golangci/golangci-lint#4938): `Error: can't load config: the Go language version (go1.23) used to build golangci-lint is lower than the targeted Go version (1.24.1)`. The targeted version is the module's `go` line, so the error appears once a project moves to the newer Go.
- gopls built with an old Go has panicked on newer version strings (`panic: invalid Go version "go1.22.1" (should be something like "go1.12")`, "you will need to rebuild gopls with go1.21 or newer", golang/go#66553) and misreads newer language features.
- vscode-go asks for the same thing: "Tools (gopls, dlv) need recompiling to work with go version …".

The tools still start, and work on code that does not need the newer Go, so the finding is information: the failure comes as soon as a module's `go` line moves to the newer release.
(This also keeps it from counting against a fix that switches to a newer Go: the tools the old Go built are then older than the active one, which is true and worth saying, not something the fix broke.)

## How to fix
With the active Go first on PATH, reinstall each listed tool with `go install` (the package and version are in the finding), or update it the way it was installed (VS Code: "Go: Install/Update Tools"; golangci-lint's install script or Homebrew).

## References
- golangci/golangci-lint#4938, #5032, #5641 (the version check and its error)
- golang/go#66553 (gopls built with an old Go), golang/go#68258
- golang/vscode-go (tools need recompiling)
"#;

pub static CHECK: Check = Check {
    id: "tools-stale-go",
    area: Area::Tools,
    severity: Severity::Info,
    applies_to: ALL_OS,
    summary: "Analysis tools or Delve are built with an older Go than the active one",
    doc: DOC,
    run,
};

/// The tools that care, by main package path: `(package, name)`. A `/vN` major-version
/// suffix after the module root is matched too (`golangci-lint/v2/cmd/…`).
const KNOWN: &[(&str, &str)] = &[
    ("golang.org/x/tools/gopls", "gopls"),
    (
        "github.com/golangci/golangci-lint/cmd/golangci-lint",
        "golangci-lint",
    ),
    ("honnef.co/go/tools/cmd/staticcheck", "staticcheck"),
    ("github.com/mgechev/revive", "revive"),
    ("mvdan.cc/gofumpt", "gofumpt"),
    ("golang.org/x/tools/cmd/goimports", "goimports"),
    ("golang.org/x/vuln/cmd/govulncheck", "govulncheck"),
    ("github.com/go-delve/delve/cmd/dlv", "dlv"),
];

/// The known tool a main package is, if any. `github.com/a/b/v2/cmd/c` matches
/// `github.com/a/b/cmd/c`.
fn known(package: &str) -> Option<&'static str> {
    let without_major: String = {
        let parts: Vec<&str> = package.split('/').collect();
        parts
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                // A `vN` element (N ≥ 2) after the first three elements of the path.
                !(*i >= 2
                    && p.strip_prefix('v')
                        .and_then(|n| n.parse::<u32>().ok())
                        .is_some_and(|n| n >= 2))
            })
            .map(|(_, p)| *p)
            .collect::<Vec<_>>()
            .join("/")
    };
    KNOWN
        .iter()
        .find(|(pkg, _)| *pkg == package || *pkg == without_major)
        .map(|(_, name)| *name)
}

/// `golangci-lint` tells how it fails; the others share a sentence.
fn consequence(kind: &str) -> &'static str {
    match kind {
        "golangci-lint" => {
            "golangci-lint refuses to run on a module whose `go` line is newer than the Go that \
             built it: `the Go language version (go1.23) used to build golangci-lint is lower \
             than the targeted Go version (1.24.1)`."
        }
        "gopls" => {
            "gopls type-checks with the Go it was built with, so it misreads (or, in the past, \
             panicked on) code for the newer Go."
        }
        "dlv" => "Delve may not read the programs the newer Go builds.",
        _ => {
            "It analyses code with the Go it was built with, so code for the newer Go is beyond it."
        }
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(active) = facts.active() else {
        return;
    };
    let Some(active_text) = active.version() else {
        return;
    };
    let Some(active_go) = GoVersion::parse(active_text).filter(|v| !v.devel) else {
        return;
    };
    let stale: Vec<(&Tool, &BuildInfo, &'static str)> = facts
        .tools
        .iter()
        .filter_map(|t| {
            let build = t.binary.as_ref().ok()?.build()?;
            let kind = known(build.path.as_deref()?)?;
            let built = GoVersion::parse(&build.go_version).filter(|v| !v.devel)?;
            (built.family() < active_go.family()).then_some((t, build, kind))
        })
        .collect();
    if stale.is_empty() {
        return;
    }
    let active_text = active_text.trim();
    let names: Vec<String> = stale.iter().map(|(t, _, _)| t.name.clone()).collect();
    let mut kinds: Vec<&str> = stale.iter().map(|(_, _, k)| *k).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let (subject, verbs) = if stale.len() == 1 {
        ("this tool was", "analyses or debugs")
    } else {
        ("these tools were", "analyse or debug")
    };
    let mut message = format!(
        "The active Go is {active_text}; {subject} built with an older Go and {verbs} code as \
         that Go knows it."
    );
    for kind in &kinds {
        message.push(' ');
        message.push_str(consequence(kind));
    }
    let mut finding = CHECK.finding(
        Severity::Info,
        format!(
            "{} built with a Go older than the active {active_text}: {}",
            plural(stale.len(), "tool"),
            join_and(&names)
        ),
        message,
    );
    for (t, b, _) in &stale {
        let mut note = format!("built with {}", b.go_version);
        if let (Some(pkg), Some(m)) = (b.path.as_deref(), b.main.as_ref()) {
            note.push_str(&format!("; {pkg} from {}@{}", m.path, m.version));
        }
        finding.evidence.push(Evidence::at(&t.path, None, note));
    }
    finding.hint = Some(format!(
        "Reinstall {} with {active_text} first on PATH",
        join_and(&names)
    ));
    finding.fixes.push(Fix::manual(
        "tools-stale-go:reinstall",
        format!("Reinstall {} with the active Go", join_and(&names)),
        format!(
            "Open a new terminal so that {active_text} is the `go` on PATH, then reinstall each \
             listed tool with `go install` and the package shown (or update it the way it was \
             installed: VS Code's \"Go: Install/Update Tools\", golangci-lint's install script, \
             Homebrew). Check with `go version -m <tool>`."
        ),
        None,
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    fn tool(go: &str, package: &str, module: &str, version: &str) -> crate::binary::BinaryInfo {
        let mut b = tool_bin(&[Arch::Arm64], go, package, version);
        for s in &mut b.slices {
            if let Some(build) = &mut s.build {
                if let Some(m) = &mut build.main {
                    m.path = module.into();
                }
            }
        }
        b
    }

    fn with_go(version: &str) -> FactsBuilder {
        FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::official(version, Arch::Arm64),
            paths_d("/etc/paths.d/go", 1),
        )
    }

    #[test]
    fn known_tools_are_recognised_by_package() {
        assert_eq!(known("golang.org/x/tools/gopls"), Some("gopls"));
        assert_eq!(
            known("github.com/golangci/golangci-lint/v2/cmd/golangci-lint"),
            Some("golangci-lint")
        );
        assert_eq!(
            known("github.com/golangci/golangci-lint/cmd/golangci-lint"),
            Some("golangci-lint")
        );
        assert_eq!(known("github.com/go-delve/delve/cmd/dlv"), Some("dlv"));
        assert_eq!(known("mvdan.cc/gofumpt"), Some("gofumpt"));
        assert_eq!(known("github.com/evanw/esbuild/cmd/esbuild"), None);
        assert_eq!(known("golang.org/x/tools/cmd/stringer"), None);
    }

    #[test]
    fn fires_for_known_tools_built_with_an_older_minor() {
        let facts = with_go("go1.24.1")
            .tool(
                "golangci-lint",
                tool(
                    "go1.23.6",
                    "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
                    "github.com/golangci/golangci-lint/v2",
                    "v2.0.2",
                ),
            )
            .tool(
                "gopls",
                tool(
                    "go1.22.5",
                    "golang.org/x/tools/gopls",
                    "golang.org/x/tools/gopls",
                    "v0.16.1",
                ),
            )
            // Same minor, older patch: fine.
            .tool(
                "staticcheck",
                tool(
                    "go1.24.0",
                    "honnef.co/go/tools/cmd/staticcheck",
                    "honnef.co/go/tools",
                    "v0.6.1",
                ),
            )
            // Not a tool that cares.
            .tool(
                "esbuild",
                tool(
                    "go1.20.1",
                    "github.com/evanw/esbuild/cmd/esbuild",
                    "github.com/evanw/esbuild",
                    "v0.17.0",
                ),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "2 tools built with a Go older than the active go1.24.1: golangci-lint and gopls"
        );
        assert!(f[0].message.contains(
            "the Go language version (go1.23) used to build golangci-lint is lower than the targeted Go version (1.24.1)"
        ));
        assert!(f[0].message.contains("gopls type-checks"));
        let notes: Vec<&str> = f[0].evidence.iter().map(|e| e.note.as_str()).collect();
        assert_eq!(
            notes,
            vec![
                "built with go1.23.6; github.com/golangci/golangci-lint/v2/cmd/golangci-lint from github.com/golangci/golangci-lint/v2@v2.0.2",
                "built with go1.22.5; golang.org/x/tools/gopls from golang.org/x/tools/gopls@v0.16.1",
            ]
        );
        assert_eq!(f[0].fixes[0].id, "tools-stale-go:reinstall");
        assert_eq!(
            f[0].fixes[0].applicability,
            crate::fix::Applicability::Manual
        );
    }

    #[test]
    fn silent_without_an_active_go_or_with_devel_versions() {
        let gopls = tool(
            "go1.22.5",
            "golang.org/x/tools/gopls",
            "golang.org/x/tools/gopls",
            "v0.16.1",
        );
        // No Go at all.
        let facts = FactsBuilder::mac_arm64()
            .tool("gopls", gopls.clone())
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        // A development build of Go is not compared.
        let facts = with_go("devel go1.28-abcdef").tool("gopls", gopls).build();
        assert!(findings(&CHECK, &facts).is_empty());
        // A tool built with a newer Go than the active one is not stale.
        let newer = tool(
            "go1.27.3",
            "golang.org/x/tools/gopls",
            "golang.org/x/tools/gopls",
            "v0.20.0",
        );
        let facts = with_go("go1.26.4").tool("gopls", newer).build();
        assert!(findings(&CHECK, &facts).is_empty());
        // clean_mac: gopls built by the active go1.27.3.
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
