//! Rosetta's sunset (not a check): what the macOS major version means for x86_64 binaries.
//!
//! Apple: Rosetta "will be available through macOS 27 — as a general-purpose tool for Intel
//! apps to help developers complete the migration of their apps. Beyond this timeframe, we
//! will keep a subset of Rosetta functionality aimed at supporting older unmaintained gaming
//! titles" (developer.apple.com, "About the Rosetta translation environment"; WWDC25).
//! `rosetta-missing`, `go-wrong-arch`, `tools-wrong-arch` and `rosetta-terminal` phrase their
//! findings with it; the version logic lives here only.

use crate::facts::{Facts, Os};

/// Where this Mac stands in Rosetta's retirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sunset {
    /// macOS 26 or older: Rosetta works, and is announced to end after macOS 27.
    Announced,
    /// macOS 27: the last release where Rosetta runs Intel command-line programs.
    LastRelease,
    /// macOS 28 or later: only a gaming subset of Rosetta remains; installing it fixes nothing.
    Retired,
    /// The macOS version is not known (or this is not macOS).
    Unknown,
}

/// The stage for a macOS version as SystemVersion.plist gives it (`26.1`, `27`, `28.0.1`).
pub(crate) fn stage(os_version: Option<&str>) -> Sunset {
    let major = os_version
        .and_then(|v| v.trim().split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m >= 28 => Sunset::Retired,
        Some(27) => Sunset::LastRelease,
        Some(_) => Sunset::Announced,
        None => Sunset::Unknown,
    }
}

/// The stage of this machine: only a Mac has one.
pub(crate) fn of(facts: &Facts) -> Sunset {
    if facts.machine.os != Os::Macos {
        return Sunset::Unknown;
    }
    stage(facts.machine.os_version.as_deref())
}

impl Sunset {
    /// Whether installing Rosetta can still be offered as a fix for Intel command-line programs.
    pub(crate) fn rosetta_fixes(self) -> bool {
        self != Sunset::Retired
    }

    /// One sentence for a finding about x86_64 binaries on Apple silicon.
    pub(crate) fn note(self) -> &'static str {
        match self {
            Sunset::Announced | Sunset::Unknown => {
                "Apple keeps Rosetta as a general-purpose tool for Intel apps only through macOS 27 (WWDC25), so x86_64 Go binaries stop running after that release."
            }
            Sunset::LastRelease => {
                "This is macOS 27, the last release where Rosetta runs Intel apps: every x86_64 toolchain and tool stops working with the next major release."
            }
            Sunset::Retired => {
                "From macOS 28 Apple keeps only a subset of Rosetta for older games, so installing Rosetta does not bring x86_64 Go binaries back: only arm64 builds fix it."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_per_version() {
        assert_eq!(stage(Some("15.1")), Sunset::Announced);
        assert_eq!(stage(Some("26.1")), Sunset::Announced);
        assert_eq!(stage(Some("27")), Sunset::LastRelease);
        assert_eq!(stage(Some("27.0.1")), Sunset::LastRelease);
        assert_eq!(stage(Some("28.0")), Sunset::Retired);
        assert_eq!(stage(Some("29.2")), Sunset::Retired);
        assert_eq!(stage(None), Sunset::Unknown);
        assert_eq!(stage(Some("")), Sunset::Unknown);
        assert_eq!(stage(Some("Sonoma")), Sunset::Unknown);
    }

    #[test]
    fn rosetta_is_a_fix_until_macos_28() {
        assert!(Sunset::Announced.rosetta_fixes());
        assert!(Sunset::LastRelease.rosetta_fixes());
        assert!(Sunset::Unknown.rosetta_fixes());
        assert!(!Sunset::Retired.rosetta_fixes());
    }

    #[test]
    fn notes_name_the_release() {
        assert!(Sunset::Announced.note().contains("through macOS 27"));
        assert!(Sunset::LastRelease
            .note()
            .contains("stops working with the next major release"));
        assert!(Sunset::Retired.note().contains("only arm64 builds fix it"));
        assert_eq!(Sunset::Unknown.note(), Sunset::Announced.note());
    }
}
