/**
 * Wire types: the report exactly as `nativego doctor --json` prints it (schema 1), and the
 * values the app's IPC commands return. Fields are only ever added on the Rust side, so
 * everything new is optional here; unknown enum values are tolerated by the views.
 */

export type Severity = "error" | "warning" | "info";
export type Applicability = "safe" | "unsafe" | "manual";
export type Arch =
  | "arm64"
  | "arm64e"
  | "x86_64"
  | "i386"
  | "arm"
  | "arm64_32"
  | "ppc"
  | "ppc64"
  | "riscv64"
  | "unknown";
export type Os = "macos" | "linux" | "other";
export type Area = "toolchain" | "path" | "goroot" | "environment" | "tools" | "rosetta" | "cgo" | "shell";

/** `Applicable<T>`: a fact that may be unknown or not apply on this OS. */
export type Applicable<T> =
  | { state: "known"; value: T }
  | { state: "unknown" }
  | { state: "not-applicable" };

export interface DeveloperTools {
  path: string | null;
  installed: boolean;
}

export interface HomebrewPrefix {
  prefix: string;
  arch: Arch | null;
}

export interface HostSummary {
  os: Os;
  os_version: string | null;
  /** The hardware architecture. */
  arch: Arch;
  /** NativeGo itself runs under Rosetta. */
  translated: Applicable<boolean>;
  rosetta_installed: Applicable<boolean>;
  developer_tools: Applicable<DeveloperTools>;
  homebrew: HomebrewPrefix[];
  home: string | null;
  shell: string | null;
  shell_kind: "zsh" | "bash" | "other" | null;
  login_method: "shell" | "static" | null;
  /** What became of the login shell's trace, when the shell ran. */
  login_trace?: "used" | "missing" | "cut";
}

export type GoSource =
  | { kind: "official" }
  | { kind: "homebrew"; prefix: string }
  | { kind: "intel-homebrew"; prefix: string }
  | { kind: "toolchain" }
  | { kind: "sdk" }
  | { kind: "version-manager"; name: string }
  | { kind: "distribution" }
  | { kind: "other" };

export interface InstallSummary {
  path: string;
  resolved: string | null;
  version: string | null;
  /** The architecture that runs on this machine: the native slice if there is one. */
  arch: Arch | null;
  arches: Arch[];
  goroot: string | null;
  version_file: string | null;
  source: GoSource;
  /** Position on the login PATH (0 = first), if on PATH. */
  path_index: number | null;
  /** Why the binary could not be read, if it could not. */
  error: string | null;
  /** When `path` is a version manager's shim: what it runs (version and arches are then that Go's). */
  shim?: Shim;
  /** Mach-O only: every slice has an LC_UUID load command (null for ELF or unreadable). */
  uuid?: boolean | null;
  /** Mach-O only: minimum macOS of the slice that runs here (LC_BUILD_VERSION). */
  min_macos?: string | null;
}

/** A version manager's shim, resolved from the files the manager reads. */
export interface Shim {
  manager: string;
  requested: string | null;
  set_by: string | null;
  set_by_path: string | null;
  set_by_line: number | null;
  target: string | null;
  problem:
    | { kind: "no-version" }
    | { kind: "not-installed"; version: string }
    | { kind: "no-system-go" }
    | { kind: "unreadable"; version: string }
    | null;
  installed: string[];
}

/** Where a value, a PATH entry or a setting came from. */
export type Origin =
  | { kind: "startup-file"; path: string; line: number }
  | { kind: "path-helper"; path: string; line: number }
  | { kind: "brew-shellenv"; path: string; line: number; prefix: string }
  | { kind: "go-env-file"; path: string; line: number }
  | { kind: "goroot-go-env"; path: string; line: number }
  | { kind: "inherited" }
  | { kind: "login-shell" }
  | { kind: "default" };

/** How an origin was found when the login shell ran: its trace, or the static reading. */
export interface Attribution {
  attributed_by: "shell" | "static";
  /** The static reading of the startup files says otherwise (`static_origin`). */
  disagrees: boolean;
  static_origin?: Origin;
  /** The program an `eval` at the origin's line evaluated (`brew shellenv`). */
  via?: string;
}

export interface EnvValue {
  value: string;
  origin: Origin;
  overridden?: { value: string; origin: Origin }[];
  attribution?: Attribution;
}

export interface PathEntry {
  dir: string;
  origin: Origin;
  attribution?: Attribution;
}

export interface ToolSummary {
  path: string;
  name: string;
  arches: Arch[];
  go_version: string | null;
  package: string | null;
  module: string | null;
  version: string | null;
  error: string | null;
  /** The container; `fat`/`fat64` are universal Mach-O; null when unreadable. */
  format: "mach-o" | "fat" | "fat64" | "elf" | null;
  /** The OS it is built for, as GOOS spells it (`darwin`, `linux`); null when unknown. */
  os: string | null;
  /** Where `os` comes from. */
  os_from: "go-build-info" | "mach-o" | "elf-os-abi" | null;
  /** Build settings from Go build info: GOOS, GOARCH, CGO_ENABLED, -buildmode, vcs, vcs.revision, vcs.time, vcs.modified (those present). */
  settings: Record<string, string>;
  /** Mach-O only: every slice has an LC_UUID load command (null for ELF or unreadable). */
  uuid?: boolean | null;
  /** Mach-O only: minimum macOS of the slice that runs here (LC_BUILD_VERSION). */
  min_macos?: string | null;
}

export interface CheckStatus {
  id: string;
  area: Area;
  status: "passed" | "failed" | "not-applicable";
  /** The worst severity among its findings, when it failed. */
  severity?: Severity;
}

export interface Evidence {
  path: string | null;
  line: number | null;
  note: string;
}

export type Edit =
  | { kind: "comment-out-line"; path: string; line: number; expected: string }
  | { kind: "replace-line"; path: string; line: number; expected: string; new: string }
  | { kind: "ensure-block"; path: string; block: string; lines: string[] }
  | { kind: "go-env-unset"; path: string; key: string }
  | { kind: "go-env-set"; path: string; key: string; value: string }
  | { kind: "create-dir"; path: string };

export interface Action {
  program: string;
  args: string[];
  env?: [string, string][];
  timeout_secs: number;
}

export interface Fix {
  id: string;
  title: string;
  applicability: Applicability;
  edits?: Edit[];
  actions?: Action[];
  /** Manual fixes: what to do by hand. */
  instructions?: string;
  /** Manual fixes: a command to copy and run. */
  command?: string;
  /** Why NativeGo does not offer it as safe, or does not apply it itself (its vetting). */
  caution?: string;
}

export interface Finding {
  check: string;
  /** What the finding is about, without line numbers: stable across edits that move lines. */
  key: string;
  severity: Severity;
  title: string;
  message: string;
  evidence: Evidence[];
  hint: string | null;
  fixes?: Fix[];
  /** Links from its check's references (issues, Go's documentation). */
  references?: Link[];
}

/** A reference: `golang/go#57693` → its issue on GitHub. */
export interface Link {
  label: string;
  url: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  schema: number;
  nativego: string;
  host: HostSummary;
  /** The `go` a new terminal runs. */
  go: InstallSummary | null;
  installs: InstallSummary[];
  env: Record<string, EnvValue>;
  path: PathEntry[];
  tools: ToolSummary[];
  checks: CheckStatus[];
  findings: Finding[];
  summary: Summary;
  /** How the app is watching for changes (absent from one-off diagnoses). */
  watch?: WatchStatus;
}

/** A folder the system would not watch: NativeGo looks at it every `poll_interval_ms`. */
export interface PolledDir {
  path: string;
  reason: string;
}

export interface WatchStatus {
  /** Folders the system reports changes in. */
  native: number;
  polled: PolledDir[];
  poll_interval_ms: number;
  /** A sentence for the user when some folders are polled; null when all are watched. */
  message: string | null;
  /** Which diagnosis of this watch: reports with a lower one arrived out of order. */
  generation: number;
  /** When the diagnosis started (milliseconds since the Unix epoch). */
  checked_at: number;
}

/** `preview_fix`: what applying a fix would do, computed against the files as they are now. */
export interface Preview {
  fix_id: string;
  title: string;
  applicability: Applicability;
  /** Pass back to `apply_fix`: the plan the user saw (stale plans are refused). */
  token: string;
  /** A unified diff, possibly several files concatenated. */
  diff: string;
  /** The exact command lines of the fix's actions. */
  commands: string[];
  /** The fix is already applied: nothing would change. */
  empty: boolean;
}

/** `apply_fix`. */
export interface Applied {
  entry_id: string;
  title: string;
  report: Report;
  /** The files were written but an action failed (its message). */
  action_failure: string | null;
}

/** `undo`. */
export interface Undone {
  entry_id: string;
  title: string;
  report: Report;
}

export interface HistoryEntry {
  id: string;
  fix_id: string;
  title: string;
  /** Unix seconds. */
  applied_at: number;
  state: "pending" | "applied" | "undone";
  can_undo: boolean;
}

/** Every IPC command rejects with this. */
export interface IpcError {
  code: string;
  message: string;
}
