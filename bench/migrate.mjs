// tf-migrate throughput: files/second converting a tree of 200 copies of the corpus
// (test/migrate/corpus/*.ts), through the CLI's tree mode, in one process.
//   npm run build && node bench/migrate.mjs [--copies 200]
// Rows: with type information (the default; builds one TypeScript program over the tree and the
// library's declarations) and --no-types (syntax only). Startup (loading ts-morph and the library)
// is reported separately from the conversion itself.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const copies = Number(args[args.indexOf("--copies") + 1] || 0) || 200;
const cli = join(root, "dist", "migrate", "cli.js");
if (!existsSync(cli)) {
  console.error("bench/migrate: dist/migrate/cli.js is missing; run `npm run build` first.");
  process.exit(1);
}

const t0 = performance.now();
const require = createRequire(import.meta.url);
const { main } = require(cli);
const startup = performance.now() - t0;

const corpusDir = join(root, "test", "migrate", "corpus");
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith(".ts")).sort();
// The tree lives inside the repository (test/migrate/.tmp-bench-*) so `../../../index`-style
// imports of the copies resolve like the originals' do (three levels below the root).
const work = mkdtempSync(join(root, "test", "migrate", ".tmp-bench-"));
const inTree = join(work, "in");
for (let i = 0; i < copies; i++) {
  const name = corpus[i % corpus.length];
  const dir = join(inTree, `copy${String(Math.floor(i / corpus.length)).padStart(2, "0")}`);
  mkdirSync(dir, { recursive: true });
  // One level deeper than corpus/: adjust the relative import.
  const text = readFileSync(join(corpusDir, name), "utf8").replace(/from "\.\.\/\.\.\/\.\.\/index"/, 'from "../../../../../index"');
  writeFileSync(join(dir, name), text);
}

const quiet = { out: () => {}, err: () => {}, cwd: work };
const rows = [];
for (const [label, extra] of [["with types", []], ["--no-types", ["--no-types"]]]) {
  const outTree = join(work, `out-${rows.length}`);
  const t = performance.now();
  const code = await main(["--intree", inTree, "--outtree", outTree, "--reportfile", join(work, `report-${rows.length}.txt`), ...extra], quiet);
  const s = (performance.now() - t) / 1000;
  rows.push({ label, s, fps: copies / s, code });
}
rmSync(work, { recursive: true, force: true });

console.log(`tf-migrate: ${copies} files (${corpus.length} corpus programs, copied), ${os.cpus().length} CPUs, node ${process.version}`);
console.log(`startup (load ts-morph + library): ${(startup / 1000).toFixed(2)} s`);
console.log("mode          seconds   files/s   exit");
for (const r of rows) console.log(`${r.label.padEnd(12)} ${r.s.toFixed(2).padStart(8)} ${r.fps.toFixed(1).padStart(9)} ${String(r.code).padStart(6)}`);
