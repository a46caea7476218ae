// Fused optimizer updates (TF's training ops ApplyAdam, ApplyKerasMomentum, ApplyGradientDescent):
// one pass over a variable and its slots instead of a dozen elementwise ops. Arithmetic in
// float64 exactly as the cpu kernels do it (two lanes at a time with SIMD: the same IEEE
// operations, so the same bits), rounded to float32 once per output.

// @ts-ignore: decorator
@inline function f64x2From(p: usize): v128 { return f64x2.promote_low_f32x4(v128.load64_zero(p)); }
// @ts-ignore: decorator
@inline function storeF32x2(p: usize, v: v128): void { v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0); }

/** Adam: m' = m + (g - m)c1; v' = v + (g² - v)c2; x' = x - alpha·m' / (sqrt(v') + eps). */
export function applyAdam(x: usize, m: usize, v: usize, g: usize, ox: usize, om: usize, ov: usize, n: i32,
  alpha: f64, c1: f64, c2: f64, eps: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const A = f64x2.splat(alpha), C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(eps);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i * 4;
      const gi = f64x2From(g + o), mi0 = f64x2From(m + o), vi0 = f64x2From(v + o);
      const mi = f64x2.add(mi0, f64x2.mul(f64x2.sub(gi, mi0), C1));
      const vi = f64x2.add(vi0, f64x2.mul(f64x2.sub(f64x2.mul(gi, gi), vi0), C2));
      storeF32x2(om + o, mi);
      storeF32x2(ov + o, vi);
      storeF32x2(ox + o, f64x2.sub(f64x2From(x + o), f64x2.div(f64x2.mul(A, mi), f64x2.add(f64x2.sqrt(vi), E))));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    const gi = <f64>load<f32>(g + o), m0 = <f64>load<f32>(m + o), v0 = <f64>load<f32>(v + o);
    const mi = m0 + (gi - m0) * c1;
    const vi = v0 + (gi * gi - v0) * c2;
    store<f32>(om + o, <f32>mi);
    store<f32>(ov + o, <f32>vi);
    store<f32>(ox + o, <f32>(<f64>load<f32>(x + o) - (alpha * mi) / (Math.sqrt(vi) + eps)));
  }
}

/** Keras momentum: a' = a·mo - lr·g; x' = x + a' (Nesterov: x + mo·a' - lr·g). */
export function applyMomentum(x: usize, a: usize, g: usize, ox: usize, oa: usize, n: i32, lr: f64, mo: f64, nesterov: bool): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * 4;
    const gi = <f64>load<f32>(g + o);
    const ai = <f64>load<f32>(a + o) * mo - lr * gi;
    store<f32>(oa + o, <f32>ai);
    const xi = <f64>load<f32>(x + o);
    store<f32>(ox + o, <f32>(nesterov ? xi + mo * ai - lr * gi : xi + ai));
  }
}

/** x' = x - alpha·d */
export function applyGradientDescent(x: usize, d: usize, ox: usize, n: i32, alpha: f64): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(ox + o, <f32>(<f64>load<f32>(x + o) - alpha * <f64>load<f32>(d + o)));
  }
}
