/**
 * Gradients of the shape/indexing ops: GradientTape vs float64 central differences (gradcheck),
 * plus the gradient-of-gradient ops (StridedSliceGrad, MirrorPadGrad, ScatterNd) directly.
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { runOp } from "../../core/engine/engine";
import { gradcheck } from "../util/gradcheck";

/** Deterministic, distinct values (no ties: max/reflections would hide bugs). */
function vals(shape: number[], seed = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 48271) % 2147483647; out[i] = (s / 2147483647) * 4 - 2; }
  return tf.reshape(tf.constant(out, tf.float64), shape);
}
const i32 = (v: number[] | number[][] | number[][][]) => tf.constant(v, tf.int32);
const ok = (e: number) => expect(e).toBeLessThan(1e-6);

describe("gradients: layout ops", () => {
  it("transpose (default and explicit perm)", () => {
    ok(gradcheck((x) => tf.transpose(x), [vals([2, 3])]));
    ok(gradcheck((x) => tf.transpose(x, [1, 2, 0]), [vals([2, 3, 4])]));
    ok(gradcheck((x) => x.transpose([2, 0, 1]).square(), [vals([2, 3, 2])]));
  });
  it("expand_dims / squeeze / identity / reshape", () => {
    ok(gradcheck((x) => tf.square(tf.expand_dims(x, -1)), [vals([2, 3])]));
    ok(gradcheck((x) => tf.squeeze(x, [0, 2]), [vals([1, 3, 1, 2])]));
    ok(gradcheck((x) => tf.identity(tf.reshape(x, [3, 2])), [vals([2, 3])]));
  });
  it("concat (two and three inputs, negative axis)", () => {
    ok(gradcheck((a, b) => tf.concat([a, b], 1), [vals([2, 3], 1), vals([2, 2], 2)]));
    ok(gradcheck((a, b, c) => tf.concat([a, b, c], -1), [vals([2, 2, 1], 3), vals([2, 2, 3], 4), vals([2, 2, 2], 5)]));
    ok(gradcheck((a, b) => tf.square(tf.concat([a, b], 0)), [vals([1, 3], 6), vals([2, 3], 7)]));
  });
  it("stack / unstack (some outputs unused)", () => {
    ok(gradcheck((a, b) => tf.stack([a, b], 1), [vals([2, 3], 1), vals([2, 3], 2)]));
    ok(gradcheck((x) => tf.unstack(x, { axis: 1 }), [vals([2, 3, 2])]));
    ok(gradcheck((x) => tf.unstack(x)[1], [vals([3, 2])]));
  });
  it("split by count and by sizes (some outputs unused)", () => {
    ok(gradcheck((x) => tf.split(x, 3, 1), [vals([2, 6])]));
    ok(gradcheck((x) => tf.split(x, [1, -1, 2], 0)[2], [vals([5, 2])]));
    ok(gradcheck((x) => { const [a, , c] = tf.split(x, [2, 1, 1], -1); return tf.multiply(a, tf.concat([c, c], -1)); }, [vals([3, 4])]));
  });
  it("tile", () => {
    ok(gradcheck((x) => tf.tile(x, [2, 3]), [vals([2, 2])]));
    ok(gradcheck((x) => tf.square(tf.tile(x, [1, 2, 1])), [vals([2, 1, 3])]));
    ok(gradcheck((x) => tf.tile(x, [0, 2]), [vals([2, 2])]));
  });
  it("pad: CONSTANT, REFLECT, SYMMETRIC", () => {
    ok(gradcheck((x) => tf.pad(x, [[1, 2], [0, 1]]), [vals([2, 3])]));
    ok(gradcheck((x) => tf.pad(x, [[1, 0], [2, 2]], "CONSTANT", 3), [vals([2, 3])]));
    ok(gradcheck((x) => tf.pad(x, [[2, 1], [1, 2]], "REFLECT"), [vals([3, 4])]));
    ok(gradcheck((x) => tf.pad(x, [[3, 2], [1, 3]], "SYMMETRIC"), [vals([3, 4])]));
  });
  it("reverse", () => {
    ok(gradcheck((x) => tf.reverse(x, [0, -1]), [vals([2, 3, 2])]));
  });
});

describe("gradients: slicing", () => {
  it("slice", () => {
    ok(gradcheck((x) => tf.slice(x, [1, 0, 2], [2, -1, 2]), [vals([3, 4, 5])]));
    ok(gradcheck((x) => x.slice([0, 1], [-1, 1]), [vals([2, 3])]));
  });
  it("strided_slice / getitem with negative strides, ellipsis, new and shrunk axes", () => {
    for (const spec of ["1:3, ::-1", "..., 0", "None, :, 1", "::2, 1:-1", "3:0:-1", "1, ..., ::-2", "-1"]) {
      const shape = spec === "1, ..., ::-2" ? [4, 3, 5] : spec === "-1" ? [4] : [5, 6];
      ok(gradcheck((x) => x.getitem(spec), [vals(shape)], { name: spec }));
    }
    ok(gradcheck((x) => tf.strided_slice(x, [0, 1], [3, 4], [2, 2]), [vals([4, 5])]));
  });
});

describe("gradients: gather / scatter", () => {
  it("gather along axis 0 and 1, with duplicate indices", () => {
    ok(gradcheck((p) => tf.gather(p, i32([4, 0, 4, 1])), [vals([5, 3])]));
    ok(gradcheck((p) => tf.gather(p, i32([[0, 2], [3, 3]]), { axis: 1 }), [vals([3, 4])]));
    ok(gradcheck((p) => tf.gather(p, i32([1, 0, 1]), { axis: -1 }), [vals([2, 3, 2])]));
    ok(gradcheck((p) => tf.gather(p, tf.constant(2, tf.int32)), [vals([4, 2])]));
  });
  it("gather with batch_dims", () => {
    ok(gradcheck((p) => tf.gather(p, i32([[0, 3, 3], [2, 2, 1]]), { axis: 1, batch_dims: 1 }), [vals([2, 4, 3])]));
    ok(gradcheck((p) => tf.gather(p, i32([[4, 0], [1, 1]]), { axis: 2, batch_dims: 1 }), [vals([2, 3, 5, 2])]));
  });
  it("gather_nd (with duplicates) and batch_dims", () => {
    ok(gradcheck((p) => tf.gather_nd(p, i32([[0, 1], [2, 3], [0, 1]])), [vals([3, 4])]));
    ok(gradcheck((p) => tf.gather_nd(p, i32([[1], [0]])), [vals([3, 4])]));
    ok(gradcheck((p) => tf.gather_nd(p, i32([[[0, 3], [2, 1]], [[1, 1], [0, 0]]]), 1), [vals([2, 3, 4])]));
  });
  it("scatter_nd w.r.t. updates", () => {
    ok(gradcheck((u) => tf.scatter_nd(i32([[4], [3], [1], [1]]), u, [6]), [vals([4])]));
    ok(gradcheck((u) => tf.square(tf.scatter_nd(i32([[0], [2]]), u, [3, 2])), [vals([2, 2])]));
  });
  it("boolean_mask", () => {
    const m = tf.constant([[true, false, true], [false, true, true]]);
    ok(gradcheck((x) => tf.boolean_mask(x, m), [vals([2, 3])]));
    ok(gradcheck((x) => tf.boolean_mask(x, tf.constant([false, true, true]), { axis: 1 }), [vals([2, 3, 2])]));
  });
  it("indices get no gradient", () => {
    const p = tf.constant([1, 2, 3]);
    const idx = tf.constant([0, 2], tf.int32);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(p); return tf.reduce_sum(tf.gather(p, idx)); });
    expect(tape.gradient(y, p).tolist()).toEqual([1, 0, 1]);
  });
});

describe("gradients: creation", () => {
  it("linspace w.r.t. tensor start and stop", () => {
    ok(gradcheck((a, b) => tf.linspace(a, b, 5), [vals([2], 1), vals([2], 2)]));
    ok(gradcheck((a, b) => tf.linspace(a, b, 4, { axis: -1 }), [vals([2, 1], 3), vals([3], 4)]));
  });
  it("random ops with tensor parameters are differentiable in mean/stddev", () => {
    // d/dm sum(m + s z) = n; d/ds = sum(z): checked against the drawn z.
    const m = tf.constant(0.5), s = tf.constant(2.0);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => { tape.watch([m, s]); return tf.random.normal([1000], m, s, tf.float32, 7); });
    const z = tf.divide(tf.subtract(y, 0.5), 2.0);
    const L = tape.record(() => tf.reduce_sum(y));
    expect(tape.gradient(L, m).numpy().item()).toBe(1000);
    expect(tape.gradient(L, s).numpy().item()).toBeCloseTo(tf.reduce_sum(z).numpy().item(), 2);
  });
});

describe("gradient-of-gradient ops", () => {
  it("StridedSliceGrad is linear in dy with StridedSlice as its gradient", () => {
    const attrs = { begin: [1, 0], end: [3, 0], strides: [1, -1], begin_mask: 2, end_mask: 2, ellipsis_mask: 0, new_axis_mask: 0, shrink_axis_mask: 0, x_shape: [4, 5] };
    const shape = tf.constant([4, 5], tf.int32);
    ok(gradcheck((dy) => runOp("StridedSliceGrad", [shape, dy], attrs)[0], [vals([2, 5])]));
  });
  it("MirrorPadGrad (both modes) has MirrorPad as its gradient", () => {
    for (const mode of ["REFLECT", "SYMMETRIC"]) {
      ok(gradcheck((dy) => runOp("MirrorPadGrad", [dy], { paddings: [[2, 1], [1, 2]], mode })[0], [vals([6, 7])]));
    }
  });
  it("second derivative through pad and gather", () => {
    const x = tf.constant([0.5, -1.0, 2.0], tf.float64);
    const outer = new tf.GradientTape();
    let g: tf.Tensor | null = null;
    const gsum = outer.record(() => {
      outer.watch(x);
      const inner = new tf.GradientTape();
      const y = inner.record(() => { inner.watch(x); return tf.reduce_sum(tf.pow(tf.pad(tf.gather(x, tf.constant([2, 0, 2], tf.int32)), [[1, 1]], "REFLECT"), 3)); });
      const gi = inner.gradient(y, x) as tf.Tensor;
      g = gi;
      return tf.reduce_sum(gi);
    });
    // padded = [x0, x2, x0, x2, x0]: y = 3 x0^3 + 2 x2^3, dy/dx = [9 x0^2, 0, 6 x2^2], d(sum)/dx = [18 x0, 0, 12 x2]
    expect((g as unknown as tf.Tensor).tolist()).toEqual([9 * 0.25, 0, 6 * 4]);
    const gg = outer.gradient(gsum, x);
    expect(gg.tolist()).toEqual([18 * 0.5, 0, 12 * 2.0]);
  });
});
