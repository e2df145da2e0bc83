//! The real-shell oracle: NativeGo's static evaluation of a startup-file set against real
//! zsh (or bash, for a bash user) run on the same tree at the same absolute paths.
//!
//! Each set of `tests/oracle/` is a scenario folder holding only what differs from
//! `tests/oracle/_base/` (a Mac with Homebrew go1.27.3, Apple's `/etc/zprofile`,
//! `/etc/paths`, stand-ins for `path_helper` and `brew`). The test lays `_base` and the set
//! over each other in a temporary folder, then:
//!
//! - runs `tests/oracle/real-shell.sh` in private mount and PID namespaces (`unshare -m -n -p`, as
//!   root): the tree mounted at `/` of a chroot over the machine's `/usr` and `/etc`, the
//!   login shell started as a Mac's Terminal starts it (`-zsh -l -i -c …` or
//!   `-bash -l -i -c …`, uid 501, `HOME=/Users/dev`), which writes `env -0` and
//!   `whence -p go` (`type -P go`);
//! - evaluates the same folder statically as NativeGo does for a scenario
//!   (`probe::login::login_env` on a `ScenarioHost`, no login shell);
//! - compares every Go variable, the order of the Go-relevant PATH entries (see
//!   [`go_relevant`]) and the active `go` (the first executable `go` on the static PATH
//!   against the real shell's lookup). Each value is AGREE, HONEST UNKNOWN (NativeGo says
//!   it does not know: the variable is in `unknown_vars` or in an `Unknown`'s `affects`,
//!   or PATH is incomplete) or SILENTLY WRONG (NativeGo states a value that differs);
//! - asks `zsh -n` / `bash -n` about every file NativeGo called a syntax error: if the
//!   shell accepts it, that is a FALSE SYNTAX ERROR;
//! - for each Go variable whose value agrees, compares the line NativeGo attributes it to
//!   with the last assignment in the real shell's xtrace ([`set_at`]; `eval` and
//!   `source <(…)` count at their own line, as NativeGo attributes them), and likewise for
//!   each Go-relevant PATH entry when the PATH agrees ([`path_set_at`]: the assignment that
//!   added it): a different line is a LINE failure.
//!
//! It prints a table and totals (to stderr: `-- --nocapture` shows it), and fails on any
//! SILENTLY WRONG value, FALSE SYNTAX ERROR or LINE that [`KNOWN_FAILURES`] does not name for its
//! set, on an entry naming something now right (the list only shrinks), and on a set the
//! real shell could not run.
//!
//! `NATIVEGO_ORACLE_SETS=a,b` runs only those sets; `NATIVEGO_ORACLE_VERBOSE=1` also prints each set's real-shell stderr, both whole PATHs
//! and NativeGo's `Unknown`s.
//!
//! Skips (saying so) when not root, when `unshare` cannot make a mount namespace, or when
//! zsh or bash is missing, unless `NATIVEGO_REQUIRE_USERNS=1` or `NATIVEGO_REQUIRE_ZSH=1`
//! (CI sets both).
// Tests build real files and run real programs.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nativego_doctor::facts::{FileState, LoginEnv, Origin, Os, ShellKind};
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::{is_executable, Host};
use nativego_doctor::probe::goenv::EnvFile;
use nativego_doctor::probe::login::login_env;
use nativego_doctor::probe::ProbeOptions;

/// Sets NativeGo gets wrong today: the set, what is silently wrong in it (Go variables,
/// `PATH` for the Go-relevant PATH order, `go` for the active go, `syntax` for a false
/// syntax error, `line` for a right value attributed to another line than the real
/// shell's trace shows), and the construct and the values that differ. The list only shrinks:
/// anything wrong that an entry does not name fails the test, and so does an entry naming
/// something that is now right (shrink it, or take the set off when nothing is left).
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

/// The Go variables compared: those a file NativeGo cannot read might set.
use nativego_doctor::shell::eval::GO_VARS;

/// How many sets run at once (the real shell dominates; two cores).
const WORKERS: usize = 3;

/// The real shell's wall-clock limit inside the script is 20 s; this is the backstop for
/// the whole namespace (copying the tree included).
const RUN_LIMIT: Duration = Duration::from_secs(40);

fn oracle_dir() -> PathBuf {
    common::repo().join("tests/oracle")
}

/// The corpus: every folder of `tests/oracle/` with a `root/`, except `_base`, by name.
fn sets() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(oracle_dir())
        .expect("tests/oracle exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("root").is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .filter(|(n, _)| !n.starts_with('_'))
        .collect();
    out.sort();
    out
}

/// Copy `from` over `to`: files and symlinks of `from` replace those of `to`.
fn overlay(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ft = fs::symlink_metadata(&src).unwrap().file_type();
        if ft.is_dir() {
            overlay(&src, &dst);
            continue;
        }
        if fs::symlink_metadata(&dst).is_ok() {
            fs::remove_file(&dst).unwrap();
        }
        if ft.is_symlink() {
            symlink(fs::read_link(&src).unwrap(), &dst).unwrap();
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// `_base` and the set, laid over each other: a scenario folder (`host.toml`, `root/`).
fn assemble(set: &Path, to: &Path) {
    overlay(&oracle_dir().join("_base"), to);
    overlay(set, to);
}

/// What the real shell ended with.
struct Real {
    env: BTreeMap<String, String>,
    go: Option<String>,
    /// What the shell said on stderr, its xtrace left out.
    stderr: String,
    /// The file and line that last assigned each Go variable, from the xtrace.
    set_at: BTreeMap<String, (String, u32)>,
    /// The file and line that put each PATH entry on PATH, from the xtrace.
    path_set_at: BTreeMap<String, (String, u32)>,
}

/// One line of the real shell's xtrace: its nesting depth (the `+`s), the function or
/// file name (`%N`, zsh only), the file and line, and the command as traced.
struct TraceLine<'a> {
    depth: usize,
    name: &'a str,
    file: &'a str,
    line: u32,
    command: &'a str,
}

/// Parse `+NAME|FILE:LINE> command` (zsh, `PS4='+%N|%x:%I> '`) or `+FILE:LINE> command`
/// (bash, `PS4='+${BASH_SOURCE}:${LINENO}> '`); `None` for any other line (what the
/// startup files print, a traced command's continuation lines).
fn trace_line(text: &str, kind: ShellKind) -> Option<TraceLine<'_>> {
    let rest = text.trim_start_matches('+');
    let depth = text.len() - rest.len();
    if depth == 0 {
        return None;
    }
    let (head, command) = rest.split_once("> ")?;
    let (name, place) = match kind {
        ShellKind::Bash => ("", head),
        _ => head.split_once('|')?,
    };
    let (file, line) = place.rsplit_once(':')?;
    Some(TraceLine {
        depth,
        name,
        file,
        line: line.parse().ok()?,
        command,
    })
}

/// The Go variables a traced command assigns: `export`/`typeset`/`declare`/`readonly`
/// arguments of the form `NAME=…`, or a command made of assignments only (`NAME=… `);
/// `unset NAME` as `None`. `local` and assignments that prefix a command are not
/// the login environment's.
fn assigned(command: &str) -> Vec<(&str, bool)> {
    let words: Vec<&str> = command.split_whitespace().collect();
    fn go_var(w: &str) -> Option<&str> {
        w.split_once('=')
            .map(|(n, _)| n)
            .filter(|n| GO_VARS.contains(n))
    }
    match words.first().copied() {
        Some("unset") => words[1..]
            .iter()
            .filter(|w| GO_VARS.contains(*w))
            .map(|w| (*w, false))
            .collect(),
        Some("export" | "typeset" | "declare" | "readonly") => words[1..]
            .iter()
            .filter_map(|w| go_var(w))
            .map(|n| (n, true))
            .collect(),
        Some(_) if words.iter().all(|w| w.contains('=') && !w.starts_with('=')) => words
            .iter()
            .filter_map(|w| go_var(w))
            .map(|n| (n, true))
            .collect(),
        _ => Vec::new(),
    }
}

/// Each traced command with the place NativeGo would attribute it to: its file and line,
/// except that code run by `eval` or sourced from a pipe (`source <(…)`) counts at the
/// `eval`/`source` line of the file (zsh names such code `(eval)`, or a file under
/// `/proc`/`/dev/fd`; bash runs it one level deeper than the `eval`).
fn traced_commands(trace: &str, kind: ShellKind) -> Vec<((String, u32), &str)> {
    let indirect = |f: &str| f.starts_with("/proc/") || f.starts_with("/dev/fd/");
    let mut out = Vec::new();
    // The eval or source-from-a-pipe being run: its place and depth.
    let mut around: Vec<(String, u32, usize)> = Vec::new();
    for text in trace.lines() {
        let Some(t) = trace_line(text, kind) else {
            continue;
        };
        let mut place = (t.file.to_string(), t.line);
        match kind {
            ShellKind::Bash => {
                while around.last().is_some_and(|a| t.depth <= a.2) {
                    around.pop();
                }
                if let Some(a) = around.first() {
                    place = (a.0.clone(), a.1);
                }
            }
            _ => {
                if t.name == "(eval)" || indirect(t.file) {
                    if let Some(a) = around.last() {
                        place = (a.0.clone(), a.1);
                    }
                } else {
                    around.clear();
                }
            }
        }
        let word = t.command.split_whitespace().next().unwrap_or("");
        let arg = t.command.split_whitespace().nth(1).unwrap_or("");
        if (word == "eval" || (matches!(word, "source" | ".") && indirect(arg)))
            && (around.is_empty() || kind == ShellKind::Bash)
        {
            around.push((place.0.clone(), place.1, t.depth));
        }
        out.push((place, t.command));
    }
    out
}

/// Where each Go variable was last assigned, from the xtrace ([`traced_commands`]).
/// Whether a file:line the trace names can be the line that set one of `names`: a line of
/// a real file (not `/proc/self/fd/N`, the output of a process substitution) whose text
/// names the variable as a word, or runs `eval`, `source`, `.` or `emulate`. zsh numbers
/// lines in a file sourced from inside an `eval` (as `emulate sh -c 'source f'` does) from
/// the eval: such a line does not pass, and counts as not traced.
fn trace_line_can_set(host: &ScenarioHost, file: &str, line: u32, names: &[&str]) -> bool {
    if file.starts_with("/proc/") || file.starts_with("/dev/fd/") {
        return false;
    }
    let Ok(bytes) = host.read(Path::new(file)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return false;
    };
    // `w` as a word, optionally followed by `=` / `+=` / `(`.
    let word = |w: &str, assign: bool| {
        l.match_indices(w).any(|(k, _)| {
            let before = l[..k].chars().next_back();
            let rest = &l[k + w.len()..];
            let name_char =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !name_char(before)
                && before != Some('$')
                && before != Some('{')
                && if assign {
                    rest.starts_with('=') || rest.starts_with("+=") || rest.starts_with('[')
                } else {
                    !name_char(rest.chars().next())
                }
        })
    };
    let declares = ["export", "typeset", "declare", "readonly", "local"]
        .iter()
        .any(|d| word(d, false));
    names
        .iter()
        .any(|n| word(n, true) || (declares && word(n, false)))
        || ["eval", "source", ".", "emulate"]
            .iter()
            .any(|w| word(w, false))
}

fn set_at(trace: &str, kind: ShellKind) -> BTreeMap<String, (String, u32)> {
    let mut out = BTreeMap::new();
    for (place, command) in traced_commands(trace, kind) {
        for (name, set) in assigned(command) {
            if set {
                out.insert(name.to_string(), place.clone());
            } else {
                out.remove(name);
            }
        }
    }
    out
}

/// The PATH a traced command sets, if it sets one: `PATH=…`, `export PATH=…`,
/// `path=( … )` and `path+=( … )` (zsh), as the trace prints them (expanded).
fn path_assigned(command: &str, current: &[String]) -> Option<Vec<String>> {
    let unquote = |v: &str| v.trim().trim_matches('\'').to_string();
    let split = |v: &str| -> Vec<String> { unquote(v).split(':').map(str::to_string).collect() };
    let rest = command
        .strip_prefix("export ")
        .or_else(|| command.strip_prefix("declare -x "))
        .unwrap_or(command)
        .trim_end();
    if let Some(v) = rest.strip_prefix("PATH=") {
        return (!v.contains(' ') || v.starts_with('\'')).then(|| split(v));
    }
    if let Some(v) = rest.strip_prefix("PATH+=") {
        let mut out = current.to_vec();
        let mut add = split(v);
        if add.first().is_some_and(String::is_empty) {
            add.remove(0);
        }
        out.extend(add);
        return Some(out);
    }
    let array = |v: &str| -> Option<Vec<String>> {
        let inner = v.trim().strip_prefix('(')?.strip_suffix(')')?;
        Some(inner.split_whitespace().map(unquote).collect())
    };
    if let Some(v) = rest.strip_prefix("path=") {
        return array(v);
    }
    if let Some(v) = rest.strip_prefix("path+=") {
        let mut out = current.to_vec();
        match array(v) {
            Some(add) => out.extend(add),
            None if !v.trim().contains(' ') => out.push(unquote(v)),
            None => return None,
        }
        return Some(out);
    }
    None
}

/// Where each PATH entry the shell ends with was put on PATH: the place
/// ([`traced_commands`]) of the last assignment that added it when it was not there.
/// Entries of `initial` that were never removed have no place.
fn path_set_at(trace: &str, kind: ShellKind, initial: &str) -> BTreeMap<String, (String, u32)> {
    let mut current: Vec<String> = initial.split(':').map(str::to_string).collect();
    let mut out: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for (place, command) in traced_commands(trace, kind) {
        let Some(new) = path_assigned(command, &current) else {
            continue;
        };
        for e in &new {
            if !current.contains(e) {
                out.insert(e.clone(), place.clone());
            }
        }
        out.retain(|e, _| new.contains(e));
        current = new;
    }
    out
}

fn run_real(scenario: &Path, work: &Path, kind: ShellKind) -> Result<Real, String> {
    let script = work.join("real-shell.sh");
    fs::write(&script, include_str!("../../../tests/oracle/real-shell.sh")).unwrap();
    let out = work.join("out");
    let scratch = work.join("scratch");
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&scratch).unwrap();
    let shell = match kind {
        ShellKind::Bash => "bash",
        _ => "zsh",
    };
    let mut child = Command::new("unshare")
        .args([
            "-m",
            "-n",
            "-p",
            "-f",
            "--propagation",
            "private",
            "/bin/sh",
        ])
        .arg(&script)
        .arg(scenario.join("root"))
        .arg(&out)
        .arg(shell)
        .arg(&scratch)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("unshare: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the oracle run did not finish".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    if !status.success() {
        return Err(format!("real-shell.sh failed ({status}): {err}"));
    }
    let stderr = fs::read_to_string(out.join("stderr")).unwrap_or_default();
    let Ok(env) = fs::read(out.join("env")) else {
        return Err(format!(
            "the real shell printed no environment (status {}): {}",
            fs::read_to_string(out.join("status"))
                .unwrap_or_default()
                .trim(),
            stderr.trim()
        ));
    };
    let mut vars = BTreeMap::new();
    for entry in env.split(|b| *b == 0) {
        let text = String::from_utf8_lossy(entry);
        if let Some((k, v)) = text.split_once('=') {
            vars.insert(k.to_string(), v.to_string());
        }
    }
    let go = fs::read_to_string(out.join("go"))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let set_at = set_at(&stderr, kind);
    let path_set_at = path_set_at(&stderr, kind, "/usr/bin:/bin:/usr/sbin:/sbin");
    let stderr = stderr
        .lines()
        .filter(|l| trace_line(l, kind).is_none())
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Real {
        env: vars,
        go,
        stderr,
        set_at,
        path_set_at,
    })
}

/// NativeGo's static evaluation of the scenario, as `nativego doctor --scenario` does it.
fn run_static(host: &ScenarioHost) -> LoginEnv {
    let opts = ProbeOptions {
        run_login_shell: false,
        ..ProbeOptions::default()
    };
    login_env(
        host,
        Os::Macos,
        host.home().as_deref(),
        &EnvFile::default(),
        &opts,
    )
}

/// A PATH entry that decides which `go` (or Go tool) runs: a folder with an executable
/// `go` in the tree, any folder whose path mentions `go`, Homebrew's and `/usr/local`'s
/// `bin`, and `/usr/bin` (as the landmark the others come before or after).
fn go_relevant(host: &ScenarioHost, dir: &str) -> bool {
    dir.to_ascii_lowercase().contains("go")
        || [
            "/opt/homebrew/bin",
            "/opt/homebrew/sbin",
            "/usr/local/bin",
            "/usr/bin",
        ]
        .contains(&dir)
        || (dir.starts_with('/') && is_executable(host, &Path::new(dir).join("go")))
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Verdict {
    Agree,
    Unknown,
    Wrong,
}

/// One set's outcome.
/// How the lines NativeGo names compare with the real shell's trace.
#[derive(Clone, Copy, Debug, Default)]
struct LineCounts {
    agree: usize,
    differ: usize,
    /// The trace shows no line that can have set it.
    untraced: usize,
}

impl LineCounts {
    fn add(&mut self, o: LineCounts) {
        self.agree += o.agree;
        self.differ += o.differ;
        self.untraced += o.untraced;
    }
}

/// Count the line NativeGo names for `what` (`here`, as `file:line`) against the trace's,
/// and say so when they differ.
fn compare_line(
    o: &mut Outcome,
    path_entry: bool,
    here: &str,
    traced: Option<&(String, u32)>,
    what: &str,
) {
    let counts = if path_entry {
        &mut o.path_lines
    } else {
        &mut o.var_lines
    };
    match traced {
        None => counts.untraced += 1,
        Some((f, l)) if format!("{f}:{l}") == here => counts.agree += 1,
        Some((f, l)) => {
            counts.differ += 1;
            o.failing.push("line".into());
            o.details
                .push(format!("LINE {what}: static {here} real {f}:{l}"));
        }
    }
}

/// Agree when the values are equal; an honest unknown where NativeGo said it does not know.
fn verdict_of(agree: bool, unknown: bool) -> Verdict {
    if agree {
        Verdict::Agree
    } else if unknown {
        Verdict::Unknown
    } else {
        Verdict::Wrong
    }
}

struct Outcome {
    name: String,
    shell: ShellKind,
    agree: usize,
    unknown: usize,
    wrong: usize,
    /// What is silently wrong (a Go variable, `PATH`, `go`), `syntax` or `line`, the words
    /// of [`KNOWN_FAILURES`].
    failing: Vec<String>,
    false_syntax: usize,
    /// Lines of the startup files NativeGo read, and its `Unknown`s.
    lines: usize,
    unknowns: usize,
    unevaluated: usize,
    /// Go variables whose value agrees: the line NativeGo names for it is the one the
    /// real shell's trace shows, is another, or the trace does not show an assignment.
    var_lines: LineCounts,
    /// The same for the Go-relevant PATH entries.
    path_lines: LineCounts,
    details: Vec<String>,
    /// The harness could not run the set (a broken set or machine).
    broken: Option<String>,
}

impl Outcome {
    fn result(&self) -> &'static str {
        if self.broken.is_some() {
            "BROKEN"
        } else if self.wrong > 0 && self.false_syntax > 0 {
            "WRONG+SYNTAX"
        } else if self.wrong > 0 {
            "WRONG"
        } else if self.false_syntax > 0 {
            "SYNTAX"
        } else if self.var_lines.differ > 0 || self.path_lines.differ > 0 {
            "LINE"
        } else if self.unknown > 0 {
            "UNKNOWN"
        } else {
            "AGREE"
        }
    }
    fn fails(&self) -> bool {
        self.broken.is_some() || !self.failing.is_empty()
    }
}

fn show(v: Option<&str>) -> String {
    match v {
        Some(s) => format!("{s:?}"),
        None => "unset".into(),
    }
}

fn check_set(name: &str, set: &Path) -> Outcome {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("scenario");
    assemble(set, &scenario);
    compare(name, &scenario, tmp.path())
}

/// The static evaluation of the assembled scenario folder `scenario` against the real
/// shell run on it (`work` holds the run's files).
fn compare(name: &str, scenario: &Path, work: &Path) -> Outcome {
    let host = ScenarioHost::load(scenario).expect("the set is a valid scenario");
    let shell = host
        .login_shell()
        .map(|s| nativego_doctor::probe::login::shell_kind(&s))
        .unwrap_or(ShellKind::Zsh);
    let mut o = Outcome {
        name: name.to_string(),
        shell,
        agree: 0,
        unknown: 0,
        wrong: 0,
        failing: Vec::new(),
        false_syntax: 0,
        lines: 0,
        unknowns: 0,
        unevaluated: 0,
        var_lines: LineCounts::default(),
        path_lines: LineCounts::default(),
        details: Vec::new(),
        broken: None,
    };
    let st = run_static(&host);
    let real = match run_real(scenario, work, shell) {
        Ok(r) => r,
        Err(e) => {
            o.broken = Some(e);
            return o;
        }
    };

    let unknown_var = |v: &str| {
        st.unknown_vars.iter().any(|u| u == v)
            || st.unknowns.iter().any(|u| u.affects.iter().any(|a| a == v))
    };
    let record = |o: &mut Outcome, key: &str, verdict: Verdict, what: String| match verdict {
        Verdict::Agree => o.agree += 1,
        Verdict::Unknown => {
            o.unknown += 1;
            o.details.push(format!("unknown {what}"));
        }
        Verdict::Wrong => {
            o.wrong += 1;
            o.failing.push(key.to_string());
            o.details.push(format!("WRONG {what}"));
        }
    };

    for v in GO_VARS {
        let r = real.env.get(*v).map(String::as_str);
        let s = st.var(v);
        let (verdict, what) = if unknown_var(v) {
            (Verdict::Unknown, format!("{v} (real {})", show(r)))
        } else if s == r {
            (Verdict::Agree, String::new())
        } else {
            (
                Verdict::Wrong,
                format!("{v}: static {} real {}", show(s), show(r)),
            )
        };
        record(&mut o, v, verdict, what);
    }

    let path_unknown = st.path_incomplete || unknown_var("PATH");
    let real_path: Vec<&str> = real
        .env
        .get("PATH")
        .map(|p| p.split(':').collect())
        .unwrap_or_default();
    let static_path: Vec<&str> = st.path.iter().map(|e| e.dir.as_str()).collect();
    let rel = |p: &[&str]| -> Vec<String> {
        p.iter()
            .filter(|d| go_relevant(&host, d))
            .map(|d| d.to_string())
            .collect()
    };
    let (rp, sp) = (rel(&real_path), rel(&static_path));
    let verdict = verdict_of(rp == sp, path_unknown);
    record(
        &mut o,
        "PATH",
        verdict,
        format!(
            "PATH (Go-relevant): static {} real {}",
            sp.join(":"),
            rp.join(":")
        ),
    );

    // The line each Go-relevant PATH entry is attributed to, against the trace: the last
    // assignment that added the entry when PATH did not have it (entries path_helper
    // placed from /etc/paths are left out: NativeGo names the /etc/paths line).
    if verdict == Verdict::Agree {
        for e in &st.path {
            if !go_relevant(&host, &e.dir) {
                continue;
            }
            let Some((path, line)) = e.origin.location() else {
                continue;
            };
            if matches!(e.origin, Origin::PathHelper { .. }) {
                continue;
            }
            let here = format!("{}:{line}", path.display());
            let traced = real
                .path_set_at
                .get(&e.dir)
                .filter(|(f, l)| trace_line_can_set(&host, f, *l, &["PATH", "path"]));
            let what = format!("PATH entry {}", e.dir);
            compare_line(&mut o, true, &here, traced, &what);
        }
    }

    let static_go = static_path
        .iter()
        .filter(|d| d.starts_with('/'))
        .map(|d| format!("{}/go", d.trim_end_matches('/')))
        .find(|g| is_executable(&host, Path::new(g)));
    let verdict = verdict_of(static_go == real.go, path_unknown);
    record(
        &mut o,
        "go",
        verdict,
        format!(
            "active go: static {} real {}",
            show(static_go.as_deref()),
            show(real.go.as_deref())
        ),
    );

    // The line that set each Go variable both agree on.
    for v in GO_VARS {
        let r = real.env.get(*v);
        if r.is_none() || r.map(String::as_str) != st.var(v) || unknown_var(v) {
            continue;
        }
        let Some((path, line)) = st.origins.get(*v).and_then(|o| o.location()) else {
            continue;
        };
        let here = format!("{}:{line}", path.display());
        let traced = real
            .set_at
            .get(*v)
            .filter(|(f, l)| trace_line_can_set(&host, f, *l, &[v]));
        compare_line(&mut o, false, &here, traced, v);
    }

    // Syntax errors the shell itself does not see.
    let checker = match shell {
        ShellKind::Bash => "/usr/bin/bash",
        _ => common::ZSH,
    };
    for u in &st.unknowns {
        if !u.reason.starts_with("syntax error") {
            continue;
        }
        let Some(file) = host.real_path(&u.path) else {
            continue;
        };
        // `zsh -f`: the checking zsh reads no startup file of this machine.
        let flags: &[&str] = match shell {
            ShellKind::Bash => &["-n"],
            _ => &["-f", "-n"],
        };
        let accepted = Command::new(checker)
            .args(flags)
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if accepted {
            o.false_syntax += 1;
            o.failing.push("syntax".into());
            o.details.push(format!(
                "FALSE SYNTAX ERROR {}:{}: {}",
                u.path.display(),
                u.line,
                u.reason
            ));
        }
    }

    let line_count = |path: &Path| -> usize {
        host.read(path)
            .map(|b| b.split(|c| *c == b'\n').count() - usize::from(b.ends_with(b"\n")))
            .unwrap_or(0)
    };
    for f in &st.files {
        if f.state == FileState::Read {
            o.lines += line_count(&f.path);
        }
    }
    o.unknowns = st.unknowns.len();
    // A line NativeGo could not evaluate: each Unknown's, and every line after a syntax
    // error (the rest of that file is not evaluated).
    o.unevaluated = st
        .unknowns
        .iter()
        .map(|u| {
            if u.reason.starts_with("syntax error") {
                line_count(&u.path).saturating_sub(u.line as usize) + 1
            } else {
                1
            }
        })
        .sum();
    if std::env::var("NATIVEGO_ORACLE_VERBOSE").as_deref() == Ok("1") {
        eprintln!("--- {name}: real shell stderr:\n{}", real.stderr.trim());
        eprintln!("--- {name}: static PATH {}", static_path.join(":"));
        eprintln!("--- {name}: real PATH   {}", real_path.join(":"));
        for u in &st.unknowns {
            eprintln!(
                "--- {name}: unknown {}:{}: {}",
                u.path.display(),
                u.line,
                u.reason
            );
        }
    }
    if o.fails() && !real.stderr.trim().is_empty() {
        let last = real.stderr.trim().lines().last().unwrap_or("");
        o.details.push(format!("(real shell said: {last})"));
    }
    o
}

/// Whether this machine can run the oracle; says why not (or panics when CI requires it).
fn available() -> bool {
    let require_ns = std::env::var("NATIVEGO_REQUIRE_USERNS").as_deref() == Ok("1");
    let require_zsh = std::env::var("NATIVEGO_REQUIRE_ZSH").as_deref() == Ok("1");
    let skip = |why: String| {
        if require_ns || require_zsh {
            panic!("the real-shell oracle is required (NATIVEGO_REQUIRE_USERNS/ZSH=1) but {why}");
        }
        eprintln!("skipped: {why}");
        false
    };
    for p in [
        common::ZSH,
        "/usr/bin/bash",
        "/usr/bin/setpriv",
        "/usr/bin/perl",
    ] {
        if !Path::new(p).is_file() {
            return skip(format!("{p} is missing"));
        }
    }
    let ok = Command::new("unshare")
        .args(["-m", "-n", "-p", "-f", "--propagation", "private", "true"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        return skip("`unshare -m -n -p -f` fails here (it needs root)".into());
    }
    true
}

/// The sets to run: all of them, or those `NATIVEGO_ORACLE_SETS=a,b` names (while working
/// on the evaluator).
fn selected_sets() -> Vec<(String, PathBuf)> {
    let mut sets = sets();
    if let Ok(only) = std::env::var("NATIVEGO_ORACLE_SETS") {
        let only: Vec<&str> = only.split(',').map(str::trim).collect();
        sets.retain(|(n, _)| only.contains(&n.as_str()));
        assert!(
            !sets.is_empty(),
            "NATIVEGO_ORACLE_SETS names no set of tests/oracle/"
        );
    }
    sets
}

/// `run` on every set, [`WORKERS`] at a time; the outcomes of all, in no order.
fn on_each_set<T: Send>(
    sets: &[(String, PathBuf)],
    run: impl Fn(&str, &Path) -> Vec<T> + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<T>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((name, dir)) = sets.get(i) else {
                    break;
                };
                let out = run(name, dir);
                results.lock().unwrap().extend(out);
            });
        }
    });
    results.into_inner().unwrap()
}

#[test]
fn static_evaluation_agrees_with_the_real_shell() {
    if !available() {
        return;
    }
    let all = sets().len();
    assert!(all >= 40, "the corpus has {all} sets, fewer than 40");
    let sets = selected_sets();
    let start = Instant::now();
    let mut results = on_each_set(&sets, |name, dir| vec![check_set(name, dir)]);
    results.sort_by(|a, b| a.name.cmp(&b.name));

    let mut table = String::new();
    let (mut agree, mut unknown, mut wrong, mut syntax) = (0, 0, 0, 0);
    let (mut values_agree, mut values_unknown, mut values_wrong) = (0, 0, 0);
    let (mut lines, mut unknowns, mut unevaluated) = (0, 0, 0);
    let (mut var_lines, mut path_lines) = (LineCounts::default(), LineCounts::default());
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    writeln!(
        table,
        "{:<34} {:<5} {:<13} details",
        "set", "shell", "result"
    )
    .unwrap();
    for o in &results {
        let known = KNOWN_FAILURES.iter().find(|(n, _, _)| *n == o.name);
        let listed: Vec<&str> = known
            .map(|(_, what, _)| what.split_whitespace().collect())
            .unwrap_or_default();
        let mut failing = o.failing.clone();
        failing.sort();
        failing.dedup();
        let new: Vec<&String> = failing
            .iter()
            .filter(|f| !listed.contains(&f.as_str()))
            .collect();
        let gone: Vec<&&str> = listed
            .iter()
            .filter(|l| !failing.iter().any(|f| f == *l))
            .collect();
        if o.broken.is_some() {
            unexpected.push(format!("{} (broken)", o.name));
        } else if !new.is_empty() {
            unexpected.push(format!("{} ({})", o.name, failing.join(" ")));
        } else if !gone.is_empty() {
            fixed.push(format!(
                "{}: now right on {:?}; list it as {:?}",
                o.name,
                gone,
                failing.join(" ")
            ));
        }
        match o.result() {
            "AGREE" => agree += 1,
            "UNKNOWN" => unknown += 1,
            _ => {}
        }
        if o.wrong > 0 {
            wrong += 1;
        }
        if o.false_syntax > 0 {
            syntax += 1;
        }
        values_agree += o.agree;
        values_unknown += o.unknown;
        values_wrong += o.wrong;
        lines += o.lines;
        unknowns += o.unknowns;
        unevaluated += o.unevaluated;
        var_lines.add(o.var_lines);
        path_lines.add(o.path_lines);
        let mut details = o.details.join("; ");
        if let Some(b) = &o.broken {
            details = b.clone();
        }
        writeln!(
            table,
            "{:<34} {:<5} {:<13} {}",
            o.name,
            match o.shell {
                ShellKind::Bash => "bash",
                _ => "zsh",
            },
            format!("{}{}", o.result(), if known.is_some() { "*" } else { "" }),
            details
        )
        .unwrap();
    }
    writeln!(
        table,
        "\n{} sets in {:.1} s: {agree} agree on everything, {unknown} honest unknown (nothing wrong, something unknown), \
         {wrong} silently wrong, {syntax} with a false syntax error",
        results.len(),
        start.elapsed().as_secs_f64()
    )
    .unwrap();
    writeln!(
        table,
        "values: {values_agree} agree, {values_unknown} honest unknown, {values_wrong} silently wrong; \
         {unknowns} Unknowns; {unevaluated} of {lines} startup-file lines not evaluated ({:.1}%: \
         the Unknowns' lines and every line after a syntax error)",
        if lines == 0 { 0.0 } else { 100.0 * unevaluated as f64 / lines as f64 }
    )
    .unwrap();
    writeln!(
        table,
        "lines: of the Go variables both agree on, {} are attributed to the line the \
         real shell's trace shows, {} to another line, {} not found in the trace",
        var_lines.agree, var_lines.differ, var_lines.untraced
    )
    .unwrap();
    writeln!(
        table,
        "path lines: of the Go-relevant PATH entries NativeGo attributes to a startup-file line (PATH \
         agreeing), {} match the trace, {} differ, {} not found in the trace",
        path_lines.agree, path_lines.differ, path_lines.untraced
    )
    .unwrap();
    writeln!(table, "known failures (* above; this list must shrink):").unwrap();
    for (n, what, why) in KNOWN_FAILURES {
        writeln!(table, "  {n} [{what}]: {why}").unwrap();
    }
    eprintln!("{table}");
    assert!(
        unexpected.is_empty(),
        "silently wrong, false syntax error or broken, and not in KNOWN_FAILURES (set and what fails): {unexpected:#?}\n{table}"
    );
    assert!(
        fixed.is_empty(),
        "KNOWN_FAILURES lists more than fails now: shrink those entries (or remove the set): {fixed:#?}"
    );
}

/// The trace parser, on xtrace lines as zsh 5.9 and bash 5.2 print them.
#[test]
fn the_trace_attributes_assignments_to_their_lines() {
    let zsh = "\
+/etc/zsh/zshenv|/etc/zsh/zshenv:2> setopt xtrace
+/Users/dev/.zshrc|/Users/dev/.zshrc:1> /opt/homebrew/bin/brew shellenv
+/Users/dev/.zshrc|/Users/dev/.zshrc:1> eval $'export HOMEBREW_PREFIX=\"/opt/homebrew\";\\nexport GOROOT=x'
+(eval)|/Users/dev/.zshrc:2> export HOMEBREW_PREFIX=/opt/homebrew
+(eval)|/Users/dev/.zshrc:3> export GOROOT=x
+/Users/dev/.zshrc|/Users/dev/.zshrc:3> source /proc/self/fd/12
+/proc/self/fd/12|/proc/self/fd/12:1> export GOPRIVATE=github.com/acme/*
+/Users/dev/.zshrc|/Users/dev/.zshrc:6> setup
+setup|/Users/dev/.zsh/go.zsh:2> export GOPATH=/Users/dev/go GOBIN=/Users/dev/go/bin
+/Users/dev/.zshrc|/Users/dev/.zshrc:7> GOFLAGS=-x go version
+/Users/dev/.zshrc|/Users/dev/.zshrc:8> local GOOS=linux
+/Users/dev/.zshrc|/Users/dev/.zshrc:9> unset GOBIN
+/Users/dev/.zshrc|/Users/dev/.zshrc:10> GOARCH=arm64 
printed by a startup file
";
    let got = set_at(zsh, ShellKind::Zsh);
    let at = |v: &str| got.get(v).map(|(f, l)| format!("{f}:{l}"));
    assert_eq!(at("GOROOT").as_deref(), Some("/Users/dev/.zshrc:1"));
    assert_eq!(at("GOPRIVATE").as_deref(), Some("/Users/dev/.zshrc:3"));
    assert_eq!(at("GOPATH").as_deref(), Some("/Users/dev/.zsh/go.zsh:2"));
    assert_eq!(at("GOBIN"), None);
    assert_eq!(at("GOFLAGS"), None);
    assert_eq!(at("GOOS"), None);
    assert_eq!(at("GOARCH").as_deref(), Some("/Users/dev/.zshrc:10"));

    let bash = "\
+/etc/profile:2> set -x
++/Users/dev/.bash_profile:1> . /Users/dev/.bashrc
+++/Users/dev/.bashrc:1> /opt/homebrew/bin/brew shellenv
++/Users/dev/.bashrc:1> eval 'export GOROOT=x
export GOSUMDB=off'
+++/Users/dev/.bashrc:1> export GOROOT=x
+++/Users/dev/.bashrc:2> export GOSUMDB=off
++/Users/dev/.bashrc:5> declare -x GOPATH=/Users/dev/go
++/Users/dev/.bashrc:6> source /dev/fd/63
+++/dev/fd/63:1> export GOPRIVATE=a
";
    let got = set_at(bash, ShellKind::Bash);
    let at = |v: &str| got.get(v).map(|(f, l)| format!("{f}:{l}"));
    assert_eq!(at("GOROOT").as_deref(), Some("/Users/dev/.bashrc:1"));
    assert_eq!(at("GOSUMDB").as_deref(), Some("/Users/dev/.bashrc:1"));
    assert_eq!(at("GOPATH").as_deref(), Some("/Users/dev/.bashrc:5"));
    assert_eq!(at("GOPRIVATE").as_deref(), Some("/Users/dev/.bashrc:6"));
}

/// PATH entries are attributed to the assignment that added them, as zsh traces it.
#[test]
fn the_trace_attributes_path_entries_to_the_line_that_added_them() {
    let zsh = "\
+/Users/dev/.zshenv|/Users/dev/.zshenv:1> path=( /Users/dev/go/bin /usr/bin /bin /usr/sbin /sbin ) 
+/etc/zsh/zprofile|/etc/zsh/zprofile:8> /usr/libexec/path_helper -s
+/etc/zsh/zprofile|/etc/zsh/zprofile:8> eval 'PATH=\"/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin:/Users/dev/go/bin\"; export PATH;'
+(eval)|/etc/zsh/zprofile:8> PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin:/Users/dev/go/bin 
+/Users/dev/.zshrc|/Users/dev/.zshrc:2> path+=/opt/x 
+/Users/dev/.zshrc|/Users/dev/.zshrc:3> path+=( /opt/y ) 
+/Users/dev/.zshrc|/Users/dev/.zshrc:4> export PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin:/Users/dev/go/bin:/opt/x:/opt/y
+/Users/dev/.zshrc|/Users/dev/.zshrc:5> PATH+=:/opt/z 
+/Users/dev/.zshrc|/Users/dev/.zshrc:6> path=( /usr/local/go/bin /usr/local/bin /usr/bin /bin /usr/sbin /sbin /Users/dev/go/bin /opt/y /opt/z ) 
";
    let got = path_set_at(zsh, ShellKind::Zsh, "/usr/bin:/bin:/usr/sbin:/sbin");
    let at = |v: &str| got.get(v).map(|(f, l)| format!("{f}:{l}"));
    assert_eq!(
        at("/Users/dev/go/bin").as_deref(),
        Some("/Users/dev/.zshenv:1")
    );
    assert_eq!(at("/usr/local/bin").as_deref(), Some("/etc/zsh/zprofile:8"));
    assert_eq!(at("/opt/x").as_deref(), None, "removed again");
    assert_eq!(at("/opt/y").as_deref(), Some("/Users/dev/.zshrc:3"));
    assert_eq!(
        at("/usr/local/go/bin").as_deref(),
        Some("/Users/dev/.zshrc:4")
    );
    assert_eq!(at("/opt/z").as_deref(), Some("/Users/dev/.zshrc:5"));
    assert_eq!(at("/usr/bin"), None);
}

/// What became of one fix the corpus offered.
struct FixOutcome {
    set: String,
    fix: String,
    /// Empty when the fix did what it said: applied, its finding gone, nothing new, and
    /// the real shell on the fixed tree agreeing with NativeGo.
    problems: Vec<String>,
    /// It changed files, and the real shell ran on the fixed tree.
    checked_by_shell: bool,
}

/// Apply one fix to a copy of the assembled scenario and check the result with NativeGo
/// and with the real shell.
fn try_fix(
    set: &str,
    scenario: &Path,
    finding: &nativego_doctor::finding::Finding,
    fix: &nativego_doctor::fix::Fix,
    before: &[nativego_doctor::finding::Finding],
) -> FixOutcome {
    use nativego_doctor::fix::apply::{self, SyntaxCheck};
    use nativego_doctor::host::real::RealSyntaxCheck;
    use nativego_doctor::host::HostMut;

    let mut out = FixOutcome {
        set: set.to_string(),
        fix: fix.id.clone(),
        problems: Vec::new(),
        checked_by_shell: false,
    };
    let tmp = tempfile::tempdir().unwrap();
    let fixed = tmp.path().join("scenario");
    common::copy_tree(scenario, &fixed);
    let host = ScenarioHost::load(&fixed).unwrap();
    host.create_dir_all(&host.data_dir().unwrap(), 0o700)
        .unwrap();
    let plan = match nativego_doctor::fix::plan::plan(&host, fix) {
        Ok(p) => p,
        Err(e) => {
            out.problems.push(format!("refused when planned: {e}"));
            return out;
        }
    };
    if let Err(e) = apply::apply(&host, &plan, &RealSyntaxCheck as &dyn SyntaxCheck, false) {
        out.problems.push(format!("refused when applied: {e}"));
        return out;
    }
    if plan.changes.is_empty() {
        // Actions only (installing software, rebuilding tools): nothing a tree can show.
        return out;
    }
    let after = common::diagnose_static(&host);
    if after.findings.iter().any(|f| f.key == finding.key) {
        out.problems
            .push(format!("`{}` is still reported", finding.title));
    }
    for f in &after.findings {
        if !before.iter().any(|b| b.key == f.key) {
            out.problems
                .push(format!("new finding {}: {}", f.check, f.title));
        }
    }
    let o = compare(set, &fixed, tmp.path());
    out.checked_by_shell = true;
    if let Some(b) = &o.broken {
        out.problems.push(format!("the real shell failed: {b}"));
    }
    if o.wrong > 0 || o.false_syntax > 0 {
        out.problems.push(format!(
            "the real shell disagrees on the fixed tree: {}",
            o.details.join("; ")
        ));
    }
    out
}

/// Every fix NativeGo offers on the corpus, applied one at a time to a fresh copy of the
/// set and then checked: it applies (nothing refuses), its finding is gone, no new finding
/// appears, and the real shell on the fixed tree agrees with NativeGo's evaluation of it —
/// so the change has, in the real shell, the effect NativeGo says it has.
#[test]
fn every_offered_fix_works_in_the_real_shell() {
    if !available() {
        return;
    }
    let sets = selected_sets();
    let start = Instant::now();
    let offered = AtomicUsize::new(0);
    let withheld: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut results = on_each_set(&sets, |name, dir| {
        let tmp = tempfile::tempdir().unwrap();
        let scenario = tmp.path().join("scenario");
        assemble(dir, &scenario);
        let host = ScenarioHost::load(&scenario).unwrap();
        let report = common::diagnose_static(&host);
        let mut out = Vec::new();
        for finding in &report.findings {
            for fix in &finding.fixes {
                if let Some(why) = &fix.caution {
                    withheld
                        .lock()
                        .unwrap()
                        .push(format!("{name}: {} ({}): {why}", fix.id, fix.applicability));
                }
                if fix.applicability == nativego_doctor::fix::Applicability::Manual {
                    continue;
                }
                offered.fetch_add(1, Ordering::SeqCst);
                out.push(try_fix(name, &scenario, finding, fix, &report.findings));
            }
        }
        out
    });
    results.sort_by(|a, b| (&a.set, &a.fix).cmp(&(&b.set, &b.fix)));
    let failed: Vec<String> = results
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("{}: {}: {}", o.set, o.fix, o.problems.join("; ")))
        .collect();
    let mut table = String::new();
    for o in &results {
        writeln!(
            table,
            "{:<34} {:<44} {}",
            o.set,
            o.fix,
            if o.problems.is_empty() {
                "ok"
            } else {
                "FAILED"
            }
        )
        .unwrap();
    }
    let mut withheld = withheld.into_inner().unwrap();
    withheld.sort();
    writeln!(
        table,
        "\nvetting made {} fixes unsafe or manual, with the reason:",
        withheld.len()
    )
    .unwrap();
    for w in &withheld {
        writeln!(table, "  {w}").unwrap();
    }
    writeln!(
        table,
        "{} fixes offered on {} sets ({} change files and were checked with the real shell on \
         the fixed tree, the others run a program), checked in {:.1} s: {} did what they said, {} did not",
        offered.load(Ordering::SeqCst),
        sets.len(),
        results.iter().filter(|o| o.checked_by_shell).count(),
        start.elapsed().as_secs_f64(),
        results.len() - failed.len(),
        failed.len()
    )
    .unwrap();
    eprintln!("{table}");
    assert!(failed.is_empty(), "{failed:#?}\n{table}");
}
