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

/// Every string value in a JSONC document, by its dotted path: top-level keys as VS Code
/// writes them (`"go.goroot"`), nested object keys joined with a dot
/// (`"go.alternateTools": { "go": … }` gives `go.alternateTools.go`), with the value's
/// line. Arrays are skipped. An error names the line where the document stops being
/// JSONC.
pub(crate) fn parse(text: &str) -> Result<Vec<(String, String, u32)>, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        out: Vec::new(),
    };
    p.skip();
    if p.peek().is_none() {
        return Ok(Vec::new());
    }
    p.value("", 0)?;
    p.skip();
    if p.peek().is_some() {
        return Err(format!("line {}: text after the settings object", p.line));
    }
    Ok(p.out)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    line: u32,
    out: Vec<(String, String, u32)>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, what: &str) -> String {
        format!("line {}: {what}", self.line)
    }

    /// Whitespace and comments.
    fn skip(&mut self) {
        loop {
            match (self.peek(), self.chars.get(self.at + 1).copied()) {
                (Some(c), _) if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    loop {
                        match self.bump() {
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                break;
                            }
                            Some(_) => {}
                            None => return,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.bump(); // the opening quote
        let mut s = String::new();
        loop {
            match self.bump() {
                Some('"') => return Ok(s),
                Some('\\') => match self.bump() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('b') => s.push('\u{8}'),
                    Some('f') => s.push('\u{c}'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .map_err(|_| self.error("a bad \\u escape"))?;
                        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    Some(c) => s.push(c),
                    None => return Err(self.error("an unterminated string")),
                },
                Some('\n') | None => return Err(self.error("an unterminated string")),
                Some(c) => s.push(c),
            }
        }
    }

    fn value(&mut self, path: &str, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err(self.error("nested too deeply"));
        }
        self.skip();
        match self.peek() {
            Some('{') => self.object(path, depth),
            Some('[') => self.array(depth),
            Some('"') => {
                let line = self.line;
                let s = self.string()?;
                if !path.is_empty() {
                    self.out.push((path.to_string(), s, line));
                }
                Ok(())
            }
            Some(c) if c == '-' || c.is_ascii_alphanumeric() => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                {
                    self.bump();
                }
                Ok(())
            }
            Some(_) => Err(self.error("a value was expected")),
            None => Err(self.error("the file ends inside a value")),
        }
    }

    fn object(&mut self, path: &str, depth: usize) -> Result<(), String> {
        self.bump();
        loop {
            self.skip();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return Ok(());
                }
                Some('"') => {}
                _ => return Err(self.error("a key or `}` was expected")),
            }
            let key = self.string()?;
            self.skip();
            if self.bump() != Some(':') {
                return Err(self.error("`:` was expected after a key"));
            }
            let child = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            self.value(&child, depth + 1)?;
            self.skip();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(()),
                _ => return Err(self.error("`,` or `}` was expected")),
            }
        }
    }

    /// An array: its strings are not settings NativeGo reads, so they get no name.
    fn array(&mut self, depth: usize) -> Result<(), String> {
        self.bump();
        loop {
            self.skip();
            if self.peek() == Some(']') {
                self.bump();
                return Ok(());
            }
            self.value("", depth + 1)?;
            self.skip();
            match self.bump() {
                Some(',') => {}
                Some(']') => return Ok(()),
                _ => return Err(self.error("`,` or `]` was expected")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::test_host::MemHost;

    #[test]
    fn reads_jsonc_with_comments_trailing_commas_and_nested_keys() {
        let text = r#"{
  // Go
  "go.goroot": "/opt/homebrew/Cellar/go/1.24.4/libexec", /* pinned */
  "editor.rulers": [80, "x",],
  "go.alternateTools": {
    "go": "/usr/local/go/bin/go",
  },
  "go.toolsEnvVars": { "GOROOT": "/Users/dev/.asdf/installs/golang/1.22.0/go" },
  "url": "http://x//y",
  "n": -1.5e3, "b": true, "z": null,
}
"#;
        let v = parse(text).unwrap();
        let get = |k: &str| v.iter().find(|(key, _, _)| key == k).cloned();
        assert_eq!(
            get("go.goroot"),
            Some((
                "go.goroot".into(),
                "/opt/homebrew/Cellar/go/1.24.4/libexec".into(),
                3
            ))
        );
        assert_eq!(get("go.alternateTools.go").unwrap().2, 6);
        assert_eq!(
            get("go.toolsEnvVars.GOROOT").unwrap().1,
            "/Users/dev/.asdf/installs/golang/1.22.0/go"
        );
        assert_eq!(get("url").unwrap().1, "http://x//y");
        assert!(get("editor.rulers").is_none());
        assert_eq!(parse("").unwrap(), Vec::new());
    }

    #[test]
    fn refuses_what_is_not_jsonc() {
        assert!(parse("{ \"a\": }").unwrap_err().starts_with("line 1"));
        assert!(parse("{\n\"a\": \"b\"\n\"c\": 1}").is_err());
        assert!(parse("{ \"a\": \"b").is_err());
        assert!(parse("{} {}").is_err());
        assert!(parse("{ \"a\": 1 /* open").is_err());
    }

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
