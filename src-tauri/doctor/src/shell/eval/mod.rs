//! The evaluator: runs the command tree against the simulated state.
//!
//! Statuses are three-valued. When a condition cannot be decided, each alternative is
//! run from the same state and the outcomes merged ([`super::state::merge`]): what they
//! agree on stays known, the rest becomes unknown and is recorded.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::facts::{FileState, Origin, Os, PathEntry, ShellKind, StartupFile, Unknown};
use crate::host::{self, FileKind, Host};

use super::lexer::lex;
use super::parse::{parse, parse_recovering, Node};
use super::state::{merge, Env, Func, Var, MAX_PATH_ENTRIES};
use super::EvalOptions;
use expand::{command_words, field_str, Ctx, Field, Piece};

mod builtins;
mod conditions;
mod exec;
mod expand;
mod glob;
mod path_helper;
mod subst;

pub use crate::shell::state::GlobOptions;
pub use glob::glob_match;
use glob::Globbed;

/// The Go variables a file NativeGo cannot read might set.
pub const GO_VARS: &[&str] = &[
    "GOROOT",
    "GOPATH",
    "GOBIN",
    "GOARCH",
    "GOOS",
    "GO111MODULE",
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GOFLAGS",
    "GOTOOLCHAIN",
];

/// Deepest nesting of `source` (and of function calls on top of it).
pub const MAX_SOURCE_DEPTH: usize = 16;
const MAX_CALL_DEPTH: usize = 32;
/// Total lines read across all files.
pub const MAX_LINES: usize = 200_000;
/// Total commands executed.
const MAX_STEPS: usize = 1_000_000;
pub const MAX_UNKNOWNS: usize = 200;
const MAX_LOOP_ITERATIONS: usize = 256;
const TEXT_LEN: usize = 120;

/// A three-valued exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum St {
    T,
    F,
    U,
}

impl St {
    fn not(self) -> St {
        match self {
            St::T => St::F,
            St::F => St::T,
            St::U => St::U,
        }
    }
    fn from(b: bool) -> St {
        if b {
            St::T
        } else {
            St::F
        }
    }
}

/// Non-local control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Return,
    Break,
    Continue,
    Exit,
    /// An error that makes the shell stop reading the current file (zsh's "no matches
    /// found"): it ends functions too, up to the file.
    Abort,
    /// The work budget is spent: stop everything.
    Budget,
}

type R = Result<St, Flow>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    File,
    Function,
    Eval,
}

struct Frame {
    kind: FrameKind,
    file: PathBuf,
    lines: Rc<Vec<String>>,
    /// Attribute every line to this one (an `eval`'d string).
    line_override: Option<u32>,
    args: Vec<String>,
    /// Outcomes in which this file/function returned early, merged at its end.
    pending: Vec<Env>,
    /// `local` variables to restore when a function returns.
    locals: Vec<(String, Option<Var>)>,
    /// zsh's `$0` here: a sourced file's path as given to `source`, a function's name;
    /// `None` in a startup file (there `$0` is the shell's name).
    zero: Option<String>,
}

/// Side results: files read, unknowns, budgets.
#[derive(Default)]
pub struct Report {
    pub files: Vec<StartupFile>,
    pub unknowns: Vec<Unknown>,
    pub lines: usize,
    pub steps: usize,
    pub budget_hit: bool,
}

/// The evaluator.
pub struct Evaluator<'h> {
    pub host: &'h dyn Host,
    pub opts: &'h EvalOptions,
    pub env: Env,
    pub report: Report,
    frames: Vec<Frame>,
    /// Files being sourced, innermost last (cycle detection).
    sourcing: Vec<PathBuf>,
    line: u32,
    /// An assignment met zsh's NOMATCH error: the current command aborts the file.
    pending_abort: bool,
    /// `uname -m` in a new terminal, asked of the host once, when first needed.
    terminal_arch: std::cell::OnceCell<Option<String>>,
}

/// Shorten to about [`TEXT_LEN`] characters.
pub fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= TEXT_LEN {
        return s.to_string();
    }
    let mut t: String = s.chars().take(TEXT_LEN - 1).collect();
    t.push('…');
    t
}

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Split `NAME=value` / `NAME+=value`: (name, append, value).
pub fn split_assignment(raw: &str) -> Option<(&str, bool, &str)> {
    let eq = raw.find('=')?;
    let (name, append) = match raw[..eq].strip_suffix('+') {
        Some(n) => (n, true),
        None => (&raw[..eq], false),
    };
    if is_name(name) {
        Some((name, append, &raw[eq + 1..]))
    } else {
        None
    }
}

/// `NAME[subscript]=value`: the name.
fn subscript_assignment(raw: &str) -> Option<&str> {
    let open = raw.find('[')?;
    let name = &raw[..open];
    if !is_name(name) {
        return None;
    }
    let close = raw[open..].find("]=").or_else(|| raw[open..].find("]+="))?;
    let _ = close;
    Some(name)
}

/// Commands whose init output (`eval "$(x init -)"`) or function may change PATH.
const VERSION_MANAGERS: &[&str] = &[
    "pyenv",
    "rbenv",
    "nodenv",
    "goenv",
    "mise",
    "rtx",
    "asdf",
    "conda",
    "mamba",
    "micromamba",
    "nvm",
    "gvm",
    "jenv",
    "sdk",
    "fnm",
    "volta",
    "chruby",
    "rvm",
    "direnv",
    "nix",
];

/// Commands whose eval'd output is known not to touch PATH or Go variables.
const HARMLESS_EVALS: &[&str] = &[
    "ssh-agent",
    "dircolors",
    "gdircolors",
    "lesspipe",
    "lesspipe.sh",
    "starship",
    "zoxide",
    "thefuck",
    "atuin",
    "oh-my-posh",
    "fzf",
    "register-python-argcomplete",
    "gh",
    "kubectl",
    "helm",
    "keychain",
    "gpg-agent",
];

/// Builtins that only affect the interactive session (ignored).
const IGNORED: &[&str] = &[
    "alias",
    "unalias",
    "setopt",
    "unsetopt",
    "autoload",
    "bindkey",
    "zstyle",
    "compinit",
    "compdef",
    "zmodload",
    "shopt",
    "ulimit",
    "umask",
    "echo",
    "print",
    "printf",
    "cd",
    "pushd",
    "popd",
    "set",
    "emulate",
    "complete",
    "bind",
    "trap",
    "wait",
    "sleep",
    "zle",
    "fc",
    "history",
    "disown",
    "read",
    "let",
    "enable",
    "disable",
    "limit",
    "ttyctl",
    "stty",
    "chpwd",
    "add-zsh-hook",
    "rehash",
    "unhash",
    "zcompile",
    "precmd",
    "preexec",
];

const BUILTINS: &[&str] = &[
    "alias", "autoload", "bg", "bindkey", "break", "builtin", "cd", "command", "continue",
    "declare", "echo", "emulate", "eval", "exec", "exit", "export", "false", "fg", "getopts",
    "hash", "jobs", "kill", "let", "local", "print", "printf", "pushd", "pwd", "read", "readonly",
    "return", "set", "setopt", "shift", "source", "test", "true", "type", "typeset", "ulimit",
    "umask", "unalias", "unset", "unsetopt", "wait", "whence", "which", "zstyle", ".", ":", "[",
];

impl<'h> Evaluator<'h> {
    pub fn new(host: &'h dyn Host, opts: &'h EvalOptions) -> Evaluator<'h> {
        Evaluator {
            host,
            opts,
            env: Env {
                glob: GlobOptions::for_shell(opts.shell),
                ..Env::new()
            },
            report: Report::default(),
            frames: Vec::new(),
            sourcing: Vec::new(),
            line: 0,
            pending_abort: false,
            terminal_arch: std::cell::OnceCell::new(),
        }
    }

    // ----- bookkeeping -------------------------------------------------------------

    pub fn args(&self) -> &[String] {
        self.frames.last().map(|f| f.args.as_slice()).unwrap_or(&[])
    }

    fn frame(&self) -> Option<&Frame> {
        self.frames.last()
    }

    /// The file and line being executed.
    fn here(&self) -> (PathBuf, u32) {
        match self.frame() {
            Some(f) => (f.file.clone(), f.line_override.unwrap_or(self.line)),
            None => (PathBuf::new(), self.line),
        }
    }

    /// `uname -m` (and zsh's `$CPUTYPE`) in a new terminal: the hardware's architecture,
    /// unless some terminal app is set to open under Rosetta (then which one the user
    /// opens cannot be known).
    pub fn terminal_arch(&self) -> Option<String> {
        self.terminal_arch
            .get_or_init(|| {
                let m = self.host.machine();
                let rosetta_terminal = m
                    .arch_preferences
                    .known()
                    .is_some_and(|prefs| prefs.iter().any(|p| p.arch == "x86_64"));
                match (self.opts.os, m.hw_arch) {
                    (_, crate::binary::Arch::Unknown) => None,
                    (Os::Macos, _) if rosetta_terminal => None,
                    (Os::Macos, a) => Some(a.name().to_string()),
                    (Os::Linux, crate::binary::Arch::Arm64) => Some("aarch64".to_string()),
                    (Os::Linux, a) => Some(a.name().to_string()),
                    (Os::Other, _) => None,
                }
            })
            .clone()
    }

    /// zsh's `$0` (FUNCTION_ARGZERO): `None` when it cannot be known here.
    pub fn argzero(&self) -> Option<String> {
        match self.frames.iter().rev().find(|f| f.kind != FrameKind::Eval) {
            Some(f) => match &f.zero {
                Some(z) => Some(z.clone()),
                None if f.kind == FrameKind::File => Some(self.shell_name().to_string()),
                None => None,
            },
            None => Some(self.shell_name().to_string()),
        }
    }

    /// `${(%):-%N}`: the file being read, or the function being run.
    pub fn current_file_name(&self) -> Option<String> {
        match self.frames.iter().rev().find(|f| f.kind != FrameKind::Eval) {
            Some(f) if f.kind == FrameKind::File => Some(
                f.zero
                    .clone()
                    .unwrap_or_else(|| f.file.display().to_string()),
            ),
            Some(f) => f.zero.clone(),
            None => None,
        }
    }

    pub fn origin_here(&self) -> Origin {
        let (path, line) = self.here();
        Origin::StartupFile { path, line }
    }

    fn line_text(&self) -> String {
        let (_, line) = self.here();
        self.frame()
            .and_then(|f| f.lines.get(line.saturating_sub(1) as usize))
            .cloned()
            .unwrap_or_default()
    }

    /// Record something not understood at the current line.
    pub fn unknown(&mut self, reason: &str, affects: &[&str]) {
        let (path, line) = self.here();
        let text = shorten(&self.line_text());
        self.push_unknown(Unknown {
            path,
            line,
            text,
            reason: reason.to_string(),
            affects: affects.iter().map(|s| s.to_string()).collect(),
        });
    }

    pub fn push_unknown(&mut self, u: Unknown) {
        if self.report.unknowns.len() >= MAX_UNKNOWNS {
            return;
        }
        if let Some(old) = self
            .report
            .unknowns
            .iter_mut()
            .find(|o| o.path == u.path && o.line == u.line && o.reason == u.reason)
        {
            for a in u.affects {
                if !old.affects.contains(&a) {
                    old.affects.push(a);
                }
            }
            return;
        }
        self.report.unknowns.push(u);
    }

    fn step(&mut self) -> Result<(), Flow> {
        // Commands cost more when PATH is long (every expansion of it copies it).
        self.report.steps += 1 + self.env.path.as_ref().map(|p| p.len() / 2).unwrap_or(0);
        if self.report.steps > MAX_STEPS {
            if !self.report.budget_hit {
                self.report.budget_hit = true;
                self.unknown("evaluation stopped: work budget exhausted", &["PATH"]);
                self.env.path_incomplete = true;
            }
            return Err(Flow::Budget);
        }
        Ok(())
    }

    fn record_file(&mut self, path: &Path, state: FileState) {
        if let Some(f) = self.report.files.iter_mut().find(|f| f.path == path) {
            // A file read again keeps its first state unless that was worse.
            if f.state == FileState::Missing && state != FileState::Missing {
                f.state = state;
            }
            return;
        }
        self.report.files.push(StartupFile {
            path: path.to_path_buf(),
            state,
        });
    }

    // ----- variables ---------------------------------------------------------------

    /// Assign a scalar (PATH included). `export` forces the export flag.
    pub fn assign_scalar(&mut self, name: &str, value: Field, origin: Origin, export: bool) {
        if name == "PATH" {
            let (entries, incomplete) = path_entries_from_scalar(&value, &origin);
            self.set_path(entries, incomplete, origin, false);
            return;
        }
        if name == "path" && self.opts.shell == ShellKind::Zsh {
            self.assign_path_array(vec![value], origin);
            return;
        }
        let val = field_str(&value);
        let exported = export || self.env.is_exported(name) || self.env.exported_unset.remove(name);
        self.env.vars.insert(
            name.to_string(),
            Var {
                val,
                exported,
                origin,
            },
        );
    }

    /// zsh `path=(…)`: each field one entry.
    fn assign_path_array(&mut self, elems: Vec<Field>, origin: Origin) {
        let mut entries = Vec::new();
        let mut incomplete = false;
        for e in elems {
            match e.as_slice() {
                [Piece::Entry(d, o)] => entries.push(PathEntry {
                    dir: d.clone(),
                    origin: o.clone(),
                }),
                _ => match field_str(&e) {
                    Some(d) => {
                        // With `typeset -U path` an entry already on PATH stays one entry:
                        // it keeps the line that first put it there (as the shell's trace
                        // shows: it never left PATH).
                        let kept = self
                            .env
                            .path
                            .as_ref()
                            .filter(|_| self.env.path_unique)
                            .and_then(|p| p.iter().find(|x| x.dir == d))
                            .map(|x| x.origin.clone());
                        entries.push(PathEntry {
                            dir: d,
                            origin: kept.unwrap_or_else(|| origin.clone()),
                        })
                    }
                    None => incomplete = true,
                },
            }
        }
        self.set_path(entries, incomplete, origin, true);
    }

    /// Set PATH's entries (`array`: by a zsh `path` array assignment). More entries than
    /// the evaluator tracks are cut at the bound; the line that did it is recorded, so
    /// the report says why PATH is incomplete instead of silently missing its tail.
    pub fn set_path(
        &mut self,
        entries: Vec<PathEntry>,
        incomplete: bool,
        origin: Origin,
        array: bool,
    ) {
        if entries.len() > MAX_PATH_ENTRIES {
            self.unknown(
                &format!(
                    "PATH has more than {MAX_PATH_ENTRIES} entries: only the first {MAX_PATH_ENTRIES} were kept"
                ),
                &["PATH"],
            );
        }
        if array {
            self.env.set_path_array(entries, incomplete, origin);
        } else {
            self.env.set_path(entries, incomplete, origin);
        }
    }

    fn unset(&mut self, name: &str) {
        if name == "PATH" || (name == "path" && self.opts.shell == ShellKind::Zsh) {
            self.env.path = None;
            self.env.path_incomplete = false;
            self.env.path_origin = self.origin_here();
        } else {
            self.env.vars.remove(name);
            self.env.arrays.remove(name);
            self.env.exported_unset.remove(name);
        }
    }

    /// The elements of an array assignment's words: globs expanded against the host,
    /// `None` if any element cannot be known. zsh's NOMATCH gives `Err`.
    fn array_elements(&mut self, inner: &str) -> Result<Option<Vec<String>>, Flow> {
        let mut out = Some(Vec::new());
        for w in super::lexer::split_words(inner) {
            match self.glob(&w) {
                Some(Globbed::Words(g)) => {
                    if let Some(o) = out.as_mut() {
                        o.extend(g);
                    }
                }
                Some(Globbed::Unknown) => out = None,
                Some(Globbed::NoMatch) => return Err(Flow::Abort),
                None => {
                    for f in self.expand(&w, Ctx::Array) {
                        match (field_str(&f), out.as_mut()) {
                            (Some(s), Some(o)) => o.push(s),
                            _ => out = None,
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Process one assignment word (`NAME=v`, `NAME+=v`, `NAME=(…)`, `NAME+=(…)`).
    fn assignment(&mut self, raw: &str, export: bool) -> bool {
        let Some((name, append, value)) = split_assignment(raw) else {
            return false;
        };
        let origin = self.origin_here();
        let zsh = self.opts.shell == ShellKind::Zsh;
        if value.starts_with('(') && value.ends_with(')') && value.len() >= 2 {
            let inner = &value[1..value.len() - 1];
            if zsh && (name == "path" || name == "PATH") {
                let mut elems: Vec<Field> = Vec::new();
                if append {
                    if let Some(p) = &self.env.path {
                        elems.extend(
                            p.iter()
                                .map(|e| vec![Piece::Entry(e.dir.clone(), e.origin.clone())]),
                        );
                    }
                    if self.env.path_incomplete {
                        elems.push(vec![Piece::Unknown]);
                    }
                }
                for w in super::lexer::split_words(inner) {
                    elems.extend(self.expand(&w, Ctx::Array));
                }
                if name == "PATH" {
                    // `PATH=(a b)` makes PATH the first element joined… rare: keep it simple.
                    self.unknown("array assigned to PATH", &["PATH"]);
                    self.env.path_incomplete = true;
                    return true;
                }
                self.assign_path_array(elems, origin);
                return true;
            }
            // Other arrays: kept for loops over them (`for f in "${files[@]}"`).
            let elems = match self.array_elements(inner) {
                Ok(e) => e,
                Err(_) => {
                    self.pending_abort = true;
                    return true;
                }
            };
            let elems = match (append, self.env.arrays.get(name)) {
                (false, _) => elems,
                (true, Some(Some(cur))) => elems.map(|e| cur.iter().cloned().chain(e).collect()),
                (true, Some(None)) => None,
                (true, None) => match self.env.vars.get(name).map(|v| v.val.clone()) {
                    None => elems,
                    Some(Some(s)) => elems.map(|e| std::iter::once(s).chain(e).collect()),
                    Some(None) => None,
                },
            };
            self.env.vars.remove(name);
            self.env.arrays.insert(name.to_string(), elems);
            return true;
        }
        self.env.arrays.remove(name);
        let mut f = self.expand(value, Ctx::Assign).pop().unwrap_or_default();
        if append {
            if name == "path" && zsh {
                let mut elems: Vec<Field> = Vec::new();
                if let Some(p) = &self.env.path {
                    elems.extend(
                        p.iter()
                            .map(|e| vec![Piece::Entry(e.dir.clone(), e.origin.clone())]),
                    );
                }
                if self.env.path_incomplete {
                    elems.push(vec![Piece::Unknown]);
                }
                elems.push(f);
                self.assign_path_array(elems, origin);
                return true;
            }
            let mut cur = self
                .expand(&format!("${{{name}}}"), Ctx::Assign)
                .pop()
                .unwrap_or_default();
            cur.append(&mut f);
            f = cur;
        }
        self.assign_scalar(name, f, origin, export);
        true
    }

    // ----- files -------------------------------------------------------------------

    /// Read a startup file; records its state. `None` if it cannot be evaluated.
    pub fn read_file(&mut self, path: &Path) -> Option<String> {
        let bytes = match self.host.read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.record_file(path, FileState::Missing);
                return None;
            }
            Err(e) => {
                self.record_file(path, FileState::Unreadable(e.to_string()));
                return None;
            }
        };
        if bytes.contains(&0) {
            self.record_file(path, FileState::Binary);
            return None;
        }
        let truncated = bytes.len() as u64 >= crate::host::MAX_TEXT_FILE;
        self.record_file(
            path,
            if truncated {
                FileState::Truncated
            } else {
                FileState::Read
            },
        );
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Evaluate a file's text as the current shell would (`source`).
    pub fn run_file(
        &mut self,
        path: &Path,
        text: &str,
        args: Vec<String>,
        zero: Option<String>,
    ) -> Result<(), Flow> {
        let mut text = text;
        let n_lines = text.lines().count();
        let remaining = MAX_LINES.saturating_sub(self.report.lines);
        let mut cut = false;
        if n_lines > remaining {
            // Keep only what the budget allows.
            let mut end = 0;
            for (k, l) in text.split_inclusive('\n').enumerate() {
                if k >= remaining {
                    break;
                }
                end += l.len();
            }
            text = &text[..end];
            cut = true;
        }
        self.report.lines += n_lines.min(remaining);
        let lines: Rc<Vec<String>> = Rc::new(text.lines().map(str::to_string).collect());
        let lexed = lex(text);
        let mut parsed = parse(&lexed.tokens);
        // Whether the shell itself stops at the first error (a real syntax error): asked of
        // the real shell where it can run; in a scenario, certain only for the lexer's
        // errors (an unterminated quote), not for constructs NativeGo's parser lacks.
        let mut shell_stops = true;
        if lexed.error.is_some() || parsed.error.is_some() {
            let accepts = self.shell_accepts(path);
            if accepts == Some(true)
                || (accepts.is_none() && lexed.error.is_none() && !parsed.error_at_eof)
            {
                shell_stops = false;
                parsed = parse_recovering(&lexed.tokens, parsed);
            }
        }
        self.frames.push(Frame {
            kind: FrameKind::File,
            file: path.to_path_buf(),
            lines,
            line_override: None,
            args,
            pending: Vec::new(),
            locals: Vec::new(),
            zero,
        });
        for (line, msg) in &lexed.warnings {
            self.line = *line;
            self.unknown(msg, &[]);
        }
        let result = self.exec_list(&parsed.nodes);
        let result = self.finish_frame(result);
        if result.is_ok() {
            let err = if shell_stops {
                match (&lexed.error, &parsed.error) {
                    (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.clone() } else { b.clone() }),
                    (a, b) => a.clone().or(b.clone()),
                }
            } else {
                // Parser errors became `Unparsed` nodes; only the lexer's cut is left.
                lexed.error.clone()
            };
            if let Some((line, msg)) = err {
                self.line = line;
                self.frames.push(Frame {
                    kind: FrameKind::File,
                    file: path.to_path_buf(),
                    lines: Rc::new(text.lines().map(str::to_string).collect()),
                    line_override: None,
                    args: Vec::new(),
                    pending: Vec::new(),
                    locals: Vec::new(),
                    zero: None,
                });
                let affected = assigned_names_in(text, line);
                let refs: Vec<&str> = affected.iter().map(String::as_str).collect();
                let reason = if shell_stops {
                    format!("syntax error: {msg}; the rest of the file was not evaluated")
                } else {
                    format!("NativeGo could not read this ({msg}), though the shell accepts the file; the rest of the file was not evaluated")
                };
                self.unknown(&reason, &refs);
                // Exported or not cannot be told either: say unknown.
                self.mark_unknown(&affected, true);
                self.frames.pop();
            }
        }
        if cut {
            self.line = remaining as u32;
            self.frames.push(Frame {
                kind: FrameKind::File,
                file: path.to_path_buf(),
                lines: Rc::new(Vec::new()),
                line_override: None,
                args: Vec::new(),
                pending: Vec::new(),
                locals: Vec::new(),
                zero: None,
            });
            self.unknown(
                &format!(
                    "too many lines: startup files are evaluated up to {MAX_LINES} lines in all, so the rest of this file was not evaluated"
                ),
                &["PATH"],
            );
            self.env.path_incomplete = true;
            self.frames.pop();
        }
        match result {
            Err(Flow::Budget) => Err(Flow::Budget),
            _ => Ok(()),
        }
    }

    /// Pop the current frame; merge outcomes that returned early; restore locals.
    fn finish_frame(&mut self, result: R) -> R {
        let Some(frame) = self.frames.pop() else {
            return result;
        };
        for (name, old) in frame.locals.into_iter().rev() {
            match old {
                Some(v) => {
                    self.env.vars.insert(name, v);
                }
                None => {
                    self.env.vars.remove(&name);
                }
            }
        }
        if !frame.pending.is_empty() {
            let mut outs = vec![self.env.clone()];
            outs.extend(frame.pending);
            let origin = Origin::StartupFile {
                path: frame.file.clone(),
                line: self.line,
            };
            let (env, _) = merge(outs, &origin);
            self.env = env;
        }
        match result {
            Err(Flow::Return) => Ok(St::U),
            Err(Flow::Abort) if frame.kind == FrameKind::File => Ok(St::F),
            other => other,
        }
    }

    fn mark_unknown(&mut self, names: &[String], exported: bool) {
        let origin = self.origin_here();
        for n in names {
            if n == "PATH" {
                self.env.path_incomplete = true;
            } else {
                let exported = exported || self.env.is_exported(n);
                self.env.vars.insert(
                    n.clone(),
                    Var {
                        val: None,
                        exported,
                        origin: origin.clone(),
                    },
                );
            }
        }
    }
}

enum Alt<'a> {
    Nothing,
    Node(&'a Node),
    Nodes(&'a [Node]),
    Loop(&'a [Node]),
    If(&'a [(Vec<Node>, Vec<Node>)], Option<&'a [Node]>),
}

/// `"$(cmd …)"`, `$(cmd …)` or `` `cmd …` `` as a whole word: the command text.
fn subst_inner(raw: &str) -> Option<String> {
    let t = raw
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(raw);
    if let Some(x) = t.strip_prefix("$(").and_then(|x| x.strip_suffix(')')) {
        if !x.starts_with('(') {
            return Some(x.to_string());
        }
    }
    t.strip_prefix('`')
        .and_then(|x| x.strip_suffix('`'))
        .map(str::to_string)
}

/// PATH entries from a scalar value: entries carried over intact keep their origin.
pub fn path_entries_from_scalar(value: &[Piece], origin: &Origin) -> (Vec<PathEntry>, bool) {
    #[derive(Clone)]
    enum Src {
        Empty,
        Kept(Origin),
        New,
        Unknown,
    }
    let mut out = Vec::new();
    let mut incomplete = false;
    if field_str(value).map(|s| s.is_empty()).unwrap_or(false) {
        return (out, false);
    }
    let mut cur = String::new();
    let mut src = Src::Empty;
    let flush = |cur: &mut String, src: &mut Src, out: &mut Vec<PathEntry>, inc: &mut bool| {
        match std::mem::replace(src, Src::Empty) {
            Src::Unknown => *inc = true,
            Src::Kept(o) => out.push(PathEntry {
                dir: std::mem::take(cur),
                origin: o,
            }),
            Src::Empty | Src::New => out.push(PathEntry {
                dir: std::mem::take(cur),
                origin: origin.clone(),
            }),
        }
        cur.clear();
    };
    for p in value {
        match p {
            Piece::Lit(s) => {
                for (k, part) in s.split(':').enumerate() {
                    if k > 0 {
                        flush(&mut cur, &mut src, &mut out, &mut incomplete);
                    }
                    if !part.is_empty() {
                        cur.push_str(part);
                        if !matches!(src, Src::Unknown) {
                            src = Src::New;
                        }
                    }
                }
            }
            Piece::Entry(d, o) => {
                src = match src {
                    Src::Empty if cur.is_empty() => Src::Kept(o.clone()),
                    Src::Unknown => Src::Unknown,
                    _ => Src::New,
                };
                cur.push_str(d);
            }
            Piece::Unknown => src = Src::Unknown,
        }
    }
    flush(&mut cur, &mut src, &mut out, &mut incomplete);
    (out, incomplete)
}

/// Names a text assigns from line `from` on (a rough scan, for the unknowns a syntax
/// error leaves behind).
fn assigned_names_in(text: &str, from: u32) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for line in text.lines().skip(from.saturating_sub(1) as usize) {
        for w in line.split([' ', '\t', ';', '&', '|', '(', '{']) {
            if let Some((n, _, _)) = split_assignment(w) {
                names.insert(if n == "path" {
                    "PATH".to_string()
                } else {
                    n.to_string()
                });
            }
            if w == "eval" || w == "source" || w == "." {
                names.insert("PATH".to_string());
            }
        }
    }
    names.into_iter().collect()
}
