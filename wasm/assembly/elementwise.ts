// Elementwise float32 kernels: binary ops with the broadcast forms training uses, unary math,
// comparisons, select, AddN. Simple arithmetic runs four lanes at a time with SIMD; transcendental
// functions are computed in float64 (AssemblyScript's port of musl) and rounded once, like the cpu
// backend, so both agree to the last bit or so.
//
// Binary broadcast modes (n = output length):
//   0: a[n] op b[n]     1: a[n] op b[0]     2: a[0] op b[n]
//   3: a[n] op b[i % m] (b repeats: bias rows)   4: a[i % m] op b[n]

export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const MAX: i32 = 4;
export const MIN: i32 = 5;
export const SQDIFF: i32 = 6;

// @ts-ignore: decorator
@inline function binS(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    // NaN wins, as in the cpu kernel (wasm's min/max also propagate NaN).
    case MAX: return x != x || y != y ? NaN : max(x, y);
    case MIN: return x != x || y != y ? NaN : min(x, y);
    default: { const d = x - y; return d * d; }
  }
}

// @ts-ignore: decorator
@inline function binV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MAX: return f32x4.max(x, y);
    case MIN: return f32x4.min(x, y);
    default: { const d = f32x4.sub(x, y); return f32x4.mul(d, d); }
  }
}

/** out[i] = a[i] op b[i] for i in [0, n); sa/sb = 0 broadcast a scalar. */
// @ts-ignore: decorator
@inline function binLoop(op: i32, a: usize, sa: bool, b: usize, sb: bool, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = v128.load32_splat(a), vb = v128.load32_splat(b);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, binV(op, sa ? va : v128.load(a + o), sb ? vb : v128.load(b + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, binS(op, load<f32>(sa ? a : a + o), load<f32>(sb ? b : b + o)));
  }
}

// @ts-ignore: decorator
@inline function binaryOp(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32, m: i32): void {
  if (mode == 0) binLoop(op, a, false, b, false, out, n);
  else if (mode == 1) binLoop(op, a, false, b, true, out, n);
  else if (mode == 2) binLoop(op, a, true, b, false, out, n);
  else if (mode == 3) {
    for (let r = 0; r < n; r += m) binLoop(op, a + <usize>r * 4, false, b, false, out + <usize>r * 4, m);
  } else {
    for (let r = 0; r < n; r += m) binLoop(op, a, false, b + <usize>r * 4, false, out + <usize>r * 4, m);
  }
}

/** Binary float32 op (ADD..SQDIFF) over n outputs in broadcast `mode` (period m for modes 3/4). */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32, m: i32): void {
  switch (op) {
    case ADD: binaryOp(ADD, a, b, out, n, mode, m); break;
    case SUB: binaryOp(SUB, a, b, out, n, mode, m); break;
    case MUL: binaryOp(MUL, a, b, out, n, mode, m); break;
    case DIV: binaryOp(DIV, a, b, out, n, mode, m); break;
    case MAX: binaryOp(MAX, a, b, out, n, mode, m); break;
    case MIN: binaryOp(MIN, a, b, out, n, mode, m); break;
    default: binaryOp(SQDIFF, a, b, out, n, mode, m); break;
  }
}

// ---------------------------------------------------------------- comparisons and select
export const GT: i32 = 0;
export const GE: i32 = 1;
export const LT: i32 = 2;
export const LE: i32 = 3;
export const EQ: i32 = 4;
export const NE: i32 = 5;

// @ts-ignore: decorator
@inline function cmpS(op: i32, x: f32, y: f32): bool {
  switch (op) {
    case GT: return x > y;
    case GE: return x >= y;
    case LT: return x < y;
    case LE: return x <= y;
    case EQ: return x == y;
    default: return x != y;
  }
}
// @ts-ignore: decorator
@inline function cmpV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case GT: return f32x4.gt(x, y);
    case GE: return f32x4.ge(x, y);
    case LT: return f32x4.lt(x, y);
    case LE: return f32x4.le(x, y);
    case EQ: return f32x4.eq(x, y);
    default: return f32x4.ne(x, y);
  }
}
// @ts-ignore: decorator
@inline function cmpLoop(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32, m: i32): void {
  let i0 = 0;
  if (ASC_FEATURE_SIMD && (mode == 0 || mode == 1)) {
    // 16 at a time: four lane masks (all ones or zeros, NaN as the scalar compare) -> 0/1 bytes.
    const one = i32x4.splat(1), yb = f32x4.splat(load<f32>(b));
    for (; i0 + 16 <= n; i0 += 16) {
      const o = <usize>i0 * 4;
      const y0 = mode == 0 ? v128.load(b + o) : yb, y1 = mode == 0 ? v128.load(b + o, 16) : yb;
      const y2 = mode == 0 ? v128.load(b + o, 32) : yb, y3 = mode == 0 ? v128.load(b + o, 48) : yb;
      const c0 = v128.and(cmpV(op, v128.load(a + o), y0), one), c1 = v128.and(cmpV(op, v128.load(a + o, 16), y1), one);
      const c2 = v128.and(cmpV(op, v128.load(a + o, 32), y2), one), c3 = v128.and(cmpV(op, v128.load(a + o, 48), y3), one);
      v128.store(out + <usize>i0, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(c0, c1), i16x8.narrow_i32x4_u(c2, c3)));
    }
  }
  for (let i = i0, j = 0; i < n; i++) {
    const o = <usize>i * 4;
    let x: f32, y: f32;
    if (mode == 0) { x = load<f32>(a + o); y = load<f32>(b + o); }
    else if (mode == 1) { x = load<f32>(a + o); y = load<f32>(b); }
    else if (mode == 2) { x = load<f32>(a); y = load<f32>(b + o); }
    else if (mode == 3) { x = load<f32>(a + o); y = load<f32>(b + <usize>j * 4); }
    else { x = load<f32>(a + <usize>j * 4); y = load<f32>(b + o); }
    if (++j == m) j = 0;
    store<u8>(out + <usize>i, <u8>cmpS(op, x, y));
  }
}
/** Comparison (GT..NE) of float32 operands into bool bytes, same broadcast modes as binary(). */
export function compare(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32, m: i32): void {
  switch (op) {
    case GT: cmpLoop(GT, a, b, out, n, mode, m); break;
    case GE: cmpLoop(GE, a, b, out, n, mode, m); break;
    case LT: cmpLoop(LT, a, b, out, n, mode, m); break;
    case LE: cmpLoop(LE, a, b, out, n, mode, m); break;
    case EQ: cmpLoop(EQ, a, b, out, n, mode, m); break;
    default: cmpLoop(NE, a, b, out, n, mode, m); break;
  }
}

/** out[i] = a[i] as float32, for bytes (uint8 and bool tensors): dropout's mask cast. */
export function castU8F32(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const v = v128.load(a + <usize>i), o = out + <usize>i * 4;
      const lo = i16x8.extend_low_i8x16_u(v), hi = i16x8.extend_high_i8x16_u(v);
      v128.store(o, f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)));
      v128.store(o, f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), 16);
      v128.store(o, f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), 32);
      v128.store(o, f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), 48);
    }
  }
  for (; i < n; i++) store<f32>(out + <usize>i * 4, <f32>load<u8>(a + <usize>i));
}

/** Four bool bytes at c as four lanes: all ones where true. */
@inline function boolMask4(c: usize): v128 {
  return i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(c))), i32x4.splat(0));
}

/** out[i] = c[i] ? a[i] : b[i] (all length n; c is bytes). */
export function select(c: usize, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, v128.bitselect(v128.load(a + o), v128.load(b + o), boolMask4(c + <usize>i)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, load<u8>(c + <usize>i) ? load<f32>(a + o) : load<f32>(b + o));
  }
}

/**
 * SelectV2 with one scalar branch (dropout's where(keep, x·scale, 0)): out[i] = c[i] ? v[i] : s,
 * or c[i] ? s : v[i] when `scalarIfTrue`.
 */
export function selectScalar(c: usize, v: usize, s: f32, out: usize, n: i32, scalarIfTrue: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const S = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4, m = boolMask4(c + <usize>i), x = v128.load(v + o);
      v128.store(out + o, scalarIfTrue ? v128.bitselect(S, x, m) : v128.bitselect(x, S, m));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4, t = load<u8>(c + <usize>i) != 0;
    store<f32>(out + o, (t != (scalarIfTrue != 0)) ? load<f32>(v + o) : s);
  }
}

/**
 * Dropout after the draw: y holds uniform u; y[i] = u >= rate ? x[i]·scale : +0 and keep[i] = 1 or 0
 * (a NaN x stays NaN where kept and becomes +0 where dropped, as with a select).
 */
export function dropoutApply(x: usize, y: usize, keep: usize, n: i32, rate: f32, scale: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const R = f32x4.splat(rate), S = f32x4.splat(scale), ONE = i8x16.splat(1);
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i * 4, py = y + o, px = x + o;
      const m0 = f32x4.ge(v128.load(py), R), m1 = f32x4.ge(v128.load(py, 16), R);
      const m2 = f32x4.ge(v128.load(py, 32), R), m3 = f32x4.ge(v128.load(py, 48), R);
      v128.store(py, v128.and(f32x4.mul(v128.load(px), S), m0));
      v128.store(py, v128.and(f32x4.mul(v128.load(px, 16), S), m1), 16);
      v128.store(py, v128.and(f32x4.mul(v128.load(px, 32), S), m2), 32);
      v128.store(py, v128.and(f32x4.mul(v128.load(px, 48), S), m3), 48);
      // All-ones / zero lanes narrow (saturating) to bytes of -1 / 0; and 1 gives the bools.
      v128.store(keep + <usize>i, v128.and(i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)), ONE));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4, k = load<f32>(y + o) >= rate;
    store<f32>(y + o, k ? load<f32>(x + o) * scale : 0);
    store<u8>(keep + <usize>i, k ? 1 : 0);
  }
}

/** Dropout's gradient: out[i] = keep[i] ? x[i]·scale : +0 (keep is bytes). */
export function maskScale(x: usize, keep: usize, out: usize, n: i32, scale: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const S = f32x4.splat(scale);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, v128.and(f32x4.mul(v128.load(x + o), S), boolMask4(keep + <usize>i)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, load<u8>(keep + <usize>i) != 0 ? load<f32>(x + o) * scale : 0);
  }
}

/** ReluGrad: out[i] = f[i] > 0 ? g[i] : 0 (f: relu's output or input; NaN blocks the gradient). */
export function reluGrad(g: usize, f: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, v128.and(v128.load(g + o), f32x4.gt(v128.load(f + o), zero)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, load<f32>(f + o) > 0 ? load<f32>(g + o) : 0);
  }
}

// ---------------------------------------------------------------- unary
export const NEG: i32 = 0;
export const ABS: i32 = 1;
export const SQRT: i32 = 2;
export const SQUARE: i32 = 3;
export const RELU: i32 = 4;
export const RELU6: i32 = 5;
export const RECIP: i32 = 6;
export const RSQRT: i32 = 7;
export const FLOOR: i32 = 8;
export const CEIL: i32 = 9;
export const ROUND: i32 = 10;
// float64 math below
export const EXP: i32 = 11;
export const LOG: i32 = 12;
export const LOG1P: i32 = 13;
export const EXPM1: i32 = 14;
export const TANH: i32 = 15;
export const SIGMOID: i32 = 16;
export const SOFTPLUS: i32 = 17;
export const ELU: i32 = 18;
export const SELU: i32 = 19;
export const LEAKY: i32 = 20;
export const SIN: i32 = 21;
export const COS: i32 = 22;
export const SIGN: i32 = 23;
export const SOFTSIGN: i32 = 24;

const SELU_ALPHA: f64 = 1.6732632423543772848170429916717;
const SELU_SCALE: f64 = 1.0507009873554804934193349852946;

// @ts-ignore: decorator
@inline function unS(op: i32, v: f32, alpha: f64): f32 {
  const x = <f64>v;
  switch (op) {
    case NEG: return -v;
    case ABS: return abs(v);
    case SQRT: return sqrt(v);
    case SQUARE: return v * v;
    case RELU: return v > 0 ? v : v != v ? v : 0;
    case RELU6: return v != v ? v : v < 0 ? 0 : v > 6 ? 6 : v;
    case RECIP: return <f32>(1 / x);
    case RSQRT: return <f32>(1 / Math.sqrt(x));
    case FLOOR: return floor(v);
    case CEIL: return ceil(v);
    case ROUND: return nearest(v);
    case EXP: return <f32>Math.exp(x);
    case LOG: return <f32>Math.log(x);
    case LOG1P: return <f32>Math.log1p(x);
    case EXPM1: return <f32>Math.expm1(x);
    case TANH: return <f32>Math.tanh(x);
    case SIGMOID: {
      if (x >= 0) return <f32>(1 / (1 + Math.exp(-x)));
      const e = Math.exp(x);
      return <f32>(e / (1 + e));
    }
    case SOFTPLUS: return <f32>(x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    case ELU: return x > 0 ? v : <f32>Math.expm1(x);
    case SELU: return <f32>(x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x));
    case LEAKY: return v > 0 ? v : <f32>(x * alpha);
    case SIN: return <f32>Math.sin(x);
    case COS: return <f32>Math.cos(x);
    case SIGN: return v != v ? v : v > 0 ? 1 : v < 0 ? -1 : 0;
    default: return <f32>(x / (1 + Math.abs(x)));
  }
}

// @ts-ignore: decorator
@inline function unV(op: i32, v: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case ABS: return f32x4.abs(v);
    case SQRT: return f32x4.sqrt(v);
    case SQUARE: return f32x4.mul(v, v);
    // max(v, 0) but NaN stays NaN: pmax picks v when the comparison is false.
    case RELU: return f32x4.pmax(v, f32x4.splat(0));
    case FLOOR: return f32x4.floor(v);
    case CEIL: return f32x4.ceil(v);
    default: return f32x4.nearest(v);
  }
}

// @ts-ignore: decorator
@inline function unLoop(op: i32, a: usize, out: usize, n: i32, alpha: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && (op == NEG || op == ABS || op == SQRT || op == SQUARE || op == RELU || op == FLOOR || op == CEIL || op == ROUND)) {
    for (; i + 4 <= n; i += 4) v128.store(out + <usize>i * 4, unV(op, v128.load(a + <usize>i * 4)));
  }
  for (; i < n; i++) store<f32>(out + <usize>i * 4, unS(op, load<f32>(a + <usize>i * 4), alpha));
}

/** Unary float32 op over n values; alpha is LeakyRelu's slope. */
export function unary(op: i32, a: usize, out: usize, n: i32, alpha: f64): void {
  switch (op) {
    case NEG: unLoop(NEG, a, out, n, alpha); break;
    case ABS: unLoop(ABS, a, out, n, alpha); break;
    case SQRT: unLoop(SQRT, a, out, n, alpha); break;
    case SQUARE: unLoop(SQUARE, a, out, n, alpha); break;
    case RELU: unLoop(RELU, a, out, n, alpha); break;
    case RELU6: unLoop(RELU6, a, out, n, alpha); break;
    case RECIP: unLoop(RECIP, a, out, n, alpha); break;
    case RSQRT: unLoop(RSQRT, a, out, n, alpha); break;
    case FLOOR: unLoop(FLOOR, a, out, n, alpha); break;
    case CEIL: unLoop(CEIL, a, out, n, alpha); break;
    case ROUND: unLoop(ROUND, a, out, n, alpha); break;
    case EXP: unLoop(EXP, a, out, n, alpha); break;
    case LOG: unLoop(LOG, a, out, n, alpha); break;
    case LOG1P: unLoop(LOG1P, a, out, n, alpha); break;
    case EXPM1: unLoop(EXPM1, a, out, n, alpha); break;
    case TANH: unLoop(TANH, a, out, n, alpha); break;
    case SIGMOID: unLoop(SIGMOID, a, out, n, alpha); break;
    case SOFTPLUS: unLoop(SOFTPLUS, a, out, n, alpha); break;
    case ELU: unLoop(ELU, a, out, n, alpha); break;
    case SELU: unLoop(SELU, a, out, n, alpha); break;
    case LEAKY: unLoop(LEAKY, a, out, n, alpha); break;
    case SIN: unLoop(SIN, a, out, n, alpha); break;
    case COS: unLoop(COS, a, out, n, alpha); break;
    case SIGN: unLoop(SIGN, a, out, n, alpha); break;
    default: unLoop(SOFTSIGN, a, out, n, alpha); break;
  }
}
