// Fused optimizer updates (TF's training ops ApplyAdam, ApplyKerasMomentum, ApplyGradientDescent):
// one pass over a variable and its slots instead of a dozen elementwise ops. Adam runs in float32,
// four lanes at a time (as TensorFlow's and PyTorch's CPU kernels do; the cpu backend's float64
// arithmetic agrees to a few ulps); the cheap momentum / descent updates use float64 like cpu.

/** Adam: m' = m + (g - m)c1; v' = v + (g² - v)c2; x' = x - alpha·m' / (sqrt(v') + eps). */
export function applyAdam(x: usize, m: usize, v: usize, g: usize, ox: usize, om: usize, ov: usize, n: i32,
  alpha: f64, c1: f64, c2: f64, eps: f64): void {
  const a = <f32>alpha, k1 = <f32>c1, k2 = <f32>c2, e = <f32>eps;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const A = f32x4.splat(a), C1 = f32x4.splat(k1), C2 = f32x4.splat(k2), E = f32x4.splat(e);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      const gi = v128.load(g + o), m0 = v128.load(m + o), v0 = v128.load(v + o);
      const mi = f32x4.add(m0, f32x4.mul(f32x4.sub(gi, m0), C1));
      const vi = f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), v0), C2));
      v128.store(om + o, mi);
      v128.store(ov + o, vi);
      v128.store(ox + o, f32x4.sub(v128.load(x + o), f32x4.div(f32x4.mul(A, mi), f32x4.add(f32x4.sqrt(vi), E))));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    const gi = load<f32>(g + o), m0 = load<f32>(m + o), v0 = load<f32>(v + o);
    const mi = m0 + (gi - m0) * k1;
    const vi = v0 + (gi * gi - v0) * k2;
    store<f32>(om + o, mi);
    store<f32>(ov + o, vi);
    store<f32>(ox + o, load<f32>(x + o) - (a * mi) / (sqrt<f32>(vi) + e));
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
