//! Globbing: matching a word against a shell pattern, and expanding a glob against the
//! host's file system in the shell's sorted order.

use super::*;
use crate::shell::lexer::balanced_end;

/// The most paths a glob may visit or return before NativeGo gives up on it.
const MAX_GLOB_PATHS: usize = 10_000;

/// What a word that is a glob expands to.
pub(super) enum Globbed {
    /// The matches, sorted as the shell sorts them (or the word itself where the shell
    /// keeps an unmatched pattern).
    Words(Vec<String>),
    /// zsh's NOMATCH error: "no matches found", which aborts the file being read.
    NoMatch,
    /// A glob NativeGo cannot expand (an unknown part, a qualifier or pattern operator it
    /// does not model, too many paths).
    Unknown,
}

/// A pattern built from a raw word: quoted and expanded parts escaped.
struct Pattern {
    text: String,
    /// zsh glob qualifiers (`N`, `.`, `/`, `-`, `@`), from `(…)` or `(#q…)` at the end.
    qualifiers: Option<String>,
}

impl<'h> Evaluator<'h> {
    /// Expand `raw` as a glob against the host's file system. `None`: the word is not a
    /// glob (no unquoted `*`, `?`, `[` and no qualifier), expand it as usual.
    pub(super) fn glob(&mut self, raw: &str) -> Option<Globbed> {
        if !self.env.glob.enabled || !raw.contains(['*', '?', '[', '(']) {
            return None;
        }
        let zsh = self.opts.shell == ShellKind::Zsh;
        if self.env.glob.uncertain && raw.contains(['*', '?']) {
            return Some(Globbed::Unknown);
        }
        let pat = match self.glob_pattern(raw, zsh) {
            Ok(Some(p)) => p,
            Ok(None) => return None,
            Err(()) => return Some(Globbed::Unknown),
        };
        let mut null = self.env.glob.null_glob;
        let mut kinds: Vec<char> = Vec::new();
        if let Some(q) = &pat.qualifiers {
            let q = q.strip_prefix("#q").unwrap_or(q);
            for ch in q.chars() {
                match ch {
                    'N' => null = true,
                    '.' | '/' | '@' | '-' => kinds.push(ch),
                    _ => return Some(Globbed::Unknown),
                }
            }
        }
        let Some(mut found) = self.glob_walk(&pat.text, zsh || self.env.glob.globstar) else {
            return Some(Globbed::Unknown);
        };
        if !kinds.is_empty() {
            let follow = kinds.contains(&'-');
            let host = self.host;
            found.retain(|p| {
                let meta = if follow {
                    host.metadata(Path::new(p))
                } else {
                    host.symlink_metadata(Path::new(p))
                };
                let Ok(m) = meta else { return false };
                kinds.iter().all(|k| match k {
                    '.' => m.kind == FileKind::File,
                    '/' => m.kind == FileKind::Dir,
                    '@' => m.kind == FileKind::Symlink,
                    _ => true,
                })
            });
        }
        if !found.is_empty() {
            return Some(Globbed::Words(found));
        }
        if null {
            return Some(Globbed::Words(Vec::new()));
        }
        if self.env.glob.no_match {
            return Some(Globbed::NoMatch);
        }
        // The pattern itself, quotes removed.
        Some(Globbed::Words(vec![unescape(&pat.text)]))
    }

    /// The pattern of a raw word: `Ok(None)` if it has nothing to glob, `Err` if a part of
    /// it cannot be known.
    fn glob_pattern(&mut self, raw: &str, zsh: bool) -> Result<Option<Pattern>, ()> {
        let c: Vec<char> = raw.chars().collect();
        let mut text = String::new();
        let mut magic = false;
        let mut qualifiers = None;
        let mut i = 0;
        while i < c.len() {
            let ch = c[i];
            if let Some(part) = self.pattern_part(&c, i, zsh) {
                let (t, next, globbable) = part.ok_or(())?;
                magic |= globbable && t.contains(['*', '?', '[']);
                text.push_str(&t);
                i = next;
                continue;
            }
            match ch {
                '~' if i == 0 => {
                    let home = self.env.get_known("HOME").ok_or(())?;
                    if c.get(1).is_some_and(|&n| n != '/') {
                        return Err(());
                    }
                    text.push_str(&glob_escape(&home));
                    i += 1;
                }
                '`' => return Err(()),
                '(' if zsh => {
                    // A group running to the end of the word is a qualifier list when it
                    // is `(#q…)` or follows a pattern; any other group is a zsh pattern
                    // operator NativeGo does not model.
                    let end = paren_end(&c, i);
                    let inner: String = c[i + 1..end.saturating_sub(1).max(i + 1)].iter().collect();
                    if end == c.len()
                        && (inner.starts_with("#q") || magic)
                        && !inner.contains(['(', '|'])
                    {
                        qualifiers = Some(inner);
                        i = end;
                    } else {
                        return if magic || inner.starts_with('#') {
                            Err(())
                        } else {
                            Ok(None)
                        };
                    }
                }
                '{' if c[i..].contains(&',') || c[i..].windows(2).any(|w| w == ['.', '.']) => {
                    // Brace expansion before globbing: not modelled.
                    return Err(());
                }
                '*' | '?' | '[' => {
                    magic = true;
                    text.push(ch);
                    i += 1;
                }
                '|' | '(' | ')' => return if magic { Err(()) } else { Ok(None) },
                _ => {
                    text.push(ch);
                    i += 1;
                }
            }
        }
        if !magic && qualifiers.is_none() {
            return Ok(None);
        }
        Ok(Some(Pattern { text, qualifiers }))
    }

    /// The part of a pattern word at `c[i]` that is not pattern syntax of its own: a `\\`
    /// escape, a quoted part, or a `$` expansion, as pattern text (escaped where it matches
    /// literally), the index after it, and whether it came from a parameter that bash
    /// globs (zsh does not: no GLOB_SUBST). `None` for any other character, `Some(None)`
    /// when its value cannot be known.
    fn pattern_part(
        &mut self,
        c: &[char],
        i: usize,
        zsh: bool,
    ) -> Option<Option<(String, usize, bool)>> {
        match c[i] {
            '\\' => Some(Some((
                c.get(i + 1)
                    .map(|n| glob_escape(&n.to_string()))
                    .unwrap_or_default(),
                i + 2,
                false,
            ))),
            '\'' | '"' => {
                let end = quoted_end(c, i);
                let part: String = c[i..end].iter().collect();
                Some(
                    self.expand_str(&part, Ctx::Scalar)
                        .map(|v| (glob_escape(&v), end, false)),
                )
            }
            '$' => {
                let end = dollar_end(c, i, zsh);
                let part: String = c[i..end].iter().collect();
                Some(self.expand_str(&part, Ctx::Scalar).map(|v| {
                    if zsh {
                        (glob_escape(&v), end, false)
                    } else {
                        (v, end, true)
                    }
                }))
            }
            _ => None,
        }
    }

    /// The pattern of the right side of `[[ x == pattern ]]`: quoted parts and (in zsh)
    /// expansions match literally, the rest is a pattern. `None` if a part cannot be known
    /// or the pattern uses operators NativeGo does not match (`(a|b)`, `#`, `^`, `~`).
    pub(super) fn cond_pattern(&mut self, raw: &str) -> Option<String> {
        let zsh = self.opts.shell == ShellKind::Zsh;
        let c: Vec<char> = raw.chars().collect();
        let mut text = String::new();
        let mut i = 0;
        while i < c.len() {
            if let Some(part) = self.pattern_part(&c, i, zsh) {
                let (t, next, _) = part?;
                text.push_str(&t);
                i = next;
                continue;
            }
            match c[i] {
                '~' if i == 0 => {
                    text.push_str(&glob_escape(&self.env.get_known("HOME")?));
                    i += 1;
                }
                '`' | '(' | ')' | '|' => return None,
                '#' | '^' | '~' if zsh => return None,
                ch => {
                    text.push(ch);
                    i += 1;
                }
            }
        }
        Some(text)
    }

    /// The paths matching `pattern`, in byte order (the order of the C locale); `None`
    /// when the walk is too big.
    fn glob_walk(&self, pattern: &str, globstar: bool) -> Option<Vec<String>> {
        let absolute = pattern.starts_with('/');
        let base = if absolute {
            String::new()
        } else {
            // A new terminal's shell starts in the home folder.
            self.env.get_known("HOME")?
        };
        let comps: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        // Candidate paths so far, each with its display form (relative patterns give
        // relative results).
        let mut cands: Vec<(String, String)> =
            vec![(if absolute { "/".to_string() } else { base }, String::new())];
        let mut visited = 0usize;
        let dots = self.env.glob.dots;
        for (k, comp) in comps.iter().enumerate() {
            let last = k + 1 == comps.len();
            let mut next = Vec::new();
            for (path, shown) in &cands {
                let join = |p: &str, n: &str| {
                    if p.ends_with('/') {
                        format!("{p}{n}")
                    } else {
                        format!("{p}/{n}")
                    }
                };
                let show = |s: &str, n: &str| {
                    if s.is_empty() && !absolute {
                        n.to_string()
                    } else if s.is_empty() {
                        format!("/{n}")
                    } else {
                        format!("{s}/{n}")
                    }
                };
                if *comp == "**" && globstar {
                    // Zero or more directories, not following symlinks, hidden ones only
                    // with GLOB_DOTS.
                    let mut stack = vec![(path.clone(), shown.clone())];
                    while let Some((p, s)) = stack.pop() {
                        visited += 1;
                        if visited > MAX_GLOB_PATHS {
                            return None;
                        }
                        next.push((p.clone(), s.clone()));
                        for n in self.host.read_dir(Path::new(&p)).unwrap_or_default() {
                            if n.starts_with('.') && !dots {
                                continue;
                            }
                            let child = join(&p, &n);
                            if self
                                .host
                                .symlink_metadata(Path::new(&child))
                                .is_ok_and(|m| m.kind == FileKind::Dir)
                            {
                                stack.push((child, show(&s, &n)));
                            }
                        }
                    }
                    continue;
                }
                let has_magic = comp.contains(['*', '?', '[']);
                if !has_magic {
                    let lit = unescape(comp);
                    next.push((join(path, &lit), show(shown, &lit)));
                    continue;
                }
                for n in self.host.read_dir(Path::new(path)).unwrap_or_default() {
                    visited += 1;
                    if visited > MAX_GLOB_PATHS {
                        return None;
                    }
                    if n.starts_with('.') && !dots && !comp.starts_with('.') {
                        continue;
                    }
                    if !glob_match(comp, &n) {
                        continue;
                    }
                    let child = join(path, &n);
                    if !last && !host::is_dir(self.host, Path::new(&child)) {
                        continue;
                    }
                    next.push((child, show(shown, &n)));
                }
            }
            cands = next;
            if cands.is_empty() {
                break;
            }
        }
        let mut out: Vec<String> = cands
            .into_iter()
            .filter(|(p, _)| self.host.symlink_metadata(Path::new(p)).is_ok())
            .map(|(p, s)| if absolute { p } else { s })
            .collect();
        out.sort();
        out.dedup();
        Some(out)
    }
}

/// Where a quoted part starting at `c[i]` (`'` or `"`) ends (just past its close).
fn quoted_end(c: &[char], i: usize) -> usize {
    let q = c[i];
    let mut j = i + 1;
    while j < c.len() && c[j] != q {
        if q == '"' && c[j] == '\\' {
            j += 1;
        }
        j += 1;
    }
    (j + 1).min(c.len())
}

/// Where `$name`, `${…}`, `$(…)` starting at `c[i]` ends (zsh: `$name[…]` too).
fn dollar_end(c: &[char], i: usize, zsh: bool) -> usize {
    match c.get(i + 1) {
        Some('{') => balanced_end(c, i + 2, '{', '}'),
        Some('(') => balanced_end(c, i + 2, '(', ')'),
        Some(&n) if n.is_ascii_alphabetic() || n == '_' => {
            let mut j = i + 1;
            while j < c.len() && (c[j].is_ascii_alphanumeric() || c[j] == '_') {
                j += 1;
            }
            if zsh && c.get(j) == Some(&'[') {
                j = balanced_end(c, j + 1, '[', ']');
            }
            j
        }
        Some(_) => i + 2,
        None => i + 1,
    }
}

fn paren_end(c: &[char], i: usize) -> usize {
    balanced_end(c, i + 1, '(', ')')
}

/// A pattern's text with its escapes removed.
fn unescape(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                o.push(n);
            }
        } else {
            o.push(c);
        }
    }
    o
}

/// Escape glob characters so a quoted pattern matches literally.
pub(super) fn glob_escape(s: &str) -> String {
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
