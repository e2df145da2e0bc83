//! `intel-homebrew`: an Intel Homebrew in /usr/local on an Apple-silicon Mac.

use crate::facts::{Facts, GoSource};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{path_entry_evidence, path_position, path_text, version_label, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On Apple silicon, whether a Homebrew installation lives in `/usr/local`, the Intel prefix, or a Go installation came from it.
It is worse when `/usr/local/bin` comes before `/opt/homebrew/bin` on the login PATH, because the Intel `go` and tools then win; the finding shows the PATH entries and the lines that put them there.

## Why it hurts
Homebrew installs to `/opt/homebrew` on Apple silicon and `/usr/local` on Intel; a `/usr/local` Homebrew on an arm64 Mac usually came over with Migration Assistant or was installed from a Rosetta terminal.
Everything it installs is x86_64: "Brew installs Golang with amd64 on M1" with `HOMEBREW_PREFIX: /usr/local` and `macOS: 11.4-x86_64` (Homebrew/homebrew-core#80706); `/usr/local/bin/gh: Mach-O 64-bit executable x86_64` after migration (cli/cli#10219).
Its libraries are x86_64 too, so cgo links fail with `building for macOS-arm64 but attempting to link with file built for macOS-x86_64` (confluentinc/confluent-kafka-go#727).
Without Rosetta its `brew` itself fails with `bad CPU type in executable`.

## How to fix
Homebrew's documented migration (Homebrew/brew#16668):
1. `arch -x86_64 /usr/local/bin/brew bundle dump --global` to save the list of packages.
2. Check that `arch` prints `arm64`, install Homebrew in `/opt/homebrew` and run `brew bundle install --global`.
3. Uninstall the Intel Homebrew with its uninstall script run under `arch -x86_64`.
Make sure `eval "$(/opt/homebrew/bin/brew shellenv)"` is in `~/.zprofile` so `/opt/homebrew/bin` comes first.

## References
- Homebrew installation docs and FAQ ("Why is the default installation prefix /opt/homebrew on Apple Silicon?")
- Homebrew/brew#16668 (`docs/Common-Issues.md`), Homebrew/homebrew-core#80706, Homebrew/install#816, cli/cli#10219
"#;

pub static CHECK: Check = Check {
    id: "intel-homebrew",
    area: Area::Toolchain,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "An Intel Homebrew in /usr/local on an Apple-silicon Mac",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.is_arm64_hardware() {
        return;
    }
    let hw = facts.machine.hw_arch;
    let mut evidence = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    for brew in &facts.machine.homebrew {
        let prefix = path_text(&brew.prefix);
        let native = brew.arch.is_some_and(|a| a.is_native_on(hw));
        if super::clean_path(&prefix) == "/usr/local" && !native {
            let arch = brew
                .arch
                .map_or("unknown architecture".into(), |a| a.name().to_string());
            evidence.push(Evidence::at(
                &brew.prefix,
                None,
                format!("Homebrew prefix, brew is {arch}"),
            ));
            prefixes.push(prefix);
        }
    }
    let gos: Vec<_> = facts
        .installs
        .iter()
        .filter(|i| matches!(i.source, GoSource::IntelHomebrew { .. }))
        .collect();
    for go in &gos {
        evidence.push(Evidence::at(
            &go.path,
            None,
            format!("{} from Intel Homebrew", version_label(go)),
        ));
    }
    if evidence.is_empty() {
        return;
    }
    let intel = path_position(facts, "/usr/local/bin");
    let native = path_position(facts, "/opt/homebrew/bin");
    let ahead = matches!((intel, native), (Some(i), Some(n)) if i < n);
    // The title stays the same whatever the PATH order: putting the native Homebrew first
    // helps, but the Intel one is still there.
    let title = "Intel Homebrew in /usr/local on an Apple silicon Mac".to_string();
    let mut message =
        "Everything it installs, Go and cgo libraries included, is x86_64 and runs under Rosetta."
            .to_string();
    if ahead {
        message.push_str(
            " `/usr/local/bin` comes before `/opt/homebrew/bin` on PATH, so its programs win over native ones.",
        );
        if let Some(i) = intel {
            evidence.push(path_entry_evidence(
                facts,
                i,
                format!("PATH entry {} `/usr/local/bin`", i + 1),
            ));
        }
        if let Some(n) = native {
            evidence.push(path_entry_evidence(
                facts,
                n,
                format!("PATH entry {} `/opt/homebrew/bin`", n + 1),
            ));
        }
    }
    if let Some(go) = gos.first() {
        message.push_str(&format!(
            " It provides {} at `{}`.",
            version_label(go),
            path_text(&go.path)
        ));
    }
    let mut finding = CHECK.finding(Severity::Warning, title, message);
    finding.evidence = evidence;
    finding.hint = Some(
        "Move to the native Homebrew: `arch -x86_64 /usr/local/bin/brew bundle dump --global`, install Homebrew in `/opt/homebrew`, `brew bundle install --global`, then uninstall the Intel one and keep `eval \"$(/opt/homebrew/bin/brew shellenv)\"` in `~/.zprofile`".into(),
    );
    finding.fixes = fixes(facts, gos.first().copied());
    out.push(finding);
}

/// A native Go from the native Homebrew (or the way to get that Homebrew), then, by hand,
/// removing the Intel one's Go.
fn fixes(facts: &Facts, intel_go: Option<&crate::facts::GoInstall>) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let native_go = facts
        .installs
        .iter()
        .any(|i| matches!(i.source, GoSource::Homebrew { .. }));
    match super::native_homebrew(facts) {
        Some(brew) if intel_go.is_some() && !native_go => {
            let brew_bin = format!("{}/bin/brew", path_text(&brew.prefix).trim_end_matches('/'));
            fixes.push(
                Fix::new(
                    "intel-homebrew:install-native-go",
                    format!("Install Go with the native Homebrew (`{brew_bin} install go`)"),
                    Applicability::Unsafe,
                )
                .action(super::action(&brew_bin, &["install", "go"], 900)),
            );
        }
        Some(_) => {}
        None => fixes.push(Fix::manual(
            "intel-homebrew:install-native-homebrew",
            "Install Homebrew for Apple silicon in /opt/homebrew",
            "In a terminal that does not run under Rosetta (`uname -m` says arm64), install Homebrew from https://brew.sh: it goes to /opt/homebrew. List what the Intel one has with `arch -x86_64 /usr/local/bin/brew bundle dump --global`, install it natively with `/opt/homebrew/bin/brew bundle install --global`, and keep `eval \"$(/opt/homebrew/bin/brew shellenv)\"` in `~/.zprofile`.",
            Some("arch -x86_64 /usr/local/bin/brew bundle dump --global".into()),
        )),
    }
    if let Some(go) = intel_go {
        fixes.extend(super::remove_install_fix(
            facts,
            "intel-homebrew:remove-intel-go",
            go,
        ));
    }
    fixes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;
    use crate::facts::{HomebrewPrefix, Origin};

    fn intel_brew(b: FactsBuilder) -> FactsBuilder {
        b.machine(|m| {
            m.homebrew = vec![
                HomebrewPrefix {
                    prefix: "/usr/local".into(),
                    arch: Some(Arch::X86_64),
                },
                HomebrewPrefix {
                    prefix: "/opt/homebrew".into(),
                    arch: Some(Arch::Arm64),
                },
            ]
        })
    }

    #[test]
    fn fixes_install_a_native_go_and_remove_the_intel_one_by_hand() {
        let facts = intel_brew(FactsBuilder::mac_arm64())
            .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "intel-homebrew:install-native-go");
        assert_eq!(fixes[0].applicability, Applicability::Unsafe);
        assert_eq!(
            fixes[0].actions[0].command_line(),
            "/opt/homebrew/bin/brew install go"
        );
        assert!(fixes[0].edits.is_empty());
        assert_eq!(fixes[1].id, "intel-homebrew:remove-intel-go");
        assert_eq!(fixes[1].applicability, Applicability::Manual);
        // Without a native Homebrew, the way to get one.
        let facts = intel_brew(FactsBuilder::mac_arm64())
            .machine(|m| m.homebrew.truncate(1))
            .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "intel-homebrew:install-native-homebrew");
    }

    #[test]
    fn fires_and_notes_path_order() {
        let facts = intel_brew(clean_mac())
            .install_on_path(
                InstallBuilder::intel_homebrew("go1.26.4"),
                paths_d("/etc/paths", 1),
            )
            .path_entry(
                "/opt/homebrew/bin",
                Origin::BrewShellenv {
                    path: "/Users/dev/.zprofile".into(),
                    line: 2,
                    prefix: "/opt/homebrew".into(),
                },
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "Intel Homebrew in /usr/local on an Apple silicon Mac"
        );
        assert!(f[0].message.contains("comes before `/opt/homebrew/bin`"));
        assert!(f[0].evidence.iter().any(|e| e.line == Some(2)));
    }

    #[test]
    fn fires_without_path_order_note_when_native_brew_wins() {
        let facts = intel_brew(clean_mac())
            .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zprofile", 1))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "Intel Homebrew in /usr/local on an Apple silicon Mac"
        );
    }

    #[test]
    fn silent_for_native_homebrew_and_intel_macs() {
        let facts = clean_mac()
            .machine(|m| {
                m.homebrew = vec![HomebrewPrefix {
                    prefix: "/opt/homebrew".into(),
                    arch: Some(Arch::Arm64),
                }]
            })
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let intel_mac = intel_brew(clean_mac())
            .machine(|m| m.hw_arch = Arch::X86_64)
            .build();
        assert!(findings(&CHECK, &intel_mac).is_empty());
    }
}
