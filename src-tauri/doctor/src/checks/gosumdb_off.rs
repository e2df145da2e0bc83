//! `gosumdb-off`: checksum verification disabled for every module.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::Applicability;

use super::{setting_evidence, setting_value, unset_hint, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether GOSUMDB is `off` while neither GOPRIVATE nor GONOSUMDB limits which modules skip verification.
Turning the checksum database off is usually meant for private modules; GOPRIVATE (or GONOSUMDB) does that for the private hosts only.

## Why it hurts
With `GOSUMDB=off`, `go` no longer checks downloaded modules against the public checksum database, so a tampered or republished module version is accepted silently for every dependency.
Toolchain downloads (`GOTOOLCHAIN`) are verified against the checksum database too, and fail with `GOSUMDB=off`; GOPRIVATE and GONOSUMDB do not apply to them (Go toolchain documentation, as quoted in third-party material).
Such settings often linger from working around an error like `verifying github.com/…: reading https://sum.golang.org/lookup/…: 410 Gone` (golang/go#34528).

## How to fix
Run `go env -u GOSUMDB` (or delete the `export GOSUMDB=off` line), and list private module paths instead: `go env -w GOPRIVATE=github.com/your-org/*`.

## References
- https://go.dev/ref/mod#checksum-database, https://go.dev/ref/mod#private-modules
- https://go.dev/doc/toolchain (downloads and the checksum database)
- golang/go#34528, jfrog/jfrog-cli#468
"#;

pub static CHECK: Check = Check {
    id: "gosumdb-off",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "Checksum verification is off for every module",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = facts.setting("GOSUMDB") else {
        return;
    };
    if setting.value.trim() != "off" {
        return;
    }
    let scoped = ["GOPRIVATE", "GONOSUMDB"]
        .iter()
        .any(|name| !setting_value(facts, name).trim().is_empty());
    if scoped {
        return;
    }
    let mut finding = CHECK.finding(
        Severity::Warning,
        "GOSUMDB=off disables checksum verification for every module",
        "Downloaded modules are no longer checked against the checksum database, and toolchain downloads through GOTOOLCHAIN fail. To skip verification only for private modules, use GOPRIVATE instead.",
    );
    finding.evidence = setting_evidence("GOSUMDB", setting);
    finding.hint = Some(format!(
        "{}, and list private modules with `go env -w GOPRIVATE=<host>/<org>/*`",
        unset_hint("GOSUMDB", setting)
    ));
    finding.fixes.push(super::unset_fix(
        facts,
        "gosumdb-off:restore-default",
        "GOSUMDB",
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
    fn fix_restores_the_default_where_it_was_set() {
        let facts = clean_mac()
            .setting_overridden(
                "GOSUMDB",
                "off",
                rc("/Users/dev/.zprofile", 8),
                vec![("off", go_env_file(2))],
            )
            .line("/Users/dev/.zprofile", 8, "export GOSUMDB=off")
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "gosumdb-off:restore-default");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.title,
            "Comment out `export GOSUMDB=off` in ~/.zprofile:8 and remove `GOSUMDB=off` from the go env file"
        );
        assert_eq!(fix.edits.len(), 2);
        // Set outside the home directory: shown, not applied.
        let facts = clean_mac()
            .setting("GOSUMDB", "off", rc("/etc/zshrc", 3))
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
    }

    #[test]
    fn fires_without_scope() {
        let facts = clean_mac()
            .setting("GOSUMDB", "off", rc("/Users/dev/.zshrc", 8))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("/Users/dev/.zshrc:8"));
    }

    #[test]
    fn silent_with_scope_or_default() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOSUMDB", "off", go_env_file(1))
            .setting("GOPRIVATE", "github.com/acme/*", go_env_file(2))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = clean_mac()
            .setting("GOSUMDB", "off", go_env_file(1))
            .setting("GONOSUMDB", "corp.example", go_env_file(2))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
