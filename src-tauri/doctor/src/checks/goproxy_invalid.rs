//! `goproxy-invalid`: GOPROXY disables downloads or cannot be parsed.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::Applicability;

use super::{explicit_setting, setting_evidence, shown, unset_hint, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether the effective GOPROXY can fetch modules.
The value is a list separated by `,` or `|`; each element must be `direct`, `off`, or a proxy URL with scheme `https`, `http` or `file`.
A bare `host/path` is accepted (Go adds `https://`), and elements after `direct` or `off` are never used.
It fires when:
- the first usable element is `off` (downloads are disabled);
- the value is set but has no element at all (empty, or only separators);
- an element is a single word Go does not know, or a URL with another scheme.

## Why it hurts
With `GOPROXY=off` no module is downloaded: "GOPROXY=off results in no module being downloaded" (golang/go#71126), so `go build` fails for every dependency not already in the module cache.
A malformed value makes module downloads fail before any network access.
Values written with `go env -w`, such as a regional proxy `GOPROXY="https://goproxy.cn,direct"`, stay in the go env file across reinstalls (golang/go#57693).

## How to fix
Run `go env -u GOPROXY` (or delete the `export GOPROXY=…` line) to get Go's default `https://proxy.golang.org,direct`.
Behind a company proxy, set a complete URL: `go env -w GOPROXY=https://proxy.example.com,direct`.

## References
- https://go.dev/ref/mod#goproxy-protocol, https://go.dev/ref/mod#environment-variables
- golang/go#71126, golang/go#57693
"#;

pub static CHECK: Check = Check {
    id: "goproxy-invalid",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOPROXY disables module downloads or is malformed",
    doc: DOC,
    run,
};

/// What is wrong with a GOPROXY value, following cmd/go's `proxyList`.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    Off,
    Empty,
    Malformed(String),
}

fn inspect(value: &str) -> Option<Problem> {
    let mut any = false;
    for element in value.split([',', '|']).map(str::trim) {
        if element.is_empty() {
            continue;
        }
        any = true;
        match element {
            // Go stops reading the list at "off" and "direct".
            "off" if !any_before(value, element) => return Some(Problem::Off),
            "off" | "direct" => return None,
            _ => {}
        }
        if !valid_url(element) {
            return Some(Problem::Malformed(element.to_string()));
        }
    }
    if any {
        None
    } else {
        Some(Problem::Empty)
    }
}

/// Whether a usable element precedes the first occurrence of `element`.
fn any_before(value: &str, element: &str) -> bool {
    value
        .split([',', '|'])
        .map(str::trim)
        .take_while(|e| *e != element)
        .any(|e| !e.is_empty())
}

fn valid_url(element: &str) -> bool {
    if let Some((scheme, rest)) = element.split_once("://") {
        return matches!(scheme, "https" | "http" | "file") && !rest.is_empty();
    }
    if element.contains(":/") {
        return false;
    }
    // A bare `host/path` (Go prepends https://) or an absolute file path; a single word
    // without `.`, `:` or `/` is reserved for built-in behaviour Go does not have.
    element.contains(['.', ':', '/'])
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = facts.setting("GOPROXY") else {
        return;
    };
    let value = setting.value.as_str();
    // An unset or empty default is not the user's doing; only report an explicit empty value.
    let problem = match inspect(value) {
        Some(Problem::Empty) if explicit_setting(facts, "GOPROXY").is_none() => return,
        Some(p) => p,
        None => return,
    };
    let mut finding = match problem {
        Problem::Off => CHECK.finding(
            Severity::Warning,
            format!("GOPROXY={} disables module downloads", shown(value)),
            "Go downloads no module at all (\"GOPROXY=off results in no module being downloaded\"), so builds fail for any dependency not already in the module cache.",
        ),
        Problem::Empty => CHECK.finding(
            Severity::Warning,
            format!("GOPROXY is set but lists no proxy ({:?})", value),
            "Go finds no proxy and no `direct` entry in the list, so module downloads fail.",
        ),
        Problem::Malformed(element) => CHECK.finding(
            Severity::Warning,
            format!("GOPROXY has an invalid entry {}", shown(&element)),
            format!(
                "Each GOPROXY entry must be `direct`, `off` or a URL with scheme https, http or file; `{}` is none of these, so module downloads fail.",
                shown(&element)
            ),
        ),
    };
    finding.evidence = setting_evidence("GOPROXY", setting);
    finding.hint = Some(format!(
        "{} to get Go's default `https://proxy.golang.org,direct`",
        unset_hint("GOPROXY", setting)
    ));
    finding.fixes.push(super::unset_fix(
        facts,
        "goproxy-invalid:restore-default",
        "GOPROXY",
        setting,
        Applicability::Unsafe,
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    #[test]
    fn fix_restores_the_default_where_it_was_set() {
        let facts = clean_mac()
            .setting_overridden(
                "GOPROXY",
                "off",
                rc("/Users/dev/.zprofile", 6),
                vec![("off", go_env_file(2))],
            )
            .line("/Users/dev/.zprofile", 6, "export GOPROXY=off")
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "goproxy-invalid:restore-default");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.title,
            "Comment out `export GOPROXY=off` in ~/.zprofile:6 and remove `GOPROXY=off` from the go env file"
        );
        assert_eq!(fix.edits.len(), 2);
        // Set outside the home directory: shown, not applied.
        let facts = clean_mac()
            .setting("GOPROXY", "off", rc("/etc/zshrc", 3))
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
    }

    #[test]
    fn classifies_values() {
        assert_eq!(inspect("https://proxy.golang.org,direct"), None);
        assert_eq!(inspect("https://goproxy.cn|direct"), None);
        assert_eq!(inspect("goproxy.io,direct"), None);
        assert_eq!(inspect("file:///Users/dev/proxy"), None);
        assert_eq!(inspect("direct"), None);
        assert_eq!(inspect("https://a.example,off"), None);
        assert_eq!(inspect("direct,nonsense"), None);
        assert_eq!(inspect("off"), Some(Problem::Off));
        assert_eq!(inspect(" off ,direct"), Some(Problem::Off));
        assert_eq!(inspect(""), Some(Problem::Empty));
        assert_eq!(inspect(" , "), Some(Problem::Empty));
        assert_eq!(
            inspect("proxy,direct"),
            Some(Problem::Malformed("proxy".into()))
        );
        assert_eq!(
            inspect("ftp://proxy.example,direct"),
            Some(Problem::Malformed("ftp://proxy.example".into()))
        );
    }

    #[test]
    fn fires_for_off() {
        let facts = clean_mac()
            .setting("GOPROXY", "off", go_env_file(4))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "GOPROXY=off disables module downloads");
        assert_eq!(f[0].evidence[0].line, Some(4));
    }

    #[test]
    fn fires_for_explicit_empty_and_malformed() {
        let facts = clean_mac().setting("GOPROXY", "", go_env_file(4)).build();
        assert_eq!(findings(&CHECK, &facts).len(), 1);
        let facts = clean_mac()
            .setting("GOPROXY", "corp-proxy", rc("/Users/dev/.zshrc", 9))
            .build();
        assert_eq!(
            findings(&CHECK, &facts)[0].title,
            "GOPROXY has an invalid entry corp-proxy"
        );
    }

    #[test]
    fn silent_for_default_and_regional_proxies() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOPROXY", "https://goproxy.cn,direct", go_env_file(1))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
