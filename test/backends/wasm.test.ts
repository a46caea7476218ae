/**
 * The `wasm` backend, variant by variant: each of scalar, SIMD and SIMD + threads (3 threads, so
 * partitions are uneven) is registered as its own backend here and compared with `cpu` on shapes
 * that hit the kernels' edges — GEMM edge tiles and multiple cache blocks, SIMD tails, every
 * convolution geometry and its gradients, broadcast modes, NaN/Inf in reductions and softmax.
 * Also: the binaries are current with wasm/assembly, start-up detection, memory staying flat,
 * fallbacks for other dtypes. The conformance suite runs the default `wasm` backend over every op.
 * Skips with a printed reason when the binaries are not built; fails in CI.
 */
import { describe, it, expect, beforeAll } from "vitest";
import * as fs from "fs";
import * as path from "path";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { getBackend, registerBackend, registeredBackends, runOp } from "../../core/engine/engine";
import { beginSpareStep, endSpareStep, pendingWork, settlePending } from "../../core/engine/spare";
import { WasmBackend } from "../../core/backends/wasm";
import { registerWasmKernels, WASM_KERNELS } from "../../core/backends/wasm/kernels";
import { buildDir, chooseVariant, featuresReady, features, splitWork, VARIANTS, Variant } from "../../core/backends/wasm/runtime";
import { Tensor, Tensor as TensorClass } from "../../core/tensor/tensor";

const inCI = process.env.CI === "true" || process.env.CI === "1";
const built = buildDir() !== null;
if (!built) console.warn("test/backends/wasm: skipping: the WebAssembly kernels are not built (run `npm run build:wasm`).");

it("wasm backend is available in CI (npm ci builds the kernels)", () => {
  if (inCI) expect(availableBackends()).toContain("wasm");
  else expect(availableBackends()).toContain("cpu");
});

// ------------------------------------------------------------------------------ helpers
/**
 * One backend per variant; "blocked" streams every operand over 48 KB in blocks (GEMM rows, conv
 * images). `tiny: 0`: even 1-element ops run in WebAssembly (the default hands ops of <= 32
 * elements to cpu's JavaScript kernels, which are faster there).
 */
const CONFIGS: { key: string; variant: Variant; threads: number; largeBytes?: number }[] = [
  { key: "scalar", variant: "scalar", threads: 1 }, { key: "simd", variant: "simd", threads: 1 },
  { key: "threads", variant: "threads", threads: 3 }, { key: "blocked", variant: "simd", threads: 1, largeBytes: 48 << 10 },
];
const nameOf = (key: string) => `wasm_test_${key}`;
if (built) {
  for (const c of CONFIGS) {
    const name = nameOf(c.key);
    if (registeredBackends().includes(name)) continue;
    registerBackend(name, () => new WasmBackend({ name, variant: c.variant, threads: c.threads, largeBytes: c.largeBytes, tiny: 0 }), -1);
    registerWasmKernels(name);
  }
}

function withBackend<T>(name: string, fn: () => T): T {
  const prev = tf.config.get_backend();
  tf.config.set_backend(name);
  try { return fn(); } finally { tf.config.set_backend(prev); }
}

/** Deterministic values in [-1, 1) with a few exact zeros. */
function rand(shape: number[], seed: number, dtype = "float32"): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Array<number>(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = i % 17 === 5 ? 0 : s / 2 ** 31 - 1; }
  return tf.constant(v, dtype as any, shape);
}
function tensors(r: unknown): Tensor[] {
  if (Array.isArray(r)) return r.flatMap(tensors);
  if (r && typeof r === "object" && "_handle" in (r as object)) return [r as Tensor];
  return [];
}

interface Tol { rtol: number; atol: number }
const EXACT: Tol = { rtol: 0, atol: 0 };
const ULP: Tol = { rtol: 3e-7, atol: 1e-30 };
const SUM: Tol = { rtol: 1e-6, atol: 1e-7 };
const GEMM: Tol = { rtol: 1e-5, atol: 2e-6 };

/** Runs `fn` on cpu and on `name`; outputs must live on `name` and agree within tol (atol scaled by the largest |value|). */
function same(name: string, fn: () => unknown, tol: Tol): void {
  const want = tensors(withBackend("cpu", fn));
  const got = tensors(withBackend(name, fn));
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    const g = got[t], w = want[t];
    expect(g._backend!.name).toBe(name);
    expect(g.shape).toEqual(w.shape);
    expect(g.dtype).toBe(w.dtype);
    const a = g.dataSync() as ArrayLike<number>, b = w.dataSync() as ArrayLike<number>;
    expect(a.length).toBe(b.length);
    let scale = 1;
    for (let i = 0; i < b.length; i++) if (Number.isFinite(b[i])) scale = Math.max(scale, Math.abs(b[i]));
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i])) { expect(a[i]).toBe(b[i]); continue; }
      const err = Math.abs(a[i] - b[i]);
      if (err > tol.rtol * Math.abs(b[i]) + tol.atol * scale) {
        throw new Error(`output ${t} element ${i}: ${a[i]} vs cpu ${b[i]} (|err| ${err.toExponential(2)})`);
      }
    }
  }
}

function grads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[]): Tensor[] {
  const tape = new tf.GradientTape();
  const y = tape.record(() => { tape.watch(xs); return f(...xs); });
  return tape.gradient(y, xs) as Tensor[];
}

// ------------------------------------------------------------------------------ build and start-up
describe.skipIf(!built)("wasm build and start-up", () => {
  it("the built binaries are current with wasm/assembly (else: npm run build:wasm)", async () => {
    const { sourceHash } = await import("../../wasm/build.mjs" as string);
    const manifest = JSON.parse(fs.readFileSync(path.join(buildDir()!, "manifest.json"), "utf8"));
    expect(manifest.hash, "wasm/build is stale: run `npm run build:wasm`").toBe(sourceHash());
    for (const v of VARIANTS) expect(fs.existsSync(path.join(buildDir()!, `${v}.wasm`))).toBe(true);
  });

  it("wasm-feature-detect and validating the variant binaries agree; the variant follows them", async () => {
    const wfd = await featuresReady;
    expect(features().source).toBe("wasm-feature-detect");
    // Node 20 runs SIMD and shared-memory threads (PLATFORM.md); the binaries validate accordingly.
    expect(wfd).toEqual({ simd: true, threads: true });
    const prev = process.env.TF_WASM_VARIANT;
    delete process.env.TF_WASM_VARIANT;
    try {
      expect(chooseVariant(2)).toBe("threads");
      expect(chooseVariant(1)).toBe("simd");
      process.env.TF_WASM_VARIANT = "scalar";
      expect(chooseVariant(2)).toBe("scalar");
    } finally {
      if (prev === undefined) delete process.env.TF_WASM_VARIANT; else process.env.TF_WASM_VARIANT = prev;
    }
  });

  it("the default backend hands tiny ops to cpu's kernels (same arrays, same values)", () => {
    const b = getBackend("wasm") as WasmBackend;
    expect(b.tiny).toBe(32);
    const r = withBackend("wasm", () => tf.add(tf.constant([1, 2, 3, 4]), tf.constant([5, 6, 7, 8])));
    expect(r._backend!.name).toBe("wasm");
    expect(Array.from(r.dataSync() as Float32Array)).toEqual([6, 8, 10, 12]);
  });

  it("ranks between native and cpu", () => {
    const order = registeredBackends();
    expect(order.indexOf("wasm")).toBeLessThan(order.indexOf("cpu"));
    expect(order.indexOf("native")).toBeLessThan(order.indexOf("wasm"));
    const b = getBackend("wasm") as WasmBackend;
    expect(b.sharesCpuStorage).toBe(true);
    expect(VARIANTS).toContain(b.variant);
  });

  it("splitWork covers the output exactly once, in MR/NR-aligned blocks, about three per thread (row blocks of 512+ rows)", () => {
    for (const [m, n, T] of [[1024, 1024, 2], [32, 512, 2], [6272, 64, 3], [5, 7, 4], [33, 2100, 3], [784, 512, 16], [3000, 3000, 2]]) {
      const parts = splitWork(m, n, T, 4, 8);
      expect(parts.length).toBeLessThanOrEqual(3 * T);
      const byRows = parts.length > 1 && parts[0][3] === n;
      if (m * n >= 32 * 512) expect(parts.length).toBeGreaterThanOrEqual(byRows ? Math.min(2 * T, Math.max(T, Math.floor(m / 512))) : 2 * T);
      if (byRows && parts.length > T) for (const [m0, m1] of parts.slice(0, -1)) expect(m1 - m0).toBeGreaterThanOrEqual(512);
      const cover = new Uint8Array(m * n);
      for (const [m0, m1, n0, n1] of parts) {
        expect(m0 % 4 === 0 && n0 % 8 === 0).toBe(true);
        for (let i = m0; i < m1; i++) for (let j = n0; j < n1; j++) cover[i * n + j]++;
      }
      expect(cover.every((c) => c === 1)).toBe(true);
    }
    expect(splitWork(1024, 1024, 2, 4, 8)).toEqual([[0, 512, 0, 1024], [512, 1024, 0, 1024]]);
    expect(splitWork(6272, 64, 2, 4, 8).length).toBe(6); // tall: still three per thread
  });
});

// ------------------------------------------------------------------------------ kernels, per variant
for (const { key, variant: v } of CONFIGS) {
  const name = nameOf(key);
  describe.skipIf(!built)(`wasm ${key} vs cpu`, () => {
    beforeAll(() => { getBackend(name); });

    // GEMM: edge tiles (m % 4, n % 8), k spanning several KC=256 blocks (the accumulate path),
    // n beyond NC=2048, sizes above the threads' cut-off (2^18 multiply-adds).
    const mm: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [67, 257, 129], [130, 300, 70], [8, 5, 2100], [96, 600, 40], [1, 700, 600]];
    for (const [m, k, n] of mm) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        it(`matmul m=${m} k=${k} n=${n} ta=${ta} tb=${tb}`, () => {
          same(name, () => tf.matmul(rand(ta ? [k, m] : [m, k], m + k), rand(tb ? [n, k] : [k, n], n + 3), ta, tb), GEMM);
        });
      }
    }
    const batches: [number[], number[], boolean, boolean][] = [
      [[3, 40, 50], [3, 50, 30], false, false], [[3, 40, 50], [50, 30], false, false], [[3, 50, 40], [50, 30], true, false],
      [[2, 1, 36, 50], [3, 30, 50], false, true], [[4, 5], [2, 3, 5, 6], false, false],
    ];
    for (const [as, bs, ta, tb] of batches) {
      it(`batch matmul ${JSON.stringify(as)} x ${JSON.stringify(bs)} ta=${ta} tb=${tb}`, () => {
        same(name, () => tf.matmul(rand(as, 5), rand(bs, 6), ta, tb), GEMM);
      });
    }
    it("matmul: empty dims, int32 and float64 (cpu kernel on shared storage)", () => {
      same(name, () => [tf.matmul(tf.zeros([0, 3]), tf.ones([3, 4])), tf.matmul(tf.ones([2, 0]), tf.ones([0, 3]))], EXACT);
      same(name, () => tf.matmul(rand([9, 7], 1, "int32"), rand([7, 5], 2, "int32")), EXACT);
      same(name, () => tf.matmul(rand([9, 7], 1, "float64"), rand([7, 5], 2, "float64")), EXACT);
    });

    // Convolutions: stride, dilation, padding, channel counts that do and do not fill a panel,
    // pointwise, channels-first, 1-D and 3-D; forward and both gradients.
    const convs: { x: number[]; w: number[]; s: number | number[]; p: string | number[][]; d?: number; fmt?: string }[] = [
      { x: [2, 9, 11, 5], w: [3, 3, 5, 6], s: 1, p: "SAME" },
      // 3x3 stride 1 with C >= 4, OC >= 8: Winograd F(2x2, 3x3) (odd sizes: partial tiles; many
      // tiles: several chunks, shared by the pool)
      { x: [2, 9, 11, 5], w: [3, 3, 5, 12], s: 1, p: "SAME" },
      { x: [3, 10, 7, 6], w: [3, 3, 6, 9], s: 1, p: "VALID" },
      { x: [2, 8, 9, 4], w: [3, 3, 4, 16], s: 1, p: [[0, 0], [2, 0], [1, 1], [0, 0]] },
      { x: [2, 7, 9, 11], w: [3, 3, 7, 8], s: 1, p: "SAME", fmt: "NCHW" },
      { x: [6, 30, 31, 8], w: [3, 3, 8, 24], s: 1, p: "SAME" },
      // ... and C >= 8: the input gradient by Winograd too (padding 2 - p)
      { x: [3, 10, 9, 8], w: [3, 3, 8, 8], s: 1, p: "VALID" },
      { x: [2, 9, 8, 12], w: [3, 3, 12, 10], s: 1, p: [[0, 0], [2, 0], [0, 1], [0, 0]] },
      { x: [2, 9, 11, 5], w: [3, 3, 5, 6], s: 2, p: "SAME" },
      { x: [2, 10, 7, 3], w: [3, 2, 3, 9], s: [1, 2, 3, 1], p: "VALID" },
      { x: [2, 12, 12, 4], w: [3, 3, 4, 5], s: 1, p: "SAME", d: 2 },
      { x: [3, 8, 8, 1], w: [3, 3, 1, 32], s: 1, p: "SAME" },
      { x: [2, 20, 21, 1], w: [3, 3, 1, 8], s: 1, p: "VALID" }, // 1-channel rows packed 4 at a time
      { x: [2, 20, 23, 1], w: [5, 5, 1, 6], s: 1, p: "SAME", d: 2 },
      { x: [2, 11, 13, 2], w: [3, 3, 2, 5], s: [1, 2, 1, 1], p: "SAME" },
      { x: [4, 14, 14, 32], w: [3, 3, 32, 64], s: 1, p: "SAME" },
      { x: [2, 6, 6, 16], w: [1, 1, 16, 12], s: 1, p: "VALID" },
      { x: [2, 7, 9, 6], w: [3, 3, 6, 4], s: 2, p: [[0, 0], [1, 2], [2, 0], [0, 0]] },
      { x: [2, 4, 9, 11], w: [3, 3, 4, 6], s: 1, p: "SAME", fmt: "NCHW" },
    ];
    for (const c of convs) {
      const label = `conv2d x=${JSON.stringify(c.x)} w=${JSON.stringify(c.w)} s=${JSON.stringify(c.s)} ${JSON.stringify(c.p)}${c.d ? ` d=${c.d}` : ""}${c.fmt ? ` ${c.fmt}` : ""}`;
      const conv = (x: Tensor, w: Tensor) => tf.nn.conv2d(x, w, c.s as any, c.p as any, c.fmt ?? "NHWC", c.d ?? 1);
      it(`${label}: forward`, () => same(name, () => conv(rand(c.x, 1), rand(c.w, 2)), GEMM));
      it(`${label}: gradients`, () => same(name, () => grads((x, w) => tf.reduce_sum(tf.square(conv(x, w))), [rand(c.x, 1), rand(c.w, 2)]), GEMM));
    }
    it("conv1d and conv3d with their gradients", () => {
      same(name, () => grads((x, w) => tf.reduce_sum(tf.square(tf.nn.conv1d(x, w, 2, "SAME"))), [rand([3, 17, 4], 3), rand([5, 4, 6], 4)]), GEMM);
      same(name, () => grads((x, w) => tf.reduce_sum(tf.square(tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], "SAME"))), [rand([2, 5, 6, 7, 3], 5), rand([2, 3, 3, 3, 4], 6)]), GEMM);
    });

    // Elementwise: every broadcast mode, lengths with SIMD tails.
    // Lengths above the 16384-element stream block too, with periods that do not divide it.
    const shapes: [number[], number[]][] = [[[1003], [1003]], [[7, 13], [1]], [[1], [7, 13]], [[9, 6], [6]], [[6], [9, 6]], [[3, 5, 7], [5, 7]], [[4, 1], [4, 5]],
      [[40000], [40000]], [[700, 37], [37]], [[37], [700, 37]], [[33000], [1]]];
    for (const op of ["add", "subtract", "multiply", "divide", "maximum", "minimum", "squared_difference"]) {
      it(`${op} in every broadcast form`, () => {
        for (const [sa, sb] of shapes) same(name, () => (tf as any)[op](rand(sa, 7), rand(sb, 8)), op === "squared_difference" ? ULP : EXACT);
      });
    }
    it("comparisons, select (relu's gradient), add_n, bias_add", () => {
      for (const op of ["greater", "greater_equal", "less", "less_equal", "equal", "not_equal"]) {
        for (const [sa, sb] of shapes) same(name, () => (tf as any)[op](rand(sa, 7), rand(sb, 7)), EXACT);
      }
      same(name, () => tf.where(tf.greater(rand([33, 17], 1), tf.zeros([33, 17])), rand([33, 17], 2), rand([33, 17], 3)), EXACT);
      // One scalar branch (dropout's where(keep, x·scale, 0)), on either side; NaN and infinities pass through.
      const cond = tf.greater(rand([33, 17], 4), tf.zeros([33, 17])), special = tf.constant(Array.from({ length: 33 * 17 }, (_, i) => [-0, NaN, -Infinity, 2.5][i % 4]), "float32", [33, 17]);
      for (const s of [0, -0, NaN, 1.5]) {
        same(name, () => [tf.where(cond, special, tf.constant(s)), tf.where(cond, tf.constant(s), special), tf.where(cond, rand([33, 17], 5), tf.constant(s))], EXACT);
      }
      same(name, () => grads((x) => tf.reduce_sum(tf.multiply(tf.nn.relu(x), rand([37, 11], 9))), [rand([37, 11], 4)]), EXACT);
      same(name, () => tf.add_n([rand([101], 1), rand([101], 2), rand([101], 3)]), EXACT);
      same(name, () => tf.nn.bias_add(rand([5, 3, 19], 1), rand([19], 2)), EXACT);
    });
    it("comparisons 16 lanes at a time (equal shapes and a scalar, NaN, signed zeros, tails) and bool/uint8 -> float32 casts", () => {
      const vals = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 2, 2, -3, 1e-30];
      const arr = (n: number, k: number) => tf.constant(Array.from({ length: n }, (_, i) => vals[(i * k + (i >> 3)) % vals.length]), "float32");
      for (const n of [1, 15, 16, 17, 47, 1000, 16384 + 5]) {
        for (const op of ["greater", "greater_equal", "less", "less_equal", "equal", "not_equal"]) {
          same(name, () => (tf as any)[op](arr(n, 5), arr(n, 7)), EXACT);
          for (const s of [2, NaN, -0]) same(name, () => (tf as any)[op](arr(n, 5), tf.constant(s, "float32")), EXACT);
        }
        same(name, () => tf.cast(tf.greater_equal(arr(n, 3), tf.constant(0.5, "float32")), "float32"), EXACT);
        same(name, () => tf.cast(tf.constant(Array.from({ length: n }, (_, i) => (i * 37) % 256), "uint8"), "float32"), EXACT);
      }
    });
    const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3.75, 20, -20, 88.5, -103, 1e-30, Infinity, -Infinity, NaN, 6, 7, -0.3];
    const UNARY = ["negative", "abs", "sqrt", "square", "exp", "log", "log1p", "math.expm1", "tanh", "sigmoid", "math.reciprocal", "rsqrt",
      "floor", "ceil", "round", "sign", "sin", "cos", "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.softplus", "nn.softsign", "nn.leaky_relu"];
    for (const op of UNARY) {
      it(`${op} on special values and a long vector`, () => {
        const f = op.split(".").reduce((o: any, k) => o[k], tf) as (x: Tensor) => Tensor;
        same(name, () => f(tf.constant(SPECIAL, "float32")), ULP);
        same(name, () => f(tf.multiply(rand([1001], 3), tf.constant(4, "float32"))), ULP);
      });
    }

    // Reductions and the softmax family.
    it("reductions over one block of axes (sums in float64), NaN propagation, empty axes", () => {
      const x = rand([6, 7, 9], 11);
      for (const [op, tol] of [["reduce_sum", SUM], ["reduce_mean", SUM], ["reduce_max", EXACT], ["reduce_min", EXACT], ["reduce_prod", SUM]] as const) {
        const f = (tf as any)[op];
        for (const axis of [0, 1, 2, [0, 1], [1, 2], null]) same(name, () => f(x, axis), tol);
        same(name, () => f(x, [0, 2]), tol); // two blocks: cpu's kernel
        same(name, () => f(tf.constant([[1, NaN, 3], [4, 5, -Infinity]], "float32"), 1), tol);
        same(name, () => f(tf.zeros([0, 3]), 0), tol);
      }
      same(name, () => tf.reduce_sum(rand([100003], 2)), SUM);
      // Slices larger than a copy block: rows accumulate in float64 across blocks.
      for (const op of ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min"]) {
        same(name, () => (tf as any)[op](rand([300007], 3)), SUM);
        same(name, () => (tf as any)[op](rand([2, 700, 501], 4), 1), SUM);
      }
    });
    it("softmax, log_softmax, both cross-entropies (with their gradients), inf and NaN rows", () => {
      const logits = tf.constant([[1, 2, 3, 4], [-Infinity, 0, 1, 2], [Infinity, 0, 1, 2], [NaN, 1, 2, 3], [1000, -1000, 0, 5]], "float32");
      same(name, () => [tf.nn.softmax(logits), tf.nn.log_softmax(logits)], ULP);
      const x = rand([33, 10], 5), labels = tf.nn.softmax(rand([33, 10], 6));
      same(name, () => [tf.nn.softmax(x), tf.nn.log_softmax(x), tf.nn.softmax(rand([3, 4, 5], 1), 1)], ULP);
      const many = rand([5003, 10], 7), manyLabels = tf.nn.softmax(rand([5003, 10], 8)); // rows span several blocks
      const manyIds = tf.constant(Array.from({ length: 5003 }, (_, i) => (i * 3) % 10), "int32");
      same(name, () => [tf.nn.softmax(many), tf.nn.log_softmax(many), tf.nn.softmax_cross_entropy_with_logits({ labels: manyLabels, logits: many }),
        tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: manyIds, logits: many })], ULP);
      same(name, () => tf.nn.softmax_cross_entropy_with_logits({ labels, logits: x }), ULP);
      const ids = tf.constant(Array.from({ length: 33 }, (_, i) => (i * 7) % 10), "int32");
      same(name, () => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: ids, logits: x }), ULP);
      same(name, () => grads((z) => tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: ids, logits: z })), [x]), ULP);
      const bad = () => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([0, 12], "int32"), logits: rand([2, 10], 1) });
      const err = (b: string) => { try { withBackend(b, bad); return ""; } catch (e) { return (e as Error).message; } };
      expect(err(name)).toMatch(/outside the valid range/);
      expect(err(name)).toBe(err("cpu"));
    });

    it("a training step's ops run in WebAssembly (not cpu's kernels), on the pool for the threads variant", () => {
      const b = getBackend(name) as WasmBackend;
      const rt = b.rt as unknown as { k: Record<string, unknown>; pool: { started: boolean } | null };
      /** The kernel exports `fn` calls on this backend. */
      const called = (fn: () => unknown): Set<string> => {
        const orig = rt.k, calls = new Set<string>();
        rt.k = new Proxy(orig, { get(t, p) { calls.add(String(p)); return t[p as string]; } });
        try { withBackend(name, fn); } finally { rt.k = orig; }
        return calls;
      };
      const step = called(() => {
        const x = rand([32, 784], 1), W = rand([784, 128], 2), bias = rand([128], 3), ids = tf.constant(Array.from({ length: 32 }, (_, i) => i % 10), "int32");
        const W2 = rand([128, 10], 4);
        grads((w, w2) => {
          const h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), bias));
          return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: ids, logits: tf.matmul(h, w2) }));
        }, [W, W2]);
      });
      for (const fn of ["gemm", "binary", "unary", "reluGrad", "reduce", "sparseSoftmaxXent"]) expect(step.has(fn), fn).toBe(true);
      expect(called(() => tf.random.uniform([100], 0, 1, "float32", 3)).has("philoxUniform")).toBe(true);
      const other = called(() => {
        tf.where(tf.greater(rand([5, 6], 1), tf.zeros([5, 6])), rand([5, 6], 2), rand([5, 6], 3));
        tf.add_n([rand([7], 1), rand([7], 2)]);
        tf.nn.softmax_cross_entropy_with_logits({ labels: tf.nn.softmax(rand([4, 5], 1)), logits: rand([4, 5], 2) });
        tf.nn.softmax(rand([4, 5], 3)); tf.nn.log_softmax(rand([4, 5], 4));
        grads((x, w) => tf.reduce_sum(tf.nn.conv2d(x, w, 1, "SAME")), [rand([2, 8, 8, 3], 5), rand([3, 3, 3, 4], 6)]); // C < OC: col2im
        grads((x, w) => tf.reduce_sum(tf.nn.conv2d(x, w, 1, "SAME")), [rand([2, 8, 8, 6], 5), rand([3, 3, 6, 4], 6)]); // C >= OC: gather
      });
      for (const fn of ["compare", "select", "softmaxXent", "softmax", "logSoftmax", "col2im", "convFilterForDx"]) expect(other.has(fn), fn).toBe(true);
      const wino = called(() => tf.nn.conv2d(rand([2, 8, 8, 8], 1), rand([3, 3, 8, 8], 2), 1, "SAME"));
      expect(wino.has("winogradChunk")).toBe(v !== "scalar"); // the scalar variant keeps the GEMM path
      if (key === "threads") expect(rt.pool?.started).toBe(true);
      else expect(rt.pool).toBe(null);
    });

    it("fused optimizer updates: ApplyAdam (float32) within a few ulps of cpu's float64; momentum and descent exact", () => {
      const sc = (k: number) => tf.constant(k, "float32");
      for (const n of [1, 7, 20001]) {
        const v = rand([n], 1), m = rand([n], 2), vv = tf.abs(rand([n], 3)), g = rand([n], 4);
        same(name, () => runOp("ApplyAdam", [v, m, vv, sc(0.9 ** 3), sc(0.999 ** 3), sc(0.01), sc(0.9), sc(0.999), sc(1e-7), g], {}), { rtol: 1e-6, atol: 1e-7 });
        for (const use_nesterov of [false, true]) same(name, () => runOp("ApplyKerasMomentum", [v, m, sc(0.05), g, sc(0.9)], { use_nesterov }), EXACT);
        same(name, () => runOp("ApplyGradientDescent", [v, sc(0.1), g], {}), EXACT);
      }
    });

    it("fused optimizer updates flush subnormal slot values to zero (TF's CPU FTZ), on cpu and here alike; variables are not flushed", () => {
      const sc = (k: number) => tf.constant(k, "float32");
      const FLT_MIN = 1.1754943508222875e-38;
      // Zero gradients: the slots decay by beta (m by 0.9, v by 0.999, the accumulator by 0.9). Lanes:
      // subnormal slot values, normal ones that stay normal, ones that decay below FLT_MIN (lanes 4
      // and 9 only for m). 11 lanes: the SIMD loop and the scalar tail.
      const slotVals = [1e-39, -3e-39, 2e-38, -5e-38, 1.25e-38, 3e-37, 0, 7e-39, 1e-30, -1.2e-38, 4e-40];
      const n = slotVals.length, g = tf.zeros([n]), slot = tf.constant(slotVals, "float32"), vpos = tf.abs(slot);
      // A subnormal variable (lane 6, whose update is exactly 0) is stored as computed, not flushed.
      const xv = slotVals.map((_, i) => (i === 6 ? 1e-39 : 0.5)), x = tf.constant(xv, "float32");
      const xWant = Array.from(Float32Array.from(xv));
      for (const b of ["cpu", name]) {
        const [x2, m2, v2] = withBackend(b, () => runOp("ApplyAdam", [x, slot, vpos, sc(0.9 ** 3), sc(0.999 ** 3), sc(0.01), sc(0.9), sc(0.999), sc(1e-7), g], {}));
        const [mx, ma] = withBackend(b, () => runOp("ApplyKerasMomentum", [x, slot, sc(0.05), g, sc(0.9)], { use_nesterov: false }));
        for (const [got, src, decay] of [[m2, slotVals, 0.9], [v2, slotVals.map(Math.abs), 0.999], [ma, slotVals, 0.9]] as [Tensor, number[], number][]) {
          const out = got.dataSync() as Float32Array;
          for (let i = 0; i < n; i++) {
            const want = Math.fround(src[i]) * decay;
            if (Math.abs(want) < FLT_MIN) expect(Object.is(out[i], 0), `${b} lane ${i}: ${out[i]} should be +0`).toBe(true);
            else expect(Math.abs(out[i] - want), `${b} lane ${i}`).toBeLessThanOrEqual(1e-6 * Math.abs(want));
          }
        }
        expect(Array.from(x2.dataSync() as Float32Array)).toEqual(xWant);
        expect(Array.from(mx.dataSync() as Float32Array)).toEqual(xWant);
      }
    });

    it("ApplyAdam: fresh results are resident where the memory is shared; updating them in place (pool chunks) equals the streamed kernel bit for bit", () => {
      const n = 5 * 16384 + 123; // several chunks and a tail
      const b = getBackend(name) as WasmBackend;
      const sc = (k: number) => tf.constant(k, "float32");
      const make = () => [1, 2, 3, 4].map((seed) => seed === 3 ? tf.abs(rand([n], seed)) : rand([n], seed));
      const run = (ts: Tensor[], inplace: boolean) => withBackend(name, () =>
        runOp("ApplyAdam", [ts[0], ts[1], ts[2], sc(0.9 ** 3), sc(0.999 ** 3), sc(0.01), sc(0.9), sc(0.999), sc(1e-7), ts[3]], inplace ? { inplace } : {}));
      const plain = (ts: Tensor[]) => ts.map((t) => tf.constant(Float32Array.from(t.dataSync() as Float32Array), "float32", t.shape));
      // Reference: two steps, the second on private copies of the first's results (streamed, never resident).
      const ins = make();
      const r1 = run(ins, false);
      const ref = run([...plain(r1), ins[3]], true).map((t) => Array.from(t.dataSync() as Float32Array));
      const s1 = run(ins, false);
      const resident = s1.map((t) => b.rt.residentPtr(t._handle as Float32Array));
      if (v === "threads") for (const p of resident) expect(p).toBeGreaterThan(0);
      else expect(resident).toEqual([-1, -1, -1]);
      const s2 = run([...s1, ins[3]], true);
      for (let i = 0; i < 3; i++) {
        expect(s2[i]._handle).toBe(s1[i]._handle); // written in place
        const got = s2[i].dataSync() as Float32Array;
        let differ = 0;
        for (let j = 0; j < n; j++) if (!Object.is(got[j], ref[i][j])) differ++;
        expect(differ).toBe(0);
      }
    });

    it("in a train step, the in-place Adam of a large resident variable runs asynchronously; readbacks, kernels and pool jobs wait for it, freed blocks stay unused until then, values equal the synchronous update", () => {
      const n = 5 * 16384 + 123;
      const b = getBackend(name) as WasmBackend;
      const sc = (k: number) => tf.constant(k, "float32");
      const make = () => [1, 2, 3, 4].map((seed) => seed === 3 ? tf.abs(rand([n], seed)) : rand([n], seed));
      const run = (ts: Tensor[], inplace: boolean) => withBackend(name, () =>
        runOp("ApplyAdam", [ts[0], ts[1], ts[2], sc(0.9 ** 3), sc(0.999 ** 3), sc(0.01), sc(0.9), sc(0.999), sc(1e-7), ts[3]], inplace ? { inplace } : {}));
      const ins = make();
      const arrays = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync() as Float32Array));
      // Reference: the same two updates outside a step (synchronous).
      const r1 = run(ins, false);
      const ref2 = arrays(run([...r1, ins[3]], true));
      const ref3 = arrays(run([...r1, ins[3]], true));
      const sameAs = (got: Tensor[], ref: number[][]) => {
        for (let i = 0; i < 3; i++) {
          const g = got[i].dataSync() as Float32Array;
          let differ = 0;
          for (let j = 0; j < n; j++) if (!Object.is(g[j], ref[i][j])) differ++;
          expect(differ, `output ${i}`).toBe(0);
        }
      };
      const async = v === "threads"; // shared memory and a pool
      beginSpareStep();
      try {
        const s1 = run(ins, false);
        // Resident gradients (a step's MatMul output is one); the first is freed while the update runs.
        const residentGrad = (): [Tensor, Float32Array | null] => {
          const a = b.rt.residentF32(n);
          if (!a) return [ins[3], null];
          a.set(ins[3].dataSync() as Float32Array);
          return [new TensorClass([n], ins[3].dtype, a, getBackend(name)), a];
        };
        const [g, gArr] = residentGrad(), [g2] = residentGrad();
        expect(gArr !== null).toBe(async);
        run([...s1, g], true);
        expect(pendingWork !== null).toBe(async);
        if (async) {
          const heap = (b.rt as unknown as { resident: { free(a: Float32Array): void } }).resident;
          const gOff = b.rt.residentPtr(gArr!);
          heap.free(gArr!); // its block is freed meanwhile, but not reused until the update is done
          const other = b.rt.residentF32(n)!;
          expect(b.rt.residentPtr(other)).not.toBe(gOff);
          heap.free(other);
          expect(pendingWork).not.toBe(null); // neither the allocation nor the free waited
        }
        sameAs(s1, ref2); // the readback waited
        expect(pendingWork).toBe(null);
        // Again, then a kernel reading the variable: it waits too (and the values are the second update's),
        // also after the memory grew meanwhile (memory.buffer is then a new object; the variable's views keep the old one).
        run([...s1, g2], true);
        expect(pendingWork !== null).toBe(async);
        const before = b.rt.bytes, big = b.rt.residentF32(24 << 20);
        if (async) expect(b.rt.bytes).toBeGreaterThan(before);
        const sum = withBackend(name, () => tf.reduce_sum(s1[0]));
        if (big) (b.rt as unknown as { resident: { free(a: Float32Array): void } }).resident.free(big);
        expect(pendingWork).toBe(null);
        sameAs(s1, ref3);
        expect(Number(sum.numpy().item())).toBeCloseTo(ref3[0].reduce((p, q) => p + q, 0), 0);
        // settlePending (fit's last call) finishes what is left.
        run([...s1, g2], true);
        expect(pendingWork !== null).toBe(async);
        settlePending();
        expect(pendingWork).toBe(null);
      } finally {
        endSpareStep();
      }
    });

    it("uniform random numbers (dropout's mask) are cpu's Philox stream, value for value", () => {
      const draws = (b: string) => withBackend(b, () => {
        tf.random.set_seed(1234);
        // Sizes: a partial Philox block, and several stream blocks; the op's counter carries over.
        return [tf.random.uniform([7]), tf.random.uniform([40001], -2, 3), tf.random.uniform([3, 5], 0, 1, "float32", 77),
          tf.random.stateless_uniform([1001], [5, 6]), tf.random.stateless_uniform([9], [-3, 2 ** 40], 1, 4)];
      });
      const got = draws(name), want = draws("cpu");
      for (let i = 0; i < want.length; i++) {
        expect(got[i]._backend!.name).toBe(name);
        expect(Array.from(got[i].dataSync() as Float32Array)).toEqual(Array.from(want[i].dataSync() as Float32Array));
      }
    });

    it("momentum and descent: fresh results are resident where the memory is shared; in-place updates on them equal the streamed kernels bit for bit", () => {
      const n = 3 * 16384 + 5;
      const b = getBackend(name) as WasmBackend;
      const sc = (k: number) => tf.constant(k, "float32");
      const plain = (ts: Tensor[]) => ts.map((t) => tf.constant(Float32Array.from(t.dataSync() as Float32Array), "float32", t.shape));
      const [v, acc, g] = [rand([n], 11), rand([n], 12), rand([n], 13)];
      const mom = (ts: Tensor[], inplace: boolean) => withBackend(name, () => runOp("ApplyKerasMomentum", [ts[0], ts[1], sc(0.05), g, sc(0.9)], inplace ? { inplace, use_nesterov: true } : { use_nesterov: true }));
      const sgd = (ts: Tensor[], inplace: boolean) => withBackend(name, () => runOp("ApplyGradientDescent", [ts[0], sc(0.1), g], inplace ? { inplace } : {}));
      const cases: [(ts: Tensor[], inplace: boolean) => Tensor[], Tensor[]][] = [[mom, [v, acc]], [sgd, [v]]];
      for (const [run, ins] of cases) {
        const ref = run(plain(run(ins, false)), true).map((t) => Array.from(t.dataSync() as Float32Array));
        const s1 = run(ins, false);
        for (const t of s1) expect(b.rt.residentPtr(t._handle as Float32Array) >= 0).toBe(b.rt.variant === "threads");
        const s2 = run(s1, true);
        for (let i = 0; i < s2.length; i++) {
          expect(s2[i]._handle).toBe(s1[i]._handle);
          expect(Array.from(s2[i].dataSync() as Float32Array)).toEqual(ref[i]);
        }
      }
    });

    it("uniform random numbers: SIMD groups of blocks, their tails, counters off a group boundary, and the counter crossing 2^32 match cpu", () => {
      // SIMD kernels draw 8 blocks (32 values) at a time, the rest one block at a time. One op seed:
      // its counter carries over, so most draws start off a multiple of 4 or 8 blocks.
      const sizes = [1, 3, 15, 16, 17, 31, 32, 33, 63, 1001, 16384 + 7, 5, 64, 16384 * 2 + 18];
      const draws = (b: string) => withBackend(b, () => {
        tf.random.set_seed(42);
        return sizes.map((n, k) => tf.random.uniform([n], k % 2 ? -2 : 0, k % 2 ? 3 : 1, "float32", 99));
      });
      const got = draws(name), want = draws("cpu");
      for (let i = 0; i < want.length; i++) {
        expect(got[i]._backend!.name).toBe(name);
        expect(Array.from(got[i].dataSync() as Float32Array)).toEqual(Array.from(want[i].dataSync() as Float32Array));
      }
      // Block counters whose low word wraps inside a SIMD group (first or second set of 4 lanes), at a
      // group's end, in the scalar tail, across a stream block's start, with a high word > 0.
      const wraps = [[2 ** 32 - 3, 64], [2 ** 32 - 6, 64], [2 ** 32 - 8, 64], [2 ** 32 - 1, 33], [2 ** 32 - 4, 48],
        [2 ** 32 - 10, 40], [2 ** 32 - 4096 - 3, 16384 + 100], [3 * 2 ** 32 - 7, 77]];
      for (const [counter, n] of wraps) {
        const draw = (b: string) => withBackend(b, () => {
          const state = { counter };
          const t = runOp("RandomUniform", [], { shape: [n], dtype: tf.float32, minval: -1.5, maxval: 2.25, seed: 7, seed2: -3, state })[0];
          return { t, counter: state.counter };
        });
        const g = draw(name), w = draw("cpu");
        expect(g.t._backend!.name).toBe(name);
        expect(g.counter).toBe(w.counter);
        expect(Array.from(g.t.dataSync() as Float32Array)).toEqual(Array.from(w.t.dataSync() as Float32Array));
      }
    });

    it("memory: results are fresh GC-owned arrays; linear memory stays flat over a long loop", () => {
      const b = getBackend(name) as WasmBackend;
      const x = rand([64, 200], 1), w = rand([200, 100], 2);
      const step = () => withBackend(name, () => tf.nn.relu(tf.add(tf.matmul(x, w), tf.constant(1, "float32"))));
      const first = step();
      expect((first._handle as Float32Array).buffer).not.toBe(b.rt.memory.buffer);
      const before = b.rt.bytes;
      // Elementwise ops, reductions and softmax stream through the arena: a 16 MB tensor does not grow it.
      const big = rand([4 << 20], 5);
      withBackend(name, () => { tf.exp(tf.add(big, big)); tf.reduce_sum(big); tf.nn.softmax(tf.reshape(big, [-1, 64])); });
      expect(b.rt.bytes).toBe(before);
      for (let i = 0; i < 300; i++) step();
      expect(b.rt.bytes).toBe(before);
      expect(b.memory().numBytes).toBe(before - b.rt.residentBytes); // resident tensor storage is the engine's to count
      // The first result was not overwritten by later calls reusing the arena.
      same(name, () => tf.nn.relu(tf.add(tf.matmul(x, w), tf.constant(1, "float32"))), GEMM);
      expect(Array.from(first.dataSync() as Float32Array)).toEqual(Array.from(step().dataSync() as Float32Array));
    });
  });
}

it("every wasm kernel has a cpu kernel to fall back on and a case above", () => {
  const cpu = getBackend("cpu");
  for (const op of WASM_KERNELS.keys()) expect(cpu.kernels.has(op), op).toBe(true);
});

it("the threads variant's workers are spawned by its first kernel call (not by constructing the backend) and start in the background", () => {
  const dir = buildDir();
  expect(dir && fs.existsSync(path.join(dir, "threads.wasm"))).toBeTruthy(); // built by npm test's build (wasm/build.mjs)
  const b = new WasmBackend({ name: "wasm-spawn-test", variant: "threads", threads: 2 });
  const pool = (b.rt as unknown as { pool: { spawned: boolean; started: boolean; c: Int32Array } }).pool;
  expect(pool.spawned).toBe(false); // listing or constructing backends starts no threads
  b.rt.reset(); // what every kernel call does first
  expect(pool.spawned).toBe(true);
  expect(pool.started).toBe(false); // nothing waited for them
  // The worker reports itself running without any job having been posted.
  const deadline = Date.now() + 20_000;
  while (Atomics.load(pool.c, 2) < 1 && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  expect(Atomics.load(pool.c, 2)).toBe(1);
});
