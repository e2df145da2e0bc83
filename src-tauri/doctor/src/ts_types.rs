//! The popover's TypeScript types for the report, generated from the Rust types that
//! serialize it (`ts-rs`, derived in test builds only), so the UI cannot drift from the
//! contract. `ui/src/generated/report.ts` is checked in; this test fails when it differs
//! from what the types say now. `NATIVEGO_UPDATE_TS=1 cargo test -p nativego-doctor
//! --lib ts_types` writes it.

#![allow(clippy::disallowed_methods)] // Reads and writes the source tree, not the machine.

use std::path::Path;

use ts_rs::TS;

use crate::report::Report;

/// The report's types, one TypeScript module: every type `Report` depends on, by name.
fn generate() -> String {
    let dir = tempfile::tempdir().unwrap();
    Report::export_all_to(dir.path()).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = String::from(
        "// Generated from the engine's report types (src-tauri/doctor, ts-rs). Do not edit:\n\
         // run `NATIVEGO_UPDATE_TS=1 cargo test -p nativego-doctor --lib ts_types`.\n",
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            // One module: the per-file imports and ts-rs's banner go.
            if line.starts_with("import ") || line.starts_with("// This file was generated") {
                continue;
            }
            if line.is_empty() && out.ends_with("\n\n") {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn the_ui_types_are_the_reports() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/report.ts");
    let now = generate();
    if std::env::var_os("NATIVEGO_UPDATE_TS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "ui/src/generated/report.ts is not what the report's types generate: run \
         `NATIVEGO_UPDATE_TS=1 cargo test -p nativego-doctor --lib ts_types`"
    );
}

#[test]
fn every_type_the_report_names_is_declared() {
    let ts = generate();
    let declared: std::collections::BTreeSet<&str> = ts
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<']).next())
        .collect();
    assert!(declared.contains("Report") && declared.contains("Finding"));
    let code = ts.lines().filter(|l| {
        let l = l.trim_start();
        !(l.starts_with("//") || l.starts_with("/*") || l.starts_with('*'))
    });
    for line in code {
        // Outside string literals (`"x86_64"`), capitalised words are type names, TypeScript's
        // `Array` and `Record`, or the generic parameter `T`.
        let unquoted: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for word in unquoted
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
            .filter(|w| !["T", "Array", "Record"].contains(w))
        {
            assert!(
                declared.contains(word),
                "{word} is used but not declared: {line}"
            );
        }
    }
}
