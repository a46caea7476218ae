// One training step (forward + backward, no update) of a 784-512-10 MLP, batch 32, float32:
// eager GradientTape vs tf.function, per backend, beside PyTorch in the same run; prints µs/step and ratios.
//   npm run build && node bench/mlp_step.mjs [--budget=SECONDS] [--backends=native,cpu]
// The model: h = relu(x W1 + b1); logits = h W2 + b2; loss = mean softmax cross-entropy; grads of W1, b1, W2, b2.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => (process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${def}`).split("=")[1];
const budget = Number(arg("budget", "2"));
const PY = process.env.PYTHON ?? "/usr/bin/python3";

if (!existsSync(join(here, "../dist/index.js"))) {
  console.error("mlp_step: dist/ is missing; run `npm run build` first.");
  process.exit(1);
}
const tf = require("../dist/index.js");

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
}
function randn(shape, scale, seed) {
  const r = lcg(seed), n = shape.reduce((a, b) => a * b, 1), v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = r() * scale;
  return tf.reshape(tf.constant(v), shape);
}

/** Median µs per call of fn over ~budget seconds (after warm-up). */
function time(fn) {
  for (let i = 0; i < 20; i++) fn();
  const times = [];
  const end = performance.now() + budget * 1000;
  while (performance.now() < end || times.length < 5) {
    const n = 10, t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    times.push(((performance.now() - t0) / n) * 1000);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function model() {
  const x = randn([32, 784], 1, 1);
  const labels = tf.one_hot(tf.constant(Array.from({ length: 32 }, (_, i) => (i * 7) % 10), tf.int32), 10);
  const W1 = new tf.Variable(randn([784, 512], 0.05, 2)), b1 = new tf.Variable(tf.zeros([512]));
  const W2 = new tf.Variable(randn([512, 10], 0.05, 3)), b2 = new tf.Variable(tf.zeros([10]));
  const vars = [W1, b1, W2, b2];
  const step = (xb, yb) => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const h = tf.nn.relu(tf.add(tf.matmul(xb, W1), b1));
      const logits = tf.add(tf.matmul(h, W2), b2);
      return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: yb, logits }));
    });
    return [loss, ...tape.gradient(loss, vars)];
  };
  return { x, labels, step };
}

const rows = [];
const backends = arg("backends", tf.config.get_backend ? "" : "").split(",").filter(Boolean);
const candidates = backends.length ? backends : ["native", "cpu"];
for (const b of candidates) {
  try { tf.config.set_backend(b); } catch (e) { rows.push({ impl: `tfts-${b}`, skip: String(e.message).split("\n")[0] }); continue; }
  const { x, labels, step } = model();
  const traced = tf.function(step);
  // sanity: traced and eager agree
  const e = step(x, labels), t = traced(x, labels);
  const diff = Math.abs(e[0].numpy().item() - t[0].numpy().item());
  if (!(diff < 1e-4)) throw new Error(`mlp_step: traced and eager losses differ by ${diff}`);
  rows.push({ impl: `tfts-${b} eager`, us: time(() => step(x, labels)) });
  rows.push({ impl: `tfts-${b} tf.function`, us: time(() => traced(x, labels)) });
}
const py = spawnSync(PY, [join(here, "mlp_step.py"), String(budget)], { encoding: "utf8", timeout: 600_000 });
let torch = null;
if (py.status === 0) {
  try { torch = JSON.parse(py.stdout.trim().split("\n").pop()); } catch { torch = { skip: `unparsable output: ${py.stdout}` }; }
} else torch = { skip: `${PY} failed: ${(py.stderr || py.error?.message || "").split("\n").slice(-2).join(" ")}` };
rows.push({ impl: `PyTorch ${torch.version ?? ""} (${torch.threads ?? "?"} threads)`.replace("  ", " "), us: torch.us, skip: torch.skip });

console.log("\nmlp_step: 784-512-10 MLP, batch 32, float32, forward + backward (µs per step, median; lower is better)");
const ref = torch.us;
const w = Math.max(...rows.map((r) => r.impl.length));
for (const r of rows) {
  if (r.skip) { console.log(`  ${r.impl.padEnd(w)}  skipped: ${r.skip}`); continue; }
  const ratio = ref ? `  ${(r.us / ref).toFixed(2)}x PyTorch` : "";
  console.log(`  ${r.impl.padEnd(w)}  ${r.us.toFixed(1).padStart(9)} µs${ratio}`);
}
for (const b of candidates) {
  const e = rows.find((r) => r.impl === `tfts-${b} eager`), f = rows.find((r) => r.impl === `tfts-${b} tf.function`);
  if (e?.us && f?.us) console.log(`  ${b}: tf.function / eager = ${(f.us / e.us).toFixed(2)}`);
}
