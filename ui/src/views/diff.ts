/** Parses a unified diff (several files concatenated) into lines to render. */

export type DiffLineKind = "file" | "hunk" | "add" | "del" | "context" | "meta";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

export interface DiffFile {
  path: string;
  lines: DiffLine[];
  added: number;
  removed: number;
}

function stripPrefix(p: string): string {
  const t = p.replace(/\t.*$/, "");
  if (t === "/dev/null") return t;
  return t.replace(/^[ab]\//, "/").replace(/^\/\//, "/");
}

export function parseDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let cur: DiffFile | null = null;
  const lines = diff.replace(/\n$/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ")) {
      const from = stripPrefix(l.slice(4));
      const to = stripPrefix(lines[i + 1]!.slice(4));
      cur = { path: to === "/dev/null" ? from : to, lines: [], added: 0, removed: 0 };
      files.push(cur);
      i++;
      continue;
    }
    if (!cur) {
      cur = { path: "", lines: [], added: 0, removed: 0 };
      files.push(cur);
    }
    if (l.startsWith("@@")) cur.lines.push({ kind: "hunk", text: l });
    else if (l.startsWith("+")) {
      cur.lines.push({ kind: "add", text: l });
      cur.added++;
    } else if (l.startsWith("-")) {
      cur.lines.push({ kind: "del", text: l });
      cur.removed++;
    } else if (l.startsWith("\\")) cur.lines.push({ kind: "meta", text: l });
    else cur.lines.push({ kind: "context", text: l });
  }
  return files;
}
