/**
 * Files and trees: which files are migrated, atomic writes that never leave the output root,
 * backups for --inplace.
 */
import * as fs from "fs";
import * as path from "path";
import { migrateSource, MigrateOptions, MigrateResult } from "./migrate";
import { migrateNotebook } from "./ipynb";

export const SOURCE_EXTS = [".ts", ".tsx", ".js", ".mjs", ".ipynb"];

export function isMigratable(file: string): boolean {
  const lower = file.toLowerCase();
  if (lower.endsWith(".d.ts")) return false;
  return SOURCE_EXTS.includes(path.extname(lower));
}

/** Migrates one file's text by its extension. */
export function migrateText(text: string, fileName: string, opts: MigrateOptions = {}): MigrateResult {
  if (fileName.toLowerCase().endsWith(".ipynb")) return migrateNotebook(text, fileName, opts);
  return migrateSource(text, fileName, opts);
}

/** Is `p` inside `root` (or equal to it), after resolving symlinks of the existing part? */
export function isInside(root: string, p: string): boolean {
  const r = realish(root);
  const q = realish(p);
  const rel = path.relative(r, q);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** realpath of the longest existing prefix, plus the rest. */
function realish(p: string): string {
  let cur = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest);
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(p);
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

/** Writes via a temporary file in the same directory and a rename (never a half-written file). */
export function writeAtomic(file: string, data: string | Buffer, root?: string): void {
  if (root && !isInside(root, file)) throw new Error(`refusing to write outside ${root}: ${file}`);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  if (root && !isInside(root, dir)) throw new Error(`refusing to write outside ${root}: ${file}`);
  try {
    if (fs.lstatSync(file).isSymbolicLink()) throw new Error(`refusing to write through a symbolic link: ${file}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const tmp = path.join(dir, `.${path.basename(file)}.tf-migrate-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}

export interface TreeEntry {
  /** Path relative to the tree root. */
  rel: string;
  migratable: boolean;
}

/** Files under `root` (no symlinks followed, node_modules and dot-directories skipped, backups skipped). */
export function listTree(root: string, skip?: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const r = rel ? path.join(rel, e.name) : e.name;
      if (skip && path.resolve(abs) === path.resolve(skip)) continue;
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (e.name === "node_modules" || e.name.startsWith(".")) continue;
        walk(abs, r);
      } else if (e.isFile()) {
        if (e.name.endsWith(".bak") || /\.tf-migrate-\d+-\d+\.tmp$/.test(e.name)) continue;
        out.push({ rel: r, migratable: isMigratable(e.name) });
      }
    }
  };
  walk(root, "");
  return out;
}
