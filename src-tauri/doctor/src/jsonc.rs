//! A reader for JSON with comments and trailing commas (VS Code's `settings.json`), and
//! an edit of one string value that keeps every other byte: comments, commas, spacing
//! and line endings. Pure; used by the editors probe and by fix plans.

use std::ops::Range;

/// A string value, by its dotted path (`go.alternateTools.go`), with its line and the
/// byte range of its literal, quotes included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    pub key: String,
    pub value: String,
    pub line: u32,
    pub span: Range<usize>,
}

/// `text` with the string at `key` (which must read `expected`) set to `new`; every byte
/// outside that literal stays. An error when the document is not JSONC, the key is absent
/// or repeated, or its value is not `expected` any more.
pub fn set_string(text: &str, key: &str, expected: &str, new: &str) -> Result<String, String> {
    let all = strings(text)?;
    let mut found = all.iter().filter(|s| s.key == key);
    let (Some(s), None) = (found.next(), found.next()) else {
        return Err(format!("`{key}` is not set exactly once"));
    };
    if s.value != expected {
        return Err(format!("`{key}` is now `{}`, not `{expected}`", s.value));
    }
    let literal = serde_json::to_string(new).map_err(|e| e.to_string())?;
    let out = format!("{}{literal}{}", &text[..s.span.start], &text[s.span.end..]);
    // The result reads back with the new value and nothing else changed.
    let back = strings(&out)?;
    debug_assert!(back.iter().any(|b| b.key == key && b.value == new));
    Ok(out)
}

/// Every string value in a JSONC document, by its dotted path: top-level keys as VS Code
/// writes them (`"go.goroot"`), nested object keys joined with a dot
/// (`"go.alternateTools": { "go": … }` gives `go.alternateTools.go`), with the value's
/// line. Arrays are skipped. An error names the line where the document stops being
/// JSONC.
pub fn strings(text: &str) -> Result<Vec<JsonString>, String> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    let mut p = Parser {
        chars: text.chars().collect(),
        offsets,
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
    /// The byte offset of each char (and of the end).
    offsets: Vec<usize>,
    at: usize,
    line: u32,
    out: Vec<JsonString>,
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
                let (line, start) = (self.line, self.offsets[self.at]);
                let s = self.string()?;
                if !path.is_empty() {
                    self.out.push(JsonString {
                        key: path.to_string(),
                        value: s,
                        line,
                        span: start..self.offsets[self.at],
                    });
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
        let v: Vec<(String, String, u32)> = strings(text)
            .unwrap()
            .into_iter()
            .map(|s| (s.key, s.value, s.line))
            .collect();
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
        assert_eq!(strings("").unwrap(), Vec::new());
    }

    #[test]
    fn refuses_what_is_not_jsonc() {
        assert!(strings("{ \"a\": }").unwrap_err().starts_with("line 1"));
        assert!(strings("{\n\"a\": \"b\"\n\"c\": 1}").is_err());
        assert!(strings("{ \"a\": \"b").is_err());
        assert!(strings("{} {}").is_err());
        assert!(strings("{ \"a\": 1 /* open").is_err());
    }

    #[test]
    fn set_string_changes_only_the_value() {
        let text = "{\r\n  // pinned by hand\r\n  \"go.goroot\": \"/opt/homebrew/Cellar/go/1.24.4/libexec\", /* keep */\r\n  \"x\": [1,],\r\n}";
        let out = set_string(
            text,
            "go.goroot",
            "/opt/homebrew/Cellar/go/1.24.4/libexec",
            "/opt/homebrew/opt/go/libexec",
        )
        .unwrap();
        assert_eq!(
            out,
            "{\r\n  // pinned by hand\r\n  \"go.goroot\": \"/opt/homebrew/opt/go/libexec\", /* keep */\r\n  \"x\": [1,],\r\n}"
        );
        assert!(set_string(text, "go.goroot", "/other", "/x").is_err());
        assert!(set_string(text, "go.gopath", "", "/x").is_err());
        assert!(set_string("{ \"a\": ", "a", "", "x").is_err());
        let twice = "{ \"a\": { \"b\": \"1\" }, \"a.b\": \"1\" }";
        assert!(set_string(twice, "a.b", "1", "2").is_err());
        // A value that needs escaping is written as valid JSON.
        let quoted = set_string("{\"a\": \"x\"}", "a", "x", "C:\\go \"new\"").unwrap();
        assert_eq!(strings(&quoted).unwrap()[0].value, "C:\\go \"new\"");
        // Non-ASCII before the value: byte offsets, not chars.
        let uni = set_string("{\"é\": \"ü\", \"a\": \"x\"}", "a", "x", "y").unwrap();
        assert_eq!(uni, "{\"é\": \"ü\", \"a\": \"y\"}");
    }
}
