//! The IPC commands the popover calls. Every input is checked here: a fix is applied only
//! by an ID present in the latest report, and only against the plan that was previewed.

use nativego_doctor::finding::find_fix;
use nativego_doctor::fix::apply::{self, EntryState};
use nativego_doctor::fix::plan::{self, Plan};
use nativego_doctor::fix::Applicability;
use nativego_doctor::host::real::RealSyntaxCheck;
use nativego_doctor::report::Report;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::AppError;
use crate::state::{AppState, CHECK_TIMEOUT};

/// A fix, resolved against the files now, as the UI shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Preview {
    pub fix_id: String,
    pub title: String,
    pub applicability: Applicability,
    /// Hand this back to `apply_fix`: it names this exact plan.
    pub token: String,
    /// Unified diffs of every file it changes.
    pub diff: String,
    /// The exact commands it runs.
    pub commands: Vec<String>,
    /// Already in place: nothing to change.
    pub empty: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    pub entry_id: String,
    pub title: String,
    pub report: Report,
    pub action_failure: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Undone {
    pub entry_id: String,
    pub title: String,
    pub report: Report,
}

#[derive(Clone, Debug, Serialize)]
pub struct HistoryEntry {
    pub id: String,
    pub fix_id: String,
    pub title: String,
    pub applied_at: u64,
    pub state: EntryState,
    pub can_undo: bool,
}

/// The latest report, or the first one when the owner of diagnosis has not published yet.
async fn latest_or_first(state: &AppState) -> Result<Report, AppError> {
    match state.latest() {
        Some(r) => Ok(r),
        None => state.report_after(None, CHECK_TIMEOUT).await,
    }
}

/// Blocking engine work (file reads, writes, `zsh -n`) on Tauri's blocking pool, off the
/// async runtime's threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::new("internal", format!("the work stopped: {e}")))?
}

/// The report after a change the app made: a check that started after it. The change is
/// made either way; if the check does not come in time, the latest report stands (the
/// owner publishes the fresh one when it is done).
async fn report_after_change(state: &AppState) -> Result<Report, AppError> {
    match state.check_now().await {
        Ok(r) => Ok(r),
        Err(e) => state.latest().ok_or(e),
    }
}

fn valid_id(id: &str) -> Result<(), AppError> {
    // IDs are `check-id:what` in ASCII; anything else never came from a report.
    if id.is_empty()
        || id.len() > 200
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:./@+".contains(c))
    {
        return Err(AppError::new(
            "no-such-fix",
            "that is not a fix ID NativeGo offered",
        ));
    }
    Ok(())
}

#[tauri::command]
pub async fn get_report(state: State<'_, AppState>) -> Result<Report, AppError> {
    latest_or_first(&state).await
}

#[tauri::command]
pub async fn recheck(state: State<'_, AppState>) -> Result<Report, AppError> {
    state.check_now().await
}

#[tauri::command]
pub async fn preview_fix(state: State<'_, AppState>, fix_id: String) -> Result<Preview, AppError> {
    valid_id(&fix_id)?;
    let report = latest_or_first(&state).await?;
    let (_, fix) = find_fix(&report.findings, &fix_id)
        .map_err(|e| AppError::new("no-such-fix", e.to_string()))?;
    if fix.id != fix_id {
        return Err(AppError::new(
            "no-such-fix",
            "fixes are named by their full ID",
        ));
    }
    if fix.applicability == Applicability::Manual {
        return Err(AppError::new(
            "manual-fix",
            "this fix is manual: follow its instructions",
        ));
    }
    let (host, fix) = (state.host.clone(), fix.clone());
    let applicability = fix.applicability;
    let plan = blocking(move || {
        plan::plan(host.as_ref(), &fix).map_err(|e| AppError::new("plan", e.to_string()))
    })
    .await?;
    let token = state.next_token();
    let preview = preview_of(&plan, applicability, &token);
    if let Ok(mut p) = state.previews.lock() {
        p.insert(fix_id, (token, plan));
    }
    Ok(preview)
}

pub fn preview_of(plan: &Plan, applicability: Applicability, token: &str) -> Preview {
    Preview {
        fix_id: plan.fix_id.clone(),
        title: plan.title.clone(),
        applicability,
        token: token.to_string(),
        diff: plan
            .changes
            .iter()
            .map(|c| {
                if c.create_dir {
                    format!("create directory {}\n", c.path.display())
                } else {
                    plan::unified_diff(c)
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        commands: plan.actions.iter().map(|a| a.command_line()).collect(),
        empty: plan.is_empty(),
    }
}

#[tauri::command]
pub async fn apply_fix<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    fix_id: String,
    token: String,
) -> Result<Applied, AppError> {
    valid_id(&fix_id)?;
    // The checks below, the writes and the report after them happen as one step: a second
    // apply_fix waits, then sees the report this one leaves.
    let _changing = state.changing.lock().await;
    let report = state
        .latest()
        .ok_or_else(|| AppError::new("not-previewed", "check the machine first"))?;
    // The fix must still be offered by the latest report...
    let (_, fix) = find_fix(&report.findings, &fix_id)
        .map_err(|e| AppError::new("no-such-fix", e.to_string()))?;
    if fix.id != fix_id || fix.applicability == Applicability::Manual {
        return Err(AppError::new("no-such-fix", "that fix cannot be applied"));
    }
    // ...and applied exactly as previewed.
    let plan = {
        let previews = state
            .previews
            .lock()
            .map_err(|_| AppError::new("internal", "preview state unavailable"))?;
        match previews.get(&fix_id) {
            Some((t, plan)) if *t == token => plan.clone(),
            Some(_) => {
                return Err(AppError::new(
                    "stale-preview",
                    "the files changed since this preview; look at the new preview first",
                ))
            }
            None => {
                return Err(AppError::new(
                    "not-previewed",
                    "a fix is applied only after its preview was shown",
                ))
            }
        }
    };
    let applied = {
        let app = app.clone();
        blocking(move || {
            let host = app.state::<AppState>().host.clone();
            apply::apply(host.as_ref(), &plan, &RealSyntaxCheck, host.can_run()).map_err(
                |e| match e {
                    apply::ApplyError::Changed { .. } => {
                        AppError::new("stale-preview", e.to_string())
                    }
                    other => AppError::new("apply", other.to_string()),
                },
            )
        })
        .await?
    };
    if let Ok(mut p) = state.previews.lock() {
        p.remove(&fix_id);
    }
    let report = report_after_change(&state).await?;
    Ok(Applied {
        entry_id: applied.entry.id,
        title: applied.entry.title,
        report,
        action_failure: applied.action_failure,
    })
}

#[tauri::command]
pub async fn undo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    entry_id: Option<String>,
) -> Result<Undone, AppError> {
    if let Some(id) = &entry_id {
        // Journal entry IDs are `<unix time>-<fix id with _>`: no path separators.
        if id.is_empty() || id.len() > 300 || id.contains('/') || id.contains("..") {
            return Err(AppError::new("undo", "that is not a journal entry"));
        }
    }
    let _changing = state.changing.lock().await;
    let entry = {
        let app = app.clone();
        blocking(move || {
            let host = app.state::<AppState>().host.clone();
            apply::undo(host.as_ref(), entry_id.as_deref())
                .map_err(|e| AppError::new("undo", e.to_string()))
        })
        .await?
    };
    let report = report_after_change(&state).await?;
    Ok(Undone {
        entry_id: entry.id,
        title: entry.title,
        report,
    })
}

#[tauri::command]
pub async fn history(state: State<'_, AppState>) -> Result<Vec<HistoryEntry>, AppError> {
    let host = state.host.clone();
    blocking(move || history_of(host.as_ref())).await
}

fn history_of(host: &dyn nativego_doctor::host::HostMut) -> Result<Vec<HistoryEntry>, AppError> {
    let entries = apply::history(host).map_err(|e| AppError::new("undo", e.to_string()))?;
    Ok(entries
        .into_iter()
        .map(|e| HistoryEntry {
            can_undo: apply::can_undo(host, &e).unwrap_or(false),
            id: e.id,
            fix_id: e.fix_id,
            title: e.title,
            applied_at: e.applied_at,
            state: e.state,
        })
        .collect())
}

#[tauri::command]
pub async fn get_autostart<R: Runtime>(app: AppHandle<R>) -> Result<bool, AppError> {
    crate::autostart_enabled(&app)
}

#[tauri::command]
pub async fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<bool, AppError> {
    crate::set_autostart(&app, enabled)
}

/// The most text the popover may put on the clipboard (a command or a report).
const MAX_CLIPBOARD_TEXT: usize = 1 << 20;

/// Put `text` on the system clipboard through the clipboard plugin (the popover's "Copy"
/// for a manual fix's command): the web view's own clipboard may be refused.
#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), AppError> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    if text.len() > MAX_CLIPBOARD_TEXT {
        return Err(AppError::new("too-large", "that text is too large to copy"));
    }
    app.clipboard()
        .write_text(text)
        .map_err(|e| AppError::new("clipboard", e.to_string()))
}

/// Open a finding's reference in the browser: only an `https` link to go.dev, pkg.go.dev
/// or github.com (`references::is_openable`), never a file, a program or another
/// host, whatever the web view sends.
#[tauri::command]
pub async fn open_docs<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    if !nativego_doctor::references::is_openable(&url) {
        return Err(AppError::new(
            "not-openable",
            "NativeGo opens only links to go.dev and github.com",
        ));
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| AppError::new("open", e.to_string()))
}
