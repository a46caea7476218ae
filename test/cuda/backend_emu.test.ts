/**
 * The cuda backend's own behaviour, on the CPU emulator of the driver (cuda/emu; test/cuda/run.sh
 * runs this file on a real GPU too): reference-counted views, the memory pool, asynchronous
 * readback, tf.device placement, the cpu fallback (one warning, outputs stay on the device),
 * cuBLAS and the own GEMM on tile edges, memory flat over a training loop, OOM errors, a Keras
 * fit that matches the cpu backend's losses, and uniform random numbers (Philox on the device)
 * bit-identical to the cpu backend's, counters included.
 */
import { emulatorSkip } from "./use_emulator";
import { describe, it, expect, vi, afterEach } from "vitest";
import * as tf from "../../index";
import { getBackend, runOp } from "../../core/engine/engine";
import { asDType } from "../../core/tensor/dtypes";
import type { CudaBackend } from "../../core/backends/cuda";
import type { Tensor } from "../../core/tensor/tensor";
import { inCI } from "./emu";

it("the cuda backend starts on the emulator where CI runs", () => {
  if (inCI) expect(emulatorSkip).toBe("");
});

function onCuda<T>(fn: () => T): T {
  const prev = tf.config.get_backend();
  tf.config.set_backend("cuda");
  try { return fn(); } finally { tf.config.set_backend(prev); }
}
function rand(shape: number[], seed: number): number[] {
  const n = shape.reduce((a, b) => a * b, 1), v: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v.push(s / 2 ** 31 - 1); }
  return v;
}
const t = (v: number[], shape: number[], dtype = "float32") => tf.constant(v, dtype as any, shape) as Tensor;

describe.skipIf(!!emulatorSkip)("cuda backend", () => {
  const b = () => getBackend("cuda") as unknown as CudaBackend;
  afterEach(() => { vi.restoreAllMocks(); delete process.env.TF_CUDA_OWN_GEMM; });

  it("reports the device", () => {
    const info = b().info;
    expect(info.totalMemory).toBeGreaterThan(0);
    expect(tf.config.list_physical_devices("GPU")[0].backend).toBe("cuda");
  });

  it("views share one buffer: disposing the original keeps the view; the last dispose pools the memory", () => {
    onCuda(() => {
      const before = b().poolInfo();
      const x = t([1, 2, 3, 4, 5, 6], [2, 3]);
      const y = tf.reshape(x, [3, 2]);
      const z = tf.identity(y);
      expect(b().poolInfo().liveBuffers).toBe(before.liveBuffers + 1);
      x.dispose();
      y.dispose();
      expect(Array.from(z.dataSync() as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(b().poolInfo().liveBuffers).toBe(before.liveBuffers + 1);
      z.dispose();
      const after = b().poolInfo();
      expect(after.liveBuffers).toBe(before.liveBuffers);
      expect(after.pooledBytes).toBe(before.pooledBytes + 256);
      // The next allocation of that size class comes from the pool.
      const w = t([7, 8], [2]);
      expect(b().poolInfo().pooledBytes).toBe(before.pooledBytes);
      expect(Array.from(w.dataSync() as Float32Array)).toEqual([7, 8]);
      w.dispose();
    });
  });

  it("data() resolves after the queued work; dataSync blocks on the stream", async () => {
    const x = onCuda(() => t(rand([64, 64], 1), [64, 64]));
    const y = onCuda(() => tf.matmul(tf.nn.relu(x), x));
    const [a, c] = [await y.data(), y.dataSync()];
    expect(Array.from(a as Float32Array)).toEqual(Array.from(c as Float32Array));
    const ref = tf.matmul(tf.nn.relu(t(rand([64, 64], 1), [64, 64])), t(rand([64, 64], 1), [64, 64])).dataSync() as Float32Array;
    for (let i = 0; i < ref.length; i += 97) expect(a[i] as number).toBeCloseTo(ref[i], 4);
  });

  it("tf.device('/GPU:0') runs ops on cuda; the results print like TF", () => {
    const y = tf.device("/GPU:0", () => tf.add(tf.constant([[1, 2]]), tf.constant([[10], [20]])));
    expect(y._backend!.name).toBe("cuda");
    expect(y.device).toContain("GPU:0");
    expect(String(y)).toBe("tf.Tensor(\n[[11. 12.]\n [21. 22.]], shape=(2, 2), dtype=float32)");
  });

  it("an op without a cuda kernel runs cpu's kernel once-warned; its output stays on cuda", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const m = onCuda(() => t([4, 1, 2, 3], [2, 2]));
    const d1 = onCuda(() => tf.linalg.det(m));
    const d2 = onCuda(() => tf.linalg.det(m));
    expect(d1._backend!.name).toBe("cuda");
    expect(d1.dataSync()[0]).toBeCloseTo(10, 5);
    expect(d2.dataSync()[0]).toBeCloseTo(10, 5);
    const msgs = warn.mock.calls.map((c) => String(c[0])).filter((s) => s.includes("'MatrixDeterminant'"));
    expect(msgs).toEqual(["tensorflow-ts: op 'MatrixDeterminant' has no 'cuda' kernel; running cpu's kernel on host copies (values move to the host and back)."]);
    expect(tf.config.list_cpu_fallbacks("cuda").find((f) => f.op === "MatrixDeterminant")?.reason).toBe("no kernel");
  });

  for (const own of [false, true]) {
    it(`GEMM through ${own ? "the own tiled kernel" : "cuBLAS"}: tile edges, transposes, batches, float64`, () => {
      if (own) process.env.TF_CUDA_OWN_GEMM = "1";
      else expect(b().cublas).not.toBeNull();
      const cases: [number[], number[], boolean, boolean][] = [
        [[130, 257], [130, 65], true, false], [[33, 17], [9, 17], false, true], [[129, 1], [1, 131], false, false], [[3, 40, 7], [3, 7, 129], false, false],
      ];
      for (const [as, bs, ta, tb] of cases) {
        const A = rand(as, as[0]), B = rand(bs, bs[1]);
        const want = tf.matmul(t(A, as), t(B, bs), ta, tb).dataSync() as Float32Array;
        const got = onCuda(() => tf.matmul(t(A, as), t(B, bs), ta, tb)).dataSync() as Float32Array;
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
      }
      const A = rand([37, 70], 5), B = rand([70, 41], 6);
      const w64 = tf.matmul(t(A, [37, 70], "float64"), t(B, [70, 41], "float64")).dataSync() as Float64Array;
      const g64 = onCuda(() => tf.matmul(t(A, [37, 70], "float64"), t(B, [70, 41], "float64"))).dataSync() as Float64Array;
      for (let i = 0; i < w64.length; i++) expect(Math.abs(g64[i] - w64[i])).toBeLessThan(1e-12);
    });
  }

  it("a tidy training loop keeps device memory flat", () => {
    onCuda(() => {
      const w = new tf.Variable(t(rand([16, 8], 3), [16, 8]));
      const x = t(rand([32, 16], 4), [32, 16]);
      const step = () => tf.tidy(() => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduce_mean(tf.square(tf.nn.relu(tf.matmul(x, w.value())))));
        const [g] = tape.gradient(loss, [w]) as Tensor[];
        w.assign_sub(tf.multiply(g, 0.1));
        return loss;
      });
      step().dispose();
      const live = b().poolInfo().liveBuffers;
      let last = 0;
      for (let i = 0; i < 100; i++) { const l = step(); last = l.dataSync()[0] as number; l.dispose(); }
      expect(b().poolInfo().liveBuffers).toBe(live);
      expect(Number.isFinite(last)).toBe(true);
    });
  });

  it("running out of device memory raises ResourceExhaustedError with what to do", () => {
    expect(() => b().allocBuffer(2 ** 40)).toThrow(/OOM when allocating 1048576\.0 MiB .* tf\.tidy/); // 1 TiB: more than any GPU
  });

  it("Keras fit on cuda follows the cpu backend's losses", async () => {
    const run = async (backend: string) => {
      tf.config.set_backend(backend);
      tf.random.set_seed(7);
      const model = new tf.keras.Sequential([
        new tf.keras.layers.Dense(32, { activation: "relu", input_shape: [20] }),
        new tf.keras.layers.Dense(4, { activation: "softmax" }),
      ]);
      model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
      const x = t(rand([64, 20], 11), [64, 20]);
      const y = tf.constant(rand([64], 12).map((v) => Math.floor((v + 1) * 2)), "int32");
      const h = await model.fit(x, y, { epochs: 3, batch_size: 16, verbose: 0, shuffle: false });
      tf.config.set_backend("cpu");
      return (h as any).history.loss as number[];
    };
    const cpu = await run("cpu");
    const launches = b().launches;
    const cuda = await run("cuda");
    expect(b().launches - launches).toBeGreaterThan(100); // the steps ran as cuda kernels
    expect(cuda.length).toBe(3);
    for (let i = 0; i < 3; i++) expect(Math.abs(cuda[i] - cpu[i])).toBeLessThan(1e-4 * Math.abs(cpu[i]) + 1e-5);
    expect(cuda[2]).toBeLessThan(cuda[0]);
  });
  // ---------------------------------------------------------------- random uniform (Philox on the device)
  /** The op run directly on `backend` with its own copy of `state` (both sides start alike). */
  const uniformOn = (backend: string, op: string, shape: number[], dtype: string, attrs: Record<string, unknown>) => {
    const prev = tf.config.get_backend();
    tf.config.set_backend(backend);
    try {
      const [y] = runOp(op, [], { shape, dtype: asDType(dtype as any), ...attrs });
      expect(y._backend!.name).toBe(backend);
      return y;
    } finally { tf.config.set_backend(prev); }
  };
  /** The stored bits: equal bits, not merely close values. */
  const bits = (y: Tensor): number[] => {
    const v = y.dataSync() as Float32Array | Float64Array;
    return Array.from(new Uint32Array(v.buffer, v.byteOffset, v.byteLength / 4));
  };

  it("RandomUniform / StatelessRandomUniform: bit-identical to cpu for shapes ending mid-block, ranges, seeds, float32 and float64", () => {
    const shapes = [[], [0], [1], [2], [3], [4], [5], [7], [2, 3, 5], [32, 512], [1001], [257, 9]];
    const ranges: [number, number][] = [[0, 1], [-3, 5.5], [0.1, 0.2], [-1e30, 1e30], [7, 7], [2, -2]];
    const seeds: [number, number][] = [[0, 0], [87654321, 1], [-1, -5], [2 ** 40 + 3, 2 ** 33 - 1], [123, 2 ** 31]];
    const launches = b().launches;
    let cases = 0;
    for (const dtype of ["float32", "float64"]) {
      for (const op of ["RandomUniform", "StatelessRandomUniform"]) {
        for (let k = 0; k < shapes.length; k++) {
          const [minval, maxval] = ranges[k % ranges.length], [seed, seed2] = seeds[k % seeds.length];
          const attrs = (c: number) => ({ minval, maxval, seed, seed2, ...(op === "RandomUniform" ? { state: { counter: c } } : {}) });
          const want = uniformOn("cpu", op, shapes[k], dtype, attrs(k * 1000));
          const got = uniformOn("cuda", op, shapes[k], dtype, attrs(k * 1000));
          expect(got.shape).toEqual(want.shape);
          expect(got.dtype).toBe(want.dtype);
          expect(bits(got), `${op} ${dtype} [${shapes[k]}] (${minval}, ${maxval}) seeds ${seed}, ${seed2}`).toEqual(bits(want));
          cases++;
        }
      }
    }
    expect(cases).toBe(48);
    expect(b().launches - launches).toBeGreaterThanOrEqual(40); // device kernels, not the cpu fallback
    const fb = tf.config.list_cpu_fallbacks("cuda").map((f) => f.op);
    expect(fb).not.toContain("RandomUniform");
    expect(fb).not.toContain("StatelessRandomUniform");
  });

  it("RandomUniform advances the stream counter as cpu does, across 2^32 blocks, and continues the same stream", () => {
    for (const dtype of ["float32", "float64"]) {
      for (const start of [0, 2 ** 32 - 3, 2 ** 32 - 1, 2 ** 32, 3 * 2 ** 32 + 5, 2 ** 45 - 2]) {
        const sc = { counter: start }, sg = { counter: start };
        for (const shape of [[5], [13, 3], [1], [4], [1000]]) {
          const attrs = (state: { counter: number }) => ({ minval: -1, maxval: 2, seed: 42, seed2: 7, state });
          const want = uniformOn("cpu", "RandomUniform", shape, dtype, attrs(sc));
          const got = uniformOn("cuda", "RandomUniform", shape, dtype, attrs(sg));
          expect(bits(got), `${dtype} from ${start}, [${shape}]`).toEqual(bits(want));
          expect(sg.counter).toBe(sc.counter);
        }
        // 5 + 39 + 1 + 4 + 1000 values: blocks of four float32 / two float64 values, each call starting a new block.
        expect(sg.counter - start).toBe(dtype === "float32" ? 2 + 10 + 1 + 1 + 250 : 3 + 20 + 1 + 2 + 500);
      }
    }
  });

  it("tf.random.uniform, stateless_uniform and dropout on cuda equal cpu's for the same seeds; float16 runs cpu's kernel", () => {
    const draw = (backend: string) => {
      const prev = tf.config.get_backend();
      tf.config.set_backend(backend);
      try {
        tf.random.set_seed(11);
        const a = tf.random.uniform([3, 7]), c = tf.random.uniform([9], -2, 3, "float64"), d = tf.random.uniform([2, 2], 0, 1, "float32", 5);
        const e = tf.random.uniform([2, 2], 0, 1, "float32", 5); // same explicit seeds: the stream continues
        const s = tf.random.stateless_uniform([6, 5], [3, 4], 1, 4);
        const x = tf.ones([8, 64]);
        const drop = tf.nn.dropout(x, 0.25, null, 3);
        const h = tf.random.uniform([5], 0, 1, "float16", 9);
        for (const y of [a, c, d, e, s, drop]) expect(y._backend!.name).toBe(backend);
        return [a, c, d, e, s, drop, h].map(bits);
      } finally { tf.config.set_backend(prev); tf.random.set_seed(null); }
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const want = draw("cpu"), got = draw("cuda");
    expect(got).toEqual(want);
    expect(want[2]).not.toEqual(want[3]);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("'RandomUniform'"))).toEqual([
      "tensorflow-ts: op 'RandomUniform' has no 'cuda' kernel for float16; running cpu's kernel on host copies (values move to the host and back).",
    ]);
  });
});
