import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../../ui/src/types";

const dir = join(__dirname, "..", "fixtures");

export function fixture(name: string): Report {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Report;
}

export function previews(name: string): Record<string, string> {
  const all = JSON.parse(readFileSync(join(dir, "previews.json"), "utf8")) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(all)
      .filter(([k]) => k.startsWith(`${name}/`))
      .map(([k, v]) => [k.slice(name.length + 1), v]),
  );
}

/** Every report fixture (`update.mjs` writes one per scenario it lists). */
export const FIXTURES = readdirSync(dir)
  .filter((f) => f.endsWith(".json") && f !== "previews.json")
  .map((f) => f.slice(0, -".json".length))
  .sort();

export const tick = () => new Promise((r) => setTimeout(r, 0));
