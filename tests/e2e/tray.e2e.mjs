// The tray on Linux, where every click opens the menu (platform-notes.md): under Xvfb with
// `trayer` as the tray host, the icon appears, a click opens the menu, and "Show NativeGo"
// shows the popover. Run by scripts/test-app.sh inside xvfb-run and dbus-run-session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const APP = process.env.NATIVEGO_APP;
const ROOT = process.env.NATIVEGO_ROOT ?? process.cwd();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const x = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });

let app;
let scenario;

async function waitFor(what, fn, timeout = 15000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    const v = fn();
    if (v) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function trayIcon() {
  const line = x("xwininfo", ["-root", "-tree"])
    .split("\n")
    .find((l) => l.includes("tray-icon tray app nativego"));
  if (!line) return null;
  // "  24x22+0+0  +1254+1": the second pair is the absolute position.
  const m = line.match(/(\d+)x(\d+)[+-]\d+[+-]\d+\s+\+(-?\d+)\+(-?\d+)/);
  return m && { w: +m[1], h: +m[2], x: +m[3], y: +m[4] };
}

function popoverViewable() {
  try {
    return /Map State: IsViewable/.test(x("xwininfo", ["-name", "NativeGo"]));
  } catch {
    return false;
  }
}

before(() => {
  scenario = mkdtempSync(join(tmpdir(), "nativego-tray-"));
  cpSync(join(ROOT, "tests/scenarios/goarch-exported"), scenario, { recursive: true, verbatimSymlinks: true });
  app = spawn(APP, [], {
    env: { ...process.env, NATIVEGO_SCENARIO: scenario, NATIVEGO_SHOW_WINDOW: "" },
    stdio: "ignore",
  });
});

after(() => {
  app?.kill();
  if (scenario) rmSync(scenario, { recursive: true, force: true });
});

test("the tray icon appears, its menu opens on a click and shows the popover", { skip: !process.env.NATIVEGO_TRAYER && "no tray host" }, async () => {
  const icon = await waitFor("the tray icon", trayIcon);
  assert.ok(icon.w > 0 && icon.h > 0);
  // The popover starts hidden: a menu-bar app shows nothing until asked.
  await sleep(1500);
  assert.equal(popoverViewable(), false);
  x("xdotool", ["mousemove", String(icon.x + Math.floor(icon.w / 2)), String(icon.y + Math.floor(icon.h / 2)), "click", "1"]);
  await sleep(800);
  // The first item is "Show NativeGo".
  x("xdotool", ["key", "Down", "Return"]);
  await waitFor("the popover to be shown", popoverViewable);
});
