// `npm run bench`: this project against its peers in one run, one table with ratios.
//   node bench/run.mjs [--full] [--quick]
// Each implementation runs in its own process, one after another (never two at once: the
// machine's cores are the resource being measured). Peers: tfjs-cpu, tfjs-wasm (npm), numpy and
// PyTorch (Debian's /usr/bin/python3; skipped with a note where absent). Fast matmul rows (native,
// numpy, torch) run three rounds, interleaved size by size, and keep each size's best median, to
// damp a shared machine's noise.
// Then runs the other benchmark scripts present (bench/conv.mjs, bench/mlp_step.mjs,
// bench/keras_epoch.mjs, bench/wasm.mjs) and prints their output.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const full = args.includes("--full");
const quick = args.includes("--quick");
const SIZES = [128, 512, 1024, 2048];
const PY = process.env.PYTHON ?? "/usr/bin/python3";
/** Rounds for the fast matmul rows (native, numpy, torch), interleaved; each size keeps its best median. */
const ROUNDS = quick ? 1 : 3;

if (!existsSync(join(here, "../dist/index.js"))) {
  console.error("bench: dist/ is missing; run `npm run bench` (builds first) or `npm run build`.");
  process.exit(1);
}

// key: row id; impl: what the bench scripts run; env: extra environment; base: the row ratios divide by;
// noAdd: no eager-add column (same dispatch as another row).
const ONE = { OPENBLAS_NUM_THREADS: "1" };
const ROWS = [
  { impl: "tfts-native", label: "tensorflow-ts `native` (OpenBLAS via koffi)", js: true, fast: true },
  { key: "tfts-native-1t", impl: "tfts-native", label: "tensorflow-ts `native`, OPENBLAS_NUM_THREADS=1", js: true, fast: true, env: ONE, base: "numpy-1t", noAdd: true },
  { impl: "tfts-wasm", label: "tensorflow-ts `wasm` (WebAssembly SIMD + threads)", js: true, fast: true },
  { impl: "tfts-cpu", label: "tensorflow-ts `cpu` (TypeScript)", js: true },
  { impl: "numpy", label: "numpy + OpenBLAS", py: true, fast: true },
  { key: "numpy-1t", impl: "numpy", label: "numpy + OpenBLAS, OPENBLAS_NUM_THREADS=1", py: true, fast: true, env: ONE, noAdd: true },
  { impl: "torch", label: "PyTorch (default threads)", py: true, fast: true },
  { impl: "tfjs-wasm", label: "tfjs-wasm 4.22 (SIMD)", js: true },
  { impl: "tfjs-cpu", label: "tfjs-cpu 4.22", js: true },
];

/** Runs one benchmark process; returns its JSON lines (and a skip note on failure). */
function runJson(cmd, argv, env = {}, timeoutS = 900) {
  const r = spawnSync(cmd, argv, { cwd: join(here, ".."), encoding: "utf8", timeout: timeoutS * 1000, env: { ...process.env, ...env } });
  if (r.error) return [{ skip: `${cmd}: ${r.error.code ?? r.error.message}` }];
  const out = [];
  for (const line of (r.stdout ?? "").split("\n")) {
    if (!line.startsWith("{")) continue;
    try { out.push(JSON.parse(line)); } catch { /* not ours */ }
  }
  if (r.status !== 0 && !out.some((o) => o.skip)) out.push({ skip: `exit ${r.status}: ${(r.stderr ?? "").trim().split("\n").pop()}` });
  return out;
}

function benchArgs(row, bench, extra) {
  if (row.py) return [PY, [join("bench/peers", `${bench}.py`), row.impl, ...extra]];
  return [process.execPath, [join("bench", `${bench}.mjs`), row.impl, ...extra]];
}

for (const r of ROWS) r.key ??= r.impl;
const results = new Map(ROWS.map((r) => [r.key, { mm: {}, skip: {}, add: null, info: "", note: "" }]));
const sizes = quick ? [128, 512, 1024] : SIZES;
const log = (s) => process.stderr.write(s + "\n");
const loadStart = os.loadavg()[0];

// ---- matmul
function recordMatmul(row, extra) {
  const [cmd, argv] = benchArgs(row, "matmul", [...extra, ...(full ? ["--full"] : []), `--budget=${quick ? 0.5 : 1.5}`]);
  const res = results.get(row.key);
  for (const o of runJson(cmd, argv, row.env)) {
    if (o.info) res.info = o.info;
    if (o.N && o.gflops) res.mm[o.N] = Math.max(res.mm[o.N] ?? 0, o.gflops);
    else if (o.N && o.skip) res.skip[o.N] = o.skip;
    else if (o.skip) res.note = o.skip;
  }
}
// Fast rows: one process per (round, size, row), rows side by side at each size, so a burst of
// load elsewhere on the machine hits them alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const n of sizes) {
    for (const row of ROWS.filter((r) => r.fast)) {
      if (results.get(row.key).note) continue; // absent (e.g. no torch): said once
      log(`bench: matmul ${row.key} N=${n} (round ${round + 1}/${ROUNDS}) ...`);
      recordMatmul(row, [String(n)]);
    }
  }
}
for (const row of ROWS.filter((r) => !r.fast)) {
  log(`bench: matmul ${row.impl} ...`);
  recordMatmul(row, sizes.map(String));
}

// ---- eager add [4]
for (const row of ROWS.filter((r) => !r.noAdd)) {
  log(`bench: add ${row.impl} ...`);
  const [cmd, argv] = benchArgs(row, "add", quick ? ["--n=20000"] : []);
  const res = results.get(row.key);
  for (const o of runJson(cmd, argv, row.env)) {
    if (o.us) res.add = o.us;
    else if (o.skip && !res.note) res.note = o.skip;
  }
}

// ---- table
const numpy = results.get("numpy");
const f1 = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (r) => (r >= 10 ? r.toFixed(0) : r.toFixed(2)) + "x";
const lines = [];
lines.push(`Machine: ${os.cpus()[0]?.model ?? "?"}, ${os.availableParallelism?.() ?? os.cpus().length} cores, Node ${process.version}, ` +
  `OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? "(unset)"}, load average ${loadStart.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)} ` +
  `(other work on the machine skews multi-threaded rows most). float32; medians. ` +
  `(x) = speed relative to numpy in this run, at the same thread count for the OPENBLAS_NUM_THREADS=1 rows (>1 is faster).`);
lines.push("");
lines.push(`| system | ${sizes.map((n, i) => `mm ${n}${i === sizes.length - 1 ? " GFLOPS" : ""}`).join(" | ")} | add[4] µs/op |`);
lines.push(`|---|${sizes.map(() => "---:").join("|")}|---:|`);
for (const row of ROWS) {
  const r = results.get(row.key), isBase = row.impl === "numpy", baseRow = results.get(row.base ?? "numpy");
  const cells = sizes.map((n) => {
    const g = r.mm[n];
    if (!g) return r.skip[n] ? "skipped" : "–";
    const base = baseRow.mm[n];
    return !isBase && base ? `${f1(g)} (${ratio(g / base)})` : f1(g);
  });
  const add = r.add == null ? "–" : !isBase && numpy.add ? `${r.add.toFixed(2)} (${ratio(numpy.add / r.add)})` : r.add.toFixed(2);
  lines.push(`| ${row.label} | ${cells.join(" | ")} | ${add} |`);
}
lines.push("");
for (const row of ROWS) {
  const r = results.get(row.key);
  const notes = [r.info, r.note && `not run: ${r.note}`, ...Object.entries(r.skip).map(([n, s]) => `${n}: skipped, ${s}`)].filter(Boolean);
  if (notes.length) lines.push(`- ${row.key}: ${notes.join("; ")}`);
}
const nat = results.get("tfts-native"), nat1 = results.get("tfts-native-1t"), np1 = results.get("numpy-1t");
lines.push("");
if (nat.mm[1024] && numpy.mm[1024]) {
  const q = nat.mm[1024] / numpy.mm[1024];
  const q1 = nat1.mm[1024] && np1.mm[1024] ? `; 1 thread each: ${ratio(nat1.mm[1024] / np1.mm[1024])}` : "";
  lines.push(`Goal matmul 1024²: native >= 0.9x numpy: ${ratio(q)} -> ${q >= 0.9 ? "met" : "NOT met"}${q1}`);
} else lines.push("Goal matmul 1024²: not checked (native or numpy did not run)");
if (nat.add != null) lines.push(`Goal eager add[4] <= 1.0 µs/op: ${nat.add.toFixed(2)} µs -> ${nat.add <= 1.0 ? "met" : "NOT met"}`);
console.log(lines.join("\n"));

// ---- other engineers' benchmarks
for (const name of ["conv.mjs", "mlp_step.mjs", "keras_epoch.mjs", "wasm.mjs"]) {
  const p = join(here, name);
  if (!existsSync(p)) continue;
  log(`bench: ${name} ...`);
  const r = spawnSync(process.execPath, [p, ...(quick ? ["--quick"] : [])], { cwd: join(here, ".."), encoding: "utf8", timeout: 1800_000 });
  console.log(`\n### bench/${name}${r.status ? ` (exit ${r.status})` : ""}\n`);
  console.log((r.stdout ?? "").trimEnd() || (r.stderr ?? "").trim().split("\n").slice(-5).join("\n"));
}
