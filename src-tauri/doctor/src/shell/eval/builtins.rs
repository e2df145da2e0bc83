//! Simple commands and the builtins that change the environment: `export`, `typeset`,
//! `unset`, `source`, `eval`, `cd`, `setopt`, `brew`, `command -v` and their kin.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::*;

impl<'h> Evaluator<'h> {
    // ----- simple commands ---------------------------------------------------------

    pub(super) fn exec_simple(&mut self, words: &[String]) -> R {
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

    pub(super) fn exec_command(&mut self, words: &[String]) -> R {
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
            "true" | ":" => {
                // Arguments are expanded for their effects: `: ${GOPATH:=$HOME/go}`.
                for w in rest {
                    self.expand(w, Ctx::Args);
                }
                Ok(St::T)
            }
            "emulate" => {
                // `emulate sh -c 'cmd'`: runs cmd (in that emulation, not modelled beyond
                // running it); `emulate -L zsh` and the like change options only.
                if let Some(k) = rest.iter().position(|w| w == "-c") {
                    if let Some(cmd) = rest.get(k + 1) {
                        return self.exec_eval(std::slice::from_ref(cmd));
                    }
                }
                Ok(St::T)
            }
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
                        "nullglob" | "cshnullglob" => self.env.glob.null_glob = val,
                        "nomatch" => self.env.glob.no_match = val,
                        "globdots" => self.env.glob.dots = val,
                        "glob" => self.env.glob.enabled = val,
                        _ => {}
                    }
                }
                Ok(St::T)
            }
            "shopt" if self.opts.shell == ShellKind::Bash => {
                let mut on = None;
                for w in rest {
                    match w.as_str() {
                        "-s" => on = Some(true),
                        "-u" => on = Some(false),
                        name => {
                            let Some(val) = on else { continue };
                            match name {
                                "nullglob" => self.env.glob.null_glob = val,
                                "failglob" => self.env.glob.no_match = val,
                                "dotglob" => self.env.glob.dots = val,
                                "globstar" => self.env.glob.globstar = val,
                                _ => {}
                            }
                        }
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

    pub(super) fn exec_declare(&mut self, name: &str, rest: &[String]) -> R {
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
                    crate::shell::state::dedupe(&mut p);
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

    pub(super) fn call_function(&mut self, name: &str, func: Func, rest: &[String]) -> R {
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
            zero: Some(name.to_string()),
        });
        let body: &Node = &func.body;
        let r = self.exec(body);
        let r = self.finish_frame(r);
        self.line = saved_line;
        r
    }

    pub(super) fn exec_source(&mut self, cmd: &str, rest: &[String]) -> R {
        let Some(first) = rest.first() else {
            return Ok(St::F);
        };
        // `source <(cmd)`: the shell reads what cmd prints, as `eval "$(cmd)"` does.
        if let Some(inner) = first.strip_prefix("<(").and_then(|x| x.strip_suffix(')')) {
            return self.eval_subst_output(inner);
        }
        let Some(target) = self.expand_str(first, Ctx::Scalar) else {
            // The file could set anything: PATH and every Go variable become unknown.
            let mut affects = vec!["PATH"];
            affects.extend(super::GO_VARS);
            self.unknown("the sourced file's path could not be expanded", &affects);
            self.env.path_incomplete = true;
            let names: Vec<String> = super::GO_VARS.iter().map(|s| s.to_string()).collect();
            self.mark_unknown(&names, true);
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
        let r = self.run_file(&path, &text, args, Some(target));
        self.sourcing.pop();
        self.line = saved_line;
        r?;
        Ok(St::T)
    }

    /// The file `source NAME` reads: absolute, relative to the home (a new terminal's
    /// working directory), or (no slash) searched in PATH.
    pub(super) fn resolve_source(&mut self, _cmd: &str, target: &str) -> Option<PathBuf> {
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

    pub(super) fn path_dirs(&self) -> Vec<String> {
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
    pub(super) fn lookup_commands(&mut self, raw: &[String]) -> St {
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

    pub(super) fn abs(&self, p: &str) -> PathBuf {
        if p.starts_with('/') {
            PathBuf::from(p)
        } else {
            PathBuf::from(self.env.get_known("HOME").unwrap_or_default()).join(p)
        }
    }

    // ----- eval --------------------------------------------------------------------

    pub(super) fn exec_eval(&mut self, rest: &[String]) -> R {
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
            zero: None,
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

    pub(super) fn eval_subst_output(&mut self, inner: &str) -> R {
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
        // A command whose output NativeGo knows (`echo 'export X=1'`): run what it prints.
        if let Some(text) = self.command_subst(inner) {
            let quoted = format!("'{}'", text.replace('\'', "'\\''"));
            return self.exec_eval(&[quoted]);
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
}
