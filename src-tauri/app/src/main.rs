//! NativeGo's menu-bar app.
// No console window on Windows release builds (NativeGo is a tray app).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    nativego_app::run();
}
