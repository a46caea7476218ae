// Philox4x32-10 uniform floats, word for word the cpu backend's generator (core/backends/cpu/
// kernels/random.ts): counter [block lo, block hi, c2, c3], key [k0, k1], ten rounds; each word
// becomes (w & 0x7fffff) * 2^-23 * range + lo in float64, stored as float32.

// @ts-ignore: decorator
@inline function mulhi(a: u32, b: u32): u32 { return <u32>((<u64>a * <u64>b) >> 32); }

/** out[i] for i < n from blocks start, start + 1, ... (start = blockHi:blockLo). */
export function philoxUniform(out: usize, n: i32, blockLo: u32, blockHi: u32, c2: u32, c3: u32, k0: u32, k1: u32, range: f64, lo: f64): void {
  const start = (<u64>blockHi << 32) | <u64>blockLo;
  for (let i = 0, b: u64 = 0; i < n; i += 4, b++) {
    const ctr = start + b;
    let x0 = <u32>ctr, x1 = <u32>(ctr >> 32), x2 = c2, x3 = c3, y0 = k0, y1 = k1;
    for (let r = 0; r < 10; r++) {
      const lo0 = 0xd2511f53 * x0, hi0 = mulhi(0xd2511f53, x0);
      const lo1 = 0xcd9e8d57 * x2, hi1 = mulhi(0xcd9e8d57, x2);
      x0 = hi1 ^ x1 ^ y0; x1 = lo1;
      x2 = hi0 ^ x3 ^ y1; x3 = lo0;
      y0 += 0x9e3779b9; y1 += 0xbb67ae85;
    }
    const p = out + <usize>i * 4, m = n - i;
    store<f32>(p, <f32>(<f64>(x0 & 0x7fffff) * 1.1920928955078125e-7 * range + lo));
    if (m > 1) store<f32>(p, <f32>(<f64>(x1 & 0x7fffff) * 1.1920928955078125e-7 * range + lo), 4);
    if (m > 2) store<f32>(p, <f32>(<f64>(x2 & 0x7fffff) * 1.1920928955078125e-7 * range + lo), 8);
    if (m > 3) store<f32>(p, <f32>(<f64>(x3 & 0x7fffff) * 1.1920928955078125e-7 * range + lo), 12);
  }
}
