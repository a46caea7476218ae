/** Ops whose arguments may be graph tensors (or JS scalars) while a tf.function is traced. */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";

beforeAll(() => tf.config.set_backend("cpu"));

describe("tf.fill in a graph", () => {
  it("takes a JS scalar inside tf.function", () => {
    const f = tf.function(() => tf.fill([2, 3], 7));
    const y = f();
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.dataSync() as Float32Array)).toEqual([7, 7, 7, 7, 7, 7]);
  });
  it("takes a traced scalar tensor as the value", () => {
    const f = tf.function((v: tf.Tensor) => tf.fill([2, 2], v));
    expect(Array.from(f(tf.constant(2.5)).dataSync() as Float32Array)).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(f(tf.constant(-1)).dataSync() as Float32Array)).toEqual([-1, -1, -1, -1]);
  });
});

describe("placeholder_with_default run eagerly", () => {
  it("has the default's concrete shape", () => {
    const t = tf.compat.v1.placeholder_with_default(tf.constant([[1, 2]]), [null, 2]);
    expect(t.shape).toEqual([1, 2]);
  });
});

describe("tf.init_scope", () => {
  it("makes eager tensors while a tf.function is traced", () => {
    let made: tf.Tensor | null = null;
    const f = tf.function((x: tf.Tensor) => {
      if (!made) made = tf.init_scope(() => tf.fill([2], 5));
      return tf.add(x, made);
    });
    expect(Array.from(f(tf.constant([1, 2])).dataSync() as Float32Array)).toEqual([6, 7]);
    expect(Array.from(made!.dataSync() as Float32Array)).toEqual([5, 5]);
  });
});
