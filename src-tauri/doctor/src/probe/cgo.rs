//! What a cgo build finds on a Mac: the Homebrew libraries Go programs commonly link
//! through cgo, and the `pkg-config` that `go build` runs for `#cgo pkg-config:` lines.

use std::path::{Path, PathBuf};

use crate::facts::{CgoFacts, LoginEnv, Os};
use crate::host::{self, Host};

/// The Homebrew prefix on Apple silicon, which clang does not search by default.
pub(crate) const HOMEBREW_PREFIX: &str = "/opt/homebrew";

/// Homebrew formulae that Go packages commonly link through cgo (`go-sqlite3`, `git2go`,
/// `confluent-kafka-go`, `bimg`, `zmq4`, `pq`-style drivers, `gosseract`, `gocv`, …).
/// A fixed list: one `lstat` each of `<prefix>/opt/<name>`.
pub(crate) const LIBS: &[&str] = &[
    "openssl@3",
    "openssl@1.1",
    "sqlite",
    "libgit2",
    "librdkafka",
    "vips",
    "zeromq",
    "czmq",
    "libpq",
    "mysql-client",
    "unixodbc",
    "libusb",
    "libmagic",
    "webp",
    "libheif",
    "imagemagick",
    "tesseract",
    "leptonica",
    "opencv",
    "ffmpeg",
    "mpv",
    "portaudio",
    "sdl2",
    "glfw",
    "gtk+3",
    "gtk4",
    "libxml2",
    "libzip",
    "libsodium",
    "gpgme",
    "rocksdb",
    "zstd",
    "lz4",
    "hdf5",
    "gdal",
    "geos",
    "proj",
    "ceph",
    "libvirt",
    "tensorflow",
];

/// The cgo facts of a Mac; on other systems, none.
pub(crate) fn cgo_facts(host: &dyn Host, os: Os, login: &LoginEnv) -> CgoFacts {
    if os != Os::Macos {
        return CgoFacts::default();
    }
    let prefix = Path::new(HOMEBREW_PREFIX);
    let mut facts = CgoFacts::default();
    if host::is_dir(host, prefix) {
        facts.prefix = Some(prefix.to_path_buf());
        facts.homebrew_libs = LIBS
            .iter()
            .filter(|name| {
                host.symlink_metadata(&prefix.join("opt").join(name))
                    .is_ok()
            })
            .map(|name| name.to_string())
            .collect();
    }
    // cmd/go splits $PKG_CONFIG into fields and runs the first (default `pkg-config`).
    let program = login
        .var("PKG_CONFIG")
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or("pkg-config");
    facts.pkg_config = if program.contains('/') {
        let path = PathBuf::from(program);
        (path.is_absolute() && host::is_executable(host, &path)).then_some(path)
    } else {
        on_path(host, login, program)
    };
    facts.pkgconf = on_path(host, login, "pkgconf");
    facts
}

/// The first executable `name` in a directory of the login PATH.
fn on_path(host: &dyn Host, login: &LoginEnv, name: &str) -> Option<PathBuf> {
    login
        .path
        .iter()
        .filter(|e| e.dir.starts_with('/'))
        .map(|e| Path::new(&e.dir).join(name))
        .find(|p| host::is_executable(host, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Origin, PathEntry};
    use crate::shell::test_host::MemHost;

    fn login(path: &[&str]) -> LoginEnv {
        LoginEnv {
            path: path
                .iter()
                .map(|d| PathEntry {
                    dir: d.to_string(),
                    origin: Origin::Inherited,
                })
                .collect(),
            ..LoginEnv::default()
        }
    }

    #[test]
    fn finds_listed_libraries_and_pkg_config_on_path() {
        let host = MemHost::new(Os::Macos)
            .link("/opt/homebrew/opt/sqlite", "../Cellar/sqlite/3.50.0")
            .dir("/opt/homebrew/opt/libgit2")
            .dir("/opt/homebrew/opt/go")
            .exe("/opt/homebrew/bin/pkgconf")
            .exe("/usr/local/bin/pkg-config");
        let facts = cgo_facts(
            &host,
            Os::Macos,
            &login(&["/opt/homebrew/bin", "/usr/local/bin"]),
        );
        assert_eq!(facts.prefix.as_deref(), Some(Path::new("/opt/homebrew")));
        assert_eq!(facts.homebrew_libs, ["sqlite", "libgit2"]);
        assert_eq!(
            facts.pkg_config.as_deref(),
            Some(Path::new("/usr/local/bin/pkg-config"))
        );
        assert_eq!(
            facts.pkgconf.as_deref(),
            Some(Path::new("/opt/homebrew/bin/pkgconf"))
        );
        assert_eq!(
            cgo_facts(&host, Os::Linux, &login(&[])),
            CgoFacts::default()
        );
    }

    #[test]
    fn pkg_config_variable_names_the_program() {
        let host = MemHost::new(Os::Macos).exe("/opt/homebrew/bin/pkgconf");
        let mut env = login(&["/opt/homebrew/bin"]);
        env.vars
            .insert("PKG_CONFIG".into(), "pkgconf --static".into());
        let facts = cgo_facts(&host, Os::Macos, &env);
        assert_eq!(
            facts.pkg_config.as_deref(),
            Some(Path::new("/opt/homebrew/bin/pkgconf"))
        );
        env.vars
            .insert("PKG_CONFIG".into(), "/usr/local/bin/pkg-config".into());
        assert_eq!(cgo_facts(&host, Os::Macos, &env).pkg_config, None);
        assert!(cgo_facts(&host, Os::Macos, &env).homebrew_libs.is_empty());
    }
}
