//! `pkg-config-missing`: Homebrew has libraries that cgo builds link, but no `pkg-config`
//! is on the login PATH.

use std::path::Path;

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{join_and, origin_evidence, path_text, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On macOS, whether Homebrew under `/opt/homebrew` has installed libraries that Go packages commonly link through cgo (a fixed list: `openssl@3`, `sqlite`, `libgit2`, `librdkafka`, `vips`, `zeromq`, `libpq`, `libusb`, `libmagic`, `webp`, `tesseract`, `opencv`, … present as `/opt/homebrew/opt/<name>`), cgo is enabled, and the program `go build` runs for `#cgo pkg-config:` lines is not there: `$PKG_CONFIG` if set, else `pkg-config`, looked up on the login PATH.
It stays silent when the login PATH is not fully known (a startup-file line NativeGo could not evaluate changes it).

## Why it hurts
Packages that find their C library with `#cgo pkg-config: name` fail before compiling anything:
`# pkg-config --cflags  -- libusb-1.0` / `pkg-config: exec: "pkg-config": executable file not found in $PATH` (puhitaku/mtplvcap#73, kolesa-team/go-webp#33, paulmach/osm#43 "on a clean Go lang install on M1 mac", gopherdata/gophernotes#82).
macOS ships no `pkg-config`, and Homebrew installs it only on request (or as another formula's build dependency).

## How to fix
`brew install pkgconf` (Homebrew's `pkg-config`; it installs both the `pkgconf` and `pkg-config` names in `/opt/homebrew/bin`), and make sure `/opt/homebrew/bin` is on PATH (`eval "$(/opt/homebrew/bin/brew shellenv)"` in `~/.zprofile`).
If `pkgconf` is installed but the `pkg-config` name is missing, `export PKG_CONFIG=pkgconf`.
NativeGo does not run Homebrew: this fix is shown, not run.

## References
- puhitaku/mtplvcap#73, kolesa-team/go-webp#33, paulmach/osm#43, gopherdata/gophernotes#82
- https://pkg.go.dev/cmd/cgo
"#;

pub static CHECK: Check = Check {
    id: "pkg-config-missing",
    area: Area::Cgo,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "Homebrew has cgo libraries but pkg-config is not on PATH",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let cgo = &facts.cgo;
    let Some(prefix) = &cgo.prefix else {
        return;
    };
    if cgo.homebrew_libs.is_empty() || cgo.pkg_config.is_some() {
        return;
    }
    if facts.setting("CGO_ENABLED").map_or("", |s| s.value.trim()) == "0" {
        return;
    }
    if facts.login.path.is_empty() || facts.login.path_incomplete {
        return;
    }
    let program = facts
        .login
        .var("PKG_CONFIG")
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or("pkg-config");
    let prefix = path_text(prefix);
    let libs = join_and(&cgo.homebrew_libs);
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("`{program}` is not on PATH, but Homebrew has {libs}"),
        format!(
            "Go packages that find these libraries with `#cgo pkg-config:` fail with `pkg-config: exec: \"{program}\": executable file not found in $PATH`."
        ),
    );
    finding.key = "pkg-config-missing".into();
    for lib in &cgo.homebrew_libs {
        finding.evidence.push(Evidence::at(
            Path::new(&prefix).join("opt").join(lib),
            None,
            format!("Homebrew's {lib}"),
        ));
    }
    if let Some(value) = facts.login.var("PKG_CONFIG") {
        let origin = facts
            .login
            .origins
            .get("PKG_CONFIG")
            .cloned()
            .unwrap_or(crate::facts::Origin::LoginShell);
        finding.evidence.push(origin_evidence(
            &origin,
            format!("PKG_CONFIG={value}: not found"),
        ));
    }
    finding.evidence.push(Evidence::note(format!(
        "no `{program}` in any directory of the login PATH"
    )));
    let hint = match &cgo.pkgconf {
        Some(pkgconf) if program == "pkg-config" => format!(
            "`pkgconf` is at `{}` but the `pkg-config` name is missing: `export PKG_CONFIG=pkgconf`, or `brew reinstall pkgconf`",
            path_text(pkgconf)
        ),
        _ => format!(
            "`brew install pkgconf`, with `{prefix}/bin` on PATH (`eval \"$({prefix}/bin/brew shellenv)\"` in `~/.zprofile`), then open a new terminal"
        ),
    };
    finding.hint = Some(hint.clone());
    finding.fixes.push(Fix::manual(
        "pkg-config-missing:install-pkgconf",
        "Install pkg-config with Homebrew",
        format!("{hint}."),
        Some("brew install pkgconf".into()),
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::fix::Applicability;

    fn with_libs() -> FactsBuilder {
        clean_mac().cgo(|c| {
            c.prefix = Some("/opt/homebrew".into());
            c.homebrew_libs = vec!["sqlite".into(), "librdkafka".into()];
        })
    }

    #[test]
    fn fires_with_libs_and_no_pkg_config() {
        let f = findings(&CHECK, &with_libs().build());
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "`pkg-config` is not on PATH, but Homebrew has sqlite and librdkafka"
        );
        assert!(f[0]
            .message
            .contains(r#"pkg-config: exec: "pkg-config": executable file not found in $PATH"#));
        assert_eq!(
            f[0].evidence[0].path.as_deref(),
            Some(Path::new("/opt/homebrew/opt/sqlite"))
        );
        let fix = &f[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert_eq!(fix.command.as_deref(), Some("brew install pkgconf"));
    }

    #[test]
    fn pkgconf_without_the_pkg_config_name() {
        let facts = with_libs()
            .cgo(|c| c.pkgconf = Some("/opt/homebrew/bin/pkgconf".into()))
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("export PKG_CONFIG=pkgconf"));
    }

    #[test]
    fn names_pkg_config_variable() {
        let facts = with_libs()
            .login_var(
                "PKG_CONFIG",
                "/usr/local/bin/pkg-config",
                rc("/Users/dev/.zshrc", 4),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0]
            .title
            .starts_with("`/usr/local/bin/pkg-config` is not on PATH"));
        assert!(f[0]
            .evidence
            .iter()
            .any(|e| e.line == Some(4) && e.note.contains("PKG_CONFIG=")));
    }

    #[test]
    fn silent_with_pkg_config_no_libs_cgo_off_or_path_unknown() {
        let facts = with_libs()
            .cgo(|c| c.pkg_config = Some("/opt/homebrew/bin/pkg-config".into()))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = with_libs()
            .setting("CGO_ENABLED", "0", rc("/Users/dev/.zshrc", 2))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = with_libs().login(|l| l.path_incomplete = true).build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
