//! The login environment on a real machine: a real zsh run with the user's startup files,
//! and login shells that hang, fail or print noise. Each gives a clear result in bounded
//! time, never a hang.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nativego_doctor::facts::{LoginMethod, Origin};
use nativego_doctor::probe::{self, ProbeOptions};

use common::RealHostWithHome;

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn opts(timeout_ms: u64) -> ProbeOptions {
    ProbeOptions {
        run_login_shell: true,
        shell_timeout: Duration::from_millis(timeout_ms),
    }
}

#[test]
fn a_hung_login_shell_times_out_with_a_clear_failure() {
    let home = tempfile::tempdir().unwrap();
    let shell = script(home.path(), "zsh", "sleep 30");
    let host = RealHostWithHome::new(home.path(), &shell);
    let start = Instant::now();
    let facts = probe::probe(&host, &opts(400));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let failure = facts.login.failure.expect("a failure");
    assert_eq!(failure.kind, "timeout");
    assert!(
        failure.detail.contains("did not finish"),
        "{}",
        failure.detail
    );
    // The static evaluation stands in.
    assert_eq!(facts.login.method, Some(LoginMethod::Static));
}

#[test]
fn a_failing_login_shell_is_reported_with_what_it_said() {
    let home = tempfile::tempdir().unwrap();
    let shell = script(
        home.path(),
        "zsh",
        "echo 'zsh: command not found: pyenv' >&2; exit 1",
    );
    let host = RealHostWithHome::new(home.path(), &shell);
    let facts = probe::probe(&host, &opts(5000));
    let failure = facts.login.failure.expect("a failure");
    assert_eq!(failure.kind, "no-output");
    assert!(failure.detail.contains("status 1"), "{}", failure.detail);
    assert!(
        failure.detail.contains("command not found: pyenv"),
        "{}",
        failure.detail
    );
}

#[test]
fn noise_around_the_environment_is_ignored() {
    let home = tempfile::tempdir().unwrap();
    // A chatty shell: a banner, escape codes, then runs the command it was given.
    let shell = script(
        home.path(),
        "zsh",
        "printf 'Welcome!\\n\\033[1mfortune of the day\\033[0m\\n'; shift 4; export GOFLAGS=-mod=mod; export PATH=/opt/x/bin:$PATH; eval \"$1\"; echo bye",
    );
    let host = RealHostWithHome::new(home.path(), &shell);
    let facts = probe::probe(&host, &opts(5000));
    assert_eq!(facts.login.failure, None);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    assert_eq!(facts.login.var("GOFLAGS"), Some("-mod=mod"));
    assert_eq!(facts.login.path[0].dir, "/opt/x/bin");
    assert_eq!(facts.login.path[0].origin, Origin::LoginShell);
}

#[test]
fn real_zsh_values_are_attributed_to_startup_file_lines() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    fs::create_dir_all(home.path().join("go/bin")).unwrap();
    fs::write(
        home.path().join(".zshrc"),
        "# tools\nexport GOPATH=\"$HOME/go\"\nexport PATH=\"$PATH:$GOPATH/bin\"\nexport GOPROXY=direct\n",
    )
    .unwrap();
    let host = RealHostWithHome::new(home.path(), Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    let zshrc = home.path().join(".zshrc");
    assert_eq!(facts.login.var("GOPROXY"), Some("direct"));
    assert_eq!(
        facts.login.origins["GOPROXY"],
        Origin::StartupFile {
            path: zshrc.clone(),
            line: 4
        }
    );
    let gobin = format!("{h}/go/bin");
    let entry = facts
        .login
        .path
        .iter()
        .find(|e| e.dir == gobin)
        .expect("GOPATH/bin on PATH");
    assert_eq!(
        entry.origin,
        Origin::StartupFile {
            path: zshrc,
            line: 3
        }
    );
    let setting = &facts.settings["GOPROXY"];
    assert_eq!(setting.value, "direct");
}

// ----- attribution by the shell's own trace ------------------------------------------

use nativego_doctor::facts::{AttributedBy, Facts, TraceState};

fn write(home: &Path, rel: &str, text: &str) -> PathBuf {
    let p = home.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    p
}

fn at(path: &Path, line: u32) -> Origin {
    Origin::StartupFile {
        path: path.to_path_buf(),
        line,
    }
}

/// The origin of a Go variable, checking the shell attributed it.
fn shell_origin(facts: &Facts, name: &str) -> Origin {
    let a = &facts.login.attributions[name];
    assert_eq!(a.attributed_by, AttributedBy::Shell, "{name}: {a:?}");
    facts.login.origins[name].clone()
}

fn path_origin(facts: &Facts, dir: &str) -> Origin {
    let a = &facts.login.path_attributions[dir];
    assert_eq!(a.attributed_by, AttributedBy::Shell, "{dir}: {a:?}");
    facts
        .login
        .path
        .iter()
        .find(|e| e.dir == dir)
        .unwrap()
        .origin
        .clone()
}

const TRACED_ZSHRC: &str = r#"# tools
export GOPATH="$HOME/go"
for f in ~/.zsh/*.zsh; do source $f; done
setgo() {
  export GOFLAGS=-mod=mod
}
setgo
eval "export GOPROXY=direct"
eval "$(cat ~/.gocfg)"
export PATH="$HOME/bin:$PATH"
export PATH="$HOME/bin:$PATH:$HOME/go/bin"
export GITHUB_TOKEN=ghp_secret123
export GOPATH="$HOME/work"
"#;

fn traced_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(h, ".zshrc", TRACED_ZSHRC);
    write(
        h,
        ".zsh/a.zsh",
        "# a plugin\nexport GOBIN=\"$HOME/gobin\"\n",
    );
    write(h, ".gocfg", "export GOTOOLCHAIN=local\n");
    home
}

#[test]
fn real_zsh_trace_attributes_loops_functions_and_evals() {
    if !common::zsh_available() {
        return;
    }
    let home = traced_home();
    let h = home.path();
    let host = RealHostWithHome::new(h, Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    assert_eq!(facts.login.trace, Some(TraceState::Used));
    let zshrc = h.join(".zshrc");
    let plugin = h.join(".zsh/a.zsh");
    // Sourced by a glob loop.
    assert_eq!(shell_origin(&facts, "GOBIN"), at(&plugin, 2));
    // Inside a function: the line in the file that defines it.
    assert_eq!(shell_origin(&facts, "GOFLAGS"), at(&zshrc, 5));
    // eval, and eval "$(cat file)": the eval's line, naming what it evaluated.
    assert_eq!(shell_origin(&facts, "GOPROXY"), at(&zshrc, 8));
    assert_eq!(shell_origin(&facts, "GOTOOLCHAIN"), at(&zshrc, 9));
    assert_eq!(
        facts.login.attributions["GOTOOLCHAIN"].via.as_deref(),
        Some("cat")
    );
    // Set, then overwritten.
    assert_eq!(
        facts.login.var("GOPATH"),
        Some(&*format!("{}/work", h.display()))
    );
    assert_eq!(shell_origin(&facts, "GOPATH"), at(&zshrc, 13));
    // A PATH entry added twice: the first line wins.
    let hd = h.display();
    assert_eq!(path_origin(&facts, &format!("{hd}/bin")), at(&zshrc, 10));
    assert_eq!(path_origin(&facts, &format!("{hd}/go/bin")), at(&zshrc, 11));
    // How far the shell got: the last line of .zshrc, the plugin's only command.
    assert_eq!(facts.login.trace_reached[&zshrc], 13);
    assert_eq!(facts.login.trace_reached[&plugin], 2);
    // The shell really read the plugin: it is watched.
    assert!(
        facts.login.traced_files.contains(&plugin),
        "{:?}",
        facts.login.traced_files
    );
    let plan = nativego_doctor::watch::watch_plan(&facts, &|p| p.exists());
    assert!(plan.paths.contains(&plugin));
    assert!(plan.is_relevant(&plugin));
    // The token is nowhere in what the engine keeps from the trace.
    assert!(!format!("{:?}", facts.login.attributions).contains("ghp_"));
    assert!(!facts.login.attributions.contains_key("GITHUB_TOKEN"));
}

#[test]
fn a_token_exported_in_zshrc_appears_in_no_report_rendering_snapshot_or_data_dir() {
    if !common::zsh_available() {
        return;
    }
    let home = traced_home();
    let h = home.path();
    let host = RealHostWithHome::new(h, Path::new(common::ZSH));
    let (facts, report) = nativego_doctor::diagnose(&host, &opts(10_000));
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    let json = serde_json::to_string_pretty(&report).unwrap();
    assert!(
        json.contains("attributed_by"),
        "the report carries attributions"
    );
    let style = |verbose| nativego_doctor::render::Style {
        color: false,
        verbose,
    };
    let texts = [
        json,
        nativego_doctor::render::render(&report, style(false)),
        nativego_doctor::render::render(&report, style(true)),
        format!("{:?}", facts.login.failure),
    ];
    for t in &texts {
        assert!(!t.contains("ghp_secret123"), "{t}");
    }
    let out = tempfile::tempdir().unwrap();
    let snap = out.path().join("snap");
    nativego_doctor::snapshot::snapshot(&host, &snap, &Default::default()).unwrap();
    let mut found = Vec::new();
    // The snapshot, and the home with NativeGo's data folder in it (all files, NativeGo's
    // included).
    for root in [out.path(), h] {
        for path in all_files(root) {
            if fs::read(&path)
                .unwrap()
                .windows(13)
                .any(|w| w == b"ghp_secret123")
            {
                found.push(path);
            }
        }
    }
    // Only the user's own file holds it.
    assert_eq!(found, vec![h.join(".zshrc")]);
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let ft = fs::symlink_metadata(&p).unwrap().file_type();
        if ft.is_dir() {
            out.extend(all_files(&p));
        } else if ft.is_file() {
            out.push(p);
        }
    }
    out
}

/// A `bash` that runs real bash as `nobody` when the tests run as root: bash ignores PS4
/// from the environment for root.
fn bash_as_user(dir: &Path) -> PathBuf {
    script(
        dir,
        "bash",
        "if [ \"$(id -u)\" = 0 ]; then exec setpriv --reuid=65534 --regid=65534 --clear-groups /bin/bash \"$@\"; fi\nexec /bin/bash \"$@\"",
    )
}

#[test]
fn real_bash_trace_attributes_sourced_files_functions_and_evals() {
    if !Path::new("/bin/bash").is_file() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    fs::set_permissions(h, fs::Permissions::from_mode(0o755)).unwrap();
    write(
        h,
        ".bash_profile",
        "source ~/.bashrc\nexport GOPATH=$HOME/go\n",
    );
    write(
        h,
        ".bashrc",
        "loadall() {\n  for f in $HOME/.bash.d/*.bash; do source $f; done\n}\nloadall\neval 'export GOPROXY=direct'\neval \"$(cat ~/.gocfg)\"\nexport PATH=\"$HOME/bin:$PATH\"\nexport PATH=\"$HOME/bin:$PATH\"\nGOARCH=arm64; export GOARCH\nexport GOPRIVATE=\\\nexample.com\n",
    );
    write(h, ".bash.d/a.bash", "export GOBIN=$HOME/gobin\n");
    write(h, ".gocfg", "export GOTOOLCHAIN=local\n");
    let bin = tempfile::tempdir().unwrap();
    fs::set_permissions(bin.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let shell = bash_as_user(bin.path());
    let host = RealHostWithHome::new(h, &shell);
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    let rc = h.join(".bashrc");
    assert_eq!(
        shell_origin(&facts, "GOBIN"),
        at(&h.join(".bash.d/a.bash"), 1)
    );
    assert_eq!(shell_origin(&facts, "GOPROXY"), at(&rc, 5));
    assert_eq!(shell_origin(&facts, "GOTOOLCHAIN"), at(&rc, 6));
    assert_eq!(shell_origin(&facts, "GOARCH"), at(&rc, 9));
    assert_eq!(
        shell_origin(&facts, "GOPATH"),
        at(&h.join(".bash_profile"), 2)
    );
    assert_eq!(
        path_origin(&facts, &format!("{}/bin", h.display())),
        at(&rc, 7)
    );
    assert!(facts.login.traced_files.contains(&h.join(".bash.d/a.bash")));
    // A command over two lines: bash names its last line, which does not set it; the
    // static attribution stands in rather than a line a fix must not edit.
    assert_eq!(facts.login.var("GOPRIVATE"), Some("example.com"));
    assert_eq!(
        facts.login.attributions["GOPRIVATE"].attributed_by,
        AttributedBy::Static
    );
    assert_ne!(facts.login.origins["GOPRIVATE"], at(&rc, 11));
}

#[test]
fn without_a_trace_attribution_falls_back_to_the_static_evaluation() {
    // bash as root ignores PS4 from the environment: no record carries the marker.
    if !Path::new("/bin/bash").is_file() || !nativego_doctor_is_root() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(h, ".bash_profile", "export GOPATH=$HOME/go\n");
    let host = RealHostWithHome::new(h, Path::new("/bin/bash"));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    let a = &facts.login.attributions["GOPATH"];
    assert_eq!(a.attributed_by, AttributedBy::Static);
    assert!(!a.disagrees);
    assert_eq!(
        facts.login.origins["GOPATH"],
        at(&h.join(".bash_profile"), 1)
    );
    assert!(facts.login.traced_files.is_empty());
    assert_eq!(facts.login.trace, Some(TraceState::Missing));
    let report = nativego_doctor::report::build(&facts);
    assert_eq!(report.host.login_trace, Some(TraceState::Missing));
}

fn nativego_doctor_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn real_zsh_trace_names_brew_shellenv_and_says_where_the_static_reading_disagrees() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let hd = h.display().to_string();
    // A Homebrew stand-in printing what `brew shellenv` prints for zsh.
    let prefix = h.join("hb");
    fs::create_dir_all(prefix.join("bin")).unwrap();
    script(
        &prefix.join("bin"),
        "brew",
        &format!(
            "[ \"$1\" = shellenv ] || exit 1\ncat <<'X'\nexport HOMEBREW_PREFIX=\"{p}\";\nexport HOMEBREW_CELLAR=\"{p}/Cellar\";\nexport PATH=\"{p}/bin:{p}/sbin${{PATH+:$PATH}}\";\nX",
            p = prefix.display()
        ),
    );
    let zshrc = write(
        h,
        ".zshrc",
        "# brew\neval \"$($HOME/hb/bin/brew shellenv)\"\nexport GOSUMDB=\"$(/usr/bin/awk 'BEGIN{print \"off\"}')\"\nsource <(/bin/echo 'export GOEXPERIMENT=rangefunc')\neval 'mkgo() {\n  export GONOSUMDB=example.com\n}'\nmkgo\n",
    );
    let host = RealHostWithHome::new(h, Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    // brew shellenv: the eval line, as Homebrew's origin, naming what it ran.
    assert_eq!(
        path_origin(&facts, &format!("{hd}/hb/bin")),
        Origin::BrewShellenv {
            path: zshrc.clone(),
            line: 2,
            prefix: prefix.clone()
        }
    );
    assert_eq!(
        facts.login.path_attributions[&format!("{hd}/hb/bin")]
            .via
            .as_deref(),
        Some("brew shellenv")
    );
    // A value from a program's output: the static reading cannot know it, and says so.
    assert_eq!(facts.login.var("GOSUMDB"), Some("off"));
    assert_eq!(shell_origin(&facts, "GOSUMDB"), at(&zshrc, 3));
    let a = &facts.login.attributions["GOSUMDB"];
    assert!(a.disagrees, "{a:?}");
    // source <(…): the source line.
    assert_eq!(shell_origin(&facts, "GOEXPERIMENT"), at(&zshrc, 4));
    // A function defined by an eval: zsh numbers its lines from the eval's, so the line
    // it names does not set the variable; the static attribution stands in.
    assert_eq!(facts.login.var("GONOSUMDB"), Some("example.com"));
    assert_eq!(
        facts.login.attributions["GONOSUMDB"].attributed_by,
        AttributedBy::Static
    );
    // In the report: the attribution and the disagreement, rendered in verbose output.
    let report = nativego_doctor::report::build(&facts);
    let sumdb = &report.env["GOSUMDB"];
    assert!(sumdb.attribution.as_ref().is_some_and(|a| a.disagrees));
    let text = nativego_doctor::render::render(
        &report,
        nativego_doctor::render::Style {
            color: false,
            verbose: true,
        },
    );
    assert!(
        text.contains("the login shell's trace shows this"),
        "{text}"
    );
}

#[test]
fn a_login_shell_that_exits_early_fails_as_before_and_its_error_quotes_no_trace() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(
        h,
        ".zshrc",
        "export GITHUB_TOKEN=ghp_secret123\nexport GOPATH=$HOME/go\necho 'goodbye' >&2\nexit 3\n",
    );
    let host = RealHostWithHome::new(h, Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    let failure = facts.login.failure.clone().expect("a failure");
    assert_eq!(failure.kind, "no-output");
    assert!(failure.detail.contains("status 3"), "{}", failure.detail);
    assert!(failure.detail.contains("goodbye"), "{}", failure.detail);
    assert!(!failure.detail.contains("ghp_"), "{}", failure.detail);
    // The static evaluation stands in, without attributions of its own.
    assert_eq!(facts.login.method, Some(LoginMethod::Static));
    assert!(facts.login.attributions.is_empty());
    let report = nativego_doctor::report::build(&facts);
    assert!(!serde_json::to_string(&report).unwrap().contains("ghp_"));
}

#[test]
fn real_zsh_trace_follows_topic_folder_loaders_and_short_loops() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(
        h,
        ".zshrc",
        "export ZSH=$HOME/.dotfiles\ntypeset -U config_files\nconfig_files=($ZSH/**/*.zsh)\nfor file in ${(M)config_files:#*/path.zsh}; do source $file; done\nfor file in ${config_files:#*/path.zsh}; do source $file; done\nfor f ($HOME/.zsh/*.zsh) source $f\n",
    );
    let path_zsh = write(
        h,
        ".dotfiles/go/path.zsh",
        "# Go\nexport GOPATH=$HOME/golang\nexport PATH=\"$GOPATH/bin:$PATH\"\n",
    );
    let env_zsh = write(h, ".dotfiles/go/env.zsh", "export GOPROXY=off\n");
    let short = write(h, ".zsh/arch.zsh", "\n\nexport GOARCH=arm64\n");
    let host = RealHostWithHome::new(h, Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    assert_eq!(shell_origin(&facts, "GOPATH"), at(&path_zsh, 2));
    assert_eq!(shell_origin(&facts, "GOPROXY"), at(&env_zsh, 1));
    assert_eq!(shell_origin(&facts, "GOARCH"), at(&short, 3));
    assert_eq!(
        path_origin(&facts, &format!("{}/golang/bin", h.display())),
        at(&path_zsh, 3)
    );
    for f in [&path_zsh, &env_zsh, &short] {
        assert!(facts.login.traced_files.contains(f), "{f:?}");
    }
}

#[test]
fn real_zsh_trace_gives_path_helpers_entries_to_its_eval_line() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A stand-in for macOS's /usr/libexec/path_helper: it rebuilds PATH from its list.
    let libexec = h.join("libexec");
    fs::create_dir_all(&libexec).unwrap();
    script(
        &libexec,
        "path_helper",
        "echo 'PATH=\"/usr/local/bin:/usr/bin:/bin:/opt/x/bin\"; export PATH;'",
    );
    let zshrc = write(
        h,
        ".zshrc",
        "typeset -U path\neval \"$($HOME/libexec/path_helper -s)\"\npath=(/opt/x/bin $HOME/bin $path)\n",
    );
    let host = RealHostWithHome::with_env(
        h,
        Path::new(common::ZSH),
        &[
            ("HOME", &h.display().to_string()),
            ("ZDOTDIR", &h.display().to_string()),
            ("PATH", "/usr/bin:/bin"),
        ],
    );
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    let dirs: Vec<&str> = facts.login.path.iter().map(|e| e.dir.as_str()).collect();
    let hb = format!("{}/bin", h.display());
    assert_eq!(
        dirs,
        [
            "/opt/x/bin",
            hb.as_str(),
            "/usr/local/bin",
            "/usr/bin",
            "/bin"
        ]
    );
    // Placed by path_helper, even the entries the terminal passed in; moved to the front
    // by line 3 without being added there: still path_helper's.
    for d in ["/opt/x/bin", "/usr/local/bin", "/usr/bin", "/bin"] {
        assert_eq!(path_origin(&facts, d), at(&zshrc, 2), "{d}");
        assert_eq!(
            facts.login.path_attributions[d].via.as_deref(),
            Some("path_helper -s")
        );
    }
    assert_eq!(path_origin(&facts, &hb), at(&zshrc, 3));
}

#[test]
fn a_flood_on_stderr_cuts_the_trace_and_attribution_falls_back_to_static() {
    let home = tempfile::tempdir().unwrap();
    // 20 MB on stderr (more than the bound), then the environment as asked.
    let shell = script(
        home.path(),
        "zsh",
        "head -c 20000000 /dev/zero | tr '\\000' x >&2; shift 4; export GOFLAGS=-mod=mod; eval \"$1\"",
    );
    let host = RealHostWithHome::new(home.path(), &shell);
    let start = Instant::now();
    let facts = probe::probe(&host, &opts(20_000));
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    assert_eq!(facts.login.trace, Some(TraceState::Cut));
    assert_eq!(facts.login.var("GOFLAGS"), Some("-mod=mod"));
    assert_eq!(
        facts.login.attributions["GOFLAGS"].attributed_by,
        AttributedBy::Static
    );
    assert_eq!(facts.login.origins["GOFLAGS"], Origin::LoginShell);
}
