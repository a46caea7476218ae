/** GradientTape.watch on an eager tensor captured by a tf.function (TF returns its gradient). */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";

describe("tape.watch on a captured eager tensor inside tf.function", () => {
  it("gives d(c*c)/dc = 2c", () => {
    const c = tf.constant(3.0);
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      tape.watch(c);
      const y = tape.record(() => tf.multiply(c, c));
      return tape.gradient(y, c);
    });
    expect(f().numpy().item()).toBeCloseTo(6, 6);
  });
  it("mixes a captured tensor and an argument", () => {
    const c = tf.constant([1.0, 2.0]);
    const f = tf.function((x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch([c, x]);
      const y = tape.record(() => tf.reduce_sum(tf.multiply(tf.square(c), x)));
      return tape.gradient(y, [c, x]);
    });
    const [gc, gx] = f(tf.constant([3.0, 4.0])) as tf.Tensor[];
    expect(Array.from(gc.dataSync() as Float32Array)).toEqual([6, 16]);
    expect(Array.from(gx.dataSync() as Float32Array)).toEqual([1, 4]);
  });
});
