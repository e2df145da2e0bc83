//! Writes the binaries listed in each scenario's `binaries.toml` into its `root/`.
//!
//! `cargo run -p nativego-doctor --example scenario-binaries -- tests/scenarios/*`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use nativego_doctor::host::scenario_binaries;

fn main() -> ExitCode {
    let dirs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: scenario-binaries SCENARIO_DIR...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for dir in dirs {
        match scenario_binaries::write(&dir) {
            Ok(written) => println!("{}: {} binaries", dir.display(), written.len()),
            Err(e) => {
                eprintln!("{}: {e}", dir.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
