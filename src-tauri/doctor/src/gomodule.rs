//! Go's rules for module paths, import paths and module versions, as `go install
//! module/pkg@version` applies them: semantic versions (`golang.org/x/mod/semver`),
//! module and import path syntax, `/vN` major-version suffixes, pseudo-versions and
//! canonical versions (`golang.org/x/mod/module`), and the name `go install` gives the
//! binary it builds (cmd/go's `DefaultExecName`).
//!
//! Written for NativeGo from the rules those packages document; pure, no I/O. Used to
//! decide which rebuild commands NativeGo may propose (`checks::rebuild`).

use std::fmt;

/// A parsed semantic version (`vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Semver<'a> {
    pub major: &'a str,
    pub minor: &'a str,
    pub patch: &'a str,
    /// `-rc.1`, with its leading `-`; empty when absent.
    pub prerelease: &'a str,
    /// `+incompatible`, with its leading `+`; empty when absent.
    pub build: &'a str,
    /// Whether MINOR or PATCH was left out (`v1`, `v1.2`).
    pub short: bool,
}

/// Parse `v` as Go's semver package does: the leading `v` is required, MAJOR.MINOR.PATCH
/// have no leading zeros, `v1` and `v1.2` are shorthands (without prerelease or build).
pub fn parse_semver(v: &str) -> Option<Semver<'_>> {
    let rest = v.strip_prefix('v')?;
    let (major, rest) = number(rest)?;
    let mut out = Semver {
        major,
        minor: "0",
        patch: "0",
        prerelease: "",
        build: "",
        short: false,
    };
    if rest.is_empty() {
        out.short = true;
        return Some(out);
    }
    let (minor, rest) = number(rest.strip_prefix('.')?)?;
    out.minor = minor;
    if rest.is_empty() {
        out.short = true;
        return Some(out);
    }
    let (patch, mut rest) = number(rest.strip_prefix('.')?)?;
    out.patch = patch;
    if rest.starts_with('-') {
        let end = rest.find('+').unwrap_or(rest.len());
        let pre = &rest[..end];
        if !identifiers(&pre[1..], true) {
            return None;
        }
        out.prerelease = pre;
        rest = &rest[end..];
    }
    if rest.starts_with('+') {
        if !identifiers(&rest[1..], false) {
            return None;
        }
        out.build = rest;
        rest = "";
    }
    rest.is_empty().then_some(out)
}

/// A decimal number without leading zeros at the start of `s`, and what follows it.
fn number(s: &str) -> Option<(&str, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || (len > 1 && s.starts_with('0')) {
        return None;
    }
    Some(s.split_at(len))
}

/// Dot-separated, non-empty identifiers of `[0-9A-Za-z-]`; in a prerelease, an
/// all-digit identifier has no leading zero.
fn identifiers(s: &str, prerelease: bool) -> bool {
    s.split('.').all(|id| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !(prerelease
                && id.len() > 1
                && id.starts_with('0')
                && id.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// `semver.IsValid`.
pub fn is_valid_semver(v: &str) -> bool {
    parse_semver(v).is_some()
}

/// `semver.Major`: `v2` for `v2.1.0`; empty for an invalid version.
pub fn major(v: &str) -> &str {
    match parse_semver(v) {
        Some(p) => &v[..1 + p.major.len()],
        None => "",
    }
}

/// `module.CanonicalVersion`: the full `vX.Y.Z[-pre]` form, build metadata dropped except
/// `+incompatible`; empty for an invalid version.
pub fn canonical_version(v: &str) -> String {
    match parse_semver(v) {
        None => String::new(),
        Some(p) => {
            let mut out = format!("v{}.{}.{}{}", p.major, p.minor, p.patch, p.prerelease);
            if p.build == "+incompatible" {
                out.push_str(p.build);
            }
            out
        }
    }
}

/// `module.IsPseudoVersion`: one of the forms `vX.0.0-yyyymmddhhmmss-abcdefabcdef`,
/// `vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef…` and `vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef…`, with
/// optional build metadata.
pub fn is_pseudo_version(v: &str) -> bool {
    let Some(p) = parse_semver(v) else {
        return false;
    };
    if p.short || p.prerelease.is_empty() || v.matches('-').count() < 2 {
        return false;
    }
    // The prerelease without its `-`: `yyyymmddhhmmss-rev`, `0.yyyymmddhhmmss-rev` or
    // `pre.0.yyyymmddhhmmss-rev`.
    let pre = &p.prerelease[1..];
    let Some((head, rev)) = pre.rsplit_once('-') else {
        return false;
    };
    if rev.is_empty() || !rev.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let timestamp = |t: &str| t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit());
    if p.minor == "0" && p.patch == "0" && timestamp(head) {
        // Form (1): vX.0.0-yyyymmddhhmmss-rev.
        return true;
    }
    // Forms (2)-(5): the timestamp follows a `0.` segment.
    match head.rsplit_once('.') {
        Some((before, ts)) if timestamp(ts) => before == "0" || before.ends_with(".0"),
        _ => false,
    }
}

/// Why a module path, import path or version is not one `go install` accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn invalid(s: impl Into<String>) -> Invalid {
    Invalid(s.into())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PathKind {
    Module,
    Import,
}

/// Windows' reserved names, refused as a path element (up to its first dot).
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

fn check_elements(path: &str, kind: PathKind) -> Result<(), Invalid> {
    if path.is_empty() {
        return Err(invalid("empty string"));
    }
    if path.starts_with('-') {
        return Err(invalid("leading dash"));
    }
    if path.contains("//") {
        return Err(invalid("double slash"));
    }
    if path.ends_with('/') {
        return Err(invalid("trailing slash"));
    }
    for elem in path.split('/') {
        check_element(elem, kind)?;
    }
    Ok(())
}

fn check_element(elem: &str, kind: PathKind) -> Result<(), Invalid> {
    if elem.is_empty() {
        return Err(invalid("empty path element"));
    }
    if elem.bytes().all(|b| b == b'.') {
        return Err(invalid(format!("invalid path element {elem:?}")));
    }
    if elem.starts_with('.') && kind == PathKind::Module {
        return Err(invalid("leading dot in path element"));
    }
    if elem.ends_with('.') {
        return Err(invalid("trailing dot in path element"));
    }
    for c in elem.chars() {
        let ok = c.is_ascii_alphanumeric()
            || "-._~".contains(c)
            || (kind == PathKind::Import && c == '+');
        if !ok {
            return Err(invalid(format!("invalid char {c:?}")));
        }
    }
    let short = elem.split('.').next().unwrap_or(elem);
    if WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(short))
    {
        return Err(invalid(format!(
            "{short:?} disallowed as path element component on Windows"
        )));
    }
    // Windows short names: a tilde followed by digits at the end.
    if let Some(t) = short.rfind('~') {
        let digits = &short[t + 1..];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("trailing tilde and digits in path element"));
        }
    }
    Ok(())
}

/// `module.CheckImportPath`: a package path `go install` can name.
pub fn check_import_path(path: &str) -> Result<(), Invalid> {
    check_elements(path, PathKind::Import)
        .map_err(|e| invalid(format!("malformed import path {path:?}: {e}")))
}

/// `module.CheckPath`: a module path (a domain-like first element with a dot, valid
/// `/vN` suffix or gopkg.in `.vN`).
pub fn check_module_path(path: &str) -> Result<(), Invalid> {
    let inner = || -> Result<(), Invalid> {
        check_elements(path, PathKind::Module)?;
        let first = path.split('/').next().unwrap_or_default();
        if !first.contains('.') {
            return Err(invalid("missing dot in first path element"));
        }
        if let Some(c) = first
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
        {
            return Err(invalid(format!("invalid char {c:?} in first path element")));
        }
        if split_path_version(path).is_none() {
            return Err(invalid("invalid version"));
        }
        Ok(())
    };
    inner().map_err(|e| invalid(format!("malformed module path {path:?}: {e}")))
}

/// `module.SplitPathVersion`: `(prefix, "/vN")` with N ≥ 2, `(path, "")` for a path
/// without a major-version suffix, `None` for a malformed one (`/v1`, `/v0`, `/v2.1`,
/// `/v02`). gopkg.in paths end in `.vN` (any N, `.v0` included), optionally `-unstable`.
pub fn split_path_version(path: &str) -> Option<(&str, &str)> {
    let b = path.as_bytes();
    if path.starts_with("gopkg.in/") {
        let mut i = path.len();
        if path.ends_with("-unstable") {
            i -= "-unstable".len();
        }
        while i > 0 && b[i - 1].is_ascii_digit() {
            i -= 1;
        }
        if i <= 1 || b[i - 1] != b'v' || b[i - 2] != b'.' {
            return None;
        }
        let major = &path[i - 2..];
        if major.len() <= 2 || (major.as_bytes()[2] == b'0' && major != ".v0") {
            return None;
        }
        return Some((&path[..i - 2], major));
    }
    let mut i = path.len();
    let mut dot = false;
    while i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.') {
        dot |= b[i - 1] == b'.';
        i -= 1;
    }
    if i <= 1 || i == path.len() || b[i - 1] != b'v' || b[i - 2] != b'/' {
        return Some((path, ""));
    }
    let major = &path[i - 2..];
    if dot || major.len() <= 2 || major.as_bytes()[2] == b'0' || major == "/v1" {
        return None;
    }
    Some((&path[..i - 2], major))
}

/// `module.CheckPathMajor`: whether version `v` fits the path's major suffix (`""`, `/vN`
/// or gopkg.in's `.vN`).
pub fn check_path_major(v: &str, path_major: &str) -> Result<(), Invalid> {
    let path_major = if path_major.starts_with(".v") {
        path_major.strip_suffix("-unstable").unwrap_or(path_major)
    } else {
        path_major
    };
    if v.starts_with("v0.0.0-") && path_major == ".v1" {
        // Old pseudo-versions for gopkg.in .v1 paths, which Go still accepts.
        return Ok(());
    }
    let m = major(v);
    let build = parse_semver(v).map(|p| p.build).unwrap_or_default();
    let want = if path_major.is_empty() {
        if m == "v0" || m == "v1" || build == "+incompatible" {
            return Ok(());
        }
        "v0 or v1"
    } else {
        if m == &path_major[1..] {
            return Ok(());
        }
        &path_major[1..]
    };
    Err(invalid(format!(
        "invalid version: should be {want}, not {m}"
    )))
}

/// Whether `go install <package>@<version>` names a module version Go accepts: the module
/// path and version are valid together (`module.Check`), and the version is canonical
/// (Go refuses `+dirty` and other build metadata as "non-canonical module version"). A
/// `+incompatible` version must be v2 or later on a path without a major suffix.
pub fn check_module_version(path: &str, version: &str) -> Result<(), Invalid> {
    check_module_path(path)?;
    let Some(p) = parse_semver(version) else {
        return Err(invalid(format!(
            "{path}@{version}: invalid version: not a semantic version"
        )));
    };
    let (_, path_major) = split_path_version(path).unwrap_or((path, ""));
    check_path_major(version, path_major).map_err(|e| invalid(format!("{path}@{version}: {e}")))?;
    if canonical_version(version) != version {
        return Err(invalid(format!(
            "{path}@{version}: non-canonical module version (Go would need {:?})",
            canonical_version(version)
        )));
    }
    if p.build == "+incompatible" && (!path_major.is_empty() || p.major == "0" || p.major == "1") {
        return Err(invalid(format!(
            "{path}@{version}: invalid version: +incompatible suffix not allowed for major version v{}{}",
            p.major,
            if path_major.is_empty() { "" } else { " on a /vN path" }
        )));
    }
    Ok(())
}

/// Whether a package path belongs to Go's standard library or its commands
/// (cmd/go's `search.IsStandardImportPath`: no dot in the first element). `cmd/gofmt`
/// and `cmd/go` are; so is `command-line-arguments`, the name Go gives a program built
/// from file arguments, which is told apart by the caller.
pub fn is_standard_import_path(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    !first.contains('.')
}

/// Whether `pkg` is `module` or a package inside it.
pub fn package_in_module(pkg: &str, module: &str) -> bool {
    pkg == module
        || pkg
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The name `go install` gives the binary of package `pkg` (cmd/go's `DefaultExecName`,
/// module mode): the last path element, or the one before it when the last is a major
/// version `vN` (N ≥ 2), so `example.com/mycmd/v2` installs `mycmd`.
pub fn exec_name(pkg: &str) -> &str {
    let (dir, elem) = pkg.rsplit_once('/').unwrap_or(("", pkg));
    if !dir.is_empty() && is_version_element(elem) {
        return dir.rsplit_once('/').map(|(_, e)| e).unwrap_or(dir);
    }
    elem
}

fn is_version_element(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('v') else {
        return false;
    };
    !digits.is_empty()
        && !digits.starts_with('0')
        && digits != "1"
        && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_validity_as_documented() {
        // Valid: full versions, shorthands, prereleases and build metadata.
        for v in [
            "v0.0.0",
            "v1.2.3",
            "v1",
            "v1.2",
            "v1.2.3-rc.1",
            "v1.2.3-0.20240101120000-abcdefabcdef",
            "v1.2.3+meta",
            "v1.2.3-pre+meta.1",
            "v2.0.0+incompatible",
            "v10.20.30",
            "v1.0.0-alpha-1",
        ] {
            assert!(is_valid_semver(v), "{v} should be valid");
        }
        // Invalid: no v, leading zeros, empty identifiers, shorthand with suffixes.
        for v in [
            "",
            "1.2.3",
            "v",
            "v01.2.3",
            "v1.02.3",
            "v1.2.03",
            "v1.2.3-",
            "v1.2.3-01",
            "v1.2.3-a..b",
            "v1.2.3+",
            "v1.2-pre",
            "v1+meta",
            "v1.2.3.4",
            "(devel)",
            "latest",
            "v1.2.3-a_b",
        ] {
            assert!(!is_valid_semver(v), "{v:?} should be invalid");
        }
        assert_eq!(major("v2.1.0"), "v2");
        assert_eq!(major("v0.0.0-2024"), "v0");
        assert_eq!(major("bad"), "");
    }

    #[test]
    fn canonical_keeps_only_incompatible() {
        assert_eq!(canonical_version("v1"), "v1.0.0");
        assert_eq!(canonical_version("v1.2"), "v1.2.0");
        assert_eq!(canonical_version("v1.2.3+dirty"), "v1.2.3");
        assert_eq!(
            canonical_version("v2.0.0+incompatible"),
            "v2.0.0+incompatible"
        );
        assert_eq!(canonical_version("v1.2.3-rc.1"), "v1.2.3-rc.1");
        assert_eq!(canonical_version("junk"), "");
    }

    #[test]
    fn pseudo_versions_in_all_five_forms() {
        for v in [
            "v0.0.0-20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021931-daa7c04131f5+incompatible",
            "v1.2.3-pre.0.20191109021931-daa7c04131f5",
            "v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible",
            "v3.0.0-20240101000000-abcdefabcdef",
        ] {
            assert!(is_pseudo_version(v), "{v} is a pseudo-version");
        }
        for v in [
            "v1.2.3",
            "v1.2.3-pre",
            "v0.0.0-2019110902193-daa7c04131f5", // 13-digit timestamp
            "v1.2.4-1.20191109021931-daa7c04131f5", // not a 0 segment
            "v1.2.3-20191109021931-daa7c04131f5", // form 1 needs .0.0
            "v0.0.0-20191109021931-",
        ] {
            assert!(!is_pseudo_version(v), "{v} is not a pseudo-version");
        }
    }

    #[test]
    fn module_paths_as_check_path_documents() {
        for p in [
            "github.com/go-delve/delve",
            "golang.org/x/tools/gopls",
            "example.com/m/v3",
            "gopkg.in/yaml.v3",
            "gopkg.in/check.v1",
            "gopkg.in/yaml.v0",
            "example.com/a_b~c/D",
            "honnef.co/go/tools",
        ] {
            assert!(
                check_module_path(p).is_ok(),
                "{p}: {:?}",
                check_module_path(p)
            );
        }
        for (p, why) in [
            (
                "command-line-arguments",
                "missing dot in first path element",
            ),
            ("cmd", "missing dot"),
            ("std", "missing dot"),
            ("esbuild/main", "missing dot"),
            ("Example.com/m", "invalid char 'E' in first path element"),
            ("example.com/m/v1", "invalid version"),
            ("example.com/m/v0", "invalid version"),
            ("example.com/m/v02", "invalid version"),
            ("example.com/m/v2.1", "invalid version"),
            ("example.com//m", "double slash"),
            ("example.com/m/", "trailing slash"),
            ("-example.com", "leading dash"),
            ("example.com/.m", "leading dot"),
            ("example.com/m.", "trailing dot"),
            ("example.com/m+x", "invalid char '+'"),
            (
                "example.com/aux",
                "disallowed as path element component on Windows",
            ),
            ("example.com/PROGRA~1", "trailing tilde and digits"),
            ("gopkg.in/yaml", "invalid version"),
            ("gopkg.in/yaml.v03", "invalid version"),
            ("", "empty string"),
            ("example.com/m@v1", "invalid char '@'"),
        ] {
            let e = check_module_path(p).expect_err(p);
            assert!(e.0.contains(why), "{p}: {e}");
        }
        // Import paths allow `+` (c++ style command names) and leading dots.
        assert!(check_import_path("example.com/cmd/g++").is_ok());
        assert!(check_import_path("example.com/m v1").is_err());
    }

    #[test]
    fn split_path_version_finds_the_major_suffix() {
        assert_eq!(
            split_path_version("example.com/m"),
            Some(("example.com/m", ""))
        );
        assert_eq!(
            split_path_version("example.com/m/v3"),
            Some(("example.com/m", "/v3"))
        );
        assert_eq!(
            split_path_version("example.com/m/v10"),
            Some(("example.com/m", "/v10"))
        );
        assert_eq!(split_path_version("example.com/m/v1"), None);
        assert_eq!(
            split_path_version("example.com/mv3"),
            Some(("example.com/mv3", ""))
        );
        assert_eq!(
            split_path_version("gopkg.in/yaml.v3"),
            Some(("gopkg.in/yaml", ".v3"))
        );
        assert_eq!(
            split_path_version("gopkg.in/yaml.v3-unstable"),
            Some(("gopkg.in/yaml", ".v3-unstable"))
        );
    }

    #[test]
    fn module_versions_go_accepts_and_refuses() {
        for (p, v) in [
            ("github.com/go-delve/delve", "v1.22.0"),
            ("example.com/m/v3", "v3.0.0-20240101000000-abcdefabcdef"),
            ("example.com/m/v3", "v3.1.2"),
            ("example.com/m", "v0.0.0-20240101000000-abcdefabcdef"),
            ("example.com/m", "v2.0.0+incompatible"),
            ("gopkg.in/check.v1", "v0.0.0-20161208181325-20d25e280405"),
            ("gopkg.in/yaml.v3", "v3.0.1"),
            ("example.com/m", "v1.2.4-0.20240101000000-abcdefabcdef"),
        ] {
            assert!(
                check_module_version(p, v).is_ok(),
                "{p}@{v}: {:?}",
                check_module_version(p, v)
            );
        }
        for (p, v, why) in [
            (
                "example.com/m/v3",
                "v0.0.0-20240101000000-abcdefabcdef",
                "should be v3, not v0",
            ),
            ("example.com/m/v3", "v2.0.0", "should be v3, not v2"),
            ("example.com/m", "v2.0.0", "should be v0 or v1, not v2"),
            (
                "example.com/m",
                "v1.2.4-0.20240101000000-abcdefabcdef+dirty",
                "non-canonical",
            ),
            ("example.com/m", "v1.2.3+dirty", "non-canonical"),
            ("example.com/m", "v1.2", "non-canonical"),
            ("example.com/m", "(devel)", "not a semantic version"),
            ("example.com/m", "latest", "not a semantic version"),
            (
                "example.com/m",
                "v1.0.0+incompatible",
                "+incompatible suffix not allowed",
            ),
            (
                "example.com/m/v2",
                "v2.0.0+incompatible",
                "+incompatible suffix not allowed",
            ),
            ("command-line-arguments", "v1.0.0", "missing dot"),
        ] {
            let e = check_module_version(p, v).expect_err(&format!("{p}@{v}"));
            assert!(e.0.contains(why), "{p}@{v}: {e}");
        }
    }

    #[test]
    fn standard_paths_and_exec_names() {
        assert!(is_standard_import_path("cmd/gofmt"));
        assert!(is_standard_import_path("cmd/go"));
        assert!(is_standard_import_path("command-line-arguments"));
        assert!(!is_standard_import_path("golang.org/x/tools/gopls"));
        assert!(package_in_module(
            "golang.org/x/tools/gopls",
            "golang.org/x/tools/gopls"
        ));
        assert!(package_in_module(
            "honnef.co/go/tools/cmd/staticcheck",
            "honnef.co/go/tools"
        ));
        assert!(!package_in_module(
            "honnef.co/go/toolsx/cmd",
            "honnef.co/go/tools"
        ));
        assert_eq!(exec_name("github.com/go-delve/delve/cmd/dlv"), "dlv");
        assert_eq!(exec_name("example.com/mycmd/v2"), "mycmd");
        assert_eq!(exec_name("example.com/mycmd/v1"), "v1");
        assert_eq!(exec_name("example.com/cmd/v10"), "cmd");
        assert_eq!(exec_name("example.com/tool/v0"), "v0");
        assert_eq!(exec_name("gopls"), "gopls");
    }
}
