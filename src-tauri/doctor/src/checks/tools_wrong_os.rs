//! `tools-wrong-os`: programs in the tool directories built for another operating system.

use crate::binary::BinaryFormat;
use crate::facts::{Facts, Os, Tool};
use crate::finding::{Evidence, Finding, Severity};

use super::rebuild::{self, remove_fix};
use super::{arch_list, host_goos, join_and, plural, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether a program in the tool directories (GOBIN, or each GOPATH's `bin`) is built for another operating system than this machine's: an ELF file or a Go program with `GOOS=linux` (or any non-darwin `GOOS`) on a Mac; a Mach-O file or a non-linux Go program on Linux.
The OS comes from the Go build info's `GOOS` when the file is a Go program, else from the container (Mach-O is Apple's; an ELF file's `EI_OSABI` byte, where 0 is taken as Linux).

## Why it hurts
The kernel refuses to start it, whatever its CPU: Rosetta translates x86_64 macOS programs, not Linux ones.
On a Mac, zsh prints `zsh: exec format error: ./tool` and bash prints `bash: ./tool: cannot execute binary file: Exec format error`; Linux prints the same for a Mach-O file.
Such files usually arrive with a copied `~/go` (from a Linux machine, a container or a CI cache) or a `GOOS=linux go install` that wrote into the tool directory, and they shadow nothing yet fail every time they are called.
`tools-wrong-arch` does not report them: they are not "another architecture" of this OS.

It runs on macOS and on Linux, each judging tools against its own OS: a Mach-O tool copied into `~/go/bin` on a Linux machine fails the same way, and the same rebuild fixes it. On other systems NativeGo does not know which OS is native and reports nothing.

## How to fix
Remove the program, or rebuild it for this machine with a native `go`: `GOOS=darwin GOARCH=arm64 go install <package>@<version>` (the finding gives the commands when the build info names a module version Go accepts; a build from a checkout is rebuilt from that checkout).

## References
- `execve(2)` fails with `ENOEXEC` ("Exec format error") for a file the kernel has no loader for.
- Go build info (`go version -m`): the `GOOS`/`GOARCH` build settings.
"#;

pub static CHECK: Check = Check {
    id: "tools-wrong-os",
    area: Area::Tools,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "Installed tools are built for another operating system",
    doc: DOC,
    run,
};

/// The OS `tool` is built for when it is not this machine's (`linux`; `another OS` for an
/// ELF file whose OS NativeGo cannot name), or `None`.
pub(super) fn other_os(facts: &Facts, tool: &Tool) -> Option<String> {
    let host = match facts.machine.os {
        Os::Macos => "darwin",
        Os::Linux => "linux",
        Os::Other => return None,
    };
    match &tool.os {
        Some(os) if os.goos != host => Some(os.goos.clone()),
        Some(_) => None,
        // An ELF file with an unknown EI_OSABI: not a macOS program either way.
        None => (facts.machine.os == Os::Macos
            && tool
                .binary
                .as_ref()
                .is_ok_and(|b| b.format == BinaryFormat::Elf))
        .then(|| "another OS".to_string()),
    }
}

/// `linux` → Linux, `darwin` → macOS, as users name them.
pub(super) fn os_name(goos: &str) -> String {
    match goos {
        "darwin" => "macOS".into(),
        "linux" => "Linux".into(),
        "windows" => "Windows".into(),
        "freebsd" => "FreeBSD".into(),
        "netbsd" => "NetBSD".into(),
        "openbsd" => "OpenBSD".into(),
        "dragonfly" => "DragonFly BSD".into(),
        "solaris" => "Solaris".into(),
        "illumos" => "illumos".into(),
        "ios" => "iOS".into(),
        "android" => "Android".into(),
        "aix" => "AIX".into(),
        "plan9" => "Plan 9".into(),
        other => other.to_string(),
    }
}

fn format_name(format: BinaryFormat) -> &'static str {
    match format {
        BinaryFormat::MachO => "Mach-O",
        BinaryFormat::Fat | BinaryFormat::Fat64 => "universal Mach-O",
        BinaryFormat::Elf => "ELF",
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let foreign: Vec<(&Tool, String)> = facts
        .tools
        .iter()
        .filter_map(|t| Some((t, other_os(facts, t)?)))
        .collect();
    if foreign.is_empty() {
        return;
    }
    let mut oses: Vec<String> = foreign.iter().map(|(_, os)| os_name(os)).collect();
    oses.sort();
    oses.dedup();
    let host = facts.machine.os.to_string();
    let names: Vec<String> = foreign.iter().map(|(t, _)| t.name.clone()).collect();
    let title = format!(
        "{} built for {}; {host} cannot run {}: {}",
        plural(foreign.len(), "tool"),
        join_and(&oses),
        if foreign.len() == 1 { "it" } else { "them" },
        join_and(&names)
    );
    let message = match facts.machine.os {
        Os::Macos => "macOS starts only Mach-O programs built for macOS, and Rosetta translates x86_64 Mac programs, not these. Running one fails with `zsh: exec format error: ./tool` (bash: `cannot execute binary file: Exec format error`).",
        _ => "Linux starts only ELF programs built for Linux. Running one fails with `cannot execute binary file: Exec format error` (zsh: `exec format error`).",
    };
    let mut finding = CHECK.finding(Severity::Warning, title, message);
    let tools: Vec<&Tool> = foreign.iter().map(|(t, _)| *t).collect();
    let plan = rebuild::Plan::new(&tools);
    for ((tool, os), r) in foreign.iter().zip(&plan.each) {
        let Ok(b) = &tool.binary else { continue };
        let mut note = format!(
            "{}, {} {}",
            format_name(b.format),
            os_name(os),
            arch_list(&b.arches())
        );
        match b.build() {
            Some(build) => {
                if let Some(m) = &build.main {
                    note.push_str(&format!(", {}@{}", m.path, m.version));
                }
                note.push_str(&format!(", built with {}", build.go_version));
            }
            None => note.push_str(", not a Go program"),
        }
        if let Some(r) = r {
            note.push_str(&format!("; {}", rebuild::note(r)));
        }
        finding.evidence.push(Evidence::at(&tool.path, None, note));
    }
    let goarch = facts.machine.hw_arch.goarch();
    let goos = host_goos(facts);
    let label = format!("{host} on {}", super::hw_name(facts));
    finding.hint = Some(plan.hint((goos, goarch), &label, true));
    finding
        .fixes
        .extend(plan.fix(facts, "tools-wrong-os:rebuild", (goos, goarch), &label));
    let mut keep_out = plan.unrebuildable();
    keep_out.extend(plan.copies());
    finding.fixes.extend(remove_fix(
        "tools-wrong-os:remove",
        &format!("Remove the programs {host} cannot run"),
        &format!("{host} cannot start these programs and no `go install` command can rebuild them; remove them, or rebuild each from its project for {label}."),
        &keep_out,
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::binary::{BinaryInfo, Slice};
    use crate::checks::testing::*;
    use crate::fix::Applicability;

    fn linux_tool(arch: Arch, module: &str, version: &str) -> BinaryInfo {
        let mut b = elf(arch, "go1.22.5");
        let build = b.slices[0].build.as_mut().unwrap();
        build.path = Some(format!("{module}/cmd/tool"));
        build.main = Some(crate::binary::Module {
            path: module.into(),
            version: version.into(),
            sum: None,
        });
        b
    }

    fn non_go_elf(arch: Arch) -> BinaryInfo {
        BinaryInfo {
            format: BinaryFormat::Elf,
            slices: vec![Slice {
                arch,
                offset: 0,
                size: 0,
                min_os: None,
                build: None,
                uuid: None,
                build_version: None,
            }],
        }
    }

    #[test]
    fn linux_programs_on_a_mac_are_not_rosetta_material() {
        let facts = clean_mac()
            .tool("tool", linux_tool(Arch::X86_64, "example.com/t", "v1.2.0"))
            .tool("arm", linux_tool(Arch::Arm64, "example.com/a", "v0.3.0"))
            .tool_at(
                std::path::Path::new("/Users/dev/go/bin/ls"),
                Ok(non_go_elf(Arch::X86_64)),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        // clean_mac has a native tool first; the foreign ones follow in order.
        assert!(
            f[0].title
                .starts_with("3 tools built for Linux; macOS cannot run them: "),
            "{}",
            f[0].title
        );
        assert!(f[0].message.contains("zsh: exec format error: ./tool"));
        assert!(!f[0].message.contains("run under Rosetta"));
        let notes: Vec<&str> = f[0].evidence.iter().map(|e| e.note.as_str()).collect();
        assert!(notes.iter().any(|n| n.starts_with("ELF, Linux x86_64, example.com/t@v1.2.0, built with go1.22.5; rebuild with `go install example.com/t/cmd/tool@v1.2.0`")), "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("ELF, Linux x86_64, not a Go program")),
            "{notes:?}"
        );
        // linux/arm64 is not native on a Mac: neither check takes it for a macOS program.
        assert!(notes.iter().any(|n| n.starts_with("ELF, Linux arm64")));
        assert!(findings(&super::super::tools_wrong_arch::CHECK, &facts).is_empty());

        let rebuild = &f[0].fixes[0];
        assert_eq!(rebuild.id, "tools-wrong-os:rebuild");
        assert_eq!(rebuild.applicability, Applicability::Unsafe);
        // `arm` is package example.com/a/cmd/tool: installed as `tool`, then renamed.
        let lines: Vec<String> = rebuild.actions.iter().map(|a| a.command_line()).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(
            lines[1].contains("GOBIN=/Users/dev/go/bin/.nativego-rebuild"),
            "{lines:?}"
        );
        assert_eq!(lines[2].split(' ').next(), Some("/bin/mv"), "{lines:?}");
        assert_eq!(lines[3], "/bin/rmdir /Users/dev/go/bin/.nativego-rebuild");
        assert!(rebuild.actions[0]
            .env
            .contains(&("GOOS".to_string(), "darwin".to_string())));
        assert!(rebuild.actions[0]
            .env
            .contains(&("GOARCH".to_string(), "arm64".to_string())));
        let remove = &f[0].fixes[1];
        assert_eq!(remove.id, "tools-wrong-os:remove");
        assert_eq!(remove.applicability, Applicability::Manual);
        assert_eq!(remove.command.as_deref(), Some("rm /Users/dev/go/bin/ls"));
    }

    #[test]
    fn on_linux_the_foreign_ones_are_mac_programs() {
        let facts = clean_linux()
            .tool(
                "linuxtool",
                linux_tool(Arch::X86_64, "example.com/t", "v1.2.0"),
            )
            .tool(
                "mactool",
                tool_bin(&[Arch::Arm64], "go1.22.5", "example.com/m", "v1.0.0"),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].title,
            "1 tool built for macOS; Linux cannot run it: mactool"
        );
        assert!(f[0].message.contains("Exec format error"));
    }

    #[test]
    fn silent_for_programs_of_this_os_and_not_applicable_elsewhere() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        assert!(findings(&CHECK, &clean_linux().build()).is_empty());
        let mut other = clean_mac()
            .tool(
                "linuxtool",
                linux_tool(Arch::X86_64, "example.com/t", "v1.2.0"),
            )
            .build();
        other.machine.os = Os::Other;
        assert!(findings(&CHECK, &other).is_empty());
        let facts = clean_mac()
            .tool_at(
                std::path::Path::new("/Users/dev/go/bin/broken"),
                Err("truncated".into()),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
