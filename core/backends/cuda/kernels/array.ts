/**
 * cuda kernels: shapes and data movement. Views (Reshape, ExpandDims, Squeeze, Identity, variable
 * reads) are new handles on the same reference-counted buffer. Copies are one strided gather or
 * scatter kernel, type-agnostic by element width, so every dtype with 1/2/4/8-byte elements
 * (complex64 included) stays on the device.
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { CudaBackend, CudaHandle } from "../backend";
import { registerKernel } from "../../../engine/engine";
import { resolveSlice, resolveStridedSlice, StridedSliceAttrs } from "../../../ops/array";
import { allocArray } from "../../../tensor/dtypes";
import { be, moveKind, ptr, rawStrided, rowStrides, stridedStruct } from "../util";
import { sizeOfShape } from "../backend";
import { filled } from "./math";

type Move = "b8" | "b16" | "b32" | "b64";

const view: Kernel = (inputs, _a, outs, backend) => {
  const b = be(backend);
  return outs.map((_o, i) => b.view(inputs[i]._handle as CudaHandle));
};
for (const op of ["Reshape", "ExpandDims", "Squeeze", "Identity", "StopGradient", "IdentityN", "PlaceholderWithDefault", "Snapshot"]) {
  registerKernel("cuda", op, view);
}
registerKernel("cuda", "ReadVariableOp", (_i, { variable }, outs, backend) => {
  const b = be(backend);
  const v = (variable as { _eagerValue(op: string): Tensor })._eagerValue("ReadVariableOp");
  if (v._backend === b) return [b.view(v._handle as CudaHandle)];
  return [b.write(v._backend!.readSync(v._handle, v.shape, v.dtype), outs[0].shape, outs[0].dtype)];
});

/** Small int tensors (begin, size, paddings, shapes) as host numbers. */
function hostInts(t: Tensor): number[] {
  return Array.from(t._backend!.readSync(t._handle, t.shape, t.dtype) as ArrayLike<number>);
}

/** out = x viewed through `dims`/`strides`/`offset` (in elements of x). */
function gatherView(b: CudaBackend, x: Tensor, spec: OutSpec, mk: Move, dims: readonly number[], strides: readonly number[], offset: number): CudaHandle {
  const o = b.out(spec);
  const n = sizeOfShape(spec.shape);
  b.launch1d(`gather_strided_${mk}`, n, ptr(x), o.ptr, n, stridedStruct(dims, strides, offset));
  return o;
}
/** Writes all of `x` into `o` through dims/strides/offset (in elements of o). */
function scatterInto(b: CudaBackend, x: Tensor, o: CudaHandle, mk: Move, dims: readonly number[], strides: readonly number[], offset: number): void {
  const n = sizeOfShape(x.shape);
  b.launch1d(`scatter_strided_${mk}`, n, ptr(x), o.ptr, n, stridedStruct(dims, strides, offset));
}
/** Kernel that needs a data-movement width; cpu's kernel for the rest (strings, complex128). */
function movable(op: string, k: (b: CudaBackend, inputs: Tensor[], attrs: any, outs: OutSpec[], mk: Move) => unknown[]): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend);
    const mk = moveKind(outs[0].dtype);
    if (!mk) return b.viaCpu(op, inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
    return k(b, inputs, attrs, outs, mk);
  };
}

registerKernel("cuda", "BroadcastTo", movable("BroadcastTo", (b, [x], _a, outs, mk) => {
  const os = outs[0].shape, r = os.length, st = rowStrides(x.shape), off = r - x.rank;
  const strides = os.map((_, d) => (d < off || x.shape[d - off] === 1 ? 0 : st[d - off]));
  return [gatherView(b, x, outs[0], mk, os, strides, 0)];
}));

function hostWrite(b: CudaBackend, values: number[], spec: OutSpec): unknown {
  return b.write(allocArrayFrom(spec, values), spec.shape, spec.dtype);
}
function allocArrayFrom(spec: OutSpec, values: number[]): any {
  const a = allocArray(spec.dtype, values.length) as any;
  for (let i = 0; i < values.length; i++) a[i] = values[i];
  return a;
}
registerKernel("cuda", "Shape", ([x], _a, outs, backend) => [hostWrite(be(backend), x.shape as number[], outs[0])]);
registerKernel("cuda", "Size", ([x], _a, outs, backend) => [hostWrite(be(backend), [sizeOfShape(x.shape)], outs[0])]);
registerKernel("cuda", "Rank", ([x], _a, outs, backend) => [hostWrite(be(backend), [x.rank], outs[0])]);

registerKernel("cuda", "Transpose", movable("Transpose", (b, [x], { perm }: { perm: number[] }, outs, mk) => {
  const st = rowStrides(x.shape);
  return [gatherView(b, x, outs[0], mk, outs[0].shape, perm.map((p) => st[p]), 0)];
}));
registerKernel("cuda", "ConjugateTranspose", (inputs, attrs, outs, backend) => {
  const b = be(backend);
  if (inputs[0].dtype.kind === "c") return b.viaCpu("ConjugateTranspose", inputs, attrs, outs, " for complex");
  return b.kernels.get("Transpose")!(inputs, attrs, outs, backend);
});

const prod = (s: readonly number[], a = 0, e = s.length): number => { let p = 1; for (let i = a; i < e; i++) p *= s[i]; return p; };

function join(b: CudaBackend, xs: Tensor[], axis: number, spec: OutSpec, mk: Move, packed: boolean): CudaHandle {
  const s = spec.shape, ax = axis < 0 ? axis + s.length : axis;
  const outer = prod(s, 0, ax);
  const inners = xs.map((x) => (packed ? prod(x.shape, ax) : prod(x.shape, ax)));
  const row = inners.reduce((a, c) => a + c, 0);
  const o = b.out(spec);
  let off = 0;
  xs.forEach((x, i) => {
    if (inners[i] > 0 && outer > 0) scatterInto(b, x, o, mk, [outer, inners[i]], [row, 1], off);
    off += inners[i];
  });
  return o;
}
registerKernel("cuda", "ConcatV2", movable("ConcatV2", (b, xs, { axis }, outs, mk) => [join(b, xs, axis, outs[0], mk, false)]));
registerKernel("cuda", "Pack", movable("Pack", (b, xs, { axis }, outs, mk) => [join(b, xs, axis, outs[0], mk, true)]));

function split(b: CudaBackend, x: Tensor, ax: number, outs: OutSpec[], inners: number[], mk: Move): CudaHandle[] {
  const outer = prod(x.shape, 0, ax);
  const row = inners.reduce((a, c) => a + c, 0);
  let off = 0;
  return outs.map((spec, i) => {
    const o = gatherView(b, x, spec, mk, [outer, inners[i]], [row, 1], off);
    off += inners[i];
    return o;
  });
}
registerKernel("cuda", "Unpack", movable("Unpack", (b, [x], { axis }, outs, mk) => {
  const ax = axis < 0 ? axis + x.rank : axis;
  return split(b, x, ax, outs, outs.map(() => prod(x.shape, ax + 1)), mk);
}));
const splitKernel = (op: string) => movable(op, (b, [x], { axis }, outs, mk) => {
  const ax = axis < 0 ? axis + x.rank : axis;
  return split(b, x, ax, outs, outs.map((o) => prod(o.shape, ax)), mk);
});
registerKernel("cuda", "Split", splitKernel("Split"));
registerKernel("cuda", "SplitV", splitKernel("SplitV"));

registerKernel("cuda", "Tile", movable("Tile", (b, [x], { multiples }: { multiples: number[] }, outs, mk) => {
  // The output viewed as [m0, d0, m1, d1, ...]: the input repeats with stride 0 over each m.
  const st = rowStrides(x.shape);
  const dims = multiples.flatMap((m, i) => [m, x.shape[i]]);
  const strides = st.flatMap((s) => [0, s]);
  if (dims.filter((d) => d !== 1).length > 12) return b.viaCpu("Tile", [x], { multiples }, outs, " for rank > 6");
  return [gatherView(b, x, outs[0], mk, dims, strides, 0)];
}));

function padsOf(inputs: Tensor[], attrs: { paddings?: number[][] }): number[][] {
  if (inputs[1]) {
    const v = hostInts(inputs[1]);
    return Array.from({ length: inputs[0].rank }, (_, i) => [v[2 * i], v[2 * i + 1]]);
  }
  return attrs.paddings!;
}
const padKernel = (op: string): Kernel => movable(op, (b, inputs, attrs, outs, mk) => {
  const x = inputs[0];
  const pads = padsOf(inputs, attrs);
  const cv = Number(attrs.constant_values ?? 0);
  const o = filled(b, outs[0], cv);
  if (!o) return b.viaCpu(op, inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
  const ost = rowStrides(outs[0].shape);
  let off = 0;
  pads.forEach(([p], i) => { off += p * ost[i]; });
  if (sizeOfShape(x.shape)) scatterInto(b, x, o, mk, x.shape, ost, off);
  return [o];
});
registerKernel("cuda", "Pad", padKernel("Pad"));
registerKernel("cuda", "PadV2", padKernel("PadV2"));

registerKernel("cuda", "MirrorPad", movable("MirrorPad", (b, [x], { paddings, mode }, outs, mk) => {
  if (x.rank > 12) return b.viaCpu("MirrorPad", [x], { paddings, mode }, outs);
  const o = b.out(outs[0]);
  const n = sizeOfShape(outs[0].shape);
  const out = rawStrided(outs[0].shape, rowStrides(outs[0].shape));
  const inp = rawStrided(x.shape, rowStrides(x.shape));
  const lo = rawStrided((paddings as number[][]).map((p) => p[0]), new Array(x.rank).fill(0));
  b.launch1d(`mirror_pad_${mk}`, n, ptr(x), o.ptr, n, mode === "REFLECT" ? 1 : 0, out, inp, lo);
  return [o];
}));

/** Offset and strides of a strided-slice view of a tensor of `shape`. */
function sliceView(shape: readonly number[], start: number[], step: number[]): [number, number[]] {
  const st = rowStrides(shape);
  let off = 0;
  for (let i = 0; i < shape.length; i++) off += start[i] * st[i];
  return [off, st.map((s, i) => s * step[i])];
}
registerKernel("cuda", "StridedSlice", movable("StridedSlice", (b, [x], attrs: StridedSliceAttrs, outs, mk) => {
  const res = resolveStridedSlice("StridedSlice", x.shape, attrs);
  const count = res.count as number[];
  const [off, st] = sliceView(x.shape, res.start, res.step);
  return [gatherView(b, x, outs[0], mk, count, st, off)];
}));
registerKernel("cuda", "StridedSliceGrad", movable("StridedSliceGrad", (b, [s, dy], attrs: StridedSliceAttrs, outs, mk) => {
  const shape = hostInts(s);
  const res = resolveStridedSlice("StridedSliceGrad", shape, attrs);
  const o = filled(b, outs[0], 0);
  if (!o) return b.viaCpu("StridedSliceGrad", [s, dy], attrs, outs);
  const count = res.count as number[];
  const [off, st] = sliceView(shape, res.start, res.step);
  if (sizeOfShape(count)) {
    const n = sizeOfShape(count);
    b.launch1d(`scatter_strided_${mk}`, n, ptr(dy), o.ptr, n, stridedStruct(count, st, off));
  }
  return [o];
}));
registerKernel("cuda", "Slice", movable("Slice", (b, inputs, attrs, outs, mk) => {
  const [x, bg, sz] = inputs;
  const begin = bg ? hostInts(bg) : attrs.begin;
  const size = resolveSlice("Slice", x.shape, begin, bg ? hostInts(sz) : attrs.size) as number[];
  const [off, st] = sliceView(x.shape, begin, new Array(x.rank).fill(1));
  return [gatherView(b, x, outs[0], mk, size, st, off)];
}));
registerKernel("cuda", "ReverseV2", movable("ReverseV2", (b, [x], { axis }: { axis: number[] }, outs, mk) => {
  const st = rowStrides(x.shape);
  let off = 0;
  const rs = st.slice();
  for (const a0 of axis) {
    const a = a0 < 0 ? a0 + x.rank : a0;
    if (x.shape[a] > 0) off += (x.shape[a] - 1) * st[a];
    rs[a] = -st[a];
  }
  return [gatherView(b, x, outs[0], mk, x.shape, rs, off)];
}));

// ------------------------------------------------------------------------------------ gather / scatter
const idxKind = (t: Tensor): number | null => (t.dtype.name === "int32" ? 0 : t.dtype.name === "int64" ? 1 : null);

registerKernel("cuda", "GatherV2", movable("GatherV2", (b, inputs, attrs, outs, mk) => {
  const [p, ix] = inputs;
  const ax = attrs.axis < 0 ? attrs.axis + p.rank : attrs.axis;
  const ik = idxKind(ix);
  if (attrs.batch_dims || ik === null) return b.viaCpu("GatherV2", inputs, attrs, outs, " with batch_dims or these index dtypes");
  const o = b.out(outs[0]);
  const n = sizeOfShape(outs[0].shape);
  // Out-of-range indices give zeros (TF's GPU kernels); the cpu backend raises instead.
  b.launch1d(`gather_${mk}`, n, ptr(p), ptr(ix), ik, o.ptr, n, sizeOfShape(ix.shape), p.shape[ax], prod(p.shape, ax + 1));
  return [o];
}));
registerKernel("cuda", "GatherNd", movable("GatherNd", (b, inputs, attrs, outs, mk) => {
  const [p, ix] = inputs;
  const ik = idxKind(ix);
  const depth = ix.shape[ix.rank - 1];
  if (attrs.batch_dims || ik === null || depth > 12) return b.viaCpu("GatherNd", inputs, attrs, outs, " with batch_dims or these indices");
  const o = b.out(outs[0]);
  const n = sizeOfShape(outs[0].shape);
  const st = rowStrides(p.shape);
  b.launch1d(`gather_nd_${mk}`, n, ptr(p), ptr(ix), ik, o.ptr, n, prod(p.shape, depth), rawStrided(p.shape.slice(0, depth), st.slice(0, depth)));
  return [o];
}));
registerKernel("cuda", "ScatterNd", (inputs, attrs, outs, backend) => {
  const b = be(backend), [ix, upd] = inputs;
  const dt = outs[0].dtype.name;
  const k = dt === "float32" ? "f32" : dt === "float64" ? "f64" : dt === "int32" ? "i32" : null;
  const ik = idxKind(ix);
  const s = outs[0].shape;
  const depth = ix.shape[ix.rank - 1];
  if (!k || ik === null || depth > 12) return b.viaCpu("ScatterNd", inputs, attrs, outs, ` for ${dt}`);
  const o = filled(b, outs[0], 0)!;
  const n = sizeOfShape(upd.shape);
  const st = rowStrides(s);
  b.launch1d(`scatter_nd_${k}`, n, ptr(ix), ik, ptr(upd), o.ptr, n, prod(s, depth), rawStrided(s.slice(0, depth), st.slice(0, depth)));
  return [o];
});

registerKernel("cuda", "OneHot", (inputs, attrs, outs, backend) => {
  const b = be(backend), [idx] = inputs;
  const ik = idxKind(idx);
  const axis = attrs.axis ?? -1;
  if (outs[0].dtype.name !== "float32" || ik === null || !(axis === -1 || axis === idx.rank)) {
    return b.viaCpu("OneHot", inputs, attrs, outs, " for this dtype or axis");
  }
  const o = b.out(outs[0]);
  const n = sizeOfShape(outs[0].shape);
  b.launch1d("one_hot_f32", n, ptr(idx), ik, o.ptr, n, attrs.depth, Number(attrs.on_value ?? 1), Number(attrs.off_value ?? 0));
  return [o];
});
