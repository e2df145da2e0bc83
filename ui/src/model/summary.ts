/** Pure view-model functions over a report: grouping, headline, machine and what was checked. */
import type { Area, Finding, Report, Severity } from "../types";
import {
  SEVERITY_ORDER,
  archLabel,
  knownValue,
  machineLabel,
  osLabel,
  plural,
  severityHeading,
  shortenHome,
  sourceLabel,
} from "./labels";

export type Status = "error" | "warning" | "info" | "ok";

export interface FindingGroup {
  severity: Severity;
  heading: string;
  findings: Finding[];
}

/** Findings grouped errors → warnings → info, empty groups left out, report order kept. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    heading: severityHeading(severity),
    findings: findings.filter((f) => f.severity === severity && !f.ignored),
  })).filter((g) => g.findings.length > 0);
}

/** Findings the user ignores (`nativego ignore`): shown collapsed, never counted. */
export function ignoredFindings(report: Report): Finding[] {
  return report.findings.filter((f) => f.ignored);
}

/** The command that stops ignoring `f`: its suppression, as the user named it. */
export function unignoreCommand(report: Report, f: Finding): string {
  const s = (report.suppressions ?? []).find((s) => s.check === f.check && (s.for == null || f.key === `${s.check}:${s.for}` || f.key === s.for));
  return s?.for != null ? `nativego unignore ${s.check} --for ${s.for}` : `nativego unignore ${f.check}`;
}

/** Counts from the findings themselves (the summary block may lag behind in mocks). */
export function counts(report: Report): { errors: number; warnings: number; infos: number } {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const f of report.findings) {
    if (f.ignored) continue;
    if (f.severity === "error") c.errors++;
    else if (f.severity === "warning") c.warnings++;
    else c.infos++;
  }
  return c;
}

export function status(report: Report): Status {
  const c = counts(report);
  if (c.errors) return "error";
  if (c.warnings) return "warning";
  if (c.infos) return "info";
  return "ok";
}

/** "2 errors, 6 warnings, 1 note", or "all good". Info findings are "notes". */
export function countsText(report: Report): string {
  const c = counts(report);
  const parts: string[] = [];
  if (c.errors) parts.push(plural(c.errors, "error"));
  if (c.warnings) parts.push(plural(c.warnings, "warning"));
  if (c.infos) parts.push(plural(c.infos, "note"));
  return parts.length ? parts.join(", ") : "all good";
}

/** The tray-like headline: "go1.27.3 · arm64 · Homebrew — 2 warnings". */
export function headline(report: Report): string {
  const go = report.go;
  const left = go
    ? [go.version ?? "go (unknown version)", go.arch ?? (go.error ? "unreadable" : null), sourceLabel(go.source)]
        .filter((x): x is string => !!x)
        .join(" · ")
    : "No Go on PATH";
  return `${left} — ${countsText(report)}`;
}

export interface ActiveGo {
  version: string;
  arch: string;
  /** The arch differs from the machine's: runs under Rosetta or cannot run. */
  foreignArch: boolean;
  source: string;
  path: string;
  resolved: string | null;
  goroot: string | null;
  pathPosition: string | null;
  error: string | null;
  /** When `go` is a version manager's shim: "asdf's shim, 1.22.0 from ~/.tool-versions:2". */
  shim: string | null;
}

function shimText(go: NonNullable<Report["go"]>, home: string | null): string | null {
  const s = go.shim;
  if (!s) return null;
  const asked = s.requested ? `, ${s.requested}` : "";
  const where = s.set_by_path
    ? ` from ${shortenHome(s.set_by_path, home)}${s.set_by_line ? `:${s.set_by_line}` : ""}`
    : s.set_by
      ? ` from ${s.set_by}`
      : "";
  const runs = s.target ? "" : " — runs no Go";
  return `${s.manager}'s shim${asked}${where}${runs}`;
}

export function activeGo(report: Report): ActiveGo | null {
  const go = report.go;
  if (!go) return null;
  const home = report.host.home;
  const native = report.host.arch;
  return {
    version: go.version ?? "unknown version",
    arch: go.arch ? archLabel(go.arch) : go.arches.length ? go.arches.join(", ") : "unknown architecture",
    foreignArch: go.arch != null && go.arch !== native && !(native === "arm64" && go.arch === "arm64e"),
    source: sourceLabel(go.source),
    path: shortenHome(go.path, home),
    resolved: go.resolved && go.resolved !== go.path ? shortenHome(go.resolved, home) : null,
    goroot: go.goroot ? shortenHome(go.goroot, home) : null,
    pathPosition: go.path_index == null ? null : `PATH entry ${go.path_index + 1} of ${report.path.length}`,
    error: go.shim ? null : go.error,
    shim: shimText(go, home),
  };
}

export interface MachineRow {
  label: string;
  value: string;
  /** Something to look at (Rosetta missing, NativeGo translated). */
  attention?: boolean;
}

/** The machine rows: hardware, OS, Rosetta, shell. Rosetta rows only where they apply. */
export function machineRows(report: Report): MachineRow[] {
  const h = report.host;
  const rows: MachineRow[] = [
    { label: "Machine", value: machineLabel(h.os, h.arch) },
    { label: "System", value: osLabel(h.os, h.os_version) },
  ];
  const installed = knownValue(h.rosetta_installed);
  const translated = knownValue(h.translated);
  if (h.rosetta_installed.state !== "not-applicable") {
    let value = installed === undefined ? "unknown" : installed ? "installed" : "not installed";
    if (translated) value += "; NativeGo itself runs under Rosetta";
    rows.push({ label: "Rosetta", value, attention: translated === true });
  }
  if (h.shell) rows.push({ label: "Shell", value: h.shell });
  return rows;
}

const AREA_LABELS: Record<Area, string> = {
  toolchain: "Go toolchain",
  path: "PATH",
  goroot: "GOROOT",
  environment: "Go settings",
  tools: "Installed tools",
  rosetta: "Rosetta",
  cgo: "cgo",
  shell: "Shell startup files",
};

export function areaLabel(area: string): string {
  return (AREA_LABELS as Record<string, string>)[area] ?? area;
}

export interface CheckedArea {
  area: string;
  label: string;
  checks: number;
  failed: number;
}

/** What was checked, by area, in first-seen order; checks that do not apply are left out. */
export function checkedAreas(report: Report): CheckedArea[] {
  const byArea = new Map<string, CheckedArea>();
  for (const c of report.checks) {
    if (c.status === "not-applicable" || c.status === "skipped") continue;
    let a = byArea.get(c.area);
    if (!a) {
      a = { area: c.area, label: areaLabel(c.area), checks: 0, failed: 0 };
      byArea.set(c.area, a);
    }
    a.checks++;
    if (c.status === "failed") a.failed++;
  }
  return [...byArea.values()];
}

/** "26 checks passed: Go toolchain, PATH, GOROOT, …". */
export function allGoodSummary(report: Report): string {
  const areas = checkedAreas(report);
  const n = areas.reduce((s, a) => s + a.checks, 0);
  return `${plural(n, "check")} passed: ${areas.map((a) => a.label).join(", ")}.`;
}

/** "Checked just now", "Checked 5 min ago", "Checked at 14:02". */
export function lastCheckedText(at: Date | null, now: Date): string {
  if (!at) return "Not checked yet";
  const secs = Math.round((now.getTime() - at.getTime()) / 1000);
  if (secs < 45) return "Checked just now";
  const mins = Math.round(secs / 60);
  if (mins < 60) return `Checked ${mins} min ago`;
  const hh = String(at.getHours()).padStart(2, "0");
  const mm = String(at.getMinutes()).padStart(2, "0");
  return `Checked at ${hh}:${mm}`;
}
