//! Startup order: which files zsh and bash read as a terminal opens, the initial state,
//! and the assembly of the final [`LoginEnv`].

use std::path::{Path, PathBuf};

use crate::facts::{LoginEnv, LoginMethod, Origin, Os, PathEntry, ShellKind, Unknown};
use crate::host::{self, Host};

use super::eval::{shorten, Evaluator, Flow};
use super::state::Var;
use super::EvalOptions;

/// Evaluate the startup files for `opts`.
pub fn evaluate(host: &dyn Host, opts: &EvalOptions) -> LoginEnv {
    let mut ev = Evaluator::new(host, opts);
    init(&mut ev);
    match opts.shell {
        ShellKind::Zsh => run_zsh(&mut ev),
        ShellKind::Bash => run_bash(&mut ev),
        ShellKind::Other => {
            ev.push_unknown(Unknown {
                path: PathBuf::new(),
                line: 0,
                text: String::new(),
                reason: "this shell's startup files cannot be evaluated statically".into(),
                affects: vec!["PATH".into()],
            });
            ev.env.path_incomplete = true;
        }
    }
    finish(ev)
}

/// The state a shell starts in: the inherited environment and the shell's own variables.
fn init(ev: &mut Evaluator<'_>) {
    let opts = ev.opts;
    for (k, v) in &opts.initial_env {
        if k == "PATH" {
            let entries = if v.is_empty() {
                Vec::new()
            } else {
                v.split(':')
                    .map(|d| PathEntry {
                        dir: d.to_string(),
                        origin: Origin::Inherited,
                    })
                    .collect()
            };
            ev.env.set_path(entries, false, Origin::Inherited);
        } else {
            ev.env.vars.insert(
                k.clone(),
                Var {
                    val: Some(v.clone()),
                    exported: true,
                    origin: Origin::Inherited,
                },
            );
        }
    }
    if !ev.env.vars.contains_key("HOME") {
        ev.env.vars.insert(
            "HOME".into(),
            Var {
                val: Some(opts.home.to_string_lossy().into_owned()),
                exported: true,
                origin: Origin::Inherited,
            },
        );
    }
    let mut shell_var = |name: &str, val: String| {
        if !ev.env.vars.contains_key(name) {
            ev.env.vars.insert(
                name.into(),
                Var {
                    val: Some(val),
                    exported: false,
                    origin: Origin::Inherited,
                },
            );
        }
    };
    let ostype = match opts.os {
        Os::Macos => "darwin23.0",
        Os::Linux => "linux-gnu",
        Os::Other => "unknown",
    };
    let mut flags = String::from("h");
    if opts.interactive {
        flags.push('i');
    }
    if opts.login {
        flags.push('l');
    }
    match opts.shell {
        ShellKind::Zsh => {
            shell_var("ZSH_VERSION", "5.9".into());
            shell_var("ZSH_NAME", "zsh".into());
            if opts.interactive {
                shell_var("PS1", "%m%# ".into());
            }
        }
        ShellKind::Bash => {
            let bash = if opts.os == Os::Macos {
                ("/bin/bash", "3.2.57(1)-release")
            } else {
                ("/usr/bin/bash", "5.2.15(1)-release")
            };
            shell_var("BASH", bash.0.into());
            shell_var("BASH_VERSION", bash.1.into());
            if opts.interactive {
                shell_var("PS1", "\\s-\\v\\$ ".into());
            }
        }
        ShellKind::Other => {}
    }
    shell_var("OSTYPE", ostype.into());
    shell_var("-", flags);
    ev.env.global_rcs = opts.global_rcs;
}

fn home_of(ev: &Evaluator<'_>) -> String {
    ev.env
        .get_known("HOME")
        .unwrap_or_else(|| ev.opts.home.to_string_lossy().into_owned())
}

/// `$ZDOTDIR`, defaulting to the home; `None` when unknown.
fn zdotdir(ev: &mut Evaluator<'_>) -> Option<String> {
    match ev.env.vars.get("ZDOTDIR") {
        None => Some(home_of(ev)),
        Some(v) => match &v.val {
            Some(s) if !s.is_empty() => Some(s.clone()),
            Some(_) => Some(home_of(ev)),
            None => None,
        },
    }
}

/// Read and run one startup file. `Err` when evaluation must stop.
fn run_startup(ev: &mut Evaluator<'_>, path: &Path) -> Result<(), Flow> {
    let Some(text) = ev.read_file(path) else {
        return Ok(());
    };
    ev.run_file(path, &text, Vec::new(), None)
}

fn run_zsh(ev: &mut Evaluator<'_>) {
    let opts = ev.opts;
    let sys = |name: &str| -> PathBuf {
        match opts.os {
            Os::Linux => PathBuf::from(format!("/etc/zsh/{name}")),
            _ => PathBuf::from(format!("/etc/{name}")),
        }
    };
    // (system file, user file, runs?)
    let stages: [(&str, bool); 4] = [
        ("zshenv", true),
        ("zprofile", opts.login),
        ("zshrc", opts.interactive),
        ("zlogin", opts.login),
    ];
    for (k, (name, runs)) in stages.into_iter().enumerate() {
        if !runs {
            continue;
        }
        // /etc/zshenv always runs (GLOBAL_RCS is read after it); the rest honour the options.
        if ev.opts.global_rcs
            && (k == 0 || (ev.env.global_rcs && ev.env.rcs))
            && run_startup(ev, &sys(name)).is_err()
        {
            return;
        }
        if !ev.env.rcs {
            continue;
        }
        let Some(dir) = zdotdir(ev) else {
            ev.push_unknown(Unknown {
                path: PathBuf::from(format!("$ZDOTDIR/.{name}")),
                line: 0,
                text: String::new(),
                reason: "ZDOTDIR is unknown: the user's startup files could not be located".into(),
                affects: vec!["PATH".into()],
            });
            ev.env.path_incomplete = true;
            continue;
        };
        let path = Path::new(&dir).join(format!(".{name}"));
        if run_startup(ev, &path).is_err() {
            return;
        }
    }
}

fn run_bash(ev: &mut Evaluator<'_>) {
    let opts = ev.opts;
    let home = PathBuf::from(home_of(ev));
    if opts.login {
        if opts.global_rcs && run_startup(ev, Path::new("/etc/profile")).is_err() {
            return;
        }
        for name in [".bash_profile", ".bash_login", ".profile"] {
            let p = home.join(name);
            let exists = host::exists(ev.host, &p);
            if run_startup(ev, &p).is_err() {
                return;
            }
            if exists {
                break;
            }
        }
    } else if opts.interactive {
        if opts.global_rcs
            && opts.os == Os::Linux
            && run_startup(ev, Path::new("/etc/bash.bashrc")).is_err()
        {
            return;
        }
        let _ = run_startup(ev, &home.join(".bashrc"));
    }
}

fn finish(ev: Evaluator<'_>) -> LoginEnv {
    let mut out = LoginEnv {
        shell_kind: Some(ev.opts.shell),
        method: Some(LoginMethod::Static),
        ..LoginEnv::default()
    };
    for (name, v) in &ev.env.vars {
        if !v.exported {
            continue;
        }
        match &v.val {
            Some(s) => {
                out.vars.insert(name.clone(), s.clone());
                out.origins.insert(name.clone(), v.origin.clone());
            }
            None => {
                out.unknown_vars.push(name.clone());
                out.origins.insert(name.clone(), v.origin.clone());
            }
        }
    }
    if let Some(p) = &ev.env.path {
        out.path = p.clone();
        if !ev.env.path_incomplete {
            out.vars
                .insert("PATH".into(), ev.env.path_string().unwrap_or_default());
            out.origins
                .insert("PATH".into(), ev.env.path_origin.clone());
        }
    }
    out.path_incomplete = ev.env.path_incomplete;
    if out.path_incomplete {
        out.unknown_vars.push("PATH".into());
        out.unknown_vars.sort();
    }
    out.files = ev.report.files;
    out.unknowns = ev
        .report
        .unknowns
        .into_iter()
        .map(|mut u| {
            u.text = shorten(&u.text);
            u
        })
        .collect();
    out
}
