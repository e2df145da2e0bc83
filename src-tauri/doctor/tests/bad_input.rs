//! Bad input never panics or hangs: each gives a clear finding or message.
//!
//! Each test builds a small scenario in a temporary folder (FIFOs and unreadable files
//! cannot live in git) and diagnoses it.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use nativego_doctor::binary::write::{write_macho, SliceSpec};
use nativego_doctor::binary::Arch;
use nativego_doctor::facts::FileState;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;

use common::Machine;

/// What these tests ask of the fake machine besides [`common::Machine`]'s basics.
impl Machine {
    fn exe(&self, machine: &str, bytes: &[u8]) -> &Machine {
        self.write(machine, bytes);
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(self.path(machine), fs::Permissions::from_mode(0o755)).unwrap();
        self
    }
    fn fifo(&self, machine: &str) -> &Machine {
        let p = self.path(machine);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: plain syscall with a valid C string.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
        self
    }
    /// An official Go install at /usr/local/go, on PATH through /etc/paths.d/go.
    fn official_go(&self, go_binary: &[u8]) -> &Machine {
        self.exe("/usr/local/go/bin/go", go_binary)
            .write("/usr/local/go/VERSION", b"go1.27.3\ntime 2026-11-01T00:00:00Z\n")
            .write("/usr/local/go/pkg/tool/darwin_arm64/.keep", b"")
            .write("/etc/paths", b"/usr/bin\n/bin\n/usr/sbin\n/sbin\n")
            .write("/etc/paths.d/go", b"/usr/local/go/bin\n")
            .write(
                "/etc/zprofile",
                b"if [ -x /usr/libexec/path_helper ]; then\n\teval `/usr/libexec/path_helper -s`\nfi\n",
            )
    }
    fn diagnose(&self) -> Report {
        let host = self.host();
        let start = Instant::now();
        let (_facts, report) = nativego_doctor::diagnose(
            &host,
            &ProbeOptions {
                run_login_shell: false,
                ..ProbeOptions::default()
            },
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "took {:?}",
            start.elapsed()
        );
        // The report always serializes.
        serde_json::to_string(&report).expect("the report serializes");
        report
    }
}

extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

fn native_go() -> Vec<u8> {
    write_macho(&SliceSpec::go_program(
        Arch::Arm64,
        "go1.27.3",
        "darwin",
        "cmd/go",
    ))
}

fn fired(report: &Report, id: &str) -> bool {
    report.findings.iter().any(|f| f.check == id)
}

fn finding_text(report: &Report, id: &str) -> String {
    report
        .findings
        .iter()
        .filter(|f| f.check == id)
        .map(|f| format!("{} {} {:?}", f.title, f.message, f.evidence))
        .collect()
}

#[test]
fn a_missing_home_is_a_finding() {
    let m = Machine::new("os = \"macos\"\narch = \"arm64\"\n");
    let report = m.diagnose();
    assert!(fired(&report, "home-missing"), "{:?}", report.findings);
}

#[test]
fn a_binary_startup_file_is_skipped_and_reported() {
    let m = Machine::mac();
    m.official_go(&native_go())
        .write("/Users/dev/.zshrc", b"export A=1\n\0\0\x01\x02binary\0junk");
    let report = m.diagnose();
    assert!(
        fired(&report, "startup-file-unreadable"),
        "{:?}",
        report.findings
    );
    assert!(finding_text(&report, "startup-file-unreadable").contains(".zshrc"));
}

#[test]
fn a_startup_file_that_is_a_directory_or_a_fifo_is_reported_without_hanging() {
    let m = Machine::mac();
    m.official_go(&native_go())
        .write("/Users/dev/.zshrc/oops", b"")
        .fifo("/Users/dev/.zprofile");
    let report = m.diagnose();
    assert!(
        fired(&report, "startup-file-unreadable"),
        "{:?}",
        report.findings
    );
}

#[test]
fn non_utf8_bytes_in_startup_files_and_path_do_not_crash() {
    let m = Machine::mac();
    m.official_go(&native_go()).write(
        "/Users/dev/.zshrc",
        b"# caf\xe9 cr\xe8me\nexport PATH=\"/opt/caf\xe9/bin:$PATH\"\nexport GOPROXY='unterminated\n",
    );
    let report = m.diagnose();
    assert!(report.go.is_some());
    assert!(report.path.iter().any(|e| e.dir.starts_with("/opt/caf")));
}

#[test]
fn a_truncated_go_binary_is_a_finding() {
    let m = Machine::mac();
    let mut go = native_go();
    go.truncate(40);
    m.official_go(&go);
    let report = m.diagnose();
    assert!(
        fired(&report, "go-binary-unreadable"),
        "{:?}",
        report.findings
    );
    assert!(
        finding_text(&report, "go-binary-unreadable").contains("Mach-O"),
        "{}",
        finding_text(&report, "go-binary-unreadable")
    );
}

#[test]
fn symlink_loops_and_dangling_links_are_findings_not_hangs() {
    let m = Machine::mac();
    m.official_go(&native_go())
        .write("/etc/paths.d/loopy", b"/opt/loopy/bin\n")
        .link("/opt/loopy/bin/go", "go2")
        .link("/opt/loopy/bin/go2", "go")
        .link("/Users/dev/go/bin/loop", "loop2")
        .link("/Users/dev/go/bin/loop2", "loop")
        .link("/Users/dev/go/bin/dangling", "/nowhere")
        .fifo("/Users/dev/go/bin/fifo");
    let report = m.diagnose();
    assert!(
        fired(&report, "go-binary-unreadable"),
        "{:?}",
        report.findings
    );
    assert!(finding_text(&report, "go-binary-unreadable").contains("symbolic links"));
    // The FIFO is not a tool and was never opened.
    assert!(report.tools.iter().all(|t| t.name != "fifo"));
    let loop_tool = report.tools.iter().find(|t| t.name == "loop").unwrap();
    assert!(loop_tool
        .error
        .as_deref()
        .unwrap()
        .contains("symbolic links"));
}

#[test]
fn a_huge_startup_file_finishes_quickly() {
    let m = Machine::mac();
    let mut rc = Vec::new();
    for i in 0..200_000 {
        rc.extend_from_slice(format!("alias a{i}='echo {i}' # filler line\n").as_bytes());
    }
    rc.extend_from_slice(b"export GOARCH=amd64\n");
    m.official_go(&native_go()).write("/Users/dev/.zshrc", &rc);
    let start = Instant::now();
    let report = m.diagnose();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    // Either evaluated to the end (and the export found) or reported as cut short.
    let cut_short = finding_text(&report, "startup-file-not-understood").contains("too many lines")
        || fired(&report, "startup-file-unreadable");
    assert!(
        fired(&report, "goarch-forced") || cut_short,
        "{:?}",
        report.findings
    );
}

#[test]
fn startup_file_states_are_recorded() {
    let m = Machine::mac();
    m.official_go(&native_go())
        .write("/Users/dev/.zshrc", b"\0binary");
    let host = m.host();
    let facts = nativego_doctor::probe::probe(
        &host,
        &ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        },
    );
    let zshrc = facts
        .login
        .files
        .iter()
        .find(|f| f.path == Path::new("/Users/dev/.zshrc"))
        .expect(".zshrc looked at");
    assert_eq!(zshrc.state, FileState::Binary);
}

#[test]
fn the_toolchain_programs_read_are_few_and_odd_entries_are_harmless() {
    // pkg/tool with four GOOS_GOARCH directories, each with more programs than NativeGo
    // reads, a FIFO where `link` should be, a directory named `compile`, a truncated
    // `vet` and a file that is not a directory at all: at most 2 directories × 5 names
    // are read, nothing blocks, and the report still builds.
    let m = Machine::mac();
    m.official_go(&native_go());
    let prog = native_go();
    for dir in ["darwin_amd64", "darwin_arm64", "linux_amd64", "zos_s390x"] {
        for name in [
            "asm", "cgo", "compile", "link", "vet", "pack", "trace", "cover",
        ] {
            m.exe(&format!("/usr/local/go/pkg/tool/{dir}/{name}"), &prog);
        }
    }
    fs::remove_file(m.path("/usr/local/go/pkg/tool/darwin_arm64/link")).unwrap();
    m.fifo("/usr/local/go/pkg/tool/darwin_arm64/link");
    fs::remove_file(m.path("/usr/local/go/pkg/tool/darwin_amd64/compile")).unwrap();
    m.write("/usr/local/go/pkg/tool/darwin_amd64/compile/oops", b"");
    m.exe("/usr/local/go/pkg/tool/darwin_amd64/vet", &prog[..40]);
    m.write("/usr/local/go/pkg/tool/not_a_dir", b"x");
    let host = m.host();
    let (facts, report) = nativego_doctor::diagnose(
        &host,
        &ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        },
    );
    let go = facts.active().expect("an active go");
    let names: Vec<&str> = go
        .toolchain_programs
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "darwin_amd64/link",
            "darwin_amd64/asm",
            "darwin_amd64/cgo",
            "darwin_amd64/vet",
            "darwin_arm64/compile",
            "darwin_arm64/asm",
            "darwin_arm64/cgo",
            "darwin_arm64/vet",
        ]
    );
    let vet = &go.toolchain_programs[3];
    assert!(vet.binary.is_err(), "{:?}", vet.binary);
    assert!(go.toolchain_programs[0].binary.is_ok());
    serde_json::to_string(&report).expect("the report serializes");
}
