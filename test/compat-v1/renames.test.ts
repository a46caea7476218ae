import { describe, it, expect, beforeEach, afterAll, vi } from "vitest";
import * as tf from "../../index";
import { RENAMES, RENAMES_BY_V1, COMPAT_V1_ONLY } from "../../compat-v1/renames";
import { translateArgs, resolvePath } from "../../compat-v1/aliases";

const v1 = tf.compat.v1;

beforeEach(() => {
  v1.enable_eager_execution();
  v1.reset_default_graph();
  tf.config.set_language("en");
});
afterAll(() => { v1.enable_eager_execution(); });

const vals = (t: tf.Tensor) => t.numpy().tolist();

describe("the rename table", () => {
  it("one row per v1 name; v2 names are TF2 paths", () => {
    const names = RENAMES.map((r) => r.v1);
    expect(new Set(names).size).toBe(names.length);
    expect(RENAMES_BY_V1.get("log")!.v2).toBe("math.log");
    expect(RENAMES_BY_V1.get("random_normal")!.v2).toBe("random.normal");
    expect(RENAMES_BY_V1.get("arg_max")).toMatchObject({ v2: "argmax", kwargs: { dimension: "axis" } });
    expect(RENAMES_BY_V1.get("reduce_sum")!.kwargs).toEqual({ reduction_indices: "axis", keep_dims: "keepdims" });
    expect(RENAMES_BY_V1.get("nn.softmax_cross_entropy_with_logits_v2")!.v2).toBe("nn.softmax_cross_entropy_with_logits");
    for (const n of ["Session", "placeholder", "get_variable", "train.AdamOptimizer", "to_float", "nn.dropout"]) expect(COMPAT_V1_ONLY).toContain(n);
  });
  it("every row whose TF2 target exists is callable under its v1 name", () => {
    let resolved = 0;
    for (const row of RENAMES) {
      const target = resolvePath(tf, row.v2);
      const alias = resolvePath(v1, row.v1);
      expect(alias, row.v1).toBeDefined();
      if (target === undefined) continue;
      resolved++;
      if (row.args) expect(typeof alias, row.v1).toBe("function");
      // a plain rename is the v2 function itself (or the same-named v2 symbol where TF2 kept the v1 name too)
      else expect(alias === target || alias === resolvePath(tf, row.v1), row.v1).toBe(true);
    }
    expect(resolved).toBeGreaterThan(60);
  });
  it("an alias whose target is not implemented says so", () => {
    expect(() => (v1 as any).fft([1])).toThrow("tf.compat.v1.fft: its TF2 counterpart tf.signal.fft is not implemented in tensorflow-ts yet.");
  });
  it("every compat-v1-only name is implemented", () => {
    for (const n of COMPAT_V1_ONLY) expect(resolvePath(v1, n), n).toBeDefined();
  });
  it("translateArgs: positional in v1 order, keyword renames, dropped keywords", () => {
    const argmax = RENAMES_BY_V1.get("arg_max")!;
    expect(translateArgs(argmax, ["x", 1])).toEqual(["x", { axis: 1 }]);
    expect(translateArgs(argmax, ["x", { dimension: 0, output_type: "int32" }])).toEqual(["x", { axis: 0, output_type: "int32" }]);
    expect(translateArgs(argmax, ["x", null, "n"])).toEqual(["x", { axis: null, name: "n" }]);
    const conv = RENAMES_BY_V1.get("nn.conv2d")!;
    expect(translateArgs(conv, ["i", "f", [1, 1, 1, 1], "SAME", true, "NHWC"])).toEqual(["i", "f", [1, 1, 1, 1], "SAME", { data_format: "NHWC" }]);
    expect(() => translateArgs(argmax, ["x", { dimention: 1 }])).toThrow(/unexpected keyword argument 'dimention'.*Did you mean 'dimension'/);
    expect(() => translateArgs(argmax, ["x", 1, { axis: 2 }])).toThrow("tf.compat.v1.arg_max() got multiple values for argument 'axis'.");
    expect(() => translateArgs(RENAMES_BY_V1.get("reduce_sum")!, ["x", { axis: 1, reduction_indices: 1 }])).toThrow(/cannot give both 'reduction_indices' and 'axis'/);
    expect(() => translateArgs(argmax, [1, 2, 3, 4, 5, 6])).toThrow(/takes at most 5 positional arguments/);
  });
  it("tf.compat.v2 is the TF2 namespace", () => {
    expect(tf.compat.v2.matmul).toBe(tf.matmul);
    expect(tf.compat.v2.nn).toBe(tf.nn);
    expect(v1.matmul).toBe(tf.matmul);
  });
});

describe("v1 names with v1 arguments", () => {
  it("math renames: log, rsqrt, squared_difference, floordiv, mod", () => {
    expect(vals(v1.log(tf.constant([1, Math.E])))).toEqual([0, expect.closeTo(1, 6)]);
    expect(vals(v1.rsqrt(tf.constant([4])))).toEqual([0.5]);
    expect(vals(v1.squared_difference(tf.constant([3]), tf.constant([1])))).toEqual([4]);
    expect(vals(v1.floordiv(tf.constant([-7], tf.int32), tf.constant([2], tf.int32)))).toEqual([-4]);
    expect(vals(v1.mod(tf.constant([-7], tf.int32), tf.constant([3], tf.int32)))).toEqual([2]);
  });
  it("reduce_* with keep_dims and reduction_indices", () => {
    const x = tf.constant([[1, 2], [3, 4]]);
    expect(v1.reduce_sum(x, { keep_dims: true }).shape).toEqual([1, 1]);
    expect(vals(v1.reduce_sum(x, { reduction_indices: 1 }))).toEqual([3, 7]);
    expect(vals(v1.reduce_mean(x, { reduction_indices: [0], keep_dims: true }))).toEqual([[2, 3]]);
    expect(vals(v1.reduce_max(x, 1, true))).toEqual([[2], [4]]);
    expect(vals(v1.reduce_sum(x, null, false, "s", 0))).toEqual([4, 6]);
    expect(vals(v1.math.reduce_sum(x, { keep_dims: false, axis: 0 }))).toEqual([4, 6]);
  });
  it("argmax/arg_max with dimension; expand_dims with dim; squeeze with squeeze_dims", () => {
    const x = tf.constant([[1, 9, 3], [7, 2, 0]]);
    expect(vals(v1.arg_max(x, 1))).toEqual([1, 0]);
    expect(vals(v1.argmax(x, { dimension: 0 }))).toEqual([1, 0, 0]);
    expect(v1.argmax(x, 1).dtype).toBe(tf.int64);
    expect(vals(v1.arg_min(x, { dimension: 1 }))).toEqual([0, 2]);
    expect(v1.expand_dims(x, { dim: 1 }).shape).toEqual([2, 1, 3]);
    expect(v1.squeeze(tf.zeros([1, 2, 1]), { squeeze_dims: [0] }).shape).toEqual([2, 1]);
  });
  it("casts: to_float, to_int32, to_int64, to_double (graph op names ToFloat ...)", () => {
    expect(v1.to_float(tf.constant([1, 2], tf.int32)).dtype).toBe(tf.float32);
    expect(vals(v1.to_int32(tf.constant([1.7, -1.7])))).toEqual([1, -1]);
    expect(v1.to_int64(tf.constant([1])).dtype).toBe(tf.int64);
    expect(v1.to_double(tf.constant([1])).dtype).toBe(tf.float64);
    v1.disable_eager_execution();
    const t = v1.to_float(v1.placeholder(tf.int32, [2]));
    expect(t.name).toBe("ToFloat:0");
  });
  it("div: Python 2 division (floor for integers, true division for floats)", () => {
    expect(vals(v1.div(tf.constant([7, -7], tf.int32), tf.constant([2, 2], tf.int32)))).toEqual([3, -4]);
    expect(vals(v1.div(tf.constant([7, -7]), tf.constant([2, 2])))).toEqual([3.5, -3.5]);
  });
  it("random_normal, truncated_normal, random_uniform, multinomial", () => {
    const n = v1.random_normal([1000], 5, 0.1, tf.float32, 3);
    const mean = (n.numpy().data as Float32Array).reduce((a, b) => a + b, 0) / 1000;
    expect(mean).toBeCloseTo(5, 1);
    const t = v1.truncated_normal([2000], { stddev: 1, seed: 4 });
    expect(Math.max(...Array.from(t.numpy().data as Float32Array, Math.abs))).toBeLessThanOrEqual(2);
    const u = v1.random_uniform([3, 4], { minval: 2, maxval: 3, seed: 1 });
    expect(u.shape).toEqual([3, 4]);
    expect(Math.min(...(u.numpy().data as Float32Array))).toBeGreaterThanOrEqual(2);
    const m = v1.multinomial(tf.constant([[0, 100], [100, 0]]), 5, { seed: 1, output_dtype: tf.int32 });
    expect(m.dtype).toBe(tf.int32);
    expect(vals(m)).toEqual([[1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]);
  });
  it("nn.softmax with dim; *_with_logits keyword-only like TF1", () => {
    expect(vals(v1.nn.softmax(tf.constant([[0, 0], [0, 0]]), { dim: 0 }))).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    const labels = tf.constant([[0, 1]]), logits = tf.constant([[0, 0]]);
    const a = v1.nn.softmax_cross_entropy_with_logits_v2({ labels, logits });
    expect(vals(a)[0]).toBeCloseTo(Math.log(2), 6);
    expect(vals(v1.nn.softmax_cross_entropy_with_logits({ labels, logits, dim: -1 }))[0]).toBeCloseTo(Math.log(2), 6);
    expect(() => v1.nn.softmax_cross_entropy_with_logits_v2(labels, logits))
      .toThrow(/^Only call `softmax_cross_entropy_with_logits_v2` with named arguments \(labels=\.\.\., logits=\.\.\., \.\.\.\)/);
  });
  it("nn.dropout(x, keep_prob) with a placeholder keep_prob (TF1's training/eval switch)", () => {
    v1.disable_eager_execution();
    v1.set_random_seed(3);
    const x = tf.ones([20000]);
    const keep = v1.placeholder(tf.float32, []);
    const d = v1.nn.dropout(x, keep);
    const sess = new v1.Session();
    const out = sess.run(d, { feed_dict: [[keep, 0.25]] }).data as Float32Array;
    const kept = Array.from(out).filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([4]));
    expect(kept.length / out.length).toBeCloseTo(0.25, 1);
    expect(Array.from(sess.run(d, { feed_dict: [[keep, 1.0]] }).data as Float32Array).every((v) => v === 1)).toBe(true);
    expect(() => v1.nn.dropout(x, 1.5)).toThrow("keep_prob must be a scalar tensor or a float in the range (0, 1], got 1.5");
    expect(() => v1.nn.dropout(x, 0.5, null, null, undefined, 0.5)).toThrow("Cannot specify both 'rate' and 'keep_prob'.");
  });
  it("Print prints its data each run and passes the input through", () => {
    v1.disable_eager_execution();
    const x = v1.placeholder(tf.float32, [4]);
    const p = v1.Print(x, [x, tf.reduce_sum(x)], "x = ", null, 3);
    const y = tf.multiply(p, 2);
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { writes.push(String(s)); return true; });
    try {
      const sess = new v1.Session();
      expect(sess.run(y, { feed_dict: [[x, [1, 2, 3, 4]]] }).tolist()).toEqual([2, 4, 6, 8]);
      sess.run(y, { feed_dict: [[x, [0, 0, 0, 1]]] });
    } finally { spy.mockRestore(); }
    expect(writes).toEqual(["x = [1 2 3...][10]\n", "x = [0 0 0...][1]\n"]);
  });
  it("layers.flatten and layers.dropout(training)", () => {
    expect(v1.layers.flatten(tf.zeros([2, 3, 4])).shape).toEqual([2, 12]);
    const x = tf.ones([4]);
    expect(vals(v1.layers.dropout(x, 0.5))).toEqual([1, 1, 1, 1]);
    const d = vals(v1.layers.dropout(x, { rate: 0.5, training: true, seed: 1 })) as number[];
    expect(d.every((v) => v === 0 || v === 2)).toBe(true);
  });
});

describe("tf.compat.v1.losses", () => {
  const labels = [[1, 0], [0, 1], [1, 1]];
  const preds = [[0.5, 0.5], [1, 1], [0, 2]];
  it("mean_squared_error, absolute_difference with weights and reductions", () => {
    // squared errors: [0.25, 0.25], [1, 0], [1, 1] -> sum 3.5 over 6 elements
    expect(vals(v1.losses.mean_squared_error(labels, preds))).toBeCloseTo(3.5 / 6, 6);
    expect(vals(v1.losses.absolute_difference(labels, preds))).toBeCloseTo(4 / 6, 6);
    // per-example weights (3, 1): zero weight drops the example from the mean
    const w = [[1], [0], [2]];
    expect(vals(v1.losses.mean_squared_error(labels, preds, w))).toBeCloseTo((0.5 + 2 * 2) / 4, 6);
    const R = v1.losses.Reduction;
    expect(vals(v1.losses.mean_squared_error(labels, preds, { weights: w, reduction: R.SUM }))).toBeCloseTo(4.5, 6);
    expect(vals(v1.losses.mean_squared_error(labels, preds, { weights: w, reduction: R.MEAN }))).toBeCloseTo(4.5 / 6, 6);
    expect(vals(v1.losses.mean_squared_error(labels, preds, { reduction: R.SUM_OVER_BATCH_SIZE }))).toBeCloseTo(3.5 / 6, 6);
    expect(vals(v1.losses.mean_squared_error(labels, preds, { reduction: R.NONE }))).toEqual([[0.25, 0.25], [1, 0], [1, 1]]);
    expect(vals(v1.losses.mean_squared_error(labels, preds, 0))).toBe(0);
    expect(() => v1.losses.mean_squared_error(labels, preds, { reduction: "avg" })).toThrow("Invalid Reduction Key avg.");
    expect(() => v1.losses.mean_squared_error(labels, [[1, 2, 3]])).toThrow(/Shapes \(1, 3\) and \(3, 2\) are incompatible/);
  });
  it("huber, log_loss, hinge", () => {
    // errors |p - l|: 0.5, 0.5, 1, 0, 1, 1 with delta 0.5 -> 0.125, 0.125, 0.375, 0, 0.375, 0.375
    expect(vals(v1.losses.huber_loss(labels, preds, { delta: 0.5 }))).toBeCloseTo(1.375 / 6, 6);
    const ll = vals(v1.losses.log_loss([1, 0], [0.8, 0.4]));
    expect(ll).toBeCloseTo((-Math.log(0.8 + 1e-7) - Math.log(0.6 + 1e-7)) / 2, 5);
    expect(vals(v1.losses.hinge_loss([1, 0], [0.5, 0.5]))).toBeCloseTo((0.5 + 1.5) / 2, 6);
  });
  it("softmax / sparse softmax / sigmoid cross entropy, label smoothing", () => {
    const logits = [[2, 0], [0, 2]];
    const ce = (l: number[], z: number[]) => -l.reduce((a, li, i) => a + li * (z[i] - Math.log(Math.exp(z[0]) + Math.exp(z[1]))), 0);
    expect(vals(v1.losses.softmax_cross_entropy([[1, 0], [1, 0]], logits))).toBeCloseTo((ce([1, 0], [2, 0]) + ce([1, 0], [0, 2])) / 2, 5);
    expect(vals(v1.losses.sparse_softmax_cross_entropy(tf.constant([0, 0], tf.int32), logits))).toBeCloseTo((ce([1, 0], [2, 0]) + ce([1, 0], [0, 2])) / 2, 5);
    // smoothing 0.2 with 2 classes: [0.9, 0.1]
    expect(vals(v1.losses.softmax_cross_entropy([[1, 0]], [[2, 0]], { label_smoothing: 0.2 }))).toBeCloseTo(ce([0.9, 0.1], [2, 0]), 5);
    const sig = (l: number, z: number) => Math.max(z, 0) - z * l + Math.log(1 + Math.exp(-Math.abs(z)));
    expect(vals(v1.losses.sigmoid_cross_entropy([[1, 0]], [[0.5, -1]]))).toBeCloseTo((sig(1, 0.5) + sig(0, -1)) / 2, 5);
  });
  it("graph mode: losses are collected; get_total_loss adds them", () => {
    v1.disable_eager_execution();
    const a = v1.losses.mean_squared_error([1], [3]);
    const b = v1.losses.absolute_difference([1], [4]);
    expect(v1.losses.get_losses()).toEqual([a, b]);
    const total = v1.losses.get_total_loss();
    expect(new v1.Session().run(total).item()).toBeCloseTo(7, 6);
  });
});
