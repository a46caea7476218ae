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
      inputTransform(x, n, iy0, ix0, H, W, C, c, cnt, S);
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

/**
 * V = Bᵀ d B for channels [c, c + cnt) of the 4x4 input tile at rows iy0.., columns ix0.. of image
 * n (zeros outside the image): the 16 vectors go to S[16 + ξν] (S[0..15] is scratch).
 */
// @ts-ignore: decorator
@inline function inputTransform(x: usize, n: i32, iy0: i32, ix0: i32, H: i32, W: i32, C: i32, c: i32, cnt: i32, S: usize): void {
  // W = d B, row by row (into scratch), then V = Bᵀ W column by column.
  for (let i = 0; i < 4; i++) {
    const iy = iy0 + i;
    let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
    if (<u32>iy < <u32>H) {
      const row = x + (<usize>((n * H + iy) * W) * C + c) * 4;
      if (<u32>ix0 < <u32>W) d0 = loadN(row + <usize>ix0 * C * 4, cnt);
      if (<u32>(ix0 + 1) < <u32>W) d1 = loadN(row + <usize>(ix0 + 1) * C * 4, cnt);
      if (<u32>(ix0 + 2) < <u32>W) d2 = loadN(row + <usize>(ix0 + 2) * C * 4, cnt);
      if (<u32>(ix0 + 3) < <u32>W) d3 = loadN(row + <usize>(ix0 + 3) * C * 4, cnt);
    }
    const s = S + <usize>(i * 4) * 16;
    v128.store(s, f32x4.sub(d0, d2));
    v128.store(s, f32x4.add(d1, d2), 16);
    v128.store(s, f32x4.sub(d2, d1), 32);
    v128.store(s, f32x4.sub(d1, d3), 48);
  }
  for (let j = 0; j < 4; j++) {
    const w0 = v128.load(S + <usize>(0 * 4 + j) * 16), w1 = v128.load(S + <usize>(1 * 4 + j) * 16);
    const w2 = v128.load(S + <usize>(2 * 4 + j) * 16), w3 = v128.load(S + <usize>(3 * 4 + j) * 16);
    v128.store(S + <usize>(16 + j) * 16, f32x4.sub(w0, w2));
    v128.store(S + <usize>(16 + 4 + j) * 16, f32x4.add(w1, w2));
    v128.store(S + <usize>(16 + 8 + j) * 16, f32x4.sub(w2, w1));
    v128.store(S + <usize>(16 + 12 + j) * 16, f32x4.sub(w1, w3));
  }
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
      inputTransform(x, n, 2 * ty - PH, 2 * tx - PW, H, W, C, c, cnt, S);
      const dst = v + (<usize>t * ts + c) * 4;
      for (let e = 0; e < 16; e++) storeN(dst + <usize>(e * es) * 4, v128.load(S + <usize>(16 + e) * 16), cnt);
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
