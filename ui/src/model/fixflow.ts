/**
 * The fix flow as a pure state machine:
 *
 *     idle ─preview→ loading ─loaded→ previewing ─apply→ applying ─applied→ idle + undo bar
 *                                        │  (unsafe) ↘ confirming ─confirm↗
 *     undo bar ─undo→ undoing ─undone→ idle;  any step ─fail→ failed (retry or close)
 *
 * One preview is open at a time (a popover). The "Applied: … [Undo]" bar is kept beside the
 * flow, so it stays while another fix is previewed; it holds the last applied entry.
 */
import type { Applied, Fix, IpcError, Preview, Undone } from "../types";

export type Flow =
  | { kind: "idle" }
  | { kind: "loading"; fix: Fix }
  | { kind: "previewing"; fix: Fix; preview: Preview }
  | { kind: "confirming"; fix: Fix; preview: Preview }
  | { kind: "applying"; fix: Fix; preview: Preview }
  | { kind: "failed"; fix: Fix; preview: Preview | null; during: "preview" | "apply"; error: IpcError };

export interface LastApplied {
  entryId: string;
  title: string;
  actionFailure: string | null;
  undoing: boolean;
  error: IpcError | null;
}

export interface FixState {
  flow: Flow;
  applied: LastApplied | null;
}

export type FixEvent =
  | { type: "preview"; fix: Fix }
  | { type: "loaded"; preview: Preview }
  | { type: "apply" }
  | { type: "confirm" }
  | { type: "back" }
  | { type: "close" }
  | { type: "applied"; result: Applied }
  | { type: "undo" }
  | { type: "undone"; result: Undone }
  | { type: "fail"; error: IpcError }
  | { type: "dismiss-applied" }
  /** On start: the journal's last entry can still be undone (from `history`). */
  | { type: "restore"; entryId: string; title: string };

export const initialFixState: FixState = { flow: { kind: "idle" }, applied: null };

/** The fix whose preview is open (or loading), if any. */
export function openFixId(s: FixState): string | null {
  return s.flow.kind === "idle" ? null : s.flow.fix.id;
}

/** Apply needs a confirmation step: fixes that are not "safe". */
export function needsConfirmation(p: Preview): boolean {
  return p.applicability !== "safe";
}

/** Returns the next state; events that make no sense in a state leave it unchanged. */
export function reduceFix(s: FixState, e: FixEvent): FixState {
  const f = s.flow;
  switch (e.type) {
    case "preview":
      if (f.kind === "applying") return s;
      if (s.applied?.undoing) return s;
      return { ...s, flow: { kind: "loading", fix: e.fix } };
    case "loaded":
      if (f.kind !== "loading" || f.fix.id !== e.preview.fix_id) return s;
      return { ...s, flow: { kind: "previewing", fix: f.fix, preview: e.preview } };
    case "apply":
      if (f.kind === "previewing" && !f.preview.empty) {
        return {
          ...s,
          flow: { kind: needsConfirmation(f.preview) ? "confirming" : "applying", fix: f.fix, preview: f.preview },
        };
      }
      if (f.kind === "failed" && f.during === "apply" && f.preview) {
        return { ...s, flow: { kind: "applying", fix: f.fix, preview: f.preview } };
      }
      return s;
    case "confirm":
      if (f.kind !== "confirming") return s;
      return { ...s, flow: { kind: "applying", fix: f.fix, preview: f.preview } };
    case "back":
      if (f.kind !== "confirming") return s;
      return { ...s, flow: { kind: "previewing", fix: f.fix, preview: f.preview } };
    case "close":
      if (f.kind === "applying") return s;
      return { ...s, flow: { kind: "idle" } };
    case "applied":
      if (f.kind !== "applying") return s;
      return {
        flow: { kind: "idle" },
        applied: {
          entryId: e.result.entry_id,
          title: e.result.title,
          actionFailure: e.result.action_failure,
          undoing: false,
          error: null,
        },
      };
    case "undo":
      if (!s.applied || s.applied.undoing || f.kind === "applying") return s;
      return { flow: { kind: "idle" }, applied: { ...s.applied, undoing: true, error: null } };
    case "undone":
      if (!s.applied?.undoing) return s;
      return { ...s, applied: null };
    case "fail":
      if (s.applied?.undoing) return { ...s, applied: { ...s.applied, undoing: false, error: e.error } };
      if (f.kind === "loading") return { ...s, flow: { kind: "failed", fix: f.fix, preview: null, during: "preview", error: e.error } };
      if (f.kind === "applying") return { ...s, flow: { kind: "failed", fix: f.fix, preview: f.preview, during: "apply", error: e.error } };
      return s;
    case "restore":
      if (s.applied) return s;
      return { ...s, applied: { entryId: e.entryId, title: e.title, actionFailure: null, undoing: false, error: null } };
    case "dismiss-applied":
      if (s.applied?.undoing) return s;
      return { ...s, applied: null };
  }
}
