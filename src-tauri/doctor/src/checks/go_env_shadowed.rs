//! `go-env-shadowed`: a `go env -w` value that an exported variable of the same name overrides.

use crate::facts::{Facts, GoSetting, Origin};
use crate::finding::{Finding, Severity};
use crate::fix::builders::{removal_at, removal_fix, Removal};
use crate::fix::{Applicability, Edit, Fix};

use super::{describe_origin, setting_evidence, shown, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether a Go setting written to the go env file with `go env -w` (`~/Library/Application Support/go/env` on macOS) is overridden by a variable of the same name in the environment: exported in a startup file, or inherited from the terminal or launchd.
It reports only when the two values differ, and shows both places and which one wins.

## Why it hurts
Go reads the environment first and the go env file second: the exported value wins, always.
So `go env -w GOPROXY=…` seems to do nothing; Go itself only says so at the moment of writing, `warning: go env -w GOPROXY=... does not override conflicting OS environment variable` (golang/go#68270; the same for GO111MODULE, golang/go#44061).
Users then read `go env` in a shell where their `.zshrc` export wins and conclude the setting is broken, or remove the export later and get a forgotten value from the go env file back.

## How to fix
Decide which value you want, then keep it in one place:
- the go env file's: remove the export (the fix comments the line out), or `launchctl unsetenv NAME` for a value launchd passes on;
- the exported one: `go env -u NAME` removes the shadowed value from the go env file (this changes nothing today, it only removes the surprise).

## References
- golang/go#68270, golang/go#44061, golang/go#73573
- https://go.dev/ref/mod#environment-variables, https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information
"#;

pub static CHECK: Check = Check {
    id: "go-env-shadowed",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "A `go env -w` value is overridden by an exported variable",
    doc: DOC,
    run,
};

/// Where a value set in the environment (not a go env file, not a default) comes from.
fn from_environment(origin: &Origin) -> bool {
    !matches!(
        origin,
        Origin::GoEnvFile { .. } | Origin::GorootGoEnv { .. } | Origin::Default
    )
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    for (name, setting) in &facts.settings {
        if !from_environment(&setting.origin) {
            continue;
        }
        let Some((file_value, file_origin)) = setting
            .overridden
            .iter()
            .find(|(_, o)| matches!(o, Origin::GoEnvFile { .. }))
        else {
            continue;
        };
        if file_value.trim() == setting.value.trim() {
            continue;
        }
        let place = match file_origin.location() {
            Some((path, line)) => format!("{}:{line}", path.display()),
            None => "the go env file".into(),
        };
        let mut finding = CHECK.finding(
            Severity::Warning,
            format!(
                "`go env -w {name}={}` has no effect: the environment's {name}={} wins",
                shown(file_value),
                shown(&setting.value)
            ),
            format!(
                "The go env file ({place}) sets {name}={}, but {name} is also {} with {}, and Go takes the environment's value over the go env file's: `go env -w {name}=…` only prints `warning: go env -w {name}=... does not override conflicting OS environment variable`.",
                shown(file_value),
                describe_origin(&setting.origin),
                shown(&setting.value)
            ),
        );
        finding.key = format!("{}:{name}", CHECK.id);
        finding.evidence = setting_evidence(name, setting);
        finding.hint = Some(format!(
            "Keep one: remove the export to use the go env file's {name}={}, or run `go env -u {name}` to keep the environment's",
            shown(file_value)
        ));
        finding.fixes.push(use_go_env_file(facts, name, setting));
        finding.fixes.push(
            Fix::new(
                format!("go-env-shadowed:keep-environment-{name}"),
                format!(
                    "Remove the shadowed `{name}={}` from the go env file (`go env -u {name}`)",
                    shown(file_value)
                ),
                Applicability::Unsafe,
            )
            .edit(Edit::GoEnvUnset {
                path: file_origin
                    .location()
                    .map(|(p, _)| p.clone())
                    .or_else(|| facts.go_env_file.clone())
                    .unwrap_or_default(),
                key: name.clone(),
            }),
        );
        out.push(finding);
    }
}

/// Remove every place in the environment that sets `name`, so that the go env file's value
/// applies; manual when one of them cannot be edited (an inherited value, a file outside the
/// home directory).
fn use_go_env_file(facts: &Facts, name: &str, setting: &GoSetting) -> Fix {
    let id = format!("go-env-shadowed:use-go-env-file-{name}");
    let places = std::iter::once((setting.value.as_str(), &setting.origin)).chain(
        setting
            .overridden
            .iter()
            .filter(|(_, o)| from_environment(o))
            .map(|(v, o)| (v.as_str(), o)),
    );
    let mut removals: Vec<Removal> = Vec::new();
    for (value, origin) in places {
        match removal_at(facts, name, value, origin) {
            Some(r) if !removals.iter().any(|x| x.edit == r.edit) => removals.push(r),
            Some(_) => {}
            None => {
                let how = match origin {
                    Origin::Inherited => format!(
                        "{name} comes from the terminal's own environment: run `launchctl unsetenv {name}` and remove it from where it is set for the terminal"
                    ),
                    _ => format!("Remove the line that sets {name} ({})", describe_origin(origin)),
                };
                return Fix::manual(
                    id,
                    format!("Remove the exported {name} so that the go env file's value applies"),
                    format!("{how}, then open a new terminal."),
                    None,
                );
            }
        }
    }
    removal_fix(&id, Applicability::Unsafe, removals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    fn shadowed() -> FactsBuilder {
        clean_mac()
            .setting_overridden(
                "GOPROXY",
                "direct",
                rc("/Users/dev/.zshrc", 7),
                vec![("https://proxy.corp.example", go_env_file(1))],
            )
            .line("/Users/dev/.zshrc", 7, "export GOPROXY=direct")
    }

    #[test]
    fn names_both_places_and_the_winner() {
        let f = findings(&CHECK, &shadowed().build());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key, "go-env-shadowed:GOPROXY");
        assert_eq!(
            f[0].title,
            "`go env -w GOPROXY=https://proxy.corp.example` has no effect: the environment's GOPROXY=direct wins"
        );
        assert!(f[0].message.contains("set at `/Users/dev/.zshrc:7`"));
        assert!(f[0]
            .message
            .contains("does not override conflicting OS environment variable"));
        assert_eq!(f[0].evidence.len(), 2);
        assert_eq!(f[0].evidence[0].line, Some(7));
        assert!(f[0].evidence[1].note.contains("(overridden)"));
    }

    #[test]
    fn fixes_keep_one_value() {
        let f = findings(&CHECK, &shadowed().build());
        let ids: Vec<&str> = f[0].fixes.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "go-env-shadowed:use-go-env-file-GOPROXY",
                "go-env-shadowed:keep-environment-GOPROXY"
            ]
        );
        assert_eq!(
            f[0].fixes[0].edits,
            vec![Edit::CommentOutLine {
                path: "/Users/dev/.zshrc".into(),
                line: 7,
                expected: "export GOPROXY=direct".into(),
            }]
        );
        assert_eq!(f[0].fixes[0].applicability, Applicability::Unsafe);
        assert_eq!(
            f[0].fixes[1].edits,
            vec![Edit::GoEnvUnset {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GOPROXY".into(),
            }]
        );
    }

    #[test]
    fn inherited_values_are_removed_by_hand() {
        let facts = clean_mac()
            .setting_overridden(
                "GOFLAGS",
                "-mod=mod",
                Origin::Inherited,
                vec![("-mod=vendor", go_env_file(2))],
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("launchctl unsetenv GOFLAGS"));
    }

    #[test]
    fn silent_when_equal_or_not_shadowed() {
        let same = clean_mac()
            .setting_overridden(
                "GOPROXY",
                "direct",
                rc("/Users/dev/.zshrc", 7),
                vec![("direct", go_env_file(1))],
            )
            .build();
        assert!(findings(&CHECK, &same).is_empty());
        let file_only = clean_mac()
            .setting("GOPROXY", "direct", go_env_file(1))
            .build();
        assert!(findings(&CHECK, &file_only).is_empty());
        let two_exports = clean_mac()
            .setting_overridden(
                "GOPROXY",
                "direct",
                rc("/Users/dev/.zshrc", 7),
                vec![("off", rc("/Users/dev/.zprofile", 2))],
            )
            .build();
        assert!(findings(&CHECK, &two_exports).is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
