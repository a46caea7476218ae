/**
 * cpu kernels: convolution and pooling, 1-D to 3-D (1-D and 2-D run as 3-D with unit leading
 * spatial dims). Layout inside the kernels is channels-last (NDHWC): channels-first inputs are
 * transposed on entry and the result transposed back, so one code path serves both formats.
 *
 * Convolution is im2col + GEMM: each output pixel's receptive field becomes a row of a
 * [rows, kd·kh·kw·Cin] matrix (built a chunk of rows at a time so it stays cache-sized), times the
 * filter viewed as [kd·kh·kw·Cin, Cout] — the filter's natural memory layout, so no copy. The
 * gradients reuse the same column matrix: dW = colᵀ·dy (accumulated row by row), dx = col2im(dy·Wᵀ).
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { gemm } from "./matmul";
import { convGeometry, ConvGeometry, ConvGeometry3, geometry3 } from "../../../ops/conv";

/** Elements per im2col chunk: keeps the column block in L2 while GEMM streams the filter. */
const CHUNK = 1 << 16;

type G3 = ConvGeometry3;
const to3 = geometry3;

/** [N, C, S] <-> [N, S, C] copies (S = product of spatial dims). */
function toChannelsLast(src: ArrayLike<number>, N: number, C: number, S: number, out: { [i: number]: number }): void {
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
    const so = (n * C + c) * S, dn = n * S * C + c;
    for (let i = 0; i < S; i++) out[dn + i * C] = src[so + i];
  }
}
function toChannelsFirst(src: ArrayLike<number>, N: number, C: number, S: number, out: { [i: number]: number }): void {
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
    const d = (n * C + c) * S, sn = n * S * C + c;
    for (let i = 0; i < S; i++) out[d + i] = src[sn + i * C];
  }
}
function prod(a: number[]): number { return a[0] * a[1] * a[2]; }

/** Input data in channels-last order (a view when it already is). */
function inputNHWC(t: Tensor, g: G3): any {
  const src = vals(t);
  if (g.channelsLast) return src;
  const out = alloc(t.dtype, t.shape);
  toChannelsLast(src, g.N, g.C, prod(g.inS), out);
  return out;
}
/** Wraps a channels-last result for an output of `shape` in the op's data format. */
function outputFormat(data: any, t: { dtype: any; shape: number[] }, N: number, C: number, S: number, channelsLast: boolean): any {
  if (channelsLast) return data;
  const out = alloc(t.dtype, t.shape);
  toChannelsFirst(data, N, C, S, out);
  return out;
}

/** Builds im2col rows [r0, r1) (output pixels in N,D,H,W order) into `col`. */
function im2col(x: ArrayLike<number>, g: G3, r0: number, r1: number, col: { [i: number]: number; fill(v: number): unknown }): void {
  const [D, H, W] = g.inS, [OD, OH, OW] = g.outS, [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.s, [DD, DH, DW] = g.d, [PD, PH, PW] = g.p, C = g.C;
  const K = KD * KH * KW * C;
  for (let r = r0; r < r1; r++) {
    let rem = r;
    const ox = rem % OW; rem = (rem - ox) / OW;
    const oy = rem % OH; rem = (rem - oy) / OH;
    const oz = rem % OD; const n = (rem - oz) / OD;
    let p = (r - r0) * K;
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      const zok = iz >= 0 && iz < D;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        const yok = zok && iy >= 0 && iy < H;
        const rowBase = ((n * D + iz) * H + iy) * W;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * SW - PW + kx * DW;
          if (yok && ix >= 0 && ix < W) {
            const src = (rowBase + ix) * C;
            for (let c = 0; c < C; c++) col[p + c] = x[src + c];
          } else for (let c = 0; c < C; c++) col[p + c] = 0;
          p += C;
        }
      }
    }
  }
}

/** Scatter-adds column rows [r0, r1) back into the channels-last image accumulator `dx`. */
function col2im(col: ArrayLike<number>, g: G3, r0: number, r1: number, dx: Float64Array): void {
  const [D, H, W] = g.inS, [OD, OH, OW] = g.outS, [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.s, [DD, DH, DW] = g.d, [PD, PH, PW] = g.p, C = g.C;
  const K = KD * KH * KW * C;
  for (let r = r0; r < r1; r++) {
    let rem = r;
    const ox = rem % OW; rem = (rem - ox) / OW;
    const oy = rem % OH; rem = (rem - oy) / OH;
    const oz = rem % OD; const n = (rem - oz) / OD;
    let p = (r - r0) * K;
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      const zok = iz >= 0 && iz < D;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        const yok = zok && iy >= 0 && iy < H;
        const rowBase = ((n * D + iz) * H + iy) * W;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * SW - PW + kx * DW;
          if (yok && ix >= 0 && ix < W) {
            const dst = (rowBase + ix) * C;
            for (let c = 0; c < C; c++) dx[dst + c] += col[p + c];
          }
          p += C;
        }
      }
    }
  }
}

function isPointwise(g: G3): boolean {
  return g.k.every((v) => v === 1) && g.s.every((v) => v === 1) && g.p.every((v) => v === 0);
}
function colBuffer(dtype: { name: string }, n: number): Float32Array | Float64Array {
  return dtype.name === "float64" ? new Float64Array(n) : new Float32Array(n);
}

// ---------------------------------------------------------------- Conv2D / Conv3D
function convForward(nd: number): Kernel {
  return ([x, w], attrs, outs) => {
    const g = to3(convGeometry("Conv", x.shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1];
    const X = inputNHWC(x, g), Wt = vals(w);
    const rows = g.N * prod(g.outS), K = prod(g.k) * g.C;
    const out = alloc(outs[0].dtype, [rows * OC]);
    if (rows > 0 && OC > 0) {
      if (isPointwise(g)) gemm(X, 0, Wt, 0, out, 0, rows, OC, K, false, false);
      else {
        const R = Math.max(1, Math.floor(CHUNK / Math.max(K, 1)));
        const col = colBuffer(x.dtype, Math.min(R, rows) * K);
        for (let r0 = 0; r0 < rows; r0 += R) {
          const r1 = Math.min(rows, r0 + R);
          im2col(X, g, r0, r1, col);
          gemm(col, 0, Wt, 0, out, r0 * OC, r1 - r0, OC, K, false, false);
        }
      }
    }
    return [outputFormat(out, outs[0], g.N, OC, prod(g.outS), g.channelsLast)];
  };
}

/** Gradient w.r.t. the input: dx = col2im(dy · Wᵀ). Inputs [input_sizes, filter, out_backprop]. */
function convBackpropInput(nd: number): Kernel {
  return ([, w, dy], attrs, outs) => {
    const xShape = outs[0].shape;
    const g = to3(convGeometry("Conv", xShape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1];
    const rows = g.N * prod(g.outS), K = prod(g.k) * g.C;
    const DY = inputNHWC(dy, { ...g, C: OC, inS: g.outS }), Wv = vals(w);
    const dx = new Float64Array(g.N * prod(g.inS) * g.C);
    if (rows > 0 && K > 0) {
      const R = Math.max(1, Math.floor(CHUNK / Math.max(K, 1)));
      const col = colBuffer(w.dtype, Math.min(R, rows) * K);
      for (let r0 = 0; r0 < rows; r0 += R) {
        const r1 = Math.min(rows, r0 + R);
        // [rows, OC] × Wᵀ: the filter [K, OC] read transposed (folded into GEMM's packing).
        gemm(DY, r0 * OC, Wv, 0, col, 0, r1 - r0, K, OC, false, true);
        col2im(col, g, r0, r1, dx);
      }
    }
    const res = alloc(outs[0].dtype, xShape);
    if (g.channelsLast) res.set(dx);
    else toChannelsFirst(dx, g.N, g.C, prod(g.inS), res);
    return [res];
  };
}

/** Gradient w.r.t. the filter: dW[K, OC] = Σ_chunks colᵀ · dy. Inputs [input, filter_sizes, out_backprop]. */
function convBackpropFilter(nd: number): Kernel {
  return ([x, , dy], attrs, outs) => {
    const wShape = outs[0].shape;
    const g = to3(convGeometry("Conv", x.shape, wShape.slice(0, nd), attrs, nd));
    const OC = wShape[nd + 1];
    const rows = g.N * prod(g.outS), K = prod(g.k) * g.C;
    const X = inputNHWC(x, g), DY = inputNHWC(dy, { ...g, C: OC, inS: g.outS });
    const dw = new Float64Array(K * OC);
    if (rows > 0 && K > 0 && OC > 0) {
      const pw = isPointwise(g);
      // Larger chunks here: each chunk's K×OC partial product is summed into dw.
      const R = pw ? rows : Math.max(1, Math.floor((4 * CHUNK) / K));
      const col = pw ? null : colBuffer(x.dtype, Math.min(R, rows) * K);
      const part = new Float64Array(K * OC);
      for (let r0 = 0; r0 < rows; r0 += R) {
        const r1 = Math.min(rows, r0 + R);
        if (col) im2col(X, g, r0, r1, col);
        // colᵀ [K, r] · dy [r, OC], the transpose folded into GEMM's packing.
        gemm(col ?? X, col ? 0 : r0 * K, DY, r0 * OC, part, 0, K, OC, r1 - r0, true, false);
        for (let i = 0; i < part.length; i++) dw[i] += part[i];
      }
    }
    const res = alloc(outs[0].dtype, wShape);
    res.set(dw);
    return [res];
  };
}

registerKernel("cpu", "Conv2D", convForward(2));
registerKernel("cpu", "Conv3D", convForward(3));
registerKernel("cpu", "Conv2DBackpropInput", convBackpropInput(2));
registerKernel("cpu", "Conv3DBackpropInputV2", convBackpropInput(3));
registerKernel("cpu", "Conv2DBackpropFilter", convBackpropFilter(2));
registerKernel("cpu", "Conv3DBackpropFilterV2", convBackpropFilter(3));

// ---------------------------------------------------------------- depthwise (2-D)
/** Visits every (output pixel, valid filter tap) pair: f(n-major output row, input pixel, tap index). */
function forTaps(g: G3, f: (outPix: number, inPix: number, tap: number) => void): void {
  const [D, H, W] = g.inS, [OD, OH, OW] = g.outS, [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.s, [DD, DH, DW] = g.d, [PD, PH, PW] = g.p;
  let r = 0;
  for (let n = 0; n < g.N; n++) for (let oz = 0; oz < OD; oz++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++, r++) {
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      if (iz < 0 || iz >= D) continue;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * SW - PW + kx * DW;
          if (ix < 0 || ix >= W) continue;
          f(r, ((n * D + iz) * H + iy) * W + ix, (kz * KH + ky) * KW + kx);
        }
      }
    }
  }
}

registerKernel("cpu", "DepthwiseConv2dNative", ([x, w], attrs, outs) => {
  const g = to3(convGeometry("DepthwiseConv2dNative", x.shape, w.shape.slice(0, 2), attrs, 2));
  const C = g.C, M = w.shape[3], CM = C * M;
  const X = inputNHWC(x, g), Wv = vals(w);
  const acc = new Float64Array(g.N * prod(g.outS) * CM);
  forTaps(g, (o, i, t) => {
    const ob = o * CM, ib = i * C, wb = t * CM;
    for (let c = 0; c < C; c++) {
      const xv = X[ib + c];
      if (xv === 0) continue;
      for (let q = 0; q < M; q++) acc[ob + c * M + q] += xv * Wv[wb + c * M + q];
    }
  });
  const res = alloc(outs[0].dtype, [acc.length]);
  res.set(acc);
  return [outputFormat(res, outs[0], g.N, CM, prod(g.outS), g.channelsLast)];
});

registerKernel("cpu", "DepthwiseConv2dNativeBackpropInput", ([, w, dy], attrs, outs) => {
  const xShape = outs[0].shape;
  const g = to3(convGeometry("DepthwiseConv2dNative", xShape, w.shape.slice(0, 2), attrs, 2));
  const C = g.C, M = w.shape[3], CM = C * M;
  const DY = inputNHWC(dy, { ...g, C: CM, inS: g.outS }), Wv = vals(w);
  const dx = new Float64Array(g.N * prod(g.inS) * C);
  forTaps(g, (o, i, t) => {
    const ob = o * CM, ib = i * C, wb = t * CM;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let q = 0; q < M; q++) s += DY[ob + c * M + q] * Wv[wb + c * M + q];
      dx[ib + c] += s;
    }
  });
  const res = alloc(outs[0].dtype, xShape);
  if (g.channelsLast) res.set(dx); else toChannelsFirst(dx, g.N, C, prod(g.inS), res);
  return [res];
});

registerKernel("cpu", "DepthwiseConv2dNativeBackpropFilter", ([x, , dy], attrs, outs) => {
  const wShape = outs[0].shape;
  const g = to3(convGeometry("DepthwiseConv2dNative", x.shape, wShape.slice(0, 2), attrs, 2));
  const C = g.C, M = wShape[3], CM = C * M;
  const X = inputNHWC(x, g), DY = inputNHWC(dy, { ...g, C: CM, inS: g.outS });
  const dw = new Float64Array(prod(g.k) * CM);
  forTaps(g, (o, i, t) => {
    const ob = o * CM, ib = i * C, wb = t * CM;
    for (let c = 0; c < C; c++) {
      const xv = X[ib + c];
      if (xv === 0) continue;
      for (let q = 0; q < M; q++) dw[wb + c * M + q] += xv * DY[ob + c * M + q];
    }
  });
  const res = alloc(outs[0].dtype, wShape);
  res.set(dw);
  return [res];
});

// ---------------------------------------------------------------- pooling
function poolGeometry(op: string, xShape: number[], attrs: any, nd: number): G3 {
  const cl = !String(attrs.data_format ?? "").startsWith("NC");
  const ks = cl ? attrs.ksize.slice(1, nd + 1) : attrs.ksize.slice(2, nd + 2);
  return to3(convGeometry(op, xShape, ks, attrs, nd));
}

/**
 * Max pooling over channels-last X, written out (no per-tap callback: pooling does one compare
 * per element, so a call per tap cost more than the work; 5-7x faster than forTaps here). For
 * each output pixel, the first in-bounds tap's values are taken, then strictly greater ones
 * (TF's first maximum; NaN never replaces). `arg`, when given, receives each maximum's index
 * into X (-1 where a window has no in-bounds tap; `out` keeps -Infinity there).
 */
function maxWindows(X: ArrayLike<number>, g: G3, out: { [i: number]: number }, arg: Int32Array | null): void {
  const [D, H, W] = g.inS, [OD, OH, OW] = g.outS, [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.s, [DD, DH, DW] = g.d, [PD, PH, PW] = g.p, C = g.C;
  let ob = 0;
  for (let n = 0; n < g.N; n++) for (let oz = 0; oz < OD; oz++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++, ob += C) {
    let first = true;
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      if (iz < 0 || iz >= D) continue;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        if (iy < 0 || iy >= H) continue;
        const row = ((n * D + iz) * H + iy) * W;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * SW - PW + kx * DW;
          if (ix < 0 || ix >= W) continue;
          const ib = (row + ix) * C;
          if (first) {
            first = false;
            for (let c = 0; c < C; c++) out[ob + c] = X[ib + c];
            if (arg) for (let c = 0; c < C; c++) arg[ob + c] = ib + c;
          } else if (arg) {
            for (let c = 0; c < C; c++) { const v = X[ib + c]; if (v > out[ob + c]) { out[ob + c] = v; arg[ob + c] = ib + c; } }
          } else {
            for (let c = 0; c < C; c++) { const v = X[ib + c]; if (v > out[ob + c]) out[ob + c] = v; }
          }
        }
      }
    }
  }
}

/** Index (into the channels-last input) of the first maximum of each output's window, per channel. */
function argmaxes(X: ArrayLike<number>, g: G3): Int32Array {
  const nOut = g.N * prod(g.outS) * g.C;
  const arg = new Int32Array(nOut).fill(-1);
  maxWindows(X, g, (X instanceof Float32Array ? new Float32Array(nOut) : new Float64Array(nOut)).fill(-Infinity), arg);
  return arg;
}

function maxPool(nd: number): Kernel {
  return ([x], attrs, outs) => {
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const C = g.C, X = inputNHWC(x, g);
    const out = alloc(outs[0].dtype, [g.N * prod(g.outS) * C]).fill(-Infinity);
    maxWindows(X, g, out, null);
    return [outputFormat(out, outs[0], g.N, C, prod(g.outS), g.channelsLast)];
  };
}
/** MaxPoolGrad: inputs [orig_input, orig_output, grad]; each output's gradient goes to its window's first maximum. */
function maxPoolGrad(nd: number): Kernel {
  return ([x, , dy], attrs, outs) => {
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const C = g.C, X = inputNHWC(x, g), DY = inputNHWC(dy, { ...g, inS: g.outS });
    const arg = argmaxes(X, g);
    // Windows that cannot overlap (stride >= window, no dilation) send at most one gradient to
    // each input: add straight into the result (one exact addition to 0). Otherwise sum in float64.
    const disjoint = g.channelsLast && [0, 1, 2].every((a) => g.s[a] >= g.k[a] && (g.d[a] === 1 || g.k[a] === 1));
    const res = alloc(outs[0].dtype, x.shape);
    const dx = disjoint ? res : new Float64Array(g.N * prod(g.inS) * C);
    for (let i = 0; i < arg.length; i++) if (arg[i] >= 0) dx[arg[i]] += DY[i];
    if (disjoint) return [res];
    if (g.channelsLast) res.set(dx); else toChannelsFirst(dx, g.N, C, prod(g.inS), res);
    return [res];
  };
}
/** MaxPoolGradGrad: inputs [orig_input, orig_output, grad_of_dx]; picks grad_of_dx at each window's maximum. */
function maxPoolGradGrad(nd: number): Kernel {
  return ([x, , gg], attrs, outs) => {
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const C = g.C, X = inputNHWC(x, g), GG = inputNHWC(gg, g);
    const arg = argmaxes(X, g);
    const out = alloc(outs[0].dtype, [arg.length]);
    for (let i = 0; i < arg.length; i++) out[i] = arg[i] >= 0 ? GG[arg[i]] : 0;
    return [outputFormat(out, outs[0], g.N, C, prod(g.outS), g.channelsLast)];
  };
}
/** Number of in-bounds taps per output pixel (TF's avg_pool divides by it: padding is not counted). */
function tapCounts(g: G3): Float64Array {
  const cnt = new Float64Array(g.N * prod(g.outS));
  forTaps(g, (o) => { cnt[o]++; });
  return cnt;
}
function avgPool(nd: number): Kernel {
  return ([x], attrs, outs) => {
    const g = poolGeometry("AvgPool", x.shape, attrs, nd);
    const C = g.C, X = inputNHWC(x, g);
    const acc = new Float64Array(g.N * prod(g.outS) * C);
    forTaps(g, (o, i) => { const ob = o * C, ib = i * C; for (let c = 0; c < C; c++) acc[ob + c] += X[ib + c]; });
    const cnt = tapCounts(g);
    const out = alloc(outs[0].dtype, [acc.length]);
    for (let o = 0; o < cnt.length; o++) for (let c = 0; c < C; c++) out[o * C + c] = cnt[o] ? acc[o * C + c] / cnt[o] : 0;
    return [outputFormat(out, outs[0], g.N, C, prod(g.outS), g.channelsLast)];
  };
}
/** AvgPoolGrad: inputs [orig_input_shape, grad]. */
function avgPoolGrad(nd: number): Kernel {
  return ([, dy], attrs, outs) => {
    const xShape = outs[0].shape;
    const g = poolGeometry("AvgPool", xShape, attrs, nd);
    const C = g.C, DY = inputNHWC(dy, { ...g, inS: g.outS });
    const cnt = tapCounts(g);
    const dx = new Float64Array(g.N * prod(g.inS) * C);
    forTaps(g, (o, i) => {
      const ob = o * C, ib = i * C, f = 1 / cnt[o];
      for (let c = 0; c < C; c++) dx[ib + c] += DY[ob + c] * f;
    });
    const res = alloc(outs[0].dtype, xShape);
    if (g.channelsLast) res.set(dx); else toChannelsFirst(dx, g.N, C, prod(g.inS), res);
    return [res];
  };
}

registerKernel("cpu", "MaxPool", maxPool(2));
registerKernel("cpu", "MaxPool3D", maxPool(3));
registerKernel("cpu", "MaxPoolGrad", maxPoolGrad(2));
registerKernel("cpu", "MaxPool3DGrad", maxPoolGrad(3));
registerKernel("cpu", "MaxPoolGradGrad", maxPoolGradGrad(2));
registerKernel("cpu", "MaxPool3DGradGrad", maxPoolGradGrad(3));
registerKernel("cpu", "AvgPool", avgPool(2));
registerKernel("cpu", "AvgPool3D", avgPool(3));
registerKernel("cpu", "AvgPoolGrad", avgPoolGrad(2));
registerKernel("cpu", "AvgPool3DGrad", avgPoolGrad(3));
