/**
 * cpu kernels: dense linear algebra.
 *
 * The first part holds the algorithms, on one matrix at a time in float64 (row-major
 * `Float64Array`s); the kernels at the end batch them over leading dimensions. float32 inputs are
 * widened to float64 first so results are exact to float32 rounding (`det([[2,1],[1,3]])` is 5,
 * not 5.0000005), then rounded once on output.
 *
 * Every routine is written for this project from the textbook algorithms (Golub & Van Loan,
 * "Matrix Computations"); each comment says why that algorithm was chosen.
 */

import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { InvalidArgumentError, msg } from "../../../errors";
import { sizeOf, stridesOf, formatShape } from "../../../tensor/shape";

export const EPS = 2.220446049250313e-16;

// ---------------------------------------------------------------- LU with partial pivoting
/**
 * Doolittle LU with partial (row) pivoting, in place: the strictly lower part of `a` becomes L
 * (unit diagonal), the upper part U. Partial pivoting keeps multipliers |l| <= 1, which makes the
 * factorization backward stable in practice; it is what LAPACK's getrf and Eigen's PartialPivLU do.
 * `singular` is true when some pivot is exactly zero (TF's "Input is not invertible." rule).
 */
export function luFactor(a: Float64Array, n: number): { perm: Int32Array; sign: number; singular: boolean } {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1, singular = false;
  for (let k = 0; k < n; k++) {
    let p = k, max = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > max) { max = v; p = i; }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      sign = -sign;
    }
    const piv = a[k * n + k];
    if (piv === 0 || Number.isNaN(piv)) { if (piv === 0) singular = true; continue; }
    for (let i = k + 1; i < n; i++) {
      const l = a[i * n + k] / piv;
      a[i * n + k] = l;
      if (l !== 0) {
        const ri = i * n, rk = k * n;
        for (let j = k + 1; j < n; j++) a[ri + j] -= l * a[rk + j];
      }
    }
  }
  return { perm, sign, singular };
}

/** Solves (LU) X = P B for the row-major n×k right-hand side `b`; returns X (new array). */
export function luSolve(lu: Float64Array, perm: Int32Array, n: number, b: Float64Array, k: number): Float64Array {
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * k + j] = b[perm[i] * k + j];
  for (let i = 0; i < n; i++) {
    const ri = i * k;
    for (let p = 0; p < i; p++) {
      const l = lu[i * n + p];
      if (l === 0) continue;
      const rp = p * k;
      for (let j = 0; j < k; j++) x[ri + j] -= l * x[rp + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * k;
    for (let p = i + 1; p < n; p++) {
      const u = lu[i * n + p];
      if (u === 0) continue;
      const rp = p * k;
      for (let j = 0; j < k; j++) x[ri + j] -= u * x[rp + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < k; j++) x[ri + j] /= d;
  }
  return x;
}

export function transposeSquare(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

export function transposeRect(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

// ---------------------------------------------------------------- Cholesky
/**
 * Cholesky–Banachiewicz A = L Lᵀ reading only the lower triangle (as TF does), so gradients that
 * assume a symmetric input agree with the forward pass. No pivoting is needed for positive-definite
 * matrices: the factorization is backward stable. Returns null when a pivot is not positive.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    const rj = j * n;
    for (let k = 0; k < j; k++) s -= l[rj + k] * l[rj + k];
    if (!(s > 0)) return null;
    const d = Math.sqrt(s);
    l[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= l[ri + k] * l[rj + k];
      l[ri + j] = t / d;
    }
  }
  return l;
}

// ---------------------------------------------------------------- triangular solve
/**
 * Forward/back substitution with op(A) X = B, A n×n triangular (only that triangle is read),
 * B n×k. Substitution is backward stable for triangular systems. Returns null on a zero diagonal.
 */
export function triangularSolve(a: Float64Array, n: number, b: Float64Array, k: number, lower: boolean, adjoint: boolean): Float64Array | null {
  for (let i = 0; i < n; i++) if (a[i * n + i] === 0) return null;
  const x = Float64Array.from(b);
  // op(A) is lower triangular when (lower && !adjoint) || (!lower && adjoint).
  const forward = lower !== adjoint;
  const at = (i: number, j: number) => (adjoint ? a[j * n + i] : a[i * n + j]);
  if (forward) {
    for (let i = 0; i < n; i++) {
      const ri = i * k;
      for (let p = 0; p < i; p++) {
        const v = at(i, p);
        if (v === 0) continue;
        const rp = p * k;
        for (let j = 0; j < k; j++) x[ri + j] -= v * x[rp + j];
      }
      const d = a[i * n + i];
      for (let j = 0; j < k; j++) x[ri + j] /= d;
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * k;
      for (let p = i + 1; p < n; p++) {
        const v = at(i, p);
        if (v === 0) continue;
        const rp = p * k;
        for (let j = 0; j < k; j++) x[ri + j] -= v * x[rp + j];
      }
      const d = a[i * n + i];
      for (let j = 0; j < k; j++) x[ri + j] /= d;
    }
  }
  return x;
}

// ---------------------------------------------------------------- Householder reflectors
/**
 * Householder vector for x (length len, stride st from x[off]): returns tau and beta with
 * (I - tau v vᵀ) x = beta e1, v[0] = 1 (v[1:] written into `v`). LAPACK's sign convention
 * (beta = -sign(x0)·‖x‖) avoids cancellation and matches numpy's / TF's R diagonal signs.
 */
function householder(x: ArrayLike<number>, off: number, st: number, len: number, v: Float64Array): { tau: number; beta: number } {
  const alpha = x[off];
  let sigma = 0;
  for (let i = 1; i < len; i++) { const t = x[off + i * st]; sigma += t * t; }
  v[0] = 1;
  if (sigma === 0) {
    for (let i = 1; i < len; i++) v[i] = 0;
    return { tau: 0, beta: alpha };
  }
  const norm = Math.sqrt(alpha * alpha + sigma);
  const beta = alpha >= 0 ? -norm : norm;
  const scale = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) v[i] = x[off + i * st] * scale;
  return { tau: (beta - alpha) / beta, beta };
}

// ---------------------------------------------------------------- QR
/**
 * Householder QR of an m×n matrix: unconditionally backward stable and gives an orthogonal Q to
 * working precision (Gram–Schmidt would lose orthogonality on ill-conditioned inputs).
 * full: Q m×m, R m×n; otherwise Q m×k, R k×n with k = min(m, n). `pivot` adds column pivoting
 * (A P = Q R, used to precondition the SVD); tf.linalg.qr itself does not pivot, like TF.
 */
export function qr(a0: Float64Array, m: number, n: number, full: boolean, pivot = false):
  { q: Float64Array; r: Float64Array; qCols: number; rRows: number; perm: Int32Array } {
  const a = Float64Array.from(a0);
  const k = Math.min(m, n);
  const vs: Float64Array[] = [], taus: number[] = [];
  const v = new Float64Array(m);
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  for (let j = 0; j < k; j++) {
    const len = m - j;
    if (pivot) {
      // Column pivoting (A P = Q R): bring the trailing column of largest norm to position j.
      let best = j, bn = -1;
      for (let c = j; c < n; c++) {
        let t = 0;
        for (let i = j; i < m; i++) t += a[i * n + c] * a[i * n + c];
        if (t > bn) { bn = t; best = c; }
      }
      if (best !== j) {
        for (let i = 0; i < m; i++) { const t = a[i * n + j]; a[i * n + j] = a[i * n + best]; a[i * n + best] = t; }
        const t = perm[j]; perm[j] = perm[best]; perm[best] = t;
      }
    }
    const { tau, beta } = householder(a, j * n + j, n, len, v);
    const vj = v.slice(0, len);
    vs.push(vj); taus.push(tau);
    if (tau !== 0) {
      for (let c = j + 1; c < n; c++) {
        let w = 0;
        for (let i = 0; i < len; i++) w += vj[i] * a[(j + i) * n + c];
        w *= tau;
        if (w !== 0) for (let i = 0; i < len; i++) a[(j + i) * n + c] -= w * vj[i];
      }
    }
    a[j * n + j] = beta;
    for (let i = 1; i < len; i++) a[(j + i) * n + j] = 0;
  }
  const qCols = full ? m : k, rRows = full ? m : k;
  const r = new Float64Array(rRows * n);
  for (let i = 0; i < Math.min(rRows, m); i++) for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c];
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < qCols; i++) q[i * qCols + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const tau = taus[j];
    if (tau === 0) continue;
    const vj = vs[j], len = m - j;
    for (let c = j; c < qCols; c++) {
      let w = 0;
      for (let i = 0; i < len; i++) w += vj[i] * q[(j + i) * qCols + c];
      w *= tau;
      if (w !== 0) for (let i = 0; i < len; i++) q[(j + i) * qCols + c] -= w * vj[i];
    }
  }
  return { q, r, qCols, rRows, perm };
}

// ---------------------------------------------------------------- symmetric eigenproblem
/**
 * Symmetric eigendecomposition A = V diag(w) Vᵀ, eigenvalues ascending, reading the lower
 * triangle only (like TF). Householder tridiagonalization (O(4/3 n³), stable because it uses
 * orthogonal similarity transforms) followed by implicit symmetric QR steps with Wilkinson shifts
 * (cubically convergent, so ~2 steps per eigenvalue). Returns V column-major (vecs[k*n + i] = V[i][k]).
 */
export function symEig(a0: Float64Array, n: number, wantV: boolean): { w: Float64Array; vecs: Float64Array | null } {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { a[i * n + j] = a0[i * n + j]; a[j * n + i] = a0[i * n + j]; }
  const d = new Float64Array(n), e = new Float64Array(Math.max(n - 1, 0));
  const vs: Float64Array[] = [], taus: number[] = [];
  const v = new Float64Array(n), p = new Float64Array(n), w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const s = n - k - 1, o = k + 1;
    const { tau, beta } = householder(a, o * n + k, n, s, v);
    vs.push(v.slice(0, s)); taus.push(tau);
    if (tau !== 0) {
      // A22 <- H A22 H as a symmetric rank-2 update: A22 -= v wᵀ + w vᵀ.
      for (let i = 0; i < s; i++) {
        let t = 0;
        const ri = (o + i) * n + o;
        for (let j = 0; j < s; j++) t += a[ri + j] * v[j];
        p[i] = tau * t;
      }
      let pv = 0;
      for (let i = 0; i < s; i++) pv += p[i] * v[i];
      const K = (tau / 2) * pv;
      for (let i = 0; i < s; i++) w[i] = p[i] - K * v[i];
      for (let i = 0; i < s; i++) {
        const ri = (o + i) * n + o, vi = v[i], wi = w[i];
        for (let j = 0; j < s; j++) a[ri + j] -= vi * w[j] + wi * v[j];
      }
    }
    a[o * n + k] = beta; a[k * n + o] = beta;
    for (let i = 1; i < s; i++) { a[(o + i) * n + k] = 0; a[k * n + o + i] = 0; }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  for (let i = 0; i < n - 1; i++) e[i] = a[(i + 1) * n + i];
  // Q = H_0 H_1 ... H_{n-3}, kept column-major: column c contiguous.
  let q: Float64Array | null = null;
  if (wantV) {
    q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i * n + i] = 1;
    for (let k = vs.length - 1; k >= 0; k--) {
      const tau = taus[k];
      if (tau === 0) continue;
      const vk = vs[k], o = k + 1, s = n - o;
      for (let c = o; c < n; c++) {
        const col = c * n + o;
        let t = 0;
        for (let i = 0; i < s; i++) t += vk[i] * q[col + i];
        t *= tau;
        if (t !== 0) for (let i = 0; i < s; i++) q[col + i] -= t * vk[i];
      }
    }
  }
  tridiagQR(d, e, n, q);
  // Sort ascending (selection keeps the permutation cheap to apply to columns).
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const wOut = new Float64Array(n);
  for (let i = 0; i < n; i++) wOut[i] = d[order[i]];
  let vecs: Float64Array | null = null;
  if (q) {
    vecs = new Float64Array(n * n);
    for (let i = 0; i < n; i++) vecs.set(q.subarray(order[i] * n, order[i] * n + n), i * n);
  }
  return { w: wOut, vecs };
}

/** Implicit symmetric tridiagonal QR with Wilkinson shifts; rotations accumulate into column-major q. */
function tridiagQR(d: Float64Array, e: Float64Array, n: number, q: Float64Array | null): void {
  let hi = n - 1, iter = 0;
  const maxIter = 40 * Math.max(n, 1);
  while (hi > 0) {
    if (Math.abs(e[hi - 1]) <= EPS * (Math.abs(d[hi - 1]) + Math.abs(d[hi])) || e[hi - 1] === 0) {
      e[hi - 1] = 0; hi--; continue;
    }
    let lo = hi - 1;
    while (lo > 0) {
      if (Math.abs(e[lo - 1]) <= EPS * (Math.abs(d[lo - 1]) + Math.abs(d[lo]))) { e[lo - 1] = 0; break; }
      lo--;
    }
    if (++iter > maxIter) throw new Error("eigh: the symmetric QR iteration did not converge");
    // Wilkinson shift: the eigenvalue of the trailing 2×2 closer to d[hi].
    const dl = (d[hi - 1] - d[hi]) / 2, eh = e[hi - 1];
    const mu = d[hi] - (eh * eh) / (dl + (dl >= 0 ? 1 : -1) * Math.hypot(dl, eh));
    let x = d[lo] - mu, z = e[lo];
    for (let k = lo; k < hi; k++) {
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r, s = r === 0 ? 0 : z / r;
      if (k > lo) e[k - 1] = r;
      const a = d[k], b = e[k], dd = d[k + 1];
      d[k] = a * c * c + 2 * b * c * s + dd * s * s;
      d[k + 1] = a * s * s - 2 * b * c * s + dd * c * c;
      e[k] = (dd - a) * c * s + b * (c * c - s * s);
      if (k < hi - 1) { z = s * e[k + 1]; e[k + 1] *= c; x = e[k]; }
      if (q) {
        const ck = k * n, ck1 = (k + 1) * n;
        for (let i = 0; i < n; i++) {
          const vk = q[ck + i], vk1 = q[ck1 + i];
          q[ck + i] = c * vk + s * vk1;
          q[ck1 + i] = -s * vk + c * vk1;
        }
      }
    }
  }
}

// ---------------------------------------------------------------- SVD
/**
 * Singular value decomposition by one-sided Jacobi (Hestenes): rotate column pairs of A until
 * they are mutually orthogonal. Chosen because it computes small singular values to high
 * relative accuracy (better than bidiagonal QR on graded matrices), is short enough to audit, and
 * is O(n³) per sweep with ~6–10 sweeps. Returns s descending; U m×uCols and V n×vCols row-major.
 */
export function svd(a0: Float64Array, m: number, n: number, wantUV: boolean, full: boolean):
  { s: Float64Array; u: Float64Array | null; v: Float64Array | null; uCols: number; vCols: number } {
  if (m < n) {
    // A = U S Vᵀ  <=>  Aᵀ = V S Uᵀ: work on the tall transpose.
    const r = svd(transposeRect(a0, m, n), n, m, wantUV, full);
    return { s: r.s, u: r.v, v: r.u, uCols: r.vCols, vCols: r.uCols };
  }
  if (n < 3) return jacobiSVD(a0, m, n, wantUV, full);
  // QR preconditioning (Drmač & Veselić): Jacobi on Rᵀ converges in about half the sweeps of
  // Jacobi on A, and the n×n problem is cheaper for tall A. A = QR, Rᵀ = Ũ S Ṽᵀ  =>  A = (QṼ) S Ũᵀ.
  // With column pivoting A P = Q R; R's rows are graded, so Rᵀ's columns are nearly orthogonal already.
  const { q, r, perm } = qr(a0, m, n, false, true);
  const inner = jacobiSVD(transposeSquare(r, n), n, n, wantUV, false);
  if (!wantUV) return inner;
  const vt = inner.v!, uCols = full ? m : n;
  // A = Q R Pᵀ = (Q Ṽ) S (P Ũ)ᵀ: V's row perm[i] is Ũ's row i.
  const ut = inner.u!, vOut = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vOut.set(ut.subarray(i * n, i * n + n), perm[i] * n);
  const Uc = new Float64Array(uCols * m); // column-major while completing
  for (let i = 0; i < m; i++) for (let p = 0; p < n; p++) {
    const qv = q[i * n + p];
    if (qv === 0) continue;
    for (let j = 0; j < n; j++) Uc[j * m + i] += qv * vt[p * n + j];
  }
  if (full) completeBasis(Uc, m, uCols, Array.from({ length: uCols }, (_, c) => c < n));
  const u = new Float64Array(m * uCols);
  for (let c = 0; c < uCols; c++) for (let i = 0; i < m; i++) u[i * uCols + c] = Uc[c * m + i];
  return { s: inner.s, u, v: vOut, uCols, vCols: n };
}

/** One-sided Jacobi on a tall (m >= n) matrix. */
function jacobiSVD(a0: Float64Array, m: number, n: number, wantUV: boolean, full: boolean):
  { s: Float64Array; u: Float64Array | null; v: Float64Array | null; uCols: number; vCols: number } {
  const k = n;
  // W: columns of A, each contiguous (column-major), so dot products stream through memory.
  const W = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) W[j * m + i] = a0[i * n + j];
  const V = wantUV ? new Float64Array(n * n) : null;
  if (V) for (let j = 0; j < n; j++) V[j * n + j] = 1;
  const norms = new Float64Array(n);
  const tol = EPS * Math.max(m, 4);
  // Columns below eps·‖A‖_F are numerically zero: rotating them only stirs rounding noise.
  let frob = 0;
  for (let i = 0; i < W.length; i++) frob += W[i] * W[i];
  const tiny = frob * EPS * EPS;
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      const cj = j * m;
      for (let i = 0; i < m; i++) t += W[cj + i] * W[cj + i];
      norms[j] = t;
    }
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const cp = p * m;
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p], beta = norms[q];
        if (alpha <= tiny || beta <= tiny) continue;
        const cq = q * m;
        let gamma = 0;
        for (let i = 0; i < m; i++) gamma += W[cp + i] * W[cq + i];
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < m; i++) {
          const wp = W[cp + i], wq = W[cq + i];
          W[cp + i] = c * wp - s * wq;
          W[cq + i] = s * wp + c * wq;
        }
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
        if (V) {
          const vp = p * n, vq = q * n;
          for (let i = 0; i < n; i++) {
            const a = V[vp + i], b = V[vq + i];
            V[vp + i] = c * a - s * b;
            V[vq + i] = s * a + c * b;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let t = 0;
    const cj = j * m;
    for (let i = 0; i < m; i++) t += W[cj + i] * W[cj + i];
    sv[j] = Math.sqrt(t);
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => sv[y] - sv[x]);
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = sv[order[i]];
  if (!wantUV) return { s, u: null, v: null, uCols: 0, vCols: 0 };
  // U columns (column-major while we complete the basis).
  const uCols = full ? m : k;
  const Uc = new Float64Array(uCols * m);
  const have: boolean[] = new Array(uCols).fill(false);
  const smax = s[0] ?? 0;
  for (let i = 0; i < k; i++) {
    const j = order[i];
    if (s[i] > smax * EPS * m && s[i] > 0) {
      const inv = 1 / s[i];
      for (let r = 0; r < m; r++) Uc[i * m + r] = W[j * m + r] * inv;
      have[i] = true;
    }
  }
  completeBasis(Uc, m, uCols, have);
  const u = new Float64Array(m * uCols);
  for (let c = 0; c < uCols; c++) for (let r = 0; r < m; r++) u[r * uCols + c] = Uc[c * m + r];
  const v = new Float64Array(n * n);
  for (let c = 0; c < n; c++) { const j = order[c]; for (let r = 0; r < n; r++) v[r * n + c] = V![j * n + r]; }
  return { s, u, v, uCols, vCols: n };
}

/**
 * Fills the columns c of the column-major m×cols basis `Q` with have[c] = false so all columns are
 * orthonormal: a full Householder QR of the h known columns gives an m×m orthogonal matrix whose
 * last m - h columns span their orthogonal complement (O(m²h), and exactly orthogonal).
 */
export function completeBasis(Q: Float64Array, m: number, cols: number, have: boolean[]): void {
  const known: number[] = [];
  for (let c = 0; c < cols; c++) if (have[c]) known.push(c);
  if (known.length === cols) return;
  const h = known.length;
  const B = new Float64Array(m * Math.max(h, 1));
  for (let j = 0; j < h; j++) for (let i = 0; i < m; i++) B[i * h + j] = Q[known[j] * m + i];
  const full = h > 0 ? qr(B, m, h, true).q : null;
  let next = h;
  for (let c = 0; c < cols; c++) {
    if (have[c]) continue;
    for (let i = 0; i < m; i++) Q[c * m + i] = full ? full[i * m + next] : i === next ? 1 : 0;
    next++;
    have[c] = true;
  }
}

// ---------------------------------------------------------------- general (nonsymmetric) eigenproblem
/**
 * Eigenvalues (and right eigenvectors) of a general real n×n matrix.
 * 1. Householder reduction to upper Hessenberg form H = Zᵀ A Z (orthogonal, so stable; it makes
 *    each QR step O(n²) instead of O(n³)).
 * 2. Francis implicit double-shift QR on H to real Schur form T (the shifts are a complex-conjugate
 *    pair, so everything stays in real arithmetic), accumulating Z; 2×2 blocks with real
 *    eigenvalues are split by a rotation, so the 2×2 blocks left hold complex pairs.
 * 3. Eigenvectors of T by back substitution (complex arithmetic), mapped back with Z, normalized
 *    like LAPACK's geev: unit 2-norm, largest component real (and here positive).
 * Eigenvalues come in Schur-diagonal order; complex pairs with the positive imaginary part first.
 * Returns wr/wi and, if wanted, the eigenvector matrix as separate real/imag row-major arrays.
 */
export function eig(a0: Float64Array, n: number, wantV: boolean):
  { wr: Float64Array; wi: Float64Array; vr: Float64Array | null; vi: Float64Array | null } {
  const H = Float64Array.from(a0);
  const Z = wantV ? new Float64Array(n * n) : null;
  if (Z) for (let i = 0; i < n; i++) Z[i * n + i] = 1;
  const v = new Float64Array(n);
  // 1. Hessenberg reduction.
  for (let k = 0; k < n - 2; k++) {
    const s = n - k - 1, o = k + 1;
    const { tau, beta } = householder(H, o * n + k, n, s, v);
    if (tau !== 0) {
      for (let c = k + 1; c < n; c++) {
        let w = 0;
        for (let i = 0; i < s; i++) w += v[i] * H[(o + i) * n + c];
        w *= tau;
        if (w !== 0) for (let i = 0; i < s; i++) H[(o + i) * n + c] -= w * v[i];
      }
      applyRight(H, n, 0, n - 1, o, s, v, tau);
      if (Z) applyRight(Z, n, 0, n - 1, o, s, v, tau);
    }
    H[o * n + k] = beta;
    for (let i = 1; i < s; i++) H[(o + i) * n + k] = 0;
  }
  // 2. Francis double-shift QR.
  let norm = 0;
  for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(H[i]));
  let hi = n - 1, iter = 0;
  const v3 = new Float64Array(3);
  while (hi >= 0) {
    let l = hi;
    while (l > 0) {
      let sc = Math.abs(H[(l - 1) * n + l - 1]) + Math.abs(H[l * n + l]);
      if (sc === 0) sc = norm;
      if (Math.abs(H[l * n + l - 1]) <= EPS * sc) { H[l * n + l - 1] = 0; break; }
      l--;
    }
    if (l === hi) { hi--; iter = 0; continue; }
    if (l === hi - 1) { splitBlock(H, Z, n, hi - 1); hi -= 2; iter = 0; continue; }
    iter++;
    if (iter > 60) throw new Error("eig: the QR iteration did not converge");
    let s: number, t: number;
    const h11 = H[(hi - 1) * n + hi - 1], h12 = H[(hi - 1) * n + hi], h21 = H[hi * n + hi - 1], h22 = H[hi * n + hi];
    if (iter % 11 === 10) {
      // Exceptional shift: breaks the rare cycles of the standard shift.
      const w = Math.abs(h21) + Math.abs(H[(hi - 1) * n + hi - 2]);
      const sig = h22 + 0.75 * w;
      s = 2 * sig; t = sig * sig + 0.4375 * w * w;
    } else { s = h11 + h22; t = h11 * h22 - h12 * h21; }
    let x = H[l * n + l] * H[l * n + l] + H[l * n + l + 1] * H[(l + 1) * n + l] - s * H[l * n + l] + t;
    let y = H[(l + 1) * n + l] * (H[l * n + l] + H[(l + 1) * n + l + 1] - s);
    let z = H[(l + 1) * n + l] * H[(l + 2) * n + l + 1];
    for (let k = l; k <= hi - 2; k++) {
      const xs = [x, y, z];
      const { tau, beta } = householder(xs, 0, 1, 3, v3);
      if (tau !== 0) {
        const c0 = Math.max(l, k - 1);
        for (let c = c0; c < n; c++) {
          let w = H[k * n + c] + v3[1] * H[(k + 1) * n + c] + v3[2] * H[(k + 2) * n + c];
          w *= tau;
          H[k * n + c] -= w; H[(k + 1) * n + c] -= w * v3[1]; H[(k + 2) * n + c] -= w * v3[2];
        }
        applyRight(H, n, 0, Math.min(k + 3, hi), k, 3, v3, tau);
        if (Z) applyRight(Z, n, 0, n - 1, k, 3, v3, tau);
      }
      if (k > l) { H[k * n + k - 1] = beta; H[(k + 1) * n + k - 1] = 0; H[(k + 2) * n + k - 1] = 0; }
      x = H[(k + 1) * n + k]; y = H[(k + 2) * n + k];
      if (k < hi - 2) z = H[(k + 3) * n + k];
    }
    const k = hi - 1;
    const { tau, beta } = householder([x, y], 0, 1, 2, v3);
    if (tau !== 0) {
      for (let c = Math.max(l, k - 1); c < n; c++) {
        const w = tau * (H[k * n + c] + v3[1] * H[(k + 1) * n + c]);
        H[k * n + c] -= w; H[(k + 1) * n + c] -= w * v3[1];
      }
      applyRight(H, n, 0, hi, k, 2, v3, tau);
      if (Z) applyRight(Z, n, 0, n - 1, k, 2, v3, tau);
    }
    if (k > l) { H[k * n + k - 1] = beta; H[(k + 1) * n + k - 1] = 0; }
  }
  // Eigenvalues from the diagonal blocks of T.
  const wr = new Float64Array(n), wi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i < n - 1 && H[(i + 1) * n + i] !== 0) {
      const a = H[i * n + i], b = H[i * n + i + 1], c = H[(i + 1) * n + i], d = H[(i + 1) * n + i + 1];
      const h = (a - d) / 2, disc = h * h + b * c;
      const re = (a + d) / 2, im = Math.sqrt(Math.max(-disc, 0));
      wr[i] = re; wi[i] = im; wr[i + 1] = re; wi[i + 1] = -im;
      i++;
    } else wr[i] = H[i * n + i];
  }
  if (!Z) return { wr, wi, vr: null, vi: null };
  // 3. Eigenvectors of T, then of A = Z T Zᵀ.
  const vr = new Float64Array(n * n), vi = new Float64Array(n * n);
  const xr = new Float64Array(n), xi = new Float64Array(n);
  // Stand-in for an exactly zero pivot (repeated eigenvalues); its square must not underflow.
  const small = Math.max(norm * EPS, 1e-150);
  for (let kk = 0; kk < n; kk++) {
    if (wi[kk] < 0) continue; // the conjugate of the previous column
    const lr = wr[kk], li = wi[kk];
    xr.fill(0); xi.fill(0);
    let top: number;
    if (li === 0) { xr[kk] = 1; top = kk; }
    else {
      // 2×2 block at (kk, kk+1): x = (b, λ - a).
      xr[kk] = H[kk * n + kk + 1]; xi[kk] = 0;
      xr[kk + 1] = lr - H[kk * n + kk]; xi[kk + 1] = li;
      top = kk + 1;
    }
    for (let j = kk - 1; j >= 0; j--) {
      if (j > 0 && H[j * n + j - 1] !== 0) {
        // 2×2 diagonal block (j-1, j): solve the complex 2×2 system by Cramer's rule.
        let r0r = 0, r0i = 0, r1r = 0, r1i = 0;
        for (let c = j + 1; c <= top; c++) {
          const t0 = H[(j - 1) * n + c], t1 = H[j * n + c];
          r0r -= t0 * xr[c]; r0i -= t0 * xi[c];
          r1r -= t1 * xr[c]; r1i -= t1 * xi[c];
        }
        const ar = H[(j - 1) * n + j - 1] - lr, ai = -li, b = H[(j - 1) * n + j];
        const c = H[j * n + j - 1], dr = H[j * n + j] - lr, di = -li;
        // det = a d - b c
        let detr = ar * dr - ai * di - b * c, deti = ar * di + ai * dr;
        if (detr === 0 && deti === 0) detr = small;
        // x0 = (r0 d - b r1)/det, x1 = (a r1 - c r0)/det
        const n0r = r0r * dr - r0i * di - b * r1r, n0i = r0r * di + r0i * dr - b * r1i;
        const n1r = ar * r1r - ai * r1i - c * r0r, n1i = ar * r1i + ai * r1r - c * r0i;
        const den = detr * detr + deti * deti;
        xr[j - 1] = (n0r * detr + n0i * deti) / den; xi[j - 1] = (n0i * detr - n0r * deti) / den;
        xr[j] = (n1r * detr + n1i * deti) / den; xi[j] = (n1i * detr - n1r * deti) / den;
        j--;
      } else {
        let sr = 0, si = 0;
        for (let c = j + 1; c <= top; c++) { const t = H[j * n + c]; sr -= t * xr[c]; si -= t * xi[c]; }
        let dr = H[j * n + j] - lr;
        const di = -li;
        if (dr === 0 && di === 0) dr = small;
        const den = dr * dr + di * di;
        xr[j] = (sr * dr + si * di) / den; xi[j] = (si * dr - sr * di) / den;
      }
      // Rescale when entries grow large (nearly defective matrices), as LAPACK's trevc does.
      let big = 0;
      for (let c = j; c <= top; c++) big = Math.max(big, Math.abs(xr[c]) + Math.abs(xi[c]));
      if (big > 1e100) for (let c = 0; c <= top; c++) { xr[c] /= big; xi[c] /= big; }
    }
    // v = Z x, normalized to unit norm with its largest component real and positive.
    const pr = new Float64Array(n), pi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      const zi = i * n;
      for (let c = 0; c <= top; c++) { sr += Z[zi + c] * xr[c]; si += Z[zi + c] * xi[c]; }
      pr[i] = sr; pi[i] = si;
    }
    let nrm = 0, bi = 0, bm = -1;
    for (let i = 0; i < n; i++) {
      const m2 = pr[i] * pr[i] + pi[i] * pi[i];
      nrm += m2;
      if (m2 > bm * (1 + 1e-12)) { bm = m2; bi = i; }
    }
    nrm = Math.sqrt(nrm);
    const mag = Math.sqrt(bm);
    // Multiply by conj(x_b)/|x_b| / nrm: makes component bi real positive.
    const fr = mag > 0 ? pr[bi] / mag / nrm : 1 / nrm, fi = mag > 0 ? -pi[bi] / mag / nrm : 0;
    for (let i = 0; i < n; i++) {
      const re = pr[i] * fr - pi[i] * fi, im = pr[i] * fi + pi[i] * fr;
      vr[i * n + kk] = re; vi[i * n + kk] = im;
      if (li !== 0) { vr[i * n + kk + 1] = re; vi[i * n + kk + 1] = -im; }
    }
    if (li === 0) for (let i = 0; i < n; i++) vi[i * n + kk] = 0;
  }
  return { wr, wi, vr, vi };
}

/** M[r0..r1, c0..c0+len) <- M (I - tau v vᵀ), v[0] = 1. */
function applyRight(M: Float64Array, n: number, r0: number, r1: number, c0: number, len: number, v: ArrayLike<number>, tau: number): void {
  for (let r = r0; r <= r1; r++) {
    const o = r * n + c0;
    let w = 0;
    for (let i = 0; i < len; i++) w += M[o + i] * v[i];
    w *= tau;
    if (w !== 0) for (let i = 0; i < len; i++) M[o + i] -= w * v[i];
  }
}

/** Deflated 2×2 block at (p, p+1): if its eigenvalues are real, rotate it to upper-triangular form. */
function splitBlock(H: Float64Array, Z: Float64Array | null, n: number, p: number): void {
  const a = H[p * n + p], b = H[p * n + p + 1], c = H[(p + 1) * n + p], d = H[(p + 1) * n + p + 1];
  const h = (a - d) / 2, disc = h * h + b * c;
  if (disc < 0) return;
  const r = Math.sqrt(disc);
  // λ1 - d = h ± r with the sign of h: no cancellation. Eigenvector (λ1 - d, c).
  const x0 = h >= 0 ? h + r : h - r, x1 = c;
  const nrm = Math.hypot(x0, x1);
  if (nrm === 0) { H[(p + 1) * n + p] = 0; return; }
  const cs = x0 / nrm, sn = x1 / nrm;
  // G = [[cs, -sn], [sn, cs]]; H <- Gᵀ H G on rows/cols p, p+1.
  for (let j = p; j < n; j++) {
    const u = H[p * n + j], w = H[(p + 1) * n + j];
    H[p * n + j] = cs * u + sn * w;
    H[(p + 1) * n + j] = -sn * u + cs * w;
  }
  for (let i = 0; i <= p + 1; i++) {
    const u = H[i * n + p], w = H[i * n + p + 1];
    H[i * n + p] = cs * u + sn * w;
    H[i * n + p + 1] = -sn * u + cs * w;
  }
  if (Z) for (let i = 0; i < n; i++) {
    const u = Z[i * n + p], w = Z[i * n + p + 1];
    Z[i * n + p] = cs * u + sn * w;
    Z[i * n + p + 1] = -sn * u + cs * w;
  }
  H[(p + 1) * n + p] = 0;
}

// ---------------------------------------------------------------- least squares
/**
 * Least squares min ‖A X - B‖² + λ‖X‖² through the SVD: X = V diag(s/(s²+λ)) Uᵀ B, with singular
 * values below max(m,n)·eps·s_max dropped when λ = 0 (numpy's lstsq cutoff). The SVD handles
 * rank-deficient and ill-conditioned systems that the normal equations (cond²) would ruin.
 */
export function lstsq(a: Float64Array, m: number, n: number, b: Float64Array, k: number, l2: number): Float64Array {
  const { s, u, v } = svd(a, m, n, true, false);
  const r = Math.min(m, n);
  const cutoff = (s[0] ?? 0) * EPS * Math.max(m, n);
  // c = Uᵀ B (r×k), scaled, then X = V c.
  const c = new Float64Array(r * k);
  for (let i = 0; i < r; i++) {
    const si = s[i];
    let f: number;
    if (l2 > 0) f = si / (si * si + l2);
    else f = si > cutoff && si > 0 ? 1 / si : 0;
    if (f === 0) continue;
    for (let j = 0; j < k; j++) {
      let t = 0;
      for (let p = 0; p < m; p++) t += u![p * r + i] * b[p * k + j];
      c[i * k + j] = t * f;
    }
  }
  const x = new Float64Array(n * k);
  for (let p = 0; p < n; p++) for (let i = 0; i < r; i++) {
    const vv = v![p * r + i];
    if (vv === 0) continue;
    for (let j = 0; j < k; j++) x[p * k + j] += vv * c[i * k + j];
  }
  return x;
}

// ---------------------------------------------------------------- matrix exponential
function matmulSq(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < n; p++) {
    const av = a[i * n + p];
    if (av === 0) continue;
    for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
  }
  return c;
}

/**
 * expm by scaling and squaring with the degree-13 Padé approximant (Higham 2005): the method
 * behind scipy's and TF's expm. Scaling brings ‖A‖₁ under θ13 where Padé(13) is accurate to
 * double precision; squaring undoes the scaling.
 */
export function expm(a0: Float64Array, n: number): Float64Array {
  let norm1 = 0;
  for (let j = 0; j < n; j++) { let t = 0; for (let i = 0; i < n; i++) t += Math.abs(a0[i * n + j]); norm1 = Math.max(norm1, t); }
  const theta13 = 5.371920351148152;
  const sq = norm1 > theta13 ? Math.max(0, Math.ceil(Math.log2(norm1 / theta13))) : 0;
  const a = Float64Array.from(a0);
  if (sq > 0) { const f = Math.pow(2, -sq); for (let i = 0; i < a.length; i++) a[i] *= f; }
  const b = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
    10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1];
  const A2 = matmulSq(a, a, n), A4 = matmulSq(A2, A2, n), A6 = matmulSq(A4, A2, n);
  const nn = n * n;
  const t1 = new Float64Array(nn), t2 = new Float64Array(nn);
  for (let i = 0; i < nn; i++) {
    t1[i] = b[13] * A6[i] + b[11] * A4[i] + b[9] * A2[i];
    t2[i] = b[12] * A6[i] + b[10] * A4[i] + b[8] * A2[i];
  }
  const u1 = matmulSq(A6, t1, n), v1 = matmulSq(A6, t2, n);
  for (let i = 0; i < nn; i++) {
    u1[i] += b[7] * A6[i] + b[5] * A4[i] + b[3] * A2[i];
    v1[i] += b[6] * A6[i] + b[4] * A4[i] + b[2] * A2[i];
  }
  for (let i = 0; i < n; i++) { u1[i * n + i] += b[1]; v1[i * n + i] += b[0]; }
  const U = matmulSq(a, u1, n);
  const P = new Float64Array(nn), Q = new Float64Array(nn);
  for (let i = 0; i < nn; i++) { P[i] = v1[i] + U[i]; Q[i] = v1[i] - U[i]; }
  const { perm } = luFactor(Q, n);
  let R = luSolve(Q, perm, n, P, n);
  for (let i = 0; i < sq; i++) R = matmulSq(R, R, n);
  return R;
}

// ================================================================ kernels
/** Number of matrices in a batch: the product of all but the last `core` dims. */
function batchOf(shape: readonly number[], core = 2): number {
  return sizeOf(shape.slice(0, shape.length - core));
}
function readMat(src: ArrayLike<number>, off: number, len: number): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = src[off + i];
  return a;
}
function writeMat(dst: { [i: number]: number }, off: number, src: ArrayLike<number>, len = src.length): void {
  for (let i = 0; i < len; i++) dst[off + i] = src[i];
}
/** For an output batch index, the flat batch index into an operand whose batch dims broadcast to it. */
function batchMapper(inBatch: readonly number[], outBatch: readonly number[]): (b: number) => number {
  const r = outBatch.length, off = r - inBatch.length;
  const os = stridesOf(outBatch as number[]), is = stridesOf(inBatch as number[]);
  return (b) => {
    let idx = 0, rem = b;
    for (let d = 0; d < r; d++) {
      const c = Math.floor(rem / os[d]); rem -= c * os[d];
      const di = d - off;
      if (di >= 0 && inBatch[di] !== 1) idx += c * is[di];
    }
    return idx;
  };
}

function notInvertible(op: string, shape: readonly number[], ko = "입력 행렬이 가역이 아닙니다 (특이 행렬)."): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `Input is not invertible. [Op:${op}] (input shape ${formatShape(shape)}): a pivot of its LU factorization is exactly zero, so the matrix is singular. ` +
    `Check for linearly dependent rows/columns; tf.linalg.pinv or tf.linalg.lstsq handle singular systems.`,
    `${ko} [Op:${op}] (입력 형태 ${formatShape(shape)}): LU 분해의 피벗이 정확히 0이므로 특이 행렬입니다. ` +
    `행/열이 선형 종속인지 확인하세요. 특이 행렬에는 tf.linalg.pinv나 tf.linalg.lstsq를 쓰세요.`,
  ));
}

const detKernel: Kernel = ([x], _attrs, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) {
    const a = readMat(src, b * n * n, n * n);
    const { sign, singular } = luFactor(a, n);
    if (singular) { out[b] = 0; continue; }
    let d = sign;
    for (let i = 0; i < n; i++) d *= a[i * n + i];
    out[b] = d;
  }
  return [out];
};
registerKernel("cpu", "MatrixDeterminant", detKernel);

registerKernel("cpu", "LogMatrixDeterminant", ([x], _attrs, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const sgn = alloc(outs[0].dtype, outs[0].shape), lad = alloc(outs[1].dtype, outs[1].shape);
  for (let b = 0; b < nb; b++) {
    const a = readMat(src, b * n * n, n * n);
    const { sign, singular } = luFactor(a, n);
    if (singular) { sgn[b] = 0; lad[b] = -Infinity; continue; }
    let s = sign, l = 0;
    for (let i = 0; i < n; i++) { const d = a[i * n + i]; if (d < 0) s = -s; l += Math.log(Math.abs(d)); }
    sgn[b] = s; lad[b] = l;
  }
  return [sgn, lad];
});

registerKernel("cpu", "MatrixInverse", ([x], { adjoint }, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  for (let b = 0; b < nb; b++) {
    let a = readMat(src, b * n * n, n * n);
    if (adjoint) a = transposeSquare(a, n);
    const { perm, singular } = luFactor(a, n);
    if (singular) throw notInvertible("MatrixInverse", x.shape);
    writeMat(out, b * n * n, luSolve(a, perm, n, eye, n));
  }
  return [out];
});

registerKernel("cpu", "MatrixSolve", ([m, r], { adjoint }, outs) => {
  const n = m.shape[m.rank - 1], k = r.shape[r.rank - 1], nb = batchOf(m.shape);
  const am = vals(m), br = vals(r);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) {
    let a = readMat(am, b * n * n, n * n);
    if (adjoint) a = transposeSquare(a, n);
    const { perm, singular } = luFactor(a, n);
    if (singular) throw notInvertible("MatrixSolve", m.shape);
    writeMat(out, b * n * k, luSolve(a, perm, n, readMat(br, b * n * k, n * k), k));
  }
  return [out];
});

registerKernel("cpu", "MatrixTriangularSolve", ([m, r], { lower, adjoint }, outs) => {
  const n = m.shape[m.rank - 1], k = r.shape[r.rank - 1];
  const os = outs[0].shape, ob = os.slice(0, -2), nb = sizeOf(ob);
  const ma = batchMapper(m.shape.slice(0, -2), ob), mb = batchMapper(r.shape.slice(0, -2), ob);
  const am = vals(m), br = vals(r);
  const out = alloc(outs[0].dtype, os);
  for (let b = 0; b < nb; b++) {
    const a = readMat(am, ma(b) * n * n, n * n);
    const x = triangularSolve(a, n, readMat(br, mb(b) * n * k, n * k), k, !!lower, !!adjoint);
    if (!x) {
      throw new InvalidArgumentError(msg(
        `Input matrix is not invertible. [Op:MatrixTriangularSolve] (matrix shape ${formatShape(m.shape)}): a diagonal entry of the triangular matrix is zero.`,
        `입력 행렬이 가역이 아닙니다. [Op:MatrixTriangularSolve] (행렬 형태 ${formatShape(m.shape)}): 삼각 행렬의 대각 원소에 0이 있습니다.`,
      ));
    }
    writeMat(out, b * n * k, x);
  }
  return [out];
});

registerKernel("cpu", "Cholesky", ([x], _attrs, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) {
    const l = cholesky(readMat(src, b * n * n, n * n), n);
    if (!l) {
      throw new InvalidArgumentError(msg(
        `Cholesky decomposition was not successful. The input might not be valid. [Op:Cholesky] (input shape ${formatShape(x.shape)}` +
        `${nb > 1 ? `, matrix #${b} of the batch` : ""}): the matrix is not symmetric positive definite (a pivot was <= 0). ` +
        `Only its lower triangle is read. For a covariance-like matrix add a small multiple of the identity (A + 1e-6·I).`,
        `Cholesky 분해에 실패했습니다. 입력이 올바르지 않을 수 있습니다. [Op:Cholesky] (입력 형태 ${formatShape(x.shape)}` +
        `${nb > 1 ? `, 배치의 ${b}번째 행렬` : ""}): 행렬이 대칭 양의 정부호가 아닙니다 (피벗 <= 0). ` +
        `아래 삼각 부분만 읽습니다. 공분산 같은 행렬이면 단위행렬의 작은 배수를 더하세요 (A + 1e-6·I).`,
      ));
    }
    writeMat(out, b * n * n, l);
  }
  return [out];
});

registerKernel("cpu", "Qr", ([x], { full_matrices }, outs) => {
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const qo = alloc(outs[0].dtype, outs[0].shape), ro = alloc(outs[1].dtype, outs[1].shape);
  for (let b = 0; b < nb; b++) {
    const { q, r } = qr(readMat(src, b * m * n, m * n), m, n, !!full_matrices);
    writeMat(qo, b * q.length, q);
    writeMat(ro, b * r.length, r);
  }
  return [qo, ro];
});

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
/** Iterative eigensolvers cannot converge on inf/NaN input: TF's error, raised up front. */
function notFinite(op: string, what: string, shape: readonly number[]): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `${what} was not successful. The input might not be valid. [Op:${op}] (input shape ${formatShape(shape)}): it contains inf or NaN.`,
    `${what}에 실패했습니다. 입력이 올바르지 않을 수 있습니다. [Op:${op}] (입력 형태 ${formatShape(shape)}): inf 또는 NaN이 들어 있습니다.`,
  ));
}

registerKernel("cpu", "Svd", ([x], { compute_uv, full_matrices }, outs) => {
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const so = alloc(outs[0].dtype, outs[0].shape), uo = alloc(outs[1].dtype, outs[1].shape), vo = alloc(outs[2].dtype, outs[2].shape);
  const k = Math.min(m, n);
  for (let b = 0; b < nb; b++) {
    const a = readMat(src, b * m * n, m * n);
    if (!allFinite(a)) {
      // Like Eigen's SVD, non-finite input gives NaN results (Jacobi rotations would never settle).
      for (let i = 0; i < k; i++) so[b * k + i] = NaN;
      if (compute_uv) {
        const ul = uo.length / Math.max(nb, 1), vl = vo.length / Math.max(nb, 1);
        uo.fill(NaN, b * ul, (b + 1) * ul); vo.fill(NaN, b * vl, (b + 1) * vl);
      }
      continue;
    }
    const r = svd(a, m, n, !!compute_uv, !!full_matrices);
    writeMat(so, b * k, r.s);
    if (compute_uv) { writeMat(uo, b * r.u!.length, r.u!); writeMat(vo, b * r.v!.length, r.v!); }
  }
  return [so, uo, vo];
});

registerKernel("cpu", "SelfAdjointEigV2", ([x], { compute_v }, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const eo = alloc(outs[0].dtype, outs[0].shape), vo = alloc(outs[1].dtype, outs[1].shape);
  for (let b = 0; b < nb; b++) {
    const a = readMat(src, b * n * n, n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (!Number.isFinite(a[i * n + j])) throw notFinite("SelfAdjointEigV2", "Self-adjoint eigen decomposition", x.shape);
    const { w, vecs } = symEig(a, n, !!compute_v);
    writeMat(eo, b * n, w);
    if (vecs) for (let i = 0; i < n; i++) for (let c = 0; c < n; c++) vo[b * n * n + i * n + c] = vecs[c * n + i];
  }
  return [eo, vo];
});

registerKernel("cpu", "Eig", ([x], { compute_v }, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const eo = alloc(outs[0].dtype, outs[0].shape), vo = alloc(outs[1].dtype, outs[1].shape);
  for (let b = 0; b < nb; b++) {
    const a = readMat(src, b * n * n, n * n);
    if (!allFinite(a)) throw notFinite("Eig", "Eigen decomposition", x.shape);
    const { wr, wi, vr, vi } = eig(a, n, !!compute_v);
    for (let i = 0; i < n; i++) { eo[2 * (b * n + i)] = wr[i]; eo[2 * (b * n + i) + 1] = wi[i]; }
    if (vr && vi) {
      const o = b * n * n;
      for (let i = 0; i < n * n; i++) { vo[2 * (o + i)] = vr[i]; vo[2 * (o + i) + 1] = vi[i]; }
    }
  }
  return [eo, vo];
});

registerKernel("cpu", "MatrixSolveLs", ([a, r, l2], _attrs, outs) => {
  const m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = r.shape[r.rank - 1], nb = batchOf(a.shape);
  const am = vals(a), br = vals(r);
  const lam = l2 ? Number(vals(l2)[0]) : 0;
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) {
    writeMat(out, b * n * k, lstsq(readMat(am, b * m * n, m * n), m, n, readMat(br, b * m * k, m * k), k, lam));
  }
  return [out];
});

registerKernel("cpu", "MatrixExponential", ([x], _attrs, outs) => {
  const n = x.shape[x.rank - 1], nb = batchOf(x.shape), src = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) writeMat(out, b * n * n, expm(readMat(src, b * n * n, n * n), n));
  return [out];
});

// ---------------------------------------------------------------- structural matrix ops (any dtype)
/** Element width in storage slots (complex dtypes interleave re/im). */
function width(t: { dtype: { kind: string } }): number { return t.dtype.kind === "c" ? 2 : 1; }

registerKernel("cpu", "MatrixBandPart", ([x], { num_lower, num_upper }, outs) => {
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = batchOf(x.shape), w = width(x);
  const src = vals(x), out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    if ((num_lower < 0 || i - j <= num_lower) && (num_upper < 0 || j - i <= num_upper)) {
      const o = ((b * m + i) * n + j) * w;
      for (let c = 0; c < w; c++) out[o + c] = src[o + c];
    }
  }
  return [out];
});

/** Positions (row, col) of diagonal k in an m×n matrix. */
function diagLen(m: number, n: number, k: number): number {
  return Math.max(0, k >= 0 ? Math.min(m, n - k) : Math.min(m + k, n));
}

registerKernel("cpu", "MatrixDiagV3", ([d], { k, padding_value }, outs) => {
  const os = outs[0].shape, m = os[os.length - 2], n = os[os.length - 1];
  const len = d.shape[d.rank - 1], nb = batchOf(d.shape, 1), w = width(d);
  const src = vals(d), out = alloc(outs[0].dtype, os);
  if (padding_value) for (let i = 0; i < out.length; i += w) out[i] = padding_value;
  const L = diagLen(m, n, k);
  for (let b = 0; b < nb; b++) for (let i = 0; i < L; i++) {
    const r = k >= 0 ? i : i - k, c = k >= 0 ? i + k : i;
    const o = ((b * m + r) * n + c) * w, s = (b * len + i) * w;
    for (let q = 0; q < w; q++) out[o + q] = src[s + q];
  }
  return [out];
});

registerKernel("cpu", "MatrixDiagPartV3", ([x], { k }, outs) => {
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = batchOf(x.shape), w = width(x);
  const L = diagLen(m, n, k), src = vals(x), out = alloc(outs[0].dtype, outs[0].shape);
  for (let b = 0; b < nb; b++) for (let i = 0; i < L; i++) {
    const r = k >= 0 ? i : i - k, c = k >= 0 ? i + k : i;
    const s = ((b * m + r) * n + c) * w, o = (b * L + i) * w;
    for (let q = 0; q < w; q++) out[o + q] = src[s + q];
  }
  return [out];
});

registerKernel("cpu", "MatrixSetDiagV3", ([x, d], { k }, outs) => {
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = batchOf(x.shape), w = width(x);
  const L = diagLen(m, n, k), src = vals(x), dv = vals(d);
  const out = (src as Float64Array).slice();
  for (let b = 0; b < nb; b++) for (let i = 0; i < L; i++) {
    const r = k >= 0 ? i : i - k, c = k >= 0 ? i + k : i;
    const o = ((b * m + r) * n + c) * w, s = (b * L + i) * w;
    for (let q = 0; q < w; q++) out[o + q] = dv[s + q];
  }
  return [out];
});

