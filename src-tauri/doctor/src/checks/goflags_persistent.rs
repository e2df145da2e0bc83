//! `goflags-persistent`: GOFLAGS set for every `go` command, invalid or harmful.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Applicability;

use super::{setting_evidence, shown, unset_hint, user_setting, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether GOFLAGS is set globally (exported in a startup file, inherited, or written with `go env -w`), and what its entries do to every `go` command.
NativeGo splits the value as cmd/go does (on white space, with `'…'` and `"…"` fields kept whole, as `cmd/internal/quoted` does since Go 1.21) and looks at each entry:
- an entry that is not a flag (it does not start with `-`), an unterminated quote, or a bare `-s`/`-w` left over from `-ldflags=-s -w`: an error, every `go` command fails;
- `-mod=vendor` or `-mod=mod`: a warning, it applies to every project, vendored or not;
- `-ldflags=` with `-s` or `-w`: a warning, every binary is built without DWARF and Delve cannot debug it;
- `-trimpath`: information only.
Other flags are not reported.

## Why it hurts
An invalid GOFLAGS breaks every `go` command before it starts: `go: parsing $GOFLAGS: non-flag "six"` (Jguer/yay#1525), `go: parsing $GOFLAGS: non-flag "'-w"` (golang/go#27368), `go: parsing $GOFLAGS: unknown flag -w'` (golang/go#51194: "Each entry must be a standalone flag … flag values must not contain spaces").
`go env -w GOFLAGS="-mod=vendor"` breaks unrelated builds with `go: inconsistent vendoring` (bazel-contrib/bazel-gazelle#1150) and breaks gopls (golang/vscode-go#1595).
`-ldflags=-s -w` strips debug information: `could not launch process: could not open debug info - debuggee must not be built with 'go run' or -ldflags='-s -w', which strip debug info` (go-delve/delve#3338); one user had set `-ldflags '-w'` and forgotten it (go-delve/delve#1138).
`-trimpath` is harmless for most builds, but it removes file system paths from every binary, which some debuggers and profilers use to find sources.
Whether a bare `-w` entry fails depends on the Go version (it is not a `go` flag, so it is reported as an unknown flag); NativeGo reports it as an error because no Go accepts it as meant.

## How to fix
Remove GOFLAGS where it is set (the finding names the line or the go env file: `go env -u GOFLAGS`), and pass the flags per command or per project instead (`go build -mod=vendor`, `-ldflags='-s -w'` in a release script or Makefile).

## References
- https://pkg.go.dev/cmd/go#hdr-Environment_variables
- golang/go#27368, golang/go#51194, golang/go#38522, Jguer/yay#1525
- bazel-contrib/bazel-gazelle#1150, golang/vscode-go#1595, go-delve/delve#3338, go-delve/delve#1138
"#;

pub static CHECK: Check = Check {
    id: "goflags-persistent",
    area: Area::Environment,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "GOFLAGS is set for every go command, with invalid or harmful flags",
    doc: DOC,
    run,
};

/// GOFLAGS split as `cmd/internal/quoted.Split`: fields separated by white space, a field
/// that starts with `'` or `"` runs to the same quote; an unterminated quote is an error.
fn split(value: &str) -> Result<Vec<String>, char> {
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        let Some(first) = rest.chars().next() else {
            return Ok(out);
        };
        if first == '\'' || first == '"' {
            let body = &rest[1..];
            let end = body.find(first).ok_or(first)?;
            out.push(body[..end].to_string());
            rest = &body[end + 1..];
        } else {
            let end = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
}

/// What one entry does, when it is worth saying.
fn judge(entry: &str, after_ldflags: bool) -> Option<(Severity, String)> {
    let bad_flag = !entry.starts_with('-')
        || entry == "-"
        || entry == "--"
        || entry.starts_with("---")
        || entry.starts_with("-=")
        || entry.starts_with("--=");
    if bad_flag {
        return Some((
            Severity::Error,
            format!("`{entry}` is not a flag: `go: parsing $GOFLAGS: non-flag \"{entry}\"`"),
        ));
    }
    let name = entry.trim_start_matches('-');
    let (name, value) = name.split_once('=').unwrap_or((name, ""));
    if after_ldflags && value.is_empty() && (name == "s" || name == "w") {
        return Some((
            Severity::Error,
            format!("`{entry}` is a linker flag left outside `-ldflags`: it is not a go flag (`go: parsing $GOFLAGS: unknown flag {entry}`)"),
        ));
    }
    match name {
        "mod" if value == "vendor" || value == "mod" => Some((
            Severity::Warning,
            format!("`{entry}` applies to every project: builds of projects without a matching vendor directory fail (`go: inconsistent vendoring`)"),
        )),
        "ldflags" if value.split_whitespace().any(|f| f == "-s" || f == "-w") => Some((
            Severity::Warning,
            format!("`{entry}` strips debug information from every build: Delve cannot debug them (`could not open debug info`)"),
        )),
        "trimpath" => Some((
            Severity::Info,
            format!("`{entry}` removes file paths from every binary"),
        )),
        _ => None,
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = user_setting(facts, "GOFLAGS") else {
        return;
    };
    let value = setting.value.trim();
    if value.is_empty() {
        return;
    }
    let mut notes: Vec<(Severity, String)> = Vec::new();
    match split(value) {
        Err(quote) => notes.push((
            Severity::Error,
            format!("an unterminated {quote} quote: `go: parsing $GOFLAGS: unterminated {quote} string`"),
        )),
        Ok(entries) => {
            let mut after_ldflags = false;
            for entry in &entries {
                notes.extend(judge(entry, after_ldflags));
                let plain = entry.trim_start_matches('-');
                after_ldflags =
                    plain.starts_with("ldflags=") || (after_ldflags && (plain == "s" || plain == "w"));
            }
        }
    }
    let Some(severity) = notes.iter().map(|(s, _)| *s).max() else {
        return;
    };
    let place = match setting.origin.location() {
        Some((path, line)) => format!(" in {}:{line}", path.display()),
        None => String::new(),
    };
    let (title, message) = match severity {
        Severity::Error => (
            format!("GOFLAGS={}{place} breaks every go command", shown(value)),
            "Go reads GOFLAGS before every command and stops at an entry it cannot parse, so `go build`, `go test` and the editor's tools all fail.",
        ),
        Severity::Warning => (
            format!("GOFLAGS={}{place} changes every build", shown(value)),
            "These flags apply to every `go` command in every project, not only the one they were meant for.",
        ),
        Severity::Info => (
            format!("GOFLAGS={}{place} applies to every build", shown(value)),
            "A flag set in GOFLAGS applies to every `go` command; this one is harmless for most builds.",
        ),
    };
    let mut finding = CHECK.finding(severity, title, message);
    finding.evidence = setting_evidence("GOFLAGS", setting);
    finding
        .evidence
        .extend(notes.iter().map(|(_, note)| Evidence::note(note.clone())));
    finding.hint = Some(format!(
        "{}; pass such flags per command or in the project's build script instead",
        unset_hint("GOFLAGS", setting)
    ));
    if severity > Severity::Info {
        let applicability = if severity == Severity::Error {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        finding.fixes.push(super::unset_fix(
            facts,
            "goflags-persistent:remove",
            "GOFLAGS",
            setting,
            applicability,
        ));
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::Origin;
    use crate::fix::Edit;

    #[test]
    fn splits_as_go_does() {
        assert_eq!(split(" -a  -b=c\t").unwrap(), ["-a", "-b=c"]);
        assert_eq!(
            split("'-ldflags=-s -w' -trimpath").unwrap(),
            ["-ldflags=-s -w", "-trimpath"]
        );
        assert_eq!(split("\"-tags=a b\"").unwrap(), ["-tags=a b"]);
        assert_eq!(split("'-ldflags=-s"), Err('\''));
        assert_eq!(split("").unwrap(), Vec::<String>::new());
    }

    fn goflags(value: &str) -> Vec<Finding> {
        findings(
            &CHECK,
            &clean_mac()
                .setting("GOFLAGS", value, rc("/Users/dev/.zshrc", 4))
                .line(
                    "/Users/dev/.zshrc",
                    4,
                    &format!("export GOFLAGS=\"{value}\""),
                )
                .build(),
        )
    }

    #[test]
    fn invalid_entries_are_errors_with_a_safe_unset() {
        let f = goflags("six");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].title,
            "GOFLAGS=six in /Users/dev/.zshrc:4 breaks every go command"
        );
        assert!(f[0].evidence[1]
            .note
            .contains("go: parsing $GOFLAGS: non-flag \"six\""));
        let fix = &f[0].fixes[0];
        assert_eq!(fix.id, "goflags-persistent:remove");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            fix.edits,
            vec![Edit::CommentOutLine {
                path: "/Users/dev/.zshrc".into(),
                line: 4,
                expected: "export GOFLAGS=\"six\"".into(),
            }]
        );
        let f = goflags("-ldflags=-s -w");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f
            .iter()
            .flat_map(|f| &f.evidence)
            .any(|e| e.note.contains("unknown flag -w")));
        assert_eq!(goflags("'-ldflags=-s")[0].severity, Severity::Error);
    }

    #[test]
    fn harmful_flags_are_warnings() {
        let f = goflags("-mod=vendor");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].evidence[1].note.contains("inconsistent vendoring"));
        assert_eq!(f[0].fixes[0].applicability, Applicability::Unsafe);
        let f = goflags("'-ldflags=-s -w' -trimpath");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].evidence.len(), 3);
        assert!(f[0].evidence[1].note.contains("Delve"));
        assert_eq!(goflags("-ldflags=-w")[0].severity, Severity::Warning);
    }

    #[test]
    fn trimpath_alone_is_a_note_without_fix() {
        let f = goflags("-trimpath");
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn silent_for_other_flags_defaults_and_go_env() {
        assert!(goflags("-buildvcs=false -mod=readonly").is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting(
                "GOFLAGS",
                "-mod=vendor",
                Origin::GorootGoEnv {
                    path: "/usr/local/go/go.env".into(),
                    line: 2,
                },
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }

    #[test]
    fn go_env_file_value_is_removed_there() {
        let facts = clean_mac()
            .setting("GOFLAGS", "-mod=mod", go_env_file(1))
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0].hint.as_deref().unwrap().contains("go env -u GOFLAGS"));
        assert_eq!(
            f[0].fixes[0].edits,
            vec![Edit::GoEnvUnset {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GOFLAGS".into(),
            }]
        );
    }
}
