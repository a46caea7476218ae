import { describe, it, expect } from "vitest";
import * as tf from "../../index";

describe("reduction Tensor methods", () => {
  const x = tf.constant([[1, 5, 3], [4, 2, 6]]);
  it("max/min/prod/argmax/argmin/cumsum match the functions", () => {
    expect(x.max().numpy().item()).toBe(6);
    expect(x.max(1).tolist()).toEqual([5, 6]);
    expect(x.min(0, true).tolist()).toEqual([[1, 2, 3]]);
    expect(x.prod(1).tolist()).toEqual([15, 48]);
    expect(x.argmax(1).tolist()).toEqual([1, 2]);
    expect(x.argmax(1).dtype).toBe(tf.int64);
    expect(x.argmin().tolist()).toEqual([0, 1, 0]);
    expect(x.cumsum(1).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(x.sum(1).tolist()).toEqual([9, 12]);
  });
});

describe("axis given as an integer tensor (TF accepts them)", () => {
  const x = tf.constant([[1, 5, 3], [4, 2, 6]]);
  it("reductions, argmax, cumsum, count_nonzero", () => {
    expect(tf.reduce_sum(x, tf.constant(1, tf.int32)).tolist()).toEqual([9, 12]);
    expect(tf.reduce_max(x, tf.constant([0, 1], tf.int32)).numpy().item()).toBe(6);
    expect(tf.argmax(x, tf.constant(0, tf.int64)).tolist()).toEqual([1, 0, 1]);
    expect(tf.cumsum(x, tf.constant(1, tf.int32) as never).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(tf.math.count_nonzero(tf.constant([[0, 1], [2, 3]]), tf.constant(0, tf.int32)).tolist()).toEqual([1, 2]);
    expect(() => tf.reduce_sum(x, tf.constant(1.5))).toThrow(/axis must be an integer/);
  });
});
