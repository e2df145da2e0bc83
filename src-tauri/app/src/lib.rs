//! NativeGo's menu-bar app: the only crate that knows Tauri.
//!
//! It sits in the menu bar with an icon that follows the worst finding, watches the files
//! that decide the Go environment (through the engine's watcher: no polling), notifies
//! when the environment drifts, and shows the popover (the web UI in `ui/`) with the
//! findings and their fixes. Everything it knows comes from `nativego-doctor`.
//!
//! Environment variables:
//! - `NATIVEGO_SCENARIO=DIR` runs it against a scenario (demos and tests);
//! - `NATIVEGO_SHOW_WINDOW=1` shows the popover at start and keeps it shown (WebDriver
//!   tests cannot drive a hidden window).

// The I/O lints guard the engine's Host boundary. The app is a shell: it reads its own
// settings from the environment and opens the user's startup file in their editor.
#![allow(clippy::disallowed_methods)]

pub mod commands;
pub mod error;
pub mod state;
pub mod tray;

use std::path::PathBuf;
use std::sync::Arc;

use nativego_doctor::host::real::RealHost;
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;
use nativego_doctor::watch::drift;
use nativego_doctor::watch::{self, Control, WatchOptions};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime, WindowEvent};
use tauri_plugin_autostart::ManagerExt as _;
use tauri_plugin_notification::NotificationExt as _;

use crate::error::AppError;
use crate::state::{AppState, SharedHost};
use crate::tray::{Health, TrayAction, TrayModel};

/// The popover window's label.
pub const POPOVER: &str = "popover";
/// The tray icon's ID.
pub const TRAY: &str = "nativego";
/// The event that carries a new report to the UI.
pub const REPORT_EVENT: &str = "report";

const ICON_CHECKING: &[u8] = include_bytes!("../../../icons/tray/checking.png");
const ICON_OK: &[u8] = include_bytes!("../../../icons/tray/ok.png");
const ICON_WARN: &[u8] = include_bytes!("../../../icons/tray/warning.png");
const ICON_ERROR: &[u8] = include_bytes!("../../../icons/tray/error.png");
// macOS menu-bar icons are templates: black with alpha, tinted by the system for light
// and dark menu bars.
#[cfg(target_os = "macos")]
const TEMPLATE_OK: &[u8] = include_bytes!("../../../icons/tray/template-ok.png");
#[cfg(target_os = "macos")]
const TEMPLATE_WARN: &[u8] = include_bytes!("../../../icons/tray/template-warning.png");
#[cfg(target_os = "macos")]
const TEMPLATE_ERROR: &[u8] = include_bytes!("../../../icons/tray/template-error.png");

fn icon_bytes(health: Health) -> (&'static [u8], bool) {
    #[cfg(target_os = "macos")]
    {
        match health {
            Health::Checking | Health::Healthy => (TEMPLATE_OK, true),
            Health::Warning => (TEMPLATE_WARN, true),
            Health::Error => (TEMPLATE_ERROR, true),
        }
    }
    #[cfg(not(target_os = "macos"))]
    {
        match health {
            Health::Checking => (ICON_CHECKING, false),
            Health::Healthy => (ICON_OK, false),
            Health::Warning => (ICON_WARN, false),
            Health::Error => (ICON_ERROR, false),
        }
    }
}

/// Keep the coloured icons referenced on macOS too (they ship in the bundle).
#[allow(dead_code)]
const ALL_COLOURED: [&[u8]; 4] = [ICON_CHECKING, ICON_OK, ICON_WARN, ICON_ERROR];

fn show_window_at_start() -> bool {
    std::env::var_os("NATIVEGO_SHOW_WINDOW").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The machine to look at.
fn host_from_env() -> Result<SharedHost, String> {
    match std::env::var_os("NATIVEGO_SCENARIO") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            ScenarioHost::load(&dir)
                .map(|h| Arc::new(h) as SharedHost)
                .map_err(|e| format!("NATIVEGO_SCENARIO: {e}"))
        }
        _ => Ok(Arc::new(RealHost::new())),
    }
}

/// Remember a report, update the tray, tell the UI, and notify on drift. Called only by
/// the owner of diagnosis (the watcher thread), in generation order.
///
/// Through [`state::Publisher`]: a report not newer than the last published one is
/// dropped; one with the same content becomes the latest (commands waiting for a fresh
/// check get it) without telling anyone.
pub fn publish<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    report: &Report,
    started: std::time::Instant,
    generation: u64,
) {
    let mut publisher = state.publisher.lock().unwrap_or_else(|e| e.into_inner());
    let offer = publisher.offer(generation, report);
    if offer == state::Offer::New {
        update_tray(app, Some(report));
        let _ = app.emit(REPORT_EVENT, report);
        let seen = state.load_seen();
        if let Some(alert) = drift::decide(seen.as_ref(), report) {
            let _ = app
                .notification()
                .builder()
                .title(&alert.title)
                .body(&alert.body)
                .show();
        }
        state.save_seen(&drift::Seen::of(report));
    }
    // Last: a command waiting for this report returns once everything it causes is done.
    if offer != state::Offer::Stale {
        state.set_latest(state::Published {
            report: report.clone(),
            generation,
            started,
        });
    }
}

fn update_tray<R: Runtime>(app: &AppHandle<R>, report: Option<&Report>) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    let model = TrayModel::of(report);
    let (bytes, template) = icon_bytes(model.health);
    if let Ok(img) = Image::from_bytes(bytes) {
        let _ = tray.set_icon(Some(img));
        let _ = tray.set_icon_as_template(template);
    }
    let _ = tray.set_tooltip(Some(&model.tooltip));
}

fn toggle_popover<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(POPOVER) else {
        return;
    };
    if window.is_visible().unwrap_or(false) {
        let _ = window.hide();
    } else {
        show_popover(app);
    }
}

fn show_popover<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(POPOVER) else {
        return;
    };
    // Under the icon on macOS, where the tray reports its place; elsewhere tray clicks
    // carry no position (Linux trays are AppIndicators, which report none), so the popover
    // is centred.
    #[cfg(target_os = "macos")]
    {
        use tauri_plugin_positioner::{Position, WindowExt};
        if window.move_window(Position::TrayBottomCenter).is_err() {
            let _ = window.center();
        }
    }
    #[cfg(not(target_os = "macos"))]
    let _ = window.center();
    let _ = window.show();
    let _ = window.set_focus();
}

/// The popover behaves as a menu bar extra's: shown on whichever Space is active and over
/// full-screen apps (`CanJoinAllSpaces | FullScreenAuxiliary`), left out of the window
/// cycle, at the status bar's level.
#[cfg(target_os = "macos")]
fn float_like_a_menu<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use objc2_app_kit::{NSStatusWindowLevel, NSWindow, NSWindowCollectionBehavior};
    let Ok(ptr) = window.ns_window() else {
        return;
    };
    if ptr.is_null() {
        return;
    }
    // SAFETY: `ns_window` is this window's NSWindow, which lives as long as the window
    // (the popover is hidden, never closed); this runs on the main thread (setup).
    let ns = unsafe { &*ptr.cast::<NSWindow>() };
    ns.setCollectionBehavior(
        NSWindowCollectionBehavior::CanJoinAllSpaces
            | NSWindowCollectionBehavior::FullScreenAuxiliary
            | NSWindowCollectionBehavior::IgnoresCycle,
    );
    ns.setLevel(NSStatusWindowLevel);
}

/// Whether the app starts at login.
pub fn autostart_enabled<R: Runtime>(app: &AppHandle<R>) -> Result<bool, AppError> {
    app.autolaunch()
        .is_enabled()
        .map_err(|e| AppError::new("autostart", e.to_string()))
}

/// Start (or stop starting) at login.
pub fn set_autostart<R: Runtime>(app: &AppHandle<R>, enabled: bool) -> Result<bool, AppError> {
    let launcher = app.autolaunch();
    let result = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    result.map_err(|e| AppError::new("autostart", e.to_string()))?;
    let now = autostart_enabled(app)?;
    // The menu's checkmark says what is true now, whoever changed it (menu or popover).
    if let Some(item) = app.try_state::<AutostartItem<R>>() {
        let _ = item.0.set_checked(now);
    }
    Ok(now)
}

/// The startup file a user edits for new terminals (for "Open ~/.zshrc"), as a machine
/// path (`/Users/dev/.zshrc`, which may be a symlink into a dotfiles repository).
///
/// The startup files alone say which file that is (the shell and ZDOTDIR): no login
/// shell is run for it, so the menu item answers at once.
fn startup_file(state: &AppState) -> Option<PathBuf> {
    let opts = nativego_doctor::probe::ProbeOptions {
        run_login_shell: false,
        ..state.probe.clone()
    };
    let facts = nativego_doctor::probe::probe(state.host.as_ref(), &opts);
    nativego_doctor::fix::profile_file(&facts)
}

fn open_in_editor(path: &std::path::Path) {
    // A fixed program and a path NativeGo computed; never a shell.
    let (program, args): (&str, Vec<&std::ffi::OsStr>) = if cfg!(target_os = "macos") {
        ("/usr/bin/open", vec!["-t".as_ref(), path.as_os_str()])
    } else {
        ("xdg-open", vec![path.as_os_str()])
    };
    // `open` and `xdg-open` return at once; waiting for them on a thread of their own
    // reaps them (no zombie process per "Open ~/.zshrc").
    if let Ok(mut child) = std::process::Command::new(program).args(args).spawn() {
        std::thread::spawn(move || {
            let _ = child.wait();
        });
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let Some(action) = TrayAction::from_id(id) else {
        return;
    };
    let state = app.state::<AppState>();
    match action {
        TrayAction::Show => show_popover(app),
        TrayAction::CheckNow => {
            if let Some(tx) = state.control.lock().ok().and_then(|c| c.clone()) {
                let _ = tx.send(Control::Recheck);
            }
        }
        TrayAction::ToggleAutostart => {
            let now = autostart_enabled(app).unwrap_or(false);
            let _ = set_autostart(app, !now);
        }
        TrayAction::OpenStartupFile => {
            if let Some(path) = startup_file(&state).and_then(|p| state.host.real_path(&p)) {
                open_in_editor(&path);
            }
        }
        TrayAction::CopyReport => {
            use tauri_plugin_clipboard_manager::ClipboardExt;
            if let Some(report) = state.latest() {
                if let Ok(json) = serde_json::to_string_pretty(&report) {
                    let _ = app.clipboard().write_text(json);
                }
            }
        }
        TrayAction::Quit => app.exit(0),
    }
}

/// The tray menu's "Launch at login" item, kept so that a change made in the popover
/// shows in the menu too.
struct AutostartItem<R: Runtime>(CheckMenuItem<R>);

fn build_tray<R: Runtime>(app: &AppHandle<R>, startup_label: &str) -> tauri::Result<TrayIcon<R>> {
    let autostart = autostart_enabled(app).unwrap_or(false);
    let item = |a: TrayAction, text: &str| MenuItem::with_id(app, a.id(), text, true, None::<&str>);
    let autostart_item = CheckMenuItem::with_id(
        app,
        TrayAction::ToggleAutostart.id(),
        "Launch at login",
        true,
        autostart,
        None::<&str>,
    )?;
    app.manage(AutostartItem(autostart_item.clone()));
    let menu = Menu::with_items(
        app,
        &[
            &item(TrayAction::Show, "Show NativeGo")?,
            &item(TrayAction::CheckNow, "Check now")?,
            &PredefinedMenuItem::separator(app)?,
            &autostart_item,
            &item(TrayAction::OpenStartupFile, startup_label)?,
            &item(TrayAction::CopyReport, "Copy report")?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::about(app, Some("About NativeGo"), None)?,
            &item(TrayAction::Quit, "Quit NativeGo")?,
        ],
    )?;
    let (bytes, template) = icon_bytes(Health::Checking);
    TrayIconBuilder::with_id(TRAY)
        .icon(Image::from_bytes(bytes)?)
        .icon_as_template(template)
        .tooltip("NativeGo — checking…")
        .menu(&menu)
        // Left click toggles the popover on macOS; the menu is on right click. (On Linux
        // every click opens the menu, so the menu reaches everything.)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            tauri_plugin_positioner::on_tray_event(tray.app_handle(), &event);
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                toggle_popover(tray.app_handle());
            }
        })
        .build(app)
}

/// Start the owner of diagnosis on its own thread: the watch loop, which diagnoses at once,
/// after each change and when a command asks (`Control::Recheck`). It is the only place
/// the app diagnoses. If the OS will not watch at all, the thread still answers checks.
pub fn start_owner<R: Runtime>(app: &AppHandle<R>, opts: WatchOptions) {
    let (tx, rx) = std::sync::mpsc::channel::<Control>();
    let state = app.state::<AppState>();
    if let Ok(mut c) = state.control.lock() {
        *c = Some(tx.clone());
    }
    let host = state.host.clone();
    let probe = state.probe.clone();
    let app = app.clone();
    std::thread::Builder::new()
        .name("nativego-watcher".into())
        .spawn(move || {
            // Said once when the watcher starts polling (the system's limit on file
            // watches reached); the popover keeps saying it while it lasts.
            let mut polling: Option<String> = None;
            let mut emit = |u: watch::Update| {
                let state = app.state::<AppState>();
                publish(&app, &state, u.report, u.started, u.generation);
                let now = u.report.watch.as_ref().and_then(|w| w.message.clone());
                if let (Some(message), None) = (&now, &polling) {
                    let _ = app
                        .notification()
                        .builder()
                        .title("NativeGo sees changes more slowly")
                        .body(message)
                        .show();
                }
                polling = now;
                true
            };
            if let Err(e) = watch::run(host.as_ref(), &probe, &opts, tx, rx, &mut emit) {
                let _ = app
                    .notification()
                    .builder()
                    .title("NativeGo cannot watch for changes")
                    .body(&e)
                    .show();
                serve_checks(&app, host.as_ref(), &probe);
            }
        })
        .ok();
}

/// The owner of diagnosis without a watcher: a check at once and one per request.
fn serve_checks<R: Runtime>(
    app: &AppHandle<R>,
    host: &dyn nativego_doctor::host::Host,
    probe: &ProbeOptions,
) {
    let (tx, rx) = std::sync::mpsc::channel::<Control>();
    let state = app.state::<AppState>();
    if let Ok(mut c) = state.control.lock() {
        *c = Some(tx);
    }
    let mut generation = 0;
    loop {
        generation += 1;
        let started = std::time::Instant::now();
        let (_, report) = nativego_doctor::diagnose(host, probe);
        publish(app, &state, &report, started, generation);
        loop {
            match rx.recv() {
                Ok(Control::Recheck) => break,
                Ok(Control::Fs(_)) => continue,
                Ok(Control::Stop) | Err(_) => return,
            }
        }
    }
}

/// The app, built on any runtime (the real one, or Tauri's mock runtime in tests). Its
/// setup (or a test, where no event loop runs) starts the owner of diagnosis with
/// [`start_owner`].
pub fn builder<R: Runtime>(host: SharedHost, probe: ProbeOptions) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .plugin(tauri_plugin_positioner::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(host, probe))
        .invoke_handler(tauri::generate_handler![
            commands::get_report,
            commands::recheck,
            commands::preview_fix,
            commands::apply_fix,
            commands::undo,
            commands::history,
            commands::get_autostart,
            commands::set_autostart,
            commands::copy_text,
            commands::open_docs,
        ])
}

/// Run the menu-bar app.
pub fn run() {
    let host = match host_from_env() {
        Ok(h) => h,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("nativego: error: {e}");
            }
            std::process::exit(2);
        }
    };
    let keep_shown = show_window_at_start();
    let app = builder::<tauri::Wry>(host, ProbeOptions::default())
        .setup(move |app| {
            // A menu-bar app: no Dock icon, no app switcher entry.
            #[cfg(target_os = "macos")]
            app.set_activation_policy(tauri::ActivationPolicy::Accessory);
            let label = {
                let state = app.state::<AppState>();
                startup_file(&state)
                    .and_then(|p| {
                        p.file_name()
                            .map(|n| format!("Open ~/{}", n.to_string_lossy()))
                    })
                    .unwrap_or_else(|| "Open ~/.zshrc".into())
            };
            // The tray first, so the first report finds it.
            build_tray(app.handle(), &label)?;
            #[cfg(target_os = "macos")]
            if let Some(window) = app.get_webview_window(POPOVER) {
                float_like_a_menu(&window);
            }
            start_owner(app.handle(), WatchOptions::default());
            if keep_shown {
                show_popover(app.handle());
            }
            Ok(())
        })
        .on_window_event(move |window, event| {
            // A popover hides when it loses focus.
            if let WindowEvent::Focused(false) = event {
                if window.label() == POPOVER && !keep_shown {
                    let _ = window.hide();
                }
            }
            // Closing the popover hides it; the app lives in the menu bar.
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_app, event| {
            // Closing the last window does not quit a menu-bar app.
            if let tauri::RunEvent::ExitRequested { api, code, .. } = event {
                if code.is_none() {
                    api.prevent_exit();
                }
            }
        }),
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("nativego: error: the app could not start: {e}");
            }
            std::process::exit(2);
        }
    }
}
