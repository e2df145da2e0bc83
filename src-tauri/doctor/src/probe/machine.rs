//! Machine facts that come from files: OS version, Rosetta, Command Line Tools, Homebrew.
//!
//! The same file-based rules serve the real Mac and scenarios, so a scenario only has to
//! ship the files (`/Library/Apple/usr/libexec/oah`, `/opt/homebrew/bin/brew`, …).

use std::path::{Path, PathBuf};

use crate::binary::read_binary;
use crate::binary::Arch;
use crate::facts::{Applicable, DeveloperTools, HomebrewPrefix, MachineFacts, Os, XcodeSelected};
use crate::host::{self, Host};

use super::HostFile;

/// Where Rosetta's runtime lives once installed (installed on demand, on the Data volume).
pub const ROSETTA_DIR: &str = "/Library/Apple/usr/libexec/oah";
/// The symlink `xcode-select --switch` maintains.
pub const XCODE_SELECT_LINK: &str = "/var/db/xcode_select_link";
/// The default developer directory when only the Command Line Tools are installed.
pub const CLT_DIR: &str = "/Library/Developer/CommandLineTools";

/// Fill in what the files say about the machine.
pub fn complete(host: &dyn Host, machine: &mut MachineFacts) {
    if machine.os_version.is_none() {
        machine.os_version = os_version(host, machine.os);
    }
    match machine.os {
        Os::Macos => {
            machine.rosetta_installed = Applicable::Known(rosetta_installed(host));
            machine.developer_tools = Applicable::Known(developer_tools(host));
        }
        _ => {
            machine.rosetta_installed = Applicable::NotApplicable;
            machine.developer_tools = Applicable::NotApplicable;
        }
    }
    if machine.homebrew.is_empty() {
        machine.homebrew = homebrew_prefixes(host, machine.os);
    }
}

/// `15.1` from SystemVersion.plist on macOS; `PRETTY_NAME` from os-release on Linux.
pub fn os_version(host: &dyn Host, os: Os) -> Option<String> {
    match os {
        Os::Macos => {
            let bytes = host
                .read_prefix(
                    Path::new("/System/Library/CoreServices/SystemVersion.plist"),
                    64 * 1024,
                )
                .ok()?;
            // XML or binary (host/macos/system_version.rs); a file the plist reader
            // refuses may still carry a readable `<key>ProductVersion</key>` line.
            crate::host::macos::system_version::product_version(&bytes)
                .or_else(|| plist_string(&String::from_utf8_lossy(&bytes), "ProductVersion"))
        }
        Os::Linux => {
            let bytes = host
                .read_prefix(Path::new("/etc/os-release"), 64 * 1024)
                .or_else(|_| host.read_prefix(Path::new("/usr/lib/os-release"), 64 * 1024))
                .ok()?;
            let text = String::from_utf8_lossy(&bytes);
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim().trim_matches('"').to_string())
        }
        Os::Other => None,
    }
}

/// The `<string>` after `<key>KEY</key>` in an XML property list.
pub fn plist_string(xml: &str, key: &str) -> Option<String> {
    let marker = format!("<key>{key}</key>");
    let rest = &xml[xml.find(&marker)? + marker.len()..];
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("<string>")?;
    let end = rest.find("</string>")?;
    Some(rest[..end].trim().to_string())
}

/// Rosetta is installed when its runtime directory has something in it.
fn rosetta_installed(host: &dyn Host) -> bool {
    host.read_dir(Path::new(ROSETTA_DIR))
        .map(|names| !names.is_empty())
        .unwrap_or(false)
}

/// The active developer directory and whether it has `xcrun`.
fn developer_tools(host: &dyn Host) -> DeveloperTools {
    let selected = host.read_link(Path::new(XCODE_SELECT_LINK)).ok();
    let dir = selected.unwrap_or_else(|| PathBuf::from(CLT_DIR));
    let installed = host::is_executable(host, &dir.join("usr/bin/xcrun"));
    let xcode = xcode_selected(host, &dir);
    DeveloperTools {
        path: Some(dir),
        installed,
        xcode,
    }
}

/// The full Xcode the developer directory is inside (`/Applications/Xcode.app/Contents/
/// Developer`), its version and the licence version accepted; `None` for anything else.
fn xcode_selected(host: &dyn Host, dir: &Path) -> Option<XcodeSelected> {
    use crate::host::macos::xcode::{string_key, AGREED_KEY, LICENSE_PLIST, VERSION_KEY};
    let app = dir
        .ancestors()
        .find(|p| p.extension().is_some_and(|e| e == "app"))?
        .to_path_buf();
    let plist = |path: &Path, key: &str| -> Result<Option<String>, String> {
        let bytes = host
            .read_prefix(path, 256 * 1024)
            .map_err(|e| e.to_string())?;
        string_key(&bytes, key)
    };
    let version = ["Contents/version.plist", "Contents/Info.plist"]
        .iter()
        .find_map(|file| plist(&app.join(file), VERSION_KEY).ok().flatten());
    let prefs = Path::new(LICENSE_PLIST);
    let agreed = if host::exists(host, prefs) {
        plist(prefs, AGREED_KEY)
    } else {
        Ok(None)
    };
    let (agreed, agreed_unreadable) = match agreed {
        Ok(a) => (a, None),
        Err(e) => (None, Some(e)),
    };
    Some(XcodeSelected {
        app,
        version,
        agreed,
        agreed_unreadable,
    })
}

/// Homebrew installations, with the architecture of each.
fn homebrew_prefixes(host: &dyn Host, os: Os) -> Vec<HomebrewPrefix> {
    let candidates: &[(&str, &str)] = match os {
        // (prefix, repository): Intel Homebrew keeps its repository in /usr/local/Homebrew.
        Os::Macos => &[
            ("/opt/homebrew", "/opt/homebrew"),
            ("/usr/local", "/usr/local/Homebrew"),
        ],
        Os::Linux => &[(
            "/home/linuxbrew/.linuxbrew",
            "/home/linuxbrew/.linuxbrew/Homebrew",
        )],
        Os::Other => &[],
    };
    candidates
        .iter()
        .filter(|(prefix, _)| host::exists(host, &Path::new(prefix).join("bin/brew")))
        .map(|(prefix, repo)| {
            // `brew` is a shell script; the architecture Homebrew runs as is that of its
            // portable Ruby. Without one, fall back to the prefix's convention.
            let ruby =
                Path::new(repo).join("Library/Homebrew/vendor/portable-ruby/current/bin/ruby");
            let read = HostFile::open(host, &ruby)
                .ok()
                .and_then(|f| read_binary(&f).ok())
                .and_then(|b| b.arches().first().copied());
            let arch = read.or(match (os, *prefix) {
                (Os::Macos, "/opt/homebrew") => Some(Arch::Arm64),
                (Os::Macos, "/usr/local") => Some(Arch::X86_64),
                _ => None,
            });
            HomebrewPrefix {
                prefix: PathBuf::from(prefix),
                arch,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_product_version_from_a_plist() {
        let xml = "<?xml version=\"1.0\"?>\n<plist><dict>\n\t<key>ProductName</key>\n\t<string>macOS</string>\n\t<key>ProductVersion</key>\n\t<string>15.1</string>\n</dict></plist>";
        assert_eq!(plist_string(xml, "ProductVersion").as_deref(), Some("15.1"));
        assert_eq!(plist_string(xml, "Nope"), None);
        assert_eq!(
            plist_string("<key>ProductVersion</key>", "ProductVersion"),
            None
        );
    }
}
