//! The `nativego` binary as a user runs it: exit codes, JSON, colour, explain, bad input.
#![allow(clippy::disallowed_methods)]

#[path = "../../doctor/tests/common/mod.rs"]
mod common;

use std::io::Read;
use std::process::{Command, Output, Stdio};

use common::{scenario, stderr, stdout};

fn nativego() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nativego"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    nativego().args(args).output().expect("nativego runs")
}

#[test]
fn a_clean_machine_exits_zero() {
    let dir = scenario("clean-official");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("go1.27.3 · arm64"), "{out}");
    assert!(out.contains("No problems found"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn an_error_finding_exits_one() {
    let dir = scenario("intel-homebrew-migrated");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("go-wrong-arch"));
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = scenario("goarch-exported");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("goarch-forced"));
}

#[test]
fn json_is_a_versioned_document() {
    let dir = scenario("goarch-exported");
    let o = run(&["doctor", "--json", "--scenario", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema"], 1);
    for key in [
        "host", "go", "installs", "env", "tools", "findings", "checks",
    ] {
        assert!(!v[key].is_null(), "missing `{key}`");
    }
    for key in ["path", "version", "arch", "goroot", "source"] {
        assert!(!v["go"][key].is_null(), "missing `go.{key}`");
    }
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "goarch-forced")
        .expect("goarch-forced");
    assert_eq!(finding["severity"], "warning");
    let fixes = finding["fixes"].as_array().unwrap();
    assert!(!fixes.is_empty(), "goarch-forced offers a fix");
    for fix in fixes {
        assert!(fix["id"].as_str().unwrap().starts_with("goarch-forced:"));
        assert!(fix["title"].is_string());
        assert!(["safe", "unsafe", "manual"].contains(&fix["applicability"].as_str().unwrap()));
    }
    let evidence = &finding["evidence"][0];
    assert_eq!(evidence["path"], "/Users/dev/.zshrc");
    assert!(evidence["line"].as_u64().unwrap() >= 1);
    assert_eq!(v["env"]["GOARCH"]["value"], "amd64");
    assert_eq!(v["env"]["GOARCH"]["origin"]["kind"], "startup-file");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = scenario("goarch-exported");
    let d = dir.to_str().unwrap();
    let o = run(&["doctor", "--color", "always", "--scenario", d]);
    assert!(stdout(&o).contains('\x1b'));
    let o = nativego()
        .args(["doctor", "--scenario", d])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn explain_prints_a_checks_documentation() {
    let o = run(&["explain", "goroot-version-skew"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for section in [
        "## What it checks",
        "## Why it hurts",
        "## How to fix",
        "## References",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    assert!(out.contains("does not match go tool version"), "{out}");
}

#[test]
fn explain_of_an_unknown_check_exits_two_with_a_hint() {
    let o = run(&["explain", "no-such-check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("there is no check `no-such-check`"));
    assert!(stderr(&o).contains("nativego checks"));
}

#[test]
fn checks_lists_every_id() {
    let o = run(&["checks"]);
    let out = stdout(&o);
    for id in [
        "go-not-found",
        "go-wrong-arch",
        "go-shadowed",
        "go-unsupported",
        "goroot-mismatch",
        "goroot-invalid",
        "goroot-version-skew",
        "goarch-forced",
        "rosetta-terminal",
        "rosetta-missing",
        "intel-homebrew",
        "gobin-not-on-path",
        "tools-wrong-arch",
        "modules-off",
        "goproxy-invalid",
        "gosumdb-off",
        "cgo-no-clt",
        "cgo-foreign-libs",
    ] {
        assert!(out.contains(id), "{id} missing");
    }
}

#[test]
fn a_missing_scenario_exits_two_with_a_clear_message() {
    let o = run(&["doctor", "--scenario", "/nonexistent/scenario"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no `host.toml`"), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("nativego: error:"));
}

#[test]
fn bad_arguments_exit_two() {
    for args in [
        &["doctor", "--bogus"][..],
        &["frobnicate"][..],
        &["doctor", "--shell-timeout", "-1"][..],
        &["doctor", "--color", "sometimes"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).starts_with("nativego: error:"), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = scenario("messy-migrated-mac");
    let mut child = nativego()
        .args(["doctor", "-v", "--scenario", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then hang up, as `| head -1` does.
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}",
        out.status
    );
}

#[test]
fn this_machine_is_diagnosed_and_mac_only_checks_do_not_apply_on_linux() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let o = run(&["doctor", "--json", "--no-shell"]);
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["host"]["os"], "linux");
    let status = |id: &str| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    assert_eq!(status("rosetta-terminal").unwrap(), "not-applicable");
    assert_eq!(status("cgo-no-clt").unwrap(), "not-applicable");
    assert_ne!(status("go-not-found").unwrap(), "not-applicable");
}

#[test]
fn without_home_in_the_environment_the_user_database_is_used() {
    // No HOME in the environment: the user database still knows the home, so the real
    // host falls back to it rather than failing. (A home nobody knows is a finding, see
    // the engine's bad-input tests.)
    let o = nativego()
        .args(["doctor", "--json", "--no-shell"])
        .env_remove("HOME")
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["host"]["home"].is_string());
}

#[test]
fn fail_on_sets_the_severity_that_fails_the_run() {
    // goarch-exported has one warning and no error; intel-homebrew-migrated has errors.
    let warn = scenario("goarch-exported");
    let err = scenario("intel-homebrew-migrated");
    let code = |dir: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["doctor", "--no-shell", "--scenario", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&args).status.code()
    };
    assert_eq!(code(&warn, &[]), Some(0));
    assert_eq!(code(&warn, &["--fail-on", "error"]), Some(0));
    assert_eq!(code(&warn, &["--fail-on", "warning"]), Some(1));
    assert_eq!(code(&warn, &["--fail-on", "never"]), Some(0));
    assert_eq!(code(&err, &[]), Some(1));
    assert_eq!(code(&err, &["--fail-on", "warning"]), Some(1));
    assert_eq!(code(&err, &["--fail-on", "never"]), Some(0));
    // A clean machine passes at every level.
    let clean = scenario("clean-official");
    assert_eq!(code(&clean, &["--fail-on", "warning"]), Some(0));
    let o = run(&["doctor", "--fail-on", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn only_and_skip_run_what_they_name_and_text_and_json_agree() {
    let dir = scenario("messy-migrated-mac");
    let d = dir.to_str().unwrap();
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["doctor", "--json", "--no-shell", "--scenario", d];
        args.extend_from_slice(extra);
        serde_json::from_slice(&run(&args).stdout).unwrap()
    };
    let text = |extra: &[&str]| -> String {
        let mut args = vec!["doctor", "--no-shell", "--scenario", d];
        args.extend_from_slice(extra);
        stdout(&run(&args))
    };
    let ran = |r: &serde_json::Value| -> Vec<String> {
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] != "skipped")
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let full = json(&[]);
    let all = full["checks"].as_array().unwrap().len();
    assert_eq!(ran(&full).len(), all);
    // --only an area: only its checks ran, only their findings are reported.
    let env = json(&["--only", "environment"]);
    let env_ran = ran(&env);
    assert!(!env_ran.is_empty() && env_ran.len() < all);
    for c in env["checks"].as_array().unwrap() {
        assert_eq!(c["status"] == "skipped", c["area"] != "environment", "{c}");
    }
    let checks_of = |r: &serde_json::Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["check"].as_str().unwrap().to_string())
            .collect()
    };
    let full_env: Vec<String> = checks_of(&full)
        .into_iter()
        .filter(|c| env_ran.contains(c))
        .collect();
    assert!(!full_env.is_empty());
    assert_eq!(checks_of(&env), full_env);
    // The text says the same: how many ran, and which areas were skipped.
    let t = text(&["--only", "environment"]);
    assert!(
        t.contains(&format!("Ran {} of {all} checks", env_ran.len())),
        "{t}"
    );
    assert!(t.contains("– PATH             skipped"), "{t}");
    for check in &full_env {
        assert!(t.contains(check.as_str()), "{check} missing:\n{t}");
    }
    // --skip: the named check is left out, the rest runs.
    let first = checks_of(&full)[0].clone();
    let skipped = json(&["--skip", &first]);
    assert_eq!(ran(&skipped).len(), all - 1);
    assert!(!checks_of(&skipped).contains(&first));
    assert!(!text(&["--skip", &first]).contains(&format!(" {first} ")));
    // Unknown names are refused before anything runs.
    let o = run(&["doctor", "--scenario", d, "--only", "toolchian"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("there is no check or area `toolchian` (did you mean `toolchain`?)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ignore_keeps_a_finding_in_the_report_without_failing_the_run() {
    // intel-homebrew-migrated has error findings: exit 1 until they are ignored.
    let tmp = common::scenario_copy("intel-homebrew-migrated");
    let dir = tmp.path();
    let d = dir.to_str().unwrap();
    let report = || -> (Option<i32>, serde_json::Value) {
        let o = run(&["doctor", "--json", "--no-shell", "--scenario", d]);
        (o.status.code(), serde_json::from_slice(&o.stdout).unwrap())
    };
    let (code, before) = report();
    assert_eq!(code, Some(1));
    let errors: Vec<String> = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["check"].as_str().unwrap().to_string())
        .collect();
    assert!(!errors.is_empty());
    let config = dir.join("root/Users/dev/.config/nativego/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "# kept\n").unwrap();
    for check in &errors {
        let o = run(&["ignore", check, "--reason", "known", "--scenario", d]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# kept\n"), "{text}");
    let (code, after) = report();
    // Still in the report, marked, with the reason; no longer an error for the exit code
    // or the counts.
    assert_eq!(code, Some(0), "{after:#}");
    for f in after["findings"].as_array().unwrap() {
        let is_error = errors.contains(&f["check"].as_str().unwrap().to_string());
        assert_eq!(f["ignored"] == true, is_error, "{f}");
        if is_error {
            assert_eq!(f["ignored_reason"], "known");
        }
    }
    assert_eq!(after["summary"]["errors"], 0);
    assert_eq!(
        after["findings"].as_array().unwrap().len(),
        before["findings"].as_array().unwrap().len()
    );
    // The text says what is ignored.
    let t = stdout(&run(&["doctor", "--no-shell", "--scenario", d]));
    assert!(t.contains(&format!("ignored {}", errors[0])), "{t}");
    // A suppression for a problem that is not there is stale.
    run(&["ignore", "gosumdb-off", "--scenario", d]);
    let (_, stale) = report();
    let s = stale["suppressions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["check"] == "gosumdb-off")
        .unwrap()
        .clone();
    assert_eq!(s["findings"], 0);
    assert!(stdout(&run(&["doctor", "--no-shell", "--scenario", d]))
        .contains("stale suppression: `gosumdb-off`"));
    // unignore gives the file back byte for byte and the exit code comes back.
    run(&["unignore", "gosumdb-off", "--scenario", d]);
    for check in &errors {
        let o = run(&["unignore", check, "--scenario", d]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# kept\n");
    assert_eq!(report().0, Some(1));
    // Unknown checks and missing suppressions are refused.
    assert_eq!(
        run(&["ignore", "no-such-check", "--scenario", d])
            .status
            .code(),
        Some(2)
    );
    let o = run(&["unignore", "goarch-forced", "--scenario", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing ignores `goarch-forced`"));
}

#[test]
fn a_broken_settings_file_ignores_nothing_and_says_so() {
    let tmp = common::scenario_copy("intel-homebrew-migrated");
    let dir = tmp.path();
    let d = dir.to_str().unwrap();
    let config = dir.join("root/Users/dev/.config/nativego/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[[ignore]\ncheck = ").unwrap();
    let o = run(&["doctor", "--no-shell", "--scenario", d]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("NativeGo's settings file could not be used"),
        "{}",
        stdout(&o)
    );
    // `ignore` refuses to rewrite it.
    let o = run(&["ignore", "go-wrong-arch", "--scenario", d]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "[[ignore]\ncheck = "
    );
}
