// End-to-end test of the real app window, driven through WebDriver (tauri-driver with
// Debian's WebKitWebDriver) under Xvfb: start NativeGo on a scenario, see its finding,
// apply the fix, watch the scenario's `.zshrc` change and the finding disappear, undo,
// and see it return with the file byte for byte as before. Where `trayer` runs, also
// check that the tray icon appears.
//
// Run by scripts/test-app.sh inside `xvfb-run` and `dbus-run-session`. Needs:
//   NATIVEGO_APP   the built app binary
//   TAURI_DRIVER   the tauri-driver binary
//   NATIVEGO_ROOT  the repository root (for the scenario)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const APP = process.env.NATIVEGO_APP;
const DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
const ROOT = process.env.NATIVEGO_ROOT ?? process.cwd();
const PORT = 4444;
const BASE = `http://127.0.0.1:${PORT}`;

let driver;
let session;
let scenario;
let zshrc;
let original;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wd(method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
    err.value = json.value;
    throw err;
  }
  return json.value;
}

const exec = (script, args = []) => wd("POST", `/session/${session}/execute/sync`, { script, args });

// The popover re-renders on every report, which makes WebKitWebDriver's element handles go
// stale between a find and a click; querying and clicking through a script is atomic.
async function exists(css) {
  return exec("return document.querySelectorAll(arguments[0]).length;", [css]);
}

async function textOf(css) {
  return exec("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", [css]);
}

async function clickOn(css) {
  return exec(
    "const e = document.querySelector(arguments[0]); if (!e) return false; e.scrollIntoView(); e.click(); return true;",
    [css],
  );
}

async function waitFor(what, fn, timeout = 15000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeout) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}


before(async () => {
  assert.ok(APP && existsSync(APP), `NATIVEGO_APP must name the built app (got ${APP})`);
  scenario = mkdtempSync(join(tmpdir(), "nativego-e2e-"));
  cpSync(join(ROOT, "tests/scenarios/goarch-exported"), scenario, { recursive: true, verbatimSymlinks: true });
  zshrc = join(scenario, "root/Users/dev/.zshrc");
  original = readFileSync(zshrc);
  driver = spawn(DRIVER, ["--port", String(PORT), "--native-port", String(PORT + 1)], {
    env: { ...process.env, NATIVEGO_SCENARIO: scenario, NATIVEGO_SHOW_WINDOW: "1" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitFor("tauri-driver", async () => (await fetch(`${BASE}/status`)).ok);
  const caps = {
    capabilities: {
      alwaysMatch: {
        browserName: "wry",
        "tauri:options": { application: APP, args: [] },
      },
    },
  };
  const created = await wd("POST", "/session", caps);
  session = created.sessionId;
});

after(async () => {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => {});
  if (driver) {
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  // The app is started by WebKitWebDriver; make sure none is left behind.
  try {
    execFileSync("pkill", ["-f", APP]);
  } catch {
    /* none left */
  }
  if (scenario) rmSync(scenario, { recursive: true, force: true });
});

test("the window shows the scenario's finding", async () => {
  const t = await waitFor("the goarch-forced finding", () => textOf('[data-check="goarch-forced"]'));
  assert.match(t, /GOARCH/);
  assert.match(await textOf("body"), /go1\.27\.3/);
});

test("a fix is previewed, applied to .zshrc, and the finding disappears", async () => {
  await waitFor("the Fix button", () => clickOn('[data-focus^="fix:goarch-forced:"]'));
  const diff = await waitFor("the preview", () => textOf(".diff"));
  assert.match(diff, /export GOARCH=amd64/);
  await waitFor("the Apply button", () => clickOn('[data-focus^="apply:goarch-forced:"]'));
  // A safe fix applies directly; an unsafe one asks once more.
  await sleep(300);
  await clickOn('[data-focus^="confirm:goarch-forced:"]');
  await waitFor(".zshrc to change on disk", () => !readFileSync(zshrc).equals(original));
  const now = readFileSync(zshrc, "utf8");
  assert.match(now, /# export GOARCH=amd64 {2}# disabled by nativego \(goarch-forced:/);
  await waitFor("the finding to disappear", async () => (await exists('[data-check="goarch-forced"]')) === 0);
});

test("undo restores .zshrc byte for byte and the finding returns", async () => {
  await waitFor("the Undo button", () => clickOn('[data-focus="undo"]'));
  await waitFor(".zshrc to be restored", () => readFileSync(zshrc).equals(original));
  await waitFor("the finding to return", async () => (await exists('[data-check="goarch-forced"]')) === 1);
});

test("an edit made outside the app is seen by the watcher", async () => {
  // Save .zshrc the way an editor does: a new file renamed over the old one.
  execFileSync("sh", ["-c", `printf 'export PATH="$PATH:$(go env GOPATH)/bin"\\n' > "${zshrc}.tmp" && mv "${zshrc}.tmp" "${zshrc}"`]);
  await waitFor("the finding to disappear after the edit", async () => (await exists('[data-check="goarch-forced"]')) === 0);
});

test("drift is notified on the session bus", { skip: !process.env.DBUS_SESSION_BUS_ADDRESS && "no session bus" }, async () => {
  // Notification calls succeed on Linux even without a notification daemon; the call
  // itself is seen on the session bus (platform-notes.md).
  const monitor = spawn("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications'"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let seen = "";
  monitor.stdout.on("data", (d) => (seen += d));
  try {
    await sleep(300);
    // The environment gets worse: GOARCH is forced again.
    execFileSync("sh", ["-c", `printf 'export GOARCH=amd64\\n' >> "${zshrc}"`]);
    await waitFor("the finding to come back", async () => (await exists('[data-check="goarch-forced"]')) === 1);
    await waitFor("a Notify call on the bus", () => /member=Notify/.test(seen) && /drifted/.test(seen), 10000);
    assert.match(seen, /GOARCH/);
  } finally {
    monitor.kill();
  }
});

test("the UI cannot call a command it has no permission for", async () => {
  // The capability grants the popover NativeGo's own commands only: a plugin command that
  // exists in the app (the clipboard) is refused from the window.
  const result = await exec(
    `return window.__TAURI_INTERNALS__.invoke("plugin:clipboard-manager|read_text", {}).then(() => "allowed", (e) => "refused: " + String(e));`,
  );
  assert.match(String(result), /^refused/);
  const bogus = await exec(
    `return window.__TAURI_INTERNALS__.invoke("apply_fix", { fixId: "goarch-forced:not-offered", token: "x" }).then(() => "allowed", (e) => "refused: " + JSON.stringify(e));`,
  );
  assert.match(String(bogus), /^refused: .*no-such-fix/);
  const before = readFileSync(zshrc);
  // A path outside NativeGo's journal as an undo entry.
  const outside = await exec(
    `return window.__TAURI_INTERNALS__.invoke("undo", { entryId: "../../../../etc/passwd" }).then(() => "allowed", (e) => "refused: " + JSON.stringify(e));`,
  );
  assert.match(String(outside), /^refused/);
  // A shell: there is no such command, and no shell plugin in the app.
  const shell = await exec(
    `return window.__TAURI_INTERNALS__.invoke("plugin:shell|execute", { program: "sh", args: ["-c", "touch /tmp/nativego-pwned"] }).then(() => "allowed", (e) => "refused: " + String(e));`,
  );
  assert.match(String(shell), /^refused/);
  assert.equal(existsSync("/tmp/nativego-pwned"), false);
  assert.ok(readFileSync(zshrc).equals(before), "nothing changed on disk");
});

test("the tray icon appears when a tray host runs", { skip: !process.env.NATIVEGO_TRAYER && "no tray host" }, async () => {
  // trayer embeds XEmbed tray icons as child windows; ours is the only app in this X server.
  const tree = execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" });
  assert.match(tree, /nativego/i);
});
