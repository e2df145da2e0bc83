//! `startup-file-not-understood`: startup-file lines that may change PATH or Go settings were not evaluated.

use crate::facts::{Facts, LoginMethod};
use crate::finding::{Evidence, Finding, Severity};

use super::{join_and, plural, Area, Check, ALL_OS};

/// Evidence lines shown at most; the rest are summarised.
const MAX_EVIDENCE: usize = 20;

pub const DOC: &str = r#"## What it checks
Whether the static evaluation of the startup files met lines it could not evaluate that may change PATH or a Go variable (`GO*`, `CGO_*`): commands whose output is used, functions, loops, plugin managers, `eval` of tools other than `brew shellenv`, and so on.
It lists each line with the reason, up to 20 lines.

## Why it hurts
The values NativeGo shows for those variables may differ from what a new terminal has, so findings about PATH, GOROOT or GOPATH may be missing or wrong.
When NativeGo could run the login shell the final values are right, but their origin (which file and line set them) may be unknown.

## How to fix
Nothing is necessarily wrong in the files.
To make NativeGo's attribution exact, prefer plain `export PATH="…:$PATH"` and `export GOPATH=…` lines for Go settings.

## References
- zsh manual, "Startup/Shutdown Files"
"#;

pub static CHECK: Check = Check {
    id: "startup-file-not-understood",
    area: Area::Shell,
    severity: Severity::Info,
    applies_to: ALL_OS,
    summary: "Startup-file lines that may change PATH or Go settings were not evaluated",
    doc: DOC,
    run,
};

fn relevant(var: &str) -> bool {
    var == "PATH" || var.starts_with("GO") || var.starts_with("CGO_")
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let lines: Vec<_> = facts
        .login
        .unknowns
        .iter()
        .filter(|u| u.affects.iter().any(|v| relevant(v)))
        .collect();
    if lines.is_empty() {
        return;
    }
    let mut vars: Vec<String> = lines
        .iter()
        .flat_map(|u| u.affects.iter().filter(|v| relevant(v)).cloned())
        .collect();
    vars.sort();
    vars.dedup();
    let verb = if lines.len() == 1 { "was" } else { "were" };
    let consequence = if facts.login.method == Some(LoginMethod::Shell) {
        "The values come from the login shell and are right, but which line set them may be unknown."
    } else {
        "The values NativeGo shows for them may differ from what a new terminal has."
    };
    let mut finding = CHECK.finding(
        Severity::Info,
        format!(
            "{} in startup files {verb} not evaluated (may change {})",
            plural(lines.len(), "line"),
            join_and(&vars)
        ),
        format!("NativeGo could not evaluate these lines statically. {consequence}"),
    );
    for u in lines.iter().take(MAX_EVIDENCE) {
        finding.evidence.push(Evidence::at(
            &u.path,
            Some(u.line),
            if u.text.trim().is_empty() {
                format!("{} (affects {})", u.reason, u.affects.join(", "))
            } else {
                format!(
                    "`{}`: {} (affects {})",
                    u.text,
                    u.reason,
                    u.affects.join(", ")
                )
            },
        ));
    }
    if lines.len() > MAX_EVIDENCE {
        finding.evidence.push(Evidence::note(format!(
            "and {} more",
            lines.len() - MAX_EVIDENCE
        )));
    }
    finding.hint = Some(
        "Nothing to do unless values look wrong; plain `export PATH=\"…:$PATH\"` lines let NativeGo attribute values exactly".into(),
    );
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::Unknown;

    fn unknown(line: u32, affects: &[&str]) -> Unknown {
        Unknown {
            path: "/Users/dev/.zshrc".into(),
            line,
            text: "eval \"$(goenv init -)\"".into(),
            reason: "command substitution".into(),
            affects: affects.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn fires_for_path_and_go_vars_only() {
        let facts = clean_mac()
            .login(|l| l.unknowns = vec![unknown(3, &["PATH", "GOROOT"]), unknown(4, &["EDITOR"])])
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "1 line in startup files was not evaluated (may change GOROOT and PATH)"
        );
        assert_eq!(f[0].evidence.len(), 1);
        assert_eq!(f[0].evidence[0].line, Some(3));
    }

    #[test]
    fn caps_evidence() {
        let facts = clean_mac()
            .login(|l| l.unknowns = (1..=25).map(|n| unknown(n, &["CGO_CFLAGS"])).collect())
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].evidence.len(), 21);
        assert_eq!(f[0].evidence[20].note, "and 5 more");
    }

    #[test]
    fn silent_for_unrelated_lines() {
        let facts = clean_mac()
            .login(|l| l.unknowns = vec![unknown(4, &["EDITOR"])])
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
