// The `wasm` backend against tfjs-wasm (its natural peer), side by side in one run, with the
// issue's goals checked from the ratios:
//   matmul 1024² GFLOPS  (wasm >= 2x tfjs-wasm)
//   conv2d [32,14,14,32] -> 64, 3x3 SAME, forward ms  (wasm <= 0.5x tfjs-wasm)
//   one Fashion-MNIST epoch of the lecture's MLP (Dense 512 relu, Dropout 0.2, Dense 10 softmax;
//   Adam; batch 32): seconds and test accuracy  (wasm <= 0.3x tfjs-wasm, accuracy >= 0.84)
//
//   npm run build && node bench/wasm.mjs [--quick] [--skip-epoch] [--steps=N] [--trials=N]
//
// matmul and conv: one child process loads both libraries and alternates short trials (~60 ms
// each) between the implementations, round after round, so that all of them see the same
// machine (on a shared machine, load swings over seconds would otherwise decide the ratios);
// each keeps its best trial. Rows: `wasm` as it starts here (SIMD + threads, one thread per core),
// `wasm` SIMD on one thread (isolates the kernels from the threading), tfjs-wasm (SIMD; tfjs never
// starts WebAssembly threads in Node).
// The epochs run in their own processes, one after another; data loading is excluded from their
// time. --steps=N trains N batches instead of 1875 (quick runs; seconds are scaled to an epoch).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import * as os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const arg = (name, def) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? def;
const quick = args.includes("--quick");
const TRIALS = Number(arg("trials", quick ? "5" : "15"));
const FASHION = "/usr/share/datasets/fashion-mnist";
const STEPS = Number(arg("steps", quick ? "300" : "1875"));
const log = (s) => process.stderr.write(s + "\n");

// ------------------------------------------------------------------ children
function runJsonLines(argv, env = {}) {
  const r = spawnSync(process.execPath, argv, { cwd: join(here, ".."), encoding: "utf8", timeout: 1800_000, env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const out = [];
  for (const line of (r.stdout ?? "").split("\n")) if (line.startsWith("{")) { try { out.push(JSON.parse(line)); } catch { /* not ours */ } }
  if (!out.length) out.push({ skip: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n").slice(-1)[0] });
  return out;
}

/** Fashion-MNIST from Debian's dataset-fashion-mnist (IDX, gzip). */
function loadFashion(split) {
  const img = gunzipSync(readFileSync(join(FASHION, `${split}-images-idx3-ubyte.gz`)));
  const lab = gunzipSync(readFileSync(join(FASHION, `${split}-labels-idx1-ubyte.gz`)));
  const n = img.readUInt32BE(4), x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = img[16 + i] / 255;
  return { n, x, y: Int32Array.from(lab.subarray(8, 8 + n)) };
}

/** Child: the lecture's MLP trained for one epoch (or `steps` batches) with tfjs-layers on tfjs-wasm. */
async function tfjsEpoch(steps) {
  const tf = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-wasm");
  const tfl = require("@tensorflow/tfjs-layers");
  const warn = console.warn, clog = console.log;
  console.warn = () => {}; console.log = () => {};
  try { await tf.setBackend("wasm"); await tf.ready(); } finally { console.warn = warn; console.log = clog; }
  const tr = loadFashion("train"), te = loadFashion("t10k");
  const n = Math.min(tr.n, steps * 32);
  const x = tf.tensor2d(tr.x.subarray(0, n * 784), [n, 784]), y = tf.tensor1d(tr.y.subarray(0, n), "float32");
  const model = tfl.sequential({ layers: [
    tfl.layers.dense({ units: 512, activation: "relu", inputShape: [784] }),
    tfl.layers.dropout({ rate: 0.2 }),
    tfl.layers.dense({ units: 10, activation: "softmax" }),
  ] });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const xt = tf.tensor2d(te.x, [te.n, 784]), yt = tf.tensor1d(te.y, "float32");
  const res = model.evaluate(xt, yt, { batchSize: 256 });
  const acc = (await res[1].data())[0];
  console.log(JSON.stringify({ impl: "tfjs-wasm", steps: Math.ceil(n / 32), seconds, test_acc: acc, max_rss_mib: process.resourceUsage().maxRSS / 1024 }));
}

/** Child: the same with tensorflow-ts (`backend`), through tf.keras. */
async function tftsEpoch(backend, steps) {
  const tf = require("../dist/index.js");
  tf.config.set_backend(backend);
  tf.random.set_seed(0);
  const [[xtr, ytr], [xte, yte]] = await tf.keras.datasets.fashion_mnist.load_data();
  const n = Math.min(60000, steps * 32);
  let x = tf.divide(xtr, 255.0), y = ytr;
  if (n < 60000) { x = tf.slice(x, [0, 0, 0], [n, -1, -1]); y = tf.slice(tf.constant(ytr), [0], [n]); }
  const model = new tf.keras.models.Sequential([
    new tf.keras.layers.Flatten(),
    new tf.keras.layers.Dense(512, { activation: tf.nn.relu }),
    new tf.keras.layers.Dropout(0.2),
    new tf.keras.layers.Dense(10, { activation: tf.nn.softmax }),
  ]);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batch_size: 32, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const [, acc] = model.evaluate(tf.divide(xte, 255.0), yte, { verbose: 0 });
  const b = require("../dist/core/engine/engine.js").getBackend(backend);
  console.log(JSON.stringify({ impl: `tfts-${backend}`, steps: Math.ceil(n / 32), seconds, test_acc: acc, max_rss_mib: process.resourceUsage().maxRSS / 1024,
    info: b.variant ? `${b.variant}, ${b.threads} thread(s)` : "" }));
}

/** Child: matmul and conv for all three implementations in this one process, trials alternating. */
async function compareChild(sizes) {
  const tfjs = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-wasm");
  const warn = console.warn, clog = console.log;
  console.warn = () => {}; console.log = () => {};
  try { await tfjs.setBackend("wasm"); await tfjs.ready(); } finally { console.warn = warn; console.log = clog; }
  const tf = require("../dist/index.js");
  const engine = require("../dist/core/engine/engine.js");
  const { WasmBackend } = require("../dist/core/backends/wasm/index.js");
  const { registerWasmKernels } = require("../dist/core/backends/wasm/kernels/index.js");
  engine.registerBackend("wasm_simd1", () => new WasmBackend({ name: "wasm_simd1", variant: "simd", threads: 1 }), -1);
  registerWasmKernels("wasm_simd1");
  const def = engine.getBackend("wasm");
  const info = { "wasm": `WebAssembly ${def.variant}, ${def.threads} thread(s)`, "wasm-simd1": "WebAssembly simd, 1 thread", "tfjs-wasm": "SIMD, 1 thread (threads are off in Node)" };
  const rnd = (n, seed) => { const a = new Float32Array(n); let s = seed >>> 0; for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 4294967296 - 0.5; } return a; };
  const size = (sh) => sh.reduce((a, b) => a * b, 1);
  const tfts = (backend) => ({
    mm(N) { tf.config.set_backend(backend); const a = tf.reshape(tf.constant(rnd(N * N, 1)), [N, N]), b = tf.reshape(tf.constant(rnd(N * N, 2)), [N, N]); return () => { tf.config.set_backend(backend); tf.matmul(a, b).dispose(); }; },
    conv(c, bwd) {
      tf.config.set_backend(backend);
      const x = tf.reshape(tf.constant(rnd(size(c.x), 1)), c.x), w = tf.reshape(tf.constant(rnd(size(c.w), 2)), c.w);
      if (!bwd) return () => { tf.config.set_backend(backend); tf.nn.conv2d(x, w, 1, "SAME"); };
      return () => {
        tf.config.set_backend(backend);
        const tape = new tf.GradientTape();
        const y = tape.record(() => { tape.watch([x, w]); return tf.reduce_sum(tf.nn.conv2d(x, w, 1, "SAME")); });
        tape.gradient(y, [x, w]);
      };
    },
  });
  const impls = {
    "wasm": tfts("wasm"), "wasm-simd1": tfts("wasm_simd1"),
    "tfjs-wasm": {
      mm(N) { const a = tfjs.tensor2d(rnd(N * N, 1), [N, N]), b = tfjs.tensor2d(rnd(N * N, 2), [N, N]); return () => { const c = tfjs.matMul(a, b); c.dataSync(); c.dispose(); }; },
      conv(c, bwd) {
        const x = tfjs.tensor(rnd(size(c.x), 1), c.x), w = tfjs.tensor(rnd(size(c.w), 2), c.w);
        if (!bwd) return () => { const y = tfjs.conv2d(x, w, 1, "same"); y.dataSync(); y.dispose(); };
        // tfjs-core's CommonJS bundle registers no gradients: run what conv2d's gradient runs.
        const dy = tfjs.ones(tfjs.conv2d(x, w, 1, "same").shape);
        const cfg = { strides: [1, 1], pad: "same", dataFormat: "NHWC", dimRoundingMode: undefined, dilations: [1, 1] };
        return () => {
          const y = tfjs.conv2d(x, w, 1, "same"); y.dataSync();
          const gx = tfjs.engine().runKernel("Conv2DBackpropInput", { dy, filter: w }, { ...cfg, inputShape: c.x });
          const gw = tfjs.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { ...cfg, filterShape: c.w });
          gx.dataSync(); gw.dataSync(); y.dispose(); gx.dispose(); gw.dispose();
        };
      },
    },
  };
  /** Best seconds per call of each implementation over alternating trials. */
  const race = (fns) => {
    const reps = {}, best = {};
    // An implementation without the kernel (tfjs-wasm has no Conv2DBackpropFilter) sits the case out.
    const keys = Object.keys(fns).filter((k) => { try { fns[k](); return true; } catch { best[k] = NaN; return false; } });
    for (const k of keys) {
      fns[k]();
      const t = performance.now(); fns[k]();
      reps[k] = Math.max(1, Math.round(60 / Math.max(performance.now() - t, 0.01)));
      best[k] = Infinity;
    }
    const cpu = {};
    for (const k of keys) cpu[k] = Infinity;
    for (let r = 0; r < TRIALS; r++) {
      for (const k of keys) {
        const t = performance.now(), c0 = process.cpuUsage();
        for (let i = 0; i < reps[k]; i++) fns[k]();
        const c = process.cpuUsage(c0);
        best[k] = Math.min(best[k], (performance.now() - t) / 1000 / reps[k]);
        cpu[k] = Math.min(cpu[k], (c.user + c.system) / 1e6 / reps[k]);
      }
    }
    cpuSeconds.push(cpu);
    return best;
  };
  const cpuSeconds = [];
  const out = { info, mm: {}, conv: {} };
  for (const N of sizes) {
    const best = race(Object.fromEntries(Object.entries(impls).map(([k, v]) => [k, v.mm(N)])));
    out.mm[N] = Object.fromEntries(Object.entries(best).map(([k, s]) => [k, (2 * N ** 3) / s / 1e9]));
    (out.mmCpu ??= {})[N] = Object.fromEntries(Object.entries(cpuSeconds.at(-1)).map(([k, s]) => [k, (2 * N ** 3) / s / 1e9]));
    process.stderr.write(`bench/wasm: matmul ${N} done\n`);
  }
  for (const c of CONV_CASES) {
    out.conv[c.name] = {};
    for (const bwd of [false, true]) {
      const best = race(Object.fromEntries(Object.entries(impls).map(([k, v]) => [k, v.conv(c, bwd)])));
      for (const [k, s] of Object.entries(best)) (out.conv[c.name][k] ??= {})[bwd ? "fwdbwd" : "fwd"] = s;
    }
    process.stderr.write(`bench/wasm: conv ${c.name} done\n`);
  }
  console.log(JSON.stringify(out));
}

const CONV_CASES = [
  { name: "A [32,28,28,1]→32", x: [32, 28, 28, 1], w: [3, 3, 1, 32] },
  { name: "B [32,14,14,32]→64", x: [32, 14, 14, 32], w: [3, 3, 32, 64] },
];

// ------------------------------------------------------------------ driver
async function main() {
  if (!existsSync(join(here, "../dist/index.js"))) {
    console.error("bench/wasm: dist/ is missing; run `npm run build` first.");
    process.exit(1);
  }
  const IMPLS = [
    { key: "wasm", label: "tensorflow-ts `wasm` (default variant)" },
    { key: "wasm-simd1", label: "tensorflow-ts `wasm` SIMD, 1 thread" },
    { key: "tfjs-wasm", label: "tfjs-wasm 4.22 (SIMD, 1 thread)" },
  ];
  const sizes = quick ? [128, 512, 1024] : [128, 512, 1024, 2048];
  log(`bench/wasm: matmul and conv, ${TRIALS} alternating trials each ...`);
  const cmp = runJsonLines([fileURLToPath(import.meta.url), "--child=compare", `--trials=${TRIALS}`, `--sizes=${sizes.join(",")}`])[0];
  const mm = new Map(IMPLS.map((i) => [i.key, Object.fromEntries(sizes.map((n) => [n, cmp.mm?.[n]?.[i.key]]))]));
  const conv = new Map(IMPLS.map((i) => [i.key, Object.fromEntries(Object.entries(cmp.conv ?? {}).map(([c, v]) => [c, v[i.key]]))]));
  const info = new Map(Object.entries(cmp.info ?? {}));
  const mmCpu = cmp.mmCpu ?? {};
  if (cmp.skip) info.set("matmul/conv", `not run: ${cmp.skip}`);
  const epoch = [];
  if (!args.includes("--skip-epoch")) {
    if (!existsSync(FASHION)) epoch.push({ skip: `${FASHION} missing (apt-get install dataset-fashion-mnist)` });
    else {
      log(`bench/wasm: epoch tfts-wasm (${STEPS} steps) ...`);
      epoch.push(...runJsonLines([fileURLToPath(import.meta.url), `--child=tfts:wasm`, `--steps=${STEPS}`]));
      log(`bench/wasm: epoch tfjs-wasm (${STEPS} steps) ...`);
      epoch.push(...runJsonLines([fileURLToPath(import.meta.url), `--child=tfjs`, `--steps=${STEPS}`]));
    }
  }

  // ---- tables
  const f1 = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const lines = [];
  lines.push(`Machine: ${os.cpus()[0]?.model ?? "?"}, ${os.availableParallelism?.() ?? os.cpus().length} cores, Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}. float32.`);
  lines.push("");
  lines.push(`| matmul GFLOPS (best of ${TRIALS} alternating trials) | ${sizes.join(" | ")} |`);
  lines.push(`|---|${sizes.map(() => "---:").join("|")}|`);
  const tj = mm.get("tfjs-wasm");
  for (const i of IMPLS) {
    const r = mm.get(i.key);
    lines.push(`| ${i.label} | ${sizes.map((n) => (r[n] ? `${f1(r[n])}${i.key !== "tfjs-wasm" && tj[n] ? ` (${(r[n] / tj[n]).toFixed(2)}x)` : ""}` : "–")).join(" | ")} |`);
  }
  const nCpu = sizes.filter((n) => mmCpu[n]).pop();
  if (nCpu) {
    lines.push("");
    lines.push(`GFLOPS per CPU-second at ${nCpu}² (all threads' CPU time; what a busy machine cannot take away): ` +
      IMPLS.map((i) => `${i.key} ${f1(mmCpu[nCpu][i.key] ?? NaN)}`).join(", ") + ".");
  }
  lines.push("");
  const cases = Object.keys(conv.get("tfjs-wasm")).length ? Object.keys(conv.get("tfjs-wasm")) : Object.keys(conv.get("wasm"));
  lines.push(`| conv2d ms (best of ${TRIALS} alternating trials) | ${cases.map((c) => `${c} fwd | fwd+bwd`).join(" | ")} |`);
  lines.push(`|---|${cases.map(() => "---:|---:").join("|")}|`);
  const tc = conv.get("tfjs-wasm");
  for (const i of IMPLS) {
    const r = conv.get(i.key);
    const cell = (v, b) => (Number.isFinite(v) ? `${(v * 1e3).toFixed(2)}${i.key !== "tfjs-wasm" && Number.isFinite(b) ? ` (${(v / b).toFixed(2)}x)` : ""}` : "–");
    lines.push(`| ${i.label} | ${cases.map((c) => `${cell(r[c]?.fwd, tc[c]?.fwd)} | ${cell(r[c]?.fwdbwd, tc[c]?.fwdbwd)}`).join(" | ")} |`);
  }
  lines.push("");
  if (epoch.length) {
    lines.push(`| Fashion-MNIST MLP epoch${STEPS < 1875 ? ` (${STEPS} of 1875 steps, seconds scaled to a full epoch)` : ""} | s/epoch | test acc | max RSS (MiB) |`);
    lines.push("|---|---:|---:|---:|");
    const tjs = epoch.find((e) => e.impl === "tfjs-wasm");
    for (const e of epoch) {
      if (e.skip) { lines.push(`| ${e.impl ?? "?"} | skipped: ${e.skip} | | |`); continue; }
      const s = (e.seconds * 1875) / e.steps;
      const ratio = e.impl !== "tfjs-wasm" && tjs && !tjs.skip ? ` (${(e.seconds / e.steps / (tjs.seconds / tjs.steps)).toFixed(2)}x)` : "";
      lines.push(`| ${e.impl}${e.info ? ` (${e.info})` : ""} | ${s.toFixed(1)}${ratio} | ${e.test_acc.toFixed(4)} | ${e.max_rss_mib.toFixed(0)} |`);
    }
    lines.push("");
  }
  // ---- goals
  const w = mm.get("wasm");
  if (w[1024] && tj[1024]) lines.push(`Goal matmul 1024²: wasm >= 2x tfjs-wasm: ${(w[1024] / tj[1024]).toFixed(2)}x -> ${w[1024] / tj[1024] >= 2 ? "met" : "NOT met"}`);
  const cb = Object.keys(tc).find((c) => c.startsWith("B"));
  if (cb && conv.get("wasm")[cb] && tc[cb]) {
    const q = conv.get("wasm")[cb].fwd / tc[cb].fwd;
    lines.push(`Goal conv2d ${cb}: wasm <= 0.5x tfjs-wasm: ${q.toFixed(2)}x -> ${q <= 0.5 ? "met" : "NOT met"}`);
  }
  const ew = epoch.find((e) => e.impl === "tfts-wasm" && !e.skip), et = epoch.find((e) => e.impl === "tfjs-wasm" && !e.skip);
  if (ew && et) {
    const q = ew.seconds / ew.steps / (et.seconds / et.steps);
    lines.push(`Goal MLP epoch: wasm <= 0.3x tfjs-wasm: ${q.toFixed(2)}x -> ${q <= 0.3 ? "met" : "NOT met"}; accuracy ${ew.test_acc.toFixed(4)} vs ${et.test_acc.toFixed(4)}` +
      `${STEPS < 1875 ? " (partial epoch: accuracy not comparable to the 0.84 band)" : ew.test_acc >= 0.84 ? " (>= 0.84: in band)" : " (below 0.84)"}`);
  }
  for (const [k, v] of info) lines.push(`- ${k}: ${v}`);
  console.log(lines.join("\n"));
}

const childArg = arg("child", "");
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = childArg === "tfjs" ? tfjsEpoch(STEPS) : childArg.startsWith("tfts:") ? tftsEpoch(childArg.slice(5), STEPS)
    : childArg === "compare" ? compareChild(arg("sizes", "128,512,1024,2048").split(",").map(Number)) : main();
  run.catch((e) => { console.log(JSON.stringify({ impl: childArg || "bench/wasm", skip: String(e.message ?? e).split("\n")[0] })); process.exit(childArg ? 0 : 1); });
}
