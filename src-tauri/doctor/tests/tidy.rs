//! Tidy: the engine's module tree keeps the shape ARCHITECTURE.md draws.
//!
//! Reads every source file of the crate, collects the `crate::`, `super::` and `self::`
//! paths (and `use` trees) its product code names, and fails with `file:line` and the rule
//! broken when
//! - a module names one of a higher layer, or one of its own layer ([`LAYERS`]);
//! - a pure module names the machine boundary (`host`) or the probe that reads it, except
//!   the named exceptions ([`PURE`], [`PURE_EXCEPTIONS`]);
//! - sibling modules name each other in a cycle (top-level modules, and the files of one
//!   module among themselves);
//! - a product file is longer than [`MAX_LINES`].
//!
//! Test code (`#[cfg(test)]` modules and the files they declare) is not product code:
//! tests may borrow fixtures from any layer. Comments and string literals are skipped, so
//! a doc link does not count as an import.
//!
//! The checker is a function of in-memory files, so the tests at the end make it fail on
//! small inputs that break each rule.
#![allow(clippy::disallowed_methods)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// The longest a product file may be, in lines.
const MAX_LINES: usize = 1000;

/// The layers, lowest first. A unit may name only units of lower layers. A unit is a
/// top-level module (`lib` is the crate root), or a submodule where one directory holds one
/// concern that spans layers (`fix`, `watch`): its pure data sits low, its loop or its
/// writes high.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "bytes: executables and Go modules; the user's settings",
        &["binary", "gomodule", "config", "jsonc"],
    ),
    ("facts", &["facts"]),
    (
        "the boundary, and data over facts",
        &["host", "text", "fix", "watch::plan"],
    ),
    ("the shell interpreter; findings", &["shell", "finding"]),
    ("the probe", &["probe"]),
    ("fix builders and plans", &["fix::builders", "fix::plan"]),
    (
        "checks; applying a plan",
        &["checks", "references", "fix::apply", "fix::overlay"],
    ),
    (
        "which checks run, and what the user ignores",
        &["selection"],
    ),
    ("the report", &["report"]),
    (
        "what is derived from a report",
        &["render", "watch::drift", "vet"],
    ),
    ("the diagnosis", &["lib"]),
    ("edges that run the diagnosis", &["watch::run", "snapshot"]),
    ("public facades", &["watch"]),
];

/// Units that are pure: they may not name `host` (the machine) nor `probe` (which reads
/// it). The host's readers are the rest: shell and probe (they read startup files and the
/// machine), the plan, apply and overlay of fixes, vet, the diagnosis, the watch loop and
/// the snapshot recorder.
const PURE: &[&str] = &[
    "binary",
    "gomodule",
    "facts",
    "text",
    "fix",
    "watch::plan",
    "finding",
    "fix::builders",
    "checks",
    "references",
    "selection",
    "config",
    "jsonc",
    "report",
    "render",
    "watch::drift",
];

/// Modules pure units may name although they live in a reader, and why.
const PURE_EXCEPTIONS: &[(&str, &str)] = &[(
    "probe::managers",
    "the version managers' command tables (install, uninstall, reinstall) are pure data the \
     checks and fix builders phrase their advice with",
)];

#[test]
fn module_tree_keeps_the_layer_diagram() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under {}",
        files.len(),
        src.display()
    );
    let problems = check(&files);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!(
            "\n{} tidy problem(s) (rules: doctor/tests/tidy.rs, ARCHITECTURE.md):\n{}\n",
            list.len(),
            list.join("\n")
        );
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// One broken rule, where.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    file: String,
    line: usize,
    rule: &'static str,
    detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "src/{}:{}: [{}] {}",
            self.file, self.line, self.rule, self.detail
        )
    }
}

/// A path named by product code: where, and the module path it resolves to.
struct Reference {
    line: usize,
    target: Vec<String>,
}

/// Every rule over `files` (paths relative to `src/`, and their text).
fn check(files: &[(String, String)]) -> Vec<Problem> {
    let test_only = test_only_files(files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_path(p)).collect();
    let mut problems = Vec::new();
    // (parent, from, to) -> the first place that makes the edge.
    let mut edges: BTreeMap<(Vec<String>, String, String), (String, usize)> = BTreeMap::new();
    for (path, text) in files {
        if test_only.contains(path) {
            continue;
        }
        let code = product_code(text);
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(Problem {
                file: path.clone(),
                line: 1,
                rule: "file size",
                detail: format!(
                    "{lines} lines; a product file has at most {MAX_LINES}: split it along a seam"
                ),
            });
        }
        let here = module_path(path);
        let Some(from) = unit_of(&here) else {
            problems.push(Problem {
                file: path.clone(),
                line: 1,
                rule: "layers",
                detail: format!(
                    "module `{}` is in no layer: add it to LAYERS",
                    here.join("::")
                ),
            });
            continue;
        };
        for r in references(&code, &here, &modules) {
            let target = known_prefix(&r.target, &modules);
            let Some(to) = unit_of(&target) else { continue };
            if to != from {
                if let Some(p) = layer_problem(from, to, &target) {
                    problems.push(Problem {
                        file: path.clone(),
                        line: r.line,
                        rule: p.0,
                        detail: p.1,
                    });
                }
            }
            if let Some((parent, a, b)) = sibling_edge(&lift(&here), &lift(&target)) {
                edges
                    .entry((parent, a, b))
                    .or_insert_with(|| (path.clone(), r.line));
            }
        }
    }
    problems.extend(cycles(&edges));
    // `use crate::host::{self, Host}` names `host` twice on one line: say it once.
    let mut seen = BTreeSet::new();
    problems.retain(|p| seen.insert(p.to_string()));
    problems
}

/// The rule a reference from unit `from` to unit `to` (module `target`) breaks, if any.
fn layer_problem(from: &str, to: &str, target: &[String]) -> Option<(&'static str, String)> {
    let target_name = target.join("::");
    if PURE.contains(&from) && matches!(to, "host" | "probe") {
        let excepted = PURE_EXCEPTIONS
            .iter()
            .any(|(m, _)| target_name == *m || target_name.starts_with(&format!("{m}::")));
        if !excepted {
            return Some((
                "pure layer",
                format!(
                    "`{from}` is pure and may not name `{target_name}`: it reaches the machine \
                     only through the probe's facts"
                ),
            ));
        }
        return None;
    }
    let (lf, lt) = (layer_of(from)?, layer_of(to)?);
    if lt >= lf {
        let how = if lt == lf {
            "its own layer"
        } else {
            "a higher layer"
        };
        return Some((
            "layers",
            format!(
                "`{from}` ({}) may not name `{target_name}`, in {how} ({}): only lower layers",
                LAYERS[lf].0, LAYERS[lt].0
            ),
        ));
    }
    None
}

fn layer_of(unit: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, units)| units.contains(&unit))
}

/// The unit a module belongs to: the longest unit in [`LAYERS`] that is a prefix of it.
fn unit_of(module: &[String]) -> Option<&'static str> {
    if module.is_empty() {
        return Some("lib");
    }
    LAYERS
        .iter()
        .flat_map(|(_, units)| units.iter().copied())
        .filter(|u| *u != "lib")
        .filter(|u| {
            let parts: Vec<&str> = u.split("::").collect();
            parts.len() <= module.len() && parts.iter().zip(module).all(|(a, b)| a == b)
        })
        .max_by_key(|u| u.split("::").count())
}

/// A module path with a two-part unit (`watch::plan`) as one segment, so that units are
/// siblings of the top-level modules for the cycle rule.
fn lift(module: &[String]) -> Vec<String> {
    match unit_of(module) {
        Some(u) if u.contains("::") => {
            let n = u.split("::").count();
            let mut out = vec![u.to_string()];
            out.extend(module[n..].iter().cloned());
            out
        }
        _ => module.to_vec(),
    }
}

/// The edge between the two siblings under the modules' deepest common ancestor, unless one
/// module contains the other (a module and its parts may name each other).
fn sibling_edge(a: &[String], b: &[String]) -> Option<(Vec<String>, String, String)> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if common == a.len() || common == b.len() {
        return None;
    }
    Some((a[..common].to_vec(), a[common].clone(), b[common].clone()))
}

/// One problem per cycle between siblings, naming each edge's first place.
fn cycles(edges: &BTreeMap<(Vec<String>, String, String), (String, usize)>) -> Vec<Problem> {
    let mut graph: BTreeMap<(&[String], &str), Vec<&str>> = BTreeMap::new();
    for (parent, a, b) in edges.keys() {
        graph.entry((parent, a)).or_default().push(b);
    }
    let mut problems = Vec::new();
    let mut reported: BTreeSet<(Vec<String>, BTreeSet<String>)> = BTreeSet::new();
    for &(parent, start) in graph.keys() {
        // Depth-first search for a path from `start` back to itself.
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for &next in graph.get(&(parent, node)).map(Vec::as_slice).unwrap_or(&[]) {
                if next == start {
                    let members: BTreeSet<String> = path.iter().map(|s| s.to_string()).collect();
                    if reported.insert((parent.to_vec(), members)) {
                        let mut ring = path.clone();
                        ring.push(start);
                        let places: Vec<String> = ring
                            .windows(2)
                            .map(|w| {
                                let key = (parent.to_vec(), w[0].to_string(), w[1].to_string());
                                let (file, line) = &edges[&key];
                                format!("{} -> {} at src/{file}:{line}", w[0], w[1])
                            })
                            .collect();
                        let (file, line) =
                            &edges[&(parent.to_vec(), ring[0].to_string(), ring[1].to_string())];
                        let scope = if parent.is_empty() {
                            "top-level modules".to_string()
                        } else {
                            format!("modules of `{}`", parent.join("::"))
                        };
                        problems.push(Problem {
                            file: file.clone(),
                            line: *line,
                            rule: "cycle",
                            detail: format!(
                                "{scope} name each other in a ring ({}): move what they share \
                                 down to a module both can name",
                                places.join("; ")
                            ),
                        });
                    }
                } else if seen.insert(next) {
                    let mut p = path.clone();
                    p.push(next);
                    stack.push((next, p));
                }
            }
        }
    }
    problems
}

/// The module path of a file: `shell/eval/mod.rs` is `shell::eval`, `lib.rs` is the root.
fn module_path(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file.split('/').map(str::to_string).collect();
    let last = parts.pop().unwrap_or_default();
    match last.as_str() {
        "mod.rs" | "lib.rs" | "main.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_string()),
    }
    parts
}

/// The longest prefix of `path` that is a module with a file of its own.
fn known_prefix(path: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
        .unwrap_or_default()
}

/// Files declared by `#[cfg(test)] mod name;`: test code, wherever it lives.
fn test_only_files(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, text) in files {
        let here = module_path(path);
        let dir = here.join("/");
        let lines: Vec<&str> = text.lines().collect();
        for w in lines.windows(2) {
            if w[0].trim() != "#[cfg(test)]" {
                continue;
            }
            let decl = w[1].trim();
            let Some(name) = decl
                .strip_prefix("pub(crate) mod ")
                .or_else(|| decl.strip_prefix("pub mod "))
                .or_else(|| decl.strip_prefix("mod "))
                .and_then(|r| r.strip_suffix(';'))
            else {
                continue;
            };
            let base = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            out.insert(format!("{base}{name}.rs"));
            out.insert(format!("{base}{name}/mod.rs"));
        }
    }
    // Everything under a test-only directory module is test code too.
    let dirs: Vec<String> = out
        .iter()
        .filter_map(|f| f.strip_suffix("/mod.rs").map(|d| format!("{d}/")))
        .collect();
    for (path, _) in files {
        if dirs.iter().any(|d| path.starts_with(d)) {
            out.insert(path.clone());
        }
    }
    out
}

/// The text with comments, string and character literals blanked and `#[cfg(test)]`
/// blocks removed; lines stay where they were.
fn product_code(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block_comment = 0usize;
    let mut in_string = false;
    let mut skip_to_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_test = false;
    for line in text.lines() {
        let mut code = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if in_block_comment > 0 {
                if c == '*' && next == Some('/') {
                    in_block_comment -= 1;
                    i += 1;
                } else if c == '/' && next == Some('*') {
                    in_block_comment += 1;
                    i += 1;
                }
            } else if in_string {
                if c == '\\' {
                    i += 1;
                } else if c == '"' {
                    in_string = false;
                    code.push('"');
                }
            } else if c == '/' && next == Some('/') {
                break;
            } else if c == '/' && next == Some('*') {
                in_block_comment = 1;
                i += 1;
            } else if c == '"' {
                in_string = true;
                code.push('"');
            } else if c == '\'' && next.is_some() && chars.get(i + 2) == Some(&'\'') {
                code.push_str("' '");
                i += 2;
            } else if c == '\'' && next == Some('\\') {
                // An escaped character literal: skip to its closing quote.
                let end = chars[i + 2..]
                    .iter()
                    .position(|&x| x == '\'')
                    .map_or(chars.len(), |p| i + 2 + p);
                code.push_str("' '");
                i = end;
            } else {
                code.push(c);
            }
            i += 1;
        }
        let trimmed = code.trim();
        let opens = code.matches('{').count();
        let closes = code.matches('}').count();
        if let Some(d) = skip_to_depth {
            depth = (depth + opens).saturating_sub(closes);
            if depth <= d {
                skip_to_depth = None;
            }
            out.push(String::new());
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            pending_test = true;
            out.push(String::new());
            continue;
        }
        if pending_test && !trimmed.starts_with("#[") {
            pending_test = false;
            // A test-only item: a block (skipped to its end) or a one-line declaration.
            if opens > closes {
                skip_to_depth = Some(depth);
                depth += opens - closes;
            }
            out.push(String::new());
            continue;
        }
        depth = (depth + opens).saturating_sub(closes);
        out.push(code);
    }
    out
}

/// Every module path the code names, resolved against the module `here`.
fn references(code: &[String], here: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let line = code[i].trim_start();
        let use_body = line
            .strip_prefix("use ")
            .or_else(|| line.strip_prefix("pub use "))
            .or_else(|| line.strip_prefix("pub(crate) use "))
            .or_else(|| line.strip_prefix("pub(super) use "));
        if let Some(body) = use_body {
            // A `use` tree, possibly over several lines.
            let start = i;
            let mut tree = body.to_string();
            while !tree.contains(';') && i + 1 < code.len() {
                i += 1;
                tree.push_str(code[i].trim());
            }
            let tree = tree.split(';').next().unwrap_or("");
            for path in expand_use(tree) {
                if let Some(target) = resolve(&path, here, modules, true) {
                    out.push(Reference {
                        line: start + 1,
                        target,
                    });
                }
            }
        } else {
            for path in inline_paths(&code[i]) {
                if let Some(target) = resolve(&path, here, modules, false) {
                    out.push(Reference {
                        line: i + 1,
                        target,
                    });
                }
            }
        }
        i += 1;
    }
    out
}

/// The paths of a `use` tree: `a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    // `a as b` keeps `a`: the alias names nothing new.
    let tree = tree.replace(" as ", "@");
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand_into(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand_into(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for part in split_top(tree, ',') {
        if part.is_empty() {
            continue;
        }
        let (head, group) = match part.find('{') {
            Some(k) => (&part[..k], Some(&part[k + 1..part.len() - 1])),
            None => (part, None),
        };
        let head = head.split('@').next().unwrap_or(head);
        let segs: Vec<String> = head
            .split("::")
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string())
            .collect();
        let n = prefix.len();
        prefix.extend(segs);
        match group {
            Some(g) => expand_into(g, prefix, out),
            None => out.push(prefix.clone()),
        }
        prefix.truncate(n);
    }
}

/// `s` split at `sep` outside braces.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (k, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// The `crate::`, `super::` and `self::` paths in a line of code.
fn inline_paths(line: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = line[from..].find(start) {
            let k = from + k;
            from = k + start.len();
            let before = k.checked_sub(1).map(|b| bytes[b]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            let rest = &line[k..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let segs: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            out.push(segs);
        }
    }
    out
}

/// The module path `path` names from module `here`; `None` for paths outside the crate.
/// In a `use`, a first segment that is a child module of `here` is relative to it.
fn resolve(
    path: &[String],
    here: &[String],
    modules: &BTreeSet<Vec<String>>,
    in_use: bool,
) -> Option<Vec<String>> {
    let mut segs = path.iter().peekable();
    let mut base: Vec<String> = match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segs.next();
            Vec::new()
        }
        Some("super") | Some("self") => here.to_vec(),
        Some(first) if in_use => {
            let mut child = here.to_vec();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            here.to_vec()
        }
        _ => return None,
    };
    while let Some(s) = segs.peek() {
        match s.as_str() {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => break,
        }
        segs.next();
    }
    base.extend(segs.filter(|s| *s != "*").cloned());
    Some(base)
}

// ---------------------------------------------------------------------------
// The checker fails on inputs that break each rule.
// ---------------------------------------------------------------------------

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn rules(problems: &[Problem]) -> Vec<(&str, usize, &str)> {
    problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.rule))
        .collect()
}

#[test]
fn a_lower_layer_naming_a_higher_one_fails() {
    let p = check(&files(&[
        ("facts.rs", "//! Facts.\n\nuse crate::checks::Area;\n"),
        ("checks/mod.rs", "pub struct Area;\n"),
    ]));
    assert_eq!(rules(&p), [("facts.rs", 3, "layers")], "{p:?}");
    assert!(p[0].detail.contains("`facts`") && p[0].detail.contains("`checks`"));
}

#[test]
fn a_module_of_the_same_layer_fails_and_a_lower_one_passes() {
    let p = check(&files(&[
        (
            "shell/mod.rs",
            "fn f() -> crate::finding::Finding { todo() }\n",
        ),
        ("finding.rs", "use crate::fix::Fix;\n"),
        ("fix/mod.rs", "use crate::facts::Os;\n"),
        ("facts.rs", ""),
    ]));
    assert_eq!(rules(&p), [("shell/mod.rs", 1, "layers")], "{p:?}");
}

#[test]
fn a_pure_module_naming_the_host_fails_unless_excepted() {
    let p = check(&files(&[
        (
            "checks/go_shim.rs",
            "use crate::probe::managers::uninstall_command;\n\
             use crate::host::{self, Host};\n",
        ),
        ("host/mod.rs", ""),
        ("probe/mod.rs", ""),
        ("probe/managers.rs", ""),
    ]));
    assert_eq!(rules(&p), [("checks/go_shim.rs", 2, "pure layer")], "{p:?}");
}

#[test]
fn a_cycle_between_top_level_modules_fails() {
    // Two units of one layer naming each other: both the layer and the cycle are reported.
    let p = check(&files(&[
        ("text.rs", "pub fn f() { crate::fix::g() }\n"),
        ("fix/mod.rs", "use crate::text::f;\n"),
    ]));
    let r = rules(&p);
    assert!(r.contains(&("text.rs", 1, "layers")), "{p:?}");
    assert!(r.contains(&("fix/mod.rs", 1, "layers")), "{p:?}");
    let cycle: Vec<&Problem> = p.iter().filter(|p| p.rule == "cycle").collect();
    assert_eq!(cycle.len(), 1, "{p:?}");
    assert!(
        cycle[0].detail.contains("top-level modules"),
        "{}",
        cycle[0]
    );
}

#[test]
fn a_cycle_between_the_files_of_one_module_fails() {
    let p = check(&files(&[
        ("host/mod.rs", "mod real;\nmod scenario;\n"),
        ("host/real.rs", "use super::scenario::read_limited;\n"),
        (
            "host/scenario.rs",
            "fn lock() {\n    super::real::lock_real();\n}\n",
        ),
    ]));
    assert_eq!(rules(&p), [("host/real.rs", 1, "cycle")], "{p:?}");
    assert!(p[0].detail.contains("modules of `host`"), "{}", p[0]);
    assert!(p[0].detail.contains("src/host/scenario.rs:2"), "{}", p[0]);
}

#[test]
fn a_long_product_file_fails_and_test_code_is_exempt() {
    let long = "fn f() {}\n".repeat(MAX_LINES + 1);
    let p = check(&files(&[
        ("probe/trace.rs", &long),
        ("binary/mod.rs", "#[cfg(test)]\nmod tests;\n"),
        ("binary/tests.rs", &long),
    ]));
    assert_eq!(rules(&p), [("probe/trace.rs", 1, "file size")], "{p:?}");
}

#[test]
fn test_modules_comments_and_strings_are_not_imports() {
    let p = check(&files(&[
        (
            "facts.rs",
            "//! See [`crate::report`].\n\
         const S: &str = \"crate::report::x\"; /* crate::render */\n\
         #[cfg(test)]\n\
         mod tests {\n    use crate::checks::testing::clean_mac;\n    fn f() { if true { } }\n}\n\
         fn after() -> crate::binary::Arch { todo() }\n",
        ),
        ("binary/mod.rs", ""),
    ]));
    assert!(p.is_empty(), "{p:?}");
    let p = check(&files(&[(
        "facts.rs",
        "#[cfg(test)]\nmod tests {\n}\nuse crate::report::Report;\n",
    )]));
    assert_eq!(rules(&p), [("facts.rs", 4, "layers")], "{p:?}");
}

#[test]
fn a_module_missing_from_the_layers_fails() {
    let p = check(&files(&[("newthing.rs", "")]));
    assert_eq!(rules(&p), [("newthing.rs", 1, "layers")], "{p:?}");
}

#[test]
fn use_trees_resolve_relative_and_nested_paths() {
    let modules: BTreeSet<Vec<String>> = [
        vec![],
        vec!["shell".to_string()],
        vec!["shell".to_string(), "eval".to_string()],
        vec![
            "shell".to_string(),
            "eval".to_string(),
            "expand".to_string(),
        ],
    ]
    .into_iter()
    .collect();
    let here = vec!["shell".to_string(), "eval".to_string()];
    let code = vec![
        "use expand::{command_words, Ctx};".to_string(),
        "use super::{parse::{parse, Node}, state::Var};".to_string(),
        "use std::path::Path;".to_string(),
    ];
    let got: Vec<(usize, String)> = references(&code, &here, &modules)
        .into_iter()
        .map(|r| (r.line, r.target.join("::")))
        .collect();
    assert_eq!(
        got,
        [
            (1, "shell::eval::expand::command_words".to_string()),
            (1, "shell::eval::expand::Ctx".to_string()),
            (2, "shell::parse::parse".to_string()),
            (2, "shell::parse::Node".to_string()),
            (2, "shell::state::Var".to_string()),
        ]
    );
}
