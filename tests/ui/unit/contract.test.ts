import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Report } from "../../../ui/src/types";
import { FIXTURES, fixture } from "./helpers";

// The UI is tested against fixtures; this keeps them equal to what the engine prints:
// each is the scenario's `--json` snapshot (src-tauri/doctor/tests/snapshots), which the
// Rust snapshot test holds to the engine. Run `node tests/ui/fixtures/update.mjs` after
// changing the report.
const snapshots = join(__dirname, "../../../src-tauri/doctor/tests/snapshots");

function snapshot(name: string): Report {
  const lines = readFileSync(join(snapshots, `scenarios__${name}.json.snap`), "utf8").split("\n");
  const end = lines.indexOf("---", 1);
  return JSON.parse(lines.slice(end + 1).join("\n")) as Report;
}

describe("the UI's fixtures are the engine's reports", () => {
  test.each(FIXTURES)("%s", (name) => {
    expect(fixture(name)).toEqual(snapshot(name));
  });

  test("every field the UI's types name for a finding and a fix is in the report", () => {
    // Required keys of `Finding` and `Fix` in ui/src/types.ts, checked on real reports.
    const finding = ["check", "key", "severity", "title", "message", "evidence", "hint", "fixes"];
    const fix = ["id", "title", "applicability"];
    for (const name of FIXTURES) {
      for (const f of snapshot(name).findings) {
        for (const k of finding) expect(Object.keys(f), `${name} ${f.check}`).toContain(k);
        for (const x of f.fixes ?? []) for (const k of fix) expect(Object.keys(x), `${name} ${x.id}`).toContain(k);
      }
    }
  });
});
