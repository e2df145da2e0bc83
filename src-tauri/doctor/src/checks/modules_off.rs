//! `modules-off`: GO111MODULE turns modules off, or has a value Go rejects.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::Applicability;

use super::{setting_evidence, shown, unset_hint, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether GO111MODULE is `off`, or set to anything other than empty, `on`, `off` or `auto` (compared exactly, as Go does: a stray carriage return from a CRLF go env file makes the value invalid).

## Why it hurts
With `GO111MODULE=off`, module commands stop working: `go: modules disabled by GO111MODULE=off; see 'go help modules'` (alibaba/loongsuite-go#232, bootdotdev/bootdev#94).
An invalid value stops every `go` command: `go: unknown environment setting GO111MODULE=autoGO111MODULE=auto` (golang/go#36154).
Written with `go env -w`, either survives reinstalling Go.

## How to fix
Run `go env -u GO111MODULE`, or delete the `export GO111MODULE=…` line.
For a corrupt value in the go env file, edit that file (`go env GOENV` prints its path) and remove the line.

## References
- golang/go#36154, alibaba/loongsuite-go#232
- https://go.dev/ref/mod#mod-commands (`GO111MODULE`)
"#;

pub static CHECK: Check = Check {
    id: "modules-off",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GO111MODULE disables modules or is invalid",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = facts.setting("GO111MODULE") else {
        return;
    };
    let value = setting.value.as_str();
    let mut finding = match value {
        "" | "on" | "auto" => return,
        "off" => CHECK.finding(
            Severity::Warning,
            "GO111MODULE=off disables Go modules",
            "Module-aware commands fail with `go: modules disabled by GO111MODULE=off; see 'go help modules'`, and `go get` or `go install pkg@version` do not work.",
        ),
        other => CHECK.finding(
            Severity::Warning,
            format!("GO111MODULE has an invalid value {}", shown(other)),
            format!(
                "Go accepts only `on`, `off` and `auto`, so every `go` command stops with `go: unknown environment setting GO111MODULE={}`.",
                shown(other)
            ),
        ),
    };
    finding.evidence = setting_evidence("GO111MODULE", setting);
    finding.hint = Some(unset_hint("GO111MODULE", setting));
    finding.fixes.push(super::unset_fix(
        facts,
        "modules-off:remove-GO111MODULE",
        "GO111MODULE",
        setting,
        Applicability::Safe,
    ));
    finding.fixes.extend(super::set_fix(
        facts,
        "modules-off:set-on",
        "GO111MODULE",
        "on",
        setting,
        Applicability::Unsafe,
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    #[test]
    fn fires_for_off() {
        let facts = clean_mac()
            .setting("GO111MODULE", "off", go_env_file(1))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "GO111MODULE=off disables Go modules");
        assert_eq!(f[0].hint.as_deref(), Some("Run `go env -u GO111MODULE`"));
    }

    #[test]
    fn fixes_remove_it_or_set_it_on() {
        let facts = clean_mac()
            .setting("GO111MODULE", "off", go_env_file(1))
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].id, "modules-off:remove-GO111MODULE");
        assert_eq!(fixes[0].applicability, Applicability::Safe);
        assert_eq!(
            fixes[0].title,
            "Remove `GO111MODULE=off` from the go env file"
        );
        assert_eq!(fixes[1].id, "modules-off:set-on");
        assert_eq!(fixes[1].applicability, Applicability::Unsafe);
        assert_eq!(
            fixes[1].edits,
            vec![crate::fix::Edit::GoEnvSet {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GO111MODULE".into(),
                value: "on".into(),
            }]
        );
        let facts = clean_mac()
            .setting("GO111MODULE", "off", rc("/Users/dev/.zshrc", 7))
            .line("/Users/dev/.zshrc", 7, "export GO111MODULE=off")
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(
            fixes[0].title,
            "Comment out `export GO111MODULE=off` in ~/.zshrc:7"
        );
        assert_eq!(
            fixes[1].title,
            "Replace `export GO111MODULE=off` with `export GO111MODULE=on` in ~/.zshrc:7"
        );
    }

    #[test]
    fn fires_for_corrupt_values() {
        let facts = clean_mac()
            .setting("GO111MODULE", "autoGO111MODULE=auto", go_env_file(1))
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0]
            .message
            .contains("go: unknown environment setting GO111MODULE=autoGO111MODULE=auto"));
        let facts = clean_mac()
            .setting("GO111MODULE", "on\r", go_env_file(1))
            .build();
        assert_eq!(
            findings(&CHECK, &facts)[0].title,
            "GO111MODULE has an invalid value on\\r"
        );
    }

    #[test]
    fn silent_for_valid_values() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        for v in ["on", "auto", ""] {
            let facts = clean_mac()
                .setting("GO111MODULE", v, rc("/Users/dev/.zshrc", 1))
                .build();
            assert!(findings(&CHECK, &facts).is_empty(), "{v}");
        }
    }
}
