//! Parser: tokens to a small command tree (lists, and-or chains, pipelines, `if`, `for`,
//! `while`, `case`, function definitions, groups and subshells).
//!
//! Parsing stops at the first syntax error; the commands before it are kept, the way a
//! shell runs a file's commands until it meets one it cannot parse.

use super::lexer::{Tok, Token};

/// A command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A simple command: raw words (assignments first), redirections dropped.
    Simple { words: Vec<String>, line: u32 },
    /// `[[ … ]]`: raw words between the brackets.
    Cond { words: Vec<String>, line: u32 },
    /// `a | b`, possibly negated with `!`.
    Pipeline {
        negate: bool,
        cmds: Vec<Node>,
        line: u32,
    },
    /// `a && b || c`.
    AndOr {
        first: Box<Node>,
        rest: Vec<(bool, Node)>,
    },
    If {
        /// (condition, body) for `if` and each `elif`.
        branches: Vec<(Vec<Node>, Vec<Node>)>,
        otherwise: Option<Vec<Node>>,
        line: u32,
    },
    For {
        var: String,
        /// `None`: `for x; do` (the positional parameters).
        words: Option<Vec<String>>,
        body: Vec<Node>,
        line: u32,
    },
    While {
        until: bool,
        cond: Vec<Node>,
        body: Vec<Node>,
        line: u32,
    },
    Case {
        word: String,
        arms: Vec<(Vec<String>, Vec<Node>)>,
        line: u32,
    },
    FuncDef {
        name: String,
        body: Box<Node>,
        line: u32,
    },
    /// `{ …; }` (and zsh's `{ … } always { … }`: both parts, in order).
    Group { body: Vec<Node>, line: u32 },
    /// zsh's anonymous function, run at once: `() { … } args`, `function { … } args`.
    AnonFunc {
        body: Box<Node>,
        args: Vec<String>,
        line: u32,
    },
    /// `( … )`: runs in a subshell; nothing it sets survives.
    Subshell { body: Vec<Node>, line: u32 },
    /// `((…))`.
    Arith { line: u32 },
    /// Lines NativeGo could not parse, skipped so that the rest of the file is still
    /// evaluated ([`parse_recovering`]).
    Unparsed { line: u32, end: u32, msg: String },
}

impl Node {
    pub fn line(&self) -> u32 {
        match self {
            Node::Simple { line, .. }
            | Node::Cond { line, .. }
            | Node::Pipeline { line, .. }
            | Node::If { line, .. }
            | Node::For { line, .. }
            | Node::While { line, .. }
            | Node::Case { line, .. }
            | Node::FuncDef { line, .. }
            | Node::Group { line, .. }
            | Node::AnonFunc { line, .. }
            | Node::Subshell { line, .. }
            | Node::Arith { line }
            | Node::Unparsed { line, .. } => *line,
            Node::AndOr { first, .. } => first.line(),
        }
    }
}

/// The result of parsing: the commands up to the first error, and that error.
#[derive(Debug, Default)]
pub struct Parsed {
    pub nodes: Vec<Node>,
    pub error: Option<(u32, String)>,
    /// The token where the command that failed to parse starts.
    pub error_start: usize,
    /// The error is the end of the input inside a compound command (`if` without `fi`):
    /// certain, whatever NativeGo's parser lacks.
    pub error_at_eof: bool,
}

const MAX_NESTING: usize = 200;

struct Parser<'a> {
    t: &'a [Token],
    i: usize,
    depth: usize,
    /// Open `{` groups: inside one, a `}` word ends a simple command (zsh allows `{ a }`).
    braces: usize,
    /// Open `foreach` loops: inside one, the word `end` ends a list.
    foreach: usize,
    /// Parsing an `if`/`elif` condition: a `{` after the condition starts zsh's short
    /// form body (`if [[ … ]] { … }`).
    in_condition: bool,
}

type PResult<T> = Result<T, (u32, String)>;

/// Parse tokens into commands.
pub fn parse(tokens: &[Token]) -> Parsed {
    let mut p = Parser {
        t: tokens,
        i: 0,
        depth: 0,
        braces: 0,
        foreach: 0,
        in_condition: false,
    };
    let mut out = Parsed::default();
    loop {
        p.skip_separators();
        if p.i >= p.t.len() {
            break;
        }
        let start = p.i;
        match p.and_or() {
            Ok(n) => out.nodes.push(n),
            Err(e) => {
                out.error = Some(e);
                out.error_start = start;
                out.error_at_eof = p.i >= p.t.len();
                break;
            }
        }
        match p.peek() {
            None | Some(Tok::Newline) | Some(Tok::Semi) | Some(Tok::Amp) => {}
            Some(t) => {
                out.error = Some((p.line(), format!("unexpected `{}`", tok_text(t))));
                out.error_start = start;
                out.nodes.pop();
                break;
            }
        }
    }
    out
}

/// Parse tokens, skipping what cannot be parsed: each command NativeGo's parser fails on
/// becomes a [`Node::Unparsed`] spanning it (up to where its keywords and brackets
/// balance again, or the end of the file), and parsing goes on after it. For files the
/// shell itself accepts, so that one construct NativeGo does not know costs one statement,
/// not the rest of the file.
///
/// `first` is [`parse`]'s result on the same tokens, so that it is not parsed again.
pub fn parse_recovering(tokens: &[Token], first: Parsed) -> Parsed {
    let mut out = Parsed::default();
    let mut from = 0;
    let mut first = Some(first);
    while from < tokens.len() {
        let part = first.take().unwrap_or_else(|| parse(&tokens[from..]));
        out.nodes.extend(part.nodes);
        let Some((err_line, msg)) = part.error else {
            break;
        };
        if out.error.is_none() {
            out.error = Some((err_line, msg.clone()));
        }
        let start = from + part.error_start;
        let end = skip_statement(tokens, start, err_line);
        let first_line = tokens.get(start).map(|t| t.line).unwrap_or(err_line);
        let last_line = tokens
            .get(end.saturating_sub(1))
            .map(|t| t.line)
            .unwrap_or(err_line)
            .max(first_line);
        out.nodes.push(Node::Unparsed {
            line: first_line,
            end: last_line,
            msg,
        });
        if end <= from {
            break;
        }
        from = end;
    }
    out
}

/// Where to resume after a command that failed to parse at `start`: past the point where
/// its compound keywords and brackets balance (at least past the error's line), at the
/// next newline.
fn skip_statement(tokens: &[Token], start: usize, err_line: u32) -> usize {
    let mut depth: i64 = 0;
    let mut i = start;
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.tok {
            Tok::Word(w) => match w.as_str() {
                "if" | "case" | "for" | "foreach" | "while" | "until" | "select" | "repeat"
                | "{" => depth += 1,
                "fi" | "esac" | "done" | "end" | "}" => depth -= 1,
                _ => {}
            },
            Tok::LParen => depth += 1,
            Tok::RParen => depth -= 1,
            Tok::Newline if depth <= 0 && t.line >= err_line => return i + 1,
            _ => {}
        }
        i += 1;
    }
    tokens.len()
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Newline => "newline".into(),
        Tok::Semi => ";".into(),
        Tok::DSemi => ";;".into(),
        Tok::Amp => "&".into(),
        Tok::AndAnd => "&&".into(),
        Tok::OrOr => "||".into(),
        Tok::Pipe => "|".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Redir(r) => r.clone(),
    }
}

/// Words that end a list.
fn is_terminator(w: &str) -> bool {
    matches!(
        w,
        "then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "}"
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i).map(|t| &t.tok)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    fn line(&self) -> u32 {
        self.t
            .get(self.i)
            .or_else(|| self.t.last())
            .map(|t| t.line)
            .unwrap_or(1)
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
    }

    fn skip_separators(&mut self) {
        while matches!(
            self.peek(),
            Some(Tok::Newline) | Some(Tok::Semi) | Some(Tok::Amp)
        ) {
            self.i += 1;
        }
    }

    fn expect_word(&mut self, w: &str) -> PResult<()> {
        self.skip_separators();
        if self.peek_word() == Some(w) {
            self.i += 1;
            Ok(())
        } else {
            let found = self
                .peek()
                .map(tok_text)
                .unwrap_or_else(|| "end of file".into());
            Err((self.line(), format!("expected `{w}`, found `{found}`")))
        }
    }

    /// A list of commands up to a terminator word, `)`, `;;` or end of input.
    fn list(&mut self) -> PResult<Vec<Node>> {
        let mut out = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::DSemi) => break,
                Some(Tok::Word(w)) if is_terminator(w) => break,
                Some(Tok::Word(w)) if w == "end" && self.foreach > 0 => break,
                Some(Tok::Word(w)) if w == "{" && self.in_condition && !out.is_empty() => break,
                _ => {}
            }
            let saved = std::mem::replace(&mut self.in_condition, false);
            let node = self.and_or();
            self.in_condition = saved;
            out.push(node?);
        }
        Ok(out)
    }

    fn and_or(&mut self) -> PResult<Node> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err((self.line(), "nesting too deep".into()));
        }
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let and = match self.peek() {
                Some(Tok::AndAnd) => true,
                Some(Tok::OrOr) => false,
                _ => break,
            };
            self.i += 1;
            self.skip_newlines();
            rest.push((and, self.pipeline()?));
        }
        self.depth -= 1;
        Ok(if rest.is_empty() {
            first
        } else {
            Node::AndOr {
                first: Box::new(first),
                rest,
            }
        })
    }

    fn pipeline(&mut self) -> PResult<Node> {
        let line = self.line();
        let mut negate = false;
        while self.peek_word() == Some("!") {
            negate = !negate;
            self.i += 1;
        }
        let mut cmds = vec![self.command()?];
        while self.peek() == Some(&Tok::Pipe) {
            self.i += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        if !negate && cmds.len() == 1 {
            return Ok(cmds.pop().unwrap_or(Node::Arith { line }));
        }
        Ok(Node::Pipeline { negate, cmds, line })
    }

    fn skip_redirections(&mut self) {
        while let Some(Tok::Redir(_)) = self.peek() {
            self.i += 1;
            if let Some(Tok::Word(_)) = self.peek() {
                self.i += 1;
            }
        }
    }

    fn command(&mut self) -> PResult<Node> {
        let line = self.line();
        let node = match self.peek() {
            None => return Err((line, "unexpected end of file".into())),
            Some(Tok::LParen) if self.tok_at(1) == Some(&Tok::RParen) => {
                // zsh: `() { … } args`, an anonymous function run at once.
                self.i += 2;
                self.anon_func(line)?
            }
            Some(Tok::LParen) => {
                self.i += 1;
                let body = self.list()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err((self.line(), "expected `)`".into()));
                }
                self.i += 1;
                Node::Subshell { body, line }
            }
            Some(Tok::Word(w)) => match w.as_str() {
                "if" => self.if_clause()?,
                "for" | "foreach" | "select" => self.for_clause()?,
                "while" | "until" => {
                    let until = w == "until";
                    self.i += 1;
                    let cond = self.list()?;
                    self.expect_word("do")?;
                    let body = self.list()?;
                    self.expect_word("done")?;
                    Node::While {
                        until,
                        cond,
                        body,
                        line,
                    }
                }
                "case" => self.case_clause()?,
                "{" => {
                    self.i += 1;
                    self.braces += 1;
                    let body = self.list();
                    self.braces -= 1;
                    let mut body = body?;
                    self.expect_word("}")?;
                    // zsh: `{ try } always { finally }`.
                    if self.peek_word() == Some("always")
                        && self.tok_at(1) == Some(&Tok::Word("{".into()))
                    {
                        self.i += 1;
                        if let Node::Group { body: more, .. } = self.command()? {
                            body.extend(more);
                        }
                    }
                    Node::Group { body, line }
                }
                "function" => {
                    self.i += 1;
                    // zsh: several names share one body; none is an anonymous function.
                    let mut names = Vec::new();
                    while let Some(Tok::Word(n)) = self.peek() {
                        if n == "{" {
                            break;
                        }
                        names.push(n.clone());
                        self.i += 1;
                    }
                    if self.peek() == Some(&Tok::LParen) && self.tok_at(1) == Some(&Tok::RParen) {
                        self.i += 2;
                    }
                    if names.is_empty() {
                        self.anon_func(line)?
                    } else {
                        self.func_defs(names, line)?
                    }
                }
                "[[" => {
                    self.i += 1;
                    let mut words = Vec::new();
                    loop {
                        match self.peek() {
                            None | Some(Tok::Newline) => {
                                return Err((line, "unterminated `[[`".into()))
                            }
                            Some(Tok::Word(w)) if w == "]]" => {
                                self.i += 1;
                                break;
                            }
                            Some(t) => {
                                words.push(match t {
                                    Tok::Word(w) => w.clone(),
                                    other => tok_text(other),
                                });
                                self.i += 1;
                            }
                        }
                    }
                    Node::Cond { words, line }
                }
                w if w.starts_with("((") => {
                    self.i += 1;
                    Node::Arith { line }
                }
                w if is_terminator(w) => {
                    return Err((line, format!("unexpected `{w}`")));
                }
                _ => {
                    // Function definition `name () …`, or zsh's `a b () …` (one body, several
                    // names)?
                    let mut k = 0;
                    while matches!(self.tok_at(k), Some(Tok::Word(_))) {
                        k += 1;
                    }
                    if k > 0
                        && self.tok_at(k) == Some(&Tok::LParen)
                        && self.tok_at(k + 1) == Some(&Tok::RParen)
                    {
                        let names: Vec<String> = self.t[self.i..self.i + k]
                            .iter()
                            .filter_map(|t| match &t.tok {
                                Tok::Word(w) => Some(w.clone()),
                                _ => None,
                            })
                            .collect();
                        self.i += k + 2;
                        self.func_defs(names, line)?
                    } else {
                        self.simple(line)
                    }
                }
            },
            Some(Tok::Redir(_)) => self.simple(line),
            Some(t) => return Err((line, format!("unexpected `{}`", tok_text(t)))),
        };
        self.skip_redirections();
        Ok(node)
    }

    fn tok_at(&self, k: usize) -> Option<&Tok> {
        self.t.get(self.i + k).map(|t| &t.tok)
    }

    /// The body of one or more function names, after `name ()` / `function name`.
    fn func_defs(&mut self, names: Vec<String>, line: u32) -> PResult<Node> {
        self.skip_newlines();
        let body = Box::new(self.command()?);
        let mut defs: Vec<Node> = names
            .into_iter()
            .map(|name| Node::FuncDef {
                name,
                body: body.clone(),
                line,
            })
            .collect();
        Ok(if defs.len() == 1 {
            defs.remove(0)
        } else {
            Node::Group { body: defs, line }
        })
    }

    /// An anonymous function's body and the arguments it is called with.
    fn anon_func(&mut self, line: u32) -> PResult<Node> {
        self.skip_newlines();
        let body = Box::new(self.command()?);
        let args = self.words(true);
        Ok(Node::AnonFunc { body, args, line })
    }

    fn simple(&mut self, line: u32) -> Node {
        let words = self.words(false);
        Node::Simple { words, line }
    }

    /// A command's words, redirections dropped. Inside a `{` group a `}` ends them (zsh
    /// allows `{ a }`), except as the first word of a simple command unless
    /// `brace_ends_first` (the arguments of an anonymous function).
    fn words(&mut self, brace_ends_first: bool) -> Vec<String> {
        let mut words = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Word(w)) => {
                    if w == "}" && self.braces > 0 && (brace_ends_first || !words.is_empty()) {
                        break;
                    }
                    words.push(w.clone());
                    self.i += 1;
                }
                Some(Tok::Redir(_)) => {
                    self.i += 1;
                    if let Some(Tok::Word(_)) = self.peek() {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
        words
    }

    /// An `if`/`elif` condition and its body: `cond; then list` or zsh's short form
    /// `cond { list }`. Returns whether the short form was used.
    fn cond_body(&mut self) -> PResult<(Vec<Node>, Vec<Node>, bool)> {
        let saved = std::mem::replace(&mut self.in_condition, true);
        let cond = self.list();
        self.in_condition = saved;
        let cond = cond?;
        if self.peek_word() == Some("{") {
            let body = match self.command()? {
                Node::Group { body, .. } => body,
                other => vec![other],
            };
            return Ok((cond, body, true));
        }
        self.expect_word("then")?;
        Ok((cond, self.list()?, false))
    }

    fn if_clause(&mut self) -> PResult<Node> {
        let line = self.line();
        self.i += 1; // if
        let mut branches = Vec::new();
        let mut otherwise = None;
        let (cond, body, mut short) = self.cond_body()?;
        branches.push((cond, body));
        loop {
            if !short {
                self.skip_separators();
            } else {
                // The short form ends at its `}` unless `elif`/`else` follows (zsh allows a
                // newline before them).
                let mut k = 0;
                while matches!(self.tok_at(k), Some(Tok::Newline) | Some(Tok::Semi)) {
                    k += 1;
                }
                match self.tok_at(k) {
                    Some(Tok::Word(w)) if w == "elif" || w == "else" => self.i += k,
                    _ => break,
                }
            }
            match self.peek_word() {
                Some("elif") => {
                    self.i += 1;
                    let (cond, body, s) = self.cond_body()?;
                    short = s;
                    branches.push((cond, body));
                }
                Some("else") if short => {
                    self.i += 1;
                    self.skip_newlines();
                    otherwise = Some(match self.command()? {
                        Node::Group { body, .. } => body,
                        other => vec![other],
                    });
                    break;
                }
                Some("else") => {
                    self.i += 1;
                    otherwise = Some(self.list()?);
                }
                Some("fi") => {
                    self.i += 1;
                    break;
                }
                _ => return Err((self.line(), "unterminated `if` (missing `fi`)".into())),
            }
        }
        Ok(Node::If {
            branches,
            otherwise,
            line,
        })
    }

    fn for_clause(&mut self) -> PResult<Node> {
        let line = self.line();
        let keyword = self.peek_word().unwrap_or("for").to_string();
        self.i += 1;
        let var = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err((line, format!("expected a name after `{keyword}`"))),
        };
        self.i += 1;
        if var.starts_with("((") {
            // `for (( init; cond; step ))`: runs an unknown number of times.
            let body = self.loop_body()?;
            return Ok(Node::While {
                until: false,
                cond: vec![Node::Arith { line }],
                body,
                line,
            });
        }
        let mut words = None;
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
        if self.peek_word() == Some("in") {
            self.i += 1;
            let mut ws = Vec::new();
            while let Some(Tok::Word(w)) = self.peek() {
                ws.push(w.clone());
                self.i += 1;
            }
            words = Some(ws);
        } else if self.peek() == Some(&Tok::LParen) {
            // zsh: `for x (a b c) …`
            self.i += 1;
            let mut ws = Vec::new();
            while let Some(Tok::Word(w)) = self.peek() {
                ws.push(w.clone());
                self.i += 1;
            }
            if self.peek() != Some(&Tok::RParen) {
                return Err((line, "expected `)` in `for`".into()));
            }
            self.i += 1;
            words = Some(ws);
        }
        if keyword == "foreach" {
            // csh style: `foreach x (a b)` … `end`.
            self.foreach += 1;
            let body = self.list();
            self.foreach -= 1;
            let body = body?;
            self.expect_word("end")?;
            return Ok(Node::For {
                var,
                words,
                body,
                line,
            });
        }
        let body = self.loop_body()?;
        if keyword == "select" {
            // `select` prompts on the terminal: its body runs an unknown number of times.
            return Ok(Node::While {
                until: false,
                cond: vec![Node::Arith { line }],
                body,
                line,
            });
        }
        Ok(Node::For {
            var,
            words,
            body,
            line,
        })
    }

    /// A loop's body: `do list done`, `{ list }`, or zsh's short form (one command).
    fn loop_body(&mut self) -> PResult<Vec<Node>> {
        self.skip_separators();
        if self.peek_word() == Some("{") {
            return Ok(vec![self.command()?]);
        }
        if self.peek_word() == Some("do") {
            self.i += 1;
            let b = self.list()?;
            self.expect_word("done")?;
            return Ok(b);
        }
        match self.peek() {
            None => Err((self.line(), "expected `do`, found `end of file`".into())),
            Some(Tok::Word(w)) if is_terminator(w) => {
                Err((self.line(), format!("expected `do`, found `{w}`")))
            }
            // zsh's short form takes a sublist: `for d (…) [[ -d $d ]] && path+=($d)`.
            _ => Ok(vec![self.and_or()?]),
        }
    }

    fn case_clause(&mut self) -> PResult<Node> {
        let line = self.line();
        self.i += 1;
        let word = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err((line, "expected a word after `case`".into())),
        };
        self.i += 1;
        self.skip_newlines();
        if self.peek_word() != Some("in") {
            return Err((self.line(), "expected `in` after `case`".into()));
        }
        self.i += 1;
        let mut arms = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                Some(Tok::Word(w)) if w == "esac" => {
                    self.i += 1;
                    break;
                }
                None => return Err((line, "unterminated `case` (missing `esac`)".into())),
                _ => {}
            }
            if self.peek() == Some(&Tok::LParen) {
                self.i += 1;
            }
            let mut pats = Vec::new();
            loop {
                match self.peek() {
                    Some(Tok::Word(w)) => {
                        pats.push(w.clone());
                        self.i += 1;
                    }
                    _ => return Err((self.line(), "expected a pattern in `case`".into())),
                }
                match self.peek() {
                    Some(Tok::Pipe) => self.i += 1,
                    Some(Tok::RParen) => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err((self.line(), "expected `)` in `case`".into())),
                }
            }
            let body = self.list()?;
            arms.push((pats, body));
            match self.peek() {
                Some(Tok::DSemi) => self.i += 1,
                Some(Tok::Word(w)) if w == "esac" => {}
                _ => return Err((self.line(), "unterminated `case` (missing `esac`)".into())),
            }
        }
        Ok(Node::Case { word, arms, line })
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn p(text: &str) -> Parsed {
        parse(&lex(text).tokens)
    }

    #[test]
    fn compound_commands() {
        let r = p("if [ -d /x ]; then\n a=1\nelif true; then b=2\nelse c=3\nfi\nf() {\n x=1\n}\ncase $a in\n a|b) y=1;;\n *) ;;\nesac\nfor i in 1 2; do :; done\n");
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.nodes.len(), 4);
        assert!(
            matches!(&r.nodes[0], Node::If { branches, otherwise: Some(_), line: 1 } if branches.len() == 2)
        );
        assert!(matches!(&r.nodes[1], Node::FuncDef { name, line: 6, .. } if name == "f"));
        assert!(matches!(&r.nodes[2], Node::Case { arms, .. } if arms.len() == 2));
        assert!(matches!(&r.nodes[3], Node::For { .. }));
    }

    #[test]
    fn unterminated_if_is_an_error_after_earlier_commands() {
        let r = p("a=1\nif true; then\n b=2\n");
        assert_eq!(r.nodes.len(), 1);
        assert!(r.error.is_some());
    }
}
