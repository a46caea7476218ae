// Packed, cache-blocked single-precision GEMM (GotoBLAS/BLIS loop order).
//
//   C[m0:m1, n0:n1] (+)= op(A) · op(B)
//
// The caller (one thread of the pool, or the main thread alone) owns a sub-block of C and a
// private workspace; shared operands are only read, so threads need no locks. Loop nest:
//
//   for jc in N step NC:            B block  [KC x NC]  packed into NR-wide panels (L3)
//     for pc in K step KC:
//       for ic in M step MC:        A block  [MC x KC]  packed into MR-tall panels (L2)
//         for jr in NC step NR:     one B micro-panel (KC x NR, L1) ...
//           for ir in MC step MR:   ... times every A micro-panel: MR x NR micro-kernel
//
// The micro-kernel keeps an MR x NR tile of C in registers: 4 x 8 floats = 8 f32x4 accumulators
// with SIMD, 4 x 4 scalars without. WebAssembly SIMD (Node 20) has no fused multiply-add, so each
// step is f32x4.mul then f32x4.add. Measured on Zen 3 (CPU time, one thread): 4 x 8 runs at
// ~36 GFLOPS (75% of the mul+add peak); 6 x 8 and 5 x 8 spill (V8's TurboFan hoists the A
// broadcasts) and run at 27 and 23; unrolling by two spills too; broadcasting A by shuffles
// instead of load-splats changes nothing.
//
// A is read through a "source": a strided matrix, or (for convolutions) an implicit im2col view of
// an image, so a convolution never materialises its column matrix. See conv.ts.

import { packAConv, packAConvDx, packAConvDw } from "./conv";

export const MR: i32 = 4;
export const NR: i32 = ASC_FEATURE_SIMD ? 8 : 4;
const KC: i32 = 384; // a 3x3x32 conv's K = 288 in one block (6-10% faster than 256 there; equal elsewhere)
const MC: i32 = 120; // a multiple of MR
const NC: i32 = 2048; // a multiple of both NRs

/** Workspace bytes one thread needs: packed A block, packed B block, one edge tile. */
export function gemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR + MAX_TAPS) * 4 + 64;
}
/** Filter taps the convolution packers keep an offset table for (larger filters take the general path). */
export const MAX_TAPS: i32 = 4096;

// ---------------------------------------------------------------- operand sources
export const A_MATRIX: i32 = 0;
export const A_CONV: i32 = 1;
export const A_CONV_DX: i32 = 2;
export const A_CONV_DW: i32 = 3;

let aKind: i32 = 0;
let aPtr: usize = 0;
let aRs: i32 = 0; // A(i, p) = a[i * aRs + p * aCs]
let aCs: i32 = 0;
let bPtr: usize = 0;
let bRs: i32 = 0; // B(p, j) = b[p * bRs + j * bCs]
let bCs: i32 = 0;

/** Sets op(A) for the next gemm() calls: a strided matrix, or a convolution view (aRs = geometry pointer). */
export function setA(kind: i32, ptr: usize, rs: i32, cs: i32): void {
  aKind = kind; aPtr = ptr; aRs = rs; aCs = cs;
}
/** Sets op(B) for the next gemm() calls: B(p, j) = b[p * rs + j * cs]. */
export function setB(ptr: usize, rs: i32, cs: i32): void {
  bPtr = ptr; bRs = rs; bCs = cs;
}

// ---------------------------------------------------------------- packing
/** Packs rows [i0, i0+mc) x cols [p0, p0+kc) of a strided A into MR-row panels (zero-padded). */
function packAMatrix(i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const d = dst + <usize>(ir * kc) * 4;
    if (aCs == 1 && mr == MR) {
      // Row-major A: MR row streams, one contiguous MR-group written per p.
      const r0 = aPtr + (<usize>(i0 + ir) * aRs + p0) * 4;
      const rs = <usize>aRs * 4;
      for (let p = 0; p < kc; p++) {
        const s = r0 + <usize>p * 4, o = d + <usize>(p * 4) * 4;
        store<f32>(o, load<f32>(s));
        store<f32>(o, load<f32>(s + rs), 4);
        store<f32>(o, load<f32>(s + 2 * rs), 8);
        store<f32>(o, load<f32>(s + 3 * rs), 12);
      }
    } else if (aRs == 1) {
      // Transposed A: each p holds the MR values contiguously.
      for (let p = 0; p < kc; p++) {
        const s = aPtr + (<usize>(p0 + p) * aCs + i0 + ir) * 4, o = d + <usize>(p * MR) * 4;
        for (let r = 0; r < mr; r++) store<f32>(o + <usize>r * 4, load<f32>(s + <usize>r * 4));
        for (let r = mr; r < MR; r++) store<f32>(o + <usize>r * 4, 0);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = d + <usize>(p * MR) * 4;
        for (let r = 0; r < mr; r++) store<f32>(o + <usize>r * 4, load<f32>(aPtr + (<usize>(i0 + ir + r) * aRs + <usize>(p0 + p) * aCs) * 4));
        for (let r = mr; r < MR; r++) store<f32>(o + <usize>r * 4, 0);
      }
    }
  }
}

let tapTable: usize = 0;
function packA(i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  if (aKind == A_MATRIX) packAMatrix(i0, mc, p0, kc, dst);
  else if (aKind == A_CONV) packAConv(aPtr, <usize>aRs, i0, mc, p0, kc, dst, MR, tapTable, MAX_TAPS);
  else if (aKind == A_CONV_DX) packAConvDx(aPtr, <usize>aRs, i0, mc, p0, kc, dst, MR);
  else packAConvDw(aPtr, <usize>aRs, i0, mc, p0, kc, dst, MR);
}

/** Packs rows [p0, p0+kc) x cols [j0, j0+nc) of B into NR-column panels (zero-padded). */
function packB(p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const d = dst + <usize>(jr * kc) * 4;
    if (bCs == 1 && nr == NR) {
      const s0 = bPtr + (<usize>p0 * bRs + j0 + jr) * 4, rs = <usize>bRs * 4;
      if (ASC_FEATURE_SIMD) {
        for (let p = 0; p < kc; p++) {
          const s = s0 + <usize>p * rs, o = d + <usize>(p * 8) * 4;
          v128.store(o, v128.load(s));
          v128.store(o, v128.load(s, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = s0 + <usize>p * rs, o = d + <usize>(p * 4) * 4;
          store<f32>(o, load<f32>(s)); store<f32>(o, load<f32>(s, 4), 4);
          store<f32>(o, load<f32>(s, 8), 8); store<f32>(o, load<f32>(s, 12), 12);
        }
      }
    } else if (bRs == 1) {
      // Transposed B: column j is contiguous over p.
      for (let j = 0; j < NR; j++) {
        const o = d + <usize>j * 4;
        if (j < nr) {
          const s = bPtr + (<usize>(j0 + jr + j) * bCs + p0) * 4;
          for (let p = 0; p < kc; p++) store<f32>(o + <usize>(p * NR) * 4, load<f32>(s + <usize>p * 4));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(o + <usize>(p * NR) * 4, 0);
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = d + <usize>(p * NR) * 4;
        for (let j = 0; j < nr; j++) store<f32>(o + <usize>j * 4, load<f32>(bPtr + (<usize>(p0 + p) * bRs + <usize>(j0 + jr + j) * bCs) * 4));
        for (let j = nr; j < NR; j++) store<f32>(o + <usize>j * 4, 0);
      }
    }
  }
}

// ---------------------------------------------------------------- micro-kernels
/** C[4 x 8] at c (row stride ldc floats) (+)= Ap[kc x 4]ᵀ · Bp[kc x 8]. */
// @ts-ignore: decorator
@inline function kernelSimd(kc: i32, a: usize, b: usize, bstep: usize, c: usize, ldc: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += 16; b += bstep;
  }
  const rs = <usize>ldc * 4;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + rs)); c11 = f32x4.add(c11, v128.load(c + rs, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * rs)); c21 = f32x4.add(c21, v128.load(c + 2 * rs, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * rs)); c31 = f32x4.add(c31, v128.load(c + 3 * rs, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += rs;
  v128.store(c, c10); v128.store(c, c11, 16); c += rs;
  v128.store(c, c20); v128.store(c, c21, 16); c += rs;
  v128.store(c, c30); v128.store(c, c31, 16);
}

/** C[4 x 4] (+)= Ap[kc x 4]ᵀ · Bp[kc x 4], sixteen scalar accumulators. */
// @ts-ignore: decorator
@inline function kernelScalar(kc: i32, a: usize, b: usize, bstep: usize, c: usize, ldc: i32, acc: bool): void {
  let c00: f32 = 0, c01: f32 = 0, c02: f32 = 0, c03: f32 = 0;
  let c10: f32 = 0, c11: f32 = 0, c12: f32 = 0, c13: f32 = 0;
  let c20: f32 = 0, c21: f32 = 0, c22: f32 = 0, c23: f32 = 0;
  let c30: f32 = 0, c31: f32 = 0, c32: f32 = 0, c33: f32 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = load<f32>(b), b1 = load<f32>(b, 4), b2 = load<f32>(b, 8), b3 = load<f32>(b, 12);
    let x = load<f32>(a);
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = load<f32>(a, 4);
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = load<f32>(a, 8);
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = load<f32>(a, 12);
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
    a += 16; b += bstep;
  }
  const rs = <usize>ldc * 4;
  if (acc) {
    c00 += load<f32>(c); c01 += load<f32>(c, 4); c02 += load<f32>(c, 8); c03 += load<f32>(c, 12);
    c10 += load<f32>(c + rs); c11 += load<f32>(c + rs, 4); c12 += load<f32>(c + rs, 8); c13 += load<f32>(c + rs, 12);
    c20 += load<f32>(c + 2 * rs); c21 += load<f32>(c + 2 * rs, 4); c22 += load<f32>(c + 2 * rs, 8); c23 += load<f32>(c + 2 * rs, 12);
    c30 += load<f32>(c + 3 * rs); c31 += load<f32>(c + 3 * rs, 4); c32 += load<f32>(c + 3 * rs, 8); c33 += load<f32>(c + 3 * rs, 12);
  }
  store<f32>(c, c00); store<f32>(c, c01, 4); store<f32>(c, c02, 8); store<f32>(c, c03, 12); c += rs;
  store<f32>(c, c10); store<f32>(c, c11, 4); store<f32>(c, c12, 8); store<f32>(c, c13, 12); c += rs;
  store<f32>(c, c20); store<f32>(c, c21, 4); store<f32>(c, c22, 8); store<f32>(c, c23, 12); c += rs;
  store<f32>(c, c30); store<f32>(c, c31, 4); store<f32>(c, c32, 8); store<f32>(c, c33, 12);
}

/** `bstep`: bytes from one k step of the B panel to the next (NR·4 when packed, the row stride when read in place). */
export function microKernel(kc: i32, a: usize, b: usize, bstep: usize, c: usize, ldc: i32, acc: bool): void {
  if (ASC_FEATURE_SIMD) kernelSimd(kc, a, b, bstep, c, ldc, acc);
  else kernelScalar(kc, a, b, bstep, c, ldc, acc);
}

/** Splits `total` into ceil(total / max) near-equal blocks, rounded up to a multiple of `unit`. */
function blockSize(total: i32, max: i32, unit: i32): i32 {
  const nb = (total + max - 1) / max;
  const b = (total + nb - 1) / nb;
  return min(max, (b + unit - 1) / unit * unit);
}

/**
 * C[m0:m1, n0:n1] (+)= op(A)[m0:m1, :k] · op(B)[:k, n0:n1] with the operands set by setA/setB.
 * C is row-major with `ldc` floats per row. `accumulate`: add to C instead of overwriting it.
 * `ws`: this thread's workspace (gemmWorkspaceBytes(), 16-byte aligned).
 */
export function gemm(m0: i32, m1: i32, n0: i32, n1: i32, k: i32, c: usize, ldc: i32, accumulate: bool, ws: usize): void {
  if (m1 <= m0 || n1 <= n0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = m0; i < m1; i++) memory.fill(c + (<usize>i * ldc + n0) * 4, 0, <usize>(n1 - n0) * 4);
    return;
  }
  const ap = ws, bp = ap + <usize>(MC * KC) * 4, tile = bp + <usize>(KC * NC) * 4;
  tapTable = tile + <usize>(MR * NR) * 4;
  const kb = blockSize(k, KC, 1), mb = blockSize(m1 - m0, MC, MR);
  // Few rows (a batch of 32 through a Dense layer): each B panel serves only a handful of A
  // panels, so packing B (the whole weight matrix) would cost as much as the product. Row-major B
  // is then read in place, a full NR-wide panel at a time; only the ragged last panel is packed.
  const direct = bCs == 1 && m1 - m0 <= 8 * MR;
  for (let jc = n0; jc < n1; jc += NC) {
    const nc = min(NC, n1 - jc);
    for (let pc = 0; pc < k; pc += kb) {
      const kc = min(kb, k - pc);
      const acc = accumulate || pc > 0;
      if (!direct) packB(pc, kc, jc, nc, bp);
      else if (nc % NR != 0) packB(pc, kc, jc + nc - nc % NR, nc % NR, bp + <usize>((nc - nc % NR) * kc) * 4);
      for (let ic = m0; ic < m1; ic += mb) {
        const mc = min(mb, m1 - ic);
        packA(ic, mc, pc, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          let bPanel = bp + <usize>(jr * kc) * 4, bstep: usize = <usize>NR * 4;
          if (direct && nr == NR) { bPanel = bPtr + (<usize>pc * bRs + jc + jr) * 4; bstep = <usize>bRs * 4; }
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const aPanel = ap + <usize>(ir * kc) * 4;
            const cTile = c + (<usize>(ic + ir) * ldc + jc + jr) * 4;
            if (mr == MR && nr == NR) {
              microKernel(kc, aPanel, bPanel, bstep, cTile, ldc, acc);
            } else {
              // Edge tile: compute the full tile into scratch, then add/copy the valid part.
              microKernel(kc, aPanel, bPanel, bstep, tile, NR, false);
              for (let r = 0; r < mr; r++) {
                const crow = cTile + <usize>r * ldc * 4, trow = tile + <usize>(r * NR) * 4;
                if (acc) for (let q = 0; q < nr; q++) store<f32>(crow + <usize>q * 4, load<f32>(crow + <usize>q * 4) + load<f32>(trow + <usize>q * 4));
                else for (let q = 0; q < nr; q++) store<f32>(crow + <usize>q * 4, load<f32>(trow + <usize>q * 4));
              }
            }
          }
        }
      }
    }
  }
}
