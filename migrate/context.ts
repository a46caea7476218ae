/**
 * Per-file state shared by the rules: the source, the edit buffer, the tf names, the report
 * entries and a few formatting facts (indent unit, newline).
 */
import { Node, SourceFile, TypeChecker, ts } from "ts-morph";
import { EditBuffer } from "./edits";
import { Entry, Message, Severity } from "./report";
import { TfNames, findTfNames } from "./tfnames";

export type Mode = "default" | "safety";

export class Ctx {
  readonly text: string;
  readonly edits: EditBuffer;
  readonly names: TfNames;
  readonly entries: Entry[] = [];
  readonly indentUnit: string;
  readonly newline: string;
  /** Identifiers used anywhere in the file (generated names avoid them). */
  private readonly taken = new Set<string>();
  private readonly original: Set<string>;

  constructor(readonly sf: SourceFile, readonly mode: Mode, readonly checker: TypeChecker | null) {
    this.text = sf.getFullText();
    this.edits = new EditBuffer(this.text);
    this.names = findTfNames(sf);
    this.indentUnit = detectIndent(this.text);
    this.newline = this.text.includes("\r\n") ? "\r\n" : "\n";
    // Names that can bind or be bound (property names after a dot and object keys cannot clash).
    const walk = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        const p = n.parent;
        const member = p && ((ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
          (ts.isMethodDeclaration(p) && p.name === n) || (ts.isPropertyDeclaration(p) && p.name === n) || (ts.isPropertySignature(p) && p.name === n));
        if (!member) this.taken.add(n.text);
      }
      ts.forEachChild(n, walk);
    };
    walk(sf.compilerNode);
    this.original = new Set(this.taken);
  }

  /** The namespace identifier generated code uses. */
  get tf(): string { return this.names.primary ?? "tf"; }

  report(at: Node | number, severity: Severity, code: string, msg: Message): void {
    const pos = typeof at === "number" ? at : at.getStart();
    const { line, column } = this.sf.getLineAndColumnAtPos(pos);
    if (this.entries.some((e) => e.line === line && e.col === column - 1 && e.code === code && e.en === msg.en)) return;
    this.entries.push({ line, col: column - 1, severity, code, en: msg.en, ko: msg.ko });
  }

  /** Text of a node with the edits recorded inside it applied. */
  render(n: Node): string { return this.edits.render(n.getStart(), n.getEnd()); }
  replace(n: Node, text: string): void { this.edits.replace(n.getStart(), n.getEnd(), text); }

  /** A fresh identifier based on `base` (base, base_2, base_3, ...). */
  fresh(base: string): string {
    const clean = base.replace(/[^\w$]/g, "_").replace(/^(\d)/, "_$1") || "v";
    let name = clean;
    for (let i = 2; this.taken.has(name); i++) name = `${clean}_${i}`;
    this.taken.add(name);
    return name;
  }
  /** A name for a local of generated code: avoids the file's own identifiers only (not other generated locals). */
  local(base: string): string {
    let name = base;
    for (let i = 2; this.original.has(name); i++) name = `${base}_${i}`;
    return name;
  }
  isTaken(name: string): boolean { return this.taken.has(name); }
  claim(name: string): void { this.taken.add(name); }

  /** The indentation of the line `pos` is on. */
  indentAt(pos: number): string {
    const ls = this.text.lastIndexOf("\n", pos - 1) + 1;
    const m = /^[ \t]*/.exec(this.text.slice(ls, pos));
    return m ? m[0] : "";
  }
}

function detectIndent(text: string): string {
  const counts = new Map<string, number>();
  let prev = 0;
  for (const line of text.split("\n")) {
    const m = /^( +|\t+)\S/.exec(line);
    const n = m ? m[1].length : 0;
    if (m && m[1][0] === "\t") return "\t";
    const d = n - prev;
    if (d > 0) counts.set(" ".repeat(d), (counts.get(" ".repeat(d)) ?? 0) + 1);
    if (line.trim()) prev = n;
  }
  let best = "  ", bestN = 0;
  for (const [k, v] of counts) if ((k === "  " || k === "    ") && v > bestN) { best = k; bestN = v; }
  return best;
}
