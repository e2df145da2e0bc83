//! Every `go install` command NativeGo proposes, over every scenario and the rebuild cases
//! of issue 12, is one Go accepts: first by Go's module rules (`gomodule`), then, when
//! `go` is installed, by the real `go` against a local file-based GOPROXY holding fixture
//! modules written here (`go mod download -json module@version`, then `go install` of
//! each package). The commands NativeGo refuses to propose are refused by Go too.
//!
//! Without `go` on PATH the real-Go part is skipped, unless `NATIVEGO_REQUIRE_GO=1` (set
//! by `scripts/test.sh`), in which case it fails. No network: GOPROXY is a `file://` URL.
// Tests write fixture files and run real programs.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use nativego_doctor::binary::Arch;
use nativego_doctor::binary::{BinaryFormat, BinaryInfo, BuildInfo, Module, Slice};
use nativego_doctor::checks::rebuild::{self, Install, Rebuild};
use nativego_doctor::facts::{Facts, Tool};
use nativego_doctor::gomodule::{
    check_import_path, check_module_version, exec_name, package_in_module,
};
use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;

use common::scenarios;

/// One proposed `go install` target and where it was seen.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Proposed {
    package: String,
    version: String,
    /// The module, from the tool the command rebuilds.
    module: String,
    context: String,
}

/// `pkg@version` words after each `go install` in `text`.
fn targets_in_text(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("go install ") {
        for word in text[i + "go install ".len()..].split_whitespace() {
            let word = word
                .trim_start_matches(|c: char| "`'\"(".contains(c))
                .trim_end_matches(|c: char| "`'\",;:.)".contains(c));
            if word.starts_with('-') {
                continue;
            }
            if !word.contains('@') {
                break;
            }
            out.push(word.to_string());
        }
    }
    out
}

/// Every `go install` target in a report: fix actions running `go install`, and every
/// command written in a hint, message, evidence note, fix command or instructions.
fn targets_in_report(report: &Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in &report.findings {
        let ctx = |what: &str| format!("{} {what}", f.check);
        let mut texts = vec![("message", f.message.clone())];
        texts.extend(f.hint.clone().map(|h| ("hint", h)));
        texts.extend(f.evidence.iter().map(|e| ("evidence", e.note.clone())));
        for fix in &f.fixes {
            texts.extend(fix.command.clone().map(|c| ("fix command", c)));
            texts.extend(fix.instructions.clone().map(|c| ("fix instructions", c)));
            for a in &fix.actions {
                let is_go = a.program.file_name().is_some_and(|n| n == "go");
                if is_go && a.args.first().map(String::as_str) == Some("install") {
                    for t in a.args[1..].iter().filter(|t| !t.starts_with('-')) {
                        out.push((ctx(&format!("fix {} action", fix.id)), t.clone()));
                    }
                }
            }
        }
        for (what, text) in texts {
            for t in targets_in_text(&text) {
                out.push((ctx(what), t));
            }
        }
    }
    out
}

/// The module of the tool a target rebuilds (the tool whose build info has that package
/// and version), so the command can be judged as Go judges it.
fn module_of(facts: &Facts, package: &str, version: &str) -> Option<String> {
    facts.tools.iter().find_map(|t| {
        let b = t.binary.as_ref().ok()?.build()?;
        let m = b.main.as_ref()?;
        (b.path.as_deref() == Some(package) && m.version == version).then(|| m.path.clone())
    })
}

fn tool(
    name: &str,
    pkg: Option<&str>,
    module: Option<(&str, &str)>,
    settings: &[(&str, &str)],
) -> Tool {
    Tool {
        path: PathBuf::from("/Users/dev/go/bin").join(name),
        name: name.into(),
        binary: Ok(BinaryInfo {
            format: BinaryFormat::MachO,
            slices: vec![Slice {
                arch: Arch::X86_64,
                offset: 0,
                size: 0,
                min_os: None,
                uuid: Some(true),
                build_version: None,
                build: Some(BuildInfo {
                    go_version: "go1.22.5".into(),
                    path: pkg.map(str::to_string),
                    main: module.map(|(p, v)| Module {
                        path: p.into(),
                        version: v.into(),
                        sum: None,
                    }),
                    settings: settings
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                }),
            }],
        }),
        os: None,
    }
}

/// Text that names `go install` without proposing a command: (check and field, words).
const MENTIONS: &[(&str, &str)] = &[
    // "`go get` or `go install pkg@version` do not work" with GO111MODULE=off.
    ("modules-off message", "pkg@version"),
    // An update on purpose, to Delve's newest release (a Delve older than the active Go
    // is the problem): not a rebuild of what is installed.
    (
        "dlv-outdated hint",
        "github.com/go-delve/delve/cmd/dlv@latest",
    ),
    (
        "dlv-outdated fix command",
        "github.com/go-delve/delve/cmd/dlv@latest",
    ),
];

/// Issue 12's cases that must be rebuilt (name, package, module, version).
const ACCEPTED: &[(&str, &str, &str, &str)] = &[
    (
        "dlv",
        "github.com/go-delve/delve/cmd/dlv",
        "github.com/go-delve/delve",
        "v1.22.0",
    ),
    (
        "goimports",
        "golang.org/x/tools/cmd/goimports",
        "golang.org/x/tools",
        "v0.20.0",
    ),
    (
        "stringer",
        "golang.org/x/tools/cmd/stringer",
        "golang.org/x/tools",
        "v0.20.0",
    ),
    (
        "x",
        "example.com/m/v3/cmd/x",
        "example.com/m/v3",
        "v3.0.0-20240101000000-abcdefabcdef",
    ),
    (
        "mycmd",
        "example.com/mycmd/v2",
        "example.com/mycmd/v2",
        "v2.1.0",
    ),
    (
        "old",
        "example.com/old",
        "example.com/old",
        "v2.1.0+incompatible",
    ),
    (
        "Tool",
        "github.com/Example/Tool",
        "github.com/Example/Tool",
        "v1.0.0",
    ),
    // A renamed copy: `go install` names it dlv; NativeGo renames it back.
    (
        "dlv-1.22",
        "github.com/go-delve/delve/cmd/dlv",
        "github.com/go-delve/delve",
        "v1.22.0",
    ),
];

/// Issue 12's cases that get no command: (name, package, module line, what a naive rule
/// proposed, which Go must refuse).
type Refused = (
    &'static str,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
    &'static str,
);
const REFUSED: &[Refused] = &[
    ("gofmt", Some("cmd/gofmt"), None, "cmd/gofmt@latest"),
    ("go", Some("cmd/go"), Some(("cmd", "")), "cmd/go@latest"),
    (
        "main",
        Some("command-line-arguments"),
        None,
        "command-line-arguments@latest",
    ),
    (
        "main",
        Some("esbuild/main"),
        Some(("esbuild", "(devel)")),
        "esbuild/main@latest",
    ),
    (
        "esbuild",
        Some("github.com/evanw/esbuild/cmd/esbuild"),
        Some(("github.com/evanw/esbuild", "(devel)")),
        "github.com/evanw/esbuild/cmd/esbuild@(devel)",
    ),
    (
        "x",
        Some("example.com/m/v3/cmd/x"),
        Some(("example.com/m/v3", "v0.0.0-20240101000000-abcdefabcdef")),
        "example.com/m/v3/cmd/x@v0.0.0-20240101000000-abcdefabcdef",
    ),
    (
        "d",
        Some("example.com/d"),
        Some((
            "example.com/d",
            "v1.2.4-0.20240101000000-abcdefabcdef+dirty",
        )),
        "example.com/d@v1.2.4-0.20240101000000-abcdefabcdef+dirty",
    ),
];

fn accepted_tools() -> Vec<Tool> {
    ACCEPTED
        .iter()
        .map(|(n, p, m, v)| tool(n, Some(p), Some((m, v)), &[]))
        .collect()
}

/// Every proposal: the scenarios' reports and the unit cases' actions.
fn all_proposals() -> (Vec<Proposed>, Vec<String>) {
    let mut proposed = Vec::new();
    let mut problems = Vec::new();
    for (name, dir) in scenarios() {
        let host = ScenarioHost::load(&dir).unwrap();
        let (facts, report) = nativego_doctor::diagnose(
            &host,
            &ProbeOptions {
                run_login_shell: false,
                ..ProbeOptions::default()
            },
        );
        for (ctx, target) in targets_in_report(&report) {
            let context = format!("{name}: {ctx}");
            if MENTIONS.contains(&(ctx.as_str(), target.as_str())) {
                continue;
            }
            let Some((package, version)) = target.rsplit_once('@') else {
                problems.push(format!("{context}: `{target}` has no version"));
                continue;
            };
            match module_of(&facts, package, version) {
                Some(module) => proposed.push(Proposed {
                    package: package.into(),
                    version: version.into(),
                    module,
                    context,
                }),
                None => problems.push(format!(
                    "{context}: `{target}` rebuilds no tool of the scenario at that version"
                )),
            }
        }
    }
    let tools = accepted_tools();
    let refs: Vec<&Tool> = tools.iter().collect();
    let plan = rebuild::Plan::new(&refs);
    for a in rebuild::actions(
        Path::new("/usr/local/go/bin/go"),
        &plan.installs(),
        "darwin",
        "arm64",
    ) {
        if a.args.first().map(String::as_str) != Some("install") {
            continue;
        }
        for t in &a.args[1..] {
            let (package, version) = t.rsplit_once('@').unwrap();
            let module = ACCEPTED
                .iter()
                .find(|c| c.1 == package && c.3 == version)
                .map(|c| c.2.to_string())
                .unwrap();
            proposed.push(Proposed {
                package: package.into(),
                version: version.into(),
                module,
                context: "unit case".into(),
            });
        }
    }
    (proposed, problems)
}

#[test]
fn every_proposed_command_passes_go_s_module_rules() {
    let (proposed, mut problems) = all_proposals();
    for p in &proposed {
        let checks = check_import_path(&p.package)
            .and_then(|()| check_module_version(&p.module, &p.version));
        if let Err(e) = checks {
            problems.push(format!("{}: {}@{}: {e}", p.context, p.package, p.version));
        }
        if !package_in_module(&p.package, &p.module) {
            problems.push(format!(
                "{}: {} is not in {}",
                p.context, p.package, p.module
            ));
        }
        if p.version == "latest" {
            problems.push(format!("{}: {}@latest", p.context, p.package));
        }
    }
    // The same target twice in one fix's actions would be the triple command.
    let mut per_fix = BTreeSet::new();
    for p in proposed.iter().filter(|p| p.context.ends_with(" action")) {
        if !per_fix.insert((&p.context, &p.package, &p.version)) {
            problems.push(format!("{}: {}@{} twice", p.context, p.package, p.version));
        }
    }
    let scenario_count = proposed.iter().filter(|p| p.context != "unit case").count();
    eprintln!(
        "{} go install targets proposed ({} from scenarios, {} from unit cases)",
        proposed.len(),
        scenario_count,
        proposed.len() - scenario_count
    );
    assert!(
        scenario_count >= 10,
        "only {scenario_count} targets in scenarios"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));

    // The refused cases get no command, and what a naive rule would say fails the rules.
    for (name, pkg, module, naive) in REFUSED {
        let t = tool(name, *pkg, *module, &[]);
        let r = rebuild::rebuild_for(&t).unwrap();
        assert!(!matches!(r, Rebuild::Install(_)), "{naive}: {r:?}");
        let (p, v) = naive.rsplit_once('@').unwrap();
        let module_path = module.map(|m| m.0).unwrap_or(p);
        let rules = check_import_path(p).and_then(|()| check_module_version(module_path, v));
        if v != "latest" {
            assert!(rules.is_err(), "{naive} passes the rules");
        } else {
            // `@latest` is a query, not a version: the module path is what fails.
            assert!(
                nativego_doctor::gomodule::check_module_path(module_path).is_err(),
                "{naive}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Real Go against a file-based GOPROXY.
// ---------------------------------------------------------------------------

fn go_available() -> bool {
    let ok = Command::new("go")
        .args(["env", "GOVERSION"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("NATIVEGO_REQUIRE_GO").as_deref() == Ok("1") {
        panic!("NATIVEGO_REQUIRE_GO=1 but `go env GOVERSION` failed: is Go on PATH?");
    }
    ok
}

/// The proxy protocol's case escaping: an upper-case letter becomes `!` and its lower case.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

/// A zip archive with stored (uncompressed) entries (PKWARE APPNOTE 4.3).
fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(0u16.to_le_bytes()); // method: stored
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra length
            if central {
                h.extend(0u16.to_le_bytes()); // comment length
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disk numbers
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Write `module@version` with a `package main` for each package into the proxy.
fn fixture(proxy: &Path, module: &str, version: &str, packages: &BTreeSet<String>) {
    let dir = proxy.join(escape(module)).join("@v");
    std::fs::create_dir_all(&dir).unwrap();
    // A +incompatible version is a module without go.mod (the proxy synthesises one).
    let incompatible = version.ends_with("+incompatible");
    let go_mod = format!("module {module}\n\ngo 1.16\n");
    let v = escape(version);
    std::fs::write(dir.join(format!("{v}.mod")), &go_mod).unwrap();
    std::fs::write(
        dir.join(format!("{v}.info")),
        format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}"),
    )
    .unwrap();
    let prefix = format!("{module}@{version}");
    let mut entries = Vec::new();
    if !incompatible {
        entries.push((format!("{prefix}/go.mod"), go_mod.into_bytes()));
    }
    for pkg in packages {
        let rel = pkg[module.len()..].trim_start_matches('/');
        let file = if rel.is_empty() {
            format!("{prefix}/main.go")
        } else {
            format!("{prefix}/{rel}/main.go")
        };
        entries.push((file, b"package main\n\nfunc main() {}\n".to_vec()));
    }
    std::fs::write(dir.join(format!("{v}.zip")), zip(&entries)).unwrap();
    let list = dir.join("list");
    let mut known = std::fs::read_to_string(&list).unwrap_or_default();
    known.push_str(version);
    known.push('\n');
    std::fs::write(list, known).unwrap();
}

struct Go {
    root: PathBuf,
}

impl Go {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("go");
        c.args(args)
            .current_dir(self.root.join("work"))
            .env(
                "GOPROXY",
                format!("file://{}", self.root.join("proxy").display()),
            )
            .env("GOSUMDB", "off")
            .env("GONOSUMDB", "*")
            .env("GOFLAGS", "-mod=mod -modcacherw")
            .env("GO111MODULE", "on")
            .env("GOTOOLCHAIN", "local")
            .env("GOWORK", "off")
            .env("GOENV", "off")
            .env("GOPATH", self.root.join("gopath"))
            .env("GOMODCACHE", self.root.join("gopath/pkg/mod"))
            .env("GOCACHE", self.root.join("cache"))
            .env("HOME", &self.root)
            .env("CGO_ENABLED", "0")
            .env_remove("GOBIN")
            .env_remove("GOOS")
            .env_remove("GOARCH")
            .env_remove("GOPRIVATE")
            .env_remove("GONOPROXY");
        c
    }

    fn run(&self, args: &[&str], env: &[(String, String)]) -> (bool, String) {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        (o.status.success(), text)
    }

    fn host(&self) -> (String, String) {
        let (ok, out) = self.run(&["env", "GOHOSTOS", "GOHOSTARCH"], &[]);
        assert!(ok, "{out}");
        let mut lines = out.lines();
        (lines.next().unwrap().into(), lines.next().unwrap().into())
    }
}

#[test]
fn real_go_accepts_every_proposed_command_and_refuses_the_rest() {
    if !go_available() {
        eprintln!("skipped: no `go` on PATH");
        return;
    }
    let (proposed, problems) = all_proposals();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let go = Go {
        root: tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(tmp.path().join("work")).unwrap();
    let proxy = tmp.path().join("proxy");

    // One fixture per module@version, holding every package proposed from it.
    let mut modules: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for p in &proposed {
        modules
            .entry((p.module.clone(), p.version.clone()))
            .or_default()
            .insert(p.package.clone());
    }
    // And the refused cases a proxy can hold, so Go refuses them for the version, not
    // for a missing file.
    for (_, pkg, module, _) in REFUSED {
        if let (Some(pkg), Some((m, v))) = (pkg, module) {
            if m.contains('.') && v.starts_with('v') {
                modules
                    .entry((m.to_string(), v.to_string()))
                    .or_default()
                    .insert(pkg.to_string());
            }
        }
    }
    for ((m, v), pkgs) in &modules {
        fixture(&proxy, m, v, pkgs);
    }

    let mut failures = Vec::new();
    let mut accepted = 0;
    let mut installs = 0;
    let mut seen = BTreeSet::new();
    for p in &proposed {
        let mv = format!("{}@{}", p.module, p.version);
        if seen.insert(mv.clone()) {
            let (ok, out) = go.run(&["mod", "download", "-json", &mv], &[]);
            if ok {
                accepted += 1;
            } else {
                failures.push(format!(
                    "{}: go mod download {mv} failed:\n{out}",
                    p.context
                ));
            }
        }
        let target = format!("{}@{}", p.package, p.version);
        if seen.insert(target.clone()) {
            let bin = tmp.path().join(format!("bin-{installs}"));
            installs += 1;
            let env = [("GOBIN".to_string(), bin.display().to_string())];
            let (ok, out) = go.run(&["install", &target], &env);
            let built = bin.join(exec_name(&p.package));
            if !ok || !built.exists() {
                failures.push(format!(
                    "{}: go install {target} failed or built no {}:\n{out}",
                    p.context,
                    built.display()
                ));
            }
        }
    }

    // What NativeGo refuses to propose, Go refuses.
    let mut refused = 0;
    for (_, _, _, naive) in REFUSED {
        let (ok, out) = go.run(
            &["install", naive],
            &[(
                "GOBIN".to_string(),
                tmp.path().join("bin-refused").display().to_string(),
            )],
        );
        if ok {
            failures.push(format!("go install {naive} succeeded: {out}"));
        } else {
            refused += 1;
        }
        if let Some((m, v)) = naive.rsplit_once('@').filter(|(_, v)| v.starts_with('v')) {
            let module = REFUSED
                .iter()
                .find(|c| c.3 == *naive)
                .and_then(|c| c.2)
                .map(|c| c.0)
                .unwrap_or(m);
            let (ok, out) = go.run(&["mod", "download", "-json", &format!("{module}@{v}")], &[]);
            if ok {
                failures.push(format!("go mod download {module}@{v} succeeded: {out}"));
            }
        }
    }
    eprintln!(
        "real go: {accepted} module versions downloaded, {installs} targets installed, {refused} of {} refused commands refused",
        REFUSED.len()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn real_go_runs_the_renamed_rebuild_and_the_tool_keeps_its_name() {
    if !go_available() {
        eprintln!("skipped: no `go` on PATH");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let go = Go {
        root: tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(tmp.path().join("work")).unwrap();
    let (goos, goarch) = go.host();
    let pkgs = BTreeSet::from(["github.com/go-delve/delve/cmd/dlv".to_string()]);
    fixture(
        &tmp.path().join("proxy"),
        "github.com/go-delve/delve",
        "v1.22.0",
        &pkgs,
    );
    let tool_dir = tmp.path().join("gobin");
    std::fs::create_dir_all(&tool_dir).unwrap();
    std::fs::write(tool_dir.join("dlv-1.22"), b"old").unwrap();
    // Another tool named like the package's binary must not be overwritten.
    std::fs::write(tool_dir.join("dlv"), b"someone else's dlv").unwrap();
    let install = Install {
        package: "github.com/go-delve/delve/cmd/dlv".into(),
        module: "github.com/go-delve/delve".into(),
        version: "v1.22.0".into(),
        name: "dlv-1.22".into(),
        dir: tool_dir.clone(),
    };
    let actions = rebuild::actions(Path::new("go"), &[&install], &goos, &goarch);
    assert_eq!(actions.len(), 3);
    for a in &actions {
        let program = a.program.display().to_string();
        let args: Vec<&str> = a.args.iter().map(String::as_str).collect();
        let (ok, out) = if program == "go" {
            go.run(&args, &a.env)
        } else {
            let o = Command::new(&a.program)
                .args(&a.args)
                .envs(a.env.iter().cloned())
                .output()
                .unwrap();
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        assert!(ok, "{}: {out}", a.command_line());
    }
    let rebuilt = std::fs::read(tool_dir.join("dlv-1.22")).unwrap();
    assert!(
        rebuilt.len() > 1000,
        "dlv-1.22 was not replaced by a Go binary"
    );
    assert_eq!(
        std::fs::read(tool_dir.join("dlv")).unwrap(),
        b"someone else's dlv"
    );
    assert!(!tool_dir.join(rebuild::STAGING_DIR).exists());
    let mut names: Vec<_> = std::fs::read_dir(&tool_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["dlv", "dlv-1.22"]);
}

#[test]
fn the_text_scanner_finds_commands() {
    assert_eq!(
        targets_in_text("run `go install a.com/x@v1.0.0 a.com/y@v1.0.0` and `go install b.com/z@v2.0.0+incompatible`."),
        ["a.com/x@v1.0.0", "a.com/y@v1.0.0", "b.com/z@v2.0.0+incompatible"]
    );
    assert_eq!(
        targets_in_text("go install <module>@latest"),
        ["<module>@latest"]
    );
    assert!(targets_in_text("`go install` names it").is_empty());
}
