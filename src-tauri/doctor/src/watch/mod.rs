//! Watching: the watch plan (which paths can change the diagnosis, pure), the loop that
//! re-diagnoses when one of them changes, and drift (when a change is worth telling the
//! user about, pure).

pub mod drift;
pub(crate) mod plan;
mod run;

pub use plan::{file_watches, watch_plan, PolledDir, WatchPlan, WatchStatus};
pub use run::{run, Control, Update, WatchOptions};
