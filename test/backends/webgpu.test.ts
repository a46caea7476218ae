/**
 * The `webgpu` backend beyond the conformance suite: lazy start, devices and placement, sync and
 * async reads, memory (reference-counted views, frees, flat loops), the explicit cpu fallback and
 * its listing, both GEMM variants, and the lecture's Keras MNIST model for one epoch against cpu.
 *
 * Needs a Vulkan driver (Mesa's lavapipe from bookworm-backports; see .ci/run) and the npm
 * package `webgpu`: skips with the reason where absent, fails in CI where .ci/run installs them.
 */
import { describe, it, expect, vi } from "vitest";
import { execFileSync } from "child_process";
import * as path from "path";
import * as tf from "../../index";
import { getBackend } from "../../core/engine/engine";
import type { WebGPUBackend } from "../../core/backends/webgpu/backend";
import type { Tensor } from "../../core/tensor/tensor";

const inCI = process.env.CI === "true" || process.env.CI === "1";
let reason = "";
try { getBackend("webgpu"); } catch (e) { reason = (e as Error).message; }
const has = reason === "";
if (!has) console.warn(`test/backends/webgpu: skipping webgpu tests: ${reason}`);

it("webgpu is available in CI (lavapipe + npm webgpu)", () => {
  if (inCI) expect(reason).toBe("");
  else expect(typeof reason).toBe("string");
});

const root = path.resolve(__dirname, "../..");
/** Runs a snippet in a fresh Node process (tsx) and returns its stdout. */
function fresh(code: string): string {
  return execFileSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: root, encoding: "utf8", env: { ...process.env, TF_WEBGPU_QUIET: "1" }, timeout: 120_000 });
}

function on<T>(name: string, fn: () => T): T {
  const prev = tf.config.get_backend();
  tf.config.set_backend(name);
  try { return fn(); } finally { tf.config.set_backend(prev); }
}
/** `on` for an async body: the backend stays set across its awaits (with `on` it would be restored at the first one). */
async function onAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const prev = tf.config.get_backend();
  tf.config.set_backend(name);
  try { return await fn(); } finally { tf.config.set_backend(prev); }
}
function rand(shape: number[], seed: number): number[] {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Array<number>(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
  return v;
}
/** A float32 tensor of `shape` with values from rand. */
const R = (shape: number[], seed: number): Tensor => tf.constant(rand(shape, seed), "float32", shape);
function close(a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-4, atol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (Math.abs(a[i] - b[i]) > rtol * Math.abs(b[i]) + atol) throw new Error(`element ${i}: ${a[i]} vs ${b[i]}`);
  }
}

describe.skipIf(!has)("webgpu", () => {
  it("importing the library and using the CPU starts no Dawn worker; listing all devices does", () => {
    const out = fresh(`
      const tf = require("./index");
      const { started } = require("./core/backends/webgpu/link");
      tf.add(tf.constant([1, 2]), 1).numpy();
      const cpu = tf.config.list_physical_devices("CPU").length;
      tf.device("/CPU:0", () => tf.add(1, 2));
      const before = started.workers;
      const gpus = tf.config.list_physical_devices("GPU").map((d) => [String(d), d.backend]);
      console.log(JSON.stringify({ cpu, before, after: started.workers, gpus, backend: tf.config.get_backend() }));`);
    const r = JSON.parse(out.trim().split("\n").pop()!);
    expect(r.cpu).toBe(1);
    expect(r.before).toBe(0);
    expect(r.after).toBe(1);
    // (Another GPU backend, e.g. cuda on an NVIDIA machine, may come first.)
    expect(r.gpus.filter((g: string[]) => g[1] === "webgpu").map((g: string[]) => g[0])).toEqual([expect.stringMatching(/^PhysicalDevice\(name='\/physical_device:GPU:\d', device_type='GPU'\)$/)]);
    expect(r.backend).not.toBe("webgpu"); // never the default
  });

  it("list_physical_devices('GPU') shows the adapter; tf.device('/GPU:0') places work on it", () => {
    const dev = tf.config.list_physical_devices("GPU").find((d) => d.backend === "webgpu")!;
    expect(dev.name).toMatch(/^\/physical_device:GPU:\d$/);
    const be = getBackend("webgpu") as WebGPUBackend;
    expect(be.info.adapter.vendor + be.info.adapter.description).not.toBe("");
    const y = tf.device(`/GPU:${dev.name.slice(-1)}`, () => tf.matmul(tf.constant([[1, 2], [3, 4]]), tf.constant([[5], [6]])));
    expect(y._backend!.name).toBe("webgpu");
    expect(y.device).toBe(`/job:localhost/replica:0/task:0/device:GPU:${dev.name.slice(-1)}`); // GPU:1 where cuda is GPU:0
    expect(Array.from(y.dataSync() as Float32Array)).toEqual([17, 39]);
    // Outside the scope the default backend is back.
    expect(tf.add(1, 1)._backend!.name).not.toBe("webgpu");
  });

  it("reads back synchronously (dataSync, numpy, printing) and asynchronously (data)", async () => {
    await onAsync("webgpu", async () => {
      const t = tf.constant([[1.5, -2], [3, 4.25]]);
      const r = tf.add(t, tf.constant([1, 1]));
      expect(String(r)).toBe("tf.Tensor(\n[[ 2.5  -1.  ]\n [ 4.    5.25]], shape=(2, 2), dtype=float32)");
      expect(r.numpy().tolist()).toEqual([[2.5, -1], [4, 5.25]]);
      const b = tf.greater(t, 2);
      expect(b.dtype.name).toBe("bool");
      expect(Array.from(await b.data() as Uint8Array)).toEqual([0, 0, 1, 1]);
      const i = tf.cast(tf.constant([7.9, -7.9, NaN, 3e9]), "int32");
      expect(i._backend!.name).toBe("webgpu");
      expect(Array.from(i.dataSync() as Int32Array)).toEqual([7, -7, -2147483648, -1294967296]);
      // A large tensor: 1M floats round trip.
      const big = tf.multiply(tf.range(0, 1 << 20, 1, "float32"), 2);
      expect(big._backend!.name).toBe("webgpu");
      const d = (await big.data()) as Float32Array;
      expect(d.length).toBe(1 << 20);
      expect(d[12345]).toBe(24690);
      expect(d[(1 << 20) - 1]).toBe(2 * ((1 << 20) - 1));
    });
  });

  it("views share a reference-counted buffer; dispose and tf.tidy free device memory", () => {
    on("webgpu", () => {
      const be = getBackend("webgpu") as WebGPUBackend;
      const start = be.memory();
      const x = R([64, 64], 1);
      const v = tf.reshape(x, [4096]);
      expect(be.memory().numTensors).toBe(start.numTensors + 1); // one buffer, two tensors
      x.dispose();
      expect(Array.from(v.dataSync() as Float32Array).slice(0, 3)).toEqual(Array.from(new Float32Array(rand([3], 1))));
      v.dispose();
      expect(be.memory()).toEqual(start);
      // A training-like loop inside tidy keeps the device footprint flat.
      const w = new tf.Variable(R([32, 16], 2));
      const step = () => tf.tidy(() => {
        const xb = R([8, 32], 3);
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduce_mean(tf.square(tf.matmul(xb, w))));
        const g = tape.gradient(loss, w) as Tensor;
        w.assign_sub(tf.multiply(g, 0.1));
        return loss;
      });
      step().dispose();
      const after1 = be.memory();
      for (let i = 0; i < 50; i++) step().dispose();
      expect(be.memory()).toEqual(after1);
      expect(tf.memory().backends.webgpu.backendBytes).toBe(after1.numBytes || undefined);
    });
  });

  it("runs an op without a device kernel on the cpu, warns once, and lists it", () => {
    on("webgpu", () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        const a = tf.constant([[4, 2], [2, 3]]);
        const c1 = tf.linalg.cholesky(a), c2 = tf.linalg.cholesky(tf.multiply(a, 4));
        expect(c1._backend!.name).toBe("webgpu");
        close(c1.dataSync() as Float32Array, [2, 0, 1, Math.SQRT2]);
        close(c2.dataSync() as Float32Array, [4, 0, 2, 2 * Math.SQRT2]);
        const msgs = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("'Cholesky'"));
        expect(msgs.length).toBeLessThanOrEqual(1);
      } finally { warn.mockRestore(); }
      const list = tf.config.list_cpu_fallbacks("webgpu");
      expect(list.find((f) => f.op === "Cholesky")?.reason).toMatch(/decompositions/);
      // The ops a dense training step needs all have device kernels.
      for (const op of ["MatMul", "AddV2", "Relu", "Softmax", "SparseSoftmaxCrossEntropyWithLogits", "Sum", "Mean", "ApplyAdam", "Conv2D", "MaxPool"]) {
        expect(list.map((f) => f.op)).not.toContain(op);
      }
      expect(tf.config.list_cpu_fallbacks("cpu")).toEqual([]);
    });
  });

  it("draws the same random streams as the cpu (seeded uniform, int and normal; counters advance alike)", () => {
    const draw = (backend: string) => on(backend, () => {
      tf.random.set_seed(7);
      const r = [tf.random.uniform([5, 7]), tf.random.uniform([3], 0, 10, "int32"), tf.random.normal([9]), tf.random.uniform([4], -2, 3)];
      expect(r.every((t) => t._backend!.name === backend)).toBe(true);
      return r.map((t) => Array.from(t.dataSync() as Float32Array));
    });
    const want = draw("cpu"), got = draw("webgpu");
    got.forEach((g, i) => close(g, want[i], 1e-5, 1e-6));
  });

  for (const variant of ["tiled", "direct"] as const) {
    it(`GEMM (${variant} variant: ${variant === "tiled" ? "workgroup memory" : "registers only"}) matches cpu for matmul and convolutions`, () => {
      const be = getBackend("webgpu") as WebGPUBackend;
      const prev = be.gemmVariant;
      be.gemmVariant = variant;
      try {
        const cases: [string, () => Tensor | Tensor[]][] = [
          ["matmul 70x33 @ 33x45", () => tf.matmul(R([70, 33], 4), R([33, 45], 5))],
          ["matmul transposes, batch broadcast", () => tf.matmul(R([2, 1, 17, 9], 6), R([3, 40, 17], 7), true, true)],
          ["matmul int32", () => tf.matmul(tf.constant([[1, -2, 3], [4, 5, -6]], "int32"), tf.constant([[7, 8], [9, -10], [11, 12]], "int32"))],
          ["conv2d + gradients", () => {
            const x = R([2, 9, 8, 3], 8), w = R([3, 3, 3, 5], 9);
            const tape = new tf.GradientTape();
            const loss = tape.record(() => { tape.watch(x); tape.watch(w); return tf.reduce_sum(tf.square(tf.nn.conv2d(x, w, 2, "SAME"))); });
            return [tf.nn.conv2d(x, w, 1, "VALID"), ...(tape.gradient(loss, [x, w]) as Tensor[])];
          }],
        ];
        for (const [name, f] of cases) {
          const want = ([] as Tensor[]).concat(on("cpu", f)), got = ([] as Tensor[]).concat(on("webgpu", f));
          got.forEach((g, i) => {
            expect(g._backend!.name, name).toBe("webgpu");
            try { close(g.dataSync() as Float32Array, want[i].dataSync() as Float32Array); } catch (e) { throw new Error(`${name}: ${(e as Error).message}`); }
          });
        }
      } finally { be.gemmVariant = prev; }
    });
  }

  it("the lecture's Keras MNIST model trains one epoch on webgpu with accuracy within 1% of cpu", async () => {
    const train = async (backend: string) => {
      tf.config.set_backend(backend);
      tf.random.set_seed(1234); // same dropout masks and shuffles on both backends
      const [[xtr, ytr], [xte, yte]] = await tf.keras.datasets.mnist.load_data();
      const x_train = tf.divide(xtr, 255.0), x_test = tf.divide(xte, 255.0);
      const model = new tf.keras.models.Sequential([
        new tf.keras.layers.Flatten(),
        new tf.keras.layers.Dense(512, { activation: tf.nn.relu }),
        new tf.keras.layers.Dropout(0.2),
        new tf.keras.layers.Dense(10, { activation: tf.nn.softmax }),
      ]);
      model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
      const t0 = Date.now();
      const h = await model.fit(x_train, ytr, { epochs: 1, verbose: 0 });
      const ms = Date.now() - t0;
      const [, acc] = model.evaluate(x_test, yte, { verbose: 0 }) as number[];
      const onDevice = model.weights.every((w: any) => w._eagerValue("read")._backend.name === backend);
      return { train: (h.history.accuracy as number[])[0], test: acc, ms, onDevice };
    };
    const prev = tf.config.get_backend();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const cpu = await train("cpu");
      const gpu = await train("webgpu");
      console.log(`keras mnist 1 epoch: cpu ${JSON.stringify(cpu)}; webgpu ${JSON.stringify(gpu)}`);
      expect(gpu.onDevice).toBe(true);
      expect(cpu.test).toBeGreaterThan(0.85);
      expect(Math.abs(gpu.test - cpu.test)).toBeLessThan(0.01);
      expect(Math.abs(gpu.train - cpu.train)).toBeLessThan(0.01);
    } finally {
      warn.mockRestore();
      tf.config.set_backend(prev);
    }
  });
});
