//! `get_autostart` and `set_autostart` through IPC. On Linux the autostart plugin writes
//! `$HOME/.config/autostart/NAME.desktop`, so this test points `HOME` at a temporary folder
//! first. It is the only test in this binary (its own process), so changing the process's
//! environment cannot affect another test.
#![allow(clippy::disallowed_methods)]
#![cfg(target_os = "linux")]

mod common;

use std::fs;

use common::Machine;
use serde_json::json;

#[test]
fn autostart_is_read_and_set_under_home() {
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    std::env::remove_var("XDG_CONFIG_HOME");

    let m = Machine::new("goarch-exported");
    let scenario = m.files();
    let autostart = home.path().join(".config/autostart");
    assert_eq!(m.ok("get_autostart", json!({})), json!(false));

    assert_eq!(
        m.ok("set_autostart", json!({ "enabled": true })),
        json!(true)
    );
    let entries: Vec<_> = fs::read_dir(&autostart)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let desktop = fs::read_to_string(&entries[0]).unwrap();
    assert!(desktop.contains("[Desktop Entry]"), "{desktop}");
    assert_eq!(m.ok("get_autostart", json!({})), json!(true));

    assert_eq!(
        m.ok("set_autostart", json!({ "enabled": false })),
        json!(false)
    );
    assert!(!entries[0].exists());
    assert_eq!(m.ok("get_autostart", json!({})), json!(false));

    // The scenario machine is not touched by these settings.
    assert_eq!(
        common::differences(&scenario, &m.files()),
        Vec::<std::path::PathBuf>::new()
    );
}
