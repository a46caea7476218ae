// Philox4x32-10 uniform floats, word for word the cpu backend's generator (core/backends/cpu/
// kernels/random.ts): counter [block lo, block hi, c2, c3], key [k0, k1], ten rounds; each word
// becomes (w & 0x7fffff) * 2^-23 * range + lo in float64, stored as float32.

import { storeTranspose4 } from "./simd";

// @ts-ignore: decorator
@inline function mulhi(a: u32, b: u32): u32 { return <u32>((<u64>a * <u64>b) >> 32); }

// @ts-ignore: decorator
@inline const SCALE: f64 = 1.1920928955078125e-7; // 2^-23

/** philoxBlock's four words (module globals: each thread's instance has its own). */
let pw0: u32 = 0, pw1: u32 = 0, pw2: u32 = 0, pw3: u32 = 0;

/** One block: counter (ctr's two words, c2, c3) and key (k0, k1), ten rounds; the words in pw0..pw3. */
// @ts-ignore: decorator
@inline function philoxBlock(ctr: u64, c2: u32, c3: u32, k0: u32, k1: u32): void {
  let x0 = <u32>ctr, x1 = <u32>(ctr >> 32), x2 = c2, x3 = c3, y0 = k0, y1 = k1;
  for (let r = 0; r < 10; r++) {
    const lo0 = 0xd2511f53 * x0, hi0 = mulhi(0xd2511f53, x0);
    const lo1 = 0xcd9e8d57 * x2, hi1 = mulhi(0xcd9e8d57, x2);
    x0 = hi1 ^ x1 ^ y0; x1 = lo1;
    x2 = hi0 ^ x3 ^ y1; x3 = lo0;
    y0 += 0x9e3779b9; y1 += 0xbb67ae85;
  }
  pw0 = x0; pw1 = x1; pw2 = x2; pw3 = x3;
}

/**
 * SIMD: float32x4 of the f64 values (w & 0x7fffff) * 2^-23 * range + lo of a pair of word pairs,
 * `a` = (w0, w1, ., .) and `b` = (w2, w3, ., .) (low two lanes of each), in the order w0 w1 w2 w3.
 * Multiply then add in f64 (no fused multiply-add), rounded to f32 once: the scalar code's values.
 */
// @ts-ignore: decorator
@inline function floats4(a: v128, b: v128, S: v128, R: v128, L: v128): v128 {
  // The masked words are < 2^23: signed conversion is exact.
  const fa = f64x2.add(f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_s(a), S), R), L);
  const fb = f64x2.add(f64x2.mul(f64x2.mul(f64x2.convert_low_i32x4_s(b), S), R), L);
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(fa), f32x4.demote_f64x2_zero(fb), 0, 1, 4, 5);
}

/**
 * SIMD: the 16 values of four blocks, x0..x3 = word k of blocks 0..3 (lane j = block j), at p in
 * the scalar order: block 0's words 0..3, then block 1's, ... (a 4x4 transpose).
 */
// @ts-ignore: decorator
@inline function store16(p: usize, x0: v128, x1: v128, x2: v128, x3: v128, MASK: v128, S: v128, R: v128, L: v128): void {
  x0 = v128.and(x0, MASK); x1 = v128.and(x1, MASK); x2 = v128.and(x2, MASK); x3 = v128.and(x3, MASK);
  // a01 = (x0[0], x1[0], x0[1], x1[1]), b01 = (x2[0], x3[0], x2[1], x3[1]); a23, b23 for blocks 2, 3.
  const a01 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5), b01 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5);
  const a23 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7), b23 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
  v128.store(p, floats4(a01, b01, S, R, L));
  v128.store(p, floats4(v128.shuffle<i32>(a01, a01, 2, 3, 2, 3), v128.shuffle<i32>(b01, b01, 2, 3, 2, 3), S, R, L), 16);
  v128.store(p, floats4(a23, b23, S, R, L), 32);
  v128.store(p, floats4(v128.shuffle<i32>(a23, a23, 2, 3, 2, 3), v128.shuffle<i32>(b23, b23, 2, 3, 2, 3), S, R, L), 48);
}

/**
 * store16 for the unit interval (range 1, lo 0): (w & 0x7fffff) * 2^-23 is exact in float32, so
 * the words convert straight to float32 (the same values as the float64 path), then transpose.
 */
// @ts-ignore: decorator
@inline function store16unit(p: usize, x0: v128, x1: v128, x2: v128, x3: v128, MASK: v128, S: v128): void {
  const f0 = f32x4.mul(f32x4.convert_i32x4_s(v128.and(x0, MASK)), S), f1 = f32x4.mul(f32x4.convert_i32x4_s(v128.and(x1, MASK)), S);
  const f2 = f32x4.mul(f32x4.convert_i32x4_s(v128.and(x2, MASK)), S), f3 = f32x4.mul(f32x4.convert_i32x4_s(v128.and(x3, MASK)), S);
  // Lane j of f_k is word k of block j; block j's four words go to p + 16j.
  storeTranspose4(p, f0, f1, f2, f3);
}

/** out[i] for i < n from blocks start, start + 1, ... (start = blockHi:blockLo). */
export function philoxUniform(out: usize, n: i32, blockLo: u32, blockHi: u32, c2: u32, c3: u32, k0: u32, k1: u32, range: f64, lo: f64): void {
  const start = (<u64>blockHi << 32) | <u64>blockLo;
  let i = 0, b: u64 = 0;
  if (ASC_FEATURE_SIMD) {
    // Eight blocks at once, as two independent sets of four (the rounds are a chain of dependent
    // multiplies; two chains keep the vector units busy): lane j of x* is block start + b + j, of
    // u* block start + b + 4 + j. 32 values per group, stored in the scalar order.
    const M0 = i32x4.splat(0xd2511f53), M1 = i32x4.splat(0xcd9e8d57);
    const W0 = i32x4.splat(0x9e3779b9), W1 = i32x4.splat(0xbb67ae85);
    const K0 = i32x4.splat(k0), K1 = i32x4.splat(k1), C2 = i32x4.splat(c2), C3 = i32x4.splat(c3);
    const MASK = i32x4.splat(0x7fffff), LANE = i32x4(0, 1, 2, 3), LANE4 = i32x4(4, 5, 6, 7);
    const S = f64x2.splat(SCALE), R = f64x2.splat(range), L = f64x2.splat(lo), SF = f32x4.splat(<f32>SCALE);
    const unit = range == 1 && lo == 0;
    for (; i + 32 <= n; i += 32, b += 8) {
      const ctr = start + b;
      const base = i32x4.splat(<i32>ctr), high = i32x4.splat(<i32>(ctr >> 32));
      // A lane whose low word wrapped past 2^32 carries into the high word (lt_u is -1 there).
      let x0 = i32x4.add(base, LANE), u0 = i32x4.add(base, LANE4);
      let x1 = i32x4.sub(high, i32x4.lt_u(x0, base)), u1 = i32x4.sub(high, i32x4.lt_u(u0, base));
      let x2 = C2, x3 = C3, u2 = C2, u3 = C3, y0 = K0, y1 = K1;
      for (let r = 0; r < 10; r++) {
        // 32x32 -> 64-bit products of lanes 0, 1 and 2, 3; the high words are their odd halves.
        const px0 = i64x2.extmul_low_i32x4_u(M0, x0), qx0 = i64x2.extmul_high_i32x4_u(M0, x0);
        const px2 = i64x2.extmul_low_i32x4_u(M1, x2), qx2 = i64x2.extmul_high_i32x4_u(M1, x2);
        const pu0 = i64x2.extmul_low_i32x4_u(M0, u0), qu0 = i64x2.extmul_high_i32x4_u(M0, u0);
        const pu2 = i64x2.extmul_low_i32x4_u(M1, u2), qu2 = i64x2.extmul_high_i32x4_u(M1, u2);
        const xlo0 = i32x4.mul(M0, x0), xhi0 = v128.shuffle<i32>(px0, qx0, 1, 3, 5, 7);
        const xlo1 = i32x4.mul(M1, x2), xhi1 = v128.shuffle<i32>(px2, qx2, 1, 3, 5, 7);
        const ulo0 = i32x4.mul(M0, u0), uhi0 = v128.shuffle<i32>(pu0, qu0, 1, 3, 5, 7);
        const ulo1 = i32x4.mul(M1, u2), uhi1 = v128.shuffle<i32>(pu2, qu2, 1, 3, 5, 7);
        x0 = v128.xor(v128.xor(xhi1, x1), y0); x1 = xlo1;
        x2 = v128.xor(v128.xor(xhi0, x3), y1); x3 = xlo0;
        u0 = v128.xor(v128.xor(uhi1, u1), y0); u1 = ulo1;
        u2 = v128.xor(v128.xor(uhi0, u3), y1); u3 = ulo0;
        y0 = i32x4.add(y0, W0); y1 = i32x4.add(y1, W1);
      }
      const p = out + <usize>i * 4;
      if (unit) {
        store16unit(p, x0, x1, x2, x3, MASK, SF);
        store16unit(p + 64, u0, u1, u2, u3, MASK, SF);
      } else {
        store16(p, x0, x1, x2, x3, MASK, S, R, L);
        store16(p + 64, u0, u1, u2, u3, MASK, S, R, L);
      }
    }
  }
  // The rest one block at a time (with SIMD: fewer than 8 blocks), a partial last block included.
  for (; i < n; i += 4, b++) {
    philoxBlock(start + b, c2, c3, k0, k1);
    const p = out + <usize>i * 4, m = n - i;
    store<f32>(p, <f32>(<f64>(pw0 & 0x7fffff) * SCALE * range + lo));
    if (m > 1) store<f32>(p, <f32>(<f64>(pw1 & 0x7fffff) * SCALE * range + lo), 4);
    if (m > 2) store<f32>(p, <f32>(<f64>(pw2 & 0x7fffff) * SCALE * range + lo), 8);
    if (m > 3) store<f32>(p, <f32>(<f64>(pw3 & 0x7fffff) * SCALE * range + lo), 12);
  }
}

/**
 * RandomShuffle's permutation of [0, n) into perm (int32): Fisher-Yates with cpu's draws, a 52-bit
 * double from two words per swap (the high word's low 20 bits, then the low word), from block
 * start = blockHi:blockLo on. Uses ceil(2(n - 1) / 4) blocks.
 */
export function philoxShuffle(perm: usize, n: i32, blockLo: u32, blockHi: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  for (let i = 0; i < n; i++) store<i32>(perm + <usize>i * 4, i);
  let b = (<u64>blockHi << 32) | <u64>blockLo, pos = 4;
  for (let i = 0; i < n - 1; i++) {
    if (pos == 4) { philoxBlock(b++, c2, c3, k0, k1); pos = 0; }
    const hi = (pos == 0 ? pw0 : pw2) & 0xfffff, lo = pos == 0 ? pw1 : pw3;
    pos += 2;
    const d = (<f64>hi * 4294967296.0 + <f64>lo) * 2.220446049250313e-16;
    const j = i + <i32>Math.floor(d * <f64>(n - i));
    const pi = perm + <usize>i * 4, pj = perm + <usize>j * 4, t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
}
