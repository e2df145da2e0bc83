//! `nativego fix`, `undo` and `history`: the same operations the menu-bar app's buttons
//! call, in a terminal.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use nativego_doctor::finding::find_fix;
use nativego_doctor::fix::apply::{self, EntryState, NoSyntaxCheck, SyntaxCheck};
use nativego_doctor::fix::plan::{self, Plan};
use nativego_doctor::fix::{Applicability, Fix};
use nativego_doctor::host::real::RealSyntaxCheck;
use nativego_doctor::host::HostMut;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;

use crate::{out, Failure};

/// How `fix` was asked to run.
pub struct FixArgs<'a> {
    pub id: Option<&'a str>,
    pub all_safe: bool,
    pub dry_run: bool,
    pub yes: bool,
    pub probe: &'a ProbeOptions,
}

fn diagnose(host: &dyn HostMut, probe: &ProbeOptions) -> Report {
    nativego_doctor::diagnose(host, probe).1
}

/// Render a plan as a preview: what it does, the diff of each file, the commands.
pub fn preview(plan: &Plan, fix: &Fix) -> String {
    let mut s = format!("{} ({}, `{}`)\n", fix.title, fix.applicability, fix.id);
    if plan.is_empty() {
        s.push_str("  already in place: nothing to change\n");
        return s;
    }
    for change in &plan.changes {
        if change.create_dir {
            s.push_str(&format!("  create directory {}\n", change.path.display()));
            continue;
        }
        if change.target != change.path {
            s.push_str(&format!(
                "  {} is a symlink: its target {} is edited and the link kept\n",
                change.path.display(),
                change.target.display()
            ));
        }
        s.push('\n');
        s.push_str(&plan::unified_diff(change));
    }
    for action in &plan.actions {
        s.push_str(&format!("\n  run: {}\n", action.command_line()));
    }
    s
}

fn manual_text(fix: &Fix) -> String {
    let mut s = format!("{} (manual, `{}`)\n", fix.title, fix.id);
    if let Some(i) = &fix.instructions {
        s.push_str(&format!("\n{i}\n"));
    }
    if let Some(c) = &fix.command {
        s.push_str(&format!("\n  {c}\n"));
    }
    s.push_str("\nNativeGo does not run manual fixes for you.\n");
    s
}

fn confirm(question: &str) -> Result<bool, Failure> {
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::new("not applying without confirmation")
            .hint("run it in a terminal to be asked, or pass `--yes` to apply without asking"));
    }
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(format!("could not read the answer: {e}")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes"))
}

fn syntax_checker(host: &dyn HostMut) -> Box<dyn SyntaxCheck> {
    // A scenario's files are checked with this machine's shells too: syntax does not
    // depend on the machine.
    let _ = host;
    if cfg!(unix) {
        Box::new(RealSyntaxCheck)
    } else {
        Box::new(NoSyntaxCheck)
    }
}

fn apply_one(host: &dyn HostMut, plan: &Plan) -> Result<String, Failure> {
    let applied = apply::apply(host, plan, syntax_checker(host).as_ref(), host.can_run())
        .map_err(|e| Failure::new(e.to_string()))?;
    let mut s = format!(
        "Applied: {}\n  undo with `nativego undo {}`\n",
        plan.title, applied.entry.id
    );
    if !plan.actions.is_empty() && !host.can_run() {
        s.push_str("  (the commands were not run: a scenario cannot run programs)\n");
    }
    for a in &applied.entry.actions {
        s.push_str(&format!(
            "  ran `{}`: {}\n",
            a.command,
            match a.status {
                Some(0) => "ok".to_string(),
                Some(n) => format!("exit status {n}"),
                None => "did not finish".to_string(),
            }
        ));
    }
    if let Some(f) = applied.action_failure {
        return Err(Failure::new(format!("{s}{f}"))
            .hint("the file changes stay applied; `nativego undo` reverts them"));
    }
    Ok(s)
}

/// `nativego fix ID` / `nativego fix --all-safe`.
pub fn fix(host: &dyn HostMut, args: &FixArgs) -> Result<ExitCode, Failure> {
    if args.all_safe {
        return fix_all_safe(host, args);
    }
    let Some(id) = args.id else {
        return Err(Failure::new("`fix` needs a fix ID or `--all-safe`")
            .hint("`nativego doctor` lists the fixes under each finding"));
    };
    let report = diagnose(host, args.probe);
    let (finding, fix) = find_fix(&report.findings, id).map_err(|e| {
        let ids: Vec<String> = report
            .findings
            .iter()
            .flat_map(|f| f.fixes.iter().map(|x| x.id.clone()))
            .collect();
        Failure::new(e.to_string()).hint(if ids.is_empty() {
            "no finding on this machine offers a fix".to_string()
        } else {
            format!("the fixes offered now: {}", ids.join(", "))
        })
    })?;
    if fix.applicability == Applicability::Manual {
        return out(&manual_text(fix));
    }
    let plan = plan::plan(host, fix).map_err(|e| Failure::new(e.to_string()))?;
    let mut text = format!(
        "{}: {}\n\n{}",
        finding.check,
        finding.title,
        preview(&plan, fix)
    );
    if args.dry_run || plan.is_empty() {
        if args.dry_run && !plan.is_empty() {
            text.push_str("\n(dry run: nothing was changed)\n");
        }
        return out(&text);
    }
    out(&text)?;
    if !args.yes {
        let question = match fix.applicability {
            Applicability::Unsafe => "This fix changes behaviour you may rely on. Apply it?",
            _ => "Apply this fix?",
        };
        if !confirm(question)? {
            return out("Nothing was changed.\n");
        }
    }
    let mut done = apply_one(host, &plan)?;
    let after = diagnose(host, args.probe);
    let still = after
        .findings
        .iter()
        .any(|f| nativego_doctor::vet::same_problem(f, finding));
    done.push_str(&if still {
        format!(
            "  `{}` is still reported: `nativego doctor` tells why\n",
            finding.check
        )
    } else {
        format!("  ✓ `{}` is fixed for new terminals\n", finding.check)
    });
    out(&done)
}

fn fix_all_safe(host: &dyn HostMut, args: &FixArgs) -> Result<ExitCode, Failure> {
    let mut text = String::new();
    let mut applied = 0;
    let mut seen: Vec<String> = Vec::new();
    // Each fix changes the facts, so the machine is diagnosed again after each one.
    for _round in 0..64 {
        let report = diagnose(host, args.probe);
        let next = report.findings.iter().find_map(|f| {
            f.fixes
                .iter()
                .find(|x| x.applicability == Applicability::Safe && !seen.contains(&x.id))
                .map(|x| (f, x))
        });
        let Some((finding, fix)) = next else { break };
        seen.push(fix.id.clone());
        let plan = match plan::plan(host, fix) {
            Ok(p) => p,
            Err(e) => {
                text.push_str(&format!("skipped `{}`: {e}\n", fix.id));
                continue;
            }
        };
        if plan.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "{}: {}\n{}\n",
            finding.check,
            finding.title,
            preview(&plan, fix)
        ));
        if args.dry_run {
            continue;
        }
        if !args.yes && !confirm("Apply this fix?")? {
            text.push_str("skipped\n\n");
            continue;
        }
        text.push_str(&apply_one(host, &plan)?);
        text.push('\n');
        applied += 1;
    }
    if seen.is_empty() {
        text.push_str("No safe fix to apply.\n");
    } else if args.dry_run {
        text.push_str("(dry run: nothing was changed)\n");
    } else {
        text.push_str(&format!(
            "{applied} fix{} applied.\n",
            if applied == 1 { "" } else { "es" }
        ));
    }
    out(&text)
}

/// `nativego undo [ENTRY]`.
pub fn undo(host: &dyn HostMut, id: Option<&str>) -> Result<ExitCode, Failure> {
    let entry = apply::undo(host, id).map_err(|e| {
        Failure::new(e.to_string()).hint("`nativego history` lists what was applied")
    })?;
    out(&format!(
        "Undone: {}\n  {} restored byte for byte\n",
        entry.title,
        entry
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// `nativego history [--json]`.
pub fn history(host: &dyn HostMut, json: bool) -> Result<ExitCode, Failure> {
    let entries = apply::history(host).map_err(|e| Failure::new(e.to_string()))?;
    let rows: Vec<(apply::Entry, bool)> = entries
        .into_iter()
        .map(|e| {
            let undoable = apply::can_undo(host, &e).unwrap_or(false);
            (e, undoable)
        })
        .collect();
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(e, u)| {
                let mut v = serde_json::to_value(e).unwrap_or_default();
                v["can_undo"] = serde_json::Value::Bool(*u);
                v
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&v)
            .map_err(|e| Failure::new(format!("could not write JSON: {e}")))?;
        s.push('\n');
        return out(&s);
    }
    if rows.is_empty() {
        return out("No fix has been applied yet.\n");
    }
    let mut s = String::new();
    for (e, undoable) in &rows {
        let state = match (e.state, undoable) {
            (EntryState::Undone, _) => "undone".to_string(),
            (_, true) => "applied, can be undone".to_string(),
            (_, false) => "applied, changed since: cannot be undone".to_string(),
        };
        s.push_str(&format!(
            "{}  {}  {}\n    {}\n",
            e.id,
            format_time(e.applied_at),
            state,
            e.title
        ));
    }
    out(&s)
}

/// `2026-11-26 05:14 UTC` from Unix seconds (no time-zone database needed).
pub fn format_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_time;

    #[test]
    fn formats_unix_time() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_795_670_051), "2026-11-26 05:14 UTC");
    }
}
