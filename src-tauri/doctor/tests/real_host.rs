//! The real host on the Linux build machines: what `RealHost::machine()` reports here.
//!
//! The macOS side of `machine()` cannot run on Linux; its parsers are unit-tested in
//! `src/host/macos/` and its calls are type-checked for `aarch64-apple-darwin`.
// Reads /proc and starts a child process to compare with what the host reports.
#![allow(clippy::disallowed_methods)]
#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};

use nativego_doctor::binary::Arch;
use nativego_doctor::facts::{Applicable, Os};
use nativego_doctor::host::real::RealHost;
use nativego_doctor::host::Host;

/// `(comm, ppid)` of a process from `/proc/PID/stat`.
fn stat(pid: u32) -> Option<(String, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    let ppid = text[close + 1..].split_whitespace().nth(1)?.parse().ok()?;
    Some((text[open + 1..close].to_string(), ppid))
}

#[test]
fn linux_machine_facts() {
    // A shell child of this test, so there is always one shell to find, terminal or not.
    // The trailing `:` keeps sh from exec-ing `sleep` in its place.
    let mut child = Command::new("/bin/sh")
        .args(["-c", "sleep 30; :"])
        .stdin(Stdio::null())
        .spawn()
        .expect("start /bin/sh");
    let machine = RealHost::new().machine();
    let child_pid = child.id();
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(machine.os, Os::Linux);
    let expected = match std::env::consts::ARCH {
        "x86_64" => Arch::X86_64,
        "aarch64" => Arch::Arm64,
        _ => machine.hw_arch,
    };
    assert_eq!(machine.hw_arch, expected);
    assert_ne!(machine.hw_arch, Arch::Unknown);
    assert_eq!(machine.translated, Applicable::NotApplicable);
    assert_eq!(machine.rosetta_installed, Applicable::NotApplicable);
    assert_eq!(machine.arch_preferences, Applicable::NotApplicable);
    assert!(machine.processes.iter().all(|p| p.translated.is_none()));

    let me = std::process::id();
    let sh = machine
        .processes
        .iter()
        .find(|p| p.pid == child_pid)
        .unwrap_or_else(|| panic!("the child sh {child_pid} is missing: {machine:#?}"));
    assert_eq!(sh.name, "sh");
    assert_eq!(sh.ppid, me);

    // The shells this test runs under (`cargo test` from a terminal or from CI's script),
    // where the process table still has them: each must be reported with its parent.
    let mut pid = stat(me).map(|(_, ppid)| ppid).unwrap_or(0);
    let shells = ["zsh", "bash", "fish", "sh", "dash", "tcsh"];
    while pid > 1 {
        let Some((name, ppid)) = stat(pid) else { break };
        if shells.contains(&name.as_str()) {
            let found = machine.processes.iter().find(|p| p.pid == pid);
            let found = found.unwrap_or_else(|| panic!("ancestor {name} ({pid}) is missing"));
            assert_eq!((found.name.as_str(), found.ppid), (name.as_str(), ppid));
        }
        pid = ppid;
    }
}
