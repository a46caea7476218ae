/**
 * tslab notebooks: the code cells are one TypeScript program (cells share their declarations),
 * so they are joined with marker lines, migrated together, and split back. Report lines are
 * given within their cell. Notebooks whose kernel is not TypeScript are left alone.
 */
import { migrateSource, MigrateOptions, MigrateResult } from "./migrate";
import { Entry } from "./report";
import * as M from "./messages";

const MARK = (i: number) => `// %%tf-migrate-cell ${i}`;
const MARK_RE = /^\/\/ %%tf-migrate-cell (\d+)$/;

interface Cell { cell_type: string; source: string | string[]; [k: string]: unknown }
interface Notebook { cells?: Cell[]; metadata?: { kernelspec?: { language?: string; name?: string }; language_info?: { name?: string } }; [k: string]: unknown }

function sourceText(c: Cell): string { return Array.isArray(c.source) ? c.source.join("") : c.source ?? ""; }

function toSource(text: string, like: string | string[]): string | string[] {
  if (!Array.isArray(like)) return text;
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

export function isTypeScriptNotebook(nb: Notebook): boolean {
  const ks = nb.metadata?.kernelspec;
  const lang = (ks?.language ?? nb.metadata?.language_info?.name ?? "").toLowerCase();
  return lang === "typescript" || /tslab|typescript/i.test(ks?.name ?? "");
}

export function migrateNotebook(text: string, fileName: string, opts: MigrateOptions = {}): MigrateResult {
  let nb: Notebook;
  try { nb = JSON.parse(text) as Notebook; } catch (e) {
    const { en, ko } = M.parseError(`not valid notebook JSON (${(e as Error).message})`);
    return { text, entries: [{ line: 1, col: 0, severity: "ERROR", code: "parse", en, ko }], changed: false, parseError: (e as Error).message };
  }
  if (!Array.isArray(nb.cells)) {
    const { en, ko } = M.parseError("no cells");
    return { text, entries: [{ line: 1, col: 0, severity: "ERROR", code: "parse", en, ko }], changed: false, parseError: "no cells" };
  }
  if (!isTypeScriptNotebook(nb)) return { text, entries: [], changed: false };
  const code = nb.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code");
  if (!code.length) return { text, entries: [], changed: false };
  // One virtual file: marker line, then the cell's source, per code cell.
  const starts: { cell: number; line: number }[] = [];
  const parts: string[] = [];
  let line = 1;
  for (const { c, i } of code) {
    parts.push(MARK(i));
    line++;
    starts.push({ cell: i, line });
    const src = sourceText(c).replace(/\r\n/g, "\n");
    parts.push(src);
    line += src.split("\n").length;
  }
  const joined = parts.join("\n") + "\n";
  const virtual = fileName.replace(/\.ipynb$/i, ".tf-migrate-notebook.ts");
  const r = migrateSource(joined, virtual, opts);
  const where = (ln: number) => {
    let s = starts[0];
    for (const x of starts) if (x.line <= ln) s = x;
    return s;
  };
  const entries: Entry[] = r.entries.map((e) => {
    const s = where(e.line);
    const cellNo = code.findIndex(({ i }) => i === s.cell) + 1;
    const m = M.notebookCellError(cellNo, e.en);
    const k = M.notebookCellError(cellNo, e.ko);
    return { ...e, line: e.line - s.line + 1, cell: cellNo, en: m.en, ko: k.ko };
  });
  if (r.parseError || !r.changed) return { text, entries, changed: false, parseError: r.parseError };
  // Split back at the markers.
  const out = new Map<number, string[]>();
  let cur: number | null = null;
  for (const l of r.text.split("\n")) {
    const m = MARK_RE.exec(l.trim());
    if (m) { cur = Number(m[1]); out.set(cur, []); continue; }
    if (cur !== null) out.get(cur)!.push(l);
  }
  if (out.size !== code.length) {
    const { en, ko } = M.parseError("the migrated cells could not be split back");
    return { text, entries: [...entries, { line: 1, col: 0, severity: "ERROR", code: "notebook", en, ko }], changed: false };
  }
  for (const { c, i } of code) {
    let src = out.get(i)!.join("\n");
    const orig = sourceText(c);
    if (!orig.endsWith("\n")) src = src.replace(/\n+$/, "");
    else src = src.replace(/\n*$/, "\n");
    if (src.replace(/\s+$/, "") !== orig.replace(/\r\n/g, "\n").replace(/\s+$/, "")) c.source = toSource(src, c.source);
  }
  const indent = /^\{\n( +)"/.exec(text)?.[1].length ?? 1;
  const newText = JSON.stringify(nb, null, indent) + (text.endsWith("\n") ? "\n" : "");
  return { text: newText, entries, changed: newText !== text };
}
