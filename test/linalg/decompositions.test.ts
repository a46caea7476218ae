import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { flat, randMatrix } from "./util";

// Reconstruction checks on random matrices up to 256×256 (no fixtures needed: the identities
// A·v = λ·v, U·diag(s)·Vᵀ = A, QR = A, L·Lᵀ = A pin the results down).

type M = { m: number; n: number; d: number[] };
function mat(t: tf.Tensor, b = 0): M {
  const r = t.rank, m = t.shape[r - 2], n = t.shape[r - 1];
  return { m, n, d: flat(t).slice(b * m * n, (b + 1) * m * n) };
}
function mul(a: M, b: M): M {
  const d = new Array(a.m * b.n).fill(0);
  for (let i = 0; i < a.m; i++) for (let p = 0; p < a.n; p++) { const v = a.d[i * a.n + p]; for (let j = 0; j < b.n; j++) d[i * b.n + j] += v * b.d[p * b.n + j]; }
  return { m: a.m, n: b.n, d };
}
function tr(a: M): M { const d = new Array(a.m * a.n); for (let i = 0; i < a.m; i++) for (let j = 0; j < a.n; j++) d[j * a.m + i] = a.d[i * a.n + j]; return { m: a.n, n: a.m, d }; }
function maxAbs(a: number[]): number { return a.reduce((x, y) => Math.max(x, Math.abs(y)), 0); }
function relErr(a: M, b: M): number { return maxAbs(a.d.map((v, i) => v - b.d[i])) / Math.max(maxAbs(b.d), 1e-300); }
function orthoErr(q: M): number {
  const g = mul(tr(q), q);
  return maxAbs(g.d.map((v, i) => v - (Math.floor(i / g.n) === i % g.n ? 1 : 0)));
}

describe("decompositions reconstruct their input", () => {
  beforeAll(() => tf.config.set_backend("cpu"));

  it("eig: A·v = λ·v on random 256×256 float64 (complex pairs included), unit-norm vectors", () => {
    const a = randMatrix([256, 256], 11);
    const [e, v] = tf.linalg.eig(a);
    expect(e.dtype).toBe(tf.complex128);
    expect(v.shape).toEqual([256, 256]);
    const A = mat(a), ed = flat(e), vd = flat(v), n = 256;
    let err = 0, complexCount = 0;
    for (let k = 0; k < n; k++) {
      const lr = ed[2 * k], li = ed[2 * k + 1];
      if (li !== 0) complexCount++;
      let nrm = 0;
      for (let i = 0; i < n; i++) {
        let sr = 0, si = 0;
        for (let p = 0; p < n; p++) { const ap = A.d[i * n + p]; sr += ap * vd[2 * (p * n + k)]; si += ap * vd[2 * (p * n + k) + 1]; }
        const xr = vd[2 * (i * n + k)], xi = vd[2 * (i * n + k) + 1];
        nrm += xr * xr + xi * xi;
        err = Math.max(err, Math.hypot(sr - (lr * xr - li * xi), si - (lr * xi + li * xr)));
      }
      expect(Math.abs(Math.sqrt(nrm) - 1)).toBeLessThan(1e-12);
    }
    expect(complexCount).toBeGreaterThan(100); // a random real matrix has many complex pairs
    expect(err / maxAbs(A.d)).toBeLessThan(1e-11);
  });

  it("eig: known spectra (companion matrix, rotation, defective, float32 batch)", () => {
    // Companion matrix of (x-1)(x-2)(x²+1) = x⁴ - 3x³ + 3x² - 3x + 2.
    const comp = tf.constant([[3, -3, 3, -2], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], tf.float64);
    const ev = flat(tf.linalg.eigvals(comp));
    const pairs = [0, 1, 2, 3].map((i) => [ev[2 * i], ev[2 * i + 1]]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const want = [[0, -1], [0, 1], [1, 0], [2, 0]];
    pairs.forEach((p, i) => { expect(p[0]).toBeCloseTo(want[i][0], 10); expect(p[1]).toBeCloseTo(want[i][1], 10); });
    // Complex pairs come positive-imaginary first (LAPACK's order).
    const [er] = tf.linalg.eig(tf.constant([[0, -1], [1, 0]]));
    expect(er.dtype).toBe(tf.complex64);
    expect(flat(er)).toEqual([0, 1, 0, -1]);
    // Defective: a double eigenvalue 1.
    expect(flat(tf.linalg.eigvals(tf.constant([[1, 1], [0, 1]], tf.float64)))).toEqual([1, 0, 1, 0]);
    // float32 batch: residual at float32 precision.
    const b = randMatrix([3, 16, 16], 5, "float32");
    const [e3, v3] = tf.linalg.eig(b);
    expect(e3.shape).toEqual([3, 16]); expect(v3.shape).toEqual([3, 16, 16]);
    const ed = flat(e3), vd = flat(v3), bd = flat(b);
    for (let bi = 0; bi < 3; bi++) for (let k = 0; k < 16; k++) for (let i = 0; i < 16; i++) {
      let sr = 0, si = 0;
      for (let p = 0; p < 16; p++) { const ap = bd[bi * 256 + i * 16 + p]; const o = 2 * (bi * 256 + p * 16 + k); sr += ap * vd[o]; si += ap * vd[o + 1]; }
      const o = 2 * (bi * 256 + i * 16 + k), lr = ed[2 * (bi * 16 + k)], li = ed[2 * (bi * 16 + k) + 1];
      expect(Math.hypot(sr - (lr * vd[o] - li * vd[o + 1]), si - (lr * vd[o + 1] + li * vd[o]))).toBeLessThan(1e-4);
    }
  });

  it("eigh: A·V = V·diag(w), VᵀV = I, ascending, on 256×256 and ill-conditioned Hilbert 12×12", () => {
    const x = randMatrix([256, 256], 3);
    const a = tf.add(x, tf.linalg.matrix_transpose(x));
    const [w, v] = tf.linalg.eigh(a);
    const A = mat(a), V = mat(v), wd = flat(w);
    for (let i = 1; i < 256; i++) expect(wd[i]).toBeGreaterThanOrEqual(wd[i - 1]);
    const AV = mul(A, V), VW = { m: 256, n: 256, d: V.d.map((val, i) => val * wd[i % 256]) };
    expect(relErr(AV, VW) * maxAbs(VW.d) / maxAbs(A.d)).toBeLessThan(1e-12);
    expect(orthoErr(V)).toBeLessThan(1e-12);
    // Hilbert matrix: eigenvalues span 1e-16..1.8; all positive, and the determinant identity holds.
    const h = tf.constant(Array.from({ length: 12 }, (_, i) => Array.from({ length: 12 }, (_, j) => 1 / (i + j + 1))), tf.float64);
    const hw = flat(tf.linalg.eigvalsh(h));
    expect(hw[11]).toBeCloseTo(1.7953720595619, 10);
    expect(hw.every((q) => q > -1e-15)).toBe(true);
    const [, hv] = tf.linalg.eigh(h);
    expect(orthoErr(mat(hv))).toBeLessThan(1e-12);
  });

  it("svd: U·diag(s)·Vᵀ = A with orthonormal factors, 256×256, 256×200, 200×256, full and thin", () => {
    for (const [m, n] of [[256, 256], [256, 200], [200, 256]]) {
      const a = randMatrix([m, n], m + n);
      for (const full of [false, true]) {
        if (full && m === n) continue;
        const [s, u, v] = tf.linalg.svd(a, full);
        const k = Math.min(m, n), sd = flat(s);
        for (let i = 1; i < k; i++) expect(sd[i]).toBeLessThanOrEqual(sd[i - 1]);
        const U = mat(u), V = mat(v);
        expect([U.m, U.n, V.m, V.n]).toEqual([m, full ? m : k, n, full ? n : k]);
        expect(orthoErr(U)).toBeLessThan(1e-12);
        expect(orthoErr(V)).toBeLessThan(1e-12);
        const US = { m: U.m, n: k, d: [] as number[] };
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) US.d.push(U.d[i * U.n + j] * sd[j]);
        const Vk = { m: n, n: k, d: [] as number[] };
        for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) Vk.d.push(V.d[i * V.n + j]);
        expect(relErr(mul(US, tr(Vk)), mat(a))).toBeLessThan(1e-12);
      }
    }
  });

  it("svd: rank-deficient and graded inputs keep small singular values accurate", () => {
    // diag(1, 1e-5, 1e-10) rotated on both sides: one-sided Jacobi recovers each to high relative accuracy.
    const [q1] = tf.linalg.qr(randMatrix([3, 3], 1)), [q2] = tf.linalg.qr(randMatrix([3, 3], 2));
    const a = tf.matmul(tf.matmul(q1, tf.linalg.diag(tf.constant([1, 1e-5, 1e-10], tf.float64))), q2, { transpose_b: true });
    const s = flat(tf.linalg.svd(a, { compute_uv: false }));
    expect(s[0]).toBeCloseTo(1, 12);
    expect(Math.abs(s[1] / 1e-5 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(s[2] / 1e-10 - 1)).toBeLessThan(1e-4);
    // Rank 2 (6×4): the completion still gives orthonormal U (full) and a tiny third singular value.
    const r2 = tf.matmul(randMatrix([6, 2], 7), randMatrix([2, 4], 8));
    const [s2, u2] = tf.linalg.svd(r2, true);
    expect(flat(s2)[2]).toBeLessThan(1e-13);
    expect(orthoErr(mat(u2))).toBeLessThan(1e-12);
  });

  it("qr: Q·R = A, QᵀQ = I, R upper triangular (256×200 and batched float32)", () => {
    const a = randMatrix([256, 200], 21);
    const { q, r } = tf.linalg.qr(a);
    const Q = mat(q), R = mat(r);
    expect(orthoErr(Q)).toBeLessThan(1e-12);
    for (let i = 0; i < R.m; i++) for (let j = 0; j < i; j++) expect(R.d[i * R.n + j]).toBe(0);
    expect(relErr(mul(Q, R), mat(a))).toBeLessThan(1e-13);
    const b = randMatrix([4, 7, 5], 22, "float32");
    const [qb, rb] = tf.linalg.qr(b, true);
    expect(qb.shape).toEqual([4, 7, 7]); expect(rb.shape).toEqual([4, 7, 5]);
    for (let i = 0; i < 4; i++) expect(relErr(mul(mat(qb, i), mat(rb, i)), mat(b, i))).toBeLessThan(1e-6);
  });

  it("cholesky / solve / inv / det on 128×128 SPD and random systems", () => {
    const x = randMatrix([128, 128], 31);
    const a = tf.add(tf.matmul(x, x, { transpose_b: true }), tf.multiply(tf.eye(128, undefined, undefined, tf.float64), 128));
    const l = tf.linalg.cholesky(a);
    expect(relErr(mul(mat(l), tr(mat(l))), mat(a))).toBeLessThan(1e-14);
    const b = randMatrix([128, 3], 32);
    const sol = tf.linalg.solve(x, b);
    expect(relErr(mul(mat(x), mat(sol)), mat(b))).toBeLessThan(1e-10);
    const xi = tf.linalg.inv(x);
    expect(orthoErr({ m: 128, n: 128, d: mul(mat(x), mat(xi)).d }) < 1 && maxAbs(mul(mat(x), mat(xi)).d.map((v, i) => v - (Math.floor(i / 128) === i % 128 ? 1 : 0)))).toBeLessThan(1e-10);
    // det = product of eigenvalues for the SPD matrix; slogdet agrees with logdet.
    const [sgn, lad] = tf.linalg.slogdet(a);
    expect(flat(sgn)[0]).toBe(1);
    expect(flat(lad)[0]).toBeCloseTo(flat(tf.linalg.logdet(a))[0], 8);
    expect(flat(lad)[0]).toBeCloseTo(flat(tf.reduce_sum(tf.log(tf.linalg.eigvalsh(a))))[0], 8);
  });

  it("expm: exp(A)·exp(-A) = I, and expm of a diagonal matrix is elementwise exp", () => {
    const a = tf.multiply(randMatrix([6, 6], 41), 2);
    const p = mul(mat(tf.linalg.expm(a)), mat(tf.linalg.expm(tf.negative(a))));
    expect(maxAbs(p.d.map((v, i) => v - (Math.floor(i / 6) === i % 6 ? 1 : 0)))).toBeLessThan(1e-9);
    const d = flat(tf.linalg.diag_part(tf.linalg.expm(tf.linalg.diag(tf.constant([0, 1, -2, 10], tf.float64)))));
    [1, Math.E, Math.exp(-2), Math.exp(10)].forEach((v, i) => expect(Math.abs(d[i] / v - 1)).toBeLessThan(1e-13));
  });

  it("eig on hard cases: zero, identity, cyclic permutations (unit-circle spectra), Jordan block, Frank matrix", () => {
    const n6 = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === (j + 1) % 6 ? 1 : 0)));
    const frank = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (j >= i - 1 ? 10 - Math.max(i, j) : 0)));
    const cases = [[[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 0, 1], [1, 0, 0], [0, 1, 0]], n6, [[2, 1, 0], [0, 2, 1], [0, 0, 2]], frank];
    for (const m of cases) {
      const a = tf.constant(m, tf.float64), n = m.length;
      const [e, v] = tf.linalg.eig(a);
      const ed = flat(e), vd = flat(v);
      expect(vd.every(Number.isFinite)).toBe(true);
      let err = 0;
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) {
        let sr = 0, si = 0;
        for (let p = 0; p < n; p++) { sr += m[i][p] * vd[2 * (p * n + k)]; si += m[i][p] * vd[2 * (p * n + k) + 1]; }
        const xr = vd[2 * (i * n + k)], xi = vd[2 * (i * n + k) + 1], lr = ed[2 * k], li = ed[2 * k + 1];
        err = Math.max(err, Math.hypot(sr - (lr * xr - li * xi), si - (lr * xi + li * xr)));
      }
      expect(err).toBeLessThan(1e-12 * Math.max(1, ...m.flat().map(Math.abs)) * n);
    }
    // The 6-cycle's eigenvalues are the sixth roots of unity.
    const roots = flat(tf.linalg.eigvals(tf.constant(n6, tf.float64)));
    for (let k = 0; k < 6; k++) expect(Math.hypot(roots[2 * k], roots[2 * k + 1])).toBeCloseTo(1, 12);
  });
});
