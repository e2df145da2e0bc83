//! Which checks a run includes: `nativego doctor --only ID|AREA,… --skip ID|AREA,…`. A
//! check that is left out is reported as `skipped` in the report's `checks`, so the text
//! and the JSON say the same thing about what ran.

use crate::checks::{Area, Check, CHECKS};
use crate::config::Suppression;
use crate::finding::Finding;

/// A check ID or an area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Check(&'static str),
    Area(Area),
}

impl Selector {
    /// `goarch-forced`, or an area by its JSON name (`cgo`, `toolchain`, …).
    pub fn parse(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        if let Some(check) = CHECKS.iter().find(|c| c.id == s) {
            return Ok(Selector::Check(check.id));
        }
        if let Some(area) = Area::ALL.into_iter().find(|a| area_name(*a) == s) {
            return Ok(Selector::Area(area));
        }
        let mut message = format!("there is no check or area `{s}`");
        if let Some(near) = nearest(s) {
            message.push_str(&format!(" (did you mean `{near}`?)"));
        }
        Err(message)
    }

    fn matches(&self, check: &Check) -> bool {
        match self {
            Selector::Check(id) => check.id == *id,
            Selector::Area(area) => check.area == *area,
        }
    }
}

/// An area's name in the report's JSON (`Area`'s serde name).
pub fn area_name(area: Area) -> &'static str {
    match area {
        Area::Toolchain => "toolchain",
        Area::Path => "path",
        Area::Goroot => "goroot",
        Area::Environment => "environment",
        Area::Tools => "tools",
        Area::Rosetta => "rosetta",
        Area::Cgo => "cgo",
        Area::Shell => "shell",
    }
}

/// The checks a run includes: those `only` names (all, when it is empty), less those
/// `skip` names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub only: Vec<Selector>,
    pub skip: Vec<Selector>,
}

impl Selection {
    /// Every check.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// From comma-separated lists (each argument may hold several: `--only cgo,tools`).
    pub fn parse(only: &[String], skip: &[String]) -> Result<Selection, String> {
        let list = |args: &[String]| -> Result<Vec<Selector>, String> {
            args.iter()
                .flat_map(|a| a.split(','))
                .filter(|s| !s.trim().is_empty())
                .map(Selector::parse)
                .collect()
        };
        let selection = Selection {
            only: list(only)?,
            skip: list(skip)?,
        };
        if !CHECKS.iter().any(|c| selection.runs(c)) {
            return Err("that selection leaves no check to run".into());
        }
        Ok(selection)
    }

    pub fn runs(&self, check: &Check) -> bool {
        (self.only.is_empty() || self.only.iter().any(|s| s.matches(check)))
            && !self.skip.iter().any(|s| s.matches(check))
    }

    pub fn is_all(&self) -> bool {
        self.only.is_empty() && self.skip.is_empty()
    }
}

/// Mark the findings the user's suppressions cover (`config.rs`); return, per
/// suppression, how many it covers (0: stale).
pub fn apply_suppressions(suppressions: &[Suppression], findings: &mut [Finding]) -> Vec<usize> {
    let mut matched = vec![0; suppressions.len()];
    for f in findings.iter_mut() {
        if let Some((i, s)) = suppressions
            .iter()
            .enumerate()
            .find(|(_, s)| s.matches(&f.check, &f.key))
        {
            f.ignored = true;
            f.ignored_reason = s.reason.clone();
            matched[i] += 1;
        }
    }
    matched
}

/// The check ID or area closest to a mistyped one (at most two edits away).
fn nearest(s: &str) -> Option<&'static str> {
    CHECKS
        .iter()
        .map(|c| c.id)
        .chain(Area::ALL.into_iter().map(area_name))
        .map(|name| (edit_distance(s, name), name))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(sel: &Selection) -> Vec<&'static str> {
        CHECKS
            .iter()
            .filter(|c| sel.runs(c))
            .map(|c| c.id)
            .collect()
    }

    #[test]
    fn only_and_skip_take_ids_and_areas() {
        let all = Selection::all();
        assert_eq!(ids(&all).len(), CHECKS.len());
        let cgo = Selection::parse(&["cgo".into()], &[]).unwrap();
        assert!(!ids(&cgo).is_empty());
        assert!(CHECKS.iter().all(|c| cgo.runs(c) == (c.area == Area::Cgo)));
        let two = Selection::parse(&["goarch-forced,cgo-no-clt".into()], &[]).unwrap();
        assert_eq!(ids(&two), ["goarch-forced", "cgo-no-clt"]);
        let skip = Selection::parse(&[], &["tools".into(), "goarch-forced".into()]).unwrap();
        assert!(CHECKS
            .iter()
            .all(|c| skip.runs(c) == (c.area != Area::Tools && c.id != "goarch-forced")));
        let both = Selection::parse(&["environment".into()], &["goarch-forced".into()]).unwrap();
        assert!(ids(&both).iter().all(|id| *id != "goarch-forced"));
        assert!(!ids(&both).is_empty());
    }

    #[test]
    fn unknown_names_are_refused_with_the_nearest() {
        let e = Selection::parse(&["goarch-forcd".into()], &[]).unwrap_err();
        assert_eq!(
            e,
            "there is no check or area `goarch-forcd` (did you mean `goarch-forced`?)"
        );
        let e = Selection::parse(&[], &["frobnicate".into()]).unwrap_err();
        assert_eq!(e, "there is no check or area `frobnicate`");
        let e = Selection::parse(&["cgo".into()], &["cgo".into()]).unwrap_err();
        assert_eq!(e, "that selection leaves no check to run");
    }

    #[test]
    fn area_names_are_the_jsons() {
        for area in Area::ALL {
            let json = serde_json::to_value(area).unwrap();
            assert_eq!(json, area_name(area));
        }
    }

    fn s(check: &str, subject: Option<&str>, reason: Option<&str>) -> Suppression {
        Suppression {
            check: check.into(),
            subject: subject.map(Into::into),
            reason: reason.map(Into::into),
        }
    }

    #[test]
    fn suppressions_match_a_check_or_one_finding_and_count() {
        let finding = |check: &str, key: &str| {
            let mut f = crate::checks::find(check).unwrap().finding(
                crate::finding::Severity::Warning,
                "t",
                "m",
            );
            f.key = key.into();
            f
        };
        let mut fs = vec![
            finding("goarch-forced", "goarch-forced:GOARCH"),
            finding("tools-wrong-arch", "tools-wrong-arch:dlv"),
            finding("tools-wrong-arch", "tools-wrong-arch:gopls"),
        ];
        let sups = [
            s("tools-wrong-arch", Some("dlv"), Some("old project")),
            s("gosumdb-off", None, None),
        ];
        let matched = apply_suppressions(&sups, &mut fs);
        assert_eq!(matched, [1, 0]);
        assert_eq!(
            fs.iter().map(|f| f.ignored).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(fs[1].ignored_reason.as_deref(), Some("old project"));
    }
}
