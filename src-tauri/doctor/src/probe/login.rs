//! The environment a new terminal gets.
//!
//! On a real machine the user's login shell is run (`$SHELL -l -i -c …`) with a unique
//! marker around `env -0`, stdin closed, output bounded and a timeout; the startup files
//! are also evaluated statically to attribute each variable and PATH entry to the line
//! that set it. On a scenario, or when the shell fails, the static evaluation is the
//! login environment.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::facts::{LoginEnv, LoginMethod, Origin, Os, PathEntry, ShellFailure, ShellKind};
use crate::host::{Host, RunError};
use crate::shell::{self, EvalOptions};

use super::goenv::EnvFile;
use super::ProbeOptions;

/// What the login shell may print at most.
const MAX_SHELL_OUTPUT: usize = 4 * 1024 * 1024;

/// The PATH a new terminal starts with before any startup file runs: launchd's on macOS,
/// systemd's default on Linux.
pub fn initial_path(os: Os) -> &'static str {
    match os {
        Os::Macos => "/usr/bin:/bin:/usr/sbin:/sbin",
        _ => "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    }
}

/// Variables a terminal passes to the shell it starts, taken from NativeGo's own
/// environment. Everything else (PATH above all) comes from the startup files.
/// The snapshot records the same list as a scenario's `[env]`.
pub(crate) const PASSED_THROUGH: &[&str] = &[
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "ZDOTDIR",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
    "GOENV",
];

/// Variables that describe the shell process rather than the environment.
const SHELL_NOISE: &[&str] = &[
    "_",
    "SHLVL",
    "PWD",
    "OLDPWD",
    "NATIVEGO_RESOLVING_ENVIRONMENT",
];

/// The shell family of a login shell path.
pub fn shell_kind(shell: &Path) -> ShellKind {
    match shell.file_name().and_then(|n| n.to_str()).unwrap_or("") {
        "zsh" => ShellKind::Zsh,
        "bash" | "sh" => ShellKind::Bash,
        _ => ShellKind::Other,
    }
}

/// The environment the terminal starts the shell with.
fn initial_env(
    host: &dyn Host,
    os: Os,
    home: Option<&Path>,
    shell: &Path,
) -> Vec<(String, String)> {
    let mut env: BTreeMap<String, String> = if host.can_run() {
        PASSED_THROUGH
            .iter()
            .filter_map(|k| {
                host.env_var(k)
                    .map(|v| (k.to_string(), String::from_utf8_lossy(&v).into_owned()))
            })
            .collect()
    } else {
        // A scenario's [env] is, by definition, what a new terminal starts with.
        host.env_vars()
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
            .collect()
    };
    env.entry("PATH".into())
        .or_insert_with(|| initial_path(os).to_string());
    if let Some(home) = home {
        env.insert("HOME".into(), home.display().to_string());
    }
    env.entry("SHELL".into())
        .or_insert_with(|| shell.display().to_string());
    env.entry("TERM".into())
        .or_insert_with(|| "xterm-256color".to_string());
    env.into_iter().collect()
}

/// Learn the login environment.
pub fn login_env(
    host: &dyn Host,
    os: Os,
    home: Option<&Path>,
    go_env_file: &EnvFile,
    opts: &ProbeOptions,
) -> LoginEnv {
    let shell = host.login_shell().unwrap_or_else(|| {
        PathBuf::from(match os {
            Os::Macos => "/bin/zsh",
            _ => "/bin/bash",
        })
    });
    let kind = shell_kind(&shell);
    let initial = initial_env(host, os, home, &shell);

    let mut env = match (home, kind) {
        (Some(home), ShellKind::Zsh | ShellKind::Bash) => shell::evaluate(
            host,
            &EvalOptions {
                shell: kind,
                os,
                home: home.to_path_buf(),
                initial_env: initial.clone(),
                login: true,
                interactive: true,
                global_rcs: true,
                go_env_file: go_env_file.values(),
            },
        ),
        _ => inherited_only(&initial),
    };
    env.shell = Some(shell.clone());
    env.shell_kind = Some(kind);
    env.method = Some(LoginMethod::Static);

    if opts.run_login_shell && host.can_run() {
        match run_login_shell(host, &shell, kind, &initial, opts) {
            Ok(captured) => merge_captured(&mut env, captured, &initial),
            Err(failure) => env.failure = Some(failure),
        }
    }
    env
}

/// Without startup files to read (no HOME, or a shell NativeGo cannot evaluate), the
/// login environment is what the terminal passed in.
fn inherited_only(initial: &[(String, String)]) -> LoginEnv {
    let mut env = LoginEnv::default();
    for (k, v) in initial {
        env.vars.insert(k.clone(), v.clone());
        env.origins.insert(k.clone(), Origin::Inherited);
        if k == "PATH" {
            env.path = v
                .split(':')
                .map(|d| PathEntry {
                    dir: d.to_string(),
                    origin: Origin::Inherited,
                })
                .collect();
        }
    }
    env
}

/// A marker no startup file prints by accident.
fn marker() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("__NATIVEGO_{:x}{:x}__", std::process::id(), nanos)
}

/// Run the login shell and return the environment it ends up with.
fn run_login_shell(
    host: &dyn Host,
    shell: &Path,
    kind: ShellKind,
    initial: &[(String, String)],
    opts: &ProbeOptions,
) -> Result<BTreeMap<String, String>, ShellFailure> {
    let mark = marker();
    let command = format!("printf '%s' '{mark}'; command env -0; printf '%s' '{mark}'");
    let fail = |kind: &str, detail: String| ShellFailure {
        shell: shell.to_path_buf(),
        kind: kind.to_string(),
        detail,
    };
    let mut env: Vec<(&str, &str)> = initial
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // Lets startup files notice they run for NativeGo (as VS Code's VSCODE_RESOLVING_ENVIRONMENT).
    env.push(("NATIVEGO_RESOLVING_ENVIRONMENT", "1"));
    let args: &[&str] = match kind {
        ShellKind::Zsh | ShellKind::Bash => &["-l", "-i", "-c", &command],
        ShellKind::Other => &["-l", "-c", &command],
    };
    let out = match host.run(shell, args, &env, opts.shell_timeout, MAX_SHELL_OUTPUT) {
        Ok(out) => out,
        Err(RunError::Timeout { timeout, .. }) => {
            return Err(fail(
                "timeout",
                format!(
                    "`{} -l -i -c …` did not finish within {:.1} s; a startup file may wait for input or start a program that never exits",
                    shell.display(),
                    timeout.as_secs_f64()
                ),
            ))
        }
        Err(e) => return Err(fail("spawn", e.to_string())),
    };
    let stdout = &out.stdout;
    let mark_bytes = mark.as_bytes();
    let start = find(stdout, mark_bytes).map(|i| i + mark_bytes.len());
    let end = start.and_then(|s| find(&stdout[s..], mark_bytes).map(|e| s + e));
    let (Some(start), Some(end)) = (start, end) else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(fail(
            if out.status.is_none() {
                "signal"
            } else {
                "no-output"
            },
            format!(
                "`{} -l -i -c …` exited with {} without printing its environment{}",
                shell.display(),
                out.status
                    .map(|s| format!("status {s}"))
                    .unwrap_or_else(|| "a signal".into()),
                if last.is_empty() {
                    String::new()
                } else {
                    format!("; it said: {}", shorten(last, 160))
                }
            ),
        ));
    };
    let mut vars = BTreeMap::new();
    for entry in stdout[start..end].split(|b| *b == 0) {
        let text = String::from_utf8_lossy(entry);
        if let Some((k, v)) = text.split_once('=') {
            if !k.is_empty() && !SHELL_NOISE.contains(&k) {
                vars.insert(k.to_string(), v.to_string());
            }
        }
    }
    if !vars.contains_key("PATH") {
        return Err(fail(
            "no-output",
            "the login shell's environment has no PATH".to_string(),
        ));
    }
    Ok(vars)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Take the real values from the shell and the attribution from the static evaluation.
fn merge_captured(
    env: &mut LoginEnv,
    captured: BTreeMap<String, String>,
    initial: &[(String, String)],
) {
    let initial: BTreeMap<&str, &str> = initial
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut origins = BTreeMap::new();
    for (k, v) in &captured {
        let origin = if env.vars.get(k) == Some(v) {
            env.origins.get(k).cloned()
        } else {
            None
        }
        .unwrap_or_else(|| {
            if initial.get(k.as_str()) == Some(&v.as_str()) {
                Origin::Inherited
            } else {
                Origin::LoginShell
            }
        });
        origins.insert(k.clone(), origin);
    }
    let initial_path: HashSet<&str> = initial
        .get("PATH")
        .map(|p| p.split(':').collect())
        .unwrap_or_default();
    let path = captured
        .get("PATH")
        .map(|p| {
            p.split(':')
                .map(|dir| PathEntry {
                    dir: dir.to_string(),
                    origin: env
                        .path
                        .iter()
                        .find(|e| e.dir == dir)
                        .map(|e| e.origin.clone())
                        .unwrap_or(if initial_path.contains(dir) {
                            Origin::Inherited
                        } else {
                            Origin::LoginShell
                        }),
                })
                .collect()
        })
        .unwrap_or_default();
    env.vars = captured;
    env.origins = origins;
    env.unknown_vars.clear();
    env.path = path;
    env.path_incomplete = false;
    env.method = Some(LoginMethod::Shell);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_kinds() {
        assert_eq!(shell_kind(Path::new("/bin/zsh")), ShellKind::Zsh);
        assert_eq!(
            shell_kind(Path::new("/opt/homebrew/bin/bash")),
            ShellKind::Bash
        );
        assert_eq!(
            shell_kind(Path::new("/opt/homebrew/bin/fish")),
            ShellKind::Other
        );
    }

    #[test]
    fn merge_attributes_real_values_to_static_lines() {
        let mut env = LoginEnv::default();
        let zshrc = Origin::StartupFile {
            path: "/Users/dev/.zshrc".into(),
            line: 3,
        };
        env.vars.insert("GOPATH".into(), "/Users/dev/go".into());
        env.origins.insert("GOPATH".into(), zshrc.clone());
        env.path.push(PathEntry {
            dir: "/opt/homebrew/bin".into(),
            origin: zshrc.clone(),
        });
        let captured: BTreeMap<String, String> = [
            ("GOPATH", "/Users/dev/go"),
            ("GOFLAGS", "-mod=mod"),
            ("PATH", "/opt/homebrew/bin:/usr/bin:/x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let initial = vec![("PATH".to_string(), "/usr/bin:/bin".to_string())];
        merge_captured(&mut env, captured, &initial);
        assert_eq!(env.origins["GOPATH"], zshrc);
        assert_eq!(env.origins["GOFLAGS"], Origin::LoginShell);
        let origins: Vec<_> = env.path.iter().map(|e| e.origin.clone()).collect();
        assert_eq!(origins, vec![zshrc, Origin::Inherited, Origin::LoginShell]);
        assert_eq!(env.method, Some(LoginMethod::Shell));
    }
}
