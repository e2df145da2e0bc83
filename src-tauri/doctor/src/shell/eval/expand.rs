//! Word expansion: quotes, escapes, `~`, `$VAR`, `${VAR…}` forms, zsh `$path` arrays and
//! the few command substitutions whose output is knowable (`go env GOPATH`, `uname`, …).
//!
//! The result keeps track of PATH entries that pass through intact, so that an entry
//! re-added by `PATH=/x:$PATH` keeps the origin of the line that first put it there.

use std::path::Path;

use crate::facts::{Origin, ShellKind};

use super::Evaluator;
use crate::shell::lexer::balanced_end;
use crate::shell::parse::{parse, Node};

/// A piece of an expanded word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// A PATH entry carried over from `$PATH` / `$path`, with its origin.
    Entry(String, Origin),
    /// Something whose value cannot be known.
    Unknown,
}

/// One field (argument) of an expanded word.
pub type Field = Vec<Piece>;

/// The text of a field, if fully known.
pub fn field_str(f: &[Piece]) -> Option<String> {
    let mut s = String::new();
    for p in f {
        match p {
            Piece::Lit(t) | Piece::Entry(t, _) => s.push_str(t),
            Piece::Unknown => return None,
        }
    }
    Some(s)
}

/// Where a word is expanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// The value of a scalar assignment: one field, `~` after `:` expands.
    Assign,
    /// Command arguments: unquoted empty results vanish; bash splits on blanks.
    Args,
    /// Elements of a zsh array assignment: arrays expand to several elements.
    Array,
    /// Inside `[[ ]]` or a `${…}` operand: one field, no splitting.
    Scalar,
}

/// The value of a parameter.
enum Val {
    Unset,
    Str(Field),
    Arr(Vec<Field>),
    Unknown,
}

struct Out {
    fields: Vec<Field>,
    cur: Field,
    /// The current field exists even if empty (quotes were seen).
    keep: bool,
}

impl Out {
    fn lit(&mut self, s: &str) {
        if let Some(Piece::Lit(t)) = self.cur.last_mut() {
            t.push_str(s);
        } else {
            self.cur.push(Piece::Lit(s.to_string()));
        }
    }
    fn lit_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.lit(c.encode_utf8(&mut b));
    }
    fn end_field(&mut self) {
        let f = std::mem::take(&mut self.cur);
        if !f.is_empty() || self.keep {
            self.fields.push(f);
        }
        self.keep = false;
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The words of a command text (the first simple command), redirections dropped.
pub fn command_words(text: &str) -> Option<Vec<String>> {
    let lexed = crate::shell::lexer::lex(text);
    let parsed = parse(&lexed.tokens);
    match parsed.nodes.first() {
        Some(Node::Simple { words, .. }) if parsed.nodes.len() == 1 => Some(words.clone()),
        _ => None,
    }
}

impl Evaluator<'_> {
    /// Expand a raw word into fields.
    pub fn expand(&mut self, raw: &str, ctx: Ctx) -> Vec<Field> {
        let c: Vec<char> = raw.chars().collect();
        let mut out = Out {
            fields: Vec::new(),
            cur: Vec::new(),
            keep: false,
        };
        self.expand_into(&c, ctx, false, &mut out);
        out.end_field();
        match ctx {
            Ctx::Assign | Ctx::Scalar => vec![join_fields(out.fields)],
            Ctx::Args | Ctx::Array => out.fields,
        }
    }

    /// Expand a word as one string, if known.
    pub fn expand_str(&mut self, raw: &str, ctx: Ctx) -> Option<String> {
        let f = self.expand(raw, ctx);
        field_str(&join_fields(f))
    }

    fn expand_into(&mut self, c: &[char], ctx: Ctx, in_dq: bool, out: &mut Out) {
        let mut i = 0;
        let assign_tilde = ctx == Ctx::Assign;
        while i < c.len() {
            let ch = c[i];
            match ch {
                '\'' if !in_dq => {
                    out.keep = true;
                    let start = i + 1;
                    let mut j = start;
                    while j < c.len() && c[j] != '\'' {
                        j += 1;
                    }
                    let s: String = c[start..j].iter().collect();
                    out.lit(&s);
                    i = j + 1;
                }
                '"' if !in_dq => {
                    out.keep = true;
                    let start = i + 1;
                    let mut j = start;
                    while j < c.len() && c[j] != '"' {
                        if c[j] == '\\' {
                            j += 1;
                        } else if c[j] == '$' && j + 1 < c.len() && c[j + 1] == '(' {
                            j = balanced_end(c, j + 2, '(', ')');
                            continue;
                        } else if c[j] == '$' && j + 1 < c.len() && c[j + 1] == '{' {
                            j = balanced_end(c, j + 2, '{', '}');
                            continue;
                        } else if c[j] == '`' {
                            j += 1;
                            while j < c.len() && c[j] != '`' {
                                if c[j] == '\\' {
                                    j += 1;
                                }
                                j += 1;
                            }
                        }
                        j += 1;
                    }
                    let end = j.min(c.len());
                    self.expand_into(&c[start..end], ctx, true, out);
                    i = end + 1;
                }
                '\\' => {
                    if let Some(&n) = c.get(i + 1) {
                        if !in_dq || matches!(n, '$' | '"' | '\\' | '`') {
                            out.lit_char(n);
                        } else if n == '\n' {
                        } else {
                            out.lit_char('\\');
                            out.lit_char(n);
                        }
                        i += 2;
                    } else {
                        out.lit_char('\\');
                        i += 1;
                    }
                    if !in_dq {
                        out.keep = true;
                    }
                }
                '~' if !in_dq && (i == 0 || (assign_tilde && matches!(c[i - 1], ':'))) => {
                    let mut j = i + 1;
                    while j < c.len() && c[j] != '/' && c[j] != ':' {
                        j += 1;
                    }
                    if j == i + 1 {
                        match self.env.vars.get("HOME").map(|v| v.val.clone()) {
                            Some(Some(h)) => out.lit(&h),
                            Some(None) => out.cur.push(Piece::Unknown),
                            None => out.lit("~"),
                        }
                        i = j;
                    } else {
                        // `~user`, `~+`, named directories: not modelled.
                        out.cur.push(Piece::Unknown);
                        i = j;
                    }
                }
                '`' => {
                    let start = i + 1;
                    let mut j = start;
                    while j < c.len() && c[j] != '`' {
                        if c[j] == '\\' {
                            j += 1;
                        }
                        j += 1;
                    }
                    let inner: String = c[start..j.min(c.len())].iter().collect();
                    let inner = inner.replace("\\`", "`").replace("\\\\", "\\");
                    self.push_subst(&inner, in_dq, ctx, out);
                    i = j + 1;
                }
                '$' => i = self.expand_dollar(c, i, ctx, in_dq, out),
                '*' | '?' | '(' if !in_dq && ctx == Ctx::Array => {
                    // A glob in an array element: its matches cannot be known statically.
                    out.cur.push(Piece::Unknown);
                    i += 1;
                }
                _ => {
                    out.lit_char(ch);
                    i += 1;
                }
            }
        }
    }

    fn push_subst(&mut self, inner: &str, in_dq: bool, ctx: Ctx, out: &mut Out) {
        if !in_dq {
            out.keep = true;
        }
        match self.command_subst(inner) {
            Some(s) => {
                let s = s.trim_end_matches('\n').to_string();
                // Both shells split an unquoted command substitution's output (zsh does
                // so even though it does not split parameters).
                if !in_dq && matches!(ctx, Ctx::Args | Ctx::Array) {
                    self.push_split(&s, out);
                } else {
                    out.lit(&s);
                }
            }
            None => out.cur.push(Piece::Unknown),
        }
    }

    /// bash splits unquoted expansions on blanks; zsh does not.
    fn splits(&self) -> bool {
        self.opts.shell == ShellKind::Bash
    }

    fn push_split(&mut self, s: &str, out: &mut Out) {
        let mut first = true;
        for part in s.split([' ', '\t', '\n']) {
            if !first {
                out.end_field();
            }
            first = false;
            if !part.is_empty() {
                out.lit(part);
            }
        }
    }

    /// Expand `$…` at `c[i]`; returns the index after it.
    fn expand_dollar(
        &mut self,
        c: &[char],
        i: usize,
        ctx: Ctx,
        in_dq: bool,
        out: &mut Out,
    ) -> usize {
        let next = c.get(i + 1).copied();
        match next {
            Some('(') if c.get(i + 2) == Some(&'(') => {
                let end = balanced_end(c, i + 2, '(', ')');
                out.cur.push(Piece::Unknown);
                end
            }
            Some('(') => {
                let end = balanced_end(c, i + 2, '(', ')');
                let inner: String = c[i + 2..end.saturating_sub(1).max(i + 2)].iter().collect();
                self.push_subst(&inner, in_dq, ctx, out);
                end
            }
            Some('{') => {
                let end = balanced_end(c, i + 2, '{', '}');
                let inner: String = c[i + 2..end.saturating_sub(1).max(i + 2)].iter().collect();
                self.expand_braced(&inner, ctx, in_dq, out);
                end
            }
            Some('\'') if !in_dq => {
                // $'…' ANSI-C quoting.
                out.keep = true;
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    if c[j] == '\\' && j + 1 < c.len() {
                        let e = c[j + 1];
                        let r = match e {
                            'n' => '\n',
                            't' => '\t',
                            '\\' => '\\',
                            '\'' => '\'',
                            '"' => '"',
                            _ => {
                                out.cur.push(Piece::Unknown);
                                e
                            }
                        };
                        out.lit_char(r);
                        j += 2;
                    } else {
                        out.lit_char(c[j]);
                        j += 1;
                    }
                }
                j + 1
            }
            Some('^') | Some('=') | Some('~')
                if c.get(i + 2).map(|&x| is_name_start(x)).unwrap_or(false) =>
            {
                // zsh `$^name`, `$=name`, `$~name`: expansion flags, not modelled.
                let mut j = i + 2;
                while j < c.len() && is_name_char(c[j]) {
                    j += 1;
                }
                out.cur.push(Piece::Unknown);
                j
            }
            Some(n) if is_name_start(n) => {
                let mut j = i + 1;
                while j < c.len() && is_name_char(c[j]) {
                    j += 1;
                }
                let name: String = c[i + 1..j].iter().collect();
                let mut all = false;
                // zsh `$path[@]`, `$path[1]`.
                if self.opts.shell == ShellKind::Zsh && c.get(j) == Some(&'[') {
                    let k = balanced_end(c, j + 1, '[', ']');
                    let sub: String = c[j + 1..k.saturating_sub(1).max(j + 1)].iter().collect();
                    if sub == "@" || sub == "*" {
                        all = sub == "@";
                    } else {
                        out.cur.push(Piece::Unknown);
                        return k;
                    }
                    let v = self.lookup(&name);
                    self.push_val(v, ctx, in_dq, all, out);
                    return k;
                }
                let v = self.lookup(&name);
                self.push_val(v, ctx, in_dq, all, out);
                j
            }
            Some(n)
                if n.is_ascii_digit() || matches!(n, '@' | '*' | '#' | '?' | '$' | '!' | '-') =>
            {
                let v = self.lookup(&n.to_string());
                self.push_val(v, ctx, in_dq, n == '@', out);
                i + 2
            }
            _ => {
                out.lit_char('$');
                i + 1
            }
        }
    }

    fn push_val(&mut self, v: Val, ctx: Ctx, in_dq: bool, all: bool, out: &mut Out) {
        match v {
            Val::Unset => {}
            Val::Unknown => out.cur.push(Piece::Unknown),
            Val::Str(f) => {
                if !in_dq && matches!(ctx, Ctx::Args | Ctx::Array) && self.splits() {
                    for p in f {
                        match p {
                            Piece::Lit(s) => self.push_split(&s, out),
                            other => out.cur.push(other),
                        }
                    }
                } else {
                    out.cur.extend(f);
                }
            }
            Val::Arr(elems) => {
                let separate = matches!(ctx, Ctx::Args | Ctx::Array) && (!in_dq || all);
                if separate {
                    let n = elems.len();
                    for (k, e) in elems.into_iter().enumerate() {
                        if !in_dq && e.is_empty() {
                            continue;
                        }
                        out.cur.extend(e);
                        if in_dq {
                            out.keep = true;
                        }
                        if k + 1 < n {
                            out.end_field();
                        }
                    }
                } else {
                    for (k, e) in elems.into_iter().enumerate() {
                        if k > 0 {
                            out.lit(" ");
                        }
                        out.cur.extend(e);
                    }
                }
            }
        }
    }

    /// `${…}` forms.
    fn expand_braced(&mut self, inner: &str, ctx: Ctx, in_dq: bool, out: &mut Out) {
        let c: Vec<char> = inner.chars().collect();
        if c.first() == Some(&'#') && c.len() > 1 && c[1..].iter().all(|&x| is_name_char(x)) {
            let name: String = c[1..].iter().collect();
            match self.lookup(&name) {
                Val::Unset => out.lit("0"),
                Val::Str(f) => match field_str(&f) {
                    Some(s) => out.lit(&s.chars().count().to_string()),
                    None => out.cur.push(Piece::Unknown),
                },
                Val::Arr(a) => out.lit(&a.len().to_string()),
                Val::Unknown => out.cur.push(Piece::Unknown),
            }
            return;
        }
        let mut j = 0;
        while j < c.len() && is_name_char(c[j]) {
            j += 1;
        }
        if j == 0 && self.opts.shell == ShellKind::Zsh {
            // zsh's nested expansion: `${${x:#a}:#b}`, `${${(%):-%x}:A:h}`, `${(M)${x}:#p}`.
            let flags_end = if c.first() == Some(&'(') {
                c.iter().position(|&x| x == ')').map(|k| k + 1).unwrap_or(0)
            } else {
                0
            };
            if c.get(flags_end) == Some(&'$') && c.get(flags_end + 1) == Some(&'{') {
                let end = balanced_end(&c, flags_end + 2, '{', '}');
                let nested: String = c[flags_end..end].iter().collect();
                let flags: String = c[..flags_end].iter().collect();
                let rest: String = c[end..].iter().collect();
                let fields = self.expand(&nested, Ctx::Array);
                let elems: Option<Vec<String>> = fields.iter().map(|f| field_str(f)).collect();
                let Some(elems) = elems else {
                    out.cur.push(Piece::Unknown);
                    return;
                };
                let tmp = format!("__nativego_nested_{}", self.env.arrays.len());
                self.env.arrays.insert(tmp.clone(), Some(elems));
                self.expand_braced(&format!("{flags}{tmp}{rest}"), ctx, in_dq, out);
                self.env.arrays.remove(&tmp);
                return;
            }
        }
        if j == 0 && c.first() == Some(&'(') && self.opts.shell == ShellKind::Zsh {
            // `${(@)name}`, `${(M)name:#pat}`, `${(@M)name:#pat}`: the flags that select
            // array elements. Others are not modelled.
            let close = c.iter().position(|&x| x == ')').unwrap_or(c.len());
            let flags: String = c[1..close.min(c.len())].iter().collect();
            let rest: String = c
                .get(close + 1..)
                .map(|r| r.iter().collect())
                .unwrap_or_default();
            if !flags.is_empty() && flags.chars().all(|f| f == '@' || f == 'M') {
                self.expand_filter(
                    &rest,
                    flags.contains('M'),
                    flags.contains('@'),
                    ctx,
                    in_dq,
                    out,
                );
            } else if flags == "%" && matches!(rest.as_str(), ":-%N" | ":-%x") {
                // `${(%):-%N}` / `${(%):-%x}`: the file being read (outside functions).
                match self.current_file_name() {
                    Some(f) => out.lit(&f),
                    None => out.cur.push(Piece::Unknown),
                }
            } else {
                out.cur.push(Piece::Unknown);
            }
            return;
        }
        if j == 0 {
            // `${^…}`, `${=…}`, `${!…}`, `${@}`: only `${@}`/`${*}` are modelled.
            if inner == "@" || inner == "*" {
                let v = self.lookup(inner);
                self.push_val(v, ctx, in_dq, inner == "@", out);
            } else {
                out.cur.push(Piece::Unknown);
            }
            return;
        }
        let name: String = c[..j].iter().collect();
        let rest: String = c[j..].iter().collect();
        if rest.is_empty() {
            let v = self.lookup(&name);
            self.push_val(v, ctx, in_dq, false, out);
            return;
        }
        if rest == "[@]" || rest == "[*]" {
            let v = self.lookup(&name);
            self.push_val(v, ctx, in_dq, rest == "[@]", out);
            return;
        }
        if self.opts.shell == ShellKind::Zsh && rest.starts_with(":#") {
            // `${name:#pat}`: the elements that do not match.
            self.expand_filter(&format!("{name}{rest}"), false, false, ctx, in_dq, out);
            return;
        }
        if self.opts.shell == ShellKind::Zsh
            && rest.starts_with(':')
            && rest[1..].starts_with(|x: char| x.is_ascii_alphabetic())
        {
            // zsh history modifiers: `${0:A:h}`, `${f:t}`, `${p:a}`.
            let v = self.lookup(&name);
            let (elems, array) = match v {
                Val::Unset => (vec![Some(String::new())], false),
                Val::Str(f) => (vec![field_str(&f)], false),
                Val::Arr(a) => (a.iter().map(|f| field_str(f)).collect(), true),
                Val::Unknown => (vec![None], false),
            };
            // Modifiers apply to each element of an array.
            let done: Option<Vec<String>> = elems
                .into_iter()
                .map(|e| e.and_then(|s| self.modifiers(&s, &rest[1..])))
                .collect();
            match done {
                Some(mut d) if !array && d.len() == 1 => out.lit(&d.remove(0)),
                Some(d) => {
                    let arr = Val::Arr(d.into_iter().map(|s| vec![Piece::Lit(s)]).collect());
                    self.push_val(arr, ctx, in_dq, false, out);
                }
                None => out.cur.push(Piece::Unknown),
            }
            return;
        }
        let (colon, op, word) = if let Some(r) = rest.strip_prefix(':') {
            let mut rc = r.chars();
            match rc.next() {
                Some(o @ ('-' | '+' | '=' | '?')) => (true, o, rc.as_str().to_string()),
                _ => {
                    out.cur.push(Piece::Unknown);
                    return;
                }
            }
        } else {
            let mut rc = rest.chars();
            match rc.next() {
                Some(o @ ('-' | '+' | '=' | '?')) => (false, o, rc.as_str().to_string()),
                _ => {
                    // `${VAR%pat}`, `${VAR/x/y}`, subscripts …: not modelled.
                    out.cur.push(Piece::Unknown);
                    return;
                }
            }
        };
        let v = self.lookup(&name);
        // Is the parameter "set" for the operator? None: cannot tell.
        let set: Option<bool> = match &v {
            Val::Unset => Some(false),
            Val::Unknown => None,
            Val::Str(f) => {
                if colon {
                    field_str(f).map(|s| !s.is_empty())
                } else {
                    Some(true)
                }
            }
            Val::Arr(a) => Some(!colon || !a.is_empty()),
        };
        let Some(set) = set else {
            out.cur.push(Piece::Unknown);
            return;
        };
        let word_field = |ev: &mut Self| {
            let wc: Vec<char> = word.chars().collect();
            let mut o = Out {
                fields: Vec::new(),
                cur: Vec::new(),
                keep: false,
            };
            // Quotes nested inside a double-quoted `${x:+"…"}` are quotes again.
            ev.expand_into(&wc, Ctx::Scalar, in_dq && !word.contains('"'), &mut o);
            o.end_field();
            join_fields(o.fields)
        };
        match op {
            '-' => {
                if set {
                    self.push_val(v, ctx, in_dq, false, out);
                } else {
                    let f = word_field(self);
                    out.cur.extend(f);
                }
            }
            '+' => {
                if set {
                    let f = word_field(self);
                    out.cur.extend(f);
                }
            }
            '=' => {
                if set {
                    self.push_val(v, ctx, in_dq, false, out);
                } else {
                    let f = word_field(self);
                    let origin = self.origin_here();
                    self.assign_scalar(&name, f.clone(), origin, false);
                    out.cur.extend(f);
                }
            }
            _ => {
                if set {
                    self.push_val(v, ctx, in_dq, false, out);
                } else {
                    out.cur.push(Piece::Unknown);
                }
            }
        }
    }

    /// `name`, `name:#pat` with `M` or not: the array's elements (a scalar is a one-element
    /// array) that match (`M`) or do not match the pattern.
    fn expand_filter(
        &mut self,
        rest: &str,
        keep_matching: bool,
        all: bool,
        ctx: Ctx,
        in_dq: bool,
        out: &mut Out,
    ) {
        let n = rest.chars().take_while(|&x| is_name_char(x)).count();
        let name = &rest[..n];
        let op = &rest[n..];
        if name.is_empty() {
            out.cur.push(Piece::Unknown);
            return;
        }
        let v = self.lookup(name);
        let Some(pat_raw) = op.strip_prefix(":#") else {
            if op.is_empty() {
                self.push_val(v, ctx, in_dq, all, out);
            } else {
                out.cur.push(Piece::Unknown);
            }
            return;
        };
        let Some(pat) = self.expand_str(pat_raw, Ctx::Scalar) else {
            out.cur.push(Piece::Unknown);
            return;
        };
        let elems = match v {
            Val::Unset => Vec::new(),
            Val::Unknown => {
                out.cur.push(Piece::Unknown);
                return;
            }
            Val::Str(f) => vec![f],
            Val::Arr(a) => a,
        };
        let mut kept = Vec::new();
        for e in elems {
            let Some(s) = field_str(&e) else {
                out.cur.push(Piece::Unknown);
                return;
            };
            if super::glob::glob_match(&pat, &s) == keep_matching {
                kept.push(e);
            }
        }
        self.push_val(Val::Arr(kept), ctx, in_dq, all, out);
    }

    /// Apply zsh modifiers (`A:h`, `t`, `a`, `r`, `e`, `h`) to a path; `None` for ones
    /// NativeGo does not model or a path it cannot resolve.
    fn modifiers(&self, value: &str, mods: &str) -> Option<String> {
        let mut v = value.to_string();
        for m in mods.split(':') {
            v = match m {
                "h" => match v.trim_end_matches('/').rfind('/') {
                    Some(0) => "/".to_string(),
                    Some(k) => v[..k].to_string(),
                    None => ".".to_string(),
                },
                "t" => v
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                "r" => match v.rfind('.') {
                    Some(k) if !v[k..].contains('/') => v[..k].to_string(),
                    _ => v,
                },
                "e" => match v.rfind('.') {
                    Some(k) if !v[k..].contains('/') => v[k + 1..].to_string(),
                    _ => String::new(),
                },
                "a" | "A" => {
                    let norm = normalize(&self.abs_from_home(&v)?);
                    if m == "A" {
                        match self.host.canonicalize(Path::new(&norm)) {
                            Ok(p) => p.display().to_string(),
                            // zsh keeps the path when it does not exist.
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => norm,
                            Err(_) => return None,
                        }
                    } else {
                        norm
                    }
                }
                _ => return None,
            };
        }
        Some(v)
    }

    /// `p` as an absolute path: relative paths are taken from the home folder, where a new
    /// terminal's shell starts. `None` when HOME is not known.
    pub(super) fn abs_from_home(&self, p: &str) -> Option<String> {
        if p.starts_with('/') {
            Some(p.to_string())
        } else {
            Some(format!("{}/{p}", self.env.get_known("HOME")?))
        }
    }

    /// The value of a parameter.
    fn lookup(&self, name: &str) -> Val {
        let zsh = self.opts.shell == ShellKind::Zsh;
        if name == "PATH" || (zsh && name == "path") {
            let Some(entries) = &self.env.path else {
                return Val::Unset;
            };
            if name == "path" {
                let mut elems: Vec<Field> = entries
                    .iter()
                    .map(|e| vec![Piece::Entry(e.dir.clone(), e.origin.clone())])
                    .collect();
                if self.env.path_incomplete {
                    elems.push(vec![Piece::Unknown]);
                }
                return Val::Arr(elems);
            }
            let mut f = Vec::new();
            for (k, e) in entries.iter().enumerate() {
                if k > 0 {
                    f.push(Piece::Lit(":".into()));
                }
                f.push(Piece::Entry(e.dir.clone(), e.origin.clone()));
            }
            if self.env.path_incomplete {
                if !entries.is_empty() {
                    f.push(Piece::Lit(":".into()));
                }
                f.push(Piece::Unknown);
            }
            return Val::Str(f);
        }
        match name {
            "@" | "*" => {
                return Val::Arr(
                    self.args()
                        .iter()
                        .map(|a| vec![Piece::Lit(a.clone())])
                        .collect(),
                )
            }
            "#" => return Val::Str(vec![Piece::Lit(self.args().len().to_string())]),
            "?" | "$" | "!" => return Val::Unknown,
            _ => {}
        }
        if let Ok(n) = name.parse::<usize>() {
            if n == 0 {
                let zero = if zsh {
                    self.argzero()
                } else {
                    // bash: `$0` is the shell's, `BASH_SOURCE` names the file.
                    Some(self.shell_name().to_string())
                };
                return match zero {
                    Some(z) => Val::Str(vec![Piece::Lit(z)]),
                    None => Val::Unknown,
                };
            }
            return match self.args().get(n - 1) {
                Some(a) => Val::Str(vec![Piece::Lit(a.clone())]),
                None => Val::Unset,
            };
        }
        if zsh && (name == "CPUTYPE" || name == "MACHTYPE") && !self.env.vars.contains_key(name) {
            return match self.terminal_arch() {
                Some(a) => Val::Str(vec![Piece::Lit(a)]),
                None => Val::Unknown,
            };
        }
        if let Some(a) = self.env.arrays.get(name) {
            return match a {
                Some(elems) => {
                    Val::Arr(elems.iter().map(|e| vec![Piece::Lit(e.clone())]).collect())
                }
                None => Val::Unknown,
            };
        }
        match self.env.vars.get(name) {
            None => Val::Unset,
            Some(v) => match &v.val {
                Some(s) => Val::Str(vec![Piece::Lit(s.clone())]),
                None => Val::Unknown,
            },
        }
    }

    /// The shell's own `$0` as a terminal starts it (a login shell).
    pub(super) fn shell_name(&self) -> &'static str {
        match self.opts.shell {
            ShellKind::Bash => "-bash",
            _ => "-zsh",
        }
    }
}

/// A formula name as `brew --prefix NAME` resolves it: Homebrew's alias table maps
/// `golang` to `go` (versioned formulae such as `go@1.24` are names of their own).
pub(super) fn brew_formula(name: &str) -> &str {
    match name {
        "golang" => "go",
        other => other,
    }
}

/// `/a/./b/../c` → `/a/c` (lexically, as zsh's `:a`).
fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

fn join_fields(fields: Vec<Field>) -> Field {
    let mut out = Vec::new();
    for (k, f) in fields.into_iter().enumerate() {
        if k > 0 {
            out.push(Piece::Lit(" ".into()));
        }
        out.extend(f);
    }
    out
}
