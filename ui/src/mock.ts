/**
 * Test-only entry (`mock.html`, built only with `vite build --mode mock`): the real UI over
 * Tauri's `mockIPC` and fixture reports. Besides `ipc.ts`, the only module allowed to import
 * `@tauri-apps/api` (its `mocks`), and never part of the production build.
 *
 * Query string:
 *   fixture=<name>   a report from tests/ui/fixtures (default messy-migrated-mac);
 *                    `long` joins the findings of every fixture, `with-actions` adds a fix
 *                    that runs a command (no snapshot has one yet), `polling` is a clean Mac
 *                    whose watcher hit the system's limit on file watches
 *   theme=dark|light force a theme (otherwise the system's)
 *   fail=cmd,cmd     those commands reject with { code, message }
 *   delay=ms         every command waits this long
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { tauriApi } from "./ipc";
import { createMockBackend } from "./mock/backend";
import { start } from "./start";
import type { Finding, Report } from "./types";

const modules = import.meta.glob<Report>("../../tests/ui/fixtures/*.json", { eager: true, import: "default" });
const fixtures: Record<string, Report> = {};
let previews: Record<string, string> = {};
for (const [path, data] of Object.entries(modules)) {
  const name = path.replace(/^.*\//, "").replace(/\.json$/, "");
  if (name === "previews") previews = data as unknown as Record<string, string>;
  else fixtures[name] = data;
}

function longReport(): Report {
  const base = structuredClone(fixtures["messy-migrated-mac"]!);
  const seen = new Set(base.findings.map((f) => f.key));
  const extra: Finding[] = [];
  for (const r of Object.values(fixtures)) {
    for (const f of r.findings) {
      if (!seen.has(f.key)) {
        seen.add(f.key);
        extra.push({ ...f, fixes: [] });
      }
    }
  }
  base.findings.push(...extra);
  return base;
}

function withActions(): Report {
  const r = structuredClone(fixtures["messy-migrated-mac"]!);
  const tools = r.findings.find((f) => f.check === "tools-wrong-arch");
  tools?.fixes?.push({
    id: "tools-wrong-arch:reinstall",
    title: "Reinstall gopls with the native go",
    applicability: "unsafe",
    actions: [
      {
        program: "/opt/homebrew/bin/go",
        args: ["install", "golang.org/x/tools/gopls@v0.20.0"],
        env: [["GOARCH", "arm64"]],
        timeout_secs: 300,
      },
    ],
  });
  return r;
}

function polling(): Report {
  const r = structuredClone(fixtures["clean-official"]!);
  const reason = "the system's limit on file watches is reached";
  r.watch = {
    native: 0,
    polled: ["/Users/dev", "/etc/paths.d", "/usr/local/go/bin"].map((path) => ({ path, reason })),
    poll_interval_ms: 2000,
    message: "The system's limit on file watches is reached: NativeGo looks at 3 folders (`/Users/dev` and others) every 2 s instead of being told of changes at once",
    generation: 1,
    checked_at: 0,
  };
  return r;
}

const q = new URLSearchParams(location.search);
const name = q.get("fixture") ?? "messy-migrated-mac";
const made: Record<string, () => Report> = { long: longReport, "with-actions": withActions, polling };
const report = made[name]?.() ?? fixtures[name];
const theme = q.get("theme");
if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;

const backend = createMockBackend(report ?? fixtures["clean-official"]!, {
  previews: Object.fromEntries(
    Object.entries(previews)
      .filter(([k]) => k.startsWith(`${name === "long" || name === "with-actions" ? "messy-migrated-mac" : name}/`))
      .map(([k, v]) => [k.slice(k.indexOf("/") + 1), v]),
  ),
  fail: (q.get("fail") ?? "").split(",").filter(Boolean),
  delay: Number(q.get("delay") ?? 0),
});
if (!report) console.warn(`unknown fixture ${name}`);

mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown>), { shouldMockEvents: true });

// Tests push watcher events with `window.__nativegoMock.push(fixtureName)`.
(window as unknown as { __nativegoMock: unknown }).__nativegoMock = {
  backend,
  fixtures: Object.keys(fixtures),
  push: (fixture: string) => emit("report", fixtures[fixture]),
};

void start(tauriApi);
