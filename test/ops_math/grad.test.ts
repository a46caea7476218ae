/** Gradients of the elementwise math ops (incl. broadcasting): tape vs float64 central differences. */
import { describe, it, beforeAll } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";

function rnd(shape: number[], seed: number, lo = -2, hi = 2): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (s * 16807) % 2147483647; v[i] = lo + (hi - lo) * (s / 2147483647); }
  return tf.constant(v, tf.float64, shape);
}

beforeAll(() => tf.config.set_backend("cpu"));

describe("binary op gradients with broadcasting", () => {
  const pairs: [number[], number[]][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[3], []], [[], [2, 2]]];
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, [number, number], [number, number]][] = [
    ["add", tf.add, [-2, 2], [-2, 2]], ["subtract", tf.subtract, [-2, 2], [-2, 2]], ["multiply", tf.multiply, [-2, 2], [-2, 2]],
    ["divide", tf.divide, [-2, 2], [0.5, 2]], ["pow", tf.pow, [0.5, 2], [-1.5, 1.5]], ["maximum", tf.maximum, [-2, 2], [-2, 2]],
    ["minimum", tf.minimum, [-2, 2], [-2, 2]], ["squared_difference", tf.math.squared_difference, [-2, 2], [-2, 2]],
    ["atan2", tf.atan2, [-2, 2], [0.5, 2]], ["floormod (d/da)", (a, b) => tf.math.floormod(a, tf.stop_gradient(b)), [0.1, 0.9], [1.1, 2]],
  ];
  for (const [name, f, ra, rb] of ops) {
    for (const [sa, sb] of pairs) {
      it(`${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`, () => {
        gradcheck(f, [rnd(sa, 3, ...ra), rnd(sb, 5, ...rb)], { name });
      });
    }
  }
});

describe("unary op gradients", () => {
  const ops: [string, (a: tf.Tensor) => tf.Tensor, number, number][] = [
    ["negative", tf.negative, -2, 2], ["abs", tf.abs, 0.1, 2], ["abs (negative side)", tf.abs, -2, -0.1], ["sqrt", tf.sqrt, 0.2, 3],
    ["rsqrt", tf.math.rsqrt, 0.2, 3], ["square", tf.square, -2, 2], ["exp", tf.exp, -2, 2], ["log", tf.log, 0.2, 3],
    ["log1p", tf.math.log1p, -0.5, 3], ["sin", tf.sin, -3, 3], ["cos", tf.cos, -3, 3], ["tan", tf.tan, -1.2, 1.2],
    ["tanh", tf.tanh, -3, 3], ["sigmoid", tf.sigmoid, -5, 5], ["erf", tf.math.erf, -2, 2], ["expm1", tf.math.expm1, -2, 2],
    ["reciprocal", tf.math.reciprocal, 0.5, 2], ["softplus", tf.math.softplus, -3, 3], ["asin", tf.math.asin, -0.9, 0.9],
    ["atan", tf.math.atan, -3, 3], ["sinh", tf.math.sinh, -2, 2], ["cosh", tf.math.cosh, -2, 2],
    ["clip_by_value", (a) => tf.clip_by_value(a, -1, 1), -2, 2],
    ["where", (a) => tf.where(tf.greater(a, 0), tf.square(a), tf.negative(a)), -2, 2],
    ["cast float64->float32->float64", (a) => tf.cast(tf.cast(a, tf.float32), tf.float64), -2, 2],
  ];
  for (const [name, f, lo, hi] of ops) {
    it(name, () => { gradcheck(f, [rnd([2, 3], 7, lo, hi)], { name, atol: name.startsWith("cast") ? 1e-6 : 1e-6, rtol: name.startsWith("cast") ? 1e-2 : 1e-5, eps: name.startsWith("cast") ? 1e-2 : 1e-6 }); });
  }
});
