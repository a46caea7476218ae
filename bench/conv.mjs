// conv2d ms/call: tensorflow-ts (`cpu` and, where OpenBLAS loads, `native`; from dist/) beside
// tfjs-cpu, tfjs-wasm and PyTorch, in one run.
//   npm run build && node bench/conv.mjs [--quick]
// Cases (float32, NHWC, 3×3, stride 1, SAME — the Keras MNIST CNN's two layers):
//   A: [32,28,28,1] -> 32 channels      B: [32,14,14,32] -> 64 channels
// For each: forward, and forward+backward (gradients w.r.t. input and filters).
// Each implementation runs in its own child process, one after another (never two at once).
// PyTorch runs from Debian's /usr/bin/python3 (python3-torch), at its default thread count and
// at 1 thread (tensorflow-ts and tfjs are single-threaded); it is skipped with a note when absent.
// Prints one table with ratios to tensorflow-ts `cpu` (ratio > 1: that peer is slower).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const BUDGET = quick ? 0.4 : 1.5; // seconds of timed calls per case
const PY = process.env.PYTHON ?? "/usr/bin/python3";
const CASES = [
  { name: "A [32,28,28,1]→32", x: [32, 28, 28, 1], w: [3, 3, 1, 32] },
  { name: "B [32,14,14,32]→64", x: [32, 14, 14, 32], w: [3, 3, 32, 64] },
];

function randomArray(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 4294967296 - 0.5; }
  return a;
}
const size = (s) => s.reduce((a, b) => a * b, 1);
const now = () => Number(process.hrtime.bigint()) / 1e9;
function median(xs) { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; }

/** Median seconds per call after warm-up, over trials filling `budget` seconds. */
function time(fn, budget = BUDGET) {
  fn(); fn();
  const times = [];
  const t0 = now();
  do { const t = now(); fn(); times.push(now() - t); } while ((now() - t0 < budget && times.length < 100) || times.length < 3);
  return median(times);
}

// ------------------------------------------------------------------ one implementation (child)
async function child(impl) {
  const out = [];
  if (impl === "tfts-cpu" || impl === "tfts-native" || impl === "tfts-wasm") {
    const tf = require("../dist/index.js");
    tf.config.set_backend(impl.slice(5));
    for (const c of CASES) {
      const x = tf.reshape(tf.constant(randomArray(size(c.x), 1)), c.x), w = tf.reshape(tf.constant(randomArray(size(c.w), 2)), c.w);
      const fwd = () => tf.nn.conv2d(x, w, 1, "SAME").dataSync();
      const bwd = () => {
        const tape = new tf.GradientTape();
        const y = tape.record(() => { tape.watch([x, w]); return tf.reduce_sum(tf.nn.conv2d(x, w, 1, "SAME")); });
        const [gx, gw] = tape.gradient(y, [x, w]);
        gx.dataSync(); gw.dataSync();
      };
      out.push({ case: c.name, fwd: time(fwd), fwdbwd: time(bwd) });
    }
    const wasmInfo = () => { const b = require("../dist/core/engine/engine.js").getBackend("wasm"); return `WebAssembly ${b.variant}, ${b.threads} thread(s), implicit-im2col GEMM`; };
    return { impl, info: impl === "tfts-cpu" ? "1 thread (TypeScript, im2col + GEMM)" : impl === "tfts-wasm" ? wasmInfo() : "row-window GEMMs in OpenBLAS (koffi), a helper thread when it pays", rows: out };
  }
  if (impl === "tfjs-cpu" || impl === "tfjs-wasm") {
    const tf = require("@tensorflow/tfjs-core");
    require(impl === "tfjs-cpu" ? "@tensorflow/tfjs-backend-cpu" : "@tensorflow/tfjs-backend-wasm");
    const warn = console.warn, log = console.log;
    console.warn = () => {}; console.log = () => {};
    try { await tf.setBackend(impl.slice(5)); await tf.ready(); } finally { console.warn = warn; console.log = log; }
    for (const c of CASES) {
      const x = tf.tensor(randomArray(size(c.x), 1), c.x), w = tf.tensor(randomArray(size(c.w), 2), c.w);
      const fwd = () => { const y = tf.conv2d(x, w, 1, "same"); y.dataSync(); y.dispose(); };
      // tfjs-core's CommonJS bundle registers no gradient functions (only the @tensorflow/tfjs
      // umbrella does), so run what its conv2d gradient runs: forward, then both backprop kernels.
      const dy = tf.ones(tf.conv2d(x, w, 1, "same").shape);
      const cfg = { strides: [1, 1], pad: "same", dataFormat: "NHWC", dimRoundingMode: undefined, dilations: [1, 1] };
      const bwd = () => {
        const y = tf.conv2d(x, w, 1, "same"); y.dataSync();
        const gx = tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: w }, { ...cfg, inputShape: c.x });
        const gw = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { ...cfg, filterShape: c.w });
        gx.dataSync(); gw.dataSync(); y.dispose(); gx.dispose(); gw.dispose();
      };
      let fb;
      try { fb = time(bwd); } catch (e) { fb = String(e.message ?? e); }
      out.push({ case: c.name, fwd: time(fwd), fwdbwd: fb });
    }
    return { impl, info: impl === "tfjs-wasm" ? "SIMD, 1 thread (no threads in Node)" : "1 thread", rows: out };
  }
  throw new Error(`unknown impl ${impl}`);
}

const TORCH = String.raw`
import json, sys, time
try:
    import torch
    import torch.nn.functional as F
except Exception as e:
    print(json.dumps({"impl": "torch", "skip": "PyTorch not importable: %s" % e})); sys.exit(0)
threads = int(sys.argv[1]); budget = float(sys.argv[2])
if threads > 0: torch.set_num_threads(threads)
cases = [("A [32,28,28,1]→32", (32, 1, 28, 28), (32, 1, 3, 3)), ("B [32,14,14,32]→64", (32, 32, 14, 14), (64, 32, 3, 3))]
def timeit(fn):
    fn(); fn(); ts = []; t0 = time.perf_counter()
    while (time.perf_counter() - t0 < budget and len(ts) < 100) or len(ts) < 3:
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    ts.sort(); h = len(ts) // 2
    return ts[h] if len(ts) % 2 else (ts[h - 1] + ts[h]) / 2
rows = []
g = torch.Generator().manual_seed(0)
for name, xs, ws in cases:
    x = (torch.rand(xs, generator=g) - 0.5).requires_grad_(); w = (torch.rand(ws, generator=g) - 0.5).requires_grad_()
    def fwd():
        with torch.no_grad(): F.conv2d(x, w, padding=1)
    def bwd(): torch.autograd.grad(F.conv2d(x, w, padding=1).sum(), [x, w])
    rows.append({"case": name, "fwd": timeit(fwd), "fwdbwd": timeit(bwd)})
print(json.dumps({"impl": "torch-%s" % ("1t" if threads == 1 else "default"), "info": "torch %s, %d threads, NCHW" % (torch.__version__, torch.get_num_threads()), "rows": rows}))
`;

// ------------------------------------------------------------------ driver
function runChild(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: join(here, ".."), encoding: "utf8", timeout: 600_000 });
  const line = (r.stdout ?? "").trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) return { skip: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n").slice(-1)[0] };
  return JSON.parse(line);
}

function fmt(v) { return typeof v === "number" ? (v * 1e3).toFixed(2) : "n/a"; }

async function main() {
  const impl = args.find((a) => a.startsWith("--impl="))?.slice(7);
  if (impl) { console.log(JSON.stringify(await child(impl))); return; }
  if (!existsSync(join(here, "../dist/index.js"))) {
    console.error("bench/conv: dist/ is missing; run `npm run build` first.");
    process.exit(1);
  }
  const results = [];
  for (const i of ["tfts-cpu", "tfts-native", "tfts-wasm", "tfjs-cpu", "tfjs-wasm"]) results.push(runChild(process.execPath, [fileURLToPath(import.meta.url), `--impl=${i}`, ...(quick ? ["--quick"] : [])]));
  for (const t of ["0", "1"]) {
    if (!existsSync(PY)) { results.push({ impl: `torch-${t === "1" ? "1t" : "default"}`, skip: `${PY} not found (apt-get install python3-torch)` }); continue; }
    results.push(runChild(PY, ["-c", TORCH, t, String(BUDGET)]));
  }
  const base = results.find((r) => r.impl === "tfts-cpu" && r.rows);
  console.log("\nconv2d, float32, 3×3 SAME stride 1 — ms per call (median); ratio = peer time / tensorflow-ts cpu time");
  console.log("impl".padEnd(16) + "case".padEnd(22) + "forward".padStart(10) + "ratio".padStart(8) + "fwd+bwd".padStart(10) + "ratio".padStart(8) + "   notes");
  for (const r of results) {
    if (!r.rows) { console.log(`${(r.impl ?? "?").padEnd(16)}skipped: ${r.skip}`); continue; }
    r.rows.forEach((row, k) => {
      const b = base?.rows[k];
      const ratio = (v, bv) => (typeof v === "number" && typeof bv === "number" ? (v / bv).toFixed(2) : "-");
      console.log(r.impl.padEnd(16) + row.case.padEnd(22) + fmt(row.fwd).padStart(10) + ratio(row.fwd, b?.fwd).padStart(8) +
        fmt(row.fwdbwd).padStart(10) + ratio(row.fwdbwd, b?.fwdbwd).padStart(8) + (k === 0 ? `   ${r.info ?? ""}` : "") +
        (typeof row.fwdbwd === "string" ? `   (fwd+bwd: ${row.fwdbwd})` : ""));
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
