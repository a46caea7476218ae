import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";
import { randMatrix, flat } from "./util";

// Every differentiable tf.linalg function against float64 central differences (gradcheck casts
// inputs to float64; the gradients are written with ops, so the same rules build graph gradients).
const T = tf.linalg;
const sym = (x: tf.Tensor) => tf.multiply(tf.add(x, T.matrix_transpose(x)), 0.5);
const spd = (x: tf.Tensor) => tf.add(tf.matmul(x, x, { transpose_b: true }), tf.multiply(tf.eye(x.shape[x.rank - 1], undefined, undefined, x.dtype), x.shape[x.rank - 1]));
/** A well-conditioned random square matrix: random plus a diagonal shift. */
const wellCond = (shape: number[], seed: number) => tf.add(randMatrix(shape, seed), tf.multiply(tf.eye(shape[shape.length - 1], undefined, undefined, tf.float64), 3));

describe("tf.linalg gradients vs central differences", () => {
  beforeAll(() => tf.config.set_backend("cpu"));

  it("det, slogdet, logdet (single and batched)", () => {
    gradcheck((a) => T.det(a), [randMatrix([4, 4], 1)], { name: "det" });
    gradcheck((a) => T.det(a), [randMatrix([2, 3, 3, 3], 2)], { name: "det batched" });
    gradcheck((a) => T.slogdet(a), [randMatrix([2, 4, 4], 3)], { name: "slogdet" });
    gradcheck((x) => T.logdet(spd(x)), [randMatrix([3, 3], 4)], { name: "logdet" });
  });

  it("inv and solve (with adjoint), triangular_solve (lower/upper, adjoint, broadcast batch)", () => {
    for (const adjoint of [false, true]) {
      gradcheck((a) => T.inv(a, adjoint), [wellCond([2, 3, 3], 5)], { name: `inv adjoint=${adjoint}` });
      gradcheck((a, b) => T.solve(a, b, adjoint), [wellCond([2, 4, 4], 6), randMatrix([2, 4, 2], 7)], { name: `solve adjoint=${adjoint}` });
      for (const lower of [true, false]) {
        gradcheck((a, b) => T.triangular_solve(a, b, lower, adjoint), [wellCond([4, 4], 8), randMatrix([2, 4, 3], 9)], { name: `triangular_solve lower=${lower} adjoint=${adjoint}` });
      }
    }
  });

  it("cholesky and cholesky_solve (through a symmetric parametrization)", () => {
    gradcheck((x) => T.cholesky(spd(x)), [randMatrix([4, 4], 10)], { name: "cholesky" });
    gradcheck((x) => T.cholesky(tf.add(sym(x), tf.multiply(tf.eye(3, undefined, undefined, tf.float64), 4))), [randMatrix([2, 3, 3], 11)], { name: "cholesky sym batched" });
    gradcheck((x, b) => T.cholesky_solve(T.cholesky(spd(x)), b), [randMatrix([3, 3], 12), randMatrix([3, 2], 13)], { name: "cholesky_solve" });
  });

  it("qr: deep, square and wide inputs (Q and R both weighted)", () => {
    gradcheck((a) => { const { q, r } = T.qr(a); return [q, r]; }, [randMatrix([5, 3], 14)], { name: "qr deep" });
    gradcheck((a) => { const { q, r } = T.qr(a); return [q, r]; }, [randMatrix([3, 3], 15)], { name: "qr square" });
    gradcheck((a) => { const { q, r } = T.qr(a); return [q, r]; }, [randMatrix([3, 5], 16)], { name: "qr wide" });
    gradcheck((a) => { const { q, r } = T.qr(a, true); return [q, r]; }, [randMatrix([2, 3, 3], 17)], { name: "qr full square batched" });
  });

  it("svd: singular values and sign-invariant functions of U, V (tall, wide, square, full)", () => {
    // u∘u, v∘v and u·vᵀ do not depend on the arbitrary column signs.
    const f = (full: boolean) => (a: tf.Tensor) => {
      const [s, u, v] = T.svd(a, full);
      const k = s.shape[s.shape.length - 1];
      const uk = full ? tf.slice(u, [0, 0], [-1, k]) : u, vk = full ? tf.slice(v, [0, 0], [-1, k]) : v;
      return [s, tf.square(uk), tf.square(vk), tf.matmul(uk, vk, { transpose_b: true })];
    };
    gradcheck(f(false), [randMatrix([4, 3], 18)], { name: "svd tall" });
    gradcheck(f(false), [randMatrix([3, 5], 19)], { name: "svd wide" });
    gradcheck(f(false), [randMatrix([4, 4], 20)], { name: "svd square" });
    gradcheck(f(true), [randMatrix([4, 3], 21)], { name: "svd full tall" });
    gradcheck((a) => T.svd(a, { compute_uv: false }), [randMatrix([2, 3, 4], 22)], { name: "svd values only" });
  });

  it("eigh / eigvalsh (through a symmetric parametrization)", () => {
    gradcheck((x) => { const [e, v] = T.eigh(sym(x)); return [e, tf.square(v)]; }, [randMatrix([4, 4], 23)], { name: "eigh" });
    gradcheck((x) => T.eigvalsh(sym(x)), [randMatrix([2, 3, 3], 24)], { name: "eigvalsh" });
  });

  it("lstsq (over/underdetermined, with l2), pinv, expm", () => {
    gradcheck((a, b) => T.lstsq(a, b), [randMatrix([5, 3], 25), randMatrix([5, 2], 26)], { name: "lstsq overdetermined" });
    gradcheck((a, b) => T.lstsq(a, b, 0.3), [randMatrix([5, 3], 27), randMatrix([5, 2], 28)], { name: "lstsq l2" });
    gradcheck((a, b) => T.lstsq(a, b), [randMatrix([2, 4], 29), randMatrix([2, 3], 30)], { name: "lstsq underdetermined" });
    gradcheck((a) => T.pinv(a), [randMatrix([4, 3], 31)], { name: "pinv" });
    gradcheck((a) => T.expm(a), [randMatrix([3, 3], 32)], { name: "expm" });
    gradcheck((a) => T.expm(tf.multiply(a, 4)), [randMatrix([2, 3, 3], 33)], { name: "expm scaled (squaring path)", rtol: 1e-4 });
  });

  it("norm (vector and matrix ords), trace, diag, diag_part, set_diag, band_part, matrix_transpose", () => {
    const a = randMatrix([3, 4], 34);
    for (const ord of ["euclidean", 1, 3, Infinity]) gradcheck((x) => tf.norm(x, { ord, axis: 1 }), [a], { name: `norm ord=${ord}` });
    for (const ord of ["fro", 1, 2, Infinity]) gradcheck((x) => tf.norm(x, { ord, axis: [0, 1] }), [a], { name: `matrix norm ord=${ord}` });
    gradcheck((x) => T.trace(x), [randMatrix([2, 3, 3], 35)], { name: "trace" });
    gradcheck((x) => T.diag(x, { k: 1 }), [randMatrix([2, 3], 36)], { name: "diag" });
    gradcheck((x) => T.diag_part(x, { k: -1 }), [randMatrix([3, 4], 37)], { name: "diag_part" });
    gradcheck((x, d) => T.set_diag(x, d), [randMatrix([3, 4], 38), randMatrix([3], 39)], { name: "set_diag" });
    gradcheck((x) => T.band_part(x, 1, 0), [randMatrix([4, 4], 40)], { name: "band_part" });
    gradcheck((x) => T.matrix_transpose(x), [randMatrix([2, 3, 4], 41)], { name: "matrix_transpose" });
  });

  it("complex ops: complex, real, imag, abs (ComplexAbs), angle, conj", () => {
    gradcheck((re, im) => {
      const z = tf.complex(re, im);
      return [tf.abs(z), tf.math.angle(z), tf.math.real(tf.math.conj(z)), tf.math.imag(tf.math.conj(z))];
    }, [randMatrix([2, 3], 42), randMatrix([2, 3], 43)], { name: "complex" });
  });

  it("gradients build in graph mode (tf.function) and match eager", () => {
    const a = wellCond([3, 3], 44);
    const eager = (x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch(x); return tf.add(T.det(x), tf.reduce_sum(T.inv(x))); });
      return tape.gradient(y, x) as tf.Tensor;
    };
    const graphFn = tf.function(eager);
    const ge = flat(eager(a)), gg = flat(graphFn(a));
    ge.forEach((v, i) => expect(gg[i]).toBeCloseTo(v, 10));
  });
});
