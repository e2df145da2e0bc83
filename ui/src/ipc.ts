/**
 * The only module that talks to Tauri. Everything else in the UI is plain TypeScript that
 * receives an {@link Api} and can be tested without Tauri (a test enforces that no other
 * module imports `@tauri-apps/api`).
 *
 * ## IPC contract (implemented by `src-tauri/app`)
 *
 * Commands (`invoke(name, args)`; argument names are camelCase as Tauri maps them to the
 * Rust snake_case parameters):
 *
 * | command         | args                                | resolves to     |
 * |-----------------|-------------------------------------|-----------------|
 * | `get_report`    | –                                   | `Report` (the latest) |
 * | `recheck`       | –                                   | `Report` (of a check that started after the call) |
 * | `preview_fix`   | `{ fixId: string }`                 | `Preview`       |
 * | `apply_fix`     | `{ fixId: string, token: string }`  | `Applied`       |
 * | `undo`          | `{ entryId: string \| null }`       | `Undone` (`null`: the last applied fix) |
 * | `history`       | –                                   | `HistoryEntry[]` |
 * | `get_autostart` | –                                   | `boolean`       |
 * | `set_autostart` | `{ enabled: boolean }`              | `boolean` (the new state) |
 * | `copy_text`     | `{ text: string }`                  | – (the text is on the clipboard, through the clipboard plugin) |
 * | `open_docs`     | `{ url: string }`                   | – (opened in the browser; only `https` links to go.dev, pkg.go.dev and github.com) |
 *
 * Events: `"report"` with payload `Report`, pushed by the app's watcher (the only place it
 * diagnoses) when a check's result differs from the last one pushed. Every report the app
 * sends (events and command answers) carries `watch.generation`; one of a lower generation
 * than the report shown arrived late and is ignored.
 *
 * Errors: every command rejects with `{ code: string, message: string }`. Anything else
 * (a string, an Error) is normalised to that shape by {@link toIpcError}. The UI shows the
 * message and the code; a code containing `stale` (the files changed since the preview)
 * makes "Try again" fetch a fresh preview instead of re-sending the old token.
 *
 * `history` is read once at start: when its newest entry is `applied` and `can_undo`, the
 * "Applied: … [Undo]" bar is shown again (the popover may have been closed meanwhile).
 */
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Applied, HistoryEntry, IpcError, Preview, Report, Undone } from "./types";

/** What the UI needs from the backend; `tauriApi` is the real one, tests pass fakes. */
export interface Api {
  getReport(): Promise<Report>;
  recheck(): Promise<Report>;
  previewFix(fixId: string): Promise<Preview>;
  applyFix(fixId: string, token: string): Promise<Applied>;
  undo(entryId: string | null): Promise<Undone>;
  history(): Promise<HistoryEntry[]>;
  getAutostart(): Promise<boolean>;
  setAutostart(enabled: boolean): Promise<boolean>;
  /** Puts `text` on the system clipboard (through the app, not the web view's clipboard). */
  copyText?(text: string): Promise<void>;
  /** Opens a finding's reference in the browser (the app refuses other hosts). */
  openDocs?(url: string): Promise<void>;
  /** Calls `handler` with every report the watcher pushes; resolves to an unsubscribe function. */
  onReport(handler: (report: Report) => void): Promise<() => void>;
}

/** Normalises whatever a rejected `invoke` carries into `{ code, message }`. */
export function toIpcError(e: unknown): IpcError {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    if (typeof o.code === "string" && typeof o.message === "string") {
      return { code: o.code, message: o.message };
    }
    if (typeof o.message === "string") return { code: "internal", message: o.message };
  }
  if (typeof e === "string") return { code: "internal", message: e };
  return { code: "internal", message: "Unknown error" };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

export const tauriApi: Api = {
  getReport: () => call<Report>("get_report"),
  recheck: () => call<Report>("recheck"),
  previewFix: (fixId) => call<Preview>("preview_fix", { fixId }),
  applyFix: (fixId, token) => call<Applied>("apply_fix", { fixId, token }),
  undo: (entryId) => call<Undone>("undo", { entryId }),
  history: () => call<HistoryEntry[]>("history"),
  getAutostart: () => call<boolean>("get_autostart"),
  setAutostart: (enabled) => call<boolean>("set_autostart", { enabled }),
  openDocs: async (url) => {
    await call<null>("open_docs", { url });
  },
  copyText: async (text) => {
    await call<null>("copy_text", { text });
  },
  onReport: (handler) => listen<Report>("report", (event) => handler(event.payload)),
};
