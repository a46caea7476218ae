/**
 * The `native` backend (OpenBLAS via koffi): GEMM against a float64 reference written here, the
 * cpu fallbacks, storage shared with `cpu` (no copies, no warnings), threads, and what happens when
 * no BLAS loads. Skips with a printed reason where OpenBLAS is absent; fails in CI (`.ci/run`
 * installs it).
 */
import { describe, it, expect, vi, afterEach } from "vitest";
import * as os from "os";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { defineOp, getBackend, registerBackend, registerKernel, runOp } from "../../core/engine/engine";
import { loadBlas } from "../../core/backends/native/blas";
import type { NativeBackend } from "../../core/backends/native";

const hasNative = availableBackends().includes("native");
const inCI = process.env.CI === "true" || process.env.CI === "1";
if (!hasNative) {
  let reason = "";
  try { getBackend("native"); } catch (e) { reason = (e as Error).message; }
  console.warn(`test/backends/native: skipping native tests: ${reason}`);
}

it("native backend is available in CI", () => {
  if (inCI) expect(availableBackends()).toContain("native");
  else expect(availableBackends()).toContain("cpu");
});

/** Deterministic values in [-1, 1). */
function rand(n: number, seed: number): number[] {
  const out = new Array<number>(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s / 2 ** 31 - 1; }
  return out;
}

/** float64 reference of op(A) op(B) for row-major stored A, B, plus sum |a||b| per element (error scale). */
function refGemm(a: number[], b: number[], m: number, n: number, k: number, ta: boolean, tb: boolean) {
  const c = new Float64Array(m * n), mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, g = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? a[p * m + i] : a[i * k + p];
        const y = tb ? b[j * k + p] : b[p * n + j];
        s += x * y; g += Math.abs(x * y);
      }
      c[i * n + j] = s; mag[i * n + j] = g;
    }
  }
  return { c, mag };
}

function withBackend<T>(name: string, fn: () => T): T {
  const prev = tf.config.get_backend();
  tf.config.set_backend(name);
  try { return fn(); } finally { tf.config.set_backend(prev); }
}

describe.skipIf(!hasNative)("native backend", () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it("outranks cpu: the default unless TF_BACKEND (or a higher-priority backend, e.g. a GPU) says otherwise", () => {
    const avail = availableBackends();
    expect(avail.indexOf("native")).toBeLessThan(avail.indexOf("cpu"));
    expect(tf.config.get_backend()).toBe(process.env.TF_BACKEND || avail[0]);
    // One physical CPU whatever the number of CPU backends.
    expect(tf.config.list_physical_devices("CPU").length).toBe(1);
  });

  // The last three are mid-sized (4M-32M multiply-adds): split with the wasm pool's workers where they loaded the BLAS.
  const shapes: [number, number, number][] = [[1, 1, 1], [2, 3, 4], [37, 19, 23], [64, 128, 96], [130, 257, 65], [32, 784, 512], [784, 32, 512], [101, 299, 151]];
  for (const dt of ["float32", "float64"] as const) {
    for (const [m, k, n] of shapes) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        it(`MatMul ${dt} m=${m} k=${k} n=${n} transpose_a=${ta} transpose_b=${tb} matches a float64 reference`, () => {
          const a = rand(m * k, m * 7 + k), b = rand(k * n, n * 13 + k);
          const { c, mag } = refGemm(a, b, m, n, k, ta, tb);
          const out = withBackend("native", () => {
            const x = tf.constant(a, dt, ta ? [k, m] : [m, k]);
            const y = tf.constant(b, dt, tb ? [n, k] : [k, n]);
            return tf.matmul(x, y, ta, tb);
          });
          expect(out.shape).toEqual([m, n]);
          expect(out.dtype.name).toBe(dt);
          expect(out._backend!.name).toBe("native");
          const got = out.dataSync() as Float32Array | Float64Array;
          const eps = dt === "float32" ? 2 ** -23 : 2 ** -52;
          let worst = 0;
          for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i] - c[i]) / ((mag[i] + 1e-30) * eps * (k + 2)));
          expect(worst).toBeLessThan(1); // |error| < (k+2) eps sum|a||b|: the classic GEMM bound
        });
      }
    }
  }

  it("mid-sized float32 GEMMs run in blocks on the wasm pool's workers too (same BLAS), on resident operands where they are", async () => {
    const wasm = getBackend("wasm") as any;
    if (!wasm.rt.blasPooled()) { expect(wasm.rt.variant === "threads" && os.cpus().length > 1 && inCI).toBe(false); return; }
    const spy = vi.spyOn(wasm.rt, "blasGemm");
    const { beginSpareStep, endSpareStep } = await import("../../core/engine/spare");
    const a = rand(32 * 784, 3), b = rand(784 * 512, 4);
    const { c, mag } = refGemm(a, b, 32, 512, 784, false, false);
    beginSpareStep(); // inside a step the product and a relu of it are resident blocks
    let got: Float32Array;
    try {
      got = withBackend("native", () => {
        const y = tf.matmul(tf.constant(a, "float32", [32, 784]), tf.constant(b, "float32", [784, 512]));
        expect(wasm.rt.residentPtr(y._handle)).toBeGreaterThan(0);
        const g = tf.matmul(tf.constant(a, "float32", [32, 784]), tf.nn.relu(y), true, false); // [784, 512] from a resident operand
        expect(g.shape).toEqual([784, 512]);
        return Float32Array.from(y.dataSync() as Float32Array);
      });
    } finally { endSpareStep(); }
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - c[i]) / ((mag[i] + 1e-30) * 2 ** -23 * 786));
    expect(worst).toBeLessThan(1);
  });

  /**
   * Worst error of `got`, a 3x3 stride-1 convolution of x [N, H, W, C] with padding P on each side
   * (w(ky, kx, c, o) the filter, OC outputs), against a float64 reference, in units of Winograd's
   * rounding bound (its transforms add a few roundings per term: |V|, |U| up to 4x and 2.25x the inputs).
   */
  function winogradError(got: Float32Array, xv: ArrayLike<number>, [N, H, W, C]: number[], w: (ky: number, kx: number, c: number, o: number) => number, OC: number, P: number): number {
    const OH = H + 2 * P - 2, OW = W + 2 * P - 2;
    let worst = 0;
    for (let n = 0; n < N; n++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let o = 0; o < OC; o++) {
      let ref = 0, mag = 0;
      for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
        const iy = oy + ky - P, ix = ox + kx - P;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        for (let c = 0; c < C; c++) {
          const p = xv[((n * H + iy) * W + ix) * C + c] * w(ky, kx, c, o);
          ref += p; mag += Math.abs(p);
        }
      }
      worst = Math.max(worst, Math.abs(got[((n * OH + oy) * OW + ox) * OC + o] - ref) / ((mag + 1e-30) * 2 ** -23 * 9 * (9 * C + 16)));
    }
    return worst;
  }

  /** Runs `check` on each case where the pool has BLAS; every case must take the Winograd path (one batched BLAS call). */
  function onWinograd(cases: [number[], number[], string][], check: (xs: number[], ws: number[], pad: string) => void): void {
    const wasm = getBackend("wasm") as any;
    if (!wasm.rt.blasPooled()) { expect(wasm.rt.variant === "threads" && os.cpus().length > 1 && inCI).toBe(false); return; }
    const spy = vi.spyOn(wasm.rt, "blasGemmBatch");
    for (const [xs, ws, pad] of cases) check(xs, ws, pad);
    expect(spy).toHaveBeenCalledTimes(cases.length);
    spy.mockRestore();
  }

  it("3x3 stride-1 float32 convolutions with 16+ channels take Winograd F(2x2, 3x3) on the pool and match a float64 reference", () => {
    onWinograd([[[2, 9, 11, 16], [3, 3, 16, 24], "SAME"], [[3, 7, 9, 17], [3, 3, 17, 20], "VALID"], [[1, 6, 6, 32], [3, 3, 32, 16], "SAME"]], (xs, ws, pad) => {
      const [N, H, W, C] = xs, OC = ws[3], P = pad === "SAME" ? 1 : 0;
      const xv = rand(N * H * W * C, 5), wv = rand(9 * C * OC, 6);
      const out = withBackend("native", () => tf.nn.conv2d(tf.constant(xv, "float32", xs), tf.constant(wv, "float32", ws), 1, pad as any));
      expect(out.shape).toEqual([N, H + 2 * P - 2, W + 2 * P - 2, OC]);
      expect(winogradError(out.dataSync() as Float32Array, xv, xs, (ky, kx, c, o) => wv[((ky * 3 + kx) * C + c) * OC + o], OC, P)).toBeLessThan(1);
    });
  });

  it("the input gradient of such a convolution (a 3x3 convolution of dy, padding 1 for SAME, 2 for VALID) is Winograd's too, against a float64 reference", () => {
    onWinograd([[[2, 9, 11, 16], [3, 3, 16, 24], "SAME"], [[3, 7, 8, 20], [3, 3, 20, 17], "VALID"], [[1, 6, 6, 32], [3, 3, 32, 16], "SAME"]], (xs, ws, pad) => {
      const [N, H, W, C] = xs, OC = ws[3], P = pad === "SAME" ? 1 : 0, OH = H + 2 * P - 2, OW = W + 2 * P - 2;
      const wv = rand(9 * C * OC, 7), dyv = rand(N * OH * OW * OC, 8);
      const dx = withBackend("native", () => runOp("Conv2DBackpropInput", [tf.constant(xs, "int32"), tf.constant(wv, "float32", ws), tf.constant(dyv, "float32", [N, OH, OW, OC])],
        { strides: [1, 1, 1, 1], padding: pad, data_format: "NHWC", dilations: [1, 1, 1, 1] })[0]);
      expect(dx.shape).toEqual(xs);
      // dx is dy convolved with the filter flipped and transposed, padding 2 - P: reference and bound as for a forward pass.
      expect(winogradError(dx.dataSync() as Float32Array, dyv, [N, OH, OW, OC], (ky, kx, o, c) => wv[(((2 - ky) * 3 + 2 - kx) * C + c) * OC + o], C, 2 - P)).toBeLessThan(1);
    });
  });

  const batchCases: [number[], number[], boolean, boolean][] = [
    [[3, 4, 5], [3, 5, 2], false, false],   // full batch
    [[3, 4, 5], [5, 2], false, false],      // one B for the whole batch (folded into one GEMM)
    [[3, 5, 4], [5, 2], true, false],       // same with transpose_a (not folded)
    [[2, 1, 4, 5], [3, 2, 5], false, true], // broadcast batch dims both ways
    [[4, 5], [2, 3, 5, 6], false, false],   // rank-2 A against a batch of B
    [[1, 4, 3], [2, 1, 4, 2], true, false], // stored A is [.., k, m] with transpose_a
  ];
  for (const [as, bs, ta, tb] of batchCases) {
    it(`BatchMatMulV2 ${JSON.stringify(as)} x ${JSON.stringify(bs)} ta=${ta} tb=${tb} matches cpu`, () => {
      const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const a = rand(size(as), 3), b = rand(size(bs), 5);
      // Operand order/transposes: for ta the stored A is [.., k, m].
      const run = (name: string) => withBackend(name, () => tf.matmul(tf.constant(a, "float32", as), tf.constant(b, "float32", bs), ta, tb));
      const want = run("cpu"), got = run("native");
      expect(got.shape).toEqual(want.shape);
      const w = want.dataSync() as Float32Array, g = got.dataSync() as Float32Array;
      for (let i = 0; i < w.length; i++) expect(Math.abs(g[i] - w[i])).toBeLessThan(1e-5 * (1 + Math.abs(w[i])));
    });
  }

  it("int32 and complex64 matmul use cpu's kernel (exact)", () => {
    const a = [[1, 2, 3], [4, 5, 6]], b = [[7, 8], [9, 10], [11, 12]];
    const got = withBackend("native", () => tf.matmul(tf.constant(a, "int32"), tf.constant(b, "int32")));
    expect(got.dtype.name).toBe("int32");
    expect(got.tolist()).toEqual([[58, 64], [139, 154]]);
    const c = withBackend("native", () => tf.matmul(tf.constant(a, "complex64"), tf.constant(b, "complex64")));
    expect(c.dtype.name).toBe("complex64");
    expect(Array.from(c.dataSync() as Float32Array)).toEqual([58, 0, 64, 0, 139, 0, 154, 0]);
  });

  it("empty dimensions give empty or zero results (BLAS is not called with ld=0)", () => {
    withBackend("native", () => {
      const e1 = tf.matmul(tf.zeros([0, 3]), tf.ones([3, 4]));
      expect(e1.shape).toEqual([0, 4]);
      const e2 = tf.matmul(tf.ones([2, 0]), tf.ones([0, 3]));
      expect(e2.shape).toEqual([2, 3]);
      expect(Array.from(e2.dataSync() as Float32Array)).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });

  it("writes only its own output (operands are not modified, offsets are respected)", () => {
    const a = rand(2 * 3 * 4, 9), b = rand(2 * 4 * 5, 11);
    withBackend("native", () => {
      const x = tf.constant(a, "float32", [2, 3, 4]), y = tf.constant(b, "float32", [2, 4, 5]);
      const out = tf.matmul(x, y);
      expect(Array.from(x.dataSync() as Float32Array)).toEqual(Array.from(Float32Array.from(a)));
      expect(Array.from(y.dataSync() as Float32Array)).toEqual(Array.from(Float32Array.from(b)));
      // second batch entry computed from the second matrices
      const { c } = refGemm(a.slice(12), b.slice(20), 3, 5, 4, false, false);
      const got = (out.dataSync() as Float32Array).subarray(15);
      for (let i = 0; i < 15; i++) expect(got[i]).toBeCloseTo(c[i], 5);
    });
  });

  it("shares storage with cpu: no copies, cpu kernels run silently and outputs stay on native", () => {
    let seen: unknown = null;
    defineOp({ name: "TestSharedStorageProbe", infer: ([a]) => [{ shape: a.shape, dtype: a.dtype }] });
    registerKernel("cpu", "TestSharedStorageProbe", (inputs, _attrs, _outs, backend) => {
      seen = inputs[0];
      expect(backend.name).toBe("native");
      return [inputs[0]._handle];
    });
    const warn = vi.spyOn(console, "warn");
    const onCpu = withBackend("cpu", () => tf.constant([1, 2, 3]));
    expect(onCpu._backend!.name).toBe("cpu");
    const out = withBackend("native", () => runOp("TestSharedStorageProbe", [onCpu])[0]);
    expect(seen).toBe(onCpu); // the very tensor, not a copy
    expect(out._handle).toBe(onCpu._handle);
    expect(out._backend!.name).toBe("native");
    // A real op mixing both backends' tensors.
    const sum = withBackend("native", () => tf.add(onCpu, tf.constant([10, 20, 30])));
    expect(sum._backend!.name).toBe("native");
    expect(Array.from(sum.dataSync() as Float32Array)).toEqual([11, 22, 33]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("native has its own MatMul kernels and inherits the rest", () => {
    const nb = getBackend("native");
    expect(nb.kernels.has("MatMul")).toBe(true);
    expect(nb.kernels.has("BatchMatMulV2")).toBe(true);
    expect(nb.kernels.has("AddV2")).toBe(false); // served by wasm's (or cpu's) kernel on the same arrays
  });

  it("borrows wasm's kernels for the ops BLAS doesn't cover (same arrays, outputs on native)", () => {
    const nb = getBackend("native") as NativeBackend;
    let wasmOk = true;
    try { getBackend("wasm"); } catch { wasmOk = false; }
    expect(nb.kernelDonor()?.name ?? null).toBe(wasmOk && process.env.TF_NATIVE_WASM !== "0" ? "wasm" : null);
    if (!nb.kernelDonor()) return;
    const a = withBackend("native", () => tf.random.stateless_uniform([300, 300], [1, 2]));
    const p = withBackend("native", () => tf.nn.softmax(tf.multiply(a, a)));
    expect(p._backend!.name).toBe("native");
    const ref = withBackend("cpu", () => tf.nn.softmax(tf.multiply(a, a)));
    const x = p.dataSync() as Float32Array, y = ref.dataSync() as Float32Array;
    for (let i = 0; i < x.length; i += 101) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-6 * y[i]);
  });

  it("uses OPENBLAS_NUM_THREADS, else one thread per core", () => {
    const blas = (getBackend("native") as NativeBackend).blas;
    const env = process.env;
    if (!/openblas/i.test(blas.config)) return void console.warn("native: not OpenBLAS, thread count not checked");
    const want = env.OPENBLAS_NUM_THREADS ? Number(env.OPENBLAS_NUM_THREADS)
      : env.GOTO_NUM_THREADS ? Number(env.GOTO_NUM_THREADS)
      : env.OMP_NUM_THREADS ? Number(env.OMP_NUM_THREADS)
      : (os.availableParallelism?.() ?? os.cpus().length);
    expect(blas.getThreads()).toBe(Math.min(want, 64));
  });
});

describe("when no BLAS loads", () => {
  it("loadBlas names what it tried and how to fix it", () => {
    expect(() => loadBlas(["/nonexistent/libopenblas.so.0"])).toThrow(/no BLAS library loads.*nonexistent.*libopenblas0-pthread/s);
  });
  it.skipIf(process.platform !== "linux")("a library without CBLAS is rejected", () => {
    expect(() => loadBlas(["libc.so.6"])).toThrow(/no cblas_sgemm/);
  });
  it("a backend whose factory throws is not offered; devices and set_backend explain", () => {
    registerBackend("test-unavailable", () => { throw new Error("no such library"); }, -1);
    expect(availableBackends()).not.toContain("test-unavailable");
    expect(tf.config.list_physical_devices().map((d) => d.device_type)).toContain("CPU");
    expect(() => tf.config.set_backend("test-unavailable")).toThrow(/not available here: no such library/);
    expect(tf.config.get_backend()).toBe(process.env.TF_BACKEND || availableBackends()[0]);
  });
});
