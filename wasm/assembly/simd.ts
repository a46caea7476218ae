// Small SIMD helpers shared by several kernels.

/**
 * Stores the 4x4 transpose of rows r0..r3 (32-bit lanes) at p: column j (lane j of each row) goes
 * to p + 16j.
 */
// @ts-ignore: decorator
@inline export function storeTranspose4(p: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(p, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(p, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
  v128.store(p, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
  v128.store(p, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
}
