// Shared definitions for the cuda backend's kernels.
//
// Conventions (the TypeScript side, core/backends/cuda, relies on them):
//  - every kernel is `extern "C"` (unmangled PTX entry names) and its signature sits on one line,
//    so scripts/gen_ptx.mjs can read it into the generated TypeScript launch table;
//  - element counts are 32-bit (the host checks n < 2^31) and loops are grid-stride, so any grid
//    size is correct and the host picks one for occupancy;
//  - structs passed by value hold only ints (the host encodes them as Int32Array);
//  - no warp-synchronous tricks: block reductions go through shared memory with __syncthreads,
//    which is also what the CPU emulator (cuda/emu) implements.
#pragma once

#ifdef TF_CUDA_EMU
#include "../emu/emu.h"
#endif

typedef unsigned int u32;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned long long u64;

#define GRID_STRIDE(i, n) for (u32 i = blockIdx.x * blockDim.x + threadIdx.x; i < (u32)(n); i += blockDim.x * gridDim.x)

// Broadcast of up to three operands against an output of `rank` (collapsed) dims. rank 0 means
// "all operands are contiguous with the output's size" (no index arithmetic).
#define MAXB 6
struct Bcast { int rank; int dims[MAXB]; int sa[MAXB]; int sb[MAXB]; int sc[MAXB]; };

__device__ __forceinline__ void bcast_index(const Bcast& b, u32 i, u32& ia, u32& ib, u32& ic) {
  if (b.rank == 0) { ia = ib = ic = i; return; }
  ia = 0; ib = 0; ic = 0;
  for (int d = b.rank - 1; d >= 0; --d) {
    u32 dim = (u32)b.dims[d];
    u32 c = i % dim;
    i /= dim;
    ia += c * (u32)b.sa[d]; ib += c * (u32)b.sb[d]; ic += c * (u32)b.sc[d];
  }
}

// A strided view: element i of an array of shape dims (row-major) sits at offset + sum(c_d * st_d).
// Strides may be negative (reverse, strided slices) or zero (broadcast).
#define MAXR 12
struct Strided { int rank; int offset; int dims[MAXR]; int st[MAXR]; };

__device__ __forceinline__ u32 strided_offset(const Strided& s, u32 i) {
  int off = s.offset;
  for (int d = s.rank - 1; d >= 0; --d) {
    u32 dim = (u32)s.dims[d];
    u32 c = i % dim;
    i /= dim;
    off += (int)c * s.st[d];
  }
  return (u32)off;
}

// Convolution / pooling geometry, channels-last, 3 spatial dims (2-D runs with D = KD = OD = 1).
struct ConvGeom {
  int N, D, H, W, C;
  int KD, KH, KW;
  int OD, OH, OW;
  int SD, SH, SW;
  int DD, DH, DW;
  int PD, PH, PW;
};

// Math wrappers that pick the float or double function (same names on device and in the emulator).
#define MATH1(name, f32fn, f64fn) \
  __device__ __forceinline__ float name(float x) { return f32fn(x); } \
  __device__ __forceinline__ double name(double x) { return f64fn(x); }
MATH1(m_exp, expf, exp)
MATH1(m_expm1, expm1f, expm1)
MATH1(m_log, logf, log)
MATH1(m_log1p, log1pf, log1p)
MATH1(m_sqrt, sqrtf, sqrt)
MATH1(m_sin, sinf, sin)
MATH1(m_cos, cosf, cos)
MATH1(m_tan, tanf, tan)
MATH1(m_asin, asinf, asin)
MATH1(m_acos, acosf, acos)
MATH1(m_atan, atanf, atan)
MATH1(m_sinh, sinhf, sinh)
MATH1(m_cosh, coshf, cosh)
MATH1(m_tanh, tanhf, tanh)
MATH1(m_asinh, asinhf, asinh)
MATH1(m_acosh, acoshf, acosh)
MATH1(m_atanh, atanhf, atanh)
MATH1(m_erf, erff, erf)
MATH1(m_erfc, erfcf, erfc)
MATH1(m_floor, floorf, floor)
MATH1(m_ceil, ceilf, ceil)
MATH1(m_rint, rintf, rint)
MATH1(m_trunc, truncf, trunc)
MATH1(m_fabs, fabsf, fabs)
__device__ __forceinline__ float m_pow(float a, float b) { return powf(a, b); }
__device__ __forceinline__ double m_pow(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float m_fmod(float a, float b) { return fmodf(a, b); }
__device__ __forceinline__ double m_fmod(double a, double b) { return fmod(a, b); }
__device__ __forceinline__ float m_atan2(float a, float b) { return atan2f(a, b); }
__device__ __forceinline__ double m_atan2(double a, double b) { return atan2(a, b); }

template <typename T> __device__ __forceinline__ bool is_nan(T x) { return x != x; }

// Every kernel: unmangled, at most 256 threads a block (the host never launches more).
#define KERNEL extern "C" __global__ void __launch_bounds__(256)
