// Winograd F(2x2, 3x3) for 3x3, stride-1, undilated 2-D convolutions (channels-last): each 2x2
// block of outputs costs 16 multiply-adds per (input, output) channel pair instead of 36.
//
//   V = Bᵀ d B   (4x4 input tile d, per channel)          U = G g Gᵀ   (3x3 filter g, per channel pair)
//   M[ξν] = V[ξν] · U[ξν]   (16 GEMMs: tiles x C times C x OC)
//   Y = Aᵀ M A   (2x2 outputs)
//
// Tiles are processed in chunks small enough for L2 (V and M of one chunk), so chunks are also the
// unit of work for the thread pool. The input transform writes V straight into the GEMM's packed
// A-panel layout and U is packed once into B panels, so the 16 GEMMs are bare micro-kernel calls.
// SIMD builds only (the JavaScript side uses the plain GEMM path for the scalar variant).

import { microKernel, MR, NR } from "./gemm";

/**
 * U, packed for the micro-kernel: for each of the 16 positions ξν, ceil(OC/NR) panels of
 * [C][NR] (zero-padded past OC). w is the filter [3, 3, C, OC].
 */
export function winogradFilter(w: usize, u: usize, C: i32, OC: i32): void {
  const np = (OC + NR - 1) / NR;
  for (let c = 0; c < C; c++) {
    for (let o = 0; o < np * NR; o++) {
      const ok = o < OC;
      // g[i][j] = w[((i*3 + j)*C + c)*OC + o]
      let g00: f32 = 0, g01: f32 = 0, g02: f32 = 0, g10: f32 = 0, g11: f32 = 0, g12: f32 = 0, g20: f32 = 0, g21: f32 = 0, g22: f32 = 0;
      if (ok) {
        const st = <usize>C * OC * 4, base = w + (<usize>c * OC + o) * 4;
        g00 = load<f32>(base); g01 = load<f32>(base + st); g02 = load<f32>(base + 2 * st);
        g10 = load<f32>(base + 3 * st); g11 = load<f32>(base + 4 * st); g12 = load<f32>(base + 5 * st);
        g20 = load<f32>(base + 6 * st); g21 = load<f32>(base + 7 * st); g22 = load<f32>(base + 8 * st);
      }
      // t = G g (4x3), rows: g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2  (g_i = row i)
      const t00 = g00, t01 = g01, t02 = g02;
      const t10 = (g00 + g10 + g20) * 0.5, t11 = (g01 + g11 + g21) * 0.5, t12 = (g02 + g12 + g22) * 0.5;
      const t20 = (g00 - g10 + g20) * 0.5, t21 = (g01 - g11 + g21) * 0.5, t22 = (g02 - g12 + g22) * 0.5;
      const t30 = g20, t31 = g21, t32 = g22;
      // U = t Gᵀ (4x4): each row of t combined like G combines rows.
      const jp = o / NR, q = o % NR;
      for (let e = 0; e < 16; e++) {
        let v: f32;
        const i = e >> 2, j = e & 3;
        const a0 = i == 0 ? t00 : i == 1 ? t10 : i == 2 ? t20 : t30;
        const a1 = i == 0 ? t01 : i == 1 ? t11 : i == 2 ? t21 : t31;
        const a2 = i == 0 ? t02 : i == 1 ? t12 : i == 2 ? t22 : t32;
        v = j == 0 ? a0 : j == 1 ? (a0 + a1 + a2) * 0.5 : j == 2 ? (a0 - a1 + a2) * 0.5 : a2;
        store<f32>(u + ((<usize>(e * np + jp) * C + c) * NR + q) * 4, v);
      }
    }
  }
}

// Parameter block (i32 at p): 0 x  1 u  2 out  3 N  4 H  5 W  6 C  7 OC  8 OH  9 OW  10 PH  11 PW
//                              12 tilesY  13 tilesX  14 tiles per chunk (a multiple of MR)
//   15 mode: 0 the whole convolution per chunk; 1 input / 2 output transform only (winogradInputPlain
//   / winogradOutputPlain), with 16 the V or M buffer, 17 its tile stride, 18 its ξν stride (floats),
//   19 the total number of tiles
// @ts-ignore: decorator
@inline function pi(p: usize, i: i32): i32 { return load<i32>(p + <usize>i * 4); }

/** Loads `cnt` (1..4) floats at p into a vector (the rest zero). */
// @ts-ignore: decorator
@inline function loadN(p: usize, cnt: i32): v128 {
  if (cnt >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (cnt > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (cnt > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}
// @ts-ignore: decorator
@inline function storeN(p: usize, v: v128, cnt: i32): void {
  if (cnt >= 4) { v128.store(p, v); return; }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (cnt > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (cnt > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/**
 * One chunk of tiles: input transform into packed V, the 16 GEMMs into M, output transform into
 * the output image. `ws`: this thread's workspace (V, M and 16 vectors of scratch).
 */
export function winogradChunk(p: usize, chunk: i32, ws: usize): void {
  if (!ASC_FEATURE_SIMD) return;
  const mode = pi(p, 15);
  if (mode == 0) { chunkSimd(p, chunk, ws); return; }
  // Modes 1 and 2: one transform for GEMMs done elsewhere, on tiles [chunk·T, (chunk+1)·T) of 19 total.
  const T = pi(p, 14), t0 = chunk * T, t1 = min(pi(p, 19), t0 + T);
  if (mode == 1) winogradInputPlain(p, t0, t1, <usize>pi(p, 16), pi(p, 17), pi(p, 18), ws);
  else winogradOutputPlain(p, t0, t1, <usize>pi(p, 16), pi(p, 17), pi(p, 18));
}

function chunkSimd(p: usize, chunk: i32, ws: usize): void {
  const x = <usize>pi(p, 0), u = <usize>pi(p, 1), out = <usize>pi(p, 2);
  const N = pi(p, 3), H = pi(p, 4), W = pi(p, 5), C = pi(p, 6), OC = pi(p, 7), OH = pi(p, 8), OW = pi(p, 9);
  const PH = pi(p, 10), PW = pi(p, 11), TY = pi(p, 12), TX = pi(p, 13), T = pi(p, 14);
  const np = (OC + NR - 1) / NR, OCp = np * NR;
  const total = N * TY * TX, t0 = chunk * T, count = min(T, total - t0);
  const V = ws, M = V + <usize>(16 * T * C) * 4, S = M + <usize>(16 * T * OCp) * 4;
  const panelsA = T / MR;
  // ---- input transform, 4 channels at a time
  for (let lt = 0; lt < T; lt++) {
    const ap = <usize>(lt / MR), ar = <usize>(lt % MR);
    if (lt >= count) {
      for (let e = 0; e < 16; e++) for (let c = 0; c < C; c++) store<f32>(V + (((<usize>e * panelsA + ap) * C + c) * MR + ar) * 4, 0);
      continue;
    }
    let rem = t0 + lt;
    const tx = rem % TX; rem /= TX;
    const ty = rem % TY; const n = rem / TY;
    const iy0 = 2 * ty - PH, ix0 = 2 * tx - PW;
    for (let c = 0; c < C; c += 4) {
      const cnt = min(4, C - c);
      inputTransform(x, n, iy0, ix0, H, W, C, c, cnt, S + 16 * 16, 16);
      // V[ξν][tile][c + q], packed: ((ξν·panels + tile/MR)·C + c + q)·MR + tile%MR
      for (let e = 0; e < 16; e++) {
        const v = v128.load(S + <usize>(16 + e) * 16);
        const dst = V + (((<usize>e * panelsA + ap) * C + c) * MR + ar) * 4;
        const st = <usize>MR * 4;
        store<f32>(dst, f32x4.extract_lane(v, 0));
        if (cnt > 1) store<f32>(dst + st, f32x4.extract_lane(v, 1));
        if (cnt > 2) store<f32>(dst + 2 * st, f32x4.extract_lane(v, 2));
        if (cnt > 3) store<f32>(dst + 3 * st, f32x4.extract_lane(v, 3));
      }
    }
  }
  // ---- 16 GEMMs: M[ξν] (T x OCp) = V[ξν] (T x C) · U[ξν] (C x OCp)
  for (let e = 0; e < 16; e++) {
    for (let jp = 0; jp < np; jp++) {
      const bPanel = u + (<usize>(e * np + jp) * C) * NR * 4;
      for (let ip = 0; ip < panelsA; ip++) {
        const aPanel = V + (<usize>(e * panelsA + ip) * C) * MR * 4;
        microKernel(C, aPanel, bPanel, <usize>NR * 4, M + (<usize>(e * T + ip * MR) * OCp + jp * NR) * 4, OCp, false);
      }
    }
  }
  // ---- output transform: Y = Aᵀ M A, 4 output channels at a time
  for (let lt = 0; lt < count; lt++) {
    let rem = t0 + lt;
    const tx = rem % TX; rem /= TX;
    const ty = rem % TY; const n = rem / TY;
    const oy = 2 * ty, ox = 2 * tx;
    for (let o = 0; o < OC; o += 4) outputTransform(M + (<usize>lt * OCp + o) * 4, <usize>T * OCp * 4, out, n, oy, ox, OH, OW, OC, o, min(4, OC - o));
  }
}

/** d[i][j] of the tile for channels [c, c + cnt): zero outside the image. */
// @ts-ignore: decorator
@inline function tileLoad(x: usize, n: i32, iy: i32, ix: i32, H: i32, W: i32, C: i32, c: i32, cnt: i32): v128 {
  if (<u32>iy >= <u32>H || <u32>ix >= <u32>W) return f32x4.splat(0);
  return loadN(x + (<usize>((n * H + iy) * W + ix) * C + c) * 4, cnt);
}

/**
 * V = Bᵀ d B for channels [c, c + cnt) of the 4x4 input tile at rows iy0.., columns ix0.. of image
 * n (zeros outside the image), in registers: V[ξν] is stored at dst + ξν·es bytes (`cnt` lanes).
 */
// @ts-ignore: decorator
@inline function inputTransform(x: usize, n: i32, iy0: i32, ix0: i32, H: i32, W: i32, C: i32, c: i32, cnt: i32, dst: usize, es: usize): void {
  // The row transforms dB of each of the 4 rows (r[i][j]), then Bᵀ(dB) down each column j.
  const z = f32x4.splat(0);
  let r00 = z, r01 = z, r02 = z, r03 = z, r10 = z, r11 = z, r12 = z, r13 = z;
  let r20 = z, r21 = z, r22 = z, r23 = z, r30 = z, r31 = z, r32 = z, r33 = z;
  // An interior tile with four channels loads without bounds checks.
  const interior = iy0 >= 0 && iy0 + 3 < H && ix0 >= 0 && ix0 + 3 < W && cnt == 4;
  const b = x + (<usize>((n * H + iy0) * W + ix0) * C + c) * 4, cs = <usize>C * 4, rs = <usize>W * C * 4;
  for (let i = 0; i < 4; i++) {
    let d0: v128, d1: v128, d2: v128, d3: v128;
    if (interior) {
      const p = b + <usize>i * rs;
      d0 = v128.load(p); d1 = v128.load(p + cs); d2 = v128.load(p + 2 * cs); d3 = v128.load(p + 3 * cs);
    } else {
      const iy = iy0 + i;
      d0 = tileLoad(x, n, iy, ix0, H, W, C, c, cnt); d1 = tileLoad(x, n, iy, ix0 + 1, H, W, C, c, cnt);
      d2 = tileLoad(x, n, iy, ix0 + 2, H, W, C, c, cnt); d3 = tileLoad(x, n, iy, ix0 + 3, H, W, C, c, cnt);
    }
    const a0 = f32x4.sub(d0, d2), a1 = f32x4.add(d1, d2), a2 = f32x4.sub(d2, d1), a3 = f32x4.sub(d1, d3);
    if (i == 0) { r00 = a0; r01 = a1; r02 = a2; r03 = a3; } else if (i == 1) { r10 = a0; r11 = a1; r12 = a2; r13 = a3; }
    else if (i == 2) { r20 = a0; r21 = a1; r22 = a2; r23 = a3; } else { r30 = a0; r31 = a1; r32 = a2; r33 = a3; }
  }
  // V[i*4 + j]: i = 0: r0j - r2j, 1: r1j + r2j, 2: r2j - r1j, 3: r1j - r3j
  storeN(dst, f32x4.sub(r00, r20), cnt); storeN(dst + es, f32x4.sub(r01, r21), cnt);
  storeN(dst + 2 * es, f32x4.sub(r02, r22), cnt); storeN(dst + 3 * es, f32x4.sub(r03, r23), cnt);
  storeN(dst + 4 * es, f32x4.add(r10, r20), cnt); storeN(dst + 5 * es, f32x4.add(r11, r21), cnt);
  storeN(dst + 6 * es, f32x4.add(r12, r22), cnt); storeN(dst + 7 * es, f32x4.add(r13, r23), cnt);
  storeN(dst + 8 * es, f32x4.sub(r20, r10), cnt); storeN(dst + 9 * es, f32x4.sub(r21, r11), cnt);
  storeN(dst + 10 * es, f32x4.sub(r22, r12), cnt); storeN(dst + 11 * es, f32x4.sub(r23, r13), cnt);
  storeN(dst + 12 * es, f32x4.sub(r10, r30), cnt); storeN(dst + 13 * es, f32x4.sub(r11, r31), cnt);
  storeN(dst + 14 * es, f32x4.sub(r12, r32), cnt); storeN(dst + 15 * es, f32x4.sub(r13, r33), cnt);
}

/**
 * Y = Aᵀ M A for output channels [o, o + cnt) of one tile: M[ξν] at m + ξν·es; the 2x2 outputs at
 * (oy, ox) of image n of out [N, OH, OW, OC] (clipped at the image edge).
 */
// @ts-ignore: decorator
@inline function outputTransform(m: usize, es: usize, out: usize, n: i32, oy: i32, ox: i32, OH: i32, OW: i32, OC: i32, o: i32, cnt: i32): void {
  // r[i][b] = Σ_j A[j][b] m[i][j]: b = 0: m0+m1+m2, b = 1: m1-m2-m3
  let r00 = f32x4.splat(0), r01 = f32x4.splat(0), r10 = f32x4.splat(0), r11 = f32x4.splat(0);
  let r20 = f32x4.splat(0), r21 = f32x4.splat(0), r30 = f32x4.splat(0), r31 = f32x4.splat(0);
  for (let i = 0; i < 4; i++) {
    const b = m + <usize>(i * 4) * es;
    const m0 = v128.load(b), m1 = v128.load(b + es), m2 = v128.load(b + 2 * es), m3 = v128.load(b + 3 * es);
    const s0 = f32x4.add(f32x4.add(m0, m1), m2), s1 = f32x4.sub(f32x4.sub(m1, m2), m3);
    if (i == 0) { r00 = s0; r01 = s1; } else if (i == 1) { r10 = s0; r11 = s1; } else if (i == 2) { r20 = s0; r21 = s1; } else { r30 = s0; r31 = s1; }
  }
  const y00 = f32x4.add(f32x4.add(r00, r10), r20), y01 = f32x4.add(f32x4.add(r01, r11), r21);
  const y10 = f32x4.sub(f32x4.sub(r10, r20), r30), y11 = f32x4.sub(f32x4.sub(r11, r21), r31);
  const row0 = out + (<usize>((n * OH + oy) * OW + ox) * OC + o) * 4;
  storeN(row0, y00, cnt);
  if (ox + 1 < OW) storeN(row0 + <usize>OC * 4, y01, cnt);
  if (oy + 1 < OH) {
    const row1 = row0 + <usize>OW * OC * 4;
    storeN(row1, y10, cnt);
    if (ox + 1 < OW) storeN(row1 + <usize>OC * 4, y11, cnt);
  }
}

/**
 * For GEMMs done elsewhere (the native backend's BLAS): V = Bᵀ d B of tiles [t0, t1) of the
 * parameter block p (x, N, H, W, C, PH, PW, tilesY, tilesX are read) into v, element (t, ξν, c)
 * at v + (t·ts + ξν·es + c) floats. `S`: 512 bytes of scratch.
 */
export function winogradInputPlain(p: usize, t0: i32, t1: i32, v: usize, ts: i32, es: i32, S: usize): void {
  if (!ASC_FEATURE_SIMD) return;
  const x = <usize>pi(p, 0), H = pi(p, 4), W = pi(p, 5), C = pi(p, 6);
  const PH = pi(p, 10), PW = pi(p, 11), TY = pi(p, 12), TX = pi(p, 13);
  for (let t = t0; t < t1; t++) {
    let rem = t;
    const tx = rem % TX; rem /= TX;
    const ty = rem % TY; const n = rem / TY;
    for (let c = 0; c < C; c += 4) {
      const cnt = min(4, C - c);
      inputTransform(x, n, 2 * ty - PH, 2 * tx - PW, H, W, C, c, cnt, v + (<usize>t * ts + c) * 4, <usize>es * 4);
    }
  }
}

/** The output transform of tiles [t0, t1) into p's output from m, element (t, ξν, o) at m + (t·ts + ξν·es + o) floats. */
export function winogradOutputPlain(p: usize, t0: i32, t1: i32, m: usize, ts: i32, es: i32): void {
  if (!ASC_FEATURE_SIMD) return;
  const out = <usize>pi(p, 2), OC = pi(p, 7), OH = pi(p, 8), OW = pi(p, 9), TY = pi(p, 12), TX = pi(p, 13);
  for (let t = t0; t < t1; t++) {
    let rem = t;
    const tx = rem % TX; rem /= TX;
    const ty = rem % TY; const n = rem / TY;
    for (let o = 0; o < OC; o += 4) outputTransform(m + (<usize>t * ts + o) * 4, <usize>es * 4, out, n, 2 * ty, 2 * tx, OH, OW, OC, o, min(4, OC - o));
  }
}

/** Workspace bytes winogradChunk needs for `T` tiles of C -> OC channels. */
export function winogradWorkspaceBytes(T: i32, C: i32, OC: i32): i32 {
  const OCp = (OC + NR - 1) / NR * NR;
  return (16 * T * C + 16 * T * OCp) * 4 + 32 * 16 + 64;
}
