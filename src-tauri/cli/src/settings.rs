//! `nativego ignore` and `unignore`: the suppressions in the user's settings file
//! (`nativego_doctor::config`), edited so that every other byte of the file stays.

use std::path::PathBuf;
use std::process::ExitCode;

use nativego_doctor::checks;
use nativego_doctor::config::{self, Suppression};
use nativego_doctor::host::HostMut;

use crate::{out, Failure};

fn settings_path(host: &dyn HostMut) -> Result<PathBuf, Failure> {
    nativego_doctor::probe::config_path(host, host.home().as_deref())
        .ok_or_else(|| Failure::new("there is no home folder to keep NativeGo's settings in"))
}

/// The file's text ("" when it does not exist) and its mode.
fn read(host: &dyn HostMut, path: &std::path::Path) -> Result<(String, u32), Failure> {
    match host.read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure::new(format!("{} is not UTF-8 text", path.display())))?;
            let mode = host.metadata(path).map(|m| m.mode & 0o777).unwrap_or(0o644);
            Ok((text, mode))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((String::new(), 0o644)),
        Err(e) => Err(Failure::new(format!(
            "could not read {}: {e}",
            path.display()
        ))),
    }
}

fn write(host: &dyn HostMut, path: &std::path::Path, text: &str, mode: u32) -> Result<(), Failure> {
    if let Some(dir) = path.parent() {
        host.create_dir_all(dir, 0o755)
            .map_err(|e| Failure::new(format!("could not create {}: {e}", dir.display())))?;
    }
    host.write_atomic(path, text.as_bytes(), mode)
        .map_err(|e| Failure::new(format!("could not write {}: {e}", path.display())))
}

fn known_check(id: &str) -> Result<(), Failure> {
    if checks::find(id).is_none() {
        return Err(
            Failure::new(format!("there is no check `{id}`")).hint("`nativego checks` lists them")
        );
    }
    Ok(())
}

pub fn ignore(
    host: &dyn HostMut,
    check: &str,
    subject: Option<String>,
    reason: Option<String>,
) -> Result<ExitCode, Failure> {
    known_check(check)?;
    let path = settings_path(host)?;
    let (text, mode) = read(host, &path)?;
    let s = Suppression {
        check: check.to_string(),
        subject,
        reason,
    };
    let new = config::add(&text, &s).map_err(|e| {
        Failure::new(format!("{} cannot be read: {e}", path.display()))
            .hint("fix or remove the file; NativeGo does not rewrite a file it cannot read")
    })?;
    write(host, &path, &new, mode)?;
    out(&format!(
        "Ignoring {}{} (in {}). `nativego unignore {}` undoes it.\n",
        s.label(),
        s.reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default(),
        path.display(),
        s.label()
    ))
}

pub fn unignore(
    host: &dyn HostMut,
    check: &str,
    subject: Option<String>,
) -> Result<ExitCode, Failure> {
    let path = settings_path(host)?;
    let (text, mode) = read(host, &path)?;
    let (new, removed) = config::remove(&text, check, subject.as_deref())
        .map_err(|e| Failure::new(format!("{} cannot be read: {e}", path.display())))?;
    let label = Suppression {
        check: check.to_string(),
        subject,
        reason: None,
    }
    .label();
    if removed == 0 {
        return Err(Failure::new(format!("nothing ignores `{label}`"))
            .hint(format!("the suppressions are in {}", path.display())));
    }
    write(host, &path, &new, mode)?;
    out(&format!("No longer ignoring {label}.\n"))
}
