import { describe, expect, test, vi } from "vitest";
import type { Api } from "../../../ui/src/ipc";
import { createMockBackend } from "../../../ui/src/mock/backend";
import { createStore } from "../../../ui/src/model/store";
import type { Fix, IpcError, Report } from "../../../ui/src/types";
import { fixture, previews } from "./helpers";

/** An Api over the mock backend, as the real one would be over Tauri. */
function apiOver(report: Report, fail: string[] = []): { api: Api; backend: ReturnType<typeof createMockBackend> } {
  const backend = createMockBackend(report, { previews: previews("messy-migrated-mac"), fail });
  const call = <T>(cmd: string, args?: Record<string, unknown>) => backend.handle(cmd, args) as Promise<T>;
  const api: Api = {
    getReport: () => call("get_report"),
    recheck: () => call("recheck"),
    previewFix: (fixId) => call("preview_fix", { fixId }),
    applyFix: (fixId, token) => call("apply_fix", { fixId, token }),
    undo: (entryId) => call("undo", { entryId }),
    history: () => call("history"),
    getAutostart: () => call("get_autostart"),
    setAutostart: (enabled) => call("set_autostart", { enabled }),
    onReport: async () => () => {},
  };
  return { api, backend };
}

function fixById(r: Report, id: string): Fix {
  return r.findings.flatMap((f) => f.fixes ?? []).find((f) => f.id === id)!;
}

describe("store", () => {
  test("load, then a safe fix: preview → apply → undo", async () => {
    const messy = fixture("messy-migrated-mac");
    const { api, backend } = apiOver(messy);
    const store = createStore(api, { now: () => new Date(0) });
    await store.load();
    expect(store.state.report?.findings).toHaveLength(9);
    expect(store.state.announcement).toBe("Go environment: 2 errors, 6 warnings, 1 note.");
    expect(store.state.autostart).toBe(false);

    await store.preview(fixById(messy, "goarch-forced:remove-GOARCH"));
    const flow = store.state.fix.flow;
    expect(flow.kind).toBe("previewing");
    if (flow.kind !== "previewing") return;
    expect(flow.preview.diff).toContain("-GOARCH=amd64");

    await store.apply();
    expect(store.state.fix.flow.kind).toBe("idle");
    expect(store.state.fix.applied).toMatchObject({ entryId: "e1", undoing: false });
    expect(store.state.report?.findings.some((f) => f.check === "goarch-forced")).toBe(false);
    expect(store.state.announcement).toBe("Applied: Remove GOARCH=amd64 from the go env file. Now 2 errors, 5 warnings, 1 note.");
    expect(backend.calls.find((c) => c.cmd === "apply_fix")?.args).toEqual({ fixId: "goarch-forced:remove-GOARCH", token: flow.preview.token });

    await store.undo();
    expect(store.state.fix.applied).toBeNull();
    expect(store.state.report?.findings).toHaveLength(9);
    expect(backend.calls.at(-1)).toEqual({ cmd: "undo", args: { entryId: "e1" } });
  });

  test("an unsafe fix is applied only after confirm", async () => {
    const messy = fixture("messy-migrated-mac");
    const { api, backend } = apiOver(messy);
    const store = createStore(api);
    await store.load();
    await store.preview(fixById(messy, "goroot-mismatch:use-active"));
    await store.apply();
    expect(store.state.fix.flow.kind).toBe("confirming");
    expect(backend.calls.some((c) => c.cmd === "apply_fix")).toBe(false);
    await store.confirm();
    expect(store.state.fix.applied?.title).toMatch(/Replace/);
  });

  test("errors: load, preview and apply failures are kept for display", async () => {
    const messy = fixture("messy-migrated-mac");
    let s = createStore(apiOver(messy, ["get_report"]).api);
    await s.load();
    expect(s.state.report).toBeNull();
    expect(s.state.error).toEqual<IpcError>({ code: "io", message: "get_report failed: permission denied (os error 13)" });

    s = createStore(apiOver(messy, ["preview_fix"]).api);
    await s.load();
    await s.preview(fixById(messy, "goarch-forced:remove-GOARCH"));
    expect(s.state.fix.flow).toMatchObject({ kind: "failed", during: "preview" });

    s = createStore(apiOver(messy, ["apply_fix"]).api);
    await s.load();
    await s.preview(fixById(messy, "goarch-forced:remove-GOARCH"));
    await s.apply();
    expect(s.state.fix.flow).toMatchObject({ kind: "failed", during: "apply", error: { code: "io" } });
    expect(s.state.announcement).toMatch(/^Could not apply the fix/);
  });

  test("a stale token is refused by the backend and shown", async () => {
    const messy = fixture("messy-migrated-mac");
    const { api } = apiOver(messy);
    const store = createStore({ ...api, applyFix: (id) => api.applyFix(id, "old-token") });
    await store.load();
    await store.preview(fixById(messy, "goarch-forced:remove-GOARCH"));
    await store.apply();
    expect(store.state.fix.flow).toMatchObject({ kind: "failed", error: { code: "stale_plan" } });
  });

  test("recheck and watcher reports update last-checked", async () => {
    let t = 1000;
    const { api } = apiOver(fixture("clean-official"));
    const store = createStore(api, { now: () => new Date(t) });
    await store.load();
    t = 5000;
    await store.recheck();
    expect(store.state.lastChecked?.getTime()).toBe(5000);
    expect(store.state.announcement).toBe("Checked: all good.");
    store.receiveReport(fixture("messy-migrated-mac"));
    const changed = store.state.announcement;
    expect(changed).toMatch(/^Something changed: \d+ errors?, /);
    // The same findings again (a save that changed nothing that matters): not announced.
    t = 9000;
    store.receiveReport(fixture("messy-migrated-mac"));
    expect(store.state.lastChecked?.getTime()).toBe(9000);
    expect(store.state.announcement).toBe(changed);
    store.receiveReport(fixture("clean-official"));
    expect(store.state.announcement).toBe("Something changed: all good.");
    store.receiveReport(fixture("clean-official"));
    expect(store.state.announcement).toBe("Something changed: all good.");
  });

  test("a report from an earlier check that arrives late is dropped", async () => {
    const watched = (name: string, generation: number): Report => ({
      ...fixture(name),
      watch: { native: 3, polled: [], poll_interval_ms: 2000, message: null, generation, checked_at: generation * 1000 },
    });
    const backendReport = watched("clean-official", 5);
    const { api } = apiOver(backendReport);
    const store = createStore(api);
    await store.load();
    // The watcher's push of generation 4 (before a fix) overtaken by apply's answer (5).
    store.receiveReport(watched("messy-migrated-mac", 4));
    expect(store.state.report?.watch?.generation).toBe(5);
    expect(store.state.report?.findings).toHaveLength(0);
    store.receiveReport(watched("messy-migrated-mac", 6));
    expect(store.state.report?.findings).toHaveLength(9);
    // A command's answer from an earlier check does not replace it either.
    store.receiveReport(watched("clean-official", 5));
    expect(store.state.report?.watch?.generation).toBe(6);
  });

  test("copy uses the clipboard and reports a failure gracefully", async () => {
    const { api } = apiOver(fixture("clean-official"));
    const write = vi.fn(async () => {});
    const ok = createStore(api, { clipboard: write });
    await ok.copy("k", "brew uninstall go");
    expect(write).toHaveBeenCalledWith("brew uninstall go");
    expect(ok.state.copied).toEqual({ key: "k", ok: true });
    const bad = createStore(api, { clipboard: () => Promise.reject(new Error("denied")) });
    await bad.copy("k", "x");
    expect(bad.state.copied).toEqual({ key: "k", ok: false });
    expect(bad.state.announcement).toMatch(/Could not copy/);
  });

  test("autostart", async () => {
    const { api } = apiOver(fixture("clean-official"));
    const store = createStore(api);
    await store.setAutostart(true);
    expect(store.state.autostart).toBe(true);
  });
});

describe("store: reopening", () => {
  test("the undo bar comes back from history", async () => {
    const messy = fixture("messy-migrated-mac");
    const { api } = apiOver(messy);
    const first = createStore(api);
    await first.load();
    await first.preview(fixById(messy, "goarch-forced:remove-GOARCH"));
    await first.apply();
    const again = createStore(api);
    await again.load();
    expect(again.state.fix.applied).toMatchObject({ entryId: "e1", title: "Remove `GOARCH=amd64` from the go env file" });
    await again.undo();
    const third = createStore(api);
    await third.load();
    expect(third.state.fix.applied).toBeNull();
  });
});
