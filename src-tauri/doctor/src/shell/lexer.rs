//! Tokeniser for the shell subset: words (kept raw, quotes included), operators,
//! redirections, comments, line continuations and here-documents.
//!
//! Words keep their raw text so that expansion can later apply quoting rules; the lexer
//! only has to know where a word ends. It is linear in the input and never fails hard:
//! problems (an unterminated quote, a here-document without its delimiter) are reported
//! next to the tokens read so far.

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A word, raw (quotes and escapes still in it).
    Word(String),
    Newline,
    Semi,
    /// `;;`, `;&` or `;|` (case arm terminators).
    DSemi,
    Amp,
    AndAnd,
    OrOr,
    Pipe,
    LParen,
    RParen,
    /// A redirection operator (`>`, `2>`, `>>`, `<`, `<<`, `<<<`, `>&`, `&>` …).
    /// Its target is the following word (here-documents: the delimiter).
    Redir(String),
}

/// A token and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
}

/// The tokens of a text, and the first problem met, if any.
#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    /// A fatal problem: the tokens stop there (line, message).
    pub error: Option<(u32, String)>,
    /// Non-fatal problems (line, message), e.g. a here-document ended by end of file.
    pub warnings: Vec<(u32, String)>,
}

fn is_op_char(c: char) -> bool {
    matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>' | '\n')
}

/// Blanks separate words. A carriage return does not: zsh and bash keep it in the word
/// (a CRLF file's `export GOPROXY=x` sets `x\r`).
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `s` is `NAME=` or `NAME+=`: the start of an array assignment when `(` follows.
fn is_assign_prefix(s: &str) -> bool {
    let s = s
        .strip_suffix("+=")
        .or_else(|| s.strip_suffix('='))
        .unwrap_or("");
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if is_name_start(c)) && cs.all(is_name_char)
}

struct Lexer<'a> {
    c: &'a [char],
    i: usize,
    line: u32,
    out: Lexed,
    /// Here-documents whose bodies start after the next newline: (delimiter, strip tabs).
    pending_heredocs: Vec<(String, bool)>,
}

/// Tokenise `text` (lines numbered from 1).
pub fn lex(text: &str) -> Lexed {
    let chars: Vec<char> = text.chars().collect();
    let mut lx = Lexer {
        c: &chars,
        i: 0,
        line: 1,
        out: Lexed::default(),
        pending_heredocs: Vec::new(),
    };
    lx.run();
    lx.out
}

/// Split the inside of an array assignment or of a command substitution into raw words
/// (newlines count as blanks, comments dropped, operators dropped).
pub fn split_words(text: &str) -> Vec<String> {
    lex(text)
        .tokens
        .into_iter()
        .filter_map(|t| match t.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        })
        .collect()
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn push(&mut self, tok: Tok, line: u32) {
        self.out.tokens.push(Token { tok, line });
    }

    fn run(&mut self) {
        while self.i < self.c.len() && self.out.error.is_none() {
            let ch = self.c[self.i];
            if is_blank(ch) {
                self.i += 1;
                continue;
            }
            if ch == '\\' && self.peek(1) == Some('\n') {
                self.i += 2;
                self.line += 1;
                continue;
            }
            if ch == '#' {
                while self.i < self.c.len() && self.c[self.i] != '\n' {
                    self.i += 1;
                }
                continue;
            }
            let line = self.line;
            if ch == '\n' {
                self.i += 1;
                self.line += 1;
                self.push(Tok::Newline, line);
                self.read_heredoc_bodies();
                continue;
            }
            // `((…))` arithmetic command: one word.
            if ch == '(' && self.peek(1) == Some('(') {
                let start = self.i;
                self.i += 2;
                self.skip_balanced('(', ')', 2);
                let w: String = self.c[start..self.i].iter().collect();
                self.push(Tok::Word(w), line);
                continue;
            }
            let glob_flags = ch == '(' && self.peek(1) == Some('#');
            if let Some(op) = (!glob_flags).then(|| self.read_operator()).flatten() {
                if op == Tok::Redir("<<".into()) || op == Tok::Redir("<<-".into()) {
                    let strip = op == Tok::Redir("<<-".into());
                    self.push(op, line);
                    // The delimiter word.
                    while self.i < self.c.len() && is_blank(self.c[self.i]) {
                        self.i += 1;
                    }
                    let w = self.read_word();
                    let delim: String = w
                        .chars()
                        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                        .collect();
                    self.push(Tok::Word(w), line);
                    self.pending_heredocs.push((delim, strip));
                } else {
                    self.push(op, line);
                }
                continue;
            }
            let w = self.read_word();
            if self.out.error.is_some() {
                // The word was cut by an unterminated quote: the shell would not run it.
                break;
            }
            if !w.is_empty()
                && w.chars().all(|c| c.is_ascii_digit())
                && matches!(self.c.get(self.i), Some('<') | Some('>'))
            {
                // A file descriptor number (`2>&1`): part of the redirection that follows.
                continue;
            }
            if w.is_empty() {
                // Defensive: never loop without progress.
                self.i += 1;
                continue;
            }
            self.push(Tok::Word(w), line);
        }
        if !self.pending_heredocs.is_empty() {
            let line = self.line;
            self.out.warnings.push((
                line,
                "here-document not terminated before end of file".into(),
            ));
        }
    }

    fn read_operator(&mut self) -> Option<Tok> {
        let c0 = self.c[self.i];
        let c1 = self.peek(1);
        let c2 = self.peek(2);
        let (tok, n) = match (c0, c1, c2) {
            (';', Some(';'), _) | (';', Some('&'), _) | (';', Some('|'), _) => (Tok::DSemi, 2),
            (';', _, _) => (Tok::Semi, 1),
            ('&', Some('&'), _) => (Tok::AndAnd, 2),
            // zsh: `&!` and `&|` put a job in the background and disown it.
            ('&', Some('!'), _) | ('&', Some('|'), _) => (Tok::Amp, 2),
            ('&', Some('>'), Some('>')) => (Tok::Redir("&>>".into()), 3),
            ('&', Some('>'), _) => (Tok::Redir("&>".into()), 2),
            ('&', _, _) => (Tok::Amp, 1),
            ('|', Some('|'), _) => (Tok::OrOr, 2),
            ('|', Some('&'), _) => (Tok::Pipe, 2),
            ('|', _, _) => (Tok::Pipe, 1),
            ('(', _, _) => (Tok::LParen, 1),
            (')', _, _) => (Tok::RParen, 1),
            ('<', Some('<'), Some('<')) => (Tok::Redir("<<<".into()), 3),
            ('<', Some('<'), Some('-')) => (Tok::Redir("<<-".into()), 3),
            ('<', Some('<'), _) => (Tok::Redir("<<".into()), 2),
            ('<', Some('('), _) | ('>', Some('('), _) => return None,
            ('<', Some('&'), _) => (Tok::Redir("<&".into()), 2),
            ('<', Some('>'), _) => (Tok::Redir("<>".into()), 2),
            ('<', _, _) => (Tok::Redir("<".into()), 1),
            ('>', Some('>'), _) => (Tok::Redir(">>".into()), 2),
            ('>', Some('&'), _) => (Tok::Redir(">&".into()), 2),
            ('>', Some('|'), _) | ('>', Some('!'), _) => (Tok::Redir(">|".into()), 2),
            ('>', _, _) => (Tok::Redir(">".into()), 1),
            _ => return None,
        };
        self.i += n;
        Some(tok)
    }

    fn read_heredoc_bodies(&mut self) {
        let docs = std::mem::take(&mut self.pending_heredocs);
        for (delim, strip) in docs {
            let start_line = self.line;
            let mut found = false;
            while self.i < self.c.len() {
                let ls = self.i;
                while self.i < self.c.len() && self.c[self.i] != '\n' {
                    self.i += 1;
                }
                let mut l: &[char] = &self.c[ls..self.i];
                if self.i < self.c.len() {
                    self.i += 1;
                }
                self.line += 1;
                if strip {
                    while let Some(('\t', rest)) = l.split_first().map(|(a, b)| (*a, b)) {
                        l = rest;
                    }
                }
                if l.iter().copied().eq(delim.chars()) {
                    found = true;
                    break;
                }
            }
            if !found {
                self.out.warnings.push((
                    start_line,
                    format!("here-document `{delim}` not terminated before end of file"),
                ));
            }
        }
    }

    /// Skip to the matching close of a balanced pair, `depth` opens already consumed.
    /// Quotes inside are honoured.
    fn skip_balanced(&mut self, open: char, close: char, mut depth: usize) {
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            match ch {
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        self.line += 1;
                    }
                    self.i += 2;
                    continue;
                }
                '\n' => self.line += 1,
                '\'' => {
                    self.i += 1;
                    self.skip_single();
                    continue;
                }
                '"' => {
                    self.i += 1;
                    self.skip_double();
                    continue;
                }
                '`' => {
                    self.i += 1;
                    self.skip_backtick();
                    continue;
                }
                c if c == open => depth += 1,
                c if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        self.unterminated(&format!("`{open}`"));
    }

    fn unterminated(&mut self, what: &str) {
        if self.out.error.is_none() {
            self.out.error = Some((self.line, format!("unterminated {what}")));
        }
        self.i = self.c.len();
    }

    /// After an opening `'`: to just past the closing one.
    fn skip_single(&mut self) {
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            self.i += 1;
            if ch == '\n' {
                self.line += 1;
            }
            if ch == '\'' {
                return;
            }
        }
        self.unterminated("single quote");
    }

    /// After an opening `"`: to just past the closing one.
    fn skip_double(&mut self) {
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            match ch {
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        self.line += 1;
                    }
                    self.i += 2;
                    continue;
                }
                '"' => {
                    self.i += 1;
                    return;
                }
                '\n' => self.line += 1,
                '$' if self.peek(1) == Some('(') => {
                    self.i += 2;
                    self.skip_balanced('(', ')', 1);
                    continue;
                }
                '$' if self.peek(1) == Some('{') => {
                    self.i += 2;
                    self.skip_balanced('{', '}', 1);
                    continue;
                }
                '`' => {
                    self.i += 1;
                    self.skip_backtick();
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
        self.unterminated("double quote");
    }

    fn skip_backtick(&mut self) {
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            match ch {
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        self.line += 1;
                    }
                    self.i += 2;
                    continue;
                }
                '`' => {
                    self.i += 1;
                    return;
                }
                '\n' => self.line += 1,
                _ => {}
            }
            self.i += 1;
        }
        self.unterminated("backquote");
    }

    /// Skip the inside of an array assignment `(…)`: like balanced parens, but a `#` at the
    /// start of an element starts a comment.
    fn skip_array(&mut self) {
        let mut at_start = true;
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            match ch {
                '#' if at_start => {
                    while self.i < self.c.len() && self.c[self.i] != '\n' {
                        self.i += 1;
                    }
                    continue;
                }
                ')' => {
                    self.i += 1;
                    return;
                }
                '(' => {
                    self.i += 1;
                    self.skip_balanced('(', ')', 1);
                    at_start = false;
                    continue;
                }
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        self.line += 1;
                    }
                    self.i += 2;
                    at_start = false;
                    continue;
                }
                '\'' => {
                    self.i += 1;
                    self.skip_single();
                    at_start = false;
                    continue;
                }
                '"' => {
                    self.i += 1;
                    self.skip_double();
                    at_start = false;
                    continue;
                }
                '`' => {
                    self.i += 1;
                    self.skip_backtick();
                    at_start = false;
                    continue;
                }
                '$' if matches!(self.peek(1), Some('(') | Some('{')) => {
                    let (o, c) = if self.peek(1) == Some('(') {
                        ('(', ')')
                    } else {
                        ('{', '}')
                    };
                    self.i += 2;
                    self.skip_balanced(o, c, 1);
                    at_start = false;
                    continue;
                }
                '\n' => {
                    self.line += 1;
                    at_start = true;
                }
                c if is_blank(c) => at_start = true,
                _ => at_start = false,
            }
            self.i += 1;
        }
        self.unterminated("array `(`");
    }

    /// Read one word from the current position (not blank, not an operator).
    fn read_word(&mut self) -> String {
        let start = self.i;
        while self.i < self.c.len() {
            let ch = self.c[self.i];
            match ch {
                c if is_blank(c) => break,
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        // Line continuation inside a word: joins.
                        self.line += 1;
                    }
                    self.i = (self.i + 2).min(self.c.len());
                }
                '\'' => {
                    self.i += 1;
                    self.skip_single();
                }
                '"' => {
                    self.i += 1;
                    self.skip_double();
                }
                '`' => {
                    self.i += 1;
                    self.skip_backtick();
                }
                '$' if self.peek(1) == Some('(') => {
                    self.i += 2;
                    self.skip_balanced('(', ')', 1);
                }
                '$' if self.peek(1) == Some('{') => {
                    self.i += 2;
                    self.skip_balanced('{', '}', 1);
                }
                // Process substitution as a word: `<(cmd)`, `>(cmd)` (zsh also `=(cmd)`).
                '<' | '>' if self.i == start && self.peek(1) == Some('(') => {
                    self.i += 2;
                    self.skip_balanced('(', ')', 1);
                }
                // zsh glob flags and qualifiers: `(#i)foo*`, `file(#qN.mh+24)`.
                '(' if self.peek(1) == Some('#') => {
                    self.i += 1;
                    self.skip_balanced('(', ')', 1);
                }
                '(' => {
                    let so_far: String = self.c[start..self.i].iter().collect();
                    if is_assign_prefix(&so_far) {
                        self.i += 1;
                        self.skip_array();
                    } else if self.i > start && !so_far.ends_with('$') && is_glob_context(&so_far) {
                        // zsh glob qualifier / pattern group glued to a word: `*(N)`, `$^path(N-/)`.
                        self.i += 1;
                        self.skip_balanced('(', ')', 1);
                    } else {
                        break;
                    }
                }
                c if is_op_char(c) => break,
                _ => self.i += 1,
            }
        }
        let raw: String = self.c[start..self.i.min(self.c.len())].iter().collect();
        // Remove line continuations from the raw word.
        if raw.contains("\\\n") {
            raw.replace("\\\n", "")
        } else {
            raw
        }
    }
}

/// A word glued to `(` is a zsh glob qualifier when it already looks like a pattern.
fn is_glob_context(so_far: &str) -> bool {
    so_far.contains('*') || so_far.contains('?') || so_far.contains('^') || so_far.contains(']')
}

/// Find the index just past the balanced close of `open`…`close` starting after the
/// opening (at `i`), honouring quotes. Returns `c.len()` if unbalanced.
pub(crate) fn balanced_end(c: &[char], mut i: usize, open: char, close: char) -> usize {
    let mut depth = 1usize;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            x if x == open => depth += 1,
            x if x == close => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    c.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Tok> {
        lex(text).tokens.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_and_operators() {
        assert_eq!(
            words("a 'b c' \"d $(e \"f\")\";g&&h||i # c\n"),
            vec![
                Tok::Word("a".into()),
                Tok::Word("'b c'".into()),
                Tok::Word("\"d $(e \"f\")\"".into()),
                Tok::Semi,
                Tok::Word("g".into()),
                Tok::AndAnd,
                Tok::Word("h".into()),
                Tok::OrOr,
                Tok::Word("i".into()),
                Tok::Newline,
            ]
        );
    }

    #[test]
    fn arrays_heredocs_continuations() {
        let l = lex("path=(/a # x\n /b $path)\ncat <<EOF\nPATH=/no\nEOF\nx=1 \\\n y=2\n");
        let w: Vec<_> = l.tokens.iter().map(|t| (t.tok.clone(), t.line)).collect();
        assert_eq!(w[0], (Tok::Word("path=(/a # x\n /b $path)".into()), 1));
        assert!(w.contains(&(Tok::Word("x=1".into()), 6)));
        assert!(w.contains(&(Tok::Word("y=2".into()), 7)));
        assert!(!w.iter().any(|(t, _)| *t == Tok::Word("PATH=/no".into())));
        assert!(l.error.is_none());
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        let l = lex("a='b\nc\n");
        assert!(l.error.is_some());
    }
}
