/**
 * The popover: header (status headline, Check now), the active Go, the machine, the applied
 * bar, the findings or the all-good summary, and a footer. Re-rendered whole on each state
 * change; focus (by `data-focus` key) and the scroll position survive re-renders.
 */
import type { AppState, Store } from "../model/store";
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
  ignoredFindings,
  unignoreCommand,
} from "../model/summary";
import { plain } from "../model/labels";
import type { Report } from "../types";
import { h, icon, morph, pathCode, rich } from "./dom";
import { renderGroups } from "./findings";

export interface MountOptions {
  now?: () => Date;
}

export function mount(root: HTMLElement, store: Store, opts: MountOptions = {}): () => void {
  const now = opts.now ?? (() => new Date());
  let pendingFocus: string | null = null;
  const focus = (key: string) => {
    pendingFocus = key;
  };

  function render(state: AppState): void {
    const active = document.activeElement as HTMLElement | null;
    const activeKey = active && root.contains(active) ? active.dataset.focus ?? null : null;
    const scroller = root.querySelector<HTMLElement>(".scroll");
    const scrollTop = scroller?.scrollTop ?? 0;

    // Patch what is on screen rather than replace it: an open "What was checked", a text
    // selection (the "select the command and copy it" fallback) and the focus survive
    // every report and the 30 s tick (which changes only the "checked … ago" text).
    const next = view(state, store, now(), focus);
    const cur = root.firstElementChild;
    if (cur && root.childNodes.length === 1) morph(cur, next);
    else root.replaceChildren(next);

    const newScroller = root.querySelector<HTMLElement>(".scroll");
    if (newScroller) newScroller.scrollTop = scrollTop;
    const want = pendingFocus ?? activeKey;
    if (want) {
      const el = root.querySelector<HTMLElement>(`[data-focus="${CSS.escape(want)}"]`);
      if (el && !(el as HTMLButtonElement).disabled) {
        el.focus({ preventScroll: pendingFocus == null });
        if (pendingFocus != null) pendingFocus = null;
      } else if (pendingFocus != null && !el) {
        // The element is not there yet (a preview still loading): keep the request.
      }
    }
  }

  function onKey(e: KeyboardEvent): void {
    if (e.key !== "Escape") return;
    const flow = store.state.fix.flow;
    if (flow.kind === "idle" || flow.kind === "applying") return;
    e.preventDefault();
    focus(`fix:${flow.fix.id}`);
    store.close();
  }

  document.addEventListener("keydown", onKey);
  const unsubscribe = store.subscribe(render);
  const timer = setInterval(() => render(store.state), 30_000);
  render(store.state);
  return () => {
    unsubscribe();
    clearInterval(timer);
    document.removeEventListener("keydown", onKey);
  };
}

function view(state: AppState, store: Store, now: Date, focus: (k: string) => void): HTMLElement {
  const report = state.report;
  return h(
    "div",
    { class: "app" },
    renderHeader(state, store, now),
    h("div", { class: "sr-only", role: "status", "aria-live": "polite", "aria-atomic": "true" }, state.announcement),
    h(
      "main",
      { class: "scroll", "aria-label": "Go environment" },
      state.error ? renderError(state, store) : null,
      state.fix.applied ? renderApplied(state, store, focus) : null,
      report ? renderReport(report, state, store, focus) : state.loading ? renderLoading() : null,
    ),
    renderFooter(state, store),
  );
}

function renderHeader(state: AppState, store: Store, now: Date): HTMLElement {
  const report = state.report;
  const st = report ? status(report) : "unknown";
  const label = report ? (st === "ok" ? "All good" : countsText(report)) : state.loading ? "Checking…" : "Could not check";
  return h(
    "header",
    { class: "top" },
    h(
      "div",
      { class: "top-row" },
      h("h1", { class: "brand" }, "NativeGo"),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-small",
          "data-focus": "recheck",
          "aria-busy": state.checking ? "true" : null,
          disabled: state.checking || state.loading,
          onclick: () => void store.recheck(),
        },
        icon("refresh"),
        h("span", {}, state.checking ? "Checking…" : "Check now"),
      ),
    ),
    h(
      "p",
      { class: `headline status-${st}` },
      st !== "unknown" ? icon(st === "ok" ? "ok" : (st as "error" | "warning" | "info")) : null,
      report ? headlineParts(report) : h("span", { class: "headline-go" }, label),
    ),
    h("p", { class: st === "unknown" ? "checked" : "checked indented" }, lastCheckedText(state.lastChecked, now)),
    report?.watch?.message ? renderWatchNote(report.watch.message) : null,
  );
}

/** Live updates are slower than usual: some folders are looked at every few seconds. */
function renderWatchNote(message: string): HTMLElement {
  return h("p", { class: "watch-note", role: "note" }, icon("info"), h("span", {}, rich(message)));
}

/** The tray headline, shown as the Go on one line and the status on the next. */
function headlineParts(report: Report): HTMLElement {
  const text = headline(report);
  const cut = text.lastIndexOf(" — ");
  return h(
    "span",
    { class: "headline-text" },
    h("span", { class: "headline-go" }, text.slice(0, cut)),
    h("span", { class: "sr-only" }, " — "),
    h("span", { class: "headline-status" }, text.slice(cut + 3)),
  );
}

function renderLoading(): HTMLElement {
  return h("p", { class: "loading center" }, h("span", { class: "spinner", "aria-hidden": "true" }), "Checking your Go environment…");
}

function renderError(state: AppState, store: Store): HTMLElement {
  const e = state.error!;
  return h(
    "div",
    { class: "banner banner-error", role: "alert" },
    icon("error"),
    h(
      "div",
      { class: "banner-body" },
      h("p", { class: "error-title" }, state.report ? "The last check failed" : "Could not read the Go environment"),
      h("p", { class: "error-message" }, e.message, h("span", { class: "error-code" }, ` (${e.code})`)),
      h(
        "div",
        { class: "banner-actions" },
        h("button", { type: "button", class: "btn btn-small", "data-focus": "retry", onclick: () => void store.recheck() }, "Try again"),
        state.report
          ? h("button", { type: "button", class: "btn btn-small btn-plain", "data-focus": "dismiss-error", onclick: () => store.dismissError() }, "Dismiss")
          : null,
      ),
    ),
  );
}

function renderApplied(state: AppState, store: Store, focus: (k: string) => void): HTMLElement {
  const a = state.fix.applied!;
  return h(
    "div",
    { class: "applied-bar", role: "region", "aria-label": "Last applied fix" },
    h(
      "div",
      { class: "applied-row" },
      icon("check"),
      h("p", { class: "applied-text" }, a.undoing ? "Undoing: " : "Applied: ", rich(a.title)),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-small",
          "data-focus": "undo",
          disabled: a.undoing,
          "aria-label": `Undo: ${plain(a.title)}`,
          onclick: () => {
            focus("recheck");
            void store.undo();
          },
        },
        icon("undo"),
        h("span", {}, a.undoing ? "Undoing…" : "Undo"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-icon btn-plain",
          "data-focus": "dismiss-applied",
          "aria-label": "Dismiss",
          title: "Dismiss",
          disabled: a.undoing,
          onclick: () => {
            focus("recheck");
            store.dismissApplied();
          },
        },
        "×",
      ),
    ),
    a.actionFailure ? h("p", { class: "applied-note" }, icon("warning"), ` The files were changed but a command failed: ${a.actionFailure}`) : null,
    a.error ? h("p", { class: "applied-note error", role: "alert" }, icon("error"), ` Could not undo: ${a.error.message} (${a.error.code})`) : null,
  );
}

function renderReport(report: Report, state: AppState, store: Store, focus: (k: string) => void): HTMLElement[] {
  const home = report.host.home;
  const go = activeGo(report);
  const groups = groupFindings(report.findings);
  const out: HTMLElement[] = [];

  out.push(
    h(
      "section",
      { class: "card go", "aria-labelledby": "go-heading" },
      h("h2", { id: "go-heading", class: "section-heading" }, "Active Go"),
      go
        ? [
            h(
              "div",
              { class: "go-main" },
              h("span", { class: "go-version" }, go.version),
              h("span", { class: `pill${go.foreignArch ? " pill-warn" : ""}` }, go.arch, go.foreignArch ? h("span", { class: "sr-only" }, " (not native)") : null),
              h("span", { class: "pill" }, go.source),
            ),
            h(
              "dl",
              { class: "facts" },
              h("dt", {}, "Path"),
              h("dd", {}, pathCode(go.path)),
              go.shim ? [h("dt", {}, "Shim"), h("dd", {}, go.shim)] : null,
              go.resolved ? [h("dt", {}, go.shim ? "Runs" : "Links to"), h("dd", {}, pathCode(go.resolved))] : null,
              go.goroot ? [h("dt", {}, "GOROOT"), h("dd", {}, pathCode(go.goroot))] : null,
              go.pathPosition ? [h("dt", {}, "Found"), h("dd", {}, go.pathPosition)] : null,
              go.error ? [h("dt", {}, "Problem"), h("dd", { class: "go-error" }, go.error)] : null,
            ),
          ]
        : h("p", { class: "none" }, rich("No `go` command on PATH: a new terminal cannot run Go.")),
    ),
  );

  out.push(
    h(
      "section",
      { class: "card machine", "aria-labelledby": "machine-heading" },
      h("h2", { id: "machine-heading", class: "section-heading" }, "This Mac"),
      h(
        "dl",
        { class: "facts" },
        machineRows(report).map((r) => [h("dt", {}, r.label), h("dd", { class: r.attention ? "attention" : null }, r.value)]),
      ),
    ),
  );

  if (groups.length === 0) {
    out.push(
      h(
        "section",
        { class: "all-good", "aria-labelledby": "ok-heading" },
        h("h2", { id: "ok-heading", class: "ok-heading" }, icon("ok"), h("span", {}, "All good")),
        h("p", {}, `Your Go setup is native and healthy. ${allGoodSummary(report)}`),
      ),
    );
  } else {
    out.push(...renderGroups(groups, store, home, focus));
  }

  const ignored = ignoredFindings(report);
  if (ignored.length) {
    out.push(
      h(
        "details",
        { class: "ignored-findings" },
        h("summary", {}, `Ignored (${ignored.length})`),
        h(
          "ul",
          {},
          ignored.map((f) =>
            h(
              "li",
              { "data-check": f.check },
              h("span", { class: "ignored-title" }, f.title),
              f.ignored_reason ? h("span", { class: "ignored-reason" }, ` — ${f.ignored_reason}`) : null,
              h("code", { class: "ignored-undo" }, unignoreCommand(report, f)),
            ),
          ),
        ),
      ),
    );
  }

  out.push(
    h(
      "details",
      { class: "checked-areas" },
      h("summary", {}, "What was checked"),
      h(
        "ul",
        {},
        checkedAreas(report).map((a) =>
          h(
            "li",
            { class: a.failed ? "area-failed" : "area-ok" },
            icon(a.failed ? "warning" : "check"),
            h("span", {}, a.label),
            h("span", { class: "area-count" }, a.failed ? `${a.failed} of ${a.checks} failed` : `${a.checks} passed`),
          ),
        ),
      ),
    ),
  );
  void state;
  return out;
}

function renderFooter(state: AppState, store: Store): HTMLElement {
  return h(
    "footer",
    { class: "bottom" },
    h("span", { class: "version" }, state.report ? `NativeGo ${state.report.nativego}` : "NativeGo"),
    state.autostart != null
      ? h(
          "label",
          { class: "autostart" },
          h("input", {
            type: "checkbox",
            "data-focus": "autostart",
            checked: state.autostart,
            onchange: (e: Event) => void store.setAutostart((e.target as HTMLInputElement).checked),
          }),
          " Open at login",
        )
      : null,
  );
}
