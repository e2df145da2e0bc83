//! `startup-file-unreadable`: a shell startup file could not be read as text.

use crate::facts::{Facts, FileState};
use crate::finding::{Evidence, Finding, Severity};

use super::{path_text, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether every shell startup file NativeGo looked at (`~/.zshenv`, `~/.zprofile`, `~/.zshrc`, `~/.bash_profile`, files they source, …) could be read as text.
A file that cannot be read (permissions, I/O error) or is not text is a warning; a file larger than NativeGo reads, of which only the beginning was evaluated, is information.

## Why it hurts
NativeGo cannot tell what such a file does to PATH or Go settings, so the report may be wrong.
The shell may also fail on it: a binary or corrupted `~/.zshrc` (for example after a bad sync or a copy from another system) produces errors on every new terminal, and an unreadable one is silently skipped by the shell.

## How to fix
Check the file: `ls -l <file>` for ownership and permissions (`sudo chown "$USER" <file>` if root owns it), and `file <file>` to see what it contains.
Restore a corrupted file from a backup; split very large files and `source` the parts.

## References
- zsh manual, "Startup/Shutdown Files"
"#;

pub static CHECK: Check = Check {
    id: "startup-file-unreadable",
    area: Area::Shell,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "A shell startup file could not be read",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    for file in &facts.login.files {
        let path = path_text(&file.path);
        let (severity, title, message, note) = match &file.state {
            FileState::Unreadable(err) => (
                Severity::Warning,
                format!("{path} could not be read: {}", err.trim()),
                "NativeGo cannot see what this file does to PATH or Go settings, so the report may be wrong; the shell may skip it too.".to_string(),
                format!("unreadable: {}", err.trim()),
            ),
            FileState::Binary => (
                Severity::Warning,
                format!("{path} is not a text file"),
                "The file contains binary data: NativeGo skipped it, and the shell prints errors or misbehaves when it reads it.".to_string(),
                "binary content (NUL bytes or undecodable text)".to_string(),
            ),
            FileState::Truncated => (
                Severity::Info,
                format!("{path} is larger than NativeGo reads"),
                "Only the beginning of the file was evaluated, so settings near its end are not in the report.".to_string(),
                "read up to the size bound only".to_string(),
            ),
            FileState::Read | FileState::Missing => continue,
        };
        let mut finding = CHECK.finding(severity, title, message);
        finding.evidence.push(Evidence::at(&file.path, None, note));
        finding.hint = Some(format!(
            "Check it with `ls -l \"{path}\"` and `file \"{path}\"`; fix its permissions or restore it from a backup"
        ));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::StartupFile;

    fn with_file(state: FileState) -> crate::facts::Facts {
        clean_mac()
            .login(|l| {
                l.files = vec![
                    StartupFile {
                        path: "/Users/dev/.zprofile".into(),
                        state: FileState::Read,
                    },
                    StartupFile {
                        path: "/Users/dev/.zshrc".into(),
                        state,
                    },
                ]
            })
            .build()
    }

    #[test]
    fn fires_for_unreadable_and_binary() {
        let f = findings(
            &CHECK,
            &with_file(FileState::Unreadable(
                "Permission denied (os error 13)".into(),
            )),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "/Users/dev/.zshrc could not be read: Permission denied (os error 13)"
        );
        assert_eq!(f[0].severity, Severity::Warning);
        let f = findings(&CHECK, &with_file(FileState::Binary));
        assert_eq!(f[0].title, "/Users/dev/.zshrc is not a text file");
    }

    #[test]
    fn truncated_is_info() {
        let f = findings(&CHECK, &with_file(FileState::Truncated));
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn silent_for_read_and_missing() {
        assert!(findings(&CHECK, &with_file(FileState::Read)).is_empty());
        assert!(findings(&CHECK, &with_file(FileState::Missing)).is_empty());
    }
}
