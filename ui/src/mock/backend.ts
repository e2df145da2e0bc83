/**
 * A fake NativeGo backend over fixture reports, for the mock entry (`mock.html`) and tests.
 * It follows the IPC contract in `../ipc.ts`: applying a fix drops the findings that offer
 * it, undo restores the report from before, and tokens must match the previewed plan.
 * Plain TypeScript: `mock.ts` plugs {@link MockBackend.handle} into Tauri's `mockIPC`.
 */
import { isOpenable } from "../model/store";
import type { Action, Applied, Edit, Fix, HistoryEntry, IpcError, Preview, Report, Undone } from "../types";

export interface MockOptions {
  /** Recorded diffs by fix id (from `nativego fix ID --dry-run`). */
  previews?: Record<string, string>;
  /** Commands that reject with an error. */
  fail?: string[];
  /** The error they reject with. */
  error?: IpcError;
  /** Milliseconds each command waits before answering. */
  delay?: number;
  /** Seconds for `applied_at`. */
  now?: () => number;
}

export interface MockBackend {
  handle(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  readonly report: Report;
  readonly calls: { cmd: string; args?: Record<string, unknown> }[];
}

function shellQuote(s: string): string {
  return s !== "" && /^[A-Za-z0-9\-_./=:@+,%]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command line of an action, quoted like the Rust side's `Action::command_line`. */
export function commandLine(a: Action): string {
  const parts = [shellQuote(a.program), ...a.args.map(shellQuote)];
  const env = (a.env ?? []).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return [...env, ...parts].join(" ");
}

/** A plausible unified diff for edits with no recorded preview. */
export function synthesizeDiff(fixId: string, edits: Edit[]): string {
  const out: string[] = [];
  for (const e of edits) {
    const header = [`--- a${e.path}`, `+++ b${e.path}`];
    switch (e.kind) {
      case "comment-out-line":
        out.push(...header, `@@ -${e.line} +${e.line} @@`, `-${e.expected}`, `+# ${e.expected}  # disabled by nativego (${fixId})`);
        break;
      case "replace-line":
        out.push(...header, `@@ -${e.line} +${e.line} @@`, `-${e.expected}`, `+${e.new}`);
        break;
      case "ensure-block":
        out.push(
          ...header,
          `@@ -0,0 +1,${e.lines.length + 2} @@`,
          `+# >>> nativego ${e.block} >>>`,
          ...e.lines.map((l) => `+${l}`),
          `+# <<< nativego ${e.block} <<<`,
        );
        break;
      case "go-env-unset":
        out.push(...header, "@@ -1 +0,0 @@", `-${e.key}=…`);
        break;
      case "go-env-set":
        out.push(...header, "@@ -0,0 +1 @@", `+${e.key}=${e.value}`);
        break;
      case "json-set-string":
        out.push(...header, "@@ -1 +1 @@", `-  "${e.key}": ${JSON.stringify(e.expected)},`, `+  "${e.key}": ${JSON.stringify(e.new)},`);
        break;
      case "create-dir":
        out.push(`--- /dev/null`, `+++ b${e.path}/`, "@@ -0,0 +0,0 @@", "+(new directory)");
        break;
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function findFix(report: Report, fixId: string): Fix | undefined {
  for (const f of report.findings) for (const x of f.fixes ?? []) if (x.id === fixId) return x;
  return undefined;
}

/** The report once `fixId` is applied: findings offering it are gone, counts follow. */
export function withoutFix(report: Report, fixId: string): Report {
  const r = clone(report);
  const gone = new Set(r.findings.filter((f) => (f.fixes ?? []).some((x) => x.id === fixId)).map((f) => f.check));
  r.findings = r.findings.filter((f) => !gone.has(f.check));
  for (const c of r.checks) {
    if (gone.has(c.id)) {
      c.status = "passed";
      delete c.severity;
    }
  }
  r.summary = {
    errors: r.findings.filter((f) => f.severity === "error").length,
    warnings: r.findings.filter((f) => f.severity === "warning").length,
    infos: r.findings.filter((f) => f.severity === "info").length,
  };
  return r;
}

export function createMockBackend(initial: Report, opts: MockOptions = {}): MockBackend {
  let report = clone(initial);
  let autostart = false;
  let seq = 0;
  const history: (HistoryEntry & { before: Report })[] = [];
  const calls: { cmd: string; args?: Record<string, unknown> }[] = [];
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));

  function reject(code: string, message: string): never {
    throw { code, message } satisfies IpcError;
  }

  function run(cmd: string, args: Record<string, unknown> = {}): unknown {
    if (opts.fail?.includes(cmd)) {
      const e = opts.error ?? { code: "io", message: `${cmd} failed: permission denied (os error 13)` };
      throw { ...e };
    }
    switch (cmd) {
      case "get_report":
      case "recheck":
        return clone(report);
      case "preview_fix": {
        const fixId = String(args.fixId);
        const fix = findFix(report, fixId);
        if (!fix) reject("fix_not_found", `No finding offers the fix \`${fixId}\``);
        if (fix.applicability === "manual") reject("manual_fix", "This fix is done by hand");
        const diff = opts.previews?.[fixId] ?? synthesizeDiff(fixId, fix.edits ?? []);
        return {
          fix_id: fix.id,
          title: fix.title,
          applicability: fix.applicability,
          token: `plan-${fix.id}-${seq}`,
          diff,
          commands: (fix.actions ?? []).map(commandLine),
          empty: diff === "" && !(fix.actions ?? []).length,
        } satisfies Preview;
      }
      case "apply_fix": {
        const fixId = String(args.fixId);
        const fix = findFix(report, fixId);
        if (!fix) reject("fix_not_found", `No finding offers the fix \`${fixId}\``);
        if (args.token !== `plan-${fix.id}-${seq}`) {
          reject("stale_plan", "The files changed since the preview: look at the new preview before applying");
        }
        const before = report;
        report = withoutFix(report, fixId);
        seq++;
        const entry = { id: `e${seq}`, fix_id: fixId, title: fix.title, applied_at: now(), state: "applied" as const, can_undo: true, before };
        history.push(entry);
        return { entry_id: entry.id, title: fix.title, report: clone(report), action_failure: null } satisfies Applied;
      }
      case "undo": {
        const id = args.entryId as string | null | undefined;
        const entry = id ? history.find((h) => h.id === id) : [...history].reverse().find((h) => h.state === "applied");
        if (!entry || entry.state !== "applied") reject("nothing_to_undo", "There is no applied fix to undo");
        if (history.some((h) => h.state === "applied" && h.applied_at >= entry.applied_at && h.id > entry.id)) {
          reject("undo_order", "Undo the later fixes first");
        }
        entry.state = "undone";
        entry.can_undo = false;
        report = clone(entry.before);
        seq++;
        return { entry_id: entry.id, title: entry.title, report: clone(report) } satisfies Undone;
      }
      case "history":
        return history.map((e) => ({ id: e.id, fix_id: e.fix_id, title: e.title, applied_at: e.applied_at, state: e.state, can_undo: e.can_undo })).reverse();
      case "get_autostart":
        return autostart;
      case "set_autostart":
        autostart = Boolean(args.enabled);
        return autostart;
      case "open_docs":
        // As the app: only references on go.dev, pkg.go.dev and github.com.
        if (!isOpenable(String(args.url))) reject("not-openable", "NativeGo opens only links to go.dev and github.com");
        return null;
      case "copy_text":
        // The app writes through its clipboard plugin; in a browser, the page's clipboard
        // (denied when the test withholds the permission, as the app's can fail).
        if (!globalThis.navigator?.clipboard?.writeText) return reject("clipboard", "no clipboard");
        return globalThis.navigator.clipboard.writeText(String(args.text)).then(
          () => null,
          () => reject("clipboard", "the clipboard refused the text"),
        );
      default:
        return reject("unknown_command", `Unknown command ${cmd}`);
    }
  }

  return {
    get report() {
      return report;
    },
    calls,
    async handle(cmd, args) {
      calls.push({ cmd, args });
      if (opts.delay) await new Promise((r) => setTimeout(r, opts.delay));
      return run(cmd, args);
    },
  };
}
