//! `intel-homebrew`: an Intel Homebrew in /usr/local on an Apple-silicon Mac.

use crate::facts::{Facts, GoSource};
use crate::finding::{Evidence, Finding, Severity};

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
    let mut title = "Intel Homebrew in /usr/local on an Apple silicon Mac".to_string();
    let mut message =
        "Everything it installs, Go and cgo libraries included, is x86_64 and runs under Rosetta."
            .to_string();
    if ahead {
        title.push_str(", ahead of /opt/homebrew/bin on PATH");
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
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::{Arch, HomebrewPrefix, Origin};

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
            "Intel Homebrew in /usr/local on an Apple silicon Mac, ahead of /opt/homebrew/bin on PATH"
        );
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
