import { describe, it, expect, beforeAll, afterEach } from "vitest";
import * as tf from "../../index";

// Errors name the op, the shapes/dtypes and the fix, in English and Korean; a bad call throws
// before anything runs. Plus the lecture's section-2 lines, printed exactly.
function msgOf(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error("expected an error");
}

describe("tf.linalg errors teach", () => {
  beforeAll(() => tf.config.set_backend("cpu"));
  afterEach(() => tf.config.set_language("en"));

  it("non-square input to det names the op, the shape and the alternative", () => {
    const m = msgOf(() => tf.linalg.det(tf.ones([2, 3])));
    expect(m).toContain("Input matrix must be square");
    expect(m).toContain("MatrixDeterminant");
    expect(m).toContain("(2, 3)");
    expect(m).toContain("lstsq");
    expect(() => tf.linalg.det(tf.ones([2, 3]))).toThrow(tf.errors.InvalidArgumentError);
    tf.config.set_language("ko");
    expect(msgOf(() => tf.linalg.det(tf.ones([2, 3])))).toContain("정사각 행렬");
  });

  it("singular matrices: TF's 'Input is not invertible.' for inv and solve", () => {
    const s = tf.constant([[1, 2], [2, 4]]);
    expect(msgOf(() => tf.linalg.inv(s))).toMatch(/^Input is not invertible\. \[Op:MatrixInverse\]/);
    expect(msgOf(() => tf.linalg.solve(s, tf.constant([[1], [2]])))).toMatch(/^Input is not invertible\. \[Op:MatrixSolve\]/);
    expect(msgOf(() => tf.linalg.triangular_solve(tf.constant([[0, 0], [1, 1]]), tf.constant([[1], [1]])))).toContain("not invertible");
    // A singular matrix still has a determinant (0), and slogdet reports sign 0, log|det| = -inf.
    expect(tf.linalg.det(s).dataSync()[0]).toBe(0);
    const [sg, la] = tf.linalg.slogdet(s);
    expect([sg.dataSync()[0], la.dataSync()[0]]).toEqual([0, -Infinity]);
    tf.config.set_language("ko");
    expect(msgOf(() => tf.linalg.inv(s))).toContain("가역이 아닙니다");
  });

  it("non-positive-definite cholesky", () => {
    const m = msgOf(() => tf.linalg.cholesky(tf.constant([[1, 2], [2, 1]])));
    expect(m).toContain("Cholesky decomposition was not successful");
    expect(m).toContain("positive definite");
    const mb = msgOf(() => tf.linalg.cholesky(tf.stack([tf.eye(2), tf.constant([[-1, 0], [0, 1]])])));
    expect(mb).toContain("matrix #1 of the batch");
  });

  it("shape, dtype and keyword mistakes", () => {
    expect(msgOf(() => tf.linalg.solve(tf.eye(3), tf.ones([2, 1])))).toMatch(/same number of rows.*\(3, 3\).*\(2, 1\)/);
    expect(msgOf(() => tf.linalg.solve(tf.eye(3), tf.ones([3])))).toContain("at least rank 2");
    expect(msgOf(() => tf.linalg.inv(tf.constant([[1, 2], [3, 4]], tf.int32)))).toMatch(/int32.*tf\.cast/);
    expect(msgOf(() => tf.linalg.inv(tf.eye(2), { adjiont: true } as any))).toContain("Did you mean 'adjoint'?");
    expect(msgOf(() => tf.linalg.svd(tf.eye(2), { fullMatrices: true } as any))).toContain("full_matrices");
    expect(msgOf(() => tf.norm(tf.ones([2, 2]), { ord: -1, axis: 1 }))).toContain("'ord'");
    expect(msgOf(() => tf.linalg.set_diag(tf.ones([3, 3]), tf.ones([2])))).toContain("diagonal must have shape (3,)");
  });

  it("lecture section 2 prints like TF", () => {
    const a = tf.constant([[2, 1], [1, 3]]);
    expect(String(tf.linalg.det(a))).toBe("tf.Tensor(5.0, shape=(), dtype=float32)");
    const [w, v] = tf.linalg.eigh(a);
    expect(Array.from(w.dataSync() as Float32Array)).toEqual([Math.fround((5 - Math.sqrt(5)) / 2), Math.fround((5 + Math.sqrt(5)) / 2)]);
    expect(v.shape).toEqual([2, 2]);
    const [we, ve] = tf.linalg.eig(a);
    expect(we.dtype).toBe(tf.complex64);
    expect(ve.dtype).toBe(tf.complex64);
    expect(String(tf.linalg.inv(a))).toBe("tf.Tensor(\n[[ 0.6 -0.2]\n [-0.2  0.4]], shape=(2, 2), dtype=float32)");
    expect(String(tf.linalg.solve(a, tf.constant([[1], [2]])))).toBe("tf.Tensor(\n[[0.2]\n [0.6]], shape=(2, 1), dtype=float32)");
  });
});

describe("non-finite input", () => {
  it("eigh / eig raise TF's error; svd returns NaN", () => {
    const bad = tf.constant([[1, NaN], [NaN, 2]]);
    expect(msgOf(() => tf.linalg.eigh(bad))).toMatch(/^Self-adjoint eigen decomposition was not successful\. The input might not be valid\./);
    expect(msgOf(() => tf.linalg.eig(bad))).toContain("inf or NaN");
    expect(Array.from(tf.linalg.svd(bad, { compute_uv: false }).dataSync() as Float32Array).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(tf.linalg.det(bad).dataSync()[0] as number)).toBe(true);
  });
});
