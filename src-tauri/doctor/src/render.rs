//! The human-readable report, as a `String` (the engine never prints).
//!
//! A line per area with ✓ / ! / ✗, the active Go on top, then the findings with their
//! evidence and hints. `verbose` adds every install, the settings with their origins, the
//! PATH and the tools. Colour only when asked (the CLI honours `NO_COLOR` and TTYs).

use std::fmt::Write;

use crate::checks::Area;
use crate::facts::{Applicable, GoSource, Origin, TraceState};
use crate::finding::{Evidence, Severity};
use crate::report::{InstallSummary, Report};

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    pub verbose: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        self.wrap(
            match sev {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Info => "36",
            },
            s,
        )
    }
    fn ok(&self, s: &str) -> String {
        self.wrap("32", s)
    }
}

fn mark(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

/// Shorten a path under HOME to `~/…`.
fn tilde(report: &Report, path: &str) -> String {
    match report.host.home.as_deref() {
        Some(home) if home != "/" => match path.strip_prefix(home) {
            Some("") => "~".to_string(),
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => path.to_string(),
        },
        _ => path.to_string(),
    }
}

fn source_label(source: &GoSource) -> String {
    match source {
        GoSource::Homebrew { prefix } | GoSource::IntelHomebrew { prefix } => {
            format!("{} ({})", source.label(), prefix.display())
        }
        other => other.label(),
    }
}

fn install_line(report: &Report, i: &InstallSummary) -> String {
    let version = i.version.as_deref().unwrap_or("unknown version");
    let arch = match i.arches.len() {
        0 => "unknown arch".to_string(),
        1 => i.arches[0].to_string(),
        _ => format!(
            "universal ({})",
            i.arches
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let _ = report;
    format!("{version} · {arch} · {}", source_label(&i.source))
}

/// Where an origin points, for people: `~/.zshrc:12`, `/etc/paths.d/go:1`, `default`.
pub fn origin_text(report: &Report, origin: &Origin) -> String {
    match origin {
        Origin::StartupFile { path, line }
        | Origin::PathHelper { path, line }
        | Origin::GoEnvFile { path, line }
        | Origin::GorootGoEnv { path, line } => {
            format!("{}:{line}", tilde(report, &path.display().to_string()))
        }
        Origin::BrewShellenv { path, line, prefix } => format!(
            "{}:{line} (brew shellenv of {})",
            tilde(report, &path.display().to_string()),
            prefix.display()
        ),
        Origin::Inherited => "inherited by the terminal".into(),
        Origin::LoginShell => "login shell (line not found)".into(),
        Origin::Default => "default".into(),
    }
}

fn evidence_text(report: &Report, e: &Evidence) -> String {
    match (&e.path, e.line) {
        (Some(p), Some(l)) => format!(
            "{}:{l}  {}",
            tilde(report, &p.display().to_string()),
            e.note
        ),
        (Some(p), None) => format!("{}  {}", tilde(report, &p.display().to_string()), e.note),
        (None, _) => e.note.clone(),
    }
}

/// When the login shell's trace and the static reading of the startup files place a value
/// differently: one line saying what the static reading says (the origin shown is the
/// shell's).
fn disagreement(report: &Report, a: Option<&crate::facts::Attribution>) -> Option<String> {
    let a = a.filter(|a| a.disagrees)?;
    Some(match &a.static_origin {
        Some(o) => format!(
            "the login shell's trace shows this; read statically, the startup files point at {}",
            origin_text(report, o)
        ),
        None => "the login shell's trace shows this; read statically, the startup files give no line for it".to_string(),
    })
}

/// Render the report for a terminal.
pub fn render(report: &Report, style: Style) -> String {
    let p = Paint { color: style.color };
    let mut out = String::new();
    let host = &report.host;
    let os = match &host.os_version {
        Some(v) => format!("{} {v}", host.os),
        None => host.os.to_string(),
    };
    let translated = matches!(host.translated, Applicable::Known(true));
    let _ = writeln!(
        out,
        "{} {}",
        p.bold("NativeGo"),
        p.dim(&format!(
            "— {os} on {}{}",
            host.arch,
            if translated {
                " (NativeGo itself runs under Rosetta)"
            } else {
                ""
            }
        ))
    );
    out.push('\n');

    match &report.go {
        Some(go) => {
            let _ = writeln!(out, "  {}", p.bold(&install_line(report, go)));
            let path = tilde(report, &go.path);
            match go.resolved.as_deref().map(|r| tilde(report, r)) {
                Some(r) if r != path => {
                    let _ = writeln!(out, "  {path} → {r}");
                }
                _ => {
                    let _ = writeln!(out, "  {path}");
                }
            }
            if let Some(root) = &go.goroot {
                let _ = writeln!(
                    out,
                    "  {}",
                    p.dim(&format!("GOROOT {}", tilde(report, root)))
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "  {}",
                p.severity(Severity::Error, "no `go` on a new terminal's PATH")
            );
        }
    }
    out.push('\n');

    let (ran, all) = report.ran();
    if ran < all {
        let _ = writeln!(
            out,
            "{}\n",
            p.dim(&format!(
                "Ran {ran} of {all} checks; the others were skipped (--only, --skip)"
            ))
        );
    }
    for area in Area::ALL {
        let label = format!("{:<17}", area.label());
        if report.area_skipped(area) {
            let _ = writeln!(out, "{} {label}{}", p.dim("–"), p.dim("skipped"));
            continue;
        }
        match report.area_findings(area) {
            None => {
                let _ = writeln!(
                    out,
                    "{} {label}{}",
                    p.dim("–"),
                    p.dim(&format!("not applicable on {}", host.os))
                );
            }
            Some(findings) => {
                let worst = findings.iter().map(|f| f.severity).max();
                let detail = area_detail(report, area);
                match worst {
                    None => {
                        let line = format!("{} {label}{}", p.ok("✓"), p.dim(&detail));
                        let _ = writeln!(out, "{}", line.trim_end());
                    }
                    Some(sev) => {
                        let counts = count_text(&findings);
                        let _ = writeln!(
                            out,
                            "{} {label}{}",
                            p.severity(sev, mark(sev)),
                            p.severity(sev, &counts)
                        );
                    }
                }
            }
        }
    }

    if report.findings.iter().any(|f| !f.ignored) {
        out.push('\n');
    }
    let shared = shared_fixes(report);
    for f in report.findings.iter().filter(|f| !f.ignored) {
        let _ = writeln!(
            out,
            "{} {} {}",
            p.severity(f.severity, &format!("{} {}", mark(f.severity), f.severity)),
            p.bold(&f.check),
            f.title
        );
        let _ = writeln!(out, "    {}", f.message);
        for e in &f.evidence {
            let _ = writeln!(out, "    {} {}", p.dim("-->"), evidence_text(report, e));
        }
        if let Some(hint) = &f.hint {
            let _ = writeln!(out, "    {} {hint}", p.dim("hint:"));
        }
        for fix in &f.fixes {
            // A fix another finding above already offers (the same edits, actions and
            // command): named once, pointed at here.
            if let Some(first) = shared.get(fix.id.as_str()) {
                let _ = writeln!(
                    out,
                    "    {} {} {}",
                    p.dim("fix:"),
                    fix.title,
                    p.dim(&format!("(the same fix as `nativego fix {first}` above)"))
                );
                continue;
            }
            let _ = writeln!(
                out,
                "    {} {} {}",
                p.dim("fix:"),
                fix.title,
                p.dim(&format!(
                    "({}, `nativego fix {}`)",
                    fix.applicability, fix.id
                ))
            );
            if let Some(why) = &fix.caution {
                let _ = writeln!(out, "         {} {why}", p.dim("because"));
            }
        }
        out.push('\n');
    }

    if style.verbose {
        verbose_sections(report, &p, &mut out);
    }

    let ignored: Vec<_> = report.findings.iter().filter(|f| f.ignored).collect();
    if !ignored.is_empty() || report.suppressions.iter().any(|s| s.findings == 0) {
        out.push('\n');
    }
    for f in &ignored {
        let reason = f
            .ignored_reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}",
            p.dim(&format!("ignored {} {}{reason}", f.check, f.title))
        );
    }
    for s in report.suppressions.iter().filter(|s| s.findings == 0) {
        let label = s.suppression.label();
        let _ = writeln!(
            out,
            "{}",
            p.dim(&format!(
                "stale suppression: `{label}` matches no finding now (`nativego unignore {label}`)"
            ))
        );
    }
    if let Some(e) = &report.config_error {
        let _ = writeln!(
            out,
            "\n{}",
            p.severity(
                Severity::Warning,
                &format!("NativeGo's settings file could not be used, so nothing is ignored: {e}")
            )
        );
    }

    let s = &report.summary;
    let ignored_note = match s.ignored {
        0 => String::new(),
        n => format!(" ({n} ignored)"),
    };
    if report.findings.iter().all(|f| f.ignored) {
        out.push('\n');
        let text = if ran < all {
            format!("No problems found by the {ran} checks that ran{ignored_note}")
        } else if s.ignored > 0 {
            format!("No problems found{ignored_note}")
        } else {
            "No problems found: this Go environment is native and healthy".to_string()
        };
        let _ = writeln!(out, "{}", p.ok(&text));
    } else {
        let _ = writeln!(
            out,
            "{}{ignored_note} {}",
            summary_text(s.errors, s.warnings, s.infos),
            p.dim("· `nativego explain ID` tells more about a check")
        );
    }
    out
}

fn count_text(findings: &[&crate::finding::Finding]) -> String {
    let n = |sev| findings.iter().filter(|f| f.severity == sev).count();
    summary_text(n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn summary_text(errors: usize, warnings: usize, infos: usize) -> String {
    let mut parts = Vec::new();
    let mut push = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    push(errors, "error", "errors");
    push(warnings, "warning", "warnings");
    push(infos, "note", "notes");
    parts.join(", ")
}

/// A short, reassuring detail for an area that passed.
fn area_detail(report: &Report, area: Area) -> String {
    match area {
        Area::Toolchain => match &report.go {
            Some(go) => format!("{} native", go.version.as_deref().unwrap_or("go")),
            None => String::new(),
        },
        Area::Path => {
            let on_path = report
                .installs
                .iter()
                .filter(|i| i.path_index.is_some())
                .count();
            if on_path == 1 {
                "one Go on PATH".into()
            } else {
                String::new()
            }
        }
        Area::Tools => match report.tools.len() {
            0 => "no tools installed".into(),
            1 => "1 tool, native".into(),
            n => format!("{n} tools, all native"),
        },
        _ => String::new(),
    }
}

fn verbose_sections(report: &Report, p: &Paint, out: &mut String) {
    let _ = writeln!(out, "{}", p.bold("Go installations"));
    if report.installs.is_empty() {
        let _ = writeln!(out, "  none found");
    }
    for i in &report.installs {
        let place = match i.path_index {
            Some(n) => format!("PATH #{}", n + 1),
            None => "not on PATH".into(),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            tilde(report, &i.path),
            install_line(report, i),
            p.dim(&place)
        );
        if let Some(shim) = &i.shim {
            let asked = match (&shim.requested, &shim.set_by_path, &shim.set_by) {
                (Some(r), Some(path), _) => format!(
                    " for `{r}` ({}{})",
                    tilde(report, &path.display().to_string()),
                    shim.set_by_line
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default()
                ),
                (Some(r), None, Some(var)) => format!(" for `{r}` ({var})"),
                _ => String::new(),
            };
            let runs = match &shim.target {
                Some(t) => format!("runs {}", tilde(report, &t.display().to_string())),
                None => "runs no Go".into(),
            };
            let _ = writeln!(
                out,
                "    {}",
                p.dim(&format!("{}'s shim{asked}: {runs}", shim.manager))
            );
        } else if let Some(err) = &i.error {
            let _ = writeln!(out, "    {}", p.severity(Severity::Warning, err));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", p.bold("Go settings"));
    if let Some(state) = report.host.login_trace {
        let note = match state {
            TraceState::Used => "origins: the login shell's trace first, then NativeGo's reading of the startup files",
            TraceState::Missing => "origins: NativeGo's reading of the startup files (the login shell printed no trace)",
            TraceState::Cut => "origins: NativeGo's reading of the startup files (the login shell's trace was too long to use)",
        };
        let _ = writeln!(out, "  {}", p.dim(note));
    }
    for (k, origin) in &report.env_unknown {
        let _ = writeln!(
            out,
            "  {k}=?  {}",
            p.dim(&format!(
                "(unknown: set from something NativeGo cannot evaluate at {})",
                origin_text(report, origin)
            ))
        );
    }
    for (k, v) in &report.env {
        let _ = writeln!(
            out,
            "  {k}={}  {}",
            v.value,
            p.dim(&format!("({})", origin_text(report, &v.origin)))
        );
        if let Some(note) = disagreement(report, v.attribution.as_ref()) {
            let _ = writeln!(out, "    {}", p.dim(&note));
        }
        for o in &v.overridden {
            let _ = writeln!(
                out,
                "    {}",
                p.dim(&format!(
                    "overrides {k}={} ({})",
                    o.value,
                    origin_text(report, &o.origin)
                ))
            );
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", p.bold("PATH of a new terminal"));
    for (n, e) in report.path.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. {}  {}",
            n + 1,
            if e.dir.is_empty() { "(empty)" } else { &e.dir },
            p.dim(&format!("({})", origin_text(report, &e.origin)))
        );
        if let Some(note) = disagreement(report, e.attribution.as_ref()) {
            let _ = writeln!(out, "      {}", p.dim(&note));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", p.bold("Installed tools"));
    if report.tools.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for t in &report.tools {
        let arches = t
            .arches
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join("+");
        let module = match (&t.module, &t.version) {
            (Some(m), Some(v)) => format!("{m}@{v}"),
            (Some(m), None) => m.clone(),
            _ => String::new(),
        };
        let target = match (&t.os, arches.is_empty()) {
            (Some(os), false) => format!("{os}/{arches}"),
            (None, false) => arches.clone(),
            (Some(os), true) => format!("{os}/?"),
            (None, true) => "?".into(),
        };
        let _ = writeln!(
            out,
            "  {:<20} {:<14} {:<10} {}",
            t.name,
            target,
            t.go_version.as_deref().unwrap_or("-"),
            t.error.as_deref().unwrap_or(&module)
        );
        if let Some(built) = tool_build_line(t) {
            let _ = writeln!(out, "      {}", p.dim(&built));
        }
    }
    out.push('\n');
}

/// How a tool was built, when it says more than "installed from a module version": its VCS
/// revision (a build from a checkout), a build mode other than `exe`, and then cgo.
fn tool_build_line(t: &crate::report::ToolSummary) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(rev) = t.settings.get("vcs.revision") {
        let short: String = rev.chars().take(12).collect();
        let mut s = format!(
            "{} {short}",
            t.settings.get("vcs").map(String::as_str).unwrap_or("vcs")
        );
        if let Some(time) = t.settings.get("vcs.time") {
            s.push_str(&format!(" {time}"));
        }
        if t.settings.get("vcs.modified").map(String::as_str) == Some("true") {
            s.push_str(" (modified)");
        }
        parts.push(s);
    }
    if let Some(mode) = t.settings.get("-buildmode").filter(|m| *m != "exe") {
        parts.push(format!("-buildmode={mode}"));
    }
    if t.settings.get("CGO_ENABLED").map(String::as_str) == Some("1") && !parts.is_empty() {
        parts.push("cgo".into());
    }
    (!parts.is_empty()).then(|| format!("built: {}", parts.join(", ")))
}

/// Fixes that repeat one offered by an earlier shown finding (the same edits, actions,
/// instructions and command), by ID, with the ID of the first.
pub fn shared_fixes(report: &Report) -> std::collections::HashMap<&str, &str> {
    let mut first: Vec<(serde_json::Value, &str)> = Vec::new();
    let mut shared = std::collections::HashMap::new();
    for fix in report
        .findings
        .iter()
        .filter(|f| !f.ignored)
        .flat_map(|f| &f.fixes)
    {
        let what = serde_json::json!([fix.edits, fix.actions, fix.instructions, fix.command]);
        if fix.edits.is_empty() && fix.actions.is_empty() && fix.command.is_none() {
            continue;
        }
        match first.iter().find(|(w, _)| *w == what) {
            Some((_, id)) if *id != fix.id => {
                shared.insert(fix.id.as_str(), *id);
            }
            Some(_) => {}
            None => first.push((what, fix.id.as_str())),
        }
    }
    shared
}
