// An eager float32 Dense layer runs one _FusedMatMul op (MatMul, BiasAdd and a relu together, as
// TF's Grappler fuses them in a traced train step). Its outputs and gradients must be the three
// plain ops' to the bit on every backend that shares cpu's storage, in every size class (tiny
// tensors that cpu's kernels take, wasm's streamed blocks, native's pooled BLAS products).
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { ctx, hasKernel, runOp, TapeListener } from "../../core/engine/engine";

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
function differing(a: tf.Tensor, b: tf.Tensor): number {
  const A = bits(a), B = bits(b);
  expect(A.length).toBe(B.length);
  let d = 0;
  for (let i = 0; i < A.length; i++) if (A[i] !== B[i]) d++;
  return d;
}

describe("Dense as _FusedMatMul", () => {
  const backends = availableBackends().filter((b) => ["cpu", "wasm", "native"].includes(b));
  for (const [m, k, n, act] of [[3, 5, 4, "relu"], [32, 784, 512, "relu"], [32, 512, 10, "softmax"], [7, 33, 17, null], [64, 100, 300, "relu"]] as const) {
    it(`[${m}, ${k}] -> ${n} ${act ?? "linear"}: the plain ops' values and gradients on ${backends.join(", ")}`, () => {
      for (const b of backends) {
        tf.config.set_backend(b);
        tf.random.set_seed(1);
        const layer = new tf.keras.layers.Dense(n, { activation: act });
        const x = tf.random.normal([m, k]);
        layer.__call__(x);
        // Negative zeros and a NaN through the bias: relu's corner cases.
        const bias = tf.random.normal([n]).dataSync() as Float32Array;
        bias[0] = NaN;
        layer.bias!.assign(tf.constant(bias));
        const ran: string[] = [], listener: TapeListener = { recordOp(def) { ran.push(def.name); } };
        const tape = new tf.GradientTape({ persistent: true });
        tape.watch(x);
        let y1 = x, y2 = x;
        const before = ctx.tapes;
        ctx.tapes = [...before, listener];
        let l1: tf.Tensor;
        try {
          l1 = tape.record(() => { y1 = layer.__call__(x) as tf.Tensor; return tf.reduce_sum(tf.multiply(y1, tf.where(tf.math.is_nan(y1), 0, y1))); });
        } finally { ctx.tapes = before; }
        expect(ran.filter((o) => ["_FusedMatMul", "MatMul", "BiasAdd", "Relu"].includes(o)), b).toEqual(["_FusedMatMul"]);
        const l2 = tape.record(() => {
          const z = tf.nn.bias_add(tf.matmul(x, layer.kernel), layer.bias!);
          y2 = act === "relu" ? tf.nn.relu(z) : act === "softmax" ? tf.nn.softmax(z) : z;
          return tf.reduce_sum(tf.multiply(y2, tf.where(tf.math.is_nan(y2), 0, y2)));
        });
        expect(differing(y1, y2), `${b}: outputs`).toBe(0);
        const g1 = tape.gradient(l1, [x, layer.kernel, layer.bias!]) as tf.Tensor[], g2 = tape.gradient(l2, [x, layer.kernel, layer.bias!]) as tf.Tensor[];
        g1.forEach((g, i) => expect(differing(g, g2[i]), `${b}: gradient ${i}`).toBe(0));
      }
      tf.config.set_backend("cpu");
    });
  }
  it("keeps the plain ops inside tf.function (graphs show TF's MatMul, BiasAdd, Relu) and without a bias", () => {
    const layer = new tf.keras.layers.Dense(3, { activation: "relu" });
    const f = tf.function((t: tf.Tensor) => layer.__call__(t) as tf.Tensor);
    const x = tf.ones([2, 4]);
    const types = f.get_concrete_function(x).graph.get_operations().map((o: { type: string }) => o.type);
    expect(types).toContain("MatMul");
    expect(types).toContain("BiasAdd");
    expect(types).not.toContain("_FusedMatMul");
    const nb = new tf.keras.layers.Dense(3, { use_bias: false });
    nb.__call__(x);
    expect(nb._fusedOps(x)).toBeNull();
  });
  it("device backends whose fused kernels would copy to the cpu keep the plain ops", () => {
    // webgpu registers a cpu-copying kernel for every op it has no shader for (its fallbacks()):
    // those do not count, so Dense and dropout stay on the device's MatMul, BiasAdd, Relu, ....
    const devices = availableBackends().filter((b) => b === "webgpu" || b === "cuda");
    for (const b of devices) {
      tf.config.set_backend(b);
      try {
        for (const op of ["_FusedMatMul", "_FusedDropout", "_FusedDropoutGrad"]) {
          const copies = tf.config.list_cpu_fallbacks(b).some((f) => f.op === op);
          expect(hasKernel(op), `${b} ${op}`).toBe(!copies);
        }
      } finally { tf.config.set_backend("cpu"); }
    }
    for (const b of availableBackends().filter((n) => ["cpu", "wasm", "native"].includes(n))) {
      tf.config.set_backend(b);
      expect(hasKernel("_FusedMatMul"), b).toBe(true);
    }
    tf.config.set_backend("cpu");
  });
  it("rejects operands it does not take, naming the op", () => {
    const a = tf.ones([2, 3]), w = tf.ones([3, 4]);
    const run = (bias: tf.Tensor, ops: string[]) => () => runOp("_FusedMatMul", [a, w, bias], { transpose_a: false, transpose_b: false, fused_ops: ops });
    expect(run(tf.ones([5]), ["BiasAdd"])).toThrow(/_FusedMatMul: bias must be a vector of the product's 4 columns/);
    expect(run(tf.ones([4]), ["Relu"])).toThrow(/fused_ops \["BiasAdd"\] or \["BiasAdd", "Relu"\]/);
  });
});
