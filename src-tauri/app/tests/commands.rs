//! The app's IPC commands, called as the popover calls them (Tauri's mock runtime, the app's
//! real builder, configuration and capability), on copies of shipped scenarios. Every test
//! checks what the command returns and what is on disk afterwards: a refusal changes no
//! byte of the machine, NativeGo's data directory included.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::Path;

use common::{checks, differences, fix_ids, patch, Machine, DATA_DIR, HOME};
use serde_json::{json, Value};

/// The one fix `goarch-exported` offers: comment out `export GOARCH=amd64` in ~/.zshrc.
const FIX: &str = "goarch-forced:remove-GOARCH";
const ZSHRC: &str = "root/Users/dev/.zshrc";

/// The exact message `valid_id` refuses with.
const NOT_A_FIX_ID: &str = "that is not a fix ID NativeGo offered";
/// The exact message `undo` refuses a malformed entry ID with.
const NOT_AN_ENTRY: &str = "that is not a journal entry";

macro_rules! assert_unchanged {
    ($machine:expr, $before:expr, $what:expr) => {{
        let after = $machine.files();
        let diff = differences(&$before, &after);
        assert!(diff.is_empty(), "{} changed {diff:?}", $what);
    }};
}

fn finding<'a>(report: &'a Value, check: &str) -> Option<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
}

/// Apply FIX through preview and apply; returns (preview, applied).
fn apply_fix(m: &Machine) -> (Value, Value) {
    m.get_report();
    let preview = m.preview(FIX);
    let token = preview["token"].as_str().unwrap();
    let applied = m.ok("apply_fix", json!({ "fixId": FIX, "token": token }));
    (preview, applied)
}

#[test]
fn get_report_returns_the_scenario_findings() {
    let m = Machine::new("goarch-exported");
    let fresh = m.files();
    let report = m.get_report();

    assert_eq!(report["schema"], 1);
    assert_eq!(report["host"]["os"], "macos");
    assert_eq!(report["host"]["arch"], "arm64");
    assert_eq!(checks(&report), ["goarch-forced"], "{report:#}");
    let f = finding(&report, "goarch-forced").unwrap();
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["title"],
        "GOARCH is forced to amd64 in /Users/dev/.zshrc:5"
    );
    assert_eq!(fix_ids(&report), [FIX]);
    assert_eq!(f["fixes"][0]["applicability"], "safe");
    assert_eq!(report["summary"]["warnings"], 1, "{:#}", report["summary"]);
    // Machine paths only: the report never names the scenario folder.
    let text = report.to_string();
    let folder = m.dir.to_string_lossy().into_owned();
    assert!(!text.contains(&folder), "the report leaks {folder}");

    // Diagnosing wrote only NativeGo's "seen" state, in the scenario's data directory.
    let after = m.files();
    let seen = Path::new(DATA_DIR).join("seen.json");
    for p in differences(&fresh, &after) {
        assert!(
            Path::new(DATA_DIR).starts_with(&p) || p == seen,
            "get_report changed {}",
            p.display()
        );
    }
    let seen: Value = serde_json::from_slice(&fs::read(m.dir.join(seen)).unwrap()).unwrap();
    assert_eq!(seen["problems"][0][0], "goarch-forced", "{seen:#}");

    // The latest report is kept: asking again diagnoses nothing new and writes nothing.
    assert_eq!(m.get_report(), report);
    assert_unchanged!(m, after, "a second get_report");
}

#[test]
fn preview_apply_recheck_and_undo_round_trip_the_startup_file() {
    let m = Machine::new("goarch-exported");
    let report = m.get_report();
    assert!(fix_ids(&report).contains(&FIX.to_string()));
    let original = m.zshrc();
    let before = m.files();

    // The preview: a diff of ~/.zshrc and a token; nothing is written.
    let preview = m.preview(FIX);
    assert_unchanged!(m, before, "preview_fix");
    assert_eq!(preview["fix_id"], FIX);
    assert_eq!(preview["applicability"], "safe");
    assert_eq!(preview["empty"], false);
    assert_eq!(preview["commands"], json!([]));
    let token = preview["token"].as_str().unwrap();
    assert!(!token.is_empty());
    let diff = preview["diff"].as_str().unwrap();
    assert!(
        diff.starts_with("--- a/Users/dev/.zshrc\n+++ b/Users/dev/.zshrc\n@@ "),
        "{diff}"
    );
    assert!(diff.contains("\n-export GOARCH=amd64\n"), "{diff}");

    // Apply: ~/.zshrc becomes exactly what the diff says, and only it changes outside
    // NativeGo's data directory (where the journal now is).
    let applied = m.ok("apply_fix", json!({ "fixId": FIX, "token": token }));
    let fixed = m.zshrc();
    assert_eq!(
        String::from_utf8(fixed.clone()).unwrap(),
        String::from_utf8(patch(&original, diff)).unwrap()
    );
    assert_ne!(fixed, original);
    let after = m.files();
    for p in differences(&before, &after) {
        assert!(
            p == Path::new(ZSHRC) || p.starts_with(DATA_DIR),
            "apply_fix changed {}",
            p.display()
        );
    }
    let entry_id = applied["entry_id"].as_str().unwrap();
    assert!(
        !entry_id.is_empty() && !entry_id.contains('/'),
        "{entry_id}"
    );
    let entry_dir = m.path(DATA_DIR).join("journal").join(entry_id);
    assert!(entry_dir.join("entry.json").is_file(), "no journal entry");
    // The journal holds the original bytes.
    assert!(
        fs::read_dir(&entry_dir)
            .unwrap()
            .any(|e| fs::read(e.unwrap().path()).unwrap() == original),
        "the journal has no copy of the original"
    );
    assert_eq!(applied["action_failure"], Value::Null);
    assert!(applied["title"].as_str().unwrap().contains("GOARCH"));
    assert!(
        checks(&applied["report"]).is_empty(),
        "{:#}",
        applied["report"]
    );

    // A fresh diagnosis agrees, and the fix is no longer offered.
    let rechecked = m.recheck();
    assert!(
        finding(&rechecked, "goarch-forced").is_none(),
        "{rechecked:#}"
    );
    assert!(fix_ids(&rechecked).is_empty());
    assert_eq!(m.get_report(), rechecked);

    // Undo (the latest entry): ~/.zshrc is back byte for byte, with its mode.
    let undone = m.ok("undo", json!({ "entryId": null }));
    assert_eq!(undone["entry_id"], entry_id);
    assert_eq!(m.zshrc(), original);
    let restored = m.files();
    for p in differences(&before, &restored) {
        assert!(p.starts_with(DATA_DIR), "undo left {} changed", p.display());
    }
    assert!(finding(&undone["report"], "goarch-forced").is_some());
    assert_eq!(fix_ids(&m.recheck()), [FIX]);
}

#[test]
fn history_lists_the_applied_entry() {
    let m = Machine::new("goarch-exported");
    assert_eq!(m.ok("history", json!({})), json!([]));

    let (preview, applied) = apply_fix(&m);
    let history = m.ok("history", json!({}));
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{history:#}");
    let e = &entries[0];
    assert_eq!(e["id"], applied["entry_id"]);
    assert_eq!(e["fix_id"], FIX);
    assert_eq!(e["title"], preview["title"]);
    assert_eq!(e["state"], "applied");
    assert_eq!(e["can_undo"], true);
    assert!(e["applied_at"].as_u64().unwrap() > 1_700_000_000);

    // Listing writes nothing.
    let before = m.files();
    m.ok("history", json!({}));
    assert_unchanged!(m, before, "history");

    // Undone by its ID: still listed, no longer undoable.
    let undone = m.ok("undo", json!({ "entryId": applied["entry_id"] }));
    assert_eq!(undone["entry_id"], applied["entry_id"]);
    let history = m.ok("history", json!({}));
    assert_eq!(history[0]["id"], applied["entry_id"]);
    assert_eq!(history[0]["state"], "undone");
    assert_eq!(history[0]["can_undo"], false);
}

#[test]
fn apply_before_any_diagnosis_is_refused() {
    let m = Machine::without_owner("goarch-exported");
    let fresh = m.files();
    let e = m.refused("apply_fix", json!({ "fixId": FIX, "token": "1-1" }));
    assert_eq!(e.code, "not-previewed");
    assert_eq!(e.message, "check the machine first");
    assert_unchanged!(m, fresh, "apply_fix before a report");
}

#[test]
fn apply_without_a_preview_is_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let before = m.files();
    for token in ["", "1-1", "anything"] {
        let e = m.refused("apply_fix", json!({ "fixId": FIX, "token": token }));
        assert_eq!(e.code, "not-previewed", "{e:?}");
        assert_eq!(
            e.message,
            "a fix is applied only after its preview was shown"
        );
    }
    assert_unchanged!(m, before, "apply_fix without a preview");
}

#[test]
fn apply_with_a_wrong_or_stale_token_is_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let first = m.preview(FIX)["token"].as_str().unwrap().to_string();
    let second = m.preview(FIX)["token"].as_str().unwrap().to_string();
    assert_ne!(first, second, "each preview has its own token");
    let before = m.files();
    let wrong = [
        first.clone(),
        String::new(),
        format!("{second}x"),
        second.to_uppercase(),
        "../../etc/passwd".into(),
        "x".repeat(100_000),
    ];
    for token in &wrong {
        let e = m.refused("apply_fix", json!({ "fixId": FIX, "token": token }));
        assert_eq!(e.code, "stale-preview", "{e:?}");
        assert_eq!(
            e.message,
            "the files changed since this preview; look at the new preview first"
        );
    }
    assert_unchanged!(m, before, "apply_fix with a wrong token");

    // The refusals did not use up the preview the user saw.
    m.ok("apply_fix", json!({ "fixId": FIX, "token": second }));
    assert!(finding(&m.get_report(), "goarch-forced").is_none());
}

#[test]
fn apply_after_the_file_changed_since_the_preview_is_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let token = m.preview(FIX)["token"].as_str().unwrap().to_string();
    // The user edits ~/.zshrc while the preview is shown.
    let mut edited = m.zshrc();
    edited.extend_from_slice(b"alias gs='git status'\n");
    fs::write(m.path(ZSHRC), &edited).unwrap();
    let before = m.files();

    let e = m.refused("apply_fix", json!({ "fixId": FIX, "token": token }));
    assert_eq!(e.code, "stale-preview", "{e:?}");
    assert!(
        e.message.contains("/Users/dev/.zshrc") && e.message.contains("nothing was written"),
        "{e:?}"
    );
    assert_unchanged!(m, before, "apply_fix against a changed file");
    assert_eq!(m.zshrc(), edited);
}

#[test]
fn apply_of_an_id_not_in_the_latest_report_is_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    // A real preview exists, so only the ID decides.
    let token = m.preview(FIX)["token"].as_str().unwrap().to_string();
    let before = m.files();
    // Well-formed IDs this report does not offer (another scenario's fix; a sibling fix).
    for id in [
        "goroot-mismatch:remove-goroot",
        "goarch-forced:remove-GOOS",
        "tools-wrong-arch:rebuild",
    ] {
        let e = m.refused("apply_fix", json!({ "fixId": id, "token": token }));
        assert_eq!(e.code, "no-such-fix", "{id}: {e:?}");
        assert_eq!(e.message, format!("no finding offers a fix `{id}`"));
    }
    // A check ID names its one fix on the command line, never over IPC.
    let e = m.refused(
        "apply_fix",
        json!({ "fixId": "goarch-forced", "token": token }),
    );
    assert_eq!(e.code, "no-such-fix");
    assert_eq!(e.message, "that fix cannot be applied");
    assert_unchanged!(m, before, "apply_fix of an ID not offered");
}

#[test]
fn a_fix_is_not_applied_twice_from_an_old_report_or_token() {
    let m = Machine::new("goarch-exported");
    let (preview, _) = apply_fix(&m);
    let before = m.files();
    // The latest report no longer offers the fix; the old token is worth nothing.
    let e = m.refused(
        "apply_fix",
        json!({ "fixId": FIX, "token": preview["token"] }),
    );
    assert_eq!(e.code, "no-such-fix", "{e:?}");
    assert_unchanged!(m, before, "a replayed apply_fix");
    let e = m.refused("preview_fix", json!({ "fixId": FIX }));
    assert_eq!(e.code, "no-such-fix", "{e:?}");
    assert_unchanged!(m, before, "a preview of a fix no longer offered");
}

/// IDs no report ever holds: refused by their form, before any lookup.
fn malformed_ids() -> Vec<String> {
    vec![
        String::new(),
        "a".repeat(201),
        format!("{FIX}{}", ":x".repeat(5_000)),
        format!("{FIX}\0"),
        "\0".into(),
        format!("{FIX}; rm -rf ~"),
        format!("{FIX} && touch /tmp/pwned"),
        "$(touch /tmp/pwned)".into(),
        "`id`".into(),
        format!("{FIX}|sh"),
        format!("{FIX}>~/.zshrc"),
        format!("{FIX}\n"),
        "goarch-forced:remove-GOARCH\\..\\".into(),
        "goarch‐forced:remove-GOARCH".into(), // a Unicode hyphen
        "~/.zshrc".into(),
        "*".into(),
    ]
}

/// IDs of an allowed form but with path parts: refused because no report offers them.
fn path_like_ids() -> Vec<String> {
    vec![
        "../../etc/passwd".into(),
        "..".into(),
        "/".into(),
        "/etc/passwd".into(),
        format!("{FIX}/.."),
        format!("../{FIX}"),
        format!("/Users/dev/.zshrc"),
    ]
}

#[test]
fn malformed_fix_ids_are_refused_with_nothing_changed() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let token = m.preview(FIX)["token"].as_str().unwrap().to_string();
    let before = m.files();
    for id in malformed_ids() {
        for (cmd, args) in [
            ("preview_fix", json!({ "fixId": id })),
            ("apply_fix", json!({ "fixId": id, "token": token })),
        ] {
            let e = m.refused(cmd, args);
            assert_eq!(e.code, "no-such-fix", "{cmd} {id:?}: {e:?}");
            assert_eq!(e.message, NOT_A_FIX_ID, "{cmd} {id:?}");
        }
    }
    for id in path_like_ids() {
        for (cmd, args) in [
            ("preview_fix", json!({ "fixId": id })),
            ("apply_fix", json!({ "fixId": id, "token": token })),
        ] {
            let e = m.refused(cmd, args);
            assert_eq!(e.code, "no-such-fix", "{cmd} {id:?}: {e:?}");
            assert_eq!(e.message, format!("no finding offers a fix `{id}`"));
        }
    }
    assert_unchanged!(m, before, "malformed fix IDs");
    // The real preview is still good.
    m.ok("apply_fix", json!({ "fixId": FIX, "token": token }));
}

#[test]
fn arguments_of_the_wrong_shape_are_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let before = m.files();
    for (cmd, args) in [
        ("preview_fix", json!({})),
        ("preview_fix", json!({ "fixId": 7 })),
        ("preview_fix", json!({ "fixId": [FIX] })),
        ("apply_fix", json!({ "fixId": FIX })),
        ("apply_fix", json!({ "fixId": FIX, "token": null })),
        ("undo", json!({ "entryId": 1 })),
        ("set_autostart", json!({})),
    ] {
        let e = m.invoke(cmd, args.clone());
        assert!(e.is_err(), "{cmd} {args} was accepted: {e:?}");
    }
    assert_unchanged!(m, before, "arguments of the wrong shape");
}

#[test]
fn preview_of_an_unknown_or_partial_id_is_refused() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let before = m.files();
    let e = m.refused("preview_fix", json!({ "fixId": "goarch-forced:nope" }));
    assert_eq!(e.code, "no-such-fix");
    assert_eq!(e.message, "no finding offers a fix `goarch-forced:nope`");
    // The CLI accepts a check ID for its one fix; the app wants the fix's full ID.
    let e = m.refused("preview_fix", json!({ "fixId": "goarch-forced" }));
    assert_eq!(e.code, "no-such-fix");
    assert_eq!(e.message, "fixes are named by their full ID");
    assert_unchanged!(m, before, "preview_fix of an unknown ID");
    // No preview was recorded for them.
    let e = m.refused(
        "apply_fix",
        json!({ "fixId": "goarch-forced", "token": "" }),
    );
    assert_eq!(e.code, "no-such-fix");
}

#[test]
fn a_check_id_with_several_fixes_is_refused() {
    let m = Machine::new("goroot-points-at-other-go");
    m.get_report();
    let before = m.files();
    let e = m.refused("preview_fix", json!({ "fixId": "goroot-mismatch" }));
    assert_eq!(e.code, "no-such-fix");
    assert!(e.message.contains("matches several fixes"), "{e:?}");
    assert_unchanged!(m, before, "preview_fix of an ambiguous check ID");
}

#[test]
fn manual_fixes_are_never_previewed_or_applied() {
    let m = Machine::new("homebrew-shadows-official");
    let report = m.get_report();
    let manual = "go-shadowed:remove-official";
    assert!(fix_ids(&report).contains(&manual.to_string()), "{report:#}");
    let before = m.files();
    let e = m.refused("preview_fix", json!({ "fixId": manual }));
    assert_eq!(e.code, "manual-fix");
    assert_eq!(e.message, "this fix is manual: follow its instructions");
    let e = m.refused("apply_fix", json!({ "fixId": manual, "token": "1-1" }));
    assert_eq!(e.code, "no-such-fix");
    assert_eq!(e.message, "that fix cannot be applied");
    assert_unchanged!(m, before, "a manual fix");
}

#[test]
fn undo_refuses_entries_outside_the_journal() {
    let m = Machine::new("goarch-exported");
    let (_, applied) = apply_fix(&m);
    let entry_id = applied["entry_id"].as_str().unwrap().to_string();
    let journal = m.path(DATA_DIR).join("journal");
    let before = m.files();

    let outside = [
        String::new(),
        "../../etc".into(),
        "..".into(),
        format!("../journal/{entry_id}"),
        format!("{entry_id}/.."),
        format!("{entry_id}/../{entry_id}"),
        "/etc".into(),
        "/".into(),
        journal.join(&entry_id).to_string_lossy().into_owned(),
        m.path(HOME).to_string_lossy().into_owned(),
        "x".repeat(301),
    ];
    for id in &outside {
        let e = m.refused("undo", json!({ "entryId": id }));
        assert_eq!(e.code, "undo", "{id:?}: {e:?}");
        assert_eq!(e.message, NOT_AN_ENTRY, "{id:?}");
    }
    for id in ["nonexistent", "0-goarch-forced_remove-GOARCH", "."] {
        let e = m.refused("undo", json!({ "entryId": id }));
        assert_eq!(e.code, "undo", "{id:?}: {e:?}");
        assert_eq!(
            e.message,
            format!("there is no applied fix `{id}` in the journal; `nativego history` lists them")
        );
    }
    for id in [format!("{entry_id}\0"), "\0".into()] {
        let e = m.refused("undo", json!({ "entryId": id }));
        assert_eq!(e.code, "undo", "{id:?}: {e:?}");
    }
    assert_unchanged!(m, before, "undo of an entry outside the journal");

    // The real entry still undoes, by its ID.
    m.ok("undo", json!({ "entryId": entry_id }));
    // And it cannot be undone twice.
    let before = m.files();
    let e = m.refused("undo", json!({ "entryId": entry_id }));
    assert_eq!(e.code, "undo");
    assert!(e.message.contains("there is no applied fix"), "{e:?}");
    let e = m.refused("undo", json!({ "entryId": null }));
    assert_eq!(e.code, "undo");
    assert_eq!(
        e.message,
        "nothing to undo: no fix applied by NativeGo is still in place"
    );
    assert_unchanged!(m, before, "a second undo");
}

#[test]
fn undo_with_an_empty_journal_changes_nothing() {
    let m = Machine::new("goarch-exported");
    m.get_report();
    let before = m.files();
    let e = m.refused("undo", json!({ "entryId": null }));
    assert_eq!(e.code, "undo");
    assert_eq!(
        e.message,
        "nothing to undo: no fix applied by NativeGo is still in place"
    );
    let e = m.refused("undo", json!({}));
    assert_eq!(e.code, "undo");
    assert_unchanged!(m, before, "undo with no journal");
}

#[test]
fn undo_refuses_when_the_file_changed_after_the_fix() {
    let m = Machine::new("goarch-exported");
    let (_, applied) = apply_fix(&m);
    let mut edited = m.zshrc();
    edited.extend_from_slice(b"export EDITOR=vim\n");
    fs::write(m.path(ZSHRC), &edited).unwrap();
    let before = m.files();
    let e = m.refused("undo", json!({ "entryId": applied["entry_id"] }));
    assert_eq!(e.code, "undo");
    assert!(
        e.message.contains("changed after the fix was applied"),
        "{e:?}"
    );
    assert_unchanged!(m, before, "an undo that would lose the user's edit");
    let history = m.ok("history", json!({}));
    assert_eq!(history[0]["can_undo"], false, "{history:#}");
}

#[test]
fn only_the_popover_may_call_the_commands() {
    // capabilities/default.json grants NativeGo's commands to the `popover` window only.
    let m = Machine::new("goarch-exported");
    let other = m.window("other");
    let fresh = m.files();
    for cmd in ["get_report", "recheck", "history", "get_autostart"] {
        let e = m.invoke_from(&other, cmd, json!({}));
        assert!(e.is_err(), "{cmd} from another window: {e:?}");
    }
    // Plugin commands the capability does not grant are refused in the popover too.
    let e = m.invoke(
        "plugin:clipboard-manager|write_text",
        json!({ "text": "x" }),
    );
    assert!(e.is_err(), "an ungranted plugin command: {e:?}");
    assert_unchanged!(m, fresh, "commands refused by the capability");
}

/// Send the same apply_fix twice at the same instant.
fn apply_twice_at_once(m: &Machine, args: &Value) -> Vec<Result<Value, Value>> {
    let key = m.app.invoke_key().to_string();
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        let calls: Vec<_> = (0..2)
            .map(|_| {
                let (popover, key, barrier) = (m.popover.clone(), &key, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    common::invoke(&popover, key, "apply_fix", args.clone())
                })
            })
            .collect();
        calls.into_iter().map(|c| c.join().unwrap()).collect()
    })
}

#[test]
fn a_previewed_fix_is_applied_once_even_when_apply_is_sent_twice_at_once() {
    // Regression: a double click on "Apply" sends the same ID and token twice at once, and
    // both calls passed the engine's check before either wrote: one change, two journal
    // entries (one of them left "applied" and undoable after the other was undone). The
    // race is lost most of the time without the app's lock; three rounds make it certain
    // enough.
    for _ in 0..3 {
        let m = Machine::new("goarch-exported");
        m.get_report();
        let original = m.zshrc();
        let preview = m.preview(FIX);
        let results = apply_twice_at_once(&m, &json!({ "fixId": FIX, "token": preview["token"] }));
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:#?}"
        );
        let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        // The second waits for the first, then finds the fix gone from the latest report.
        assert_eq!(refused["code"], "no-such-fix", "{refused}");
        assert_eq!(
            m.zshrc(),
            patch(&original, preview["diff"].as_str().unwrap())
        );
        // One change, one journal entry: undo gives the original back, nothing is left.
        let history = m.ok("history", json!({}));
        assert_eq!(history.as_array().unwrap().len(), 1, "{history:#}");
        m.ok("undo", json!({ "entryId": null }));
        assert_eq!(m.zshrc(), original);
        let e = m.refused("undo", json!({ "entryId": null }));
        assert_eq!(e.code, "undo");
        assert_eq!(m.ok("history", json!({}))[0]["can_undo"], false);
    }
}

/// Every report the app pushes to the UI, in order.
fn pushed_reports(m: &Machine) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    use tauri::Listener;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let out = seen.clone();
    m.app.listen_any(nativego_app::REPORT_EVENT, move |e| {
        out.lock()
            .unwrap()
            .push(serde_json::from_str::<Value>(e.payload()).unwrap());
    });
    seen
}

fn generation(report: &Value) -> u64 {
    report["watch"]["generation"]
        .as_u64()
        .expect("a watch generation")
}

#[test]
fn a_check_racing_apply_fix_never_brings_back_the_report_from_before_the_fix() {
    // Regression: the watcher and the commands both diagnosed, so a check that started
    // before apply_fix could publish the pre-fix report after it. Now only the watcher
    // diagnoses; here "Check now" is sent over and over while the fix is applied.
    // Listening before the owner starts, so the first report's push is seen too.
    let m = Machine::without_owner("goarch-exported");
    let pushed = pushed_reports(&m);
    m.start_owner();
    assert!(finding(&m.get_report(), "goarch-forced").is_some());
    let preview = m.preview(FIX);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let applied = std::thread::scope(|s| {
        let key = m.app.invoke_key().to_string();
        let popover = m.popover.clone();
        let stop = &stop;
        s.spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let _ = common::invoke(&popover, &key, "recheck", json!({}));
            }
        });
        let applied = m.ok(
            "apply_fix",
            json!({ "fixId": FIX, "token": preview["token"] }),
        );
        // More checks after the fix, while the watcher also sees the file change.
        std::thread::sleep(std::time::Duration::from_millis(600));
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        applied
    });
    assert!(finding(&applied["report"], "goarch-forced").is_none());
    let fixed_at = generation(&applied["report"]);
    assert!(finding(&m.get_report(), "goarch-forced").is_none());
    let pushed = pushed.lock().unwrap().clone();
    let generations: Vec<u64> = pushed.iter().map(generation).collect();
    assert!(
        generations.windows(2).all(|w| w[0] < w[1]),
        "pushed in generation order: {generations:?}"
    );
    for r in pushed.iter().filter(|r| generation(r) >= fixed_at) {
        assert!(
            finding(r, "goarch-forced").is_none(),
            "the report from before the fix came back: {generations:?}"
        );
    }
    // The fix changed one thing: one push before it (the first report), one after.
    assert_eq!(pushed.len(), 2, "{generations:?}");
}

#[test]
fn a_recheck_with_no_change_announces_nothing() {
    // Listening before the owner starts, so the first report's push is seen too.
    let m = Machine::without_owner("goarch-exported");
    let pushed = pushed_reports(&m);
    m.start_owner();
    let first = m.get_report();
    let seen = m.files();
    let mut last = generation(&first);
    for _ in 0..3 {
        let again = m.ok("recheck", json!({}));
        // A fresh check (a later generation) with the same content...
        assert!(generation(&again) > last, "{again}");
        last = generation(&again);
        assert_eq!(again["findings"], first["findings"]);
    }
    // ...is not pushed, notified or remembered again.
    assert_eq!(pushed.lock().unwrap().len(), 1);
    assert_unchanged!(m, seen, "a recheck of an unchanged machine");
    // Two at once are answered and still announce nothing.
    let key = m.app.invoke_key().to_string();
    std::thread::scope(|s| {
        for _ in 0..2 {
            let (popover, key) = (m.popover.clone(), &key);
            s.spawn(move || common::invoke(&popover, key, "recheck", json!({})).unwrap());
        }
    });
    assert_eq!(pushed.lock().unwrap().len(), 1);
}

#[test]
fn open_docs_refuses_anything_but_https_links_to_go_and_github() {
    let m = Machine::new("goarch-exported");
    // The references the popover shows are openable...
    let report = m.get_report();
    let before = m.files();
    let refs = finding(&report, "goarch-forced").unwrap()["references"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        refs.iter().any(|r| r["url"]
            .as_str()
            .unwrap()
            .starts_with("https://github.com/golang/go/issues/")),
        "{refs:?}"
    );
    // ...and whatever else the web view might send is refused before anything opens.
    for url in [
        "file:///etc/passwd",
        "http://go.dev/doc/",
        "https://go.dev.example.com/",
        "https://user@github.com/x",
        "/Applications/Calculator.app",
        "https://example.com/?https://go.dev",
        "",
    ] {
        let e = m.refused("open_docs", json!({ "url": url }));
        assert_eq!(e.code, "not-openable", "{url}: {e:?}");
    }
    let e = m.invoke("open_docs", json!({ "url": 7 }));
    assert!(e.is_err());
    // The opener plugin's own commands are not granted to the popover.
    let e = m.invoke(
        "plugin:opener|open_url",
        json!({ "url": "https://go.dev/" }),
    );
    assert!(e.is_err(), "{e:?}");
    assert_unchanged!(m, before, "refused links");
}

#[test]
fn copy_text_refuses_text_over_a_mebibyte() {
    let m = Machine::new("goarch-exported");
    let e = m.refused("copy_text", json!({ "text": "x".repeat((1 << 20) + 1) }));
    assert_eq!(e.code, "too-large", "{e:?}");
}
