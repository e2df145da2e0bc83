// Architecture rules for ui/: only ipc.ts talks to Tauri (the test-only mock entry may use
// its mocks), and nothing breaks the app's CSP or loads remote resources.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const ui = join(__dirname, "..", "..", "..", "ui");

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

const sources = files(join(ui, "src")).filter((f) => /\.(ts|css)$/.test(f));

describe("ui boundaries", () => {
  test("only ipc.ts (and the test-only mock.ts) import @tauri-apps/api", () => {
    const importers = sources
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => /from\s+["']@tauri-apps\/api|import\(\s*["']@tauri-apps\/api|require\(\s*["']@tauri-apps/.test(readFileSync(f, "utf8")))
      .map((f) => relative(ui, f))
      .sort();
    expect(importers).toEqual(["src/ipc.ts", "src/mock.ts"]);
    expect(readFileSync(join(ui, "src/mock.ts"), "utf8")).not.toMatch(/@tauri-apps\/api\/core/);
  });

  test("the production entry does not reach the mock", () => {
    const reach = (f: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(f)) return seen;
      seen.add(f);
      for (const m of readFileSync(f, "utf8").matchAll(/from\s+["'](\.[^"']+)["']/g)) {
        const base = join(f, "..", m[1]!);
        const target = [base, `${base}.ts`].find((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        });
        if (target) reach(target, seen);
      }
      return seen;
    };
    const reached = [...reach(join(ui, "src/main.ts"))].map((f) => relative(ui, f));
    expect(reached.some((f) => f.includes("mock"))).toBe(false);
    expect(readFileSync(join(ui, "index.html"), "utf8")).not.toMatch(/mock/);
  });

  test("no eval, no HTML injection, no remote resources, no inline scripts or styles", () => {
    for (const f of sources) {
      const text = readFileSync(f, "utf8");
      const name = relative(ui, f);
      expect(text, name).not.toMatch(/\beval\(|new Function\(|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/);
      expect(text, name).not.toMatch(/url\(\s*["']?https?:|@import\s+["']?https?:|fonts\.googleapis|cdn\./);
      expect(text, name).not.toMatch(/\.style\.[a-zA-Z]+\s*=|setAttribute\(\s*["']style/);
    }
    for (const html of ["index.html", "mock.html"]) {
      const text = readFileSync(join(ui, html), "utf8");
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(text).not.toMatch(/<style|style=/);
    }
  });
});
