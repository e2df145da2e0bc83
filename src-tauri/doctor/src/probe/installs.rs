//! Go installations: every `go` on the login PATH, in order, plus the well-known places.
//!
//! For each: the path and its resolved path, the GOROOT it finds by itself (the way
//! cmd/go's `findGOROOT` does), `$GOROOT/VERSION`, the binary's header and build info,
//! and where it came from.

use std::path::{Path, PathBuf};

use crate::binary::Arch;
use crate::binary::{read_binary, BinaryError};
use crate::facts::{GoInstall, GoSource, LoginEnv, MachineFacts, Os};
use crate::host::{self, Host};

use super::{clean, managers, HostFile};

/// Find every Go installation.
pub fn find(
    host: &dyn Host,
    machine: &MachineFacts,
    home: Option<&Path>,
    login: &LoginEnv,
    gomodcache: Option<&Path>,
    explicit_goroot: Option<&Path>,
) -> Vec<GoInstall> {
    let mut candidates: Vec<(PathBuf, Option<usize>)> = Vec::new();
    for (i, entry) in login.path.iter().enumerate() {
        // A relative or empty PATH entry depends on the current directory: a new
        // terminal starts in HOME, but a `go` found that way is not an install.
        if !entry.dir.starts_with('/') {
            continue;
        }
        let go = Path::new(&entry.dir).join("go");
        if is_candidate(host, &go) {
            candidates.push((go, Some(i)));
        }
    }
    for go in well_known(host, machine.os, home, gomodcache, explicit_goroot) {
        candidates.push((go, None));
    }

    let mut installs: Vec<GoInstall> = Vec::new();
    // The canonical path of each install's binary, and the install's index.
    let mut seen: Vec<(PathBuf, usize)> = Vec::new();
    for (k, (go, path_index)) in candidates.iter().enumerate() {
        // Two names for one binary (`/opt/homebrew/bin/go` and the Cellar path it links
        // to) are one install; the first name found (PATH order) is kept, the others
        // are its aliases.
        let key = host.canonicalize(go).unwrap_or_else(|_| clean(go));
        if let Some((_, i)) = seen.iter().find(|(s, _)| *s == key) {
            let install = &mut installs[*i];
            if install.path != *go && !install.aliases.contains(go) {
                install.aliases.push(go.clone());
            }
            continue;
        }
        seen.push((key, installs.len()));
        let shim = home.and_then(|h| {
            let manager = managers::shim_manager(go, h, login)?;
            // `system`: the next `go` on PATH that is not a shim.
            let next = candidates[k + 1..]
                .iter()
                .filter(|(_, i)| i.is_some())
                .map(|(g, _)| g.as_path())
                .find(|g| managers::shim_manager(g, h, login).is_none());
            Some(managers::resolve(host, manager, h, login, next))
        });
        let install = match shim {
            Some(shim) => {
                // The shim's Go is this install: not listed again where it lives.
                if let Some(t) = &shim.target {
                    seen.push((
                        host.canonicalize(t).unwrap_or_else(|_| clean(t)),
                        installs.len(),
                    ));
                }
                inspect_shim(host, machine, home, go, *path_index, shim)
            }
            None => inspect(host, machine, home, go, *path_index),
        };
        installs.push(install);
    }
    installs
}

/// A shim on PATH: the Go it resolves to, under the shim's name and PATH position, or,
/// when it resolves to none, the shim itself with the reason.
fn inspect_shim(
    host: &dyn Host,
    machine: &MachineFacts,
    home: Option<&Path>,
    go: &Path,
    path_index: Option<usize>,
    shim: crate::facts::Shim,
) -> GoInstall {
    let resolved = host.canonicalize(go).ok();
    match shim.target.clone() {
        Some(target) => {
            let mut install = inspect(host, machine, home, &target, path_index);
            install.path = go.to_path_buf();
            if resolved.is_none() {
                install.resolved = None;
            }
            // `system` runs another install, which keeps its own origin.
            if shim.requested.as_deref() != Some("system") {
                install.source = GoSource::VersionManager {
                    name: shim.manager.clone(),
                };
            }
            install.shim = Some(shim);
            install
        }
        None => GoInstall {
            path: go.to_path_buf(),
            problems: if resolved.is_none() {
                vec![format!("`{}` cannot be resolved", go.display())]
            } else {
                Vec::new()
            },
            resolved,
            goroot: None,
            version_file: None,
            binary: Err(format!("{}'s shim, which runs no Go here", shim.manager)),
            source: GoSource::VersionManager {
                name: shim.manager.clone(),
            },
            path_index,
            script: None,
            shim: Some(shim),
            aliases: Vec::new(),
            toolchain_programs: Vec::new(),
        },
    }
}

/// Whether `go` should be looked at: an executable file, or a symlink that cannot be
/// followed (a dangling link or a loop is worth reporting).
fn is_candidate(host: &dyn Host, go: &Path) -> bool {
    match host.symlink_metadata(go) {
        Err(_) => false,
        Ok(_) => match host.metadata(go) {
            Ok(m) => m.is_executable_file(),
            Err(_) => true,
        },
    }
}

/// The well-known places Go is installed, for installs that are not on PATH.
fn well_known(
    host: &dyn Host,
    os: Os,
    home: Option<&Path>,
    gomodcache: Option<&Path>,
    explicit_goroot: Option<&Path>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut push = |p: PathBuf| {
        if is_candidate(host, &p) {
            out.push(p);
        }
    };
    // Expand one `*` level: `dir/*/rest`.
    let each = |dir: &Path, prefix: &str| -> Vec<PathBuf> {
        host.read_dir(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.starts_with(prefix) && !n.starts_with('.'))
            .map(|n| dir.join(n))
            .collect()
    };
    push(PathBuf::from("/usr/local/go/bin/go"));
    for prefix in ["/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew"] {
        let prefix = Path::new(prefix);
        push(prefix.join("bin/go"));
        for formula in each(&prefix.join("Cellar"), "go") {
            let name = formula.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "go" || name.starts_with("go@") {
                for version in each(&formula, "") {
                    push(version.join("bin/go"));
                }
            }
        }
    }
    if let Some(home) = home {
        for sdk in each(&home.join("sdk"), "go") {
            push(sdk.join("bin/go"));
        }
        for v in each(&home.join(".goenv/versions"), "") {
            push(v.join("bin/go"));
        }
        for v in each(&home.join(".asdf/installs/golang"), "") {
            push(v.join("go/bin/go"));
        }
        for v in each(&home.join(".local/share/mise/installs/go"), "") {
            push(v.join("bin/go"));
        }
        for v in each(&home.join(".gvm/gos"), "") {
            push(v.join("bin/go"));
        }
        for v in each(&home.join(".g/versions"), "") {
            push(v.join("bin/go"));
        }
        push(home.join(".gobrew/current/bin/go"));
        for v in each(&home.join(".gobrew/versions"), "") {
            push(v.join("go/bin/go"));
        }
    }
    if let Some(cache) = gomodcache {
        for t in each(&cache.join("golang.org"), "toolchain@") {
            push(t.join("bin/go"));
        }
    }
    if os == Os::Linux {
        for v in each(Path::new("/usr/lib"), "go") {
            push(v.join("bin/go"));
        }
    }
    if let Some(goroot) = explicit_goroot.filter(|g| g.is_absolute()) {
        push(goroot.join("bin/go"));
    }
    out
}

/// Look at one `go` binary.
pub fn inspect(
    host: &dyn Host,
    machine: &MachineFacts,
    home: Option<&Path>,
    go: &Path,
    path_index: Option<usize>,
) -> GoInstall {
    let mut problems = Vec::new();
    let resolved = match host.canonicalize(go) {
        Ok(r) => Some(r),
        Err(e) => {
            problems.push(format!("`{}` cannot be resolved: {e}", go.display()));
            None
        }
    };
    let goroot = find_goroot(host, go, resolved.as_deref());
    let version_file = goroot.as_deref().and_then(|g| version_file(host, g));
    let mut script = None;
    let binary = match HostFile::open(host, resolved.as_deref().unwrap_or(go)) {
        Ok(file) => read_binary(&file).map_err(|e| {
            if let BinaryError::Script(line) = &e {
                script = Some(line.clone());
            }
            e.to_string()
        }),
        Err(e) => Err(e.to_string()),
    };
    let source = classify(machine, home, go, resolved.as_deref(), goroot.as_deref());
    GoInstall {
        path: go.to_path_buf(),
        resolved,
        goroot,
        version_file,
        binary,
        source,
        path_index,
        problems,
        script,
        shim: None,
        aliases: Vec::new(),
        toolchain_programs: Vec::new(),
    }
}

/// The GOROOT a `go` binary finds by itself (cmd/go `findGOROOT`): `exe/../..`, then
/// `exe/../../..` (a cross-compiled `bin/GOOS_GOARCH/go`), first without resolving
/// symlinks, then with. A directory is a GOROOT when it has `pkg/tool`.
pub fn find_goroot(host: &dyn Host, exe: &Path, resolved: Option<&Path>) -> Option<PathBuf> {
    let is_goroot = |dir: &Path| host::is_dir(host, &dir.join("pkg/tool"));
    for exe in [Some(exe), resolved].into_iter().flatten() {
        let exe = clean(exe);
        for up in [2, 3] {
            let mut dir = exe.as_path();
            for _ in 0..up {
                match dir.parent() {
                    Some(p) => dir = p,
                    None => break,
                }
            }
            if is_goroot(dir) {
                return Some(dir.to_path_buf());
            }
        }
    }
    None
}

/// The first line of `$GOROOT/VERSION` (`go1.27.3`), if it looks like a Go version.
pub fn version_file(host: &dyn Host, goroot: &Path) -> Option<String> {
    let bytes = host.read_prefix(&goroot.join("VERSION"), 4096).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let first = text.lines().next()?.trim();
    (first.starts_with("go") || first.starts_with("devel")).then(|| first.to_string())
}

/// Where an install came from, from where it lives.
fn classify(
    machine: &MachineFacts,
    home: Option<&Path>,
    go: &Path,
    resolved: Option<&Path>,
    goroot: Option<&Path>,
) -> GoSource {
    let places: Vec<String> = [Some(go), resolved, goroot]
        .into_iter()
        .flatten()
        .map(|p| p.display().to_string())
        .collect();
    let any = |f: &dyn Fn(&str) -> bool| places.iter().any(|p| f(p));
    if any(&|p| p.contains("/golang.org/toolchain@")) {
        return GoSource::Toolchain;
    }
    for prefix in ["/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew"] {
        let cellar = format!("{prefix}/Cellar/go");
        let opt = format!("{prefix}/opt/go");
        if any(&|p| p.starts_with(&cellar) || p.starts_with(&opt)) {
            let intel = prefix == "/usr/local"
                && machine.os == Os::Macos
                && matches!(machine.hw_arch, Arch::Arm64 | Arch::Arm64e);
            return if intel {
                GoSource::IntelHomebrew {
                    prefix: prefix.into(),
                }
            } else {
                GoSource::Homebrew {
                    prefix: prefix.into(),
                }
            };
        }
    }
    if goroot.is_some_and(|g| g == Path::new("/usr/local/go")) {
        return GoSource::Official;
    }
    if let Some(home) = home {
        let under = |rel: &str| {
            let base = home.join(rel).display().to_string();
            any(&|p: &str| p.starts_with(&base))
        };
        if under("sdk/") {
            return GoSource::Sdk;
        }
        for (dir, name) in [
            (".goenv/", "goenv"),
            (".asdf/", "asdf"),
            (".local/share/mise/", "mise"),
            (".gvm/", "gvm"),
            (".g/", "g"),
            (".gimme/", "gimme"),
            (".gobrew/", "gobrew"),
        ] {
            if under(dir) {
                return GoSource::VersionManager { name: name.into() };
            }
        }
    }
    if any(&|p| p.starts_with("/nix/store/")) {
        return GoSource::VersionManager { name: "nix".into() };
    }
    if any(&|p| {
        p.starts_with("/usr/lib/go")
            || p.starts_with("/usr/lib/golang")
            || p.starts_with("/usr/share/go")
    }) {
        return GoSource::Distribution;
    }
    GoSource::Other
}
