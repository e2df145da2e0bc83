//! `nativego`: NativeGo's diagnosis in a terminal and as JSON.
//!
//! A thin shell over `nativego-doctor`: parse arguments, pick a host (the real machine or
//! a scenario), diagnose, print. Exit codes: 0 no error-level finding, 1 at least one,
//! 2 NativeGo could not run. A closed pipe (`nativego doctor | head`) is not an error.

// The I/O lints guard the engine's Host boundary; the CLI is a shell around the engine and
// reads its own terminal settings (`NO_COLOR`) directly.
#![allow(clippy::disallowed_methods)]

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use nativego_doctor::checks::{self, CHECKS};
use nativego_doctor::finding::Severity;
use nativego_doctor::host::real::RealHost;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::HostMut;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::render::{self, Style};

mod fixing;

const USAGE: &str = "\
nativego — keeps a Go environment on an Apple Silicon Mac native and healthy

Usage:
  nativego doctor [--json] [-v] [--scenario DIR] [--no-shell] [--shell-timeout SECS]
  nativego fix ID [--dry-run] [--yes] [--scenario DIR]
  nativego fix --all-safe [--dry-run] [--yes] [--scenario DIR]
  nativego undo [ENTRY] [--scenario DIR]
  nativego history [--json] [--scenario DIR]
  nativego snapshot DIR [--no-shell] [--scenario SRC]
  nativego watch [--scenario DIR] [--debounce-ms N]
  nativego explain ID
  nativego checks
  nativego --version

Commands:
  doctor    Diagnose the Go environment a new terminal gets
  fix       Preview and apply a fix (a diff for file edits, the exact command for actions)
  undo      Revert the last applied fix (or ENTRY from `history`) byte for byte
  history   List applied fixes, when, and whether they can still be undone
  watch     Watch startup files, go env files and Go installs; print one JSON report per
            line at start and after each change that alters it
  snapshot  Write this machine as a scenario directory DIR: a reproducible bug report
            (user name and home replaced; read it before sharing: startup files may
            hold other private values)
  explain   Show a check's documentation (what, why, how to fix)
  checks    List every check with its ID, area and severity

Options:
  --json               Print the report as a versioned JSON document
  -v, --verbose        Also list every install, setting, PATH entry and tool
  --scenario DIR       Diagnose a scenario (a fake machine in DIR) instead of this machine
  --no-shell           Do not run the login shell; evaluate startup files statically
  --shell-timeout SECS How long the login shell may take (default 5)
  --color WHEN         auto, always or never (default auto; NO_COLOR is honoured)
  --dry-run            Show what a fix would change, change nothing
  --yes                Apply without asking
  --all-safe           Apply every safe fix
  --debounce-ms N      Quiet time after a change before `watch` checks again (default 150)

Exit status: 0 when no error was found, 1 when one was, 2 when NativeGo could not run.
";

#[derive(Debug, Default)]
struct Args {
    command: Option<String>,
    id: Option<String>,
    json: bool,
    verbose: bool,
    scenario: Option<PathBuf>,
    no_shell: bool,
    shell_timeout: Option<f64>,
    color: Option<String>,
    dry_run: bool,
    yes: bool,
    all_safe: bool,
    debounce_ms: Option<u64>,
    help: bool,
    version: bool,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args::default();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("json") => args.json = true,
            Short('v') | Long("verbose") => args.verbose = true,
            Long("scenario") => args.scenario = Some(parser.value()?.into()),
            Long("no-shell") => args.no_shell = true,
            Long("shell-timeout") => args.shell_timeout = Some(parser.value()?.parse()?),
            Long("color") => args.color = Some(parser.value()?.string()?),
            Long("dry-run") => args.dry_run = true,
            Short('y') | Long("yes") => args.yes = true,
            Long("all-safe") => args.all_safe = true,
            Long("debounce-ms") => args.debounce_ms = Some(parser.value()?.parse()?),
            Short('h') | Long("help") => args.help = true,
            Short('V') | Long("version") => args.version = true,
            Value(v) if args.command.is_none() => args.command = Some(v.string()?),
            Value(v) if args.id.is_none() => args.id = Some(v.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

/// An error that stops NativeGo, with an optional hint.
pub(crate) struct Failure {
    message: String,
    hint: Option<String>,
}

impl Failure {
    pub(crate) fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: None,
        }
    }
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(f) => {
            let mut err = io::stderr().lock();
            let _ = writeln!(err, "nativego: error: {}", f.message);
            if let Some(hint) = f.hint {
                let _ = writeln!(err, "hint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Failure> {
    let args =
        parse_args().map_err(|e| Failure::new(e.to_string()).hint("run `nativego --help`"))?;
    if args.version {
        return out(&format!("nativego {}\n", env!("CARGO_PKG_VERSION")));
    }
    if args.help {
        return out(USAGE);
    }
    match args.command.as_deref() {
        None => out(USAGE),
        Some("doctor") => doctor(&args),
        Some("explain") => explain(&args),
        Some("checks") => list_checks(),
        Some("fix") => {
            let host = host_for(&args)?;
            let probe = probe_options(&args)?;
            fixing::fix(
                host.as_ref(),
                &fixing::FixArgs {
                    id: args.id.as_deref(),
                    all_safe: args.all_safe,
                    dry_run: args.dry_run,
                    yes: args.yes,
                    probe: &probe,
                },
            )
        }
        Some("watch") => watch(&args),
        Some("undo") => fixing::undo(host_for(&args)?.as_ref(), args.id.as_deref()),
        Some("history") => fixing::history(host_for(&args)?.as_ref(), args.json),
        Some("snapshot") => snapshot(&args),
        Some(other) => Err(Failure::new(format!("unknown command `{other}`"))
            .hint("the commands are `doctor`, `fix`, `undo`, `history`, `explain` and `checks`")),
    }
}

/// Print to stdout; a closed pipe ends quietly.
pub(crate) fn out(text: &str) -> Result<ExitCode, Failure> {
    match write_stdout(text) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Failure::new(format!("could not write the output: {e}"))),
    }
}

fn write_stdout(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn use_color(args: &Args) -> Result<bool, Failure> {
    match args.color.as_deref() {
        Some("always") => Ok(true),
        Some("never") => Ok(false),
        Some("auto") | None => {
            Ok(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && io::stdout().is_terminal())
        }
        Some(other) => Err(Failure::new(format!(
            "`--color` must be `auto`, `always` or `never`, not `{other}`"
        ))),
    }
}

fn doctor(args: &Args) -> Result<ExitCode, Failure> {
    if let Some(extra) = &args.id {
        return Err(Failure::new(format!(
            "`doctor` takes no argument, got `{extra}`"
        )));
    }
    let color = use_color(args)?;
    let host = host_for(args)?;
    let opts = probe_options(args)?;
    let (_facts, report) = nativego_doctor::diagnose(host.as_ref(), &opts);
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::new(format!("could not write the JSON report: {e}")))?;
        s.push('\n');
        s
    } else {
        render::render(
            &report,
            Style {
                color,
                verbose: args.verbose,
            },
        )
    };
    out(&text)?;
    Ok(if report.worst() == Some(Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The machine to work on: a scenario, or this one.
fn host_for(args: &Args) -> Result<Box<dyn HostMut>, Failure> {
    Ok(match &args.scenario {
        Some(dir) => Box::new(ScenarioHost::load(dir).map_err(|e| {
            Failure::new(e.to_string()).hint(
                "a scenario is a directory with `host.toml` and `root/`; see tests/scenarios/README.md",
            )
        })?),
        None => Box::new(RealHost::new()),
    })
}

fn probe_options(args: &Args) -> Result<ProbeOptions, Failure> {
    let mut opts = ProbeOptions {
        run_login_shell: !args.no_shell,
        ..ProbeOptions::default()
    };
    if let Some(secs) = args.shell_timeout {
        if !(secs.is_finite() && secs > 0.0 && secs <= 120.0) {
            return Err(Failure::new(
                "`--shell-timeout` must be between 0 and 120 seconds",
            ));
        }
        opts.shell_timeout = Duration::from_secs_f64(secs);
    }
    Ok(opts)
}

/// `nativego watch`: the app's watcher, headless, one JSON report per line.
fn watch(args: &Args) -> Result<ExitCode, Failure> {
    use nativego_doctor::watch::{self, Control, WatchOptions};
    let host = host_for(args)?;
    let probe = probe_options(args)?;
    let mut opts = WatchOptions::default();
    if let Some(ms) = args.debounce_ms {
        if ms > 10_000 {
            return Err(Failure::new("`--debounce-ms` must be at most 10000"));
        }
        opts.debounce = Duration::from_millis(ms);
    }
    let (tx, rx) = std::sync::mpsc::channel::<Control>();
    let mut failure: Option<Failure> = None;
    // Said once when polling starts, and once when the OS watches everything again.
    let mut said: Option<String> = None;
    let mut emit = |u: watch::Update| -> bool {
        let polling = u.report.watch.as_ref().and_then(|w| w.message());
        if polling != said {
            let _ = match &polling {
                Some(m) => writeln!(io::stderr(), "nativego: warning: {m}"),
                None => writeln!(
                    io::stderr(),
                    "nativego: the system watches every folder again; changes are seen at once"
                ),
            };
            said = polling;
        }
        if !u.changed {
            return true;
        }
        match serde_json::to_string(u.report) {
            Ok(mut line) => {
                line.push('\n');
                match write_stdout(&line) {
                    Ok(()) => true,
                    // Whoever read the reports went away: stop quietly.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => false,
                    Err(e) => {
                        failure = Some(Failure::new(format!("could not write the output: {e}")));
                        false
                    }
                }
            }
            Err(e) => {
                failure = Some(Failure::new(format!(
                    "could not write the JSON report: {e}"
                )));
                false
            }
        }
    };
    watch::run(host.as_ref(), &probe, &opts, tx, rx, &mut emit).map_err(Failure::new)?;
    match failure {
        Some(f) => Err(f),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// `nativego snapshot DIR`: this machine as a scenario (see `nativego_doctor::snapshot`).
///
/// A scenario cannot run the login shell, so the snapshot records (and reproduces) the
/// static evaluation of the startup files, as `nativego doctor --no-shell` shows it. Unless
/// `--no-shell` is given, the login shell is also run, and findings only it reveals are
/// pointed out: the snapshot cannot carry them.
fn snapshot(args: &Args) -> Result<ExitCode, Failure> {
    use nativego_doctor::snapshot::{self, SnapshotOptions};
    let Some(dir) = &args.id else {
        return Err(Failure::new("`snapshot` needs a directory to write")
            .hint("`nativego snapshot ./my-mac` (a new or empty directory)"));
    };
    let dir = PathBuf::from(dir);
    let host = host_for(args)?;
    let summary = snapshot::snapshot(host.as_ref(), &dir, &SnapshotOptions::default())
        .map_err(|e| Failure::new(e.to_string()))?;
    let mut text = format!(
        "Snapshot written to {}\n  {} files copied, {} stand-in executables, {} placeholders, {} symlinks\n",
        dir.display(),
        summary.copied,
        summary.stand_ins + summary.rebuilt,
        summary.placeholders,
        summary.symlinks
    );
    text.push_str("Redacted (see REDACTED.md):\n");
    if summary.redactions.is_empty() && summary.secrets.is_empty() {
        text.push_str("  nothing: the user name and home were already neutral\n");
    }
    for r in &summary.redactions {
        text.push_str(&format!(
            "  {} → {} (in {} files)\n",
            r.what, r.replacement, r.files
        ));
    }
    for (path, name) in &summary.secrets {
        text.push_str(&format!("  the value of {name} in {}\n", path.display()));
    }
    for note in &summary.notes {
        text.push_str(&format!("Note: {note}\n"));
    }
    if summary.differences.is_empty() {
        text.push_str(&format!(
            "Checked: the snapshot gives the same {} findings as this machine (startup files evaluated statically, as `doctor --no-shell`)\n",
            summary.findings.len()
        ));
    } else {
        text.push_str(
            "Warning: the snapshot does not reproduce this machine's diagnosis exactly:\n",
        );
        for d in &summary.differences {
            text.push_str(&format!("  {d}\n"));
        }
    }
    if !args.no_shell && args.scenario.is_none() {
        let (_, live) = nativego_doctor::diagnose(host.as_ref(), &probe_options(args)?);
        let only_live: Vec<&str> = live
            .findings
            .iter()
            .map(|f| f.check.as_str())
            .filter(|c| !summary.findings.iter().any(|s| s == c))
            .collect();
        if !only_live.is_empty() {
            text.push_str(&format!(
                "Note: running the login shell also finds {}; a snapshot cannot reproduce what only the shell knows\n",
                only_live.join(", ")
            ));
        }
    }
    text.push_str(&format!(
        "Diagnose it with:\n  nativego doctor --scenario {}\nRead the files under {} before you share it: startup files may hold private values the redaction does not know about.\n",
        dir.display(),
        dir.join("root").display()
    ));
    out(&text)
}

fn explain(args: &Args) -> Result<ExitCode, Failure> {
    let Some(id) = &args.id else {
        return Err(Failure::new("`explain` needs a check ID").hint("`nativego checks` lists them"));
    };
    let Some(check) = checks::find(id) else {
        return Err(
            Failure::new(format!("there is no check `{id}`")).hint("`nativego checks` lists them")
        );
    };
    let os = match check.applies_to {
        s if s.len() == 1 => format!(" · {} only", s[0]),
        _ => String::new(),
    };
    out(&format!(
        "# {} ({}, {}{os})\n\n{}\n\n{}\n",
        check.id,
        check.severity,
        check.area.label(),
        check.summary,
        check.doc.trim()
    ))
}

fn list_checks() -> Result<ExitCode, Failure> {
    let mut text = String::new();
    for c in CHECKS {
        let os = if c.applies_to.len() == 1 {
            " (macOS)"
        } else {
            ""
        };
        text.push_str(&format!(
            "{:<28} {:<8} {:<16} {}{os}\n",
            c.id,
            c.severity.to_string(),
            c.area.label(),
            c.summary
        ));
    }
    out(&text)
}
