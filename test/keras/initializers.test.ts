import { describe, it, expect } from "vitest";
import * as tf from "../../index";

const K = tf.keras;
function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const d = t.dataSync() as Float32Array;
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of d) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), min, max };
}

describe("keras initializers", () => {
  it("glorot_uniform (the Dense default): U(-l, l) with l = sqrt(6 / (fan_in + fan_out))", () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Dense(300, { input_shape: [200] })]);
    const k = stats(tf.constant(m.get_weights()[0]));
    const limit = Math.sqrt(6 / 500);
    expect(k.max).toBeLessThanOrEqual(limit);
    expect(k.min).toBeGreaterThanOrEqual(-limit);
    expect(k.std).toBeCloseTo(limit / Math.sqrt(3), 2);
    expect(Math.abs(k.mean)).toBeLessThan(0.002);
  });
  it("he_normal: truncated normal with stddev sqrt(2 / fan_in), cut at 2 sigma", () => {
    const t = K.initializers.get("he_normal")([400, 300]);
    const s = stats(t);
    const sigma = Math.sqrt(2 / 400);
    expect(s.std).toBeCloseTo(sigma, 2);
    expect(s.max).toBeLessThanOrEqual(2 * sigma / 0.87962566103423978 + 1e-6);
  });
  it("conv kernels use receptive field * channels as fans", () => {
    expect((K.initializers as any).computeFans([3, 3, 16, 32])).toEqual([144, 288]);
  });
  it("seeds make initial values reproducible; tf.random.set_seed makes unseeded ones reproducible", () => {
    const i1 = new K.initializers.GlorotUniform({ seed: 7 }), i2 = new K.initializers.GlorotUniform({ seed: 7 });
    const a = i1([3, 3]).numpy().tolist();
    expect(i2([3, 3]).numpy().tolist()).toEqual(a);
    expect(i1([3, 3]).numpy().tolist()).not.toEqual(a);
    tf.random.set_seed(11);
    const m1 = new K.Sequential([new K.layers.Dense(3, { input_shape: [2] })]).get_weights()[0].tolist();
    tf.random.set_seed(11);
    const m2 = new K.Sequential([new K.layers.Dense(3, { input_shape: [2] })]).get_weights()[0].tolist();
    expect(m1).toEqual(m2);
  });
  it("orthogonal gives orthonormal columns (the recurrent default)", () => {
    const q = K.initializers.get("orthogonal")([6, 4]);
    const qtq = tf.matmul(q, q, true, false).numpy().tolist() as number[][];
    qtq.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
  });
  it("constant, ones, zeros, identity, random_uniform by name, config and class", () => {
    expect(new K.initializers.Constant(2.5)([2]).numpy().tolist()).toEqual([2.5, 2.5]);
    expect(K.initializers.get("ones")([2]).numpy().tolist()).toEqual([1, 1]);
    expect(K.initializers.get({ class_name: "Identity", config: { gain: 2 } })([2, 2]).numpy().tolist()).toEqual([[2, 0], [0, 2]]);
    const u = stats(K.initializers.get("random_uniform")([10000]));
    expect(u.min).toBeGreaterThanOrEqual(-0.05);
    expect(u.max).toBeLessThanOrEqual(0.05);
    expect(() => K.initializers.get("glorot_unifrom")).toThrow(/Did you mean 'glorot_uniform'/);
  });
});

describe("regularizers and constraints", () => {
  it("l1, l2 and l1_l2 values", () => {
    const w = tf.constant([[1, -2], [3, -4]]);
    expect(Number(K.regularizers.l1(0.1)(w).numpy().item())).toBeCloseTo(1.0, 6);
    expect(Number(K.regularizers.l2(0.01)(w).numpy().item())).toBeCloseTo(0.3, 6);
    expect(Number(K.regularizers.l1_l2(0.1, 0.01)(w).numpy().item())).toBeCloseTo(1.3, 6);
    expect(K.regularizers.get("l2")!.get_config()).toEqual({ l1: 0, l2: 0.01 });
  });
  it("constraints project the weights after each update", async () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Dense(2, { input_shape: [2], kernel_constraint: K.constraints.non_neg(), bias_constraint: new K.constraints.MaxNorm(0.1) })]);
    m.compile({ optimizer: new K.optimizers.SGD(1.0), loss: "mse" });
    await m.fit(tf.constant([[1, 1], [2, -1]]), tf.constant([[-5, -5], [-3, 4]]), { epochs: 3, verbose: 0 });
    const [k, b] = m.get_weights();
    expect(Array.from(k.data as Float32Array).every((v) => v >= 0)).toBe(true);
    expect(Math.abs((b.data as Float32Array)[0])).toBeLessThanOrEqual(0.1 + 1e-6);
    const unit = K.constraints.get("unit_norm")!(tf.constant([[3], [4]]));
    expect(unit.numpy().tolist().flat()).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
  });
});
