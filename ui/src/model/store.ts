/**
 * The app's state and the actions that change it, over an injected {@link Api}: no Tauri,
 * no DOM. Views render `state` and call the actions; `subscribe` notifies after each change.
 */
import type { Api } from "../ipc";
import type { Fix, IpcError, Report } from "../types";
import { type FixState, initialFixState, reduceFix } from "./fixflow";
import { plain } from "./labels";
import { countsText } from "./summary";

export interface AppState {
  report: Report | null;
  /** The first report is being loaded. */
  loading: boolean;
  /** "Check now" is running. */
  checking: boolean;
  lastChecked: Date | null;
  /** An error not tied to a fix (loading or re-checking failed). */
  error: IpcError | null;
  fix: FixState;
  /** Text for the polite live region: what just changed. */
  announcement: string;
  /** Copy feedback per command: "copied" or "failed". */
  copied: { key: string; ok: boolean } | null;
  autostart: boolean | null;
}

export interface Store {
  readonly state: AppState;
  subscribe(fn: (s: AppState) => void): () => void;
  load(): Promise<void>;
  recheck(): Promise<void>;
  receiveReport(report: Report): void;
  preview(fix: Fix): Promise<void>;
  /** From the preview: applies a safe fix, or asks for confirmation first. */
  apply(): Promise<void>;
  confirm(): Promise<void>;
  back(): void;
  close(): void;
  undo(): Promise<void>;
  dismissApplied(): void;
  dismissError(): void;
  copy(key: string, text: string): Promise<void>;
  /** Opens a reference in the browser, through the app. */
  openDocs(url: string): Promise<void>;
  setAutostart(enabled: boolean): Promise<void>;
}

export interface StoreOptions {
  now?: () => Date;
  clipboard?: (text: string) => Promise<void>;
}

export function createStore(api: Api, opts: StoreOptions = {}): Store {
  const now = opts.now ?? (() => new Date());
  const listeners = new Set<(s: AppState) => void>();
  let state: AppState = {
    report: null,
    loading: true,
    checking: false,
    lastChecked: null,
    error: null,
    fix: initialFixState,
    announcement: "",
    copied: null,
    autostart: null,
  };

  function set(patch: Partial<AppState>): void {
    state = { ...state, ...patch };
    for (const fn of listeners) fn(state);
  }

  function fixEvent(e: Parameters<typeof reduceFix>[1], patch: Partial<AppState> = {}): void {
    set({ ...patch, fix: reduceFix(state.fix, e) });
  }

  function newReport(report: Report, announcement: string): void {
    if (isOlder(report, state.report)) {
      // A report from an earlier check that arrived late (an event overtaken by a
      // command's answer): what is shown is newer.
      set({ checking: false, loading: false });
      return;
    }
    set({ report, lastChecked: now(), loading: false, checking: false, error: null, announcement });
  }

  async function runApply(): Promise<void> {
    const flow = state.fix.flow;
    if (flow.kind !== "applying") return;
    try {
      const result = await api.applyFix(flow.fix.id, flow.preview.token);
      fixEvent({ type: "applied", result });
      const failure = result.action_failure ? ` (but: ${result.action_failure})` : "";
      newReport(result.report, `Applied: ${plain(result.title)}${failure}. Now ${countsText(result.report)}.`);
    } catch (e) {
      const error = e as IpcError;
      fixEvent({ type: "fail", error }, { announcement: `Could not apply the fix: ${error.message}` });
    }
  }

  const store: Store = {
    get state() {
      return state;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async load() {
      set({ loading: true });
      try {
        const report = await api.getReport();
        newReport(report, `Go environment: ${countsText(report)}.`);
      } catch (e) {
        set({ loading: false, error: e as IpcError });
      }
      try {
        set({ autostart: await api.getAutostart() });
      } catch {
        /* The toggle stays hidden. */
      }
      try {
        // Reopened popover: the last applied fix can still be undone.
        const last = (await api.history()).find((e) => e.state !== "pending");
        if (last?.state === "applied" && last.can_undo) fixEvent({ type: "restore", entryId: last.id, title: last.title });
      } catch {
        /* No undo bar. */
      }
    },
    async recheck() {
      if (state.checking) return;
      set({ checking: true, announcement: "Checking…" });
      try {
        const report = await api.recheck();
        newReport(report, `Checked: ${countsText(report)}.`);
      } catch (e) {
        const error = e as IpcError;
        set({ checking: false, error, announcement: `Check failed: ${error.message}` });
      }
    },
    receiveReport(report) {
      if (isOlder(report, state.report)) return;
      // Only a change the user can see is announced: the same findings and the same Go
      // (a save that changed nothing that matters) update the time and say nothing.
      const before = state.report;
      const same =
        before != null &&
        sameFindings(before, report) &&
        before.go?.path === report.go?.path &&
        before.go?.version === report.go?.version &&
        before.go?.arch === report.go?.arch;
      newReport(report, same ? state.announcement : `Something changed: ${countsText(report)}.`);
    },
    async preview(fix) {
      fixEvent({ type: "preview", fix });
      if (state.fix.flow.kind !== "loading") return;
      try {
        const preview = await api.previewFix(fix.id);
        fixEvent(
          { type: "loaded", preview },
          { announcement: preview.empty ? `${plain(fix.title)}: already applied.` : `Preview of ${plain(fix.title)}.` },
        );
      } catch (e) {
        fixEvent({ type: "fail", error: e as IpcError });
      }
    },
    async apply() {
      fixEvent({ type: "apply" });
      const flow = state.fix.flow;
      if (flow.kind === "confirming") set({ announcement: "This fix is not marked safe: confirm to apply it." });
      await runApply();
    },
    async confirm() {
      fixEvent({ type: "confirm" });
      await runApply();
    },
    back() {
      fixEvent({ type: "back" });
    },
    close() {
      fixEvent({ type: "close" });
    },
    async undo() {
      const applied = state.fix.applied;
      if (!applied) return;
      fixEvent({ type: "undo" });
      if (!state.fix.applied?.undoing) return;
      try {
        const result = await api.undo(applied.entryId);
        fixEvent({ type: "undone", result });
        newReport(result.report, `Undone: ${plain(result.title)}. Now ${countsText(result.report)}.`);
      } catch (e) {
        const error = e as IpcError;
        fixEvent({ type: "fail", error }, { announcement: `Could not undo: ${error.message}` });
      }
    },
    dismissApplied() {
      fixEvent({ type: "dismiss-applied" });
    },
    dismissError() {
      set({ error: null });
    },
    async copy(key, text) {
      let ok = false;
      try {
        if (opts.clipboard) await opts.clipboard(text);
        else if (globalThis.navigator?.clipboard?.writeText) await globalThis.navigator.clipboard.writeText(text);
        else throw new Error("no clipboard");
        ok = true;
      } catch {
        ok = false;
      }
      set({
        copied: { key, ok },
        announcement: ok ? "Command copied." : "Could not copy: select the command and copy it.",
      });
    },
    async openDocs(url) {
      if (!isOpenable(url) || !api.openDocs) return;
      try {
        await api.openDocs(url);
      } catch (e) {
        set({ announcement: `Could not open the link: ${(e as IpcError).message}` });
      }
    },
    async setAutostart(enabled) {
      try {
        const value = await api.setAutostart(enabled);
        set({ autostart: value, announcement: value ? "NativeGo opens at login." : "NativeGo no longer opens at login." });
      } catch (e) {
        set({ error: e as IpcError });
      }
    },
  };
  return store;
}

/** The same findings, by key and severity (titles carry line numbers that move). */
function sameFindings(a: Report, b: Report): boolean {
  const sig = (r: Report) => r.findings.map((f) => `${f.severity} ${f.key}`).sort().join("\n");
  return sig(a) === sig(b);
}

/** `report` comes from an earlier check of the same watch than `shown`. */
export function isOlder(report: Report, shown: Report | null): boolean {
  const a = report.watch?.generation;
  const b = shown?.watch?.generation;
  return a != null && b != null && a < b;
}

/** The hosts the app opens references on (as `references::OPENABLE_HOSTS`). */
export const OPENABLE_HOSTS = ["go.dev", "pkg.go.dev", "github.com"];

/** An `https` link to one of {@link OPENABLE_HOSTS}; anything else is shown as text. */
export function isOpenable(url: string): boolean {
  const m = /^https:\/\/([^/?#]*)/.exec(url);
  return m != null && OPENABLE_HOSTS.includes(m[1]!) && url.length <= 2048 && /^[\x21-\x7e]+$/.test(url) && !/[\\"<>`]/.test(url);
}
