// Generated from the engine's report types (src-tauri/doctor, ts-rs). Do not edit:
// run `NATIVEGO_UPDATE_TS=1 cargo test -p nativego-doctor --lib ts_types`.

/**
 * A program NativeGo runs for the user: fixed arguments, no shell, a timeout, its output
 * captured.
 */
export type Action = { program: string, args: Array<string>, 
/**
 * Extra environment, on top of the login environment's PATH and HOME.
 */
env?: Array<[string, string]>, timeout_secs: number, };

/**
 * How much care applying a fix needs.
 */
export type Applicability = "manual" | "unsafe" | "safe";

/**
 * A fact that only exists on some operating systems.
 */
export type Applicable<T> = { "state": "known", "value": T } | { "state": "unknown" } | { "state": "not-applicable" };

/**
 * A CPU architecture, named as Apple and Go users see it.
 */
export type Arch = "arm64" | "arm64e" | "x86_64" | "i386" | "arm" | "arm64_32" | "ppc" | "ppc64" | "riscv64" | "unknown";

/**
 * The part of the environment a check looks at; the human report has one line per area.
 */
export type Area = "toolchain" | "path" | "goroot" | "environment" | "tools" | "rosetta" | "cgo" | "shell";

/**
 * Which of NativeGo's two readings of the startup files placed a value at its line.
 */
export type AttributedBy = "shell" | "static";

/**
 * How the origin of a Go variable or a PATH entry was found, when the login shell ran.
 */
export type Attribution = { attributed_by: AttributedBy, 
/**
 * The static evaluation says otherwise: another line, another value, or nothing. The
 * origin shown is the shell's.
 */
disagrees: boolean, 
/**
 * What the static evaluation said, when it disagrees (`None`: it did not find the
 * value at all).
 */
static_origin?: Origin | null, 
/**
 * The program whose output an `eval` at the origin's line ran (`brew shellenv`,
 * `path_helper -s`), when the value came from one.
 */
via?: string | null, };

/**
 * The container format of an executable.
 */
export type BinaryFormat = "mach-o" | "fat" | "fat64" | "elf";

export type CheckStatus = { id: string, area: Area, status: Status, 
/**
 * The worst severity among its findings, when it failed.
 */
severity?: Severity, };

/**
 * The Xcode Command Line Tools.
 */
export type DeveloperTools = { 
/**
 * The active developer directory, if any.
 */
path: string | null, 
/**
 * `usr/bin/xcrun` (or, on Linux, a C compiler) is present.
 */
installed: boolean, 
/**
 * The full Xcode the developer directory points into, with its licence state; `None`
 * when the Command Line Tools (or nothing) are selected.
 */
xcode?: XcodeSelected | null, };

/**
 * One change to one file. Paths are machine paths as the user knows them (a symlinked
 * `~/.zshrc` is edited at its target when the plan is made).
 */
export type Edit = { "kind": "comment-out-line", path: string, line: number, expected: string, } | { "kind": "replace-line", path: string, line: number, expected: string, new: string, } | { "kind": "ensure-block", path: string, block: string, lines: Array<string>, } | { "kind": "go-env-unset", path: string, key: string, } | { "kind": "go-env-set", path: string, key: string, value: string, } | { "kind": "create-dir", path: string, } | { "kind": "json-set-string", path: string, key: string, expected: string, new: string, };

export type EnvValue = { value: string, origin: Origin, 
/**
 * Other places that set it but lose.
 */
overridden?: Array<OverriddenValue>, 
/**
 * For a value from the login environment: whether the login shell's trace or the
 * static evaluation found its origin, and whether they disagree (only when the login
 * shell ran).
 */
attribution?: Attribution, };

/**
 * A place on the machine that shows or causes a finding.
 */
export type Evidence = { 
/**
 * The path as on the machine (`/Users/dev/.zshrc`).
 */
path: string | null, 
/**
 * Line number, counted from 1.
 */
line: number | null, 
/**
 * What is there (`export GOARCH=amd64`).
 */
note: string, };

/**
 * A check that fired.
 */
export type Finding = { 
/**
 * The check's stable ID.
 */
check: string, 
/**
 * What this finding is about, without where it was seen: `check:subject`
 * (`goarch-forced:GOARCH`, `go-shadowed:/usr/local/go/bin/go`). Stable across edits
 * that move lines, so drift notifications, the CLI's "still reported" and the UI
 * compare findings by it. Unique within a report.
 */
key: string, severity: Severity, 
/**
 * One line, no final full stop.
 */
title: string, 
/**
 * What is wrong and why it matters, in a sentence or two.
 */
message: string, evidence: Array<Evidence>, 
/**
 * What to do, as a sentence with commands in backticks.
 */
hint: string | null, 
/**
 * The ways out, best first.
 */
fixes: Array<Fix>, 
/**
 * Links from its check's references (issues, Go's documentation), for "Learn more".
 */
references?: Array<Link>, 
/**
 * The user ignores it (`nativego ignore`): it stays in the report, but leaves the
 * exit code, the counts, the icon and the notifications alone.
 */
ignored?: boolean, 
/**
 * The reason the user gave for ignoring it.
 */
ignored_reason?: string, };

/**
 * A proposed remedy for a finding.
 */
export type Fix = { 
/**
 * Stable ID: `<check>:<what>` (`goarch-forced:remove-GOARCH`).
 */
id: string, 
/**
 * Imperative, says what it does: "Comment out `export GOARCH=amd64` in ~/.zshrc:12".
 */
title: string, applicability: Applicability, edits?: Array<Edit>, actions?: Array<Action>, 
/**
 * For manual fixes: what to do, step by step.
 */
instructions?: string | null, 
/**
 * For manual fixes: a command to copy.
 */
command?: string | null, 
/**
 * Why NativeGo does not offer this as safe, or does not make the change itself,
 * when its vetting found a reason ([`crate::vet`]): shown with the fix.
 */
caution?: string | null, };

/**
 * Where a Go installation came from.
 */
export type GoSource = { "kind": "official" } | { "kind": "homebrew", prefix: string, } | { "kind": "intel-homebrew", prefix: string, } | { "kind": "toolchain" } | { "kind": "sdk" } | { "kind": "version-manager", name: string, } | { "kind": "distribution" } | { "kind": "other" };

/**
 * A Homebrew installation.
 */
export type HomebrewPrefix = { prefix: string, 
/**
 * Architecture of its `brew` (for Intel Homebrew, of the Ruby it runs), if readable.
 */
arch: Arch | null, };

export type HostSummary = { os: Os, os_version: string | null, 
/**
 * The hardware architecture.
 */
arch: Arch, 
/**
 * NativeGo itself runs under Rosetta.
 */
translated: Applicable<boolean>, rosetta_installed: Applicable<boolean>, developer_tools: Applicable<DeveloperTools>, homebrew: Array<HomebrewPrefix>, home: string | null, shell: string | null, shell_kind: ShellKind | null, 
/**
 * How the login environment was learnt.
 */
login_method: LoginMethod | null, 
/**
 * What became of the login shell's trace, when the shell ran: `used` (origins come
 * from it first), `missing` or `cut` (origins come from the static evaluation).
 */
login_trace?: TraceState, };

export type InstallSummary = { path: string, resolved: string | null, version: string | null, 
/**
 * The architecture that runs on this machine: the native slice if there is one.
 */
arch: Arch | null, 
/**
 * Every architecture in the binary.
 */
arches: Array<Arch>, goroot: string | null, 
/**
 * First line of `$GOROOT/VERSION`.
 */
version_file: string | null, source: GoSource, 
/**
 * Position on the login PATH (0 = first), if it is on PATH.
 */
path_index: number | null, 
/**
 * Why the binary could not be read, if it could not.
 */
error: string | null, 
/**
 * When `path` is a version manager's shim: what it runs, and why (`resolved`,
 * `version` and `arches` are then that Go's).
 */
shim?: Shim, 
/**
 * Mach-O only: whether every slice has an `LC_UUID` load command (`null` for ELF or
 * an unreadable binary).
 */
uuid: boolean | null, 
/**
 * Mach-O only: the minimum macOS of the slice that runs here (`LC_BUILD_VERSION`).
 */
min_macos: string | null, };

/**
 * A reference a finding links to.
 */
export type Link = { 
/**
 * How it is cited: `golang/go#57693`, `go.dev/doc/toolchain`.
 */
label: string, url: string, };

/**
 * How the login environment was obtained.
 */
export type LoginMethod = "shell" | "static";

/**
 * Where a value, a PATH entry or a setting came from.
 */
export type Origin = { "kind": "startup-file", path: string, line: number, } | { "kind": "path-helper", path: string, line: number, } | { "kind": "brew-shellenv", path: string, line: number, prefix: string, } | { "kind": "go-env-file", path: string, line: number, } | { "kind": "goroot-go-env", path: string, line: number, } | { "kind": "inherited" } | { "kind": "login-shell" } | { "kind": "default" };

/**
 * Operating-system family.
 */
export type Os = "macos" | "linux" | "other";

/**
 * Where NativeGo learnt the operating system an executable is built for.
 */
export type OsSource = "go-build-info" | "mach-o" | "elf-os-abi";

export type OverriddenValue = { value: string, origin: Origin, };

/**
 * One entry of the login PATH.
 */
export type PathSummary = { dir: string, origin: Origin, 
/**
 * Whether the login shell's trace or the static evaluation found the origin, and
 * whether they disagree (only when the login shell ran).
 */
attribution?: Attribution, };

/**
 * A directory the OS would not watch.
 */
export type PolledDir = { path: string, 
/**
 * Why the OS refused (`the system's limit on file watches is reached …`).
 */
reason: string, };

export type Report = { schema: number, 
/**
 * The NativeGo version that wrote the report.
 */
nativego: string, host: HostSummary, 
/**
 * The `go` a new terminal runs.
 */
go: InstallSummary | null, installs: Array<InstallSummary>, 
/**
 * Effective Go settings with their origins.
 */
env: { [key in string]?: EnvValue }, 
/**
 * Go settings a startup file sets from something NativeGo could not evaluate, with
 * that line: their value is unknown (never Go's default).
 */
env_unknown?: { [key in string]?: Origin }, 
/**
 * The login PATH, each entry with its origin.
 */
path: Array<PathSummary>, tools: Array<ToolSummary>, 
/**
 * Every check with its outcome on this machine.
 */
checks: Array<CheckStatus>, findings: Array<Finding>, summary: Summary, 
/**
 * How `nativego watch` and the app are watching for changes (absent from one-off
 * diagnoses).
 */
watch?: WatchStatus, 
/**
 * The user's suppressions (`nativego ignore`), each with the findings it covers.
 */
suppressions?: Array<SuppressionStatus>, 
/**
 * Why the settings file could not be used (nothing is ignored then).
 */
config_error?: string, };

/**
 * How bad a finding is. Part of the JSON contract.
 */
export type Severity = "info" | "warning" | "error";

/**
 * Which shell family the startup files belong to.
 */
export type ShellKind = "zsh" | "bash" | "other";

/**
 * A version manager's shim, resolved statically (`probe/managers.rs`).
 */
export type Shim = { 
/**
 * `asdf`, `goenv` or `mise`.
 */
manager: string, 
/**
 * The version(s) asked for, as written (`1.22.0`, `1.22`, `latest`, `system`).
 */
requested: string | null, 
/**
 * Where the request was read: a file, or `$GOENV_VERSION`-style variable.
 */
set_by: string | null, set_by_path: string | null, set_by_line: number | null, 
/**
 * The `go` the shim runs.
 */
target: string | null, 
/**
 * Why it runs none.
 */
problem: ShimProblem | null, 
/**
 * The versions the manager has installed, newest first.
 */
installed: Array<string>, };

/**
 * Why a shim runs no Go.
 */
export type ShimProblem = { "kind": "no-version" } | { "kind": "not-installed", version: string, } | { "kind": "no-system-go" } | { "kind": "unreadable", version: string, };

export type Status = "passed" | "failed" | "not-applicable" | "skipped";

export type Summary = { errors: number, warnings: number, infos: number, 
/**
 * Findings the user ignores (not in the counts above).
 */
ignored?: number, };

/**
 * A suppression from the settings file and how many findings it covers now (0: stale,
 * the problem it was for is gone).
 */
export type SuppressionStatus = { findings: number, check: string, 
/**
 * The finding's subject (`GOARCH` of `goarch-forced:GOARCH`); all findings of the
 * check when absent.
 */
for?: string, reason?: string, };

export type ToolSummary = { path: string, name: string, arches: Array<Arch>, go_version: string | null, 
/**
 * The main package path (`golang.org/x/tools/gopls`).
 */
package: string | null, 
/**
 * The main module and its version.
 */
module: string | null, version: string | null, error: string | null, 
/**
 * The container: `mach-o`, `fat`, `fat64` (universal Mach-O) or `elf`; `null` when the
 * file could not be read.
 */
format: BinaryFormat | null, 
/**
 * The OS it is built for, as `GOOS` spells it (`darwin`, `linux`); `null` when unknown.
 */
os: string | null, 
/**
 * Where `os` comes from: `go-build-info`, `mach-o` or `elf-os-abi`.
 */
os_from: OsSource | null, 
/**
 * The build settings that say how it was built, from Go build info: `GOOS`,
 * `GOARCH`, `CGO_ENABLED`, `-buildmode`, `vcs`, `vcs.revision`, `vcs.time`,
 * `vcs.modified` (those present).
 */
settings: { [key in string]?: string }, 
/**
 * Mach-O only: whether every slice has an `LC_UUID` load command (`null` for ELF or
 * an unreadable binary).
 */
uuid: boolean | null, 
/**
 * Mach-O only: the minimum macOS of the slice that runs here (`LC_BUILD_VERSION`).
 */
min_macos: string | null, };

/**
 * What became of the login shell's trace.
 */
export type TraceState = "used" | "missing" | "cut";

/**
 * How the watcher is watching: through the OS (FSEvents, inotify), or, where the OS
 * would not take another watch (its limit on watches reached), by looking again every
 * `poll_interval_ms`. Part of the reports `nativego watch` and the app publish, so the
 * user is told when live updates are slower than usual.
 */
export type WatchStatus = { 
/**
 * Directories the OS reports changes in.
 */
native: number, 
/**
 * Directories looked at every `poll_interval_ms` instead, and why.
 */
polled: Array<PolledDir>, poll_interval_ms: number, 
/**
 * [`WatchStatus::message`], for the UI.
 */
message: string | null, 
/**
 * Which diagnosis of this watch this is: 1 for the first, one more for each after.
 * A shell that receives reports out of order keeps the highest.
 */
generation: number, 
/**
 * When this diagnosis started, in milliseconds since the Unix epoch.
 */
checked_at: number, };

/**
 * A full Xcode selected with `xcode-select`, and which Xcode licence was accepted.
 */
export type XcodeSelected = { 
/**
 * The `Xcode.app` bundle (`/Applications/Xcode.app`).
 */
app: string, 
/**
 * `CFBundleShortVersionString` of its `Contents/version.plist` (else `Info.plist`).
 */
version: string | null, 
/**
 * `IDEXcodeVersionForAgreedToGMLicense` of `/Library/Preferences/com.apple.dt.Xcode.plist`,
 * `None` when the file or the key is absent (no licence accepted).
 */
agreed: string | null, 
/**
 * Why that file could not be read, when it exists but cannot be (then `agreed` is unknown).
 */
agreed_unreadable?: string | null, };
