//! The files a snapshot writes besides the copied tree: `binaries.toml`, `expect.toml`,
//! `host.toml`, `README.md` and `REDACTED.md`.

use super::*;

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn binaries_toml(specs: &[BinaryEntry]) -> String {
    let mut out = String::from(
        "# The executables of this snapshot, described as data: each is a small stand-in with the\n\
         # original's format, architectures, Go version, main package and module (written by\n\
         # `nativego snapshot`; regenerate with the scenario-binaries example).\n",
    );
    for s in specs {
        out.push_str("\n[[binary]]\n");
        out.push_str(&format!("path = {}\n", toml_str(&s.path.to_string_lossy())));
        out.push_str(&format!("format = {}\n", toml_str(s.format)));
        let arch: Vec<String> = s.arch.iter().map(|a| toml_str(a)).collect();
        out.push_str(&format!("arch = [{}]\n", arch.join(", ")));
        for (key, value) in [
            ("go", &s.go),
            ("package", &s.package),
            ("module", &s.module),
            ("version", &s.version),
            ("min_os", &s.min_os),
        ] {
            if let Some(v) = value {
                out.push_str(&format!("{key} = {}\n", toml_str(v)));
            }
        }
        if !s.settings.is_empty() {
            let pairs: Vec<String> = s
                .settings
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_str(k), toml_str(v)))
                .collect();
            out.push_str(&format!("settings = {{ {} }}\n", pairs.join(", ")));
        }
        if let Some(uuid) = s.uuid {
            out.push_str(&format!("uuid = {uuid}\n"));
        }
    }
    out
}

pub(super) fn expect_toml(findings: &[String]) -> String {
    let ids: BTreeSet<&String> = findings.iter().collect();
    let list: Vec<String> = ids.iter().map(|id| toml_str(id)).collect();
    format!(
        "# The checks that fired on the machine this snapshot was made on.\nfindings = [{}]\n",
        list.join(", ")
    )
}

/// `host.toml`, in the scenario format.
#[derive(Serialize)]
struct HostTomlOut {
    description: String,
    os: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    os_version: Option<String>,
    arch: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    home: Option<String>,
    shell: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    translated: Option<bool>,
    env: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    processes: Vec<ProcessOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arch_preferences: Option<Vec<ArchPreferenceOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    owners: BTreeMap<String, u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    dir_sizes: BTreeMap<String, crate::facts::DirSize>,
}

#[derive(Serialize)]
struct ProcessOut {
    pid: u32,
    ppid: u32,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    exe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translated: Option<bool>,
}

#[derive(Serialize)]
struct ArchPreferenceOut {
    bundle_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_path: Option<String>,
    arch: String,
}

pub(super) fn host_toml(
    host: &dyn Host,
    facts: &Facts,
    red: &Redactor,
    opts: &SnapshotOptions,
    b: &mut Builder<'_>,
) -> String {
    let machine = host.machine();
    let mut hits = redact::Hits::default();
    let mut r = |s: &str| {
        let (t, h) = red.text(s);
        hits.home += h.home;
        hits.user += h.user;
        t
    };
    // The environment a new terminal starts the shell with, as the probe computed it.
    let raw_env: Vec<(String, Vec<u8>)> = if host.can_run() {
        PASSED_THROUGH
            .iter()
            .filter_map(|k| host.env_var(k).map(|v| (k.to_string(), v)))
            .collect()
    } else {
        host.env_vars()
    };
    let mut env: BTreeMap<String, String> = raw_env
        .into_iter()
        .map(|(k, v)| (k, r(&String::from_utf8_lossy(&v))))
        .collect();
    let home = facts.home.as_ref().map(|h| r(&h.to_string_lossy()));
    if let Some(home) = &home {
        env.insert("HOME".into(), home.clone());
    }
    let shell = facts
        .login
        .shell
        .as_ref()
        .map(|s| r(&s.to_string_lossy()))
        .unwrap_or_else(|| {
            match facts.machine.os {
                Os::Macos => "/bin/zsh",
                _ => "/bin/bash",
            }
            .to_string()
        });
    let processes = facts
        .machine
        .processes
        .iter()
        .map(|p: &ProcessInfo| ProcessOut {
            pid: p.pid,
            ppid: p.ppid,
            name: r(&p.name),
            exe: p.exe.as_ref().map(|e| r(&e.to_string_lossy())),
            translated: p.translated,
        })
        .collect();
    let arch_preferences = match &facts.machine.arch_preferences {
        Applicable::Known(prefs) => Some(
            prefs
                .iter()
                .map(|p: &ArchPreference| ArchPreferenceOut {
                    bundle_id: p.bundle_id.clone(),
                    app_path: p.app_path.as_ref().map(|a| r(&a.to_string_lossy())),
                    arch: p.arch.clone(),
                })
                .collect(),
        ),
        _ => None,
    };
    if facts.machine.os == Os::Macos && facts.machine.arch_preferences.known().is_none() {
        b.notes.push(
            "the Rosetta preferences of terminal apps could not be read; the snapshot has none"
                .into(),
        );
    }
    // Go's directories as the probe saw them: their owners (when not the user) and the
    // caches' measured sizes (the snapshot does not copy a cache's tree).
    let uid = facts.machine.uid;
    let mut owners = BTreeMap::new();
    let mut dir_sizes = BTreeMap::new();
    for dir in &facts.go_dirs {
        let path = r(&dir.path.to_string_lossy());
        if let Some(owner) = dir.owner.filter(|o| Some(*o) != uid) {
            owners.insert(path.clone(), owner);
        }
        if let Some(size) = dir.size {
            dir_sizes.insert(path, size);
        }
    }
    let doc = HostTomlOut {
        description: format!(
            "Snapshot of a {} {} machine made on {} by nativego {} (`nativego snapshot`); user name and home replaced, see REDACTED.md",
            facts.machine.os,
            facts.machine.hw_arch,
            date(opts.now_unix),
            opts.nativego_version
        ),
        os: match facts.machine.os {
            Os::Macos => "macos",
            _ => "linux",
        },
        os_version: machine.os_version.as_deref().map(&mut r),
        arch: facts.machine.hw_arch.name().to_string(),
        home,
        shell,
        translated: facts.machine.translated.known().copied(),
        env,
        processes,
        arch_preferences,
        uid: uid.filter(|u| *u != crate::host::scenario::SCENARIO_UID),
        owners,
        dir_sizes,
    };
    let text = toml::to_string(&doc).unwrap_or_default();
    b.tally(Path::new("host.toml"), hits);
    format!(
        "# Written by `nativego snapshot`: the facts about the machine that are not files.\n{text}"
    )
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
fn date(unix: u64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = (unix / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(super) fn readme(s: &SnapshotSummary, opts: &SnapshotOptions) -> String {
    let findings = if s.findings.is_empty() {
        "none".to_string()
    } else {
        s.findings
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "# NativeGo snapshot\n\n\
         A {os} machine's Go environment, captured on {date} by nativego {version} as a\n\
         scenario directory (see `tests/scenarios/README.md` in NativeGo's repository).\n\
         Diagnose it anywhere with:\n\n\
         ```sh\nnativego doctor --scenario <this directory>\n```\n\n\
         Findings on the machine (startup files evaluated statically, as for any scenario): {findings}.\n\n\
         ## What is in it\n\n\
         Only what NativeGo looked at while diagnosing the machine:\n\n\
         - `root/`: the machine's files at their machine paths — {copied} text files copied\n  \
           (startup files and the files they source, `/etc/paths*`, go env files, `VERSION`,\n  \
           `go.env`, the OS version file), {symlinks} symlinks recreated, {placeholders} placeholders\n  \
           for files whose existence alone matters, and empty directories kept with `.keep`;\n\
         - `binaries.toml`: the executables ({stand_ins}: each `go`, the tools in GOBIN or GOPATH/bin, …)\n  \
           described by format, architectures, Go version, main package and module; the files in\n  \
           `root/` are small generated stand-ins, not the originals{rebuilt};\n\
         - `host.toml`: OS, hardware architecture, home, login shell, the environment a new\n  \
           terminal starts with, running terminal apps and shells, Rosetta preferences;\n\
         - `expect.toml`: the checks that fired on the machine;\n\
         - `REDACTED.md`: what was replaced to keep personal data out.\n\n\
         ## Before you share it\n\n\
         The user name and home directory are replaced, and values of variables named like\n\
         secrets (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*KEY*`) in startup files are blanked.\n\
         Startup files can still hold private things under other names (hostnames, internal\n\
         proxy URLs with credentials in `GOPROXY`, paths that name clients or projects):\n\
         **read the files under `root/` before you share this directory.**\n",
        os = s.os,
        date = date(opts.now_unix),
        version = opts.nativego_version,
        copied = s.copied,
        symlinks = s.symlinks,
        placeholders = s.placeholders,
        stand_ins = s.stand_ins,
        rebuilt = if s.rebuilt > 0 {
            format!(
                "; {} unreadable executables were rebuilt from the bytes NativeGo read of them (zeros elsewhere)",
                s.rebuilt
            )
        } else {
            String::new()
        },
    )
}

pub(super) fn redacted_md(s: &SnapshotSummary) -> String {
    let mut out = String::from("# What this snapshot redacted\n\n");
    if s.redactions.is_empty() {
        out.push_str(
            "- No user name or home directory needed replacing (they were already neutral).\n",
        );
    }
    for r in &s.redactions {
        out.push_str(&format!(
            "- The {} → `{}`, in {} files or symlinks (paths included).\n",
            r.what, r.replacement, r.files
        ));
    }
    if s.secrets.is_empty() {
        out.push_str("- No secret-looking variable was found in the startup files.\n");
    } else {
        out.push_str("- Values of secret-looking variables → `REDACTED`:\n");
        for (path, name) in &s.secrets {
            out.push_str(&format!("  - `{name}` in `{}`\n", path.display()));
        }
    }
    out.push_str(
        "- Executables: stand-ins carry only format, architectures, Go version, main package, \
         module and version, minimum OS, and the build settings the diagnosis reads (GOOS, \
         GOARCH, CGO_ENABLED, -buildmode, vcs.*); no code, dependencies or other build flags.\n",
    );
    if !s.notes.is_empty() {
        out.push_str("\n## Limits met\n\n");
        for n in &s.notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_767_225_600), "2026-01-01");
    }
}
