//! Conditions: `[[ … ]]`, `[ … ]` and `test`, three-valued.

use super::*;

impl<'h> Evaluator<'h> {
    // ----- tests -------------------------------------------------------------------

    pub(super) fn eval_cond(&mut self, raw: &[String]) -> St {
        let mut args: Vec<(Option<String>, bool)> = Vec::new();
        for (k, w) in raw.iter().enumerate() {
            let after_match_op = k > 0 && matches!(raw[k - 1].as_str(), "==" | "=" | "!=");
            if after_match_op && w.contains(['"', '\'', '$', '\\']) {
                // A pattern with quoted or expanded parts: those parts match literally.
                // Passed as an unquoted pattern, already escaped.
                args.push((self.cond_pattern(w), false));
                continue;
            }
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

    pub(super) fn test_args(&mut self, args: &[Option<String>]) -> St {
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

    pub(super) fn file_test(&self, op: &str, path: &str) -> St {
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

/// Parser/evaluator for `[[ … ]]` and `[ … ]` expressions.
pub(super) struct CondParser<'a, 'e, 'h> {
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
    pub(super) fn word(&self, k: usize) -> Option<&str> {
        self.a.get(k).and_then(|(s, _)| s.as_deref())
    }

    pub(super) fn or(&mut self) -> St {
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

    pub(super) fn and(&mut self) -> St {
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

    pub(super) fn not(&mut self) -> St {
        if self.word(self.i) == Some("!") && self.i + 1 < self.a.len() {
            self.i += 1;
            return self.not().not();
        }
        self.primary()
    }

    pub(super) fn primary(&mut self) -> St {
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

    pub(super) fn binary(&mut self, op: &str, l: &str, r: &str, rquoted: bool) -> St {
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
