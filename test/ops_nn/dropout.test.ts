/** tf.nn.dropout: scaling, drop fraction, noise_shape, seeds, gradient, graphs. */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";

beforeAll(() => tf.config.set_backend("cpu"));

describe("tf.nn.dropout", () => {
  it("keeps values scaled by 1/(1-rate) and drops about `rate` of them", () => {
    tf.random.set_seed(0);
    const y = tf.nn.dropout(tf.ones([20000]), 0.2);
    const v = y.dataSync() as Float32Array;
    let kept = 0;
    for (const e of v) {
      expect(e === 0 || Math.abs(e - 1.25) < 1e-6).toBe(true);
      if (e !== 0) kept++;
    }
    // binomial(20000, 0.8): sd ~ 57; 5 sd margin
    expect(Math.abs(kept - 16000)).toBeLessThan(300);
    expect(y.dtype).toBe(tf.float32);
    expect(y.shape).toEqual([20000]);
  });
  it("rate 0 is the identity; float64 keeps its dtype", () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    expect(tf.nn.dropout(x, 0).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(tf.nn.dropout(tf.ones([3], tf.float64), { rate: 0.5 }).dtype).toBe(tf.float64);
  });
  it("noise_shape broadcasts one decision per row", () => {
    tf.random.set_seed(3);
    const y = tf.nn.dropout(tf.ones([200, 4]), 0.5, [200, 1]).tolist() as number[][];
    let dropped = 0;
    for (const row of y) {
      expect(new Set(row).size).toBe(1);
      expect([0, 2]).toContain(row[0]);
      if (row[0] === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(60);
    expect(dropped).toBeLessThan(140);
  });
  it("is reproducible under tf.random.set_seed and with an op seed", () => {
    tf.random.set_seed(42);
    const a = tf.nn.dropout(tf.ones([64]), 0.5).tolist();
    const a2 = tf.nn.dropout(tf.ones([64]), 0.5).tolist();
    tf.random.set_seed(42);
    expect(tf.nn.dropout(tf.ones([64]), 0.5).tolist()).toEqual(a);
    expect(tf.nn.dropout(tf.ones([64]), 0.5).tolist()).toEqual(a2);
    expect(a2).not.toEqual(a);
    tf.random.set_seed(7);
    const b = tf.nn.dropout(tf.ones([64]), { rate: 0.5, seed: 11 }).tolist();
    tf.random.set_seed(7);
    expect(tf.nn.dropout(tf.ones([64]), { rate: 0.5, seed: 11 }).tolist()).toEqual(b);
  });
  it("the gradient is the same mask and scale", () => {
    tf.random.set_seed(1);
    const x = tf.constant([[0.5, -1, 2, 3], [1, 1, -2, 4]]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    let y = x;
    const loss = tape.record(() => { y = tf.nn.dropout(x, 0.5); return tf.reduce_sum(y); });
    const g = (tape.gradient(loss, x) as tf.Tensor).dataSync() as Float32Array;
    const yv = y.dataSync() as Float32Array, xv = x.dataSync() as Float32Array;
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(yv[i] === 0 ? 0 : 2, 6);
    for (let i = 0; i < g.length; i++) expect(yv[i]).toBeCloseTo(xv[i] * g[i], 6);
  });
  it("draws a new mask on every run of a tf.function", () => {
    tf.random.set_seed(9);
    const f = tf.function((t: tf.Tensor) => tf.nn.dropout(t, 0.5));
    const r1 = (f(tf.ones([64])) as tf.Tensor).tolist(), r2 = (f(tf.ones([64])) as tf.Tensor).tolist();
    expect(r1).not.toEqual(r2);
    for (const v of [...r1, ...r2]) expect([0, 2]).toContain(v);
  });
});
