//! The evaluator: runs the command tree against the simulated state.
//!
//! Statuses are three-valued. When a condition cannot be decided, each alternative is
//! run from the same state and the outcomes merged ([`super::state::merge`]): what they
//! agree on stays known, the rest becomes unknown and is recorded.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::facts::{FileState, Origin, Os, PathEntry, ShellKind, StartupFile, Unknown};
use crate::host::{self, FileKind, Host};

use super::expand::{command_words, field_str, Ctx, Field, Piece};
use super::lexer::lex;
use super::parse::{parse, Node};
use super::state::{merge, Env, Func, Var, MAX_PATH_ENTRIES};
use super::EvalOptions;

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
            env: Env::new(),
            report: Report::default(),
            frames: Vec::new(),
            sourcing: Vec::new(),
            line: 0,
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
                    Some(d) => entries.push(PathEntry {
                        dir: d,
                        origin: origin.clone(),
                    }),
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
            self.env.exported_unset.remove(name);
        }
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
            }
            // Other arrays (fpath, plugins, …) do not matter.
            return true;
        }
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
    pub fn run_file(&mut self, path: &Path, text: &str, args: Vec<String>) -> Result<(), Flow> {
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
        let parsed = parse(&lexed.tokens);
        self.frames.push(Frame {
            kind: FrameKind::File,
            file: path.to_path_buf(),
            lines,
            line_override: None,
            args,
            pending: Vec::new(),
            locals: Vec::new(),
        });
        for (line, msg) in &lexed.warnings {
            self.line = *line;
            self.unknown(msg, &[]);
        }
        let result = self.exec_list(&parsed.nodes);
        let result = self.finish_frame(result);
        if result.is_ok() {
            let err = match (&lexed.error, &parsed.error) {
                (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.clone() } else { b.clone() }),
                (a, b) => a.clone().or(b.clone()),
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
                });
                let affected = assigned_names_in(text, line);
                let refs: Vec<&str> = affected.iter().map(String::as_str).collect();
                self.unknown(
                    &format!("syntax error: {msg}; the rest of the file was not evaluated"),
                    &refs,
                );
                self.mark_unknown(&affected, false);
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

    // ----- execution ---------------------------------------------------------------

    pub fn exec_list(&mut self, nodes: &[Node]) -> R {
        let mut st = St::T;
        for n in nodes {
            st = self.exec(n)?;
        }
        Ok(st)
    }

    fn exec(&mut self, node: &Node) -> R {
        self.step()?;
        self.line = node.line();
        match node {
            Node::Simple { words, line } => {
                self.line = *line;
                self.exec_simple(words)
            }
            Node::Cond { words, line } => {
                self.line = *line;
                Ok(self.eval_cond(words))
            }
            Node::Pipeline { negate, cmds, .. } => {
                let st = if cmds.len() == 1 {
                    self.exec(&cmds[0])?
                } else {
                    St::U
                };
                Ok(if *negate { st.not() } else { st })
            }
            Node::AndOr { first, rest } => {
                let mut st = self.exec(first)?;
                for (and, n) in rest {
                    let run = match (st, and) {
                        (St::T, true) | (St::F, false) => Some(true),
                        (St::F, true) | (St::T, false) => Some(false),
                        (St::U, _) => None,
                    };
                    match run {
                        Some(true) => st = self.exec(n)?,
                        Some(false) => {}
                        None => {
                            self.line = n.line();
                            self.alternatives(&[Alt::Nothing, Alt::Node(n)])?;
                            st = St::U;
                        }
                    }
                }
                Ok(st)
            }
            Node::If {
                branches,
                otherwise,
                ..
            } => self.exec_if(branches, otherwise.as_deref()),
            Node::For {
                var,
                words,
                body,
                line,
            } => self.exec_for(var, words.as_deref(), body, *line),
            Node::While {
                cond, body, line, ..
            } => {
                self.line = *line;
                let mut all: Vec<Node> = cond.clone();
                all.extend(body.iter().cloned());
                self.alternatives(&[Alt::Nothing, Alt::Loop(&all)])?;
                Ok(St::U)
            }
            Node::Case { word, arms, line } => self.exec_case(word, arms, *line),
            Node::FuncDef { name, body, .. } => {
                let (file, lines, line_override) = match self.frame() {
                    Some(f) => (f.file.clone(), f.lines.clone(), f.line_override),
                    None => (PathBuf::new(), Rc::new(Vec::new()), None),
                };
                if let Some(n) = self.expand_str(name, Ctx::Scalar) {
                    self.env.functions.insert(
                        n,
                        Func {
                            body: Rc::new((**body).clone()),
                            file,
                            lines,
                            line_override,
                        },
                    );
                }
                Ok(St::T)
            }
            Node::Group { body, .. } => self.exec_list(body),
            Node::Subshell { .. } | Node::Arith { .. } => Ok(St::U),
        }
    }

    fn exec_if(&mut self, branches: &[(Vec<Node>, Vec<Node>)], otherwise: Option<&[Node]>) -> R {
        let Some(((cond, body), rest)) = branches.split_first() else {
            return match otherwise {
                Some(o) => self.exec_list(o),
                None => Ok(St::T),
            };
        };
        let st = self.exec_list(cond)?;
        match st {
            St::T => self.exec_list(body),
            St::F => self.exec_if(rest, otherwise),
            St::U => {
                if let Some(n) = cond.last() {
                    self.line = n.line();
                }
                self.alternatives(&[Alt::If(rest, otherwise), Alt::Nodes(body)])?;
                Ok(St::U)
            }
        }
    }

    fn exec_for(&mut self, var: &str, words: Option<&[String]>, body: &[Node], line: u32) -> R {
        self.line = line;
        let items: Option<Vec<String>> = match words {
            None => Some(self.args().to_vec()),
            Some(ws) => {
                let mut items = Some(Vec::new());
                for w in ws {
                    if let Some(g) = self.glob(w) {
                        if let Some(v) = items.as_mut() {
                            v.extend(g);
                        }
                        continue;
                    }
                    for f in self.expand(w, Ctx::Args) {
                        match (field_str(&f), items.as_mut()) {
                            (Some(s), Some(v)) => v.push(s),
                            _ => items = None,
                        }
                    }
                }
                items
            }
        };
        match items {
            Some(items) if items.len() <= MAX_LOOP_ITERATIONS => {
                let mut st = St::T;
                for it in items {
                    self.line = line;
                    let origin = self.origin_here();
                    self.assign_scalar(var, vec![Piece::Lit(it)], origin, false);
                    match self.exec_list(body) {
                        Ok(s) => st = s,
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => continue,
                        Err(e) => return Err(e),
                    }
                }
                Ok(st)
            }
            _ => {
                let origin = self.origin_here();
                self.env.vars.insert(
                    var.to_string(),
                    Var {
                        val: None,
                        exported: self.env.is_exported(var),
                        origin,
                    },
                );
                self.alternatives(&[Alt::Nothing, Alt::Loop(body)])?;
                Ok(St::U)
            }
        }
    }

    /// Expand a `dir/*.ext`-style glob (pattern in the last component only) on the host.
    /// `None` if the word is not such a glob.
    fn glob(&mut self, raw: &str) -> Option<Vec<String>> {
        if raw.contains(['\'', '"', '\\', '`', '[']) || !raw.contains(['*', '?']) {
            return None;
        }
        let (dir_raw, pat) = raw.rsplit_once('/')?;
        if dir_raw.contains(['*', '?']) || pat.contains('(') {
            return None;
        }
        let dir = if dir_raw.is_empty() {
            "/".to_string()
        } else {
            self.expand_str(dir_raw, Ctx::Scalar)?
        };
        let names = self.host.read_dir(Path::new(&dir)).unwrap_or_default();
        let mut out: Vec<String> = names
            .into_iter()
            .filter(|n| (pat.starts_with('.') || !n.starts_with('.')) && glob_match(pat, n))
            .map(|n| format!("{}/{}", dir.trim_end_matches('/'), n))
            .collect();
        out.sort();
        if out.is_empty() && self.opts.shell == ShellKind::Bash {
            out.push(raw.to_string());
        }
        Some(out)
    }

    fn exec_case(&mut self, word: &str, arms: &[(Vec<String>, Vec<Node>)], line: u32) -> R {
        self.line = line;
        let subject = self.expand_str(word, Ctx::Scalar);
        if let Some(s) = subject {
            let mut undecided = false;
            for (k, (pats, body)) in arms.iter().enumerate() {
                let mut matched = false;
                for p in pats {
                    let pat = if p.contains(['"', '\'']) {
                        self.expand_str(p, Ctx::Scalar).map(|x| glob_escape(&x))
                    } else {
                        self.expand_str(p, Ctx::Scalar)
                    };
                    match pat {
                        Some(pat) if glob_match(&pat, &s) => {
                            matched = true;
                            break;
                        }
                        Some(_) => {}
                        None => undecided = true,
                    }
                }
                if undecided {
                    let mut alts = vec![Alt::Nothing];
                    for (_, b) in &arms[k..] {
                        alts.push(Alt::Nodes(b));
                    }
                    self.alternatives(&alts)?;
                    return Ok(St::U);
                }
                if matched {
                    return self.exec_list(body);
                }
            }
            return Ok(St::T);
        }
        let mut alts = vec![Alt::Nothing];
        for (_, b) in arms {
            alts.push(Alt::Nodes(b));
        }
        self.alternatives(&alts)?;
        Ok(St::U)
    }

    /// Run each alternative from the current state and merge the outcomes.
    fn alternatives(&mut self, alts: &[Alt<'_>]) -> Result<(), Flow> {
        let line = self.line;
        let start = self.env.clone();
        let mut outs = Vec::new();
        let mut returned = Vec::new();
        for alt in alts {
            self.env = start.clone();
            let r = match alt {
                Alt::Nothing => Ok(St::T),
                Alt::Node(n) => self.exec(n),
                Alt::Nodes(ns) => self.exec_list(ns),
                Alt::Loop(ns) => match self.exec_list(ns) {
                    Err(Flow::Break) | Err(Flow::Continue) => Ok(St::U),
                    other => other,
                },
                Alt::If(rest, otherwise) => self.exec_if(rest, *otherwise),
            };
            match r {
                Ok(_) | Err(Flow::Break) | Err(Flow::Continue) => outs.push(self.env.clone()),
                Err(Flow::Return) | Err(Flow::Exit) => returned.push(self.env.clone()),
                Err(Flow::Budget) => return Err(Flow::Budget),
            }
        }
        self.line = line;
        if !returned.is_empty() {
            if let Some(f) = self
                .frames
                .iter_mut()
                .rev()
                .find(|f| f.kind != FrameKind::Eval)
            {
                f.pending.extend(returned);
            }
        }
        if outs.is_empty() {
            self.env = start;
            return Err(Flow::Return);
        }
        let origin = self.origin_here();
        let (env, affected) = merge(outs, &origin);
        self.env = env;
        if !affected.is_empty() {
            let refs: Vec<&str> = affected.iter().map(String::as_str).collect();
            self.unknown("the condition could not be decided statically", &refs);
        }
        Ok(())
    }

    // ----- simple commands ---------------------------------------------------------

    fn exec_simple(&mut self, words: &[String]) -> R {
        let mut k = 0;
        while k < words.len()
            && (split_assignment(&words[k]).is_some() || subscript_assignment(&words[k]).is_some())
        {
            k += 1;
        }
        if k == words.len() {
            for w in words {
                if let Some(name) = subscript_assignment(w) {
                    // `key[F1]=…`: an array element; only `path[…]=` matters.
                    if name == "path" || name == "PATH" {
                        self.unknown("assignment to an element of path", &["PATH"]);
                        self.env.path_incomplete = true;
                    }
                    continue;
                }
                self.assignment(w, false);
            }
            return Ok(St::T);
        }
        // Prefix assignments only apply to the command's environment.
        self.exec_command(&words[k..])
    }

    fn exec_command(&mut self, words: &[String]) -> R {
        let Some(first) = words.first() else {
            return Ok(St::T);
        };
        let name = match self.expand(first, Ctx::Args).first() {
            Some(f) => match field_str(f) {
                Some(s) => s,
                None => {
                    self.unknown("command name could not be expanded", &[]);
                    return Ok(St::U);
                }
            },
            None => return Ok(St::T),
        };
        let rest = &words[1..];
        match name.as_str() {
            "export" | "typeset" | "declare" | "local" | "readonly" | "integer" | "float" => {
                self.exec_declare(&name, rest)
            }
            "unset" => {
                let mut funcs = false;
                for w in rest {
                    if w == "-f" {
                        funcs = true;
                        continue;
                    }
                    if w.starts_with('-') {
                        continue;
                    }
                    if let Some(n) = self.expand_str(w, Ctx::Scalar) {
                        if funcs {
                            self.env.functions.remove(&n);
                        } else {
                            self.unset(&n);
                        }
                    }
                }
                Ok(St::T)
            }
            "source" | "." => self.exec_source(&name, rest),
            "eval" => self.exec_eval(rest),
            "builtin" | "command" | "noglob" | "nocorrect" | "exec" | "time" | "nohup" => {
                if name == "command" || name == "builtin" {
                    if let Some(f) = rest.first() {
                        if f.starts_with('-') && (f.contains('v') || f.contains('V')) {
                            return Ok(self.lookup_commands(&rest[1..]));
                        }
                    }
                }
                if name == "exec" && rest.is_empty() {
                    return Ok(St::T);
                }
                if name == "exec" {
                    self.unknown("exec replaces the shell", &[]);
                    return Ok(St::U);
                }
                self.exec_command(rest)
            }
            "[" | "test" => {
                let mut args = Vec::new();
                for w in rest {
                    for f in self.expand(w, Ctx::Args) {
                        args.push(field_str(&f));
                    }
                }
                if name == "[" {
                    if args.last() != Some(&Some("]".to_string())) {
                        return Ok(St::F);
                    }
                    args.pop();
                }
                Ok(self.test_args(&args))
            }
            "true" | ":" => Ok(St::T),
            "false" => Ok(St::F),
            "type" | "which" | "whence" | "hash" | "where" => {
                let names: Vec<String> = rest
                    .iter()
                    .filter(|w| !w.starts_with('-'))
                    .cloned()
                    .collect();
                Ok(self.lookup_commands(&names))
            }
            "return" => Err(Flow::Return),
            "exit" | "logout" => {
                self.unknown("`exit` in a startup file closes the shell", &[]);
                Err(Flow::Exit)
            }
            "break" => Err(Flow::Break),
            "continue" => Err(Flow::Continue),
            "shift" => {
                if let Some(f) = self.frames.last_mut() {
                    if !f.args.is_empty() {
                        f.args.remove(0);
                    }
                }
                Ok(St::T)
            }
            "setopt" | "unsetopt" => {
                let on = name == "setopt";
                for w in rest {
                    let mut o = w.to_ascii_lowercase().replace('_', "");
                    let mut val = on;
                    if let Some(x) = o.strip_prefix("no") {
                        o = x.to_string();
                        val = !val;
                    }
                    match o.as_str() {
                        "globalrcs" => self.env.global_rcs = val,
                        "rcs" => self.env.rcs = val,
                        _ => {}
                    }
                }
                Ok(St::T)
            }
            _ => {
                if let Some(func) = self.env.functions.get(&name).cloned() {
                    return self.call_function(&name, func, rest);
                }
                if name.ends_with("path_helper")
                    || name == "brew" && rest.first().map(|s| s.as_str()) == Some("shellenv")
                {
                    // Printing only, not eval'd: no effect.
                    return Ok(St::T);
                }
                if IGNORED.contains(&name.as_str()) {
                    return Ok(St::T);
                }
                let base = name.rsplit('/').next().unwrap_or_default();
                if VERSION_MANAGERS.contains(&base) && !name.contains('/') {
                    self.unknown(
                        &format!("`{base}` may be a shell function defined outside the evaluated files and change PATH"),
                        &["PATH"],
                    );
                }
                Ok(St::U)
            }
        }
    }

    fn exec_declare(&mut self, name: &str, rest: &[String]) -> R {
        let mut export = name == "export";
        let mut unexport = false;
        let mut unique = false;
        let mut func_mode = false;
        let in_function = self.frames.iter().any(|f| f.kind == FrameKind::Function);
        let local = name == "local" || (in_function && name != "export" && name != "readonly");
        let mut global = false;
        for w in rest {
            if let Some(flags) = w.strip_prefix('-') {
                if flags.is_empty() || flags == "-" {
                    continue;
                }
                export |= flags.contains('x');
                unique |= flags.contains('U');
                func_mode |= flags.contains('f');
                global |= flags.contains('g');
                if name == "export" && flags.contains('n') {
                    unexport = true;
                }
                continue;
            }
            if let Some(flags) = w.strip_prefix('+') {
                if flags.contains('x') {
                    unexport = true;
                }
                continue;
            }
            if func_mode {
                continue;
            }
            if local && !global {
                let n = split_assignment(w)
                    .map(|(n, _, _)| n.to_string())
                    .or_else(|| if is_name(w) { Some(w.clone()) } else { None });
                if let Some(n) = n {
                    let old = self.env.vars.get(&n).cloned();
                    if let Some(f) = self
                        .frames
                        .iter_mut()
                        .rev()
                        .find(|f| f.kind == FrameKind::Function)
                    {
                        if !f.locals.iter().any(|(x, _)| *x == n) {
                            f.locals.push((n, old));
                        }
                    }
                }
            }
            if split_assignment(w).is_some() {
                let n = split_assignment(w)
                    .map(|(n, _, _)| n.to_string())
                    .unwrap_or_default();
                if unique && n == "path" {
                    self.env.path_unique = true;
                }
                if unique && n == "PATH" {
                    self.env.path_unique_scalar = true;
                }
                self.assignment(w, export && !unexport);
                if unexport {
                    if let Some(v) = self.env.vars.get_mut(&n) {
                        v.exported = false;
                    }
                }
                continue;
            }
            let Some(n) = self.expand_str(w, Ctx::Scalar) else {
                self.unknown("variable name could not be expanded", &[]);
                continue;
            };
            if !is_name(&n) {
                continue;
            }
            if unique && (n == "path" || n == "PATH") && self.opts.shell == ShellKind::Zsh {
                if n == "path" {
                    self.env.path_unique = true;
                } else {
                    self.env.path_unique_scalar = true;
                }
                if let Some(mut p) = self.env.path.take() {
                    super::state::dedupe(&mut p);
                    self.env.path = Some(p);
                }
            }
            if n == "PATH" || n == "path" {
                continue;
            }
            if unexport {
                if let Some(v) = self.env.vars.get_mut(&n) {
                    v.exported = false;
                }
            } else if export {
                match self.env.vars.get_mut(&n) {
                    Some(v) => v.exported = true,
                    None => {
                        // `export NAME` of an unset variable: not in the environment until set.
                        self.env.exported_unset.insert(n);
                    }
                }
            } else if local || (name != "export" && !self.env.vars.contains_key(&n)) {
                let origin = self.origin_here();
                self.env.vars.insert(
                    n,
                    Var {
                        val: Some(String::new()),
                        exported: false,
                        origin,
                    },
                );
            }
        }
        Ok(St::T)
    }

    fn call_function(&mut self, _name: &str, func: Func, rest: &[String]) -> R {
        if self.frames.len() >= MAX_CALL_DEPTH {
            self.unknown("function calls nested too deeply", &[]);
            return Ok(St::U);
        }
        let mut args = Vec::new();
        for w in rest {
            for f in self.expand(w, Ctx::Args) {
                args.push(field_str(&f).unwrap_or_default());
            }
        }
        let saved_line = self.line;
        self.frames.push(Frame {
            kind: FrameKind::Function,
            file: func.file.clone(),
            lines: func.lines.clone(),
            line_override: func.line_override,
            args,
            pending: Vec::new(),
            locals: Vec::new(),
        });
        let body: &Node = &func.body;
        let r = self.exec(body);
        let r = self.finish_frame(r);
        self.line = saved_line;
        r
    }

    fn exec_source(&mut self, cmd: &str, rest: &[String]) -> R {
        let Some(first) = rest.first() else {
            return Ok(St::F);
        };
        let Some(target) = self.expand_str(first, Ctx::Scalar) else {
            self.unknown("the sourced file's path could not be expanded", &[]);
            return Ok(St::U);
        };
        let mut args = Vec::new();
        for w in &rest[1..] {
            for f in self.expand(w, Ctx::Args) {
                args.push(field_str(&f).unwrap_or_default());
            }
        }
        let Some(path) = self.resolve_source(cmd, &target) else {
            let p = PathBuf::from(&target);
            self.record_file(&p, FileState::Missing);
            return Ok(St::F);
        };
        if self.sourcing.contains(&path) {
            self.unknown("source cycle: the file is already being sourced", &[]);
            return Ok(St::U);
        }
        if self.sourcing.len() >= MAX_SOURCE_DEPTH || self.frames.len() >= MAX_CALL_DEPTH {
            self.unknown("sourcing nested too deeply", &[]);
            return Ok(St::U);
        }
        let Some(text) = self.read_file(&path) else {
            return Ok(St::F);
        };
        let saved_line = self.line;
        self.sourcing.push(path.clone());
        let r = self.run_file(&path, &text, args);
        self.sourcing.pop();
        self.line = saved_line;
        r?;
        Ok(St::T)
    }

    /// The file `source NAME` reads: absolute, relative to the home (a new terminal's
    /// working directory), or (no slash) searched in PATH.
    fn resolve_source(&mut self, _cmd: &str, target: &str) -> Option<PathBuf> {
        if target.starts_with('/') {
            return Some(PathBuf::from(target));
        }
        let home = self.env.get_known("HOME").unwrap_or_default();
        let rel = PathBuf::from(&home).join(target);
        if target.contains('/') || host::is_file(self.host, &rel) {
            return Some(rel);
        }
        for dir in self.path_dirs() {
            let p = Path::new(&dir).join(target);
            if host::is_file(self.host, &p) {
                return Some(p);
            }
        }
        Some(rel)
    }

    fn path_dirs(&self) -> Vec<String> {
        let home = self.env.get_known("HOME").unwrap_or_default();
        self.env
            .path
            .as_ref()
            .map(|p| {
                p.iter()
                    .map(|e| {
                        if e.dir.is_empty() || e.dir == "." {
                            home.clone()
                        } else if e.dir.starts_with('/') {
                            e.dir.clone()
                        } else {
                            format!("{home}/{}", e.dir)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Find an executable on the current PATH.
    pub fn find_in_path(&self, name: &str) -> Option<PathBuf> {
        for dir in self.path_dirs() {
            let p = Path::new(&dir).join(name);
            if host::is_executable(self.host, &p) {
                return Some(p);
            }
        }
        None
    }

    /// `command -v NAME…` and friends: found (function, builtin or on PATH)?
    fn lookup_commands(&mut self, raw: &[String]) -> St {
        if raw.is_empty() {
            return St::F;
        }
        let mut st = St::T;
        for w in raw {
            let Some(n) = self.expand_str(w, Ctx::Scalar) else {
                return St::U;
            };
            let found = if self.env.functions.contains_key(&n) || BUILTINS.contains(&n.as_str()) {
                St::T
            } else if n.contains('/') {
                St::from(host::is_executable(self.host, &self.abs(&n)))
            } else if self.find_in_path(&n).is_some() {
                St::T
            } else if self.env.path_incomplete {
                St::U
            } else {
                St::F
            };
            st = match (st, found) {
                (St::F, _) | (_, St::F) => St::F,
                (St::U, _) | (_, St::U) => St::U,
                _ => St::T,
            };
        }
        st
    }

    fn abs(&self, p: &str) -> PathBuf {
        if p.starts_with('/') {
            PathBuf::from(p)
        } else {
            PathBuf::from(self.env.get_known("HOME").unwrap_or_default()).join(p)
        }
    }

    // ----- eval --------------------------------------------------------------------

    fn exec_eval(&mut self, rest: &[String]) -> R {
        // `eval "$(cmd …)"` / eval `cmd …`: recognise the command.
        if let Some(inner) = rest.iter().find_map(|w| subst_inner(w)) {
            return self.eval_subst_output(&inner);
        }
        let mut parts = Vec::new();
        for w in rest {
            for f in self.expand(w, Ctx::Args) {
                match field_str(&f) {
                    Some(s) => parts.push(s),
                    None => {
                        self.unknown("eval of a value that could not be known", &["PATH"]);
                        self.env.path_incomplete = true;
                        return Ok(St::U);
                    }
                }
            }
        }
        let text = parts.join(" ");
        if self.frames.len() >= MAX_CALL_DEPTH {
            self.unknown("eval nested too deeply", &[]);
            return Ok(St::U);
        }
        let (file, lines) = match self.frame() {
            Some(f) => (f.file.clone(), f.lines.clone()),
            None => (PathBuf::new(), Rc::new(Vec::new())),
        };
        let line = self.here().1;
        let parsed = parse(&lex(&text).tokens);
        let args = self.args().to_vec();
        self.frames.push(Frame {
            kind: FrameKind::Eval,
            file,
            lines,
            line_override: Some(line),
            args,
            pending: Vec::new(),
            locals: Vec::new(),
        });
        let r = self.exec_list(&parsed.nodes);
        // An eval frame is transparent to `return`: hand pending outcomes up.
        if let Some(f) = self.frames.pop() {
            if let Some(up) = self
                .frames
                .iter_mut()
                .rev()
                .find(|x| x.kind != FrameKind::Eval)
            {
                up.pending.extend(f.pending);
            }
        }
        self.line = line;
        if parsed.error.is_some() {
            self.unknown("eval'd text has a syntax error", &[]);
        }
        r
    }

    fn eval_subst_output(&mut self, inner: &str) -> R {
        let words = command_words(inner).unwrap_or_default();
        let mut args: Vec<Option<String>> = Vec::new();
        for w in &words {
            for f in self.expand(w, Ctx::Args) {
                args.push(field_str(&f));
            }
        }
        let prog = args.first().cloned().flatten();
        let base = prog
            .as_deref()
            .map(|p| p.rsplit('/').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        if base == "path_helper"
            || words
                .first()
                .map(|w| w.contains("path_helper"))
                .unwrap_or(false)
        {
            if self.opts.os == Os::Macos
                || host::is_file(self.host, Path::new("/usr/libexec/path_helper"))
            {
                super::path_helper::apply(self);
            }
            return Ok(St::T);
        }
        if base == "brew" && args.get(1).cloned().flatten().as_deref() == Some("shellenv") {
            let Some(prog) = prog else {
                self.unknown(
                    "which brew runs could not be known",
                    &["PATH", "HOMEBREW_PREFIX"],
                );
                self.env.path_incomplete = true;
                return Ok(St::U);
            };
            match self.brew_prefix_of(&prog) {
                Some(prefix) => {
                    super::path_helper::brew_shellenv(self, &prefix);
                    return Ok(St::T);
                }
                None => {
                    if self.env.path_incomplete && !prog.contains('/') {
                        self.unknown(
                            "brew may or may not be on the PATH",
                            &["PATH", "HOMEBREW_PREFIX"],
                        );
                        self.env.path_incomplete = true;
                        return Ok(St::U);
                    }
                    // Command not found: nothing is set.
                    return Ok(St::F);
                }
            }
        }
        if HARMLESS_EVALS.contains(&base.as_str()) {
            return Ok(St::U);
        }
        let mut affects = vec!["PATH"];
        if matches!(base.as_str(), "goenv" | "gvm" | "mise" | "rtx" | "asdf") {
            affects.extend(["GOROOT", "GOPATH"]);
        }
        let what = if base.is_empty() {
            "a command".to_string()
        } else {
            format!("`{base}`")
        };
        self.unknown(
            &format!("eval of {what}'s output: its effect cannot be known statically"),
            &affects,
        );
        self.env.path_incomplete = true;
        if affects.len() > 1 {
            let names: Vec<String> = affects[1..].iter().map(|s| s.to_string()).collect();
            self.mark_unknown(&names, true);
        }
        Ok(St::U)
    }

    /// The Homebrew prefix of a `brew` program (path or bare name), if that brew exists.
    pub fn brew_prefix_of(&self, prog: &str) -> Option<String> {
        let path = if prog.contains('/') {
            self.abs(prog)
        } else {
            self.find_in_path(prog)?
        };
        if !host::is_file(self.host, &path) {
            return None;
        }
        let bin = path.parent()?;
        let prefix = bin.parent()?;
        Some(prefix.to_string_lossy().into_owned())
    }

    // ----- tests -------------------------------------------------------------------

    fn eval_cond(&mut self, raw: &[String]) -> St {
        let mut args: Vec<(Option<String>, bool)> = Vec::new();
        for w in raw {
            let quoted = w.contains(['"', '\'']);
            args.push((self.expand_str(w, Ctx::Scalar), quoted));
        }
        let mut p = CondParser {
            a: &args,
            i: 0,
            ev: self,
            double: true,
        };
        let st = p.or();
        if p.i < args.len() {
            return St::U;
        }
        st
    }

    fn test_args(&mut self, args: &[Option<String>]) -> St {
        let a: Vec<(Option<String>, bool)> = args.iter().map(|x| (x.clone(), true)).collect();
        // POSIX: one argument = non-empty test.
        if a.len() == 1 {
            return match &a[0].0 {
                Some(s) => St::from(!s.is_empty()),
                None => St::U,
            };
        }
        if a.is_empty() {
            return St::F;
        }
        let mut p = CondParser {
            a: &a,
            i: 0,
            ev: self,
            double: false,
        };
        let st = p.or();
        if p.i < a.len() {
            return St::U;
        }
        st
    }

    fn file_test(&self, op: &str, path: &str) -> St {
        if path.is_empty() {
            return St::F;
        }
        let p = self.abs(path);
        // Every macOS has /usr/libexec/path_helper; scenario hosts may not ship it.
        if self.opts.os == Os::Macos && p == Path::new("/usr/libexec/path_helper") {
            return St::from(matches!(op, "-e" | "-f" | "-x" | "-r" | "-s"));
        }
        let meta = self.host.metadata(&p).ok();
        St::from(match op {
            "-e" | "-a" => meta.is_some(),
            "-d" => meta.map(|m| m.is_dir()).unwrap_or(false),
            "-f" => meta.map(|m| m.is_file()).unwrap_or(false),
            "-x" => meta
                .map(|m| m.mode & 0o111 != 0 && m.kind != FileKind::Other)
                .unwrap_or(false),
            "-r" | "-w" => meta.is_some(),
            "-s" => meta.map(|m| m.len > 0 || m.is_dir()).unwrap_or(false),
            "-L" | "-h" => self
                .host
                .symlink_metadata(&p)
                .map(|m| m.kind == FileKind::Symlink)
                .unwrap_or(false),
            _ => return St::U,
        })
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

/// Escape glob characters so a quoted pattern matches literally.
fn glob_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// Shell pattern matching: `*`, `?`, `[…]`, `\x`, and `a|b` alternatives at top level.
pub fn glob_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    // Top-level alternatives (zsh `(a|b)` groups are not modelled beyond this).
    glob_rec(&p, &t)
}

fn glob_rec(p: &[char], t: &[char]) -> bool {
    // Iterative matcher with backtracking on the last `*`.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, len)) = class_match(&p[pi..], t[ti]) {
                        if ok {
                            pi += len;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == t[ti] {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if c == t[ti] {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// `[…]` at the start of `p`: (matches, length of the class).
fn class_match(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(1), Some('!') | Some('^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

/// Parser/evaluator for `[[ … ]]` and `[ … ]` expressions.
struct CondParser<'a, 'e, 'h> {
    a: &'a [(Option<String>, bool)],
    i: usize,
    ev: &'e mut Evaluator<'h>,
    double: bool,
}

const UNARY: &[&str] = &[
    "-e", "-a", "-d", "-f", "-x", "-r", "-w", "-s", "-L", "-h", "-n", "-z", "-v", "-o", "-t", "-p",
    "-S", "-b", "-c", "-g", "-u", "-k", "-O", "-G", "-N",
];
const BINARY: &[&str] = &[
    "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "=~", "<", ">", "-nt", "-ot", "-ef",
];

impl CondParser<'_, '_, '_> {
    fn word(&self, k: usize) -> Option<&str> {
        self.a.get(k).and_then(|(s, _)| s.as_deref())
    }

    fn or(&mut self) -> St {
        let mut st = self.and();
        while matches!(self.word(self.i), Some("||") | Some("-o")) && self.i + 1 < self.a.len() {
            self.i += 1;
            let r = self.and();
            st = match (st, r) {
                (St::T, _) | (_, St::T) => St::T,
                (St::F, St::F) => St::F,
                _ => St::U,
            };
        }
        st
    }

    fn and(&mut self) -> St {
        let mut st = self.not();
        while matches!(self.word(self.i), Some("&&") | Some("-a"))
            && self.i + 1 < self.a.len()
            && (self.double || self.word(self.i) == Some("-a"))
        {
            self.i += 1;
            let r = self.not();
            st = match (st, r) {
                (St::F, _) | (_, St::F) => St::F,
                (St::T, St::T) => St::T,
                _ => St::U,
            };
        }
        st
    }

    fn not(&mut self) -> St {
        if self.word(self.i) == Some("!") && self.i + 1 < self.a.len() {
            self.i += 1;
            return self.not().not();
        }
        self.primary()
    }

    fn primary(&mut self) -> St {
        let Some((w, _)) = self.a.get(self.i).cloned() else {
            return St::U;
        };
        if w.as_deref() == Some("(") {
            self.i += 1;
            let st = self.or();
            if self.word(self.i) == Some(")") {
                self.i += 1;
            }
            return st;
        }
        // Binary?
        if let Some(op) = self.word(self.i + 1) {
            if BINARY.contains(&op) && self.i + 2 < self.a.len() {
                let op = op.to_string();
                let l = w;
                let (r, rquoted) = self.a[self.i + 2].clone();
                self.i += 3;
                let (Some(l), Some(r)) = (l, r) else {
                    return St::U;
                };
                return self.binary(&op, &l, &r, rquoted);
            }
        }
        if let Some(op) = w.as_deref() {
            if UNARY.contains(&op) && self.i + 1 < self.a.len() {
                let op = op.to_string();
                let arg = self.a[self.i + 1].0.clone();
                self.i += 2;
                let Some(arg) = arg else {
                    return St::U;
                };
                return match op.as_str() {
                    "-n" => St::from(!arg.is_empty()),
                    "-z" => St::from(arg.is_empty()),
                    "-v" => St::from(
                        self.ev.env.vars.contains_key(&arg)
                            || arg == "PATH" && self.ev.env.path.is_some(),
                    ),
                    "-o" | "-t" | "-p" | "-S" | "-b" | "-c" | "-g" | "-u" | "-k" | "-O" | "-G"
                    | "-N" => St::U,
                    _ => self.ev.file_test(&op, &arg),
                };
            }
        }
        self.i += 1;
        match w {
            Some(s) => St::from(!s.is_empty()),
            None => St::U,
        }
    }

    fn binary(&mut self, op: &str, l: &str, r: &str, rquoted: bool) -> St {
        match op {
            "=" | "==" | "!=" => {
                let eq = if self.double && !rquoted {
                    glob_match(r, l)
                } else {
                    l == r
                };
                St::from(if op == "!=" { !eq } else { eq })
            }
            "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
                let (Ok(a), Ok(b)) = (l.trim().parse::<i64>(), r.trim().parse::<i64>()) else {
                    return St::U;
                };
                St::from(match op {
                    "-eq" => a == b,
                    "-ne" => a != b,
                    "-lt" => a < b,
                    "-le" => a <= b,
                    "-gt" => a > b,
                    _ => a >= b,
                })
            }
            "<" => St::from(l < r),
            ">" => St::from(l > r),
            _ => St::U,
        }
    }
}
