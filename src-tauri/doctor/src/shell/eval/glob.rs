//! Globbing: matching a word against a shell pattern, and expanding a glob against the
//! host's file system in the shell's sorted order.

use super::*;

impl<'h> Evaluator<'h> {
    /// Expand a `dir/*.ext`-style glob (pattern in the last component only) on the host.
    /// `None` if the word is not such a glob.
    pub(super) fn glob(&mut self, raw: &str) -> Option<Vec<String>> {
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
