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
pub mod config;
pub mod facts;
pub mod finding;
pub mod fix;
pub mod gomodule;
pub mod host;
pub mod jsonc;
pub mod probe;
pub mod references;
pub mod render;
pub mod report;
pub mod selection;
pub mod shell;
pub mod snapshot;
pub(crate) mod text;
#[cfg(test)]
mod ts_types;
pub mod vet;
pub mod watch;

use facts::Facts;
use host::Host;
use probe::ProbeOptions;
use report::Report;

/// Probe the machine, run every check, and vet every fix that edits files: the whole
/// diagnosis.
pub fn diagnose(host: &dyn Host, opts: &ProbeOptions) -> (Facts, Report) {
    diagnose_selected(host, opts, &selection::Selection::all())
}

/// [`diagnose`] running only the checks `selection` includes.
pub fn diagnose_selected(
    host: &dyn Host,
    opts: &ProbeOptions,
    selection: &selection::Selection,
) -> (Facts, Report) {
    let facts = probe::probe(host, opts);
    let mut report = report::build_selected(&facts, selection);
    vet::vet(host, &facts, &mut report.findings);
    (facts, report)
}
