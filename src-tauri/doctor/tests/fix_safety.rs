//! The fix engine never loses a byte: atomic writes, symlinks and permissions kept, bytes
//! outside the edit kept, the real shell's syntax check, the journal written first, undo
//! all or nothing, plans that no longer match refused, writes outside the home refused,
//! and every I/O failure (permission denied, disk full, read-only file system) leaving the
//! files as they were.
//!
//! Each test builds a small macOS scenario in a temporary folder and applies a [`Fix`] made
//! here, so the guarantees are proved independently of which checks offer fixes. Faults
//! are injected with [`FaultyHost`], because tests may run as root, where permission bits
//! do not stop writes.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::cell::RefCell;
use std::fs;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use nativego_doctor::facts::{MachineFacts, Os};
use nativego_doctor::fix::apply::{self, EntryState, NoSyntaxCheck, SyntaxCheck};
use nativego_doctor::fix::plan::{self, Plan};
use nativego_doctor::fix::{Applicability, Edit, Fix};
use nativego_doctor::host::real::RealSyntaxCheck;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::{Host, HostMut, Meta, RunError, RunOutput};

use common::Machine;

const JOURNAL: &str = "/Users/dev/Library/Application Support/NativeGo/journal";

/// What these tests ask of the fake Mac besides [`common::Machine`]'s basics.
impl Machine {
    fn mode(&self, machine: &str) -> u32 {
        fs::metadata(self.path(machine))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    }
    fn chmod(&self, machine: &str, mode: u32) {
        fs::set_permissions(self.path(machine), fs::Permissions::from_mode(mode)).unwrap();
    }
    /// Names in a machine directory, sorted.
    fn names(&self, machine: &str) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.path(machine))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
    fn journal_entries(&self) -> Vec<String> {
        if !self.path(JOURNAL).is_dir() {
            return Vec::new();
        }
        self.names(JOURNAL)
    }
}

fn comment(path: &str, line: u32, expected: &str) -> Edit {
    Edit::CommentOutLine {
        path: path.into(),
        line,
        expected: expected.into(),
    }
}

fn safe_fix(id: &str, edits: Vec<Edit>) -> Fix {
    let mut fix = Fix::new(id, format!("test fix {id}"), Applicability::Safe);
    fix.edits = edits;
    fix
}

fn zsh_check() -> &'static dyn SyntaxCheck {
    &RealSyntaxCheck
}

/// Plan and apply, returning the applied entry's ID.
fn plan_and_apply(host: &dyn HostMut, fix: &Fix) -> String {
    let plan = plan::plan(host, fix).expect("plan");
    assert!(!plan.is_empty(), "the plan changes something");
    apply::apply(host, &plan, zsh_check(), false)
        .expect("apply")
        .entry
        .id
}

const ZSHRC: &[u8] = b"# my zshrc\nexport EDITOR=vim\nexport GOARCH=amd64\nalias ll='ls -l'\n";
const ZSHRC_FIXED: &[u8] = b"# my zshrc\nexport EDITOR=vim\n# export GOARCH=amd64  # disabled by nativego (t:goarch)\nalias ll='ls -l'\n";

fn goarch_fix(path: &str) -> Fix {
    safe_fix("t:goarch", vec![comment(path, 3, "export GOARCH=amd64")])
}

// ---------------------------------------------------------------------------------------
// Bytes, symlinks, permissions, atomic replacement

#[test]
fn bytes_outside_the_edited_line_survive_crlf_latin1_and_a_missing_final_newline() {
    let m = Machine::mac();
    let before: &[u8] =
        b"# caf\xe9 \xff\xfe latin-1\r\nexport GOARCH=amd64\r\nexport A=\"\xe9t\xe9\"\r\nalias x=y";
    m.write("/Users/dev/.zshrc", before);
    let host = m.host();
    let fix = safe_fix(
        "t:crlf",
        vec![comment("/Users/dev/.zshrc", 2, "export GOARCH=amd64")],
    );
    plan_and_apply(&host, &fix);
    assert_eq!(
        m.read("/Users/dev/.zshrc"),
        b"# caf\xe9 \xff\xfe latin-1\r\n# export GOARCH=amd64  # disabled by nativego (t:crlf)\r\nexport A=\"\xe9t\xe9\"\r\nalias x=y"
    );
    apply::undo(&host, None).expect("undo");
    assert_eq!(m.read("/Users/dev/.zshrc"), before);
}

#[test]
fn an_added_block_in_a_crlf_file_works_and_keeps_a_missing_final_newline() {
    let m = Machine::mac();
    let before: &[u8] = b"export A=1\r\nexport B=\xe9";
    m.write("/Users/dev/.zshrc", before);
    let host = m.host();
    let fix = safe_fix(
        "t:block",
        vec![Edit::EnsureBlock {
            path: "/Users/dev/.zshrc".into(),
            block: "gobin".into(),
            lines: vec!["export PATH=\"$PATH:$HOME/go/bin\"".into()],
        }],
    );
    plan_and_apply(&host, &fix);
    let after = m.read("/Users/dev/.zshrc");
    assert!(after.starts_with(before), "the user's bytes come first");
    let added = &after[before.len()..];
    // A shell reads `\r` as part of a word: NativeGo's lines end with LF only, or the
    // PATH it sets would end with `bin\r`.
    assert!(
        !added.contains(&b'\r'),
        "no added line ends with CR: {:?}",
        String::from_utf8_lossy(added)
    );
    assert!(!after.ends_with(b"\n"), "no final newline stays missing");
    if common::zsh_available() {
        let file = host.real_path(Path::new("/Users/dev/.zshrc")).unwrap();
        let out = std::process::Command::new(common::ZSH)
            .args([
                "-f",
                "-c",
                "PATH=/usr/bin; HOME=/Users/dev; source \"$1\"; print -rn -- $PATH",
                "zsh",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(common::stdout(&out), "/usr/bin:/Users/dev/go/bin");
    }
    apply::undo(&host, None).unwrap();
    assert_eq!(m.read("/Users/dev/.zshrc"), before);
}

fn symlinked_zshrc_is_edited_at_its_target(link_text: &str) {
    let m = Machine::mac();
    m.write("/Users/dev/dotfiles/zshrc", ZSHRC)
        .link("/Users/dev/.zshrc", link_text);
    let host = m.host();
    let plan = plan::plan(&host, &goarch_fix("/Users/dev/.zshrc")).unwrap();
    assert_eq!(
        plan.changes[0].target,
        PathBuf::from("/Users/dev/dotfiles/zshrc")
    );
    apply::apply(&host, &plan, zsh_check(), false).unwrap();
    let link = m.path("/Users/dev/.zshrc");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "~/.zshrc is still a symlink"
    );
    assert_eq!(fs::read_link(&link).unwrap(), PathBuf::from(link_text));
    assert_eq!(m.read("/Users/dev/dotfiles/zshrc"), ZSHRC_FIXED);
    assert_eq!(
        m.names("/Users/dev/dotfiles"),
        ["zshrc"],
        "no temporary file left"
    );
    apply::undo(&host, None).unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(m.read("/Users/dev/dotfiles/zshrc"), ZSHRC);
}

#[test]
fn a_relative_symlinked_zshrc_is_edited_at_its_target_and_stays_a_symlink() {
    symlinked_zshrc_is_edited_at_its_target("dotfiles/zshrc");
}

#[test]
fn an_absolute_symlinked_zshrc_is_edited_at_its_target_and_stays_a_symlink() {
    symlinked_zshrc_is_edited_at_its_target("/Users/dev/dotfiles/zshrc");
}

#[test]
fn permissions_0600_and_0755_are_kept_by_apply_and_undo() {
    for mode in [0o600, 0o755, 0o640] {
        let m = Machine::mac();
        m.write("/Users/dev/.zshrc", ZSHRC);
        m.chmod("/Users/dev/.zshrc", mode);
        let host = m.host();
        plan_and_apply(&host, &goarch_fix("/Users/dev/.zshrc"));
        assert_eq!(m.mode("/Users/dev/.zshrc"), mode, "after apply");
        apply::undo(&host, None).unwrap();
        assert_eq!(m.mode("/Users/dev/.zshrc"), mode, "after undo");
        assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
    }
}

#[test]
fn a_file_is_replaced_by_rename_and_no_temporary_file_is_left() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let inode_before = fs::metadata(m.path("/Users/dev/.zshrc")).unwrap().ino();
    // A reader holding the old file open keeps reading the old bytes: the new content
    // went to a new inode, renamed over the path, never written into the old file.
    let held = fs::File::open(m.path("/Users/dev/.zshrc")).unwrap();
    let host = m.host();
    plan_and_apply(&host, &goarch_fix("/Users/dev/.zshrc"));
    let inode_after = fs::metadata(m.path("/Users/dev/.zshrc")).unwrap().ino();
    assert_ne!(inode_before, inode_after, "a new file was renamed in");
    let mut old = Vec::new();
    io::Read::read_to_end(&mut &held, &mut old).unwrap();
    assert_eq!(old, ZSHRC, "the old inode was never written to");
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC_FIXED);
    assert_eq!(m.names("/Users/dev"), [".zshrc", "Library"]);
}

// ---------------------------------------------------------------------------------------
// The real shell's syntax check

#[test]
fn a_fix_that_leaves_a_bash_syntax_error_is_refused_by_bash_n() {
    if !Path::new("/bin/bash").is_file() && !Path::new("/usr/bin/bash").is_file() {
        eprintln!("bash is not installed: skipped");
        return;
    }
    let m = Machine::mac();
    // Commenting out the only statement of the `then` branch leaves `then fi`, which bash
    // rejects (zsh would accept it).
    let before: &[u8] = b"if [ -d /opt/x ]; then\n  export GOARCH=amd64\nfi\n";
    m.write("/Users/dev/.bash_profile", before);
    let host = m.host();
    let fix = safe_fix(
        "t:bash",
        vec![comment(
            "/Users/dev/.bash_profile",
            2,
            "  export GOARCH=amd64",
        )],
    );
    let plan = plan::plan(&host, &fix).unwrap();
    let err = apply::apply(&host, &plan, &RealSyntaxCheck, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("syntax error"), "{err}");
    assert!(err.contains("/Users/dev/.bash_profile"), "{err}");
    assert!(err.contains("bash -n"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(m.read("/Users/dev/.bash_profile"), before);
    assert!(m.journal_entries().is_empty(), "no journal entry either");
}

#[test]
fn a_fix_that_leaves_a_zsh_syntax_error_is_refused_by_zsh_n() {
    if !Path::new("/bin/zsh").is_file() && !Path::new("/usr/bin/zsh").is_file() {
        eprintln!("zsh is not installed: skipped");
        return;
    }
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let host = m.host();
    let fix = safe_fix(
        "t:zsh",
        vec![Edit::ReplaceLine {
            path: "/Users/dev/.zshrc".into(),
            line: 3,
            expected: "export GOARCH=amd64".into(),
            new: "export GOARCH=\"arm64".into(),
        }],
    );
    let plan = plan::plan(&host, &fix).unwrap();
    let err = apply::apply(&host, &plan, &RealSyntaxCheck, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("zsh -n"), "{err}");
    assert!(err.contains("/Users/dev/.zshrc"), "{err}");
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
    assert!(m.journal_entries().is_empty());
}

// ---------------------------------------------------------------------------------------
// The journal, undo

#[test]
fn the_journal_entry_with_the_original_bytes_is_written_before_any_file() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let scenario = m.host();
    let host = FaultyHost::new(&scenario);
    let id = plan_and_apply(&host, &goarch_fix("/Users/dev/.zshrc"));
    let writes = host.writes.borrow().clone();
    let target = writes
        .iter()
        .position(|w| w.path == Path::new("/Users/dev/.zshrc"))
        .expect("the file was written");
    let entry_dir = Path::new(JOURNAL).join(&id);
    let first_entry = writes
        .iter()
        .position(|w| w.path == entry_dir.join("entry.json"))
        .expect("the entry was written");
    assert!(
        first_entry < target,
        "entry.json is written before the file: {writes:?}"
    );
    assert_eq!(
        writes[first_entry].entry_state.as_deref(),
        None,
        "no entry existed before"
    );
    assert_eq!(
        writes[target].entry_state.as_deref(),
        Some("pending"),
        "a pending entry was on disk when the file was replaced"
    );
    // The original bytes are in the journal, inside the scenario, for the user only.
    let dir = m.path(entry_dir.to_str().unwrap());
    assert_eq!(fs::read(dir.join("0.before")).unwrap(), ZSHRC);
    assert_eq!(fs::read(dir.join("0.after")).unwrap(), ZSHRC_FIXED);
    for f in ["0.before", "0.after", "entry.json"] {
        let mode = fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
    for d in [dir.clone(), m.path(JOURNAL)] {
        let mode = fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", d.display());
    }
    let entry: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("entry.json")).unwrap()).unwrap();
    assert_eq!(entry["state"], "applied");
}

#[test]
fn undo_restores_every_file_byte_for_byte_and_removes_a_created_one() {
    let m = Machine::mac();
    let profile: &[u8] = b"eval \"$(/opt/homebrew/bin/brew shellenv)\"\r\n\xe9";
    m.write("/Users/dev/.zshrc", ZSHRC)
        .write("/Users/dev/.zprofile", profile);
    fs::create_dir_all(m.path("/Users/dev/Library/Application Support/go")).unwrap();
    let host = m.host();
    let fix = safe_fix(
        "t:multi",
        vec![
            comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
            Edit::EnsureBlock {
                path: "/Users/dev/.zprofile".into(),
                block: "go".into(),
                lines: vec!["export PATH=\"/usr/local/go/bin:$PATH\"".into()],
            },
            Edit::GoEnvSet {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GOTOOLCHAIN".into(),
                value: "auto".into(),
            },
            Edit::CreateDir {
                path: "/Users/dev/go/bin".into(),
            },
        ],
    );
    plan_and_apply(&host, &fix);
    assert_ne!(m.read("/Users/dev/.zprofile"), profile);
    assert_eq!(
        m.read("/Users/dev/Library/Application Support/go/env"),
        b"GOTOOLCHAIN=auto\n"
    );
    assert!(m.path("/Users/dev/go/bin").is_dir());
    let history = apply::history(&host).unwrap();
    assert!(apply::can_undo(&host, &history[0]).unwrap());

    let undone = apply::undo(&host, None).unwrap();
    assert_eq!(undone.state, EntryState::Undone);
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
    assert_eq!(m.read("/Users/dev/.zprofile"), profile);
    assert!(!m
        .path("/Users/dev/Library/Application Support/go/env")
        .exists());
    assert!(!m.path("/Users/dev/go/bin").exists());
    // Nothing left to undo.
    let err = apply::undo(&host, None).unwrap_err().to_string();
    assert!(err.contains("nothing to undo"), "{err}");
}

#[test]
fn undo_refuses_when_a_file_changed_since_the_fix_and_restores_nothing() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC)
        .write("/Users/dev/.zprofile", b"export GOARCH=amd64\n");
    let host = m.host();
    let fix = safe_fix(
        "t:two",
        vec![
            comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
            comment("/Users/dev/.zprofile", 1, "export GOARCH=amd64"),
        ],
    );
    plan_and_apply(&host, &fix);
    let zshrc_fixed = m.read("/Users/dev/.zshrc");
    assert_ne!(zshrc_fixed, ZSHRC);
    let zprofile_fixed = m.read("/Users/dev/.zprofile");
    // The user edits ~/.zprofile after the fix.
    let edited = [zprofile_fixed.as_slice(), b"alias g=git\n"].concat();
    m.write("/Users/dev/.zprofile", &edited);
    let history = apply::history(&host).unwrap();
    assert!(!apply::can_undo(&host, &history[0]).unwrap());
    let err = apply::undo(&host, None).unwrap_err().to_string();
    assert!(err.contains("/Users/dev/.zprofile"), "{err}");
    assert!(err.contains("changed after the fix"), "{err}");
    assert!(err.contains("nothing was restored"), "{err}");
    // All or nothing: ~/.zshrc, which did not change, was not restored either.
    assert_eq!(m.read("/Users/dev/.zshrc"), zshrc_fixed);
    assert_eq!(m.read("/Users/dev/.zprofile"), edited);
    // The original stays in the journal, where the message says.
    let backup = err.split('`').nth(3).expect("the backup path is quoted");
    assert_eq!(fs::read(m.path(backup)).unwrap(), b"export GOARCH=amd64\n");
}

// ---------------------------------------------------------------------------------------
// Plans that no longer match, writes outside the home, idempotence

#[test]
fn a_file_changed_between_plan_and_apply_is_refused_and_nothing_is_written() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC)
        .write("/Users/dev/.zprofile", b"export GOARCH=amd64\n");
    let host = m.host();
    let fix = safe_fix(
        "t:race",
        vec![
            comment("/Users/dev/.zprofile", 1, "export GOARCH=amd64"),
            comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
        ],
    );
    let plan = plan::plan(&host, &fix).unwrap();
    // Another program (an editor, a dotfiles sync) changes the second file.
    let changed = [ZSHRC, b"export X=1\n"].concat();
    m.write("/Users/dev/.zshrc", &changed);
    let err = apply::apply(&host, &plan, zsh_check(), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("/Users/dev/.zshrc"), "{err}");
    assert!(err.contains("changed since the plan"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("Run the fix again"), "says what to do: {err}");
    assert_eq!(m.read("/Users/dev/.zshrc"), changed);
    assert_eq!(m.read("/Users/dev/.zprofile"), b"export GOARCH=amd64\n");
    assert!(m.journal_entries().is_empty());

    // A file deleted, or replaced by a directory, is a change too.
    fs::remove_file(m.path("/Users/dev/.zshrc")).unwrap();
    assert!(apply::apply(&host, &plan, zsh_check(), false).is_err());
    fs::create_dir(m.path("/Users/dev/.zshrc")).unwrap();
    assert!(apply::apply(&host, &plan, zsh_check(), false).is_err());
    assert_eq!(m.read("/Users/dev/.zprofile"), b"export GOARCH=amd64\n");
    assert!(m.journal_entries().is_empty());
}

/// Two NativeGo processes (the app and `nativego fix`, or a double click) applying the same
/// plan at once: without the change lock both pass "the files are as planned" before either
/// writes, and one change is journalled twice. The lock is a real `flock`, so a second
/// handle to the same machine (another thread here, another process in use) waits for it.
#[test]
fn one_nativego_at_a_time_applies_or_undoes_and_a_stuck_one_is_said() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let host = m.host();
    let plan = plan::plan(&host, &goarch_fix("/Users/dev/.zshrc")).unwrap();

    // Another NativeGo holds the lock for 300 ms: apply waits for it, then checks and writes.
    let other = m.host();
    let held = other.lock_changes(Duration::from_secs(1)).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    let t = std::time::Instant::now();
    let id = apply::apply(&host, &plan, zsh_check(), false)
        .unwrap()
        .entry
        .id;
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
    release.join().unwrap();
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC_FIXED);

    // The same plan again, from two threads at once: one entry, never two.
    let (a, b) = std::thread::scope(|s| {
        let one = s.spawn(|| apply::apply(&m.host(), &plan, zsh_check(), false));
        let two = s.spawn(|| apply::apply(&m.host(), &plan, zsh_check(), false));
        (one.join().unwrap(), two.join().unwrap())
    });
    assert!(
        a.is_err() && b.is_err(),
        "the file already changed: {a:?} {b:?}"
    );
    assert_eq!(m.journal_entries().len(), 1);

    // Held for longer than apply and undo wait: a clear refusal, nothing written.
    let held = other.lock_changes(Duration::from_secs(1)).unwrap();
    let t = std::time::Instant::now();
    let err = apply::undo(&host, Some(&id)).unwrap_err();
    assert!(matches!(err, apply::ApplyError::Busy), "{err:?}");
    assert!(t.elapsed() >= apply::CHANGE_LOCK_WAIT, "{:?}", t.elapsed());
    let text = err.to_string();
    assert!(
        text.contains("another NativeGo") && text.contains("nothing was written"),
        "{text}"
    );
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC_FIXED);
    drop(held);
    apply::undo(&host, Some(&id)).unwrap();
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
    // The lock file is NativeGo's own, readable by the user only.
    let lock = m.path("/Users/dev/Library/Application Support/NativeGo/lock");
    assert_eq!(fs::metadata(&lock).unwrap().mode() & 0o777, 0o600);
}

#[test]
fn an_edit_of_etc_paths_d_is_refused_as_outside_the_home() {
    let m = Machine::mac();
    m.write("/etc/paths.d/go", b"/usr/local/go/bin\n");
    let host = m.host();
    let fix = safe_fix(
        "t:etc",
        vec![comment("/etc/paths.d/go", 1, "/usr/local/go/bin")],
    );
    let plan = plan::plan(&host, &fix).unwrap();
    let err = apply::apply(&host, &plan, zsh_check(), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("outside"), "{err}");
    assert!(err.contains("/etc/paths.d/go"), "{err}");
    assert_eq!(m.read("/etc/paths.d/go"), b"/usr/local/go/bin\n");
    assert!(m.journal_entries().is_empty());
}

#[test]
fn a_symlinked_zshrc_pointing_outside_the_home_is_refused() {
    let m = Machine::mac();
    m.write("/etc/shared/zshrc", ZSHRC)
        .link("/Users/dev/.zshrc", "/etc/shared/zshrc");
    let host = m.host();
    let plan = plan::plan(&host, &goarch_fix("/Users/dev/.zshrc")).unwrap();
    let err = apply::apply(&host, &plan, zsh_check(), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("outside"), "{err}");
    assert!(err.contains("/etc/shared/zshrc"), "{err}");
    assert_eq!(m.read("/etc/shared/zshrc"), ZSHRC);
    assert!(m.journal_entries().is_empty());
}

#[test]
fn applying_the_same_fix_twice_changes_nothing_the_second_time() {
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC).write(
        "/Users/dev/Library/Application Support/go/env",
        b"GO111MODULE=off\n",
    );
    let host = m.host();
    let fix = safe_fix(
        "t:twice",
        vec![
            comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
            Edit::EnsureBlock {
                path: "/Users/dev/.zshrc".into(),
                block: "gobin".into(),
                lines: vec!["export PATH=\"$PATH:$HOME/go/bin\"".into()],
            },
            Edit::GoEnvUnset {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GO111MODULE".into(),
            },
            Edit::GoEnvSet {
                path: "/Users/dev/Library/Application Support/go/env".into(),
                key: "GOTOOLCHAIN".into(),
                value: "auto".into(),
            },
            Edit::CreateDir {
                path: "/Users/dev/go/bin".into(),
            },
        ],
    );
    plan_and_apply(&host, &fix);
    let zshrc = m.read("/Users/dev/.zshrc");
    let again = plan::plan(&host, &fix).unwrap();
    assert!(again.is_empty(), "second plan: {again:?}");
    assert_eq!(m.read("/Users/dev/.zshrc"), zshrc);
    assert_eq!(m.journal_entries().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Injected I/O failures

/// A write the engine asked for, and the journal entry's state on disk at that moment.
#[derive(Clone, Debug)]
struct Write {
    path: PathBuf,
    entry_state: Option<String>,
}

/// How [`FaultyHost`] fails.
#[derive(Clone, Debug, Default)]
struct Faults {
    /// Fail the Nth `write_atomic` (1-based) and every later one with this error.
    from_nth: Option<(usize, io::ErrorKind)>,
    /// Fail only the Nth `write_atomic` (1-based).
    only_nth: Option<(usize, io::ErrorKind)>,
    /// Fail every write to this machine path.
    path: Option<(PathBuf, io::ErrorKind)>,
}

/// A [`ScenarioHost`] whose writes fail on demand, recording every write it is asked for.
struct FaultyHost<'a> {
    inner: &'a ScenarioHost,
    faults: Faults,
    writes: RefCell<Vec<Write>>,
}

impl<'a> FaultyHost<'a> {
    fn new(inner: &'a ScenarioHost) -> FaultyHost<'a> {
        FaultyHost::with(inner, Faults::default())
    }
    fn with(inner: &'a ScenarioHost, faults: Faults) -> FaultyHost<'a> {
        FaultyHost {
            inner,
            faults,
            writes: RefCell::new(Vec::new()),
        }
    }
    /// The state of the newest journal entry, read straight from the scenario.
    fn entry_state(&self) -> Option<String> {
        let journal = Path::new(JOURNAL);
        let names = self.inner.read_dir(journal).ok()?;
        let newest = names.last()?;
        let bytes = self
            .inner
            .read(&journal.join(newest).join("entry.json"))
            .ok()?;
        let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        v["state"].as_str().map(str::to_string)
    }
}

impl Host for FaultyHost<'_> {
    fn os(&self) -> Os {
        self.inner.os()
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        self.inner.symlink_metadata(path)
    }
    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        self.inner.metadata(path)
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.read_link(path)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.canonicalize(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        self.inner.read_dir(path)
    }
    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.inner.read_prefix(path, limit)
    }
    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        self.inner.read_at(path, offset, len)
    }
    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        self.inner.env_var(name)
    }
    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        self.inner.env_vars()
    }
    fn home(&self) -> Option<PathBuf> {
        self.inner.home()
    }
    fn login_shell(&self) -> Option<PathBuf> {
        self.inner.login_shell()
    }
    fn machine(&self) -> MachineFacts {
        self.inner.machine()
    }
    fn can_run(&self) -> bool {
        self.inner.can_run()
    }
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        timeout: Duration,
        max_output: usize,
    ) -> Result<RunOutput, RunError> {
        self.inner.run(program, args, env, timeout, max_output)
    }
}

impl HostMut for FaultyHost<'_> {
    fn lock_changes(&self, wait: Duration) -> io::Result<nativego_doctor::host::ChangeLock> {
        self.inner.lock_changes(wait)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
        let n = {
            let mut w = self.writes.borrow_mut();
            w.push(Write {
                path: path.to_path_buf(),
                entry_state: self.entry_state(),
            });
            w.len()
        };
        let fail = match &self.faults {
            Faults {
                from_nth: Some((k, kind)),
                ..
            } if n >= *k => Some(*kind),
            Faults {
                only_nth: Some((k, kind)),
                ..
            } if n == *k => Some(*kind),
            Faults {
                path: Some((p, kind)),
                ..
            } if p == path => Some(*kind),
            _ => None,
        };
        match fail {
            Some(kind) => Err(io::Error::from(kind)),
            None => self.inner.write_atomic(path, bytes, mode),
        }
    }
    fn create_dir_all(&self, path: &Path, mode: u32) -> io::Result<()> {
        self.inner.create_dir_all(path, mode)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.inner.remove_file(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        self.inner.remove_dir(path)
    }
    fn data_dir(&self) -> Option<PathBuf> {
        self.inner.data_dir()
    }
    fn now_unix(&self) -> u64 {
        self.inner.now_unix()
    }
}

const KINDS: [(io::ErrorKind, &str); 3] = [
    (io::ErrorKind::PermissionDenied, "permission denied"),
    (io::ErrorKind::StorageFull, "disk is full"),
    (io::ErrorKind::ReadOnlyFilesystem, "read-only"),
];

/// After a failed apply: the user's files are as they were, no temporary file is left, and
/// any journal entry left behind was marked undone or undoes to the original. When the
/// error says the files could not be put back (the fault persists), undoing the entry once
/// the fault is gone restores them.
fn assert_as_before(m: &Machine, host: &ScenarioHost, err: &str, ctx: &str) {
    let partly = err.contains("could not be put back");
    if !partly {
        assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC, "{ctx}: {err}");
    }
    let names = m.names("/Users/dev");
    assert!(
        !names.iter().any(|n| n.contains(".nativego-")),
        "{ctx}: no temporary file: {names:?}"
    );
    let mut undone = false;
    for e in apply::history(host).unwrap() {
        match e.state {
            EntryState::Undone => {}
            EntryState::Pending | EntryState::Applied => {
                assert_eq!(e.state, EntryState::Pending, "{ctx}");
                assert!(apply::can_undo(host, &e).unwrap(), "{ctx}");
                apply::undo(host, Some(&e.id)).unwrap();
                undone = true;
            }
        }
    }
    assert!(!partly || undone, "{ctx}: a pending entry to undo: {err}");
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC, "{ctx}: after undo");
}

#[test]
fn without_a_syntax_checker_the_same_guarantees_hold() {
    // NoSyntaxCheck is what a host without shells uses; it must not weaken anything else.
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let host = m.host();
    let plan: Plan = plan::plan(&host, &goarch_fix("/Users/dev/.zshrc")).unwrap();
    apply::apply(&host, &plan, &NoSyntaxCheck, false).unwrap();
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC_FIXED);
    // The same plan again is stale now: refused.
    let err = apply::apply(&host, &plan, &NoSyntaxCheck, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("changed since the plan"), "{err}");
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC_FIXED);
}

#[test]
fn a_failing_write_of_the_file_itself_leaves_it_as_it_was_and_says_why() {
    for (kind, cause) in KINDS {
        let m = Machine::mac();
        m.write("/Users/dev/.zshrc", ZSHRC);
        let scenario = m.host();
        let host = FaultyHost::with(
            &scenario,
            Faults {
                path: Some((PathBuf::from("/Users/dev/.zshrc"), kind)),
                ..Faults::default()
            },
        );
        let plan = plan::plan(&host, &goarch_fix("/Users/dev/.zshrc")).unwrap();
        let err = apply::apply(&host, &plan, zsh_check(), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("/Users/dev/.zshrc"), "names the file: {err}");
        assert!(err.contains(cause), "says why: {err}");
        assert_as_before(&m, &scenario, &err, &format!("{kind:?}"));
    }
}
#[test]
fn a_write_failing_at_any_step_of_apply_leaves_the_files_as_they_were() {
    // A one-file fix writes: 0.before, 0.after, entry.json (pending), ~/.zshrc, entry.json
    // (applied). Fail each of them, and everything from it on, with each cause.
    let fix = goarch_fix("/Users/dev/.zshrc");
    let writes = {
        let m = Machine::mac();
        m.write("/Users/dev/.zshrc", ZSHRC);
        let scenario = m.host();
        let host = FaultyHost::new(&scenario);
        plan_and_apply(&host, &fix);
        let n = host.writes.borrow().len();
        n
    };
    assert_eq!(writes, 5);
    for (kind, cause) in KINDS {
        for nth in 1..=writes {
            for only in [false, true] {
                let m = Machine::mac();
                m.write("/Users/dev/.zshrc", ZSHRC);
                let scenario = m.host();
                let faults = if only {
                    Faults {
                        only_nth: Some((nth, kind)),
                        ..Faults::default()
                    }
                } else {
                    Faults {
                        from_nth: Some((nth, kind)),
                        ..Faults::default()
                    }
                };
                let host = FaultyHost::with(&scenario, faults);
                let ctx = format!("{kind:?} at write {nth} (only: {only})");
                let plan = plan::plan(&host, &fix).unwrap();
                let err = apply::apply(&host, &plan, zsh_check(), false)
                    .expect_err(&ctx)
                    .to_string();
                let failed = host.writes.borrow()[nth - 1].path.clone();
                assert!(
                    err.contains(&failed.display().to_string()),
                    "{ctx}: names the file: {err}"
                );
                assert!(err.contains(cause), "{ctx}: says why: {err}");
                assert_as_before(&m, &scenario, &err, &ctx);
            }
        }
    }
}

#[test]
fn a_failure_on_the_second_file_puts_the_first_one_back() {
    for (kind, cause) in KINDS {
        let m = Machine::mac();
        m.write("/Users/dev/.zshrc", ZSHRC)
            .write("/Users/dev/.zprofile", b"export GOARCH=amd64\n");
        let scenario = m.host();
        let host = FaultyHost::with(
            &scenario,
            Faults {
                path: Some((PathBuf::from("/Users/dev/.zshrc"), kind)),
                ..Faults::default()
            },
        );
        let fix = safe_fix(
            "t:second",
            vec![
                comment("/Users/dev/.zprofile", 1, "export GOARCH=amd64"),
                comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
            ],
        );
        let plan = plan::plan(&host, &fix).unwrap();
        let err = apply::apply(&host, &plan, zsh_check(), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("/Users/dev/.zshrc"), "{err}");
        assert!(err.contains(cause), "{err}");
        assert_eq!(
            m.read("/Users/dev/.zprofile"),
            b"export GOARCH=amd64\n",
            "{kind:?}: the file already written was put back: {err}"
        );
        assert_as_before(&m, &scenario, &err, &format!("{kind:?}"));
    }
}

#[test]
fn when_putting_files_back_fails_too_the_entry_can_still_undo_them() {
    // The disk fills up after the first file is replaced: the second write fails, and so
    // does putting the first one back. The pending entry then undoes it later.
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC)
        .write("/Users/dev/.zprofile", b"export GOARCH=amd64\n");
    let scenario = m.host();
    let fix = safe_fix(
        "t:full",
        vec![
            comment("/Users/dev/.zprofile", 1, "export GOARCH=amd64"),
            comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
        ],
    );
    // Writes: 0.before 0.after 1.before 1.after entry.json .zprofile .zshrc …
    let host = FaultyHost::with(
        &scenario,
        Faults {
            from_nth: Some((7, io::ErrorKind::StorageFull)),
            ..Faults::default()
        },
    );
    let plan = plan::plan(&host, &fix).unwrap();
    let err = apply::apply(&host, &plan, zsh_check(), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("disk is full"), "{err}");
    assert!(err.contains("nativego undo"), "says how to recover: {err}");
    // Once there is space again, undo restores the original.
    let entry = apply::history(&scenario).unwrap().remove(0);
    assert_eq!(entry.state, EntryState::Pending);
    assert!(apply::can_undo(&scenario, &entry).unwrap());
    apply::undo(&scenario, None).unwrap();
    assert_eq!(m.read("/Users/dev/.zprofile"), b"export GOARCH=amd64\n");
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
}
#[test]
fn a_write_failing_during_undo_restores_nothing() {
    for (kind, cause) in KINDS {
        let m = Machine::mac();
        m.write("/Users/dev/.zshrc", ZSHRC)
            .write("/Users/dev/.zprofile", b"export GOARCH=amd64\n");
        let scenario = m.host();
        let fix = safe_fix(
            "t:undo",
            vec![
                comment("/Users/dev/.zprofile", 1, "export GOARCH=amd64"),
                comment("/Users/dev/.zshrc", 3, "export GOARCH=amd64"),
            ],
        );
        plan_and_apply(&scenario, &fix);
        let zshrc_fixed = m.read("/Users/dev/.zshrc");
        let zprofile_fixed = m.read("/Users/dev/.zprofile");
        let host = FaultyHost::with(
            &scenario,
            Faults {
                path: Some((PathBuf::from("/Users/dev/.zshrc"), kind)),
                ..Faults::default()
            },
        );
        let err = apply::undo(&host, None).unwrap_err().to_string();
        assert!(err.contains("/Users/dev/.zshrc"), "{err}");
        assert!(err.contains(cause), "{err}");
        assert_eq!(
            m.read("/Users/dev/.zprofile"),
            zprofile_fixed,
            "{kind:?}: all or nothing: {err}"
        );
        assert_eq!(m.read("/Users/dev/.zshrc"), zshrc_fixed);
        // The entry is still there to undo once the problem is solved.
        apply::undo(&scenario, None).unwrap();
        assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
        assert_eq!(m.read("/Users/dev/.zprofile"), b"export GOARCH=amd64\n");
    }
}
#[test]
fn a_path_that_leaves_the_home_through_dotdot_or_a_symlinked_folder_is_refused() {
    let m = Machine::mac();
    m.write("/etc/shared/zsh/.zshrc", ZSHRC)
        .link("/Users/dev/.config", "/etc/shared");
    let host = m.host();
    for path in [
        "/Users/dev/../../etc/shared/zsh/.zshrc",
        "/Users/dev/.config/zsh/.zshrc",
    ] {
        let plan = plan::plan(&host, &goarch_fix(path)).unwrap();
        let err = apply::apply(&host, &plan, zsh_check(), false)
            .map(|_| "applied".to_string())
            .unwrap_or_else(|e| e.to_string());
        assert!(err.contains("outside"), "{path}: {err}");
        assert_eq!(m.read("/etc/shared/zsh/.zshrc"), ZSHRC, "{path}");
    }
    assert!(m.journal_entries().is_empty());
}

#[test]
fn a_new_go_env_file_is_created_with_its_folder_and_undo_removes_it() {
    // `go env -w` was never run: ~/Library/Application Support/go does not exist.
    let m = Machine::mac();
    m.write("/Users/dev/.zshrc", ZSHRC);
    let host = m.host();
    let env = "/Users/dev/Library/Application Support/go/env";
    let fix = safe_fix(
        "t:goenv",
        vec![Edit::GoEnvSet {
            path: env.into(),
            key: "GO111MODULE".into(),
            value: "on".into(),
        }],
    );
    plan_and_apply(&host, &fix);
    assert_eq!(m.read(env), b"GO111MODULE=on\n");
    assert_eq!(m.mode(env), 0o644);
    apply::undo(&host, None).unwrap();
    assert!(!m.path(env).exists());
    assert_eq!(m.read("/Users/dev/.zshrc"), ZSHRC);
}
