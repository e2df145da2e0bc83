//! `nativego`: NativeGo's diagnosis in a terminal and as JSON.
fn main() {}
