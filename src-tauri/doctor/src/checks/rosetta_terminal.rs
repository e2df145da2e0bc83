//! `rosetta-terminal`: a terminal or shell runs under Rosetta.

use crate::facts::{Applicable, Facts};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{join_and, path_text, plural, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On Apple silicon, whether a running terminal app or shell is translated by Rosetta (the `P_TRANSLATED` flag of the process), and whether an app is set to "Open using Rosetta" (the "Architectures for arm64" entry in the LaunchServices preferences).

## Why it hurts
A terminal opened under Rosetta starts x86_64 shells, and every universal program they start runs its x86_64 slice: `uname -m` says `x86_64`, `arch` prints `i386` (RobotLocomotion/drake#16381), Homebrew installs Intel packages or refuses with `Error: Cannot install under Rosetta 2 in ARM default prefix (/opt/homebrew)!` (Homebrew/brew#10313), and installer scripts download amd64 Go.
Debuggers then fail with `can not run under Rosetta` (golang/vscode-go#1936).
Rosetta is general-purpose only "through macOS 27" (Apple, WWDC25): what the terminal installs under it stops running after that, and the finding says so by the macOS version.

## How to fix
- In Finder, select the terminal app, choose File › Get Info and untick "Open using Rosetta", then quit and reopen the app.
- If the box is not shown, delete the preference: `/usr/libexec/PlistBuddy -c 'Delete :"Architectures for arm64":<bundle-id>' ~/Library/Preferences/com.apple.LaunchServices/com.apple.LaunchServices.plist`, then log out and in.
- Replace terminal emulators that are Intel-only with an arm64 or universal build.
- For a single command: `arch -arm64 <command>`.

## References
- Apple, "About the Rosetta translation environment" (`sysctl.proc_translated`)
- Homebrew/brew#10313, Homebrew/brew#12517, kingToolbox/WindTerm#2415
- git-cola/git-cola `docs/git-cola.rst` ("Architectures for arm64")
"#;

pub static CHECK: Check = Check {
    id: "rosetta-terminal",
    area: Area::Rosetta,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "A terminal or shell runs under Rosetta",
    doc: DOC,
    run,
};

/// The outermost `.app` bundle that holds `exe`.
fn app_bundle(exe: &std::path::Path) -> Option<std::path::PathBuf> {
    exe.ancestors()
        .filter(|p| p.extension().is_some_and(|e| e == "app"))
        .last()
        .map(std::path::Path::to_path_buf)
}

/// `open -R '<app>'`: shows the app selected in Finder.
fn reveal_command(app: &std::path::Path) -> String {
    reveal_action(app).command_line()
}

fn reveal_action(app: &std::path::Path) -> crate::fix::Action {
    super::action("/usr/bin/open", &["-R", &path_text(app)], 30)
}

/// Show the app in Finder, ready for File › Get Info: changes nothing, so it is safe.
fn reveal_fix(app: &std::path::Path) -> Fix {
    let name = app
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Fix::new(
        format!("rosetta-terminal:reveal-{}", super::slug(&name)),
        format!("Show `{}` in Finder", path_text(app)),
        Applicability::Safe,
    )
    .action(reveal_action(app))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.is_arm64_hardware() {
        return;
    }
    let translated: Vec<_> = facts
        .machine
        .processes
        .iter()
        .filter(|p| p.translated == Some(true))
        .collect();
    if !translated.is_empty() {
        let names: Vec<String> = translated
            .iter()
            .map(|p| format!("{} (pid {})", p.name, p.pid))
            .collect();
        let title = match names.as_slice() {
            [one] => format!("{one} runs under Rosetta"),
            _ => format!(
                "{} run under Rosetta: {}",
                plural(names.len(), "process"),
                join_and(&names)
            ),
        };
        let mut finding = CHECK.finding(
            Severity::Warning,
            title,
            format!(
                "Shells started from it run as x86_64: `uname -m` reports x86_64, installers fetch amd64 Go, and Homebrew picks the Intel prefix. {}",
                super::rosetta_sunset::of(facts).note()
            ),
        );
        for p in &translated {
            let note = format!("{} (pid {}) is translated by Rosetta", p.name, p.pid);
            finding.evidence.push(match &p.exe {
                Some(exe) => Evidence::at(exe, None, note),
                None => Evidence::note(note),
            });
        }
        finding.hint = Some(
            "Quit the terminal, untick \"Open using Rosetta\" in Finder (File › Get Info) or switch to an arm64 build of the app, then reopen it".into(),
        );
        let mut apps: Vec<std::path::PathBuf> = Vec::new();
        for app in translated
            .iter()
            .filter_map(|p| p.exe.as_deref().and_then(app_bundle))
        {
            if !apps.contains(&app) {
                apps.push(app);
            }
        }
        let names: Vec<String> = apps.iter().map(|a| path_text(a)).collect();
        let what = if names.is_empty() {
            "the terminal app".to_string()
        } else {
            join_and(&names)
        };
        finding.fixes.push(Fix::manual(
            "rosetta-terminal:untick-rosetta",
            format!("Open {what} natively"),
            format!(
                "Quit {what}. In Finder, select it, choose File › Get Info and untick \"Open using Rosetta\" (or install an arm64 build of the app), then open it again and check that `uname -m` prints arm64."
            ),
            apps.first().map(|a| reveal_command(a)),
        ));
        finding.fixes.extend(apps.iter().map(|a| reveal_fix(a)));
        out.push(finding);
    }
    if let Applicable::Known(prefs) = &facts.machine.arch_preferences {
        for pref in prefs.iter().filter(|p| p.arch == "x86_64") {
            let app = pref
                .app_path
                .as_deref()
                .map(path_text)
                .unwrap_or_else(|| pref.bundle_id.clone());
            let mut finding = CHECK.finding(
                Severity::Warning,
                format!("{app} is set to \"Open using Rosetta\""),
                format!(
                    "{app} ({}) starts as x86_64, so shells and tools it launches run under Rosetta and pick Intel builds. {}",
                    pref.bundle_id,
                    super::rosetta_sunset::of(facts).note()
                ),
            );
            let note = format!(
                "\"Architectures for arm64\" entry for {}: x86_64",
                pref.bundle_id
            );
            finding.evidence.push(match &pref.app_path {
                Some(path) => Evidence::at(path, None, note),
                None => Evidence::note(note),
            });
            finding.hint = Some(format!(
                "Select {app} in Finder, choose File › Get Info, untick \"Open using Rosetta\", then quit and reopen it"
            ));
            finding.fixes.push(Fix::manual(
                "rosetta-terminal:untick-rosetta",
                format!("Untick \"Open using Rosetta\" for {app}"),
                format!(
                    "Quit {app}. In Finder, select it, choose File › Get Info and untick \"Open using Rosetta\", then open it again."
                ),
                pref.app_path.as_deref().map(reveal_command),
            ));
            finding
                .fixes
                .extend(pref.app_path.as_deref().map(reveal_fix));
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::{ArchPreference, ProcessInfo};

    fn terminal(translated: Option<bool>) -> ProcessInfo {
        ProcessInfo {
            pid: 512,
            ppid: 1,
            name: "Terminal".into(),
            exe: Some("/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal".into()),
            translated,
        }
    }

    #[test]
    fn the_message_follows_the_macos_version() {
        let message = |os: &str| {
            let facts = clean_mac()
                .os_version(os)
                .machine(|m| m.processes = vec![terminal(Some(true))])
                .build();
            findings(&CHECK, &facts)[0].message.clone()
        };
        assert!(message("26.1").contains("only through macOS 27"));
        assert!(message("27.0").contains("stops working with the next major release"));
        assert!(message("28.1").contains("only arm64 builds fix it"));
    }

    #[test]
    fn fires_for_translated_terminal() {
        let facts = clean_mac()
            .machine(|m| m.processes = vec![terminal(Some(true))])
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "Terminal (pid 512) runs under Rosetta");
    }

    #[test]
    fn fixes_say_where_the_setting_is_and_reveal_the_app() {
        let facts = FactsBuilder::mac_arm64()
            .machine(|m| m.processes = vec![terminal(Some(true))])
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "rosetta-terminal:untick-rosetta");
        assert_eq!(fixes[0].applicability, Applicability::Manual);
        assert!(fixes[0]
            .instructions
            .as_deref()
            .unwrap()
            .contains("Get Info"));
        assert_eq!(
            fixes[0].command.as_deref(),
            Some("/usr/bin/open -R /System/Applications/Utilities/Terminal.app")
        );
        assert_eq!(fixes[1].id, "rosetta-terminal:reveal-terminal");
        assert_eq!(fixes[1].applicability, Applicability::Safe);
        assert_eq!(
            fixes[1].actions[0].args,
            ["-R", "/System/Applications/Utilities/Terminal.app"]
        );
        assert_eq!(
            app_bundle(std::path::Path::new(
                "/Applications/iTerm.app/Contents/Library/Helper.app/Contents/MacOS/h"
            ))
            .as_deref(),
            Some(std::path::Path::new("/Applications/iTerm.app"))
        );
    }

    #[test]
    fn fires_for_open_using_rosetta() {
        let facts = clean_mac()
            .machine(|m| {
                m.arch_preferences = Applicable::Known(vec![
                    ArchPreference {
                        bundle_id: "com.googlecode.iterm2".into(),
                        app_path: Some("/Applications/iTerm.app".into()),
                        arch: "x86_64".into(),
                    },
                    ArchPreference {
                        bundle_id: "com.apple.Terminal".into(),
                        app_path: None,
                        arch: "arm64".into(),
                    },
                ])
            })
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "/Applications/iTerm.app is set to \"Open using Rosetta\""
        );
    }

    #[test]
    fn silent_for_native_or_unknown_processes() {
        let facts = clean_mac()
            .machine(|m| m.processes = vec![terminal(Some(false)), terminal(None)])
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
