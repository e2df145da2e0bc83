//! Every scenario in `tests/scenarios/`: its binaries are what `binaries.toml` says, its
//! report matches the snapshot, the checks in `expect.toml` fire (and no others), and no
//! report leaks the scenario folder's real path.
#![allow(clippy::disallowed_methods)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use nativego_doctor::finding::Severity;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::scenario_binaries;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::render::{self, Style};
use serde::Deserialize;

fn scenarios() -> Vec<(String, PathBuf)> {
    let out = common::scenarios();
    assert!(
        out.len() >= 13,
        "expected the shipped scenarios, found {}",
        out.len()
    );
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    findings: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn static_only() -> ProbeOptions {
    ProbeOptions {
        run_login_shell: false,
        ..ProbeOptions::default()
    }
}

#[test]
fn committed_binaries_match_binaries_toml() {
    for (name, dir) in scenarios() {
        for g in scenario_binaries::generate(&dir).unwrap_or_else(|e| panic!("{name}: {e}")) {
            let real = scenario_binaries::real_path(&dir, &g.path);
            let committed = fs::read(&real).unwrap_or_else(|e| {
                panic!(
                    "{name}: {} is listed in binaries.toml but cannot be read ({e}); run \
                     `cargo run -p nativego-doctor --example scenario-binaries -- tests/scenarios/{name}`",
                    g.path.display()
                )
            });
            assert!(
                committed == g.bytes,
                "{name}: {} differs from what binaries.toml describes; regenerate it with the \
                 scenario-binaries example",
                g.path.display()
            );
        }
    }
}

#[test]
fn each_scenario_report_matches_its_snapshot() {
    for (name, dir) in scenarios() {
        let host = ScenarioHost::load(&dir).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_facts, report) = nativego_doctor::diagnose(&host, &static_only());
        let text = render::render(
            &report,
            Style {
                color: false,
                verbose: true,
            },
        );
        let json = serde_json::to_string_pretty(&report).unwrap();
        let real_dir = dir.canonicalize().unwrap().display().to_string();
        assert!(
            !text.contains(&real_dir) && !json.contains(&real_dir),
            "{name}: the report names the scenario folder instead of machine paths"
        );
        insta::assert_snapshot!(format!("{name}"), text);
        insta::assert_snapshot!(format!("{name}.json"), json);
    }
}

#[test]
fn each_scenario_fires_exactly_the_expected_checks() {
    let mut problems = Vec::new();
    for (name, dir) in scenarios() {
        let expect_path = dir.join("expect.toml");
        let expect: Expect = toml::from_str(
            &fs::read_to_string(&expect_path)
                .unwrap_or_else(|e| panic!("{name}: expect.toml: {e}")),
        )
        .unwrap_or_else(|e| panic!("{name}: expect.toml: {e}"));
        let host = ScenarioHost::load(&dir).unwrap();
        let (_facts, report) = nativego_doctor::diagnose(&host, &static_only());
        let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.check.as_str()).collect();
        let wanted: BTreeSet<&str> = expect.findings.iter().map(String::as_str).collect();
        if fired != wanted {
            problems.push(format!(
                "{name}: expected {wanted:?}, fired {fired:?}\n{}",
                report
                    .findings
                    .iter()
                    .map(|f| format!("  {} {}: {}", f.severity, f.check, f.title))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        for absent in &expect.absent {
            if fired.contains(absent.as_str()) {
                problems.push(format!("{name}: {absent} must not fire"));
            }
        }
        if name.starts_with("clean-") || name == "universal-go" {
            let loud: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| f.check.clone())
                .collect();
            if !loud.is_empty() {
                problems.push(format!(
                    "{name}: a clean machine has warnings or errors: {loud:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_check_fires_in_some_scenario() {
    // `login-shell-failed` needs a real shell to fail: see tests/login_shell.rs.
    // `home-missing` needs a machine without a home: see tests/bad_input.rs.
    let elsewhere = ["login-shell-failed", "home-missing"];
    let mut fired = BTreeSet::new();
    for (_name, dir) in scenarios() {
        let host = ScenarioHost::load(&dir).unwrap();
        let (_facts, report) = nativego_doctor::diagnose(&host, &static_only());
        fired.extend(report.findings.iter().map(|f| f.check.clone()));
    }
    let missing: Vec<&str> = nativego_doctor::checks::CHECKS
        .iter()
        .map(|c| c.id)
        .filter(|id| !fired.contains(*id) && !elsewhere.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "no scenario makes these checks fire: {missing:?}"
    );
}
