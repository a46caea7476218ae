/** Helpers shared by the cuda kernels: storage kinds, broadcast and strided-view descriptors. */
import type { Tensor } from "../../tensor/tensor";
import type { DType } from "../../tensor/dtypes";
import type { CudaBackend, CudaHandle } from "./backend";
import { OP } from "./ptx.generated";
import { stridesOf } from "../../tensor/shape";

export type Fx = "f32" | "f64";

/** Float kernels' suffix for a dtype (float32 / float64), or null. float16 is stored as float32 but rounds: cpu. */
export function floatKind(dt: DType): Fx | null {
  return dt.name === "float32" ? "f32" : dt.name === "float64" ? "f64" : null;
}
/** Data-movement width suffix for a dtype's storage element, or null (complex128, strings). */
export function moveKind(dt: DType): "b8" | "b16" | "b32" | "b64" | null {
  switch (dt.name) {
    case "bool": case "uint8": case "int8": return "b8";
    case "int16": return "b16";
    case "float32": case "int32": case "float16": return "b32";
    case "float64": case "int64": case "complex64": return "b64";
    default: return null;
  }
}
/** Cast-kernel storage code, or null (complex, strings). */
export function storageCode(dt: DType): number | null {
  switch (dt.name) {
    case "float32": case "float16": return OP.ST_F32;
    case "float64": return OP.ST_F64;
    case "int64": return OP.ST_I64;
    case "int32": return OP.ST_I32;
    case "uint8": return OP.ST_U8;
    case "bool": return OP.ST_BOOL;
    case "int16": return OP.ST_I16;
    case "int8": return OP.ST_I8;
    default: return null;
  }
}

export const ptr = (t: Tensor): number => (t._handle as CudaHandle).ptr;
export const be = (b: unknown): CudaBackend => b as CudaBackend;

const MAXB = 6, MAXR = 12;

/**
 * The Bcast struct (cuda/src/common.cuh) for operands of `shapes` broadcast to `out`: dims where
 * every operand is contiguous-or-broadcast alike are merged, so most calls need 1-2 dims; rank 0
 * when every operand has the output's shape. null when more than 6 dims remain.
 */
export function bcastStruct(out: readonly number[], shapes: readonly (readonly number[])[]): Int32Array | null {
  const s = new Int32Array(1 + 4 * MAXB);
  const n = out.reduce((a, d) => a * d, 1);
  if (shapes.every((sh) => sh.reduce((a, d) => a * d, 1) === n)) return s; // rank 0: same size, flat
  const r = out.length;
  // Per operand, per output dim: stride (0 where broadcast).
  const st = shapes.map((sh) => {
    const full = new Array<number>(r).fill(0);
    const strides = stridesOf(sh as number[]);
    const off = r - sh.length;
    for (let d = 0; d < sh.length; d++) full[d + off] = sh[d] === 1 ? 0 : strides[d];
    return full;
  });
  // Merge dim d into d-1 when, for every operand, stride[d-1] == stride[d] * out[d].
  const dims: number[] = [];
  const strides: number[][] = shapes.map(() => []);
  for (let d = 0; d < r; d++) {
    if (out[d] === 1) continue;
    const k = dims.length;
    if (k > 0 && st.every((o, i) => strides[i][k - 1] === o[d] * out[d])) {
      dims[k - 1] *= out[d];
      for (let i = 0; i < st.length; i++) strides[i][k - 1] = st[i][d];
      continue;
    }
    dims.push(out[d]);
    for (let i = 0; i < st.length; i++) strides[i].push(st[i][d]);
  }
  if (dims.length === 0) { dims.push(1); for (const x of strides) x.push(0); }
  if (dims.length > MAXB) return null;
  s[0] = dims.length;
  for (let d = 0; d < dims.length; d++) {
    s[1 + d] = dims[d];
    s[1 + MAXB + d] = strides[0]?.[d] ?? 0;
    s[1 + 2 * MAXB + d] = strides[1]?.[d] ?? 0;
    s[1 + 3 * MAXB + d] = strides[2]?.[d] ?? 0;
  }
  return s;
}

/** The Strided struct: element i of an array of shape `dims` is at offset + sum(c_d * st_d). */
export function stridedStruct(dims: readonly number[], strides: readonly number[], offset = 0): Int32Array {
  // Drop unit dims and merge contiguous runs so index arithmetic stays short.
  const ds: number[] = [], ss: number[] = [];
  for (let d = 0; d < dims.length; d++) {
    if (dims[d] === 1) continue;
    const k = ds.length;
    if (k > 0 && ss[k - 1] === strides[d] * dims[d]) { ds[k - 1] *= dims[d]; ss[k - 1] = strides[d]; continue; }
    ds.push(dims[d]); ss.push(strides[d]);
  }
  if (ds.length === 0) { ds.push(1); ss.push(0); }
  if (ds.length > MAXR) throw new Error(`cuda: views of more than ${MAXR} non-trivial dims are not supported`);
  const s = new Int32Array(2 + 2 * MAXR);
  s[0] = ds.length;
  s[1] = offset;
  for (let d = 0; d < ds.length; d++) { s[2 + d] = ds[d]; s[2 + MAXR + d] = ss[d]; }
  return s;
}
export const STRIDED_MAXR = MAXR;

/** Raw Strided struct (no merging): for kernels that read dims per axis (mirror pad, gather_nd). */
export function rawStrided(dims: readonly number[], strides: readonly number[], offset = 0): Int32Array {
  if (dims.length > MAXR) throw new Error(`cuda: more than ${MAXR} dims are not supported`);
  const s = new Int32Array(2 + 2 * MAXR);
  s[0] = dims.length;
  s[1] = offset;
  for (let d = 0; d < dims.length; d++) { s[2 + d] = dims[d]; s[2 + MAXR + d] = strides[d]; }
  return s;
}

/** Row-major strides. */
export function rowStrides(shape: readonly number[]): number[] {
  return stridesOf(shape as number[]);
}
