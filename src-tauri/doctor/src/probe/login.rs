//! The environment a new terminal gets.
//!
//! On a real machine the user's login shell is run (`$SHELL -l -i -x -c …`) with a unique
//! marker around `env -0`, stdin closed, output bounded and a timeout. Its values are the
//! truth; its trace (see [`super::trace`]) says which file and line set each Go variable
//! and PATH entry. The startup files are also evaluated statically: that evaluation
//! attributes what the trace does not show, and where the two disagree the login
//! environment says so ([`crate::facts::Attribution`]). On a scenario, or when the shell
//! fails, the static evaluation is the login environment.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::facts::{
    AttributedBy, Attribution, LoginEnv, LoginMethod, Origin, Os, PathEntry, ShellFailure,
    ShellKind, TraceState,
};
use crate::host::{Host, RunError};
use crate::shell::{self, EvalOptions};

use super::goenv::EnvFile;
use super::trace::{self, PathSource, RanKind, Site, Trace};
use super::ProbeOptions;

/// What the login shell may print at most, per stream (its trace goes to stderr: a large
/// set of startup files, oh-my-zsh with plugins, traces a few MiB). A trace cut at this
/// bound is not used.
const MAX_SHELL_OUTPUT: usize = 16 * 1024 * 1024;

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
    "PS4",
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
            Ok(captured) => {
                let mut lines = LineReader::new(host);
                merge_captured(
                    &mut env,
                    captured.vars,
                    &initial,
                    captured.trace.as_ref(),
                    &mut |p, n| lines.line(p, n),
                );
                env.trace = captured.state;
            }
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

/// What the login shell gave: its environment, and what its trace says.
struct Captured {
    vars: BTreeMap<String, String>,
    /// `None` when the shell printed no usable trace (bash as root ignores PS4 from the
    /// environment; a trace cut at the output bound is not used).
    trace: Option<Trace>,
    state: Option<TraceState>,
}

/// Run the login shell, traced, and return the environment it ends up with.
fn run_login_shell(
    host: &dyn Host,
    shell: &Path,
    kind: ShellKind,
    initial: &[(String, String)],
    opts: &ProbeOptions,
) -> Result<Captured, ShellFailure> {
    let mark = marker();
    // The trace's own marker: another nonce, so a record never looks like the env marker.
    let nonce = format!("NGT{:x}{:x}", std::process::id(), nanos_now());
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
    // zsh and bash read PS4 from the environment before their first startup file, and
    // `-x` traces from that file's first line.
    let ps4 = trace::ps4(kind, &nonce);
    if let Some(ps4) = &ps4 {
        env.retain(|(k, _)| *k != "PS4");
        env.push(("PS4", ps4));
    }
    let args: &[&str] = match kind {
        ShellKind::Zsh | ShellKind::Bash => &["-l", "-i", "-x", "-c", &command],
        ShellKind::Other => &["-l", "-c", &command],
    };
    let out = match host.run(shell, args, &env, opts.shell_timeout, MAX_SHELL_OUTPUT) {
        Ok(out) => out,
        Err(RunError::Timeout { timeout, .. }) => {
            return Err(fail(
                "timeout",
                format!(
                    "`{} -l -i -x -c …` did not finish within {:.1} s; a startup file may wait for input or start a program that never exits",
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
        // Only what the startup files printed themselves: the trace holds their secrets.
        let stderr = trace::strip(kind, &nonce, &out.stderr);
        let stderr = String::from_utf8_lossy(&stderr);
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
                "`{} -l -i -x -c …` exited with {} without printing its environment{}",
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
    let initial_path = initial
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let (trace, state) = if ps4.is_none() {
        (None, None)
    } else if out.truncated {
        (None, Some(TraceState::Cut))
    } else {
        match trace::parse(kind, &nonce, &out.stderr, initial_path) {
            Some(t) => (Some(t), Some(TraceState::Used)),
            None => (None, Some(TraceState::Missing)),
        }
    };
    Ok(Captured { vars, trace, state })
}

fn nanos_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        .rotate_left(17)
}

/// Startup-file lines, read through the host once per file, to check that a line the
/// trace names really sets what it is said to set.
struct LineReader<'a> {
    host: &'a dyn Host,
    files: BTreeMap<PathBuf, Option<Vec<String>>>,
}

impl<'a> LineReader<'a> {
    fn new(host: &'a dyn Host) -> LineReader<'a> {
        LineReader {
            host,
            files: BTreeMap::new(),
        }
    }

    fn line(&mut self, path: &Path, n: u32) -> Option<String> {
        let host = self.host;
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            host.read(path).ok().map(|b| {
                String::from_utf8_lossy(&b)
                    .split('\n')
                    .map(str::to_string)
                    .collect()
            })
        });
        lines.as_ref()?.get(n.checked_sub(1)? as usize).cloned()
    }
}

/// Whether the line a trace names can have set `what`: it assigns the variable (PATH:
/// `PATH` or zsh's `path`), names it after `export`/`typeset`/`declare`/`readonly`, or it
/// is the `eval` or `source` the value came through. Two cases fail this test, and the
/// static attribution stands in: zsh counts lines inside eval'd text from the `eval`'s
/// line, so a function defined by an `eval` gets a line number that is not its own; bash
/// gives a command spanning lines the number of its *last* line.
fn site_holds(site: &Site, what: &str, line: &mut dyn FnMut(&Path, u32) -> Option<String>) -> bool {
    let Some(text) = line(&site.file, site.line) else {
        return false;
    };
    // Its code, without a trailing comment.
    let code_end = text
        .char_indices()
        .find(|(i, c)| *c == '#' && (*i == 0 || text[..*i].ends_with(|p: char| p.is_whitespace())))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let text = &text[..code_end];
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    if site.indirect {
        return words.iter().any(|w| matches!(*w, "eval" | "source" | "."));
    }
    let names: &[&str] = if what == "PATH" {
        &["PATH", "path"]
    } else {
        &[what]
    };
    let declares = words
        .iter()
        .any(|w| matches!(*w, "export" | "typeset" | "declare" | "readonly"));
    names.iter().any(|n| {
        text.contains(&format!("{n}="))
            || text.contains(&format!("{n}+="))
            || text.contains(&format!("{n}["))
            || (declares && words.contains(n))
    })
}

/// The origin a trace site stands for.
fn site_origin(
    site: &Site,
    static_origin: Option<&Origin>,
    homebrew_prefix: Option<&str>,
) -> Origin {
    let at = || Origin::StartupFile {
        path: site.file.clone(),
        line: site.line,
    };
    match site.ran.as_ref().map(|r| r.kind) {
        Some(RanKind::BrewShellenv) => {
            let ran = site.ran.as_ref().expect("checked");
            let prefix = ran
                .brew_prefix
                .clone()
                .or_else(|| match static_origin {
                    Some(Origin::BrewShellenv { prefix, .. }) => Some(prefix.clone()),
                    _ => None,
                })
                .or_else(|| {
                    homebrew_prefix
                        .filter(|p| p.starts_with('/'))
                        .map(PathBuf::from)
                })
                .unwrap_or_else(|| PathBuf::from("/opt/homebrew"));
            Origin::BrewShellenv {
                path: site.file.clone(),
                line: site.line,
                prefix,
            }
        }
        // path_helper places entries from /etc/paths and /etc/paths.d: the static
        // evaluation knows which line of which; otherwise the eval line.
        Some(RanKind::PathHelper) => match static_origin {
            Some(o @ Origin::PathHelper { .. }) => o.clone(),
            _ => at(),
        },
        _ => at(),
    }
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

/// Take the real values from the shell, their attribution from its trace, and from the
/// static evaluation what the trace does not show. For each Go variable and PATH entry,
/// record which attributed it and whether the static evaluation disagrees.
fn merge_captured(
    env: &mut LoginEnv,
    captured: BTreeMap<String, String>,
    initial: &[(String, String)],
    trace: Option<&Trace>,
    line: &mut dyn FnMut(&Path, u32) -> Option<String>,
) {
    let initial: BTreeMap<&str, &str> = initial
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut origins = BTreeMap::new();
    let mut attributions = BTreeMap::new();
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
        if !trace::is_go_var(k) {
            origins.insert(k.clone(), origin);
            continue;
        }
        let static_origin = env.origins.get(k);
        let site = trace
            .and_then(|t| t.var_site(k, v))
            .filter(|s| site_holds(s, k, line));
        let attribution = match site {
            Some(site) => {
                let shell = site_origin(
                    site,
                    static_origin,
                    captured.get("HOMEBREW_PREFIX").map(String::as_str),
                );
                let disagrees = env.vars.get(k) != Some(v) || static_origin != Some(&shell);
                origins.insert(k.clone(), shell);
                Attribution {
                    attributed_by: AttributedBy::Shell,
                    disagrees,
                    static_origin: static_origin.filter(|_| disagrees).cloned(),
                    via: site.ran.as_ref().map(|r| r.program.clone()),
                }
            }
            None => {
                origins.insert(k.clone(), origin);
                Attribution {
                    attributed_by: AttributedBy::Static,
                    disagrees: false,
                    static_origin: None,
                    via: None,
                }
            }
        };
        attributions.insert(k.clone(), attribution);
    }
    let initial_path: HashSet<&str> = initial
        .get("PATH")
        .map(|p| p.split(':').collect())
        .unwrap_or_default();
    let mut path_attributions = BTreeMap::new();
    let mut path = Vec::new();
    for dir in captured
        .get("PATH")
        .map(|p| p.split(':'))
        .into_iter()
        .flatten()
    {
        let static_origin = env.path.iter().find(|e| e.dir == dir).map(|e| &e.origin);
        let fallback = || {
            static_origin
                .cloned()
                .unwrap_or(if initial_path.contains(dir) {
                    Origin::Inherited
                } else {
                    Origin::LoginShell
                })
        };
        let shell = match trace.and_then(|t| t.path_source(dir)) {
            Some(PathSource::Site(site)) if site_holds(site, "PATH", line) => Some((
                site_origin(
                    site,
                    static_origin,
                    captured.get("HOMEBREW_PREFIX").map(String::as_str),
                ),
                site.ran.as_ref().map(|r| r.program.clone()),
            )),
            Some(PathSource::Inherited) if initial_path.contains(dir) => {
                Some((Origin::Inherited, None))
            }
            _ => None,
        };
        let origin = match shell {
            Some((origin, via)) => {
                let disagrees = static_origin != Some(&origin);
                path_attributions
                    .entry(dir.to_string())
                    .or_insert_with(|| Attribution {
                        attributed_by: AttributedBy::Shell,
                        disagrees,
                        static_origin: static_origin.filter(|_| disagrees).cloned(),
                        via,
                    });
                origin
            }
            None => {
                path_attributions
                    .entry(dir.to_string())
                    .or_insert_with(|| Attribution {
                        attributed_by: AttributedBy::Static,
                        disagrees: false,
                        static_origin: None,
                        via: None,
                    });
                fallback()
            }
        };
        path.push(PathEntry {
            dir: dir.to_string(),
            origin,
        });
    }
    env.attributions = attributions;
    env.path_attributions = path_attributions;
    env.traced_files = trace.map(|t| t.files.clone()).unwrap_or_default();
    env.trace_reached = trace.map(|t| t.reached.clone()).unwrap_or_default();
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
    fn a_traced_line_must_set_what_it_is_said_to_set() {
        let lines = [
            "export GOPATH=\"$HOME/go\"",
            "  typeset -gx GOOS GOARCH",
            "for v in GOPROXY GOSUMDB; do export $v=off; done",
            "path+=($d)",
            "$PATH\"",
            "}'",
            "eval \"$(brew shellenv)\"",
            "export GONOSUMDB=x # GOPATH mentioned",
        ];
        let mut read = |_: &Path, n: u32| lines.get(n as usize - 1).map(|l| l.to_string());
        let site = |line, indirect| Site {
            file: "/h/.zshrc".into(),
            line,
            indirect,
            ran: None,
        };
        let mut holds = |line, indirect, what| site_holds(&site(line, indirect), what, &mut read);
        assert!(holds(1, false, "GOPATH"));
        assert!(holds(2, false, "GOARCH"));
        assert!(holds(3, false, "GOSUMDB"));
        assert!(holds(4, false, "PATH"));
        // The last line of a bash command spanning two lines; a line of eval'd text.
        assert!(!holds(5, false, "PATH"));
        assert!(!holds(6, false, "GONOSUMDB"));
        assert!(holds(7, true, "PATH"));
        assert!(!holds(1, true, "GOPATH"));
        // Naming a variable is not setting it.
        assert!(!holds(8, false, "GOPATH"));
        assert!(!holds(1, false, "GOBIN"));
        // A line that is not there.
        assert!(!holds(99, false, "GOPATH"));
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
        merge_captured(&mut env, captured, &initial, None, &mut |_, _| None);
        assert_eq!(env.origins["GOPATH"], zshrc);
        assert_eq!(env.origins["GOFLAGS"], Origin::LoginShell);
        let origins: Vec<_> = env.path.iter().map(|e| e.origin.clone()).collect();
        assert_eq!(origins, vec![zshrc, Origin::Inherited, Origin::LoginShell]);
        assert_eq!(env.method, Some(LoginMethod::Shell));
    }
}
