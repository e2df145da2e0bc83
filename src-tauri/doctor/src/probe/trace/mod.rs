//! The login shell's own account of where each value came from: its `xtrace`, parsed in
//! memory.
//!
//! The login shell runs with `-x` and a `PS4` (passed in its environment, so it applies
//! from the first line of the first startup file) that starts every trace record with a
//! per-run marker and the file, line and function being executed:
//!
//! - zsh: `\x1e<nonce>\x1f%e\x1f%x\x1f%I\x1f%N\x1f`: evaluation depth, the file holding
//!   the code (for a function, the file that defined it), the line in that file, and the
//!   script, function or `(eval)` running.
//! - bash (3.2 too): `\x1e<nonce>\x1f${BASH_SOURCE-}\x1f${LINENO-}\x1f${FUNCNAME-}\x1f`;
//!   bash repeats the first character once per level of indirection (source, eval,
//!   subshell), which gives the depth. bash ignores `PS4` from the environment when it
//!   runs as root: then no record carries the marker and [`parse`] says `None`.
//!
//! The trace holds everything the startup files did, secrets included. It never leaves
//! this module: [`parse`] keeps, for the Go variables (`GO*`, `CGO_*`), `HOMEBREW_PREFIX`
//! and PATH only, the values they were given and where; for the rest, only which files
//! were executed. [`strip`] removes the records from the shell's stderr before anything of
//! it is shown in an error message.
//!
//! Attribution rules: a value set by code that `eval` ran is attributed to the `eval`
//! line (zsh's and bash's line numbers inside eval'd text are not lines of the file), with
//! the program whose output was evaluated (`brew shellenv`, `path_helper -s`); a value set
//! in a file read by `source <(…)` is attributed to the `source` line; a value set in a
//! function is attributed to the line in the file that defined the function. A PATH entry
//! is attributed to the record after which it appeared in PATH (and stayed).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::facts::ShellKind;

/// The first byte of every record (bash repeats it per level of indirection).
const LEAD: u8 = 0x1e;
/// The field separator.
const SEP: u8 = 0x1f;
/// How many distinct files the trace may name.
const MAX_FILES: usize = 4096;
/// How many assignments are kept per variable (the last ones).
const MAX_ASSIGNMENTS: usize = 64;

/// The variables whose assignments are kept.
pub fn is_go_var(name: &str) -> bool {
    (name.starts_with("GO") || name.starts_with("CGO_"))
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn is_kept(name: &str) -> bool {
    is_go_var(name) || name == "HOMEBREW_PREFIX"
}

/// The `PS4` that makes records parseable, for a shell NativeGo can trace.
pub fn ps4(kind: ShellKind, nonce: &str) -> Option<String> {
    let (lead, sep) = (LEAD as char, SEP as char);
    match kind {
        ShellKind::Zsh => Some(format!("{lead}{nonce}{sep}%e{sep}%x{sep}%I{sep}%N{sep}")),
        ShellKind::Bash => Some(format!(
            "{lead}{nonce}{sep}${{BASH_SOURCE-}}{sep}${{LINENO-}}{sep}${{FUNCNAME-}}{sep}"
        )),
        ShellKind::Other => None,
    }
}

/// What an `eval` evaluated the output of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The program's name and its first argument when that is a plain word
    /// (`brew shellenv`, `path_helper -s`, `pyenv init`).
    pub program: String,
    pub kind: RanKind,
    /// For `brew shellenv`: the prefix, from the program's path or the `HOMEBREW_PREFIX`
    /// it exported.
    pub brew_prefix: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RanKind {
    BrewShellenv,
    PathHelper,
    Other,
}

/// Where a value was set: a line of a real file, and what that line evaluated when it is
/// an `eval` or a `source <(…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub file: PathBuf,
    pub line: u32,
    /// The line is an `eval` (or `source <(…)`): the value came from the text it ran.
    pub indirect: bool,
    pub ran: Option<Ran>,
}

/// Where a PATH entry came from, according to the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSource {
    /// In PATH before the first startup file ran, and never removed.
    Inherited,
    Site(Site),
}

/// What the trace says, and nothing else of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// Trace records read.
    pub records: usize,
    /// Every file the shell executed code from (absolute paths, first seen first).
    pub files: Vec<PathBuf>,
    /// The PATH the trace's assignments end with.
    pub path: Vec<String>,
    /// A PATH change the parser could not follow was seen.
    pub path_uncertain: bool,
    /// For each file, the highest line the shell executed in it at its top level (not
    /// in a function or an eval): how far the shell got through it.
    pub reached: BTreeMap<PathBuf, u32>,
    assignments: BTreeMap<String, Vec<(String, Site)>>,
    path_sources: HashMap<String, PathSource>,
}

impl Trace {
    /// The last assignment that gave `name` the value `value`.
    pub fn var_site(&self, name: &str, value: &str) -> Option<&Site> {
        self.assignments
            .get(name)?
            .iter()
            .rev()
            .find(|(v, _)| v == value)
            .map(|(_, s)| s)
    }

    /// Whether the trace saw `name` assigned at all.
    #[cfg(test)]
    pub fn assigns(&self, name: &str) -> bool {
        self.assignments.contains_key(name)
    }

    /// Where the PATH entry `dir` came from, if the trace followed it.
    pub fn path_source(&self, dir: &str) -> Option<&PathSource> {
        self.path_sources.get(dir)
    }
}

/// One trace record, as printed.
struct Record<'a> {
    level: u32,
    file: &'a str,
    line: u32,
    func: &'a str,
    words: Vec<Word>,
    /// The record ended at a newline (not at the next record on the same line, which is
    /// how zsh prints the assignments before a command: `FOO=1 cmd`).
    ended_by_newline: bool,
}

/// A word of a traced command, unquoted.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Word {
    text: String,
    /// Any part of it was quoted (so `(` is not an array's parenthesis).
    quoted: bool,
}

/// An `eval` being executed.
struct Frame {
    level: u32,
    file: String,
    func: String,
    in_function: bool,
    site: Site,
}

/// Parse the shell's stderr. `None` when it holds no record (the shell ignored `PS4`, or
/// was not traced).
pub fn parse(kind: ShellKind, nonce: &str, stderr: &[u8], initial_path: &str) -> Option<Trace> {
    let mut p = Parser {
        kind,
        trace: Trace::default(),
        seen_files: HashSet::new(),
        frames: Vec::new(),
        recent: Vec::new(),
        last_source: None,
        unique_path: false,
    };
    p.trace.path = split_path(initial_path);
    for d in &p.trace.path {
        p.trace
            .path_sources
            .insert(d.clone(), PathSource::Inherited);
    }
    for rec in records(kind, nonce, stderr) {
        p.record(rec);
    }
    if p.trace.records == 0 {
        return None;
    }
    Some(p.trace)
}

/// `stderr` without the trace records: what the startup files themselves printed.
pub fn strip(kind: ShellKind, nonce: &str, stderr: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in record_spans(kind, nonce, stderr) {
        out.extend_from_slice(&stderr[at..start]);
        at = end;
    }
    out.extend_from_slice(&stderr[at.min(stderr.len())..]);
    out
}

fn split_path(p: &str) -> Vec<String> {
    p.split(':').map(str::to_string).collect()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|b| *b == first) {
            None => return None,
            Some(off) => {
                i += off;
                if hay[i..].starts_with(needle) {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Each record's span in `stderr`: (start of its lead bytes, end after its newline), with
/// the start of its fields and whether a newline ended it.
fn raw_records<'a>(
    kind: ShellKind,
    nonce: &'a str,
    stderr: &'a [u8],
) -> impl Iterator<Item = (usize, usize, usize, bool)> + 'a {
    let n_fields = fields_of(kind);
    let mut tag = Vec::with_capacity(nonce.len() + 1);
    tag.extend_from_slice(nonce.as_bytes());
    tag.push(SEP);
    let mut next = find(stderr, &tag, 0);
    std::iter::from_fn(move || {
        let at = next?;
        let mut start = at;
        while start > 0 && stderr[start - 1] == LEAD {
            start -= 1;
        }
        let fields = at + tag.len();
        let following = find(stderr, &tag, fields);
        let limit = following
            .map(|f| {
                let mut s = f;
                while s > fields && stderr[s - 1] == LEAD {
                    s -= 1;
                }
                s
            })
            .unwrap_or(stderr.len());
        // The command starts after the fields (a file name may hold a quote) and ends at
        // its first unquoted newline (bash prints a quoted value's newlines as they are),
        // or where the next record starts.
        let mut cmd = fields;
        for _ in 0..n_fields {
            match stderr[cmd..limit]
                .iter()
                .position(|b| *b == SEP || *b == b'\n')
            {
                Some(i) if stderr[cmd + i] == SEP => cmd += i + 1,
                _ => break,
            }
        }
        let (end, newline) = command_end(&stderr[cmd..limit]);
        let end = cmd + end;
        // Records start again after this one; a marker inside it (a traced command
        // printing PS4) is skipped.
        next = following
            .filter(|f| *f >= end)
            .or_else(|| find(stderr, &tag, end));
        Some((start, end, fields, newline))
    })
}

/// How many fields the PS4 of [`ps4`] puts before the command.
fn fields_of(kind: ShellKind) -> usize {
    if kind == ShellKind::Zsh {
        4
    } else {
        3
    }
}

fn record_spans(kind: ShellKind, nonce: &str, stderr: &[u8]) -> Vec<(usize, usize)> {
    raw_records(kind, nonce, stderr)
        .map(|(start, end, _, _)| (start, end))
        .collect()
}

fn records<'a>(kind: ShellKind, nonce: &'a str, stderr: &'a [u8]) -> Vec<Record<'a>> {
    let mut out = Vec::new();
    for (start, end, fields, newline) in raw_records(kind, nonce, stderr) {
        let leads = (start..fields).take_while(|i| stderr[*i] == LEAD).count() as u32;
        let body = &stderr[fields..end];
        let n_fields = fields_of(kind);
        let mut parts = body.splitn(n_fields + 1, |b| *b == SEP);
        let mut f = Vec::with_capacity(n_fields);
        for _ in 0..n_fields {
            match parts.next().and_then(|p| std::str::from_utf8(p).ok()) {
                Some(s) => f.push(s),
                None => break,
            }
        }
        let Some(cmd) = parts.next() else {
            continue;
        };
        if f.len() != n_fields {
            continue;
        }
        let rec = match kind {
            ShellKind::Zsh => Record {
                level: f[0].parse().unwrap_or(0),
                file: f[1],
                line: f[2].parse().unwrap_or(0),
                func: f[3],
                words: words(cmd),
                ended_by_newline: newline,
            },
            _ => Record {
                level: leads,
                file: f[0],
                line: f[1].parse().unwrap_or(0),
                func: f[2],
                words: words(cmd),
                ended_by_newline: newline,
            },
        };
        out.push(rec);
    }
    out
}

/// Where a traced command ends: its first unquoted newline (excluded from the words,
/// included in the span), else the end. Also whether a newline ended it.
fn command_end(b: &[u8]) -> (usize, bool) {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => return (i + 1, true),
            b'\\' => i += 2,
            b'\'' => {
                let ansi = i > 0 && b[i - 1] == b'$';
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    if ansi && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    (b.len(), false)
}

/// Split a traced command into unquoted words. It stops at the first unquoted newline.
fn words(cmd: &[u8]) -> Vec<Word> {
    let s = String::from_utf8_lossy(cmd);
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut in_word = false;
    let mut i = 0;
    let flush = |cur: &mut String, quoted: &mut bool, in_word: &mut bool, out: &mut Vec<Word>| {
        if *in_word {
            out.push(Word {
                text: std::mem::take(cur),
                quoted: *quoted,
            });
        }
        *quoted = false;
        *in_word = false;
    };
    while i < c.len() {
        let ch = c[i];
        match ch {
            '\n' => break,
            ' ' | '\t' => {
                flush(&mut cur, &mut quoted, &mut in_word, &mut out);
                i += 1;
            }
            '\\' => {
                in_word = true;
                if let Some(n) = c.get(i + 1) {
                    cur.push(*n);
                }
                i += 2;
            }
            '$' if c.get(i + 1) == Some(&'\'') => {
                in_word = true;
                quoted = true;
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    if c[i] == '\\' && i + 1 < c.len() {
                        i += 1;
                        let (decoded, used) = ansi_escape(&c[i..]);
                        cur.push_str(&decoded);
                        i += used;
                    } else {
                        cur.push(c[i]);
                        i += 1;
                    }
                }
                i += 1;
            }
            '\'' => {
                in_word = true;
                quoted = true;
                i += 1;
                while i < c.len() && c[i] != '\'' {
                    cur.push(c[i]);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                in_word = true;
                quoted = true;
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' && matches!(c.get(i + 1), Some('"' | '\\' | '$' | '`')) {
                        i += 1;
                    }
                    cur.push(c[i]);
                    i += 1;
                }
                i += 1;
            }
            _ => {
                in_word = true;
                cur.push(ch);
                i += 1;
            }
        }
    }
    flush(&mut cur, &mut quoted, &mut in_word, &mut out);
    out
}

/// Decode one `$'…'` escape (after its backslash): the text and how many chars it used.
fn ansi_escape(c: &[char]) -> (String, usize) {
    let simple = |ch: char| (ch.to_string(), 1);
    match c[0] {
        'n' => simple('\n'),
        't' => simple('\t'),
        'r' => simple('\r'),
        'a' => simple('\x07'),
        'b' => simple('\x08'),
        'e' | 'E' => simple('\x1b'),
        'f' => simple('\x0c'),
        'v' => simple('\x0b'),
        'x' => {
            let hex: String = c[1..]
                .iter()
                .take(2)
                .take_while(|h| h.is_ascii_hexdigit())
                .collect();
            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                Some(ch) => (ch.to_string(), 1 + hex.len()),
                None => simple('x'),
            }
        }
        '0'..='7' => {
            let oct: String = c
                .iter()
                .take(3)
                .take_while(|h| ('0'..='7').contains(h))
                .collect();
            match u32::from_str_radix(&oct, 8).ok().and_then(char::from_u32) {
                Some(ch) => (ch.to_string(), oct.len()),
                None => simple('0'),
            }
        }
        'C' if c.get(1) == Some(&'-') && c.len() > 2 => {
            let ch = c[2];
            let code = if ch == '?' { 0x7f } else { (ch as u32) & 0x1f };
            (char::from_u32(code).unwrap_or('?').to_string(), 3)
        }
        other => simple(other),
    }
}

/// An assignment found in a record.
enum Value {
    Scalar(String),
    Array(Vec<String>),
    /// A name without a value (`export GOARCH`, `typeset -U path`).
    Bare,
}

struct Assignment {
    name: String,
    subscript: Option<String>,
    append: bool,
    value: Value,
}

/// Parse `NAME=…`, `NAME+=…`, `NAME[sub]=…` (an array value follows as `(` … `)` words).
fn assignment_head(w: &Word) -> Option<(String, Option<String>, bool, String)> {
    let eq = w.text.find('=')?;
    let (lhs, rhs) = (&w.text[..eq], &w.text[eq + 1..]);
    let (lhs, append) = match lhs.strip_suffix('+') {
        Some(l) => (l, true),
        None => (lhs, false),
    };
    let (name, subscript) = match lhs.find('[') {
        Some(b) if lhs.ends_with(']') => (&lhs[..b], Some(lhs[b + 1..lhs.len() - 1].to_string())),
        _ => (lhs, None),
    };
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name.to_string(), subscript, append, rhs.to_string()))
}

/// The assignments in `words` from index `from`, and whether every word was one.
fn assignments(
    words: &[Word],
    from: usize,
    options_allowed: bool,
) -> (Vec<Assignment>, bool, String) {
    let mut out = Vec::new();
    let mut all = true;
    let mut options = String::new();
    let mut i = from;
    while i < words.len() {
        let w = &words[i];
        if options_allowed && !w.quoted && (w.text.starts_with('-') || w.text.starts_with('+')) {
            if w.text.starts_with('-') {
                options.push_str(&w.text[1..]);
            }
            i += 1;
            continue;
        }
        match assignment_head(w) {
            Some((name, subscript, append, rhs)) => {
                if rhs == "(" && !w.quoted {
                    let mut items = Vec::new();
                    i += 1;
                    while i < words.len() && (words[i].quoted || words[i].text != ")") {
                        items.push(words[i].text.clone());
                        i += 1;
                    }
                    out.push(Assignment {
                        name,
                        subscript,
                        append,
                        value: Value::Array(items),
                    });
                } else {
                    out.push(Assignment {
                        name,
                        subscript,
                        append,
                        value: Value::Scalar(rhs),
                    });
                }
            }
            None if options_allowed => {
                // A bare name (`export GOARCH`, `typeset -U path`).
                out.push(Assignment {
                    name: w.text.clone(),
                    subscript: None,
                    append: false,
                    value: Value::Bare,
                });
            }
            None => all = false,
        }
        i += 1;
    }
    (out, all, options)
}

/// A record seen lately: where it ran and the program it ran, with its first argument
/// when that is a plain word.
struct Recent {
    level: u32,
    file: String,
    line: u32,
    func: String,
    program: String,
    sub: Option<String>,
}

struct Parser {
    kind: ShellKind,
    trace: Trace,
    seen_files: HashSet<String>,
    frames: Vec<Frame>,
    /// The last records, to find what an `eval` evaluated.
    recent: Vec<Recent>,
    /// The site of the last `source /dev/fd/…` (`source <(…)`).
    last_source: Option<Site>,
    /// zsh's `typeset -U path`: PATH keeps each entry once.
    unique_path: bool,
}

fn is_fd_file(f: &str) -> bool {
    f.starts_with("/dev/fd/") || (f.starts_with("/proc/") && f.contains("/fd/"))
}

impl Parser {
    fn record(&mut self, r: Record<'_>) {
        self.trace.records += 1;
        if r.file.starts_with('/')
            && !is_fd_file(r.file)
            && self.trace.files.len() < MAX_FILES
            && self.seen_files.insert(r.file.to_string())
        {
            self.trace.files.push(PathBuf::from(r.file));
        }
        while self.frames.last().is_some_and(|f| f.level >= r.level) {
            self.frames.pop();
        }
        let in_eval = match self.kind {
            ShellKind::Zsh => r.func == "(eval)",
            _ => self
                .frames
                .last()
                .is_some_and(|f| f.file == r.file && f.func == r.func && r.level > f.level),
        };
        let in_function = if in_eval {
            self.frames.last().is_some_and(|f| f.in_function)
        } else {
            match self.kind {
                ShellKind::Zsh => r.func != r.file,
                _ => !matches!(r.func, "" | "source" | "main"),
            }
        };
        let site = if in_eval {
            self.frames.last().map(|f| f.site.clone())
        } else if is_fd_file(r.file) {
            self.last_source.clone()
        } else if r.file.starts_with('/') && r.line > 0 {
            Some(Site {
                file: PathBuf::from(r.file),
                line: r.line,
                indirect: false,
                ran: None,
            })
        } else {
            None
        };
        if !in_eval && !in_function && r.file.starts_with('/') && !is_fd_file(r.file) {
            if let Some(seen) = self.trace.reached.get_mut(Path::new(r.file)) {
                *seen = (*seen).max(r.line);
            } else if self.trace.reached.len() < MAX_FILES {
                self.trace.reached.insert(PathBuf::from(r.file), r.line);
            }
        }
        let word0 = r.words.first().map(|w| w.text.as_str()).unwrap_or("");
        match word0 {
            "eval" => {
                if let Some(site) = &site {
                    let mut site = site.clone();
                    if !in_eval {
                        site.indirect = true;
                        site.ran = self.ran_at(&r);
                    }
                    self.frames.push(Frame {
                        level: r.level,
                        file: r.file.to_string(),
                        func: r.func.to_string(),
                        in_function,
                        site,
                    });
                }
            }
            "source" | "." if r.words.get(1).is_some_and(|w| is_fd_file(&w.text)) => {
                self.last_source = site.clone().map(|mut s| {
                    if !s.indirect {
                        s.indirect = true;
                        s.ran = self.ran_at(&r);
                    }
                    s
                });
            }
            _ => {}
        }
        if !r.words.is_empty() {
            let mut ws = r.words.iter().map(|w| w.text.as_str());
            let mut program = ws.next().unwrap_or("");
            if Path::new(program).file_name().and_then(|n| n.to_str()) == Some("env") {
                // `env VAR=… program`: the program.
                for w in ws.by_ref() {
                    if !w.contains('=') && !w.starts_with('-') {
                        program = w;
                        break;
                    }
                }
            }
            let sub = ws
                .next()
                .filter(|s| {
                    !s.is_empty()
                        && s.len() <= 20
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                })
                .map(str::to_string);
            self.recent.push(Recent {
                level: r.level,
                file: r.file.to_string(),
                line: r.line,
                func: r.func.to_string(),
                program: program.to_string(),
                sub,
            });
            if self.recent.len() > 16 {
                self.recent.remove(0);
            }
        }
        let Some(site) = site else {
            return;
        };
        self.assignments_in(&r, &site, in_function);
    }

    /// What ran at the eval's own line just before it: the command substitution whose
    /// output it evaluates.
    fn ran_at(&self, r: &Record<'_>) -> Option<Ran> {
        let found = self.recent.iter().rev().find(|x| {
            x.file == r.file
                && x.line == r.line
                && !matches!(x.program.as_str(), "eval" | "source" | ".")
                && match self.kind {
                    ShellKind::Zsh => x.func == r.func,
                    _ => x.level > r.level,
                }
        })?;
        let (prog, sub) = (&found.program, &found.sub);
        let name = Path::new(prog)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(prog)
            .to_string();
        let kind = match (name.as_str(), sub.as_deref()) {
            ("brew", Some("shellenv")) => RanKind::BrewShellenv,
            ("path_helper", _) => RanKind::PathHelper,
            _ => RanKind::Other,
        };
        let brew_prefix = (kind == RanKind::BrewShellenv)
            .then(|| Path::new(prog))
            .filter(|p| p.is_absolute())
            .and_then(|p| p.parent()?.parent().map(Path::to_path_buf));
        Some(Ran {
            program: match sub {
                Some(s) => format!("{name} {s}"),
                None => name,
            },
            kind,
            brew_prefix,
        })
    }

    fn assignments_in(&mut self, r: &Record<'_>, site: &Site, in_function: bool) {
        let Some(first) = r.words.first() else {
            return;
        };
        let (list, global) = match first.text.as_str() {
            "export" => (assignments(&r.words, 1, true), true),
            "typeset" | "declare" | "readonly" | "integer" | "float" => {
                let a = assignments(&r.words, 1, true);
                let global = !in_function || a.2.contains('g');
                (a, global)
            }
            "local" => (assignments(&r.words, 1, true), false),
            _ => {
                let a = assignments(&r.words, 0, false);
                if !a.1 || a.0.is_empty() {
                    return;
                }
                // zsh prints `FOO=1 cmd` as a record `FOO=1 ` followed on the same line
                // by the command's: an assignment for that command only.
                if self.kind == ShellKind::Zsh && !r.ended_by_newline {
                    return;
                }
                (a, true)
            }
        };
        let (list, _, options) = list;
        if !global {
            return;
        }
        for a in list {
            let is_path = a.name == "path" || a.name == "PATH";
            if is_path && options.contains('U') && self.kind == ShellKind::Zsh {
                // From now on PATH keeps each entry once, the first.
                self.unique_path = true;
                if matches!(a.value, Value::Bare) {
                    let cur = self.trace.path.clone();
                    self.set_path(cur, site);
                }
            }
            if !matches!(a.value, Value::Bare) {
                self.assign(a, site);
            }
        }
    }

    fn assign(&mut self, a: Assignment, site: &Site) {
        let zsh = self.kind == ShellKind::Zsh;
        match (a.name.as_str(), a.subscript.as_deref(), a.value) {
            ("PATH", None, Value::Scalar(v)) => {
                let v = if a.append {
                    format!("{}{v}", self.trace.path.join(":"))
                } else {
                    v
                };
                self.set_path(split_path(&v), site);
            }
            ("path", None, value) if zsh => {
                let items = match value {
                    Value::Array(items) => items,
                    Value::Scalar(s) => vec![s],
                    Value::Bare => return,
                };
                let mut new = if a.append {
                    self.trace.path.clone()
                } else {
                    Vec::new()
                };
                new.extend(items);
                self.set_path(new, site);
            }
            ("path", Some("1,0"), value) if zsh && !a.append => {
                let mut new = match value {
                    Value::Array(items) => items,
                    Value::Scalar(s) => vec![s],
                    Value::Bare => return,
                };
                new.extend(self.trace.path.iter().cloned());
                self.set_path(new, site);
            }
            ("PATH" | "path", _, _) => self.trace.path_uncertain = true,
            (name, None, Value::Scalar(v)) if is_kept(name) => {
                let v = if a.append {
                    let before = self
                        .trace
                        .assignments
                        .get(name)
                        .and_then(|l| l.last())
                        .map(|(v, _)| v.clone())
                        .unwrap_or_default();
                    format!("{before}{v}")
                } else {
                    v
                };
                if name == "HOMEBREW_PREFIX" {
                    self.note_brew_prefix(&v);
                }
                let list = self.trace.assignments.entry(name.to_string()).or_default();
                list.push((v, site.clone()));
                if list.len() > MAX_ASSIGNMENTS {
                    list.remove(0);
                }
            }
            _ => {}
        }
    }

    fn note_brew_prefix(&mut self, v: &str) {
        for f in &mut self.frames {
            if let Some(ran) = &mut f.site.ran {
                if ran.kind == RanKind::BrewShellenv
                    && ran.brew_prefix.is_none()
                    && v.starts_with('/')
                {
                    ran.brew_prefix = Some(PathBuf::from(v));
                }
            }
        }
    }

    fn set_path(&mut self, mut new: Vec<String>, site: &Site) {
        if self.unique_path {
            let mut seen = HashSet::new();
            new.retain(|d| seen.insert(d.clone()));
        }
        let new_set: HashSet<&String> = new.iter().collect();
        self.trace.path_sources.retain(|d, _| new_set.contains(d));
        // path_helper rebuilds PATH from /etc/paths and /etc/paths.d: the entries it
        // lists are its, even those the terminal passed in.
        let rebuilds = site
            .ran
            .as_ref()
            .is_some_and(|r| r.kind == RanKind::PathHelper);
        for d in &new {
            let source = self
                .trace
                .path_sources
                .entry(d.clone())
                .or_insert_with(|| PathSource::Site(site.clone()));
            if rebuilds && *source == PathSource::Inherited {
                *source = PathSource::Site(site.clone());
            }
        }
        self.trace.path = new;
    }
}

#[cfg(test)]
mod tests;
