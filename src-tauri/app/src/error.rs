//! The error every command returns, serialized as `{ code, message }` for the UI.

use serde::Serialize;

/// An error the UI can show; `code` is what it branches on.
#[derive(Debug, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// `no-such-fix`, `not-previewed`, `stale-preview`, `manual-fix`, `plan`, `apply`,
    /// `undo`, `autostart`, `internal`.
    pub code: &'static str,
    pub message: String,
}

impl AppError {
    pub fn new(code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }
}
