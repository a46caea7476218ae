/**
 * native kernels: Conv2D/Conv3D and their input/filter gradients as im2col + BLAS GEMM.
 *
 * Channels-last (NHWC / NDHWC) float32/float64 only; NCHW, float16 and the depthwise family use
 * cpu's kernels. 2-D runs as 3-D with a unit depth. Rows of the column matrix are output pixels
 * (N, D, H, W order), columns the receptive field (kd, kh, kw, C), which is exactly the filter's
 * memory layout [kd·kh·kw·C, OC], so every product is a plain GEMM on stored arrays:
 *   forward   y[rows, OC]  = col · W
 *   input     col          = dy · Wᵀ, then scattered back (col2im)
 *   filter    dW[K, OC]   += colᵀ · dy   (beta = 1 across chunks)
 * The column matrix is built a chunk of rows at a time (about 4 MiB) so it stays bounded.
 */
import type { Backend, Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { Blas, Gemm } from "../blas";
import { getBackend, registerKernel } from "../../../engine/engine";
import { allocArray } from "../../../tensor/dtypes";
import { convGeometry } from "../../../ops/conv";

type F = Float32Array | Float64Array;

/** Column-matrix elements per chunk. */
const CHUNK_ELEMS = 1 << 20;

interface Geo {
  N: number; C: number; OC: number;
  inS: [number, number, number]; outS: [number, number, number];
  k: [number, number, number]; s: [number, number, number]; d: [number, number, number]; p: [number, number, number];
  /** Receptive-field length kd·kh·kw·C and number of output pixels N·od·oh·ow. */
  K: number; rows: number;
  pointwise: boolean;
}

function pad3(a: readonly (number | null)[], v: number): [number, number, number] {
  const r = [v, v, v] as [number, number, number];
  for (let i = 0; i < a.length; i++) r[3 - a.length + i] = a[i] as number;
  return r;
}

/** Geometry of a channels-last convolution, or null when the op is channels-first. */
function geometry(xShape: readonly number[], kS: number[], attrs: any, nd: number, OC: number): Geo | null {
  const g = convGeometry("Conv", xShape, kS, attrs, nd);
  if (!g.channelsLast) return null;
  const k = pad3(g.k, 1), outS = pad3(g.outS, 1), s = pad3(g.strides, 1), p = pad3(g.padBefore, 0);
  const C = g.C as number, N = g.N as number;
  return {
    N, C, OC, inS: pad3(g.inS, 1), outS, k, s, d: pad3(g.dilations, 1), p,
    K: k[0] * k[1] * k[2] * C, rows: N * outS[0] * outS[1] * outS[2],
    pointwise: k.every((v) => v === 1) && s.every((v) => v === 1) && p.every((v) => v === 0),
  };
}

/** Walks the receptive field of output rows [r0, r1): calls `seg(colOffset, srcOffset or -1 for padding)` per (kz, ky, kx). */
function forEachTap(g: Geo, r0: number, r1: number, seg: (colOff: number, src: number) => void): void {
  const [D, H, W] = g.inS, [, OH, OW] = g.outS, [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.s, [DD, DH, DW] = g.d, [PD, PH, PW] = g.p, C = g.C, K = g.K;
  const OD = g.outS[0];
  for (let r = r0; r < r1; r++) {
    let rem = r;
    const ox = rem % OW; rem = (rem - ox) / OW;
    const oy = rem % OH; rem = (rem - oy) / OH;
    const oz = rem % OD; const n = (rem - oz) / OD;
    let c = (r - r0) * K;
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      const zok = iz >= 0 && iz < D;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        const ok = zok && iy >= 0 && iy < H;
        const base = ((n * D + iz) * H + iy) * W;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * SW - PW + kx * DW;
          seg(c, ok && ix >= 0 && ix < W ? (base + ix) * C : -1);
          c += C;
        }
      }
    }
  }
}

function im2col(x: F, g: Geo, r0: number, r1: number, col: F): void {
  const C = g.C;
  if (C >= 16) {
    forEachTap(g, r0, r1, (c, src) => { if (src >= 0) col.set(x.subarray(src, src + C), c); else col.fill(0, c, c + C); });
  } else {
    forEachTap(g, r0, r1, (c, src) => {
      if (src >= 0) for (let i = 0; i < C; i++) col[c + i] = x[src + i];
      else for (let i = 0; i < C; i++) col[c + i] = 0;
    });
  }
}

function col2im(col: F, g: Geo, r0: number, r1: number, dx: F): void {
  const C = g.C;
  forEachTap(g, r0, r1, (c, dst) => { if (dst >= 0) for (let i = 0; i < C; i++) dx[dst + i] += col[c + i]; });
}

function chunkRows(g: Geo): number {
  return Math.max(1, Math.min(g.rows, Math.ceil(CHUNK_ELEMS / Math.max(g.K, 1))));
}

function at(a: F, off: number): F { return off === 0 ? a : a.subarray(off); }

/** The op's kernel on native where it applies (float32/float64, channels-last), else cpu's. */
function nativeOr(op: string, body: (inputs: Tensor[], attrs: any, out: OutSpec, gemm: Gemm) => F | null): Kernel {
  return (inputs, attrs, outs, backend: Backend) => {
    const dt = outs[0].dtype.name;
    if (dt === "float32" || dt === "float64") {
      const blas = (backend as unknown as { blas: Blas }).blas;
      const r = body(inputs, attrs, outs[0], dt === "float32" ? blas.sgemm : blas.dgemm);
      if (r) return [r];
    }
    const k = getBackend("cpu").kernels.get(op);
    if (!k) throw new Error(`native: cpu has no ${op} kernel to fall back on`);
    return k(inputs, attrs, outs, backend);
  };
}

function newArray(out: OutSpec, n: number): F {
  return allocArray(out.dtype, n) as F;
}

function forward(op: string, nd: number): Kernel {
  return nativeOr(op, ([x, w], attrs, out, gemm) => {
    const g = geometry(x.shape, w.shape.slice(0, nd), attrs, nd, w.shape[nd + 1]);
    if (!g) return null;
    const X = x._handle as F, W = w._handle as F;
    const y = newArray(out, g.rows * g.OC);
    if (g.rows === 0 || g.OC === 0 || g.K === 0) return y;
    if (g.pointwise) { gemm(false, false, g.rows, g.OC, g.K, X, g.K, W, g.OC, y, g.OC); return y; }
    const R = chunkRows(g), col = newArray(out, R * g.K);
    for (let r0 = 0; r0 < g.rows; r0 += R) {
      const r1 = Math.min(g.rows, r0 + R);
      im2col(X, g, r0, r1, col);
      gemm(false, false, r1 - r0, g.OC, g.K, col, g.K, W, g.OC, at(y, r0 * g.OC), g.OC);
    }
    return y;
  });
}

/** Inputs [input_sizes, filter, out_backprop]; the output has the forward input's shape. */
function backpropInput(op: string, nd: number): Kernel {
  return nativeOr(op, ([, w, dy], attrs, out, gemm) => {
    const g = geometry(out.shape, w.shape.slice(0, nd), attrs, nd, w.shape[nd + 1]);
    if (!g) return null;
    const W = w._handle as F, DY = dy._handle as F;
    const dx = newArray(out, g.N * g.inS[0] * g.inS[1] * g.inS[2] * g.C);
    if (g.rows === 0 || g.OC === 0 || g.K === 0) return dx;
    if (g.pointwise) { gemm(false, true, g.rows, g.K, g.OC, DY, g.OC, W, g.OC, dx, g.K); return dx; }
    const R = chunkRows(g), col = newArray(out, R * g.K);
    for (let r0 = 0; r0 < g.rows; r0 += R) {
      const r1 = Math.min(g.rows, r0 + R);
      gemm(false, true, r1 - r0, g.K, g.OC, at(DY, r0 * g.OC), g.OC, W, g.OC, col, g.K);
      col2im(col, g, r0, r1, dx);
    }
    return dx;
  });
}

/** Inputs [input, filter_sizes, out_backprop]; the output has the filter's shape. */
function backpropFilter(op: string, nd: number): Kernel {
  return nativeOr(op, ([x, , dy], attrs, out, gemm) => {
    const g = geometry(x.shape, out.shape.slice(0, nd), attrs, nd, out.shape[nd + 1]);
    if (!g) return null;
    const X = x._handle as F, DY = dy._handle as F;
    const dw = newArray(out, g.K * g.OC);
    if (g.rows === 0 || g.OC === 0 || g.K === 0) return dw;
    if (g.pointwise) { gemm(true, false, g.K, g.OC, g.rows, X, g.K, DY, g.OC, dw, g.OC); return dw; }
    const R = chunkRows(g), col = newArray(out, R * g.K);
    for (let r0 = 0; r0 < g.rows; r0 += R) {
      const r1 = Math.min(g.rows, r0 + R);
      im2col(X, g, r0, r1, col);
      gemm(true, false, g.K, g.OC, r1 - r0, col, g.K, at(DY, r0 * g.OC), g.OC, dw, g.OC, r0 === 0 ? 0 : 1);
    }
    return dw;
  });
}

registerKernel("native", "Conv2D", forward("Conv2D", 2));
registerKernel("native", "Conv3D", forward("Conv3D", 3));
registerKernel("native", "Conv2DBackpropInput", backpropInput("Conv2DBackpropInput", 2));
registerKernel("native", "Conv3DBackpropInputV2", backpropInput("Conv3DBackpropInputV2", 3));
registerKernel("native", "Conv2DBackpropFilter", backpropFilter("Conv2DBackpropFilter", 2));
registerKernel("native", "Conv3DBackpropFilterV2", backpropFilter("Conv3DBackpropFilterV2", 3));
