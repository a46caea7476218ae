import { describe, it, beforeAll } from "vitest";
import * as tf from "../../index";
import { loadFixture, toT, expectClose, expectColumnsUpToSign, flat, Case } from "./util";

// numpy references from test/fixtures/gen_linalg.py: random, batched, ill-conditioned,
// rank-deficient and SPD inputs in float32 and float64, each with its own tolerance.
const { cases } = loadFixture("linalg.json");

function run(c: Case): void {
  const ins = c.inputs.map((a) => toT(a, c.dtype));
  const at = c.attrs;
  const exp = c.expected;
  const what = `${c.fn}(${c.kind}, ${c.dtype}, ${JSON.stringify(c.inputs[0].shape)}, ${JSON.stringify(at)})`;
  const want = (i: number) => exp[i];
  switch (c.fn) {
    case "det": return expectClose(tf.linalg.det(ins[0]), want(0), c.tol, what);
    case "slogdet": {
      const [s, l] = tf.linalg.slogdet(ins[0]);
      expectClose(s, want(0), 0, what + " sign");
      return expectClose(l, want(1), c.tol, what + " log|det|");
    }
    case "logdet": return expectClose(tf.linalg.logdet(ins[0]), want(0), c.tol, what);
    case "inv": return expectClose(tf.linalg.inv(ins[0], { adjoint: !!at.adjoint }), want(0), c.tol, what);
    case "solve": return expectClose(tf.linalg.solve(ins[0], ins[1], { adjoint: !!at.adjoint }), want(0), c.tol, what);
    case "triangular_solve": return expectClose(tf.linalg.triangular_solve(ins[0], ins[1], { lower: at.lower, adjoint: at.adjoint }), want(0), c.tol, what);
    case "cholesky": return expectClose(tf.linalg.cholesky(ins[0]), want(0), c.tol, what);
    case "cholesky_solve": return expectClose(tf.linalg.cholesky_solve(ins[0], ins[1]), want(0), c.tol, what);
    case "lstsq": return expectClose(tf.linalg.lstsq(ins[0], ins[1], { l2_regularizer: at.l2_regularizer ?? 0 }), want(0), c.tol, what);
    case "pinv": return expectClose(tf.linalg.pinv(ins[0]), want(0), c.tol, what);
    case "matrix_rank": {
      const r = tf.linalg.matrix_rank(ins[0]);
      if (r.dtype !== tf.int32) throw new Error(`${what}: dtype ${r.dtype.name}`);
      return expectClose(r, want(0), 0, what);
    }
    case "normalize": {
      const [x, n] = tf.linalg.normalize(ins[0], { axis: at.axis });
      expectClose(x, want(0), c.tol, what + " tensor");
      return expectClose(n, want(1), c.tol, what + " norm");
    }
    case "trace": return expectClose(tf.linalg.trace(ins[0]), want(0), c.tol, what);
    case "diag": return expectClose(tf.linalg.diag(ins[0], { k: at.k ?? 0 }), want(0), c.tol, what);
    case "diag_part": return expectClose(tf.linalg.diag_part(ins[0], { k: at.k ?? 0 }), want(0), c.tol, what);
    case "set_diag": return expectClose(tf.linalg.set_diag(ins[0], tf.cast(ins[1], c.dtype)), want(0), c.tol, what);
    case "band_part": return expectClose(tf.linalg.band_part(ins[0], at.num_lower, at.num_upper), want(0), c.tol, what);
    case "matrix_transpose": return expectClose(tf.linalg.matrix_transpose(ins[0]), want(0), c.tol, what);
    case "expm": return expectClose(tf.linalg.expm(ins[0]), want(0), c.tol, what);
    case "norm": {
      const ord = at.ord === "inf" ? Infinity : at.ord;
      return expectClose(tf.norm(ins[0], { ord, axis: at.axis, keepdims: at.keepdims }), want(0), c.tol, what);
    }
    case "qr": {
      const { q, r } = tf.linalg.qr(ins[0], { full_matrices: !!at.full_matrices });
      // Column j of Q and row j of R share a sign; align both with numpy's.
      expectColumnsUpToSign(q, want(0), c.tol, what + " q");
      const rT = tf.linalg.matrix_transpose(r), wr = want(1);
      const wrT = tf.linalg.matrix_transpose(toT(wr, "float64"));
      return expectColumnsUpToSign(rT, { shape: wrT.shape, data: flat(wrT) }, c.tol, what + " r");
    }
    case "svd": {
      const [s, u, v] = tf.linalg.svd(ins[0], { full_matrices: !!at.full_matrices });
      expectClose(s, want(0), c.tol, what + " s");
      // Singular vectors beyond min(m, n) (full_matrices) are any orthonormal completion: compare the first k.
      const k = want(0).shape[want(0).shape.length - 1];
      expectColumnsUpToSign(u, want(1), c.tol * 10, what + " u", (_b, j) => j >= k);
      return expectColumnsUpToSign(v, want(2), c.tol * 10, what + " v", (_b, j) => j >= k);
    }
    case "svd_values": return expectClose(tf.linalg.svd(ins[0], { compute_uv: false }), want(0), c.tol, what);
    case "eigh": {
      const [e, v] = tf.linalg.eigh(ins[0]);
      expectClose(e, want(0), c.tol, what + " e");
      return expectColumnsUpToSign(v, want(1), c.tol * 10, what + " v");
    }
    case "eigvalsh": return expectClose(tf.linalg.eigvalsh(ins[0]), want(0), c.tol, what);
    case "eig": case "eigvals": return checkEig(c, ins[0], what);
  }
  throw new Error(`unknown fixture function ${c.fn}`);
}

/** Eigenvalues as a multiset (matched greedily), eigenvectors up to a complex phase. */
function checkEig(c: Case, a: tf.Tensor, what: string): void {
  const [e, v] = c.fn === "eig" ? tf.linalg.eig(a) : [tf.linalg.eigvals(a), null];
  const want = c.expected[0];
  const n = want.shape[want.shape.length - 1], nb = want.re!.length / n;
  const ed = flat(e);
  let scale = 1e-30;
  for (let i = 0; i < want.re!.length; i++) scale = Math.max(scale, Math.hypot(want.re![i], want.im![i]));
  for (let b = 0; b < nb; b++) {
    const used = new Set<number>();
    for (let j = 0; j < n; j++) {
      const wr = want.re![b * n + j], wi = want.im![b * n + j];
      let best = -1, bd = Infinity;
      for (let i = 0; i < n; i++) {
        if (used.has(i)) continue;
        const d = Math.hypot(ed[2 * (b * n + i)] - wr, ed[2 * (b * n + i) + 1] - wi);
        if (d < bd) { bd = d; best = i; }
      }
      used.add(best);
      if (!(bd / scale <= c.tol)) throw new Error(`${what}: eigenvalue ${wr}+${wi}j matched with error ${(bd / scale).toExponential(3)} > ${c.tol}`);
      if (v) {
        // |<v_got, v_want>| = 1 for unit vectors equal up to phase.
        const vd = flat(v), wv = c.expected[1];
        let re = 0, im = 0, ng = 0;
        for (let i = 0; i < n; i++) {
          const gr = vd[2 * ((b * n + i) * n + best)], gi = vd[2 * ((b * n + i) * n + best) + 1];
          const xr = wv.re![(b * n + i) * n + j], xi = wv.im![(b * n + i) * n + j];
          re += gr * xr + gi * xi; im += gr * xi - gi * xr; ng += gr * gr + gi * gi;
        }
        const err = Math.abs(1 - Math.hypot(re, im)) + Math.abs(1 - Math.sqrt(ng));
        if (!(err <= c.tol * 10)) throw new Error(`${what}: eigenvector ${j} differs beyond a phase (1-|<v,w>| = ${err.toExponential(3)})`);
      }
    }
  }
}

describe("tf.linalg vs numpy fixtures", () => {
  beforeAll(() => tf.config.set_backend("cpu"));
  it("covers every function, float32 and float64, random/batched/ill-conditioned inputs", () => {
    const fns = new Set(cases.map((c) => c.fn));
    for (const f of ["det", "slogdet", "logdet", "inv", "solve", "triangular_solve", "cholesky", "cholesky_solve", "lstsq", "qr", "svd", "eigh", "eigvalsh", "eig", "eigvals", "pinv", "norm", "matrix_rank", "normalize", "trace", "diag", "diag_part", "band_part", "expm"]) {
      if (!fns.has(f)) throw new Error(`fixture lacks ${f}`);
    }
    const kinds = new Set(cases.map((c) => `${c.kind}/${c.dtype}`));
    for (const k of ["random/float32", "random/float64", "batched/float32", "ill-conditioned/float64", "ill-conditioned/float32"]) if (!kinds.has(k)) throw new Error(`fixture lacks ${k}`);
  });
  it.each(cases.map((c, i) => [`#${i} ${c.fn} ${c.kind} ${c.dtype} ${JSON.stringify(c.inputs[0].shape)} ${JSON.stringify(c.attrs)}`, c] as const))("%s", (_t, c) => run(c));
});
