//! `cgo-foreign-libs`: cgo flags point at /usr/local, where Intel Homebrew keeps its libraries.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{clean_path, join_and, setting_evidence, unset_hint, user_setting, Area, Check, MACOS};

/// The variables that steer cgo's compiler and linker.
const VARS: [&str; 6] = [
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_LDFLAGS",
    "PKG_CONFIG_PATH",
    "CC",
];

pub const DOC: &str = r#"## What it checks
On Apple silicon, whether CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_LDFLAGS, PKG_CONFIG_PATH or CC, as set by the user, name paths under `/usr/local` (`-I/usr/local/include`, `-L/usr/local/lib`, `/usr/local/lib/pkgconfig`).
`/usr/local` is the Intel Homebrew prefix; on an Apple-silicon Mac the libraries there are usually x86_64.

## Why it hurts
cgo links the arm64 program against x86_64 libraries and the linker rejects them:
`ld: symbol(s) not found for architecture arm64` (golang/vscode-go#1669), or `building for macOS-arm64 but attempting to link with file built for macOS-x86_64` (confluentinc/confluent-kafka-go#727).
The flags often come from old setup instructions or a dotfile copied from an Intel Mac.

## How to fix
Remove the `/usr/local` paths from the variables (delete the export, or `go env -u CGO_LDFLAGS` and friends), reinstall the libraries with the native Homebrew in `/opt/homebrew`, and let `pkg-config` find them: `export PKG_CONFIG_PATH="/opt/homebrew/lib/pkgconfig"` if needed.

## References
- golang/vscode-go#1669, confluentinc/confluent-kafka-go#727, go-vgo/robotgo#435
- https://pkg.go.dev/cmd/cgo
"#;

pub static CHECK: Check = Check {
    id: "cgo-foreign-libs",
    area: Area::Cgo,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "cgo flags point at /usr/local (Intel Homebrew libraries)",
    doc: DOC,
    run,
};

/// The `/usr/local…` paths in a flag string or path list.
fn usr_local_paths(value: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in value.split(|c: char| c.is_whitespace() || c == ':' || c == '"' || c == '\'') {
        let Some(at) = token.find("/usr/local") else {
            continue;
        };
        let path = &token[at..];
        let rest = &path["/usr/local".len()..];
        if !(rest.is_empty() || rest.starts_with('/')) {
            continue;
        }
        let path = clean_path(path);
        if !found.contains(&path) {
            found.push(path);
        }
    }
    found
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.is_arm64_hardware() {
        return;
    }
    let mut hits = Vec::new();
    for name in VARS {
        let Some(setting) = user_setting(facts, name) else {
            continue;
        };
        let paths = usr_local_paths(&setting.value);
        if !paths.is_empty() {
            hits.push((name, setting, paths));
        }
    }
    if hits.is_empty() {
        return;
    }
    let names: Vec<String> = hits.iter().map(|(n, _, _)| n.to_string()).collect();
    let mut paths: Vec<String> = hits.iter().flat_map(|(_, _, p)| p.clone()).collect();
    paths.dedup();
    let verb = if hits.len() == 1 { "points" } else { "point" };
    let intel_brew = facts
        .machine
        .homebrew
        .iter()
        .any(|b| clean_path(&b.prefix.to_string_lossy()) == "/usr/local");
    let why = if intel_brew {
        "Intel Homebrew lives in /usr/local here, so those libraries are x86_64"
    } else {
        "/usr/local is the Intel Homebrew prefix, and libraries there are usually x86_64"
    };
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("{} {verb} cgo at {}", join_and(&names), join_and(&paths)),
        format!(
            "{why}: linking arm64 programs against them fails with `ld: symbol(s) not found for architecture arm64` or `building for macOS-arm64 but attempting to link with file built for macOS-x86_64`."
        ),
    );
    let mut steps = Vec::new();
    for (name, setting, _) in &hits {
        finding.evidence.extend(setting_evidence(name, setting));
        steps.push(unset_hint(name, setting));
    }
    let mut removals = Some(Vec::new());
    for (name, setting, _) in &hits {
        removals = removals
            .zip(super::unset_everywhere(facts, name, setting))
            .map(|(mut all, these)| {
                all.extend(these);
                all
            });
    }
    let id = "cgo-foreign-libs:remove-flags";
    finding
        .fixes
        .push(match removals.filter(|r| !r.is_empty()) {
            Some(removals) => super::removal_fix(id, Applicability::Unsafe, removals),
            None => Fix::manual(
                id,
                format!("Remove {} where they are set", join_and(&names)),
                format!("{}, then open a new terminal.", steps.join("; ")),
                None,
            ),
        });
    finding.hint = Some(format!(
        "{}; reinstall the libraries with the native Homebrew in `/opt/homebrew`",
        steps.join("; ")
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    #[test]
    fn fix_removes_every_flag_or_is_manual() {
        let facts = clean_mac()
            .setting(
                "CGO_LDFLAGS",
                "-L/usr/local/lib",
                rc("/Users/dev/.zshrc", 20),
            )
            .setting("CGO_CFLAGS", "-I/usr/local/include", go_env_file(1))
            .line(
                "/Users/dev/.zshrc",
                20,
                "export CGO_LDFLAGS=-L/usr/local/lib",
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "cgo-foreign-libs:remove-flags");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits.len(), 2);
        let facts = clean_mac()
            .setting(
                "CGO_LDFLAGS",
                "-L/usr/local/lib",
                rc("/Users/dev/.zshrc", 20),
            )
            .setting("CGO_CFLAGS", "-I/usr/local/include", rc("/etc/zshrc", 1))
            .line(
                "/Users/dev/.zshrc",
                20,
                "export CGO_LDFLAGS=-L/usr/local/lib",
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("/etc/zshrc:1"));
    }

    #[test]
    fn extracts_paths() {
        assert_eq!(
            usr_local_paths("-I/usr/local/include -L/usr/local/lib/ -lssl"),
            vec!["/usr/local/include", "/usr/local/lib"]
        );
        assert_eq!(
            usr_local_paths("/opt/homebrew/lib/pkgconfig:/usr/local/lib/pkgconfig"),
            vec!["/usr/local/lib/pkgconfig"]
        );
        assert!(usr_local_paths("-I/usr/localized -O2").is_empty());
    }

    #[test]
    fn fires_for_usr_local_flags() {
        let facts = clean_mac()
            .setting(
                "CGO_LDFLAGS",
                "-L/usr/local/lib",
                rc("/Users/dev/.zshrc", 20),
            )
            .setting(
                "PKG_CONFIG_PATH",
                "/usr/local/lib/pkgconfig",
                rc("/Users/dev/.zshrc", 21),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "CGO_LDFLAGS and PKG_CONFIG_PATH point cgo at /usr/local/lib and /usr/local/lib/pkgconfig"
        );
        assert_eq!(f[0].evidence.len(), 2);
    }

    #[test]
    fn silent_for_defaults_native_paths_and_intel_macs() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting(
                "CGO_CFLAGS",
                "-I/opt/homebrew/include",
                rc("/Users/dev/.zshrc", 20),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = clean_mac()
            .setting(
                "CGO_LDFLAGS",
                "-L/usr/local/lib",
                rc("/Users/dev/.zshrc", 20),
            )
            .machine(|m| m.hw_arch = crate::binary::Arch::X86_64)
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
