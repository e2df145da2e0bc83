/** A tiny DOM builder: text is always set as text, never parsed as HTML. */

export type Child = Node | string | null | undefined | false;
export type Children = Child | Children[];
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Each element's event handlers, by event type: one shared listener calls them, so that
 * `morph` can move an updated element's handlers onto the element already on screen. */
const HANDLERS = new WeakMap<Element, Record<string, EventListener>>();

function dispatch(e: Event): void {
  const el = e.currentTarget as Element | null;
  const fn = el ? HANDLERS.get(el)?.[e.type] : undefined;
  if (fn) fn.call(el, e);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      const handlers = HANDLERS.get(el) ?? {};
      handlers[k.slice(2)] = v;
      HANDLERS.set(el, handlers);
      el.addEventListener(k.slice(2), dispatch);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

/**
 * Make the element on screen (`cur`) look like a freshly built one (`next`) by changing
 * only what differs: attributes, handlers, text, and children by position. Nodes that
 * did not change stay the same nodes, so a text selection, the focus, and a `<details>`
 * the user opened or closed (its `open` is the user's) survive a new report.
 */
export function morph(cur: Node, next: Node): Node {
  if (cur.nodeType !== next.nodeType || cur.nodeName !== next.nodeName) {
    (cur as ChildNode).replaceWith(next);
    return next;
  }
  if (cur.nodeType === Node.TEXT_NODE) {
    if ((cur as Text).data !== (next as Text).data) (cur as Text).data = (next as Text).data;
    return cur;
  }
  if (!(cur instanceof Element) || !(next instanceof Element)) return cur;
  const keepOpen = cur.nodeName === "DETAILS";
  for (const a of [...cur.attributes]) {
    if (keepOpen && a.name === "open") continue;
    if (!next.hasAttribute(a.name)) cur.removeAttribute(a.name);
  }
  for (const a of [...next.attributes]) {
    if (keepOpen && a.name === "open") continue;
    if (cur.getAttribute(a.name) !== a.value) cur.setAttribute(a.name, a.value);
  }
  // A checkbox's state lives in its property once the user touched it.
  if (cur instanceof HTMLInputElement && next instanceof HTMLInputElement && cur.checked !== next.checked) {
    cur.checked = next.checked;
  }
  const handlers = HANDLERS.get(next);
  const old = HANDLERS.get(cur);
  if (handlers || old) {
    HANDLERS.set(cur, handlers ?? {});
    for (const type of Object.keys(handlers ?? {})) cur.addEventListener(type, dispatch);
  }
  const want = [...next.childNodes];
  const have = [...cur.childNodes];
  want.forEach((n, i) => {
    const c = have[i];
    if (c) morph(c, n);
    else cur.appendChild(n);
  });
  for (const c of have.slice(want.length)) c.remove();
  return cur;
}

export function append(el: Element, children: Children[]): void {
  for (const c of (children as Child[]).flat(Infinity as 1) as Child[]) {
    if (c == null || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** Text with `backtick` spans rendered as <code>, as the doctor writes its messages. */
export function rich(text: string): Child[] {
  const out: Child[] = [];
  const parts = text.split("`");
  // An odd number of backticks: the last one is a literal backtick, not a code mark.
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts.at(-2)}\`${parts.at(-1)}`);
  parts.forEach((p, i) => {
    if (!p) return;
    out.push(i % 2 === 1 ? h("code", {}, p) : p);
  });
  return out;
}

/** A path as <code>, with line-break opportunities after each "/". */
export function pathCode(path: string, attrs: Attrs = {}): HTMLElement {
  const parts = path.split("/");
  const children: Child[] = [];
  parts.forEach((p, i) => {
    children.push(i < parts.length - 1 ? `${p}/` : p);
    if (i < parts.length - 1 && i > 0) children.push(document.createElement("wbr"));
  });
  return h("code", attrs, children);
}

const SVG = "http://www.w3.org/2000/svg";

/** Small monochrome icons drawn with currentColor; always paired with a text label. */
export function icon(name: "error" | "warning" | "info" | "ok" | "check" | "undo" | "copy" | "refresh"): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("icon", `icon-${name}`);
  const paths: Record<string, string[]> = {
    error: ["M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1z", "M5.5 5.5l5 5M10.5 5.5l-5 5"],
    warning: ["M8 1.5L15 14H1z", "M8 6v4M8 11.6v.4"],
    info: ["M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1z", "M8 7v4.5M8 4.6v.4"],
    ok: ["M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1z", "M4.8 8.2l2.2 2.2 4.2-4.4"],
    check: ["M3 8.5l3 3 7-7"],
    undo: ["M5 3L2 6l3 3", "M2 6h7.5a4 4 0 0 1 0 8H6"],
    copy: ["M5 5h8v9H5z", "M3 11V2h8"],
    refresh: ["M13.5 8a5.5 5.5 0 1 1-1.6-3.9", "M13.5 2v3.5H10"],
  };
  const filled = name === "error" || name === "warning" || name === "info" || name === "ok";
  paths[name]!.forEach((d, i) => {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    if (filled && i === 0) {
      p.setAttribute("fill", "currentColor");
    } else {
      p.setAttribute("fill", "none");
      p.setAttribute("stroke", filled ? "var(--icon-fg, #fff)" : "currentColor");
      p.setAttribute("stroke-width", "1.6");
      p.setAttribute("stroke-linecap", "round");
      p.setAttribute("stroke-linejoin", "round");
    }
    svg.append(p);
  });
  return svg;
}
