//! The command line as the ecosystem's tools behave: help per command (snapshots, so a
//! change to what a user reads is reviewed), errors with clap's suggestions and exit 2,
//! arguments a command does not take refused, completions that real zsh and bash load,
//! and a man page.
#![allow(clippy::disallowed_methods)]

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nativego"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("nativego runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const COMMANDS: &[&str] = &[
    "doctor",
    "fix",
    "undo",
    "history",
    "watch",
    "snapshot",
    "explain",
    "checks",
    "completions",
    "ignore",
    "unignore",
];

#[test]
fn every_command_has_its_own_help() {
    let (top, _) = text(&run(&["--help"]));
    insta::assert_snapshot!("help", top);
    for cmd in COMMANDS {
        let o = run(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let (out, err) = text(&o);
        assert!(err.is_empty(), "{cmd}: {err}");
        assert!(
            out.contains(&format!("Usage: nativego {cmd}")),
            "{cmd}: {out}"
        );
        insta::assert_snapshot!(format!("help-{cmd}"), out);
    }
    // No command: the overview, exit 0.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o).0.trim_end(), top.trim_end());
}

#[test]
fn the_version_names_the_schema() {
    let (out, _) = text(&run(&["--version"]));
    assert_eq!(
        out.trim(),
        format!(
            "nativego {} (report schema {})",
            env!("CARGO_PKG_VERSION"),
            nativego_doctor::report::SCHEMA
        )
    );
}

#[test]
fn what_a_command_does_not_take_is_refused_with_exit_two() {
    for (args, says) in [
        (
            &["checks", "--yes", "--all-safe"][..],
            "unexpected argument '--yes'",
        ),
        (&["doctor", "extra"][..], "unexpected argument 'extra'"),
        (&["explain"][..], "required arguments were not provided"),
        (&["fix"][..], "required arguments were not provided"),
        (
            &["fix", "goarch-forced:remove-GOARCH", "--all-safe"][..],
            "cannot be used with",
        ),
        (&["undo", "--json"][..], "unexpected argument '--json'"),
        (
            &["watch", "--debounce-ms", "20000"][..],
            "20000 is not in 0..=10000",
        ),
        (
            &["doctor", "--shell-timeout", "0"][..],
            "must be more than 0",
        ),
        (
            &["completions", "powershell"][..],
            "invalid value 'powershell'",
        ),
    ] {
        let o = run(args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {out}{err}");
        assert!(err.starts_with("nativego: error:"), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    }
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let (_, err) = text(&run(&["doctr"]));
    assert!(err.contains("unrecognized subcommand 'doctr'"), "{err}");
    assert!(
        err.contains("a similar subcommand exists: 'doctor'"),
        "{err}"
    );
    let (_, err) = text(&run(&["doctor", "--jsn"]));
    assert!(err.contains("--json"), "{err}");
}

/// A shell to run, or the reason to skip (CI requires zsh: NATIVEGO_REQUIRE_ZSH).
fn shell(name: &str) -> Option<String> {
    let found = ["/usr/bin", "/bin"]
        .iter()
        .map(|d| format!("{d}/{name}"))
        .find(|p| std::path::Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("NATIVEGO_REQUIRE_ZSH").is_none(),
            "{name} is required here"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: no {name}");
        }
    }
    found
}

#[test]
fn the_zsh_completion_loads_in_real_zsh_with_compinit() {
    let Some(zsh) = shell("zsh") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (script, _) = text(&run(&["completions", "zsh"]));
    assert!(script.starts_with("#compdef nativego"), "{script}");
    std::fs::write(dir.path().join("_nativego"), &script).unwrap();
    // compinit finds `_nativego` on fpath and binds it to the command.
    let o = Command::new(zsh)
        .args(["-f", "-c"])
        .arg(format!(
            "fpath=({} $fpath); autoload -Uz compinit; compinit -u -D; \
             print -r -- ${{_comps[nativego]}}; whence -w _nativego",
            dir.path().display()
        ))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert_eq!(out.lines().next(), Some("_nativego"), "{out}{err}");
    assert!(out.contains("_nativego: function"), "{out}{err}");
    for cmd in COMMANDS {
        assert!(script.contains(&format!("'{cmd}:")), "{cmd} not completed");
    }
}

#[test]
fn the_bash_completion_completes_the_commands() {
    let Some(bash) = shell("bash") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (script, _) = text(&run(&["completions", "bash"]));
    let file = dir.path().join("nativego.bash");
    std::fs::write(&file, &script).unwrap();
    // What bash offers after `nativego d<TAB>` and `nativego doctor --<TAB>`.
    let o = Command::new(bash)
        .args(["--norc", "--noprofile", "-c"])
        .arg(format!(
            "source {}; COMP_WORDS=(nativego d); COMP_CWORD=1; _nativego nativego d nativego; \
             echo \"${{COMPREPLY[*]}}\"; COMP_WORDS=(nativego doctor --j); COMP_CWORD=2; \
             _nativego nativego --j doctor; echo \"${{COMPREPLY[*]}}\"",
            file.display()
        ))
        .output()
        .unwrap();
    let (out, err) = text(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first().copied(), Some("doctor"), "{out}{err}");
    assert_eq!(lines.get(1).copied(), Some("--json"), "{out}{err}");
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let (man, _) = text(&o);
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man[..80.min(man.len())]
    );
    assert!(man.contains(".TH nativego 1"), "{man}");
    for cmd in COMMANDS {
        assert!(man.contains(cmd), "{cmd} missing from the man page");
    }
}
