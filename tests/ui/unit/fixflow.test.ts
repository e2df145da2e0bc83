import { describe, expect, test } from "vitest";
import { type FixState, initialFixState, openFixId, reduceFix } from "../../../ui/src/model/fixflow";
import type { Applied, Fix, Preview, Undone } from "../../../ui/src/types";
import { fixture } from "./helpers";

const safe: Fix = { id: "a:safe", title: "Safe fix", applicability: "safe" };
const unsafe: Fix = { id: "a:unsafe", title: "Unsafe fix", applicability: "unsafe" };
const preview = (f: Fix, extra: Partial<Preview> = {}): Preview => ({
  fix_id: f.id,
  title: f.title,
  applicability: f.applicability,
  token: "t1",
  diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
  commands: [],
  empty: false,
  ...extra,
});
const applied: Applied = { entry_id: "e1", title: "Safe fix", report: fixture("clean-official"), action_failure: null };
const undone: Undone = { entry_id: "e1", title: "Safe fix", report: fixture("messy-migrated-mac") };
const err = { code: "io", message: "denied" };

function run(s: FixState, ...events: Parameters<typeof reduceFix>[1][]): FixState {
  return events.reduce(reduceFix, s);
}

describe("fix flow", () => {
  test("safe: idle → loading → previewing → applying → applied → undoing → idle", () => {
    let s = run(initialFixState, { type: "preview", fix: safe });
    expect(s.flow.kind).toBe("loading");
    expect(openFixId(s)).toBe("a:safe");
    s = reduceFix(s, { type: "loaded", preview: preview(safe) });
    expect(s.flow.kind).toBe("previewing");
    s = reduceFix(s, { type: "apply" });
    expect(s.flow.kind).toBe("applying");
    s = reduceFix(s, { type: "applied", result: applied });
    expect(s.flow.kind).toBe("idle");
    expect(s.applied).toMatchObject({ entryId: "e1", title: "Safe fix", undoing: false });
    s = reduceFix(s, { type: "undo" });
    expect(s.applied?.undoing).toBe(true);
    s = reduceFix(s, { type: "undone", result: undone });
    expect(s).toEqual(initialFixState);
  });

  test("unsafe: apply asks for confirmation; back returns to the preview", () => {
    let s = run(initialFixState, { type: "preview", fix: unsafe }, { type: "loaded", preview: preview(unsafe) }, { type: "apply" });
    expect(s.flow.kind).toBe("confirming");
    s = reduceFix(s, { type: "back" });
    expect(s.flow.kind).toBe("previewing");
    s = run(s, { type: "apply" }, { type: "confirm" });
    expect(s.flow.kind).toBe("applying");
  });

  test("confirm does nothing unless confirming", () => {
    const s = run(initialFixState, { type: "preview", fix: unsafe }, { type: "loaded", preview: preview(unsafe) });
    expect(reduceFix(s, { type: "confirm" })).toBe(s);
  });

  test("an empty preview cannot be applied", () => {
    const s = run(initialFixState, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe, { empty: true, diff: "" }) });
    expect(reduceFix(s, { type: "apply" })).toBe(s);
  });

  test("a stale preview (another fix) is ignored", () => {
    const s = run(initialFixState, { type: "preview", fix: safe }, { type: "preview", fix: unsafe }, { type: "loaded", preview: preview(safe) });
    expect(s.flow.kind).toBe("loading");
    expect(openFixId(s)).toBe("a:unsafe");
  });

  test("errors keep what is needed to retry", () => {
    let s = run(initialFixState, { type: "preview", fix: safe }, { type: "fail", error: err });
    expect(s.flow).toMatchObject({ kind: "failed", during: "preview", error: err, preview: null });
    s = run(s, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe) }, { type: "apply" }, { type: "fail", error: err });
    expect(s.flow).toMatchObject({ kind: "failed", during: "apply" });
    s = reduceFix(s, { type: "apply" });
    expect(s.flow.kind).toBe("applying");
  });

  test("a failed undo keeps the bar with the error", () => {
    let s = run(initialFixState, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe) }, { type: "apply" }, { type: "applied", result: applied });
    s = run(s, { type: "undo" }, { type: "fail", error: err });
    expect(s.applied).toMatchObject({ entryId: "e1", undoing: false, error: err });
    s = reduceFix(s, { type: "undo" });
    expect(s.applied).toMatchObject({ undoing: true, error: null });
  });

  test("close while applying is refused; close otherwise returns to idle", () => {
    const applying = run(initialFixState, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe) }, { type: "apply" });
    expect(reduceFix(applying, { type: "close" })).toBe(applying);
    const previewing = run(initialFixState, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe) });
    expect(reduceFix(previewing, { type: "close" }).flow.kind).toBe("idle");
  });

  test("the undo bar survives previewing another fix", () => {
    let s = run(initialFixState, { type: "preview", fix: safe }, { type: "loaded", preview: preview(safe) }, { type: "apply" }, { type: "applied", result: applied });
    s = run(s, { type: "preview", fix: unsafe }, { type: "close" });
    expect(s.applied?.entryId).toBe("e1");
    expect(reduceFix(s, { type: "dismiss-applied" }).applied).toBeNull();
  });
});
