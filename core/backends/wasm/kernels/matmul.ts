/**
 * wasm kernels: MatMul / BatchMatMulV2 (float32) on the packed GEMM. Transposes are folded into
 * the operands' strides (never materialised); a batch times one shared B is a single tall GEMM.
 * Operands beyond `rt.largeBytes` (32 MB) stream through the arena (row blocks of A and C, or one batch entry
 * at a time), so the linear memory — which never shrinks — stays bounded.
 */
import { takeSpare } from "../../../engine/spare";
import type { Backend, Kernel } from "../../backend";
import { biasActInPlace } from "../../cpu/kernels/matmul";
import { BIN, UN } from "./elementwise";
import { rowBlock } from "./reduce";
import { stridesOf } from "../../../tensor/shape";
import { A_MATRIX, WasmRuntime } from "../runtime";
import { cpu, def, f32, isF32, rtOf, sizeOfShape, tiny } from "./registry";

/**
 * C[m, n] = op(A) op(B) for one matrix pair at element offsets into a, b, c. Copies B once and A/C
 * whole, or in row blocks when they are large (A not transposed: its rows are contiguous).
 */
function gemmInto(rt: WasmRuntime, a: Float32Array, aOff: number, ta: boolean, b: Float32Array, bOff: number, tb: boolean,
  c: Float32Array, cOff: number, m: number, n: number, k: number): void {
  rt.reset();
  const pb = rt.put(b.subarray(bOff, bOff + k * n));
  const brs = tb ? 1 : n, bcs = tb ? k : 1;
  const rows = !ta && (m * (k + n)) * 4 > rt.largeBytes ? Math.max(4, Math.floor(rt.largeBytes / ((k + n) * 4)) & ~3) : m;
  const pa = rt.alloc(Math.min(rows, m) * k * 4), pc = rt.alloc(Math.min(rows, m) * n * 4);
  for (let r0 = 0; r0 < m; r0 += rows) {
    const cnt = Math.min(rows, m - r0);
    if (ta) rt.f32.set(a.subarray(aOff, aOff + k * m), pa >> 2); // rows === m: whole
    else rt.f32.set(a.subarray(aOff + r0 * k, aOff + (r0 + cnt) * k), pa >> 2);
    rt.gemm({ kind: A_MATRIX, ptr: pa, rs: ta ? 1 : k, cs: ta ? m : 1 }, { ptr: pb, rs: brs, cs: bcs }, cnt, n, k, pc, n);
    c.set(rt.f32.subarray(pc >> 2, (pc >> 2) + cnt * n), cOff + r0 * n);
  }
}

function matmul(op: string): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const ta = !!attrs.transpose_a, tb = !!attrs.transpose_b;
    const os = outs[0].shape, r = os.length;
    const k = x.shape[x.rank - (ta ? 2 : 1)];
    if (!isF32(x) || !isF32(y) || tiny(backend, (sizeOfShape(os) * k) / 128)) return cpu(op)(inputs, attrs, outs, backend);
    // Every path below writes all of out, so a spare array from the last training step will do.
    const out = takeSpare(sizeOfShape(os));
    const m = os[r - 2], n = os[r - 1];
    if (out.length === 0 || k === 0) return [out.fill(0)];
    const rt = rtOf(backend);
    const a = f32(x), b = f32(y);
    const batch = os.slice(0, -2);
    const nb = sizeOfShape(batch);
    const aBatch = x.shape.slice(0, -2), bBatch = y.shape.slice(0, -2);
    const na = sizeOfShape(aBatch), nbB = sizeOfShape(bBatch);
    if (nb === 1) { gemmInto(rt, a, 0, ta, b, 0, tb, out, 0, m, n, k); return [out]; }
    // [batch, m, k] x [k, n]: one GEMM with M = batch·m.
    if (nbB === 1 && na === nb && !ta) { gemmInto(rt, a, 0, false, b, 0, tb, out, 0, nb * m, n, k); return [out]; }
    // Map each output batch index to each operand's (broadcast batch dims).
    const bStr = stridesOf(batch), aStr = stridesOf(aBatch), yStr = stridesOf(bBatch);
    const index = (bi: number): [number, number] => {
      let ia = 0, ib = 0, rem = bi;
      for (let d = 0; d < batch.length; d++) {
        const c = Math.floor(rem / bStr[d]); rem -= c * bStr[d];
        const da = d - (batch.length - aBatch.length), db = d - (batch.length - bBatch.length);
        if (da >= 0 && aBatch[da] !== 1) ia += c * aStr[da];
        if (db >= 0 && bBatch[db] !== 1) ib += c * yStr[db];
      }
      return [ia, ib];
    };
    const ars = ta ? 1 : k, acs = ta ? m : 1, brs = tb ? 1 : n, bcs = tb ? k : 1;
    if ((a.length + b.length + out.length) * 4 > rt.largeBytes) {
      for (let bi = 0; bi < nb; bi++) { const [ia, ib] = index(bi); gemmInto(rt, a, ia * m * k, ta, b, ib * k * n, tb, out, bi * m * n, m, n, k); }
      return [out];
    }
    rt.reset();
    const pa = rt.put(a), pb = rt.put(b), pc = rt.alloc(out.length * 4);
    for (let bi = 0; bi < nb; bi++) {
      const [ia, ib] = index(bi);
      rt.gemm({ kind: A_MATRIX, ptr: pa + ia * m * k * 4, rs: ars, cs: acs }, { ptr: pb + ib * k * n * 4, rs: brs, cs: bcs }, m, n, k, pc + bi * m * n * 4, n);
    }
    out.set(rt.f32.subarray(pc >> 2, (pc >> 2) + out.length));
    return [out];
  };
}

def("MatMul", matmul("MatMul"));

/**
 * _FusedMatMul (core/ops/matmul.ts) from a backend's MatMul kernel `mm`: the product, then in place
 * on it the arithmetic of the wasm BiasAdd and Relu kernels (a repeated-row add, relu), or of
 * cpu's where those hand over to cpu (not float32, tiny tensors), so the values are the unfused
 * ops' on the same backend. `wasm(backend)`: the wasm backend whose runtime and thresholds apply
 * (native's donor), or null for cpu's arithmetic.
 */
export function fusedMatMul(mm: Kernel, wasm: (backend: Backend) => Backend | null): Kernel {
  return (inputs, attrs, outs, backend) => {
    const bias = inputs[2];
    const [z] = mm([inputs[0], inputs[1]], attrs, outs, backend) as [Float32Array | Float64Array];
    const n = outs[0].shape[1], relu = attrs.fused_ops.length > 1, w = wasm(backend);
    if (w === null || !(z instanceof Float32Array) || !isF32(bias) || tiny(w, z.length) || n === 0) {
      biasActInPlace(z, bias._handle as ArrayLike<number>, n, relu);
      return [z];
    }
    const rt = rtOf(w);
    rt.stream(z.length, rowBlock(n), [z], [f32(bias)], [z], ([pz], [pb], [po], _i, len) => {
      rt.k.binary(BIN.AddV2, pz, pb, po, len, 3, n);
      if (relu) rt.k.unary(UN.Relu, po, po, len, 0);
    });
    return [z];
  };
}
def("BatchMatMulV2", matmul("BatchMatMulV2"));
def("_FusedMatMul", fusedMatMul(matmul("MatMul"), (b) => b));
