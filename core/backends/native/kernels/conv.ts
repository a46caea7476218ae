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
 *
 * 2-D convolutions with vertical stride 1 (the common case) take a faster path instead, "row
 * windows": Z holds, for every input row of a zero-padded grid (Hz = OH + (KH-1)·DH rows per
 * image) and every output column, the KW·C window of that row (KW/C× smaller than the column
 * matrix, one memmove per window). The receptive field of output row oy at filter row kh is then
 * Z's row block oy + kh·DH, so the product is KH GEMMs on row-offset views of Z accumulating
 * (beta = 1); rows computed for the Hz-OH padding rows between images are dropped. Backprop-input
 * (stride 1) is the same forward on dy with the flipped, transposed filter; backprop-filter is
 * dW[kh] = Z[kh]ᵀ · dy (dy laid out on the same grid, zeros in the gap rows). Chunks are 64 KiB of Z
 * (cache-sized GEMMs on OpenBLAS's small-matrix kernels); with 2+ BLAS threads half of the chunks go
 * to a helper thread (see "the second core" below). Other 2-D cases (vertical stride > 1, narrow
 * windows) use a 2-D im2col/col2im specialised per filter row; 3-D uses the general walk.
 */
import type { Backend, Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { Blas, Gemm } from "../blas";
import { getBackend, registerKernel } from "../../../engine/engine";
import { allocArray } from "../../../tensor/dtypes";
import { convGeometry } from "../../../ops/conv";
import { Helper, Job, blasPool, helperFor, oneThreadEach, poolSgemm, sharedOf, timedChoice } from "../helper";

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


// ---------------------------------------------------------------- 2-D row-window fast path

/** A 2-D channels-last convolution (filter [KH, KW, C, OC]). */
interface Conv2 {
  N: number; H: number; W: number; C: number; OC: number;
  KH: number; KW: number; PH: number; PW: number; DH: number; DW: number; SH: number; SW: number;
  OH: number; OW: number;
}

/** The 2-D view of `g` (unit depth, not pointwise), else null. */
function conv2Of(g: Geo): Conv2 | null {
  if (g.inS[0] !== 1 || g.k[0] !== 1 || g.outS[0] !== 1 || g.p[0] !== 0 || g.pointwise) return null;
  return {
    N: g.N, H: g.inS[1], W: g.inS[2], C: g.C, OC: g.OC, KH: g.k[1], KW: g.k[2],
    PH: g.p[1], PW: g.p[2], DH: g.d[1], DW: g.d[2], SH: g.s[1], SW: g.s[2], OH: g.outS[1], OW: g.outS[2],
  };
}

/**
 * Row windows need vertical stride 1, and pay off when a window (KW·C) is long enough for the GEMMs
 * to be efficient; otherwise the full column matrix (K = KH·KW·C) is built directly.
 */
function useWindows(c: Conv2): boolean {
  return c.SH === 1 && c.KW * c.C >= 32;
}

/** Output lines (n, oy) per column-matrix chunk. */
function linesPerChunk(c: Conv2): number {
  return Math.max(1, Math.floor(zChunkElems / Math.max(1, c.OW * c.KH * c.KW * c.C)));
}

/**
 * The column matrix of output lines [l0, l1) (line = n·OH + oy): row (line, ox), columns (kh, kw, c).
 * Walks one filter row at a time so the input row and its bounds are fixed in the inner loops; an
 * interior window with unit dilation is one contiguous run of KW·C.
 */
function im2col2(X: F, c: Conv2, l0: number, l1: number, col: F): void {
  const { H, W, C, KH, KW, PH, PW, DH, DW, SH, SW, OH, OW } = c, KWC = KW * C, K = KH * KWC;
  const big = KWC >= 64;
  for (let l = l0; l < l1; l++) {
    const n = Math.floor(l / OH), oy = l - n * OH, base = (l - l0) * OW * K;
    for (let kh = 0; kh < KH; kh++) {
      const iy = oy * SH - PH + kh * DH;
      let d = base + kh * KWC;
      if (iy < 0 || iy >= H) {
        for (let ox = 0; ox < OW; ox++, d += K) for (let k = 0; k < KWC; k++) col[d + k] = 0;
        continue;
      }
      const row = (n * H + iy) * W * C;
      for (let ox = 0; ox < OW; ox++, d += K) {
        const ix0 = ox * SW - PW;
        if (DW === 1 && ix0 >= 0 && ix0 + KW <= W) {
          const s = row + ix0 * C;
          if (big) col.set(X.subarray(s, s + KWC), d);
          else for (let k = 0; k < KWC; k++) col[d + k] = X[s + k];
          continue;
        }
        for (let kw = 0, e = d; kw < KW; kw++, e += C) {
          const ix = ix0 + kw * DW;
          if (ix < 0 || ix >= W) { for (let k = 0; k < C; k++) col[e + k] = 0; continue; }
          const s = row + ix * C;
          for (let k = 0; k < C; k++) col[e + k] = X[s + k];
        }
      }
    }
  }
}

/** The reverse of im2col2: dx[window element] += col element (col2im). */
function col2im2(col: F, c: Conv2, l0: number, l1: number, dx: F): void {
  const { H, W, C, KH, KW, PH, PW, DH, DW, SH, SW, OH, OW } = c, KWC = KW * C, K = KH * KWC;
  for (let l = l0; l < l1; l++) {
    const n = Math.floor(l / OH), oy = l - n * OH, base = (l - l0) * OW * K;
    for (let kh = 0; kh < KH; kh++) {
      const iy = oy * SH - PH + kh * DH;
      if (iy < 0 || iy >= H) continue;
      const row = (n * H + iy) * W * C;
      for (let ox = 0, d = base + kh * KWC; ox < OW; ox++, d += K) {
        const ix0 = ox * SW - PW;
        if (DW === 1 && ix0 >= 0 && ix0 + KW <= W) {
          const s = row + ix0 * C;
          for (let k = 0; k < KWC; k++) dx[s + k] += col[d + k];
          continue;
        }
        for (let kw = 0, e = d; kw < KW; kw++, e += C) {
          const ix = ix0 + kw * DW;
          if (ix < 0 || ix >= W) continue;
          const s = row + ix * C;
          for (let k = 0; k < C; k++) dx[s + k] += col[e + k];
        }
      }
    }
  }
}

/**
 * Bytes of Z (or of the 2-D column matrix) per chunk: the windows of a chunk of images, or of output
 * rows of one image. Small chunks keep Z, the filter and the output block in cache across the KH
 * GEMMs, and keep each GEMM small enough (M·N·K <= 1e6) for OpenBLAS's unpacked small-matrix
 * kernels (AVX-512 builds), which ran these shapes ~15-25% faster per core than one big packed GEMM
 * (B forward: 2.1 vs 2.4-2.7 ms of GEMM on one core). A second BLAS thread only helps the big packed
 * GEMMs, and only when the other core is idle; on the shared 2-core test machine it mostly was not.
 */
const Z_CHUNK_BYTES = 1 << 16;
/** Z elements per chunk for the current call (set by the kernel from the dtype). */
let zChunkElems = Z_CHUNK_BYTES / 4;
/** The BLAS of the current call (set by the kernel wrapper). */
let curBlas: Blas | null = null;

/** Scratch arrays kept between calls (grown on demand), per element type: 0 Z + input copy, 1 grid output / dy, 2 filter. */
const scratch32: Float32Array[] = [], scratch64: Float64Array[] = [];
function scratchOf(like: F, slot: number, n: number): F {
  if (like instanceof Float32Array) {
    let a = scratch32[slot];
    if (!a || a.length < n) a = scratch32[slot] = new Float32Array(Math.ceil(n * 1.25));
    return a;
  }
  let a = scratch64[slot];
  if (!a || a.length < n) a = scratch64[slot] = new Float64Array(Math.ceil(n * 1.25));
  return a;
}


/** A chunk: images [n0, n0+nI) and output rows [oy0, oy0+R) of each; Hc grid rows per image. */
interface Chunk { n0: number; nI: number; oy0: number; R: number; Hc: number }

function chunksOf(c: Conv2): Chunk[] {
  const ext = (c.KH - 1) * c.DH, rowZ = c.OW * c.KW * c.C, Hz = c.OH + ext, out: Chunk[] = [];
  if (Hz * rowZ <= zChunkElems) {
    const per = Math.max(1, Math.floor(zChunkElems / (Hz * rowZ)));
    for (let n0 = 0; n0 < c.N; n0 += per) out.push({ n0, nI: Math.min(per, c.N - n0), oy0: 0, R: c.OH, Hc: Hz });
  } else {
    const R = Math.max(1, Math.floor(zChunkElems / rowZ) - ext);
    for (let n0 = 0; n0 < c.N; n0++) {
      for (let oy0 = 0; oy0 < c.OH; oy0 += R) { const r = Math.min(R, c.OH - oy0); out.push({ n0, nI: 1, oy0, R: r, Hc: r + ext }); }
    }
  }
  return out;
}

/**
 * Fills S[0, nI·Hc·OW·KW·C) with the chunk's row windows: element ((i·Hc + yz)·OW + ox)·KW·C + kw·C + c
 * is x[n0+i, oy0+yz-PH, ox·SW-PW+kw·DW, c] (0 outside). The input rows it reads are first copied to
 * S after the windows so every window is one copyWithin (no views allocated).
 */
function buildWindows(X: F, c: Conv2, ch: Chunk, S: F): void {
  const { H, W, C, KW, PW, DW, SW, OW } = c, { n0, nI, Hc } = ch, KWC = KW * C, rowLen = OW * KWC, WC = W * C;
  const top = ch.oy0 - c.PH;
  // Input rows [iyLo, iyHi) of each image are needed; for several images they are whole images.
  const iyLo = nI > 1 ? 0 : Math.max(0, top), iyHi = nI > 1 ? H : Math.min(H, top + Hc);
  const xo = nI * Hc * rowLen;
  const imgStride = nI > 1 ? H * WC : 0;
  if (iyHi > iyLo) S.set(X.subarray((n0 * H + iyLo) * WC, ((n0 + nI - 1) * H + iyHi) * WC), xo);
  const small = C < 8;
  let d = 0;
  for (let i = 0; i < nI; i++) {
    for (let yz = 0; yz < Hc; yz++) {
      const iy = top + yz;
      if (iy < 0 || iy >= H) { S.fill(0, d, d + rowLen); d += rowLen; continue; }
      const src = xo + i * imgStride + (iy - iyLo) * WC;
      if (small) {
        for (let ox = 0; ox < OW; ox++) {
          const ix0 = ox * SW - PW;
          for (let kw = 0; kw < KW; kw++) {
            const ix = ix0 + kw * DW;
            if (ix >= 0 && ix < W) { const s = src + ix * C; for (let k = 0; k < C; k++) S[d + k] = S[s + k]; }
            else for (let k = 0; k < C; k++) S[d + k] = 0;
            d += C;
          }
        }
      } else if (DW === 1) {
        for (let ox = 0; ox < OW; ox++, d += KWC) {
          const ix0 = ox * SW - PW;
          const a = ix0 < 0 ? -ix0 : 0, b = ix0 + KW > W ? ix0 + KW - W : 0;
          if (a + b >= KW) { S.fill(0, d, d + KWC); continue; }
          if (a > 0) S.fill(0, d, d + a * C);
          const s = src + (ix0 + a) * C;
          S.copyWithin(d + a * C, s, s + (KW - a - b) * C);
          if (b > 0) S.fill(0, d + (KW - b) * C, d + KWC);
        }
      } else {
        for (let ox = 0; ox < OW; ox++) {
          const ix0 = ox * SW - PW;
          for (let kw = 0; kw < KW; kw++, d += C) {
            const ix = ix0 + kw * DW;
            if (ix >= 0 && ix < W) { const s = src + ix * C; S.copyWithin(d, s, s + C); } else S.fill(0, d, d + C);
          }
        }
      }
    }
  }
}

/** y[N, OH, OW, OC] = conv(x, w) with w as [KH, KW·C, OC] rows (any storage holding that layout). */
function conv2Forward(X: F, Wt: F, c: Conv2, y: F, gemm: Gemm): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW;
  if (!useWindows(c)) {
    const K = c.KH * KWC, L = linesPerChunk(c), lines = c.N * c.OH, col = scratchOf(y, 0, L * OW * K);
    for (let l0 = 0; l0 < lines; l0 += L) {
      const l1 = Math.min(lines, l0 + L), rows = (l1 - l0) * OW;
      im2col2(X, c, l0, l1, col);
      gemm(false, false, rows, OC, K, col, K, Wt, OC, at(y, l0 * OW * OC), OC);
    }
    return;
  }
  const chunks = chunksOf(c);
  runChunks("fwd", c, y, chunks, () => forwardChunks(X, Wt, c, y, gemm, chunks, 0, chunks.length),
    (helper) => conv2ForwardSplit(X, Wt, c, y, gemm, chunks, helper));
}

/**
 * Runs a row-window pass over `chunks` on this thread (`one`), or split with the helper thread
 * (`two`, BLAS at one thread each side) where there is enough work and the split keeps paying
 * (timed per geometry: timedChoice).
 */
function runChunks(pass: string, c: Conv2, out: F, chunks: Chunk[], one: () => void, two: (helper: Helper) => void): void {
  const helper = chunks.length >= 4 ? helperFor(curBlas!, c.N * c.OH * c.OW * c.KH * c.KW * c.C * c.OC) : null;
  if (!helper) { one(); return; }
  timedChoice(`${pass}:${geoKey(c)},${out.BYTES_PER_ELEMENT}`, one, () => oneThreadEach(curBlas!, () => two(helper)));
}

function geoKey(c: Conv2): string {
  return `${c.N},${c.H},${c.W},${c.C},${c.OC},${c.KH},${c.KW},${c.PH},${c.PW},${c.DH},${c.DW},${c.SW}`;
}

/** The forward of chunks [i0, i1) on this thread. */
function forwardChunks(X: F, Wt: F, c: Conv2, y: F, gemm: Gemm, chunks: Chunk[], i0: number, i1: number): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW;
  for (let i = i0; i < i1; i++) {
    const ch = chunks[i];
    const zLen = ch.nI * ch.Hc * OW * KWC;
    const S = scratchOf(y, 0, zLen + ch.nI * c.H * c.W * c.C);
    buildWindows(X, c, ch, S);
    const M = ((ch.nI - 1) * ch.Hc + ch.R) * OW;
    // One image: its output rows are contiguous in y; several: a grid with gap rows, cropped after.
    const direct = ch.nI === 1;
    const out = direct ? at(y, (ch.n0 * c.OH + ch.oy0) * OW * OC) : scratchOf(y, 1, M * OC);
    for (let kh = 0; kh < c.KH; kh++) {
      gemm(false, false, M, OC, KWC, at(S, kh * c.DH * OW * KWC), KWC, at(Wt, kh * KWC * OC), OC, out, OC, kh === 0 ? 0 : 1);
    }
    if (!direct) cropInto(y, out, c, ch);
  }
}

/** Copies a chunk's output rows (M·OC on the chunk's grid) into y. */
function cropInto(y: F, out: F, c: Conv2, ch: Chunk): void {
  const OC = c.OC, OW = c.OW;
  if (ch.nI === 1) { y.set(out.subarray(0, ch.R * OW * OC), (ch.n0 * c.OH + ch.oy0) * OW * OC); return; }
  const img = c.OH * OW * OC, gridImg = ch.Hc * OW * OC;
  for (let i = 0; i < ch.nI; i++) y.set(out.subarray(i * gridImg, i * gridImg + img), (ch.n0 + i) * img);
}

/**
 * The forward split with the helper: the last ~half of the chunks are built into shared memory and
 * multiplied there by the helper while this thread does the first half as usual.
 */
function conv2ForwardSplit(X: F, Wt: F, c: Conv2, y: F, gemm: Gemm, chunks: Chunk[], helper: Helper): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW, h = Math.floor(chunks.length * 0.5);
  const zOff: number[] = [], oOff: number[] = [];
  let zTot = 0, oTot = 0;
  for (let i = h; i < chunks.length; i++) {
    const ch = chunks[i];
    zOff.push(zTot); oOff.push(oTot);
    zTot += ch.nI * ch.Hc * OW * KWC + ch.nI * c.H * c.W * c.C;
    oTot += ((ch.nI - 1) * ch.Hc + ch.R) * OW * OC;
  }
  const SZ = sharedOf(y, 0, zTot), SO = sharedOf(y, 1, oTot), SW = sharedOf(y, 2, c.KH * KWC * OC);
  SW.set(Wt.subarray(0, c.KH * KWC * OC));
  const jobs: Job[] = [];
  for (let i = h; i < chunks.length; i++) {
    const ch = chunks[i], Z = SZ.subarray(zOff[i - h]), out = SO.subarray(oOff[i - h]);
    buildWindows(X, c, ch, Z);
    const M = ((ch.nI - 1) * ch.Hc + ch.R) * OW;
    for (let kh = 0; kh < c.KH; kh++) {
      jobs.push({ ta: false, tb: false, m: M, n: OC, k: KWC, a: Z.subarray(kh * c.DH * OW * KWC), lda: KWC, b: SW.subarray(kh * KWC * OC), ldb: OC, c: out, ldc: OC, beta: kh === 0 ? 0 : 1 });
    }
  }
  if (!helper.dispatch(jobs)) { forwardChunks(X, Wt, c, y, gemm, chunks, 0, chunks.length); return; }
  let h0 = h;
  try {
    forwardChunks(X, Wt, c, y, gemm, chunks, 0, h);
  } finally {
    if (!helper.wait()) { forwardChunks(X, Wt, c, y, gemm, chunks, h, chunks.length); h0 = chunks.length; }
  }
  for (let i = h0; i < chunks.length; i++) cropInto(y, SO.subarray(oOff[i - h]), c, chunks[i]);
}

/**
 * dx = conv(dy, w flipped and transposed) when the forward strides are 1 and dx's windows are long;
 * otherwise col = dy · Wᵀ and col2im.
 */
function conv2BackpropInput(DY: F, W: F, c: Conv2, dx: F, gemm: Gemm): void {
  const { KH, KW, C, OC } = c;
  if (c.SH !== 1 || c.SW !== 1 || !useWindows(c)) {
    const K = KH * KW * C, L = linesPerChunk(c), lines = c.N * c.OH, OW = c.OW, col = scratchOf(dx, 0, L * OW * K);
    for (let l0 = 0; l0 < lines; l0 += L) {
      const l1 = Math.min(lines, l0 + L), rows = (l1 - l0) * OW;
      gemm(false, true, rows, K, OC, at(DY, l0 * OW * OC), OC, W, OC, col, K);
      col2im2(col, c, l0, l1, dx);
    }
    return;
  }
  // Wf[kh][kw][oc][c] = W[KH-1-kh][KW-1-kw][c][oc].
  const Wf = scratchOf(dx, 2, KH * KW * OC * C);
  for (let t = 0; t < KH * KW; t++) {
    const src = (KH * KW - 1 - t) * C * OC, dst = t * OC * C;
    for (let ic = 0; ic < C; ic++) for (let oc = 0; oc < OC; oc++) Wf[dst + oc * C + ic] = W[src + ic * OC + oc];
  }
  const t: Conv2 = {
    N: c.N, H: c.OH, W: c.OW, C: OC, OC: C, KH, KW,
    PH: (KH - 1) * c.DH - c.PH, PW: (KW - 1) * c.DW - c.PW, DH: c.DH, DW: c.DW, SH: 1, SW: 1, OH: c.H, OW: c.W,
  };
  // 3x3 with enough channels: that forward convolution is Winograd's too (padding 1 for SAME, 2 for VALID).
  if (winogradForward(backendOf, DY, Wf, t, dx)) return;
  conv2Forward(DY, Wf, t, dx, gemm);
}

/** dw[KH, KW·C, OC] = Σ over the grid of Z[kh]ᵀ · dy. */
function conv2BackpropFilter(X: F, DY: F, c: Conv2, dw: F, gemm: Gemm): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW;
  if (!useWindows(c)) {
    const K = c.KH * KWC, L = linesPerChunk(c), lines = c.N * c.OH, col = scratchOf(dw, 0, L * OW * K);
    for (let l0 = 0; l0 < lines; l0 += L) {
      const l1 = Math.min(lines, l0 + L), rows = (l1 - l0) * OW;
      im2col2(X, c, l0, l1, col);
      gemm(true, false, K, OC, rows, col, K, at(DY, l0 * OW * OC), OC, dw, OC, l0 === 0 ? 0 : 1);
    }
    return;
  }
  const chunks = chunksOf(c);
  runChunks("bf", c, dw, chunks, () => filterChunks(X, DY, c, dw, gemm, chunks, 0, chunks.length),
    (helper) => filterSplit(X, DY, c, dw, gemm, chunks, helper));
}

/**
 * The grid rows of dy for a chunk (dy itself for one image; else a copy with zero gap rows) and the
 * chunk's GEMMs dW[kh] (+)= Z[kh]ᵀ · G, accumulating unless `first`.
 */
function filterChunks(X: F, DY: F, c: Conv2, dw: F, gemm: Gemm, chunks: Chunk[], i0: number, i1: number): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW;
  for (let i = i0; i < i1; i++) {
    const ch = chunks[i];
    const zLen = ch.nI * ch.Hc * OW * KWC;
    const S = scratchOf(dw, 0, zLen + ch.nI * c.H * c.W * c.C);
    buildWindows(X, c, ch, S);
    const M = ((ch.nI - 1) * ch.Hc + ch.R) * OW;
    const G = ch.nI === 1 ? at(DY, (ch.n0 * c.OH + ch.oy0) * OW * OC) : gridRows(DY, c, ch, scratchOf(dw, 1, M * OC));
    for (let kh = 0; kh < c.KH; kh++) {
      gemm(true, false, KWC, OC, M, at(S, kh * c.DH * OW * KWC), KWC, G, OC, at(dw, kh * KWC * OC), OC, i === i0 ? 0 : 1);
    }
  }
}

/** dy's rows of a chunk laid out on its grid (zeros in the gap rows between images) in G. */
function gridRows(DY: F, c: Conv2, ch: Chunk, G: F): F {
  const OC = c.OC, OW = c.OW;
  if (ch.nI === 1) { G.set(DY.subarray((ch.n0 * c.OH + ch.oy0) * OW * OC, (ch.n0 * c.OH + ch.oy0 + ch.R) * OW * OC)); return G; }
  const img = c.OH * OW * OC, gridImg = ch.Hc * OW * OC;
  for (let i = 0; i < ch.nI; i++) {
    G.set(DY.subarray((ch.n0 + i) * img, (ch.n0 + i + 1) * img), i * gridImg);
    if (i < ch.nI - 1) G.fill(0, i * gridImg + img, (i + 1) * gridImg);
  }
  return G;
}

/** backprop-filter split with the helper: it sums the last half of the chunks into its own dW, added at the end. */
function filterSplit(X: F, DY: F, c: Conv2, dw: F, gemm: Gemm, chunks: Chunk[], helper: Helper): void {
  const KWC = c.KW * c.C, OC = c.OC, OW = c.OW, h = Math.floor(chunks.length * 0.5), nW = c.KH * KWC * OC;
  const zOff: number[] = [], gOff: number[] = [];
  let zTot = 0, gTot = 0;
  for (let i = h; i < chunks.length; i++) {
    const ch = chunks[i];
    zOff.push(zTot); gOff.push(gTot);
    zTot += ch.nI * ch.Hc * OW * KWC + ch.nI * c.H * c.W * c.C;
    gTot += ((ch.nI - 1) * ch.Hc + ch.R) * OW * OC;
  }
  const SZ = sharedOf(dw, 0, zTot), SG = sharedOf(dw, 1, gTot), SD = sharedOf(dw, 2, nW);
  const jobs: Job[] = [];
  for (let i = h; i < chunks.length; i++) {
    const ch = chunks[i], Z = SZ.subarray(zOff[i - h]);
    buildWindows(X, c, ch, Z);
    const M = ((ch.nI - 1) * ch.Hc + ch.R) * OW, G = gridRows(DY, c, ch, SG.subarray(gOff[i - h]));
    for (let kh = 0; kh < c.KH; kh++) {
      jobs.push({ ta: true, tb: false, m: KWC, n: OC, k: M, a: Z.subarray(kh * c.DH * OW * KWC), lda: KWC, b: G, ldb: OC, c: SD.subarray(kh * KWC * OC), ldc: OC, beta: i === h ? 0 : 1 });
    }
  }
  if (!helper.dispatch(jobs)) { filterChunks(X, DY, c, dw, gemm, chunks, 0, chunks.length); return; }
  let ok = false;
  try {
    filterChunks(X, DY, c, dw, gemm, chunks, 0, h);
  } finally {
    ok = helper.wait();
  }
  if (ok) { for (let i = 0; i < nW; i++) dw[i] += SD[i]; return; }
  // The helper failed: this thread sums the rest into a scratch dW and adds it.
  const rest = scratchOf(dw, 2, nW);
  filterChunks(X, DY, c, rest, gemm, chunks, h, chunks.length);
  for (let i = 0; i < nW; i++) dw[i] += rest[i];
}

/** The op's kernel on native where it applies (float32/float64, channels-last), else cpu's. */
function nativeOr(op: string, body: (inputs: Tensor[], attrs: any, out: OutSpec, gemm: Gemm) => F | null): Kernel {
  return (inputs, attrs, outs, backend: Backend) => {
    const dt = outs[0].dtype.name;
    if (dt === "float32" || dt === "float64") {
      const blas = (backend as unknown as { blas: Blas }).blas;
      curBlas = blas;
      backendOf = backend;
      zChunkElems = Z_CHUNK_BYTES / (dt === "float32" ? 4 : 8);
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
    const c2 = conv2Of(g);
    if (c2 && winogradForward(backendOf, X, W, c2, y)) return y;
    if (c2) { conv2Forward(X, W, c2, y, gemm); return y; }
    const R = chunkRows(g), col = newArray(out, R * g.K);
    for (let r0 = 0; r0 < g.rows; r0 += R) {
      const r1 = Math.min(g.rows, r0 + R);
      im2col(X, g, r0, r1, col);
      gemm(false, false, r1 - r0, g.OC, g.K, col, g.K, W, g.OC, at(y, r0 * g.OC), g.OC);
    }
    return y;
  });
}

// ---------------------------------------------------------------- Winograd F(2x2, 3x3) forward
//
// 3x3, stride-1, undilated float32 convolutions with enough channels (C, OC >= 16) take Winograd's
// F(2x2, 3x3): each 2x2 block of outputs costs 16 multiply-adds per channel pair instead of 36.
//   U = G g Gᵀ (filter, here)   V = Bᵀ d B (input tiles)   M[ξν] = V[ξν] · U[ξν]   Y = Aᵀ M A
// The transforms are the wasm backend's (SIMD, wasm/assembly/winograd.ts: winogradInputPlain and
// winogradOutputPlain on row-major V and M in its linear memory); the 16 GEMMs [tiles, C] · [C, OC]
// are OpenBLAS calls split between this thread and the wasm pool's workers (which loaded the same
// BLAS), so it needs the wasm threads variant with BLAS in its pool. Convolution B of the bench
// ([32,14,14,32] -> 64): 115.6M multiply-adds direct, 51.4M here.

/** The wasm runtime to borrow transforms and threads from (set per call by the kernel wrapper). */
let backendOf: Backend | null = null;

/** U[ξν][c][o] = (G g Gᵀ)[ξν] for the filter w [3, 3, C, OC], into `u` (16·C·OC floats). */
function winogradFilterPlain(w: Float32Array, C: number, OC: number, u: Float32Array): void {
  const st = C * OC, es = C * OC;
  for (let c = 0; c < C; c++) {
    for (let o = 0; o < OC; o++) {
      const b = c * OC + o;
      const g00 = w[b], g01 = w[b + st], g02 = w[b + 2 * st], g10 = w[b + 3 * st], g11 = w[b + 4 * st], g12 = w[b + 5 * st];
      const g20 = w[b + 6 * st], g21 = w[b + 7 * st], g22 = w[b + 8 * st];
      // t = G g (rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2), then U = t Gᵀ: the same on each row of t.
      const t = [
        [g00, g01, g02],
        [(g00 + g10 + g20) * 0.5, (g01 + g11 + g21) * 0.5, (g02 + g12 + g22) * 0.5],
        [(g00 - g10 + g20) * 0.5, (g01 - g11 + g21) * 0.5, (g02 - g12 + g22) * 0.5],
        [g20, g21, g22],
      ];
      for (let i = 0; i < 4; i++) {
        const [a0, a1, a2] = t[i];
        u[(i * 4) * es + b] = a0;
        u[(i * 4 + 1) * es + b] = (a0 + a1 + a2) * 0.5;
        u[(i * 4 + 2) * es + b] = (a0 - a1 + a2) * 0.5;
        u[(i * 4 + 3) * es + b] = a2;
      }
    }
  }
}

/** The Winograd forward into y; false when it does not apply (the caller takes the GEMM path). */
function winogradForward(backend: Backend | null, X: F, Wt: F, c: Conv2, y: F): boolean {
  if (!(X instanceof Float32Array) || !(Wt instanceof Float32Array) || !(y instanceof Float32Array) || !curBlas) return false;
  if (c.KH !== 3 || c.KW !== 3 || c.SH !== 1 || c.SW !== 1 || c.DH !== 1 || c.DW !== 1 || c.C < 16 || c.OC < 16) return false;
  if (process.env.TF_NATIVE_WINOGRAD === "0" || curBlas.getThreads() < 2) return false;
  const rt = blasPool(backend);
  if (!rt) return false;
  const TY = Math.ceil(c.OH / 2), TX = Math.ceil(c.OW / 2), Tn = c.N * TY * TX, C = c.C, OC = c.OC;
  // Arena: V and M (16 of each), U, scratch, the parameter block, x and y unless resident.
  if (16 * Tn * (C + OC) * 4 > 4 * rt.largeBytes) return false;
  const yRes = rt.residentPtr(y);
  rt.reset();
  const px = rt.inMemory(X);
  const pu = rt.alloc(16 * C * OC * 4), pv = rt.alloc(16 * Tn * C * 4), pm = rt.alloc(16 * Tn * OC * 4);
  const pp = rt.alloc(20 * 4);
  const py = yRes >= 0 ? yRes : rt.alloc(y.length * 4);
  winogradFilterPlain(Wt, C, OC, rt.f32.subarray(pu >> 2, (pu >> 2) + 16 * C * OC));
  // V[ξν] = [tiles, C] and M[ξν] = [tiles, OC], row-major, one after another: plain GEMM operands.
  // The transforms run in chunks of tiles on the pool (wasm winogradChunk, modes 1 and 2).
  const TC = 64, chunks = Math.ceil(Tn / TC);
  rt.i32.set([px, pu, py, c.N, c.H, c.W, C, OC, c.OH, c.OW, c.PH, c.PW, TY, TX, TC, 1, pv, C, Tn * C, Tn], pp >> 2);
  rt.winograd(pp, chunks);
  const blas = curBlas;
  oneThreadEach(blas, () => rt.blasGemmBatch(poolSgemm(blas), 16, Tn, OC, C, pv, C, Tn * C * 4, pu, C * OC * 4, pm, OC, Tn * OC * 4));
  rt.i32.set([2, pm, OC, Tn * OC], (pp >> 2) + 15);
  rt.winograd(pp, chunks);
  if (yRes < 0) y.set(rt.f32.subarray(py >> 2, (py >> 2) + y.length));
  return true;
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
    const c2 = conv2Of(g);
    if (c2) { conv2BackpropInput(DY, W, c2, dx, gemm); return dx; }
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
    const c2 = conv2Of(g);
    if (c2) { conv2BackpropFilter(X, DY, c2, dw, gemm); return dw; }
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
