import { readFileSync } from "node:fs";
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

export const FIXTURES = [
  "clean-official",
  "clean-homebrew",
  "messy-migrated-mac",
  "goarch-exported",
  "rosetta-terminal",
  "broken-inputs",
  "clean-linux",
  "go-not-found",
  "path-set-in-zshenv",
  "stale-goroot-after-brew-upgrade",
];

export const tick = () => new Promise((r) => setTimeout(r, 0));
