//! Vetting fixes before they are offered: a fix that edits files must do what it says.
//!
//! For each such fix the engine plans it against the files as they are now, lays the
//! planned bytes over the machine ([`OverlayHost`]: nothing is written), evaluates the
//! startup files again and runs the checks. Then:
//!
//! - a fix that cannot be planned (its line no longer reads as expected), that writes
//!   outside the home folder, that leaves its finding in place (a file read later sets the
//!   value again) or that brings a new warning is **not applied by NativeGo**: it becomes
//!   a manual fix whose `caution` says why;
//! - a fix NativeGo cannot check — its own reading of the startup files does not show the
//!   problem (the login shell's answer differs from the static evaluation), or the file
//!   holds a line NativeGo could not evaluate before the place it edits and the shell's
//!   trace does not show the shell getting past it — is at most **unsafe**, with the
//!   reason;
//! - otherwise it stays as the check made it.
//!
//! The evaluation is static (no login shell) and reuses the machine facts and the tools
//! already read, so vetting costs one evaluation of the startup files per fix.

use std::path::{Path, PathBuf};

use crate::facts::{Facts, LoginMethod};
use crate::finding::{Finding, Severity};
use crate::fix::overlay::OverlayHost;
use crate::fix::{Applicability, Edit, Fix};
use crate::host::Host;
use crate::probe::{probe_files, ProbeOptions};

/// Files a fix changes are evaluated again only up to this size in all (a startup file
/// is a few KiB; a second evaluation of a huge one would double the memory a diagnosis
/// needs): larger, the fix is at most unsafe.
pub const MAX_VETTED_BYTES: usize = 1 << 20;

/// What vetting decided for one fix.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// At most unsafe, for this reason.
    Unsafe(String),
    /// Shown as a manual fix, for this reason.
    Manual(String),
}

/// Vet every fix of `findings` that edits files (see the module documentation).
pub fn vet(host: &dyn Host, facts: &Facts, findings: &mut [Finding]) {
    let vetted = |x: &Fix| x.applicability != Applicability::Manual && !x.edits.is_empty();
    if !findings.iter().any(|f| f.fixes.iter().any(vetted)) {
        return;
    }
    let opts = static_probe();
    // The evaluation the changed files get, on the files as they are: the facts already
    // at hand when they came from it (a scenario: static, and nothing can run).
    let (base_owned, before) = if facts.login.method != Some(LoginMethod::Shell) && !host.can_run()
    {
        (None, findings.to_vec())
    } else {
        let unchanged = OverlayHost::new(host, &[]);
        let base = probe_files(&unchanged, facts.machine.clone(), &opts, Some(facts));
        let before = crate::report::build(&base).findings;
        (Some(base), before)
    };
    let base = base_owned.as_ref().unwrap_or(facts);
    for finding in findings.iter_mut() {
        let as_found = finding.clone();
        for j in 0..finding.fixes.len() {
            if !vetted(&finding.fixes[j]) {
                continue;
            }
            let fix = &finding.fixes[j];
            let mut verdict = judge(host, facts, base, &before, &as_found, fix);
            if matches!(verdict, Verdict::Manual(_)) {
                // A block appended where a file read later undoes it may work at the end
                // of that later file (`~/.zlogin` after `~/.zshrc`).
                let moved = later_files(facts, fix)
                    .into_iter()
                    .rev()
                    .filter_map(|f| moved_blocks(facts, fix, &f))
                    .map(|m| {
                        let v = judge(host, facts, base, &before, &as_found, &m);
                        (m, v)
                    })
                    .find(|(_, v)| !matches!(v, Verdict::Manual(_)));
                if let Some((m, v)) = moved {
                    finding.fixes[j] = m;
                    verdict = v;
                }
            }
            let fix = &mut finding.fixes[j];
            match verdict {
                Verdict::Keep => {}
                Verdict::Unsafe(why) => {
                    fix.applicability = fix.applicability.min(Applicability::Unsafe);
                    fix.caution = Some(why);
                }
                Verdict::Manual(why) => {
                    fix.applicability = Applicability::Manual;
                    fix.instructions = Some(format!(
                        "NativeGo does not make this change itself: {why}. Make the change by \
                         hand where it takes effect, then open a new terminal."
                    ));
                    fix.caution = Some(why);
                }
            }
        }
    }
}

/// Whether `a` and `b` report the same problem: the same key (a report gives every
/// finding one), else the same check and title line numbers aside (a fix that adds or
/// removes lines moves the others).
pub fn same_problem(a: &Finding, b: &Finding) -> bool {
    let key = |f: &Finding| {
        if f.key.is_empty() {
            crate::finding::default_key(&f.check, &f.title)
        } else {
            f.key.clone()
        }
    };
    key(a) == key(b)
}

/// The evaluation vetting compares: the startup files alone, no login shell.
fn static_probe() -> ProbeOptions {
    ProbeOptions {
        run_login_shell: false,
        ..ProbeOptions::default()
    }
}

fn judge(
    host: &dyn Host,
    facts: &Facts,
    base: &Facts,
    before: &[Finding],
    finding: &Finding,
    fix: &Fix,
) -> Verdict {
    let Some(home) = facts.home.as_deref() else {
        return Verdict::Manual("there is no home folder to write in".into());
    };
    let plan = match crate::fix::plan::plan(host, fix) {
        Ok(p) => p,
        Err(e) => return Verdict::Manual(strip_period(&e.to_string())),
    };
    for change in &plan.changes {
        if let Some(p) = crate::fix::apply::outside_home(host, home, change) {
            return Verdict::Manual(format!(
                "it would write `{}`, outside your home folder",
                p.display()
            ));
        }
    }
    if plan.changes.is_empty() {
        return Verdict::Keep;
    }
    // Evaluating the changed file again says little when NativeGo could not evaluate it
    // before the edit (and would cost a second evaluation of a file cut for its size).
    for edit in &fix.edits {
        if let Some(why) = not_understood_before(facts, edit) {
            return Verdict::Unsafe(why);
        }
    }
    let size: usize = plan
        .changes
        .iter()
        .filter_map(|c| c.after.as_ref())
        .map(Vec::len)
        .sum();
    if size > MAX_VETTED_BYTES {
        return Verdict::Unsafe(format!(
            "the files it changes are too large ({} KiB) for NativeGo to check the change \
             before making it",
            size >> 10
        ));
    }
    let overlay = OverlayHost::new(host, &plan.changes);
    let opts = static_probe();
    let changed = probe_files(&overlay, facts.machine.clone(), &opts, Some(base));
    let after = crate::report::build(&changed).findings;
    if !before.iter().any(|b| same_problem(b, finding)) {
        return Verdict::Unsafe(
            "NativeGo's own reading of your startup files does not show this problem (your \
             login shell's answer differs), so it cannot check that this change removes it"
                .into(),
        );
    }
    if after.iter().any(|a| same_problem(a, finding)) {
        return Verdict::Manual(format!(
            "with this change made, NativeGo still finds the problem{}",
            later_setter(facts, fix)
        ));
    }
    if let Some(new) = after
        .iter()
        .find(|a| a.severity >= Severity::Warning && !before.iter().any(|b| same_problem(a, b)))
    {
        return Verdict::Manual(format!(
            "it would cause a new problem: {}",
            lower_first(&new.title)
        ));
    }
    Verdict::Keep
}

/// The startup files the shell reads (in order), and the index of the last one `fix`
/// appends a block to.
fn read_files_after_blocks(facts: &Facts, fix: &Fix) -> (Vec<PathBuf>, Option<usize>) {
    let read: Vec<PathBuf> = facts
        .login
        .files
        .iter()
        .filter(|f| f.state == crate::facts::FileState::Read)
        .map(|f| f.path.clone())
        .collect();
    let last = fix
        .edits
        .iter()
        .filter_map(|e| match e {
            Edit::EnsureBlock { path, .. } => read.iter().position(|p| p == path),
            _ => None,
        })
        .max();
    (read, last)
}

/// The files in the home folder the shell reads after the last one `fix` appends a block
/// to, in reading order.
fn later_files(facts: &Facts, fix: &Fix) -> Vec<PathBuf> {
    let (read, last) = read_files_after_blocks(facts, fix);
    let (Some(last), Some(home)) = (last, facts.home.as_deref()) else {
        return Vec::new();
    };
    read[last + 1..]
        .iter()
        .filter(|p| p.starts_with(home))
        .cloned()
        .collect()
}

/// `fix` with its appended blocks at the end of `file` instead, titled so.
fn moved_blocks(facts: &Facts, fix: &Fix, file: &Path) -> Option<Fix> {
    let mut moved = fix.clone();
    let mut from = None;
    for e in &mut moved.edits {
        if let Edit::EnsureBlock { path, .. } = e {
            from = Some(std::mem::replace(path, file.to_path_buf()));
        }
    }
    let from = crate::fix::builders::tilde(facts, &from?);
    moved.title = moved.title.replacen(
        &format!(" in {from}"),
        &format!(" in {}", crate::fix::builders::tilde(facts, file)),
        1,
    );
    Some(moved)
}

/// ` (~/.zlogin is read after ~/.zshrc and may undo it)` when the shell reads a file after
/// the one `fix` appends to: the likely reason the change has no effect.
fn later_setter(facts: &Facts, fix: &Fix) -> String {
    let (read, Some(last)) = read_files_after_blocks(facts, fix) else {
        return String::new();
    };
    let later: Vec<String> = read[last + 1..]
        .iter()
        .map(|p| crate::fix::builders::tilde(facts, p))
        .collect();
    match later.len() {
        0 => String::new(),
        n => format!(
            " ({} {} read after {} and may undo it)",
            crate::text::join_and(&later),
            if n == 1 { "is" } else { "are" },
            crate::fix::builders::tilde(facts, &read[last])
        ),
    }
}

/// Why NativeGo cannot be sure the shell reaches the place `edit` changes: a line before
/// it in the same file that it could not evaluate and that may change the environment (or
/// a syntax error), which the login shell's trace does not show the shell getting past.
fn not_understood_before(facts: &Facts, edit: &Edit) -> Option<String> {
    let (path, line) = match edit {
        Edit::CommentOutLine { path, line, .. } | Edit::ReplaceLine { path, line, .. } => {
            (path, *line)
        }
        Edit::EnsureBlock { path, .. } => (path, u32::MAX),
        _ => return None,
    };
    let reached = facts.login.trace_reached.get(path).copied().unwrap_or(0);
    let u = facts.login.unknowns.iter().find(|u| {
        &u.path == path
            && u.line < line
            && reached <= u.line
            && (!u.affects.is_empty()
                || u.reason.starts_with("syntax error")
                || u.reason.contains("not evaluated"))
    })?;
    Some(format!(
        "NativeGo could not evaluate {}:{} ({}), which comes before the place this change \
         edits, so it cannot be sure the shell gets there",
        crate::fix::builders::tilde(facts, &u.path),
        u.line,
        strip_period(&u.reason)
    ))
}

fn strip_period(s: &str) -> String {
    s.trim().trim_end_matches('.').to_string()
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_do_not_make_another_problem() {
        let f = |title: &str| Finding {
            check: "goarch-forced".into(),
            key: String::new(),
            severity: Severity::Warning,
            title: title.into(),
            message: String::new(),
            evidence: Vec::new(),
            hint: None,
            fixes: Vec::new(),
            references: Vec::new(),
            ignored: false,
            ignored_reason: None,
        };
        assert!(same_problem(
            &f("GOARCH is forced in ~/.zshrc:6 and ~/.zprofile:12"),
            &f("GOARCH is forced in ~/.zshrc:7 and ~/.zprofile:13")
        ));
        assert_eq!(
            crate::finding::default_key("c", "GOARCH is forced in ~/.zshrc:6 and ~/.zprofile:12"),
            "c:GOARCH is forced in ~/.zshrc and ~/.zprofile"
        );
        assert_eq!(
            crate::finding::default_key("c", "go1.22: old"),
            "c:go1.22: old"
        );
        assert!(!same_problem(
            &f("GOARCH is forced to amd64"),
            &f("GOARCH is forced to 386")
        ));
    }
}
