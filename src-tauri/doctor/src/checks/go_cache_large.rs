//! `go-cache-large`: the build cache or the module cache has grown past 10 GiB.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
The size of the build cache (GOCACHE, by default `~/Library/Caches/go-build` on macOS) and of the module cache (GOMODCACHE, by default `~/go/pkg/mod`), at their effective values, when they exist.
A cache of 10 GiB or more is reported as information.
The size is the sum of the regular files' lengths (apparent size, symlinks not followed), measured with a bounded walk: at most 200,000 entries and 2 seconds per cache, and only when the directory exists.
When the walk stops at its bound, the finding says "at least".
On the real machine a measured size is reused for 10 minutes, so the watcher's re-checks stay fast; the size a finding shows can be that old.

## Why it hurts
Go never trims either cache by size: the build cache only drops entries unused for five days, when `go` runs, and "GOCACHE appears to lack disk size limit" (golang/go#29561, open); code generators make it grow fast ("Cache is growing to 500gb about every 4-5 days with entgo and gqlgen", golang/go#76946; "typically in the realm of 10-70 GB", coder/coder#18685).
The module cache keeps every version ever downloaded.
A full disk then fails builds with `no space left on device`.
The module cache's files are read-only on purpose, so `rm -rf ~/go/pkg/mod` fails with `permission denied`.

## How to fix
`go clean -cache` empties the build cache (the next builds are slower, once); `go clean -modcache` empties the module cache (modules are downloaded again when needed).
NativeGo shows these commands and does not run them.

## References
- golang/go#29561, golang/go#76946, coder/coder#18685
- https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching
"#;

pub static CHECK: Check = Check {
    id: "go-cache-large",
    area: Area::Environment,
    severity: Severity::Info,
    applies_to: ALL_OS,
    summary: "the Go build or module cache is larger than 10 GiB",
    doc: DOC,
    run,
};

/// The size worth telling.
pub(crate) const THRESHOLD: u64 = 10 * 1024 * 1024 * 1024;

/// A size in GiB with one decimal: `12.3 GiB`.
fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    for dir in &facts.go_dirs {
        let Some(size) = dir.size else {
            continue;
        };
        if size.bytes < THRESHOLD {
            continue;
        }
        let (what, command, effect) = match dir.name.as_str() {
            "GOCACHE" => (
                "build cache",
                "go clean -cache",
                "the next builds recompile once",
            ),
            "GOMODCACHE" => (
                "module cache",
                "go clean -modcache",
                "modules are downloaded again when a build needs them",
            ),
            _ => continue,
        };
        let amount = if size.complete {
            gib(size.bytes)
        } else {
            format!("at least {}", gib(size.bytes))
        };
        let path = super::tilde(facts, &dir.path);
        let mut finding = CHECK.finding(
            Severity::Info,
            format!("The Go {what} ({path}) holds {amount}"),
            format!("Go does not limit the {what}'s size; `{command}` empties it ({effect})."),
        );
        finding.key = format!("go-cache-large:{}", dir.name);
        let counted = if size.complete {
            format!("{} entries", size.entries)
        } else {
            format!("the walk stopped after {} entries", size.entries)
        };
        finding.evidence.push(Evidence::at(
            &dir.path,
            None,
            format!("{}: {amount} ({counted})", dir.name),
        ));
        finding.hint = Some(format!("Run `{command}` when the space is needed"));
        finding.fixes.push(Fix::manual(
            format!(
                "go-cache-large:{}",
                command.trim_start_matches("go clean -")
            ),
            format!("Empty the {what}"),
            format!(
                "Run `{command}` ({effect}); do not delete the directory by hand{}.",
                if dir.name == "GOMODCACHE" {
                    ": its files are read-only and `rm -rf` fails"
                } else {
                    ""
                }
            ),
            Some(command.into()),
        ));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::DirSize;
    use crate::fix::Applicability;

    #[test]
    fn fires_per_large_cache() {
        let facts = clean_mac()
            .go_dir("GOPATH", "/Users/dev/go", 501, None)
            .go_dir(
                "GOMODCACHE",
                "/Users/dev/go/pkg/mod",
                501,
                Some(THRESHOLD - 1),
            )
            .go_dir(
                "GOCACHE",
                "/Users/dev/Library/Caches/go-build",
                501,
                Some(THRESHOLD * 3 / 2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "The Go build cache (~/Library/Caches/go-build) holds 15.0 GiB"
        );
        assert_eq!(f[0].key, "go-cache-large:GOCACHE");
        let fix = &f[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert_eq!(fix.command.as_deref(), Some("go clean -cache"));
    }

    #[test]
    fn a_cut_walk_says_at_least() {
        let mut facts = clean_mac()
            .go_dir("GOMODCACHE", "/Users/dev/go/pkg/mod", 501, None)
            .build();
        facts.go_dirs[0].size = Some(DirSize {
            bytes: THRESHOLD,
            entries: 200_000,
            complete: false,
        });
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "The Go module cache (~/go/pkg/mod) holds at least 10.0 GiB"
        );
        assert!(f[0].evidence[0]
            .note
            .contains("stopped after 200000 entries"));
        assert_eq!(f[0].fixes[0].command.as_deref(), Some("go clean -modcache"));
    }

    #[test]
    fn silent_for_small_or_unmeasured_caches() {
        let facts = clean_mac()
            .go_dir(
                "GOCACHE",
                "/Users/dev/Library/Caches/go-build",
                501,
                Some(1 << 30),
            )
            .go_dir("GOMODCACHE", "/Users/dev/go/pkg/mod", 501, None)
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
