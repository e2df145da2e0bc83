import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, test } from "vitest";
import { tauriApi, toIpcError } from "../../../ui/src/ipc";
import type { Report } from "../../../ui/src/types";
import { fixture, tick } from "./helpers";

afterEach(() => clearMocks());

describe("ipc wrapper over mockIPC", () => {
  test("commands and argument names follow the contract", async () => {
    const seen: [string, unknown][] = [];
    const report = fixture("messy-migrated-mac");
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      switch (cmd) {
        case "get_report":
        case "recheck":
          return report;
        case "preview_fix":
          return { fix_id: "f", title: "t", applicability: "safe", token: "tok", diff: "", commands: [], empty: true };
        case "apply_fix":
          return { entry_id: "e1", title: "t", report, action_failure: null };
        case "undo":
          return { entry_id: "e1", title: "t", report };
        case "history":
          return [];
        case "get_autostart":
          return true;
        case "set_autostart":
          return false;
      }
    });
    expect((await tauriApi.getReport()).summary).toEqual({ errors: 2, warnings: 6, infos: 1 });
    await tauriApi.recheck();
    expect((await tauriApi.previewFix("f")).token).toBe("tok");
    expect((await tauriApi.applyFix("f", "tok")).entry_id).toBe("e1");
    await tauriApi.undo(null);
    await tauriApi.undo("e1");
    expect(await tauriApi.history()).toEqual([]);
    expect(await tauriApi.getAutostart()).toBe(true);
    expect(await tauriApi.setAutostart(false)).toBe(false);
    expect(seen.map(([c, a]) => [c, a && Object.keys(a as object).length ? a : undefined])).toEqual([
      ["get_report", undefined],
      ["recheck", undefined],
      ["preview_fix", { fixId: "f" }],
      ["apply_fix", { fixId: "f", token: "tok" }],
      ["undo", { entryId: null }],
      ["undo", { entryId: "e1" }],
      ["history", undefined],
      ["get_autostart", undefined],
      ["set_autostart", { enabled: false }],
    ]);
  });

  test("rejections become { code, message }", async () => {
    mockIPC(() => {
      throw { code: "stale_plan", message: "The files changed" };
    });
    await expect(tauriApi.applyFix("f", "t")).rejects.toEqual({ code: "stale_plan", message: "The files changed" });
    mockIPC(() => Promise.reject("plain string"));
    await expect(tauriApi.getReport()).rejects.toEqual({ code: "internal", message: "plain string" });
  });

  test("toIpcError", () => {
    expect(toIpcError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
    expect(toIpcError(42)).toEqual({ code: "internal", message: "Unknown error" });
  });

  test("report events reach the handler", async () => {
    mockIPC(() => undefined, { shouldMockEvents: true });
    const got: Report[] = [];
    const unlisten = await tauriApi.onReport((r) => got.push(r));
    await emit("report", fixture("clean-official"));
    await tick();
    expect(got).toHaveLength(1);
    expect(got[0]!.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
    unlisten();
  });
});
