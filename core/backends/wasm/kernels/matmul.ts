/**
 * wasm kernels: MatMul / BatchMatMulV2 (float32) on the packed GEMM. Transposes are folded into
 * the operands' strides (never materialised); a batch times one shared B is a single tall GEMM.
 */
import type { Kernel } from "../../backend";
import { stridesOf } from "../../../tensor/shape";
import { A_MATRIX } from "../runtime";
import { cpu, def, f32, isF32, rtOf, sizeOfShape } from "./registry";

function matmul(op: string): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    if (!isF32(x) || !isF32(y)) return cpu(op)(inputs, attrs, outs, backend);
    const ta = !!attrs.transpose_a, tb = !!attrs.transpose_b;
    const os = outs[0].shape, r = os.length;
    const size = sizeOfShape(os);
    const m = os[r - 2], n = os[r - 1];
    const k = x.shape[x.rank - (ta ? 2 : 1)];
    if (size === 0 || k === 0) return [new Float32Array(size)];
    const rt = rtOf(backend);
    rt.reset();
    const pa = rt.put(f32(x)), pb = rt.put(f32(y)), pc = rt.alloc(size * 4);
    // A(i, p) = a[i * ars + p * acs], B(p, j) = b[p * brs + j * bcs] (element strides of the stored matrices).
    const ars = ta ? 1 : k, acs = ta ? m : 1, brs = tb ? 1 : n, bcs = tb ? k : 1;
    const batch = os.slice(0, -2);
    const nb = sizeOfShape(batch);
    const aBatch = x.shape.slice(0, -2), bBatch = y.shape.slice(0, -2);
    const na = sizeOfShape(aBatch), nbB = sizeOfShape(bBatch);
    const gemm = (ia: number, ib: number, bi: number, rows: number) =>
      rt.gemm({ kind: A_MATRIX, ptr: pa + ia * m * k * 4, rs: ars, cs: acs }, { ptr: pb + ib * k * n * 4, rs: brs, cs: bcs },
        rows, n, k, pc + bi * m * n * 4, n);
    if (nb === 1) gemm(0, 0, 0, m);
    else if (nbB === 1 && na === nb && !ta) gemm(0, 0, 0, nb * m); // [batch, m, k] x [k, n]: one GEMM with M = batch·m
    else if (na === nb && nbB === nb) for (let i = 0; i < nb; i++) gemm(i, i, i, m);
    else {
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
        gemm(ia, ib, bi, m);
      }
    }
    return [rt.takeF32(pc, size)];
  };
}

def("MatMul", matmul("MatMul"));
def("BatchMatMulV2", matmul("BatchMatMulV2"));
