import { describe, it, expect } from "vitest";
import * as tf from "../../index";

const cplx = (re: number[][], im: number[][]) => tf.complex(tf.constant(re), tf.constant(im));
const pairs = (t: tf.Tensor) => t.numpy().tolist();

describe("complex matmul", () => {
  const a = cplx([[1, 2], [3, 4]], [[0.5, -1], [2, 0]]);
  const b = cplx([[1, 0], [1, 1]], [[1, 1], [0, -2]]);
  it("values, adjoint and batch broadcasting match numpy", () => {
    tf.config.set_backend("cpu");
    // numpy: a @ b, a.conj().T @ b, stack([a, b]) @ b.T
    expect(pairs(tf.matmul(a, b))).toEqual([[[2.5, 0.5], [-0.5, -4]], [[5, 5], [2, -5]]]);
    expect(pairs(tf.matmul(a, b, { adjoint_a: true }))).toEqual([[[4.5, -1.5], [-0.5, -7]], [[5, 3], [3, -6]]]);
    expect(pairs(tf.matmul(tf.stack([a, b]), b, false, true))).toEqual([
      [[[1.5, 3.5], [1, -4.5]], [[1, 9], [7, -6]]], [[[-1, 2], [3, 2]], [[3, 2], [-2, -4]]],
    ]);
  });
  it("gradient conjugates the other operand, like elementwise multiply (1x1 case)", () => {
    const x = cplx([[1.5]], [[-2]]), y = cplx([[0.5]], [[3]]);
    const grads = (f: (p: tf.Tensor, q: tf.Tensor) => tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch([x, y]);
      const z = tape.record(() => f(x, y));
      return (tape.gradient(z, [x, y]) as tf.Tensor[]).map(pairs);
    };
    const viaMul = grads(tf.multiply);
    expect(viaMul[0]).toEqual([[[0.5, -3]]]); // conj(y)
    expect(grads((p, q) => tf.matmul(p, q))).toEqual(viaMul);
  });
});

describe("complex reductions", () => {
  const z = cplx([[1, 2, 3], [4, 5, 6]], [[-1, 0.5, 2], [0, 1, -3]]);
  it("reduce_sum / reduce_mean / reduce_prod / add_n", () => {
    expect(pairs(tf.reduce_sum(z, 1))).toEqual([[6, 1.5], [15, -2]]);
    expect(pairs(tf.reduce_sum(z))).toEqual([21, -0.5]);
    expect(pairs(tf.reduce_mean(z, 0))).toEqual([[2.5, -0.5], [3.5, 0.75], [4.5, -0.5]]);
    // (1-1j)(2+0.5j)(3+2j) = (2.5-1.5j)(3+2j) = 10.5+0.5j
    expect(pairs(tf.reduce_prod(z, 1))[0]).toEqual([10.5, 0.5]);
    expect(pairs(tf.add_n([z, z]))[1]).toEqual([[8, 0], [10, 2], [12, -6]]);
  });
});
