//! Redaction: the user's name and home become neutral ones, and values of variables that
//! look like secrets are blanked in copied startup files.
//!
//! The same rewriting applies to paths, symlink targets, file contents and `host.toml`,
//! so a path named in a startup file still names the file the snapshot put there.

/// Characters that continue a path component or a name: a match followed (or, for a user
/// name, preceded) by one of these is part of a longer word and is left alone.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// User names too generic to be personal, or too short to replace safely.
const GENERIC_USERS: &[&str] = &["root", "dev", "user", "admin", "runner", "nobody"];

/// Parts of a variable name that mark its value as a secret (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`).
const SECRET_WORDS: &[&str] = &[
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "KEY",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "PAT",
];

/// Counts of what one rewrite replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    pub home: usize,
    pub user: usize,
}

impl Hits {
    pub fn any(&self) -> bool {
        self.home + self.user > 0
    }
}

/// Replaces the home directory and user name.
#[derive(Clone, Debug)]
pub struct Redactor {
    /// The home as the machine names it, and its resolved form; longest first.
    homes: Vec<String>,
    pub neutral_home: String,
    /// User names to replace (long enough and not generic).
    users: Vec<String>,
    pub neutral_user: String,
}

impl Redactor {
    pub fn new(
        homes: Vec<String>,
        neutral_home: &str,
        users: Vec<String>,
        neutral_user: &str,
    ) -> Redactor {
        let mut homes: Vec<String> = homes
            .into_iter()
            .map(|h| h.trim_end_matches('/').to_string())
            .filter(|h| h.len() > 1 && h != neutral_home)
            .collect();
        homes.sort_by_key(|h| std::cmp::Reverse(h.len()));
        homes.dedup();
        let mut users: Vec<String> = users
            .into_iter()
            .filter(|u| {
                u.len() >= 3
                    && u != neutral_user
                    && !GENERIC_USERS.contains(&u.as_str())
                    && u.bytes().all(|b| is_word_byte(b) || b == b'-' || b == b'.')
            })
            .collect();
        users.sort_by_key(|u| std::cmp::Reverse(u.len()));
        users.dedup();
        Redactor {
            homes,
            neutral_home: neutral_home.to_string(),
            users,
            neutral_user: neutral_user.to_string(),
        }
    }

    /// The user names that are replaced (for the report; never written to the snapshot).
    pub fn users(&self) -> &[String] {
        &self.users
    }

    /// The home paths that are replaced.
    pub fn homes(&self) -> &[String] {
        &self.homes
    }

    /// Rewrite `text`.
    pub fn text(&self, text: &str) -> (String, Hits) {
        let (bytes, hits) = self.bytes(text.as_bytes());
        // Replacing valid UTF-8 by valid UTF-8 at ASCII boundaries keeps it valid.
        (String::from_utf8_lossy(&bytes).into_owned(), hits)
    }

    /// Rewrite the bytes of a text file (which need not be UTF-8).
    pub fn bytes(&self, text: &[u8]) -> (Vec<u8>, Hits) {
        let mut hits = Hits::default();
        let mut out = text.to_vec();
        for home in &self.homes {
            let (s, n) =
                replace_bounded(&out, home.as_bytes(), self.neutral_home.as_bytes(), false);
            out = s;
            hits.home += n;
        }
        for user in &self.users {
            let (s, n) = replace_bounded(&out, user.as_bytes(), self.neutral_user.as_bytes(), true);
            out = s;
            hits.user += n;
        }
        (out, hits)
    }

    /// Rewrite a path (non-UTF-8 paths are kept as they are).
    pub fn path(&self, path: &std::path::Path) -> std::path::PathBuf {
        match path.to_str() {
            Some(s) => self.text(s).0.into(),
            None => path.to_path_buf(),
        }
    }

    /// Overwrite every occurrence of the home or user name in `bytes` with `x`s of the same
    /// length, so offsets in a binary do not move. Returns how many were overwritten.
    pub fn scrub_bytes(&self, bytes: &mut [u8]) -> usize {
        let mut n = 0;
        for needle in self.homes.iter().chain(&self.users) {
            let needle = needle.as_bytes();
            let mut i = 0;
            while i + needle.len() <= bytes.len() {
                if &bytes[i..i + needle.len()] == needle {
                    bytes[i..i + needle.len()].fill(b'x');
                    n += 1;
                    i += needle.len();
                } else {
                    i += 1;
                }
            }
        }
        n
    }
}

/// Replace `needle` by `with` where it is not part of a longer name: the next character
/// is not a word character (and, for `both_sides`, neither is the previous one).
fn replace_bounded(text: &[u8], needle: &[u8], with: &[u8], both_sides: bool) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(text.len());
    let mut n = 0;
    let mut i = 0;
    while i < text.len() {
        if !needle.is_empty() && text[i..].starts_with(needle) {
            let end = i + needle.len();
            let after_ok = text.get(end).is_none_or(|b| !is_word_byte(*b));
            let before_ok = !both_sides || i == 0 || !is_word_byte(text[i - 1]);
            if after_ok && before_ok {
                out.extend_from_slice(with);
                n += 1;
                i = end;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    (out, n)
}

/// Whether a variable name looks like it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if upper.starts_with("GO") || upper.starts_with("CGO_") || upper == "PATH" {
        return false;
    }
    upper
        .split('_')
        .any(|part| SECRET_WORDS.contains(&part) || part.ends_with("TOKEN"))
}

/// Blank the values of assignments to secret-looking variables (`export GITHUB_TOKEN=ghp_…`
/// becomes `export GITHUB_TOKEN=REDACTED`), line by line so line numbers do not move.
/// A value that refers to something else (`$(…)`, `$VAR`) is not a secret and is kept.
/// Returns the new text, the names whose values were blanked, and the names whose values
/// could not be (a quote that does not close on the same line).
pub fn secrets(text: &str) -> (String, Vec<String>, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut blanked = Vec::new();
    let mut kept = Vec::new();
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(&secrets_in_line(line, &mut blanked, &mut kept));
    }
    (out, blanked, kept)
}

fn secrets_in_line(line: &str, blanked: &mut Vec<String>, kept: &mut Vec<String>) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return line.to_string();
    }
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // A name starts at the line start or after a blank or `;`.
        let at_word_start = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b';');
        if !(at_word_start && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_')) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && is_word_byte(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            i = j.max(i + 1);
            continue;
        }
        let name = &line[i..j];
        let value_start = j + 1;
        let value_end = value_end(bytes, value_start);
        if is_secret_name(name) {
            match value_end {
                Some(end) if end > value_start => {
                    let value = &line[value_start..end];
                    let inner = value.trim_matches(|c| c == '"' || c == '\'');
                    if !inner.is_empty() && !inner.starts_with('$') && !value.starts_with('$') {
                        let quote = match value.as_bytes()[0] {
                            q @ (b'"' | b'\'') => (q as char).to_string(),
                            _ => String::new(),
                        };
                        out.push_str(&line[last..value_start]);
                        out.push_str(&format!("{quote}REDACTED{quote}"));
                        last = end;
                        blanked.push(name.to_string());
                    }
                }
                Some(_) => {}
                None => kept.push(name.to_string()),
            }
        }
        i = value_end.unwrap_or(bytes.len()).max(j + 1);
    }
    out.push_str(&line[last..]);
    out
}

/// Where a shell word that starts at `start` ends; `None` if a quote does not close.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b';' | b'&' | b'|' | b')' => return Some(i),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if q == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return None;
                }
                i += 1;
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    Some(bytes.len().min(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(
            vec!["/home/alice".into()],
            "/home/dev",
            vec!["alice".into(), "dev".into(), "al".into()],
            "dev",
        )
    }

    #[test]
    fn home_and_user_are_replaced_at_word_boundaries() {
        let r = redactor();
        let (t, hits) = r.text(
            "export GOPATH=/home/alice/go # alice's\nPATH=/home/alice2/bin:/srv/malice:/opt/alice/bin",
        );
        assert_eq!(
            t,
            "export GOPATH=/home/dev/go # dev's\nPATH=/home/alice2/bin:/srv/malice:/opt/dev/bin"
        );
        assert_eq!(hits, Hits { home: 1, user: 2 });
        assert_eq!(r.users(), ["alice".to_string()]);
    }

    #[test]
    fn scrubbing_keeps_lengths() {
        let r = redactor();
        let mut b = b"x/home/alice/y".to_vec();
        assert_eq!(r.scrub_bytes(&mut b), 1);
        assert_eq!(b.len(), 14);
        assert!(!String::from_utf8_lossy(&b).contains("alice"));
    }

    #[test]
    fn secrets_are_blanked_line_by_line() {
        let text = "export GITHUB_TOKEN=ghp_abc\nexport OPENAI_API_KEY=\"sk-1 2\"; export GOPATH=~/go\n# export NPM_TOKEN=x\nAWS_SECRET_ACCESS_KEY='a'\nexport VAULT_TOKEN=$(cat ~/.vault)\nexport GOPROXY=direct KEYTIMEOUT=1\nexport BROKEN_PASSWORD=\"open";
        let (out, blanked, kept) = secrets(text);
        assert_eq!(
            out,
            "export GITHUB_TOKEN=REDACTED\nexport OPENAI_API_KEY=\"REDACTED\"; export GOPATH=~/go\n# export NPM_TOKEN=x\nAWS_SECRET_ACCESS_KEY='REDACTED'\nexport VAULT_TOKEN=$(cat ~/.vault)\nexport GOPROXY=direct KEYTIMEOUT=1\nexport BROKEN_PASSWORD=\"open"
        );
        assert_eq!(
            blanked,
            ["GITHUB_TOKEN", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY"]
        );
        assert_eq!(kept, ["BROKEN_PASSWORD"]);
        assert!(!is_secret_name("GOPRIVATE"));
        assert!(!is_secret_name("KEYTIMEOUT"));
    }
}
