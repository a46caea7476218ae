/**
 * webgpu kernels: convolution and pooling, 1-D to 3-D (run as 3-D with unit leading dims), in
 * channels-last layout (channels-first inputs are transposed on entry and the result back).
 *
 * Convolutions are implicit GEMMs on the tiled matmul (kernels/matmul.ts), the patch matrix read
 * on the fly instead of materialised:
 *   forward      y[pix, oc]  = Σ_(tap, c)  x[patchAt(pix, tap), c] · w[tap, c, oc]
 *   filter grad  dw[(tap, c), oc] = Σ_pix  x[patchAt(pix, tap), c] · dy[pix, oc]
 *   input grad   dx[ipix, c] = Σ_(tap, oc) dy[opix(ipix, tap), oc] · w[tap, c, oc]
 * (opix: the output pixel whose window puts `tap` on `ipix`, when the stride divides.)
 * Pooling and depthwise convolutions are direct: one thread per output (or, for gradients, per
 * input or filter element, gathering instead of scattering, so no atomics).
 */
import type { OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { convGeometry, ConvGeometry, ConvGeometry3, geometry3 } from "../../../ops/conv";
import { int32 } from "../../../tensor/dtypes";
import { Uniforms, WebGPUBackend, GHandle } from "../backend";
import { header, main1d } from "../wgsl";
import { gpu, h, gt } from "./util";
import { copyStrided } from "./array";
import { gemmProgram, gemmGrid, batchMatmul } from "./matmul";

type G3 = ConvGeometry3;
const to3 = geometry3;
const P3 = (a: number[]) => a[0] * a[1] * a[2];

// Uniform words from 8: the geometry (names used by the WGSL below).
const W: Record<string, string> = {
  N: "ui(8)", C: "ui(9)", D: "ui(10)", H: "ui(11)", Wd: "ui(12)", OD: "ui(13)", OH: "ui(14)", OW: "ui(15)",
  KD: "ui(16)", KH: "ui(17)", KW: "ui(18)", SD: "ui(19)", SH: "ui(20)", SW: "ui(21)", DD: "ui(22)", DH: "ui(23)", DW: "ui(24)",
  PD: "ui(25)", PH: "ui(26)", PW: "ui(27)", OC: "ui(28)",
};
function geomUniforms(g: G3, oc: number, first: number[] = []): Uniforms {
  const u = new Uniforms().int(...first);
  u.n = 8;
  u.int(g.N, g.C, ...g.inS, ...g.outS, ...g.k, ...g.s, ...g.d, ...g.p, oc);
  return u;
}

/** WGSL: decode output pixel `r` into n, oz, oy, ox. */
const DECODE_OUT = (r: string) => `
  let q0_ = ${r};
  let q1_ = divq(q0_, ${W.OW}); let ox = q0_ - q1_ * ${W.OW};
  let q2_ = divq(q1_, ${W.OH}); let oy = q1_ - q2_ * ${W.OH};
  let n = divq(q2_, ${W.OD}); let oz = q2_ - n * ${W.OD};`;
const DECODE_IN = (r: string) => `
  let p0_ = ${r};
  let p1_ = divq(p0_, ${W.Wd}); let ix = p0_ - p1_ * ${W.Wd};
  let p2_ = divq(p1_, ${W.H}); let iy = p1_ - p2_ * ${W.H};
  let n = divq(p2_, ${W.D}); let iz = p2_ - n * ${W.D};`;
const DECODE_TAP = (t: string) => `
  let t0_ = ${t};
  let t1_ = divq(t0_, ${W.KW}); let kx = t0_ - t1_ * ${W.KW};
  let kz = divq(t1_, ${W.KH}); let ky = t1_ - kz * ${W.KH};`;
/** Input pixel index of (n, oz/oy/ox, kz/ky/kx), or -1 in the padding. */
const PATCH_LIB = `
fn patchAt(n: i32, oz: i32, oy: i32, ox: i32, kz: i32, ky: i32, kx: i32) -> i32 {
  let iz = oz * ${W.SD} - ${W.PD} + kz * ${W.DD};
  let iy = oy * ${W.SH} - ${W.PH} + ky * ${W.DH};
  let ix = ox * ${W.SW} - ${W.PW} + kx * ${W.DW};
  if (iz < 0 || iz >= ${W.D} || iy < 0 || iy >= ${W.H} || ix < 0 || ix >= ${W.Wd}) { return -1; }
  return ((n * ${W.D} + iz) * ${W.H} + iy) * ${W.Wd} + ix;
}
fn outIdx(t: i32, s: i32, n: i32) -> i32 {
  if (t < 0) { return -1; }
  let o = divq(t, s);
  if (o * s != t) { return -1; }
  return select(o, -1, o >= n);
}
/** Output pixel whose window puts tap (kz, ky, kx) on input pixel (n, iz, iy, ix), or -1. */
fn opix(n: i32, iz: i32, iy: i32, ix: i32, kz: i32, ky: i32, kx: i32) -> i32 {
  let oz = outIdx(iz + ${W.PD} - kz * ${W.DD}, ${W.SD}, ${W.OD});
  let oy = outIdx(iy + ${W.PH} - ky * ${W.DH}, ${W.SH}, ${W.OH});
  let ox = outIdx(ix + ${W.PW} - kx * ${W.DW}, ${W.SW}, ${W.OW});
  if (oz < 0 || oy < 0 || ox < 0) { return -1; }
  return ((n * ${W.OD} + oz) * ${W.OH} + oy) * ${W.OW} + ox;
}`;

// ------------------------------------------------------------------------------ layout
/** [N, C, S] -> [N, S, C] (or back) into a new buffer. */
function relayout(be: WebGPUBackend, src: GHandle, N: number, C: number, S: number, spec: OutSpec, toLast: boolean): GHandle {
  const y = be.out(spec);
  if (toLast) copyStrided(be, src, 0, [C * S, 1, S], y, 0, [S * C, C, 1], [N, S, C]);
  else copyStrided(be, src, 0, [S * C, 1, C], y, 0, [C * S, S, 1], [N, C, S]);
  return y;
}
/** A channels-last handle for `t` (itself, or a transposed copy the caller frees). */
function inputNHWC(be: WebGPUBackend, t: Tensor, g: G3, C = g.C, S = P3(g.inS)): [GHandle, boolean] {
  if (g.channelsLast) return [h(t), false];
  return [relayout(be, h(t), g.N, C, S, { shape: [g.N * C * S], dtype: t.dtype }, true), true];
}
/** Wraps a channels-last result into the op's layout (frees the channels-last buffer when it copies). */
function outputFormat(be: WebGPUBackend, y: GHandle, out: OutSpec, N: number, C: number, S: number, channelsLast: boolean): GHandle {
  if (channelsLast) return y;
  const r = relayout(be, y, N, C, S, out, false);
  be.dispose(y);
  return r;
}
function freeIf(be: WebGPUBackend, hd: GHandle, owned: boolean): void { if (owned) be.dispose(hd); }
const flat = (dtype: OutSpec["dtype"], n: number): OutSpec => ({ shape: [n], dtype });

// ------------------------------------------------------------------------------ explicit patch matrices
/*
 * The "direct" GEMM (CPU-emulated adapters) has no workgroup memory to share a decoded patch
 * element between the threads that need it, so the implicit loaders would decode each element
 * ~8 times. There the patch matrix is materialised once (one thread per element) and multiplied
 * by the plain GEMM, while it fits in COL_LIMIT bytes; larger ones use the implicit path.
 */
const COL_LIMIT = 64 << 20;
function useExplicit(be: WebGPUBackend, elements: number): boolean {
  return be.gemmVariant === "direct" && elements * 4 <= COL_LIMIT;
}
/** col[r, (tap, c)] = x[patch(r, tap), c]: rows are output pixels (forward, filter gradient). */
function colFromInput(be: WebGPUBackend, X: GHandle, g: G3, dtype: OutSpec["dtype"]): GHandle {
  const rows = g.N * P3(g.outS), K = P3(g.k) * g.C, n = rows * K;
  const col = be.out(flat(dtype, n));
  const p = be.program("im2col:x", 1, 1, () => header(["f32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let K = ${W.C} * ${W.KD} * ${W.KH} * ${W.KW};
  let r = divq(i, K);
  let k = i - r * K;
  let kc = divq(k, ${W.C});
  let c = k - kc * ${W.C};
  ${DECODE_TAP("kc")}
  ${DECODE_OUT("r")}
  let at = patchAt(n, oz, oy, ox, kz, ky, kx);
  y0[i] = select(0.0, x0[max(at, 0) * ${W.C} + c], at >= 0);`));
  be.run(p, [X], [col], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
  return col;
}
/** col[ipix, (tap, oc)] = dy[opix(ipix, tap), oc]: rows are input pixels (input gradient). */
function colFromGrad(be: WebGPUBackend, DY: GHandle, g: G3, OC: number, dtype: OutSpec["dtype"]): GHandle {
  const pix = g.N * P3(g.inS), K = P3(g.k) * OC, n = pix * K;
  const col = be.out(flat(dtype, n));
  const p = be.program("im2col:dy", 1, 1, () => header(["f32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let K = ${W.OC} * ${W.KD} * ${W.KH} * ${W.KW};
  let m = divq(i, K);
  let k = i - m * K;
  let ko = divq(k, ${W.OC});
  let oc = k - ko * ${W.OC};
  ${DECODE_TAP("ko")}
  ${DECODE_IN("m")}
  let o = opix(n, iz, iy, ix, kz, ky, kx);
  y0[i] = select(0.0, x0[max(o, 0) * ${W.OC} + oc], o >= 0);`));
  be.run(p, [DY], [col], geomUniforms(g, OC, [n]), be.grid1d(n, 64));
  return col;
}

// ------------------------------------------------------------------------------ convolutions
function convForward(nd: number) {
  return ([x, w]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const g = to3(convGeometry("Conv", x.shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1];
    const rows = g.N * P3(g.outS), K = P3(g.k) * g.C;
    const [X, owned] = inputNHWC(be, x, g);
    if (useExplicit(be, rows * K)) {
      const col = colFromInput(be, X, g, x.dtype);
      const y = batchMatmul(be, { shape: [rows, K], h: col }, { shape: [K, OC], h: h(w) }, false, false, { shape: [rows, OC], dtype: outs[0].dtype }, "f32")!;
      be.dispose(col); freeIf(be, X, owned);
      return [outputFormat(be, y, outs[0], g.N, OC, P3(g.outS), g.channelsLast)];
    }
    const y = be.out(flat(outs[0].dtype, rows * OC));
    const p = gemmProgram(be, "conv", ["f32", "f32"], "f32", PATCH_LIB + `
fn loadA(r: i32, k: i32) -> f32 {
  let kq_ = divq(k, ${W.C}); let c = k - kq_ * ${W.C};
  ${DECODE_TAP("kq_")}
  ${DECODE_OUT("r")}
  let at = patchAt(n, oz, oy, ox, kz, ky, kx);
  if (at < 0) { return 0.0; }
  return x0[at * ${W.C} + c];
}
fn loadB(k: i32, c: i32) -> f32 { return x1[k * ${W.OC} + c]; }
fn store(r: i32, c: i32, v: f32) { y0[r * ${W.OC} + c] = v; }`);
    be.run(p, [X, h(w)], [y], geomUniforms(g, OC, [0, rows, OC, K]), gemmGrid(rows, OC, 1));
    freeIf(be, X, owned);
    return [outputFormat(be, y, outs[0], g.N, OC, P3(g.outS), g.channelsLast)];
  };
}

function convBackpropInput(nd: number) {
  return ([, w, dy]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(dy) !== "f32") return null;
    const xShape = outs[0].shape;
    const g = to3(convGeometry("Conv", xShape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1];
    const pix = g.N * P3(g.inS), K = P3(g.k) * OC;
    const [DY, owned] = inputNHWC(be, dy, g, OC, P3(g.outS));
    if (useExplicit(be, pix * K)) {
      const col = colFromGrad(be, DY, g, OC, dy.dtype);
      // The filter as [(tap, oc), c]: a small transposed copy of [tap, c, oc].
      const T = P3(g.k);
      const wt = be.out(flat(w.dtype, T * OC * g.C));
      copyStrided(be, h(w), 0, [g.C * OC, 1, OC], wt, 0, [OC * g.C, g.C, 1], [T, OC, g.C]);
      const y = batchMatmul(be, { shape: [pix, K], h: col }, { shape: [K, g.C], h: wt }, false, false, { shape: [pix, g.C], dtype: outs[0].dtype }, "f32")!;
      be.dispose(col); be.dispose(wt); freeIf(be, DY, owned);
      return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.inS), g.channelsLast)];
    }
    const y = be.out(flat(outs[0].dtype, pix * g.C));
    const p = gemmProgram(be, "convdx", ["f32", "f32"], "f32", PATCH_LIB + `
fn loadA(m: i32, k: i32) -> f32 {
  let kq_ = divq(k, ${W.OC}); let oc = k - kq_ * ${W.OC};
  ${DECODE_TAP("kq_")}
  ${DECODE_IN("m")}
  let o = opix(n, iz, iy, ix, kz, ky, kx);
  if (o < 0) { return 0.0; }
  return x0[o * ${W.OC} + oc];
}
fn loadB(k: i32, c: i32) -> f32 { return x1[((k / ${W.OC}) * ${W.C} + c) * ${W.OC} + k % ${W.OC}]; }
fn store(r: i32, c: i32, v: f32) { y0[r * ${W.C} + c] = v; }`);
    be.run(p, [DY, h(w)], [y], geomUniforms(g, OC, [0, pix, g.C, K]), gemmGrid(pix, g.C, 1));
    freeIf(be, DY, owned);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.inS), g.channelsLast)];
  };
}

function convBackpropFilter(nd: number) {
  return ([x, , dy]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const wShape = outs[0].shape;
    const g = to3(convGeometry("Conv", x.shape, wShape.slice(0, nd), attrs, nd));
    const OC = wShape[nd + 1];
    const rows = g.N * P3(g.outS), K = P3(g.k) * g.C;
    const [X, ownX] = inputNHWC(be, x, g);
    const [DY, ownDY] = inputNHWC(be, dy, g, OC, P3(g.outS));
    if (useExplicit(be, rows * K)) {
      const col = colFromInput(be, X, g, x.dtype);
      const y = batchMatmul(be, { shape: [rows, K], h: col }, { shape: [rows, OC], h: DY }, true, false, { shape: [K, OC], dtype: outs[0].dtype }, "f32")!;
      be.dispose(col); freeIf(be, X, ownX); freeIf(be, DY, ownDY);
      return [y];
    }
    const y = be.out(outs[0]);
    const p = gemmProgram(be, "convdw", ["f32", "f32"], "f32", PATCH_LIB + `
fn loadA(m: i32, r: i32) -> f32 {
  let mq_ = divq(m, ${W.C}); let c = m - mq_ * ${W.C};
  ${DECODE_TAP("mq_")}
  ${DECODE_OUT("r")}
  let at = patchAt(n, oz, oy, ox, kz, ky, kx);
  if (at < 0) { return 0.0; }
  return x0[at * ${W.C} + c];
}
fn loadB(r: i32, c: i32) -> f32 { return x1[r * ${W.OC} + c]; }
fn store(m: i32, c: i32, v: f32) { y0[m * ${W.OC} + c] = v; }`);
    be.run(p, [X, DY], [y], geomUniforms(g, OC, [0, K, OC, rows]), gemmGrid(K, OC, 1));
    freeIf(be, X, ownX); freeIf(be, DY, ownDY);
    return [y];
  };
}
gpu("Conv2D", convForward(2));
gpu("Conv3D", convForward(3));
gpu("Conv2DBackpropInput", convBackpropInput(2));
gpu("Conv3DBackpropInputV2", convBackpropInput(3));
gpu("Conv2DBackpropFilter", convBackpropFilter(2));
gpu("Conv3DBackpropFilterV2", convBackpropFilter(3));

// ------------------------------------------------------------------------------ depthwise (2-D)
const DW_GEOM = (x: number[], k: number[], attrs: any) => to3(convGeometry("DepthwiseConv2dNative", x, k, attrs, 2));
gpu("DepthwiseConv2dNative", ([x, w], attrs, outs, be) => {
  if (gt(x) !== "f32") return null;
  const g = DW_GEOM(x.shape, w.shape.slice(0, 2), attrs);
  const M = w.shape[3], CM = g.C * M, n = g.N * P3(g.outS) * CM;
  const [X, owned] = inputNHWC(be, x, g);
  const y = be.out(flat(outs[0].dtype, n));
  const p = be.program("dwconv", 2, 1, () => header(["f32", "f32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let M = ${W.OC};
  let ch = i % (${W.C} * M);
  let c = ch / M;
  ${DECODE_OUT(`i / (${W.C} * M)`)}
  var acc = 0.0;
  for (var t = 0; t < ${W.KD} * ${W.KH} * ${W.KW}; t++) {
    ${DECODE_TAP("t")}
    let at = patchAt(n, oz, oy, ox, kz, ky, kx);
    if (at >= 0) { acc += x0[at * ${W.C} + c] * x1[t * ${W.C} * M + ch]; }
  }
  y0[i] = acc;`));
  be.run(p, [X, h(w)], [y], geomUniforms(g, M, [n]), be.grid1d(n, 64));
  freeIf(be, X, owned);
  return [outputFormat(be, y, outs[0], g.N, CM, P3(g.outS), g.channelsLast)];
});
gpu("DepthwiseConv2dNativeBackpropInput", ([, w, dy], attrs, outs, be) => {
  if (gt(dy) !== "f32") return null;
  const g = DW_GEOM(outs[0].shape, w.shape.slice(0, 2), attrs);
  const M = w.shape[3], CM = g.C * M, n = g.N * P3(g.inS) * g.C;
  const [DY, owned] = inputNHWC(be, dy, g, CM, P3(g.outS));
  const y = be.out(flat(outs[0].dtype, n));
  const p = be.program("dwconvdx", 2, 1, () => header(["f32", "f32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let M = ${W.OC};
  let iq_ = divq(i, ${W.C}); let c = i - iq_ * ${W.C};
  ${DECODE_IN("iq_")}
  var acc = 0.0;
  for (var t = 0; t < ${W.KD} * ${W.KH} * ${W.KW}; t++) {
    ${DECODE_TAP("t")}
    let o = opix(n, iz, iy, ix, kz, ky, kx);
    if (o >= 0) {
      for (var q = 0; q < M; q++) { acc += x0[(o * ${W.C} + c) * M + q] * x1[(t * ${W.C} + c) * M + q]; }
    }
  }
  y0[i] = acc;`));
  be.run(p, [DY, h(w)], [y], geomUniforms(g, M, [n]), be.grid1d(n, 64));
  freeIf(be, DY, owned);
  return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.inS), g.channelsLast)];
});
gpu("DepthwiseConv2dNativeBackpropFilter", ([x, , dy], attrs, outs, be) => {
  if (gt(x) !== "f32") return null;
  const wShape = outs[0].shape;
  const g = DW_GEOM(x.shape, wShape.slice(0, 2), attrs);
  const M = wShape[3], CM = g.C * M, n = P3(g.k) * CM;
  const [X, ownX] = inputNHWC(be, x, g);
  const [DY, ownDY] = inputNHWC(be, dy, g, CM, P3(g.outS));
  const y = be.out(outs[0]);
  const p = be.program("dwconvdw", 2, 1, () => header(["f32", "f32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let M = ${W.OC};
  let CM = ${W.C} * M;
  let ch = i % CM;
  let c = ch / M;
  ${DECODE_TAP("i / CM")}
  var acc = 0.0;
  let rows = ${W.N} * ${W.OD} * ${W.OH} * ${W.OW};
  for (var r = 0; r < rows; r++) {
    ${DECODE_OUT("r")}
    let at = patchAt(n, oz, oy, ox, kz, ky, kx);
    if (at >= 0) { acc += x0[at * ${W.C} + c] * x1[r * CM + ch]; }
  }
  y0[i] = acc;`));
  be.run(p, [X, DY], [y], geomUniforms(g, M, [n]), be.grid1d(n, 64));
  freeIf(be, X, ownX); freeIf(be, DY, ownDY);
  return [y];
});

// ------------------------------------------------------------------------------ pooling
function poolGeometry(op: string, xShape: number[], attrs: any, nd: number): G3 {
  const cl = !String(attrs.data_format ?? "").startsWith("NC");
  const ks = cl ? attrs.ksize.slice(1, nd + 1) : attrs.ksize.slice(2, nd + 2);
  return to3(convGeometry(op, xShape, ks, attrs, nd));
}
const TAPS = `${W.KD} * ${W.KH} * ${W.KW}`;

/** Max (first maximum) or mean over each window; `arg` also records the argmax input element. */
function poolProgram(be: WebGPUBackend, kind: "max" | "avg" | "arg") {
  const out = kind === "arg" ? "i32" : "f32";
  return be.program(`pool:${kind}`, 1, 1, () => header(["f32"], [out as never], PATCH_LIB) + "\n" + main1d(`
  let iq_ = divq(i, ${W.C}); let c = i - iq_ * ${W.C};
  ${DECODE_OUT("iq_")}
  var best = 0.0;
  var arg = -1;
  var cnt = 0;
  for (var t = 0; t < ${TAPS}; t++) {
    ${DECODE_TAP("t")}
    let at = patchAt(n, oz, oy, ox, kz, ky, kx);
    if (at < 0) { continue; }
    let v = x0[at * ${W.C} + c];
    ${kind === "avg" ? "best += v; cnt++;" : "if (arg < 0 || v > best) { best = v; arg = at * " + W.C + " + c; }"}
  }
  ${kind === "avg" ? "y0[i] = select(best / f32(cnt), 0.0, cnt == 0);" : kind === "max" ? "y0[i] = select(best, -inf_(), arg < 0);" : "y0[i] = arg;"}`));
}

function maxPool(nd: number) {
  return ([x]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const n = g.N * P3(g.outS) * g.C;
    const [X, owned] = inputNHWC(be, x, g);
    const y = be.out(flat(outs[0].dtype, n));
    be.run(poolProgram(be, "max"), [X], [y], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
    freeIf(be, X, owned);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.outS), g.channelsLast)];
  };
}
function avgPool(nd: number) {
  return ([x]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const g = poolGeometry("AvgPool", x.shape, attrs, nd);
    const n = g.N * P3(g.outS) * g.C;
    const [X, owned] = inputNHWC(be, x, g);
    const y = be.out(flat(outs[0].dtype, n));
    be.run(poolProgram(be, "avg"), [X], [y], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
    freeIf(be, X, owned);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.outS), g.channelsLast)];
  };
}
/** Argmax (channels-last input element) of every output window. */
function argmaxes(be: WebGPUBackend, X: GHandle, g: G3): GHandle {
  const n = g.N * P3(g.outS) * g.C;
  const a = be.out({ shape: [n], dtype: int32 });
  be.run(poolProgram(be, "arg"), [X], [a], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
  return a;
}
function maxPoolGrad(nd: number) {
  return ([x, , dy]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const [X, ownX] = inputNHWC(be, x, g);
    const [DY, ownDY] = inputNHWC(be, dy, g, g.C, P3(g.outS));
    const arg = argmaxes(be, X, g);
    const n = g.N * P3(g.inS) * g.C;
    const y = be.out(flat(outs[0].dtype, n));
    const p = be.program("maxpoolgrad", 2, 1, () => header(["f32", "i32"], ["f32"], PATCH_LIB) + "\n" + main1d(`
  let iq_ = divq(i, ${W.C}); let c = i - iq_ * ${W.C};
  ${DECODE_IN("iq_")}
  var acc = 0.0;
  for (var t = 0; t < ${TAPS}; t++) {
    ${DECODE_TAP("t")}
    let o = opix(n, iz, iy, ix, kz, ky, kx);
    if (o >= 0 && x1[o * ${W.C} + c] == i) { acc += x0[o * ${W.C} + c]; }
  }
  y0[i] = acc;`));
    be.run(p, [DY, arg], [y], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
    be.dispose(arg); freeIf(be, X, ownX); freeIf(be, DY, ownDY);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.inS), g.channelsLast)];
  };
}
function maxPoolGradGrad(nd: number) {
  return ([x, , gg]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(x) !== "f32") return null;
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const [X, ownX] = inputNHWC(be, x, g);
    const [GG, ownG] = inputNHWC(be, gg, g);
    const arg = argmaxes(be, X, g);
    const n = g.N * P3(g.outS) * g.C;
    const y = be.out(flat(outs[0].dtype, n));
    const p = be.program("maxpoolgradgrad", 2, 1, () => header(["f32", "i32"], ["f32"]) + "\n" + main1d(`
  let a = x1[i];
  y0[i] = select(0.0, x0[max(a, 0)], a >= 0);`));
    be.run(p, [GG, arg], [y], new Uniforms().int(n), be.grid1d(n, 64));
    be.dispose(arg); freeIf(be, X, ownX); freeIf(be, GG, ownG);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.outS), g.channelsLast)];
  };
}
function avgPoolGrad(nd: number) {
  return ([, dy]: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(dy) !== "f32") return null;
    const g = poolGeometry("AvgPool", outs[0].shape, attrs, nd);
    const [DY, owned] = inputNHWC(be, dy, g, g.C, P3(g.outS));
    const n = g.N * P3(g.inS) * g.C;
    const y = be.out(flat(outs[0].dtype, n));
    const p = be.program("avgpoolgrad", 1, 1, () => header(["f32"], ["f32"], PATCH_LIB + `
fn taps1(o: i32, s: i32, p: i32, k: i32, d: i32, size: i32) -> i32 {
  var c = 0;
  for (var t = 0; t < k; t++) { let at = o * s - p + t * d; if (at >= 0 && at < size) { c++; } }
  return c;
}`) + "\n" + main1d(`
  let iq_ = divq(i, ${W.C}); let c = i - iq_ * ${W.C};
  ${DECODE_IN("iq_")}
  var acc = 0.0;
  for (var t = 0; t < ${TAPS}; t++) {
    ${DECODE_TAP("t")}
    let o = opix(n, iz, iy, ix, kz, ky, kx);
    if (o < 0) { continue; }
    let q1 = divq(o, ${W.OW}); let ox = o - q1 * ${W.OW};
    let q2 = divq(q1, ${W.OH}); let oy = q1 - q2 * ${W.OH};
    let oz = q2 - divq(q2, ${W.OD}) * ${W.OD};
    let cnt = taps1(oz, ${W.SD}, ${W.PD}, ${W.KD}, ${W.DD}, ${W.D}) * taps1(oy, ${W.SH}, ${W.PH}, ${W.KH}, ${W.DH}, ${W.H}) * taps1(ox, ${W.SW}, ${W.PW}, ${W.KW}, ${W.DW}, ${W.Wd});
    acc += x0[o * ${W.C} + c] / f32(cnt);
  }
  y0[i] = acc;`));
    be.run(p, [DY], [y], geomUniforms(g, 0, [n]), be.grid1d(n, 64));
    freeIf(be, DY, owned);
    return [outputFormat(be, y, outs[0], g.N, g.C, P3(g.inS), g.channelsLast)];
  };
}
gpu("MaxPool", maxPool(2));
gpu("MaxPool3D", maxPool(3));
gpu("AvgPool", avgPool(2));
gpu("AvgPool3D", avgPool(3));
gpu("MaxPoolGrad", maxPoolGrad(2));
gpu("MaxPool3DGrad", maxPoolGrad(3));
gpu("MaxPoolGradGrad", maxPoolGradGrad(2));
gpu("MaxPool3DGradGrad", maxPoolGradGrad(3));
gpu("AvgPoolGrad", avgPoolGrad(2));
gpu("AvgPool3DGrad", avgPoolGrad(3));
