/** tf.nn.dropout: scaling, drop fraction, noise_shape, seeds, gradient, graphs. */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { ctx, TapeListener } from "../../core/engine/engine";

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
  it("follows TF's formulation: kept = x * (1/(1-rate)) to the bit, dropped = +0 (even for -x, inf, NaN); rate 0 still takes its op seed", () => {
    // 1.0823 * 1.25 = 1.352875 in float32; 1.0823 / 0.8f = 1.3528749 (what dividing would give).
    const xs = [1.0822999477386475, -1.1096999645233154, Infinity, NaN, -2, 1.1644999980926514];
    const x = tf.constant(Array.from({ length: 600 }, (_, i) => xs[i % xs.length]));
    for (const b of availableBackends().filter((n) => ["cpu", "wasm", "native"].includes(n))) {
      tf.config.set_backend(b);
      tf.random.set_seed(5);
      const y = tf.nn.dropout(x, 0.2).dataSync() as Float32Array, xv = x.dataSync() as Float32Array;
      let kept = 0, dropped = 0;
      for (let i = 0; i < y.length; i++) {
        if (Object.is(y[i], 0)) { dropped++; continue; }
        kept++;
        expect(Object.is(y[i], Math.fround(xv[i] * 1.25)), `${b} [${i}] ${xv[i]} -> ${y[i]}`).toBe(true);
      }
      expect(dropped).toBeGreaterThan(60); // ~120 of 600; every dropped lane is +0, NaN and -x included
      expect(kept + dropped).toBe(600);
    }
    tf.config.set_backend("cpu");
    // Rate 0 returns x but advances the op-seed sequence as the random op would have (TF's dummy_rng_step).
    tf.random.set_seed(3);
    tf.nn.dropout(tf.ones([4]), 0);
    const after = tf.random.uniform([5]).tolist();
    tf.random.set_seed(3);
    tf.random.uniform([1]);
    expect(tf.random.uniform([5]).tolist()).toEqual(after);
  });
  it("eager float32 runs one fused kernel with the graph's values to the bit, on every cpu-storage backend, and the same gradient", () => {
    // The eager path (_FusedDropout) and a traced tf.function (RandomUniform, GreaterEqual, Mul,
    // SelectV2) draw the same stream for the same seeds; sizes cover the SIMD body and its tail.
    const n = 16 * 1024 + 7;
    const xv = Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? [NaN, -0, Infinity, -Infinity][(i / 97) % 4] : Math.sin(i) * 3));
    for (const b of availableBackends().filter((name) => ["cpu", "wasm", "native"].includes(name))) {
      tf.config.set_backend(b);
      // A fresh function per backend: a traced graph's random op continues its stream on each run.
      const graph = tf.function((t: tf.Tensor) => tf.nn.dropout(t, { rate: 0.3, seed: 4 }));
      const x = tf.constant(xv);
      tf.random.set_seed(21);
      const want = new Uint32Array(Float32Array.from((graph(x) as tf.Tensor).dataSync() as Float32Array).buffer);
      tf.random.set_seed(21);
      const seen: string[] = [];
      const tape = new tf.GradientTape();
      tape.watch(x);
      let y = x;
      const ran: string[] = [], listener: TapeListener = { recordOp(def) { ran.push(def.name); } };
      const before = ctx.tapes;
      ctx.tapes = [...before, listener];
      let loss: tf.Tensor;
      try {
        loss = tape.record(() => { y = tf.nn.dropout(x, { rate: 0.3, seed: 4 }); return tf.reduce_sum(tf.multiply(y, tf.constant(xv))); });
      } finally { ctx.tapes = before; }
      expect(ran.filter((o) => ["_FusedDropout", "RandomUniform", "SelectV2"].includes(o))).toEqual(["_FusedDropout"]);
      const got = new Uint32Array(Float32Array.from(y.dataSync() as Float32Array).buffer);
      let diff = 0, kept = 0;
      for (let i = 0; i < n; i++) { if (got[i] !== want[i]) diff++; if (got[i] !== 0) kept++; }
      expect(diff, `${b}: elements differing from the graph's dropout`).toBe(0);
      expect(Math.abs(kept - 0.7 * n)).toBeLessThan(5 * Math.sqrt(n * 0.21));
      // d/dx sum(dropout(x) * c) = c * 1/(1-rate) where kept, +0 where dropped.
      const g = (tape.gradient(loss, x) as tf.Tensor).dataSync() as Float32Array;
      const scale = Math.fround(1 / 0.7);
      for (let i = 0; i < n; i++) {
        const expected = got[i] !== 0 || Number.isNaN(y.dataSync()[i]) ? Math.fround(xv[i] * scale) : 0;
        if (!Object.is(g[i], expected) && !(Number.isNaN(g[i]) && Number.isNaN(expected))) {
          seen.push(`${b} [${i}] ${g[i]} != ${expected}`);
          if (seen.length > 3) break;
        }
      }
      expect(seen).toEqual([]);
    }
    tf.config.set_backend("cpu");
  });
  it("draws a new mask on every run of a tf.function", () => {
    tf.random.set_seed(9);
    const f = tf.function((t: tf.Tensor) => tf.nn.dropout(t, 0.5));
    const r1 = (f(tf.ones([64])) as tf.Tensor).tolist(), r2 = (f(tf.ones([64])) as tf.Tensor).tolist();
    expect(r1).not.toEqual(r2);
    for (const v of [...r1, ...r2]) expect([0, 2]).toContain(v);
  });
});
