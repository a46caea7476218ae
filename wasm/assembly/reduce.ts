// Reductions over the middle axis of a [outer, n, inner] view (any contiguous run of axes merges
// into that form), softmax / log-softmax and the fused cross-entropies over the last axis.
// Sums accumulate in float64 like the cpu backend.

export const R_SUM: i32 = 0;
export const R_MEAN: i32 = 1;
export const R_MAX: i32 = 2;
export const R_MIN: i32 = 3;
export const R_PROD: i32 = 4;

// @ts-ignore: decorator
@inline function identity(op: i32): f64 {
  return op == R_MAX ? -Infinity : op == R_MIN ? Infinity : op == R_PROD ? 1 : 0;
}

/**
 * acc[i] (float64, `inner` of them) combined with x[r, i] for r < n; `first` starts from the op's
 * identity. Max/min: NaN wins. Called once per [n, inner] slice, or per block of rows of a slice
 * too large to copy at once (the accumulator carries over).
 */
export function reducePartial(op: i32, x: usize, n: i32, inner: i32, acc: usize, first: bool): void {
  if (first) for (let i = 0; i < inner; i++) store<f64>(acc + <usize>i * 8, identity(op));
  if (inner == 1) {
    let s = load<f64>(acc);
    if (op == R_SUM || op == R_MEAN) {
      // Four partial sums: independent chains pipeline.
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      let r = 0;
      for (; r + 4 <= n; r += 4) {
        const p = x + <usize>r * 4;
        s0 += <f64>load<f32>(p); s1 += <f64>load<f32>(p, 4); s2 += <f64>load<f32>(p, 8); s3 += <f64>load<f32>(p, 12);
      }
      for (; r < n; r++) s0 += <f64>load<f32>(x + <usize>r * 4);
      s += (s0 + s1) + (s2 + s3);
    } else if (op == R_PROD) {
      for (let r = 0; r < n; r++) s *= <f64>load<f32>(x + <usize>r * 4);
    } else if (s == s) {
      for (let r = 0; r < n; r++) {
        const v = <f64>load<f32>(x + <usize>r * 4);
        if (v != v) { s = v; break; }
        s = op == R_MAX ? (v > s ? v : s) : (v < s ? v : s);
      }
    }
    store<f64>(acc, s);
    return;
  }
  for (let r = 0; r < n; r++) {
    const row = x + <usize>r * inner * 4;
    if (op == R_SUM || op == R_MEAN) {
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= inner; i += 4) {
          const v = v128.load(row + <usize>i * 4), t = acc + <usize>i * 8;
          v128.store(t, f64x2.add(v128.load(t), f64x2.promote_low_f32x4(v)));
          v128.store(t, f64x2.add(v128.load(t, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
        }
      }
      for (; i < inner; i++) {
        const t = acc + <usize>i * 8;
        store<f64>(t, load<f64>(t) + <f64>load<f32>(row + <usize>i * 4));
      }
    } else if (op == R_PROD) {
      for (let i = 0; i < inner; i++) {
        const t = acc + <usize>i * 8;
        store<f64>(t, load<f64>(t) * <f64>load<f32>(row + <usize>i * 4));
      }
    } else {
      for (let i = 0; i < inner; i++) {
        const t = acc + <usize>i * 8;
        const s = load<f64>(t), v = <f64>load<f32>(row + <usize>i * 4);
        if (s != s) continue;
        store<f64>(t, v != v ? v : op == R_MAX ? (v > s ? v : s) : (v < s ? v : s));
      }
    }
  }
}

/** out[i] = acc[i] as float32 (the mean divides by `count`; an empty mean is NaN). */
export function reduceFinish(op: i32, acc: usize, out: usize, inner: i32, count: f64): void {
  for (let i = 0; i < inner; i++) {
    let s = load<f64>(acc + <usize>i * 8);
    if (op == R_MEAN) s = count > 0 ? s / count : NaN;
    store<f32>(out + <usize>i * 4, <f32>s);
  }
}

/** out[o, i] = reduce_r x[o, r, i] for o < outer. `tmp`: inner float64s of scratch. */
export function reduce(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32, tmp: usize): void {
  for (let o = 0; o < outer; o++) {
    reducePartial(op, x + <usize>o * n * inner * 4, n, inner, tmp, true);
    reduceFinish(op, tmp, out + <usize>o * inner * 4, inner, <f64>n);
  }
}

// ---------------------------------------------------------------- softmax family (last axis)
/** max and log(sum(exp(x - max))) + max of one row; NaN rows give NaN. */
// @ts-ignore: decorator
@inline function rowLse(row: usize, n: i32): f64 {
  let m: f64 = -Infinity;
  for (let r = 0; r < n; r++) {
    const v = <f64>load<f32>(row + <usize>r * 4);
    if (v > m || v != v) m = v;
  }
  if (m == -Infinity || m == Infinity) m = m == Infinity ? m : 0;
  let s: f64 = 0;
  for (let r = 0; r < n; r++) s += Math.exp(<f64>load<f32>(row + <usize>r * 4) - m);
  return Math.log(s) + m;
}

/** Softmax over the last axis of [rows, n]. */
export function softmax(x: usize, out: usize, rows: i32, n: i32): void {
  for (let o = 0; o < rows; o++) {
    const row = x + <usize>o * n * 4, orow = out + <usize>o * n * 4;
    let m: f64 = -Infinity;
    for (let r = 0; r < n; r++) { const v = <f64>load<f32>(row + <usize>r * 4); if (v > m || v != v) m = v; }
    let s: f64 = 0;
    for (let r = 0; r < n; r++) s += Math.exp(<f64>load<f32>(row + <usize>r * 4) - m);
    for (let r = 0; r < n; r++) store<f32>(orow + <usize>r * 4, <f32>(Math.exp(<f64>load<f32>(row + <usize>r * 4) - m) / s));
  }
}

/** Log-softmax over the last axis of [rows, n]. */
export function logSoftmax(x: usize, out: usize, rows: i32, n: i32): void {
  for (let o = 0; o < rows; o++) {
    const row = x + <usize>o * n * 4, orow = out + <usize>o * n * 4;
    const lse = rowLse(row, n);
    for (let r = 0; r < n; r++) store<f32>(orow + <usize>r * 4, <f32>(<f64>load<f32>(row + <usize>r * 4) - lse));
  }
}

/** Dense-label softmax cross-entropy: loss[rows], backprop[rows, n] = softmax - labels. */
export function softmaxXent(x: usize, labels: usize, loss: usize, back: usize, rows: i32, n: i32): void {
  for (let o = 0; o < rows; o++) {
    const off = <usize>o * n * 4;
    const lse = rowLse(x + off, n);
    let l: f64 = 0;
    for (let r = 0; r < n; r++) {
      const p = off + <usize>r * 4;
      const ls = <f64>load<f32>(x + p) - lse, z = <f64>load<f32>(labels + p);
      if (z != 0) l -= z * ls; // 0 * -inf would be NaN: a zero label contributes nothing
      store<f32>(back + p, <f32>(Math.exp(ls) - z));
    }
    store<f32>(loss + <usize>o * 4, <f32>l);
  }
}

/** Sparse-label softmax cross-entropy (labels int32, already range-checked). */
export function sparseSoftmaxXent(x: usize, labels: usize, loss: usize, back: usize, rows: i32, n: i32): void {
  for (let o = 0; o < rows; o++) {
    const off = <usize>o * n * 4;
    const lse = rowLse(x + off, n);
    const lab = load<i32>(labels + <usize>o * 4);
    for (let r = 0; r < n; r++) {
      const p = off + <usize>r * 4;
      const ls = <f64>load<f32>(x + p) - lse;
      if (r == lab) store<f32>(loss + <usize>o * 4, <f32>(-ls));
      store<f32>(back + p, <f32>(Math.exp(ls) - (r == lab ? 1 : 0)));
    }
  }
}
