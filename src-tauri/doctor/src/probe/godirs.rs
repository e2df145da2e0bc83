//! The directories `go` writes to: GOPATH, GOBIN, GOMODCACHE and GOCACHE, as they are
//! on the disk (owner) and, for the two caches, how large they are.
//!
//! A cache is measured only when it exists, with a bounded walk: at most
//! [`MAX_ENTRIES`] entries and [`MAX_TIME`] per cache (its size is then a lower bound).
//! With the facts of a moment ago (`previous`: the vet's overlays, a watch re-probe
//! through `probe_files`), a cache at the same path keeps its measured size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::facts::{Facts, GoDir, GoSetting, LoginEnv, Os};
use crate::host::Host;

use super::goenv::EnvFile;

/// The most entries one cache's walk visits.
pub(crate) const MAX_ENTRIES: u64 = 200_000;
/// The longest one cache's walk takes.
pub(crate) const MAX_TIME: Duration = Duration::from_secs(2);

/// What the probe already knows that locates the directories.
pub(crate) struct Known<'a> {
    pub os: Os,
    pub home: Option<&'a Path>,
    pub login: &'a LoginEnv,
    pub user_file: &'a EnvFile,
    pub settings: &'a BTreeMap<String, GoSetting>,
    pub gopath: &'a [PathBuf],
    pub gomodcache: Option<&'a Path>,
}

/// GOCACHE as cmd/go finds it: a non-empty environment value, else the go env file,
/// else `os.UserCacheDir()/go-build`. `None` for `off`, a relative path, or a value
/// NativeGo cannot know (`$GOROOT/go.env` is not read for it).
pub(crate) fn gocache(k: &Known<'_>) -> Option<PathBuf> {
    if k.login.unknown_vars.iter().any(|v| v == "GOCACHE") {
        return None;
    }
    let value = k
        .login
        .var("GOCACHE")
        .filter(|v| !v.is_empty())
        .or_else(|| k.user_file.get("GOCACHE").map(|(v, _)| v))
        .filter(|v| !v.is_empty());
    let path = match value {
        Some(v) => PathBuf::from(v),
        None => {
            let home = k.home?;
            match k.os {
                Os::Macos => home.join("Library/Caches/go-build"),
                _ => match k.login.var("XDG_CACHE_HOME").filter(|v| v.starts_with('/')) {
                    Some(xdg) => Path::new(xdg).join("go-build"),
                    None => home.join(".cache/go-build"),
                },
            }
        }
    };
    path.is_absolute().then_some(path)
}

/// The directories that exist, with their owners and the caches' sizes.
pub(crate) fn go_dirs(host: &dyn Host, k: &Known<'_>, previous: Option<&Facts>) -> Vec<GoDir> {
    let unknown = |name: &str| k.login.unknown_vars.iter().any(|v| v == name);
    let mut wanted: Vec<(&str, PathBuf)> = Vec::new();
    if let Some(gopath) = k.gopath.first() {
        wanted.push(("GOPATH", gopath.clone()));
    }
    let gobin = k
        .settings
        .get("GOBIN")
        .map(|s| s.value.as_str())
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| k.gopath.first().map(|g| g.join("bin")));
    if let Some(gobin) = gobin.filter(|_| !unknown("GOBIN")) {
        wanted.push(("GOBIN", gobin));
    }
    if let Some(modcache) = k.gomodcache.filter(|_| !unknown("GOMODCACHE")) {
        wanted.push(("GOMODCACHE", modcache.to_path_buf()));
    }
    if let Some(cache) = gocache(k) {
        wanted.push(("GOCACHE", cache));
    }
    let mut out: Vec<GoDir> = Vec::new();
    for (name, path) in wanted {
        if !path.is_absolute() || out.iter().any(|d| d.path == path) {
            continue;
        }
        let Ok(meta) = host.metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let size = if matches!(name, "GOMODCACHE" | "GOCACHE") {
            let before = previous.and_then(|p| {
                p.go_dirs
                    .iter()
                    .find(|d| d.name == name && d.path == path)
                    .and_then(|d| d.size)
            });
            before.or_else(|| host.dir_size(&path, MAX_ENTRIES, MAX_TIME).ok())
        } else {
            None
        };
        out.push(GoDir {
            name: name.to_string(),
            path,
            owner: meta.owner,
            size,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::test_host::MemHost;

    fn known<'a>(
        login: &'a LoginEnv,
        file: &'a EnvFile,
        settings: &'a BTreeMap<String, GoSetting>,
        gopath: &'a [PathBuf],
    ) -> Known<'a> {
        Known {
            os: Os::Macos,
            home: Some(Path::new("/Users/dev")),
            login,
            user_file: file,
            settings,
            gopath,
            gomodcache: Some(Path::new("/Users/dev/go/pkg/mod")),
        }
    }

    #[test]
    fn gocache_follows_env_then_env_file_then_default() {
        let mut login = LoginEnv::default();
        let mut file = EnvFile::default();
        let settings = BTreeMap::new();
        let gopath = vec![PathBuf::from("/Users/dev/go")];
        assert_eq!(
            gocache(&known(&login, &file, &settings, &gopath)),
            Some(PathBuf::from("/Users/dev/Library/Caches/go-build"))
        );
        file.entries.push(("GOCACHE".into(), "/tmp/gc".into(), 1));
        assert_eq!(
            gocache(&known(&login, &file, &settings, &gopath)),
            Some(PathBuf::from("/tmp/gc"))
        );
        login.vars.insert("GOCACHE".into(), "off".into());
        assert_eq!(gocache(&known(&login, &file, &settings, &gopath)), None);
        login.vars.clear();
        login.unknown_vars.push("GOCACHE".into());
        assert_eq!(gocache(&known(&login, &file, &settings, &gopath)), None);
    }

    #[test]
    fn existing_dirs_only_caches_measured_previous_size_kept() {
        let host = MemHost::new(Os::Macos)
            .file("/Users/dev/go/pkg/mod/m@v1/a.go", "package a")
            .dir("/Users/dev/go/bin");
        let login = LoginEnv::default();
        let file = EnvFile::default();
        let settings = BTreeMap::new();
        let gopath = vec![PathBuf::from("/Users/dev/go")];
        let k = known(&login, &file, &settings, &gopath);
        let dirs = go_dirs(&host, &k, None);
        let names: Vec<&str> = dirs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["GOPATH", "GOBIN", "GOMODCACHE"], "no GOCACHE dir");
        assert_eq!(dirs[0].size, None);
        let size = dirs[2].size.unwrap();
        assert_eq!((size.bytes, size.complete), (9, true));

        let mut previous = crate::checks::testing::clean_mac().build();
        previous.go_dirs = dirs.clone();
        previous.go_dirs[2].size.as_mut().unwrap().bytes = 77;
        let again = go_dirs(&host, &k, Some(&previous));
        assert_eq!(again[2].size.unwrap().bytes, 77);
    }
}
