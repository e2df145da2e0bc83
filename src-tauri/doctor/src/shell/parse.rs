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
    /// `{ …; }`.
    Group { body: Vec<Node>, line: u32 },
    /// `( … )`: runs in a subshell; nothing it sets survives.
    Subshell { body: Vec<Node>, line: u32 },
    /// `((…))`.
    Arith { line: u32 },
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
            | Node::Subshell { line, .. }
            | Node::Arith { line } => *line,
            Node::AndOr { first, .. } => first.line(),
        }
    }
}

/// The result of parsing: the commands up to the first error, and that error.
#[derive(Debug, Default)]
pub struct Parsed {
    pub nodes: Vec<Node>,
    pub error: Option<(u32, String)>,
}

const MAX_NESTING: usize = 200;

struct Parser<'a> {
    t: &'a [Token],
    i: usize,
    depth: usize,
    /// Open `{` groups: inside one, a `}` word ends a simple command (zsh allows `{ a }`).
    braces: usize,
}

type PResult<T> = Result<T, (u32, String)>;

/// Parse tokens into commands.
pub fn parse(tokens: &[Token]) -> Parsed {
    let mut p = Parser {
        t: tokens,
        i: 0,
        depth: 0,
        braces: 0,
    };
    let mut out = Parsed::default();
    loop {
        p.skip_separators();
        if p.i >= p.t.len() {
            break;
        }
        match p.and_or() {
            Ok(n) => out.nodes.push(n),
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
        match p.peek() {
            None | Some(Tok::Newline) | Some(Tok::Semi) | Some(Tok::Amp) => {}
            Some(t) => {
                out.error = Some((p.line(), format!("unexpected `{}`", tok_text(t))));
                break;
            }
        }
    }
    out
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
                _ => {}
            }
            out.push(self.and_or()?);
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
                "for" | "foreach" => self.for_clause()?,
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
                    let body = body?;
                    self.expect_word("}")?;
                    Node::Group { body, line }
                }
                "function" => {
                    self.i += 1;
                    let name = match self.peek() {
                        Some(Tok::Word(n)) => n.clone(),
                        _ => return Err((line, "expected a function name".into())),
                    };
                    self.i += 1;
                    if self.peek() == Some(&Tok::LParen)
                        && self.t.get(self.i + 1).map(|t| &t.tok) == Some(&Tok::RParen)
                    {
                        self.i += 2;
                    }
                    self.func_body(name, line)?
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
                    // Function definition `name () …`?
                    if self.t.get(self.i + 1).map(|t| &t.tok) == Some(&Tok::LParen)
                        && self.t.get(self.i + 2).map(|t| &t.tok) == Some(&Tok::RParen)
                    {
                        let name = w.clone();
                        self.i += 3;
                        self.func_body(name, line)?
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

    fn func_body(&mut self, name: String, line: u32) -> PResult<Node> {
        self.skip_newlines();
        let body = self.command()?;
        Ok(Node::FuncDef {
            name,
            body: Box::new(body),
            line,
        })
    }

    fn simple(&mut self, line: u32) -> Node {
        let mut words = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Word(w)) => {
                    if w == "}" && self.braces > 0 && !words.is_empty() {
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
        Node::Simple { words, line }
    }

    fn if_clause(&mut self) -> PResult<Node> {
        let line = self.line();
        self.i += 1; // if
        let mut branches = Vec::new();
        let mut otherwise = None;
        let cond = self.list()?;
        self.expect_word("then")?;
        let body = self.list()?;
        branches.push((cond, body));
        loop {
            self.skip_separators();
            match self.peek_word() {
                Some("elif") => {
                    self.i += 1;
                    let cond = self.list()?;
                    self.expect_word("then")?;
                    let body = self.list()?;
                    branches.push((cond, body));
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
        self.i += 1;
        let var = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err((line, "expected a name after `for`".into())),
        };
        self.i += 1;
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
        self.skip_separators();
        let body = if self.peek_word() == Some("{") {
            vec![self.command()?]
        } else {
            self.expect_word("do")?;
            let b = self.list()?;
            self.expect_word("done")?;
            b
        };
        Ok(Node::For {
            var,
            words,
            body,
            line,
        })
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
