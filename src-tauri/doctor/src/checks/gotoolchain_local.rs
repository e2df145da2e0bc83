//! `gotoolchain-local`: GOTOOLCHAIN pins the local toolchain, or is not a valid value.

use crate::facts::{Facts, Origin};
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{describe_origin, setting_evidence, shown, unset_hint, Area, Check, GoVersion, ALL_OS};

pub const DOC: &str = r#"## What it checks
The effective GOTOOLCHAIN and where it comes from (environment, go env file, or `$GOROOT/go.env`):
- `local` is reported as information: `go` never switches to a newer toolchain a module asks for. Homebrew's Go sets it.
- A value Go rejects is a warning. Valid forms are `local`, `auto`, `path`, a toolchain name (`go1.27.3`, `go1.28rc1`, or `go1.20` for releases before Go 1.21), and a name followed by `+auto` or `+path`.
  Since Go 1.21 a bare `go1.21` is a language version, not a toolchain.

## Why it hurts
With `GOTOOLCHAIN=local`, modules that need a newer Go fail instead of downloading it: `go: go.mod requires go >= 1.24rc1 (running go 1.24; GOTOOLCHAIN=local)` (golang/go#70979), or `go: errors parsing go.mod: go.mod:206: unknown block type: tool` (golang/go#70949, Homebrew/homebrew-core#202030).
An invalid value fails every command: `invalid toolchain: go1.21 is a language version but not a toolchain version (go1.21.x)` (cmd/go test `gotoolchain_issue66175.txt`).
Values written with `go env -w` survive reinstalling Go (golang/go#65568).

## How to fix
To let Go switch toolchains as modules require: `go env -w GOTOOLCHAIN=auto`.
For an invalid value, run `go env -u GOTOOLCHAIN` or delete the export, or use a full release name such as `go1.21.0`.

## References
- https://go.dev/doc/toolchain
- golang/go#70979, golang/go#70949, golang/go#65568, Homebrew/homebrew-core#181777
"#;

pub static CHECK: Check = Check {
    id: "gotoolchain-local",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOTOOLCHAIN pins the local toolchain or is invalid",
    doc: DOC,
    run,
};

/// Why a GOTOOLCHAIN value is invalid, if it is.
fn invalid(value: &str) -> Option<String> {
    if matches!(value, "local" | "auto" | "path") {
        return None;
    }
    let name = match value.split_once('+') {
        Some((name, "auto" | "path")) => name,
        Some((_, suffix)) => return Some(format!("`+{suffix}` is not `+auto` or `+path`")),
        None => value,
    };
    if name == "local" {
        return None;
    }
    let Some(version) = GoVersion::parse(name).filter(|_| name.starts_with("go")) else {
        return Some(format!("`{name}` is not a toolchain name like `go1.27.3`"));
    };
    if version.devel {
        return None;
    }
    if version.patch.is_none() && version.pre.is_none() && version.family() >= (1, 21) {
        return Some(format!(
            "invalid toolchain: {name} is a language version but not a toolchain version ({name}.x)"
        ));
    }
    None
}

/// Remove the user's setting, unless what it hides (`$GOROOT/go.env`) is a problem too.
fn fix(facts: &Facts, setting: &crate::facts::GoSetting) -> Fix {
    let id = "gotoolchain-local:remove-gotoolchain";
    let exposed_ok = setting
        .overridden
        .iter()
        .filter(|(_, o)| matches!(o, Origin::GorootGoEnv { .. }))
        .all(|(v, _)| {
            let v = v.trim();
            v != "local" && invalid(v).is_none()
        });
    if exposed_ok {
        if let Some(removals) = super::unset_everywhere(facts, "GOTOOLCHAIN", setting) {
            if !removals.is_empty() {
                return super::removal_fix(id, Applicability::Unsafe, removals);
            }
        }
    }
    let (instructions, command) = match setting.origin {
        Origin::GorootGoEnv { .. } => (
            "This Go's own `go.env` sets it; override it for your user, then open a new terminal."
                .to_string(),
            Some("go env -w GOTOOLCHAIN=auto".to_string()),
        ),
        _ => (
            format!(
                "{}, then open a new terminal.",
                super::unset_hint("GOTOOLCHAIN", setting)
            ),
            None,
        ),
    };
    Fix::manual(
        id,
        "Let Go choose the toolchain again",
        instructions,
        command,
    )
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = facts.setting("GOTOOLCHAIN") else {
        return;
    };
    let value = setting.value.trim();
    if value.is_empty() {
        return;
    }
    let mut finding = if value == "local" {
        let mut f = CHECK.finding(
            Severity::Info,
            "GOTOOLCHAIN=local: go never switches to the toolchain a module requires",
            format!(
                "GOTOOLCHAIN=local is {}, so modules that need a newer Go fail with `go: go.mod requires go >= … (running go …; GOTOOLCHAIN=local)` instead of downloading it.",
                describe_origin(&setting.origin)
            ),
        );
        f.hint = Some(
            "Run `go env -w GOTOOLCHAIN=auto` to let Go download the toolchain a module asks for, or upgrade Go when that happens".into(),
        );
        f
    } else if let Some(why) = invalid(value) {
        let mut f = CHECK.finding(
            Severity::Warning,
            format!(
                "GOTOOLCHAIN={} is not a valid toolchain setting",
                shown(value)
            ),
            format!("Go rejects it, so every `go` command fails: {why}."),
        );
        f.hint = Some(format!(
            "{}, or use a full release name such as `go1.27.3`",
            unset_hint("GOTOOLCHAIN", setting)
        ));
        f
    } else {
        return;
    };
    finding.evidence = setting_evidence("GOTOOLCHAIN", setting);
    finding.fixes.push(fix(facts, setting));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::Origin;

    #[test]
    fn fix_removes_a_user_setting_but_not_go_env() {
        let facts = clean_mac()
            .setting_overridden(
                "GOTOOLCHAIN",
                "local",
                go_env_file(3),
                vec![(
                    "auto",
                    Origin::GorootGoEnv {
                        path: "/usr/local/go/go.env".into(),
                        line: 12,
                    },
                )],
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "gotoolchain-local:remove-gotoolchain");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.title, "Remove `GOTOOLCHAIN=local` from the go env file");
        let in_go_env = Origin::GorootGoEnv {
            path: "/usr/local/go/go.env".into(),
            line: 12,
        };
        let facts = clean_mac()
            .setting("GOTOOLCHAIN", "local", in_go_env.clone())
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert_eq!(fix.command.as_deref(), Some("go env -w GOTOOLCHAIN=auto"));
        // The user's value hides a go.env that says `local` too: removing it is no fix.
        let facts = clean_mac()
            .setting_overridden(
                "GOTOOLCHAIN",
                "go1.27",
                go_env_file(3),
                vec![("local", in_go_env)],
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
    }

    #[test]
    fn validates_values() {
        for ok in [
            "local",
            "auto",
            "path",
            "go1.27.3",
            "go1.27.3+auto",
            "go1.22.0+path",
            "go1.28rc1",
            "go1.20",
            "local+auto",
        ] {
            assert_eq!(invalid(ok), None, "{ok}");
        }
        assert_eq!(
            invalid("go1.21").as_deref(),
            Some("invalid toolchain: go1.21 is a language version but not a toolchain version (go1.21.x)")
        );
        assert!(invalid("1.22.1").is_some());
        assert!(invalid("go1.22.1+always").is_some());
        assert!(invalid("latest").is_some());
    }

    #[test]
    fn local_from_homebrew_go_env_is_info() {
        let facts = clean_mac()
            .setting(
                "GOTOOLCHAIN",
                "local",
                Origin::GorootGoEnv {
                    path: "/opt/homebrew/Cellar/go/1.27.3/libexec/go.env".into(),
                    line: 14,
                },
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].evidence[0].line, Some(14));
    }

    #[test]
    fn invalid_value_is_warning() {
        let facts = clean_mac()
            .setting("GOTOOLCHAIN", "go1.21", go_env_file(1))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            f[0].title,
            "GOTOOLCHAIN=go1.21 is not a valid toolchain setting"
        );
    }

    #[test]
    fn silent_for_auto_and_pins() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOTOOLCHAIN", "go1.27.3+auto", go_env_file(1))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
