/**
 * tf.random: the Philox generator against Random123's known answers, TF's seed/determinism rules,
 * and the distributions' statistics on large fixed-seed samples (bounds ~4-5 standard errors).
 */
import { describe, it, expect, beforeEach } from "vitest";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { philox4x32, PhiloxStream } from "../../core/backends/cpu/kernels/random";
import { get_seed, DEFAULT_GRAPH_SEED } from "../../core/ops/random";

const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const min = (v: number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[]) => { const m = mean(v); return v.reduce((a, b) => a + (b - m) * (b - m), 0) / (v.length - 1); };
/** Kolmogorov–Smirnov distance of a sample from a CDF. */
function ks(v: number[], cdf: (x: number) => number): number {
  const s = [...v].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => { const f = cdf(x); d = Math.max(d, Math.abs(f - i / s.length), Math.abs(f - (i + 1) / s.length)); });
  return d;
}
/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return 0.5 * (1 + (x < 0 ? -erf : erf));
}

beforeEach(() => tf.random.set_seed(null));

describe("Philox4x32-10", () => {
  it("matches Random123's known-answer vectors", () => {
    const o = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, o);
    expect([...o]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, o);
    expect([...o]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, o);
    expect([...o]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });
  it("stateless_uniform is key=seed, counter=(block, seed2) with 23-bit mantissas", () => {
    const o = new Uint32Array(4), o2 = new Uint32Array(4);
    philox4x32(0, 0, 7, 0, 5, 0, o);
    philox4x32(1, 0, 7, 0, 5, 0, o2);
    const want = [...o, ...o2.slice(0, 2)].map((w) => (w & 0x7fffff) / 2 ** 23);
    expect(arr(tf.random.stateless_uniform([6], [5, 7]))).toEqual(want.map(Math.fround));
    // A stream continues from a block offset.
    const g = new PhiloxStream(5, 7, 1);
    expect(g.next()).toBe(o2[0]);
  });
});

describe("seeds and determinism (TF's rules)", () => {
  it("set_seed makes the whole sequence of random ops repeat", () => {
    tf.random.set_seed(5);
    const a = arr(tf.random.normal([4])), b = arr(tf.random.uniform([3])), c = arr(tf.random.truncated_normal([2]));
    tf.random.set_seed(5);
    expect(arr(tf.random.normal([4]))).toEqual(a);
    expect(arr(tf.random.uniform([3]))).toEqual(b);
    expect(arr(tf.random.truncated_normal([2]))).toEqual(c);
    expect(arr(tf.random.normal([4]))).not.toEqual(a);
  });
  it("different global seeds give different values", () => {
    tf.random.set_seed(1);
    const a = arr(tf.random.uniform([5]));
    tf.random.set_seed(2);
    expect(arr(tf.random.uniform([5]))).not.toEqual(a);
  });
  it("the same explicit op seed continues one stream until set_seed resets it", () => {
    tf.random.set_seed(1234);
    const a1 = arr(tf.random.uniform([2], { seed: 1 }));
    const a2 = arr(tf.random.uniform([2], { seed: 1 }));
    expect(a2).not.toEqual(a1);
    tf.random.set_seed(1234);
    expect(arr(tf.random.uniform([2], { seed: 1 }))).toEqual(a1);
    expect(arr(tf.random.uniform([2], { seed: 1 }))).toEqual(a2);
  });
  it("an op seed alone uses DEFAULT_GRAPH_SEED; no seeds at all is not reproducible", () => {
    expect(get_seed(3)).toEqual([DEFAULT_GRAPH_SEED, 3]);
    expect(get_seed(null)).toEqual([null, null]);
    const a = arr(tf.random.uniform([3], { seed: 9 }));
    tf.random.set_seed(null);
    expect(arr(tf.random.uniform([3], { seed: 9 }))).toEqual(a);
    expect(arr(tf.random.uniform([8]))).not.toEqual(arr(tf.random.uniform([8])));
  });
  it("stateless ops: same seed pair, same values; another pair differs", () => {
    const a = arr(tf.random.stateless_normal([10], [1, 2]));
    expect(arr(tf.random.stateless_normal([10], { seed: [1, 2] }))).toEqual(a);
    expect(arr(tf.random.stateless_normal([10], [2, 1]))).not.toEqual(a);
    expect(arr(tf.random.stateless_truncated_normal([10], [1, 2])).every((v) => Math.abs(v) < 2)).toBe(true);
  });
  it("a bad call throws before consuming an op seed", () => {
    tf.random.set_seed(3);
    const a = arr(tf.random.normal([2]));
    tf.random.set_seed(3);
    expect(() => tf.random.normal([2], { dtype: tf.int32 })).toThrow(/floating point/);
    expect(() => tf.random.uniform([2], { dtype: tf.int32 })).toThrow(/Must specify maxval for integer dtype int32/);
    expect(arr(tf.random.normal([2]))).toEqual(a);
  });
  it("options and positional forms agree", () => {
    const a = arr(tf.random.stateless_uniform([4], [3, 4], -2, 5));
    expect(arr(tf.random.stateless_uniform([4], { seed: [3, 4], minval: -2, maxval: 5 }))).toEqual(a);
    tf.random.set_seed(8);
    const b = arr(tf.random.normal([3], 1, 2, tf.float32, 11));
    tf.random.set_seed(8);
    expect(arr(tf.random.normal([3], { mean: 1, stddev: 2, seed: 11 }))).toEqual(b);
    expect(() => tf.random.normal([3], { mean: 0, stdev: 1 } as never)).toThrow(/unexpected keyword argument 'stdev'. Did you mean 'stddev'\?/);
  });
});

describe("distributions (fixed seeds, large samples)", () => {
  const N = 200000;
  it("normal float32: mean, variance, KS distance", () => {
    const v = arr(tf.random.normal([N], { seed: 42 }));
    expect(Math.abs(mean(v))).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance(v) - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(ks(v, phi)).toBeLessThan(1.95 / Math.sqrt(N)); // 0.1% critical value
  });
  it("normal with mean/stddev, float64", () => {
    const t = tf.random.normal([N], 3, 0.5, tf.float64, 7);
    expect(t.dtype.name).toBe("float64");
    const v = arr(t);
    expect(Math.abs(mean(v) - 3)).toBeLessThan(5 * 0.5 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(variance(v)) - 0.5)).toBeLessThan(5 * 0.5 / Math.sqrt(2 * N));
    expect(ks(v, (x) => phi((x - 3) / 0.5))).toBeLessThan(1.95 / Math.sqrt(N));
  });
  it("uniform: range, mean, KS distance; minval/maxval", () => {
    const v = arr(tf.random.uniform([N], { seed: 1 }));
    expect(min(v)).toBeGreaterThanOrEqual(0);
    expect(max(v)).toBeLessThan(1);
    expect(Math.abs(mean(v) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(ks(v, (x) => x)).toBeLessThan(1.95 / Math.sqrt(N));
    const w = arr(tf.random.uniform([N], -3, 5, tf.float64, 2));
    expect(min(w)).toBeGreaterThanOrEqual(-3);
    expect(max(w)).toBeLessThan(5);
    expect(ks(w, (x) => (x + 3) / 8)).toBeLessThan(1.95 / Math.sqrt(N));
  });
  it("uniform integers: every value in [minval, maxval) about equally often (chi-square)", () => {
    const t = tf.random.uniform([N], { minval: -2, maxval: 8, dtype: tf.int32, seed: 3 });
    expect(t.dtype.name).toBe("int32");
    const counts = new Array(10).fill(0);
    const xs = arr(t);
    expect(min(xs)).toBe(-2);
    expect(max(xs)).toBe(7);
    for (const x of xs) counts[x + 2]++;
    const e = N / 10;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(27.9); // chi-square 9 dof, p = 0.001
    const t64 = tf.random.uniform([1000], 0, 3, tf.int64, 4);
    expect(t64.dtype.name).toBe("int64");
    expect(new Set(arr(t64))).toEqual(new Set([0, 1, 2]));
  });
  it("truncated_normal: inside 2 stddev, with the truncated distribution's std (0.8796)", () => {
    const v = arr(tf.random.truncated_normal([N], 1, 2, tf.float32, 5));
    expect(min(v)).toBeGreaterThan(1 - 4);
    expect(max(v)).toBeLessThan(1 + 4);
    expect(Math.abs(mean(v) - 1)).toBeLessThan(5 * 2 * 0.8796 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(variance(v)) / 2 - 0.879626)).toBeLessThan(0.004);
  });
  it("shuffle: a permutation of rows; each value reaches the front about equally often", () => {
    const x = tf.reshape(tf.range(12, { dtype: tf.int32 }), [6, 2]);
    const s = tf.random.shuffle(x, { seed: 1 }).tolist() as number[][];
    expect(s.map((r) => r[0]).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8, 10]);
    for (const r of s) expect(r[1]).toBe(r[0] + 1);
    tf.random.set_seed(11);
    const counts = new Array(5).fill(0);
    const v = tf.constant([0, 1, 2, 3, 4], tf.int32);
    for (let i = 0; i < 2000; i++) counts[Number(tf.random.shuffle(v).dataSync()[0])]++;
    const chi2 = counts.reduce((a, c) => a + (c - 400) ** 2 / 400, 0);
    expect(chi2).toBeLessThan(18.5); // 4 dof, p = 0.001
  });
  it("shuffle: wasm and native (wasm's Fisher-Yates) give cpu's permutation and continue its stream", () => {
    const others = availableBackends().filter((b) => b === "wasm" || b === "native");
    for (const n of [3, 1000, 60000, 70001]) {
      const x = tf.range(n, { dtype: tf.int32 });
      const draw = (b: string) => {
        tf.config.set_backend(b);
        tf.random.set_seed(7);
        const a = Array.from(tf.random.shuffle(x).dataSync() as Int32Array);
        const c = Array.from(tf.random.shuffle(x, { seed: 3 }).dataSync() as Int32Array);
        return [a, c, arr(tf.random.uniform([5]))];
      };
      const want = draw("cpu");
      expect(new Set(want[0]).size).toBe(n);
      for (const b of others) expect(draw(b), `${b}, n = ${n}`).toEqual(want);
    }
    const rows = tf.reshape(tf.range(12, { dtype: tf.float32 }), [6, 2]);
    for (const b of others) {
      tf.config.set_backend(b);
      const s = tf.random.shuffle(rows, { seed: 5 }).tolist() as number[][];
      for (const r of s) expect(r[1]).toBe(r[0] + 1);
    }
    tf.config.set_backend("cpu");
  });
  it("categorical: frequencies follow softmax(logits); -inf classes never drawn", () => {
    const p = [0.1, 0.2, 0.7];
    const t = tf.random.categorical(tf.log(tf.constant([p, [0.5, 0.5, 0]])), 50000, { seed: 4 });
    expect(t.shape).toEqual([2, 50000]);
    expect(t.dtype.name).toBe("int64");
    const rows = t.tolist() as number[][];
    const c = [0, 0, 0];
    for (const k of rows[0]) c[k]++;
    p.forEach((q, k) => expect(Math.abs(c[k] / 50000 - q)).toBeLessThan(5 * Math.sqrt(q * (1 - q) / 50000)));
    expect(rows[1].every((k) => k === 0 || k === 1)).toBe(true);
    expect(tf.random.categorical([[0, 0]], 3, tf.int32, 1).dtype.name).toBe("int32");
  });
});
