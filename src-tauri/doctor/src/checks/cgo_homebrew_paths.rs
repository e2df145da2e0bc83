//! `cgo-homebrew-paths`: Homebrew's libraries under `/opt/homebrew` are installed, but
//! nothing points cgo at them.

use std::path::Path;

use crate::facts::{Facts, Origin};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{
    join_and, origin_evidence, path_text, setting_evidence, user_setting, Area, Check, MACOS,
};

pub const DOC: &str = r#"## What it checks
On macOS, whether Homebrew under `/opt/homebrew` has installed libraries that Go packages commonly link through cgo (the list `pkg-config-missing` uses), cgo is enabled, a `pkg-config` is on the login PATH (without one, `pkg-config-missing` reports), and nothing points cgo at `/opt/homebrew`:
- the `pkg-config` `go build` runs is not Homebrew's own (not under `/opt/homebrew`, so it does not search `/opt/homebrew/lib/pkgconfig`), and neither `PKG_CONFIG_PATH` nor `PKG_CONFIG_LIBDIR` names `/opt/homebrew`;
- none of CGO_CFLAGS, CGO_CPPFLAGS (the effective values, from a startup file or `go env -w`), CPATH or C_INCLUDE_PATH (the login environment's) names `/opt/homebrew`.
It reports information, with the values of CGO_CFLAGS, CGO_CPPFLAGS, CGO_LDFLAGS, CPATH, C_INCLUDE_PATH, LIBRARY_PATH and PKG_CONFIG_PATH and the lines that set them.

## Why it hurts
On Apple silicon, Homebrew's `/opt/homebrew/include` and `/opt/homebrew/lib` are not on clang's default search paths (on Intel, Homebrew's `/usr/local` is), so a package whose `#cgo` lines name a header or `-lfoo` without pkg-config works on an Intel Mac and fails here:
`fatal error: 'magic.h' file not found` (rakyll/magicmime#39: "homebrew installs files to /opt/homebrew/include and /usr/local/include simply doesn't exist"), `'webp/encode.h' file not found` (kolesa-team/go-webp#11), `'rados/librados.h' file not found` (ceph/go-ceph#902), and at link time `ld: library not found for -lmagic`.
A `pkg-config` from elsewhere (an Intel Homebrew in `/usr/local`, MacPorts, conda) does not search `/opt/homebrew/lib/pkgconfig` either, so `#cgo pkg-config:` lines fail with `Package foo was not found in the pkg-config search path`.
Keg-only formulae (`sqlite`, `libpq`, and others Homebrew does not link into `/opt/homebrew`) keep their headers and `.pc` files under `/opt/homebrew/opt/<name>` only; for those, only `PKG_CONFIG_PATH` or flags naming that directory help.

## How to fix
Either use Homebrew's pkg-config (`brew install pkgconf`, with `/opt/homebrew/bin` before other prefixes on PATH), or tell clang where Homebrew is, keeping Go's default flags, in `~/.zprofile`:
`export CGO_CFLAGS="-O2 -g -I/opt/homebrew/include" CGO_LDFLAGS="-O2 -g -L/opt/homebrew/lib"` (or the equivalent `export CPATH=/opt/homebrew/include LIBRARY_PATH=/opt/homebrew/lib`, which clang reads itself); for a keg-only formula, `export PKG_CONFIG_PATH="/opt/homebrew/opt/<name>/lib/pkgconfig"`.
NativeGo shows these steps; it does not write them, because flags for every build are a choice about every project.

## References
- rakyll/magicmime#39, kolesa-team/go-webp#11, ceph/go-ceph#902, alexbrainman/odbc#215, dlbeer/quirc#93
- https://pkg.go.dev/cmd/cgo
"#;

pub static CHECK: Check = Check {
    id: "cgo-homebrew-paths",
    area: Area::Cgo,
    severity: Severity::Info,
    applies_to: MACOS,
    summary: "nothing points cgo at Homebrew's /opt/homebrew libraries",
    doc: DOC,
    run,
};

/// Go settings that carry cgo's compiler and linker flags.
const FLAG_SETTINGS: [&str; 4] = [
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_LDFLAGS",
    "PKG_CONFIG_PATH",
];
/// Variables clang and pkg-config read from the environment.
const ENV_VARS: [&str; 4] = [
    "CPATH",
    "C_INCLUDE_PATH",
    "LIBRARY_PATH",
    "PKG_CONFIG_LIBDIR",
];

fn names_prefix(value: &str, prefix: &str) -> bool {
    value
        .split(|c: char| c.is_whitespace() || c == ':' || c == '"' || c == '\'' || c == '=')
        .map(|t| t.trim_start_matches("-I").trim_start_matches("-L"))
        .any(|t| t == prefix || t.starts_with(&format!("{prefix}/")))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let cgo = &facts.cgo;
    let (Some(prefix), Some(pkg_config)) = (&cgo.prefix, &cgo.pkg_config) else {
        return;
    };
    if cgo.homebrew_libs.is_empty() {
        return;
    }
    if facts.setting("CGO_ENABLED").map_or("", |s| s.value.trim()) == "0" {
        return;
    }
    let prefix = path_text(prefix);
    let setting = |name: &str| user_setting(facts, name).map(|s| s.value.as_str());
    let var = |name: &str| facts.login.var(name);
    let pkg_config_text = path_text(pkg_config);
    let pkg_config_knows = names_prefix(&pkg_config_text, &prefix)
        || setting("PKG_CONFIG_PATH").is_some_and(|v| names_prefix(v, &prefix))
        || var("PKG_CONFIG_LIBDIR").is_some_and(|v| names_prefix(v, &prefix));
    let includes = ["CGO_CFLAGS", "CGO_CPPFLAGS"]
        .iter()
        .filter_map(|n| setting(n))
        .chain(["CPATH", "C_INCLUDE_PATH"].iter().filter_map(|n| var(n)))
        .any(|v| names_prefix(v, &prefix));
    if pkg_config_knows || includes {
        return;
    }
    let libs = join_and(&cgo.homebrew_libs);
    let mut finding = CHECK.finding(
        Severity::Info,
        format!("Nothing points cgo at {prefix}, where Homebrew has {libs}"),
        format!(
            "`{pkg_config_text}` is not Homebrew's pkg-config, so it does not search {prefix}/lib/pkgconfig, and no flag names {prefix}/include: on Apple silicon clang does not search {prefix} by default, so builds that link these libraries can fail with `fatal error: 'x.h' file not found` or `ld: library not found for -lx`."
        ),
    );
    finding.key = "cgo-homebrew-paths".into();
    for lib in &cgo.homebrew_libs {
        finding.evidence.push(Evidence::at(
            Path::new(&prefix).join("opt").join(lib),
            None,
            format!("Homebrew's {lib}"),
        ));
    }
    finding.evidence.push(Evidence::at(
        pkg_config,
        None,
        "the pkg-config `go build` runs: not Homebrew's",
    ));
    for name in FLAG_SETTINGS {
        if let Some(s) = user_setting(facts, name) {
            finding.evidence.extend(setting_evidence(name, s));
        }
    }
    for name in ENV_VARS {
        if let Some(value) = var(name) {
            let origin = facts
                .login
                .origins
                .get(name)
                .cloned()
                .unwrap_or(Origin::LoginShell);
            finding
                .evidence
                .push(origin_evidence(&origin, format!("{name}={value}")));
        }
    }
    let steps = format!(
        "use Homebrew's pkg-config (`brew install pkgconf`, `{prefix}/bin` first on PATH), or add `export CGO_CFLAGS=\"-O2 -g -I{prefix}/include\" CGO_LDFLAGS=\"-O2 -g -L{prefix}/lib\"` to `~/.zprofile` (keg-only formulae: `export PKG_CONFIG_PATH=\"{prefix}/opt/<name>/lib/pkgconfig\"`)"
    );
    finding.hint = Some(format!("If a cgo build fails, {steps}"));
    finding.fixes.push(Fix::manual(
        "cgo-homebrew-paths:point-cgo-at-homebrew",
        format!("Point cgo at {prefix}"),
        format!("For builds that link Homebrew's libraries, {steps}; then open a new terminal."),
        None,
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::fix::Applicability;

    fn intel_pkg_config() -> FactsBuilder {
        clean_mac().cgo(|c| {
            c.prefix = Some("/opt/homebrew".into());
            c.homebrew_libs = vec!["libgit2".into()];
            c.pkg_config = Some("/usr/local/bin/pkg-config".into());
        })
    }

    #[test]
    fn fires_when_pkg_config_is_not_homebrews_and_no_flags() {
        let facts = intel_pkg_config()
            .login_var("LIBRARY_PATH", "/usr/local/lib", rc("/Users/dev/.zshrc", 7))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].message.contains("fatal error: 'x.h' file not found"));
        assert!(f[0]
            .evidence
            .iter()
            .any(|e| e.line == Some(7) && e.note == "LIBRARY_PATH=/usr/local/lib"));
        let fix = &f[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("CGO_CFLAGS=\"-O2 -g -I/opt/homebrew/include\""));
    }

    #[test]
    fn silent_when_something_points_at_homebrew() {
        let homebrew = clean_mac()
            .cgo(|c| {
                c.prefix = Some("/opt/homebrew".into());
                c.homebrew_libs = vec!["libgit2".into()];
                c.pkg_config = Some("/opt/homebrew/bin/pkg-config".into());
            })
            .build();
        assert!(findings(&CHECK, &homebrew).is_empty());
        let flags = intel_pkg_config()
            .setting(
                "CGO_CFLAGS",
                "-I/opt/homebrew/include",
                rc("/Users/dev/.zprofile", 3),
            )
            .build();
        assert!(findings(&CHECK, &flags).is_empty());
        let cpath = intel_pkg_config()
            .login_var(
                "CPATH",
                "/opt/homebrew/include",
                rc("/Users/dev/.zprofile", 3),
            )
            .build();
        assert!(findings(&CHECK, &cpath).is_empty());
        let pc = intel_pkg_config()
            .setting(
                "PKG_CONFIG_PATH",
                "/opt/homebrew/opt/libgit2/lib/pkgconfig",
                rc("/Users/dev/.zprofile", 3),
            )
            .build();
        assert!(findings(&CHECK, &pc).is_empty());
    }

    #[test]
    fn silent_without_pkg_config_libs_or_cgo() {
        let none = intel_pkg_config().cgo(|c| c.pkg_config = None).build();
        assert!(
            findings(&CHECK, &none).is_empty(),
            "pkg-config-missing's case"
        );
        let no_libs = intel_pkg_config().cgo(|c| c.homebrew_libs.clear()).build();
        assert!(findings(&CHECK, &no_libs).is_empty());
        let off = intel_pkg_config()
            .setting("CGO_ENABLED", "0", rc("/Users/dev/.zshrc", 2))
            .build();
        assert!(findings(&CHECK, &off).is_empty());
    }

    #[test]
    fn prefix_match_is_by_component() {
        assert!(names_prefix("-I/opt/homebrew/include", "/opt/homebrew"));
        assert!(names_prefix("/usr/lib:/opt/homebrew/lib", "/opt/homebrew"));
        assert!(!names_prefix("-I/opt/homebrew2/include", "/opt/homebrew"));
    }
}
