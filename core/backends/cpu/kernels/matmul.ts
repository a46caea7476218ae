/** cpu kernels: (batched) matrix multiply. i-k-j loop order so the inner loop is contiguous. */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { stridesOf } from "../../../tensor/shape";

/** C[m,n] (+)= op(A)[m,k] op(B)[k,n] on flat arrays with offsets. */
export function gemm(
  a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, c: { [i: number]: number }, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean,
): void {
  // Materialise transposed operands so the hot loop is always A row-major, B row-major.
  let A = a, ao = aOff, B = b, bo = bOff;
  if (ta) { const t = new Float64Array(m * k); for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) t[j * k + i] = a[aOff + i * m + j]; A = t; ao = 0; }
  if (tb) { const t = new Float64Array(k * n); for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) t[j * n + i] = b[bOff + i * k + j]; B = t; bo = 0; }
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const ai = ao + i * k;
    for (let p = 0; p < k; p++) {
      const av = A[ai + p];
      if (av === 0) continue;
      const bp = bo + p * n;
      for (let j = 0; j < n; j++) row[j] += av * B[bp + j];
    }
    const ci = cOff + i * n;
    for (let j = 0; j < n; j++) c[ci + j] = row[j];
  }
}

const matmulKernel: Kernel = ([x, y], { transpose_a: ta, transpose_b: tb }, outs) => {
  const a = vals(x), b = vals(y);
  const os = outs[0].shape, r = os.length;
  const out = alloc(outs[0].dtype, os);
  const m = os[r - 2], n = os[r - 1];
  const k = x.shape[x.rank - (ta ? 2 : 1)];
  const batch = os.slice(0, -2);
  let nb = 1;
  for (const d of batch) nb *= d;
  const aBatch = x.shape.slice(0, -2), bBatch = y.shape.slice(0, -2);
  const bStr = stridesOf(batch);
  const aStr = stridesOf(aBatch), yStr = stridesOf(bBatch);
  for (let bi = 0; bi < nb; bi++) {
    // Broadcast batch index into each operand.
    let ia = 0, ib = 0, rem = bi;
    for (let d = 0; d < batch.length; d++) {
      const c = Math.floor(rem / bStr[d]); rem -= c * bStr[d];
      const da = d - (batch.length - aBatch.length), db = d - (batch.length - bBatch.length);
      if (da >= 0 && aBatch[da] !== 1) ia += c * aStr[da];
      if (db >= 0 && bBatch[db] !== 1) ib += c * yStr[db];
    }
    gemm(a, ia * m * k, b, ib * k * n, out, bi * m * n, m, n, k, ta, tb);
  }
  return [out];
};
registerKernel("cpu", "MatMul", matmulKernel);
registerKernel("cpu", "BatchMatMulV2", matmulKernel);
