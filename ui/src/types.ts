/**
 * Wire types. The report is generated from the engine's Rust types (`generated/report.ts`,
 * by `ts-rs`; a Rust test fails when it is out of date), exactly as `nativego doctor
 * --json` prints it (schema 1). Below: the values the app's IPC commands return.
 */
import type { Applicability, Report } from "./generated/report";

export type * from "./generated/report";

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
