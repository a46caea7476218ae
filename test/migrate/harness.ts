/**
 * Helpers for the tf-migrate tests: run a TypeScript program with tsx, compare printed numbers
 * within a tolerance, find `tf.compat.v1` in code (not comments), type-check files.
 */
import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export interface RunOutput { stdout: string; stderr: string; code: number }

export function runProgram(file: string, timeoutMs = 90_000): Promise<RunOutput> {
  return new Promise((resolve) => {
    execFile(TSX, [file], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? (err as unknown as { code: number }).code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
  });
}

/** Runs `jobs` with at most `n` in flight. */
export async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

const NUM = /-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|-?\bnan\b|-?\binf\b/gi;

/** The text with numbers replaced by '#', whitespace collapsed (numpy pads columns to the widest number). */
export function skeleton(s: string): string {
  return s.replace(NUM, "#").replace(/\s+/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]").trim();
}
export function numbers(s: string): number[] {
  return (s.match(NUM) ?? []).map((t) => Number(t.replace(/nan/i, "NaN").replace(/inf/i, "Infinity")));
}

/** null when the two outputs print the same numbers (|a-b| <= atol + rtol*|b|) in the same text; else a description. */
export function compareOutputs(original: string, migrated: string, rtol: number, atol = 1e-6): string | null {
  if (skeleton(original) !== skeleton(migrated)) return `text differs:\n--- original\n${original}\n--- migrated\n${migrated}`;
  const a = numbers(original), b = numbers(migrated);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(x))) return `number ${i} differs: ${x} vs ${y}\n--- original\n${original}\n--- migrated\n${migrated}`;
  }
  return null;
}

/** `tf.compat.v1` (or `<ns>.compat.v1`) used in code, comments and strings excluded. */
export function compatV1Uses(text: string): number {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, true);
  let n = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "v1" && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "compat") n++;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

/** Type errors in `files` (checked with the repository's compiler options). */
export function typeErrors(files: string[]): string[] {
  const cfg = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const out: string[] = [];
  for (const f of files) {
    const sf = program.getSourceFile(f);
    if (!sf) { out.push(`${f}: not in program`); continue; }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const pos = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      out.push(`${path.basename(f)}:${pos.line + 1}:${pos.character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
  }
  return out;
}

/** Directives in a corpus file's header comments: `// expect: compat`, `// tolerance: 1e-3`. */
export function directives(text: string): { expectCompat: boolean; tolerance: number | null; knownIssue: string | null } {
  const head = text.split("\n").filter((l) => l.startsWith("//")).join("\n");
  const tol = /\/\/ tolerance: ([\d.e-]+)/.exec(head);
  const known = /\/\/ known-issue: (.+)/.exec(head);
  return { expectCompat: /\/\/ expect: compat/.test(head), tolerance: tol ? Number(tol[1]) : null, knownIssue: known ? known[1] : null };
}

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(ROOT, "test", "migrate", `.tmp-${prefix}-`));
  return dir;
}
