/**
 * cuda kernels: MatMul / BatchMatMulV2. float32/float64 through cuBLAS when it loads (row-major
 * C = op(A) op(B) computed as column-major Cᵀ = op(B)ᵀ op(A)ᵀ, so no transposes are materialised),
 * else through our tiled GEMM (cuda/src/matmul.cu); int32 always through ours. Batches with equal
 * or broadcast-from-one operands are one strided-batched call; other broadcasts loop per batch.
 */
import type { Kernel } from "../../backend";
import type { CudaBackend } from "../backend";
import { registerKernel } from "../../../engine/engine";
import { be, ptr } from "../util";
import { elementBytes } from "../backend";
import { filled } from "./math";

export type GemmKind = "f32" | "f64" | "i32";
const alphaF32 = Float32Array.of(1), betaF32 = [Float32Array.of(0), Float32Array.of(1)];
const alphaF64 = Float64Array.of(1), betaF64 = [Float64Array.of(0), Float64Array.of(1)];

/**
 * Row-major GEMM on device pointers: C[M,N] (+)= op(A) op(B), `batch` times with element strides
 * sA/sB/sC (0 repeats a matrix). beta 1 accumulates into C.
 */
export function gemm(b: CudaBackend, k: GemmKind, ta: boolean, tb: boolean, M: number, N: number, K: number,
  A: number, lda: number, sA: number, B: number, ldb: number, sB: number, C: number, ldc: number, sC: number, batch = 1, beta = 0): void {
  if (M === 0 || N === 0 || batch === 0) return;
  const c = b.cublas;
  if (c && k !== "i32" && K > 0 && !process.env.TF_CUDA_OWN_GEMM) {
    const T = 1, Nn = 0;
    const args = [b.cublasHandle, tb ? T : Nn, ta ? T : Nn, N, M, K] as const;
    const al = k === "f32" ? alphaF32 : alphaF64, bt = (k === "f32" ? betaF32 : betaF64)[beta ? 1 : 0];
    let s: number;
    if (batch === 1) {
      s = (k === "f32" ? c.cublasSgemm_v2 : c.cublasDgemm_v2)(...args, al, B, ldb, A, lda, bt, C, ldc);
    } else {
      s = (k === "f32" ? c.cublasSgemmStridedBatched : c.cublasDgemmStridedBatched)(...args, al, B, ldb, sB, A, lda, sA, bt, C, ldc, sC, batch);
    }
    if (s !== 0) throw new Error(`cuda: cuBLAS gemm failed with status ${s}`);
    return;
  }
  if (K === 0) throw new Error("cuda gemm: K = 0 (callers zero-fill instead)");
  if (batch > 65535) {
    for (let z0 = 0; z0 < batch; z0 += 65535) {
      const nb = Math.min(65535, batch - z0), e = elementBytesOf(k);
      gemm(b, k, ta, tb, M, N, K, A + z0 * sA * e, lda, sA, B + z0 * sB * e, ldb, sB, C + z0 * sC * e, ldc, sC, nb, beta);
    }
    return;
  }
  const MAXM = 65535 * 128; // gridDim.y limit of the tiled kernel
  if (k !== "i32" && M > MAXM) {
    const e = elementBytesOf(k);
    for (let m0 = 0; m0 < M; m0 += MAXM) {
      const mc = Math.min(MAXM, M - m0);
      gemm(b, k, ta, tb, mc, N, K, A + (ta ? m0 : m0 * lda) * e, lda, sA, B, ldb, sB, C + m0 * ldc * e, ldc, sC, batch, beta);
    }
    return;
  }
  if (k === "i32") {
    b.launch("gemm_i32", [Math.min(Math.ceil((M * N) / 256), 8192), 1, batch], 256, ta ? 1 : 0, tb ? 1 : 0, M, N, K, A, lda, sA, B, ldb, sB, C, ldc, sC, beta);
    return;
  }
  b.launch(`gemm_${k}`, [Math.ceil(N / 128), Math.ceil(M / 128), batch], 256, ta ? 1 : 0, tb ? 1 : 0, M, N, K, A, lda, sA, B, ldb, sB, C, ldc, sC, beta);
}
function elementBytesOf(k: GemmKind): number { return k === "f64" ? 8 : 4; }

export function gemmKind(dt: string): GemmKind | null {
  return dt === "float32" ? "f32" : dt === "float64" ? "f64" : dt === "int32" ? "i32" : null;
}

const prod = (s: readonly number[]): number => s.reduce((a, d) => a * d, 1);

function matmul(op: string): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, y] = inputs;
    const k = gemmKind(outs[0].dtype.name);
    if (!k) return b.viaCpu(op, inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
    const ta = !!(attrs.transpose_a ?? attrs.adj_x), tb = !!(attrs.transpose_b ?? attrs.adj_y);
    const os = outs[0].shape, r = os.length;
    const m = os[r - 2], n = os[r - 1];
    const kk = x.shape[x.rank - (ta ? 2 : 1)];
    if (kk === 0) return [filled(b, outs[0], 0)!];
    const out = b.out(outs[0]);
    if (m === 0 || n === 0) return [out];
    const lda = ta ? m : kk, ldb = tb ? kk : n;
    const batch = os.slice(0, -2), nb = prod(batch);
    const aB = x.shape.slice(0, -2), bB = y.shape.slice(0, -2);
    const na = prod(aB), nbB = prod(bB);
    const A = ptr(x), B = ptr(y), C = out.ptr;
    const e = elementBytes(outs[0].dtype);
    if (nb === 1) gemm(b, k, ta, tb, m, n, kk, A, lda, 0, B, ldb, 0, C, n, 0);
    else if (nbB === 1 && na === nb && !ta) gemm(b, k, false, tb, nb * m, n, kk, A, kk, 0, B, ldb, 0, C, n, 0); // [batch·m, k] × B
    else if ((na === nb || na === 1) && (nbB === nb || nbB === 1)) {
      gemm(b, k, ta, tb, m, n, kk, A, lda, na === 1 ? 0 : m * kk, B, ldb, nbB === 1 ? 0 : kk * n, C, n, m * n, nb);
    } else {
      // General broadcast of batch dims: one call per output matrix.
      const bStr = strides(batch), aStr = strides(aB), yStr = strides(bB);
      for (let bi = 0; bi < nb; bi++) {
        let ia = 0, ib = 0, rem = bi;
        for (let d = 0; d < batch.length; d++) {
          const c = Math.floor(rem / bStr[d]); rem -= c * bStr[d];
          const da = d - (batch.length - aB.length), db = d - (batch.length - bB.length);
          if (da >= 0 && aB[da] !== 1) ia += c * aStr[da];
          if (db >= 0 && bB[db] !== 1) ib += c * yStr[db];
        }
        gemm(b, k, ta, tb, m, n, kk, A + ia * m * kk * e, lda, 0, B + ib * kk * n * e, ldb, 0, C + bi * m * n * e, n, 0);
      }
    }
    return [out];
  };
}
function strides(s: readonly number[]): number[] {
  const st = new Array<number>(s.length);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) { st[i] = acc; acc *= s[i]; }
  return st;
}
registerKernel("cuda", "MatMul", matmul("MatMul"));
registerKernel("cuda", "BatchMatMulV2", matmul("BatchMatMulV2"));
