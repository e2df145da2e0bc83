import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Api } from "../../../ui/src/ipc";
import { createMockBackend } from "../../../ui/src/mock/backend";
import { createStore, type Store } from "../../../ui/src/model/store";
import { mount } from "../../../ui/src/views/app";
import { h, rich } from "../../../ui/src/views/dom";
import type { Report } from "../../../ui/src/types";
import { fixture, previews, tick } from "./helpers";

let root: HTMLElement;
let unmount: () => void;

function api(report: Report, opts: { fail?: string[] } = {}): Api {
  const b = createMockBackend(report, { previews: previews("messy-migrated-mac"), ...opts });
  const call = <T>(cmd: string, args?: Record<string, unknown>) => b.handle(cmd, args) as Promise<T>;
  return {
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
}

async function show(report: Report, opts: { fail?: string[]; clipboard?: (t: string) => Promise<void> } = {}): Promise<Store> {
  const store = createStore(api(report, opts), { clipboard: opts.clipboard });
  unmount = mount(root, store);
  await store.load();
  return store;
}

const q = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel);
const qa = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];
const button = (name: RegExp | string) =>
  qa("button").find((b) => {
    const n = b.getAttribute("aria-label") ?? b.textContent ?? "";
    return typeof name === "string" ? n === name : name.test(n);
  });
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

beforeEach(() => {
  root = document.createElement("div");
  document.body.replaceChildren(root);
});
afterEach(() => unmount?.());

describe("views", () => {
  test("dom helpers render text as text and backticks as code", () => {
    const p = h("p", {}, rich("Run `go env -u GOARCH` now <b>"));
    expect(p.innerHTML).toBe("Run <code>go env -u GOARCH</code> now &lt;b&gt;");
    expect(h("p", {}, rich("odd ` mark")).textContent).toBe("odd ` mark");
  });

  test("landmarks, headline, groups with headings and severity text", async () => {
    await show(fixture("messy-migrated-mac"));
    expect(q("header h1")?.textContent).toBe("NativeGo");
    expect(q("main")).not.toBeNull();
    expect(q("footer")).not.toBeNull();
    expect(q("[aria-live=polite]")?.textContent).toBe("Go environment: 2 errors, 6 warnings, 1 note.");
    expect(q(".headline")?.textContent).toBe("go1.25.7 · x86_64 · Intel Homebrew — 2 errors, 6 warnings, 1 note");
    expect(qa("h2.group-heading").map((e) => e.textContent)).toEqual(["Errors2", "Warnings6", "Info1"]);
    const first = q("article.finding")!;
    expect(first.querySelector(".sev-text")?.textContent).toBe("Error");
    expect(first.getAttribute("aria-labelledby")).toBe(first.querySelector("h3")?.id);
    expect(qa(".evidence .loc").map((e) => e.textContent)).toContain("~/.zshrc:31");
  });

  test("references: go.dev and GitHub links open through the app, others are text", async () => {
    const report = fixture("goarch-exported");
    const f = report.findings.find((x) => x.check === "goarch-forced")!;
    f.references = [...(f.references ?? []), { label: "mise.jdx.dev/dev-tools/shims.html", url: "https://mise.jdx.dev/dev-tools/shims.html" }];
    const opened: string[] = [];
    const store = createStore({ ...api(report), openDocs: async (url) => void opened.push(url) });
    unmount = mount(root, store);
    await store.load();
    const refs = q(`article[data-check="goarch-forced"] .references`)!;
    expect(refs.textContent).toBe(
      "Learn more: golang/go#57693, conda-forge/go-feedstock#132, go.dev/doc/install/source#environment, mise.jdx.dev/dev-tools/shims.html",
    );
    const links = [...refs.querySelectorAll<HTMLAnchorElement>("a.reference")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "https://github.com/golang/go/issues/57693",
      "https://github.com/conda-forge/go-feedstock/issues/132",
      "https://go.dev/doc/install/source#environment",
    ]);
    // Another host is not a link.
    expect(refs.querySelectorAll("span.reference")).toHaveLength(1);
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    links[0]!.dispatchEvent(click);
    await settle();
    // The web view does not navigate; the app opens it.
    expect(click.defaultPrevented).toBe(true);
    expect(opened).toEqual(["https://github.com/golang/go/issues/57693"]);
  });

  test("ignored findings: collapsed, with the reason and the command that stops ignoring them", async () => {
    await show(fixture("goarch-ignored"));
    // Not a warning any more: all good, and the finding is not among the groups.
    expect(q(".all-good h2")?.textContent).toBe("All good");
    expect(qa("article.finding")).toHaveLength(0);
    const ignored = q<HTMLDetailsElement>("details.ignored-findings")!;
    expect(ignored.open).toBe(false);
    expect(ignored.querySelector("summary")?.textContent).toBe("Ignored (1)");
    const li = ignored.querySelector('li[data-check="goarch-forced"]')!;
    expect(li.textContent).toContain("GOARCH is forced to amd64");
    expect(li.querySelector(".ignored-reason")?.textContent).toBe(" — this machine cross-compiles for an Intel build farm");
    expect(li.querySelector(".ignored-undo")?.textContent).toBe("nativego unignore goarch-forced --for GOARCH");
  });

  test("all good lists what was checked", async () => {
    await show(fixture("clean-official"));
    expect(q(".all-good h2")?.textContent).toBe("All good");
    expect(q(".all-good p")?.textContent).toMatch(/checks passed: Go toolchain, PATH, GOROOT, Go settings/);
    expect(qa("article")).toHaveLength(0);
  });

  test("when some folders are polled, the header says live updates are slower", async () => {
    const live = { ...fixture("clean-official"), watch: { native: 11, polled: [], poll_interval_ms: 2000, message: null, generation: 1, checked_at: 0 } };
    await show(live);
    expect(q(".watch-note")).toBeNull();
    unmount();
    const message =
      "The system's limit on file watches is reached (fs.inotify.max_user_watches): NativeGo looks at `/Users/dev` every 2 s instead of being told of changes at once";
    const polled = {
      ...fixture("clean-official"),
      watch: {
        native: 0,
        polled: [{ path: "/Users/dev", reason: "the system's limit on file watches is reached (fs.inotify.max_user_watches)" }],
        poll_interval_ms: 2000,
        message,
        generation: 1,
        checked_at: 0,
      },
    };
    await show(polled);
    const note = q(".watch-note")!;
    expect(note.getAttribute("role")).toBe("note");
    expect(note.textContent).toBe(message.replace(/`/g, ""));
    expect(note.querySelector("code")!.textContent).toBe("/Users/dev");
    expect(q("header")!.contains(note)).toBe(true);
  });

  test("Fix opens the diff preview; Escape closes it and focus returns", async () => {
    await show(fixture("messy-migrated-mac"));
    const fix = button("Fix: Remove GOARCH=amd64 from the go env file")!;
    fix.click();
    await settle();
    const panel = q("[role=region].panel")!;
    expect(panel).not.toBeNull();
    expect(button("Fix: Remove GOARCH=amd64 from the go env file")!.getAttribute("aria-expanded")).toBe("true");
    expect(qa(".dl-del").map((e) => e.textContent)).toContain("removed: -GOARCH=amd64");
    expect(document.activeElement?.classList.contains("panel-title")).toBe(true);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await settle();
    expect(q(".panel")).toBeNull();
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Fix: Remove GOARCH=amd64 from the go env file");
  });

  test("unsafe: confirm step, then applied bar with Undo, then undo", async () => {
    await show(fixture("messy-migrated-mac"));
    button(/^Fix: Replace export GOROOT/)!.click();
    await settle();
    expect(q(".caution")?.textContent).toMatch(/Not marked safe/);
    button("Apply")!.click();
    await settle();
    expect(q("[role=alertdialog]")?.textContent).toMatch(/not marked safe/);
    button("Apply anyway")!.click();
    await settle();
    expect(q(".applied-bar")?.textContent).toMatch(/^Applied: Replace export GOROOT/);
    expect(qa("article h3").map((e) => e.textContent)).not.toContain(
      "GOROOT points at go1.26.4 in /usr/local/go while go1.25.7 runs",
    );
    expect(document.activeElement?.getAttribute("data-focus")).toBe("undo");
    button(/^Undo:/)!.click();
    await settle();
    expect(q(".applied-bar")).toBeNull();
    expect(qa("article")).toHaveLength(9);
  });

  test("manual fix: instructions and Copy, with a graceful fallback", async () => {
    const r = fixture("path-set-in-zshenv");
    r.findings.find((f) => f.check === "path-set-in-zshenv")!.fixes![0]!.command = "sed -n 2p ~/.zshenv";
    await show(r, { clipboard: () => Promise.reject(new Error("no")) });
    expect(q('[data-fix="path-set-in-zshenv:move-line"] .instructions')?.textContent).toMatch(/^Cut line 2/);
    button("Copy command: sed -n 2p ~/.zshenv")!.click();
    await settle();
    expect(q(".copy-feedback")?.textContent).toBe("Copy failed: select the command and copy it");
    expect(q('[data-fix="path-set-in-zshenv:move-line"] .command-text')?.textContent).toBe("sed -n 2p ~/.zshenv");
  });

  test("a fix NativeGo could not vet fully says why it is not safe", async () => {
    await show(fixture("messy-migrated-mac"));
    const fix = q('[data-fix="goroot-mismatch:remove-goroot"]');
    expect(fix?.querySelector(".badge")?.textContent).toBe("Review");
    expect(fix?.querySelector(".fix-caution")?.textContent).toMatch(/could not evaluate ~\/\.zshrc:15 .*before the place this change edits/);
  });

  test("IPC errors are shown as alerts", async () => {
    await show(fixture("messy-migrated-mac"), { fail: ["get_report"] });
    expect(q("[role=alert]")?.textContent).toMatch(/Could not read the Go environment.*permission denied.*\(io\)/);
    root.replaceChildren();
    unmount();
    await show(fixture("messy-migrated-mac"), { fail: ["preview_fix"] });
    button("Fix: Remove GOARCH=amd64 from the go env file")!.click();
    await settle();
    expect(q(".panel [role=alert]")?.textContent).toMatch(/Could not prepare the preview/);
    expect(button("Try again")).toBeDefined();
  });

  test("the active Go and the machine", async () => {
    await show(fixture("clean-linux"));
    expect(q(".go .go-version")?.textContent).toBe("go1.27.3");
    const dts = qa(".machine dt").map((e) => e.textContent);
    expect(dts).not.toContain("Rosetta");
    await settle();
  });
});
