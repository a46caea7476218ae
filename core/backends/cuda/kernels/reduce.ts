/**
 * cuda kernels: reductions (Sum, Mean, Prod, Max, Min, All, Any), ArgMax/ArgMin, Cumsum/Cumprod.
 * The input is viewed as [A, R, B] (R = the reduced axes): when those axes are not one contiguous
 * group the input is first transposed to [kept, reduced]. Rows (B = 1, long R) reduce one block per
 * row in shared memory, split in chunks and finished by a second pass when few rows are long;
 * otherwise one thread per output walks R (coalesced across B).
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { CudaBackend, CudaHandle } from "../backend";
import { registerKernel } from "../../../engine/engine";
import { OP } from "../ptx.generated";
import { be, moveKind, ptr, rowStrides, stridedStruct } from "../util";
import { elementBytes, sizeOfShape } from "../backend";
import { copyOf } from "./math";

type RK = "f32" | "f64" | "i32" | "u8";

/** [A, R, B] of `shape` reduced over sorted `axes`, or null when the axes are not contiguous. */
export function plan(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const red = axes.filter((a) => shape[a] !== 1);
  if (red.length === 0) return [sizeOfShape(shape), 1, 1];
  for (let i = 1; i < red.length; i++) {
    for (let d = red[i - 1] + 1; d < red[i]; d++) if (shape[d] !== 1) return null;
  }
  let A = 1, R = 1, B = 1;
  for (let d = 0; d < shape.length; d++) {
    if (d < red[0]) A *= shape[d];
    else if (d > red[red.length - 1]) B *= shape[d];
    else R *= shape[d];
  }
  return [A, R, B];
}

/** x transposed to [kept..., reduced...] (a new handle) and its [A, R]. */
function toKeptReduced(b: CudaBackend, x: Tensor, axes: readonly number[]): { h: CudaHandle; A: number; R: number } {
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const perm = [...kept, ...axes];
  const st = rowStrides(x.shape);
  const n = sizeOfShape(x.shape);
  const h = b.allocHandle(n * elementBytes(x.dtype));
  const mk = moveKind(x.dtype)!;
  b.launch1d(`gather_strided_${mk}`, n, ptr(x), h.ptr, n, stridedStruct(perm.map((p) => x.shape[p]), perm.map((p) => st[p]), 0));
  return { h, A: sizeOfShape(kept.map((d) => x.shape[d])), R: sizeOfShape(axes.map((d) => x.shape[d])) };
}

function reduceKind(op: number, dt: string): RK | null {
  if (op === OP.ROP_ALL || op === OP.ROP_ANY) return dt === "bool" ? "u8" : null;
  if (dt === "float32") return "f32";
  if (dt === "float64") return "f64";
  if (dt === "int64") return op === OP.ROP_MEAN ? null : "f64"; // exact integers in float64 storage; Mean must truncate
  if (dt === "int32") return "i32";
  return null;
}

/** Reduces the [A, R, B] data at `src` into `dst` with op (PRE and POST applied). */
export function reduceARB(b: CudaBackend, k: RK, op: number, src: number, dst: number, A: number, R: number, B: number, elt: number): void {
  const flags = OP.RFLAG_PRE | OP.RFLAG_POST;
  if (A * B === 0) return;
  if (B === 1 && R >= 64) {
    const CH = 8192;
    if (A < 256 && R > 4 * CH) {
      const chunks = Math.min(65535, Math.ceil(R / CH));
      const chunk = Math.ceil(R / chunks);
      const tmp = b.allocHandle(A * chunks * elt);
      b.launch(`reduce_rows_${k}`, [A, chunks, 1], 256, op, OP.RFLAG_PRE, src, tmp.ptr, R, chunk, R);
      b.launch(`reduce_rows_${k}`, [A, 1, 1], 256, op, OP.RFLAG_POST, tmp.ptr, dst, chunks, chunks, R);
      b.dispose(tmp);
      return;
    }
    b.launch(`reduce_rows_${k}`, [A, 1, 1], 256, op, flags, src, dst, R, R, R);
    return;
  }
  b.launch1d(`reduce_cols_${k}`, A * B, op, flags, src, dst, A, R, B, R);
}

function reduction(name: string, op: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x] = inputs;
    const axes: number[] = attrs.axis;
    const k = reduceKind(op, x.dtype.name);
    if (!k || outs[0].dtype !== x.dtype) return b.viaCpu(name, inputs, attrs, outs, ` for ${x.dtype.name}`);
    if (axes.length === 0 && op !== OP.ROP_MEAN) return [copyOf(b, x, outs[0])];
    const o = b.out(outs[0]);
    const elt = elementBytes(x.dtype);
    const p = plan(x.shape, axes);
    if (p) {
      reduceARB(b, k, op, ptr(x), o.ptr, p[0], p[1], p[2], elt);
    } else {
      const t = toKeptReduced(b, x, axes);
      reduceARB(b, k, op, t.h.ptr, o.ptr, t.A, t.R, 1, elt);
      b.dispose(t.h);
    }
    return [o];
  };
}
const REDUCE: Record<string, number> = {
  Sum: OP.ROP_SUM, Mean: OP.ROP_MEAN, Prod: OP.ROP_PROD, Max: OP.ROP_MAX, Min: OP.ROP_MIN, All: OP.ROP_ALL, Any: OP.ROP_ANY,
};
for (const [name, op] of Object.entries(REDUCE)) registerKernel("cuda", name, reduction(name, op));

/** [outer, n, inner] around one axis. */
export function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

function argKernel(name: string, isMax: boolean): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x] = inputs;
    const dt = x.dtype.name;
    const k = dt === "float32" ? "f32" : dt === "float64" || dt === "int64" ? "f64" : dt === "int32" ? "i32" : null;
    const od = outs[0].dtype.name;
    if (!k || (od !== "int32" && od !== "int64") || typeof attrs.axis !== "number") return b.viaCpu(name, inputs, attrs, outs, ` for ${dt}`);
    const ax = attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
    const [A, R, B] = around(x.shape, ax);
    const o = b.out(outs[0]);
    if (R === 0) return b.viaCpu(name, inputs, attrs, outs, " for an empty axis");
    b.launch1d(`arg_reduce_${k}`, A * B, isMax ? 1 : 0, ptr(x), o.ptr, od === "int64" ? 1 : 0, A, R, B);
    return [o];
  };
}
registerKernel("cuda", "ArgMax", argKernel("ArgMax", true));
registerKernel("cuda", "ArgMin", argKernel("ArgMin", false));

function scanKernel(name: string, isProd: boolean): Kernel {
  return (inputs, attrs, outs: OutSpec[], backend) => {
    const b = be(backend), [x] = inputs;
    const k = x.dtype.name === "float32" ? "f32" : x.dtype.name === "float64" ? "f64" : null;
    if (!k || typeof attrs.axis !== "number") return b.viaCpu(name, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const ax = attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
    const [A, R, B] = around(x.shape, ax);
    const o = b.out(outs[0]);
    b.launch1d(`scan_${k}`, A * B, isProd ? 1 : 0, attrs.exclusive ? 1 : 0, attrs.reverse ? 1 : 0, ptr(x), o.ptr, A, R, B);
    return [o];
  };
}
registerKernel("cuda", "Cumsum", scanKernel("Cumsum", false));
registerKernel("cuda", "Cumprod", scanKernel("Cumprod", true));
