//! macOS facts that are not files: which terminal apps and shells run under Rosetta,
//! and which apps are set to "Open using Rosetta".
//!
//! Split so that as much as possible is tested on the Linux build machines:
//! - pure parsers, compiled on every OS and unit-tested with sample bytes:
//!   [`kinfo`] (`struct kinfo_proc`, `P_TRANSLATED`), [`launch_services`] (the
//!   LaunchServices preferences and their bookmarks), [`system_version`]
//!   (SystemVersion.plist), [`xcode`] (the Xcode licence property lists) and [`processes`]
//!   (which processes matter);
//! - `sys`, macOS only, the few calls into the OS (`sysctl`, the process list, reading the
//!   preferences file). It is type-checked and linted for `aarch64-apple-darwin` on
//!   Linux, but only runs on a Mac.
//!
//! Facts and sources: docs/macos-facts.md (Rosetta for the current and for other
//! processes, "Open using Rosetta", a terminal under Rosetta, building from Linux).

pub mod kinfo;
pub mod launch_services;
pub mod processes;
pub mod system_version;
pub mod xcode;

#[cfg(target_os = "macos")]
pub(crate) mod sys;
