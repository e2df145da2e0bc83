//! Fix convergence, the way linters test their fixes: in every scenario, apply each fix
//! that can be applied to a fresh copy of the machine, diagnose again, and the finding is
//! gone with no new one; planning it again changes nothing; undo makes every file
//! byte-identical to the start.
#![allow(clippy::disallowed_methods)]

mod common;

use std::collections::BTreeSet;

use nativego_doctor::finding::{Finding, Severity};
use nativego_doctor::fix::apply::{self, SyntaxCheck};
use nativego_doctor::fix::plan;
use nativego_doctor::fix::Applicability;
use nativego_doctor::host::real::RealSyntaxCheck;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::HostMut;

use common::{copy_tree, diagnose_static, differences, scenarios, tree_bytes};

/// Raised as the catalogue's fixes land.
const MIN_FIXES_EXERCISED: usize = 53;

/// New findings that tell the truth about what a fix chose rather than something it broke:
/// (scenario, fix, check of the new finding). Only information-level findings qualify.
const EXPECTED_CONSEQUENCES: &[(&str, &str, &str)] = &[
    // Homebrew's Go ships `GOTOOLCHAIN=local` in its go.env (gotoolchain-local says so, as
    // information); choosing it as the active Go brings that note along.
    (
        "messy-migrated-mac",
        "go-shadowed:prefer-homebrew",
        "gotoolchain-local",
    ),
    (
        "messy-migrated-mac",
        "go-wrong-arch:use-homebrew",
        "gotoolchain-local",
    ),
    // The tools there were built by the Intel go1.25.7; with a newer Go active (Homebrew's
    // go1.27.3 or the official go1.26.4) they are older than it, and tools-stale-go says
    // so, as information.
    (
        "messy-migrated-mac",
        "go-wrong-arch:use-homebrew",
        "tools-stale-go",
    ),
    (
        "messy-migrated-mac",
        "go-wrong-arch:use-official",
        "tools-stale-go",
    ),
    (
        "messy-migrated-mac",
        "go-shadowed:prefer-homebrew",
        "tools-stale-go",
    ),
    (
        "messy-migrated-mac",
        "go-shadowed:prefer-official",
        "tools-stale-go",
    ),
];

fn expected_consequence(scenario: &str, fix: &str, new: &Finding) -> bool {
    new.severity == Severity::Info
        && EXPECTED_CONSEQUENCES
            .iter()
            .any(|(s, x, c)| *s == scenario && *x == fix && *c == new.check)
}

fn key(f: &Finding) -> (String, String) {
    (f.check.clone(), f.key.clone())
}

#[test]
fn every_fix_converges_and_undoes_byte_for_byte() {
    let syntax = RealSyntaxCheck;
    let mut problems = Vec::new();
    let mut applied = 0;
    for (name, dir) in scenarios() {
        let report = diagnose_static(&ScenarioHost::load(&dir).unwrap());
        for finding in &report.findings {
            for fix in &finding.fixes {
                if fix.applicability == Applicability::Manual {
                    continue;
                }
                let tmp = tempfile::tempdir().unwrap();
                copy_tree(&dir, tmp.path());
                let host = ScenarioHost::load(tmp.path()).unwrap();
                // NativeGo's data directory (the journal) is NativeGo's, not the fix's: make
                // it, and any parent a bare scenario lacks (`~/Library/Application Support`),
                // before the machine is compared.
                let data = host.data_dir().unwrap();
                host.create_dir_all(&data, 0o700).unwrap();
                let start = tree_bytes(&tmp.path().join("root"));
                let before: BTreeSet<_> = diagnose_static(&host).findings.iter().map(key).collect();
                let ctx = format!("{name}: {}", fix.id);
                let plan = match plan::plan(&host, fix) {
                    Ok(p) => p,
                    Err(e) => {
                        problems.push(format!("{ctx}: cannot plan: {e}"));
                        continue;
                    }
                };
                if plan.is_empty() {
                    problems.push(format!("{ctx}: the plan changes nothing"));
                    continue;
                }
                if let Err(e) = apply::apply(&host, &plan, &syntax as &dyn SyntaxCheck, false) {
                    problems.push(format!("{ctx}: cannot apply: {e}"));
                    continue;
                }
                applied += 1;
                let after = diagnose_static(&host);
                // Fixes made only of actions (installing software, rebuilding tools) change
                // nothing a scenario can show; their edits, if any, are checked the same.
                if plan.actions.is_empty() || !plan.changes.is_empty() {
                    if after.findings.iter().any(|f| f.key == finding.key) {
                        problems.push(format!(
                            "{ctx}: `{}` still fires after the fix",
                            finding.title
                        ));
                    }
                    let new: Vec<_> = after
                        .findings
                        .iter()
                        .filter(|f| !before.contains(&key(f)))
                        .filter(|f| !expected_consequence(&name, &fix.id, f))
                        .map(key)
                        .collect();
                    if !new.is_empty() {
                        problems.push(format!("{ctx}: new findings after the fix: {new:?}"));
                    }
                }
                // Idempotent: the same fix planned again changes nothing.
                if let Ok(again) = plan::plan(&host, fix) {
                    if !again.changes.is_empty() {
                        problems.push(format!("{ctx}: applying it twice would change files again"));
                    }
                }
                if let Err(e) = apply::undo(&host, None) {
                    problems.push(format!("{ctx}: cannot undo: {e}"));
                    continue;
                }
                let end = tree_bytes(&tmp.path().join("root"));
                if end != start {
                    let changed = differences(&start, &end);
                    problems.push(format!("{ctx}: undo left differences in {changed:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(
        applied >= MIN_FIXES_EXERCISED,
        "only {applied} fixes were exercised"
    );
}
