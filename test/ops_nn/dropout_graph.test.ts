/** tf.nn.dropout / tf.compat.v1.nn.dropout with a rate or keep_prob that is a graph tensor (tf.function argument). */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";

beforeAll(() => tf.config.set_backend("cpu"));

describe("dropout with a tensor rate in a graph", () => {
  const check = (y: tf.Tensor, scale: number) => {
    const v = Array.from(y.dataSync() as Float32Array);
    for (const x of v) expect(x === 0 || Math.abs(x - scale) < 1e-5).toBe(true);
    return v.filter((x) => x === 0).length / v.length;
  };
  it("tf.nn.dropout(x, rate) follows the rate fed on each call", () => {
    tf.random.set_seed(1);
    const f = tf.function((x: tf.Tensor, r: tf.Tensor) => tf.nn.dropout(x, r));
    const x = tf.ones([4000]);
    const d1 = check(f(x, tf.constant(0.5)), 2);
    const d2 = check(f(x, tf.constant(0.75)), 4);
    const d0 = check(f(x, tf.constant(0)), 1);
    expect(Math.abs(d1 - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(d2 - 0.75)).toBeLessThan(0.05);
    expect(d0).toBe(0);
  });
  it("tf.compat.v1.nn.dropout(x, keep_prob) with a traced keep_prob", () => {
    tf.random.set_seed(2);
    const f = tf.function((x: tf.Tensor, kp: tf.Tensor) => tf.compat.v1.nn.dropout(x, kp));
    const x = tf.ones([4000]);
    expect(Math.abs(check(f(x, tf.constant(0.8)), 1.25) - 0.2)).toBeLessThan(0.05);
    expect(check(f(x, tf.constant(1.0)), 1)).toBe(0);
  });
  it("a number rate keeps the host path (eager)", () => {
    tf.random.set_seed(3);
    expect(Math.abs(check(tf.nn.dropout(tf.ones([4000]), 0.5), 2) - 0.5)).toBeLessThan(0.05);
  });
});

