//! Version managers' shims, resolved statically: which Go a shim runs for a new terminal.
//!
//! A `go` in asdf's, goenv's or mise's `shims` folder is not Go: it is a script (asdf,
//! goenv) or a link to the manager's own binary (mise) that picks a version at run time.
//! NativeGo runs no manager; it reads the files the manager reads, as the manager reads
//! them for a terminal that starts in the home folder:
//!
//! - **asdf** (`$ASDF_DATA_DIR`, default `~/.asdf`): `ASDF_GOLANG_VERSION`, then the first
//!   `.tool-versions` (`$ASDF_DEFAULT_TOOL_VERSIONS_FILENAME`) with a `golang` line from the
//!   home folder up to `/` — and, when `~/.asdfrc` says `legacy_version_file = yes`, a
//!   `.go-version` in the same folders; the first listed version that is installed
//!   (`installs/golang/<v>/go/bin/go`) runs.
//! - **goenv** (`$GOENV_ROOT`, default `~/.goenv`): `GOENV_VERSION`, then `.go-version` from
//!   the home folder up, then `$GOENV_ROOT/version`; `versions/<v>/bin/go`.
//! - **mise** (`$MISE_DATA_DIR`, default `~/.local/share/mise`): `MISE_GO_VERSION`, then
//!   `mise.toml`, `.mise.toml`, `mise/config.toml` and `.tool-versions` from the home folder up,
//!   then `~/.config/mise/config.toml` (`$MISE_CONFIG_DIR`); a version may be a prefix
//!   (`1.22` runs the newest installed `1.22.x`) or `latest`; `installs/go/<v>/bin/go`.
//!
//! `system` means the next `go` on PATH after the shims. What cannot be read this way
//! (a version from a plugin's script, `ref:`/`path:` versions) is left unresolved and
//! said so, never guessed.

use std::path::{Path, PathBuf};

use crate::facts::{LoginEnv, Shim, ShimProblem};
use crate::host::{self, Host};

/// The version managers whose shims NativeGo resolves.
pub const MANAGERS: [&str; 3] = ["asdf", "goenv", "mise"];

/// Where a manager keeps its data (shims, installs), from the login environment.
fn data_dir(manager: &str, home: &Path, login: &LoginEnv) -> PathBuf {
    let var = |name: &str| {
        login
            .var(name)
            .filter(|v| v.starts_with('/'))
            .map(PathBuf::from)
    };
    match manager {
        "asdf" => var("ASDF_DATA_DIR").unwrap_or_else(|| home.join(".asdf")),
        "goenv" => var("GOENV_ROOT").unwrap_or_else(|| home.join(".goenv")),
        _ => var("MISE_DATA_DIR").unwrap_or_else(|| {
            var("XDG_DATA_HOME")
                .map(|x| x.join("mise"))
                .unwrap_or_else(|| home.join(".local/share/mise"))
        }),
    }
}

/// The manager whose shim `go` is, by the folder it is in.
pub fn shim_manager(go: &Path, home: &Path, login: &LoginEnv) -> Option<&'static str> {
    let dir = go.parent()?;
    MANAGERS
        .into_iter()
        .find(|m| dir == data_dir(m, home, login).join("shims"))
}

/// A version a version file or variable asks for, and where it was asked.
struct Request {
    versions: Vec<String>,
    set_by: String,
    path: Option<PathBuf>,
    line: Option<u32>,
}

/// Resolve the shim `go` of `manager`. `next_go` is the first `go` on PATH after the
/// shim's folder (what `system` runs).
pub fn resolve(
    host: &dyn Host,
    manager: &str,
    home: &Path,
    login: &LoginEnv,
    next_go: Option<&Path>,
) -> Shim {
    let data = data_dir(manager, home, login);
    let request = match manager {
        "asdf" => asdf_request(host, home, login),
        "goenv" => goenv_request(host, home, login, &data),
        _ => mise_request(host, home, login),
    };
    let mut shim = Shim {
        manager: manager.into(),
        requested: None,
        set_by: None,
        set_by_path: None,
        set_by_line: None,
        target: None,
        problem: None,
        installed: installed_versions(host, manager, &data),
    };
    let Some(req) = request else {
        shim.problem = Some(ShimProblem::NoVersion);
        return shim;
    };
    shim.requested = Some(req.versions.join(" "));
    shim.set_by = Some(req.set_by);
    shim.set_by_path = req.path;
    shim.set_by_line = req.line;
    for v in &req.versions {
        if v == "system" {
            shim.target = next_go.map(Path::to_path_buf);
            if shim.target.is_none() {
                shim.problem = Some(ShimProblem::NoSystemGo);
            }
            return shim;
        }
        if v.starts_with("ref:") || v.starts_with("path:") || v.starts_with("sub-") {
            shim.problem = Some(ShimProblem::Unreadable { version: v.clone() });
            return shim;
        }
        if let Some(found) = pick_installed(manager, v, &shim.installed) {
            let go = install_go(manager, &data, &found);
            if host::is_executable(host, &go) {
                shim.target = Some(go);
                return shim;
            }
        }
    }
    shim.problem = Some(ShimProblem::NotInstalled {
        version: req.versions.first().cloned().unwrap_or_default(),
    });
    shim
}

/// The `go` of an installed version.
fn install_go(manager: &str, data: &Path, version: &str) -> PathBuf {
    match manager {
        "asdf" => data.join("installs/golang").join(version).join("go/bin/go"),
        "goenv" => data.join("versions").join(version).join("bin/go"),
        _ => data.join("installs/go").join(version).join("bin/go"),
    }
}

/// The versions a manager has installed, newest first (by Go's version order).
fn installed_versions(host: &dyn Host, manager: &str, data: &Path) -> Vec<String> {
    let dir = match manager {
        "asdf" => data.join("installs/golang"),
        "goenv" => data.join("versions"),
        _ => data.join("installs/go"),
    };
    let mut v: Vec<String> = host
        .read_dir(&dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .filter(|n| host::is_dir(host, &dir.join(n)))
        .collect();
    v.sort_by_key(|b| std::cmp::Reverse(version_key(b)));
    v
}

/// `1.22.10` → `[1, 22, 10]`, with `go` and suffixes after the numbers ignored.
fn version_key(v: &str) -> Vec<u64> {
    v.trim_start_matches("go")
        .split(['.', '-', 'r', 'b'])
        .map_while(|p| p.parse().ok())
        .collect()
}

/// The installed version a request names: exact for asdf and goenv (which also accept a
/// leading `go`); for mise a prefix (`1.22` → newest `1.22.x`) or `latest`.
fn pick_installed(manager: &str, want: &str, installed: &[String]) -> Option<String> {
    let want = want.trim();
    let bare = want.trim_start_matches("go");
    if let Some(exact) = installed
        .iter()
        .find(|i| *i == want || i.trim_start_matches("go") == bare)
    {
        return Some(exact.clone());
    }
    if manager != "mise" {
        return None;
    }
    if want == "latest" {
        return installed.first().cloned();
    }
    let prefix = format!("{bare}.");
    installed
        .iter()
        .find(|i| i.trim_start_matches("go").starts_with(&prefix))
        .cloned()
}

/// The folders a terminal opened in the home folder looks in, nearest first.
fn upward(home: &Path) -> impl Iterator<Item = &Path> {
    home.ancestors()
}

/// The first line of `text` naming `tool`, with its versions and its line number.
fn tool_line(text: &str, tool: &str) -> Option<(Vec<String>, u32)> {
    for (i, line) in text.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        let mut words = code.split_whitespace();
        if words.next() == Some(tool) {
            let versions: Vec<String> = words.map(str::to_string).collect();
            if !versions.is_empty() {
                return Some((versions, i as u32 + 1));
            }
        }
    }
    None
}

fn read_text(host: &dyn Host, path: &Path) -> Option<String> {
    host.read_prefix(path, 256 * 1024)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The first non-comment word of a one-version file (`.go-version`, goenv's `version`).
fn version_file(host: &dyn Host, path: &Path) -> Option<Request> {
    let text = read_text(host, path)?;
    for (i, line) in text.lines().enumerate() {
        let word = line.split('#').next().unwrap_or("").trim();
        if !word.is_empty() {
            let versions = word.split_whitespace().map(str::to_string).collect();
            return Some(Request {
                versions,
                set_by: path.display().to_string(),
                path: Some(path.to_path_buf()),
                line: Some(i as u32 + 1),
            });
        }
    }
    None
}

fn from_env(login: &LoginEnv, name: &str) -> Option<Request> {
    let v = login.var(name).filter(|v| !v.trim().is_empty())?;
    Some(Request {
        versions: v.split_whitespace().map(str::to_string).collect(),
        set_by: format!("${name}"),
        path: None,
        line: None,
    })
}

fn asdf_request(host: &dyn Host, home: &Path, login: &LoginEnv) -> Option<Request> {
    if let Some(r) = from_env(login, "ASDF_GOLANG_VERSION") {
        return Some(r);
    }
    let name = login
        .var("ASDF_DEFAULT_TOOL_VERSIONS_FILENAME")
        .filter(|n| !n.is_empty() && !n.contains('/'))
        .unwrap_or(".tool-versions");
    let legacy = read_text(host, &home.join(".asdfrc")).is_some_and(|t| {
        t.lines().any(|l| {
            let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            l == "legacy_version_file=yes"
        })
    });
    for dir in upward(home) {
        let file = dir.join(name);
        if let Some((versions, line)) = read_text(host, &file).and_then(|t| tool_line(&t, "golang"))
        {
            return Some(Request {
                versions,
                set_by: file.display().to_string(),
                path: Some(file),
                line: Some(line),
            });
        }
        if legacy {
            if let Some(r) = version_file(host, &dir.join(".go-version")) {
                return Some(r);
            }
        }
    }
    None
}

fn goenv_request(host: &dyn Host, home: &Path, login: &LoginEnv, data: &Path) -> Option<Request> {
    if let Some(r) = from_env(login, "GOENV_VERSION") {
        return Some(r);
    }
    for dir in upward(home) {
        if let Some(r) = version_file(host, &dir.join(".go-version")) {
            return Some(r);
        }
    }
    version_file(host, &data.join("version"))
}

/// `go = "1.22"`, `go = ["1.22", "1.21"]` or `go = { version = "1.22" }` in the `[tools]`
/// table of a mise config file, and its line.
fn mise_toml(text: &str) -> Option<(Vec<String>, u32)> {
    let doc: toml::Table = text.parse().ok()?;
    let go = doc.get("tools")?.as_table()?.get("go")?;
    let versions: Vec<String> = match go {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a
            .iter()
            .filter_map(|v| match v {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Table(t) => t.get("version")?.as_str().map(str::to_string),
                _ => None,
            })
            .collect(),
        toml::Value::Table(t) => vec![t.get("version")?.as_str()?.to_string()],
        _ => return None,
    };
    // The line: the first `go =` inside `[tools]` (the parser keeps no positions).
    let mut in_tools = false;
    let mut line = 1;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            in_tools = t == "[tools]";
        } else if in_tools && t.split('=').next().map(str::trim) == Some("go") {
            line = i as u32 + 1;
            break;
        }
    }
    (!versions.is_empty()).then_some((versions, line))
}

fn mise_request(host: &dyn Host, home: &Path, login: &LoginEnv) -> Option<Request> {
    if let Some(r) = from_env(login, "MISE_GO_VERSION") {
        return Some(r);
    }
    let found = |file: PathBuf, parsed: Option<(Vec<String>, u32)>| {
        parsed.map(|(versions, line)| Request {
            versions,
            set_by: file.display().to_string(),
            path: Some(file),
            line: Some(line),
        })
    };
    for dir in upward(home) {
        for name in [
            "mise.toml",
            ".mise.toml",
            "mise/config.toml",
            ".config/mise.toml",
        ] {
            let file = dir.join(name);
            if let Some(r) = found(
                file.clone(),
                read_text(host, &file).and_then(|t| mise_toml(&t)),
            ) {
                return Some(r);
            }
        }
        let file = dir.join(".tool-versions");
        if let Some(r) = found(
            file.clone(),
            read_text(host, &file)
                .and_then(|t| tool_line(&t, "go").or_else(|| tool_line(&t, "golang"))),
        ) {
            return Some(r);
        }
    }
    let config = login
        .var("MISE_CONFIG_DIR")
        .filter(|d| d.starts_with('/'))
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".config/mise"))
        .join("config.toml");
    found(
        config.clone(),
        read_text(host, &config).and_then(|t| mise_toml(&t)),
    )
}

/// The manager and version of a Go installed by asdf, goenv or mise, from its path
/// (`~/.asdf/installs/golang/1.22.0/go/bin/go` → asdf 1.22.0), with the default data
/// folders.
pub fn managed_version(go: &Path) -> Option<(&'static str, String)> {
    let parts: Vec<&str> = go
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    for w in parts.windows(3) {
        let m = match (w[0], w[1]) {
            ("installs", "golang") => "asdf",
            ("installs", "go") => "mise",
            (".goenv", "versions") => "goenv",
            _ => continue,
        };
        return Some((m, w[2].to_string()));
    }
    None
}

/// The command that reinstalls `version` with the manager (from a native terminal, this
/// fetches the build for the machine).
pub fn reinstall_command(manager: &str, version: &str) -> String {
    match manager {
        "asdf" => format!("asdf uninstall golang {version} && asdf install golang {version}"),
        "goenv" => format!("goenv uninstall -f {version} && goenv install {version}"),
        _ => format!("mise uninstall go@{version} && mise install go@{version}"),
    }
}

/// The command that removes `version` from the manager.
pub fn uninstall_command(manager: &str, version: &str) -> String {
    match manager {
        "asdf" => format!("asdf uninstall golang {version}"),
        "goenv" => format!("goenv uninstall -f {version}"),
        _ => format!("mise uninstall go@{version}"),
    }
}

/// The command that makes `version` the manager's choice for the home folder.
pub fn use_command(manager: &str, version: &str) -> String {
    match manager {
        "asdf" => format!("asdf set -u golang {version}"),
        "goenv" => format!("goenv global {version}"),
        _ => format!("mise use -g go@{version}"),
    }
}

/// The command that installs `version` with the manager.
pub fn install_command(manager: &str, version: &str) -> String {
    match manager {
        "asdf" => format!("asdf install golang {version}"),
        "goenv" => format!("goenv install {version}"),
        _ => format!("mise install go@{version}"),
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::host::scenario::ScenarioHost;

    /// A scenario with `files` (machine path, content) and executable `go`s.
    fn machine(files: &[(&str, &str)], gos: &[&str]) -> (tempfile::TempDir, ScenarioHost) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("host.toml"),
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\n",
        )
        .unwrap();
        let real = |p: &str| dir.path().join("root").join(p.trim_start_matches('/'));
        std::fs::create_dir_all(real("/Users/dev")).unwrap();
        for (p, text) in files {
            std::fs::create_dir_all(real(p).parent().unwrap()).unwrap();
            std::fs::write(real(p), text).unwrap();
        }
        for g in gos {
            std::fs::create_dir_all(real(g).parent().unwrap()).unwrap();
            std::fs::write(real(g), "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(real(g), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let host = ScenarioHost::load(dir.path()).unwrap();
        (dir, host)
    }

    fn login(vars: &[(&str, &str)]) -> LoginEnv {
        let mut l = LoginEnv::default();
        for (k, v) in vars {
            l.vars.insert(k.to_string(), v.to_string());
        }
        l
    }

    const HOME: &str = "/Users/dev";

    #[test]
    fn asdf_reads_tool_versions_then_legacy_files_when_asked() {
        let go = "/Users/dev/.asdf/installs/golang/1.22.0/go/bin/go";
        let (_d, host) = machine(
            &[(
                "/Users/dev/.tool-versions",
                "nodejs 20\ngolang 1.21.0 1.22.0\n",
            )],
            &[go],
        );
        let s = resolve(&host, "asdf", Path::new(HOME), &login(&[]), None);
        // 1.21.0 is not installed: the next listed version runs.
        assert_eq!(s.target.as_deref(), Some(Path::new(go)), "{s:#?}");
        assert_eq!(s.set_by_line, Some(2));
        let (_d, host) = machine(
            &[
                ("/Users/dev/.go-version", "1.22.0\n"),
                ("/Users/dev/.asdfrc", "legacy_version_file = yes\n"),
            ],
            &[go],
        );
        let s = resolve(&host, "asdf", Path::new(HOME), &login(&[]), None);
        assert_eq!(s.target.as_deref(), Some(Path::new(go)), "{s:#?}");
        let (_d, host) = machine(&[("/Users/dev/.go-version", "1.22.0\n")], &[go]);
        let s = resolve(&host, "asdf", Path::new(HOME), &login(&[]), None);
        assert_eq!(
            s.problem,
            Some(ShimProblem::NoVersion),
            "legacy files are off by default"
        );
        let s = resolve(
            &host,
            "asdf",
            Path::new(HOME),
            &login(&[("ASDF_GOLANG_VERSION", "1.22.0")]),
            None,
        );
        assert_eq!(s.set_by.as_deref(), Some("$ASDF_GOLANG_VERSION"));
        assert!(s.target.is_some());
    }

    #[test]
    fn goenv_env_then_local_then_global_and_system() {
        let go = "/Users/dev/.goenv/versions/1.23.4/bin/go";
        let (_d, host) = machine(&[("/Users/dev/.goenv/version", "1.23.4\n")], &[go]);
        let s = resolve(&host, "goenv", Path::new(HOME), &login(&[]), None);
        assert_eq!(s.target.as_deref(), Some(Path::new(go)));
        let s = resolve(
            &host,
            "goenv",
            Path::new(HOME),
            &login(&[("GOENV_VERSION", "1.20.1")]),
            None,
        );
        assert_eq!(
            s.problem,
            Some(ShimProblem::NotInstalled {
                version: "1.20.1".into()
            })
        );
        let (_d, host) = machine(&[("/Users/dev/.go-version", "system\n")], &[go]);
        let next = Path::new("/usr/local/go/bin/go");
        let s = resolve(&host, "goenv", Path::new(HOME), &login(&[]), Some(next));
        assert_eq!(s.target.as_deref(), Some(next));
        let s = resolve(&host, "goenv", Path::new(HOME), &login(&[]), None);
        assert_eq!(s.problem, Some(ShimProblem::NoSystemGo));
    }

    #[test]
    fn mise_reads_local_tool_versions_before_the_global_config() {
        let new = "/Users/dev/.local/share/mise/installs/go/1.23.4/bin/go";
        let old = "/Users/dev/.local/share/mise/installs/go/1.22.10/bin/go";
        let (_d, host) = machine(
            &[
                ("/Users/dev/.tool-versions", "go 1.22\n"),
                (
                    "/Users/dev/.config/mise/config.toml",
                    "[tools]\ngo = \"latest\"\n",
                ),
            ],
            &[new, old],
        );
        let s = resolve(&host, "mise", Path::new(HOME), &login(&[]), None);
        assert_eq!(s.target.as_deref(), Some(Path::new(old)), "{s:#?}");
        assert_eq!(s.installed, ["1.23.4", "1.22.10"]);
        let (_d, host) = machine(
            &[(
                "/Users/dev/.config/mise/config.toml",
                "[tools]\ngo = \"latest\"\n",
            )],
            &[new, old],
        );
        let s = resolve(&host, "mise", Path::new(HOME), &login(&[]), None);
        assert_eq!(s.target.as_deref(), Some(Path::new(new)));
        assert_eq!(s.set_by_line, Some(2));
    }

    #[test]
    fn a_managed_go_is_known_by_its_path() {
        assert_eq!(
            managed_version(Path::new(
                "/Users/dev/.asdf/installs/golang/1.22.0/go/bin/go"
            )),
            Some(("asdf", "1.22.0".into()))
        );
        assert_eq!(
            managed_version(Path::new(
                "/Users/dev/.local/share/mise/installs/go/1.23.4/bin/go"
            )),
            Some(("mise", "1.23.4".into()))
        );
        assert_eq!(
            managed_version(Path::new("/Users/dev/.goenv/versions/1.21.1/bin/go")),
            Some(("goenv", "1.21.1".into()))
        );
        assert_eq!(managed_version(Path::new("/usr/local/go/bin/go")), None);
    }

    #[test]
    fn versions_sort_as_go_versions() {
        let mut v = vec!["1.9.7", "1.22.10", "1.22.2", "go1.21.0"];
        v.sort_by_key(|b| std::cmp::Reverse(version_key(b)));
        assert_eq!(v, ["1.22.10", "1.22.2", "go1.21.0", "1.9.7"]);
    }

    #[test]
    fn mise_picks_prefixes_and_latest_asdf_only_exact() {
        let installed: Vec<String> = ["1.23.1", "1.22.10", "1.22.2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            pick_installed("mise", "1.22", &installed).unwrap(),
            "1.22.10"
        );
        assert_eq!(
            pick_installed("mise", "latest", &installed).unwrap(),
            "1.23.1"
        );
        assert_eq!(
            pick_installed("asdf", "1.22.2", &installed).unwrap(),
            "1.22.2"
        );
        assert_eq!(pick_installed("asdf", "1.22", &installed), None);
        assert_eq!(
            pick_installed("goenv", "go1.23.1", &installed).unwrap(),
            "1.23.1"
        );
    }

    #[test]
    fn tool_versions_and_mise_toml_lines() {
        let tv = "# tools\nnodejs 20.1.0\ngolang 1.22.0 1.21.5 # fallback\n";
        assert_eq!(
            tool_line(tv, "golang").unwrap(),
            (vec!["1.22.0".to_string(), "1.21.5".to_string()], 3)
        );
        assert_eq!(tool_line(tv, "go"), None);
        let toml = "[env]\nFOO = \"x\"\n\n[tools]\nnode = \"20\"\ngo = \"1.22\"\n";
        assert_eq!(mise_toml(toml).unwrap(), (vec!["1.22".to_string()], 6));
        let arr = "[tools]\ngo = [\"1.23\", { version = \"1.22\" }]\n";
        assert_eq!(
            mise_toml(arr).unwrap().0,
            vec!["1.23".to_string(), "1.22".to_string()]
        );
        assert_eq!(mise_toml("[tools]\nnode = \"20\"\n"), None);
        assert_eq!(mise_toml("not toml ["), None);
    }
}
