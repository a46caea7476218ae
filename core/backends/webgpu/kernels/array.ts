/**
 * webgpu kernels: shape and indexing ops. Views (Reshape, ExpandDims, Squeeze, Identity,
 * StopGradient) share the buffer. Copies go through one strided-copy program per rank: every
 * element of a view shape is read at `sOff + Σ c·sStr` and written at `dOff + Σ c·dStr` (strides
 * may be 0 for broadcasts and negative for reverses), which serves Transpose, Slice, StridedSlice,
 * Tile, ReverseV2, BroadcastTo, Pad, Concat/Pack and Split/Unpack. Storage words are copied as
 * u32, so one program serves every device dtype.
 */
import type { OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { sizeOf, stridesOf } from "../../../tensor/shape";
import { resolveStridedSlice, resolveSlice } from "../../../ops/array";
import { Uniforms, WebGPUBackend, GHandle } from "../backend";
import { header, main1d, mainStrided, PER_THREAD } from "../wgsl";
import { gpu, h, gt, prod } from "./util";
import { fill } from "./elementwise";

/** Reads a small int tensor (shapes, begins, paddings) back to the host. */
export function ints(be: WebGPUBackend, t: Tensor): number[] {
  return Array.from(be.readManySync([{ h: h(t), dtype: t.dtype }])[0] as ArrayLike<number>);
}

for (const op of ["Reshape", "ExpandDims", "Squeeze", "Identity", "StopGradient"]) gpu(op, ([x], _a, outs, be) => [be.view(h(x))]);
gpu("IdentityN", (inputs, attrs, _o, be) => {
  const n = attrs?.n ?? inputs.length;
  return inputs.slice(0, n).map((t) => be.view(h(t)));
});

/** Drops size-1 dims and merges neighbours that are contiguous in both source and destination. */
function mergeCopy(shape: readonly number[], sStr: readonly number[], dStr: readonly number[]): [number[], number[], number[]] {
  const n: number[] = [], s: number[] = [], d: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const k = n.length;
    if (k && s[k - 1] === sStr[i] * shape[i] && d[k - 1] === dStr[i] * shape[i]) {
      n[k - 1] *= shape[i]; s[k - 1] = sStr[i]; d[k - 1] = dStr[i];
    } else { n.push(shape[i]); s.push(sStr[i]); d.push(dStr[i]); }
  }
  return [n, s, d];
}

/**
 * Copies the `shape`-sized view of `src` (offset/strides, in elements) onto the view of `dst`.
 * Returns false when the rank is too large for the uniform block (the caller falls back).
 */
export function copyStrided(be: WebGPUBackend, src: GHandle, sOff: number, sStr: readonly number[], dst: GHandle, dOff: number, dStr: readonly number[], shape: readonly number[]): boolean {
  const n = prod(shape);
  if (n === 0) return true;
  const [dims, ss, ds] = mergeCopy(shape, sStr, dStr);
  const r = dims.length;
  if (8 + 3 * r > 64) return false;
  const p = be.program(`copy:${r}`, 1, 1, () => header(["u32" as never], ["u32" as never]) + "\n" + mainStrided(`
  var rem = i;
  var s = ui(1);
  var d = ui(2);
  for (var k = ${r - 1}; k >= 0; k--) {
    let n = ui(8 + k);
    let q_ = divq(rem, n);
    let c = rem - q_ * n;
    rem = q_;
    s += c * ui(${8 + r} + k);
    d += c * ui(${8 + 2 * r} + k);
  }
  y0[d] = x0[s];`));
  const u = new Uniforms().int(n, sOff, dOff);
  u.n = 8;
  u.int(...dims, ...ss, ...ds);
  be.run(p, [src], [dst], u, be.grid1d(Math.ceil(n / PER_THREAD), 64));
  return true;
}

/** A fresh output holding the view (offset/strides) of `x`. */
function gatherView(be: WebGPUBackend, x: Tensor, off: number, st: readonly number[], out: OutSpec): GHandle[] | null {
  const y = be.out(out);
  if (!copyStrided(be, h(x), off, st, y, 0, stridesOf(out.shape), out.shape)) { be.dispose(y); return null; }
  return [y];
}

gpu("Transpose", ([x], { perm }: { perm: number[] }, outs, be) => {
  const st = stridesOf(x.shape);
  return gatherView(be, x, 0, perm.map((p) => st[p]), outs[0]);
});

gpu("BroadcastTo", ([x], _a, outs, be) => {
  const os = outs[0].shape, r = os.length;
  const full = [...new Array(r - x.rank).fill(1), ...x.shape];
  const st = stridesOf(full).map((s, i) => (full[i] === 1 ? 0 : s));
  return gatherView(be, x, 0, st, outs[0]);
});

gpu("Tile", ([x], { multiples }: { multiples: number[] }, outs, be) => {
  // Output viewed as [m0, d0, m1, d1, ...]; the input repeats with stride 0 over each m.
  const st = stridesOf(x.shape);
  const shape = multiples.flatMap((m, i) => [m, x.shape[i]]);
  const y = be.out(outs[0]);
  if (!copyStrided(be, h(x), 0, st.flatMap((s) => [0, s]), y, 0, stridesOf(shape), shape)) { be.dispose(y); return null; }
  return [y];
});

gpu("ReverseV2", ([x], { axis }: { axis: number[] }, outs, be) => {
  const st = stridesOf(x.shape);
  let off = 0;
  const rs = st.slice();
  for (const a0 of axis) {
    const a = a0 < 0 ? a0 + x.rank : a0;
    if (x.shape[a] > 0) off += (x.shape[a] - 1) * st[a];
    rs[a] = -st[a];
  }
  return gatherView(be, x, off, rs, outs[0]);
});

function sliceView(shape: number[], start: number[], step: number[]): [number, number[]] {
  const st = stridesOf(shape);
  let off = 0;
  for (let i = 0; i < shape.length; i++) off += start[i] * st[i];
  return [off, st.map((s, i) => s * step[i])];
}
gpu("StridedSlice", ([x], attrs, outs, be) => {
  const res = resolveStridedSlice("StridedSlice", x.shape, attrs);
  const count = res.count as number[];
  const [off, st] = sliceView(x.shape, res.start, res.step);
  const y = be.out(outs[0]);
  if (!copyStrided(be, h(x), off, st, y, 0, stridesOf(count), count)) { be.dispose(y); return null; }
  return [y];
});
gpu("StridedSliceGrad", ([s, dy], attrs, outs, be) => {
  const shape = (attrs.x_shape && attrs.x_shape.every((d: number | null) => d !== null) ? attrs.x_shape : ints(be, s)) as number[];
  const res = resolveStridedSlice("StridedSliceGrad", shape, attrs);
  const count = res.count as number[];
  const [off, st] = sliceView(shape, res.start, res.step);
  const y = fill(be, outs[0], 0);
  if (!copyStrided(be, h(dy), 0, stridesOf(count), y, off, st, count)) { be.dispose(y); return null; }
  return [y];
});
gpu("Slice", (inputs, attrs, outs, be) => {
  const [x, b, s] = inputs;
  const begin = b ? ints(be, b) : attrs.begin;
  const size = resolveSlice("Slice", x.shape, begin, b ? ints(be, s) : attrs.size) as number[];
  const [off, st] = sliceView(x.shape, begin, new Array(x.rank).fill(1));
  const y = be.out(outs[0]);
  if (!copyStrided(be, h(x), off, st, y, 0, stridesOf(size), size)) { be.dispose(y); return null; }
  return [y];
});

// ------------------------------------------------------------------------------ concat / split
/** Writes each part into its block of the output: parts are [outer, inner_i] blocks of rows [outer, Σ inner]. */
function join(be: WebGPUBackend, parts: Tensor[], axis: number, out: OutSpec, stack: boolean): GHandle[] | null {
  const s = out.shape, ax = axis < 0 ? axis + s.length : axis;
  const outer = prod(s, 0, ax);
  const inners = parts.map((p) => prod(p.shape, stack ? ax : ax));
  const row = inners.reduce((a, b) => a + b, 0);
  const y = be.out(out);
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    if (inners[i] > 0 && outer > 0) copyStrided(be, h(parts[i]), 0, [inners[i], 1], y, off, [row, 1], [outer, inners[i]]);
    off += inners[i];
  }
  return [y];
}
gpu("ConcatV2", (xs, { axis }, outs, be) => join(be, xs, axis, outs[0], false));
gpu("Pack", (xs, { axis }, outs, be) => join(be, xs, axis, outs[0], true));

function splitInto(be: WebGPUBackend, x: Tensor, ax: number, inners: number[], outs: OutSpec[]): GHandle[] {
  const outer = prod(x.shape, 0, ax);
  const row = inners.reduce((a, b) => a + b, 0);
  let off = 0;
  return outs.map((o, i) => {
    const y = be.out(o);
    if (inners[i] > 0 && outer > 0) copyStrided(be, h(x), off, [row, 1], y, 0, [inners[i], 1], [outer, inners[i]]);
    off += inners[i];
    return y;
  });
}
gpu("Unpack", ([x], { axis }, outs, be) => {
  const ax = axis < 0 ? axis + x.rank : axis;
  return splitInto(be, x, ax, outs.map(() => prod(x.shape, ax + 1)), outs);
});
const split = (inputs: Tensor[], { axis }: any, outs: OutSpec[], be: WebGPUBackend) => {
  const x = inputs[0];
  const ax = axis < 0 ? axis + x.rank : axis;
  return splitInto(be, x, ax, outs.map((o) => prod(o.shape, ax)), outs);
};
gpu("Split", split);
gpu("SplitV", split);

// ------------------------------------------------------------------------------ pad
gpu("Pad", padKernel);
gpu("PadV2", padKernel);
function padKernel(inputs: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend): GHandle[] | null {
  const x = inputs[0];
  let pads: number[][] = attrs.paddings;
  if (inputs[1]) {
    const v = ints(be, inputs[1]);
    pads = Array.from({ length: x.rank }, (_, i) => [v[2 * i], v[2 * i + 1]]);
  }
  let cv = attrs.constant_values ?? 0;
  if (inputs[2]) cv = Number(be.readManySync([{ h: h(inputs[2]), dtype: inputs[2].dtype }])[0][0]);
  const y = fill(be, outs[0], cv);
  const ost = stridesOf(outs[0].shape);
  let off = 0;
  pads.forEach(([b], i) => { off += b * ost[i]; });
  if (!copyStrided(be, h(x), 0, stridesOf(x.shape), y, off, ost, x.shape)) { be.dispose(y); return null; }
  return [y];
}

gpu("MirrorPad", ([x], { paddings, mode }, outs, be) => {
  const r = x.rank;
  if (r > 8) return null;
  const n = sizeOf(outs[0].shape);
  const y = be.out(outs[0]);
  // words: 8.. out dims, 16.. in dims, 24.. before, 32.. in strides
  const p = be.program(`mirrorpad:${r}`, 1, 1, () => header(["u32" as never], ["u32" as never]) + "\n" + main1d(`
  var rem = i;
  var s = 0;
  for (var k = ${r - 1}; k >= 0; k--) {
    let n = ui(8 + k);
    let q_ = divq(rem, n);
    let c = rem - q_ * n;
    rem = q_;
    let d = ui(16 + k);
    let q = c - ui(24 + k);
    var m = q;
    if (q < 0) { m = -q - ui(1); } else if (q >= d) { m = 2 * d - 2 + ui(1) - q; }
    s += m * ui(32 + k);
  }
  y0[i] = x0[s];`));
  const u = new Uniforms().int(n, mode === "SYMMETRIC" ? 1 : 0);
  u.n = 8; u.int(...outs[0].shape); u.n = 16; u.int(...x.shape); u.n = 24; u.int(...paddings.map((q: number[]) => q[0]));
  u.n = 32; u.int(...stridesOf(x.shape));
  be.run(p, [h(x)], [y], u, be.grid1d(n, 64));
  return [y];
});

gpu("MirrorPadGrad", ([dy], { paddings, mode }, outs, be) => {
  const r = dy.rank;
  if (r > 6 || gt(dy) !== "f32" && gt(dy) !== "i32") return null;
  const t = gt(dy);
  const xs = outs[0].shape;
  const n = sizeOf(xs);
  const y = be.out(outs[0]);
  // For each input element: up to three padded positions per dim map onto it (itself, its mirror
  // in the leading pad, its mirror in the trailing pad); sum dy over every combination.
  const p = be.program(`mirrorpadgrad:${r}:${t}`, 1, 1, () => header([t], [t]) + "\n" + main1d(`
  var coord: array<i32, ${r}>;
  var rem = i;
  for (var k = ${r - 1}; k >= 0; k--) { let n = ui(8 + k); let q_ = divq(rem, n); coord[k] = rem - q_ * n; rem = q_; }
  var acc: ${t} = ${t}(0);
  let combos = ${3 ** r};
  for (var cb = 0; cb < combos; cb++) {
    var code = cb;
    var off = 0;
    var ok = true;
    for (var k = ${r - 1}; k >= 0; k--) {
      let which = code % 3;
      code = code / 3;
      let c = coord[k];
      let d = ui(8 + k);
      let before = ui(16 + k);
      let after = ui(24 + k);
      var q = c;
      if (which == 1) { q = -c - ui(1); if (q >= 0 || q < -before || (ui(1) == 0 && c == 0)) { ok = false; } }
      else if (which == 2) { q = 2 * d - 2 + ui(1) - c; if (q < d || q >= d + after || (ui(1) == 0 && c == d - 1)) { ok = false; } }
      off += (q + before) * ui(32 + k);
    }
    if (ok) { acc += x0[off]; }
  }
  y0[i] = acc;`));
  const u = new Uniforms().int(n, mode === "SYMMETRIC" ? 1 : 0);
  u.n = 8; u.int(...xs); u.n = 16; u.int(...paddings.map((q: number[]) => q[0])); u.n = 24; u.int(...paddings.map((q: number[]) => q[1]));
  u.n = 32; u.int(...stridesOf(dy.shape));
  be.run(p, [h(dy)], [y], u, be.grid1d(n, 64));
  return [y];
});

// ------------------------------------------------------------------------------ gather / scatter
/**
 * GatherV2 as [B, O, J, I] -> params[b, o, idx[b, j], i]. Indices out of range give 0 (TF's GPU
 * behaviour; the cpu kernel raises): device kernels cannot raise without a round trip.
 */
gpu("GatherV2", ([p, ix], { axis, batch_dims: bd }, outs, be) => {
  if (gt(ix) !== "i32") return null;
  const ax = axis < 0 ? axis + p.rank : axis;
  const ps = p.shape;
  const B = prod(ps, 0, bd), O = prod(ps, bd, ax), N = ps[ax], I = prod(ps, ax + 1);
  const J = prod(ix.shape, bd);
  const n = sizeOf(outs[0].shape);
  const y = be.out(outs[0]);
  const prog = be.program("gather", 2, 1, () => header(["u32" as never, "i32"], ["u32" as never]) + "\n" + main1d(`
  let I = ui(4); let J = ui(3); let O = ui(2); let N = ui(1);
  let r1 = divq(i, I);
  let ii = i - r1 * I;
  let r2 = divq(r1, J);
  let j = r1 - r2 * J;
  let b = divq(r2, O);
  let o = r2 - b * O;
  let k = x1[b * J + j];
  if (k < 0 || k >= N) { y0[i] = 0u; return; }
  y0[i] = x0[((b * O + o) * N + k) * I + ii];`));
  be.run(prog, [h(p), h(ix)], [y], new Uniforms().int(n, N, O, J, I, B), be.grid1d(n, 64));
  return [y];
});

gpu("GatherNd", ([p, ix], { batch_dims }, outs, be) => {
  const k = ix.shape[ix.rank - 1];
  if (batch_dims || gt(ix) !== "i32" || k > 8 || k === 0) return null;
  const inner = prod(p.shape, k);
  const sub = p.shape.slice(0, k), subSt = stridesOf(sub);
  const n = sizeOf(outs[0].shape);
  const y = be.out(outs[0]);
  const prog = be.program(`gathernd:${k}`, 2, 1, () => header(["u32" as never, "i32"], ["u32" as never]) + "\n" + main1d(`
  let inner = ui(1);
  let row = divq(i, inner);
  let e = i - row * inner;
  var off = 0;
  for (var d = 0; d < ${k}; d++) {
    let v = x1[row * ${k} + d];
    if (v < 0 || v >= ui(8 + d)) { y0[i] = 0u; return; }
    off += v * ui(16 + d);
  }
  y0[i] = x0[off * inner + e];`));
  const u = new Uniforms().int(n, inner);
  u.n = 8; u.int(...sub); u.n = 16; u.int(...subSt);
  be.run(prog, [h(p), h(ix)], [y], u, be.grid1d(n, 64));
  return [y];
});

/** ScatterNd: zero-filled output, each (update row, element) adds atomically (f32 by compare-exchange). */
gpu("ScatterNd", ([ix, upd], _a, outs, be) => {
  const shape = outs[0].shape;
  const k = ix.shape[ix.rank - 1];
  if (gt(ix) !== "i32" || k > 8) return null;
  const t = gt(upd), isBool = upd.dtype.name === "bool";
  const inner = prod(shape, k);
  const rows = k === 0 ? prod(ix.shape.slice(0, -1)) : sizeOf(ix.shape) / k;
  const sub = shape.slice(0, k), subSt = stridesOf(sub);
  const n = rows * inner;
  const y = fill(be, outs[0], 0);
  const kind = isBool ? "or" : t;
  const add = kind === "or" ? "atomicOr(&y0[at], u32(v != 0));"
    : kind === "i32" ? "atomicAdd(&y0[at], u32(v));"
    : `var old = atomicLoad(&y0[at]);
  loop {
    let r = atomicCompareExchangeWeak(&y0[at], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`;
  const prog = be.program(`scatternd:${k}:${kind}`, 2, 1, () => {
    const hdr = header(["i32", t], ["u32" as never]).replace("var<storage, read_write> y0: array<u32>", "var<storage, read_write> y0: array<atomic<u32>>");
    return hdr + "\n" + main1d(`
  let inner = ui(1);
  let row = divq(i, inner);
  let e = i - row * inner;
  var off = 0;
  for (var d = 0; d < ${k}; d++) {
    let q = x0[row * ${k} + d];
    if (q < 0 || q >= ui(8 + d)) { return; }
    off += q * ui(16 + d);
  }
  let at = off * inner + e;
  let v = x1[i];
  ${add}`);
  });
  const u = new Uniforms().int(n, inner);
  u.n = 8; u.int(...sub); u.n = 16; u.int(...subSt);
  be.run(prog, [h(ix), h(upd)], [y], u, be.grid1d(n, 64));
  return [y];
});

gpu("OneHot", ([idx], { depth, on_value, off_value, axis }, outs, be) => {
  if (gt(idx) !== "i32") return null;
  const t = gt(outs[0]);
  const r = idx.rank, ax = axis === -1 ? r : axis;
  const inner = prod(idx.shape, ax);
  const n = sizeOf(outs[0].shape);
  const y = be.out(outs[0]);
  // out[a, d, b] = idx[a * inner + b] == d ? on : off
  const prog = be.program(`onehot:${t}`, 1, 1, () => header(["i32"], [t]) + "\n" + main1d(`
  let inner = ui(1);
  let depth = ui(2);
  let r = divq(i, inner);
  let b = i - r * inner;
  let a = divq(r, depth);
  let d = r - a * depth;
  let on = ${t === "f32" ? "uf(4)" : "ui(4)"};
  let off = ${t === "f32" ? "uf(5)" : "ui(5)"};
  y0[i] = select(off, on, x0[a * inner + b] == d);`));
  const u = new Uniforms().int(n, inner, depth, 0);
  const on = outs[0].dtype.name === "bool" ? Number(!!on_value) : on_value, off = outs[0].dtype.name === "bool" ? Number(!!off_value) : off_value;
  if (t === "f32") u.float(on, off); else u.int(on, off);
  be.run(prog, [h(idx)], [y], u, be.grid1d(n, 64));
  return [y];
});

// ------------------------------------------------------------------------------ matrix structure
gpu("MatrixBandPart", ([x], { num_lower, num_upper }, outs, be) => {
  if (!Number.isInteger(num_lower) || !Number.isInteger(num_upper)) return null;
  const m = x.shape[x.rank - 2], nn = x.shape[x.rank - 1];
  const n = sizeOf(x.shape);
  const y = be.out(outs[0]);
  const prog = be.program("bandpart", 1, 1, () => header(["u32" as never], ["u32" as never]) + "\n" + main1d(`
  let nn = ui(2);
  let c = i % nn;
  let r = (i / nn) % ui(1);
  let lo = ui(3);
  let up = ui(4);
  let keep = (lo < 0 || r - c <= lo) && (up < 0 || c - r <= up);
  y0[i] = select(0u, x0[i], keep);`));
  be.run(prog, [h(x)], [y], new Uniforms().int(n, m, nn, num_lower, num_upper), be.grid1d(n, 64));
  return [y];
});

/** Diagonal k of an m×n matrix: first element offset and length. */
function diag(m: number, n: number, k: number): [number, number] {
  const L = Math.max(0, k >= 0 ? Math.min(m, n - k) : Math.min(m + k, n));
  return [k >= 0 ? k : -k * n, L];
}
gpu("MatrixDiagPartV3", ([x], { k }, outs, be) => {
  if (!Number.isInteger(k)) return null;
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = prod(x.shape, 0, x.rank - 2);
  const [off, L] = diag(m, n, k);
  const y = be.out(outs[0]);
  copyStrided(be, h(x), off, [m * n, n + 1], y, 0, [L, 1], [nb, L]);
  return [y];
});
gpu("MatrixDiagV3", ([d], { k, padding_value }, outs, be) => {
  if (!Number.isInteger(k)) return null;
  const os = outs[0].shape, m = os[os.length - 2], n = os[os.length - 1];
  const nb = prod(d.shape, 0, d.rank - 1), len = d.shape[d.rank - 1];
  const [off, L] = diag(m, n, k);
  const y = fill(be, outs[0], Number(padding_value ?? 0));
  copyStrided(be, h(d), 0, [len, 1], y, off, [m * n, n + 1], [nb, L]);
  return [y];
});
gpu("MatrixSetDiagV3", ([x, d], { k }, outs, be) => {
  if (!Number.isInteger(k)) return null;
  const m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], nb = prod(x.shape, 0, x.rank - 2);
  const [off, L] = diag(m, n, k);
  const y = be.out(outs[0]);
  copyStrided(be, h(x), 0, [1], y, 0, [1], [sizeOf(x.shape)]);
  copyStrided(be, h(d), 0, [L, 1], y, off, [m * n, n + 1], [nb, L]);
  return [y];
});

// Complex-only ops on real device tensors (complex tensors themselves stay on the host).
gpu("ConjugateTranspose", ([x], { perm }: { perm: number[] }, outs, be) => {
  const st = stridesOf(x.shape);
  return gatherView(be, x, 0, perm.map((p) => st[p]), outs[0]);
});
gpu("Conj", ([x], _a, _o, be) => [be.view(h(x))]);
gpu("Real", ([x], _a, _o, be) => [be.view(h(x))]);
gpu("Imag", (_i, _a, outs, be) => [fill(be, outs[0], 0)]);

gpu("PlaceholderWithDefault", ([x], _a, _o, be) => [be.view(h(x))]);
