// Fused optimizer updates (TF's training ops ApplyAdam, ApplyKerasMomentum, ApplyGradientDescent):
// one pass over a variable and its slots instead of a dozen elementwise ops. Adam runs in float32,
// four lanes at a time (as TensorFlow's and PyTorch's CPU kernels do; the cpu backend's float64
// arithmetic agrees to a few ulps); the cheap momentum / descent updates use float64 like cpu.
//
// Slot results below the smallest normal float32 are flushed to zero, as TensorFlow's CPU kernels
// run with FTZ/DAZ set (cpu's kernels do the same). It matters for speed: where a weight's gradient
// stays zero (a hidden unit that never fires, a pixel that is always blank) its slots decay
// geometrically, Adam's m into the subnormal range within ~800 steps, and arithmetic on subnormals
// is slow on x86. The seed-MLP Adam update (401,408 weights, 2 threads) went from 175 µs to
// 300-360 µs after ~750 steps of Fashion-MNIST without the flush; with it, 215-245 µs throughout
// (the two flushes cost ~50 µs: V8's SIMD code is tight here). Variables are stored as computed.

/** The smallest normal float32 (FLT_MIN): results of smaller magnitude become zero. */
const F32_MIN: f32 = 1.1754943508222875e-38;

@inline function ftz(x: f32): f32 {
  return abs<f32>(x) < F32_MIN ? 0 : x;
}

/**
 * Mutable, so the optimizer cannot fold the splats below into constants that V8 would then
 * rematerialise on every iteration: they are made once, before each loop.
 */
let ftzBits: i32 = 0x00800000, absBits: i32 = 0x7fffffff;

/** x with every subnormal lane zeroed: |x| < FLT_MIN, compared as integers (no float assist). */
@inline function ftz4(x: v128, min: v128, abs: v128): v128 {
  return v128.andnot(x, i32x4.lt_s(v128.and(x, abs), min));
}

/** Adam: m' = m + (g - m)c1; v' = v + (g² - v)c2; x' = x - alpha·m' / (sqrt(v') + eps). */
export function applyAdam(x: usize, m: usize, v: usize, g: usize, ox: usize, om: usize, ov: usize, n: i32,
  alpha: f64, c1: f64, c2: f64, eps: f64): void {
  const a = <f32>alpha, k1 = <f32>c1, k2 = <f32>c2, e = <f32>eps;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const A = f32x4.splat(a), C1 = f32x4.splat(k1), C2 = f32x4.splat(k2), E = f32x4.splat(e), MIN = i32x4.splat(ftzBits), ABS = i32x4.splat(absBits);
    // Eight at a time, the square roots first: sqrt and div share one unit, and their long
    // latencies overlap better with two independent lanes of work (~7% faster than four at a time).
    for (; i + 8 <= n; i += 8) {
      const o = <usize>i * 4;
      const g0 = v128.load(g + o), g1 = v128.load(g + o, 16);
      const v0 = v128.load(v + o), v1 = v128.load(v + o, 16);
      const va = ftz4(f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(g0, g0), v0), C2)), MIN, ABS);
      const vb = ftz4(f32x4.add(v1, f32x4.mul(f32x4.sub(f32x4.mul(g1, g1), v1), C2)), MIN, ABS);
      const sa = f32x4.sqrt(va), sb = f32x4.sqrt(vb);
      const m0 = v128.load(m + o), m1 = v128.load(m + o, 16);
      const ma = ftz4(f32x4.add(m0, f32x4.mul(f32x4.sub(g0, m0), C1)), MIN, ABS);
      const mb = ftz4(f32x4.add(m1, f32x4.mul(f32x4.sub(g1, m1), C1)), MIN, ABS);
      v128.store(om + o, ma); v128.store(om + o, mb, 16);
      v128.store(ov + o, va); v128.store(ov + o, vb, 16);
      const xa = f32x4.sub(v128.load(x + o), f32x4.div(f32x4.mul(A, ma), f32x4.add(sa, E)));
      const xb = f32x4.sub(v128.load(x + o, 16), f32x4.div(f32x4.mul(A, mb), f32x4.add(sb, E)));
      v128.store(ox + o, xa); v128.store(ox + o, xb, 16);
    }
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      const gi = v128.load(g + o), m0 = v128.load(m + o), v0 = v128.load(v + o);
      const mi = ftz4(f32x4.add(m0, f32x4.mul(f32x4.sub(gi, m0), C1)), MIN, ABS);
      const vi = ftz4(f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), v0), C2)), MIN, ABS);
      v128.store(om + o, mi);
      v128.store(ov + o, vi);
      v128.store(ox + o, f32x4.sub(v128.load(x + o), f32x4.div(f32x4.mul(A, mi), f32x4.add(f32x4.sqrt(vi), E))));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    const gi = load<f32>(g + o), m0 = load<f32>(m + o), v0 = load<f32>(v + o);
    const mi = ftz(m0 + (gi - m0) * k1);
    const vi = ftz(v0 + (gi * gi - v0) * k2);
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
    store<f32>(oa + o, ftz(<f32>ai));
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
