//! `goarch-forced`: GOARCH or GOOS set for every build in the shell or go env file.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::Applicability;

use super::{
    describe_origin, host_goos, setting_evidence, shown, unset_hint, user_setting, Area, Check,
    ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether GOARCH or GOOS is set explicitly: exported in a startup file, inherited from the terminal, or written with `go env -w`.
One finding per variable, pointing at the line that sets it and at any other place that sets it too but loses.
A value equal to this machine's own architecture or OS is reported as information only; any other value is a warning.

## Why it hurts
A persistent GOARCH or GOOS makes every `go build`, `go run`, `go test` and `go install` target another platform.
Programs built for it cannot run here: `fork/exec /var/folders/…/b001/exe/main: exec format error` with `GOARCH="amd64"` and `GOOS="linux"` on an arm64 Mac (golang/go#57693), or `fork/exec /tmp/go-build…/exe/build: bad CPU type in executable` while GOARCH was set; "unset GOARCH … works flawlessly" (conda-forge/go-feedstock#132).
Tools installed with `go install` land in a `GOOS_GOARCH` subdirectory or are built for the wrong CPU.

## How to fix
Remove the export from the startup file, or run `go env -u GOARCH GOOS` if they are in the go env file.
Cross-compile per command instead: `GOOS=linux GOARCH=amd64 go build`.

## References
- golang/go#57693, conda-forge/go-feedstock#132
- https://go.dev/doc/install/source#environment
"#;

pub static CHECK: Check = Check {
    id: "goarch-forced",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOARCH or GOOS is forced for every build",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let native = [
        ("GOARCH", facts.machine.hw_arch.goarch()),
        ("GOOS", host_goos(facts)),
    ];
    for (name, native) in native {
        let Some(setting) = user_setting(facts, name) else {
            continue;
        };
        let value = setting.value.trim();
        if value.is_empty() {
            continue;
        }
        let place = match setting.origin.location() {
            Some((path, line)) => format!(" in {}:{line}", path.display()),
            None => String::new(),
        };
        let mut finding = if value == native {
            CHECK.finding(
                Severity::Info,
                format!("{name} is pinned to {value}{place}"),
                format!(
                    "{name}={value} matches this machine today, but it is {}, so it silently overrides the target of every build and keeps doing so on another machine.",
                    describe_origin(&setting.origin)
                ),
            )
        } else {
            CHECK.finding(
                Severity::Warning,
                format!("{name} is forced to {}{place}", shown(value)),
                format!(
                    "Every build targets {name}={} instead of this machine's {native}, so `go run` and `go test` fail with `exec format error` or `bad CPU type in executable`.",
                    shown(value)
                ),
            )
        };
        finding.key = format!("{}:{name}", CHECK.id);
        finding.evidence = setting_evidence(name, setting);
        finding.hint = Some(format!(
            "{}; to cross-compile, set it per command: `{name}={} go build`",
            unset_hint(name, setting),
            shown(value)
        ));
        finding.fixes.push(super::unset_fix(
            facts,
            &format!("goarch-forced:remove-{name}"),
            name,
            setting,
            Applicability::Safe,
        ));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::Origin;
    use crate::fix::Edit;

    #[test]
    fn fires_per_variable_with_origins() {
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 14),
                vec![("arm64", go_env_file(2))],
            )
            .setting("GOOS", "linux", go_env_file(3))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].title,
            "GOARCH is forced to amd64 in /Users/dev/.zshrc:14"
        );
        assert_eq!(f[0].evidence.len(), 2);
        assert_eq!(f[0].evidence[1].line, Some(2));
        let hint = f[0].hint.as_deref().unwrap();
        assert!(hint.contains("/Users/dev/.zshrc:14") && hint.contains("go env -u GOARCH"));
        assert_eq!(f[1].severity, Severity::Warning);
        assert!(f[1].hint.as_deref().unwrap().contains("go env -u GOOS"));
    }

    #[test]
    fn fix_removes_the_export_and_the_go_env_file_value() {
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 14),
                vec![("arm64", go_env_file(2))],
            )
            .line("/Users/dev/.zshrc", 14, "export GOARCH=amd64")
            .build();
        let f = findings(&CHECK, &facts);
        let fix = &f[0].fixes[0];
        assert_eq!(fix.id, "goarch-forced:remove-GOARCH");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            fix.title,
            "Comment out `export GOARCH=amd64` in ~/.zshrc:14 and remove `GOARCH=arm64` from the go env file"
        );
        assert_eq!(
            fix.edits,
            vec![
                Edit::CommentOutLine {
                    path: "/Users/dev/.zshrc".into(),
                    line: 14,
                    expected: "export GOARCH=amd64".into(),
                },
                Edit::GoEnvUnset {
                    path: "/Users/dev/Library/Application Support/go/env".into(),
                    key: "GOARCH".into(),
                },
            ]
        );
    }

    #[test]
    fn fix_is_manual_for_inherited_values() {
        let facts = clean_mac()
            .setting("GOOS", "linux", Origin::Inherited)
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "goarch-forced:remove-GOOS");
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("launchctl unsetenv GOOS"));
    }

    #[test]
    fn native_value_is_info() {
        let facts = clean_mac()
            .setting("GOARCH", "arm64", Origin::Inherited)
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn defaults_and_go_env_defaults_are_silent() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting(
                "GOARCH",
                "amd64",
                Origin::GorootGoEnv {
                    path: "/usr/local/go/go.env".into(),
                    line: 3,
                },
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
