/**
 * cpu kernels: shape and indexing ops. Reshape-like ops share storage: tensors are immutable, so a
 * view is safe. Most copies go through `copyStrided`, one walk over an N-d view with an explicit
 * innermost loop (complex values are two storage slots: a trailing dimension of 2).
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { registerKernel } from "../../../engine/engine";
import { alloc, broadcastIndex, isPrefix, isSuffix, vals } from "../util";
import { allocArray } from "../../../tensor/dtypes";
import { sizeOf, stridesOf, formatShapeTF } from "../../../tensor/shape";
import { resolveStridedSlice, resolveSlice, StridedSliceAttrs } from "../../../ops/array";
import { InvalidArgumentError, msg } from "../../../errors";

type Arr = any;

/** Copies the `shape`-sized view of `src` (offset/strides) onto the view of `dst`. */
export function copyStrided(src: Arr, sOff: number, sStr: readonly number[], dst: Arr, dOff: number, dStr: readonly number[], shape: readonly number[], width = 1): void {
  if (width === 2) {
    shape = [...shape, 2];
    sStr = [...sStr.map((s) => 2 * s), 1];
    dStr = [...dStr.map((s) => 2 * s), 1];
    sOff *= 2; dOff *= 2;
  }
  const r = shape.length;
  if (r === 0) { dst[dOff] = src[sOff]; return; }
  for (let i = 0; i < r; i++) if (shape[i] === 0) return;
  const n = shape[r - 1], si = sStr[r - 1], di = dStr[r - 1];
  let outer = 1;
  for (let i = 0; i < r - 1; i++) outer *= shape[i];
  const cnt = new Array<number>(r).fill(0);
  const typed = ArrayBuffer.isView(src) && ArrayBuffer.isView(dst);
  let s = sOff, d = dOff;
  for (let o = 0; o < outer; o++) {
    if (si === 1 && di === 1 && typed && n > 32) (dst as Float32Array).set((src as Float32Array).subarray(s, s + n), d);
    else for (let k = 0; k < n; k++) dst[d + k * di] = src[s + k * si];
    for (let ax = r - 2; ax >= 0; ax--) {
      cnt[ax]++; s += sStr[ax]; d += dStr[ax];
      if (cnt[ax] < shape[ax]) break;
      s -= sStr[ax] * cnt[ax]; d -= dStr[ax] * cnt[ax]; cnt[ax] = 0;
    }
  }
}

/** Copies `len` elements; typed-array block copy when long. */
function block(src: Arr, sOff: number, dst: Arr, dOff: number, len: number): void {
  if (len > 32 && ArrayBuffer.isView(src)) dst.set((src as Float32Array).subarray(sOff, sOff + len), dOff);
  else for (let k = 0; k < len; k++) dst[dOff + k] = src[sOff + k];
}

const width = (t: { dtype: { kind: string } }): number => (t.dtype.kind === "c" ? 2 : 1);
const prod = (s: readonly number[], a = 0, b = s.length): number => { let p = 1; for (let i = a; i < b; i++) p *= s[i]; return p; };

/** Reads a small int tensor (begin, size, shape, paddings) as numbers. */
const ints = (t: Tensor): number[] => Array.from(vals(t) as ArrayLike<number>);

const view: Kernel = ([x]) => [vals(x)];
registerKernel("cpu", "Reshape", view);
registerKernel("cpu", "ExpandDims", view);
registerKernel("cpu", "Squeeze", view);
registerKernel("cpu", "Identity", view);

registerKernel("cpu", "BroadcastTo", ([x], _a, outs) => {
  const a = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const n = sizeOf(outs[0].shape), m = sizeOf(x.shape);
  if (n > 0 && x.dtype.kind !== "c" && ArrayBuffer.isView(out)) {
    const o = out as Float32Array, v = a as Float32Array;
    // Fast paths: a scalar (reduce_sum's gradient: ones of x's shape) is a fill; a trailing block
    // repeats by doubling copies; a leading block ([n, 1] to [n, m]) fills a run per element.
    if (m === 1) { o.fill(v[0]); return [out]; }
    if (isSuffix(x.shape, outs[0].shape)) {
      o.set(v.subarray(0, m));
      for (let have = m; have < n; have *= 2) o.copyWithin(have, 0, Math.min(have, n - have));
      return [out];
    }
    if (isPrefix(x.shape, outs[0].shape)) {
      const run = n / m;
      for (let j = 0; j < m; j++) o.fill(v[j], j * run, (j + 1) * run);
      return [out];
    }
  }
  const idx = broadcastIndex(x.shape, outs[0].shape);
  if (x.dtype.kind === "c") for (let i = 0; i < idx.length; i++) { out[2 * i] = a[2 * idx[i]]; out[2 * i + 1] = a[2 * idx[i] + 1]; }
  else for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return [out];
});
registerKernel("cpu", "Shape", ([x], { out_type }) => {
  const o = allocArray(out_type, x.rank) as Int32Array;
  for (let i = 0; i < x.rank; i++) o[i] = x.shape[i];
  return [o];
});
registerKernel("cpu", "Size", ([x], { out_type }) => {
  const o = allocArray(out_type, 1) as Int32Array;
  o[0] = sizeOf(x.shape);
  return [o];
});
registerKernel("cpu", "Rank", ([x]) => [Int32Array.of(x.rank)]);

function transposeKernel(conj: boolean): Kernel {
  return ([x], { perm }: { perm: number[] }, outs) => {
    const out = alloc(outs[0].dtype, outs[0].shape);
    const st = stridesOf(x.shape);
    const w = width(x);
    copyStrided(vals(x), 0, perm.map((p) => st[p]), out, 0, stridesOf(outs[0].shape), outs[0].shape, w);
    if (conj && w === 2) for (let i = 1; i < out.length; i += 2) out[i] = -out[i];
    return [out];
  };
}
registerKernel("cpu", "Transpose", transposeKernel(false));
registerKernel("cpu", "ConjugateTranspose", transposeKernel(true));

// ---------------------------------------------------------------- concat / pack and their inverses
/** Joins `parts` along `ax`: each part is [outer, part_inner] in row-major blocks. */
function joinBlocks(parts: Tensor[], inners: number[], outer: number, out: Arr, w: number): void {
  const row = inners.reduce((a, b) => a + b, 0) * w;
  let off = 0;
  parts.forEach((p, i) => {
    const a = vals(p), len = inners[i] * w;
    if (len > 0) for (let o = 0; o < outer; o++) block(a, o * len, out, o * row + off, len);
    off += len;
  });
}
function splitBlocks(src: Arr, inners: number[], outer: number, outs: Arr[], w: number): void {
  const row = inners.reduce((a, b) => a + b, 0) * w;
  let off = 0;
  outs.forEach((dst, i) => {
    const len = inners[i] * w;
    if (len > 0) for (let o = 0; o < outer; o++) block(src, o * row + off, dst, o * len, len);
    off += len;
  });
}
registerKernel("cpu", "ConcatV2", (xs, { axis }, outs) => {
  const s = outs[0].shape, ax = axis < 0 ? axis + s.length : axis;
  const out = alloc(outs[0].dtype, s);
  joinBlocks(xs, xs.map((x) => prod(x.shape, ax)), prod(s, 0, ax), out, width(xs[0]));
  return [out];
});
registerKernel("cpu", "Pack", (xs, { axis }, outs) => {
  const s = outs[0].shape, ax = axis < 0 ? axis + s.length : axis;
  const out = alloc(outs[0].dtype, s);
  joinBlocks(xs, xs.map((x) => prod(x.shape, ax)), prod(s, 0, ax), out, width(xs[0]));
  return [out];
});
registerKernel("cpu", "Unpack", ([x], { axis }, outs) => {
  const ax = axis < 0 ? axis + x.rank : axis;
  const res = outs.map((o) => alloc(o.dtype, o.shape));
  splitBlocks(vals(x), outs.map(() => prod(x.shape, ax + 1)), prod(x.shape, 0, ax), res, width(x));
  return res;
});
const splitKernel: Kernel = ([x], { axis }, outs) => {
  const ax = axis < 0 ? axis + x.rank : axis;
  const res = outs.map((o) => alloc(o.dtype, o.shape));
  splitBlocks(vals(x), outs.map((o) => prod(o.shape, ax)), prod(x.shape, 0, ax), res, width(x));
  return res;
};
registerKernel("cpu", "Split", splitKernel);
registerKernel("cpu", "SplitV", splitKernel);

registerKernel("cpu", "Tile", ([x], { multiples }: { multiples: number[] }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  // The output viewed as [m0, d0, m1, d1, ...] is contiguous; the input repeats with stride 0 over each m.
  const st = stridesOf(x.shape);
  const shape = multiples.flatMap((m, i) => [m, x.shape[i]]);
  copyStrided(vals(x), 0, st.flatMap((s) => [0, s]), out, 0, stridesOf(shape), shape, width(x));
  return [out];
});

// ---------------------------------------------------------------- pad
function padsOf(inputs: Tensor[], attrs: { paddings?: number[][] }): number[][] {
  if (inputs[1]) {
    const v = ints(inputs[1]);
    return Array.from({ length: inputs[0].rank }, (_, i) => [v[2 * i], v[2 * i + 1]]);
  }
  return attrs.paddings!;
}
const padKernel: Kernel = (inputs, attrs, outs) => {
  const x = inputs[0];
  const pads = padsOf(inputs, attrs);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const w = width(x);
  const cv = attrs.constant_values;
  if (cv) { if (w === 2) for (let i = 0; i < out.length; i += 2) out[i] = cv; else out.fill(cv); }
  const ost = stridesOf(outs[0].shape);
  let off = 0;
  pads.forEach(([b], i) => { off += b * ost[i]; });
  copyStrided(vals(x), 0, stridesOf(x.shape), out, off, ost, x.shape, w);
  return [out];
};
registerKernel("cpu", "Pad", padKernel);
registerKernel("cpu", "PadV2", padKernel);

/** For each output coordinate along a padded dim, the input index it mirrors. */
function mirrorMap(d: number, before: number, after: number, mode: string): Int32Array {
  const m = new Int32Array(before + d + after);
  const sym = mode === "SYMMETRIC" ? 1 : 0;
  for (let p = 0; p < m.length; p++) {
    const q = p - before;
    m[p] = q < 0 ? -q - sym : q >= d ? 2 * d - 2 + sym - q : q;
  }
  return m;
}
/** Walks every element of the padded shape with its mirrored input index. */
function mirrorWalk(inShape: number[], pads: number[][], mode: string, f: (outIdx: number, inIdx: number) => void): void {
  const r = inShape.length;
  const maps = inShape.map((d, i) => mirrorMap(d, pads[i][0], pads[i][1], mode));
  const ist = stridesOf(inShape);
  const outShape = maps.map((m) => m.length);
  const n = sizeOf(outShape);
  if (r === 0) { if (n) f(0, 0); return; }
  if (n === 0) return;
  const cnt = new Array<number>(r).fill(0);
  let base = 0;
  for (let i = 0; i < r - 1; i++) base += maps[i][0] * ist[i];
  const last = maps[r - 1], lastSt = ist[r - 1], inner = last.length;
  for (let o = 0; o < n; o += inner) {
    for (let k = 0; k < inner; k++) f(o + k, base + last[k] * lastSt);
    for (let ax = r - 2; ax >= 0; ax--) {
      base -= maps[ax][cnt[ax]] * ist[ax];
      cnt[ax]++;
      if (cnt[ax] < outShape[ax]) { base += maps[ax][cnt[ax]] * ist[ax]; break; }
      cnt[ax] = 0; base += maps[ax][0] * ist[ax];
    }
  }
}
registerKernel("cpu", "MirrorPad", ([x], { paddings, mode }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const a = vals(x);
  if (width(x) === 2) mirrorWalk(x.shape, paddings, mode, (o, i) => { out[2 * o] = a[2 * i]; out[2 * o + 1] = a[2 * i + 1]; });
  else mirrorWalk(x.shape, paddings, mode, (o, i) => { out[o] = a[i]; });
  return [out];
});
registerKernel("cpu", "MirrorPadGrad", ([dy], { paddings, mode }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const a = vals(dy);
  if (width(dy) === 2) mirrorWalk(outs[0].shape, paddings, mode, (o, i) => { out[2 * i] += a[2 * o]; out[2 * i + 1] += a[2 * o + 1]; });
  else mirrorWalk(outs[0].shape, paddings, mode, (o, i) => { out[i] += a[o]; });
  return [out];
});

// ---------------------------------------------------------------- slicing
/** Offset and strides of a strided-slice view of a tensor of `shape`. */
function sliceView(shape: number[], start: number[], step: number[]): [number, number[]] {
  const st = stridesOf(shape);
  let off = 0;
  for (let i = 0; i < shape.length; i++) off += start[i] * st[i];
  return [off, st.map((s, i) => s * step[i])];
}
registerKernel("cpu", "StridedSlice", ([x], attrs: StridedSliceAttrs, outs) => {
  const res = resolveStridedSlice("StridedSlice", x.shape, attrs);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const count = res.count as number[];
  const [off, st] = sliceView(x.shape, res.start, res.step);
  copyStrided(vals(x), off, st, out, 0, stridesOf(count), count, width(x));
  return [out];
});
registerKernel("cpu", "StridedSliceGrad", ([s, dy], attrs: StridedSliceAttrs, outs) => {
  const shape = ints(s);
  const res = resolveStridedSlice("StridedSliceGrad", shape, attrs);
  const out = alloc(outs[0].dtype, shape);
  const count = res.count as number[];
  const [off, st] = sliceView(shape, res.start, res.step);
  copyStrided(vals(dy), 0, stridesOf(count), out, off, st, count, width(dy));
  return [out];
});
registerKernel("cpu", "Slice", (inputs, attrs, outs) => {
  const [x, b, s] = inputs;
  const begin = b ? ints(b) : attrs.begin;
  const size = resolveSlice("Slice", x.shape, begin, b ? ints(s) : attrs.size) as number[];
  const out = alloc(outs[0].dtype, outs[0].shape);
  const [off, st] = sliceView(x.shape, begin, new Array(x.rank).fill(1));
  copyStrided(vals(x), off, st, out, 0, stridesOf(size), size, width(x));
  return [out];
});
registerKernel("cpu", "ReverseV2", ([x], { axis }: { axis: number[] }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const st = stridesOf(x.shape);
  let off = 0;
  const rs = st.slice();
  for (const a0 of axis) {
    const a = a0 < 0 ? a0 + x.rank : a0;
    if (x.shape[a] > 0) off += (x.shape[a] - 1) * st[a];
    rs[a] = -st[a];
  }
  copyStrided(vals(x), off, rs, out, 0, st, x.shape, width(x));
  return [out];
});

// ---------------------------------------------------------------- gather / scatter
/** TF's position text for flat element `i` of an index tensor of `shape`: `[1,0]`. */
function posOf(i: number, shape: readonly number[]): string {
  const c: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) { c.unshift(shape[d] ? i % shape[d] : 0); i = shape[d] ? Math.floor(i / shape[d]) : 0; }
  return c.join(",");
}
registerKernel("cpu", "GatherV2", ([p, ix], { axis, batch_dims: bd }, outs) => {
  const ax = axis < 0 ? axis + p.rank : axis;
  const ps = p.shape;
  const B = prod(ps, 0, bd), O = prod(ps, bd, ax), N = ps[ax], I = prod(ps, ax + 1);
  const J = prod(ix.shape, bd);
  const idx = vals(ix) as ArrayLike<number>;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!(v >= 0 && v < N)) {
      throw new InvalidArgumentError(msg(
        `GatherV2: indices[${posOf(i, ix.shape)}] = ${v} is not in [0, ${N}) (params shape ${formatShapeTF(ps)}, axis ${ax}). Indices must be valid positions along the gathered axis.`,
        `GatherV2: indices[${posOf(i, ix.shape)}] = ${v}이(가) [0, ${N}) 범위 밖입니다 (params 형태 ${formatShapeTF(ps)}, 축 ${ax}).`,
      ));
    }
  }
  const out = alloc(outs[0].dtype, outs[0].shape);
  const a = vals(p);
  const w = width(p), Iw = I * w;
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let oo = 0; oo < O; oo++) {
      const base = (b * O + oo) * N;
      for (let j = 0; j < J; j++) {
        block(a, (base + idx[b * J + j]) * Iw, out, o, Iw);
        o += Iw;
      }
    }
  }
  return [out];
});

/** Flat row offsets (in units of `inner` elements) addressed by each index tuple; checks bounds. */
function ndOffsets(op: string, ix: Tensor, shape: readonly number[], bd: number, what: string): Float64Array {
  const k = ix.shape[ix.rank - 1];
  const idx = vals(ix) as ArrayLike<number>;
  const n = k === 0 ? sizeOf(ix.shape.slice(0, -1)) : idx.length / k;
  const B = prod(shape as number[], 0, bd);
  const perB = B === 0 ? 0 : n / B;
  const sub = shape.slice(bd, bd + k);
  const subSt = stridesOf(sub as number[]);
  const subSize = prod(sub as number[]);
  const offs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < k; d++) {
      const v = idx[i * k + d];
      if (!(v >= 0 && v < sub[d])) {
        const tuple = Array.from({ length: k }, (_, e) => idx[i * k + e]).join(", ");
        throw new InvalidArgumentError(msg(
          `${op}: indices[${posOf(i, ix.shape.slice(0, -1))}] = [${tuple}] does not index into ${what} ${formatShapeTF(shape)}.`,
          `${op}: indices[${posOf(i, ix.shape.slice(0, -1))}] = [${tuple}]은(는) ${what} ${formatShapeTF(shape)}의 범위를 벗어납니다.`,
        ));
      }
      off += v * subSt[d];
    }
    offs[i] = (perB ? Math.floor(i / perB) : 0) * subSize + off;
  }
  return offs;
}
registerKernel("cpu", "GatherNd", ([p, ix], { batch_dims }, outs) => {
  const k = ix.shape[ix.rank - 1];
  const offs = ndOffsets("GatherNd", ix, p.shape, batch_dims, "param shape");
  const w = width(p), inner = prod(p.shape, batch_dims + k) * w;
  const out = alloc(outs[0].dtype, outs[0].shape);
  const a = vals(p);
  for (let i = 0; i < offs.length; i++) block(a, offs[i] * inner, out, i * inner, inner);
  return [out];
});
registerKernel("cpu", "ScatterNd", ([ix, upd], _a, outs) => {
  const shape = outs[0].shape;
  const k = ix.shape[ix.rank - 1];
  const offs = ndOffsets("ScatterNd", ix, shape, 0, "shape");
  const w = width(upd), inner = prod(shape, k) * w;
  const out = alloc(outs[0].dtype, shape);
  const u = vals(upd);
  const isBool = upd.dtype.kind === "b";
  for (let i = 0; i < offs.length; i++) {
    const o = offs[i] * inner, s = i * inner;
    if (isBool) for (let e = 0; e < inner; e++) out[o + e] = out[o + e] || u[s + e] ? 1 : 0;
    else for (let e = 0; e < inner; e++) out[o + e] += u[s + e];
  }
  return [out];
});

registerKernel("cpu", "Where", ([c], _a, outs) => {
  const v = vals(c) as ArrayLike<number>;
  const r = c.rank;
  const out = alloc(outs[0].dtype, outs[0].shape) as Float64Array;
  const st = stridesOf(c.shape);
  const cplx = c.dtype.kind === "c";
  const n = sizeOf(c.shape);
  let row = 0;
  for (let i = 0; i < n; i++) {
    if (cplx ? v[2 * i] !== 0 || v[2 * i + 1] !== 0 : v[i]) {
      let rem = i;
      for (let d = 0; d < r; d++) { out[row * r + d] = Math.floor(rem / st[d]); rem %= st[d]; }
      row++;
    }
  }
  return [out];
});
