// Matmul GFLOPS, float32, square N x N, for one JavaScript implementation per process:
//   node bench/matmul.mjs <impl> [N ...] [--full] [--budget=SECONDS]
// impl: tfts-<backend> (this project, from dist/: native, cpu, wasm, ...) | tfjs-cpu | tfjs-wasm.
// Prints one JSON object per line: {bench:"matmul", impl, N, gflops, ms, trials} or {..., skip}.
// Median of timed trials (each >= 10 ms of repeated calls) after warm-up; each size gets about `budget` seconds. Sizes whose single
// call is predicted to take over 20 s are skipped unless --full.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** Loads an implementation: { name, threads, matmul(N) -> runner, add() -> runner } */
export async function loadImpl(impl) {
  if (impl.startsWith("tfts-")) {
    const tf = require("../dist/index.js");
    tf.config.set_backend(impl.slice(5));
    return {
      name: impl,
      makeMatmul(N) {
        const a = tf.reshape(tf.constant(randomArray(N * N)), [N, N]), b = tf.reshape(tf.constant(randomArray(N * N)), [N, N]);
        // The result is disposed, as numpy's is freed by its refcount the moment it is dropped and
        // the tfjs runners dispose theirs: its array then serves the next product (core/engine/spare.ts).
        return () => tf.matmul(a, b).dispose();
      },
      makeAdd() {
        const a = tf.constant([1, 2, 3, 4]), b = tf.constant([5, 6, 7, 8]);
        return () => tf.add(a, b);
      },
      info: () => impl === "tfts-native" ? nativeInfo(tf) : impl === "tfts-cpu" ? "1 thread (TypeScript)" : impl === "tfts-wasm" ? wasmInfo() : "",
    };
  }
  if (impl === "tfjs-cpu" || impl === "tfjs-wasm") {
    const tf = require("@tensorflow/tfjs-core");
    if (impl === "tfjs-cpu") require("@tensorflow/tfjs-backend-cpu");
    else require("@tensorflow/tfjs-backend-wasm");
    const silence = console.warn; console.warn = () => {};
    await tf.setBackend(impl.slice(5));
    await tf.ready();
    console.warn = silence;
    return {
      name: impl,
      makeMatmul(N) {
        const a = tf.tensor2d(randomArray(N * N), [N, N]), b = tf.tensor2d(randomArray(N * N), [N, N]);
        return () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
      },
      makeAdd() {
        const a = tf.tensor1d([1, 2, 3, 4]), b = tf.tensor1d([5, 6, 7, 8]);
        return () => tf.tidy(() => tf.add(a, b));
      },
      info: () => impl === "tfjs-wasm" ? "SIMD, 1 thread (threads are off in Node)" : "1 thread",
    };
  }
  throw new Error(`unknown impl ${impl}`);
}

function wasmInfo() {
  try {
    const b = require("../dist/core/engine/engine.js").getBackend("wasm");
    return `WebAssembly ${b.variant}, ${b.threads} thread(s)`;
  } catch (e) { return String(e.message); }
}

function nativeInfo(tf) {
  try {
    const m = require("../dist/core/engine/engine.js");
    const blas = m.getBackend("native").blas;
    return `${blas.getThreads()} BLAS threads, ${blas.config || blas.library}`;
  } catch (e) { return String(e.message); }
}

export function randomArray(n) {
  const a = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; a[i] = s / 4294967296 - 0.5; }
  return a;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function main() {
  const args = process.argv.slice(2);
  const impl = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a)) ?? "tfts-native";
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const full = args.includes("--full");
  const budget = Number(args.find((a) => a.startsWith("--budget="))?.slice(9) ?? 1.5);
  const lib = await loadImpl(impl);
  console.log(JSON.stringify({ bench: "matmul", impl, info: lib.info() }));
  let perFlop = 0; // seconds per flop seen at the previous size, to predict the next
  for (const N of sizes.length ? sizes : [128, 512, 1024, 2048]) {
    const flops = 2 * N ** 3;
    const predicted = perFlop * flops;
    if (!full && predicted > 20) {
      console.log(JSON.stringify({ bench: "matmul", impl, N, skip: `~${predicted.toFixed(0)} s per call (run with --full)` }));
      continue;
    }
    const run = lib.makeMatmul(N);
    run(); // warm-up (JIT, BLAS buffers, wasm memory growth)
    // Each trial repeats the call enough times to last >= 10 ms (small sizes), so the median is
    // over steady-state loops, not single warm-up-sensitive calls.
    const t1 = now();
    run();
    const reps = Math.max(1, Math.ceil(0.01 / Math.max(now() - t1, 1e-7)));
    const warmEnd = now() + Math.min(0.2, budget / 5);
    while (reps > 1 && now() < warmEnd) run();
    const times = [];
    const t0 = now();
    do {
      const t = now();
      for (let r = 0; r < reps; r++) run();
      times.push((now() - t) / reps);
    } while ((now() - t0 < budget && times.length < 200) || (times.length < 3 && now() - t0 < budget * 4));
    const s = median(times);
    perFlop = s / flops;
    console.log(JSON.stringify({ bench: "matmul", impl, N, gflops: flops / s / 1e9, ms: s * 1e3, trials: times.length }));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.log(JSON.stringify({ bench: "matmul", skip: String(e.message ?? e) })); process.exit(0); });
}
