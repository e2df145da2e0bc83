//! Go's configuration: the user go env file, `$GOROOT/go.env`, and the effective value of
//! each setting with where it came from, following cmd/go's precedence:
//! a non-empty environment value, then the user go env file, then `$GOROOT/go.env`,
//! then the built-in default (cmd/go/internal/cfg `initEnvCache` and `Getenv`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::facts::{GoInstall, GoSetting, LoginEnv, MachineFacts, Origin, Os, ProbeProblem};
use crate::host::{self, Host};

use super::{clean, installs};

/// The settings NativeGo reports, in report order.
pub const KEYS: &[&str] = &[
    "GOROOT",
    "GOPATH",
    "GOBIN",
    "GOMODCACHE",
    "GOARCH",
    "GOOS",
    "GO111MODULE",
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "CGO_ENABLED",
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_LDFLAGS",
    "PKG_CONFIG_PATH",
    "CC",
    "CXX",
    "GOENV",
];

/// Variables Go reads only from the process environment, never from go env files.
const ENV_ONLY: &[&str] = &["PKG_CONFIG_PATH", "GOENV"];

/// A go env file as cmd/go reads it (`readEnvFile` in cmd/go/internal/cfg).
#[derive(Clone, Debug, Default)]
pub struct EnvFile {
    pub path: Option<PathBuf>,
    /// `(key, value, line)` in file order; later duplicates win.
    pub entries: Vec<(String, String, u32)>,
    /// Why the file could not be read (a missing file is not an error).
    pub error: Option<String>,
}

impl EnvFile {
    /// The winning line for `key`: value and line number.
    pub fn get(&self, key: &str) -> Option<(&str, u32)> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, l)| (v.as_str(), *l))
    }

    /// Every key's winning value.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.entries
            .iter()
            .map(|(k, v, _)| (k.clone(), v.clone()))
            .collect()
    }
}

/// Parse go env file bytes the way cmd/go does: lines split on `\n`; a line is skipped if it
/// has no `=` or does not start with `A`–`Z`; the value is everything after the first `=`,
/// verbatim (no quote removal, no trimming: a CR from a CRLF file stays).
pub fn parse_env_file(bytes: &[u8]) -> Vec<(String, String, u32)> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if !line.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((k.to_string(), v.to_string(), i as u32 + 1));
        }
    }
    out
}

/// Read a go env file; a missing file is an empty one.
pub fn read_env_file(host: &dyn Host, path: &Path) -> EnvFile {
    match host.read_prefix(path, 1024 * 1024) {
        Ok(bytes) => EnvFile {
            path: Some(path.to_path_buf()),
            entries: parse_env_file(&bytes),
            error: None,
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => EnvFile {
            path: Some(path.to_path_buf()),
            ..EnvFile::default()
        },
        Err(e) => EnvFile {
            path: Some(path.to_path_buf()),
            entries: Vec::new(),
            error: Some(e.to_string()),
        },
    }
}

/// The user go env file (`cfg.EnvFile`): `$GOENV` unless `off`, else
/// `os.UserConfigDir()/go/env`.
pub fn user_env_file(os: Os, home: Option<&Path>, goenv: Option<&str>) -> Option<PathBuf> {
    match goenv {
        Some("off") => return None,
        Some(v) if !v.is_empty() => return Some(PathBuf::from(v)),
        _ => {}
    }
    let home = home?;
    Some(match os {
        Os::Macos => home.join("Library/Application Support/go/env"),
        // XDG_CONFIG_HOME is honoured when the probe knows it through the login env; the
        // default is what almost every Linux user has.
        _ => home.join(".config/go/env"),
    })
}

/// A value from the environment counts only when non-empty (`cfg.Getenv`).
fn from_env<'a>(login: &'a LoginEnv, key: &str) -> Option<&'a str> {
    login.var(key).filter(|v| !v.is_empty())
}

/// Whether the login environment's value of `key` could not be known: then neither the
/// go env files nor Go's default can be taken for it.
pub fn env_unknown(login: &LoginEnv, key: &str) -> bool {
    login.unknown_vars.iter().any(|v| v == key)
}

/// The settings whose value is unknown, with the line that made them so.
pub fn unknown_settings(login: &LoginEnv) -> BTreeMap<String, Origin> {
    KEYS.iter()
        .filter(|k| env_unknown(login, k))
        .map(|k| (k.to_string(), env_origin(login, k)))
        .collect()
}

/// GOPATH's elements, in order (none when a startup file sets GOPATH to something
/// NativeGo cannot evaluate).
pub fn gopath(login: &LoginEnv, file: &EnvFile, home: Option<&Path>) -> Vec<PathBuf> {
    if env_unknown(login, "GOPATH") {
        return Vec::new();
    }
    let value = from_env(login, "GOPATH")
        .map(str::to_string)
        .or_else(|| file.get("GOPATH").map(|(v, _)| v.to_string()))
        .filter(|v| !v.is_empty());
    match value {
        Some(v) => v
            .split(':')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect(),
        None => home.map(|h| vec![h.join("go")]).unwrap_or_default(),
    }
}

/// GOMODCACHE: explicit, else the first GOPATH element's `pkg/mod`.
pub fn gomodcache(login: &LoginEnv, file: &EnvFile, gopath: &[PathBuf]) -> Option<PathBuf> {
    from_env(login, "GOMODCACHE")
        .map(PathBuf::from)
        .or_else(|| {
            file.get("GOMODCACHE")
                .filter(|(v, _)| !v.is_empty())
                .map(|(v, _)| PathBuf::from(v))
        })
        .or_else(|| gopath.first().map(|g| g.join("pkg/mod")))
}

/// GOROOT set by hand, with its origin.
pub fn explicit_goroot(login: &LoginEnv, file: &EnvFile) -> Option<(String, Origin)> {
    if let Some(v) = from_env(login, "GOROOT") {
        return Some((v.to_string(), env_origin(login, "GOROOT")));
    }
    let (v, line) = file.get("GOROOT").filter(|(v, _)| !v.is_empty())?;
    Some((
        v.to_string(),
        Origin::GoEnvFile {
            path: file.path.clone().unwrap_or_default(),
            line,
        },
    ))
}

fn env_origin(login: &LoginEnv, key: &str) -> Origin {
    login
        .origins
        .get(key)
        .cloned()
        .unwrap_or(Origin::LoginShell)
}

/// Compute every effective setting.
#[allow(clippy::too_many_arguments)]
pub fn settings(
    host: &dyn Host,
    machine: &MachineFacts,
    home: Option<&Path>,
    login: &LoginEnv,
    user_file: &EnvFile,
    user_file_path: Option<&Path>,
    active: Option<&GoInstall>,
    installs: &mut Vec<GoInstall>,
    problems: &mut Vec<ProbeProblem>,
) -> BTreeMap<String, GoSetting> {
    // GOROOT first: it locates `$GOROOT/go.env`, the third source of every other setting.
    let explicit = explicit_goroot(login, user_file);
    let goroot: Option<PathBuf> = match &explicit {
        Some((value, _)) => {
            let path = PathBuf::from(value);
            check_goroot(host, &path, installs, machine, problems);
            Some(path)
        }
        None => active.and_then(|a| a.goroot.clone()),
    };
    let goroot_file = goroot
        .as_ref()
        .map(|g| read_env_file(host, &g.join("go.env")))
        .filter(|f| f.error.is_none())
        .unwrap_or_default();

    let defaults = defaults(machine, home, active, goroot.as_deref(), user_file_path);
    let mut out = BTreeMap::new();
    for key in KEYS {
        if env_unknown(login, key) {
            // The environment's value wins if non-empty, and it cannot be known.
            continue;
        }
        let mut sources: Vec<(String, Origin)> = Vec::new();
        if let Some(v) = from_env(login, key) {
            sources.push((v.to_string(), env_origin(login, key)));
        }
        if !ENV_ONLY.contains(key) {
            if let Some((v, line)) = user_file.get(key).filter(|(v, _)| !v.is_empty()) {
                sources.push((
                    v.to_string(),
                    Origin::GoEnvFile {
                        path: user_file.path.clone().unwrap_or_default(),
                        line,
                    },
                ));
            }
            // `go.env` can never set GOROOT (cmd/go overwrites it with the resolved root).
            if *key != "GOROOT" {
                if let Some((v, line)) = goroot_file.get(key).filter(|(v, _)| !v.is_empty()) {
                    sources.push((
                        v.to_string(),
                        Origin::GorootGoEnv {
                            path: goroot_file.path.clone().unwrap_or_default(),
                            line,
                        },
                    ));
                }
            }
        }
        if sources.is_empty() {
            if let Some(v) = defaults.get(*key) {
                sources.push((v.clone(), Origin::Default));
            }
        }
        let mut sources = sources.into_iter();
        if let Some((value, origin)) = sources.next() {
            out.insert(
                key.to_string(),
                GoSetting {
                    value,
                    origin,
                    overridden: sources.collect(),
                },
            );
        }
    }
    out
}

/// Go's built-in defaults, as far as they can be known without running `go`.
fn defaults(
    machine: &MachineFacts,
    home: Option<&Path>,
    active: Option<&GoInstall>,
    goroot: Option<&Path>,
    user_file: Option<&Path>,
) -> BTreeMap<&'static str, String> {
    let mut d = BTreeMap::new();
    if let Some(goroot) = goroot {
        d.insert("GOROOT", goroot.display().to_string());
    }
    if let Some(home) = home {
        d.insert("GOPATH", home.join("go").display().to_string());
        d.insert("GOMODCACHE", home.join("go/pkg/mod").display().to_string());
    }
    d.insert("GOPROXY", "https://proxy.golang.org,direct".into());
    d.insert("GOSUMDB", "sum.golang.org".into());
    // GOOS and GOARCH default to the running `go` binary's own (GOHOSTOS, GOHOSTARCH).
    if let Some(active) = active {
        let build = active.binary.as_ref().ok().and_then(|b| b.build());
        let goarch = build
            .and_then(|b| b.settings.get("GOARCH").cloned())
            .or_else(|| active.arches().first().map(|a| a.goarch().to_string()));
        if let Some(goarch) = goarch {
            d.insert("GOARCH", goarch);
        }
        let goos = build
            .and_then(|b| b.settings.get("GOOS").cloned())
            .unwrap_or_else(|| {
                match machine.os {
                    Os::Macos => "darwin",
                    Os::Linux => "linux",
                    Os::Other => "unknown",
                }
                .to_string()
            });
        d.insert("GOOS", goos);
    }
    if let Some(f) = user_file {
        d.insert("GOENV", f.display().to_string());
    }
    d
}

/// Look at an explicitly set GOROOT: record why it is not a Go root, or make sure the
/// install it names is among `installs` so checks can compare versions.
fn check_goroot(
    host: &dyn Host,
    goroot: &Path,
    installs: &mut Vec<GoInstall>,
    machine: &MachineFacts,
    problems: &mut Vec<ProbeProblem>,
) {
    let problem = |detail: String| ProbeProblem {
        what: "goroot-invalid".into(),
        path: Some(goroot.to_path_buf()),
        detail,
    };
    if !goroot.is_absolute() {
        problems.push(problem(
            "it is not an absolute path, so it depends on the current directory".into(),
        ));
        return;
    }
    match host.metadata(goroot) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            problems.push(problem("the directory does not exist".into()));
            return;
        }
        Err(e) => {
            problems.push(problem(format!("it cannot be read: {e}")));
            return;
        }
        Ok(m) if m.is_file() => {
            problems.push(problem(
                "it is a file, not a directory (it looks like the `go` binary itself; GOROOT is the directory above `bin`)".into(),
            ));
            return;
        }
        Ok(m) if !m.is_dir() => {
            problems.push(problem("it is not a directory".into()));
            return;
        }
        Ok(_) => {}
    }
    if !host::is_dir(host, &goroot.join("pkg/tool")) {
        let mut detail = "it has no `pkg/tool` directory, so it is not a Go root".to_string();
        if goroot.file_name().is_some_and(|n| n == "bin") {
            detail.push_str(
                " (it looks like the `bin` directory of one; GOROOT is the directory above it)",
            );
        }
        problems.push(problem(detail));
        return;
    }
    let canonical = host.canonicalize(goroot).ok();
    let known = installs.iter().any(|i| {
        i.goroot.as_deref().is_some_and(|g| {
            clean(g) == clean(goroot)
                || canonical.as_deref() == host.canonicalize(g).ok().as_deref()
        })
    });
    if known {
        return;
    }
    let go = goroot.join("bin/go");
    if host::is_executable(host, &go) {
        installs.push(installs::inspect(host, machine, None, &go, None));
    } else if let Some(version) = installs::version_file(host, goroot) {
        problems.push(ProbeProblem {
            what: "goroot-version".into(),
            path: Some(goroot.to_path_buf()),
            detail: version,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_parsing_follows_cmd_go() {
        let entries = parse_env_file(b"# comment\nGOARCH=amd64\r\nlower=x\nGOPROXY=\"https://x\"\nNOEQUALS\nGOARCH=arm64\n=empty\n");
        assert_eq!(
            entries,
            vec![
                ("GOARCH".into(), "amd64\r".into(), 2),
                ("GOPROXY".into(), "\"https://x\"".into(), 4),
                ("GOARCH".into(), "arm64".into(), 6),
            ]
        );
        let file = EnvFile {
            path: None,
            entries,
            error: None,
        };
        assert_eq!(file.get("GOARCH"), Some(("arm64", 6)));
    }

    #[test]
    fn env_file_location() {
        let home = Path::new("/Users/dev");
        assert_eq!(
            user_env_file(Os::Macos, Some(home), None).unwrap(),
            PathBuf::from("/Users/dev/Library/Application Support/go/env")
        );
        assert_eq!(
            user_env_file(Os::Linux, Some(home), None).unwrap(),
            PathBuf::from("/Users/dev/.config/go/env")
        );
        assert_eq!(user_env_file(Os::Macos, Some(home), Some("off")), None);
        assert_eq!(
            user_env_file(Os::Macos, Some(home), Some("/tmp/goenv")).unwrap(),
            PathBuf::from("/tmp/goenv")
        );
    }
}
