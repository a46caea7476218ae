// Reductions over [A, R, B] views (the host transposes first when the reduced axes are not one
// contiguous group), arg-reductions, scans.
#include "common.cuh"
#include "opcodes.h"

#define RT 256  // threads per block of the row kernels (the host launches exactly this many)

template <typename T> __device__ __forceinline__ T r_identity(int op);
template <> __device__ __forceinline__ float r_identity<float>(int op) {
  return op == ROP_PROD ? 1.0f : op == ROP_MAX ? -INFINITY : op == ROP_MIN ? INFINITY : 0.0f;
}
template <> __device__ __forceinline__ double r_identity<double>(int op) {
  return op == ROP_PROD ? 1.0 : op == ROP_MAX ? -(double)INFINITY : op == ROP_MIN ? (double)INFINITY : 0.0;
}
template <> __device__ __forceinline__ int r_identity<int>(int op) {
  return op == ROP_PROD ? 1 : op == ROP_MAX ? (-2147483647 - 1) : op == ROP_MIN ? 2147483647 : 0;
}
template <> __device__ __forceinline__ u8 r_identity<u8>(int op) { return op == ROP_ALL ? 1 : 0; }

// NaN propagates through max/min (the cpu backend's rule).
template <typename T> __device__ __forceinline__ T r_combine(int op, T a, T b) {
  switch (op) {
    case ROP_PROD: return a * b;
    case ROP_MAX: return is_nan(a) ? a : is_nan(b) ? b : (a > b ? a : b);
    case ROP_MIN: return is_nan(a) ? a : is_nan(b) ? b : (a < b ? a : b);
    case ROP_ALL: return (a && b) ? T(1) : T(0);
    case ROP_ANY: return (a || b) ? T(1) : T(0);
  }
  return a + b;  // SUM, MEAN, L2
}
__device__ __forceinline__ int r_combine_i32(int op, int a, int b) {
  switch (op) {
    case ROP_PROD: return (int)((u32)a * (u32)b);
    case ROP_MAX: return a > b ? a : b;
    case ROP_MIN: return a < b ? a : b;
  }
  return (int)((u32)a + (u32)b);
}
template <typename T> __device__ __forceinline__ T r_comb(int op, T a, T b) { return r_combine<T>(op, a, b); }
template <> __device__ __forceinline__ int r_comb<int>(int op, int a, int b) { return r_combine_i32(op, a, b); }

template <typename T> __device__ __forceinline__ T r_pre(int op, int flags, T v) {
  return (op == ROP_L2 && (flags & RFLAG_PRE)) ? v * v : v;
}
template <typename T> __device__ __forceinline__ T r_post(int op, int flags, T acc, u32 count) {
  if (!(flags & RFLAG_POST)) return acc;
  if (op == ROP_MEAN) return count == 0 ? T(0) / T(count) : acc / T(count);
  if (op == ROP_L2) return acc / T(2);
  return acc;
}
template <> __device__ __forceinline__ int r_post<int>(int op, int flags, int acc, u32 count) {
  if ((flags & RFLAG_POST) && op == ROP_MEAN) return count == 0 ? 0 : acc / (int)count;
  return acc;
}

// One block per (row, chunk): reduces x[row, chunk*C : (chunk+1)*C) into y[row * gridDim.y + chunk].
template <typename T> __device__ void reduce_rows_impl(int op, int flags, const T* x, T* y, u32 R, u32 chunk, u32 count) {
  __shared__ T sh[RT];
  u32 row = blockIdx.x, c = blockIdx.y;
  u32 r0 = c * chunk, r1 = r0 + chunk < R ? r0 + chunk : R;
  const T* p = x + (u64)row * R;
  T acc = r_identity<T>(op);
  for (u32 r = r0 + threadIdx.x; r < r1; r += RT) acc = r_comb<T>(op, acc, r_pre<T>(op, flags, p[r]));
  sh[threadIdx.x] = acc;
  __syncthreads();
  for (u32 s = RT / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) sh[threadIdx.x] = r_comb<T>(op, sh[threadIdx.x], sh[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) y[(u64)row * gridDim.y + c] = r_post<T>(op, flags, sh[0], count);
}
KERNEL reduce_rows_f32(int op, int flags, const float* x, float* y, u32 R, u32 chunk, u32 count) { reduce_rows_impl<float>(op, flags, x, y, R, chunk, count); }
KERNEL reduce_rows_f64(int op, int flags, const double* x, double* y, u32 R, u32 chunk, u32 count) { reduce_rows_impl<double>(op, flags, x, y, R, chunk, count); }
KERNEL reduce_rows_i32(int op, int flags, const int* x, int* y, u32 R, u32 chunk, u32 count) { reduce_rows_impl<int>(op, flags, x, y, R, chunk, count); }
KERNEL reduce_rows_u8(int op, int flags, const u8* x, u8* y, u32 R, u32 chunk, u32 count) { reduce_rows_impl<u8>(op, flags, x, y, R, chunk, count); }

// One thread per (a, b) of an [A, R, B] view: sequential over R (coalesced across b).
template <typename T> __device__ void reduce_cols_impl(int op, int flags, const T* x, T* y, u32 A, u32 R, u32 B, u32 count) {
  GRID_STRIDE(i, A * B) {
    u32 a = i / B, b = i % B;
    const T* p = x + (u64)a * R * B + b;
    T acc = r_identity<T>(op);
    for (u32 r = 0; r < R; r++) acc = r_comb<T>(op, acc, r_pre<T>(op, flags, p[(u64)r * B]));
    y[i] = r_post<T>(op, flags, acc, count);
  }
}
KERNEL reduce_cols_f32(int op, int flags, const float* x, float* y, u32 A, u32 R, u32 B, u32 count) { reduce_cols_impl<float>(op, flags, x, y, A, R, B, count); }
KERNEL reduce_cols_f64(int op, int flags, const double* x, double* y, u32 A, u32 R, u32 B, u32 count) { reduce_cols_impl<double>(op, flags, x, y, A, R, B, count); }
KERNEL reduce_cols_i32(int op, int flags, const int* x, int* y, u32 A, u32 R, u32 B, u32 count) { reduce_cols_impl<int>(op, flags, x, y, A, R, B, count); }
KERNEL reduce_cols_u8(int op, int flags, const u8* x, u8* y, u32 A, u32 R, u32 B, u32 count) { reduce_cols_impl<u8>(op, flags, x, y, A, R, B, count); }

// ArgMax / ArgMin over R of [A, R, B]: first extreme wins; the first NaN wins (numpy). Output
// int32 or int64 (stored as float64).
template <typename T> __device__ void arg_impl(int is_max, const T* x, void* y, int out64, u32 A, u32 R, u32 B) {
  GRID_STRIDE(i, A * B) {
    u32 a = i / B, b = i % B;
    const T* p = x + (u64)a * R * B + b;
    T best = p[0];
    u32 bi = 0;
    if (!is_nan(best)) {
      for (u32 r = 1; r < R; r++) {
        T v = p[(u64)r * B];
        if (is_nan(v)) { bi = r; break; }
        if (is_max ? v > best : v < best) { best = v; bi = r; }
      }
    }
    if (out64) ((double*)y)[i] = (double)bi; else ((int*)y)[i] = (int)bi;
  }
}
KERNEL arg_reduce_f32(int is_max, const float* x, void* y, int out64, u32 A, u32 R, u32 B) { arg_impl<float>(is_max, x, y, out64, A, R, B); }
KERNEL arg_reduce_f64(int is_max, const double* x, void* y, int out64, u32 A, u32 R, u32 B) { arg_impl<double>(is_max, x, y, out64, A, R, B); }
KERNEL arg_reduce_i32(int is_max, const int* x, void* y, int out64, u32 A, u32 R, u32 B) { arg_impl<int>(is_max, x, y, out64, A, R, B); }

// Cumsum / Cumprod over R of [A, R, B], one thread per (a, b).
template <typename T> __device__ void scan_impl(int prod, int exclusive, int reverse, const T* x, T* y, u32 A, u32 R, u32 B) {
  GRID_STRIDE(i, A * B) {
    u32 a = i / B, b = i % B;
    u64 base = (u64)a * R * B + b;
    T acc = prod ? T(1) : T(0);
    for (u32 s = 0; s < R; s++) {
      u32 r = reverse ? R - 1 - s : s;
      u64 at = base + (u64)r * B;
      T v = x[at];
      if (exclusive) { y[at] = acc; acc = prod ? acc * v : acc + v; }
      else { acc = prod ? acc * v : acc + v; y[at] = acc; }
    }
  }
}
KERNEL scan_f32(int prod, int exclusive, int reverse, const float* x, float* y, u32 A, u32 R, u32 B) { scan_impl<float>(prod, exclusive, reverse, x, y, A, R, B); }
KERNEL scan_f64(int prod, int exclusive, int reverse, const double* x, double* y, u32 A, u32 R, u32 B) { scan_impl<double>(prod, exclusive, reverse, x, y, A, R, B); }
