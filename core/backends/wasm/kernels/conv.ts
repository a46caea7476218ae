/**
 * wasm kernels: Conv2D/Conv3D and their input/filter gradients (float32), as GEMMs whose A
 * operand is an implicit im2col view of the image (wasm/assembly/conv.ts): the column matrix is
 * never built. 1-D and 2-D run as 3-D with unit leading dims; channels-first data is transposed
 * to channels-last on entry and back on exit (cheap next to the convolution).
 *
 *   forward   out[rows, OC]   = im2col(x)[rows, T·C] · W[T·C, OC]
 *             or, for 3x3 stride-1 filters, Winograd F(2x2, 3x3) (wasm/assembly/winograd.ts)
 *   dx        dx[pixels, C]   = gather(dy)[pixels, T·OC] · Wᵀ-per-tap[T·OC, C]   (no scatter: threads split rows freely)
 *             or, when C < OC: col2im(dy[rows, OC] · Wᵀ[OC, T·C])                 (the smaller product)
 *   dW        dW[T·C, OC]     = im2col(x)ᵀ[T·C, rows] · dy[rows, OC]
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { convGeometry, ConvGeometry, ConvGeometry3, geometry3 } from "../../../ops/conv";
import { A_CONV, A_CONV_DW, A_CONV_DX, A_MATRIX, WasmRuntime } from "../runtime";
import { cpu, def, f32, isF32, rtOf } from "./registry";

type G3 = ConvGeometry3;
const to3 = geometry3;
const prod = (a: number[]) => a[0] * a[1] * a[2];

/** The geometry block the packers read (see the layout in wasm/assembly/conv.ts), for `N` images. */
function geometry(g: G3, N: number, OC: number): Int32Array {
  return Int32Array.from([N, ...g.inS, g.C, ...g.outS, ...g.k, ...g.s, ...g.d, ...g.p, OC]);
}

/** Images per block: all of them, or as many as fit `large` bytes of per-image operands (at least one). */
function imagesPerBlock(N: number, bytesPerImage: number, large: number): number {
  return N * bytesPerImage <= large ? N : Math.max(1, Math.floor(large / Math.max(bytesPerImage, 1)));
}

/** [N, C, S] -> [N, S, C] (and back): channels-first data in the kernels' channels-last order. */
function transposeNCS(src: Float32Array, N: number, A: number, B: number): Float32Array {
  // src viewed as [N, A, B] -> out [N, B, A]
  const out = new Float32Array(src.length);
  for (let n = 0; n < N; n++) {
    const base = n * A * B;
    for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) out[base + b * A + a] = src[base + a * B + b];
  }
  return out;
}
function channelsLast(t: Tensor, g: G3, C: number, S: number): Float32Array {
  return g.channelsLast ? f32(t) : transposeNCS(f32(t), g.N, C, S);
}
function inFormat(data: Float32Array, g: G3, C: number, S: number): Float32Array {
  return g.channelsLast ? data : transposeNCS(data, g.N, S, C);
}
/**
 * Tiles per Winograd chunk for this convolution (a multiple of MR; V and M of a chunk in ~256 KB,
 * and within a thread's workspace), or 0 when it does not apply: SIMD variants, 3x3 filters with
 * stride 1 and no dilation, enough channels for the 16 small GEMMs to pay (C >= 4, OC >= 8).
 */
function winogradTiles(rt: WasmRuntime, g: G3, C: number, OC: number): number {
  if (rt.variant === "scalar" || !rt.winogradOn) return 0;
  if (g.k[0] !== 1 || g.k[1] !== 3 || g.k[2] !== 3 || !g.s.every((v) => v === 1) || !g.d.every((v) => v === 1) || g.p[0] !== 0) return 0;
  if (C < 4 || OC < 8) return 0;
  const OCp = Math.ceil(OC / rt.NR) * rt.NR;
  let T = Math.min(512, Math.max(4, Math.floor((256 << 10) / (64 * (C + OCp))) & ~3));
  while (T >= 4 && !rt.winogradFits(T, C, OC)) T -= 4;
  return T >= 4 ? T : 0;
}

/**
 * A 3x3 stride-1 correlation of channels-last `src` [N, H, W, C] with `filter` [3, 3, C, OC] and
 * padding (ph, pw) before, by Winograd F(2x2, 3x3): an [N, OH, OW, OC] result. Images stream
 * through the arena in blocks like the GEMM path; chunks of T tiles go to the pool.
 */
function winograd(rt: WasmRuntime, src: Float32Array, N: number, H: number, W: number, C: number, filter: Float32Array,
  OC: number, OH: number, OW: number, ph: number, pw: number, T: number): Float32Array {
  const inPer = H * W * C, outPer = OH * OW * OC;
  const out = new Float32Array(N * outPer);
  const per = imagesPerBlock(N, (inPer + outPer) * 4, rt.largeBytes);
  const np = Math.ceil(OC / rt.NR);
  rt.reset();
  const pw0 = rt.put(filter), pu = rt.alloc(16 * np * rt.NR * C * 4), pp = rt.alloc(20 * 4);
  const px = rt.alloc(per * inPer * 4), pc = rt.alloc(per * outPer * 4);
  rt.k.winogradFilter(pw0, pu, C, OC);
  const TY = Math.ceil(OH / 2), TX = Math.ceil(OW / 2);
  for (let n0 = 0; n0 < N; n0 += per) {
    const cnt = Math.min(per, N - n0);
    rt.i32.set([px, pu, pc, cnt, H, W, C, OC, OH, OW, ph, pw, TY, TX, T, 0], pp >> 2);
    rt.f32.set(src.subarray(n0 * inPer, (n0 + cnt) * inPer), px >> 2);
    rt.winograd(pp, Math.ceil((cnt * TY * TX) / T));
    out.set(rt.f32.subarray(pc >> 2, (pc >> 2) + cnt * outPer), n0 * outPer);
  }
  return out;
}

/** W'[2-i][2-j][o][c] = W[i][j][c][o]: the filter that turns the input gradient into a forward correlation of dy. */
function flipTransposed(w: Float32Array, C: number, OC: number): Float32Array {
  const out = new Float32Array(9 * C * OC);
  for (let t = 0; t < 9; t++) {
    const ft = 8 - t;
    for (let c = 0; c < C; c++) for (let o = 0; o < OC; o++) out[(ft * OC + o) * C + c] = w[(t * C + c) * OC + o];
  }
  return out;
}

/** Floats of column matrix per block in the col2im input gradient (4 MB). */
const COL_BLOCK = 1 << 20;

function isPointwise(g: G3): boolean {
  return g.k.every((v) => v === 1) && g.s.every((v) => v === 1) && g.p.every((v) => v === 0);
}

/*
 * Each kernel streams images through the arena in blocks (all of them unless the per-image
 * operands exceed `rt.largeBytes`, 32 MB): images are independent in the forward pass and the input gradient, and
 * the filter gradient accumulates over blocks.
 */
function convForward(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, w] = inputs;
    if (!isF32(x) || !isF32(w)) return cpu(op)(inputs, attrs, outs, backend);
    const g = to3(convGeometry("Conv", x.shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1], K = prod(g.k) * g.C;
    const inPer = prod(g.inS) * g.C, pixPer = prod(g.outS), outPer = pixPer * OC;
    const out = new Float32Array(g.N * outPer);
    if (out.length === 0 || K === 0) return [inFormat(out, g, OC, pixPer)];
    const X = channelsLast(x, g, g.C, prod(g.inS));
    const rt = rtOf(backend);
    const per = imagesPerBlock(g.N, (inPer + outPer) * 4, rt.largeBytes);
    rt.reset();
    const T = winogradTiles(rt, g, g.C, OC);
    if (T > 0) {
      // 3x3, stride 1, undilated: Winograd F(2x2, 3x3), 16 instead of 36 multiply-adds per 2x2 outputs.
      const res = winograd(rt, X, g.N, g.inS[1], g.inS[2], g.C, f32(w), OC, g.outS[1], g.outS[2], g.p[1], g.p[2], T);
      return [inFormat(res, g, OC, pixPer)];
    }
    const pw = rt.put(f32(w)), pg = rt.alloc(21 * 4), px = rt.alloc(per * inPer * 4), pc = rt.alloc(per * outPer * 4);
    for (let n0 = 0; n0 < g.N; n0 += per) {
      const cnt = Math.min(per, g.N - n0);
      rt.i32.set(geometry(g, cnt, OC), pg >> 2);
      rt.f32.set(X.subarray(n0 * inPer, (n0 + cnt) * inPer), px >> 2);
      const a = isPointwise(g) ? { kind: A_MATRIX, ptr: px, rs: g.C, cs: 1 } : { kind: A_CONV, ptr: px, rs: pg, cs: 0 };
      rt.gemm(a, { ptr: pw, rs: OC, cs: 1 }, cnt * pixPer, OC, K, pc, OC);
      out.set(rt.f32.subarray(pc >> 2, (pc >> 2) + cnt * outPer), n0 * outPer);
    }
    return [inFormat(out, g, OC, pixPer)];
  };
}

/** Inputs [input_sizes, filter, out_backprop]; the output has the input's shape. */
function convBackpropInput(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [, w, dy] = inputs;
    if (!isF32(w) || !isF32(dy)) return cpu(op)(inputs, attrs, outs, backend);
    const xShape = outs[0].shape;
    const g = to3(convGeometry("Conv", xShape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1], T = prod(g.k), C = g.C;
    const pixPer = prod(g.inS), dxPer = pixPer * C, dyPer = prod(g.outS) * OC;
    const dx = new Float32Array(g.N * dxPer);
    if (dx.length === 0) return [inFormat(dx, g, C, pixPer)];
    const DY = channelsLast(dy, g, OC, prod(g.outS));
    const rt = rtOf(backend);
    const per = imagesPerBlock(g.N, (dxPer + dyPer) * 4, rt.largeBytes);
    const Tw = g.p[1] <= 2 && g.p[2] <= 2 ? winogradTiles(rt, g, OC, C) : 0;
    if (Tw > 0) {
      // 3x3 stride 1: dx is a stride-1 correlation of dy with the flipped, transposed filter and
      // padding 2 - p, so it takes the forward pass's Winograd route.
      const res = winograd(rt, DY, g.N, g.outS[1], g.outS[2], OC, flipTransposed(f32(w), C, OC), C, g.inS[1], g.inS[2], 2 - g.p[1], 2 - g.p[2], Tw);
      return [inFormat(res, g, C, pixPer)];
    }
    rt.reset();
    if (C < OC) {
      // Fewer input than output channels (a first layer: C = 1): col = dy · Wᵀ is the smaller
      // product, then col2im scatter-adds it (blocks of col rows keep the scratch small).
      const K = T * C, outPix = prod(g.outS);
      const pw = rt.put(f32(w)), pg = rt.alloc(21 * 4);
      const pdy = rt.alloc(per * dyPer * 4), pdx = rt.alloc(per * dxPer * 4);
      const R = Math.max(4, Math.min(per * outPix, Math.floor(Math.min(COL_BLOCK, rt.largeBytes / 4) / K)));
      const pcol = rt.alloc(R * K * 4);
      for (let n0 = 0; n0 < g.N; n0 += per) {
        const cnt = Math.min(per, g.N - n0), rows = cnt * outPix;
        rt.i32.set(geometry(g, cnt, OC), pg >> 2);
        rt.f32.set(DY.subarray(n0 * dyPer, (n0 + cnt) * dyPer), pdy >> 2);
        rt.f32.fill(0, pdx >> 2, (pdx >> 2) + cnt * dxPer);
        for (let r0 = 0; r0 < rows; r0 += R) {
          const rr = Math.min(R, rows - r0);
          rt.gemm({ kind: A_MATRIX, ptr: pdy + r0 * OC * 4, rs: OC, cs: 1 }, { ptr: pw, rs: 1, cs: OC }, rr, K, OC, pcol, K);
          rt.k.col2im(pcol, pg, r0, r0 + rr, pdx);
        }
        dx.set(rt.f32.subarray(pdx >> 2, (pdx >> 2) + cnt * dxPer), n0 * dxPer);
      }
      return [inFormat(dx, g, C, pixPer)];
    }
    const pw = rt.put(f32(w)), pwt = rt.alloc(T * OC * C * 4), pg = rt.alloc(21 * 4);
    const pdy = rt.alloc(per * dyPer * 4), pdx = rt.alloc(per * dxPer * 4);
    rt.k.convFilterForDx(pw, pwt, T, C, OC);
    for (let n0 = 0; n0 < g.N; n0 += per) {
      const cnt = Math.min(per, g.N - n0);
      rt.i32.set(geometry(g, cnt, OC), pg >> 2);
      rt.f32.set(DY.subarray(n0 * dyPer, (n0 + cnt) * dyPer), pdy >> 2);
      rt.gemm({ kind: A_CONV_DX, ptr: pdy, rs: pg, cs: 0 }, { ptr: pwt, rs: C, cs: 1 }, cnt * pixPer, C, T * OC, pdx, C);
      dx.set(rt.f32.subarray(pdx >> 2, (pdx >> 2) + cnt * dxPer), n0 * dxPer);
    }
    return [inFormat(dx, g, C, pixPer)];
  };
}

/** Inputs [input, filter_sizes, out_backprop]; the output has the filter's shape [k..., C, OC]. */
function convBackpropFilter(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, , dy] = inputs;
    if (!isF32(x) || !isF32(dy)) return cpu(op)(inputs, attrs, outs, backend);
    const wShape = outs[0].shape;
    const g = to3(convGeometry("Conv", x.shape, wShape.slice(0, nd), attrs, nd));
    const OC = wShape[nd + 1], T = prod(g.k), C = g.C;
    const inPer = prod(g.inS) * C, pixPer = prod(g.outS), dyPer = pixPer * OC;
    if (T * C === 0 || OC === 0) return [new Float32Array(T * C * OC)];
    const X = channelsLast(x, g, C, prod(g.inS)), DY = channelsLast(dy, g, OC, pixPer);
    const rt = rtOf(backend);
    const per = imagesPerBlock(g.N, (inPer + dyPer) * 4, rt.largeBytes);
    rt.reset();
    const pg = rt.alloc(21 * 4), pdw = rt.alloc(T * C * OC * 4);
    const px = rt.alloc(per * inPer * 4), pdy = rt.alloc(per * dyPer * 4);
    if (g.N === 0) rt.f32.fill(0, pdw >> 2, (pdw >> 2) + T * C * OC);
    for (let n0 = 0; n0 < g.N; n0 += per) {
      const cnt = Math.min(per, g.N - n0);
      rt.i32.set(geometry(g, cnt, OC), pg >> 2);
      rt.f32.set(X.subarray(n0 * inPer, (n0 + cnt) * inPer), px >> 2);
      rt.f32.set(DY.subarray(n0 * dyPer, (n0 + cnt) * dyPer), pdy >> 2);
      const a = isPointwise(g) ? { kind: A_MATRIX, ptr: px, rs: 1, cs: C } : { kind: A_CONV_DW, ptr: px, rs: pg, cs: 0 };
      rt.gemm(a, { ptr: pdy, rs: OC, cs: 1 }, T * C, OC, cnt * pixPer, pdw, OC, n0 > 0);
    }
    return [rt.takeF32(pdw, T * C * OC)];
  };
}

def("Conv2D", convForward("Conv2D", 2));
def("Conv3D", convForward("Conv3D", 3));
def("Conv2DBackpropInput", convBackpropInput("Conv2DBackpropInput", 2));
def("Conv3DBackpropInputV2", convBackpropInput("Conv3DBackpropInputV2", 3));
def("Conv2DBackpropFilter", convBackpropFilter("Conv2DBackpropFilter", 2));
def("Conv3DBackpropFilterV2", convBackpropFilter("Conv3DBackpropFilterV2", 3));
