/** Rendering of findings, their fixes and the fix preview. */
import type { FixState } from "../model/fixflow";
import { evidenceLocation, plain, severityLabel, shortenHome } from "../model/labels";
import type { FindingGroup } from "../model/summary";
import { isOpenable, type Store } from "../model/store";
import type { Finding, Fix, Preview } from "../types";
import { parseDiff } from "./diff";
import { type Child, h, icon, pathCode, rich } from "./dom";

/** How the view asks for focus to move after the next render. */
export interface FocusRequest {
  (key: string): void;
}

/** A DOM id from a fix id (`goroot-mismatch:use-active` → `fix-goroot-mismatch-use-active`). */
export function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

const APPLICABILITY: Record<string, { label: string; title: string }> = {
  safe: { label: "Safe", title: "Safe: can be undone, changes only what it shows" },
  unsafe: { label: "Review", title: "Not marked safe: review the change before applying" },
  manual: { label: "Manual", title: "Manual: NativeGo cannot do this for you" },
};

export function renderGroups(groups: FindingGroup[], store: Store, home: string | null, focus: FocusRequest): HTMLElement[] {
  return groups.map((g) => {
    const hid = `group-${g.severity}`;
    return h(
      "section",
      { class: `group group-${g.severity}`, "aria-labelledby": hid },
      h(
        "h2",
        { id: hid, class: "group-heading" },
        icon(g.severity),
        h("span", {}, g.heading),
        h("span", { class: "count", "aria-label": `(${g.findings.length})` }, String(g.findings.length)),
      ),
      h(
        "ul",
        { class: "findings", role: "list" },
        g.findings.map((f, i) => h("li", {}, renderFinding(f, `${g.severity}-${i}`, store, home, focus))),
      ),
    );
  });
}

export function renderFinding(f: Finding, key: string, store: Store, home: string | null, focus: FocusRequest): HTMLElement {
  const tid = `finding-${key}`;
  const fixes = f.fixes ?? [];
  return h(
    "article",
    { class: `finding sev-${f.severity}`, "aria-labelledby": tid, "data-check": f.check },
    h(
      "div",
      { class: "finding-head" },
      h("span", { class: `sev sev-${f.severity}` }, icon(f.severity), h("span", { class: "sev-text" }, severityLabel(f.severity))),
      h("h3", { id: tid, class: "finding-title" }, f.title),
    ),
    h("p", { class: "message" }, rich(f.message)),
    f.evidence.length
      ? h(
          "ul",
          { class: "evidence", "aria-label": "Evidence" },
          f.evidence.map((e) => {
            const loc = evidenceLocation(e, home);
            return h("li", {}, loc ? pathCode(loc, { class: "loc" }) : null, h("span", { class: "note" }, rich(e.note)));
          }),
        )
      : null,
    f.hint ? h("p", { class: "hint" }, h("span", { class: "hint-label" }, "How to fix: "), rich(f.hint)) : null,
    fixes.length
      ? h(
          "div",
          { class: "fixes", role: "group", "aria-label": `Fixes for: ${plain(f.title)}` },
          fixes.map((fix) => renderFix(fix, store, home, focus)),
        )
      : null,
    renderReferences(f, store),
  );
}

/** "Learn more": links to Go's documentation and the issues behind the check. */
function renderReferences(f: Finding, store: Store): HTMLElement | null {
  const refs = f.references ?? [];
  if (!refs.length) return null;
  return h(
    "p",
    { class: "references" },
    h("span", { class: "references-label" }, "Learn more: "),
    refs.flatMap((r, i) => [
      i ? ", " : null,
      isOpenable(r.url)
        ? h(
            "a",
            {
              href: r.url,
              class: "reference",
              title: r.url,
              onclick: (e: Event) => {
                // The web view never navigates: the app opens the link in the browser.
                e.preventDefault();
                void store.openDocs(r.url);
              },
            },
            r.label,
          )
        : h("span", { class: "reference", title: r.url }, r.label),
    ]),
  );
}

function badge(applicability: string): HTMLElement {
  const a = APPLICABILITY[applicability] ?? { label: applicability, title: applicability };
  return h("span", { class: `badge badge-${applicability}`, title: a.title }, a.label);
}

function renderFix(fix: Fix, store: Store, home: string | null, focus: FocusRequest): HTMLElement {
  if (fix.applicability === "manual") return renderManualFix(fix, store);
  const flow = store.state.fix.flow;
  const open = flow.kind !== "idle" && flow.fix.id === fix.id;
  const panelId = domId("preview", fix.id);
  const busy = store.state.fix.applied?.undoing || flow.kind === "applying";
  return h(
    "div",
    { class: `fix${open ? " open" : ""}`, "data-fix": fix.id },
    h(
      "div",
      { class: "fix-row" },
      h("span", { class: "fix-title" }, rich(fix.title)),
      badge(fix.applicability),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-small",
          "data-focus": `fix:${fix.id}`,
          "aria-expanded": open ? "true" : "false",
          "aria-controls": open ? panelId : null,
          "aria-label": `Fix: ${plain(fix.title)}`,
          disabled: busy && !open,
          onclick: () => {
            if (open) {
              store.close();
              focus(`fix:${fix.id}`);
            } else {
              focus(`panel:${fix.id}`);
              void store.preview(fix);
            }
          },
        },
        open ? "Hide" : "Fix…",
      ),
    ),
    fix.caution ? h("p", { class: "fix-caution" }, rich(fix.caution)) : null,
    open ? renderPanel(fix, panelId, store.state.fix, store, home, focus) : null,
  );
}

function renderManualFix(fix: Fix, store: Store): HTMLElement {
  const copied = store.state.copied;
  const key = `copy:${fix.id}`;
  const feedback = copied?.key === key ? (copied.ok ? "Copied" : "Copy failed: select the command and copy it") : null;
  return h(
    "div",
    { class: "fix manual", "data-fix": fix.id },
    h("div", { class: "fix-row" }, h("span", { class: "fix-title" }, rich(fix.title)), badge("manual")),
    fix.instructions ? h("p", { class: "instructions" }, rich(fix.instructions)) : null,
    fix.command
      ? h(
          "div",
          { class: "command" },
          h("code", { class: "command-text", tabindex: 0, "aria-label": `Command: ${fix.command}` }, fix.command),
          h(
            "button",
            {
              type: "button",
              class: "btn btn-small",
              "data-focus": key,
              "aria-label": `Copy command: ${fix.command}`,
              onclick: () => void store.copy(key, fix.command!),
            },
            icon("copy"),
            h("span", {}, "Copy"),
          ),
          feedback ? h("span", { class: `copy-feedback${copied?.ok ? "" : " failed"}` }, feedback) : null,
        )
      : null,
  );
}

function renderDiff(diff: string, home: string | null): Child[] {
  return parseDiff(diff).map((file) => {
    const path = file.path ? shortenHome(file.path, home) : "changes";
    return h(
      "div",
      { class: "diff-file" },
      h(
        "div",
        { class: "diff-path" },
        h("code", {}, path),
        h("span", { class: "diff-stat" }, h("span", { class: "stat-add" }, `+${file.added}`), " ", h("span", { class: "stat-del" }, `−${file.removed}`)),
      ),
      h(
        "pre",
        { class: "diff", tabindex: 0, "aria-label": `Changes to ${path}` },
        file.lines.map((l) => {
          const sr = l.kind === "add" ? "added: " : l.kind === "del" ? "removed: " : "";
          return h("span", { class: `dl dl-${l.kind}` }, sr ? h("span", { class: "sr-only" }, sr) : null, l.text || " ");
        }),
      ),
    );
  });
}

function previewBody(preview: Preview, home: string | null): Child[] {
  if (preview.empty) return [h("p", { class: "empty-preview" }, icon("check"), " Already applied: nothing would change.")];
  return [
    preview.diff ? renderDiff(preview.diff, home) : null,
    preview.commands.length
      ? h(
          "div",
          { class: "commands" },
          h("p", { class: "commands-label" }, preview.commands.length === 1 ? "Runs this command:" : "Runs these commands:"),
          preview.commands.map((c) => h("pre", { class: "cmd", tabindex: 0 }, c)),
        )
      : null,
  ].flat();
}

function renderPanel(fix: Fix, id: string, s: FixState, store: Store, home: string | null, focus: FocusRequest): HTMLElement {
  const flow = s.flow;
  const close = () => {
    store.close();
    focus(`fix:${fix.id}`);
  };
  const btn = (label: string, cls: string, key: string, onclick: () => void, disabled = false, aria?: string) =>
    h("button", { type: "button", class: `btn ${cls}`, "data-focus": key, onclick, disabled, "aria-label": aria ?? null }, label);
  const children: Child[] = [];
  let actions: Child[] = [];
  switch (flow.kind) {
    case "loading":
      children.push(h("p", { class: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), "Preparing the preview…"));
      actions = [btn("Cancel", "", `cancel:${fix.id}`, close)];
      break;
    case "previewing":
      children.push(...previewBody(flow.preview, home));
      if (flow.preview.applicability !== "safe" && !flow.preview.empty) {
        children.push(h("p", { class: "caution" }, icon("warning"), " Not marked safe: check the change first. You can undo it afterwards."));
      }
      actions = [
        btn("Cancel", "", `cancel:${fix.id}`, close),
        flow.preview.empty
          ? null
          : btn("Apply", "btn-primary", `apply:${fix.id}`, () => {
              focus(flow.preview.applicability === "safe" ? "undo" : `confirm:${fix.id}`);
              void store.apply();
            }),
      ];
      break;
    case "confirming":
      children.push(...previewBody(flow.preview, home));
      children.push(
        h(
          "div",
          { class: "confirm", role: "alertdialog", "aria-labelledby": `${id}-confirm`, "aria-describedby": `${id}-confirm-desc` },
          h("p", { id: `${id}-confirm`, class: "confirm-title" }, icon("warning"), " Apply a fix that is not marked safe?"),
          h(
            "p",
            { id: `${id}-confirm-desc` },
            "It changes your setup in a way NativeGo cannot fully check. The files are backed up and you can undo it.",
          ),
        ),
      );
      actions = [
        btn("Back", "", `back:${fix.id}`, () => {
          store.back();
          focus(`apply:${fix.id}`);
        }),
        btn("Apply anyway", "btn-danger", `confirm:${fix.id}`, () => {
          focus("undo");
          void store.confirm();
        }),
      ];
      break;
    case "applying":
      children.push(...previewBody(flow.preview, home));
      children.push(h("p", { class: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), "Applying…"));
      actions = [btn("Cancel", "", `cancel:${fix.id}`, close, true), btn("Apply", "btn-primary", `apply:${fix.id}`, () => {}, true)];
      break;
    case "failed":
      if (flow.preview) children.push(...previewBody(flow.preview, home));
      children.push(
        h(
          "div",
          { class: "panel-error", role: "alert" },
          icon("error"),
          h(
            "div",
            {},
            h("p", { class: "error-title" }, flow.during === "preview" ? "Could not prepare the preview" : "Could not apply the fix"),
            h("p", { class: "error-message" }, flow.error.message, h("span", { class: "error-code" }, ` (${flow.error.code})`)),
          ),
        ),
      );
      actions = [
        btn("Close", "", `cancel:${fix.id}`, close),
        btn("Try again", "btn-primary", `retry:${fix.id}`, () => {
          focus(`panel:${fix.id}`);
          // A stale plan (the files changed since the preview) needs a fresh preview.
          const again = flow.during === "preview" || /stale/.test(flow.error.code);
          void (again ? store.preview(fix) : store.apply());
        }),
      ];
      break;
    case "idle":
      break;
  }
  const hid = `${id}-title`;
  return h(
    "div",
    { id, class: `panel panel-${flow.kind}`, role: "region", "aria-labelledby": hid },
    h("h4", { id: hid, class: "panel-title", tabindex: -1, "data-focus": `panel:${fix.id}` }, flow.kind === "confirming" ? "Confirm" : "Preview", h("span", { class: "sr-only" }, `: ${plain(fix.title)}`)),
    children,
    h("div", { class: "panel-actions" }, actions),
  );
}

