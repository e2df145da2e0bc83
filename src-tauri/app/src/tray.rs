//! The menu-bar icon and its menu.
//!
//! What the icon shows and what a menu item means are plain functions of the report
//! ([`TrayModel`], [`TrayAction`]), unit-tested without a tray; the Tauri part only draws.

use nativego_doctor::finding::Severity;
use nativego_doctor::report::Report;

/// The icon's look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// No report yet.
    Checking,
    Healthy,
    Warning,
    Error,
}

/// What the tray shows for a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayModel {
    pub health: Health,
    /// `go1.27.3 · arm64 · Homebrew — 2 warnings`.
    pub tooltip: String,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl TrayModel {
    pub fn of(report: Option<&Report>) -> TrayModel {
        let Some(report) = report else {
            return TrayModel {
                health: Health::Checking,
                tooltip: "NativeGo — checking…".into(),
            };
        };
        let health = match report.worst() {
            Some(Severity::Error) => Health::Error,
            Some(Severity::Warning) => Health::Warning,
            _ => Health::Healthy,
        };
        let go = match &report.go {
            Some(go) => format!(
                "{} · {} · {}",
                go.version.as_deref().unwrap_or("go"),
                go.arch.map(|a| a.name()).unwrap_or("unknown arch"),
                go.source.label()
            ),
            None => "no Go on PATH".into(),
        };
        let s = &report.summary;
        let state = match (s.errors, s.warnings) {
            (0, 0) => "healthy".to_string(),
            (0, w) => count(w, "warning", "warnings"),
            (e, 0) => count(e, "error", "errors"),
            (e, w) => format!(
                "{}, {}",
                count(e, "error", "errors"),
                count(w, "warning", "warnings")
            ),
        };
        // Polling instead of being told of changes (the system's watch limit reached):
        // said where the user looks most, as well as in the popover.
        let slow = if report.watch.as_ref().is_some_and(|w| !w.is_live()) {
            " · updates every few seconds"
        } else {
            ""
        };
        TrayModel {
            health,
            tooltip: format!("{go} — {state}{slow}"),
        }
    }
}

/// A menu item, by its ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrayAction {
    Show,
    CheckNow,
    ToggleAutostart,
    OpenStartupFile,
    CopyReport,
    Quit,
}

impl TrayAction {
    pub const ALL: [TrayAction; 6] = [
        TrayAction::Show,
        TrayAction::CheckNow,
        TrayAction::ToggleAutostart,
        TrayAction::OpenStartupFile,
        TrayAction::CopyReport,
        TrayAction::Quit,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TrayAction::Show => "show",
            TrayAction::CheckNow => "check-now",
            TrayAction::ToggleAutostart => "autostart",
            TrayAction::OpenStartupFile => "open-startup-file",
            TrayAction::CopyReport => "copy-report",
            TrayAction::Quit => "quit",
        }
    }

    pub fn from_id(id: &str) -> Option<TrayAction> {
        TrayAction::ALL.into_iter().find(|a| a.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nativego_doctor::host::scenario::ScenarioHost;
    use nativego_doctor::probe::ProbeOptions;

    fn report(name: &str) -> Report {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/scenarios")
            .join(name);
        let host = ScenarioHost::load(&dir).unwrap();
        let opts = ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        };
        nativego_doctor::diagnose(&host, &opts).1
    }

    #[test]
    fn the_icon_follows_the_worst_finding() {
        assert_eq!(TrayModel::of(None).health, Health::Checking);
        let clean = TrayModel::of(Some(&report("clean-homebrew")));
        assert_eq!(clean.health, Health::Healthy);
        assert_eq!(clean.tooltip, "go1.27.3 · arm64 · Homebrew — healthy");
        let warn = TrayModel::of(Some(&report("goarch-exported")));
        assert_eq!(warn.health, Health::Warning);
        assert!(warn.tooltip.ends_with("— 1 warning"), "{}", warn.tooltip);
        let err = TrayModel::of(Some(&report("intel-homebrew-migrated")));
        assert_eq!(err.health, Health::Error);
        assert!(
            err.tooltip
                .starts_with("go1.26.4 · x86_64 · Intel Homebrew"),
            "{}",
            err.tooltip
        );
    }

    #[test]
    fn the_tooltip_says_when_changes_are_polled() {
        use nativego_doctor::watch::{PolledDir, WatchStatus};
        let mut r = report("clean-homebrew");
        r.watch = Some(WatchStatus {
            native: 12,
            polled: Vec::new(),
            poll_interval_ms: 2000,
            message: None,
            ..Default::default()
        });
        assert_eq!(
            TrayModel::of(Some(&r)).tooltip,
            "go1.27.3 · arm64 · Homebrew — healthy"
        );
        let polled = WatchStatus {
            native: 0,
            polled: vec![PolledDir {
                path: "/Users/dev".into(),
                reason: "the system's limit on file watches is reached".into(),
            }],
            poll_interval_ms: 2000,
            message: Some("…".into()),
            ..Default::default()
        };
        r.watch = Some(polled.clone());
        assert_eq!(
            TrayModel::of(Some(&r)).tooltip,
            "go1.27.3 · arm64 · Homebrew — healthy · updates every few seconds"
        );
    }

    #[test]
    fn menu_ids_round_trip() {
        for a in TrayAction::ALL {
            assert_eq!(TrayAction::from_id(a.id()), Some(a));
        }
        assert_eq!(TrayAction::from_id("bogus"), None);
    }
}
