//! Tauri's build step: embeds `tauri.conf.json`, the capabilities and the icons, and
//! declares the app's commands so each needs an explicit permission in a capability.
fn main() {
    let commands = &[
        "get_report",
        "recheck",
        "preview_fix",
        "apply_fix",
        "undo",
        "history",
        "get_autostart",
        "set_autostart",
        "copy_text",
        "open_docs",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build step");
}
