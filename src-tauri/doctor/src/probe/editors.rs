//! Editors' Go settings: the user `settings.json` of VS Code and its forks on macOS,
//! read for the few keys that choose a Go (`go.goroot`, `go.alternateTools.go`,
//! `go.toolsEnvVars.GOROOT`, `go.gopath`).
//!
//! The files are JSON with comments and trailing commas (JSONC); [`parse`] reads that
//! and refuses anything else, recording why.

use std::path::{Path, PathBuf};

use crate::facts::{EditorSetting, EditorSettings, Os};
use crate::host::Host;

/// The editors whose user settings are read: (name, folder under
/// `~/Library/Application Support`).
pub(crate) const EDITORS: &[(&str, &str)] = &[
    ("VS Code", "Code"),
    ("VS Code Insiders", "Code - Insiders"),
    ("VSCodium", "VSCodium"),
    ("Cursor", "Cursor"),
    ("Windsurf", "Windsurf"),
];

/// The largest settings file read.
const MAX_SETTINGS: u64 = 4 * 1024 * 1024;

/// Every editor settings file that exists, with its Go settings.
pub(crate) fn editor_settings(host: &dyn Host, os: Os, home: Option<&Path>) -> Vec<EditorSettings> {
    let (Os::Macos, Some(home)) = (os, home) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (editor, folder) in EDITORS {
        let path = home
            .join("Library/Application Support")
            .join(folder)
            .join("User/settings.json");
        let bytes = match host.read_prefix(&path, MAX_SETTINGS + 1) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                out.push(file(editor, path, Vec::new(), Some(e.to_string())));
                continue;
            }
        };
        if bytes.len() as u64 > MAX_SETTINGS {
            out.push(file(
                editor,
                path,
                Vec::new(),
                Some("larger than 4 MiB".into()),
            ));
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let (settings, error) = match parse(&text) {
            Ok(values) => (go_settings(host, home, &values), None),
            Err(e) => (Vec::new(), Some(e)),
        };
        out.push(file(editor, path, settings, error));
    }
    out
}

fn file(
    editor: &str,
    path: PathBuf,
    settings: Vec<EditorSetting>,
    error: Option<String>,
) -> EditorSettings {
    EditorSettings {
        editor: editor.to_string(),
        path,
        settings,
        error,
    }
}

/// The settings that choose a Go, in file order, with the path each names (a leading
/// `~/` is the home, as the Go extension reads it) and whether it exists.
fn go_settings(
    host: &dyn Host,
    home: &Path,
    values: &[(String, String, u32)],
) -> Vec<EditorSetting> {
    const KEYS: [&str; 4] = [
        "go.goroot",
        "go.alternateTools.go",
        "go.toolsEnvVars.GOROOT",
        "go.gopath",
    ];
    values
        .iter()
        .filter(|(k, _, _)| KEYS.contains(&k.as_str()))
        .map(|(key, value, line)| {
            let value_path = value.trim();
            let path = match value_path.strip_prefix("~/") {
                Some(rest) => Some(home.join(rest)),
                None => Some(PathBuf::from(value_path)).filter(|p| p.is_absolute()),
            };
            EditorSetting {
                key: key.clone(),
                value: value.clone(),
                line: *line,
                exists: path.as_deref().is_some_and(|p| host.metadata(p).is_ok()),
                path,
            }
        })
        .collect()
}

/// Every string value of a JSONC document with its dotted path and line
/// ([`crate::jsonc::strings`]).
pub(crate) fn parse(text: &str) -> Result<Vec<(String, String, u32)>, String> {
    Ok(crate::jsonc::strings(text)?
        .into_iter()
        .map(|s| (s.key, s.value, s.line))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::test_host::MemHost;

    #[test]
    fn reads_each_editors_file_on_macos_only() {
        let host = MemHost::new(Os::Macos)
            .file(
                "/Users/dev/Library/Application Support/Cursor/User/settings.json",
                "{\n  \"go.goroot\": \"/opt/homebrew/opt/go/libexec\",\n  \"go.gopath\": \"~/gopath\"\n}\n",
            )
            .dir("/opt/homebrew/opt/go/libexec")
            .file(
                "/Users/dev/Library/Application Support/Code/User/settings.json",
                "{ \"go.goroot\": ",
            );
        let files = editor_settings(&host, Os::Macos, Some(Path::new("/Users/dev")));
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].editor, "VS Code");
        assert!(files[0].error.is_some());
        assert_eq!(files[1].editor, "Cursor");
        assert_eq!(files[1].settings[0].line, 2);
        assert!(files[1].settings[0].exists);
        assert_eq!(
            files[1].settings[1].path.as_deref(),
            Some(Path::new("/Users/dev/gopath"))
        );
        assert!(!files[1].settings[1].exists);
        assert!(editor_settings(&host, Os::Linux, Some(Path::new("/Users/dev"))).is_empty());
    }
}
