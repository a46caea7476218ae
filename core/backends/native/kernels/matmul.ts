/**
 * native kernels: MatMul / BatchMatMulV2 as cblas_sgemm / cblas_dgemm on the tensors' own arrays.
 * Transposes are BLAS's (CblasTrans with the stored leading dimension), never materialised.
 * float32/float64 only: other dtypes (ints, complex, float16 stored as float32 but rounded) use cpu's kernel.
 */
import type { Backend, Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { Blas, Gemm, SMALL_GEMM_MACS } from "../blas";
import { HELPER_MIN_MACS, blasPool, oneThreadEach, poolSgemm } from "../helper";
import { getBackend, registerKernel } from "../../../engine/engine";
import { allocArray } from "../../../tensor/dtypes";
import { takeSpare } from "../../../engine/spare";
import { sizeOf, stridesOf } from "../../../tensor/shape";
import { fusedMatMul } from "../../wasm/kernels/matmul";

type F = Float32Array | Float64Array;

function cpuKernel(op: string): Kernel {
  const k = getBackend("cpu").kernels.get(op);
  if (!k) throw new Error(`native: cpu has no ${op} kernel to fall back on`);
  return k;
}

/** Offset view of `a` (no copy); the array itself when the offset is 0. */
function at(a: F, off: number): F {
  return off === 0 ? a : a.subarray(off);
}

/**
 * A mid-sized float32 GEMM (4M to 32M multiply-adds: a Keras step's Dense products such as
 * [32, 784]·[784, 512]) split between this thread and the wasm pool's workers, which loaded the same
 * BLAS (wasm/runtime.ts `blasGemm`): each block is one single-threaded BLAS call. OpenBLAS's own
 * threads gain little at these sizes and bigger products keep them. The operands are used in the
 * wasm linear memory: resident arrays (a variable Adam updated, a step's activations) where they
 * are, others copied into its arena. False: not taken (no pool, no BLAS in it, size, float64).
 */
function pooled(backend: Backend, blas: Blas, ta: boolean, tb: boolean, m: number, n: number, k: number, a: F, lda: number, b: F, ldb: number, c: F): boolean {
  const macs = m * n * k;
  if (!(c instanceof Float32Array) || macs < HELPER_MIN_MACS || macs >= SMALL_GEMM_MACS || blas.getThreads() < 2) return false;
  const rt = blasPool(backend);
  if (!rt) return false;
  const pcRes = rt.residentPtr(c);
  rt.reset();
  const pa = rt.inMemory(a as Float32Array), pb = rt.inMemory(b as Float32Array);
  const pc = pcRes >= 0 ? pcRes : rt.alloc(4 * m * n);
  oneThreadEach(blas, () => rt.blasGemm(poolSgemm(blas), ta, tb, m, n, k, pa, lda, pb, ldb, pc));
  if (pcRes < 0) c.set(rt.f32.subarray(pc >> 2, (pc >> 2) + m * n));
  return true;
}

function matmul(op: string): Kernel {
  return (inputs: Tensor[], attrs: any, outs: OutSpec[], backend: Backend) => {
    const dt = outs[0].dtype.name;
    if (dt !== "float32" && dt !== "float64") return cpuKernel(op)(inputs, attrs, outs, backend);
    const blas = (backend as unknown as { blas: Blas }).blas;
    const gemm: Gemm = dt === "float32" ? blas.sgemm : blas.dgemm;
    const [x, y] = inputs;
    const ta = !!attrs.transpose_a, tb = !!attrs.transpose_b;
    const a = x._handle as F, b = y._handle as F;
    const os = outs[0].shape, r = os.length;
    // BLAS (beta = 0) writes every element, so a spare array from the last training step will do.
    const out = (dt === "float32" ? takeSpare(sizeOf(os)) : allocArray(outs[0].dtype, sizeOf(os))) as F;
    const m = os[r - 2], n = os[r - 1];
    const k = x.shape[x.rank - (ta ? 2 : 1)];
    if (m === 0 || n === 0 || k === 0) return [out.fill(0)]; // empty product: zeros (BLAS rejects ld = 0)
    // Leading dimensions of the stored (untransposed) row-major matrices.
    const lda = ta ? m : k, ldb = tb ? k : n;
    const batch = os.slice(0, -2);
    const nb = sizeOf(batch);
    const aBatch = x.shape.slice(0, -2), bBatch = y.shape.slice(0, -2);
    const na = sizeOf(aBatch), nbB = sizeOf(bBatch);
    if (nb === 1) {
      if (!pooled(backend, blas, ta, tb, m, n, k, a, lda, b, ldb, out)) gemm(ta, tb, m, n, k, a, lda, b, ldb, out, n);
    } else if (nbB === 1 && na === nb && !ta) {
      // A full batch times one B (a Dense layer on [batch, time, features]): one GEMM with M = nb*m.
      if (!pooled(backend, blas, false, tb, nb * m, n, k, a, k, b, ldb, out)) gemm(false, tb, nb * m, n, k, a, k, b, ldb, out, n);
    } else if (na === nb && nbB === nb) {
      for (let i = 0; i < nb; i++) gemm(ta, tb, m, n, k, at(a, i * m * k), lda, at(b, i * k * n), ldb, at(out, i * m * n), n);
    } else {
      // Broadcast batch dims: map each output batch index to each operand's.
      const bStr = stridesOf(batch), aStr = stridesOf(aBatch), yStr = stridesOf(bBatch);
      for (let bi = 0; bi < nb; bi++) {
        let ia = 0, ib = 0, rem = bi;
        for (let d = 0; d < batch.length; d++) {
          const c = Math.floor(rem / bStr[d]); rem -= c * bStr[d];
          const da = d - (batch.length - aBatch.length), db = d - (batch.length - bBatch.length);
          if (da >= 0 && aBatch[da] !== 1) ia += c * aStr[da];
          if (db >= 0 && bBatch[db] !== 1) ib += c * yStr[db];
        }
        gemm(ta, tb, m, n, k, at(a, ia * m * k), lda, at(b, ib * k * n), ldb, at(out, bi * m * n), n);
      }
    }
    return [out];
  };
}

registerKernel("native", "MatMul", matmul("MatMul"));
// Dense's MatMul + BiasAdd (+ Relu): BLAS's product, then the wasm donor's bias and relu arithmetic in place.
registerKernel("native", "_FusedMatMul", fusedMatMul(matmul("MatMul"), (b) => (b.kernelDonor ? b.kernelDonor() : null)));
registerKernel("native", "BatchMatMulV2", matmul("BatchMatMulV2"));
