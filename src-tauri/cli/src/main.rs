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
use nativego_doctor::selection::Selection;

use clap::{CommandFactory, Parser, Subcommand};

mod fixing;
mod settings;

/// nativego — keeps a Go environment on an Apple Silicon Mac native and healthy.
#[derive(Debug, Parser)]
#[command(
    name = "nativego",
    version = VERSION,
    about = "nativego — keeps a Go environment on an Apple Silicon Mac native and healthy",
    after_help = EXIT_STATUS,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// The version line: NativeGo's and the report's schema (a test holds the number to
/// `report::SCHEMA`).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (report schema 1)");

const EXIT_STATUS: &str = "Exit status: 0 when no error was found (with --fail-on warning: no \
warning or error), 1 when one was, 2 when NativeGo could not run or the command line was wrong.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Diagnose the Go environment a new terminal gets
    #[command(after_help = EXIT_STATUS)]
    Doctor {
        /// Print the report as a versioned JSON document
        #[arg(long)]
        json: bool,
        /// Also list every install, setting, PATH entry and tool
        #[arg(short, long)]
        verbose: bool,
        /// Colour: auto, always or never (NO_COLOR is honoured)
        #[arg(long, value_name = "WHEN", default_value = "auto")]
        color: ColorWhen,
        /// Exit 1 when a finding of this severity or worse is found (never: exit 0)
        #[arg(long, value_name = "LEVEL", default_value = "error")]
        fail_on: FailOn,
        /// Run only these checks or areas (`cgo`, `goarch-forced,tools`; repeatable)
        #[arg(long, value_name = "ID|AREA,…")]
        only: Vec<String>,
        /// Leave out these checks or areas (repeatable)
        #[arg(long, value_name = "ID|AREA,…")]
        skip: Vec<String>,
        #[command(flatten)]
        machine: MachineArgs,
    },
    /// Preview and apply a fix (a diff for file edits, the exact command for actions)
    Fix {
        /// The fix's ID (`nativego doctor` names them), or a check ID with one fix
        #[arg(
            value_name = "ID",
            required_unless_present = "all_safe",
            conflicts_with = "all_safe"
        )]
        id: Option<String>,
        /// Apply every safe fix
        #[arg(long)]
        all_safe: bool,
        /// Show what the fix would change, change nothing
        #[arg(long)]
        dry_run: bool,
        /// Apply without asking
        #[arg(short, long)]
        yes: bool,
        #[command(flatten)]
        machine: MachineArgs,
    },
    /// Revert the last applied fix (or ENTRY from `history`) byte for byte
    Undo {
        /// A journal entry from `nativego history`
        #[arg(value_name = "ENTRY")]
        entry: Option<String>,
        #[command(flatten)]
        scenario: ScenarioArg,
    },
    /// List applied fixes, when, and whether they can still be undone
    History {
        /// Print the history as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        scenario: ScenarioArg,
    },
    /// Watch startup files, go env files and Go installs; print one JSON report per line at
    /// start and after each change that alters it
    Watch {
        /// Quiet time after a change before checking again, in milliseconds
        #[arg(long, value_name = "N", default_value_t = 150, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        debounce_ms: u64,
        #[command(flatten)]
        machine: MachineArgs,
    },
    /// Write this machine as a scenario directory DIR: a reproducible bug report (user name
    /// and home replaced; read it before sharing: startup files may hold other private
    /// values)
    Snapshot {
        /// A new or empty directory
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        machine: MachineArgs,
    },
    /// Show a check's documentation (what, why, how to fix, references)
    Explain {
        /// A check ID (`nativego checks` lists them)
        #[arg(value_name = "ID")]
        id: String,
    },
    /// List every check with its ID, area and severity
    Checks,
    /// Ignore a check's findings (or one of them, `--for SUBJECT`): they stay in the
    /// report but no longer count, fail the run or notify
    Ignore {
        /// The check's ID
        #[arg(value_name = "CHECK")]
        check: String,
        /// Only the finding about this subject (`GOARCH`, `dlv`, `/usr/local/go`: its key
        /// without `CHECK:`)
        #[arg(long = "for", value_name = "SUBJECT")]
        subject: Option<String>,
        /// Why, for whoever reads the report later
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        #[command(flatten)]
        scenario: ScenarioArg,
    },
    /// Stop ignoring what `nativego ignore` ignores
    Unignore {
        #[arg(value_name = "CHECK")]
        check: String,
        #[arg(long = "for", value_name = "SUBJECT")]
        subject: Option<String>,
        #[command(flatten)]
        scenario: ScenarioArg,
    },
    /// Print a shell completion script (`nativego completions zsh > ~/.zfunc/_nativego`)
    Completions {
        #[arg(value_name = "SHELL")]
        shell: CompletionShell,
    },
    /// Print the manual page (roff)
    #[command(hide = true)]
    Man,
}

/// Which machine to look at, and how.
#[derive(Debug, Clone, clap::Args)]
struct MachineArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Do not run the login shell; evaluate startup files statically
    #[arg(long)]
    no_shell: bool,
    /// How long the login shell may take, in seconds (at most 120)
    #[arg(long, value_name = "SECS", default_value_t = 5.0, value_parser = shell_timeout, allow_negative_numbers = true)]
    shell_timeout: f64,
}

#[derive(Debug, Clone, clap::Args)]
struct ScenarioArg {
    /// Diagnose a scenario (a fake machine in DIR) instead of this machine
    #[arg(long = "scenario", id = "scenario", value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CompletionShell {
    Zsh,
    Bash,
    Fish,
}

fn shell_timeout(s: &str) -> Result<f64, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if secs.is_finite() && secs > 0.0 && secs <= 120.0 {
        Ok(secs)
    } else {
        Err("must be more than 0 and at most 120 seconds".into())
    }
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return Ok(usage_error(e)),
    };
    let Some(command) = cli.command else {
        return out(&format!("{}\n", Cli::command().render_help()));
    };
    match command {
        Command::Doctor {
            json,
            verbose,
            color,
            fail_on,
            only,
            skip,
            machine,
        } => {
            let selection = Selection::parse(&only, &skip).map_err(|e| {
                Failure::new(e).hint("`nativego checks` lists the checks and areas")
            })?;
            doctor(json, verbose, color, fail_on, &selection, &machine)
        }
        Command::Explain { id } => explain(&id),
        Command::Checks => list_checks(),
        Command::Fix {
            id,
            all_safe,
            dry_run,
            yes,
            machine,
        } => {
            let host = host_for(&machine.scenario)?;
            let probe = probe_options(&machine);
            fixing::fix(
                host.as_ref(),
                &fixing::FixArgs {
                    id: id.as_deref(),
                    all_safe,
                    dry_run,
                    yes,
                    probe: &probe,
                },
            )
        }
        Command::Watch {
            debounce_ms,
            machine,
        } => watch(debounce_ms, &machine),
        Command::Undo { entry, scenario } => {
            fixing::undo(host_for(&scenario)?.as_ref(), entry.as_deref())
        }
        Command::History { json, scenario } => fixing::history(host_for(&scenario)?.as_ref(), json),
        Command::Snapshot { dir, machine } => snapshot(&dir, &machine),
        Command::Completions { shell } => completions(shell),
        Command::Ignore {
            check,
            subject,
            reason,
            scenario,
        } => settings::ignore(host_for(&scenario)?.as_ref(), &check, subject, reason),
        Command::Unignore {
            check,
            subject,
            scenario,
        } => settings::unignore(host_for(&scenario)?.as_ref(), &check, subject),
        Command::Man => man_page(),
    }
}

/// A command line clap refused, or `--help`/`--version`: help and the version go to
/// stdout (exit 0); errors to stderr as `nativego: error: …` with clap's suggestion and
/// usage (exit 2).
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = out(&e.render().to_string());
            ExitCode::SUCCESS
        }
        _ => {
            let text = e.render().to_string();
            let mut err = io::stderr().lock();
            let _ = write!(err, "nativego: {text}");
            ExitCode::from(2)
        }
    }
}

fn completions(shell: CompletionShell) -> Result<ExitCode, Failure> {
    let shell = match shell {
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nativego", &mut buf);
    out(&String::from_utf8_lossy(&buf))
}

fn man_page() -> Result<ExitCode, Failure> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Failure::new(format!("could not write the manual page: {e}")))?;
    out(&String::from_utf8_lossy(&buf))
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

fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn doctor(
    json: bool,
    verbose: bool,
    color: ColorWhen,
    fail_on: FailOn,
    selection: &Selection,
    machine: &MachineArgs,
) -> Result<ExitCode, Failure> {
    let color = use_color(color);
    let host = host_for(&machine.scenario)?;
    let opts = probe_options(machine);
    let (_facts, report) = nativego_doctor::diagnose_selected(host.as_ref(), &opts, selection);
    let text = if json {
        let mut s = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::new(format!("could not write the JSON report: {e}")))?;
        s.push('\n');
        s
    } else {
        render::render(&report, Style { color, verbose })
    };
    out(&text)?;
    let fails = match fail_on {
        FailOn::Error => report.worst() == Some(Severity::Error),
        FailOn::Warning => report.worst() >= Some(Severity::Warning),
        FailOn::Never => false,
    };
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The machine to work on: a scenario, or this one.
fn host_for(scenario: &ScenarioArg) -> Result<Box<dyn HostMut>, Failure> {
    Ok(match &scenario.dir {
        Some(dir) => Box::new(ScenarioHost::load(dir).map_err(|e| {
            Failure::new(e.to_string()).hint(
                "a scenario is a directory with `host.toml` and `root/`; see tests/scenarios/README.md",
            )
        })?),
        None => Box::new(RealHost::new()),
    })
}

fn probe_options(machine: &MachineArgs) -> ProbeOptions {
    ProbeOptions {
        run_login_shell: !machine.no_shell,
        shell_timeout: Duration::from_secs_f64(machine.shell_timeout),
    }
}

/// `nativego watch`: the app's watcher, headless, one JSON report per line.
fn watch(debounce_ms: u64, machine: &MachineArgs) -> Result<ExitCode, Failure> {
    use nativego_doctor::watch::{self, Control, WatchOptions};
    let host = host_for(&machine.scenario)?;
    let probe = probe_options(machine);
    let opts = WatchOptions {
        debounce: Duration::from_millis(debounce_ms),
        ..WatchOptions::default()
    };
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
fn snapshot(dir: &std::path::Path, machine: &MachineArgs) -> Result<ExitCode, Failure> {
    use nativego_doctor::snapshot::{self, SnapshotOptions};
    let host = host_for(&machine.scenario)?;
    let summary = snapshot::snapshot(host.as_ref(), dir, &SnapshotOptions::default())
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
    if !machine.no_shell && machine.scenario.dir.is_none() {
        let (_, live) = nativego_doctor::diagnose(host.as_ref(), &probe_options(machine));
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

fn explain(id: &str) -> Result<ExitCode, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_report_schema() {
        let schema = nativego_doctor::report::SCHEMA;
        assert!(
            VERSION.ends_with(&format!("(report schema {schema})")),
            "{VERSION}"
        );
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
