/**
 * `tf.linalg`: determinants, inverses, solves, factorizations (LU inside, Cholesky, QR, SVD,
 * symmetric and general eigendecompositions), least squares, matrix functions and the structural
 * matrix ops (diag, band_part, set_diag, trace, transpose). Everything is batched over leading
 * dimensions and works for float32 and float64 (the cpu kernels compute in float64).
 *
 * Each op: TF's op type, inference (dtype + square/shape checks that name the op and shapes), and a
 * gradient written with public ops (so it serves eager tapes and graph gradients alike). Formulas
 * follow TF's linalg_grad (Giles 2008; Townsend's SVD derivative; Walter & Lehmann for QR).
 */
import { Tensor } from "../tensor/tensor";
import { DType, float32, float64, complex64, complex128, int32 } from "../tensor/dtypes";
import { broadcastShapes, formatShape, normAxis } from "../tensor/shape";
import { defineOp, runOp, GradFn } from "../engine/engine";
import type { OutSpec } from "../backends/backend";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, UnimplementedError, checkOptions, msg } from "../errors";
import { add, subtract, multiply, divide, negative, square, sqrt, log, abs, pow, where, greater, cast, zerosLike, scalarLike } from "./math";
import { matmul } from "./matmul";
import { transpose, expand_dims, slice, concat, reshape } from "./array";
import { reduce_sum, reduce_max } from "./reduce";
import { unbroadcast } from "./grad_util";

type Dim = number | null;

// Argument binding: the shared helper in ./args.
import { bindArgs as bindOpts, isOpts } from "./args";

// ---------------------------------------------------------------- validation
/** TF's linalg kernels take float32/float64 here (complex only for the structural ops). */
export function requireFloat(op: string, fn: string, x: Tensor): void {
  if (x.dtype !== float32 && x.dtype !== float64) {
    throw new InvalidArgumentError(msg(
      `Value for attr 'T' of ${x.dtype.name} is not in the list of allowed values: double, float [Op:${op}]. ` +
      `tf.linalg.${fn} needs a float32 or float64 tensor; cast first, e.g. tf.cast(x, tf.float32).`,
      `${op}에는 float32 또는 float64 텐서만 쓸 수 있는데 ${x.dtype.name}이(가) 들어왔습니다 [Op:${op}]. ` +
      `먼저 tf.cast(x, tf.float32)처럼 자료형을 바꾸세요.`,
    ));
  }
}

function requireMatrix(op: string, fn: string, x: Tensor, what = "input"): void {
  if (x.rank < 2) {
    throw new InvalidArgumentError(msg(
      `${op}: ${what} must be at least rank 2 (a matrix or a batch of matrices), got shape ${formatShape(x.shape)}. ` +
      `tf.linalg.${fn} works on the last two dimensions; reshape vectors with tf.reshape(x, [n, 1]).`,
      `${op}: ${what}은(는) 랭크 2 이상(행렬 또는 행렬의 배치)이어야 하는데 형태가 ${formatShape(x.shape)}입니다. ` +
      `tf.linalg.${fn}은(는) 마지막 두 차원을 행렬로 봅니다. 벡터는 tf.reshape(x, [n, 1])로 바꾸세요.`,
    ));
  }
}

function requireSquare(op: string, fn: string, x: Tensor, what = "input"): void {
  requireMatrix(op, fn, x, what);
  const m = x.shape[x.rank - 2] as Dim, n = x.shape[x.rank - 1] as Dim;
  if (m !== null && n !== null && m !== n) {
    throw new InvalidArgumentError(msg(
      `Input matrix must be square. [Op:${op}] tf.linalg.${fn} needs square matrices (last two dimensions equal), but ${what} has shape ${formatShape(x.shape)} (${m}×${n}). ` +
      `For non-square systems use tf.linalg.lstsq or tf.linalg.pinv.`,
      `입력 행렬은 정사각 행렬이어야 합니다. [Op:${op}] tf.linalg.${fn}에는 마지막 두 차원이 같은 정사각 행렬이 필요한데 ${what}의 형태가 ${formatShape(x.shape)} (${m}×${n})입니다. ` +
      `정사각이 아닌 시스템에는 tf.linalg.lstsq나 tf.linalg.pinv를 쓰세요.`,
    ));
  }
}

function sameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new InvalidArgumentError(msg(
      `${op}: matrix and rhs must have the same dtype, got ${a.dtype.name} and ${b.dtype.name}. Cast one with tf.cast.`,
      `${op}: matrix와 rhs의 자료형이 같아야 하는데 ${a.dtype.name}와(과) ${b.dtype.name}입니다. tf.cast로 맞추세요.`,
    ));
  }
}

function dimsClash(a: Dim, b: Dim): boolean { return a !== null && b !== null && a !== b; }

function batchShape(x: Tensor, core = 2): Dim[] { return (x.shape as Dim[]).slice(0, x.rank - core); }

// ---------------------------------------------------------------- small op helpers for gradients
/** The last-two-dims transpose (conjugated for complex dtypes): `tf.linalg.adjoint`. */
function adj(x: Tensor): Tensor {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1; perm[r - 1] = r - 2;
  return transpose(x, perm, x.dtype.kind === "c");
}
function mm(a: Tensor, b: Tensor, ta = false, tb = false): Tensor {
  return matmul(a, b, { adjoint_a: ta, adjoint_b: tb });
}
function diagOf(d: Tensor): Tensor { return runOp("MatrixDiagV3", [d], diagAttrs(d, 0, -1, -1, 0))[0]; }
function diagPartOf(x: Tensor): Tensor { return runOp("MatrixDiagPartV3", [x], { k: 0, padding_value: 0 })[0]; }
function setDiagOf(x: Tensor, d: Tensor): Tensor { return runOp("MatrixSetDiagV3", [x, d], { k: 0 })[0]; }
function bandOf(x: Tensor, lower: number, upper: number): Tensor { return runOp("MatrixBandPart", [x], { num_lower: lower, num_upper: upper })[0]; }
/** x * 1/(x² + 1e-20): 0 where x = 0 (TF's _SafeReciprocal, used for repeated eigen/singular values). */
function safeRecip(x: Tensor): Tensor { return divide(x, add(square(x), scalarLike(1e-20, x))); }
/** [..., k] -> [..., k, 1, 1]-style expansion for broadcasting scalars per matrix. */
function perMatrix(x: Tensor): Tensor { return expand_dims(expand_dims(x, -1), -1); }
/** x[..., :, a:b] (static sizes). */
function cols(x: Tensor, a: number, b: number): Tensor {
  const r = x.rank;
  const begin = new Array<number>(r).fill(0), size = new Array<number>(r).fill(-1);
  begin[r - 1] = a; size[r - 1] = b - a;
  return slice(x, begin, size);
}
function needStatic(op: string, ...dims: Dim[]): number[] {
  if (dims.some((d) => d === null)) {
    throw new UnimplementedError(msg(
      `${op}: this gradient needs the matrix dimensions to be known when the graph is built.`,
      `${op}: 이 그래디언트는 그래프를 만들 때 행렬 차원을 알고 있어야 합니다.`,
    ));
  }
  return dims as number[];
}

// ---------------------------------------------------------------- determinants
defineOp({
  name: "MatrixDeterminant",
  infer([x]) {
    requireFloat("MatrixDeterminant", "det", x);
    requireSquare("MatrixDeterminant", "det", x);
    return [{ shape: batchShape(x) as number[], dtype: x.dtype }];
  },
  // d det(A) = det(A) tr(A⁻¹ dA)  =>  dA = g det(A) A⁻ᵀ
  grad(dys, [a], [c]) {
    const ainvT = runOp("MatrixInverse", [a], { adjoint: true })[0];
    return [multiply(perMatrix(multiply(dys[0]!, c)), ainvT)];
  },
});

defineOp({
  name: "LogMatrixDeterminant",
  infer([x]) {
    requireFloat("LogMatrixDeterminant", "slogdet", x);
    requireSquare("LogMatrixDeterminant", "slogdet", x);
    const s = batchShape(x) as number[];
    return [{ shape: s, dtype: x.dtype }, { shape: s, dtype: x.dtype }];
  },
  // Only log|det| is differentiable: d log|det A| = tr(A⁻¹ dA).
  grad(dys, [a]) {
    if (!dys[1]) return [null];
    const ainvT = runOp("MatrixInverse", [a], { adjoint: true })[0];
    return [multiply(perMatrix(dys[1]), ainvT)];
  },
});

// ---------------------------------------------------------------- inverse and solves
defineOp({
  name: "MatrixInverse",
  infer([x]) {
    requireFloat("MatrixInverse", "inv", x);
    requireSquare("MatrixInverse", "inv", x);
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  // Y = A⁻¹: dY = -Y dA Y  =>  dA = -Yᵀ G Yᵀ (adjoint: -Y Gᵀ Y).
  grad(dys, _in, [y], { adjoint }) {
    const g = dys[0]!;
    return [negative(mm(y, mm(g, y, !!adjoint, !adjoint), !adjoint))];
  },
});

function inferSolve(op: string, fn: string, broadcast: boolean) {
  return ([m, r]: Tensor[]): OutSpec[] => {
    requireFloat(op, fn, m);
    sameDType(op, m, r);
    requireSquare(op, fn, m, "matrix");
    requireMatrix(op, fn, r, "rhs");
    const n = m.shape[m.rank - 1] as Dim, nr = r.shape[r.rank - 2] as Dim;
    if (dimsClash(n, nr)) {
      throw new InvalidArgumentError(msg(
        `${op}: Input matrix and right-hand side must have the same number of rows: matrix shape ${formatShape(m.shape)} vs rhs shape ${formatShape(r.shape)} (${n} vs ${nr}). ` +
        `rhs must be [..., ${n}, K]; a vector right-hand side needs a trailing dimension: tf.reshape(b, [${n}, 1]).`,
        `${op}: 행렬과 우변(rhs)의 행 수가 같아야 합니다: matrix 형태 ${formatShape(m.shape)}, rhs 형태 ${formatShape(r.shape)} (${n} vs ${nr}). ` +
        `rhs는 [..., ${n}, K] 형태여야 합니다. 벡터 우변은 tf.reshape(b, [${n}, 1])처럼 마지막 차원을 붙이세요.`,
      ));
    }
    let batch: Dim[];
    if (broadcast) batch = broadcastShapes(op, batchShape(m), batchShape(r));
    else {
      const bm = batchShape(m), br = batchShape(r);
      if (bm.length !== br.length || bm.some((d, i) => dimsClash(d, br[i]))) {
        throw new InvalidArgumentError(msg(
          `${op}: Input matrix and right-hand side must have the same batch dimensions: matrix ${formatShape(m.shape)} vs rhs ${formatShape(r.shape)}. Use tf.broadcast_to to give both the same leading dimensions.`,
          `${op}: 행렬과 우변의 배치 차원이 같아야 합니다: matrix ${formatShape(m.shape)}, rhs ${formatShape(r.shape)}. tf.broadcast_to로 앞쪽 차원을 맞추세요.`,
        ));
      }
      batch = bm.map((d, i) => d ?? br[i]);
    }
    return [{ shape: [...batch, n ?? nr, r.shape[r.rank - 1]] as number[], dtype: m.dtype }];
  };
}

defineOp({
  name: "MatrixSolve",
  infer: inferSolve("MatrixSolve", "solve", false),
  // X = A⁻¹B: dB = A⁻ᵀ G, dA = -dB Xᵀ (adjoint: X = A⁻ᵀB, dB = A⁻¹G, dA = -X dBᵀ).
  grad(dys, [a], [x], { adjoint }) {
    const gb = runOp("MatrixSolve", [a, dys[0]!], { adjoint: !adjoint })[0];
    const ga = adjoint ? negative(mm(x, gb, false, true)) : negative(mm(gb, x, false, true));
    return [ga, gb];
  },
});

defineOp({
  name: "MatrixTriangularSolve",
  infer: inferSolve("MatrixTriangularSolve", "triangular_solve", true),
  grad(dys, [a, b], [x], { lower, adjoint }) {
    const gb = runOp("MatrixTriangularSolve", [a, dys[0]!], { lower, adjoint: !adjoint })[0];
    let ga = adjoint ? negative(mm(x, gb, false, true)) : negative(mm(gb, x, false, true));
    ga = lower ? bandOf(ga, -1, 0) : bandOf(ga, 0, -1);
    return [unbroadcast(ga, a), unbroadcast(gb, b)];
  },
});

// ---------------------------------------------------------------- Cholesky
defineOp({
  name: "Cholesky",
  infer([x]) {
    requireFloat("Cholesky", "cholesky", x);
    requireSquare("Cholesky", "cholesky", x);
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  // Murray (2016) / TF: Φ(Lᵀ Ḡ) with the diagonal halved, then A̅ = ½ sym(L⁻ᵀ Φ L⁻¹).
  // L⁻ᵀ Φ L⁻¹ is computed with two triangular solves instead of forming L⁻¹.
  grad(dys, _in, [l]) {
    let mid = mm(l, dys[0]!, true, false);
    mid = setDiagOf(mid, multiply(scalarLike(0.5, mid), diagPartOf(mid)));
    mid = bandOf(mid, -1, 0);
    const p = runOp("MatrixTriangularSolve", [l, mid], { lower: true, adjoint: true })[0];      // L⁻ᵀ Φ
    const g = adj(runOp("MatrixTriangularSolve", [l, adj(p)], { lower: true, adjoint: true })[0]); // (L⁻ᵀ Φ) L⁻¹
    return [multiply(scalarLike(0.5, g), add(g, adj(g)))];
  },
});

// ---------------------------------------------------------------- QR
defineOp({
  name: "Qr",
  infer([x], { full_matrices }) {
    requireFloat("Qr", "qr", x);
    requireMatrix("Qr", "qr", x);
    const b = batchShape(x), m = x.shape[x.rank - 2] as Dim, n = x.shape[x.rank - 1] as Dim;
    const k = m === null || n === null ? null : Math.min(m, n);
    const q = full_matrices ? [...b, m, m] : [...b, m, k];
    const r = full_matrices ? [...b, m, n] : [...b, k, n];
    return [{ shape: q as number[], dtype: x.dtype }, { shape: r as number[], dtype: x.dtype }];
  },
  grad(dys, [a], [q, r], { full_matrices }) {
    const [m, n] = needStatic("Qr gradient", a.shape[a.rank - 2], a.shape[a.rank - 1]);
    if (m > n && full_matrices) {
      throw new UnimplementedError(msg(
        `QrGrad not implemented when nrows > ncols and full_matrices is true (input shape ${formatShape(a.shape)}). Use full_matrices=false.`,
        `행 수 > 열 수이고 full_matrices=true일 때 QR 그래디언트는 정의되지 않습니다 (입력 형태 ${formatShape(a.shape)}). full_matrices=false를 쓰세요.`,
      ));
    }
    const dq = dys[0] ?? zerosLike(q), dr = dys[1] ?? zerosLike(r);
    if (m >= n) return [qrGradDeep(q, r, dq, dr)];
    // Wide: A = [X | Y] with X m×m; R = [U | V] (Liao et al. 2019, as in TF).
    const y = cols(a, m, n), u = cols(r, 0, m), dv = cols(dr, m, n), du = cols(dr, 0, m);
    const dy = mm(q, dv);
    const dx = qrGradDeep(q, u, add(dq, mm(y, dv, false, true)), du);
    return [concat([dx, dy], -1)];
  },
});
/** x R⁻ᵀ for upper-triangular R, by a triangular solve. */
function solveRightUpper(x: Tensor, r: Tensor): Tensor {
  return adj(runOp("MatrixTriangularSolve", [r, adj(x)], { lower: false, adjoint: false })[0]);
}
function qrGradDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = mm(q, dq, true, false);
  const qdqA = subtract(qdq, adj(qdq));
  const rdr = mm(r, dr, false, true);
  const rdrA = subtract(rdr, adj(rdr));
  const tril = bandOf(add(qdqA, rdrA), -1, 0);
  const ga = mm(q, add(dr, solveRightUpper(tril, r)));
  const gb = solveRightUpper(subtract(dq, mm(q, qdq)), r);
  return add(ga, gb);
}

// ---------------------------------------------------------------- SVD
defineOp({
  name: "Svd",
  infer([x], { compute_uv, full_matrices }) {
    requireFloat("Svd", "svd", x);
    requireMatrix("Svd", "svd", x);
    const b = batchShape(x), m = x.shape[x.rank - 2] as Dim, n = x.shape[x.rank - 1] as Dim;
    const k = m === null || n === null ? null : Math.min(m, n);
    const s = { shape: [...b, k] as number[], dtype: x.dtype };
    if (!compute_uv) return [s, { shape: [0], dtype: x.dtype }, { shape: [0], dtype: x.dtype }];
    return [
      s,
      { shape: [...b, m, full_matrices ? m : k] as number[], dtype: x.dtype },
      { shape: [...b, n, full_matrices ? n : k] as number[], dtype: x.dtype },
    ];
  },
  grad(dys, [a], [s, u0, v0], { compute_uv, full_matrices }) {
    const gs = dys[0] ?? zerosLike(s);
    if (!compute_uv) {
      const [, u, v] = runOp("Svd", [a], { compute_uv: true, full_matrices: false });
      return [mm(u, mm(diagOf(gs), v, false, true))];
    }
    let [m, n] = needStatic("Svd gradient", a.shape[a.rank - 2], a.shape[a.rank - 1]);
    let u = u0, v = v0, gu = dys[1] ?? zerosLike(u0), gv = dys[2] ?? zerosLike(v0);
    const useAdjoint = m > n;
    if (useAdjoint) { [m, n] = [n, m]; [u, v] = [v, u]; [gu, gv] = [gv, gu]; }
    if (full_matrices && n - m > 1) {
      throw new UnimplementedError(msg(
        `svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True (input shape ${formatShape(a.shape)}). Use full_matrices=false.`,
        `full_matrices=True이고 |m - n| > 1이면 svd 그래디언트가 구현되어 있지 않습니다 (입력 형태 ${formatShape(a.shape)}). full_matrices=false를 쓰세요.`,
      ));
    }
    const sMat = diagOf(s), s2 = square(s);
    const f = setDiagOf(safeRecip(subtract(expand_dims(s2, -2), expand_dims(s2, -1))), zerosLike(s));
    const v1 = full_matrices && m !== n ? cols(v, 0, m) : v;
    const gv1 = full_matrices && m !== n ? cols(gv, 0, m) : gv;
    const fu = multiply(f, mm(u, gu, true, false));
    const fv = multiply(f, mm(v1, gv1, true, false));
    const term1NoUV = add(add(diagOf(gs), mm(add(fu, adj(fu)), sMat)), mm(sMat, add(fv, adj(fv))));
    let g = mm(u, mm(term1NoUV, v1, false, true));
    if (m !== n) {
      const gv1t = adj(gv1);
      let term2 = subtract(gv1t, mm(mm(gv1t, v1), v1, false, true));
      if (full_matrices) {
        const v2 = cols(v, m, n), gv2 = cols(gv, m, n);
        term2 = subtract(term2, mm(mm(v1, gv2, true, false), v2, false, true));
      }
      g = add(g, mm(mm(u, diagOf(safeRecip(s))), term2));
    }
    return [useAdjoint ? adj(g) : g];
  },
});

// ---------------------------------------------------------------- eigendecompositions
defineOp({
  name: "SelfAdjointEigV2",
  infer([x], { compute_v }) {
    requireFloat("SelfAdjointEigV2", "eigh", x);
    requireSquare("SelfAdjointEigV2", "eigh", x);
    const b = batchShape(x), n = x.shape[x.rank - 1] as Dim;
    return [
      { shape: [...b, n] as number[], dtype: x.dtype },
      { shape: (compute_v ? x.shape : [0]) as number[], dtype: x.dtype },
    ];
  },
  // A̅ = V (diag(ē) + F ∘ VᵀV̄) Vᵀ, F_ij = 1/(e_j - e_i); the kernel reads the lower triangle, so
  // the gradient is folded onto it (as TF does).
  grad(dys, [a], [e, v0], { compute_v }) {
    const ge = dys[0] ?? zerosLike(e);
    let g: Tensor;
    if (compute_v) {
      const f = setDiagOf(safeRecip(subtract(expand_dims(e, -2), expand_dims(e, -1))), zerosLike(e));
      let inner = diagOf(ge);
      if (dys[1]) inner = add(inner, multiply(f, mm(v0, dys[1], true, false)));
      g = mm(v0, mm(inner, v0, false, true));
    } else {
      const v = runOp("SelfAdjointEigV2", [a], { compute_v: true })[1];
      g = mm(v, mm(diagOf(ge), v, false, true));
    }
    g = bandOf(add(g, adj(g)), -1, 0);
    return [setDiagOf(g, multiply(scalarLike(0.5, g), diagPartOf(g)))];
  },
});

defineOp({
  name: "Eig",
  infer([x], { compute_v, Tout }) {
    requireFloat("Eig", "eig", x);
    requireSquare("Eig", "eig", x);
    const b = batchShape(x), n = x.shape[x.rank - 1] as Dim;
    return [
      { shape: [...b, n] as number[], dtype: Tout },
      { shape: (compute_v ? x.shape : [0]) as number[], dtype: Tout },
    ];
  },
});

// ---------------------------------------------------------------- least squares
defineOp({
  name: "MatrixSolveLs",
  infer([m, r, l2], { fast }) {
    requireFloat("MatrixSolveLs", "lstsq", m);
    sameDType("MatrixSolveLs", m, r);
    requireMatrix("MatrixSolveLs", "lstsq", m, "matrix");
    requireMatrix("MatrixSolveLs", "lstsq", r, "rhs");
    const rows = m.shape[m.rank - 2] as Dim, rr = r.shape[r.rank - 2] as Dim;
    if (dimsClash(rows, rr)) {
      throw new InvalidArgumentError(msg(
        `MatrixSolveLs: matrix and rhs must have the same number of rows: matrix ${formatShape(m.shape)} vs rhs ${formatShape(r.shape)} (${rows} vs ${rr}).`,
        `MatrixSolveLs: matrix와 rhs의 행 수가 같아야 합니다: matrix ${formatShape(m.shape)}, rhs ${formatShape(r.shape)} (${rows} vs ${rr}).`,
      ));
    }
    const bm = batchShape(m), br = batchShape(r);
    if (bm.length !== br.length || bm.some((d, i) => dimsClash(d, br[i]))) {
      throw new InvalidArgumentError(msg(
        `MatrixSolveLs: matrix and rhs must have the same batch dimensions: ${formatShape(m.shape)} vs ${formatShape(r.shape)}.`,
        `MatrixSolveLs: matrix와 rhs의 배치 차원이 같아야 합니다: ${formatShape(m.shape)} vs ${formatShape(r.shape)}.`,
      ));
    }
    if (l2 && l2.rank !== 0) throw new InvalidArgumentError(msg("MatrixSolveLs: l2_regularizer must be a scalar.", "MatrixSolveLs: l2_regularizer는 스칼라여야 합니다."));
    void fast;
    return [{ shape: [...bm, m.shape[m.rank - 1], r.shape[r.rank - 1]] as number[], dtype: m.dtype }];
  },
  // The normal-equation form X = (AᵀA + λI)⁻¹AᵀB (or Aᵀ(AAᵀ + λI)⁻¹B) differentiated, as TF does;
  // valid where A has full rank (or λ > 0).
  grad(dys, [a, b, l2], [x]) {
    const g = dys[0]!;
    const [m, n] = needStatic("MatrixSolveLs gradient", a.shape[a.rank - 2], a.shape[a.rank - 1]);
    const lam = cast(l2, a.dtype);
    if (m >= n) {
      const gram = mm(a, a, true, false);
      const chol = runOp("Cholesky", [setDiagOf(gram, add(diagPartOf(gram), lam))])[0];
      const z = cholSolve(chol, g);
      const xzt = mm(x, z, false, true);
      const ga = add(negative(mm(a, add(xzt, adj(xzt)))), mm(b, z, false, true));
      return [ga, mm(a, z), null];
    }
    const gram = mm(a, a, false, true);
    const chol = runOp("Cholesky", [setDiagOf(gram, add(diagPartOf(gram), lam))])[0];
    const gb = cholSolve(chol, mm(a, g));
    const tmp = cholSolve(chol, b);
    const a1 = negative(mm(gb, mm(tmp, a, true, false)));
    const a2 = mm(tmp, subtract(g, mm(a, gb, true, false)), false, true);
    return [add(a1, a2), gb, null];
  },
});

function cholSolve(chol: Tensor, rhs: Tensor): Tensor {
  const y = runOp("MatrixTriangularSolve", [chol, rhs], { lower: true, adjoint: false })[0];
  return runOp("MatrixTriangularSolve", [chol, y], { lower: true, adjoint: true })[0];
}

// ---------------------------------------------------------------- matrix exponential
defineOp({
  name: "MatrixExponential",
  infer([x]) {
    requireFloat("MatrixExponential", "expm", x);
    requireSquare("MatrixExponential", "expm", x);
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  // The Fréchet derivative's adjoint is the upper-right block of expm([[Aᵀ, G], [0, Aᵀ]]).
  grad(dys, [a]) {
    const [n] = needStatic("MatrixExponential gradient", a.shape[a.rank - 1]);
    const at = adj(a), g = dys[0]!;
    const big = concat([concat([at, g], -1), concat([zerosLike(at), at], -1)], -2);
    const e = runOp("MatrixExponential", [big])[0];
    const r = e.rank;
    const begin = new Array<number>(r).fill(0), size = new Array<number>(r).fill(-1);
    begin[r - 1] = n; size[r - 2] = n; size[r - 1] = n;
    return [slice(e, begin, size)];
  },
});

// ---------------------------------------------------------------- structural ops (any dtype)
function diagAttrs(d: Tensor, k: number, num_rows: number, num_cols: number, padding_value: number) {
  return { k, num_rows, num_cols, padding_value, align: "RIGHT_LEFT" };
}
function checkK(op: string, k: unknown): number {
  if (Array.isArray(k)) {
    if (k.length === 2 && k[0] === k[1]) return k[0];
    throw new UnimplementedError(msg(
      `${op}: a range of diagonals k=${JSON.stringify(k)} is not supported; give one diagonal offset (an integer).`,
      `${op}: 대각선 범위 k=${JSON.stringify(k)}는 지원하지 않습니다. 대각선 오프셋 하나(정수)를 주세요.`,
    ));
  }
  if (!Number.isInteger(k)) throw new InvalidArgumentError(msg(`${op}: k must be an integer, got ${String(k)}.`, `${op}: k는 정수여야 하는데 ${String(k)}입니다.`));
  return k as number;
}
function diagLen(m: Dim, n: Dim, k: number): Dim {
  if (m === null || n === null) return null;
  return Math.max(0, k >= 0 ? Math.min(m, n - k) : Math.min(m + k, n));
}

defineOp({
  name: "MatrixBandPart",
  infer([x]) {
    requireMatrix("MatrixBandPart", "band_part", x);
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  grad: (dys, _x, _o, attrs) => [runOp("MatrixBandPart", [dys[0]!], attrs)[0]],
});

defineOp({
  name: "MatrixDiagV3",
  infer([d], { k, num_rows, num_cols }) {
    if (d.rank < 1) {
      throw new InvalidArgumentError(msg(
        `MatrixDiagV3: diagonal must be at least rank 1, got a scalar. tf.linalg.diag([1, 2, 3]) builds a 3×3 matrix.`,
        `MatrixDiagV3: diagonal은 랭크 1 이상이어야 하는데 스칼라입니다. tf.linalg.diag([1, 2, 3])는 3×3 행렬을 만듭니다.`,
      ));
    }
    const len = d.shape[d.rank - 1] as Dim;
    let rows: Dim = num_rows >= 0 ? num_rows : null, colsN: Dim = num_cols >= 0 ? num_cols : null;
    if (rows === null && colsN === null) { rows = len === null ? null : len + Math.abs(k); colsN = rows; }
    else if (rows === null) rows = len === null ? null : len + Math.max(-k, 0);
    else if (colsN === null) colsN = len === null ? null : len + Math.max(k, 0);
    const need = diagLen(rows, colsN, k);
    if (need !== null && len !== null && need !== len) {
      throw new InvalidArgumentError(msg(
        `MatrixDiagV3: a ${rows}×${colsN} matrix has ${need} entries on diagonal k=${k}, but the diagonal has ${len} (shape ${formatShape(d.shape)}).`,
        `MatrixDiagV3: ${rows}×${colsN} 행렬의 대각선 k=${k}에는 원소가 ${need}개인데 diagonal의 길이는 ${len}입니다 (형태 ${formatShape(d.shape)}).`,
      ));
    }
    return [{ shape: [...batchShape(d, 1), rows, colsN] as number[], dtype: d.dtype }];
  },
  grad: (dys, _x, _o, { k }) => [runOp("MatrixDiagPartV3", [dys[0]!], { k, padding_value: 0 })[0]],
});

defineOp({
  name: "MatrixDiagPartV3",
  infer([x], { k }) {
    requireMatrix("MatrixDiagPartV3", "diag_part", x);
    const len = diagLen(x.shape[x.rank - 2], x.shape[x.rank - 1], k);
    return [{ shape: [...batchShape(x), len] as number[], dtype: x.dtype }];
  },
  grad: (dys, [x], _o, { k }) => [runOp("MatrixDiagV3", [dys[0]!], diagAttrs(x, k, x.shape[x.rank - 2] ?? -1, x.shape[x.rank - 1] ?? -1, 0))[0]],
});

defineOp({
  name: "MatrixSetDiagV3",
  infer([x, d], { k }) {
    requireMatrix("MatrixSetDiagV3", "set_diag", x);
    if (x.dtype !== d.dtype) {
      throw new InvalidArgumentError(msg(
        `MatrixSetDiagV3: input and diagonal must have the same dtype, got ${x.dtype.name} and ${d.dtype.name}.`,
        `MatrixSetDiagV3: input과 diagonal의 자료형이 같아야 하는데 ${x.dtype.name}와(과) ${d.dtype.name}입니다.`,
      ));
    }
    const want = [...batchShape(x), diagLen(x.shape[x.rank - 2], x.shape[x.rank - 1], k)];
    if (want.length !== d.rank || want.some((w, i) => dimsClash(w, d.shape[i]))) {
      throw new InvalidArgumentError(msg(
        `MatrixSetDiagV3: diagonal must have shape ${formatShape(want)} for input shape ${formatShape(x.shape)} and k=${k}, got ${formatShape(d.shape)}.`,
        `MatrixSetDiagV3: 입력 형태 ${formatShape(x.shape)}, k=${k}이면 diagonal의 형태는 ${formatShape(want)}이어야 하는데 ${formatShape(d.shape)}입니다.`,
      ));
    }
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  grad: (dys, _i, _o, { k }) => {
    const g = dys[0]!;
    const gd = runOp("MatrixDiagPartV3", [g], { k, padding_value: 0 })[0];
    return [runOp("MatrixSetDiagV3", [g, zerosLike(gd)], { k })[0], gd];
  },
});

// ================================================================ public functions
type Named = string | { name?: string } | undefined;
function nm(n: Named): string | undefined { return typeof n === "string" ? n : n?.name; }
function floatTensor(x: TensorLike, fn: string): Tensor { return toTensor(x, fn); }

/** `tf.linalg.det(input, name=None)` */
export function det(input: TensorLike, name?: Named): Tensor {
  return runOp("MatrixDeterminant", [floatTensor(input, "det")], {}, nm(name))[0];
}
/** `tf.linalg.slogdet(input, name=None)` -> `[sign, log_abs_determinant]` */
export function slogdet(input: TensorLike, name?: Named): [Tensor, Tensor] {
  const [s, l] = runOp("LogMatrixDeterminant", [floatTensor(input, "slogdet")], {}, nm(name));
  return [s, l];
}
/** `tf.linalg.logdet(matrix, name=None)`: log det of a Hermitian positive-definite matrix, via Cholesky. */
export function logdet(matrix: TensorLike, name?: Named): Tensor {
  void nm(name);
  const l = cholesky(matrix);
  return multiply(scalarLike(2, l), reduce_sum(log(diagPartOf(l)), -1));
}
/** `tf.linalg.inv(input, adjoint=False, name=None)` */
export function inv(input: TensorLike, adjoint?: boolean | { adjoint?: boolean; name?: string }, name?: string): Tensor {
  const o = bindOpts("inv", ["input", "adjoint", "name"], [input, adjoint, name]);
  return runOp("MatrixInverse", [floatTensor(input, "inv")], { adjoint: !!o.adjoint }, o.name)[0];
}
/** `tf.linalg.solve(matrix, rhs, adjoint=False, name=None)` */
export function solve(matrix: TensorLike, rhs: TensorLike, adjoint?: boolean | { adjoint?: boolean; name?: string }, name?: string): Tensor {
  const o = bindOpts("solve", ["matrix", "rhs", "adjoint", "name"], [matrix, rhs, adjoint, name], 2);
  const m = floatTensor(matrix, "solve");
  return runOp("MatrixSolve", [m, toTensor(rhs, "solve", m.dtype)], { adjoint: !!o.adjoint }, o.name)[0];
}
/** `tf.linalg.triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None)` */
export function triangular_solve(matrix: TensorLike, rhs: TensorLike, lower?: boolean | { lower?: boolean; adjoint?: boolean; name?: string }, adjoint?: boolean, name?: string): Tensor {
  const o = bindOpts("triangular_solve", ["matrix", "rhs", "lower", "adjoint", "name"], [matrix, rhs, lower, adjoint, name], 2);
  const m = floatTensor(matrix, "triangular_solve");
  return runOp("MatrixTriangularSolve", [m, toTensor(rhs, "triangular_solve", m.dtype)], { lower: o.lower ?? true, adjoint: !!o.adjoint }, o.name)[0];
}
/**
 * `tf.linalg.lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None)`: least-squares solution.
 * Both `fast` settings use the SVD here (stable on ill-conditioned and rank-deficient inputs; the
 * minimum-norm solution when rank-deficient); gradients follow TF's normal-equation formulas.
 */
export function lstsq(matrix: TensorLike, rhs: TensorLike, l2_regularizer?: number | Tensor | { l2_regularizer?: number; fast?: boolean; name?: string }, fast?: boolean, name?: string): Tensor {
  const o = bindOpts("lstsq", ["matrix", "rhs", "l2_regularizer", "fast", "name"], [matrix, rhs, l2_regularizer, fast, name], 2);
  const m = floatTensor(matrix, "lstsq");
  const l2 = toTensor(o.l2_regularizer ?? 0, "lstsq", m.dtype);
  if (!l2.isSymbolic && (l2.dataSync() as Float32Array)[0] < 0) {
    throw new InvalidArgumentError(msg(`lstsq: l2_regularizer must be >= 0, got ${(l2.dataSync() as Float32Array)[0]}.`, `lstsq: l2_regularizer는 0 이상이어야 합니다.`));
  }
  return runOp("MatrixSolveLs", [m, toTensor(rhs, "lstsq", m.dtype), l2], { fast: o.fast ?? true }, o.name)[0];
}
/** `tf.linalg.cholesky(input, name=None)`: lower-triangular L with L Lᵀ = input (reads the lower triangle). */
export function cholesky(input: TensorLike, name?: Named): Tensor {
  return runOp("Cholesky", [floatTensor(input, "cholesky")], {}, nm(name))[0];
}
/** `tf.linalg.cholesky_solve(chol, rhs, name=None)`: solves A X = rhs given chol = cholesky(A). */
export function cholesky_solve(chol: TensorLike, rhs: TensorLike, name?: Named): Tensor {
  void nm(name);
  const c = floatTensor(chol, "cholesky_solve");
  return cholSolve(c, toTensor(rhs, "cholesky_solve", c.dtype));
}

export type QrResult = [Tensor, Tensor] & { q: Tensor; r: Tensor };
/** `tf.linalg.qr(input, full_matrices=False, name=None)` -> `[q, r]` (also `.q`, `.r`). */
export function qr(input: TensorLike, full_matrices?: boolean | { full_matrices?: boolean; name?: string }, name?: string): QrResult {
  const o = bindOpts("qr", ["input", "full_matrices", "name"], [input, full_matrices, name]);
  const [q, r] = runOp("Qr", [floatTensor(input, "qr")], { full_matrices: !!o.full_matrices }, o.name);
  const res = [q, r] as QrResult;
  res.q = q; res.r = r;
  return res;
}
/**
 * `tf.linalg.svd(tensor, full_matrices=False, compute_uv=True, name=None)` -> `[s, u, v]` in TF's
 * order (s descending; tensor = u diag(s) vᵀ, note v, not vᵀ), or just `s` when compute_uv=False.
 */
export function svd(tensor: TensorLike, full_matrices?: boolean | { full_matrices?: boolean; compute_uv?: boolean; name?: string }, compute_uv?: boolean, name?: string): any {
  const o = bindOpts("svd", ["tensor", "full_matrices", "compute_uv", "name"], [tensor, full_matrices, compute_uv, name]);
  const cuv = o.compute_uv ?? true;
  const [s, u, v] = runOp("Svd", [floatTensor(tensor, "svd")], { compute_uv: cuv, full_matrices: !!o.full_matrices }, o.name);
  return cuv ? [s, u, v] : s;
}
/** `tf.linalg.eigh(tensor, name=None)` -> `[e, v]`: eigenvalues ascending, eigenvectors as columns (reads the lower triangle). */
export function eigh(tensor: TensorLike, name?: Named): [Tensor, Tensor] {
  const [e, v] = runOp("SelfAdjointEigV2", [floatTensor(tensor, "eigh")], { compute_v: true }, nm(name));
  return [e, v];
}
/** `tf.linalg.eigvalsh(tensor, name=None)` */
export function eigvalsh(tensor: TensorLike, name?: Named): Tensor {
  return runOp("SelfAdjointEigV2", [floatTensor(tensor, "eigvalsh")], { compute_v: false }, nm(name))[0];
}
function complexOf(d: DType): DType { return d === float64 ? complex128 : complex64; }
/**
 * `tf.linalg.eig(tensor, name=None)` -> `[e, v]` for a general real matrix: complex64 (complex128
 * for float64) results like TF; eigenvectors unit-norm with their largest component real.
 */
export function eig(tensor: TensorLike, name?: Named): [Tensor, Tensor] {
  const t = floatTensor(tensor, "eig");
  const [e, v] = runOp("Eig", [t], { compute_v: true, Tout: complexOf(t.dtype) }, nm(name));
  return [e, v];
}
/** `tf.linalg.eigvals(tensor, name=None)` */
export function eigvals(tensor: TensorLike, name?: Named): Tensor {
  const t = floatTensor(tensor, "eigvals");
  return runOp("Eig", [t], { compute_v: false, Tout: complexOf(t.dtype) }, nm(name))[0];
}
/** `tf.linalg.expm(input, name=None)`: matrix exponential (scaling and squaring, Padé 13). */
export function expm(input: TensorLike, name?: Named): Tensor {
  return runOp("MatrixExponential", [floatTensor(input, "expm")], {}, nm(name))[0];
}

/**
 * `tf.linalg.pinv(a, rcond=None, validate_args=False, name=None)`: Moore–Penrose pseudo-inverse
 * through the SVD (singular values below rcond·max(s) dropped; default rcond = 10·max(m,n)·eps).
 * Written with ops, so it is differentiable through the SVD gradient.
 */
export function pinv(a: TensorLike, rcond?: number | null | { rcond?: number | null; validate_args?: boolean; name?: string }, validate_args?: boolean, name?: string): Tensor {
  const o = bindOpts("pinv", ["a", "rcond", "validate_args", "name"], [a, rcond, validate_args, name]);
  const t = floatTensor(a, "pinv");
  requireFloat("Svd", "pinv", t);
  requireMatrix("Svd", "pinv", t);
  const m = t.shape[t.rank - 2], n = t.shape[t.rank - 1];
  const eps = t.dtype === float64 ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  const rc = o.rcond ?? 10 * Math.max(m ?? 1, n ?? 1) * eps;
  const [s, u, v] = runOp("Svd", [t], { compute_uv: true, full_matrices: false });
  const cutoff = multiply(scalarLike(rc, s), reduce_max(s, -1));
  const kept = where(greater(s, expand_dims(cutoff, -1)), s, multiply(scalarLike(Infinity, s), onesOf(s)));
  return mm(divide(v, expand_dims(kept, -2)), u, false, true);
}
function onesOf(x: Tensor): Tensor { return runOp("OnesLike", [x], {})[0]; }

/** `tf.linalg.trace(x, name=None)`: sum of the main diagonal of each matrix. */
export function trace(x: TensorLike, name?: Named): Tensor {
  void nm(name);
  const t = toTensor(x, "trace");
  requireMatrix("Trace", "trace", t);
  return reduce_sum(diagPartOf(t), -1);
}

/** `tf.linalg.diag(diagonal, name='diag', k=0, num_rows=-1, num_cols=-1, padding_value=0, align='RIGHT_LEFT')` */
export function diag(diagonal: TensorLike, name?: string | { name?: string; k?: number; num_rows?: number; num_cols?: number; padding_value?: number; align?: string }, k?: number, num_rows?: number, num_cols?: number, padding_value?: number, align?: string): Tensor {
  const o = bindOpts("diag", ["diagonal", "name", "k", "num_rows", "num_cols", "padding_value", "align"], [diagonal, name, k, num_rows, num_cols, padding_value, align]);
  const d = toTensor(diagonal, "diag");
  const kk = checkK("MatrixDiagV3", o.k ?? 0);
  return runOp("MatrixDiagV3", [d], diagAttrs(d, kk, o.num_rows ?? -1, o.num_cols ?? -1, o.padding_value ?? 0), o.name)[0];
}
/** `tf.linalg.diag_part(input, name='diag_part', k=0, padding_value=0, align='RIGHT_LEFT')` */
export function diag_part(input: TensorLike, name?: string | { name?: string; k?: number; padding_value?: number; align?: string }, k?: number, padding_value?: number, align?: string): Tensor {
  const o = bindOpts("diag_part", ["input", "name", "k", "padding_value", "align"], [input, name, k, padding_value, align]);
  return runOp("MatrixDiagPartV3", [toTensor(input, "diag_part")], { k: checkK("MatrixDiagPartV3", o.k ?? 0), padding_value: o.padding_value ?? 0 }, o.name)[0];
}
/** `tf.linalg.set_diag(input, diagonal, name='set_diag', k=0, align='RIGHT_LEFT')` */
export function set_diag(input: TensorLike, diagonal: TensorLike, name?: string | { name?: string; k?: number; align?: string }, k?: number, align?: string): Tensor {
  const o = bindOpts("set_diag", ["input", "diagonal", "name", "k", "align"], [input, diagonal, name, k, align], 2);
  const x = toTensor(input, "set_diag");
  return runOp("MatrixSetDiagV3", [x, toTensor(diagonal, "set_diag", x.dtype)], { k: checkK("MatrixSetDiagV3", o.k ?? 0) }, o.name)[0];
}
/** `tf.linalg.band_part(input, num_lower, num_upper, name=None)`: keeps a band; -1 keeps a whole triangle. */
export function band_part(input: TensorLike, num_lower: number | { num_lower: number; num_upper: number; name?: string }, num_upper?: number, name?: string): Tensor {
  const o = bindOpts("band_part", ["input", "num_lower", "num_upper", "name"], [input, num_lower, num_upper, name]);
  for (const key of ["num_lower", "num_upper"]) {
    const v = o[key] instanceof Tensor ? Number((o[key] as Tensor).dataSync()[0]) : o[key];
    if (!Number.isInteger(v)) {
      throw new InvalidArgumentError(msg(`band_part: ${key} must be an integer (-1 keeps the whole triangle), got ${String(o[key])}.`, `band_part: ${key}는 정수여야 합니다 (-1은 삼각 부분 전체). 받은 값: ${String(o[key])}.`));
    }
    o[key] = v;
  }
  return runOp("MatrixBandPart", [toTensor(input, "band_part")], { num_lower: o.num_lower, num_upper: o.num_upper }, o.name)[0];
}
/** `tf.linalg.matrix_transpose(a, name='matrix_transpose', conjugate=False)`: swaps the last two dimensions. */
export function matrix_transpose(a: TensorLike, name?: string | { name?: string; conjugate?: boolean }, conjugate?: boolean): Tensor {
  const o = bindOpts("matrix_transpose", ["a", "name", "conjugate"], [a, name, conjugate]);
  const t = toTensor(a, "matrix_transpose");
  requireMatrix("Transpose", "matrix_transpose", t, "a");
  const r = t.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1; perm[r - 1] = r - 2;
  return transpose(t, perm, !!o.conjugate && t.dtype.kind === "c", o.name);
}
/** `tf.linalg.adjoint(matrix, name=None)`: conjugate transpose of the last two dimensions. */
export function adjoint(matrix: TensorLike, name?: Named): Tensor {
  return matrix_transpose(matrix, { name: nm(name), conjugate: true });
}

/**
 * `tf.norm(tensor, ord='euclidean', axis=None, keepdims=None, name=None)` (also `tf.linalg.norm`).
 * Vector norms (axis None or an int): 'euclidean'/'fro'/2, 1, Infinity, any p > 0.
 * Matrix norms (axis a pair): 'fro'/'euclidean', 1, 2 (largest singular value), Infinity.
 */
export function norm(tensor: TensorLike, ord?: string | number | { ord?: string | number; axis?: number | number[] | null; keepdims?: boolean | null; name?: string }, axis?: number | number[] | null, keepdims?: boolean | null, name?: string): Tensor {
  const o = bindOpts("norm", ["tensor", "ord", "axis", "keepdims", "name"], [tensor, ord, axis, keepdims, name]);
  const t = toTensor(tensor, "norm");
  let p: string | number = o.ord ?? "euclidean";
  if (p === "inf" || p === "np.inf") p = Infinity;
  const keep = !!o.keepdims;
  const x = t.dtype.kind === "c" ? runOp("ComplexAbs", [t], { Tout: t.dtype.real_dtype })[0] : t;
  const isMatrix = Array.isArray(o.axis) && o.axis.length === 2;
  const bad = (what: string) => new InvalidArgumentError(msg(
    `norm: 'ord' must be ${what}, got ${JSON.stringify(o.ord)} (axis ${JSON.stringify(o.axis ?? null)}, input shape ${formatShape(t.shape)}).`,
    `norm: 'ord'는 ${what}이어야 하는데 ${JSON.stringify(o.ord)}입니다 (axis ${JSON.stringify(o.axis ?? null)}, 입력 형태 ${formatShape(t.shape)}).`,
  ));
  if (Array.isArray(o.axis) && o.axis.length !== 1 && o.axis.length !== 2) {
    throw new InvalidArgumentError(msg(
      `norm: 'axis' must be None, an integer, or a pair of integers, got ${JSON.stringify(o.axis)}.`,
      `norm: 'axis'는 None, 정수, 또는 정수 두 개여야 하는데 ${JSON.stringify(o.axis)}입니다.`,
    ));
  }
  if (!isMatrix) {
    const ax = o.axis == null ? null : Array.isArray(o.axis) ? o.axis : [o.axis];
    if (p === "euclidean" || p === "fro" || p === 2) return sqrt(reduce_sum(square(x), ax, keep));
    if (typeof p !== "number" || !(p > 0)) throw bad("'euclidean', 'fro', a positive number or Infinity for a vector norm");
    const ax2 = abs(x);
    if (p === Infinity) return reduce_max(ax2, ax, keep);
    if (p === 1) return reduce_sum(ax2, ax, keep);
    return pow(reduce_sum(pow(ax2, scalarLike(p, x)), ax, keep), scalarLike(1 / p, x));
  }
  const [a0, a1] = (o.axis as number[]).map((a) => normAxis("norm", a, t.rank));
  if (a0 === a1) {
    throw new InvalidArgumentError(msg(`norm: the two axes must be different dimensions, got ${JSON.stringify(o.axis)}.`, `norm: 두 축은 서로 다른 차원이어야 하는데 ${JSON.stringify(o.axis)}입니다.`));
  }
  if (p === "euclidean" || p === "fro") return sqrt(reduce_sum(square(x), [a0, a1], keep));
  const ax = abs(x);
  if (p === 1) return reduceAfter(reduce_max(reduce_sum(ax, a0, true), a1, true), [a0, a1], keep);
  if (p === Infinity) return reduceAfter(reduce_max(reduce_sum(ax, a1, true), a0, true), [a0, a1], keep);
  if (p === 2) {
    const r = t.rank;
    const perm = Array.from({ length: r }, (_, i) => i).filter((i) => i !== a0 && i !== a1).concat([a0, a1]);
    const s = runOp("Svd", [transpose(x, perm)], { compute_uv: false, full_matrices: false })[0];
    let out = reduce_max(s, -1);
    if (keep) for (const a of [Math.min(a0, a1), Math.max(a0, a1)]) out = expand_dims(out, a);
    return out;
  }
  throw bad("'fro', 'euclidean', 1, 2 or Infinity for a matrix norm");
}
function reduceAfter(x: Tensor, axes: number[], keep: boolean): Tensor {
  if (keep) return x;
  const shape = x.shape.filter((_, i) => !axes.includes(i));
  return reshape(x, shape.map((d) => d ?? -1));
}

/**
 * `tf.linalg.matrix_rank(a, tol=None, validate_args=False, name=None)`: the number of singular
 * values above tol (default eps·max(m, n)·max(s)), as int32.
 */
export function matrix_rank(a: TensorLike, tol?: number | null | { tol?: number | null; validate_args?: boolean; name?: string }, validate_args?: boolean, name?: string): Tensor {
  const o = bindOpts("matrix_rank", ["a", "tol", "validate_args", "name"], [a, tol, validate_args, name]);
  const t = floatTensor(a, "matrix_rank");
  requireFloat("Svd", "matrix_rank", t);
  requireMatrix("Svd", "matrix_rank", t, "a");
  const s = runOp("Svd", [t], { compute_uv: false, full_matrices: false })[0];
  const m = t.shape[t.rank - 2], n = t.shape[t.rank - 1];
  const eps = t.dtype === float64 ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  const cut = o.tol != null ? toTensor(o.tol, "matrix_rank", t.dtype) : multiply(scalarLike(eps * Math.max(m ?? 1, n ?? 1), s), reduce_max(s, -1, true));
  return reduce_sum(cast(greater(s, cut), int32), -1);
}

/** `tf.linalg.normalize(tensor, ord='euclidean', axis=None, name=None)` -> `[normalized, norm]`. */
export function normalize(tensor: TensorLike, ord?: string | number | { ord?: string | number; axis?: number | number[] | null; name?: string }, axis?: number | number[] | null, name?: string): [Tensor, Tensor] {
  const o = bindOpts("normalize", ["tensor", "ord", "axis", "name"], [tensor, ord, axis, name]);
  const t = toTensor(tensor, "normalize");
  const n = norm(t, { ord: o.ord, axis: o.axis, keepdims: true });
  return [divide(t, n), n];
}
