//! Plans: a [`Fix`] resolved against the files as they are now, and its preview.
//!
//! A plan holds, for every file it changes, the exact bytes before and after. Lines the
//! fix does not mean to touch keep their bytes: CRLF stays CRLF, a missing final newline
//! stays missing, bytes that are not UTF-8 survive. Planning the same fix again on the
//! result changes nothing.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::fix::{disabled_marker, Action, Applicability, Edit, Fix};
use crate::host::{FileKind, Host};

/// One file's change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// The path as the fix names it (`/Users/dev/.zshrc`).
    pub path: PathBuf,
    /// Where the bytes are written: the symlink's target when `path` is a symlink.
    pub target: PathBuf,
    /// The content now; `None` when the file does not exist yet.
    #[serde(skip)]
    pub before: Option<Vec<u8>>,
    /// The content after the fix; `None` for a directory to create.
    #[serde(skip)]
    pub after: Option<Vec<u8>>,
    /// Create this path as a directory.
    pub create_dir: bool,
}

/// A fix resolved against the current files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub fix_id: String,
    pub title: String,
    pub applicability: Applicability,
    pub changes: Vec<FileChange>,
    pub actions: Vec<Action>,
}

impl Plan {
    /// Nothing to write and nothing to run: the fix is already in place.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.actions.is_empty()
    }
}

/// Why a plan could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("`{fix}` is a manual fix: NativeGo shows it but does not apply it")]
    Manual { fix: String },
    #[error("`{}` line {line} no longer reads `{expected}`; the file changed since the diagnosis: run `nativego doctor` again", path.display())]
    LineChanged {
        path: PathBuf,
        line: u32,
        expected: String,
    },
    #[error("`{}` cannot be edited: {detail}; the file changed since the diagnosis, or is not JSON with comments", path.display())]
    Json { path: PathBuf, detail: String },
    #[error("could not read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("`{}` is not a regular file", path.display())]
    NotAFile { path: PathBuf },
}

/// Resolve `fix` against the files as they are now.
pub fn plan(host: &dyn Host, fix: &Fix) -> Result<Plan, PlanError> {
    if fix.applicability == Applicability::Manual {
        return Err(PlanError::Manual {
            fix: fix.id.clone(),
        });
    }
    let mut changes: Vec<FileChange> = Vec::new();
    for edit in &fix.edits {
        let path = edit.path().to_path_buf();
        if let Edit::CreateDir { .. } = edit {
            if !crate::host::is_dir(host, &path) && !changes.iter().any(|c| c.path == path) {
                changes.push(FileChange {
                    target: path.clone(),
                    path,
                    before: None,
                    after: None,
                    create_dir: true,
                });
            }
            continue;
        }
        // Several edits to one file apply in turn to the same content.
        let idx = match changes.iter().position(|c| c.path == path) {
            Some(i) => i,
            None => {
                let (target, before) = read_current(host, &path)?;
                changes.push(FileChange {
                    path: path.clone(),
                    target,
                    after: before.clone(),
                    before,
                    create_dir: false,
                });
                changes.len() - 1
            }
        };
        let current = changes[idx].after.clone().unwrap_or_default();
        let next = apply_edit(&current, edit, &fix.id)?;
        changes[idx].after = Some(next);
    }
    // A file whose content would not change is not part of the plan.
    changes.retain(|c| c.create_dir || c.before != c.after);
    Ok(Plan {
        fix_id: fix.id.clone(),
        title: fix.title.clone(),
        applicability: fix.applicability,
        changes,
        actions: fix.actions.clone(),
    })
}

/// The file's target (through a symlink) and its bytes; a missing file is `None`.
fn read_current(host: &dyn Host, path: &Path) -> Result<(PathBuf, Option<Vec<u8>>), PlanError> {
    let target = match host.symlink_metadata(path) {
        Ok(m) if m.kind == FileKind::Symlink => {
            host.canonicalize(path).map_err(|source| PlanError::Read {
                path: path.to_path_buf(),
                source,
            })?
        }
        _ => path.to_path_buf(),
    };
    match host.metadata(&target) {
        Ok(m) if m.kind == FileKind::File => {}
        Ok(_) => {
            return Err(PlanError::NotAFile {
                path: path.to_path_buf(),
            })
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((target, None)),
        Err(source) => {
            return Err(PlanError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    }
    let bytes = host.read(&target).map_err(|source| PlanError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((target, Some(bytes)))
}

/// Lines of a file as byte slices, each with its own terminator (`\n` or none at the end).
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push(&bytes[start..=i]);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

/// A line's text without its terminator (`\r\n` or `\n`), and the terminator.
fn body_and_end(line: &[u8]) -> (&[u8], &[u8]) {
    if line.ends_with(b"\r\n") {
        (&line[..line.len() - 2], b"\r\n")
    } else if line.ends_with(b"\n") {
        (&line[..line.len() - 1], b"\n")
    } else {
        (line, b"")
    }
}

/// Find the line `expected` at `line` (1-based), or, if lines moved, the one line that
/// reads `expected` exactly. Returns its index.
fn locate(lines: &[&[u8]], line: u32, expected: &str) -> Option<usize> {
    let want = expected.as_bytes();
    let at = (line as usize).checked_sub(1)?;
    if lines.get(at).map(|l| body_and_end(l).0) == Some(want) {
        return Some(at);
    }
    let mut found = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| body_and_end(l).0 == want);
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

fn apply_edit(current: &[u8], edit: &Edit, fix_id: &str) -> Result<Vec<u8>, PlanError> {
    let lines = split_lines(current);
    match edit {
        Edit::CommentOutLine {
            path,
            line,
            expected,
        } => {
            let disabled = format!("# {expected}  {}", disabled_marker(fix_id));
            if lines
                .iter()
                .any(|l| body_and_end(l).0 == disabled.as_bytes())
            {
                return Ok(current.to_vec());
            }
            let i = locate(&lines, *line, expected).ok_or_else(|| PlanError::LineChanged {
                path: path.clone(),
                line: *line,
                expected: expected.clone(),
            })?;
            Ok(replace_line(&lines, i, disabled.as_bytes()))
        }
        Edit::ReplaceLine {
            path,
            line,
            expected,
            new,
        } => {
            let marked = format!("{new}  # changed by nativego ({fix_id})");
            if lines.iter().any(|l| body_and_end(l).0 == marked.as_bytes()) {
                return Ok(current.to_vec());
            }
            let i = locate(&lines, *line, expected).ok_or_else(|| PlanError::LineChanged {
                path: path.clone(),
                line: *line,
                expected: expected.clone(),
            })?;
            // The new line ends with `\n` even in a CRLF file: a shell reads a `\r` as
            // part of the line's last word (`export GOARCH=arm64\r` sets `arm64\r`).
            let end: &[u8] = match body_and_end(lines[i]).1 {
                b"" => b"",
                _ => b"\n",
            };
            Ok(replace_line_ending(&lines, i, marked.as_bytes(), end))
        }
        Edit::EnsureBlock {
            block, lines: body, ..
        } => Ok(ensure_block(current, block, body)),
        Edit::GoEnvUnset { key, .. } => {
            let prefix = format!("{key}=");
            Ok(lines
                .iter()
                .filter(|l| !l.starts_with(prefix.as_bytes()))
                .flat_map(|l| l.iter().copied())
                .collect())
        }
        Edit::GoEnvSet { key, value, .. } => {
            let prefix = format!("{key}=");
            let wanted = format!("{key}={value}");
            let mut out = Vec::new();
            let mut done = false;
            for l in &lines {
                if l.starts_with(prefix.as_bytes()) {
                    if !done {
                        // `go env -w` rewrites the key in place.
                        let (_, end) = body_and_end(l);
                        out.extend_from_slice(wanted.as_bytes());
                        out.extend_from_slice(if end.is_empty() { b"\n" } else { end });
                        done = true;
                    }
                } else {
                    out.extend_from_slice(l);
                }
            }
            if !done {
                if !out.is_empty() && !out.ends_with(b"\n") {
                    out.push(b'\n');
                }
                out.extend_from_slice(wanted.as_bytes());
                out.push(b'\n');
            }
            Ok(out)
        }
        Edit::CreateDir { .. } => Ok(current.to_vec()),
        Edit::JsonSetString {
            path,
            key,
            expected,
            new,
        } => {
            let text = std::str::from_utf8(current).map_err(|_| PlanError::Json {
                path: path.clone(),
                detail: "it is not UTF-8 text".into(),
            })?;
            // Applied already: the value is the new one.
            if crate::jsonc::strings(text)
                .is_ok_and(|all| all.iter().any(|s| s.key == *key && s.value == *new))
            {
                return Ok(current.to_vec());
            }
            crate::jsonc::set_string(text, key, expected, new)
                .map(String::into_bytes)
                .map_err(|detail| PlanError::Json {
                    path: path.clone(),
                    detail,
                })
        }
    }
}

fn replace_line(lines: &[&[u8]], i: usize, new_body: &[u8]) -> Vec<u8> {
    let end = lines.get(i).map(|l| body_and_end(l).1).unwrap_or(b"");
    replace_line_ending(lines, i, new_body, end)
}

/// Line `i` replaced by `new_body` ending with `end`, every other byte kept.
fn replace_line_ending(lines: &[&[u8]], i: usize, new_body: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (j, l) in lines.iter().enumerate() {
        if j == i {
            out.extend_from_slice(new_body);
            out.extend_from_slice(end);
        } else {
            out.extend_from_slice(l);
        }
    }
    out
}

/// The delimiters of a managed block.
pub fn block_markers(block: &str) -> (String, String) {
    (
        format!("# >>> nativego: {block} >>>"),
        format!("# <<< nativego: {block} <<<"),
    )
}

/// Add the managed block at the end, or replace the one with the same name. A missing
/// final newline stays missing. The block's lines end with `\n` even in a CRLF file: a
/// shell reads a `\r` as part of the line's last word, so `export PATH="…:$PATH"\r`
/// would end PATH with a directory that does not exist.
fn ensure_block(current: &[u8], block: &str, body: &[String]) -> Vec<u8> {
    let nl: &[u8] = b"\n";
    let (open, close) = block_markers(block);
    let mut text: Vec<u8> = Vec::new();
    let mut push_line = |s: &str, last: bool| {
        text.extend_from_slice(s.as_bytes());
        if !last {
            text.extend_from_slice(nl);
        }
    };
    push_line(&open, false);
    push_line(
        "# Added by NativeGo; `nativego undo` removes it, or delete these lines.",
        false,
    );
    for l in body {
        push_line(l, false);
    }
    push_line(&close, true);

    let lines = split_lines(current);
    let start = lines
        .iter()
        .position(|l| body_and_end(l).0 == open.as_bytes());
    let end = start.and_then(|s| {
        lines[s..]
            .iter()
            .position(|l| body_and_end(l).0 == close.as_bytes())
            .map(|e| s + e)
    });
    if let (Some(s), Some(e)) = (start, end) {
        let (_, close_end) = body_and_end(lines[e]);
        let mut out = Vec::new();
        for l in &lines[..s] {
            out.extend_from_slice(l);
        }
        out.extend_from_slice(&text);
        out.extend_from_slice(close_end);
        for l in &lines[e + 1..] {
            out.extend_from_slice(l);
        }
        return out;
    }
    let mut out = current.to_vec();
    let had_final_newline = current.is_empty() || current.ends_with(b"\n");
    if !current.is_empty() {
        if !had_final_newline {
            out.extend_from_slice(nl);
        }
        // A blank line sets the block apart from the user's own lines.
        out.extend_from_slice(nl);
    }
    out.extend_from_slice(&text);
    if had_final_newline {
        out.extend_from_slice(nl);
    }
    out
}

/// A unified diff of one change (`--- a/path`, `+++ b/path`, hunks with three lines of
/// context), as GNU `patch` applies it: lines keep their `\r` in a CRLF file, and a last
/// line without a newline is marked. Bytes that are not UTF-8 are shown lossily.
pub fn unified_diff(change: &FileChange) -> String {
    let before = String::from_utf8_lossy(change.before.as_deref().unwrap_or_default());
    let after = String::from_utf8_lossy(change.after.as_deref().unwrap_or_default());
    let name = change.path.display().to_string();
    let old = if change.before.is_some() {
        format!("a{name}")
    } else {
        "/dev/null".into()
    };
    let mut out = format!("--- {old}\n+++ b{name}\n");
    let diff = similar::TextDiff::configure()
        // Startup files are small; a pathological one is still bounded.
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(before.as_ref(), after.as_ref());
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&hunk.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(path: &str, line: u32, expected: &str) -> Edit {
        Edit::CommentOutLine {
            path: path.into(),
            line,
            expected: expected.into(),
        }
    }

    #[test]
    fn comment_out_keeps_other_bytes_crlf_and_missing_final_newline() {
        let before = b"a\r\nexport GOARCH=amd64\r\n\xff caf\xe9\r\nlast";
        let after = apply_edit(before, &comment("/x", 2, "export GOARCH=amd64"), "f:1").unwrap();
        assert_eq!(
            after,
            b"a\r\n# export GOARCH=amd64  # disabled by nativego (f:1)\r\n\xff caf\xe9\r\nlast"
        );
        // Idempotent.
        let again = apply_edit(&after, &comment("/x", 2, "export GOARCH=amd64"), "f:1").unwrap();
        assert_eq!(again, after);
    }

    #[test]
    fn a_moved_line_is_found_and_a_changed_one_refused() {
        let before = b"# new line\na\nexport GOARCH=amd64\n";
        let after = apply_edit(before, &comment("/x", 2, "export GOARCH=amd64"), "f").unwrap();
        assert!(String::from_utf8_lossy(&after).contains("# export GOARCH=amd64"));
        let err = apply_edit(
            b"export GOARCH=arm64\n",
            &comment("/x", 1, "export GOARCH=amd64"),
            "f",
        )
        .unwrap_err();
        assert!(matches!(err, PlanError::LineChanged { .. }));
    }

    #[test]
    fn ensure_block_appends_once_and_keeps_newline_style() {
        let edit = Edit::EnsureBlock {
            path: "/x".into(),
            block: "gobin".into(),
            lines: vec!["export PATH=\"$PATH:$HOME/go/bin\"".into()],
        };
        let once = apply_edit(b"alias ll='ls -l'", &edit, "f").unwrap();
        let text = String::from_utf8(once.clone()).unwrap();
        assert!(
            text.starts_with("alias ll='ls -l'\n\n# >>> nativego: gobin >>>\n"),
            "{text}"
        );
        assert!(
            text.ends_with("# <<< nativego: gobin <<<"),
            "no final newline stays missing: {text:?}"
        );
        assert_eq!(apply_edit(&once, &edit, "f").unwrap(), once);
        // In a CRLF file the user's lines keep their CRLF, NativeGo's end with LF only.
        let crlf = apply_edit(b"a\r\n", &edit, "f").unwrap();
        assert_eq!(
            String::from_utf8(crlf).unwrap(),
            "a\r\n\n# >>> nativego: gobin >>>\n\
             # Added by NativeGo; `nativego undo` removes it, or delete these lines.\n\
             export PATH=\"$PATH:$HOME/go/bin\"\n# <<< nativego: gobin <<<\n"
        );
    }

    #[test]
    fn a_replaced_line_in_a_crlf_file_ends_with_lf() {
        let edit = Edit::ReplaceLine {
            path: "/x".into(),
            line: 2,
            expected: "export GOARCH=amd64".into(),
            new: "export GOARCH=arm64".into(),
        };
        let after = apply_edit(b"a\r\nexport GOARCH=amd64\r\nb\r\n", &edit, "f").unwrap();
        assert_eq!(
            after,
            b"a\r\nexport GOARCH=arm64  # changed by nativego (f)\nb\r\n"
        );
    }

    #[test]
    fn go_env_unset_and_set() {
        let env = b"GOPROXY=direct\nGO111MODULE=off\nGOARCH=amd64\n";
        let unset = Edit::GoEnvUnset {
            path: "/e".into(),
            key: "GO111MODULE".into(),
        };
        assert_eq!(
            apply_edit(env, &unset, "f").unwrap(),
            b"GOPROXY=direct\nGOARCH=amd64\n"
        );
        let set = Edit::GoEnvSet {
            path: "/e".into(),
            key: "GOPROXY".into(),
            value: "https://proxy.golang.org,direct".into(),
        };
        assert_eq!(
            apply_edit(env, &set, "f").unwrap(),
            b"GOPROXY=https://proxy.golang.org,direct\nGO111MODULE=off\nGOARCH=amd64\n"
        );
        let set_new = Edit::GoEnvSet {
            path: "/e".into(),
            key: "GOTOOLCHAIN".into(),
            value: "auto".into(),
        };
        assert_eq!(
            apply_edit(b"", &set_new, "f").unwrap(),
            b"GOTOOLCHAIN=auto\n"
        );
    }

    #[test]
    fn unified_diff_shows_the_change_with_context() {
        let change = FileChange {
            path: "/Users/dev/.zshrc".into(),
            target: "/Users/dev/.zshrc".into(),
            before: Some(b"1\n2\n3\n4\nexport GOARCH=amd64\n6\n7\n8\n9\n".to_vec()),
            after: Some(
                b"1\n2\n3\n4\n# export GOARCH=amd64  # disabled by nativego (f)\n6\n7\n8\n9\n"
                    .to_vec(),
            ),
            create_dir: false,
        };
        let diff = unified_diff(&change);
        assert_eq!(
            diff,
            "--- a/Users/dev/.zshrc\n+++ b/Users/dev/.zshrc\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-export GOARCH=amd64\n+# export GOARCH=amd64  # disabled by nativego (f)\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn diff_of_a_new_file_and_a_missing_final_newline() {
        let change = FileChange {
            path: "/a".into(),
            target: "/a".into(),
            before: None,
            after: Some(b"x\ny".to_vec()),
            create_dir: false,
        };
        assert_eq!(
            unified_diff(&change),
            "--- /dev/null\n+++ b/a\n@@ -0,0 +1,2 @@\n+x\n+y\n\\ No newline at end of file\n"
        );
    }
}
