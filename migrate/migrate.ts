/**
 * `migrateSource(text, fileName)`: one file through the rules. Parsing and (optional) type
 * information come from a ts-morph Project that is shared between files, so the library's own
 * declarations are read once per run.
 */
import * as path from "path";
import { Project, ScriptKind, SourceFile, ts } from "ts-morph";
import { Ctx, Mode } from "./context";
import { Entry } from "./report";
import { applyRenames } from "./rules/renames";
import { applyGraph } from "./rules/graph";
import * as M from "./messages";

export interface MigrateOptions {
  mode?: Mode;
  /** Use the type checker where it helps (default true). */
  types?: boolean;
  /** A project to parse in (shared between files of one run). */
  project?: Project;
}

export interface MigrateResult {
  text: string;
  entries: Entry[];
  changed: boolean;
  /** Set when the file failed to parse (text is then the input, unchanged). */
  parseError?: string;
}

let shared: Project | null = null;

/** A ts-morph project with the settings the library is checked with. */
export function createProject(): Project {
  return new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      allowJs: true,
      noEmit: true,
      types: [],
    },
    skipAddingFilesFromTsConfig: true,
  });
}

function scriptKind(fileName: string): ScriptKind {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === ".tsx") return ScriptKind.TSX;
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") return ScriptKind.JS;
  if (ext === ".jsx") return ScriptKind.JSX;
  return ScriptKind.TS;
}

/** The first syntax error of a parsed file, as `line:col: message`, or null. */
export function syntaxError(sf: SourceFile): string | null {
  const diags = (sf.compilerNode as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (!diags.length) return null;
  const d = diags[0];
  const { line, character } = sf.compilerNode.getLineAndCharacterOfPosition(d.start);
  return `${line + 1}:${character}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n").replace(/\.$/, "")}`;
}

/**
 * Adds files to a project up front, so that one TypeScript program (and one type checker) serves
 * them all: migrating a preloaded file with the same text does not change the program.
 */
export function preload(project: Project, files: readonly { path: string; text: string }[]): void {
  for (const f of files) project.createSourceFile(path.resolve(f.path), f.text, { overwrite: true, scriptKind: scriptKind(f.path) });
}

export function migrateSource(text: string, fileName: string, opts: MigrateOptions = {}): MigrateResult {
  const project = opts.project ?? (shared ??= createProject());
  const abs = path.resolve(fileName);
  const existing = project.getSourceFile(abs);
  const reuse = !!existing && existing.getFullText() === text;
  const sf = reuse ? existing! : project.createSourceFile(abs, text, { overwrite: true, scriptKind: scriptKind(fileName) });
  try {
    const err = syntaxError(sf);
    if (err) {
      const [line, col] = err.split(":").map(Number);
      const { en, ko } = M.parseError(err.replace(/^\d+:\d+: /, ""));
      return { text, entries: [{ line, col, severity: "ERROR", code: "parse", en, ko }], changed: false, parseError: err };
    }
    let checker = null;
    if (opts.types !== false) {
      try { checker = project.getTypeChecker(); } catch { checker = null; }
    }
    const ctx = new Ctx(sf, opts.mode ?? "default", checker);
    if (!ctx.names.roots.size && !ctx.names.v1.size) return { text, entries: [], changed: false };
    applyRenames(ctx);
    if (ctx.mode === "default") applyGraph(ctx);
    let out = ctx.edits.apply();
    if (out !== text) out = tidyBlankLines(out, text);
    return { text: out, entries: ctx.entries, changed: out !== text };
  } finally {
    if (!reuse) project.removeSourceFile(sf);
  }
}

/** Removed statements leave blank lines behind: no run of blank lines longer than the input's longest (at least one). */
export function tidyBlankLines(out: string, input: string): string {
  const longest = (t: string) => {
    let best = 0, cur = 0;
    for (const l of t.split("\n")) { if (l.trim() === "") { cur++; best = Math.max(best, cur); } else cur = 0; }
    return best;
  };
  const max = Math.max(1, longest(input));
  const lines = out.split("\n");
  const kept: string[] = [];
  let run = 0;
  for (const l of lines) {
    if (l.trim() === "") {
      run++;
      if (run > max) continue;
      // No blank line right after an opening brace unless the input had one there.
      kept.push(l);
    } else {
      run = 0;
      kept.push(l);
    }
  }
  let res = kept.join("\n");
  if (!/^\s*\n/.test(input)) res = res.replace(/^(\s*\n)+/, "");
  return res;
}
