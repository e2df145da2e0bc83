// Browser tests of the popover: builds the UI with its mock entry (mock.html: the real UI over
// Tauri's mockIPC and fixture reports), serves it on 127.0.0.1, and drives Debian's Chromium
// with playwright-core. Every state is screenshotted in light and dark to the folder printed
// at the start (NATIVEGO_UI_SCREENSHOTS, default tests/ui/screenshots). Assertions are on
// text and roles, never pixels.
//
//   node --test tests/ui/browser.test.mjs          (NATIVEGO_UI_SKIP_BUILD=1 to reuse the build)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const buildDir = join(here, ".build");
const shots = resolve(process.env.NATIVEGO_UI_SCREENSHOTS ?? join(here, "screenshots"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const THEMES = ["light", "dark"];

let server;
let origin;
let browser;

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };

before(async () => {
  if (!process.env.NATIVEGO_UI_SKIP_BUILD) {
    const r = spawnSync("npx", ["vite", "build", "--config", "ui/vite.config.ts", "--mode", "mock", "--logLevel", "warn"], {
      cwd: root,
      stdio: "inherit",
    });
    assert.equal(r.status, 0, "vite build --mode mock failed");
  }
  assert.ok(existsSync(join(buildDir, "mock.html")), "no mock build");
  server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const file = normalize(join(buildDir, decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname)));
    if (!file.startsWith(buildDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      // The app's CSP: the UI must work under it.
      "content-security-policy": "default-src 'self'; style-src 'self'; img-src 'self' data:",
    });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  mkdirSync(shots, { recursive: true });
  console.log(`# screenshots: ${shots}`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** Pages are reused (a new page costs about a second here); each test navigates afresh. */
let context;
const idle = [];

/**
 * Opens mock.html with `query` in a 380×560 popover-sized page with the system theme
 * `theme`; tracks requests and console errors. `context.close()` hands the page back.
 */
async function open(query, theme = "light") {
  if (!context) {
    context = await browser.newContext({
      viewport: { width: 380, height: 560 },
      deviceScaleFactor: Number(process.env.NATIVEGO_UI_SCALE ?? 2),
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  }
  const page = idle.pop() ?? (await context.newPage());
  const problems = [];
  const onRequest = (r) => {
    if (!r.url().startsWith(`${origin}/`)) problems.push(`request to ${r.url()}`);
  };
  const onConsole = (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  };
  const onError = (e) => problems.push(`page error: ${e.message}`);
  page.on("request", onRequest);
  page.on("console", onConsole);
  page.on("pageerror", onError);
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(`${origin}/mock.html?${query}`);
  await page.getByRole("heading", { name: "NativeGo", level: 1 }).waitFor();
  const release = {
    close: async () => {
      page.off("request", onRequest);
      page.off("console", onConsole);
      page.off("pageerror", onError);
      await page.goto("about:blank");
      idle.push(page);
    },
  };
  return { page, context: release, problems };
}

/** Runs `fn` in light and dark, screenshotting each as `<name>-<theme>.png`. */
async function inThemes(name, query, fn) {
  for (const theme of THEMES) {
    const { page, context, problems } = await open(query, theme);
    try {
      await fn(page, theme);
      await page.screenshot({ path: join(shots, `${name}-${theme}.png`) });
      assert.deepEqual(problems, [], `${name} (${theme}): unexpected requests or console errors`);
    } finally {
      await context.close();
    }
  }
}

const main = (page) => page.getByRole("main");

describe("popover states", { concurrency: 2 }, () => {
  test("all good: says what was checked", async () => {
    await inThemes("all-good", "fixture=clean-official", async (page) => {
      await page.getByRole("heading", { name: "All good", level: 2 }).waitFor();
      assert.match(await page.locator(".headline").textContent(), /go1\.27\.3 · arm64 · official installer — all good/);
      assert.match(await main(page).innerText(), /checks passed: Go toolchain, PATH, GOROOT/);
      assert.equal(await page.getByRole("heading", { name: /Errors|Warnings/ }).count(), 0);
      await page.getByRole("button", { name: "Check now" }).click();
      await page.getByRole("status").filter({ hasText: "Checked: all good" }).waitFor({ state: "attached" });
    });
  });

  test("polling: the header says live updates are slower, and why", async () => {
    await inThemes("polling", "fixture=polling", async (page) => {
      const note = page.getByRole("note");
      await note.waitFor();
      assert.match(await note.innerText(), /limit on file watches is reached: NativeGo looks at 3 folders \(\/Users\/dev and others\) every 2 s/);
      assert.ok(await page.getByRole("banner").getByRole("note").isVisible());
      await page.getByRole("heading", { name: "All good", level: 2 }).waitFor();
    });
  });

  test("warnings: grouped, with evidence and a visible severity label", async () => {
    await inThemes("warnings", "fixture=goarch-exported", async (page) => {
      const group = page.getByRole("region", { name: /Warnings/ });
      await group.waitFor();
      const article = group.getByRole("article", { name: /GOARCH is forced to amd64/ });
      assert.match(await article.innerText(), /Warning/i);
      assert.match(await article.innerText(), /~\/\.zshrc:5/);
      assert.equal(await page.getByRole("region", { name: /Errors/ }).count(), 0);
      assert.match(await page.locator(".headline").textContent(), /1 warning/);
    });
  });

  test("errors: active Go, machine and findings by severity", async () => {
    await inThemes("errors", "fixture=messy-migrated-mac", async (page) => {
      const errors = page.getByRole("region", { name: /Errors/ });
      await errors.waitFor();
      assert.equal(await errors.getByRole("article").count(), 2);
      assert.equal(await page.getByRole("region", { name: /Warnings/ }).getByRole("article").count(), 6);
      assert.equal(await page.getByRole("region", { name: /Info/ }).getByRole("article").count(), 1);
      const go = page.getByRole("region", { name: "Active Go" });
      assert.match(await go.innerText(), /go1\.25\.7/);
      assert.match(await go.innerText(), /x86_64/);
      assert.match(await go.innerText(), /Intel Homebrew/);
      assert.match(await page.getByRole("region", { name: "This Mac" }).innerText(), /Apple silicon \(arm64\)[\s\S]*Rosetta[\s\S]*installed/);
      assert.match(await page.locator(".headline").textContent(), /go1\.25\.7 · x86_64 · Intel Homebrew — 2 errors, 6 warnings, 1 note/);
      assert.match(await errors.innerText(), /~\/\.zshrc:31/);
    });
  });

  test("go not found", async () => {
    await inThemes("go-not-found", "fixture=go-not-found", async (page) => {
      await page.getByRole("region", { name: /Errors/ }).waitFor();
      assert.match(await page.getByRole("region", { name: "Active Go" }).innerText(), /No go command on PATH/);
      assert.match(await page.locator(".headline").textContent(), /No Go on PATH — 1 error/);
    });
  });

  test("fix preview shows the diff", async () => {
    await inThemes("fix-preview", "fixture=messy-migrated-mac", async (page) => {
      await page.getByRole("button", { name: /^Fix: Comment out export GOROOT/ }).first().click();
      const panel = page.getByRole("region", { name: /Preview/ });
      await panel.getByRole("button", { name: "Apply" }).waitFor();
      const diff = await panel.locator("pre.diff").innerText();
      assert.match(diff, /-export GOROOT=\/usr\/local\/go/);
      assert.match(diff, /\+# export GOROOT=\/usr\/local\/go {2}# disabled by nativego/);
      assert.match(await panel.innerText(), /~\/\.zshrc/);
      assert.equal(await page.locator(".dl-add").first().evaluate((e) => getComputedStyle(e).fontFamily.includes("mono")), true);
    });
  });

  test("fix preview shows the exact command", async () => {
    await inThemes("fix-preview-command", "fixture=with-actions", async (page) => {
      await page.getByRole("button", { name: "Fix: Reinstall gopls with the native go" }).click();
      const panel = page.getByRole("region", { name: /Preview/ });
      await panel.locator("pre.cmd").waitFor();
      assert.equal(await panel.locator("pre.cmd").innerText(), "GOARCH=arm64 /opt/homebrew/bin/go install golang.org/x/tools/gopls@v0.20.0");
      await page.locator(".panel").scrollIntoViewIfNeeded();
    });
  });

  test("an unsafe fix asks for confirmation", async () => {
    await inThemes("unsafe-confirm", "fixture=messy-migrated-mac", async (page) => {
      await page.getByRole("button", { name: /^Fix: Replace export GOROOT/ }).first().click();
      const panel = page.getByRole("region", { name: /Preview/ });
      assert.match(await panel.innerText(), /Not marked safe/);
      await panel.getByRole("button", { name: "Apply" }).click();
      const dialog = page.getByRole("alertdialog", { name: /not marked safe/ });
      await dialog.waitFor();
      assert.equal(await page.getByRole("button", { name: "Apply anyway" }).isVisible(), true);
      assert.equal(await page.getByRole("button", { name: "Back" }).isVisible(), true);
      await page.locator(".panel").scrollIntoViewIfNeeded();
    });
  });

  test("applied: the new report shows and Undo stays available", async () => {
    await inThemes("applied-undo", "fixture=messy-migrated-mac", async (page) => {
      await page.getByRole("button", { name: "Fix: Remove GOARCH=amd64 from the go env file" }).click();
      await page.getByRole("region", { name: /Preview/ }).getByRole("button", { name: "Apply" }).click();
      const bar = page.getByRole("region", { name: "Last applied fix" });
      await bar.waitFor();
      assert.match(await bar.innerText(), /Applied: Remove GOARCH=amd64 from the go env file/);
      assert.equal(await page.getByRole("article", { name: /GOARCH is forced/ }).count(), 0);
      assert.match(await page.locator(".headline").textContent(), /5 warnings/);
      assert.equal(await page.getByRole("button", { name: /^Undo:/ }).isEnabled(), true);
      await page.screenshot({ path: join(shots, `applied-undo-before-undo-${await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"))}.png`) });
      await page.getByRole("button", { name: /^Undo:/ }).click();
      await page.getByRole("article", { name: /GOARCH is forced/ }).waitFor();
      assert.equal(await bar.count(), 0);
      await page.getByRole("status").filter({ hasText: /Undone: Remove GOARCH/ }).waitFor({ state: "attached" });
      // Applied again so the screenshot shows the bar.
      await page.getByRole("button", { name: "Fix: Remove GOARCH=amd64 from the go env file" }).click();
      await page.getByRole("region", { name: /Preview/ }).getByRole("button", { name: "Apply" }).click();
      await bar.waitFor();
      await page.locator(".scroll").evaluate((e) => (e.scrollTop = 0));
    });
  });

  test("unsafe fix applied after confirming", async () => {
    const { page, context, problems } = await open("fixture=messy-migrated-mac");
    await page.getByRole("button", { name: /^Fix: Replace export GOROOT/ }).first().click();
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.getByRole("button", { name: "Apply anyway" }).click();
    await page.getByRole("region", { name: "Last applied fix" }).waitFor();
    assert.equal(await page.getByRole("button", { name: /^Undo:/ }).evaluate((e) => e === document.activeElement), true);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("manual fix: instructions and Copy", async () => {
    await inThemes("manual-copy", "fixture=messy-migrated-mac", async (page) => {
      const fix = page.locator('[data-fix="go-wrong-arch:remove-intel-homebrew"]');
      await fix.scrollIntoViewIfNeeded();
      assert.match(await fix.innerText(), /Run the command in a terminal/);
      await fix.getByRole("button", { name: "Copy command: arch -x86_64 /usr/local/bin/brew uninstall go" }).click();
      await fix.getByText("Copied", { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "arch -x86_64 /usr/local/bin/brew uninstall go");
    });
  });

  test("manual fix without clipboard access says so", async () => {
    const { page, context } = await open("fixture=messy-migrated-mac");
    await page.evaluate(() => {
      Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
    });
    const fix = page.locator('[data-fix="go-wrong-arch:remove-intel-homebrew"]');
    await fix.getByRole("button", { name: /^Copy command/ }).click();
    await fix.getByText(/Copy failed: select the command/).waitFor();
    await context.close();
  });

  test("manual fix from a real snapshot (no command)", async () => {
    await inThemes("manual", "fixture=path-set-in-zshenv", async (page) => {
      const fix = page.locator('[data-fix="path-set-in-zshenv:move-line"]');
      assert.match(await fix.innerText(), /Manual/i);
      assert.match(await fix.innerText(), /Cut line 2/);
      assert.equal(await fix.getByRole("button").count(), 0);
      await fix.scrollIntoViewIfNeeded();
    });
  });

  test("long lists scroll inside the popover", async () => {
    await inThemes("long-list", "fixture=long", async (page) => {
      const scroll = page.locator("main.scroll");
      await page.getByRole("region", { name: /Warnings/ }).waitFor();
      const { scrollHeight, clientHeight } = await scroll.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }));
      assert.ok(scrollHeight > clientHeight * 3, `long list should scroll (${scrollHeight} vs ${clientHeight})`);
      assert.ok(await page.getByRole("article").count() >= 12);
      // The header and footer stay put; the page itself does not scroll.
      assert.equal(await page.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight), true);
      await scroll.evaluate((e) => (e.scrollTop = e.scrollHeight / 3));
      assert.equal(await page.getByRole("button", { name: "Check now" }).isVisible(), true);
    });
  });

  test("an IPC error on load is shown with a retry", async () => {
    await inThemes("error-load", "fixture=messy-migrated-mac&fail=get_report", async (page) => {
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.innerText(), /Could not read the Go environment/);
      assert.match(await alert.innerText(), /get_report failed: permission denied \(os error 13\) \(io\)/);
      assert.equal(await alert.getByRole("button", { name: "Try again" }).isVisible(), true);
    });
  });

  test("Try again after a failed load", async () => {
    const { page, context, problems } = await open("fixture=messy-migrated-mac&fail=get_report");
    await page.getByRole("alert").getByRole("button", { name: "Try again" }).click();
    await page.getByRole("region", { name: /Errors/ }).waitFor();
    assert.equal(await page.getByRole("alert").count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an IPC error while applying is shown in the preview", async () => {
    await inThemes("error-apply", "fixture=messy-migrated-mac&fail=apply_fix", async (page) => {
      // A safe fix: Apply applies at once (no confirmation step).
      await page.getByRole("button", { name: "Fix: Remove GOARCH=amd64 from the go env file" }).click();
      await page.getByRole("button", { name: "Apply", exact: true }).click();
      const alert = page.getByRole("region", { name: /Preview/ }).getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.innerText(), /Could not apply the fix/);
      assert.match(await alert.innerText(), /permission denied/);
      assert.equal(await page.getByRole("button", { name: "Try again" }).isVisible(), true);
      await page.locator(".panel").scrollIntoViewIfNeeded();
    });
  });

  test("Learn more: a reference opens through the app, the popover stays", async () => {
    const { page, context, problems } = await open("fixture=goarch-exported");
    const article = page.getByRole("article", { name: /GOARCH is forced to amd64/ });
    const link = article.getByRole("link", { name: "golang/go#57693" });
    await link.waitFor();
    assert.equal(await link.getAttribute("href"), "https://github.com/golang/go/issues/57693");
    const before = page.url();
    await link.click();
    await page.waitForTimeout(200);
    // No navigation and no request to GitHub from the web view (`problems` lists any).
    assert.equal(page.url(), before);
    assert.ok(await article.isVisible());
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("ignored findings are collapsed and open on click", async () => {
    const { page, context, problems } = await open("fixture=goarch-ignored");
    await page.getByRole("heading", { name: "All good", level: 2 }).waitFor();
    const summary = page.getByText("Ignored (1)");
    await summary.waitFor();
    const reason = page.getByText("this machine cross-compiles for an Intel build farm", { exact: false });
    assert.equal(await reason.isVisible(), false);
    await summary.click();
    assert.equal(await reason.isVisible(), true);
    assert.ok(await page.getByText("nativego unignore goarch-forced --for GOARCH").isVisible());
    assert.equal(await page.getByRole("article").count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a report pushed by the watcher replaces the shown one", async () => {
    const { page, context, problems } = await open("fixture=messy-migrated-mac");
    await page.getByRole("region", { name: /Errors/ }).waitFor();
    await page.evaluate(() => window.__nativegoMock.push("clean-official"));
    await page.getByRole("heading", { name: "All good" }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("updates in place", () => {
  test("an open 'What was checked' and a text selection survive a new report and the 30 s tick", async () => {
    const ctx = await browser.newContext({ viewport: { width: 380, height: 560 } });
    const page = await ctx.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.clock.install();
    await page.goto(`${origin}/mock.html?fixture=clean-official`);
    await page.getByRole("heading", { name: "All good" }).waitFor();
    await page.getByText("What was checked").click();
    const details = page.locator("details").first();
    assert.equal(await details.evaluate((d) => d.open), true);
    // Select the version shown for the active Go, as a user copying it would.
    const selected = await page.evaluate(() => {
      const el = [...document.querySelectorAll("main p, main dd, main h2, main span")].find((e) => /\S{6,}/.test(e.textContent ?? ""));
      const range = document.createRange();
      range.selectNodeContents(el);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      return window.getSelection().toString();
    });
    assert.ok(selected.length > 0);
    // The watcher pushes a report (the same machine, a new object), and half a minute passes.
    await page.evaluate(() => window.__nativegoMock.push("clean-official"));
    await page.clock.fastForward(31_000);
    await page.waitForTimeout(50);
    assert.equal(await details.evaluate((d) => d.open), true, "still open");
    assert.equal(await page.evaluate(() => window.getSelection().toString()), selected, "selection kept");
    // A report that changes something shows it, and the details stay open.
    await page.evaluate(() => window.__nativegoMock.push("goarch-exported"));
    await page.getByRole("region", { name: /Warnings/ }).waitFor();
    assert.equal(await page.locator("details").first().evaluate((d) => d.open), true);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});

describe("keyboard", () => {
  test("Tab to a Fix button, Enter opens the preview, Escape closes it", async () => {
    const { page, context, problems } = await open("fixture=goarch-exported");
    await page.getByRole("region", { name: /Warnings/ }).waitFor();
    let name = "";
    for (let i = 0; i < 20 && !name.startsWith("Fix:"); i++) {
      await page.keyboard.press("Tab");
      name = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent ?? "");
    }
    assert.match(name, /^Fix: /);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(ring, "solid", "visible focus ring");
    await page.screenshot({ path: join(shots, "keyboard-focus-light.png") });
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: /Preview/ });
    await panel.getByRole("button", { name: "Apply" }).waitFor();
    assert.equal(await page.getByRole("button", { name: /^Fix: / }).getAttribute("aria-expanded"), "true");
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""), /^Fix: /);
    // Space works too, then Tab reaches Apply and Enter applies.
    await page.keyboard.press(" ");
    await panel.getByRole("button", { name: "Apply" }).waitFor();
    let label = "";
    for (let i = 0; i < 12 && label !== "Apply"; i++) {
      await page.keyboard.press("Tab");
      label = await page.evaluate(() => document.activeElement?.textContent ?? "");
    }
    assert.equal(label, "Apply");
    await page.keyboard.press("Enter");
    await page.getByRole("region", { name: "Last applied fix" }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("landmarks and live region", async () => {
    const { page, context } = await open("fixture=messy-migrated-mac");
    await page.getByRole("region", { name: /Errors/ }).waitFor();
    assert.equal(await page.getByRole("banner").count(), 1);
    assert.equal(await page.getByRole("main").count(), 1);
    assert.equal(await page.getByRole("contentinfo").count(), 1);
    assert.equal(await page.locator("[aria-live=polite]").count(), 1);
    for (const b of await page.getByRole("button").all()) {
      const n = (await b.getAttribute("aria-label")) ?? (await b.innerText());
      assert.ok(n.trim().length > 1, "every button has a name");
    }
    await context.close();
  });
});
