/** Labels for paths, origins, sources and architectures, as the popover shows them. */
import type { Applicable, Arch, Evidence, GoSource, Origin, Severity } from "../types";

/** `/Users/dev/.zshrc` → `~/.zshrc` when `home` is `/Users/dev`. */
export function shortenHome(path: string, home: string | null | undefined): string {
  if (!home || home === "/") return path;
  const h = home.endsWith("/") ? home.slice(0, -1) : home;
  if (path === h) return "~";
  if (path.startsWith(h + "/")) return "~" + path.slice(h.length);
  return path;
}

/** `~/.zshrc:12`, or just the path when there is no line. */
export function location(path: string, line: number | null | undefined, home: string | null | undefined): string {
  const p = shortenHome(path, home);
  return line == null ? p : `${p}:${line}`;
}

export function evidenceLocation(e: Evidence, home: string | null | undefined): string | null {
  return e.path == null ? null : location(e.path, e.line, home);
}

/** Where a setting or PATH entry came from: `~/.zshrc:12`, `/etc/paths.d/go:1 (path_helper)`, … */
export function originLabel(origin: Origin, home: string | null | undefined): string {
  switch (origin.kind) {
    case "startup-file":
      return location(origin.path, origin.line, home);
    case "path-helper":
      return `${location(origin.path, origin.line, home)} (path_helper)`;
    case "brew-shellenv":
      return `${location(origin.path, origin.line, home)} (brew shellenv)`;
    case "go-env-file":
      return `${location(origin.path, origin.line, home)} (go env -w)`;
    case "goroot-go-env":
      return `${location(origin.path, origin.line, home)} (GOROOT/go.env)`;
    case "inherited":
      return "inherited from the terminal";
    case "login-shell":
      return "set by the login shell";
    case "default":
      return "Go's default";
    default:
      return "unknown origin";
  }
}

/** Where a Go installation came from: "Homebrew", "official installer", … */
export function sourceLabel(source: GoSource): string {
  switch (source.kind) {
    case "official":
      return "official installer";
    case "homebrew":
      return "Homebrew";
    case "intel-homebrew":
      return "Intel Homebrew";
    case "toolchain":
      return "GOTOOLCHAIN download";
    case "sdk":
      return "golang.org/dl";
    case "version-manager":
      return source.name;
    case "distribution":
      return "distribution package";
    default:
      return "other";
  }
}

export function archLabel(arch: Arch | null | undefined): string {
  return arch ?? "unknown architecture";
}

/** The machine: "Apple silicon (arm64)", "Intel (x86_64)", … */
export function machineLabel(os: string, arch: Arch): string {
  if (os === "macos") {
    if (arch === "arm64" || arch === "arm64e") return `Apple silicon (${arch})`;
    if (arch === "x86_64") return "Intel Mac (x86_64)";
  }
  return arch;
}

export function osLabel(os: string, version: string | null): string {
  const name = os === "macos" ? "macOS" : os === "linux" ? "Linux" : "Other OS";
  if (!version) return name;
  return os === "linux" ? version : `${name} ${version}`;
}

export const SEVERITY_ORDER: Severity[] = ["error", "warning", "info"];

export function severityLabel(s: Severity): string {
  return s === "error" ? "Error" : s === "warning" ? "Warning" : "Info";
}

export function severityHeading(s: Severity): string {
  return s === "error" ? "Errors" : s === "warning" ? "Warnings" : "Info";
}

export function plural(n: number, one: string, many: string = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function knownValue<T>(a: Applicable<T> | undefined): T | undefined {
  return a && a.state === "known" ? a.value : undefined;
}

/** Text without the doctor's `backtick` code marks, for announcements and accessible names. */
export function plain(text: string): string {
  return text.replace(/`/g, "");
}
