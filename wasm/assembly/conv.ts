// Convolutions as GEMM over implicit im2col views: the packers below write GEMM's packed A panels
// straight from the image, so no column matrix is ever materialised (it would be K times the image).
//
// Geometry block (i32 x 21 at `g`), 3-D with unit leading dims for 1-D/2-D, channels-last:
//   0 N  1 D  2 H  3 W  4 C   5 OD  6 OH  7 OW   8 KD  9 KH 10 KW
//  11 SD 12 SH 13 SW (strides) 14 DD 15 DH 16 DW (dilations) 17 PD 18 PH 19 PW (padding before) 20 OC
//
//   forward   out[rows, OC]    = A[rows, T·C]   · W[T·C, OC]      A(r, t·C+c)  = x at tap t of output pixel r
//   dx        dx[pixels, C]    = A[pixels, T·OC]· Wt[T·OC, C]     A(q, t·OC+o) = dy at the output pixel whose tap t lands on q
//   dW        dW[T·C, OC]      = A[T·C, rows]   · dy[rows, OC]    A(t·C+c, r)  = x at tap t of output pixel r
// (T = KD·KH·KW taps, rows = N·OD·OH·OW output pixels.)

import { storeTranspose4 } from "./simd";

// @ts-ignore: decorator
@inline function gi(g: usize, i: i32): i32 { return load<i32>(g + <usize>i * 4); }

/** Address of output pixel r's receptive-field origin when the whole field is inside the image, else 0. */
function interiorBase(x: usize, g: usize, r: i32): usize {
  const D = gi(g, 1), H = gi(g, 2), W = gi(g, 3), C = gi(g, 4);
  const OD = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7), KD = gi(g, 8), KH = gi(g, 9), KW = gi(g, 10);
  let rem = r;
  const ox = rem % OW; rem /= OW;
  const oy = rem % OH; rem /= OH;
  const oz = rem % OD; const n = rem / OD;
  const iz = oz * gi(g, 11) - gi(g, 17), iy = oy * gi(g, 12) - gi(g, 18), ix = ox * gi(g, 13) - gi(g, 19);
  if (iz < 0 || iz + (KD - 1) * gi(g, 14) >= D || iy < 0 || iy + (KH - 1) * gi(g, 15) >= H || ix < 0 || ix + (KW - 1) * gi(g, 16) >= W) return 0;
  return x + <usize>(((n * D + iz) * H + iy) * W + ix) * C * 4;
}

/**
 * Forward: packs rows [i0, i0+mc) (output pixels) x cols [p0, p0+kc) (tap·C + c) into MR-row panels.
 * Rows whose receptive field lies inside the image (most of them) skip the bounds checks through a
 * table of tap offsets; four such rows that are neighbours along a 1-channel, stride-1 image row
 * (the first layer of an image model) are packed a vector at a time.
 */
export function packAConv(x: usize, g: usize, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize, MR: i32, tab: usize, maxTaps: i32): void {
  const D = gi(g, 1), H = gi(g, 2), W = gi(g, 3), C = gi(g, 4);
  const OD = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7), KD = gi(g, 8), KH = gi(g, 9), KW = gi(g, 10);
  const SD = gi(g, 11), SH = gi(g, 12), SW = gi(g, 13), DD = gi(g, 14), DH = gi(g, 15), DW = gi(g, 16);
  const PD = gi(g, 17), PH = gi(g, 18), PW = gi(g, 19);
  const T = KD * KH * KW;
  const useTab = T <= maxTaps;
  if (useTab) {
    // Offset (in elements) of each tap from the receptive field's first pixel.
    let t = 0;
    for (let kz = 0; kz < KD; kz++) for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++, t++) {
      store<i32>(tab + <usize>t * 4, ((kz * DD * H + ky * DH) * W + kx * DW) * C);
    }
  }
  const step = <usize>MR * 4;
  const pEnd = p0 + kc;
  for (let ir = 0; ir < mc; ir += MR) {
    const d = dst + <usize>(ir * kc) * 4;
    if (ASC_FEATURE_SIMD && useTab && C == 1 && SW == 1 && MR == 4 && ir + 4 <= mc) {
      let rem = i0 + ir;
      const ox = rem % OW; rem /= OW;
      const oy = rem % OH; rem /= OH;
      const oz = rem % OD; const n = rem / OD;
      const iz = oz * SD - PD, iy = oy * SH - PH, ix = ox - PW;
      if (ox + 3 < OW && iz >= 0 && iz + (KD - 1) * DD < D && iy >= 0 && iy + (KH - 1) * DH < H && ix >= 0 && ix + 3 + (KW - 1) * DW < W) {
        const base = x + <usize>(((n * D + iz) * H + iy) * W + ix) * 4;
        for (let p = p0; p < pEnd; p++) v128.store(d + <usize>(p - p0) * 16, v128.load(base + <usize>load<i32>(tab + <usize>p * 4) * 4));
        continue;
      }
    }
    if (ASC_FEATURE_SIMD && useTab && MR == 4 && C >= 4 && ir + 4 <= mc) {
      // Four interior rows, several channels: 4 x 4 blocks (4 channels of each row) transposed
      // into four packed k steps with shuffles instead of sixteen scalar moves.
      const b0 = interiorBase(x, g, i0 + ir), b1 = interiorBase(x, g, i0 + ir + 1);
      const b2 = interiorBase(x, g, i0 + ir + 2), b3 = interiorBase(x, g, i0 + ir + 3);
      if (b0 && b1 && b2 && b3) {
        let tap = p0 / C, c = p0 - tap * C, p = p0;
        while (p < pEnd) {
          const off = <usize>(load<i32>(tab + <usize>tap * 4) + c) * 4, o = d + <usize>(p - p0) * 16;
          if ((c & 3) == 0 && c + 4 <= C && p + 4 <= pEnd) {
            storeTranspose4(o, v128.load(b0 + off), v128.load(b1 + off), v128.load(b2 + off), v128.load(b3 + off));
            p += 4; c += 4;
          } else {
            store<f32>(o, load<f32>(b0 + off)); store<f32>(o, load<f32>(b1 + off), 4);
            store<f32>(o, load<f32>(b2 + off), 8); store<f32>(o, load<f32>(b3 + off), 12);
            p++; c++;
          }
          if (c == C) { c = 0; tap++; }
        }
        continue;
      }
    }
    for (let rr = 0; rr < MR; rr++) {
      let o = d + <usize>rr * 4;
      if (ir + rr >= mc) { for (let p = 0; p < kc; p++, o += step) store<f32>(o, 0); continue; }
      let rem = i0 + ir + rr;
      const ox = rem % OW; rem /= OW;
      const oy = rem % OH; rem /= OH;
      const oz = rem % OD; const n = rem / OD;
      let tap = p0 / C, c = p0 - tap * C;
      const iz0 = oz * SD - PD, iy0 = oy * SH - PH, ix0 = ox * SW - PW;
      if (useTab && iz0 >= 0 && iz0 + (KD - 1) * DD < D && iy0 >= 0 && iy0 + (KH - 1) * DH < H && ix0 >= 0 && ix0 + (KW - 1) * DW < W) {
        const base = x + <usize>(((n * D + iz0) * H + iy0) * W + ix0) * C * 4;
        let p = p0;
        while (p < pEnd) {
          const run = min(C - c, pEnd - p);
          let s = base + <usize>(load<i32>(tab + <usize>tap * 4) + c) * 4;
          for (let q = 0; q < run; q++, o += step, s += 4) store<f32>(o, load<f32>(s));
          p += run; c = 0; tap++;
        }
        continue;
      }
      let kx = tap % KW; tap /= KW;
      let ky = tap % KH; let kz = tap / KH;
      let p = p0;
      while (p < pEnd) {
        const run = min(C - c, pEnd - p);
        const iz = iz0 + kz * DD, iy = iy0 + ky * DH, ix = ix0 + kx * DW;
        if (<u32>iz < <u32>D && <u32>iy < <u32>H && <u32>ix < <u32>W) {
          let s = x + ((<usize>((n * D + iz) * H + iy) * W + ix) * C + c) * 4;
          for (let q = 0; q < run; q++, o += step, s += 4) store<f32>(o, load<f32>(s));
        } else {
          for (let q = 0; q < run; q++, o += step) store<f32>(o, 0);
        }
        p += run; c = 0;
        if (++kx == KW) { kx = 0; if (++ky == KH) { ky = 0; kz++; } }
      }
    }
  }
}

/** Input gradient: packs rows [i0, i0+mc) (input pixels) x cols [p0, p0+kc) (tap·OC + o). Reads dy. */
export function packAConvDx(dy: usize, g: usize, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize, MR: i32): void {
  const D = gi(g, 1), H = gi(g, 2), W = gi(g, 3);
  const OD = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7), KH = gi(g, 9), KW = gi(g, 10);
  const SD = gi(g, 11), SH = gi(g, 12), SW = gi(g, 13), DD = gi(g, 14), DH = gi(g, 15), DW = gi(g, 16);
  const PD = gi(g, 17), PH = gi(g, 18), PW = gi(g, 19), OC = gi(g, 20);
  const step = <usize>MR * 4;
  const pEnd = p0 + kc;
  for (let ir = 0; ir < mc; ir += MR) {
    const d = dst + <usize>(ir * kc) * 4;
    for (let rr = 0; rr < MR; rr++) {
      let o = d + <usize>rr * 4;
      if (ir + rr >= mc) { for (let p = 0; p < kc; p++, o += step) store<f32>(o, 0); continue; }
      let rem = i0 + ir + rr;
      const ix = rem % W; rem /= W;
      const iy = rem % H; rem /= H;
      const iz = rem % D; const n = rem / D;
      let tap = p0 / OC, c = p0 - tap * OC;
      let kx = tap % KW; tap /= KW;
      let ky = tap % KH; let kz = tap / KH;
      let p = p0;
      while (p < pEnd) {
        const run = min(OC - c, pEnd - p);
        // The output pixel whose tap (kz, ky, kx) reads this input pixel, if any.
        const zz = iz + PD - kz * DD, yy = iy + PH - ky * DH, xx = ix + PW - kx * DW;
        const oz = zz / SD, oy = yy / SH, ox = xx / SW;
        if (zz >= 0 && yy >= 0 && xx >= 0 && oz * SD == zz && oy * SH == yy && ox * SW == xx && oz < OD && oy < OH && ox < OW) {
          let s = dy + ((<usize>((n * OD + oz) * OH + oy) * OW + ox) * OC + c) * 4;
          for (let q = 0; q < run; q++, o += step, s += 4) store<f32>(o, load<f32>(s));
        } else {
          for (let q = 0; q < run; q++, o += step) store<f32>(o, 0);
        }
        p += run; c = 0;
        if (++kx == KW) { kx = 0; if (++ky == KH) { ky = 0; kz++; } }
      }
    }
  }
}

/** Filter gradient: packs rows [i0, i0+mc) (tap·C + c) x cols [p0, p0+kc) (output pixels). Reads x. */
export function packAConvDw(x: usize, g: usize, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize, MR: i32): void {
  const D = gi(g, 1), H = gi(g, 2), W = gi(g, 3), C = gi(g, 4);
  const OD = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7), KH = gi(g, 9), KW = gi(g, 10);
  const SD = gi(g, 11), SH = gi(g, 12), SW = gi(g, 13), DD = gi(g, 14), DH = gi(g, 15), DW = gi(g, 16);
  const PD = gi(g, 17), PH = gi(g, 18), PW = gi(g, 19);
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const d = dst + <usize>(ir * kc) * 4;
    const i = i0 + ir;
    const tap0 = i / C, c0 = i - tap0 * C;
    if (c0 + mr <= C) {
      // The panel's rows are channels c0.. of one tap: per pixel one bounds check, mr contiguous loads.
      const kx = tap0 % KW, ky = (tap0 / KW) % KH, kz = tap0 / (KW * KH);
      let rem = p0;
      let ox = rem % OW; rem /= OW;
      let oy = rem % OH; rem /= OH;
      let oz = rem % OD; let n = rem / OD;
      for (let p = 0; p < kc; p++) {
        const o = d + <usize>(p * MR) * 4;
        const iz = oz * SD - PD + kz * DD, iy = oy * SH - PH + ky * DH, ix = ox * SW - PW + kx * DW;
        if (<u32>iz < <u32>D && <u32>iy < <u32>H && <u32>ix < <u32>W) {
          const s = x + ((<usize>((n * D + iz) * H + iy) * W + ix) * C + c0) * 4;
          if (ASC_FEATURE_SIMD && mr == 4 && MR == 4) v128.store(o, v128.load(s));
          else for (let r = 0; r < mr; r++) store<f32>(o + <usize>r * 4, load<f32>(s + <usize>r * 4));
        } else {
          for (let r = 0; r < mr; r++) store<f32>(o + <usize>r * 4, 0);
        }
        for (let r = mr; r < MR; r++) store<f32>(o + <usize>r * 4, 0);
        if (++ox == OW) { ox = 0; if (++oy == OH) { oy = 0; if (++oz == OD) { oz = 0; n++; } } }
      }
    } else {
      // Rows straddle taps: element by element.
      for (let rr = 0; rr < MR; rr++) {
        let o = d + <usize>rr * 4;
        const step = <usize>MR * 4;
        if (rr >= mr) { for (let p = 0; p < kc; p++, o += step) store<f32>(o, 0); continue; }
        const row = i + rr, tap = row / C, c = row - tap * C;
        const kx = tap % KW, ky = (tap / KW) % KH, kz = tap / (KW * KH);
        let rem = p0;
        let ox = rem % OW; rem /= OW;
        let oy = rem % OH; rem /= OH;
        let oz = rem % OD; let n = rem / OD;
        for (let p = 0; p < kc; p++, o += step) {
          const iz = oz * SD - PD + kz * DD, iy = oy * SH - PH + ky * DH, ix = ox * SW - PW + kx * DW;
          if (<u32>iz < <u32>D && <u32>iy < <u32>H && <u32>ix < <u32>W) {
            store<f32>(o, load<f32>(x + ((<usize>((n * D + iz) * H + iy) * W + ix) * C + c) * 4));
          } else store<f32>(o, 0);
          if (++ox == OW) { ox = 0; if (++oy == OH) { oy = 0; if (++oz == OD) { oz = 0; n++; } } }
        }
      }
    }
  }
}

/**
 * Input gradient, the other way round (for layers with fewer input than output channels): after
 * col[rows, T·C] = dy · Wᵀ, scatter-adds rows [r0, r1) of col (starting at `col`) into the
 * channels-last image gradient `dx`, which the caller zeroed.
 */
export function col2im(col: usize, g: usize, r0: i32, r1: i32, dx: usize): void {
  const D = gi(g, 1), H = gi(g, 2), W = gi(g, 3), C = gi(g, 4);
  const OD = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7), KD = gi(g, 8), KH = gi(g, 9), KW = gi(g, 10);
  const SD = gi(g, 11), SH = gi(g, 12), SW = gi(g, 13), DD = gi(g, 14), DH = gi(g, 15), DW = gi(g, 16);
  const PD = gi(g, 17), PH = gi(g, 18), PW = gi(g, 19);
  let p = col;
  for (let r = r0; r < r1; r++) {
    let rem = r;
    const ox = rem % OW; rem /= OW;
    const oy = rem % OH; rem /= OH;
    const oz = rem % OD; const n = rem / OD;
    for (let kz = 0; kz < KD; kz++) {
      const iz = oz * SD - PD + kz * DD;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * SH - PH + ky * DH;
        for (let kx = 0; kx < KW; kx++, p += <usize>C * 4) {
          const ix = ox * SW - PW + kx * DW;
          if (<u32>iz >= <u32>D || <u32>iy >= <u32>H || <u32>ix >= <u32>W) continue;
          const d = dx + <usize>(((n * D + iz) * H + iy) * W + ix) * C * 4;
          let c = 0;
          if (ASC_FEATURE_SIMD) {
            for (; c + 4 <= C; c += 4) {
              const o = <usize>c * 4;
              v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(p + o)));
            }
          }
          for (; c < C; c++) {
            const o = <usize>c * 4;
            store<f32>(d + o, load<f32>(d + o) + load<f32>(p + o));
          }
        }
      }
    }
  }
}

/** Wt[t·OC + o, c] = W[(t·C + c)·OC + o]: the filter as the input gradient's GEMM needs it. */
export function convFilterForDx(w: usize, dst: usize, T: i32, C: i32, OC: i32): void {
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < C; c++) {
      const s = w + <usize>((t * C + c) * OC) * 4;
      for (let o = 0; o < OC; o++) store<f32>(dst + <usize>((t * OC + o) * C + c) * 4, load<f32>(s + <usize>o * 4));
    }
  }
}
