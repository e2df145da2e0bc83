//! `login-shell-failed`: running the login shell failed; the report relies on static evaluation.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};

use super::{path_text, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether NativeGo could run the user's login shell (`$SHELL -l -i -c …`) to read the environment a new terminal gets.
When the shell hangs, exits with an error, is killed, prints nothing NativeGo recognises, or cannot be started, NativeGo falls back to evaluating the startup files itself, and says so here.

## Why it hurts
The static evaluation understands common shell, but not everything: values set by plugins, functions or commands may be missing, so PATH and Go settings in the report may differ from a real terminal.
A startup file that waits for input or runs slow commands also slows down every terminal and breaks tools that start a login shell to read the environment, as editors do (VS Code resolves the shell environment the same way and times out after 10 s).

## How to fix
Run `zsh -l -i -c true` (or your shell's equivalent) in a terminal and look for prompts, errors or long pauses; `zsh -x -l -i -c true` shows each line as it runs.
Guard interactive-only parts with `[[ -o interactive ]]` or move them out of the startup files.

## References
- microsoft/vscode `src/vs/platform/shell/node/shellEnv.ts` (resolving the shell environment)
- zsh manual, "Startup/Shutdown Files"
"#;

pub static CHECK: Check = Check {
    id: "login-shell-failed",
    area: Area::Shell,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "The login shell could not be run; startup files were evaluated statically",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(failure) = &facts.login.failure else {
        return;
    };
    let shell = path_text(&failure.shell);
    let what = match failure.kind.as_str() {
        "timeout" => "timed out".to_string(),
        "exit" => "exited with an error".to_string(),
        "signal" => "was killed by a signal".to_string(),
        "no-output" => "printed no environment".to_string(),
        "spawn" => "could not be started".to_string(),
        other => format!("failed ({other})"),
    };
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("The login shell {shell} {what}"),
        "NativeGo evaluated the startup files itself instead, so PATH and Go settings set by plugins, functions or commands may be missing from this report.",
    );
    let detail = failure.detail.trim();
    finding.evidence.push(Evidence::at(
        &failure.shell,
        None,
        if detail.is_empty() {
            failure.kind.clone()
        } else {
            format!("{}: {detail}", failure.kind)
        },
    ));
    let name = failure
        .shell
        .file_name()
        .map_or_else(|| shell.clone(), |n| n.to_string_lossy().into_owned());
    finding.hint = Some(format!(
        "Run `{name} -x -l -i -c true` in a terminal to see which line hangs or fails, and fix or guard it"
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::ShellFailure;

    #[test]
    fn fires_on_timeout() {
        let facts = clean_mac()
            .login(|l| {
                l.failure = Some(ShellFailure {
                    shell: "/bin/zsh".into(),
                    kind: "timeout".into(),
                    detail: "no marker after 10 s".into(),
                })
            })
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "The login shell /bin/zsh timed out");
        assert_eq!(f[0].evidence[0].note, "timeout: no marker after 10 s");
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("`zsh -x -l -i -c true`"));
    }

    #[test]
    fn silent_when_shell_ran() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
