//! Running the command tree: lists, `if`, `for`, `case`, and the alternatives of a
//! condition that cannot be decided, each run from the same state and merged.

use super::*;

impl Evaluator<'_> {
    pub fn exec_list(&mut self, nodes: &[Node]) -> R {
        let mut st = St::T;
        for n in nodes {
            st = self.exec(n)?;
        }
        Ok(st)
    }

    pub(super) fn exec(&mut self, node: &Node) -> R {
        let r = self.exec_node(node);
        if std::mem::take(&mut self.pending_abort) {
            return Err(Flow::Abort);
        }
        r
    }

    pub(super) fn exec_node(&mut self, node: &Node) -> R {
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
                let func = self.func_here(body);
                if let Some(n) = self.expand_str(name, Ctx::Scalar) {
                    self.env.functions.insert(n, func);
                }
                Ok(St::T)
            }
            Node::Group { body, .. } => self.exec_list(body),
            Node::AnonFunc { body, args, .. } => {
                let func = self.func_here(body);
                self.call_function("(anon)", func, args)
            }
            Node::Subshell { .. } | Node::Arith { .. } => Ok(St::U),
            Node::Unparsed { line, end, msg } => {
                self.line = *line;
                let text = self
                    .frame()
                    .map(|f| {
                        f.lines
                            .iter()
                            .skip(line.saturating_sub(1) as usize)
                            .take((end - line + 1) as usize)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                let affected = assigned_names_in(&text, 1);
                let refs: Vec<&str> = affected.iter().map(String::as_str).collect();
                let span = if end > line {
                    format!("lines {line}–{end}")
                } else {
                    "this line".to_string()
                };
                self.unknown(
                    &format!("NativeGo could not parse {span} ({msg}); it skipped them and evaluated the rest of the file"),
                    &refs,
                );
                // Exported or not cannot be told either: say unknown.
                self.mark_unknown(&affected, true);
                Ok(St::U)
            }
        }
    }

    /// A function of `body` defined here: its lines are attributed to the current file.
    pub(super) fn func_here(&self, body: &Node) -> Func {
        let (file, lines, line_override) = match self.frame() {
            Some(f) => (f.file.clone(), f.lines.clone(), f.line_override),
            None => (PathBuf::new(), Rc::new(Vec::new()), None),
        };
        Func {
            body: Rc::new(body.clone()),
            file,
            lines,
            line_override,
        }
    }

    pub(super) fn exec_if(
        &mut self,
        branches: &[(Vec<Node>, Vec<Node>)],
        otherwise: Option<&[Node]>,
    ) -> R {
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

    pub(super) fn exec_for(
        &mut self,
        var: &str,
        words: Option<&[String]>,
        body: &[Node],
        line: u32,
    ) -> R {
        self.line = line;
        let items: Option<Vec<String>> = match words {
            None => Some(self.args().to_vec()),
            Some(ws) => {
                let mut items = Some(Vec::new());
                for w in ws {
                    match self.glob(w) {
                        Some(Globbed::Words(g)) => {
                            if let Some(v) = items.as_mut() {
                                v.extend(g);
                            }
                            continue;
                        }
                        Some(Globbed::Unknown) => {
                            items = None;
                            continue;
                        }
                        Some(Globbed::NoMatch) => return self.no_match(),
                        None => {}
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

    /// Whether the real shell accepts the file (`zsh -f -n FILE`, `bash -n FILE`, bounded,
    /// no output kept); `None` where no program can run (a scenario) or it fails to.
    pub(super) fn shell_accepts(&self, path: &Path) -> Option<bool> {
        if !self.host.can_run() {
            return None;
        }
        let path_str = path.to_str()?;
        let (shell, args): (&str, Vec<&str>) = match self.opts.shell {
            ShellKind::Zsh => ("/bin/zsh", vec!["-f", "-n", path_str]),
            ShellKind::Bash => ("/bin/bash", vec!["-n", path_str]),
            ShellKind::Other => return None,
        };
        let out = self
            .host
            .run(
                Path::new(shell),
                &args,
                &[],
                std::time::Duration::from_secs(3),
                4096,
            )
            .ok()?;
        out.status.map(|s| s == 0)
    }

    /// zsh's "no matches found" error for `word`: the shell skips the rest of the file it
    /// is reading (the file that sourced it goes on).
    pub(super) fn no_match(&mut self) -> R {
        Err(Flow::Abort)
    }

    pub(super) fn exec_case(
        &mut self,
        word: &str,
        arms: &[(Vec<String>, Vec<Node>)],
        line: u32,
    ) -> R {
        self.line = line;
        let subject = self.expand_str(word, Ctx::Scalar);
        if let Some(s) = subject {
            let mut undecided = false;
            for (k, (pats, body)) in arms.iter().enumerate() {
                let mut matched = false;
                for p in pats {
                    // Quoted parts match literally, the rest is a pattern (as in `[[ ]]`).
                    let pat = self.cond_pattern(p);
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
    pub(super) fn alternatives(&mut self, alts: &[Alt<'_>]) -> Result<(), Flow> {
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
                Err(Flow::Return) | Err(Flow::Exit) | Err(Flow::Abort) => {
                    returned.push(self.env.clone())
                }
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
}
