//! The user's NativeGo settings: `~/.config/nativego/config.toml` (or under
//! `$XDG_CONFIG_HOME`). Today it holds suppressions, written by `nativego ignore` and
//! removed by `nativego unignore`:
//!
//! ```toml
//! [[ignore]]
//! check = "goarch-forced"
//! for = "GOARCH"                 # optional: one finding (its key's subject), not all
//! reason = "cross-compiling on purpose"
//! ```
//!
//! An ignored finding (`selection::apply_suppressions`) stays in the report (`ignored: true`, with the reason) but leaves the
//! exit code, the icon's colour and the notifications alone. A suppression that matches no
//! finding is reported as stale. Parsing and editing are pure; the probe reads the file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The settings file's place, from `$XDG_CONFIG_HOME` or the home.
pub fn path(home: Option<&Path>, xdg_config_home: Option<&str>) -> Option<PathBuf> {
    match xdg_config_home.filter(|x| x.starts_with('/')) {
        Some(x) => Some(Path::new(x).join("nativego/config.toml")),
        None => home.map(|h| h.join(".config/nativego/config.toml")),
    }
}

/// What the settings file says (an absent file: nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub ignore: Vec<Suppression>,
}

/// One `[[ignore]]`: a check's findings, or one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Suppression {
    pub check: String,
    /// The finding's subject (`GOARCH` of `goarch-forced:GOARCH`); all findings of the
    /// check when absent.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub reason: Option<String>,
}

impl Suppression {
    /// Whether it covers the finding of `check` whose key is `key`.
    pub fn matches(&self, check: &str, key: &str) -> bool {
        check == self.check
            && match &self.subject {
                None => true,
                Some(s) => key == format!("{}:{s}", self.check) || key == s,
            }
    }

    /// `goarch-forced`, or `goarch-forced --for GOARCH`: how the user names it.
    pub fn label(&self) -> String {
        match &self.subject {
            Some(s) => format!("{} --for {s}", self.check),
            None => self.check.clone(),
        }
    }

    fn same_target(&self, other: &Suppression) -> bool {
        self.check == other.check && self.subject == other.subject
    }
}

/// Read the settings file's text. A file NativeGo cannot parse is an error with the
/// parser's message (the diagnosis reports it and ignores nothing).
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| e.message().to_string())
}

/// `text` with a suppression added at the end (comments and everything else kept). An
/// identical target already there is replaced, not repeated.
pub fn add(text: &str, s: &Suppression) -> Result<String, String> {
    let (kept, _) = remove(text, &s.check, s.subject.as_deref())?;
    let mut out = kept;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    let block = toml::to_string(&Config {
        ignore: vec![s.clone()],
    })
    .map_err(|e| e.to_string())?;
    out.push_str(&block);
    // The result must read back with the new suppression in it.
    let back = parse(&out)?;
    debug_assert!(back.ignore.iter().any(|x| x.same_target(s)));
    Ok(out)
}

/// `text` without the `[[ignore]]` blocks for `check` (and `subject`), and how many were
/// removed. Only those blocks' lines go; every other byte stays.
pub fn remove(text: &str, check: &str, subject: Option<&str>) -> Result<(String, usize), String> {
    parse(text)?;
    let target = Suppression {
        check: check.to_string(),
        subject: subject.map(str::to_string),
        reason: None,
    };
    // Split into the part before the first table and one chunk per table header.
    let mut chunks: Vec<String> = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            chunks.push(String::new());
        }
        chunks.last_mut().unwrap().push_str(line);
    }
    let mut removed = 0;
    let mut out = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let is_ignore = i > 0 && chunk.trim_start().starts_with("[[ignore]]");
        if is_ignore {
            if let Ok(c) = parse(chunk) {
                if c.ignore.len() == 1 && c.ignore[0].same_target(&target) {
                    removed += 1;
                    // The blank line `add` put before the block goes with it.
                    if out.ends_with("\n\n") {
                        out.pop();
                    }
                    continue;
                }
            }
        }
        out.push_str(chunk);
    }
    parse(&out)?;
    Ok((out, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(check: &str, subject: Option<&str>, reason: Option<&str>) -> Suppression {
        Suppression {
            check: check.into(),
            subject: subject.map(Into::into),
            reason: reason.map(Into::into),
        }
    }

    #[test]
    fn the_file_lives_under_xdg_config_home_or_the_home() {
        let home = Path::new("/Users/dev");
        assert_eq!(
            path(Some(home), None).unwrap(),
            Path::new("/Users/dev/.config/nativego/config.toml")
        );
        assert_eq!(
            path(Some(home), Some("/tmp/cfg")).unwrap(),
            Path::new("/tmp/cfg/nativego/config.toml")
        );
        // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        assert_eq!(
            path(Some(home), Some("cfg")).unwrap(),
            Path::new("/Users/dev/.config/nativego/config.toml")
        );
    }

    #[test]
    fn add_and_remove_keep_every_other_byte() {
        let text = "# my settings\n\n[[ignore]]\ncheck = \"modules-off\"\nreason = \"legacy GOPATH project\"\n";
        let added = add(
            text,
            &s("goarch-forced", Some("GOARCH"), Some("cross-compiling")),
        )
        .unwrap();
        assert!(added.starts_with(text), "{added}");
        let c = parse(&added).unwrap();
        assert_eq!(
            c.ignore,
            [
                s("modules-off", None, Some("legacy GOPATH project")),
                s("goarch-forced", Some("GOARCH"), Some("cross-compiling"))
            ]
        );
        // Adding the same target again replaces it.
        let again = add(
            &added,
            &s("goarch-forced", Some("GOARCH"), Some("new reason")),
        )
        .unwrap();
        assert_eq!(parse(&again).unwrap().ignore.len(), 2);
        // Removing gives the original bytes back.
        let (back, n) = remove(&added, "goarch-forced", Some("GOARCH")).unwrap();
        assert_eq!(n, 1);
        assert_eq!(back.trim_end(), text.trim_end());
        // A target that is not there removes nothing.
        let (same, n) = remove(text, "goarch-forced", None).unwrap();
        assert_eq!((same.as_str(), n), (text, 0));
        // Into an empty file.
        let fresh = add("", &s("gosumdb-off", None, None)).unwrap();
        assert_eq!(fresh, "[[ignore]]\ncheck = \"gosumdb-off\"\n");
    }

    #[test]
    fn a_broken_file_is_an_error_and_is_not_rewritten() {
        let e = parse("[[ignore]\ncheck = 1").unwrap_err();
        assert!(!e.is_empty());
        assert!(add("[[ignore]\n", &s("x", None, None)).is_err());
        assert!(remove("check = \n", "x", None).is_err());
    }
}
