//! The evaluation state: shell variables (with export flags and origins), the attributed
//! PATH, functions, and the merge of alternative outcomes when a condition is undecidable.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::rc::Rc;

use crate::facts::{Origin, PathEntry, ShellKind};

use super::parse::Node;

/// The glob options that change expansion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobOptions {
    /// zsh `NULL_GLOB` / `CSH_NULL_GLOB`, bash `nullglob`: no match gives nothing.
    pub null_glob: bool,
    /// zsh `NOMATCH` (on by default), bash `failglob`: no match is an error.
    pub no_match: bool,
    /// zsh `GLOB_DOTS`, bash `dotglob`: `*` matches names starting with `.`.
    pub dots: bool,
    /// bash `globstar`: `**` matches directories recursively (always on in zsh).
    pub globstar: bool,
    /// zsh `GLOB` / bash `set -f` (off): no globbing at all.
    pub enabled: bool,
    /// The options differ between branches NativeGo could not decide.
    pub uncertain: bool,
}

impl GlobOptions {
    pub fn for_shell(shell: ShellKind) -> GlobOptions {
        GlobOptions {
            null_glob: false,
            no_match: shell == ShellKind::Zsh,
            dots: false,
            globstar: false,
            enabled: true,
            uncertain: false,
        }
    }
}

/// The most PATH entries tracked; beyond, PATH is marked incomplete.
pub const MAX_PATH_ENTRIES: usize = 1024;

/// A shell variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    /// `None`: the value could not be known.
    pub val: Option<String>,
    pub exported: bool,
    pub origin: Origin,
}

/// A function definition and where its lines come from.
#[derive(Clone, Debug)]
pub struct Func {
    pub body: Rc<Node>,
    pub file: PathBuf,
    pub lines: Rc<Vec<String>>,
    pub line_override: Option<u32>,
}

/// The variables, PATH and functions of the shell being simulated.
#[derive(Clone, Debug)]
pub struct Env {
    /// Every variable except PATH.
    pub vars: BTreeMap<String, Var>,
    /// PATH, split and attributed; `None` when unset.
    pub path: Option<Vec<PathEntry>>,
    /// PATH has entries that could not be computed.
    pub path_incomplete: bool,
    /// Where PATH was last set.
    pub path_origin: Origin,
    /// zsh `typeset -U path`: array assignments keep the first occurrence of each entry.
    pub path_unique: bool,
    /// zsh `typeset -U PATH`: scalar assignments do too.
    pub path_unique_scalar: bool,
    pub functions: BTreeMap<String, Func>,
    /// Names marked for export while unset (`export NAME`): exported once assigned.
    pub exported_unset: BTreeSet<String>,
    /// zsh `GLOBAL_RCS` / `RCS` options.
    pub global_rcs: bool,
    pub rcs: bool,
    /// Arrays other than `path` (`files=(a b)`, `config_files=($ZSH/**/*.zsh)`), by name;
    /// `None`: the elements could not be known.
    pub arrays: BTreeMap<String, Option<Vec<String>>>,
    /// The options that change globbing.
    pub glob: GlobOptions,
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            vars: BTreeMap::new(),
            path: None,
            path_incomplete: false,
            path_origin: Origin::Inherited,
            path_unique: false,
            path_unique_scalar: false,
            functions: BTreeMap::new(),
            exported_unset: BTreeSet::new(),
            global_rcs: true,
            rcs: true,
            arrays: BTreeMap::new(),
            glob: GlobOptions::for_shell(ShellKind::Zsh),
        }
    }

    /// PATH as a string, if set (entries joined; an incomplete PATH still gives the known part).
    pub fn path_string(&self) -> Option<String> {
        self.path.as_ref().map(|p| {
            p.iter()
                .map(|e| e.dir.as_str())
                .collect::<Vec<_>>()
                .join(":")
        })
    }

    /// Set PATH's entries by a scalar assignment, applying `typeset -U PATH` if on.
    pub fn set_path(&mut self, entries: Vec<PathEntry>, incomplete: bool, origin: Origin) {
        let unique = self.path_unique_scalar;
        self.set_path_with(entries, incomplete, origin, unique);
    }

    /// Set PATH's entries by a `path` array assignment, applying `typeset -U path` if on.
    pub fn set_path_array(&mut self, entries: Vec<PathEntry>, incomplete: bool, origin: Origin) {
        let unique = self.path_unique;
        self.set_path_with(entries, incomplete, origin, unique);
    }

    fn set_path_with(
        &mut self,
        mut entries: Vec<PathEntry>,
        incomplete: bool,
        origin: Origin,
        unique: bool,
    ) {
        if entries.len() > MAX_PATH_ENTRIES {
            // Pathological growth (a loop or a huge file prepending forever): keep a bound.
            entries.truncate(MAX_PATH_ENTRIES);
            self.path = Some(entries);
            self.path_incomplete = true;
            self.path_origin = origin;
            return;
        }
        if unique {
            dedupe(&mut entries);
        }
        self.path = Some(entries);
        self.path_incomplete = incomplete;
        self.path_origin = origin;
    }

    /// A known value of a variable (PATH included).
    pub fn get_known(&self, name: &str) -> Option<String> {
        if name == "PATH" {
            if self.path_incomplete {
                return None;
            }
            return self.path_string();
        }
        self.vars.get(name).and_then(|v| v.val.clone())
    }

    pub fn is_exported(&self, name: &str) -> bool {
        name == "PATH" || self.vars.get(name).map(|v| v.exported).unwrap_or(false)
    }
}

/// Keep the first occurrence of each entry.
pub fn dedupe(entries: &mut Vec<PathEntry>) {
    let mut seen = BTreeSet::new();
    entries.retain(|e| seen.insert(e.dir.clone()));
}

/// Merge the outcomes of alternatives that could each have happened.
///
/// Values that agree are kept; values that differ become unknown (origin: `origin`).
/// PATH keeps the first outcome's entries and is marked incomplete when outcomes differ.
/// Returns the merged env and the names that became unknown.
pub fn merge(outs: Vec<Env>, origin: &Origin) -> (Env, Vec<String>) {
    let mut iter = outs.into_iter();
    let Some(mut base) = iter.next() else {
        return (Env::new(), Vec::new());
    };
    let rest: Vec<Env> = iter.collect();
    let mut affected = BTreeSet::new();
    let names: BTreeSet<String> = std::iter::once(&base)
        .chain(rest.iter())
        .flat_map(|e| e.vars.keys().cloned())
        .collect();
    for name in names {
        let first = base.vars.get(&name).cloned();
        let mut differs = false;
        let mut exported = first.as_ref().map(|v| v.exported).unwrap_or(false);
        for o in &rest {
            let other = o.vars.get(&name);
            let same = match (&first, other) {
                (None, None) => true,
                (Some(a), Some(b)) => a.val == b.val && a.exported == b.exported,
                _ => false,
            };
            if !same {
                differs = true;
            }
            exported |= other.map(|v| v.exported).unwrap_or(false);
        }
        if differs {
            base.vars.insert(
                name.clone(),
                Var {
                    val: None,
                    exported,
                    origin: origin.clone(),
                },
            );
            affected.insert(name);
        }
    }
    let path_dirs = |e: &Env| {
        e.path
            .as_ref()
            .map(|p| p.iter().map(|x| x.dir.clone()).collect::<Vec<_>>())
    };
    let base_dirs = path_dirs(&base);
    for o in &rest {
        if path_dirs(o) != base_dirs || o.path_incomplete != base.path_incomplete {
            base.path_incomplete = true;
            affected.insert("PATH".to_string());
        }
        base.path_unique |= o.path_unique;
        base.path_unique_scalar |= o.path_unique_scalar;
        base.exported_unset.extend(o.exported_unset.iter().cloned());
        base.global_rcs &= o.global_rcs;
        base.rcs &= o.rcs;
        for (k, v) in &o.arrays {
            if base.arrays.get(k) != Some(v) {
                base.arrays.insert(k.clone(), None);
            }
        }
        let only_base: Vec<String> = base
            .arrays
            .keys()
            .filter(|k| !o.arrays.contains_key(*k))
            .cloned()
            .collect();
        for k in only_base {
            base.arrays.insert(k, None);
        }
        if base.glob != o.glob {
            // Options that differ between branches: globs expanded later are unknown.
            base.glob.uncertain = true;
        }
        for (k, f) in &o.functions {
            base.functions.entry(k.clone()).or_insert_with(|| f.clone());
        }
    }
    (base, affected.into_iter().collect())
}
