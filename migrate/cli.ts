#!/usr/bin/env node
/**
 * `tf-migrate`: tf_upgrade_v2's command line, for TypeScript/JavaScript written against
 * tensorflow-ts's tf.compat.v1.
 *
 *   tf-migrate --infile foo.ts --outfile foo_v2.ts
 *   tf-migrate --intree old/ --outtree new/ [--copyotherfiles]
 *   tf-migrate --infile foo.ts --inplace [--no-backup]
 *   tf-migrate --infile foo.ts --diff
 *
 * Exit codes: 0 done; 1 issues that need attention were found and --strict was given;
 * 2 usage error, or a file failed to parse (it is copied unchanged).
 */
import * as fs from "fs";
import * as path from "path";
import yargs from "yargs";
import { createTwoFilesPatch } from "diff";
import { createProject, preload } from "./migrate";
import { migrateText, listTree, writeAtomic, isInside, isMigratable } from "./files";
import { FileReport, formatReport, countIssues, formatEntry, needsAttention, Lang } from "./report";
import { Mode } from "./context";

export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() };

interface Opts {
  infile?: string;
  outfile?: string;
  intree?: string;
  outtree?: string;
  copyotherfiles: boolean;
  inplace: boolean;
  reportfile: string;
  diff: boolean;
  mode: Mode;
  lang: Lang;
  strict: boolean;
  backup: boolean;
  types: boolean;
}

class UsageError extends Error {}

function version(): string {
  try { return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).version; } catch { /* dist layout */ }
  try { return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version; } catch { return "0.0.0"; }
}

function parser() {
  return yargs()
    .scriptName("tf-migrate")
    .usage(
      "Convert TF1-style TypeScript written against tensorflow-ts (tf.compat.v1) to TF2 style\n\n" +
      "Simple usage:\n" +
      "  tf-migrate --infile foo.ts --outfile bar.ts\n" +
      "  tf-migrate --infile foo.ipynb --outfile bar.ipynb\n" +
      "  tf-migrate --intree ~/code/old --outtree ~/code/new",
    )
    .option("infile", { type: "string", describe: "If converting a single file, the name of the file to convert" })
    .option("outfile", { type: "string", describe: "If converting a single file, the output filename." })
    .option("intree", { type: "string", describe: "If converting a whole tree of files, the directory to read from (relative or absolute)." })
    .option("outtree", { type: "string", describe: "If converting a whole tree of files, the output directory (relative or absolute)." })
    .option("copyotherfiles", { type: "boolean", default: true, describe: "If converting a whole tree of files, whether to copy the other files." })
    .option("inplace", { type: "boolean", default: false, describe: "If converting a set of files, whether to allow the conversion to be performed on the input files (a .bak copy is kept)." })
    .option("backup", { type: "boolean", default: true, describe: "With --inplace, keep <file>.bak (--no-backup to skip)." })
    .option("reportfile", { type: "string", default: "report.txt", describe: "The name of the file where the report log is stored." })
    .option("diff", { type: "boolean", default: false, describe: "Print a unified diff of the changes and write nothing." })
    .option("mode", { choices: ["default", "safety"] as const, default: "default" as const, describe: "default: full migration (sessions become tf.functions); safety: renames only, like tf_upgrade_v2." })
    .option("lang", { choices: ["both", "en", "ko"] as const, default: "both" as const, describe: "Language of the report messages." })
    .option("strict", { type: "boolean", default: false, describe: "Exit with status 1 when issues that need attention were found." })
    .option("types", { type: "boolean", default: true, describe: "Use type information where it helps (--no-types: syntax only)." })
    .strictOptions()
    .version(version())
    .help()
    .alias("h", "help")
    .wrap(100);
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let opts: Opts;
  let handled = false;
  try {
    opts = await new Promise<Opts>((resolve, reject) => {
      parser().parse(argv, {}, (err, args, output) => {
        if (output) { io.out(output.endsWith("\n") ? output : `${output}\n`); }
        if (err) { reject(new UsageError(err.message)); return; }
        if (args.help || args.version) { handled = true; resolve(args as unknown as Opts); return; }
        resolve(args as unknown as Opts);
      });
    });
  } catch (e) {
    io.err(`tf-migrate: ${(e as Error).message}\n`);
    return 2;
  }
  if (handled) return 0;
  try {
    return run(opts, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tf-migrate: ${e.message}\nRun tf-migrate --help for usage.\n`);
      return 2;
    }
    io.err(`tf-migrate: ${(e as Error).message}\n`);
    return 2;
  }
}

interface Job { inPath: string; outPath: string | null; display: string; root: string | null }

function run(o: Opts, io: Io): number {
  const abs = (p: string) => path.resolve(io.cwd, p);
  const jobs: Job[] = [];
  const copies: { from: string; to: string; root: string }[] = [];
  if (!!o.infile === !!o.intree) throw new UsageError("give exactly one of --infile and --intree");
  if (o.inplace && (o.outfile || o.outtree)) throw new UsageError("--inplace takes no --outfile/--outtree");
  if (o.infile) {
    const inPath = abs(o.infile);
    if (!fs.existsSync(inPath) || !fs.statSync(inPath).isFile()) throw new UsageError(`no such file: ${o.infile}`);
    if (!isMigratable(inPath)) throw new UsageError(`${o.infile}: only .ts, .tsx, .js, .mjs and .ipynb files are converted`);
    let outPath: string | null = null;
    if (!o.diff) {
      if (o.inplace) outPath = inPath;
      else if (!o.outfile) throw new UsageError("--infile needs --outfile (or --inplace, or --diff)");
      else outPath = abs(o.outfile);
      if (!o.inplace && path.resolve(outPath) === path.resolve(inPath)) throw new UsageError("--outfile is the input file: use --inplace");
    }
    jobs.push({ inPath, outPath, display: o.infile, root: null });
  } else {
    const inTree = abs(o.intree!);
    if (!fs.existsSync(inTree) || !fs.statSync(inTree).isDirectory()) throw new UsageError(`no such directory: ${o.intree}`);
    let outTree: string | null = null;
    if (!o.diff) {
      if (o.inplace) outTree = inTree;
      else if (!o.outtree) throw new UsageError("--intree needs --outtree (or --inplace, or --diff)");
      else outTree = abs(o.outtree);
      if (!o.inplace && path.resolve(outTree) === path.resolve(inTree)) throw new UsageError("--outtree is the input tree: use --inplace");
    }
    for (const e of listTree(inTree, outTree && !o.inplace ? outTree : undefined)) {
      const from = path.join(inTree, e.rel);
      const to = outTree ? path.join(outTree, e.rel) : null;
      if (e.migratable) jobs.push({ inPath: from, outPath: to, display: path.join(o.intree!, e.rel), root: outTree });
      else if (to && o.copyotherfiles && !o.inplace) copies.push({ from, to, root: outTree! });
    }
  }

  const project = createProject();
  // One program for the whole run (type information is computed once).
  const texts = new Map(jobs.map((j) => [j.inPath, fs.readFileSync(j.inPath, "utf8")]));
  if (o.types) preload(project, jobs.filter((j) => !j.inPath.toLowerCase().endsWith(".ipynb")).map((j) => ({ path: j.inPath, text: texts.get(j.inPath)! })));
  const reports: FileReport[] = [];
  let parseErrors = 0;
  for (const j of jobs) {
    const text = texts.get(j.inPath)!;
    const r = migrateText(text, j.inPath, { mode: o.mode, project, types: o.types });
    if (r.parseError) parseErrors++;
    const outDisplay = j.outPath === null ? null : o.infile ? (o.inplace ? o.infile : o.outfile!) : path.relative(io.cwd, j.outPath) || j.outPath;
    reports.push({ inPath: j.display, outPath: outDisplay, entries: r.entries, parseError: !!r.parseError, changed: r.changed });
    if (o.diff) {
      if (r.changed) io.out(createTwoFilesPatch(j.display, j.display, text, r.text, "", "", { context: 3 }));
      continue;
    }
    if (o.inplace) {
      if (!r.changed) continue;
      if (o.backup) writeAtomic(`${j.inPath}.bak`, text, j.root ?? undefined);
      writeAtomic(j.inPath, r.text, j.root ?? undefined);
    } else {
      writeAtomic(j.outPath!, r.text, j.root ?? undefined);
    }
  }
  for (const c of copies) {
    if (!isInside(c.root, c.to)) throw new Error(`refusing to write outside ${c.root}: ${c.to}`);
    writeAtomic(c.to, fs.readFileSync(c.from), c.root);
  }

  const issues = countIssues(reports);
  const summary = [
    `TensorFlow 2.0 Upgrade Script (tf-migrate, mode ${o.mode})`,
    `Converted ${reports.filter((r) => !r.parseError).length} files${o.diff ? " (diff only, nothing written)" : ""}`,
    `Detected ${issues} issues that require attention`,
  ];
  for (const r of reports) for (const e of r.entries.filter(needsAttention)) summary.push(formatEntry(e, o.lang, r.inPath));
  if (!o.diff) {
    const reportPath = abs(o.reportfile);
    writeAtomic(reportPath, formatReport(reports, { lang: o.lang, inTree: o.intree ?? null }));
    summary.push(`Report written to ${o.reportfile}`);
  }
  (o.diff ? io.err : io.out)(summary.join("\n") + "\n");
  if (parseErrors) return 2;
  if (o.strict && issues > 0) return 1;
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`tf-migrate: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  });
}
