/**
 * EXAMPLES.md sections 1, 2 and 6 (the lecture in TypeScript), run as written, with what they print.
 * Expected values are the lecture's and numpy's (det([[2,1],[1,3]]) = 5, eigenvalues (5 ± √5)/2).
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";

describe("EXAMPLES.md section 1: tensors", () => {
  it("runs and prints as written", () => {
    const tensor = tf.zeros([3, 3, 3]);
    expect(tensor.shape).toEqual([3, 3, 3]);
    expect(String(tensor.dtype)).toBe("float32");
    expect(tensor.numpy().tolist()[0][0]).toEqual([0, 0, 0]);
  });
});

describe("EXAMPLES.md section 2: operations", () => {
  const a = tf.constant([[2, 1], [1, 3]]);
  const b = tf.constant([[1, 0], [0, 1]]);
  it("arithmetic", () => {
    expect(String(tf.add(a, b))).toBe("tf.Tensor(\n[[3. 1.]\n [1. 4.]], shape=(2, 2), dtype=float32)");
    expect(tf.subtract(a, b).numpy().tolist()).toEqual([[1, 1], [1, 2]]);
    expect(tf.multiply(a, b).numpy().tolist()).toEqual([[2, 0], [0, 3]]);
    expect(String(tf.divide(a, b))).toBe("tf.Tensor(\n[[ 2. inf]\n [inf  3.]], shape=(2, 2), dtype=float32)");
    expect(a.add(b).matmul(b).numpy().tolist()).toEqual([[3, 1], [1, 4]]);
    expect(tf.transpose(a).numpy().tolist()).toEqual([[2, 1], [1, 3]]);
  });
  it("det prints 5.0", () => {
    expect(String(tf.linalg.det(a))).toBe("tf.Tensor(5.0, shape=(), dtype=float32)");
  });
  it("eigh: real eigenvalues ascending; eig: complex64", () => {
    const [w, v] = tf.linalg.eigh(a);
    const s5 = Math.sqrt(5);
    const wv = w.numpy().tolist() as number[];
    expect(wv[0]).toBeCloseTo((5 - s5) / 2, 6);
    expect(wv[1]).toBeCloseTo((5 + s5) / 2, 6);
    // A v = λ v for each column
    const av = tf.matmul(a, v).numpy().tolist() as number[][];
    const vv = v.numpy().tolist() as number[][];
    for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) expect(av[i][j]).toBeCloseTo(wv[j] * vv[i][j], 5);
    const [we, ve] = tf.linalg.eig(a);
    expect(String(we.dtype)).toBe("complex64");
    expect(String(ve.dtype)).toBe("complex64");
    const re = (tf.math.real(we).numpy().tolist() as number[]).slice().sort((x, y) => x - y);
    expect(re[0]).toBeCloseTo((5 - s5) / 2, 5);
    expect(re[1]).toBeCloseTo((5 + s5) / 2, 5);
    expect(tf.math.imag(we).numpy().tolist()).toEqual([0, 0]);
  });
  it("inv and solve", () => {
    const inv = tf.linalg.inv(a).numpy().tolist() as number[][];
    const want = [[0.6, -0.2], [-0.2, 0.4]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(inv[i][j]).toBeCloseTo(want[i][j], 6);
    const x = tf.linalg.solve(a, tf.constant([[1], [2]])).numpy().tolist() as number[][];
    expect(x[0][0]).toBeCloseTo(0.2, 6);
    expect(x[1][0]).toBeCloseTo(0.6, 6);
  });
  it("conv2d SAME keeps 28x28", () => {
    const img = tf.random.normal([1, 28, 28, 1], { seed: 1 });
    const k = tf.random.normal([3, 3, 1, 8], { seed: 2 });
    expect(tf.nn.conv2d(img, k, 1, "SAME").shape).toEqual([1, 28, 28, 8]);
  });
});

describe("EXAMPLES.md section 6: eager execution", () => {
  it("prints tf.Tensor([[4.]], shape=(1, 1), dtype=float32)", () => {
    const x2 = [[2.0]];
    const m2 = tf.matmul(x2, x2);
    expect(String(m2)).toBe("tf.Tensor([[4.]], shape=(1, 1), dtype=float32)");
    expect(`${m2}`).toBe(String(m2));
  });
});
