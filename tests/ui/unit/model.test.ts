import { describe, expect, test } from "vitest";
import { location, originLabel, plain, shortenHome, sourceLabel } from "../../../ui/src/model/labels";
import {
  activeGo,
  allGoodSummary,
  checkedAreas,
  countsText,
  groupFindings,
  headline,
  lastCheckedText,
  machineRows,
  status,
} from "../../../ui/src/model/summary";
import { parseDiff } from "../../../ui/src/views/diff";
import { FIXTURES, fixture, previews } from "./helpers";

describe("labels", () => {
  test("home is shortened to ~ only at a path boundary", () => {
    expect(shortenHome("/Users/dev/.zshrc", "/Users/dev")).toBe("~/.zshrc");
    expect(shortenHome("/Users/dev", "/Users/dev/")).toBe("~");
    expect(shortenHome("/Users/developer/.zshrc", "/Users/dev")).toBe("/Users/developer/.zshrc");
    expect(shortenHome("/etc/paths", null)).toBe("/etc/paths");
  });

  test("locations and origins", () => {
    expect(location("/Users/dev/.zshrc", 12, "/Users/dev")).toBe("~/.zshrc:12");
    expect(location("/usr/local/bin/go", null, "/Users/dev")).toBe("/usr/local/bin/go");
    const home = "/Users/dev";
    expect(originLabel({ kind: "startup-file", path: "/Users/dev/.zshrc", line: 31 }, home)).toBe("~/.zshrc:31");
    expect(originLabel({ kind: "path-helper", path: "/etc/paths.d/go", line: 1 }, home)).toBe("/etc/paths.d/go:1 (path_helper)");
    expect(originLabel({ kind: "brew-shellenv", path: "/Users/dev/.zprofile", line: 2, prefix: "/opt/homebrew" }, home)).toBe(
      "~/.zprofile:2 (brew shellenv)",
    );
    expect(originLabel({ kind: "go-env-file", path: "/Users/dev/Library/Application Support/go/env", line: 2 }, home)).toBe(
      "~/Library/Application Support/go/env:2 (go env -w)",
    );
    expect(originLabel({ kind: "default" }, home)).toBe("Go's default");
    expect(originLabel({ kind: "inherited" }, home)).toMatch(/inherited/);
  });

  test("sources", () => {
    expect(sourceLabel({ kind: "homebrew", prefix: "/opt/homebrew" })).toBe("Homebrew");
    expect(sourceLabel({ kind: "intel-homebrew", prefix: "/usr/local" })).toBe("Intel Homebrew");
    expect(sourceLabel({ kind: "official" })).toBe("official installer");
    expect(sourceLabel({ kind: "version-manager", name: "mise" })).toBe("mise");
    expect(sourceLabel({ kind: "something-new" } as never)).toBe("other");
  });

  test("plain drops code marks", () => {
    expect(plain("Remove `GOARCH=amd64` from the go env file")).toBe("Remove GOARCH=amd64 from the go env file");
  });
});

describe("summary", () => {
  test("every fixture parses and groups by severity, errors first", () => {
    expect(FIXTURES).toHaveLength(12);
    for (const name of FIXTURES) {
      const r = fixture(name);
      const groups = groupFindings(r.findings);
      // Every finding the user does not ignore is in a group; ignored ones are not.
      const shown = r.findings.filter((f) => !f.ignored).length;
      expect(groups.map((g) => g.findings.length).reduce((a, b) => a + b, 0)).toBe(shown);
      const order = groups.map((g) => g.severity);
      expect(order).toEqual(["error", "warning", "info"].filter((s) => order.includes(s as never)));
      expect(r.summary.errors + r.summary.warnings + r.summary.infos).toBe(shown);
      expect(r.summary.ignored ?? 0).toBe(r.findings.length - shown);
    }
  });

  test("the tray-like headline", () => {
    expect(headline(fixture("messy-migrated-mac"))).toBe("go1.25.7 · x86_64 · Intel Homebrew — 2 errors, 6 warnings, 1 note");
    expect(headline(fixture("clean-official"))).toBe("go1.27.3 · arm64 · official installer — all good");
    expect(headline(fixture("clean-homebrew"))).toMatch(/^go1\.\d+\.\d+ · arm64 · Homebrew — all good$/);
    expect(headline(fixture("goarch-exported"))).toMatch(/— 1 warning$/);
    expect(headline(fixture("go-not-found"))).toBe("No Go on PATH — 1 error");
    expect(headline(fixture("broken-inputs"))).toMatch(/go1\.27\.3 · unreadable · official installer — 3 warnings/);
  });

  test("status and counts", () => {
    expect(status(fixture("messy-migrated-mac"))).toBe("error");
    expect(status(fixture("goarch-exported"))).toBe("warning");
    expect(status(fixture("clean-linux"))).toBe("info");
    expect(status(fixture("clean-official"))).toBe("ok");
    expect(countsText(fixture("clean-linux"))).toBe("1 note");
  });

  test("active go", () => {
    const go = activeGo(fixture("messy-migrated-mac"))!;
    expect(go).toMatchObject({
      version: "go1.25.7",
      arch: "x86_64",
      foreignArch: true,
      source: "Intel Homebrew",
      path: "/usr/local/bin/go",
      resolved: "/usr/local/Cellar/go/1.25.7/libexec/bin/go",
      pathPosition: "PATH entry 1 of 13",
    });
    expect(activeGo(fixture("clean-official"))!.foreignArch).toBe(false);
    expect(activeGo(fixture("clean-official"))!.shim).toBeNull();
    const shim = activeGo(fixture("asdf-version-missing"))!;
    expect(shim.shim).toBe("asdf's shim, 1.21.0 from ~/.tool-versions:1 — runs no Go");
    expect(shim.error).toBeNull();
    expect(activeGo(fixture("go-not-found"))).toBeNull();
    expect(activeGo(fixture("broken-inputs"))!.error).toMatch(/corrupt Mach-O/);
  });

  test("machine rows show Rosetta only where it applies", () => {
    const mac = machineRows(fixture("messy-migrated-mac"));
    expect(mac).toContainEqual({ label: "Machine", value: "Apple silicon (arm64)" });
    expect(mac).toContainEqual({ label: "Rosetta", value: "installed", attention: false });
    const linux = machineRows(fixture("clean-linux"));
    expect(linux.find((r) => r.label === "Rosetta")).toBeUndefined();
    expect(linux[0]).toEqual({ label: "Machine", value: "x86_64" });
  });

  test("what was checked", () => {
    const r = fixture("clean-official");
    const areas = checkedAreas(r);
    expect(areas.map((a) => a.area)).toEqual(expect.arrayContaining(["toolchain", "path", "goroot", "environment", "tools", "rosetta", "cgo", "shell"]));
    expect(areas.every((a) => a.failed === 0)).toBe(true);
    const total = r.checks.filter((c) => c.status !== "not-applicable").length;
    expect(allGoodSummary(r)).toBe(`${total} checks passed: ${areas.map((a) => a.label).join(", ")}.`);
    // On Linux the Rosetta checks do not apply and are not listed.
    expect(checkedAreas(fixture("clean-linux")).some((a) => a.area === "rosetta")).toBe(false);
    const messy = checkedAreas(fixture("messy-migrated-mac"));
    expect(messy.find((a) => a.area === "toolchain")!.failed).toBe(3);
  });

  test("last checked", () => {
    const now = new Date(2026, 0, 1, 14, 30, 0);
    expect(lastCheckedText(null, now)).toBe("Not checked yet");
    expect(lastCheckedText(new Date(now.getTime() - 10_000), now)).toBe("Checked just now");
    expect(lastCheckedText(new Date(now.getTime() - 5 * 60_000), now)).toBe("Checked 5 min ago");
    expect(lastCheckedText(new Date(2026, 0, 1, 9, 5), now)).toBe("Checked at 09:05");
  });
});

describe("diff", () => {
  test("recorded previews parse into files with +/- counts", () => {
    const p = previews("messy-migrated-mac");
    const files = parseDiff(p["goroot-version-skew:remove-goroot"]!);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: "/Users/dev/.zshrc", added: 1, removed: 1 });
    expect(files[0]!.lines[0]).toEqual({ kind: "hunk", text: "@@ -28,7 +28,7 @@" });
    expect(files[0]!.lines.filter((l) => l.kind === "del")[0]!.text).toBe("-export GOROOT=/usr/local/go");
  });

  test("several files concatenated, paths with spaces", () => {
    const d = [
      "--- a/Users/dev/.zshrc",
      "+++ b/Users/dev/.zshrc",
      "@@ -1 +1 @@",
      "-a",
      "+b",
      "--- a/Users/dev/Library/Application Support/go/env",
      "+++ b/Users/dev/Library/Application Support/go/env",
      "@@ -1,2 +1,1 @@",
      " GOPROXY=x",
      "-GOARCH=amd64",
      "",
    ].join("\n");
    const files = parseDiff(d);
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([
      ["/Users/dev/.zshrc", 1, 1],
      ["/Users/dev/Library/Application Support/go/env", 0, 1],
    ]);
  });
});
