// Uniform random floats (RandomUniform, StatelessRandomUniform): Philox4x32-10, word for word the cpu
// backend's generator (core/backends/cpu/kernels/random.ts) and wasm's (wasm/assembly/random.ts).
// Block b of a stream has counter [b lo, b hi, c2, c3] and key [k0, k1]; ten rounds give four words.
//  - float32: word w becomes (w & 0x7fffff) * 2^-23 * range + lo, computed in float64 (multiply, then
//    add: no fused multiply-add) and rounded to float32 once; value i is word i % 4 of block i / 4.
//  - float64: words (w0, w1) become ((w0 & 0xfffff) * 2^32 + w1) * 2^-52 * range + lo; value i is the
//    pair (2 (i % 2), 2 (i % 2) + 1) of block i / 2.
// One thread per Philox block; the first block is start = bhi:blo, the 64-bit sum carries into bhi.
#include "common.cuh"

struct Philox4 { u32 w0, w1, w2, w3; };

__device__ __forceinline__ Philox4 philox4x32_10(u32 blo, u32 bhi, u32 j, u32 c2, u32 c3, u32 k0, u32 k1) {
  u32 x0 = blo + j;
  u32 x1 = bhi + (x0 < blo ? 1u : 0u);  // carry of the 64-bit block number
  u32 x2 = c2, x3 = c3;
  for (int r = 0; r < 10; r++) {
    u32 lo0 = 0xd2511f53u * x0, hi0 = __umulhi(0xd2511f53u, x0);
    u32 lo1 = 0xcd9e8d57u * x2, hi1 = __umulhi(0xcd9e8d57u, x2);
    x0 = hi1 ^ x1 ^ k0; x1 = lo1;
    x2 = hi0 ^ x3 ^ k1; x3 = lo0;
    k0 += 0x9e3779b9u; k1 += 0xbb67ae85u;
  }
  Philox4 o = {x0, x1, x2, x3};
  return o;
}

// (w & 0x7fffff) * 2^-23 is exact; then * range and + lo, each rounded to nearest.
__device__ __forceinline__ float philox_f32(u32 w, double range, double lo) {
  double u = (double)(w & 0x7fffffu) * 1.1920928955078125e-7;
  return __double2float_rn(__dadd_rn(__dmul_rn(u, range), lo));
}
__device__ __forceinline__ double philox_f64(u32 hi, u32 lo32, double range, double lo) {
  double u = (double)(((u64)(hi & 0xfffffu) << 32) | (u64)lo32) * 2.220446049250313e-16;
  return __dadd_rn(__dmul_rn(u, range), lo);
}

KERNEL philox_uniform_f32(float* y, u32 n, u32 blo, u32 bhi, u32 c2, u32 c3, u32 k0, u32 k1, double range, double lo) {
  u32 nb = n / 4 + ((n & 3) ? 1u : 0u);
  GRID_STRIDE(j, nb) {
    Philox4 w = philox4x32_10(blo, bhi, j, c2, c3, k0, k1);
    u32 i = 4 * j;
    y[i] = philox_f32(w.w0, range, lo);
    if (i + 1 < n) y[i + 1] = philox_f32(w.w1, range, lo);
    if (i + 2 < n) y[i + 2] = philox_f32(w.w2, range, lo);
    if (i + 3 < n) y[i + 3] = philox_f32(w.w3, range, lo);
  }
}

KERNEL philox_uniform_f64(double* y, u32 n, u32 blo, u32 bhi, u32 c2, u32 c3, u32 k0, u32 k1, double range, double lo) {
  u32 nb = n / 2 + (n & 1);
  GRID_STRIDE(j, nb) {
    Philox4 w = philox4x32_10(blo, bhi, j, c2, c3, k0, k1);
    u32 i = 2 * j;
    y[i] = philox_f64(w.w0, w.w1, range, lo);
    if (i + 1 < n) y[i + 1] = philox_f64(w.w2, w.w3, range, lo);
  }
}
