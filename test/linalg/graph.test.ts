import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { randMatrix, flat } from "./util";

// Graph mode with an unknown batch dimension: shapes infer with None, the traced function runs
// for any batch size, and gradients built in the graph match eager ones.
describe("linalg and conv inside tf.function with unknown dimensions", () => {
  beforeAll(() => tf.config.set_backend("cpu"));

  it("det / inv / solve / eigh / svd / qr trace with shape (None, 3, 3)", () => {
    const shapes: string[] = [];
    const f = tf.function((a: tf.Tensor) => {
      const d = tf.linalg.det(a), i = tf.linalg.inv(a), [e] = tf.linalg.eigh(a), s = tf.linalg.svd(a, { compute_uv: false });
      const { r } = tf.linalg.qr(a);
      for (const t of [d, i, e, s, r]) shapes.push(String(t));
      return [d, i, e, s, r];
    }, { input_signature: [new tf.TensorSpec([null, 3, 3], tf.float64)] });
    const a = tf.add(randMatrix([4, 3, 3], 1), tf.multiply(tf.eye(3, undefined, undefined, tf.float64), 3));
    const [d, i, e, s, r] = f(a) as tf.Tensor[];
    expect(shapes[0]).toMatch(/shape=\(None,\)/);
    expect(shapes[1]).toMatch(/shape=\(None, 3, 3\)/);
    expect(d.shape).toEqual([4]); expect(i.shape).toEqual([4, 3, 3]); expect(e.shape).toEqual([4, 3]); expect(s.shape).toEqual([4, 3]); expect(r.shape).toEqual([4, 3, 3]);
    const de = flat(tf.linalg.det(a));
    flat(d).forEach((v, k) => expect(v).toBeCloseTo(de[k], 10));
    // The same concrete function serves another batch size.
    expect((f(randMatrix([2, 3, 3], 2)) as tf.Tensor[])[0].shape).toEqual([2]);
  });

  it("conv2d + max_pool2d + gradients with shape (None, 8, 8, 2)", () => {
    const w = randMatrix([3, 3, 2, 4], 3);
    const step = tf.function((x: tf.Tensor, k: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch([x, k]); return tf.reduce_sum(tf.square(tf.nn.max_pool2d(tf.nn.conv2d(x, k, 1, "SAME"), 2, 2, "VALID"))); });
      return tape.gradient(y, [x, k]) as tf.Tensor[];
    }, { input_signature: [new tf.TensorSpec([null, 8, 8, 2], tf.float64), new tf.TensorSpec([3, 3, 2, 4], tf.float64)] });
    for (const n of [1, 3]) {
      const x = randMatrix([n, 8, 8, 2], 10 + n);
      const [gx, gw] = step(x, w) as tf.Tensor[];
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch([x, w]); return tf.reduce_sum(tf.square(tf.nn.max_pool2d(tf.nn.conv2d(x, w, 1, "SAME"), 2, 2, "VALID"))); });
      const [ex, ew] = tape.gradient(y, [x, w]) as tf.Tensor[];
      expect(gx.shape).toEqual([n, 8, 8, 2]);
      const a = flat(gx), b = flat(ex), c = flat(gw), d = flat(ew);
      a.forEach((v, k) => expect(v).toBeCloseTo(b[k], 10));
      c.forEach((v, k) => expect(v).toBeCloseTo(d[k], 10));
    }
  });
});
