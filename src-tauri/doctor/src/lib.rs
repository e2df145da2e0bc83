//! NativeGo's diagnosis engine.
//!
//! ```text
//! Host ──► probe ──► Facts ──► checks ──► Findings ──► Report ──► render / JSON
//! (edge)   (reads)   (data)    (pure)     (data)       (contract)
//! ```
//!
//! The engine never prints and knows nothing of Tauri. Everything it learns from the
//! machine goes through [`host::Host`]; everything after the probe is pure.

pub mod binary;
pub mod checks;
pub mod facts;
pub mod finding;
pub mod host;
pub mod shell;
