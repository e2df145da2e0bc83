//! Drift: when to tell the user that their Go environment changed (pure).
//!
//! A notification goes out when the environment gets worse (a warning or an error that
//! was not there before) or the active Go changes (its path, version or architecture).
//! Never for a state the user already saw, at most once per change, and not on every
//! save: the caller keeps the [`Seen`] state (on disk, so drift that happened while the
//! app was not running is reported at the next start) and replaces it after each report.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::report::Report;

/// The active Go, as far as drift is concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoIdentity {
    pub path: String,
    pub version: Option<String>,
    pub arch: Option<String>,
}

/// What the user has already been shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub go: Option<GoIdentity>,
    /// Warnings and errors, by check and finding key (never by title: titles carry line
    /// numbers, which move when an unrelated line is added).
    pub problems: BTreeSet<(String, String)>,
}

impl Seen {
    /// The state a report shows.
    pub fn of(report: &Report) -> Seen {
        Seen {
            go: report.go.as_ref().map(|g| GoIdentity {
                path: g.path.clone(),
                version: g.version.clone(),
                arch: g.arch.map(|a| a.name().to_string()),
            }),
            problems: report
                .findings
                .iter()
                // An ignored finding is not news (`nativego ignore`).
                .filter(|f| f.severity >= Severity::Warning && !f.ignored)
                .map(|f| (f.check.clone(), f.key.clone()))
                .collect(),
        }
    }
}

/// A notification to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub title: String,
    pub body: String,
}

fn describe(go: &GoIdentity) -> String {
    format!(
        "{} ({}) at {}",
        go.version.as_deref().unwrap_or("an unknown version"),
        go.arch.as_deref().unwrap_or("unknown architecture"),
        go.path
    )
}

/// Decide whether `now` deserves a notification, given what the user already saw.
/// `None` for the first report ever: the user has not seen anything to drift from.
pub fn decide(seen: Option<&Seen>, now: &Report) -> Option<Alert> {
    let seen = seen?;
    let current = Seen::of(now);
    let mut lines: Vec<String> = Vec::new();
    let mut title = None;
    match (&seen.go, &current.go) {
        (Some(before), Some(after)) if before != after => {
            title = Some("The Go in new terminals changed".to_string());
            lines.push(format!(
                "Now {}; before, {}.",
                describe(after),
                describe(before)
            ));
        }
        (Some(before), None) => {
            title = Some("New terminals have no Go".to_string());
            lines.push(format!("{} is no longer on PATH.", describe(before)));
        }
        (None, Some(after)) => {
            title = Some("New terminals have Go again".to_string());
            lines.push(format!("Now {}.", describe(after)));
        }
        _ => {}
    }
    let new: Vec<&(String, String)> = current.problems.difference(&seen.problems).collect();
    if !new.is_empty() {
        let errors = now
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .any(|f| new.contains(&&(f.check.clone(), f.key.clone())));
        title.get_or_insert_with(|| {
            if errors {
                "Your Go environment broke".to_string()
            } else {
                "Your Go environment drifted".to_string()
            }
        });
        // Worst first, in report order.
        let mut titles: Vec<&str> = now
            .findings
            .iter()
            .filter(|f| new.contains(&&(f.check.clone(), f.key.clone())))
            .map(|f| f.title.as_str())
            .collect();
        titles.dedup();
        let shown = titles.len().min(2);
        for t in &titles[..shown] {
            lines.push(format!("{t}."));
        }
        if titles.len() > shown {
            lines.push(format!("And {} more.", titles.len() - shown));
        }
    }
    title.map(|title| Alert {
        title,
        body: lines.join(" "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::clean_mac;
    use crate::facts::Origin;

    fn report(facts: crate::facts::Facts) -> Report {
        crate::report::build(&facts)
    }

    fn clean() -> Report {
        report(clean_mac().build())
    }

    fn goarch_forced() -> Report {
        report(
            clean_mac()
                .setting(
                    "GOARCH",
                    "amd64",
                    Origin::StartupFile {
                        path: "/Users/dev/.zshrc".into(),
                        line: 12,
                    },
                )
                .build(),
        )
    }

    #[test]
    fn the_first_report_ever_is_not_a_drift() {
        assert_eq!(decide(None, &goarch_forced()), None);
    }

    #[test]
    fn a_new_warning_is_notified_once() {
        let seen = Seen::of(&clean());
        let now = goarch_forced();
        let alert = decide(Some(&seen), &now).expect("a notification");
        assert_eq!(alert.title, "Your Go environment drifted");
        assert!(alert.body.contains("GOARCH"), "{}", alert.body);
        // Once seen, the same state says nothing more.
        assert_eq!(decide(Some(&Seen::of(&now)), &now), None);
    }

    /// The reproduction of a false drift: one comment added at the top of `.zshrc` moved
    /// `export GOARCH=amd64` from line 12 to line 13, which changed the finding's title
    /// ("… in /Users/dev/.zshrc:13") and used to notify "Your Go environment drifted".
    #[test]
    fn a_line_that_moved_is_not_a_drift() {
        let before = goarch_forced();
        let moved = report(
            clean_mac()
                .setting(
                    "GOARCH",
                    "amd64",
                    Origin::StartupFile {
                        path: "/Users/dev/.zshrc".into(),
                        line: 13,
                    },
                )
                .build(),
        );
        let (a, b) = (&before.findings, &moved.findings);
        assert_ne!(
            a.iter().map(|f| &f.title).collect::<Vec<_>>(),
            b.iter().map(|f| &f.title).collect::<Vec<_>>(),
            "the titles name the line"
        );
        assert_eq!(decide(Some(&Seen::of(&before)), &moved), None);
        // A key with no line number in it: moving lines cannot change it.
        for f in b {
            assert!(!f.key.contains(":13"), "{}", f.key);
        }
    }

    #[test]
    fn getting_better_is_not_notified() {
        assert_eq!(decide(Some(&Seen::of(&goarch_forced())), &clean()), None);
    }

    #[test]
    fn a_finding_that_comes_back_is_notified_again() {
        let bad = goarch_forced();
        let good = clean();
        let seen_good = Seen::of(&good);
        assert!(decide(Some(&seen_good), &bad).is_some());
    }

    #[test]
    fn a_change_of_the_active_go_is_notified_with_both_versions() {
        let before = clean();
        let mut after = before.clone();
        let go = after.go.as_mut().expect("the clean Mac has a go");
        let old = go.version.clone().unwrap();
        go.version = Some("go1.28.0".into());
        let alert = decide(Some(&Seen::of(&before)), &after).expect("a notification");
        assert_eq!(alert.title, "The Go in new terminals changed");
        assert!(
            alert.body.contains("go1.28.0") && alert.body.contains(&old),
            "{}",
            alert.body
        );
    }

    #[test]
    fn losing_go_is_notified() {
        let seen = Seen {
            go: Some(GoIdentity {
                path: "/usr/local/go/bin/go".into(),
                version: Some("go1.27.3".into()),
                arch: Some(Arch::Arm64.name().into()),
            }),
            problems: BTreeSet::new(),
        };
        let mut now = clean();
        now.go = None;
        let alert = decide(Some(&seen), &now).expect("a notification");
        assert_eq!(alert.title, "New terminals have no Go");
    }
}
